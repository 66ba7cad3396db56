//! The page in a real browser: headless Chromium driven through chromedriver
//! (Debian's `chromium` and `chromium-driver`) over WebDriver, against the
//! real `sitrep serve` on the bundled corpus. Screenshots of every step go to
//! `target/tmp/browser-test/`.
//!
//! Without chromedriver the test is skipped with a loud message, unless
//! SITREP_REQUIRE_BROWSER=1 (as in CI), where that is a failure.

use crate::common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::Server;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const SEED_TITLE: &str = "Mali approaches Russian security, criticizes France";
const XSS_TITLE: &str = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
const MALI: &str = "/Africa/Western Africa/Mali";
/// How long the page may take to show a new state.
const PATIENCE: Duration = Duration::from_secs(20);

/// chromedriver, from CHROMEDRIVER or the PATH.
fn chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMEDRIVER") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

/// The chromium binary next to Debian's chromedriver, if there is one.
fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The bundled corpus plus an article whose title and body are markup, and
/// two reprints of the seed.
fn index_with_markup(dir: &Path) -> PathBuf {
    let extra = dir.join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(
        extra.join("markup.txt"),
        format!(
            " date 2021-09-28 {XSS_TITLE}\n\nZyxwvut <script>window.pwned = 3</script> and <b>bold</b> text.\n\nA second paragraph <iframe src=\"/\"></iframe>.\n"
        ),
    )
    .unwrap();
    // Two reprints of the seed (fixtures: tests/common/reprints.rs).
    let seed = common::reprints::original();
    for (n, outlet) in [(1, "Outlet One"), (2, "Outlet Two")] {
        let copy = common::reprints::reprint(&seed, n, n as i64, outlet);
        common::reprints::write(&extra, &format!("reprint-{n}.txt"), &copy);
    }
    let index = dir.join("idx");
    common::sitrep_at(&index)
        .args(["index", "--quiet"])
        .arg(common::corpus())
        .arg(&extra)
        .assert()
        .success();
    index
}

struct Page {
    client: Client,
    shots: PathBuf,
}

impl Page {
    /// Waits until the page shows what its URL says.
    async fn settled(&self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let done = self
                .client
                .execute(
                    "return document.body.dataset.shown === location.search \
                     && !document.body.classList.contains('loading');",
                    vec![],
                )
                .await
                .expect("script runs");
            if done == Value::Bool(true) {
                // Objects appended where text belongs show up as "[object ...]".
                let junk = self
                    .script("return /\\[object |\\bNaN\\b/.test(document.querySelector('main').innerText + document.getElementById('sidebar').innerText);")
                    .await;
                assert_eq!(
                    junk,
                    Value::Bool(false),
                    "the page shows a JavaScript value as text"
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page never showed its URL's state"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
    }

    async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
        self.settled().await;
    }

    async fn script(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.expect("script runs")
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// The number in `#total` ("16 hits").
    async fn total(&self) -> u64 {
        let text = self.text("#total").await;
        text.split_whitespace()
            .next()
            .and_then(|n| n.replace(',', "").parse().ok())
            .unwrap_or_else(|| panic!("no hit count in `{text}`"))
    }

    /// The number of groups in `#total` ("16 hits in 14 groups").
    async fn groups(&self) -> u64 {
        let text = self.text("#total").await;
        text.split(" in ")
            .nth(1)
            .and_then(|g| g.split_whitespace().next())
            .and_then(|n| n.replace(',', "").parse().ok())
            .unwrap_or_else(|| panic!("no group count in `{text}`"))
    }

    /// Titles of the hits shown.
    async fn titles(&self) -> Vec<String> {
        let titles = self
            .script(
                "return [...document.querySelectorAll('#hits .title')].map(a => a.textContent);",
            )
            .await;
        serde_json::from_value(titles).expect("a list of titles")
    }

    async fn search_param(&self, name: &str) -> Vec<String> {
        let values = self
            .client
            .execute(
                "return new URLSearchParams(location.search).getAll(arguments[0]);",
                vec![json!(name)],
            )
            .await
            .expect("script runs");
        serde_json::from_value(values).expect("strings")
    }

    async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot saved");
        eprintln!("screenshot: {}", path.display());
    }

    async fn not_pwned(&self) {
        assert_eq!(
            self.script("return window.pwned === undefined;").await,
            json!(true)
        );
        let injected = self
            .script("return document.querySelectorAll('main script, main img, main iframe, main b').length;")
            .await;
        assert_eq!(injected, json!(0), "article markup became elements");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_searches_filters_and_opens_articles_in_chromium() {
    let (Some(driver), Some(browser)) = (chromedriver(), chromium()) else {
        let why = "chromedriver or chromium is missing (apt-get install chromium chromium-driver)";
        if std::env::var("SITREP_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("SITREP_REQUIRE_BROWSER=1 but {why}");
        }
        eprintln!("\n*** SKIPPED the browser test: {why} ***\n");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&index_with_markup(dir.path()));
    let port = free_port();
    let _driver = Driver(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = dir.path().join("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let capabilities = json!({
        "goog:chromeOptions": { "binary": browser, "args": args }
    });
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities.as_object().unwrap().clone());
    let webdriver = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match builder.connect(&webdriver).await {
            Ok(client) => break client,
            Err(e) if Instant::now() < deadline => {
                eprintln!("waiting for chromedriver: {e}");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("cannot start chromium through chromedriver: {e}"),
        }
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-test");
    std::fs::create_dir_all(&shots).unwrap();
    let page = Page {
        client: client.clone(),
        shots,
    };
    let base = server.base.clone();
    // The scenario runs as a task so that a failed assertion still ends the
    // browser session (chromium outlives a killed chromedriver otherwise).
    let outcome = tokio::spawn(async move { scenario(&page, &base).await }).await;
    client.close().await.ok();
    if let Err(failed) = outcome {
        std::panic::resume_unwind(failed.into_panic());
    }
}

async fn scenario(page: &Page, base: &str) {
    // The empty query lists everything, with facets and a timeline.
    page.client.goto(&format!("{base}/")).await.unwrap();
    page.settled().await;
    let everything = page.total().await;
    assert!(everything > 100, "{everything}");
    page.find("#regions button.facet[data-path='/Africa']")
        .await;
    page.find("#timeline .bar").await;
    page.shot("01-start").await;

    // `/` focuses the search box; typing and Enter searches.
    let slash = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: '/' })
        .then(KeyAction::Up { value: '/' });
    page.client.perform_actions(slash).await.unwrap();
    assert_eq!(
        page.script("return document.activeElement.id;").await,
        json!("q")
    );
    page.find("#q")
        .await
        .send_keys("wagner\u{E007}")
        .await
        .unwrap();
    page.settled().await;
    assert_eq!(page.search_param("q").await, ["wagner"]);
    let wagner = page.total().await;
    assert!(
        wagner > 0 && wagner < everything,
        "{wagner} of {everything}"
    );
    let marks = page
        .script("return [...document.querySelectorAll('#hits mark')].map(m => m.textContent.toLowerCase());")
        .await;
    assert!(
        marks.as_array().unwrap().contains(&json!("wagner")),
        "{marks}"
    );
    page.shot("02-wagner").await;

    // Paging, by group of reprints: the seed ranks low for `wagner` alone;
    // the second page has it, marked.
    let wagner_groups = page.groups().await;
    assert!(wagner_groups > 10, "{wagner_groups} groups fit one page");
    page.click("#pager .next").await;
    assert_eq!(page.search_param("offset").await, ["10"]);
    assert_eq!(
        page.titles().await.len() as u64,
        (wagner_groups - 10).min(10)
    );
    let page_two = page.text("#pager .page").await;
    assert!(page_two.contains("page 2 of"), "{page_two}");
    page.click("#pager .prev").await;
    assert!(page.search_param("offset").await.is_empty());

    // Africa narrows the count, then Mali (inside Western Africa) again.
    page.click("#regions button.facet[data-path='/Africa']")
        .await;
    let africa = page.total().await;
    assert!(africa < wagner, "Africa {africa} of {wagner}");
    assert_eq!(page.search_param("region").await, ["/Africa"]);
    page.click(
        "#regions li:has(> .row button.facet[data-path='/Africa/Western Africa']) > .row .toggle",
    )
    .await;
    page.click(&format!("#regions button.facet[data-path='{MALI}']"))
        .await;
    let mali = page.total().await;
    assert!(mali <= africa && mali > 0, "Mali {mali} of Africa {africa}");
    assert_eq!(page.search_param("region").await, [MALI]);
    let filters = page.text("#filters").await;
    assert_eq!(
        filters.split_whitespace().collect::<Vec<_>>(),
        ["filters:", "region", "Mali", "×"]
    );
    assert!(page.titles().await.contains(&SEED_TITLE.to_string()));
    let seed_marks = page
        .client
        .execute(
            "const hit = [...document.querySelectorAll('#hits .hit')] \
               .find(h => h.querySelector('.title').textContent === arguments[0]); \
             return [...hit.querySelectorAll('.snippet mark')].map(m => m.textContent);",
            vec![json!(SEED_TITLE)],
        )
        .await
        .unwrap();
    assert!(
        seed_marks.as_array().unwrap().contains(&json!("Wagner")),
        "{seed_marks}"
    );
    page.shot("03-mali").await;

    // A timeline bar filters to its month.
    page.click("#timeline .bar[data-month='2021-09']").await;
    assert_eq!(page.search_param("from").await, ["2021-09"]);
    assert_eq!(page.search_param("to").await, ["2021-09"]);
    let month = page.total().await;
    assert!(month <= mali && month > 0, "{month} in 2021-09 of {mali}");
    assert!(page.titles().await.contains(&SEED_TITLE.to_string()));
    page.find("#timeline .bar.selected[data-month='2021-09']")
        .await;
    page.shot("04-month").await;

    // The article view.
    page.click("#hits .title[data-id$='000_fb48966184d411e3.txt']")
        .await;
    assert_eq!(page.text("#article h1").await, SEED_TITLE);
    let paragraphs = page
        .script("return document.querySelectorAll('#article p').length;")
        .await;
    assert!(paragraphs.as_u64().unwrap() > 5, "{paragraphs}");
    assert!(page.text("#article").await.contains("Wagner"));
    assert_eq!(
        page.script("return document.getElementById('hits').hidden;")
            .await,
        json!(true)
    );
    page.shot("05-article").await;

    // Back and forward walk the history; a bookmarked URL shows the same view.
    page.client.back().await.unwrap();
    page.settled().await;
    assert_eq!(
        page.script("return document.getElementById('article').hidden;")
            .await,
        json!(true)
    );
    assert_eq!(page.total().await, month);
    page.client.back().await.unwrap();
    page.settled().await;
    assert_eq!(page.total().await, mali);
    page.client.forward().await.unwrap();
    page.settled().await;
    assert_eq!(page.total().await, month);
    let bookmark = page.client.current_url().await.unwrap();
    page.client.goto(&format!("{base}/")).await.unwrap();
    page.settled().await;
    page.client.goto(bookmark.as_str()).await.unwrap();
    page.settled().await;
    assert_eq!(page.total().await, month);
    assert_eq!(
        page.script("return document.getElementById('q').value;")
            .await,
        json!("wagner")
    );

    // Markup in an article is shown as text, in the hit list and the article.
    page.client
        .goto(&format!("{base}/?q=zyxwvut"))
        .await
        .unwrap();
    page.settled().await;
    assert_eq!(page.titles().await, [XSS_TITLE]);
    assert!(page
        .text("#hits .snippet")
        .await
        .contains("<script>window.pwned = 3</script>"));
    page.not_pwned().await;
    page.click("#hits .title").await;
    assert_eq!(page.text("#article h1").await, XSS_TITLE);
    assert!(page
        .text("#article")
        .await
        .contains("<iframe src=\"/\"></iframe>"));
    page.not_pwned().await;
    page.shot("06-markup-as-text").await;

    // Events and casualties: the event tree filters, the form takes a least
    // number killed and the order, hits show what they report, and the
    // timeline switches to deaths per month.
    page.client
        .goto(&format!("{base}/?q=attack"))
        .await
        .unwrap();
    page.settled().await;
    let attack = page.total().await;
    page.click("#events button.facet[data-path='/Violence against civilians']")
        .await;
    assert_eq!(
        page.search_param("event").await,
        ["/Violence against civilians"]
    );
    let civilians = page.total().await;
    assert!(
        civilians < attack && civilians > 10,
        "{civilians} of {attack}"
    );
    page.find("#killed_min")
        .await
        .send_keys("10")
        .await
        .unwrap();
    page.script(
        "const sort = document.getElementById('sort'); sort.value = 'killed'; \
         sort.dispatchEvent(new Event('change'));",
    )
    .await;
    page.settled().await;
    assert_eq!(page.search_param("killed_min").await, ["10"]);
    assert_eq!(page.search_param("sort").await, ["killed"]);
    let killed = page
        .script(
            "return [...document.querySelectorAll('#hits .casualty.killed')] \
               .map(k => parseInt(k.textContent.replace(/,/g, '').split(' ')[1], 10));",
        )
        .await;
    let killed: Vec<u64> = serde_json::from_value(killed).unwrap();
    assert_eq!(killed.len(), page.titles().await.len());
    assert!(killed.iter().all(|&k| k >= 10), "{killed:?}");
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
    assert!(page.text("#killed").await.contains("killed reported"));
    let chips = page
        .script("return [...document.querySelectorAll('#hits .chip.event')].length;")
        .await;
    assert!(chips.as_u64().unwrap() >= killed.len() as u64, "{chips}");
    page.click("#measure-killed").await;
    assert_eq!(page.search_param("measure").await, ["killed"]);
    assert_eq!(
        page.script("return document.getElementById('timeline-title').textContent;")
            .await,
        json!("Killed per month")
    );
    let tallest = page
        .script(
            "const bars = [...document.querySelectorAll('#timeline .bar')]; \
             const most = Math.max(...bars.map(b => +b.dataset.killed)); \
             return bars.find(b => +b.dataset.killed === most).firstChild.style.height;",
        )
        .await;
    assert_eq!(tallest, json!("100%"));
    page.shot("07-killed-per-month").await;
    page.click("#hits .title").await;
    let counts = page.text("#article .counts").await;
    assert!(counts.contains("killed"), "{counts}");
    page.shot("08-article-counts").await;

    // Stories: collapsed by default into the earliest (the seed's story is
    // it and its two reprints), "+2 similar" expands in place to the others,
    // one toggle shows every report, the other collapses reprints only.
    page.client
        .goto(&format!("{base}/?q=lavrov+wagner"))
        .await
        .unwrap();
    page.settled().await;
    let (hits, groups) = (page.total().await, page.groups().await);
    assert_eq!(hits, groups + 2, "{}", page.text("#total").await);
    let collapsed = page.titles().await;
    assert!(collapsed.contains(&SEED_TITLE.to_string()), "{collapsed:?}");
    let similar = page.text("#hits .group .similar").await;
    assert!(similar.starts_with("+2 similar: Outlet"), "{similar}");
    let hidden = "return document.querySelector('#hits .group .others').hidden;";
    assert_eq!(page.script(hidden).await, json!(true));
    page.click("#hits .group .similar").await;
    assert_eq!(page.script(hidden).await, json!(false));
    let others = page
        .script("return [...document.querySelectorAll('#hits .group .others a')].map(a => a.textContent);")
        .await;
    assert_eq!(others.as_array().unwrap().len(), 2, "{others}");
    page.shot("09-reprints-expanded").await;
    page.click("#collapse").await;
    assert_eq!(page.search_param("copies").await, ["all"]);
    assert_eq!(page.total().await, hits);
    let all = page.titles().await;
    assert_eq!(all.len(), collapsed.len() + 2, "{all:?}");
    assert!(page
        .script("return document.querySelectorAll('#hits .group').length;")
        .await
        .as_u64()
        .is_some_and(|n| n == 0));
    page.click("#collapse").await;
    assert!(page.search_param("copies").await.is_empty());
    page.click("#grouping").await;
    assert_eq!(page.search_param("group").await, ["copies"]);
    assert_eq!(page.groups().await, groups);
    let similar = page.text("#hits .group .similar").await;
    assert!(similar.starts_with("+2 similar: Outlet"), "{similar}");
    page.click("#grouping").await;
    assert!(page.search_param("group").await.is_empty());

    // A bad query is explained, not a broken page.
    page.client
        .goto(&format!("{base}/?q=%22wagner"))
        .await
        .unwrap();
    page.settled().await;
    let error = page.text("#error").await;
    assert!(
        error.contains("column") && error.contains("\"q\""),
        "{error}"
    );
    page.shot("09-bad-query").await;

    // The timeline caps the months /api/trends flags for the search shown.
    page.client
        .goto(&format!("{base}/?region=mali"))
        .await
        .unwrap();
    page.settled().await;
    let marked = page
        .script(
            "return [...document.querySelectorAll('#timeline .bar.flagged')] \
               .map(b => b.dataset.month + ' ' + b.dataset.level);",
        )
        .await;
    let flagged = page
        .script(
            "return fetch('/api/trends?region=mali&by=month&top=0').then(r => r.json()) \
               .then(t => t.series[0].points.filter(p => p.level !== 'none') \
               .map(p => p.period + ' ' + p.level));",
        )
        .await;
    assert!(!marked.as_array().unwrap().is_empty(), "{flagged}");
    assert_eq!(marked, flagged);
    page.shot("10-flagged-months").await;

    // The page saves the search it shows as a watch, lists it with its
    // feed, and a click on it shows its search again.
    page.find("#watches li.empty").await;
    page.find("#watch-name")
        .await
        .send_keys("mali-watch")
        .await
        .unwrap();
    page.click("#watch-form button").await;
    let feed = page
        .find("#watches li[data-name='mali-watch'] a.feed")
        .await;
    assert_eq!(
        feed.attr("href").await.unwrap().as_deref(),
        Some("/feeds/mali-watch.atom")
    );
    let status = page
        .script("return fetch('/feeds/mali-watch.atom').then(r => r.status);")
        .await;
    assert_eq!(status, json!(200));
    page.shot("11-watch-saved").await;
    page.client
        .goto(&format!("{base}/?q=wagner"))
        .await
        .unwrap();
    page.settled().await;
    page.click("#watches li[data-name='mali-watch'] button")
        .await;
    page.settled().await;
    assert_eq!(page.search_param("region").await, ["mali"]);
    assert!(page.search_param("q").await.is_empty());

    divisions_and_map(page, base).await;
}

const SYRIA: &str = "/Asia/Western Asia/Syria";

/// The region tree goes down to the divisions; the map shades the countries
/// with hits, a click on one filters by it and shows its divisions as dots,
/// a click on a dot filters by the division; nothing is fetched from
/// elsewhere.
async fn divisions_and_map(page: &Page, base: &str) {
    page.client.goto(&format!("{base}/")).await.unwrap();
    page.settled().await;
    let everything = page.total().await;
    // Countries with hits are drawn shaded, each with its count.
    page.find("#map path.country.hit[data-iso='SYR']").await;
    let shaded = page
        .script("return document.querySelectorAll('#map path.country.hit').length;")
        .await;
    assert!(shaded.as_u64().unwrap() > 30, "{shaded} countries shaded");
    let drawn = page
        .script("return document.querySelectorAll('#map path.country').length;")
        .await;
    assert!(drawn.as_u64().unwrap() > 170, "{drawn} outlines");
    let syria_count = page
        .script(
            "return Number(document.querySelector(\"#map path[data-iso='SYR']\").dataset.count);",
        )
        .await;
    page.shot("12-map").await;

    // A click on Syria filters by it, as the region tree does.
    page.click("#map path.country.hit[data-iso='SYR']").await;
    assert_eq!(page.search_param("region").await, [SYRIA]);
    let syria = page.total().await;
    // The page collapses by story, so its facets and map count stories.
    assert_eq!(json!(page.groups().await), syria_count);
    assert!(syria > 0 && syria < everything, "{syria} of {everything}");
    // The tree shows Syria's divisions under it, and the map as dots.
    page.find(&format!("#regions button.facet[data-path^='{SYRIA}/']"))
        .await;
    page.find("#map circle.division").await;
    let dots = page
        .script("return [...document.querySelectorAll('#map circle.division')].map(c => c.dataset.path);")
        .await;
    let dots: Vec<String> = serde_json::from_value(dots).unwrap();
    assert!(dots.len() >= 3, "{dots:?}");
    assert!(
        dots.iter().all(|d| d.starts_with(&format!("{SYRIA}/"))),
        "{dots:?}"
    );
    page.shot("13-map-syria").await;

    // A click on the topmost dot filters by its division.
    let dot = page.find("#map circle.division:last-of-type").await;
    let division = dot.attr("data-path").await.unwrap().expect("a path");
    dot.click().await.expect("the dot takes a click");
    page.settled().await;
    assert_eq!(
        page.search_param("region").await,
        std::slice::from_ref(&division)
    );
    let narrowed = page.total().await;
    assert!(narrowed > 0 && narrowed <= syria, "{narrowed} of {syria}");
    page.find(&format!(
        "#regions li.selected button.facet[data-path='{division}']"
    ))
    .await;
    page.find("#map circle.division.selected").await;
    page.shot("14-map-division").await;

    // A division in the tree filters too.
    page.client
        .goto(&format!("{base}/?region={}", common::server::encode(SYRIA)))
        .await
        .unwrap();
    page.settled().await;
    let in_tree = page
        .find(&format!("#regions button.facet[data-path^='{SYRIA}/']"))
        .await;
    let path = in_tree.attr("data-path").await.unwrap().expect("a path");
    in_tree.click().await.unwrap();
    page.settled().await;
    assert_eq!(page.search_param("region").await, [path]);
    assert!(page.total().await <= syria);

    // Everything the page loaded came from the server itself.
    let foreign = page
        .script(
            "return performance.getEntriesByType('resource').map(e => e.name) \
               .filter(u => !u.startsWith(location.origin + '/'));",
        )
        .await;
    assert_eq!(foreign, json!([]));
}

//! Builds sitrep's bundled corpus from the real data in `shared/data`.
//!
//! Five sources are converted (nothing is invented; every document is source text):
//!
//! * `wikinews-2019-2020/wikinews_{2019,2020}.csv` (CC BY 2.5): every article except test pages
//!   becomes `<out>/wikinews/YYYY-MM-DD-<slug>.txt` in sitrep's plain-text article format
//!   (` date YYYY-MM-DD <title>`, blank, `Wikinews`, blank, paragraphs separated by one blank
//!   line). `<out>/wikinews/URLS.tsv` maps each file to its article URL and to the
//!   conflict flag of the keyword rule in [`is_conflict_article`].
//! * `wikipedia-current-events/current-events-2002-2026.tar.gz` (CC BY-SA 4.0): conflict
//!   event sentences of 2015..=2025 become `<out>/current-events/YYYY.jsonl`, one JSON object
//!   per line (`id`, `date`, `title`, `topic` when certain, `body`, `source`, `url`), at most
//!   [`MAX_ITEMS_PER_YEAR`] per year, sampled evenly by stride.
//! * Reports in other languages (issue 23), as JSON Lines in `<out>/multilingual/`:
//!   `fr-wikinews.jsonl`, the conflict articles of French Wikinews 2016-2018
//!   (`frwikinews-winer-2016-2018`, CC BY 2.5) by the keyword rule of [`is_conflict_fr`];
//!   `ru-wikinews.jsonl`, the conflict articles of the Russian Wikinews texts of NEREL
//!   (`ruwikinews-nerel-texts`, CC BY 2.5) that state their day ([`is_conflict_ru`],
//!   [`russian_date`]); `uk-addresses.jsonl`, every Ukrainian address or briefing of
//!   `ua-war-addresses-2022-resistinua` (CC0; texts CC BY 4.0, Office of the President of
//!   Ukraine) with a text of its own, not only a title. The French and Russian records carry
//!   no language (sitrep detects it); the Ukrainian ones keep the source's `lang`.
//!
//! With `--benchmark`, it writes issue 4's real-corpus benchmark instead (see [`build_benchmark`]):
//! every cited event sentence of Current Events, 2002-2026, as `<out>/current-events-YYYY.jsonl`,
//! and the 10,760 speeches of the UN General Debate corpus (`un-general-debates`, CC0) as
//! `<out>/un-debates-YYYY.jsonl`.
//!
//! Only `<out>/wikinews/`, `<out>/current-events/` and `<out>/multilingual/` are deleted and
//! rewritten; any other file
//! in `<out>` (the seed article, `SOURCES.md`) is left alone. The output is deterministic.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --release --example build_corpus -- ../shared/data corpus
//! cargo run --release --example build_corpus -- --benchmark ../shared/data target/real-corpus
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[path = "common/current_events.rs"]
#[allow(dead_code)] // shared with eval_ranking, which reads other parts of it
mod current_events;

use current_events::{
    is_conflict_heading, is_iso_date, matched_keywords, read_archive, tidy, words, Event, ARCHIVE,
    ARMED_CONFLICT_CATEGORIES,
};

/// First and last year of Current Events items to convert.
const YEARS: std::ops::RangeInclusive<u32> = 2015..=2025;
/// Cap on Current Events items per year (11 years x 500 = at most 5,500 items).
const MAX_ITEMS_PER_YEAR: usize = 500;
/// Title prefix of Wikinews test pages (not news; skipped).
const TEST_PAGE_PREFIX: &str = "TEST PAGE:";
/// Longest file-name slug for a Wikinews article.
const MAX_SLUG_LEN: usize = 60;
/// Longest title cut from a sentence (at a word boundary) for an event without a heading of its own.
const MAX_CLAUSE_TITLE_LEN: usize = 100;
/// Fewest words of a first clause used as a title: a shorter one (`In Syria,`) runs on to the next
/// boundary.
const MIN_CLAUSE_TITLE_WORDS: usize = 4;
/// Category of the years whose headings were lost by the scraper.
const UNCATEGORIZED: &str = "Uncategorized";
/// Words (whole-word, case-insensitive) that flag a Wikinews article as conflict-related when
/// they occur in its title, besides every [`BODY_KEYWORDS`] word. `killed`/`kills` are left out:
/// they mostly head accident reports.
const TITLE_ONLY_KEYWORDS: [&str; 9] = [
    "troop",
    "attacked",
    "protest",
    "protests",
    "protesters",
    "shooting",
    "gunman",
    "riot",
    "riots",
];
/// Words that flag a Wikinews article when [`MIN_BODY_KEYWORDS`] distinct ones occur in its body.
const BODY_KEYWORDS: [&str; 33] = [
    "war",
    "wars",
    "military",
    "militants",
    "militant",
    "militia",
    "militias",
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "bomb",
    "bombs",
    "troops",
    "soldiers",
    "army",
    "insurgency",
    "insurgents",
    "rebels",
    "rebel",
    "coup",
    "terrorism",
    "terrorist",
    "terrorists",
    "airstrike",
    "airstrikes",
    "missile",
    "missiles",
    "ceasefire",
    "sanctions",
    "crackdown",
    "gunmen",
    "clashes",
];
/// Distinct body keywords needed to flag an article whose title has none.
const MIN_BODY_KEYWORDS: usize = 3;

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn main() -> Result<()> {
    let (benchmark, data_dir, out_dir) = parse_args()?;
    if benchmark {
        fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
        return build_benchmark(&data_dir, &out_dir);
    }
    ensure!(
        out_dir.is_dir(),
        "output directory {} does not exist",
        out_dir.display()
    );
    let articles = build_wikinews(&data_dir, &out_dir)?;
    let per_year = build_current_events(&data_dir, &out_dir)?;
    print_summary(&articles, &per_year);
    for (file, written, read) in build_multilingual(&data_dir, &out_dir)? {
        println!("multilingual/{file}: {written} of {read} records");
    }
    Ok(())
}

/// Reads `[--benchmark] <data-dir> <out-dir>` from the command line.
fn parse_args() -> Result<(bool, PathBuf, PathBuf)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, data, out] if flag == "--benchmark" => {
            Ok((true, PathBuf::from(data), PathBuf::from(out)))
        }
        [data, out] => Ok((false, PathBuf::from(data), PathBuf::from(out))),
        _ => bail!(
            "usage: build_corpus [--benchmark] <data-dir> <out-dir>  (e.g. ../shared/data corpus)"
        ),
    }
}

/// Deletes and recreates `<out>/<name>`, returning its path.
fn fresh_dir(out_dir: &Path, name: &str) -> Result<PathBuf> {
    let dir = out_dir.join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

fn print_summary(articles: &[WrittenArticle], per_year: &BTreeMap<u32, YearCount>) {
    let conflict = articles.iter().filter(|a| a.conflict).count();
    println!(
        "wikinews: {} articles ({} conflict-related by keyword rule)",
        articles.len(),
        conflict
    );
    let mut total = 0;
    for (year, count) in per_year {
        println!(
            "current-events {year}: {} written of {} candidates",
            count.written, count.candidates
        );
        total += count.written;
    }
    println!("current-events total: {total}");
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Wikinews
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct WikinewsRow {
    url: String,
    date: String,
    title: String,
    text: String,
}

struct WrittenArticle {
    file: String,
    url: String,
    conflict: bool,
}

/// Converts all Wikinews articles except test pages and writes `URLS.tsv`.
fn build_wikinews(data_dir: &Path, out_dir: &Path) -> Result<Vec<WrittenArticle>> {
    let src = data_dir.join("wikinews-2019-2020");
    let mut rows = read_wikinews_csv(&src.join("wikinews_2019.csv"))?;
    rows.extend(read_wikinews_csv(&src.join("wikinews_2020.csv"))?);
    rows.retain(|row| !row.title.starts_with(TEST_PAGE_PREFIX));
    rows.sort_by(|a, b| (&a.date, &a.title).cmp(&(&b.date, &b.title)));

    let dir = fresh_dir(out_dir, "wikinews")?;
    let mut used = HashSet::new();
    let mut written = Vec::with_capacity(rows.len());
    for row in &rows {
        let article = write_article(&dir, row, &mut used)
            .with_context(|| format!("converting Wikinews article {}", row.url))?;
        written.push(article);
    }
    written.sort_by(|a, b| a.file.cmp(&b.file));
    write_urls_tsv(&dir.join("URLS.tsv"), &written)?;
    Ok(written)
}

fn read_wikinews_csv(path: &Path) -> Result<Vec<WikinewsRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("{} record {}", path.display(), i + 1)))
        .collect()
}

/// Writes one article file and returns its name, URL and conflict flag.
fn write_article(
    dir: &Path,
    row: &WikinewsRow,
    used: &mut HashSet<String>,
) -> Result<WrittenArticle> {
    ensure!(is_iso_date(&row.date), "bad date {:?}", row.date);
    let title = tidy(&row.title);
    ensure!(!title.is_empty(), "empty title");
    let paragraphs = article_paragraphs(&row.text);
    ensure!(!paragraphs.is_empty(), "empty body");

    let file = unique_file_name(&row.date, &title, used);
    let text = render_article(&row.date, &title, &paragraphs);
    let path = dir.join(&file);
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(WrittenArticle {
        file,
        url: row.url.replacen(".org//wiki/", ".org/wiki/", 1),
        conflict: is_conflict_article(&title, &paragraphs),
    })
}

/// The article in sitrep's plain-text format.
fn render_article(date: &str, title: &str, paragraphs: &[String]) -> String {
    let mut out = format!(" date {date} {title}\n\nWikinews\n");
    for paragraph in paragraphs {
        let _ = write!(out, "\n{paragraph}\n");
    }
    out
}

/// Body paragraphs: every non-blank line, whitespace tidied, without the leading
/// "Friday, January 4, 2019" day line (and any review banner above it), without image
/// credit lines and without trailing "Sources"/"Related news"/"External links" sections.
fn article_paragraphs(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(tidy).filter(|l| !l.is_empty()).collect();
    if let Some(i) = lines.iter().take(6).position(|l| is_day_line(l)) {
        lines.drain(..=i);
    }
    if let Some(i) = lines.iter().position(|l| is_trailer_heading(l)) {
        lines.truncate(i);
    }
    lines.retain(|l| !l.starts_with("Image: "));
    lines
}

/// True for a Wikinews day line such as `Friday, January 4, 2019`.
fn is_day_line(line: &str) -> bool {
    let Some((weekday, rest)) = line.split_once(", ") else {
        return false;
    };
    let parts: Vec<&str> = rest.split(' ').collect();
    let [month, day, year] = parts.as_slice() else {
        return false;
    };
    let day = day.strip_suffix(',').unwrap_or("");
    WEEKDAYS.contains(&weekday)
        && MONTHS.contains(month)
        && (1..=2).contains(&day.len())
        && day.bytes().all(|b| b.is_ascii_digit())
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
}

fn is_trailer_heading(line: &str) -> bool {
    matches!(
        line,
        "Sources" | "Related news" | "External links" | "Sister links"
    )
}

/// Keyword rule: a title keyword, or at least [`MIN_BODY_KEYWORDS`] distinct body keywords.
fn is_conflict_article(title: &str, paragraphs: &[String]) -> bool {
    if !matched_keywords(title, &BODY_KEYWORDS).is_empty()
        || !matched_keywords(title, &TITLE_ONLY_KEYWORDS).is_empty()
    {
        return true;
    }
    let body = paragraphs.join(" ");
    matched_keywords(&body, &BODY_KEYWORDS).len() >= MIN_BODY_KEYWORDS
}

/// `YYYY-MM-DD-<slug>.txt`, with `-2`, `-3`, ... appended on a collision.
fn unique_file_name(date: &str, title: &str, used: &mut HashSet<String>) -> String {
    let base = slug(title, MAX_SLUG_LEN);
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.clone()
        } else {
            let suffix = format!("-{n}");
            format!("{}{suffix}", slug(&base, MAX_SLUG_LEN - suffix.len()))
        };
        let name = format!("{date}-{candidate}.txt");
        if used.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

/// Lowercase ASCII slug: accents stripped, apostrophes dropped, other runs of
/// non-alphanumerics turned into one dash, cut at a dash to at most `max_len` bytes.
fn slug(title: &str, max_len: usize) -> String {
    let mut out = String::new();
    for c in title.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if is_slug_separator(c) && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let slug = truncate_at_dash(out, max_len);
    if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug.to_string()
    }
}

/// Characters that become a dash: ASCII non-alphanumerics except apostrophes, and non-ASCII
/// spaces and punctuation. Other non-ASCII letters and combining marks are dropped.
fn is_slug_separator(c: char) -> bool {
    !matches!(c, '\'' | '’') && !is_mark(c) && (c.is_ascii() || !c.is_alphanumeric())
}

/// Combining marks left by NFD decomposition (dropped so that `é` becomes `e`).
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The longest prefix of the ASCII slug `s` of at most `max_len` bytes ending before a dash.
fn truncate_at_dash(s: &str, max_len: usize) -> &str {
    if s.len() <= max_len {
        return s;
    }
    let cut = &s[..max_len];
    match cut.rfind('-') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut,
    }
}

fn write_urls_tsv(path: &Path, articles: &[WrittenArticle]) -> Result<()> {
    let mut out = String::from("file\turl\tconflict\n");
    for a in articles {
        let flag = if a.conflict { "yes" } else { "no" };
        let _ = writeln!(out, "{}\t{}\t{flag}", a.file, a.url);
    }
    fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Wikipedia Current Events
// ---------------------------------------------------------------------------------------------

/// One output line of `current-events/YYYY.jsonl`.
#[derive(Debug, Serialize)]
struct EventItem {
    id: String,
    date: String,
    title: String,
    /// The topic headings the sentence certainly belongs to, outermost first, joined by ` › `;
    /// empty when none is certain.
    #[serde(skip_serializing_if = "String::is_empty")]
    topic: String,
    body: String,
    source: String,
    url: String,
}

#[derive(Debug, Default)]
struct YearCount {
    candidates: usize,
    written: usize,
}

/// Selects, samples and writes the Current Events items; returns counts per year.
fn build_current_events(data_dir: &Path, out_dir: &Path) -> Result<BTreeMap<u32, YearCount>> {
    let mut by_year = read_candidates(&data_dir.join(ARCHIVE), Selection::Conflict)?;
    let dir = fresh_dir(out_dir, "current-events")?;
    let mut counts = BTreeMap::new();
    for year in YEARS {
        let mut items = by_year.remove(&year).unwrap_or_default();
        items.sort_by(|a, b| a.id.cmp(&b.id));
        let sample = stride_sample(&items, MAX_ITEMS_PER_YEAR);
        write_jsonl(&dir.join(format!("{year}.jsonl")), &sample)?;
        let count = YearCount {
            candidates: items.len(),
            written: sample.len(),
        };
        counts.insert(year, count);
    }
    Ok(counts)
}

/// Which Current Events items to convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selection {
    /// Conflict items of [`YEARS`] (the bundled corpus).
    Conflict,
    /// Every cited event sentence of every year (the real-corpus benchmark).
    All,
}

/// Every event sentence `selection` takes, grouped by year.
fn read_candidates(archive: &Path, selection: Selection) -> Result<BTreeMap<u32, Vec<EventItem>>> {
    let mut by_year: BTreeMap<u32, Vec<EventItem>> = BTreeMap::new();
    read_archive(
        archive,
        |year| selection == Selection::All || YEARS.contains(&year),
        |year, events| {
            let items = events
                .into_iter()
                .filter(|e| selection == Selection::All || is_selected(&e.category, &e.heading_run))
                .map(event_item);
            by_year.entry(year).or_default().extend(items);
        },
    )?;
    Ok(by_year)
}

/// The corpus item of an event: titled by its innermost certain heading, else by its first
/// clause; the certain headings are its `topic`.
fn event_item(event: Event) -> EventItem {
    let title = match event.topics.last() {
        Some(heading) => heading.clone(),
        None => first_clause(&event.text),
    };
    EventItem {
        id: event.id,
        date: event.date,
        title,
        topic: event.topics.join(" › "),
        body: event.text,
        source: event.sources.join("; "),
        url: event.url,
    }
}

/// Armed-conflict category: always; `Uncategorized`: when a heading of the run names a
/// conflict; other categories: never.
fn is_selected(category: &str, heading_run: &[String]) -> bool {
    if ARMED_CONFLICT_CATEGORIES.contains(&category) {
        return true;
    }
    category == UNCATEGORIZED && heading_run.iter().any(|h| is_conflict_heading(h))
}

/// The sentence up to its first clause boundary (`, ` `; ` `: ` ` – ` ` — ` ` (` or a full stop
/// after a word) that leaves at least [`MIN_CLAUSE_TITLE_WORDS`] words, without the final stop;
/// cut at a space to at most [`MAX_CLAUSE_TITLE_LEN`] bytes, with `…`, when longer.
fn first_clause(sentence: &str) -> String {
    const BOUNDARIES: [&str; 6] = [", ", "; ", ": ", " – ", " — ", " ("];
    let mut end = sentence.len();
    let mut from = 0;
    while let Some(at) = next_boundary(&sentence[from..], &BOUNDARIES) {
        let cut = from + at;
        if sentence[..cut].split_whitespace().count() >= MIN_CLAUSE_TITLE_WORDS {
            end = cut;
            break;
        }
        from = cut + 1;
    }
    let clause = sentence[..end].trim_end_matches(['.', ',', ';', ':', ' ']);
    if clause.len() <= MAX_CLAUSE_TITLE_LEN {
        return clause.to_string();
    }
    let mut cut = MAX_CLAUSE_TITLE_LEN;
    while !clause.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = &clause[..cut];
    let words = prefix.rfind(' ').map_or(prefix, |i| &prefix[..i]);
    format!("{}…", words.trim_end_matches([',', ';', ':']))
}

/// The byte offset of the first clause boundary in `text`: one of `boundaries`, or a full stop
/// and a space after a lower-case word of three letters or more (not `U.S.` or `Gen.`).
fn next_boundary(text: &str, boundaries: &[&str]) -> Option<usize> {
    let marked = boundaries.iter().filter_map(|b| text.find(b)).min();
    let stop = text.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        word.chars().count() >= 3 && word.chars().all(|c| c.is_lowercase())
    });
    match (marked, stop) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// At most `max` items spread evenly over `items` (item `floor(i * n / max)` for each `i`).
fn stride_sample(items: &[EventItem], max: usize) -> Vec<&EventItem> {
    let n = items.len();
    if n <= max {
        return items.iter().collect();
    }
    (0..max).map(|i| &items[i * n / max]).collect()
}

fn write_jsonl<T: Serialize>(path: &Path, items: &[&T]) -> Result<()> {
    let mut out = String::new();
    for item in items {
        out.push_str(&serde_json::to_string(item).context("serializing item")?);
        out.push('\n');
    }
    fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Reports in French, Russian and Ukrainian (issue 23)
// ---------------------------------------------------------------------------------------------

/// Word forms (whole words, lower case) that flag a French Wikinews article as conflict news
/// when one is in its title, or [`MIN_BODY_KEYWORDS`] distinct ones in its body: the
/// French counterparts of [`BODY_KEYWORDS`], each in the forms the language inflects it to
/// (gender and number). `attaquant`, `combat`, `otage` and `coup` are left out: they head
/// sports and crime news (`coup de feu`, `coup franc`).
const FRENCH_KEYWORDS: [&str; 51] = [
    "guerre",
    "guerres",
    "militaire",
    "militaires",
    "armée",
    "armées",
    "attentat",
    "attentats",
    "attaque",
    "attaques",
    "terroriste",
    "terroristes",
    "terrorisme",
    "rebelle",
    "rebelles",
    "djihadiste",
    "djihadistes",
    "jihadiste",
    "jihadistes",
    "islamiste",
    "islamistes",
    "bombardement",
    "bombardements",
    "bombe",
    "bombes",
    "frappe",
    "frappes",
    "missile",
    "missiles",
    "soldat",
    "soldats",
    "troupes",
    "milice",
    "milices",
    "miliciens",
    "insurgés",
    "insurrection",
    "combats",
    "combattants",
    "affrontements",
    "cessez",
    "sanctions",
    "daech",
    "daesh",
    "kamikaze",
    "putsch",
    "massacre",
    "offensive",
    "belligérants",
    "conflit",
    "armé",
];

/// Word beginnings (lower case) that flag a Russian Wikinews article as conflict news, by the
/// same rule as [`FRENCH_KEYWORDS`]: Russian inflects a noun into six cases, so a stem stands for
/// all its forms (`войн` = война, войны, войне, войной). Stems that begin common unrelated
/// words are left out (`ракет` also begins ракетка, a racket; `удар`, a blow of any kind).
const RUSSIAN_STEMS: [&str; 24] = [
    "войн",
    "военн",
    "воен",
    "арми",
    "теракт",
    "террорис",
    "боевик",
    "боев",
    "обстрел",
    "взрыв",
    "бомб",
    "авиаудар",
    "игил",
    "солдат",
    "военнослужащ",
    "ополчен",
    "сепаратист",
    "вооружённ",
    "вооруженн",
    "оккупац",
    "повстан",
    "боеприпас",
    "перемири",
    "санкци",
];

/// Russian month names in the genitive, as a date writes them (`5 июня 2016 года`).
const RUSSIAN_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// How far into a Russian text its date is looked for, in characters: further down, a date
/// is one the story mentions, not the day it reports.
const RUSSIAN_DATE_CHARS: usize = 1500;

/// Credit of the Ukrainian addresses, as their licence asks.
const UKRAINIAN_SOURCE: &str = "Office of the President of Ukraine, president.gov.ua";

/// One record of `multilingual/*.jsonl`.
#[derive(Debug, Serialize)]
struct ForeignReport {
    id: String,
    date: String,
    title: String,
    body: String,
    source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    url: String,
    /// The language, only where the source states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
struct WinerDoc {
    date: String,
    url: String,
    title: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct NerelDoc {
    doc: String,
    title: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct Address {
    id: String,
    lang: String,
    date: String,
    title: String,
    text: String,
    url: String,
}

/// Writes the three files of `<out>/multilingual/`; returns each file's name with the records
/// written and read.
fn build_multilingual(
    data_dir: &Path,
    out_dir: &Path,
) -> Result<Vec<(&'static str, usize, usize)>> {
    let dir = fresh_dir(out_dir, "multilingual")?;
    let french: Vec<WinerDoc> =
        read_json_lines(&data_dir.join("frwikinews-winer-2016-2018/winer_fr_docs.jsonl"))?;
    let russian: Vec<NerelDoc> =
        read_json_lines(&data_dir.join("ruwikinews-nerel-texts/nerel_v1.1_texts.jsonl"))?;
    let ukrainian: Vec<Address> = read_json_lines(
        &data_dir.join("ua-war-addresses-2022-resistinua/resistinua_messages_uk_en.jsonl"),
    )?;
    let counts = [
        ("fr-wikinews.jsonl", french_reports(&french), french.len()),
        (
            "ru-wikinews.jsonl",
            russian_reports(&russian),
            russian.len(),
        ),
        (
            "uk-addresses.jsonl",
            ukrainian_reports(&ukrainian),
            ukrainian.len(),
        ),
    ];
    let mut out = Vec::new();
    for (file, mut reports, read) in counts {
        reports.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        write_jsonl(&dir.join(file), &reports.iter().collect::<Vec<_>>())?;
        out.push((file, reports.len(), read));
    }
    Ok(out)
}

fn read_json_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}

/// The paragraphs of a text after its first line (the title), tidied, blank lines dropped.
fn paragraphs_after_title(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The conflict articles of French Wikinews. The line under the title is the dateline
/// (`1er janvier 2016, 14h30 . –`), which the record's date already gives: left out.
fn french_reports(docs: &[WinerDoc]) -> Vec<ForeignReport> {
    docs.iter()
        .filter_map(|doc| {
            let mut paragraphs = paragraphs_after_title(&doc.text);
            if paragraphs.first().is_some_and(|p| p.ends_with('–')) {
                paragraphs.remove(0);
            }
            let title = tidy(&doc.title);
            is_conflict_fr(&title, &paragraphs.join(" ")).then(|| ForeignReport {
                id: doc.url.clone(),
                date: doc.date.clone(),
                title,
                body: paragraphs.join("\n\n"),
                source: "Wikinews".to_string(),
                url: doc.url.clone(),
                lang: None,
            })
        })
        .collect()
}

/// A French keyword in the title, or [`MIN_BODY_KEYWORDS`] distinct ones in the body.
fn is_conflict_fr(title: &str, body: &str) -> bool {
    !matched_keywords(title, &FRENCH_KEYWORDS).is_empty()
        || matched_keywords(body, &FRENCH_KEYWORDS).len() >= MIN_BODY_KEYWORDS
}

/// The conflict articles of the Russian Wikinews texts that state their day (NEREL's texts
/// have no date field and no URL; the id is NEREL's file name).
fn russian_reports(docs: &[NerelDoc]) -> Vec<ForeignReport> {
    docs.iter()
        .filter_map(|doc| {
            let paragraphs = paragraphs_after_title(&doc.text);
            let title = tidy(&doc.title);
            let body = paragraphs.join("\n\n");
            if !is_conflict_ru(&title, &body) {
                return None;
            }
            Some(ForeignReport {
                id: format!("nerel-{}", doc.doc),
                date: russian_date(&doc.text)?,
                title,
                body,
                source: "Викиновости".to_string(),
                url: String::new(),
                lang: None,
            })
        })
        .collect()
}

/// A Russian stem beginning a word of the title, or [`MIN_BODY_KEYWORDS`] distinct stems
/// beginning words of the body.
fn is_conflict_ru(title: &str, body: &str) -> bool {
    let stems = |text: &str| -> HashSet<&'static str> {
        words(text)
            .filter_map(|w| RUSSIAN_STEMS.iter().copied().find(|s| w.starts_with(s)))
            .collect()
    };
    !stems(title).is_empty() || stems(body).len() >= MIN_BODY_KEYWORDS
}

/// The first day written out as `D <month> YYYY` in the first [`RUSSIAN_DATE_CHARS`]
/// characters, as `YYYY-MM-DD`.
fn russian_date(text: &str) -> Option<String> {
    let head: String = text.chars().take(RUSSIAN_DATE_CHARS).collect();
    let tokens: Vec<String> = words(&head).collect();
    tokens.windows(3).find_map(|w| {
        let day: u32 = w[0].parse().ok().filter(|d| (1..=31).contains(d))?;
        let month = RUSSIAN_MONTHS.iter().position(|m| *m == w[1])? + 1;
        let year: u32 = w[2].parse().ok().filter(|y| (1990..=2030).contains(y))?;
        let date = format!("{year:04}-{month:02}-{day:02}");
        is_iso_date(&date)
            .then(|| chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok())
            .flatten()
            .map(|_| date)
    })
}

/// Every Ukrainian address with a text of its own (about 95 repeat their title or give a
/// line of description only); all are wartime addresses and briefings, so there is no keyword
/// rule. Markdown bold (`**Українці!**`) is removed; the first record of an id is kept.
fn ukrainian_reports(records: &[Address]) -> Vec<ForeignReport> {
    let mut seen = HashSet::new();
    records
        .iter()
        .filter(|r| r.lang == "uk")
        .filter_map(|r| {
            let title = tidy(&r.title);
            let text = r.text.replace("**", "");
            let paragraphs: Vec<String> =
                text.lines().map(tidy).filter(|l| !l.is_empty()).collect();
            let body = paragraphs.join("\n\n");
            let own_text = body.chars().count() > 2 * title.chars().count() && body != title;
            (own_text && seen.insert(r.id.clone())).then(|| ForeignReport {
                // The English version of an address has the same video id.
                id: format!("resistinua-uk-{}", r.id),
                date: r.date.get(..10).unwrap_or(&r.date).to_string(),
                title,
                body,
                source: UKRAINIAN_SOURCE.to_string(),
                url: r.url.clone(),
                lang: Some("uk"),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Real-corpus benchmark (issue 4)
// ---------------------------------------------------------------------------------------------

/// One UN General Debate speech as a JSON Lines record.
#[derive(Debug, Serialize)]
struct Speech {
    id: String,
    date: String,
    title: String,
    body: String,
    source: &'static str,
}

/// Writes every Current Events sentence and every UN General Debate speech as JSON Lines, one
/// file per source and year (each well under `sitrep index`'s default 32 MiB file limit).
fn build_benchmark(data_dir: &Path, out_dir: &Path) -> Result<()> {
    let archive = data_dir.join(ARCHIVE);
    let mut events = 0;
    for (year, items) in read_candidates(&archive, Selection::All)? {
        let items: Vec<&EventItem> = items.iter().collect();
        write_jsonl(
            &out_dir.join(format!("current-events-{year}.jsonl")),
            &items,
        )?;
        events += items.len();
    }
    let countries = country_names(Path::new("index-schema/regions.tsv"))?;
    let debates = data_dir.join("un-general-debates/UNGDC_1946-2023_TXT.tar.xz");
    let mut speeches = 0;
    for (year, items) in read_speeches(&debates, &countries)? {
        let items: Vec<&Speech> = items.iter().collect();
        write_jsonl(&out_dir.join(format!("un-debates-{year}.jsonl")), &items)?;
        speeches += items.len();
    }
    println!("current-events: {events} event sentences; un-debates: {speeches} speeches");
    Ok(())
}

/// ISO 3166-1 alpha-3 code -> country name, from the gazetteer's `regions.tsv`.
fn country_names(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((cols.first()?.to_string(), cols.get(3)?.to_string()))
        })
        .collect())
}

/// The speeches of `TXT/Session NN - YYYY/ISO3_NN_YYYY.txt`, grouped by year. The corpus gives
/// the year of each General Debate, not the day, so every speech is dated 1 January of its
/// year (year precision, as Wikidata records such dates); the title names the speaking state
/// (the code itself for historical codes such as `YUG` or `CSK` that `regions.tsv` lacks).
fn read_speeches(
    archive: &Path,
    countries: &BTreeMap<String, String>,
) -> Result<BTreeMap<u32, Vec<Speech>>> {
    let mut xz = std::io::BufReader::new(
        fs::File::open(archive).with_context(|| format!("opening {}", archive.display()))?,
    );
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut xz, &mut tar_bytes)
        .map_err(|e| anyhow::anyhow!("decompressing {}: {e}", archive.display()))?;
    let mut tar = tar::Archive::new(std::io::Cursor::new(tar_bytes));
    let mut by_year: BTreeMap<u32, Vec<Speech>> = BTreeMap::new();
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let Some(stem) = path.rsplit('/').next().and_then(|n| n.strip_suffix(".txt")) else {
            continue;
        };
        let fields: Vec<&str> = stem.split('_').collect();
        let [code, session, year] = fields.as_slice() else {
            bail!("{path}: expected ISO3_SESSION_YEAR.txt");
        };
        let year: u32 = year.parse().with_context(|| format!("{path}: year"))?;
        let mut body = String::new();
        entry
            .read_to_string(&mut body)
            .with_context(|| format!("reading {path}"))?;
        let speaker = countries.get(*code).map_or(*code, String::as_str);
        by_year.entry(year).or_default().push(Speech {
            id: format!("ungdc-{stem}"),
            date: format!("{year}-01-01"),
            title: format!("{speaker} at the UN General Debate, session {session} ({year})"),
            body: body.trim().to_string(),
            source: "UN General Debate Corpus",
        });
    }
    for speeches in by_year.values_mut() {
        speeches.sort_by(|a, b| a.id.cmp(&b.id));
    }
    Ok(by_year)
}

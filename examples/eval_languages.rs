//! Measures region and actor extraction (`sitrep::enrich::extract` with the
//! embedded gazetteer) on reports in French, Arabic, Russian and Ukrainian
//! (issue 23): whether a report in any language gets the facets an English
//! one would.
//!
//! ```text
//! cargo run --release --example eval_languages -- ../shared/data
//! cargo run --release --example eval_languages -- ../shared/data --sample 100
//! cargo run --release --example eval_languages -- ../shared/data --gazetteer DIR
//! ```
//!
//! `--gazetteer DIR` reads the gazetteer's files from DIR instead of the
//! embedded ones (to compare with another version of `index-schema/`). The
//! first lines give what loading the gazetteer costs: the time to read it
//! and build the matcher, and the resident memory it adds.
//!
//! # What is measured
//!
//! * **French places and actors** (`frwikinews-winer-2016-2018`: 1,191
//!   French Wikinews articles with hand-annotated entity spans). A Location
//!   span *names a country or a gazetteer place* when the gazetteer resolves
//!   its text ([`Gazetteer::resolve`], the lookup `--region` uses) to paths
//!   that are all at country level or below; the right countries are those
//!   paths' countries. The span *yields the right country* when an accepted
//!   region mention overlapping it has one of those countries. An
//!   Organization or Person span *names a gazetteer actor* when the
//!   gazetteer resolves its text to actor paths, and yields it when an
//!   accepted actor mention overlapping it has one of those paths. Both are
//!   also reported at article level (the article's facets hold the country or
//!   actor, wherever it was found).
//! * **Ukrainian places** (`ua-war-addresses-2022-resistinua`: Ukrainian
//!   wartime addresses with hand-made `cities` labels, in Ukrainian script).
//!   A label resolved by the gazetteer to a Ukrainian town or division gives
//!   its oblast; the label is *yielded* when the report's region facets hold
//!   that oblast (or a town in it), which also gives Ukraine. Reported over
//!   all labels of Ukrainian reports with a text, and over the labels the text
//!   names (its first five letters occur in the text, any case: a label
//!   absent from the text cannot be found). Unresolved labels count as
//!   misses. The English translations, which carry the same labels, are
//!   measured the same way for comparison.
//! * **The same facets across languages** (`ntrex128-news-en-fr-ar-ru-uk`:
//!   123 news articles professionally translated into French, Arabic, Russian
//!   and Ukrainian). Per language, the share of articles whose translation's
//!   country set (the countries of its region facets) equals the English
//!   original's; the same for actor facets. The differences are listed.
//! * **Cross-language retrieval** (the same NTREX articles). The 615
//!   records (123 articles in 5 languages) are indexed with sitrep's writer
//!   (`lang` given), and each English headline is a query, restricted with
//!   `--lang` to one other language: its words joined by `OR` (the words an
//!   analyst would type; names written in Latin letters can match), with
//!   `--region` filters, the countries of the English article's region facets
//!   (several mean OR), or when it has none its `--actor` facets. The share
//!   of articles whose translation is among the top 10 hits; also with the
//!   filters alone (empty query: the documents the facets select, in index
//!   order) and with the words alone.
//! * With `--sample N`, N accepted mentions drawn at random (fixed seed) from
//!   the French articles and the Ukrainian and NTREX translations, each with
//!   the text around it, to be read by hand for precision.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use anyhow::{ensure, Context, Result};
use serde::Deserialize;
use sitrep::enrich::{extract, Dimension, Extraction, Gazetteer, GazetteerFiles, Mention};
use sitrep::index::{index_paths, IndexOptions, SitrepIndex};
use sitrep::language::Language;
use sitrep::query::Filters;
use sitrep::search::{search, SearchRequest};
use tantivy::schema::Facet;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let data = args
        .next()
        .context("usage: eval_languages DATA_DIR [--sample N] (DATA_DIR = ../shared/data)")?;
    let mut sample = 0;
    let mut dir = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sample" => sample = args.next().context("--sample N")?.parse()?,
            "--gazetteer" => dir = Some(args.next().context("--gazetteer DIR")?),
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    let data = Path::new(&data);
    let gazetteer = load(dir.as_deref())?;
    let mut pool = Vec::new();
    winer(&gazetteer, data, &mut pool)?;
    resistinua(&gazetteer, data, &mut pool)?;
    ntrex(&gazetteer, data, &mut pool)?;
    cross_language(&gazetteer, data)?;
    if sample > 0 {
        print_sample(&pool, sample);
    }
    Ok(())
}

/// Loads the gazetteer and builds its matcher, printing the time and the
/// resident memory that takes.
fn load(dir: Option<&str>) -> Result<Gazetteer> {
    let rss_before = resident_kb();
    let start = std::time::Instant::now();
    let gazetteer = match dir {
        Some(d) => Gazetteer::from_files(&GazetteerFiles::read_dir(Path::new(d))?)?,
        None => Gazetteer::embedded()?,
    };
    let loaded = start.elapsed();
    gazetteer.matcher();
    let built = start.elapsed();
    println!(
        "## Gazetteer cost
loaded in {:.0} ms, matcher built by {:.0} ms; resident memory +{} MB",
        loaded.as_secs_f64() * 1e3,
        built.as_secs_f64() * 1e3,
        resident_kb().saturating_sub(rss_before) / 1024
    );
    Ok(gazetteer)
}

/// The process's resident memory (`VmRSS`, Linux), in KB; 0 elsewhere.
fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// One accepted mention, for the precision sample.
struct Drawn {
    source: String,
    facet: String,
    context: String,
}

fn draw(pool: &mut Vec<Drawn>, gazetteer: &Gazetteer, source: &str, text: &str, ex: &Extraction) {
    let mut seen = BTreeSet::new();
    for m in ex.mentions.iter().filter(|m| m.accepted) {
        let facet = m.facet(gazetteer).to_string();
        if !seen.insert(facet.clone()) {
            continue;
        }
        pool.push(Drawn {
            source: source.to_string(),
            facet,
            context: around(text, m.range),
        });
    }
}

/// The text around a byte range, the range in brackets, on one line.
fn around(text: &str, (s, e): (usize, usize)) -> String {
    let start = text[..s].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let end = text[e..]
        .char_indices()
        .nth(60)
        .map_or(text.len(), |(i, _)| e + i);
    format!("{}[{}]{}", &text[start..s], &text[s..e], &text[e..end]).replace('\n', " ")
}

fn print_sample(pool: &[Drawn], n: usize) {
    println!(
        "\n## Precision sample: {n} of {} accepted facets",
        pool.len()
    );
    // A fixed-seed linear congruential generator: the same sample every run.
    let mut state: u64 = 0x2023_0023;
    let mut chosen = BTreeSet::new();
    while chosen.len() < n.min(pool.len()) {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        chosen.insert((state >> 33) as usize % pool.len());
    }
    for (k, i) in chosen.iter().enumerate() {
        let d = &pool[*i];
        println!("{:3}. {} {}\n     {}", k + 1, d.source, d.facet, d.context);
    }
}

fn ratio(hit: usize, all: usize) -> String {
    if all == 0 {
        return "n/a".into();
    }
    format!("{:.3} ({hit}/{all})", hit as f64 / all as f64)
}

fn top(counts: &BTreeMap<String, usize>, n: usize) -> String {
    let mut v: Vec<_> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(n)
        .map(|(k, c)| format!("{k} ({c})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The path of what an accepted mention names.
fn mention_path(gazetteer: &Gazetteer, m: &Mention) -> Vec<String> {
    match m.town {
        Some(t) => gazetteer.town_path(t),
        None => gazetteer.entities[m.entity].path.clone(),
    }
}

fn facet_paths(gazetteer: &Gazetteer, ex: &Extraction, dimension: Dimension) -> Vec<Vec<String>> {
    ex.facets(gazetteer, dimension)
        .iter()
        .map(|f| f.to_path().iter().map(|s| s.to_string()).collect())
        .collect()
}

// ---------------------------------------------------------------------------
// French Wikinews (WiNER-fr)

#[derive(Deserialize)]
struct WinerDoc {
    doc_id: String,
    text: String,
    entities: Vec<WinerSpan>,
}

#[derive(Deserialize)]
struct WinerSpan {
    #[serde(rename = "type")]
    kind: String,
    start: usize,
    end: usize,
    text: String,
}

#[derive(Default)]
struct Share {
    spans: usize,
    span_hits: usize,
    doc_hits: usize,
    misses: BTreeMap<String, usize>,
}

impl Share {
    fn report(&self, what: &str) {
        println!(
            "{what}: {} spans; yielded at the span {}, in the article's facets {}",
            self.spans,
            ratio(self.span_hits, self.spans),
            ratio(self.doc_hits, self.spans)
        );
        println!("  most missed: {}", top(&self.misses, 25));
    }
}

fn winer(gazetteer: &Gazetteer, data: &Path, pool: &mut Vec<Drawn>) -> Result<()> {
    let path = data.join("frwikinews-winer-2016-2018/winer_fr_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let (mut places, mut actors) = (Share::default(), Share::default());
    let mut docs = 0;
    for (n, line) in text.lines().enumerate() {
        let doc: WinerDoc =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        docs += 1;
        let ex = extract(gazetteer, &doc.text);
        draw(
            pool,
            gazetteer,
            &format!("fr {}", doc.doc_id),
            &doc.text,
            &ex,
        );
        // Character offsets -> byte offsets.
        let bytes: Vec<usize> = doc
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([doc.text.len()])
            .collect();
        let region_facets = facet_paths(gazetteer, &ex, Dimension::Region);
        let actor_facets = facet_paths(gazetteer, &ex, Dimension::Actor);
        for span in &doc.entities {
            let (s, e) = (
                bytes[span.start.min(bytes.len() - 1)],
                bytes[span.end.min(bytes.len() - 1)],
            );
            let overlapping = |m: &&Mention| m.accepted && m.range.0 < e && s < m.range.1;
            let dimension = match span.kind.as_str() {
                "Location" => Dimension::Region,
                "Organization" | "Person" => Dimension::Actor,
                _ => continue,
            };
            let Some(paths) = gazetteer.resolve(dimension, &span.text) else {
                continue;
            };
            let at_span: Vec<Vec<String>> = ex
                .mentions
                .iter()
                .filter(overlapping)
                .filter(|m| gazetteer.entities[m.entity].dimension == dimension)
                .map(|m| mention_path(gazetteer, m))
                .collect();
            let (share, span_hit, doc_hit) = if dimension == Dimension::Region {
                if paths.is_empty() || paths.iter().any(|p| p.len() < 3) {
                    continue;
                }
                let countries: BTreeSet<&String> = paths.iter().map(|p| &p[2]).collect();
                let has = |p: &Vec<String>| p.len() >= 3 && countries.contains(&p[2]);
                (
                    &mut places,
                    at_span.iter().any(has),
                    region_facets.iter().any(has),
                )
            } else {
                if paths.is_empty() || paths.iter().any(|p| p.len() < 2) {
                    continue;
                }
                (
                    &mut actors,
                    at_span.iter().any(|p| paths.contains(p)),
                    actor_facets.iter().any(|p| paths.contains(p)),
                )
            };
            share.spans += 1;
            share.span_hits += usize::from(span_hit);
            share.doc_hits += usize::from(doc_hit);
            if !span_hit {
                *share.misses.entry(span.text.clone()).or_default() += 1;
            }
        }
    }
    println!("## French Wikinews (frwikinews-winer-2016-2018, {docs} articles)");
    places.report("Location spans naming a country or gazetteer place -> the right country");
    actors.report("Organization/Person spans naming a gazetteer actor -> that actor");
    Ok(())
}

// ---------------------------------------------------------------------------
// Ukrainian addresses (resistinua)

#[derive(Deserialize)]
struct Address {
    id: String,
    lang: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    cities: Vec<String>,
}

fn resistinua(gazetteer: &Gazetteer, data: &Path, pool: &mut Vec<Drawn>) -> Result<()> {
    let path = data.join("ua-war-addresses-2022-resistinua/resistinua_messages_uk_en.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    println!("\n## Ukrainian addresses (ua-war-addresses-2022-resistinua, `cities` labels)");
    for lang in ["uk", "en"] {
        let (mut all, mut all_hits, mut named, mut named_hits) = (0, 0, 0, 0);
        let mut ukraine = 0;
        let mut misses: BTreeMap<String, usize> = BTreeMap::new();
        let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let a: Address = serde_json::from_str(line)
                .with_context(|| format!("{}:{}", path.display(), n + 1))?;
            if a.lang != lang || a.text.is_empty() || a.cities.is_empty() {
                continue;
            }
            let body = format!("{}\n\n{}", a.title, a.text);
            let ex = extract(gazetteer, &body);
            if lang == "uk" {
                draw(pool, gazetteer, &format!("uk {}", a.id), &body, &ex);
            }
            let facets = facet_paths(gazetteer, &ex, Dimension::Region);
            let has_ukraine = facets.iter().any(|p| p.len() >= 3 && p[2] == "Ukraine");
            let lower = body.to_lowercase();
            for label in &a.cities {
                let oblasts: BTreeSet<Vec<String>> = gazetteer
                    .resolve(Dimension::Region, label)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| p.len() >= 4 && p[2] == "Ukraine")
                    .map(|p| p[..4].to_vec())
                    .collect();
                if oblasts.is_empty() {
                    *unresolved.entry(label.clone()).or_default() += 1;
                }
                let hit = facets
                    .iter()
                    .any(|p| p.len() >= 4 && oblasts.contains(&p[..4]));
                let stem: String = label.to_lowercase().chars().take(5).collect();
                let in_text = lower.contains(&stem);
                all += 1;
                all_hits += usize::from(hit);
                ukraine += usize::from(has_ukraine);
                if in_text {
                    named += 1;
                    named_hits += usize::from(hit);
                }
                if !hit && in_text {
                    *misses.entry(label.clone()).or_default() += 1;
                }
            }
        }
        println!(
            "{lang}: labels yielding Ukraine and the right oblast {}; over labels the text names {}; Ukraine alone {}",
            ratio(all_hits, all),
            ratio(named_hits, named),
            ratio(ukraine, all)
        );
        println!("  missed (named in the text): {}", top(&misses, 25));
        println!(
            "  labels the gazetteer does not resolve to a Ukrainian place: {}",
            top(&unresolved, 25)
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// NTREX-128

#[derive(Deserialize)]
struct Translation {
    doc_id: String,
    lang: String,
    title: String,
    text: String,
}

/// The countries and actors of one article.
struct Found {
    countries: BTreeSet<String>,
    actors: BTreeSet<String>,
}

fn ntrex(gazetteer: &Gazetteer, data: &Path, pool: &mut Vec<Drawn>) -> Result<()> {
    let path = data.join("ntrex128-news-en-fr-ar-ru-uk/ntrex_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let t: Translation =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        let body = format!("{}\n{}", t.title, t.text);
        let ex = extract(gazetteer, &body);
        if t.lang != "en" {
            draw(
                pool,
                gazetteer,
                &format!("{} {}", t.lang, t.doc_id),
                &body,
                &ex,
            );
        }
        let countries = facet_paths(gazetteer, &ex, Dimension::Region)
            .into_iter()
            .filter(|p| p.len() >= 3)
            .map(|p| p[2].clone())
            .collect();
        let actors = facet_paths(gazetteer, &ex, Dimension::Actor)
            .into_iter()
            .map(|p| p.join("/"))
            .collect();
        found.insert((t.doc_id, t.lang), Found { countries, actors });
    }
    println!("\n## The same facets across languages (ntrex128-news-en-fr-ar-ru-uk)");
    let english: Vec<(&String, &Found)> = found
        .iter()
        .filter(|((_, l), _)| l == "en")
        .map(|((d, _), f)| (d, f))
        .collect();
    let with_country = english
        .iter()
        .filter(|(_, f)| !f.countries.is_empty())
        .count();
    println!(
        "{} English articles, {with_country} with a country facet",
        english.len()
    );
    for lang in ["fr", "ar", "ru", "uk"] {
        let (mut same_countries, mut same_actors, mut all) = (0, 0, 0);
        let (mut missing, mut extra) = (BTreeMap::new(), BTreeMap::new());
        let (mut actor_missing, mut actor_extra) = (BTreeMap::new(), BTreeMap::new());
        for (doc, en) in &english {
            let Some(tr) = found.get(&((*doc).clone(), lang.to_string())) else {
                continue;
            };
            all += 1;
            same_countries += usize::from(tr.countries == en.countries);
            same_actors += usize::from(tr.actors == en.actors);
            for c in en.countries.difference(&tr.countries) {
                *missing.entry(c.clone()).or_default() += 1;
            }
            for c in tr.countries.difference(&en.countries) {
                *extra.entry(c.clone()).or_default() += 1;
            }
            for a in en.actors.difference(&tr.actors) {
                *actor_missing.entry(a.clone()).or_default() += 1;
            }
            for a in tr.actors.difference(&en.actors) {
                *actor_extra.entry(a.clone()).or_default() += 1;
            }
        }
        println!(
            "{lang}: country facets equal to the English {}; actor facets equal {}",
            ratio(same_countries, all),
            ratio(same_actors, all)
        );
        println!("  countries only in English: {}", top(&missing, 15));
        println!("  countries only in {lang}: {}", top(&extra, 15));
        println!("  actors only in English: {}", top(&actor_missing, 10));
        println!("  actors only in {lang}: {}", top(&actor_extra, 10));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Cross-language retrieval (NTREX-128)

/// How many hits count as found.
const TOP: usize = 10;

/// One way of querying the index with an English article.
#[derive(Clone, Copy)]
enum Ask {
    WordsAndFacets,
    FacetsAlone,
    WordsAlone,
}

fn cross_language(gazetteer: &Gazetteer, data: &Path) -> Result<()> {
    let path = data.join("ntrex128-news-en-fr-ar-ru-uk/ntrex_docs.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let jsonl = temp.path().join("ntrex.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&jsonl)?);
    let mut headlines = Vec::new();
    let mut records = 0;
    for (n, line) in text.lines().enumerate() {
        let t: Translation =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        // No date is given: all are from late September - early October 2018.
        let record = serde_json::json!({
            "id": format!("{}.{}", t.doc_id, t.lang),
            "date": "2018-10-01",
            "title": t.title,
            "body": t.text,
            "lang": t.lang,
        });
        writeln!(out, "{record}")?;
        records += 1;
        if t.lang == "en" {
            headlines.push((t.doc_id, t.title));
        }
    }
    out.flush()?;
    drop(out);
    let index = SitrepIndex::open_or_create(&temp.path().join("index"))?;
    let options = IndexOptions {
        paths: vec![jsonl],
        max_file_size: u64::MAX,
        ..IndexOptions::default()
    };
    let report = index_paths(&index, gazetteer, &options, &|_| {})?;
    ensure!(
        report.articles == records,
        "indexed {} of {records}",
        report.articles
    );
    println!(
        "\n## Cross-language retrieval (ntrex128-news-en-fr-ar-ru-uk): the English headline finds the translation among the top {TOP}"
    );
    let mut filters_of = BTreeMap::new();
    for (doc, _) in &headlines {
        filters_of.insert(doc.clone(), english_filters(&index, doc)?);
    }
    let with = filters_of
        .values()
        .filter(|f| !f.regions.is_empty() || !f.actors.is_empty())
        .count();
    println!(
        "{} English headlines; {with} articles with a country or actor facet to filter on",
        headlines.len()
    );
    for lang in ["fr", "ar", "ru", "uk"] {
        let language = Language::parse(lang).context("a language")?;
        let mut line = format!("{lang}:");
        for (ask, label) in [
            (Ask::WordsAndFacets, "words + facets"),
            (Ask::FacetsAlone, "facets alone"),
            (Ask::WordsAlone, "words alone"),
        ] {
            let mut found = 0;
            for (doc, title) in &headlines {
                let mut filters = match ask {
                    Ask::WordsAlone => Filters::default(),
                    _ => filters_of[doc].clone(),
                };
                filters.languages = vec![language];
                let query = match ask {
                    Ask::FacetsAlone => String::new(),
                    _ => any_word(title),
                };
                let request = SearchRequest {
                    query,
                    filters,
                    limit: TOP,
                    ..SearchRequest::default()
                };
                let results = search(&index, &request)?;
                let want = format!("{doc}.{lang}");
                found += usize::from(results.hits.iter().any(|h| h.id == want));
            }
            line.push_str(&format!(" {label} {};", ratio(found, headlines.len())));
        }
        println!("{}", line.trim_end_matches(';'));
    }
    Ok(())
}

/// The filters the English article `doc` gives: its countries (`--region`),
/// or when it has none its actors (`--actor`).
fn english_filters(index: &SitrepIndex, doc: &str) -> Result<Filters> {
    let request = SearchRequest {
        query: String::new(),
        limit: 1000,
        ..SearchRequest::default()
    };
    let hits = search(index, &request)?.hits;
    let want = format!("{doc}.en");
    let hit = hits
        .iter()
        .find(|h| h.id == want)
        .with_context(|| format!("{want} not indexed"))?;
    let countries: BTreeSet<String> = hit
        .regions
        .iter()
        .filter_map(|r| {
            let parts: Vec<&str> = r.trim_start_matches('/').split('/').collect();
            (parts.len() >= 3).then(|| format!("/{}", parts[..3].join("/")))
        })
        .collect();
    let mut filters = Filters::default();
    if countries.is_empty() {
        filters.actors = hit.actors.iter().map(|a| Facet::from(a.as_str())).collect();
    } else {
        filters.regions = countries.iter().map(|c| Facet::from(c.as_str())).collect();
    }
    Ok(filters)
}

/// The words of a headline joined by `OR`, in lower case (no word is taken
/// for an operator).
fn any_word(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" OR ")
}

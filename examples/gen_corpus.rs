//! Generates a large benchmark corpus of dated conflict-reporting articles by resampling real text.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUT [--data ../shared/data] [--seed 42] [--corpus corpus]
//! ```
//!
//! Writes `N` articles as JSON Lines to `OUT/part-0000.jsonl`, `OUT/part-0001.jsonl`, ... (at most
//! [`LINES_PER_PART`] lines each; `OUT` is created if needed and its old `part-NNNN.jsonl` files are
//! removed first). Each line is `{"id","date","title","body","source"}`, which `sitrep index` reads.
//!
//! Nothing is invented: every passage of a body is real text, so place and actor names occur at the
//! rates of the sources.
//!
//! * `DATA/wikipedia-current-events/current-events-2002-2026.tar.gz`: every cited event item (one to
//!   three sentences, kept whole). Items under an armed-conflict category or under a topic heading
//!   that names a conflict form the main pool, grouped by their heading; the other cited items
//!   (politics, diplomacy, disasters) are background. The citations give the outlet names.
//! * `CORPUS/` (the bundled corpus): the sentences of its plain-text articles, and the items of
//!   `CORPUS/current-events/*.jsonl` (a subset of the archive; duplicates are dropped, but they
//!   keep the generator usable when the archive is missing).
//! * The UN General Debate corpus is not used: it is `.tar.xz` and no xz crate is in `Cargo.lock`.
//!
//! An article is a lead event (its topic heading is the title, else the lead's first words), more
//! events of the same topic, then background passages until a target length drawn uniformly from
//! [`BODY_MIN`]..[`BODY_MAX`] bytes, in paragraphs of one to three passages. Dates are uniform over
//! 2000-01-01..=2025-12-31, independent of the text (an article of 2003 may quote a 2023 event);
//! the source is an outlet drawn by its citation count.
//!
//! Determinism: all randomness comes from one SplitMix64 generator seeded with `--seed` (default
//! 42), and the pools are read in a fixed order, so the same N, seed and input files always give
//! byte-identical output, on any machine; the first M articles of a run of N are a run of M.
//!
//! Memory is bounded by the pools (~50 MB), not by N: articles are streamed to disk as they are
//! made. Progress goes to stderr every [`PROGRESS_EVERY`] articles, then a summary.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chrono::{Days, NaiveDate};
use flate2::read::GzDecoder;
use yaml_rust2::{Yaml, YamlLoader};

/// Most lines in one output file: ~19 MB, under `sitrep index`'s default 32 MiB file-size limit
/// (the issue allows up to 100,000 lines, but such a file is ~385 MB and would be refused).
const LINES_PER_PART: u64 = 5_000;
/// Progress is printed every this many articles.
const PROGRESS_EVERY: u64 = 100_000;
/// Target body length range in bytes (uniform), calibrated for ~3.8 KB per JSON line.
const BODY_MIN: usize = 1_000;
const BODY_MAX: usize = 6_150;
/// Days from 2000-01-01 to 2025-12-31 inclusive.
const DAYS: u64 = 9_497;
/// Outlets cited fewer times than this are not used as an article's source.
const MIN_OUTLET_CITATIONS: u64 = 20;
/// Words of the lead passage used as title when it has no topic heading.
const TITLE_WORDS: usize = 9;
/// Longest string that can be a topic heading.
const MAX_HEADING_LEN: usize = 200;
/// Background mix, in percent: conflict event, other cited event; the rest are corpus sentences.
const MIX_CONFLICT: u64 = 70;
const MIX_OTHER: u64 = 12;
/// At most this many more events of the lead's topic follow it.
const MAX_SAME_TOPIC: u64 = 10;

const ARMED_CONFLICT: [&str; 2] = ["Armed conflicts and attacks", "Armed conflict and attacks"];
/// Whole words that make a heading a conflict topic (unless an exclusion phrase occurs).
const CONFLICT_WORDS: [&str; 24] = [
    "war",
    "wars",
    "conflict",
    "insurgency",
    "offensive",
    "attack",
    "attacks",
    "invasion",
    "occupation",
    "bombing",
    "bombings",
    "siege",
    "battle",
    "massacre",
    "airstrikes",
    "terrorism",
    "coup",
    "clashes",
    "rebellion",
    "intervention",
    "hostage",
    "uprising",
    "militancy",
    "crisis",
];
const NOT_CONFLICT: [&str; 13] = [
    "monetary crisis",
    "currency crisis",
    "housing crisis",
    "water crisis",
    "trade war",
    "price war",
    "covid",
    "pandemic",
    "financial crisis",
    "economic crisis",
    "debt crisis",
    "energy crisis",
    "climate crisis",
];
/// Words whose trailing full stop does not end a sentence.
const ABBREVIATIONS: [&str; 24] = [
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sgt", "Capt", "Maj", "Adm", "Brig", "Gov",
    "Sen", "Rep", "Jr", "Sr", "Rev", "Prof", "No", "Mt", "vs", "Co",
];

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; `n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
}

/// The real text an article is assembled from.
#[derive(Default)]
struct Pool {
    /// Conflict event items and the index of their topic in `topics`, if they have one.
    conflict: Vec<(String, Option<usize>)>,
    /// Topic headings with the indices of their items in `conflict`.
    topics: Vec<(String, Vec<usize>)>,
    /// Other cited event items (background).
    other: Vec<String>,
    /// Sentences of the bundled plain-text articles.
    sentences: Vec<String>,
    /// Outlets with their cumulative citation counts, for weighted draws.
    outlets: Vec<(String, u64)>,
    // Loading state.
    seen: HashSet<String>,
    topic_ids: HashMap<String, usize>,
    citations: HashMap<String, u64>,
}

impl Pool {
    /// Adds an event item unless already present; `topic` is its heading if it is a conflict item.
    fn add_event(&mut self, text: String, conflict: bool, topic: Option<&str>, sources: &[String]) {
        if !self.seen.insert(text.clone()) {
            return;
        }
        for s in sources {
            let outlet = s.split(" via ").next().unwrap_or(s).trim();
            *self.citations.entry(outlet.to_string()).or_default() += 1;
        }
        if !conflict {
            self.other.push(text);
            return;
        }
        let topic = topic.map(|t| {
            let next = self.topics.len();
            let id = *self.topic_ids.entry(t.to_string()).or_insert(next);
            if id == next {
                self.topics.push((t.to_string(), Vec::new()));
            }
            self.topics[id].1.push(self.conflict.len());
            id
        });
        self.conflict.push((text, topic));
    }

    /// Builds the outlet table (by count, then name, so the order is fixed) and drops loading state.
    fn finish(&mut self) -> Result<()> {
        let mut outlets: Vec<(String, u64)> = self
            .citations
            .drain()
            .filter(|(_, n)| *n >= MIN_OUTLET_CITATIONS)
            .collect();
        outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut total = 0;
        for o in &mut outlets {
            total += o.1;
            o.1 = total;
        }
        self.outlets = outlets;
        self.seen = HashSet::new();
        self.topic_ids = HashMap::new();
        if self.conflict.is_empty() || self.outlets.is_empty() {
            bail!("no conflict events or outlets found: check --data and --corpus");
        }
        if self.other.is_empty() {
            self.other = self.conflict.iter().map(|c| c.0.clone()).collect();
        }
        if self.sentences.is_empty() {
            self.sentences = self.other.clone();
        }
        Ok(())
    }

    fn outlet(&self, rng: &mut Rng) -> &str {
        let r = rng.below(self.outlets.last().map_or(1, |o| o.1));
        let i = self.outlets.partition_point(|o| o.1 <= r);
        &self.outlets[i].0
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the sources
// ---------------------------------------------------------------------------------------------

/// Every cited item of the Current Events archive, in archive order.
fn read_current_events(archive: &Path, pool: &mut Pool) -> Result<()> {
    let file = fs::File::open(archive).with_context(|| format!("opening {}", archive.display()))?;
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    let mut text = String::new();
    for entry in tar.entries()? {
        let mut entry = entry?;
        if !entry.path()?.to_string_lossy().ends_with(".yaml") {
            continue;
        }
        text.clear();
        entry.read_to_string(&mut text)?;
        let docs = YamlLoader::load_from_str(&text).context("invalid YAML")?;
        let Some(payload) = docs
            .first()
            .and_then(|d| d["Intelligence_Payload"].as_hash())
        else {
            continue;
        };
        for (category, list) in payload {
            let armed = ARMED_CONFLICT.contains(&category.as_str().unwrap_or(""));
            let mut run: Vec<String> = Vec::new();
            let mut after_heading = false;
            for item in list.as_vec().map(Vec::as_slice).unwrap_or_default() {
                let item = match item {
                    Yaml::String(s) | Yaml::Real(s) => tidy(s),
                    Yaml::Integer(i) => i.to_string(),
                    _ => continue,
                };
                let (body, sources) = split_citations(&item);
                if sources.is_empty() {
                    if item.len() <= MAX_HEADING_LEN && !ends_sentence(&item) {
                        if !after_heading {
                            run.clear();
                        }
                        run.push(item);
                        after_heading = true;
                    }
                    continue;
                }
                after_heading = false;
                if !ends_sentence(body) {
                    continue;
                }
                let conflict = armed || run.iter().any(|h| is_conflict_heading(h));
                pool.add_event(
                    body.to_string(),
                    conflict,
                    run.last().map(String::as_str),
                    &sources,
                );
            }
        }
    }
    Ok(())
}

/// Items of `corpus/current-events/*.jsonl` and sentences of the plain-text articles.
fn read_corpus(dir: &Path, pool: &mut Pool) -> Result<()> {
    for path in sorted_files(&dir.join("current-events"))? {
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in fs::read_to_string(&path)?.lines() {
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("parsing {}", path.display()))?;
                let (title, body) = (v["title"].as_str().unwrap_or(""), v["body"].as_str());
                let Some(body) = body else { continue };
                let sources: Vec<String> = v["source"]
                    .as_str()
                    .map(|s| s.split("; ").map(str::to_string).collect())
                    .unwrap_or_default();
                let topic =
                    (!body.starts_with(title) && !ARMED_CONFLICT.contains(&title)).then_some(title);
                pool.add_event(tidy(body), true, topic, &sources);
            }
        }
    }
    let mut texts = sorted_files(dir)?;
    texts.extend(sorted_files(&dir.join("wikinews"))?);
    for path in texts
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        // Paragraphs after the date line; credit lines and headings do not end a sentence.
        for para in text.trim_start().split("\n\n").skip(1) {
            let para = tidy(para);
            // `((WN))` marks Wikinews interview questions.
            if ends_sentence(&para) && para.split(' ').count() >= 8 && !para.contains("((") {
                let sentences = split_sentences(&para);
                pool.sentences.extend(
                    sentences
                        .into_iter()
                        .filter(|s| s.split(' ').count() >= 5)
                        .map(str::to_string),
                );
            }
        }
    }
    Ok(())
}

/// Files directly in `dir`, sorted by name; none if `dir` does not exist.
fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|p| p.is_file());
    files.sort();
    Ok(files)
}

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '”', '’'])
}

/// Splits trailing citations such as `(Reuters) (AP via Fox News)` off `text`.
fn split_citations(text: &str) -> (&str, Vec<String>) {
    let mut rest = text
        .strip_suffix(").")
        .map_or(text, |t| &text[..t.len() + 1]);
    let mut sources = Vec::new();
    while rest.ends_with(')') {
        let Some(open) = rest.rfind('(') else { break };
        let inner = rest[open + 1..rest.len() - 1].trim();
        // `(2014–present)` is a period and `(film)` a disambiguator, not an outlet.
        if inner.is_empty() || inner.contains('(') || inner.starts_with(|c: char| !c.is_uppercase())
        {
            break;
        }
        sources.insert(0, inner.to_string());
        rest = rest[..open].trim_end().trim_end_matches(',').trim_end();
    }
    (rest, sources)
}

fn is_conflict_heading(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    !NOT_CONFLICT.iter().any(|x| lower.contains(x))
        && lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| CONFLICT_WORDS.contains(&w))
}

/// Splits a paragraph into sentences: after `.`, `!` or `?` (and any closing quote or bracket)
/// followed by a space and a capital letter, digit or opening quote, unless the full stop ends an
/// initial (`W.`), an initialism (`U.S.`) or a common abbreviation (`Mr.`).
fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(' ') {
        let before = &text[start..i];
        let core = before.trim_end_matches(['"', '”', '’', '\'', ')']);
        let next_ok = text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“'));
        if !next_ok || !core.ends_with(['.', '!', '?']) {
            continue;
        }
        if let Some(stem) = core.strip_suffix('.') {
            let word = stem.rsplit(' ').next().unwrap_or("");
            let initial = word.chars().count() == 1 || word.contains('.');
            if initial || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        out.push(before);
        start = i + 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Generating
// ---------------------------------------------------------------------------------------------

#[derive(serde::Serialize)]
struct Record<'a> {
    id: &'a str,
    date: &'a str,
    title: &'a str,
    body: &'a str,
    source: &'a str,
}

/// Writes lines to `dir/part-0000.jsonl`, `dir/part-0001.jsonl`, ..., at most `per_part` each.
struct PartWriter {
    dir: PathBuf,
    per_part: u64,
    lines: u64,
    parts: usize,
    bytes: u64,
    file: Option<BufWriter<fs::File>>,
}

impl PartWriter {
    fn new(dir: &Path, per_part: u64) -> Result<Self> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        for path in sorted_files(dir)? {
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_part_name)
            {
                fs::remove_file(&path)?;
            }
        }
        let dir = dir.to_path_buf();
        Ok(PartWriter {
            dir,
            per_part,
            lines: 0,
            parts: 0,
            bytes: 0,
            file: None,
        })
    }

    fn write_line(&mut self, line: &[u8]) -> Result<()> {
        if self.lines.is_multiple_of(self.per_part) {
            self.finish()?;
            let path = self.dir.join(format!("part-{:04}.jsonl", self.parts));
            let file =
                fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            self.file = Some(BufWriter::with_capacity(1 << 20, file));
            self.parts += 1;
        }
        let file = self.file.as_mut().context("no open part")?;
        file.write_all(line)?;
        file.write_all(b"\n")?;
        self.lines += 1;
        self.bytes += line.len() as u64 + 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush()?;
        }
        Ok(())
    }
}

/// `part-NNNN.jsonl`, the name of an output file.
fn is_part_name(name: &str) -> bool {
    let digits = name
        .strip_prefix("part-")
        .and_then(|n| n.strip_suffix(".jsonl"));
    digits.is_some_and(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Assembles article number `n` (1-based) and serialises it into `line`.
fn article(
    pool: &Pool,
    rng: &mut Rng,
    n: u64,
    body: &mut String,
    line: &mut Vec<u8>,
) -> Result<()> {
    let date = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new(rng.below(DAYS))))
        .context("date out of range")?;
    let lead = rng.index(pool.conflict.len());
    let (lead_text, topic) = &pool.conflict[lead];
    let title = match topic {
        Some(t) => pool.topics[*t].0.clone(),
        None => first_words(lead_text, TITLE_WORDS),
    };
    let target = BODY_MIN + rng.index(BODY_MAX - BODY_MIN);
    let mut used: Vec<&str> = vec![lead_text.as_str()];
    // More events of the same story, then background.
    if let Some(t) = topic {
        let members = &pool.topics[*t].1;
        for _ in 0..=rng.below(MAX_SAME_TOPIC) {
            let text = pool.conflict[members[rng.index(members.len())]].0.as_str();
            if !used.contains(&text) {
                used.push(text);
            }
        }
    }
    let mut len: usize = used.iter().map(|s| s.len() + 1).sum();
    // The try limit only matters for a tiny pool, where unused passages may run out.
    let mut tries = 0;
    while len < target && tries < 10_000 {
        tries += 1;
        let r = rng.below(100);
        let text = if r < MIX_CONFLICT {
            &pool.conflict[rng.index(pool.conflict.len())].0
        } else if r < MIX_CONFLICT + MIX_OTHER {
            &pool.other[rng.index(pool.other.len())]
        } else {
            &pool.sentences[rng.index(pool.sentences.len())]
        };
        if !used.contains(&text.as_str()) {
            used.push(text);
            len += text.len() + 1;
        }
    }
    body.clear();
    let mut in_para = 0;
    let mut para_len = 1 + rng.below(3);
    for text in used {
        if in_para == para_len {
            body.push_str("\n\n");
            in_para = 0;
            para_len = 1 + rng.below(3);
        } else if in_para > 0 {
            body.push(' ');
        }
        body.push_str(text);
        in_para += 1;
    }
    let (id, date) = (format!("gen-{n:09}"), date.format("%Y-%m-%d").to_string());
    let record = Record {
        id: &id,
        date: &date,
        title: &title,
        body,
        source: pool.outlet(rng),
    };
    line.clear();
    serde_json::to_writer(&mut *line, &record)?;
    Ok(())
}

/// The first `n` words of `text`, without trailing punctuation.
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split(' ').take(n).collect();
    words
        .join(" ")
        .trim_end_matches([',', ';', ':', '.'])
        .to_string()
}

/// Writes `count` articles; returns the writer's (lines, parts, bytes).
fn generate(
    pool: &Pool,
    seed: u64,
    count: u64,
    out: &Path,
    per_part: u64,
) -> Result<(u64, usize, u64)> {
    let start = Instant::now();
    let mut rng = Rng(seed);
    let mut writer = PartWriter::new(out, per_part)?;
    let (mut body, mut line) = (String::new(), Vec::new());
    for n in 1..=count {
        article(pool, &mut rng, n, &mut body, &mut line)?;
        writer.write_line(&line)?;
        if n.is_multiple_of(PROGRESS_EVERY) {
            eprintln!(
                "{n} articles, {:.1} MB, {:.1} s",
                writer.bytes as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
        }
    }
    writer.finish()?;
    Ok((writer.lines, writer.parts, writer.bytes))
}

struct Args {
    count: u64,
    out: PathBuf,
    data: PathBuf,
    corpus: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args> {
    const USAGE: &str =
        "usage: gen_corpus N OUT [--data ../shared/data] [--seed 42] [--corpus corpus]";
    let mut positional = Vec::new();
    let (mut data, mut corpus, mut seed) =
        (PathBuf::from("../shared/data"), PathBuf::from("corpus"), 42);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value; {USAGE}"))
        };
        match arg.as_str() {
            "--data" => data = PathBuf::from(value()?),
            "--corpus" => corpus = PathBuf::from(value()?),
            "--seed" => seed = value()?.parse().context("--seed must be an integer")?,
            "-h" | "--help" => bail!("{USAGE}"),
            _ => positional.push(arg),
        }
    }
    let [count, out] = positional.as_slice() else {
        bail!("{USAGE}");
    };
    let count = count
        .replace('_', "")
        .parse()
        .with_context(|| format!("N must be a count; {USAGE}"))?;
    Ok(Args {
        count,
        out: PathBuf::from(out),
        data,
        corpus,
        seed,
    })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let start = Instant::now();
    let mut pool = Pool::default();
    let archive = args
        .data
        .join("wikipedia-current-events/current-events-2002-2026.tar.gz");
    if archive.is_file() {
        read_current_events(&archive, &mut pool)?;
    } else {
        eprintln!(
            "warning: {} not found; using only {}",
            archive.display(),
            args.corpus.display()
        );
    }
    read_corpus(&args.corpus, &mut pool)?;
    pool.finish()?;
    eprintln!(
        "pool: {} conflict events in {} topics, {} other events, {} corpus sentences, {} outlets ({:.1} s)",
        pool.conflict.len(),
        pool.topics.len(),
        pool.other.len(),
        pool.sentences.len(),
        pool.outlets.len(),
        start.elapsed().as_secs_f64()
    );
    let gen_start = Instant::now();
    let (lines, parts, bytes) = generate(&pool, args.seed, args.count, &args.out, LINES_PER_PART)?;
    let secs = gen_start.elapsed().as_secs_f64();
    eprintln!(
        "wrote {lines} articles to {} ({parts} files): {bytes} bytes ({:.1} MB, {:.0} bytes/article) \
         in {secs:.1} s ({:.0} articles/s, {:.1} MB/s; {:.1} s in total)",
        args.out.display(),
        bytes as f64 / 1e6,
        bytes as f64 / lines.max(1) as f64,
        lines as f64 / secs,
        bytes as f64 / 1e6 / secs,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_is_fixed_by_its_seed() {
        // Reference value of SplitMix64 seeded with 0.
        assert_eq!(Rng(0).next_u64(), 0xE220_A839_7B1D_CDAF);
        let draw = |seed| {
            let mut r = Rng(seed);
            (0..100).map(|_| r.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
        assert!(draw(7).iter().all(|&x| x < 1000));
    }

    #[test]
    fn sentences_split_at_ends_but_not_at_initials_or_abbreviations() {
        let text =
            "U.S. President George W. Bush met Mr. Karzai in Kabul. \"We will stay,\" he said. \
                    Talks end on Friday! 2,000 troops remain (officials said.) Gen. Smith agrees.";
        assert_eq!(
            split_sentences(text),
            [
                "U.S. President George W. Bush met Mr. Karzai in Kabul.",
                "\"We will stay,\" he said.",
                "Talks end on Friday!",
                "2,000 troops remain (officials said.)",
                "Gen. Smith agrees.",
            ]
        );
        assert_eq!(
            split_sentences("one sentence. lower case continues"),
            ["one sentence. lower case continues"]
        );
    }

    #[test]
    fn citations_are_split_off() {
        let (body, src) = split_citations("Ten are killed in Mali. (Reuters) (AFP via Dawn).");
        assert_eq!(
            (body, src),
            (
                "Ten are killed in Mali.",
                vec!["Reuters".into(), "AFP via Dawn".into()]
            )
        );
        assert_eq!(
            split_citations("Syrian civil war (2011–present)").1,
            Vec::<String>::new()
        );
    }

    #[test]
    fn output_splits_into_parts_and_repeats_exactly() {
        let mut pool = Pool::default();
        for i in 0..30 {
            let topic = format!("War number {}", i % 3);
            pool.add_event(
                format!("Event {i} happens in Mali."),
                true,
                Some(&topic),
                &vec!["Reuters".into(); 20],
            );
            pool.add_event(format!("Other {i} happens."), false, None, &["AFP".into()]);
        }
        pool.sentences = vec!["A corpus sentence is here.".into(), "Another one.".into()];
        pool.finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let read = |d: &Path| {
            sorted_files(d)
                .unwrap()
                .iter()
                .map(|p| fs::read_to_string(p).unwrap())
                .collect::<Vec<_>>()
        };
        let a = dir.path().join("a");
        assert_eq!(generate(&pool, 1, 5, &a, 2).unwrap().0, 5);
        let parts = read(&a);
        assert_eq!(
            parts.iter().map(|p| p.lines().count()).collect::<Vec<_>>(),
            [2, 2, 1]
        );
        assert!(parts[0].starts_with("{\"id\":\"gen-000000001\",\"date\":\"20"));
        // Regenerating fewer articles replaces the old parts; the same seed gives the same bytes.
        generate(&pool, 1, 3, &a, 2).unwrap();
        let b = dir.path().join("b");
        generate(&pool, 1, 3, &b, 100).unwrap();
        assert_eq!(read(&a).len(), 2);
        assert_eq!(read(&a).concat(), read(&b).concat());
        generate(&pool, 2, 3, &b, 100).unwrap();
        assert_ne!(read(&a).concat(), read(&b).concat());
    }
}

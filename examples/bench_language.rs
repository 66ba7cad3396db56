//! The cost of detecting each report's language (issue 23), apart from the
//! rest of indexing: every article of the given files or folders is parsed
//! (which detects it), then detected again and again on its own, timed.
//!
//! ```text
//! cargo run --release --example gen_corpus -- 20000 /tmp/gen20k
//! cargo run --release --example bench_language -- /tmp/gen20k corpus
//! ```
//!
//! Prints, per input, the articles, the time of one detection per article
//! (the best of 5 passes) and the languages found.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sitrep::parse::{parse_file, Format};
use sitrep::{Article, Language};

/// Passes over the articles; the fastest is reported.
const PASSES: usize = 5;

fn main() -> Result<()> {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    anyhow::ensure!(!inputs.is_empty(), "usage: bench_language PATH...");
    for input in inputs {
        let articles = read(Path::new(&input))?;
        let mut found: BTreeMap<Language, usize> = BTreeMap::new();
        for article in &articles {
            *found.entry(article.language).or_default() += 1;
        }
        let mut best = Duration::MAX;
        for _ in 0..PASSES {
            let started = Instant::now();
            for article in &articles {
                std::hint::black_box(Language::detect(&[
                    &article.title,
                    &article.summary,
                    &article.body,
                ]));
            }
            best = best.min(started.elapsed());
        }
        let bytes: usize = articles
            .iter()
            .map(|a| a.title.len() + a.summary.len() + a.body.len())
            .sum();
        println!(
            "{input}: {} articles, {:.1} MB; detection {:.1} ms in all, {:.1} µs an article (best of {PASSES}, one thread); {:?}",
            articles.len(),
            bytes as f64 / 1e6,
            best.as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e6 / articles.len().max(1) as f64,
            found
        );
    }
    Ok(())
}

/// Every article of the files under `path`.
fn read(path: &Path) -> Result<Vec<Article>> {
    let mut articles = Vec::new();
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.with_context(|| format!("walking {}", path.display()))?;
        let Some(format) = Format::for_path(entry.path()).filter(|_| entry.file_type().is_file())
        else {
            continue;
        };
        let shown = entry.path().display().to_string();
        articles.extend(parse_file(entry.path(), &shown, format, u64::MAX).articles);
    }
    Ok(articles)
}

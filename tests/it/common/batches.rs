//! The bundled corpus as date-ordered batches, for the watch replays: every
//! article of `corpus/` parsed by the library, sorted by date (then id), and
//! cut into batches of about equal size. Each batch is written as one JSON
//! Lines file with the article's own id, so a document has the same id
//! whichever batch brings it.

use std::fs;
use std::path::{Path, PathBuf};

use sitrep::parse::{parse_file, Format};
use sitrep::Article;
use walkdir::WalkDir;

use super::corpus;

/// Every article of the bundled corpus, oldest first.
pub fn corpus_by_date() -> Vec<Article> {
    let mut articles = Vec::new();
    for entry in WalkDir::new(corpus()).sort_by_file_name() {
        let entry = entry.expect("corpus entry");
        let Some(format) = Format::for_path(entry.path()) else {
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().display().to_string();
        let outcome = parse_file(entry.path(), &path, format, u64::MAX);
        articles.extend(outcome.articles);
    }
    articles.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    articles
}

/// Writes `articles` cut into `count` batches to `dir/batch-NN.jsonl` and
/// returns the files in order (written all at once: index them one by one).
pub fn write_batches(articles: &[Article], count: usize, dir: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(dir).expect("batch folder");
    let size = articles.len().div_ceil(count);
    articles
        .chunks(size)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("batch-{:02}.jsonl", i + 1));
            write_jsonl(chunk, &path);
            path
        })
        .collect()
}

/// Writes `articles` to `path` as JSON Lines, each with its own id, date
/// and fields.
pub fn write_jsonl(articles: &[Article], path: &Path) {
    let lines: Vec<String> = articles
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id,
                "date": a.date.to_string(),
                "title": a.title,
                "summary": a.summary,
                "source": a.agency,
                "dateline": a.dateline,
                "url": a.url,
                "body": a.body,
                "regions": a.explicit_regions,
                "actors": a.explicit_actors,
            })
            .to_string()
        })
        .collect();
    fs::write(path, lines.join("\n") + "\n").expect("JSON Lines file");
}

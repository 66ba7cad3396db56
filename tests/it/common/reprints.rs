//! Reprints of the seed article (a real AFP story), made as outlets edit
//! wire copy: headline rewritten, a line of the outlet's own, the end cut,
//! two paragraphs swapped, a few words changed. Test fixtures, not real
//! articles: they exist only in the tests' temporary folders.

use std::path::Path;

use chrono::Duration;
use sitrep::parse::{format_text_article, parse_text_article};
use sitrep::Article;

/// The seed article, parsed.
pub fn original() -> Article {
    let text = std::fs::read_to_string(super::seed()).unwrap();
    parse_text_article("seed.txt", "seed.txt", &text).expect("the seed parses")
}

/// Reprint `n` of `article`, `days` after it, by `outlet` (a fixture name).
pub fn reprint(article: &Article, n: usize, days: i64, outlet: &str) -> Article {
    let mut copy = article.clone();
    copy.date = article.date + Duration::days(days);
    copy.title = format!("{outlet}: {}", article.title.to_lowercase());
    copy.agency = outlet.to_string();
    copy.dateline = String::new();
    let mut paragraphs: Vec<String> = article
        .body
        .split("\n\n")
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    // Cut 10-30% from the end.
    let keep = paragraphs.len() * (90 - 10 * (n % 3)) / 100;
    paragraphs.truncate(keep.max(3));
    paragraphs.swap(1 + n % 2, 2 + n % 2);
    for p in &mut paragraphs {
        *p = p.replace("said", "says").replace("Saturday", "the weekend");
    }
    paragraphs.push(format!(
        "Follow {outlet} for the latest news on Africa and the world."
    ));
    copy.body = paragraphs.join("\n\n");
    copy
}

/// Three reprints: (number, days after the original, outlet).
pub const OUTLETS: [(usize, i64, &str); 3] = [
    (1, 1, "Outlet One"),
    (2, 2, "Outlet Two"),
    (3, 3, "Outlet Three"),
];

/// A folder holding the original, its `reprints` and twelve unrelated real
/// articles of the corpus.
pub fn folder(dir: &Path, reprints: &[(usize, i64, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    let article = original();
    write(dir, "original.txt", &article);
    for &(n, days, outlet) in reprints {
        write(
            dir,
            &format!("reprint-{n}.txt"),
            &reprint(&article, n, days, outlet),
        );
    }
    let wikinews = super::corpus().join("wikinews");
    let mut others: Vec<_> = std::fs::read_dir(&wikinews)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    others.sort();
    for path in others.iter().take(12) {
        std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

/// Writes `article` as `dir/name` in the plain-text format.
pub fn write(dir: &Path, name: &str, article: &Article) {
    std::fs::write(dir.join(name), format_text_article(article)).unwrap();
}

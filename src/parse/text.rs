//! Our plain-text article format, defined by the seed article:
//!
//! ```text
//!  date 2021-09-27 Mali approaches Russian security, criticizes France
//!
//! SEEKING NEW PARTNERS: Mali accused France of abandoning ...   <- summary (optional)
//!
//! AFP, UNITED NATIONS                                          <- credit line (optional)
//!
//! Mali has asked private Russian companies ...                 <- body paragraphs
//! ```

use chrono::NaiveDate;

use super::Warning;
use crate::article::Article;

/// The credit line is looked for among the first paragraphs after the title
/// only: further down, a short line is a body paragraph.
const CREDIT_SEARCH_DEPTH: usize = 3;
const CREDIT_MAX_CHARS: usize = 80;

/// Parses one plain-text article; `path` is shown in warnings, `key` is its id.
pub fn parse_text_article(path: &str, key: &str, text: &str) -> Result<Article, Warning> {
    let mut lines = text.lines().enumerate();
    let (index, first) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or_else(|| Warning::file(path, "empty file"))?;
    let line_no = index + 1;
    let (date, title) =
        parse_date_line(first).map_err(|reason| Warning::line(path, line_no, reason))?;
    let paragraphs = paragraphs(lines.map(|(_, l)| l));
    let mut article = Article::new(key.to_string(), path.to_string(), date, title);
    match paragraphs
        .iter()
        .take(CREDIT_SEARCH_DEPTH)
        .position(|p| credit_line(p).is_some())
    {
        Some(c) => {
            let (agency, dateline) = credit_line(&paragraphs[c]).unwrap_or_default();
            article.agency = agency;
            article.dateline = dateline;
            article.summary = paragraphs[..c].join("\n\n");
            article.body = paragraphs[c + 1..].join("\n\n");
        }
        None => article.body = paragraphs.join("\n\n"),
    }
    Ok(article)
}

/// Reads ` date YYYY-MM-DD <title>`.
fn parse_date_line(line: &str) -> Result<(NaiveDate, String), String> {
    const EXPECTED: &str = "expected the first line to be ` date YYYY-MM-DD <title>`";
    let rest = line
        .trim()
        .strip_prefix("date")
        .filter(|r| r.starts_with(char::is_whitespace))
        .ok_or_else(|| format!("no date line: {EXPECTED}"))?
        .trim_start();
    let (date_text, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let date = parse_iso_date(date_text)?;
    let title = title.trim();
    if title.is_empty() {
        return Err("missing title after the date".to_string());
    }
    Ok((date, title.to_string()))
}

/// Parses `YYYY-MM-DD`, telling an impossible day (2021-02-30) from a malformed one.
pub(crate) fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(format!("malformed date `{text}`: expected YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("impossible date `{text}`: no such day in the calendar"))
}

/// Groups lines into paragraphs separated by blank lines; lines inside a
/// paragraph are joined with a space.
fn paragraphs<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines.map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// Recognises a credit line: `AGENCY, DATELINE` with the dateline in capitals
/// (`AFP, UNITED NATIONS`), or a bare agency of at most three capitalised
/// words (`Wikinews`, `AFP`). Returns (agency, dateline).
fn credit_line(paragraph: &str) -> Option<(String, String)> {
    let p = paragraph.trim();
    if p.chars().count() > CREDIT_MAX_CHARS
        || p.ends_with(['.', '!', '?', ':', ';', '"', '\u{201d}'])
    {
        return None;
    }
    match p.split_once(',') {
        Some((agency, dateline)) => {
            let (agency, dateline) = (agency.trim(), dateline.trim());
            let ok = is_agency(agency, 5)
                && !dateline.is_empty()
                && dateline.chars().any(char::is_alphabetic)
                && !dateline.chars().any(char::is_lowercase);
            ok.then(|| (agency.to_string(), dateline.to_string()))
        }
        None => is_agency(p, 3).then(|| (p.to_string(), String::new())),
    }
}

fn is_agency(text: &str, max_words: usize) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= max_words
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../corpus/000_fb48966184d411e3.txt");

    #[test]
    fn seed_article_fields() {
        let a = parse_text_article("seed.txt", "seed.txt", SEED).unwrap();
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2021, 9, 27).unwrap());
        assert_eq!(
            a.title,
            "Mali approaches Russian security, criticizes France"
        );
        assert!(a
            .summary
            .starts_with("SEEKING NEW PARTNERS: Mali accused France"));
        assert_eq!(a.agency, "AFP");
        assert_eq!(a.dateline, "UNITED NATIONS");
        assert!(a
            .body
            .starts_with("Mali has asked private Russian companies"));
        assert!(a.body.ends_with("alongside Malian forces."));
        assert_eq!(a.id, "seed.txt");
    }

    #[test]
    fn summary_and_credit_are_optional() {
        let a = parse_text_article(
            "a",
            "a",
            "\n\n   date 2020-01-02 Title here\nBody one.\n\nBody two.",
        )
        .unwrap();
        assert_eq!(a.title, "Title here");
        assert_eq!(a.summary, "");
        assert_eq!(a.agency, "");
        assert_eq!(a.body, "Body one.\n\nBody two.");
        let b = parse_text_article("b", "b", " date 2020-01-02 T\n\nWikinews\n\nBody.").unwrap();
        assert_eq!(
            (b.agency.as_str(), b.summary.as_str(), b.body.as_str()),
            ("Wikinews", "", "Body.")
        );
    }

    #[test]
    fn bad_date_lines_are_explained_with_line_numbers() {
        let none = parse_text_article("f", "f", "\nHello world\n").unwrap_err();
        assert_eq!(none.line, Some(2));
        assert!(none.reason.contains("no date line"), "{}", none.reason);
        let impossible = parse_text_article("f", "f", " date 2021-02-30 Title").unwrap_err();
        assert!(impossible.reason.contains("impossible date `2021-02-30`"));
        let malformed = parse_text_article("f", "f", " date 21-2-3 Title").unwrap_err();
        assert!(malformed.reason.contains("malformed date"));
        let untitled = parse_text_article("f", "f", " date 2021-02-03").unwrap_err();
        assert!(untitled.reason.contains("missing title"));
        assert!(parse_text_article("f", "f", " dated 2021-02-03 x").is_err());
    }

    #[test]
    fn sentences_are_not_credit_lines() {
        assert_eq!(
            credit_line("AFP, UNITED NATIONS"),
            Some(("AFP".into(), "UNITED NATIONS".into()))
        );
        assert_eq!(
            credit_line("Reuters, KYIV"),
            Some(("Reuters".into(), "KYIV".into()))
        );
        assert_eq!(
            credit_line("Mali has asked private Russian companies to boost security."),
            None
        );
        assert_eq!(credit_line("However, with Paris set to reduce"), None);
    }
}

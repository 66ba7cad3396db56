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

use chrono::{Days, NaiveDate, Utc};

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
    article.detect_language();
    Ok(article)
}

/// Prints an article in the plain-text format that [`parse_text_article`]
/// reads: the date line, then (when there is a credit line) the summary and
/// `AGENCY, DATELINE`, then the body. Parsing the result gives back the
/// date, title, summary, agency, dateline and body of any article this
/// format can hold: one whose title is a single line, whose summary or
/// dateline come with an agency, and whose first body paragraph does not
/// read as a credit line. Ids, urls and explicit facets are not part of the
/// format (JSON carries them).
pub fn format_text_article(article: &Article) -> String {
    let mut out = format!(" date {} {}\n", article.date, article.title);
    let credit = match (article.agency.as_str(), article.dateline.as_str()) {
        (agency, "") => agency.to_string(),
        (agency, dateline) => format!("{agency}, {dateline}"),
    };
    // Without a credit line, a summary would read as the body's start.
    let parts: &[&str] = if credit.is_empty() {
        &[&article.body]
    } else {
        &[&article.summary, &credit, &article.body]
    };
    for part in parts.iter().filter(|p| !p.is_empty()) {
        out.push('\n');
        out.push_str(part);
        out.push('\n');
    }
    out
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
    let date = parse_article_date(date_text)?;
    let title = clean(title);
    if title.is_empty() {
        return Err("missing title after the date".to_string());
    }
    Ok((date, title))
}

/// The earliest publication date accepted: older ones are typos (`0201`)
/// or placeholder values, not reports.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Parses a publication date and refuses those outside 1900-01-01 ..=
/// tomorrow (tomorrow, not today: a report filed east of UTC is dated a
/// day ahead).
pub(crate) fn parse_article_date(text: &str) -> Result<NaiveDate, String> {
    let date = parse_iso_date(text)?;
    let latest = Utc::now().date_naive() + Days::new(1);
    if date < EARLIEST || date > latest {
        return Err(format!(
            "date `{text}` is outside {EARLIEST}..={latest}: not a plausible publication date"
        ));
    }
    Ok(date)
}

/// Trims text and removes control characters other than line breaks and
/// tabs (a NUL or escape code escaped in JSON, a stray form feed), which
/// would otherwise end up in the index and in the terminal.
pub(crate) fn clean(text: &str) -> String {
    let trimmed = text.trim();
    if !trimmed.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return trimmed.to_string();
    }
    trimmed
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect::<String>()
        .trim()
        .to_string()
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
    let mut current: Vec<String> = Vec::new();
    for line in lines.map(clean) {
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
    fn printed_articles_parse_back_to_the_same_fields() {
        let seed = parse_text_article("seed.txt", "seed.txt", SEED).unwrap();
        let printed = format_text_article(&seed);
        assert_eq!(
            parse_text_article("seed.txt", "seed.txt", &printed).unwrap(),
            seed
        );
        let mut bare = Article::new("b".into(), "b".into(), seed.date, "Only a title".into());
        assert_eq!(
            format_text_article(&bare),
            " date 2021-09-27 Only a title\n"
        );
        bare.body = "One.\n\nTwo.".into();
        assert_eq!(
            parse_text_article("b", "b", &format_text_article(&bare)).unwrap(),
            bare
        );
    }

    #[test]
    fn implausible_dates_and_control_characters() {
        let old = parse_text_article("f", "f", " date 1850-01-01 Old news").unwrap_err();
        assert!(
            old.reason.contains("outside 1900-01-01..="),
            "{}",
            old.reason
        );
        assert!(parse_text_article("f", "f", " date 2999-01-01 Future").is_err());
        assert!(parse_text_article("f", "f", " date 1900-01-01 First day").is_ok());
        let text = " date 2020-01-01 Ti\u{7}tle\n\nThe bo\u{0}dy\u{1b}[31m ends.";
        let a = parse_text_article("f", "f", text).unwrap();
        assert_eq!(
            (a.title.as_str(), a.body.as_str()),
            ("Title", "The body[31m ends.")
        );
        let blank = parse_text_article("f", "f", " date 2020-01-01 \u{7}\u{8}").unwrap_err();
        assert!(blank.reason.contains("missing title"));
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

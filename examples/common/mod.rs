//! Reading UCDP GED events, shared by the evaluation programs
//! (`eval_extraction`, `eval_events`): the GeoJSON download (properties of
//! each feature) and the CSV exports, into each program's own event type,
//! and the headlines of an event.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The events of a GED file: `.geojson` (a feature collection; the
/// properties of each feature are read as `T`) or `.csv` (one row each, by
/// column name).
pub fn read_events<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::Reader::from_path(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        return reader
            .deserialize()
            .enumerate()
            .map(|(i, row)| row.with_context(|| format!("{}: record {}", path.display(), i + 1)))
            .collect();
    }
    #[derive(Deserialize)]
    struct Collection<T> {
        features: Vec<Feature<T>>,
    }
    #[derive(Deserialize)]
    struct Feature<T> {
        properties: T,
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let collection: Collection<T> = serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("{}: not GED GeoJSON", path.display()))?;
    Ok(collection
        .features
        .into_iter()
        .map(|f| f.properties)
        .collect())
}

/// An event's headlines, one a line as separate titles would be: those of
/// `source_headline` (joined by `;`; each cut at a Factiva field tag, as
/// `AU \t` + author is not headline and `AU` would read as the African
/// Union), or where that is empty (most of the Yemen set) the headlines
/// inside the `source_article` citations.
pub fn headlines(source_headline: &str, source_article: &str) -> Vec<String> {
    if source_headline.trim().is_empty() {
        return article_headlines(source_article);
    }
    source_headline
        .split(';')
        .flat_map(|headline| {
            headline
                .lines()
                .take_while(|line| !is_factiva_tag(line))
                .map(|line| line.trim().trim_matches('"').trim())
                .filter(|line| !line.is_empty())
        })
        .map(String::from)
        .collect()
}

/// A Factiva field line: two capitals, a space and a tab (`AU \t` author,
/// `CR \t` credit).
fn is_factiva_tag(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 4 && b[..2].iter().all(u8::is_ascii_uppercase) && &b[2..4] == b" \t"
}

/// The headlines inside `source_article` citations: "Outlet, YYYY-MM-DD,
/// Headline", several joined by `,`, `;` or `///`. A headline runs from the
/// comma after a date to the separator before the next citation's outlet.
fn article_headlines(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let dates: Vec<(usize, usize)> = (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            let d = &bytes[i..i + 10];
            d[..4].iter().all(u8::is_ascii_digit)
                && d[4] == b'-'
                && d[5..7].iter().all(u8::is_ascii_digit)
                && d[7] == b'-'
                && d[8..].iter().all(u8::is_ascii_digit)
        })
        .map(|i| (i, i + 10))
        .collect();
    let mut out = Vec::new();
    for (k, &(_, end)) in dates.iter().enumerate() {
        let rest = text[end..].trim_start();
        let Some(rest) = rest.strip_prefix(',') else {
            continue;
        };
        let start = text.len() - rest.len();
        let stop = match dates.get(k + 1) {
            Some(&(next, _)) => {
                // Back over ", " and the next outlet's name to its separator.
                let before = text[..next].trim_end().trim_end_matches(',');
                before
                    .rfind([',', ';'])
                    .or_else(|| before.rfind("///"))
                    .unwrap_or(before.len())
                    .max(start)
            }
            None => text.len(),
        };
        let headline = text[start..stop]
            .trim()
            .trim_matches(|c: char| c == '"' || c == '/' || c == ';' || c == ',')
            .trim();
        if !headline.is_empty() {
            out.push(headline.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factiva_metadata_is_cut_and_quotes_dropped() {
        assert_eq!(
            headlines(
                "Rebels attack\n\nAU \t\nPeter Stubley;\"Killings\"\nCR \tKyodo",
                ""
            ),
            ["Rebels attack", "Killings"]
        );
        assert!(!is_factiva_tag("AU SUD DE BRIA"));
    }

    #[test]
    fn headlines_inside_citations() {
        assert_eq!(
            headlines(
                "",
                "Agence France Presse, 2011-03-26, Yemen president's party opposes ouster, \
                 Reuters News, 2011-03-26, Five suspected al Qaeda militants killed in Yemen"
            ),
            [
                "Yemen president's party opposes ouster",
                "Five suspected al Qaeda militants killed in Yemen"
            ]
        );
        assert_eq!(
            article_headlines("\"BBC Monitoring Middle East,2014-06-14,Yemeni military kills four \"terrorists\" in Shabwa\""),
            ["Yemeni military kills four \"terrorists\" in Shabwa"]
        );
    }
}

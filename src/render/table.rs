//! `search --format csv|tsv`: one row per hit, for spreadsheets, quoted by
//! the csv crate (a title with commas, quotes or line breaks stays one cell).

use crate::enrich::CasualtyKind;
use crate::search::SearchResults;

/// The columns, in order (later additions at the end, so that the columns
/// a spreadsheet refers to keep their places).
pub const COLUMNS: [&str; 11] = [
    "id", "date", "title", "source", "regions", "actors", "path", "score", "snippet", "events",
    "killed",
];

/// The hits of `results` as rows separated by `delimiter` (`b','` or
/// `b'\t'`), after the header row when `header`: facet paths of one hit are
/// joined by `; `, a missing score (date order) or killed count is an empty
/// cell, and a killed range is written `24-99`.
pub fn table_rows(results: &SearchResults, delimiter: u8, header: bool) -> csv::Result<Vec<u8>> {
    let mut table = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    if header {
        table.write_record(COLUMNS)?;
    }
    for hit in &results.hits {
        let score = hit.score.map(|s| s.to_string()).unwrap_or_default();
        let killed = hit
            .casualties
            .get(&CasualtyKind::Killed)
            .map(ToString::to_string)
            .unwrap_or_default();
        table.write_record([
            hit.id.as_str(),
            &hit.date,
            &hit.title,
            &hit.source,
            &hit.regions.join("; "),
            &hit.actors.join("; "),
            &hit.path,
            &score,
            &hit.snippet,
            &hit.events.join("; "),
            &killed,
        ])?;
    }
    table
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

//! The one-line summaries that `index`, `export` and `push` print when they end.

use std::path::Path;

use super::human::plural;
use crate::index::IndexReport;
use crate::remote::{ExportReport, PushReport};

/// `indexed N articles from N files in S s (MB, MB/s); index holds N documents; files: ...`.
pub fn index_summary(report: &IndexReport) -> String {
    let mut line = format!(
        "indexed {} from {} in {:.2} s ({:.1} MB, {:.1} MB/s); index holds {}",
        plural(report.articles as u64, "article"),
        plural(report.files as u64, "file"),
        report.elapsed.as_secs_f64(),
        report.bytes as f64 / 1e6,
        report.mb_per_sec(),
        plural(report.total_docs, "document"),
    );
    line.push_str(&format!(
        "; files: added {}, updated {}, removed {}, unchanged {}",
        report.added, report.updated, report.removed, report.unchanged
    ));
    if report.failed > 0 {
        line.push_str(&format!(", failed {}", report.failed));
    }
    line.push_str(&skipped_note(report));
    if !report.ignored.is_empty() {
        let names: Vec<String> = report
            .ignored
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        let more = if report.ignored.len() > 3 {
            ", ..."
        } else {
            ""
        };
        line.push_str(&format!(
            "; ignored {} ({}{more})",
            plural(report.ignored.len() as u64, "non-article file"),
            names.join(", ")
        ));
    }
    line
}

/// What `sitrep export` wrote into `out`.
pub fn export_summary(report: &ExportReport, out: &Path) -> String {
    let mut line = format!(
        "exported {} from {} ({:.1} MB read) in {:.2} s into {} in {} ({:.1} MB)",
        plural(report.read.articles as u64, "article"),
        plural(report.read.files as u64, "file"),
        report.read.bytes as f64 / 1e6,
        report.read.elapsed.as_secs_f64(),
        plural(report.files.len() as u64, "NDJSON file"),
        out.display(),
        report.bytes as f64 / 1e6,
    );
    if let Some(config) = &report.config {
        line.push_str(&format!("; index config {}", config.display()));
    }
    line.push_str(&skipped_note(&report.read));
    line
}

/// What `sitrep push` sent to the index `index_id` of the node at `url`.
pub fn push_summary(report: &PushReport, index_id: &str, url: &str) -> String {
    let mut line = format!(
        "pushed {} from {} ({:.1} MB) in {:.2} s to index `{}` at {} in {}; {} accepted",
        plural(report.sent, "article"),
        plural(report.read.files as u64, "file"),
        report.read.bytes as f64 / 1e6,
        report.elapsed.as_secs_f64(),
        index_id,
        url,
        plural(report.requests as u64, "request"),
        report.accepted,
    );
    if report.created {
        line.push_str(" (index created)");
    }
    line.push_str(&skipped_note(&report.read));
    line
}

/// `; skipped N (see warnings above)` when records or files were skipped.
fn skipped_note(report: &IndexReport) -> String {
    if report.skipped > 0 {
        format!("; skipped {} (see warnings above)", report.skipped)
    } else {
        String::new()
    }
}

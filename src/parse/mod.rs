//! Stage 1: files -> articles. Reads one file, picks the format from its
//! extension, and returns the articles it holds plus a warning for everything
//! that had to be skipped. Nothing here panics on bad input.

mod json;
mod text;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::article::Article;

pub use json::{JsonLines, MAX_LINE_BYTES};
pub use text::{format_text_article, parse_text_article};

/// Something in an input that could not be used, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file.
    pub path: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: String,
    /// Whether the file or record was left out; `false` for one that was
    /// indexed all the same (an article with nothing but a title).
    pub skipped: bool,
}

impl Warning {
    /// A warning about a whole file.
    pub fn file(path: &str, reason: impl Into<String>) -> Self {
        Warning {
            path: path.to_string(),
            line: None,
            reason: reason.into(),
            skipped: true,
        }
    }

    /// A warning about one line of a file.
    pub fn line(path: &str, line: usize, reason: impl Into<String>) -> Self {
        Warning {
            path: path.to_string(),
            line: Some(line),
            reason: reason.into(),
            skipped: true,
        }
    }

    /// The same warning about something that was indexed all the same.
    pub fn kept(self) -> Self {
        Warning {
            skipped: false,
            ..self
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// What one input file yielded.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Articles parsed successfully.
    pub articles: Vec<Article>,
    /// Records or whole files that were skipped, with the reason.
    pub warnings: Vec<Warning>,
}

impl FileOutcome {
    /// A file or record skipped as a whole, for `warning`'s reason.
    pub fn skipped(warning: Warning) -> Self {
        FileOutcome {
            articles: Vec::new(),
            warnings: vec![warning],
        }
    }
}

/// The input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Our plain-text article (` date YYYY-MM-DD title`, summary, credit, body).
    Text,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// One JSON object or an array of them (`.json`).
    Json,
}

impl Format {
    /// The format a file's extension announces; `None` for files that are not
    /// articles (`.md`, `.tsv`, images...). Files without an extension are
    /// read as plain text.
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            None | Some("txt") | Some("text") => Some(Format::Text),
            Some("jsonl") | Some("ndjson") => Some(Format::JsonLines),
            Some("json") => Some(Format::Json),
            Some(_) => None,
        }
    }
}

/// Parses the bytes of one file. `path` is shown in warnings; `key` (the
/// absolute path) is the base of ids for records that carry none, so that
/// `corpus/a.txt` and `./corpus/a.txt` are one article.
pub fn parse_bytes(path: &str, key: &str, bytes: &[u8], format: Format) -> FileOutcome {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return FileOutcome::skipped(Warning::file(path, "empty file"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return FileOutcome::skipped(Warning::file(
            path,
            "UTF-16 text (byte-order mark); convert the file to UTF-8",
        ));
    }
    if looks_binary(bytes) {
        return FileOutcome::skipped(Warning::file(
            path,
            "binary file (contains NUL bytes), not an article",
        ));
    }
    match format {
        Format::JsonLines => json::parse_json_lines(path, key, bytes),
        Format::Json => match utf8(path, bytes) {
            Ok(text) => json::parse_json_document(path, key, text),
            Err(w) => FileOutcome::skipped(w),
        },
        Format::Text => match utf8(path, bytes) {
            Ok(text) => match parse_text_article(path, key, text) {
                Ok(article) => FileOutcome {
                    warnings: text_notice(&article)
                        .map(|reason| Warning::file(path, reason).kept())
                        .into_iter()
                        .collect(),
                    articles: vec![article],
                },
                Err(w) => FileOutcome::skipped(w),
            },
            Err(w) => FileOutcome::skipped(w),
        },
    }
}

/// Opens a JSON Lines file to be read record by record ([`JsonLines`]),
/// without the whole-file size limit: its start is checked as
/// [`parse_bytes`] checks a whole file (UTF-16, NUL bytes), and a UTF-8
/// byte-order mark is skipped.
pub fn open_json_lines(path: &Path) -> Result<BufReader<File>, Warning> {
    let shown = path.display().to_string();
    let cannot_read = |e: std::io::Error| Warning::file(&shown, format!("cannot read: {e}"));
    let mut reader = BufReader::with_capacity(64 * 1024, File::open(path).map_err(cannot_read)?);
    let head = reader.fill_buf().map_err(cannot_read)?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(Warning::file(
            &shown,
            "UTF-16 text (byte-order mark); convert the file to UTF-8",
        ));
    }
    if looks_binary(head) {
        return Err(Warning::file(
            &shown,
            "binary file (contains NUL bytes), not an article",
        ));
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(reader)
}

/// Reads and parses one file, refusing files larger than `max_bytes`.
/// `key` is the base for ids, as in [`parse_bytes`].
pub fn parse_file(path: &Path, key: &str, format: Format, max_bytes: u64) -> FileOutcome {
    match read_file(path, max_bytes) {
        Ok(bytes) => parse_bytes(&path.display().to_string(), key, &bytes, format),
        Err(warning) => FileOutcome::skipped(warning),
    }
}

/// Reads a file of at most `max_bytes`; a larger or unreadable one becomes
/// the warning that skips it.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Warning> {
    let cannot_read =
        |e: std::io::Error| Warning::file(&path.display().to_string(), format!("cannot read: {e}"));
    let len = std::fs::metadata(path).map_err(cannot_read)?.len();
    if len > max_bytes {
        return Err(Warning::file(
            &path.display().to_string(),
            format!(
                "file is {len} bytes, over the limit of {max_bytes} bytes (raise it with --max-file-size)"
            ),
        ));
    }
    std::fs::read(path).map_err(cannot_read)
}

/// The warning for an article kept with nothing to search but its title
/// (its text was empty, or only control characters and spaces).
fn text_notice(article: &Article) -> Option<&'static str> {
    (article.body.is_empty() && article.summary.is_empty())
        .then_some("no text besides the title (empty after cleaning); indexed by its title only")
}

/// Binary files are recognised by a NUL byte in their first 8 KiB, as git
/// and ripgrep do: text formats never contain one.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes UTF-8, or explains where the first bad byte is.
fn utf8<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, Warning> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        Warning::line(
            path,
            line,
            format!("not valid UTF-8 (byte offset {offset}); convert the file to UTF-8"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(Format::for_path(Path::new("a/b.txt")), Some(Format::Text));
        assert_eq!(Format::for_path(Path::new("a/b")), Some(Format::Text));
        assert_eq!(
            Format::for_path(Path::new("b.NDJSON")),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::for_path(Path::new("b.json")), Some(Format::Json));
        assert_eq!(Format::for_path(Path::new("README.md")), None);
    }

    #[test]
    fn binary_empty_and_non_utf8_files_are_skipped_with_reasons() {
        let bin = parse_bytes("x.txt", "x.txt", b" date 2021-01-01 t\0\0", Format::Text);
        assert!(bin.warnings[0].reason.contains("binary"));
        let empty = parse_bytes("x.txt", "x.txt", b"  \n\n", Format::Text);
        assert_eq!(empty.warnings[0].reason, "empty file");
        let latin1 = parse_bytes(
            "x.txt",
            "x.txt",
            b" date 2021-01-01 t\n\ncaf\xe9\n",
            Format::Text,
        );
        assert_eq!(latin1.warnings[0].line, Some(3));
        assert!(latin1.warnings[0].reason.contains("UTF-8"));
        assert!(latin1.articles.is_empty());
    }
}

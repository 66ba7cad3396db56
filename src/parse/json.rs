//! JSON Lines (`.jsonl`/`.ndjson`: one article per line) and `.json` (one
//! article or an array of them). `date` and `title` are required; `body` (or
//! `text`), `summary`, `source`, `agency`, `dateline`, `topic`, `url`, `id`,
//! `lang` (or `language`), and explicit `regions` / `actors` lists are
//! optional.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::text::{clean, parse_article_date};
use super::{text_notice, FileOutcome, Warning};
use crate::article::Article;
use crate::language::Language;

/// Longest JSON Lines record read: a longer line is not an article but a
/// dump or a runaway writer, and is skipped instead of parsed.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Parses JSON Lines held in memory; each bad line is skipped with its own warning.
pub fn parse_json_lines(path: &str, key: &str, bytes: &[u8]) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    for record in JsonLines::new(path, key, bytes) {
        match record {
            Ok((article, notice)) => {
                outcome.warnings.extend(notice);
                outcome.articles.push(article);
            }
            Err(warning) => outcome.warnings.push(warning),
        }
    }
    outcome
}

/// The records of a JSON Lines stream, read one line at a time: memory holds
/// one line of at most [`MAX_LINE_BYTES`] (a longer one is skipped to its
/// end), so a file of any size can be read. Each item is an article with the
/// notice it was kept with, or the warning a line was skipped with; a read
/// error ends the stream with its warning.
pub struct JsonLines<'a, R> {
    path: &'a str,
    key: &'a str,
    reader: R,
    line: Vec<u8>,
    line_no: usize,
    done: bool,
}

impl<'a, R: BufRead> JsonLines<'a, R> {
    /// Records of `reader`; `path` is shown in warnings, `key` is the base of
    /// the ids of records that carry none (`KEY:LINE`).
    pub fn new(path: &'a str, key: &'a str, reader: R) -> Self {
        JsonLines {
            path,
            key,
            reader,
            line: Vec::new(),
            line_no: 0,
            done: false,
        }
    }

    /// Reads the next line into `self.line`, keeping at most one byte more
    /// than [`MAX_LINE_BYTES`]; returns the line's whole length, `None` at
    /// the end.
    fn next_line(&mut self) -> std::io::Result<Option<usize>> {
        self.line.clear();
        let (mut len, mut any) = (0, false);
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(any.then_some(len));
            }
            any = true;
            let newline = buf.iter().position(|&b| b == b'\n');
            let chunk = &buf[..newline.unwrap_or(buf.len())];
            let room = (MAX_LINE_BYTES + 1).saturating_sub(self.line.len());
            self.line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            len += chunk.len();
            let used = chunk.len() + usize::from(newline.is_some());
            self.reader.consume(used);
            if newline.is_some() {
                return Ok(Some(len));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<'_, R> {
    type Item = Result<(Article, Option<Warning>), Warning>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let len = match self.next_line() {
                Ok(Some(len)) => len,
                Ok(None) => break,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Warning::line(
                        self.path,
                        self.line_no + 1,
                        format!("cannot read: {e}"),
                    )));
                }
            };
            self.line_no += 1;
            let (path, line_no) = (self.path, self.line_no);
            if len > MAX_LINE_BYTES {
                return Some(Err(Warning::line(
                    path,
                    line_no,
                    format!(
                        "line is {len} bytes, over the limit of {MAX_LINE_BYTES} bytes for one record"
                    ),
                )));
            }
            let raw = self.line.as_slice();
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(raw)
                .map_err(|e| format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1))
                .and_then(|line| {
                    serde_json::from_str::<Value>(line).map_err(|e| format!("malformed JSON: {e}"))
                })
                .and_then(|value| {
                    article_from_value(path, &format!("{}:{line_no}", self.key), &value)
                });
            return Some(match parsed {
                Ok((article, note)) => {
                    let notice = notice(&article, note)
                        .map(|reason| Warning::line(path, line_no, reason).kept());
                    Ok((article, notice))
                }
                Err(reason) => Err(Warning::line(path, line_no, reason)),
            });
        }
        None
    }
}

/// Parses a `.json` file holding one article object or an array of them.
pub fn parse_json_document(path: &str, key: &str, text: &str) -> FileOutcome {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return FileOutcome::skipped(Warning::line(
                path,
                e.line(),
                format!("malformed JSON: {e}"),
            ))
        }
    };
    let mut outcome = FileOutcome::default();
    let mut record =
        |id: String, label: String, item: &Value| match article_from_value(path, &id, item) {
            Ok((article, note)) => {
                if let Some(reason) = notice(&article, note) {
                    let warning = Warning::file(path, format!("{label}{reason}"));
                    outcome.warnings.push(warning.kept());
                }
                outcome.articles.push(article);
            }
            Err(reason) => outcome
                .warnings
                .push(Warning::file(path, format!("{label}{reason}"))),
        };
    match &value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                record(format!("{key}#{i}"), format!("record {i}: "), item);
            }
        }
        single => record(key.to_string(), String::new(), single),
    }
    outcome
}

/// What a kept record is noted for: no text besides its title, a language
/// that had to be detected instead of read; `None` for neither.
fn notice(article: &Article, note: Option<String>) -> Option<String> {
    let parts: Vec<String> = text_notice(article)
        .map(str::to_string)
        .into_iter()
        .chain(note)
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Builds an article from one JSON object, with a note when its `lang` was
/// not one sitrep analyses. `fallback_id` is used when the record has
/// neither `id` nor `url`.
fn article_from_value(
    path: &str,
    fallback_id: &str,
    value: &Value,
) -> Result<(Article, Option<String>), String> {
    let obj = value
        .as_object()
        .ok_or_else(|| format!("expected a JSON object, found {}", kind(value)))?;
    let date_text = required_str(obj, "date")?;
    // Timestamps such as 2021-09-27T10:00:00Z are accepted: the day is what we index.
    let day = date_text.get(..10).unwrap_or(date_text);
    let date = parse_article_date(day).map_err(|e| format!("field `date`: {e}"))?;
    let title = clean(required_str(obj, "title")?);
    if title.is_empty() {
        return Err("field `title` is empty".to_string());
    }
    let url = optional_str(obj, "url")?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Null) | None => fallback(&url, fallback_id),
        Some(Value::String(_)) => fallback(&url, fallback_id),
        Some(other) => {
            return Err(format!(
                "field `id`: expected a string or number, found {}",
                kind(other)
            ))
        }
    };
    let mut article = Article::new(id, path.to_string(), date, title);
    article.url = url;
    article.summary = optional_str(obj, "summary")?;
    article.body = match optional_str(obj, "body")? {
        b if b.is_empty() => optional_str(obj, "text")?,
        b => b,
    };
    article.agency = match optional_str(obj, "source")? {
        s if s.is_empty() => optional_str(obj, "agency")?,
        s => s,
    };
    article.dateline = optional_str(obj, "dateline")?;
    article.topic = optional_str(obj, "topic")?;
    article.explicit_regions = optional_list(obj, "regions")?;
    article.explicit_actors = optional_list(obj, "actors")?;
    let note = language_of(obj, &mut article)?;
    Ok((article, note))
}

/// Sets the article's language from its `lang` (or `language`) field, else
/// by detection; a language sitrep has no analyzer for is detected instead,
/// with a note saying so.
fn language_of(obj: &Map<String, Value>, article: &mut Article) -> Result<Option<String>, String> {
    let (key, given) = match optional_str(obj, "lang")? {
        l if l.is_empty() => ("language", optional_str(obj, "language")?),
        l => ("lang", l),
    };
    if let Some(language) = Language::parse(&given) {
        article.language = language;
        return Ok(None);
    }
    article.detect_language();
    Ok((!given.is_empty()).then(|| {
        format!(
            "field `{key}`: `{given}` is not a language sitrep analyses ({}); detected as {}",
            Language::codes(),
            article.language
        )
    }))
}

fn fallback(url: &str, fallback_id: &str) -> String {
    if url.is_empty() { fallback_id } else { url }.to_string()
}

fn required_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(format!("missing required field `{key}`")),
        Some(other) => Err(format!(
            "field `{key}`: expected a string, found {}",
            kind(other)
        )),
    }
}

fn optional_str(obj: &Map<String, Value>, key: &str) -> Result<String, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(clean(s)),
        Some(other) => Err(format!(
            "field `{key}`: expected a string, found {}",
            kind(other)
        )),
    }
}

fn optional_list(obj: &Map<String, Value>, key: &str) -> Result<Vec<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    format!(
                        "field `{key}`: expected a list of strings, found {}",
                        kind(v)
                    )
                })
            })
            .collect(),
        Some(other) => Err(format!(
            "field `{key}`: expected a list of strings, found {}",
            kind(other)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_keep_good_lines_and_locate_bad_ones() {
        let input = concat!(
            r#"{"date":"2021-09-27","title":"A","body":"x","source":"AFP","url":"http://u/1"}"#,
            "\n\n",
            r#"{"date":"2021-09-27","title":"B""#,
            "\n",
            r#"{"title":"C"}"#,
            "\n",
            r#"{"date":"2021-02-30","title":"D"}"#,
            "\n",
            r#"{"date":"2021-09-28T08:00:00Z","title":"E","text":"t","regions":["Mali"],"topic":"War in Mali"}"#,
            "\n"
        );
        let out = parse_json_lines("f.jsonl", "f.jsonl", input.as_bytes());
        let ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["http://u/1", "f.jsonl:6"]);
        assert_eq!(out.articles[0].agency, "AFP");
        assert_eq!(out.articles[1].body, "t");
        assert_eq!(out.articles[1].explicit_regions, ["Mali"]);
        assert_eq!(out.articles[1].topic, "War in Mali");
        assert_eq!(out.articles[0].topic, "");
        let lines: Vec<Option<usize>> = out.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5)]);
        assert!(out.warnings[0].reason.starts_with("malformed JSON"));
        assert!(out.warnings[1]
            .reason
            .contains("missing required field `date`"));
        assert!(out.warnings[2].reason.contains("impossible date"));
    }

    #[test]
    fn json_documents_hold_one_article_or_many() {
        let one = parse_json_document(
            "a.json",
            "a.json",
            r#"{"id":7,"date":"2020-01-01","title":"T"}"#,
        );
        assert_eq!(one.articles[0].id, "7");
        let many = parse_json_document(
            "b.json",
            "b.json",
            r#"[{"date":"2020-01-01","title":"T","body":"B"}, 3]"#,
        );
        assert_eq!(many.articles[0].id, "b.json#0");
        assert!(many.warnings[0]
            .reason
            .contains("record 1: expected a JSON object"));
        let broken = parse_json_document("c.json", "c.json", "{\n\"date\": }");
        assert_eq!(broken.warnings[0].line, Some(2));
    }
}

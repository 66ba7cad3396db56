//! The article: what every input format is parsed into, before enrichment.

use chrono::NaiveDate;
use serde::Serialize;

use crate::language::Language;

/// One dated report, as parsed from a plain-text file or a JSON record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable identity: the record's `id` or `url`, else the file path
    /// (plus `:LINE` for a JSON Lines record). Re-indexing replaces by it.
    pub id: String,
    /// The file the article came from.
    pub path: String,
    /// Publication date.
    pub date: NaiveDate,
    /// Headline.
    pub title: String,
    /// Standfirst / lead paragraph, if the source has one.
    pub summary: String,
    /// Wire agency or outlet from the credit line (`AFP`), or the JSON `source`.
    pub agency: String,
    /// Place the story was filed from (`UNITED NATIONS`).
    pub dateline: String,
    /// Body text, paragraphs separated by blank lines.
    pub body: String,
    /// The topic headings the article certainly belongs to, outermost first,
    /// joined by ` › ` (a JSON record's `topic`: Wikipedia Current Events
    /// items carry theirs); usually empty.
    pub topic: String,
    /// Link to the original, if known.
    pub url: String,
    /// Region names or facet paths given explicitly by the record.
    pub explicit_regions: Vec<String>,
    /// Actor names or facet paths given explicitly by the record.
    pub explicit_actors: Vec<String>,
    /// The language of the text: the record's `lang`/`language` field, else
    /// detected by the parser ([`Language::detect`]).
    pub language: Language,
}

impl Article {
    /// An article with only the required fields set.
    pub fn new(id: String, path: String, date: NaiveDate, title: String) -> Self {
        Article {
            id,
            path,
            date,
            title,
            summary: String::new(),
            agency: String::new(),
            dateline: String::new(),
            body: String::new(),
            topic: String::new(),
            url: String::new(),
            explicit_regions: Vec::new(),
            explicit_actors: Vec::new(),
            language: Language::default(),
        }
    }

    /// The text that enrichment reads: title, summary and body. The dateline is
    /// left out on purpose: it says where the story was filed, not where events
    /// happened (a story about Mali is often filed at the UN in New York); so
    /// is the topic, whose outer headings name the wider conflict, not this
    /// event (`2024 Israel–Lebanon ceasefire agreement` over a shooting).
    pub fn searchable_text(&self) -> String {
        [&self.title, &self.summary, &self.body]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Sets [`Article::language`] from the text, once its fields are read.
    pub fn detect_language(&mut self) {
        self.language = Language::detect(&[&self.title, &self.summary, &self.body]);
    }
}

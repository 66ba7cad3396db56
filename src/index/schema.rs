//! The index schema, built from `index-schema/schema.json`, and the text
//! analyzers it names.

use serde::Deserialize;
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, JsonObjectOptions, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as StemLanguage, LowerCaser, RawTokenizer, RemoveLongFilter,
    SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer, TokenFilter, TokenStream, Tokenizer,
};

use super::tokenizer::WordTokenizer;
use tantivy::Index;

use super::languages::{analyzer_name, ANALYZERS};
use super::stemmer::MemoStemmer;
use crate::enrich::CasualtyKind;
use crate::error::{Error, Result};
use crate::language::Language;

const SCHEMA_JSON: &str = include_str!("../../index-schema/schema.json");

/// Analyzer for article text: lower-case, ASCII folding, English stemming.
pub const ENGLISH: &str = "english";
/// Analyzer for names (agency, dateline): lower-case and folding only.
pub const NAME: &str = "name";

/// How a text field is analysed: which analyzer a query word goes through
/// before it is looked up there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    /// English (stemmed): the title, summary, body and topic of every report.
    English,
    /// Names, folded only (agency, dateline).
    Name,
    /// Another language's analyzer: the `text_xx` field of its reports.
    Language(Language),
}

/// The type of a field in `schema.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// An untokenised string (`id`, `path`).
    String,
    /// An unsigned number (file stamps, casualty counts).
    U64,
    /// Analysed text.
    Text,
    /// A day.
    Date,
    /// A facet path.
    Facet,
    /// Stored objects, not indexed.
    Json,
}

/// One field as described in `schema.json`.
#[derive(Debug, Deserialize)]
pub struct FieldSpec {
    /// Field name.
    pub name: String,
    /// Its type (`"type"` in the file).
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Analyzer for `text` fields.
    #[serde(default)]
    pub analyzer: Option<String>,
    /// Whether the value is stored for display.
    #[serde(default)]
    pub stored: bool,
    /// Whether a fast (columnar) copy is kept.
    #[serde(default)]
    pub fast: bool,
    /// Whether a `u64` field is indexed, so that a term query finds its
    /// documents (`copy`: the members of a group).
    #[serde(default)]
    pub indexed: bool,
    /// BM25 boost when searched by default.
    #[serde(default)]
    pub boost: Option<f32>,
    /// Whether unqualified query words search this field.
    #[serde(default)]
    pub default_search: bool,
    /// Bookkeeping of the local index only (e.g. `added`): not part of the
    /// documents sent to Quickwit, nor of its index config.
    #[serde(default)]
    pub local: bool,
}

/// The parsed `schema.json`.
#[derive(Debug, Deserialize)]
pub struct SchemaSpec {
    /// Format version, bumped on every incompatible change.
    pub version: u32,
    /// The fields.
    pub fields: Vec<FieldSpec>,
}

impl SchemaSpec {
    /// The specification compiled into the binary.
    pub fn embedded() -> Self {
        serde_json::from_str(SCHEMA_JSON)
            .expect("index-schema/schema.json is valid (checked by a unit test)")
    }

    /// Builds the tantivy schema.
    pub fn build(&self) -> Schema {
        let mut builder = Schema::builder();
        for spec in &self.fields {
            match spec.kind {
                FieldType::String => {
                    let mut opts = if spec.stored { STRING | STORED } else { STRING };
                    if spec.fast {
                        opts = opts.set_fast("raw");
                    }
                    builder.add_text_field(&spec.name, opts);
                }
                FieldType::U64 => {
                    let mut opts = NumericOptions::default();
                    if spec.fast {
                        opts = opts | FAST;
                    }
                    if spec.stored {
                        opts = opts | STORED;
                    }
                    if spec.indexed {
                        opts = opts | INDEXED;
                    }
                    builder.add_u64_field(&spec.name, opts);
                }

                FieldType::Json => {
                    let opts = if spec.stored {
                        JsonObjectOptions::default().set_stored()
                    } else {
                        JsonObjectOptions::default()
                    };
                    builder.add_json_field(&spec.name, opts);
                }
                FieldType::Text => {
                    let indexing = TextFieldIndexing::default()
                        .set_tokenizer(spec.analyzer.as_deref().unwrap_or(ENGLISH))
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
                    let mut opts = TextOptions::default().set_indexing_options(indexing);
                    if spec.stored {
                        opts = opts.set_stored();
                    }
                    builder.add_text_field(&spec.name, opts);
                }
                FieldType::Date => {
                    let mut opts = DateOptions::default().set_indexed();
                    if spec.stored {
                        opts = opts.set_stored();
                    }
                    if spec.fast {
                        opts = opts.set_fast();
                    }
                    builder.add_date_field(&spec.name, opts);
                }
                FieldType::Facet => {
                    let opts = if spec.stored {
                        FacetOptions::default().set_stored()
                    } else {
                        FacetOptions::default()
                    };
                    builder.add_facet_field(&spec.name, opts);
                }
            }
        }
        builder.build()
    }

    /// Fields searched by unqualified query words, with their boosts.
    pub fn default_fields(&self) -> Vec<(String, f32)> {
        self.fields
            .iter()
            .filter(|f| f.default_search)
            .map(|f| (f.name.clone(), f.boost.unwrap_or(1.0)))
            .collect()
    }

    /// How the text field `name` is analysed: by its `analyzer` in
    /// `schema.json` (English when it names none).
    pub fn analysis(&self, name: &str) -> Analysis {
        let analyzer = self
            .fields
            .iter()
            .find(|f| f.name == name && f.kind == FieldType::Text)
            .map_or(NAME, |f| f.analyzer.as_deref().unwrap_or(ENGLISH));
        if analyzer == ENGLISH {
            return Analysis::English;
        }
        Language::ALL
            .into_iter()
            .find(|&l| analyzer_name(l) == analyzer)
            .map_or(Analysis::Name, Analysis::Language)
    }

    /// Whether the field `name` is text analysed as English (stemmed); the
    /// other text fields are names (agency, dateline), folded only, or one
    /// language's text.
    pub fn is_english(&self, name: &str) -> bool {
        self.analysis(name) == Analysis::English
    }
}

/// The fields the code names, as `schema.json` spells them (a unit test
/// checks that each is there): one spelling for the local index, the
/// documents sent to Quickwit and the queries sent there. The casualty
/// counts are named by [`CasualtyKind::min_field`] and `max_field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Id,
    Path,
    FileSize,
    FileMtime,
    FileHash,
    Added,
    Written,
    Fingerprint,
    Copy,
    Sketch,
    Story,
    Url,
    Title,
    Summary,
    Body,
    Topic,
    Agency,
    Dateline,
    /// The text of a report in this language (not English): `text_fr`...
    Text(Language),
    Date,
    Region,
    Actor,
    Calendar,
    Event,
    Violence,
    Language,
    Casualties,
}

impl FieldName {
    /// Every named field.
    pub const ALL: [FieldName; 30] = [
        FieldName::Id,
        FieldName::Path,
        FieldName::FileSize,
        FieldName::FileMtime,
        FieldName::FileHash,
        FieldName::Added,
        FieldName::Written,
        FieldName::Fingerprint,
        FieldName::Copy,
        FieldName::Sketch,
        FieldName::Story,
        FieldName::Url,
        FieldName::Title,
        FieldName::Summary,
        FieldName::Body,
        FieldName::Topic,
        FieldName::Agency,
        FieldName::Dateline,
        FieldName::Text(Language::French),
        FieldName::Text(Language::Arabic),
        FieldName::Text(Language::Russian),
        FieldName::Text(Language::Ukrainian),
        FieldName::Date,
        FieldName::Region,
        FieldName::Actor,
        FieldName::Calendar,
        FieldName::Event,
        FieldName::Violence,
        FieldName::Language,
        FieldName::Casualties,
    ];

    /// Fields a query may name with `field:`: the text fields.
    pub const QUERYABLE: [FieldName; 6] = [
        FieldName::Title,
        FieldName::Summary,
        FieldName::Body,
        FieldName::Topic,
        FieldName::Agency,
        FieldName::Dateline,
    ];

    /// The field's name in the schema.
    pub const fn name(self) -> &'static str {
        match self {
            FieldName::Id => "id",
            FieldName::Path => "path",
            FieldName::FileSize => "file_size",
            FieldName::FileMtime => "file_mtime",
            FieldName::FileHash => "file_hash",
            FieldName::Added => "added",
            FieldName::Written => "written",
            FieldName::Fingerprint => "fingerprint",
            FieldName::Copy => "copy",
            FieldName::Sketch => "sketch",
            FieldName::Story => "story",
            FieldName::Url => "url",
            FieldName::Title => "title",
            FieldName::Summary => "summary",
            FieldName::Body => "body",
            FieldName::Topic => "topic",
            FieldName::Agency => "agency",
            FieldName::Dateline => "dateline",
            FieldName::Text(language) => match language {
                // English text is in title, summary, body and topic.
                Language::English => "body",
                Language::French => "text_fr",
                Language::Arabic => "text_ar",
                Language::Russian => "text_ru",
                Language::Ukrainian => "text_uk",
            },
            FieldName::Date => "date",
            FieldName::Region => "region",
            FieldName::Actor => "actor",
            FieldName::Calendar => "calendar",
            FieldName::Event => "event",
            FieldName::Violence => "violence",
            FieldName::Language => "language",
            FieldName::Casualties => "casualties",
        }
    }
}

/// Handles to every field the code uses.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable identity.
    pub id: Field,
    /// Source file.
    pub path: Field,
    /// Original link.
    pub url: Field,
    /// Headline.
    pub title: Field,
    /// Standfirst.
    pub summary: Field,
    /// Body text.
    pub body: Field,
    /// Topic headings the article certainly belongs to.
    pub topic: Field,
    /// Agency / outlet.
    pub agency: Field,
    /// Dateline place.
    pub dateline: Field,
    /// The text field of each language other than English, in
    /// [`Language::ALL`] order.
    pub texts: [Field; 4],
    /// Publication day.
    pub date: Field,
    /// Region facet.
    pub region: Field,
    /// Actor facet.
    pub actor: Field,
    /// `/YYYY/MM/DD` facet.
    pub calendar: Field,
    /// Size in bytes of the source file when indexed.
    pub file_size: Field,
    /// Modification time (ns since the epoch) of the source file when indexed.
    pub file_mtime: Field,
    /// xxh3-64 of the source file's bytes when indexed.
    pub file_hash: Field,
    /// The commit opstamp its batch began at, kept across re-indexing.
    pub added: Field,
    /// The commit opstamp this version's batch began at.
    pub written: Field,
    /// MinHash fingerprint of the text ([`super::fingerprint`]).
    pub fingerprint: Field,
    /// The group of reprints ([`super::copies`]).
    pub copy: Field,
    /// The words a story is recognised by ([`super::sketch`]).
    pub sketch: Field,
    /// The group of reports of one event ([`super::copies`]).
    pub story: Field,
    /// ACLED event type facet.
    pub event: Field,
    /// UCDP violence type facet.
    pub violence: Field,
    /// Language facet (`/fr`).
    pub language: Field,
    /// Per casualty kind (in [`CasualtyKind::ALL`] order), the article's
    /// least and greatest count.
    pub totals: [(Field, Field); 4],
    /// Every casualty count with its sentence (stored JSON objects).
    pub casualties: Field,
}

impl Fields {
    /// Looks the fields up in `schema`; an index missing one was built by
    /// another program or another version of sitrep.
    pub fn for_schema(schema: &Schema, index_dir: &std::path::Path) -> Result<Fields> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| Error::Index {
                path: index_dir.to_path_buf(),
                message: format!(
                    "it has no `{name}` field: it was built by another program or an incompatible sitrep version; rebuild it with `sitrep index --rebuild`"
                ),
            })
        };
        let total = |kind: CasualtyKind| -> Result<(Field, Field)> {
            Ok((get(kind.min_field())?, get(kind.max_field())?))
        };
        Ok(Fields {
            id: get(FieldName::Id.name())?,
            path: get(FieldName::Path.name())?,
            url: get(FieldName::Url.name())?,
            title: get(FieldName::Title.name())?,
            summary: get(FieldName::Summary.name())?,
            body: get(FieldName::Body.name())?,
            topic: get(FieldName::Topic.name())?,
            agency: get(FieldName::Agency.name())?,
            dateline: get(FieldName::Dateline.name())?,
            texts: [
                get(FieldName::Text(Language::French).name())?,
                get(FieldName::Text(Language::Arabic).name())?,
                get(FieldName::Text(Language::Russian).name())?,
                get(FieldName::Text(Language::Ukrainian).name())?,
            ],
            date: get(FieldName::Date.name())?,
            region: get(FieldName::Region.name())?,
            actor: get(FieldName::Actor.name())?,
            calendar: get(FieldName::Calendar.name())?,
            file_size: get(FieldName::FileSize.name())?,
            file_mtime: get(FieldName::FileMtime.name())?,
            file_hash: get(FieldName::FileHash.name())?,
            added: get(FieldName::Added.name())?,
            written: get(FieldName::Written.name())?,
            fingerprint: get(FieldName::Fingerprint.name())?,
            copy: get(FieldName::Copy.name())?,
            sketch: get(FieldName::Sketch.name())?,
            story: get(FieldName::Story.name())?,
            event: get(FieldName::Event.name())?,
            violence: get(FieldName::Violence.name())?,
            language: get(FieldName::Language.name())?,
            totals: [
                total(CasualtyKind::Killed)?,
                total(CasualtyKind::Injured)?,
                total(CasualtyKind::Abducted)?,
                total(CasualtyKind::Displaced)?,
            ],
            casualties: get(FieldName::Casualties.name())?,
        })
    }

    /// The text field of a report in `language`, other than English's
    /// title, summary, body and topic; `None` for English.
    pub fn text(&self, language: Language) -> Option<Field> {
        // The variants are declared in the order of `Language::ALL`, English first.
        (language != Language::English).then(|| self.texts[language as usize - 1])
    }

    /// The least and greatest count fields of `kind`.
    pub fn total(&self, kind: CasualtyKind) -> (Field, Field) {
        // The variants are declared in the order of `CasualtyKind::ALL`.
        self.totals[kind as usize]
    }
}

/// The analyzer behind [`ENGLISH`]; also used by the query front end and
/// the snippet highlighter so that all three agree on what a term is.
pub fn english_analyzer() -> TextAnalyzer {
    english_with(Stemmer::new(StemLanguage::English))
}

/// [`english_analyzer`] with a memo of the stems already computed: the same
/// tokens, for the volume of indexing. Queries and snippets analyze a few
/// words or one article per analyzer, too few to fill a memo (8,192 slots).
pub(crate) fn indexing_english_analyzer() -> TextAnalyzer {
    english_with(MemoStemmer::default())
}

/// Longest token indexed, in bytes: longer ones are dropped (a URL or a
/// run of characters is no word anyone searches).
pub const MAX_TOKEN_BYTES: usize = 40;

fn english_with<S: TokenFilter>(stemmer: S) -> TextAnalyzer {
    TextAnalyzer::from(english_filters(WordTokenizer::default(), stemmer))
}

/// The analysis of one word at a time, without boxing each word's token
/// stream as [`TextAnalyzer::token_stream`] does (an allocation a word).
pub(crate) trait WordAnalysis: Send {
    /// Calls `each` with every token the filters make of `word`.
    fn analyse(&mut self, word: &str, each: &mut dyn FnMut(&str));
}

impl<T: Tokenizer> WordAnalysis for T {
    fn analyse(&mut self, word: &str, each: &mut dyn FnMut(&str)) {
        let mut stream = self.token_stream(word);
        while stream.advance() {
            each(&stream.token().text);
        }
    }
}

/// What [`indexing_english_analyzer`] makes of one token of its tokenizer
/// ([`WordTokenizer`]): the text given, as one token, through the same
/// filters (one token out, or none for a stop word). For a caller that
/// tokenizes a text itself and analyses each distinct word once.
pub(crate) fn english_word_analyzer() -> Box<dyn WordAnalysis> {
    Box::new(english_filters(
        RawTokenizer::default(),
        MemoStemmer::default(),
    ))
}

/// The English analyzer's filters over the tokens of `tokenizer`.
fn english_filters<T: Tokenizer, S: TokenFilter>(tokenizer: T, stemmer: S) -> impl Tokenizer {
    let tokenizer = RemoveLongFilter::limit(MAX_TOKEN_BYTES).transform(tokenizer);
    let tokenizer = LowerCaser.transform(tokenizer);
    let tokenizer = AsciiFoldingFilter.transform(tokenizer);
    let tokenizer = english_stop_words().transform(tokenizer);
    stemmer.transform(tokenizer)
}

/// Lucene's 33 English stop words.
const LUCENE_ENGLISH: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Whether the English analyzer drops `word` (lower case) as a stop word
/// (single letters and digits are dropped too, but are not stop words).
pub fn is_stop_word(word: &str) -> bool {
    LUCENE_ENGLISH.contains(&word)
}

/// Lucene's 33 English stop words, the list of the reference BM25 runs on
/// Cranfield and CISI, plus every single letter and digit, which the
/// reference tokenizer (`\w\w+`) never indexes either. The one-character
/// tokens are mostly the `s` of possessives (`Russia's` -> `russia`, `s`) and
/// list markers: they inflate document lengths and match nothing a user
/// means. Measured with examples/eval_ranking.rs: the Lucene list raised MAP
/// by 0.01-0.03, the single characters by another 0.002 on both collections.
/// Positions keep their gaps, so phrases still match.
fn english_stop_words() -> StopWordFilter {
    let single_chars = ('a'..='z').chain('0'..='9').map(String::from);
    StopWordFilter::remove(
        LUCENE_ENGLISH
            .iter()
            .map(|w| w.to_string())
            .chain(single_chars),
    )
}

/// The analyzer behind [`NAME`].
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analyzers on an index; needed every time one is opened.
pub fn register_analyzers(index: &Index) {
    index
        .tokenizers()
        .register(ENGLISH, indexing_english_analyzer());
    index.tokenizers().register(NAME, name_analyzer());
    for (language, analyzer) in ANALYZERS.iter() {
        index
            .tokenizers()
            .register(analyzer_name(*language), analyzer.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_json_builds_every_field_the_code_needs() {
        let spec = SchemaSpec::embedded();
        let schema = spec.build();
        Fields::for_schema(&schema, std::path::Path::new("x")).unwrap();
        let defaults = spec.default_fields();
        let names: Vec<&str> = defaults.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["title", "summary", "body", "topic", "text_fr", "text_ar", "text_ru", "text_uk"]
        );
        // The ranking rule: title > summary > body.
        assert!(defaults[0].1 > defaults[1].1 && defaults[1].1 > defaults[2].1);
    }

    #[test]
    fn every_field_name_is_in_schema_json_and_the_queryable_are_its_text_fields() {
        let spec = SchemaSpec::embedded();
        for name in FieldName::ALL {
            assert!(
                spec.fields.iter().any(|f| f.name == name.name()),
                "{name:?}"
            );
        }
        let text: Vec<&str> = spec
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Text)
            .filter(|f| !matches!(spec.analysis(&f.name), Analysis::Language(_)))
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(text, FieldName::QUERYABLE.map(FieldName::name));
        for language in Language::ALL.into_iter().skip(1) {
            let name = FieldName::Text(language).name();
            assert_eq!(spec.analysis(name), Analysis::Language(language));
        }
        let english: Vec<&str> = text.into_iter().filter(|n| spec.is_english(n)).collect();
        assert_eq!(english, ["title", "summary", "body", "topic"]);
    }

    #[test]
    fn stop_words_go_but_phrases_keep_their_gaps() {
        let mut analyzer = english_analyzer();
        let mut stream = analyzer.token_stream("The state of the art attacks: Russia's 5 a b");
        let mut tokens = Vec::new();
        while let Some(t) = stream.next() {
            tokens.push((t.position, t.text.clone()));
        }
        assert_eq!(
            tokens,
            [
                (1, "state".to_string()),
                (4, "art".to_string()),
                (5, "attack".to_string()),
                (6, "russia".to_string())
            ]
        );
    }

    #[test]
    fn indexing_and_query_analyzers_give_the_same_tokens() {
        let text = "Attacks attacked; the attackers' negotiations negotiated Maïga's generously";
        let tokens = |mut analyzer: TextAnalyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while let Some(t) = stream.next() {
                out.push((t.position, t.text.clone()));
            }
            out
        };
        assert_eq!(
            tokens(indexing_english_analyzer()),
            tokens(english_analyzer())
        );
    }
}

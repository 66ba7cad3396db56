//! sitrep's query language -> Quickwit's. The query is parsed by the same
//! parser as a local search ([`parse_query`]), so syntax errors read the
//! same and are caught before anything is sent; the tree is then written
//! out in Quickwit's syntax with explicit fields and boosts, the way the
//! local compiler expands it (title^1.2, summary^1.1, body), with the same
//! notes about the words it ignores. Compound forms are not looked up
//! (Quickwit's vocabulary is not at hand, and its tokenizer is its own):
//! there, `ceasefire` and `cease-fire` match only as written. Nor does a
//! word that names a region or actor (`syrian`) also match its facet as it
//! does locally: [`facet_clause_note`] says so in the answer. A year
//! (`2011`) does also match the reports dated in it, as locally: Quickwit
//! holds the same `calendar` facet paths (`/2011`), so the word gets the
//! same clause with the same weight.

use tantivy::schema::Facet;
use tantivy::tokenizer::TextAnalyzer;

use crate::enrich::{CasualtyKind, QueryNames};
use crate::error::{Arg, Error, Result};
use crate::index::{
    analyzer_for, english_analyzer, name_analyzer, Analysis, FieldName, SchemaSpec,
};
use crate::language::Language;
use crate::query::{
    check_prefix, dropped_note, parse_query, year_facet_of, Filters, Node, WordKind, YEAR_BOOST,
};

/// A sitrep query in Quickwit's language, and the notes a local search
/// would give about it (the words it ignores).
#[derive(Debug, Clone, PartialEq)]
pub struct Translated {
    /// The Quickwit query string.
    pub query: String,
    /// `ignored "the" (stop word)`.
    pub notes: Vec<String>,
}

/// The Quickwit query string for a sitrep query, its facet filters and the
/// least number killed (dates go into the request's timestamps, not here).
pub fn to_quickwit_query(text: &str, filters: &Filters, spec: &SchemaSpec) -> Result<Translated> {
    let tree = parse_query(text)?;
    let mut writer = Writer {
        spec,
        defaults: spec.default_fields(),
        english: english_analyzer(),
        names: name_analyzer(),
        languages: Language::ALL
            .into_iter()
            .filter_map(|l| analyzer_for(l).map(|a| (l, a)))
            .collect(),
        notes: Vec::new(),
        negated: false,
    };
    let query = writer.node(&tree)?.ok_or_else(|| Error::QuerySyntax {
        query: text.to_string(),
        position: 0,
        message: "the query has no searchable word (stop words such as `the`, `of`, `in` are not indexed)"
            .to_string(),
    })?;
    let mut parts = vec![query];
    let languages: Vec<Facet> = filters.languages.iter().map(|l| l.facet()).collect();
    for (field, facets) in [
        (FieldName::Region, &filters.regions),
        (FieldName::Actor, &filters.actors),
        (FieldName::Event, &filters.events),
        (FieldName::Violence, &filters.violence),
        (FieldName::Language, &languages),
    ] {
        if !facets.is_empty() {
            parts.push(facet_clause(field, facets));
        }
    }
    if let Some(n) = filters.killed_min {
        parts.push(format!("{}:[{n} TO *]", CasualtyKind::Killed.min_field()));
    }
    let query = if parts.len() == 1 {
        parts.remove(0)
    } else {
        parts
            .iter()
            .map(|p| group(p))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    Ok(Translated {
        query,
        notes: writer.notes,
    })
}

/// The note for a Quickwit search whose query names gazetteer regions or
/// actors (`syrian`: region Syria): there, those words match only their own
/// text, not the facet they name as in a local search. `None` when it names
/// none.
pub fn facet_clause_note(names: &QueryNames, text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "\"()".contains(c))
        .filter(|w| !w.is_empty() && !w.starts_with('-') && !w.contains(':'))
        .collect();
    let mut named: Vec<String> = Vec::new();
    for name in names.names_in_query(&words) {
        let label = format!(
            "`{}` ({})",
            words[name.words.clone()].join(" "),
            name.label()
        );
        if !named.contains(&label) {
            named.push(label);
        }
    }
    (!named.is_empty()).then(|| {
        format!(
            "{} named in the query: on Quickwit a word matches only its own text, not the region or actor facet it names (the local index matches both)",
            named.join(", ")
        )
    })
}

/// `region:"/Africa/Western Africa/Mali"`; several values mean OR.
fn facet_clause(field: FieldName, facets: &[Facet]) -> String {
    let terms: Vec<String> = facets
        .iter()
        .map(|f| format!("{}:{}", field.name(), quote(&f.to_string())))
        .collect();
    if terms.len() == 1 {
        terms[0].clone()
    } else {
        format!("({})", terms.join(" OR "))
    }
}

/// Parenthesises a clause that has operators of its own.
fn group(clause: &str) -> String {
    if clause.contains(' ') && !(clause.starts_with('(') && clause.ends_with(')')) {
        format!("({clause})")
    } else {
        clause.to_string()
    }
}

/// A double-quoted Quickwit phrase.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A word as Quickwit reads it: bare if it is letters and digits only,
/// else quoted (Quickwit then analyses it into a phrase, as sitrep does).
fn term(text: &str) -> String {
    if text.chars().all(char::is_alphanumeric) {
        text.to_string()
    } else {
        quote(text)
    }
}

struct Writer<'s> {
    spec: &'s SchemaSpec,
    defaults: Vec<(String, f32)>,
    english: TextAnalyzer,
    names: TextAnalyzer,
    /// The other languages' analyzers: their `text_xx` fields hold the stems
    /// sitrep's analyzers made ([`super::document`]), so a word is sent
    /// there as its stem.
    languages: Vec<(Language, TextAnalyzer)>,
    /// Words the analyzers drop, as notes for the reader.
    notes: Vec<String>,
    /// Whether the node being written is excluded (`-2011`), where a word
    /// matches only its own text, as locally.
    negated: bool,
}

impl Writer<'_> {
    fn node(&mut self, node: &Node) -> Result<Option<String>> {
        match node {
            Node::All => Ok(Some("*".to_string())),
            Node::Word { field, text, kind } => self.word(field.as_deref(), text, *kind),
            Node::Phrase { field, text } => {
                let clause = any_of(self.per_field(field.as_deref(), text, &quote(text), true));
                if clause.is_none() {
                    self.note_dropped(text);
                }
                Ok(clause)
            }
            Node::Or(children) => {
                let mut alternatives = Vec::new();
                for child in children {
                    alternatives.extend(self.node(child)?);
                }
                Ok(match alternatives.len() {
                    0 => None,
                    1 => alternatives.pop(),
                    _ => Some(format!("({})", alternatives.join(" OR "))),
                })
            }
            Node::And(children) => self.and(children),
            Node::Not(_) => self.and(std::slice::from_ref(node)),
        }
    }

    fn and(&mut self, children: &[Node]) -> Result<Option<String>> {
        let mut parts = Vec::new();
        let mut positive = false;
        for child in children {
            match child {
                Node::Not(inner) => {
                    let outer = std::mem::replace(&mut self.negated, true);
                    let written = self.node(inner);
                    self.negated = outer;
                    if let Some(q) = written? {
                        parts.push(format!("NOT {}", group(&q)));
                    }
                }
                other => {
                    if let Some(q) = self.node(other)? {
                        positive = true;
                        parts.push(group(&q));
                    }
                }
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        // A query of exclusions only means "everything except".
        if !positive {
            parts.insert(0, "*".to_string());
        }
        Ok(Some(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("({})", parts.join(" AND "))
        }))
    }

    fn word(&mut self, field: Option<&str>, text: &str, kind: WordKind) -> Result<Option<String>> {
        match kind {
            WordKind::Plain => {
                let mut clauses = self.per_field(field, text, &term(text), true);
                if field.is_none() && !self.negated {
                    clauses.extend(year_clause(text));
                }
                let clause = any_of(clauses);
                if clause.is_none() {
                    self.note_dropped(text);
                }
                Ok(clause)
            }
            WordKind::Prefix => {
                let folded = tokens(&mut self.names, text);
                let Some(raw) = folded.last() else {
                    return Ok(None);
                };
                check_prefix(text, raw)?;
                let written = format!("{}*", term(raw));
                Ok(any_of(self.per_field(field, raw, &written, false)))
            }
            WordKind::Fuzzy(distance) => Err(Error::bad(
                Arg::Query,
                format!(
                    "`{text}~{distance}`: Quickwit 0.8 has no fuzzy matching; use a prefix (`{text}*`) or search the local index"
                ),
            )),
        }
    }

    /// Notes that `text` is not searched, as the local compiler does.
    fn note_dropped(&mut self, text: &str) {
        let note = dropped_note(text);
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// `written` in the named field, or in every default field with its
    /// boost, one clause each ([`any_of`] ORs them); fields where `text`
    /// analyses to nothing (stop words) are left out, as locally. In another
    /// language's field the word is its stems (`stems`: a word or phrase) or
    /// is not looked for (a prefix).
    fn per_field(
        &mut self,
        field: Option<&str>,
        text: &str,
        written: &str,
        stems: bool,
    ) -> Vec<String> {
        let targets: Vec<(String, f32)> = match field {
            Some(f) => vec![(f.to_string(), 1.0)],
            None => self.defaults.clone(),
        };
        let mut clauses = Vec::new();
        for (name, boost) in targets {
            let analysis = self.spec.analysis(&name);
            let analyzer = match analysis {
                Analysis::English => &mut self.english,
                Analysis::Name => &mut self.names,
                // A word English drops (`the`) is not looked for in other
                // languages either, as locally.
                Analysis::Language(_) if tokens(&mut self.english, text).is_empty() => continue,
                Analysis::Language(language) => {
                    match self.languages.iter_mut().find(|(l, _)| *l == language) {
                        Some((_, analyzer)) if stems => analyzer,
                        _ => continue,
                    }
                }
            };
            let analysed = tokens(analyzer, text);
            if analysed.is_empty() {
                continue;
            }
            let stemmed;
            let written = match analysis {
                Analysis::Language(_) => {
                    stemmed = match analysed.as_slice() {
                        [one] => term(one),
                        many => quote(&many.join(" ")),
                    };
                    &stemmed
                }
                _ => written,
            };
            if (boost - 1.0).abs() > f32::EPSILON {
                clauses.push(format!("{name}:{written}^{boost}"));
            } else {
                clauses.push(format!("{name}:{written}"));
            }
        }
        clauses
    }
}

/// The clauses of one word or phrase as one: any of them matches.
fn any_of(mut clauses: Vec<String>) -> Option<String> {
    match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(format!("({})", clauses.join(" OR "))),
    }
}

/// `calendar:"/2011"^4` for a word that may be a year: the reports dated in
/// it, weighted as the local compiler weighs its `date 2011` clause. Where
/// no report is dated in that year the clause matches nothing, as the local
/// compiler, which asks its vocabulary first, leaves it out.
fn year_clause(word: &str) -> Option<String> {
    year_facet_of(word).map(|year| {
        format!(
            "{}:{}^{YEAR_BOOST}",
            FieldName::Calendar.name(),
            quote(&year.to_string())
        )
    })
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translate(text: &str) -> String {
        to_quickwit_query(text, &Filters::default(), &SchemaSpec::embedded())
            .unwrap()
            .query
    }

    #[test]
    fn words_expand_to_the_default_fields_with_their_boosts() {
        assert_eq!(
            translate("wagner"),
            "(title:wagner^1.2 OR summary:wagner^1.1 OR body:wagner OR topic:wagner OR text_fr:wagn OR text_ar:wagner OR text_ru:wagner OR text_uk:wagner)"
        );
        assert_eq!(translate("body:wagner"), "body:wagner");
        assert_eq!(translate(""), "*");
    }

    #[test]
    fn operators_phrases_and_prefixes_keep_their_meaning() {
        assert_eq!(
            translate(r#"body:"private Russian companies" OR title:mali"#),
            r#"(body:"private Russian companies" OR title:mali)"#
        );
        assert_eq!(
            translate("title:wagner -title:lavrov"),
            "(title:wagner AND NOT title:lavrov)"
        );
        assert_eq!(translate("-title:lavrov"), "(* AND NOT title:lavrov)");
        assert_eq!(translate("title:Wagn*"), "title:wagn*");
        assert_eq!(translate("agency:al-Jazeera"), r#"agency:"al-Jazeera""#);
        // Stop words are dropped as locally; `the` alone has nothing to search.
        assert_eq!(translate("title:the title:mali"), "title:mali");
        assert!(matches!(
            to_quickwit_query("the", &Filters::default(), &SchemaSpec::embedded()),
            Err(Error::QuerySyntax { .. })
        ));
        // ... and named in a note, as locally.
        let noted = to_quickwit_query(
            "the body:mali",
            &Filters::default(),
            &SchemaSpec::embedded(),
        );
        assert_eq!(noted.unwrap().notes, [r#"ignored "the" (stop word)"#]);
    }

    #[test]
    fn a_year_also_matches_the_reports_dated_in_it_as_locally() {
        assert_eq!(
            translate("2011"),
            r#"(title:2011^1.2 OR summary:2011^1.1 OR body:2011 OR topic:2011 OR text_fr:2011 OR text_ar:2011 OR text_ru:2011 OR text_uk:2011 OR calendar:"/2011"^4)"#
        );
        let query = translate("attack 2011");
        // One more way for the word to match, not a filter: the other word
        // keeps its own clause, and the year's is inside the year's group.
        let parsed =
            tantivy::query_grammar::parse_query(&query).unwrap_or_else(|_| panic!("{query}"));
        let parsed = format!("{parsed:?}");
        assert!(parsed.contains(r#"("calendar":"/2011")^4"#), "{parsed}");
        assert!(query.starts_with("((title:attack^1.2 OR "), "{query}");
        // Only a plain word of the default fields, as locally: not a word in
        // a field, an excluded word, a phrase, or other numbers.
        for other in [
            "title:2011",
            "attack -2011",
            r#""attack 2011""#,
            "20111",
            "201",
        ] {
            let query = translate(other);
            assert!(!query.contains("calendar"), "{other}: {query}");
        }
    }

    #[test]
    fn facet_filters_are_terms_and_unsupported_syntax_is_refused() {
        let filters = Filters {
            regions: vec![Facet::from("/Africa")],
            actors: vec![
                Facet::from("/armed group/Wagner Group"),
                Facet::from("/person/Sergey Lavrov"),
            ],
            ..Filters::default()
        };
        assert_eq!(
            to_quickwit_query("body:wagner", &filters, &SchemaSpec::embedded())
                .unwrap()
                .query,
            r#"body:wagner AND region:"/Africa" AND (actor:"/armed group/Wagner Group" OR actor:"/person/Sergey Lavrov")"#
        );
        let events = Filters {
            events: vec![Facet::from("/Explosions or remote violence")],
            violence: vec![Facet::from("/one-sided")],
            killed_min: Some(10),
            ..Filters::default()
        };
        assert_eq!(
            to_quickwit_query("", &events, &SchemaSpec::embedded())
                .unwrap()
                .query,
            r#"* AND (event:"/Explosions or remote violence") AND violence:"/one-sided" AND (killed_min:[10 TO *])"#
        );
        let spec = SchemaSpec::embedded();
        let fuzzy = to_quickwit_query("lavrof~1", &Filters::default(), &spec).unwrap_err();
        assert!(fuzzy.to_string().contains("no fuzzy matching"), "{fuzzy}");
        let broad = to_quickwit_query("w*", &Filters::default(), &spec).unwrap_err();
        assert!(matches!(broad, Error::QueryTooBroad(_)));
        let syntax = to_quickwit_query("wagner AND (", &Filters::default(), &spec).unwrap_err();
        assert!(syntax
            .to_string()
            .starts_with("query syntax error at column"));
    }
}

//! Block-max pruning must not change the answer: for every query it takes,
//! the top k of the pruned query equal those of the unpruned tantivy query
//! it stands for, document for document and score for score, and so do the
//! counts. Words and phrases (phrases drawn from the corpus's own text,
//! alone and mixed with words and filters: dates, a region, an event type,
//! a least number killed) are checked, in English and in
//! the other languages, whose words are searched in several analysed
//! fields at once (`tuées` as English in `body`, as French in `text_fr`). Checked on the
//! bundled corpus indexed a few files at a time (several segments, so that
//! the top-k threshold carries across them and block bounds differ from the
//! index's statistics) with a file rewritten in place (deletions). A search
//! collapsed by copies or stories prunes the same way, group for group.

use crate::common;
use crate::common::segmented::corpus;

use std::sync::OnceLock;

use proptest::prelude::*;
use sitrep::facets::FacetTrees;
use sitrep::groups::{collapse_every_match, collapsed_top, Collapse, Rank};
use sitrep::index::SitrepIndex;
use sitrep::query::{compile_query, Filters, PrunedWords, TopScores};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;

type Top = Vec<(f32, tantivy::DocAddress)>;

/// The top `k` (after `offset`) of the pruned query, with the threshold
/// shared across segments, and of its unpruned twin with tantivy's own
/// collector; and both counts.
fn both(
    query: &str,
    filters: &Filters,
    k: usize,
    offset: usize,
) -> Option<(Top, Top, usize, usize)> {
    let c = corpus();
    let compiled = compile_query(&c.index, &c.searcher, query, filters).ok()?;
    let pruned = compiled.query.downcast_ref::<PrunedWords>()?;
    let top = TopDocs::with_limit(k).and_offset(offset).order_by_score();
    let exhaustive: &dyn Query = pruned.exhaustive.as_ref();
    Some((
        c.searcher
            .search(pruned, &TopScores::new(k, offset))
            .unwrap(),
        c.searcher.search(exhaustive, &top).unwrap(),
        c.searcher.search(pruned, &Count).unwrap(),
        c.searcher.search(exhaustive, &Count).unwrap(),
    ))
}

/// The unpruned top `n`, to see ties that reach past a page.
fn beyond_page(query: &str, filters: &Filters, n: usize) -> Top {
    let c = corpus();
    let compiled = compile_query(&c.index, &c.searcher, query, filters).unwrap();
    let pruned = compiled.query.downcast_ref::<PrunedWords>().unwrap();
    let top = TopDocs::with_limit(n).order_by_score();
    c.searcher.search(pruned.exhaustive.as_ref(), &top).unwrap()
}

fn assert_same(query: &str, filters: &Filters, k: usize) {
    for offset in [0, 7] {
        assert_same_page(query, filters, k, offset);
    }
}

fn assert_same_page(query: &str, filters: &Filters, k: usize, offset: usize) {
    let Some((pruned, exhaustive, count, expected_count)) = both(query, filters, k, offset) else {
        panic!("{query:?} is not a query PrunedWords takes");
    };
    assert_eq!(count, expected_count, "{query:?}: count");
    assert_eq!(pruned.len(), exhaustive.len(), "{query:?}: number of hits");
    for (i, ((s1, d1), (s2, d2))) in pruned.iter().zip(&exhaustive).enumerate() {
        assert!(
            (s1 - s2).abs() <= 1e-4 * s2.abs(),
            "{query:?} hit {i}: score {s1} vs {s2}"
        );
        // Documents of equal score may come in either order, also across
        // the end of the page (the corpus holds copies of one file); a
        // document whose score no other match shares must be the same one.
        let tied = beyond_page(query, filters, k + offset + 1)
            .iter()
            .filter(|(s, _)| (s - s2).abs() <= 1e-4 * s2.abs())
            .count()
            > 1;
        assert!(d1 == d2 || tied, "{query:?} hit {i}: {d1:?} vs {d2:?}");
    }
}

#[test]
fn plain_word_queries_are_pruned_to_the_same_top_k() {
    let none = Filters::default();
    for query in [
        "wagner",
        "attack",
        "killed",
        "ukraine russia",
        "islamic state syria",
        "title:ceasefire attack",
        "body:attack -title:syria",
        "attack -syria",
        "police killed -protest -nigeria",
        "the attack of",
        "ceasefire OR truce",
        "massacre OR genocide OR killings",
        "(attack OR raid) -drill",
        "kidnapped (nigeria OR cameroon)",
        "(coup OR junta) (mali OR niger)",
        "title:offensive body:ambush -syria",
        // Compounds: the joined form is one more term of the word.
        "al-Shabaab",
        "cease-fire",
        "air strike",
        "airstrike -drone",
        // A year is one more term of the word: the calendar facet of the year.
        "2022 ukraine",
        "2019 OR 2020",
        "protest 2024 -police",
        "2023 (gaza OR israel)",
    ] {
        for k in [1, 10, 100] {
            assert_same(query, &none, k);
        }
    }
}

#[test]
fn phrase_queries_are_pruned_to_the_same_top_k() {
    let none = Filters::default();
    for query in [
        "\"drone strike\"",
        "\"security forces\"",
        "\"peace talks\" -syria",
        // A stop word keeps its place: `emergency` two after `state`.
        "\"state of emergency\"",
        "\"islamic state\" attack",
        "title:\"civil war\"",
        "body:\"human rights\" -title:syria",
        "ceasefire OR \"peace talks\"",
        "\"armed men\" OR \"security forces\"",
        "(coup OR junta) \"military junta\"",
        "\"killed in\" \"were killed\"",
        // A repeated word: both places must hold it.
        "\"bomb bomb\"",
        // A compound that repeats a part (`surface-to-surface`) holds it
        // twice at one position: the phrase counts once there.
        "\"new surface\"",
        "\"surface missile\"",
    ] {
        for k in [1, 10, 100] {
            assert_same(query, &none, k);
        }
    }
}

#[test]
fn queries_in_other_languages_are_pruned_to_the_same_top_k() {
    // Each word is a term (or a phrase, where a language's analyzer splits
    // it) in the English fields and in each language's field the index
    // holds reports in: French, Russian and Ukrainian here.
    let none = Filters::default();
    for query in [
        "tuées",
        "Харків",
        "Харкова OR Маріуполя",
        "tuées soldats -mali",
        "\"État islamique\"",
        "\"армія росії\" OR обстріли",
        "война Украине",
        "cessez-le-feu",
        "l'armée",
    ] {
        for k in [1, 10, 100] {
            assert_same(query, &none, k);
        }
    }
    let french = Filters {
        languages: vec![sitrep::Language::French],
        ..Filters::default()
    };
    for query in ["tuées", "attaque -niger", "\"État islamique\""] {
        assert_same(query, &french, 10);
    }
}

#[test]
fn filters_restrict_the_pruned_query_as_the_unpruned_one() {
    let c = corpus();
    let regions = sitrep::query::resolve_all(
        &c.gazetteer,
        sitrep::enrich::Dimension::Region,
        &["africa".to_string()],
    )
    .unwrap();
    let filters = Filters {
        from: sitrep::query::parse_date_bound("2018", sitrep::Arg::From).ok(),
        to: sitrep::query::parse_date_bound("2022-06", sitrep::Arg::To).ok(),
        regions,
        ..Filters::default()
    };
    for query in [
        "attack",
        "killed soldiers",
        "wagner",
        "army -mali",
        "\"security forces\" -mali",
    ] {
        assert_same(query, &filters, 10);
    }
}

/// Event types as `--event` names them.
const EVENTS: &[&str] = &[
    "battle",
    "remote violence",
    "violence against civilians",
    "protests",
    "air strike",
];

/// An event filter (one type, or two meaning OR).
fn event_filter(names: &[&str]) -> Vec<tantivy::schema::Facet> {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    sitrep::query::resolve_events(corpus().gazetteer.events(), &names).unwrap()
}

#[test]
fn event_and_killed_filters_restrict_the_pruned_query_as_the_unpruned_one() {
    let filters = [
        Filters {
            killed_min: Some(1),
            ..Filters::default()
        },
        Filters {
            killed_min: Some(10),
            ..Filters::default()
        },
        Filters {
            events: event_filter(&["violence against civilians"]),
            killed_min: Some(5),
            ..Filters::default()
        },
        Filters {
            events: event_filter(&["battle", "remote violence"]),
            ..Filters::default()
        },
        Filters {
            from: sitrep::query::parse_date_bound("2018", sitrep::Arg::From).ok(),
            events: event_filter(&["remote violence"]),
            killed_min: Some(2),
            ..Filters::default()
        },
    ];
    for filters in &filters {
        for query in [
            "attack",
            "killed soldiers",
            "army -mali",
            "(bomb OR airstrike) people",
            "\"security forces\" -mali",
        ] {
            assert_same(query, filters, 10);
        }
    }
}

#[test]
fn other_shapes_are_left_to_tantivy() {
    let none = Filters::default();
    for query in [
        // In each field the better of the phrase and the joined form.
        "\"air strike\"",
        // French reports write Burkina-Faso, which holds `burkinafaso`.
        "(coup OR junta) \"burkina faso\"",
        "ceasefire OR truce attack",
        "wagn*",
        "lavrof~1",
        // tantivy prunes one field's terms itself.
        "title:mali",
        "title:offensive agency:bbc",
    ] {
        assert!(both(query, &none, 10, 0).is_none(), "{query:?}");
    }
}

/// Words of the corpus from very common to rare.
const VOCABULARY: &[&str] = &[
    "attack",
    "killed",
    "forces",
    "government",
    "police",
    "army",
    "syria",
    "ukraine",
    "russia",
    "military",
    "people",
    "bomb",
    "protest",
    "rebels",
    "ceasefire",
    "wagner",
    "mali",
    "drone",
    "village",
    "president",
    "airstrike",
    "taliban",
    "refugees",
    "election",
    "hostages",
    "2022",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_word_queries_are_pruned_to_the_same_top_k(
        words in prop::collection::vec((prop::sample::select(VOCABULARY), 0..4u8), 1..5),
        filters in 0..128u8,
        k in 1usize..30,
    ) {
        // Each word is required, excluded, or an alternative to the next.
        let mut query = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (word, how) = words[i];
            match how {
                1 if i > 0 => query.push(format!("-{word}")),
                2 if i + 1 < words.len() => {
                    query.push(format!("({word} OR {})", words[i + 1].0));
                    i += 1;
                }
                _ => query.push(word.to_string()),
            }
            i += 1;
        }
        assert_same(&query.join(" "), &some_filters(filters), k);
    }
}

/// The words of each text of the corpus (`body` of every Current Events
/// item), lower-cased, punctuation dropped: where generated phrases come from.
fn texts() -> &'static Vec<Vec<String>> {
    static TEXTS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir(common::corpus().join("current-events"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut texts = Vec::new();
        for file in files {
            for line in std::fs::read_to_string(file).unwrap().lines() {
                let item: serde_json::Value = serde_json::from_str(line).unwrap();
                let words: Vec<String> = item["body"]
                    .as_str()
                    .unwrap_or_default()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                if words.len() >= 4 {
                    texts.push(words);
                }
            }
        }
        texts
    })
}

/// A phrase of `len` words of a corpus text, starting at its first word
/// from `start` on that the index keeps (so that it has a word to search).
/// Whether the English analyzer drops `word`: a stop word, or a single
/// letter or digit (the `u` and `s` of "U.S.").
fn dropped(word: &str) -> bool {
    sitrep::index::is_stop_word(word) || word.chars().count() == 1
}

fn phrase_from(text: &prop::sample::Index, start: &prop::sample::Index, len: usize) -> String {
    let words = text.get(texts());
    let mut from = start.index(words.len());
    while from + 1 < words.len() && dropped(&words[from]) {
        from += 1;
    }
    let end = (from + len).min(words.len());
    format!("\"{}\"", words[from..end].join(" "))
}

/// By the bits of `which`: a date range (bit 0), a region (bit 1), one of
/// [`EVENTS`] (bits 2-4: none, or the one at their value less one) and a
/// least number killed (bits 5-6: none, 1, 5 or 20).
fn some_filters(which: u8) -> Filters {
    let c = corpus();
    let mut filters = Filters::default();
    if let Some(&event) = usize::from(which >> 2 & 7)
        .checked_sub(1)
        .and_then(|i| EVENTS.get(i))
    {
        filters.events = event_filter(&[event]);
    }
    filters.killed_min = [None, Some(1), Some(5), Some(20)][usize::from(which >> 5 & 3)];
    if which & 1 != 0 {
        filters.from = sitrep::query::parse_date_bound("2017", sitrep::Arg::From).ok();
        filters.to = sitrep::query::parse_date_bound("2021-06", sitrep::Arg::To).ok();
    }
    if which & 2 != 0 {
        filters.regions = sitrep::query::resolve_all(
            &c.gazetteer,
            sitrep::enrich::Dimension::Region,
            &["asia".to_string()],
        )
        .unwrap();
    }
    filters
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn random_phrase_queries_are_pruned_to_the_same_top_k(
        text in any::<prop::sample::Index>(),
        start in any::<prop::sample::Index>(),
        len in 2usize..5,
        word in prop::sample::select(VOCABULARY),
        how in 0..4u8,
        filters in 0..128u8,
        k in 1usize..30,
    ) {
        let phrase = phrase_from(&text, &start, len);
        // A phrase of dropped words alone (a text ending "... the U.S.")
        // has nothing to search: its refusal is tested in search::.
        prop_assume!(!phrase.trim_matches('"').split(' ').all(dropped));
        // The phrase alone, with a word, without one, or as an alternative.
        let query = match how {
            0 => phrase,
            1 => format!("{phrase} {word}"),
            2 => format!("{phrase} -{word}"),
            _ => format!("({phrase} OR {word}) attack"),
        };
        let filters = some_filters(filters);
        let c = corpus();
        let compiled = compile_query(&c.index, &c.searcher, &query, &filters).unwrap();
        // Only a phrase with a joined form (`"air strike"`) is left to tantivy.
        prop_assume!(compiled.query.is::<PrunedWords>());
        assert_same(&query, &filters, k);
    }
}

/// A collapsed page ranked by score: (best score, lead, matching members)
/// per group.
type Groups = Vec<(Option<f32>, tantivy::DocAddress, usize)>;

/// Collapsing a query by score gives what ranking every match and
/// grouping them gives (`collapse_every_match`, for a query that prunes
/// over its unpruned twin): the same counts of matches and groups, and group
/// for group the same best score, lead and number of matching members.
/// Groups whose best scores tie may come in either order (the corpus holds
/// copies of one file, which share their groups). Returns how many groups
/// of the page fold several matches.
fn assert_same_collapsed(
    query: &str,
    filters: &Filters,
    kind: Collapse,
    k: usize,
    offset: usize,
) -> usize {
    let c = corpus();
    let compiled = compile_query(&c.index, &c.searcher, query, filters).unwrap();
    let reference: &dyn Query = match compiled.query.downcast_ref::<PrunedWords>() {
        Some(pruned) => pruned.exhaustive.as_ref(),
        None => compiled.query.as_ref(),
    };
    let every = |limit, offset| {
        collapse_every_match(
            &c.searcher,
            reference,
            kind,
            Rank::Score(None),
            limit,
            offset,
        )
        .unwrap()
    };
    let got = collapsed_top(
        &c.index,
        &c.searcher,
        compiled.query.as_ref(),
        kind,
        Rank::Score(None),
        k,
        offset,
    )
    .unwrap();
    let want = every(k, offset);
    let what = format!("{query:?} by {} (k {k}, offset {offset})", kind.name());
    assert_eq!(got.total, want.total, "{what}: matches");
    assert_eq!(got.groups, want.groups, "{what}: groups");
    assert_eq!(got.page.len(), want.page.len(), "{what}: page");
    let close = |a: Option<f32>, b: Option<f32>| {
        let (a, b) = (a.unwrap(), b.unwrap());
        (a - b).abs() <= 1e-4 * b.abs()
    };
    let around: Groups = every(k + offset + 1, 0).page;
    for (i, (g, w)) in got.page.iter().zip(&want.page).enumerate() {
        assert!(close(g.0, w.0), "{what} group {i}: score {g:?} vs {w:?}");
        let tied = around.iter().filter(|a| close(a.0, w.0)).count() > 1;
        assert!(
            (g.1, g.2) == (w.1, w.2) || tied,
            "{what} group {i}: {g:?} vs {w:?}"
        );
    }
    got.page.iter().filter(|g| g.2 > 1).count()
}

#[test]
fn collapsed_queries_are_pruned_to_the_same_groups() {
    let none = Filters::default();
    let filtered = some_filters(3);
    let mut folded = 0;
    for query in [
        "wagner",
        "attack",
        "killed",
        "ukraine russia",
        "attack -syria",
        "ceasefire OR truce",
        "\"islamic state\" attack",
        "police killed -protest -nigeria",
    ] {
        for kind in Collapse::ALL {
            for (k, offset) in [(1, 0), (10, 0), (10, 7), (100, 0)] {
                folded += assert_same_collapsed(query, &none, kind, k, offset);
            }
            folded += assert_same_collapsed(query, &filtered, kind, 10, 0);
        }
    }
    // The rewritten file's copies (and the corpus's stories) are groups of
    // several matches: their leads and counts were compared.
    assert!(folded > 20, "{folded} groups of several matches");
}

#[test]
fn collapsed_queries_that_cannot_prune_find_the_same_groups() {
    let none = Filters::default();
    let filtered = some_filters(3);
    let c = corpus();
    let mut folded = 0;
    for query in [
        "milit*",
        "kill* -syria",
        "\"air strike\"",
        "wagnr~1",
        "attack*",
        "",
    ] {
        // Scored by tantivy's own queries: every match scored, and gathered
        // in the same pass.
        let compiled = compile_query(&c.index, &c.searcher, query, &none).unwrap();
        assert!(
            !compiled.query.is::<PrunedWords>(),
            "{query:?} prunes: the test wants queries that do not"
        );
        for kind in Collapse::ALL {
            for (k, offset) in [(1, 0), (10, 0), (10, 7), (100, 0)] {
                folded += assert_same_collapsed(query, &none, kind, k, offset);
            }
            folded += assert_same_collapsed(query, &filtered, kind, 10, 0);
        }
    }
    assert!(folded > 20, "{folded} groups of several matches");
}

/// Counting a query's groups with the table of shared groups, which the
/// first query matching half the index builds and later ones reuse, gives
/// what sorting every match's group gives: the same matches, groups, page,
/// leads and member counts, and the same facet counts by group. A second
/// handle on the corpus's folder starts with no table.
#[test]
fn collapsed_counts_from_the_table_of_shared_groups_are_those_of_sorting() {
    let c = corpus();
    let index = SitrepIndex::open(&c.dir.path().join("idx")).unwrap();
    let searcher = sitrep::search::searcher(&index).unwrap();
    let none = Filters::default();
    let answer = |query: &str, kind: Collapse| {
        let compiled = compile_query(&index, &searcher, query, &none).unwrap();
        let top = collapsed_top(
            &index,
            &searcher,
            compiled.query.as_ref(),
            kind,
            Rank::Score(None),
            10,
            0,
        )
        .unwrap();
        let (_, trees) = FacetTrees::count(&index, &searcher, &compiled, Some(kind)).unwrap();
        (top, serde_json::to_value(trees).unwrap())
    };
    // Narrow queries, pruned and not: under half the index, so no table.
    let queries = [
        "wagner",
        "attack",
        "ukraine russia",
        "milit*",
        "\"air strike\"",
    ];
    for kind in Collapse::ALL {
        let sorted: Vec<_> = queries.iter().map(|q| answer(q, kind)).collect();
        // Every document matches: the table is built.
        let all = answer("", kind);
        assert_eq!(all.0.total as u64, searcher.num_docs());
        assert!(all.0.groups < all.0.total, "{kind:?}: no group of several");
        for (query, sorted) in queries.iter().zip(sorted) {
            let table = answer(query, kind);
            assert!(sorted.0.total > 0, "{query:?} matches nothing");
            assert_eq!(table.0, sorted.0, "{query:?} by {kind:?}");
            assert_eq!(table.1, sorted.1, "{query:?} facets by {kind:?}");
        }
    }
}

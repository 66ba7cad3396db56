//! Political parties and fronts that no gazetteer row lists, read from their
//! head noun: "the Libertarian Party", "the New Progressive Party", "The
//! Civil Human Rights Front". Party names are capitalised runs of ordinary
//! words ending in `Party` or `Front`, so the person rules' common-word test
//! does not apply; LABELLING.md tags the parties a political story names.
//! The rule and its examples are in index-schema/README.md.

use super::entity::ActorKind;
use super::people::UnlistedActor;
use super::words::{without_possessive, written, Coverage, Word, CALENDAR_WORDS, JOINERS, NUMBERS};
use super::{Folded, Mention, ARTICLES, CUE_WORDS};

/// Head nouns of party and front names.
const HEAD_NOUNS: &[&str] = &["Party", "Front"];

/// Words that open a sentence or a clause before a party's name without being
/// part of it: prepositions, conjunctions and sentence adverbs ("For the
/// Democratic Party, Super Tuesday...", "At the Constitution Party's
/// convention", "However, the Prohibition Party"). With [`CUE_WORDS`], the
/// joiners, [`NUMBERS`] ("Seven Kurdistan Workers' Party militants") and
/// [`CALENDAR_WORDS`] ("on Sunday the Iowa Democratic Party"), a party name
/// never starts with them.
const OPENERS: &[&str] = &[
    "at",
    "on",
    "by",
    "as",
    "after",
    "before",
    "since",
    "during",
    "under",
    "unlike",
    "like",
    "while",
    "when",
    "if",
    "but",
    "also",
    "however",
    "nevertheless",
    "meanwhile",
    "then",
];

/// Whether a word cannot be the first word of a party's name.
fn opens_no_name(word: &Word) -> bool {
    let lower = word.lower;
    ARTICLES.contains(&word.text)
        || [JOINERS, CUE_WORDS, OPENERS, NUMBERS, CALENDAR_WORDS]
            .iter()
            .any(|list| list.contains(&lower))
}

/// A party name has at most this many words before its head noun.
const MAX_WORDS: usize = 6;

/// Finds the parties and fronts the gazetteer does not name. A run that
/// overlaps an accepted gazetteer mention, or is followed by an acronym in
/// parentheses that is one ("Kurdistan Workers' Party (PKK)"), is the
/// gazetteer's, except leading place words, which are dropped ("US
/// Libertarian Party" is the Libertarian Party).
pub(super) fn recognise(
    folded: &Folded,
    words: &[Word],
    text: &str,
    mentions: &[Mention],
) -> Vec<UnlistedActor> {
    let coverage = Coverage::new(folded, mentions);
    let covered = |w: &Word| coverage.covers(w);
    let mut out = Vec::new();
    for (head, word) in words.iter().enumerate() {
        let head_noun = without_possessive(word.text);
        if head == 0 || word.gap != " " || !HEAD_NOUNS.contains(&head_noun) || covered(word) {
            continue;
        }
        let Some(start) = run_start(words, head) else {
            continue;
        };
        // A name glued to the word before it is part of a longer token: "J&R
        // Party Hall" is no "R Party".
        let gap = words[start].gap;
        let glued =
            start > 0 && !gap.is_empty() && gap.chars().all(|c| matches!(c, '&' | '/' | '+'));
        let start = (start..head)
            .find(|&k| !covered(&words[k]) && !opens_no_name(&words[k]))
            .unwrap_or(head);
        // "Kurdistan Workers' Party (PKK)": the acronym after it names it.
        let acronym_known = words
            .get(head + 1)
            .is_some_and(|next| next.gap == " (" && covered(next));
        let inside_other_name = acronym_known || (start..head).any(|k| covered(&words[k]));
        if glued || start == head || inside_other_name {
            continue;
        }
        let (name, range) = written(folded, text, &words[start], word);
        out.push(UnlistedActor {
            kind: ActorKind::Organisation,
            name,
            cue: head_noun.to_string(),
            range,
        });
    }
    out
}

/// The first word of the capitalised run ending right before `head`, with
/// joiners inside it between single spaces ("Peace and Freedom Party"; not
/// "Brian Carroll, and Party for Socialism", "Michigan Taxpayers Party — the
/// Constitution Party"); `None` if no capitalised word comes before the head.
/// "the" joins no party name's words: in "Ferraro the Democratic Party's
/// first candidate", "Sunday the Iowa Democratic Party", it starts the name.
fn run_start(words: &[Word], head: usize) -> Option<usize> {
    let capitalised = |w: &Word| w.text.starts_with(char::is_uppercase);
    let mut start = head;
    while start > 0 && head - start < MAX_WORDS && words[start].gap == " " {
        let previous = &words[start - 1];
        let joiner = JOINERS.contains(&previous.text) && previous.text != "the";
        if capitalised(previous) {
            start -= 1;
        } else if joiner && previous.gap == " " && start >= 2 && capitalised(&words[start - 2]) {
            start -= 2;
        } else {
            break;
        }
    }
    (start < head).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::super::gazetteer::tests::fixture;
    use super::ActorKind;

    fn parties(text: &str) -> Vec<String> {
        extract(&fixture(), text)
            .unlisted
            .into_iter()
            .filter(|u| u.kind == ActorKind::Organisation)
            .map(|u| u.name)
            .collect()
    }

    #[test]
    fn a_capitalised_run_ending_in_party_or_front() {
        assert_eq!(
            parties("the 2016 nominee of the Libertarian Party's ticket"),
            ["Libertarian Party"]
        );
        assert_eq!(
            parties("The Civil Human Rights Front organised the march"),
            ["Civil Human Rights Front"]
        );
        assert_eq!(parties("Mali Democratic Party"), ["Democratic Party"]);
        assert_eq!(
            parties("the Peace and Freedom Party"),
            ["Peace and Freedom Party"]
        );
        assert!(parties("the Wagner Party (PMC Wagner) said").is_empty());
        assert!(parties("a party in Mali").is_empty());
        assert!(parties("the front line").is_empty());
    }

    #[test]
    fn a_party_name_starts_at_a_name_word() {
        // Sentence adverbs, prepositions, days and numbers open the sentence,
        // not the name; a comma or a dash ends a name, and "the" starts one.
        let cases = [
            ("However, the Prohibition Party ran", "Prohibition Party"),
            (
                "Nevertheless, the Prohibition Party ran",
                "Prohibition Party",
            ),
            (
                "NBC reported on Sunday the Iowa Democratic Party had",
                "Iowa Democratic Party",
            ),
            (
                "For the Democratic Party, Super Tuesday",
                "Democratic Party",
            ),
            ("In the Green Party, Howie Hawkins won", "Green Party"),
            ("At the Constitution Party convention", "Constitution Party"),
            (
                "making Ferraro the Democratic Party's first",
                "Democratic Party",
            ),
            (
                "Seven Kurdistan Workers Party militants",
                "Kurdistan Workers Party",
            ),
            (
                "via Zoom, the Life and Liberty Party held",
                "Life and Liberty Party",
            ),
        ];
        for (text, party) in cases {
            assert_eq!(parties(text), [party], "{text}");
        }
        assert!(parties("nominee Brian Carroll, and Party for Socialism").is_empty());
        // Glued to the word before, the name is a piece of a longer token.
        assert!(parties("a shooting at the J&R Party Hall").is_empty());
    }
}

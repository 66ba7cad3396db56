//! Political parties and fronts that no gazetteer row lists, read from their
//! head noun: "the Libertarian Party", "the New Progressive Party", "The
//! Civil Human Rights Front". Party names are capitalised runs of ordinary
//! words ending in `Party` or `Front`, so the person rules' common-word test
//! does not apply; LABELLING.md tags the parties a political story names.
//! The rule and its examples are in index-schema/README.md.

use super::people::UnlistedActor;
use super::words::{without_possessive, written, Coverage, Word, JOINERS};
use super::{Folded, Mention, ARTICLES};

/// Head nouns of party and front names.
const HEAD_NOUNS: &[&str] = &["Party", "Front"];

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
        let start = (start..head)
            .find(|&k| !covered(&words[k]) && !ARTICLES.contains(&words[k].text))
            .unwrap_or(head);
        // "Kurdistan Workers' Party (PKK)": the acronym after it names it.
        let acronym_known = words
            .get(head + 1)
            .is_some_and(|next| next.gap == " (" && covered(next));
        let inside_other_name = acronym_known || (start..head).any(|k| covered(&words[k]));
        if start == head || inside_other_name || JOINERS.contains(&words[start].text) {
            continue;
        }
        let (name, range) = written(folded, text, &words[start], word);
        out.push(UnlistedActor {
            kind: "organisation",
            name,
            cue: head_noun.to_string(),
            range,
        });
    }
    out
}

/// The first word of the capitalised run ending right before `head`, with
/// joiners inside it; `None` if no capitalised word comes before the head.
fn run_start(words: &[Word], head: usize) -> Option<usize> {
    let capitalised = |w: &Word| w.text.starts_with(char::is_uppercase);
    let mut start = head;
    while start > 0 && head - start < MAX_WORDS && words[start].gap == " " {
        let previous = &words[start - 1];
        if capitalised(previous) {
            start -= 1;
        } else if JOINERS.contains(&previous.text) && start >= 2 && capitalised(&words[start - 2]) {
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

    fn parties(text: &str) -> Vec<String> {
        extract(&fixture(), text)
            .unlisted
            .into_iter()
            .filter(|u| u.kind == "organisation")
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
        assert!(parties("the Wagner Party (PMC Wagner) said").is_empty());
        assert!(parties("a party in Mali").is_empty());
        assert!(parties("the front line").is_empty());
    }
}

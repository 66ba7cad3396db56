//! Builds the stop-word lists of the French, Arabic, Russian and Ukrainian analyzers
//! (`index-schema/stopwords-{fr,ar,ru,uk}.txt`) from `stopwords-multilingual` in `shared/data`,
//! and their licence notices (`index-schema/licenses/stopword-npm.txt`). The English list
//! (`stopwords-en.txt`) is not an analyzer's (English keeps Lucene's 33): language detection
//! weighs it against the French one to tell a short English text from French.
//!
//! The lists are the npm package `stopword` 3.1.5's (MIT; per-list copyright holders in the
//! package's `dist/3rd-party.txt`): the data folder's notes prefer them to `stopwords-iso`,
//! whose French and Russian lists hold content words (ru `белый`, `большой`) and whose
//! Ukrainian list is short (73 words against 166). Words are kept as the package spells them
//! (lower case, Arabic with its diacritics): the analyzer puts each through its own
//! normalisation when it loads, so a list and the text it filters always agree. Blank lines
//! and repeats are dropped; the order is kept.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --example build_stopwords -- ../shared/data index-schema
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};

/// The source folder in the data directory.
const SOURCE: &str = "stopwords-multilingual";
/// The licence notices of the package, one section per language.
const NOTICES: &str = "LICENSES-stopword-npm-3rd-party.txt";

/// (ISO 639-1 code, the package's file code, the section title of its notice).
const LISTS: [(&str, &str, &str); 5] = [
    ("en", "eng", "English - src/stopwords_eng.js"),
    ("fr", "fra", "French - src/stopwords_fra.js"),
    ("ar", "ara", "Arabic, Macrolanguage - src/stopwords_ara.js"),
    ("ru", "rus", "Russian - src/stopwords_rus.js"),
    ("uk", "ukr", "Ukrainian - src/stopwords_ukr.js"),
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, out] = args.as_slice() else {
        bail!("usage: build_stopwords <data-dir> <index-schema-dir>  (e.g. ../shared/data index-schema)");
    };
    let source = PathBuf::from(data).join(SOURCE);
    let out = PathBuf::from(out);
    ensure!(
        out.is_dir(),
        "output directory {} does not exist",
        out.display()
    );
    let notices = read(&source.join(NOTICES))?;
    let mut licence = String::from(
        "Notices of the npm package `stopword` 3.1.5 (dist/3rd-party.txt) for the five lists\n\
         converted into index-schema/stopwords-*.txt by examples/build_stopwords.rs.\n",
    );
    for (code, file_code, section) in LISTS {
        let notice = notice(&notices, section)?;
        let words = words(&read(
            &source.join(format!("stopword-npm-3.1.5_{file_code}.txt")),
        )?);
        let copyright = notice
            .lines()
            .find(|l| l.contains("Copyright"))
            .map(str::trim)
            .unwrap_or_default();
        let mut text = format!(
            "# Stop words ({code}) of the npm package `stopword` 3.1.5, src/stopwords_{file_code}.js.\n\
             # MIT licence, {copyright}: index-schema/licenses/stopword-npm.txt.\n\
             # Made by examples/build_stopwords.rs from ../shared/data/{SOURCE}; {} words.\n",
            words.len()
        );
        for word in &words {
            let _ = writeln!(text, "{word}");
        }
        write(&out.join(format!("stopwords-{code}.txt")), &text)?;
        let _ = write!(licence, "\n{section}\n{}\n", "#".repeat(79));
        licence.push_str(notice.trim_end());
        licence.push('\n');
        println!("stopwords-{code}.txt: {} words", words.len());
    }
    write(&out.join("licenses/stopword-npm.txt"), &licence)
}

/// The notice under `title` in the package's 3rd-party file: the lines between the rule under
/// the title and the rule over the next section's title.
fn notice<'a>(notices: &'a str, title: &str) -> Result<&'a str> {
    let rule = "#".repeat(79);
    let start = notices
        .find(&format!("{title}\n{rule}\n"))
        .with_context(|| format!("no notice for `{title}` in {NOTICES}"))?
        + title.len()
        + rule.len()
        + 2;
    let rest = &notices[start..];
    Ok(&rest[..rest.find(&rule).unwrap_or(rest.len())])
}

/// The words of a list, one a line: trimmed, blank lines and repeats dropped, order kept.
fn words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.starts_with('#'))
        .filter(|w| seen.insert(w.to_string()))
        .map(str::to_string)
        .collect()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

//! The plain-text article parser (and the `.json` document reader) on
//! arbitrary bytes: never a panic, and every article it returns has a title
//! and a plausible date, and prints to text that parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep::parse::{format_text_article, parse_bytes, parse_text_article, Format};

fuzz_target!(|data: &[u8]| {
    let (format, bytes) = match data.split_first() {
        Some((b, rest)) if b % 4 == 0 => (Format::Json, rest),
        _ => (Format::Text, data),
    };
    let outcome = parse_bytes("fuzz.txt", "fuzz.txt", bytes, format);
    for article in &outcome.articles {
        assert!(!article.title.trim().is_empty());
        let printed = format_text_article(article);
        if !article.title.contains(['\n', '\r']) {
            assert!(
                parse_text_article("p", "p", &printed).is_ok(),
                "{printed:?}"
            );
        }
    }
    for warning in &outcome.warnings {
        assert_eq!(warning.path, "fuzz.txt");
    }
});

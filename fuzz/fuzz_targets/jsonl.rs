//! The JSON Lines reader on arbitrary bytes: never a panic, every warning
//! names the file and a line that exists, and every article has a title.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep::parse::{parse_bytes, Format};

fuzz_target!(|data: &[u8]| {
    let outcome = parse_bytes("fuzz.jsonl", "fuzz.jsonl", data, Format::JsonLines);
    let lines = data.split(|&b| b == b'\n').count();
    for warning in &outcome.warnings {
        assert_eq!(warning.path, "fuzz.jsonl");
        assert!(
            warning.line.is_none_or(|l| l >= 1 && l <= lines),
            "{warning}"
        );
    }
    for article in &outcome.articles {
        assert!(!article.title.is_empty() && !article.id.is_empty());
    }
});

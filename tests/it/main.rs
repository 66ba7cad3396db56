//! The integration tests: one test binary, one module per area, so that CI
//! links one binary instead of twenty (link time and disk; ripgrep's
//! `tests/tests.rs` does the same). A new test file goes in this folder and
//! gets a `mod` line here; it reaches the shared helpers with
//! `use crate::common;`. Run one area with `cargo test --test it crash::`.

mod common;

mod browser;
mod concurrency;
mod conventions;
mod copies;
mod crash;
mod damaged_index;
mod disk_full;
mod events;
mod facet_counts;
mod feeds;
mod gazetteer;
mod hostile_input;
mod indexing;
mod labelled_events;
mod labelled_extraction;
mod languages;
mod multilingual;
mod places;
mod properties;
mod pruning;
mod quickwit_live;
mod quickwit_replay;
mod search;
mod serve;
mod stories;
mod topics;
mod trends;
mod watch;
mod watch_replay;

//! Compresses the largest gazetteer file, `index-schema/places.tsv` (towns of GeoNames
//! cities500 with all their names, ~8 MB), with zstd for embedding: the binary carries
//! ~2.5 MB instead, and `GazetteerFiles::embedded` unpacks it in a few milliseconds.
//! Also fingerprints the embedded gazetteer files, so that a search tells whether an
//! index's tables of names were written by the same gazetteer without unpacking them.

use std::path::PathBuf;

include!("src/enrich/fingerprint.rs");

/// The files `GazetteerFiles::fingerprint` hashes, in its order.
const GAZETTEER_FILES: [&str; 8] = [
    "regions.tsv",
    "divisions.tsv",
    "places.tsv",
    "areas.tsv",
    "actors.tsv",
    "person-roles.tsv",
    "common-words.tsv",
    "event-types.tsv",
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let read = |name: &str| {
        let source = format!("index-schema/{name}");
        println!("cargo:rerun-if-changed={source}");
        std::fs::read(&source).unwrap_or_else(|e| panic!("{source} is readable: {e}"))
    };
    let texts: Vec<Vec<u8>> = GAZETTEER_FILES.iter().map(|name| read(name)).collect();
    let texts: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
    std::fs::write(out.join("gazetteer-fingerprint"), fingerprint_of(&texts))
        .expect("OUT_DIR is writable");
    let places = texts[GAZETTEER_FILES
        .iter()
        .position(|&f| f == "places.tsv")
        .unwrap()];
    let packed = zstd::bulk::compress(places, 19).expect("zstd compresses places.tsv");
    std::fs::write(out.join("places.tsv.zst"), packed).expect("OUT_DIR is writable");
}

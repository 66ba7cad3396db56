//! Compresses the largest gazetteer file, `index-schema/places.tsv` (towns of GeoNames
//! cities500 with all their names, ~8 MB), with zstd for embedding: the binary carries
//! ~2.5 MB instead, and `GazetteerFiles::embedded` unpacks it in a few milliseconds.

use std::path::PathBuf;

fn main() {
    let source = "index-schema/places.tsv";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read(source).expect("index-schema/places.tsv is readable");
    let packed = zstd::bulk::compress(&text, 19).expect("zstd compresses places.tsv");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("places.tsv.zst"), packed).expect("OUT_DIR is writable");
}

// Included by `build.rs` too (`include!`), which fingerprints the embedded
// gazetteer at build time: so no inner doc comment and no `use` here.

/// The gazetteer's fingerprint: a 64-bit FNV-1a hash of its files' text,
/// each followed by a 0 byte, in hex; stable across builds and platforms,
/// which std's hasher does not promise.
pub fn fingerprint_of(texts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        for &byte in text.iter().chain(&[0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

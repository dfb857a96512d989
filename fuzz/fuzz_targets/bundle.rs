//! Fuzz target: the findings-file reader (header, entries, signature, chain checks).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = periksa::exchange::bundle::read_bytes(std::path::Path::new("fuzz.periksa"), data);
});

//! Fuzz target: the checklist template loader (TOML, validation, diagnostics with positions).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = periksa::exchange::checklist::parse_template("fuzz.toml", data);
});

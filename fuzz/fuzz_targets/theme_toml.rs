//! Fuzz target: the theme loader (TOML naming colour roles).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = periksa::tui::theme::Theme::from_toml("fuzz.toml", text);
    }
});

//! Fuzz target: the roster and agency readers on arbitrary bytes (CSV in any delimiter or
//! encoding; bytes that look like a workbook take the XLSX path).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 16).unwrap();
    let _ = periksa::exchange::roster::parse_roster("fuzz.csv", data, today);
    let _ = periksa::exchange::roster::parse_agencies("fuzz.csv", data);
});

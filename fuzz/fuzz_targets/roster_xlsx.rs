//! Fuzz target: the XLSX workbook reader (zip directory checks, then calamine) and the roster
//! reader on the same bytes. Seed it with real workbooks (fuzz/seeds/xlsx/): the zip magic makes
//! the input take the workbook path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = periksa::exchange::workbook::read_first_sheet(data, 200);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 16).unwrap();
    let _ = periksa::exchange::roster::parse_roster("fuzz.xlsx", data, today);
});

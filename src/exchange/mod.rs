//! Files in and out of a store: checklist templates (TOML), rosters (CSV and XLSX) and the exports.

pub mod checklist;
pub mod export;
pub mod roster;
pub mod roundtrip;
pub mod workbook;

//! Files in and out of a store: checklist templates (TOML), rosters (CSV and XLSX), the exports and findings files.

pub mod bundle;
pub mod checklist;
pub mod export;
pub mod report_settings;
pub mod roster;
pub mod roundtrip;
pub mod skm;
pub mod tabular;
pub mod workbook;

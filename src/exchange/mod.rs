//! Files in and out of a store: checklist templates (TOML) and rosters (CSV).

pub mod checklist;
pub mod roster;

//! Checklist templates from TOML, with every problem reported as file:line:column.

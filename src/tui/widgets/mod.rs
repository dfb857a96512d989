//! Reusable pieces of the terminal UI: text input, the observation editor, pickers, forms, popups.

pub mod form;
pub mod line;
pub mod popup;

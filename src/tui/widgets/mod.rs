//! Reusable pieces of the terminal UI: text input, the observation editor, pickers, forms, popups,
//! detail panes that scroll.

pub mod form;
pub mod line;
pub mod list;
pub mod pane;
pub mod popup;

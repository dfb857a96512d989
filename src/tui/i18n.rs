//! The UI's strings: the crate's one home of text ([`crate::text`]), under the name the screens use.

pub use crate::text::*;

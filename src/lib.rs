//! Periksa: the library behind the `periksa` binary — domain rules, the event store, exchange formats,
//! the application layer and the command line.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod codec;
pub mod domain;
pub mod exchange;
pub mod present;
pub mod store;
pub mod text;
pub mod tui;

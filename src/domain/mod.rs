//! Pure domain types and rules of internal supervision: no I/O, no terminal, no storage.

pub mod check;
pub mod codes;
pub mod date;
pub mod engagement;
pub mod followup;
pub mod model;
pub mod money;
pub mod nip;
pub mod period;
pub mod phase;
pub mod rating;
pub mod repeat;
pub mod score;
pub mod skm;
pub mod template;
pub mod tlhp;
pub mod training;

pub use uuid::Uuid as Id;

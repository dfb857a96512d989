//! Answers to checklist items, the weighted compliance score, and progress (items looked at).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Compliant,
    Partial,
    Noncompliant,
    NotApplicable,
    Score(u8),
    Yes,
    No,
    Number(f64),
}

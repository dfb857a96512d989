//! Evaluation periods (bulanan, triwulan, semester, tahunan) as auditors write them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Year(u16),
    Semester(u16, u8),
    Quarter(u16, u8),
    Month(u16, u8),
}

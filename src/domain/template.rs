//! Checklist templates: sections of items an auditor walks, each with its criterion, weight and answer kind.

use serde::{Deserialize, Serialize};

/// How an item is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnswerKind {
    /// sesuai / sebagian / tidak sesuai / tidak berlaku
    Compliance,
    /// a score from 1 to 5
    Score,
    /// ya / tidak
    YesNo,
    /// a number (informational, not scored)
    Number,
}

/// A checklist template as pinned by an audit. Its identity is the BLAKE3 hash of its canonical encoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub text: String,
    pub guidance: String,
    pub criteria: String,
    pub weight: u32,
    pub answer: AnswerKind,
    pub evidence_required: bool,
}

/// The range a number item's answer should fall in (both ends inclusive; an open end does not
/// limit), e.g. the IKM 25–100. Kept beside the template, so templates pinned before ranges
/// existed keep their content hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberLimit {
    pub item: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// An item whose answer Periksa works out from a file instead of the auditor typing it
/// (`computed = "ikm"` in the checklist). Kept beside the template, as the ranges are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedItem {
    pub item: String,
    pub from: Computed,
}

/// What an item is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Computed {
    /// The IKM of a public-satisfaction survey file (`periksa skm import`).
    Ikm,
}

impl Computed {
    /// The word a checklist and a stored event use.
    pub fn code(self) -> &'static str {
        match self {
            Computed::Ikm => "ikm",
        }
    }

    pub fn parse(code: &str) -> Option<Computed> {
        match code.trim().to_lowercase().as_str() {
            "ikm" => Some(Computed::Ikm),
            _ => None,
        }
    }
}

impl Template {
    /// Every item, in checklist order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items().find(|i| i.code.eq_ignore_ascii_case(code))
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

//! The completeness check before review and final: what is still missing in an audit, and which
//! of it blocks final (a rule file, `data/rules/kelengkapan.toml`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::phase::Role;

/// A kind of gap. Its key is the name the rule file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GapKind {
    Unanswered,
    EvidenceMissing,
    OutOfRange,
    FindingWithoutAsn,
    FindingWithoutDue,
    OpenConflict,
    StaleSignOff,
    /// A part the LHP needs is empty in the engagement (added after the first rule files).
    EngagementIncomplete,
}

impl GapKind {
    pub const ALL: [GapKind; 8] = [
        GapKind::Unanswered,
        GapKind::EvidenceMissing,
        GapKind::OutOfRange,
        GapKind::FindingWithoutAsn,
        GapKind::FindingWithoutDue,
        GapKind::OpenConflict,
        GapKind::StaleSignOff,
        GapKind::EngagementIncomplete,
    ];

    /// The key of the rule file and of `--json`.
    pub fn key(self) -> &'static str {
        match self {
            GapKind::Unanswered => "butir_belum_dijawab",
            GapKind::EvidenceMissing => "bukti_belum_ada",
            GapKind::OutOfRange => "angka_di_luar_rentang",
            GapKind::FindingWithoutAsn => "temuan_tanpa_asn",
            GapKind::FindingWithoutDue => "temuan_tanpa_batas_waktu",
            GapKind::OpenConflict => "konflik_terbuka",
            GapKind::StaleSignOff => "tanda_tangan_usang",
            GapKind::EngagementIncomplete => "data_penugasan_belum_lengkap",
        }
    }

    /// Whether a rule file that does not name the kind lets it block final: kinds added after
    /// rule files were first written have a default (a file written before them still reads);
    /// the first ones must be named.
    pub fn default_blocks(self) -> Option<bool> {
        match self {
            GapKind::EngagementIncomplete => Some(false),
            _ => None,
        }
    }
}

/// One thing missing in an audit, with what it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    Unanswered {
        item: String,
    },
    EvidenceMissing {
        item: String,
    },
    OutOfRange {
        item: String,
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
    FindingWithoutAsn {
        finding: String,
        title: String,
    },
    FindingWithoutDue {
        finding: String,
        title: String,
    },
    OpenConflict {
        conflict: String,
        about: String,
    },
    StaleSignOff {
        role: Role,
    },
    EngagementIncomplete {
        part: crate::domain::engagement::Part,
    },
}

impl Gap {
    pub fn kind(&self) -> GapKind {
        match self {
            Gap::Unanswered { .. } => GapKind::Unanswered,
            Gap::EvidenceMissing { .. } => GapKind::EvidenceMissing,
            Gap::OutOfRange { .. } => GapKind::OutOfRange,
            Gap::FindingWithoutAsn { .. } => GapKind::FindingWithoutAsn,
            Gap::FindingWithoutDue { .. } => GapKind::FindingWithoutDue,
            Gap::OpenConflict { .. } => GapKind::OpenConflict,
            Gap::StaleSignOff { .. } => GapKind::StaleSignOff,
            Gap::EngagementIncomplete { .. } => GapKind::EngagementIncomplete,
        }
    }
}

/// Whether a number answer lies outside an item's range (both ends inclusive; an open end does
/// not limit).
pub fn out_of_range(value: f64, min: Option<f64>, max: Option<f64>) -> bool {
    min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m)
}

/// Which kinds of gap block final.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRules {
    blocks: BTreeMap<GapKind, bool>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RulesError {
    #[error("completeness rules: {0}")]
    Toml(String),
    #[error(
        "completeness rules: unknown key `{key}` in [menghalangi_final]; the keys are {known}"
    )]
    UnknownKey { key: String, known: String },
    #[error(
        "completeness rules: `{0}` is missing from [menghalangi_final]; give it true or false"
    )]
    Missing(String),
}

#[derive(Deserialize)]
struct RulesFile {
    menghalangi_final: BTreeMap<String, bool>,
}

impl CheckRules {
    /// Reads a rule file (schema: `data/rules/kelengkapan.toml`); every kind must be named.
    pub fn from_toml(text: &str) -> Result<CheckRules, RulesError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|e| RulesError::Toml(e.message().to_string()))?;
        let known = || {
            GapKind::ALL
                .iter()
                .map(|k| k.key())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(key) = file
            .menghalangi_final
            .keys()
            .find(|k| !GapKind::ALL.iter().any(|g| g.key() == k.as_str()))
        {
            return Err(RulesError::UnknownKey {
                key: key.clone(),
                known: known(),
            });
        }
        let mut blocks = BTreeMap::new();
        for kind in GapKind::ALL {
            let b = file
                .menghalangi_final
                .get(kind.key())
                .copied()
                .or(kind.default_blocks())
                .ok_or_else(|| RulesError::Missing(kind.key().to_string()))?;
            blocks.insert(kind, b);
        }
        Ok(CheckRules { blocks })
    }

    /// The rules shipped with Periksa (`data/rules/kelengkapan.toml`).
    pub fn builtin() -> Result<CheckRules, RulesError> {
        Self::from_toml(include_str!("../../data/rules/kelengkapan.toml"))
    }

    pub fn blocks(&self, kind: GapKind) -> bool {
        self.blocks.get(&kind).copied().unwrap_or(true)
    }
}

/// The gaps of an audit, with the rules that say which of them block final.
#[derive(Debug, Clone, PartialEq)]
pub struct Completeness {
    pub gaps: Vec<Gap>,
    pub rules: CheckRules,
}

impl Completeness {
    /// The gaps that block final.
    pub fn blocking(&self) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(|g| self.rules.blocks(g.kind()))
    }

    pub fn blocks_final(&self) -> bool {
        self.blocking().next().is_some()
    }

    /// How many gaps of each kind, in the order of [`GapKind::ALL`] (kinds with none left out).
    pub fn counts(&self) -> Vec<(GapKind, usize)> {
        GapKind::ALL
            .iter()
            .map(|k| (*k, self.gaps.iter().filter(|g| g.kind() == *k).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_name_every_kind_and_block_the_serious_ones() {
        let r = CheckRules::builtin().unwrap();
        assert!(r.blocks(GapKind::Unanswered));
        assert!(r.blocks(GapKind::OutOfRange));
        assert!(r.blocks(GapKind::StaleSignOff));
        assert!(!r.blocks(GapKind::FindingWithoutDue));
    }

    #[test]
    fn a_bad_rule_file_is_named() {
        let all = GapKind::ALL
            .iter()
            .map(|k| format!("{} = false", k.key()))
            .collect::<Vec<_>>()
            .join("\n");
        let ok = CheckRules::from_toml(&format!("[menghalangi_final]\n{all}\n")).unwrap();
        assert!(GapKind::ALL.iter().all(|k| !ok.blocks(*k)));
        let e = CheckRules::from_toml(&format!("[menghalangi_final]\n{all}\nbukti = true\n"))
            .unwrap_err();
        assert!(e.to_string().contains("unknown key `bukti`"), "{e}");
        let e =
            CheckRules::from_toml("[menghalangi_final]\nbutir_belum_dijawab = true\n").unwrap_err();
        assert!(e.to_string().contains("is missing"), "{e}");
        assert!(CheckRules::from_toml("[menghalangi_final\n").is_err());
        // a file written before a kind was added still reads: the kind takes its default
        let before = GapKind::ALL
            .iter()
            .filter(|k| k.default_blocks().is_none())
            .map(|k| format!("{} = true", k.key()))
            .collect::<Vec<_>>()
            .join("\n");
        let r = CheckRules::from_toml(&format!("[menghalangi_final]\n{before}\n")).unwrap();
        assert!(!r.blocks(GapKind::EngagementIncomplete));
        assert!(r.blocks(GapKind::Unanswered));
    }

    #[test]
    fn ranges_are_inclusive_and_open_ends_do_not_limit() {
        assert!(!out_of_range(25.0, Some(25.0), Some(100.0)));
        assert!(!out_of_range(100.0, Some(25.0), Some(100.0)));
        assert!(out_of_range(24.99, Some(25.0), Some(100.0)));
        assert!(out_of_range(101.0, None, Some(100.0)));
        assert!(!out_of_range(-5.0, None, None));
    }

    #[test]
    fn only_blocking_kinds_block_final() {
        let rules = CheckRules::builtin().unwrap();
        let c = Completeness {
            gaps: vec![Gap::FindingWithoutDue {
                finding: "a".into(),
                title: "t".into(),
            }],
            rules: rules.clone(),
        };
        assert!(!c.blocks_final());
        let c = Completeness {
            gaps: vec![
                Gap::Unanswered {
                    item: "SP-01".into(),
                },
                Gap::Unanswered {
                    item: "SP-02".into(),
                },
            ],
            rules,
        };
        assert!(c.blocks_final());
        assert_eq!(c.counts(), vec![(GapKind::Unanswered, 2)]);
    }
}

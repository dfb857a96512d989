//! The predikat-kinerja matrix of PermenPANRB 6/2022 and the organisation-predikat distribution rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Folds a word for lenient matching: lowercase, without whitespace, `_`, `-`, `/` or `.`.
///
/// `"Di Atas"`, `"DI_ATAS"`, `"di-atas"` and `"diatas"` all fold to `"diatas"`.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '-' | '/' | '.')))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Gives a plain word enum its `ALL`, `code`, `label_id`, `label_en`, `words` and lenient `parse`.
///
/// `parse` accepts the code, both labels and the listed aliases, compared after [`fold`].
macro_rules! word_enum {
    (
        $ty:ident, $n:literal, $err:ty, $errfn:path;
        $( $var:ident => $code:literal, $id:literal, $en:literal, [$($alias:literal),* $(,)?]; )+
    ) => {
        impl $ty {
            /// Every value, in canonical order.
            pub const ALL: [Self; $n] = [$(Self::$var),+];

            /// Stable lowercase ASCII code, used in the CLI and in JSON.
            pub fn code(&self) -> &'static str {
                match self { $(Self::$var => $code),+ }
            }

            /// Label in Bahasa Indonesia.
            pub fn label_id(&self) -> &'static str {
                match self { $(Self::$var => $id),+ }
            }

            /// Label in English.
            pub fn label_en(&self) -> &'static str {
                match self { $(Self::$var => $en),+ }
            }

            /// Every word `parse` accepts for this value (before folding).
            pub fn words(&self) -> Vec<&'static str> {
                match self {
                    $(Self::$var => vec![$code, $id, $en $(, $alias)*]),+
                }
            }

            /// Parses the code, the Indonesian or English label or an alias, case-insensitively and
            /// ignoring spaces, underscores and hyphens.
            pub fn parse(s: &str) -> Result<Self, $err> {
                let key = $crate::domain::rating::fold(s);
                Self::ALL
                    .into_iter()
                    .find(|v| {
                        !key.is_empty()
                            && v.words().iter().any(|w| $crate::domain::rating::fold(w) == key)
                    })
                    .ok_or_else(|| $errfn(s.to_string()))
            }
        }
    };
}
pub(crate) use word_enum;

/// Implements `Display` as the `code()` and `FromStr` as `parse`.
macro_rules! display_code {
    ($($ty:ident: $err:ty),+ $(,)?) => {
        $(
            impl ::std::fmt::Display for $ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.code())
                }
            }

            impl ::std::str::FromStr for $ty {
                type Err = $err;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    Self::parse(s)
                }
            }
        )+
    };
}
pub(crate) use display_code;

/// Rating of hasil kerja or perilaku kerja.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RatingLevel {
    /// Di Atas Ekspektasi
    Above,
    /// Sesuai Ekspektasi
    Meets,
    /// Di Bawah Ekspektasi
    Below,
}

/// Predikat kinerja pegawai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Predikat {
    SangatBaik,
    Baik,
    ButuhPerbaikan,
    /// Kurang/Misconduct
    Kurang,
    SangatKurang,
}

/// Predikat kinerja organisasi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgPredikat {
    Istimewa,
    Baik,
    ButuhPerbaikan,
    Kurang,
    SangatKurang,
}

/// A word that names no rating level or predikat.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("unknown rating {0:?}: use above|meets|below (di-atas|sesuai|di-bawah)")]
    UnknownRating(String),
    #[error("unknown predikat {0:?}: use sangat-baik|baik|butuh-perbaikan|kurang|sangat-kurang")]
    UnknownPredikat(String),
    #[error(
        "unknown organisation predikat {0:?}: use istimewa|baik|butuh-perbaikan|kurang|sangat-kurang (butuh-perbaikan is also cukup)"
    )]
    UnknownOrgPredikat(String),
}

word_enum! {
    RatingLevel, 3, RatingError, RatingError::UnknownRating;
    Above => "above", "Di Atas Ekspektasi", "Above expectations",
        ["di-atas", "above expectation", "exceeds", "exceeds expectations"];
    Meets => "meets", "Sesuai Ekspektasi", "Meets expectations",
        ["sesuai", "meets expectation", "meet"];
    Below => "below", "Di Bawah Ekspektasi", "Below expectations",
        ["di-bawah", "below expectation"];
}

word_enum! {
    Predikat, 5, RatingError, RatingError::UnknownPredikat;
    SangatBaik => "sangat-baik", "Sangat Baik", "Very good", ["excellent"];
    Baik => "baik", "Baik", "Good", [];
    ButuhPerbaikan => "butuh-perbaikan", "Butuh Perbaikan", "Needs improvement", [];
    Kurang => "kurang", "Kurang/Misconduct", "Poor/Misconduct", ["misconduct", "poor"];
    SangatKurang => "sangat-kurang", "Sangat Kurang", "Very poor", [];
}

word_enum! {
    OrgPredikat, 5, RatingError, RatingError::UnknownOrgPredikat;
    Istimewa => "istimewa", "Istimewa", "Outstanding", [];
    Baik => "baik", "Baik", "Good", [];
    ButuhPerbaikan => "butuh-perbaikan", "Butuh Perbaikan/Cukup", "Needs improvement/Fair",
        ["cukup", "butuh perbaikan", "fair", "needs improvement"];
    Kurang => "kurang", "Kurang", "Poor", [];
    SangatKurang => "sangat-kurang", "Sangat Kurang", "Very poor", [];
}

display_code!(RatingLevel: RatingError, Predikat: RatingError, OrgPredikat: RatingError);

/// The official matrix: hasil kerja × perilaku kerja → predikat. Never typed by hand.
///
/// | hasil \ perilaku | di bawah      | sesuai          | di atas         |
/// |------------------|---------------|-----------------|-----------------|
/// | di atas          | Kurang        | Baik            | Sangat Baik     |
/// | sesuai           | Kurang        | Baik            | Baik            |
/// | di bawah         | Sangat Kurang | Butuh Perbaikan | Butuh Perbaikan |
/// One current recommendation per (audit, NIP, period): where several stand (made on two laptops
/// at once, or before the rule existed), the newest counts — last changed, then made, then id —
/// and the others are left out. The order of the rest is kept.
pub fn current_only(
    ratings: Vec<crate::domain::model::Rating>,
) -> Vec<crate::domain::model::Rating> {
    let newest = |r: &crate::domain::model::Rating| (r.updated_at, r.created_at, r.id);
    let mut best: std::collections::HashMap<_, _> = std::collections::HashMap::new();
    for r in &ratings {
        let key = (r.audit, r.content.nip.clone(), r.content.period);
        let e = best.entry(key).or_insert_with(|| newest(r));
        if newest(r) > *e {
            *e = newest(r);
        }
    }
    ratings
        .into_iter()
        .filter(|r| {
            best.get(&(r.audit, r.content.nip.clone(), r.content.period)) == Some(&newest(r))
        })
        .collect()
}

pub fn predikat(hasil: RatingLevel, perilaku: RatingLevel) -> Predikat {
    use RatingLevel::{Above, Below, Meets};
    match (hasil, perilaku) {
        (Above, Above) => Predikat::SangatBaik,
        (Above | Meets, Meets) | (Meets, Above) => Predikat::Baik,
        (Above | Meets, Below) => Predikat::Kurang,
        (Below, Above | Meets) => Predikat::ButuhPerbaikan,
        (Below, Below) => Predikat::SangatKurang,
    }
}

impl Predikat {
    fn index(self) -> usize {
        match self {
            Predikat::SangatBaik => 0,
            Predikat::Baik => 1,
            Predikat::ButuhPerbaikan => 2,
            Predikat::Kurang => 3,
            Predikat::SangatKurang => 4,
        }
    }
}

/// How many employees hold each predikat (the distribution checked against the organisation predikat).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PredikatCounts {
    counts: [usize; 5],
}

impl PredikatCounts {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, p: Predikat) {
        self.counts[p.index()] += 1;
    }

    pub fn get(&self, p: Predikat) -> usize {
        self.counts[p.index()]
    }

    /// Sum of the counts of several predikat (each counted once even if listed twice).
    pub fn sum_of(&self, ps: &[Predikat]) -> usize {
        Predikat::ALL
            .iter()
            .filter(|p| ps.contains(p))
            .map(|p| self.get(*p))
            .sum()
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Share of `p` in percent; `None` when there are no ratings at all.
    pub fn percent(&self, p: Predikat) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.get(p) as f64 * 100.0 / total as f64)
    }

    /// Every predikat with its count, in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = (Predikat, usize)> + '_ {
        Predikat::ALL.into_iter().map(|p| (p, self.get(p)))
    }
}

impl FromIterator<Predikat> for PredikatCounts {
    fn from_iter<I: IntoIterator<Item = Predikat>>(iter: I) -> Self {
        let mut c = Self::default();
        c.extend(iter);
        c
    }
}

impl Extend<Predikat> for PredikatCounts {
    fn extend<I: IntoIterator<Item = Predikat>>(&mut self, iter: I) {
        for p in iter {
            self.add(p);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Distribution rules (data/rules/distribusi_predikat.toml)
// ---------------------------------------------------------------------------------------------

/// A problem in a distribution-rule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("distribution rule file is not valid: {0}")]
    Toml(String),
    #[error("[[organisasi]] #{index}: {source}")]
    UnknownOrg { index: usize, source: RatingError },
    #[error("[[organisasi]] {org:?} appears more than once: each organisation predikat needs exactly one entry")]
    DuplicateOrg { org: String },
    #[error("organisation predikat {org:?} has no [[organisasi]] entry: every one of istimewa|baik|butuh-perbaikan|kurang|sangat-kurang needs one")]
    MissingOrg { org: String },
    #[error("[[organisasi]] {org:?}, batas #{index}: {source}")]
    UnknownPredikat {
        org: String,
        index: usize,
        source: RatingError,
    },
    #[error("[[organisasi]] {org:?}, batas #{index}: predikat list is empty: name at least one of sangat-baik|baik|butuh-perbaikan|kurang|sangat-kurang")]
    EmptyPredikat { org: String, index: usize },
    #[error(
        "[[organisasi]] {org:?}, batas #{index}: {field} = {value} is out of range: use 0..=100"
    )]
    PercentOutOfRange {
        org: String,
        index: usize,
        field: &'static str,
        value: u32,
    },
    #[error("[[organisasi]] {org:?}, batas #{index}: no bound given: set at least one of minimal_persen, maksimal_persen, minimal_jumlah, maksimal_jumlah")]
    NoBound { org: String, index: usize },
    #[error("[[organisasi]] {org:?}, batas #{index}: {min_field} = {min} is above {max_field} = {max}: no distribution can satisfy it")]
    Contradictory {
        org: String,
        index: usize,
        min_field: &'static str,
        min: u64,
        max_field: &'static str,
        max: u64,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    organisasi: Vec<RawOrg>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    predikat: String,
    #[serde(default)]
    keterangan: String,
    #[serde(default)]
    batas: Vec<RawBound>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBound {
    predikat: Vec<String>,
    minimal_persen: Option<u32>,
    maksimal_persen: Option<u32>,
    minimal_jumlah: Option<u32>,
    maksimal_jumlah: Option<u32>,
    #[serde(default)]
    keterangan: String,
}

/// One bound of a constraint, with the allowed figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// At least this percentage of all rated employees.
    MinPercent(u32),
    /// At most this percentage of all rated employees.
    MaxPercent(u32),
    /// At least this many employees.
    MinCount(u32),
    /// At most this many employees.
    MaxCount(u32),
}

impl Bound {
    /// Whether `found` of `total` employees satisfy the bound.
    pub fn holds(self, found: usize, total: usize) -> bool {
        let (found, total) = (found as u128, total as u128);
        match self {
            Bound::MinPercent(p) => found * 100 >= u128::from(p) * total,
            Bound::MaxPercent(p) => found * 100 <= u128::from(p) * total,
            Bound::MinCount(n) => found >= u128::from(n),
            Bound::MaxCount(n) => found <= u128::from(n),
        }
    }

    /// English description, e.g. `at most 70% may be Baik`.
    pub fn describe(self, predikat: &[Predikat]) -> String {
        let names = predikat
            .iter()
            .map(|p| p.label_id())
            .collect::<Vec<_>>()
            .join(" and/or ");
        match self {
            Bound::MinPercent(p) => format!("at least {p}% must be {names}"),
            Bound::MaxPercent(p) => format!("at most {p}% may be {names}"),
            Bound::MinCount(n) => format!("at least {n} must be {names}"),
            Bound::MaxCount(0) => format!("none may be {names}"),
            Bound::MaxCount(n) => format!("at most {n} may be {names}"),
        }
    }
}

/// A limit on how many employees may hold some predikat, e.g. "at least 60% Butuh Perbaikan".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The predikat counted together.
    pub predikat: Vec<Predikat>,
    /// Its bounds (at least one).
    pub bounds: Vec<Bound>,
    /// Human explanation from the rule file (Indonesian).
    pub keterangan: String,
}

/// The distribution pattern an organisation predikat allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRule {
    pub org: OrgPredikat,
    pub keterangan: String,
    pub constraints: Vec<Constraint>,
}

/// The allowed employee-predikat distribution for every organisation predikat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistributionRules {
    /// One rule per organisation predikat, in `OrgPredikat::ALL` order.
    rules: Vec<OrgRule>,
}

/// A distribution that breaks one bound of its organisation predikat's pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub org: OrgPredikat,
    pub predikat: Vec<Predikat>,
    /// The bound broken, with the allowed figure.
    pub bound: Bound,
    /// Employees holding one of `predikat`.
    pub found: usize,
    /// All rated employees.
    pub total: usize,
    /// Human explanation of the constraint from the rule file (Indonesian).
    pub keterangan: String,
}

impl Violation {
    /// English description of the constraint, e.g. `at most 70% may be Baik`.
    pub fn description(&self) -> String {
        self.bound.describe(&self.predikat)
    }

    /// The share found, in percent.
    pub fn found_percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.found as f64 * 100.0 / self.total as f64
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, found {} of {} ({:.1}%)",
            self.org.label_id(),
            self.description(),
            self.found,
            self.total,
            self.found_percent()
        )
    }
}

impl DistributionRules {
    /// Parses and validates a rule file (schema: see `data/rules/distribusi_predikat.toml`).
    pub fn from_toml(src: &str) -> Result<Self, RulesError> {
        let raw: RawRules = toml::from_str(src).map_err(|e| RulesError::Toml(e.to_string()))?;
        let mut rules: Vec<OrgRule> = Vec::with_capacity(OrgPredikat::ALL.len());
        for (i, o) in raw.organisasi.iter().enumerate() {
            let org = OrgPredikat::parse(&o.predikat).map_err(|source| RulesError::UnknownOrg {
                index: i + 1,
                source,
            })?;
            if rules.iter().any(|r| r.org == org) {
                return Err(RulesError::DuplicateOrg {
                    org: org.code().to_string(),
                });
            }
            let constraints = o
                .batas
                .iter()
                .enumerate()
                .map(|(j, b)| constraint(org, j + 1, b))
                .collect::<Result<Vec<_>, _>>()?;
            rules.push(OrgRule {
                org,
                keterangan: o.keterangan.trim().to_string(),
                constraints,
            });
        }
        if let Some(missing) = OrgPredikat::ALL
            .into_iter()
            .find(|org| !rules.iter().any(|r| r.org == *org))
        {
            return Err(RulesError::MissingOrg {
                org: missing.code().to_string(),
            });
        }
        rules.sort_by_key(|r| r.org);
        Ok(Self { rules })
    }

    /// The rules shipped with Periksa (`data/rules/distribusi_predikat.toml`).
    pub fn builtin() -> Result<Self, RulesError> {
        Self::from_toml(include_str!("../../data/rules/distribusi_predikat.toml"))
    }

    /// The pattern of one organisation predikat.
    pub fn rule(&self, org: OrgPredikat) -> Option<&OrgRule> {
        self.rules.iter().find(|r| r.org == org)
    }

    /// Every pattern, in `OrgPredikat::ALL` order.
    pub fn rules(&self) -> &[OrgRule] {
        &self.rules
    }

    /// Every bound the distribution breaks. An empty distribution (no ratings yet) breaks nothing:
    /// the pattern constrains how ratings are spread, and there is nothing to spread.
    pub fn check(&self, org: OrgPredikat, counts: &PredikatCounts) -> Vec<Violation> {
        let total = counts.total();
        let Some(rule) = self.rule(org) else {
            return Vec::new();
        };
        if total == 0 {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in &rule.constraints {
            let found = counts.sum_of(&c.predikat);
            for b in &c.bounds {
                if !b.holds(found, total) {
                    out.push(Violation {
                        org,
                        predikat: c.predikat.clone(),
                        bound: *b,
                        found,
                        total,
                        keterangan: c.keterangan.clone(),
                    });
                }
            }
        }
        out
    }
}

fn constraint(org: OrgPredikat, index: usize, b: &RawBound) -> Result<Constraint, RulesError> {
    let org_code = || org.code().to_string();
    if b.predikat.is_empty() {
        return Err(RulesError::EmptyPredikat {
            org: org_code(),
            index,
        });
    }
    let mut predikat = Vec::new();
    for s in &b.predikat {
        let p = Predikat::parse(s).map_err(|source| RulesError::UnknownPredikat {
            org: org_code(),
            index,
            source,
        })?;
        if !predikat.contains(&p) {
            predikat.push(p);
        }
    }
    for (field, value) in [
        ("minimal_persen", b.minimal_persen),
        ("maksimal_persen", b.maksimal_persen),
    ] {
        if let Some(value) = value.filter(|v| *v > 100) {
            return Err(RulesError::PercentOutOfRange {
                org: org_code(),
                index,
                field,
                value,
            });
        }
    }
    for (min_field, min, max_field, max) in [
        (
            "minimal_persen",
            b.minimal_persen,
            "maksimal_persen",
            b.maksimal_persen,
        ),
        (
            "minimal_jumlah",
            b.minimal_jumlah,
            "maksimal_jumlah",
            b.maksimal_jumlah,
        ),
    ] {
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                return Err(RulesError::Contradictory {
                    org: org_code(),
                    index,
                    min_field,
                    min: min.into(),
                    max_field,
                    max: max.into(),
                });
            }
        }
    }
    let bounds: Vec<Bound> = [
        b.minimal_persen.map(Bound::MinPercent),
        b.maksimal_persen.map(Bound::MaxPercent),
        b.minimal_jumlah.map(Bound::MinCount),
        b.maksimal_jumlah.map(Bound::MaxCount),
    ]
    .into_iter()
    .flatten()
    .collect();
    if bounds.is_empty() {
        return Err(RulesError::NoBound {
            org: org_code(),
            index,
        });
    }
    Ok(Constraint {
        predikat,
        bounds,
        keterangan: b.keterangan.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::OrgPredikat as O;
    use super::Predikat as P;
    use super::RatingLevel::{Above, Below, Meets};
    use super::*;

    #[test]
    fn matrix_all_nine_cases() {
        assert_eq!(predikat(Above, Above), P::SangatBaik);
        assert_eq!(predikat(Above, Meets), P::Baik);
        assert_eq!(predikat(Above, Below), P::Kurang);
        assert_eq!(predikat(Meets, Above), P::Baik);
        assert_eq!(predikat(Meets, Meets), P::Baik);
        assert_eq!(predikat(Meets, Below), P::Kurang);
        assert_eq!(predikat(Below, Above), P::ButuhPerbaikan);
        assert_eq!(predikat(Below, Meets), P::ButuhPerbaikan);
        assert_eq!(predikat(Below, Below), P::SangatKurang);
    }

    #[test]
    fn rating_level_parse_variants() {
        for s in [
            "above",
            "ABOVE",
            "di atas",
            "DI_ATAS",
            "diatas",
            "di-atas",
            "Di Atas Ekspektasi",
        ] {
            assert_eq!(RatingLevel::parse(s), Ok(Above), "{s}");
        }
        assert_eq!(RatingLevel::parse("sesuai"), Ok(Meets));
        assert_eq!(RatingLevel::parse("Meets expectations"), Ok(Meets));
        assert_eq!(RatingLevel::parse("di_bawah"), Ok(Below));
        let err = RatingLevel::parse("bagus").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unknown rating "bagus": use above|meets|below (di-atas|sesuai|di-bawah)"#
        );
        assert!(RatingLevel::parse("").is_err());
    }

    #[test]
    fn codes_labels_round_trip() {
        for v in RatingLevel::ALL {
            assert_eq!(RatingLevel::parse(v.code()), Ok(v));
            assert_eq!(RatingLevel::parse(v.label_id()), Ok(v));
            assert_eq!(RatingLevel::parse(v.label_en()), Ok(v));
            assert_eq!(v.to_string(), v.code());
            for w in v.words() {
                assert_eq!(RatingLevel::parse(w), Ok(v), "{w}");
            }
        }
        for v in Predikat::ALL {
            for w in v.words() {
                assert_eq!(Predikat::parse(w), Ok(v), "{w}");
            }
            assert!(v
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
        for v in OrgPredikat::ALL {
            for w in v.words() {
                assert_eq!(OrgPredikat::parse(w), Ok(v), "{w}");
            }
            assert_eq!(v.code().parse::<OrgPredikat>(), Ok(v));
        }
        assert_eq!(P::Kurang.label_id(), "Kurang/Misconduct");
        assert_eq!(Predikat::parse("Kurang/Misconduct"), Ok(P::Kurang));
        assert_eq!(Predikat::parse("sangat baik"), Ok(P::SangatBaik));
        assert_eq!(O::ButuhPerbaikan.label_id(), "Butuh Perbaikan/Cukup");
        assert_eq!(OrgPredikat::parse("Cukup"), Ok(O::ButuhPerbaikan));
        assert_eq!(OrgPredikat::parse("SANGAT_KURANG"), Ok(O::SangatKurang));
        assert!(OrgPredikat::parse("sangat-baik").is_err());
    }

    #[test]
    fn counts() {
        let c: PredikatCounts = [P::Baik, P::Baik, P::Kurang].into_iter().collect();
        assert_eq!(c.get(P::Baik), 2);
        assert_eq!(c.get(P::Kurang), 1);
        assert_eq!(c.get(P::SangatBaik), 0);
        assert_eq!(c.total(), 3);
        assert_eq!(c.sum_of(&[P::Baik, P::Kurang, P::Baik]), 3);
        assert_eq!(PredikatCounts::new().percent(P::Baik), None);
        let pct = c.percent(P::Baik).unwrap();
        assert!((pct - 66.666).abs() < 0.01);
    }

    /// Builds a distribution: [sangat baik, baik, butuh perbaikan, kurang, sangat kurang].
    fn dist(n: [usize; 5]) -> PredikatCounts {
        let mut c = PredikatCounts::new();
        for (p, k) in P::ALL.into_iter().zip(n) {
            for _ in 0..k {
                c.add(p);
            }
        }
        c
    }

    fn rules() -> DistributionRules {
        DistributionRules::builtin().unwrap()
    }

    #[test]
    fn builtin_parses_with_every_org() {
        let r = rules();
        assert_eq!(r.rules().len(), 5);
        for org in O::ALL {
            let rule = r.rule(org).unwrap();
            assert!(!rule.constraints.is_empty(), "{org}");
            assert!(!rule.keterangan.is_empty(), "{org}");
        }
    }

    #[test]
    fn istimewa() {
        let r = rules();
        assert!(r.check(O::Istimewa, &dist([7, 3, 0, 0, 0])).is_empty());
        assert!(r.check(O::Istimewa, &dist([0, 0, 0, 0, 10])).is_empty());
        let v = r.check(O::Istimewa, &dist([8, 2, 0, 0, 0]));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].bound, Bound::MaxPercent(70));
        assert_eq!(
            v[0].to_string(),
            "Istimewa: at most 70% may be Sangat Baik, found 8 of 10 (80.0%)"
        );
    }

    #[test]
    fn baik() {
        let r = rules();
        assert!(r.check(O::Baik, &dist([2, 7, 1, 0, 0])).is_empty());
        assert!(r.check(O::Baik, &dist([0, 7, 0, 1, 2])).is_empty());
        let v = r.check(O::Baik, &dist([0, 8, 1, 1, 0]));
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].to_string(),
            "Baik: at most 70% may be Baik, found 8 of 10 (80.0%)"
        );
    }

    #[test]
    fn baik_needs_some_butuh_perbaikan_or_kurang() {
        let r = rules();
        let v = r.check(O::Baik, &dist([3, 7, 0, 0, 0]));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].predikat, vec![P::ButuhPerbaikan, P::Kurang]);
        assert_eq!(v[0].bound, Bound::MinCount(1));
        assert_eq!(
            v[0].to_string(),
            "Baik: at least 1 must be Butuh Perbaikan and/or Kurang/Misconduct, found 0 of 10 (0.0%)"
        );
        // Sangat Kurang does not count towards the rule.
        assert_eq!(r.check(O::Baik, &dist([3, 6, 0, 0, 1])).len(), 1);
    }

    #[test]
    fn butuh_perbaikan() {
        let r = rules();
        assert!(r
            .check(O::ButuhPerbaikan, &dist([1, 3, 6, 0, 0]))
            .is_empty());
        let v = r.check(O::ButuhPerbaikan, &dist([2, 3, 5, 0, 0]));
        let texts: Vec<String> = v.iter().map(|v| v.to_string()).collect();
        assert_eq!(
            texts,
            vec![
                "Butuh Perbaikan/Cukup: at least 60% must be Butuh Perbaikan, found 5 of 10 (50.0%)",
                "Butuh Perbaikan/Cukup: at most 10% may be Sangat Baik, found 2 of 10 (20.0%)",
            ]
        );
    }

    #[test]
    fn kurang() {
        let r = rules();
        assert!(r.check(O::Kurang, &dist([1, 2, 1, 6, 0])).is_empty());
        let v = r.check(O::Kurang, &dist([0, 4, 0, 6, 0]));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].predikat, vec![P::ButuhPerbaikan]);
        assert_eq!(v[0].bound, Bound::MinPercent(10));
        let v = r.check(O::Kurang, &dist([2, 0, 2, 5, 1]));
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn sangat_kurang_and_no_sangat_baik() {
        let r = rules();
        assert!(r.check(O::SangatKurang, &dist([0, 2, 1, 1, 6])).is_empty());
        assert!(r.check(O::SangatKurang, &dist([0, 3, 0, 1, 6])).is_empty());
        let v = r.check(O::SangatKurang, &dist([1, 1, 1, 1, 6]));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].bound, Bound::MaxCount(0));
        assert_eq!(
            v[0].to_string(),
            "Sangat Kurang: none may be Sangat Baik, found 1 of 10 (10.0%)"
        );
        let v = r.check(O::SangatKurang, &dist([0, 4, 0, 0, 6]));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].predikat, vec![P::ButuhPerbaikan, P::Kurang]);
    }

    #[test]
    fn empty_distribution_has_no_violation() {
        let r = rules();
        for org in O::ALL {
            assert!(r.check(org, &PredikatCounts::new()).is_empty(), "{org}");
        }
    }

    fn file_with(first_org: &str) -> String {
        let mut s = String::from(first_org);
        for org in ["baik", "butuh-perbaikan", "kurang", "sangat-kurang"] {
            s.push_str(&format!(
                "\n[[organisasi]]\npredikat = \"{org}\"\n[[organisasi.batas]]\npredikat = [\"baik\"]\nmaksimal_persen = 50\n"
            ));
        }
        s
    }

    #[test]
    fn minimal_valid_file() {
        let src = file_with(
            "[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"sangat-baik\"]\nmaksimal_persen = 70\n",
        );
        let r = DistributionRules::from_toml(&src).unwrap();
        assert_eq!(
            r.rule(O::Baik).unwrap().constraints[0].predikat,
            vec![P::Baik]
        );
    }

    #[test]
    fn malformed_files() {
        let err = |first: &str| DistributionRules::from_toml(&file_with(first)).unwrap_err();

        let e = err("[[organisasi]]\npredikat = \"hebat\"\n");
        assert!(matches!(e, RulesError::UnknownOrg { index: 1, .. }), "{e}");
        assert!(e.to_string().contains("\"hebat\""), "{e}");

        let e = err("[[organisasi]]\npredikat = \"baik\"\n");
        assert_eq!(e, RulesError::DuplicateOrg { org: "baik".into() });

        let e = DistributionRules::from_toml(&file_with("")).unwrap_err();
        assert_eq!(
            e,
            RulesError::MissingOrg {
                org: "istimewa".into()
            }
        );

        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"luar-biasa\"]\nmaksimal_persen = 1\n");
        assert!(
            matches!(e, RulesError::UnknownPredikat { index: 1, .. }),
            "{e}"
        );
        assert!(e.to_string().contains("\"luar-biasa\""), "{e}");

        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"baik\"]\nmaksimal_persen = 170\n");
        assert_eq!(
            e.to_string(),
            "[[organisasi]] \"istimewa\", batas #1: maksimal_persen = 170 is out of range: use 0..=100"
        );

        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"baik\"]\n");
        assert_eq!(
            e,
            RulesError::NoBound {
                org: "istimewa".into(),
                index: 1
            }
        );

        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = []\nminimal_jumlah = 1\n");
        assert_eq!(
            e,
            RulesError::EmptyPredikat {
                org: "istimewa".into(),
                index: 1
            }
        );

        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"baik\"]\nminimal_persen = 60\nmaksimal_persen = 50\n");
        assert!(matches!(e, RulesError::Contradictory { .. }), "{e}");

        // A misspelt key is reported, not silently ignored.
        let e = err("[[organisasi]]\npredikat = \"istimewa\"\n[[organisasi.batas]]\npredikat = [\"baik\"]\nmaksimum_persen = 50\n");
        assert!(matches!(e, RulesError::Toml(_)), "{e}");
        assert!(e.to_string().contains("maksimum_persen"), "{e}");

        let e = DistributionRules::from_toml("organisasi = 3").unwrap_err();
        assert!(matches!(e, RulesError::Toml(_)), "{e}");
    }
}

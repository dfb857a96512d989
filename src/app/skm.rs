//! The public-satisfaction survey (SKM) of a service unit: a survey file read and its IKM worked out with the rules from data (a store's own `skm.toml` replaces the shipped one), the sample checked against the population.

use std::path::Path;

use crate::domain::skm::{Band, SkmResult, SkmRules};
use crate::exchange::skm::{self, MapReason, SkmFileError, Survey};

use super::{said, App, AppError};

/// A store's own SKM rules, beside its journal, replace the shipped ones.
pub const SKM_RULES_FILE: &str = "skm.toml";

/// What a survey file gave: the file read, the computation, and what to warn about.
#[derive(Debug, Clone, PartialEq)]
pub struct SkmReport {
    pub survey: Survey,
    pub result: SkmResult,
    /// Mutu and kinerja of the IKM, and of the IKM with the rounded weights.
    pub band: Band,
    /// The IKM with the rounded weights and its band (the nine-unsur form only).
    pub rounded: Option<(crate::domain::skm::Ikm, Band)>,
    /// Each unsur's name, in order.
    pub names: Vec<String>,
    /// The rounded weight many reports use (0,11).
    pub rounded_weight: f64,
    /// The file's SHA-256 (its evidence reference).
    pub sha256: [u8; 32],
    /// The old KEP/25/M.PAN/2/2004 form (14 unsur): not comparable with the 9-unsur SKM.
    pub old_form: bool,
    /// The population given, and the minimum sample for it (Krejcie–Morgan).
    pub population: Option<(u64, u64)>,
    pub unit: Option<String>,
    pub period: Option<String>,
}

impl SkmReport {
    /// Whether the respondents are fewer than the minimum sample of the population given.
    pub fn sample_short(&self) -> Option<u64> {
        self.population
            .map(|(_, min)| min)
            .filter(|min| self.result.respondents < *min)
    }
}

/// What a survey is read with besides its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkmOptions {
    pub unit: Option<String>,
    pub period: Option<String>,
    pub population: Option<u64>,
    /// A map file: question or column → unsur.
    pub map: Option<std::path::PathBuf>,
}

fn file_error(path: &Path, source: std::io::Error) -> AppError {
    AppError::File {
        path: path.display().to_string(),
        source,
    }
}

impl App {
    /// The SKM rules: the store's `skm.toml` if it has one, else the shipped rules.
    pub fn skm_rules(&self) -> Result<SkmRules, AppError> {
        let path = self.dir().join(SKM_RULES_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => SkmRules::from_toml(&text).map_err(|e| {
                said(
                    "error.skm.rules",
                    &[("file", &path.display()), ("message", &e)],
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                SkmRules::builtin().map_err(|e| {
                    said(
                        "error.skm.rules",
                        &[("file", &"data/rules/skm.toml"), ("message", &e)],
                    )
                })
            }
            Err(e) => Err(file_error(&path, e)),
        }
    }

    /// Read the survey file at `path` and work out its IKM.
    pub fn skm_read(&self, path: &Path, opts: &SkmOptions) -> Result<SkmReport, AppError> {
        let rules = self.skm_rules()?;
        let map = match &opts.map {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| file_error(p, e))?;
                skm::parse_map(&text, &rules).map_err(|e| survey_error(e, Some(p)))?
            }
            None => Vec::new(),
        };
        let bytes = super::read_roster_file(path)?;
        let label = path.display().to_string();
        let survey = skm::read(&label, &bytes, &rules, &map)
            .map_err(|e| survey_error(e, opts.map.as_deref()))?;
        let result = rules
            .compute(&survey.tally)
            .map_err(|_| said("error.skm.no_respondents", &[("file", &label)]))?;
        let band_of = |ikm: u32| -> Result<Band, AppError> {
            rules.band(ikm).cloned().ok_or_else(|| {
                said(
                    "error.skm.rules",
                    &[("file", &SKM_RULES_FILE), ("message", &"konversi")],
                )
            })
        };
        let sha256 = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update(&bytes);
            h.finalize().into()
        };
        Ok(SkmReport {
            band: band_of(result.ikm.0)?,
            rounded: match result.ikm_rounded_weight {
                Some(ikm) => Some((ikm, band_of(ikm.0)?)),
                None => None,
            },
            names: (0..survey.unsur).map(|u| rules.unsur_name(u)).collect(),
            rounded_weight: rules.rounded_weight.0 as f64 / rules.rounded_weight.1 as f64,
            sha256,
            old_form: survey.unsur != rules.unsur.len(),
            population: opts.population.map(|n| (n, rules.min_sample(n))),
            unit: opts.unit.clone(),
            period: opts.period.clone(),
            survey,
            result,
        })
    }
}

/// A survey file's refusal in the app's terms (`map` is the map file, for its messages).
fn survey_error(e: SkmFileError, map: Option<&Path>) -> AppError {
    let map_name = map.map(|p| p.display().to_string()).unwrap_or_default();
    match e {
        SkmFileError::Table(t) => AppError::Roster(t),
        SkmFileError::NoHeader { file, sheet } => said(
            "error.skm.no_header",
            &[(
                "place",
                &sheet.map_or(file.clone(), |s| format!("{file}:{s}")),
            )],
        ),
        SkmFileError::Missing {
            place,
            unsur,
            found,
        } => said(
            "error.skm.missing",
            &[
                ("place", &place),
                ("unsur", &unsur.join(", ")),
                ("found", &found),
            ],
        ),
        SkmFileError::Twice {
            place,
            unsur,
            first,
            second,
        } => said(
            "error.skm.twice",
            &[
                ("place", &place),
                ("first", &first),
                ("second", &second),
                ("unsur", &unsur),
            ],
        ),
        SkmFileError::Ambiguous {
            place,
            header,
            unsur,
        } => said(
            "error.skm.ambiguous",
            &[
                ("place", &place),
                ("header", &header),
                ("unsur", &unsur.join(", ")),
            ],
        ),
        SkmFileError::Rows { problems, total } => AppError::SurveyRows { problems, total },
        SkmFileError::Scale5 { place, column } => said(
            "error.skm.scale5",
            &[("place", &place), ("column", &column)],
        ),
        SkmFileError::NoRespondents { file } => {
            said("error.skm.no_respondents", &[("file", &file)])
        }
        SkmFileError::Map { entry, reason } => match reason {
            MapReason::NoColumn => said(
                "error.skm.map_no_column",
                &[("map", &map_name), ("entry", &entry)],
            ),
            MapReason::NoUnsur { value } => said(
                "error.skm.map_no_unsur",
                &[("map", &map_name), ("entry", &entry), ("value", &value)],
            ),
            MapReason::Toml(message) => said(
                "error.skm.map_toml",
                &[("map", &map_name), ("message", &message)],
            ),
        },
    }
}

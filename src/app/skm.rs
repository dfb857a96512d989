//! The public-satisfaction survey (SKM) of a service unit: a survey file read and its IKM worked out with the rules from data (a store's own `skm.toml` replaces the shipped one), the sample checked against the population.

use std::path::Path;

use crate::domain::skm::{Band, SkmResult, SkmRules, SurveyRecord};
use crate::domain::template::{AnswerKind, Computed};
use crate::exchange::skm::{self, MapReason, SkmFileError, Survey};
use crate::store::event::Payload;

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
    /// The highest answer score (4).
    pub max_score: u8,
    /// The file's SHA-256 (its evidence reference).
    pub sha256: [u8; 32],
    /// The old KEP/25/M.PAN/2/2004 form (14 unsur): not comparable with the 9-unsur SKM.
    pub old_form: bool,
    /// The population given, and the minimum sample for it (Krejcie–Morgan).
    pub population: Option<(u64, u64)>,
    pub unit: Option<String>,
    pub period: Option<String>,
    /// Where the IKM was recorded: the audit and the item, and whether anything changed.
    pub recorded: Option<Recorded>,
    /// The unit's IKM in the agency's other audits (when recorded in an audit).
    pub earlier: Vec<EarlierIkm>,
}

/// The IKM recorded as an item's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub audit: crate::domain::Id,
    pub item: String,
    pub changed: bool,
}

/// The paragraph of an item's note that an import writes (and replaces on the next import).
const NOTE_MARK: &str = "Hasil impor SKM";

impl SkmReport {
    /// The paragraph the import writes into the item's note, in Bahasa Indonesia (the working
    /// papers' language): the file, respondents, IKM and mutu, the 0,11 figure, the weakest unsur
    /// and the sample.
    pub fn note(&self) -> String {
        let id = |x: f64, places: usize| format!("{x:.places$}").replace('.', ",");
        let res = &self.result;
        let mut s = format!(
            "{NOTE_MARK} ({}, SHA-256 {}…): {} responden",
            std::path::Path::new(&self.survey.file)
                .file_name()
                .map_or_else(
                    || self.survey.file.clone(),
                    |n| n.to_string_lossy().into_owned()
                ),
            &hex::encode(self.sha256)[..12],
            res.respondents
        );
        for part in [&self.unit, &self.period].into_iter().flatten() {
            s.push_str(&format!(", {part}"));
        }
        s.push_str(&format!(
            "; IKM {} (nilai interval {}), mutu {} ({})",
            id(res.ikm.value(), 2),
            id(res.interval, 3),
            self.band.mutu,
            self.band.kinerja
        ));
        if let Some((ikm, band)) = &self.rounded {
            s.push_str(&format!(
                "; dengan bobot {}: {} (mutu {})",
                id(self.rounded_weight, 2),
                id(ikm.value(), 2),
                band.mutu
            ));
        }
        let weakest: Vec<String> = res
            .weakest
            .iter()
            .map(|&i| {
                format!(
                    "U{} {} ({})",
                    i + 1,
                    self.names.get(i).map_or("", String::as_str),
                    id(res.unsur[i].nrr, 2)
                )
            })
            .collect();
        s.push_str(&format!("; unsur terlemah: {}", weakest.join(", ")));
        if let Some((population, min)) = self.population {
            s.push_str(&format!(
                "; sampel minimal {min} untuk populasi {population} ({})",
                if res.respondents >= min {
                    "terpenuhi"
                } else {
                    "tidak terpenuhi"
                }
            ));
        }
        if self.old_form {
            s.push_str(&format!("; formulir lama {} unsur", res.unsur.len()));
        }
        s.push('.');
        s
    }
}

/// `note` with the paragraph of an earlier import replaced by `paragraph` (or added after it).
fn with_paragraph(note: &str, paragraph: &str) -> String {
    let kept: Vec<&str> = note
        .split("\n\n")
        .filter(|p| !p.trim_start().starts_with(NOTE_MARK) && !p.trim().is_empty())
        .collect();
    let mut out = kept.join("\n\n");
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(paragraph);
    out
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
    /// Record the IKM in this audit, as the answer of this number item — or, without one, of the
    /// item its checklist marks `computed = "ikm"` (the survey file its evidence, the
    /// computation a paragraph of its note, the figures a survey record of the audit).
    pub record: Option<(String, Option<String>)>,
}

impl EarlierIkm {
    /// When the survey was: its own period, else its audit's, else a dash.
    pub fn when(&self) -> &str {
        [
            self.survey.period.as_str(),
            self.audit_period.as_deref().unwrap_or(""),
        ]
        .into_iter()
        .find(|p| !p.is_empty())
        .unwrap_or("–")
    }
}

/// The IKM of the same agency's service unit in another audit, to put beside this one.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierIkm {
    pub audit: crate::domain::Id,
    pub title: String,
    /// The audit's period (`2026`, `2026-S1`) when it has one.
    pub audit_period: Option<String>,
    pub survey: SurveyRecord,
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
            max_score: rules.max_score,
            sha256,
            old_form: survey.unsur != rules.unsur.len(),
            population: opts.population.map(|n| (n, rules.min_sample(n))),
            unit: opts.unit.clone(),
            period: opts.period.clone(),
            recorded: None,
            earlier: Vec::new(),
            survey,
            result,
        })
    }

    /// Read the survey as [`App::skm_read`] does and, when asked (`opts.record`), record its
    /// IKM in the audit: the number item's answer, the file as evidence (name and SHA-256), the
    /// computation as a paragraph of the item's note (replacing an earlier import's).
    pub fn skm_import(&mut self, path: &Path, opts: &SkmOptions) -> Result<SkmReport, AppError> {
        // the item is checked before the file is read: a wrong item is said first
        let mut target = None;
        if let Some((audit_key, item_code)) = &opts.record {
            let audit = self.resolve_audit(audit_key)?;
            let template = self.pinned_template(&audit)?;
            let code = match item_code {
                Some(code) => code.clone(),
                None => self
                    .store
                    .template_computed(&audit.template_hash)?
                    .into_iter()
                    .find(|c| c.from == Computed::Ikm)
                    .map(|c| c.item)
                    .ok_or_else(|| said("error.skm.no_item", &[("audit", &audit.title)]))?,
            };
            let item = super::audit::item_of(&template, &audit, &code)?;
            if item.answer != AnswerKind::Number {
                return Err(said("error.skm.not_number", &[("item", &item.code)]));
            }
            crate::domain::phase::ensure_editable(audit.phase)?;
            target = Some((audit.id, item.code.clone()));
        }
        let mut report = self.skm_read(path, opts)?;
        if let Some((audit, item)) = target {
            let old = self
                .store
                .response(&audit, &item)?
                .map(|r| r.note)
                .unwrap_or_default();
            let note = with_paragraph(&old, &report.note());
            let ikm = format!("{:.2}", report.result.ikm.value());
            let (_, item, answer, _) =
                self.answer_change(&audit.to_string(), &item, Some(&ikm), Some(&note), &[path])?;
            let record = report.record(&item);
            let same = self.store.surveys(&audit)?.into_iter().any(|s| s == record);
            let mut payloads: Vec<Payload> = answer.into_iter().collect();
            if !same {
                payloads.push(Payload::SurveyRecorded {
                    audit,
                    survey: record,
                });
            }
            let changed = !payloads.is_empty();
            if changed {
                self.commit(payloads)?;
            }
            if let Some(a) = self.store.audit(&audit)? {
                report.earlier = self.earlier_ikm(&a, &report.record(&item))?;
            }
            report.recorded = Some(Recorded {
                audit,
                item,
                changed,
            });
        }
        Ok(report)
    }

    /// The surveys recorded with an audit (by item).
    pub fn surveys(&self, audit_key: &str) -> Result<Vec<SurveyRecord>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        Ok(self.store.surveys(&audit.id)?)
    }

    /// The IKM recorded in the agency's other audits for the same service unit as `survey`
    /// (any unit when either names none), oldest audit first: the unit's earlier periods.
    pub fn earlier_ikm(
        &self,
        audit: &crate::domain::model::Audit,
        survey: &SurveyRecord,
    ) -> Result<Vec<EarlierIkm>, AppError> {
        let unit = crate::domain::skm::words(&survey.unit);
        let mut out = Vec::new();
        for a in self.store.audits()? {
            if a.id == audit.id || a.agency != audit.agency {
                continue;
            }
            for s in self.store.surveys(&a.id)? {
                let other = crate::domain::skm::words(&s.unit);
                if unit.is_empty() || other.is_empty() || other == unit {
                    out.push((
                        a.created_at,
                        EarlierIkm {
                            audit: a.id,
                            title: a.title.clone(),
                            audit_period: a.period.map(|p| p.to_string()),
                            survey: s,
                        },
                    ));
                }
            }
        }
        // oldest audit first (the audits are read once, in key order)
        out.sort_by_key(|(created, _)| *created);
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }
}

impl SkmReport {
    /// What the audit keeps of this survey, recorded for `item`.
    pub fn record(&self, item: &str) -> SurveyRecord {
        let res = &self.result;
        SurveyRecord {
            item: item.to_string(),
            file: Path::new(&self.survey.file).file_name().map_or_else(
                || self.survey.file.clone(),
                |n| n.to_string_lossy().into_owned(),
            ),
            sha256: self.sha256,
            unit: self.unit.clone().unwrap_or_default(),
            period: self.period.clone().unwrap_or_default(),
            respondents: res.respondents,
            names: self.names.clone(),
            totals: res.unsur.iter().map(|u| u.total).collect(),
            ikm: res.ikm.0,
            ikm_rounded: self.rounded.as_ref().map(|(ikm, _)| ikm.0),
            rounded_weight: (self.rounded_weight * 10_000.0).round() as u32,
            mutu: self.band.mutu.clone(),
            kinerja: self.band.kinerja.clone(),
            kinerja_en: self.band.kinerja_en.clone(),
            max_score: self.max_score,
            population: self.population,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_replaces_its_own_paragraph_and_keeps_the_auditors() {
        assert_eq!(
            with_paragraph("", "Hasil impor SKM (a): 1"),
            "Hasil impor SKM (a): 1"
        );
        let first = with_paragraph("Laporan SKM dibandingkan.", "Hasil impor SKM (a): 1");
        assert_eq!(first, "Laporan SKM dibandingkan.\n\nHasil impor SKM (a): 1");
        let again = with_paragraph(&first, "Hasil impor SKM (b): 2");
        assert_eq!(again, "Laporan SKM dibandingkan.\n\nHasil impor SKM (b): 2");
    }
}

//! The training-needs recap of one agency for its personnel office (BKPSDM): read from the agency's audits — rating recommendations with follow-up pelatihan or pembinaan, findings whose kode sebab points at competence, and the weak personnel unsur of the surveys recorded with them — and written as a workbook, a Word document or a web page.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::codes::Table;
use crate::domain::model::{Audit, Employee};
use crate::domain::period::Period;
use crate::domain::training::{in_period, Area, Source, SurveyNeed, TrainingRecap, TrainingRow};

use super::{said, App, AppError};

impl App {
    /// The training recap of `agency` (its code, any case) for `period` (as auditors write it;
    /// none: every period), from every audit of the agency in any phase — each row says which
    /// audit and its phase, so the office can tell a final LHP from a draft. The survey part is
    /// read by [`App::survey_needs`].
    pub fn training(&self, agency: &str, period: Option<&str>) -> Result<TrainingRecap, AppError> {
        self.training_with(agency, period, |app, audit| app.survey_needs(audit))
    }

    /// [`App::training`] with the survey part read by `survey`, called once for each audit of
    /// the agency whose period fits ([`App::survey_needs`], or a test's own figures).
    pub fn training_with(
        &self,
        agency: &str,
        period: Option<&str>,
        mut survey: impl FnMut(&App, &Audit) -> Result<Vec<SurveyNeed>, AppError>,
    ) -> Result<TrainingRecap, AppError> {
        let asked = period
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Period::parse)
            .transpose()?;
        let agency = self.agency_by_code(agency)?;
        let codes = self.codes()?;
        let mut people: HashMap<String, Option<Employee>> = HashMap::new();
        let mut person = |app: &App, nip: &str| -> Result<Option<Employee>, AppError> {
            if let Some(e) = people.get(nip) {
                return Ok(e.clone());
            }
            let e = app.store.employee(nip)?;
            people.insert(nip.to_string(), e.clone());
            Ok(e)
        };
        let mut rows = Vec::new();
        let mut needs = Vec::new();
        let mut audits: Vec<Audit> = self
            .store
            .audits()?
            .into_iter()
            .filter(|a| a.agency == agency.code)
            .collect();
        audits.sort_by_key(|a| (a.created_at, a.id));
        for audit in &audits {
            // a row as the roster knows its ASN: the unit kerja, else the agency
            let row = |area: Area,
                       employee: Option<&Employee>,
                       nip: Option<&crate::domain::nip::Nip>,
                       source: Source,
                       period: Option<Period>,
                       subject: String,
                       reason: String| TrainingRow {
                area,
                unit: employee
                    .map(|e| e.unit.trim())
                    .filter(|u| !u.is_empty())
                    .unwrap_or(agency.name.as_str())
                    .to_string(),
                nip: nip.cloned(),
                name: employee.map(|e| e.name.clone()).unwrap_or_default(),
                position: employee.map(|e| e.position.clone()).unwrap_or_default(),
                audit: audit.id,
                audit_title: audit.title.clone(),
                audit_phase: audit.phase,
                period,
                source,
                subject,
                reason,
            };
            let day = audit.created_at.date_naive();
            for r in self.store.ratings_of_audit(&audit.id)? {
                let Some(area) = Area::of_action(r.content.action) else {
                    continue;
                };
                if !in_period(Some(r.content.period), day, asked) {
                    continue;
                }
                let employee = person(self, r.content.nip.as_str())?;
                rows.push(row(
                    area,
                    employee.as_ref(),
                    Some(&r.content.nip),
                    Source::Rating,
                    Some(r.content.period),
                    r.predikat.label_id().to_string(),
                    rating_reason(&r.content),
                ));
            }
            if !in_period(audit.period, day, asked) {
                continue;
            }
            for f in self.store.findings_of_audit(&audit.id)? {
                let cause = f.content.cause_code.trim();
                if !codes.is_competence(cause) {
                    continue;
                }
                let area = Area::Cause {
                    code: cause.to_string(),
                    text: codes
                        .get(Table::Cause, cause)
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                };
                let reason = f.content.sebab.clone();
                if f.content.nips.is_empty() {
                    // a need of the unit: the finding names nobody
                    rows.push(row(
                        area,
                        None,
                        None,
                        Source::Finding,
                        audit.period,
                        f.content.title.clone(),
                        reason,
                    ));
                    continue;
                }
                for nip in &f.content.nips {
                    let employee = person(self, nip.as_str())?;
                    rows.push(row(
                        area.clone(),
                        employee.as_ref(),
                        Some(nip),
                        Source::Finding,
                        audit.period,
                        f.content.title.clone(),
                        reason.clone(),
                    ));
                }
            }
            needs.extend(survey(self, audit)?);
        }
        let mut recap = TrainingRecap {
            agency: agency.code,
            agency_name: agency.name,
            period: asked,
            rows,
            survey: needs,
        };
        recap.sort();
        Ok(recap)
    }

    /// The weak personnel unsur (Kompetensi Pelaksana, Perilaku Pelaksana) of the surveys
    /// recorded with `audit`: those among the survey's three weakest
    /// ([`crate::domain::training::personnel_needs`] with
    /// [`crate::domain::training::WEAKEST_UNSUR`]), each with its NRR.
    pub fn survey_needs(&self, audit: &Audit) -> Result<Vec<SurveyNeed>, AppError> {
        let mut out = Vec::new();
        for s in self.store.surveys(&audit.id)? {
            let nrr: Vec<(String, f64)> = (0..s.totals.len())
                .map(|i| (s.names.get(i).cloned().unwrap_or_default(), s.nrr(i)))
                .collect();
            let period = if s.period.is_empty() {
                audit.period.map(|p| p.label_id()).unwrap_or_default()
            } else {
                s.period.clone()
            };
            for (unsur, nrr) in crate::domain::training::personnel_needs(
                &nrr,
                crate::domain::training::WEAKEST_UNSUR,
            ) {
                out.push(SurveyNeed {
                    audit: audit.id,
                    audit_title: audit.title.clone(),
                    unit: s.unit.clone(),
                    period: period.clone(),
                    unsur,
                    nrr,
                });
            }
        }
        Ok(out)
    }

    /// The agencies that have audits, with how many (the recap's choice of agency), by code.
    pub fn training_agencies(
        &self,
    ) -> Result<Vec<(crate::domain::model::Agency, usize)>, AppError> {
        let mut count: HashMap<String, usize> = HashMap::new();
        for a in self.store.audits()? {
            *count.entry(a.agency).or_default() += 1;
        }
        let mut out: Vec<(crate::domain::model::Agency, usize)> = self
            .store
            .agencies()?
            .into_iter()
            .filter_map(|a| count.get(&a.code).map(|n| (a.clone(), *n)))
            .collect();
        out.sort_by(|a, b| a.0.code.cmp(&b.0.code));
        Ok(out)
    }

    /// The periods the recap of `agency` can be asked for: those of its audits and of their
    /// rating recommendations, newest first.
    pub fn training_periods(&self, agency: &str) -> Result<Vec<Period>, AppError> {
        let agency = self.agency_by_code(agency)?;
        let mut periods = Vec::new();
        for a in self
            .store
            .audits()?
            .into_iter()
            .filter(|a| a.agency == agency.code)
        {
            periods.extend(a.period);
            for r in self.store.ratings_of_audit(&a.id)? {
                periods.push(r.content.period);
            }
        }
        periods.sort_by_key(|p| std::cmp::Reverse((p.end(), p.start())));
        periods.dedup();
        Ok(periods)
    }

    /// An agency by its code in any case ([`AppError::UnknownAgency`] when none has it).
    fn agency_by_code(&self, code: &str) -> Result<crate::domain::model::Agency, AppError> {
        let code = code.trim();
        if let Some(a) = self.store.agency(code)? {
            return Ok(a);
        }
        self.store
            .agencies()?
            .into_iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))
            .ok_or_else(|| AppError::UnknownAgency(code.to_string()))
    }

    /// The recap at `path`: an XLSX workbook for `.xlsx`, a Word document on the inspectorate's
    /// letterhead (from the report settings) for `.docx`, one HTML page for `.html`; any other
    /// name is refused before anything is written.
    pub fn export_training(
        &self,
        recap: &TrainingRecap,
        path: &Path,
        report_settings: Option<&Path>,
    ) -> Result<crate::exchange::export::Written, AppError> {
        use crate::exchange::export::{self, training};
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !["xlsx", "docx", "html"].contains(&ext.as_str()) {
            return Err(said(
                "error.app.training_format",
                &[("path", &path.display())],
            ));
        }
        if ext == "xlsx" {
            return Ok(training::write(path, recap)?);
        }
        let settings = self.report_settings(report_settings)?;
        let region = self
            .store
            .agency(&recap.agency)?
            .map(|a| a.region)
            .unwrap_or_else(|| "daerah".to_string());
        let at = crate::present::date_id(super::today());
        let report = export::layout::training(recap, &region, &at, &settings);
        Ok(if ext == "docx" {
            export::docx::write(&report, &settings, path)?
        } else {
            export::report::write_html(&report, &settings, path)?
        })
    }
}

/// How many needs, ASN and survey unsur a recap holds, in the language of `t` (the CLI and the
/// terminal UI say it alike).
pub fn training_count_label(r: &TrainingRecap, t: &crate::text::Strings) -> String {
    let count = t.f(
        "training.count",
        &[
            ("n", &t.count(r.rows.len() as u64)),
            ("people", &t.count(r.people() as u64)),
        ],
    );
    if r.survey.is_empty() {
        return count;
    }
    let survey = t.f(
        "training.count_survey",
        &[("n", &t.count(r.survey.len() as u64))],
    );
    format!("{count}; {survey}")
}

/// A weak survey unsur in the language of `t`: `Loket Adminduk, Semester II 2026: Kompetensi
/// Pelaksana — NRR 1,67 (the audit's title)` (the CLI and the terminal UI say it alike).
pub fn training_survey_label(s: &SurveyNeed, t: &crate::text::Strings) -> String {
    t.f(
        "training.survey_row",
        &[
            ("unit", &s.unit),
            ("period", &s.period),
            ("unsur", &s.unsur),
            ("nrr", &t.fixed(s.nrr, 2)),
            ("audit", &s.audit_title),
        ],
    )
}

/// A competence area in the language of `t` (the CLI and the terminal UI say it alike).
pub fn training_area_label(area: &Area, t: &crate::text::Strings) -> String {
    match area {
        Area::Pelatihan => t.t("training.area_pelatihan").to_string(),
        Area::Pembinaan => t.t("training.area_pembinaan").to_string(),
        Area::Cause { code, text } => t.f("training.area_cause", &[("code", code), ("text", text)]),
    }
}

/// What a row rests on in the language of `t`: `Rating recommendation: Baik`, `Finding: …`.
pub fn training_basis_label(r: &TrainingRow, t: &crate::text::Strings) -> String {
    let source = match r.source {
        Source::Rating => t.t("training.source_rating"),
        Source::Finding => t.t("training.source_finding"),
    };
    format!("{source}: {}", r.subject)
}

/// The ASN of a row in the language of `t`: `name — NIP grouped`, or why nobody is named.
pub fn training_person_label(r: &TrainingRow, t: &crate::text::Strings) -> String {
    match (&r.nip, r.name.is_empty()) {
        (None, _) => t.t("training.nobody").to_string(),
        (Some(nip), true) => format!("{} {}", nip.grouped(), t.t("training.no_name")),
        (Some(nip), false) => format!("{} — {}", r.name, nip.grouped()),
    }
}

/// Why a rating recommendation asks for development: its justification, then its BerAKHLAK
/// notes (`Akuntabel: …`).
fn rating_reason(c: &crate::domain::model::RatingContent) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !c.justification.trim().is_empty() {
        parts.push(c.justification.trim().to_string());
    }
    parts.extend(
        c.berakhlak
            .iter()
            .filter(|(_, note)| !note.trim().is_empty())
            .map(|(value, note)| format!("{}: {}", value.label_id(), note.trim())),
    );
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::personnel_needs;

    fn demo() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo");
        super::super::demo::fill(&store).unwrap();
        let app = App::open(&store).unwrap();
        (dir, app)
    }

    #[test]
    fn the_demo_agency_has_training_coaching_and_a_competence_cause() {
        let (_dir, app) = demo();
        let recap = app.training("disdukcapil", Some("2026-S2")).unwrap();
        assert_eq!(recap.agency, "DISDUKCAPIL");
        let rows: Vec<(String, &str, &str, Source)> = recap
            .rows
            .iter()
            .map(|r| {
                (
                    r.area.code(),
                    r.unit.as_str(),
                    r.nip.as_ref().map(|n| n.as_str()).unwrap_or(""),
                    r.source,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "pelatihan".to_string(),
                    "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
                    "198609092016061001",
                    Source::Rating
                ),
                (
                    "pembinaan".to_string(),
                    "Bidang Pelayanan Pendaftaran Penduduk",
                    "197101282002022001",
                    Source::Rating
                ),
                (
                    "sebab:1.03".to_string(),
                    "Bidang Pemanfaatan Data dan Inovasi Pelayanan",
                    "198609092016061001",
                    Source::Finding
                ),
            ]
        );
        let cause = &recap.rows[2];
        assert_eq!(cause.name, "Rudi Rohman, S.IP., M.Si.");
        assert!(cause.subject.starts_with("Hasil Survei Kepuasan"));
        assert!(cause.reason.contains("PermenPANRB 14/2017"));
        assert!(recap.rows[1]
            .reason
            .contains("pemantauan persediaan blangko"));
        assert_eq!(recap.people(), 2);
        assert!(recap.survey.is_empty(), "the store keeps no survey yet");
        // another period, or none
        assert!(app
            .training("DISDUKCAPIL", Some("2026-S1"))
            .unwrap()
            .is_empty());
        assert_eq!(app.training("DISDUKCAPIL", None).unwrap().rows.len(), 3);
        assert_eq!(
            app.training("DISDUKCAPIL", Some("  ")).unwrap().period,
            None
        );
    }

    #[test]
    fn bad_input_is_named() {
        let (_dir, app) = demo();
        assert!(matches!(
            app.training("DINSOSX", None),
            Err(AppError::UnknownAgency(x)) if x == "DINSOSX"
        ));
        assert!(matches!(
            app.training("DISDUKCAPIL", Some("2026-S3")),
            Err(AppError::Period(_))
        ));
        let recap = app.training("DISDUKCAPIL", None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let msg = app
            .export_training(&recap, &dir.path().join("rekap.pdf"), None)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("rekap.pdf") && msg.contains(".xlsx"), "{msg}");
        assert!(app
            .export_training(&recap, &dir.path().join("no/such/dir/rekap.xlsx"), None)
            .is_err());
    }

    #[test]
    fn the_survey_hook_adds_the_weak_personnel_unsur_of_each_audit() {
        let (_dir, app) = demo();
        let mut asked = Vec::new();
        let recap = app
            .training_with("DISDUKCAPIL", Some("2026"), |_, audit| {
                asked.push(audit.id);
                let nrr = [
                    ("Waktu Penyelesaian".to_string(), 2.6),
                    ("Kompetensi Pelaksana".to_string(), 2.9),
                    ("Perilaku Pelaksana".to_string(), 3.5),
                    ("Persyaratan".to_string(), 3.0),
                ];
                Ok(personnel_needs(&nrr, 3)
                    .into_iter()
                    .map(|(unsur, nrr)| SurveyNeed {
                        audit: audit.id,
                        audit_title: "Pemeriksaan Pelayanan Publik".into(),
                        unit: "Loket KTP-el".into(),
                        period: "2026-S2".into(),
                        unsur,
                        nrr,
                    })
                    .collect())
            })
            .unwrap();
        assert_eq!(asked.len(), 1, "once per audit of the agency");
        assert_eq!(recap.survey.len(), 1);
        assert_eq!(recap.survey[0].unsur, "Kompetensi Pelaksana");
        assert_eq!(recap.rows.len(), 3, "the rows are as without the hook");
        // written both ways with the survey in
        let dir = tempfile::tempdir().unwrap();
        for name in ["rekap.xlsx", "rekap.docx", "rekap.html"] {
            let w = app
                .export_training(&recap, &dir.path().join(name), None)
                .unwrap();
            assert!(w.bytes > 0, "{name}");
        }
        let html = std::fs::read_to_string(dir.path().join("rekap.html")).unwrap();
        assert!(
            html.contains("Loket KTP-el") && html.contains("2,90"),
            "{html}"
        );
    }
}

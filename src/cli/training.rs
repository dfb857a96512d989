//! `periksa training`: the training-needs recap of one agency for its personnel office (BKPSDM), as a listing by competence area and unit, as JSON, or written to a workbook or document.

use serde_json::{json, Value};

use super::output::{w, wjson, Out};
use crate::app::{training_area_label, training_basis_label, training_person_label, App, AppError};
use crate::domain::phase::Phase;
use crate::domain::training::{SurveyNeed, TrainingRecap, TrainingRow};
use crate::text::{Lang, Strings};

/// What `training` was asked for.
pub(super) struct TrainingQuery {
    pub agency: String,
    pub period: Option<String>,
    pub output: Option<std::path::PathBuf>,
    pub report_settings: Option<std::path::PathBuf>,
}

fn row_json(r: &TrainingRow) -> Value {
    json!({
        "area": r.area.code(),
        "area_label": r.area.label_id(),
        "unit": r.unit,
        "nip": r.nip.as_ref().map(|n| n.as_str()),
        "nip_grouped": r.nip.as_ref().map(|n| n.grouped()),
        "name": r.name,
        "position": r.position,
        "audit": r.audit,
        "audit_title": r.audit_title,
        "audit_phase": r.audit_phase.code(),
        "period": r.period.map(|p| p.to_string()),
        "source": r.source.code(),
        "subject": r.subject,
        "reason": r.reason,
    })
}

fn survey_json(s: &SurveyNeed) -> Value {
    json!({
        "audit": s.audit,
        "audit_title": s.audit_title,
        "unit": s.unit,
        "period": s.period,
        "unsur": s.unsur,
        "nrr": s.nrr,
    })
}

/// The recap as JSON: stable English keys, the codes of areas, sources and phases.
pub(super) fn recap_json(r: &TrainingRecap) -> Value {
    json!({
        "agency": r.agency,
        "agency_name": r.agency_name,
        "period": r.period.map(|p| p.to_string()),
        "people": r.people(),
        "rows": r.rows.iter().map(row_json).collect::<Vec<_>>(),
        "survey": r.survey.iter().map(survey_json).collect::<Vec<_>>(),
    })
}

/// The recap as text, the language's way: a head line, then each competence area, its units,
/// and under each unit the ASN with what the need rests on and why; the survey unsur last.
pub(super) fn recap_lines(r: &TrainingRecap, t: &Strings) -> Vec<String> {
    let period = match (r.period, t.lang) {
        (Some(p), Lang::Id) => p.label_id(),
        (Some(p), Lang::En) => p.label_en(),
        (None, _) => t.t("training.all_periods").to_string(),
    };
    let mut out = vec![t.f(
        "training.head",
        &[
            ("agency", &format!("{} {}", r.agency, r.agency_name)),
            ("period", &period),
        ],
    )];
    out.push(crate::app::training_count_label(r, t));
    if r.is_empty() {
        out.push(t.t("training.none").to_string());
        return out;
    }
    for group in r.groups() {
        out.push(String::new());
        out.push(training_area_label(group.area, t));
        for unit in &group.units {
            out.push(format!("  {}", unit.unit));
            for row in &unit.rows {
                let mut person = training_person_label(row, t);
                if !row.position.is_empty() {
                    person = format!("{person} — {}", row.position);
                }
                out.push(format!("    {person}"));
                out.push(format!("      {}", training_basis_label(row, t)));
                let mut audit = t.f("training.audit", &[("title", &row.audit_title)]);
                if row.audit_phase != Phase::Final {
                    let phase = match t.lang {
                        Lang::Id => row.audit_phase.label_id(),
                        Lang::En => row.audit_phase.label_en(),
                    };
                    audit = format!(
                        "{audit} ({})",
                        t.f("training.not_final", &[("phase", &phase)])
                    );
                }
                out.push(format!("      {audit}"));
                for line in row.reason.lines().filter(|l| !l.trim().is_empty()) {
                    out.push(format!("      {}", line.trim()));
                }
            }
        }
    }
    if !r.survey.is_empty() {
        out.push(String::new());
        out.push(t.t("training.survey").to_string());
        for s in &r.survey {
            out.push(format!("  {}", crate::app::training_survey_label(s, t)));
        }
    }
    out
}

pub(super) fn training(
    app: &App,
    q: TrainingQuery,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let recap = app.training(&q.agency, q.period.as_deref())?;
    let written = match &q.output {
        Some(path) => Some(app.export_training(&recap, path, q.report_settings.as_deref())?),
        None => None,
    };
    if json {
        let mut j = recap_json(&recap);
        if let Some(f) = &written {
            j["written"] = json!({"path": f.path, "bytes": f.bytes});
        }
        return wjson(out, &j);
    }
    for line in recap_lines(&recap, t) {
        w(out, line)?;
    }
    if let Some(f) = &written {
        w(
            out,
            t.f(
                "cli.export.wrote_document",
                &[("path", &f.path.display()), ("bytes", &t.count(f.bytes))],
            ),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::Nip;
    use crate::domain::period::Period;
    use crate::domain::training::{Area, Source};
    use crate::domain::Id;

    fn recap() -> TrainingRecap {
        TrainingRecap {
            agency: "DISDUKCAPIL".into(),
            agency_name: "Dinas Kependudukan dan Pencatatan Sipil".into(),
            period: Some(Period::Semester(2026, 2)),
            rows: vec![TrainingRow {
                area: Area::Cause {
                    code: "1.03".into(),
                    text: "Pelaksana belum memahami peraturan".into(),
                },
                unit: "Sekretariat".into(),
                nip: Some(Nip::from_stored("198609092016061001".into())),
                name: "Rudi Rohman".into(),
                position: "Analis Kebijakan".into(),
                audit: Id::from_u128(0xabcdef12),
                audit_title: "Pemeriksaan Standar Pelayanan".into(),
                audit_phase: Phase::Review,
                period: Some(Period::Semester(2026, 2)),
                source: Source::Finding,
                subject: "Hasil SKM belum dipublikasikan".into(),
                reason: "Belum memahami kewajiban publikasi.".into(),
            }],
            survey: vec![SurveyNeed {
                audit: Id::from_u128(0x12345678),
                audit_title: "Pemeriksaan Pelayanan Publik".into(),
                unit: "Loket KTP-el".into(),
                period: "2026-S2".into(),
                unsur: "Perilaku Pelaksana".into(),
                nrr: 2.875,
            }],
        }
    }

    #[test]
    fn the_survey_group_is_said_in_both_languages_and_in_json() {
        let id = recap_lines(&recap(), Strings::of(Lang::Id)).join("\n");
        assert!(id.contains("Semester II 2026"), "{id}");
        assert!(id.contains("Sebab 1.03 — Pelaksana belum memahami peraturan"));
        assert!(id.contains("Rudi Rohman — 19860909 201606 1 001 — Analis Kebijakan"));
        assert!(id.contains("belum final, tahap Reviu"), "{id}");
        assert!(id.contains("Unsur SKM terlemah tentang pelaksana layanan"));
        assert!(
            id.contains("Loket KTP-el, 2026-S2: Perilaku Pelaksana — NRR 2,88"),
            "{id}"
        );
        let en = recap_lines(&recap(), Strings::of(Lang::En)).join("\n");
        assert!(en.contains("Semester 2 2026"), "{en}");
        assert!(en.contains("Cause 1.03"));
        assert!(en.contains("Weakest survey (SKM) unsur about the service staff"));
        assert!(en.contains("NRR 2.88"), "{en}");
        let j = recap_json(&recap());
        assert_eq!(j["survey"][0]["unsur"], "Perilaku Pelaksana");
        assert_eq!(j["survey"][0]["nrr"], 2.875);
        assert_eq!(j["rows"][0]["area"], "sebab:1.03");
        assert_eq!(j["rows"][0]["nip_grouped"], "19860909 201606 1 001");
        assert_eq!(j["rows"][0]["audit_phase"], "review");
        // nothing at all: one line says so
        let empty = TrainingRecap {
            rows: Vec::new(),
            survey: Vec::new(),
            ..recap()
        };
        let lines = recap_lines(&empty, Strings::of(Lang::Id));
        assert_eq!(lines.len(), 3);
        assert!(lines[2].starts_with("Tidak ada kebutuhan"));
    }
}

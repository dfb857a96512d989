//! Exporting an audit for people: reads the store row by row and hands each row to the format's sink.
//!
//! Memory stays flat: responses are looked up item by item in checklist order, findings and
//! ratings come from streaming index scans, and each row is written before the next is read. The
//! only things kept across rows are the profile names (a handful) and, for the report, counts per
//! checklist section and the finding numbers; the earlier audits' open recommendations
//! (`tindak_lanjut_sebelumnya`) are read whole first, as the follow-up register reads them (one
//! agency's, a few dozen rows).

use std::collections::HashMap;
use std::path::Path;

use chrono::Utc;

use crate::domain::followup::Severity;
use crate::domain::model::{Audit, Finding, Rating, Response};
use crate::domain::phase::{self, SignState};
use crate::domain::score::{self, Compliance, Progress};
use crate::domain::template::{AnswerKind, Template};
use crate::domain::Id;
use crate::exchange::export::schema::{
    EarlierFollowUpRow, FindingRow, RatingRow, ResponseRow, SignOffCell, SummaryRow, JAWABAN,
    REKOMENDASI, RINGKASAN, TEMUAN, TINDAK_LANJUT_SEBELUMNYA,
};
use crate::exchange::export::ExportOptions;
use crate::exchange::export::{self, Format, Row, Written};

use super::audit::StateHasher;
use super::record_version::{Record, RecordVersion};
use super::{said, App, AppError};

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportReport {
    pub format: Format,
    pub files: Vec<Written>,
}

impl ExportReport {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

fn answer_kind_code(k: AnswerKind) -> &'static str {
    match k {
        AnswerKind::Compliance => "compliance",
        AnswerKind::Score => "score",
        AnswerKind::YesNo => "yesno",
        AnswerKind::Number => "number",
    }
}

/// Profile names by id, looked up once.
struct Names(HashMap<Id, String>);

impl Names {
    fn of(&self, id: &Id) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// The CSV separator a spreadsheet in this language's locale splits on: `;` for Bahasa Indonesia
/// (Excel with an Indonesian locale, whose decimal separator is the comma), `,` for English.
pub fn csv_delimiter_for(lang: crate::text::Lang) -> crate::exchange::export::Delimiter {
    use crate::exchange::export::Delimiter;
    match lang {
        crate::text::Lang::Id => Delimiter::Semicolon,
        crate::text::Lang::En => Delimiter::Comma,
    }
}

impl App {
    /// Export the audit `audit_key` to `path` in `format` (a folder for CSV, a file otherwise).
    pub fn export(
        &self,
        audit_key: &str,
        format: Format,
        path: &Path,
        options: &ExportOptions,
    ) -> Result<ExportReport, AppError> {
        if format.is_document() {
            let settings = self.report_settings(options.report_settings.as_deref())?;
            let lhp = self.lhp(audit_key, &settings)?;
            let report = if format.is_annex() {
                export::layout::asn(&lhp, &settings)
            } else {
                export::layout::lhp(&lhp, &settings)
            };
            let written = match format {
                Format::Md => export::report::write_md(&report, path)?,
                Format::Html | Format::HtmlAsn => {
                    export::report::write_html(&report, &settings, path)?
                }
                _ => export::docx::write(&report, &settings, path)?,
            };
            return Ok(ExportReport {
                format,
                files: vec![written],
            });
        }
        let audit = self.resolve_audit(audit_key)?;
        let template = self.pinned_template(&audit)?;
        let names = Names(
            self.store
                .profiles()?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect(),
        );
        let summary = self.summary_row(&audit, &template, &names)?;
        let mut sink = export::open(format, path, Utc::now(), options)?;

        sink.begin(&RINGKASAN)?;
        sink.row(Row::Summary(&summary))?;
        sink.end()?;

        sink.begin(&JAWABAN)?;
        let audit_id = audit.id.to_string();
        for section in &template.sections {
            for item in &section.items {
                let r = self.store.response(&audit.id, &item.code)?;
                let version = self.record_version(Record::Response(&audit.id, &item.code))?;
                let row = response_row(&audit_id, section, item, r.as_ref(), &names, version);
                sink.row(Row::Response(&row))?;
            }
        }
        sink.end()?;

        sink.begin(&TEMUAN)?;
        let repeats = self.repeats(&audit_id)?;
        for f in self.store.findings_of_audit_iter(&audit.id) {
            let f = f?;
            let version = self.record_version(Record::Finding(&f.id))?;
            let mut row = finding_row(&audit, &f, &names, version);
            if let Some(r) = repeats.iter().find(|r| r.finding == f.id) {
                row.repeat_of = r.earlier_finding.to_string();
            }
            for n in &f.content.nips {
                let name = self.store.employee(n.as_str())?.map(|e| e.name);
                row.nip_names.push(name);
            }
            sink.row(Row::Finding(&row))?;
        }
        sink.end()?;

        sink.begin(&REKOMENDASI)?;
        for r in self.store.ratings_of_audit_iter(&audit.id) {
            let row = self.rating_row(&r?, &names)?;
            sink.row(Row::Rating(&row))?;
        }
        sink.end()?;

        // begun even when there is nothing: the table is there, its header without rows
        sink.begin(&TINDAK_LANJUT_SEBELUMNYA)?;
        for r in self.earlier_followup(&audit_id, super::today())? {
            sink.row(Row::Earlier(&earlier_row(&audit_id, &r)))?;
        }
        sink.end()?;

        Ok(ExportReport {
            format,
            files: sink.finish()?,
        })
    }

    fn summary_row(
        &self,
        audit: &Audit,
        template: &Template,
        names: &Names,
    ) -> Result<SummaryRow, AppError> {
        // One pass over the stored responses, findings and ratings gives the score, the progress,
        // the severity counts and the state hash the sign-offs are checked against (before, each
        // response was read three times: a lookup per item, the state hash, the rows).
        let weights: HashMap<&str, u32> = template
            .items()
            .map(|i| (i.code.as_str(), i.weight))
            .collect();
        let mut progress = Progress {
            looked_at: 0,
            total: template.item_count(),
        };
        let mut compliance = Compliance::default();
        let mut hasher = StateHasher::new(audit);
        for r in self.store.responses_iter(&audit.id) {
            let r = r?;
            hasher.response(&r)?;
            let Some(&weight) = weights.get(r.item.as_str()) else {
                continue;
            };
            let answer = r.answer.as_ref();
            progress.looked_at += score::progress([answer]).looked_at;
            let c = score::compliance([(weight, answer)]);
            compliance.earned += c.earned;
            compliance.possible += c.possible;
            compliance.scored += c.scored;
            compliance.excluded += c.excluded;
        }
        drop(weights);
        let mut by_severity = [0usize; 3];
        for f in self.store.findings_of_audit_iter(&audit.id) {
            let f = f?;
            hasher.finding(&f)?;
            by_severity[match f.content.severity {
                Severity::High => 0,
                Severity::Medium => 1,
                Severity::Low => 2,
            }] += 1;
        }
        for r in self.store.ratings_of_audit_iter(&audit.id) {
            hasher.rating(&r?)?;
        }
        let state_hash = self.finish_state(audit, hasher)?;
        let agency_name = self
            .store
            .agency(&audit.agency)?
            .map(|a| a.name)
            .unwrap_or_else(|| audit.agency.clone());
        let team = self
            .store
            .audit_actors(&audit.id)?
            .iter()
            .map(|id| names.of(id))
            .collect();
        let states = phase::signoff_states(&audit.signoffs, &state_hash);
        let cell = |i: usize| {
            let (role, state) = states[i];
            let (status, s) = match state {
                SignState::Missing => ("belum", None),
                SignState::Fresh(s) => ("berlaku", Some(s)),
                SignState::Stale(s) => ("kedaluwarsa", Some(s)),
            };
            SignOffCell {
                role: role.label_id().to_string(),
                name: s.map(|s| names.of(&s.profile)),
                at: s.map(|s| s.at),
                status,
            }
        };
        if states.len() != 4 {
            return Err(said("error.app.review_chain", &[("n", &states.len())]));
        }
        Ok(SummaryRow {
            audit_id: audit.id.to_string(),
            title: audit.title.clone(),
            agency_code: audit.agency.clone(),
            agency_name,
            checklist_id: template.id.clone(),
            checklist_title: template.title.clone(),
            checklist_version: template.version.clone(),
            checklist_hash: hex::encode(audit.template_hash),
            letter: audit.letter.clone(),
            period: audit.period.map(|p| p.to_string()),
            period_label: audit.period.map(|p| p.label_id()),
            period_start: audit.period.map(|p| p.start()),
            period_end: audit.period.map(|p| p.end()),
            phase: audit.phase.label_id().to_string(),
            created_at: audit.created_at,
            updated_at: audit.updated_at,
            finalised_at: audit.finalised_at,
            looked_at: progress.looked_at,
            total: progress.total,
            compliance_percent: compliance.percent(),
            earned: compliance.earned,
            possible: compliance.possible,
            findings_high: by_severity[0],
            findings_medium: by_severity[1],
            findings_low: by_severity[2],
            team,
            signoffs: [cell(0), cell(1), cell(2), cell(3)],
        })
    }

    fn rating_row(&self, r: &Rating, names: &Names) -> Result<RatingRow, AppError> {
        let employee = self.store.employee(r.content.nip.as_str())?;
        Ok(RatingRow {
            id: r.id.to_string(),
            audit_id: r.audit.to_string(),
            nip: r.content.nip.as_str().to_string(),
            name: employee.as_ref().map(|e| e.name.clone()),
            position: employee
                .as_ref()
                .map(|e| e.position.clone())
                .filter(|p| !p.is_empty()),
            period: r.content.period.to_string(),
            period_label: r.content.period.label_id(),
            hasil: r.content.hasil.label_id().to_string(),
            perilaku: r.content.perilaku.label_id().to_string(),
            predikat: r.predikat.label_id().to_string(),
            justification: r.content.justification.clone(),
            berakhlak: r
                .content
                .berakhlak
                .iter()
                .map(|(v, note)| format!("{}: {note}", v.label_id()))
                .collect::<Vec<_>>()
                .join("; "),
            findings: r.content.findings.iter().map(Id::to_string).collect(),
            action: r.content.action.label_id().to_string(),
            status: if r.is_final { "final" } else { "draf" },
            created_at: r.created_at,
            created_by: names.of(&r.created_by),
            version: self.record_version(Record::Rating(&r.id))?.text(),
        })
    }
}

fn response_row(
    audit_id: &str,
    section: &crate::domain::template::Section,
    item: &crate::domain::template::Item,
    r: Option<&Response>,
    names: &Names,
    version: RecordVersion,
) -> ResponseRow {
    let answer = r.and_then(|r| r.answer.as_ref());
    ResponseRow {
        audit_id: audit_id.to_string(),
        item: item.code.clone(),
        section: section.code.clone(),
        section_title: section.title.clone(),
        text: item.text.clone(),
        criteria: item.criteria.clone(),
        weight: item.weight,
        answer_kind: answer_kind_code(item.answer),
        answer_code: answer.map(|a| a.code()),
        answer_label: answer.map(|a| a.label_id()),
        note: r.map(|r| r.note.clone()).filter(|n| !n.is_empty()),
        evidence: r
            .map(|r| r.evidence.iter().map(|e| e.name.clone()).collect())
            .unwrap_or_default(),
        evidence_sha256: r
            .map(|r| r.evidence.iter().map(|e| hex::encode(e.sha256)).collect())
            .unwrap_or_default(),
        at: r.map(|r| r.at),
        by: r.map(|r| names.of(&r.by)),
        version: version.text(),
    }
}

fn finding_row(audit: &Audit, f: &Finding, names: &Names, version: RecordVersion) -> FindingRow {
    let fu = super::recommendation::followup_summary(audit, f);
    FindingRow {
        id: f.id.to_string(),
        audit_id: f.audit.to_string(),
        title: f.content.title.clone(),
        items: f.content.items.clone(),
        kondisi: f.content.kondisi.clone(),
        kriteria: f.content.kriteria.clone(),
        sebab: f.content.sebab.clone(),
        akibat: f.content.akibat.clone(),
        rekomendasi: f.content.rekomendasi_text(),
        tanggapan: f.content.tanggapan.clone(),
        severity: f.content.severity.label_id().to_string(),
        followup_code: fu.status.number(),
        followup: fu.status.label_id().to_string(),
        followup_note: fu.note,
        due: fu.due,
        nips: f
            .content
            .nips
            .iter()
            .map(|n| n.as_str().to_string())
            .collect(),
        nip_names: Vec::new(),
        created_at: f.created_at,
        updated_at: f.updated_at,
        created_by: names.of(&f.created_by),
        version: version.text(),
        code: f.content.code.clone(),
        cause_code: f.content.cause_code.clone(),
        repeat_of: String::new(),
    }
}

/// An open recommendation of an earlier audit as `tindak_lanjut_sebelumnya` holds it: the money
/// columns empty when the recommendation is not about money, as the register shows it.
fn earlier_row(audit_id: &str, r: &super::tlhp::TlhpRow) -> EarlierFollowUpRow {
    EarlierFollowUpRow {
        audit_id: audit_id.to_string(),
        earlier_audit_id: r.audit.to_string(),
        earlier_title: r.audit_title.clone(),
        lhp_number: r.lhp_number.clone(),
        lhp_date: r.lhp_date,
        finding_id: r.finding.to_string(),
        finding_title: r.finding_title.clone(),
        finding_code: r.finding_code.clone(),
        no: r.no,
        code: r.code.clone(),
        recommendation: r.recommendation.clone(),
        official: r.official.clone(),
        value: r.value,
        returned: (r.value.is_some() || !r.returned.is_zero()).then_some(r.returned),
        followup_code: r.status.number(),
        followup: r.status.label_id().to_string(),
        due: r.due,
        overdue: r.overdue,
        unverified: r.unverified,
    }
}

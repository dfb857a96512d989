//! The follow-up register (TLHP): every recommendation of every final audit with its agency, audit, finding, status, due date and days overdue, filtered; and the semester recap per agency that inspectorates send up.
//!
//! One row per recommendation: a finding with three recommendations is three rows, each with its
//! own status, due date and money.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::followup::FollowUpStatus;
use crate::domain::model::Audit;
use crate::domain::money::Rupiah;
use crate::domain::phase::Phase;
use crate::domain::tlhp::{days_overdue, History, Recap, Semester};
use crate::domain::Id;

use super::audit::followup_due;
use super::{App, AppError};

/// Which rows the register shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlhpFilter {
    /// Agency code (any case).
    pub agency: Option<String>,
    /// The year of the LHP (its date, else the day the audit became final).
    pub year: Option<i32>,
    /// 1 or 2, with or without a year.
    pub semester: Option<u8>,
    pub status: Option<FollowUpStatus>,
    /// Only open recommendations past their due date.
    pub overdue: bool,
}

/// One recommendation in the register.
#[derive(Debug, Clone, PartialEq)]
pub struct TlhpRow {
    pub agency: String,
    pub agency_name: String,
    pub audit: Id,
    pub audit_title: String,
    /// The LHP's number (empty until given).
    pub lhp_number: String,
    /// The LHP's date, else the day the audit became final.
    pub lhp_date: NaiveDate,
    pub finding: Id,
    pub finding_title: String,
    /// Kode temuan (empty when none).
    pub finding_code: String,
    /// The recommendation's number in its finding.
    pub no: u16,
    /// Kode rekomendasi (empty when none).
    pub code: String,
    pub recommendation: String,
    /// The responsible official, as `name, position` (empty when not given).
    pub official: String,
    /// Nilai temuan/kerugian, where the recommendation is about money.
    pub value: Option<Rupiah>,
    /// Returned or deposited, over the entries the inspectorate accepted.
    pub returned: Rupiah,
    /// Follow-up entries reported, and those not yet verified.
    pub entries: usize,
    pub unverified: usize,
    pub status: FollowUpStatus,
    pub due: Option<NaiveDate>,
    /// Days past the due date, for an open recommendation.
    pub overdue: Option<i64>,
}

impl TlhpRow {
    pub fn semester(&self) -> Semester {
        Semester::of(self.lhp_date)
    }
}

/// The register read a few audits at a time, so a screen can draw and take keys between steps
/// ([`App::tlhp_read`], then [`TlhpRead::step`] until [`TlhpRead::is_done`]).
pub struct TlhpRead {
    filter: TlhpFilter,
    today: NaiveDate,
    /// The final audits to read (the agency filter already applied), and how many are read.
    audits: Vec<Audit>,
    next: usize,
    /// Agency names, read once per agency (an agency has many audits).
    names: HashMap<String, String>,
    rows: Vec<TlhpRow>,
}

impl TlhpRead {
    /// Audits to read in all, and read so far.
    pub fn total(&self) -> usize {
        self.audits.len()
    }

    pub fn done(&self) -> usize {
        self.next
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.audits.len()
    }

    /// Read up to `n` more audits' recommendations.
    pub fn step(&mut self, app: &App, n: usize) -> Result<(), AppError> {
        let end = self.next.saturating_add(n.max(1)).min(self.audits.len());
        while self.next < end {
            let audit = &self.audits[self.next];
            rows_of(
                app,
                audit,
                &self.filter,
                self.today,
                &mut self.names,
                &mut self.rows,
            )?;
            self.next += 1;
        }
        Ok(())
    }

    /// The rows, by agency, then LHP date, then finding (the audits not read yet are read first).
    pub fn finish(mut self, app: &App) -> Result<Vec<TlhpRow>, AppError> {
        self.step(app, usize::MAX)?;
        let mut rows = self.rows;
        rows.sort_by(|a, b| {
            (&a.agency, a.lhp_date, a.audit, a.finding, a.no)
                .cmp(&(&b.agency, b.lhp_date, b.audit, b.finding, b.no))
        });
        Ok(rows)
    }
}

impl App {
    /// The register on `today`: the recommendations of every final audit (an audit's LHP goes
    /// out when it is final; drafts are not followed up), by agency, then LHP date, then finding.
    pub fn tlhp(&self, filter: &TlhpFilter, today: NaiveDate) -> Result<Vec<TlhpRow>, AppError> {
        self.tlhp_read(filter, today)?.finish(self)
    }

    /// The register as [`App::tlhp`] reads it, to be read in steps: only the list of audits is
    /// read here.
    pub fn tlhp_read(&self, filter: &TlhpFilter, today: NaiveDate) -> Result<TlhpRead, AppError> {
        let audits = self
            .store
            .audits()?
            .into_iter()
            .filter(|a| a.finalised_at.is_some() && a.phase == Phase::Final)
            .filter(|a| {
                filter
                    .agency
                    .as_ref()
                    .is_none_or(|code| a.agency.eq_ignore_ascii_case(code.trim()))
            })
            .collect();
        Ok(TlhpRead {
            filter: filter.clone(),
            today,
            audits,
            next: 0,
            names: HashMap::new(),
            rows: Vec::new(),
        })
    }
}

/// The register's rows of one final audit, added to `rows`.
fn rows_of(
    app: &App,
    audit: &Audit,
    filter: &TlhpFilter,
    today: NaiveDate,
    names: &mut HashMap<String, String>,
    rows: &mut Vec<TlhpRow>,
) -> Result<(), AppError> {
    let Some(finalised) = audit.finalised_at else {
        return Ok(());
    };
    let engagement = app.engagement(audit)?;
    let lhp_date = engagement
        .report
        .date
        .unwrap_or_else(|| finalised.date_naive());
    let semester = Semester::of(lhp_date);
    if filter.year.is_some_and(|y| y != semester.year)
        || filter.semester.is_some_and(|s| s != semester.half)
    {
        return Ok(());
    }
    let agency_name = match names.get(&audit.agency) {
        Some(name) => name.clone(),
        None => {
            let name = app
                .store
                .agency(&audit.agency)?
                .map(|a| a.name)
                .unwrap_or_else(|| audit.agency.clone());
            names.insert(audit.agency.clone(), name.clone());
            name
        }
    };
    let none = History::default();
    for f in app.store.findings_of_audit(&audit.id)? {
        for r in &f.content.recommendations {
            // read in place ([`Finding::history`] would copy it)
            let history = f.followup.get(&r.no).unwrap_or(&none);
            let status = history.status();
            let due = followup_due(audit, &f, r.no);
            let overdue = due.and_then(|d| days_overdue(d, status, today));
            if filter.status.is_some_and(|s| s != status) || (filter.overdue && overdue.is_none()) {
                continue;
            }
            rows.push(TlhpRow {
                agency: audit.agency.clone(),
                agency_name: agency_name.clone(),
                audit: audit.id,
                audit_title: audit.title.clone(),
                lhp_number: engagement.report.number.clone(),
                lhp_date,
                finding: f.id,
                finding_title: f.content.title.clone(),
                finding_code: f.content.code.clone(),
                no: r.no,
                code: r.code.clone(),
                recommendation: r.text.clone(),
                official: r.official.label(),
                value: r.value,
                returned: history.returned(),
                entries: history.entries.len(),
                unverified: history.unverified_count(),
                status,
                due,
                overdue,
            });
        }
    }
    Ok(())
}

/// The recap of `rows` per agency (in the rows' order), then of all.
pub fn tlhp_recap(rows: &[TlhpRow]) -> (Vec<(String, String, Recap)>, Recap) {
    // one pass, counted in place: each row into its agency's recap (the agencies in the order
    // they first appear) and the total; each finding once (it belongs to one agency)
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut seen: std::collections::HashSet<Id> = Default::default();
    let mut per: Vec<(&TlhpRow, Recap)> = Vec::new();
    let mut total = Recap::default();
    for r in rows {
        let i = *at.entry(r.agency.as_str()).or_insert_with(|| {
            per.push((r, Recap::default()));
            per.len() - 1
        });
        let recap = &mut per[i].1;
        if seen.insert(r.finding) {
            recap.findings += 1;
            total.findings += 1;
        }
        recap.add(r.status, r.value, r.returned);
        total.add(r.status, r.value, r.returned);
    }
    let per = per
        .into_iter()
        .map(|(first, recap)| (first.agency.clone(), first.agency_name.clone(), recap))
        .collect();
    (per, total)
}

impl App {
    /// The matriks TLHP and the recap of `rows` at `path`: an XLSX workbook for `.xlsx`, a Word
    /// document (landscape, with the inspectorate's letterhead from the report settings) for
    /// `.docx`, one HTML page for `.html`; any other name is refused before anything is written.
    pub fn export_tlhp(
        &self,
        rows: &[TlhpRow],
        path: &std::path::Path,
        report_settings: Option<&std::path::Path>,
    ) -> Result<crate::exchange::export::Written, AppError> {
        use crate::exchange::export::{self, register};
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !["xlsx", "docx", "html"].contains(&ext.as_str()) {
            return Err(super::said(
                "error.app.tlhp_format",
                &[("path", &path.display())],
            ));
        }
        let matrix: Vec<register::RegisterRow> = rows.iter().map(register_row).collect();
        let (per, total) = tlhp_recap(rows);
        let line = |agency: String, r: &Recap| register::RecapLine {
            agency,
            findings: r.findings,
            recommendations: r.recommendations,
            by_status: r.by_status,
            value: r.value,
            returned: r.returned,
        };
        let mut recap: Vec<register::RecapLine> = per
            .iter()
            .map(|(code, name, r)| line(format!("{code} — {name}"), r))
            .collect();
        recap.push(line("Jumlah".to_string(), &total));
        if ext == "xlsx" {
            return Ok(register::write(
                path,
                "Register tindak lanjut hasil pemeriksaan",
                &matrix,
                &recap,
            )?);
        }
        let settings = self.report_settings(report_settings)?;
        // the region of the letterhead: the agencies' when they share one
        let mut regions: Vec<String> = Vec::new();
        for r in rows {
            if let Some(a) = self.store.agency(&r.agency)? {
                if !regions.contains(&a.region) {
                    regions.push(a.region);
                }
            }
        }
        let region = match regions.as_slice() {
            [one] => one.clone(),
            _ => "daerah".to_string(),
        };
        let at = crate::present::date_id(super::today());
        let report = export::layout::tlhp(&matrix, &recap, &region, &at, &settings);
        Ok(if ext == "docx" {
            export::docx::write(&report, &settings, path)?
        } else {
            export::report::write_html(&report, &settings, path)?
        })
    }
}

/// A register row as the matriks TLHP writes it: the codes before the texts.
fn register_row(r: &TlhpRow) -> crate::exchange::export::register::RegisterRow {
    let finding = if r.finding_code.is_empty() {
        r.finding_title.clone()
    } else {
        format!("[{}] {}", r.finding_code, r.finding_title)
    };
    let code = if r.code.is_empty() {
        String::new()
    } else {
        format!("[{}] ", r.code)
    };
    crate::exchange::export::register::RegisterRow {
        agency: format!("{} — {}", r.agency, r.agency_name),
        audit: r.audit_title.clone(),
        lhp: r.lhp_number.clone(),
        lhp_date: r.lhp_date,
        finding,
        recommendation: format!("{}. {code}{}", r.no, r.recommendation),
        official: r.official.clone(),
        value: r.value,
        returned: r.returned,
        status: r.status.number(),
        status_label: r.status.label_id().to_string(),
        due: r.due,
        overdue: r.overdue,
    }
}

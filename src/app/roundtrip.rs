//! The spreadsheet round-trip against the store: the diff of an edited export with its audit, applied (on request) as one save.
//!
//! [`crate::exchange::roundtrip`] reads the file into typed rows; here each row is matched with
//! the audit — responses by item code, findings and rating recommendations by their id column (a
//! row without an id is new) — and turned into the same events the commands make
//! ([`App::answer`], [`App::raise_finding`], [`App::update_finding`], [`App::follow_up`],
//! [`App::recommend_rating`]), through the same checks. Nothing is written unless asked, and
//! never while any row has a problem; then every change is one event and all of them one save,
//! attributed to the current profile. A row missing from the file is not a deletion.
//!
//! A row without an id that holds exactly what a record of the audit not named elsewhere in the
//! file holds is taken as that record, so importing the same file twice adds nothing twice.
//!
//! A spreadsheet never silently undoes newer work: a row that changes its record while the record
//! is no longer at the version the row was exported at (`versi`, see [`super::record_version`])
//! is *stale*. It is listed apart with who made the newer change and when, and left out unless
//! the caller forces it ([`ForceStale`]). A file without `versi` (an older release's export) is
//! read as before, with a note that newer changes cannot be detected.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::followup::FollowUpStatus;
use crate::domain::model::{Audit, Finding, Rating, Response};
use crate::domain::nip::Nip;
use crate::domain::score::Answer;
use crate::domain::template::{AnswerKind, Item};
use crate::domain::Id;
use crate::exchange::roundtrip::{
    self, same_id, Edited, FindingIn, Problem, RatingIn, RecordKind, Refusal, ResponseIn, RowIn,
    SheetIn, SheetNote, SheetReason,
};
use crate::present::{id_matches, short_id};
use crate::store::event::Payload;

use super::audit::{response_recorded, RatingEvents};
use super::recommendation::{followup_summary, recommendations_from_text};
use super::record_version::{parse_version, Record};
use super::{said, today, App, AppError, NewFinding, NewRating};

/// A cell that changes: its column and the old and new values as the export writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChange {
    pub column: &'static str,
    pub old: String,
    pub new: String,
}

/// A row that adds or changes something.
#[derive(Debug, Clone, PartialEq)]
pub struct RowChange {
    /// The row in the sheet.
    pub row: usize,
    /// The item code, or the record's short id (`baru` for a new one).
    pub key: String,
    /// What the row is about: the item's question, the finding's title, the NIP and period.
    pub title: String,
    pub columns: Vec<ColumnChange>,
}

/// A row that would undo a change made in Periksa after the file was exported: its record is no
/// longer at the row's version (`versi`) and its cells differ from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleRow {
    /// The row and what it would change.
    pub change: RowChange,
    /// Who made the newest change the file was not exported with (the profile's name), and when.
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    /// Applied all the same, as the caller chose ([`ForceStale`]).
    pub forced: bool,
}

/// Which stale rows an import applies all the same; the others are listed and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ForceStale {
    /// None of them.
    #[default]
    None,
    /// Every one (`--force-stale`).
    All,
    /// These rows only, each named by its sheet (as [`SheetDiff::sheet`] names it) and row: a
    /// caller that shows the stale rows can let them be chosen one by one.
    Rows(BTreeSet<(String, usize)>),
}

impl ForceStale {
    /// Whether row `row` of `sheet` is applied though stale.
    pub fn covers(&self, sheet: &str, row: usize) -> bool {
        match self {
            ForceStale::None => false,
            ForceStale::All => true,
            ForceStale::Rows(rows) => rows.contains(&(sheet.to_string(), row)),
        }
    }
}

/// One table of the file against the audit.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetDiff {
    /// The sheet, or the CSV file's name.
    pub sheet: String,
    /// The export table it holds (`jawaban`, `temuan`, `rekomendasi`).
    pub table: &'static str,
    pub added: Vec<RowChange>,
    pub changed: Vec<RowChange>,
    /// Rows that would undo a newer change ([`StaleRow`]), forced or left out.
    pub stale: Vec<StaleRow>,
    pub unchanged: usize,
    /// Records of the audit with no row in the file: left as they are.
    pub not_in_file: usize,
}

/// What an import of an edited export found and did.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetImport {
    pub file: String,
    pub audit: Id,
    pub audit_title: String,
    /// The profile the changes are (or would be) attributed to.
    pub actor: String,
    pub sheets: Vec<SheetDiff>,
    /// Things left alone on purpose (the summary, unknown sheets or columns).
    pub notes: Vec<SheetNote>,
    /// The sheets without a `versi` column (an export of an older release): their rows cannot be
    /// told stale.
    pub unversioned: Vec<String>,
    /// Rows that cannot be read or applied; with any, nothing is applied.
    pub problems: Vec<Problem>,
    /// Whether the changes were saved.
    pub applied: bool,
    /// Events written (0 unless applied).
    pub events: usize,
}

impl SheetImport {
    /// Rows that add or change something (stale rows forced included).
    pub fn changes(&self) -> usize {
        self.sheets
            .iter()
            .map(|s| s.added.len() + s.changed.len() + s.stale.iter().filter(|r| r.forced).count())
            .sum()
    }

    /// Stale rows left out.
    pub fn left_out(&self) -> usize {
        self.sheets
            .iter()
            .map(|s| s.stale.iter().filter(|r| !r.forced).count())
            .sum()
    }
}

/// The text a long cell was cut to on export ends like this; such a cell is taken as unchanged.
const CUT_MARK: &str = " … (terpotong)";

/// Whether the file's text says what is stored (trimmed; a cell cut on export counts as equal).
fn same_text(file: &str, stored: &str) -> bool {
    let stored = stored.trim();
    if file == stored {
        return true;
    }
    file.strip_suffix(CUT_MARK.trim_start())
        .map(str::trim_end)
        .is_some_and(|head| !head.is_empty() && stored.starts_with(head))
}

fn change(column: &'static str, old: impl Into<String>, new: impl Into<String>) -> ColumnChange {
    ColumnChange {
        column,
        old: old.into(),
        new: new.into(),
    }
}

fn join<T: AsRef<str>>(v: &[T]) -> String {
    v.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("; ")
}

fn nips(v: &[Nip]) -> String {
    join(&v.iter().map(|n| n.as_str().to_string()).collect::<Vec<_>>())
}

/// An answer written in a cell; the reason when it is not one for the item's kind.
fn parse_answer(kind: AnswerKind, s: &str) -> Result<Option<Answer>, SheetReason> {
    if s.is_empty() {
        return Ok(None);
    }
    Answer::parse(kind, s)
        .map(Some)
        .map_err(|_| SheetReason::Answer {
            kind,
            found: s.to_string(),
        })
}

/// An application error that refuses a row, kept whole to be said in the user's language.
fn refused(e: AppError) -> SheetReason {
    SheetReason::Refused(Refusal(Arc::new(e)))
}

/// The column an error of a finding's or recommendation's checks is about, when it names one.
fn column_of(e: &AppError, nip_column: &'static str) -> Option<&'static str> {
    match e {
        AppError::UnknownItem { .. } => Some("butir"),
        AppError::UnknownEmployee(_) | AppError::Nip(_) => Some(nip_column),
        AppError::UnknownFinding(_) => Some("temuan_terkait"),
        AppError::Said(m) => [
            ("error.blank.finding_title", "judul"),
            ("error.blank.kondisi", "kondisi"),
            ("error.blank.kriteria", "kriteria"),
            ("error.blank.sebab", "sebab"),
            ("error.blank.akibat", "akibat"),
            ("error.blank.rekomendasi", "rekomendasi"),
        ]
        .into_iter()
        .find(|(key, _)| m.key == *key)
        .map(|(_, c)| c),
        AppError::Invalid(m) if m.starts_with("finding ") => Some("temuan_terkait"),
        AppError::Invalid(m) => [
            ("the finding title", "judul"),
            ("kondisi", "kondisi"),
            ("kriteria", "kriteria"),
            ("sebab", "sebab"),
            ("akibat", "akibat"),
            ("rekomendasi", "rekomendasi"),
        ]
        .into_iter()
        .find(|(field, _)| m.as_str() == format!("{field} is empty"))
        .map(|(_, c)| c),
        _ => None,
    }
}

fn problem_of<T>(sheet: &SheetIn<T>, row: usize, e: AppError, nip_column: &'static str) -> Problem {
    match column_of(&e, nip_column) {
        Some(c) => sheet.problem(row, c, refused(e)),
        None => sheet.row_problem(row, refused(e)),
    }
}

/// A row as the content of a finding (`current` when the row is of one the audit has): its
/// recommendations read back from the `rekomendasi` cell by number, codes kept when the sheet has
/// no code columns.
fn new_finding(f: &FindingIn, current: Option<&Finding>) -> Result<NewFinding, AppError> {
    let recs = current
        .map(|c| c.content.recommendations.as_slice())
        .unwrap_or(&[]);
    let recommendations = recommendations_from_text(recs, &f.rekomendasi)?;
    Ok(NewFinding {
        title: f.title.clone(),
        code: f
            .code
            .clone()
            .or_else(|| current.map(|c| c.content.code.clone()))
            .unwrap_or_default(),
        kondisi: f.kondisi.clone(),
        kriteria: f.kriteria.clone(),
        sebab: f.sebab.clone(),
        cause_code: f
            .cause_code
            .clone()
            .or_else(|| current.map(|c| c.content.cause_code.clone()))
            .unwrap_or_default(),
        akibat: f.akibat.clone(),
        recommendations,
        tanggapan: f.tanggapan.clone(),
        severity: f.severity.code().to_string(),
        nips: f.nips.iter().map(|n| n.as_str().to_string()).collect(),
        items: f.items.clone(),
    })
}

/// The content columns of a finding that differ from the row (follow-up apart).
fn finding_changes(f: &Finding, r: &FindingIn) -> Vec<ColumnChange> {
    let mut out = Vec::new();
    let texts = [
        ("judul", &f.content.title, &r.title),
        ("kondisi", &f.content.kondisi, &r.kondisi),
        ("kriteria", &f.content.kriteria, &r.kriteria),
        ("sebab", &f.content.sebab, &r.sebab),
        ("akibat", &f.content.akibat, &r.akibat),
        ("rekomendasi", &f.content.rekomendasi_text(), &r.rekomendasi),
        ("tanggapan", &f.content.tanggapan, &r.tanggapan),
    ];
    for (column, old, new) in texts {
        if !same_text(new, old) {
            out.push(change(column, old.as_str(), new.as_str()));
        }
    }
    let items_same = f.content.items.len() == r.items.len()
        && f.content
            .items
            .iter()
            .zip(&r.items)
            .all(|(a, b)| a.eq_ignore_ascii_case(b.trim()));
    if !items_same {
        out.push(change("butir", join(&f.content.items), join(&r.items)));
    }
    if f.content.severity != r.severity {
        out.push(change(
            "tingkat",
            f.content.severity.label_id(),
            r.severity.label_id(),
        ));
    }
    let mut row_nips: Vec<&Nip> = Vec::new();
    for n in &r.nips {
        if !row_nips.contains(&n) {
            row_nips.push(n);
        }
    }
    if f.content.nips.iter().collect::<Vec<_>>() != row_nips {
        out.push(change("nip_terkait", nips(&f.content.nips), nips(&r.nips)));
    }
    for (column, old, new) in [
        ("kode_temuan", &f.content.code, &r.code),
        ("kode_sebab", &f.content.cause_code, &r.cause_code),
    ] {
        if let Some(new) = new {
            if !same_text(new, old) {
                out.push(change(column, old.as_str(), new.as_str()));
            }
        }
    }
    out
}

/// The follow-up columns that differ, and the new status and due date to record (a due date
/// only when the row changes it).
fn followup_changes(
    audit: &Audit,
    f: &Finding,
    r: &FindingIn,
) -> (Vec<ColumnChange>, FollowUpStatus, Option<chrono::NaiveDate>) {
    let mut out = Vec::new();
    let now = followup_summary(audit, f);
    let status = r.followup.unwrap_or(now.status);
    if status != now.status {
        out.push(change(
            "tindak_lanjut_kode",
            format!("{} {}", now.status.number(), now.status.label_id()),
            format!("{} {}", status.number(), status.label_id()),
        ));
    }
    if !same_text(&r.followup_note, &now.note) {
        out.push(change(
            "tindak_lanjut_catatan",
            now.note.as_str(),
            r.followup_note.as_str(),
        ));
    }
    // The export shows the due date set, or the one that follows from the final date; an empty
    // cell keeps it, as `finding follow-up` without --due does.
    let due = r.due.filter(|d| Some(*d) != now.due);
    if let Some(d) = due {
        out.push(change(
            "batas_waktu",
            now.due.map(|d| d.to_string()).unwrap_or_default(),
            d.to_string(),
        ));
    }
    (out, status, due)
}

/// The verification a row's follow-up columns record for a finding's one recommendation.
fn row_verification(
    f: &Finding,
    no: u16,
    status: FollowUpStatus,
    note: &str,
    due: Option<chrono::NaiveDate>,
) -> Payload {
    Payload::FollowUpVerified {
        audit: f.audit,
        finding: f.id,
        recommendation: no,
        entry: None,
        date: today(),
        status,
        reason: note.trim().to_string(),
        due,
    }
}

/// A rating recommendation's columns that differ from the row.
fn rating_changes(r: &Rating, row: &RatingIn, findings: &[Id]) -> Vec<ColumnChange> {
    let mut out = Vec::new();
    if r.content.nip != row.nip {
        out.push(change("nip", r.content.nip.as_str(), row.nip.as_str()));
    }
    if r.content.period != row.period {
        out.push(change(
            "periode",
            r.content.period.to_string(),
            row.period.to_string(),
        ));
    }
    if r.content.hasil != row.hasil {
        out.push(change(
            "hasil_kerja",
            r.content.hasil.label_id(),
            row.hasil.label_id(),
        ));
    }
    if r.content.perilaku != row.perilaku {
        out.push(change(
            "perilaku_kerja",
            r.content.perilaku.label_id(),
            row.perilaku.label_id(),
        ));
    }
    if !same_text(&row.justification, &r.content.justification) {
        out.push(change(
            "justifikasi",
            r.content.justification.as_str(),
            row.justification.as_str(),
        ));
    }
    let berakhlak = |v: &[(crate::domain::followup::Berakhlak, String)]| {
        v.iter()
            .map(|(b, n)| format!("{}: {}", b.label_id(), n.trim()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if berakhlak(&r.content.berakhlak) != berakhlak(&row.berakhlak) {
        out.push(change(
            "catatan_berakhlak",
            berakhlak(&r.content.berakhlak),
            berakhlak(&row.berakhlak),
        ));
    }
    if r.content.findings != findings {
        out.push(change(
            "temuan_terkait",
            join(
                &r.content
                    .findings
                    .iter()
                    .map(Id::to_string)
                    .collect::<Vec<_>>(),
            ),
            join(&row.findings),
        ));
    }
    if r.content.action != row.action {
        out.push(change(
            "tindak_lanjut",
            r.content.action.label_id(),
            row.action.label_id(),
        ));
    }
    out
}

/// What a row's change takes: its events, or why it cannot be made.
type Making = Result<Vec<Payload>, Problem>;

/// The work of one import: the audit, the events so far, the problems found.
struct Plan<'a> {
    app: &'a App,
    audit: Audit,
    force: &'a ForceStale,
    payloads: Vec<Payload>,
    problems: Vec<Problem>,
    notes: Vec<SheetNote>,
}

/// Which record of `records` a row's id names: exactly one of them, by full id or the prefix or
/// short id the CLI accepts.
fn named<'r, T>(records: &'r [T], id_of: impl Fn(&T) -> &Id, key: &str) -> Option<&'r T> {
    let exact = Id::parse_str(key.trim()).ok();
    if let Some(r) = records.iter().find(|r| Some(*id_of(r)) == exact) {
        return Some(r);
    }
    let mut found = records.iter().filter(|r| id_matches(id_of(r), key));
    match (found.next(), found.next()) {
        (Some(r), None) => Some(r),
        _ => None,
    }
}

fn sheet_diff<T>(sheet: &SheetIn<T>) -> SheetDiff {
    SheetDiff {
        sheet: sheet.label.clone(),
        table: sheet.table.name,
        added: Vec::new(),
        changed: Vec::new(),
        stale: Vec::new(),
        unchanged: 0,
        not_in_file: 0,
    }
}

impl Plan<'_> {
    /// A row that changes `record`: its events are queued, unless the record changed in Periksa
    /// after the row's version (`version`, its `versi` cell) and the caller did not force the row.
    /// `payloads` are the events that make the change, or why it cannot be made (a problem only
    /// when the row is to be applied: a stale row left out asks nothing of the store).
    fn settle<T>(
        &mut self,
        sheet: &SheetIn<T>,
        diff: &mut SheetDiff,
        record: Record<'_>,
        version: &str,
        change: RowChange,
        payloads: Making,
    ) -> Result<(), AppError> {
        // an older release's export has no versi: the row wins, as it did then
        if sheet.has_column("versi") {
            let file = match parse_version(version, record) {
                Ok(v) => v,
                Err(reason) => {
                    self.problems
                        .push(sheet.problem(change.row, "versi", reason));
                    return Ok(());
                }
            };
            if let Some(head) = self.app.record_version(record)?.newer_than(&file) {
                let (changed_by, changed_at) = self.app.made_by(&head)?;
                let forced = self.force.covers(&sheet.label, change.row);
                if forced {
                    self.queue(payloads);
                }
                diff.stale.push(StaleRow {
                    change,
                    changed_by,
                    changed_at,
                    forced,
                });
                return Ok(());
            }
        }
        if self.queue(payloads) {
            diff.changed.push(change);
        }
        Ok(())
    }

    /// Queue a row's events, or its problem; whether it could be queued.
    fn queue(&mut self, payloads: Making) -> bool {
        match payloads {
            Ok(p) => {
                self.payloads.extend(p);
                true
            }
            Err(problem) => {
                self.problems.push(problem);
                false
            }
        }
    }

    /// Why an id names no record of this audit: it is another audit's, or nobody's.
    fn foreign(
        &self,
        what: RecordKind,
        key: &str,
        owner: Option<Id>,
    ) -> Result<SheetReason, AppError> {
        Ok(match owner {
            Some(a) => {
                let title = self
                    .app
                    .store
                    .audit(&a)?
                    .map(|a| a.title)
                    .unwrap_or_default();
                SheetReason::ForeignRecord {
                    what,
                    key: key.to_string(),
                    audit: short_id(&a),
                    title,
                }
            }
            None => SheetReason::NoRecord {
                what,
                key: key.to_string(),
            },
        })
    }

    fn responses(&mut self, sheet: &SheetIn<ResponseIn>) -> Result<SheetDiff, AppError> {
        let template = self.app.pinned_template(&self.audit)?;
        let audit = self.audit.id;
        let mut diff = sheet_diff(sheet);
        let mut seen = HashSet::new();
        for RowIn { row, data: r } in &sheet.rows {
            let row = *row;
            let Some(item) = template.item(r.item.trim()) else {
                self.problems.push(sheet.problem(
                    row,
                    "kode_butir",
                    SheetReason::UnknownItem {
                        item: r.item.clone(),
                        checklist: template.id.to_string(),
                    },
                ));
                continue;
            };
            seen.insert(item.code.clone());
            let old = self.app.store.response(&self.audit.id, &item.code)?;
            match self.response(sheet, row, item, old.as_ref(), r) {
                Ok(Some((change, payload))) => {
                    let record = Record::Response(&audit, &item.code);
                    self.settle(sheet, &mut diff, record, &r.version, change, payload)?;
                }
                Ok(None) => diff.unchanged += 1,
                Err(p) => self.problems.push(p),
            }
        }
        diff.not_in_file = template.items().filter(|i| !seen.contains(&i.code)).count();
        Ok(diff)
    }

    /// One item's row: its change and the event that makes it (or why it cannot be made), `None`
    /// when unchanged.
    fn response(
        &mut self,
        sheet: &SheetIn<ResponseIn>,
        row: usize,
        item: &Item,
        old: Option<&Response>,
        r: &ResponseIn,
    ) -> Result<Option<(RowChange, Making)>, Problem> {
        let kind = item.answer;
        let old_answer = old.and_then(|o| o.answer);
        // jawaban_kode decides; the label (jawaban) is read only when the code cell is empty, as
        // when an answer is typed in words.
        let answer = if !r.answer_code.is_empty() {
            let a = parse_answer(kind, &r.answer_code)
                .map_err(|e| sheet.problem(row, "jawaban_kode", e))?;
            let label_agrees = r.answer_label.is_empty()
                || parse_answer(kind, &r.answer_label) == Ok(a)
                || a.is_some_and(|a| a.label_id().eq_ignore_ascii_case(&r.answer_label));
            if !label_agrees {
                self.notes.push(SheetNote::AnswerDisagrees {
                    sheet: sheet.label.clone(),
                    row,
                    label: r.answer_label.clone(),
                    code: r.answer_code.clone(),
                });
            }
            a
        } else {
            parse_answer(kind, &r.answer_label).map_err(|e| sheet.problem(row, "jawaban", e))?
        };
        let old_note = old.map(|o| o.note.as_str()).unwrap_or("");
        let note = if same_text(&r.note, old_note) {
            old_note.to_string()
        } else {
            r.note.clone()
        };
        let row_change = |columns| RowChange {
            row,
            key: item.code.clone(),
            title: item.text.clone(),
            columns,
        };
        if let (Some(was), None) = (old_answer, answer) {
            // Not a problem yet: a row exported before the item was answered is stale, and left
            // out unless forced.
            let mut columns = vec![change("jawaban_kode", was.code(), "")];
            if note != old_note {
                columns.push(change("catatan", old_note, note));
            }
            let problem = sheet.problem(
                row,
                "jawaban_kode",
                SheetReason::AnswerRemoved {
                    item: item.code.to_string(),
                    was: was.code().to_string(),
                },
            );
            return Ok(Some((row_change(columns), Err(problem))));
        }
        if old.is_none() && answer.is_none() && note.is_empty() {
            return Ok(None);
        }
        let evidence = old.map(|o| o.evidence.clone()).unwrap_or_default();
        let payload = response_recorded(&self.audit, item, old, answer, note.clone(), evidence)
            .map_err(|e| sheet.row_problem(row, refused(e)))?;
        let Some(payload) = payload else {
            return Ok(None);
        };
        let mut columns = Vec::new();
        if answer != old_answer {
            columns.push(change(
                "jawaban_kode",
                old_answer.map(|a| a.code()).unwrap_or_default(),
                answer.map(|a| a.code()).unwrap_or_default(),
            ));
        }
        if note != old_note {
            columns.push(change("catatan", old_note, note));
        }
        Ok(Some((row_change(columns), Ok(vec![payload]))))
    }

    fn findings(&mut self, sheet: &SheetIn<FindingIn>) -> Result<SheetDiff, AppError> {
        let existing = self.app.store.findings_of_audit(&self.audit.id)?;
        let mut diff = sheet_diff(sheet);
        // Rows with an id first: they claim their findings before new rows are matched by content.
        let mut claimed: HashSet<Id> = HashSet::new();
        let mut matched: Vec<(usize, &FindingIn, &Finding)> = Vec::new();
        for RowIn { row, data: r } in &sheet.rows {
            let Some(key) = &r.id else { continue };
            match named(&existing, |f| &f.id, key) {
                Some(f) => {
                    claimed.insert(f.id);
                    matched.push((*row, r, f));
                }
                None => {
                    let owner = match Id::parse_str(key.trim()) {
                        Ok(id) => self.app.store.finding(&id)?.map(|f| f.audit),
                        Err(_) => None,
                    };
                    let reason = self.foreign(RecordKind::Finding, key, owner)?;
                    self.problems.push(sheet.problem(*row, "temuan_id", reason));
                }
            }
        }
        let mut added: Vec<(usize, &FindingIn)> = Vec::new();
        for RowIn { row, data: r } in &sheet.rows {
            if r.id.is_some() {
                continue;
            }
            let same = existing
                .iter()
                .find(|f| !claimed.contains(&f.id) && finding_changes(f, r).is_empty());
            match same {
                Some(f) => {
                    claimed.insert(f.id);
                    matched.push((*row, r, f));
                }
                None => added.push((*row, r)),
            }
        }
        matched.sort_by_key(|(row, _, _)| *row);
        for (row, r, f) in matched {
            let mut columns = finding_changes(f, r);
            let mut payloads = Vec::new();
            let (follow, status, due) = followup_changes(&self.audit, f, r);
            let single = match f.content.recommendations.as_slice() {
                [one] => Some(one.no),
                _ => None,
            };
            if !follow.is_empty() && single.is_none() {
                let n = f.content.recommendations.len();
                self.problems.push(sheet.problem(
                    row,
                    follow[0].column,
                    refused(said("error.recommendation.sheet_followup", &[("n", &n)])),
                ));
                continue;
            }
            if !columns.is_empty() {
                let new = match new_finding(r, Some(f)) {
                    Ok(n) => n,
                    Err(e) => {
                        self.problems.push(problem_of(sheet, row, e, "nip_terkait"));
                        continue;
                    }
                };
                match self.app.finding_updated(&self.audit, f, &new) {
                    Ok(Some(p)) => payloads.push(p),
                    Ok(None) => columns.clear(),
                    Err(e) => {
                        self.problems.push(problem_of(sheet, row, e, "nip_terkait"));
                        continue;
                    }
                }
            }
            if let Some(no) = single.filter(|_| !follow.is_empty()) {
                payloads.push(row_verification(f, no, status, &r.followup_note, due));
                columns.extend(follow);
            }
            if columns.is_empty() {
                diff.unchanged += 1;
            } else {
                let change = RowChange {
                    row,
                    key: short_id(&f.id),
                    title: f.content.title.clone(),
                    columns,
                };
                let record = Record::Finding(&f.id);
                self.settle(sheet, &mut diff, record, &r.version, change, Ok(payloads))?;
            }
        }
        for (row, r) in added {
            let raised =
                new_finding(r, None).and_then(|new| self.app.finding_raised(&self.audit, &new));
            let (id, payload) = match raised {
                Ok(x) => x,
                Err(e) => {
                    self.problems.push(problem_of(sheet, row, e, "nip_terkait"));
                    continue;
                }
            };
            let status = r.followup.unwrap_or(FollowUpStatus::BelumDitindaklanjuti);
            if status != FollowUpStatus::BelumDitindaklanjuti
                || !r.followup_note.is_empty()
                || r.due.is_some()
            {
                let recs = match &payload {
                    Payload::FindingRaised { content, .. } => content.recommendations.clone(),
                    _ => Vec::new(),
                };
                let [one] = recs.as_slice() else {
                    self.problems.push(sheet.problem(
                        row,
                        "tindak_lanjut_kode",
                        refused(said(
                            "error.recommendation.sheet_followup",
                            &[("n", &recs.len())],
                        )),
                    ));
                    continue;
                };
                self.payloads.push(payload);
                self.payloads.push(Payload::FollowUpVerified {
                    audit: self.audit.id,
                    finding: id,
                    recommendation: one.no,
                    entry: None,
                    date: today(),
                    status,
                    reason: r.followup_note.trim().to_string(),
                    due: r.due,
                });
            } else {
                self.payloads.push(payload);
            }
            diff.added.push(RowChange {
                row,
                key: "baru".into(),
                title: r.title.clone(),
                columns: Vec::new(),
            });
        }
        diff.not_in_file = existing.iter().filter(|f| !claimed.contains(&f.id)).count();
        Ok(diff)
    }

    /// The findings a row links, as ids of this audit's findings; a problem when one is not.
    fn linked(
        &self,
        sheet: &SheetIn<RatingIn>,
        row: usize,
        keys: &[String],
        findings: &[Finding],
    ) -> Result<Result<Vec<Id>, Problem>, AppError> {
        let mut out = Vec::new();
        for key in keys {
            match named(findings, |f| &f.id, key) {
                Some(f) => out.push(f.id),
                None => {
                    let owner = match Id::parse_str(key.trim()) {
                        Ok(id) => self.app.store.finding(&id)?.map(|f| f.audit),
                        Err(_) => None,
                    };
                    let reason = self.foreign(RecordKind::Finding, key, owner)?;
                    return Ok(Err(sheet.problem(row, "temuan_terkait", reason)));
                }
            }
        }
        Ok(Ok(out))
    }

    fn ratings(&mut self, sheet: &SheetIn<RatingIn>) -> Result<SheetDiff, AppError> {
        let existing = self.app.store.ratings_of_audit(&self.audit.id)?;
        let findings = self.app.store.findings_of_audit(&self.audit.id)?;
        let mut diff = sheet_diff(sheet);
        let mut claimed: HashSet<Id> = HashSet::new();
        let mut added_here = HashSet::new();
        for RowIn { row, data: r } in &sheet.rows {
            let Some(key) = &r.id else { continue };
            let Some(rating) = named(&existing, |x| &x.id, key) else {
                let owner = match Id::parse_str(key.trim()) {
                    Ok(id) => self.app.store.rating(&id)?.map(|x| x.audit),
                    Err(_) => None,
                };
                let reason = self.foreign(RecordKind::Rating, key, owner)?;
                self.problems
                    .push(sheet.problem(*row, "rekomendasi_id", reason));
                continue;
            };
            claimed.insert(rating.id);
            let linked = match self.linked(sheet, *row, &r.findings, &findings)? {
                Ok(l) => l,
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            let changes = rating_changes(rating, r, &linked);
            if changes.is_empty() {
                diff.unchanged += 1;
                continue;
            }
            // a changed row is an edit of the recommendation (before → after in the trail)
            let edited = self
                .app
                .checked_rating(&self.audit, &rating_in(r, &linked))
                .and_then(|c| {
                    if c.nip != rating.content.nip || c.period != rating.content.period {
                        if let Some(other) =
                            self.app.current_rating_of(&self.audit, &c.nip, &c.period)?
                        {
                            return Err(AppError::RatingExists(Box::new(other)));
                        }
                    }
                    Ok(c.updated(rating, SPREADSHEET_REASON.to_string()))
                });
            match edited {
                Ok(Some(payload)) => {
                    let change = RowChange {
                        row: *row,
                        key: short_id(&rating.id),
                        title: format!("{} {}", rating.content.nip.as_str(), rating.content.period),
                        columns: changes,
                    };
                    let record = Record::Rating(&rating.id);
                    let payloads = Ok(vec![payload]);
                    self.settle(sheet, &mut diff, record, &r.version, change, payloads)?;
                }
                Ok(None) => diff.unchanged += 1,
                Err(e) => self.problems.push(problem_of(sheet, *row, e, "nip")),
            }
        }
        for RowIn { row, data: r } in &sheet.rows {
            if r.id.is_some() {
                continue;
            }
            let linked = match self.linked(sheet, *row, &r.findings, &findings)? {
                Ok(l) => l,
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            if let Some(same) = existing
                .iter()
                .find(|x| !claimed.contains(&x.id) && rating_changes(x, r, &linked).is_empty())
            {
                claimed.insert(same.id);
                diff.unchanged += 1;
                continue;
            }
            let new = rating_in(r, &linked);
            // one current recommendation per (audit, NIP, period): also among the file's new rows
            if !added_here.insert((r.nip.clone(), r.period)) {
                self.problems.push(sheet.problem(
                    *row,
                    "periode",
                    SheetReason::RatingTwice {
                        nip: r.nip.as_str().to_string(),
                        period: r.period.to_string(),
                    },
                ));
                continue;
            }
            match self.app.rating_recommended(&self.audit, &new) {
                Ok((_, payload)) => {
                    self.payloads.push(payload);
                    diff.added.push(RowChange {
                        row: *row,
                        key: "baru".into(),
                        title: format!("{} {}", r.nip.as_str(), r.period),
                        columns: Vec::new(),
                    });
                }
                Err(e) => self.problems.push(problem_of(sheet, *row, e, "nip")),
            }
        }
        diff.not_in_file = existing.iter().filter(|x| !claimed.contains(&x.id)).count();
        Ok(diff)
    }
}

/// The sheet's name when it has no `versi` column.
fn unversioned<T>(sheet: &SheetIn<T>) -> Option<String> {
    (!sheet.has_column("versi")).then(|| sheet.label.clone())
}

/// The reason an edit made through a spreadsheet gives in the trail.
const SPREADSHEET_REASON: &str = "diubah melalui impor lembar kerja";

/// A rating row as the application's input.
fn rating_in(r: &RatingIn, linked: &[Id]) -> NewRating {
    NewRating {
        nip: r.nip.as_str().to_string(),
        hasil: r.hasil.code().to_string(),
        perilaku: r.perilaku.code().to_string(),
        period: r.period.to_string(),
        justification: r.justification.clone(),
        berakhlak: r
            .berakhlak
            .iter()
            .map(|(b, n)| (b.code().to_string(), n.clone()))
            .collect(),
        findings: linked.iter().map(Id::to_string).collect(),
        action: Some(r.action.code().to_string()),
    }
}

/// A text on one line: trimmed, line breaks shown as `⏎`.
fn flat(s: &str) -> Vec<char> {
    s.trim()
        .chars()
        .map(|c| if c == '\n' { '⏎' } else { c })
        .filter(|c| *c != '\r')
        .collect()
}

/// What `import FILE` does with a file: a spreadsheet (a folder, or a file named `.xlsx` or
/// `.csv`: an edited export) is compared with its audit by [`App::import_sheet`]; anything else is
/// a findings file, merged by [`App::import_bundle`].
pub fn is_spreadsheet(path: &Path) -> bool {
    crate::exchange::roundtrip::is_spreadsheet(path)
}

/// A value cut to `max` characters for a one-line diff, line breaks shown as `⏎`.
pub fn one_line(s: &str, max: usize) -> String {
    let flat = flat(s);
    if flat.len() <= max {
        return flat.into_iter().collect();
    }
    let mut t: String = flat.iter().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// Characters of what the two values share kept before and after the part that differs.
const CONTEXT: usize = 20;

/// A changed value, old and new, each on one line of at most `max` characters. When one is too
/// long, both show the part that differs: the text they share at the start and at the end is cut
/// to a few words around it and marked `…`, so a long text changed in its middle does not show
/// as two identical beginnings.
pub fn one_line_change(old: &str, new: &str, max: usize) -> (String, String) {
    let (a, b) = (flat(old), flat(new));
    if a.len() <= max && b.len() <= max {
        return (a.into_iter().collect(), b.into_iter().collect());
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    // start a few characters before the difference, at a word when one starts there
    let mut start = prefix.saturating_sub(CONTEXT);
    if start > 0 {
        if let Some(space) = a[start..prefix].iter().position(|c| *c == ' ') {
            start += space + 1;
        }
    }
    (
        window(&a, start, suffix, max),
        window(&b, start, suffix, max),
    )
}

/// `x` from `start` to a few characters after its last `suffix` characters begin, at most `max`
/// characters with the `…` that mark what is left out.
fn window(x: &[char], start: usize, suffix: usize, max: usize) -> String {
    let differs_to = x.len() - suffix;
    let mut end = (differs_to + CONTEXT).min(x.len());
    if end < x.len() {
        if let Some(space) = x[differs_to..end].iter().rposition(|c| *c == ' ') {
            end = differs_to + space;
        }
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let body = &x[start..end];
    let room = max.saturating_sub(usize::from(start > 0) + usize::from(end < x.len()));
    if body.len() > room {
        out.extend(&body[..max.saturating_sub(usize::from(start > 0) + 1)]);
        out.push('…');
        return out;
    }
    out.extend(body);
    if end < x.len() {
        out.push('…');
    }
    out
}

impl App {
    /// Read an export edited in a spreadsheet (an XLSX workbook, a CSV table or the CSV folder),
    /// diff it with its audit and, with `apply` and no problem in any row, save every change as
    /// one event in one save, attributed to the current profile. `audit_key` must name the audit
    /// the file was exported from; without it, the file says. A stale row (its record changed in
    /// Periksa after the export) is left out unless `force` names it.
    pub fn import_sheet(
        &mut self,
        path: &Path,
        audit_key: Option<&str>,
        apply: bool,
        force: &ForceStale,
    ) -> Result<SheetImport, AppError> {
        let actor = self.current_profile()?;
        let edited = roundtrip::read(path, today()).map_err(|e| AppError::Sheet(Box::new(e)))?;
        let audit = self.audit_of(&edited, audit_key)?;
        let unversioned: Vec<String> = [
            edited.responses.as_ref().map(unversioned),
            edited.findings.as_ref().map(unversioned),
            edited.ratings.as_ref().map(unversioned),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .collect();
        let mut plan = Plan {
            app: self,
            audit,
            force,
            payloads: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let mut sheets = Vec::new();
        if let Some(s) = &edited.responses {
            sheets.push(plan.responses(s)?);
        }
        if let Some(s) = &edited.findings {
            sheets.push(plan.findings(s)?);
        }
        if let Some(s) = &edited.ratings {
            sheets.push(plan.ratings(s)?);
        }
        let Plan {
            audit,
            payloads,
            problems: mut found,
            notes: mut more_notes,
            ..
        } = plan;
        let mut notes = edited.notes;
        notes.append(&mut more_notes);
        if !unversioned.is_empty() {
            notes.push(SheetNote::Unversioned {
                sheets: unversioned.join(", "),
            });
        }
        let mut problems = edited.problems;
        problems.append(&mut found);
        problems.sort_by(|a, b| (&a.sheet, a.row, a.col).cmp(&(&b.sheet, b.row, b.col)));
        problems.dedup();
        let mut events = 0;
        let applied = apply && problems.is_empty();
        if applied && !payloads.is_empty() {
            events = self.commit(payloads)?.len();
        }
        Ok(SheetImport {
            file: edited.file,
            audit: audit.id,
            audit_title: audit.title,
            actor: actor.name,
            sheets,
            notes,
            unversioned,
            problems,
            applied,
            events,
        })
    }

    /// The audit an edited export belongs to: the one it names, which must be `audit_key`'s when
    /// that is given.
    fn audit_of(&self, edited: &Edited, audit_key: Option<&str>) -> Result<Audit, AppError> {
        let named = match &edited.audit_id {
            Some(id) => match Id::parse_str(id.trim()) {
                Ok(id) => self.store.audit(&id)?,
                Err(_) => None,
            },
            None => None,
        };
        let file = &edited.file;
        match (audit_key, &edited.audit_id) {
            (Some(key), file_audit) => {
                let audit = self.resolve_audit(key)?;
                match file_audit {
                    Some(f) if !same_id(f, &audit.id.to_string()) => Err(match &named {
                        Some(a) => said(
                            "error.app.sheet_other_audit",
                            &[
                                ("file", file),
                                ("from", &short_id(&a.id)),
                                ("from_title", &a.title),
                                ("id", &short_id(&audit.id)),
                                ("title", &audit.title),
                            ],
                        ),
                        None => said(
                            "error.app.sheet_other_absent_audit",
                            &[
                                ("file", file),
                                ("from", f),
                                ("id", &short_id(&audit.id)),
                                ("title", &audit.title),
                            ],
                        ),
                    }),
                    _ => Ok(audit),
                }
            }
            (None, Some(f)) => named.ok_or_else(|| {
                said(
                    "error.app.sheet_audit_absent",
                    &[("file", file), ("from", f)],
                )
            }),
            (None, None) => Err(said("error.app.sheet_no_audit", &[("file", file)])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_cells_count_as_unchanged() {
        let long = "a".repeat(50);
        let cut = format!("{}{}", "a".repeat(30), CUT_MARK);
        assert!(same_text(&cut, &long));
        assert!(same_text("x", " x "));
        assert!(!same_text(&cut, "b"));
        assert!(!same_text("… (terpotong)", "b"));
    }

    /// The demo store, opened, with its audit's id.
    fn demo() -> (tempfile::TempDir, App, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo");
        crate::app::demo::fill(&store).unwrap();
        let app = App::open(&store).unwrap();
        let audit = app.store().audits().unwrap()[0].id.to_string();
        (dir, app, audit)
    }

    /// A CSV table as the export wrote it: the header and the records.
    fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
        let text = std::fs::read_to_string(path).unwrap();
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    }

    fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
        let mut w = csv::Writer::from_path(path).unwrap();
        w.write_record(header).unwrap();
        for r in rows {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
    }

    /// Sets the cell of `column` in the spreadsheet's row `row` (row 1 is the header).
    fn set(header: &[String], rows: &mut [Vec<String>], row: usize, column: &str, value: &str) {
        let c = header.iter().position(|h| h == column).unwrap();
        rows[row - 2][c] = value.to_string();
    }

    fn note(app: &App, audit: &str, item: &str) -> String {
        let id = app.resolve_audit(audit).unwrap().id;
        app.store().response(&id, item).unwrap().unwrap().note
    }

    #[test]
    fn stale_rows_are_left_out_unless_chosen_one_by_one() {
        let (dir, mut app, audit) = demo();
        let folder = dir.path().join("ekspor");
        app.export(
            &audit,
            crate::exchange::export::Format::Csv,
            &folder,
            &Default::default(),
        )
        .unwrap();
        let jawaban = folder.join("jawaban.csv");
        let (header, mut rows) = read_csv(&jawaban);
        let code = |row: usize| rows[row - 2][1].clone();
        let (r2, r3, r4) = (code(2), code(3), code(4));

        // after the export, two items change in Periksa; the spreadsheet changes those and a third
        for item in [&r2, &r3] {
            app.answer(&audit, item, None, Some("diubah di Periksa"), &[])
                .unwrap();
        }
        for row in [2, 3, 4] {
            set(
                &header,
                &mut rows,
                row,
                "catatan",
                &format!("lembar kerja {row}"),
            );
        }
        write_csv(&jawaban, &header, &rows);

        let me = app.current_profile().unwrap().name;
        let dry = app
            .import_sheet(&jawaban, None, false, &ForceStale::None)
            .unwrap();
        let sheet = &dry.sheets[0];
        assert_eq!(sheet.sheet, "jawaban.csv");
        assert_eq!(sheet.changed.iter().map(|c| c.row).collect::<Vec<_>>(), [4]);
        assert_eq!(
            sheet
                .stale
                .iter()
                .map(|s| (s.change.row, s.changed_by.as_str(), s.forced))
                .collect::<Vec<_>>(),
            [(2, me.as_str(), false), (3, me.as_str(), false)]
        );
        assert_eq!(
            sheet.stale[0].change.columns,
            [change("catatan", "diubah di Periksa", "lembar kerja 2")]
        );
        assert_eq!((dry.changes(), dry.left_out()), (1, 2));
        assert!(dry.unversioned.is_empty());

        // row 2 chosen: it and the unstale row 4 are applied, row 3 is left out
        let chosen = ForceStale::Rows([("jawaban.csv".to_string(), 2)].into());
        let applied = app.import_sheet(&jawaban, None, true, &chosen).unwrap();
        assert!(applied.applied);
        assert_eq!((applied.events, applied.left_out()), (2, 1));
        assert_eq!(
            applied.sheets[0]
                .stale
                .iter()
                .map(|s| (s.change.row, s.forced))
                .collect::<Vec<_>>(),
            [(2, true), (3, false)]
        );
        assert_eq!(note(&app, &audit, &r2), "lembar kerja 2");
        assert_eq!(note(&app, &audit, &r3), "diubah di Periksa");
        assert_eq!(note(&app, &audit, &r4), "lembar kerja 4");

        // the same file again: rows the audit now holds are unchanged, stale or not
        let again = app
            .import_sheet(&jawaban, None, false, &ForceStale::None)
            .unwrap();
        assert_eq!(again.changes(), 0);
        assert_eq!(
            again.sheets[0]
                .stale
                .iter()
                .map(|s| s.change.row)
                .collect::<Vec<_>>(),
            [3]
        );
        let all = app
            .import_sheet(&jawaban, None, true, &ForceStale::All)
            .unwrap();
        assert_eq!((all.events, all.left_out()), (1, 0));
        assert_eq!(note(&app, &audit, &r3), "lembar kerja 3");
    }

    #[test]
    fn an_item_answered_after_the_export_is_stale_not_a_problem() {
        let (dir, mut app, audit) = demo();
        let folder = dir.path().join("ekspor");
        app.export(
            &audit,
            crate::exchange::export::Format::Csv,
            &folder,
            &Default::default(),
        )
        .unwrap();
        let jawaban = folder.join("jawaban.csv");
        let (header, rows) = read_csv(&jawaban);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let at = rows
            .iter()
            .position(|r| r[col("dicatat")].is_empty())
            .expect("the demo leaves an item unanswered");
        let (row, item) = (at + 2, rows[at][col("kode_butir")].clone());
        app.answer(&audit, &item, Some("na"), None, &[]).unwrap();

        // the file, untouched, holds the item as it was: unanswered
        let dry = app
            .import_sheet(&jawaban, None, true, &ForceStale::None)
            .unwrap();
        assert!(dry.problems.is_empty(), "{:?}", dry.problems);
        assert!(dry.applied);
        let stale = &dry.sheets[0].stale;
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].change.row, row);
        assert_eq!(stale[0].change.columns, [change("jawaban_kode", "na", "")]);
        assert_eq!((dry.changes(), dry.events), (0, 0));

        // forced, it would remove the answer, which an import does not do
        let forced = app
            .import_sheet(&jawaban, None, true, &ForceStale::All)
            .unwrap();
        assert!(!forced.applied);
        assert_eq!(
            forced
                .problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>(),
            [format!(
                "jawaban.csv!R{row} C9 (jawaban_kode): is empty, but {item} is answered (na); an \
                 import does not remove answers: put the answer back"
            )]
        );
    }

    #[test]
    fn a_file_without_versi_is_read_as_before_and_says_so() {
        let (dir, mut app, audit) = demo();
        let folder = dir.path().join("ekspor");
        app.export(
            &audit,
            crate::exchange::export::Format::Csv,
            &folder,
            &Default::default(),
        )
        .unwrap();
        let jawaban = folder.join("jawaban.csv");
        let (mut header, mut rows) = read_csv(&jawaban);
        let item = rows[0][1].clone();
        app.answer(&audit, &item, None, Some("diubah di Periksa"), &[])
            .unwrap();
        set(&header, &mut rows, 2, "catatan", "lembar kerja");

        // a malformed versi is named, and nothing is applied
        let mut bad = rows.clone();
        set(&header, &mut bad, 2, "versi", "versi 2");
        write_csv(&jawaban, &header, &bad);
        let r = app
            .import_sheet(&jawaban, None, true, &ForceStale::All)
            .unwrap();
        assert!(!r.applied);
        assert_eq!(
            r.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            [
                "jawaban.csv!R2 C16 (versi): \"versi 2\" is not a version as the export writes it \
              (the hash of the record's last event, 64 hexadecimal digits); leave the versi column \
              as exported"
            ]
        );

        // an older release's export: no versi, the row wins as it did, and a note says so once
        header.pop();
        for r in &mut rows {
            r.pop();
        }
        write_csv(&jawaban, &header, &rows);
        let r = app
            .import_sheet(&jawaban, None, true, &ForceStale::None)
            .unwrap();
        assert_eq!(r.unversioned, ["jawaban.csv"]);
        assert_eq!(
            r.notes.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            [
                "jawaban.csv: no versi column (an export of an older release): changes made in \
              Periksa after the export cannot be detected, and a row that differs replaces them"
            ]
        );
        assert!(r.sheets[0].stale.is_empty());
        assert_eq!(r.events, 1);
        assert_eq!(note(&app, &audit, &item), "lembar kerja");
    }

    proptest::proptest! {
        #[test]
        fn a_changed_value_always_fits_its_line(
            shared in "[a-c \\n]{0,80}",
            old in "[a-c é]{0,80}",
            new in "[a-c é]{0,80}",
            tail in "[a-c ]{0,80}",
            max in 2usize..70,
        ) {
            let (old, new) = (format!("{shared}{old}{tail}"), format!("{shared}{new}{tail}"));
            let (o, n) = one_line_change(&old, &new, max);
            proptest::prop_assert!(o.chars().count() <= max);
            proptest::prop_assert!(n.chars().count() <= max);
            // with room for the context before a change, it shows: two different values never
            // look the same (nor the same value two different ones)
            if max > CONTEXT + 2 {
                proptest::prop_assert_eq!(o == n, flat(&old) == flat(&new));
            }
        }
    }

    #[test]
    fn force_stale_names_rows_by_sheet_and_row() {
        let rows = ForceStale::Rows([("temuan".to_string(), 3)].into());
        assert!(rows.covers("temuan", 3));
        assert!(!rows.covers("temuan", 2));
        assert!(!rows.covers("jawaban", 3));
        assert!(ForceStale::All.covers("jawaban", 9));
        assert!(!ForceStale::default().covers("jawaban", 9));
    }

    #[test]
    fn short_values_stay_on_one_line() {
        assert_eq!(one_line("satu\r\ndua", 20), "satu⏎dua");
        assert_eq!(one_line("abcdefghij", 5), "abcd…");
        assert_eq!(
            one_line_change("satu\r\ndua", "tiga", 20),
            ("satu⏎dua".into(), "tiga".into())
        );
    }

    #[test]
    fn a_long_text_shows_the_part_that_differs() {
        let old = "Papan informasi di ruang tunggu belum memuat biaya layanan dan waktu \
                   penyelesaian untuk setiap jenis layanan yang diselenggarakan.";
        let new = old.replace("biaya", "tarif");
        let (o, n) = one_line_change(old, &new, 50);
        assert_eq!(o, "…belum memuat biaya layanan dan waktu…");
        assert_eq!(n, "…belum memuat tarif layanan dan waktu…");
        // a change at the end: the start is cut, the end is shown
        let new = format!("{old} Sudah diperbaiki.");
        let (o, n) = one_line_change(old, &new, 50);
        assert_eq!(o, "…diselenggarakan.");
        assert_eq!(n, "…diselenggarakan. Sudah diperbaiki.");
        // a long new part is cut to fit, and says so
        let new = old.replace("biaya", &"x".repeat(80));
        let (o, n) = one_line_change(old, &new, 50);
        assert_eq!(o, "…belum memuat biaya layanan dan waktu…");
        assert_eq!(n.chars().count(), 50);
        assert!(
            n.starts_with("…belum memuat xxx") && n.ends_with("x…"),
            "{n}"
        );
        // nothing shared: the beginnings, as before
        let (o, n) = one_line_change(old, "Lain sama sekali", 50);
        assert_eq!(o, one_line(old, 50));
        assert_eq!(n, "Lain sama sekali");
    }
}

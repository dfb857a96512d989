//! Reading an edited export (an XLSX workbook, one CSV table or the CSV folder) back into typed rows, with every unreadable cell named by sheet, row and column.
//!
//! The other half of the spreadsheet round-trip: `periksa export --format xlsx|csv` writes the
//! tables of [`super::export::schema`]; people edit them offline; this module reads them back. It
//! knows nothing of the store: it checks the form of each cell (a severity is a severity, a NIP
//! has 18 digits, a date is a date) and that every row comes from the same audit, and gives the
//! rows it could read plus a [`Problem`] for each cell it could not. Whether a row is new, changed
//! or unchanged, and whether the change is allowed, is for the application layer to say.
//!
//! Tables are recognised by sheet or file name (`temuan`, `temuan.csv`, `rekomendasi_predikat`
//! or, as earlier releases named it, `rekomendasi`) or else by their header; columns are looked up
//! by their code (the CSV header, the workbook's hidden first row), or by their label in a
//! workbook whose row of codes was deleted, so a reordered or extra column does no harm. A row
//! that repeats the header (the workbook's labels under the codes, or a header row a sort moved
//! among the data) is no row of data; a header found only under rows of data is refused, not
//! guessed at. The summary (`ringkasan`) is read only for the audit id, as one row under its
//! header (CSV, and workbooks of earlier releases) or one field a row (the workbook); the earlier
//! audits' open recommendations (`tindak_lanjut_sebelumnya`) are information, never read, only
//! noted; the columns the store derives (names, dates of change, labels, evidence hashes) are not
//! read. `versi`, the
//! version a row was exported at, is passed on as written (an export of an older release has
//! none) for the application layer to compare with the store.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::date::{self, DateError};
use crate::domain::followup::{Berakhlak, FollowUpAction, FollowUpError, FollowUpStatus, Severity};
use crate::domain::nip::{Nip, NipError};
use crate::domain::period::{Period, PeriodError};
use crate::domain::rating::RatingLevel;
use crate::domain::template::AnswerKind;

use super::export::schema::{
    Table, JAWABAN, REKOMENDASI, RINGKASAN, TABLES, TEMUAN, TINDAK_LANJUT_SEBELUMNYA,
};
use super::tabular::{self, TableError, MAX_FILE_BYTES};
use super::workbook::{self, CellValue, WorkbookError, OLE_MAGIC, ZIP_MAGIC};

/// Most columns read in one row; the widest export table has 37.
pub const MAX_COLUMNS: usize = 200;

/// The columns a table must keep to be imported: its key and everything an import can change.
fn required(table: &Table) -> &'static [&'static str] {
    match table.name {
        "ringkasan" => &["audit_id"],
        "jawaban" => &["kode_butir", "jawaban_kode", "catatan"],
        "temuan" => &[
            "temuan_id",
            "judul",
            "butir",
            "kondisi",
            "kriteria",
            "sebab",
            "akibat",
            "rekomendasi",
            "tanggapan",
            "tingkat",
            "tindak_lanjut_kode",
            "tindak_lanjut_catatan",
            "batas_waktu",
            "nip_terkait",
        ],
        "rekomendasi" => &[
            "rekomendasi_id",
            "nip",
            "periode",
            "hasil_kerja",
            "perilaku_kerja",
            "justifikasi",
            "catatan_berakhlak",
            "temuan_terkait",
            "tindak_lanjut",
        ],
        _ => &[],
    }
}

/// Whether `path` is something the round-trip reads: a folder, or a file named `.xlsx` or `.csv`.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|e| e == "xlsx" || e == "csv")
}

/// One cell (or row) that cannot be read, or cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sheet (XLSX) or file name (CSV).
    pub sheet: String,
    /// The row as the spreadsheet shows it (1 is the header).
    pub row: usize,
    /// The column's position (1 is A) and its name, when the problem is in one cell.
    pub col: Option<usize>,
    pub column: Option<String>,
    pub reason: Box<SheetReason>,
}

/// Which kind of record an id in a sheet was taken to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Finding,
    Rating,
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordKind::Finding => "finding",
            RecordKind::Rating => "rating recommendation",
        })
    }
}

/// A refusal by the checks above this layer (the application's), kept whole so that it can be
/// said in the user's language; its `Display` is the English one.
#[derive(Debug, Clone)]
pub struct Refusal(pub Arc<dyn std::error::Error + Send + Sync>);

impl PartialEq for Refusal {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Refusal {}

/// Why a cell or row of an edited export cannot be read or applied: the kind and the values
/// found. Its `Display` is the English sentence; the app says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetReason {
    /// A row wider than [`MAX_COLUMNS`].
    TooWide { width: usize, limit: usize },
    /// Not one of the severities.
    Severity { found: String },
    /// Not one of the four follow-up statuses.
    FollowUpStatus { found: String },
    /// Not one of the three rating levels.
    Rating { found: String },
    /// Not a date.
    Date(DateError),
    /// A NIP stored as a spreadsheet number (shown as the sheet shows it).
    NipNumber { shown: String },
    /// Not a NIP.
    Nip(NipError),
    /// A piece of the BerAKHLAK notes that names no value.
    Berakhlak { piece: String },
    /// Not a period.
    Period(PeriodError),
    /// Not a follow-up action.
    Action(FollowUpError),
    /// A row of another audit than the file's.
    OtherAudit { found: String, audit: String },
    /// A key found on an earlier row too.
    Twice { key: String, first: usize },
    /// Not an answer of the item's kind.
    Answer { kind: AnswerKind, found: String },
    /// A `versi` cell the export did not write; `pair` for a finding's (two hashes joined by /).
    Version { found: String, pair: bool },
    /// An item code that is not in the audit's checklist.
    UnknownItem { item: String, checklist: String },
    /// An answer emptied in the sheet (the item's code and its answer's code in the store).
    AnswerRemoved { item: String, was: String },
    /// An id of a record of another audit (its short id and title).
    ForeignRecord {
        what: RecordKind,
        key: String,
        audit: String,
        title: String,
    },
    /// An id that names no record.
    NoRecord { what: RecordKind, key: String },
    /// A second new row recommending a rating for the same NIP and period.
    RatingTwice { nip: String, period: String },
    /// Refused by the application's checks.
    Refused(Refusal),
}

impl fmt::Display for SheetReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetReason::TooWide { width, limit } => {
                write!(f, "the row has {width} columns; the limit is {limit}")
            }
            SheetReason::Severity { found } => {
                write!(f, "{found:?} is not a severity; use rendah, sedang, tinggi")
            }
            SheetReason::FollowUpStatus { found } => write!(
                f,
                "{found:?} is not a follow-up status; use 1 (sesuai rekomendasi), 2 (belum \
                 sesuai), 3 (belum ditindaklanjuti) or 4 (tidak dapat ditindaklanjuti)"
            ),
            SheetReason::Rating { found } => write!(
                f,
                "{found:?} is not a rating; use Di Atas, Sesuai or Di Bawah Ekspektasi"
            ),
            SheetReason::Date(e) => write!(f, "{e}"),
            SheetReason::NipNumber { shown } => write!(
                f,
                "the NIP is stored as a number ({shown}), so its last digits are lost; format \
                 the column as Text and type the NIP again"
            ),
            SheetReason::Nip(e) => write!(f, "{e}"),
            SheetReason::Berakhlak { piece } => write!(
                f,
                "{piece:?} names no BerAKHLAK value; write \"Akuntabel: catatan; Kompeten: \
                 catatan\" (values: {})",
                berakhlak_values()
            ),
            SheetReason::Period(e) => write!(f, "{e}"),
            SheetReason::Action(e) => write!(f, "{e}"),
            SheetReason::OtherAudit { found, audit } => write!(
                f,
                "{found:?} is another audit than the one this file was exported from ({audit}); \
                 a row cannot move between audits"
            ),
            SheetReason::Twice { key, first } => {
                write!(f, "{key:?} is in row {first} too; keep one row for it")
            }
            SheetReason::Answer { kind, found } => match kind {
                AnswerKind::Compliance => write!(
                    f,
                    "{found:?} is not a compliance answer; use compliant, partial, noncompliant \
                     or na (Sesuai, Sebagian, Tidak Sesuai, Tidak Berlaku)"
                ),
                AnswerKind::Score => write!(
                    f,
                    "{found:?} is not a score; use 1 to 5, or na (Tidak Berlaku)"
                ),
                AnswerKind::YesNo => write!(
                    f,
                    "{found:?} is not a yes/no answer; use yes, no or na (Ya, Tidak, Tidak \
                     Berlaku)"
                ),
                AnswerKind::Number => write!(
                    f,
                    "{found:?} is not a number; use a decimal such as 12.5 or 12,5, or na \
                     (Tidak Berlaku)"
                ),
            },
            SheetReason::Version { found, pair } => write!(
                f,
                "{found:?} is not a version as the export writes it (the hash of the record's \
                 last event, 64 hexadecimal digits{}); leave the versi column as exported",
                if *pair {
                    ", a finding's two joined by /"
                } else {
                    ""
                }
            ),
            SheetReason::UnknownItem { item, checklist } => write!(
                f,
                "{item:?} is not an item of checklist {checklist} (the version this audit pinned)"
            ),
            SheetReason::AnswerRemoved { item, was } => write!(
                f,
                "is empty, but {item} is answered ({was}); an import does not remove answers: \
                 put the answer back"
            ),
            SheetReason::ForeignRecord {
                what,
                key,
                audit,
                title,
            } => write!(
                f,
                "{what} {key} belongs to another audit ({audit} \"{title}\"), not this one; a \
                 row cannot move between audits"
            ),
            SheetReason::NoRecord { what, key } => write!(
                f,
                "no {what} {key} in this audit; leave the id empty for a new one"
            ),
            SheetReason::RatingTwice { nip, period } => write!(
                f,
                "another new row already recommends a rating for {nip} in {period}: an ASN has \
                 one recommendation per period in an audit"
            ),
            SheetReason::Refused(r) => write!(f, "{}", r.0),
        }
    }
}

/// The BerAKHLAK values as a note names them, for the reason of a note that names none.
pub fn berakhlak_values() -> String {
    Berakhlak::ALL.map(|b| b.label_id()).join(", ")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!R{}", self.sheet, self.row)?;
        if let Some(c) = self.col {
            write!(f, " C{c}")?;
        }
        if let Some(name) = &self.column {
            write!(f, " ({name})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// A failure that stops the whole file from being read.
#[derive(Debug, thiserror::Error)]
pub enum RoundTripError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Text(Box<TableError>),
    #[error("{file}: {error}")]
    Workbook { file: String, error: WorkbookError },
    #[error(
        "{file}: not an XLSX workbook (it does not start like one); a file renamed .xlsx? \
         Export the audit again with `periksa export AUDIT --format xlsx`"
    )]
    NotXlsx { file: String },
    #[error(
        "{file}: this is an old Excel 97-2003 workbook (.xls) or a password-protected one; \
         remove any password and save it as \"Excel Workbook (.xlsx)\""
    )]
    OldExcel { file: String },
    #[error("{file}: file is {size} bytes; the limit is {limit} bytes (64 MiB)")]
    TooLarge {
        file: String,
        size: u64,
        limit: usize,
    },
    #[error(
        "{file}: holds no table of a Periksa export (sheets or CSV files named ringkasan, \
         jawaban, temuan, rekomendasi_predikat or rekomendasi, as `periksa export` writes them)"
    )]
    NoTables { file: String },
    #[error("{file}: {sheet}: the table {table} appears twice (also in {other}); keep one")]
    TwoTables {
        file: String,
        sheet: String,
        table: &'static str,
        other: String,
    },
    #[error(
        "{file}: {sheet}!R{row}: required column {column:?} is missing; keep the export's \
         column names in the header row"
    )]
    MissingColumn {
        file: String,
        sheet: String,
        row: usize,
        column: &'static str,
    },
    #[error(
        "{file}: {sheet}!R{row}: the header is here, under other rows (a sort that took the \
         header rows along, or rows put above them); move it back to the top (undo the sort, or \
         sort only the rows under the header) and import again"
    )]
    HeaderMoved {
        file: String,
        sheet: String,
        row: usize,
    },
    #[error("{file}: CSV error: {message}")]
    Csv { file: String, message: String },
}

/// The summary row: only what names the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryIn {
    pub sheet: String,
    pub row: usize,
    pub audit_id: String,
    pub title: String,
}

/// A `jawaban` row: the item and what may be edited (the answer by code or label, the note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseIn {
    pub item: String,
    /// `jawaban_kode` as written (empty: none).
    pub answer_code: String,
    /// `jawaban`, the label (empty: none, or the column is not there).
    pub answer_label: String,
    pub note: String,
    /// `versi` as written: the version of the response the row was exported at (empty: none).
    pub version: String,
}

/// A `temuan` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingIn {
    /// `temuan_id`; `None` for a finding added in the sheet.
    pub id: Option<String>,
    pub title: String,
    pub items: Vec<String>,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    pub akibat: String,
    pub rekomendasi: String,
    pub tanggapan: String,
    pub severity: Severity,
    /// `kode_temuan` and `kode_sebab`; none when the sheet has no such column (an export made
    /// before findings had codes).
    pub code: Option<String>,
    pub cause_code: Option<String>,
    /// From `tindak_lanjut_kode`, or the words of `tindak_lanjut` when the code is empty.
    pub followup: Option<FollowUpStatus>,
    pub followup_note: String,
    pub due: Option<NaiveDate>,
    pub nips: Vec<Nip>,
    /// `versi` as written.
    pub version: String,
}

/// A `rekomendasi` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingIn {
    /// `rekomendasi_id`; `None` for a recommendation added in the sheet.
    pub id: Option<String>,
    pub nip: Nip,
    pub period: Period,
    pub hasil: RatingLevel,
    pub perilaku: RatingLevel,
    pub justification: String,
    pub berakhlak: Vec<(Berakhlak, String)>,
    /// Finding ids as written.
    pub findings: Vec<String>,
    pub action: FollowUpAction,
    /// `versi` as written.
    pub version: String,
}

/// A row read: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIn<T> {
    pub row: usize,
    pub data: T,
}

/// One table read from a sheet or a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIn<T> {
    /// The sheet name, or the CSV file's name.
    pub label: String,
    pub table: &'static Table,
    /// Column name → position (0-based) in the file.
    columns: HashMap<&'static str, usize>,
    pub rows: Vec<RowIn<T>>,
}

impl<T> SheetIn<T> {
    /// Whether the sheet has the column (an export of an older release lacks `versi`).
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// A problem in one cell of this sheet, named by the column's export name.
    pub fn problem(&self, row: usize, column: &str, reason: SheetReason) -> Problem {
        Problem {
            sheet: self.label.clone(),
            row,
            col: self.columns.get(column).map(|c| c + 1),
            column: Some(column.to_string()),
            reason: Box::new(reason),
        }
    }

    /// A problem with a row as a whole.
    pub fn row_problem(&self, row: usize, reason: SheetReason) -> Problem {
        Problem {
            sheet: self.label.clone(),
            row,
            col: None,
            column: None,
            reason: Box::new(reason),
        }
    }
}

/// Everything read from an edited export.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The file or folder name, for messages.
    pub file: String,
    pub summary: Option<SummaryIn>,
    pub responses: Option<SheetIn<ResponseIn>>,
    pub findings: Option<SheetIn<FindingIn>>,
    pub ratings: Option<SheetIn<RatingIn>>,
    /// The audit the file says it was exported from (the summary, else the rows' `audit_id`).
    pub audit_id: Option<String>,
    /// Cells that cannot be read; their rows are left out of the tables above.
    pub problems: Vec<Problem>,
    /// Things left alone on purpose (the summary, unknown sheets and columns).
    pub notes: Vec<SheetNote>,
}

/// Something an import of an edited export leaves alone on purpose, or decides for the user, with
/// the values it names (`Display`: the English of the JSON and the tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetNote {
    #[error("{sheet}: not a table of the export; ignored")]
    NotATable { sheet: String },
    #[error("{sheet}: column {column:?} is not part of the export; ignored")]
    ExtraColumn { sheet: String, column: String },
    #[error("{sheet}: the summary is read-only; ignored (its audit_id names the audit)")]
    SummaryReadOnly { sheet: String },
    #[error("{sheet}: the earlier audits' open recommendations are read-only; ignored (their follow-up is recorded with `periksa finding follow-up`, `report` and `verify`)")]
    EarlierReadOnly { sheet: String },
    #[error("{sheet}!R{row}: jawaban {label:?} disagrees with jawaban_kode {code:?}; jawaban_kode is used")]
    AnswerDisagrees {
        sheet: String,
        row: usize,
        label: String,
        code: String,
    },
    #[error("{sheets}: no versi column (an export of an older release): changes made in Periksa after the export cannot be detected, and a row that differs replaces them")]
    Unversioned { sheets: String },
}

/// A sheet as cells, before it is known as a table.
struct RawSheet {
    label: String,
    /// The sheet name, or the CSV file's stem: the first hint of which table it is.
    hint: String,
    rows: Vec<(usize, Result<Vec<CellValue>, usize>)>,
}

/// Reads a workbook, a CSV table or a folder of them; `today` bounds NIP dates.
pub fn read(path: &Path, today: NaiveDate) -> Result<Edited, RoundTripError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let sheets = if path.is_dir() {
        read_folder(path, &file)?
    } else {
        let bytes = read_bytes(path, &file)?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("csv"));
        if bytes.starts_with(ZIP_MAGIC) {
            read_workbook(&bytes, &file)?
        } else if bytes.starts_with(OLE_MAGIC) {
            return Err(RoundTripError::OldExcel { file });
        } else if is_csv {
            vec![read_csv(&bytes, &file)?]
        } else {
            return Err(RoundTripError::NotXlsx { file });
        }
    };
    from_sheets(file, sheets, today)
}

fn read_bytes(path: &Path, file: &str) -> Result<Vec<u8>, RoundTripError> {
    let io = |source| RoundTripError::Io {
        file: file.to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(RoundTripError::TooLarge {
            file: file.to_string(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    std::fs::read(path).map_err(io)
}

/// The CSV tables of an export folder (the names `periksa export --format csv` writes). The
/// earlier audits' recommendations are not even read, only named, to be noted.
fn read_folder(dir: &Path, file: &str) -> Result<Vec<RawSheet>, RoundTripError> {
    let mut out = Vec::new();
    for table in TABLES {
        let path = dir.join(format!("{}.csv", table.name));
        if !path.is_file() {
            continue;
        }
        let name = format!("{}.csv", table.name);
        if table.name == TINDAK_LANJUT_SEBELUMNYA.name {
            out.push(RawSheet {
                label: name,
                hint: table.name.to_string(),
                rows: Vec::new(),
            });
        } else {
            out.push(read_csv(&read_bytes(&path, &name)?, &name)?);
        }
    }
    if out.is_empty() {
        return Err(RoundTripError::NoTables {
            file: file.to_string(),
        });
    }
    Ok(out)
}

fn read_workbook(bytes: &[u8], file: &str) -> Result<Vec<RawSheet>, RoundTripError> {
    let sheets = workbook::read_all_sheets(bytes, MAX_COLUMNS).map_err(|error| {
        RoundTripError::Workbook {
            file: file.to_string(),
            error,
        }
    })?;
    Ok(sheets
        .into_iter()
        .map(|s| RawSheet {
            label: s.name.clone(),
            hint: s.name,
            rows: s.rows,
        })
        .collect())
}

fn read_csv(bytes: &[u8], file: &str) -> Result<RawSheet, RoundTripError> {
    let text = tabular::decode(file, bytes).map_err(|e| RoundTripError::Text(Box::new(e)))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(tabular::sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| RoundTripError::Csv {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let cells = if record.len() > MAX_COLUMNS {
            Err(record.len())
        } else {
            Ok(record
                .iter()
                .map(|c| CellValue::Text(tabular::guard::restore(c).into_owned()))
                .collect())
        };
        rows.push((i + 1, cells));
    }
    let hint = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(RawSheet {
        label: file.to_string(),
        hint,
        rows,
    })
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A number cell as text: whole numbers without a decimal point.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

fn cell_text(c: &CellValue) -> String {
    match c {
        CellValue::Text(s) => s.clone(),
        CellValue::Number(x) => number_text(*x),
    }
}

/// Which table a sheet is: by its name (the table's, or its sheet's in the workbook: the rating
/// recommendations' sheet was `rekomendasi` before it became `rekomendasi_predikat`), else by the
/// key column its header names by code or label, else a summary written one field a row. The
/// earlier audits' recommendations carry a `temuan_id` too (their findings'): their own two
/// columns tell them from the findings first.
fn which_table(raw: &RawSheet, header: &[String]) -> Option<&'static Table> {
    if let Some(t) = TABLES.iter().find(|t| t.is_named(&raw.hint)) {
        return Some(t);
    }
    let has = |t: &Table, c: &str| {
        header
            .iter()
            .any(|h| t.column_named(h).is_some_and(|col| col.name == c))
    };
    let earlier = &TINDAK_LANJUT_SEBELUMNYA;
    if has(earlier, "audit_sebelumnya_id") && has(earlier, "no_rekomendasi") {
        Some(earlier)
    } else if has(&TEMUAN, "temuan_id") {
        Some(&TEMUAN)
    } else if has(&REKOMENDASI, "rekomendasi_id") {
        Some(&REKOMENDASI)
    } else if has(&JAWABAN, "kode_butir") {
        Some(&JAWABAN)
    } else if has(&RINGKASAN, "checklist_id") || field_value(raw, "checklist_id").is_some() {
        Some(&RINGKASAN)
    } else {
        None
    }
}

/// Whether a row repeats the header (the labels under the hidden codes, or a header row a sort
/// moved among the data): most of the header's columns named again, by code or label, at their
/// places, and little else in the row.
fn repeats_header(
    cells: &[CellValue],
    table: &Table,
    columns: &HashMap<&'static str, usize>,
) -> bool {
    let filled = cells
        .iter()
        .filter(|c| !cell_text(c).trim().is_empty())
        .count();
    let named = columns
        .iter()
        .filter(|(name, &at)| {
            cells
                .get(at)
                .and_then(|c| table.column_named(&cell_text(c)))
                .is_some_and(|col| col.name == **name)
        })
        .count();
    named >= 2 && named * 2 >= filled && named * 2 > columns.len()
}

/// A summary written one field a row (code, label, value; or label, value): the row of the field
/// named `code` (by its code or label) and the value beside it.
fn field_value(raw: &RawSheet, code: &str) -> Option<(usize, String)> {
    let names = |c: &CellValue| {
        RINGKASAN
            .column_named(&cell_text(c))
            .is_some_and(|col| col.name == code)
    };
    raw.rows.iter().find_map(|(row, cells)| {
        let cells = cells.as_ref().ok()?;
        let at = cells.iter().position(names)?;
        let value = cells[at + 1..]
            .iter()
            .find(|c| !names(c) && !cell_text(c).trim().is_empty())
            .map(|c| cell_text(c).trim().to_string())
            .unwrap_or_default();
        Some((*row, value))
    })
}

/// A data row's cells with the sheet's column map.
struct Cells<'a> {
    cells: &'a [CellValue],
    columns: &'a HashMap<&'static str, usize>,
}

impl Cells<'_> {
    fn get(&self, name: &str) -> Option<&CellValue> {
        self.columns.get(name).and_then(|&i| self.cells.get(i))
    }
    /// The cell as text, trimmed; empty when the cell or the column is missing.
    fn text(&self, name: &str) -> String {
        self.get(name)
            .map(|c| cell_text(c).trim().to_string())
            .unwrap_or_default()
    }
    fn list(&self, name: &str) -> Vec<String> {
        split_list(&self.text(name))
    }
}

/// `a; b; c` → `[a, b, c]` (empty items dropped).
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Collects the problems of one row while its cells are read.
struct RowCheck<'a> {
    label: &'a str,
    row: usize,
    columns: &'a HashMap<&'static str, usize>,
    problems: Vec<Problem>,
}

impl RowCheck<'_> {
    fn bad(&mut self, column: &str, reason: SheetReason) {
        self.problems.push(Problem {
            sheet: self.label.to_string(),
            row: self.row,
            col: self.columns.get(column).map(|c| c + 1),
            column: Some(column.to_string()),
            reason: Box::new(reason),
        });
    }
    fn ok<T>(&mut self, column: &str, r: Result<T, SheetReason>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(reason) => {
                self.bad(column, reason);
                None
            }
        }
    }
}

fn parse_severity(s: &str) -> Result<Severity, SheetReason> {
    Severity::parse(s).map_err(|_| SheetReason::Severity {
        found: s.to_string(),
    })
}

fn parse_status(s: &str) -> Result<FollowUpStatus, SheetReason> {
    FollowUpStatus::parse(s).map_err(|_| SheetReason::FollowUpStatus {
        found: s.to_string(),
    })
}

fn parse_level(s: &str) -> Result<RatingLevel, SheetReason> {
    RatingLevel::parse(s).map_err(|_| SheetReason::Rating {
        found: s.to_string(),
    })
}

/// A date as the export writes it (`YYYY-MM-DD`), as people type it (any form
/// [`date::parse_date`] reads: `dd/mm/yyyy`, `15 Januari 2027` …), possibly followed by a time, or
/// a spreadsheet's day number when a date cell lost its format.
fn parse_date(c: &CellValue) -> Result<NaiveDate, SheetReason> {
    if let CellValue::Number(x) = c {
        let days = *x as i64;
        if x.fract() == 0.0 && (1..=2_958_465).contains(&days) {
            if let Some(d) = NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
            {
                return Ok(d);
            }
        }
    }
    let s = cell_text(c);
    let s = s.trim();
    // a date-time written as text (`2026-11-25 00:00:00`) is read by its date
    let head = s.split_whitespace().next().unwrap_or("");
    date::parse_date(s)
        .or_else(|e| date::parse_date(head).map_err(|_| e))
        .map_err(SheetReason::Date)
}

/// A NIP cell: text of 18 digits (grouped or not); a number cell has lost its last digits.
fn parse_nip(c: &CellValue, today: NaiveDate) -> Result<Nip, SheetReason> {
    match c {
        CellValue::Number(x) => Err(SheetReason::NipNumber {
            shown: number_text(*x),
        }),
        CellValue::Text(s) => Nip::parse(s, today)
            .map(|i| i.nip)
            .map_err(SheetReason::Nip),
    }
}

/// `Akuntabel: catatan; Kompeten: catatan` → the values and their notes. A piece without a value
/// in front continues the previous note (a note may hold `; ` itself).
fn parse_berakhlak(s: &str) -> Result<Vec<(Berakhlak, String)>, SheetReason> {
    let mut out: Vec<(Berakhlak, String)> = Vec::new();
    for piece in s.split(';') {
        let value = piece
            .split_once(':')
            .and_then(|(v, note)| Berakhlak::parse(v).ok().map(|v| (v, note.trim())));
        match (value, out.last_mut()) {
            (Some((v, note)), _) => out.push((v, note.to_string())),
            (None, Some(last)) => {
                last.1.push(';');
                last.1.push_str(piece.trim_end());
            }
            (None, None) if piece.trim().is_empty() => {}
            (None, None) => {
                return Err(SheetReason::Berakhlak {
                    piece: piece.trim().to_string(),
                })
            }
        }
    }
    Ok(out)
}

fn opt(s: String) -> Option<String> {
    Some(s).filter(|s| !s.is_empty())
}

fn response_row(c: &Cells<'_>, _check: &mut RowCheck<'_>) -> Option<ResponseIn> {
    Some(ResponseIn {
        item: c.text("kode_butir"),
        answer_code: c.text("jawaban_kode"),
        answer_label: c.text("jawaban"),
        note: c.text("catatan"),
        version: c.text("versi"),
    })
}

fn finding_row(c: &Cells<'_>, check: &mut RowCheck<'_>, today: NaiveDate) -> Option<FindingIn> {
    let severity = check.ok("tingkat", parse_severity(&c.text("tingkat")));
    let code = c.text("tindak_lanjut_kode");
    let words = c.text("tindak_lanjut");
    let followup = if !code.is_empty() {
        check
            .ok("tindak_lanjut_kode", parse_status(&code))
            .map(Some)
    } else if !words.is_empty() {
        check.ok("tindak_lanjut", parse_status(&words)).map(Some)
    } else {
        Some(None)
    };
    let due = match c.get("batas_waktu") {
        Some(cell) if !cell_text(cell).trim().is_empty() => {
            check.ok("batas_waktu", parse_date(cell)).map(Some)
        }
        _ => Some(None),
    };
    let mut nips = Some(Vec::new());
    match c.get("nip_terkait") {
        Some(n @ CellValue::Number(_)) => {
            check.ok::<()>("nip_terkait", parse_nip(n, today).map(|_| ()));
            nips = None;
        }
        _ => {
            for raw in c.list("nip_terkait") {
                match parse_nip(&CellValue::Text(raw), today) {
                    Ok(n) => {
                        if let Some(v) = nips.as_mut() {
                            v.push(n);
                        }
                    }
                    Err(e) => {
                        check.bad("nip_terkait", e);
                        nips = None;
                    }
                }
            }
        }
    }
    Some(FindingIn {
        id: opt(c.text("temuan_id")),
        title: c.text("judul"),
        items: c.list("butir"),
        kondisi: c.text("kondisi"),
        kriteria: c.text("kriteria"),
        sebab: c.text("sebab"),
        akibat: c.text("akibat"),
        rekomendasi: c.text("rekomendasi"),
        tanggapan: c.text("tanggapan"),
        severity: severity?,
        code: c
            .get("kode_temuan")
            .map(|v| cell_text(v).trim().to_string()),
        cause_code: c.get("kode_sebab").map(|v| cell_text(v).trim().to_string()),
        followup: followup?,
        followup_note: c.text("tindak_lanjut_catatan"),
        due: due?,
        nips: nips?,
        version: c.text("versi"),
    })
}

fn rating_row(c: &Cells<'_>, check: &mut RowCheck<'_>, today: NaiveDate) -> Option<RatingIn> {
    let empty = CellValue::Text(String::new());
    let nip = check.ok("nip", parse_nip(c.get("nip").unwrap_or(&empty), today));
    let period = check.ok(
        "periode",
        Period::parse(&c.text("periode")).map_err(SheetReason::Period),
    );
    let hasil = check.ok("hasil_kerja", parse_level(&c.text("hasil_kerja")));
    let perilaku = check.ok("perilaku_kerja", parse_level(&c.text("perilaku_kerja")));
    let berakhlak = check.ok(
        "catatan_berakhlak",
        parse_berakhlak(&c.text("catatan_berakhlak")),
    );
    let action_text = c.text("tindak_lanjut");
    let action = if action_text.is_empty() {
        Some(FollowUpAction::None)
    } else {
        check.ok(
            "tindak_lanjut",
            FollowUpAction::parse(&action_text).map_err(SheetReason::Action),
        )
    };
    Some(RatingIn {
        id: opt(c.text("rekomendasi_id")),
        nip: nip?,
        period: period?,
        hasil: hasil?,
        perilaku: perilaku?,
        justification: c.text("justifikasi"),
        berakhlak: berakhlak?,
        findings: c.list("temuan_terkait"),
        action: action?,
        version: c.text("versi"),
    })
}

/// The `audit_id` of each row that has one: (row, id).
type AuditIds = Vec<(usize, String)>;

/// A table's rows: its header mapped, each data row read by `read_row`.
struct Reading<'a> {
    file: &'a str,
    today: NaiveDate,
    problems: Vec<Problem>,
    notes: Vec<SheetNote>,
}

impl Reading<'_> {
    fn sheet<T>(
        &mut self,
        raw: &RawSheet,
        table: &'static Table,
        header_at: usize,
        read_row: impl Fn(&Cells<'_>, &mut RowCheck<'_>, NaiveDate) -> Option<T>,
    ) -> Result<(SheetIn<T>, AuditIds), RoundTripError> {
        let (header_row, header) = match raw.rows.get(header_at) {
            Some((r, Ok(cells))) => (*r, cells.iter().map(|c| fold(&cell_text(c))).collect()),
            _ => (1, Vec::<String>::new()),
        };
        let mut columns: HashMap<&'static str, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            // a column is named by its code (the CSV header, the workbook's hidden first row) or
            // by its label (a workbook whose row of codes was deleted)
            match table.column_named(h) {
                Some(c) => {
                    columns.entry(c.name).or_insert(i);
                }
                None => self.notes.push(SheetNote::ExtraColumn {
                    sheet: raw.label.clone(),
                    column: h.to_string(),
                }),
            }
        }
        for &name in required(table) {
            if !columns.contains_key(name) {
                // a sort that took the header rows along leaves them among the data
                if let Some(row) = header_below(raw, table, header_at) {
                    return Err(RoundTripError::HeaderMoved {
                        file: self.file.to_string(),
                        sheet: raw.label.clone(),
                        row,
                    });
                }
                return Err(RoundTripError::MissingColumn {
                    file: self.file.to_string(),
                    sheet: raw.label.clone(),
                    row: header_row,
                    column: name,
                });
            }
        }
        let mut rows = Vec::new();
        let mut audit_ids = Vec::new();
        for (row, cells) in raw.rows.iter().skip(header_at + 1) {
            let cells = match cells {
                Ok(c) => c,
                Err(width) => {
                    self.problems.push(Problem {
                        sheet: raw.label.clone(),
                        row: *row,
                        col: None,
                        column: None,
                        reason: Box::new(SheetReason::TooWide {
                            width: *width,
                            limit: MAX_COLUMNS,
                        }),
                    });
                    continue;
                }
            };
            if cells.iter().all(|c| cell_text(c).trim().is_empty())
                || repeats_header(cells, table, &columns)
            {
                continue;
            }
            let c = Cells {
                cells,
                columns: &columns,
            };
            let mut check = RowCheck {
                label: &raw.label,
                row: *row,
                columns: &columns,
                problems: Vec::new(),
            };
            let data = read_row(&c, &mut check, self.today);
            let audit_id = c.text("audit_id");
            if !audit_id.is_empty() {
                audit_ids.push((*row, audit_id));
            }
            match data {
                Some(data) if check.problems.is_empty() => rows.push(RowIn { row: *row, data }),
                _ => self.problems.append(&mut check.problems),
            }
        }
        Ok((
            SheetIn {
                label: raw.label.clone(),
                table,
                columns,
                rows,
            },
            audit_ids,
        ))
    }
}

/// A row under `header_at` that names every column the table must have (by code or label): a
/// header a sort moved down among the rows.
fn header_below(raw: &RawSheet, table: &Table, header_at: usize) -> Option<usize> {
    raw.rows
        .iter()
        .skip(header_at + 1)
        .find_map(|(row, cells)| {
            let cells = cells.as_ref().ok()?;
            required(table)
                .iter()
                .all(|name| {
                    cells.iter().any(|c| {
                        table
                            .column_named(&cell_text(c))
                            .is_some_and(|col| col.name == *name)
                    })
                })
                .then_some(*row)
        })
}

/// The header: the first row with a non-empty cell (the export writes the codes in row 1, hidden
/// in a workbook, and their labels under them).
fn header_index(raw: &RawSheet) -> (usize, Vec<String>) {
    for (i, (_, cells)) in raw.rows.iter().enumerate() {
        if let Ok(cells) = cells {
            let names: Vec<String> = cells.iter().map(|c| fold(&cell_text(c))).collect();
            if names.iter().any(|n| !n.is_empty()) {
                return (i, names);
            }
        }
    }
    (0, Vec::new())
}

/// Same audit id? (case, hyphens and spaces ignored)
pub fn same_id(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

fn from_sheets(
    file: String,
    sheets: Vec<RawSheet>,
    today: NaiveDate,
) -> Result<Edited, RoundTripError> {
    let mut reading = Reading {
        file: &file,
        today,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let mut seen: HashMap<&'static str, String> = HashMap::new();
    let mut summary = None;
    let mut responses = None;
    let mut findings = None;
    let mut ratings = None;
    // each table's sheet, its audit_id column and the audit ids in its rows
    let mut row_audits: Vec<(String, Option<usize>, AuditIds)> = Vec::new();
    for raw in &sheets {
        let (at, header) = header_index(raw);
        let Some(table) = which_table(raw, &header) else {
            reading.notes.push(SheetNote::NotATable {
                sheet: raw.label.clone(),
            });
            continue;
        };
        if let Some(other) = seen.insert(table.name, raw.label.clone()) {
            return Err(RoundTripError::TwoTables {
                file: file.clone(),
                sheet: raw.label.clone(),
                table: table.name,
                other,
            });
        }
        match table.name {
            "ringkasan" => {
                // one row under a header of the columns (the CSV, and workbooks of earlier
                // releases), or one field a row (the workbook): its header names one column at most
                let named: std::collections::HashSet<&str> = header
                    .iter()
                    .filter_map(|h| table.column_named(h).map(|c| c.name))
                    .collect();
                if named.len() >= 2 {
                    let (sheet, _) = reading.sheet(raw, table, at, |c, _, _| {
                        Some((c.text("audit_id"), c.text("judul")))
                    })?;
                    summary = sheet.rows.first().map(|r| SummaryIn {
                        sheet: raw.label.clone(),
                        row: r.row,
                        audit_id: r.data.0.clone(),
                        title: r.data.1.clone(),
                    });
                } else {
                    let Some((row, audit_id)) = field_value(raw, "audit_id") else {
                        return Err(RoundTripError::MissingColumn {
                            file: file.clone(),
                            sheet: raw.label.clone(),
                            row: raw.rows.get(at).map_or(1, |(r, _)| *r),
                            column: "audit_id",
                        });
                    };
                    summary = Some(SummaryIn {
                        sheet: raw.label.clone(),
                        row,
                        audit_id,
                        title: field_value(raw, "judul")
                            .map(|(_, t)| t)
                            .unwrap_or_default(),
                    });
                }
                reading.notes.push(SheetNote::SummaryReadOnly {
                    sheet: raw.label.clone(),
                });
            }
            "tindak_lanjut_sebelumnya" => {
                // information for the team: its rows are other audits' and never imported
                reading.notes.push(SheetNote::EarlierReadOnly {
                    sheet: raw.label.clone(),
                });
            }
            "jawaban" => {
                let (sheet, ids) = reading.sheet(raw, table, at, |c, k, _| response_row(c, k))?;
                row_audits.push((
                    raw.label.clone(),
                    sheet.columns.get("audit_id").copied(),
                    ids,
                ));
                responses = Some(sheet);
            }
            "temuan" => {
                let (sheet, ids) = reading.sheet(raw, table, at, finding_row)?;
                row_audits.push((
                    raw.label.clone(),
                    sheet.columns.get("audit_id").copied(),
                    ids,
                ));
                findings = Some(sheet);
            }
            _ => {
                let (sheet, ids) = reading.sheet(raw, table, at, rating_row)?;
                row_audits.push((
                    raw.label.clone(),
                    sheet.columns.get("audit_id").copied(),
                    ids,
                ));
                ratings = Some(sheet);
            }
        }
    }
    if seen.is_empty() {
        return Err(RoundTripError::NoTables { file });
    }
    let Reading {
        mut problems,
        notes,
        ..
    } = reading;

    // One file, one audit: the summary names it, else the first row that has an audit_id.
    let audit_id = summary
        .as_ref()
        .map(|s| s.audit_id.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            row_audits
                .iter()
                .flat_map(|(_, _, ids)| ids.first())
                .map(|(_, id)| id.clone())
                .next()
        });
    let mut stray: Vec<(String, usize)> = Vec::new();
    if let Some(file_audit) = &audit_id {
        for (sheet, col, ids) in &row_audits {
            for (row, id) in ids {
                if !same_id(id, file_audit) {
                    problems.push(Problem {
                        sheet: sheet.clone(),
                        row: *row,
                        col: col.map(|c| c + 1),
                        column: Some("audit_id".into()),
                        reason: Box::new(SheetReason::OtherAudit {
                            found: id.clone(),
                            audit: file_audit.clone(),
                        }),
                    });
                    stray.push((sheet.clone(), *row));
                }
            }
        }
    }
    let keep = |label: &str, row: usize| !stray.iter().any(|(s, r)| s == label && *r == row);
    if let Some(s) = responses.as_mut() {
        let label = s.label.clone();
        s.rows.retain(|r| keep(&label, r.row));
    }
    if let Some(s) = findings.as_mut() {
        let label = s.label.clone();
        s.rows.retain(|r| keep(&label, r.row));
    }
    if let Some(s) = ratings.as_mut() {
        let label = s.label.clone();
        s.rows.retain(|r| keep(&label, r.row));
    }
    // A key twice: the second row would silently win.
    if let Some(s) = responses.as_ref() {
        twice(
            s,
            "kode_butir",
            |r| Some(r.item.to_uppercase()),
            &mut problems,
        );
    }
    if let Some(s) = findings.as_ref() {
        twice(
            s,
            "temuan_id",
            |r| r.id.as_ref().map(|i| i.to_lowercase()),
            &mut problems,
        );
    }
    if let Some(s) = ratings.as_ref() {
        twice(
            s,
            "rekomendasi_id",
            |r| r.id.as_ref().map(|i| i.to_lowercase()),
            &mut problems,
        );
    }
    problems.sort_by(|a, b| (&a.sheet, a.row, a.col).cmp(&(&b.sheet, b.row, b.col)));
    Ok(Edited {
        file,
        summary,
        responses,
        findings,
        ratings,
        audit_id,
        problems,
        notes,
    })
}

fn twice<T>(
    sheet: &SheetIn<T>,
    column: &str,
    key: impl Fn(&T) -> Option<String>,
    problems: &mut Vec<Problem>,
) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for r in &sheet.rows {
        let Some(k) = key(&r.data) else { continue };
        if let Some(at) = first.get(&k) {
            problems.push(sheet.problem(
                r.row,
                column,
                SheetReason::Twice {
                    key: k.clone(),
                    first: *at,
                },
            ));
        } else {
            first.insert(k, r.row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn csv_file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const TEMUAN_HEADER: &str = "temuan_id,audit_id,judul,butir,kondisi,kriteria,sebab,akibat,\
        rekomendasi,tanggapan,tingkat,tindak_lanjut_kode,tindak_lanjut,tindak_lanjut_catatan,\
        batas_waktu,nip_terkait,dibuat,diubah,dibuat_oleh";

    #[test]
    fn a_temuan_csv_reads_into_typed_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = csv_file(
            dir.path(),
            "temuan.csv",
            &format!(
                "\u{feff}{TEMUAN_HEADER}\r\n\
                 f1,a1,Judul,SP-01; SP-02,\"Kondisi\nbaris dua\",K,S,A,R,,Tinggi,2,,catatan,\
                 01/09/2026,198609262015051001,,,\r\n\
                 ,,Baru,,k,k,s,a,r,,sedang,,,,,,,,\r\n"
            ),
        );
        let e = read(&p, today()).unwrap();
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.audit_id.as_deref(), Some("a1"));
        let s = e.findings.unwrap();
        assert_eq!(s.rows.len(), 2);
        let f = &s.rows[0].data;
        assert_eq!(s.rows[0].row, 2);
        assert_eq!(f.id.as_deref(), Some("f1"));
        assert_eq!(f.items, vec!["SP-01", "SP-02"]);
        assert_eq!(f.kondisi, "Kondisi\nbaris dua");
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.followup, Some(FollowUpStatus::BelumSesuai));
        assert_eq!(f.due, NaiveDate::from_ymd_opt(2026, 9, 1));
        assert_eq!(f.nips.len(), 1);
        let g = &s.rows[1].data;
        assert_eq!(
            (g.id.as_ref(), g.severity, g.followup),
            (None, Severity::Medium, None)
        );
    }

    #[test]
    fn versi_is_passed_on_as_written_and_may_be_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = csv_file(
            dir.path(),
            "temuan.csv",
            &format!("{TEMUAN_HEADER},versi\nf1,a1,J,,k,k,s,a,r,,sedang,,,,,,,,, AB12/cd34 \n"),
        );
        let s = read(&p, today()).unwrap().findings.unwrap();
        assert!(s.has_column("versi"));
        assert_eq!(s.rows[0].data.version, "AB12/cd34");
        // an export of an older release: no column, no version
        let p = csv_file(
            dir.path(),
            "temuan.csv",
            &format!("{TEMUAN_HEADER}\nf1,a1,J,,k,k,s,a,r,,sedang,,,,,,,,\n"),
        );
        let s = read(&p, today()).unwrap().findings.unwrap();
        assert!(!s.has_column("versi"));
        assert_eq!(s.rows[0].data.version, "");
    }

    #[test]
    fn bad_cells_are_named_by_sheet_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = csv_file(
            dir.path(),
            "temuan.csv",
            &format!(
                "{TEMUAN_HEADER}\n\
                 f1,a1,J,,k,k,s,a,r,,sedang sekali,7,,,31/02/2026,1986092620150510,,,\n\
                 f2,a2,J,,k,k,s,a,r,,rendah,1,,,,,,,\n"
            ),
        );
        let e = read(&p, today()).unwrap();
        let msgs: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            msgs,
            vec![
                "temuan.csv!R2 C11 (tingkat): \"sedang sekali\" is not a severity; use rendah, sedang, tinggi",
                "temuan.csv!R2 C12 (tindak_lanjut_kode): \"7\" is not a follow-up status; use 1 (sesuai rekomendasi), 2 (belum sesuai), 3 (belum ditindaklanjuti) or 4 (tidak dapat ditindaklanjuti)",
                "temuan.csv!R2 C15 (batas_waktu): \"31/02/2026\" is not a date: February 2026 has no day 31; write it as YYYY-MM-DD (2027-01-15), day first with / - or . (15/01/2027), or with the month's name (15 Januari 2027, 15 Jan 2027, January 15, 2027)",
                "temuan.csv!R2 C16 (nip_terkait): NIP \"1986092620150510\" has 16 digits; a NIP has exactly 18",
                "temuan.csv!R3 C2 (audit_id): \"a2\" is another audit than the one this file was exported from (a1); a row cannot move between audits",
            ]
        );
        assert!(e.findings.unwrap().rows.is_empty());
    }

    #[test]
    fn a_missing_column_stops_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = csv_file(dir.path(), "temuan.csv", "temuan_id;judul\nf1;x\n");
        let e = read(&p, today()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "temuan.csv: temuan.csv!R1: required column \"butir\" is missing; keep the export's column names in the header row"
        );
    }

    #[test]
    fn a_non_workbook_named_xlsx_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = csv_file(dir.path(), "laporan.xlsx", "just text");
        assert_eq!(
            read(&p, today()).unwrap_err().to_string(),
            "laporan.xlsx: not an XLSX workbook (it does not start like one); a file renamed \
             .xlsx? Export the audit again with `periksa export AUDIT --format xlsx`"
        );
    }

    #[test]
    fn berakhlak_notes_may_hold_semicolons() {
        assert_eq!(
            parse_berakhlak("Akuntabel: terlambat; dua kali; Kompeten: baik").unwrap(),
            vec![
                (Berakhlak::Akuntabel, "terlambat; dua kali".to_string()),
                (Berakhlak::Kompeten, "baik".to_string())
            ]
        );
        assert!(parse_berakhlak("").unwrap().is_empty());
        assert!(parse_berakhlak("rajin")
            .unwrap_err()
            .to_string()
            .starts_with("\"rajin\" names no BerAKHLAK value"));
    }

    #[test]
    fn numbers_dates_and_nips_from_number_cells() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(76.61), "76.61");
        let sept_1 = Ok(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        assert_eq!(parse_date(&CellValue::Number(46266.0)), sept_1);
        // as people type a date into a cell: the forms the command line reads, a time after it
        for typed in [
            "2026-09-01",
            "01/09/2026",
            "1-9-2026",
            "1 September 2026",
            "1 Sep 2026",
            "2026-09-01 00:00:00",
            "01/09/2026 08.00",
        ] {
            assert_eq!(
                parse_date(&CellValue::Text(typed.into())),
                sept_1,
                "{typed}"
            );
        }
        assert!(
            parse_nip(&CellValue::Number(1.986_092_620_150_51e17), today())
                .unwrap_err()
                .to_string()
                .starts_with("the NIP is stored as a number")
        );
    }

    /// A workbook of the given sheets, each rows of text cells (an empty text writes no cell).
    fn workbook(dir: &Path, name: &str, sheets: &[(&str, Vec<Vec<&str>>)]) -> std::path::PathBuf {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for (sheet, rows) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(*sheet).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if !cell.is_empty() {
                        ws.write_string(r as u32, c as u16, *cell).unwrap();
                    }
                }
            }
        }
        let p = dir.join(name);
        wb.save(&p).unwrap();
        p
    }

    const CODES: [&str; 4] = ["audit_id", "kode_butir", "jawaban_kode", "catatan"];
    const LABELS: [&str; 4] = [
        "ID pemeriksaan",
        "Kode butir",
        "Kode jawaban",
        "Catatan pemeriksa",
    ];

    /// The item and row of every response read.
    fn items(e: &Edited) -> Vec<(usize, String)> {
        let s = e.responses.as_ref().unwrap();
        s.rows
            .iter()
            .map(|r| (r.row, r.data.item.clone()))
            .collect()
    }

    #[test]
    fn a_workbook_is_read_by_its_hidden_codes_or_by_its_labels() {
        let dir = tempfile::tempdir().unwrap();
        let sp01 = vec!["a1", "SP-01", "partial", "dua layanan"];
        let sp02 = vec!["a1", "SP-02", "compliant", ""];
        let at = |rows: &[(usize, &str)]| -> Vec<(usize, String)> {
            rows.iter().map(|(r, i)| (*r, i.to_string())).collect()
        };
        // as the export writes it: the codes (hidden) in row 1, their labels in row 2, the data
        // from row 3; the labels are no row of data
        let p = workbook(
            dir.path(),
            "baru.xlsx",
            &[(
                "jawaban",
                vec![
                    CODES.to_vec(),
                    LABELS.to_vec(),
                    sp01.clone(),
                    sp02.clone(),
                    // a row of data that holds a label or two is still a row of data
                    vec!["a1", "SP-03", "Kode jawaban", "Catatan pemeriksa"],
                ],
            )],
        );
        let e = read(&p, today()).unwrap();
        assert!(e.problems.is_empty() && e.notes.is_empty(), "{e:?}");
        assert_eq!(items(&e), at(&[(3, "SP-01"), (4, "SP-02"), (5, "SP-03")]));
        assert_eq!(
            e.responses.as_ref().unwrap().rows[0].data.note,
            "dua layanan"
        );
        // the row of codes deleted: the labels name the columns
        let p = workbook(
            dir.path(),
            "tanpa-kode.xlsx",
            &[("jawaban", vec![LABELS.to_vec(), sp01.clone(), sp02.clone()])],
        );
        let e = read(&p, today()).unwrap();
        assert!(e.problems.is_empty() && e.notes.is_empty(), "{e:?}");
        assert_eq!(items(&e), at(&[(2, "SP-01"), (3, "SP-02")]));
        // a sort that took the labels down among the data: they are still no row
        let p = workbook(
            dir.path(),
            "label-turun.xlsx",
            &[(
                "jawaban",
                vec![CODES.to_vec(), sp01.clone(), LABELS.to_vec(), sp02.clone()],
            )],
        );
        let e = read(&p, today()).unwrap();
        assert!(e.problems.is_empty(), "{e:?}");
        assert_eq!(items(&e), at(&[(2, "SP-01"), (4, "SP-02")]));
        // a sort that took both header rows down: said, not misread
        let p = workbook(
            dir.path(),
            "diurutkan.xlsx",
            &[(
                "jawaban",
                vec![sp02.clone(), CODES.to_vec(), LABELS.to_vec(), sp01.clone()],
            )],
        );
        assert_eq!(
            read(&p, today()).unwrap_err().to_string(),
            "diurutkan.xlsx: jawaban!R2: the header is here, under other rows (a sort that took \
             the header rows along, or rows put above them); move it back to the top (undo the \
             sort, or sort only the rows under the header) and import again"
        );
    }

    #[test]
    fn the_summary_is_read_one_field_a_row_or_as_one_row_under_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let summary = |name: &str, rows: Vec<Vec<&str>>| {
            let p = workbook(dir.path(), name, &[("ringkasan", rows)]);
            let e = read(&p, today()).unwrap();
            assert!(e.problems.is_empty(), "{name}: {e:?}");
            let s = e.summary.unwrap();
            (e.audit_id.unwrap(), s.row, s.title)
        };
        let want = |row| ("a1".to_string(), row, "Audit X".to_string());
        // as the export writes it: the code (hidden column), the label, the value
        assert_eq!(
            summary(
                "baru.xlsx",
                vec![
                    vec!["kolom", "Uraian", "Keterangan"],
                    vec!["audit_id", "ID pemeriksaan", "a1"],
                    vec!["judul", "Judul pemeriksaan", "Audit X"],
                ]
            ),
            want(2)
        );
        // the column of codes deleted: the labels name the fields
        assert_eq!(
            summary(
                "tanpa-kode.xlsx",
                vec![
                    vec!["Uraian", "Keterangan"],
                    vec!["Judul pemeriksaan", "Audit X"],
                    vec!["ID pemeriksaan", "a1"],
                ]
            ),
            want(3)
        );
        // an export of an earlier release: one row under the header of codes
        assert_eq!(
            summary(
                "lama.xlsx",
                vec![
                    vec!["audit_id", "judul", "checklist_id"],
                    vec!["a1", "Audit X", "pelayanan-publik"],
                ]
            ),
            want(2)
        );
        // a summary on a renamed sheet is known by its fields
        let p = workbook(
            dir.path(),
            "lembar.xlsx",
            &[(
                "Lembar1",
                vec![
                    vec!["kolom", "Uraian", "Keterangan"],
                    vec!["audit_id", "ID pemeriksaan", "a1"],
                    vec!["checklist_id", "ID daftar uji", "pelayanan-publik"],
                ],
            )],
        );
        assert_eq!(read(&p, today()).unwrap().audit_id.as_deref(), Some("a1"));
        // no audit_id anywhere: said as the missing column
        let p = workbook(
            dir.path(),
            "kosong.xlsx",
            &[("ringkasan", vec![vec!["kolom", "Uraian", "Keterangan"]])],
        );
        assert!(read(&p, today())
            .unwrap_err()
            .to_string()
            .contains("ringkasan!R1: required column \"audit_id\" is missing"));
    }

    #[test]
    fn the_rating_sheet_is_read_by_its_name_and_by_its_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let codes: Vec<&str> = REKOMENDASI.columns.iter().map(|c| c.name).collect();
        let labels: Vec<&str> = REKOMENDASI.columns.iter().map(|c| c.label).collect();
        let value = |name: &str| match name {
            "audit_id" => "a1",
            "nip" => "198609262015051001",
            "periode" => "2026",
            "hasil_kerja" | "perilaku_kerja" => "Sesuai Ekspektasi",
            "justifikasi" => "Lihat temuan",
            _ => "",
        };
        let row: Vec<&str> = codes.iter().map(|c| value(c)).collect();
        for sheet in [
            "rekomendasi_predikat",
            "rekomendasi",
            "Rekomendasi_Predikat",
        ] {
            let p = workbook(
                dir.path(),
                "x.xlsx",
                &[(sheet, vec![codes.clone(), labels.clone(), row.clone()])],
            );
            let e = read(&p, today()).unwrap();
            assert!(e.problems.is_empty(), "{sheet}: {e:?}");
            let s = e.ratings.unwrap();
            assert_eq!((s.label.as_str(), s.rows.len()), (sheet, 1));
            assert_eq!(s.rows[0].row, 3);
            assert_eq!(s.rows[0].data.justification, "Lihat temuan");
        }
        // both in one workbook: the same table twice
        let p = workbook(
            dir.path(),
            "dua.xlsx",
            &[
                ("rekomendasi", vec![codes.clone(), row.clone()]),
                ("rekomendasi_predikat", vec![codes.clone(), row.clone()]),
            ],
        );
        assert!(matches!(
            read(&p, today()),
            Err(RoundTripError::TwoTables { .. })
        ));
    }

    #[test]
    fn the_earlier_audits_recommendations_are_noted_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let t = &TINDAK_LANJUT_SEBELUMNYA;
        let codes: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label).collect();
        // another audit's row, a status no import takes, a date that is none: were the sheet
        // read, each would be a problem
        let row: Vec<&str> = codes
            .iter()
            .map(|c| match *c {
                "audit_id" => "a9",
                "tindak_lanjut_kode" => "9",
                "batas_waktu" => "bukan tanggal",
                _ => "x",
            })
            .collect();
        let jawaban = (
            "jawaban",
            vec![
                CODES.to_vec(),
                LABELS.to_vec(),
                vec!["a1", "SP-01", "4", ""],
            ],
        );
        let before = read(
            &workbook(dir.path(), "lama.xlsx", std::slice::from_ref(&jawaban)),
            today(),
        )
        .unwrap();
        assert!(
            before.problems.is_empty() && before.notes.is_empty(),
            "{before:?}"
        );
        let note = |sheet: &str| SheetNote::EarlierReadOnly {
            sheet: sheet.into(),
        };
        // by its name; and renamed, by its header (its temuan_id does not make it a temuan sheet)
        for (sheet, rows) in [
            (
                "tindak_lanjut_sebelumnya",
                vec![codes.clone(), labels.clone(), row.clone()],
            ),
            ("Lembar5", vec![codes.clone(), labels.clone(), row.clone()]),
            ("Lembar6", vec![labels.clone(), row.clone()]),
            (
                "tindak_lanjut_sebelumnya",
                vec![codes.clone(), labels.clone()],
            ),
        ] {
            let p = workbook(dir.path(), "baru.xlsx", &[jawaban.clone(), (sheet, rows)]);
            let e = read(&p, today()).unwrap();
            assert_eq!(e.notes, [note(sheet)], "{sheet}");
            let Edited { file, notes, .. } = e.clone();
            assert_eq!(
                Edited {
                    file,
                    notes,
                    ..before.clone()
                },
                e,
                "{sheet}: read as without it"
            );
        }
        // beside a temuan sheet: two tables, not the findings twice
        let temuan: Vec<&str> = TEMUAN.columns.iter().map(|c| c.name).collect();
        let p = workbook(
            dir.path(),
            "dua.xlsx",
            &[
                ("temuan", vec![temuan]),
                ("Lembar5", vec![codes.clone(), row.clone()]),
            ],
        );
        let e = read(&p, today()).unwrap();
        assert_eq!(e.notes, [note("Lembar5")]);
        assert!(e.findings.unwrap().rows.is_empty());
        // the CSV folder: the file is named in a note, not even read
        let folder = dir.path().join("csv");
        std::fs::create_dir(&folder).unwrap();
        csv_file(
            &folder,
            "jawaban.csv",
            "audit_id,kode_butir,jawaban_kode,catatan\na1,SP-01,4,\n",
        );
        csv_file(
            &folder,
            "tindak_lanjut_sebelumnya.csv",
            "\u{0}\u{0}not a csv\"\n",
        );
        let e = read(&folder, today()).unwrap();
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.notes, [note("tindak_lanjut_sebelumnya.csv")]);
        assert_eq!(e.responses.unwrap().rows.len(), 1);
        // on its own: nothing to import, and said so
        let p = csv_file(
            dir.path(),
            "tindak_lanjut_sebelumnya.csv",
            &format!("{}\n{}\n", codes.join(","), row.join(",")),
        );
        let e = read(&p, today()).unwrap();
        assert_eq!(e.notes, [note("tindak_lanjut_sebelumnya.csv")]);
        assert!(e.problems.is_empty() && e.findings.is_none() && e.audit_id.is_none());
    }

    #[test]
    fn sheets_are_found_by_name_or_header() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Lembar1").unwrap();
        for (i, h) in ["audit_id", "kode_butir", "jawaban_kode", "catatan"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, i as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "a1").unwrap();
        ws.write_string(1, 1, "SP-01").unwrap();
        ws.write_number(1, 2, 4.0).unwrap();
        let other = wb.add_worksheet();
        other.set_name("catatan saya").unwrap();
        other.write_string(0, 0, "apa saja").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.xlsx");
        wb.save(&p).unwrap();
        let e = read(&p, today()).unwrap();
        let s = e.responses.unwrap();
        assert_eq!(s.label, "Lembar1");
        assert_eq!(s.rows[0].data.answer_code, "4");
        assert_eq!(e.audit_id.as_deref(), Some("a1"));
        assert_eq!(
            e.notes.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            vec!["catatan saya: not a table of the export; ignored"]
        );
    }
}

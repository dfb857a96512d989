//! Roster (ASN) and agency lists from CSV or XLSX, as agencies keep them in spreadsheets.
//!
//! What arrives is whatever Excel, LibreOffice or a government HR system wrote: comma or semicolon
//! (or tab) delimiters, a UTF-8 BOM or none, CRLF or LF, quoted cells with delimiters and line breaks,
//! blank and delimiter-only lines at the end, headers typed by hand in Indonesian or English — or
//! the workbook itself. A file is taken as XLSX by its content (the zip magic), not its name; its
//! first sheet is read ([`super::workbook`]) into the same rows a CSV gives, and from there one
//! pipeline applies the same rules to both.
//! The reader is lenient about form and strict about content:
//! - whole-file failures (not UTF-8, no header, a required column missing, too large) are a
//!   [`RosterError`];
//! - a bad row is a [`Problem`] naming the file, the physical line the record starts on (for a
//!   workbook: the sheet and the row number, `pegawai.xlsx:Pegawai!12`), the column as headed in
//!   the file, and the reason; the row is left out and the rest is still read;
//! - something odd but acceptable (an unknown column, a flagged NIP) is a warning.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::model::{Agency, Employee, EmploymentKind};
use crate::domain::nip::{Nip, NipFlag};

use super::workbook::{self, CellValue, WorkbookError, OLE_MAGIC, ZIP_MAGIC};

/// Largest file accepted (64 MiB); a kabupaten roster is well under 1 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Most columns accepted in the header line.
pub const MAX_COLUMNS: usize = 200;
/// Longest cell accepted, in characters; the longest real name with titles or position is far shorter.
pub const MAX_CELL_CHARS: usize = 1000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a row is: `pegawai.csv:12` (file and physical line) or `pegawai.xlsx:Pegawai!12` (file,
/// sheet and row number as the spreadsheet shows it).
pub fn place(file: &str, sheet: &Option<String>, line: &usize) -> String {
    match sheet {
        Some(sheet) => format!("{file}:{sheet}!{line}"),
        None => format!("{file}:{line}"),
    }
}

/// One thing wrong (or worth a look) in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file label given by the caller (usually the file name).
    pub file: String,
    /// The sheet, for a workbook; `None` for a CSV.
    pub sheet: Option<String>,
    /// The physical line (1-based) the record starts on; for a workbook, the row number.
    pub line: usize,
    /// The column as headed in the file, or `row` for the record as a whole.
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            place(&self.file, &self.sheet, &self.line),
            self.field,
            self.reason
        )
    }
}

/// The rows read, each with the line it starts on, plus the rows refused and the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    pub rows: Vec<(usize, T)>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The agency-code column as headed in the file, for problems found later (e.g. an unknown code).
    pub agency_column: String,
    /// The file label and, for a workbook, the sheet read.
    pub file: String,
    pub sheet: Option<String>,
}

impl<T> Parsed<T> {
    /// A problem found after parsing (e.g. against the store) at the row that starts on `line`.
    pub fn problem(&self, line: usize, field: &str, reason: String) -> Problem {
        Problem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line,
            field: field.to_string(),
            reason,
        }
    }
}

/// A failure that stops the whole file from being read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RosterError {
    #[error("{file}: file is {size} bytes; the limit is {limit} bytes (64 MiB)")]
    TooLarge {
        file: String,
        size: usize,
        limit: usize,
    },
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: {error}")]
    Workbook { file: String, error: WorkbookError },
    #[error(
        "{file}: this is an old Excel 97-2003 workbook (.xls) or a password-protected one; remove \
         any password and save it as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\""
    )]
    OldExcel { file: String },
    #[error("{file}: the file is UTF-16 text; save it as \"CSV UTF-8 (comma delimited)\"")]
    Utf16 { file: String },
    #[error(
        "{file}:{line}: not valid UTF-8 (byte 0x{byte:02X} at column {column}); the file was \
         probably saved as ANSI/Windows-1252 — save it as \"CSV UTF-8\""
    )]
    NotUtf8 {
        file: String,
        line: usize,
        column: usize,
        byte: u8,
    },
    #[error(
        "{file}:{line}: a NUL byte at column {column}; this is not a text CSV (perhaps UTF-16 \
         without a BOM, or a binary file) — save it as \"CSV UTF-8\""
    )]
    Nul {
        file: String,
        line: usize,
        column: usize,
    },
    #[error(
        "{file}:{line}: the quoted cell opening at column {column} is never closed, so every line \
         after it was read into that one cell; add the closing quote (\") or remove the opening one"
    )]
    UnclosedQuote {
        file: String,
        line: usize,
        column: usize,
    },
    #[error(
        "{}: the first {} {first:?} is not a header: none of its cells names a known \
         column; the first {} must name the columns ({expected})",
        place(file, sheet, line),
        unit(sheet),
        unit(sheet)
    )]
    NoHeader {
        file: String,
        sheet: Option<String>,
        line: usize,
        first: String,
        expected: String,
    },
    #[error(
        "{}: the header has {found} columns; the limit is {limit}",
        place(file, sheet, line)
    )]
    TooManyColumns {
        file: String,
        sheet: Option<String>,
        line: usize,
        found: usize,
        limit: usize,
    },
    #[error(
        "{}: required column {column:?} is missing (accepted names: {accepted}); \
         headers found: {found}",
        place(file, sheet, line)
    )]
    MissingColumn {
        file: String,
        sheet: Option<String>,
        line: usize,
        column: &'static str,
        accepted: String,
        found: String,
    },
    #[error(
        "{}: columns {first:?} and {second:?} both hold {column:?}; remove or rename one",
        place(file, sheet, line)
    )]
    DuplicateColumn {
        file: String,
        sheet: Option<String>,
        line: usize,
        column: &'static str,
        first: String,
        second: String,
    },
    #[error("{file}:{line}: CSV error: {message}")]
    Csv {
        file: String,
        line: usize,
        message: String,
    },
}

/// A column the reader knows: its canonical name and the names people give it.
struct ColumnSpec {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const NIP: usize = 0;
const NAME: usize = 1;
const POSITION: usize = 2;
const RANK: usize = 3;
const GRADE: usize = 4;
const RANK_GRADE: usize = 5;
const UNIT: usize = 6;
const AGENCY: usize = 7;
const STATUS: usize = 8;

/// Roster columns, indexed by the constants above.
const ROSTER_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "nip",
        aliases: &["nip", "nip baru", "nomor induk pegawai"],
        required: true,
    },
    ColumnSpec {
        name: "nama",
        aliases: &[
            "nama",
            "name",
            "nama pegawai",
            "nama lengkap",
            "nama asn",
            "full name",
            "employee name",
        ],
        required: true,
    },
    ColumnSpec {
        name: "jabatan",
        aliases: &["jabatan", "position", "nama jabatan", "job title"],
        required: false,
    },
    // Pangkat and golongan often sit in two columns; they are joined as "Penata Muda (III/a)".
    ColumnSpec {
        name: "pangkat",
        aliases: &["pangkat", "rank"],
        required: false,
    },
    ColumnSpec {
        name: "golongan",
        aliases: &["golongan", "gol", "gol ruang", "golongan ruang", "grade"],
        required: false,
    },
    ColumnSpec {
        name: "pangkat/golongan",
        aliases: &[
            "pangkat/golongan",
            "pangkat golongan",
            "pangkat/gol",
            "pangkat/gol. ruang",
            "pangkat/golongan ruang",
            "rank/grade",
        ],
        required: false,
    },
    ColumnSpec {
        name: "unit kerja",
        aliases: &[
            "unit",
            "unit kerja",
            "bidang",
            "bagian",
            "sub unit",
            "work unit",
        ],
        required: false,
    },
    ColumnSpec {
        name: "kode_opd",
        aliases: &[
            "kode_opd",
            "kode opd",
            "opd",
            "agency",
            "agency code",
            "instansi",
            "kode instansi",
            "skpd",
            "kode skpd",
        ],
        required: true,
    },
    ColumnSpec {
        name: "status",
        aliases: &[
            "status",
            "jenis pegawai",
            "kepegawaian",
            "status kepegawaian",
            "status pegawai",
            "employment",
            "employment status",
        ],
        required: false,
    },
];

const CODE: usize = 0;
const AGENCY_NAME: usize = 1;
const KIND: usize = 2;
const REGION: usize = 3;

const AGENCY_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "kode",
        aliases: &["kode", "code", "kode opd", "kode instansi", "agency code"],
        required: true,
    },
    ColumnSpec {
        name: "nama",
        aliases: &["nama", "name", "nama opd", "nama instansi", "agency name"],
        required: true,
    },
    ColumnSpec {
        name: "jenis",
        aliases: &["jenis", "kind", "type", "jenis opd", "tipe"],
        required: false,
    },
    ColumnSpec {
        name: "wilayah",
        aliases: &[
            "wilayah",
            "region",
            "kabupaten",
            "kota",
            "kabupaten/kota",
            "kab/kota",
            "daerah",
        ],
        required: false,
    },
];

/// Row-number columns ("No", "No.", "No Urut") carry nothing and are skipped without a warning.
const IGNORED_HEADERS: &[&str] = &["no", "nomor", "no urut", "nourut"];

/// A header as a person reads it: case, spaces, punctuation and underscores do not matter.
fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Trims a cell and collapses runs of whitespace (including line breaks) to one space.
/// A byte-order mark inside a cell (files joined together) is dropped too: it is invisible.
fn clean(cell: &str) -> String {
    cell.split(|c: char| c.is_whitespace() || c == '\u{feff}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The delimiter that occurs most often in the first non-blank line, outside quotes.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    let mut seen_content = false;
    for c in text.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                seen_content = true;
            }
            '\n' if !in_quotes => {
                if seen_content {
                    break;
                }
            }
            _ if in_quotes => {}
            _ => {
                if let Some(slot) = counts.iter_mut().find(|(d, _)| u32::from(*d) == c as u32) {
                    slot.1 += 1;
                    seen_content = true;
                } else if !c.is_whitespace() {
                    seen_content = true;
                }
            }
        }
    }
    // Ties (e.g. a one-column file) go to the comma, the first entry.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// Checks size and encoding; returns the text without a BOM.
pub(crate) fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, RosterError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RosterError::TooLarge {
            file: file.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(RosterError::Utf16 {
            file: file.to_string(),
        });
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        let before = &body[..at];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        RosterError::NotUtf8 {
            file: file.to_string(),
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column,
            byte: body.get(at).copied().unwrap_or(0),
        }
    })?;
    if text.trim().is_empty() {
        return Err(RosterError::Empty {
            file: file.to_string(),
        });
    }
    if let Some(at) = text.find('\0') {
        let (line, column) = line_column(text, at);
        return Err(RosterError::Nul {
            file: file.to_string(),
            line,
            column,
        });
    }
    Ok(text)
}

/// 1-based line and column (in characters) of a byte offset; `\r\n`, `\n` and a lone `\r` end lines.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let mut line = 1;
    let mut column = 1;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_line = c == '\n' || (c == '\r' && chars.peek() != Some(&'\n'));
        if ends_line {
            line += 1;
            column = 1;
        } else if c != '\r' {
            column += 1;
        }
    }
    (line, column)
}

/// The byte offset of the opening quote of a quoted cell that is never closed, read the way the
/// CSV reader reads it (a cell is quoted only when it starts with `"`; `""` inside is a quote).
/// The CSV reader takes such a cell to the end of the file without complaint.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut at_cell_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if at_cell_start && b == b'"' {
            let open = i;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Some(open),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            at_cell_start = false;
        } else {
            at_cell_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    None
}

/// "line" for a text file, "row" for a sheet: how a person finds a record in the file.
fn unit(sheet: &Option<String>) -> &'static str {
    if sheet.is_some() {
        "row"
    } else {
        "line"
    }
}

/// Records read from a CSV or from a workbook's first sheet, before the header is looked for.
struct Records {
    file: String,
    /// The sheet read, for a workbook.
    sheet: Option<String>,
    raw: Vec<RawRecord>,
    /// Cells that a workbook holds as numbers, by (row, column): text cannot say which were.
    numbers: HashMap<(usize, usize), f64>,
}

impl Records {
    fn problem(&self, line: usize, field: String, reason: String) -> Problem {
        Problem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line,
            field,
            reason,
        }
    }
}

/// A spreadsheet's name of the 1-based column `n`: 1 → `A`, 27 → `AA`.
fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A number as a spreadsheet shows it in a General cell: whole numbers without a decimal part.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Reads the records of a file: the first sheet of a workbook (known by the zip magic, whatever
/// its name) or CSV text.
fn read_any(file: &str, bytes: &[u8]) -> Result<Records, RosterError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RosterError::TooLarge {
            file: file.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(RosterError::OldExcel {
            file: file.to_string(),
        });
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        let text = decode(file, bytes)?;
        return Ok(Records {
            file: file.to_string(),
            sheet: None,
            raw: read_records(file, text)?,
            numbers: HashMap::new(),
        });
    }
    let sheet =
        workbook::read_first_sheet(bytes, MAX_COLUMNS).map_err(|error| RosterError::Workbook {
            file: file.to_string(),
            error,
        })?;
    let mut numbers = HashMap::new();
    let mut raw = Vec::with_capacity(sheet.rows.len());
    for (row, cells) in sheet.rows {
        let cells = cells.map(|cells| {
            cells
                .into_iter()
                .enumerate()
                .map(|(col, cell)| match cell {
                    CellValue::Text(t) => clean(&t),
                    CellValue::Number(n) => {
                        numbers.insert((row, col), n);
                        number_text(n)
                    }
                })
                .collect::<Vec<String>>()
        });
        // Cells holding only spaces are blank, as in a CSV.
        if matches!(&cells, Ok(c) if c.iter().all(String::is_empty)) {
            continue;
        }
        raw.push((row, cells));
    }
    if raw.is_empty() {
        return Err(RosterError::Empty {
            file: file.to_string(),
        });
    }
    Ok(Records {
        file: file.to_string(),
        sheet: Some(sheet.name),
        raw,
        numbers,
    })
}

/// Rows read into cells, with the header mapped onto known columns.
struct Sheet {
    file: String,
    sheet: Option<String>,
    /// Header text (trimmed) of each column, as the file has it.
    headers: Vec<String>,
    /// For each spec index, the file column holding it.
    map: Vec<Option<usize>>,
    /// Data records: start line and cleaned cells (always `headers.len()` long).
    records: Vec<(usize, Vec<String>)>,
    /// Cells the workbook holds as numbers, by (row, column).
    numbers: HashMap<(usize, usize), f64>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Sheet {
    /// The number a workbook holds in a mapped column of the record starting on `line`.
    fn number(&self, line: usize, col: usize) -> Option<f64> {
        let i = self.map.get(col).copied().flatten()?;
        self.numbers.get(&(line, i)).copied()
    }

    fn unit(&self) -> &'static str {
        unit(&self.sheet)
    }

    fn cell<'a>(&self, cells: &'a [String], col: usize) -> &'a str {
        self.map
            .get(col)
            .copied()
            .flatten()
            .and_then(|i| cells.get(i))
            .map_or("", String::as_str)
    }

    /// The header as written in the file for a mapped column, else the canonical name.
    fn label(&self, specs: &[ColumnSpec], col: usize) -> String {
        self.map
            .get(col)
            .copied()
            .flatten()
            .and_then(|i| self.headers.get(i))
            .cloned()
            .or_else(|| specs.get(col).map(|s| s.name.to_string()))
            .unwrap_or_default()
    }
}

/// How many non-blank records may sit above the header (titles like "DAFTAR PEGAWAI …").
const MAX_LINES_ABOVE_HEADER: usize = 10;

/// A record as read: its start line and cleaned cells, or only the cell count if it is too wide.
type RawRecord = (usize, Result<Vec<String>, usize>);

/// Maps byte offsets to physical line numbers.
///
/// `csv::Position::line()` is not the physical line: it misses CRLF line ends and blank lines
/// before a record, and `byte()` can point at the previous record's line end. So the start of a
/// record is taken as the first byte at or after `byte()` that is not a line end, and its line is
/// counted here, with `\r\n`, `\n` and a lone `\r` each ending one line.
struct Lines<'a> {
    text: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        Lines {
            text: bytes,
            starts,
        }
    }

    fn line_of(&self, pos: Option<&csv::Position>) -> usize {
        let mut at = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(self.text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at)
    }
}

fn read_records(file: &str, text: &str) -> Result<Vec<RawRecord>, RosterError> {
    let delimiter = sniff_delimiter(text);
    if let Some(at) = unclosed_quote(text, delimiter) {
        let (line, column) = line_column(text, at);
        return Err(RosterError::UnclosedQuote {
            file: file.to_string(),
            line,
            column,
        });
    }
    let lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut out = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(RosterError::Csv {
                    file: file.to_string(),
                    line: lines.line_of(e.position()),
                    message: e.to_string(),
                })
            }
        }
        let line = lines.line_of(record.position());
        // Blank and delimiter-only lines (Excel leaves them at the end) are not rows.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Over-wide records keep only their width, so a hostile file cannot blow up memory.
        let cells = if record.len() > MAX_COLUMNS {
            Err(record.len())
        } else {
            Ok(record.iter().map(clean).collect())
        };
        out.push((line, cells));
    }
    Ok(out)
}

/// For each spec, the file column holding it; plus warnings about columns not used.
type HeaderMap = (Vec<Option<usize>>, Vec<Problem>);

/// Maps header cells onto specs; `Ok(None)` if no cell names a known column.
fn map_header(
    rec: &Records,
    line: usize,
    headers: &[String],
    specs: &[ColumnSpec],
) -> Result<Option<HeaderMap>, RosterError> {
    let mut map: Vec<Option<usize>> = vec![None; specs.len()];
    let mut warnings = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let norm = normalize_header(h);
        if norm.is_empty() || IGNORED_HEADERS.iter().any(|a| normalize_header(a) == norm) {
            continue;
        }
        let found = specs
            .iter()
            .position(|s| s.aliases.iter().any(|a| normalize_header(a) == norm));
        match found {
            Some(col) => {
                if let Some(prev) = map[col] {
                    return Err(RosterError::DuplicateColumn {
                        file: rec.file.clone(),
                        sheet: rec.sheet.clone(),
                        line,
                        column: specs[col].name,
                        first: headers[prev].clone(),
                        second: h.clone(),
                    });
                }
                map[col] = Some(i);
            }
            None => warnings.push(rec.problem(
                line,
                h.clone(),
                "column not recognised; ignored".to_string(),
            )),
        }
    }
    if map.iter().all(Option::is_none) {
        return Ok(None);
    }
    Ok(Some((map, warnings)))
}

/// The one row pipeline of CSV and XLSX: finds the header, maps it onto `specs`, and splits the
/// records after it into usable ones and problems (wrong width, over-long cells, control
/// characters).
fn read_sheet(rec: Records, specs: &[ColumnSpec]) -> Result<Sheet, RosterError> {
    let raw = &rec.raw;
    let Some((first_line, first_cells)) = raw.first() else {
        return Err(RosterError::Empty { file: rec.file });
    };

    // The header is the first record naming a known column, within the first few records.
    let mut found = None;
    for (idx, (line, cells)) in raw.iter().take(MAX_LINES_ABOVE_HEADER + 1).enumerate() {
        let cells = match cells {
            Ok(cells) => cells,
            Err(width) => {
                return Err(RosterError::TooManyColumns {
                    file: rec.file.clone(),
                    sheet: rec.sheet.clone(),
                    line: *line,
                    found: *width,
                    limit: MAX_COLUMNS,
                })
            }
        };
        if let Some(mapped) = map_header(&rec, *line, cells, specs)? {
            found = Some((idx, *line, cells.clone(), mapped));
            break;
        }
    }
    let Some((header_idx, header_line, headers, (map, mut warnings))) = found else {
        let first = match first_cells {
            Ok(cells) => cells.join(" | "),
            Err(width) => format!("({width} cells)"),
        };
        return Err(RosterError::NoHeader {
            file: rec.file.clone(),
            sheet: rec.sheet.clone(),
            line: *first_line,
            first,
            expected: specs
                .iter()
                .filter(|s| s.required)
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    if let Some(spec) = specs
        .iter()
        .zip(&map)
        .find(|(s, m)| s.required && m.is_none())
        .map(|(s, _)| s)
    {
        return Err(RosterError::MissingColumn {
            file: rec.file.clone(),
            sheet: rec.sheet.clone(),
            line: header_line,
            column: spec.name,
            accepted: spec.aliases.join(", "),
            found: headers
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let mut warnings_above: Vec<Problem> = raw[..header_idx]
        .iter()
        .map(|(line, cells)| {
            rec.problem(
                *line,
                "row".to_string(),
                match cells {
                    Ok(cells) => format!(
                        "text above the header ignored: {:?}",
                        cells
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    Err(width) => format!("text above the header ignored ({width} cells)"),
                },
            )
        })
        .collect();
    warnings_above.append(&mut warnings);

    // Trailing empty header cells are padding; a row may stop before them or fill them blank.
    let needed = headers
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |p| p + 1);
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let Records {
        file,
        sheet,
        raw,
        numbers,
    } = rec;
    let origin = Records {
        file,
        sheet,
        raw: Vec::new(),
        numbers: HashMap::new(),
    };
    // A sheet stores no empty cells at the end of a row, so a short row is normal there.
    let short_ok = origin.sheet.is_some();
    for (line, cells) in raw.into_iter().skip(header_idx + 1) {
        let fits = match &cells {
            Ok(cells) => {
                (short_ok || cells.len() >= needed)
                    && cells.iter().skip(headers.len()).all(String::is_empty)
            }
            Err(_) => false,
        };
        match cells {
            Ok(mut cells) if fits => {
                cells.resize(headers.len(), String::new());
                let before = problems.len();
                for (col, cell) in cells.iter().enumerate() {
                    if let Some(reason) = bad_cell(cell) {
                        let field = headers
                            .get(col)
                            .filter(|h| !h.is_empty())
                            .cloned()
                            .unwrap_or_else(|| format!("column {}", col + 1));
                        problems.push(origin.problem(line, field, reason));
                    }
                }
                if problems.len() == before {
                    records.push((line, cells));
                }
            }
            other => {
                let width = match other {
                    Ok(cells) => cells.len(),
                    Err(width) => width,
                };
                let reason = if origin.sheet.is_some() {
                    format!(
                        "has a value in column {} but the header ends at column {}; remove \
                         what stands right of the table or give that column a header",
                        column_letters(width),
                        column_letters(headers.len().max(1))
                    )
                } else {
                    format!(
                        "has {width} fields but the header has {needed}; check for a missing or \
                         extra delimiter or an unclosed quote"
                    )
                };
                problems.push(origin.problem(line, "row".to_string(), reason));
            }
        }
    }
    Ok(Sheet {
        file: origin.file,
        sheet: origin.sheet,
        headers,
        map,
        records,
        numbers,
        problems,
        warnings: warnings_above,
    })
}

/// Why a (cleaned) cell cannot be taken as text: too long, or holding a control character.
fn bad_cell(cell: &str) -> Option<String> {
    let chars = cell.chars().count();
    if chars > MAX_CELL_CHARS {
        return Some(format!(
            "is {chars} characters long; a cell may hold at most {MAX_CELL_CHARS} (is the file \
             cut or joined wrongly?)"
        ));
    }
    let (position, c) = cell.chars().enumerate().find(|(_, c)| c.is_control())?;
    Some(format!(
        "holds the control character U+{:04X} at character {}; remove it and export again",
        u32::from(c),
        position + 1
    ))
}

/// What the status cell says.
enum Status {
    Empty,
    Known(EmploymentKind),
    Unknown,
}

fn parse_status(cell: &str) -> Status {
    let norm = normalize_header(cell);
    match norm.as_str() {
        "" => Status::Empty,
        // CPNS are candidate PNS: the same kind of employment for supervision purposes.
        "pns" | "cpns" => Status::Known(EmploymentKind::Pns),
        // "PPPK Paruh Waktu" and similar variants are still PPPK.
        s if s.starts_with("pppk") || s.starts_with("p3k") => Status::Known(EmploymentKind::Pppk),
        _ => Status::Unknown,
    }
}

/// Spreadsheet users force text with a leading apostrophe or `="…"`; neither is part of the NIP.
fn strip_text_markers(cell: &str) -> &str {
    let s = cell.strip_prefix('\'').unwrap_or(cell);
    s.strip_prefix("=\"")
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(s)
}

/// Why a NIP held as a number is refused. A spreadsheet number (an IEEE double) has 15–17
/// significant digits and a NIP has 18: Excel keeps 15 and zeroes the rest, other writers round to
/// the nearest double, which for a NIP is one of 32 neighbouring numbers. Even a double that
/// happens to be exactly an 18-digit integer may be the rounding of a different NIP, so no number
/// is ever taken as a NIP; the column must be text.
fn nip_number_reason(n: f64) -> String {
    format!(
        "holds the number {} instead of text: a spreadsheet keeps at most 15-17 digits of a \
         number, so the last digits of an 18-digit NIP are already lost; format the NIP column as \
         Text, type or paste the NIPs again, and save",
        number_text(n)
    )
}

/// Reads a roster (ASN list). `today` bounds the dates inside each NIP.
pub fn parse_roster(
    file_label: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Parsed<Employee>, RosterError> {
    let sheet = read_sheet(read_any(file_label, bytes)?, ROSTER_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut warnings = sheet.warnings.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<Nip, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: String| Problem {
        file: file_label.to_string(),
        sheet: sheet.sheet.clone(),
        line,
        field: sheet.label(ROSTER_COLUMNS, col),
        reason,
    };

    for (line, cells) in &sheet.records {
        let line = *line;
        let before = problems.len();

        let nip_cell = strip_text_markers(sheet.cell(cells, NIP));
        let info = if let Some(n) = sheet.number(line, NIP) {
            problems.push(problem(line, NIP, nip_number_reason(n)));
            None
        } else if nip_cell.is_empty() {
            problems.push(problem(line, NIP, "is empty".to_string()));
            None
        } else {
            match Nip::parse(nip_cell, today) {
                Ok(info) => Some(info),
                Err(e) => {
                    problems.push(problem(line, NIP, e.to_string()));
                    None
                }
            }
        };
        if let Some(info) = &info {
            match seen.get(&info.nip) {
                Some(first) => problems.push(problem(
                    line,
                    NIP,
                    format!("{} already appears on {} {first}", info.nip, sheet.unit()),
                )),
                None => {
                    seen.insert(info.nip.clone(), line);
                }
            }
        }

        let name = sheet.cell(cells, NAME).to_string();
        if name.is_empty() {
            problems.push(problem(line, NAME, "is empty".to_string()));
        }
        let agency = sheet.cell(cells, AGENCY).to_string();
        if agency.is_empty() {
            problems.push(problem(line, AGENCY, "is empty".to_string()));
        }
        let status_cell = sheet.cell(cells, STATUS);
        let status = parse_status(status_cell);
        if let Status::Unknown = status {
            problems.push(problem(
                line,
                STATUS,
                format!("{status_cell:?} is not a known status; use PNS, CPNS, PPPK or P3K"),
            ));
        }

        let Some(info) = info else { continue };
        if problems.len() > before {
            continue;
        }
        let pppk_nip = info.has(NipFlag::PppkStyle);
        let kind = match status {
            Status::Known(kind) => kind,
            Status::Empty if pppk_nip => {
                warnings.push(problem(
                    line,
                    STATUS,
                    "is empty; taken as PPPK because the NIP has a PPPK-style code at \
                     positions 13-14"
                        .to_string(),
                ));
                EmploymentKind::Pppk
            }
            Status::Empty | Status::Unknown => EmploymentKind::Pns,
        };
        for flag in &info.flags {
            // A PPPK-style NIP on a PPPK row is what we expect; anything else is worth a look.
            if *flag == NipFlag::PppkStyle && kind == EmploymentKind::Pppk {
                continue;
            }
            let mut reason = info.flag_warning(*flag);
            if *flag == NipFlag::PppkStyle {
                reason.push_str("; but the status says PNS");
            }
            warnings.push(problem(line, NIP, reason));
        }

        let rank = match (
            sheet.cell(cells, RANK_GRADE),
            sheet.cell(cells, RANK),
            sheet.cell(cells, GRADE),
        ) {
            (both, _, _) if !both.is_empty() => both.to_string(),
            (_, pangkat, gol) if !pangkat.is_empty() && !gol.is_empty() => {
                format!("{pangkat} ({gol})")
            }
            (_, pangkat, gol) => format!("{pangkat}{gol}"),
        };
        rows.push((
            line,
            Employee {
                nip: info.nip,
                name,
                position: sheet.cell(cells, POSITION).to_string(),
                rank,
                unit: sheet.cell(cells, UNIT).to_string(),
                agency,
                kind,
            },
        ));
    }
    Ok(Parsed {
        rows,
        problems,
        warnings,
        agency_column: sheet.label(ROSTER_COLUMNS, AGENCY),
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
    })
}

/// Reads an agency (OPD) list. Codes are kept as written; duplicates are found ignoring case.
pub fn parse_agencies(file_label: &str, bytes: &[u8]) -> Result<Parsed<Agency>, RosterError> {
    let sheet = read_sheet(read_any(file_label, bytes)?, AGENCY_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: String| Problem {
        file: file_label.to_string(),
        sheet: sheet.sheet.clone(),
        line,
        field: sheet.label(AGENCY_COLUMNS, col),
        reason,
    };
    for (line, cells) in &sheet.records {
        let line = *line;
        let before = problems.len();
        let code = sheet.cell(cells, CODE).to_string();
        if code.is_empty() {
            problems.push(problem(line, CODE, "is empty".to_string()));
        } else {
            let key = code.to_uppercase();
            match seen.get(&key) {
                Some(first) => problems.push(problem(
                    line,
                    CODE,
                    format!("{code:?} already appears on {} {first}", sheet.unit()),
                )),
                None => {
                    seen.insert(key, line);
                }
            }
        }
        let name = sheet.cell(cells, AGENCY_NAME).to_string();
        if name.is_empty() {
            problems.push(problem(line, AGENCY_NAME, "is empty".to_string()));
        }
        if problems.len() > before {
            continue;
        }
        rows.push((
            line,
            Agency {
                code,
                name,
                kind: sheet.cell(cells, KIND).to_string(),
                region: sheet.cell(cells, REGION).to_string(),
            },
        ));
    }
    Ok(Parsed {
        rows,
        problems,
        agency_column: sheet.label(AGENCY_COLUMNS, CODE),
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
        warnings: sheet.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
    }

    fn roster(text: &str) -> Parsed<Employee> {
        parse_roster("pegawai.csv", text.as_bytes(), today()).unwrap()
    }

    fn roster_err(text: &str) -> RosterError {
        parse_roster("pegawai.csv", text.as_bytes(), today()).unwrap_err()
    }

    fn shown(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    const HEAD: &str = "nip,nama,jabatan,pangkat,unit,kode_opd,status\n";

    #[test]
    fn comma_file_with_all_columns() {
        let p = roster(&format!(
            "{HEAD}198609262015051001,Siti Aminah,Analis Kebijakan Ahli Muda,Penata (III/c),Bidang Umum,DINKES,PNS\n\
             19950315 202121 2 001,Dewi Lestari,Guru Ahli Pertama,IX,SD Negeri 1,DISDIK,PPPK\n"
        ));
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.warnings, vec![]);
        assert_eq!(p.rows.len(), 2);
        let (line, e) = &p.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(e.nip.as_str(), "198609262015051001");
        assert_eq!(e.name, "Siti Aminah");
        assert_eq!(e.position, "Analis Kebijakan Ahli Muda");
        assert_eq!(e.rank, "Penata (III/c)");
        assert_eq!(e.unit, "Bidang Umum");
        assert_eq!(e.agency, "DINKES");
        assert_eq!(e.kind, EmploymentKind::Pns);
        assert_eq!(p.rows[1].0, 3);
        assert_eq!(p.rows[1].1.nip.as_str(), "199503152021212001");
        assert_eq!(p.rows[1].1.kind, EmploymentKind::Pppk);
    }

    #[test]
    fn semicolon_bom_crlf_as_excel_writes_it() {
        let text = "\u{feff}NIP;Nama;Jabatan;Pangkat/Golongan;Unit Kerja;Kode OPD;Status\r\n\
                    19860926 201505 1 001;Budi Santoso, S.Sos.;Sekretaris;Pembina (IV/a);Sekretariat;DINSOS;PNS\r\n\
                    \r\n\
                    199001012014022003;Rina;Pengadministrasi Perkantoran;Pengatur (II/c);Sekretariat;DINSOS;PNS\r\n\
                    ;;;;;;\r\n\
                    ;;;;;;\r\n\
                    \r\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.warnings, vec![]);
        let lines: Vec<usize> = p.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 4]);
        assert_eq!(p.rows[0].1.name, "Budi Santoso, S.Sos.");
        assert_eq!(p.rows[0].1.rank, "Pembina (IV/a)");
        assert_eq!(p.rows[1].1.unit, "Sekretariat");
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_numbers() {
        let text = "NIP;Nama;Jabatan;Unit Kerja;Kode OPD\n\
                    198609262015051001;\"Ujang \"\"Ajat\"\" Sudrajat\";\"Kepala Bidang Pengaduan; Kebijakan\";\"Bidang A, B\";DPMPTSP\n\
                    198609262015051002;\"Asep\n  Hidayat\";\"Staf\nPelaksana\";Umum;DPMPTSP\n\
                    198609262015051003;Euis;Staf;Umum;DPMPTSP\n\
                    ;Tanpa NIP;Staf;Umum;DPMPTSP\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 3);
        assert_eq!(p.rows[0].1.name, "Ujang \"Ajat\" Sudrajat");
        assert_eq!(p.rows[0].1.position, "Kepala Bidang Pengaduan; Kebijakan");
        assert_eq!(p.rows[0].1.unit, "Bidang A, B");
        // An embedded line break is whitespace inside a name.
        assert_eq!(p.rows[1].1.name, "Asep Hidayat");
        assert_eq!(p.rows[1].1.position, "Staf Pelaksana");
        let lines: Vec<usize> = p.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 3, 6]);
        assert_eq!(
            shown(&p.problems),
            vec!["pegawai.csv:7: NIP: is empty".to_string()]
        );
    }

    #[test]
    fn line_numbers_are_physical_lines_for_every_line_end() {
        let rows = "198609262015051001;\"Asep\r\nHidayat\";RSUD\r\n\r\n\r\n198609262015051002;Budi;RSUD\r\n";
        for (eol, text) in [
            ("crlf", format!("NIP;Nama;OPD\r\n\r\n{rows}")),
            (
                "lf",
                format!("NIP;Nama;OPD\n\n{}", rows.replace("\r\n", "\n")),
            ),
            (
                "cr",
                format!("NIP;Nama;OPD\r\r{}", rows.replace("\r\n", "\r")),
            ),
        ] {
            let p = roster(&text);
            assert_eq!(p.problems, vec![], "{eol}");
            let lines: Vec<usize> = p.rows.iter().map(|r| r.0).collect();
            assert_eq!(lines, vec![3, 7], "{eol}");
        }
    }

    #[test]
    fn comma_file_with_quoted_commas() {
        let text = "NIP,Nama,Kode OPD\n\
                    198609262015051001,\"Fajar Hermawan, S.Sos., M.Si.\",DISDUKCAPIL\n";
        let p = roster(text);
        assert_eq!(p.rows[0].1.name, "Fajar Hermawan, S.Sos., M.Si.");
        assert_eq!(p.problems, vec![]);
    }

    #[test]
    fn messy_indonesian_headers() {
        let text = "\"NIP \";Nama Pegawai;JABATAN;PANGKAT/GOL.;unit_kerja;Kode_OPD;Status Kepegawaian\n\
                    198609262015051001;  Siti   Aminah ;Perawat Ahli Pertama;Penata Muda (III/a);IGD;RSUD;pns\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.warnings, vec![]);
        let e = &p.rows[0].1;
        assert_eq!(e.name, "Siti Aminah");
        assert_eq!(e.rank, "Penata Muda (III/a)");
        assert_eq!(e.unit, "IGD");
        assert_eq!(e.agency, "RSUD");
        assert_eq!(e.kind, EmploymentKind::Pns);
    }

    #[test]
    fn english_headers_and_tab_delimiter() {
        let text = "NIP\tName\tPosition\tRank\tGrade\tUnit\tAgency Code\tEmployment\n\
                    198609262015051001\tSiti Aminah\tNurse\tPenata Muda\tIII/a\tER\tRSUD\tPPPK Paruh Waktu\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        let e = &p.rows[0].1;
        // Separate pangkat and golongan columns are joined the usual way.
        assert_eq!(e.rank, "Penata Muda (III/a)");
        assert_eq!(e.position, "Nurse");
        assert_eq!(e.kind, EmploymentKind::Pppk);
    }

    #[test]
    fn golongan_alone_is_the_rank() {
        let p = roster("NIP,Nama,Gol,OPD\n198609262015051001,Siti,III/a,RSUD\n");
        assert_eq!(p.rows[0].1.rank, "III/a");
        assert_eq!(p.rows[0].1.agency, "RSUD");
    }

    #[test]
    fn unknown_columns_warn_row_numbers_are_ignored() {
        let text = "No.,NIP,Nama,Kode OPD,Tanggal Lahir,Keterangan\n\
                    1,198609262015051001,Siti,RSUD,26-09-1986,-\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.csv:1: Tanggal Lahir: column not recognised; ignored",
                "pegawai.csv:1: Keterangan: column not recognised; ignored",
            ]
        );
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let text = "DAFTAR PEGAWAI DINAS SOSIAL;;\n\
                    Keadaan per 1 Juli 2025;;\n\
                    ;;\n\
                    NIP;Nama;Kode OPD\n\
                    198609262015051001;Siti;DINSOS\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].0, 5);
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.csv:1: row: text above the header ignored: \"DAFTAR PEGAWAI DINAS SOSIAL\"",
                "pegawai.csv:2: row: text above the header ignored: \"Keadaan per 1 Juli 2025\"",
            ]
        );
    }

    #[test]
    fn trailing_padding_columns_are_tolerated() {
        // Excel pads rows to the used range; some tools drop the trailing empties.
        let text = "NIP;Nama;Kode OPD;;\n198609262015051001;Siti;DINSOS\n198609262015051002;Budi;DINSOS;;\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows.len(), 2);
    }

    #[test]
    fn missing_required_column() {
        let e = roster_err("NIP;Nama Pegawai;Jabatan\n198609262015051001;Siti;Staf\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: required column \"kode_opd\" is missing (accepted names: kode_opd, \
             kode opd, opd, agency, agency code, instansi, kode instansi, skpd, kode skpd); \
             headers found: \"NIP\", \"Nama Pegawai\", \"Jabatan\""
        );
        assert!(matches!(
            roster_err("Nama;Kode OPD\nSiti;RSUD\n"),
            RosterError::MissingColumn { column: "nip", .. }
        ));
    }

    #[test]
    fn duplicate_column() {
        let e = roster_err("NIP;Nama;Nama Lengkap;OPD\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: columns \"Nama\" and \"Nama Lengkap\" both hold \"nama\"; remove or rename one"
        );
    }

    #[test]
    fn no_header() {
        let e = roster_err("198609262015051001;Siti;RSUD\n198609262015051002;Budi;RSUD\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: the first line \"198609262015051001 | Siti | RSUD\" is not a header: \
             none of its cells names a known column; the first line must name the columns \
             (nip, nama, kode_opd)"
        );
    }

    #[test]
    fn empty_files() {
        for text in ["", "\u{feff}", "\n\r\n  \n", ";;;\n;;\n"] {
            assert_eq!(
                roster_err(text),
                RosterError::Empty {
                    file: "pegawai.csv".into()
                },
                "{text:?}"
            );
        }
        assert_eq!(roster_err("").to_string(), "pegawai.csv: the file is empty");
        // A header and nothing else is a valid, empty roster.
        let p = roster("NIP;Nama;Kode OPD\r\n");
        assert!(p.rows.is_empty() && p.problems.is_empty());
    }

    #[test]
    fn not_utf8_names_the_line() {
        let mut bytes =
            b"NIP;Nama;Kode OPD\n198609262015051001;Siti;RSUD\n198609262015051002;Jos".to_vec();
        bytes.push(0xE9); // é in Windows-1252
        bytes.extend_from_slice(b";RSUD\n");
        let e = parse_roster("pegawai.csv", &bytes, today()).unwrap_err();
        assert_eq!(
            e,
            RosterError::NotUtf8 {
                file: "pegawai.csv".into(),
                line: 3,
                column: 23,
                byte: 0xE9
            }
        );
        assert_eq!(
            e.to_string(),
            "pegawai.csv:3: not valid UTF-8 (byte 0xE9 at column 23); the file was probably saved \
             as ANSI/Windows-1252 — save it as \"CSV UTF-8\""
        );
    }

    #[test]
    fn nul_bytes_are_refused_with_their_place() {
        let e = roster_err("NIP;Nama;Kode OPD\n198609262015051001;Bu\0di;RSUD\n");
        assert_eq!(
            e,
            RosterError::Nul {
                file: "pegawai.csv".into(),
                line: 2,
                column: 22
            }
        );
        assert!(e
            .to_string()
            .starts_with("pegawai.csv:2: a NUL byte at column 22;"));
    }

    #[test]
    fn unclosed_quote_names_where_it_opens() {
        let e = roster_err(
            "NIP;Nama;Kode OPD\r\n198609262015051001;Siti;RSUD\r\n198609262015051002;\"Budi;RSUD\r\n\
             198609262015051003;Ani;RSUD\r\n",
        );
        assert_eq!(
            e,
            RosterError::UnclosedQuote {
                file: "pegawai.csv".into(),
                line: 3,
                column: 20
            }
        );
        // closed quotes, doubled quotes and a quote inside an unquoted cell are fine
        let p = roster(
            "NIP;Nama;Kode OPD\n198609262015051001;\"Siti \"\"Ani\"\"\";RSUD\n198609262015051002;Bu\"di;RSUD\n",
        );
        assert_eq!(p.rows.len(), 2, "{:?}", p.problems);
        assert_eq!(p.rows[0].1.name, "Siti \"Ani\"");
        assert_eq!(p.rows[1].1.name, "Bu\"di");
    }

    #[test]
    fn huge_cells_and_control_characters_are_row_problems() {
        let long = "A".repeat(MAX_CELL_CHARS + 1);
        let p = roster(&format!(
            "NIP;Nama;Kode OPD\n198609262015051001;{long};RSUD\n198609262015051002;Bu\u{1}di;RSUD\n\
             198609262015051003;Ani;RSUD\n"
        ));
        assert_eq!(
            shown(&p.problems),
            [
                "pegawai.csv:2: Nama: is 1001 characters long; a cell may hold at most 1000 (is the \
                 file cut or joined wrongly?)",
                "pegawai.csv:3: Nama: holds the control character U+0001 at character 3; remove it \
                 and export again",
            ]
        );
        assert_eq!(p.rows.len(), 1);
    }

    #[test]
    fn a_stray_byte_order_mark_is_dropped() {
        let p = roster("NIP;Nama;\u{feff}Kode OPD\n198609262015051001;\u{feff}Siti;RSUD\u{feff}\n");
        assert!(p.problems.is_empty() && p.warnings.is_empty());
        assert_eq!(p.rows[0].1.name, "Siti");
        assert_eq!(p.rows[0].1.agency, "RSUD");
    }

    #[test]
    fn wrong_kinds_of_file() {
        // a zip is read as a workbook whatever its name; a broken one says so
        let e = parse_roster("p.csv", b"PK\x03\x04rest", today()).unwrap_err();
        assert!(matches!(e, RosterError::Workbook { .. }));
        assert!(
            e.to_string().starts_with("p.csv: cannot read the workbook"),
            "{e}"
        );
        let e =
            parse_roster("p.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", today()).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("p.xlsx: this is an old Excel 97-2003 workbook"));
        let e = parse_roster("p.csv", b"\xFF\xFEN\x00I\x00P\x00", today()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv: the file is UTF-16 text; save it as \"CSV UTF-8 (comma delimited)\""
        );
    }

    #[test]
    fn too_large() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        let e = parse_roster("big.csv", &bytes, today()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "big.csv: file is {} bytes; the limit is 67108864 bytes (64 MiB)",
                MAX_FILE_BYTES + 1
            )
        );
    }

    #[test]
    fn too_many_columns() {
        let header = (0..=MAX_COLUMNS)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let e = roster_err(&format!("{header}\n"));
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: the header has 201 columns; the limit is 200"
        );
    }

    #[test]
    fn every_row_problem_with_its_message() {
        let text = "NIP;Nama;Kode OPD;Status\n\
                    198609262015051001;Siti;RSUD;PNS\n\
                    19860230 201505 1 001;Budi;RSUD;PNS\n\
                    ;Asep;RSUD;PNS\n\
                    198609262015051002;  ;RSUD;PNS\n\
                    198609262015051003;Euis;;PNS\n\
                    198609262015051004;Dedi;RSUD;Honorer\n\
                    19860926 201505 1 001;Siti Kembar;RSUD;PNS\n\
                    198609262015051005;Rina;RSUD\n\
                    198609262015051006;Tuti;RSUD;PNS;x\n\
                    1986092620150510;Ani;;\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            shown(&p.problems),
            vec![
                "pegawai.csv:9: row: has 3 fields but the header has 4; check for a missing or \
                 extra delimiter or an unclosed quote",
                "pegawai.csv:10: row: has 5 fields but the header has 4; check for a missing or \
                 extra delimiter or an unclosed quote",
                "pegawai.csv:3: NIP: NIP \"19860230 201505 1 001\": birth date (positions 1-8) \
                 \"19860230\" is not a real date",
                "pegawai.csv:4: NIP: is empty",
                "pegawai.csv:5: Nama: is empty",
                "pegawai.csv:6: Kode OPD: is empty",
                "pegawai.csv:7: Status: \"Honorer\" is not a known status; use PNS, CPNS, PPPK or P3K",
                "pegawai.csv:8: NIP: 19860926 201505 1 001 already appears on line 2",
                "pegawai.csv:11: NIP: NIP \"1986092620150510\" has 16 digits; a NIP has exactly 18",
                "pegawai.csv:11: Kode OPD: is empty",
            ]
        );
    }

    #[test]
    fn statuses_and_defaults() {
        let text = "NIP;Nama;Kode OPD;Status\n\
                    198609262015051001;A;RSUD;CPNS\n\
                    198609262015051002;B;RSUD;p3k\n\
                    198609262015051003;C;RSUD;\n\
                    199503152021212001;D;RSUD;\n\
                    199503152021212002;E;RSUD;PPPK\n\
                    199503152021212003;F;RSUD;PNS\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        let kinds: Vec<EmploymentKind> = p.rows.iter().map(|r| r.1.kind).collect();
        use EmploymentKind::{Pns, Pppk};
        assert_eq!(kinds, vec![Pns, Pppk, Pns, Pppk, Pppk, Pns]);
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.csv:5: Status: is empty; taken as PPPK because the NIP has a PPPK-style \
                 code at positions 13-14",
                format!(
                    "pegawai.csv:7: NIP: 19950315 202121 2 003 (PPPK?): {}; but the status says PNS",
                    NipFlag::PppkStyle.description()
                )
                .as_str(),
            ]
        );
    }

    #[test]
    fn nip_flags_become_warnings() {
        let text = "NIP,Nama,OPD\n\
                    198609262015051000,Siti,RSUD\n\
                    20000710 201807 1 001,Budi,RSUD\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            shown(&p.warnings),
            vec![
                format!(
                    "pegawai.csv:2: NIP: 19860926 201505 1 000 (urut 000): {}",
                    NipFlag::ZeroSequence.description()
                ),
                format!(
                    "pegawai.csv:3: NIP: 20000710 201807 1 001 (TMT < 18 th): {}",
                    NipFlag::YoungAtTmt.description()
                ),
            ]
        );
    }

    #[test]
    fn spreadsheet_text_markers_on_nip() {
        let text = "NIP,Nama,OPD\n'198609262015051001,Siti,RSUD\n\"=\"\"198609262015051002\"\"\",Budi,RSUD\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows[1].1.nip.as_str(), "198609262015051002");
    }

    #[test]
    fn header_normalisation() {
        assert_eq!(normalize_header(" PANGKAT/GOL. "), "pangkatgol");
        assert_eq!(normalize_header("Kode_OPD"), "kodeopd");
        assert_eq!(normalize_header("\"NIP \""), "nip");
    }

    #[test]
    fn delimiter_sniffing_ignores_quoted_text() {
        assert_eq!(sniff_delimiter("\"a;b;c\",d,e\n"), b',');
        assert_eq!(sniff_delimiter("\n\nNIP;Nama,Lengkap;OPD\n"), b';');
        assert_eq!(sniff_delimiter("NIP\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("\"Nama\nLengkap\";NIP;OPD"), b';');
    }

    fn agencies(text: &str) -> Parsed<Agency> {
        parse_agencies("opd.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn agencies_parse_and_report() {
        let text = "Kode OPD;Nama OPD;Jenis;Kabupaten/Kota;Alamat\r\n\
                    DINKES;Dinas Kesehatan;Dinas;Kabupaten Sukamaju;Jl. Merdeka 1\r\n\
                    dinkes;Dinas Kesehatan (lama);Dinas;Kabupaten Sukamaju;\r\n\
                    ;Dinas Tanpa Kode;Dinas;;\r\n\
                    RSUD;;Rumah Sakit Daerah;;\r\n\
                    KEC-SUKAMAJU;Kecamatan   Sukamaju;Kecamatan;Kabupaten Sukamaju;\r\n";
        let p = agencies(text);
        assert_eq!(
            p.rows,
            vec![
                (
                    2,
                    Agency {
                        code: "DINKES".into(),
                        name: "Dinas Kesehatan".into(),
                        kind: "Dinas".into(),
                        region: "Kabupaten Sukamaju".into()
                    }
                ),
                (
                    6,
                    Agency {
                        code: "KEC-SUKAMAJU".into(),
                        name: "Kecamatan Sukamaju".into(),
                        kind: "Kecamatan".into(),
                        region: "Kabupaten Sukamaju".into()
                    }
                ),
            ]
        );
        assert_eq!(
            shown(&p.problems),
            vec![
                "opd.csv:3: Kode OPD: \"dinkes\" already appears on line 2",
                "opd.csv:4: Kode OPD: is empty",
                "opd.csv:5: Nama OPD: is empty",
            ]
        );
        assert_eq!(
            shown(&p.warnings),
            vec!["opd.csv:1: Alamat: column not recognised; ignored"]
        );
    }

    #[test]
    fn agencies_english_headers_and_missing_column() {
        let p = agencies("code,name,type,region\nBKPSDM,Badan Kepegawaian,Badan,Sukamaju\n");
        assert_eq!(p.rows[0].1.kind, "Badan");
        assert_eq!(p.rows[0].1.region, "Sukamaju");
        let e = parse_agencies("opd.csv", b"kode,jenis\nX,Dinas\n").unwrap_err();
        assert!(matches!(
            e,
            RosterError::MissingColumn { column: "nama", .. }
        ));
        assert!(e.to_string().contains("headers found: \"kode\", \"jenis\""));
    }

    #[test]
    fn shipped_sample_files_parse_cleanly() {
        let opd = include_bytes!("../../data/sample/opd.csv");
        let pegawai = include_bytes!("../../data/sample/pegawai.csv");
        // The sample is written the way Excel in an Indonesian locale writes CSV.
        assert!(pegawai.starts_with(UTF8_BOM));
        assert!(pegawai.windows(2).any(|w| w == b"\r\n"));

        let agencies = parse_agencies("opd.csv", opd).unwrap();
        assert_eq!(agencies.problems, vec![]);
        assert_eq!(agencies.warnings, vec![]);
        assert!((8..=10).contains(&agencies.rows.len()));

        let roster = parse_roster("pegawai.csv", pegawai, today()).unwrap();
        assert_eq!(roster.problems, vec![]);
        assert_eq!(roster.warnings, vec![]);
        assert!(roster.rows.len() >= 320, "{}", roster.rows.len());

        let codes: std::collections::HashSet<&str> =
            agencies.rows.iter().map(|(_, a)| a.code.as_str()).collect();
        for (line, e) in &roster.rows {
            assert!(
                codes.contains(e.agency.as_str()),
                "line {line}: {}",
                e.agency
            );
        }
        let pppk = roster
            .rows
            .iter()
            .filter(|(_, e)| e.kind == EmploymentKind::Pppk)
            .count();
        let share = pppk * 100 / roster.rows.len();
        assert!((10..=15).contains(&share), "PPPK share {share}%");
        // Every OPD has staff.
        for code in &codes {
            assert!(roster.rows.iter().any(|(_, e)| e.agency == *code), "{code}");
        }
    }

    /// A workbook whose first sheet ("Pegawai") holds `rows`; a cell starting with `#` is written
    /// as the number after it, every other cell as text.
    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Pegawai").unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.strip_prefix('#') {
                    Some(n) => ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap(),
                    None if cell.is_empty() => ws,
                    None => ws.write_string(r, c, *cell).unwrap(),
                };
            }
        }
        wb.save_to_buffer().unwrap()
    }

    fn roster_xlsx(rows: &[&[&str]]) -> Result<Parsed<Employee>, RosterError> {
        parse_roster("pegawai.xlsx", &workbook(rows), today())
    }

    #[test]
    fn xlsx_goes_through_the_same_rules() {
        let p = roster_xlsx(&[
            &["DAFTAR PEGAWAI DINAS SOSIAL"],
            &[],
            &[
                "No",
                "NIP",
                "Nama Pegawai",
                "Jabatan",
                "Kode OPD",
                "Status",
                "Catatan",
            ],
            &[
                "#1",
                "19860926 201505 1 001",
                "Siti  Aminah",
                "Analis",
                "DINSOS",
                "PNS",
            ],
            &[
                "#2",
                "19950315 202121 2 001",
                "Dewi",
                "",
                "DINSOS",
                "PPPK",
                "baru",
            ],
            &["#3", "", "Budi", "", "DINSOS"],
            &["#4", "198609262015051001", "Siti Kembar", "", "DINSOS"],
            &["#5", "198609262015051002", "Rudi", "", "#101"],
            &[
                "#6",
                "198609262015051003",
                "Ani",
                "",
                "DINSOS",
                "",
                "",
                "",
                "x",
            ],
        ])
        .unwrap();
        assert_eq!(p.sheet.as_deref(), Some("Pegawai"));
        let names: Vec<(usize, &str)> = p.rows.iter().map(|(l, e)| (*l, e.name.as_str())).collect();
        assert_eq!(names, vec![(4, "Siti Aminah"), (5, "Dewi"), (8, "Rudi")]);
        // a number in a text column reads as a spreadsheet shows it
        assert_eq!(p.rows[2].1.agency, "101");
        assert_eq!(
            shown(&p.problems),
            vec![
                "pegawai.xlsx:Pegawai!9: row: has a value in column I but the header ends at \
                 column G; remove what stands right of the table or give that column a header",
                "pegawai.xlsx:Pegawai!6: NIP: is empty",
                "pegawai.xlsx:Pegawai!7: NIP: 19860926 201505 1 001 already appears on row 4",
            ]
        );
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.xlsx:Pegawai!1: row: text above the header ignored: \"DAFTAR PEGAWAI \
                 DINAS SOSIAL\"",
                "pegawai.xlsx:Pegawai!3: Catatan: column not recognised; ignored",
            ]
        );
    }

    #[test]
    fn xlsx_nip_stored_as_a_number_is_refused() {
        // 198609262015051001 is no double (it rounds to a multiple of 32); 198609262015050976 is
        // one exactly, and is still refused: 32 neighbouring NIPs round to that same double.
        // 1.98609E+17 is what Excel keeps of a NIP typed into a General cell.
        for (number, shown_as) in [
            ("#198609262015051001", "198609262015051000"),
            ("#198609262015050976", "198609262015050980"),
            ("#1.98609E+17", "198609000000000000"),
        ] {
            let p = roster_xlsx(&[&["NIP", "Nama", "OPD"], &[number, "Siti", "DINSOS"]]).unwrap();
            assert!(p.rows.is_empty());
            assert_eq!(
                shown(&p.problems),
                vec![format!(
                    "pegawai.xlsx:Pegawai!2: NIP: holds the number {shown_as} instead of text: a \
                     spreadsheet keeps at most 15-17 digits of a number, so the last digits of an \
                     18-digit NIP are already lost; format the NIP column as Text, type or paste \
                     the NIPs again, and save"
                )]
            );
        }
        assert_eq!(198609262015050976_f64 as u64, 198609262015050976);
    }

    #[test]
    fn xlsx_header_errors_name_the_sheet() {
        let e = roster_xlsx(&[&["NIP", "Nama"], &["198609262015051001", "Siti"]]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("pegawai.xlsx:Pegawai!1: required column \"kode_opd\" is missing"),
            "{e}"
        );
        let e = roster_xlsx(&[&["198609262015051001", "Siti", "RSUD"]]).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "pegawai.xlsx:Pegawai!1: the first row \"198609262015051001 | Siti | RSUD\" is \
                 not a header"
            ),
            "{e}"
        );
        let e = roster_xlsx(&[]).unwrap_err();
        assert_eq!(e.to_string(), "pegawai.xlsx: the file is empty");
    }

    #[test]
    fn agencies_from_xlsx() {
        let bytes = workbook(&[
            &["Kode", "Nama OPD", "Jenis"],
            &["DINKES", "Dinas Kesehatan", "Dinas"],
            &["#101", "Kecamatan Satu"],
        ]);
        let p = parse_agencies("opd.xlsx", &bytes).unwrap();
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows[1].1.code, "101");
        assert_eq!(p.rows[1].1.kind, "");
    }
}

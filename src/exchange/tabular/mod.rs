//! Reading a table someone keeps in a spreadsheet (CSV text or an XLSX workbook's first sheet) into records of cleaned cells, each with the line or row it starts on.
//!
//! What arrives is whatever Excel, LibreOffice or a government system wrote: comma or semicolon
//! (or tab) delimiters, a UTF-8 BOM or none, CRLF or LF, quoted cells with delimiters and line
//! breaks, blank and delimiter-only lines at the end, headers typed by hand in Indonesian or
//! English — or the workbook itself. A file is taken as XLSX by its content (the zip magic), not
//! its name; its first sheet is read ([`super::workbook`], `xlsx`) into the same records a CSV
//! gives (`csv`), and from there one pipeline (`read_table`) finds the header, maps it onto
//! the columns the caller knows (`ColumnSpec`) and checks the width and the cells of each record.
//! What the columns mean, and which rows are good, is the caller's business.
//! The reader is lenient about form and strict about content:
//! - whole-file failures (not UTF-8, no header, a required column missing, too large) are a
//!   [`TableError`];
//! - a bad record is a [`Problem`] naming the file, the physical line the record starts on (for a
//!   workbook: the sheet and the row number, `pegawai.xlsx:Pegawai!12`), the column as headed in
//!   the file, and the reason; the record is left out and the rest is still read;
//! - something odd but acceptable (an unknown column, text above the header) is a warning.

use std::fmt;

use thiserror::Error;

use crate::domain::nip::{NipError, NipFlag, NipInfo};

use super::workbook::{WorkbookError, OLE_MAGIC, ZIP_MAGIC};

pub(crate) mod csv;
pub mod guard;
mod header;
mod xlsx;

pub(crate) use self::csv::{decode, sniff_delimiter};
pub(crate) use header::{normalize_header, read_table, ColumnSpec};

/// Largest file accepted (64 MiB); the largest table expected, a kabupaten's whole ASN list, is well
/// under 1 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Most columns accepted in the header line.
pub const MAX_COLUMNS: usize = 200;
/// Longest cell accepted, in characters; the longest real name with titles or position is far shorter.
pub const MAX_CELL_CHARS: usize = 1000;

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
    pub reason: RowReason,
}

/// How a person finds a record in the file: a line of a text file, a row of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Line,
    Row,
}

impl Unit {
    /// The unit of a file read from `sheet` (a workbook's) or from text (`None`).
    pub fn of(sheet: &Option<String>) -> Unit {
        if sheet.is_some() {
            Unit::Row
        } else {
            Unit::Line
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Line => "line",
            Unit::Row => "row",
        })
    }
}

/// Why a row (or one of its cells) was refused or is worth a look: the kind and the values found.
/// Its `Display` is the English sentence; the app says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowReason {
    /// A required cell is empty.
    Empty,
    /// The NIP cell holds a spreadsheet number (shown as the sheet shows it), not text.
    NipNumber { shown: String },
    /// The NIP cell is not a NIP.
    Nip(NipError),
    /// The NIP was already on an earlier line or row.
    DuplicateNip {
        nip: String,
        unit: Unit,
        first: usize,
    },
    /// The agency code was already on an earlier line or row (ignoring case).
    DuplicateCode {
        code: String,
        unit: Unit,
        first: usize,
    },
    /// The status is none of PNS, CPNS, PPPK, P3K.
    UnknownStatus { found: String },
    /// The status is empty and the NIP looks like a PPPK's, so the row is taken as PPPK.
    StatusTakenAsPppk,
    /// Something odd about the NIP; `status_pns` when a PPPK-style NIP stands on a row whose
    /// status says PNS.
    NipFlag {
        info: Box<NipInfo>,
        flag: NipFlag,
        status_pns: bool,
    },
    /// A header cell that names no known column.
    UnknownColumn,
    /// Text above the header, ignored.
    AboveHeader { text: String },
    /// A record above the header too wide to show, ignored.
    AboveHeaderWide { cells: usize },
    /// A cell longer than the limit.
    TooLong { chars: usize, limit: usize },
    /// A cell holding a control character (its code point) at a 1-based character position.
    ControlChar { code: u32, position: usize },
    /// A sheet row with a value right of the header's last column (both 1-based).
    BeyondHeader { column: usize, header_end: usize },
    /// A text record with another number of fields than the header.
    WrongWidth { found: usize, needed: usize },
    /// The row's agency code is not in the store.
    UnknownAgency { code: String },
    /// A survey answer outside the scale 1–`max`.
    SkmOutOfRange { value: i64, max: u8 },
    /// A survey answer in words that are none of the unsur's (`expected` lists them by score).
    SkmUnknownAnswer {
        found: String,
        expected: String,
        max: u8,
    },
}

impl fmt::Display for RowReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowReason::Empty => f.write_str("is empty"),
            RowReason::NipNumber { shown } => write!(
                f,
                "holds the number {shown} instead of text: a spreadsheet keeps at most 15-17 \
                 digits of a number, so the last digits of an 18-digit NIP are already lost; \
                 format the NIP column as Text, type or paste the NIPs again, and save"
            ),
            RowReason::Nip(e) => write!(f, "{e}"),
            RowReason::DuplicateNip { nip, unit, first } => {
                write!(f, "{nip} already appears on {unit} {first}")
            }
            RowReason::DuplicateCode { code, unit, first } => {
                write!(f, "{code:?} already appears on {unit} {first}")
            }
            RowReason::UnknownStatus { found } => write!(
                f,
                "{found:?} is not a known status; use PNS, CPNS, PPPK or P3K"
            ),
            RowReason::StatusTakenAsPppk => f.write_str(
                "is empty; taken as PPPK because the NIP has a PPPK-style code at positions 13-14",
            ),
            RowReason::NipFlag {
                info,
                flag,
                status_pns,
            } => {
                f.write_str(&info.flag_warning(*flag))?;
                if *status_pns {
                    f.write_str("; but the status says PNS")?;
                }
                Ok(())
            }
            RowReason::UnknownColumn => f.write_str("column not recognised; ignored"),
            RowReason::AboveHeader { text } => write!(f, "text above the header ignored: {text:?}"),
            RowReason::AboveHeaderWide { cells } => {
                write!(f, "text above the header ignored ({cells} cells)")
            }
            RowReason::TooLong { chars, limit } => write!(
                f,
                "is {chars} characters long; a cell may hold at most {limit} (is the file cut or \
                 joined wrongly?)"
            ),
            RowReason::ControlChar { code, position } => write!(
                f,
                "holds the control character U+{code:04X} at character {position}; remove it and \
                 export again"
            ),
            RowReason::BeyondHeader { column, header_end } => write!(
                f,
                "has a value in column {} but the header ends at column {}; remove what stands \
                 right of the table or give that column a header",
                column_letters(*column),
                column_letters(*header_end)
            ),
            RowReason::WrongWidth { found, needed } => write!(
                f,
                "has {found} fields but the header has {needed}; check for a missing or extra \
                 delimiter or an unclosed quote"
            ),
            RowReason::UnknownAgency { code } => write!(
                f,
                "agency \"{code}\" is not known; import agencies first (`periksa agency import FILE`)"
            ),
            RowReason::SkmOutOfRange { value, max } => {
                write!(f, "value {value} is outside the scale 1–{max}")
            }
            RowReason::SkmUnknownAnswer {
                found,
                expected,
                max,
            } => write!(
                f,
                "{found:?} is not an answer to this unsur; give a number 1–{max}, a letter a–{}, \
                 or the questionnaire's words ({expected})",
                char::from(b'a' + max.saturating_sub(1))
            ),
        }
    }
}

/// A spreadsheet's name of the 1-based column `n`: 1 → `A`, 27 → `AA`.
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
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

/// A failure that stops the whole file from being read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TableError {
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

/// "line" for a text file, "row" for a sheet: how a person finds a record in the file.
fn unit(sheet: &Option<String>) -> &'static str {
    if sheet.is_some() {
        "row"
    } else {
        "line"
    }
}

/// A record as read: its start line and cleaned cells, or only the cell count if it is too wide.
pub(crate) type RawRecord = (usize, Result<Vec<String>, usize>);

/// Records read from a CSV or from a workbook's first sheet, before the header is looked for.
pub(crate) struct Records {
    pub(crate) file: String,
    /// The sheet read, for a workbook.
    pub(crate) sheet: Option<String>,
    pub(crate) raw: Vec<RawRecord>,
    /// Cells that a workbook holds as numbers, by (row, column): text cannot say which were.
    pub(crate) numbers: Numbers,
}

/// The cells a workbook holds as numbers, by (row, column): a list in sheet order, looked up by
/// binary search. A sheet of survey answers is a million number cells; a hash map of them cost
/// more than reading the sheet.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    /// (row, column, number), sorted by row and column once [`Numbers::finish`] has run.
    cells: Vec<(u32, u32, f64)>,
}

impl Numbers {
    /// Notes the number in (row, column); a later note of the same cell replaces it.
    fn push(&mut self, row: usize, col: usize, n: f64) {
        // A row or column past u32 cannot be in a sheet (the reader stops long before).
        if let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) {
            self.cells.push((row, col, n));
        }
    }

    /// Sorts the cells (a sheet lists them in order, so this is usually a check) and keeps the
    /// last note of a cell noted twice.
    fn finish(&mut self) {
        if !self.cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
            // stable: of two notes of one cell the later stays later
            self.cells.sort_by_key(|&(r, c, _)| (r, c));
        }
        self.cells.dedup_by(|later, earlier| {
            let same = (later.0, later.1) == (earlier.0, earlier.1);
            if same {
                earlier.2 = later.2;
            }
            same
        });
    }

    /// The number held in (row, column), if that cell held one.
    pub(crate) fn get(&self, row: usize, col: usize) -> Option<f64> {
        let key = (u32::try_from(row).ok()?, u32::try_from(col).ok()?);
        self.cells
            .binary_search_by_key(&key, |&(r, c, _)| (r, c))
            .ok()
            .map(|i| self.cells[i].2)
    }
}

impl Records {
    pub(crate) fn problem(&self, line: usize, field: String, reason: RowReason) -> Problem {
        Problem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line,
            field,
            reason,
        }
    }
}

/// Trims a cell and collapses runs of whitespace (including line breaks) to one space.
/// A byte-order mark inside a cell (files joined together) is dropped too: it is invisible.
fn clean(cell: &str) -> String {
    if is_clean(cell) {
        return cell.to_string();
    }
    cell.split(is_gap)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`clean`] of a cell already owned: kept as it is when there is nothing to clean.
fn clean_owned(cell: String) -> String {
    if is_clean(&cell) {
        cell
    } else {
        clean(&cell)
    }
}

/// What [`clean`] treats as a gap between words.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Whether [`clean`] would return the cell unchanged: no gap at either end, and every gap inside
/// one plain space. Most cells are like this, and the check costs less than the cleaning.
fn is_clean(cell: &str) -> bool {
    let mut gap_before = true; // at the start, a gap would be leading
    for c in cell.chars() {
        if c == ' ' {
            if gap_before {
                return false;
            }
            gap_before = true;
        } else if is_gap(c) {
            return false;
        } else {
            gap_before = false;
        }
    }
    // no trailing space (the empty cell is clean)
    !gap_before || cell.is_empty()
}

/// A number as a spreadsheet shows it in a General cell: whole numbers without a decimal part.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        format!("{n}")
    }
}

/// Reads the records of a file: the first sheet of a workbook (known by the zip magic, whatever
/// its name) or CSV text.
pub(crate) fn read(file: &str, bytes: &[u8]) -> Result<Records, TableError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(TableError::TooLarge {
            file: file.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(TableError::OldExcel {
            file: file.to_string(),
        });
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        let text = decode(file, bytes)?;
        return Ok(Records {
            file: file.to_string(),
            sheet: None,
            raw: csv::records(file, text)?,
            numbers: Numbers::default(),
        });
    }
    xlsx::records(file, bytes)
}

#[cfg(test)]
pub(crate) mod testing {
    //! A made-up table for the tests of the reader: three required columns.

    use super::header::Table;
    use super::*;

    pub(crate) const SPECS: &[ColumnSpec] = &[
        ColumnSpec {
            name: "nip",
            aliases: &["nip"],
            required: true,
        },
        ColumnSpec {
            name: "nama",
            aliases: &["nama", "nama lengkap"],
            required: true,
        },
        ColumnSpec {
            name: "kode_opd",
            aliases: &["kode opd", "opd"],
            required: true,
        },
    ];

    pub(crate) fn table_of(file: &str, bytes: &[u8]) -> Result<Table, TableError> {
        read_table(read(file, bytes)?, SPECS)
    }

    pub(crate) fn table(text: &str) -> Table {
        table_of("t.csv", text.as_bytes()).unwrap()
    }

    pub(crate) fn table_err(text: &str) -> TableError {
        table_of("t.csv", text.as_bytes()).unwrap_err()
    }

    pub(crate) fn shown(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    /// The records' start lines and cells.
    pub(crate) fn rows(t: &Table) -> Vec<(usize, Vec<&str>)> {
        t.records
            .iter()
            .map(|(line, cells)| (*line, cells.iter().map(String::as_str).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn too_large() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        let e = table_of("big.csv", &bytes).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "big.csv: file is {} bytes; the limit is 67108864 bytes (64 MiB)",
                MAX_FILE_BYTES + 1
            )
        );
    }

    #[test]
    fn empty_files() {
        for text in ["", "\u{feff}", "\n\r\n  \n", ";;;\n;;\n"] {
            assert_eq!(
                table_err(text),
                TableError::Empty {
                    file: "t.csv".into()
                },
                "{text:?}"
            );
        }
        assert_eq!(table_err("").to_string(), "t.csv: the file is empty");
        // A header and nothing else is a valid, empty table.
        let t = table("NIP;Nama;Kode OPD\r\n");
        assert!(t.records.is_empty() && t.problems.is_empty());
    }

    #[test]
    fn a_stray_byte_order_mark_is_dropped() {
        let t = table("NIP;Nama;\u{feff}Kode OPD\n198609262015051001;\u{feff}Siti;RSUD\u{feff}\n");
        assert!(t.problems.is_empty() && t.warnings.is_empty());
        assert_eq!(t.headers, ["NIP", "Nama", "Kode OPD"]);
        assert_eq!(rows(&t), [(2, vec!["198609262015051001", "Siti", "RSUD"])]);
    }

    #[test]
    fn a_clean_cell_is_kept_and_others_are_cleaned_as_before() {
        // the cleaning without the shortcut, as it always was
        let slow = |c: &str| {
            c.split(|ch: char| ch.is_whitespace() || ch == '\u{feff}')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for cell in [
            "",
            " ",
            "a",
            "Siti Aminah",
            " Siti",
            "Siti ",
            "Siti  Aminah",
            "Siti\tAminah",
            "Siti\nAminah",
            "Siti\u{a0}Aminah",
            "\u{feff}Siti",
            "Si\u{feff}ti",
            "3",
            "Sangat sopan dan ramah",
        ] {
            assert_eq!(clean(cell), slow(cell), "{cell:?}");
            assert_eq!(clean_owned(cell.to_string()), slow(cell), "{cell:?}");
            assert_eq!(is_clean(cell), clean(cell) == cell, "{cell:?}");
        }
    }

    #[test]
    fn numbers_are_found_by_row_and_column_whatever_order_they_came_in() {
        let mut n = Numbers::default();
        n.push(3, 1, 1.0);
        n.push(2, 4, 2.0);
        n.push(3, 1, 3.0); // the same cell again: the later note holds
        n.push(2, 0, 4.0);
        n.finish();
        assert_eq!(n.get(3, 1), Some(3.0));
        assert_eq!(n.get(2, 4), Some(2.0));
        assert_eq!(n.get(2, 0), Some(4.0));
        assert_eq!(n.get(2, 1), None);
        assert_eq!(n.get(usize::MAX, 0), None);
    }

    #[test]
    fn wrong_kinds_of_file() {
        // a zip is read as a workbook whatever its name; a broken one says so
        let e = table_of("p.csv", b"PK\x03\x04rest").unwrap_err();
        assert!(matches!(e, TableError::Workbook { .. }));
        assert!(
            e.to_string().starts_with("p.csv: cannot read the workbook"),
            "{e}"
        );
        let e = table_of("p.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("p.xlsx: this is an old Excel 97-2003 workbook"));
        let e = table_of("p.csv", b"\xFF\xFEN\x00I\x00P\x00").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv: the file is UTF-16 text; save it as \"CSV UTF-8 (comma delimited)\""
        );
    }
}

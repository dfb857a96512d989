//! Roster (ASN) and agency lists from CSV as agencies export them from spreadsheets.
//!
//! What arrives is whatever Excel, LibreOffice or a government HR system wrote: comma or semicolon
//! (or tab) delimiters, a UTF-8 BOM or none, CRLF or LF, quoted cells with delimiters and line breaks,
//! blank and delimiter-only lines at the end, headers typed by hand in Indonesian or English.
//! The reader is lenient about form and strict about content:
//! - whole-file failures (not UTF-8, no header, a required column missing, too large) are a
//!   [`RosterError`];
//! - a bad row is a [`Problem`] naming the file, the physical line the record starts on, the column
//!   as headed in the file, and the reason; the row is left out and the rest is still read;
//! - something odd but acceptable (an unknown column, a flagged NIP) is a warning.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use crate::domain::model::{Agency, Employee, EmploymentKind};
use crate::domain::nip::{Nip, NipFlag};

/// Largest file accepted (64 MiB); a kabupaten roster is well under 1 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Most columns accepted in the header line.
pub const MAX_COLUMNS: usize = 200;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One thing wrong (or worth a look) in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file label given by the caller (usually the file name).
    pub file: String,
    /// The physical line (1-based) the record starts on.
    pub line: usize,
    /// The column as headed in the file, or `row` for the record as a whole.
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

/// The rows read, each with the line it starts on, plus the rows refused and the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    pub rows: Vec<(usize, T)>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
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
    #[error(
        "{file}: this is an Excel workbook (XLSX), not CSV; open it and save as \"CSV UTF-8\", \
         or import it as XLSX"
    )]
    Workbook { file: String },
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
        "{file}:{line}: the first line {first:?} is not a header: none of its cells names a known \
         column; the first line must name the columns ({expected})"
    )]
    NoHeader {
        file: String,
        line: usize,
        first: String,
        expected: String,
    },
    #[error("{file}:{line}: the header has {found} columns; the limit is {limit}")]
    TooManyColumns {
        file: String,
        line: usize,
        found: usize,
        limit: usize,
    },
    #[error(
        "{file}:{line}: required column {column:?} is missing (accepted names: {accepted}); \
         headers found: {found}"
    )]
    MissingColumn {
        file: String,
        line: usize,
        column: &'static str,
        accepted: String,
        found: String,
    },
    #[error(
        "{file}:{line}: columns {first:?} and {second:?} both hold {column:?}; remove or rename one"
    )]
    DuplicateColumn {
        file: String,
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
fn clean(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The delimiter that occurs most often in the first non-blank line, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
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
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, RosterError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RosterError::TooLarge {
            file: file.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(RosterError::Workbook {
            file: file.to_string(),
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
    Ok(text)
}

/// A CSV read into lines and cells, with the header mapped onto known columns.
struct Sheet {
    /// Header text (trimmed) of each column, as the file has it.
    headers: Vec<String>,
    /// For each spec index, the file column holding it.
    map: Vec<Option<usize>>,
    /// Data records: start line and cleaned cells (always `headers.len()` long).
    records: Vec<(usize, Vec<String>)>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Sheet {
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

fn read_records(file: &str, text: &str) -> Result<Vec<RawRecord>, RosterError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
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
                    line: e.position().map_or(0, |p| p.line() as usize),
                    message: e.to_string(),
                })
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
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
    file: &str,
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
                        file: file.to_string(),
                        line,
                        column: specs[col].name,
                        first: headers[prev].clone(),
                        second: h.clone(),
                    });
                }
                map[col] = Some(i);
            }
            None => warnings.push(Problem {
                file: file.to_string(),
                line,
                field: h.clone(),
                reason: "column not recognised; ignored".to_string(),
            }),
        }
    }
    if map.iter().all(Option::is_none) {
        return Ok(None);
    }
    Ok(Some((map, warnings)))
}

fn read_sheet(file: &str, bytes: &[u8], specs: &[ColumnSpec]) -> Result<Sheet, RosterError> {
    let text = decode(file, bytes)?;
    let raw = read_records(file, text)?;
    let Some((first_line, first_cells)) = raw.first() else {
        return Err(RosterError::Empty {
            file: file.to_string(),
        });
    };

    // The header is the first record naming a known column, within the first few records.
    let mut found = None;
    for (idx, (line, cells)) in raw.iter().take(MAX_LINES_ABOVE_HEADER + 1).enumerate() {
        let cells = match cells {
            Ok(cells) => cells,
            Err(width) => {
                return Err(RosterError::TooManyColumns {
                    file: file.to_string(),
                    line: *line,
                    found: *width,
                    limit: MAX_COLUMNS,
                })
            }
        };
        if let Some(mapped) = map_header(file, *line, cells, specs)? {
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
            file: file.to_string(),
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
            file: file.to_string(),
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
        .map(|(line, cells)| Problem {
            file: file.to_string(),
            line: *line,
            field: "row".to_string(),
            reason: match cells {
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
    for (line, cells) in raw.into_iter().skip(header_idx + 1) {
        let fits = match &cells {
            Ok(cells) => {
                cells.len() >= needed && cells.iter().skip(headers.len()).all(String::is_empty)
            }
            Err(_) => false,
        };
        match cells {
            Ok(mut cells) if fits => {
                cells.resize(headers.len(), String::new());
                records.push((line, cells));
            }
            other => {
                let width = match other {
                    Ok(cells) => cells.len(),
                    Err(width) => width,
                };
                problems.push(Problem {
                    file: file.to_string(),
                    line,
                    field: "row".to_string(),
                    reason: format!(
                        "has {width} fields but the header has {}; check for a missing or extra \
                         delimiter or an unclosed quote",
                        needed
                    ),
                });
            }
        }
    }
    Ok(Sheet {
        headers,
        map,
        records,
        problems,
        warnings: warnings_above,
    })
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

/// Reads a roster (ASN list). `today` bounds the dates inside each NIP.
pub fn parse_roster(
    file_label: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Parsed<Employee>, RosterError> {
    let sheet = read_sheet(file_label, bytes, ROSTER_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut warnings = sheet.warnings.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<Nip, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: String| Problem {
        file: file_label.to_string(),
        line,
        field: sheet.label(ROSTER_COLUMNS, col),
        reason,
    };

    for (line, cells) in &sheet.records {
        let line = *line;
        let before = problems.len();

        let nip_cell = strip_text_markers(sheet.cell(cells, NIP));
        let info = if nip_cell.is_empty() {
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
                    format!("{} already appears on line {first}", info.nip),
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
            let mut reason = format!("{} ({}): {}", info.nip, flag.label(), flag.description());
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
    })
}

/// Reads an agency (OPD) list. Codes are kept as written; duplicates are found ignoring case.
pub fn parse_agencies(file_label: &str, bytes: &[u8]) -> Result<Parsed<Agency>, RosterError> {
    let sheet = read_sheet(file_label, bytes, AGENCY_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: String| Problem {
        file: file_label.to_string(),
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
                    format!("{code:?} already appears on line {first}"),
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
        warnings: sheet.warnings,
    })
}

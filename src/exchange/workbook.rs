//! Reading the sheets of an XLSX workbook (the first, or all of them) as rows of cells, with limits checked before anything large is allocated.
//!
//! Agencies keep rosters in spreadsheets; this module turns one into the same rows the CSV reader
//! produces, so the roster and agency readers ([`super::roster`]) apply one set of rules to both.
//! A workbook is a zip archive of XML files, so a small file can unpack to gigabytes (a "zip bomb")
//! and a sheet can claim a million rows. Before calamine reads anything, the zip directory is
//! checked (entry count, declared sizes), every entry is unpacked once into nothing to measure its
//! real size, and the shared-string count the workbook announces is checked (calamine reserves
//! memory for it up front). While the sheet is read, rows and cells are counted and reading stops
//! at the limit. Everything here is a plain error message; the caller adds the file name.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

/// The zip local-file-header magic: every XLSX (and every zip) starts with it.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The OLE2 compound-file magic: old `.xls` workbooks and password-protected `.xlsx` files.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Most bytes all entries of a workbook may unpack to (256 MiB).
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Most entries (files) in the workbook's zip directory.
pub const MAX_ENTRIES: usize = 10_000;
/// Most rows read from the sheet; a provincial roster has a few tens of thousands.
pub const MAX_ROWS: u32 = 200_000;
/// Most non-empty cells read from the sheet (and most shared strings announced).
pub const MAX_CELLS: u64 = 4_000_000;

/// One cell as the sheet holds it: text (dates, booleans and formulas' results as text), or a
/// number (kept apart because a number cannot hold an 18-digit NIP).
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
}

/// A row of the sheet: its row number as the spreadsheet shows it (1-based) and its cells from
/// column A, or only its width when it is wider than the caller's column limit.
pub type SheetRow = (usize, Result<Vec<CellValue>, usize>);

/// One worksheet of a workbook (the first one, or each one for [`read_all_sheets`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FirstSheet {
    pub name: String,
    pub rows: Vec<SheetRow>,
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    #[error("cannot read the workbook ({0}); open it in a spreadsheet and save it again as \"Excel Workbook (.xlsx)\"")]
    Unreadable(String),
    #[error("this zip archive is not an Excel workbook (.xlsx); an OpenDocument (.ods) or other file? Save it as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\"")]
    NotXlsx,
    #[error("the workbook has no worksheet")]
    NoSheet,
    #[error(
        "the first sheet {0:?} is not a worksheet (a chart?); move the roster to the first sheet"
    )]
    NotWorksheet(String),
    #[error(
        "{0}; the limit guards this laptop's memory: split the file, or check it is the right one"
    )]
    TooLarge(String),
}

fn too_large(what: String) -> WorkbookError {
    WorkbookError::TooLarge(what)
}

/// Checks the zip directory and the real unpacked sizes before calamine reads the workbook.
fn check_archive(bytes: &[u8], max_unpacked: u64) -> Result<(), WorkbookError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(format!(
            "the workbook holds {} files; the limit is {MAX_ENTRIES}",
            zip.len()
        )));
    }
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Err(WorkbookError::NotXlsx);
    }
    let limit_msg = || {
        too_large(format!(
            "the workbook unpacks to more than {} MiB",
            max_unpacked / (1024 * 1024)
        ))
    };
    // Declared sizes first (cheap), then the real sizes: a declared size can lie.
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
        declared = declared.saturating_add(entry.size());
        if declared > max_unpacked {
            return Err(limit_msg());
        }
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("entry {i}"));
        let budget = max_unpacked - total;
        let mut limited = entry.take(budget + 1);
        let n = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| WorkbookError::Unreadable(format!("{name}: {e}")))?;
        total += n;
        if total > max_unpacked {
            return Err(limit_msg());
        }
    }
    check_shared_string_count(&mut zip)
}

/// calamine reserves room for the number of shared strings the workbook announces; check it first.
fn check_shared_string_count(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<(), WorkbookError> {
    let Some(i) = zip.index_for_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let entry = zip
        .by_index(i)
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let mut head = Vec::with_capacity(4096);
    entry
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let head = String::from_utf8_lossy(&head);
    for attr in ["uniqueCount=\"", "count=\""] {
        let Some(at) = head.find(attr) else { continue };
        let digits: String = head[at + attr.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        // An absurd count (more digits than a u64) is as bad as a large one.
        let n = digits.parse::<u64>().unwrap_or(u64::MAX);
        if n > MAX_CELLS {
            return Err(too_large(format!(
                "the workbook announces {digits} shared strings; the limit is {MAX_CELLS}"
            )));
        }
    }
    Ok(())
}

/// The text of a non-number cell, as a person reads it in the spreadsheet.
fn cell_text(value: &DataRef<'_>) -> Option<CellValue> {
    Some(CellValue::Text(match value {
        DataRef::Empty => return None,
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => return Some(CellValue::Number(*f)),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }))
}

/// Reads the first worksheet. Rows wider than `max_columns` keep only their width.
pub fn read_first_sheet(bytes: &[u8], max_columns: usize) -> Result<FirstSheet, WorkbookError> {
    check_archive(bytes, MAX_UNPACKED_BYTES)?;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(WorkbookError::NoSheet)?;
    match read_sheet(&mut book, &name, max_columns)? {
        Some(sheet) => Ok(sheet),
        None => Err(WorkbookError::NotWorksheet(name)),
    }
}

/// Reads every worksheet, in workbook order (chart sheets are left out), each with the same
/// limits as [`read_first_sheet`]; the archive checks bound the workbook as a whole.
pub fn read_all_sheets(bytes: &[u8], max_columns: usize) -> Result<Vec<FirstSheet>, WorkbookError> {
    check_archive(bytes, MAX_UNPACKED_BYTES)?;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(WorkbookError::NoSheet);
    }
    let mut out = Vec::new();
    for name in names {
        if let Some(sheet) = read_sheet(&mut book, &name, max_columns)? {
            out.push(sheet);
        }
    }
    Ok(out)
}

/// Reads one sheet by name; `None` when it is not a worksheet (a chart sheet).
fn read_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    max_columns: usize,
) -> Result<Option<FirstSheet>, WorkbookError> {
    let name = name.to_string();
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(c) => c,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(WorkbookError::Unreadable(e.to_string())),
    };
    let dim = cells.dimensions();
    let declared_rows = dim.end.0.saturating_sub(dim.start.0).saturating_add(1);
    if dim.len() > 0 && declared_rows > MAX_ROWS {
        return Err(too_large(format!(
            "sheet {name:?} declares {declared_rows} rows; the limit is {MAX_ROWS}"
        )));
    }

    let mut rows: Vec<SheetRow> = Vec::new();
    let mut current: Option<(u32, Result<Vec<CellValue>, usize>)> = None;
    let mut count: u64 = 0;
    // the width of the last row read
    let mut width = 0;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| WorkbookError::Unreadable(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let Some(value) = cell_text(cell.get_value()) else {
            continue;
        };
        count += 1;
        if count > MAX_CELLS {
            return Err(too_large(format!(
                "sheet {name:?} has more than {MAX_CELLS} cells"
            )));
        }
        if row >= MAX_ROWS {
            return Err(too_large(format!(
                "sheet {name:?} has data in row {}; the limit is {MAX_ROWS} rows",
                u64::from(row) + 1
            )));
        }
        if current.as_ref().is_some_and(|(r, _)| *r != row) {
            if let Some((r, c)) = current.take() {
                if let Ok(values) = &c {
                    width = values.len();
                }
                rows.push((r as usize + 1, c));
            }
        }
        // rows are mostly as wide as the one before: room for that many cells at once
        let (_, record) =
            current.get_or_insert_with(|| (row, Ok(Vec::with_capacity(width.min(max_columns)))));
        let col = col as usize;
        match record {
            Ok(values) if col < max_columns => {
                if values.len() <= col {
                    values.resize(col + 1, CellValue::Text(String::new()));
                }
                values[col] = value;
            }
            Ok(_) => *record = Err(col + 1),
            Err(width) => *width = (*width).max(col + 1),
        }
    }
    if let Some((r, c)) = current.take() {
        rows.push((r as usize + 1, c));
    }
    Ok(Some(FirstSheet { name, rows }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    fn book(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Pegawai").unwrap();
        build(ws);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_text_numbers_dates_and_gaps() {
        let bytes = book(|ws| {
            ws.write_string(0, 0, "NIP").unwrap();
            ws.write_string(0, 2, "Nama").unwrap();
            ws.write_string(2, 0, "198609262015051001").unwrap();
            ws.write_number(2, 1, 42.0).unwrap();
            ws.write_boolean(2, 2, true).unwrap();
            let d = chrono::NaiveDate::from_ymd_opt(2026, 2, 3).unwrap();
            let f = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
            ws.write_datetime_with_format(2, 3, d, &f).unwrap();
        });
        let sheet = read_first_sheet(&bytes, 10).unwrap();
        assert_eq!(sheet.name, "Pegawai");
        let t = |s: &str| CellValue::Text(s.to_string());
        assert_eq!(
            sheet.rows,
            vec![
                (1, Ok(vec![t("NIP"), t(""), t("Nama")])),
                (
                    3,
                    Ok(vec![
                        t("198609262015051001"),
                        CellValue::Number(42.0),
                        t("TRUE"),
                        t("2026-02-03")
                    ])
                ),
            ]
        );
    }

    #[test]
    fn wide_rows_keep_only_their_width() {
        let bytes = book(|ws| {
            ws.write_string(0, 0, "a").unwrap();
            ws.write_string(0, 7, "h").unwrap();
        });
        let sheet = read_first_sheet(&bytes, 5).unwrap();
        assert_eq!(sheet.rows, vec![(1, Err(8))]);
    }

    #[test]
    fn not_a_workbook() {
        // a zip without xl/workbook.xml
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, b"<x/>").unwrap();
            z.finish().unwrap();
        }
        assert_eq!(
            read_first_sheet(buf.get_ref(), 10),
            Err(WorkbookError::NotXlsx)
        );
        assert!(matches!(
            read_first_sheet(b"PK\x03\x04rest", 10),
            Err(WorkbookError::Unreadable(_))
        ));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_calamine_reads_it() {
        // 3 MiB of spaces compress to a few KiB; the check is run with a 2 MiB limit.
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            z.start_file("xl/workbook.xml", opts).unwrap();
            std::io::Write::write_all(&mut z, b"<workbook/>").unwrap();
            z.start_file("xl/sharedStrings.xml", opts).unwrap();
            let zeros = vec![b' '; 1024 * 1024];
            for _ in 0..3 {
                std::io::Write::write_all(&mut z, &zeros).unwrap();
            }
            z.finish().unwrap();
        }
        assert!(buf.get_ref().len() < 64 * 1024);
        let e = check_archive(buf.get_ref(), 2 * 1024 * 1024).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the workbook unpacks to more than 2 MiB; the limit guards this laptop's memory: \
             split the file, or check it is the right one"
        );
        assert_eq!(check_archive(buf.get_ref(), 4 * 1024 * 1024), Ok(()));
    }

    #[test]
    fn an_absurd_shared_string_count_is_refused() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            z.start_file("xl/workbook.xml", opts).unwrap();
            std::io::Write::write_all(&mut z, b"<workbook/>").unwrap();
            z.start_file("xl/sharedStrings.xml", opts).unwrap();
            std::io::Write::write_all(
                &mut z,
                b"<?xml version=\"1.0\"?><sst count=\"1\" uniqueCount=\"99999999999999\"></sst>",
            )
            .unwrap();
            z.finish().unwrap();
        }
        let e = read_first_sheet(buf.get_ref(), 10).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the workbook announces 99999999999999 shared strings"),
            "{e}"
        );
    }

    #[test]
    fn too_many_rows_are_refused_before_reading_them() {
        let bytes = book(|ws| {
            ws.write_string(0, 0, "NIP").unwrap();
            ws.write_string(MAX_ROWS, 0, "x").unwrap();
        });
        let e = read_first_sheet(&bytes, 10).unwrap_err();
        assert!(e.to_string().contains("declares 200001 rows"), "{e}");
    }
}

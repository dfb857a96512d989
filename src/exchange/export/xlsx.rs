//! XLSX export: one sheet per table that works as a working paper — bold frozen header row repeated on every printed page, column widths, wrapped text with its row heights, real date cells, NIPs and ids as text, an autofilter, dropdowns for the coded columns, landscape A4 fitted to the page width.
//!
//! Sheets are held in memory until the workbook is saved (an audit's tables are at most a few
//! thousand rows; rust_xlsxwriter's constant-memory mode writes a second, empty `<row>` for a
//! last row whose height was set, which Excel reports as damage).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, Format, FormatAlign, FormatBorder,
    IgnoreError, Workbook, XlsxError,
};

use super::schema::{ColType, Value};
use super::{AtomicFile, ExportError, Row, Sink, Table, Written};
use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::rating::RatingLevel;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row (0-based).
const LAST_ROW: u32 = 1_048_575;
/// Columns a person does not read but the import needs: the ids and the row's version. They stay
/// in the sheet, hidden, so an edited workbook still reads back.
const HIDDEN: [&str; 4] = ["audit_id", "temuan_id", "rekomendasi_id", "versi"];
/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;
/// The height of one line of text in the default font (Calibri 11), in points.
const LINE_POINTS: f64 = 15.0;
/// Excel's tallest row, in points.
const MAX_ROW_POINTS: f64 = 409.0;

pub struct XlsxSink {
    file: AtomicFile,
    book: Workbook,
    header: Format,
    date: Format,
    datetime: Format,
    wrap: Format,
    top: Format,
    decimal: Format,
    /// The sheet being written: its table, index and next row.
    current: Option<(&'static Table, usize, u32)>,
    sheets: usize,
    tables: Vec<(&'static str, usize)>,
}

impl XlsxSink {
    pub fn new(path: &Path) -> Result<XlsxSink, ExportError> {
        let file = AtomicFile::create(path)?;
        let mut book = Workbook::new();
        // Sheet data waits beside the target, not in a /tmp that may live in memory.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        book.set_tempdir(&dir).map_err(|e| xerr(path, e))?;
        Ok(XlsxSink {
            file,
            book,
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color("DDEBF7"),
            date: Format::new()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Top),
            datetime: Format::new()
                .set_num_format("dd/mm/yyyy hh:mm")
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            decimal: Format::new()
                .set_num_format("0.0#")
                .set_align(FormatAlign::Top),
            current: None,
            sheets: 0,
            tables: Vec::new(),
        })
    }

    fn err(&self, e: XlsxError) -> ExportError {
        xerr(self.file.path(), e)
    }
}

fn xerr(path: &Path, e: XlsxError) -> ExportError {
    ExportError::Xlsx {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// A text cut to what one cell holds.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL_CHARS || s.chars().count() <= MAX_CELL_CHARS {
        return s.into();
    }
    let mut t: String = s.chars().take(MAX_CELL_CHARS - 20).collect();
    t.push_str(" … (terpotong)");
    t.into()
}

/// How many lines a text takes in a column `width` characters wide, wrapped at words (a
/// conservative count: a line holds `width` characters, each paragraph starts a line).
fn lines(s: &str, width: f64) -> usize {
    let per_line = (width.floor() as usize).max(1);
    s.split('\n')
        .map(|p| {
            let n = p.chars().count();
            n.div_ceil(per_line).max(1)
        })
        .sum()
}

/// The answer of a `jawaban` row whose item takes a number, as the number it is.
fn number_answer(table: &Table, values: &[Value<'_>]) -> Option<f64> {
    if table.name != "jawaban" {
        return None;
    }
    let at = |name: &str| table.columns.iter().position(|c| c.name == name);
    let (kind, code) = (at("jenis_jawaban")?, at("jawaban_kode")?);
    match (values.get(kind)?, values.get(code)?) {
        (Value::Text("number"), Value::Text(code)) => {
            code.parse::<f64>().ok().filter(|x| x.is_finite())
        }
        _ => None,
    }
}

/// Whether a column's values are wrapped (texts and lists; a NIP or a date never needs it).
fn wraps(c: &super::schema::Column) -> bool {
    matches!(c.ty, ColType::Text | ColType::List)
}

/// The dropdown a coded column offers, so a value typed in the sheet is one the import takes.
fn validation(table: &str, column: &str) -> Option<DataValidation> {
    let list = |values: Vec<&str>, what: &str| {
        DataValidation::new()
            .allow_list_strings(&values)
            .ok()
            .and_then(|v| v.set_error_message(what).ok())
    };
    match (table, column) {
        ("temuan", "tingkat") => list(
            Severity::ALL.iter().map(|s| s.label_id()).collect(),
            "Pilih Rendah, Sedang atau Tinggi.",
        ),
        ("temuan", "tindak_lanjut_kode") => {
            let statuses: Vec<String> = FollowUpStatus::ALL
                .iter()
                .map(|s| format!("{} {}", s.number(), s.label_id()))
                .collect();
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1, 4))
                .set_input_title("Kode tindak lanjut")
                .and_then(|v| v.set_input_message(statuses.join("\n")))
                .and_then(|v| v.set_error_message("Isi 1, 2, 3 atau 4."))
                .ok()
        }
        ("rekomendasi", "hasil_kerja" | "perilaku_kerja") => list(
            RatingLevel::ALL.iter().map(|l| l.label_id()).collect(),
            "Pilih Di Atas Ekspektasi, Sesuai Ekspektasi atau Di Bawah Ekspektasi.",
        ),
        _ => None,
    }
}

impl Sink for XlsxSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        let header = self.header.clone();
        let path = self.file.path().to_path_buf();
        let ws = self.book.add_worksheet();
        ws.set_name(table.name).map_err(|e| xerr(&path, e))?;
        for (i, c) in table.columns.iter().enumerate() {
            let col = i as u16;
            ws.set_column_width(col, c.width)
                .map_err(|e| xerr(&path, e))?;
            if HIDDEN.contains(&c.name) {
                ws.set_column_hidden(col).map_err(|e| xerr(&path, e))?;
            }
            ws.write_string_with_format(0, col, c.name, &header)
                .map_err(|e| xerr(&path, e))?;
            // An 18-digit NIP or a numeric code kept as text is meant: no green warning triangle.
            if matches!(c.ty, ColType::Text | ColType::Nip | ColType::List) {
                ws.ignore_error_range(1, col, LAST_ROW, col, IgnoreError::NumberStoredAsText)
                    .map_err(|e| xerr(&path, e))?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| xerr(&path, e))?;
        // printed as a working paper: landscape A4, one page wide, the header on every page
        ws.set_landscape()
            .set_paper_size(PAPER_A4)
            .set_print_fit_to_pages(1, 0)
            .set_footer("&L&A&RHalaman &P dari &N");
        ws.set_repeat_rows(0, 0).map_err(|e| xerr(&path, e))?;
        self.current = Some((table, self.sheets, 1));
        self.sheets += 1;
        self.tables.push((table.name, 0));
        Ok(())
    }

    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError> {
        let Some((table, index, r)) = self.current else {
            return Ok(());
        };
        if r > LAST_ROW {
            return Err(ExportError::Target {
                path: self.file.path().display().to_string(),
                reason: format!(
                    "table {} has more rows than a sheet holds (1 048 575); export it as CSV",
                    table.name
                ),
            });
        }
        if let Row::Summary(summary) = &row {
            // the document's own title, subject and author, as a file browser or Word shows them
            let author = if summary.team.is_empty() {
                "Periksa".to_string()
            } else {
                summary.team.join(", ")
            };
            self.book.set_properties(
                &DocProperties::new()
                    .set_title(format!("Kertas kerja pemeriksaan — {}", summary.title))
                    .set_subject(format!("{} ({})", summary.agency_name, summary.agency_code))
                    .set_author(author)
                    .set_keywords("Periksa, KKP"),
            );
        }
        let values = row.values();
        let ws = self
            .book
            .worksheet_from_index(index)
            .map_err(|e| xerr(self.file.path(), e))?;
        // the row as tall as its longest wrapped text, so every line shows (LibreOffice does not
        // grow a row by itself when it opens the file)
        let tallest = values
            .iter()
            .zip(table.columns)
            .filter(|(_, c)| wraps(c))
            .map(|(v, c)| match v {
                Value::Text(s) => lines(s, c.width),
                Value::List(items) => lines(&items.join("; "), c.width),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if tallest > 1 {
            let points = (tallest as f64 * LINE_POINTS).min(MAX_ROW_POINTS);
            ws.set_row_height(r, points)
                .map_err(|e| xerr(self.file.path(), e))?;
        }
        // a number item's answer is a number cell, so the sheet can sum and sort it (its code stays
        // text beside it)
        let number_answer = number_answer(table, &values);
        for (i, (v, c)) in values.iter().zip(table.columns).enumerate() {
            let col = i as u16;
            if let (Some(x), "jawaban") = (number_answer, c.name) {
                ws.write_number_with_format(r, col, x, &self.decimal)
                    .map_err(|e| xerr(self.file.path(), e))?;
                continue;
            }
            let written = match v {
                Value::Null => continue,
                Value::Text(s) if wraps(c) => {
                    ws.write_string_with_format(r, col, fit(s), &self.wrap)
                }
                Value::Text(s) | Value::Nip(s) => {
                    ws.write_string_with_format(r, col, fit(s), &self.top)
                }
                Value::List(items) => {
                    ws.write_string_with_format(r, col, fit(&items.join("; ")), &self.wrap)
                }
                Value::Integer(n) => ws.write_number_with_format(r, col, *n as f64, &self.top),
                Value::Decimal(x) => ws.write_number_with_format(r, col, *x, &self.decimal),
                Value::Date(d) => ws.write_datetime_with_format(r, col, d, &self.date),
                Value::DateTime(t) => {
                    let local = t.with_timezone(&chrono::Local).naive_local();
                    ws.write_datetime_with_format(r, col, local, &self.datetime)
                }
            };
            written.map_err(|e| xerr(self.file.path(), e))?;
        }
        self.current = Some((table, index, r + 1));
        if let Some(t) = self.tables.last_mut() {
            t.1 += 1;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ExportError> {
        let Some((table, index, next)) = self.current.take() else {
            return Ok(());
        };
        let path = self.file.path().to_path_buf();
        let ws = self
            .book
            .worksheet_from_index(index)
            .map_err(|e| xerr(&path, e))?;
        let last_col = table.columns.len().saturating_sub(1) as u16;
        let last_row = next.saturating_sub(1);
        // a filter on every column of the header, over the rows written
        ws.autofilter(0, 0, last_row.max(1), last_col)
            .map_err(|e| xerr(&path, e))?;
        for (i, c) in table.columns.iter().enumerate() {
            if let Some(v) = validation(table.name, c.name) {
                // the rows written and room for rows added in the sheet
                let rows = (last_row + 1000).min(LAST_ROW);
                ws.add_data_validation(1, i as u16, rows, i as u16, &v)
                    .map_err(|e| xerr(&path, e))?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<Written>, ExportError> {
        self.end()?;
        let path = self.file.path().to_path_buf();
        let out = self.file.file_mut()?;
        let saved = self.book.save_to_writer(out);
        saved.map_err(|e| self.err(e))?;
        let tables = std::mem::take(&mut self.tables);
        let bytes = self.file.commit()?;
        Ok(vec![Written {
            path,
            bytes,
            tables,
        }])
    }
}

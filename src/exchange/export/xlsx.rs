//! XLSX export: one sheet per table, bold frozen header row, column widths, real date cells, NIPs and ids as text.
//!
//! Sheets are written in rust_xlsxwriter's constant-memory mode: each row goes to a temp file in
//! the target folder as soon as the next one starts, so memory stays flat however many rows.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatBorder, IgnoreError, Workbook, XlsxError};

use super::schema::{ColType, Value};
use super::{AtomicFile, ExportError, Row, Sink, Table, Written};

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row (0-based).
const LAST_ROW: u32 = 1_048_575;

pub struct XlsxSink {
    file: AtomicFile,
    book: Workbook,
    header: Format,
    date: Format,
    datetime: Format,
    wrap: Format,
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
            date: Format::new().set_num_format("dd/mm/yyyy"),
            datetime: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            wrap: Format::new().set_text_wrap(),
            decimal: Format::new().set_num_format("0.0#"),
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

impl Sink for XlsxSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        let header = self.header.clone();
        let path = self.file.path().to_path_buf();
        let ws = self
            .book
            .add_worksheet_with_constant_memory()
            .map_err(|e| xerr(&path, e))?;
        ws.set_name(table.name).map_err(|e| xerr(&path, e))?;
        for (i, c) in table.columns.iter().enumerate() {
            let col = i as u16;
            ws.set_column_width(col, c.width)
                .map_err(|e| xerr(&path, e))?;
            ws.write_string_with_format(0, col, c.name, &header)
                .map_err(|e| xerr(&path, e))?;
            // An 18-digit NIP or a numeric code kept as text is meant: no green warning triangle.
            if matches!(c.ty, ColType::Text | ColType::Nip | ColType::List) {
                ws.ignore_error_range(1, col, LAST_ROW, col, IgnoreError::NumberStoredAsText)
                    .map_err(|e| xerr(&path, e))?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| xerr(&path, e))?;
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
        let values = row.values();
        let ws = self
            .book
            .worksheet_from_index(index)
            .map_err(|e| xerr(self.file.path(), e))?;
        for (i, (v, c)) in values.iter().zip(table.columns).enumerate() {
            let col = i as u16;
            let written = match v {
                Value::Null => continue,
                Value::Text(s) | Value::Nip(s) if c.width >= 40.0 => {
                    ws.write_string_with_format(r, col, fit(s), &self.wrap)
                }
                Value::Text(s) | Value::Nip(s) => ws.write_string(r, col, fit(s)),
                Value::List(items) => ws.write_string(r, col, fit(&items.join("; "))),
                Value::Integer(n) => ws.write_number(r, col, *n as f64),
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
        self.current = None;
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

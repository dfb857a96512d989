//! XLSX export: one sheet per table that works as a working paper — a header row of readable Indonesian labels (the column codes the import reads kept in a hidden row above it), frozen and repeated on every printed page, column widths from the content, wrapped text with its row heights, real date cells, NIPs and ids as text, an autofilter, dropdowns for the coded columns, landscape A4 fitted to the page width; the summary as a two-column list of fields.
//!
//! A table's sheet: row 1 (hidden) holds the column codes (`kode_butir`, `tindak_lanjut_kode`, …),
//! row 2 their labels (`Kode butir`, `Kode tindak lanjut`, …), the data starts in row 3; the
//! autofilter, the frozen panes and the repeated print rows take row 2, so sorting or filtering
//! in LibreOffice or Excel moves only the data under it. The summary (`ringkasan`) is one row per
//! field: a hidden column of codes, the label, the value.
//!
//! Sheets are held in memory until the workbook is saved (an audit's tables are at most a few
//! thousand rows; rust_xlsxwriter's constant-memory mode writes a second, empty `<row>` for a
//! last row whose height was set, which Excel reports as damage). Column widths follow the
//! content, so they and the row heights that depend on them are set when a table ends.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet, XlsxError,
};

use super::schema::{ColType, Column, Value, RINGKASAN};
use super::{AtomicFile, ExportError, Row, Sink, Table, Written};
use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::rating::RatingLevel;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row (0-based).
const LAST_ROW: u32 = 1_048_575;
/// A table's hidden row of column codes, its row of labels and its first data row (0-based).
const CODE_ROW: u32 = 0;
const LABEL_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;
/// The summary's header: its two visible columns, the field and its value (column A, hidden,
/// holds each field's code).
const SUMMARY_HEADER: [&str; 3] = ["kolom", "Uraian", "Keterangan"];
/// Columns a person does not read but the import needs: the ids and the row's version. They stay
/// in the sheet, hidden, so an edited workbook still reads back (in the summary, the row). The
/// earlier audit's id of `tindak_lanjut_sebelumnya` is hidden with them: an id, not for reading
/// (its title and LHP number name the audit).
const HIDDEN: [&str; 5] = [
    "audit_id",
    "temuan_id",
    "rekomendasi_id",
    "versi",
    "audit_sebelumnya_id",
];
/// Columns of rupiah, shown with their thousands grouped and two decimals (the cell is the number).
const RUPIAH: [(&str, &str); 2] = [
    ("tindak_lanjut_sebelumnya", "nilai"),
    ("tindak_lanjut_sebelumnya", "dikembalikan"),
];
/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;
/// The height of one line of text in the default font (Calibri 11), in points.
const LINE_POINTS: f64 = 15.0;
/// Excel's tallest row, in points.
const MAX_ROW_POINTS: f64 = 409.0;
/// The narrowest a column gets (characters), whatever it holds.
const MIN_WIDTH: f64 = 6.0;
/// What a column's width adds to its widest content: the cell's margins.
const PAD: f64 = 1.0;
/// The room the autofilter's button takes at the right of a label (characters).
const FILTER_BUTTON: f64 = 3.0;
/// A label up to this wide (with its filter button) widens its column to fit on one line; a
/// longer one takes two lines.
const LABEL_ONE_LINE: f64 = 14.0;
/// The widest a summary's label and value column get.
const SUMMARY_LABEL_WIDTH: f64 = 34.0;
const SUMMARY_VALUE_WIDTH: f64 = 70.0;

/// The table being written.
struct Current {
    table: &'static Table,
    /// The sheet's index in the workbook.
    index: usize,
    /// The next row to write (0-based).
    next: u32,
    /// Per sheet column, the widest line written (characters).
    widest: Vec<usize>,
    /// Every written row's wrapped texts (sheet column, text), for its height once the widths
    /// are known.
    wrapped: Vec<(u32, Vec<(usize, String)>)>,
    /// `jawaban`: runs of rows whose items take the same kind of answer (first row, last row,
    /// kind), for the answer code's dropdown.
    answer_runs: Vec<(u32, u32, String)>,
}

/// The cell formats of the workbook.
struct Styles {
    /// The label row (and the summary's header).
    header: Format,
    /// The hidden codes.
    code: Format,
    /// The summary's labels.
    field: Format,
    date: Format,
    datetime: Format,
    /// Texts and lists.
    wrap: Format,
    /// Everything else, top-aligned as the wrapped texts beside it.
    top: Format,
    decimal: Format,
    /// Rupiah: the thousands grouped, two decimals.
    rupiah: Format,
}

impl Styles {
    /// The formats, the values aligned to `align` (or as a spreadsheet aligns their type).
    fn new(align: Option<FormatAlign>) -> Styles {
        let value = |f: Format| {
            let f = f.set_align(FormatAlign::Top);
            match align {
                Some(a) => f.set_align(a),
                None => f,
            }
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color("DDEBF7"),
            code: Format::new().set_italic().set_font_color("808080"),
            field: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("F2F2F2"),
            date: value(Format::new().set_num_format("dd/mm/yyyy")),
            datetime: value(Format::new().set_num_format("dd/mm/yyyy hh:mm")),
            wrap: value(Format::new().set_text_wrap()),
            top: value(Format::new()),
            decimal: value(Format::new().set_num_format("0.0#")),
            // grouped as Indonesians write it whatever the reader's locale, as the register does
            rupiah: value(Format::new().set_num_format("[$-421]#,##0.00")),
        }
    }
}

pub struct XlsxSink {
    file: AtomicFile,
    book: Workbook,
    styles: Styles,
    /// The same, every value left-aligned: the summary's values are one column of mixed types.
    summary_styles: Styles,
    current: Option<Current>,
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
            styles: Styles::new(None),
            summary_styles: Styles::new(Some(FormatAlign::Left)),
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

/// How many lines a text takes in a column `width` characters wide, wrapped at spaces as a
/// spreadsheet does (a line holds `width` characters, each paragraph starts a line, a word
/// longer than a line is broken).
fn lines(s: &str, width: f64) -> usize {
    let per_line = (width.floor() as usize).max(1);
    s.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split(' ') {
                let n = word.chars().count();
                if used > 0 && used + 1 + n > per_line {
                    lines += 1;
                    used = 0;
                }
                if used > 0 {
                    used += 1 + n;
                } else if n > 0 {
                    lines += (n - 1) / per_line;
                    used = (n - 1) % per_line + 1;
                }
            }
            lines
        })
        .sum()
}

/// The widest line of a text (characters).
fn widest_line(s: &str) -> usize {
    s.split('\n').map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Whether a column of `table` holds rupiah.
fn is_rupiah(table: &Table, c: &Column) -> bool {
    RUPIAH.contains(&(table.name, c.name))
}

/// How wide an amount of rupiah shows with its thousands grouped and two decimals.
fn rupiah_width(x: f64) -> usize {
    let whole = format!("{:.0}", x.abs().trunc()).len();
    usize::from(x < 0.0) + whole + (whole - 1) / 3 + 3
}

/// How wide a value shows in its cell (characters), and its text when it wraps.
fn extent(v: &Value<'_>, c: &Column, rupiah: bool) -> (usize, Option<String>) {
    match v {
        Value::Decimal(x) if rupiah => (rupiah_width(*x), None),
        Value::Null => (0, None),
        Value::Text(s) => {
            let s = fit(s);
            (widest_line(&s), wraps(c).then(|| s.into_owned()))
        }
        Value::List(items) => {
            let s = fit(&items.join("; ")).into_owned();
            (widest_line(&s), Some(s))
        }
        Value::Nip(s) => (s.chars().count(), None),
        Value::Integer(n) => (n.to_string().len(), None),
        Value::Decimal(x) => (format!("{x:.2}").len(), None),
        Value::Date(_) => ("dd/mm/yyyy".len(), None),
        Value::DateTime(_) => ("dd/mm/yyyy hh:mm".len(), None),
    }
}

/// A column `widest` characters at most, no wider than `max` (nor narrower than [`MIN_WIDTH`]).
fn width_for(widest: usize, max: f64) -> f64 {
    (widest as f64 + PAD).clamp(MIN_WIDTH, max.max(MIN_WIDTH))
}

/// How wide a label needs its column, the filter button beside it: on one line when it is short,
/// else on two lines broken at a space (a word is never split).
fn label_width(label: &str) -> f64 {
    let chars = label.chars().count();
    let whole = chars as f64 + FILTER_BUTTON;
    if whole <= LABEL_ONE_LINE {
        return whole;
    }
    let longest_word = label
        .split(' ')
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let two_lines = (longest_word..chars)
        .find(|w| lines(label, *w as f64) <= 2)
        .unwrap_or(chars);
    (two_lines as f64 + FILTER_BUTTON).max(LABEL_ONE_LINE)
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
fn wraps(c: &Column) -> bool {
    matches!(c.ty, ColType::Text | ColType::List)
}

/// Whether the table is written as a list of fields, one row each (the one-row summary).
fn vertical(table: &Table) -> bool {
    table.name == RINGKASAN.name
}

/// The kind of answer (`compliance`, `score`, `yesno`, `number`) a `jawaban` row's item takes.
fn answer_kind(table: &Table, values: &[Value<'_>]) -> Option<String> {
    if table.name != "jawaban" {
        return None;
    }
    let at = table
        .columns
        .iter()
        .position(|c| c.name == "jenis_jawaban")?;
    match values.get(at)? {
        Value::Text(kind) => Some(kind.to_string()),
        _ => None,
    }
}

/// The dropdown of an answer code for an item of `kind`: the codes the export writes (any other
/// spelling the import reads, `sesuai`, `ya`, is let through with a warning). None for a number
/// item, whose answer is any number.
fn answer_validation(kind: &str) -> Option<DataValidation> {
    let (codes, words): (&[&str], &str) = match kind {
        "compliance" => (
            &["compliant", "partial", "noncompliant", "na"],
            "compliant = sesuai, partial = sebagian, noncompliant = tidak sesuai, na = tidak berlaku",
        ),
        "score" => (&["1", "2", "3", "4", "5", "na"], "1 sampai 5, atau na = tidak berlaku"),
        "yesno" => (&["yes", "no", "na"], "yes = ya, no = tidak, na = tidak berlaku"),
        _ => return None,
    };
    DataValidation::new()
        .allow_list_strings(codes)
        .and_then(|v| v.set_input_title("Kode jawaban"))
        .and_then(|v| v.set_input_message(words))
        .and_then(|v| v.set_error_message(format!("Pilih salah satu: {}.", codes.join(", "))))
        .map(|v| v.set_error_style(DataValidationErrorStyle::Warning))
        .ok()
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

/// Writes one value in its cell, typed: texts as strings (wrapped when long texts), numbers as
/// numbers, dates as dates.
fn write_value(
    ws: &mut Worksheet,
    (r, col): (u32, u16),
    v: &Value<'_>,
    c: &Column,
    f: &Styles,
    rupiah: bool,
) -> Result<(), XlsxError> {
    match v {
        Value::Null => Ok(()),
        Value::Decimal(x) if rupiah => ws.write_number_with_format(r, col, *x, &f.rupiah).map(drop),
        Value::Text(s) if wraps(c) => ws
            .write_string_with_format(r, col, fit(s), &f.wrap)
            .map(drop),
        Value::Text(s) | Value::Nip(s) => ws
            .write_string_with_format(r, col, fit(s), &f.top)
            .map(drop),
        Value::List(items) => ws
            .write_string_with_format(r, col, fit(&items.join("; ")), &f.wrap)
            .map(drop),
        Value::Integer(n) => ws
            .write_number_with_format(r, col, *n as f64, &f.top)
            .map(drop),
        Value::Decimal(x) => ws
            .write_number_with_format(r, col, *x, &f.decimal)
            .map(drop),
        Value::Date(d) => ws.write_datetime_with_format(r, col, d, &f.date).map(drop),
        Value::DateTime(t) => {
            let local = t.with_timezone(&chrono::Local).naive_local();
            ws.write_datetime_with_format(r, col, local, &f.datetime)
                .map(drop)
        }
    }
}

/// Sets each wrapped row as tall as its longest text in the columns' final widths, so every line
/// shows (LibreOffice does not grow a row by itself when it opens the file).
fn set_heights(
    ws: &mut Worksheet,
    widths: &[f64],
    wrapped: &[(u32, Vec<(usize, String)>)],
) -> Result<(), XlsxError> {
    for (r, cells) in wrapped {
        let tallest = cells
            .iter()
            .map(|(col, text)| lines(text, widths.get(*col).copied().unwrap_or(MIN_WIDTH)))
            .max()
            .unwrap_or(1);
        if tallest > 1 {
            let points = (tallest as f64 * LINE_POINTS).min(MAX_ROW_POINTS);
            ws.set_row_height(*r, points)?;
        }
    }
    Ok(())
}

/// Landscape A4, one page wide, numbered, with `row` repeated on every page.
fn print_as_working_paper(ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(PAPER_A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer("&L&A&RHalaman &P dari &N");
    ws.set_repeat_rows(row, row)?;
    Ok(())
}

impl XlsxSink {
    /// The summary's one row, one field a row: code (hidden), label, value.
    fn summary_row(&mut self, values: &[Value<'_>]) -> Result<(), ExportError> {
        let path = self.file.path().to_path_buf();
        let Some(cur) = self.current.as_mut() else {
            return Ok(());
        };
        let f = &self.summary_styles;
        let ws = self
            .book
            .worksheet_from_index(cur.index)
            .map_err(|e| xerr(&path, e))?;
        for (i, (v, c)) in values.iter().zip(cur.table.columns).enumerate() {
            let r = 1 + i as u32;
            ws.write_string_with_format(r, 0, c.name, &f.code)
                .map_err(|e| xerr(&path, e))?;
            ws.write_string_with_format(r, 1, c.label, &f.field)
                .map_err(|e| xerr(&path, e))?;
            write_value(ws, (r, 2), v, c, f, false).map_err(|e| xerr(&path, e))?;
            if HIDDEN.contains(&c.name) {
                ws.set_row_hidden(r).map_err(|e| xerr(&path, e))?;
                continue;
            }
            let (width, text) = extent(v, c, false);
            cur.widest[1] = cur.widest[1].max(c.label.chars().count());
            cur.widest[2] = cur.widest[2].max(width);
            let mut cells = vec![(1, c.label.to_string())];
            cells.extend(text.map(|t| (2, t)));
            cur.wrapped.push((r, cells));
        }
        cur.next = 1 + values.len() as u32;
        Ok(())
    }
}

impl Sink for XlsxSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        let (header, code) = (&self.styles.header, &self.styles.code);
        let path = self.file.path().to_path_buf();
        let ws = self.book.add_worksheet();
        ws.set_name(table.sheet).map_err(|e| xerr(&path, e))?;
        let x = |e| xerr(&path, e);
        let (widest, first) = if vertical(table) {
            // field | value, one row each; column A holds the codes, hidden
            for (col, text) in SUMMARY_HEADER.iter().enumerate() {
                let format = if col == 0 { code } else { header };
                ws.write_string_with_format(0, col as u16, *text, format)
                    .map_err(x)?;
            }
            ws.set_column_hidden(0).map_err(x)?;
            // a version such as 2026.1 is text and meant as such
            ws.ignore_error_range(0, 0, LAST_ROW, 2, IgnoreError::NumberStoredAsText)
                .map_err(x)?;
            ws.set_freeze_panes(1, 0).map_err(x)?;
            print_as_working_paper(ws, 0).map_err(x)?;
            let widest = SUMMARY_HEADER.iter().map(|h| h.chars().count()).collect();
            (widest, 1)
        } else {
            for (i, c) in table.columns.iter().enumerate() {
                let col = i as u16;
                ws.write_string_with_format(CODE_ROW, col, c.name, code)
                    .map_err(x)?;
                ws.write_string_with_format(LABEL_ROW, col, c.label, header)
                    .map_err(x)?;
                // An 18-digit NIP or a numeric code kept as text is meant: no green triangle.
                if matches!(c.ty, ColType::Text | ColType::Nip | ColType::List) {
                    ws.ignore_error_range(
                        FIRST_DATA_ROW,
                        col,
                        LAST_ROW,
                        col,
                        IgnoreError::NumberStoredAsText,
                    )
                    .map_err(x)?;
                }
            }
            // the codes are for the import; people read the labels under them
            ws.set_row_hidden(CODE_ROW).map_err(x)?;
            ws.set_freeze_panes(FIRST_DATA_ROW, 0).map_err(x)?;
            print_as_working_paper(ws, LABEL_ROW).map_err(x)?;
            (vec![0; table.columns.len()], FIRST_DATA_ROW)
        };
        self.current = Some(Current {
            table,
            index: self.sheets,
            next: first,
            widest,
            wrapped: Vec::new(),
            answer_runs: Vec::new(),
        });
        self.sheets += 1;
        // named as the workbook names them: the sheets
        self.tables.push((table.sheet, 0));
        Ok(())
    }

    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError> {
        let Some((table, index, r)) = self.current.as_ref().map(|c| (c.table, c.index, c.next))
        else {
            return Ok(());
        };
        if r > LAST_ROW {
            return Err(ExportError::Target {
                path: self.file.path().display().to_string(),
                reason: format!(
                    "table {} has more rows than a sheet holds ({} under the header); export it \
                     as CSV",
                    table.name,
                    LAST_ROW - FIRST_DATA_ROW + 1
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
        if vertical(table) {
            self.summary_row(&values)?;
        } else {
            let path = self.file.path().to_path_buf();
            let f = &self.styles;
            let ws = self
                .book
                .worksheet_from_index(index)
                .map_err(|e| xerr(&path, e))?;
            // a number item's answer is a number cell, so the sheet can sum and sort it (its code
            // stays text beside it)
            let number_answer = number_answer(table, &values);
            for (i, (v, c)) in values.iter().zip(table.columns).enumerate() {
                let col = i as u16;
                let written = match (number_answer, c.name) {
                    (Some(x), "jawaban") => {
                        ws.write_number_with_format(r, col, x, &f.decimal).map(drop)
                    }
                    _ => write_value(ws, (r, col), v, c, f, is_rupiah(table, c)),
                };
                written.map_err(|e| xerr(&path, e))?;
            }
            if let Some(cur) = self.current.as_mut() {
                let mut cells = Vec::new();
                for (i, (v, c)) in values.iter().zip(table.columns).enumerate() {
                    // a hidden column neither widens nor heightens what is seen
                    if HIDDEN.contains(&c.name) {
                        continue;
                    }
                    let (width, text) = extent(v, c, is_rupiah(table, c));
                    if let Some(w) = cur.widest.get_mut(i) {
                        *w = (*w).max(width);
                    }
                    cells.extend(text.map(|t| (i, t)));
                }
                if !cells.is_empty() {
                    cur.wrapped.push((r, cells));
                }
                if let Some(kind) = answer_kind(table, &values) {
                    match cur.answer_runs.last_mut() {
                        Some((_, last, k)) if *k == kind && *last + 1 == r => *last = r,
                        _ => cur.answer_runs.push((r, r, kind)),
                    }
                }
                cur.next = r + 1;
            }
        }
        if let Some(t) = self.tables.last_mut() {
            t.1 += 1;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ExportError> {
        let Some(cur) = self.current.take() else {
            return Ok(());
        };
        let table = cur.table;
        let path = self.file.path().to_path_buf();
        let ws = self
            .book
            .worksheet_from_index(cur.index)
            .map_err(|e| xerr(&path, e))?;
        let x = |e| xerr(&path, e);
        if vertical(table) {
            let widths = [
                width_for(
                    table
                        .columns
                        .iter()
                        .map(|c| c.name.len())
                        .max()
                        .unwrap_or(0),
                    SUMMARY_LABEL_WIDTH,
                ),
                width_for(cur.widest[1], SUMMARY_LABEL_WIDTH),
                width_for(cur.widest[2], SUMMARY_VALUE_WIDTH),
            ];
            for (col, w) in widths.iter().enumerate() {
                ws.set_column_width(col as u16, *w).map_err(x)?;
            }
            set_heights(ws, &widths, &cur.wrapped).map_err(x)?;
            return Ok(());
        }
        // each column as wide as its content (and its label) needs, within its bounds
        let widths: Vec<f64> = table
            .columns
            .iter()
            .zip(&cur.widest)
            .map(|(c, widest)| {
                if HIDDEN.contains(&c.name) {
                    // as wide as it may get, for whoever shows it
                    c.width
                } else {
                    width_for(*widest, c.width).max(label_width(c.label))
                }
            })
            .collect();
        for (i, (c, w)) in table.columns.iter().zip(&widths).enumerate() {
            let col = i as u16;
            ws.set_column_width(col, *w).map_err(x)?;
            if HIDDEN.contains(&c.name) {
                ws.set_column_hidden(col).map_err(x)?;
            }
        }
        // the label row as tall as its longest label, wrapped beside the filter button
        let label_lines = table
            .columns
            .iter()
            .zip(&widths)
            .filter(|(c, _)| !HIDDEN.contains(&c.name))
            .map(|(c, w)| lines(c.label, w - FILTER_BUTTON))
            .max()
            .unwrap_or(1);
        if label_lines > 1 {
            ws.set_row_height(LABEL_ROW, label_lines as f64 * LINE_POINTS)
                .map_err(x)?;
        }
        set_heights(ws, &widths, &cur.wrapped).map_err(x)?;
        let last_col = table.columns.len().saturating_sub(1) as u16;
        let last_row = cur.next.saturating_sub(1);
        // a filter on every column of the label row, over the rows written
        ws.autofilter(LABEL_ROW, 0, last_row.max(FIRST_DATA_ROW), last_col)
            .map_err(x)?;
        for (i, c) in table.columns.iter().enumerate() {
            if let Some(v) = validation(table.name, c.name) {
                // the rows written and room for rows added in the sheet
                let rows = (last_row + 1000).min(LAST_ROW);
                ws.add_data_validation(FIRST_DATA_ROW, i as u16, rows, i as u16, &v)
                    .map_err(x)?;
            }
        }
        // the answer code offers the answers of its item's kind
        if let Some(col) = table.columns.iter().position(|c| c.name == "jawaban_kode") {
            for (first, last, kind) in &cur.answer_runs {
                if let Some(v) = answer_validation(kind) {
                    ws.add_data_validation(*first, col as u16, *last, col as u16, &v)
                        .map_err(x)?;
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_words_as_a_spreadsheet_does() {
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("Kode tindak lanjut", 20.0), 1);
        // "Kode tindak" is 11 characters: in 10, "tindak" goes to the next line
        assert_eq!(lines("Kode tindak lanjut", 10.0), 3);
        assert_eq!(lines("Kode tindak lanjut", 11.0), 2);
        assert_eq!(lines("satu\ndua\n\ntiga", 40.0), 4);
        // a word longer than the line is broken over as many lines as it fills
        assert_eq!(lines(&"a".repeat(25), 10.0), 3);
        assert_eq!(lines(&format!("ab {}", "c".repeat(20)), 10.0), 3);
    }

    #[test]
    fn rupiah_is_as_wide_as_it_shows_grouped() {
        // 1.250.000,50
        assert_eq!(rupiah_width(1_250_000.5), 12);
        // 0,00 and 999,00 and 1.000,00
        assert_eq!(rupiah_width(0.0), 4);
        assert_eq!(rupiah_width(999.0), 6);
        assert_eq!(rupiah_width(1_000.0), 8);
        let table = &crate::exchange::export::schema::TINDAK_LANJUT_SEBELUMNYA;
        let c = table.column_named("nilai").unwrap();
        assert!(is_rupiah(table, c));
        assert!(!is_rupiah(
            table,
            table.column_named("no_rekomendasi").unwrap()
        ));
        assert_eq!(extent(&Value::Decimal(1_250_000.5), c, true).0, 12);
        assert_eq!(extent(&Value::Decimal(1_250_000.5), c, false).0, 10);
    }

    #[test]
    fn widths_follow_the_content_within_bounds() {
        assert_eq!(width_for(0, 40.0), MIN_WIDTH);
        assert_eq!(width_for(9, 40.0), 10.0);
        assert_eq!(width_for(300, 40.0), 40.0);
        // a short label fits on one line beside its filter button; a long one on two
        assert_eq!(label_width("NIP"), 6.0);
        assert_eq!(label_width("Kode butir"), 13.0);
        assert_eq!(label_width("Kode tindak lanjut"), 14.0);
        assert_eq!(label_width("Catatan tindak lanjut"), 16.0);
        assert_eq!(label_width("Tindak lanjut yang direkomendasikan"), 21.0);
        for label in ["Kode tindak lanjut", "Tindak lanjut yang direkomendasikan"] {
            assert_eq!(
                lines(label, label_width(label) - FILTER_BUTTON),
                2,
                "{label}"
            );
        }
    }
}

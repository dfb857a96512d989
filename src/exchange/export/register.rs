//! The follow-up register as a workbook: the matriks TLHP (one row per recommendation) and the recap per agency that inspectorates send up each semester, printed landscape with the header repeated.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{ExportError, Written};
use crate::domain::money::Rupiah;

/// One recommendation of the register, as the matrix shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub agency: String,
    pub audit: String,
    pub lhp: String,
    pub lhp_date: NaiveDate,
    /// The finding's title, after its kode temuan when it has one.
    pub finding: String,
    /// The recommendation's number, kode and text (`2. [06] …`).
    pub recommendation: String,
    /// The responsible official (`name, position`).
    pub official: String,
    /// Nilai temuan/kerugian, and what was returned or deposited (accepted).
    pub value: Option<Rupiah>,
    pub returned: Rupiah,
    /// 1–4.
    pub status: u8,
    pub status_label: String,
    pub due: Option<NaiveDate>,
    pub overdue: Option<i64>,
}

/// One line of the recap: an agency (or the total).
#[derive(Debug, Clone, PartialEq)]
pub struct RecapLine {
    pub agency: String,
    pub findings: usize,
    pub recommendations: usize,
    /// Recommendations in status 1, 2, 3, 4.
    pub by_status: [usize; 4],
    pub value: Rupiah,
    pub returned: Rupiah,
}

const PAPER_A4: u8 = 9;

/// How many lines `text` takes in a column `width` characters wide, wrapped at spaces.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = (width as usize).saturating_sub(1).max(1);
    text.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut used = 0;
            for word in para.split(' ') {
                let n = word.chars().count();
                if used > 0 && used + 1 + n > width {
                    lines += 1;
                    used = 0;
                }
                used += if used > 0 { 1 + n } else { n };
                while used > width {
                    lines += 1;
                    used -= width;
                }
            }
            lines
        })
        .sum()
}

/// Rupiah as a spreadsheet number (the sen as decimals).
fn rupiah(r: Rupiah) -> f64 {
    r.sen() as f64 / 100.0
}

pub(super) fn xerr(path: &Path, e: XlsxError) -> ExportError {
    ExportError::io(path, std::io::Error::other(e.to_string()))
}

pub(super) fn header(
    ws: &mut Worksheet,
    labels: &[(&str, f64)],
    f: &Format,
) -> Result<(), XlsxError> {
    for (i, (label, width)) in labels.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, *label, f)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape()
        .set_paper_size(PAPER_A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer("&L&A&RHalaman &P dari &N");
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The formats of a listing's header row and of its text cells (wrapped, top, thin borders),
/// shared by the register and the training recap workbooks.
pub(super) fn table_formats() -> (Format, Format) {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color("#EEEEEE");
    let text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    (head, text)
}

/// The register at `path`: sheet `matriks_tlhp`, then `rekap` (one line per agency, then the
/// total). `title` names the workbook.
pub fn write(
    path: &Path,
    title: &str,
    rows: &[RegisterRow],
    recap: &[RecapLine],
) -> Result<Written, ExportError> {
    let x = |e| xerr(path, e);
    let mut book = Workbook::new();
    let (head, text) = table_formats();
    // the months in Indonesian whatever the reader's locale (LCID 0421)
    let date = text.clone().set_num_format("[$-421]d mmm yyyy");
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let percent = number.clone().set_num_format("0.0%");
    // rupiah with the thousands grouped as Indonesians write them whatever the reader's locale
    let money = number.clone().set_num_format("[$-421]#,##0.00");

    let ws = book.add_worksheet();
    ws.set_name("matriks_tlhp").map_err(x)?;
    header(
        ws,
        &[
            ("No", 5.0),
            ("OPD", 24.0),
            ("Pemeriksaan", 30.0),
            ("LHP", 24.0),
            ("Tanggal LHP", 12.0),
            ("Temuan", 32.0),
            ("Rekomendasi", 40.0),
            ("Status", 22.0),
            ("Batas waktu", 12.0),
            ("Lewat (hari)", 9.0),
            ("Penanggung jawab", 24.0),
            ("Nilai (Rp)", 16.0),
            ("Dikembalikan/disetor (Rp)", 16.0),
        ],
        &head,
    )
    .map_err(x)?;
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &number)
            .map_err(x)?;
        for (col, s) in [
            (1, &r.agency),
            (2, &r.audit),
            (3, &r.lhp),
            (5, &r.finding),
            (6, &r.recommendation),
        ] {
            ws.write_string_with_format(row, col, s, &text).map_err(x)?;
        }
        ws.write_date_with_format(row, 4, r.lhp_date, &date)
            .map_err(x)?;
        ws.write_string_with_format(row, 7, format!("{} {}", r.status, r.status_label), &text)
            .map_err(x)?;
        match r.due {
            Some(d) => ws.write_date_with_format(row, 8, d, &date).map(drop),
            None => ws.write_blank(row, 8, &text).map(drop),
        }
        .map_err(x)?;
        match r.overdue {
            Some(n) => ws
                .write_number_with_format(row, 9, n as f64, &number)
                .map(drop),
            None => ws.write_blank(row, 9, &number).map(drop),
        }
        .map_err(x)?;
        ws.write_string_with_format(row, 10, &r.official, &text)
            .map_err(x)?;
        match r.value {
            Some(v) => ws
                .write_number_with_format(row, 11, rupiah(v), &money)
                .map(drop),
            None => ws.write_blank(row, 11, &money).map(drop),
        }
        .map_err(x)?;
        if r.value.is_some() || !r.returned.is_zero() {
            ws.write_number_with_format(row, 12, rupiah(r.returned), &money)
                .map_err(x)?;
        } else {
            ws.write_blank(row, 12, &money).map_err(x)?;
        }
        // as tall as its longest wrapped text, so LibreOffice shows every line
        let lines = [
            (&r.agency, 24.0),
            (&r.audit, 30.0),
            (&r.lhp, 24.0),
            (&r.finding, 32.0),
            (&r.recommendation, 40.0),
        ]
        .iter()
        .map(|(s, width)| wrapped_lines(s, *width))
        .max()
        .unwrap_or(1);
        ws.set_row_height(row, (lines as f64 * 15.0).min(409.0))
            .map_err(x)?;
    }
    if !rows.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, 12).map_err(x)?;
    }

    let ws = book.add_worksheet();
    ws.set_name("rekap").map_err(x)?;
    header(
        ws,
        &[
            ("OPD", 34.0),
            ("Temuan", 9.0),
            ("Rekomendasi", 12.0),
            ("1 Sesuai", 9.0),
            ("%", 7.0),
            ("2 Belum sesuai", 10.0),
            ("%", 7.0),
            ("3 Belum ditindaklanjuti", 14.0),
            ("%", 7.0),
            ("4 Tidak dapat ditindaklanjuti", 14.0),
            ("%", 7.0),
            ("Nilai (Rp)", 18.0),
            ("Dikembalikan/disetor (Rp)", 18.0),
        ],
        &head,
    )
    .map_err(x)?;
    for (i, line) in recap.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, &line.agency, &text)
            .map_err(x)?;
        ws.write_number_with_format(row, 1, line.findings as f64, &number)
            .map_err(x)?;
        ws.write_number_with_format(row, 2, line.recommendations as f64, &number)
            .map_err(x)?;
        for (s, count) in line.by_status.iter().enumerate() {
            let col = 3 + 2 * s as u16;
            ws.write_number_with_format(row, col, *count as f64, &number)
                .map_err(x)?;
            let share = if line.recommendations == 0 {
                0.0
            } else {
                *count as f64 / line.recommendations as f64
            };
            ws.write_number_with_format(row, col + 1, share, &percent)
                .map_err(x)?;
        }
        ws.write_number_with_format(row, 11, rupiah(line.value), &money)
            .map_err(x)?;
        ws.write_number_with_format(row, 12, rupiah(line.returned), &money)
            .map_err(x)?;
    }
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title)
            .set_keywords("Periksa, TLHP"),
    );
    let bytes = book.save_to_buffer().map_err(x)?;
    super::write_whole(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_words() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("satu dua tiga", 10.0), 2);
        assert_eq!(wrapped_lines("a\nb", 10.0), 2);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrst", 11.0), 2);
    }
}

//! The first sheet of an XLSX workbook into records: cells as a spreadsheet shows them, blank rows left out, and which cells held numbers.

use super::super::workbook::{self, CellValue};
use super::{clean_owned, number_text, Numbers, Records, TableError, MAX_COLUMNS};

/// The records of a workbook's first sheet (`bytes` start with the zip magic), each with its row
/// number; a number cell reads as a General cell shows it and is also kept as the number.
pub(super) fn records(file: &str, bytes: &[u8]) -> Result<Records, TableError> {
    let sheet =
        workbook::read_first_sheet(bytes, MAX_COLUMNS).map_err(|error| TableError::Workbook {
            file: file.to_string(),
            error,
        })?;
    let mut numbers = Numbers::default();
    let mut raw = Vec::with_capacity(sheet.rows.len());
    for (row, cells) in sheet.rows {
        let cells = cells.map(|cells| {
            cells
                .into_iter()
                .enumerate()
                .map(|(col, cell)| match cell {
                    CellValue::Text(t) => clean_owned(t),
                    CellValue::Number(n) => {
                        numbers.push(row, col, n);
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
    numbers.finish();
    if raw.is_empty() {
        return Err(TableError::Empty {
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

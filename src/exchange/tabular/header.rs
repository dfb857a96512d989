//! Finding a table's header among its first records, mapping it onto the columns the caller knows, and setting aside the records that do not fit it.

use super::{Numbers, Problem, Records, RowReason, TableError, MAX_CELL_CHARS, MAX_COLUMNS};

/// A column the reader knows: its canonical name and the names people give it.
pub(crate) struct ColumnSpec {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) required: bool,
}

/// Row-number columns ("No", "No.", "No Urut") carry nothing and are skipped without a warning.
const IGNORED_HEADERS: &[&str] = &["no", "nomor", "no urut", "nourut"];

/// A header as a person reads it: case, spaces, punctuation and underscores do not matter.
pub(crate) fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Rows read into cells, with the header mapped onto known columns.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) file: String,
    pub(crate) sheet: Option<String>,
    /// Header text (trimmed) of each column, as the file has it.
    pub(crate) headers: Vec<String>,
    /// For each spec index, the file column holding it.
    pub(crate) map: Vec<Option<usize>>,
    /// Data records: start line and cleaned cells (always `headers.len()` long).
    pub(crate) records: Vec<(usize, Vec<String>)>,
    /// Cells the workbook holds as numbers, by (row, column).
    pub(crate) numbers: Numbers,
    pub(crate) problems: Vec<Problem>,
    pub(crate) warnings: Vec<Problem>,
}

impl Table {
    /// The number a workbook holds in a mapped column of the record starting on `line`.
    pub(crate) fn number(&self, line: usize, col: usize) -> Option<f64> {
        let i = self.map.get(col).copied().flatten()?;
        self.numbers.get(line, i)
    }

    /// "line" or "row": how a person finds a record in this file.
    #[cfg(test)]
    pub(crate) fn unit(&self) -> &'static str {
        super::unit(&self.sheet)
    }

    /// The cell of a mapped column (a spec index) in a record; empty if the file lacks the column.
    pub(crate) fn cell<'a>(&self, cells: &'a [String], col: usize) -> &'a str {
        self.map
            .get(col)
            .copied()
            .flatten()
            .and_then(|i| cells.get(i))
            .map_or("", String::as_str)
    }

    /// The header as written in the file for a mapped column, else the canonical name.
    pub(crate) fn label(&self, specs: &[ColumnSpec], col: usize) -> String {
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

/// For each spec, the file column holding it; plus warnings about columns not used.
type HeaderMap = (Vec<Option<usize>>, Vec<Problem>);

/// Maps header cells onto specs; `Ok(None)` if no cell names a known column.
fn map_header(
    rec: &Records,
    line: usize,
    headers: &[String],
    specs: &[ColumnSpec],
) -> Result<Option<HeaderMap>, TableError> {
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
                    return Err(TableError::DuplicateColumn {
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
            None => warnings.push(rec.problem(line, h.clone(), RowReason::UnknownColumn)),
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
pub(crate) fn read_table(rec: Records, specs: &[ColumnSpec]) -> Result<Table, TableError> {
    let raw = &rec.raw;
    let Some((first_line, first_cells)) = raw.first() else {
        return Err(TableError::Empty { file: rec.file });
    };

    // The header is the first record naming a known column, within the first few records.
    let mut found = None;
    for (idx, (line, cells)) in raw.iter().take(MAX_LINES_ABOVE_HEADER + 1).enumerate() {
        let cells = match cells {
            Ok(cells) => cells,
            Err(width) => {
                return Err(TableError::TooManyColumns {
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
        return Err(TableError::NoHeader {
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
        return Err(TableError::MissingColumn {
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
                    Ok(cells) => RowReason::AboveHeader {
                        text: cells
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                    Err(width) => RowReason::AboveHeaderWide { cells: *width },
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
        numbers: Numbers::default(),
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
                    RowReason::BeyondHeader {
                        column: width,
                        header_end: headers.len().max(1),
                    }
                } else {
                    RowReason::WrongWidth {
                        found: width,
                        needed,
                    }
                };
                problems.push(origin.problem(line, "row".to_string(), reason));
            }
        }
    }
    Ok(Table {
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
fn bad_cell(cell: &str) -> Option<RowReason> {
    let chars = cell.chars().count();
    if chars > MAX_CELL_CHARS {
        return Some(RowReason::TooLong {
            chars,
            limit: MAX_CELL_CHARS,
        });
    }
    let (position, c) = cell.chars().enumerate().find(|(_, c)| c.is_control())?;
    Some(RowReason::ControlChar {
        code: u32::from(c),
        position: position + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::super::column_letters;
    use super::super::testing::*;
    use super::*;

    #[test]
    fn header_normalisation() {
        assert_eq!(normalize_header(" PANGKAT/GOL. "), "pangkatgol");
        assert_eq!(normalize_header("Kode_OPD"), "kodeopd");
        assert_eq!(normalize_header("\"NIP \""), "nip");
    }

    #[test]
    fn columns_are_found_by_alias_in_any_order() {
        let t = table(
            "No.;Kode OPD;Tanggal Lahir;NAMA;nip\n1;RSUD;26-09-1986;Siti;198609262015051001\n",
        );
        assert_eq!(t.map, [Some(4), Some(3), Some(1)]);
        assert_eq!(t.cell(&t.records[0].1, 1), "Siti");
        assert_eq!(t.label(SPECS, 2), "Kode OPD");
        assert_eq!(t.unit(), "line");
        assert_eq!(
            shown(&t.warnings),
            ["t.csv:1: Tanggal Lahir: column not recognised; ignored"]
        );
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let text = "DAFTAR PEGAWAI DINAS SOSIAL;;\n\
                    Keadaan per 1 Juli 2025;;\n\
                    ;;\n\
                    NIP;Nama;Kode OPD\n\
                    198609262015051001;Siti;DINSOS\n";
        let t = table(text);
        assert_eq!(t.records.len(), 1);
        assert_eq!(t.records[0].0, 5);
        assert_eq!(
            shown(&t.warnings),
            vec![
                "t.csv:1: row: text above the header ignored: \"DAFTAR PEGAWAI DINAS SOSIAL\"",
                "t.csv:2: row: text above the header ignored: \"Keadaan per 1 Juli 2025\"",
            ]
        );
    }

    #[test]
    fn trailing_padding_columns_are_tolerated() {
        // Excel pads rows to the used range; some tools drop the trailing empties.
        let text = "NIP;Nama;Kode OPD;;\n198609262015051001;Siti;DINSOS\n198609262015051002;Budi;DINSOS;;\n";
        let t = table(text);
        assert_eq!(t.problems, vec![]);
        assert_eq!(t.records.len(), 2);
    }

    #[test]
    fn records_of_the_wrong_width_are_problems() {
        let t = table(
            "NIP;Nama;Kode OPD;Status\n198609262015051005;Rina;RSUD\n\
             198609262015051006;Tuti;RSUD;PNS;x\n198609262015051007;Ani;RSUD;PNS\n",
        );
        assert_eq!(
            shown(&t.problems),
            vec![
                "t.csv:2: row: has 3 fields but the header has 4; check for a missing or extra \
                 delimiter or an unclosed quote",
                "t.csv:3: row: has 5 fields but the header has 4; check for a missing or extra \
                 delimiter or an unclosed quote",
            ]
        );
        assert_eq!(t.records.len(), 1);
        assert_eq!(t.records[0].0, 4);
    }

    #[test]
    fn too_many_columns() {
        let header = (0..=MAX_COLUMNS)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let e = table_err(&format!("{header}\n"));
        assert_eq!(
            e.to_string(),
            "t.csv:1: the header has 201 columns; the limit is 200"
        );
    }

    #[test]
    fn duplicate_column() {
        let e = table_err("NIP;Nama;Nama Lengkap;OPD\n");
        assert_eq!(
            e.to_string(),
            "t.csv:1: columns \"Nama\" and \"Nama Lengkap\" both hold \"nama\"; remove or rename one"
        );
    }

    #[test]
    fn huge_cells_and_control_characters_are_row_problems() {
        let long = "A".repeat(MAX_CELL_CHARS + 1);
        let t = table(&format!(
            "NIP;Nama;Kode OPD\n198609262015051001;{long};RSUD\n198609262015051002;Bu\u{1}di;RSUD\n\
             198609262015051003;Ani;RSUD\n"
        ));
        assert_eq!(
            shown(&t.problems),
            [
                "t.csv:2: Nama: is 1001 characters long; a cell may hold at most 1000 (is the \
                 file cut or joined wrongly?)",
                "t.csv:3: Nama: holds the control character U+0001 at character 3; remove it \
                 and export again",
            ]
        );
        assert_eq!(t.records.len(), 1);
    }

    #[test]
    fn spreadsheet_column_letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }
}

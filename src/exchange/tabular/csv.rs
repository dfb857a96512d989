//! CSV text into records: the size and encoding checked, the delimiter sniffed, each record with the physical line it starts on.

use super::{clean, RawRecord, TableError, MAX_COLUMNS, MAX_FILE_BYTES};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks size and encoding; returns the text without a BOM.
pub(crate) fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, TableError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(TableError::TooLarge {
            file: file.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(TableError::Utf16 {
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
        TableError::NotUtf8 {
            file: file.to_string(),
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column,
            byte: body.get(at).copied().unwrap_or(0),
        }
    })?;
    if text.trim().is_empty() {
        return Err(TableError::Empty {
            file: file.to_string(),
        });
    }
    if let Some(at) = text.find('\0') {
        let (line, column) = line_column(text, at);
        return Err(TableError::Nul {
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

    fn line_of(&self, pos: Option<&::csv::Position>) -> usize {
        let mut at = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(self.text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at)
    }
}

/// The records of CSV text (as [`decode`] gives it), each with the physical line it starts on;
/// blank and delimiter-only lines are dropped and every cell is cleaned.
pub(super) fn records(file: &str, text: &str) -> Result<Vec<RawRecord>, TableError> {
    let delimiter = sniff_delimiter(text);
    if let Some(at) = unclosed_quote(text, delimiter) {
        let (line, column) = line_column(text, at);
        return Err(TableError::UnclosedQuote {
            file: file.to_string(),
            line,
            column,
        });
    }
    let lines = Lines::new(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::None)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    let mut out = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(TableError::Csv {
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

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::{read, Records};
    use super::*;

    /// The records of a CSV text: start line and cells.
    fn records_of(text: &str) -> Vec<(usize, Vec<String>)> {
        let Records { raw, sheet, .. } = read("t.csv", text.as_bytes()).unwrap();
        assert_eq!(sheet, None);
        raw.into_iter()
            .map(|(line, cells)| (line, cells.unwrap()))
            .collect()
    }

    fn lines_of(text: &str) -> Vec<usize> {
        records_of(text).into_iter().map(|r| r.0).collect()
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
        let r = records_of(text);
        let lines: Vec<usize> = r.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        assert_eq!(r[0].1[0], "NIP");
        assert_eq!(r[1].1[1], "Budi Santoso, S.Sos.");
        assert_eq!(r[1].1[3], "Pembina (IV/a)");
        assert_eq!(r[2].1[4], "Sekretariat");
        assert_eq!(r[2].1.len(), 7);
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_numbers() {
        let text = "NIP;Nama;Jabatan;Unit Kerja;Kode OPD\n\
                    198609262015051001;\"Ujang \"\"Ajat\"\" Sudrajat\";\"Kepala Bidang Pengaduan; Kebijakan\";\"Bidang A, B\";DPMPTSP\n\
                    198609262015051002;\"Asep\n  Hidayat\";\"Staf\nPelaksana\";Umum;DPMPTSP\n\
                    198609262015051003;Euis;Staf;Umum;DPMPTSP\n\
                    ;Tanpa NIP;Staf;Umum;DPMPTSP\n";
        let r = records_of(text);
        assert_eq!(r[1].1[1], "Ujang \"Ajat\" Sudrajat");
        assert_eq!(r[1].1[2], "Kepala Bidang Pengaduan; Kebijakan");
        assert_eq!(r[1].1[3], "Bidang A, B");
        // An embedded line break is whitespace inside a name.
        assert_eq!(r[2].1[1], "Asep Hidayat");
        assert_eq!(r[2].1[2], "Staf Pelaksana");
        let lines: Vec<usize> = r.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 2, 3, 6, 7]);
        assert_eq!(r[4].1[0], "");
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
            assert_eq!(lines_of(&text), vec![1, 3, 7], "{eol}");
        }
    }

    #[test]
    fn comma_file_with_quoted_commas() {
        let text = "NIP,Nama,Kode OPD\n\
                    198609262015051001,\"Fajar Hermawan, S.Sos., M.Si.\",DISDUKCAPIL\n";
        let r = records_of(text);
        assert_eq!(r[1].1[1], "Fajar Hermawan, S.Sos., M.Si.");
        assert_eq!(r[1].1.len(), 3);
    }

    #[test]
    fn delimiter_sniffing_ignores_quoted_text() {
        assert_eq!(sniff_delimiter("\"a;b;c\",d,e\n"), b',');
        assert_eq!(sniff_delimiter("\n\nNIP;Nama,Lengkap;OPD\n"), b';');
        assert_eq!(sniff_delimiter("NIP\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("\"Nama\nLengkap\";NIP;OPD"), b';');
    }

    #[test]
    fn not_utf8_names_the_line() {
        let mut bytes =
            b"NIP;Nama;Kode OPD\n198609262015051001;Siti;RSUD\n198609262015051002;Jos".to_vec();
        bytes.push(0xE9); // é in Windows-1252
        bytes.extend_from_slice(b";RSUD\n");
        let e = table_of("pegawai.csv", &bytes).unwrap_err();
        assert_eq!(
            e,
            TableError::NotUtf8 {
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
        let e = table_err("NIP;Nama;Kode OPD\n198609262015051001;Bu\0di;RSUD\n");
        assert_eq!(
            e,
            TableError::Nul {
                file: "t.csv".into(),
                line: 2,
                column: 22
            }
        );
        assert!(e
            .to_string()
            .starts_with("t.csv:2: a NUL byte at column 22;"));
    }

    #[test]
    fn unclosed_quote_names_where_it_opens() {
        let e = table_err(
            "NIP;Nama;Kode OPD\r\n198609262015051001;Siti;RSUD\r\n198609262015051002;\"Budi;RSUD\r\n\
             198609262015051003;Ani;RSUD\r\n",
        );
        assert_eq!(
            e,
            TableError::UnclosedQuote {
                file: "t.csv".into(),
                line: 3,
                column: 20
            }
        );
        // closed quotes, doubled quotes and a quote inside an unquoted cell are fine
        let t = table(
            "NIP;Nama;Kode OPD\n198609262015051001;\"Siti \"\"Ani\"\"\";RSUD\n198609262015051002;Bu\"di;RSUD\n",
        );
        assert_eq!(t.records.len(), 2, "{:?}", t.problems);
        assert_eq!(t.records[0].1[1], "Siti \"Ani\"");
        assert_eq!(t.records[1].1[1], "Bu\"di");
    }
}

//! Roster (ASN) and agency lists from CSV or XLSX, as agencies keep them in spreadsheets.
//!
//! How a file is read (delimiters, encodings, the workbook, finding the header, rows of the wrong
//! width, over-long cells) is the tabular reader's ([`super::tabular`]); here are the rules of the
//! two lists: which columns each has and the names people give them, and what makes a row good (a
//! valid NIP found once, a name, an agency code, a known status; an agency code found once).
//! - whole-file failures (not UTF-8, no header, a required column missing, too large) are a
//!   [`RosterError`];
//! - a bad row is a [`Problem`] naming the file, the physical line the record starts on (for a
//!   workbook: the sheet and the row number, `pegawai.xlsx:Pegawai!12`), the column as headed in
//!   the file, and the reason; the row is left out and the rest is still read;
//! - something odd but acceptable (an unknown column, a flagged NIP) is a warning.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::model::{Agency, Employee, EmploymentKind};
use crate::domain::nip::{Nip, NipFlag};

use super::tabular::{self, normalize_header, number_text, ColumnSpec};

/// A roster or agency file that cannot be read at all fails as any table does.
pub use super::tabular::TableError as RosterError;
pub use super::tabular::{
    place, Problem, RowReason, Unit, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES,
};

/// The rows read, each with the line it starts on, plus the rows refused and the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<T> {
    pub rows: Vec<(usize, T)>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The agency-code column as headed in the file, for problems found later (e.g. an unknown code).
    pub agency_column: String,
    /// The file label and, for a workbook, the sheet read.
    pub file: String,
    pub sheet: Option<String>,
}

impl<T> Parsed<T> {
    /// A problem found after parsing (e.g. against the store) at the row that starts on `line`.
    pub fn problem(&self, line: usize, field: &str, reason: RowReason) -> Problem {
        Problem {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line,
            field: field.to_string(),
            reason,
        }
    }
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

/// Why a NIP held as a number is refused. A spreadsheet number (an IEEE double) has 15–17
/// significant digits and a NIP has 18: Excel keeps 15 and zeroes the rest, other writers round to
/// the nearest double, which for a NIP is one of 32 neighbouring numbers. Even a double that
/// happens to be exactly an 18-digit integer may be the rounding of a different NIP, so no number
/// is ever taken as a NIP; the column must be text.
fn nip_number_reason(n: f64) -> RowReason {
    RowReason::NipNumber {
        shown: number_text(n),
    }
}

/// Reads a roster (ASN list). `today` bounds the dates inside each NIP.
pub fn parse_roster(
    file_label: &str,
    bytes: &[u8],
    today: NaiveDate,
) -> Result<Parsed<Employee>, RosterError> {
    let sheet = tabular::read_table(tabular::read(file_label, bytes)?, ROSTER_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut warnings = sheet.warnings.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<Nip, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: RowReason| Problem {
        file: file_label.to_string(),
        sheet: sheet.sheet.clone(),
        line,
        field: sheet.label(ROSTER_COLUMNS, col),
        reason,
    };

    for (line, cells) in &sheet.records {
        let line = *line;
        let before = problems.len();

        let nip_cell = strip_text_markers(sheet.cell(cells, NIP));
        let info = if let Some(n) = sheet.number(line, NIP) {
            problems.push(problem(line, NIP, nip_number_reason(n)));
            None
        } else if nip_cell.is_empty() {
            problems.push(problem(line, NIP, RowReason::Empty));
            None
        } else {
            match Nip::parse(nip_cell, today) {
                Ok(info) => Some(info),
                Err(e) => {
                    problems.push(problem(line, NIP, RowReason::Nip(e)));
                    None
                }
            }
        };
        if let Some(info) = &info {
            match seen.get(&info.nip) {
                Some(first) => problems.push(problem(
                    line,
                    NIP,
                    RowReason::DuplicateNip {
                        nip: info.nip.to_string(),
                        unit: Unit::of(&sheet.sheet),
                        first: *first,
                    },
                )),
                None => {
                    seen.insert(info.nip.clone(), line);
                }
            }
        }

        let name = sheet.cell(cells, NAME).to_string();
        if name.is_empty() {
            problems.push(problem(line, NAME, RowReason::Empty));
        }
        let agency = sheet.cell(cells, AGENCY).to_string();
        if agency.is_empty() {
            problems.push(problem(line, AGENCY, RowReason::Empty));
        }
        let status_cell = sheet.cell(cells, STATUS);
        let status = parse_status(status_cell);
        if let Status::Unknown = status {
            problems.push(problem(
                line,
                STATUS,
                RowReason::UnknownStatus {
                    found: status_cell.to_string(),
                },
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
                warnings.push(problem(line, STATUS, RowReason::StatusTakenAsPppk));
                EmploymentKind::Pppk
            }
            Status::Empty | Status::Unknown => EmploymentKind::Pns,
        };
        for flag in &info.flags {
            // A PPPK-style NIP on a PPPK row is what we expect; anything else is worth a look.
            if *flag == NipFlag::PppkStyle && kind == EmploymentKind::Pppk {
                continue;
            }
            let reason = RowReason::NipFlag {
                info: Box::new(info.clone()),
                flag: *flag,
                status_pns: *flag == NipFlag::PppkStyle,
            };
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
        agency_column: sheet.label(ROSTER_COLUMNS, AGENCY),
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
    })
}

/// Reads an agency (OPD) list. Codes are kept as written; duplicates are found ignoring case.
pub fn parse_agencies(file_label: &str, bytes: &[u8]) -> Result<Parsed<Agency>, RosterError> {
    let sheet = tabular::read_table(tabular::read(file_label, bytes)?, AGENCY_COLUMNS)?;
    let mut problems = sheet.problems.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let problem = |line: usize, col: usize, reason: RowReason| Problem {
        file: file_label.to_string(),
        sheet: sheet.sheet.clone(),
        line,
        field: sheet.label(AGENCY_COLUMNS, col),
        reason,
    };
    for (line, cells) in &sheet.records {
        let line = *line;
        let before = problems.len();
        let code = sheet.cell(cells, CODE).to_string();
        if code.is_empty() {
            problems.push(problem(line, CODE, RowReason::Empty));
        } else {
            let key = code.to_uppercase();
            match seen.get(&key) {
                Some(first) => problems.push(problem(
                    line,
                    CODE,
                    RowReason::DuplicateCode {
                        code: code.clone(),
                        unit: Unit::of(&sheet.sheet),
                        first: *first,
                    },
                )),
                None => {
                    seen.insert(key, line);
                }
            }
        }
        let name = sheet.cell(cells, AGENCY_NAME).to_string();
        if name.is_empty() {
            problems.push(problem(line, AGENCY_NAME, RowReason::Empty));
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
        agency_column: sheet.label(AGENCY_COLUMNS, CODE),
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
        warnings: sheet.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
    }

    fn roster(text: &str) -> Parsed<Employee> {
        parse_roster("pegawai.csv", text.as_bytes(), today()).unwrap()
    }

    fn roster_err(text: &str) -> RosterError {
        parse_roster("pegawai.csv", text.as_bytes(), today()).unwrap_err()
    }

    fn shown(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    const HEAD: &str = "nip,nama,jabatan,pangkat,unit,kode_opd,status\n";

    #[test]
    fn comma_file_with_all_columns() {
        let p = roster(&format!(
            "{HEAD}198609262015051001,Siti Aminah,Analis Kebijakan Ahli Muda,Penata (III/c),Bidang Umum,DINKES,PNS\n\
             19950315 202121 2 001,Dewi Lestari,Guru Ahli Pertama,IX,SD Negeri 1,DISDIK,PPPK\n"
        ));
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.warnings, vec![]);
        assert_eq!(p.rows.len(), 2);
        let (line, e) = &p.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(e.nip.as_str(), "198609262015051001");
        assert_eq!(e.name, "Siti Aminah");
        assert_eq!(e.position, "Analis Kebijakan Ahli Muda");
        assert_eq!(e.rank, "Penata (III/c)");
        assert_eq!(e.unit, "Bidang Umum");
        assert_eq!(e.agency, "DINKES");
        assert_eq!(e.kind, EmploymentKind::Pns);
        assert_eq!(p.rows[1].0, 3);
        assert_eq!(p.rows[1].1.nip.as_str(), "199503152021212001");
        assert_eq!(p.rows[1].1.kind, EmploymentKind::Pppk);
    }

    #[test]
    fn messy_indonesian_headers() {
        let text = "\"NIP \";Nama Pegawai;JABATAN;PANGKAT/GOL.;unit_kerja;Kode_OPD;Status Kepegawaian\n\
                    198609262015051001;  Siti   Aminah ;Perawat Ahli Pertama;Penata Muda (III/a);IGD;RSUD;pns\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.warnings, vec![]);
        let e = &p.rows[0].1;
        assert_eq!(e.name, "Siti Aminah");
        assert_eq!(e.rank, "Penata Muda (III/a)");
        assert_eq!(e.unit, "IGD");
        assert_eq!(e.agency, "RSUD");
        assert_eq!(e.kind, EmploymentKind::Pns);
    }

    #[test]
    fn english_headers_and_tab_delimiter() {
        let text = "NIP\tName\tPosition\tRank\tGrade\tUnit\tAgency Code\tEmployment\n\
                    198609262015051001\tSiti Aminah\tNurse\tPenata Muda\tIII/a\tER\tRSUD\tPPPK Paruh Waktu\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        let e = &p.rows[0].1;
        // Separate pangkat and golongan columns are joined the usual way.
        assert_eq!(e.rank, "Penata Muda (III/a)");
        assert_eq!(e.position, "Nurse");
        assert_eq!(e.kind, EmploymentKind::Pppk);
    }

    #[test]
    fn golongan_alone_is_the_rank() {
        let p = roster("NIP,Nama,Gol,OPD\n198609262015051001,Siti,III/a,RSUD\n");
        assert_eq!(p.rows[0].1.rank, "III/a");
        assert_eq!(p.rows[0].1.agency, "RSUD");
    }

    #[test]
    fn unknown_columns_warn_row_numbers_are_ignored() {
        let text = "No.,NIP,Nama,Kode OPD,Tanggal Lahir,Keterangan\n\
                    1,198609262015051001,Siti,RSUD,26-09-1986,-\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.csv:1: Tanggal Lahir: column not recognised; ignored",
                "pegawai.csv:1: Keterangan: column not recognised; ignored",
            ]
        );
    }

    #[test]
    fn missing_required_column() {
        let e = roster_err("NIP;Nama Pegawai;Jabatan\n198609262015051001;Siti;Staf\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: required column \"kode_opd\" is missing (accepted names: kode_opd, \
             kode opd, opd, agency, agency code, instansi, kode instansi, skpd, kode skpd); \
             headers found: \"NIP\", \"Nama Pegawai\", \"Jabatan\""
        );
        assert!(matches!(
            roster_err("Nama;Kode OPD\nSiti;RSUD\n"),
            RosterError::MissingColumn { column: "nip", .. }
        ));
    }

    #[test]
    fn duplicate_column() {
        let e = roster_err("NIP;Nama;Nama Lengkap;OPD\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: columns \"Nama\" and \"Nama Lengkap\" both hold \"nama\"; remove or rename one"
        );
    }

    #[test]
    fn no_header() {
        let e = roster_err("198609262015051001;Siti;RSUD\n198609262015051002;Budi;RSUD\n");
        assert_eq!(
            e.to_string(),
            "pegawai.csv:1: the first line \"198609262015051001 | Siti | RSUD\" is not a header: \
             none of its cells names a known column; the first line must name the columns \
             (nip, nama, kode_opd)"
        );
    }

    #[test]
    fn every_row_problem_with_its_message() {
        let text = "NIP;Nama;Kode OPD;Status\n\
                    198609262015051001;Siti;RSUD;PNS\n\
                    19860230 201505 1 001;Budi;RSUD;PNS\n\
                    ;Asep;RSUD;PNS\n\
                    198609262015051002;  ;RSUD;PNS\n\
                    198609262015051003;Euis;;PNS\n\
                    198609262015051004;Dedi;RSUD;Honorer\n\
                    19860926 201505 1 001;Siti Kembar;RSUD;PNS\n\
                    198609262015051005;Rina;RSUD\n\
                    198609262015051006;Tuti;RSUD;PNS;x\n\
                    1986092620150510;Ani;;\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            shown(&p.problems),
            vec![
                "pegawai.csv:9: row: has 3 fields but the header has 4; check for a missing or \
                 extra delimiter or an unclosed quote",
                "pegawai.csv:10: row: has 5 fields but the header has 4; check for a missing or \
                 extra delimiter or an unclosed quote",
                "pegawai.csv:3: NIP: NIP \"19860230 201505 1 001\": birth date (positions 1-8) \
                 \"19860230\" is not a real date",
                "pegawai.csv:4: NIP: is empty",
                "pegawai.csv:5: Nama: is empty",
                "pegawai.csv:6: Kode OPD: is empty",
                "pegawai.csv:7: Status: \"Honorer\" is not a known status; use PNS, CPNS, PPPK or P3K",
                "pegawai.csv:8: NIP: 19860926 201505 1 001 already appears on line 2",
                "pegawai.csv:11: NIP: NIP \"1986092620150510\" has 16 digits; a NIP has exactly 18",
                "pegawai.csv:11: Kode OPD: is empty",
            ]
        );
    }

    #[test]
    fn statuses_and_defaults() {
        let text = "NIP;Nama;Kode OPD;Status\n\
                    198609262015051001;A;RSUD;CPNS\n\
                    198609262015051002;B;RSUD;p3k\n\
                    198609262015051003;C;RSUD;\n\
                    199503152021212001;D;RSUD;\n\
                    199503152021212002;E;RSUD;PPPK\n\
                    199503152021212003;F;RSUD;PNS\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        let kinds: Vec<EmploymentKind> = p.rows.iter().map(|r| r.1.kind).collect();
        use EmploymentKind::{Pns, Pppk};
        assert_eq!(kinds, vec![Pns, Pppk, Pns, Pppk, Pppk, Pns]);
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.csv:5: Status: is empty; taken as PPPK because the NIP has a PPPK-style \
                 code at positions 13-14",
                format!(
                    "pegawai.csv:7: NIP: 19950315 202121 2 003 (PPPK?): {}; but the status says PNS",
                    NipFlag::PppkStyle.description()
                )
                .as_str(),
            ]
        );
    }

    #[test]
    fn nip_flags_become_warnings() {
        let text = "NIP,Nama,OPD\n\
                    198609262015051000,Siti,RSUD\n\
                    20000710 201807 1 001,Budi,RSUD\n";
        let p = roster(text);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            shown(&p.warnings),
            vec![
                format!(
                    "pegawai.csv:2: NIP: 19860926 201505 1 000 (urut 000): {}",
                    NipFlag::ZeroSequence.description()
                ),
                format!(
                    "pegawai.csv:3: NIP: 20000710 201807 1 001 (TMT < 18 th): {}",
                    NipFlag::YoungAtTmt.description()
                ),
            ]
        );
    }

    #[test]
    fn spreadsheet_text_markers_on_nip() {
        let text = "NIP,Nama,OPD\n'198609262015051001,Siti,RSUD\n\"=\"\"198609262015051002\"\"\",Budi,RSUD\n";
        let p = roster(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows[1].1.nip.as_str(), "198609262015051002");
    }

    fn agencies(text: &str) -> Parsed<Agency> {
        parse_agencies("opd.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn agencies_parse_and_report() {
        let text = "Kode OPD;Nama OPD;Jenis;Kabupaten/Kota;Alamat\r\n\
                    DINKES;Dinas Kesehatan;Dinas;Kabupaten Sukamaju;Jl. Merdeka 1\r\n\
                    dinkes;Dinas Kesehatan (lama);Dinas;Kabupaten Sukamaju;\r\n\
                    ;Dinas Tanpa Kode;Dinas;;\r\n\
                    RSUD;;Rumah Sakit Daerah;;\r\n\
                    KEC-SUKAMAJU;Kecamatan   Sukamaju;Kecamatan;Kabupaten Sukamaju;\r\n";
        let p = agencies(text);
        assert_eq!(
            p.rows,
            vec![
                (
                    2,
                    Agency {
                        code: "DINKES".into(),
                        name: "Dinas Kesehatan".into(),
                        kind: "Dinas".into(),
                        region: "Kabupaten Sukamaju".into()
                    }
                ),
                (
                    6,
                    Agency {
                        code: "KEC-SUKAMAJU".into(),
                        name: "Kecamatan Sukamaju".into(),
                        kind: "Kecamatan".into(),
                        region: "Kabupaten Sukamaju".into()
                    }
                ),
            ]
        );
        assert_eq!(
            shown(&p.problems),
            vec![
                "opd.csv:3: Kode OPD: \"dinkes\" already appears on line 2",
                "opd.csv:4: Kode OPD: is empty",
                "opd.csv:5: Nama OPD: is empty",
            ]
        );
        assert_eq!(
            shown(&p.warnings),
            vec!["opd.csv:1: Alamat: column not recognised; ignored"]
        );
    }

    #[test]
    fn agencies_english_headers_and_missing_column() {
        let p = agencies("code,name,type,region\nBKPSDM,Badan Kepegawaian,Badan,Sukamaju\n");
        assert_eq!(p.rows[0].1.kind, "Badan");
        assert_eq!(p.rows[0].1.region, "Sukamaju");
        let e = parse_agencies("opd.csv", b"kode,jenis\nX,Dinas\n").unwrap_err();
        assert!(matches!(
            e,
            RosterError::MissingColumn { column: "nama", .. }
        ));
        assert!(e.to_string().contains("headers found: \"kode\", \"jenis\""));
    }

    #[test]
    fn shipped_sample_files_parse_cleanly() {
        let opd = include_bytes!("../../data/sample/opd.csv");
        let pegawai = include_bytes!("../../data/sample/pegawai.csv");
        // The sample is written the way Excel in an Indonesian locale writes CSV.
        assert!(pegawai.starts_with(b"\xEF\xBB\xBF"));
        assert!(pegawai.windows(2).any(|w| w == b"\r\n"));

        let agencies = parse_agencies("opd.csv", opd).unwrap();
        assert_eq!(agencies.problems, vec![]);
        assert_eq!(agencies.warnings, vec![]);
        assert!((8..=10).contains(&agencies.rows.len()));

        let roster = parse_roster("pegawai.csv", pegawai, today()).unwrap();
        assert_eq!(roster.problems, vec![]);
        assert_eq!(roster.warnings, vec![]);
        assert!(roster.rows.len() >= 320, "{}", roster.rows.len());

        let codes: std::collections::HashSet<&str> =
            agencies.rows.iter().map(|(_, a)| a.code.as_str()).collect();
        for (line, e) in &roster.rows {
            assert!(
                codes.contains(e.agency.as_str()),
                "line {line}: {}",
                e.agency
            );
        }
        let pppk = roster
            .rows
            .iter()
            .filter(|(_, e)| e.kind == EmploymentKind::Pppk)
            .count();
        let share = pppk * 100 / roster.rows.len();
        assert!((10..=15).contains(&share), "PPPK share {share}%");
        // Every OPD has staff.
        for code in &codes {
            assert!(roster.rows.iter().any(|(_, e)| e.agency == *code), "{code}");
        }
    }

    /// A workbook whose first sheet ("Pegawai") holds `rows`; a cell starting with `#` is written
    /// as the number after it, every other cell as text.
    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Pegawai").unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.strip_prefix('#') {
                    Some(n) => ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap(),
                    None if cell.is_empty() => ws,
                    None => ws.write_string(r, c, *cell).unwrap(),
                };
            }
        }
        wb.save_to_buffer().unwrap()
    }

    fn roster_xlsx(rows: &[&[&str]]) -> Result<Parsed<Employee>, RosterError> {
        parse_roster("pegawai.xlsx", &workbook(rows), today())
    }

    #[test]
    fn xlsx_goes_through_the_same_rules() {
        let p = roster_xlsx(&[
            &["DAFTAR PEGAWAI DINAS SOSIAL"],
            &[],
            &[
                "No",
                "NIP",
                "Nama Pegawai",
                "Jabatan",
                "Kode OPD",
                "Status",
                "Catatan",
            ],
            &[
                "#1",
                "19860926 201505 1 001",
                "Siti  Aminah",
                "Analis",
                "DINSOS",
                "PNS",
            ],
            &[
                "#2",
                "19950315 202121 2 001",
                "Dewi",
                "",
                "DINSOS",
                "PPPK",
                "baru",
            ],
            &["#3", "", "Budi", "", "DINSOS"],
            &["#4", "198609262015051001", "Siti Kembar", "", "DINSOS"],
            &["#5", "198609262015051002", "Rudi", "", "#101"],
            &[
                "#6",
                "198609262015051003",
                "Ani",
                "",
                "DINSOS",
                "",
                "",
                "",
                "x",
            ],
        ])
        .unwrap();
        assert_eq!(p.sheet.as_deref(), Some("Pegawai"));
        let names: Vec<(usize, &str)> = p.rows.iter().map(|(l, e)| (*l, e.name.as_str())).collect();
        assert_eq!(names, vec![(4, "Siti Aminah"), (5, "Dewi"), (8, "Rudi")]);
        // a number in a text column reads as a spreadsheet shows it
        assert_eq!(p.rows[2].1.agency, "101");
        assert_eq!(
            shown(&p.problems),
            vec![
                "pegawai.xlsx:Pegawai!9: row: has a value in column I but the header ends at \
                 column G; remove what stands right of the table or give that column a header",
                "pegawai.xlsx:Pegawai!6: NIP: is empty",
                "pegawai.xlsx:Pegawai!7: NIP: 19860926 201505 1 001 already appears on row 4",
            ]
        );
        assert_eq!(
            shown(&p.warnings),
            vec![
                "pegawai.xlsx:Pegawai!1: row: text above the header ignored: \"DAFTAR PEGAWAI \
                 DINAS SOSIAL\"",
                "pegawai.xlsx:Pegawai!3: Catatan: column not recognised; ignored",
            ]
        );
    }

    #[test]
    fn xlsx_nip_stored_as_a_number_is_refused() {
        // 198609262015051001 is no double (it rounds to a multiple of 32); 198609262015050976 is
        // one exactly, and is still refused: 32 neighbouring NIPs round to that same double.
        // 1.98609E+17 is what Excel keeps of a NIP typed into a General cell.
        for (number, shown_as) in [
            ("#198609262015051001", "198609262015051000"),
            ("#198609262015050976", "198609262015050980"),
            ("#1.98609E+17", "198609000000000000"),
        ] {
            let p = roster_xlsx(&[&["NIP", "Nama", "OPD"], &[number, "Siti", "DINSOS"]]).unwrap();
            assert!(p.rows.is_empty());
            assert_eq!(
                shown(&p.problems),
                vec![format!(
                    "pegawai.xlsx:Pegawai!2: NIP: holds the number {shown_as} instead of text: a \
                     spreadsheet keeps at most 15-17 digits of a number, so the last digits of an \
                     18-digit NIP are already lost; format the NIP column as Text, type or paste \
                     the NIPs again, and save"
                )]
            );
        }
        assert_eq!(198609262015050976_f64 as u64, 198609262015050976);
    }

    #[test]
    fn xlsx_header_errors_name_the_sheet() {
        let e = roster_xlsx(&[&["NIP", "Nama"], &["198609262015051001", "Siti"]]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("pegawai.xlsx:Pegawai!1: required column \"kode_opd\" is missing"),
            "{e}"
        );
        let e = roster_xlsx(&[&["198609262015051001", "Siti", "RSUD"]]).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "pegawai.xlsx:Pegawai!1: the first row \"198609262015051001 | Siti | RSUD\" is \
                 not a header"
            ),
            "{e}"
        );
        let e = roster_xlsx(&[]).unwrap_err();
        assert_eq!(e.to_string(), "pegawai.xlsx: the file is empty");
    }

    #[test]
    fn agencies_from_xlsx() {
        let bytes = workbook(&[
            &["Kode", "Nama OPD", "Jenis"],
            &["DINKES", "Dinas Kesehatan", "Dinas"],
            &["#101", "Kecamatan Satu"],
        ]);
        let p = parse_agencies("opd.xlsx", &bytes).unwrap();
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows[1].1.code, "101");
        assert_eq!(p.rows[1].1.kind, "");
    }
}

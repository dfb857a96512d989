//! Survey responses (SKM) from CSV or XLSX as agencies keep them — one row per respondent and one column per unsur, headed `U1`…, `Unsur 1`…, by the unsur's name, or (an online form's export) by the question's text with answer words — added up into a tally, the whole file refused on any bad row.
//!
//! The file is read by the tabular reader ([`super::tabular`]: delimiters, BOM, encodings, the
//! workbook's first sheet). The header is the first of the first ten rows in which two cells or
//! more name an unsur (a title above the table may name one); each
//! column is mapped by the map file (`--map`) first, then by an unsur's number or name, then by the
//! respondent's particulars (jenis kelamin, umur, pendidikan, pekerjaan, jenis layanan, tanggal),
//! then by the words of a question. Every answer must read ([`SkmRules::score`]); a bad one is a
//! [`Problem`] naming the line and the column, and one bad row refuses the file.

use std::collections::BTreeMap;

use crate::domain::skm::{words, Answer, SkmRules, Tally};

use super::tabular::{self, column_letters, place, Problem, RowReason, TableError};

/// Rows above the header that may hold a title.
const HEADER_WITHIN: usize = 10;

/// Problems listed before the rest are only counted (a file with a wrong scale is wrong on every
/// row; the first ones say what).
const PROBLEMS_SHOWN: usize = 20;

/// The respondent's particulars a file may carry: the field's code and the headers meaning it
/// (normalised as [`words`] does).
const PARTICULARS: &[(&str, &[&str])] = &[
    (
        "jenis_kelamin",
        &["jenis kelamin", "kelamin", "gender", "jk", "l p"],
    ),
    ("umur", &["umur", "usia", "age"]),
    (
        "pendidikan",
        &["pendidikan", "pendidikan terakhir", "education"],
    ),
    ("pekerjaan", &["pekerjaan", "occupation"]),
    (
        "jenis_layanan",
        &["jenis layanan", "layanan", "jenis pelayanan", "service"],
    ),
    (
        "tanggal",
        &[
            "tanggal",
            "tanggal survei",
            "tanggal pengisian",
            "waktu pengisian",
            "timestamp",
            "cap waktu",
            "stempel waktu",
            "date",
        ],
    ),
];

/// Headers that are row numbers or names: read past without a word.
const PASSED_OVER: &[&str] = &["no", "nomor", "no urut", "nama", "nama responden", "name"];

/// How a column was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Map,
    Name,
    Question,
}

/// The columns of the file that hold answers, by unsur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// 0-based unsur.
    pub unsur: usize,
    /// 0-based column of the file, and its header as written.
    pub index: usize,
    pub header: String,
    pub how: How,
}

/// A survey file read and added up.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub file: String,
    pub sheet: Option<String>,
    /// How many unsur the file has: the rules' (9), or the old form's (14).
    pub unsur: usize,
    pub columns: Vec<Column>,
    /// Headers the file has that are neither an unsur nor a particular (left out).
    pub ignored: Vec<String>,
    pub tally: Tally,
    /// The respondents' particulars, per field, counted by value.
    pub particulars: BTreeMap<&'static str, BTreeMap<String, u64>>,
}

/// Why a survey file is refused, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkmFileError {
    Table(Box<TableError>),
    /// None of the first rows names an unsur.
    NoHeader {
        file: String,
        sheet: Option<String>,
    },
    /// Unsur with no column (their names), and the headers found.
    Missing {
        place: String,
        unsur: Vec<String>,
        found: String,
    },
    /// Two columns hold one unsur.
    Twice {
        place: String,
        unsur: String,
        first: String,
        second: String,
    },
    /// A question names several unsur.
    Ambiguous {
        place: String,
        header: String,
        unsur: Vec<String>,
    },
    /// Bad rows: the first ones, and how many in all.
    Rows {
        problems: Vec<Problem>,
        total: usize,
    },
    /// A 5 among the answers and nothing else out of range: a 1–5 scale.
    Scale5 {
        place: String,
        column: String,
    },
    /// A header and no respondent.
    NoRespondents {
        file: String,
    },
    /// A map file's entry names no column of the file, or no unsur.
    Map {
        entry: String,
        reason: MapReason,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapReason {
    /// The header or column letter is not in the file.
    NoColumn,
    /// The value is not `U1`…, an unsur's name, or `abaikan`.
    NoUnsur { value: String },
    /// The file is not TOML.
    Toml(String),
}

/// What the map file says: a header's text (or a column letter) → an unsur (0-based), or left
/// out (`None`).
pub type Map = Vec<(String, Option<usize>)>;

/// A map file: TOML lines `"header text or column letter" = "U3"` (or an unsur's name, or
/// `"abaikan"` to leave the column out).
pub fn parse_map(text: &str, rules: &SkmRules) -> Result<Map, SkmFileError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| SkmFileError::Map {
        entry: String::new(),
        reason: MapReason::Toml(e.message().trim().to_string()),
    })?;
    let mut map = Vec::new();
    for (key, value) in table {
        let value = value.as_str().unwrap_or_default().to_string();
        let target = if ["abaikan", "ignore", "-"].contains(&words(&value).as_str()) {
            None
        } else {
            Some(rules.unsur_named(&value).ok_or_else(|| SkmFileError::Map {
                entry: key.clone(),
                reason: MapReason::NoUnsur {
                    value: value.clone(),
                },
            })?)
        };
        map.push((key, target));
    }
    Ok(map)
}

/// What a header is.
enum Heading {
    Unsur(usize, How),
    Particular(&'static str),
    Ambiguous(Vec<usize>),
    Other,
    Passed,
}

fn heading(rules: &SkmRules, header: &str, letter: &str, map: &Map) -> Heading {
    let w = words(header);
    if let Some((_, target)) = map
        .iter()
        .find(|(k, _)| words(k) == w || k.trim().eq_ignore_ascii_case(letter))
    {
        return match target {
            Some(u) => Heading::Unsur(*u, How::Map),
            None => Heading::Passed,
        };
    }
    if w.is_empty() || PASSED_OVER.contains(&w.as_str()) {
        return Heading::Passed;
    }
    if let Some(u) = rules.unsur_named(header) {
        return Heading::Unsur(u, How::Name);
    }
    if let Some((code, _)) = PARTICULARS
        .iter()
        .find(|(_, names)| names.contains(&w.as_str()))
    {
        return Heading::Particular(code);
    }
    match rules.unsur_asked(header).as_slice() {
        [] => Heading::Other,
        [one] => Heading::Unsur(*one, How::Question),
        many => Heading::Ambiguous(many.to_vec()),
    }
}

/// Read a survey file (`file` is its label for messages).
pub fn read(file: &str, bytes: &[u8], rules: &SkmRules, map: &Map) -> Result<Survey, SkmFileError> {
    let rec = tabular::read(file, bytes).map_err(|e| SkmFileError::Table(Box::new(e)))?;
    let sheet = rec.sheet.clone();
    let at = |line: usize| place(file, &sheet, &line);
    // the header: the first of the first rows naming an unsur
    let mut header_at = None;
    for (k, (line, cells)) in rec.raw.iter().enumerate().take(HEADER_WITHIN) {
        let Ok(cells) = cells else { continue };
        // two cells naming an unsur (a title above the table may mention one)
        let named = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                matches!(
                    heading(rules, c, &column_letters(i + 1), map),
                    Heading::Unsur(..) | Heading::Ambiguous(_)
                )
            })
            .count();
        if named >= 2 {
            header_at = Some((k, *line));
            break;
        }
    }
    let Some((k, header_line)) = header_at else {
        return Err(SkmFileError::NoHeader {
            file: file.to_string(),
            sheet,
        });
    };
    let headers: Vec<String> = match &rec.raw[k].1 {
        Ok(cells) => cells.clone(),
        Err(_) => Vec::new(),
    };
    let shown = |i: usize| {
        format!(
            "{} ({})",
            headers.get(i).map_or("", String::as_str),
            column_letters(i + 1)
        )
    };
    // every entry of the map names a column of this file: a typo would silently map nothing
    for (entry, _) in map {
        let found = headers.iter().enumerate().any(|(i, h)| {
            words(entry) == words(h) || entry.trim().eq_ignore_ascii_case(&column_letters(i + 1))
        });
        if !found {
            return Err(SkmFileError::Map {
                entry: entry.clone(),
                reason: MapReason::NoColumn,
            });
        }
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut particulars: Vec<(usize, &'static str)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match heading(rules, h, &column_letters(i + 1), map) {
            Heading::Unsur(u, how) => {
                if let Some(first) = columns.iter().find(|c| c.unsur == u) {
                    return Err(SkmFileError::Twice {
                        place: at(header_line),
                        unsur: format!("U{} {}", u + 1, rules.unsur_name(u)),
                        first: shown(first.index),
                        second: shown(i),
                    });
                }
                columns.push(Column {
                    unsur: u,
                    index: i,
                    header: h.clone(),
                    how,
                });
            }
            Heading::Ambiguous(us) => {
                return Err(SkmFileError::Ambiguous {
                    place: at(header_line),
                    header: shown(i),
                    unsur: us
                        .iter()
                        .map(|u| format!("U{} {}", u + 1, rules.unsur_name(*u)))
                        .collect(),
                })
            }
            Heading::Particular(code) => particulars.push((i, code)),
            Heading::Other => ignored.push(h.clone()),
            Heading::Passed => {}
        }
    }
    // nine unsur, or the old form's fourteen when a column past the ninth is there
    let count = if columns.iter().any(|c| c.unsur >= rules.unsur.len()) {
        rules.old_count
    } else {
        rules.unsur.len()
    };
    let missing: Vec<String> = (0..count)
        .filter(|u| !columns.iter().any(|c| c.unsur == *u))
        .map(|u| format!("U{} {}", u + 1, rules.unsur_name(u)))
        .collect();
    if !missing.is_empty() {
        return Err(SkmFileError::Missing {
            place: at(header_line),
            unsur: missing,
            found: headers
                .iter()
                .filter(|h| !h.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    columns.sort_by_key(|c| c.unsur);

    let mut tally = Tally::new(count);
    let mut counted: BTreeMap<&'static str, BTreeMap<String, u64>> = BTreeMap::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut total_problems = 0usize;
    let mut fives = 0usize;
    let mut first_five: Option<(usize, usize)> = None;
    let mut scores = vec![0u8; count];
    let problem = |line: usize, i: usize, reason: RowReason| Problem {
        file: file.to_string(),
        sheet: sheet.clone(),
        line,
        field: shown(i),
        reason,
    };
    for (line, cells) in rec.raw.iter().skip(k + 1) {
        // a row too wide to read, or a text file's row with another number of fields (a sheet's
        // rows are as wide as their last value), is refused as the roster's is
        let width = match cells {
            Ok(cells) if cells.iter().all(String::is_empty) => continue,
            Ok(cells) if sheet.is_none() && cells.len() != headers.len() => Err(cells.len()),
            Ok(cells) => Ok(cells),
            Err(found) => Err(*found),
        };
        let cells = match width {
            Ok(cells) => cells,
            Err(found) => {
                total_problems += 1;
                if problems.len() < PROBLEMS_SHOWN {
                    problems.push(Problem {
                        field: "row".into(),
                        ..problem(
                            *line,
                            0,
                            RowReason::WrongWidth {
                                found,
                                needed: headers.len(),
                            },
                        )
                    });
                }
                continue;
            }
        };
        let mut good = true;
        for c in &columns {
            let cell = cells.get(c.index).map_or("", String::as_str);
            match rules.score(c.unsur, cell) {
                Ok(s) => scores[c.unsur] = s,
                Err(a) => {
                    good = false;
                    total_problems += 1;
                    if a == Answer::OutOfRange(i64::from(rules.max_score) + 1) {
                        fives += 1;
                        first_five.get_or_insert((*line, c.index));
                    }
                    if problems.len() < PROBLEMS_SHOWN {
                        let reason = match a {
                            Answer::Empty => RowReason::Empty,
                            Answer::OutOfRange(v) => RowReason::SkmOutOfRange {
                                value: v,
                                max: rules.max_score,
                            },
                            Answer::Unknown => RowReason::SkmUnknownAnswer {
                                found: cell.to_string(),
                                expected: rules.answer_words(c.unsur),
                                max: rules.max_score,
                            },
                        };
                        problems.push(problem(*line, c.index, reason));
                    }
                }
            }
        }
        if good {
            tally.add(&scores);
            for (i, code) in &particulars {
                let v = cells.get(*i).map_or("", String::as_str).trim();
                if !v.is_empty() {
                    *counted
                        .entry(code)
                        .or_default()
                        .entry(v.to_string())
                        .or_default() += 1;
                }
            }
        }
    }
    // every value out of range a 5, and nothing else wrong: a 1–5 scale, said once
    if let Some((line, i)) = first_five.filter(|_| fives == total_problems) {
        return Err(SkmFileError::Scale5 {
            place: at(line),
            column: shown(i),
        });
    }
    if total_problems > 0 {
        return Err(SkmFileError::Rows {
            problems,
            total: total_problems,
        });
    }
    if tally.respondents == 0 {
        return Err(SkmFileError::NoRespondents {
            file: file.to_string(),
        });
    }
    Ok(Survey {
        file: file.to_string(),
        sheet,
        unsur: count,
        columns,
        ignored,
        tally,
        particulars: counted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> SkmRules {
        SkmRules::builtin().unwrap()
    }

    fn survey(text: &str) -> Result<Survey, SkmFileError> {
        read("skm.csv", text.as_bytes(), &rules(), &Vec::new())
    }

    #[test]
    fn numbered_columns_with_particulars_and_a_bom() {
        let s = survey(
            "\u{feff}No;Jenis Kelamin;Umur;U1;U2;U3;U4;U5;U6;U7;U8;U9\n\
             1;L;34;4;3;3;4;4;4;4;2;3\n\
             2;P;41;3;3;2;4;3;4;4;2;3\n\
             3;P;29;3;3;3;4;3;3;3;3;2\n\
             4;L;52;3;3;2;4;4;4;4;2;3\n\n",
        )
        .unwrap();
        assert_eq!(s.unsur, 9);
        assert_eq!(s.tally.respondents, 4);
        assert_eq!(s.tally.totals, [13, 12, 10, 16, 14, 15, 15, 9, 11]);
        assert_eq!(s.particulars["jenis_kelamin"]["P"], 2);
        assert_eq!(s.particulars["umur"].len(), 4);
        assert!(s.ignored.is_empty());
        assert!(s.columns.iter().all(|c| c.how == How::Name));
    }

    #[test]
    fn a_form_export_with_questions_and_answer_words() {
        let q = [
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ];
        let header = format!(
            "Timestamp,Jenis layanan,{},Kritik dan saran Anda",
            q.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        let text = format!(
            "{header}\n\
             2026/03/02 09:14:11,KTP-el,Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Berfungsi kurang maksimal,Baik,Antrean panjang\n\
             2026/03/02 10:02:40,KK,Sangat sesuai,Sangat mudah,Kurang cepat,Gratis,Sesuai,Sangat kompeten,Sangat sopan dan ramah,Dikelola dengan baik,Cukup,\n"
        );
        let s = survey(&text).unwrap();
        assert_eq!(s.tally.respondents, 2);
        assert_eq!(s.tally.totals, [7, 7, 5, 8, 6, 7, 7, 7, 5]);
        assert!(s.columns.iter().all(|c| c.how == How::Question));
        assert_eq!(s.particulars["jenis_layanan"]["KTP-el"], 1);
        assert_eq!(s.ignored, ["Kritik dan saran Anda"]);
    }

    #[test]
    fn bad_rows_are_named_by_line_and_column_and_refuse_the_file() {
        let e = survey(
            "U1;U2;U3;U4;U5;U6;U7;U8;U9\n\
             4;3;3;4;4;4;4;2;3\n\
             0;3;3;4;4;4;4;2;3\n\
             4;3;3;4;4;4;4;;3\n\
             4;3;3;4;4;4;4;2\n\
             4;3;mantap;4;4;4;4;2;3\n",
        )
        .unwrap_err();
        let SkmFileError::Rows { problems, total } = e else {
            panic!("{e:?}")
        };
        assert_eq!(total, 4);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown[0],
            "skm.csv:3: U1 (A): value 0 is outside the scale 1–4"
        );
        assert_eq!(shown[1], "skm.csv:4: U8 (H): is empty");
        assert!(
            shown[2].starts_with("skm.csv:5: row: has 8 fields but the header has 9"),
            "{}",
            shown[2]
        );
        assert!(
            shown[3].starts_with("skm.csv:6: U3 (C): \"mantap\" is not an answer to this unsur"),
            "{}",
            shown[3]
        );
    }

    #[test]
    fn a_one_to_five_scale_is_said_once() {
        let e = survey(
            "U1;U2;U3;U4;U5;U6;U7;U8;U9\n\
             4;3;3;4;4;4;4;2;3\n\
             5;5;4;4;5;4;4;2;3\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            SkmFileError::Scale5 {
                place: "skm.csv:3".into(),
                column: "U1 (A)".into()
            }
        );
    }

    #[test]
    fn missing_twice_and_ambiguous_columns() {
        let e = survey("U1;U2;U3;U4;U5;U6;U7;U8\n4;4;4;4;4;4;4;4\n").unwrap_err();
        assert!(
            matches!(&e, SkmFileError::Missing { unsur, .. } if unsur == &["U9 Sarana dan Prasarana"]),
            "{e:?}"
        );
        let e = survey("U1;U2;U3;U4;U5;U6;U7;U8;U9;Unsur 9\n").unwrap_err();
        assert!(
            matches!(&e, SkmFileError::Twice { first, second, .. } if first == "U9 (I)" && second == "Unsur 9 (J)"),
            "{e:?}"
        );
        let e = survey("U1;Biaya dan waktu pelayanan\n").unwrap_err();
        assert!(
            matches!(&e, SkmFileError::Ambiguous { unsur, .. } if unsur.len() == 2),
            "{e:?}"
        );
        let e = survey("Nama;Alamat\nA;B\n").unwrap_err();
        assert!(matches!(e, SkmFileError::NoHeader { .. }), "{e:?}");
        let e = survey("U1;U2;U3;U4;U5;U6;U7;U8;U9\n").unwrap_err();
        assert!(matches!(e, SkmFileError::NoRespondents { .. }), "{e:?}");
    }

    #[test]
    fn the_old_fourteen_unsur_form_is_read_with_its_count() {
        let header = (1..=14)
            .map(|i| format!("U{i}"))
            .collect::<Vec<_>>()
            .join(";");
        let s = survey(&format!("{header}\n{}\n", ["3"; 14].join(";"))).unwrap();
        assert_eq!(s.unsur, 14);
        assert_eq!(s.tally.totals.len(), 14);
    }

    #[test]
    fn a_map_file_names_the_columns_a_form_words_its_own_way() {
        let r = rules();
        let map = parse_map(
            "\"Seberapa puas Anda dengan lamanya layanan?\" = \"U3\"\nB = \"Persyaratan\"\n\"Catatan\" = \"abaikan\"\n",
            &r,
        )
        .unwrap();
        let text = "Cap waktu;Syarat;Seberapa puas Anda dengan lamanya layanan?;U2;U4;U5;U6;U7;U8;U9;Catatan\n\
                    x;4;3;4;4;4;4;4;4;4;persyaratan berbelit\n";
        let s = read("f.csv", text.as_bytes(), &r, &map).unwrap();
        assert_eq!(s.tally.totals, [4, 4, 3, 4, 4, 4, 4, 4, 4]);
        assert_eq!(s.columns[0].how, How::Map);
        assert!(s.ignored.is_empty());
        let e = parse_map("B = \"U99\"\n", &r).unwrap_err();
        assert!(matches!(
            e,
            SkmFileError::Map {
                reason: MapReason::NoUnsur { .. },
                ..
            }
        ));
        let e = parse_map("B = ", &r).unwrap_err();
        assert!(matches!(
            e,
            SkmFileError::Map {
                reason: MapReason::Toml(_),
                ..
            }
        ));
        let typo = parse_map("\"Seberapa puas Anda?\" = \"U3\"\n", &r).unwrap();
        let e = read("f.csv", text.as_bytes(), &r, &typo).unwrap_err();
        assert_eq!(
            e,
            SkmFileError::Map {
                entry: "Seberapa puas Anda?".into(),
                reason: MapReason::NoColumn
            }
        );
    }
}

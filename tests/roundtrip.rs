//! The spreadsheet round-trip through the real binary: export the demo audit, edit the workbook
//! (a modified copy written with rust_xlsxwriter) or the CSV files, import without and with
//! --apply, and the hostile files with their exact messages.

mod common;
#[path = "common/fill.rs"]
mod fill;

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use common::{run_in, write};
use serde_json::Value;

/// A demo store, its audit id, and the profile the imports are made as (not the demo's authors).
fn demo(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("demo");
    run_in(&store, &["demo"]).ok();
    run_in(
        &store,
        &[
            "profile",
            "add",
            "--name",
            "Budi Santoso",
            "--nip",
            "198609262015051001",
        ],
    )
    .ok();
    run_in(&store, &["profile", "use", "Budi Santoso"]).ok();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    let id = list[0]["id"].as_str().unwrap().to_string();
    (store, id)
}

fn export(store: &Path, id: &str, format: &str, out: &Path) {
    run_in(
        store,
        &[
            "export",
            id,
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();
}

/// The state an import must not touch without --apply: the audit, its findings, the trail.
fn state(store: &Path, id: &str) -> (Value, Value, String) {
    let show = run_in(store, &["--json", "audit", "show", id]).ok().json();
    let findings = run_in(store, &["--json", "finding", "list", id])
        .ok()
        .json();
    let log = run_in(store, &["--json", "log", "--limit", "100000"])
        .ok()
        .stdout;
    (show, findings, log)
}

type Sheets = Vec<(String, Vec<Vec<Data>>)>;

/// The first row of data of a table's sheet (0-based): under the hidden row of column codes and
/// the row of labels.
const DATA: usize = 2;
/// The sheet of the rating recommendations (`rekomendasi` in earlier releases).
const RATINGS: &str = "rekomendasi_predikat";
/// The sheet of the earlier audits' open recommendations: for reading, never imported.
const EARLIER: &str = "tindak_lanjut_sebelumnya";

fn read_book(path: &Path) -> Sheets {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            (n, range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

/// Writes the sheets back as a workbook: texts as strings, numbers as numbers, dates as text.
fn write_book(sheets: &Sheets, path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::Float(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    Data::Int(x) => {
                        ws.write_number(r, c, *x as f64).unwrap();
                    }
                    Data::DateTime(_) => {
                        let t = cell.as_datetime().unwrap();
                        ws.write_string(r, c, t.format("%Y-%m-%d").to_string())
                            .unwrap();
                    }
                    other => {
                        ws.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn col(sheets: &Sheets, sheet: &str, name: &str) -> usize {
    let rows = &sheets.iter().find(|(n, _)| n == sheet).unwrap().1;
    rows[0]
        .iter()
        .position(|c| c.as_string().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("{sheet} has no column {name}"))
}

fn set(sheets: &mut Sheets, sheet: &str, row: usize, name: &str, value: Data) {
    let c = col(sheets, sheet, name);
    let rows = &mut sheets.iter_mut().find(|(n, _)| n == sheet).unwrap().1;
    if rows.len() <= row {
        let width = rows[0].len();
        rows.resize(row + 1, vec![Data::Empty; width]);
    }
    rows[row][c] = value;
}

fn get(sheets: &Sheets, sheet: &str, row: usize, name: &str) -> String {
    let c = col(sheets, sheet, name);
    sheets.iter().find(|(n, _)| n == sheet).unwrap().1[row][c].to_string()
}

fn s(v: &str) -> Data {
    Data::String(v.to_string())
}

/// The row (0-based, header 0) of the finding with the given severity label.
fn finding_row(sheets: &Sheets, severity: &str) -> usize {
    let c = col(sheets, "temuan", "tingkat");
    sheets
        .iter()
        .find(|(n, _)| n == "temuan")
        .unwrap()
        .1
        .iter()
        .position(|r| r[c].as_string().as_deref() == Some(severity))
        .unwrap()
}

#[test]
fn xlsx_edited_in_a_spreadsheet_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("pemeriksaan.xlsx");
    export(&store, &id, "xlsx", &exported);

    let mut book = read_book(&exported);
    // jawaban R3 is SP-01 (a compliance item, answered compliant in the demo)
    assert_eq!(get(&book, "jawaban", DATA, "kode_butir"), "SP-01");
    set(&mut book, "jawaban", DATA, "jawaban_kode", s("partial"));
    set(
        &mut book,
        "jawaban",
        DATA,
        "catatan",
        s("Dua layanan belum punya SK"),
    );
    // the KTP finding (high): one recommendation, whose follow-up its row's columns are
    let low = finding_row(&book, "Tinggi");
    let finding_id = get(&book, "temuan", low, "temuan_id");
    set(&mut book, "temuan", low, "tingkat", s("Sedang"));
    set(
        &mut book,
        "temuan",
        low,
        "tindak_lanjut_kode",
        Data::Float(2.0),
    );
    set(
        &mut book,
        "temuan",
        low,
        "tindak_lanjut_catatan",
        s("Dibahas 2 Desember"),
    );
    let new_row = DATA + 3;
    for (name, value) in [
        ("judul", "Papan informasi tidak memuat biaya layanan"),
        ("butir", "SP-04"),
        ("kondisi", "Papan di ruang tunggu tidak mencantumkan biaya."),
        ("kriteria", "PermenPANRB 15/2014"),
        ("sebab", "Belum diperbarui"),
        ("akibat", "Pemohon tidak tahu layanan gratis"),
        ("rekomendasi", "Perbarui papan informasi"),
        ("tingkat", "rendah"),
        ("tindak_lanjut_kode", "1"),
    ] {
        set(&mut book, "temuan", new_row, name, s(value));
    }
    let edited = tmp.path().join("diperiksa.xlsx");
    write_book(&book, &edited);

    // without --apply: the diff, and nothing changes
    let before = state(&store, &id);
    let dry = run_in(&store, &["import", edited.to_str().unwrap()]).ok();
    let out = &dry.stdout;
    assert!(out.contains("jawaban: 1 changed, 28 unchanged"), "{out}");
    assert!(
        out.contains("      jawaban_kode: \"compliant\" → \"partial\""),
        "{out}"
    );
    assert!(
        out.contains("temuan: 1 added, 1 changed, 2 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("      tingkat: \"Tinggi\" → \"Sedang\""),
        "{out}"
    );
    assert!(
        out.contains(
            "      tindak_lanjut_kode: \"3 Belum ditindaklanjuti\" → \"2 Belum sesuai rekomendasi\""
        ),
        "{out}"
    );
    assert!(
        out.contains("  + R6 baru Papan informasi tidak memuat biaya layanan"),
        "{out}"
    );
    assert!(out.contains("rekomendasi_predikat: 2 unchanged"), "{out}");
    assert!(
        out.contains("note: ringkasan: the summary is read-only; ignored"),
        "{out}"
    );
    assert!(
        out.contains("dry run: 3 change(s) not saved; run again with --apply to save them"),
        "{out}"
    );
    assert_eq!(state(&store, &id), before, "a dry run changed the store");

    // with --apply: in the audit, the findings and the trail, as the current profile
    let applied = run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    assert!(
        applied
            .stdout
            .contains("applied 3 change(s): 5 event(s) in one save, as Budi Santoso"),
        "{}",
        applied.stdout
    );
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    let sp01 = show["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "SP-01")
        .unwrap();
    assert_eq!(sp01["answer"], "partial");
    assert_eq!(sp01["note"], "Dua layanan belum punya SK");
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    let f = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == finding_id.as_str())
        .unwrap();
    assert_eq!(f["severity"], "medium");
    assert_eq!(f["followup"]["status"], 2);
    assert_eq!(f["followup"]["note"], "Dibahas 2 Desember");
    let added = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == "Papan informasi tidak memuat biaya layanan")
        .expect("the new finding");
    assert_eq!(added["items"][0], "SP-04");
    assert_eq!(added["followup"]["status"], 1);
    let log = run_in(&store, &["--json", "log", "--audit", &id, "--limit", "6"]).ok();
    let events: Vec<Value> = log
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "followup.verified",
            "finding.raised",
            "followup.verified",
            "finding.updated",
            "response.recorded",
            // the demo's last event before the import
            kinds[5]
        ]
    );
    for e in &events[..5] {
        assert_eq!(e["actor_name"], "Budi Santoso");
    }
    // the events of one import share one save: consecutive sequence numbers of one device
    let seqs: Vec<u64> = events[..5]
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] == w[1] + 1), "{seqs:?}");

    // exported again, the workbook holds what was typed into the edited one, cell for cell: every
    // response's code and note, every finding's editable texts, under the same two header rows
    let again = tmp.path().join("lagi.xlsx");
    export(&store, &id, "xlsx", &again);
    let again = read_book(&again);
    let rows = |b: &Sheets, sheet: &str| b.iter().find(|(n, _)| n == sheet).unwrap().1.clone();
    for sheet in ["jawaban", "temuan", RATINGS] {
        assert_eq!(
            rows(&again, sheet)[..DATA],
            rows(&book, sheet)[..DATA],
            "{sheet}"
        );
    }
    let by_key = |b: &Sheets, sheet: &str, key: &str, columns: &[&str]| {
        let mut v: Vec<Vec<String>> = (DATA..rows(b, sheet).len())
            .map(|r| {
                std::iter::once(key)
                    .chain(columns.iter().copied())
                    .map(|c| get(b, sheet, r, c))
                    .collect()
            })
            .collect();
        v.sort();
        v
    };
    let answers = ["jawaban_kode", "catatan"];
    assert_eq!(
        by_key(&again, "jawaban", "kode_butir", &answers),
        by_key(&book, "jawaban", "kode_butir", &answers)
    );
    let texts = [
        "butir",
        "kondisi",
        "kriteria",
        "sebab",
        "akibat",
        "rekomendasi",
        "tanggapan",
        "tindak_lanjut_kode",
        "tindak_lanjut_catatan",
    ];
    assert_eq!(
        by_key(&again, "temuan", "judul", &texts),
        by_key(&book, "temuan", "judul", &texts)
    );
    // a severity typed in lower case comes back as the label the export writes
    let severities = by_key(&again, "temuan", "judul", &["tingkat"]);
    assert!(severities.contains(&vec![
        "Papan informasi tidak memuat biaya layanan".to_string(),
        "Rendah".to_string()
    ]));

    // the same file again: nothing to change (the new row is recognised by its content)
    let again = run_in(&store, &["--json", "import", edited.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(again["changes"], 0, "{again}");
    for sheet in again["sheets"].as_array().unwrap() {
        assert!(sheet["added"].as_array().unwrap().is_empty(), "{sheet}");
        assert!(sheet["changed"].as_array().unwrap().is_empty(), "{sheet}");
    }
    let again = run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    assert!(
        again
            .stdout
            .contains("nothing to change: the audit already holds every row of the file"),
        "{}",
        again.stdout
    );
    run_in(&store, &["verify"]).ok();
}

#[test]
fn csv_folder_and_one_csv_table_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let folder = tmp.path().join("ekspor");
    export(&store, &id, "csv", &folder);
    let temuan = folder.join("temuan.csv");
    let text = std::fs::read_to_string(&temuan).unwrap();
    // the high-severity finding's tanggapan, edited the way a spreadsheet saves CSV
    let mut rdr =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rdr.headers().unwrap().clone();
    let mut rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let t = header.iter().position(|h| h == "tanggapan").unwrap();
    let sev = header.iter().position(|h| h == "tingkat").unwrap();
    let at = rows.iter().position(|r| &r[sev] == "Tinggi").unwrap();
    let mut cells: Vec<String> = rows[at].iter().map(str::to_string).collect();
    cells[t] = "Auditan sependapat; blangko dipesan Desember".into();
    rows[at] = csv::StringRecord::from(cells);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    std::fs::write(&temuan, w.into_inner().unwrap()).unwrap();

    let before = state(&store, &id);
    let dry = run_in(&store, &["import", folder.to_str().unwrap()]).ok();
    assert!(
        dry.stdout.contains("temuan.csv: 1 changed, 2 unchanged"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("jawaban.csv: 29 unchanged"),
        "{}",
        dry.stdout
    );
    assert_eq!(state(&store, &id), before);

    // one table on its own, with --audit naming the same audit by its short id
    let short = &id[id.len() - 8..];
    let run = run_in(
        &store,
        &[
            "import",
            temuan.to_str().unwrap(),
            "--audit",
            short,
            "--apply",
        ],
    )
    .ok();
    assert!(
        run.stdout
            .contains("→ \"Auditan sependapat; blangko dipesan Desember\""),
        "{}",
        run.stdout
    );
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    assert!(findings
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["tanggapan"] == "Auditan sependapat; blangko dipesan Desember"));
    let again = run_in(&store, &["--json", "import", temuan.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(again["changes"], 0);
    assert_eq!(again["sheets"][0]["unchanged"], 3);
}

/// Imports a copy of the export with one edit; expects exit 1, `message` on stderr, no change.
fn refused(store: &Path, id: &str, book: &Sheets, dir: &Path, message: &str) {
    let path = dir.join("pemeriksaan.xlsx");
    write_book(book, &path);
    let before = state(store, id);
    let run = run_in(store, &["import", path.to_str().unwrap(), "--apply"]).fails(1);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(run.stderr.contains("nothing applied"), "{}", run.stderr);
    assert_eq!(
        state(store, id),
        before,
        "a refused import changed the store"
    );
}

#[test]
fn unreadable_rows_are_named_and_nothing_is_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("asli.xlsx");
    export(&store, &id, "xlsx", &exported);
    let book = read_book(&exported);
    let dir = tmp.path();

    // each with a good edit beside it, which must not be applied either
    let mut b = book.clone();
    set(&mut b, "jawaban", DATA, "catatan", s("catatan yang sah"));
    set(&mut b, "temuan", DATA, "tingkat", s("sedang sekali"));
    refused(
        &store,
        &id,
        &b,
        dir,
        "temuan!R3 C11 (tingkat): \"sedang sekali\" is not a severity; use rendah, sedang, tinggi",
    );

    let mut b = book.clone();
    set(&mut b, "jawaban", DATA, "jawaban_kode", s("sesuai sekali"));
    refused(
        &store,
        &id,
        &b,
        dir,
        "jawaban!R3 C9 (jawaban_kode): \"sesuai sekali\" is not a compliance answer; use \
         compliant, partial, noncompliant or na (Sesuai, Sebagian, Tidak Sesuai, Tidak Berlaku)",
    );

    let mut b = book.clone();
    set(&mut b, RATINGS, DATA, "nip", s("19710128200202200"));
    refused(
        &store,
        &id,
        &b,
        dir,
        "rekomendasi_predikat!R3 C3 (nip): NIP \"19710128200202200\" has 17 digits; a NIP has exactly 18",
    );

    let mut b = book.clone();
    set(
        &mut b,
        RATINGS,
        DATA,
        "nip",
        Data::Float(197101282002022001.0),
    );
    refused(
        &store,
        &id,
        &b,
        dir,
        "rekomendasi_predikat!R3 C3 (nip): the NIP is stored as a number (197101282002022000), so its \
         last digits are lost; format the column as Text and type the NIP again",
    );

    // a row without its id is a new recommendation: the ASN already has one for that period
    let mut b = book.clone();
    set(&mut b, RATINGS, DATA, "rekomendasi_id", s(""));
    set(
        &mut b,
        RATINGS,
        DATA,
        "hasil_kerja",
        s("Di Atas Ekspektasi"),
    );
    refused(
        &store,
        &id,
        &b,
        dir,
        "rekomendasi_predikat!R3: ASN 19710128 200202 2 001 already has a rating recommendation for 2026-S2",
    );

    let mut b = book.clone();
    set(
        &mut b,
        "temuan",
        DATA,
        "temuan_id",
        s("01a2131f-0000-7000-8000-000000000000"),
    );
    refused(
        &store,
        &id,
        &b,
        dir,
        "temuan!R3 C1 (temuan_id): no finding 01a2131f-0000-7000-8000-000000000000 in this \
         audit; leave the id empty for a new one",
    );

    // a row whose id is another audit's finding
    run_in(
        &store,
        &[
            "audit",
            "new",
            "--agency",
            "DINKES",
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Pemeriksaan Dinkes",
        ],
    )
    .ok();
    let audits = run_in(&store, &["--json", "audit", "list"]).ok().json();
    let other = audits
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] != id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other_short = &other[other.len() - 8..];
    run_in(
        &store,
        &[
            "finding",
            "add",
            &other,
            "--title",
            "Lain",
            "--kondisi",
            "k",
            "--kriteria",
            "k",
            "--sebab",
            "s",
            "--akibat",
            "a",
            "--rekomendasi",
            "r",
            "--severity",
            "low",
        ],
    )
    .ok();
    let foreign = run_in(&store, &["--json", "finding", "list", &other])
        .ok()
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut b = book.clone();
    set(&mut b, "temuan", DATA, "temuan_id", s(&foreign));
    refused(
        &store,
        &id,
        &b,
        dir,
        &format!(
            "temuan!R3 C1 (temuan_id): finding {foreign} belongs to another audit ({other_short} \
             \"Pemeriksaan Dinkes\"), not this one; a row cannot move between audits"
        ),
    );

    // a row's audit_id from another audit
    let mut b = book.clone();
    set(&mut b, "temuan", DATA, "audit_id", s(&other));
    refused(
        &store,
        &id,
        &b,
        dir,
        &format!(
            "temuan!R3 C2 (audit_id): \"{other}\" is another audit than the one this file was \
             exported from ({id}); a row cannot move between audits"
        ),
    );

    // the whole file is another audit's
    let short = &id[id.len() - 8..];
    let run = run_in(
        &store,
        &["import", exported.to_str().unwrap(), "--audit", other_short],
    )
    .fails(1);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "error: asli.xlsx was exported from audit {short} \"Pemeriksaan Kepatuhan Standar \
             Pelayanan Administrasi Kependudukan Semester II 2026\", not from audit \
             {other_short} \"Pemeriksaan Dinkes\"; a file is imported only into the audit it \
             came from"
        )
    );
    // with --audit naming its own audit it is fine
    run_in(
        &store,
        &["import", exported.to_str().unwrap(), "--audit", short],
    )
    .ok();

    // not a workbook, whatever its name
    let fake = write(dir, "laporan.xlsx", b"Nomor,Judul\n1,Temuan\n");
    let run = run_in(&store, &["import", fake.to_str().unwrap()]).fails(1);
    assert_eq!(
        run.stderr.trim(),
        "error: laporan.xlsx: not an XLSX workbook (it does not start like one); a file renamed \
         .xlsx? Export the audit again with `periksa export AUDIT --format xlsx`"
    );
    // not a spreadsheet: read as a findings file, which it is not either
    let bundle = write(dir, "temuan.periksa", b"\0\0");
    let run = run_in(&store, &["import", bundle.to_str().unwrap()]).fails(1);
    assert!(
        run.stderr.contains(
            "temuan.periksa is not a Periksa findings file (it does not start with PRKSBNDL or an age header)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn problems_come_as_json_too() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("asli.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut b = read_book(&exported);
    set(&mut b, "temuan", DATA, "tingkat", s("parah"));
    let path = tmp.path().join("x.xlsx");
    write_book(&b, &path);
    let run = run_in(&store, &["--json", "import", path.to_str().unwrap()]).fails(1);
    let v = run.json();
    assert_eq!(v["applied"], false);
    assert_eq!(v["problems"][0]["sheet"], "temuan");
    assert_eq!(v["problems"][0]["row"], 3);
    assert_eq!(v["problems"][0]["col"], 11);
    assert_eq!(v["problems"][0]["column"], "tingkat");
    assert_eq!(
        v["problems"][0]["reason"],
        "\"parah\" is not a severity; use rendah, sedang, tinggi"
    );
}

#[test]
fn a_rating_changed_in_a_spreadsheet_is_an_edit_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("asli.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    let rating_id = get(&book, RATINGS, DATA, "rekomendasi_id");
    assert_eq!(
        get(&book, RATINGS, DATA, "hasil_kerja"),
        "Sesuai Ekspektasi"
    );
    set(
        &mut book,
        RATINGS,
        DATA,
        "hasil_kerja",
        s("Di Atas Ekspektasi"),
    );
    let edited = tmp.path().join("diubah.xlsx");
    write_book(&book, &edited);
    let dry = run_in(&store, &["import", edited.to_str().unwrap()]).ok();
    assert!(
        dry.stdout
            .contains("hasil_kerja: \"Sesuai Ekspektasi\" → \"Di Atas Ekspektasi\""),
        "{}",
        dry.stdout
    );
    run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    let list = run_in(&store, &["--json", "rating", "list", "--audit", &id])
        .ok()
        .json();
    let list = list.as_array().unwrap();
    let r = list.iter().find(|r| r["id"] == rating_id.as_str()).unwrap();
    assert_eq!(r["hasil"], "above");
    // still one recommendation per ASN and period: the edit did not add a second
    assert_eq!(
        list.iter().filter(|x| x["nip"] == r["nip"]).count(),
        1,
        "{list:?}"
    );
    let log = run_in(&store, &["log", "--audit", &id, "--limit", "1"]).ok();
    assert!(
        log.stdout.contains("diubah melalui impor lembar kerja"),
        "{}",
        log.stdout
    );
    run_in(&store, &["verify"]).ok();
}

/// Makes a change in Periksa as another auditor, then goes back to the importing profile.
fn as_other(store: &Path, args: &[&str]) {
    run_in(
        store,
        &[
            "profile",
            "add",
            "--name",
            "Sari Wulandari",
            "--nip",
            "199003152015032002",
        ],
    );
    run_in(store, &["profile", "use", "Sari Wulandari"]).ok();
    run_in(store, args).ok();
    run_in(store, &["profile", "use", "Budi Santoso"]).ok();
}

/// The trail's newest event, as `log --json` gives it.
fn last_event(store: &Path) -> Value {
    let log = run_in(store, &["--json", "log", "--limit", "1"]).ok();
    serde_json::from_str(log.stdout.trim()).unwrap()
}

fn item<'a>(show: &'a Value, code: &str) -> &'a Value {
    show["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()
}

#[test]
fn a_row_changed_in_periksa_after_the_export_is_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("pemeriksaan.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    let low = finding_row(&book, "Tinggi");
    let finding_id = get(&book, "temuan", low, "temuan_id");
    let old_note = get(&book, "jawaban", DATA, "catatan");
    assert_eq!(get(&book, "jawaban", DATA, "kode_butir"), "SP-01");
    assert_eq!(get(&book, "jawaban", DATA + 1, "kode_butir"), "SP-02");

    // after the export, in Periksa: SP-01's note and the low finding's follow-up
    as_other(
        &store,
        &[
            "audit",
            "answer",
            &id,
            "SP-01",
            "--note",
            "Dicek ulang di lapangan",
        ],
    );
    let answered = last_event(&store);
    as_other(
        &store,
        &[
            "finding",
            "follow-up",
            &finding_id,
            "--status",
            "2",
            "--note",
            "Surat edaran sudah terbit",
        ],
    );
    let followed = last_event(&store);
    assert_eq!(followed["actor_name"], "Sari Wulandari");

    // in the spreadsheet: the finding's severity and SP-02's note; SP-01's row is left as exported
    set(&mut book, "temuan", low, "tingkat", s("Sedang"));
    set(
        &mut book,
        "jawaban",
        DATA + 1,
        "catatan",
        s("Dilihat dari lembar kerja"),
    );
    let edited = tmp.path().join("diperiksa.xlsx");
    write_book(&book, &edited);

    let before = state(&store, &id);
    let dry = run_in(&store, &["import", edited.to_str().unwrap()]).ok();
    let out = &dry.stdout;
    assert!(
        out.contains("jawaban: 1 changed, 1 stale, 27 unchanged"),
        "{out}"
    );
    assert!(out.contains("temuan: 1 stale, 2 unchanged"), "{out}");
    assert!(
        out.contains(
            "stale: 2 row(s) would undo a change made in Periksa after this file was exported; \
             left out; --force-stale applies them"
        ),
        "{out}"
    );
    assert!(out.contains("  ! jawaban!R3 SP-01 "), "{out}");
    assert!(
        out.contains("      changed in Periksa after this file was exported: Sari Wulandari, "),
        "{out}"
    );
    assert!(
        out.contains("      catatan: \"Dicek ulang di lapangan\" → \"Keputusan Kepala Dinas"),
        "{out}"
    );
    assert!(out.contains(&format!("  ! temuan!R{} ", low + 1)), "{out}");
    assert!(
        out.contains("      tingkat: \"Tinggi\" → \"Sedang\""),
        "{out}"
    );
    assert!(
        out.contains(
            "      tindak_lanjut_kode: \"2 Belum sesuai rekomendasi\" → \"3 Belum ditindaklanjuti\""
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "dry run: 1 change(s) not saved; run again with --apply to save them; 2 stale row(s) \
             left out: check them against the audit, and run again with --force-stale to apply \
             them all the same"
        ),
        "{out}"
    );
    assert_eq!(state(&store, &id), before, "a dry run changed the store");

    // the same as JSON: who and when are the newer events'
    let v = run_in(&store, &["--json", "import", edited.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(v["stale"], 2);
    assert_eq!(v["changes"], 1);
    let jawaban = &v["sheets"][0]["stale"][0];
    assert_eq!(jawaban["key"], "SP-01");
    assert_eq!(jawaban["changed_by"], "Sari Wulandari");
    assert_eq!(jawaban["changed_at"], answered["at"]);
    assert_eq!(jawaban["forced"], false);
    let temuan = &v["sheets"][1]["stale"][0];
    assert_eq!(temuan["changed_by"], "Sari Wulandari");
    assert_eq!(temuan["changed_at"], followed["at"]);

    // --apply: the other row is saved, the stale ones are not
    let run = run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    assert!(
        run.stdout.contains(
            "applied 1 change(s): 1 event(s) in one save, as Budi Santoso; 2 stale row(s) left out"
        ),
        "{}",
        run.stdout
    );
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    assert_eq!(item(&show, "SP-01")["note"], "Dicek ulang di lapangan");
    assert_eq!(item(&show, "SP-02")["note"], "Dilihat dari lembar kerja");
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    let f = |findings: &Value| {
        findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == finding_id.as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(f(&findings)["severity"], "high");
    assert_eq!(f(&findings)["followup"]["status"], 2);

    // --force-stale: what the spreadsheet holds wins, as the user chose
    let run = run_in(
        &store,
        &[
            "import",
            edited.to_str().unwrap(),
            "--apply",
            "--force-stale",
        ],
    )
    .ok();
    assert!(
        run.stdout.contains(
            "stale: 2 row(s) would undo a change made in Periksa after this file was exported; \
             applied all the same (--force-stale)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("applied 2 change(s): 3 event(s) in one save, as Budi Santoso"),
        "{}",
        run.stdout
    );
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    assert_eq!(item(&show, "SP-01")["note"], old_note.as_str());
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    assert_eq!(f(&findings)["severity"], "medium");
    assert_eq!(f(&findings)["followup"]["status"], 3);
    run_in(&store, &["verify"]).ok();
}

/// The workbook as releases before the labels wrote it: the codes in row 1 and the data under
/// them, the ratings on a sheet named `rekomendasi`, the summary one row under its codes.
fn in_the_old_shape(book: &mut Sheets) {
    for (name, rows) in book.iter_mut() {
        if name == "ringkasan" {
            // one field a row (code, label, value) under a header: the codes in a row, the values
            // in the row under it
            let fields = rows.split_off(1);
            let codes = fields.iter().map(|f| f[0].clone()).collect();
            let values = fields
                .iter()
                .map(|f| f.get(2).cloned().unwrap_or(Data::Empty))
                .collect();
            *rows = vec![codes, values];
        } else {
            rows.remove(1);
            if name == RATINGS {
                *name = "rekomendasi".into();
            }
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_workbook_exported_by_an_earlier_release_still_imports() {
    // tests/data/xlsx/ekspor-rilis-lama.xlsx: golden set v2's audit exported by the release
    // before the labels (e35ce27): the codes in row 1, the data from row 2, the summary as one
    // row, the ratings on a sheet named rekomendasi
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = tmp.path().join("store");
    copy_dir(&root.join("tests/data/golden/v2/store"), &store);
    let file = tmp.path().join("lama.xlsx");
    std::fs::copy(root.join("tests/data/xlsx/ekspor-rilis-lama.xlsx"), &file).unwrap();
    let book = read_book(&file);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ringkasan", "jawaban", "temuan", "rekomendasi"]);

    // as it was exported: every row read, nothing to change
    let v = run_in(&store, &["--json", "import", file.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_eq!(v["changes"], 0, "{v}");
    let read: Vec<(String, u64)> = v["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["sheet"].as_str().unwrap().to_string(),
                s["unchanged"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("jawaban".to_string(), 29),
            ("temuan".to_string(), 3),
            ("rekomendasi".to_string(), 2)
        ]
    );
    assert_eq!(v["unversioned"], serde_json::json!([]));

    // edited in a spreadsheet and imported: SP-01 is its row 2
    let mut book = book;
    assert_eq!(get(&book, "jawaban", 1, "kode_butir"), "SP-01");
    set(
        &mut book,
        "jawaban",
        1,
        "catatan",
        s("Diperiksa ulang dari lembar lama"),
    );
    let edited = tmp.path().join("lama-diubah.xlsx");
    write_book(&book, &edited);
    let run = run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    assert!(
        run.stdout.contains("jawaban: 1 changed, 28 unchanged"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  ~ R2 SP-01 "), "{}", run.stdout);
    let audit = v["audit"].as_str().unwrap().to_string();
    let show = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json();
    assert_eq!(
        item(&show, "SP-01")["note"],
        "Diperiksa ulang dari lembar lama"
    );
    run_in(&store, &["verify"]).ok();
}

#[test]
fn a_workbook_whose_row_of_codes_was_deleted_is_read_by_its_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("pemeriksaan.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    set(
        &mut book,
        "temuan",
        DATA,
        "tindak_lanjut_catatan",
        s("Surat edaran terbit"),
    );
    // someone showed the hidden rows and deleted them; the labels name the columns
    for (name, rows) in book.iter_mut() {
        if name == "ringkasan" {
            for r in rows.iter_mut() {
                r.remove(0);
            }
        } else {
            rows.remove(0);
        }
    }
    assert_eq!(book[2].1[0][10].to_string(), "Tingkat");
    let edited = tmp.path().join("tanpa-kode.xlsx");
    write_book(&book, &edited);
    let v = run_in(&store, &["--json", "import", edited.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_eq!(v["changes"], 1, "{v}");
    let temuan = &v["sheets"][1];
    assert_eq!(temuan["sheet"], "temuan");
    // the row as the sheet now numbers it: the labels in row 1, the first finding in row 2
    assert_eq!(temuan["changed"][0]["row"], 2, "{temuan}");
    assert_eq!(
        temuan["changed"][0]["columns"][0]["column"],
        "tindak_lanjut_catatan"
    );
}

#[test]
fn an_export_without_versi_imports_as_before_with_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("lama.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    // as an older release wrote it: the codes in row 1, no labels, no versi column
    in_the_old_shape(&mut book);
    // nor the columns added since (temuan's codes, after versi)
    for (name, rows) in &mut book {
        if name != "ringkasan" {
            let mut gone: Vec<usize> = rows[0]
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    ["versi", "kode_temuan", "kode_sebab"].contains(&c.to_string().as_str())
                })
                .map(|(i, _)| i)
                .collect();
            assert!(!gone.is_empty(), "{name}");
            gone.sort_unstable_by(|a, b| b.cmp(a));
            for r in rows.iter_mut() {
                for &i in &gone {
                    if i < r.len() {
                        r.remove(i);
                    }
                }
            }
        }
    }
    as_other(
        &store,
        &[
            "audit",
            "answer",
            &id,
            "SP-01",
            "--note",
            "Dicek ulang di lapangan",
        ],
    );
    set(
        &mut book,
        "jawaban",
        2,
        "catatan",
        s("Dilihat dari lembar kerja"),
    );
    let edited = tmp.path().join("lama-diubah.xlsx");
    write_book(&book, &edited);

    let run = run_in(&store, &["import", edited.to_str().unwrap(), "--apply"]).ok();
    let out = &run.stdout;
    let notice = "note: jawaban, temuan, rekomendasi: no versi column (an export of an older \
                  release): changes made in Periksa after the export cannot be detected, and a \
                  row that differs replaces them";
    assert_eq!(out.matches(notice).count(), 1, "{out}");
    assert!(!out.contains("stale"), "{out}");
    // the rows win, as before: SP-01's newer note is replaced by the file's
    assert!(
        out.contains("applied 2 change(s): 2 event(s) in one save, as Budi Santoso"),
        "{out}"
    );
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    assert_eq!(item(&show, "SP-02")["note"], "Dilihat dari lembar kerja");
    assert_ne!(item(&show, "SP-01")["note"], "Dicek ulang di lapangan");
    let v = run_in(&store, &["--json", "import", edited.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(
        v["unversioned"],
        serde_json::json!(["jawaban", "temuan", "rekomendasi"])
    );
}

#[test]
fn a_long_text_changed_near_its_end_shows_the_part_that_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let exported = tmp.path().join("pemeriksaan.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    let high = finding_row(&book, "Tinggi");
    let kondisi = get(&book, "temuan", high, "kondisi");
    assert!(kondisi.chars().count() > 100, "{kondisi}");
    // two words added before the last one: the first 50 characters of both are the same
    let at = kondisi.rfind(' ').unwrap();
    let longer = format!("{} sejak Oktober{}", &kondisi[..at], &kondisi[at..]);
    set(&mut book, "temuan", high, "kondisi", s(&longer));
    let edited = tmp.path().join("diperiksa.xlsx");
    write_book(&book, &edited);

    let dry = run_in(&store, &["import", edited.to_str().unwrap()]).ok();
    let line = dry
        .stdout
        .lines()
        .find(|l| l.starts_with("      kondisi: "))
        .unwrap_or_else(|| panic!("{}", dry.stdout));
    let (old, new) = line
        .trim_start_matches("      kondisi: ")
        .split_once(" → ")
        .unwrap();
    assert!(old.starts_with("\"…") && new.starts_with("\"…"), "{line}");
    assert!(!old.contains("sejak Oktober"), "{line}");
    assert!(new.contains("sejak Oktober"), "{line}");
    assert!(new.chars().count() <= 52, "{line}");
    // in full with --json
    let v = run_in(&store, &["--json", "import", edited.to_str().unwrap()])
        .ok()
        .json();
    let columns = &v["sheets"][1]["changed"][0]["columns"][0];
    assert_eq!(columns["column"], "kondisi");
    assert_eq!(columns["old"], kondisi.as_str());
    assert_eq!(columns["new"], longer.as_str());
}

/// The next audit of an agency: the demo audit made final (its four recommendations open, nobody
/// acted yet) and the same agency audited again. The store and the second audit.
fn next_audit(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("demo");
    periksa::app::demo::fill(&store).unwrap();
    let mut app = periksa::app::App::open(&store).unwrap();
    fill::finalise(&mut app);
    drop(app);
    let second = run_in(
        &store,
        &[
            "audit",
            "new",
            "--agency",
            "DISDUKCAPIL",
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Pemeriksaan Kepatuhan Standar Pelayanan 2027",
            "--period",
            "2027-S2",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    (store, second)
}

/// The next audit's workbook carries the earlier audits' open recommendations; whatever is typed
/// on that sheet, an import reads the workbook exactly as it reads it without the sheet (a workbook
/// of an earlier release), one note more, and the earlier audit's follow-up stays as it was.
#[test]
fn the_earlier_recommendations_sheet_is_never_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = next_audit(tmp.path());
    let exported = tmp.path().join("kedua.xlsx");
    export(&store, &id, "xlsx", &exported);
    let mut book = read_book(&exported);
    let (last, rows) = book.last().unwrap();
    assert_eq!(last, EARLIER);
    assert_eq!(rows.len(), DATA + 4, "the four open recommendations");
    // an answer of this audit
    assert_eq!(get(&book, "jawaban", DATA, "kode_butir"), "SP-01");
    set(&mut book, "jawaban", DATA, "jawaban_kode", s("partial"));
    // and on the earlier audit's rows, what no import may take: a status closed, a
    // recommendation reworded, another audit's id, a date that is none, a new row
    set(
        &mut book,
        EARLIER,
        DATA,
        "tindak_lanjut_kode",
        Data::Float(1.0),
    );
    set(&mut book, EARLIER, DATA, "rekomendasi", s("Ditulis ulang"));
    set(
        &mut book,
        EARLIER,
        DATA + 1,
        "audit_id",
        s("bukan-pemeriksaan-ini"),
    );
    set(
        &mut book,
        EARLIER,
        DATA + 2,
        "batas_waktu",
        s("kapan-kapan"),
    );
    set(
        &mut book,
        EARLIER,
        DATA + 4,
        "judul_temuan",
        s("Temuan baru?"),
    );
    let with = tmp.path().join("dengan.xlsx");
    write_book(&book, &with);
    // the same workbook as an earlier release wrote it: no such sheet
    let old: Sheets = book.iter().filter(|(n, _)| n != EARLIER).cloned().collect();
    let without = tmp.path().join("lama.xlsx");
    write_book(&old, &without);

    let dry = |path: &Path| {
        let mut j = run_in(&store, &["--json", "import", path.to_str().unwrap()])
            .ok()
            .json();
        let notes: Vec<String> = j["notes"]
            .take()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        j["file"] = Value::Null;
        (j, notes)
    };
    let (read_with, notes_with) = dry(&with);
    let (read_without, notes_without) = dry(&without);
    assert_eq!(read_with, read_without, "read as without the sheet");
    assert_eq!(read_with["changes"], 1, "{read_with}");
    assert_eq!(read_with["problems"], serde_json::json!([]), "{read_with}");
    let sheets: Vec<&str> = read_with["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sheet"].as_str().unwrap())
        .collect();
    assert!(!sheets.contains(&EARLIER), "{sheets:?}");
    let earlier_note = "tindak_lanjut_sebelumnya: the earlier audits' open recommendations are \
                        read-only; ignored (their follow-up is recorded with `periksa finding \
                        follow-up`, `report` and `verify`)";
    let mut expected = notes_without.clone();
    expected.push(earlier_note.to_string());
    assert_eq!(notes_with, expected);

    // applied: the answer saved, the earlier audit's follow-up untouched
    let register = || run_in(&store, &["--json", "tlhp"]).ok().json();
    let before = register();
    let applied = run_in(&store, &["import", with.to_str().unwrap(), "--apply"]).ok();
    assert!(
        applied.stdout.contains("applied 1 change(s)"),
        "{}",
        applied.stdout
    );
    assert!(
        applied.stdout.contains(&format!("note: {earlier_note}")),
        "{}",
        applied.stdout
    );
    assert_eq!(register(), before);
    let rows = before["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["status"] == 3), "{before}");
    // in Bahasa Indonesia too
    let id_run = common::run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["import", with.to_str().unwrap()],
    )
    .ok();
    assert!(
        id_run.stdout.contains(
            "tindak_lanjut_sebelumnya: rekomendasi pemeriksaan sebelumnya yang masih terbuka \
             hanya untuk dibaca; diabaikan"
        ),
        "{}",
        id_run.stdout
    );
}

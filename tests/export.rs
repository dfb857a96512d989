//! Exports through the real binary (every format of the demo audit, read back with real readers),
//! the earlier audits' open recommendations in the next audit's export, and roster/agency import
//! from XLSX workbooks written here with rust_xlsxwriter.

mod common;
#[path = "common/fill.rs"]
mod fill;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, Xlsx};
use common::{run_in, seeded_store, write};
use periksa::exchange::export::schema::{Table, TABLES};

fn demo(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("demo");
    run_in(&store, &["demo"]).ok();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    let id = list[0]["id"].as_str().unwrap().to_string();
    (store, id)
}

fn names(t: &Table) -> Vec<&'static str> {
    t.columns.iter().map(|c| c.name).collect()
}

fn is_nip(s: &str) -> bool {
    s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The demo's findings (title and id), from `finding list --json`.
fn findings(store: &Path, id: &str) -> Vec<serde_json::Value> {
    run_in(store, &["--json", "finding", "list", id])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn xlsx_export_opens_in_a_real_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let out = tmp.path().join("pemeriksaan.xlsx");
    let run = run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        run.stdout
            .starts_with(&format!("wrote {} (", out.display())),
        "{}",
        run.stdout
    );
    // the demo is the agency's first audit: no earlier recommendations, the table all the same
    assert!(
        run.stdout.trim_end().ends_with(
            "ringkasan 1 row, jawaban 29 rows, temuan 3 rows, rekomendasi_predikat 2 rows, \
             tindak_lanjut_sebelumnya 0 rows"
        ),
        "{}",
        run.stdout
    );

    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    // the rating recommendations are not on a sheet that reads as a finding's recommendations
    assert_eq!(
        book.sheet_names(),
        [
            "ringkasan",
            "jawaban",
            "temuan",
            "rekomendasi_predikat",
            "tindak_lanjut_sebelumnya"
        ]
    );
    let mut sheets = HashMap::new();
    for t in TABLES {
        let range = book.worksheet_range(t.sheet).unwrap();
        sheets.insert(t.name, range);
    }
    // a table's sheet: the codes the import reads in row 1 (hidden), the labels people read in
    // row 2, the data from row 3
    for t in &TABLES[1..] {
        let mut rows = sheets[t.name].rows();
        let text = |row: &[Data]| row.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(text(rows.next().unwrap()), names(t), "codes of {}", t.name);
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label).collect();
        assert_eq!(text(rows.next().unwrap()), labels, "labels of {}", t.name);
    }
    let jaw = &sheets["jawaban"];
    assert_eq!(
        jaw.rows().nth(1).unwrap()[1],
        Data::String("Kode butir".into())
    );
    let tem = &sheets["temuan"];
    let label = |t: &Table, code: &str| {
        let at = t.columns.iter().position(|c| c.name == code).unwrap();
        sheets[t.name].rows().nth(1).unwrap()[at].to_string()
    };
    assert_eq!(label(TABLES[2], "nip_terkait"), "NIP terkait");
    assert_eq!(label(TABLES[2], "tindak_lanjut_kode"), "Kode tindak lanjut");
    assert_eq!(label(TABLES[3], "hasil_kerja"), "Hasil kerja");
    let col = |t: &Table, name: &str| t.columns.iter().position(|c| c.name == name).unwrap();

    // NIPs are strings of 18 digits, never numbers
    let rek = &sheets["rekomendasi"];
    assert_eq!(rek.height(), 4);
    let nip_col = col(TABLES[3], "nip");
    for row in rek.rows().skip(2) {
        match &row[nip_col] {
            Data::String(s) => assert!(is_nip(s), "{s}"),
            other => panic!("NIP cell is not text: {other:?}"),
        }
    }
    // a number item's answer is a number cell; its code stays text
    let skm04 = jaw
        .rows()
        .find(|r| r[col(TABLES[1], "kode_butir")] == Data::String("SKM-04".into()))
        .unwrap();
    assert_eq!(skm04[col(TABLES[1], "jawaban")], Data::Float(76.61));
    assert_eq!(
        skm04[col(TABLES[1], "jawaban_kode")],
        Data::String("76.61".into())
    );
    // the earlier recommendations' sheet: its codes and labels, no row
    assert_eq!(sheets["tindak_lanjut_sebelumnya"].height(), 2);
    // and the workbook reads back as it was written: nothing to change
    let back = run_in(&store, &["import", out.to_str().unwrap()]).ok();
    assert!(back.stdout.contains("nothing to change"), "{}", back.stdout);
    let nips_col = col(TABLES[2], "nip_terkait");
    let with_nip: Vec<&Data> = tem
        .rows()
        .skip(2)
        .map(|r| &r[nips_col])
        .filter(|c| !c.is_empty())
        .collect();
    assert!(!with_nip.is_empty());
    for c in with_nip {
        let Data::String(s) = c else { panic!("{c:?}") };
        assert!(s.split("; ").all(is_nip), "{s}");
    }

    // the summary: one field a row, its code (hidden column A), its label, its value
    let ring = &sheets["ringkasan"];
    let header: Vec<String> = ring
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, ["kolom", "Uraian", "Keterangan"]);
    assert_eq!(ring.height(), 1 + TABLES[0].columns.len());
    assert_eq!(ring.width(), 3);
    for (row, c) in ring.rows().skip(1).zip(TABLES[0].columns) {
        assert_eq!(row[0].to_string(), c.name);
        assert_eq!(row[1].to_string(), c.label);
    }
    let field = |code: &str| ring.rows().nth(1 + col(TABLES[0], code)).unwrap()[2].clone();
    // dates are real date cells
    let start = field("periode_mulai");
    let Data::DateTime(d) = start else {
        panic!("periode_mulai is not a date cell: {start:?}")
    };
    assert_eq!(
        d.as_datetime().unwrap().date(),
        chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
    );
    assert!(matches!(field("dibuat"), Data::DateTime(_)));
    assert!(matches!(field("butir_total"), Data::Float(n) if n == 29.0));
    assert_eq!(field("audit_id").to_string(), id);
    assert_eq!(
        ring.rows().nth(1 + col(TABLES[0], "tahap")).unwrap()[1].to_string(),
        "Tahap"
    );
    // the five elements of every finding are there
    let titles: Vec<String> = tem
        .rows()
        .skip(2)
        .map(|r| r[col(TABLES[2], "judul")].to_string())
        .collect();
    for f in findings(&store, &id) {
        assert!(titles.contains(&f["title"].as_str().unwrap().to_string()));
    }
    for r in tem.rows().skip(2) {
        for e in ["kondisi", "kriteria", "sebab", "akibat", "rekomendasi"] {
            assert!(!r[col(TABLES[2], e)].is_empty(), "{e}");
        }
    }
}

/// The text of one part of an XLSX package.
fn xlsx_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_prints_as_a_working_paper() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let path = tmp.path().join("kkp.xlsx");
    run_in(&store, &["export", &id, "-o", path.to_str().unwrap()]).ok();
    // sheets in the order of TABLES: ringkasan, jawaban, temuan, rekomendasi_predikat,
    // tindak_lanjut_sebelumnya
    assert_eq!(TABLES.len(), 5);
    for n in 1..=5 {
        let sheet = xlsx_part(&path, &format!("xl/worksheets/sheet{n}.xml"));
        // landscape A4, one page wide, pages numbered
        assert!(sheet.contains(r#"paperSize="9""#), "sheet{n}: {sheet}");
        assert!(sheet.contains(r#"orientation="landscape""#), "sheet{n}");
        assert!(sheet.contains(r#"fitToHeight="0""#), "sheet{n}");
        assert!(
            sheet.contains("<fitToPage/>") || sheet.contains(r#"fitToPage="1""#),
            "sheet{n}"
        );
        assert!(sheet.contains("Halaman &amp;P dari &amp;N"), "sheet{n}");
        if n == 1 {
            // the summary, one field a row: its header frozen, no filter
            assert!(
                sheet.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
                "{sheet}"
            );
            assert!(!sheet.contains("<autoFilter"), "{sheet}");
        } else {
            // the codes' row hidden; the filter and the frozen panes on the row of labels
            assert!(sheet.contains(r#"<row r="1" spans="#), "sheet{n}");
            let code_row = sheet.split(r#"<row r="1" "#).nth(1).unwrap();
            let code_row = &code_row[..code_row.find('>').unwrap()];
            assert!(code_row.contains(r#"hidden="1""#), "sheet{n}: {code_row}");
            assert!(sheet.contains("<autoFilter ref=\"A2:"), "sheet{n}");
            assert!(
                sheet.contains(r#"<pane ySplit="2" topLeftCell="A3""#),
                "sheet{n}"
            );
        }
        // one <row> element per row: Excel reports a workbook with a row twice as damaged
        let rows: Vec<&str> = sheet
            .split("<row r=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .collect();
        let mut unique = rows.clone();
        unique.dedup();
        assert_eq!(rows, unique, "sheet{n} repeats a row");
    }
    // the ids and versi are there for the import, hidden from the reader: temuan_id (A),
    // audit_id (B) and versi (T) of temuan
    let temuan = xlsx_part(&path, "xl/worksheets/sheet3.xml");
    for hidden in [
        r#"<col min="1" max="2" width="38.7109375" hidden="1""#,
        r#"<col min="20" max="20" width="20.7109375" hidden="1""#,
    ] {
        assert!(temuan.contains(hidden), "{hidden}: {temuan}");
    }
    // widths follow the content within bounds: judul (C) at its widest, 40; nip_terkait (P) as
    // wide as an 18-digit NIP; tingkat (K) as its label and filter button; tindak_lanjut_kode
    // (L, one digit) as its label wrapped at its words
    for width in [
        r#"<col min="3" max="3" width="40.7109375" customWidth="1"/>"#,
        r#"<col min="11" max="11" width="10.7109375" customWidth="1"/>"#,
        r#"<col min="12" max="12" width="14.7109375" customWidth="1"/>"#,
        r#"<col min="16" max="16" width="19.7109375" customWidth="1"/>"#,
    ] {
        assert!(temuan.contains(width), "{width}: {temuan}");
    }
    // the row of labels repeats on every printed page; the summary's header likewise
    let book = xlsx_part(&path, "xl/workbook.xml");
    assert_eq!(book.matches("_xlnm.Print_Titles").count(), 5, "{book}");
    for titles in [
        "ringkasan!$1:$1",
        "jawaban!$2:$2",
        "temuan!$2:$2",
        "rekomendasi_predikat!$2:$2",
        "tindak_lanjut_sebelumnya!$2:$2",
    ] {
        assert!(book.contains(titles), "{titles}: {book}");
    }
    // the filters' ranges start at the row of labels
    assert!(book.contains("temuan!$A$2:$W$5"), "{book}");
    // a finding's long texts are wrapped, top-aligned, and its row is as tall as they are; so is
    // the row of labels, where Kode tindak lanjut takes two lines
    let rows: Vec<&str> = temuan.split("<row ").skip(1).collect();
    assert!(
        rows[1].starts_with(r#"r="2" spans="1:23" ht="30" customHeight="1""#),
        "{}",
        rows[1]
    );
    let tall = rows[2..]
        .iter()
        .filter(|r| r.contains("customHeight=\"1\""))
        .count();
    assert_eq!(tall, 3, "every finding row has its height: {temuan}");
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"vertical="top" wrapText="1""#),
        "{styles}"
    );
    // dropdowns: tingkat (K) and tindak_lanjut_kode (L) of temuan; hasil/perilaku of rekomendasi
    assert!(temuan.contains(r#"sqref="K3:K"#), "{temuan}");
    assert!(temuan.contains("Rendah,Sedang,Tinggi"), "{temuan}");
    assert!(temuan.contains(r#"sqref="L3:L"#) && temuan.contains(r#"type="whole""#));
    let rekomendasi = xlsx_part(&path, "xl/worksheets/sheet4.xml");
    assert!(
        rekomendasi.contains("Di Atas Ekspektasi,Sesuai Ekspektasi,Di Bawah Ekspektasi"),
        "{rekomendasi}"
    );
    // the answer code offers its item's answers: compliance items the four codes, score items
    // 1-5, yes/no items yes/no, each with na; a number item none (any number)
    let jawaban = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    for list in [
        "compliant,partial,noncompliant,na",
        "1,2,3,4,5,na",
        "yes,no,na",
    ] {
        assert!(jawaban.contains(list), "{list}: {jawaban}");
    }
    assert!(jawaban.contains(r#"errorStyle="warning""#), "{jawaban}");
    // the document names its audit
    let core = xlsx_part(&path, "docProps/core.xml");
    assert!(core.contains("Kertas kerja pemeriksaan — "), "{core}");
}

#[test]
fn csv_export_is_a_folder_of_documented_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let dir = tmp.path().join("csv");
    let run = run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "csv",
            "-o",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(run.stdout.lines().count(), 5, "{}", run.stdout);
    let expected_rows = [1, 29, 3, 2, 0];
    assert_eq!(TABLES.len(), expected_rows.len());
    for (t, rows) in TABLES.iter().zip(expected_rows) {
        let path = dir.join(format!("{}.csv", t.name));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{} has no BOM", t.name);
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, names(t));
        let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), rows, "{}", t.name);
        for rec in &records {
            assert_eq!(rec.len(), t.columns.len());
        }
        if t.name == "rekomendasi" {
            // grouped 8-6-1-3, so a spreadsheet keeps it as text (18 bare digits become 1.97E+17)
            for rec in &records {
                let nip = &rec[2];
                let groups: Vec<usize> = nip.split(' ').map(str::len).collect();
                assert_eq!(groups, [8, 6, 1, 3], "{nip:?}");
                assert!(is_nip(&nip.replace(' ', "")), "{nip:?}");
            }
        }
        if t.name == "ringkasan" {
            assert_eq!(&records[0][0], id.as_str());
            assert_eq!(&records[0][10], "2026-07-01");
        }
    }
    // nothing else in the folder: no temp files left behind
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 5);
}

/// The cells of a CSV table, split on `delimiter`, header first (the BOM taken off).
fn csv_cells(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_is_safe_to_open_in_an_indonesian_spreadsheet_and_comes_back_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    // a note that a spreadsheet would run as a formula
    let formula = "=HYPERLINK(\"http://contoh.invalid\",\"klik\")";
    run_in(
        &store,
        &["audit", "answer", &id, "SP-01", "--note", formula],
    )
    .ok();

    // Bahasa Indonesia: fields split on `;`, as Excel with an Indonesian locale splits them
    let id_dir = tmp.path().join("csv-id");
    let out = id_dir.to_str().unwrap();
    run_in(
        &store,
        &["--lang", "id", "export", &id, "--format", "csv", "-o", out],
    )
    .ok();
    let jawaban = csv_cells(&id_dir.join("jawaban.csv"), b';');
    let header = &jawaban[0];
    assert_eq!(header.len(), names(TABLES[1]).len(), "{header:?}");
    let (code, note) = (
        header.iter().position(|h| h == "kode_butir").unwrap(),
        header.iter().position(|h| h == "catatan").unwrap(),
    );
    let sp01 = jawaban.iter().find(|r| r[code] == "SP-01").unwrap();
    // behind an apostrophe, so it is shown as text and never runs
    assert_eq!(sp01[note], format!("'{formula}"));

    // English: `,`; and `--delimiter` chooses
    for (lang, flag, delimiter) in [("en", None, b','), ("id", Some("tab"), b'\t')] {
        let dir = tmp.path().join(format!("csv-{lang}-{delimiter}"));
        let mut args = vec!["--lang", lang, "export", &id, "--format", "csv"];
        if let Some(d) = flag {
            args.extend(["--delimiter", d]);
        }
        args.extend(["-o", dir.to_str().unwrap()]);
        run_in(&store, &args).ok();
        let rows = csv_cells(&dir.join("jawaban.csv"), delimiter);
        assert_eq!(rows[0].len(), header.len(), "{lang} {flag:?}");
    }
    let r = run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "csv",
            "--delimiter",
            "|",
            "-o",
            out,
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown CSV separator \"|\""),
        "{}",
        r.stderr
    );

    // read back, the guarded note is the note: nothing to change
    let r = run_in(&store, &["import", out]).ok();
    assert!(r.stdout.contains("nothing to change"), "{}", r.stdout);
    // a formula typed into the file in a spreadsheet is kept as the text it is
    let path = id_dir.join("jawaban.csv");
    let mut rows = csv_cells(&path, b';');
    let at = rows.iter().position(|r| r[code] == "SP-01").unwrap();
    rows[at][note] = "'@SUM(1+1)".into();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().unwrap());
    std::fs::write(&path, bytes).unwrap();
    run_in(&store, &["import", out, "--apply"]).ok();
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    let item = show["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "SP-01")
        .unwrap()
        .clone();
    assert_eq!(item["note"], "@SUM(1+1)");
}

/// The newest event of the trail: its hash.
fn last_hash(store: &Path) -> String {
    let log = run_in(store, &["--json", "log", "--limit", "1"]).ok();
    let e: serde_json::Value = serde_json::from_str(log.stdout.trim()).unwrap();
    e["hash"].as_str().unwrap().to_string()
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn importable_rows_carry_the_version_they_were_exported_at() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    // one change to each kind of record, so that its version is a known event's hash
    run_in(
        &store,
        &["audit", "answer", &id, "SP-01", "--note", "Dicek ulang"],
    )
    .ok();
    let response = last_hash(&store);
    // the KTP finding: one recommendation, whose status the row's follow-up columns are
    let finding = findings(&store, &id)[1]["id"].as_str().unwrap().to_string();
    run_in(
        &store,
        &[
            "finding",
            "follow-up",
            &finding,
            "--status",
            "2",
            "--note",
            "Sebagian",
        ],
    )
    .ok();
    let followup = last_hash(&store);
    let ratings = run_in(&store, &["--json", "rating", "list", "--audit", &id])
        .ok()
        .json();
    let rating = ratings[0]["id"].as_str().unwrap().to_string();
    run_in(
        &store,
        &[
            "rating",
            "edit",
            &rating,
            "--justification",
            "Dilihat lagi",
            "--reason",
            "salah ketik",
        ],
    )
    .ok();
    let rated = last_hash(&store);

    let dir = tmp.path().join("csv");
    run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "csv",
            "-o",
            dir.to_str().unwrap(),
        ],
    )
    .ok();
    let table = |name: &str| -> Vec<HashMap<String, String>> {
        let bytes = std::fs::read(dir.join(format!("{name}.csv"))).unwrap();
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert!(header.iter().any(|h| h == "versi"), "{name}");
        r.records()
            .map(|rec| {
                header
                    .iter()
                    .cloned()
                    .zip(rec.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect()
    };
    let jawaban = table("jawaban");
    let sp01 = jawaban.iter().find(|r| r["kode_butir"] == "SP-01").unwrap();
    assert_eq!(sp01["versi"], response);
    for r in &jawaban {
        // an item never recorded has no version; every other one has its last event's
        assert_eq!(r["dicatat"].is_empty(), r["versi"].is_empty(), "{r:?}");
        assert!(r["versi"].is_empty() || is_hash(&r["versi"]), "{r:?}");
    }
    assert!(jawaban.iter().any(|r| r["versi"].is_empty()));
    for r in table("temuan") {
        let parts: Vec<&str> = r["versi"].split('/').collect();
        assert!(is_hash(parts[0]), "{r:?}");
        if r["temuan_id"] == finding {
            // the content's version, no status of the format before issue 16, then the status
            // of its recommendation
            assert_eq!(parts.len(), 3, "{r:?}");
            assert_eq!((parts[1], parts[2]), ("", followup.as_str()));
        }
    }
    let rekomendasi = table("rekomendasi");
    let edited = rekomendasi
        .iter()
        .find(|r| r["rekomendasi_id"] == rating)
        .unwrap();
    assert_eq!(edited["versi"], rated);
    assert!(rekomendasi.iter().all(|r| is_hash(&r["versi"])));
}

#[test]
fn json_export_follows_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let out = tmp.path().join("p.json");
    // the format comes from the extension
    run_in(&store, &["export", &id, "-o", out.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert!(v["exported_at"].as_str().unwrap().len() >= 20);
    let tables = v["tables"].as_object().unwrap();
    assert_eq!(tables.len(), 5);
    // written in the order of TABLES, the earlier recommendations last (none: the demo is the
    // agency's first audit)
    let at: Vec<usize> = TABLES
        .iter()
        .map(|t| text.find(&format!("\n\"{}\":[", t.name)).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert_eq!(tables["tindak_lanjut_sebelumnya"], serde_json::json!([]));
    for t in TABLES {
        let rows = tables[t.name].as_array().unwrap();
        for row in rows {
            let mut keys: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut want = names(t);
            keys.sort_unstable();
            want.sort_unstable();
            assert_eq!(keys, want, "{}", t.name);
        }
    }
    // keys are written in schema order
    let first_summary = &text[text.find("\"ringkasan\":[").unwrap()..];
    let mut at = 0;
    for c in names(TABLES[0]) {
        let p = first_summary[at..].find(&format!("\"{c}\":")).unwrap();
        at += p;
    }
    let rek = tables["rekomendasi"].as_array().unwrap();
    assert_eq!(rek.len(), 2);
    assert!(is_nip(rek[0]["nip"].as_str().unwrap()));
    assert!(rek[0]["temuan_terkait"].is_array());
    assert_eq!(tables["ringkasan"][0]["audit_id"], id.as_str());
    assert_eq!(tables["jawaban"].as_array().unwrap().len(), 29);
}

/// Issue 16's story (as in tests/tlhp.rs): the demo audit made final, its SKM finding's first
/// recommendation worth Rp1.250.000; then, of its four recommendations, the Maklumat one acted on
/// (closed), the KTP one given a due date long past, the SKM one's deposit reported but not yet
/// verified; and the same agency audited again. The store, the first audit and the second.
fn earlier_story(dir: &Path) -> (PathBuf, String, String) {
    let store = dir.join("demo");
    let first = periksa::app::demo::fill(&store).unwrap().audit;
    let mut app = periksa::app::App::open(&store).unwrap();
    let skm = app
        .findings(&first)
        .unwrap()
        .into_iter()
        .find(|f| f.content.title.starts_with("Hasil Survei"))
        .unwrap();
    let mut new = periksa::app::NewFinding::from(&skm);
    new.recommendations[0].value = "Rp1.250.000".into();
    app.update_finding(&skm.id.to_string(), new).unwrap();
    fill::finalise(&mut app);
    drop(app);
    let by_title = |start: &str| {
        findings(&store, &first)
            .iter()
            .find(|f| f["title"].as_str().unwrap().starts_with(start))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (maklumat, ktp, skm) = (by_title("Maklumat"), by_title("Waktu"), by_title("Hasil"));
    run_in(
        &store,
        &["finding", "follow-up", &maklumat, "--status", "1"],
    )
    .ok();
    run_in(
        &store,
        &[
            "finding",
            "follow-up",
            &ktp,
            "--status",
            "3",
            "--due",
            "2026-01-31",
        ],
    )
    .ok();
    run_in(
        &store,
        &[
            "finding",
            "report",
            &skm,
            "--rec",
            "1",
            "--date",
            "2027-01-05",
            "--action",
            "Penyetoran ke kas daerah",
            "--returned",
            "500.000",
        ],
    )
    .ok();
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
            "Pemeriksaan Kepatuhan Standar Pelayanan Administrasi Kependudukan 2027",
            "--period",
            "2027-S2",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    (store, first, second)
}

/// A cell as text, the same whichever format it came from: numbers as Rust prints an f64 (`3`,
/// `1250000`), dates `YYYY-MM-DD`, empty as empty.
fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.as_f64().unwrap().to_string(),
        other => panic!("not a cell: {other}"),
    }
}

fn xlsx_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(x) => x.to_string(),
        Data::DateTime(_) => c.as_date().unwrap().format("%Y-%m-%d").to_string(),
        other => panic!("not a cell: {other:?}"),
    }
}

type Rows = Vec<HashMap<String, String>>;

/// `tindak_lanjut_sebelumnya` of the audit `id` in CSV, XLSX and JSON, each as code → text, and
/// the JSON and XLSX rows themselves (to check their types).
fn earlier_tables(
    store: &Path,
    id: &str,
    dir: &Path,
) -> ([Rows; 3], Vec<serde_json::Value>, Vec<Vec<Data>>) {
    let table = "tindak_lanjut_sebelumnya";
    let (csv_dir, xlsx, json) = (dir.join("csv"), dir.join("p.xlsx"), dir.join("p.json"));
    for (format, out) in [("csv", &csv_dir), ("xlsx", &xlsx), ("json", &json)] {
        let run = run_in(
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
        assert!(run.stdout.contains(table), "{}", run.stdout);
    }
    let codes = names(TABLES[4]);
    let from_csv: Rows = {
        let bytes = std::fs::read(csv_dir.join(format!("{table}.csv"))).unwrap();
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), codes);
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                codes
                    .iter()
                    .zip(rec.iter())
                    .map(|(c, v)| (c.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range(table).unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(xlsx_text).collect();
    assert_eq!(header, codes);
    let labels: Vec<String> = rows.next().unwrap().iter().map(xlsx_text).collect();
    assert_eq!(
        labels,
        TABLES[4]
            .columns
            .iter()
            .map(|c| c.label)
            .collect::<Vec<_>>()
    );
    let cells: Vec<Vec<Data>> = rows.map(<[Data]>::to_vec).collect();
    let from_xlsx: Rows = cells
        .iter()
        .map(|r| {
            codes
                .iter()
                .zip(r.iter())
                .map(|(c, v)| (c.to_string(), xlsx_text(v)))
                .collect()
        })
        .collect();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let objects = v["tables"][table].as_array().unwrap().clone();
    let from_json: Rows = objects
        .iter()
        .map(|o| {
            codes
                .iter()
                .map(|c| (c.to_string(), json_text(&o[*c])))
                .collect()
        })
        .collect();
    ([from_csv, from_xlsx, from_json], objects, cells)
}

#[test]
fn the_next_audit_exports_the_earlier_audits_open_recommendations() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, first, second) = earlier_story(tmp.path());
    let late = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    let days_late = || (chrono::Local::now().date_naive() - late).num_days();
    let before = days_late();
    let out = tmp.path().join("kedua");
    std::fs::create_dir(&out).unwrap();
    let ([csv, xlsx, json], objects, cells) = earlier_tables(&store, &second, &out);
    let after = days_late();
    // the three formats hold the same rows, in the same order
    assert_eq!(csv, xlsx, "CSV and XLSX");
    assert_eq!(csv, json, "CSV and JSON");
    // the three still open, not the one acted on, in the register's order
    let shown = run_in(&store, &["--json", "audit", "show", &second])
        .ok()
        .json();
    let open = shown["earlier_followup"].as_array().unwrap();
    assert_eq!(csv.len(), 3, "{csv:?}");
    assert_eq!(open.len(), 3);
    let id_of = |key: &str| {
        run_in(&store, &["--json", "audit", "show", key])
            .ok()
            .json()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (first_id, second_id) = (id_of(&first), id_of(&second));
    for (row, r) in csv.iter().zip(open) {
        // every table's audit_id is the audit exported; the earlier one has its own column
        assert_eq!(row["audit_id"], second_id);
        assert_eq!(row["audit_sebelumnya_id"], first_id);
        assert_eq!(r["audit"].as_str().unwrap(), first_id);
        assert_eq!(row["judul_pemeriksaan"], r["audit_title"].as_str().unwrap());
        assert_eq!(row["tanggal_lhp"], r["lhp_date"].as_str().unwrap());
        assert_eq!(row["temuan_id"], r["finding"].as_str().unwrap());
        assert_eq!(row["judul_temuan"], r["finding_title"].as_str().unwrap());
        assert_eq!(row["kode_temuan"], r["finding_code"].as_str().unwrap());
        assert_eq!(row["no_rekomendasi"], r["no"].to_string());
        assert_eq!(row["kode_rekomendasi"], r["code"].as_str().unwrap());
        assert_eq!(row["rekomendasi"], r["recommendation"].as_str().unwrap());
        assert_eq!(row["penanggung_jawab"], r["official"].as_str().unwrap());
        assert!(
            !row["judul_temuan"].starts_with("Maklumat"),
            "closed: {row:?}"
        );
    }
    let row = |start: &str, no: &str| {
        csv.iter()
            .find(|r| r["judul_temuan"].starts_with(start) && r["no_rekomendasi"] == no)
            .unwrap_or_else(|| panic!("no row {start} {no}: {csv:?}"))
    };
    // the KTP one, past its due date
    let ktp = row("Waktu penyelesaian KTP-el", "1");
    assert_eq!(ktp["tindak_lanjut_kode"], "3");
    assert_eq!(ktp["tindak_lanjut"], "Belum ditindaklanjuti");
    assert_eq!(ktp["batas_waktu"], "2026-01-31");
    let n: i64 = ktp["hari_terlambat"].parse().unwrap();
    assert!(n == before || n == after, "{n} days late");
    assert_eq!(
        (ktp["nilai"].as_str(), ktp["dikembalikan"].as_str()),
        ("", "")
    );
    // the SKM one's deposit reported, not yet verified: belum sesuai, nothing counted returned
    let skm1 = row("Hasil Survei", "1");
    assert_eq!(skm1["tindak_lanjut_kode"], "2");
    assert_eq!(skm1["tindak_lanjut"], "Belum sesuai rekomendasi");
    assert_eq!(skm1["nilai"], "1250000");
    assert_eq!(skm1["dikembalikan"], "0");
    assert_eq!(skm1["entri_belum_diverifikasi"], "1");
    assert_eq!(skm1["hari_terlambat"], "", "not due yet");
    let skm2 = row("Hasil Survei", "2");
    assert_eq!(skm2["tindak_lanjut_kode"], "3");
    assert_eq!(skm2["entri_belum_diverifikasi"], "0");
    // due on the first audit's final date plus the follow-up deadline: a date, not yet passed
    assert!(chrono::NaiveDate::parse_from_str(&skm2["batas_waktu"], "%Y-%m-%d").is_ok());
    assert_eq!(skm2["hari_terlambat"], "");
    for r in &csv {
        assert_eq!(r["nomor_lhp"], "", "no LHP number given in the demo: {r:?}");
    }

    // typed: JSON numbers and dates, XLSX number and date cells, rupiah as numbers of rupiah
    let o = objects.iter().find(|o| o["nilai"].is_number()).unwrap();
    assert_eq!(o["nilai"].as_f64(), Some(1_250_000.0));
    assert_eq!(o["dikembalikan"].as_f64(), Some(0.0));
    assert!(o["no_rekomendasi"].is_u64() && o["tindak_lanjut_kode"].is_u64());
    assert!(objects.iter().any(|o| o["hari_terlambat"].is_i64()));
    assert!(objects.iter().all(|o| o["batas_waktu"].is_string()));
    let at = |name: &str| names(TABLES[4]).iter().position(|c| *c == name).unwrap();
    let with_money = cells
        .iter()
        .find(|r| r[at("nilai")] != Data::Empty)
        .unwrap();
    assert_eq!(with_money[at("nilai")], Data::Float(1_250_000.0));
    assert_eq!(with_money[at("dikembalikan")], Data::Float(0.0));
    assert!(cells
        .iter()
        .all(|r| matches!(r[at("batas_waktu")], Data::DateTime(_))
            && matches!(r[at("tanggal_lhp")], Data::DateTime(_))
            && matches!(r[at("tindak_lanjut_kode")], Data::Float(_))));
    // the ids hidden as in the other sheets; rupiah grouped by thousands
    let sheet = xlsx_part(&out.join("p.xlsx"), "xl/worksheets/sheet5.xml");
    assert!(
        sheet.contains(r#"<col min="1" max="2" width="38.7109375" hidden="1""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<col min="6" max="6" width="38.7109375" hidden="1""#));
    let styles = xlsx_part(&out.join("p.xlsx"), "xl/styles.xml");
    assert!(styles.contains("[$-421]#,##0.00"), "{styles}");

    // the workbook and the CSV folder import back with nothing to change: the sheet is noted,
    // not read
    for path in [out.join("p.xlsx"), out.join("csv")] {
        let back = run_in(&store, &["import", path.to_str().unwrap()]).ok();
        assert!(back.stdout.contains("nothing to change"), "{}", back.stdout);
        assert!(
            back.stdout
                .contains("recommendations are read-only; ignored"),
            "{}",
            back.stdout
        );
    }

    // the first audit, the agency's first: the table with its header and no row
    let out = tmp.path().join("pertama");
    std::fs::create_dir(&out).unwrap();
    let (tables, objects, cells) = earlier_tables(&store, &first, &out);
    for t in &tables {
        assert!(t.is_empty(), "{t:?}");
    }
    assert!(objects.is_empty() && cells.is_empty());
}

/// Every element opened is closed, in order (void elements excepted); the text holds no stray `<`.
fn check_balanced(html: &str) -> Result<usize, String> {
    const VOID: &[&str] = &["meta", "br", "hr", "img", "link", "input", "col"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    let mut elements = 0;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').ok_or("unclosed <")?;
        let tag = &after[..close];
        rest = &after[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if top != name {
                return Err(format!("</{name}> closes <{top}>"));
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return Err(format!("stray '<' before {:?}", &tag[..tag.len().min(20)]));
        }
        elements += 1;
        if name == "style" {
            let end = rest.find("</style>").ok_or("unclosed <style>")?;
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(elements)
    } else {
        Err(format!("never closed: {stack:?}"))
    }
}

#[test]
fn html_lhp_is_well_formed_follows_the_lhp_and_has_every_finding_element() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let out = tmp.path().join("lhp.html");
    run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let html = std::fs::read_to_string(&out).unwrap();
    let n = check_balanced(&html).unwrap_or_else(|e| panic!("{e}"));
    assert!(n > 100);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@media print"));
    // printed pages say where they stand: "Halaman x dari y"; the matrix on landscape pages
    assert!(html.contains(r#"content:"Halaman " counter(page) " dari " counter(pages)"#));
    assert!(html.contains("@page lanskap{size:A4 landscape}"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
    assert!(!html.contains("href="), "no external files");
    assert!(
        html.match_indices("src=")
            .all(|(i, _)| html[i..].starts_with("src=\"data:")),
        "only inline pictures"
    );
    // the structure of the Word document, from the same model
    let h1: Vec<&str> = html
        .match_indices("<h1>")
        .map(|(i, _)| &html[i + 4..i + html[i..].find("</h1>").unwrap()])
        .collect();
    assert_eq!(
        h1,
        [
            "BAB I SIMPULAN DAN REKOMENDASI",
            "BAB II URAIAN HASIL PEMERIKSAAN",
            "BAB III PENUTUP"
        ]
    );
    let found = findings(&store, &id);
    for label in [
        "Kondisi",
        "Kriteria",
        "Sebab",
        "Akibat",
        "Rekomendasi",
        "Tanggapan Auditan",
    ] {
        assert_eq!(
            html.matches(&format!("<h4>{label}</h4>")).count(),
            found.len(),
            "{label}"
        );
    }
    for f in &found {
        for r in f["recommendations"].as_array().unwrap() {
            let text = r["text"].as_str().unwrap();
            assert!(
                html.contains(text),
                "recommendation {text} of {}",
                f["title"]
            );
        }
        for e in ["kondisi", "kriteria", "sebab", "akibat"] {
            let text = f[e].as_str().unwrap();
            let escaped = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert!(html.contains(&escaped), "{e} of {}", f["title"]);
        }
    }
    // the ratings are in the annex, not in the LHP
    assert!(!html.contains("Sesuai Ekspektasi"));
    let annex = tmp.path().join("asn.html");
    run_in(
        &store,
        &[
            "export",
            &id,
            "-f",
            "html-asn",
            "-o",
            annex.to_str().unwrap(),
        ],
    )
    .ok();
    let annex = std::fs::read_to_string(&annex).unwrap();
    check_balanced(&annex).unwrap_or_else(|e| panic!("{e}"));
    assert!(annex.contains("LAMPIRAN RAHASIA") && annex.contains("Sesuai Ekspektasi"));
    assert!(annex.contains("NIP 19710128 200202 2 001"));
}

#[test]
fn markdown_lhp_names_every_finding_and_its_counts_add_up() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let out = tmp.path().join("lhp.md");
    run_in(
        &store,
        &["export", &id, "--format", "md", "-o", out.to_str().unwrap()],
    )
    .ok();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("**PEMERINTAH KABUPATEN SUKAMAJU**"), "{md}");
    assert!(md.contains("# LAPORAN HASIL PEMERIKSAAN"));
    for bab in [
        "## BAB I SIMPULAN DAN REKOMENDASI",
        "## BAB II URAIAN HASIL PEMERIKSAAN",
        "## BAB III PENUTUP",
    ] {
        assert!(md.contains(bab), "{bab}");
    }
    for (i, f) in findings(&store, &id).iter().enumerate() {
        let title = f["title"].as_str().unwrap();
        assert!(
            md.contains(&format!("#### Temuan {}: {title}", i + 1)),
            "{title}"
        );
    }
    // the results table's counts add up: every answer kind has its column
    let header = "| Bagian | Butir | Diperiksa | Sesuai | Sebagian | Tidak sesuai | \
                  Tidak berlaku | Skor, angka, ya/tidak |";
    let at = md.find(header).expect("the results table");
    let mut looked = 0;
    for line in md[at..].lines().skip(2).take_while(|l| l.starts_with("| ")) {
        let n: Vec<usize> = line
            .split('|')
            .skip(2)
            .filter_map(|c| c.trim().parse().ok())
            .collect();
        assert_eq!(n.len(), 7, "{line}");
        assert_eq!(
            n[1],
            n[2..].iter().sum::<usize>(),
            "the columns add up: {line}"
        );
        looked += n[1];
    }
    // the demo answers score, number and yes/no items too
    assert_eq!(looked, 15, "{md}");
    // people by name and grouped NIP, never a bare NIP; no id, the state hash in the colophon
    let digits_run = md
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(digits_run < 18, "a bare NIP in the report");
    assert!(md.contains(", NIP 19710128 200202 2 001"), "{md}");
    assert!(!md.contains(&id) && !md.contains(&id[id.len() - 8..]));
    let (_, colophon) = md.rsplit_once("---").unwrap();
    assert!(colophon.contains("hash keadaan"), "{colophon}");
}

#[test]
fn export_errors_are_one_line_and_an_old_file_is_replaced_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let target = tmp.path().join("out.xlsx");
    let t = target.to_str().unwrap();

    let r = run_in(&store, &["export", "ffffffff", "-f", "xlsx", "-o", t]).fails(1);
    assert_eq!(
        r.stderr,
        "error: no audit matches \"ffffffff\"; see `periksa audit list`\n"
    );
    let r = run_in(&store, &["export", &id, "-f", "pdf", "-o", t]).fails(1);
    assert_eq!(
        r.stderr,
        "error: unknown export format \"pdf\": use csv, xlsx, json, md, html, docx, docx-asn or html-asn\n"
    );
    let r = run_in(
        &store,
        &[
            "export",
            &id,
            "-o",
            tmp.path().join("x.txt").to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("give --format"), "{}", r.stderr);
    let nowhere = tmp.path().join("no/such/dir/out.xlsx");
    let r = run_in(
        &store,
        &["export", &id, "-f", "xlsx", "-o", nowhere.to_str().unwrap()],
    )
    .fails(1);
    assert_eq!(r.stderr.lines().count(), 1);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    let r = run_in(
        &store,
        &[
            "export",
            &id,
            "-f",
            "xlsx",
            "-o",
            tmp.path().to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("is a folder"), "{}", r.stderr);
    std::fs::write(&target, b"old").unwrap();
    let r = run_in(&store, &["export", &id, "-f", "csv", "-o", t]).fails(1);
    assert!(r.stderr.contains("is a file"), "{}", r.stderr);

    // an existing file is replaced by a complete new one; no temp file stays
    run_in(&store, &["export", &id, "-f", "xlsx", "-o", t]).ok();
    let mut head = [0u8; 4];
    std::fs::File::open(&target)
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    assert_eq!(&head, b"PK\x03\x04");
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------------------------------------
// Roster and agencies from XLSX

/// A workbook whose first sheet "Pegawai" holds `rows`; a cell `#N` is written as the number N.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.strip_prefix('#') {
                Some(n) => ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap(),
                None => ws.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

const HEADER: &[&str] = &[
    "No",
    "NIP",
    "Nama Pegawai",
    "Jabatan",
    "Pangkat/Golongan",
    "Unit Kerja",
    "Kode OPD",
    "Status Kepegawaian",
];

fn roster_count(store: &Path) -> usize {
    run_in(store, &["--json", "roster", "list", "--limit", "100000"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn roster_from_xlsx_imports_like_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let before = roster_count(&store);
    let file = write(
        tmp.path(),
        "pegawai.xlsx",
        &workbook(&[
            &["DAFTAR PEGAWAI"],
            HEADER,
            &[
                "1",
                "19900214 201801 2 004",
                "Nur Aini Rahmawati, S.Psi.",
                "Analis SDM Aparatur Ahli Pertama",
                "Penata Muda (III/a)",
                "Bidang Mutasi",
                "BKPSDM",
                "PNS",
            ],
            &[
                "2",
                "199107032019031005",
                "Yoga Pratama",
                "Pranata Komputer",
                "Penata Muda Tk. I (III/b)",
                "Sekretariat",
                "BKPSDM",
                "PNS",
            ],
        ]),
    );
    let r = run_in(&store, &["roster", "import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("roster: 2 added"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "warning: {}:Pegawai!1: row: text above the header ignored",
            file.display()
        )),
        "{}",
        r.stdout
    );
    assert_eq!(roster_count(&store), before + 2);
    let found = run_in(
        &store,
        &["--json", "roster", "list", "--query", "199002142018012004"],
    )
    .ok()
    .json();
    assert_eq!(found[0]["nip"], "199002142018012004");
    assert_eq!(found[0]["name"], "Nur Aini Rahmawati, S.Psi.");
    assert_eq!(found[0]["rank"], "Penata Muda (III/a)");
    assert_eq!(found[0]["agency"], "BKPSDM");
    // again: nothing changes
    let r = run_in(&store, &["roster", "import", file.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("0 added, 0 updated, 2 unchanged"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_nip_stored_as_a_number_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let before = roster_count(&store);
    let file = write(
        tmp.path(),
        "pegawai.xlsx",
        &workbook(&[
            HEADER,
            &[
                "1",
                "199002142018012004",
                "Nur Aini",
                "",
                "",
                "",
                "BKPSDM",
                "PNS",
            ],
            &[
                "2",
                "#199107032019031005",
                "Yoga",
                "",
                "",
                "",
                "BKPSDM",
                "PNS",
            ],
        ]),
    );
    let r = run_in(&store, &["roster", "import", file.to_str().unwrap()]).fails(1);
    assert!(
        r.stderr.contains(&format!(
            "{}:Pegawai!3: NIP: holds the number 199107032019031000 instead of text",
            file.display()
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("format the NIP column as Text"));
    assert!(r.stderr.contains("nothing imported"));
    assert_eq!(roster_count(&store), before);
}

#[test]
fn one_bad_row_in_a_workbook_imports_nothing_and_names_its_row() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let before = roster_count(&store);
    let rows: &[&[&str]] = &[
        HEADER,
        &[
            "1",
            "199002142018012004",
            "Nur Aini",
            "",
            "",
            "",
            "BKPSDM",
            "PNS",
        ],
        &[
            "2",
            "19910230 201903 1 005",
            "Yoga",
            "",
            "",
            "",
            "BKPSDM",
            "PNS",
        ],
        &[
            "3",
            "199107032019031006",
            "Dimas",
            "",
            "",
            "",
            "DINAS-X",
            "PNS",
        ],
    ];
    // named .csv: the content says it is a workbook
    let file = write(tmp.path(), "pegawai-opd.csv", &workbook(rows));
    let r = run_in(&store, &["roster", "import", file.to_str().unwrap()]).fails(1);
    let at = format!("{}:", file.display());
    let problems: Vec<&str> = r
        .stderr
        .lines()
        .skip(1)
        .map(|l| l.strip_prefix(at.as_str()).unwrap_or(l))
        .collect();
    assert_eq!(
        problems,
        vec![
            "Pegawai!3: NIP: NIP \"19910230 201903 1 005\": birth date (positions 1-8) \
             \"19910230\" is not a real date",
            "Pegawai!4: Kode OPD: agency \"DINAS-X\" is not known; import agencies first \
             (`periksa agency import FILE`)",
        ],
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .starts_with("error: 2 problem(s), nothing imported (use --skip-invalid"));
    assert_eq!(roster_count(&store), before);
    // --skip-invalid imports the good row and lists the rest
    let r = run_in(
        &store,
        &["roster", "import", file.to_str().unwrap(), "--skip-invalid"],
    )
    .ok();
    assert!(r.stdout.contains("1 added"), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("skipped: {at}Pegawai!3: NIP:")));
    assert_eq!(roster_count(&store), before + 1);
}

#[test]
fn agencies_from_xlsx() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("s");
    run_in(&store, &["init", "--name", "Rina"]).ok();
    let file = write(
        tmp.path(),
        "opd.xlsx",
        &workbook(&[
            &["Kode OPD", "Nama OPD", "Jenis", "Kabupaten/Kota"],
            &["DINKES", "Dinas Kesehatan", "Dinas", "Kabupaten Sukamaju"],
            &["#101", "Kecamatan Satu", "Kecamatan", "Kabupaten Sukamaju"],
        ]),
    );
    let r = run_in(&store, &["agency", "import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("agencies: 2 added"), "{}", r.stdout);
    let list = run_in(&store, &["--json", "agency", "list"]).ok().json();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"101") && codes.contains(&"DINKES"),
        "{codes:?}"
    );
}

//! `periksa skm import` through the real binary: survey files as agencies keep them (numbered
//! columns, an online form's export with question texts and answer words, an XLSX workbook, a
//! column map) and hostile ones, each refused with its own message in both languages.

mod common;

use common::*;

const HEADER: &str = "No;Jenis Kelamin;Umur;U1;U2;U3;U4;U5;U6;U7;U8;U9";
/// Four respondents whose totals are 13, 12, 10, 16, 14, 15, 15, 9, 11: IKM 79,86 (B) with 1/9,
/// 79,06 with 0,11 (worked by hand in domain::skm's tests).
const ROWS: &str = "1;L;34;4;3;3;4;4;4;4;2;3\n2;P;41;3;3;2;4;3;4;4;2;3\n3;P;29;3;3;3;4;3;3;3;3;2\n4;L;52;3;3;2;4;4;4;4;2;3\n";

fn survey(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    write(dir, name, text.as_bytes())
}

#[test]
fn a_numbered_file_in_both_languages_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let f = survey(dir.path(), "skm.csv", &format!("{HEADER}\n{ROWS}"));
    let f = f.to_str().unwrap();
    let id = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &[
            "skm",
            "import",
            f,
            "--unit",
            "Dinas Dukcapil",
            "--period",
            "2026 semester 1",
            "--population",
            "300",
        ],
    )
    .ok()
    .stdout;
    assert!(id.contains("Dinas Dukcapil · 2026 semester 1"), "{id}");
    assert!(id.contains("U1 Persyaratan"), "{id}");
    assert!(id.contains("3,25"), "{id}");
    assert!(
        id.contains("IKM = 3,194 × 25 = 79,86 — mutu B (Baik)"),
        "{id}"
    );
    assert!(id.contains("Dengan bobot 0,11"), "{id}");
    assert!(id.contains("IKM 79,06"), "{id}");
    assert!(
        id.contains("Unsur terlemah (prioritas perbaikan): U8 Penanganan Pengaduan, Saran dan Masukan (2,25); U3 Waktu Penyelesaian (2,50); U9 Sarana dan Prasarana (2,75)"),
        "{id}"
    );
    assert!(
        id.contains("4 responden kurang dari sampel minimal 169 untuk populasi 300"),
        "{id}"
    );
    assert!(id.contains("jenis kelamin: L 2, P 2"), "{id}");
    let en = run_lang(Some(&store), "en_US.UTF-8", &["skm", "import", f])
        .ok()
        .stdout;
    assert!(
        en.contains("IKM = 3.194 × 25 = 79.86 — mutu B (Good)"),
        "{en}"
    );
    assert!(en.contains("With weights of 0.11"), "{en}");
    let j = run_in(&store, &["--json", "skm", "import", f, "--population", "4"])
        .ok()
        .json();
    assert_eq!(j["respondents"], 4);
    assert_eq!(j["ikm"], 79.86);
    assert_eq!(j["mutu"], "B");
    assert_eq!(j["rounded_weight"]["ikm"], 79.06);
    assert_eq!(j["weakest"], serde_json::json!([8, 3, 9]));
    assert_eq!(j["unsur"][0]["total"], 13);
    assert_eq!(j["unsur"][7]["nrr"], 2.25);
    assert_eq!(j["population"]["min_sample"], 4);
    assert_eq!(j["population"]["enough"], true);
    assert_eq!(j["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn an_online_form_export_with_questions_and_answer_words() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let questions = [
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
        "Timestamp,Jenis layanan,Pendidikan,{},Kritik dan saran",
        questions
            .iter()
            .map(|q| format!("\"{q}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    let text = format!(
        "\u{feff}{header}\r\n\
         2026/03/02 09:14:11,KTP-el,SMA,Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Berfungsi kurang maksimal,Baik,Antrean panjang\r\n\
         2026/03/02 10:02:40,KK,S1,Sangat sesuai,Sangat mudah,Kurang cepat,Gratis,Sesuai,Sangat kompeten,Sangat sopan dan ramah,Dikelola dengan baik,Cukup,\r\n\
         2026/03/03 08:30:00,KTP-el,SMA,c,b,b,d,c,c,c,b,c,\r\n"
    );
    let f = survey(dir.path(), "formulir.csv", &text);
    let j = run_in(&store, &["--json", "skm", "import", f.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(j["respondents"], 3);
    let totals: Vec<u64> = j["unsur"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["total"].as_u64().unwrap())
        .collect();
    assert_eq!(totals, [10, 9, 7, 12, 9, 10, 10, 9, 8]);
    assert_eq!(j["particulars"]["jenis_layanan"]["KTP-el"], 2);
    assert_eq!(j["particulars"]["pendidikan"]["S1"], 1);
    assert_eq!(j["ignored"], serde_json::json!(["Kritik dan saran"]));
    let text = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["skm", "import", f.to_str().unwrap()],
    )
    .ok()
    .stdout;
    assert!(
        text.contains("Kolom yang tidak dihitung: Kritik dan saran"),
        "{text}"
    );
}

#[test]
fn a_workbook_and_a_column_map() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let path = dir.path().join("skm.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "REKAP SKM DINAS KESEHATAN 2026")
        .unwrap();
    let header = [
        "Cap waktu",
        "Syarat",
        "Seberapa puas Anda dengan lamanya layanan?",
        "U2",
        "U4",
        "U5",
        "U6",
        "U7",
        "U8",
        "U9",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for r in 0..3u32 {
        sheet.write_string(3 + r, 0, "2026-05-02").unwrap();
        for c in 1..10u16 {
            sheet
                .write_number(3 + r, c, f64::from(2 + (r + u32::from(c)) % 3))
                .unwrap();
        }
    }
    book.save(&path).unwrap();
    // without a map, two unsur have no column
    let e = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["skm", "import", path.to_str().unwrap()],
    )
    .fails(1)
    .stderr;
    assert!(
        e.contains("unsur U1 Persyaratan, U3 Waktu Penyelesaian tidak punya kolom"),
        "{e}"
    );
    assert!(e.contains("--map BERKAS"), "{e}");
    let map = write(
        dir.path(),
        "peta.toml",
        "B = \"Persyaratan\"\n\"Seberapa puas Anda dengan lamanya layanan?\" = \"U3\"\n".as_bytes(),
    );
    let j = run_in(
        &store,
        &[
            "--json",
            "skm",
            "import",
            path.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
        ],
    )
    .ok()
    .json();
    assert_eq!(j["respondents"], 3);
    assert!(j["sheet"].as_str().is_some());
    // a map entry that names nothing in the file
    let typo = write(dir.path(), "salah.toml", b"Z = \"U1\"\n");
    let e = run_lang(
        Some(&store),
        "en_US.UTF-8",
        &[
            "skm",
            "import",
            path.to_str().unwrap(),
            "--map",
            typo.to_str().unwrap(),
        ],
    )
    .fails(1)
    .stderr;
    assert!(e.contains("\"Z\" is not in the survey file"), "{e}");
}

#[test]
fn hostile_files_are_refused_whole_with_their_own_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let nine = "U1;U2;U3;U4;U5;U6;U7;U8;U9";
    let cases: &[(&str, String, &[&str], &[&str])] = &[
        (
            "nol.csv",
            format!("{nine}\n4;3;3;4;4;4;4;2;3\n0;3;3;4;4;4;4;2;3\n"),
            &[
                "1 masalah di berkas survei",
                "nol.csv:3: U1 (A): nilai 0 di luar skala 1–4",
            ],
            &["nol.csv:3: U1 (A): value 0 is outside the scale 1–4"],
        ),
        (
            "lima.csv",
            format!("{nine}\n4;3;3;4;4;4;4;2;3\n5;3;3;4;5;4;4;2;3\n"),
            &["lima.csv:3: kolom U1 (A) berisi nilai 5", "berskala 1–5"],
            &["lima.csv:3: column U1 (A) holds the value 5", "1–5 scale"],
        ),
        (
            "kata.csv",
            format!("{nine}\n4;3;3;mahal sekali;4;4;4;2;3\n"),
            &[
                "kata.csv:2: U4 (D): \"mahal sekali\" bukan jawaban untuk unsur ini",
                "1 = sangat mahal",
            ],
            &["kata.csv:2: U4 (D): \"mahal sekali\" is not an answer to this unsur"],
        ),
        (
            "kurang.csv",
            "U1;U2;U3;U4;U5;U6;U7;U9\n4;3;3;4;4;4;4;3\n".to_string(),
            &["unsur U8 Penanganan Pengaduan, Saran dan Masukan tidak punya kolom"],
            &["unsur U8 Penanganan Pengaduan, Saran dan Masukan has no column"],
        ),
        (
            "lebar.csv",
            format!("{nine}\n4;3;3;4;4;4;4;2;3;4\n"),
            &["lebar.csv:2: baris: berisi 10 kolom, padahal baris judul berisi 9"],
            &["lebar.csv:2: row: has 10 fields but the header has 9"],
        ),
        (
            "kosong.csv",
            String::new(),
            &["kosong.csv: berkasnya kosong"],
            &["kosong.csv: the file is empty"],
        ),
        (
            "judul.csv",
            format!("{nine}\n"),
            &["judul.csv: ada baris judul tetapi tidak ada jawaban responden"],
            &["judul.csv: there is a header but no respondent's answers"],
        ),
        (
            "bukan.csv",
            "Nama;Alamat\nAni;Jl. Melati\n".to_string(),
            &["tidak ada baris judul yang menyebut unsur SKM"],
            &["none of the first ten rows is a header naming the SKM's unsur"],
        ),
        (
            "ganda.csv",
            format!("{nine};Unsur 9\n4;3;3;4;4;4;4;2;3;3\n"),
            &["kolom U9 (I) dan Unsur 9 (J) sama-sama berisi U9 Sarana dan Prasarana"],
            &["columns U9 (I) and Unsur 9 (J) both hold U9 Sarana dan Prasarana"],
        ),
    ];
    for (name, text, id, en) in cases {
        let f = survey(dir.path(), name, text);
        let f = f.to_str().unwrap();
        let got = run_lang(Some(&store), "id_ID.UTF-8", &["skm", "import", f])
            .fails(1)
            .stderr;
        for want in *id {
            assert!(got.contains(want), "{name}: {want:?} in {got}");
        }
        let got = run_lang(Some(&store), "en_US.UTF-8", &["skm", "import", f])
            .fails(1)
            .stderr;
        for want in *en {
            assert!(got.contains(want), "{name}: {want:?} in {got}");
        }
    }
    // the old fourteen-unsur form is read, with a warning
    let header = (1..=14)
        .map(|i| format!("U{i}"))
        .collect::<Vec<_>>()
        .join(";");
    let f = survey(
        dir.path(),
        "lama.csv",
        &format!("{header}\n{}\n", ["3"; 14].join(";")),
    );
    let out = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["skm", "import", f.to_str().unwrap()],
    )
    .ok()
    .stdout;
    assert!(
        out.contains("berkas ini memakai 14 unsur (formulir lama KEP/25/M.PAN/2/2004)"),
        "{out}"
    );
    assert!(out.contains("U14 Unsur 14"), "{out}");
    assert!(
        out.contains("IKM = 3,000 × 25 = 75,00 — mutu C (Kurang Baik)"),
        "{out}"
    );
    assert!(!out.contains("Dengan bobot 0,11"), "{out}");
    // a file that is not there
    let e = run_lang(
        Some(&store),
        "en_US.UTF-8",
        &["skm", "import", "/nowhere/skm.csv"],
    )
    .fails(1)
    .stderr;
    assert!(e.contains("/nowhere/skm.csv"), "{e}");
}

#[test]
fn the_ikm_is_recorded_in_an_audit_item_with_the_file_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let agency = run_in(&store, &["--json", "agency", "list"]).ok().json()[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let audit = run_in(
        &store,
        &[
            "audit",
            "new",
            "--agency",
            &agency,
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Pemeriksaan Standar Pelayanan",
            "--period",
            "2026-S1",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    // the auditor's own observation stays; the import adds its paragraph
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            "SKM-04",
            "--note",
            "Laporan SKM unit: IKM 81,20.",
        ],
    )
    .ok();
    let f = survey(dir.path(), "skm-2026.csv", &format!("{HEADER}\n{ROWS}"));
    let f = f.to_str().unwrap();
    // only a number item takes the IKM; the flags go together
    let e = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["skm", "import", f, "--audit", &audit, "--item", "SKM-01"],
    )
    .fails(1)
    .stderr;
    assert!(e.contains("butir SKM-01 bukan butir angka"), "{e}");
    // --item goes with --audit
    run_in(&store, &["skm", "import", f, "--item", "SKM-04"]).fails(2);
    let out = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &[
            "skm",
            "import",
            f,
            "--audit",
            &audit,
            "--item",
            "skm-04",
            "--unit",
            "Loket Adminduk",
            "--population",
            "300",
        ],
    )
    .ok()
    .stdout;
    assert!(
        out.contains("Dicatat pada butir SKM-04 pemeriksaan"),
        "{out}"
    );
    let items = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json()["items"]
        .as_array()
        .unwrap()
        .clone();
    let item = items.iter().find(|i| i["code"] == "SKM-04").unwrap();
    assert_eq!(item["answer"], "79.86", "{item}");
    let note = item["note"].as_str().unwrap();
    assert!(
        note.starts_with("Laporan SKM unit: IKM 81,20.\n\nHasil impor SKM (skm-2026.csv, SHA-256 "),
        "{note}"
    );
    assert!(note.contains("4 responden, Loket Adminduk; IKM 79,86 (nilai interval 3,194), mutu B (Baik); dengan bobot 0,11: 79,06 (mutu B)"), "{note}");
    assert!(
        note.contains("unsur terlemah: U8 Penanganan Pengaduan, Saran dan Masukan (2,25)"),
        "{note}"
    );
    assert!(
        note.contains("sampel minimal 169 untuk populasi 300 (tidak terpenuhi)"),
        "{note}"
    );
    assert_eq!(item["evidence"][0]["name"], "skm-2026.csv");
    // the same file again: nothing changes, and the paragraph is not doubled
    let again = run_in(
        &store,
        &[
            "skm",
            "import",
            f,
            "--audit",
            &audit,
            "--item",
            "SKM-04",
            "--unit",
            "Loket Adminduk",
            "--population",
            "300",
        ],
    )
    .ok()
    .stdout;
    assert!(
        again.contains("already holds this result (IKM 79.86); nothing changed"),
        "{again}"
    );
    let items = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json()["items"]
        .as_array()
        .unwrap()
        .clone();
    let item = items.iter().find(|i| i["code"] == "SKM-04").unwrap();
    assert_eq!(
        item["note"]
            .as_str()
            .unwrap()
            .matches("Hasil impor SKM")
            .count(),
        1
    );
    assert_eq!(item["evidence"].as_array().unwrap().len(), 1);
}

fn new_audit(store: &std::path::Path, agency: &str, title: &str, period: &str) -> String {
    run_in(
        store,
        &[
            "audit",
            "new",
            "--agency",
            agency,
            "--checklist",
            "pelayanan-publik",
            "--title",
            title,
            "--period",
            period,
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string()
}

/// The shipped checklist marks SKM-04 `computed = "ikm"`: `--audit` alone records there, the
/// figures per unsur are kept with the audit (and in its trail), and a later audit of the same
/// unit shows the earlier IKM beside its own.
#[test]
fn the_checklist_names_the_ikm_item_and_the_unit_s_earlier_ikm_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let agency = run_in(&store, &["--json", "agency", "list"]).ok().json()[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let first = new_audit(&store, &agency, "Pemeriksaan Pelayanan 2025", "2025");
    let f = survey(dir.path(), "skm-2025.csv", &format!("{HEADER}\n{ROWS}"));
    let f = f.to_str().unwrap();
    let out = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &[
            "skm",
            "import",
            f,
            "--audit",
            &first,
            "--unit",
            "Loket Adminduk",
            "--period",
            "2025",
        ],
    )
    .ok()
    .stdout;
    assert!(
        out.contains("Dicatat pada butir SKM-04 pemeriksaan"),
        "{out}"
    );
    assert!(
        !out.contains("IKM unit ini pada pemeriksaan sebelumnya"),
        "{out}"
    );
    let j = run_in(&store, &["--json", "audit", "show", &first])
        .ok()
        .json();
    let s = &j["surveys"][0];
    assert_eq!(s["item"], "SKM-04");
    assert_eq!(s["file"], "skm-2025.csv");
    assert_eq!(s["respondents"], 4);
    assert_eq!(s["ikm"], 79.86);
    assert_eq!(s["ikm_rounded_weight"], 79.06);
    assert_eq!(s["mutu"], "B");
    assert_eq!(s["unsur"][7]["nrr"], 2.25);
    assert_eq!(s["unsur"][0]["name"], "Persyaratan");
    assert_eq!(s["weakest"], serde_json::json!([8, 3, 9]));
    let trail = run_lang(Some(&store), "id_ID.UTF-8", &["log", "--audit", &first])
        .ok()
        .stdout;
    assert!(
        trail.contains("SKM skm-2025.csv dicatat pada SKM-04: 4 responden, IKM 79,86 (mutu B)"),
        "{trail}"
    );

    // a year on, the unit improved: every 2 became a 3
    let second = new_audit(&store, &agency, "Pemeriksaan Pelayanan 2026", "2026");
    let better = ROWS.replace(";2;", ";3;");
    let g = survey(dir.path(), "skm-2026.csv", &format!("{HEADER}\n{better}"));
    let out = run_lang(
        Some(&store),
        "en_US.UTF-8",
        &[
            "skm",
            "import",
            g.to_str().unwrap(),
            "--audit",
            &second,
            "--unit",
            "loket  adminduk",
            "--period",
            "2026",
        ],
    )
    .ok()
    .stdout;
    assert!(
        out.contains(
            "The unit's IKM in earlier audits: 2025 (Pemeriksaan Pelayanan 2025): 79.86 B"
        ),
        "{out}"
    );
    let j = run_in(
        &store,
        &[
            "--json",
            "skm",
            "import",
            g.to_str().unwrap(),
            "--audit",
            &second,
            "--unit",
            "Loket Adminduk",
            "--period",
            "2026",
        ],
    )
    .ok()
    .json();
    assert_eq!(j["earlier"][0]["ikm"], 79.86);
    assert_eq!(j["earlier"][0]["period"], "2025");
    assert!(j["ikm"].as_f64().unwrap() > 79.86, "{j}");

    // a checklist without a computed item: --audit alone says to name the item
    let plain = dir.path().join("polos.toml");
    std::fs::write(
        &plain,
        "id = \"polos\"\ntitle = \"Polos\"\nversion = \"1\"\n[[section]]\ncode = \"A\"\ntitle = \"A\"\n[[section.item]]\ncode = \"A-01\"\ntext = \"IKM\"\nanswer = \"number\"\n",
    )
    .unwrap();
    run_in(&store, &["checklist", "import", plain.to_str().unwrap()]).ok();
    let third = run_in(
        &store,
        &[
            "audit",
            "new",
            "--agency",
            &agency,
            "--checklist",
            "polos",
            "--title",
            "Polos",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let e = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["skm", "import", f, "--audit", &third],
    )
    .fails(1)
    .stderr;
    assert!(
        e.contains("tidak menandai butir mana pun dengan computed = \"ikm\"; sebutkan butir angka yang memuat IKM dengan --item"),
        "{e}"
    );
    run_in(
        &store,
        &["skm", "import", f, "--audit", &third, "--item", "A-01"],
    )
    .ok();
}

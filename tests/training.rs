//! The training-needs recap for the personnel office (`periksa training`) through the real binary
//! over the demo store: the rows by competence area and unit with each ASN named by name and
//! grouped NIP, the period filter, the workbook and the Word document, and hostile input (an
//! unknown agency, a period that does not exist, a file it cannot write) refused with one clear
//! line in both languages.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{run_in, run_lang};
use periksa::app::demo;

fn demo_store(dir: &Path) -> PathBuf {
    let store = dir.join("demo");
    demo::fill(&store).unwrap();
    store
}

/// The text of one member of a zip file (an XLSX or DOCX).
fn member(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_demo_recap_names_each_asn_by_area_and_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let store = demo_store(tmp.path());
    let j = run_in(
        &store,
        &[
            "--json",
            "training",
            "--agency",
            "disdukcapil",
            "--period",
            "2026-S2",
        ],
    )
    .ok()
    .json();
    assert_eq!(j["agency"], "DISDUKCAPIL");
    assert_eq!(j["period"], "2026-S2");
    assert_eq!(j["people"], 2);
    let rows = j["rows"].as_array().unwrap();
    let shape: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["area"].as_str().unwrap(),
                r["source"].as_str().unwrap(),
                r["nip_grouped"].as_str().unwrap(),
                r["unit"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "pelatihan",
                "rating",
                "19860909 201606 1 001",
                "Bidang Pemanfaatan Data dan Inovasi Pelayanan"
            ),
            (
                "pembinaan",
                "rating",
                "19710128 200202 2 001",
                "Bidang Pelayanan Pendaftaran Penduduk"
            ),
            (
                "sebab:1.03",
                "finding",
                "19860909 201606 1 001",
                "Bidang Pemanfaatan Data dan Inovasi Pelayanan"
            ),
        ]
    );
    assert_eq!(rows[0]["name"], "Rudi Rohman, S.IP., M.Si.");
    assert_eq!(rows[1]["name"], "Yanti Anggraeni, S.M.");
    assert_eq!(rows[2]["audit_phase"], "fieldwork");
    assert!(rows[2]["reason"]
        .as_str()
        .unwrap()
        .contains("PermenPANRB 14/2017"));
    assert_eq!(j["survey"], serde_json::json!([]));

    // the listing, in Bahasa Indonesia and in English
    let id = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["training", "--agency", "DISDUKCAPIL", "--period", "2026-S2"],
    )
    .ok()
    .stdout;
    for s in [
        "Kebutuhan pengembangan kompetensi ASN — DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil, Semester II 2026",
        "3 kebutuhan dari hasil pemeriksaan, 2 ASN",
        "\nPelatihan\n  Bidang Pemanfaatan Data dan Inovasi Pelayanan\n    Rudi Rohman, S.IP., M.Si. — 19860909 201606 1 001 — Analis Kebijakan Ahli Muda\n      Rekomendasi predikat: Baik",
        "\nPembinaan\n  Bidang Pelayanan Pendaftaran Penduduk\n    Yanti Anggraeni, S.M. — 19710128 200202 2 001",
        "Sebab 1.03 — Pelaksana belum memahami peraturan, standar, atau prosedur yang berlaku",
        "Temuan: Hasil Survei Kepuasan Masyarakat belum dipublikasikan dan ditindaklanjuti",
        "(belum final, tahap Pelaksanaan)",
    ] {
        assert!(id.contains(s), "{s:?} not in\n{id}");
    }
    let en = run_lang(
        Some(&store),
        "en_US.UTF-8",
        &["training", "--agency", "DISDUKCAPIL"],
    )
    .ok()
    .stdout;
    for s in [
        "ASN competence development needs — DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil, every period",
        "Pelatihan (training)",
        "Pembinaan (coaching)",
        "Cause 1.03",
        "Rating recommendation: Baik",
        "(not final yet, Fieldwork)",
    ] {
        assert!(en.contains(s), "{s:?} not in\n{en}");
    }

    // another period has nothing, and says so
    let other = run_in(
        &store,
        &["training", "--agency", "DISDUKCAPIL", "--period", "2025"],
    )
    .ok()
    .stdout;
    assert!(other.contains("No competence development need"), "{other}");
    // an agency with no audit has nothing either
    let j = run_in(&store, &["--json", "training", "--agency", "DINKES"])
        .ok()
        .json();
    assert_eq!(j["rows"], serde_json::json!([]));
}

#[test]
fn the_recap_is_written_as_a_workbook_and_a_word_document() {
    let tmp = tempfile::tempdir().unwrap();
    let store = demo_store(tmp.path());
    let xlsx = tmp.path().join("kebutuhan-pelatihan.xlsx");
    let out = run_in(
        &store,
        &[
            "training",
            "--agency",
            "DISDUKCAPIL",
            "--period",
            "2026-S2",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    )
    .ok()
    .stdout;
    assert!(out.contains("kebutuhan-pelatihan.xlsx"), "{out}");
    let strings = member(&xlsx, "xl/sharedStrings.xml");
    for s in [
        "Bidang kompetensi",
        "Unit kerja",
        "Pelatihan",
        "Pembinaan",
        "Rudi Rohman, S.IP., M.Si.",
        "19860909 201606 1 001",
        "19710128 200202 2 001",
        "Bidang Pelayanan Pendaftaran Penduduk",
        "(belum final)",
    ] {
        assert!(strings.contains(s), "{s:?} not in the workbook");
    }
    let sheet = member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter"), "a filter on the header row");
    assert!(sheet.contains("<pane"), "the header row frozen");

    let docx = tmp.path().join("kebutuhan-pelatihan.docx");
    let j = run_in(
        &store,
        &[
            "--json",
            "training",
            "--agency",
            "DISDUKCAPIL",
            "-o",
            docx.to_str().unwrap(),
        ],
    )
    .ok()
    .json();
    assert!(j["written"]["bytes"].as_u64().unwrap() > 0);
    let xml = member(&docx, "word/document.xml");
    for s in [
        "REKAPITULASI KEBUTUHAN PENGEMBANGAN KOMPETENSI ASN",
        "DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil — seluruh periode",
        "A. Pelatihan (1 kebutuhan)",
        "B. Pembinaan (1 kebutuhan)",
        "C. Sebab 1.03",
        "19710128 200202 2 001",
    ] {
        assert!(xml.contains(s), "{s:?} not in the document");
    }
}

#[test]
fn hostile_input_is_refused_with_one_clear_line_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let store = demo_store(tmp.path());
    let unknown = ["training", "--agency", "DINSOSX"];
    let en = run_lang(Some(&store), "en_US.UTF-8", &unknown).fails(1);
    assert_eq!(
        en.stderr.trim(),
        "error: no agency with code \"DINSOSX\"; see `periksa agency list` or import agencies first"
    );
    assert!(en.stdout.is_empty());
    let id = run_lang(Some(&store), "id_ID.UTF-8", &unknown).fails(1);
    assert_eq!(
        id.stderr.trim(),
        "kesalahan: Tidak ada OPD dengan kode \"DINSOSX\"; lihat `periksa agency list` atau impor daftar OPD lebih dulu"
    );

    let bad_period = ["training", "--agency", "DISDUKCAPIL", "--period", "2026-S3"];
    let en = run_lang(Some(&store), "en_US.UTF-8", &bad_period).fails(1);
    assert!(
        en.stderr.contains("semester 3") && en.stderr.contains("use 1 or 2"),
        "{}",
        en.stderr
    );
    let id = run_lang(Some(&store), "id_ID.UTF-8", &bad_period).fails(1);
    assert!(
        id.stderr.contains("semester 3 pada periode") && id.stderr.contains("gunakan 1 atau 2"),
        "{}",
        id.stderr
    );

    // a name the recap is not written as; a folder that is not there
    let pdf = tmp.path().join("rekap.pdf");
    let args = [
        "training",
        "--agency",
        "DISDUKCAPIL",
        "-o",
        pdf.to_str().unwrap(),
    ];
    let en = run_lang(Some(&store), "en_US.UTF-8", &args).fails(1);
    assert!(
        en.stderr
            .contains("the training-needs recap is written as .xlsx"),
        "{}",
        en.stderr
    );
    let id = run_lang(Some(&store), "id_ID.UTF-8", &args).fails(1);
    assert!(
        id.stderr
            .contains("rekap kebutuhan pelatihan ditulis sebagai .xlsx"),
        "{}",
        id.stderr
    );
    assert!(!pdf.exists());
    let nowhere = tmp.path().join("tidak-ada/rekap.xlsx");
    let args = [
        "training",
        "--agency",
        "DISDUKCAPIL",
        "-o",
        nowhere.to_str().unwrap(),
    ];
    for lang in ["en_US.UTF-8", "id_ID.UTF-8"] {
        let r = run_lang(Some(&store), lang, &args).fails(1);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        assert!(r.stderr.contains("tidak-ada"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "nothing half said: {}", r.stdout);
    }

    // the agency is required: a usage error
    run_in(&store, &["training"]).fails(2);
}

/// A survey imported into the demo audit whose weakest unsur include the personnel ones
/// (Kompetensi Pelaksana 1,50, Perilaku Pelaksana 2,00) puts them in the recap's survey group,
/// from the survey record kept with the audit; a strong one (U6, U7 at 4) puts nothing there.
#[test]
fn the_survey_s_weak_personnel_unsur_join_the_recap() {
    let tmp = tempfile::tempdir().unwrap();
    let store = demo_store(tmp.path());
    let audit = run_in(&store, &["--json", "audit", "list"]).ok().json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let survey = tmp.path().join("skm.csv");
    std::fs::write(
        &survey,
        "U1;U2;U3;U4;U5;U6;U7;U8;U9\n3;3;3;4;3;1;2;3;3\n4;3;3;4;3;2;2;3;3\n",
    )
    .unwrap();
    run_in(
        &store,
        &[
            "skm",
            "import",
            survey.to_str().unwrap(),
            "--audit",
            &audit,
            "--unit",
            "Loket Adminduk",
            "--period",
            "Semester II 2026",
        ],
    )
    .ok();
    let j = run_in(
        &store,
        &[
            "--json",
            "training",
            "--agency",
            "DISDUKCAPIL",
            "--period",
            "2026-S2",
        ],
    )
    .ok()
    .json();
    let got: Vec<(String, f64, String)> = j["survey"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["unsur"].as_str().unwrap().to_string(),
                s["nrr"].as_f64().unwrap(),
                s["unit"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Kompetensi Pelaksana".to_string(),
                1.5,
                "Loket Adminduk".to_string()
            ),
            (
                "Perilaku Pelaksana".to_string(),
                2.0,
                "Loket Adminduk".to_string()
            ),
        ]
    );
    let id = run_lang(
        Some(&store),
        "id_ID.UTF-8",
        &["training", "--agency", "DISDUKCAPIL", "--period", "2026-S2"],
    )
    .ok()
    .stdout;
    assert!(id.contains("Kompetensi Pelaksana"), "{id}");
    assert!(id.contains("1,50"), "{id}");

    // the unit improved: its staff are no longer among the weakest
    std::fs::write(
        &survey,
        "U1;U2;U3;U4;U5;U6;U7;U8;U9\n3;3;3;4;3;4;4;2;3\n4;3;3;4;3;4;4;2;3\n",
    )
    .unwrap();
    run_in(
        &store,
        &["skm", "import", survey.to_str().unwrap(), "--audit", &audit],
    )
    .ok();
    let j = run_in(
        &store,
        &[
            "--json",
            "training",
            "--agency",
            "DISDUKCAPIL",
            "--period",
            "2026-S2",
        ],
    )
    .ok()
    .json();
    assert_eq!(j["survey"], serde_json::json!([]));
}

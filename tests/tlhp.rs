//! The follow-up register (`periksa tlhp`) through the real binary over a final demo audit: every
//! recommendation with its status, due date and days overdue, the filters, the recap per agency
//! and its shares, in both languages.

mod common;
#[path = "common/fill.rs"]
mod fill;

use common::{run_in, run_lang};
use periksa::app::{demo, App};

fn final_demo(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let store = dir.join("demo");
    let audit = demo::fill(&store).unwrap().audit;
    let mut app = App::open(&store).unwrap();
    // the SKM finding's recommendation is about money: a value set while the audit is a draft
    let skm = app
        .findings(&audit)
        .unwrap()
        .into_iter()
        .find(|f| f.content.title.starts_with("Hasil Survei"))
        .unwrap();
    let mut new = periksa::app::NewFinding::from(&skm);
    new.recommendations[0].value = "Rp1.250.000".into();
    app.update_finding(&skm.id.to_string(), new).unwrap();
    fill::finalise(&mut app);
    (store, audit)
}

#[test]
fn the_register_lists_every_recommendation_of_final_audits_and_counts_the_recap_right() {
    let tmp = tempfile::tempdir().unwrap();
    // a draft audit is not followed up yet
    let draft = tmp.path().join("draft");
    demo::fill(&draft).unwrap();
    let j = run_in(&draft, &["--json", "tlhp"]).ok().json();
    assert_eq!(j["rows"], serde_json::json!([]));

    let (store, audit) = final_demo(tmp.path());
    let j = run_in(&store, &["--json", "tlhp"]).ok().json();
    let rows = j["rows"].as_array().unwrap().clone();
    // three findings, the first with two recommendations: four rows, each its own
    assert_eq!(rows.len(), 4, "{j}");
    for r in &rows {
        assert_eq!(r["agency"], "DISDUKCAPIL");
        assert!(r["audit"].as_str().unwrap().ends_with(&audit), "{r}");
        assert_eq!(r["status"], 3, "nobody acted yet");
        assert!(r["due"].is_string(), "the final date plus the deadline");
        assert!(r["days_overdue"].is_null());
        assert!(!r["recommendation"].as_str().unwrap().is_empty());
    }
    assert_eq!(rows[2]["finding"], rows[3]["finding"]);
    assert_eq!(
        (rows[2]["no"].clone(), rows[3]["no"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(
        (rows[0]["code"].clone(), rows[0]["finding_code"].clone()),
        ("06".into(), "1.04".into())
    );
    assert_eq!(rows[2]["value"], "1250000.00");
    let finding = |i: usize| rows[i]["finding"].as_str().unwrap().to_string();
    // the first recommendation acted on as recommended
    run_in(
        &store,
        &["finding", "follow-up", &finding(0), "--status", "1"],
    )
    .ok();
    // one late
    run_in(
        &store,
        &[
            "finding",
            "follow-up",
            &finding(1),
            "--status",
            "3",
            "--due",
            "2026-01-31",
        ],
    )
    .ok();
    // the SKM one: the auditee deposits, the first proof is rejected, the second accepted
    // the SKM finding has two: which one is named
    let skm = finding(2);
    let which = run_in(&store, &["finding", "report", &skm, "--action", "Disetor"]).fails(1);
    assert!(which.stderr.contains("--rec"), "{}", which.stderr);
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
            "--evidence",
            "sts-001.pdf",
            "--returned",
            "500.000",
        ],
    )
    .ok();
    let open = run_in(&store, &["--json", "tlhp", "--status", "2"])
        .ok()
        .json();
    assert_eq!(
        open["rows"].as_array().unwrap().len(),
        1,
        "reported, not verified: 2"
    );
    assert_eq!(open["rows"][0]["unverified"], 1);
    let reject = run_in(
        &store,
        &[
            "finding", "verify", &skm, "--rec", "1", "--entry", "1", "--status", "2",
        ],
    )
    .fails(1);
    assert!(reject.stderr.contains("reason"), "{}", reject.stderr);
    run_in(
        &store,
        &[
            "finding",
            "verify",
            &skm,
            "--rec",
            "1",
            "--entry",
            "1",
            "--status",
            "2",
            "--reason",
            "Bukti setor tidak dilegalisasi",
            "--date",
            "2027-01-06",
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
            "2027-01-08",
            "--action",
            "Bukti setor yang dilegalisasi diserahkan",
            "--returned",
            "Rp750.000",
        ],
    )
    .ok();
    run_in(
        &store,
        &[
            "finding",
            "verify",
            &skm,
            "--rec",
            "1",
            "--entry",
            "2",
            "--status",
            "1",
            "--date",
            "2027-01-09",
        ],
    )
    .ok();
    let shown = run_in(&store, &["--json", "finding", "show", &skm])
        .ok()
        .json();
    let rec = &shown["recommendations"][0];
    assert_eq!(rec["status"], 1);
    assert_eq!(
        rec["returned"], "750000.00",
        "only the accepted deposit counts"
    );
    assert_eq!(rec["entries"][0]["verification"]["status"], 2);
    assert_eq!(rec["entries"][1]["verification"]["status"], 1);

    let late = run_in(&store, &["--json", "tlhp", "--overdue"]).ok().json();
    let late = late["rows"].as_array().unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["finding"], finding(1).as_str());
    assert!(late[0]["days_overdue"].as_i64().unwrap() > 0);
    let done = run_in(&store, &["--json", "tlhp", "--status", "1"])
        .ok()
        .json();
    assert_eq!(done["rows"].as_array().unwrap().len(), 2);
    let words = run_in(
        &store,
        &["--json", "tlhp", "--status", "belum ditindaklanjuti"],
    )
    .ok()
    .json();
    assert_eq!(words["rows"].as_array().unwrap().len(), 2);
    assert_eq!(
        run_in(&store, &["--json", "tlhp", "--agency", "dinkes"])
            .ok()
            .json()["rows"],
        serde_json::json!([])
    );
    assert_eq!(
        run_in(&store, &["--json", "tlhp", "--agency", "disdukcapil"])
            .ok()
            .json()["rows"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "the agency code in any case"
    );

    // the recap: findings once, recommendations by status, shares that add up, money
    let r = run_in(&store, &["--json", "tlhp", "--recap"]).ok().json();
    let total = &r["recap"]["total"];
    assert_eq!(total["findings"], 3);
    assert_eq!(total["recommendations"], 4);
    assert_eq!(
        total["by_status"],
        serde_json::json!({"1": 2, "2": 0, "3": 2, "4": 0})
    );
    assert_eq!(total["value"], "1250000.00");
    assert_eq!(total["returned"], "750000.00");
    let shares: f64 = (1..=4)
        .map(|n| total["percent"][n.to_string()].as_f64().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 1e-9, "{shares}");
    assert_eq!(r["recap"]["agencies"][0]["agency"], "DISDUKCAPIL");

    // for people, in both languages
    let id = run_lang(Some(&store), "id_ID.UTF-8", &["tlhp", "--recap"]).ok();
    assert!(
        id.stdout.contains(
            "Register tindak lanjut: 4 rekomendasi, 2 masih terbuka, 1 lewat batas waktu"
        ),
        "{}",
        id.stdout
    );
    assert!(
        id.stdout.contains("batas 31 Januari 2026, lewat"),
        "{}",
        id.stdout
    );
    assert!(
        id.stdout.contains("DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil: 3 temuan, 4 rekomendasi — 1: 2 (50,0%)  2: 0 (0,0%)  3: 2 (50,0%)  4: 0 (0,0%) — nilai Rp1.250.000, dikembalikan Rp750.000"),
        "{}",
        id.stdout
    );
    let en = run_in(&store, &["tlhp", "--recap"]).ok();
    assert!(
        en.stdout
            .contains("Follow-up register: 4 recommendations, 2 still open, 1 past their due date"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout
            .contains("Total: 3 findings, 4 recommendations — 1: 2 (50.0%)"),
        "{}",
        en.stdout
    );
    // the matriks TLHP and the recap as a workbook, read back
    let book = tmp.path().join("tlhp.xlsx");
    let r = run_in(
        &store,
        &["tlhp", "--recap", "--output", book.to_str().unwrap()],
    )
    .ok();
    assert!(r.stdout.contains("tlhp.xlsx"), "{}", r.stdout);
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(wb.sheet_names(), ["matriks_tlhp", "rekap"]);
    let matrix = wb.worksheet_range("matriks_tlhp").unwrap();
    assert_eq!(matrix.height(), 5, "a header and four recommendations");
    assert_eq!(
        matrix.get((0, 6)),
        Some(&Data::String("Rekomendasi".into()))
    );
    let statuses: Vec<String> = (1..5)
        .map(|r| matrix.get((r, 7)).unwrap().to_string())
        .collect();
    assert!(
        statuses.contains(&"1 Sesuai rekomendasi".to_string()),
        "{statuses:?}"
    );
    let recap = wb.worksheet_range("rekap").unwrap();
    assert_eq!(recap.height(), 3, "a header, the agency, the total");
    assert_eq!(recap.get((2, 0)), Some(&Data::String("Jumlah".into())));
    assert_eq!(recap.get((2, 2)), Some(&Data::Float(4.0)));
    assert_eq!(
        recap.get((2, 7)),
        Some(&Data::Float(2.0)),
        "two in status 3"
    );
    // the money: the SKM recommendation's value and what was returned, and the recap's
    let skm_row = (1..5)
        .find(|&r| matrix.get((r, 6)).unwrap().to_string().contains("[13]"))
        .unwrap();
    assert_eq!(matrix.get((skm_row, 11)), Some(&Data::Float(1_250_000.0)));
    assert_eq!(matrix.get((skm_row, 12)), Some(&Data::Float(750_000.0)));
    assert_eq!(recap.get((2, 11)), Some(&Data::Float(1_250_000.0)));
    assert_eq!(recap.get((2, 12)), Some(&Data::Float(750_000.0)));
    // the same as a Word document on the letterhead, landscape, and as a web page
    let doc = tmp.path().join("tlhp.docx");
    run_in(&store, &["tlhp", "-o", doc.to_str().unwrap()]).ok();
    let xml = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&doc).unwrap()).unwrap();
        let mut out = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        out
    };
    assert!(xml.contains("MATRIKS PEMANTAUAN TINDAK LANJUT HASIL PEMERIKSAAN"));
    assert!(xml.contains("REKAPITULASI STATUS TINDAK LANJUT"));
    assert!(xml.contains("Rp1.250.000"), "the Indonesian way");
    assert!(xml.contains("w:orient=\"landscape\""));
    assert!(xml.contains("lewat"), "the late one says how late");
    let page = tmp.path().join("tlhp.html");
    run_in(&store, &["tlhp", "-o", page.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Posisi per"), "{html}");
    assert!(html.contains("3 Belum ditindaklanjuti"), "{html}");
    // a name the register cannot be written as is refused before anything is written
    let odd = tmp.path().join("tlhp.pdf");
    let bad = run_in(&store, &["tlhp", "-o", odd.to_str().unwrap()]).fails(1);
    assert!(bad.stderr.contains("pdf"), "{}", bad.stderr);
    assert!(!odd.exists());
    // a value the register cannot take is named
    let bad = run_in(&store, &["tlhp", "--semester", "3"]).fails(2);
    assert!(bad.stderr.contains("3"), "{}", bad.stderr);
    let bad = run_in(&store, &["tlhp", "--status", "9"]).fails(1);
    assert!(bad.stderr.contains("9"), "{}", bad.stderr);
}

/// Issue 16's whole story: an agency audited, its LHP followed up, audited again a year later.
/// The second audit lists the first one's open recommendations (CLI, JSON), marks the finding
/// that repeats one of the first's, and the register counts both audits right.
#[test]
fn the_next_audit_of_an_agency_sees_its_open_recommendations_and_repeat_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, first) = final_demo(tmp.path());
    let rows = run_in(&store, &["--json", "tlhp"]).ok().json()["rows"]
        .as_array()
        .unwrap()
        .clone();
    let maklumat = rows[0]["finding"].as_str().unwrap().to_string();
    // the auditee acted on one recommendation before the next audit
    run_in(
        &store,
        &["finding", "follow-up", &maklumat, "--status", "1"],
    )
    .ok();

    // a year later: the same agency, the same checklist
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
    assert!(!second.is_empty());
    let shown = run_in(&store, &["--json", "audit", "show", &second])
        .ok()
        .json();
    let earlier = shown["earlier_followup"].as_array().unwrap();
    assert_eq!(
        earlier.len(),
        3,
        "the three still open, not the one done: {earlier:?}"
    );
    assert!(earlier
        .iter()
        .all(|r| r["audit"].as_str().unwrap().ends_with(&first)));
    assert!(earlier.iter().all(|r| r["finding"] != maklumat.as_str()));
    // the first audit itself lists no earlier audit
    let own = run_in(&store, &["--json", "audit", "show", &first])
        .ok()
        .json();
    assert_eq!(own["earlier_followup"], serde_json::json!([]));
    // for people, in both languages
    let id = run_lang(Some(&store), "id_ID.UTF-8", &["audit", "show", &second]).ok();
    assert!(
        id.stdout.contains(
            "Tindak lanjut hasil pemeriksaan sebelumnya (rekomendasi yang masih terbuka):"
        ),
        "{}",
        id.stdout
    );
    assert!(
        id.stdout.contains("Waktu penyelesaian KTP-el"),
        "{}",
        id.stdout
    );
    let en = run_in(&store, &["audit", "show", &second]).ok();
    assert!(
        en.stdout.contains("Follow-up of earlier audits"),
        "{}",
        en.stdout
    );

    // a finding on the same item with the same kode temuan repeats the first audit's
    let repeat = run_in(
        &store,
        &[
            "finding",
            "add",
            &second,
            "--title",
            "Maklumat pelayanan masih versi lama",
            "--kode",
            "1.04",
            "--item",
            "SP-05",
            "--kondisi",
            "Maklumat yang terpasang masih versi 2021.",
            "--kriteria",
            "PermenPANRB 15/2014",
            "--sebab",
            "Belum ada penanggung jawab.",
            "--akibat",
            "Janji layanan tidak berlaku formal.",
            "--rekomendasi",
            "Kepala Dinas menetapkan maklumat pelayanan yang baru.",
            "--severity",
            "sedang",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    // one with the same broad code on another item, and another title, does not
    let fresh = run_in(
        &store,
        &[
            "finding",
            "add",
            &second,
            "--title",
            "Papan informasi tidak memuat biaya layanan",
            "--item",
            "SP-04",
            "--kode",
            "1.04",
            "--kondisi",
            "Papan di ruang tunggu tidak mencantumkan biaya.",
            "--kriteria",
            "PermenPANRB 15/2014",
            "--sebab",
            "Belum diperbarui.",
            "--akibat",
            "Pemohon tidak tahu layanan gratis.",
            "--rekomendasi",
            "Sekretaris Dinas memperbarui papan informasi.",
            "--severity",
            "rendah",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let list = run_in(&store, &["--json", "finding", "list", &second])
        .ok()
        .json();
    let by_id = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()
            .clone()
    };
    let r = by_id(&repeat)["repeat_of"].clone();
    assert_eq!(r["finding"], maklumat.as_str(), "{r}");
    assert!(r["audit"].as_str().unwrap().ends_with(&first));
    assert!(by_id(&fresh)["repeat_of"].is_null());
    let text = run_lang(Some(&store), "id_ID.UTF-8", &["finding", "list", &second]).ok();
    assert!(
        text.stdout.contains(
            "↻ temuan berulang: Maklumat pelayanan belum ditetapkan oleh pimpinan yang menjabat"
        ),
        "{}",
        text.stdout
    );
    assert_eq!(
        text.stdout.matches("temuan berulang").count(),
        1,
        "{}",
        text.stdout
    );

    // the LHP of the second audit: the earlier recommendations in a table, the repeat named
    let html = tmp.path().join("lhp-2027.html");
    run_in(
        &store,
        &[
            "export",
            &second,
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ],
    )
    .ok();
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(
        html.contains("Tindak Lanjut atas Rekomendasi Hasil Pemeriksaan Sebelumnya"),
        "{html}"
    );
    assert!(
        html.contains("Terdapat 3 rekomendasi hasil pemeriksaan sebelumnya"),
        "{html}"
    );
    assert!(html.contains("3 Belum ditindaklanjuti"), "{html}");
    assert!(
        html.contains(
            "Temuan berulang: Maklumat pelayanan belum ditetapkan oleh pimpinan yang menjabat"
        ),
        "{html}"
    );
    // the first audit's LHP has none
    let first_html = tmp.path().join("lhp-2026.html");
    run_in(
        &store,
        &[
            "export",
            &first,
            "--format",
            "html",
            "-o",
            first_html.to_str().unwrap(),
        ],
    )
    .ok();
    let first_html = std::fs::read_to_string(&first_html).unwrap();
    assert!(first_html.contains("Tidak terdapat rekomendasi hasil pemeriksaan sebelumnya"));
    assert!(!first_html.contains("Temuan berulang"));
    // the export names the finding repeated
    let json = tmp.path().join("p.json");
    run_in(&store, &["export", &second, "-o", json.to_str().unwrap()]).ok();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let temuan = v["tables"]["temuan"].as_array().unwrap();
    let row = |id: &str| {
        temuan
            .iter()
            .find(|r| r["temuan_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&repeat)["temuan_berulang"], maklumat.as_str());
    assert_eq!(row(&fresh)["temuan_berulang"], "");

    // the second audit final too: the register holds both, and its recap counts them right
    let mut app = App::open(&store).unwrap();
    fill::finalise_another(&mut app, &second);
    drop(app);
    let r = run_in(&store, &["--json", "tlhp", "--recap"]).ok().json();
    assert_eq!(
        r["rows"].as_array().unwrap().len(),
        6,
        "4 of the first, 2 of the second"
    );
    let total = &r["recap"]["total"];
    assert_eq!(total["findings"], 5);
    assert_eq!(total["recommendations"], 6);
    assert_eq!(
        total["by_status"],
        serde_json::json!({"1": 1, "2": 0, "3": 5, "4": 0})
    );
    assert_eq!(r["recap"]["agencies"].as_array().unwrap().len(), 1);
}

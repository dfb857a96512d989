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
    assert_eq!(rows.len(), 3, "{j}");
    for r in &rows {
        assert_eq!(r["agency"], "DISDUKCAPIL");
        assert!(r["audit"].as_str().unwrap().ends_with(&audit), "{r}");
        assert_eq!(r["status"], 3, "nobody acted yet");
        assert!(r["due"].is_string(), "the final date plus the deadline");
        assert!(r["days_overdue"].is_null());
        assert!(!r["recommendation"].as_str().unwrap().is_empty());
    }
    // one recommendation acted on as recommended, one late
    let finding = |i: usize| rows[i]["finding"].as_str().unwrap().to_string();
    run_in(
        &store,
        &["finding", "follow-up", &finding(0), "--status", "1"],
    )
    .ok();
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
    let late = run_in(&store, &["--json", "tlhp", "--overdue"]).ok().json();
    let late = late["rows"].as_array().unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["finding"], finding(1).as_str());
    assert!(late[0]["days_overdue"].as_i64().unwrap() > 0);
    let done = run_in(&store, &["--json", "tlhp", "--status", "1"])
        .ok()
        .json();
    assert_eq!(done["rows"].as_array().unwrap().len(), 1);
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
        3,
        "the agency code in any case"
    );

    // the recap: findings once, recommendations by status, shares that add up
    let r = run_in(&store, &["--json", "tlhp", "--recap"]).ok().json();
    let total = &r["recap"]["total"];
    assert_eq!(total["findings"], 3);
    assert_eq!(total["recommendations"], 3);
    assert_eq!(
        total["by_status"],
        serde_json::json!({"1": 1, "2": 0, "3": 2, "4": 0})
    );
    let shares: f64 = (1..=4)
        .map(|n| total["percent"][n.to_string()].as_f64().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 1e-9, "{shares}");
    assert_eq!(r["recap"]["agencies"][0]["agency"], "DISDUKCAPIL");

    // for people, in both languages
    let id = run_lang(Some(&store), "id_ID.UTF-8", &["tlhp", "--recap"]).ok();
    assert!(
        id.stdout.contains(
            "Register tindak lanjut: 3 rekomendasi, 2 masih terbuka, 1 lewat batas waktu"
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
        id.stdout.contains("DISDUKCAPIL Dinas Kependudukan dan Pencatatan Sipil: 3 temuan, 3 rekomendasi — 1: 1 (33,3%)  2: 0 (0,0%)  3: 2 (66,7%)  4: 0 (0,0%)"),
        "{}",
        id.stdout
    );
    let en = run_in(&store, &["tlhp", "--recap"]).ok();
    assert!(
        en.stdout
            .contains("Follow-up register: 3 recommendations, 2 still open, 1 past their due date"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout
            .contains("Total: 3 findings, 3 recommendations — 1: 1 (33.3%)"),
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
    assert_eq!(matrix.height(), 4, "a header and three recommendations");
    assert_eq!(
        matrix.get((0, 6)),
        Some(&Data::String("Rekomendasi".into()))
    );
    let statuses: Vec<String> = (1..4)
        .map(|r| matrix.get((r, 7)).unwrap().to_string())
        .collect();
    assert!(
        statuses.contains(&"1 Sesuai rekomendasi".to_string()),
        "{statuses:?}"
    );
    let recap = wb.worksheet_range("rekap").unwrap();
    assert_eq!(recap.height(), 3, "a header, the agency, the total");
    assert_eq!(recap.get((2, 0)), Some(&Data::String("Jumlah".into())));
    assert_eq!(recap.get((2, 2)), Some(&Data::Float(3.0)));
    assert_eq!(
        recap.get((2, 7)),
        Some(&Data::Float(2.0)),
        "two in status 3"
    );
    // a value the register cannot take is named
    let bad = run_in(&store, &["tlhp", "--semester", "3"]).fails(2);
    assert!(bad.stderr.contains("3"), "{}", bad.stderr);
    let bad = run_in(&store, &["tlhp", "--status", "9"]).fails(1);
    assert!(bad.stderr.contains("9"), "{}", bad.stderr);
}

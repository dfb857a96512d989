//! The follow-up register (TLHP) screen on ratatui's TestBackend over the demo store made final,
//! driven by key events: `L` from home, the rows in both languages, the status, overdue, agency
//! and search filters, the sorts, the recap per OPD, and `Enter` into the row's finding.

#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use chrono::{Days, NaiveDate};
use harness::Harness;
use periksa::domain::model::Finding;
use periksa::tui::i18n::{Lang, Strings};
use ratatui::crossterm::event::KeyCode;

const KTP: &str = "Waktu penyelesaian KTP-el";
const MAKLUMAT: &str = "Maklumat pelayanan belum";
const SKM: &str = "Hasil Survei Kepuasan";

/// The demo store with its audit made final (the register lists final audits only), at home.
fn final_demo(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    // the register is read between keys: each key here is followed by that reading
    h.settle = true;
    h.tui.with_cx(|cx| fill::finalise(cx.app));
    h
}

fn finding(h: &Harness, title: &str) -> Finding {
    let app = h.tui.app();
    let audit = app.audits().unwrap()[0].audit.id.to_string();
    app.findings(&audit)
        .unwrap()
        .into_iter()
        .find(|f| f.content.title.starts_with(title))
        .unwrap()
}

/// The day the demo audit became final: the LHP date of its rows (it has no LHP date of its own).
fn final_day(h: &Harness) -> NaiveDate {
    let audit = h.tui.app().audits().unwrap()[0].audit.clone();
    audit.finalised_at.unwrap().date_naive()
}

/// The list part of the screen (above the detail pane).
fn list(h: &mut Harness) -> String {
    let s = h.screen();
    let end = s
        .find("Rincian rekomendasi")
        .or(s.find(" Recommendation "))
        .unwrap_or(s.len());
    s[..end].to_string()
}

/// The detail pane and what is below it.
fn detail(h: &mut Harness) -> String {
    let s = h.screen();
    let start = s
        .find("Rincian rekomendasi")
        .or(s.find(" Recommendation "))
        .unwrap_or(0);
    s[start..].to_string()
}

/// The list's rows in the order drawn, by a piece of each demo title (a title on two rows
/// counts at its first).
fn order(list: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    for t in [KTP, MAKLUMAT, SKM] {
        for (p, _) in list.match_indices(t) {
            found.push((p, t));
        }
    }
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

/// Type `text` into the search popup the `/` key opens, and submit it.
fn search(h: &mut Harness, text: &str) {
    h.keys("/").ctrl('u').keys(text).key(KeyCode::Enter);
}

#[test]
fn the_register_is_empty_until_an_audit_is_final() {
    let mut h = Harness::demo(Lang::Id);
    h.settle = true;
    h.keys("L");
    let s = h.screen();
    assert!(s.contains("Register TLHP (0 dari 0)"), "{s}");
    assert!(s.contains("pemeriksaan yang sudah final"), "{s}");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Pemeriksaan (1)"), "Esc goes back home");
}

#[test]
fn l_from_home_lists_every_recommendation_with_indonesian_labels() {
    let mut h = final_demo(Lang::Id);
    let home = h.tui.current_title();
    assert!(
        h.screen().contains("register TLHP"),
        "the home footer offers L"
    );
    h.keys("L");
    assert_eq!(h.tui.current_title(), "Register tindak lanjut (TLHP)");
    let s = h.screen();
    // four rows: the SKM finding has two recommendations
    assert!(s.contains("Register TLHP (4 dari 4)"), "{s}");
    for col in [
        "OPD",
        "Tgl LHP",
        "Temuan",
        "Rek.",
        "Status",
        "Batas waktu",
        "Terlambat",
    ] {
        assert!(s.contains(col), "{col}: {s}");
    }
    assert_eq!(
        order(&list(&mut h)),
        vec![MAKLUMAT, KTP, SKM, SKM],
        "nothing late: by due date, then the register's order"
    );
    let id = Strings::load(Lang::Id);
    let lhp = id.date_short(final_day(&h));
    let due = id.date_short(final_day(&h) + Days::new(60));
    assert!(
        s.contains(&format!("DISDUKCAPIL  {lhp}")),
        "the LHP date the Indonesian way: {lhp}: {s}"
    );
    assert!(s.contains("3 belum TL") && s.contains(&due), "{due}: {s}");
    assert!(
        s.contains("Urut (s): batas waktu, terlambat dulu")
            && s.contains("Status (f): semua")
            && s.contains("Lewat batas (o): semua")
            && s.contains("OPD (a): semua OPD"),
        "{s}"
    );
    // the detail of the first row: every text in full, with its code, official and money
    let d = detail(&mut h);
    for piece in [
        "kode temuan 1.04",
        "OPD: DISDUKCAPIL — Dinas Kependudukan",
        "Rekomendasi 1 (kode 06): Kepala Dinas menetapkan",
        "Status: 3 — Belum ditindaklanjuti",
        "Penanggung jawab: Kepala Dinas Kependudukan",
        "Nilai: tidak ada nilai uang",
        "Tindak lanjut dilaporkan: 0, 0 belum diverifikasi",
        "LHP: belum bernomor, tanggal",
        "⏎ membuka temuan ini; di sana t mencatat tindak lanjutnya.",
    ] {
        assert!(d.contains(piece), "{piece}: {d}");
    }
    // the footer shows the register's keys
    assert!(
        s.contains("status tindak lanjut") && s.contains("rekap per OPD"),
        "{s}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.tui.current_title(), home, "Esc goes back home");
}

#[test]
fn english_labels() {
    let mut h = final_demo(Lang::En);
    h.keys("L");
    let s = h.screen();
    assert_eq!(h.tui.current_title(), "Follow-up register (TLHP)");
    assert!(s.contains("TLHP register (4 of 4)"), "{s}");
    for piece in [
        "LHP date",
        "Late",
        "3 not followed up",
        "Sort (s): due date, late first",
        "Overdue (o): all",
        "OPD (a): every OPD",
        "Responsible official: Kepala Dinas",
        "Status: 3 — Not yet followed up",
        "Value: no money involved",
        "recap per OPD",
    ] {
        assert!(s.contains(piece), "{piece}: {s}");
    }
    for indonesian in [
        "belum TL",
        "Rincian",
        "Batas waktu",
        "Penanggung jawab",
        "semua",
    ] {
        assert!(!s.contains(indonesian), "{indonesian}: {s}");
    }
    h.keys("r");
    let s = h.screen();
    assert!(
        s.contains("Total: 3 findings (temuan), 4 recommendations"),
        "{s}"
    );
    assert!(s.contains("4 (100.0%)"), "English decimal point: {s}");
}

#[test]
fn the_status_and_overdue_filters_and_the_sorts_change_the_rows() {
    let mut h = final_demo(Lang::Id);
    // one recommendation followed up as recommended, one late
    let maklumat = finding(&h, MAKLUMAT).id.to_string();
    let ktp = finding(&h, KTP).id.to_string();
    let past = periksa::app::today() - Days::new(30);
    h.tui.with_cx(|cx| {
        cx.app
            .follow_up(&maklumat, Some(1), "1", Some("Selesai"), None)
            .unwrap();
        cx.app
            .follow_up(&ktp, Some(1), "3", None, Some(past))
            .unwrap();
    });
    h.keys("L");
    let l = list(&mut h);
    assert_eq!(
        order(&l),
        vec![KTP, SKM, SKM, MAKLUMAT],
        "the late one first, the closed one last: {l}"
    );
    assert!(l.contains("30 hari") && l.contains("1 sesuai"), "{l}");
    assert!(
        detail(&mut h).contains("lewat 30 hari"),
        "{}",
        detail(&mut h)
    );
    // status: all → open (2 and 3) → 1 → 2
    h.keys("f");
    let l = list(&mut h);
    assert!(l.contains("Status (f): terbuka (2 dan 3)"), "{l}");
    assert!(l.contains("(3 dari 4)") && !l.contains(MAKLUMAT), "{l}");
    h.keys("f");
    let l = list(&mut h);
    assert!(
        l.contains("Status (f): 1 sesuai") && l.contains("(1 dari 4)"),
        "{l}"
    );
    assert_eq!(order(&l), vec![MAKLUMAT]);
    h.keys("f");
    let s = h.screen();
    assert!(s.contains("(0 dari 4)"), "nothing in status 2: {s}");
    assert!(s.contains("Tidak ada rekomendasi yang cocok"), "{s}");
    // overdue only, over every status
    h.ctrl('l');
    assert!(list(&mut h).contains("(4 dari 4)"));
    h.keys("o");
    let l = list(&mut h);
    assert!(
        l.contains("Lewat batas (o): hanya yang terlambat") && l.contains("(1 dari 4)"),
        "{l}"
    );
    assert_eq!(order(&l), vec![KTP]);
    h.keys("o");
    assert!(list(&mut h).contains("(4 dari 4)"));
    // sorts: by OPD then LHP date (the register's order), by status open first
    h.keys("s");
    let l = list(&mut h);
    assert!(l.contains("Urut (s): OPD, lalu tanggal LHP"), "{l}");
    assert_eq!(order(&l), vec![MAKLUMAT, KTP, SKM, SKM], "{l}");
    h.keys("s");
    let l = list(&mut h);
    assert!(l.contains("Urut (s): status, terbuka dulu"), "{l}");
    assert_eq!(order(&l), vec![KTP, SKM, SKM, MAKLUMAT], "{l}");
    h.keys("s");
    assert!(list(&mut h).contains("Urut (s): batas waktu"));
}

#[test]
fn search_and_the_agency_picker_narrow_and_esc_clears_then_goes_back() {
    let mut h = final_demo(Lang::Id);
    h.keys("L");
    search(&mut h, "blangko");
    let l = list(&mut h);
    assert!(l.contains("(1 dari 4)") && l.contains("[/ blangko]"), "{l}");
    assert_eq!(order(&l), vec![KTP]);
    // words of the recommendation and of the agency's name, in any case
    search(&mut h, "triwulan KEPENDUDUKAN");
    let l = list(&mut h);
    assert!(l.contains("(1 dari 4)"), "{l}");
    assert!(detail(&mut h).contains("Rekomendasi 2 (kode 09)"));
    search(&mut h, "tidak-ada-di-mana-pun");
    assert!(h.screen().contains("Tidak ada rekomendasi yang cocok"));
    // the first Esc clears the filters, the next one goes home
    h.key(KeyCode::Esc);
    let s = h.screen();
    assert!(
        s.contains("(4 dari 4)") && s.contains("Saringan register dihapus."),
        "{s}"
    );
    // the agency picker lists the agencies with rows
    h.keys("a");
    let s = h.screen();
    assert!(s.contains("Pilih OPD"), "{s}");
    assert!(
        s.contains("DISDUKCAPIL — Dinas") && s.contains("(4 rekomendasi)"),
        "{s}"
    );
    h.keys("disduk").key(KeyCode::Enter);
    let l = list(&mut h);
    assert!(
        l.contains("OPD (a): DISDUKCAPIL") && l.contains("(4 dari 4)"),
        "{l}"
    );
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    assert!(h.screen().contains("Pemeriksaan (1)"), "{}", h.screen());
}

#[test]
fn the_recap_counts_findings_and_recommendations_per_opd_with_shares() {
    let mut h = final_demo(Lang::Id);
    let maklumat = finding(&h, MAKLUMAT).id.to_string();
    h.tui.with_cx(|cx| {
        cx.app
            .follow_up(&maklumat, Some(1), "1", Some("Selesai"), None)
            .unwrap();
    });
    h.keys("L").keys("r");
    let s = h.screen();
    assert!(s.contains("Rekap per OPD (4 dari 4 rekomendasi)"), "{s}");
    assert!(
        s.contains("Jumlah: 3 temuan, 4 rekomendasi; nilai Rp0, dikembalikan/disetor Rp0"),
        "{s}"
    );
    assert!(
        s.contains("1 sesuai, 2 belum sesuai, 3 belum ditindaklanjuti"),
        "{s}"
    );
    // a row for the agency and the total: 1 of 4 in status 1, 3 in status 3
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("│DISDUKCAPIL ") || l.contains("│Jumlah"))
        .collect();
    assert_eq!(rows.len(), 2, "{s}");
    for row in rows {
        assert!(
            row.contains("1 (25,0%)") && row.contains("3 (75,0%)") && row.contains("Rp0"),
            "{row}"
        );
    }
    // the recap follows the filters: open only
    h.keys("f");
    let s = h.screen();
    assert!(s.contains("Rekap per OPD (3 dari 4 rekomendasi)"), "{s}");
    assert!(s.contains("3 (100,0%)"), "{s}");
    // Enter on the agency shows its rows; Esc in the recap goes back to the rows
    h.key(KeyCode::Enter);
    let l = list(&mut h);
    assert!(
        l.contains("OPD (a): DISDUKCAPIL") && l.contains("(3 dari 4)"),
        "{l}"
    );
    h.keys("r");
    assert!(h.screen().contains("Rekap per OPD"));
    h.key(KeyCode::Esc);
    assert!(list(&mut h).contains("Register TLHP (3 dari 4)"));
}

#[test]
fn enter_opens_the_finding_to_record_its_follow_up_and_the_register_follows() {
    let mut h = final_demo(Lang::Id);
    h.keys("L");
    // the SKM finding's second recommendation
    search(&mut h, "survei");
    h.keys("j");
    assert!(detail(&mut h).contains("Rekomendasi 2 (kode 09)"));
    h.key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Temuan"),
        "{}",
        h.tui.current_title()
    );
    // the findings screen lists by severity (SKM last) with the SKM finding selected
    let s = h.screen();
    let at = s.find("Rincian temuan").unwrap_or(0);
    assert!(s[at..].contains(SKM), "the SKM finding's detail: {s}");
    // its follow-up form opens there with t
    h.keys("t");
    assert!(h.screen().contains("Batas waktu bawaan"), "{}", h.screen());
    h.key(KeyCode::Esc);
    // a follow-up recorded meanwhile shows in the register when it is shown again
    let skm = finding(&h, SKM).id.to_string();
    h.tui.with_cx(|cx| {
        cx.app
            .follow_up(&skm, Some(2), "1", Some("Selesai"), None)
            .unwrap();
    });
    h.key(KeyCode::Esc);
    assert_eq!(h.tui.current_title(), "Register tindak lanjut (TLHP)");
    let d = detail(&mut h);
    assert!(
        d.contains("Rekomendasi 2 (kode 09)") && d.contains("Status: 1 — Sesuai"),
        "the same row, read again: {d}"
    );
}

#[test]
fn a_60_by_16_terminal_still_draws_the_register_and_the_recap() {
    let mut h = final_demo(Lang::Id);
    h.resize(60, 16);
    h.keys("L");
    let s = h.screen();
    assert!(s.contains("Register TLHP (4 dari 4)"), "{s}");
    assert!(!s.contains("terlalu kecil"), "{s}");
    h.keys("r");
    let s = h.screen();
    assert!(s.contains("Jumlah"), "{s}");
}

/// The same agency audited again: its walk says what the earlier audit left open, `L` lists it
/// (the agency's open recommendations), and a finding that repeats an earlier one says so.
#[test]
fn the_next_audit_of_the_agency_shows_what_the_earlier_one_left_open() {
    let mut h = final_demo(Lang::Id);
    let maklumat = finding(&h, MAKLUMAT).id.to_string();
    let second = h.tui.with_cx(|cx| {
        let a = cx
            .app
            .new_audit(periksa::app::NewAudit {
                agency: "DISDUKCAPIL".into(),
                checklist: "pelayanan-publik".into(),
                title: "Pemeriksaan Standar Pelayanan Adminduk 2027".into(),
                letter: None,
                period: Some("2027-S2".into()),
            })
            .unwrap();
        let key = a.id.to_string();
        cx.app
            .raise_finding(
                &key,
                periksa::app::NewFinding {
                    title: "Maklumat pelayanan masih versi lama".into(),
                    code: "1.04".into(),
                    kondisi: "Maklumat yang terpasang masih versi 2021.".into(),
                    kriteria: "PermenPANRB 15/2014".into(),
                    sebab: "Belum ada penanggung jawab.".into(),
                    akibat: "Janji layanan tidak berlaku formal.".into(),
                    recommendations: vec![periksa::app::NewRecommendation::text(
                        "Kepala Dinas menetapkan maklumat pelayanan yang baru.",
                    )],
                    severity: "sedang".into(),
                    items: vec!["SP-05".into()],
                    ..Default::default()
                },
            )
            .unwrap();
        key
    });
    assert!(!second.is_empty());
    // home, shown again (it reads the audits anew): find the new audit and walk it
    h.keys("L").key(KeyCode::Esc);
    h.keys("/").keys("Adminduk 2027").key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("⚑ 4 rekomendasi pemeriksaan sebelumnya atas OPD ini masih terbuka"),
        "{s}"
    );
    // L: the agency's open recommendations
    h.keys("L");
    let s = list(&mut h);
    assert_eq!(order(&s).len(), 4, "{s}");
    assert!(s.contains("Status (f): terbuka (2 dan 3)"), "{s}");
    assert!(s.contains("OPD (a): DISDUKCAPIL"), "{s}");
    // one acted on: it leaves the walk's count and the agency's open list
    h.tui.with_cx(|cx| {
        cx.app
            .follow_up(&maklumat, None, "1", Some("Maklumat baru ditetapkan"), None)
            .unwrap()
    });
    // Esc clears the filters first, then goes back to the walk, read anew
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    let s = h.screen();
    assert!(
        s.contains("⚑ 3 rekomendasi pemeriksaan sebelumnya atas OPD ini masih terbuka"),
        "{s}"
    );
    // the findings of the new audit: its finding repeats the earlier one
    h.keys("F");
    let s = h.screen();
    assert!(
        s.contains("↻ Temuan berulang: Maklumat pelayanan belum ditetapkan"),
        "{s}"
    );
}

#[test]
fn a_register_of_many_audits_shows_at_once_and_is_read_between_keys() {
    use periksa::app::scale::{self, Spec};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("many");
    let spec = Spec {
        events: 6_000,
        employees: 100,
        audits: 40,
        items: 40,
        seed: 5,
    };
    scale::run(&store, spec, |_| {}).unwrap();
    let app = periksa::app::App::open(&store).unwrap();
    let today = periksa::app::today();
    let finals = app.tlhp_read(&Default::default(), today).unwrap().total();
    let expected = app.tlhp(&Default::default(), today).unwrap().len();
    // more final audits than the screen reads before its first frame (4)
    assert!(finals > 4, "{finals} final audits");
    let mut h = Harness::with_app(app, dir, Lang::Id);
    // L answers at once: nothing is read before the first frame
    h.keys("L");
    let s = h.screen();
    assert!(s.contains("membaca daftar pemeriksaan…"), "{s}");
    assert!(h.tui.has_work());
    // the shell reads between keys, a millisecond at a time, saying how far it has got
    h.tui.start_work();
    let s = h.screen();
    assert!(
        s.contains(&format!(" dari {finals} pemeriksaan…")),
        "{finals} audits: {s}"
    );
    // a key while reading goes through: the status filter changes at once
    h.keys("f");
    assert!(h.screen().contains("Status (f): terbuka"));
    let mut steps = 0;
    while h.tui.work() {
        steps += 1;
    }
    assert!(steps >= 1, "read in steps");
    let s = h.screen();
    assert!(!s.contains("membaca"), "{s}");
    // every recommendation read, the filter chosen meanwhile applied: f back to all shows them
    for _ in 0..5 {
        h.keys("f");
    }
    let s = h.screen();
    assert!(s.contains("Status (f): semua"), "{s}");
    let n = Strings::load(Lang::Id).count(expected as u64);
    let count = format!("{n} dari {n}");
    assert!(s.contains(&count), "{count} in {s}");
}

//! The findings screen on ratatui's TestBackend over the demo store, driven by key events: the
//! list, sort, filter and search, the edit and follow-up forms, saved views, and a tiny terminal.

#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::domain::model::Finding;
use periksa::tui::i18n::{Lang, Strings};
use periksa::tui::screens::findings::Findings;
use ratatui::crossterm::event::KeyCode;

const KTP: &str = "Waktu penyelesaian KTP-el";
const MAKLUMAT: &str = "Maklumat pelayanan belum";
const SKM: &str = "Hasil Survei Kepuasan";

fn open(h: &mut Harness) {
    let audit = h.tui.app().audits().unwrap()[0].audit.id;
    let s = h.tui.with_cx(|cx| Findings::new(cx.app, audit)).unwrap();
    h.tui.push(Box::new(s));
}

fn demo(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    open(&mut h);
    h
}

/// The list's rows in the order drawn, by a piece of each demo title.
fn order(screen: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> = [KTP, MAKLUMAT, SKM]
        .into_iter()
        .filter_map(|t| screen.find(t).map(|p| (p, t)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

/// The list part of the screen (above the detail pane), where each title appears once.
fn list(h: &mut Harness) -> String {
    let s = h.screen();
    let end = s
        .find("Rincian temuan")
        .or(s.find(" Finding "))
        .unwrap_or(s.len());
    s[..end].to_string()
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

#[test]
fn the_demo_findings_are_listed_with_severity_words_and_the_detail_of_the_first() {
    let mut h = demo(Lang::Id);
    let s = h.screen();
    assert!(s.contains("Temuan (3 dari 3)"), "{s}");
    assert!(s.contains("█ Tinggi"), "{s}");
    assert!(s.contains("▄ Sedang"), "{s}");
    assert!(s.contains("▁ Rendah"), "{s}");
    assert_eq!(order(&list(&mut h)), vec![KTP, MAKLUMAT, SKM], "high first");
    // follow-up code and short label, items, ASN count
    assert!(s.contains("3 belum TL"), "{s}");
    assert!(s.contains("SKM-06, SKM-07"), "{s}");
    // the detail pane: the five elements, tanggapan, the ASN by name from the roster
    for label in [
        "Kondisi:",
        "Kriteria:",
        "Sebab:",
        "Akibat:",
        "Rekomendasi:",
        "Tanggapan auditan:",
    ] {
        assert!(s.contains(label), "{label}: {s}");
    }
    assert!(s.contains("Yanti Anggraeni"), "{s}");
    assert!(s.contains("19710128 200202 2 001"), "{s}");
    assert!(
        s.contains("Tindak lanjut: 3 — Belum ditindaklanjuti"),
        "{s}"
    );
    // the keys of this screen are in the footer
    assert!(s.contains("t tindak lanjut") && s.contains("/ cari"), "{s}");
    // moving down shows the next finding below
    h.keys("j");
    assert!(h.screen().contains("Maklumat pelayanan yang terpasang"));
}

#[test]
fn sort_and_filter_change_the_rows_and_esc_clears_before_leaving() {
    let mut h = demo(Lang::Id);
    h.keys("ss"); // severity → follow-up → newest
    let s = list(&mut h);
    assert!(s.contains("Urut (s): terbaru"), "{s}");
    assert_eq!(order(&s), vec![SKM, KTP, MAKLUMAT], "newest first");
    h.keys("s");
    assert!(list(&mut h).contains("Urut (s): tingkat"));

    h.keys("f");
    let s = list(&mut h);
    assert!(s.contains("Temuan (1 dari 3)"), "{s}");
    assert_eq!(order(&s), vec![KTP]);
    h.keys("ff"); // medium, then low
    assert_eq!(order(&list(&mut h)), vec![SKM]);
    h.keys("f"); // open follow-up: all three are still 3
    let s = list(&mut h);
    assert!(s.contains("tindak lanjut terbuka (2–3)"), "{s}");
    assert_eq!(order(&s).len(), 3);

    // Esc clears the filter first, then leaves
    h.key(KeyCode::Esc);
    let s = h.screen();
    assert!(
        s.contains("Temuan (3 dari 3)") && s.contains("Saringan dihapus"),
        "{s}"
    );
    assert!(h.tui.current_title().starts_with("Temuan"));
    h.key(KeyCode::Esc);
    assert_eq!(h.tui.current_title(), "Pemeriksaan");
}

#[test]
fn search_narrows_by_title_item_code_nip_and_name() {
    let mut h = demo(Lang::Id);
    for (query, want) in [
        ("ktp-el", vec![KTP]),
        ("SKM-07", vec![SKM]),
        ("19710128", vec![KTP]),
        ("yanti", vec![KTP]),
        ("pelayanan", vec![KTP, MAKLUMAT]),
    ] {
        h.keys("/").keys(query).key(KeyCode::Enter);
        let s = list(&mut h);
        assert_eq!(order(&s), want, "{query}: {s}");
        assert!(s.contains(&format!("[/ {query}]")), "{s}");
        h.ctrl('l');
    }
    // a typo with a letter left out still finds it
    h.keys("/").keys("maklmat").key(KeyCode::Enter);
    assert_eq!(order(&list(&mut h)), vec![MAKLUMAT]);
    // nothing at all
    h.ctrl('l').keys("/").keys("zzzqqq").key(KeyCode::Enter);
    assert!(h.screen().contains("Tidak ada temuan yang cocok"));
}

#[test]
fn edit_a_finding_in_the_prefilled_form_and_see_it_saved() {
    let mut h = demo(Lang::Id);
    let before = finding(&h, KTP);
    h.keys("e");
    let s = h.screen();
    assert!(s.contains("Ubah temuan"), "{s}");
    assert!(
        s.contains("Kepala Bidang Pelayanan Pendaftaran"),
        "prefilled: {s}"
    );
    assert!(s.contains("SP-06"), "items prefilled: {s}");
    assert!(s.contains("Yanti Anggraeni"), "ASN prefilled: {s}");
    // title, kondisi, kriteria, sebab: the fourth field
    h.keys("jjj").key(KeyCode::Enter);
    assert!(h.screen().contains("Sebab"));
    // the editor opens with the cursor at the end of the text: typing goes on after it
    h.keys(" Diperbarui.");
    h.ctrl('s'); // the editor
    h.ctrl('s'); // the form
    let after = finding(&h, KTP);
    assert!(
        after.content.sebab.starts_with("Kepala Bidang")
            && after.content.sebab.ends_with("keterlambatan. Diperbarui."),
        "{}",
        after.content.sebab
    );
    assert_eq!(after.id, before.id);
    assert_eq!(after.content.kondisi, before.content.kondisi);
    let stored = h.tui.app().store().finding(&before.id).unwrap().unwrap();
    assert_eq!(stored.content.sebab, after.content.sebab);
    let s = h.screen();
    assert!(s.contains("Temuan diperbarui"), "{s}");
    assert!(s.contains("Diperbarui."), "the detail pane reloaded: {s}");
    // saving without a change writes nothing and says so
    h.keys("e").ctrl('s');
    assert!(h.screen().contains("Tidak ada perubahan"));
}

#[test]
fn a_new_finding_from_the_list() {
    let mut h = demo(Lang::Id);
    h.keys("n");
    assert!(h.screen().contains("Temuan baru"));
    h.key(KeyCode::Enter)
        .keys("Loket prioritas tidak tersedia")
        .key(KeyCode::Enter);
    for text in [
        "Tidak ada loket khusus lansia.",
        "PermenPANRB 15/2014.",
        "Belum dianggarkan.",
        "Lansia antre lama.",
        "Menyediakan loket prioritas.",
    ] {
        h.key(KeyCode::Enter).keys(text).ctrl('s');
    }
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("Temuan (4 dari 4)"), "{s}");
    assert!(s.contains("Loket prioritas tidak tersedia"), "{s}");
}

#[test]
fn record_follow_up_status_2_with_a_note_and_a_due_date() {
    let mut h = demo(Lang::Id);
    h.keys("t");
    let s = h.screen();
    assert!(s.contains("Tindak lanjut — Waktu penyelesaian"), "{s}");
    assert!(
        s.contains("3 — Belum ditindaklanjuti"),
        "current status: {s}"
    );
    assert!(
        s.contains("ditetapkan saat pemeriksaan final: tanggal final + 60 hari"),
        "the default due date is explained: {s}"
    );
    // status: the second of the four codes
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("4 — Tidak dapat ditindaklanjuti"));
    h.key(KeyCode::Down).key(KeyCode::Enter);
    // note
    h.key(KeyCode::Enter)
        .keys("Tambahan blangko sudah diajukan, prosedur pemberitahuan belum ada.")
        .ctrl('s');
    // due date: a wrong one is refused in its own input, with the text kept for mending
    h.key(KeyCode::Enter).keys("31/02/2027").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("tidak dikenali"), "refused in the input: {s}");
    assert!(s.contains("› 31/02/2027"), "the text is kept: {s}");
    assert_eq!(finding(&h, KTP).status().number(), 3, "not saved");
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2027-01-31").key(KeyCode::Enter);
    assert!(h.screen().contains("31 Jan 2027"), "{}", h.screen());
    h.ctrl('s');
    let f = finding(&h, KTP);
    assert_eq!(f.status().number(), 2);
    assert!(f
        .history(1)
        .latest()
        .unwrap()
        .reason
        .starts_with("Tambahan blangko"));
    assert_eq!(f.history(1).due.unwrap().to_string(), "2027-01-31");
    let s = h.screen();
    assert!(s.contains("Tindak lanjut dicatat: 2 — Belum sesuai"), "{s}");
    assert!(s.contains("2 belum sesuai"), "{s}");
    assert!(s.contains("31 Jan 2027"), "due date column: {s}");
    // follow-up sort puts the open 3s before the 2
    h.keys("s");
    assert_eq!(order(&list(&mut h)), vec![MAKLUMAT, SKM, KTP]);
}

#[test]
fn save_a_view_clear_it_and_recall_it_by_number() {
    let mut h = demo(Lang::Id);
    assert!(h.screen().contains("belum ada"), "no views yet");
    // nothing to save in the default view
    h.ctrl('s');
    assert!(h.screen().contains("Belum ada yang perlu disimpan"));
    h.keys("f"); // high only
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("Tampilan disimpan di nomor 1"), "{s}");
    assert!(s.contains("[tampilan 1]"), "active view in the title: {s}");
    assert_eq!(
        h.tui.app().saved_views("findings"),
        vec!["severity|high|".to_string()]
    );
    h.key(KeyCode::Esc);
    let s = list(&mut h);
    assert!(
        s.contains("Temuan (3 dari 3)") && !s.contains("[tampilan 1]"),
        "{s}"
    );
    // a second view goes into the next free slot
    h.keys("ss/").keys("skm").key(KeyCode::Enter).ctrl('s');
    assert!(h.screen().contains("Tampilan disimpan di nomor 2"));
    h.key(KeyCode::Esc);
    // recall 1
    h.keys("1");
    let s = list(&mut h);
    assert!(s.contains("Temuan (1 dari 3)"), "{s}");
    assert!(s.contains("[tampilan 1]"), "{s}");
    assert_eq!(order(&s), vec![KTP]);
    // recall 2: sort, filter and search come back together
    h.keys("2");
    let s = list(&mut h);
    assert!(
        s.contains("Urut (s): terbaru") && s.contains("[/ skm]"),
        "{s}"
    );
    assert_eq!(order(&s), vec![SKM]);
    // changing a recalled view and saving overwrites its slot
    h.keys("f").ctrl('s');
    assert!(h.screen().contains("Tampilan disimpan di nomor 2"));
    assert_eq!(
        h.tui.app().saved_views("findings"),
        vec!["severity|high|", "newest|high|skm"]
    );
    assert!(list(&mut h).contains("Temuan (0 dari 3)"));
    // an empty slot says how to fill it
    h.keys("7");
    assert!(h.screen().contains("Tampilan 7 belum disimpan"));
    // the views outlive the screen: a new one sees them
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    open(&mut h);
    h.keys("2");
    assert!(list(&mut h).contains("Urut (s): terbaru"));
}

#[test]
fn a_final_audit_refuses_edits_but_takes_follow_up_with_the_default_due_date() {
    let mut h = Harness::demo(Lang::Id);
    h.tui.with_cx(|cx| fill::finalise(cx.app));
    open(&mut h);
    let s = h.screen();
    assert!(s.contains("isi temuan terkunci"), "{s}");
    // the due date column shows the default: final date + 60 days
    let audit = h.tui.app().audits().unwrap()[0].audit.clone();
    let due = audit.finalised_at.unwrap().date_naive() + chrono::Days::new(60);
    let due = Strings::load(Lang::Id).date_short(due);
    assert!(
        s.contains(&format!("3 belum TL        {due}")),
        "{due}: {s}"
    );
    h.keys("e");
    assert!(h.screen().contains("buka kembali dengan alasan lebih dulu"));
    assert!(
        h.tui.current_title().starts_with("Temuan"),
        "no form opened"
    );
    h.keys("n");
    assert!(h.tui.current_title().starts_with("Temuan"));
    h.keys("t");
    let s = h.screen();
    assert!(s.contains("Batas waktu bawaan:"), "{s}");
    assert!(s.contains("tanggal final + 60 hari"), "{s}");
    h.key(KeyCode::Enter).key(KeyCode::Enter).ctrl('s'); // status 1 — sesuai
    assert_eq!(finding(&h, KTP).status().number(), 1);
    assert!(h.screen().contains("1 sesuai"));
}

#[test]
fn english_labels() {
    let mut h = demo(Lang::En);
    let s = h.screen();
    assert!(s.contains("Findings (3 of 3)"), "{s}");
    assert!(s.contains("█ High") && s.contains("▁ Low"), "{s}");
    assert!(s.contains("3 not followed up"), "{s}");
}

#[test]
fn a_60_by_16_terminal_still_draws_the_list_and_the_forms() {
    let mut h = demo(Lang::Id);
    h.resize(60, 16);
    let s = h.screen();
    assert!(s.contains("Temuan (3 dari 3)"), "{s}");
    assert!(s.contains("█ Tinggi"), "{s}");
    assert!(s.contains("Rincian temuan"), "{s}");
    for keys in ["e", "t", "n"] {
        h.keys(keys);
        let s = h.screen();
        assert!(!s.contains("terlalu kecil"), "{s}");
        h.key(KeyCode::Esc);
    }
    h.resize(40, 10);
    assert!(h.screen().contains("terlalu kecil"));
}

/// Change the KTP finding through the application (not the form), as `edit` says.
fn edit_ktp(h: &mut Harness, edit: impl FnOnce(&mut periksa::app::NewFinding)) {
    let f = finding(h, KTP);
    let mut new = periksa::app::NewFinding::from(&f);
    edit(&mut new);
    let id = f.id.to_string();
    h.tui.with_cx(|cx| cx.app.update_finding(&id, new)).unwrap();
}

/// Page the detail pane down with PageDown to its end, and return every frame drawn on the way.
fn page_to_the_end(h: &mut Harness) -> String {
    let mut seen = h.screen();
    for _ in 0..80 {
        if !h.screen().contains("▼ lagi") {
            break;
        }
        h.key(KeyCode::PageDown);
        seen.push_str(&h.screen());
    }
    let s = h.screen();
    assert!(!s.contains("▼ lagi"), "the pane reaches its end: {s}");
    seen
}

#[test]
fn the_detail_pane_scrolls_with_page_keys_to_the_end_of_long_elements() {
    for (w, hgt) in [(60, 16), (120, 36)] {
        let mut h = Harness::demo(Lang::Id);
        h.resize(w, hgt);
        edit_ktp(&mut h, |f| {
            f.sebab = (1..=60)
                .map(|i| format!("Kalimat sebab nomor-{i:02} panjang."))
                .collect::<Vec<_>>()
                .join(" ");
            f.tanggapan = "Auditan menyetujui temuan ini tanpa-catatan.".into();
        });
        open(&mut h);
        let s = h.screen();
        assert!(s.contains("▼ lagi (PgDn)"), "{w}x{hgt}: more below: {s}");
        let seen = page_to_the_end(&mut h);
        for i in 1..=60 {
            assert!(
                seen.contains(&format!("nomor-{i:02}")),
                "{w}x{hgt}: sentence {i} never shown"
            );
        }
        assert!(
            seen.contains("tanpa-catatan."),
            "{w}x{hgt}: the last element"
        );
        let s = h.screen();
        assert!(s.contains("▲ lagi (PgUp)"), "{s}");
        assert!(
            list(&mut h).contains("Temuan (3 dari 3)"),
            "the list did not move"
        );
        // the next finding starts at its top; so does coming back
        h.keys("j");
        assert!(!h.screen().contains("▲ lagi"), "{}", h.screen());
        h.keys("k");
        let s = h.screen();
        assert!(!s.contains("▲ lagi"), "{s}");
        assert!(s.contains("Waktu penyelesaian KTP-el"), "{s}");
    }
}

#[test]
fn each_line_of_a_finding_element_keeps_its_own_line_in_the_detail() {
    let mut h = Harness::demo(Lang::Id);
    let text = |name: &str| format!("Pertama {name}.\nKedua {name}.\n\nKetiga {name}.");
    edit_ktp(&mut h, |f| {
        f.kondisi = text("kondisi");
        f.kriteria = text("kriteria");
        f.sebab = text("sebab");
        f.akibat = text("akibat");
        f.recommendations[0].text = text("rekomendasi");
        f.tanggapan = text("tanggapan");
    });
    let id = finding(&h, KTP).id.to_string();
    h.tui
        .with_cx(|cx| {
            cx.app
                .follow_up(&id, None, "2", Some(&text("catatan")), None)
        })
        .unwrap();
    open(&mut h);
    let seen = page_to_the_end(&mut h);
    // a row of the pane that starts with `start`
    let row = |start: &str| {
        seen.lines()
            .any(|l| l.trim_start_matches('│').starts_with(start))
    };
    for (label, name) in [
        ("Kondisi", "kondisi"),
        ("Kriteria", "kriteria"),
        ("Sebab", "sebab"),
        ("Akibat", "akibat"),
        ("Rekomendasi", "rekomendasi"),
        ("Tanggapan auditan", "tanggapan"),
        ("Catatan tindak lanjut", "catatan"),
    ] {
        assert!(row(&format!("{label}: Pertama {name}.")), "{label}: {seen}");
        assert!(
            !seen
                .lines()
                .any(|l| l.contains(&format!("Pertama {name}.")) && l.contains("Kedua")),
            "{label}: not joined: {seen}"
        );
        assert!(row(&format!("Kedua {name}.")), "{label}: {seen}");
        assert!(row(&format!("Ketiga {name}.")), "{label}: {seen}");
    }
}

/// Clear a one-line input opened on a field (its text is at most `n` characters).
fn clear_input(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.key(KeyCode::Backspace);
    }
}

#[test]
fn report_a_follow_up_entry_then_reject_and_accept_verifications() {
    let mut h = demo(Lang::Id);
    // the KTP finding (first, one recommendation): no rec choice
    h.keys("l");
    let s = h.screen();
    assert!(
        s.contains("Laporan tindak lanjut — Waktu penyelesaian"),
        "{s}"
    );
    assert!(s.contains("Tanggal tindak lanjut"), "{s}");
    assert!(
        !s.contains("Rekomendasi *"),
        "one recommendation, no choice: {s}"
    );
    // the date: one that does not read is refused in its input, with the text kept
    h.key(KeyCode::Enter);
    clear_input(&mut h, 12);
    h.keys("31/02/2027").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("tidak dikenali"), "refused in the input: {s}");
    assert!(s.contains("› 31/02/2027"), "the text is kept: {s}");
    clear_input(&mut h, 10);
    h.keys("5 Januari 2027").key(KeyCode::Enter);
    assert!(h.screen().contains("5 Januari 2027"), "{}", h.screen());
    // what the auditee did, evidence
    h.key(KeyCode::Enter)
        .keys("Blangko KTP-el tambahan diajukan ke Dukcapil provinsi")
        .ctrl('s');
    h.key(KeyCode::Enter)
        .keys("Surat 470/12/2027; foto antrean")
        .key(KeyCode::Enter);
    // the amount: refused in its input when it does not read
    h.key(KeyCode::Enter).keys("sejuta").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("bukan jumlah rupiah"), "{s}");
    assert!(s.contains("› sejuta"), "the text is kept: {s}");
    clear_input(&mut h, 6);
    h.keys("Rp750.000").key(KeyCode::Enter);
    h.ctrl('s');
    let s = h.screen();
    assert!(
        s.contains("Tindak lanjut nomor 1 atas rekomendasi 1 dicatat; status rekomendasi: 2 — Belum sesuai"),
        "{s}"
    );
    assert!(
        h.tui.current_title().starts_with("Temuan"),
        "the form closed"
    );
    assert!(
        s.contains("Blangko KTP-el tambahan diajukan") && s.contains("belum diverifikasi"),
        "the entry in the detail: {s}"
    );
    let f = finding(&h, KTP);
    let entries = f.history(1).entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].date.to_string(), "2027-01-05");
    assert_eq!(
        entries[0].evidence,
        vec!["Surat 470/12/2027", "foto antrean"]
    );
    assert_eq!(
        entries[0].returned,
        Some(periksa::domain::money::Rupiah::parse("750.000").unwrap())
    );
    assert_eq!(f.status().number(), 2);

    // reject it without a reason: verify_followup says why, the form stays open
    h.keys("v");
    let s = h.screen();
    assert!(
        s.contains("Verifikasi tindak lanjut — Waktu penyelesaian"),
        "{s}"
    );
    assert!(s.contains("Rek. 1 · no. 1 ·"), "{s}");
    assert!(s.contains("Blangko KTP-el"), "{s}");
    h.keys("j").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("(diterima)") && s.contains("(ditolak)"), "{s}");
    h.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("memerlukan alasan"), "{s}");
    assert!(
        h.tui.current_title().starts_with("Verifikasi"),
        "still open"
    );
    assert!(
        s.contains("2 — Belum sesuai rekomendasi (ditolak)"),
        "kept: {s}"
    );
    // with a reason it is recorded
    h.key(KeyCode::Enter)
        .keys("Surat belum ditandatangani kepala dinas")
        .ctrl('s');
    h.ctrl('s');
    let s = h.screen();
    assert!(
        s.contains("Verifikasi dicatat: rekomendasi 1, tindak lanjut nomor 1"),
        "{s}"
    );
    assert!(s.contains("ditolak (2)"), "{s}");
    let f = finding(&h, KTP);
    let history = f.history(1);
    let v = history.verification_of(history.entries[0].id).unwrap();
    assert_eq!(v.status.number(), 2);
    assert!(v.reason.starts_with("Surat belum"));
    assert_eq!(f.status().number(), 2);
    // nothing left to verify
    h.keys("v");
    let s = h.screen();
    assert!(
        s.contains("Tidak ada tindak lanjut temuan ini yang menunggu"),
        "{s}"
    );
    assert!(h.tui.current_title().starts_with("Temuan"));

    // a second entry, accepted with 1
    h.keys("l").key(KeyCode::Enter);
    clear_input(&mut h, 12);
    h.keys("10/01/2027").key(KeyCode::Enter);
    h.key(KeyCode::Enter)
        .keys("Blangko diterima, antrean selesai dalam 14 hari")
        .ctrl('s');
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("Tindak lanjut nomor 2 atas rekomendasi 1"),
        "{}",
        h.screen()
    );
    h.keys("v");
    let s = h.screen();
    assert!(
        s.contains("Rek. 1 · no. 2 ·"),
        "only the unverified one: {s}"
    );
    assert!(!s.contains("no. 1 ·"), "{s}");
    h.ctrl('s'); // verdict 1 by default
    let f = finding(&h, KTP);
    assert_eq!(f.status().number(), 1);
    assert_eq!(f.history(1).entries.len(), 2);
    let s = h.screen();
    assert!(s.contains("diterima (1)"), "{s}");
    assert!(s.contains("1 sesuai"), "{s}");
}

#[test]
fn several_recommendations_are_chosen_and_nothing_unverified_is_said() {
    let mut h = demo(Lang::Id);
    // SKM: the third in the list, two recommendations
    h.keys("jj");
    assert!(h.screen().contains("Hasil Survei Kepuasan"));
    h.keys("v");
    let s = h.screen();
    assert!(
        s.contains("Tidak ada tindak lanjut temuan ini yang menunggu verifikasi; l mencatat"),
        "{s}"
    );
    assert!(h.tui.current_title().starts_with("Temuan"), "no form");
    h.keys("l");
    let s = h.screen();
    assert!(s.contains("Laporan tindak lanjut — Hasil Survei"), "{s}");
    assert!(
        s.contains("Rekomendasi *"),
        "the recommendation choice: {s}"
    );
    assert!(s.contains("1 — "), "{s}");
    // the second recommendation
    h.key(KeyCode::Enter).key(KeyCode::Down).key(KeyCode::Enter);
    h.keys("j"); // keep today's date
    h.key(KeyCode::Enter)
        .keys("Survei ulang dijadwalkan")
        .ctrl('s');
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("atas rekomendasi 2 dicatat"), "{s}");
    let f = finding(&h, SKM);
    assert_eq!(f.history(2).entries.len(), 1);
    assert!(f.history(1).entries.is_empty());
    // the entry is listed with its recommendation
    h.keys("v");
    assert!(h.screen().contains("Rek. 2 · no. 1 ·"), "{}", h.screen());
}

#[test]
fn follow_up_entries_on_a_final_audit_and_a_withdrawn_finding_refused() {
    let mut h = Harness::demo(Lang::Id);
    h.tui.with_cx(|cx| fill::finalise(cx.app));
    open(&mut h);
    h.keys("l");
    h.keys("j")
        .key(KeyCode::Enter)
        .keys("Sudah diperbaiki")
        .ctrl('s');
    h.ctrl('s');
    assert!(
        h.screen().contains("Tindak lanjut nomor 1"),
        "{}",
        h.screen()
    );
    h.keys("v").ctrl('s');
    assert_eq!(finding(&h, KTP).status().number(), 1);
    assert!(h.screen().contains("1 sesuai"));
    // withdrawn meanwhile (e.g. on another laptop, before the audit is final): the save is
    // refused, the form and its typing kept
    let mut h = demo(Lang::Id);
    h.keys("l");
    h.keys("j")
        .key(KeyCode::Enter)
        .keys("Tambahan lagi")
        .ctrl('s');
    let id = finding(&h, KTP).id.to_string();
    h.tui
        .with_cx(|cx| cx.app.withdraw_finding(&id, "salah catat"))
        .unwrap();
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("sudah ditarik"), "{s}");
    assert!(s.contains("Tambahan lagi"), "{s}");
    assert!(h.tui.current_title().starts_with("Laporan tindak lanjut"));
}

#[test]
fn english_labels_of_the_follow_up_forms() {
    let mut h = demo(Lang::En);
    let s = h.screen();
    assert!(
        s.contains("l report follow-up") && s.contains("v verify"),
        "{s}"
    );
    h.keys("v");
    assert!(
        h.screen()
            .contains("No follow-up entry of this finding awaits verification"),
        "{}",
        h.screen()
    );
    h.keys("l");
    let s = h.screen();
    for label in [
        "Follow-up report — ",
        "Date of the follow-up",
        "What the auditee did",
        "Evidence (separated by ;)",
        "Money returned or deposited",
    ] {
        assert!(s.contains(label), "{label}: {s}");
    }
    h.keys("j").key(KeyCode::Enter).keys("Done").ctrl('s');
    h.ctrl('s');
    assert!(
        h.screen()
            .contains("Follow-up entry 1 of recommendation 1 recorded"),
        "{}",
        h.screen()
    );
    h.keys("v");
    let s = h.screen();
    assert!(
        s.contains("Verify a follow-up — ") && s.contains("Rec. 1 · no. 1 ·"),
        "{s}"
    );
    h.keys("j").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("(accepted)") && s.contains("(rejected)"), "{s}");
}

#[test]
fn a_recommendations_official_and_value_are_edited_in_their_own_form() {
    let mut h = Harness::demo(Lang::Id);
    open(&mut h);
    // the KTP finding (selected first: high severity) has one recommendation: r opens its form
    h.keys("r");
    let s = h.screen();
    assert!(
        s.contains("Rekomendasi 1 — Waktu penyelesaian KTP-el"),
        "{s}"
    );
    assert!(s.contains("Kode rekomendasi"), "{s}");
    assert!(
        s.contains("09 — Perubahan atau perbaikan prosedur"),
        "the code and its text: {s}"
    );
    // the official's position, then a value that does not read (refused in its field), then one
    h.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Enter);
    h.keys("Kepala Bidang").key(KeyCode::Enter);
    h.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Enter);
    h.keys("dua juta").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("bukan jumlah rupiah"), "{s}");
    h.ctrl('u').keys("Rp2.500.000").key(KeyCode::Enter);
    h.ctrl('s');
    let f = finding(&h, KTP);
    let r = &f.content.recommendations[0];
    assert_eq!(r.official.position, "Kepala Bidang");
    assert_eq!(
        r.value,
        Some(periksa::domain::money::Rupiah::from_rupiah(2_500_000))
    );
    assert_eq!(r.code, "09", "the code kept");
    let s = h.screen();
    assert!(s.contains("Rekomendasi 1 disimpan"), "{s}");
    assert!(s.contains("nilai Rp2.500.000"), "the detail shows it: {s}");
}

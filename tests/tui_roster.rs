//! The ASN roster screens on ratatui's TestBackend over the demo store: search typed directly, the
//! employee page, the rating form with the live predikat, and the distribution view.

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::domain::followup::{Berakhlak, FollowUpAction};
use periksa::domain::rating::Predikat;
use periksa::tui::i18n::Lang;
use periksa::tui::screens::roster::Roster;
use ratatui::crossterm::event::KeyCode;

const YANTI: &str = "197101282002022001";

fn roster(lang: Lang) -> Harness {
    let mut h = Harness::demo(lang);
    let s = h.tui.with_cx(|cx| Roster::new(cx.app)).unwrap();
    h.tui.push(Box::new(s));
    h
}

/// The first row of the list (under the column header).
fn first_row(screen: &str) -> String {
    let mut lines = screen.lines().skip_while(|l| !l.contains("NIP"));
    lines.next();
    lines.next().unwrap_or_default().to_string()
}

/// The "n dari total" count on the search line.
fn count(screen: &str) -> usize {
    let line = screen
        .lines()
        .find(|l| l.contains(" dari 343 ASN"))
        .unwrap_or_else(|| panic!("no count line: {screen}"));
    let before = line.split(" dari 343 ASN").next().unwrap_or("");
    before
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("count in {line:?}"))
}

#[test]
fn typing_narrows_the_roster_by_name_and_nip_and_esc_clears_then_leaves() {
    let mut h = roster(Lang::Id);
    let s = h.screen();
    assert_eq!(count(&s), 343, "{s}");
    assert!(s.contains("Daftar ASN") && s.contains("Jabatan"), "{s}");

    // a name fragment: letters go straight to the search (q is a letter here, not quit)
    h.keys("anggraeni");
    let s = h.screen();
    let n = count(&s);
    assert!((2..343).contains(&n), "{n}: {s}");
    assert!(
        s.contains("Yanti Anggraeni") && s.contains("Dian Anggraeni"),
        "{s}"
    );
    assert!(!s.contains("Fajar Hermawan"), "{s}");
    h.keys(" yanti");
    let s = h.screen();
    assert!(count(&s) < n, "{s}");
    // the best match first: name, grouped NIP, position, unit, agency, status
    let row = first_row(&s);
    for part in [
        "Yanti Anggraeni",
        "19710128 200202 2 001",
        "DISDUKCAPIL",
        "PNS",
    ] {
        assert!(row.contains(part), "{part}: {row}");
    }

    // Esc clears the search first
    h.key(KeyCode::Esc);
    assert_eq!(count(&h.screen()), 343);

    // a NIP fragment, grouped as printed or plain
    h.keys("19710128 2002");
    let s = h.screen();
    assert_eq!(count(&s), 1, "{s}");
    assert!(s.contains("Yanti Anggraeni"), "{s}");
    h.ctrl('u');
    h.keys("2021");
    let s = h.screen();
    let n = count(&s);
    assert!(n > 1 && n < 343, "{n}: {s}");
    h.key(KeyCode::Esc);

    // q goes into the search and does not quit; the footer does not offer it
    h.keys("q");
    assert!(!h.tui.should_quit());
    let s = h.screen();
    assert!(s.contains("Cari › q"), "{s}");
    assert!(!s.contains("q keluar"), "{s}");
    h.key(KeyCode::Backspace);
    assert_eq!(count(&h.screen()), 343);

    // arrows move; Esc on an empty search leaves the roster
    h.key(KeyCode::Down).ctrl('n').ctrl('p');
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Pemeriksaan (1)"));
}

#[test]
fn the_employee_page_lists_her_finding_and_rating() {
    let mut h = roster(Lang::Id);
    h.keys(YANTI).key(KeyCode::Enter);
    let s = h.screen();
    assert!(h.tui.current_title().contains("Yanti Anggraeni"), "{s}");
    assert!(
        s.contains("Kepala Bidang Pelayanan Pendaftaran Penduduk"),
        "{s}"
    );
    assert!(s.contains("Pembina Tingkat I (IV/b)"), "{s}");
    assert!(
        s.contains("DISDUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil"),
        "{s}"
    );
    // the finding: title, severity (glyph and word), audit, follow-up
    assert!(s.contains("Temuan yang melibatkan ASN ini (1)"), "{s}");
    assert!(s.contains("Waktu penyelesaian KTP-el"), "{s}");
    assert!(s.contains("█ Tinggi"), "{s}");
    assert!(s.contains("Pemeriksaan Kepatuhan Standar Pelayanan"), "{s}");
    assert!(s.contains("3 Belum ditindaklanjuti"), "{s}");
    // the rating: period, hasil × perilaku → predikat, justification, action
    assert!(s.contains("Rekomendasi predikat kinerja (1)"), "{s}");
    assert!(s.contains("Semester II 2026"), "{s}");
    assert!(
        s.contains("Sesuai Ekspektasi × Di Bawah Ekspektasi → Kurang/Misconduct"),
        "{s}"
    );
    assert!(s.contains("pemantauan persediaan blangko"), "{s}");
    assert!(s.contains("Rekomendasi tindak lanjut: Pembinaan"), "{s}");
    // Esc goes back to the list with the search kept
    h.key(KeyCode::Esc);
    assert_eq!(count(&h.screen()), 1);
}

/// Choose option `index` (0-based) of the choice field under the cursor.
fn choose(h: &mut Harness, index: usize) {
    h.key(KeyCode::Enter);
    for _ in 0..index {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
}

fn preview(h: &mut Harness) -> String {
    let s = h.screen();
    s.lines()
        .find(|l| l.contains("Predikat:"))
        .unwrap_or_else(|| panic!("no predikat in the preview: {s}"))
        .to_string()
}

#[test]
fn the_rating_form_derives_the_predikat_live_and_saving_adds_a_rating() {
    let mut h = roster(Lang::Id);
    h.keys("yanti anggraeni").ctrl('r');
    let s = h.screen();
    assert!(s.contains("Rekomendasi predikat — Yanti Anggraeni"), "{s}");
    // the audit is pre-picked (the open audit of her agency), the period from the audit
    assert!(s.contains("Pemeriksaan Kepatuhan Standar Pelayanan"), "{s}");
    assert!(s.contains("2026-S2"), "{s}");
    assert!(
        s.contains("Periode (2026, 2026-S2, 2026-Q3, 2026-07)"),
        "{s}"
    );
    assert!(s.contains("BerAKHLAK: Akuntabel"), "{s}");
    assert!(s.contains("Pilih hasil kerja dan perilaku kerja"), "{s}");
    let p = preview(&mut h);
    assert!(p.contains("—"), "nothing chosen yet: {p}");

    // hasil: Di Atas; perilaku not yet: still no predikat
    h.key(KeyCode::Tab);
    choose(&mut h, 0);
    assert!(preview(&mut h).contains("—"));
    // perilaku: Di Atas → Sangat Baik
    choose(&mut h, 0);
    let s = h.screen();
    assert!(preview(&mut h).contains("Sangat Baik"), "{s}");
    assert!(
        s.contains("hasil Di Atas Ekspektasi × perilaku Di Atas Ekspektasi"),
        "{s}"
    );
    assert!(
        s.contains("matriks PermenPANRB 6/2022, tidak diketik"),
        "{s}"
    );
    // perilaku: Sesuai → Baik
    h.key(KeyCode::Up);
    choose(&mut h, 1);
    let p = preview(&mut h);
    assert!(p.contains("Baik") && !p.contains("Sangat"), "{p}");
    // perilaku: Di Bawah → Kurang/Misconduct
    h.key(KeyCode::Up);
    choose(&mut h, 2);
    assert!(preview(&mut h).contains("Kurang/Misconduct"));
    // hasil: Di Bawah (perilaku Di Bawah) → Sangat Kurang
    h.key(KeyCode::Up).key(KeyCode::Up);
    choose(&mut h, 2);
    assert!(preview(&mut h).contains("Sangat Kurang"));
    // perilaku: Sesuai with hasil Di Bawah → Butuh Perbaikan
    choose(&mut h, 1);
    assert!(preview(&mut h).contains("Butuh Perbaikan"));
    // and back to Di Bawah × Di Bawah
    h.key(KeyCode::Up);
    choose(&mut h, 2);
    assert!(preview(&mut h).contains("Sangat Kurang"));

    // saving without a justification says what is missing and goes to that field
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("wajib diisi"), "{s}");
    assert!(
        s.lines().any(|l| l.contains("› Justifikasi")),
        "the cursor is on the missing field: {s}"
    );
    // back up to the period (past the seven BerAKHLAK values), where choosing left it
    for _ in 0..8 {
        h.key(KeyCode::Up);
    }

    // period (kept) → Berorientasi Pelayanan → Akuntabel: a note
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    h.key(KeyCode::Enter)
        .keys("Tidak memantau persediaan blangko.")
        .key(KeyCode::Enter);
    // to the justification (past the other five values)
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter)
        .keys("Pemohon dirugikan berulang kali.")
        .ctrl('s');
    // linked findings: mark her one finding
    h.key(KeyCode::Enter).key(KeyCode::Tab).key(KeyCode::Enter);
    // follow-up: a PP 94/2021 penalty, labelled with its level
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("Sedang — pemotongan tunjangan kinerja 25% selama 6 bulan"),
        "{s}"
    );
    assert!(s.contains("Ringan — teguran lisan"), "{s}");
    h.keys("selama 6 bulan").key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("Sedang — pemotongan tunjangan kinerja 25% selama 6 bulan"),
        "{s}"
    );
    // she already has a recommendation for 2026-S2 in this audit: the form shows both and asks
    let before = h.tui.app().store().ratings_of_nip(YANTI).unwrap();
    assert_eq!(before.len(), 1);
    h.ctrl('s');
    let s = h.screen();
    assert!(
        s.contains("sudah punya rekomendasi untuk periode 2026-S2"),
        "{s}"
    );
    assert!(
        s.contains("Kurang/Misconduct") && s.contains("Ganti dengan"),
        "the current one and the new one: {s}"
    );
    // ⏎ is the safe choice: nothing is replaced and the form keeps what was typed
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Rekomendasi predikat — Yanti Anggraeni"), "{s}");
    assert_eq!(
        h.tui.app().store().ratings_of_nip(YANTI).unwrap(),
        before,
        "⏎ replaced the recommendation"
    );
    h.ctrl('s').keys("y");
    let s = h.screen();
    assert!(
        s.contains("Rekomendasi predikat disimpan: Sangat Kurang"),
        "{s}"
    );

    // one current recommendation: the first, changed (an edit in the trail)
    let ratings = h.tui.app().store().ratings_of_nip(YANTI).unwrap();
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0].id, before[0].id);
    let r = ratings
        .iter()
        .find(|r| r.predikat == Predikat::SangatKurang)
        .unwrap();
    assert_eq!(r.content.period.to_string(), "2026-S2");
    assert_eq!(r.content.justification, "Pemohon dirugikan berulang kali.");
    assert_eq!(
        r.content.berakhlak,
        vec![(
            Berakhlak::Akuntabel,
            "Tidak memantau persediaan blangko.".to_string()
        )]
    );
    assert_eq!(r.content.findings.len(), 1);
    assert_eq!(
        r.content.action,
        FollowUpAction::parse("disiplin:potongan-tukin-6").unwrap()
    );

    // the employee page shows the current one
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Rekomendasi predikat kinerja (1)"), "{s}");
    assert!(
        s.contains("Di Bawah Ekspektasi × Di Bawah Ekspektasi → Sangat Kurang"),
        "{s}"
    );
    assert!(s.contains("Akuntabel: Tidak memantau"), "{s}");
}

#[test]
fn the_distribution_view_flags_violations_per_organisation_predikat() {
    let mut h = roster(Lang::Id);
    h.keys("yanti anggraeni").ctrl('d');
    let s = h.screen();
    assert!(h.tui.current_title().contains("DISDUKCAPIL"), "{s}");
    assert!(s.contains("Semester II 2026 (1 dari 1)"), "{s}");
    assert!(s.contains("2 dari"), "rated of the agency's ASN: {s}");
    // 1 Baik + 1 Kurang/Misconduct: fits Istimewa and Baik, breaks the other three
    assert!(s.contains("✓ Istimewa"), "{s}");
    assert!(s.contains("✓ Baik"), "{s}");
    assert!(s.contains("✗ Butuh Perbaikan/Cukup"), "{s}");
    assert!(
        s.contains("Distribusi ini memenuhi pola predikat organisasi Istimewa"),
        "{s}"
    );
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    let s = h.screen();
    assert!(
        s.contains("Pelanggaran pola predikat organisasi Butuh Perbaikan/Cukup"),
        "{s}"
    );
    assert!(
        s.contains("✗ paling sedikit 60% harus Butuh Perbaikan; ditemukan 0 dari 2 (0,0%)"),
        "{s}"
    );
    // Sangat Kurang: 0 of 2 Sangat Kurang (needs 60%)
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    let s = h.screen();
    assert!(
        s.contains("paling sedikit 60% harus Sangat Kurang; ditemukan 0 dari 2"),
        "{s}"
    );
    // another agency, with no recommendations yet
    h.keys("/").keys("DINKES").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Belum ada rekomendasi predikat"), "{s}");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Daftar ASN"));
}

#[test]
fn english_and_a_60_by_16_terminal_still_draw() {
    let mut h = roster(Lang::En);
    h.keys("yanti anggraeni");
    let s = h.screen();
    assert!(first_row(&s).contains("Yanti Anggraeni"), "{s}");
    assert!(s.contains("of 343 ASN"), "{s}");
    h.ctrl('d');
    let s = h.screen();
    assert!(
        s.contains("at least 60% must be Butuh Perbaikan") || s.contains("✗ Butuh Perbaikan"),
        "{s}"
    );
    h.key(KeyCode::Esc);
    h.tui.set_lang(Lang::Id);
    h.resize(60, 16);
    let s = h.screen();
    assert!(s.contains("Yanti Anggraeni"), "{s}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Yanti Anggraeni"));
    h.keys("r");
    let s = h.screen();
    assert!(s.contains("Predikat"), "{s}");
    h.key(KeyCode::Esc);
    h.keys("d");
    let s = h.screen();
    assert!(s.contains("✗"), "violations visible at 60x16: {s}");
    for (w, hgt) in [(60, 16), (59, 15), (20, 5), (200, 60)] {
        h.resize(w, hgt);
        h.screen();
    }
}

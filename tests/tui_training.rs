//! The training-needs recap screen (BKPSDM) on ratatui's TestBackend over the demo store, driven
//! by key events: `B` from home on the selected audit's agency, the needs by area and unit with
//! each ASN named, the period cycled with `f`, another agency picked with `a`, the recap written
//! with `x`, and `B` from the walk; in both languages.

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

#[test]
fn b_from_home_shows_the_agencys_needs_by_area_and_unit() {
    let mut h = Harness::demo(Lang::Id);
    assert!(
        h.screen().contains("kebutuhan pelatihan (BKPSDM)"),
        "the home footer offers B"
    );
    h.keys("B");
    assert_eq!(
        h.tui.current_title(),
        "Kebutuhan pengembangan kompetensi ASN — DISDUKCAPIL"
    );
    let s = h.screen();
    for line in [
        "OPD (a): DISDUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil",
        "Periode (f): seluruh periode",
        "3 kebutuhan dari hasil pemeriksaan, 2 ASN",
        "■ Pelatihan",
        "  Bidang Pemanfaatan Data dan Inovasi Pelayanan",
        "• Rudi Rohman, S.IP., M.Si. — 19860909 201606 1 001 — Analis Kebijakan Ahli Muda",
        "Rekomendasi predikat: Baik",
        "(belum final,",
        "tahap Pelaksanaan)",
        "■ Pembinaan",
        "• Yanti Anggraeni, S.M. — 19710128 200202 2 001",
    ] {
        assert!(s.contains(line), "{line:?} not on\n{s}");
    }
    // the rest is below: scrolled to, the competence cause and its finding
    h.resize(100, 20);
    assert!(!h.screen().contains("■ Sebab 1.03"));
    h.key(KeyCode::End);
    let s = h.screen();
    assert!(
        s.contains("■ Sebab 1.03 — Pelaksana belum memahami peraturan"),
        "{s}"
    );
    assert!(
        s.contains("Temuan: Hasil Survei Kepuasan Masyarakat"),
        "{s}"
    );
    assert!(
        s.contains("Rekap ini untuk BKPSDM"),
        "the last line in sight: {s}"
    );
    assert!(!s.contains("Unsur SKM terlemah"), "no survey yet: {s}");
    h.key(KeyCode::Home);
    assert!(h.screen().contains("■ Pelatihan"));
    h.resize(120, 36);

    // the period: the demo's one, then every period again
    h.keys("f");
    let s = h.screen();
    assert!(s.contains("Periode (f): Semester II 2026"), "{s}");
    assert!(s.contains("3 kebutuhan"), "{s}");
    h.keys("f");
    assert!(h.screen().contains("Periode (f): seluruh periode"));

    // another agency: it has no audit, so it is not offered; the picker lists DISDUKCAPIL
    h.keys("a");
    let s = h.screen();
    assert!(s.contains("Pilih OPD"), "{s}");
    assert!(
        s.contains("DISDUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil (1 pemeriksaan)"),
        "{s}"
    );
    assert!(!s.contains("DINKES"), "{s}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("3 kebutuhan"));

    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Pemeriksaan (1)"), "Esc goes back home");
}

#[test]
fn x_writes_the_recap_and_a_bad_name_keeps_the_dialog_open() {
    let mut h = Harness::demo(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    h.keys("B");
    h.keys("x");
    let s = h.screen();
    assert!(
        s.contains("Write the recap to a file (.xlsx, .docx or .html):"),
        "{s}"
    );
    assert!(s.contains("kebutuhan-pelatihan-DISDUKCAPIL.xlsx"), "{s}");
    // a name it is not written as: the dialog stays, saying why
    let pdf = dir.path().join("recap.pdf");
    h.ctrl('u').keys(pdf.to_str().unwrap()).key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("the training-needs recap is written as .xlsx"),
        "{s}"
    );
    assert!(!pdf.exists());
    let docx = dir.path().join("recap.docx");
    h.ctrl('u').keys(docx.to_str().unwrap()).key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Recap written to"), "{s}");
    assert!(std::fs::metadata(&docx).unwrap().len() > 0);
    // the English labels of the recap
    for line in [
        "Period (f): every period",
        "■ Pelatihan (training)",
        "Rating recommendation: Baik",
    ] {
        assert!(s.contains(line), "{line:?} not on\n{s}");
    }
}

#[test]
fn b_in_the_walk_opens_the_recap_of_the_audits_agency() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Daftar uji"),
        "{}",
        h.tui.current_title()
    );
    h.keys("B");
    assert_eq!(
        h.tui.current_title(),
        "Kebutuhan pengembangan kompetensi ASN — DISDUKCAPIL"
    );
    h.key(KeyCode::Esc);
    assert!(h.tui.current_title().starts_with("Daftar uji"));
}

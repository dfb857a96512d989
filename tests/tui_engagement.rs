//! The engagement form (data penugasan) on ratatui's TestBackend over the demo store, driven by
//! key events: opened from the audit list and the walk, prefilled, edited and saved; a team line
//! or a date that does not read is refused in the user's language with the typing kept.

#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::domain::engagement::Engagement;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

fn engagement(h: &Harness) -> Engagement {
    let app = h.tui.app();
    let a = app.audits().unwrap()[0].audit.clone();
    app.engagement(&a).unwrap()
}

/// Moves the form's cursor to the field labelled `label` (fields are listed top to bottom).
fn to_field(h: &mut Harness, label: &str) {
    h.keys("g");
    for _ in 0..30 {
        let s = h.screen();
        let current = s.lines().find(|l| l.contains('▶') || l.contains('›'));
        if current.is_some_and(|l| l.contains(label)) {
            return;
        }
        h.keys("j");
    }
    panic!("no field {label}: {}", h.screen());
}

#[test]
fn the_form_opens_prefilled_from_the_audit_list_and_saves_the_conclusion() {
    let mut h = Harness::demo(Lang::Id);
    let before = engagement(&h);
    h.keys("d");
    let s = h.screen();
    assert!(s.contains("Data penugasan"), "{s}");
    assert!(s.contains("Nomor surat tugas"), "{s}");
    assert!(s.contains("700.1/214/ITDA/2026"), "prefilled: {s}");
    assert!(s.contains("Tim: peran; nama; NIP; pangkat"), "help: {s}");
    assert!(s.contains("10 hari kerja"), "the planned days: {s}");
    to_field(&mut h, "Simpulan");
    h.key(KeyCode::Enter);
    h.keys(" Rekomendasi telah disampaikan.");
    h.ctrl('s'); // the editor
    h.ctrl('s'); // the form
    let after = engagement(&h);
    assert_eq!(
        after.conclusion,
        format!("{} Rekomendasi telah disampaikan.", before.conclusion)
    );
    assert_eq!(after.team, before.team, "the rest as it was");
    assert!(
        h.screen().contains("Data penugasan disimpan"),
        "{}",
        h.screen()
    );
    // opened again and saved with no change: nothing is written
    h.keys("d").ctrl('s');
    assert!(h.screen().contains("Data penugasan tidak berubah"));
}

#[test]
fn a_team_line_that_does_not_read_is_refused_in_the_users_language_and_the_form_stays() {
    for (lang, message) in [
        (Lang::Id, "Ketua Tim dipegang satu orang"),
        (Lang::En, "Team lead is held by one person"),
    ] {
        let mut h = Harness::demo(lang);
        let before = engagement(&h);
        // from the walk this time
        h.key(KeyCode::Enter).keys("d");
        let label = match lang {
            Lang::Id => "Tim pemeriksa",
            Lang::En => "Audit team",
        };
        to_field(&mut h, label);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Enter).keys("kt; Budi Santoso");
        h.ctrl('s');
        h.ctrl('s');
        let s = h.screen();
        assert!(s.contains(message), "{s}");
        assert_eq!(engagement(&h), before, "nothing saved");
        assert!(s.contains("Budi Santoso"), "the typing is kept: {s}");
    }
}

#[test]
fn a_date_that_does_not_read_is_refused_in_its_field() {
    let mut h = Harness::demo(Lang::Id);
    h.keys("d");
    to_field(&mut h, "Tanggal LHP");
    h.key(KeyCode::Enter).keys("31/02/2027").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("tidak punya tanggal 31"), "{s}");
    // fixed in place, it is kept
    for _ in 0.."31/02/2027".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("15 Desember 2026").key(KeyCode::Enter).ctrl('s');
    assert_eq!(
        engagement(&h).report.date,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 15)
    );
}

//! The terminal UI driven by key events on ratatui's TestBackend, asserting on the drawn screen.

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::tui::i18n::Lang;
use periksa::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

#[test]
fn home_lists_the_demo_audit_with_progress_score_and_keys() {
    let mut h = Harness::demo(Lang::Id);
    let s = h.screen();
    assert!(s.contains("Pemeriksaan (1)"), "{s}");
    assert!(s.contains("DISDUKCAPIL"), "{s}");
    assert!(s.contains("15/29"), "progress: {s}");
    assert!(s.contains("62,9%"), "score with a decimal comma: {s}");
    assert!(s.contains("Pelaksanaan"), "phase: {s}");
    // the footer shows the keys of this screen
    assert!(
        s.contains("pemeriksaan baru") && s.contains("bantuan"),
        "{s}"
    );
}

#[test]
fn walk_answers_with_one_key_and_advances_to_the_next_unanswered() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Butir terpilih"), "{s}");
    assert!(
        s.contains("PGD-01  Tersedia sarana pengaduan"),
        "opens on the first unanswered item: {s}"
    );
    h.keys("y");
    assert_eq!(h.walk_answer("PGD-01").as_deref(), Some("compliant"));
    let s = h.screen();
    assert!(s.contains("Tersimpan: PGD-01"), "{s}");
    assert!(
        s.contains("PGD-02  Prosedur penanganan"),
        "auto-advanced: {s}"
    );
    assert!(s.contains("16/29"), "{s}");
    // p = sebagian on PGD-02, then x = tidak berlaku on PGD-03
    h.keys("px");
    assert_eq!(h.walk_answer("PGD-02").as_deref(), Some("partial"));
    assert_eq!(h.walk_answer("PGD-03").as_deref(), Some("na"));
    // PGD-04 is a number item: = opens the input
    h.keys("=");
    assert!(h.screen().contains("isi jawaban"));
    h.keys("14").key(KeyCode::Enter);
    assert_eq!(h.walk_answer("PGD-04").as_deref(), Some("14"));
    // PGD-05 is a yes/no item: a key of another kind does nothing, and the footer shows only
    // the yes/no answers
    let s = h.screen();
    assert!(s.contains("PGD-05  Pengaduan dianalisis"), "{s}");
    assert!(!s.contains("sebagian"), "{s}");
    h.keys("p");
    assert_eq!(h.walk_answer("PGD-05"), None);
    h.keys("n");
    assert_eq!(h.walk_answer("PGD-05").as_deref(), Some("no"));
    // to the top: the first section heading and the cursor row are both on screen
    h.keys("g");
    let s = h.screen();
    assert!(s.contains("SP Standar Pelayanan"), "{s}");
    assert!(s.contains("SP-01    Setiap jenis layanan"), "{s}");
    // to the bottom and back: the cursor row stays visible while headings take rows
    h.keys("G");
    assert!(h.screen().contains("SAR-04"), "{}", h.screen());
    // / jumps to an item by fuzzy search over code and text
    h.keys("/").keys("ditemukan pungutan").key(KeyCode::Enter);
    assert!(
        h.screen().contains("PNG-02  Tidak ditemukan pungutan"),
        "{}",
        h.screen()
    );
}

#[test]
fn observation_editor_saves_indonesian_text_and_undo_works() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter).keys("o");
    assert!(h.screen().contains("Catatan pengamatan PGD-01"));
    h.keys("Kotak saran terkunci; kunci dipegang satpam.");
    h.keys(" salah");
    h.ctrl('z'); // undo the last word
    h.ctrl('s');
    let app = h.tui.app();
    let audit = app.audits().unwrap()[0].audit.id;
    let note = app
        .store()
        .response(&audit, "PGD-01")
        .unwrap()
        .unwrap()
        .note;
    assert!(
        note.starts_with("Kotak saran terkunci; kunci dipegang satpam."),
        "{note}"
    );
    assert!(h.screen().contains("Kotak saran terkunci"));
}

#[test]
fn quitting_with_an_open_edit_asks_first() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter).keys("o").keys("draf");
    // Esc in a changed editor asks before discarding
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Buang perubahan?"));
    h.keys("n"); // keep writing
    assert!(h.screen().contains("draf"));
    h.key(KeyCode::Esc).keys("y"); // discard
    assert!(!h.tui.should_quit());
    h.keys("q");
    assert!(h.tui.should_quit(), "nothing open: q quits at once");
}

#[test]
fn raise_a_finding_from_an_item_with_the_criteria_prefilled() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter).keys("f");
    let s = h.screen();
    assert!(s.contains("Temuan baru"), "{s}");
    assert!(s.contains("UU 25/2009"), "kriteria from the item: {s}");
    assert!(s.contains("PGD-01"), "item pre-picked: {s}");
    // saving with empty required fields says which
    h.ctrl('s');
    assert!(h.screen().contains("wajib diisi"), "{}", h.screen());
    // fill the title and the other four elements
    h.key(KeyCode::Enter)
        .keys("Kanal pengaduan tidak berfungsi")
        .key(KeyCode::Enter);
    for text in [
        "Kotak saran terkunci.",
        "",
        "Tidak ada petugas.",
        "Pengaduan hilang.",
        "Tunjuk petugas.",
    ] {
        if text.is_empty() {
            h.key(KeyCode::Tab); // kriteria is already filled
            continue;
        }
        h.key(KeyCode::Enter).keys(text).ctrl('s');
    }
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("Temuan disimpan"), "{s}");
    let app = h.tui.app();
    let audit = app.audits().unwrap()[0].audit.id;
    let findings = app.store().findings_of_audit(&audit).unwrap();
    let f = findings
        .iter()
        .find(|f| f.content.title == "Kanal pengaduan tidak berfungsi")
        .unwrap();
    assert_eq!(f.content.items, vec!["PGD-01".to_string()]);
    assert!(f.content.kriteria.contains("UU 25/2009"));
    assert_eq!(f.content.sebab, "Tidak ada petugas.");
}

#[test]
fn help_palette_language_theme_and_tiny_terminals() {
    let mut h = Harness::demo(Lang::En);
    let s = h.screen();
    assert!(s.contains("Audits (1)") && s.contains("new audit"), "{s}");
    assert!(s.contains("62.9%"), "English decimal point: {s}");
    h.keys("?");
    let s = h.screen();
    assert!(s.contains("Keys") && s.contains("On every screen"), "{s}");
    h.key(KeyCode::Esc);
    // the palette runs an action by name
    h.keys(":").keys("new audit").key(KeyCode::Enter);
    assert!(h.screen().contains("New audit"), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.tui.set_lang(Lang::Id);
    h.tui.set_theme(Theme::load("high-contrast").unwrap());
    assert!(h.screen().contains("Pemeriksaan (1)"));
    for (w, hgt) in [(60, 16), (59, 16), (20, 5), (1, 1), (200, 60)] {
        h.resize(w, hgt);
        let s = h.screen();
        if w < 60 || hgt < 16 {
            assert!(s.contains("terlalu") || w < 20, "{w}x{hgt}: {s}");
        }
    }
    h.resize(60, 16);
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Butir"), "walk at 60x16: {s}");
}

#[test]
fn every_screen_is_reachable_by_keys() {
    let mut h = Harness::demo(Lang::Id);
    h.keys("f");
    assert!(
        h.screen().contains("Maklumat pelayanan belum ditetapkan"),
        "findings: {}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    h.keys("t");
    assert!(h.screen().contains("Jejak audit"), "trail: {}", h.screen());
    h.key(KeyCode::Esc);
    h.keys("r").keys("yanti ang");
    assert!(
        h.screen().contains("Yanti Anggraeni"),
        "roster: {}",
        h.screen()
    );
    h.key(KeyCode::Esc).key(KeyCode::Esc); // clear the search, then leave
    assert!(
        h.screen().contains("Pemeriksaan (1)"),
        "back home: {}",
        h.screen()
    );
    h.key(KeyCode::Enter).keys("F");
    assert!(
        h.screen().contains("Waktu penyelesaian KTP-el"),
        "findings from the walk: {}",
        h.screen()
    );
    h.key(KeyCode::Esc).keys("T");
    assert!(
        h.screen().contains("Jejak audit"),
        "trail from the walk: {}",
        h.screen()
    );
    // the trail's first Esc clears its audit filter, the next goes back to the walk
    for _ in 0..3 {
        if h.screen().contains("Butir terpilih") {
            break;
        }
        h.key(KeyCode::Esc);
    }
    h.keys("X");
    assert!(
        h.screen().contains("Ekspor dan gabung"),
        "export and merge from the walk: {}",
        h.screen()
    );
    h.key(KeyCode::Esc).key(KeyCode::Esc).keys("x");
    assert!(
        h.screen().contains("Ekspor dan gabung"),
        "export and merge from home: {}",
        h.screen()
    );
}

#[test]
fn the_first_frame_says_the_store_is_opening() {
    use periksa::tui::{draw_opening, Ui};
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 20)).unwrap();
    let ui = Ui::new(Lang::Id, Theme::monochrome());
    term.draw(|f| draw_opening(f, &ui, std::path::Path::new("/data/periksa")))
        .unwrap();
    let buf = term.backend().buffer();
    let text: String = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .map(|p| buf[p].symbol().to_string())
        .collect();
    assert!(text.contains("Membuka penyimpanan /data/periksa"), "{text}");
}

#[test]
fn recovery_notices_show_in_the_status_line() {
    use std::os::unix::fs::FileExt;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    periksa::app::demo::fill(&store).unwrap();
    let journal = store.join("journal.log");
    let len = std::fs::metadata(&journal).unwrap().len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&journal)
        .unwrap();
    f.write_all_at(&[0x42; 64], len).unwrap();
    drop(f);
    let app = periksa::app::App::open(&store).unwrap();
    let tui = periksa::tui::Tui::new(
        app,
        periksa::tui::Options {
            lang: Lang::En,
            theme: Theme::monochrome(),
            keys: Default::default(),
        },
    )
    .unwrap();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 30)).unwrap();
    term.draw(|f| tui.draw(f)).unwrap();
    let buf = term.backend().buffer();
    let text: String = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .map(|p| buf[p].symbol().to_string())
        .collect();
    assert!(text.contains("unfinished save was cut off"), "{text}");
}

#[test]
fn a_long_audit_list_shows_at_once_and_reads_the_figures_of_far_rows_between_keys() {
    use periksa::app::scale::{self, Spec};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("many");
    let spec = Spec {
        events: 4_000,
        employees: 100,
        audits: 30,
        items: 40,
        seed: 3,
    };
    scale::run(&store, spec, |_| {}).unwrap();
    let app = periksa::app::App::open(&store).unwrap();
    let mut h = Harness::with_app(app, dir, Lang::Id);
    let s = h.screen();
    assert!(s.contains("Pemeriksaan (30)"), "{s}");
    // the rows next to the cursor have their figures before the first frame …
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("Pemeriksaan kinerja"))
        .collect();
    assert!(rows.len() >= 20, "{s}");
    assert!(rows[0].contains("/40"), "first row's progress: {}", rows[0]);
    // … the far ones show dashes until the shell has time for them
    assert!(rows[rows.len() - 1].contains("—"), "{s}");
    assert!(h.tui.has_work());
    while h.tui.work() {}
    let s = h.screen();
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("Pemeriksaan kinerja"))
        .collect();
    assert!(rows.iter().all(|r| r.contains("/40")), "{s}");
    // moving far down reads the rows the cursor reaches before drawing them
    h.key(KeyCode::Char('G'));
    let s = h.screen();
    let last = s
        .lines()
        .rfind(|l| l.contains("Pemeriksaan kinerja"))
        .unwrap_or("");
    assert!(last.contains("/40"), "{s}");
}

#[test]
fn a_key_file_rebinds_actions_and_the_footer_help_and_palette_follow() {
    use periksa::tui::keymap::Keymap;
    let mut h = Harness::demo(Lang::En);
    let keys = Keymap::from_toml(
        "keys.toml",
        "[audits]\nopen = [\"l\", \"Enter\"]\n\n[walk]\nraise_finding = [\"Ctrl-t\"]\nadd_evidence = []\nedit_note = \"w\"\n\n[walk_compliance]\nanswer_compliant = [\"1\", \"c\"]\n",
        &periksa::tui::screens::layers(),
    )
    .unwrap();
    h.tui.set_keys(keys);
    let s = h.screen();
    assert!(s.contains("l/⏎ open"), "the footer shows the new keys: {s}");
    h.keys("l");
    let s = h.screen();
    assert!(s.contains("Selected item"), "l opened the audit: {s}");
    assert!(
        s.contains("Ctrl-t raise finding"),
        "the new key in the footer: {s}"
    );
    assert!(
        !s.contains("e evidence"),
        "an unbound action has no hint: {s}"
    );
    // the old key of a rebound action does nothing; the new one works
    h.keys("f");
    assert!(h.screen().contains("Selected item"));
    h.ctrl('t');
    assert!(h.screen().contains("New finding"), "{}", h.screen());
    h.key(KeyCode::Esc);
    // the help lists the new keys and shows an unbound action with a dash
    h.keys("?");
    let s = h.screen();
    assert!(s.contains("Ctrl-t"), "{s}");
    assert!(s.contains("—"), "{s}");
    h.key(KeyCode::Esc);
    // the palette still reaches the unbound action
    h.keys(":");
    h.keys("evidence");
    let s = h.screen();
    assert!(s.contains("evidence"), "{s}");
}

#[test]
fn a_finding_raised_from_an_item_starts_its_kondisi_with_the_observation() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter).keys("o");
    h.keys("Kotak saran terkunci, tanpa jadwal pembukaan.")
        .ctrl('s');
    assert!(h.screen().contains("Kotak saran terkunci"));
    h.keys("f");
    let s = h.screen();
    let kondisi = s
        .lines()
        .find(|l| l.contains("Kondisi *"))
        .unwrap_or_default();
    assert!(
        kondisi.contains("Kotak saran terkunci, tanpa jadwal pembukaan."),
        "{s}"
    );
    assert!(
        s.contains("UU 25/2009"),
        "and the kriteria from the item: {s}"
    );
}

/// Page the detail pane down with PageDown to its end, and return every frame drawn on the way.
fn page_to_the_end(h: &mut Harness, more_below: &str) -> String {
    let mut seen = h.screen();
    for _ in 0..60 {
        if !h.screen().contains(more_below) {
            break;
        }
        h.key(KeyCode::PageDown);
        seen.push_str(&h.screen());
    }
    let s = h.screen();
    assert!(!s.contains(more_below), "the pane reaches its end: {s}");
    seen
}

#[test]
fn the_item_pane_scrolls_with_page_keys_to_the_end_of_a_long_observation() {
    for (w, hgt) in [(60, 16), (120, 36)] {
        let mut h = Harness::demo(Lang::Id);
        h.resize(w, hgt);
        let audit = h.tui.app().audits().unwrap()[0].audit.id.to_string();
        let note: String = (1..=30)
            .map(|i| format!("Baris pengamatan {i:02}.\n"))
            .collect::<String>()
            + "Penutup pengamatan.";
        h.tui
            .with_cx(|cx| cx.app.answer(&audit, "PGD-01", None, Some(&note), &[]))
            .unwrap();
        h.key(KeyCode::Enter);
        let s = h.screen();
        assert!(s.contains("PGD-01  Tersedia"), "{w}x{hgt}: {s}");
        assert!(s.contains("▼ lagi (PgDn)"), "more below, and its key: {s}");
        assert!(!s.contains("▲ lagi"), "nothing above yet: {s}");
        let seen = page_to_the_end(&mut h, "▼ lagi");
        // every line of the observation, the guidance to its last word and the evidence after it
        for i in 1..=30 {
            assert!(
                seen.contains(&format!("Baris pengamatan {i:02}.")),
                "{w}x{hgt}: line {i} never shown"
            );
        }
        for end in ["berfungsi.", "Penutup pengamatan.", "Bukti (e untuk"] {
            assert!(seen.contains(end), "{w}x{hgt}: {end} never shown");
        }
        let s = h.screen();
        assert!(s.contains("▲ lagi (PgUp)"), "more above: {s}");
        // still on the same item: the list did not move
        assert!(
            h.tui.current_title().starts_with("Daftar uji"),
            "{}",
            h.tui.current_title()
        );
        h.key(KeyCode::PageUp);
        assert!(h.screen().contains("▼ lagi"), "one page back up");
        // another item starts at its top, and so does coming back
        h.keys("j");
        let s = h.screen();
        assert!(s.contains("PGD-02  Prosedur"), "{s}");
        assert!(!s.contains("▲ lagi"), "{s}");
        h.key(KeyCode::PageDown).keys("k");
        let s = h.screen();
        assert!(s.contains("PGD-01  Tersedia"), "{s}");
        assert!(!s.contains("▲ lagi"), "back at the top: {s}");
        // the list still pages, with Ctrl-d
        h.ctrl('d');
        assert!(!h.screen().contains("PGD-01  Tersedia"), "{}", h.screen());
    }
}

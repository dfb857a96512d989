//! Issue 13, "the field day, corrected": answers are saved as typed, only the keys of an item's
//! own kind act, nothing typed is thrown away. Driven by key events on ratatui's TestBackend.

#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

/// Open the demo audit's walk and jump to the item `code` by the walk's search.
fn walk_to(h: &mut Harness, code: &str) {
    h.key(KeyCode::Enter);
    h.keys("/").keys(code).key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains(&format!("{code}  ")), "{s}");
}

#[test]
fn a_digit_on_a_number_item_is_the_first_digit_of_the_answer() {
    let mut h = Harness::demo(Lang::Id);
    walk_to(&mut h, "PGD-04");
    // typing 4 opens the entry with 4 in it; 7 and Enter save 47
    h.keys("4");
    let s = h.screen();
    assert!(s.contains("isi jawaban") && s.contains("› 4"), "{s}");
    h.keys("7").key(KeyCode::Enter);
    assert_eq!(h.walk_answer("PGD-04").as_deref(), Some("47"));
    // 12 saves 12, not 2
    h.keys("/").keys("PGD-04").key(KeyCode::Enter);
    h.keys("12").key(KeyCode::Enter);
    assert_eq!(h.walk_answer("PGD-04").as_deref(), Some("12"));
    // = opens it with the current answer
    h.keys("/").keys("PGD-04").key(KeyCode::Enter);
    h.keys("=");
    assert!(h.screen().contains("› 12"), "{}", h.screen());
    h.key(KeyCode::Esc);
}

#[test]
fn letters_never_save_a_score_and_the_footer_shows_only_the_items_own_keys() {
    let mut h = Harness::demo(Lang::En);
    walk_to(&mut h, "SAR-01");
    let s = h.screen();
    assert!(s.contains("score 1") && s.contains("score 5"), "{s}");
    assert!(
        !s.contains("partial") && !s.contains("non-compliant"),
        "only the score keys are offered: {s}"
    );
    for letter in ["y", "p", "n"] {
        h.keys(letter);
        assert_eq!(h.walk_answer("SAR-01"), None, "{letter} gave a score");
    }
    h.keys("4");
    assert_eq!(h.walk_answer("SAR-01").as_deref(), Some("4"));
    // a compliance item offers the compliance keys and no scores
    walk_to_again(&mut h, "SAR-02");
    let s = h.screen();
    assert!(s.contains("partial") && !s.contains("score 5"), "{s}");
    h.keys("5");
    assert_eq!(
        h.walk_answer("SAR-02"),
        None,
        "5 is not a compliance answer"
    );
    h.keys("p");
    assert_eq!(h.walk_answer("SAR-02").as_deref(), Some("partial"));
}

fn walk_to_again(h: &mut Harness, code: &str) {
    h.keys("/").keys(code).key(KeyCode::Enter);
    assert!(h.screen().contains(&format!("{code}  ")), "{}", h.screen());
}

#[test]
fn a_locked_audit_says_so_before_any_editor_opens() {
    for (lang, says) in [
        (Lang::Id, "sudah final dan terkunci"),
        (Lang::En, "final and locked"),
    ] {
        let mut h = Harness::demo(lang);
        h.tui.with_cx(|cx| fill::finalise(cx.app));
        h.key(KeyCode::Enter);
        for key in ["o", "e", "f", "y"] {
            h.keys(key);
            let s = h.screen();
            assert!(s.contains(says), "{key}: {s}");
            // no editor, input or form opened: the next key is not typed into anything
            assert!(
                !s.contains("Ctrl-s") && !s.contains("Esc batal") && !s.contains("Esc cancel"),
                "{key} opened an editor: {s}"
            );
        }
    }
}

#[test]
fn a_refused_value_keeps_its_dialog_open_with_the_text_and_the_message_inside() {
    let mut h = Harness::demo(Lang::En);
    walk_to(&mut h, "PGD-04");
    // a number that does not read: the entry stays open with "12x" and says why
    h.keys("12x").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("› 12x"), "the text is kept: {s}");
    assert!(s.contains("✗"), "the message is inside the dialog: {s}");
    assert_eq!(h.walk_answer("PGD-04"), None);
    // mended in place, it saves
    h.key(KeyCode::Backspace).key(KeyCode::Enter);
    assert_eq!(h.walk_answer("PGD-04").as_deref(), Some("12"));

    // an evidence path that does not exist: the path stays for mending
    walk_to_again(&mut h, "PGD-01");
    h.keys("e").keys("/tmp/periksa-tidak-ada/foto.jpg");
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("periksa-tidak-ada/foto.jpg"), "{s}");
    assert!(s.contains("✗"), "{s}");
    h.key(KeyCode::Esc);
}

#[test]
fn enter_never_confirms_a_discard() {
    let mut h = Harness::demo(Lang::Id);
    h.key(KeyCode::Enter).keys("o").keys("catatan penting");
    // Esc in a changed editor asks; ⏎ keeps writing
    h.key(KeyCode::Esc).key(KeyCode::Enter);
    assert!(h.screen().contains("catatan penting"), "{}", h.screen());
    h.key(KeyCode::Esc).keys("y");
    // a finding form with typing in it: q asks, and ⏎ does not quit
    h.keys("f")
        .key(KeyCode::Enter)
        .keys("Judul sementara")
        .key(KeyCode::Enter);
    h.keys("q");
    let s = h.screen();
    assert!(s.contains("Keluar tanpa menyimpan?"), "{s}");
    assert!(s.contains("y = ya · ⏎ atau tombol lain = batal"), "{s}");
    h.key(KeyCode::Enter);
    assert!(!h.tui.should_quit(), "⏎ quit and threw the form away");
    assert!(h.screen().contains("Judul sementara"), "{}", h.screen());
    // Esc on the changed form asks to discard; ⏎ keeps it
    h.key(KeyCode::Esc).key(KeyCode::Enter);
    assert!(h.screen().contains("Judul sementara"), "{}", h.screen());
    h.keys("q").keys("y");
    assert!(h.tui.should_quit());
}

#[test]
fn a_due_date_is_read_as_inspectors_write_it_and_a_past_one_asks_once() {
    let mut h = Harness::demo(Lang::Id);
    h.keys("f").keys("t");
    assert!(h.screen().contains("Batas waktu"), "{}", h.screen());
    let finding = |h: &Harness| {
        let app = h.tui.app();
        let audit = app.audits().unwrap()[0].audit.id;
        app.store().findings_of_audit(&audit).unwrap()
    };
    let before = finding(&h);
    // to the due date: an Indonesian month name is read
    h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Enter);
    h.keys("15 Januari 2020").key(KeyCode::Enter);
    assert!(h.screen().contains("15 Jan 2020"), "{}", h.screen());
    // in the past: asked once; ⏎ keeps the form unsaved
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("Batas waktu 15 Jan 2020 sudah lewat"), "{s}");
    h.key(KeyCode::Enter);
    assert_eq!(finding(&h), before, "⏎ saved a past due date");
    h.ctrl('s').keys("y");
    let after = finding(&h);
    assert!(
        after.iter().any(|f| f
            .followup
            .values()
            .any(|h| h.due.map(|d| d.to_string()).as_deref() == Some("2020-01-15"))),
        "{after:?}"
    );
}

/// Switch the profile with P, picking by name.
fn switch_to(h: &mut Harness, name: &str) {
    h.keys("P").keys(name).key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains(&format!("auditor: {name}")), "{s}");
}

#[test]
fn the_review_chain_panel_signs_shows_stale_sign_offs_and_withdraws_one() {
    let mut h = Harness::demo(Lang::Id);
    // P lists the profiles of this laptop, the current one first
    h.keys("P");
    let s = h.screen();
    assert!(s.contains("Ganti profil auditor"), "{s}");
    assert!(s.contains("● Rina Kartika"), "{s}");
    h.key(KeyCode::Esc);
    switch_to(&mut h, "Agus Setiawan");
    h.keys("S");
    let s = h.screen();
    assert!(
        h.tui.current_title().starts_with("Tanda tangan reviu"),
        "{s}"
    );
    assert!(s.contains("› Anggota Tim"), "the own role first: {s}");
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("sebagai Anggota Tim atas nama Agus"),
        "the confirmation names the role and the person: {s}"
    );
    h.keys("y");
    assert!(h.screen().contains("✓ sah"), "{}", h.screen());
    h.key(KeyCode::Esc);
    switch_to(&mut h, "Rina Kartika");
    h.keys("S").key(KeyCode::Enter).keys("y");
    // a change after the sign-offs makes them stale, and the panel says which change
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter).keys("y").key(KeyCode::Esc);
    h.keys("S");
    let s = h.screen();
    assert!(s.contains("⚠ usang"), "{s}");
    assert!(s.contains("Usang sejak perubahan oleh Rina Kartika"), "{s}");
    // withdraw her own: a reason is needed, and the input stays open without one
    h.keys("w").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("✗") && s.contains("reason"), "{s}");
    h.keys("salah peran").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Tanda tangan Ketua Tim ditarik."), "{s}");
    let audit = h.tui.app().audits().unwrap()[0].audit.clone();
    assert!(audit
        .signoffs
        .iter()
        .all(|s| s.role != periksa::domain::phase::Role::Lead));
}

#[test]
fn corrections_by_keys_clear_an_answer_withdraw_a_finding_and_a_rating() {
    let mut h = Harness::demo(Lang::Id);
    // the walk: c on an answered item offers what can be corrected
    walk_to(&mut h, "SP-01");
    assert_eq!(h.walk_answer("SP-01").as_deref(), Some("compliant"));
    h.keys("c");
    let s = h.screen();
    assert!(s.contains("Hapus jawaban (Sesuai)"), "{s}");
    h.key(KeyCode::Enter);
    // no reason: the input stays open and says so
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("✗"), "{}", h.screen());
    h.keys("salah butir").key(KeyCode::Enter);
    assert_eq!(h.walk_answer("SP-01"), None);
    assert!(h.screen().contains("Dikoreksi: SP-01"), "{}", h.screen());
    // the findings list: w withdraws the selected finding with a reason
    h.key(KeyCode::Esc);
    h.keys("f");
    let count = |h: &Harness| {
        let app = h.tui.app();
        let a = app.audits().unwrap()[0].audit.id;
        app.store().findings_of_audit(&a).unwrap().len()
    };
    let before = count(&h);
    h.keys("w").keys("temuan ganda").key(KeyCode::Enter);
    assert!(h.screen().contains("Temuan ditarik"), "{}", h.screen());
    assert_eq!(count(&h), before - 1);
    // an employee's page: w withdraws one of her recommendations
    h.key(KeyCode::Esc)
        .keys("r")
        .keys("yanti anggraeni")
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Rekomendasi predikat kinerja (1)"),
        "{}",
        h.screen()
    );
    h.keys("w").key(KeyCode::Enter);
    h.keys("ASN salah dipilih").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Rekomendasi predikat ditarik."), "{s}");
    assert!(s.contains("Rekomendasi predikat kinerja (0)"), "{s}");
}

#[test]
fn the_palette_reaches_every_place_of_the_app_from_any_screen() {
    let mut h = Harness::demo(Lang::Id);
    // from the walk: the trail, though the walk's own key for it is T
    h.key(KeyCode::Enter)
        .keys(":")
        .keys("jejak audit")
        .key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Jejak audit"),
        "{}",
        h.screen()
    );
    // from the trail: switch profile
    h.keys(":").keys("ganti profil").key(KeyCode::Enter);
    assert!(
        h.screen().contains("Ganti profil auditor"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc);
    // the review chain of the audit on screen, from a screen without that key
    h.keys(":").keys("tanda tangan").key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Tanda tangan reviu"),
        "{}",
        h.screen()
    );
    // home, from deep in the stack
    h.keys(":").keys("daftar pemeriksaan").key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Pemeriksaan"),
        "{}",
        h.tui.current_title()
    );
    // the roster opened from home has no audit: an act on an audit says what to do first
    h.keys("r")
        .keys(":")
        .keys("tanda tangan")
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Pilih dulu sebuah pemeriksaan"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_number_outside_its_range_is_saved_as_typed_and_flagged() {
    let mut h = Harness::demo(Lang::Id);
    walk_to(&mut h, "SKM-04");
    assert!(
        h.screen().contains("Rentang jawaban: 25–100"),
        "{}",
        h.screen()
    );
    h.keys("150").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("di luar rentang 25–100"), "{s}");
    assert_eq!(h.walk_answer("SKM-04").as_deref(), Some("150"));
    walk_to_again(&mut h, "SKM-04");
    assert!(
        h.screen().contains("⚠ Di luar rentang 25–100"),
        "{}",
        h.screen()
    );
}

#[test]
fn an_evidence_path_takes_a_pasted_path_and_completes_with_tab() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "foto loket.jpg",
        "foto lobi.jpg",
        "denah baru.pdf",
        "foto kantin.jpg",
    ] {
        std::fs::write(dir.path().join(name), name.as_bytes()).unwrap();
    }
    let many = dir.path().join("kamera");
    std::fs::create_dir(&many).unwrap();
    for i in 0..30 {
        std::fs::write(many.join(format!("IMG_{i:04}.JPG")), [i as u8]).unwrap();
    }
    let base = dir.path().display().to_string();
    let mut h = Harness::demo(Lang::Id);
    walk_to(&mut h, "PGD-01");
    // Tab completes the part all the matches share and shows them under the field
    h.keys("e").keys(&format!("{base}/fo"));
    assert!(h.screen().contains("Tab lengkapi"), "{}", h.screen());
    h.key(KeyCode::Tab);
    let s = h.screen();
    assert!(s.contains(&format!("› {base}/foto ")), "{s}");
    assert!(
        s.contains("Cocok: foto kantin.jpg · foto lobi.jpg · foto loket.jpg"),
        "{s}"
    );
    h.keys("lob").key(KeyCode::Tab);
    assert!(
        h.screen().contains(&format!("› {base}/foto lobi.jpg")),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Enter);
    assert!(
        h.screen().contains("Bukti dicatat: foto lobi.jpg"),
        "{}",
        h.screen()
    );
    // dropped on the terminal: quoted, with a space after the closing quote
    h.keys("e")
        .keys(&format!("'{base}/foto loket.jpg' "))
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Bukti dicatat: foto loket.jpg"),
        "{}",
        h.screen()
    );
    // a file manager's URL, and a shell's escaped spaces
    h.keys("e")
        .keys(&format!("file://{base}/denah%20baru.pdf"))
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Bukti dicatat: denah baru.pdf"),
        "{}",
        h.screen()
    );
    h.keys("e")
        .keys(&format!("{base}/foto\\ kantin.jpg"))
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Bukti dicatat: foto kantin.jpg"),
        "{}",
        h.screen()
    );
    // a folder gets its slash; many matches are counted, not listed
    h.keys("e").keys(&format!("{base}/kam")).key(KeyCode::Tab);
    assert!(
        h.screen().contains(&format!("› {base}/kamera/")),
        "{}",
        h.screen()
    );
    h.keys("IMG").key(KeyCode::Tab);
    let s = h.screen();
    assert!(s.contains(&format!("› {base}/kamera/IMG_00")), "{s}");
    assert!(s.contains("30 berkas dan folder cocok"), "{s}");
    h.keys("zz").key(KeyCode::Tab);
    assert!(
        h.screen()
            .contains("Tidak ada berkas atau folder yang cocok"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Esc);
}

/// The NIPs in the rows of an open multi picker ("[ ] Name — NIP — …"), top to bottom.
fn picker_nips(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.split_once("[ ] ").or_else(|| l.split_once("[x] ")))
        .filter_map(|(_, row)| row.split(" — ").nth(1))
        .map(|nip| nip.replace(' ', ""))
        .collect()
}

#[test]
fn the_asn_picker_lists_the_audited_agency_first_and_letters_type_into_its_filter() {
    let mut h = Harness::demo(Lang::Id);
    let (agency, ours): (String, Vec<String>) = {
        let app = h.tui.app();
        let agency = app.audits().unwrap()[0].audit.agency.clone();
        let ours = app
            .store()
            .employees()
            .map(|e| e.unwrap())
            .filter(|e| e.agency == agency)
            .map(|e| e.nip.as_str().to_string())
            .collect();
        (agency, ours)
    };
    assert!(ours.len() > 25, "{agency}: {}", ours.len());
    // a new finding from the findings list; G goes to the ASN field, the last one
    h.keys("f").keys("n").keys("G").key(KeyCode::Enter);
    let s = h.screen();
    let shown = picker_nips(&s);
    assert!(shown.len() > 10, "{s}");
    assert_eq!(shown, ours[..shown.len()], "{agency} first, in order: {s}");
    // letters type into the filter, none is taken as a command
    h.keys("jkqy");
    let s = h.screen();
    assert!(s.contains("› jkqy"), "{s}");
    assert!(!h.tui.should_quit());
    for _ in 0..4 {
        h.key(KeyCode::Backspace);
    }
    // arrows and Ctrl-n/Ctrl-p move the selection: 1, 2, 1, 2, 3, 2
    h.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Up);
    h.ctrl('n').ctrl('n').ctrl('p');
    h.key(KeyCode::Enter);
    let app = h.tui.app();
    let third = app.store().employee(&ours[2]).unwrap().unwrap();
    let s = h.screen();
    assert!(s.contains(&third.name), "{} picked: {s}", third.name);
}

/// The screen shows `text` and not `not`.
fn editor_has(h: &mut Harness, text: &str, not: &str) {
    let s = h.screen();
    assert!(s.contains(text), "{text:?} missing: {s}");
    assert!(!s.contains(not), "{not:?} still there: {s}");
}

#[test]
fn the_observation_editor_and_the_forms_editors_undo_a_word_at_a_time() {
    let mut h = Harness::demo(Lang::Id);
    walk_to(&mut h, "PGD-04");
    h.keys("o").keys("alfa bravo charlie");
    h.ctrl('z');
    editor_has(&mut h, "alfa bravo", "charlie");
    h.ctrl('z');
    editor_has(&mut h, "alfa", "bravo");
    h.ctrl('y');
    editor_has(&mut h, "alfa bravo", "charlie");
    // the cursor came back at the end: typing goes on there
    h.keys("delta");
    editor_has(&mut h, "alfa bravo delta", "charlie");
    // a changed editor still asks before it is thrown away; only y does it
    h.key(KeyCode::Esc).key(KeyCode::Enter);
    editor_has(&mut h, "alfa bravo delta", "Buang perubahan?");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Buang perubahan?"), "{}", h.screen());
    h.keys("y");
    assert!(!h.screen().contains("alfa bravo"), "{}", h.screen());
    // a form's text field is the same editor
    h.keys("f").key(KeyCode::Tab).key(KeyCode::Enter);
    h.keys(" echo foxtrot");
    h.ctrl('z');
    editor_has(&mut h, "echo", "foxtrot");
    h.ctrl('y');
    editor_has(&mut h, "echo foxtrot", "Buang perubahan?");
}

/// Issue 17: on the SKM's number item, `i` reads a survey file and records its IKM; a bad file
/// keeps the prompt open with the path typed and says why.
#[test]
fn a_survey_file_is_imported_into_the_ikm_item_from_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("skm.csv");
    std::fs::write(
        &good,
        "U1;U2;U3;U4;U5;U6;U7;U8;U9\n4;3;3;4;4;4;4;2;3\n3;3;2;4;3;4;4;2;3\n3;3;3;4;3;3;3;3;2\n3;3;2;4;4;4;4;2;3\n",
    )
    .unwrap();
    let bad = dir.path().join("lima.csv");
    std::fs::write(&bad, "U1;U2;U3;U4;U5;U6;U7;U8;U9\n5;3;3;4;4;4;4;2;3\n").unwrap();
    let mut h = Harness::demo(Lang::Id);
    walk_to(&mut h, "SKM-04");
    assert!(h.screen().contains("i impor SKM"), "{}", h.screen());
    h.keys("i");
    let s = h.screen();
    assert!(s.contains("Impor hasil SKM ke butir SKM-04"), "{s}");
    // a 1–5 file: refused, the prompt stays with the path
    h.keys(bad.to_str().unwrap()).key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("berskala 1–5"), "{s}");
    assert!(s.contains("lima.csv"), "{s}");
    assert_eq!(h.walk_answer("SKM-04").as_deref(), Some("76.61"));
    // the good file instead
    for _ in 0..bad.to_str().unwrap().chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.keys(good.to_str().unwrap()).key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains(
            "IKM 79,86 — mutu B (Baik) dari 4 responden dicatat; unsur terlemah: U8, U3, U9"
        ),
        "{s}"
    );
    assert_eq!(h.walk_answer("SKM-04").as_deref(), Some("79.86"));
    let app = h.tui.app();
    let audit = app.audits().unwrap()[0].audit.id;
    let r = app.store().response(&audit, "SKM-04").unwrap().unwrap();
    assert!(r.note.contains("Hasil impor SKM (skm.csv"), "{}", r.note);
    assert!(r.evidence.iter().any(|e| e.name == "skm.csv"));
    // the item says where its answer came from; `s` shows the arithmetic and the NRR chart
    let s = h.screen();
    assert!(
        s.contains("Dari survei skm.csv: 4 responden, IKM 79,86 mutu B"),
        "{s}"
    );
    h.keys("s");
    let s = h.screen();
    for part in [
        "SKM butir SKM-04",
        "Σ NRR × 1/9 = 3,194; IKM = 3,194 × 25 = 79,86",
        "B (Baik)",
        "dengan bobot 0,11 (seperti banyak laporan): IKM 79,06",
        "U8 Penanganan Pengaduan, Saran dan Masukan 2,25",
        "NRR per unsur (1–4)",
    ] {
        assert!(s.contains(part), "{part:?} in\n{s}");
    }
    // a bar per unsur, as long as its NRR: U4 (4,00) the longest, U8 (2,25) the shortest
    let bar = |u: &str| {
        s.lines()
            .find(|l| l.contains(&format!("│{u} ")) && l.contains('█'))
            .map(|l| l.chars().filter(|c| "█▉▊▋▌▍▎▏".contains(*c)).count())
            .unwrap_or_else(|| panic!("no bar for {u} in\n{s}"))
    };
    let (u4, u8_, u1) = (bar("U4"), bar("U8"), bar("U1"));
    assert!(
        u4 > u1 && u1 > u8_ && u8_ > 0,
        "U4 {u4}, U1 {u1}, U8 {u8_}\n{s}"
    );
    // in English too, and `s` again goes back to the item
    h.keys("s");
    assert!(h.screen().contains("Dari survei skm.csv"), "{}", h.screen());
}

/// The survey panel in English: the conversion table's performance word in English.
#[test]
fn the_survey_panel_speaks_english() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("skm.csv");
    std::fs::write(
        &good,
        "U1;U2;U3;U4;U5;U6;U7;U8;U9\n4;3;3;4;4;4;4;2;3\n3;3;2;4;3;4;4;2;3\n3;3;3;4;3;3;3;3;2\n3;3;2;4;4;4;4;2;3\n",
    )
    .unwrap();
    let mut h = Harness::demo(Lang::En);
    walk_to(&mut h, "SKM-04");
    h.keys("i").keys(good.to_str().unwrap()).key(KeyCode::Enter);
    h.keys("s");
    let s = h.screen();
    for part in [
        "SKM of item SKM-04",
        "IKM = 3.194 × 25 = 79.86",
        "B (Good)",
        "with weights of 0.11",
    ] {
        assert!(s.contains(part), "{part:?} in\n{s}");
    }
}

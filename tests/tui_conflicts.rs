//! The conflicts screen on ratatui's TestBackend: two or three laptops answer the same item from the
//! same starting point, exchange findings files, and the lead settles the conflict by key.

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::app::{demo, App};
use periksa::domain::phase::Role;
use periksa::exchange::bundle::{Seal, Unseal};
use periksa::store::EventFilter;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ITEM: &str = "SP-05";

/// The lead's demo store, after `others.len()` more laptops received the audit, each answered
/// `ITEM` (the lead with `lead_answer`, laptop i with `others[i]`), and the lead imported their
/// findings files. Returns the lead's store, ready for the UI, and the temporary folder.
fn exchanged(lead_answer: &str, others: &[&str]) -> (App, tempfile::TempDir) {
    exchanged_by(others.len(), |app, audit, i| {
        let (answer, note) = match i {
            0 => (lead_answer, "laptop ketua".to_string()),
            i => (others[i - 1], format!("laptop {}", i + 1)),
        };
        app.answer(audit, ITEM, Some(answer), Some(&note), &[])
            .unwrap();
    })
}

/// The lead's demo store after `n` more laptops received the audit, each (the lead as 0, then
/// laptop 1…n) made `change` from the same starting point, and the lead imported their findings
/// files.
fn exchanged_by(n: usize, change: impl Fn(&mut App, &str, usize)) -> (App, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let summary = demo::fill(&tmp.path().join("lead")).unwrap();
    let audit = summary.audit;
    let mut lead = App::open(&tmp.path().join("lead")).unwrap();
    let start = tmp.path().join("start.periksa");
    lead.export_bundle(&audit, &start, &Seal::Plain).unwrap();
    let mut laptops: Vec<App> = (0..n)
        .map(|i| {
            let dir = tmp.path().join(format!("laptop{i}"));
            let mut app =
                App::init(&dir, &format!("Auditor {}", i + 2), None, Role::Member).unwrap();
            app.import_bundle(&start, &Unseal::None).unwrap();
            app
        })
        .collect();
    change(&mut lead, &audit, 0);
    for (i, app) in laptops.iter_mut().enumerate() {
        change(app, &audit, i + 1);
    }
    for (i, app) in laptops.iter().enumerate() {
        let f = tmp.path().join(format!("from{i}.periksa"));
        app.export_bundle(&audit, &f, &Seal::Plain).unwrap();
        lead.import_bundle(&f, &Unseal::None).unwrap();
    }
    (lead, tmp)
}

/// Two notes that open alike for well over 60 characters and differ near the end.
const NOTE_A: &str = "Maklumat pelayanan sudah dipasang di ruang tunggu sesuai standar, tetapi \
                      tulisannya pudar sehingga tidak terbaca dari kursi antrean nomor tiga puluh.";
const NOTE_B: &str = "Maklumat pelayanan sudah dipasang di ruang tunggu sesuai standar, tetapi \
                      tulisannya pudar sehingga tidak terbaca dari kursi antrean nomor lima.";

/// The lead noted `ITEM` with NOTE_A, laptop 2 with NOTE_B; the same answer.
fn two_notes() -> (App, tempfile::TempDir) {
    exchanged_by(1, |app, audit, i| {
        let note = if i == 0 { NOTE_A } else { NOTE_B };
        app.answer(audit, ITEM, Some("sesuai"), Some(note), &[])
            .unwrap();
    })
}

fn harness(lang: Lang, lead_answer: &str, others: &[&str]) -> Harness {
    let (app, tmp) = exchanged(lead_answer, others);
    Harness::with_app(app, tmp, lang)
}

fn events(h: &Harness) -> usize {
    h.tui
        .app()
        .log(&EventFilter::default(), usize::MAX)
        .unwrap()
        .len()
}

#[test]
fn the_lead_keeps_the_other_version_and_the_walk_shows_it() {
    let mut h = harness(Lang::Id, "sesuai", &["tidak-sesuai"]);
    let conflicts = h.tui.app().conflicts(None).unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = conflicts[0].clone();
    assert_eq!(c.others.len(), 1);
    // which laptop's answer is shown depends on the clock; the test keeps the other one
    // the summaries as the Indonesian screen says them
    let id = periksa::text::Strings::of(Lang::Id);
    let (shown, other) = (c.winner.summary_in(id), c.others[0].summary_in(id));
    let kept_code = if other.ends_with("Tidak Sesuai") {
        "noncompliant"
    } else {
        "compliant"
    };
    assert_ne!(shown, other);

    // from the audits (home) screen, `C` opens the conflicts of every audit
    h.keys("C");
    assert_eq!(h.tui.current_title(), "Konflik — semua pemeriksaan");
    let s = h.screen();
    assert!(s.contains("Konflik — semua pemeriksaan (1)"), "{s}");
    assert!(s.contains(&format!("Konflik {}", c.id)), "detail pane: {s}");
    assert!(s.contains(&shown) && s.contains(&other), "both values: {s}");
    assert!(s.contains("Tampil") && s.contains("Versi lain 1"), "{s}");
    assert!(s.contains("2 versi"), "{s}");
    assert!(
        s.contains("Auditor 2") && s.contains("Rina Kartika"),
        "who: {s}"
    );
    assert!(
        s.contains(&periksa::store::event::short_hash(&c.others[0].hash)),
        "short hash: {s}"
    );
    // the footer shows the keys
    assert!(s.contains("pertahankan versi yang tampil"), "{s}");

    // `s` asks first, naming what is kept; any other key cancels
    h.keys("s");
    let s = h.screen();
    assert!(s.contains("Konfirmasi"), "{s}");
    assert!(s.contains("sebagai ganti versi yang tampil"), "{s}");
    h.key(KeyCode::Esc);
    assert_eq!(h.tui.app().conflicts(None).unwrap().len(), 1, "cancelled");

    h.keys("s").keys("y");
    let s = h.screen();
    assert!(
        s.contains(&format!("Konflik {} selesai", c.id)),
        "status line: {s}"
    );
    assert!(s.contains("Tidak ada konflik."), "the list is empty: {s}");
    assert!(h.tui.app().conflicts(None).unwrap().is_empty());

    // the walk shows the kept value
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    assert!(
        h.tui.current_title().starts_with("Daftar uji"),
        "{}",
        h.tui.current_title()
    );
    assert_eq!(h.walk_answer(ITEM).as_deref(), Some(kept_code));
    h.keys("/").keys(ITEM).key(KeyCode::Enter);
    let s = h.screen();
    let label = if kept_code == "noncompliant" {
        "Tidak Sesuai"
    } else {
        "Sesuai"
    };
    let answer = s
        .lines()
        .find_map(|l| l.split("Jawaban: ").nth(1))
        .map(|a| a.trim_end_matches(|c: char| c == '│' || c.is_whitespace()))
        .unwrap_or_default();
    assert!(answer.ends_with(&format!(" {label}")), "{answer:?} in {s}");
    // the kept version's note came along with its answer
    let note = if kept_code == "noncompliant" {
        "laptop 2"
    } else {
        "laptop ketua"
    };
    assert!(s.contains(note), "{s}");
}

#[test]
fn from_the_walk_only_that_audits_conflicts_and_enter_keeps_the_shown_version() {
    let mut h = harness(Lang::Id, "sesuai", &["sebagian"]);
    let c = h.tui.app().conflicts(None).unwrap()[0].clone();
    let audit_title = h.tui.app().audits().unwrap()[0].audit.title.clone();
    h.key(KeyCode::Enter);
    h.keys("C");
    assert_eq!(
        h.tui.current_title(),
        format!("Konflik — {audit_title}"),
        "limited to the walk's audit"
    );
    h.key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Pertahankan versi yang tampil"), "{s}");
    // ⏎ on the confirmation is the safe choice: nothing settled yet; y settles
    h.key(KeyCode::Enter);
    assert_eq!(h.tui.app().conflicts(None).unwrap().len(), 1);
    h.key(KeyCode::Enter).keys("y");
    assert!(h.tui.app().conflicts(None).unwrap().is_empty());
    let s = h.screen();
    assert!(s.contains(&format!("Konflik {} selesai", c.id)), "{s}");
    let kept = c.winner.summary_in(periksa::text::Strings::of(Lang::Id));
    assert!(s.contains(&kept), "what was kept: {s}");
    // back on the walk, the shown answer stays
    h.key(KeyCode::Esc);
    let want = if kept.ends_with("Sebagian") {
        "partial"
    } else {
        "compliant"
    };
    assert_eq!(h.walk_answer(ITEM).as_deref(), Some(want));
}

#[test]
fn tab_chooses_among_several_other_versions() {
    let mut h = harness(Lang::En, "sesuai", &["sebagian", "tidak-sesuai"]);
    let c = h.tui.app().conflicts(None).unwrap()[0].clone();
    assert_eq!(c.others.len(), 2, "three versions: one shown, two kept");
    h.keys("C");
    let s = h.screen();
    assert!(s.contains("Conflicts — all audits (1)"), "{s}");
    assert!(s.contains("3 versions"), "{s}");
    assert!(s.contains("› Other 1"), "the first other is chosen: {s}");
    h.key(KeyCode::Tab);
    let s = h.screen();
    assert!(s.contains("› Other 2"), "Tab chooses the next: {s}");
    h.keys("]");
    assert!(h.screen().contains("› Other 1"), "and wraps around");
    h.keys("[");
    assert!(h.screen().contains("› Other 2"));
    h.keys("s");
    let s = h.screen();
    assert!(s.contains("Confirm"), "{s}");
    assert!(s.contains(&c.others[1].summary), "{s}");
    h.keys("y");
    assert!(h.tui.app().conflicts(None).unwrap().is_empty());
    let want = if c.others[1].summary.ends_with("Non-compliant") {
        "noncompliant"
    } else if c.others[1].summary.ends_with("Partially compliant") {
        "partial"
    } else {
        "compliant"
    };
    assert_eq!(h.walk_answer(ITEM).as_deref(), Some(want));
    let s = h.screen();
    assert!(s.contains("settled"), "{s}");
    assert!(s.contains("No conflicts."), "{s}");
}

#[test]
fn a_member_is_refused_in_one_message_and_nothing_is_saved() {
    let (mut app, tmp) = exchanged("sesuai", &["tidak-sesuai"]);
    app.profile_use("Agus Setiawan, S.Kom.").unwrap();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    let before = events(&h);
    h.keys("C").keys("a").keys("y");
    let s = h.screen();
    let status: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("Tidak disimpan: "))
        .collect();
    assert_eq!(status.len(), 1, "one message: {s}");
    assert!(status[0].contains("ketua tim"), "why: {s}");
    assert_eq!(events(&h), before, "nothing saved");
    assert_eq!(h.tui.app().conflicts(None).unwrap().len(), 1);
    assert!(
        s.contains("Konflik — semua pemeriksaan (1)"),
        "still listed: {s}"
    );
}

#[test]
fn no_conflicts_is_said_plainly_in_both_languages() {
    let mut h = Harness::demo(Lang::Id);
    h.keys("C");
    let s = h.screen();
    assert!(s.contains("Tidak ada konflik."), "{s}");
    assert!(s.contains("periksa import"), "how conflicts arise: {s}");
    // nothing to keep: the keys do nothing
    h.keys("a").keys("s");
    assert!(!h.screen().contains("Konfirmasi"));

    let mut h = Harness::demo(Lang::En);
    h.keys("C");
    let s = h.screen();
    assert!(s.contains("No conflicts."), "{s}");
    assert!(s.contains("two laptops change the same record"), "{s}");
}

#[test]
fn help_and_palette_know_the_conflict_keys() {
    let mut h = harness(Lang::Id, "sesuai", &["tidak-sesuai"]);
    // the palette finds the screen from home
    h.keys(":").keys("konflik").key(KeyCode::Enter);
    assert_eq!(h.tui.current_title(), "Konflik — semua pemeriksaan");
    h.keys("?");
    let s = h.screen();
    for label in [
        "pertahankan versi yang tampil",
        "pertahankan versi lain yang dipilih",
        "pilih versi lain berikutnya",
        "pilih versi lain sebelumnya",
    ] {
        assert!(s.contains(label), "help lists {label}: {s}");
    }
    h.key(KeyCode::Esc);
    h.keys(":").keys("versi lain yang dipilih");
    let s = h.screen();
    assert!(s.contains("(s)"), "the palette shows the key: {s}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Konfirmasi"), "the palette runs it");
    h.key(KeyCode::Esc);
    assert_eq!(h.tui.app().conflicts(None).unwrap().len(), 1);
}

#[test]
fn renders_at_the_smallest_size_in_both_languages() {
    for lang in [Lang::Id, Lang::En] {
        let mut h = harness(lang, "sesuai", &["sebagian", "tidak-sesuai"]);
        h.resize(60, 16);
        h.keys("C");
        let s = h.screen();
        let word = match lang {
            Lang::Id => "Konflik",
            Lang::En => "Conflicts",
        };
        assert!(s.contains(word), "{s}");
        h.key(KeyCode::Tab).keys("s");
        let s = h.screen();
        assert!(
            s.contains("y = ") && (s.contains("batal") || s.contains("cancel")),
            "the confirmation's hint is not cut: {s}"
        );
        h.key(KeyCode::Esc).keys("a");
        h.screen();
        h.keys("y");
        h.screen();
        assert!(h.tui.app().conflicts(None).unwrap().is_empty());
        h.resize(59, 15);
        h.screen();
    }
}

#[test]
fn the_detail_shows_the_part_of_a_long_note_that_differs() {
    let (app, tmp) = two_notes();
    let c = app.conflicts(None).unwrap()[0].clone();
    let shown_is_a = match &c.differences(0)[0].this {
        periksa::app::Value::Text(t) => t == NOTE_A,
        v => panic!("{v:?}"),
    };
    let (shown_end, other_end) = if shown_is_a {
        ("nomor tiga puluh.", "nomor lima.")
    } else {
        ("nomor lima.", "nomor tiga puluh.")
    };
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    h.keys("C");
    let s = h.screen();
    assert!(
        s.contains("Yang berbeda antara Versi lain 1 dan versi yang tampil:"),
        "{s}"
    );
    let line = |s: &str, what: &str| {
        s.lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what}: {s}"))
            .to_string()
    };
    assert!(s.contains("  Catatan"), "the field by name: {s}");
    // each version's line shows the differing end of its note, not the shared start
    let shown = line(&s, &format!("…kursi antrean {shown_end}"));
    assert!(shown.contains("Tampil"), "{shown}");
    let other = line(&s, &format!("…kursi antrean {other_end}"));
    assert!(other.contains("Versi lain 1"), "{other}");
    assert!(
        !shown.contains("Maklumat") && !other.contains("Maklumat"),
        "{s}"
    );
    // the answer is the same: it is not listed
    assert!(!s.contains("  Jawaban"), "{s}");

    // on the smallest terminal, one line a field
    h.resize(60, 16);
    let s = h.screen();
    let compact = line(&s, "Catatan: ");
    assert!(compact.contains(" ↔ "), "{compact}");
    assert!(compact.contains("lima") && compact.contains("tiga"), "{s}");
}

#[test]
fn the_detail_names_a_differing_answer_in_english() {
    let mut h = harness(Lang::En, "sesuai", &["sebagian", "tidak-sesuai"]);
    h.keys("C");
    let s = h.screen();
    assert!(
        s.contains("Where Other 1 differs from the shown version:"),
        "{s}"
    );
    assert!(s.contains("  Answer"), "{s}");
    assert!(s.contains("  Note"), "the notes differ too: {s}");
    // Tab chooses the next other version, and the differences follow it
    h.key(KeyCode::Tab);
    let s = h.screen();
    assert!(
        s.contains("Where Other 2 differs from the shown version:"),
        "{s}"
    );
    let c = h.tui.app().conflicts(None).unwrap()[0].clone();
    let d = c.differences(1);
    let other = match &d[0].other {
        periksa::app::Value::Word(_, en) => en.clone(),
        v => panic!("{v:?}"),
    };
    let row = s
        .lines()
        .find(|l| l.contains("Other 2  ") && !l.contains('›'))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(row.contains(&other), "{row}");
}

/// The note of `ITEM` as the lead's store holds it now.
fn note(h: &Harness) -> String {
    let app = h.tui.app();
    let audit = app.audits().unwrap()[0].audit.id;
    app.store()
        .response(&audit, ITEM)
        .unwrap()
        .map(|r| r.note)
        .unwrap_or_default()
}

/// The shown and the other note of the open conflict.
fn notes_of(h: &Harness) -> (String, String) {
    let c = h.tui.app().conflicts(None).unwrap()[0].clone();
    let d = c.differences(0);
    let text = |v: &periksa::app::Value| match v {
        periksa::app::Value::Text(t) => t.clone(),
        v => panic!("{v:?}"),
    };
    (text(&d[0].this), text(&d[0].other))
}

#[test]
fn m_opens_both_notes_in_the_editor_and_saving_settles_with_the_merged_text() {
    let (app, tmp) = two_notes();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    let (shown, other) = notes_of(&h);
    let id = h.tui.app().conflicts(None).unwrap()[0].id.clone();
    let before = events(&h);
    h.keys("C");
    assert!(
        h.screen().contains("m gabungkan teks"),
        "the hint names the key"
    );
    h.keys("m");
    let s = h.screen();
    assert!(s.contains(&format!("Gabungkan teks konflik {id}")), "{s}");
    assert!(s.contains("## [note] Catatan"), "{s}");
    assert!(s.contains("## — versi yang tampil: "), "{s}");
    assert!(s.contains("## — versi lain 1: "), "{s}");
    assert!(s.contains("Ctrl-s menyimpan teks gabungan"), "{s}");
    // the editor holds both notes whole; saved as it is, both are kept, the shown one first
    h.ctrl('s');
    let s = h.screen();
    assert!(
        s.contains(&format!(
            "Konflik {id} selesai dengan teks gabungan (Catatan)."
        )),
        "{s}"
    );
    assert!(s.contains("Tidak ada konflik."), "{s}");
    assert_eq!(note(&h), format!("{shown}\n\n{other}"));
    assert_eq!(events(&h), before + 1, "one event settles it");
    assert!(h.tui.app().conflicts(None).unwrap().is_empty());
    let settled = h
        .tui
        .app()
        .log(
            &EventFilter {
                kind: Some(periksa::store::event::Kind::ConflictResolved),
                ..Default::default()
            },
            1,
        )
        .unwrap();
    assert_eq!(settled.len(), 1);
}

#[test]
fn the_merged_text_is_what_the_lead_leaves_in_the_editor() {
    let (app, tmp) = two_notes();
    let mut h = Harness::with_app(app, tmp, Lang::En);
    let (shown, _) = notes_of(&h);
    h.keys("C").keys("m");
    assert!(h.screen().contains("## — other version 1: "));
    // the last line is the other version's note: replace it with the merged sentence
    h.tui
        .handle_key(KeyEvent::new(KeyCode::Char('>'), KeyModifiers::ALT));
    h.key(KeyCode::End).ctrl('j');
    h.keys("Dari kursi antrean nomor lima pun tidak terbaca.");
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("settled with the merged texts (Note)"), "{s}");
    assert_eq!(
        note(&h),
        format!("{shown}\n\nDari kursi antrean nomor lima pun tidak terbaca.")
    );
}

#[test]
fn a_merged_text_that_does_not_read_keeps_the_editor_open_with_it() {
    let (app, tmp) = two_notes();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    let (shown, other) = notes_of(&h);
    let before = events(&h);
    h.keys("C").keys("m");
    // text above the first field line belongs to no field (the editor opens at the end: to the top)
    h.tui
        .handle_key(KeyEvent::new(KeyCode::Char('<'), KeyModifiers::ALT));
    h.key(KeyCode::Home);
    h.keys("lepas ");
    h.ctrl('s');
    let s = h.screen();
    assert!(
        s.contains("Teks di atas baris \"## [isian]\" yang pertama"),
        "the reason, inside the editor: {s}"
    );
    assert!(s.contains("Gabungkan teks konflik"), "still open: {s}");
    assert!(s.contains("lepas ## Penggabungan"), "with the text: {s}");
    assert_eq!(events(&h), before, "nothing saved");
    // undo the typing (one word: one step), and it saves
    h.ctrl('z');
    h.ctrl('s');
    assert!(h.tui.app().conflicts(None).unwrap().is_empty());
    assert_eq!(note(&h), format!("{shown}\n\n{other}"));
}

#[test]
fn merging_is_refused_before_the_editor_opens_for_a_member_or_answers_only() {
    let (mut app, tmp) = two_notes();
    app.profile_use("Agus Setiawan, S.Kom.").unwrap();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    h.keys("C").keys("m");
    let s = h.screen();
    assert!(!s.contains("Gabungkan teks konflik"), "no editor: {s}");
    assert!(
        s.contains("Tidak disimpan: ") && s.contains("ketua tim"),
        "{s}"
    );

    let (app, tmp) = exchanged_by(1, |app, audit, i| {
        let answer = if i == 0 { "sesuai" } else { "sebagian" };
        app.answer(audit, ITEM, Some(answer), Some("sama"), &[])
            .unwrap();
    });
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    h.keys("C").keys("m");
    let s = h.screen();
    assert!(!s.contains("Gabungkan teks konflik"), "no editor: {s}");
    assert!(
        s.contains("Versi-versi ini tidak berbeda pada teks (Jawaban)"),
        "{s}"
    );
    assert_eq!(h.tui.app().conflicts(None).unwrap().len(), 1);
}

#[test]
fn the_walk_marks_an_item_with_a_pending_conflict_until_it_is_settled() {
    let (app, tmp) = two_notes();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    h.key(KeyCode::Enter);
    h.keys("/").keys(ITEM).key(KeyCode::Enter);
    let s = h.screen();
    let row = s
        .lines()
        .find(|l| l.contains(&format!("⇄ {ITEM}")))
        .unwrap_or_else(|| panic!("the item's row has the glyph: {s}"));
    assert!(row.contains("✎"), "beside the note mark: {row}");
    assert_eq!(
        s.matches('⇄').count(),
        2,
        "one row and the detail pane: {s}"
    );
    assert!(s.contains("⇄ Konflik: 2 versi menunggu"), "the word: {s}");
    // C opens the audit's conflicts; once settled, the mark is gone
    h.keys("C");
    assert!(h.tui.current_title().starts_with("Konflik — "));
    h.keys("a").keys("y");
    h.key(KeyCode::Esc);
    assert!(h.tui.current_title().starts_with("Daftar uji"));
    let s = h.screen();
    assert!(!s.contains('⇄'), "{s}");
    assert!(!s.contains("Konflik:"), "{s}");
}

#[test]
fn the_findings_list_marks_a_finding_with_a_pending_conflict() {
    let (app, tmp) = exchanged_by(1, |app, audit, i| {
        let f = app.findings(audit).unwrap()[0].clone();
        let mut new = periksa::app::NewFinding::from(&f);
        new.kondisi = format!("{} Dicatat laptop {i}.", f.content.kondisi);
        app.update_finding(&f.id.to_string(), new).unwrap();
    });
    let audit = app.audits().unwrap()[0].audit.clone();
    let f = app.findings(&audit.id.to_string()).unwrap()[0].clone();
    let start: String = f.content.title.chars().take(20).collect();
    let mut h = Harness::with_app(app, tmp, Lang::En);
    h.keys("f");
    let s = h.screen();
    assert!(
        s.lines().any(|l| l.contains(&format!("⇄ {start}"))),
        "the finding's row has the glyph: {s}"
    );
    // select it: the detail pane says so in words, and C opens the audit's conflicts
    for _ in 0..20 {
        if h.screen().contains("Conflict: 2 versions") {
            break;
        }
        h.keys("j");
    }
    let s = h.screen();
    assert!(
        s.contains("⇄ Conflict: 2 versions wait for the team lead (C opens the conflicts)."),
        "{s}"
    );
    assert_eq!(s.matches('⇄').count(), 2, "one row and the detail: {s}");
    h.keys("C");
    assert_eq!(
        h.tui.current_title(),
        format!("Conflicts — {}", audit.title)
    );
}

#[test]
fn a_findings_versions_are_summarised_in_the_uis_language() {
    let conflicted = || {
        exchanged_by(1, |app, audit, i| {
            let f = app.findings(audit).unwrap()[0].clone();
            let mut new = periksa::app::NewFinding::from(&f);
            new.kondisi = format!("{} Dicatat laptop {i}.", f.content.kondisi);
            app.update_finding(&f.id.to_string(), new).unwrap();
        })
    };
    let (app, tmp) = conflicted();
    let mut h = Harness::with_app(app, tmp, Lang::Id);
    h.keys("C");
    let s = h.screen();
    assert!(s.contains("temuan diubah ["), "{s}");
    assert!(!s.contains("temuan changed"), "{s}");
    let (app, tmp) = conflicted();
    let mut h = Harness::with_app(app, tmp, Lang::En);
    h.keys("C");
    let s = h.screen();
    assert!(s.contains("temuan changed ["), "{s}");
}

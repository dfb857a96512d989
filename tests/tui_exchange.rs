//! The export and merge screen on ratatui's TestBackend: the lead writes the demo audit as an
//! encrypted findings file and as a workbook by keys; a second laptop merges the file by keys,
//! asked for the passphrase; bad paths and passphrases get one line each and change nothing.

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::app::{demo, App};
use periksa::domain::phase::Role;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

/// Replace what an input popup holds with `text` and confirm it.
fn answer(h: &mut Harness, text: &str) {
    h.ctrl('u').keys(text).key(KeyCode::Enter);
}

#[test]
fn export_a_findings_file_and_merge_it_on_another_laptop_by_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let lead_dir = tmp.path().join("lead");
    demo::fill(&lead_dir).unwrap();
    let mut lead = Harness::with_app(
        App::open(&lead_dir).unwrap(),
        tempfile::tempdir().unwrap(),
        Lang::En,
    );

    // home → x: the forms of export, the findings file first
    lead.keys("x");
    let s = lead.screen();
    assert!(s.contains("Export and merge"), "{s}");
    assert!(s.contains("› Findings file (.periksa)"), "{s}");
    assert!(s.contains("No export or merge on this screen yet."), "{s}");
    // Enter asks where, with a default name from the agency, the audit and the date
    lead.key(KeyCode::Enter);
    let s = lead.screen();
    assert!(s.contains("DISDUKCAPIL-"), "a default file name: {s}");
    assert!(s.contains(".periksa"), "{s}");
    let file = tmp.path().join("tim.periksa");
    answer(&mut lead, file.to_str().unwrap());
    // a passphrase, typed twice and never shown
    assert!(lead.screen().contains("Passphrase to encrypt it with"));
    lead.keys("rahasia-tim").key(KeyCode::Enter);
    let s = lead.screen();
    assert!(
        !s.contains("rahasia-tim"),
        "the passphrase is not shown: {s}"
    );
    assert!(s.contains("Type the passphrase again"), "{s}");
    lead.keys("rahasia-tim").key(KeyCode::Enter);
    // the work waits for a frame that says it started
    assert!(lead.tui.has_work());
    assert!(lead.screen().contains("Working…"));
    assert!(lead.tui.work());
    let s = lead.screen();
    assert!(s.contains("Findings file written:"), "{s}");
    assert!(s.contains("Encrypted with a passphrase"), "{s}");
    assert!(file.exists());

    // the same path again: asked before the file is replaced; any key but y keeps it
    let before = std::fs::read(&file).unwrap();
    lead.key(KeyCode::Enter);
    answer(&mut lead, file.to_str().unwrap());
    assert!(
        lead.screen().contains("already exists. Replace it"),
        "{}",
        lead.screen()
    );
    lead.keys("n");
    assert!(!lead.screen().contains("Passphrase to encrypt"));
    assert!(!lead.tui.has_work());
    assert_eq!(std::fs::read(&file).unwrap(), before);
    lead.key(KeyCode::Enter);
    answer(&mut lead, file.to_str().unwrap());
    lead.keys("y");
    assert!(lead.screen().contains("Passphrase to encrypt it with"));
    lead.key(KeyCode::Esc);

    // two different passphrases: nothing is written
    let other = tmp.path().join("other.periksa");
    lead.key(KeyCode::Enter);
    answer(&mut lead, other.to_str().unwrap());
    lead.keys("satu")
        .key(KeyCode::Enter)
        .keys("dua")
        .key(KeyCode::Enter);
    // the second entry stays open, saying so, to be typed again (Esc leaves it)
    let s = lead.screen();
    assert!(s.contains("The two passphrases differ"), "{s}");
    assert!(s.contains("› •••"), "the dialog is still open: {s}");
    assert!(!lead.tui.has_work());
    assert!(!other.exists());
    lead.key(KeyCode::Esc);

    // the workbook: one file, the tables in it
    lead.key(KeyCode::Down);
    assert!(lead.screen().contains("› XLSX workbook"));
    let xlsx = tmp.path().join("audit.xlsx");
    lead.key(KeyCode::Enter);
    answer(&mut lead, xlsx.to_str().unwrap());
    lead.tui.work();
    let s = lead.screen();
    assert!(s.contains("Export written: 1 file(s)"), "{s}");
    assert!(xlsx.exists());
    // a folder that cannot be written gets one line
    lead.key(KeyCode::Enter);
    answer(&mut lead, "/proc/no/such/dir/x.xlsx");
    lead.tui.work();
    let s = lead.screen();
    assert!(s.contains("/proc/no/such/dir/x.xlsx"), "{s}");

    // a second laptop merges the file: asked for the passphrase, then told what arrived
    let second_dir = tmp.path().join("second");
    let second_app = App::init(&second_dir, "Dewi Lestari", None, Role::Member).unwrap();
    let mut second = Harness::with_app(second_app, tempfile::tempdir().unwrap(), Lang::Id);
    assert!(second.screen().contains("Pemeriksaan (0)"));
    // with no audit yet, x opens the screen to merge only
    second.keys("x");
    let s = second.screen();
    assert!(s.contains("Belum ada pemeriksaan di laptop ini"), "{s}");
    assert!(
        !s.contains("Berkas temuan (.periksa)"),
        "nothing to export: {s}"
    );
    second.keys("i");
    assert!(second.screen().contains("Gabungkan berkas temuan"));
    answer(
        &mut second,
        tmp.path().join("none.periksa").to_str().unwrap(),
    );
    let s = second.screen();
    assert!(s.contains("none.periksa"), "a missing file is named: {s}");
    second.keys("i");
    answer(&mut second, file.to_str().unwrap());
    assert!(second.screen().contains("terenkripsi dengan frasa sandi"));
    second.keys("salah").key(KeyCode::Enter);
    second.tui.work();
    let s = second.screen();
    assert!(
        second.tui.app().audits().unwrap().is_empty(),
        "a wrong passphrase merges nothing: {s}"
    );
    second.keys("i");
    answer(&mut second, file.to_str().unwrap());
    second.keys("rahasia-tim").key(KeyCode::Enter);
    second.tui.work();
    let s = second.screen();
    assert!(s.contains("Digabungkan dari"), "{s}");
    assert!(s.contains("kejadian baru"), "{s}");
    assert!(
        s.contains("jawaban dicatat 15"),
        "kinds named as the trail names them: {s}"
    );
    assert!(s.contains("Tidak ada konflik yang menunggu."), "{s}");
    assert_eq!(second.tui.app().audits().unwrap().len(), 1);
    // merging the same file again adds nothing
    second.keys("i");
    answer(&mut second, file.to_str().unwrap());
    second.keys("rahasia-tim").key(KeyCode::Enter);
    second.tui.work();
    assert!(
        second.screen().contains("0 kejadian baru"),
        "{}",
        second.screen()
    );
}

/// A merged backup is named in the UI's language (its file says "backup of the whole store" in
/// English, as every build wrote it) and its numbers are grouped the language's way; the screen,
/// opened on a laptop without audits, then says where they are.
#[test]
fn a_merged_backup_is_named_and_counted_in_the_ui_language() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("asal");
    periksa::app::scale::run(
        &src,
        periksa::app::scale::Spec::for_events(1_500, 3),
        |_| {},
    )
    .unwrap();
    let backup = App::open(&src)
        .unwrap()
        .backup(&tmp.path().join("cadangan"), &periksa::app::Seal::Plain)
        .unwrap();
    assert!(backup.events >= 1_000);
    let grouped = |sep: char| {
        let d = backup.events.to_string();
        format!("{}{sep}{}", &d[..d.len() - 3], &d[d.len() - 3..])
    };
    for (lang, title, counts, intro) in [
        (
            Lang::Id,
            "cadangan seluruh penyimpanan",
            format!("{} kejadian baru, 0 sudah ada di sini", grouped('.')),
            "Pemeriksaan dari berkas itu kini ada di laptop ini: Esc kembali ke daftar",
        ),
        (
            Lang::En,
            "backup of the whole store",
            format!("{} new events, 0 already here", grouped(',')),
            "The file's audits are now on this laptop: Esc goes back to the list",
        ),
    ] {
        let dir = tmp.path().join(lang.code());
        let fresh = App::init(&dir, "Rina", None, Role::Member).unwrap();
        let mut h = Harness::with_app(fresh, tempfile::tempdir().unwrap(), lang);
        h.keys("x").keys("i");
        answer(&mut h, backup.path.to_str().unwrap());
        h.tui.work();
        let s = h.screen();
        assert!(s.contains(&format!("— {title}")), "{s}");
        assert!(s.contains(&counts), "{s}");
        // opened on a laptop without audits, the screen no longer says there are none
        assert!(s.contains(intro), "{s}");
        if lang == Lang::Id {
            assert!(!s.contains("backup of the whole store"), "{s}");
        }
    }
}

//! Issue 13: drafts survive a killed terminal. The real binary runs on a pseudo-terminal (util-linux
//! `script`); an observation is typed, the typing pauses, and the process is killed with SIGKILL.
//! The store's settings then hold the draft, and opening the item again offers it back (driven by
//! key events on ratatui's TestBackend). The finding form keeps and offers its draft the same way.

#[path = "common/harness.rs"]
mod harness;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use harness::Harness;
use periksa::app::{demo, note_draft_key, App};
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

fn wait_for(out: &Arc<Mutex<Vec<u8>>>, what: &str, from: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        {
            let o = out.lock().unwrap();
            if String::from_utf8_lossy(&o[from.min(o.len())..]).contains(what) {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// SIGKILL the UI process of `store` (found in /proc by its command line), as a closed terminal
/// window or a pulled battery would end it: no chance to save.
fn kill_ui(bin: &str, store: &std::path::Path) {
    let store = store.display().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for p in procs.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(p.path().join("cmdline")).unwrap_or_default();
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().is_some_and(|a| a == bin) && args.contains(&store) {
            let _ = Command::new("sh")
                .args(["-c", &format!("kill -KILL {pid}")])
                .status();
        }
    }
}

const TYPED: &str = "Kotak saran terkunci sejak Maret";

#[test]
fn an_observation_typed_before_a_kill_is_kept_and_offered_back() {
    if Command::new("script").arg("--version").output().is_err() {
        println!("SKIPPED: util-linux `script` (for a pseudo-terminal) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    demo::fill(&store).unwrap();
    let bin = env!("CARGO_BIN_EXE_periksa");
    let inner = format!(
        "stty cols 100 rows 30; exec '{bin}' --store '{}' --lang id",
        store.display()
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &inner, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("PERIKSA_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start script");
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = out.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    assert!(wait_for(&out, "DISDUKCAPIL", 0), "no audit list");
    let mark = out.lock().unwrap().len();
    stdin.write_all(b"\r").unwrap();
    stdin.flush().unwrap();
    assert!(wait_for(&out, "PGD-01", mark), "the walk did not open");
    // the walk opens on PGD-01 (the first unanswered item): o opens its observation editor
    let mark = out.lock().unwrap().len();
    stdin.write_all(b"o").unwrap();
    stdin.flush().unwrap();
    assert!(wait_for(&out, "Catatan", mark), "the editor did not open");
    stdin.write_all(TYPED.as_bytes()).unwrap();
    stdin.flush().unwrap();
    // a pause in typing keeps the draft; then the terminal is killed without a chance to save
    let settings = store.join("settings.toml");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline
        && !std::fs::read_to_string(&settings)
            .unwrap_or_default()
            .contains(TYPED)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    kill_ui(bin, &store);
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        std::fs::read_to_string(&settings).unwrap().contains(TYPED),
        "the typing was not kept before the kill"
    );

    // opened again (once the killed process is gone and its lock with it): the item offers the
    // draft back; restoring and saving keeps it for good
    let deadline = Instant::now() + Duration::from_secs(30);
    let app = loop {
        match App::open(&store) {
            Ok(app) => break app,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("the store did not reopen after the kill: {e}"),
        }
    };
    let audit = app.audits().unwrap()[0].audit.id;
    assert!(app.draft(&note_draft_key(&audit, "PGD-01")).is_some());
    let mut h = Harness::with_app(app, dir, Lang::Id);
    h.key(KeyCode::Enter).keys("o");
    let s = h.screen();
    assert!(s.contains("Ada catatan yang belum disimpan"), "{s}");
    assert!(s.contains("Pulihkan draf: Kotak saran terkunci"), "{s}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains(TYPED), "{}", h.screen());
    // the cursor is at the end: typing goes on after the restored text
    h.keys(".");
    h.ctrl('s');
    let app = h.tui.app();
    let note = app
        .store()
        .response(&audit, "PGD-01")
        .unwrap()
        .unwrap()
        .note;
    assert_eq!(note, format!("{TYPED}."));
    assert!(
        app.draft(&note_draft_key(&audit, "PGD-01")).is_none(),
        "a saved note leaves no draft"
    );
}

#[test]
fn a_draft_can_be_refused_and_a_finding_form_keeps_its_typing_too() {
    let mut h = Harness::demo(Lang::Id);
    let audit = h.tui.app().audits().unwrap()[0].audit.id;
    // a note typed and kept, then the editor thrown away on purpose: no draft is left
    h.key(KeyCode::Enter).keys("o").keys("sementara");
    h.tui.keep_drafts();
    assert!(h
        .tui
        .app()
        .draft(&note_draft_key(&audit, "PGD-01"))
        .is_some());
    h.key(KeyCode::Esc).keys("y");
    assert!(h
        .tui
        .app()
        .draft(&note_draft_key(&audit, "PGD-01"))
        .is_none());
    // kept again, then refused when offered: the saved note opens and the draft is gone
    h.keys("o").keys("draf kedua");
    h.tui.keep_drafts();
    let kept = h.tui.into_app();
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::with_app(kept, dir, Lang::Id);
    h.key(KeyCode::Enter).keys("o");
    h.key(KeyCode::Down).key(KeyCode::Enter);
    assert!(!h.screen().contains("draf kedua"), "{}", h.screen());
    assert!(h
        .tui
        .app()
        .draft(&note_draft_key(&audit, "PGD-01"))
        .is_none());
    h.key(KeyCode::Esc);

    // the finding form: the title typed (still in its field's input) is kept
    h.keys("f")
        .key(KeyCode::Enter)
        .keys("Loket tutup lebih awal");
    h.tui.keep_drafts();
    let kept = h.tui.into_app();
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::with_app(kept, dir, Lang::Id);
    h.key(KeyCode::Enter).keys("f");
    let s = h.screen();
    assert!(s.contains("Ada isian yang belum disimpan"), "{s}");
    h.ctrl('r');
    let s = h.screen();
    assert!(s.contains("Loket tutup lebih awal"), "{s}");
    assert!(s.contains("Draf dipulihkan"), "{s}");
}

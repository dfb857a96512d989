//! A panic inside the terminal UI restores the terminal and leaves the store consistent.
//!
//! The real binary runs on a pseudo-terminal (util-linux `script`), with the debug-only fault
//! injection `PERIKSA_TEST_PANIC_AFTER_KEYS` (src/tui/mod.rs): the test opens an audit, answers an
//! item (a save), and the event loop panics after that key. The terminal must be back in cooked
//! mode with the main screen (the restore ran from the panic hook), and the store must reopen and
//! verify, with the save that was acknowledged before the panic in it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use periksa::app::{demo, App};

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

fn events(app: &App) -> u64 {
    app.store()
        .heads()
        .unwrap()
        .iter()
        .map(|(_, h)| h.seq)
        .sum()
}

#[test]
fn a_panic_in_the_event_loop_restores_the_terminal_and_keeps_the_store() {
    if !cfg!(debug_assertions) {
        println!("SKIPPED: the panic injection exists in debug builds only");
        return;
    }
    if Command::new("script").arg("--version").output().is_err() {
        println!("SKIPPED: util-linux `script` (for a pseudo-terminal) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    demo::fill(&store).unwrap();
    let before = {
        let app = App::open(&store).unwrap();
        events(&app)
    };
    let bin = env!("CARGO_BIN_EXE_periksa");
    // the UI on a 100x30 pseudo-terminal; after it ends, the terminal's mode is printed
    let inner = format!(
        "stty cols 100 rows 30; PERIKSA_TEST_PANIC_AFTER_KEYS=2 '{bin}' --store '{}' --lang en; echo; echo MODE; stty -a",
        store.display()
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &inner, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("PERIKSA_STORE")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start script");
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = out.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    // the home screen lists the demo audit; Enter opens its checklist walk
    assert!(
        wait_for(&out, "DISDUKCAPIL", 0),
        "the UI never showed the audit list:\n{:?}",
        String::from_utf8_lossy(&out.lock().unwrap())
    );
    let mark = out.lock().unwrap().len();
    stdin.write_all(b"\r").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        wait_for(&out, "SP-", mark),
        "the checklist walk did not open"
    );
    // `1` answers the item (one save), then the injected panic fires
    stdin.write_all(b"1").unwrap();
    stdin.flush().unwrap();
    assert!(
        wait_for(&out, "MODE", 0),
        "the UI did not end:\n{}",
        String::from_utf8_lossy(&out.lock().unwrap())
    );
    drop(stdin);
    let _ = child.wait();
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&out.lock().unwrap()).into_owned();
    let tail = &text[text.find("MODE").unwrap()..];

    assert!(
        text.contains("injected test panic"),
        "no panic message:\n{text}"
    );
    let panic_at = text.find("injected test panic").unwrap();
    // the restore ran: back to the main screen and a visible cursor, cooked mode with echo
    assert!(
        text.contains("\u{1b}[?1049l"),
        "the alternate screen was never left"
    );
    assert!(
        text.rfind("\u{1b}[?1049l").unwrap() < panic_at,
        "the terminal was restored only after the panic message"
    );
    assert!(
        tail.contains(" icanon") && tail.contains(" echo") && !tail.contains("-icanon"),
        "the terminal is still in raw mode after the panic:\n{tail}"
    );

    // the store: the answer saved before the panic is there, and everything verifies
    let app = App::open(&store).unwrap();
    assert_eq!(
        events(&app),
        before + 1,
        "the save before the panic is missing"
    );
    assert!(app.verify().unwrap().ok());
}

//! SIGKILL crash consistency: the test generators' binary runs the `periksa-testkit torture`
//! session and is killed at random moments; the store is reopened (on a copy, so the next session
//! has to recover the killed store itself) and checked against the deterministic script: every
//! acknowledged save is there, nothing unacknowledged is half there, `verify` passes and `rebuild`
//! gives the same state as live.
//!
//! `PERIKSA_CRASH_TRIALS` (default 60) sets the number of kill points and `PERIKSA_CRASH_SEED` the
//! schedule; `scripts/crash-harness` runs this test in release mode with many trials.

#[path = "common/scripted.rs"]
mod scripted;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use periksa::app::torture::{self, Script};
use periksa::app::{App, AppError};
use periksa::store::StoreError;
use scripted::{copy_dir, Rng};

/// Length of the script: never reached within one store's kills.
const SCRIPT_SAVES: usize = 100_000;
/// Kill points per store before a fresh store is started.
const KILLS_PER_STORE: u64 = 20;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default, Debug)]
struct Tally {
    trials: u64,
    /// Acknowledged saves found intact, summed over the checks.
    acks_checked: u64,
    /// Acknowledged saves missing after a kill.
    acked_lost: u64,
    /// States that match no point of the script (a half-applied save).
    half_applied: u64,
    verify_failures: u64,
    rebuild_mismatches: u64,
    open_failures: u64,
    /// Sessions that ended on their own with an error (or panicked).
    session_errors: u64,
    notes: Vec<String>,
}

impl Tally {
    fn failures(&self) -> u64 {
        self.acked_lost
            + self.half_applied
            + self.verify_failures
            + self.rebuild_mismatches
            + self.open_failures
            + self.session_errors
    }
    fn note(&mut self, s: String) {
        if self.notes.len() < 20 {
            self.notes.push(s);
        }
    }
}

/// How a session is cut short.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// Kill this long after starting the process (hits start-up, recovery and the resume scan).
    After(Duration),
    /// Kill this long after the n-th acknowledgement of this session.
    AfterAcks(u64, Duration),
}

struct Session {
    last_ack: Option<usize>,
    resumed_at: Option<usize>,
    killed: bool,
    stderr: String,
    status: String,
}

fn run_session(store: &Path, seed: u64, plan: Plan) -> Session {
    let mut child = Command::new(env!("CARGO_BIN_EXE_periksa-testkit"))
        .arg("--store")
        .arg(store)
        .args(["torture", "--seed", &seed.to_string(), "--saves"])
        .arg(SCRIPT_SAVES.to_string())
        .env_remove("PERIKSA_STORE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start periksa-testkit torture");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let mut ended = false;
    match plan {
        Plan::After(d) => std::thread::sleep(d),
        Plan::AfterAcks(n, d) => {
            let mut acks = 0;
            while acks < n {
                match rx.recv_timeout(Duration::from_secs(120)) {
                    Ok(line) => {
                        if line.starts_with("ack ") {
                            acks += 1;
                        }
                        lines.push(line);
                    }
                    Err(_) => {
                        ended = true;
                        break;
                    }
                }
            }
            if !ended {
                std::thread::sleep(d);
            }
        }
    }
    // SIGKILL: no destructor, no flush, no chance to tidy up
    let killed = child.kill().is_ok();
    let status = child.wait().expect("wait for periksa");
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    let stderr = err_reader.join().unwrap();
    let mut s = Session {
        last_ack: None,
        resumed_at: None,
        killed: killed && status.code().is_none(),
        stderr,
        status: format!("{status}"),
    };
    for line in &lines {
        let mut words = line.split_whitespace();
        match (words.next(), words.next().and_then(|n| n.parse().ok())) {
            (Some("ack"), Some(n)) => s.last_ack = Some(n),
            (Some("resume"), Some(k)) => s.resumed_at = Some(k),
            _ => {}
        }
    }
    s
}

/// Reopen a copy of the killed store and check it against the script; returns the number of
/// saves it holds.
fn check(copy: &Path, script: &Script, acked: usize, t: &mut Tally) -> Option<usize> {
    let mut app = match App::open(copy) {
        Ok(app) => app,
        Err(AppError::Store(StoreError::NotAStore(_))) if acked == 0 => return Some(0),
        Err(e) => {
            t.open_failures += 1;
            t.note(format!("open failed after {acked} acks: {e}"));
            return None;
        }
    };
    let seen = torture::observe(&app).unwrap();
    let k = match script.find(&seen, acked..=acked + 1).unwrap() {
        Some(k) => k,
        None => {
            match script.find(&seen, 0..=acked.saturating_sub(1)).unwrap() {
                Some(k) => {
                    t.acked_lost += (acked - k) as u64;
                    t.note(format!("{acked} saves acknowledged, the store holds {k}"));
                }
                None => {
                    t.half_applied += 1;
                    let model = script.model(acked + 1).unwrap();
                    t.note(format!(
                        "after {acked} acks the store matches no point of the script (vs save {}: {})",
                        acked + 1,
                        model.diff(&seen)
                    ));
                }
            }
            return None;
        }
    };
    t.acks_checked += acked as u64;
    let report = app.verify().unwrap();
    if !report.ok() {
        t.verify_failures += 1;
        t.note(format!("verify after {acked} acks: {:?}", report.problems));
    }
    let live = app.store().dump().unwrap();
    app.rebuild().unwrap();
    if app.store().dump().unwrap() != live || torture::observe(&app).unwrap() != seen {
        t.rebuild_mismatches += 1;
        t.note(format!("rebuild differs from live after {acked} acks"));
    }
    app.close().unwrap();
    Some(k)
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_save() {
    let trials = env_u64("PERIKSA_CRASH_TRIALS", 60);
    let mut rng = Rng(env_u64("PERIKSA_CRASH_SEED", 20260516));
    let root = tempfile::tempdir().unwrap();
    let mut t = Tally::default();
    let mut store_no = 0u64;
    while t.trials < trials {
        store_no += 1;
        let seed = 1000 + store_no;
        let script = Script::new(seed, SCRIPT_SAVES).unwrap();
        let store = root.path().join(format!("store-{store_no}"));
        // the saves the store holds, as the last check found
        let mut held = 0usize;
        for _ in 0..KILLS_PER_STORE {
            if t.trials >= trials {
                break;
            }
            t.trials += 1;
            let plan = if rng.below(10) < 3 {
                Plan::After(Duration::from_micros(rng.range(0, 120_000)))
            } else {
                Plan::AfterAcks(rng.range(1, 60), Duration::from_micros(rng.range(0, 1_500)))
            };
            let s = run_session(&store, seed, plan);
            if !s.killed || s.stderr.contains("panicked") {
                t.session_errors += 1;
                t.note(format!(
                    "session ended by itself ({}), stderr: {}",
                    s.status, s.stderr
                ));
                break;
            }
            if let Some(r) = s.resumed_at {
                // the session recovered the killed store itself and found the same point
                if r != held {
                    t.half_applied += 1;
                    t.note(format!(
                        "session resumed at {r}, the last check found {held}"
                    ));
                }
            }
            let acked = s.last_ack.unwrap_or(held);
            let copy = root.path().join(format!("check-{}", t.trials));
            if store.exists() {
                copy_dir(&store, &copy);
            }
            match check(&copy, &script, acked, &mut t) {
                Some(k) => held = k,
                None => break,
            }
            let _ = std::fs::remove_dir_all(&copy);
        }
    }
    println!(
        "crash-harness: trials {}, acks checked {}, acked saves lost {}, half-applied {}, verify failures {}, rebuild mismatches {}, open failures {}, session errors {}",
        t.trials,
        t.acks_checked,
        t.acked_lost,
        t.half_applied,
        t.verify_failures,
        t.rebuild_mismatches,
        t.open_failures,
        t.session_errors
    );
    assert_eq!(t.failures(), 0, "{t:#?}");
    assert!(t.acks_checked > 0);
}

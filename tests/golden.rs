//! Stores and files written by an earlier release open in this one: `tests/data/golden/v1` was
//! made by the build before issue 13 (commit 20caaf4; `state/made-by.txt`) — the demo store with a
//! settled conflict, an import from another laptop, a spreadsheet edit, sign-offs and a follow-up,
//! its findings file (plain and passphrase-encrypted) and a backup, with the state that build
//! showed (`state/*.json`). Every later build must open, verify and show the same state; a new
//! set is added whenever the format changes. JSON keys a later build adds are allowed; every key
//! the old build wrote must still be there with the same value.

mod common;

use std::path::{Path, PathBuf};

use common::run_in;
use serde_json::Value;

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/v1")
}

fn read_json(name: &str) -> Value {
    let text = std::fs::read_to_string(golden().join("state").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Whether `new` holds everything `old` holds: every key of an object with a value that holds
/// the old one, arrays of the same length element by element, other values equal.
fn holds(old: &Value, new: &Value, at: &str) -> Result<(), String> {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (k, v) in o {
                let Some(nv) = n.get(k) else {
                    return Err(format!("{at}.{k}: missing"));
                };
                holds(v, nv, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(o), Value::Array(n)) => {
            if o.len() != n.len() {
                return Err(format!("{at}: {} items, now {}", o.len(), n.len()));
            }
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                holds(a, b, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        _ if old == new => Ok(()),
        _ => Err(format!("{at}: was {old}, now {new}")),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn audit_id() -> String {
    read_json("audits.json")[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The audit, its findings and ratings as `store` shows them hold what the old build showed.
fn shows_the_same_state(store: &Path) {
    let id = audit_id();
    let now = run_in(store, &["--json", "audit", "show", &id]).ok().json();
    holds(&read_json("audit.json"), &now, "audit").unwrap();
    let now = run_in(store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    holds(&read_json("findings.json"), &now, "findings").unwrap();
    let now = run_in(store, &["--json", "rating", "list", "--audit", &id])
        .ok()
        .json();
    holds(&read_json("ratings.json"), &now, "ratings").unwrap();
}

#[test]
fn a_store_made_by_the_earlier_release_opens_verifies_and_shows_the_same_state() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    copy_dir(&golden().join("store"), &store);
    run_in(&store, &["verify"]).ok();
    shows_the_same_state(&store);
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    holds(&read_json("audits.json"), &list, "audits").unwrap();
    // every event is still there and readable
    let log = run_in(&store, &["--json", "log", "--limit", "100000"]).ok();
    let events: usize = std::fs::read_to_string(golden().join("state/events.txt"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(log.stdout.lines().count(), events);
    // this build's checks read it, and it takes new work in this build's events
    let id = audit_id();
    let check = run_in(&store, &["audit", "check", &id]).fails(1);
    assert!(
        check.stdout.contains("PGD-01: not answered"),
        "{}",
        check.stdout
    );
    run_in(
        &store,
        &[
            "audit",
            "correct",
            &id,
            "SP-01",
            "--clear-answer",
            "--reason",
            "uji golden",
        ],
    )
    .ok();
    run_in(&store, &["verify"]).ok();
}

#[test]
fn findings_files_and_a_backup_made_by_the_earlier_release_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let pass = golden().join("passphrase.txt");
    let pass = pass.to_str().unwrap();
    for (file, secret) in [
        ("temuan.periksa", None),
        ("temuan-terenkripsi.periksa", Some(pass)),
    ] {
        let store = tmp.path().join(file);
        run_in(
            &store,
            &[
                "init",
                "--name",
                "Budi Santoso",
                "--nip",
                "198609262015051001",
            ],
        )
        .ok();
        let path = golden().join(file);
        let mut args = vec!["import", path.to_str().unwrap()];
        if let Some(p) = secret {
            args.extend(["--passphrase-file", p]);
        }
        run_in(&store, &args).ok();
        run_in(&store, &["verify"]).ok();
        shows_the_same_state(&store);
    }
    let restored = tmp.path().join("restored");
    let backup = golden().join("backup.periksa");
    run_in(
        &restored,
        &[
            "restore",
            backup.to_str().unwrap(),
            "--passphrase-file",
            pass,
        ],
    )
    .ok();
    run_in(&restored, &["verify"]).ok();
    shows_the_same_state(&restored);
}

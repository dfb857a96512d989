//! A full disk and a read-only store, on small tmpfs mounts: one clear message, nothing lost.
//! Mounting needs root (as on the development machines and CI); elsewhere these tests say so and stop.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A tmpfs mounted for one test, unmounted when dropped (also when the test fails).
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs at {} (needs root)",
                dir.display()
            );
            return None;
        }
        Some(Mount(dir.to_path_buf()))
    }
    fn remount(&self, opts: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {opts}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn small_store(store: &Path) -> String {
    run_in(store, &["init", "--name", "Rina Kartika", "--role", "lead"]).ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    run_in(
        store,
        &[
            "agency",
            "import",
            root.join("data/sample/opd.csv").to_str().unwrap(),
        ],
    )
    .ok();
    let t = root.join("data/checklists/pelayanan-publik.toml");
    run_in(store, &["checklist", "import", t.to_str().unwrap()]).ok();
    let r = run_in(
        store,
        &[
            "audit",
            "new",
            "--agency",
            "DINKES",
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Uji disk",
        ],
    )
    .ok();
    r.stdout.trim().to_string()
}

fn answer_of(store: &Path, audit: &str, code: &str) -> serde_json::Value {
    let shown = run_in(store, &["--json", "audit", "show", audit])
        .ok()
        .json();
    shown["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()["answer"]
        .clone()
}

#[test]
fn a_full_disk_reports_it_and_loses_nothing_already_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&tmp.path().join("disk"), "16m") else {
        return;
    };
    let store = mount.0.join("store");
    let audit = small_store(&store);
    run_in(&store, &["audit", "advance", &audit]).ok();
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            "SP-01",
            "--answer",
            "sesuai",
            "--note",
            "Tersimpan sebelum disk penuh",
        ],
    )
    .ok();
    let journal_len = std::fs::metadata(store.join("journal.log")).unwrap().len();

    // fill the disk to the last byte
    let filler = mount.0.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let small = [0u8; 512];
        while f.write_all(&small).is_ok() {}
        let _ = f.sync_all();
    }
    let note = "x".repeat(100_000);
    let r = run_in(
        &store,
        &[
            "audit", "answer", &audit, "SP-02", "--answer", "sebagian", "--note", &note,
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("is full"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert_eq!(
        std::fs::metadata(store.join("journal.log")).unwrap().len(),
        journal_len,
        "no partial save is left in the journal"
    );

    // space again: everything saved before is there, the store verifies, saving works
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(answer_of(&store, &audit, "SP-01"), "compliant");
    assert!(answer_of(&store, &audit, "SP-02").is_null());
    run_in(&store, &["verify"]).ok();
    run_in(
        &store,
        &["audit", "answer", &audit, "SP-02", "--answer", "sebagian"],
    )
    .ok();
    assert_eq!(answer_of(&store, &audit, "SP-02"), "partial");
}

#[test]
fn a_read_only_store_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&tmp.path().join("ro"), "16m") else {
        return;
    };
    let store = mount.0.join("store");
    let audit = small_store(&store);
    mount.remount("ro");
    let r = run_in(
        &store,
        &["audit", "answer", &audit, "SP-01", "--answer", "sesuai"],
    )
    .fails(1);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert!(
        r.stderr.contains(store.to_str().unwrap()),
        "names the store: {}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    mount.remount("rw");
    run_in(&store, &["verify"]).ok();
}

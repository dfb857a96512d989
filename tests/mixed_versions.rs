//! Laptops of one team update on different days: events a newer Periksa wrote (a kind or a
//! payload version this build does not know) arrive in findings files. They are imported with
//! their hashes, chain and signature checked, kept as they are and passed on, with one line saying
//! so; after the update they are shown (the state is rebuilt on open).

mod common;

use std::path::{Path, PathBuf};

use common::run_in;
use periksa::domain::Id;
use periksa::exchange::bundle::{self, BundleWriter, Seal, Unseal};
use periksa::store::event::{Event, EventBody, Payload, Unknown};
use periksa::store::Entry;

const UNREAD_EN: &str = "events need a newer Periksa; they are kept and will show after an update";

/// A demo store (laptop A, "updated") and its audit id.
fn laptop_a(root: &Path) -> (PathBuf, String) {
    let store = root.join("a");
    periksa::app::demo::fill(&store).unwrap();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    let id = list[0]["id"].as_str().unwrap().to_string();
    (store, id)
}

/// A's findings file with one event of kind 200 (no build knows it yet) appended to A's chain,
/// signed with A's key as a future build on A would write it.
fn file_with_a_future_event(root: &Path, store: &Path, audit: &str) -> (PathBuf, String) {
    let plain = root.join("a.periksa");
    run_in(
        store,
        &["export", audit, "--output", plain.to_str().unwrap()],
    )
    .ok();
    let b = bundle::read(&plain, &Unseal::None).unwrap();
    let me = b.header.device;
    let mut entries = b.entries.clone();
    let at = entries
        .iter()
        .rposition(|e| e.device() == me)
        .expect("the sender's chain is in its file");
    let Entry::Event(last) = &entries[at] else {
        panic!("the sender's last entry is a whole event")
    };
    let body = EventBody {
        id: Id::now_v7(),
        device: me,
        seq: last.body.seq + 1,
        actor: last.body.actor,
        at_ms: last.body.at_ms + 1,
        base: None,
        payload: Payload::Unknown(Unknown {
            kind: 200,
            version: 1,
            audit: Some(audit.parse().unwrap()),
            data: b"catatan reviu dari versi mendatang".to_vec(),
        }),
    };
    let future = Event::seal(body, last.hash).unwrap();
    let hash = hex::encode(future.hash);
    entries.insert(at + 1, Entry::Event(future));
    let mut header = b.header.clone();
    header.events += 1;
    let range = header.ranges.iter_mut().find(|r| r.device == me).unwrap();
    range.last += 1;
    range.events += 1;
    let key = std::fs::read_to_string(store.join("device.key")).unwrap();
    let seed: [u8; 32] = hex::decode(key.trim()).unwrap().try_into().unwrap();
    let signer = ed25519_dalek::SigningKey::from_bytes(&seed);
    let out = root.join("a-future.periksa");
    let mut w = BundleWriter::create(&out, &header, &signer, &Seal::Plain).unwrap();
    for e in &entries {
        w.write(e).unwrap();
    }
    w.finish().unwrap();
    (out, hash)
}

fn fresh_laptop(root: &Path, name: &str) -> PathBuf {
    let store = root.join(name);
    run_in(
        &store,
        &[
            "init",
            "--name",
            "Sri Wahyuni",
            "--nip",
            "198703152010012004",
        ],
    )
    .ok();
    store
}

fn log(store: &Path) -> Vec<serde_json::Value> {
    run_in(store, &["--json", "log", "--limit", "100000"])
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn an_event_of_a_future_kind_is_imported_checked_kept_and_passed_on() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, audit) = laptop_a(tmp.path());
    let (file, hash) = file_with_a_future_event(tmp.path(), &a, &audit);

    // laptop B has not updated: the file is imported whole, with one line about the future event
    let b = fresh_laptop(tmp.path(), "b");
    let r = run_in(&b, &["import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains(&format!("1 {UNREAD_EN}")), "{}", r.stdout);
    let r = run_in(&b, &["--lang", "id", "import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("tidak ada yang baru"), "{}", r.stdout);
    run_in(&b, &["verify"]).ok();
    // it is in the audit's trail as what it is, and the state is A's
    let events = log(&b);
    let kept = events
        .iter()
        .find(|e| e["hash"] == hash.as_str())
        .expect("the future event is in the trail");
    assert_eq!(kept["kind"], "unknown");
    assert_eq!(kept["audit"], audit.as_str());
    let findings = |s: &Path| {
        run_in(s, &["--json", "finding", "list", &audit])
            .ok()
            .json()
    };
    assert_eq!(findings(&b), findings(&a));

    // B passes it on: C gets the same event, byte for byte (the same hash), and verifies it
    let from_b = tmp.path().join("b.periksa");
    run_in(
        &b,
        &["export", &audit, "--output", from_b.to_str().unwrap()],
    )
    .ok();
    let c = fresh_laptop(tmp.path(), "c");
    let r = run_in(&c, &["--json", "import", from_b.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(r["unread"], 1, "{r}");
    run_in(&c, &["verify"]).ok();
    assert!(log(&c).iter().any(|e| e["hash"] == hash.as_str()));

    // in Bahasa Indonesia too
    let d = fresh_laptop(tmp.path(), "d");
    let r = run_in(&d, &["--lang", "id", "import", file.to_str().unwrap()]).ok();
    assert!(
        r.stdout
            .contains("1 kejadian perlu Periksa yang lebih baru; kejadian itu disimpan"),
        "{}",
        r.stdout
    );
}

/// The binary as a laptop that has not updated yet: it does not know `kinds`.
fn run_old(store: &Path, kinds: &str, args: &[&str]) -> common::Run {
    let out = std::process::Command::new(common::bin())
        .arg("--store")
        .arg(store)
        .args(args)
        .env("PERIKSA_TEST_UNKNOWN_KINDS", kinds)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .env_remove("PERIKSA_STORE")
        .output()
        .unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn after_the_update_the_kept_events_show() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, audit) = laptop_a(tmp.path());
    // A (updated) withdraws a finding: an event of kind 18 that laptop B cannot read yet
    let findings = run_in(&a, &["--json", "finding", "list", &audit])
        .ok()
        .json();
    let n = findings.as_array().unwrap().len();
    let withdrawn = findings[0]["id"].as_str().unwrap().to_string();
    run_in(
        &a,
        &[
            "finding",
            "withdraw",
            &withdrawn,
            "--reason",
            "bukan temuan",
        ],
    )
    .ok();
    let file = tmp.path().join("a.periksa");
    run_in(&a, &["export", &audit, "--output", file.to_str().unwrap()]).ok();

    let b = fresh_laptop(tmp.path(), "b");
    let r = run_old(&b, "18", &["import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains(&format!("1 {UNREAD_EN}")), "{}", r.stdout);
    run_old(&b, "18", &["verify"]).ok();
    // not projected: B still lists the finding
    let before = run_old(&b, "18", &["--json", "finding", "list", &audit])
        .ok()
        .json();
    assert_eq!(before.as_array().unwrap().len(), n);
    // B updates: on open the state is rebuilt, said on stderr, and the withdrawal shows
    let r = run_in(&b, &["--json", "finding", "list", &audit]).ok();
    assert!(r.stderr.contains("could not read"), "{}", r.stderr);
    let after = r.json();
    assert_eq!(after.as_array().unwrap().len(), n - 1);
    assert!(after
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["id"] != withdrawn.as_str()));
    run_in(&b, &["verify"]).ok();
    // and it says so once: the next open is quiet
    let r = run_in(&b, &["--json", "finding", "list", &audit]).ok();
    assert!(!r.stderr.contains("rebuilt"), "{}", r.stderr);
}

/// The engagement's kinds (22, 23) came after the laptops of issue 14: a laptop that has not
/// updated keeps them from a findings file, and shows the engagement once it has.
#[test]
fn an_engagement_from_a_newer_laptop_is_kept_and_shows_after_the_update() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, audit) = laptop_a(tmp.path());
    run_in(
        &a,
        &[
            "audit",
            "set",
            &audit,
            "--simpulan",
            "Standar pelayanan belum lengkap.",
            "--tim",
            "kt; Rina Kartika; ; Penata Tingkat I (III/d)",
        ],
    )
    .ok();
    let file = tmp.path().join("a.periksa");
    run_in(&a, &["export", &audit, "--output", file.to_str().unwrap()]).ok();

    let b = fresh_laptop(tmp.path(), "b");
    let r = run_old(&b, "22,23", &["import", file.to_str().unwrap()]).ok();
    assert!(r.stdout.contains(UNREAD_EN), "{}", r.stdout);
    run_old(&b, "22,23", &["verify"]).ok();
    let old = run_old(&b, "22,23", &["--json", "audit", "show", &audit])
        .ok()
        .json();
    assert_eq!(old["engagement"]["simpulan"], "", "not read yet");
    let new = run_in(&b, &["--json", "audit", "show", &audit]).ok().json();
    assert_eq!(
        new["engagement"]["simpulan"],
        "Standar pelayanan belum lengkap."
    );
    assert_eq!(new["engagement"]["tim"][0]["nama"], "Rina Kartika");
    run_in(&b, &["verify"]).ok();
}

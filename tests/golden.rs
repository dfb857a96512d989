//! Stores and files written by an earlier release open in this one. Each directory under
//! `tests/data/golden` is a golden set, made by one build (`state/made-by.txt`): a store, its
//! audit's findings file (plain and passphrase-encrypted) and a backup, with the state that build
//! showed (`state/*.json`, the number of events in `state/events.txt`).
//!
//! - `v1` was made by the build before issue 13 (commit 20caaf4), by hand: the demo store with a
//!   settled conflict, an import from another laptop, a spreadsheet edit, sign-offs and a
//!   follow-up. It has 15 of the kinds of event.
//! - `v1-all-kinds` was made by the last build of the format before issue 14 (commit e5380f7) with
//!   `tests/data/golden/make.sh`: a journal with every one of that format's 21 kinds of event
//!   (corrections, withdrawals, a withdrawn sign-off, template limits, two settled conflicts …),
//!   the count per kind (`state/kinds.txt`) and the completeness check's result
//!   (`state/check.json`, `state/check-exit.txt`).
//! - `v2` was made the same way by the first build of the versioned event format (issue 14,
//!   commit a5517c6): journal format 2, findings-file format 2, every event in its envelope.
//! - `v3` was made the same way by the first build with the engagement (issue 15,
//!   commit c1dbb46): its `engagement.set` and `template.defaults` events.
//! - `v4` was made the same way by the first build where a finding has a list of
//!   recommendations, each with its own follow-up (issue 16, commit b5aa4ea): findings at payload
//!   version 2 with codes, `followup.reported` and `followup.verified`; `followup.recorded` is read
//!   but no longer written, so this set has none (the earlier sets do).
//! - `v5` was made the same way by the first build with the survey (issue 17, commit cdd1323):
//!   its `template.computed` (the shipped checklist's IKM item) and `survey.recorded` events.
//!
//! Every later build must open, verify and show the same state for every set: the same events
//! (per kind where the set counts them), the same audit, findings and ratings, the same check.
//! A new set is made with `make.sh` whenever the format changes; the tests find it by its
//! directory. JSON keys a later build adds are allowed; every key the old build wrote must still be
//! there with the same value.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::run_in;
use periksa::store::event::Kind;
use serde_json::Value;

/// The kinds of event of the format before issue 14 — `Kind::ALL` in src/store/event.rs at
/// e5380f7, in order of their numbers (1–21). Written out here, not read from `Kind::ALL`:
/// `v1-all-kinds` holds what that build could write, and later builds only add kinds after these.
const KINDS_OF_E5380F7: [&str; 21] = [
    "device.registered",
    "profile.added",
    "agency.upserted",
    "employee.upserted",
    "template.imported",
    "audit.created",
    "response.recorded",
    "phase.changed",
    "signed.off",
    "finding.raised",
    "followup.recorded",
    "rating.recommended",
    "finding.updated",
    "conflict.resolved",
    "file.imported",
    "rating.updated",
    "rating.withdrawn",
    "finding.withdrawn",
    "signoff.withdrawn",
    "response.corrected",
    "template.limits",
];

fn golden_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden")
}

/// Every golden set: each directory under `tests/data/golden`, by name.
fn sets() -> Vec<Set> {
    let mut names: Vec<String> = std::fs::read_dir(golden_root())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    // the two sets this test was written with are there; later ones are found the same way
    for known in ["v1", "v1-all-kinds"] {
        assert!(
            names.iter().any(|n| n == known),
            "golden set {known} missing"
        );
    }
    names.into_iter().map(Set::new).collect()
}

/// One golden set.
struct Set {
    name: String,
    dir: PathBuf,
}

impl Set {
    fn new(name: impl Into<String>) -> Set {
        let name = name.into();
        let dir = golden_root().join(&name);
        Set { name, dir }
    }

    fn state(&self, name: &str) -> PathBuf {
        self.dir.join("state").join(name)
    }

    fn read_json(&self, name: &str) -> Value {
        let path = self.state(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap()
    }

    fn read_number(&self, name: &str) -> i64 {
        std::fs::read_to_string(self.state(name))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    fn audit_id(&self) -> String {
        self.read_json("audits.json")[0]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `state/kinds.txt` (`code count` a line), if the set has it.
    fn kinds(&self) -> Option<BTreeMap<String, usize>> {
        let text = std::fs::read_to_string(self.state("kinds.txt")).ok()?;
        Some(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let (code, n) = l.split_once(' ').unwrap();
                    (code.to_string(), n.trim().parse().unwrap())
                })
                .collect(),
        )
    }

    /// Check that `new` holds what the set's `state/{name}` held.
    fn holds(&self, name: &str, new: &Value, at: &str) {
        if let Err(e) = holds(&self.read_json(name), new, at) {
            panic!("golden set {}: {e}", self.name);
        }
    }
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

/// The audit, its findings and ratings as `store` shows them hold what the old build showed.
fn shows_the_same_state(set: &Set, store: &Path) {
    let id = set.audit_id();
    let now = run_in(store, &["--json", "audit", "show", &id]).ok().json();
    set.holds("audit.json", &now, "audit");
    let now = run_in(store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    set.holds("findings.json", &now, "findings");
    let now = run_in(store, &["--json", "rating", "list", "--audit", &id])
        .ok()
        .json();
    set.holds("ratings.json", &now, "ratings");
}

/// Kinds of gap added to the completeness check after golden sets were made: (kind, the sets made
/// before it).
const ADDED_CHECKS: &[(&str, &[&str])] = &[(
    "data_penugasan_belum_lengkap",
    &["v1", "v1-all-kinds", "v2", "v3"],
)];

/// `audit check` gives what the set expects: for a set with `state/check.json`, the same exit
/// code, the same verdict and the same gaps (kind and whether it blocks final, in order; the
/// messages are for people and may be reworded); for `v1`, the gap it was made with.
fn checks_the_same(set: &Set, store: &Path) {
    let id = set.audit_id();
    if !set.state("check.json").exists() {
        assert_eq!(
            set.name, "v1",
            "golden set {} has no state/check.json",
            set.name
        );
        let check = run_in(store, &["audit", "check", &id]).fails(1);
        assert!(
            check.stdout.contains("PGD-01: not answered"),
            "{}",
            check.stdout
        );
        return;
    }
    let code = set.read_number("check-exit.txt") as i32;
    let now = run_in(store, &["--json", "audit", "check", &id])
        .fails(code)
        .json();
    // a check a later build added is not compared with a set made before it: the set's build
    // could not say it (the data is the same; the later build only looks at more)
    let known = |kind: &Value| {
        !ADDED_CHECKS
            .iter()
            .any(|(k, before)| kind == k && before.contains(&set.name.as_str()))
    };
    let gaps = |v: &Value| -> Vec<(Value, Value)> {
        v["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| known(&g["kind"]))
            .map(|g| (g["kind"].clone(), g["blocks_final"].clone()))
            .collect()
    };
    let was = set.read_json("check.json");
    assert_eq!(was["audit"], now["audit"], "golden set {}", set.name);
    assert_eq!(
        was["blocks_final"], now["blocks_final"],
        "golden set {}",
        set.name
    );
    assert_eq!(
        gaps(&was),
        gaps(&now),
        "golden set {}: the gaps differ\nnow: {}",
        set.name,
        now["gaps"]
    );
}

/// The log of `store` holds as many events as the set's build showed, of each kind as many where
/// the set counts them.
fn logs_the_same_events(set: &Set, store: &Path) {
    let log = run_in(store, &["--json", "log", "--limit", "100000"]).ok();
    let events = set.read_number("events.txt") as usize;
    assert_eq!(
        log.stdout.lines().count(),
        events,
        "golden set {}",
        set.name
    );
    let Some(kinds) = set.kinds() else {
        return;
    };
    let mut now = BTreeMap::new();
    for line in log.stdout.lines() {
        let e: Value = serde_json::from_str(line).unwrap();
        *now.entry(e["kind"].as_str().unwrap().to_string())
            .or_insert(0usize) += 1;
    }
    assert_eq!(
        kinds, now,
        "golden set {}: events per kind (state/kinds.txt, then now)",
        set.name
    );
    assert_eq!(
        kinds.values().sum::<usize>(),
        events,
        "golden set {}",
        set.name
    );
}

#[test]
fn stores_made_by_earlier_releases_open_verify_and_show_the_same_state() {
    for set in sets() {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("store");
        copy_dir(&set.dir.join("store"), &store);
        run_in(&store, &["verify"]).ok();
        shows_the_same_state(&set, &store);
        let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
        set.holds("audits.json", &list, "audits");
        // every event is still there and readable
        logs_the_same_events(&set, &store);
        // this build's checks read it, and it takes new work in this build's events
        checks_the_same(&set, &store);
        let id = set.audit_id();
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
}

#[test]
fn findings_files_and_backups_made_by_earlier_releases_are_read() {
    for set in sets() {
        let tmp = tempfile::tempdir().unwrap();
        let pass = set.dir.join("passphrase.txt");
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
            let path = set.dir.join(file);
            let mut args = vec!["import", path.to_str().unwrap()];
            if let Some(p) = secret {
                args.extend(["--passphrase-file", p]);
            }
            run_in(&store, &args).ok();
            run_in(&store, &["verify"]).ok();
            shows_the_same_state(&set, &store);
        }
        let restored = tmp.path().join("restored");
        let backup = set.dir.join("backup.periksa");
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
        shows_the_same_state(&set, &restored);
        // a backup holds every event whole, so the restored log has each of the set's events
        // (besides the restored laptop's own registration and profile)
        if let Some(kinds) = set.kinds() {
            let log = run_in(&restored, &["--json", "log", "--limit", "100000"]).ok();
            for (code, n) in &kinds {
                let now = log
                    .stdout
                    .lines()
                    .filter(|l| serde_json::from_str::<Value>(l).unwrap()["kind"] == *code)
                    .count();
                assert!(
                    now >= *n,
                    "golden set {}: restored backup has {now} {code} events, the store {n}",
                    set.name
                );
            }
        }
    }
}

/// `v1-all-kinds` covers the format before issue 14 whole: `state/kinds.txt` counts at least one
/// event of each of its 21 kinds (and `make.sh` refused to finish otherwise). The codes are still
/// the first 21 of this build's `Kind::ALL`, in order: kinds are only ever added after them.
#[test]
fn the_all_kinds_set_holds_every_kind_of_event_of_its_format() {
    let set = Set::new("v1-all-kinds");
    let kinds = set.kinds().expect("v1-all-kinds has state/kinds.txt");
    let missing: Vec<&str> = KINDS_OF_E5380F7
        .into_iter()
        .filter(|code| kinds.get(*code).is_none_or(|n| *n == 0))
        .collect();
    assert!(
        missing.is_empty(),
        "v1-all-kinds has no event of kind(s) {missing:?} (state/kinds.txt: {kinds:?})"
    );
    for code in kinds.keys() {
        assert!(
            KINDS_OF_E5380F7.contains(&code.as_str()),
            "state/kinds.txt names {code}, not a kind of e5380f7"
        );
    }
    let first: Vec<&str> = Kind::ALL.iter().take(21).map(|k| k.code()).collect();
    assert_eq!(first, KINDS_OF_E5380F7);
    for (n, code) in KINDS_OF_E5380F7.iter().enumerate() {
        let kind = Kind::from_code(code).unwrap();
        assert_eq!(kind as usize, n + 1, "{code}: its number changed");
    }
}

//! Issue 13: one current rating recommendation per (audit, NIP, period), and corrections — each an
//! event with a reason, in the trail — through the real binary.

mod common;

use common::run_in;
use std::path::{Path, PathBuf};

const NIP: &str = "19710128 200202 2 001";

/// The demo store (its audit in fieldwork, ratings for two ASN in 2026-S2) and the audit's id.
fn demo(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("demo");
    run_in(&store, &["demo"]).ok();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    let id = list[0]["id"].as_str().unwrap().to_string();
    (store, id)
}

fn ratings(store: &Path, id: &str) -> Vec<serde_json::Value> {
    run_in(store, &["--json", "rating", "list", "--audit", id])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn add<'a>(audit: &'a str, hasil: &'a str, perilaku: &'a str) -> Vec<&'a str> {
    vec![
        "rating",
        "add",
        audit,
        "--nip",
        NIP,
        "--hasil",
        hasil,
        "--perilaku",
        perilaku,
        "--period",
        "2026-S2",
        "--justification",
        "Penilaian ulang",
    ]
}

fn last_log(store: &Path, id: &str) -> serde_json::Value {
    let log = run_in(store, &["--json", "log", "--audit", id, "--limit", "1"]).ok();
    serde_json::from_str(log.stdout.lines().next().unwrap()).unwrap()
}

#[test]
fn a_second_rating_for_the_same_period_is_refused_unless_it_replaces_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let before = ratings(&store, &id);
    assert_eq!(before.len(), 2);
    let first = before
        .iter()
        .find(|r| r["nip"] == "197101282002022001")
        .unwrap();
    let short = &first["id"].as_str().unwrap().replace('-', "")[24..];

    // refused, naming the recommendation that stands
    let r = run_in(&store, &add(&id, "below", "below")).fails(1);
    assert!(
        r.stderr
            .contains("ASN 19710128 200202 2 001 already has a rating recommendation for 2026-S2")
            && r.stderr.contains(short)
            && r.stderr.contains("meets × below → Kurang/Misconduct")
            && r.stderr.contains("--replace"),
        "{}",
        r.stderr
    );
    assert_eq!(
        ratings(&store, &id),
        before,
        "a refused add changed nothing"
    );

    // --replace: the same recommendation changes (an edit, before → after in the trail)
    let mut args = add(&id, "above", "above");
    args.extend(["--replace", "hasil kerja dinilai ulang"]);
    let r = run_in(&store, &args).ok();
    assert!(r.stdout.contains("Sangat Baik"), "{}", r.stdout);
    let after = ratings(&store, &id);
    assert_eq!(after.len(), 2, "still one per ASN and period: {after:?}");
    let replaced = after
        .iter()
        .find(|r| r["nip"] == "197101282002022001")
        .unwrap();
    assert_eq!(replaced["id"], first["id"]);
    assert_eq!(replaced["predikat"], "sangat-baik");
    let e = last_log(&store, &id);
    assert_eq!(e["kind"], "rating.updated");
    assert!(
        e["summary"]
            .as_str()
            .unwrap()
            .contains("hasil kerja dinilai ulang"),
        "{e}"
    );

    // the distribution check counts the current recommendation only
    let check = run_in(
        &store,
        &["--json", "rating", "check", &id, "--organisation", "baik"],
    );
    let check: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let counted: u64 = check["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2, "{check}");
    assert_eq!(check["counts"][0]["count"], 1, "one Sangat Baik: {check}");
    run_in(&store, &["verify"]).ok();
}

#[test]
fn ratings_are_edited_and_withdrawn_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let first = ratings(&store, &id)
        .into_iter()
        .find(|r| r["nip"] == "197101282002022001")
        .unwrap();
    let rid = first["id"].as_str().unwrap().to_string();

    // an edit keeps what it does not name
    let r = run_in(
        &store,
        &[
            "--json",
            "rating",
            "edit",
            &rid,
            "--perilaku",
            "meets",
            "--reason",
            "tanggapan auditan diterima",
        ],
    )
    .ok()
    .json();
    assert_eq!(r["perilaku"], "meets");
    assert_eq!(r["hasil"], first["hasil"]);
    assert_eq!(r["justification"], first["justification"]);
    assert_eq!(r["predikat"], "baik");
    // no reason, no edit
    let r = run_in(
        &store,
        &["rating", "edit", &rid, "--hasil", "above", "--reason", "  "],
    )
    .fails(1);
    assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);

    // withdrawn: out of the list and the exports, kept in the trail
    run_in(
        &store,
        &["rating", "withdraw", &rid, "--reason", "ASN salah dipilih"],
    )
    .ok();
    let left = ratings(&store, &id);
    assert_eq!(left.len(), 1);
    assert!(left.iter().all(|r| r["id"] != rid.as_str()));
    let e = last_log(&store, &id);
    assert_eq!(e["kind"], "rating.withdrawn");
    let out = tmp.path().join("audit.json");
    run_in(&store, &["export", &id, "-o", out.to_str().unwrap()]).ok();
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(!exported.contains(&rid), "a withdrawn rating was exported");
    // a withdrawn one cannot be changed, and a new one may be made for that period
    let r = run_in(
        &store,
        &[
            "rating", "edit", &rid, "--hasil", "above", "--reason", "lagi",
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("was withdrawn"), "{}", r.stderr);
    run_in(&store, &add(&id, "meets", "meets")).ok();
    // the state survives a rebuild from the journal
    run_in(&store, &["rebuild"]).ok();
    assert_eq!(ratings(&store, &id).len(), 2);
    run_in(&store, &["verify"]).ok();
}

#[test]
fn findings_answers_and_evidence_are_corrected_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    let n = findings.as_array().unwrap().len();
    let fid = findings[0]["id"].as_str().unwrap().to_string();

    // a finding withdrawn leaves the list, stays in the trail
    let r = run_in(&store, &["finding", "withdraw", &fid, "--reason", ""]).fails(1);
    assert!(r.stderr.contains("needs a reason"), "{}", r.stderr);
    run_in(
        &store,
        &[
            "finding",
            "withdraw",
            &fid,
            "--reason",
            "ganda dengan temuan lain",
        ],
    )
    .ok();
    let after = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    assert_eq!(after.as_array().unwrap().len(), n - 1);
    assert_eq!(last_log(&store, &id)["kind"], "finding.withdrawn");
    let r = run_in(&store, &["finding", "follow-up", &fid, "--status", "1"]).fails(1);
    assert!(r.stderr.contains("was withdrawn"), "{}", r.stderr);

    // clear an answer: the note stays
    let evidence = tmp.path().join("foto-loket.jpg");
    std::fs::write(&evidence, b"jpeg").unwrap();
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &id,
            "SP-02",
            "--evidence",
            evidence.to_str().unwrap(),
        ],
    )
    .ok();
    let r = run_in(
        &store,
        &[
            "--json",
            "audit",
            "correct",
            &id,
            "SP-02",
            "--clear-answer",
            "--reason",
            "jawaban salah butir",
        ],
    )
    .ok()
    .json();
    assert!(r["answer"].is_null(), "{r}");
    assert!(!r["note"].as_str().unwrap().is_empty(), "{r}");
    assert_eq!(last_log(&store, &id)["kind"], "response.corrected");
    // remove an evidence reference by name; a name it does not have is named with what it has
    let r = run_in(
        &store,
        &[
            "audit",
            "correct",
            &id,
            "SP-02",
            "--remove-evidence",
            "tidak-ada.jpg",
            "--reason",
            "salah unggah",
        ],
    )
    .fails(1);
    assert!(
        r.stderr.contains("no evidence \"tidak-ada.jpg\"") && r.stderr.contains("foto-loket.jpg"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &store,
        &[
            "--json",
            "audit",
            "correct",
            &id,
            "SP-02",
            "--remove-evidence",
            "foto-loket.jpg",
            "--reason",
            "salah unggah",
        ],
    )
    .ok()
    .json();
    assert!(r["evidence"].as_array().unwrap().is_empty(), "{r}");
    // neither flag: a usage error
    run_in(&store, &["audit", "correct", &id, "SP-02", "--reason", "x"]).fails(2);
    run_in(&store, &["rebuild"]).ok();
    run_in(&store, &["verify"]).ok();
}

#[test]
fn a_sign_off_is_withdrawn_by_its_signer_while_no_later_role_signed() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    run_in(&store, &["audit", "advance", &id]).ok(); // to review
    run_in(&store, &["profile", "use", "199001012015031002"]).ok();
    run_in(&store, &["audit", "sign", &id, "--role", "member"]).ok();
    run_in(&store, &["profile", "use", "198005122005012003"]).ok();
    run_in(&store, &["audit", "sign", &id, "--role", "lead"]).ok();
    // the member cannot withdraw while the lead's sign-off stands, nor withdraw the lead's
    run_in(&store, &["profile", "use", "199001012015031002"]).ok();
    let r = run_in(
        &store,
        &[
            "audit", "unsign", &id, "--role", "member", "--reason", "salah",
        ],
    )
    .fails(1);
    assert!(
        r.stderr.contains("Ketua Tim has signed after it"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &store,
        &[
            "audit", "unsign", &id, "--role", "lead", "--reason", "salah",
        ],
    )
    .fails(1);
    assert!(
        r.stderr.contains("only the person who signed"),
        "{}",
        r.stderr
    );
    // the lead withdraws, then the member can
    run_in(&store, &["profile", "use", "198005122005012003"]).ok();
    run_in(
        &store,
        &[
            "audit",
            "unsign",
            &id,
            "--role",
            "lead",
            "--reason",
            "KKP belum lengkap",
        ],
    )
    .ok();
    run_in(&store, &["profile", "use", "199001012015031002"]).ok();
    run_in(
        &store,
        &[
            "audit",
            "unsign",
            &id,
            "--role",
            "member",
            "--reason",
            "ada butir tertinggal",
        ],
    )
    .ok();
    let show = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json();
    let signoffs = show["signoffs"].as_array().unwrap();
    assert!(
        signoffs.iter().all(|s| s["status"] == "missing"),
        "{}",
        show["signoffs"]
    );
    assert_eq!(last_log(&store, &id)["kind"], "signoff.withdrawn");
    run_in(&store, &["verify"]).ok();
}

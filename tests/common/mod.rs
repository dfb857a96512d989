//! Helpers shared by the integration tests: run the real binary against a temporary store.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn fails(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_periksa"))
}

/// The test generators' binary (`torture`, `scale`), built by `cargo test` with the `testkit`
/// feature the dev-dependency on this crate turns on.
pub fn testkit_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_periksa-testkit"))
}

/// `periksa-testkit --store STORE ARGS…`.
pub fn testkit_in(store: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(testkit_bin())
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("PERIKSA_STORE")
        .output()
        .expect("run periksa-testkit");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run_in(store: &Path, args: &[&str]) -> Run {
    // the command line speaks the environment's language: these tests read its English
    run_lang(Some(store), "en_US.UTF-8", args)
}

/// `periksa [--store STORE] ARGS…` with `LANG` set to `lang` and no other locale variable.
pub fn run_lang(store: Option<&Path>, lang: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    if let Some(store) = store {
        cmd.arg("--store").arg(store);
    }
    let out: Output = cmd
        .args(args)
        .env_remove("PERIKSA_STORE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("run periksa");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh store with one auditor profile (a ketua tim), agencies, the sample roster and templates.
pub fn seeded_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    run_in(
        &store,
        &[
            "init",
            "--name",
            "Rina Kartika",
            "--nip",
            "19800512 200501 2 003",
            "--role",
            "lead",
        ],
    )
    .ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    run_in(
        &store,
        &[
            "agency",
            "import",
            root.join("data/sample/opd.csv").to_str().unwrap(),
        ],
    )
    .ok();
    run_in(
        &store,
        &[
            "roster",
            "import",
            root.join("data/sample/pegawai.csv").to_str().unwrap(),
        ],
    )
    .ok();
    for t in [
        "pelayanan-publik",
        "disiplin-kinerja-asn",
        "pengembangan-kompetensi",
    ] {
        let p = root.join(format!("data/checklists/{t}.toml"));
        run_in(&store, &["checklist", "import", p.to_str().unwrap()]).ok();
    }
    store
}

pub fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// Fill every gap the completeness check blocks final on, through the binary: each unanswered
/// item is answered `na`, and each answered item that needs evidence gets a small evidence file.
pub fn complete_audit(store: &Path, audit: &str) {
    let shown = run_in(store, &["--json", "audit", "show", audit])
        .ok()
        .json();
    let evidence = store.with_file_name("bukti-kelengkapan.txt");
    std::fs::write(&evidence, b"bukti").unwrap();
    for item in shown["items"].as_array().unwrap() {
        let code = item["code"].as_str().unwrap();
        if item["answer"].is_null() {
            run_in(store, &["audit", "answer", audit, code, "--answer", "na"]).ok();
        } else if item["evidence_required"] == true
            && item["answer"] != "na"
            && item["evidence"].as_array().is_none_or(|e| e.is_empty())
        {
            run_in(
                store,
                &[
                    "audit",
                    "answer",
                    audit,
                    code,
                    "--evidence",
                    evidence.to_str().unwrap(),
                ],
            )
            .ok();
        }
    }
    let check = run_in(store, &["audit", "check", audit]);
    assert_eq!(check.code, 0, "still incomplete: {}", check.stdout);
}

//! Stores made by the deterministic torture script (`periksa::app::torture`), shared by the crash,
//! power-loss and corruption tests. Use with `#[path = "common/scripted.rs"] mod scripted;`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use periksa::app::torture::{self, Observed, Script};
use periksa::app::App;

/// A small deterministic RNG for test schedules (splitmix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A scratch directory for stores the test damages and copies by the hundred: on a RAM disk
/// (`/dev/shm`) when there is one, since these tests simulate crashes themselves and gain
/// nothing from a real disk's fsyncs; `PERIKSA_TEST_DISK=1` keeps them on the default temp dir.
pub fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if std::env::var_os("PERIKSA_TEST_DISK").is_none() && shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().unwrap()
}

/// Copy a directory tree (a store) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for entry in rd.flatten() {
            let p = entry.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A store made by running `saves` saves of the script in this process.
pub struct Generated {
    pub dir: PathBuf,
    pub script: Script,
    /// `models[k]`: the state after k saves.
    pub models: Vec<Observed>,
    /// `lengths[k]`: the journal's length once save k was acknowledged (`lengths[0]` = 0).
    pub lengths: Vec<u64>,
    /// Copies of the sled state directory taken after a clean close at save k.
    pub snapshots: Vec<(usize, PathBuf)>,
}

impl Generated {
    pub fn new(root: &Path, seed: u64, saves: usize, snapshot_at: &[usize]) -> Generated {
        let dir = root.join("base");
        let script = Script::new(seed, saves).unwrap();
        let mut app: Option<App> = None;
        let mut lengths = vec![0u64];
        let mut snapshots = Vec::new();
        for n in 1..=saves {
            torture::perform(&mut app, &dir, &script, n).unwrap();
            let a = app.as_ref().unwrap();
            lengths.push(a.store().journal_len());
            if snapshot_at.contains(&n) {
                app.take().unwrap().close().unwrap();
                let snap = root.join(format!("state-at-{n}"));
                copy_dir(&dir.join("state"), &snap);
                snapshots.push((n, snap));
                app = Some(App::open(&dir).unwrap());
            }
        }
        app.unwrap().close().unwrap();
        let models = script.models().unwrap();
        Generated {
            dir,
            script,
            models,
            lengths,
            snapshots,
        }
    }

    pub fn saves(&self) -> usize {
        self.lengths.len() - 1
    }

    /// The first save whose records reach past journal byte `offset` (damage there can only
    /// touch that save and later ones); `saves() + 1` when none does.
    pub fn first_save_at_or_after(&self, offset: u64) -> usize {
        (1..=self.saves())
            .find(|&n| self.lengths[n] > offset)
            .unwrap_or(self.saves() + 1)
    }

    /// Which k the observed state is, if any.
    pub fn which(&self, seen: &Observed) -> Option<usize> {
        self.models.iter().position(|m| m == seen)
    }
}

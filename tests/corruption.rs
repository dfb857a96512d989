//! Corruption sweep: a store's files are damaged many ways (bytes flipped at many offsets of the
//! journal, the journal cut at many lengths, ranges zeroed, sled's files damaged, the small TOML
//! and key files damaged). Opening must give a clear error or a verified recovery — never a panic,
//! never a silent wrong answer: if the store opens, either `verify` reports the damage, or the state
//! equals a rebuild, every save before the damage is intact, and anything lost was announced.

#[path = "common/scripted.rs"]
mod scripted;

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use periksa::app::{torture, App};
use scripted::{copy_dir, files_under, Generated, Rng};

const SAVES: usize = 40;

#[derive(Default, Debug)]
struct Counts {
    tried: u64,
    panics: u64,
    clear_errors: u64,
    reported_by_verify: u64,
    recovered: u64,
    silent_wrong: u64,
}

enum Damage {
    Flip(u64),
    Truncate(u64),
    Zero(u64, u64),
    Garbage(u64, Vec<u8>),
    Replace(Vec<u8>),
    Delete,
}

fn damage(path: &Path, d: &Damage) {
    match d {
        Damage::Flip(at) => {
            let f = OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .unwrap();
            let mut b = [0u8];
            f.read_exact_at(&mut b, *at).unwrap();
            f.write_all_at(&[b[0] ^ 0x5A], *at).unwrap();
        }
        Damage::Truncate(len) => {
            let f = OpenOptions::new().write(true).open(path).unwrap();
            f.set_len(*len).unwrap();
        }
        Damage::Zero(at, len) => {
            let f = OpenOptions::new().write(true).open(path).unwrap();
            f.write_all_at(&vec![0u8; *len as usize], *at).unwrap();
        }
        Damage::Garbage(at, bytes) => {
            let f = OpenOptions::new().write(true).open(path).unwrap();
            f.write_all_at(bytes, *at).unwrap();
        }
        Damage::Replace(bytes) => std::fs::write(path, bytes).unwrap(),
        Damage::Delete => std::fs::remove_file(path).unwrap(),
    }
}

/// Open the damaged store at `dir` and judge the outcome. `intact` is the number of saves that
/// must survive if the store opens and verifies (saves before the damage).
fn judge(
    g: &Generated,
    dir: &Path,
    intact: usize,
    what: &str,
    c: &mut Counts,
    bad: &mut Vec<String>,
) {
    c.tried += 1;
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let app = match App::open(dir) {
            Ok(app) => app,
            Err(e) => {
                let msg = e.to_string();
                if msg.trim().is_empty() {
                    return Err("open failed with an empty message".into());
                }
                c.clear_errors += 1;
                return Ok(());
            }
        };
        let report = app
            .verify()
            .map_err(|e| format!("verify failed to run: {e}"));
        match report {
            Ok(r) if !r.ok() => {
                c.reported_by_verify += 1;
                return Ok(());
            }
            Ok(_) => {}
            Err(_) => {
                // an error reading the state is a report of damage too
                c.reported_by_verify += 1;
                return Ok(());
            }
        }
        let seen =
            torture::observe(&app).map_err(|e| format!("verified, then reading failed: {e}"))?;
        let k = g
            .which(&seen)
            .ok_or_else(|| "verified, but the state matches no point of the script".to_string())?;
        if k < intact.min(g.saves()) {
            return Err(format!(
                "verified, but holds {k} saves where {} were before the damage",
                intact.min(g.saves())
            ));
        }
        if k < g.saves() && app.notices().is_empty() {
            return Err(format!(
                "lost saves {}..={} without a notice",
                k + 1,
                g.saves()
            ));
        }
        // (a verify that passes has re-derived the whole state from the journal and found it
        // equal to the live one: the state equals a rebuild)
        c.recovered += 1;
        Ok(())
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            c.silent_wrong += 1;
            if bad.len() < 30 {
                bad.push(format!("{what}: {e}"));
            }
        }
        Err(_) => {
            c.panics += 1;
            if bad.len() < 30 {
                bad.push(format!("{what}: PANIC"));
            }
        }
    }
}

fn fresh_copy(g: &Generated, root: &Path, n: u64) -> PathBuf {
    let dir = root.join(format!("c{n}"));
    copy_dir(&g.dir, &dir);
    dir
}

#[test]
fn damaged_stores_give_a_clear_error_or_a_verified_recovery_never_a_panic() {
    let root = scripted::scratch_dir();
    let g = Generated::new(root.path(), 5, SAVES, &[]);
    let mut rng = Rng(99);
    let mut c = Counts::default();
    let mut bad = Vec::new();
    let journal_len = g.lengths[SAVES];
    let mut n = 0u64;
    let mut attempt = |rel: &str, d: Damage, intact: usize, what: String, c: &mut Counts| {
        n += 1;
        let dir = fresh_copy(&g, root.path(), n);
        damage(&dir.join(rel), &d);
        judge(&g, &dir, intact, &what, c, &mut bad);
        let _ = std::fs::remove_dir_all(&dir);
    };

    // the journal: a byte flipped at many offsets (every header byte, then a stride, then random)
    let mut offsets: Vec<u64> = (0..40).collect();
    offsets.extend((40..journal_len).step_by((journal_len / 150).max(1) as usize));
    offsets.extend((0..30).map(|_| rng.below(journal_len)));
    for at in offsets {
        let intact = g.first_save_at_or_after(at) - 1;
        attempt(
            "journal.log",
            Damage::Flip(at),
            intact,
            format!("journal flip at {at}"),
            &mut c,
        );
    }
    // cut at many lengths
    let mut lens: Vec<u64> = (0..20).collect();
    lens.extend((20..journal_len).step_by((journal_len / 60).max(1) as usize));
    lens.extend((0..20).map(|_| rng.below(journal_len)));
    for len in lens {
        let intact = g.first_save_at_or_after(len) - 1;
        attempt(
            "journal.log",
            Damage::Truncate(len),
            intact,
            format!("journal cut to {len}"),
            &mut c,
        );
    }
    // ranges zeroed, garbage written over ranges
    for _ in 0..20 {
        let at = rng.below(journal_len);
        let len = rng.range(1, 2000).min(journal_len - at);
        let intact = g.first_save_at_or_after(at) - 1;
        attempt(
            "journal.log",
            Damage::Zero(at, len),
            intact,
            format!("journal zeroed {at}+{len}"),
            &mut c,
        );
        let at = rng.below(journal_len);
        let blen = rng.range(1, 64) as usize;
        let bytes = rng.bytes(blen);
        let intact = g.first_save_at_or_after(at) - 1;
        let what = format!("journal garbage at {at}+{}", bytes.len());
        attempt(
            "journal.log",
            Damage::Garbage(at, bytes),
            intact,
            what,
            &mut c,
        );
    }

    // sled's files: every file flipped, cut, zeroed at many places, or deleted
    let state_files: Vec<String> = files_under(&g.dir.join("state"))
        .into_iter()
        .map(|p| {
            p.strip_prefix(&g.dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for rel in &state_files {
        let len = std::fs::metadata(g.dir.join(rel)).unwrap().len();
        attempt(rel, Damage::Delete, SAVES, format!("{rel} deleted"), &mut c);
        if len == 0 {
            continue;
        }
        let mut offsets: Vec<u64> = (0..len.min(16)).collect();
        offsets.extend((0..24).map(|_| rng.below(len)));
        for at in offsets {
            attempt(
                rel,
                Damage::Flip(at),
                SAVES,
                format!("{rel} flip at {at}"),
                &mut c,
            );
        }
        for _ in 0..6 {
            let l = rng.below(len);
            attempt(
                rel,
                Damage::Truncate(l),
                SAVES,
                format!("{rel} cut to {l}"),
                &mut c,
            );
            let at = rng.below(len);
            let zl = rng.range(1, 8192).min(len - at);
            attempt(
                rel,
                Damage::Zero(at, zl),
                SAVES,
                format!("{rel} zeroed {at}+{zl}"),
                &mut c,
            );
        }
    }

    // the small files: flipped, cut, emptied, replaced by garbage or by other TOML, deleted
    for rel in ["store.toml", "settings.toml", "device.key"] {
        let len = std::fs::metadata(g.dir.join(rel)).unwrap().len();
        for at in 0..len {
            attempt(
                rel,
                Damage::Flip(at),
                SAVES,
                format!("{rel} flip at {at}"),
                &mut c,
            );
        }
        for l in (0..len).step_by(7) {
            attempt(
                rel,
                Damage::Truncate(l),
                SAVES,
                format!("{rel} cut to {l}"),
                &mut c,
            );
        }
        let replacements: [&[u8]; 5] = [
            b"",
            b"\xFF\xFE\x00garbage",
            b"format = 99\n",
            b"[[x]]\ny = 1\n",
            b"current_profile = \"not-an-id\"\n",
        ];
        for r in replacements {
            attempt(
                rel,
                Damage::Replace(r.to_vec()),
                SAVES,
                format!("{rel} replaced by {r:?}"),
                &mut c,
            );
        }
        attempt(rel, Damage::Delete, SAVES, format!("{rel} deleted"), &mut c);
    }

    println!("corruption sweep: {c:?}");
    assert_eq!(c.panics, 0, "{}", bad.join("\n"));
    assert!(bad.is_empty(), "{c:?}\n{}", bad.join("\n"));
    assert!(c.tried > 400);
}

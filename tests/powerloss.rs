//! Power loss, as SQLite's tests simulate it: the journal's length is recorded after every
//! acknowledged save; then, for hundreds of cut points, a copy of the store has its journal cut
//! back to a length that was synced, a torn write appended (part of the next save, random bytes,
//! zeros or a record header claiming a huge size), and its sled state deleted, emptied, stale,
//! ahead of the journal or cut short. Reopening must recover: every save acknowledged before the
//! cut is there, nothing after it is half there, and `verify` passes.
//!
//! `PERIKSA_POWERLOSS_CUTS` sets the number of cuts (default 300).

#[path = "common/scripted.rs"]
mod scripted;

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use periksa::app::App;
use scripted::{copy_dir, files_under, Generated, Rng};

const SAVES: usize = 50;

#[derive(Debug, Clone, Copy)]
enum Torn {
    None,
    /// The first bytes of the next save, as a write cut by the power going.
    PartOfNext,
    /// The next save whole but its last byte, then zeros (a sector that never made it). The missing
    /// byte is written as something it was not: were it a zero already, the zeros would complete
    /// the save, which then is rightly found whole.
    NextThenZeros,
    Random,
    Zeros,
    /// A record header that claims far more bytes than follow (and than the record limit).
    HugeHeader,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Deleted,
    EmptyDir,
    /// The state as sled had it when the store was closed at an earlier (or later) save.
    Snapshot,
    /// The state of the whole session: ahead of the cut journal.
    Ahead,
    /// The state of the whole session with its data file cut short.
    AheadTruncated,
    /// A snapshot without its `conf` file.
    SnapshotNoConf,
}

fn torn_bytes(g: &Generated, k: usize, torn: Torn, rng: &mut Rng) -> Vec<u8> {
    let next = if k < g.saves() {
        let base = std::fs::read(g.dir.join("journal.log")).unwrap();
        base[g.lengths[k] as usize..g.lengths[k + 1] as usize].to_vec()
    } else {
        rng.bytes(300)
    };
    match torn {
        Torn::None => Vec::new(),
        Torn::PartOfNext => {
            let cut = rng.below(next.len() as u64) as usize;
            next[..cut].to_vec()
        }
        Torn::NextThenZeros => {
            let mut b = next[..next.len() - 1].to_vec();
            b.push(next[next.len() - 1] ^ 0xFF);
            b.extend(std::iter::repeat_n(0u8, rng.range(1, 600) as usize));
            b
        }
        Torn::Random => {
            let n = rng.range(1, 3000) as usize;
            rng.bytes(n)
        }
        Torn::Zeros => vec![0u8; rng.range(1, 4096) as usize],
        Torn::HugeHeader => {
            let mut b = Vec::new();
            b.extend_from_slice(&u32::MAX.to_le_bytes());
            b.push(1);
            let n = 8 + rng.below(100) as usize;
            b.extend(rng.bytes(n));
            b
        }
    }
}

fn cut_store(g: &Generated, to: &Path, k: usize, torn: Torn, state: State, rng: &mut Rng) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["store.toml", "device.key", "settings.toml", "journal.log"] {
        std::fs::copy(g.dir.join(f), to.join(f)).unwrap();
    }
    let journal = to.join("journal.log");
    let tail = torn_bytes(g, k, torn, rng);
    let f = OpenOptions::new().write(true).open(&journal).unwrap();
    f.set_len(g.lengths[k]).unwrap();
    drop(f);
    let mut f = OpenOptions::new().append(true).open(&journal).unwrap();
    f.write_all(&tail).unwrap();
    drop(f);
    let snapshot = |rng: &mut Rng| {
        let i = rng.below(g.snapshots.len() as u64) as usize;
        g.snapshots[i].1.clone()
    };
    let state_dir = to.join("state");
    match state {
        State::Deleted => {}
        State::EmptyDir => std::fs::create_dir_all(&state_dir).unwrap(),
        State::Snapshot => copy_dir(&snapshot(rng), &state_dir),
        State::Ahead => copy_dir(&g.dir.join("state"), &state_dir),
        State::AheadTruncated => {
            copy_dir(&g.dir.join("state"), &state_dir);
            let files: Vec<_> = files_under(&state_dir)
                .into_iter()
                .filter(|p| p.file_name().is_some_and(|n| n != "conf"))
                .collect();
            let victim = &files[rng.below(files.len() as u64) as usize];
            let len = std::fs::metadata(victim).unwrap().len();
            let f = OpenOptions::new().write(true).open(victim).unwrap();
            f.set_len(rng.below(len + 1)).unwrap();
        }
        State::SnapshotNoConf => {
            copy_dir(&snapshot(rng), &state_dir);
            let _ = std::fs::remove_file(state_dir.join("conf"));
        }
    }
}

/// The save the journal is cut back to, the torn write and the state of the next cut.
fn next_cut(rng: &mut Rng, saves: usize) -> (usize, Torn, State) {
    let torns = [
        Torn::None,
        Torn::PartOfNext,
        Torn::NextThenZeros,
        Torn::Random,
        Torn::Zeros,
        Torn::HugeHeader,
    ];
    let states = [
        State::Deleted,
        State::EmptyDir,
        State::Snapshot,
        State::Ahead,
        State::AheadTruncated,
        State::SnapshotNoConf,
    ];
    // the store exists from save 1 (init) on
    let k = rng.range(1, saves as u64) as usize;
    let torn = torns[rng.below(torns.len() as u64) as usize];
    let state = states[rng.below(states.len() as u64) as usize];
    (k, torn, state)
}

#[test]
fn every_save_synced_before_the_power_went_survives_and_nothing_after_it_is_half_there() {
    let cuts = std::env::var("PERIKSA_POWERLOSS_CUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300u64);
    let root = scripted::scratch_dir();
    let g = Generated::new(root.path(), 77, SAVES, &[8, 25, 40]);
    let mut rng = Rng(4242);
    let mut failures = Vec::new();
    for i in 0..cuts {
        let (k, torn, state) = next_cut(&mut rng, SAVES);
        let dir = root.path().join(format!("cut-{i}"));
        cut_store(&g, &dir, k, torn, state, &mut rng);
        let what = format!("cut {i}: journal at save {k}, torn write {torn:?}, state {state:?}");
        let opened = std::panic::catch_unwind(|| App::open(&dir));
        let app = match opened {
            Ok(Ok(app)) => app,
            Ok(Err(e)) => {
                failures.push(format!("{what}: open failed: {e}"));
                continue;
            }
            Err(_) => {
                failures.push(format!("{what}: open panicked"));
                continue;
            }
        };
        let seen = periksa::app::torture::observe(&app).unwrap();
        if seen != g.models[k] {
            let found = g.which(&seen);
            failures.push(format!(
                "{what}: the store holds {found:?} saves, not {k} ({})",
                g.models[k].diff(&seen)
            ));
            continue;
        }
        let report = app.verify().unwrap();
        if !report.ok() {
            failures.push(format!("{what}: verify: {:?}", report.problems));
        }
        // now and then, a second crash right after recovery: reopening changes nothing
        if i % 8 != 0 {
            drop(app);
            std::fs::remove_dir_all(&dir).unwrap();
            continue;
        }
        let live = app.store().dump().unwrap();
        drop(app);
        let again = App::open(&dir).unwrap();
        if again.store().dump().unwrap() != live || !again.notices().is_empty() {
            failures.push(format!(
                "{what}: a second open changed the state or recovered again: {:?}",
                again.notices()
            ));
        }
        drop(again);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    println!("power loss: {cuts} cuts, {} failures", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Found by the test above (2 of 30 cuts in one run): sled can open a data file that was cut
/// short and fail only when it is read, which made the store unopenable ("run `periksa
/// rebuild`", which could not open it either). Now the state is set aside and rebuilt from the
/// journal, with a notice. Whether a given cut lands on such a spot depends on where sled's
/// background flushes put its pages, so this sweeps many lengths and requires every one to open.
#[test]
fn a_state_file_cut_short_at_any_length_is_recovered() {
    let root = scripted::scratch_dir();
    let g = Generated::new(root.path(), 77, 120, &[]);
    let k = 55;
    let db = std::path::PathBuf::from("state/db");
    let len = std::fs::metadata(g.dir.join(&db)).unwrap().len();
    let mut unreadable = 0;
    for step in 1..40u64 {
        let cut = len * step / 40;
        let what = format!("state/db cut to {cut} of {len}");
        let dir = root.path().join(format!("cut-{step}"));
        copy_dir(&g.dir, &dir);
        let f = OpenOptions::new().write(true).open(dir.join(&db)).unwrap();
        f.set_len(cut).unwrap();
        drop(f);
        // the journal as it was at save k: the state is ahead of it
        let f = OpenOptions::new()
            .write(true)
            .open(dir.join("journal.log"))
            .unwrap();
        f.set_len(g.lengths[k]).unwrap();
        drop(f);
        let app = App::open(&dir).unwrap_or_else(|e| panic!("{what}: {e}"));
        if app
            .notices()
            .iter()
            .any(|n| n.to_string().contains("it could not be read"))
        {
            unreadable += 1;
        }
        let seen = periksa::app::torture::observe(&app).unwrap();
        assert!(seen == g.models[k], "{what}: {}", g.models[k].diff(&seen));
        assert!(app.verify().unwrap().ok(), "{what}");
        drop(app);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    println!("{unreadable} of 39 cuts opened in sled and could not be read");
}

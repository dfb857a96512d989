//! A stable stand-in for the cargo-fuzz targets in `fuzz/`: the same entry points (findings files, roster CSV and
//! XLSX readers, checklist loader, theme loader) on random bytes and on mutated real files, inside
//! `cargo test`. None may panic, and none may make one allocation far larger than its input (a
//! file claiming huge sizes must be refused before anything that size is allocated): a counting
//! allocator records the largest single allocation of each call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use periksa::exchange::{checklist, roster, workbook};
use periksa::tui::theme::Theme;
use proptest::prelude::*;

/// Records the largest single allocation made on this thread since the last reset.
struct Counting;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn record(size: usize) {
    let _ = LARGEST.try_with(|l| {
        if size > l.get() {
            l.set(size)
        }
    });
}

// SAFETY: every call is passed straight to the system allocator; the wrapper only records sizes
// in a thread-local cell (const-initialised, so it never allocates itself).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// No single allocation of one call may exceed this (inputs here are at most a few hundred KiB).
const MAX_ONE_ALLOCATION: usize = 64 * 1024 * 1024;

/// Run `f` on `data`: it must not panic, nor allocate more than the limit at once.
fn check(target: &str, data: &[u8], f: impl Fn(&[u8])) {
    LARGEST.with(|l| l.set(0));
    let outcome = catch_unwind(AssertUnwindSafe(|| f(data)));
    let largest = LARGEST.with(|l| l.get());
    assert!(
        outcome.is_ok(),
        "{target} panicked on {} bytes: {:?}",
        data.len(),
        &data[..data.len().min(200)]
    );
    assert!(
        largest <= MAX_ONE_ALLOCATION,
        "{target} allocated {largest} bytes at once for {} bytes of input",
        data.len()
    );
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 5, 16).unwrap()
}

// the same bodies as fuzz/fuzz_targets/*.rs
fn roster_csv(data: &[u8]) {
    let _ = roster::parse_roster("fuzz.csv", data, today());
    let _ = roster::parse_agencies("fuzz.csv", data);
}
fn roster_xlsx(data: &[u8]) {
    let _ = workbook::read_first_sheet(data, 200);
    let _ = roster::parse_roster("fuzz.xlsx", data, today());
}
fn checklist_toml(data: &[u8]) {
    let _ = checklist::parse_template("fuzz.toml", data);
}
fn bundle_file(data: &[u8]) {
    let _ = periksa::exchange::bundle::read_bytes(std::path::Path::new("fuzz.periksa"), data);
}

fn bundle_seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad");
    [
        "bundle-good.periksa",
        "bundle-reordered.periksa",
        "bundle-billion-events.periksa",
    ]
    .iter()
    .map(|f| std::fs::read(dir.join(f)).unwrap())
    .collect()
}

fn theme_toml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Theme::from_toml("fuzz.toml", text);
    }
}

fn read_dir_files(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    for e in std::fs::read_dir(root).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == ext) {
            out.push(std::fs::read(p).unwrap());
        }
    }
    out.sort();
    out
}

/// A real roster workbook (the first rows of the sample roster).
fn xlsx_seed() -> Vec<u8> {
    let csv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/pegawai.csv"),
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in csv
        .trim_start_matches('\u{feff}')
        .lines()
        .take(30)
        .enumerate()
    {
        for (c, cell) in line.split(';').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv_seeds() -> Vec<Vec<u8>> {
    let mut s = read_dir_files("data/sample", "csv");
    s.extend(read_dir_files("tests/data/bad", "csv"));
    // keep the inputs small: the first 40 lines of each
    s.into_iter()
        .map(|b| {
            let end = b
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == b'\n')
                .nth(40)
                .map_or(b.len(), |(i, _)| i + 1);
            b[..end].to_vec()
        })
        .collect()
}

fn toml_seeds() -> Vec<Vec<u8>> {
    let mut s = read_dir_files("data/checklists", "toml");
    s.extend(read_dir_files("tests/data/bad", "toml"));
    s
}

/// Edits to apply to a seed: (position as a fraction, byte) overwrites, a cut, an insertion.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let n = seeds.len();
    (
        0..n,
        prop::collection::vec((any::<u32>(), any::<u8>()), 0..8),
        prop::option::of(any::<u32>()),
        prop::option::of((any::<u32>(), prop::collection::vec(any::<u8>(), 1..64))),
    )
        .prop_map(move |(i, flips, cut, insert)| {
            let mut b = seeds[i].clone();
            for (at, byte) in flips {
                if !b.is_empty() {
                    let at = at as usize % b.len();
                    b[at] = byte;
                }
            }
            if let Some((at, bytes)) = insert {
                let at = at as usize % (b.len() + 1);
                b.splice(at..at, bytes);
            }
            if let Some(cut) = cut {
                if cut % 4 == 0 {
                    let len = cut as usize % (b.len() + 1);
                    b.truncate(len);
                }
            }
            b
        })
}

/// Cases per property: 200, or `PERIKSA_FUZZ_CASES` for a longer run.
fn cases() -> u32 {
    std::env::var("PERIKSA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn roster_csv_random_bytes(data in prop::collection::vec(any::<u8>(), 0..4096)) {
        check("roster_csv", &data, roster_csv);
    }

    #[test]
    fn roster_csv_mutated(data in mutated(csv_seeds())) {
        check("roster_csv", &data, roster_csv);
    }

    #[test]
    fn roster_xlsx_mutated(data in mutated(vec![xlsx_seed()])) {
        check("roster_xlsx", &data, roster_xlsx);
    }

    #[test]
    fn roster_xlsx_random_after_zip_magic(tail in prop::collection::vec(any::<u8>(), 0..4096)) {
        let mut data = workbook::ZIP_MAGIC.to_vec();
        data.extend(tail);
        check("roster_xlsx", &data, roster_xlsx);
    }

    #[test]
    fn checklist_toml_mutated(data in mutated(toml_seeds())) {
        check("checklist_toml", &data, checklist_toml);
    }

    #[test]
    fn checklist_toml_random_bytes(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        check("checklist_toml", &data, checklist_toml);
    }

    #[test]
    fn bundle_mutated(data in mutated(bundle_seeds())) {
        check("bundle", &data, bundle_file);
    }

    #[test]
    fn bundle_random_after_magic(tail in prop::collection::vec(any::<u8>(), 0..4096)) {
        let mut data = b"PRKSBNDL".to_vec();
        data.extend_from_slice(&tail);
        check("bundle", &data, bundle_file);
    }

    #[test]
    fn theme_toml_mutated(data in mutated(read_dir_files("themes", "toml"))) {
        check("theme_toml", &data, theme_toml);
    }
}

/// Overwrite every uncompressed-size field of a zip (local headers and central directory) with
/// `size`: a small workbook that claims huge members.
fn claim_sizes(zip: &[u8], size: u32) -> Vec<u8> {
    let mut b = zip.to_vec();
    let mut i = 0;
    while i + 4 <= b.len() {
        match &b[i..i + 4] {
            // local file header: uncompressed size at +22
            [0x50, 0x4b, 0x03, 0x04] if i + 26 <= b.len() => {
                b[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                i += 4;
            }
            // central directory header: uncompressed size at +24
            [0x50, 0x4b, 0x01, 0x02] if i + 28 <= b.len() => {
                b[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                i += 4;
            }
            _ => i += 1,
        }
    }
    b
}

/// `PERIKSA_WRITE_FUZZ_SEEDS=1` writes the generated workbook to `fuzz/seeds/xlsx/` (the seed
/// corpus of the `roster_xlsx` fuzz target).
#[test]
fn write_fuzz_seeds_on_request() {
    if std::env::var_os("PERIKSA_WRITE_FUZZ_SEEDS").is_none() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/xlsx");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("roster.xlsx"), xlsx_seed()).unwrap();
}

#[test]
fn a_workbook_claiming_huge_members_is_refused_before_allocating_them() {
    let seed = xlsx_seed();
    for size in [
        1 << 20,
        100 << 20,
        (workbook::MAX_UNPACKED_BYTES / 2) as u32,
        u32::MAX - 1,
    ] {
        let data = claim_sizes(&seed, size);
        check("roster_xlsx", &data, roster_xlsx);
    }
}

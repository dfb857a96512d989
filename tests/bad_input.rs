//! Hostile input through the real binary: every bad file, argument and store gets one clear,
//! specific error (exit 1, or 2 for usage), and nothing in the store changes.
//!
//! The corpus lives in `tests/data/bad/`; files too big to commit are generated here.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A file from the committed corpus.
fn bad(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bad")
        .join(name);
    assert!(p.exists(), "corpus file {name} is missing");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// What can be seen of a store from outside; equal snapshots mean nothing was saved.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    employees: usize,
    agencies: usize,
    templates: usize,
    audits: usize,
    profiles: usize,
    events: usize,
    last_event: String,
}

fn count(store: &Path, args: &[&str]) -> usize {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    run_in(store, &all).ok().json().as_array().unwrap().len()
}

fn snapshot(store: &Path) -> Snapshot {
    let log = run_in(store, &["--json", "log", "--limit", "1000000"]).ok();
    Snapshot {
        employees: count(store, &["roster", "list", "--limit", "1000000"]),
        agencies: count(store, &["agency", "list"]),
        templates: count(store, &["checklist", "list"]),
        audits: count(store, &["audit", "list"]),
        profiles: count(store, &["profile", "list"]),
        events: log.stdout.lines().count(),
        last_event: log.stdout.lines().next().unwrap_or("").to_string(),
    }
}

/// The store is as it was and still verifies.
fn assert_unchanged(store: &Path, before: &Snapshot, case: &str) {
    assert_eq!(&snapshot(store), before, "{case}: the store changed");
    let v = run_in(store, &["--json", "verify"]).ok().json();
    assert_eq!(v["ok"], true, "{case}: verify after the failure: {v}");
}

/// No panic, no backtrace hint, no Debug dump: a person reads this.
fn assert_clean(r: &Run, case: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "Os {", "Custom {", "kind: "] {
        assert!(
            !r.stderr.contains(bad),
            "{case}: stderr has {bad:?}:\n{}",
            r.stderr
        );
    }
    assert!(
        r.stderr.starts_with("error: "),
        "{case}: stderr starts with `error: `:\n{}",
        r.stderr
    );
}

/// Runs a command that must fail with `code`, every needle on stderr, and at most `lines` lines.
fn refused(store: &Path, args: &[&str], code: i32, needles: &[&str], lines: usize) -> Run {
    let case = args.join(" ");
    let r = run_in(store, args).fails(code);
    if code == 1 {
        assert_clean(&r, &case);
    }
    for n in needles {
        assert!(
            r.stderr.contains(n),
            "{case}: stderr lacks {n:?}:\n{}",
            r.stderr
        );
    }
    let n = r.stderr.trim_end().lines().count();
    assert!(
        n <= lines,
        "{case}: {n} lines on stderr, expected at most {lines}:\n{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{case}: stdout: {}", r.stdout);
    r
}

// ---------------------------------------------------------------------------------------------
// Roster CSV

#[test]
fn roster_files_that_are_not_csv_text_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let huge_line = write(
        dir.path(),
        "roster-1mib-cell.csv",
        format!(
            "NIP;Nama;Jabatan;Unit Kerja;Kode OPD;Status\n\
             19870101 201001 1 004;{};Staf;Umum;DINKES;PNS\n",
            "A".repeat(1 << 20)
        )
        .as_bytes(),
    );
    let cases: &[(&str, &[&str])] = &[
        (
            "roster-latin1.csv",
            &[
                "roster-latin1.csv:3: not valid UTF-8 (byte 0xE9 at column 26)",
                "save it as \"CSV UTF-8\"",
            ],
        ),
        (
            "roster-utf16-bom.csv",
            &["roster-utf16-bom.csv: the file is UTF-16 text; save it as \"CSV UTF-8"],
        ),
        (
            "roster-xlsx-renamed.csv",
            // read as a workbook by its content, whatever its name; this one is cut short
            &["roster-xlsx-renamed.csv: cannot read the workbook ("],
        ),
        ("roster-empty.csv", &["roster-empty.csv: the file is empty"]),
        (
            "roster-header-only.csv",
            &["roster-header-only.csv: the header is there but no rows follow it; nothing imported"],
        ),
        (
            "roster-missing-kode-opd.csv",
            &[
                "roster-missing-kode-opd.csv:1: required column \"kode_opd\" is missing",
                "accepted names: kode_opd, kode opd",
                "headers found: \"NIP\", \"Nama\", \"Jabatan\"",
            ],
        ),
        (
            "roster-nul-bytes.csv",
            &["roster-nul-bytes.csv:3: a NUL byte at column 25; this is not a text CSV"],
        ),
        (
            "roster-unterminated-quote.csv",
            &["roster-unterminated-quote.csv:3: the quoted cell opening at column 23 is never closed"],
        ),
        (
            "roster-1000-columns.csv",
            &["roster-1000-columns.csv:1: the header has 1000 columns; the limit is 200"],
        ),
    ];
    for (file, needles) in cases {
        let f = bad(file);
        refused(&store, &["roster", "import", s(&f)], 1, needles, 1);
        // --skip-invalid cannot rescue a file that is not CSV text
        refused(
            &store,
            &["roster", "import", s(&f), "--skip-invalid"],
            1,
            needles,
            1,
        );
        assert_unchanged(&store, &before, file);
    }
    // A 1 MiB cell is a row problem that does not echo the megabyte back.
    let r = refused(
        &store,
        &["roster", "import", s(&huge_line)],
        1,
        &[
            "1 problem(s), nothing imported",
            "roster-1mib-cell.csv:2: Nama: is 1048576 characters long; a cell may hold at most 1000",
        ],
        2,
    );
    assert!(r.stderr.len() < 1000, "{} bytes of stderr", r.stderr.len());
    assert_unchanged(&store, &before, "1 MiB cell");
}

#[test]
fn roster_nip_of_every_malformed_kind_names_the_part_that_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let cases = [
        (
            "17-digits",
            "NIP \"19860926201505100\" has 17 digits; a NIP has exactly 18",
        ),
        (
            "19-digits",
            "NIP \"1986092620150510011\" has 19 digits; a NIP has exactly 18",
        ),
        (
            "letter",
            "NIP \"19860926 2015O5 1 001\": character 'O' at position 14 is not a digit",
        ),
        (
            "bad-birth-date",
            "NIP \"19860230 201505 1 001\": birth date (positions 1-8) \"19860230\" is not a real date",
        ),
        (
            "tmt-month-00",
            "NIP \"19860926 201500 1 001\": TMT month (positions 13-14) is \"00\"; it must be 01-12",
        ),
        (
            "tmt-before-birth",
            "NIP \"19860926 198001 1 001\": TMT year (positions 9-12) 1980 is before the birth year 1986",
        ),
        (
            "gender-3",
            "NIP \"19860926 201505 3 001\": gender digit (position 15) is '3'; it must be 1 (male) or 2 (female)",
        ),
        (
            "future-tmt",
            "NIP \"19860926 209901 1 001\": TMT (positions 9-14) \"209901\" is in the future",
        ),
        (
            "scientific",
            "NIP \"1.98609E+17\" looks like a spreadsheet number in scientific notation; the digits are lost",
        ),
    ];
    for (kind, reason) in cases {
        let file = format!("roster-nip-{kind}.csv");
        let f = bad(&file);
        // line 2 is a valid row: all-or-nothing keeps it out too
        let located = format!("{file}:3: NIP: {reason}");
        refused(
            &store,
            &["roster", "import", s(&f)],
            1,
            &[
                "1 problem(s), nothing imported (use --skip-invalid to import the valid rows)",
                &located,
            ],
            2,
        );
        assert_unchanged(&store, &before, &file);
    }
}

#[test]
fn roster_rows_of_the_wrong_shape_duplicates_and_unknown_agencies() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let cases: &[(&str, &str)] = &[
        (
            "roster-too-many-fields.csv",
            "roster-too-many-fields.csv:3: row: has 8 fields but the header has 6",
        ),
        (
            "roster-too-few-fields.csv",
            "roster-too-few-fields.csv:3: row: has 3 fields but the header has 6",
        ),
        (
            "roster-duplicate-nip.csv",
            "roster-duplicate-nip.csv:3: NIP: 19860926 201505 1 001 already appears on line 2",
        ),
        (
            "roster-unknown-agency.csv",
            "roster-unknown-agency.csv:3: Kode OPD: agency \"DINAS-ANTAH\" is not known; import agencies first",
        ),
    ];
    for (file, located) in cases {
        let f = bad(file);
        refused(
            &store,
            &["roster", "import", s(&f)],
            1,
            &["1 problem(s), nothing imported", located],
            2,
        );
        assert_unchanged(&store, &before, file);
    }
}

#[test]
fn a_byte_order_mark_inside_the_header_is_read_as_if_absent() {
    // Two exports pasted together leave a BOM mid-file; it is invisible, so it is not an error.
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let f = bad("roster-bom-mid-header.csv");
    let j = run_in(&store, &["--json", "roster", "import", s(&f)])
        .ok()
        .json();
    assert_eq!(j["added"], 1, "{j}");
    assert_eq!(j["warnings"].as_array().unwrap().len(), 0, "{j}");
    let list = run_in(
        &store,
        &["--json", "roster", "list", "--query", "198609262015051001"],
    )
    .ok()
    .json();
    assert_eq!(list[0]["agency"], "DINKES");
    assert_eq!(list[0]["name"], "Siti Aminah");
    assert_eq!(snapshot(&store).employees, before.employees + 1);
}

// ---------------------------------------------------------------------------------------------
// Agency CSV

#[test]
fn agency_files_with_duplicates_empty_names_or_no_kode() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let cases: &[(&str, &str, usize)] = &[
        (
            "agency-duplicate-code.csv",
            "agency-duplicate-code.csv:3: kode: \"dinpar\" already appears on line 2",
            2,
        ),
        (
            "agency-empty-name.csv",
            "agency-empty-name.csv:3: nama: is empty",
            2,
        ),
        (
            "agency-missing-kode.csv",
            "agency-missing-kode.csv:1: required column \"kode\" is missing (accepted names: kode, code",
            1,
        ),
    ];
    for (file, located, lines) in cases {
        let f = bad(file);
        refused(&store, &["agency", "import", s(&f)], 1, &[located], *lines);
        assert_unchanged(&store, &before, file);
    }
}

// ---------------------------------------------------------------------------------------------
// Checklist TOML

#[test]
fn checklist_files_report_file_line_column_and_import_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let no_store = dir.path().join("no-store");
    let before = snapshot(&store);
    let cases: &[(&str, &[&str])] = &[
        (
            "checklist-malformed.toml",
            &["checklist-malformed.toml:11:26: TOML syntax error: invalid basic string"],
        ),
        (
            "checklist-latin1.toml",
            &["checklist-latin1.toml:11:24: invalid UTF-8 (byte 0xE9); save the file as UTF-8"],
        ),
        (
            "checklist-duplicate-item-code.toml",
            &["checklist-duplicate-item-code.toml:16:8: duplicate item code \"a-01\" (same as \"A-01\" on line 10"],
        ),
        (
            "checklist-weight-0.toml",
            &["checklist-weight-0.toml:12:10: `weight` must be a whole number from 1 to 100, found 0"],
        ),
        (
            "checklist-weight-2.5.toml",
            &["checklist-weight-2.5.toml:12:10: `weight` must be a whole number from 1 to 100, found 2.5"],
        ),
        (
            "checklist-weight-dua.toml",
            &["checklist-weight-dua.toml:12:10: `weight` must be a whole number from 1 to 100, found string \"dua\""],
        ),
        (
            "checklist-weight-1000.toml",
            &["checklist-weight-1000.toml:12:10: `weight` must be a whole number from 1 to 100, found 1000"],
        ),
        (
            "checklist-unknown-answer-kind.toml",
            &["checklist-unknown-answer-kind.toml:12:10: unknown answer kind \"pilihan-ganda\"; accepted: compliance, score, yesno, number"],
        ),
        (
            "checklist-empty-section.toml",
            &["checklist-empty-section.toml:15:1: section \"B\" has no items"],
        ),
        (
            "checklist-no-sections.toml",
            &["checklist-no-sections.toml:1:1: template has no sections"],
        ),
        (
            "checklist-key-typo-weigth.toml",
            &["checklist-key-typo-weigth.toml:12:1: unknown key `weigth` (did you mean `weight`?)"],
        ),
        (
            "checklist-deep-nesting.toml",
            &["checklist-deep-nesting.toml:5:", "TOML syntax error: cannot recurse further"],
        ),
        (
            "checklist-duplicate-key.toml",
            &["checklist-duplicate-key.toml:11:1: TOML syntax error: duplicate key `code`"],
        ),
        (
            "checklist-zero-items.toml",
            &[
                "checklist-zero-items.toml:5:1: section \"A\" has no items",
                "checklist-zero-items.toml:9:1: section \"B\" has no items",
            ],
        ),
    ];
    for (file, needles) in cases {
        let f = bad(file);
        let lines = needles.len().max(1);
        let v = refused(
            &no_store,
            &["checklist", "validate", s(&f)],
            1,
            needles,
            lines,
        );
        let i = refused(&store, &["checklist", "import", s(&f)], 1, needles, lines);
        assert_eq!(v.stderr, i.stderr, "{file}: validate and import agree");
        // every line is file:line:column: message
        for l in i.stderr.lines() {
            let l = l.trim_start_matches("error: ");
            let mut parts = l.splitn(4, ':');
            let (path, line, col) = (parts.next(), parts.next(), parts.next());
            assert!(path.is_some_and(|p| p.ends_with(*file)), "{l}");
            assert!(line.is_some_and(|n| n.parse::<usize>().is_ok()), "{l}");
            assert!(col.is_some_and(|n| n.parse::<usize>().is_ok()), "{l}");
        }
        assert_unchanged(&store, &before, file);
    }
    assert!(!no_store.exists(), "validate does not create a store");
}

#[test]
fn a_checklist_of_6000_items_is_one_diagnostic_at_the_first_item_too_many() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let mut text = String::from(
        "id = \"terlalu-besar\"\ntitle = \"Terlalu Besar\"\nversion = \"1\"\n\n[[section]]\ncode = \"A\"\ntitle = \"A\"\n",
    );
    for i in 1..=6000 {
        text.push_str(&format!(
            "[[section.item]]\ncode = \"A-{i:04}\"\ntext = \"Butir {i}\"\n"
        ));
    }
    let f = write(dir.path(), "checklist-6000-items.toml", text.as_bytes());
    // item 5001 starts on line 8 + 3 * 5000
    let needle = format!(
        "checklist-6000-items.toml:{}:1: template has 6000 items; at most 5000 are allowed",
        8 + 3 * 5000
    );
    refused(
        &store,
        &["checklist", "import", s(&f)],
        1,
        &[needle.as_str()],
        1,
    );
    refused(
        &dir.path().join("no-store"),
        &["checklist", "validate", s(&f)],
        1,
        &[needle.as_str()],
        1,
    );
    assert_unchanged(&store, &before, "6000 items");
}

// ---------------------------------------------------------------------------------------------
// Arguments

const KINDS_TEMPLATE: &str = r#"id = "uji-jenis"
title = "Uji Jenis Jawaban"
version = "1"

[[section]]
code = "K"
title = "Jenis"

[[section.item]]
code = "K-01"
text = "Kepatuhan"
answer = "compliance"

[[section.item]]
code = "K-02"
text = "Skor"
answer = "score"

[[section.item]]
code = "K-03"
text = "Ya atau tidak"
answer = "yesno"

[[section.item]]
code = "K-04"
text = "Angka"
answer = "number"
"#;

/// A seeded store with an audit in fieldwork on a template holding one item of each answer kind.
fn store_with_audit(dir: &Path) -> (PathBuf, String) {
    let store = seeded_store(dir);
    let t = write(dir, "uji-jenis.toml", KINDS_TEMPLATE.as_bytes());
    run_in(&store, &["checklist", "import", s(&t)]).ok();
    let audit = run_in(
        &store,
        &[
            "audit",
            "new",
            "--agency",
            "DINKES",
            "--checklist",
            "uji-jenis",
            "--title",
            "Uji",
            "--period",
            "2026-S2",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    run_in(&store, &["audit", "advance", &audit]).ok();
    (store, audit)
}

fn first_nip(store: &Path) -> String {
    run_in(store, &["--json", "roster", "list", "--limit", "1"])
        .ok()
        .json()[0]["nip"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn bad_arguments_are_refused_naming_the_value_and_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let (store, audit) = store_with_audit(dir.path());
    let nip = first_nip(&store);
    let finding = run_in(
        &store,
        &[
            "finding",
            "add",
            &audit,
            "--title",
            "Uji",
            "--kondisi",
            "k",
            "--kriteria",
            "k",
            "--sebab",
            "s",
            "--akibat",
            "a",
            "--rekomendasi",
            "r",
            "--severity",
            "high",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let before = snapshot(&store);
    let a = audit.as_str();
    let f = finding.as_str();
    let n = nip.as_str();
    let finding_args = |severity: &'static str| -> Vec<&str> {
        vec![
            "finding",
            "add",
            a,
            "--title",
            "Uji",
            "--kondisi",
            "k",
            "--kriteria",
            "k",
            "--sebab",
            "s",
            "--akibat",
            "a",
            "--rekomendasi",
            "r",
            "--severity",
            severity,
        ]
    };
    // (hasil, period, nip, extra flags)
    let rating = |hasil: &'static str,
                  period: &'static str,
                  nip: &'static str,
                  extra: &[&'static str]|
     -> Vec<&str> {
        let mut v = vec![
            "rating",
            "add",
            a,
            "--nip",
            if nip.is_empty() { n } else { nip },
            "--hasil",
            hasil,
            "--perilaku",
            "meets",
            "--period",
            period,
        ];
        v.extend_from_slice(extra);
        v
    };
    let unknown_audit = "01a2129c-0000-7000-8000-000000000000";
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["audit", "answer", unknown_audit, "K-01", "--answer", "sesuai"],
            vec!["no audit matches \"01a2129c-0000-7000-8000-000000000000\"; see `periksa audit list`"],
        ),
        (
            vec!["audit", "show", "tidak-ada"],
            vec!["no audit matches \"tidak-ada\""],
        ),
        (
            vec!["audit", "answer", a, "ZZ-99", "--answer", "sesuai"],
            vec!["has no checklist item \"ZZ-99\" (its checklist is uji-jenis)"],
        ),
        (
            vec![
                "audit", "new", "--agency", "DINKES", "--checklist", "uji-jenis", "--title",
                "Uji", "--period", "2026-S3",
            ],
            vec!["semester 3 in period \"2026-S3\" does not exist: use 1 or 2"],
        ),
        (
            vec![
                "audit", "new", "--agency", "DINKES", "--checklist", "uji-jenis", "--title",
                "Uji", "--period", "2026-13",
            ],
            vec!["month 13 in period \"2026-13\" does not exist: use 01..12"],
        ),
        (
            vec![
                "audit", "new", "--agency", "TIDAK-ADA", "--checklist", "uji-jenis", "--title",
                "Uji",
            ],
            vec!["no agency with code \"TIDAK-ADA\""],
        ),
        (
            vec![
                "audit", "new", "--agency", "DINKES", "--checklist", "tidak-ada", "--title",
                "Uji",
            ],
            vec!["no checklist template \"tidak-ada\""],
        ),
        (
            finding_args("kritis"),
            vec!["unknown severity \"kritis\": use low|medium|high (rendah|sedang|tinggi)"],
        ),
        (
            vec!["finding", "follow-up", f, "--status", "0"],
            vec!["unknown follow-up status \"0\": use 1|2|3|4"],
        ),
        (
            vec!["finding", "follow-up", f, "--status", "5"],
            vec!["unknown follow-up status \"5\": use 1|2|3|4"],
        ),
        (
            vec!["finding", "follow-up", f, "--status", "x"],
            vec!["unknown follow-up status \"x\": use 1|2|3|4 (sesuai|belum-sesuai|belum-ditindaklanjuti|tidak-dapat)"],
        ),
        (
            vec!["finding", "follow-up", f, "--status", "1", "--due", "2026-02-30"],
            vec!["\"2026-02-30\" is not a date: February 2026 has no day 30; write it as YYYY-MM-DD (2027-01-15), day first with / - or . (15/01/2027), or with the month's name (15 Januari 2027, 15 Jan 2027, January 15, 2027)"],
        ),
        (
            vec!["finding", "follow-up", f, "--status", "1", "--due", "31 Pebruary 2027"],
            vec!["\"31 Pebruary 2027\" is not a date: \"Pebruary\" is not a month's name; write it as YYYY-MM-DD"],
        ),
        (
            rating("luar-biasa", "2026", "", &[]),
            vec!["unknown rating \"luar-biasa\": use above|meets|below (di-atas|sesuai|di-bawah)"],
        ),
        (
            rating("above", "2026", "", &["--berakhlak", "akuntabel"]),
            vec!["--berakhlak \"akuntabel\": write it as VALUE=NOTE"],
        ),
        (
            rating("above", "2026", "", &["--berakhlak", "jujur=baik"]),
            vec!["unknown BerAKHLAK value \"jujur\": use berorientasi-pelayanan|akuntabel"],
        ),
        (
            rating("above", "2026-S3", "", &[]),
            vec!["semester 3 in period \"2026-S3\" does not exist"],
        ),
        (
            rating("above", "2026", "19990101 202001 1 001", &[]),
            vec!["no employee with NIP 19990101 202001 1 001 on the roster"],
        ),
        (
            rating("above", "2026", "1999", &[]),
            vec!["NIP \"1999\" has 4 digits; a NIP has exactly 18"],
        ),
        (
            vec!["log", "--since", "2026-02-30"],
            vec!["\"2026-02-30\" is not a date: February 2026 has no day 30; write it as YYYY-MM-DD"],
        ),
        (
            vec!["log", "--until", "15/01/27"],
            vec!["\"15/01/27\" is not a date: write it as YYYY-MM-DD"],
        ),
        (
            vec!["log", "--kind", "tidak.ada"],
            vec!["unknown event kind \"tidak.ada\"; kinds: device.registered"],
        ),
        (
            vec!["profile", "use", "Tidak Ada"],
            vec!["no auditor profile matches \"Tidak Ada\"; see `periksa profile list`"],
        ),
        (
            vec!["audit", "sign", a, "--role", "boss"],
            vec!["unknown role \"boss\": use member|lead|technical|quality"],
        ),
        (
            vec!["profile", "add", "--name", "Boss", "--role", "boss"],
            vec!["unknown role \"boss\""],
        ),
    ];
    for (args, needles) in &cases {
        refused(&store, args, 1, needles, 1);
    }
    assert_unchanged(&store, &before, "bad arguments");
}

#[test]
fn usage_errors_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, audit) = store_with_audit(dir.path());
    let before = snapshot(&store);
    let a = audit.as_str();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["finding", "add", a, "--title", "Uji"],
            "required arguments were not provided",
        ),
        (
            vec!["rating", "add", a, "--hasil", "above"],
            "required arguments were not provided",
        ),
        (vec!["audit", "answer", a], "required arguments"),
        (vec!["log", "--limit", "banyak"], "invalid value 'banyak'"),
        (
            vec!["audit", "answer", a, "K-01", "--jawab", "ya"],
            "unexpected argument '--jawab'",
        ),
    ];
    for (args, needle) in &cases {
        let r = refused(&store, args, 2, &[needle], 15);
        assert!(r.stderr.contains("try '--help'"), "{}", r.stderr);
    }
    assert_unchanged(&store, &before, "usage errors");
}

/// An argument value the command cannot take is a usage error, as clap's own are (exit 2): one
/// line naming the value and what is accepted instead.
#[test]
fn argument_values_that_cannot_fit_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (store, audit) = store_with_audit(dir.path());
    let before = snapshot(&store);
    let a = audit.as_str();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["audit", "answer", a, "K-01", "--answer", "maybe"],
            "error: item K-01: unknown compliance answer \"maybe\": use compliant|partial|noncompliant|na (sesuai|sebagian|tidak-sesuai|tidak-berlaku)",
        ),
        // an answer of another kind of item does not fit this one
        (
            vec!["audit", "answer", a, "K-01", "--answer", "yes"],
            "error: item K-01: unknown compliance answer \"yes\": use compliant|partial|noncompliant|na",
        ),
        (
            vec!["audit", "answer", a, "K-03", "--answer", "sesuai"],
            "error: item K-03: unknown yes/no answer \"sesuai\": use yes|no (ya|tidak), or na (tidak-berlaku)",
        ),
        (
            vec!["audit", "answer", a, "K-03", "--answer", "7"],
            "error: item K-03: unknown yes/no answer \"7\": use yes|no (ya|tidak)",
        ),
        (
            vec!["audit", "answer", a, "K-02", "--answer", "sesuai"],
            "error: item K-02: invalid score \"sesuai\": use a whole number 1..5, or na (tidak-berlaku)",
        ),
        (
            vec!["audit", "answer", a, "K-02", "--answer", "6"],
            "error: item K-02: invalid score \"6\": use a whole number 1..5",
        ),
        (
            vec!["audit", "answer", a, "K-04", "--answer", "banyak"],
            "error: item K-04: invalid number \"banyak\": use a decimal such as 12.5 or 12,5",
        ),
        (
            vec!["log", "--since", "2027-02-01", "--until", "15 Januari 2027"],
            "error: --since \"2027-02-01\" (1 February 2027) is later than --until \"15 Januari 2027\" (15 January 2027): no event falls between them; swap the two dates",
        ),
    ];
    for (args, needle) in &cases {
        let r = refused(&store, args, 2, &[needle], 1);
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    }
    assert_unchanged(&store, &before, "argument values that cannot fit");
}

#[test]
fn a_final_audit_refuses_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (store, audit) = store_with_audit(dir.path());
    let a = audit.as_str();
    run_in(
        &store,
        &["audit", "answer", a, "K-01", "--answer", "sesuai"],
    )
    .ok();
    common::complete_audit(&store, a);
    run_in(&store, &["audit", "advance", a]).ok(); // review
    for (name, nip, role) in [
        ("Agus", "19900101 201503 1 002", "member"),
        ("Dewi", "19750202 200003 2 001", "technical"),
        ("Hendra", "19700303 199503 1 001", "quality"),
    ] {
        run_in(
            &store,
            &[
                "profile", "add", "--name", name, "--nip", nip, "--role", role,
            ],
        )
        .ok();
    }
    for (who, role) in [
        ("Agus", "member"),
        ("Rina Kartika", "lead"),
        ("Dewi", "technical"),
        ("Hendra", "quality"),
    ] {
        run_in(&store, &["profile", "use", who]).ok();
        run_in(&store, &["audit", "sign", a, "--role", role]).ok();
    }
    run_in(&store, &["profile", "use", "Rina Kartika"]).ok();
    run_in(&store, &["audit", "advance", a]).ok();
    let shown = run_in(&store, &["--json", "audit", "show", a]).ok().json();
    assert_eq!(shown["phase"], "final");
    let nip = first_nip(&store);
    let before = snapshot(&store);
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "rating",
            "add",
            a,
            "--nip",
            &nip,
            "--hasil",
            "above",
            "--perilaku",
            "meets",
            "--period",
            "2026",
        ],
        vec!["audit", "answer", a, "K-01", "--answer", "sebagian"],
        vec!["audit", "answer", a, "K-01", "--note", "catatan baru"],
        vec![
            "finding",
            "add",
            a,
            "--title",
            "Uji",
            "--kondisi",
            "k",
            "--kriteria",
            "k",
            "--sebab",
            "s",
            "--akibat",
            "a",
            "--rekomendasi",
            "r",
            "--severity",
            "low",
        ],
        vec!["audit", "advance", a],
    ];
    for args in &cases {
        let r = refused(&store, args, 1, &[], 1);
        assert!(
            r.stderr.to_lowercase().contains("final"),
            "{}: {}",
            args.join(" "),
            r.stderr
        );
    }
    assert_unchanged(&store, &before, "final audit");
}

// ---------------------------------------------------------------------------------------------
// Stores

#[test]
fn store_paths_that_are_not_stores() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "plain.txt", b"bukan toko\n");
    refused(
        &plain,
        &["audit", "list"],
        1,
        &["plain.txt is a file, not a store directory; pass the store's directory with --store DIR"],
        1,
    );
    refused(
        &plain,
        &["init", "--name", "Rina"],
        1,
        &["plain.txt is a file, not a store directory"],
        1,
    );
    assert_eq!(std::fs::read(&plain).unwrap(), b"bukan toko\n");

    let empty = dir.path().join("kosong");
    std::fs::create_dir(&empty).unwrap();
    refused(
        &empty,
        &["audit", "list"],
        1,
        &[
            "no Periksa store at",
            "kosong: create one with `periksa init",
        ],
        1,
    );
    assert_eq!(
        std::fs::read_dir(&empty).unwrap().count(),
        0,
        "nothing written into a directory that is not a store"
    );
}

/// Damages one file of a fresh store, checks the one-line error naming it, restores the file and
/// checks the store is whole again.
fn with_damaged(file: &str, damage: impl FnOnce(&Path), needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    run_in(
        &store,
        &["init", "--name", "Rina Kartika", "--role", "lead"],
    )
    .ok();
    let before = snapshot(&store);
    let path = store.join(file);
    let saved = std::fs::read(&path).unwrap();
    damage(&path);
    for args in [
        vec!["audit", "list"],
        vec!["verify"],
        vec!["profile", "add", "--name", "Agus"],
    ] {
        let r = refused(&store, &args, 1, needles, 1);
        assert!(r.stderr.contains(file), "{file}: {}", r.stderr);
    }
    std::fs::write(&path, saved).unwrap();
    assert_unchanged(&store, &before, file);
}

#[test]
fn damaged_store_files_fail_with_one_line_naming_the_file() {
    with_damaged(
        "store.toml",
        |p| std::fs::write(p, "ini = = bukan toml [").unwrap(),
        &["store.toml is damaged:"],
    );
    with_damaged(
        "store.toml",
        |p| std::fs::write(p, "format = 1\n").unwrap(),
        &["store.toml is damaged: missing field"],
    );
    with_damaged(
        "store.toml",
        |p| std::fs::write(p, b"\xFF\xFE\x00garbage").unwrap(),
        &["store.toml is damaged: it is not UTF-8 text"],
    );
    with_damaged(
        "device.key",
        |p| std::fs::remove_file(p).unwrap(),
        &["device.key is missing: it is this laptop's signing key"],
    );
    with_damaged(
        "device.key",
        |p| {
            let key = std::fs::read_to_string(p).unwrap();
            let flipped = if key.starts_with('0') { "1" } else { "0" };
            std::fs::write(p, format!("{flipped}{}", &key[1..])).unwrap();
        },
        &["device.key is damaged: the device key does not match the public key in store.toml"],
    );
    with_damaged(
        "device.key",
        |p| std::fs::write(p, "00112233").unwrap(),
        &["device.key is damaged: the device key is not 32 bytes"],
    );
    with_damaged(
        "journal.log",
        |p| {
            let mut b = std::fs::read(p).unwrap();
            b[..8].copy_from_slice(b"JUNKJUNK");
            std::fs::write(p, b).unwrap();
        },
        &["journal.log is not a Periksa journal: it does not start with PRKSJRNL"],
    );
    with_damaged(
        "journal.log",
        |p| std::fs::write(p, b"PRKS").unwrap(),
        &["journal.log is not a Periksa journal: the file is 4 bytes, shorter than the 16-byte header"],
    );
    with_damaged(
        "journal.log",
        |p| std::fs::remove_file(p).unwrap(),
        &["journal.log is missing: it holds every saved change"],
    );
}

#[test]
fn a_store_held_by_another_process_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(&store);
    let held = periksa::app::App::open(&store).unwrap();
    let needle = format!(
        "store {} is in use by another Periksa process; close it there first",
        store.display()
    );
    for args in [
        vec!["audit", "list"],
        vec!["profile", "add", "--name", "Agus"],
        vec!["roster", "import", "/nonexistent.csv"],
    ] {
        refused(&store, &args, 1, &[needle.as_str()], 1);
    }
    held.close().unwrap();
    assert_unchanged(&store, &before, "held store");
}

// ---------------------------------------------------------------------------------------------
// Findings files (.periksa): tampered, cut, re-signed, reordered, duplicated, dropped, newer,
// oversized, wrongly encrypted. Made by `regenerate_bundle_corpus` (run with `--ignored`); the
// files are committed so the messages are checked against fixed bytes.

const BUNDLE_CASES: &[(&str, &[&str])] = &[
    (
        "bundle-flipped-byte.periksa",
        &["does not match its hash: it was altered"],
    ),
    (
        "bundle-truncated.periksa",
        &["ends early", "the file was cut off"],
    ),
    ("bundle-appended.periksa", &["bytes follow the signature"]),
    (
        "bundle-signed-by-other-key.periksa",
        &["the signature does not match the contents"],
    ),
    (
        "bundle-re-signed-as-sender.periksa",
        &["re-signed by someone else"],
    ),
    ("bundle-reordered.periksa", &["the events are reordered"]),
    (
        "bundle-duplicated-event.periksa",
        &["reordered or repeated"],
    ),
    (
        "bundle-event-dropped.periksa",
        &["events were dropped from the chain"],
    ),
    (
        "bundle-newer-format.periksa",
        &["findings file of format 3; this build of Periksa reads formats 1 to 2"],
    ),
    (
        "bundle-billion-events.periksa",
        &["claims 1000000011 entries, more than the 50000000"],
    ),
    (
        "bundle-not-a-bundle.periksa",
        &["is not a Periksa findings file"],
    ),
];

#[test]
fn hostile_findings_files_are_refused_with_their_reason_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = store_with_audit(tmp.path());
    let before = snapshot(&store);
    for (file, needles) in BUNDLE_CASES {
        refused(&store, &["import", s(&bad(file))], 1, needles, 1);
        assert_unchanged(&store, &before, file);
    }
    // encrypted: no passphrase, then a wrong one
    let enc = bad("bundle-passphrase-benar.periksa");
    refused(
        &store,
        &["import", s(&enc)],
        1,
        &["is encrypted; open it with --passphrase"],
        1,
    );
    let pass = write(tmp.path(), "salah.txt", b"salah\n");
    refused(
        &store,
        &["import", s(&enc), "--passphrase-file", s(&pass)],
        1,
        &["the passphrase is wrong"],
        1,
    );
    assert_unchanged(&store, &before, "encrypted");
    // and the untouched original imports
    let good = bad("bundle-good.periksa");
    let r = run_in(&store, &["import", s(&good)]).ok();
    assert!(r.stdout.contains("merged from"), "{}", r.stdout);
    let right = write(tmp.path(), "benar.txt", b"benar\n");
    let r = run_in(&store, &["import", s(&enc), "--passphrase-file", s(&right)]).ok();
    assert!(r.stdout.contains("nothing new"), "{}", r.stdout);
}

#[test]
#[ignore = "writes tests/data/bad/bundle-*.periksa; run once with --ignored when the format changes"]
fn regenerate_bundle_corpus() {
    use periksa::app::{App, NewAudit};
    use periksa::domain::phase::Role;
    use periksa::exchange::bundle::{self, BundleWriter, Seal, Unseal};
    use periksa::store::Entry;

    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad");
    let tmp = tempfile::tempdir().unwrap();
    let mut app = App::init(&tmp.path().join("s"), "Pembuat Korpus", None, Role::Lead).unwrap();
    app.import_agencies("opd.csv", include_bytes!("../data/sample/opd.csv"), false)
        .unwrap();
    for (name, text) in periksa::exchange::checklist::BUNDLED {
        app.import_template(name, text.as_bytes()).unwrap();
    }
    let audit = app
        .new_audit(NewAudit {
            agency: "DINKES".into(),
            checklist: "pelayanan-publik".into(),
            title: "Korpus".into(),
            ..Default::default()
        })
        .unwrap();
    let id = audit.id.to_string();
    app.advance(&id, None).unwrap();
    for (item, note) in [("SP-01", "satu"), ("SP-02", "dua"), ("SP-03", "tiga")] {
        app.answer(&id, item, Some("sesuai"), Some(note), &[])
            .unwrap();
    }
    let good = out.join("bundle-good.periksa");
    app.export_bundle(&id, &good, &Seal::Plain).unwrap();
    app.export_bundle(
        &id,
        &out.join("bundle-passphrase-benar.periksa"),
        &Seal::Passphrase("benar".to_string().into()),
    )
    .unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let b = bundle::read(&good, &Unseal::None).unwrap();
    let key = |n: u8| ed25519_dalek::SigningKey::from_bytes(&[n; 32]);
    let rewrite = |name: &str,
                   header: &bundle::Header,
                   entries: &[Entry],
                   signer: &ed25519_dalek::SigningKey| {
        let mut w = BundleWriter::create(&out.join(name), header, signer, &Seal::Plain).unwrap();
        for e in entries {
            w.write(e).unwrap();
        }
        w.finish().unwrap();
    };
    // the last event (an answer) altered inside, with the file re-signed by its real sender: the
    // signature holds, the event's own hash does not
    let mut altered = b.entries.clone();
    if let Some(Entry::Event(e)) = altered.last_mut() {
        e.body.at_ms += 1;
        e.stored.body = periksa::store::wire::encode_body(&e.body).unwrap();
    }
    let signer = app.store().signing_key().clone();
    rewrite("bundle-flipped-byte.periksa", &b.header, &altered, &signer);
    std::fs::write(
        out.join("bundle-truncated.periksa"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"tambahan");
    std::fs::write(out.join("bundle-appended.periksa"), appended).unwrap();
    let stranger = key(7);
    rewrite(
        "bundle-signed-by-other-key.periksa",
        &b.header,
        &b.entries,
        &stranger,
    );
    let mut other = b.header.clone();
    other.public_key = key(7).verifying_key().to_bytes();
    rewrite(
        "bundle-re-signed-as-sender.periksa",
        &other,
        &b.entries,
        &stranger,
    );
    let n = b.entries.len();
    let mut reordered = b.entries.clone();
    reordered.swap(n - 1, n - 2);
    rewrite("bundle-reordered.periksa", &b.header, &reordered, &signer);
    let mut duplicated = b.entries.clone();
    duplicated.insert(n - 1, b.entries[n - 2].clone());
    let mut dup_header = b.header.clone();
    dup_header.events += 1;
    dup_header.ranges[0].events += 1;
    rewrite(
        "bundle-duplicated-event.periksa",
        &dup_header,
        &duplicated,
        &signer,
    );
    let mut dropped = b.entries.clone();
    dropped.remove(n - 2);
    let mut drop_header = b.header.clone();
    drop_header.events -= 1;
    drop_header.ranges[0].events -= 1;
    rewrite(
        "bundle-event-dropped.periksa",
        &drop_header,
        &dropped,
        &signer,
    );
    let mut newer = bytes.clone();
    newer[8] = 3;
    std::fs::write(out.join("bundle-newer-format.periksa"), newer).unwrap();
    // a header claiming a billion events, and nothing after it
    let mut huge = b.header.clone();
    huge.events = 1_000_000_000;
    let head = periksa::codec::encode(&huge).unwrap();
    let mut f = bundle::MAGIC.to_vec();
    f.extend_from_slice(&bundle::FORMAT.to_le_bytes());
    f.extend_from_slice(&(head.len() as u32).to_le_bytes());
    f.extend_from_slice(&head);
    std::fs::write(out.join("bundle-billion-events.periksa"), f).unwrap();
    std::fs::write(
        out.join("bundle-not-a-bundle.periksa"),
        b"nip,nama\n198001012005011001,Budi\n",
    )
    .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Key files (--keys FILE, PERIKSA_KEYS, or keys.toml in the configuration directory)

/// The binary with no terminal, a given configuration directory and extra arguments.
fn run_keys(store: &Path, config: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(bin())
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("PERIKSA_STORE")
        .env_remove("PERIKSA_KEYS")
        .env("XDG_CONFIG_HOME", config)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn bad_key_files_are_named_with_what_is_wrong_before_the_ui_starts() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let config = dir.path().join("config");
    let cases: &[(&str, &str, &str)] = &[
        (
            "unknown-section.toml",
            "[walkk]\nraise_finding = \"f\"\n",
            "there is no section [walkk]: the sections are global, lists, saved_views, audits, walk",
        ),
        (
            "unknown-action.toml",
            "[walk]\nraise = \"f\"\n",
            "[walk] has no action `raise`: its actions are next_unanswered, prev_unanswered",
        ),
        (
            "not-a-key.toml",
            "[walk]\nraise_finding = [\"Ctrl-ff\"]\n",
            "[walk] raise_finding: \"Ctrl-ff\" is not a key: write one character",
        ),
        (
            "two-actions.toml",
            "[audits]\nnew_audit = \"f\"\n",
            "[audits] \"f\" is bound to both new_audit and go_findings",
        ),
        (
            "answers-of-old.toml",
            "[walk]\nanswer_1 = [\"1\", \"c\"]\n",
            "the answer keys now have a section per kind of item: [walk_compliance]",
        ),
        ("not-toml.toml", "[walk\n", "not-toml.toml: "),
    ];
    for (name, text, expected) in cases {
        let file = write(dir.path(), name, text.as_bytes());
        let r = run_keys(&store, &config, &["--keys", s(&file)]).fails(1);
        assert!(
            r.stderr.contains(&format!("key file {}", file.display()))
                && r.stderr.contains(expected),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(
            r.stderr.trim().lines().count(),
            1,
            "{name}: one line: {}",
            r.stderr
        );
    }
    // a key file named on the command line must exist
    let r = run_keys(&store, &config, &["--keys", "/nonexistent/keys.toml"]).fails(1);
    assert!(
        r.stderr.contains("key file /nonexistent/keys.toml"),
        "{}",
        r.stderr
    );

    // keys.toml in the configuration directory is read when it exists, and named when bad
    let r = run_keys(&store, &config, &[]).fails(1);
    assert!(
        r.stderr.contains("needs a terminal"),
        "no key file: {}",
        r.stderr
    );
    std::fs::create_dir_all(config.join("periksa")).unwrap();
    let default = config.join("periksa/keys.toml");
    std::fs::write(&default, "[global]\nquit = \"Ctrl-x\"\n").unwrap();
    let r = run_keys(&store, &config, &[]).fails(1);
    assert!(
        r.stderr.contains("needs a terminal"),
        "a good key file: {}",
        r.stderr
    );
    std::fs::write(&default, "[global]\nquit = \"Ctrl-\"\n").unwrap();
    let r = run_keys(&store, &config, &[]).fails(1);
    assert!(
        r.stderr
            .contains(&format!("key file {}", default.display()))
            && r.stderr.contains("\"Ctrl-\" is not a key"),
        "{}",
        r.stderr
    );
    // the shipped example is a good key file
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/keys.toml");
    let r = run_keys(&store, &config, &["--keys", s(&shipped)]).fails(1);
    assert!(r.stderr.contains("needs a terminal"), "{}", r.stderr);
}

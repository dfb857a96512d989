//! `--help` and clap's own parse errors through the real binary, in the language of `--lang` or
//! the locale: Indonesian headings and sentences, English as it always was, exit codes as clap's.

mod common;

use common::Run;

/// `periksa ARGS…` with `LANG` set to `lang` and no other locale variable.
fn periksa(lang: &str, args: &[&str]) -> Run {
    common::run_lang(None, lang, args)
}

fn help(lang: &str, args: &[&str]) -> String {
    let r = periksa(lang, args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    r.stdout
}

fn has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} missing from:\n{text}");
    }
}

fn lacks(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(!text.contains(n), "{n:?} should not be in:\n{text}");
    }
}

/// clap's English words that an Indonesian help never shows.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "[OPTIONS]",
    "Print help",
    "Print version",
    "Export an audit",
];

#[test]
fn the_help_is_indonesian_with_lang_id() {
    let root = help("en_US.UTF-8", &["--lang", "id", "--help"]);
    has(
        &root,
        &[
            "Periksa — daftar uji pemeriksaan, temuan, dan rekomendasi predikat kinerja ASN",
            "Penggunaan: periksa [OPSI] [PERINTAH]",
            "Perintah:\n",
            "Opsi:\n",
            "  export       Ekspor pemeriksaan untuk dibaca orang: tabel (csv, xlsx, json) atau konsep",
            "  help         Tampilkan bantuan ini atau bantuan perintah yang disebut",
            "      --store <FOLDER>",
            "Folder penyimpanan",
            "  -h, --help                 Tampilkan bantuan\n",
            "  -V, --version              Tampilkan versi",
        ],
    );
    lacks(&root, ENGLISH);

    let export = help("en_US.UTF-8", &["--lang", "id", "export", "--help"]);
    has(
        &export,
        &[
            "Ekspor pemeriksaan untuk dibaca orang.",
            "md dan html menulis konsep laporan (konsep LHP) dalam Bahasa Indonesia",
            "Penggunaan: periksa export [OPSI] --output <JALUR> <PEMERIKSAAN>",
            "Argumen:\n  <PEMERIKSAAN>\n",
            "Pemeriksaannya: id-nya, awalan yang unik, atau id pendek yang ditampilkan `audit list`",
            "  -o, --output <JALUR>",
            "Tampilkan bantuan (ringkasannya dengan '-h')",
        ],
    );
    lacks(&export, ENGLISH);
    // command and flag names stay as they are
    has(
        &export,
        &["--passphrase-file <BERKAS>", "--encrypt-to <PENERIMA>"],
    );
}

#[test]
fn the_help_follows_an_indonesian_locale() {
    let audit = help("id_ID.UTF-8", &["audit", "--help"]);
    has(
        &audit,
        &[
            "Pemeriksaan (audit)",
            "Penggunaan: periksa audit [OPSI] <PERINTAH>",
            "  answer   Catat jawaban, catatan, dan bukti sebuah butir",
            "Pemeriksaan kelengkapan sebelum reviu dan final",
            "Opsi:\n",
        ],
    );
    lacks(&audit, ENGLISH);
    // `--lang` wins over the locale, both ways
    let en = help("id_ID.UTF-8", &["--lang", "en", "audit", "--help"]);
    has(
        &en,
        &[
            "Audits (pemeriksaan)",
            "Usage: periksa audit [OPTIONS] <COMMAND>",
        ],
    );
    let short = help("id_ID.UTF-8", &["init", "-h"]);
    has(&short, &["Nama lengkap auditor", "[bawaan: member]"]);
}

#[test]
fn the_help_is_english_with_lang_en_or_an_english_locale() {
    for (lang, args) in [
        ("id_ID.UTF-8", vec!["--lang", "en", "export", "--help"]),
        ("en_US.UTF-8", vec!["export", "--help"]),
    ] {
        let export = help(lang, &args);
        has(
            &export,
            &[
                "Export an audit for people.",
                "Usage: periksa export [OPTIONS] --output <PATH> <AUDIT>",
                "Arguments:\n  <AUDIT>\n",
                "Options:\n",
                "Print help (see a summary with '-h')",
            ],
        );
        lacks(&export, &["Penggunaan", "Ekspor pemeriksaan"]);
    }
    let root = help("en_US.UTF-8", &["--lang=en", "-h"]);
    has(
        &root,
        &[
            "Usage: periksa [OPTIONS] [COMMAND]",
            "Commands:\n  init         Create a new store with its first auditor profile",
            "  -h, --help               Print help",
        ],
    );
}

#[test]
fn parse_errors_are_indonesian_on_stderr_with_exit_2() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--lang", "id", "audit", "answr"],
            &[
                "kesalahan: perintah 'answr' tidak dikenal",
                "saran: ada perintah yang mirip: 'answer'",
                "Penggunaan: periksa audit [OPSI] <PERINTAH>",
            ],
        ),
        (
            &["--lang", "id", "export"],
            &[
                "kesalahan: argumen wajib berikut belum diberikan:",
                "  --output <JALUR>\n  <PEMERIKSAAN>",
                "Penggunaan: periksa export",
            ],
        ),
        (
            &["--lang", "id", "log", "--limit", "x"],
            &["kesalahan: nilai 'x' tidak valid untuk '--limit <BATAS>': bukan bilangan bulat"],
        ),
    ];
    for (args, needles) in cases {
        let r = periksa("en_US.UTF-8", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        has(&r.stderr, needles);
        has(
            &r.stderr,
            &["Untuk keterangan lebih lanjut, coba '--help'."],
        );
        lacks(
            &r.stderr,
            &[
                "error:",
                "tip:",
                "Usage:",
                "For more information",
                "[OPTIONS]",
            ],
        );
    }
    // the locale alone is enough
    let r = periksa("id_ID.UTF-8", &["audit", "frobnicate"]);
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        &["kesalahan: perintah 'frobnicate' tidak dikenal"],
    );
    // a group without its subcommand shows its help, on stderr, with exit 2
    let r = periksa("id_ID.UTF-8", &["audit"]);
    assert_eq!(r.code, 2);
    has(
        &r.stderr,
        &["Penggunaan: periksa audit [OPSI] <PERINTAH>", "Perintah:"],
    );
}

#[test]
fn parse_errors_are_claps_english_with_lang_en() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--lang", "en", "audit", "answr"],
            &[
                "error: unrecognized subcommand 'answr'",
                "tip: a similar subcommand exists: 'answer'",
                "Usage: periksa audit [OPTIONS] <COMMAND>",
            ],
        ),
        (
            &["--lang", "en", "export"],
            &[
                "error: the following required arguments were not provided:",
                "  --output <PATH>\n  <AUDIT>",
                "Usage: periksa export --output <PATH> <AUDIT>",
            ],
        ),
        (
            &["--lang", "en", "log", "--limit", "x"],
            &["error: invalid value 'x' for '--limit <LIMIT>': invalid digit found in string"],
        ),
    ];
    for (args, needles) in cases {
        let r = periksa("id_ID.UTF-8", args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        has(&r.stderr, needles);
        has(&r.stderr, &["For more information, try '--help'."]);
        lacks(&r.stderr, &["kesalahan", "Penggunaan"]);
    }
}

#[test]
fn completions_still_generate_in_either_language() {
    let bash = help("id_ID.UTF-8", &["completions", "bash"]);
    has(&bash, &["_periksa()", "export"]);
    let zsh = help("id_ID.UTF-8", &["completions", "zsh"]);
    has(&zsh, &["Ekspor pemeriksaan untuk dibaca orang"]);
    let zsh = help("id_ID.UTF-8", &["--lang", "en", "completions", "zsh"]);
    has(&zsh, &["Export an audit for people"]);
}

#[test]
fn the_version_is_printed_with_exit_0() {
    let r = periksa("id_ID.UTF-8", &["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("periksa "), "{}", r.stdout);
}

#[test]
fn a_locale_that_names_no_language_gets_bahasa_indonesia_as_the_rest_of_periksa() {
    for lang in ["C.UTF-8", ""] {
        let export = help(lang, &["export", "--help"]);
        has(&export, &["Penggunaan:"]);
        lacks(&export, &["Usage:", "Export an audit for people."]);
    }
}

//! The command line speaks the user's language: the demo store is read, checked, exported,
//! merged and backed up through the real binary in Bahasa Indonesia (from `LANG` and from
//! `--lang`) and in English, and every line it prints is searched for sentences of the other
//! language; the refusals of bad input are read the same way. Domain terms (temuan, predikat,
//! ASN, NIP, LHP, the roles of the review chain, answers) are the same in both and not counted,
//! nor are names in quotes, file paths and command examples in `backticks`.

mod common;

use std::path::Path;

use common::Run as Out;

/// Words only an English sentence has.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "is",
    "are",
    "was",
    "be",
    "cannot",
    "can",
    "not",
    "with",
    "this",
    "that",
    "open",
    "of",
    "to",
    "no",
    "yet",
    "has",
    "have",
    "must",
    "before",
    "after",
    "will",
    "which",
    "there",
    "give",
    "needs",
    "first",
    "it",
    "its",
    "for",
    "only",
    "from",
    "by",
    "or",
    "in",
    "into",
    "what",
    "when",
    "does",
    "wrote",
    "saved",
    "added",
    "unchanged",
    "error",
    "warning",
    "items",
    "events",
    "problem",
    "found",
    "rows",
    "gap",
    "gaps",
    "blocking",
    "signed",
    "key",
];

/// Words only an Indonesian sentence has.
const INDONESIAN: &[&str] = &[
    "yang",
    "dan",
    "tidak",
    "belum",
    "dengan",
    "untuk",
    "atau",
    "ini",
    "itu",
    "sudah",
    "dari",
    "ke",
    "di",
    "pada",
    "akan",
    "harus",
    "ditulis",
    "tersimpan",
    "ditambahkan",
    "kesalahan",
    "peringatan",
    "butir",
    "peristiwa",
    "masalah",
    "kekurangan",
    "kunci",
    "berkas",
];

/// The binary with `LANG` set to `lang` (and nothing else saying a language) and `args`.
fn run(store: &Path, lang: &str, args: &[&str]) -> Out {
    common::run_lang(Some(store), lang, args)
}

/// The words of a line that are sentence words: text in quotes or `backticks`, paths and
/// hashes are names, not sentences.
fn words(line: &str) -> Vec<String> {
    let mut kept = String::new();
    let (mut quote, mut tick) = (false, false);
    for c in line.chars() {
        match c {
            '"' | '“' | '”' => quote = !quote,
            '`' => tick = !tick,
            _ if quote || tick => {}
            _ => kept.push(c),
        }
    }
    kept.split_whitespace()
        // paths, options with values and codes such as `profile.added` are names
        .filter(|w| !w.contains('/') && !w.contains('\\') && !w.contains('='))
        // ids, hashes and item codes (`cce5be91`, `SP-01`) hold digits
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| {
            let b = w.as_bytes();
            !(1..b.len().saturating_sub(1)).any(|i| {
                b[i] == b'.' && b[i - 1].is_ascii_lowercase() && b[i + 1].is_ascii_lowercase()
            })
        })
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphabetic() && c != '-')
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn foreign(text: &str, words_of_other: &[&str], data: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // a line quoting the store's own data (item texts, titles, names) is data
        let mut line = line.to_string();
        for d in data {
            line = line.replace(d.as_str(), " ");
        }
        for w in words(&line) {
            if words_of_other.contains(&w.as_str()) {
                found.push(format!("{w:?} in: {}", line.trim()));
            }
        }
    }
    found
}

/// A demo store and the commands an inspector runs on it, with what each printed.
fn session(dir: &Path, lang: &str, flag: Option<&str>) -> Vec<(String, Out)> {
    let store = dir.join("store");
    let mut said = Vec::new();
    let mut go = |args: &[&str]| {
        let mut all: Vec<&str> = flag.map(|f| vec!["--lang", f]).unwrap_or_default();
        all.extend_from_slice(args);
        let out = run(&store, lang, &all);
        said.push((args.join(" "), out));
    };
    go(&["demo"]);
    let list = run(&store, lang, &["--json", "audit", "list"]);
    let audits: serde_json::Value = serde_json::from_str(&list.stdout).expect("audit list JSON");
    let audit = audits[0]["id"].as_str().expect("an audit").to_string();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let csv = out.join("csv");
    let bundle = out.join("audit.periksa");
    let empty = out.join("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    let (csv, bundle, empty) = (
        csv.to_str().unwrap().to_string(),
        bundle.to_str().unwrap().to_string(),
        empty.to_str().unwrap().to_string(),
    );
    let backups = out.join("cadangan").to_str().unwrap().to_string();
    let keys = out.join("tombol.toml");
    std::fs::write(&keys, "[walk]\nraise_finding = \"Ctrl-ff\"\n").unwrap();
    let keys = keys.to_str().unwrap().to_string();
    // a roster with bad rows: an empty name, a NIP of 17 digits, a status nobody uses
    let roster = out.join("asn-buruk.csv");
    std::fs::write(
        &roster,
        "NIP;Nama;Kode OPD;Status\n19860926201505100;;DINKES;PNS\n198609262015051001;Siti;DINKES;honorer\n",
    )
    .unwrap();
    let roster = roster.to_str().unwrap().to_string();
    // a checklist template with a weight that is not a number and an item code used twice
    let template = out.join("templat-salah.toml");
    std::fs::write(
        &template,
        "id = \"uji\"\ntitle = \"Uji\"\nversion = \"1\"\n\n[[section]]\ncode = \"A\"\n\
         title = \"Bagian A\"\n\n[[section.item]]\ncode = \"A-01\"\ntext = \"Ada SK.\"\n\
         weight = \"dua\"\n\n[[section.item]]\ncode = \"a-01\"\ntext = \"Ada maklumat.\"\n",
    )
    .unwrap();
    let template = template.to_str().unwrap().to_string();
    for args in [
        vec!["audit", "list"],
        vec!["audit", "show", &audit],
        vec!["audit", "check", &audit],
        vec!["finding", "list", &audit],
        vec!["rating", "list"],
        vec!["rating", "check", &audit, "--organisation", "istimewa"],
        vec!["profile", "list"],
        vec!["log", "--limit", "30"],
        vec!["verify"],
        vec!["export", &audit, "--format", "csv", "--output", &csv],
        vec!["export", &audit, "--output", &bundle],
        vec!["import", &bundle],
        vec!["backup", &backups],
        vec!["rebuild"],
        // refusals
        vec!["audit", "show", "tidak-ada"],
        vec!["audit", "answer", &audit, "ZZ-99", "--answer", "ya"],
        vec!["log", "--since", "20/01/2027", "--until", "10/01/2027"],
        vec!["log", "--kind", "apa.saja"],
        // a key file and a theme the terminal UI cannot take
        vec!["--keys", &keys],
        vec!["--theme", "pelangi"],
        // a refusal of the parser itself: a required choice left out
        vec![
            "audit",
            "correct",
            &audit,
            "SP-01",
            "--reason",
            "salah ketik",
        ],
        // refusals of the layers below: a NIP, an answer, a follow-up status
        vec![
            "profile",
            "add",
            "--name",
            "Uji Coba",
            "--nip",
            "1980051220050120",
        ],
        vec!["audit", "answer", &audit, "SP-01", "--answer", "mungkin"],
        vec!["finding", "follow-up", "tidak-ada", "--status", "9"],
        vec![
            "export",
            &audit,
            "--output",
            &bundle,
            "--passphrase-file",
            &empty,
        ],
        vec!["export", &audit, "--output", "laporan.tanpa-ekstensi"],
        // a roster import refused for its rows: each reason said in the language
        vec!["roster", "import", &roster],
        // a checklist template's problems, each at its file:line:column
        vec!["checklist", "validate", &template],
    ] {
        go(&args);
    }
    said
}

/// The store's own data, which is in the language its authors wrote it in.
/// Every string in a JSON value, each line apart (a multi-line text is shown line by line).
fn strings_in(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.extend(s.lines().map(str::to_string)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings_in(x, out)),
        _ => {}
    }
}

fn data(dir: &Path) -> Vec<String> {
    let store = dir.join("store");
    let mut texts = Vec::new();
    let list = run(&store, "en_US.UTF-8", &["--json", "audit", "list"]);
    let audits: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    for a in audits.as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let show = run(&store, "en_US.UTF-8", &["--json", "audit", "show", id]);
        let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
        for key in ["title", "agency_name"] {
            texts.push(v[key].as_str().unwrap_or_default().to_string());
        }
        for i in v["items"].as_array().unwrap() {
            texts.push(i["text"].as_str().unwrap_or_default().to_string());
            texts.push(i["note"].as_str().unwrap_or_default().to_string());
        }
        for f in v["findings"].as_array().unwrap() {
            texts.push(f["title"].as_str().unwrap_or_default().to_string());
            // `finding list` and `finding show` print each recommendation's text and official
            strings_in(&f["recommendations"], &mut texts);
        }
        // the engagement's texts (dasar, tujuan, team names, the addressee, …) are the team's
        strings_in(&v["engagement"], &mut texts);
    }
    let log = run(&store, "en_US.UTF-8", &["--json", "log", "--limit", "1000"]);
    for line in log.stdout.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        texts.push(e["actor_name"].as_str().unwrap_or_default().to_string());
    }
    let ratings = run(
        &store,
        "en_US.UTF-8",
        &["--json", "roster", "list", "--limit", "500"],
    );
    let people: serde_json::Value = serde_json::from_str(&ratings.stdout).unwrap();
    for p in people.as_array().unwrap() {
        for key in ["name", "position", "agency"] {
            texts.push(p[key].as_str().unwrap_or_default().to_string());
        }
    }
    // the checklists' section titles, and the domain's own words (answers, follow-up statuses,
    // the rating scale), which are the regulation's words in both languages
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(root.join("data/checklists")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(title) = line.trim().strip_prefix("title = \"") {
                texts.push(title.trim_end_matches('"').to_string());
            }
        }
    }
    texts.extend(
        [
            "Tidak Sesuai",
            "Belum ditindaklanjuti",
            "Belum sesuai rekomendasi",
            "Tidak dapat ditindaklanjuti",
            "Di Bawah Ekspektasi",
            "Di Atas Ekspektasi",
            "Tidak Berlaku",
        ]
        .map(String::from),
    );
    texts.retain(|t| t.chars().count() >= 4);
    // the longest first, so a text inside another is not cut out of it first
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts.dedup();
    texts
}

fn problems(said: &[(String, Out)], other: &[&str], data: &[String]) -> Vec<String> {
    let mut all = Vec::new();
    for (cmd, out) in said {
        for w in
            foreign(&out.stdout, other, data)
                .into_iter()
                .chain(foreign(&out.stderr, other, data))
        {
            all.push(format!("`periksa {cmd}`: {w}"));
        }
    }
    all
}

fn said_by<'a>(said: &'a [(String, Out)], cmd: &str) -> &'a Out {
    &said
        .iter()
        .find(|(c, _)| c.starts_with(cmd))
        .unwrap_or_else(|| panic!("no `{cmd}` in the session"))
        .1
}

#[test]
fn an_indonesian_environment_gets_indonesian_output_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let said = session(dir.path(), "id_ID.UTF-8", None);
    let data = data(dir.path());
    let found = problems(&said, ENGLISH, &data);
    assert!(
        found.is_empty(),
        "English in the Indonesian CLI:\n{}",
        found.join("\n")
    );
    // what it says, not only what it does not
    assert!(said_by(&said, "verify").stdout.contains("terverifikasi"));
    assert!(said_by(&said, "audit show tidak-ada")
        .stderr
        .starts_with("kesalahan: "));
    assert_eq!(said_by(&said, "log --since").code, 2);
    assert!(
        said_by(&said, "log --since")
            .stderr
            .contains("20 Januari 2027"),
        "{}",
        said_by(&said, "log --since").stderr
    );
    let rows = &said_by(&said, "roster import").stderr;
    assert!(
        rows.contains("Nama: kosong") && rows.contains("berisi 17 angka"),
        "{rows}"
    );
    let validate = said_by(&said, "checklist validate");
    assert_eq!(validate.code, 1);
    assert!(
        validate
            .stderr
            .contains(":12:10: bobot (`weight`) harus bilangan bulat 1 sampai 100")
            && validate.stderr.contains(":15:8: kode butir \"a-01\" ganda"),
        "{}",
        validate.stderr
    );
    // numbers the Indonesian way: a percent with a decimal comma in the audit list
    let list = &said_by(&said, "audit list").stdout;
    assert!(
        list.lines()
            .any(|l| l.contains("skor") && l.contains(',') && l.contains('%')),
        "{list}"
    );
}

#[test]
fn lang_flag_overrides_an_english_environment() {
    let dir = tempfile::tempdir().unwrap();
    let said = session(dir.path(), "en_US.UTF-8", Some("id"));
    let data = data(dir.path());
    let found = problems(&said, ENGLISH, &data);
    assert!(
        found.is_empty(),
        "English with --lang id:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_english_environment_gets_english_output_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let said = session(dir.path(), "en_GB.UTF-8", None);
    let data = data(dir.path());
    let found = problems(&said, INDONESIAN, &data);
    assert!(
        found.is_empty(),
        "Indonesian in the English CLI:\n{}",
        found.join("\n")
    );
    assert!(said_by(&said, "verify").stdout.contains("verified"));
    let rows = &said_by(&said, "roster import").stderr;
    assert!(
        rows.contains("Nama: is empty") && rows.contains("has 17 digits"),
        "{rows}"
    );
    assert!(said_by(&said, "checklist validate")
        .stderr
        .contains(":12:10: `weight` must be a whole number from 1 to 100, found string \"dua\""));
    assert!(said_by(&said, "audit show tidak-ada")
        .stderr
        .starts_with("error: "));
    let list = &said_by(&said, "audit list").stdout;
    assert!(
        list.lines()
            .any(|l| l.contains("score") && l.contains('.') && l.contains('%')),
        "{list}"
    );
}

#[test]
fn the_word_check_finds_what_it_looks_for() {
    assert_eq!(
        foreign("kesalahan: the audit is final", ENGLISH, &[]).len(),
        2
    );
    assert!(foreign(
        "temuan [tinggi] \"the title\" `periksa --help` profile.added",
        ENGLISH,
        &[]
    )
    .is_empty());
    assert_eq!(foreign("tersimpan SP-01: sesuai", INDONESIAN, &[]).len(), 1);
    let data = vec!["Layanan belum punya SK".to_string()];
    assert!(foreign("saved SP-01: Layanan belum punya SK", INDONESIAN, &data).is_empty());
}

//! The command line through the real binary: every command, its JSON, and its errors.

mod common;

use common::*;

fn first_agency(store: &std::path::Path) -> String {
    run_in(store, &["--json", "agency", "list"]).ok().json()[0]["code"]
        .as_str()
        .unwrap()
        .to_string()
}

fn nips(store: &std::path::Path, n: usize) -> Vec<String> {
    run_in(
        store,
        &["--json", "roster", "list", "--limit", &n.to_string()],
    )
    .ok()
    .json()
    .as_array()
    .unwrap()
    .iter()
    .map(|e| e["nip"].as_str().unwrap().to_string())
    .collect()
}

fn new_audit(store: &std::path::Path) -> String {
    let agency = first_agency(store);
    let out = run_in(
        store,
        &[
            "audit",
            "new",
            "--agency",
            &agency,
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Pemeriksaan Standar Pelayanan",
            "--letter",
            "700/045/ITDA/2026",
            "--period",
            "2026-S2",
        ],
    );
    let out = out.ok();
    let id = out.stdout.trim().to_string();
    assert_eq!(id.len(), 36, "audit new prints the id: {id}");
    id
}

fn items(store: &std::path::Path, audit: &str) -> Vec<serde_json::Value> {
    run_in(store, &["--json", "audit", "show", audit])
        .ok()
        .json()["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn usage_errors_exit_2_and_help_works_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    run_in(&store, &["audit", "frobnicate"]).fails(2);
    run_in(&store, &["--no-such-flag"]).fails(2);
    for args in [
        vec!["--help"],
        vec!["audit", "--help"],
        vec!["audit", "answer", "--help"],
        vec!["finding", "add", "--help"],
        vec!["rating", "--help"],
        vec!["roster", "import", "--help"],
    ] {
        let r = run_in(&store, &args);
        let r = r.ok();
        assert!(r.stdout.contains("Usage"), "{}", r.stdout);
    }
    let r = run_in(&store, &["completions", "bash"]);
    let r = r.ok();
    assert!(r.stdout.contains("periksa"));
}

#[test]
fn missing_store_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(&dir.path().join("nowhere"), &["audit", "list"]);
    let r = r.fails(1);
    assert!(r.stderr.contains("no Periksa store at"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1);
}

#[test]
fn init_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    run_in(&store, &["init", "--name", "Rina"]).ok();
    let r = run_in(&store, &["init", "--name", "Rina"]);
    let r = r.fails(1);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
}

#[test]
fn init_rejects_a_bad_nip_naming_the_segment() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let r = run_in(
        &store,
        &["init", "--name", "Rina", "--nip", "19861330 201505 1 001"],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("NIP"), "{}", r.stderr);
    assert!(
        !store.join("store.toml").exists(),
        "nothing created on a bad NIP"
    );
}

#[test]
fn profiles_add_use_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    run_in(
        &store,
        &["init", "--name", "Rina Kartika", "--role", "lead"],
    )
    .ok();
    run_in(
        &store,
        &[
            "profile",
            "add",
            "--name",
            "Agus Setiawan",
            "--nip",
            "19900101 201503 1 002",
        ],
    )
    .ok();
    let list = run_in(&store, &["--json", "profile", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["current"], true);
    run_in(&store, &["profile", "use", "199001012015031002"]).ok();
    let list = run_in(&store, &["--json", "profile", "list"]).ok().json();
    let agus = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Agus Setiawan")
        .unwrap();
    assert_eq!(agus["current"], true);
    assert_eq!(agus["role"], "member");
    run_in(&store, &["profile", "use", "Nobody"]).fails(1);
    // the start of a name will do when it names one person
    run_in(&store, &["profile", "use", "rina"]).ok();
    let list = run_in(&store, &["--json", "profile", "list"]).ok().json();
    assert_eq!(list[0]["current"], true, "{list}");
}

/// A profile's NIP gets the warnings roster import gives a row's NIP; the profile is still added.
#[test]
fn profile_nips_warn_as_roster_import_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    // sequence 000
    let r = run_in(
        &store,
        &["init", "--name", "Rina", "--nip", "19860926 201505 1 000"],
    )
    .ok();
    assert_eq!(
        r.stderr.trim(),
        "warning: NIP 19860926 201505 1 000 (urut 000): the sequence number (positions 16-18) is \
         000, which is unusual; check the NIP against the SK or BKN data"
    );
    // TMT before the 18th birthday; --json keeps stdout JSON, the warning goes to stderr
    let r = run_in(
        &store,
        &[
            "--json",
            "profile",
            "add",
            "--name",
            "Budi",
            "--nip",
            "20000710 201807 1 001",
        ],
    )
    .ok();
    assert_eq!(r.json()["nip"], "200007102018071001");
    assert_eq!(
        r.stderr.trim(),
        "warning: NIP 20000710 201807 1 001 (TMT < 18 th): the TMT (positions 9-14) falls before \
         the holder turned 18; check the birth date and TMT against the SK"
    );
    // a plain NIP, or none: no warning
    for nip in [&["--nip", "19900101 201503 1 002"][..], &[]] {
        let mut args = vec!["profile", "add", "--name", "Agus"];
        args.extend_from_slice(nip);
        let r = run_in(&store, &args).ok();
        assert_eq!(r.stderr, "", "{args:?}");
    }
    let list = run_in(&store, &["--json", "profile", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 4);
}

#[test]
fn roster_import_all_or_nothing_and_skip_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    run_in(&store, &["init", "--name", "Rina"]).ok();
    let opd = write(
        dir.path(),
        "opd.csv",
        b"kode,nama,jenis,wilayah\nDINKES,Dinas Kesehatan,Dinas,Kabupaten Sukamaju\n",
    );
    run_in(&store, &["agency", "import", opd.to_str().unwrap()]).ok();
    // semicolon, BOM, CRLF, Indonesian headers, one bad NIP and one unknown agency
    let csv = "\u{feff}NIP;Nama Pegawai;Jabatan;Pangkat/Gol.;Unit Kerja;Kode OPD;Status\r\n\
               19860926 201505 1 001;\"Siti Aminah; S.Kep.\";Perawat Ahli Pertama;Penata Muda (III/a);Puskesmas;DINKES;PNS\r\n\
               19861330 201505 1 001;Budi;Staf;;;DINKES;PNS\r\n\
               19870101 201001 1 004;Joko;Staf;;;DINSOS;PNS\r\n";
    let f = write(dir.path(), "pegawai.csv", csv.as_bytes());
    let r = run_in(&store, &["roster", "import", f.to_str().unwrap()]);
    let r = r.fails(1);
    assert!(r.stderr.contains("pegawai.csv:3: NIP:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("pegawai.csv:4: Kode OPD:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing imported"), "{}", r.stderr);
    assert_eq!(
        run_in(&store, &["--json", "roster", "list"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let r = run_in(
        &store,
        &[
            "--json",
            "roster",
            "import",
            f.to_str().unwrap(),
            "--skip-invalid",
        ],
    );
    let j = r.ok().json();
    assert_eq!(j["added"], 1);
    assert_eq!(j["skipped"].as_array().unwrap().len(), 2);
    let list = run_in(&store, &["--json", "roster", "list"]).ok().json();
    assert_eq!(list[0]["name"], "Siti Aminah; S.Kep.");
    assert_eq!(list[0]["nip"], "198609262015051001");

    // re-import: no duplicates, no events for unchanged rows; a changed row is one update
    let j = run_in(
        &store,
        &[
            "--json",
            "roster",
            "import",
            f.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .ok()
    .json();
    assert_eq!(
        (j["added"].as_u64(), j["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    let changed = csv.replace("Perawat Ahli Pertama", "Perawat Ahli Muda");
    let f2 = write(dir.path(), "pegawai2.csv", changed.as_bytes());
    let j = run_in(
        &store,
        &[
            "--json",
            "roster",
            "import",
            f2.to_str().unwrap(),
            "--skip-invalid",
        ],
    )
    .ok()
    .json();
    assert_eq!(j["updated"], 1);
    let list = run_in(&store, &["--json", "roster", "list", "--query", "siti"])
        .ok()
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["position"], "Perawat Ahli Muda");
    let events = run_in(&store, &["--json", "log", "--kind", "employee.upserted"]).ok();
    assert_eq!(
        events.stdout.lines().count(),
        2,
        "one event per real change"
    );
}

#[test]
fn checklist_validate_reports_every_problem_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "buruk.toml",
        b"id = \"uji\"\ntitle = \"Uji\"\nversion = \"1\"\n\n[[section]]\ncode = \"A\"\ntitle = \"Bagian A\"\n\n[[section.item]]\ncode = \"A-01\"\ntext = \"Satu\"\nweight = 0\nanswer = \"compliance\"\n\n[[section.item]]\ncode = \"A-01\"\ntext = \"Dua\"\nanswer = \"pilihan\"\n\n[[section]]\ncode = \"B\"\ntitle = \"Kosong\"\n",
    );
    let r = run_in(
        &dir.path().join("no-store"),
        &["checklist", "validate", bad.to_str().unwrap()],
    );
    let r = r.fails(1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(lines.len() >= 4, "{}", r.stderr);
    for l in &lines {
        let l = l.trim_start_matches("error: ");
        assert!(
            l.contains("buruk.toml:"),
            "every line is file:line:column: {l}"
        );
    }
    assert!(
        r.stderr.contains("buruk.toml:12:"),
        "bad weight on line 12: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("buruk.toml:16:"),
        "duplicate code on line 16: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("buruk.toml:18:"),
        "unknown answer kind on line 18: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("buruk.toml:20:"),
        "empty section on line 20: {}",
        r.stderr
    );

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for t in [
        "pelayanan-publik",
        "disiplin-kinerja-asn",
        "pengembangan-kompetensi",
    ] {
        let p = root.join(format!("data/checklists/{t}.toml"));
        run_in(
            &dir.path().join("no-store"),
            &["checklist", "validate", p.to_str().unwrap()],
        )
        .ok();
    }
    let malformed = write(dir.path(), "rusak.toml", b"id = \"uji\"\ntitle = [\n");
    let r = run_in(
        &dir.path().join("no-store"),
        &["checklist", "validate", malformed.to_str().unwrap()],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("rusak.toml:"), "{}", r.stderr);
}

#[test]
fn checklist_list_gives_ids_and_import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let list = run_in(&store, &["--json", "checklist", "list"]).ok().json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"pelayanan-publik")
            && ids.contains(&"disiplin-kinerja-asn")
            && ids.contains(&"pengembangan-kompetensi")
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = root.join("data/checklists/pelayanan-publik.toml");
    let j = run_in(
        &store,
        &["--json", "checklist", "import", p.to_str().unwrap()],
    )
    .ok()
    .json();
    assert_eq!(j["new"], false);
}

#[test]
fn audit_walk_answers_notes_evidence_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let items = items(&store, &audit);
    let compliance: Vec<String> = items
        .iter()
        .filter(|i| i["answer"].is_null())
        .map(|i| i["code"].as_str().unwrap().to_string())
        .collect();
    let first = &compliance[0];
    let ev = write(dir.path(), "foto-loket.jpg", b"not really a jpeg");
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            first,
            "--answer",
            "sebagian",
            "--note",
            "Maklumat pelayanan terpasang, tetapi belum ditandatangani kepala dinas.",
            "--evidence",
            ev.to_str().unwrap(),
        ],
    )
    .ok();
    let shown = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json();
    let item = shown["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| &i["code"] == first)
        .unwrap()
        .clone();
    assert_eq!(item["answer"], "partial");
    assert!(item["note"].as_str().unwrap().contains("Maklumat"));
    assert_eq!(item["evidence"][0]["name"], "foto-loket.jpg");
    use sha2::Digest;
    let expected = hex::encode(sha2::Sha256::digest(b"not really a jpeg"));
    assert_eq!(item["evidence"][0]["sha256"], expected.as_str());
    assert_eq!(shown["progress"]["looked_at"], 1);
    // unknown item, bad answer: clear errors, nothing saved
    let r = run_in(
        &store,
        &["audit", "answer", &audit, "ZZ-99", "--answer", "sesuai"],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("ZZ-99"), "{}", r.stderr);
    let r = run_in(
        &store,
        &["audit", "answer", &audit, first, "--answer", "mungkin"],
    );
    // an answer the item cannot take is a usage error
    let r = r.fails(2);
    assert!(r.stderr.contains("mungkin"), "{}", r.stderr);
    let r = run_in(
        &store,
        &["audit", "answer", "ffffffff", first, "--answer", "sesuai"],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("no audit matches"), "{}", r.stderr);
    let r = run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            first,
            "--answer",
            "sesuai",
            "--evidence",
            "/no/such/file.pdf",
        ],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("/no/such/file.pdf"), "{}", r.stderr);
    let shown = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json();
    let item = shown["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| &i["code"] == first)
        .unwrap()
        .clone();
    assert_eq!(
        item["answer"], "partial",
        "a failed command changed nothing"
    );
}

#[test]
fn phases_signoffs_and_the_final_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let code = items(&store, &audit)[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    run_in(&store, &["audit", "advance", &audit]).ok(); // fieldwork
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            &code,
            "--answer",
            "tidak-berlaku",
        ],
    )
    .ok();
    // review
    run_in(&store, &["audit", "advance", &audit]).ok();
    // final waits for the completeness check: every blocking gap is counted, the first named
    let r = run_in(&store, &["audit", "advance", &audit]).fails(1);
    assert!(
        r.stderr
            .contains("cannot make the audit final: 28 gap(s) block it")
            && r.stderr.contains("SP-02: not answered")
            && r.stderr.contains("periksa audit check"),
        "{}",
        r.stderr
    );
    let check = run_in(&store, &["--json", "audit", "check", &audit]).fails(1);
    let check: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(check["blocks_final"], true);
    assert_eq!(check["gaps"][0]["kind"], "butir_belum_dijawab");
    common::complete_audit(&store, &audit);
    // then final needs four fresh sign-offs
    let r = run_in(&store, &["audit", "advance", &audit]).fails(1);
    assert!(
        r.stderr.contains("Anggota Tim") && r.stderr.contains("missing"),
        "{}",
        r.stderr
    );
    // four people, in chain order
    run_in(
        &store,
        &[
            "profile",
            "add",
            "--name",
            "Agus",
            "--nip",
            "19900101 201503 1 002",
        ],
    )
    .ok();
    run_in(
        &store,
        &[
            "profile",
            "add",
            "--name",
            "Dewi",
            "--nip",
            "19750202 200003 2 001",
            "--role",
            "technical",
        ],
    )
    .ok();
    run_in(
        &store,
        &[
            "profile",
            "add",
            "--name",
            "Hendra",
            "--nip",
            "19700303 199503 1 001",
            "--role",
            "quality",
        ],
    )
    .ok();
    run_in(&store, &["profile", "use", "Agus"]).ok();
    run_in(&store, &["audit", "sign", &audit, "--role", "member"]).ok();
    // pengendali mutu cannot sign before pengendali teknis
    run_in(&store, &["profile", "use", "Hendra"]).ok();
    run_in(&store, &["audit", "sign", &audit, "--role", "quality"]).fails(1);
    run_in(&store, &["profile", "use", "Rina Kartika"]).ok();
    run_in(&store, &["audit", "sign", &audit, "--role", "lead"]).ok();
    // one person cannot hold two roles
    run_in(&store, &["audit", "sign", &audit, "--role", "technical"]).fails(1);
    run_in(&store, &["profile", "use", "Dewi"]).ok();
    run_in(&store, &["audit", "sign", &audit, "--role", "technical"]).ok();
    // a material change makes the sign-offs stale
    run_in(&store, &["profile", "use", "Rina Kartika"]).ok();
    run_in(
        &store,
        &[
            "audit",
            "answer",
            &audit,
            &code,
            "--note",
            "Dilengkapi setelah reviu",
        ],
    )
    .ok();
    let shown = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json();
    assert_eq!(shown["signoffs"][0]["status"], "stale");
    assert_eq!(shown["signoffs"][3]["status"], "missing");
    run_in(&store, &["profile", "use", "Hendra"]).ok();
    let r = run_in(&store, &["audit", "sign", &audit, "--role", "quality"]).fails(1);
    assert!(r.stderr.contains("fresh sign-off"), "{}", r.stderr);
    // re-sign the chain on the new state, then final
    for (who, role) in [
        ("Agus", "member"),
        ("Rina Kartika", "lead"),
        ("Dewi", "technical"),
        ("Hendra", "quality"),
    ] {
        run_in(&store, &["profile", "use", who]).ok();
        run_in(&store, &["audit", "sign", &audit, "--role", role]).ok();
    }
    run_in(&store, &["audit", "advance", &audit]).ok();
    let shown = run_in(&store, &["--json", "audit", "show", &audit])
        .ok()
        .json();
    assert_eq!(shown["phase"], "final");
    // a final audit refuses edits
    let r = run_in(
        &store,
        &["audit", "answer", &audit, &code, "--answer", "sebagian"],
    );
    let r = r.fails(1);
    assert!(r.stderr.to_lowercase().contains("final"), "{}", r.stderr);
    // reopening needs a reason, and the reason is in the trail
    run_in(&store, &["audit", "advance", &audit]).fails(1);
    run_in(
        &store,
        &[
            "audit",
            "advance",
            &audit,
            "--reason",
            "Tanggapan auditan baru diterima",
        ],
    )
    .ok();
    let log = run_in(&store, &["log", "--audit", &audit]).ok();
    assert!(
        log.stdout.contains("Tanggapan auditan baru diterima"),
        "{}",
        log.stdout
    );
}

#[test]
fn findings_follow_up_and_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let code = items(&store, &audit)[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let nip = nips(&store, 1).remove(0);
    let r = run_in(
        &store,
        &[
            "finding",
            "add",
            &audit,
            "--title",
            "Maklumat pelayanan belum ditetapkan",
            "--kondisi",
            "Maklumat pelayanan tidak ditemukan di ruang pelayanan.",
            "--kriteria",
            "UU 25/2009; PermenPANRB 15/2014",
            "--sebab",
            "Belum ada penanggung jawab penyusunan maklumat.",
            "--akibat",
            "Masyarakat tidak mengetahui janji layanan.",
            "--rekomendasi",
            "Kepala dinas menetapkan dan mempublikasikan maklumat pelayanan.",
            "--severity",
            "sedang",
            "--nip",
            &nip,
            "--item",
            &code,
        ],
    );
    let r = r.ok();
    let finding = r.stdout.trim().to_string();
    let list = run_in(&store, &["--json", "finding", "list", &audit])
        .ok()
        .json();
    assert_eq!(list[0]["severity"], "medium");
    assert_eq!(list[0]["followup"]["status"], 3);
    assert_eq!(list[0]["nips"][0], nip.as_str());
    run_in(
        &store,
        &[
            "finding",
            "follow-up",
            // the short id that lists show (the last 8 digits) names the finding
            &finding[finding.len() - 8..],
            "--status",
            "2",
            "--note",
            "Draf maklumat sudah ada, belum ditandatangani",
        ],
    )
    .ok();
    let list = run_in(
        &store,
        &["--json", "finding", "list", &audit[audit.len() - 8..]],
    )
    .ok()
    .json();
    assert_eq!(list[0]["followup"]["status"], 2);
    run_in(&store, &["finding", "follow-up", &finding, "--status", "7"]).fails(1);
    // a finding needs all five elements
    let r = run_in(
        &store,
        &[
            "finding",
            "add",
            &audit,
            "--title",
            "T",
            "--kondisi",
            " ",
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
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("kondisi"), "{}", r.stderr);
    // an unknown NIP is refused
    let r = run_in(
        &store,
        &[
            "finding",
            "add",
            &audit,
            "--title",
            "T",
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
            "--nip",
            "19860926 201505 1 999",
        ],
    );
    let r = r.fails(1);
    assert!(r.stderr.contains("roster"), "{}", r.stderr);

    // ratings: the predikat comes from the matrix
    for (hasil, perilaku, predikat, period) in [
        ("above", "above", "Sangat Baik", "2025-S2"),
        ("below", "below", "Sangat Kurang", "2026-S1"),
        ("above", "below", "Kurang/Misconduct", "2026-S2"),
    ] {
        let r = run_in(
            &store,
            &[
                "rating",
                "add",
                &audit,
                "--nip",
                &nip,
                "--hasil",
                hasil,
                "--perilaku",
                perilaku,
                "--period",
                period,
                "--justification",
                "Berdasarkan temuan",
                "--finding",
                &finding,
            ],
        );
        let r = r.ok();
        assert!(
            r.stdout.contains(predikat),
            "{} × {} → {}",
            hasil,
            perilaku,
            r.stdout
        );
    }
    let list = run_in(&store, &["--json", "rating", "list", "--nip", &nip])
        .ok()
        .json();
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert_eq!(
        list[0]["findings"][0]
            .as_str()
            .unwrap()
            .replace('-', "")
            .len(),
        32
    );
    run_in(
        &store,
        &[
            "rating",
            "add",
            &audit,
            "--nip",
            &nip,
            "--hasil",
            "bagus",
            "--perilaku",
            "meets",
            "--period",
            "2026",
        ],
    )
    .fails(1);
    // distribution check: 1 of 3 Sangat Baik is fine for Istimewa; Sangat Kurang forbids any Sangat Baik
    run_in(
        &store,
        &["rating", "check", &audit, "--organisation", "istimewa"],
    )
    .ok();
    let r = run_in(
        &store,
        &["rating", "check", &audit, "--organisation", "sangat-kurang"],
    );
    let r = r.fails(1);
    assert!(r.stdout.contains("violation"), "{}", r.stdout);
}

#[test]
fn log_json_lines_verify_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let code = items(&store, &audit)[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    run_in(
        &store,
        &[
            "audit", "answer", &audit, &code, "--answer", "sesuai", "--note", "Sesuai",
        ],
    )
    .ok();
    let log = run_in(&store, &["--json", "log", "--audit", &audit]).ok();
    let lines: Vec<serde_json::Value> = log
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "response.recorded", "newest first");
    // the checklist's engagement defaults are saved with the audit, in the same save
    assert_eq!(lines[1]["kind"], "engagement.set");
    assert_eq!(lines[2]["kind"], "audit.created");
    assert_eq!(lines[0]["actor_name"], "Rina Kartika");
    let all = run_in(&store, &["--json", "log", "--limit", "5"]).ok();
    assert_eq!(all.stdout.lines().count(), 5);
    let today = chrono::Local::now().date_naive().to_string();
    let since = run_in(
        &store,
        &[
            "--json",
            "log",
            "--since",
            &today,
            "--kind",
            "audit.created",
        ],
    )
    .ok();
    assert_eq!(since.stdout.lines().count(), 1);
    run_in(&store, &["log", "--kind", "nonsense"]).fails(1);
    run_in(&store, &["log", "--since", "2026-02-30"]).fails(1);
    let v = run_in(&store, &["--json", "verify"]).ok().json();
    assert_eq!(v["ok"], true);
    run_in(&store, &["rebuild"]).ok();
    run_in(&store, &["verify"]).ok();
}

#[test]
fn dates_are_read_in_the_forms_inspectors_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let finding = run_in(
        &store,
        &[
            "finding",
            "add",
            &audit,
            "--title",
            "T",
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
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    for (typed, iso) in [
        ("15 Januari 2027", "2027-01-15"),
        ("15/01/2027", "2027-01-15"),
        ("January 15, 2027", "2027-01-15"),
        ("3.2.2027", "2027-02-03"),
        ("  5  agt  2027 ", "2027-08-05"),
        ("2027-03-04", "2027-03-04"),
    ] {
        let f = run_in(
            &store,
            &[
                "--json",
                "finding",
                "follow-up",
                &finding,
                "--status",
                "2",
                "--due",
                typed,
            ],
        )
        .ok()
        .json();
        assert_eq!(f["followup"]["due"], iso, "--due {typed:?}");
    }
    // the trail's --since and --until: today day first, and with its Indonesian month name
    let today = chrono::Local::now().date_naive();
    let day_first = today.format("%d/%m/%Y").to_string();
    let named = periksa::present::date_id(today);
    let created = |since: &str, until: &str| {
        run_in(
            &store,
            &[
                "--json",
                "log",
                "--kind",
                "audit.created",
                "--since",
                since,
                "--until",
                until,
            ],
        )
        .ok()
        .stdout
        .lines()
        .count()
    };
    assert_eq!(created(&day_first, &named), 1);
    assert_eq!(created("1 Jan 2000", "31.12.2000"), 0);
}

#[test]
fn demo_fills_once_and_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    let first = run_in(&store, &["--json", "demo"]).ok().json();
    assert_eq!(first["created"], true);
    assert!(first["employees"].as_u64().unwrap() >= 300);
    assert_eq!(first["templates"], 3);
    assert_eq!(first["phase"], "fieldwork");
    let (looked, items) = (
        first["looked_at"].as_u64().unwrap(),
        first["items"].as_u64().unwrap(),
    );
    assert!(
        looked * 3 >= items && looked * 3 <= items * 2,
        "about half answered: {looked}/{items}"
    );
    assert!(first["findings"].as_u64().unwrap() >= 2);
    assert!(first["ratings"].as_u64().unwrap() >= 2);
    let second = run_in(&store, &["--json", "demo"]).ok().json();
    assert_eq!(second["created"], false);
    assert_eq!(
        second["events"], first["events"],
        "a second run adds no event"
    );
    run_in(&store, &["verify"]).ok();
    let human = run_in(&store, &["demo"]).ok();
    assert!(human.stdout.contains("already filled"));
}

#[test]
fn distribution_rules_can_be_corrected_as_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let nip = nips(&store, 1).remove(0);
    run_in(
        &store,
        &[
            "rating",
            "add",
            &audit,
            "--nip",
            &nip,
            "--hasil",
            "above",
            "--perilaku",
            "above",
            "--period",
            "2026",
        ],
    )
    .ok();
    // the built-in rules allow at most 70% Sangat Baik under Istimewa: one of one is a violation
    let r = run_in(
        &store,
        &["rating", "check", &audit, "--organisation", "istimewa"],
    )
    .fails(1);
    assert!(r.stdout.contains("violation"), "{}", r.stdout);
    // an inspectorate's corrected rules file is used instead of the built-in one
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let builtin =
        std::fs::read_to_string(root.join("data/rules/distribusi_predikat.toml")).unwrap();
    let relaxed = builtin.replacen("maksimal_persen = 70", "maksimal_persen = 100", 1);
    assert_ne!(relaxed, builtin);
    let f = write(dir.path(), "aturan.toml", relaxed.as_bytes());
    run_in(
        &store,
        &[
            "rating",
            "check",
            &audit,
            "--organisation",
            "istimewa",
            "--rules",
            f.to_str().unwrap(),
        ],
    )
    .ok();
    let broken = write(
        dir.path(),
        "rusak.toml",
        b"[[organisasi]]\npredikat = \"luar-biasa\"\n",
    );
    let r = run_in(
        &store,
        &[
            "rating",
            "check",
            &audit,
            "--organisation",
            "istimewa",
            "--rules",
            broken.to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(
        r.stderr.contains("rusak.toml") && r.stderr.contains("luar-biasa"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_audit_keeps_the_template_it_started_with() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let before = items(&store, &audit);
    // the template file is edited and re-imported: a new version with one item fewer
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/checklists/pelayanan-publik.toml")).unwrap();
    let last_item = text.rfind("[[section.item]]").unwrap();
    let edited = text[..last_item].replace("version = \"2026.2\"", "version = \"2026.3\"");
    let f = write(dir.path(), "pelayanan-publik.toml", edited.as_bytes());
    let j = run_in(
        &store,
        &["--json", "checklist", "import", f.to_str().unwrap()],
    )
    .ok()
    .json();
    assert_eq!(j["new"], true);
    assert_eq!(j["items"].as_u64().unwrap() as usize, before.len() - 1);
    // the running audit still walks the pinned content; a new audit gets the new version
    assert_eq!(items(&store, &audit).len(), before.len());
    let newer = new_audit(&store);
    assert_eq!(items(&store, &newer).len(), before.len() - 1);
    let list = run_in(&store, &["--json", "checklist", "list"]).ok().json();
    let pp = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "pelayanan-publik")
        .unwrap()
        .clone();
    assert_eq!(pp["version"], "2026.3");
}

#[test]
fn verify_and_log_show_the_same_device_key_fingerprint() {
    let tmp = tempfile::tempdir().unwrap();
    let store = seeded_store(tmp.path());
    let log = run_in(&store, &["--json", "log", "--limit", "1"]).ok();
    let key: serde_json::Value = serde_json::from_str(log.stdout.lines().next().unwrap()).unwrap();
    let key = key["device_key"].as_str().unwrap().to_string();
    assert_eq!(key.len(), 16);
    let v = run_in(&store, &["--json", "verify"]).ok().json();
    assert_eq!(v["chains"][0]["key"], key.as_str());
    let text = run_in(&store, &["verify"]).ok();
    assert!(
        text.stdout.contains(&format!("(key {key})")),
        "{}",
        text.stdout
    );
}

#[test]
fn scale_fills_a_new_store_with_a_dated_history_and_refuses_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("besar");
    let out = testkit_in(&store, &["scale", "--events", "3000", "--seed", "5"]).ok();
    assert!(
        out.stdout
            .contains("events, 300 ASN, 3 audits of a 500-item checklist"),
        "{}",
        out.stdout
    );
    run_in(&store, &["verify"]).ok();
    let audits = run_in(&store, &["--json", "audit", "list"]).ok().json();
    assert_eq!(audits.as_array().map(Vec::len), Some(3), "{audits}");
    // the generated history is dated from 2022 on, as the trail shows
    let oldest = run_in(&store, &["log", "--limit", "100000"]).ok().stdout;
    assert!(
        oldest.lines().last().unwrap_or("").contains("2022"),
        "{oldest}"
    );
    let again = testkit_in(&store, &["scale", "--events", "3000"]).fails(1);
    assert!(
        again.stderr.contains("already holds a store"),
        "{}",
        again.stderr
    );
    // never the default store: the store must be named
    let bare = std::process::Command::new(testkit_bin())
        .args(["scale", "--events", "3000"])
        .env_remove("PERIKSA_STORE")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(bare.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bare.stderr);
    assert!(err.contains("name it with --store DIR"), "{err}");
    // not in the user's binary at all: neither in its help nor as a command
    let help = run_in(&store, &["--help"]).ok().stdout;
    assert!(!help.contains("scale"), "{help}");
    assert!(!help.contains("torture"), "{help}");
    for generator in ["scale", "torture"] {
        let unknown = run_in(&store, &[generator]).fails(2);
        assert!(
            unknown.stderr.contains("unrecognized subcommand"),
            "{}",
            unknown.stderr
        );
    }
}

/// The lead's store (`seeded_store`) and a member's store with the same audit; from the same
/// starting point the lead answered each item of `changes` `sesuai` with the first note, the
/// member gave the answer and the second note, and the lead imported the member's findings file:
/// the lead's store holds one conflict per item. Returns the lead's store and the audit.
fn conflicted(
    dir: &std::path::Path,
    changes: &[(&str, &str, &str, &str)],
) -> (std::path::PathBuf, String) {
    let lead = seeded_store(dir);
    let audit = new_audit(&lead);
    let start = dir.join("start.periksa");
    let start = start.to_str().unwrap();
    run_in(
        &lead,
        &["export", &audit, "--format", "bundle", "-o", start],
    )
    .ok();
    let member = dir.join("member");
    run_in(
        &member,
        &["init", "--name", "Budi Santoso", "--role", "member"],
    )
    .ok();
    run_in(&member, &["import", start]).ok();
    for (item, answer, lead_note, member_note) in changes {
        run_in(
            &lead,
            &[
                "audit", "answer", &audit, item, "--answer", "sesuai", "--note", lead_note,
            ],
        )
        .ok();
        run_in(
            &member,
            &[
                "audit",
                "answer",
                &audit,
                item,
                "--answer",
                answer,
                "--note",
                member_note,
            ],
        )
        .ok();
    }
    let back = dir.join("from-member.periksa");
    let back = back.to_str().unwrap();
    run_in(
        &member,
        &["export", &audit, "--format", "bundle", "-o", back],
    )
    .ok();
    run_in(&lead, &["import", back]).ok();
    (lead, audit)
}

/// Two notes that open alike for well over 60 characters and differ near the end.
const NOTE_A: &str = "Maklumat pelayanan sudah dipasang di ruang tunggu sesuai standar, tetapi \
                      tulisannya pudar sehingga tidak terbaca dari kursi antrean nomor tiga puluh.";
const NOTE_B: &str = "Maklumat pelayanan sudah dipasang di ruang tunggu sesuai standar, tetapi \
                      tulisannya pudar sehingga tidak terbaca dari kursi antrean nomor lima.";

#[test]
fn conflicts_name_the_shown_and_the_other_version_and_show_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, _) = conflicted(
        dir.path(),
        &[
            ("SP-02", "sesuai", NOTE_A, NOTE_B),
            ("SP-03", "sebagian", "dicek", "dicek"),
        ],
    );
    let list = run_in(&lead, &["--json", "conflicts"]).ok().json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let note = list
        .iter()
        .find(|c| c["shown"]["summary"].as_str().unwrap().starts_with("SP-02"))
        .unwrap();
    // the existing keys stay; each other version says where it differs from the shown one
    for key in ["id", "audit", "shown", "others"] {
        assert!(!note[key].is_null(), "{key}: {note}");
    }
    let differs = note["others"][0]["differs"].as_array().unwrap();
    assert_eq!(differs.len(), 1, "only the note differs: {differs:?}");
    let d = &differs[0];
    assert_eq!(d["field"], "note");
    let shown_note = d["shown"].as_str().unwrap();
    assert!(shown_note == NOTE_A || shown_note == NOTE_B, "{d}");
    let (shown_end, other_end) = if shown_note == NOTE_A {
        ("tiga puluh.", "lima.")
    } else {
        ("lima.", "tiga puluh.")
    };
    assert!(d["other"].as_str().unwrap().ends_with(other_end), "{d}");
    let shown_part = d["shown_part"].as_str().unwrap();
    let other_part = d["other_part"].as_str().unwrap();
    assert!(
        shown_part.starts_with('…') && shown_part.ends_with(shown_end),
        "{d}"
    );
    assert!(
        other_part.starts_with('…') && other_part.ends_with(other_end),
        "{d}"
    );
    assert!(
        !shown_part.contains("Maklumat"),
        "the common start is left out: {d}"
    );
    // an answer is a word, shown whole
    let answer = list
        .iter()
        .find(|c| c["shown"]["summary"].as_str().unwrap().starts_with("SP-03"))
        .unwrap();
    let d = &answer["others"][0]["differs"][0];
    assert_eq!(d["field"], "answer");
    assert!(d["shown_part"].is_null(), "{d}");
    let words = [d["shown"].as_str().unwrap(), d["other"].as_str().unwrap()];
    assert!(
        words.contains(&"Sesuai") && words.contains(&"Sebagian"),
        "{d}"
    );

    // the text names the versions shown and other, never "kept"
    let r = run_in(&lead, &["conflicts"]).ok();
    let text = &r.stdout;
    assert!(!text.contains("kept"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("  shown  ")).count(),
        2,
        "{text}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("  other  ")).count(),
        2,
        "{text}"
    );
    let note_line = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Note"))
        .unwrap_or_else(|| panic!("a Note line: {text}"));
    assert!(
        lines[note_line].contains(&format!("shown  {shown_part}")),
        "{text}"
    );
    assert!(
        lines[note_line + 1]
            .trim_start()
            .starts_with(&format!("other  {other_part}")),
        "{text}"
    );
    assert!(text.contains("Answer"), "{text}");
    assert!(text.contains("--keep HASH"), "{text}");

    // in Bahasa Indonesia when asked
    let r = run_in(&lead, &["--lang", "id", "conflicts"]).ok();
    assert!(
        r.stdout.contains("  tampil  ") && r.stdout.contains("  lain    "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Catatan") && r.stdout.contains("Jawaban"),
        "{}",
        r.stdout
    );
    run_in(&lead, &["--lang", "fr", "conflicts"]).fails(1);
}

#[test]
fn resolving_says_which_version_stands_and_keeps_the_old_json_key() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, _) = conflicted(
        dir.path(),
        &[
            ("SP-02", "sesuai", NOTE_A, NOTE_B),
            ("SP-03", "sebagian", "dicek", "dicek"),
        ],
    );
    let list = run_in(&lead, &["--json", "conflicts"]).ok().json();
    let (first, second) = (&list[0], &list[1]);
    let other = first["others"][0]["hash"].as_str().unwrap();
    let r = run_in(
        &lead,
        &[
            "--json",
            "conflicts",
            "resolve",
            first["id"].as_str().unwrap(),
            "--keep",
            &other[..10],
        ],
    )
    .ok()
    .json();
    assert_eq!(r["resolved"], first["id"]);
    assert_eq!(r["value"], "other");
    assert_eq!(r["version"], other);
    assert_eq!(r["kept"], &other[..10], "the old key, for one release");

    let id = second["id"].as_str().unwrap();
    let shown = second["shown"]["hash"].as_str().unwrap();
    let r = run_in(&lead, &["conflicts", "resolve", id]).ok();
    assert_eq!(
        r.stdout.trim(),
        format!(
            "conflict {id} settled: the shown version {} stays",
            &shown[..12]
        )
    );
    let r = run_in(&lead, &["conflicts"]).ok();
    assert_eq!(r.stdout.trim(), "no conflicts");
}

#[test]
fn a_note_conflict_is_merged_from_the_draft_the_lead_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, audit) = conflicted(
        dir.path(),
        &[
            ("SP-02", "sebagian", NOTE_A, NOTE_B),
            ("SP-03", "sebagian", "sama", "sama"),
        ],
    );
    let list = run_in(&lead, &["--json", "conflicts"]).ok().json();
    let by_item = |item: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["shown"]["summary"].as_str().unwrap().starts_with(item))
            .unwrap()
            .clone()
    };
    let (notes, answers) = (by_item("SP-02"), by_item("SP-03"));
    assert_eq!(notes["merge_fields"], serde_json::json!(["note"]));
    assert_eq!(answers["merge_fields"], serde_json::json!([]));
    let id = notes["id"].as_str().unwrap().to_string();
    let text = run_in(&lead, &["conflicts"]).ok().stdout;
    assert!(
        text.contains(&format!(
            "the texts differ (Note): to merge them, `periksa conflicts draft {id} > FILE`"
        )),
        "{text}"
    );
    assert!(text.contains("--merge-text FILE"), "{text}");

    // the draft holds both notes whole, marked which is which
    let draft = run_in(&lead, &["conflicts", "draft", &id]).ok().stdout;
    assert!(draft.contains("## [note] Note\n"), "{draft}");
    assert!(draft.contains("## — shown version: "), "{draft}");
    assert!(draft.contains("## — other version 1: "), "{draft}");
    assert!(draft.contains(NOTE_A) && draft.contains(NOTE_B), "{draft}");
    assert!(
        draft.contains("Other fields stay as in the shown version (Answer: "),
        "{draft}"
    );
    assert!(
        draft.contains(&format!("periksa conflicts resolve {id} --merge-text FILE")),
        "{draft}"
    );
    let draft_id = run_in(&lead, &["--lang", "id", "conflicts", "draft", &id])
        .ok()
        .stdout;
    assert!(draft_id.contains("## [note] Catatan"), "{draft_id}");
    assert!(draft_id.contains("## — versi yang tampil: "), "{draft_id}");
    let j = run_in(&lead, &["--json", "conflicts", "draft", &id])
        .ok()
        .json();
    assert_eq!(j["fields"], serde_json::json!(["note"]));
    assert_eq!(j["text"].as_str().unwrap().trim_end(), draft.trim_end());
    // a conflict of answers only has nothing to merge
    let r = run_in(
        &lead,
        &["conflicts", "draft", answers["id"].as_str().unwrap()],
    )
    .fails(1);
    assert!(
        r.stderr.contains("is not between two texts"),
        "{}",
        r.stderr
    );

    // a draft that does not read is refused with the reason and nothing saved
    let bad = write(dir.path(), "bad.txt", format!("lepas\n{draft}").as_bytes());
    let r = run_in(
        &lead,
        &[
            "conflicts",
            "resolve",
            &id,
            "--merge-text",
            bad.to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("belongs to no field"), "{}", r.stderr);
    let r = run_in(
        &lead,
        &[
            "conflicts",
            "resolve",
            &id,
            "--keep",
            "abc",
            "--merge-text",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2, "--keep or --merge-text: {}", r.stderr);
    let r = run_in(
        &lead,
        &["conflicts", "resolve", &id, "--merge-text", "/no/such/file"],
    )
    .fails(1);
    assert!(r.stderr.contains("/no/such/file"), "{}", r.stderr);
    assert_eq!(
        run_in(&lead, &["--json", "conflicts"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // the lead keeps one sentence of each and saves: the conflict is settled with it
    let merged = "Maklumat pelayanan sudah dipasang di ruang tunggu sesuai standar, tetapi \
                  tulisannya pudar sehingga tidak terbaca dari kursi antrean nomor lima maupun \
                  nomor tiga puluh.";
    let edited = draft
        .lines()
        .filter(|l| l.starts_with("##"))
        .filter(|l| !l.starts_with("## — other"))
        .map(|l| {
            if l.starts_with("## — shown") {
                format!("{l}\n{merged}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(dir.path(), "merged.txt", edited.as_bytes());
    let r = run_in(
        &lead,
        &[
            "--json",
            "conflicts",
            "resolve",
            &id,
            "--merge-text",
            file.to_str().unwrap(),
        ],
    )
    .ok()
    .json();
    assert_eq!(r["resolved"], id.as_str());
    assert_eq!(r["value"], "merged");
    assert_eq!(r["fields"], serde_json::json!(["note"]));
    assert!(r["kept"].is_null() && r["version"].is_null(), "{r}");
    let item = items(&lead, &audit)
        .into_iter()
        .find(|i| i["code"] == "SP-02")
        .unwrap();
    assert_eq!(item["note"], merged);
    // the summary says the answer in the command's language (English here)
    let shown_answer = if notes["shown"]["summary"]
        .as_str()
        .unwrap()
        .ends_with("Partially compliant")
    {
        "partial"
    } else {
        "compliant"
    };
    assert_eq!(item["answer"], shown_answer, "the shown version's answer");
    let left = run_in(&lead, &["--json", "conflicts"]).ok().json();
    assert_eq!(left.as_array().unwrap().len(), 1);
    run_in(&lead, &["verify"]).ok();
}

#[test]
fn a_plain_merged_text_settles_a_one_text_conflict_and_a_member_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, audit) = conflicted(dir.path(), &[("SP-02", "sesuai", NOTE_A, NOTE_B)]);
    let id = run_in(&lead, &["--json", "conflicts"]).ok().json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let file = write(dir.path(), "plain.txt", b"  Papan maklumat pudar.  \n");
    // a member may not settle it
    run_in(
        &lead,
        &[
            "profile",
            "add",
            "--name",
            "Agus Setiawan",
            "--role",
            "member",
        ],
    )
    .ok();
    run_in(&lead, &["profile", "use", "Agus Setiawan"]).ok();
    let r = run_in(
        &lead,
        &[
            "conflicts",
            "resolve",
            &id,
            "--merge-text",
            file.to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(
        r.stderr.contains("settled by the team lead"),
        "{}",
        r.stderr
    );
    run_in(&lead, &["profile", "use", "Rina Kartika"]).ok();
    let r = run_in(
        &lead,
        &[
            "conflicts",
            "resolve",
            &id,
            "--merge-text",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        r.stdout.starts_with(&format!(
            "conflict {id} settled: the texts merged (Note); everything else as in the shown version"
        )),
        "{}",
        r.stdout
    );
    let item = items(&lead, &audit)
        .into_iter()
        .find(|i| i["code"] == "SP-02")
        .unwrap();
    assert_eq!(item["note"], "Papan maklumat pudar.");
    assert_eq!(
        run_in(&lead, &["conflicts"]).ok().stdout.trim(),
        "no conflicts"
    );
}

//! The engagement (data penugasan) through the real binary and between laptops: `audit set` and
//! `audit show`, the checklist's defaults, the rules and their messages in both languages, the
//! final lock on everything but the LHP's letter block, sign-offs bound to it, the trail, and
//! concurrent edits settled as a conflict.

mod common;

use common::{complete_audit, run_in, run_lang, seeded_store};
use periksa::app::{demo, App, EngagementEdit};
use periksa::domain::phase::Role;
use periksa::exchange::bundle::{Seal, Unseal};

fn new_audit(store: &std::path::Path) -> String {
    let j = run_in(
        store,
        &[
            "--json",
            "audit",
            "new",
            "--agency",
            "DISDUKCAPIL",
            "--checklist",
            "pelayanan-publik",
            "--title",
            "Pemeriksaan Pelayanan",
            "--letter",
            "700/1/ST/2026",
        ],
    )
    .ok()
    .json();
    j["id"].as_str().unwrap().to_string()
}

fn engagement(store: &std::path::Path, audit: &str) -> serde_json::Value {
    run_in(store, &["--json", "audit", "show", audit])
        .ok()
        .json()["engagement"]
        .clone()
}

#[test]
fn a_new_audit_starts_from_its_checklists_defaults_and_audit_set_changes_only_what_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let e = engagement(&store, &audit);
    // the surat tugas of `audit new`, and the checklist's dasar, tujuan, ruang lingkup, metodologi
    assert_eq!(e["surat_tugas"]["nomor"], "700/1/ST/2026");
    assert_eq!(
        e["dasar"][0],
        "Peraturan Pemerintah Nomor 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah"
    );
    assert!(e["tujuan"]
        .as_str()
        .unwrap()
        .starts_with("Menilai kepatuhan"));
    assert_eq!(
        e["metodologi"],
        serde_json::json!(["reviu dokumen", "wawancara", "observasi", "uji petik"])
    );
    assert_eq!(e["tim"], serde_json::json!([]));

    let out = run_in(
        &store,
        &[
            "audit",
            "set",
            &audit,
            "--surat-tugas-tanggal",
            "30 November 2026",
            "--rencana-mulai",
            "7/12/2026",
            "--rencana-selesai",
            "18/12/2026",
            "--tim",
            "pj; Drs. Bambang Wijaya, M.Si.; 19710128 200202 1 001; Pembina Utama Muda (IV/c)",
            "--tim",
            "at; 19800326 200702 1 001",
            "--tim",
            "kt; 19800512 200501 2 003",
            "--simpulan",
            "Pelayanan belum memenuhi standar.",
            "--lhp-kepada",
            "Bupati Sukamaju\\ndi Sukamaju",
        ],
    )
    .ok();
    assert!(
        out.stdout.contains("Engagement details saved"),
        "{}",
        out.stdout
    );
    let e = engagement(&store, &audit);
    assert_eq!(e["surat_tugas"]["tanggal"], "2026-11-30");
    assert_eq!(e["surat_tugas"]["nomor"], "700/1/ST/2026", "kept");
    assert_eq!(e["rencana"]["start"], "2026-12-07");
    assert_eq!(e["rencana"]["audit_days"], 10, "two working weeks");
    assert_eq!(e["lhp"]["kepada"], "Bupati Sukamaju\ndi Sukamaju");
    assert!(
        e["tujuan"].as_str().unwrap().starts_with("Menilai"),
        "not given, kept"
    );
    // the team in role order; a NIP alone takes name and pangkat from the roster or a profile
    let team = e["tim"].as_array().unwrap();
    let roles: Vec<&str> = team.iter().map(|m| m["peran"].as_str().unwrap()).collect();
    assert_eq!(roles, ["responsible", "lead", "member"]);
    assert_eq!(team[1]["nama"], "Rina Kartika", "from the profile");
    assert_eq!(team[1]["pangkat"], "");
    assert_eq!(team[2]["nip"], "198003262007021001");
    assert_eq!(
        team[2]["nama"], "Fajar Hermawan, S.Sos., M.Si.",
        "from the roster"
    );
    assert_eq!(team[2]["pangkat"], "Pembina Tingkat I (IV/b)");

    // the same values again write nothing
    let again = run_in(
        &store,
        &[
            "audit",
            "set",
            &audit,
            "--simpulan",
            "Pelayanan belum memenuhi standar.",
        ],
    )
    .ok();
    assert!(again.stdout.contains("unchanged"), "{}", again.stdout);
    // an empty value clears a text; an empty list entry clears a list
    run_in(
        &store,
        &["audit", "set", &audit, "--batasan", "", "--dasar", ""],
    )
    .ok();
    let e = engagement(&store, &audit);
    assert_eq!(e["dasar"], serde_json::json!([]));

    // shown to people with grouped NIPs and Indonesian dates
    let shown = run_lang(Some(&store), "id_ID.UTF-8", &["audit", "show", &audit]).ok();
    assert!(
        shown.stdout.contains("Penanggung Jawab: Drs. Bambang Wijaya, M.Si., NIP 19710128 200202 1 001, Pembina Utama Muda (IV/c)"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("Jadwal rencana: 7 Desember 2026 – 18 Desember 2026 (10 hari)"),
        "{}",
        shown.stdout
    );
    // and in the trail, in both languages
    let log = run_lang(Some(&store), "id_ID.UTF-8", &["log", "--limit", "1"]).ok();
    assert!(
        log.stdout.contains("engagement.set") && log.stdout.contains("data penugasan disimpan"),
        "{}",
        log.stdout
    );
    let log = run_in(&store, &["log", "--limit", "1"]).ok();
    assert!(
        log.stdout.contains("engagement details saved"),
        "{}",
        log.stdout
    );
}

#[test]
fn a_team_or_schedule_that_breaks_the_rules_is_refused_in_the_users_language_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let before = engagement(&store, &audit);
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &["--tim", "kt; Budi", "--tim", "ketua tim; Sari"],
            "Team lead is held by one person: Budi and Sari are both named",
            "Ketua Tim dipegang satu orang: Budi dan Sari sama-sama disebut",
        ),
        (
            &["--tim", "auditor; Budi"],
            "unknown team role \"auditor\"",
            "peran tim \"auditor\" tidak dikenal",
        ),
        (
            &["--tim", "at; 19710128 200202 1 009"],
            "team line 1: NIP 19710128 200202 1 009 is neither on the roster nor an auditor profile",
            "baris tim ke-1: NIP 19710128 200202 1 009 tidak ada di daftar pegawai maupun profil auditor",
        ),
        (
            &["--tim", "at; Budi; 1; 2; 3"],
            "team line 1 does not read",
            "baris tim ke-1 tidak terbaca",
        ),
        (
            &["--rencana-mulai", "18/12/2026", "--rencana-selesai", "7/12/2026"],
            "the planned schedule ends (7 December 2026) before it starts (18 December 2026)",
            "jadwal rencana berakhir (7 Desember 2026) sebelum dimulai (18 Desember 2026)",
        ),
        (
            &["--realisasi-hari", "sepuluh"],
            "a number of days must be a whole number",
            "jumlah hari harus bilangan bulat",
        ),
        (
            &["--lhp-tanggal", "31/02/2027"],
            "February 2027 has no day 31",
            "Februari 2027 tidak punya tanggal 31",
        ),
    ];
    for (args, en, id) in cases {
        let mut full = vec!["audit", "set", audit.as_str()];
        full.extend_from_slice(args);
        let r = run_in(&store, &full);
        assert_ne!(r.code, 0, "{args:?} accepted");
        assert!(r.stderr.contains(en), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "one message: {}", r.stderr);
        let r = run_lang(Some(&store), "id_ID.UTF-8", &full);
        assert!(r.stderr.contains(id), "{args:?}: {}", r.stderr);
    }
    assert_eq!(engagement(&store, &audit), before, "nothing saved");
    // nothing given at all is a usage error
    let r = run_in(&store, &["audit", "set", &audit]).fails(2);
    assert!(r.stderr.contains("nothing given"), "{}", r.stderr);
}

#[test]
fn a_final_audit_keeps_its_engagement_but_the_lhp_letter_block_and_signoffs_bind_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let a = audit.as_str();
    run_in(&store, &["audit", "advance", a]).ok();
    complete_audit(&store, a);
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
    let sign = |who: &str, role: &str| {
        run_in(&store, &["profile", "use", who]).ok();
        run_in(&store, &["audit", "sign", a, "--role", role]).ok();
        run_in(&store, &["profile", "use", "Rina Kartika"]).ok();
    };
    sign("Agus", "member");
    let member = || {
        run_in(&store, &["--json", "audit", "show", a]).ok().json()["signoffs"][0]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(member(), "fresh");
    // the LHP's number is given when the report goes out: it does not touch the sign-off
    run_in(
        &store,
        &["audit", "set", a, "--lhp-nomor", "700/15/LHP/2026"],
    )
    .ok();
    assert_eq!(member(), "fresh");
    // the conclusion is what was approved: changing it makes the sign-off stale
    run_in(&store, &["audit", "set", a, "--simpulan", "Belum memadai."]).ok();
    assert_eq!(member(), "stale");
    for (who, role) in [
        ("Agus", "member"),
        ("Rina Kartika", "lead"),
        ("Dewi", "technical"),
        ("Hendra", "quality"),
    ] {
        sign(who, role);
    }
    run_in(&store, &["audit", "advance", a]).ok();
    assert_eq!(
        run_in(&store, &["--json", "audit", "show", a]).ok().json()["phase"],
        "final"
    );
    // final: the engagement is locked but for its letter block
    let r = run_in(&store, &["audit", "set", a, "--simpulan", "Lain."]).fails(1);
    assert!(r.stderr.contains("final and locked"), "{}", r.stderr);
    let r = run_in(&store, &["audit", "set", a, "--tim", "kt; Budi"]).fails(1);
    assert!(r.stderr.contains("final and locked"), "{}", r.stderr);
    run_in(
        &store,
        &["audit", "set", a, "--lhp-tanggal", "15 Desember 2026"],
    )
    .ok();
    let e = engagement(&store, a);
    assert_eq!(e["lhp"]["tanggal"], "2026-12-15");
    assert_eq!(e["simpulan"], "Belum memadai.");
}

#[test]
fn the_engagement_travels_in_findings_files_and_concurrent_edits_are_settled_as_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("laptop1");
    let audit = demo::fill(&first).unwrap().audit;
    let mut one = App::open(&first).unwrap();
    let mut two = App::init(&tmp.path().join("laptop2"), "Ketua 2", None, Role::Lead).unwrap();
    let send = |from: &App, to: &mut App, name: &str| {
        let f = tmp.path().join(name);
        from.export_bundle(&audit, &f, &Seal::Plain).unwrap();
        to.import_bundle(&f, &Unseal::None).unwrap();
    };
    send(&one, &mut two, "a.periksa");
    let a1 = one.resolve_audit(&audit).unwrap();
    let a2 = two.resolve_audit(&audit).unwrap();
    assert_eq!(
        two.engagement(&a2).unwrap(),
        one.engagement(&a1).unwrap(),
        "the whole engagement arrived"
    );
    assert_eq!(two.engagement(&a2).unwrap().team.len(), 6);

    // both laptops change the conclusion and the scope at once
    let edit = |simpulan: &str, scope: &str| EngagementEdit {
        conclusion: Some(simpulan.into()),
        scope: Some(scope.into()),
        ..EngagementEdit::default()
    };
    one.set_engagement(&audit, &edit("Simpulan laptop satu.", "Lingkup A."))
        .unwrap();
    two.set_engagement(&audit, &edit("Simpulan laptop dua.", "Lingkup A."))
        .unwrap();
    send(&one, &mut two, "b.periksa");
    let c = two.conflicts(Some(&audit)).unwrap();
    assert_eq!(c.len(), 1, "one register: the engagement");
    let (_, draft) = two.merge_draft(&c[0].id).unwrap();
    let fields: Vec<_> = draft.fields.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [periksa::app::Field::Conclusion],
        "only the text that differs"
    );
    let merged = "Simpulan gabungan kedua laptop.";
    two.resolve_conflict_merged(&c[0].id, &format!("## [conclusion]\n{merged}\n"))
        .unwrap();
    send(&two, &mut one, "c.periksa");
    for app in [&one, &two] {
        assert!(app.conflicts(None).unwrap().is_empty());
        let a = app.resolve_audit(&audit).unwrap();
        let e = app.engagement(&a).unwrap();
        assert_eq!(e.conclusion, merged);
        assert_eq!(e.scope, "Lingkup A.");
    }
}

#[test]
fn the_completeness_check_names_what_the_lhp_still_lacks_without_blocking_final() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let audit = new_audit(&store);
    let lacking = |store: &std::path::Path| -> Vec<(String, bool)> {
        let j = run_in(store, &["--json", "audit", "check", &audit]).json();
        j["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["kind"] == "data_penugasan_belum_lengkap")
            .map(|g| {
                (
                    g["message"].as_str().unwrap().to_string(),
                    g["blocks_final"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    // the checklist gave dasar, tujuan, ruang lingkup and metodologi; `audit new` the surat tugas
    let before = lacking(&store);
    assert_eq!(
        before,
        [
            (
                "engagement details incomplete: Person in charge (signs the LHP) not filled in \
                 (periksa audit set, or d on the audit list)"
                    .to_string(),
                false
            ),
            (
                "engagement details incomplete: Conclusion not filled in (periksa audit set, or d \
                 on the audit list)"
                    .to_string(),
                false
            ),
        ]
    );
    let shown = run_lang(Some(&store), "id_ID.UTF-8", &["audit", "check", &audit]);
    assert!(
        shown
            .stdout
            .contains("data penugasan belum lengkap: Simpulan belum diisi"),
        "{}",
        shown.stdout
    );
    run_in(
        &store,
        &[
            "audit",
            "set",
            &audit,
            "--simpulan",
            "Belum memadai.",
            "--tim",
            "pj; Drs. Bambang Wijaya, M.Si.; 19710128 200202 1 001; Pembina Utama Muda (IV/c)",
        ],
    )
    .ok();
    assert!(lacking(&store).is_empty());
}

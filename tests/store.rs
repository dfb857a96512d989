//! The store reopened from disk: rebuild equals live state, crash leftovers are recovered, damage is
//! reported by `verify`, and a second opener is refused.

mod common;

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use periksa::app::{App, AppError, NewAudit, NewFinding, NewRating};
use periksa::domain::phase::Role;
use periksa::exchange::checklist::BUNDLED;
use periksa::store::event::Kind;
use periksa::store::journal::{Journal, HEADER_LEN};
use periksa::store::{EventFilter, Notice, StoreError};

const STATUSES: [&str; 5] = ["1", "2", "3", "4", "9"];
const OPD: &[u8] = include_bytes!("../data/sample/opd.csv");
const PEGAWAI: &[u8] = include_bytes!("../data/sample/pegawai.csv");

/// A small deterministic PRNG (xorshift64*), so failures can be replayed by seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn seeded(dir: &Path) -> App {
    let mut app = App::init(
        dir,
        "Rina Kartika",
        Some("19800512 200501 2 003"),
        Role::Lead,
    )
    .unwrap();
    app.import_agencies("opd.csv", OPD, false).unwrap();
    app.import_roster("pegawai.csv", PEGAWAI, false).unwrap();
    for (name, text) in BUNDLED {
        app.import_template(name, text.as_bytes()).unwrap();
    }
    app
}

fn store_dir(tmp: &tempfile::TempDir) -> PathBuf {
    tmp.path().join("store")
}

/// Drive the app through `steps` random commands; invalid ones must fail without changing anything.
fn random_session(app: &mut App, rng: &mut Rng, steps: usize) -> usize {
    let agencies: Vec<String> = app
        .store()
        .agencies()
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    let templates: Vec<String> = app
        .templates()
        .unwrap()
        .into_iter()
        .map(|(_, t)| t.id)
        .collect();
    let nips: Vec<String> = app
        .search_employees(None, 400)
        .unwrap()
        .into_iter()
        .map(|e| e.nip.as_str().to_string())
        .collect();
    let answers = [
        "sesuai",
        "sebagian",
        "tidak-sesuai",
        "na",
        "1",
        "3",
        "5",
        "ya",
        "tidak",
        "12",
        "mungkin",
    ];
    let notes = [
        "Dokumen diperiksa di Sekretariat.",
        "Uji petik 10 berkas; 2 tidak lengkap.",
        "Wawancara dengan petugas loket.",
        "",
    ];
    let mut ok = 0;
    for step in 0..steps {
        let audits = app.audits().unwrap();
        let result: Result<(), AppError> = match rng.below(13) {
            0 | 1 if audits.len() < 4 => app
                .new_audit(NewAudit {
                    agency: rng.pick(&agencies).clone(),
                    checklist: rng.pick(&templates).clone(),
                    title: format!("Pemeriksaan ke-{step}"),
                    letter: Some(format!("700/{step}/ITDA/2026")),
                    period: Some("2026-S2".into()),
                })
                .map(drop),
            0..=5 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let view = app.audit_view(&a).unwrap();
                let item = rng.pick(&view.items).item.code.clone();
                let answer = *rng.pick(&answers);
                let note = *rng.pick(&notes);
                app.answer(&a, &item, Some(answer), Some(note), &[])
                    .map(drop)
            }
            6 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let view = app.audit_view(&a).unwrap();
                let item = rng.pick(&view.items).item.code.clone();
                app.raise_finding(
                    &a,
                    NewFinding {
                        title: format!("Temuan langkah {step}"),
                        kondisi: "Kondisi yang ditemukan.".into(),
                        kriteria: "PermenPANRB 15/2014".into(),
                        sebab: "Belum ada prosedur.".into(),
                        akibat: "Layanan tidak pasti.".into(),
                        recommendations: vec![periksa::app::NewRecommendation::text(
                            "Menyusun prosedur.",
                        )],
                        code: String::new(),
                        cause_code: String::new(),
                        tanggapan: String::new(),
                        severity: rng.pick(&["rendah", "sedang", "tinggi"]).to_string(),
                        nips: vec![rng.pick(&nips).clone()],
                        items: vec![item],
                    },
                )
                .map(drop)
            }
            7 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let findings = app.findings(&a).unwrap();
                if findings.is_empty() {
                    Ok(())
                } else {
                    let f = rng.pick(&findings).id.to_string();
                    let status = STATUSES[rng.below(STATUSES.len())];
                    app.follow_up(&f, None, status, Some("Tindak lanjut dipantau"), None)
                        .map(drop)
                }
            }
            8 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let levels = ["above", "meets", "below"];
                app.recommend_rating(
                    &a,
                    NewRating {
                        nip: rng.pick(&nips).clone(),
                        hasil: rng.pick(&levels).to_string(),
                        perilaku: rng.pick(&levels).to_string(),
                        period: "2026-S2".into(),
                        justification: "Berdasarkan hasil pemeriksaan".into(),
                        ..Default::default()
                    },
                    // half the time a second one for the same ASN replaces the first; the
                    // other half it is refused (both are rebuilt the same)
                    (rng.below(2) == 0).then_some("rekomendasi diperbarui"),
                )
                .map(drop)
            }
            9 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let reason = if rng.below(2) == 0 {
                    Some("Tanggapan baru")
                } else {
                    None
                };
                app.advance(&a, reason).map(drop)
            }
            10 if !audits.is_empty() => {
                let a = rng.pick(&audits).audit.id.to_string();
                let role = *rng.pick(&[Role::Member, Role::Lead, Role::Technical, Role::Quality]);
                app.sign(&a, role).map(drop)
            }
            11 => {
                let profiles = app.profiles().unwrap();
                if profiles.len() < 4 && rng.below(2) == 0 {
                    let nip = format!(
                        "1985010{} 201001 1 00{}",
                        profiles.len() + 1,
                        profiles.len() + 1
                    );
                    app.profile_add(
                        &format!("Auditor {}", profiles.len()),
                        Some(&nip),
                        Role::Member,
                    )
                    .map(drop)
                } else {
                    let p = rng.pick(&profiles).id.to_string();
                    app.profile_use(&p).map(drop)
                }
            }
            12 if !audits.is_empty() => {
                // edit a finding: another sebab, severity and ASN, sometimes an unknown item
                let a = rng.pick(&audits).audit.id.to_string();
                let findings = app.findings(&a).unwrap();
                if findings.is_empty() {
                    Ok(())
                } else {
                    let f = rng.pick(&findings).clone();
                    let mut new = NewFinding::from(&f);
                    new.sebab = format!("Sebab ditinjau ulang pada langkah {step}.");
                    new.severity = rng.pick(&["rendah", "sedang", "tinggi"]).to_string();
                    new.nips = match rng.below(3) {
                        0 => Vec::new(),
                        1 => vec![rng.pick(&nips).clone()],
                        _ => vec![rng.pick(&nips).clone(), rng.pick(&nips).clone()],
                    };
                    if rng.below(8) == 0 {
                        new.items.push("TIDAK-ADA-99".into());
                    }
                    app.update_finding(&f.id.to_string(), new).map(drop)
                }
            }
            _ => Ok(()),
        };
        match result {
            Ok(()) => ok += 1,
            Err(AppError::Store(e)) => panic!("store error at step {step}: {e}"),
            Err(_) => {} // refused by a rule: nothing was written
        }
    }
    ok
}

#[test]
fn rebuild_and_reopen_equal_the_live_state_after_a_long_random_session() {
    for seed in [1u64, 0x5eed_cafe, 42] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = store_dir(&tmp);
        let mut app = seeded(&dir);
        let mut rng = Rng(seed);
        let ok = random_session(&mut app, &mut rng, 400);
        assert!(ok > 200, "seed {seed}: only {ok} commands succeeded");
        let updates = app
            .log(
                &EventFilter {
                    kind: Some(Kind::FindingUpdated),
                    ..Default::default()
                },
                usize::MAX,
            )
            .unwrap();
        assert!(!updates.is_empty(), "seed {seed}: no finding was edited");
        let live = app.store().dump().unwrap();
        let report = app.verify().unwrap();
        assert!(report.ok(), "seed {seed}: {:?}", report.problems);
        app.rebuild().unwrap();
        assert!(
            app.store().dump().unwrap() == live,
            "seed {seed}: rebuild differs from live state"
        );
        app.close().unwrap();
        let app = App::open(&dir).unwrap();
        assert!(
            app.notices().is_empty(),
            "clean reopen: {:?}",
            app.notices()
        );
        assert!(
            app.store().dump().unwrap() == live,
            "seed {seed}: reopen differs from live state"
        );
    }
}

#[test]
fn sled_behind_the_journal_is_caught_up_on_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let app = seeded(&dir);
    app.close().unwrap();
    // keep a copy of the state as it was: as if sled lost the saves that follow (its flush lags)
    let old = tmp.path().join("state-old");
    copy_dir(&dir.join("state"), &old);
    let mut app = App::open(&dir).unwrap();
    let mut rng = Rng(7);
    random_session(&mut app, &mut rng, 120);
    let live = app.store().dump().unwrap();
    app.close().unwrap();
    std::fs::remove_dir_all(dir.join("state")).unwrap();
    copy_dir(&old, &dir.join("state"));
    let app = App::open(&dir).unwrap();
    assert!(
        app.notices()
            .iter()
            .any(|n| matches!(n, Notice::Reapplied { saves } if *saves > 0)),
        "{:?}",
        app.notices()
    );
    assert!(app.store().dump().unwrap() == live);
    assert!(app.verify().unwrap().ok());
}

#[test]
fn missing_or_garbage_state_is_rebuilt_from_the_journal_and_said_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let mut app = seeded(&dir);
    random_session(&mut app, &mut Rng(3), 60);
    let live = app.store().dump().unwrap();
    app.close().unwrap();

    std::fs::remove_dir_all(dir.join("state")).unwrap();
    let app = App::open(&dir).unwrap();
    assert!(
        app.notices()
            .iter()
            .any(|n| matches!(n, Notice::StateRebuilt { .. })),
        "{:?}",
        app.notices()
    );
    assert!(app.store().dump().unwrap() == live);
    app.close().unwrap();

    // overwrite every file of the sled state with garbage
    for entry in walk(&dir.join("state")) {
        let len = std::fs::metadata(&entry).unwrap().len().max(64) as usize;
        std::fs::write(&entry, vec![0xA5; len]).unwrap();
    }
    let app = App::open(&dir).unwrap();
    assert!(
        app.notices()
            .iter()
            .any(|n| matches!(n, Notice::StateRebuilt { .. })),
        "{:?}",
        app.notices()
    );
    assert!(app.store().dump().unwrap() == live);
    assert!(app.verify().unwrap().ok());
}

#[test]
fn a_torn_tail_is_trimmed_with_a_notice_and_a_torn_save_is_dropped_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let mut app = App::init(&dir, "Rina", None, Role::Lead).unwrap();
    app.import_agencies("opd.csv", OPD, false).unwrap();
    let before_roster = app.store().journal_len();
    let live_before = app.store().dump().unwrap();
    app.import_roster("pegawai.csv", PEGAWAI, false).unwrap();
    let full = app.store().journal_len();
    app.close().unwrap();

    // garbage after the last save (a write cut by a crash): trimmed, nothing lost
    let journal = dir.join("journal.log");
    let f = OpenOptions::new().write(true).open(&journal).unwrap();
    f.write_all_at(&[0x17; 300], full).unwrap();
    drop(f);
    let app = App::open(&dir).unwrap();
    assert!(
        app.notices()
            .iter()
            .any(|n| matches!(n, Notice::TornTailTrimmed { at, bytes: 300, .. } if *at == full)),
        "{:?}",
        app.notices()
    );
    assert!(app.store().employee_count() >= 300);
    assert_eq!(std::fs::metadata(&journal).unwrap().len(), full);
    app.close().unwrap();

    // the roster save cut in the middle, and the state never saw it: the whole save goes, the
    // agencies before it stay
    let f = OpenOptions::new().write(true).open(&journal).unwrap();
    f.set_len(before_roster + (full - before_roster) / 2)
        .unwrap();
    drop(f);
    std::fs::remove_dir_all(dir.join("state")).unwrap();
    let app = App::open(&dir).unwrap();
    assert!(app
        .notices()
        .iter()
        .any(|n| matches!(n, Notice::TornTailTrimmed { .. })));
    assert_eq!(
        app.store().employee_count(),
        0,
        "a torn save is all-or-nothing"
    );
    assert!(app.store().dump().unwrap() == live_before);
    assert!(app.verify().unwrap().ok());
}

#[test]
fn verify_names_the_first_broken_event_after_one_flipped_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let mut app = seeded(&dir);
    random_session(&mut app, &mut Rng(11), 40);
    app.close().unwrap();
    // flip one byte in the body of a record in the middle of the journal
    let journal = Journal::open(&dir.join("journal.log"), false).unwrap();
    let mut offsets = Vec::new();
    journal
        .scan(HEADER_LEN, |recs| {
            offsets.extend(recs.iter().map(|r| (r.offset, r.next)));
            Ok(())
        })
        .unwrap();
    let (target, next) = offsets[offsets.len() / 2];
    let previous = offsets.iter().filter(|(o, _)| *o < target).count();
    drop(journal);
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join("journal.log"))
        .unwrap();
    let mut b = [0u8; 1];
    let pos = target + (next - target) / 2;
    f.read_exact_at(&mut b, pos).unwrap();
    f.write_all_at(&[b[0] ^ 0x40], pos).unwrap();
    drop(f);

    // the damage lies before the applied marker, so the store opens; verify finds it
    let app = App::open(&dir).unwrap();
    let report = app.verify().unwrap();
    assert!(!report.ok());
    let first = &report.problems[0].to_string();
    assert!(
        first.contains(&format!("journal damaged at byte {target}")),
        "{first}"
    );
    assert!(first.contains("checksum"), "{first}");
    assert!(
        first.contains(&format!("event {previous}")),
        "names the last good event: {first}"
    );
    app.close().unwrap();
    // and through the binary: exit 1, the same report, no panic
    let r = common::run_in(&dir, &["verify"]);
    let r = r.fails(1);
    assert!(
        r.stdout
            .contains(&format!("journal damaged at byte {target}")),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn verify_catches_an_event_rewritten_with_a_valid_record_checksum() {
    use periksa::store::event::Payload;
    use periksa::store::{wire, Entry};
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let mut app = seeded(&dir);
    random_session(&mut app, &mut Rng(5), 40);
    app.close().unwrap();
    // a forger rewrites the journal: one employee's name changed, records re-checksummed
    let path = dir.join("journal.log");
    let old = Journal::open(&path, false).unwrap();
    let mut saves: Vec<Vec<(u8, Vec<u8>)>> = Vec::new();
    old.scan(HEADER_LEN, |recs| {
        saves.push(recs.into_iter().map(|r| (r.flags, r.body)).collect());
        Ok(())
    })
    .unwrap();
    drop(old);
    let mut forged_seq = None;
    'outer: for save in &mut saves {
        for (flags, body) in save.iter_mut() {
            let Entry::Event(mut e) = wire::from_record(*flags, body).unwrap() else {
                continue;
            };
            if let Payload::EmployeeUpserted(emp) = &mut e.body.payload {
                emp.name = "Nama Palsu".into();
                forged_seq = Some(e.body.seq);
                // the body written again with the forged name, the old hashes kept
                e.stored.body = wire::encode_body(&e.body).unwrap();
                *body = wire::encode_event(&e).unwrap();
                break 'outer;
            }
        }
    }
    let forged_seq = forged_seq.unwrap();
    std::fs::remove_file(&path).unwrap();
    let mut j = Journal::create(&path).unwrap();
    for save in &saves {
        let mut written = j.appending();
        for (flags, body) in save {
            written.push(*flags, body.clone()).unwrap();
        }
        written.commit().unwrap();
    }
    drop(j);
    std::fs::remove_dir_all(dir.join("state")).unwrap();
    let app = App::open(&dir).unwrap();
    let report = app.verify().unwrap();
    assert!(!report.ok());
    assert!(
        report.problems[0]
            .to_string()
            .contains(&format!("event {forged_seq} "))
            && report.problems[0].to_string().contains("content hash"),
        "{:?}",
        report.problems
    );
    assert_eq!(report.chains[0].broken_at, Some(forged_seq));
}

#[test]
fn a_second_opener_is_refused_naming_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let app = App::init(&dir, "Rina", None, Role::Lead).unwrap();
    match App::open(&dir) {
        Err(AppError::Store(StoreError::InUse(p))) => assert_eq!(p, dir),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("second open succeeded"),
    }
    let r = common::run_in(&dir, &["audit", "list"]);
    let r = r.fails(1);
    assert!(
        r.stderr.contains("in use by another Periksa process"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(dir.to_str().unwrap()), "{}", r.stderr);
    drop(app);
    common::run_in(&dir, &["audit", "list"]).ok();
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn a_store_toml_naming_another_device_is_reported_by_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = store_dir(&tmp);
    let app = seeded(&dir);
    let device = app.store().device().to_string();
    app.close().unwrap();
    let toml = dir.join("store.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let other = uuid::Uuid::now_v7().to_string();
    std::fs::write(&toml, text.replace(&device, &other)).unwrap();
    let app = App::open(&dir).unwrap();
    let r = app.verify().unwrap();
    assert!(!r.ok());
    assert!(
        r.problems
            .iter()
            .map(|p| p.to_string())
            .any(|p| p.contains(&other) && p.contains("has no chain in the journal")),
        "{:?}",
        r.problems
    );
}

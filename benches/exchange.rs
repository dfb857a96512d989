//! Exports and findings-file exchange of one large audit: 100,000 responses (a generated checklist of
//! 100,000 items) and 10,000 findings with realistic Indonesian text, some naming ASN of a generated
//! roster. Measures, each in its own child process (this binary re-executed with `--phase NAME`):
//! CSV export and, as its baseline, the same two big tables written straight with the `csv` crate;
//! XLSX export; findings-file (bundle) export; and importing that file into a fresh empty store.
//! Peak memory is each child's VmHWM (peak resident set) read from /proc/self/status at its end;
//! an "open only" child gives the floor every phase shares (binary, store open, sled cache).
//!
//! Run: `cargo bench --bench exchange` (full) or `-- --quick` (smoke: 2,000 responses, 200
//! findings). Knobs: PERIKSA_BENCH_RESPONSES, PERIKSA_BENCH_FINDINGS, PERIKSA_BENCH_EMPLOYEES;
//! PERIKSA_BENCH_DIR=DIR keeps the generated store in DIR and reuses it on the next run.
//!
//! The 100,000-item checklist is far past what `checklist import` accepts (5,000 items), so the
//! template, the responses and the findings are saved as events through `App::bench_commit` (a
//! hidden batch save), 5,000 events per save; the roster goes through the ordinary CSV import.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{roster_csv, vm_hwm_kb};
use periksa::app::scale::{
    prose, Rng, AKIBAT, KONDISI, KRITERIA, REKOMENDASI, SEBAB, TITLES, UNITS,
};
use periksa::app::{template_hash, App, NewAudit};
use periksa::domain::followup::Severity;
use periksa::domain::model::{Evidence, FindingContent};
use periksa::domain::nip::Nip;
use periksa::domain::phase::Role;
use periksa::domain::score::Answer;
use periksa::domain::template::{AnswerKind, Item, Section, Template};
use periksa::domain::Id;
use periksa::exchange::bundle::{Seal, Unseal};
use periksa::exchange::export::Format;
use periksa::exchange::tabular::guard::{grouped_nip, neutralise};
use periksa::store::apply;
use periksa::store::event::Payload;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SAVE: usize = 5_000;
const ITEMS_PER_SECTION: usize = 100;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn template(items: usize) -> Template {
    let topics = [
        "standar pelayanan dipublikasikan di ruang tunggu dan laman resmi",
        "maklumat pelayanan ditandatangani dan dipajang",
        "register permohonan diisi lengkap setiap hari",
        "survei kepuasan masyarakat dilaksanakan tiap semester",
        "pengaduan ditindaklanjuti dalam lima hari kerja",
        "daftar hadir pegawai direkap dan dilaporkan",
        "barang inventaris diberi label dan tercatat",
    ];
    let sections = (0..items.div_ceil(ITEMS_PER_SECTION))
        .map(|s| Section {
            code: format!("B{s:04}"),
            title: format!("Bagian {s}: pelayanan unit {}", UNITS[s % UNITS.len()]),
            items: (0..ITEMS_PER_SECTION.min(items - s * ITEMS_PER_SECTION))
                .map(|i| Item {
                    code: format!("B{s:04}-{i:02}"),
                    text: format!("Apakah {}?", topics[(s + i) % topics.len()]),
                    guidance: String::new(),
                    criteria: format!("PermenPANRB 15/2014 ps. {}", 1 + i % 30),
                    weight: 1 + (i % 5) as u32,
                    answer: AnswerKind::Compliance,
                    evidence_required: i % 10 == 0,
                })
                .collect(),
        })
        .collect();
    Template {
        id: "besar".into(),
        title: "Daftar uji besar (pengukuran)".into(),
        version: "1".into(),
        description: "Dibuat untuk pengukuran ekspor dan pertukaran".into(),
        sections,
    }
}

/// Build the store: agencies, roster, template, audit (in fieldwork), responses, findings.
fn generate(store: &Path, responses: usize, findings: usize, employees: usize) -> Res<(Id, u64)> {
    let mut app = App::init(store, "Ketua Tim Bench", None, Role::Lead)?;
    app.import_agencies("opd.csv", include_bytes!("../data/sample/opd.csv"), false)?;
    app.import_roster("roster.csv", roster_csv(employees).as_bytes(), false)?;
    let t = template(responses);
    let hash = template_hash(&t)?;
    let codes: Vec<String> = t.items().map(|i| i.code.clone()).collect();
    app.bench_commit(vec![Payload::TemplateImported { hash, template: t }])?;
    let audit = app.new_audit(NewAudit {
        agency: "DINKES".into(),
        checklist: "besar".into(),
        title: "Pemeriksaan kinerja pelayanan Dinas Kesehatan 2026".into(),
        letter: Some("700/123/ITDA/2026".into()),
        period: None,
    })?;
    app.advance(&audit.id.to_string(), None)?;
    let today = periksa::app::today();
    let nips: Vec<Nip> = roster_csv(employees)
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter_map(|n| Nip::parse(n, today).ok().map(|i| i.nip))
        .collect();
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let notes = [
        "Dokumen lengkap dan sesuai.",
        "Sebagian dokumen belum ditandatangani pejabat berwenang.",
        "Register tidak diisi pada bulan Maret dan April; petugas menyatakan aplikasi sedang gangguan.",
        "",
    ];
    let mut batch = Vec::with_capacity(SAVE);
    for (i, code) in codes.iter().enumerate() {
        let answer = match rng.below(10) {
            0..=5 => Answer::Compliant,
            6 | 7 => Answer::Partial,
            8 => Answer::Noncompliant,
            _ => Answer::NotApplicable,
        };
        let evidence = if i % 10 == 0 {
            vec![Evidence {
                name: format!("foto-{code}.jpg"),
                sha256: *blake3::hash(code.as_bytes()).as_bytes(),
                note: String::new(),
            }]
        } else {
            Vec::new()
        };
        batch.push(Payload::ResponseRecorded {
            audit: audit.id,
            item: code.clone(),
            answer: Some(answer),
            note: notes[rng.below(notes.len())].to_string(),
            evidence,
        });
        if batch.len() == SAVE {
            app.bench_commit(std::mem::take(&mut batch))?;
        }
    }
    for _ in 0..findings {
        let with_nips = if rng.below(10) < 3 {
            1 + rng.below(3)
        } else {
            0
        };
        batch.push(Payload::FindingRaised {
            id: Id::now_v7(),
            audit: audit.id,
            content: FindingContent {
                items: (0..1 + rng.below(2))
                    .map(|_| codes[rng.below(codes.len())].clone())
                    .collect(),
                title: rng.pick(TITLES).to_string(),
                kondisi: prose(&mut rng, KONDISI, 50, 300),
                kriteria: prose(&mut rng, KRITERIA, 50, 300),
                sebab: prose(&mut rng, SEBAB, 50, 300),
                akibat: prose(&mut rng, AKIBAT, 50, 300),
                recommendations: vec![periksa::domain::model::Recommendation {
                    no: 1,
                    text: prose(&mut rng, REKOMENDASI, 50, 300),
                    ..Default::default()
                }],
                code: String::new(),
                cause_code: String::new(),
                tanggapan: if rng.below(2) == 0 {
                    "Auditan menerima temuan dan akan menindaklanjuti.".into()
                } else {
                    String::new()
                },
                severity: [Severity::Low, Severity::Medium, Severity::High][rng.below(3)],
                nips: (0..with_nips)
                    .map(|_| nips[rng.below(nips.len())].clone())
                    .collect(),
            },
        });
        if batch.len() == SAVE {
            app.bench_commit(std::mem::take(&mut batch))?;
        }
    }
    app.bench_commit(batch)?;
    let events: u64 = app.store().heads()?.iter().map(|(_, h)| h.seq).sum();
    app.close()?;
    Ok((audit.id, events))
}

fn local(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Cells as the export writes them: a text a spreadsheet would run as a formula behind an
/// apostrophe (the same work the export does for every cell).
fn guarded<const N: usize>(cells: [String; N]) -> [String; N] {
    cells.map(|c| neutralise(&c).into_owned())
}

/// The baseline: jawaban.csv and temuan.csv written straight with the csv crate, each row read
/// from the store once, with the same columns and strings as the export. The export's other
/// tables are left out: in this one-audit store the summary is one row, and the ratings and the
/// earlier audits' open recommendations (`tindak_lanjut_sebelumnya`: no earlier audit) are
/// headers without rows, next to nothing beside the two big tables.
fn direct_csv(app: &App, audit: &Id, out: &Path) -> Res<u64> {
    use std::io::Write;
    std::fs::create_dir_all(out)?;
    let store = app.store();
    let a = store.audit(audit)?.ok_or("no audit")?;
    let t = store.template(&a.template_hash)?.ok_or("no template")?;
    let names: std::collections::HashMap<Id, String> = store
        .profiles()?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let name = |id: &Id| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    // `versi`: the hash of each register's current head
    let version = |registers: &[Vec<u8>]| -> Res<String> {
        let mut parts = Vec::new();
        for r in registers {
            parts.push(
                store
                    .current_version(r)?
                    .map(|h| hex::encode(h.hash))
                    .unwrap_or_default(),
            );
        }
        while parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        Ok(parts.join("/"))
    };
    let audit_id = audit.to_string();
    let open = |file: &str| -> Res<csv::Writer<std::io::BufWriter<std::fs::File>>> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(out.join(file))?);
        f.write_all(b"\xEF\xBB\xBF")?;
        Ok(csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(f))
    };
    let mut w = open("jawaban.csv")?;
    w.write_record([
        "audit_id",
        "kode_butir",
        "kode_bagian",
        "bagian",
        "pertanyaan",
        "dasar_kriteria",
        "bobot",
        "jenis_jawaban",
        "jawaban_kode",
        "jawaban",
        "catatan",
        "bukti",
        "bukti_sha256",
        "dicatat",
        "dicatat_oleh",
        "versi",
    ])?;
    for s in &t.sections {
        for i in &s.items {
            let r = store.response(audit, &i.code)?;
            let ans = r.as_ref().and_then(|r| r.answer.as_ref());
            let join = |f: &dyn Fn(&Evidence) -> String| {
                r.as_ref()
                    .map(|r| r.evidence.iter().map(f).collect::<Vec<_>>().join("; "))
                    .unwrap_or_default()
            };
            w.write_record(guarded([
                audit_id.clone(),
                i.code.clone(),
                s.code.clone(),
                s.title.clone(),
                i.text.clone(),
                i.criteria.clone(),
                i.weight.to_string(),
                "compliance".to_string(),
                ans.map(|a| a.code()).unwrap_or_default(),
                ans.map(|a| a.label_id()).unwrap_or_default(),
                r.as_ref().map(|r| r.note.clone()).unwrap_or_default(),
                join(&|e| e.name.clone()),
                join(&|e| hex::encode(e.sha256)),
                r.as_ref().map(|r| local(r.at)).unwrap_or_default(),
                r.as_ref().map(|r| name(&r.by)).unwrap_or_default(),
                version(&[apply::response_register(audit, &i.code)])?,
            ]))?;
        }
    }
    w.flush()?;
    let mut w = open("temuan.csv")?;
    w.write_record([
        "temuan_id",
        "audit_id",
        "judul",
        "butir",
        "kondisi",
        "kriteria",
        "sebab",
        "akibat",
        "rekomendasi",
        "tanggapan",
        "tingkat",
        "tindak_lanjut_kode",
        "tindak_lanjut",
        "tindak_lanjut_catatan",
        "batas_waktu",
        "nip_terkait",
        "dibuat",
        "diubah",
        "dibuat_oleh",
        "versi",
        "kode_temuan",
        "kode_sebab",
        "temuan_berulang",
    ])?;
    for f in store.findings_of_audit_iter(audit) {
        let f = f?;
        // the follow-up as one line: the audit is not final, so the due date is only an explicit
        // one; one store, one audit: no earlier finding repeated
        let fu = periksa::app::followup_summary(&a, &f);
        w.write_record(guarded([
            f.id.to_string(),
            f.audit.to_string(),
            f.content.title.clone(),
            f.content.items.join("; "),
            f.content.kondisi.clone(),
            f.content.kriteria.clone(),
            f.content.sebab.clone(),
            f.content.akibat.clone(),
            f.content.rekomendasi_text(),
            f.content.tanggapan.clone(),
            f.content.severity.label_id().to_string(),
            fu.status.number().to_string(),
            fu.status.label_id().to_string(),
            fu.note,
            fu.due
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            f.content
                .nips
                .iter()
                .map(|n| grouped_nip(n.as_str()).into_owned())
                .collect::<Vec<_>>()
                .join("; "),
            local(f.created_at),
            local(f.updated_at),
            name(&f.created_by),
            version(&[
                apply::finding_register(&f.id),
                apply::followup_register(&f.id),
                apply::verification_register(&f.id, 1, None),
            ])?,
            f.content.code.clone(),
            f.content.cause_code.clone(),
            String::new(),
        ]))?;
    }
    w.flush()?;
    let mut bytes = 0;
    for file in ["jawaban.csv", "temuan.csv"] {
        let f = std::fs::File::open(out.join(file))?;
        f.sync_all()?;
        bytes += f.metadata()?.len();
    }
    Ok(bytes)
}

/// One phase, in this (child) process; prints `RESULT phase secs bytes events hwm_kb`.
fn run_phase(phase: &str, dir: &Path, audit: &str) -> Res<()> {
    let store = dir.join("store");
    let out = dir.join("out");
    std::fs::create_dir_all(&out)?;
    let (secs, bytes, events) = if phase == "import" {
        let fresh = dir.join("fresh");
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh)?;
        }
        let mut app = App::init(&fresh, "Penerima", None, Role::Lead)?;
        let file = out.join("audit.periksa");
        let t = Instant::now();
        let r = app.import_bundle(&file, &Unseal::None)?;
        let secs = t.elapsed().as_secs_f64();
        assert!(r.conflicts.is_empty(), "a merge into an empty store");
        (secs, std::fs::metadata(&file)?.len(), r.added + r.stubs)
    } else {
        let app = App::open(&store)?;
        let t = Instant::now();
        let (bytes, events) = match phase {
            "open" => (0, 0),
            "csv" => (
                app.export(audit, Format::Csv, &out.join("csv"), &Default::default())?
                    .bytes(),
                0,
            ),
            "csv-direct" => (direct_csv(&app, &audit.parse()?, &out.join("direct"))?, 0),
            "xlsx" => (
                app.export(
                    audit,
                    Format::Xlsx,
                    &out.join("audit.xlsx"),
                    &Default::default(),
                )?
                .bytes(),
                0,
            ),
            "bundle" => {
                let r = app.export_bundle(audit, &out.join("audit.periksa"), &Seal::Plain)?;
                (r.bytes, r.events + r.stubs)
            }
            other => return Err(format!("unknown phase {other}").into()),
        };
        (t.elapsed().as_secs_f64(), bytes, events)
    };
    println!("RESULT {phase} {secs} {bytes} {events} {}", vm_hwm_kb());
    Ok(())
}

struct Figure {
    secs: f64,
    bytes: u64,
    events: u64,
    hwm_kb: u64,
}

fn child(dir: &Path, audit: &Id, phase: &str) -> Res<Figure> {
    let out = Command::new(std::env::current_exe()?)
        .args(["--phase", phase, "--dir"])
        .arg(dir)
        .args(["--audit", &audit.to_string()])
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find(|l| l.starts_with("RESULT ")) else {
        return Err(format!(
            "phase {phase} failed ({}): {}{}",
            out.status,
            text,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    };
    let f: Vec<&str> = line.split_whitespace().collect();
    Ok(Figure {
        secs: f[2].parse()?,
        bytes: f[3].parse()?,
        events: f[4].parse()?,
        hwm_kb: f[5].parse()?,
    })
}

fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let (Some(phase), Some(dir), Some(audit)) = (arg("--phase"), arg("--dir"), arg("--audit")) {
        return run_phase(&phase, Path::new(&dir), &audit);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let responses = knob(
        "PERIKSA_BENCH_RESPONSES",
        if quick { 2_000 } else { 100_000 },
    );
    let findings = knob("PERIKSA_BENCH_FINDINGS", if quick { 200 } else { 10_000 });
    let employees = knob("PERIKSA_BENCH_EMPLOYEES", if quick { 200 } else { 2_000 });

    let (_tmp, dir): (Option<tempfile::TempDir>, PathBuf) =
        match std::env::var_os("PERIKSA_BENCH_DIR") {
            Some(d) => (None, PathBuf::from(d)),
            None => {
                let t = tempfile::tempdir_in(std::env::current_dir()?)?;
                let p = t.path().to_path_buf();
                (Some(t), p)
            }
        };
    std::fs::create_dir_all(&dir)?;
    let store = dir.join("store");
    let marker = dir.join("audit.id");
    let audit: Id = if store.join("store.toml").exists() && marker.exists() {
        let id = std::fs::read_to_string(&marker)?.trim().parse()?;
        println!("reusing the store in {}", store.display());
        id
    } else {
        if store.exists() {
            std::fs::remove_dir_all(&store)?;
        }
        let t = Instant::now();
        let (audit, events) = generate(&store, responses, findings, employees)?;
        std::fs::write(&marker, audit.to_string())?;
        println!(
            "store: {responses} responses, {findings} findings, {employees} ASN, {events} events; built in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        audit
    };
    let journal = std::fs::metadata(store.join("journal.log"))?.len();
    println!("journal: {:.1} MB", journal as f64 / 1e6);

    let open = child(&dir, &audit, "open")?;
    let csv = child(&dir, &audit, "csv")?;
    let direct = child(&dir, &audit, "csv-direct")?;
    let xlsx = child(&dir, &audit, "xlsx")?;
    let bundle = child(&dir, &audit, "bundle")?;
    let import = child(&dir, &audit, "import")?;

    // the baseline writes the same strings: its two files equal the export's
    for file in ["jawaban.csv", "temuan.csv"] {
        let a = std::fs::read(dir.join("out/csv").join(file))?;
        let b = std::fs::read(dir.join("out/direct").join(file))?;
        if a != b {
            return Err(format!("{file}: the baseline differs from the export").into());
        }
    }

    println!();
    println!("| phase | time | size | peak RSS (VmHWM) |");
    println!("|---|---|---|---|");
    println!(
        "| open the store only (floor of every phase) | {:.2} s | – | {:.0} MiB |",
        open.secs,
        mib(open.hwm_kb)
    );
    let row = |what: &str, f: &Figure, extra: String| {
        println!(
            "| {what} | {:.2} s{extra} | {:.1} MB | {:.0} MiB |",
            f.secs,
            f.bytes as f64 / 1e6,
            mib(f.hwm_kb)
        );
    };
    row("export CSV (App::export)", &csv, String::new());
    row(
        "baseline: jawaban + temuan straight with csv",
        &direct,
        format!(" (export/baseline {:.2}×)", csv.secs / direct.secs),
    );
    row("export XLSX", &xlsx, String::new());
    row(
        &format!("export findings file ({} entries)", bundle.events),
        &bundle,
        String::new(),
    );
    row(
        &format!("import it into an empty store ({} entries)", import.events),
        &import,
        format!(
            ", {:.0} events/s",
            import.events as f64 / import.secs.max(1e-9)
        ),
    );
    Ok(())
}

//! One durable save (`audit answer`: journal append + fsync + sled apply) against a bare 4 KiB
//! append + fsync on the same disk. Run: `cargo bench --bench save` (`-- --quick` for a smoke run).

mod common;

use std::io::Write;

use common::stats;
use std::time::Instant;

use periksa::app::{App, NewAudit};
use periksa::domain::phase::Role;
use periksa::exchange::checklist::BUNDLED;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 20 } else { 500 };
    let dir = tempfile::tempdir_in(std::env::current_dir()?)?;

    let mut app = App::init(&dir.path().join("store"), "Bench", None, Role::Lead)?;
    app.import_agencies("opd.csv", include_bytes!("../data/sample/opd.csv"), false)?;
    for (name, text) in BUNDLED {
        app.import_template(name, text.as_bytes())?;
    }
    let audit = app.new_audit(NewAudit {
        agency: "DISDUKCAPIL".into(),
        checklist: "pelayanan-publik".into(),
        title: "Bench".into(),
        ..Default::default()
    })?;
    let key = audit.id.to_string();
    let items: Vec<String> = app
        .audit_view(&key)?
        .items
        .iter()
        .filter(|i| i.item.answer == periksa::domain::template::AnswerKind::Compliance)
        .map(|i| i.item.code.clone())
        .collect();
    let answers = ["sesuai", "sebagian", "tidak-sesuai"];
    let mut save = Vec::with_capacity(n);
    for i in 0..n {
        let note = format!(
            "Catatan lapangan nomor {i}: dokumen diperiksa dan dibandingkan dengan standar."
        );
        let t = Instant::now();
        app.answer(
            &key,
            &items[i % items.len()],
            Some(answers[i % 3]),
            Some(&note),
            &[],
        )?;
        save.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("bare.bin"))?;
    let block = vec![0x5Au8; 4096];
    let mut bare = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f.write_all(&block)?;
        f.sync_data()?;
        bare.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let (sm, sp) = stats(save);
    let (bm, bp) = stats(bare);
    println!("durable save (audit answer), {n} saves: median {sm:.3} ms, p99 {sp:.3} ms");
    println!("bare 4 KiB append + fdatasync:        median {bm:.3} ms, p99 {bp:.3} ms");
    println!("ratio (median): {:.2}x", sm / bm);
    Ok(())
}

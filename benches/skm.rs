//! A service unit's survey (SKM) imported and computed: 100,000 respondents in three shapes —
//! numbered columns (CSV), an online form's export (question headers, answer words, CSV) and a
//! workbook (XLSX) — read and worked out as `periksa skm import` does (`exchange::skm::read`,
//! `SkmRules::compute`), side by side in the same run with SQLite doing the plain version: the
//! numbered CSV parsed with the `csv` crate into an in-memory table, then one `SUM … COUNT` query.
//! Goal (issue 17): 100,000 responses imported and computed in under one second.
//!
//! Run: `cargo bench --bench skm` (100,000), `-- --quick` (smoke: 2,000);
//! `PERIKSA_BENCH_RESPONSES=N` picks the size.

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use common::stats;
use periksa::app::scale::Rng;
use periksa::domain::skm::SkmRules;
use periksa::exchange::skm;

const QUESTIONS: [&str; 9] = [
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
];

const WORDS: [[&str; 4]; 9] = [
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    [
        "Tidak kompeten",
        "Kurang kompeten",
        "Kompeten",
        "Sangat kompeten",
    ],
    [
        "Tidak sopan dan ramah",
        "Kurang sopan dan ramah",
        "Sopan dan ramah",
        "Sangat sopan dan ramah",
    ],
    [
        "Tidak ada",
        "Ada tetapi tidak berfungsi",
        "Berfungsi kurang maksimal",
        "Dikelola dengan baik",
    ],
    ["Buruk", "Cukup", "Baik", "Sangat baik"],
];

/// Each respondent's nine scores, mostly 3 and 4 as real surveys are.
fn answers(n: usize) -> Vec<[u8; 9]> {
    let mut rng = Rng::new(17);
    (0..n)
        .map(|_| {
            let mut a = [0u8; 9];
            for s in &mut a {
                *s = match rng.below(10) {
                    0 => 1,
                    1 | 2 => 2,
                    3..=6 => 3,
                    _ => 4,
                };
            }
            a
        })
        .collect()
}

fn numbered_csv(rows: &[[u8; 9]]) -> String {
    let mut out = String::from("No;Jenis Kelamin;Umur;Pendidikan;U1;U2;U3;U4;U5;U6;U7;U8;U9\n");
    for (i, r) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "{};{};{};{}",
            i + 1,
            if i % 2 == 0 { "L" } else { "P" },
            18 + i % 50,
            ["SD", "SMP", "SMA", "D3", "S1", "S2"][i % 6]
        );
        for s in r {
            let _ = write!(out, ";{s}");
        }
        out.push('\n');
    }
    out
}

fn form_csv(rows: &[[u8; 9]]) -> String {
    let mut out = String::from("Timestamp,Jenis layanan");
    for q in QUESTIONS {
        let _ = write!(out, ",\"{q}\"");
    }
    out.push_str(",Kritik dan saran\n");
    for (i, r) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "2026/03/{:02} 09:{:02}:{:02},{}",
            1 + i % 28,
            i % 60,
            (i / 60) % 60,
            ["KTP-el", "KK", "Akta kelahiran", "Pindah datang"][i % 4]
        );
        for (u, s) in r.iter().enumerate() {
            let _ = write!(out, ",{}", WORDS[u][usize::from(*s) - 1]);
        }
        out.push_str(",\n");
    }
    out
}

fn workbook(rows: &[[u8; 9]]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["No", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        for (c, s) in r.iter().enumerate() {
            sheet.write_number(row, c as u16 + 1, f64::from(*s))?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// Read and compute `bytes` `rounds` times: the median and p99 in ms, and the IKM.
fn periksa(
    label: &str,
    bytes: &[u8],
    rules: &SkmRules,
    rounds: usize,
) -> Result<(f64, f64, String), Box<dyn std::error::Error>> {
    let mut times = Vec::new();
    let mut ikm = String::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let survey = skm::read(label, bytes, rules, &Vec::new()).map_err(|e| format!("{e:?}"))?;
        let res = rules.compute(&survey.tally)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        ikm = res.ikm.to_string();
    }
    let (m, p) = stats(times);
    Ok((m, p, ikm))
}

/// SQLite doing the plain version: the numbered CSV into a table, then one aggregate query.
fn sqlite(text: &str, rounds: usize) -> Result<(f64, String), Box<dyn std::error::Error>> {
    let mut times = Vec::new();
    let mut ikm = String::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let mut db = rusqlite::Connection::open_in_memory()?;
        db.execute_batch(
            "CREATE TABLE r (u1 INT, u2 INT, u3 INT, u4 INT, u5 INT, u6 INT, u7 INT, u8 INT, u9 INT)",
        )?;
        let tx = db.transaction()?;
        {
            let mut ins = tx.prepare("INSERT INTO r VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")?;
            let mut rd = csv::ReaderBuilder::new()
                .delimiter(b';')
                .from_reader(text.as_bytes());
            for rec in rd.records() {
                let rec = rec?;
                let v: Vec<i64> = (4..13)
                    .map(|i| rec.get(i).and_then(|c| c.parse().ok()).unwrap_or(0))
                    .collect();
                ins.execute(rusqlite::params_from_iter(v))?;
            }
        }
        tx.commit()?;
        let (n, sum): (i64, i64) = db.query_row(
            "SELECT COUNT(*), SUM(u1+u2+u3+u4+u5+u6+u7+u8+u9) FROM r",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        ikm = format!("{:.2}", 25.0 * sum as f64 / (9.0 * n as f64));
    }
    Ok((stats(times).0, ikm))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let n: usize = std::env::var("PERIKSA_BENCH_RESPONSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 2_000 } else { 100_000 });
    let rounds = if quick { 2 } else { 7 };
    let rules = SkmRules::builtin()?;
    let rows = answers(n);
    let numbered = numbered_csv(&rows);
    let form = form_csv(&rows);
    let xlsx = workbook(&rows)?;
    println!(
        "SKM: {n} respondents; numbered CSV {:.1} MB, form export {:.1} MB, XLSX {:.1} MB",
        numbered.len() as f64 / 1e6,
        form.len() as f64 / 1e6,
        xlsx.len() as f64 / 1e6
    );
    println!("| shape | read + compute, median | p99 | IKM |");
    println!("|---|---|---|---|");
    let mut ikms = Vec::new();
    for (label, bytes) in [
        ("numbered CSV", numbered.as_bytes()),
        ("online form export (answer words)", form.as_bytes()),
        ("XLSX workbook", xlsx.as_slice()),
    ] {
        let (m, p, ikm) = periksa(label, bytes, &rules, rounds)?;
        println!("| {label} | {m:.0} ms | {p:.0} ms | {ikm} |");
        ikms.push(ikm);
    }
    let (s, ikm) = sqlite(&numbered, rounds)?;
    println!("| SQLite: numbered CSV into a table + SUM query | {s:.0} ms | — | {ikm} |");
    if ikms.iter().any(|i| i != &ikms[0]) {
        return Err(format!("the three shapes gave different IKMs: {ikms:?}").into());
    }
    println!(
        "peak memory: {:.0} MiB",
        common::vm_hwm_kb() as f64 / 1024.0
    );
    Ok(())
}

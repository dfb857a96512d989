//! The roster search alone, keystroke by keystroke, over the generated roster of `periksa-testkit scale`
//! (realistic Indonesian names, NIPs, positions, units and agencies): how long one keystroke takes
//! to rank, typed forward, for the words an inspector types (names, a NIP fragment, a unit).
//! Run: `cargo bench --bench search` (100,000 ASN) or `-- --quick` (smoke: 2,000).

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::stats;
use periksa::app::scale::{Generator, Spec};
use periksa::app::{RosterIndex, RosterSearch};
use periksa::domain::Id;
use periksa::store::event::Payload;

/// What is typed, a letter at a time: first names, surnames, a NIP's birth year and a grouped
/// NIP start, a position, a unit, two words at once.
const TYPED: &[&str] = &[
    "wahyu",
    "lestari",
    "1985",
    "19850",
    "siti rahma",
    "analis",
    "sekretariat",
    "dewi kes",
    "agus",
    "nurhayati",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let employees: usize = std::env::var("PERIKSA_BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 2_000 } else { 100_000 });
    let spec = Spec {
        employees,
        ..Spec::for_events(employees as u64 * 10, 7)
    };
    let t = Instant::now();
    let mut names = HashMap::new();
    let mut rows = Vec::with_capacity(employees);
    for g in Generator::new(spec, Id::from_u128(1))? {
        match g.payload {
            Payload::AgencyUpserted(a) => {
                names.insert(a.code, a.name);
            }
            Payload::EmployeeUpserted(e) => rows.push(e),
            _ if rows.len() == employees => break,
            _ => {}
        }
    }
    let index = RosterIndex::new(rows, &names);
    println!(
        "roster: {} ASN generated and indexed in {:.1} s",
        index.len(),
        t.elapsed().as_secs_f64()
    );

    let rounds = if quick { 1 } else { 5 };
    let mut search = RosterSearch::new(&index);
    let mut all = Vec::new();
    let mut first = Vec::new();
    let mut worst: Vec<(f64, String)> = Vec::new();
    for _ in 0..rounds {
        for word in TYPED {
            let chars: Vec<char> = word.chars().collect();
            for n in 1..=chars.len() {
                let q: String = chars[..n].iter().collect();
                let t = Instant::now();
                search.set_query(&index, &q);
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                std::hint::black_box(search.hits().first());
                all.push(ms);
                if n == 1 {
                    first.push(ms);
                }
                worst.push((ms, format!("{q:?} ({} hits)", search.hits().len())));
            }
            search.set_query(&index, "");
        }
    }
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    worst.dedup_by(|a, b| a.1 == b.1);
    let (m, p) = stats(all);
    let (fm, fp) = stats(first);
    println!("per keystroke typed forward: median {m:.3} ms, p99 {p:.3} ms");
    println!("the first letter of a word:  median {fm:.3} ms, p99 {fp:.3} ms");
    println!("slowest keystrokes:");
    for (ms, q) in worst.iter().take(8) {
        println!("  {ms:7.3} ms  {q}");
    }
    Ok(())
}

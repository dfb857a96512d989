//! Helpers the benchmarks share: a generated roster, the median and p99 of timings, peak memory.
#![allow(dead_code)]

use std::fmt::Write as _;

use periksa::app::scale::UNITS;

/// A roster CSV of `n` ASN with valid, distinct NIPs, all named "Pegawai Sintetis {i}".
pub fn roster_csv(n: usize) -> String {
    let agencies = ["DISDUKCAPIL", "DINKES", "DISDIK", "DPMPTSP", "BKPSDM"];
    let mut out = String::from("nip,nama,jabatan,pangkat,unit,kode_opd,status\n");
    for i in 0..n {
        let year = 1965 + (i % 30);
        let month = 1 + (i / 35) % 12;
        let day = 1 + (i / 420) % 28;
        let tmt_year = year + 24 + (i % 5);
        let tmt_month = 1 + (i / 7) % 12;
        let gender = 1 + (i % 2);
        let seq = 1 + (i / 11760) % 999;
        let _ = writeln!(
            out,
            "{year:04}{month:02}{day:02}{tmt_year:04}{tmt_month:02}{gender}{seq:03},Pegawai Sintetis {i},Analis Kebijakan Ahli Muda,Penata (III/c),{},{},PNS",
            UNITS[i % UNITS.len()],
            agencies[i % agencies.len()]
        );
    }
    out
}

/// Median and 99th percentile of timings (NaN for none).
pub fn stats(mut v: Vec<f64>) -> (f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    (
        v[v.len() / 2],
        v[((v.len() as f64 * 0.99) as usize).min(v.len() - 1)],
    )
}

/// Peak resident set of this process so far (kB; 0 where /proc is missing).
pub fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

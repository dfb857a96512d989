//! The public-satisfaction survey (SKM, PermenPANRB 14/2017): from respondents' scores per unsur to NRR, IKM, mutu and the unit's performance, the weakest unsur, and the minimum sample — with the rules (unsur, answer words, conversion, sample table) read from data.
//!
//! The arithmetic is exact: an IKM is kept in hundredths, worked out from the integer totals with
//! one rounding (half up), so the same answers give the same mutu on every machine, and raising
//! one answer never lowers the index.

use std::fmt;

use serde::Deserialize;

/// The survey's rules (`data/rules/skm.toml`): a fact of a regulation, so data, not code.
#[derive(Debug, Clone, PartialEq)]
pub struct SkmRules {
    /// The conversion factor from the interval value (1–4) to the IKM (25–100).
    pub factor: u32,
    /// The rounded weight many reports use (0,11) instead of 1/9, as a fraction.
    pub rounded_weight: (u64, u64),
    /// The highest answer score (4).
    pub max_score: u8,
    /// Mutu bands, best first, in hundredths of the IKM (both ends included).
    pub bands: Vec<Band>,
    pub unsur: Vec<Unsur>,
    /// How many unsur the old KEP/25/M.PAN/2/2004 form had (14).
    pub old_count: usize,
    /// Krejcie–Morgan: (population, minimum sample), by population.
    pub sample: Vec<(u64, u64)>,
}

/// One band of the conversion table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub mutu: String,
    /// The unit's performance (kinerja unit pelayanan), in Indonesian and English.
    pub kinerja: String,
    pub kinerja_en: String,
    pub from: u32,
    pub to: u32,
}

/// One unsur of the survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsur {
    pub name: String,
    /// Header names meaning this unsur, normalised ([`words`]).
    pub aliases: Vec<String>,
    /// Words of a question's text that point to this unsur, normalised.
    pub keywords: Vec<String>,
    /// The answer words for the scores 1, 2, … (each several spellings), normalised.
    pub answers: Vec<Vec<String>>,
}

/// Why the survey rules do not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SkmRulesError {
    #[error("SKM rules: {0}")]
    Toml(String),
    #[error("SKM rules: {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    faktor_konversi: u32,
    bobot_pembulatan: f64,
    skala_maksimum: u8,
    konversi: Vec<BandFile>,
    unsur: Vec<UnsurFile>,
    unsur_lama: usize,
    sampel: Vec<(u64, u64)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandFile {
    mutu: String,
    kinerja: String,
    kinerja_en: String,
    dari: f64,
    sampai: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsurFile {
    nama: String,
    #[serde(default)]
    nama_lain: Vec<String>,
    #[serde(default)]
    kata_kunci: Vec<String>,
    jawaban: Vec<Vec<String>>,
}

/// Text as the matching reads it: lower case, letters and digits in words separated by one space.
pub fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A decimal figure of the file in hundredths (88.31 → 8831).
fn hundredths(v: f64) -> u32 {
    (v * 100.0).round().clamp(0.0, f64::from(u32::MAX)) as u32
}

impl SkmRules {
    pub fn from_toml(text: &str) -> Result<SkmRules, SkmRulesError> {
        let f: RulesFile = toml::from_str(text)
            .map_err(|e| SkmRulesError::Toml(e.message().trim().to_string()))?;
        let bad = |s: String| Err(SkmRulesError::Invalid(s));
        if f.skala_maksimum < 2 {
            return bad(format!(
                "skala_maksimum is {}; give 2 or more",
                f.skala_maksimum
            ));
        }
        if f.faktor_konversi == 0 {
            return bad("faktor_konversi is 0".into());
        }
        if !(0.01..=1.0).contains(&f.bobot_pembulatan) {
            return bad(format!(
                "bobot_pembulatan is {}; give a share from 0.01 to 1",
                f.bobot_pembulatan
            ));
        }
        if f.unsur.is_empty() {
            return bad("no [[unsur]]".into());
        }
        let mut unsur = Vec::with_capacity(f.unsur.len());
        for u in f.unsur {
            if u.jawaban.len() != usize::from(f.skala_maksimum) {
                return bad(format!(
                    "unsur {:?} has answer words for {} scores; give one list per score 1–{}",
                    u.nama,
                    u.jawaban.len(),
                    f.skala_maksimum
                ));
            }
            unsur.push(Unsur {
                aliases: std::iter::once(&u.nama)
                    .chain(&u.nama_lain)
                    .map(|a| words(a))
                    .collect(),
                keywords: u.kata_kunci.iter().map(|k| words(k)).collect(),
                answers: u
                    .jawaban
                    .iter()
                    .map(|ws| ws.iter().map(|w| words(w)).collect())
                    .collect(),
                name: u.nama,
            });
        }
        let mut bands: Vec<Band> = f
            .konversi
            .iter()
            .map(|b| Band {
                mutu: b.mutu.clone(),
                kinerja: b.kinerja.clone(),
                kinerja_en: b.kinerja_en.clone(),
                from: hundredths(b.dari),
                to: hundredths(b.sampai),
            })
            .collect();
        bands.sort_by_key(|b| std::cmp::Reverse(b.from));
        // the bands must cover the IKM's whole range, from max × factor down, without gaps
        let top = u32::from(f.skala_maksimum) * f.faktor_konversi * 100;
        let bottom = f.faktor_konversi * 100;
        let cover = format!(
            "the bands must cover {:.2}–{:.2} without gaps or overlaps",
            f64::from(bottom) / 100.0,
            f64::from(top) / 100.0
        );
        let mut above: Option<&Band> = None;
        for b in &bands {
            let fits = match above {
                None => b.to == top,
                Some(a) => b.to + 1 == a.from,
            };
            if !fits || b.from > b.to {
                let why = match above {
                    None => format!(
                        "the top band {} ends at {:.2}",
                        b.mutu,
                        f64::from(b.to) / 100.0
                    ),
                    Some(a) => format!(
                        "band {} ends at {:.2} but band {} above it starts at {:.2}",
                        b.mutu,
                        f64::from(b.to) / 100.0,
                        a.mutu,
                        f64::from(a.from) / 100.0
                    ),
                };
                return bad(format!("konversi: {why}; {cover}"));
            }
            above = Some(b);
        }
        if bands.last().map(|b| b.from) != Some(bottom) {
            return bad(format!(
                "konversi: the lowest band must start at {:.2}",
                f64::from(bottom) / 100.0
            ));
        }
        let mut sample = f.sampel;
        sample.sort_unstable();
        if sample.is_empty() {
            return bad("sampel is empty".into());
        }
        Ok(SkmRules {
            factor: f.faktor_konversi,
            rounded_weight: ((f.bobot_pembulatan * 10_000.0).round() as u64, 10_000),
            max_score: f.skala_maksimum,
            bands,
            unsur,
            old_count: f.unsur_lama,
            sample,
        })
    }

    /// The rules shipped with Periksa.
    pub fn builtin() -> Result<SkmRules, SkmRulesError> {
        Self::from_toml(include_str!("../../data/rules/skm.toml"))
    }

    /// The band an IKM (in hundredths) falls in; outside the table (possible with rounded
    /// weights: 0,11 × 9 is below 1, a store's own weight may be above 1/9), the nearest band.
    pub fn band(&self, ikm: u32) -> Option<&Band> {
        self.bands
            .iter()
            .find(|b| (b.from..=b.to).contains(&ikm))
            .or_else(|| self.bands.last().filter(|b| ikm < b.from))
            .or_else(|| self.bands.first().filter(|b| ikm > b.to))
    }

    /// The minimum number of respondents for a population (Krejcie–Morgan: the first row at or
    /// above it; above the table, its last row).
    pub fn min_sample(&self, population: u64) -> u64 {
        self.sample
            .iter()
            .find(|(n, _)| *n >= population)
            .or(self.sample.last())
            .map_or(0, |(_, s)| (*s).min(population))
    }

    /// Which unsur a header names: `U3`, `Unsur 3` (1 to the old form's count), or a name.
    pub fn unsur_named(&self, header: &str) -> Option<usize> {
        let w = words(header);
        let tokens: Vec<&str> = w.split(' ').collect();
        if let Some(n) = numbered(&tokens) {
            return (1..=self.old_count.max(self.unsur.len()))
                .contains(&n)
                .then(|| n - 1);
        }
        self.unsur.iter().position(|u| u.aliases.contains(&w))
    }

    /// The unsur a question's text points to by its words: every one it names (one is a match,
    /// more are ambiguous, none is another column).
    pub fn unsur_asked(&self, question: &str) -> Vec<usize> {
        let w = words(question);
        let tokens: Vec<&str> = w.split(' ').collect();
        self.unsur
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                u.keywords.iter().any(|k| {
                    let kw: Vec<&str> = k.split(' ').collect();
                    tokens.windows(kw.len()).any(|win| win == kw.as_slice())
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The score of one answer to unsur `unsur` (0-based; past the shipped list, as the old form,
    /// numbers and letters only): a number, a letter `a`–`d` (alone or before `.`/`)` and the
    /// words), or the unsur's answer words.
    pub fn score(&self, unsur: usize, cell: &str) -> Result<u8, Answer> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Err(Answer::Empty);
        }
        if let Some(v) = number(cell) {
            return match u8::try_from(v) {
                Ok(s) if (1..=self.max_score).contains(&s) => Ok(s),
                _ => Err(Answer::OutOfRange(v)),
            };
        }
        if let Some(s) = letter(cell, self.max_score) {
            return Ok(s);
        }
        let w = words(cell);
        self.unsur
            .get(unsur)
            .and_then(|u| {
                u.answers
                    .iter()
                    .position(|spellings| spellings.contains(&w))
            })
            .and_then(|i| u8::try_from(i + 1).ok())
            .ok_or(Answer::Unknown)
    }

    /// The answer words of unsur `unsur`, score by score, for a message.
    pub fn answer_words(&self, unsur: usize) -> String {
        self.unsur
            .get(unsur)
            .map(|u| {
                u.answers
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{} = {}", i + 1, s.join(" / ")))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    }

    /// The name of unsur `i` (0-based); past the shipped list (the old form), `Unsur N`.
    pub fn unsur_name(&self, i: usize) -> String {
        self.unsur
            .get(i)
            .map_or_else(|| format!("Unsur {}", i + 1), |u| u.name.clone())
    }
}

/// The number of a header `U3`, `U 3`, `Unsur 3` or `U3 Persyaratan` (its first words).
fn numbered(tokens: &[&str]) -> Option<usize> {
    let first = tokens.first()?;
    for prefix in ["unsur", "u"] {
        if let Some(digits) = first.strip_prefix(prefix) {
            if !digits.is_empty() {
                return digits.parse().ok();
            }
            return tokens.get(1)?.parse().ok();
        }
    }
    None
}

/// A whole number written as a number (`3`, `3.0`, `3,0`), if the cell is one.
fn number(cell: &str) -> Option<i64> {
    let t = cell.replace(',', ".");
    if let Ok(v) = t.parse::<i64>() {
        return Some(v);
    }
    let f: f64 = t.parse().ok()?;
    (f.fract() == 0.0 && f.abs() < 1e9).then_some(f as i64)
}

/// A letter answer (`a`–`d`, alone or as `a.`/`a)` before the words), as its score.
fn letter(cell: &str, max: u8) -> Option<u8> {
    let mut chars = cell.chars();
    let c = chars.next()?.to_ascii_lowercase();
    let rest = chars.as_str().trim_start();
    let standalone = rest.is_empty() || rest.starts_with('.') || rest.starts_with(')');
    if !standalone || !c.is_ascii_lowercase() {
        return None;
    }
    let s = u8::try_from(u32::from(c) - u32::from('a') + 1).ok()?;
    (1..=max).contains(&s).then_some(s)
}

/// Why an answer does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Empty,
    /// A number outside 1–max.
    OutOfRange(i64),
    /// Words that are none of the unsur's answers.
    Unknown,
}

/// The answers added up: respondents and the total score per unsur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub respondents: u64,
    pub totals: Vec<u64>,
}

impl Tally {
    pub fn new(unsur: usize) -> Tally {
        Tally {
            respondents: 0,
            totals: vec![0; unsur],
        }
    }

    /// Add one respondent's scores, one per unsur in order.
    pub fn add(&mut self, scores: &[u8]) {
        self.respondents += 1;
        for (t, s) in self.totals.iter_mut().zip(scores) {
            *t += u64::from(*s);
        }
    }
}

/// An IKM in hundredths (8234 is 82,34).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ikm(pub u32);

impl Ikm {
    pub fn value(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Ikm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// One unsur's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsurResult {
    pub total: u64,
    /// Nilai rata-rata: total / respondents.
    pub nrr: f64,
    /// NRR × the weight (1/unsur count).
    pub weighted: f64,
}

/// The survey worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct SkmResult {
    pub respondents: u64,
    pub unsur: Vec<UnsurResult>,
    /// Σ weighted NRR (1–4).
    pub interval: f64,
    /// The IKM with equal weights (1/unsur count), rounded to two decimals.
    pub ikm: Ikm,
    /// The IKM with each NRR weighted by the rounded weight (0,11) instead; only for the
    /// survey's own number of unsur (the rounding is of 1/9).
    pub ikm_rounded_weight: Option<Ikm>,
    /// The three weakest unsur (0-based), weakest first (ties: the earlier unsur first).
    pub weakest: Vec<usize>,
}

/// Why a survey cannot be worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SkmError {
    #[error("the survey has no respondents")]
    NoRespondents,
    #[error("the survey has no unsur")]
    NoUnsur,
}

/// `factor × Σ(total/n × num/den)` in hundredths, rounded half up, exactly.
fn index(totals: &[u64], n: u64, (num, den): (u64, u64), factor: u32) -> Ikm {
    let sum: u128 = totals.iter().map(|&t| u128::from(t)).sum();
    let a = 100 * u128::from(factor) * u128::from(num) * sum;
    let b = u128::from(n) * u128::from(den);
    let h = (2 * a + b) / (2 * b).max(1);
    Ikm(u32::try_from(h).unwrap_or(u32::MAX))
}

impl SkmRules {
    /// Work out the survey from its tally.
    pub fn compute(&self, tally: &Tally) -> Result<SkmResult, SkmError> {
        let n = tally.respondents;
        let k = tally.totals.len();
        if n == 0 {
            return Err(SkmError::NoRespondents);
        }
        if k == 0 {
            return Err(SkmError::NoUnsur);
        }
        let unsur: Vec<UnsurResult> = tally
            .totals
            .iter()
            .map(|&t| {
                let nrr = t as f64 / n as f64;
                UnsurResult {
                    total: t,
                    nrr,
                    weighted: nrr / k as f64,
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by_key(|&i| (tally.totals[i], i));
        order.truncate(3);
        Ok(SkmResult {
            respondents: n,
            interval: unsur.iter().map(|u| u.weighted).sum(),
            ikm: index(&tally.totals, n, (1, k as u64), self.factor),
            ikm_rounded_weight: (k == self.unsur.len())
                .then(|| index(&tally.totals, n, self.rounded_weight, self.factor)),
            unsur,
            weakest: order,
        })
    }
}

/// A survey recorded with an audit (the event `survey.recorded`): the file it came from, the
/// respondents and each unsur's total, and what it was worked out to when it was recorded — enough
/// to show the arithmetic, chart the NRR and compare periods without the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SurveyRecord {
    /// The number item whose answer is the IKM.
    pub item: String,
    /// The file's name (without its folders) and SHA-256.
    pub file: String,
    pub sha256: [u8; 32],
    /// The service unit and the period surveyed, as given (may be empty).
    pub unit: String,
    pub period: String,
    pub respondents: u64,
    /// Each unsur's name and total score, in order.
    pub names: Vec<String>,
    pub totals: Vec<u64>,
    /// The IKM in hundredths, and with the rounded weights (the nine-unsur form only).
    pub ikm: u32,
    pub ikm_rounded: Option<u32>,
    /// The rounded weight used, in ten-thousandths (1100 is 0,11).
    pub rounded_weight: u32,
    pub mutu: String,
    /// The unit's performance, in Indonesian and in English (the conversion table's words).
    pub kinerja: String,
    pub kinerja_en: String,
    /// The highest answer score (4): the scale of each NRR.
    pub max_score: u8,
    /// The population given and the minimum sample for it.
    pub population: Option<(u64, u64)>,
}

impl SurveyRecord {
    /// Unsur `i`'s NRR (its total over the respondents).
    pub fn nrr(&self, i: usize) -> f64 {
        let t = self.totals.get(i).copied().unwrap_or(0);
        t as f64 / self.respondents.max(1) as f64
    }

    /// Σ NRR × 1/k: the interval value (1–4).
    pub fn interval(&self) -> f64 {
        let k = self.totals.len().max(1) as f64;
        (0..self.totals.len()).map(|i| self.nrr(i) / k).sum()
    }

    /// The three weakest unsur (0-based), weakest first (ties: the earlier first).
    pub fn weakest(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.totals.len()).collect();
        order.sort_by_key(|&i| (self.totals[i], i));
        order.truncate(3);
        order
    }

    pub fn ikm(&self) -> Ikm {
        Ikm(self.ikm)
    }

    /// Whether the respondents are fewer than the minimum sample of the population given.
    pub fn sample_short(&self) -> bool {
        self.population
            .is_some_and(|(_, min)| self.respondents < min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> SkmRules {
        SkmRules::builtin().unwrap()
    }

    fn tally(rows: &[[u8; 9]]) -> Tally {
        let mut t = Tally::new(9);
        for r in rows {
            t.add(r);
        }
        t
    }

    #[test]
    fn the_shipped_rules_read() {
        let r = rules();
        assert_eq!(r.unsur.len(), 9);
        assert_eq!(r.factor, 25);
        assert_eq!(r.rounded_weight, (1100, 10_000));
        assert_eq!(r.old_count, 14);
        let mutu: Vec<&str> = r.bands.iter().map(|b| b.mutu.as_str()).collect();
        assert_eq!(mutu, ["A", "B", "C", "D"]);
        assert_eq!(r.band(10_000).map(|b| b.mutu.as_str()), Some("A"));
        assert_eq!(r.band(8831).map(|b| b.mutu.as_str()), Some("A"));
        assert_eq!(r.band(8830).map(|b| b.mutu.as_str()), Some("B"));
        assert_eq!(r.band(7661).map(|b| b.kinerja.as_str()), Some("Baik"));
        assert_eq!(
            r.band(7660).map(|b| b.kinerja.as_str()),
            Some("Kurang Baik")
        );
        assert_eq!(r.band(6500).map(|b| b.mutu.as_str()), Some("C"));
        assert_eq!(r.band(6499).map(|b| b.mutu.as_str()), Some("D"));
        assert_eq!(r.band(2500).map(|b| b.mutu.as_str()), Some("D"));
        // 0,11 weights can fall below 25
        assert_eq!(r.band(2475).map(|b| b.mutu.as_str()), Some("D"));
        // and a store's weight above 1/9 can pass 100
        assert_eq!(r.band(10_100).map(|b| b.mutu.as_str()), Some("A"));
    }

    #[test]
    fn rules_with_a_gap_or_a_short_answer_list_are_refused() {
        let text = include_str!("../../data/rules/skm.toml");
        let gap = text.replace("dari = 76.61", "dari = 76.70");
        let e = SkmRules::from_toml(&gap).unwrap_err().to_string();
        assert!(
            e.contains("band C ends at 76.60 but band B above it starts at 76.70"),
            "{e}"
        );
        let short = text.replace(
            r#"jawaban = [["buruk"], ["cukup"], ["baik"], ["sangat baik"]]"#,
            r#"jawaban = [["buruk"], ["baik"]]"#,
        );
        let e = SkmRules::from_toml(&short).unwrap_err().to_string();
        assert!(
            e.contains("\"Sarana dan Prasarana\" has answer words for 2 scores"),
            "{e}"
        );
        let e = SkmRules::from_toml("faktor = 1").unwrap_err().to_string();
        assert!(e.starts_with("SKM rules:"), "{e}");
    }

    #[test]
    fn headers_name_unsur_by_number_or_name() {
        let r = rules();
        assert_eq!(r.unsur_named("U1"), Some(0));
        assert_eq!(r.unsur_named("u 9"), Some(8));
        assert_eq!(r.unsur_named("Unsur 3"), Some(2));
        assert_eq!(r.unsur_named("UNSUR-14"), Some(13));
        assert_eq!(r.unsur_named("U15"), None);
        assert_eq!(r.unsur_named("U0"), None);
        assert_eq!(r.unsur_named("Sistem, Mekanisme dan Prosedur"), Some(1));
        assert_eq!(r.unsur_named("sistem mekanisme, dan prosedur"), Some(1));
        assert_eq!(r.unsur_named("BIAYA / TARIF"), Some(3));
        assert_eq!(
            r.unsur_named("Penanganan Pengaduan, Saran dan Masukan"),
            Some(7)
        );
        assert_eq!(r.unsur_named("U1 Persyaratan"), Some(0));
        assert_eq!(r.unsur_named("Usia"), None);
        assert_eq!(r.unsur_named("Unsur pelayanan"), None);
        assert_eq!(r.unsur_named("Nama"), None);
    }

    #[test]
    fn questions_point_to_their_unsur_by_their_words() {
        let r = rules();
        let q = |s: &str| r.unsur_asked(s);
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
            [0]
        );
        assert_eq!(
            q("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
            [1]
        );
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
            [2]
        );
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
            [3]
        );
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?"),
            [4]
        );
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
            [5]
        );
        assert_eq!(q("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"), [6]);
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
            [7]
        );
        assert_eq!(
            q("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
            [8]
        );
        assert!(q("Nama responden").is_empty());
        // two unsur named at once: ambiguous, the caller asks for a map
        assert_eq!(q("Biaya dan waktu pelayanan"), [2, 3]);
    }

    #[test]
    fn answers_read_as_numbers_letters_or_words() {
        let r = rules();
        assert_eq!(r.score(0, "3"), Ok(3));
        assert_eq!(r.score(0, " 4,0 "), Ok(4));
        assert_eq!(r.score(0, "0"), Err(Answer::OutOfRange(0)));
        assert_eq!(r.score(0, "5"), Err(Answer::OutOfRange(5)));
        assert_eq!(r.score(0, "-1"), Err(Answer::OutOfRange(-1)));
        assert_eq!(r.score(0, ""), Err(Answer::Empty));
        assert_eq!(r.score(0, "b"), Ok(2));
        assert_eq!(r.score(0, "D."), Ok(4));
        assert_eq!(r.score(1, "c) Mudah"), Ok(3));
        assert_eq!(r.score(0, "e"), Err(Answer::Unknown));
        assert_eq!(r.score(0, "Sangat Sesuai"), Ok(4));
        assert_eq!(r.score(0, "kurang  sesuai"), Ok(2));
        assert_eq!(r.score(1, "Tidak mudah"), Ok(1));
        assert_eq!(r.score(2, "Sangat cepat"), Ok(4));
        assert_eq!(r.score(3, "Gratis"), Ok(4));
        assert_eq!(r.score(3, "Sangat mahal"), Ok(1));
        assert_eq!(r.score(6, "Sopan dan ramah"), Ok(3));
        assert_eq!(r.score(7, "Ada tetapi tidak berfungsi"), Ok(2));
        assert_eq!(r.score(8, "Baik"), Ok(3));
        // another unsur's words are not this one's
        assert_eq!(r.score(0, "mudah"), Err(Answer::Unknown));
        // past the shipped list (the old form): numbers and letters only
        assert_eq!(r.score(12, "3"), Ok(3));
        assert_eq!(r.score(12, "baik"), Err(Answer::Unknown));
        assert!(r
            .answer_words(3)
            .contains("1 = sangat mahal; 2 = cukup mahal"));
    }

    #[test]
    fn the_minimum_sample_follows_the_krejcie_morgan_table() {
        let r = rules();
        assert_eq!(r.min_sample(5), 5);
        assert_eq!(r.min_sample(10), 10);
        assert_eq!(r.min_sample(100), 80);
        assert_eq!(r.min_sample(101), 86);
        assert_eq!(r.min_sample(1_000), 278);
        assert_eq!(r.min_sample(10_000), 370);
        assert_eq!(r.min_sample(100_000), 384);
        assert_eq!(r.min_sample(5_000_000), 384);
    }

    /// The worked example of the SKM report of Dinas Kependudukan dan Pencatatan Sipil Kabupaten
    /// Tulang Bawang Barat, semester 1 2023 (e-smile.tubaba.go.id, "Pengolahan data survei
    /// kepuasan masyarakat per responden dan per unsur pelayanan"): one respondent, 4 on every
    /// unsur; NRR 4, NRR tertimbang 0,44 each, IKM 100 (Sangat Baik). With 0,11 weights the
    /// same answers give 99,00, which such reports round back up.
    #[test]
    fn a_published_worked_example_every_answer_four() {
        let r = rules();
        let res = r.compute(&tally(&[[4; 9]])).unwrap();
        assert_eq!(res.respondents, 1);
        assert!(res.unsur.iter().all(|u| u.nrr == 4.0));
        assert!(res.unsur.iter().all(|u| (u.weighted - 0.444).abs() < 0.001));
        assert_eq!(res.ikm, Ikm(10_000));
        assert_eq!(res.ikm.to_string(), "100.00");
        assert_eq!(
            r.band(res.ikm.0).map(|b| b.kinerja.as_str()),
            Some("Sangat Baik")
        );
        assert_eq!(res.ikm_rounded_weight, Some(Ikm(9_900)));
    }

    /// A hand-worked case: four respondents, totals 13, 12, 10, 16, 14, 15, 15, 9, 11 (sum
    /// 115): NRR 3,25 … 2,25; Σ NRR/9 = 115/36 = 3,19444; IKM = 79,861 → 79,86 (B, Baik); with
    /// 0,11: 115/4 × 0,11 × 25 = 79,0625 → 79,06; weakest unsur 8, 3 and 9.
    #[test]
    fn a_hand_worked_case_for_both_weightings() {
        let r = rules();
        let t = tally(&[
            [4, 3, 3, 4, 4, 4, 4, 2, 3],
            [3, 3, 2, 4, 3, 4, 4, 2, 3],
            [3, 3, 3, 4, 3, 3, 3, 3, 2],
            [3, 3, 2, 4, 4, 4, 4, 2, 3],
        ]);
        assert_eq!(t.totals, [13, 12, 10, 16, 14, 15, 15, 9, 11]);
        let res = r.compute(&t).unwrap();
        assert_eq!(res.unsur[0].nrr, 3.25);
        assert!((res.interval - 115.0 / 36.0).abs() < 1e-12);
        assert_eq!(res.ikm, Ikm(7986));
        assert_eq!(r.band(res.ikm.0).map(|b| b.mutu.as_str()), Some("B"));
        assert_eq!(res.ikm_rounded_weight, Some(Ikm(7906)));
        assert_eq!(res.weakest, [7, 2, 8]);
    }

    #[test]
    fn no_respondents_or_unsur_is_an_error() {
        let r = rules();
        assert_eq!(r.compute(&Tally::new(9)), Err(SkmError::NoRespondents));
        let mut t = Tally::new(0);
        t.add(&[]);
        assert_eq!(r.compute(&t), Err(SkmError::NoUnsur));
        // the rounded weight is of 1/9: another number of unsur has none
        let mut old = Tally::new(14);
        old.add(&[3; 14]);
        let res = r.compute(&old).unwrap();
        assert_eq!(res.ikm, Ikm(7500));
        assert_eq!(res.ikm_rounded_weight, None);
    }

    proptest! {
        #[test]
        fn the_ikm_lies_between_25_and_100(rows in prop::collection::vec(prop::array::uniform9(1u8..=4), 1..60)) {
            let r = rules();
            let res = r.compute(&tally(&rows)).unwrap();
            prop_assert!((2500..=10_000).contains(&res.ikm.0), "{}", res.ikm);
            prop_assert!(res.ikm_rounded_weight.is_some_and(|r| r <= res.ikm));
            prop_assert!(r.band(res.ikm.0).is_some());
        }

        #[test]
        fn raising_one_answer_never_lowers_the_ikm(
            rows in prop::collection::vec(prop::array::uniform9(1u8..=4), 1..40),
            pick in any::<prop::sample::Index>(),
            which in 0usize..9,
        ) {
            let r = rules();
            let before = r.compute(&tally(&rows)).unwrap();
            let mut raised = rows.clone();
            let i = pick.index(raised.len());
            if raised[i][which] < 4 {
                raised[i][which] += 1;
                let after = r.compute(&tally(&raised)).unwrap();
                prop_assert!(after.ikm >= before.ikm);
                prop_assert!(after.ikm_rounded_weight >= before.ikm_rounded_weight);
                prop_assert!(after.interval > before.interval);
            }
        }
    }
}

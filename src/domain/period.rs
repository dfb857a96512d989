//! Evaluation periods (bulanan, triwulan, semester, tahunan) as auditors write them.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date::{MONTHS_EN, MONTHS_ID};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Year(u16),
    Semester(u16, u8),
    Quarter(u16, u8),
    Month(u16, u8),
}

/// Years a period may fall in.
pub const YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

/// A text that names no period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("unknown period {0:?}: use 2026, 2026-S1, 2026-Q3 or 2026-07 (also \"semester I 2026\", \"triwulan II 2026\", \"Juli 2026\")")]
    Invalid(String),
    #[error("year {year} in period {input:?} is out of range: use 2000..=2100")]
    Year { input: String, year: u32 },
    #[error("semester {n} in period {input:?} does not exist: use 1 or 2 (I, II)")]
    Semester { input: String, n: u32 },
    #[error("triwulan {n} in period {input:?} does not exist: use 1..4 (I–IV, Q1–Q4, TW1–TW4)")]
    Quarter { input: String, n: u32 },
    #[error(
        "month {n} in period {input:?} does not exist: use 01..12 or a month name (Januari, July…)"
    )]
    Month { input: String, n: u32 },
}

/// Extra month abbreviations, by month number.
const MONTH_ABBREV: [(&str, u8); 23] = [
    ("jan", 1),
    ("feb", 2),
    ("peb", 2),
    ("mar", 3),
    ("mrt", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("agust", 8),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("oct", 10),
    ("nop", 11),
    ("nov", 11),
    ("des", 12),
    ("dec", 12),
    ("pebruari", 2),
    ("nopember", 11),
];

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

fn roman(n: u8) -> String {
    ROMAN
        .get(usize::from(n).wrapping_sub(1))
        .map_or_else(|| n.to_string(), |r| (*r).to_string())
}

fn month_name(t: &str) -> Option<u8> {
    let by_name = |names: &[&str; 12]| {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(t))
            .and_then(|i| u8::try_from(i + 1).ok())
    };
    by_name(&MONTHS_ID)
        .or_else(|| by_name(&MONTHS_EN))
        .or_else(|| {
            MONTH_ABBREV
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(t))
                .map(|(_, m)| *m)
        })
}

/// An arabic or roman number.
fn number(t: &str) -> Option<u32> {
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    ROMAN
        .iter()
        .position(|r| r.eq_ignore_ascii_case(t))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Splits on separators and between letters and digits: `"2026-S1"` → `["2026", "s", "1"]`.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_digit: Option<bool> = None;
    for c in s.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
        prev_digit = Some(digit);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn first_day(y: u16, m: u8) -> NaiveDate {
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m.clamp(1, 12)), 1).unwrap_or(NaiveDate::MIN)
}

fn last_day(y: u16, m: u8) -> NaiveDate {
    let next = if m >= 12 {
        NaiveDate::from_ymd_opt(i32::from(y) + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(i32::from(y), u32::from(m.max(1)) + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

impl Period {
    /// Parses `2026`, `2026-S1`, `S1 2026`, `semester I 2026`, `2026-Q3`, `TW3 2026`,
    /// `triwulan III 2026`, `2026-07`, `07/2026`, `Juli 2026`, `July 2026`, `Tahun 2026`.
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let invalid = || PeriodError::Invalid(s.to_string());
        let toks = tokens(s);
        let is_year = |t: &String| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
        let mut years = toks.iter().filter(|t| is_year(t));
        let (Some(year_tok), None) = (years.next(), years.next()) else {
            return Err(invalid());
        };
        let year: u32 = year_tok.parse().map_err(|_| invalid())?;
        let y = u16::try_from(year)
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or_else(|| PeriodError::Year {
                input: s.to_string(),
                year,
            })?;
        let rest: Vec<&str> = toks
            .iter()
            .filter(|t| !is_year(t))
            .map(String::as_str)
            .collect();
        let ranged = |n: u32, max: u32, err: fn(String, u32) -> PeriodError| {
            u8::try_from(n)
                .ok()
                .filter(|v| (1..=max).contains(&u32::from(*v)))
                .ok_or_else(|| err(s.to_string(), n))
        };
        let semester = |n| ranged(n, 2, |input, n| PeriodError::Semester { input, n });
        let quarter = |n| ranged(n, 4, |input, n| PeriodError::Quarter { input, n });
        let month = |n| ranged(n, 12, |input, n| PeriodError::Month { input, n });
        match rest.as_slice() {
            [] | ["tahun" | "tahunan" | "year" | "annual" | "th" | "fy"] => Ok(Period::Year(y)),
            [kind, n] if matches!(*kind, "s" | "sem" | "semester" | "smt" | "h") => Ok(
                Period::Semester(y, semester(number(n).ok_or_else(invalid)?)?),
            ),
            [kind, n]
                if matches!(
                    *kind,
                    "q" | "tw" | "trw" | "triwulan" | "quarter" | "kuartal"
                ) =>
            {
                Ok(Period::Quarter(y, quarter(number(n).ok_or_else(invalid)?)?))
            }
            [kind, n] if matches!(*kind, "bulan" | "month" | "m" | "bln") => {
                let m = month_name(n).map(u32::from).or_else(|| number(n));
                Ok(Period::Month(y, month(m.ok_or_else(invalid)?)?))
            }
            [n] if n.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Period::Month(y, month(number(n).ok_or_else(invalid)?)?))
            }
            [name] => month_name(name)
                .map(|m| Period::Month(y, m))
                .ok_or_else(invalid),
            _ => Err(invalid()),
        }
    }

    pub fn year(&self) -> u16 {
        match *self {
            Period::Year(y)
            | Period::Semester(y, _)
            | Period::Quarter(y, _)
            | Period::Month(y, _) => y,
        }
    }

    /// Whether the values are in range (year 2000..=2100, semester 1..=2, quarter 1..=4, month 1..=12).
    pub fn is_valid(&self) -> bool {
        YEARS.contains(&self.year())
            && match *self {
                Period::Year(_) => true,
                Period::Semester(_, n) => (1..=2).contains(&n),
                Period::Quarter(_, n) => (1..=4).contains(&n),
                Period::Month(_, n) => (1..=12).contains(&n),
            }
    }

    /// e.g. "Tahun 2026", "Semester I 2026", "Triwulan III 2026", "Juli 2026".
    pub fn label_id(&self) -> String {
        match *self {
            Period::Year(y) => format!("Tahun {y}"),
            Period::Semester(y, n) => format!("Semester {} {y}", roman(n)),
            Period::Quarter(y, n) => format!("Triwulan {} {y}", roman(n)),
            Period::Month(y, m) => match MONTHS_ID.get(usize::from(m).wrapping_sub(1)) {
                Some(name) => format!("{name} {y}"),
                None => format!("Bulan {m} {y}"),
            },
        }
    }

    /// e.g. "Year 2026", "Semester 1 2026", "Quarter 3 2026", "July 2026".
    pub fn label_en(&self) -> String {
        match *self {
            Period::Year(y) => format!("Year {y}"),
            Period::Semester(y, n) => format!("Semester {n} {y}"),
            Period::Quarter(y, n) => format!("Quarter {n} {y}"),
            Period::Month(y, m) => match MONTHS_EN.get(usize::from(m).wrapping_sub(1)) {
                Some(name) => format!("{name} {y}"),
                None => format!("Month {m} {y}"),
            },
        }
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Year(y) => first_day(y, 1),
            Period::Semester(y, n) => first_day(y, (n.clamp(1, 2) - 1) * 6 + 1),
            Period::Quarter(y, n) => first_day(y, (n.clamp(1, 4) - 1) * 3 + 1),
            Period::Month(y, m) => first_day(y, m.clamp(1, 12)),
        }
    }

    /// Last day of the period (inclusive).
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Year(y) => last_day(y, 12),
            Period::Semester(y, n) => last_day(y, n.clamp(1, 2) * 6),
            Period::Quarter(y, n) => last_day(y, n.clamp(1, 4) * 3),
            Period::Month(y, m) => last_day(y, m.clamp(1, 12)),
        }
    }

    /// Whether `d` falls within the period (both ends inclusive).
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }
}

/// Canonical form: `2026`, `2026-S1`, `2026-Q3`, `2026-07`; parses back.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Semester(y, n) => write!(f, "{y}-S{n}"),
            Period::Quarter(y, n) => write!(f, "{y}-Q{n}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn all_periods() -> Vec<Period> {
        let mut v = Vec::new();
        for y in YEARS {
            v.push(Period::Year(y));
            v.extend((1..=2).map(|n| Period::Semester(y, n)));
            v.extend((1..=4).map(|n| Period::Quarter(y, n)));
            v.extend((1..=12).map(|n| Period::Month(y, n)));
        }
        v
    }

    #[test]
    fn parse_forms() {
        use Period::*;
        for (s, p) in [
            ("2026", Year(2026)),
            ("Tahun 2026", Year(2026)),
            ("tahunan 2026", Year(2026)),
            ("2026-S1", Semester(2026, 1)),
            ("2026-s2", Semester(2026, 2)),
            ("S1 2026", Semester(2026, 1)),
            ("semester 1 2026", Semester(2026, 1)),
            ("Semester I 2026", Semester(2026, 1)),
            ("SEMESTER II 2026", Semester(2026, 2)),
            ("2026-Q1", Quarter(2026, 1)),
            ("2026-Q4", Quarter(2026, 4)),
            ("TW1 2026", Quarter(2026, 1)),
            ("2026 TW3", Quarter(2026, 3)),
            ("triwulan II 2026", Quarter(2026, 2)),
            ("Triwulan IV 2026", Quarter(2026, 4)),
            ("2026-07", Month(2026, 7)),
            ("07/2026", Month(2026, 7)),
            ("Juli 2026", Month(2026, 7)),
            ("July 2026", Month(2026, 7)),
            ("agustus 2026", Month(2026, 8)),
            ("Des 2026", Month(2026, 12)),
            ("bulan 3 2026", Month(2026, 3)),
            ("  2026-S1  ", Semester(2026, 1)),
        ] {
            assert_eq!(Period::parse(s), Ok(p), "{s}");
            assert_eq!(s.parse::<Period>(), Ok(p), "{s}");
        }
    }

    #[test]
    fn parse_errors() {
        assert_eq!(
            Period::parse("1999"),
            Err(PeriodError::Year {
                input: "1999".into(),
                year: 1999
            })
        );
        assert!(Period::parse("2101-S1").is_err());
        assert_eq!(
            Period::parse("2026-S3"),
            Err(PeriodError::Semester {
                input: "2026-S3".into(),
                n: 3
            })
        );
        assert!(matches!(
            Period::parse("triwulan V 2026"),
            Err(PeriodError::Quarter { n: 5, .. })
        ));
        assert!(matches!(
            Period::parse("2026-13"),
            Err(PeriodError::Month { n: 13, .. })
        ));
        assert!(matches!(
            Period::parse("2026-00"),
            Err(PeriodError::Month { n: 0, .. })
        ));
        for bad in [
            "",
            "S1",
            "TW1",
            "2026 2027",
            "2026-07-15",
            "Juli",
            "Juni Juli 2026",
            "kemarin",
            "2026-X1",
            "20260",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let e = Period::parse("kemarin").unwrap_err().to_string();
        assert!(e.contains("\"kemarin\"") && e.contains("2026-S1"), "{e}");
    }

    #[test]
    fn round_trip_every_period() {
        for p in all_periods() {
            assert!(p.is_valid());
            assert_eq!(Period::parse(&p.to_string()), Ok(p), "{p}");
            assert_eq!(Period::parse(&p.label_id()), Ok(p), "{}", p.label_id());
            assert_eq!(Period::parse(&p.label_en()), Ok(p), "{}", p.label_en());
            assert!(p.start() <= p.end());
            assert!(p.contains(p.start()) && p.contains(p.end()));
        }
    }

    #[test]
    fn display_and_labels() {
        assert_eq!(Period::Year(2026).to_string(), "2026");
        assert_eq!(Period::Semester(2026, 1).to_string(), "2026-S1");
        assert_eq!(Period::Quarter(2026, 3).to_string(), "2026-Q3");
        assert_eq!(Period::Month(2026, 7).to_string(), "2026-07");
        assert_eq!(Period::Year(2026).label_id(), "Tahun 2026");
        assert_eq!(Period::Semester(2026, 1).label_id(), "Semester I 2026");
        assert_eq!(Period::Quarter(2026, 3).label_id(), "Triwulan III 2026");
        assert_eq!(Period::Month(2026, 7).label_id(), "Juli 2026");
        assert_eq!(Period::Month(2026, 7).label_en(), "July 2026");
        assert!(!Period::Month(2026, 13).is_valid());
        assert_eq!(Period::Month(2026, 13).label_id(), "Bulan 13 2026");
    }

    #[test]
    fn dates() {
        let s2 = Period::Semester(2026, 2);
        assert_eq!((s2.start(), s2.end()), (d(2026, 7, 1), d(2026, 12, 31)));
        let s1 = Period::Semester(2026, 1);
        assert_eq!((s1.start(), s1.end()), (d(2026, 1, 1), d(2026, 6, 30)));
        let q1 = Period::Quarter(2024, 1);
        assert_eq!(q1.end(), d(2024, 3, 31));
        assert_eq!(Period::Month(2024, 2).end(), d(2024, 2, 29));
        assert_eq!(Period::Month(2026, 2).end(), d(2026, 2, 28));
        let y = Period::Year(2026);
        assert_eq!((y.start(), y.end()), (d(2026, 1, 1), d(2026, 12, 31)));
        assert!(Period::Quarter(2026, 3).contains(d(2026, 9, 30)));
        assert!(!Period::Quarter(2026, 3).contains(d(2026, 10, 1)));
        assert!(!Period::Quarter(2026, 3).contains(d(2026, 6, 30)));
        // Out-of-range values built by hand do not panic.
        assert_eq!(Period::Month(2026, 0).start(), d(2026, 1, 1));
        assert_eq!(Period::Quarter(2026, 9).end(), d(2026, 12, 31));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Period::parse(&s);
        }

        #[test]
        fn months_tile_their_year(y in 2000u16..=2100) {
            for m in 1..12u8 {
                let next = Period::Month(y, m + 1).start();
                prop_assert_eq!(Period::Month(y, m).end().succ_opt(), Some(next));
            }
        }
    }
}

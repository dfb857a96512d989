//! NIP (Nomor Induk Pegawai), the 18-digit civil-servant number: parsing, validation and display.
//!
//! Layout (DOMAIN.md §2): `YYYYMMDD YYYYMM G NNN` = birth date, TMT CPNS (year-month), gender,
//! sequence. There is no check digit, so a NIP that passes here is *plausible*, not *registered*.
//!
//! Accepted input: the plain 18 digits, or the 8-6-1-3 groups separated by runs of spaces, dots or
//! hyphens (`19860926 201505 1 001`, `19860926.201505.1.001`, `19860926-201505-1-001`). Separators
//! anywhere else are rejected: a misplaced break usually means a digit was lost or doubled, and the
//! number should be checked against the source rather than silently glued together.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Number of digits in a NIP.
pub const NIP_DIGITS: usize = 18;
/// Earliest plausible birth year for a serving ASN.
pub const MIN_BIRTH_YEAR: i32 = 1940;
/// Age at TMT below which a NIP is flagged (CPNS admission age; unverified, so never rejected).
pub const MIN_AGE_AT_TMT: i32 = 18;

/// Digit counts after which a separator may appear (8-6-1-3 grouping).
const GROUP_BREAKS: [usize; 3] = [8, 14, 15];

/// A validated NIP, stored as its plain 18 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Nip(String);

/// Gender as encoded at position 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Digit `1`.
    Male,
    /// Digit `2`.
    Female,
}

impl Gender {
    /// The Indonesian label used on forms.
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "Laki-laki",
            Gender::Female => "Perempuan",
        }
    }
}

/// Something odd about a NIP that is not proof it is wrong (unverified rules: flag, never reject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NipFlag {
    /// Positions 13–14 hold 13–99: PPPK numbers appear to put a code (e.g. `21`) there.
    PppkStyle,
    /// The TMT falls before the holder's 18th birthday.
    YoungAtTmt,
    /// The sequence (positions 16–18) is `000`.
    ZeroSequence,
}

impl NipFlag {
    /// A short tag for lists and tables.
    pub fn label(self) -> &'static str {
        match self {
            NipFlag::PppkStyle => "PPPK?",
            NipFlag::YoungAtTmt => "TMT < 18 th",
            NipFlag::ZeroSequence => "urut 000",
        }
    }

    /// One sentence saying what was seen and why it matters.
    pub fn description(self) -> &'static str {
        match self {
            NipFlag::PppkStyle => {
                "TMT month (positions 13-14) is 13-99, not a calendar month; PPPK numbers appear to \
                 put a code such as 21 there, so this is probably a PPPK NIP"
            }
            NipFlag::YoungAtTmt => {
                "the TMT (positions 9-14) falls before the holder turned 18; check the birth date \
                 and TMT against the SK"
            }
            NipFlag::ZeroSequence => {
                "the sequence number (positions 16-18) is 000, which is unusual; check the NIP \
                 against the SK or BKN data"
            }
        }
    }
}

impl fmt::Display for NipFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a NIP says about its holder, plus anything suspicious about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NipInfo {
    pub nip: Nip,
    pub birth: NaiveDate,
    pub tmt_year: u16,
    /// 1–12 for PNS; 13–99 when [`NipFlag::PppkStyle`] is set.
    pub tmt_month: u8,
    pub gender: Gender,
    pub sequence: u16,
    pub flags: Vec<NipFlag>,
}

impl NipInfo {
    /// Whether a flag is set.
    pub fn has(&self, flag: NipFlag) -> bool {
        self.flags.contains(&flag)
    }

    /// The warning a flag gives: the NIP, the flag's tag and what to check, e.g.
    /// `20000710 201807 1 001 (TMT < 18 th): the TMT (positions 9-14) falls before …`.
    pub fn flag_warning(&self, flag: NipFlag) -> String {
        format!("{} ({}): {}", self.nip, flag.label(), flag.description())
    }

    /// The warnings of every flag, for a NIP that stands alone (a profile's, with no status
    /// column to explain a PPPK-style number).
    pub fn warnings(&self) -> Vec<String> {
        self.flags.iter().map(|f| self.flag_warning(*f)).collect()
    }
}

/// Why a string is not a NIP. Each message quotes the input and names the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NipError {
    #[error("NIP is empty")]
    Empty,
    #[error(
        "NIP {input:?} looks like a spreadsheet number in scientific notation; the digits are lost — \
         format the NIP column as text and export again"
    )]
    ScientificNotation { input: String },
    #[error(
        "NIP {input:?}: character {ch:?} at position {position} is not a digit (a NIP is 18 digits, \
         optionally grouped 8-6-1-3 with spaces, dots or hyphens)"
    )]
    NonDigit {
        input: String,
        ch: char,
        position: usize,
    },
    #[error("NIP {input:?} has {found} digits; a NIP has exactly 18")]
    WrongLength { input: String, found: usize },
    #[error(
        "NIP {input:?}: separator after digit {after_digit} is misplaced; groups are 8-6-1-3 \
         (e.g. 19860926 201505 1 001)"
    )]
    MisplacedSeparator { input: String, after_digit: usize },
    #[error("NIP {input:?}: birth date (positions 1-8) {segment:?} is not a real date")]
    InvalidBirthDate { input: String, segment: String },
    #[error("NIP {input:?}: birth year (positions 1-4) {year} is outside {min}..={max}")]
    BirthYearOutOfRange {
        input: String,
        year: i32,
        min: i32,
        max: i32,
    },
    #[error(
        "NIP {input:?}: birth date (positions 1-8) {birth} is in the future (today is {today})"
    )]
    BirthInFuture {
        input: String,
        birth: NaiveDate,
        today: NaiveDate,
    },
    #[error("NIP {input:?}: TMT month (positions 13-14) is \"00\"; it must be 01-12")]
    TmtMonthZero { input: String },
    #[error(
        "NIP {input:?}: TMT year (positions 9-12) {tmt_year} is before the birth year {birth_year}"
    )]
    TmtYearBeforeBirth {
        input: String,
        tmt_year: u16,
        birth_year: i32,
    },
    #[error(
        "NIP {input:?}: TMT (positions 9-14) {tmt_year:04}-{tmt_month:02} is before the birth month \
         {birth_year:04}-{birth_month:02}"
    )]
    TmtBeforeBirth {
        input: String,
        tmt_year: u16,
        tmt_month: u8,
        birth_year: i32,
        birth_month: u32,
    },
    #[error("NIP {input:?}: TMT (positions 9-14) {tmt:?} is in the future (today is {today})")]
    TmtInFuture {
        input: String,
        tmt: String,
        today: NaiveDate,
    },
    #[error(
        "NIP {input:?}: gender digit (position 15) is {digit:?}; it must be 1 (male) or 2 (female)"
    )]
    InvalidGender { input: String, digit: char },
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '.' || c == '-'
}

/// Parses a run of ASCII digits; callers pass only digit slices.
fn num(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d.saturating_sub(b'0')))
}

impl Nip {
    /// Parses and validates a NIP as written by a person or a spreadsheet; see the module docs for
    /// the accepted forms. `today` bounds the birth and TMT dates.
    pub fn parse(input: &str, today: NaiveDate) -> Result<NipInfo, NipError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(NipError::Empty);
        }
        let quoted = || trimmed.to_string();

        // Pass 1: every character is a digit or a separator.
        let upper = trimmed.to_ascii_uppercase();
        if upper.contains("E+") && upper.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Err(NipError::ScientificNotation { input: quoted() });
        }
        let mut digits: Vec<u8> = Vec::with_capacity(NIP_DIGITS);
        // Digit counts at which a run of separators starts.
        let mut breaks: Vec<usize> = Vec::new();
        let mut in_sep = false;
        for (i, c) in trimmed.chars().enumerate() {
            if c.is_ascii_digit() {
                digits.push(c as u8);
                in_sep = false;
            } else if is_separator(c) {
                if !in_sep {
                    breaks.push(digits.len());
                }
                in_sep = true;
            } else {
                return Err(NipError::NonDigit {
                    input: quoted(),
                    ch: c,
                    position: i + 1,
                });
            }
        }
        // Pass 2: length, then grouping (a wrong count explains a misplaced break better).
        if digits.len() != NIP_DIGITS {
            return Err(NipError::WrongLength {
                input: quoted(),
                found: digits.len(),
            });
        }
        if let Some(&after_digit) = breaks.iter().find(|b| !GROUP_BREAKS.contains(b)) {
            return Err(NipError::MisplacedSeparator {
                input: quoted(),
                after_digit,
            });
        }

        // Pass 3: the segments.
        let birth_year = num(&digits[0..4]) as i32;
        let birth_month = num(&digits[4..6]);
        let birth_day = num(&digits[6..8]);
        let birth =
            NaiveDate::from_ymd_opt(birth_year, birth_month, birth_day).ok_or_else(|| {
                NipError::InvalidBirthDate {
                    input: quoted(),
                    segment: String::from_utf8_lossy(&digits[0..8]).into_owned(),
                }
            })?;
        if !(MIN_BIRTH_YEAR..=today.year()).contains(&birth_year) {
            return Err(NipError::BirthYearOutOfRange {
                input: quoted(),
                year: birth_year,
                min: MIN_BIRTH_YEAR,
                max: today.year(),
            });
        }
        if birth > today {
            return Err(NipError::BirthInFuture {
                input: quoted(),
                birth,
                today,
            });
        }

        let tmt_year = num(&digits[8..12]) as u16;
        let tmt_month = num(&digits[12..14]) as u8;
        let mut flags = Vec::new();
        if tmt_month == 0 {
            return Err(NipError::TmtMonthZero { input: quoted() });
        }
        let pppk = tmt_month > 12;
        if pppk {
            flags.push(NipFlag::PppkStyle);
        }
        if i32::from(tmt_year) < birth_year {
            return Err(NipError::TmtYearBeforeBirth {
                input: quoted(),
                tmt_year,
                birth_year,
            });
        }
        if !pppk && (i32::from(tmt_year), u32::from(tmt_month)) < (birth_year, birth_month) {
            return Err(NipError::TmtBeforeBirth {
                input: quoted(),
                tmt_year,
                tmt_month,
                birth_year,
                birth_month,
            });
        }
        let today_ym = (today.year(), today.month());
        let tmt_future = if pppk {
            i32::from(tmt_year) > today_ym.0
        } else {
            (i32::from(tmt_year), u32::from(tmt_month)) > today_ym
        };
        if tmt_future {
            return Err(NipError::TmtInFuture {
                input: quoted(),
                tmt: String::from_utf8_lossy(&digits[8..14]).into_owned(),
                today,
            });
        }

        let gender = match digits[14] {
            b'1' => Gender::Male,
            b'2' => Gender::Female,
            other => {
                return Err(NipError::InvalidGender {
                    input: quoted(),
                    digit: char::from(other),
                })
            }
        };
        let sequence = num(&digits[15..18]) as u16;

        // Age at TMT: for a PPPK code there is no month, so count whole years only (the most
        // lenient reading: flag only if even at the end of the TMT year the holder was under 18).
        let age_at_tmt = if pppk {
            i32::from(tmt_year) - birth_year
        } else {
            // TMT is taken as the first day of its month.
            let before_birthday = (u32::from(tmt_month), 1) < (birth.month(), birth.day());
            i32::from(tmt_year) - birth_year - i32::from(before_birthday)
        };
        if age_at_tmt < MIN_AGE_AT_TMT {
            flags.push(NipFlag::YoungAtTmt);
        }
        if sequence == 0 {
            flags.push(NipFlag::ZeroSequence);
        }

        // Only ASCII digits were pushed, so this never loses data.
        let plain = String::from_utf8_lossy(&digits).into_owned();
        Ok(NipInfo {
            nip: Nip(plain),
            birth,
            tmt_year,
            tmt_month,
            gender,
            sequence,
            flags,
        })
    }

    /// A NIP as it was stored after [`Nip::parse`] accepted it (its plain digits), not checked again.
    pub fn from_stored(digits: String) -> Nip {
        Nip(digits)
    }

    /// The plain 18 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 8-6-1-3 form, e.g. `19860926 201505 1 001`.
    pub fn grouped(&self) -> String {
        let s = &self.0;
        match (s.get(0..8), s.get(8..14), s.get(14..15), s.get(15..)) {
            (Some(a), Some(b), Some(c), Some(d)) => format!("{a} {b} {c} {d}"),
            // Only reachable for a value that did not come through `parse` (e.g. a corrupt store).
            _ => s.clone(),
        }
    }
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl AsRef<str> for Nip {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 15).unwrap()
    }

    fn ok(s: &str) -> NipInfo {
        Nip::parse(s, today()).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> NipError {
        match Nip::parse(s, today()) {
            Ok(info) => panic!("{s:?} should fail, got {info:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn domain_example_grouped() {
        let info = ok("19860926 201505 1 001");
        assert_eq!(info.nip.as_str(), "198609262015051001");
        assert_eq!(info.birth, NaiveDate::from_ymd_opt(1986, 9, 26).unwrap());
        assert_eq!(info.tmt_year, 2015);
        assert_eq!(info.tmt_month, 5);
        assert_eq!(info.gender, Gender::Male);
        assert_eq!(info.sequence, 1);
        assert!(info.flags.is_empty());
        assert_eq!(info.nip.grouped(), "19860926 201505 1 001");
        assert_eq!(info.nip.to_string(), "19860926 201505 1 001");
    }

    #[test]
    fn plain_and_grouped_forms_agree() {
        let plain = ok("198609262015051001");
        for s in [
            "19860926  201505   1 001",
            "  19860926 201505 1 001\t",
            "19860926.201505.1.001",
            "19860926-201505-1-001",
            "19860926 - 201505 - 1 - 001",
            "19860926\u{a0}201505\u{a0}1\u{a0}001",
            "19860926201505 1 001",
        ] {
            assert_eq!(ok(s).nip, plain.nip, "{s:?}");
        }
    }

    #[test]
    fn female_and_sequence() {
        let info = ok("199001012014022123");
        assert_eq!(info.gender, Gender::Female);
        assert_eq!(info.sequence, 123);
        assert_eq!(Gender::Female.label(), "Perempuan");
    }

    #[test]
    fn pppk_style_is_flagged_not_rejected() {
        let info = ok("19950315 202121 2 001");
        assert_eq!(info.tmt_year, 2021);
        assert_eq!(info.tmt_month, 21);
        assert_eq!(info.gender, Gender::Female);
        assert_eq!(info.flags, vec![NipFlag::PppkStyle]);
        assert_eq!(NipFlag::PppkStyle.label(), "PPPK?");
        assert!(NipFlag::PppkStyle.description().contains("PPPK"));
        // The PPPK code is not a month, so a code of 99 in the current year is still accepted.
        assert!(ok("19950315 202599 1 002").has(NipFlag::PppkStyle));
    }

    #[test]
    fn young_at_tmt_is_flagged() {
        // Born 2000-07-10, TMT 2018-07 (first of the month): still 17.
        let info = ok("20000710 201807 1 001");
        assert_eq!(info.flags, vec![NipFlag::YoungAtTmt]);
        // TMT 2018-08: 18 already.
        assert!(ok("20000710 201808 1 001").flags.is_empty());
        // Born on the first of the month: 18 on TMT day.
        assert!(ok("20000701 201807 1 001").flags.is_empty());
        // PPPK code: whole years only.
        let p = ok("20040101 202121 1 001");
        assert_eq!(p.flags, vec![NipFlag::PppkStyle, NipFlag::YoungAtTmt]);
        assert!(!NipFlag::YoungAtTmt.description().is_empty());
    }

    #[test]
    fn zero_sequence_is_flagged() {
        let info = ok("198609262015051000");
        assert_eq!(info.sequence, 0);
        assert_eq!(info.flags, vec![NipFlag::ZeroSequence]);
        assert_eq!(NipFlag::ZeroSequence.to_string(), "urut 000");
    }

    #[test]
    fn empty() {
        assert_eq!(err("   "), NipError::Empty);
        assert_eq!(NipError::Empty.to_string(), "NIP is empty");
    }

    #[test]
    fn wrong_length_counts_digits() {
        let e = err("19860926 201505 1 01");
        assert_eq!(
            e,
            NipError::WrongLength {
                input: "19860926 201505 1 01".into(),
                found: 17
            }
        );
        assert_eq!(
            e.to_string(),
            "NIP \"19860926 201505 1 01\" has 17 digits; a NIP has exactly 18"
        );
        assert!(matches!(
            err("1986092620150510011"),
            NipError::WrongLength { found: 19, .. }
        ));
        // The old 9-digit NIP.
        assert!(matches!(
            err("010203040"),
            NipError::WrongLength { found: 9, .. }
        ));
    }

    #[test]
    fn non_digit_names_char_and_position() {
        let e = err("19860926 2015O5 1 001");
        assert_eq!(
            e,
            NipError::NonDigit {
                input: "19860926 2015O5 1 001".into(),
                ch: 'O',
                position: 14
            }
        );
        assert!(e.to_string().contains("character 'O' at position 14"));
        assert!(matches!(
            err("19860926/201505/1/001"),
            NipError::NonDigit {
                ch: '/',
                position: 9,
                ..
            }
        ));
    }

    #[test]
    fn scientific_notation_is_explained() {
        let e = err("1.98609E+17");
        assert!(matches!(e, NipError::ScientificNotation { .. }));
        assert!(e.to_string().contains("format the NIP column as text"));
    }

    #[test]
    fn misplaced_separator() {
        let e = err("1986 0926 2015 0510 01");
        assert_eq!(
            e,
            NipError::MisplacedSeparator {
                input: "1986 0926 2015 0510 01".into(),
                after_digit: 4
            }
        );
        assert!(e.to_string().contains("after digit 4"));
    }

    #[test]
    fn invalid_birth_date() {
        let e = err("19860230 201505 1 001");
        assert_eq!(
            e.to_string(),
            "NIP \"19860230 201505 1 001\": birth date (positions 1-8) \"19860230\" is not a real date"
        );
        assert!(matches!(
            err("19861301 201505 1 001"),
            NipError::InvalidBirthDate { .. }
        ));
    }

    #[test]
    fn birth_year_out_of_range() {
        let e = err("19391231 196001 1 001");
        assert_eq!(
            e,
            NipError::BirthYearOutOfRange {
                input: "19391231 196001 1 001".into(),
                year: 1939,
                min: 1940,
                max: 2025
            }
        );
        assert!(e
            .to_string()
            .contains("birth year (positions 1-4) 1939 is outside 1940..=2025"));
        assert!(matches!(
            err("20260101 202601 1 001"),
            NipError::BirthYearOutOfRange { year: 2026, .. }
        ));
        // 1940 itself is fine.
        assert!(ok("19400101 196001 1 001").flags.is_empty());
    }

    #[test]
    fn birth_in_future() {
        let e = err("20251201 202512 1 001");
        assert!(matches!(e, NipError::BirthInFuture { .. }));
        assert!(e
            .to_string()
            .contains("2025-12-01 is in the future (today is 2025-06-15)"));
    }

    #[test]
    fn tmt_month_zero() {
        let e = err("19860926 201500 1 001");
        assert_eq!(
            e.to_string(),
            "NIP \"19860926 201500 1 001\": TMT month (positions 13-14) is \"00\"; it must be 01-12"
        );
    }

    #[test]
    fn tmt_before_birth() {
        let e = err("19860926 198501 1 001");
        assert_eq!(
            e,
            NipError::TmtYearBeforeBirth {
                input: "19860926 198501 1 001".into(),
                tmt_year: 1985,
                birth_year: 1986
            }
        );
        assert!(e
            .to_string()
            .contains("TMT year (positions 9-12) 1985 is before the birth year 1986"));
        let e = err("19860926 198608 1 001");
        assert!(matches!(
            e,
            NipError::TmtBeforeBirth {
                tmt_month: 8,
                birth_month: 9,
                ..
            }
        ));
        assert!(e
            .to_string()
            .contains("1986-08 is before the birth month 1986-09"));
        // PPPK code in the birth year: only the year is compared (then flagged young).
        assert!(ok("19860926 198621 1 001").has(NipFlag::YoungAtTmt));
        assert!(matches!(
            err("19860926 198521 1 001"),
            NipError::TmtYearBeforeBirth { .. }
        ));
    }

    #[test]
    fn tmt_in_future() {
        let e = err("19860926 202507 1 001");
        assert_eq!(
            e.to_string(),
            "NIP \"19860926 202507 1 001\": TMT (positions 9-14) \"202507\" is in the future (today is 2025-06-15)"
        );
        // The current month is fine.
        assert!(ok("19860926 202506 1 001").flags.is_empty());
        assert!(matches!(
            err("19860926 202621 1 001"),
            NipError::TmtInFuture { .. }
        ));
    }

    #[test]
    fn invalid_gender() {
        let e = err("19860926 201505 3 001");
        assert_eq!(
            e,
            NipError::InvalidGender {
                input: "19860926 201505 3 001".into(),
                digit: '3'
            }
        );
        assert!(e.to_string().contains("gender digit (position 15) is '3'"));
        assert!(matches!(
            err("198609262015050001"),
            NipError::InvalidGender { digit: '0', .. }
        ));
    }

    #[test]
    fn ordering_and_equality_use_plain_digits() {
        let a = ok("19860926 201505 1 001").nip;
        let b = ok("198609262015051002").nip;
        assert!(a < b);
        assert_eq!(a.as_ref(), "198609262015051001");
    }
}

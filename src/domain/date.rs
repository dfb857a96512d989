//! Reads a calendar date as an inspector types it: ISO, day-first numbers, or a month's name in
//! Bahasa Indonesia or English.
//!
//! Numbers are read day first (`15/01/2027` is 15 January), as Indonesian writes them; the year
//! comes first only in `2027-01-15`. A year always has four digits: `15/01/27` could be 1927 or
//! 2027, and is refused rather than guessed.

use chrono::NaiveDate;
use thiserror::Error;

/// The forms [`parse_date`] reads, as every refusal names them.
pub const FORMS: &str = "YYYY-MM-DD (2027-01-15), day first with / - or . (15/01/2027), or with \
     the month's name (15 Januari 2027, 15 Jan 2027, January 15, 2027)";

/// Why a text is not a date. Each message quotes the text and names the forms that are read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("{text:?} is not a date: write it as {FORMS}")]
    Unreadable { text: String },
    #[error("{text:?} is not a date: {word:?} is not a month's name; write it as {FORMS}")]
    UnknownMonth { text: String, word: String },
    #[error("{text:?} is not a date: there is no month {month}; write it as {FORMS}")]
    NoSuchMonth { text: String, month: u32 },
    #[error("{text:?} is not a date: {} {year} has no day {day}; write it as {FORMS}", month_name(*.month))]
    NoSuchDay {
        text: String,
        day: u32,
        month: u32,
        year: i32,
    },
}

/// The months' names in Bahasa Indonesia: the one list every part of Periksa writes them from.
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The months' names in English.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Month names and the short forms people write, Indonesian and English (lowercase).
const MONTHS: [&[&str]; 12] = [
    &["januari", "january", "jan"],
    &["februari", "pebruari", "february", "feb", "peb"],
    &["maret", "march", "mar"],
    &["april", "apr"],
    &["mei", "may"],
    &["juni", "june", "jun"],
    &["juli", "july", "jul"],
    &["agustus", "august", "agu", "agt", "ags", "agus", "aug"],
    &["september", "sep", "sept"],
    &["oktober", "october", "okt", "oct"],
    &["november", "nopember", "nov", "nop"],
    &["desember", "december", "des", "dec"],
];

/// The English name of month `m` (1-12), for messages.
fn month_name(m: u32) -> &'static str {
    m.checked_sub(1)
        .and_then(|i| MONTHS_EN.get(i as usize))
        .copied()
        .unwrap_or("that month")
}

/// A run of digits or of letters.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
}

/// Splits `s` into runs of ASCII digits and runs of letters, with the separators around them:
/// `seps[i]` stood before token `i` and `seps[n]` after the last, whitespace left out. `None` when
/// a character is neither a digit, a letter, whitespace nor one of `, . / -`.
fn tokens(s: &str) -> Option<(Vec<Tok<'_>>, Vec<String>)> {
    let mut toks = Vec::new();
    let mut seps = vec![String::new()];
    // the run being read: (byte offset, digits?)
    let mut run: Option<(usize, bool)> = None;
    let tok = |text, digits| {
        if digits {
            Tok::Num(text)
        } else {
            Tok::Word(text)
        }
    };
    for (i, c) in s.char_indices() {
        let class = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else if c.is_whitespace() || matches!(c, ',' | '.' | '/' | '-') {
            None
        } else {
            return None;
        };
        if let Some((from, digits)) = run {
            if class == Some(digits) {
                continue;
            }
            toks.push(tok(&s[from..i], digits));
            seps.push(String::new());
            run = None;
        }
        match class {
            Some(digits) => run = Some((i, digits)),
            None if c.is_whitespace() => {}
            None => seps.last_mut()?.push(c),
        }
    }
    if let Some((from, digits)) = run {
        toks.push(tok(&s[from..], digits));
        seps.push(String::new());
    }
    Some((toks, seps))
}

/// The month a name or short form names (1-12), any case.
fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A day or month: one or two digits.
fn small(n: &str) -> Option<u32> {
    (1..=2).contains(&n.len()).then(|| n.parse().ok()).flatten()
}

/// A year: exactly four digits.
fn year(n: &str) -> Option<i32> {
    (n.len() == 4).then(|| n.parse().ok()).flatten()
}

/// Reads a date written as `2027-01-15`, `15/01/2027`, `15-01-2027`, `15.01.2027`,
/// `15 Januari 2027`, `15 Jan 2027`, `15 January 2027` or `January 15, 2027`: month names in
/// Bahasa Indonesia or English, full or short (`agu`, `agt`, `okt`, `des`, `aug`, `oct` …), any
/// case, spaces anywhere between the parts. Numbers are day first; see the module docs.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let text = s.trim();
    let unreadable = || DateError::Unreadable {
        text: text.to_string(),
    };
    let (toks, seps) = tokens(text).ok_or_else(unreadable)?;
    if toks.len() != 3 || !seps[0].is_empty() || !seps[3].is_empty() {
        return Err(unreadable());
    }
    let (year, month, day) = match (toks[0], toks[1], toks[2]) {
        (Tok::Num(a), Tok::Num(b), Tok::Num(c)) => {
            // one separator, the same twice: 15/01/2027, not 15/01-2027 or 15 01 2027
            if seps[1] != seps[2] || !matches!(seps[1].as_str(), "-" | "/" | ".") {
                return Err(unreadable());
            }
            match (year(a), year(c)) {
                (Some(y), None) => (y, small(b), small(c)),
                (None, Some(y)) => (y, small(b), small(a)),
                _ => return Err(unreadable()),
            }
        }
        // 15 Januari 2027, 15-Jan-2027, January 15, 2027: between a name and a number nothing,
        // spaces, or one of , . / -
        (Tok::Num(d), Tok::Word(m), Tok::Num(y)) | (Tok::Word(m), Tok::Num(d), Tok::Num(y)) => {
            if seps[1..3].iter().any(|p| p.chars().count() > 1) {
                return Err(unreadable());
            }
            let y = year(y).ok_or_else(unreadable)?;
            (y, Some(month_by_name(text, m)?), small(d))
        }
        _ => return Err(unreadable()),
    };
    let (Some(month), Some(day)) = (month, day) else {
        return Err(unreadable());
    };
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth {
            text: text.to_string(),
            month,
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::NoSuchDay {
        text: text.to_string(),
        day,
        month,
        year,
    })
}

fn month_by_name(text: &str, word: &str) -> Result<u32, DateError> {
    month_of(word).ok_or_else(|| DateError::UnknownMonth {
        text: text.to_string(),
        word: word.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_form_reads_the_same_day() {
        for s in [
            "2027-01-15",
            "15/01/2027",
            "15-01-2027",
            "15.01.2027",
            "15 Januari 2027",
            "15 Jan 2027",
            "15 January 2027",
            "January 15, 2027",
            "  15   JANUARI  2027 ",
            "15 januari 2027",
            "Jan 15 2027",
            "15-Jan-2027",
            "15 Jan. 2027",
            "15/1/2027",
            "2027-1-15",
            " 15 / 01 / 2027 ",
        ] {
            assert_eq!(parse_date(s), Ok(d(2027, 1, 15)), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_day_first() {
        assert_eq!(parse_date("03/04/2027"), Ok(d(2027, 4, 3)));
        assert_eq!(parse_date("03.04.2027"), Ok(d(2027, 4, 3)));
        assert_eq!(parse_date("2027-04-03"), Ok(d(2027, 4, 3)));
    }

    #[test]
    fn indonesian_and_english_month_names_full_and_short() {
        let cases: [(&[&str], u32); 12] = [
            (&["januari", "january", "jan"], 1),
            (&["februari", "pebruari", "february", "feb"], 2),
            (&["maret", "march", "mar"], 3),
            (&["april", "apr"], 4),
            (&["mei", "may"], 5),
            (&["juni", "june", "jun"], 6),
            (&["juli", "july", "jul"], 7),
            (&["agustus", "august", "agu", "agt", "ags", "aug"], 8),
            (&["september", "sep", "sept"], 9),
            (&["oktober", "october", "okt", "oct"], 10),
            (&["november", "nopember", "nov"], 11),
            (&["desember", "december", "des", "dec"], 12),
        ];
        for (names, m) in cases {
            for name in names {
                assert_eq!(parse_date(&format!("1 {name} 2027")), Ok(d(2027, m, 1)));
                let upper = name.to_uppercase();
                assert_eq!(parse_date(&format!("{upper} 1, 2027")), Ok(d(2027, m, 1)));
            }
        }
        assert_eq!(parse_date("29 Februari 2028"), Ok(d(2028, 2, 29)));
    }

    #[test]
    fn impossible_dates_are_refused_naming_what_is_wrong() {
        let e = parse_date("31/02/2027").unwrap_err();
        assert_eq!(
            e,
            DateError::NoSuchDay {
                text: "31/02/2027".into(),
                day: 31,
                month: 2,
                year: 2027
            }
        );
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "\"31/02/2027\" is not a date: February 2027 has no day 31; write it as YYYY-MM-DD"
            ),
            "{msg}"
        );
        assert!(msg.contains("15 Januari 2027"), "{msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
        assert_eq!(
            parse_date("29 Februari 2027").map_err(|e| e.to_string()),
            Err(format!(
                "\"29 Februari 2027\" is not a date: February 2027 has no day 29; write it as {FORMS}"
            ))
        );
        assert_eq!(
            parse_date("0/01/2027"),
            Err(DateError::NoSuchDay {
                text: "0/01/2027".into(),
                day: 0,
                month: 1,
                year: 2027
            })
        );
        assert_eq!(
            parse_date("15/13/2027"),
            Err(DateError::NoSuchMonth {
                text: "15/13/2027".into(),
                month: 13
            })
        );
        assert_eq!(
            parse_date("2027-13-01"),
            Err(DateError::NoSuchMonth {
                text: "2027-13-01".into(),
                month: 13
            })
        );
        assert_eq!(
            parse_date("15 Januray 2027"),
            Err(DateError::UnknownMonth {
                text: "15 Januray 2027".into(),
                word: "Januray".into()
            })
        );
    }

    #[test]
    fn what_is_not_a_date_is_refused_whole() {
        for s in [
            "",
            "   ",
            "besok",
            "15/01/27",   // two-digit year: 1927 or 2027?
            "01/15",      // no year
            "15/01-2027", // two separators
            "15 01 2027", // numbers with only spaces between them
            "15/01/2027/1",
            "2027-01-15T10:00",
            "15 Jan 27",
            "15 Jan 2027 10.00",
            "15//01//2027",
            "/15/01/2027",
            "15/01/2027.",
            "2027/15",
            "15 Januari",
            "Januari 2027",
            "15 2027 Januari",
            "15/001/2027",
            "0015/01/2027",
            "١٥/٠١/٢٠٢٧", // digits of another script
            "15/01/2027\u{0}",
            "20270115",
        ] {
            let e = parse_date(s).unwrap_err();
            assert_eq!(
                e,
                DateError::Unreadable {
                    text: s.trim().to_string()
                },
                "{s:?}"
            );
            let msg = e.to_string();
            assert!(
                msg.contains("is not a date: write it as YYYY-MM-DD"),
                "{msg}"
            );
        }
    }
}

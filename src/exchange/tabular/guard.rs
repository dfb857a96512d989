//! What a spreadsheet must not take as a formula or a number: a CSV cell is neutralised on export by the OWASP CSV-injection rule and restored exactly on import, and a NIP is written grouped.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return runs as a formula when
//! Excel or LibreOffice opens the CSV (`=HYPERLINK(…)` in a note becomes a live link). Such a cell
//! is written behind an apostrophe, which the spreadsheet shows as text; the round-trip reader takes
//! the apostrophe off again. A plain number (`-5`, `-2,5`) cannot run and is left as it is. A text
//! that itself starts with apostrophes before such a character gets one more, so every text comes
//! back exactly as it was.

use std::borrow::Cow;

/// The characters a spreadsheet reads as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `s` is a plain number, which no spreadsheet runs: an optional sign, digits, and one
/// decimal point or comma with digits after it.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// Whether `s` must be written behind an apostrophe.
fn needs_guard(s: &str) -> bool {
    match s.chars().next() {
        Some(c) if FORMULA_START.contains(&c) => !plain_number(s),
        Some('\'') => needs_guard(&s[1..]),
        _ => false,
    }
}

/// The cell as written to a CSV file: behind an apostrophe when a spreadsheet would run it.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if needs_guard(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The text a CSV cell written by [`neutralise`] stands for.
pub fn restore(s: &str) -> Cow<'_, str> {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(s),
    }
}

/// A NIP of 18 digits grouped 8-6-1-3 (`19710128 200202 2 001`), as Indonesian documents write
/// it and as a spreadsheet keeps it as text (18 bare digits become `1.97E+17`, the last digits
/// lost); anything else as it is.
pub fn grouped_nip(s: &str) -> Cow<'_, str> {
    if s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit()) {
        Cow::Owned(format!(
            "{} {} {} {}",
            &s[..8],
            &s[8..14],
            &s[14..15],
            &s[15..]
        ))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_neutralised_and_restored_exactly() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\",\"klik\")",
                "'=HYPERLINK(\"http://x\",\"klik\")",
            ),
            ("+62 812 3456 7890", "'+62 812 3456 7890"),
            ("-SUM(A1:A9)", "'-SUM(A1:A9)"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tdi awal tab", "'\tdi awal tab"),
            ("\rdi awal CR", "'\rdi awal CR"),
            // a text that already starts with apostrophes before a formula gets one more
            ("'=1+1", "''=1+1"),
            ("''=1+1", "'''=1+1"),
        ] {
            assert_eq!(neutralise(text), written, "{text:?}");
            assert_eq!(restore(written), text, "{written:?}");
        }
    }

    #[test]
    fn ordinary_text_and_plain_numbers_pass_untouched() {
        for text in [
            "",
            "Maklumat pelayanan belum ditetapkan",
            "-5",
            "-2,5",
            "+3.25",
            "'kutipan'",
            "'-5",
            "a=b",
            "SP-01",
        ] {
            assert_eq!(neutralise(text), text, "{text:?}");
            assert_eq!(restore(text), text, "{text:?}");
        }
    }

    #[test]
    fn every_text_comes_back_as_it_was() {
        let pieces = [
            "", "'", "''", "=", "+", "-", "@", "\t", "\r", "5", "a", ",5", " x",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(restore(&neutralise(&text)), text, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn a_nip_is_grouped_and_nothing_else() {
        assert_eq!(grouped_nip("197101282002022001"), "19710128 200202 2 001");
        assert_eq!(
            grouped_nip("19710128 200202 2 001"),
            "19710128 200202 2 001"
        );
        assert_eq!(grouped_nip("12345"), "12345");
        assert_eq!(grouped_nip("1971012820020220ab"), "1971012820020220ab");
    }
}

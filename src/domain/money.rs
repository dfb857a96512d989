//! Amounts of money in rupiah (nilai temuan, kerugian, the amount returned or deposited): kept exactly in sen, read as people write them (`Rp1.250.000`, `1.250.000,50`, `1250000`), never through floating point.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// An amount in rupiah, held in sen (hundredths) so that no sum drifts.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Rupiah(i64);

/// The largest amount taken: a thousand trillion rupiah, well past any regional budget.
pub const MAX_RUPIAH: i64 = 1_000_000_000_000_000;

/// Why a text is not an amount of rupiah.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("{0:?} is not an amount of rupiah: write it as 1.250.000 or Rp1.250.000,50")]
    Unreadable(String),
    #[error("{0:?} is negative: an amount of money found or returned is zero or more")]
    Negative(String),
    #[error("{0:?} has more than two decimals: rupiah are counted to the sen")]
    TooPrecise(String),
    #[error("{0:?} is larger than any amount Periksa takes (Rp1.000.000.000.000.000)")]
    TooLarge(String),
}

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);

    /// Whole rupiah.
    pub fn from_rupiah(r: i64) -> Rupiah {
        Rupiah(r.saturating_mul(100))
    }

    pub fn from_sen(sen: i64) -> Rupiah {
        Rupiah(sen)
    }

    pub fn sen(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whole rupiah and the sen left over.
    pub fn parts(self) -> (i64, i64) {
        (self.0 / 100, self.0 % 100)
    }

    /// The sum, saturating (no amount a laptop holds comes near the limit).
    pub fn plus(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_add(other.0))
    }

    /// What is left of `self` after `other` (never below zero).
    pub fn minus(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_sub(other.0).max(0))
    }

    /// Reads an amount as people write it: an optional `Rp` (any case, spaces allowed), digits
    /// grouped by `.` or `,` in threes, and up to two decimals after the other separator
    /// (`Rp1.250.000,50`, `1,250,000.50`). A lone separator followed by exactly three digits is a
    /// thousands separator (`1.250` is one thousand two hundred fifty rupiah, the Indonesian way);
    /// followed by one or two digits it is the decimal one (`12,5`).
    pub fn parse(text: &str) -> Result<Rupiah, MoneyError> {
        let original = text.trim();
        let unreadable = || MoneyError::Unreadable(original.to_string());
        let mut s = original;
        for prefix in ["Rp.", "Rp", "rp.", "rp", "RP.", "RP", "IDR", "idr"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
                break;
            }
        }
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if s.starts_with('-') {
            return Err(MoneyError::Negative(original.to_string()));
        }
        if s.is_empty()
            || !s
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(unreadable());
        }
        // which separator, if any, marks the decimals
        let last_dot = s.rfind('.');
        let last_comma = s.rfind(',');
        let decimal = match (last_dot, last_comma) {
            (Some(d), Some(c)) => Some(d.max(c)),
            (Some(p), None) | (None, Some(p)) => {
                let sep = s.as_bytes()[p] as char;
                let after = s.len() - p - 1;
                let count = s.matches(sep).count();
                if count == 1 && after != 3 {
                    Some(p)
                } else {
                    None
                }
            }
            (None, None) => None,
        };
        let (whole, frac) = match decimal {
            Some(p) => (&s[..p], &s[p + 1..]),
            None => (s.as_str(), ""),
        };
        // the whole part: digits, grouped in threes when grouped at all
        let groups: Vec<&str> = whole.split(['.', ',']).collect();
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err(unreadable());
        }
        let digits: String = groups.concat();
        if digits.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(unreadable());
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise(original.to_string()));
        }
        let too_large = || MoneyError::TooLarge(original.to_string());
        let rupiah: i64 = digits.parse().map_err(|_| too_large())?;
        if rupiah > MAX_RUPIAH {
            return Err(too_large());
        }
        let sen: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| unreadable())? * 10,
            _ => frac.parse().map_err(|_| unreadable())?,
        };
        Ok(Rupiah(rupiah * 100 + sen))
    }

    /// `Rp1.250.000` (with `,50` when there are sen): the Indonesian way, `thousands` and
    /// `decimal` the separators of another.
    pub fn format_with(self, thousands: char, decimal: char) -> String {
        let (whole, sen) = self.parts();
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(c);
        }
        if sen == 0 {
            format!("Rp{grouped}")
        } else {
            format!("Rp{grouped}{decimal}{sen:02}")
        }
    }
}

impl Rupiah {
    /// The amount as a form field holds it: `1.250.000` (with `,50`), without `Rp`.
    pub fn plain(self) -> String {
        self.format_with('.', ',')
            .trim_start_matches("Rp")
            .to_string()
    }
}

impl fmt::Display for Rupiah {
    /// The Indonesian way: `Rp1.250.000`, `Rp1.250.000,50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_with('.', ','))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rp(s: &str) -> i64 {
        Rupiah::parse(s).unwrap().sen()
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(rp("Rp1.250.000"), 125_000_000);
        assert_eq!(rp("Rp 1.250.000,50"), 125_000_050);
        assert_eq!(rp("rp. 1.250.000"), 125_000_000);
        assert_eq!(rp("1250000"), 125_000_000);
        assert_eq!(rp("1,250,000.50"), 125_000_050);
        assert_eq!(rp("1 250 000"), 125_000_000);
        assert_eq!(rp("IDR 750.000"), 75_000_000);
        // a lone separator before three digits groups thousands; before one or two, decimals
        assert_eq!(rp("1.250"), 125_000);
        assert_eq!(rp("12,5"), 1_250);
        assert_eq!(rp("12.50"), 1_250);
        assert_eq!(rp("0"), 0);
    }

    #[test]
    fn what_is_not_an_amount_is_named() {
        for bad in [
            "",
            "Rp",
            "satu juta",
            "1.25.000",
            "12.3456.789",
            ".500",
            "1,2,3",
        ] {
            assert!(
                matches!(Rupiah::parse(bad), Err(MoneyError::Unreadable(_))),
                "{bad:?}"
            );
        }
        assert_eq!(
            Rupiah::parse("-500.000"),
            Err(MoneyError::Negative("-500.000".into()))
        );
        assert_eq!(
            Rupiah::parse("1.000,555"),
            Err(MoneyError::TooPrecise("1.000,555".into()))
        );
        assert!(matches!(
            Rupiah::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn amounts_are_written_the_indonesian_way_and_add_exactly() {
        assert_eq!(Rupiah::from_rupiah(1_250_000).to_string(), "Rp1.250.000");
        assert_eq!(Rupiah::from_sen(125_000_050).to_string(), "Rp1.250.000,50");
        assert_eq!(Rupiah::from_rupiah(500).to_string(), "Rp500");
        assert_eq!(Rupiah::ZERO.to_string(), "Rp0");
        assert_eq!(
            Rupiah::from_rupiah(1_250_000).format_with(',', '.'),
            "Rp1,250,000"
        );
        // ten payments of Rp0,10 are Rp1, exactly
        let sum = (0..10).fold(Rupiah::ZERO, |s, _| s.plus(Rupiah::from_sen(10)));
        assert_eq!(sum, Rupiah::from_rupiah(1));
        assert_eq!(
            Rupiah::from_rupiah(1_000).minus(Rupiah::from_rupiah(1_500)),
            Rupiah::ZERO
        );
    }
}

//! Human-facing formatting shared by the front ends: Indonesian dates, short ids and hashes.

use chrono::{DateTime, Datelike, Local, NaiveDate, Timelike, Utc};

const BULAN: [&str; 12] = [
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

/// `25 November 2026`
pub fn date_id(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), BULAN[d.month0() as usize], d.year())
}

/// `25 November 2026 14.03` in the laptop's local time (Indonesian writes the time with a dot).
pub fn datetime_id(t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!(
        "{} {:02}.{:02}",
        date_id(l.date_naive()),
        l.hour(),
        l.minute()
    )
}

/// The last 8 hex digits of an id: its random part (the leading digits of a time-ordered id are
/// its timestamp, shared by everything made in the same minute). Enough to name it on the command
/// line; see [`id_matches`].
pub fn short_id(id: &uuid::Uuid) -> String {
    let s = id.simple().to_string();
    s[s.len() - 8..].to_string()
}

/// Whether `key` names `id`: a prefix of the full id or a suffix such as [`short_id`] shows
/// (hyphens and case ignored). An empty key names nothing.
pub fn id_matches(id: &uuid::Uuid, key: &str) -> bool {
    let k: String = key.trim().to_lowercase().replace('-', "");
    if k.is_empty() {
        return false;
    }
    let s = id.simple().to_string();
    s.starts_with(&k) || s.ends_with(&k)
}

/// A number as Indonesians write it, with a decimal comma and no needless zeros: `25`, `76,61`.
pub fn number_id(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// A percentage with an Indonesian decimal comma: `62,5%`.
pub fn percent_id(p: f64) -> String {
    format!("{p:.1}%").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_dates_and_numbers() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 3).unwrap();
        assert_eq!(date_id(d), "3 Februari 2026");
        assert_eq!(percent_id(62.5), "62,5%");
        assert_eq!(number_id(25.0), "25");
        assert_eq!(number_id(76.61), "76,61");
        let id = uuid::Uuid::from_u128(0x0193_abcd_0000_0000_0000_0000_1234_5678);
        assert_eq!(short_id(&id), "12345678");
        assert!(id_matches(&id, "12345678"));
        assert!(id_matches(&id, "0193ABCD-0000"));
        assert!(!id_matches(&id, "0193abce"));
        assert!(!id_matches(&id, " "));
    }
}

//! The one home of user-facing text: every sentence in Bahasa Indonesia and English, read from `data/i18n/{id,en}.toml` by key, with numbers and dates written each language's way.
//!
//! The terminal UI, the command line and the app's messages all take their words from here; the
//! domain gives codes and values, never sentences.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Local, NaiveDate, Timelike, Utc};

use crate::domain::date::{MONTHS_EN, MONTHS_ID};

const ID: &str = include_str!("../data/i18n/id.toml");
const EN: &str = include_str!("../data/i18n/en.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "indonesia" | "bahasa" => Some(Lang::Id),
            "en" | "english" | "inggris" => Some(Lang::En),
            _ => None,
        }
    }

    /// From `LC_ALL`/`LC_MESSAGES`/`LANG`: English when they ask for it, Bahasa Indonesia otherwise
    /// (the users' language, also for an unset or `C` locale).
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                let v = v.to_ascii_lowercase();
                if v.is_empty() {
                    continue;
                }
                if v.starts_with("en") {
                    return Lang::En;
                }
                if v.starts_with("id") || v.starts_with("in_") {
                    return Lang::Id;
                }
            }
        }
        Lang::Id
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// The strings of one language, by dotted key (`walk.title`).
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: Lang,
    map: HashMap<String, String>,
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// Parse one strings file into its dotted keys.
pub fn parse(text: &str) -> Result<HashMap<String, String>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut map = HashMap::new();
    flatten("", &table, &mut map);
    Ok(map)
}

impl Strings {
    /// The strings of `lang`, read once and kept for the life of the process.
    pub fn of(lang: Lang) -> &'static Strings {
        static ID_STRINGS: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        static EN_STRINGS: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        match lang {
            Lang::Id => ID_STRINGS.get_or_init(|| Strings::load(Lang::Id)),
            Lang::En => EN_STRINGS.get_or_init(|| Strings::load(Lang::En)),
        }
    }

    pub fn load(lang: Lang) -> Strings {
        let text = match lang {
            Lang::Id => ID,
            Lang::En => EN,
        };
        // the shipped files are parsed in a test, so an error here cannot reach a user
        let map = parse(text).unwrap_or_default();
        Strings { lang, map }
    }

    /// The string for `key` (the key itself if missing; a test keeps every used key present).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &value.to_string());
        }
        s
    }

    /// `25 November 2026` (id) or `25 November 2026` (en), month names in the language.
    pub fn date(&self, d: NaiveDate) -> String {
        let names = match self.lang {
            Lang::Id => &MONTHS_ID,
            Lang::En => &MONTHS_EN,
        };
        format!("{} {} {}", d.day(), names[d.month0() as usize], d.year())
    }

    /// Short date for tables: `25 Nov 2026` / `25 Nov 2026` (Indonesian abbreviations: Mei, Agu, Okt, Des).
    pub fn date_short(&self, d: NaiveDate) -> String {
        let names = match self.lang {
            Lang::Id => &MONTHS_ID,
            Lang::En => &MONTHS_EN,
        };
        let m = names[d.month0() as usize];
        let short: String = m.chars().take(3).collect();
        format!("{} {} {}", d.day(), short, d.year())
    }

    /// Local date and time: Indonesian writes the time with a dot (`14.05`), English with a colon.
    pub fn datetime(&self, t: DateTime<Utc>) -> String {
        let l = t.with_timezone(&Local);
        let sep = match self.lang {
            Lang::Id => '.',
            Lang::En => ':',
        };
        format!(
            "{} {:02}{sep}{:02}",
            self.date_short(l.date_naive()),
            l.hour(),
            l.minute()
        )
    }

    /// A number with at most four decimals and no needless zeros, the language's way: `10,5` in
    /// Indonesian, `10.5` in English.
    /// An amount of money the language's way: `Rp1.250.000,50` in Bahasa Indonesia,
    /// `Rp1,250,000.50` in English.
    pub fn rupiah(&self, r: crate::domain::money::Rupiah) -> String {
        match self.lang {
            Lang::Id => r.format_with('.', ','),
            Lang::En => r.format_with(',', '.'),
        }
    }

    pub fn number(&self, x: f64) -> String {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        let s = if s == "-0" { "0" } else { s };
        match self.lang {
            Lang::Id => s.replace('.', ","),
            Lang::En => s.to_string(),
        }
    }

    /// A number with exactly `places` decimals, the language's way: `79,86` in Indonesian,
    /// `79.86` in English (a figure of a table, where the columns line up).
    pub fn fixed(&self, x: f64, places: usize) -> String {
        let s = format!("{x:.places$}");
        match self.lang {
            Lang::Id => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// The compliance score's arithmetic: `Σ bobot×nilai 10,5 / Σ bobot 19 = 55,3% (4 dinilai,
    /// 2 dikecualikan)`, or why there is no score yet.
    pub fn compliance(&self, c: &crate::domain::score::Compliance) -> String {
        match c.percent() {
            Some(p) => self.f(
                "score.explain",
                &[
                    ("earned", &self.number(c.earned)),
                    ("possible", &self.number(c.possible)),
                    ("percent", &self.percent(p)),
                    ("scored", &c.scored),
                    ("excluded", &c.excluded),
                ],
            ),
            None => self.f("score.none", &[("excluded", &c.excluded)]),
        }
    }

    /// A count with its thousands grouped: `12.345` in Indonesian, `12,345` in English.
    pub fn count(&self, n: u64) -> String {
        let sep = match self.lang {
            Lang::Id => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A percentage: `62,5%` in Indonesian, `62.5%` in English.
    pub fn percent(&self, p: f64) -> String {
        let s = format!("{p:.1}%");
        match self.lang {
            Lang::Id => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_both_languages() {
        let r = crate::domain::money::Rupiah::from_sen(125_000_050);
        assert_eq!(Strings::of(Lang::Id).rupiah(r), "Rp1.250.000,50");
        assert_eq!(Strings::of(Lang::En).rupiah(r), "Rp1,250,000.50");
    }

    #[test]
    fn the_score_arithmetic_in_both_languages() {
        use crate::domain::score::Compliance;
        let c = Compliance {
            earned: 10.5,
            possible: 19.0,
            scored: 4,
            excluded: 2,
        };
        assert_eq!(
            Strings::load(Lang::En).compliance(&c),
            "Σ bobot×nilai 10.5 / Σ bobot 19 = 55.3% (4 scored, 2 excluded)"
        );
        assert_eq!(
            Strings::load(Lang::Id).compliance(&c),
            "Σ bobot×nilai 10,5 / Σ bobot 19 = 55,3% (4 dinilai, 2 dikecualikan)"
        );
        let none = Compliance {
            excluded: 3,
            ..Compliance::default()
        };
        assert!(Strings::load(Lang::En)
            .compliance(&none)
            .starts_with("no score yet"));
        assert!(Strings::load(Lang::Id)
            .compliance(&none)
            .starts_with("belum ada skor"));
        assert_eq!(Strings::load(Lang::Id).number(1234.5), "1234,5");
        assert_eq!(Strings::load(Lang::En).number(-0.0), "0");
    }

    #[test]
    fn both_languages_have_the_same_keys_and_every_used_key_exists() {
        let id = parse(ID).unwrap();
        let en = parse(EN).unwrap();
        let mut missing: Vec<String> = id
            .keys()
            .filter(|k| !en.contains_key(*k))
            .cloned()
            .collect();
        missing.extend(
            en.keys()
                .filter(|k| !id.contains_key(*k))
                .map(|k| format!("{k} (only en)")),
        );
        missing.sort();
        assert!(missing.is_empty(), "keys in one language only: {missing:?}");
        // every t("…")/f("…") key used in the TUI sources, the command line and the shared
        // formatting exists
        let mut used = Vec::new();
        for dir in ["/src/tui", "/src/app"] {
            collect_keys(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir[1..]),
                &mut used,
            );
        }
        for file in ["/src/cli", "/src/present.rs"] {
            collect_keys(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&file[1..]),
                &mut used,
            );
        }
        assert!(
            used.iter().any(|k| k.starts_with("cli_conflicts."))
                && used.iter().any(|k| k.starts_with("merge."))
                && used.iter().any(|k| k.starts_with("error.correct.")),
            "the scan reads the command line and the shared formatting"
        );
        assert!(used.len() > 20, "the scan found the keys: {}", used.len());
        let unknown: Vec<&String> = used.iter().filter(|k| !id.contains_key(*k)).collect();
        assert!(
            unknown.is_empty(),
            "keys used but not in data/i18n: {unknown:?}"
        );
    }

    /// The keys of `t("…")`, `f("…")` and `label: "…"` in a source file or every file under a
    /// folder (a key on the line after the parenthesis too, as rustfmt writes long calls).
    fn collect_keys(path: &std::path::Path, out: &mut Vec<String>) {
        if path.is_dir() {
            for e in std::fs::read_dir(path).unwrap() {
                collect_keys(&e.unwrap().path(), out);
            }
            return;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for marker in [".t(", ".f(", "label: ", "said(", "withdrawn_error("] {
            for (i, _) in text.match_indices(marker) {
                let rest = text[i + marker.len()..].trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    if let Some(end) = rest.find('"') {
                        let key = &rest[..end];
                        if key.contains('.') && !key.contains(' ') && !key.contains('{') {
                            out.push(key.to_string());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn dates_and_numbers_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 17).unwrap();
        let id = Strings::load(Lang::Id);
        let en = Strings::load(Lang::En);
        assert_eq!(id.date(d), "17 Agustus 2026");
        assert_eq!(en.date(d), "17 August 2026");
        assert_eq!(id.date_short(d), "17 Agu 2026");
        assert_eq!(id.percent(62.5), "62,5%");
        assert_eq!(en.percent(62.5), "62.5%");
        assert_eq!(id.count(112_000), "112.000");
        assert_eq!(en.count(1_234_567), "1,234,567");
        assert_eq!(id.count(999), "999");
        assert_eq!(id.count(0), "0");
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}

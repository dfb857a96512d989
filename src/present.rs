//! Human-facing formatting shared by the front ends: Indonesian dates, short ids and hashes.

use chrono::{DateTime, Datelike, Local, NaiveDate, Timelike, Utc};

/// `25 November 2026`
pub fn date_id(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        crate::domain::date::MONTHS_ID[d.month0() as usize],
        d.year()
    )
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

/// A field value of a record (the trail's before → after, a conflict's differences) on one line,
/// in the language of `t`: nothing as `—`, a line break as `⏎`.
pub fn field_value(v: &crate::app::Value, t: &crate::tui::i18n::Strings) -> String {
    use crate::app::Value;
    use crate::tui::i18n::Lang;
    match v {
        Value::Empty => "—".into(),
        Value::Text(s) => s.lines().collect::<Vec<_>>().join(" ⏎ "),
        Value::Word(id, en) => match t.lang {
            Lang::Id => id.clone(),
            Lang::En => en.clone(),
        },
        Value::Date(d) => t.date(*d),
    }
}

/// A field's label, as the trail names it (`trail.field_*`).
pub fn field_label(f: crate::app::Field, t: &crate::tui::i18n::Strings) -> String {
    t.t(&format!("trail.field_{}", f.code())).to_string()
}

/// The text a lead edits to merge a conflict's texts (the terminal UI's editor, or the file of
/// `periksa conflicts draft`): what it is and how to edit it, then each text of each differing
/// field under a line naming its version. `closing` says how to save it.
pub fn merge_text(
    t: &crate::tui::i18n::Strings,
    c: &crate::app::Conflict,
    d: &crate::app::MergeDraft,
    closing: &str,
) -> String {
    let mut intro = vec![
        t.f("merge.intro", &[("id", &c.id)]),
        t.t("merge.edit").to_string(),
    ];
    if !d.fixed.is_empty() {
        let fixed: Vec<String> = d
            .fixed
            .iter()
            .map(|(f, v)| format!("{}: {}", field_label(*f, t), field_value(v, t)))
            .collect();
        intro.push(t.f("merge.fixed", &[("fields", &fixed.join(", "))]));
    }
    intro.push(closing.to_string());
    d.render(
        &intro,
        |f| field_label(f, t),
        |i| {
            let v = if i == 0 {
                Some(&c.winner)
            } else {
                c.others.get(i - 1)
            };
            let Some(v) = v else {
                return String::new();
            };
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("i", &i),
                ("who", &v.actor),
                ("at", &t.datetime(v.at)),
                ("hash", &crate::store::event::short_hash(&v.hash)),
            ];
            if i == 0 {
                t.f("merge.version_shown", &args)
            } else {
                t.f("merge.version_other", &args)
            }
        },
    )
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

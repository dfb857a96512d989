//! What differs between two versions of one record: the fields whose values differ, and for a
//! long text the part that differs (common start and end trimmed, a little context kept), so two
//! versions that open with the same words are told apart at a glance.

use crate::store::event::Payload;

use super::trail::{fields, Field, Value};

/// Characters of unchanged text kept on each side of the part that differs.
pub const CONTEXT: usize = 24;
/// The differing part is cut after this many characters.
pub const MAX_CHANGED: usize = 80;

/// One side of a text difference, on one line: the unchanged text before the part that differs
/// (with `…` when cut), that part, and the unchanged text after it. Line breaks are shown as `⏎`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    pub before: String,
    pub changed: String,
    pub after: String,
}

impl std::fmt::Display for Excerpt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.before, self.changed, self.after)
    }
}

/// The part of `this` that differs from `other`, and the part of `other` that differs from
/// `this`, each widened to whole words, with up to `context` characters of the unchanged text
/// around it and `…` where text was left out; a differing part longer than `max` characters is cut.
pub fn differing_part(this: &str, other: &str, context: usize, max: usize) -> (Excerpt, Excerpt) {
    let a: Vec<char> = this.chars().collect();
    let b: Vec<char> = other.chars().collect();
    if a == b {
        // nothing differs: the start of the text, as context
        let same = excerpt(&a, 0, 0, context + max, max);
        return (same.clone(), same);
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    // widen to whole words: back to the start of the word the difference begins in, on to the
    // end of the word it ends in (the shared start and end are the same text in both)
    let start = a[..prefix]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let tail = &a[a.len() - suffix..];
    let tail_word = tail
        .iter()
        .position(|c| c.is_whitespace())
        .unwrap_or(tail.len());
    let tail_kept = suffix - tail_word;
    (
        excerpt(&a, start, a.len() - tail_kept, context, max),
        excerpt(&b, start, b.len() - tail_kept, context, max),
    )
}

/// `s[start..end]` as the changed part, with context around it.
fn excerpt(s: &[char], start: usize, end: usize, context: usize, max: usize) -> Excerpt {
    let end = end.max(start);
    // the context before starts at a word when there is one in reach
    let mut from = start.saturating_sub(context);
    if from > 0 && !s[from - 1].is_whitespace() {
        if let Some(i) = s[from..start].iter().position(|c| c.is_whitespace()) {
            from += i + 1;
        }
    }
    let mut before: String = if from > 0 {
        "…".into()
    } else {
        String::new()
    };
    before.extend(&s[from..start]);
    let changed_len = end - start;
    if changed_len > max {
        let mut changed: String = s[start..start + max.saturating_sub(1)].iter().collect();
        changed.push('…');
        return Excerpt {
            before: flat(&before),
            changed: flat(&changed),
            after: String::new(),
        };
    }
    // and the context after ends at a word
    let mut to = (end + context).min(s.len());
    if to < s.len() && !s[to].is_whitespace() {
        if let Some(i) = s[end..to].iter().rposition(|c| c.is_whitespace()) {
            to = end + i;
        }
    }
    let mut after: String = s[end..to].iter().collect();
    if to < s.len() {
        after.push('…');
    }
    Excerpt {
        before: flat(&before),
        changed: flat(&s[start..end].iter().collect::<String>()),
        after: flat(&after),
    }
}

/// One line: a line break becomes ` ⏎ `.
fn flat(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\n', " ⏎ ")
}

/// A field whose value differs between two versions of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    pub field: Field,
    /// This version's value.
    pub this: Value,
    /// The other version's value.
    pub other: Value,
}

impl FieldDiff {
    /// For two texts (or a text and nothing), the parts that differ; `None` for other values,
    /// which are shown whole.
    pub fn parts(&self) -> Option<(Excerpt, Excerpt)> {
        self.parts_with(CONTEXT, MAX_CHANGED)
    }

    /// [`FieldDiff::parts`] with `context` characters around the part that differs and that part
    /// cut after `max` (a narrow pane asks for less).
    pub fn parts_with(&self, context: usize, max: usize) -> Option<(Excerpt, Excerpt)> {
        let text = |v: &Value| match v {
            Value::Text(s) => Some(s.clone()),
            Value::Empty => Some(String::new()),
            _ => None,
        };
        match (&self.this, &self.other) {
            (Value::Empty, Value::Empty) => None,
            (a, b) => Some(differing_part(&text(a)?, &text(b)?, context, max)),
        }
    }
}

/// The fields whose values differ between two versions of one record, in the order the record
/// lists them (a field only one version has counts as empty in the other).
pub fn field_diffs(this: &Payload, other: &Payload) -> Vec<FieldDiff> {
    let a = fields(this);
    let b = fields(other);
    let mut order: Vec<Field> = a.iter().map(|(f, _)| *f).collect();
    order.extend(
        b.iter()
            .map(|(f, _)| *f)
            .filter(|f| !a.iter().any(|(g, _)| g == f)),
    );
    let value = |list: &[(Field, Value)], f: Field| {
        list.iter()
            .find(|(g, _)| *g == f)
            .map_or(Value::Empty, |(_, v)| v.clone())
    };
    order
        .into_iter()
        .filter_map(|field| {
            let (this, other) = (value(&a, field), value(&b, field));
            (this != other).then_some(FieldDiff { field, this, other })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::score::Answer;
    use crate::domain::Id;

    fn parts(a: &str, b: &str) -> (String, String) {
        let (x, y) = differing_part(a, b, 12, 40);
        (x.to_string(), y.to_string())
    }

    #[test]
    fn the_common_start_and_end_are_trimmed_and_context_kept() {
        let long =
            "Blangko KTP-el tidak tersedia selama tiga minggu di kantor lama di Jalan Merdeka \
                    sehingga pemohon diminta datang kembali";
        let other = long.replace("kantor lama", "kantor baru");
        let (x, y) = differing_part(long, &other, 12, 40);
        assert_eq!(x.changed, "lama");
        assert_eq!(y.changed, "baru");
        assert_eq!(x.before, "…di kantor ");
        assert_eq!(y.before, x.before, "the shared start is the same");
        assert_eq!(x.after, " di Jalan…");
        assert_eq!(x.to_string(), "…di kantor lama di Jalan…");
        assert_eq!(y.to_string(), "…di kantor baru di Jalan…");
        // a difference inside a word shows the whole word
        let (x, y) = differing_part("di jalan utama", "di jalur utama", 12, 40);
        assert_eq!((x.changed.as_str(), y.changed.as_str()), ("jalan", "jalur"));
        assert_eq!((x.before.as_str(), x.after.as_str()), ("di ", " utama"));
    }

    #[test]
    fn short_texts_are_whole_and_insertions_show_a_neighbour() {
        assert_eq!(
            parts("Sesuai", "Sebagian"),
            ("Sesuai".into(), "Sebagian".into())
        );
        let (x, y) = differing_part("kantor di kota", "kantor lama di kota", 12, 40);
        assert_eq!(x.changed, "di");
        assert_eq!(y.changed, "lama di");
        assert_eq!(x.before, "kantor ");
        // at the very start and the very end
        assert_eq!(parts("a b c", "x b c"), ("a b c".into(), "x b c".into()));
        let (x, y) = differing_part("sama sama beda", "sama sama lain", 5, 40);
        assert_eq!((x.before.as_str(), x.changed.as_str()), ("…sama ", "beda"));
        assert_eq!((y.changed.as_str(), y.after.as_str()), ("lain", ""));
        // the context never starts inside a word
        let (x, _) = differing_part("sama sama beda", "sama sama lain", 4, 40);
        assert_eq!(x.before, "…");
        // one side empty
        let (x, y) = differing_part("", "catatan baru", 12, 40);
        assert_eq!(
            (x.to_string().as_str(), y.changed.as_str()),
            ("", "catatan baru")
        );
        // the same text: nothing differs
        let (x, _) = differing_part("sama", "sama", 12, 40);
        assert_eq!(x.changed, "");
    }

    #[test]
    fn a_long_difference_is_cut_and_line_breaks_show() {
        let a = format!("awal {} akhir", "x".repeat(100));
        let b = format!("awal {} akhir", "y".repeat(100));
        let (x, _) = differing_part(&a, &b, 12, 20);
        assert_eq!(x.changed.chars().count(), 20);
        assert!(x.changed.ends_with('…') && x.after.is_empty(), "{x:?}");
        let (x, y) = differing_part("baris satu\nbaris dua", "baris satu\nbaris tiga", 30, 40);
        assert_eq!(x.to_string(), "baris satu ⏎ baris dua");
        assert_eq!((x.changed.as_str(), y.changed.as_str()), ("dua", "tiga"));
        // multi-byte letters count as one
        let (x, y) = differing_part("naïve café", "naïve cafè", 12, 40);
        assert_eq!((x.changed.as_str(), y.changed.as_str()), ("café", "cafè"));
    }

    proptest::proptest! {
        /// Any two texts, any context and cut: no panic, and each excerpt is a piece of its
        /// text around the part that differs (line breaks shown as ⏎).
        #[test]
        fn any_two_texts_give_excerpts_of_themselves(
            a in "[ab \n é]{0,40}",
            b in "[ab \n é]{0,40}",
            context in 0usize..8,
            max in 0usize..12,
        ) {
            let (x, y) = differing_part(&a, &b, context, max);
            for (e, text) in [(&x, &a), (&y, &b)] {
                let flat = flat(text);
                let inner = e.to_string().replace('…', "");
                proptest::prop_assert!(
                    e.changed.ends_with('…') || flat.contains(&inner),
                    "{e:?} of {text:?}"
                );
                proptest::prop_assert!(e.changed.chars().count() <= max.max(1) * 3 + 2);
            }
        }
    }

    fn response(answer: Answer, note: &str) -> Payload {
        Payload::ResponseRecorded {
            audit: Id::from_u128(1),
            item: "SP-05".into(),
            answer: Some(answer),
            note: note.into(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn only_the_fields_that_differ_are_listed() {
        let a = response(Answer::Compliant, "maklumat dipasang di ruang tunggu");
        let b = response(Answer::Compliant, "maklumat dipasang di loket");
        let d = field_diffs(&a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].field, Field::Note);
        let (x, y) = d[0].parts().unwrap();
        assert_eq!(
            (x.changed.as_str(), y.changed.as_str()),
            ("ruang tunggu", "loket")
        );
        let c = response(Answer::Noncompliant, "maklumat dipasang di loket");
        let d = field_diffs(&a, &c);
        assert_eq!(
            d.iter().map(|f| f.field).collect::<Vec<_>>(),
            [Field::Answer, Field::Note]
        );
        assert!(d[0].parts().is_none(), "an answer is shown whole");
        assert!(field_diffs(&a, &a).is_empty());
        // a withdrawn finding against an edit: the fields only one side has differ too
        let w = Payload::FindingWithdrawn {
            id: Id::from_u128(2),
            audit: Id::from_u128(1),
            reason: "ganda".into(),
        };
        let d = field_diffs(&w, &a);
        assert!(d
            .iter()
            .any(|f| f.field == Field::Withdrawn && f.other == Value::Empty));
        assert!(d
            .iter()
            .any(|f| f.field == Field::Note && f.this == Value::Empty));
    }
}

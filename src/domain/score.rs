//! Answers to checklist items, the weighted compliance score, and progress (items looked at).

use serde::{Deserialize, Serialize};

use super::rating::fold;
use super::template::AnswerKind;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Compliant,
    Partial,
    Noncompliant,
    NotApplicable,
    Score(u8),
    Yes,
    No,
    Number(f64),
}

/// An answer that does not fit the item's answer kind. Every kind also accepts `na` (tidak berlaku).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("unknown compliance answer {0:?}: use compliant|partial|noncompliant|na (sesuai|sebagian|tidak-sesuai|tidak-berlaku)")]
    Compliance(String),
    #[error("invalid score {0:?}: use a whole number 1..5, or na (tidak-berlaku)")]
    Score(String),
    #[error("unknown yes/no answer {0:?}: use yes|no (ya|tidak), or na (tidak-berlaku)")]
    YesNo(String),
    #[error("invalid number {0:?}: use a decimal such as 12.5 or 12,5, or na (tidak-berlaku)")]
    Number(String),
}

/// Words for the fixed answers (before folding); the first is the code.
const WORDS: [(Answer, &[&str]); 6] = [
    (
        Answer::Compliant,
        &["compliant", "sesuai", "comply", "memenuhi"],
    ),
    (
        Answer::Partial,
        &[
            "partial",
            "sebagian",
            "partially compliant",
            "sesuai sebagian",
            "sebagian sesuai",
        ],
    ),
    (
        Answer::Noncompliant,
        &[
            "noncompliant",
            "tidak-sesuai",
            "non-compliant",
            "not compliant",
            "tidak memenuhi",
        ],
    ),
    (
        Answer::NotApplicable,
        &["na", "tidak-berlaku", "n/a", "not applicable", "tb", "t/b"],
    ),
    (Answer::Yes, &["yes", "ya", "y"]),
    (Answer::No, &["no", "tidak", "n", "t"]),
];

fn word(s: &str, allowed: &[Answer]) -> Option<Answer> {
    let key = fold(s);
    WORDS
        .iter()
        .filter(|(a, _)| allowed.contains(a))
        .find(|(_, ws)| ws.iter().any(|w| fold(w) == key))
        .map(|(a, _)| *a)
}

/// Parses a decimal, with `.` or the Indonesian `,` as decimal separator (not both).
fn decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.contains('.') && t.contains(',') {
        return None;
    }
    let t = t.replace(',', ".");
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Parses a score 1..=5, also written `Skor 3`, `Score 3` or `3/5`.
fn score(s: &str) -> Option<u8> {
    let t = s.trim().to_lowercase();
    let t = t
        .strip_prefix("skor")
        .or_else(|| t.strip_prefix("score"))
        .unwrap_or(&t)
        .trim();
    let t = t.strip_suffix("/5").unwrap_or(t).trim();
    match t {
        "1" | "2" | "3" | "4" | "5" => t.parse().ok(),
        _ => None,
    }
}

impl Answer {
    /// Parses an answer for an item of `kind`. Every kind accepts `na` (tidak berlaku).
    pub fn parse(kind: AnswerKind, s: &str) -> Result<Answer, AnswerError> {
        if let Some(a) = word(s, &[Answer::NotApplicable]) {
            return Ok(a);
        }
        match kind {
            AnswerKind::Compliance => word(
                s,
                &[Answer::Compliant, Answer::Partial, Answer::Noncompliant],
            )
            .ok_or_else(|| AnswerError::Compliance(s.to_string())),
            AnswerKind::Score => score(s)
                .map(Answer::Score)
                .ok_or_else(|| AnswerError::Score(s.to_string())),
            AnswerKind::YesNo => {
                word(s, &[Answer::Yes, Answer::No]).ok_or_else(|| AnswerError::YesNo(s.to_string()))
            }
            AnswerKind::Number => decimal(s)
                .map(Answer::Number)
                .ok_or_else(|| AnswerError::Number(s.to_string())),
        }
    }

    /// Whether the answer is valid for an item of `kind` (`NotApplicable` fits every kind).
    pub fn fits(&self, kind: AnswerKind) -> bool {
        match self {
            Answer::NotApplicable => true,
            Answer::Compliant | Answer::Partial | Answer::Noncompliant => {
                kind == AnswerKind::Compliance
            }
            Answer::Score(s) => kind == AnswerKind::Score && (1..=5).contains(s),
            Answer::Yes | Answer::No => kind == AnswerKind::YesNo,
            Answer::Number(x) => kind == AnswerKind::Number && x.is_finite(),
        }
    }

    /// Stable code; parses back with `Answer::parse` for any kind the answer fits.
    pub fn code(&self) -> String {
        match self {
            Answer::Compliant => "compliant".into(),
            Answer::Partial => "partial".into(),
            Answer::Noncompliant => "noncompliant".into(),
            Answer::NotApplicable => "na".into(),
            Answer::Score(s) => s.to_string(),
            Answer::Yes => "yes".into(),
            Answer::No => "no".into(),
            Answer::Number(x) => x.to_string(),
        }
    }

    /// Label in Bahasa Indonesia (numbers with a decimal comma).
    pub fn label_id(&self) -> String {
        match self {
            Answer::Compliant => "Sesuai".into(),
            Answer::Partial => "Sebagian".into(),
            Answer::Noncompliant => "Tidak Sesuai".into(),
            Answer::NotApplicable => "Tidak Berlaku".into(),
            Answer::Score(s) => format!("Skor {s}"),
            Answer::Yes => "Ya".into(),
            Answer::No => "Tidak".into(),
            Answer::Number(x) => x.to_string().replace('.', ","),
        }
    }

    /// Label in English.
    pub fn label_en(&self) -> String {
        match self {
            Answer::Compliant => "Compliant".into(),
            Answer::Partial => "Partially compliant".into(),
            Answer::Noncompliant => "Non-compliant".into(),
            Answer::NotApplicable => "Not applicable".into(),
            Answer::Score(s) => format!("Score {s}"),
            Answer::Yes => "Yes".into(),
            Answer::No => "No".into(),
            Answer::Number(x) => x.to_string(),
        }
    }

    /// The compliance fraction (0..=1) the answer earns; `None` when it is not scored
    /// (not applicable, a number, or an out-of-range score).
    pub fn value(&self) -> Option<f64> {
        match self {
            Answer::Compliant | Answer::Yes => Some(1.0),
            Answer::Partial => Some(0.5),
            Answer::Noncompliant | Answer::No => Some(0.0),
            Answer::Score(s @ 1..=5) => Some(f64::from(*s - 1) / 4.0),
            Answer::Score(_) | Answer::NotApplicable | Answer::Number(_) => None,
        }
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// The weighted compliance score: Σ weight×value over answered, applicable, scored items.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Compliance {
    /// Σ weight × value.
    pub earned: f64,
    /// Σ weight of the scored items.
    pub possible: f64,
    /// Items answered with a scored answer.
    pub scored: usize,
    /// Items answered but not scored (tidak berlaku, numbers).
    pub excluded: usize,
}

impl Compliance {
    /// The score in percent; `None` when nothing (of non-zero weight) is scored.
    pub fn percent(&self) -> Option<f64> {
        (self.scored > 0 && self.possible > 0.0).then(|| self.earned * 100.0 / self.possible)
    }
}

/// The compliance score over (weight, answer) of every item; unanswered items do not count.
pub fn compliance<'a>(lines: impl IntoIterator<Item = (u32, Option<&'a Answer>)>) -> Compliance {
    let mut c = Compliance::default();
    for (weight, answer) in lines {
        let Some(answer) = answer else { continue };
        match answer.value() {
            Some(v) => {
                c.earned += f64::from(weight) * v;
                c.possible += f64::from(weight);
                c.scored += 1;
            }
            None => c.excluded += 1,
        }
    }
    c
}

/// How many items the auditor has looked at (answered in any way, tidak berlaku included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub looked_at: usize,
    pub total: usize,
}

impl Progress {
    /// Percent of items looked at; 0 when there are no items.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.looked_at as f64 * 100.0 / self.total as f64
        }
    }
}

/// Progress over the answers of every item (`None` = not looked at yet).
pub fn progress<'a>(answers: impl IntoIterator<Item = Option<&'a Answer>>) -> Progress {
    let mut p = Progress::default();
    for a in answers {
        p.total += 1;
        if a.is_some() {
            p.looked_at += 1;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::Answer as A;
    use super::AnswerKind as K;
    use super::*;

    const KINDS: [K; 4] = [K::Compliance, K::Score, K::YesNo, K::Number];

    #[test]
    fn parse_compliance() {
        for (s, a) in [
            ("compliant", A::Compliant),
            ("Sesuai", A::Compliant),
            ("partial", A::Partial),
            ("SEBAGIAN", A::Partial),
            ("noncompliant", A::Noncompliant),
            ("tidak sesuai", A::Noncompliant),
            ("Tidak_Sesuai", A::Noncompliant),
            ("tidaksesuai", A::Noncompliant),
            ("na", A::NotApplicable),
            ("N/A", A::NotApplicable),
            ("tidak berlaku", A::NotApplicable),
        ] {
            assert_eq!(A::parse(K::Compliance, s), Ok(a), "{s}");
        }
        let e = A::parse(K::Compliance, "ok").unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"unknown compliance answer "ok": use compliant|partial|noncompliant|na (sesuai|sebagian|tidak-sesuai|tidak-berlaku)"#
        );
        assert!(A::parse(K::Compliance, "ya").is_err());
    }

    #[test]
    fn parse_other_kinds() {
        assert_eq!(A::parse(K::Score, " 3 "), Ok(A::Score(3)));
        assert_eq!(A::parse(K::Score, "na"), Ok(A::NotApplicable));
        assert_eq!(A::parse(K::Score, "Skor 4"), Ok(A::Score(4)));
        assert_eq!(A::parse(K::Score, "2/5"), Ok(A::Score(2)));
        for bad in ["0", "6", "2.5", "tiga", "", "skor", "3/4"] {
            let e = A::parse(K::Score, bad).unwrap_err();
            assert_eq!(e, AnswerError::Score(bad.into()));
            assert!(e.to_string().contains("1..5"));
        }
        assert_eq!(A::parse(K::YesNo, "Ya"), Ok(A::Yes));
        assert_eq!(A::parse(K::YesNo, "TIDAK"), Ok(A::No));
        assert_eq!(A::parse(K::YesNo, "no"), Ok(A::No));
        assert!(A::parse(K::YesNo, "sesuai").is_err());
        assert_eq!(A::parse(K::Number, "12,5"), Ok(A::Number(12.5)));
        assert_eq!(A::parse(K::Number, "12.5"), Ok(A::Number(12.5)));
        assert_eq!(A::parse(K::Number, "-3"), Ok(A::Number(-3.0)));
        for bad in ["1.234,5", "abc", "inf", "NaN", "", "12 5"] {
            assert_eq!(
                A::parse(K::Number, bad),
                Err(AnswerError::Number(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn code_round_trips_and_fits() {
        let all = [
            A::Compliant,
            A::Partial,
            A::Noncompliant,
            A::NotApplicable,
            A::Score(1),
            A::Score(5),
            A::Yes,
            A::No,
            A::Number(12.5),
            A::Number(-0.001),
            A::Number(1e20),
        ];
        for a in all {
            let kinds: Vec<K> = KINDS.into_iter().filter(|k| a.fits(*k)).collect();
            assert!(!kinds.is_empty(), "{a:?}");
            for k in kinds {
                assert_eq!(A::parse(k, &a.code()), Ok(a), "{a:?} as {k:?}");
                assert_eq!(A::parse(k, &a.label_id()), Ok(a), "{a:?} label_id");
                assert_eq!(A::parse(k, &a.label_en()), Ok(a), "{a:?} label_en");
            }
        }
        assert!(A::NotApplicable.fits(K::Number));
        assert!(!A::Score(6).fits(K::Score));
        assert!(!A::Yes.fits(K::Compliance));
        assert_eq!(A::Number(12.5).label_id(), "12,5");
        assert_eq!(A::Score(4).label_id(), "Skor 4");
    }

    #[test]
    fn values() {
        assert_eq!(A::Compliant.value(), Some(1.0));
        assert_eq!(A::Partial.value(), Some(0.5));
        assert_eq!(A::Noncompliant.value(), Some(0.0));
        assert_eq!(A::NotApplicable.value(), None);
        assert_eq!(A::Score(1).value(), Some(0.0));
        assert_eq!(A::Score(3).value(), Some(0.5));
        assert_eq!(A::Score(5).value(), Some(1.0));
        assert_eq!(A::Score(0).value(), None);
        assert_eq!(A::Yes.value(), Some(1.0));
        assert_eq!(A::No.value(), Some(0.0));
        assert_eq!(A::Number(7.0).value(), None);
    }

    #[test]
    fn weighted_compliance() {
        let answers = [
            A::Compliant,
            A::Partial,
            A::Noncompliant,
            A::Score(4),
            A::NotApplicable,
            A::Number(3.0),
        ];
        // 5×1 + 5×0.5 + 5×0 + 4×0.75 = 10.5 of 19; the 10-weight NA and the number are excluded,
        // the unanswered item is not counted.
        let lines = [
            (5, Some(&answers[0])),
            (5, Some(&answers[1])),
            (5, Some(&answers[2])),
            (4, Some(&answers[3])),
            (10, Some(&answers[4])),
            (1, Some(&answers[5])),
            (7, None),
        ];
        let c = compliance(lines);
        assert_eq!(c.earned, 10.5);
        assert_eq!(c.possible, 19.0);
        assert_eq!(c.scored, 4);
        assert_eq!(c.excluded, 2);
        let p = c.percent().unwrap();
        assert!((p - 55.263).abs() < 0.001, "{p}");
        // its arithmetic in words is the text module's (text::Strings::compliance)
    }

    #[test]
    fn score_and_progress_are_independent() {
        let na = A::NotApplicable;
        let all_na = [Some(&na), Some(&na), Some(&na)];
        let p = progress(all_na);
        assert_eq!(
            p,
            Progress {
                looked_at: 3,
                total: 3
            }
        );
        assert_eq!(p.percent(), 100.0);
        let c = compliance(all_na.map(|a| (1, a)));
        assert_eq!(c.percent(), None);
        assert_eq!(c.excluded, 3);
        assert_eq!(c.scored, 0);

        // Half looked at, yet what is scored is fully compliant.
        let ok = A::Compliant;
        let half = [Some(&ok), None];
        assert_eq!(progress(half).percent(), 50.0);
        assert_eq!(compliance(half.map(|a| (2, a))).percent(), Some(100.0));

        assert_eq!(progress(std::iter::empty()).percent(), 0.0);
        assert_eq!(compliance(std::iter::empty()).percent(), None);
        // Only zero weights scored: no score rather than a division by zero.
        assert_eq!(compliance([(0, Some(&ok))]).percent(), None);
    }
}

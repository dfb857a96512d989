//! Settling a text conflict by merging the texts: a draft holding every version's text of each
//! text field the versions disagree on, each marked with the version it comes from, and reading
//! the edited draft back into the record's texts.
//!
//! The draft is plain text. Lines starting with `##` are marks and are dropped when it is read; a
//! mark `## [code] …` starts the text of one field (`kondisi`, `note`, …, see [`Field::code`]).
//! Everything else is the merged text. A file with no marks at all is the text of the one field
//! that differs (when only one does).

use std::borrow::Cow;

use crate::domain::model::FindingContent;
use crate::store::event::Payload;

use super::bundle::Conflict;
use super::trail::{Field, Value};

/// Lines of a merge text starting with this are marks, not text.
pub const MARK: &str = "##";

/// Why a merge cannot be made, or why an edited merge text does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The versions do not disagree on a text (an answer, a status, a withdrawal …).
    #[error(
        "conflict {0} is not between two texts: a merge is for the texts of a finding, a note or \
         a justification; keep one version instead (`--keep HASH`, or none for the shown one)"
    )]
    NotText(String),
    /// No `## [code]` lines, and more than one text to fill.
    #[error(
        "the merged text has no \"## [field]\" lines, but {} texts differ ({}): keep the lines \
         of the draft (`periksa conflicts draft ID`)", .0.len(), codes(.0)
    )]
    NoSections(Vec<Field>),
    #[error("\"## [{0}]\" is not a text of this record; its texts are {1}")]
    UnknownSection(String, String),
    #[error("\"## [{}]\" appears twice in the merged text", .0.code())]
    Twice(Field),
    #[error("the merged text has no \"## [{}]\" line, so no {} text", .0.code(), .0.code())]
    Missing(Field),
    #[error("text before the first \"## [field]\" line belongs to no field: move it under one")]
    Outside,
    #[error("{} is empty after the merge; it is required", .0.code())]
    Empty(Field),
    #[error("{} must be one line", .0.code())]
    OneLine(Field),
}

fn codes(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding's texts that a merge may write, by field.
fn finding_text_mut(c: &mut FindingContent, f: Field) -> Option<&mut String> {
    Some(match f {
        Field::Title => &mut c.title,
        Field::Kondisi => &mut c.kondisi,
        Field::Kriteria => &mut c.kriteria,
        Field::Sebab => &mut c.sebab,
        Field::Akibat => &mut c.akibat,
        Field::Tanggapan => &mut c.tanggapan,
        _ => return None,
    })
}

/// The text fields of a record that a merge may write, with their values. A finding's
/// recommendations are one text, numbered when there are several (see
/// [`FindingContent::rekomendasi_text`]).
pub fn text_fields(p: &Payload) -> Vec<(Field, Cow<'_, str>)> {
    fn b(s: &str) -> Cow<'_, str> {
        Cow::Borrowed(s)
    }
    match p {
        Payload::FindingRaised { content: c, .. } | Payload::FindingUpdated { content: c, .. } => {
            vec![
                (Field::Title, b(&c.title)),
                (Field::Kondisi, b(&c.kondisi)),
                (Field::Kriteria, b(&c.kriteria)),
                (Field::Sebab, b(&c.sebab)),
                (Field::Akibat, b(&c.akibat)),
                (Field::Rekomendasi, Cow::Owned(c.rekomendasi_text())),
                (Field::Tanggapan, b(&c.tanggapan)),
            ]
        }
        Payload::ResponseRecorded { note, .. } | Payload::ResponseCorrected { note, .. } => {
            vec![(Field::Note, b(note))]
        }
        Payload::FollowUpRecorded { note, .. } => vec![(Field::FollowUpNote, b(note))],
        Payload::FollowUpVerified { reason, .. } => vec![(Field::FollowUpNote, b(reason))],
        Payload::EngagementSet { engagement: e, .. } => vec![
            (Field::Objective, b(&e.objective)),
            (Field::Scope, b(&e.scope)),
            (Field::Limitations, b(&e.limitations)),
            (Field::Overview, b(&e.overview)),
            (Field::Conclusion, b(&e.conclusion)),
        ],
        Payload::RatingRecommended { content: c, .. }
        | Payload::RatingUpdated { content: c, .. } => {
            vec![(Field::Justification, b(&c.justification))]
        }
        _ => Vec::new(),
    }
}

/// `c` with the recommendations' texts of `text` (numbered as [`text_fields`] gives them): each
/// recommendation takes the text of its number; a merge neither adds nor drops one.
fn with_recommendation_texts(c: &mut FindingContent, text: &str) {
    if let Ok(parsed) = super::recommendation::recommendations_from_text(&c.recommendations, text) {
        for r in &mut c.recommendations {
            if let Some(n) = parsed.iter().find(|n| n.no == Some(r.no)) {
                r.text = n.text.trim().to_string();
            }
        }
    }
}

/// `p` with the texts of `texts` in place of its own (fields it does not have are ignored).
pub fn with_texts(p: &Payload, texts: &[(Field, String)]) -> Payload {
    let mut p = p.clone();
    for (field, text) in texts {
        let slot = match (&mut p, field) {
            (
                Payload::FindingRaised { content: c, .. }
                | Payload::FindingUpdated { content: c, .. },
                Field::Rekomendasi,
            ) => {
                with_recommendation_texts(c, text);
                continue;
            }
            (
                Payload::FindingRaised { content: c, .. }
                | Payload::FindingUpdated { content: c, .. },
                f,
            ) => match finding_text_mut(c, *f) {
                Some(slot) => slot,
                None => continue,
            },
            (
                Payload::ResponseRecorded { note, .. } | Payload::ResponseCorrected { note, .. },
                Field::Note,
            ) => note,
            (Payload::FollowUpRecorded { note, .. }, Field::FollowUpNote) => note,
            (Payload::FollowUpVerified { reason, .. }, Field::FollowUpNote) => reason,
            (Payload::EngagementSet { engagement: e, .. }, f) => match f {
                Field::Objective => &mut e.objective,
                Field::Scope => &mut e.scope,
                Field::Limitations => &mut e.limitations,
                Field::Overview => &mut e.overview,
                Field::Conclusion => &mut e.conclusion,
                _ => continue,
            },
            (
                Payload::RatingRecommended { content: c, .. }
                | Payload::RatingUpdated { content: c, .. },
                Field::Justification,
            ) => &mut c.justification,
            _ => continue,
        };
        *slot = text.clone();
    }
    p
}

/// Which fields a record cannot leave empty (a finding's title and five elements).
fn required(p: &Payload, f: Field) -> bool {
    matches!(
        p,
        Payload::FindingRaised { .. } | Payload::FindingUpdated { .. }
    ) && matches!(
        f,
        Field::Title
            | Field::Kondisi
            | Field::Kriteria
            | Field::Sebab
            | Field::Akibat
            | Field::Rekomendasi
    )
}

/// One version's text of a field: `version` 0 is the shown one, `i + 1` other version `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftText {
    pub version: usize,
    pub text: String,
}

/// A text field the versions disagree on, with each distinct text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftField {
    pub field: Field,
    pub texts: Vec<DraftText>,
}

/// What merging a conflict's texts starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeDraft {
    pub conflict: String,
    /// The text fields the versions disagree on.
    pub fields: Vec<DraftField>,
    /// The other fields the versions disagree on, with the shown version's value: the merge
    /// keeps it.
    pub fixed: Vec<(Field, Value)>,
    /// The shown version's value: the merge is this with the merged texts.
    base: Payload,
}

impl MergeDraft {
    /// The draft of a conflict, or [`MergeError::NotText`] when its versions agree on every text.
    pub fn of(c: &Conflict) -> Result<MergeDraft, MergeError> {
        let shown = text_fields(&c.winner.value);
        let mut fields = Vec::new();
        for (field, text) in &shown {
            let mut texts = vec![DraftText {
                version: 0,
                text: text.to_string(),
            }];
            for (i, o) in c.others.iter().enumerate() {
                let theirs = text_fields(&o.value);
                let Some((_, t)) = theirs.iter().find(|(f, _)| f == field) else {
                    continue;
                };
                if !texts.iter().any(|d| d.text == *t) {
                    texts.push(DraftText {
                        version: i + 1,
                        text: t.to_string(),
                    });
                }
            }
            if texts.len() > 1 {
                fields.push(DraftField {
                    field: *field,
                    texts,
                });
            }
        }
        if fields.is_empty() {
            return Err(MergeError::NotText(c.id.clone()));
        }
        let mut fixed: Vec<(Field, Value)> = Vec::new();
        for i in 0..c.others.len() {
            for d in c.differences(i) {
                let is_text = shown.iter().any(|(f, _)| *f == d.field);
                if !is_text && !fixed.iter().any(|(f, _)| *f == d.field) {
                    fixed.push((d.field, d.this));
                }
            }
        }
        Ok(MergeDraft {
            conflict: c.id.clone(),
            fields,
            fixed,
            base: c.winner.value.clone(),
        })
    }

    /// The draft as text: `intro` as mark lines, then per field a `## [code] label` line and
    /// each version's text under a mark line naming the version (`version_label(0)` the shown one).
    pub fn render(
        &self,
        intro: &[String],
        field_label: impl Fn(Field) -> String,
        version_label: impl Fn(usize) -> String,
    ) -> String {
        let mut out = String::new();
        for line in intro {
            out.push_str(&format!("{MARK} {line}\n"));
        }
        for f in &self.fields {
            out.push_str(&format!(
                "{MARK} [{}] {}\n",
                f.field.code(),
                field_label(f.field)
            ));
            for t in &f.texts {
                out.push_str(&format!("{MARK} — {}\n", version_label(t.version)));
                out.push_str(t.text.trim_end());
                out.push_str("\n\n");
            }
        }
        out.trim_end().to_string()
    }

    /// The merged texts of an edited draft (or of a plain text, when one field differs): one
    /// per field of the draft, trimmed, checked as an edit of the record would be.
    pub fn read(&self, text: &str) -> Result<Vec<(Field, String)>, MergeError> {
        let allowed = text_fields(&self.base);
        let mut sections: Vec<(Field, Vec<&str>)> = Vec::new();
        let mut outside: Vec<&str> = Vec::new();
        for line in text.lines() {
            let Some(mark) = line.trim_start().strip_prefix(MARK) else {
                match sections.last_mut() {
                    Some((_, lines)) => lines.push(line),
                    None => outside.push(line),
                }
                continue;
            };
            let Some(code) = mark
                .trim_start()
                .strip_prefix('[')
                .and_then(|m| m.split_once(']'))
                .map(|(code, _)| code.trim())
            else {
                continue;
            };
            let field = allowed
                .iter()
                .map(|(f, _)| *f)
                .find(|f| f.code().eq_ignore_ascii_case(code))
                .ok_or_else(|| {
                    MergeError::UnknownSection(
                        code.to_string(),
                        codes(&allowed.iter().map(|(f, _)| *f).collect::<Vec<_>>()),
                    )
                })?;
            if sections.iter().any(|(f, _)| *f == field) {
                return Err(MergeError::Twice(field));
            }
            sections.push((field, Vec::new()));
        }
        let has_text = |lines: &[&str]| lines.iter().any(|l| !l.trim().is_empty());
        if sections.is_empty() {
            match self.fields.as_slice() {
                [one] => sections.push((one.field, std::mem::take(&mut outside))),
                many => {
                    return Err(MergeError::NoSections(
                        many.iter().map(|f| f.field).collect(),
                    ))
                }
            }
        } else if has_text(&outside) {
            return Err(MergeError::Outside);
        }
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| !sections.iter().any(|(s, _)| *s == f.field))
        {
            return Err(MergeError::Missing(f.field));
        }
        let mut out = Vec::new();
        for (field, lines) in sections {
            let value = lines.join("\n").trim().to_string();
            if value.is_empty() && required(&self.base, field) {
                return Err(MergeError::Empty(field));
            }
            if field == Field::Title && value.contains('\n') {
                return Err(MergeError::OneLine(field));
            }
            out.push((field, value));
        }
        Ok(out)
    }

    /// The record's value with the merged texts: the shown version's, its texts replaced.
    pub fn merged_value(&self, texts: &[(Field, String)]) -> Payload {
        with_texts(&self.base, texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::bundle::Version;
    use crate::domain::followup::Severity;
    use crate::domain::score::Answer;
    use crate::domain::Id;
    use chrono::Utc;

    fn finding(kondisi: &str, sebab: &str, severity: Severity) -> Payload {
        Payload::FindingUpdated {
            id: Id::from_u128(7),
            audit: Id::from_u128(1),
            content: FindingContent {
                items: vec!["SP-05".into()],
                title: "Maklumat tidak terbaca".into(),
                kondisi: kondisi.into(),
                kriteria: "Permenpan 15/2014".into(),
                sebab: sebab.into(),
                akibat: "Pemohon tidak tahu haknya".into(),
                recommendations: vec![crate::domain::model::Recommendation {
                    no: 1,
                    text: "Ganti papan maklumat".into(),
                    ..Default::default()
                }],
                code: String::new(),
                cause_code: String::new(),
                tanggapan: String::new(),
                severity,
                nips: Vec::new(),
            },
        }
    }

    fn conflict(shown: Payload, others: Vec<Payload>) -> Conflict {
        let v = |value: Payload, n: u8| Version {
            hash: [n; 32],
            device: Id::from_u128(n as u128),
            seq: 1,
            actor: format!("Auditor {n}"),
            at: Utc::now(),
            summary: String::new(),
            payload: value.clone(),
            value,
        };
        Conflict {
            id: "c0ffee00".into(),
            audit: Some(Id::from_u128(1)),
            register: Vec::new(),
            winner: v(shown, 0),
            others: others
                .into_iter()
                .enumerate()
                .map(|(i, p)| v(p, i as u8 + 1))
                .collect(),
        }
    }

    fn labels(d: &MergeDraft) -> String {
        d.render(
            &["Gabungkan teks".into()],
            |f| f.code().to_uppercase(),
            |v| format!("versi {v}"),
        )
    }

    #[test]
    fn a_draft_holds_every_versions_text_of_each_differing_field() {
        let c = conflict(
            finding("papan pudar", "anggaran habis", Severity::High),
            vec![
                finding("papan pudar dan miring", "anggaran habis", Severity::Medium),
                finding("papan hilang", "anggaran habis", Severity::High),
            ],
        );
        let d = MergeDraft::of(&c).unwrap();
        assert_eq!(d.fields.len(), 1, "only kondisi differs among the texts");
        assert_eq!(d.fields[0].field, Field::Kondisi);
        assert_eq!(
            d.fields[0]
                .texts
                .iter()
                .map(|t| t.version)
                .collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(d.fixed.len(), 1, "severity is not a text: {:?}", d.fixed);
        assert_eq!(d.fixed[0].0, Field::Severity);
        let text = labels(&d);
        assert_eq!(
            text,
            "## Gabungkan teks\n## [kondisi] KONDISI\n## — versi 0\npapan pudar\n\n\
             ## — versi 1\npapan pudar dan miring\n\n## — versi 2\npapan hilang"
        );
        // read back as drafted: every text kept, the marks dropped
        let read = d.read(&text).unwrap();
        assert_eq!(
            read,
            [(
                Field::Kondisi,
                "papan pudar\n\npapan pudar dan miring\n\npapan hilang".to_string()
            )]
        );
        // the merged value is the shown one with the merged text
        let merged = d.merged_value(&[(Field::Kondisi, "papan pudar dan hilang".into())]);
        assert_eq!(
            merged,
            finding("papan pudar dan hilang", "anggaran habis", Severity::High)
        );
    }

    #[test]
    fn an_edited_draft_reads_back_and_mistakes_are_named() {
        let c = conflict(
            finding("papan pudar", "anggaran habis", Severity::High),
            vec![finding("papan miring", "tidak ada petugas", Severity::High)],
        );
        let d = MergeDraft::of(&c).unwrap();
        assert_eq!(
            d.fields.iter().map(|f| f.field).collect::<Vec<_>>(),
            [Field::Kondisi, Field::Sebab]
        );
        let ok = "## anything\n## [kondisi] Kondisi\n\n papan pudar dan miring \n\
                  ## [SEBAB]\nanggaran habis; tidak ada petugas\n";
        assert_eq!(
            d.read(ok).unwrap(),
            [
                (Field::Kondisi, "papan pudar dan miring".to_string()),
                (
                    Field::Sebab,
                    "anggaran habis; tidak ada petugas".to_string()
                )
            ]
        );
        assert_eq!(
            d.read("papan"),
            Err(MergeError::NoSections(vec![Field::Kondisi, Field::Sebab]))
        );
        assert_eq!(
            d.read("## [kondisi]\nx\n## [sebab]\ny\n## [kondisi]\nz"),
            Err(MergeError::Twice(Field::Kondisi))
        );
        assert_eq!(
            d.read("## [kondisi]\nx"),
            Err(MergeError::Missing(Field::Sebab))
        );
        assert_eq!(
            d.read("lepas\n## [kondisi]\nx\n## [sebab]\ny"),
            Err(MergeError::Outside)
        );
        assert!(matches!(
            d.read("## [catatan]\nx"),
            Err(MergeError::UnknownSection(code, _)) if code == "catatan"
        ));
        assert_eq!(
            d.read("## [kondisi]\n\n## [sebab]\ny"),
            Err(MergeError::Empty(Field::Kondisi))
        );
        // any text of the record may be merged, and a title stays one line
        assert_eq!(
            d.read("## [kondisi]\nx\n## [sebab]\ny\n## [title]\nsatu\ndua"),
            Err(MergeError::OneLine(Field::Title))
        );
    }

    #[test]
    fn a_note_merges_from_a_plain_text_and_a_conflict_of_answers_does_not() {
        let note = |answer, note: &str| Payload::ResponseRecorded {
            audit: Id::from_u128(1),
            item: "SP-05".into(),
            answer: Some(answer),
            note: note.into(),
            evidence: Vec::new(),
        };
        let c = conflict(
            note(Answer::Compliant, "dipasang"),
            vec![note(Answer::Partial, "dipasang sebagian")],
        );
        let d = MergeDraft::of(&c).unwrap();
        assert_eq!(
            d.read("  dipasang di loket\n").unwrap()[0].1,
            "dipasang di loket"
        );
        // an empty note is a note
        assert_eq!(d.read("").unwrap(), [(Field::Note, String::new())]);
        let merged = d.merged_value(&d.read("gabungan").unwrap());
        assert_eq!(
            merged,
            note(Answer::Compliant, "gabungan"),
            "the shown answer stays"
        );
        let c = conflict(
            note(Answer::Compliant, "sama"),
            vec![note(Answer::Partial, "sama")],
        );
        assert_eq!(
            MergeDraft::of(&c),
            Err(MergeError::NotText("c0ffee00".into()))
        );
    }

    #[test]
    fn every_text_field_is_written_back_in_its_place() {
        let f = finding("k", "s", Severity::Low);
        let texts: Vec<(Field, String)> = text_fields(&f)
            .iter()
            .map(|(field, _)| (*field, format!("baru {}", field.code())))
            .collect();
        let g = with_texts(&f, &texts);
        for (field, text) in text_fields(&g) {
            assert_eq!(text, format!("baru {}", field.code()));
        }
        let fu = Payload::FollowUpRecorded {
            finding: Id::from_u128(7),
            audit: Id::from_u128(1),
            status: crate::domain::followup::FollowUpStatus::BelumSesuai,
            note: "lama".into(),
            due: None,
        };
        let g = with_texts(&fu, &[(Field::FollowUpNote, "baru".into())]);
        assert_eq!(text_fields(&g), [(Field::FollowUpNote, Cow::from("baru"))]);
        // a field the record does not have is left alone
        assert_eq!(with_texts(&fu, &[(Field::Kondisi, "x".into())]), fu);
    }
}

//! A finding's recommendations: checking and numbering them as a form or the CLI gives them, the code tables they are coded from, and their follow-up (what the auditee reported, and the inspectorate's verification of it).

use chrono::NaiveDate;

use crate::domain::codes::{Codes, Table};
use crate::domain::date::parse_date;
use crate::domain::followup::FollowUpStatus;
use crate::domain::model::{Finding, Official, Recommendation};
use crate::domain::money::Rupiah;
use crate::domain::nip::Nip;
use crate::domain::tlhp::{Entry, History};
use crate::domain::Id;
use crate::store::event::{FollowUpEntry, Payload};

use super::error::said;
use super::{clean, today, App, AppError};

/// The code tables a store uses when none is named: `kode.toml` in its folder.
pub const CODES_FILE: &str = "kode.toml";

/// One recommendation as a form or the CLI gives it (texts as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRecommendation {
    /// Its number when it is one the finding already has; none for a new one.
    pub no: Option<u16>,
    pub code: String,
    pub text: String,
    pub official_name: String,
    pub official_position: String,
    /// NIP of the responsible official (optional; need not be on the roster).
    pub official_nip: String,
    /// Due date as typed (empty: the final date plus the deadline).
    pub due: String,
    /// Nilai temuan/kerugian as typed (empty: none).
    pub value: String,
}

impl NewRecommendation {
    /// A recommendation that is only its text.
    pub fn text(text: impl Into<String>) -> NewRecommendation {
        NewRecommendation {
            text: text.into(),
            ..NewRecommendation::default()
        }
    }

    fn is_blank(&self) -> bool {
        [
            &self.code,
            &self.text,
            &self.official_name,
            &self.official_position,
            &self.official_nip,
            &self.due,
            &self.value,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

impl From<&Recommendation> for NewRecommendation {
    fn from(r: &Recommendation) -> NewRecommendation {
        NewRecommendation {
            no: Some(r.no),
            code: r.code.clone(),
            text: r.text.clone(),
            official_name: r.official.name.clone(),
            official_position: r.official.position.clone(),
            official_nip: r
                .official
                .nip
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            due: r
                .due
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            value: r.value.map(Rupiah::plain).unwrap_or_default(),
        }
    }
}

/// What the auditee reported doing about a recommendation (`finding report`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEntry {
    /// The recommendation's number (none: the finding's only one).
    pub recommendation: Option<u16>,
    /// As typed; empty: today.
    pub date: String,
    pub action: String,
    pub evidence: Vec<String>,
    /// Money returned or deposited, as typed (empty: none).
    pub returned: String,
}

/// The inspectorate's verdict on a reported entry, or a status set for a recommendation as a
/// whole (`finding verify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVerification {
    pub recommendation: Option<u16>,
    /// The entry's number in the recommendation's history (1 = the earliest); none: the
    /// recommendation as a whole.
    pub entry: Option<usize>,
    /// 1 or 4 accept the entry, 2 rejects it (with a reason); without an entry any of 1–4.
    pub status: FollowUpStatus,
    pub reason: String,
    /// As typed; empty: today.
    pub date: String,
}

impl App {
    /// The code tables: the store's `kode.toml` when it has one, else the ones shipped with
    /// Periksa (`data/kode/apip.toml`).
    pub fn codes(&self) -> Result<Codes, AppError> {
        let path = self.dir().join(CODES_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                Codes::from_toml(&text).map_err(|e| AppError::Codes(path.display().to_string(), e))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Codes::builtin().map_err(|e| AppError::Codes("data/kode/apip.toml".to_string(), e))
            }
            Err(e) => Err(AppError::File {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// A code of `table` as typed: empty stays empty; one the tables lack (or a group code that
    /// has finer ones) is refused.
    pub(super) fn checked_code(
        &self,
        codes: &Codes,
        table: Table,
        raw: &str,
    ) -> Result<String, AppError> {
        let code = raw.trim();
        if code.is_empty() {
            return Ok(String::new());
        }
        let leaves = codes.leaves(table);
        if leaves.iter().any(|c| c.code == code) {
            return Ok(code.to_string());
        }
        let which = match table {
            Table::Finding => "temuan",
            Table::Cause => "sebab",
            Table::Recommendation => "rekomendasi",
        };
        if codes.get(table, code).is_some() {
            let finer: Vec<&str> = leaves
                .iter()
                .filter(|c| c.code.starts_with(&format!("{code}.")))
                .map(|c| c.code.as_str())
                .collect();
            return Err(said(
                "error.code.group",
                &[
                    ("table", &which),
                    ("x", &code),
                    ("finer", &finer.join(", ")),
                ],
            ));
        }
        Err(said(
            "error.code.unknown",
            &[("table", &which), ("x", &code)],
        ))
    }

    /// The recommendations of a finding as given, checked and numbered: a recommendation the
    /// finding had keeps its number, a new one gets the next free number, blank rows are
    /// dropped, and one that has follow-up cannot be taken out.
    pub(super) fn checked_recommendations(
        &self,
        codes: &Codes,
        previous: Option<&Finding>,
        new: &[NewRecommendation],
    ) -> Result<Vec<Recommendation>, AppError> {
        let known = |no: u16| {
            previous.is_some_and(|f| {
                f.content.recommendation(no).is_some() || f.followup.contains_key(&no)
            })
        };
        let mut next = previous
            .map(|f| {
                let by_history = f.followup.keys().max().copied().unwrap_or(0);
                f.content.next_no().max(by_history.saturating_add(1))
            })
            .unwrap_or(1);
        let mut out: Vec<Recommendation> = Vec::new();
        for (i, r) in new.iter().enumerate() {
            if r.is_blank() {
                continue;
            }
            let no = match r.no {
                Some(no) if known(no) && !out.iter().any(|o| o.no == no) => no,
                _ => {
                    let no = next;
                    next = next.saturating_add(1);
                    no
                }
            };
            let place = i + 1;
            let text = clean(&r.text);
            if text.is_empty() {
                return Err(said("error.recommendation.no_text", &[("n", &place)]));
            }
            let nip = match r.official_nip.trim() {
                "" => None,
                raw => Some(Nip::parse(raw, today())?.nip),
            };
            let due = match r.due.trim() {
                "" => None,
                raw => Some(parse_date(raw)?),
            };
            let value = match r.value.trim() {
                "" => None,
                raw => Some(Rupiah::parse(raw)?),
            };
            out.push(Recommendation {
                no,
                code: self.checked_code(codes, Table::Recommendation, &r.code)?,
                text,
                official: Official {
                    name: clean(&r.official_name),
                    position: clean(&r.official_position),
                    nip,
                },
                due,
                value,
            });
        }
        if out.is_empty() {
            return Err(said("error.blank.rekomendasi", &[]));
        }
        if let Some(f) = previous {
            for gone in f
                .content
                .recommendations
                .iter()
                .filter(|r| !out.iter().any(|o| o.no == r.no))
            {
                let h = f.history(gone.no);
                if !h.entries.is_empty() || !h.verifications.is_empty() {
                    return Err(said(
                        "error.recommendation.has_followup",
                        &[("n", &gone.no), ("text", &excerpt(&gone.text))],
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Record what the auditee reported doing about a recommendation. Allowed on a final audit:
    /// follow-up is monitored after the report is issued and does not change what was signed.
    pub fn report_followup(
        &mut self,
        finding_key: &str,
        new: NewEntry,
    ) -> Result<(Finding, u16, Entry), AppError> {
        let f = self.resolve_finding(finding_key)?;
        super::correct::ensure_standing(&f)?;
        let no = which_recommendation(&f, new.recommendation)?;
        let action = clean(&new.action);
        if action.is_empty() {
            return Err(said("error.blank.followup_action", &[]));
        }
        let date = date_or_today(&new.date)?;
        let returned = match new.returned.trim() {
            "" => None,
            raw => Some(Rupiah::parse(raw)?),
        };
        let evidence: Vec<String> = new
            .evidence
            .iter()
            .map(|e| clean(e))
            .filter(|e| !e.is_empty())
            .collect();
        let id = Id::now_v7();
        self.commit(vec![Payload::FollowUpReported {
            audit: f.audit,
            finding: f.id,
            recommendation: no,
            entry: FollowUpEntry {
                id,
                date,
                action,
                evidence,
                returned,
            },
        }])?;
        let f = self.reread(&f)?;
        let entry = f
            .history(no)
            .entries
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| AppError::UnknownFinding(f.id.to_string()))?;
        Ok((f, no, entry))
    }

    /// Record the inspectorate's verification: of entry `entry` (Diterima with status 1 or 4,
    /// Ditolak with status 2 and a reason), or without an entry the status of the
    /// recommendation as a whole (3 when nothing was done, 4 with the lawful reason, …).
    pub fn verify_followup(
        &mut self,
        finding_key: &str,
        new: NewVerification,
    ) -> Result<(Finding, u16), AppError> {
        let f = self.resolve_finding(finding_key)?;
        super::correct::ensure_standing(&f)?;
        let no = which_recommendation(&f, new.recommendation)?;
        let history = f.history(no);
        let reason = clean(&new.reason);
        let entry = match new.entry {
            None => None,
            Some(n) => {
                let by_date = history.entries_by_date();
                let e = n
                    .checked_sub(1)
                    .and_then(|i| by_date.get(i))
                    .ok_or_else(|| {
                        said(
                            "error.followup.no_entry",
                            &[("n", &n), ("no", &no), ("count", &by_date.len())],
                        )
                    })?;
                match new.status {
                    FollowUpStatus::BelumDitindaklanjuti => {
                        return Err(said("error.followup.entry_status_3", &[]));
                    }
                    FollowUpStatus::BelumSesuai if reason.is_empty() => {
                        return Err(said("error.followup.reject_reason", &[]));
                    }
                    _ => {}
                }
                Some(e.id)
            }
        };
        if entry.is_none() && new.status == FollowUpStatus::TidakDapat && reason.is_empty() {
            return Err(said("error.followup.lawful_reason", &[]));
        }
        let date = date_or_today(&new.date)?;
        self.commit(vec![Payload::FollowUpVerified {
            audit: f.audit,
            finding: f.id,
            recommendation: no,
            entry,
            date,
            status: new.status,
            reason,
            due: None,
        }])?;
        Ok((self.reread(&f)?, no))
    }

    /// Record a status for a finding's recommendation as a whole, as `finding follow-up` does: a
    /// note given is the reason; a due date given is the one that applies from now on (allowed on
    /// a final audit, as all follow-up is).
    pub fn follow_up(
        &mut self,
        finding_key: &str,
        recommendation: Option<u16>,
        status: &str,
        note: Option<&str>,
        due: Option<NaiveDate>,
    ) -> Result<(Finding, u16), AppError> {
        let f = self.resolve_finding(finding_key)?;
        super::correct::ensure_standing(&f)?;
        let no = which_recommendation(&f, recommendation)?;
        let status = FollowUpStatus::parse(status)?;
        let history: History = f.history(no);
        let reason = match note {
            Some(n) => clean(n),
            None => history
                .verifications
                .iter()
                .find(|v| v.entry.is_none())
                .map(|v| v.reason.clone())
                .unwrap_or_default(),
        };
        self.commit(vec![Payload::FollowUpVerified {
            audit: f.audit,
            finding: f.id,
            recommendation: no,
            entry: None,
            date: today(),
            status,
            reason,
            due,
        }])?;
        Ok((self.reread(&f)?, no))
    }

    /// The due date of each of a finding's recommendations (see [`super::audit::followup_due`]).
    pub fn followup_dues(
        &self,
        f: &Finding,
    ) -> Result<std::collections::BTreeMap<u16, Option<NaiveDate>>, AppError> {
        let audit = self
            .store
            .audit(&f.audit)?
            .ok_or_else(|| AppError::UnknownAudit(f.audit.to_string()))?;
        Ok(f.content
            .recommendations
            .iter()
            .map(|r| (r.no, super::audit::followup_due(&audit, f, r.no)))
            .collect())
    }

    /// A finding's follow-up as one line (see [`followup_summary`]).
    pub fn followup_summary(&self, f: &Finding) -> Result<FollowUpSummary, AppError> {
        let audit = self
            .store
            .audit(&f.audit)?
            .ok_or_else(|| AppError::UnknownAudit(f.audit.to_string()))?;
        Ok(followup_summary(&audit, f))
    }

    fn reread(&self, f: &Finding) -> Result<Finding, AppError> {
        self.store
            .finding(&f.id)?
            .ok_or_else(|| AppError::UnknownFinding(f.id.to_string()))
    }
}

/// A finding's follow-up as one line of an export shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpSummary {
    /// The least advanced of its recommendations' statuses.
    pub status: FollowUpStatus,
    /// The latest verification's reason (numbered per recommendation when there are several).
    pub note: String,
    /// The due date (with several recommendations: the earliest of the open ones).
    pub due: Option<NaiveDate>,
}

/// The follow-up of `f` (in `audit`) as one line: for a finding with one recommendation, exactly
/// that recommendation's.
pub fn followup_summary(audit: &crate::domain::model::Audit, f: &Finding) -> FollowUpSummary {
    let recs = &f.content.recommendations;
    let note_of = |no: u16| {
        f.followup
            .get(&no)
            .and_then(History::latest)
            .map(|v| v.reason.clone())
            .unwrap_or_default()
    };
    let due_of = |no: u16| super::audit::followup_due(audit, f, no);
    match recs.as_slice() {
        [one] => FollowUpSummary {
            status: f.status(),
            note: note_of(one.no),
            due: due_of(one.no),
        },
        many => FollowUpSummary {
            status: f.status(),
            note: many
                .iter()
                .filter_map(|r| {
                    let n = note_of(r.no);
                    (!n.is_empty()).then(|| format!("{}. {n}", r.no))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            due: many
                .iter()
                .filter(|r| crate::domain::tlhp::is_open(f.status_of(r.no)))
                .filter_map(|r| due_of(r.no))
                .min()
                .or_else(|| many.iter().filter_map(|r| due_of(r.no)).min()),
        },
    }
}

/// The recommendations a text gives, as an export cell holds them (see
/// [`crate::domain::model::FindingContent::rekomendasi_text`]): numbered lines `1. …` name the
/// recommendations by number (a number the finding lacks is a new one; a line that is not
/// numbered continues the one before); a text without numbers is the finding's one
/// recommendation. What else a recommendation holds (code, official, due date, value) is kept.
pub fn recommendations_from_text(
    current: &[Recommendation],
    text: &str,
) -> Result<Vec<NewRecommendation>, AppError> {
    let numbered = |line: &str| -> Option<(u16, String)> {
        let (n, rest) = line.trim_start().split_once(". ")?;
        Some((n.trim().parse().ok()?, rest.trim().to_string()))
    };
    let keep = |no: u16, text: String| match current.iter().find(|r| r.no == no) {
        Some(r) => NewRecommendation {
            text,
            ..NewRecommendation::from(r)
        },
        None => NewRecommendation {
            no: Some(no),
            ..NewRecommendation::text(text)
        },
    };
    let starts_numbered = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| numbered(l).is_some());
    if !starts_numbered {
        return match current {
            [] => Ok(vec![NewRecommendation::text(text)]),
            [one] => Ok(vec![keep(one.no, text.to_string())]),
            _ => Err(said(
                "error.recommendation.numbered",
                &[("n", &current.len())],
            )),
        };
    }
    let mut out: Vec<(u16, String)> = Vec::new();
    for line in text.lines() {
        match (numbered(line), out.last_mut()) {
            (Some((no, t)), _) => out.push((no, t)),
            (None, Some((_, t))) => {
                if !line.trim().is_empty() {
                    t.push(' ');
                    t.push_str(line.trim());
                }
            }
            (None, None) => {}
        }
    }
    Ok(out.into_iter().map(|(no, t)| keep(no, t)).collect())
}

/// The recommendation `asked` names, or the finding's only one when none is named.
pub fn which_recommendation(f: &Finding, asked: Option<u16>) -> Result<u16, AppError> {
    let recs = &f.content.recommendations;
    match asked {
        Some(no) if recs.iter().any(|r| r.no == no) => Ok(no),
        Some(no) => Err(said(
            "error.recommendation.unknown",
            &[("no", &no), ("list", &numbers(f))],
        )),
        None => match recs.as_slice() {
            [one] => Ok(one.no),
            _ => Err(said(
                "error.recommendation.which",
                &[("n", &recs.len()), ("list", &numbers(f))],
            )),
        },
    }
}

fn numbers(f: &Finding) -> String {
    f.content
        .recommendations
        .iter()
        .map(|r| r.no.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn date_or_today(raw: &str) -> Result<NaiveDate, AppError> {
    match raw.trim() {
        "" => Ok(today()),
        raw => Ok(parse_date(raw)?),
    }
}

/// The start of a text, for a message.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(no: u16, text: &str) -> Recommendation {
        Recommendation {
            no,
            code: "06".into(),
            text: text.into(),
            ..Recommendation::default()
        }
    }

    #[test]
    fn a_cell_of_recommendations_reads_back_by_number() {
        let current = [
            rec(1, "Tetapkan maklumat"),
            rec(3, "Tunjuk penanggung jawab"),
        ];
        let back = recommendations_from_text(
            &current,
            "1. Tetapkan maklumat baru\n3. Tunjuk\n   penanggung jawab\n4. Sosialisasikan",
        )
        .unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(
            (back[0].no, back[0].text.as_str()),
            (Some(1), "Tetapkan maklumat baru")
        );
        assert_eq!(back[0].code, "06", "the code is kept");
        assert_eq!(back[1].text, "Tunjuk penanggung jawab");
        assert_eq!((back[2].no, back[2].code.as_str()), (Some(4), ""));
        // one recommendation: the text is its text, numbered or not
        let one = recommendations_from_text(&current[..1], "Tetapkan segera").unwrap();
        assert_eq!(
            (one[0].no, one[0].text.as_str()),
            (Some(1), "Tetapkan segera")
        );
        // several and no numbers: which is which cannot be told
        assert!(recommendations_from_text(&current, "Tetapkan segera").is_err());
    }

    #[test]
    fn blank_rows_are_blank_and_a_recommendation_reads_back_as_typed() {
        assert!(NewRecommendation::default().is_blank());
        assert!(!NewRecommendation::text("x").is_blank());
        let r = Recommendation {
            no: 3,
            code: "04".into(),
            text: "Setor ke kas daerah".into(),
            official: Official {
                name: "Bendahara".into(),
                position: String::new(),
                nip: None,
            },
            due: NaiveDate::from_ymd_opt(2027, 2, 1),
            value: Some(Rupiah::from_rupiah(1_250_000)),
        };
        let n = NewRecommendation::from(&r);
        assert_eq!(n.no, Some(3));
        assert_eq!(n.due, "2027-02-01");
        assert_eq!(Rupiah::parse(&n.value), Ok(Rupiah::from_rupiah(1_250_000)));
    }
}

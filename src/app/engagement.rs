//! An audit's engagement (penugasan): reading it, and changing it field by field (`audit set`) or whole (the TUI form) as one event with its trail, the team typed as `peran; nama; NIP; pangkat` lines.

use chrono::NaiveDate;

use crate::domain::date::parse_date;
use crate::domain::engagement::{Engagement, Schedule, TeamMember, TeamRole};
use crate::domain::model::Audit;
use crate::domain::nip::Nip;
use crate::domain::phase;
use crate::store::event::Payload;

use super::error::said;
use super::trail::Value;
use super::{today, App, AppError};
use crate::text::{Lang, Strings};

/// A change to an engagement: each `Some` replaces its field (an empty text or list clears it),
/// each `None` leaves it as it is. Dates in any form `periksa` reads (`15/01/2027`,
/// `15 Januari 2027`, `2027-01-15`); days as a whole number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngagementEdit {
    pub assignment_number: Option<String>,
    pub assignment_date: Option<String>,
    pub basis: Option<Vec<String>>,
    pub objective: Option<String>,
    pub scope: Option<String>,
    pub limitations: Option<String>,
    pub methods: Option<Vec<String>>,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub planned_days: Option<String>,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub actual_days: Option<String>,
    pub overview: Option<String>,
    pub conclusion: Option<String>,
    /// One person per line: `peran; nama; NIP; pangkat` (NIP and pangkat may be left out or
    /// blank), or `peran; NIP` for someone on the roster or an auditor profile.
    pub team: Option<Vec<String>>,
    pub report_number: Option<String>,
    pub report_date: Option<String>,
    pub report_nature: Option<String>,
    pub report_attachment: Option<String>,
    pub report_subject: Option<String>,
    pub report_addressee: Option<String>,
}

/// How a stored date is put back in a form field: day first, as Indonesians write it.
const DATE_FORMAT: &str = "%d/%m/%Y";

impl EngagementEdit {
    /// Whether the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == EngagementEdit::default()
    }

    /// Every field of `e`, as a form shows them (saving it unchanged writes nothing).
    pub fn whole(e: &Engagement) -> EngagementEdit {
        let date = |d: Option<NaiveDate>| {
            Some(
                d.map(|d| d.format(DATE_FORMAT).to_string())
                    .unwrap_or_default(),
            )
        };
        let days = |n: Option<u32>| Some(n.map(|n| n.to_string()).unwrap_or_default());
        EngagementEdit {
            assignment_number: Some(e.assignment.number.clone()),
            assignment_date: date(e.assignment.date),
            basis: Some(e.basis.clone()),
            objective: Some(e.objective.clone()),
            scope: Some(e.scope.clone()),
            limitations: Some(e.limitations.clone()),
            methods: Some(e.methods.clone()),
            planned_start: date(e.planned.start),
            planned_end: date(e.planned.end),
            planned_days: days(e.planned.days),
            actual_start: date(e.actual.start),
            actual_end: date(e.actual.end),
            actual_days: days(e.actual.days),
            overview: Some(e.overview.clone()),
            conclusion: Some(e.conclusion.clone()),
            team: Some(e.team.iter().map(member_line).collect()),
            report_number: Some(e.report.number.clone()),
            report_date: date(e.report.date),
            report_nature: Some(e.report.nature.clone()),
            report_attachment: Some(e.report.attachment.clone()),
            report_subject: Some(e.report.subject.clone()),
            report_addressee: Some(e.report.addressee.clone()),
        }
    }
}

/// A team member as one line of the team field: `Ketua Tim; Budi Santoso; 19850315 201001 1 002;
/// Penata (III/c)`.
pub fn member_line(m: &TeamMember) -> String {
    let nip = m.nip.as_ref().map(Nip::grouped).unwrap_or_default();
    let mut parts = vec![
        m.role.label_id().to_string(),
        m.name.clone(),
        nip,
        m.rank.clone(),
    ];
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join("; ")
}

/// A date field: empty clears it.
fn date_field(value: &str) -> Result<Option<NaiveDate>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Ok(Some(parse_date(v)?))
}

/// A number of days: empty clears it.
fn days_field(value: &str) -> Result<Option<u32>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u32>()
        .map(Some)
        .map_err(|_| said("error.engagement.days", &[("found", &v)]))
}

/// Lines typed into one text (a list field of the form): one entry per non-blank line.
pub fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl App {
    /// An audit's engagement as it stands: the surat tugas number the audit was created with
    /// until another is set.
    pub fn engagement(&self, audit: &Audit) -> Result<Engagement, AppError> {
        let mut e = self.store.engagement(&audit.id)?;
        if e.assignment.number.is_empty() {
            e.assignment.number = audit.letter.clone().unwrap_or_default();
        }
        Ok(e)
    }

    /// Change an audit's engagement. Returns it as saved and whether anything changed (the same
    /// values again write nothing). While the audit is final only the LHP's letter block may
    /// change: the rest was approved with the audit.
    pub fn set_engagement(
        &mut self,
        audit_key: &str,
        edit: &EngagementEdit,
    ) -> Result<(Engagement, bool), AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let before = self.engagement(&audit)?;
        let after = self.edited(&before, edit)?.checked()?;
        if after == before {
            return Ok((before, false));
        }
        if after.material() != before.material() {
            phase::ensure_editable(audit.phase)?;
        }
        self.commit(vec![Payload::EngagementSet {
            audit: audit.id,
            engagement: after.clone(),
        }])?;
        Ok((after, true))
    }

    fn edited(&self, e: &Engagement, edit: &EngagementEdit) -> Result<Engagement, AppError> {
        let mut e = e.clone();
        let text = |slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                slot.clone_from(v);
            }
        };
        let list = |slot: &mut Vec<String>, v: &Option<Vec<String>>| {
            if let Some(v) = v {
                slot.clone_from(v);
            }
        };
        let date = |slot: &mut Option<NaiveDate>, v: &Option<String>| -> Result<(), AppError> {
            if let Some(v) = v {
                *slot = date_field(v)?;
            }
            Ok(())
        };
        let schedule = |s: &mut Schedule,
                        start: &Option<String>,
                        end: &Option<String>,
                        days: &Option<String>|
         -> Result<(), AppError> {
            date(&mut s.start, start)?;
            date(&mut s.end, end)?;
            if let Some(d) = days {
                s.days = days_field(d)?;
            }
            Ok(())
        };
        text(&mut e.assignment.number, &edit.assignment_number);
        date(&mut e.assignment.date, &edit.assignment_date)?;
        list(&mut e.basis, &edit.basis);
        text(&mut e.objective, &edit.objective);
        text(&mut e.scope, &edit.scope);
        text(&mut e.limitations, &edit.limitations);
        list(&mut e.methods, &edit.methods);
        schedule(
            &mut e.planned,
            &edit.planned_start,
            &edit.planned_end,
            &edit.planned_days,
        )?;
        schedule(
            &mut e.actual,
            &edit.actual_start,
            &edit.actual_end,
            &edit.actual_days,
        )?;
        text(&mut e.overview, &edit.overview);
        text(&mut e.conclusion, &edit.conclusion);
        if let Some(lines) = &edit.team {
            e.team = lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .enumerate()
                .map(|(i, l)| self.team_member(i + 1, l))
                .collect::<Result<_, _>>()?;
        }
        text(&mut e.report.number, &edit.report_number);
        date(&mut e.report.date, &edit.report_date)?;
        text(&mut e.report.nature, &edit.report_nature);
        text(&mut e.report.attachment, &edit.report_attachment);
        text(&mut e.report.subject, &edit.report_subject);
        text(&mut e.report.addressee, &edit.report_addressee);
        Ok(e)
    }

    /// One line of the team: `peran; nama; NIP; pangkat`, or `peran; NIP` for someone on the
    /// roster or an auditor profile (their name and pangkat come from there).
    fn team_member(&self, n: usize, line: &str) -> Result<TeamMember, AppError> {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let wrong = || {
            said(
                "error.engagement.member_line",
                &[("n", &n), ("line", &line.trim())],
            )
        };
        let role = parts
            .first()
            .map(|r| TeamRole::parse(r))
            .transpose()?
            .ok_or_else(wrong)?;
        let nip_of = |s: &str| -> Result<Option<Nip>, AppError> {
            if s.is_empty() {
                return Ok(None);
            }
            Ok(Some(Nip::parse(s, today())?.nip))
        };
        let looks_like_nip = |s: &str| s.chars().filter(char::is_ascii_digit).count() >= 18;
        let (name, nip, rank) = match parts.as_slice() {
            [_, only] if looks_like_nip(only) => {
                let nip = nip_of(only)?.ok_or_else(wrong)?;
                let (name, rank) = self.known_person(&nip)?.ok_or_else(|| {
                    said(
                        "error.engagement.unknown_nip",
                        &[("n", &n), ("nip", &nip.grouped())],
                    )
                })?;
                (name, Some(nip), rank)
            }
            [_, name] => (name.to_string(), None, String::new()),
            [_, name, third] if looks_like_nip(third) => {
                (name.to_string(), nip_of(third)?, String::new())
            }
            [_, name, rank] => (name.to_string(), None, rank.to_string()),
            [_, name, nip, rank] => (name.to_string(), nip_of(nip)?, rank.to_string()),
            _ => return Err(wrong()),
        };
        // a pangkat left out is taken from the roster when the NIP is there
        let rank = match (&nip, rank.is_empty()) {
            (Some(nip), true) => self.known_person(nip)?.map(|(_, r)| r).unwrap_or_default(),
            _ => rank,
        };
        Ok(TeamMember {
            role,
            name,
            nip,
            rank,
        })
    }

    /// The name and pangkat of a NIP on the roster, else of an auditor profile (no pangkat).
    fn known_person(&self, nip: &Nip) -> Result<Option<(String, String)>, AppError> {
        if let Some(e) = self.store.employee(nip.as_str())? {
            return Ok(Some((e.name, e.rank)));
        }
        Ok(self
            .store
            .profiles()?
            .into_iter()
            .find(|p| p.nip.as_ref() == Some(nip))
            .map(|p| (p.name, String::new())))
    }
}

/// An engagement's parts as the views show them: (label key under `engagement.`, value in the
/// language of `t`), in the LHP's order, the empty ones included (as an empty text). The same
/// words as the trail's before → after lines.
pub fn engagement_parts(e: &Engagement, t: &Strings) -> Vec<(&'static str, String)> {
    super::trail::engagement_fields(e)
        .into_iter()
        .map(|(field, value)| {
            let shown = match value {
                Value::Empty => String::new(),
                Value::Text(s) => s,
                Value::Word(id, en) => match t.lang {
                    Lang::Id => id,
                    Lang::En => en,
                },
                Value::Date(d) => t.date(d),
            };
            (field.label_key(), shown)
        })
        .collect()
}

/// A team member as the views and the LHP name them: `Ketua Tim: Budi Santoso, NIP 19850315
/// 201001 1 002, Penata (III/c)` (the role in the language of `t`).
pub fn team_line(m: &TeamMember, t: &Strings) -> String {
    let role = match t.lang {
        Lang::Id => m.role.label_id(),
        Lang::En => m.role.label_en(),
    };
    let mut s = format!("{role}: {}", m.name);
    if let Some(nip) = &m.nip {
        s.push_str(&format!(", NIP {}", nip.grouped()));
    }
    if !m.rank.is_empty() {
        s.push_str(", ");
        s.push_str(&m.rank);
    }
    s
}

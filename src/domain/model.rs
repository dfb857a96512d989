//! The records of an audit store: agencies, employees, auditor profiles, audits, responses, findings
//! and rating recommendations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::followup::{Berakhlak, FollowUpAction, FollowUpStatus, Severity};
use super::money::Rupiah;
use super::nip::Nip;
use super::period::Period;
use super::phase::{Phase, Role, SignOff};
use super::rating::{Predikat, RatingLevel};
use super::score::Answer;
use super::tlhp::History;
use super::Id;

/// An agency (OPD) under audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub region: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmploymentKind {
    Pns,
    Pppk,
}

/// A civil servant (ASN) on an agency's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    pub nip: Nip,
    pub name: String,
    pub position: String,
    pub rank: String,
    pub unit: String,
    pub agency: String,
    pub kind: EmploymentKind,
}

/// The person at this laptop; every event names the profile that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: Id,
    pub name: String,
    pub nip: Option<Nip>,
    pub role: Role,
}

/// An audit (pemeriksaan) of one agency against one pinned checklist template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub id: Id,
    pub title: String,
    pub agency: String,
    pub template_id: String,
    pub template_hash: [u8; 32],
    pub letter: Option<String>,
    pub period: Option<Period>,
    pub lead: Id,
    pub phase: Phase,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub signoffs: Vec<SignOff>,
    /// Reasons given each time the final audit was reopened, oldest first.
    pub reopened: Vec<Reopen>,
    /// Days the auditee has for follow-up, fixed when the audit became final.
    pub finalised_at: Option<DateTime<Utc>>,
    pub followup_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopen {
    pub at: DateTime<Utc>,
    pub by: Id,
    pub reason: String,
}

/// A reference to a piece of evidence: its file name and SHA-256; the file itself stays where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub name: String,
    pub sha256: [u8; 32],
    pub note: String,
}

/// What the auditor recorded for one checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub audit: Id,
    pub item: String,
    pub answer: Option<Answer>,
    pub note: String,
    pub evidence: Vec<Evidence>,
    pub by: Id,
    pub at: DateTime<Utc>,
}

/// Why and by whom a record was withdrawn (it leaves lists and exports; its events stay in the
/// trail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    pub by: Id,
    pub reason: String,
}

/// The official responsible for acting on a recommendation (penanggung jawab).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub name: String,
    pub position: String,
    pub nip: Option<Nip>,
}

impl Official {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.position.is_empty() && self.nip.is_none()
    }

    /// `name, position`, leaving out what is not given (empty when neither is).
    pub fn label(&self) -> String {
        match (self.name.trim(), self.position.trim()) {
            ("", p) => p.to_string(),
            (n, "") => n.to_string(),
            (n, p) => format!("{n}, {p}"),
        }
    }
}

/// One recommendation of a finding, with what the register needs of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Its number in the finding (1, 2, …): given when it is added and never reused, so a
    /// follow-up names it across edits and laptops.
    pub no: u16,
    /// Kode rekomendasi (from the code tables; may be empty).
    pub code: String,
    pub text: String,
    pub official: Official,
    /// A due date set for this recommendation; without it, the final date plus the deadline.
    pub due: Option<NaiveDate>,
    /// Nilai temuan or kerugian where the recommendation is about money.
    pub value: Option<Rupiah>,
}

impl Recommendation {
    /// A recommendation that is only its text (as every one was before they had codes, a
    /// responsible official, a due date and a value).
    pub fn is_plain(&self) -> bool {
        self.code.is_empty()
            && self.official.is_empty()
            && self.due.is_none()
            && self.value.is_none()
    }
}

/// What a finding says, as the team writes it: the one shape of its content, in the record, in
/// the events that raise and change it, in the forms and in every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingContent {
    /// The checklist items it concerns.
    pub items: Vec<String>,
    pub title: String,
    /// Kode temuan (may be empty).
    pub code: String,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    /// Kode sebab (may be empty).
    pub cause_code: String,
    pub akibat: String,
    /// One or more, each numbered for good.
    pub recommendations: Vec<Recommendation>,
    /// The auditee's response (tanggapan auditan).
    pub tanggapan: String,
    pub severity: Severity,
    /// The ASN involved.
    pub nips: Vec<Nip>,
}

impl FindingContent {
    /// The recommendations' texts as one text: the text alone when there is one, else numbered
    /// lines (`1. …`), as an export cell or a trail line shows them.
    pub fn rekomendasi_text(&self) -> String {
        match self.recommendations.as_slice() {
            [one] => one.text.clone(),
            many => many
                .iter()
                .map(|r| format!("{}. {}", r.no, r.text))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The recommendation numbered `no`.
    pub fn recommendation(&self, no: u16) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.no == no)
    }

    /// The number the next recommendation added gets.
    pub fn next_no(&self) -> u16 {
        self.recommendations
            .iter()
            .map(|r| r.no)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }
}

/// A finding (temuan) with its five elements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: Id,
    pub audit: Id,
    pub content: FindingContent,
    /// Each recommendation's follow-up, by its number.
    pub followup: BTreeMap<u16, History>,
    pub created_by: Id,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set while the finding is withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

impl Finding {
    /// The follow-up of recommendation `no` (empty when nothing was recorded).
    pub fn history(&self, no: u16) -> History {
        self.followup.get(&no).cloned().unwrap_or_default()
    }

    /// The status of recommendation `no`.
    pub fn status_of(&self, no: u16) -> FollowUpStatus {
        self.followup
            .get(&no)
            .map(History::status)
            .unwrap_or(FollowUpStatus::BelumDitindaklanjuti)
    }

    /// The finding's status as lists show it: the least advanced of its recommendations' (3,
    /// then 2, then 1, then 4); 3 without any.
    pub fn status(&self) -> FollowUpStatus {
        use FollowUpStatus as S;
        let all: Vec<S> = self
            .content
            .recommendations
            .iter()
            .map(|r| self.status_of(r.no))
            .collect();
        [
            S::BelumDitindaklanjuti,
            S::BelumSesuai,
            S::Sesuai,
            S::TidakDapat,
        ]
        .into_iter()
        .find(|s| all.contains(s))
        .unwrap_or(S::BelumDitindaklanjuti)
    }
}

/// What a rating recommendation says, as the team writes it: the one shape of its content, in the
/// record, in the events that make and change it, and in the forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingContent {
    pub nip: Nip,
    pub period: Period,
    pub hasil: RatingLevel,
    pub perilaku: RatingLevel,
    pub berakhlak: Vec<(Berakhlak, String)>,
    pub justification: String,
    /// The findings it rests on.
    pub findings: Vec<Id>,
    pub action: FollowUpAction,
}

/// A rating recommendation for one ASN; the predikat is derived from the matrix, never typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub id: Id,
    pub audit: Id,
    pub content: RatingContent,
    /// Derived from `content.hasil` × `content.perilaku` by the matrix.
    pub predikat: Predikat,
    pub is_final: bool,
    pub created_by: Id,
    pub created_at: DateTime<Utc>,
    /// When the recommendation was last changed (an edit or a replacement).
    pub updated_at: DateTime<Utc>,
    /// Set while the recommendation is withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

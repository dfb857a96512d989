//! The records of an audit store: agencies, employees, auditor profiles, audits, responses, findings
//! and rating recommendations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::followup::{Berakhlak, FollowUpAction, FollowUpStatus, Severity};
use super::nip::Nip;
use super::period::Period;
use super::phase::{Phase, Role, SignOff};
use super::rating::{Predikat, RatingLevel};
use super::score::Answer;
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

/// Follow-up (tindak lanjut) of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub status: FollowUpStatus,
    pub note: String,
    pub due: Option<NaiveDate>,
    pub at: DateTime<Utc>,
    pub by: Id,
}

/// Why and by whom a record was withdrawn (it leaves lists and exports; its events stay in the
/// trail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    pub by: Id,
    pub reason: String,
}

/// What a finding says, as the team writes it: the one shape of its content, in the record, in
/// the events that raise and change it, in the forms and in every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingContent {
    /// The checklist items it concerns.
    pub items: Vec<String>,
    pub title: String,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    pub akibat: String,
    pub rekomendasi: String,
    /// The auditee's response (tanggapan auditan).
    pub tanggapan: String,
    pub severity: Severity,
    /// The ASN involved.
    pub nips: Vec<Nip>,
}

/// A finding (temuan) with its five elements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: Id,
    pub audit: Id,
    pub content: FindingContent,
    pub followup: FollowUp,
    pub created_by: Id,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set while the finding is withdrawn.
    pub withdrawn: Option<Withdrawal>,
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

//! Events: the unit of change, their payloads as this build works with them, and the BLAKE3 hash chain that makes them tamper-evident.
//!
//! How an event is stored, and how every past version of a payload becomes today's [`Payload`],
//! is [`super::wire`]'s: nothing here is encoded directly.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::codec::CodecError;
use crate::domain::engagement::{Engagement, EngagementDefaults};
use crate::domain::followup::FollowUpStatus;
use crate::domain::model::{Agency, Employee, Evidence, FindingContent, Profile, RatingContent};
use crate::domain::money::Rupiah;
use crate::domain::period::Period;
use crate::domain::phase::{Phase, Role};
use crate::domain::score::Answer;
use crate::domain::skm::SurveyRecord;
use crate::domain::template::{ComputedItem, NumberLimit, Template};
use crate::domain::Id;

pub type Hash = [u8; 32];

/// The hash a device chain starts from.
pub const GENESIS: Hash = [0u8; 32];

/// What happened. Each variant is one kind of change; its fields are all the change needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// First event of every device chain: binds the device id to its Ed25519 public key.
    DeviceRegistered {
        public_key: [u8; 32],
        name: String,
    },
    ProfileAdded(Profile),
    AgencyUpserted(Agency),
    EmployeeUpserted(Employee),
    TemplateImported {
        hash: Hash,
        template: Template,
    },
    AuditCreated {
        id: Id,
        title: String,
        agency: String,
        template_id: String,
        template_hash: Hash,
        letter: Option<String>,
        period: Option<Period>,
    },
    /// The full new state of one response (answer, note, evidence).
    ResponseRecorded {
        audit: Id,
        item: String,
        answer: Option<Answer>,
        note: String,
        evidence: Vec<Evidence>,
    },
    PhaseChanged {
        audit: Id,
        from: Phase,
        to: Phase,
        reason: Option<String>,
        /// Follow-up deadline in days, fixed when the audit becomes final.
        followup_days: Option<u32>,
    },
    SignedOff {
        audit: Id,
        role: Role,
        state_hash: Hash,
    },
    FindingRaised {
        id: Id,
        audit: Id,
        content: FindingContent,
    },
    FollowUpRecorded {
        finding: Id,
        audit: Id,
        status: FollowUpStatus,
        note: String,
        due: Option<NaiveDate>,
    },
    RatingRecommended {
        id: Id,
        audit: Id,
        content: RatingContent,
    },
    /// The full new content of a finding (its follow-up is untouched: that is `FollowUpRecorded`).
    FindingUpdated {
        id: Id,
        audit: Id,
        content: FindingContent,
    },
    /// The lead settles a conflict: `value` (one of the competing values, restated, or the
    /// shown one with texts the lead merged from the versions) becomes the record's state, and
    /// the competing versions in `merged` stop being open. Its `base` is the version that was
    /// winning.
    ConflictResolved {
        merged: Vec<Hash>,
        value: Box<Payload>,
    },
    /// A findings file was merged into this store: which file, from which device and key.
    FileImported {
        file_hash: Hash,
        sender: Id,
        sender_name: String,
        sender_key: [u8; 32],
        audit: Id,
        events: u64,
        stubs: u64,
        encrypted: bool,
    },
    // Corrections (issue 13). New kinds are only ever added at the end: the variant's position is
    // its number in the stored bytes.
    /// The full new content of a rating recommendation: an edit, or a second recommendation for
    /// the same (audit, NIP, period) that replaces the first. `reason` says why.
    RatingUpdated {
        id: Id,
        audit: Id,
        content: RatingContent,
        reason: String,
    },
    /// A rating recommendation withdrawn: out of lists, checks and exports, kept in the trail.
    RatingWithdrawn {
        id: Id,
        audit: Id,
        reason: String,
    },
    /// A finding withdrawn: out of lists and exports, kept in the trail.
    FindingWithdrawn {
        id: Id,
        audit: Id,
        reason: String,
    },
    /// A sign-off withdrawn by the person who gave it, while no later role has signed.
    SignOffWithdrawn {
        audit: Id,
        role: Role,
        reason: String,
    },
    /// A response corrected with a reason (an answer cleared, an evidence reference removed): the
    /// full new state, as `ResponseRecorded`.
    ResponseCorrected {
        audit: Id,
        item: String,
        answer: Option<Answer>,
        note: String,
        evidence: Vec<Evidence>,
        reason: String,
    },
    /// The ranges of a template's number items (`min`/`max` in its file), saved with the template
    /// they belong to (its hash covers them).
    TemplateLimits {
        hash: Hash,
        limits: Vec<NumberLimit>,
    },
    // Kinds added after format 1 (issue 15 on): they exist only in form 2, each with its own
    // frozen payload versions in `wire::added`.
    /// The full new state of an audit's engagement (surat tugas, dasar, tujuan, team, LHP letter
    /// block, …), as `FindingUpdated` is for a finding.
    EngagementSet {
        audit: Id,
        engagement: Engagement,
    },
    /// What a checklist template gives a new audit's engagement (dasar, tujuan, ruang lingkup,
    /// metodologi), saved with the template it belongs to (its hash covers them).
    TemplateDefaults {
        hash: Hash,
        defaults: EngagementDefaults,
    },
    /// What the auditee did about one recommendation of a finding (an entry of its follow-up
    /// history). Entries are a set: two laptops recording one each keep both.
    FollowUpReported {
        audit: Id,
        finding: Id,
        recommendation: u16,
        entry: FollowUpEntry,
    },
    /// The inspectorate's verification: of one entry (Diterima with 1 or 4, Ditolak with 2 and a
    /// reason) or, without an entry, of the recommendation as a whole. Competing verifications of
    /// the same entry are a conflict.
    FollowUpVerified {
        audit: Id,
        finding: Id,
        recommendation: u16,
        entry: Option<Id>,
        date: NaiveDate,
        status: FollowUpStatus,
        reason: String,
        /// A due date set (or moved) with this status; none keeps the one that applies.
        due: Option<NaiveDate>,
    },
    /// The items of a template whose answers Periksa works out (`computed = "ikm"`), saved with the
    /// template they belong to (its hash covers them).
    TemplateComputed {
        hash: Hash,
        items: Vec<ComputedItem>,
    },
    /// A public-satisfaction survey (SKM) recorded with an audit: its file, respondents, totals
    /// per unsur and IKM. One per (audit, item): a later import replaces it.
    SurveyRecorded {
        audit: Id,
        survey: SurveyRecord,
    },
    /// An event of a kind or version a newer Periksa wrote: kept, checked and passed on as it is,
    /// not projected until an update can read it.
    Unknown(Unknown),
}

/// An entry of a recommendation's follow-up as an event carries it (who and when are the
/// event's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpEntry {
    pub id: Id,
    pub date: NaiveDate,
    pub action: String,
    pub evidence: Vec<String>,
    pub returned: Option<Rupiah>,
}

/// A payload this build cannot read, as it was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub kind: u16,
    pub version: u16,
    /// The audit its envelope names.
    pub audit: Option<Id>,
    pub data: Vec<u8>,
}

/// Stable small numbers for the kinds of event, used in the kind index. Never reuse a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    DeviceRegistered = 1,
    ProfileAdded = 2,
    AgencyUpserted = 3,
    EmployeeUpserted = 4,
    TemplateImported = 5,
    AuditCreated = 6,
    ResponseRecorded = 7,
    PhaseChanged = 8,
    SignedOff = 9,
    FindingRaised = 10,
    FollowUpRecorded = 11,
    RatingRecommended = 12,
    FindingUpdated = 13,
    ConflictResolved = 14,
    FileImported = 15,
    RatingUpdated = 16,
    RatingWithdrawn = 17,
    FindingWithdrawn = 18,
    SignOffWithdrawn = 19,
    ResponseCorrected = 20,
    TemplateLimits = 21,
    EngagementSet = 22,
    TemplateDefaults = 23,
    FollowUpReported = 24,
    FollowUpVerified = 25,
    TemplateComputed = 26,
    SurveyRecorded = 27,
    /// Not a stored number: an event of a kind or version this build does not know.
    Unknown = 255,
}

impl Kind {
    pub const ALL: [Kind; 27] = [
        Kind::DeviceRegistered,
        Kind::ProfileAdded,
        Kind::AgencyUpserted,
        Kind::EmployeeUpserted,
        Kind::TemplateImported,
        Kind::AuditCreated,
        Kind::ResponseRecorded,
        Kind::PhaseChanged,
        Kind::SignedOff,
        Kind::FindingRaised,
        Kind::FollowUpRecorded,
        Kind::RatingRecommended,
        Kind::FindingUpdated,
        Kind::ConflictResolved,
        Kind::FileImported,
        Kind::RatingUpdated,
        Kind::RatingWithdrawn,
        Kind::FindingWithdrawn,
        Kind::SignOffWithdrawn,
        Kind::ResponseCorrected,
        Kind::TemplateLimits,
        Kind::EngagementSet,
        Kind::TemplateDefaults,
        Kind::FollowUpReported,
        Kind::FollowUpVerified,
        Kind::TemplateComputed,
        Kind::SurveyRecorded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::DeviceRegistered => "device.registered",
            Kind::ProfileAdded => "profile.added",
            Kind::AgencyUpserted => "agency.upserted",
            Kind::EmployeeUpserted => "employee.upserted",
            Kind::TemplateImported => "template.imported",
            Kind::AuditCreated => "audit.created",
            Kind::ResponseRecorded => "response.recorded",
            Kind::PhaseChanged => "phase.changed",
            Kind::SignedOff => "signed.off",
            Kind::FindingRaised => "finding.raised",
            Kind::FollowUpRecorded => "followup.recorded",
            Kind::RatingRecommended => "rating.recommended",
            Kind::FindingUpdated => "finding.updated",
            Kind::ConflictResolved => "conflict.resolved",
            Kind::FileImported => "file.imported",
            Kind::RatingUpdated => "rating.updated",
            Kind::RatingWithdrawn => "rating.withdrawn",
            Kind::FindingWithdrawn => "finding.withdrawn",
            Kind::SignOffWithdrawn => "signoff.withdrawn",
            Kind::ResponseCorrected => "response.corrected",
            Kind::TemplateLimits => "template.limits",
            Kind::EngagementSet => "engagement.set",
            Kind::TemplateDefaults => "template.defaults",
            Kind::FollowUpReported => "followup.reported",
            Kind::FollowUpVerified => "followup.verified",
            Kind::TemplateComputed => "template.computed",
            Kind::SurveyRecorded => "survey.recorded",
            Kind::Unknown => "unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn from_u8(n: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| *k as u8 == n)
    }
}

impl Payload {
    pub fn kind(&self) -> Kind {
        match self {
            Payload::DeviceRegistered { .. } => Kind::DeviceRegistered,
            Payload::ProfileAdded(_) => Kind::ProfileAdded,
            Payload::AgencyUpserted(_) => Kind::AgencyUpserted,
            Payload::EmployeeUpserted(_) => Kind::EmployeeUpserted,
            Payload::TemplateImported { .. } => Kind::TemplateImported,
            Payload::AuditCreated { .. } => Kind::AuditCreated,
            Payload::ResponseRecorded { .. } => Kind::ResponseRecorded,
            Payload::PhaseChanged { .. } => Kind::PhaseChanged,
            Payload::SignedOff { .. } => Kind::SignedOff,
            Payload::FindingRaised { .. } => Kind::FindingRaised,
            Payload::FollowUpRecorded { .. } => Kind::FollowUpRecorded,
            Payload::RatingRecommended { .. } => Kind::RatingRecommended,
            Payload::FindingUpdated { .. } => Kind::FindingUpdated,
            Payload::ConflictResolved { .. } => Kind::ConflictResolved,
            Payload::FileImported { .. } => Kind::FileImported,
            Payload::RatingUpdated { .. } => Kind::RatingUpdated,
            Payload::RatingWithdrawn { .. } => Kind::RatingWithdrawn,
            Payload::FindingWithdrawn { .. } => Kind::FindingWithdrawn,
            Payload::SignOffWithdrawn { .. } => Kind::SignOffWithdrawn,
            Payload::ResponseCorrected { .. } => Kind::ResponseCorrected,
            Payload::TemplateLimits { .. } => Kind::TemplateLimits,
            Payload::EngagementSet { .. } => Kind::EngagementSet,
            Payload::TemplateDefaults { .. } => Kind::TemplateDefaults,
            Payload::FollowUpReported { .. } => Kind::FollowUpReported,
            Payload::FollowUpVerified { .. } => Kind::FollowUpVerified,
            Payload::TemplateComputed { .. } => Kind::TemplateComputed,
            Payload::SurveyRecorded { .. } => Kind::SurveyRecorded,
            Payload::Unknown(_) => Kind::Unknown,
        }
    }

    /// The audit an event belongs to, if any (for the trail's audit index).
    pub fn audit(&self) -> Option<Id> {
        match self {
            Payload::AuditCreated { id, .. } => Some(*id),
            Payload::ResponseRecorded { audit, .. }
            | Payload::PhaseChanged { audit, .. }
            | Payload::SignedOff { audit, .. }
            | Payload::FindingRaised { audit, .. }
            | Payload::FindingUpdated { audit, .. }
            | Payload::FollowUpRecorded { audit, .. }
            | Payload::RatingRecommended { audit, .. }
            | Payload::FileImported { audit, .. }
            | Payload::RatingUpdated { audit, .. }
            | Payload::RatingWithdrawn { audit, .. }
            | Payload::FindingWithdrawn { audit, .. }
            | Payload::SignOffWithdrawn { audit, .. }
            | Payload::ResponseCorrected { audit, .. }
            | Payload::EngagementSet { audit, .. }
            | Payload::FollowUpReported { audit, .. }
            | Payload::FollowUpVerified { audit, .. }
            | Payload::SurveyRecorded { audit, .. } => Some(*audit),
            Payload::ConflictResolved { value, .. } => value.audit(),
            Payload::Unknown(u) => u.audit,
            _ => None,
        }
    }
}

/// What an event says: the part its content hash is taken over (in its stored form).
#[derive(Debug, Clone, PartialEq)]
pub struct EventBody {
    pub id: Id,
    pub device: Id,
    /// Position in the device's chain, from 1.
    pub seq: u64,
    /// The auditor profile that made the change.
    pub actor: Id,
    /// Milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    /// The hash of the last event this change saw for the record it changes.
    pub base: Option<Hash>,
    pub payload: Payload,
}

/// An event travelling without its body (in a findings file, for events of other audits): enough to
/// keep its device's chain verifiable without disclosing what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stub {
    pub device: Id,
    pub seq: u64,
    pub content_hash: Hash,
    pub prev_hash: Hash,
    pub hash: Hash,
}

impl Stub {
    pub fn of(event: &Event) -> Stub {
        Stub {
            device: event.body.device,
            seq: event.body.seq,
            content_hash: event.content_hash,
            prev_hash: event.prev_hash,
            hash: event.hash,
        }
    }

    /// Whether the hash is the chain hash of the previous hash and the content hash.
    pub fn links(&self) -> bool {
        chain_hash(&self.prev_hash, &self.content_hash) == self.hash
    }
}

/// A sealed event: its body plus the hash chain, and the bytes it is stored as.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What the stored body says, in today's types.
    pub body: EventBody,
    /// BLAKE3 of the stored body bytes.
    pub content_hash: Hash,
    pub prev_hash: Hash,
    pub hash: Hash,
    pub stored: Stored,
}

/// An event's body as stored: the content hash covers exactly these bytes, which are written back
/// unchanged wherever the event goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub form: Form,
    pub body: Vec<u8>,
    /// Bytes after the chain in a form-2 record (not hashed; kept as they are).
    pub trailer: Vec<u8>,
}

/// The two record forms (see [`super::wire`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Written before issue 14: the format-1 body.
    One,
    /// The versioned envelope.
    Two,
}

pub fn chain_hash(prev: &Hash, content: &Hash) -> Hash {
    let mut h = blake3::Hasher::new();
    h.update(prev);
    h.update(content);
    *h.finalize().as_bytes()
}

impl Event {
    /// Seal a body onto the end of a chain whose last hash is `prev_hash` (stored in form 2).
    pub fn seal(body: EventBody, prev_hash: Hash) -> Result<Event, CodecError> {
        let bytes = super::wire::encode_body(&body)?;
        let content_hash = *blake3::hash(&bytes).as_bytes();
        let hash = chain_hash(&prev_hash, &content_hash);
        Ok(Event {
            body,
            content_hash,
            prev_hash,
            hash,
            stored: Stored {
                form: Form::Two,
                body: bytes,
                trailer: Vec::new(),
            },
        })
    }

    /// Whether the stored hashes match the stored body (the link to the previous event is checked
    /// by the walker). The bytes are hashed as they are stored, never re-encoded.
    pub fn hashes_match(&self) -> Result<bool, CodecError> {
        Ok(
            *blake3::hash(&self.stored.body).as_bytes() == self.content_hash
                && chain_hash(&self.prev_hash, &self.content_hash) == self.hash,
        )
    }

    /// Whether this build cannot read the event (a newer Periksa wrote it).
    pub fn is_unknown(&self) -> bool {
        matches!(self.body.payload, Payload::Unknown(_))
    }

    pub fn kind(&self) -> Kind {
        self.body.payload.kind()
    }

    pub fn at(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.body.at_ms)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// Short hex form of a hash for people (first 12 hex digits).
pub fn short_hash(h: &Hash) -> String {
    hex::encode(&h[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(seq: u64) -> EventBody {
        EventBody {
            id: Id::from_u128(seq as u128),
            device: Id::from_u128(7),
            seq,
            actor: Id::from_u128(9),
            at_ms: 1_764_000_000_000 + seq as i64,
            base: None,
            payload: Payload::AgencyUpserted(Agency {
                code: "DINKES".into(),
                name: "Dinas Kesehatan".into(),
                kind: "Dinas".into(),
                region: "Kabupaten Sukamaju".into(),
            }),
        }
    }

    #[test]
    fn chain_links_and_detects_changes() {
        let a = Event::seal(body(1), GENESIS).unwrap();
        let b = Event::seal(body(2), a.hash).unwrap();
        assert!(a.hashes_match().unwrap() && b.hashes_match().unwrap());
        assert_eq!(b.prev_hash, a.hash);
        // a changed byte of what is stored (the actor's id is in the body) breaks the hashes
        let mut forged = b.clone();
        let at = forged
            .stored
            .body
            .windows(16)
            .position(|w| w == Id::from_u128(9).as_bytes())
            .unwrap();
        forged.stored.body[at + 15] ^= 1;
        assert!(!forged.hashes_match().unwrap());
        let mut relinked = b;
        relinked.prev_hash = GENESIS;
        assert!(!relinked.hashes_match().unwrap());
    }

    #[test]
    fn kind_codes_are_unique_and_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
            assert_eq!(Kind::from_u8(k as u8), Some(k));
        }
    }
}

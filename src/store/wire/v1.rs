//! The payloads of format 1 as they were stored, frozen: never edit a type here, only convert it.
//!
//! Until issue 14 the journal held bincode of the domain structs themselves, and bincode is
//! positional: these copies keep the exact field and variant order of that build, so every event
//! written since the first release decodes, and the conversions below carry it into today's types
//! (and today's types back, for kinds whose current version is still 1). A domain type that gains
//! a field or a variant no longer changes what is stored: the conversion stops compiling, and the
//! kind gets a new payload version in [`super`] instead.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::followup as fu;
use crate::domain::model as m;
use crate::domain::nip::Nip as DomainNip;
use crate::domain::period as pe;
use crate::domain::phase as ph;
use crate::domain::rating as ra;
use crate::domain::score as sc;
use crate::domain::template as te;
use crate::domain::Id;
use crate::store::event::{Hash, Payload as Current};

/// Mirror a field-less enum: the frozen copy and both conversions, every variant named, so a new
/// domain variant is a compile error here.
macro_rules! mirror {
    ($name:ident = $path:path { $($v:ident),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
        pub enum $name { $($v),* }
        impl From<$name> for $path {
            fn from(v: $name) -> Self {
                use $path as D;
                match v { $($name::$v => D::$v),* }
            }
        }
        impl From<$path> for $name {
            fn from(v: $path) -> Self {
                use $path as D;
                match v { $(D::$v => $name::$v),* }
            }
        }
    };
}

mirror!(
    Role = ph::Role {
        Member,
        Lead,
        Technical,
        Quality
    }
);
mirror!(
    Phase = ph::Phase {
        Planning,
        Fieldwork,
        Review,
        Final
    }
);
mirror!(Severity = fu::Severity { Low, Medium, High });
mirror!(
    FollowUpStatus = fu::FollowUpStatus {
        Sesuai,
        BelumSesuai,
        BelumDitindaklanjuti,
        TidakDapat
    }
);
mirror!(
    Berakhlak = fu::Berakhlak {
        BerorientasiPelayanan,
        Akuntabel,
        Kompeten,
        Harmonis,
        Loyal,
        Adaptif,
        Kolaboratif
    }
);
mirror!(
    DisciplinePenalty = fu::DisciplinePenalty {
        TeguranLisan,
        TeguranTertulis,
        PernyataanTidakPuas,
        PotonganTukin6Bulan,
        PotonganTukin9Bulan,
        PotonganTukin12Bulan,
        PenurunanJabatan,
        PembebasanJabatan,
        Pemberhentian
    }
);
mirror!(
    RatingLevel = ra::RatingLevel {
        Above,
        Meets,
        Below
    }
);
mirror!(EmploymentKind = m::EmploymentKind { Pns, Pppk });
mirror!(
    AnswerKind = te::AnswerKind {
        Compliance,
        Score,
        YesNo,
        Number
    }
);

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum FollowUpAction {
    None,
    Pembinaan,
    Pelatihan,
    Disiplin(DisciplinePenalty),
}

impl From<FollowUpAction> for fu::FollowUpAction {
    fn from(v: FollowUpAction) -> Self {
        match v {
            FollowUpAction::None => Self::None,
            FollowUpAction::Pembinaan => Self::Pembinaan,
            FollowUpAction::Pelatihan => Self::Pelatihan,
            FollowUpAction::Disiplin(p) => Self::Disiplin(p.into()),
        }
    }
}
impl From<fu::FollowUpAction> for FollowUpAction {
    fn from(v: fu::FollowUpAction) -> Self {
        match v {
            fu::FollowUpAction::None => Self::None,
            fu::FollowUpAction::Pembinaan => Self::Pembinaan,
            fu::FollowUpAction::Pelatihan => Self::Pelatihan,
            fu::FollowUpAction::Disiplin(p) => Self::Disiplin(p.into()),
        }
    }
}

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

impl From<Answer> for sc::Answer {
    fn from(v: Answer) -> Self {
        match v {
            Answer::Compliant => Self::Compliant,
            Answer::Partial => Self::Partial,
            Answer::Noncompliant => Self::Noncompliant,
            Answer::NotApplicable => Self::NotApplicable,
            Answer::Score(s) => Self::Score(s),
            Answer::Yes => Self::Yes,
            Answer::No => Self::No,
            Answer::Number(n) => Self::Number(n),
        }
    }
}
impl From<sc::Answer> for Answer {
    fn from(v: sc::Answer) -> Self {
        match v {
            sc::Answer::Compliant => Self::Compliant,
            sc::Answer::Partial => Self::Partial,
            sc::Answer::Noncompliant => Self::Noncompliant,
            sc::Answer::NotApplicable => Self::NotApplicable,
            sc::Answer::Score(s) => Self::Score(s),
            sc::Answer::Yes => Self::Yes,
            sc::Answer::No => Self::No,
            sc::Answer::Number(n) => Self::Number(n),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Period {
    Year(u16),
    Semester(u16, u8),
    Quarter(u16, u8),
    Month(u16, u8),
}

impl From<Period> for pe::Period {
    fn from(v: Period) -> Self {
        match v {
            Period::Year(y) => Self::Year(y),
            Period::Semester(y, n) => Self::Semester(y, n),
            Period::Quarter(y, n) => Self::Quarter(y, n),
            Period::Month(y, n) => Self::Month(y, n),
        }
    }
}
impl From<pe::Period> for Period {
    fn from(v: pe::Period) -> Self {
        match v {
            pe::Period::Year(y) => Self::Year(y),
            pe::Period::Semester(y, n) => Self::Semester(y, n),
            pe::Period::Quarter(y, n) => Self::Quarter(y, n),
            pe::Period::Month(y, n) => Self::Month(y, n),
        }
    }
}

/// A NIP as stored: its 18 digits, validated when it was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nip(pub String);

impl From<Nip> for DomainNip {
    fn from(v: Nip) -> Self {
        DomainNip::from_stored(v.0)
    }
}
impl From<DomainNip> for Nip {
    fn from(v: DomainNip) -> Self {
        Nip(v.as_str().to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: Id,
    pub name: String,
    pub nip: Option<Nip>,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub region: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Employee {
    pub nip: Nip,
    pub name: String,
    pub position: String,
    pub rank: String,
    pub unit: String,
    pub agency: String,
    pub kind: EmploymentKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub name: String,
    pub sha256: [u8; 32],
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub title: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub text: String,
    pub guidance: String,
    pub criteria: String,
    pub weight: u32,
    pub answer: AnswerKind,
    pub evidence_required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberLimit {
    pub item: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl From<Profile> for m::Profile {
    fn from(v: Profile) -> Self {
        m::Profile {
            id: v.id,
            name: v.name,
            nip: v.nip.map(Into::into),
            role: v.role.into(),
        }
    }
}
impl From<m::Profile> for Profile {
    fn from(v: m::Profile) -> Self {
        Profile {
            id: v.id,
            name: v.name,
            nip: v.nip.map(Into::into),
            role: v.role.into(),
        }
    }
}

impl From<Agency> for m::Agency {
    fn from(v: Agency) -> Self {
        m::Agency {
            code: v.code,
            name: v.name,
            kind: v.kind,
            region: v.region,
        }
    }
}
impl From<m::Agency> for Agency {
    fn from(v: m::Agency) -> Self {
        Agency {
            code: v.code,
            name: v.name,
            kind: v.kind,
            region: v.region,
        }
    }
}

impl From<Employee> for m::Employee {
    fn from(v: Employee) -> Self {
        m::Employee {
            nip: v.nip.into(),
            name: v.name,
            position: v.position,
            rank: v.rank,
            unit: v.unit,
            agency: v.agency,
            kind: v.kind.into(),
        }
    }
}
impl From<m::Employee> for Employee {
    fn from(v: m::Employee) -> Self {
        Employee {
            nip: v.nip.into(),
            name: v.name,
            position: v.position,
            rank: v.rank,
            unit: v.unit,
            agency: v.agency,
            kind: v.kind.into(),
        }
    }
}

impl From<Evidence> for m::Evidence {
    fn from(v: Evidence) -> Self {
        m::Evidence {
            name: v.name,
            sha256: v.sha256,
            note: v.note,
        }
    }
}
impl From<m::Evidence> for Evidence {
    fn from(v: m::Evidence) -> Self {
        Evidence {
            name: v.name,
            sha256: v.sha256,
            note: v.note,
        }
    }
}

impl From<Template> for te::Template {
    fn from(v: Template) -> Self {
        te::Template {
            id: v.id,
            title: v.title,
            version: v.version,
            description: v.description,
            sections: v
                .sections
                .into_iter()
                .map(|s| te::Section {
                    code: s.code,
                    title: s.title,
                    items: s
                        .items
                        .into_iter()
                        .map(|i| te::Item {
                            code: i.code,
                            text: i.text,
                            guidance: i.guidance,
                            criteria: i.criteria,
                            weight: i.weight,
                            answer: i.answer.into(),
                            evidence_required: i.evidence_required,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
impl From<te::Template> for Template {
    fn from(v: te::Template) -> Self {
        Template {
            id: v.id,
            title: v.title,
            version: v.version,
            description: v.description,
            sections: v
                .sections
                .into_iter()
                .map(|s| Section {
                    code: s.code,
                    title: s.title,
                    items: s
                        .items
                        .into_iter()
                        .map(|i| Item {
                            code: i.code,
                            text: i.text,
                            guidance: i.guidance,
                            criteria: i.criteria,
                            weight: i.weight,
                            answer: i.answer.into(),
                            evidence_required: i.evidence_required,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl From<NumberLimit> for te::NumberLimit {
    fn from(v: NumberLimit) -> Self {
        te::NumberLimit {
            item: v.item,
            min: v.min,
            max: v.max,
        }
    }
}
impl From<te::NumberLimit> for NumberLimit {
    fn from(v: te::NumberLimit) -> Self {
        NumberLimit {
            item: v.item,
            min: v.min,
            max: v.max,
        }
    }
}

fn list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(Into::into).collect()
}

fn pairs<A, B: From<A>>(v: Vec<(A, String)>) -> Vec<(B, String)> {
    v.into_iter().map(|(a, s)| (a.into(), s)).collect()
}

/// Every payload of format 1, in its stored order: the variant's position is its kind number
/// minus one (see [`crate::store::event::Kind`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Payload {
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
        followup_days: Option<u32>,
    },
    SignedOff {
        audit: Id,
        role: Role,
        state_hash: Hash,
    },
    FindingRaised(FindingV1),
    FollowUpRecorded {
        finding: Id,
        audit: Id,
        status: FollowUpStatus,
        note: String,
        due: Option<NaiveDate>,
    },
    RatingRecommended(RatingV1),
    FindingUpdated(FindingV1),
    ConflictResolved {
        merged: Vec<Hash>,
        value: Box<Payload>,
    },
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
    RatingUpdated {
        rating: RatingV1,
        reason: String,
    },
    RatingWithdrawn {
        id: Id,
        audit: Id,
        reason: String,
    },
    FindingWithdrawn {
        id: Id,
        audit: Id,
        reason: String,
    },
    SignOffWithdrawn {
        audit: Id,
        role: Role,
        reason: String,
    },
    ResponseCorrected {
        audit: Id,
        item: String,
        answer: Option<Answer>,
        note: String,
        evidence: Vec<Evidence>,
        reason: String,
    },
    TemplateLimits {
        hash: Hash,
        limits: Vec<NumberLimit>,
    },
}

/// The fields of `finding.raised` and `finding.updated` (the same twelve, in this order; bincode
/// writes a struct's fields exactly as it writes a variant's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingV1 {
    pub id: Id,
    pub audit: Id,
    pub items: Vec<String>,
    pub title: String,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    pub akibat: String,
    pub rekomendasi: String,
    pub tanggapan: String,
    pub severity: Severity,
    pub nips: Vec<Nip>,
}

/// The fields of `rating.recommended` (and the first ten of `rating.updated`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingV1 {
    pub id: Id,
    pub audit: Id,
    pub nip: Nip,
    pub period: Period,
    pub hasil: RatingLevel,
    pub perilaku: RatingLevel,
    pub berakhlak: Vec<(Berakhlak, String)>,
    pub justification: String,
    pub findings: Vec<Id>,
    pub action: FollowUpAction,
}

/// A finding's variant of today's payload from its format-1 fields (`updated` picks the kind).
fn finding(f: FindingV1, updated: bool) -> Current {
    let (id, audit) = (f.id, f.audit);
    let content = m::FindingContent {
        items: f.items,
        title: f.title,
        code: String::new(),
        kondisi: f.kondisi,
        kriteria: f.kriteria,
        sebab: f.sebab,
        cause_code: String::new(),
        akibat: f.akibat,
        // a finding had one recommendation, its text: it becomes recommendation 1
        recommendations: if f.rekomendasi.is_empty() {
            Vec::new()
        } else {
            vec![m::Recommendation {
                no: 1,
                text: f.rekomendasi,
                ..m::Recommendation::default()
            }]
        },
        tanggapan: f.tanggapan,
        severity: f.severity.into(),
        nips: list(f.nips),
    };
    if updated {
        Current::FindingUpdated { id, audit, content }
    } else {
        Current::FindingRaised { id, audit, content }
    }
}

/// A rating's content from its format-1 fields.
fn rating(r: RatingV1) -> (Id, Id, m::RatingContent) {
    let content = m::RatingContent {
        nip: r.nip.into(),
        period: r.period.into(),
        hasil: r.hasil.into(),
        perilaku: r.perilaku.into(),
        berakhlak: pairs(r.berakhlak),
        justification: r.justification,
        findings: r.findings,
        action: r.action.into(),
    };
    (r.id, r.audit, content)
}

/// The format-1 fields of a rating's content.
fn rating_v1(id: Id, audit: Id, c: m::RatingContent) -> RatingV1 {
    RatingV1 {
        id,
        audit,
        nip: c.nip.into(),
        period: c.period.into(),
        hasil: c.hasil.into(),
        perilaku: c.perilaku.into(),
        berakhlak: pairs(c.berakhlak),
        justification: c.justification,
        findings: c.findings,
        action: c.action.into(),
    }
}

/// The body of a format-1 event, as it was hashed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventBody {
    pub id: Id,
    pub device: Id,
    pub seq: u64,
    pub actor: Id,
    pub at_ms: i64,
    pub base: Option<Hash>,
    pub payload: Payload,
}

/// Today's payload from a format-1 one (every kind of format 1 is still known).
pub fn upcast(p: Payload) -> Current {
    match p {
        Payload::DeviceRegistered { public_key, name } => {
            Current::DeviceRegistered { public_key, name }
        }
        Payload::ProfileAdded(p) => Current::ProfileAdded(p.into()),
        Payload::AgencyUpserted(a) => Current::AgencyUpserted(a.into()),
        Payload::EmployeeUpserted(e) => Current::EmployeeUpserted(e.into()),
        Payload::TemplateImported { hash, template } => Current::TemplateImported {
            hash,
            template: template.into(),
        },
        Payload::AuditCreated {
            id,
            title,
            agency,
            template_id,
            template_hash,
            letter,
            period,
        } => Current::AuditCreated {
            id,
            title,
            agency,
            template_id,
            template_hash,
            letter,
            period: period.map(Into::into),
        },
        Payload::ResponseRecorded {
            audit,
            item,
            answer,
            note,
            evidence,
        } => Current::ResponseRecorded {
            audit,
            item,
            answer: answer.map(Into::into),
            note,
            evidence: list(evidence),
        },
        Payload::PhaseChanged {
            audit,
            from,
            to,
            reason,
            followup_days,
        } => Current::PhaseChanged {
            audit,
            from: from.into(),
            to: to.into(),
            reason,
            followup_days,
        },
        Payload::SignedOff {
            audit,
            role,
            state_hash,
        } => Current::SignedOff {
            audit,
            role: role.into(),
            state_hash,
        },
        Payload::FindingRaised(f) => finding(f, false),
        Payload::FollowUpRecorded {
            finding,
            audit,
            status,
            note,
            due,
        } => Current::FollowUpRecorded {
            finding,
            audit,
            status: status.into(),
            note,
            due,
        },
        Payload::RatingRecommended(r) => {
            let (id, audit, content) = rating(r);
            Current::RatingRecommended { id, audit, content }
        }
        Payload::FindingUpdated(f) => finding(f, true),
        Payload::ConflictResolved { merged, value } => Current::ConflictResolved {
            merged,
            value: Box::new(upcast(*value)),
        },
        Payload::FileImported {
            file_hash,
            sender,
            sender_name,
            sender_key,
            audit,
            events,
            stubs,
            encrypted,
        } => Current::FileImported {
            file_hash,
            sender,
            sender_name,
            sender_key,
            audit,
            events,
            stubs,
            encrypted,
        },
        Payload::RatingUpdated { rating: r, reason } => {
            let (id, audit, content) = rating(r);
            Current::RatingUpdated {
                id,
                audit,
                content,
                reason,
            }
        }
        Payload::RatingWithdrawn { id, audit, reason } => {
            Current::RatingWithdrawn { id, audit, reason }
        }
        Payload::FindingWithdrawn { id, audit, reason } => {
            Current::FindingWithdrawn { id, audit, reason }
        }
        Payload::SignOffWithdrawn {
            audit,
            role,
            reason,
        } => Current::SignOffWithdrawn {
            audit,
            role: role.into(),
            reason,
        },
        Payload::ResponseCorrected {
            audit,
            item,
            answer,
            note,
            evidence,
            reason,
        } => Current::ResponseCorrected {
            audit,
            item,
            answer: answer.map(Into::into),
            note,
            evidence: list(evidence),
            reason,
        },
        Payload::TemplateLimits { hash, limits } => Current::TemplateLimits {
            hash,
            limits: list(limits),
        },
    }
}

/// The format-1 form of a payload whose current version is 1 (`None` for the kinds that moved
/// on: a resolution, whose value now travels in its own envelope, and unknown events).
pub fn downcast(p: &Current) -> Option<Payload> {
    let p = p.clone();
    Some(match p {
        // kinds added after format 1 have no format-1 form
        Current::EngagementSet { .. }
        | Current::TemplateDefaults { .. }
        | Current::FollowUpReported { .. }
        | Current::FollowUpVerified { .. }
        | Current::TemplateComputed { .. }
        | Current::SurveyRecorded { .. } => return None,
        // findings moved on to version 2 (a list of recommendations, codes)
        Current::FindingRaised { .. } | Current::FindingUpdated { .. } => return None,
        Current::DeviceRegistered { public_key, name } => {
            Payload::DeviceRegistered { public_key, name }
        }
        Current::ProfileAdded(p) => Payload::ProfileAdded(p.into()),
        Current::AgencyUpserted(a) => Payload::AgencyUpserted(a.into()),
        Current::EmployeeUpserted(e) => Payload::EmployeeUpserted(e.into()),
        Current::TemplateImported { hash, template } => Payload::TemplateImported {
            hash,
            template: template.into(),
        },
        Current::AuditCreated {
            id,
            title,
            agency,
            template_id,
            template_hash,
            letter,
            period,
        } => Payload::AuditCreated {
            id,
            title,
            agency,
            template_id,
            template_hash,
            letter,
            period: period.map(Into::into),
        },
        Current::ResponseRecorded {
            audit,
            item,
            answer,
            note,
            evidence,
        } => Payload::ResponseRecorded {
            audit,
            item,
            answer: answer.map(Into::into),
            note,
            evidence: list(evidence),
        },
        Current::PhaseChanged {
            audit,
            from,
            to,
            reason,
            followup_days,
        } => Payload::PhaseChanged {
            audit,
            from: from.into(),
            to: to.into(),
            reason,
            followup_days,
        },
        Current::SignedOff {
            audit,
            role,
            state_hash,
        } => Payload::SignedOff {
            audit,
            role: role.into(),
            state_hash,
        },
        Current::FollowUpRecorded {
            finding,
            audit,
            status,
            note,
            due,
        } => Payload::FollowUpRecorded {
            finding,
            audit,
            status: status.into(),
            note,
            due,
        },
        Current::RatingRecommended { id, audit, content } => {
            Payload::RatingRecommended(rating_v1(id, audit, content))
        }
        Current::ConflictResolved { .. } | Current::Unknown(_) => return None,
        Current::FileImported {
            file_hash,
            sender,
            sender_name,
            sender_key,
            audit,
            events,
            stubs,
            encrypted,
        } => Payload::FileImported {
            file_hash,
            sender,
            sender_name,
            sender_key,
            audit,
            events,
            stubs,
            encrypted,
        },
        Current::RatingUpdated {
            id,
            audit,
            content,
            reason,
        } => Payload::RatingUpdated {
            rating: rating_v1(id, audit, content),
            reason,
        },
        Current::RatingWithdrawn { id, audit, reason } => {
            Payload::RatingWithdrawn { id, audit, reason }
        }
        Current::FindingWithdrawn { id, audit, reason } => {
            Payload::FindingWithdrawn { id, audit, reason }
        }
        Current::SignOffWithdrawn {
            audit,
            role,
            reason,
        } => Payload::SignOffWithdrawn {
            audit,
            role: role.into(),
            reason,
        },
        Current::ResponseCorrected {
            audit,
            item,
            answer,
            note,
            evidence,
            reason,
        } => Payload::ResponseCorrected {
            audit,
            item,
            answer: answer.map(Into::into),
            note,
            evidence: list(evidence),
            reason,
        },
        Current::TemplateLimits { hash, limits } => Payload::TemplateLimits {
            hash,
            limits: list(limits),
        },
    })
}

//! The payloads of the kinds added after format 1: one frozen struct per (kind, version), written as bincode of that struct, and its upcast to today's [`Payload`].
//!
//! These kinds exist only in form 2. Their structs never change once released: a new field
//! means a new version here (a new struct, its number in [`super::current_version`], an arm in
//! [`decode`] that upcasts it) and a golden file. Today's domain types are not written directly,
//! so that a change to them cannot change what an old event reads as.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError};
use crate::domain::engagement::{
    Engagement, EngagementDefaults, Letter, ReportLetter, Schedule, TeamMember, TeamRole,
};
use crate::domain::nip::Nip;
use crate::domain::Id;
use crate::store::event::{Hash, Kind, Payload};

/// `engagement.set`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct EngagementV1 {
    audit: Id,
    assignment_number: String,
    assignment_date: Option<NaiveDate>,
    basis: Vec<String>,
    objective: String,
    scope: String,
    limitations: String,
    methods: Vec<String>,
    planned: ScheduleV1,
    actual: ScheduleV1,
    overview: String,
    conclusion: String,
    team: Vec<MemberV1>,
    report_number: String,
    report_date: Option<NaiveDate>,
    report_nature: String,
    report_attachment: String,
    report_subject: String,
    report_addressee: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ScheduleV1 {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MemberV1 {
    /// The role's code (`responsible`, `quality`, `technical`, `lead`, `member`).
    role: String,
    name: String,
    nip: Option<Nip>,
    rank: String,
}

/// `template.defaults`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DefaultsV1 {
    hash: Hash,
    basis: Vec<String>,
    objective: String,
    scope: String,
    methods: Vec<String>,
}

impl From<Schedule> for ScheduleV1 {
    fn from(s: Schedule) -> ScheduleV1 {
        ScheduleV1 {
            start: s.start,
            end: s.end,
            days: s.days,
        }
    }
}

impl From<ScheduleV1> for Schedule {
    fn from(s: ScheduleV1) -> Schedule {
        Schedule {
            start: s.start,
            end: s.end,
            days: s.days,
        }
    }
}

/// A payload as stored: `(kind, version, data)`.
pub type Encoded = (u16, u16, Vec<u8>);

/// A payload of an added kind in the version this build writes; `None` for the other kinds.
pub fn encode(p: &Payload) -> Option<Result<Encoded, CodecError>> {
    let (kind, bytes) = match p {
        Payload::EngagementSet { audit, engagement } => {
            let e = engagement.clone();
            let v = EngagementV1 {
                audit: *audit,
                assignment_number: e.assignment.number,
                assignment_date: e.assignment.date,
                basis: e.basis,
                objective: e.objective,
                scope: e.scope,
                limitations: e.limitations,
                methods: e.methods,
                planned: e.planned.into(),
                actual: e.actual.into(),
                overview: e.overview,
                conclusion: e.conclusion,
                team: e
                    .team
                    .into_iter()
                    .map(|m| MemberV1 {
                        role: m.role.code().to_string(),
                        name: m.name,
                        nip: m.nip,
                        rank: m.rank,
                    })
                    .collect(),
                report_number: e.report.number,
                report_date: e.report.date,
                report_nature: e.report.nature,
                report_attachment: e.report.attachment,
                report_subject: e.report.subject,
                report_addressee: e.report.addressee,
            };
            (Kind::EngagementSet, codec::encode(&v))
        }
        Payload::TemplateDefaults { hash, defaults } => {
            let d = defaults.clone();
            let v = DefaultsV1 {
                hash: *hash,
                basis: d.basis,
                objective: d.objective,
                scope: d.scope,
                methods: d.methods,
            };
            (Kind::TemplateDefaults, codec::encode(&v))
        }
        _ => return None,
    };
    Some(bytes.map(|b| (kind as u16, super::current_version(kind), b)))
}

/// Today's payload from the data of an added kind (`None` for the other kinds).
pub fn decode(kind: u16, version: u16, data: &[u8]) -> Option<Result<Payload, CodecError>> {
    const ENGAGEMENT: u16 = Kind::EngagementSet as u16;
    const DEFAULTS: u16 = Kind::TemplateDefaults as u16;
    match (kind, version) {
        (ENGAGEMENT, 1) => Some(codec::decode::<EngagementV1>(data).and_then(engagement)),
        (DEFAULTS, 1) => {
            Some(
                codec::decode::<DefaultsV1>(data).map(|d| Payload::TemplateDefaults {
                    hash: d.hash,
                    defaults: EngagementDefaults {
                        basis: d.basis,
                        objective: d.objective,
                        scope: d.scope,
                        methods: d.methods,
                    },
                }),
            )
        }
        _ => None,
    }
}

fn engagement(v: EngagementV1) -> Result<Payload, CodecError> {
    let mut team = Vec::with_capacity(v.team.len());
    for m in v.team {
        let role = TeamRole::parse(&m.role).map_err(|_| {
            CodecError::Decode(format!("engagement: unknown team role {:?}", m.role))
        })?;
        team.push(TeamMember {
            role,
            name: m.name,
            nip: m.nip,
            rank: m.rank,
        });
    }
    Ok(Payload::EngagementSet {
        audit: v.audit,
        engagement: Engagement {
            assignment: Letter {
                number: v.assignment_number,
                date: v.assignment_date,
            },
            basis: v.basis,
            objective: v.objective,
            scope: v.scope,
            limitations: v.limitations,
            methods: v.methods,
            planned: v.planned.into(),
            actual: v.actual.into(),
            overview: v.overview,
            conclusion: v.conclusion,
            team,
            report: ReportLetter {
                number: v.report_number,
                date: v.report_date,
                nature: v.report_nature,
                attachment: v.report_attachment,
                subject: v.report_subject,
                addressee: v.report_addressee,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engagement_reads_back_as_it_was_written_and_its_bytes_are_frozen() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7);
        let p = Payload::EngagementSet {
            audit: Id::from_u128(5),
            engagement: Engagement {
                assignment: Letter {
                    number: "094/ST/2026".into(),
                    date,
                },
                basis: vec!["PKPT 2026".into()],
                team: vec![TeamMember {
                    role: TeamRole::Lead,
                    name: "Budi".into(),
                    nip: None,
                    rank: "Penata (III/c)".into(),
                }],
                ..Engagement::default()
            },
        };
        let (kind, version, data) = encode(&p).unwrap().unwrap();
        assert_eq!((kind, version), (22, 1));
        assert_eq!(decode(kind, version, &data).unwrap().unwrap(), p);
        // the role travels as its code, so a reordered enum cannot change what old events say
        let raw: EngagementV1 = codec::decode(&data).unwrap();
        assert_eq!(raw.team[0].role, "lead");
        assert_eq!(raw.assignment_date, date);
    }

    #[test]
    fn template_defaults_read_back_and_other_kinds_are_not_theirs() {
        let p = Payload::TemplateDefaults {
            hash: [3; 32],
            defaults: EngagementDefaults {
                basis: vec!["Permendagri 8/2009".into()],
                objective: "menilai".into(),
                scope: String::new(),
                methods: vec!["wawancara".into()],
            },
        };
        let (kind, version, data) = encode(&p).unwrap().unwrap();
        assert_eq!((kind, version), (23, 1));
        assert_eq!(decode(kind, version, &data).unwrap().unwrap(), p);
        assert!(decode(21, 1, &data).is_none());
        assert!(decode(22, 2, &data).is_none());
    }

    #[test]
    fn an_unknown_role_in_stored_bytes_is_a_decode_error_not_a_panic() {
        let mut v = EngagementV1 {
            audit: Id::from_u128(1),
            assignment_number: String::new(),
            assignment_date: None,
            basis: vec![],
            objective: String::new(),
            scope: String::new(),
            limitations: String::new(),
            methods: vec![],
            planned: Schedule::default().into(),
            actual: Schedule::default().into(),
            overview: String::new(),
            conclusion: String::new(),
            team: vec![],
            report_number: String::new(),
            report_date: None,
            report_nature: String::new(),
            report_attachment: String::new(),
            report_subject: String::new(),
            report_addressee: String::new(),
        };
        v.team.push(MemberV1 {
            role: "auditor".into(),
            name: "X".into(),
            nip: None,
            rank: String::new(),
        });
        let data = codec::encode(&v).unwrap();
        assert!(matches!(
            decode(22, 1, &data),
            Some(Err(CodecError::Decode(_)))
        ));
    }
}

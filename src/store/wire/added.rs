//! The payloads written since format 1 — the kinds added after it, and the later versions of its kinds — one frozen struct per (kind, version), written as bincode of that struct, and its upcast to today's [`Payload`].
//!
//! These exist only in form 2. Their structs never change once released: a new field
//! means a new version here (a new struct, its number in [`super::current_version`], an arm in
//! [`decode`] that upcasts it) and a golden file. Today's domain types are not written directly,
//! so that a change to them cannot change what an old event reads as.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError};
use crate::domain::engagement::{
    Engagement, EngagementDefaults, Letter, ReportLetter, Schedule, TeamMember, TeamRole,
};
use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::model::{FindingContent, Official, Recommendation};
use crate::domain::money::Rupiah;
use crate::domain::nip::Nip;
use crate::domain::skm::SurveyRecord;
use crate::domain::template::{Computed, ComputedItem};
use crate::domain::Id;
use crate::store::event::{FollowUpEntry, Hash, Kind, Payload};

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

/// `finding.raised` and `finding.updated`, version 2 (issue 16): codes, and a list of
/// recommendations each with its code, responsible official, due date and value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FindingV2 {
    id: Id,
    audit: Id,
    items: Vec<String>,
    title: String,
    code: String,
    kondisi: String,
    kriteria: String,
    sebab: String,
    cause_code: String,
    akibat: String,
    recommendations: Vec<RecommendationV1>,
    tanggapan: String,
    /// `low`, `medium` or `high`.
    severity: String,
    nips: Vec<Nip>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RecommendationV1 {
    no: u16,
    code: String,
    text: String,
    official_name: String,
    official_position: String,
    official_nip: Option<Nip>,
    due: Option<NaiveDate>,
    /// In sen.
    value: Option<i64>,
}

/// `followup.reported`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ReportedV1 {
    audit: Id,
    finding: Id,
    recommendation: u16,
    id: Id,
    date: NaiveDate,
    action: String,
    evidence: Vec<String>,
    /// In sen.
    returned: Option<i64>,
}

/// `followup.verified`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct VerifiedV1 {
    audit: Id,
    finding: Id,
    recommendation: u16,
    entry: Option<Id>,
    date: NaiveDate,
    /// 1–4.
    status: u8,
    reason: String,
    due: Option<NaiveDate>,
}

fn finding_v2(id: Id, audit: Id, c: &FindingContent) -> FindingV2 {
    let c = c.clone();
    FindingV2 {
        id,
        audit,
        items: c.items,
        title: c.title,
        code: c.code,
        kondisi: c.kondisi,
        kriteria: c.kriteria,
        sebab: c.sebab,
        cause_code: c.cause_code,
        akibat: c.akibat,
        recommendations: c
            .recommendations
            .into_iter()
            .map(|r| RecommendationV1 {
                no: r.no,
                code: r.code,
                text: r.text,
                official_name: r.official.name,
                official_position: r.official.position,
                official_nip: r.official.nip,
                due: r.due,
                value: r.value.map(Rupiah::sen),
            })
            .collect(),
        tanggapan: c.tanggapan,
        severity: c.severity.to_string(),
        nips: c.nips,
    }
}

fn finding_of(v: FindingV2, updated: bool) -> Result<Payload, CodecError> {
    let severity = Severity::parse(&v.severity)
        .map_err(|_| CodecError::Decode(format!("finding: unknown severity {:?}", v.severity)))?;
    let content = FindingContent {
        items: v.items,
        title: v.title,
        code: v.code,
        kondisi: v.kondisi,
        kriteria: v.kriteria,
        sebab: v.sebab,
        cause_code: v.cause_code,
        akibat: v.akibat,
        recommendations: v
            .recommendations
            .into_iter()
            .map(|r| Recommendation {
                no: r.no,
                code: r.code,
                text: r.text,
                official: Official {
                    name: r.official_name,
                    position: r.official_position,
                    nip: r.official_nip,
                },
                due: r.due,
                value: r.value.map(Rupiah::from_sen),
            })
            .collect(),
        tanggapan: v.tanggapan,
        severity,
        nips: v.nips,
    };
    let (id, audit) = (v.id, v.audit);
    Ok(if updated {
        Payload::FindingUpdated { id, audit, content }
    } else {
        Payload::FindingRaised { id, audit, content }
    })
}

fn status_of(n: u8) -> Result<FollowUpStatus, CodecError> {
    FollowUpStatus::from_number(n)
        .map_err(|_| CodecError::Decode(format!("follow-up: status {n} is not 1–4")))
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

/// `template.computed`, version 1: the computed items of a template (`what` is
/// [`Computed::code`]; a word this build does not know is skipped when read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ComputedV1 {
    hash: Hash,
    items: Vec<(String, String)>,
}

/// `survey.recorded`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SurveyV1 {
    audit: Id,
    item: String,
    file: String,
    sha256: Hash,
    unit: String,
    period: String,
    respondents: u64,
    names: Vec<String>,
    totals: Vec<u64>,
    ikm: u32,
    ikm_rounded: Option<u32>,
    rounded_weight: u32,
    mutu: String,
    kinerja: String,
    kinerja_en: String,
    max_score: u8,
    population: Option<(u64, u64)>,
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
        Payload::FindingRaised { id, audit, content } => (
            Kind::FindingRaised,
            codec::encode(&finding_v2(*id, *audit, content)),
        ),
        Payload::FindingUpdated { id, audit, content } => (
            Kind::FindingUpdated,
            codec::encode(&finding_v2(*id, *audit, content)),
        ),
        Payload::FollowUpReported {
            audit,
            finding,
            recommendation,
            entry,
        } => {
            let v = ReportedV1 {
                audit: *audit,
                finding: *finding,
                recommendation: *recommendation,
                id: entry.id,
                date: entry.date,
                action: entry.action.clone(),
                evidence: entry.evidence.clone(),
                returned: entry.returned.map(Rupiah::sen),
            };
            (Kind::FollowUpReported, codec::encode(&v))
        }
        Payload::FollowUpVerified {
            audit,
            finding,
            recommendation,
            entry,
            date,
            status,
            reason,
            due,
        } => {
            let v = VerifiedV1 {
                audit: *audit,
                finding: *finding,
                recommendation: *recommendation,
                entry: *entry,
                date: *date,
                status: status.number(),
                reason: reason.clone(),
                due: *due,
            };
            (Kind::FollowUpVerified, codec::encode(&v))
        }
        Payload::TemplateComputed { hash, items } => {
            let v = ComputedV1 {
                hash: *hash,
                items: items
                    .iter()
                    .map(|c| (c.item.clone(), c.from.code().to_string()))
                    .collect(),
            };
            (Kind::TemplateComputed, codec::encode(&v))
        }
        Payload::SurveyRecorded { audit, survey } => {
            let s = survey.clone();
            let v = SurveyV1 {
                audit: *audit,
                item: s.item,
                file: s.file,
                sha256: s.sha256,
                unit: s.unit,
                period: s.period,
                respondents: s.respondents,
                names: s.names,
                totals: s.totals,
                ikm: s.ikm,
                ikm_rounded: s.ikm_rounded,
                rounded_weight: s.rounded_weight,
                mutu: s.mutu,
                kinerja: s.kinerja,
                kinerja_en: s.kinerja_en,
                max_score: s.max_score,
                population: s.population,
            };
            (Kind::SurveyRecorded, codec::encode(&v))
        }
        _ => return None,
    };
    Some(bytes.map(|b| (kind as u16, super::current_version(kind), b)))
}

/// Today's payload from the data of an added kind (`None` for the other kinds).
pub fn decode(kind: u16, version: u16, data: &[u8]) -> Option<Result<Payload, CodecError>> {
    const ENGAGEMENT: u16 = Kind::EngagementSet as u16;
    const DEFAULTS: u16 = Kind::TemplateDefaults as u16;
    const RAISED: u16 = Kind::FindingRaised as u16;
    const UPDATED: u16 = Kind::FindingUpdated as u16;
    const REPORTED: u16 = Kind::FollowUpReported as u16;
    const VERIFIED: u16 = Kind::FollowUpVerified as u16;
    const COMPUTED: u16 = Kind::TemplateComputed as u16;
    const SURVEY: u16 = Kind::SurveyRecorded as u16;
    match (kind, version) {
        (COMPUTED, 1) => Some(codec::decode::<ComputedV1>(data).map(|v| {
            Payload::TemplateComputed {
                hash: v.hash,
                items: v
                    .items
                    .into_iter()
                    .filter_map(|(item, what)| {
                        Computed::parse(&what).map(|from| ComputedItem { item, from })
                    })
                    .collect(),
            }
        })),
        (SURVEY, 1) => Some(
            codec::decode::<SurveyV1>(data).map(|v| Payload::SurveyRecorded {
                audit: v.audit,
                survey: SurveyRecord {
                    item: v.item,
                    file: v.file,
                    sha256: v.sha256,
                    unit: v.unit,
                    period: v.period,
                    respondents: v.respondents,
                    names: v.names,
                    totals: v.totals,
                    ikm: v.ikm,
                    ikm_rounded: v.ikm_rounded,
                    rounded_weight: v.rounded_weight,
                    mutu: v.mutu,
                    kinerja: v.kinerja,
                    kinerja_en: v.kinerja_en,
                    max_score: v.max_score,
                    population: v.population,
                },
            }),
        ),
        (RAISED, 2) => Some(codec::decode::<FindingV2>(data).and_then(|v| finding_of(v, false))),
        (UPDATED, 2) => Some(codec::decode::<FindingV2>(data).and_then(|v| finding_of(v, true))),
        (REPORTED, 1) => {
            Some(
                codec::decode::<ReportedV1>(data).map(|v| Payload::FollowUpReported {
                    audit: v.audit,
                    finding: v.finding,
                    recommendation: v.recommendation,
                    entry: FollowUpEntry {
                        id: v.id,
                        date: v.date,
                        action: v.action,
                        evidence: v.evidence,
                        returned: v.returned.map(Rupiah::from_sen),
                    },
                }),
            )
        }
        (VERIFIED, 1) => Some(codec::decode::<VerifiedV1>(data).and_then(|v| {
            Ok(Payload::FollowUpVerified {
                audit: v.audit,
                finding: v.finding,
                recommendation: v.recommendation,
                entry: v.entry,
                date: v.date,
                status: status_of(v.status)?,
                reason: v.reason,
                due: v.due,
            })
        })),
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

//! The trail's queries: what an event did in one line, what it changed (the record before → after),
//! which device key made it, pages of the trail, and an audit as it stood at a chosen event.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::date::parse_date;
use crate::domain::model::{Finding, FindingContent, RatingContent};
use crate::domain::score::{self, Answer};
use crate::domain::Id;
use crate::store::event::{short_hash, Event, Hash, Payload};
use crate::store::{EventFilter, EventPos};
use crate::text::{Lang, Strings};

use super::{said, App, AppError, AuditSummary, ItemView};

/// How many earlier index entries the before → after lookup reads at most (a bounded walk, so a
/// key press never scans the whole journal).
pub const CHANGE_WALK_MAX: usize = 5_000;

/// One line saying what an event did, in English with the domain's terms (the command line's log
/// and its JSON `summary`, which stay stable).
pub fn describe(e: &Event) -> String {
    describe_in(e, Strings::of(Lang::En))
}

/// One line saying what an event did, in the language of `t`.
pub fn describe_in(e: &Event, t: &Strings) -> String {
    describe_payload(&e.body.payload, t)
}

/// One line saying what a payload does, in the language of `t`.
pub(crate) fn describe_payload(p: &Payload, t: &Strings) -> String {
    use crate::store::event::Payload as P;
    // roles, severities and predikat are the domain's own words, in both languages
    // a level of the rating scale: the regulation's words in Bahasa Indonesia, its short code in
    // English (the English summaries have always written `meets × below`)
    let level = |l: &crate::domain::rating::RatingLevel| match t.lang {
        Lang::Id => l.label_id().to_string(),
        Lang::En => l.code().to_string(),
    };
    let answer = |a: &Option<crate::domain::score::Answer>| match a {
        // a number is written the language's way (3,2 / 3.2); an answer in the language's words,
        // as the event's detail shows it
        Some(crate::domain::score::Answer::Number(n)) => t.number(*n),
        Some(a) => match t.lang {
            Lang::Id => a.label_id(),
            Lang::En => a.label_en(),
        },
        None => "-".into(),
    };
    let because = |r: &str| t.f("summary.because", &[("reason", &r)]);
    match p {
        P::FileImported {
            sender_name,
            sender_key,
            events,
            stubs,
            encrypted,
            ..
        } => t.f(
            if *encrypted {
                "summary.file_imported_encrypted"
            } else {
                "summary.file_imported"
            },
            &[
                ("sender", sender_name),
                ("key", &fingerprint(sender_key)),
                ("events", events),
                ("stubs", stubs),
            ],
        ),
        P::ConflictResolved { value, merged } => t.f(
            if merged.len() == 1 {
                "summary.conflict_settled_one"
            } else {
                "summary.conflict_settled"
            },
            &[("n", &merged.len()), ("what", &describe_payload(value, t))],
        ),
        P::DeviceRegistered { name, .. } => t.f("summary.device", &[("name", name)]),
        P::Unknown(u) => t.f(
            "summary.unknown",
            &[("kind", &u.kind), ("version", &u.version)],
        ),
        P::ProfileAdded(p) => t.f(
            "summary.profile",
            &[("name", &p.name), ("role", &p.role.label_id())],
        ),
        P::AgencyUpserted(a) => t.f("summary.agency", &[("code", &a.code), ("name", &a.name)]),
        P::EmployeeUpserted(emp) => t.f(
            "summary.employee",
            &[("nip", &emp.nip), ("name", &emp.name)],
        ),
        P::TemplateImported { template, hash } => t.f(
            "summary.template",
            &[
                ("id", &template.id),
                ("version", &template.version),
                ("hash", &short_hash(hash)),
            ],
        ),
        P::AuditCreated { title, agency, .. } => {
            t.f("summary.audit", &[("title", title), ("agency", agency)])
        }
        P::ResponseCorrected {
            item,
            answer: a,
            reason,
            ..
        } => t.f(
            "summary.response_corrected",
            &[
                ("item", item),
                ("answer", &answer(a)),
                ("because", &because(reason)),
            ],
        ),
        P::TemplateLimits { hash, limits } => t.f(
            "summary.template_limits",
            &[
                ("hash", &short_hash(hash)),
                ("limits", &limits_text(limits, t)),
            ],
        ),
        P::EngagementSet { engagement, .. } => {
            let (filled, total) = engagement.filled_parts();
            t.f(
                "summary.engagement",
                &[
                    ("filled", &filled),
                    ("total", &total),
                    ("team", &engagement.team.len()),
                ],
            )
        }
        P::TemplateDefaults { hash, defaults } => t.f(
            "summary.template_defaults",
            &[
                ("hash", &short_hash(hash)),
                ("basis", &defaults.basis.len()),
                ("methods", &defaults.methods.join(", ")),
            ],
        ),
        P::TemplateComputed { hash, items } => t.f(
            "summary.template_computed",
            &[
                ("hash", &short_hash(hash)),
                (
                    "items",
                    &items
                        .iter()
                        .map(|c| format!("{} = {}", c.item, c.from.code()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ),
        P::SurveyRecorded { survey: s, .. } => t.f(
            "summary.survey",
            &[
                ("file", &s.file),
                ("item", &s.item),
                ("respondents", &t.count(s.respondents)),
                ("ikm", &t.fixed(s.ikm().value(), 2)),
                ("mutu", &s.mutu),
            ],
        ),
        P::SignOffWithdrawn { role, reason, .. } => t.f(
            "summary.signoff_withdrawn",
            &[("role", &role.label_id()), ("because", &because(reason))],
        ),
        P::FindingWithdrawn { reason, .. } => t.f(
            "summary.finding_withdrawn",
            &[("because", &because(reason))],
        ),
        P::RatingWithdrawn { reason, .. } => {
            t.f("summary.rating_withdrawn", &[("because", &because(reason))])
        }
        P::RatingUpdated {
            reason,
            content:
                RatingContent {
                    nip,
                    hasil,
                    perilaku,
                    ..
                },
            ..
        } => {
            let predikat = crate::domain::rating::predikat(*hasil, *perilaku);
            t.f(
                "summary.rating_updated",
                &[
                    ("nip", nip),
                    ("hasil", &level(hasil)),
                    ("perilaku", &level(perilaku)),
                    ("predikat", &predikat.label_id()),
                    ("because", &because(reason)),
                ],
            )
        }
        P::ResponseRecorded {
            item, answer: a, ..
        } => t.f(
            "summary.response",
            &[("item", item), ("answer", &answer(a))],
        ),
        P::PhaseChanged {
            from, to, reason, ..
        } => {
            let phase = |p: &crate::domain::phase::Phase| match t.lang {
                Lang::Id => p.label_id().to_string(),
                Lang::En => p.code().to_string(),
            };
            let reason = reason
                .as_deref()
                .map(|r| format!(" {}", because(r)))
                .unwrap_or_default();
            t.f(
                "summary.phase",
                &[
                    ("from", &phase(from)),
                    ("to", &phase(to)),
                    ("reason", &reason),
                ],
            )
        }
        P::SignedOff {
            role, state_hash, ..
        } => t.f(
            "summary.signed",
            &[
                ("role", &role.label_id()),
                ("hash", &short_hash(state_hash)),
            ],
        ),
        P::FindingRaised {
            content: FindingContent {
                title, severity, ..
            },
            ..
        } => t.f(
            "summary.finding",
            &[("severity", &severity.label_id()), ("title", title)],
        ),
        P::FindingUpdated {
            content: FindingContent {
                title, severity, ..
            },
            ..
        } => t.f(
            "summary.finding_updated",
            &[("severity", &severity.label_id()), ("title", title)],
        ),
        P::FollowUpRecorded { status, .. } => t.f(
            "summary.followup",
            &[("n", &status.number()), ("status", &status.label_id())],
        ),
        P::FollowUpReported {
            recommendation,
            entry,
            ..
        } => t.f(
            "summary.followup_reported",
            &[("no", recommendation), ("action", &entry.action)],
        ),
        P::FollowUpVerified {
            recommendation,
            entry,
            status,
            ..
        } => t.f(
            match entry {
                Some(_) if *status == crate::domain::followup::FollowUpStatus::BelumSesuai => {
                    "summary.followup_rejected"
                }
                Some(_) => "summary.followup_accepted",
                None => "summary.followup_set",
            },
            &[
                ("no", recommendation),
                ("n", &status.number()),
                ("status", &status.label_id()),
            ],
        ),
        P::RatingRecommended {
            content:
                RatingContent {
                    nip,
                    hasil,
                    perilaku,
                    ..
                },
            ..
        } => {
            let predikat = crate::domain::rating::predikat(*hasil, *perilaku);
            t.f(
                "summary.rating",
                &[
                    ("nip", nip),
                    ("hasil", &level(hasil)),
                    ("perilaku", &level(perilaku)),
                    ("predikat", &predikat.label_id()),
                ],
            )
        }
    }
}

/// The ranges of number items as people write them: `SKM-04 25–100, X-01 ≥ 0`.
fn limits_text(limits: &[crate::domain::template::NumberLimit], t: &Strings) -> String {
    let n = |x: f64| t.number(x);
    limits
        .iter()
        .map(|l| match (l.min, l.max) {
            (Some(lo), Some(hi)) => format!("{} {}–{}", l.item, n(lo), n(hi)),
            (Some(lo), None) => format!("{} ≥ {}", l.item, n(lo)),
            (None, Some(hi)) => format!("{} ≤ {}", l.item, n(hi)),
            (None, None) => l.item.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field of a changed record, as the detail pane labels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Key,
    Nip,
    Role,
    Region,
    Position,
    Unit,
    Agency,
    Checklist,
    Version,
    Items,
    Title,
    Letter,
    Period,
    Phase,
    Reason,
    SignOff,
    Answer,
    Note,
    Evidence,
    Severity,
    Kondisi,
    Kriteria,
    Sebab,
    Akibat,
    Rekomendasi,
    Tanggapan,
    Asn,
    FollowUpStatus,
    FollowUpNote,
    Due,
    /// Kode temuan and kode sebab.
    Code,
    CauseCode,
    /// Which recommendation of a finding a follow-up is about.
    Recommendation,
    /// What the auditee reported doing, on what day, and the money returned with it.
    Entry,
    EntryDate,
    Returned,
    Rating,
    Justification,
    Action,
    /// Whether the record stands or was withdrawn.
    Withdrawn,
    // an audit's engagement
    Assignment,
    Basis,
    Objective,
    Scope,
    Limitations,
    Methods,
    Planned,
    Actual,
    Overview,
    Conclusion,
    Team,
    Report,
}

impl Field {
    /// The key of an engagement part's label (`engagement.basis`); the other fields' labels are
    /// the trail screen's own.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Assignment => "engagement.assignment",
            Field::Basis => "engagement.basis",
            Field::Objective => "engagement.objective",
            Field::Scope => "engagement.scope",
            Field::Limitations => "engagement.limitations",
            Field::Methods => "engagement.methods",
            Field::Planned => "engagement.planned",
            Field::Actual => "engagement.actual",
            Field::Overview => "engagement.overview",
            Field::Conclusion => "engagement.conclusion",
            Field::Team => "engagement.team",
            Field::Report => "engagement.report",
            _ => "",
        }
    }

    /// The field's name in JSON and in a merge text (`kondisi`, `note`, `followup_note`).
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Key => "key",
            Field::Nip => "nip",
            Field::Role => "role",
            Field::Region => "region",
            Field::Position => "position",
            Field::Unit => "unit",
            Field::Agency => "agency",
            Field::Checklist => "checklist",
            Field::Version => "version",
            Field::Items => "items",
            Field::Title => "title",
            Field::Letter => "letter",
            Field::Period => "period",
            Field::Phase => "phase",
            Field::Reason => "reason",
            Field::SignOff => "signoff",
            Field::Answer => "answer",
            Field::Note => "note",
            Field::Evidence => "evidence",
            Field::Severity => "severity",
            Field::Kondisi => "kondisi",
            Field::Kriteria => "kriteria",
            Field::Sebab => "sebab",
            Field::Akibat => "akibat",
            Field::Rekomendasi => "rekomendasi",
            Field::Tanggapan => "tanggapan",
            Field::Asn => "asn",
            Field::FollowUpStatus => "followup_status",
            Field::FollowUpNote => "followup_note",
            Field::Due => "due",
            Field::Code => "code",
            Field::CauseCode => "cause_code",
            Field::Recommendation => "recommendation",
            Field::Entry => "entry",
            Field::EntryDate => "entry_date",
            Field::Returned => "returned",
            Field::Rating => "rating",
            Field::Justification => "justification",
            Field::Action => "action",
            Field::Withdrawn => "withdrawn",
            Field::Assignment => "assignment",
            Field::Basis => "basis",
            Field::Objective => "objective",
            Field::Scope => "scope",
            Field::Limitations => "limitations",
            Field::Methods => "methods",
            Field::Planned => "planned",
            Field::Actual => "actual",
            Field::Overview => "overview",
            Field::Conclusion => "conclusion",
            Field::Team => "team",
            Field::Report => "report",
        }
    }
}

/// A field's value, in either language.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing recorded (no answer, an empty note).
    Empty,
    Text(String),
    /// A word with its Indonesian and English label.
    Word(String, String),
    Date(NaiveDate),
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.trim().is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }
    fn word(id: impl Into<String>, en: impl Into<String>) -> Value {
        Value::Word(id.into(), en.into())
    }
    fn answer(a: &Option<Answer>) -> Value {
        match a {
            Some(a) => Value::word(a.label_id(), a.label_en()),
            None => Value::Empty,
        }
    }
    fn list<T: std::fmt::Display>(items: &[T]) -> Value {
        Value::text(
            items
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// An engagement's parts as the trail compares them: dates and days in each language.
pub(crate) fn engagement_fields(e: &crate::domain::engagement::Engagement) -> Vec<(Field, Value)> {
    use crate::domain::engagement::Schedule;
    use Field as F;
    let both = |f: &dyn Fn(&Strings) -> String| {
        let (id, en) = (f(Strings::of(Lang::Id)), f(Strings::of(Lang::En)));
        if id.is_empty() {
            Value::Empty
        } else {
            Value::Word(id, en)
        }
    };
    let letter = |number: &str, date: Option<NaiveDate>| {
        both(&|t: &Strings| {
            [
                number.to_string(),
                date.map(|d| t.date(d)).unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
        })
    };
    let schedule = |s: &Schedule| {
        both(&|t: &Strings| {
            if s.is_empty() {
                return String::new();
            }
            let day = |d: Option<NaiveDate>| d.map_or("…".to_string(), |d| t.date(d));
            let mut out = format!("{} – {}", day(s.start), day(s.end));
            if let Some(n) = s.audit_days() {
                let key = if n == 1 {
                    "engagement.days_one"
                } else {
                    "engagement.days"
                };
                out.push_str(&format!(" ({})", t.f(key, &[("n", &n)])));
            }
            out
        })
    };
    let team = both(&|t: &Strings| {
        e.team
            .iter()
            .map(|m| super::engagement::team_line(m, t))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let r = &e.report;
    let report = [
        r.nature.as_str(),
        r.attachment.as_str(),
        r.subject.as_str(),
        r.addressee.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .map(|s| s.replace('\n', " / "))
    .collect::<Vec<_>>()
    .join("; ");
    let report_head = letter(&r.number, r.date);
    let report = match (report_head, report.is_empty()) {
        (Value::Word(id, en), false) => {
            Value::Word(format!("{id}; {report}"), format!("{en}; {report}"))
        }
        (Value::Empty, false) => Value::Text(report),
        (head, _) => head,
    };
    vec![
        (
            F::Assignment,
            letter(&e.assignment.number, e.assignment.date),
        ),
        (F::Basis, Value::text(e.basis.join("; "))),
        (F::Objective, Value::text(&e.objective)),
        (F::Scope, Value::text(&e.scope)),
        (F::Limitations, Value::text(&e.limitations)),
        (F::Methods, Value::list(&e.methods)),
        (F::Planned, schedule(&e.planned)),
        (F::Actual, schedule(&e.actual)),
        (F::Overview, Value::text(&e.overview)),
        (F::Conclusion, Value::text(&e.conclusion)),
        (F::Team, team),
        (F::Report, report),
    ]
}

/// One field of the changed record: its value before the event (`None` when the record had no
/// earlier version, or it could not be found) and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeLine {
    pub field: Field,
    pub before: Option<Value>,
    pub after: Value,
}

impl ChangeLine {
    pub fn changed(&self) -> bool {
        self.before.as_ref() != Some(&self.after)
    }
}

/// What an event changed.
#[derive(Debug, Clone)]
pub struct Change {
    /// The record's version this change was made on (the event its `base` names), when found.
    pub previous: Option<Event>,
    /// Whether the change was made on an earlier version (its `base` is set).
    pub has_base: bool,
    pub lines: Vec<ChangeLine>,
}

impl Change {
    /// The event has a `base` but its event was not among the earlier events looked at.
    pub fn previous_missing(&self) -> bool {
        self.has_base && self.previous.is_none()
    }

    /// The fields the event changed, then those it left as the previous version had them, each
    /// in the record's order (what a reader is after comes first; the rest can be folded away).
    /// Without a previous version every field counts as changed.
    pub fn changed_first(&self) -> (Vec<&ChangeLine>, Vec<&ChangeLine>) {
        self.lines.iter().partition(|l| l.changed())
    }
}

/// The first 16 hex digits of a public key: enough to compare by eye with `periksa verify`.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    hex::encode(&public_key[..8])
}

/// The state of the record an event leaves behind, field by field (only what the event says:
/// every payload carries the full new state of the part of the record it changes).
pub(crate) fn fields(p: &Payload) -> Vec<(Field, Value)> {
    use Field as F;
    let word = |id: &str, en: &str| Value::word(id, en);
    match p {
        Payload::ConflictResolved { value, .. } => fields(value),
        Payload::Unknown(_) => Vec::new(),
        Payload::FileImported {
            sender_name,
            sender_key,
            events,
            stubs,
            ..
        } => vec![
            (F::Name, Value::text(sender_name)),
            (F::Key, Value::Text(fingerprint(sender_key))),
            (F::Items, Value::Text(format!("{events} + {stubs}"))),
        ],
        Payload::DeviceRegistered { public_key, name } => vec![
            (F::Name, Value::text(name)),
            (F::Key, Value::Text(fingerprint(public_key))),
        ],
        Payload::ProfileAdded(pr) => vec![
            (F::Name, Value::text(&pr.name)),
            (
                F::Nip,
                pr.nip
                    .as_ref()
                    .map_or(Value::Empty, |n| Value::Text(n.to_string())),
            ),
            (F::Role, word(pr.role.label_id(), pr.role.label_en())),
        ],
        Payload::AgencyUpserted(a) => vec![
            (F::Name, Value::text(format!("{} — {}", a.code, a.name))),
            (F::Region, Value::text(&a.region)),
        ],
        Payload::EmployeeUpserted(e) => vec![
            (F::Nip, Value::Text(e.nip.to_string())),
            (F::Name, Value::text(&e.name)),
            (F::Position, Value::text(&e.position)),
            (F::Unit, Value::text(&e.unit)),
            (F::Agency, Value::text(&e.agency)),
        ],
        Payload::TemplateImported { template, .. } => vec![
            (
                F::Checklist,
                Value::text(format!("{} — {}", template.id, template.title)),
            ),
            (F::Version, Value::text(&template.version)),
            (F::Items, Value::Text(template.item_count().to_string())),
        ],
        Payload::AuditCreated {
            title,
            agency,
            template_id,
            letter,
            period,
            ..
        } => vec![
            (F::Title, Value::text(title)),
            (F::Agency, Value::text(agency)),
            (F::Checklist, Value::text(template_id)),
            (F::Letter, Value::text(letter.clone().unwrap_or_default())),
            (
                F::Period,
                period.map_or(Value::Empty, |p| Value::Text(p.to_string())),
            ),
            (
                F::Phase,
                word(
                    crate::domain::phase::Phase::Planning.label_id(),
                    crate::domain::phase::Phase::Planning.label_en(),
                ),
            ),
        ],
        Payload::ResponseCorrected {
            answer,
            note,
            evidence,
            reason,
            ..
        } => vec![
            (F::Answer, Value::answer(answer)),
            (F::Note, Value::text(note)),
            (
                F::Evidence,
                Value::list(&evidence.iter().map(|e| e.name.clone()).collect::<Vec<_>>()),
            ),
            (F::Reason, Value::text(reason)),
        ],
        Payload::TemplateLimits { limits, .. } => {
            vec![(
                F::Items,
                Value::text(limits_text(limits, Strings::of(Lang::Id))),
            )]
        }
        Payload::EngagementSet { engagement, .. } => engagement_fields(engagement),
        Payload::TemplateComputed { items, .. } => vec![(
            F::Items,
            Value::list(
                &items
                    .iter()
                    .map(|c| format!("{} = {}", c.item, c.from.code()))
                    .collect::<Vec<_>>(),
            ),
        )],
        Payload::SurveyRecorded { survey: s, .. } => vec![
            (F::Items, Value::text(&s.item)),
            (
                F::Evidence,
                Value::Text(format!("{} (SHA-256 {})", s.file, hex::encode(s.sha256))),
            ),
            (F::Unit, Value::text(&s.unit)),
            (F::Period, Value::text(&s.period)),
            (
                F::Answer,
                Value::Text(format!(
                    "IKM {} ({}, {} responden)",
                    s.ikm(),
                    s.mutu,
                    s.respondents
                )),
            ),
        ],
        Payload::TemplateDefaults { defaults: d, .. } => vec![
            (F::Basis, Value::text(d.basis.join("; "))),
            (F::Objective, Value::text(&d.objective)),
            (F::Scope, Value::text(&d.scope)),
            (F::Methods, Value::list(&d.methods)),
        ],
        Payload::SignOffWithdrawn { role, reason, .. } => vec![
            (
                F::SignOff,
                Value::Word(
                    format!("{} (ditarik)", role.label_id()),
                    format!("{} (withdrawn)", role.label_en()),
                ),
            ),
            (F::Reason, Value::text(reason)),
        ],
        Payload::FindingWithdrawn { reason, .. } | Payload::RatingWithdrawn { reason, .. } => vec![
            (F::Withdrawn, word("ditarik", "withdrawn")),
            (F::Reason, Value::text(reason)),
        ],
        Payload::ResponseRecorded {
            answer,
            note,
            evidence,
            ..
        } => vec![
            (F::Answer, Value::answer(answer)),
            (F::Note, Value::text(note)),
            (
                F::Evidence,
                Value::list(&evidence.iter().map(|e| e.name.clone()).collect::<Vec<_>>()),
            ),
        ],
        Payload::PhaseChanged { to, reason, .. } => vec![
            (F::Phase, word(to.label_id(), to.label_en())),
            (F::Reason, Value::text(reason.clone().unwrap_or_default())),
        ],
        Payload::SignedOff {
            role, state_hash, ..
        } => vec![(
            F::SignOff,
            Value::Word(
                format!("{} ({})", role.label_id(), short_hash(state_hash)),
                format!("{} ({})", role.label_en(), short_hash(state_hash)),
            ),
        )],
        Payload::FindingRaised { content: c, .. } | Payload::FindingUpdated { content: c, .. } => {
            let mut v = vec![
                (F::Title, Value::text(&c.title)),
                (
                    F::Severity,
                    word(c.severity.label_id(), c.severity.label_en()),
                ),
                (F::Items, Value::list(&c.items)),
                (F::Kondisi, Value::text(&c.kondisi)),
                (F::Kriteria, Value::text(&c.kriteria)),
                (F::Sebab, Value::text(&c.sebab)),
                (F::Akibat, Value::text(&c.akibat)),
                (F::Rekomendasi, Value::text(recommendations_text(c))),
                (F::Tanggapan, Value::text(&c.tanggapan)),
                (F::Asn, Value::list(&c.nips)),
                (F::Code, Value::text(&c.code)),
                (F::CauseCode, Value::text(&c.cause_code)),
            ];
            // a raised finding starts its follow-up; an edit leaves the follow-up as it was
            if matches!(p, Payload::FindingRaised { .. }) {
                let initial = crate::domain::followup::FollowUpStatus::BelumDitindaklanjuti;
                v.extend([
                    (
                        F::FollowUpStatus,
                        word(initial.label_id(), initial.label_en()),
                    ),
                    (F::FollowUpNote, Value::Empty),
                    (F::Due, Value::Empty),
                ]);
            }
            v
        }
        Payload::FollowUpRecorded {
            status, note, due, ..
        } => vec![
            (
                F::FollowUpStatus,
                Value::Word(
                    format!("{} {}", status.number(), status.label_id()),
                    format!("{} {}", status.number(), status.label_en()),
                ),
            ),
            (F::FollowUpNote, Value::text(note)),
            (F::Due, due.map_or(Value::Empty, Value::Date)),
        ],
        Payload::FollowUpReported {
            recommendation,
            entry,
            ..
        } => vec![
            (F::Recommendation, Value::Text(recommendation.to_string())),
            (F::EntryDate, Value::Date(entry.date)),
            (F::Entry, Value::text(&entry.action)),
            (F::Evidence, Value::list(&entry.evidence)),
            (
                F::Returned,
                entry
                    .returned
                    .map_or(Value::Empty, |r| Value::Text(r.to_string())),
            ),
        ],
        Payload::FollowUpVerified {
            recommendation,
            entry,
            date,
            status,
            reason,
            ..
        } => {
            let verdict = match (entry, status) {
                (None, _) => ("", ""),
                (Some(_), crate::domain::followup::FollowUpStatus::BelumSesuai) => {
                    ("ditolak: ", "rejected: ")
                }
                (Some(_), _) => ("diterima: ", "accepted: "),
            };
            vec![
                (F::Recommendation, Value::Text(recommendation.to_string())),
                (
                    F::FollowUpStatus,
                    Value::Word(
                        format!("{}{} {}", verdict.0, status.number(), status.label_id()),
                        format!("{}{} {}", verdict.1, status.number(), status.label_en()),
                    ),
                ),
                (F::FollowUpNote, Value::text(reason)),
                (F::EntryDate, Value::Date(*date)),
            ]
        }
        Payload::RatingRecommended { content: c, .. }
        | Payload::RatingUpdated { content: c, .. } => {
            let (hasil, perilaku) = (&c.hasil, &c.perilaku);
            let pk = crate::domain::rating::predikat(*hasil, *perilaku);
            let mut v = vec![
                (F::Asn, Value::Text(c.nip.to_string())),
                (F::Period, Value::Text(c.period.to_string())),
                (
                    F::Rating,
                    Value::Word(
                        format!(
                            "{} × {} → {}",
                            hasil.label_id(),
                            perilaku.label_id(),
                            pk.label_id()
                        ),
                        // the predikat is a term of the rules: it stays as they write it
                        format!(
                            "{} × {} → {}",
                            hasil.label_en(),
                            perilaku.label_en(),
                            pk.label_id()
                        ),
                    ),
                ),
                (F::Justification, Value::text(&c.justification)),
                (F::Action, word(c.action.label_id(), c.action.label_en())),
            ];
            if let Payload::RatingUpdated { reason, .. } = p {
                v.push((F::Reason, Value::text(reason)));
            }
            v
        }
    }
}

/// A finding's recommendations as one text of the trail: one line each, numbered, with the
/// code, responsible official, due date and value each has.
fn recommendations_text(c: &FindingContent) -> String {
    c.recommendations
        .iter()
        .map(|r| {
            let mut line = format!("{}. ", r.no);
            if !r.code.is_empty() {
                line.push_str(&format!("[{}] ", r.code));
            }
            line.push_str(&r.text);
            let who = r.official.label();
            let mut extra = Vec::new();
            if !who.is_empty() {
                extra.push(who);
            }
            if let Some(nip) = &r.official.nip {
                extra.push(nip.to_string());
            }
            if let Some(d) = r.due {
                extra.push(d.to_string());
            }
            if let Some(v) = r.value {
                extra.push(v.to_string());
            }
            if !extra.is_empty() {
                line.push_str(&format!(" ({})", extra.join("; ")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finding raised starts with this follow-up status; a follow-up event shows it with its number.
fn follow_up_value(v: Value, p: &Payload) -> Value {
    match (p, v) {
        (Payload::FindingRaised { .. }, Value::Word(id, en)) => {
            let n = crate::domain::followup::FollowUpStatus::BelumDitindaklanjuti.number();
            Value::Word(format!("{n} {id}"), format!("{n} {en}"))
        }
        (_, v) => v,
    }
}

/// The lines of a change: each field the event sets, with the value the previous version had.
pub fn change_lines(event: &Payload, previous: Option<&Payload>) -> Vec<ChangeLine> {
    let before: Vec<(Field, Value)> = previous
        .map(|p| {
            fields(p)
                .into_iter()
                .map(|(f, v)| {
                    let v = if f == Field::FollowUpStatus {
                        follow_up_value(v, p)
                    } else {
                        v
                    };
                    (f, v)
                })
                .collect()
        })
        .unwrap_or_default();
    fields(event)
        .into_iter()
        .map(|(field, after)| {
            let after = if field == Field::FollowUpStatus {
                follow_up_value(after, event)
            } else {
                after
            };
            let before = match (event, field) {
                // a phase change says where it came from
                (Payload::PhaseChanged { from, .. }, Field::Phase) => {
                    Some(Value::word(from.label_id(), from.label_en()))
                }
                _ if previous.is_some() => Some(
                    before
                        .iter()
                        .find(|(f, _)| *f == field)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::Empty),
                ),
                _ => None,
            };
            ChangeLine {
                field,
                before,
                after,
            }
        })
        .collect()
}

/// Why a date range does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// This part is not a date ([`crate::domain::date::parse_date`] reads it).
    NotADate(String),
    /// The end is before the start.
    Backwards,
}

/// A range of days, either end optional, as time bounds: from the start day's local midnight
/// (inclusive) to the midnight after the end day (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// `2026-01-01..2026-03-31`, `2026-01-01..`, `..2026-03-31`, or one day `2026-02-03`; each
    /// date in any form [`parse_date`] reads (`1 Januari 2026..31/03/2026`).
    pub fn parse(s: &str) -> Result<DateRange, RangeError> {
        let s = s.trim();
        let day = |p: &str| -> Result<Option<NaiveDate>, RangeError> {
            let p = p.trim();
            if p.is_empty() {
                return Ok(None);
            }
            parse_date(p)
                .map(Some)
                .map_err(|_| RangeError::NotADate(p.to_string()))
        };
        let range = match s.split_once("..") {
            Some((a, b)) => DateRange {
                from: day(a)?,
                to: day(b)?,
            },
            None => {
                let d = day(s)?;
                DateRange { from: d, to: d }
            }
        };
        if let (Some(a), Some(b)) = (range.from, range.to) {
            if b < a {
                return Err(RangeError::Backwards);
            }
        }
        Ok(range)
    }

    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// (since_ms, until_ms) for an [`EventFilter`].
    pub fn bounds_ms(&self) -> (Option<i64>, Option<i64>) {
        (
            self.from.and_then(midnight_ms),
            self.to.and_then(|d| d.succ_opt()).and_then(midnight_ms),
        )
    }
}

fn midnight_ms(d: NaiveDate) -> Option<i64> {
    d.and_hms_opt(0, 0, 0)?
        .and_local_timezone(chrono::Local)
        .earliest()
        .map(|t| t.timestamp_millis())
}

fn answer_of(iv: &ItemView) -> Option<&Answer> {
    iv.response.as_ref().and_then(|r| r.answer.as_ref())
}

/// An audit as it stood at one event of the trail.
#[derive(Debug, Clone)]
pub struct AsOfView {
    pub summary: AuditSummary,
    /// The chosen event: the state includes it.
    pub event: EventPos,
    pub at: DateTime<Utc>,
    /// How many of the audit's events were replayed.
    pub events: usize,
    pub items: Vec<ItemView>,
    pub findings: Vec<Finding>,
}

impl App {
    /// A page of the trail, newest first: up to `limit` events matching `filter` older than
    /// `after` (the last event of the previous page), or the newest when `after` is `None`.
    pub fn log_page(
        &self,
        filter: &EventFilter,
        after: Option<&EventPos>,
        limit: usize,
    ) -> Result<Vec<Event>, AppError> {
        Ok(self.store.events_before(filter, after, limit)?)
    }

    /// A device's name and key fingerprint (first 16 hex digits of its registered Ed25519 key).
    pub fn device_label(&self, device: &Id) -> Result<Option<(String, String)>, AppError> {
        Ok(self
            .store
            .device_info(device)?
            .map(|(key, name)| (name, fingerprint(&key))))
    }

    /// What `event` changed: the record before (the version its `base` names, looked up among at
    /// most [`CHANGE_WALK_MAX`] earlier events of the same audit, or of the same kind outside
    /// audits) and after.
    pub fn change(&self, event: &Event) -> Result<Change, AppError> {
        let b = &event.body;
        let previous = match &b.base {
            None => None,
            Some(base) => self.find_version(event, base)?,
        };
        Ok(Change {
            lines: change_lines(&b.payload, previous.as_ref().map(|e| &e.body.payload)),
            has_base: b.base.is_some(),
            previous,
        })
    }

    fn find_version(&self, event: &Event, base: &Hash) -> Result<Option<Event>, AppError> {
        let p = &event.body.payload;
        // the earlier versions of a record are events of the same audit, or of the same kind
        let filter = match p.audit() {
            Some(audit) => EventFilter {
                audit: Some(audit),
                ..Default::default()
            },
            None => EventFilter {
                kind: Some(match p {
                    Payload::ConflictResolved { value, .. } => value.kind(),
                    _ => p.kind(),
                }),
                ..Default::default()
            },
        };
        let found =
            self.store
                .find_event_before(&filter, &EventPos::of(event), base, CHANGE_WALK_MAX)?;
        let key = crate::store::apply::register_key(&event.body.device, p);
        let parent = crate::store::apply::parent_register(p);
        // the base names the record's version; make sure it is the same record
        Ok(found.filter(|e| {
            let k = crate::store::apply::register_key(&e.body.device, &e.body.payload);
            k == key || Some(&k) == parent.as_ref()
        }))
    }

    /// The audit as it stood right after the event (`device`, `seq`): that audit's events up to
    /// it, replayed in journal order into a temporary database with the store's own `apply`.
    pub fn audit_as_of(&self, audit: &Id, device: &Id, seq: u64) -> Result<AsOfView, AppError> {
        let eref = self
            .store
            .event_ref(device, seq)?
            .ok_or_else(|| said("error.app.no_event", &[("seq", &seq), ("device", device)]))?;
        let event = self.store.event_at(eref.offset)?;
        let pos = EventPos::of(&event);
        let filter = EventFilter {
            audit: Some(*audit),
            ..Default::default()
        };
        let mut offsets = self.store.event_offsets_through(&filter, &pos)?;
        offsets.sort_unstable();
        offsets.dedup();
        let snap = self.store.snapshot(&offsets)?;
        let a = snap.audit(audit)?.ok_or_else(|| {
            said(
                "error.app.audit_not_yet",
                &[("id", &crate::present::short_id(audit))],
            )
        })?;
        // templates are stored by content hash and never change: the live one is the pinned one
        let template = self
            .store
            .template(&a.template_hash)?
            .ok_or_else(|| AppError::UnknownTemplate(a.template_id.clone()))?;
        let mut responses = snap.responses(audit)?;
        let items: Vec<ItemView> = template
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
            .map(|(s, i)| {
                let pos = responses.iter().position(|r| r.item == i.code);
                ItemView {
                    section: s.code.clone(),
                    section_title: s.title.clone(),
                    item: i.clone(),
                    response: pos.map(|p| responses.swap_remove(p)),
                }
            })
            .collect();
        let progress = score::progress(items.iter().map(answer_of));
        let compliance = score::compliance(items.iter().map(|iv| (iv.item.weight, answer_of(iv))));
        let findings = snap.findings_of_audit(audit)?;
        let mut by_severity = [0usize; 3];
        for f in &findings {
            by_severity[match f.content.severity {
                crate::domain::followup::Severity::Low => 0,
                crate::domain::followup::Severity::Medium => 1,
                crate::domain::followup::Severity::High => 2,
            }] += 1;
        }
        let agency_name = self
            .store
            .agency(&a.agency)?
            .map(|ag| ag.name)
            .unwrap_or_else(|| a.agency.clone());
        Ok(AsOfView {
            summary: AuditSummary {
                template_title: template.title.clone(),
                audit: a,
                agency_name,
                progress,
                compliance,
                findings: by_severity,
            },
            event: pos,
            at: event.at(),
            events: snap.events(),
            items,
            findings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges_read_either_side_and_say_what_is_wrong() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            DateRange::parse("2026-01-01..2026-03-31"),
            Ok(DateRange {
                from: d("2026-01-01"),
                to: d("2026-03-31")
            })
        );
        assert_eq!(DateRange::parse(" ..2026-03-31 ").map(|r| r.from), Ok(None));
        assert_eq!(
            DateRange::parse("2026-02-03"),
            Ok(DateRange {
                from: d("2026-02-03"),
                to: d("2026-02-03")
            })
        );
        assert!(DateRange::parse("").unwrap().is_empty());
        assert_eq!(
            DateRange::parse("2026-13-01.."),
            Err(RangeError::NotADate("2026-13-01".into()))
        );
        assert_eq!(
            DateRange::parse("2026-03-01..2026-02-01"),
            Err(RangeError::Backwards)
        );
        // any form a date is typed in, on either side
        assert_eq!(
            DateRange::parse("1 Januari 2026..31/03/2026"),
            DateRange::parse("2026-01-01..2026-03-31")
        );
        assert_eq!(
            DateRange::parse("01.01.2026..31.03.2026"),
            DateRange::parse("2026-01-01..2026-03-31")
        );
        assert_eq!(
            DateRange::parse("..Mar 31, 2026"),
            DateRange::parse("..2026-03-31")
        );
        assert_eq!(
            DateRange::parse("3 Feb 2026"),
            DateRange::parse("2026-02-03")
        );
        assert_eq!(
            DateRange::parse("31/02/2026.."),
            Err(RangeError::NotADate("31/02/2026".into()))
        );
        let (a, b) = DateRange::parse("2026-02-03").unwrap().bounds_ms();
        assert_eq!(b.unwrap() - a.unwrap(), 24 * 3600 * 1000);
    }

    #[test]
    fn a_finding_edit_lists_what_it_changed_before_what_it_left() {
        use crate::domain::followup::Severity;
        let finding = |sebab: &str, severity| Payload::FindingUpdated {
            id: Id::from_u128(2),
            audit: Id::from_u128(1),
            content: FindingContent {
                items: vec!["SP-05".into()],
                title: "Maklumat".into(),
                kondisi: "Kondisi.".into(),
                kriteria: "Kriteria.".into(),
                sebab: sebab.into(),
                akibat: "Akibat.".into(),
                recommendations: vec![crate::domain::model::Recommendation {
                    no: 1,
                    text: "Rekomendasi.".into(),
                    ..Default::default()
                }],
                code: String::new(),
                cause_code: String::new(),
                tanggapan: String::new(),
                severity,
                nips: vec![],
            },
        };
        let before = finding("Sebab lama.", Severity::Medium);
        let after = finding("Sebab baru.", Severity::High);
        let change = Change {
            previous: None,
            has_base: true,
            lines: change_lines(&after, Some(&before)),
        };
        let (changed, same) = change.changed_first();
        let fields = |ls: &[&ChangeLine]| ls.iter().map(|l| l.field).collect::<Vec<_>>();
        assert_eq!(fields(&changed), [Field::Severity, Field::Sebab]);
        assert_eq!(same.len(), 10);
        assert_eq!(
            same[0].field,
            Field::Title,
            "the record's order within each part"
        );
        // a record with no earlier version: everything it sets is new
        let new = Change {
            previous: None,
            has_base: false,
            lines: change_lines(&after, None),
        };
        assert!(new.changed_first().1.is_empty());
    }

    #[test]
    fn phase_changes_show_where_they_came_from() {
        use crate::domain::phase::Phase;
        let p = Payload::PhaseChanged {
            audit: Id::from_u128(1),
            from: Phase::Planning,
            to: Phase::Fieldwork,
            reason: None,
            followup_days: None,
        };
        let lines = change_lines(&p, None);
        assert_eq!(lines[0].field, Field::Phase);
        assert_eq!(
            lines[0].before,
            Some(Value::word("Perencanaan", "Planning"))
        );
        assert!(lines[0].changed());
    }

    #[test]
    fn a_number_answer_is_written_the_languages_way_in_a_summary() {
        let p = Payload::ResponseRecorded {
            audit: crate::domain::Id::nil(),
            item: "SKM-04".into(),
            answer: Some(score::Answer::Number(3.2)),
            note: String::new(),
            evidence: Vec::new(),
        };
        assert_eq!(describe_payload(&p, Strings::of(Lang::Id)), "SKM-04: 3,2");
        assert_eq!(describe_payload(&p, Strings::of(Lang::En)), "SKM-04: 3.2");
    }

    #[test]
    fn a_rating_summary_names_the_scale_in_the_languages_words() {
        use crate::domain::followup::FollowUpAction;
        use crate::domain::rating::RatingLevel;
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let p = Payload::RatingRecommended {
            id: crate::domain::Id::nil(),
            audit: crate::domain::Id::nil(),
            content: RatingContent {
                nip: crate::domain::nip::Nip::parse("19710128 200202 2 001", today)
                    .unwrap()
                    .nip,
                period: crate::domain::period::Period::parse("2026-S2").unwrap(),
                hasil: RatingLevel::Meets,
                perilaku: RatingLevel::Below,
                berakhlak: Vec::new(),
                justification: String::new(),
                findings: Vec::new(),
                action: FollowUpAction::Pelatihan,
            },
        };
        let id = describe_payload(&p, Strings::of(Lang::Id));
        assert!(
            id.ends_with("Sesuai Ekspektasi × Di Bawah Ekspektasi → Kurang/Misconduct"),
            "{id}"
        );
        let en = describe_payload(&p, Strings::of(Lang::En));
        assert!(en.ends_with("meets × below → Kurang/Misconduct"), "{en}");
    }
}

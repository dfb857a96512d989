//! The errors a command can end in, each one clear and specific enough to act on.

use crate::domain::nip::NipError;
use crate::domain::phase::{Phase, PhaseError, Role};
use crate::exchange::checklist::Diagnostic;
use crate::exchange::roster::{Problem, RosterError};
use crate::store::StoreError;
use crate::text::{Lang, Strings};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this store has no current auditor profile; add one with `periksa profile add --name NAME --nip NIP`")]
    NoProfile,
    #[error("no auditor profile matches \"{0}\"; see `periksa profile list`")]
    UnknownProfile(String),
    #[error("no audit matches \"{0}\"; see `periksa audit list`")]
    UnknownAudit(String),
    #[error("\"{0}\" matches {1} audits; give more of the id")]
    AmbiguousAudit(String, usize),
    #[error("audit {audit} has no checklist item \"{item}\" (its checklist is {template})")]
    UnknownItem {
        audit: String,
        item: String,
        template: String,
    },
    #[error("no agency with code \"{0}\"; see `periksa agency list` or import agencies first")]
    UnknownAgency(String),
    #[error("no checklist template \"{0}\"; see `periksa checklist list` or import it with `periksa checklist import FILE`")]
    UnknownTemplate(String),
    #[error("no employee with NIP {0} on the roster; import the roster first (`periksa roster import FILE`)")]
    UnknownEmployee(String),
    #[error("no finding matches \"{0}\"; see `periksa finding list AUDIT`")]
    UnknownFinding(String),
    #[error("{0}")]
    Phase(#[from] crate::domain::phase::PhaseError),
    /// An answer that does not fit the item's kind (see [`AppError::is_usage`]).
    #[error("item {item}: {source}")]
    Answer {
        item: String,
        source: crate::domain::score::AnswerError,
    },
    #[error("{0}")]
    Date(#[from] crate::domain::date::DateError),
    /// A text that is not an amount of rupiah.
    #[error("{0}")]
    Money(#[from] crate::domain::money::MoneyError),
    /// An engagement that breaks its rules (one person per role, schedules in order, …).
    #[error("{0}")]
    Engagement(#[from] crate::domain::engagement::EngagementError),
    #[error("NIP: {0}")]
    Nip(#[from] NipError),
    /// A text that names no period.
    #[error("{0}")]
    Period(#[from] crate::domain::period::PeriodError),
    /// A word that names no severity, follow-up status, penalty or action.
    #[error("{0}")]
    FollowUp(#[from] crate::domain::followup::FollowUpError),
    /// A word that names no rating level or predikat.
    #[error("{0}")]
    Rating(#[from] crate::domain::rating::RatingError),
    #[error("{}", join(.0))]
    Checklist(Vec<Diagnostic>),
    /// Boxed: a roster error carries the file, sheet and header it is about.
    #[error(transparent)]
    Roster(Box<RosterError>),
    #[error("{} problem(s), nothing imported (use --skip-invalid to import the valid rows):\n{}", .0.len(), join(.0))]
    Rows(Vec<Problem>),
    /// A survey file's bad answers: the first ones, and how many in all (the file is refused
    /// whole; there is no skipping in a survey, whose index every row changes).
    #[error("{total} problem(s) in the survey file, nothing computed:\n{}", join(.problems))]
    SurveyRows {
        problems: Vec<Problem>,
        total: usize,
    },
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Export(#[from] crate::exchange::export::ExportError),
    /// Code tables (`kode.toml`) that cannot be used.
    #[error("{0}: {1}")]
    Codes(String, crate::domain::codes::CodesError),
    /// A report settings file (`laporan.toml`) that cannot be used.
    #[error(transparent)]
    ReportSettings(#[from] crate::exchange::report_settings::SettingsError),
    /// An export edited in a spreadsheet that cannot be read back at all.
    #[error(transparent)]
    Sheet(Box<crate::exchange::roundtrip::RoundTripError>),
    #[error(transparent)]
    Bundle(#[from] crate::exchange::bundle::BundleError),
    /// Final is refused while the completeness check finds gaps that block it.
    #[error("cannot make the audit final: {}", crate::app::check::blocking_summary(.0))]
    Incomplete(Box<crate::domain::check::Completeness>),
    /// A second recommendation for the same (audit, NIP, period).
    #[error("ASN {nip} already has a rating recommendation for {period} in this audit: {id} ({hasil} × {perilaku} → {predikat}); give --replace REASON to replace it, or change it with `periksa rating edit {id}`", nip = .0.content.nip, period = .0.content.period, id = crate::present::short_id(&.0.id), hasil = .0.content.hasil.code(), perilaku = .0.content.perilaku.code(), predikat = .0.predikat.label_id())]
    RatingExists(Box<crate::domain::model::Rating>),
    /// A conflict's texts cannot be merged, or an edited merge text does not read.
    #[error(transparent)]
    Merge(#[from] super::merge::MergeError),
    #[error("{0}")]
    Invalid(String),
    /// A message by key in `[error]` of data/i18n, with its values: said in the user's language
    /// by [`AppError::message`], in English by `Display`.
    #[error("{}", .0.render(Strings::of(Lang::En)))]
    Said(Said),
    /// An argument value the command cannot take, found only once the command looks at it (see
    /// [`AppError::is_usage`]).
    #[error("{0}")]
    Usage(String),
}

/// A keyed message and its values (see [`AppError::Said`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value in a keyed message: text as it is, or a time written the language's way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Time(chrono::DateTime<chrono::Utc>),
}

impl Said {
    pub fn render(&self, t: &Strings) -> String {
        let values: Vec<String> = self
            .args
            .iter()
            .map(|(_, a)| match a {
                Arg::Text(s) => s.clone(),
                Arg::Time(at) => t.datetime(*at),
            })
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = self
            .args
            .iter()
            .zip(&values)
            .map(|((k, _), v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        t.f(self.key, &args)
    }
}

/// An error said by key (under `error.`) with its values.
pub fn said(key: &'static str, args: &[(&'static str, &dyn std::fmt::Display)]) -> AppError {
    AppError::Said(Said {
        key,
        args: args
            .iter()
            .map(|(k, v)| (*k, Arg::Text(v.to_string())))
            .collect(),
    })
}

impl AppError {
    /// The message in the language of `t`, from `[error]` of data/i18n: every variant is said by
    /// key (the errors of the layers below through [`super::error_text`]). Only `Invalid` and
    /// `Usage` carry a message made elsewhere, and say it as it was made.
    pub fn message(&self, t: &Strings) -> String {
        use super::error_text as say;
        match self {
            AppError::Store(e) => say::store(e, t),
            AppError::NoProfile => t.t("error.no_profile").to_string(),
            AppError::UnknownProfile(x) => t.f("error.unknown_profile", &[("x", x)]),
            AppError::UnknownAudit(x) => t.f("error.unknown_audit", &[("x", x)]),
            AppError::AmbiguousAudit(x, n) => t.f("error.ambiguous_audit", &[("x", x), ("n", n)]),
            AppError::UnknownItem {
                audit,
                item,
                template,
            } => t.f(
                "error.unknown_item",
                &[("audit", audit), ("item", item), ("template", template)],
            ),
            AppError::UnknownAgency(x) => t.f("error.unknown_agency", &[("x", x)]),
            AppError::UnknownTemplate(x) => t.f("error.unknown_template", &[("x", x)]),
            AppError::UnknownEmployee(x) => t.f("error.unknown_employee", &[("x", x)]),
            AppError::UnknownFinding(x) => t.f("error.unknown_finding", &[("x", x)]),
            AppError::Phase(e) => phase_message(e, t),
            AppError::Answer { item, source } => t.f(
                "error.answer.item",
                &[("item", item), ("error", &say::answer(source, t))],
            ),
            AppError::Date(e) => say::date(e, t),
            AppError::Engagement(e) => say::engagement(e, t),
            AppError::Money(e) => say::money(e, t),
            AppError::Nip(e) => t.f("error.nip.prefix", &[("error", &say::nip(e, t))]),
            AppError::Period(e) => say::period(e, t),
            AppError::FollowUp(e) => say::followup(e, t),
            AppError::Rating(e) => say::rating(e, t),
            AppError::Checklist(all) => all
                .iter()
                .map(|d| say::diagnostic(d, t))
                .collect::<Vec<_>>()
                .join("\n"),
            AppError::Roster(e) => say::table(e, t),
            AppError::Rows(problems) => say::rows(problems, t),
            AppError::SurveyRows { problems, total } => say::survey_rows(problems, *total, t),
            AppError::File { path, source } => t.f(
                "error.file",
                &[("path", path), ("reason", &say::io_reason(source, t))],
            ),
            AppError::Export(e) => say::export(e, t),
            AppError::Codes(file, e) => say::codes(file, e, t),
            AppError::ReportSettings(e) => say::report_settings(e, t),
            AppError::Sheet(e) => say::sheet(e, t),
            AppError::Bundle(e) => say::bundle(e, t),
            AppError::Incomplete(c) => say::incomplete(c, t),
            AppError::RatingExists(r) => t.f(
                "error.rating_exists",
                &[
                    ("nip", &r.content.nip),
                    (
                        "period",
                        &match t.lang {
                            Lang::Id => r.content.period.label_id(),
                            Lang::En => r.content.period.to_string(),
                        },
                    ),
                    ("id", &crate::present::short_id(&r.id)),
                    ("hasil", &r.content.hasil.code()),
                    ("perilaku", &r.content.perilaku.code()),
                    ("predikat", &r.predikat.label_id()),
                ],
            ),
            AppError::Merge(e) => say::merge(e, t),
            AppError::Said(m) => m.render(t),
            // made by the command line or the terminal UI, in the words they chose
            AppError::Invalid(m) | AppError::Usage(m) => m.clone(),
        }
    }

    /// Whether this is an argument value the command cannot take at all, rather than work that
    /// failed: the command line exits 2 for it, as for the values its parser refuses itself.
    pub fn is_usage(&self) -> bool {
        matches!(self, AppError::Answer { .. } | AppError::Usage(_))
    }
}

impl From<RosterError> for AppError {
    fn from(e: RosterError) -> AppError {
        AppError::Roster(Box::new(e))
    }
}

/// A refused phase change, sign-off or reopening in the language of `t`.
pub fn phase_message(e: &PhaseError, t: &Strings) -> String {
    let role = |r: &Role| r.label_id();
    let phase = |p: &Phase| match t.lang {
        Lang::Id => p.label_id().to_string(),
        Lang::En => p.to_string(),
    };
    match e {
        PhaseError::UnknownPhase(x) => {
            t.f("error.phase.unknown_phase", &[("x", &format!("{x:?}"))])
        }
        PhaseError::UnknownRole(x) => t.f("error.phase.unknown_role", &[("x", &format!("{x:?}"))]),
        PhaseError::Locked => t.t("error.phase.locked").to_string(),
        PhaseError::ReopenNeedsReason => t.t("error.phase.reopen_needs_reason").to_string(),
        PhaseError::NotFinal(p) => t.f("error.phase.not_final", &[("phase", &phase(p))]),
        PhaseError::SignOffMissing(r) => t.f(
            "error.phase.signoff_missing",
            &[("role", &role(r)), ("code", &r.code())],
        ),
        PhaseError::SignOffStale(r) => t.f(
            "error.phase.signoff_stale",
            &[("role", &role(r)), ("code", &r.code())],
        ),
        PhaseError::SignOutOfOrder { role: r, before } => t.f(
            "error.phase.out_of_order",
            &[("role", &role(r)), ("before", &role(before))],
        ),
        PhaseError::SamePerson { role: r, signed } => t.f(
            "error.phase.same_person",
            &[("role", &role(r)), ("signed", &role(signed))],
        ),
        PhaseError::CannotSignInPhase(p) => {
            t.f("error.phase.cannot_sign_in_phase", &[("phase", &phase(p))])
        }
        PhaseError::NotSigned(r) => t.f("error.phase.not_signed", &[("role", &role(r))]),
        PhaseError::NotYourSignOff(r) => t.f("error.phase.not_your_signoff", &[("role", &role(r))]),
        PhaseError::LaterRoleSigned { role: r, later } => t.f(
            "error.phase.later_role_signed",
            &[("role", &role(r)), ("later", &role(later))],
        ),
    }
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Lang, Strings};

    fn samples() -> Vec<AppError> {
        let mut out = vec![
            AppError::NoProfile,
            AppError::UnknownProfile("budi".into()),
            AppError::UnknownAudit("x1".into()),
            AppError::AmbiguousAudit("01".into(), 3),
            AppError::UnknownItem {
                audit: "a1".into(),
                item: "ZZ-9".into(),
                template: "pelayanan-publik".into(),
            },
            AppError::UnknownAgency("DINSOS".into()),
            AppError::UnknownTemplate("sakip".into()),
            AppError::UnknownEmployee("198609262015051001".into()),
            AppError::UnknownFinding("f9".into()),
        ];
        let (lead, quality) = (Role::Lead, Role::Quality);
        out.extend(
            [
                PhaseError::UnknownPhase("x".into()),
                PhaseError::UnknownRole("x".into()),
                PhaseError::Locked,
                PhaseError::ReopenNeedsReason,
                PhaseError::NotFinal(Phase::Review),
                PhaseError::SignOffMissing(quality),
                PhaseError::SignOffStale(lead),
                PhaseError::SignOutOfOrder {
                    role: quality,
                    before: lead,
                },
                PhaseError::SamePerson {
                    role: quality,
                    signed: lead,
                },
                PhaseError::CannotSignInPhase(Phase::Planning),
                PhaseError::NotSigned(lead),
                PhaseError::NotYourSignOff(lead),
                PhaseError::LaterRoleSigned {
                    role: lead,
                    later: quality,
                },
            ]
            .map(AppError::Phase),
        );
        out
    }

    #[test]
    fn messages_in_english_are_the_errors_own_and_in_indonesian_are_indonesian() {
        let (en, id) = (Strings::of(Lang::En), Strings::of(Lang::Id));
        for e in samples() {
            assert_eq!(e.message(en), e.to_string());
            let m = e.message(id);
            assert_ne!(m, e.to_string(), "{m}");
            for english in [" cannot ", " the ", " no ", " has ", " must "] {
                assert!(!m.contains(english), "{english:?} in {m}");
            }
        }
    }

    /// One value of every variant (the match in [`variant`] makes a new variant fail to compile
    /// here until it has a sample).
    fn every_variant() -> Vec<AppError> {
        use crate::domain::check::{CheckRules, Completeness, Gap};
        use crate::domain::model::{Rating, RatingContent};
        use crate::domain::period::{Period, PeriodError};
        use crate::domain::rating::{Predikat, RatingLevel};
        use crate::domain::score::AnswerError;
        let nip = crate::domain::nip::Nip::parse(
            "198609262015051001",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap()
        .nip;
        let at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        let rating = Rating {
            id: uuid::Uuid::nil(),
            audit: uuid::Uuid::nil(),
            content: RatingContent {
                nip,
                period: Period::Semester(2026, 1),
                hasil: RatingLevel::Meets,
                perilaku: RatingLevel::Meets,
                berakhlak: Vec::new(),
                justification: String::new(),
                findings: Vec::new(),
                action: crate::domain::followup::FollowUpAction::None,
            },
            predikat: Predikat::Baik,
            is_final: false,
            created_by: uuid::Uuid::nil(),
            created_at: at,
            updated_at: at,
            withdrawn: None,
        };
        let mut out = samples();
        out.extend([
            AppError::Store(StoreError::Poisoned),
            AppError::Store(StoreError::Cancelled),
            AppError::Answer {
                item: "A-1".into(),
                source: AnswerError::Score("7".into()),
            },
            AppError::Date(crate::domain::date::DateError::Unreadable {
                text: "besok".into(),
            }),
            AppError::Nip(NipError::Empty),
            AppError::Period(PeriodError::Semester {
                input: "2026-S3".into(),
                n: 3,
            }),
            AppError::FollowUp(crate::domain::followup::FollowUpError::StatusNumber(9)),
            AppError::Rating(crate::domain::rating::RatingError::UnknownRating(
                "hebat".into(),
            )),
            AppError::Checklist(vec![Diagnostic {
                file: "t.toml".into(),
                line: 3,
                column: 1,
                issue: crate::exchange::checklist::Issue::EmptySections,
            }]),
            AppError::from(RosterError::Empty {
                file: "asn.csv".into(),
            }),
            AppError::Rows(vec![Problem {
                file: "asn.csv".into(),
                sheet: None,
                line: 4,
                field: "nama".into(),
                reason: crate::exchange::tabular::RowReason::Empty,
            }]),
            AppError::SurveyRows {
                problems: vec![Problem {
                    file: "skm.csv".into(),
                    sheet: None,
                    line: 7,
                    field: "U3 (C)".into(),
                    reason: crate::exchange::tabular::RowReason::SkmOutOfRange { value: 0, max: 4 },
                }],
                total: 25,
            },
            AppError::File {
                path: "x.csv".into(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            AppError::Export(crate::exchange::export::ExportError::UnknownFormat(
                "pdf".into(),
            )),
            AppError::Sheet(Box::new(
                crate::exchange::roundtrip::RoundTripError::NoTables {
                    file: "e.xlsx".into(),
                },
            )),
            AppError::Bundle(crate::exchange::bundle::BundleError::Encrypted {
                path: "f.periksa".into(),
            }),
            AppError::Incomplete(Box::new(Completeness {
                gaps: vec![Gap::Unanswered { item: "A-1".into() }],
                rules: CheckRules::builtin().unwrap(),
            })),
            AppError::RatingExists(Box::new(rating)),
            AppError::Merge(super::super::merge::MergeError::Outside),
            AppError::Invalid("data as given".into()),
            said("error.nothing_to_record", &[]),
            AppError::Usage("data as given".into()),
        ]);
        use crate::domain::engagement::{EngagementError, TeamRole, Which};
        use crate::domain::money::MoneyError;
        out.extend([
            AppError::Money(MoneyError::Unreadable("satu juta".into())),
            AppError::Money(MoneyError::Negative("-500.000".into())),
            AppError::Money(MoneyError::TooPrecise("1.000,555".into())),
            AppError::Money(MoneyError::TooLarge("99999999999999999999".into())),
        ]);
        use crate::domain::codes::CodesError;
        let kode = || "kode.toml".to_string();
        out.extend([
            AppError::Codes(kode(), CodesError::Toml("expected `=`".into())),
            AppError::Codes(
                kode(),
                CodesError::BadCode {
                    table: "temuan",
                    code: "A1".into(),
                },
            ),
            AppError::Codes(
                kode(),
                CodesError::NoText {
                    table: "sebab",
                    code: "1".into(),
                },
            ),
            AppError::Codes(
                kode(),
                CodesError::Twice {
                    table: "rekomendasi",
                    code: "01".into(),
                },
            ),
            AppError::Codes(
                kode(),
                CodesError::NoParent {
                    table: "temuan",
                    code: "9.01".into(),
                    parent: "9".into(),
                },
            ),
            AppError::Codes(
                kode(),
                CodesError::CompetenceOutsideCauses {
                    table: "rekomendasi",
                    code: "08".into(),
                },
            ),
        ]);
        use crate::exchange::report_settings::SettingsError;
        let file = || "laporan.toml".to_string();
        out.extend([
            AppError::ReportSettings(SettingsError::Unreadable {
                file: file(),
                kind: std::io::ErrorKind::NotFound,
                reason: "No such file or directory (os error 2)".into(),
            }),
            AppError::ReportSettings(SettingsError::TooLarge {
                file: file(),
                limit: 262_144,
            }),
            AppError::ReportSettings(SettingsError::Syntax {
                file: file(),
                line: 2,
                column: 1,
                detail: "unknown field `papper`".into(),
            }),
            AppError::ReportSettings(SettingsError::Paper {
                file: file(),
                found: "A3".into(),
            }),
            AppError::ReportSettings(SettingsError::UnknownPhrase {
                file: file(),
                key: "bab9".into(),
            }),
            AppError::ReportSettings(SettingsError::Logo {
                file: file(),
                logo: "logo.png".into(),
                kind: std::io::ErrorKind::PermissionDenied,
                reason: "Permission denied (os error 13)".into(),
            }),
            AppError::ReportSettings(SettingsError::LogoTooLarge {
                file: file(),
                logo: "logo.png".into(),
                limit: 5_242_880,
            }),
            AppError::ReportSettings(SettingsError::NotAnImage {
                file: file(),
                logo: "logo.gif".into(),
            }),
        ]);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        out.extend([
            AppError::Engagement(EngagementError::UnknownRole("auditor".into())),
            AppError::Engagement(EngagementError::RoleTaken {
                role: TeamRole::Lead,
                first: "Budi".into(),
                second: "Sari".into(),
            }),
            AppError::Engagement(EngagementError::TwiceInTeam {
                name: "Budi".into(),
                nip: "19850315 201001 1 002".into(),
            }),
            AppError::Engagement(EngagementError::NamelessMember),
            AppError::Engagement(EngagementError::EndsBeforeStart {
                which: Which::Actual,
                start: day,
                end: day,
            }),
            AppError::Engagement(EngagementError::TooManyDays {
                which: Which::Planned,
                days: 13,
                span: 12,
            }),
            AppError::Engagement(EngagementError::NoDays {
                which: Which::Planned,
            }),
            said("error.engagement.days", &[("found", &"sepuluh")]),
            said(
                "error.engagement.member_line",
                &[("n", &2), ("line", &"ketua tim")],
            ),
            said(
                "error.engagement.unknown_nip",
                &[("n", &1), ("nip", &"19850315 201001 1 002")],
            ),
        ]);
        out
    }

    fn variant(e: &AppError) -> &'static str {
        match e {
            AppError::Store(_) => "Store",
            AppError::NoProfile => "NoProfile",
            AppError::UnknownProfile(_) => "UnknownProfile",
            AppError::UnknownAudit(_) => "UnknownAudit",
            AppError::AmbiguousAudit(..) => "AmbiguousAudit",
            AppError::UnknownItem { .. } => "UnknownItem",
            AppError::UnknownAgency(_) => "UnknownAgency",
            AppError::UnknownTemplate(_) => "UnknownTemplate",
            AppError::UnknownEmployee(_) => "UnknownEmployee",
            AppError::UnknownFinding(_) => "UnknownFinding",
            AppError::Phase(_) => "Phase",
            AppError::Answer { .. } => "Answer",
            AppError::Date(_) => "Date",
            AppError::Engagement(_) => "Engagement",
            AppError::Money(_) => "Money",
            AppError::Nip(_) => "Nip",
            AppError::Period(_) => "Period",
            AppError::FollowUp(_) => "FollowUp",
            AppError::Rating(_) => "Rating",
            AppError::Checklist(_) => "Checklist",
            AppError::Roster(_) => "Roster",
            AppError::Rows(_) => "Rows",
            AppError::SurveyRows { .. } => "SurveyRows",
            AppError::File { .. } => "File",
            AppError::Export(_) => "Export",
            AppError::ReportSettings(_) => "ReportSettings",
            AppError::Codes(..) => "Codes",
            AppError::Sheet(_) => "Sheet",
            AppError::Bundle(_) => "Bundle",
            AppError::Incomplete(_) => "Incomplete",
            AppError::RatingExists(_) => "RatingExists",
            AppError::Merge(_) => "Merge",
            AppError::Invalid(_) => "Invalid",
            AppError::Said(_) => "Said",
            AppError::Usage(_) => "Usage",
        }
    }

    #[test]
    fn every_variant_is_said_differently_in_indonesian_unless_it_is_data() {
        let (en, id) = (Strings::of(Lang::En), Strings::of(Lang::Id));
        let all = every_variant();
        let mut seen: Vec<&str> = all.iter().map(variant).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 35, "a sample of every variant: {seen:?}");
        // a message made elsewhere is data
        let data = ["Invalid", "Usage"];
        for e in &all {
            let (m_id, m_en) = (e.message(id), e.message(en));
            assert!(!m_en.contains("error."), "a key left unsaid: {m_en}");
            assert!(!m_id.contains("error."), "a key left unsaid: {m_id}");
            if data.contains(&variant(e)) {
                continue;
            }
            assert_ne!(m_id, m_en, "{} is said the same in both", variant(e));
        }
    }
}

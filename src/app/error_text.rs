//! The errors of the layers below the app (domain, exchange, store) said in the user's language, by key from `[error.*]` of data/i18n; their own `Display` stays English, for logs and tests.

use crate::app::merge::MergeError;
use crate::codec::CodecError;
use crate::domain::check::{Completeness, Gap};
use crate::domain::date::{DateError, MONTHS_EN, MONTHS_ID};
use crate::domain::engagement::{EngagementError, TeamRole, Which};
use crate::domain::followup::FollowUpError;
use crate::domain::money::MoneyError;
use crate::domain::nip::NipError;
use crate::domain::period::PeriodError;
use crate::domain::rating::{RatingError, RulesError as DistributionError};
use crate::domain::score::AnswerError;
use crate::exchange::bundle::BundleError;
use crate::exchange::checklist::{ticked, Diagnostic, Found, Issue, Level, Owner, SectionName};
use crate::exchange::export::ExportError;
use crate::exchange::report_settings::SettingsError;
use crate::exchange::roundtrip::{self, RecordKind, RoundTripError, SheetNote, SheetReason};
use crate::exchange::tabular::{column_letters, Problem, RowReason, TableError, Unit};
use crate::exchange::workbook::WorkbookError;
use crate::store::journal::JournalError;
use crate::store::{MissingWhat, StoreError};
use crate::text::{Lang, Strings};

/// A value quoted as the English messages quote it (`"2026-S3"`).
fn q(s: &str) -> String {
    format!("{s:?}")
}

/// Why a text is not a NIP.
pub fn nip(e: &NipError, t: &Strings) -> String {
    match e {
        NipError::Empty => t.t("error.nip.empty").to_string(),
        NipError::ScientificNotation { input } => {
            t.f("error.nip.scientific", &[("input", &q(input))])
        }
        NipError::NonDigit {
            input,
            ch,
            position,
        } => t.f(
            "error.nip.non_digit",
            &[
                ("input", &q(input)),
                ("ch", &format!("{ch:?}")),
                ("position", position),
            ],
        ),
        NipError::WrongLength { input, found } => t.f(
            "error.nip.wrong_length",
            &[("input", &q(input)), ("found", found)],
        ),
        NipError::MisplacedSeparator { input, after_digit } => t.f(
            "error.nip.misplaced_separator",
            &[("input", &q(input)), ("after", after_digit)],
        ),
        NipError::InvalidBirthDate { input, segment } => t.f(
            "error.nip.invalid_birth_date",
            &[("input", &q(input)), ("segment", &q(segment))],
        ),
        NipError::BirthYearOutOfRange {
            input,
            year,
            min,
            max,
        } => t.f(
            "error.nip.birth_year_out_of_range",
            &[
                ("input", &q(input)),
                ("year", year),
                ("min", min),
                ("max", max),
            ],
        ),
        NipError::BirthInFuture {
            input,
            birth,
            today,
        } => t.f(
            "error.nip.birth_in_future",
            &[
                ("input", &q(input)),
                ("birth", &t.date(*birth)),
                ("today", &t.date(*today)),
            ],
        ),
        NipError::TmtMonthZero { input } => {
            t.f("error.nip.tmt_month_zero", &[("input", &q(input))])
        }
        NipError::TmtYearBeforeBirth {
            input,
            tmt_year,
            birth_year,
        } => t.f(
            "error.nip.tmt_year_before_birth",
            &[
                ("input", &q(input)),
                ("tmt_year", tmt_year),
                ("birth_year", birth_year),
            ],
        ),
        NipError::TmtBeforeBirth {
            input,
            tmt_year,
            tmt_month,
            birth_year,
            birth_month,
        } => t.f(
            "error.nip.tmt_before_birth",
            &[
                ("input", &q(input)),
                ("tmt", &format!("{tmt_year:04}-{tmt_month:02}")),
                ("birth", &format!("{birth_year:04}-{birth_month:02}")),
            ],
        ),
        NipError::TmtInFuture { input, tmt, today } => t.f(
            "error.nip.tmt_in_future",
            &[
                ("input", &q(input)),
                ("tmt", &q(tmt)),
                ("today", &t.date(*today)),
            ],
        ),
        NipError::InvalidGender { input, digit } => t.f(
            "error.nip.invalid_gender",
            &[("input", &q(input)), ("digit", &format!("{digit:?}"))],
        ),
    }
}

/// Why a text is not a date, naming the forms that are read.
pub fn date(e: &DateError, t: &Strings) -> String {
    let forms = t.t("error.date.forms");
    match e {
        DateError::Unreadable { text } => t.f(
            "error.date.unreadable",
            &[("text", &q(text)), ("forms", &forms)],
        ),
        DateError::UnknownMonth { text, word } => t.f(
            "error.date.unknown_month",
            &[("text", &q(text)), ("word", &q(word)), ("forms", &forms)],
        ),
        DateError::NoSuchMonth { text, month } => t.f(
            "error.date.no_such_month",
            &[("text", &q(text)), ("month", month), ("forms", &forms)],
        ),
        DateError::NoSuchDay {
            text,
            day,
            month,
            year,
        } => {
            let names = match t.lang {
                Lang::Id => &MONTHS_ID,
                Lang::En => &MONTHS_EN,
            };
            let name = month
                .checked_sub(1)
                .and_then(|i| names.get(i as usize))
                .map(|s| s.to_string())
                .unwrap_or_else(|| t.t("error.date.that_month").to_string());
            t.f(
                "error.date.no_such_day",
                &[
                    ("text", &q(text)),
                    ("month", &name),
                    ("year", year),
                    ("day", day),
                    ("forms", &forms),
                ],
            )
        }
    }
}

/// Why an answer does not fit an item's kind.
pub fn answer(e: &AnswerError, t: &Strings) -> String {
    match e {
        AnswerError::Compliance(x) => t.f("error.answer.compliance", &[("x", &q(x))]),
        AnswerError::Score(x) => t.f("error.answer.score", &[("x", &q(x))]),
        AnswerError::YesNo(x) => t.f("error.answer.yes_no", &[("x", &q(x))]),
        AnswerError::Number(x) => t.f("error.answer.number", &[("x", &q(x))]),
    }
}

/// Why a report settings file cannot be used.
pub fn report_settings(e: &SettingsError, t: &Strings) -> String {
    match e {
        SettingsError::Unreadable { file, kind, reason } => t.f(
            "error.report_settings.unreadable",
            &[
                ("file", file),
                ("reason", &io_kind_reason(*kind, reason, t)),
            ],
        ),
        SettingsError::TooLarge { file, limit } => t.f(
            "error.report_settings.too_large",
            &[("file", file), ("limit", &t.count(*limit))],
        ),
        SettingsError::Syntax {
            file,
            line,
            column,
            detail,
        } => t.f(
            "error.report_settings.syntax",
            &[
                ("file", file),
                ("line", line),
                ("column", column),
                ("detail", detail),
            ],
        ),
        SettingsError::Paper { file, found } => t.f(
            "error.report_settings.paper",
            &[("file", file), ("found", &q(found))],
        ),
        SettingsError::UnknownPhrase { file, key } => t.f(
            "error.report_settings.unknown_phrase",
            &[("file", file), ("key", &q(key))],
        ),
        SettingsError::Logo {
            file,
            logo,
            kind,
            reason,
        } => t.f(
            "error.report_settings.logo",
            &[
                ("file", file),
                ("logo", logo),
                ("reason", &io_kind_reason(*kind, reason, t)),
            ],
        ),
        SettingsError::LogoTooLarge { file, logo, limit } => t.f(
            "error.report_settings.logo_too_large",
            &[("file", file), ("logo", logo), ("limit", &t.count(*limit))],
        ),
        SettingsError::NotAnImage { file, logo } => t.f(
            "error.report_settings.not_an_image",
            &[("file", file), ("logo", logo)],
        ),
    }
}

/// Why a text is not an amount of rupiah.
pub fn money(e: &MoneyError, t: &Strings) -> String {
    match e {
        MoneyError::Unreadable(x) => t.f("error.money.unreadable", &[("x", &q(x))]),
        MoneyError::Negative(x) => t.f("error.money.negative", &[("x", &q(x))]),
        MoneyError::TooPrecise(x) => t.f("error.money.too_precise", &[("x", &q(x))]),
        MoneyError::TooLarge(x) => t.f("error.money.too_large", &[("x", &q(x))]),
    }
}

/// Why code tables cannot be used.
pub fn codes(file: &str, e: &crate::domain::codes::CodesError, t: &Strings) -> String {
    use crate::domain::codes::CodesError as C;
    match e {
        C::Toml(reason) => t.f("error.codes.toml", &[("file", &file), ("reason", reason)]),
        C::BadCode { table, code } => t.f(
            "error.codes.bad_code",
            &[("file", &file), ("table", table), ("code", &q(code))],
        ),
        C::NoText { table, code } => t.f(
            "error.codes.no_text",
            &[("file", &file), ("table", table), ("code", code)],
        ),
        C::Twice { table, code } => t.f(
            "error.codes.twice",
            &[("file", &file), ("table", table), ("code", code)],
        ),
        C::NoParent {
            table,
            code,
            parent,
        } => t.f(
            "error.codes.no_parent",
            &[
                ("file", &file),
                ("table", table),
                ("code", code),
                ("parent", parent),
            ],
        ),
        C::CompetenceOutsideCauses { table, code } => t.f(
            "error.codes.competence_outside",
            &[("file", &file), ("table", table), ("code", code)],
        ),
    }
}

/// Why an engagement is refused.
pub fn engagement(e: &EngagementError, t: &Strings) -> String {
    let which = |w: &Which| match w {
        Which::Planned => t.t("error.engagement.planned"),
        Which::Actual => t.t("error.engagement.actual"),
    };
    let role = |r: &TeamRole| match t.lang {
        Lang::Id => r.label_id(),
        Lang::En => r.label_en(),
    };
    match e {
        EngagementError::UnknownRole(x) => t.f("error.engagement.unknown_role", &[("x", &q(x))]),
        EngagementError::RoleTaken {
            role: r,
            first,
            second,
        } => t.f(
            "error.engagement.role_taken",
            &[("role", &role(r)), ("first", first), ("second", second)],
        ),
        EngagementError::TwiceInTeam { name, nip } => {
            t.f("error.engagement.twice", &[("name", name), ("nip", nip)])
        }
        EngagementError::NamelessMember => t.t("error.engagement.nameless").to_string(),
        EngagementError::EndsBeforeStart {
            which: w,
            start,
            end,
        } => t.f(
            "error.engagement.ends_before_start",
            &[
                ("which", &which(w)),
                ("start", &t.date(*start)),
                ("end", &t.date(*end)),
            ],
        ),
        EngagementError::TooManyDays {
            which: w,
            days,
            span,
        } => t.f(
            "error.engagement.too_many_days",
            &[("which", &which(w)), ("days", days), ("span", span)],
        ),
        EngagementError::NoDays { which: w } => {
            t.f("error.engagement.no_days", &[("which", &which(w))])
        }
    }
}

/// Why a text names no period.
pub fn period(e: &PeriodError, t: &Strings) -> String {
    match e {
        PeriodError::Invalid(x) => t.f("error.period.invalid", &[("x", &q(x))]),
        PeriodError::Year { input, year } => {
            t.f("error.period.year", &[("x", &q(input)), ("year", year)])
        }
        PeriodError::Semester { input, n } => {
            t.f("error.period.semester", &[("x", &q(input)), ("n", n)])
        }
        PeriodError::Quarter { input, n } => {
            t.f("error.period.quarter", &[("x", &q(input)), ("n", n)])
        }
        PeriodError::Month { input, n } => t.f("error.period.month", &[("x", &q(input)), ("n", n)]),
    }
}

/// Why a word names no rating level or predikat.
pub fn rating(e: &RatingError, t: &Strings) -> String {
    match e {
        RatingError::UnknownRating(x) => t.f("error.rating.unknown_rating", &[("x", &q(x))]),
        RatingError::UnknownPredikat(x) => t.f("error.rating.unknown_predikat", &[("x", &q(x))]),
        RatingError::UnknownOrgPredikat(x) => {
            t.f("error.rating.unknown_org_predikat", &[("x", &q(x))])
        }
    }
}

/// Why a predikat-distribution rule file cannot be used.
pub fn distribution_rules(e: &DistributionError, t: &Strings) -> String {
    use DistributionError as E;
    match e {
        E::Toml(reason) => t.f("error.distribution.toml", &[("reason", reason)]),
        E::UnknownOrg { index, source } => t.f(
            "error.distribution.unknown_org",
            &[("index", index), ("reason", &rating(source, t))],
        ),
        E::DuplicateOrg { org } => t.f("error.distribution.duplicate_org", &[("org", &q(org))]),
        E::MissingOrg { org } => t.f("error.distribution.missing_org", &[("org", &q(org))]),
        E::UnknownPredikat { org, index, source } => t.f(
            "error.distribution.unknown_predikat",
            &[
                ("org", &q(org)),
                ("index", index),
                ("reason", &rating(source, t)),
            ],
        ),
        E::EmptyPredikat { org, index } => t.f(
            "error.distribution.empty_predikat",
            &[("org", &q(org)), ("index", index)],
        ),
        E::PercentOutOfRange {
            org,
            index,
            field,
            value,
        } => t.f(
            "error.distribution.percent_out_of_range",
            &[
                ("org", &q(org)),
                ("index", index),
                ("field", field),
                ("value", value),
            ],
        ),
        E::NoBound { org, index } => t.f(
            "error.distribution.no_bound",
            &[("org", &q(org)), ("index", index)],
        ),
        E::Contradictory {
            org,
            index,
            min_field,
            min,
            max_field,
            max,
        } => t.f(
            "error.distribution.contradictory",
            &[
                ("org", &q(org)),
                ("index", index),
                ("min_field", min_field),
                ("min", min),
                ("max_field", max_field),
                ("max", max),
            ],
        ),
    }
}

/// Why a word names no severity, follow-up status, discipline level or penalty, value or action.
pub fn followup(e: &FollowUpError, t: &Strings) -> String {
    match e {
        FollowUpError::UnknownSeverity(x) => {
            t.f("error.followup.unknown_severity", &[("x", &q(x))])
        }
        FollowUpError::UnknownStatus(x) => t.f("error.followup.unknown_status", &[("x", &q(x))]),
        FollowUpError::StatusNumber(n) => t.f("error.followup.status_number", &[("n", n)]),
        FollowUpError::UnknownLevel(x) => t.f("error.followup.unknown_level", &[("x", &q(x))]),
        FollowUpError::UnknownPenalty(x) => t.f("error.followup.unknown_penalty", &[("x", &q(x))]),
        FollowUpError::UnknownBerakhlak(x) => {
            t.f("error.followup.unknown_berakhlak", &[("x", &q(x))])
        }
        FollowUpError::UnknownAction(x) => t.f("error.followup.unknown_action", &[("x", &q(x))]),
    }
}

/// Why a file could not be read or written, in the language of `t` for the usual causes (the
/// system's own words otherwise).
pub fn io_reason(e: &std::io::Error, t: &Strings) -> String {
    io_kind_reason(e.kind(), &e.to_string(), t)
}

/// [`io_reason`] from an error's kind and its own words (for errors kept as values).
fn io_kind_reason(kind: std::io::ErrorKind, reason: &str, t: &Strings) -> String {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => t.t("error.io_not_found").to_string(),
        K::PermissionDenied => t.t("error.io_permission").to_string(),
        K::StorageFull => t.t("error.io_full").to_string(),
        _ => reason.to_string(),
    }
}

/// Why the store cannot be opened, read or saved to.
pub fn store(e: &StoreError, t: &Strings) -> String {
    let p = |p: &std::path::Path| p.display().to_string();
    match e {
        StoreError::NotAStore(path) => t.f("error.store.not_a_store", &[("path", &p(path))]),
        StoreError::NotADirectory(path) => {
            t.f("error.store.not_a_directory", &[("path", &p(path))])
        }
        StoreError::Missing { path, what } => t.f(
            "error.store.missing",
            &[("path", &p(path)), ("what", &missing_what(what, t))],
        ),
        StoreError::AlreadyExists(path) => t.f("error.store.already_exists", &[("path", &p(path))]),
        StoreError::InUse(path) => t.f("error.store.in_use", &[("path", &p(path))]),
        StoreError::Io { path, source } => t.f(
            "error.file",
            &[("path", &p(path)), ("reason", &io_reason(source, t))],
        ),
        StoreError::DiskFull { path } => t.f("error.store.disk_full", &[("path", &p(path))]),
        StoreError::ReadOnly { path, source } => t.f(
            "error.store.read_only",
            &[("path", &p(path)), ("reason", &io_reason(source, t))],
        ),
        StoreError::BadFile { path, reason } => t.f(
            "error.store.bad_file",
            &[("path", &p(path)), ("reason", reason)],
        ),
        StoreError::Journal(e) => journal(e, t),
        StoreError::Sled(e) => t.f("error.store.sled", &[("reason", e)]),
        StoreError::Codec(e) => codec(e, t),
        StoreError::CorruptValue { key, source } => t.f(
            "error.store.corrupt_value",
            &[("key", key), ("reason", &codec(source, t))],
        ),
        StoreError::BadEvent { offset, reason } => t.f(
            "error.store.bad_event",
            &[("offset", &t.count(*offset)), ("reason", reason)],
        ),
        StoreError::ApplyAfterSave(inner) => t.f(
            "error.store.apply_after_save",
            &[("error", &store(inner, t))],
        ),
        StoreError::Poisoned => t.t("error.store.poisoned").to_string(),
        StoreError::Cancelled => t.t("error.store.cancelled").to_string(),
    }
}

/// What a missing file of the store is for.
fn missing_what<'a>(what: &MissingWhat, t: &'a Strings) -> &'a str {
    match what {
        MissingWhat::Journal => t.t("error.store.what_journal"),
        MissingWhat::Meta => t.t("error.store.what_meta"),
        MissingWhat::Key => t.t("error.store.what_key"),
    }
}

/// Why the journal cannot be read or written.
pub fn journal(e: &JournalError, t: &Strings) -> String {
    let p = |p: &std::path::Path| p.display().to_string();
    match e {
        JournalError::Io { path, source } => t.f(
            "error.store.journal_io",
            &[("path", &p(path)), ("reason", &io_reason(source, t))],
        ),
        JournalError::BadHeader { path, reason } => t.f(
            "error.store.journal_bad_header",
            &[("path", &p(path)), ("reason", reason)],
        ),
        JournalError::Damaged {
            path,
            offset,
            reason,
        } => t.f(
            "error.store.journal_damaged",
            &[
                ("path", &p(path)),
                ("offset", &t.count(*offset)),
                ("reason", reason),
            ],
        ),
        JournalError::TooLarge { path, size, limit } => t.f(
            "error.store.journal_too_large",
            &[
                ("path", &p(path)),
                ("size", &t.count(*size as u64)),
                ("limit", &t.count(*limit as u64)),
            ],
        ),
    }
}

/// Why a stored value cannot be encoded or decoded.
pub fn codec(e: &CodecError, t: &Strings) -> String {
    match e {
        CodecError::Encode(r) => t.f("error.store.encode", &[("reason", r)]),
        CodecError::Decode(r) => t.f("error.store.decode", &[("reason", r)]),
        CodecError::Trailing(n) => t.f("error.store.trailing", &[("n", &t.count(*n as u64))]),
        CodecError::Version { found, expected } => t.f(
            "error.store.version",
            &[("found", found), ("expected", expected)],
        ),
        CodecError::Empty => t.t("error.store.empty").to_string(),
    }
}

/// Why an export failed.
pub fn export(e: &ExportError, t: &Strings) -> String {
    match e {
        ExportError::UnknownFormat(x) => t.f("error.export.unknown_format", &[("x", &q(x))]),
        ExportError::Target { path, reason } => {
            t.f("error.file", &[("path", path), ("reason", reason)])
        }
        ExportError::Io { path, source } => t.f(
            "error.file",
            &[("path", path), ("reason", &io_reason(source, t))],
        ),
        ExportError::Xlsx { path, message } => {
            t.f("error.export.xlsx", &[("path", path), ("reason", message)])
        }
    }
}

/// Why a findings file cannot be written, read or opened.
pub fn bundle(e: &BundleError, t: &Strings) -> String {
    use crate::exchange::bundle::{FIRST_FORMAT, FORMAT};
    let p = |p: &std::path::Path| p.display().to_string();
    match e {
        BundleError::Io { path, source } => t.f(
            "error.file",
            &[("path", &p(path)), ("reason", &io_reason(source, t))],
        ),
        BundleError::NotBundle { path } => {
            t.f("error.findings_file.not_bundle", &[("path", &p(path))])
        }
        BundleError::Encrypted { path } => {
            t.f("error.findings_file.encrypted", &[("path", &p(path))])
        }
        BundleError::Decrypt { path, reason } => t.f(
            "error.findings_file.decrypt",
            &[("path", &p(path)), ("reason", reason)],
        ),
        BundleError::WrongFormat { path, found } => t.f(
            "error.findings_file.wrong_format",
            &[
                ("path", &p(path)),
                ("found", found),
                ("first", &FIRST_FORMAT),
                ("last", &FORMAT),
            ],
        ),
        BundleError::Truncated { path, what } => t.f(
            "error.findings_file.truncated",
            &[("path", &p(path)), ("what", what)],
        ),
        BundleError::Damaged { path, reason } => t.f(
            "error.findings_file.damaged",
            &[("path", &p(path)), ("reason", reason)],
        ),
        BundleError::BadSignature { path } => {
            t.f("error.findings_file.bad_signature", &[("path", &p(path))])
        }
        BundleError::Chain { path, reason } => {
            t.f("error.file", &[("path", &p(path)), ("reason", reason)])
        }
        BundleError::Encrypt(reason) => t.f("error.findings_file.encrypt", &[("reason", reason)]),
    }
}

/// Why a conflict's texts cannot be merged, or an edited merge text does not read.
pub fn merge(e: &MergeError, t: &Strings) -> String {
    let codes = |fields: &[crate::app::trail::Field]| {
        fields
            .iter()
            .map(|f| f.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match e {
        MergeError::NotText(id) => t.f("error.merge.not_text", &[("id", id)]),
        MergeError::NoSections(fields) => t.f(
            "error.merge.no_sections",
            &[
                ("n", &t.count(fields.len() as u64)),
                ("fields", &codes(fields)),
            ],
        ),
        MergeError::UnknownSection(code, codes) => t.f(
            "error.merge.unknown_section",
            &[("code", code), ("codes", codes)],
        ),
        MergeError::Twice(f) => t.f("error.merge.twice", &[("code", &f.code())]),
        MergeError::Missing(f) => t.f("error.merge.missing", &[("code", &f.code())]),
        MergeError::Outside => t.t("error.merge.outside").to_string(),
        MergeError::Empty(f) => t.f("error.merge.empty", &[("code", &f.code())]),
        MergeError::OneLine(f) => t.f("error.merge.one_line", &[("code", &f.code())]),
    }
}

/// One gap of the completeness check, as an error names it.
pub fn gap(g: &Gap, t: &Strings) -> String {
    super::gap_line_in(g, t)
}

/// Why final is refused: the gaps that block it, counted, with the first few named.
pub fn incomplete(c: &Completeness, t: &Strings) -> String {
    let blocking: Vec<&Gap> = c.blocking().collect();
    let mut parts: Vec<String> = blocking.iter().take(5).map(|g| gap(g, t)).collect();
    if blocking.len() > 5 {
        parts.push(t.f(
            "error.check.more",
            &[("n", &t.count((blocking.len() - 5) as u64))],
        ));
    }
    let summary = t.f(
        "error.check.blocking",
        &[
            ("n", &t.count(blocking.len() as u64)),
            ("gaps", &parts.join("; ")),
        ],
    );
    t.f("error.check.incomplete", &[("summary", &summary)])
}

/// Where in a table file a row is: `FILE:LINE` or `FILE:SHEET!ROW`.
fn place(file: &str, sheet: &Option<String>, line: &usize) -> String {
    crate::exchange::tabular::place(file, sheet, line)
}

/// Why a roster or agency file cannot be read at all.
pub fn table(e: &TableError, t: &Strings) -> String {
    let unit = |sheet: &Option<String>| match sheet {
        Some(_) => t.t("error.roster.unit_row"),
        None => t.t("error.roster.unit_line"),
    };
    match e {
        TableError::TooLarge { file, size, limit } => t.f(
            "error.roster.too_large",
            &[
                ("file", file),
                ("size", &t.count(*size as u64)),
                ("limit", &t.count(*limit as u64)),
            ],
        ),
        TableError::Empty { file } => t.f("error.roster.empty", &[("file", file)]),
        TableError::Workbook { file, error } => t.f(
            "error.roster.workbook",
            &[("file", file), ("error", &workbook(error, t))],
        ),
        TableError::OldExcel { file } => t.f("error.roster.old_excel", &[("file", file)]),
        TableError::Utf16 { file } => t.f("error.roster.utf16", &[("file", file)]),
        TableError::NotUtf8 {
            file,
            line,
            column,
            byte,
        } => t.f(
            "error.roster.not_utf8",
            &[
                ("file", file),
                ("line", line),
                ("byte", &format!("0x{byte:02X}")),
                ("column", column),
            ],
        ),
        TableError::Nul { file, line, column } => t.f(
            "error.roster.nul",
            &[("file", file), ("line", line), ("column", column)],
        ),
        TableError::UnclosedQuote { file, line, column } => t.f(
            "error.roster.unclosed_quote",
            &[("file", file), ("line", line), ("column", column)],
        ),
        TableError::NoHeader {
            file,
            sheet,
            line,
            first,
            expected,
        } => t.f(
            "error.roster.no_header",
            &[
                ("place", &place(file, sheet, line)),
                ("unit", &unit(sheet)),
                ("first", &q(first)),
                ("expected", expected),
            ],
        ),
        TableError::TooManyColumns {
            file,
            sheet,
            line,
            found,
            limit,
        } => t.f(
            "error.roster.too_many_columns",
            &[
                ("place", &place(file, sheet, line)),
                ("found", found),
                ("limit", &t.count(*limit as u64)),
            ],
        ),
        TableError::MissingColumn {
            file,
            sheet,
            line,
            column,
            accepted,
            found,
        } => t.f(
            "error.roster.missing_column",
            &[
                ("place", &place(file, sheet, line)),
                ("column", &q(column)),
                ("accepted", accepted),
                ("found", found),
            ],
        ),
        TableError::DuplicateColumn {
            file,
            sheet,
            line,
            column,
            first,
            second,
        } => t.f(
            "error.roster.duplicate_column",
            &[
                ("place", &place(file, sheet, line)),
                ("first", &q(first)),
                ("second", &q(second)),
                ("column", &q(column)),
            ],
        ),
        TableError::Csv {
            file,
            line,
            message,
        } => t.f(
            "error.roster.csv",
            &[("file", file), ("line", line), ("reason", message)],
        ),
    }
}

/// Why a workbook cannot be read.
pub fn workbook(e: &WorkbookError, t: &Strings) -> String {
    match e {
        WorkbookError::Unreadable(r) => t.f("error.roster.wb_unreadable", &[("reason", r)]),
        WorkbookError::NotXlsx => t.t("error.roster.wb_not_xlsx").to_string(),
        WorkbookError::NoSheet => t.t("error.roster.wb_no_sheet").to_string(),
        WorkbookError::NotWorksheet(x) => t.f("error.roster.wb_not_worksheet", &[("x", &q(x))]),
        WorkbookError::TooLarge(what) => t.f("error.roster.wb_too_large", &[("what", what)]),
    }
}

/// One row's problem: its place and column as in the file, the reason in the language of `t`.
pub fn problem(p: &Problem, t: &Strings) -> String {
    // a problem of the row as a whole names the row in the user's language
    let field = if p.field == "row" {
        t.t("error.roster.field_row")
    } else {
        p.field.as_str()
    };
    t.f(
        "error.roster.problem",
        &[
            ("place", &place(&p.file, &p.sheet, &p.line)),
            ("field", &field),
            ("reason", &row_reason(&p.reason, t)),
        ],
    )
}

/// The key a row's reason is said by (a NIP's own error and a flag's warning are said by theirs,
/// inside it).
fn row_reason_key(r: &RowReason) -> &'static str {
    match r {
        RowReason::Empty => "error.row.empty",
        RowReason::NipNumber { .. } => "error.row.nip_number",
        RowReason::Nip(_) => "error.row.nip",
        RowReason::DuplicateNip { .. } => "error.row.duplicate_nip",
        RowReason::DuplicateCode { .. } => "error.row.duplicate_code",
        RowReason::UnknownStatus { .. } => "error.row.unknown_status",
        RowReason::StatusTakenAsPppk => "error.row.status_pppk",
        RowReason::NipFlag {
            status_pns: false, ..
        } => "error.row.nip_flag",
        RowReason::NipFlag {
            status_pns: true, ..
        } => "error.row.nip_flag_pns",
        RowReason::UnknownColumn => "error.row.unknown_column",
        RowReason::AboveHeader { .. } => "error.row.above_header",
        RowReason::AboveHeaderWide { .. } => "error.row.above_header_wide",
        RowReason::TooLong { .. } => "error.row.too_long",
        RowReason::ControlChar { .. } => "error.row.control_char",
        RowReason::BeyondHeader { .. } => "error.row.beyond_header",
        RowReason::WrongWidth { .. } => "error.row.wrong_width",
        RowReason::UnknownAgency { .. } => "error.row.unknown_agency",
        RowReason::SkmOutOfRange { .. } => "error.row.skm_out_of_range",
        RowReason::SkmUnknownAnswer { .. } => "error.row.skm_unknown_answer",
    }
}

/// Why a row of a roster or agency file was refused (or is worth a look), in the language of `t`.
pub fn row_reason(r: &RowReason, t: &Strings) -> String {
    let key = row_reason_key(r);
    let unit = |u: &Unit| match u {
        Unit::Line => t.t("error.roster.unit_line"),
        Unit::Row => t.t("error.roster.unit_row"),
    };
    // Counts found in the file (cells, characters, fields) are written as the file has them, as
    // the header's column count is (and the English has always been).
    match r {
        RowReason::Empty | RowReason::StatusTakenAsPppk | RowReason::UnknownColumn => {
            t.t(key).to_string()
        }
        RowReason::NipNumber { shown } => t.f(key, &[("shown", shown)]),
        RowReason::Nip(e) => t.f(key, &[("error", &nip(e, t))]),
        RowReason::DuplicateNip {
            nip,
            unit: u,
            first,
        } => t.f(key, &[("nip", nip), ("unit", &unit(u)), ("first", first)]),
        RowReason::DuplicateCode {
            code,
            unit: u,
            first,
        } => t.f(
            key,
            &[("code", &q(code)), ("unit", &unit(u)), ("first", first)],
        ),
        RowReason::UnknownStatus { found } => t.f(key, &[("found", &q(found))]),
        RowReason::NipFlag { info, flag, .. } => t.f(
            key,
            &[(
                "warning",
                &super::sentences::nip_flag_warning(info, *flag, t),
            )],
        ),
        RowReason::AboveHeader { text } => t.f(key, &[("text", &q(text))]),
        RowReason::AboveHeaderWide { cells } => t.f(key, &[("cells", cells)]),
        RowReason::TooLong { chars, limit } => t.f(key, &[("chars", chars), ("limit", limit)]),
        RowReason::ControlChar { code, position } => t.f(
            key,
            &[("code", &format!("U+{code:04X}")), ("position", position)],
        ),
        RowReason::BeyondHeader { column, header_end } => t.f(
            key,
            &[
                ("column", &column_letters(*column)),
                ("header_end", &column_letters(*header_end)),
            ],
        ),
        RowReason::WrongWidth { found, needed } => {
            t.f(key, &[("found", found), ("needed", needed)])
        }
        RowReason::UnknownAgency { code } => t.f(key, &[("code", code)]),
        RowReason::SkmOutOfRange { value, max } => t.f(key, &[("value", value), ("max", max)]),
        RowReason::SkmUnknownAnswer {
            found,
            expected,
            max,
        } => t.f(
            key,
            &[
                ("found", &q(found)),
                ("expected", expected),
                ("max", max),
                ("letter", &char::from(b'a' + max.saturating_sub(1))),
            ],
        ),
    }
}

/// What an import of an edited export left alone or decided, in the user's language.
pub fn sheet_note(n: &SheetNote, t: &Strings) -> String {
    match n {
        SheetNote::NotATable { sheet } => t.f("sheet_note.not_a_table", &[("sheet", sheet)]),
        SheetNote::ExtraColumn { sheet, column } => t.f(
            "sheet_note.extra_column",
            &[("sheet", sheet), ("column", &format!("{column:?}"))],
        ),
        SheetNote::SummaryReadOnly { sheet } => {
            t.f("sheet_note.summary_read_only", &[("sheet", sheet)])
        }
        SheetNote::EarlierReadOnly { sheet } => {
            t.f("sheet_note.earlier_read_only", &[("sheet", sheet)])
        }
        SheetNote::AnswerDisagrees {
            sheet,
            row,
            label,
            code,
        } => t.f(
            "sheet_note.answer_disagrees",
            &[
                ("sheet", sheet),
                ("row", row),
                ("label", &format!("{label:?}")),
                ("code", &format!("{code:?}")),
            ],
        ),
        SheetNote::Unversioned { sheets } => t.f("sheet_note.unversioned", &[("sheets", sheets)]),
    }
}

/// One problem of an edited export: its sheet, row and column, the reason in the language of `t`.
pub fn sheet_problem(p: &roundtrip::Problem, t: &Strings) -> String {
    let mut at = format!("{}!R{}", p.sheet, p.row);
    if let Some(c) = p.col {
        at.push_str(&format!(" C{c}"));
    }
    if let Some(name) = &p.column {
        at.push_str(&format!(" ({name})"));
    }
    t.f(
        "error.sheet_row.problem",
        &[("at", &at), ("reason", &sheet_reason(&p.reason, t))],
    )
}

/// The key a sheet's reason is said by (the errors of the domain and of the app's checks are
/// said by theirs, inside it).
fn sheet_reason_key(r: &SheetReason) -> &'static str {
    use crate::domain::template::AnswerKind;
    match r {
        SheetReason::TooWide { .. } => "error.sheet_row.too_wide",
        SheetReason::Severity { .. } => "error.sheet_row.severity",
        SheetReason::FollowUpStatus { .. } => "error.sheet_row.followup_status",
        SheetReason::Rating { .. } => "error.sheet_row.rating",
        SheetReason::Date(_) => "error.sheet_row.date",
        SheetReason::NipNumber { .. } => "error.sheet_row.nip_number",
        SheetReason::Nip(_) => "error.sheet_row.nip",
        SheetReason::Berakhlak { .. } => "error.sheet_row.berakhlak",
        SheetReason::Period(_) => "error.sheet_row.period",
        SheetReason::Action(_) => "error.sheet_row.action",
        SheetReason::OtherAudit { .. } => "error.sheet_row.other_audit",
        SheetReason::Twice { .. } => "error.sheet_row.twice",
        SheetReason::Answer { kind, .. } => match kind {
            AnswerKind::Compliance => "error.sheet_row.answer_compliance",
            AnswerKind::Score => "error.sheet_row.answer_score",
            AnswerKind::YesNo => "error.sheet_row.answer_yes_no",
            AnswerKind::Number => "error.sheet_row.answer_number",
        },
        SheetReason::Version { pair: false, .. } => "error.sheet_row.version",
        SheetReason::Version { pair: true, .. } => "error.sheet_row.version_pair",
        SheetReason::UnknownItem { .. } => "error.sheet_row.unknown_item",
        SheetReason::AnswerRemoved { .. } => "error.sheet_row.answer_removed",
        SheetReason::ForeignRecord {
            what: RecordKind::Finding,
            ..
        } => "error.sheet_row.foreign_finding",
        SheetReason::ForeignRecord {
            what: RecordKind::Rating,
            ..
        } => "error.sheet_row.foreign_rating",
        SheetReason::NoRecord {
            what: RecordKind::Finding,
            ..
        } => "error.sheet_row.no_finding",
        SheetReason::NoRecord {
            what: RecordKind::Rating,
            ..
        } => "error.sheet_row.no_rating",
        SheetReason::RatingTwice { .. } => "error.sheet_row.rating_twice",
        SheetReason::Refused(_) => "error.sheet_row.refused",
    }
}

/// Why a cell or row of an edited export cannot be read or applied, in the language of `t`.
pub fn sheet_reason(r: &SheetReason, t: &Strings) -> String {
    let key = sheet_reason_key(r);
    match r {
        SheetReason::TooWide { width, limit } => {
            t.f(key, &[("width", width), ("limit", &t.count(*limit as u64))])
        }
        SheetReason::Severity { found }
        | SheetReason::FollowUpStatus { found }
        | SheetReason::Rating { found }
        | SheetReason::Answer { found, .. } => t.f(key, &[("found", &q(found))]),
        SheetReason::Date(e) => t.f(key, &[("error", &date(e, t))]),
        SheetReason::NipNumber { shown } => t.f(key, &[("shown", shown)]),
        SheetReason::Nip(e) => t.f(key, &[("error", &nip(e, t))]),
        SheetReason::Berakhlak { piece } => t.f(
            key,
            &[
                ("piece", &q(piece)),
                ("values", &roundtrip::berakhlak_values()),
            ],
        ),
        SheetReason::Period(e) => t.f(key, &[("error", &period(e, t))]),
        SheetReason::Action(e) => t.f(key, &[("error", &followup(e, t))]),
        SheetReason::OtherAudit { found, audit } => {
            t.f(key, &[("found", &q(found)), ("audit", audit)])
        }
        SheetReason::Twice { key: k, first } => t.f(key, &[("key", &q(k)), ("first", first)]),
        SheetReason::Version { found, .. } => t.f(key, &[("found", &q(found))]),
        SheetReason::UnknownItem { item, checklist } => {
            t.f(key, &[("item", &q(item)), ("checklist", checklist)])
        }
        SheetReason::AnswerRemoved { item, was } => t.f(key, &[("item", item), ("was", was)]),
        SheetReason::ForeignRecord {
            key: k,
            audit,
            title,
            ..
        } => t.f(key, &[("key", k), ("audit", audit), ("title", title)]),
        SheetReason::NoRecord { key: k, .. } => t.f(key, &[("key", k)]),
        SheetReason::RatingTwice { nip, period } => t.f(key, &[("nip", nip), ("period", period)]),
        SheetReason::Refused(r) => {
            let said = match r.0.downcast_ref::<crate::app::AppError>() {
                Some(e) => e.message(t),
                None => r.0.to_string(),
            };
            t.f(key, &[("error", &said)])
        }
    }
}

/// The rows that stopped an import, each on its own line under a count.
pub fn rows(problems: &[Problem], t: &Strings) -> String {
    let lines: Vec<String> = problems.iter().map(|p| problem(p, t)).collect();
    t.f(
        "error.roster.rows",
        &[
            ("n", &t.count(problems.len() as u64)),
            ("problems", &lines.join("\n")),
        ],
    )
}

/// A survey file's bad answers: the first ones listed, the rest counted.
pub fn survey_rows(problems: &[Problem], total: usize, t: &Strings) -> String {
    let mut lines: Vec<String> = problems.iter().map(|p| problem(p, t)).collect();
    if total > problems.len() {
        lines.push(t.f(
            "error.skm.more",
            &[("n", &t.count((total - problems.len()) as u64))],
        ));
    }
    t.f(
        "error.skm.rows",
        &[
            ("n", &t.count(total as u64)),
            ("problems", &lines.join("\n")),
        ],
    )
}

/// One problem of a checklist file: its `file:line:column:` stays, the reason is said by key.
pub fn diagnostic(d: &Diagnostic, t: &Strings) -> String {
    t.f(
        "error.checklist.at",
        &[
            ("file", &d.file),
            ("line", &d.line),
            ("column", &d.column),
            ("message", &checklist_issue(&d.issue, t)),
        ],
    )
}

/// A count in a checklist message: grouped the Indonesian way (`6.000`); in English as the
/// parser's own message writes it (`6000`), which scripts and tests read.
fn whole(n: usize, t: &Strings) -> String {
    match t.lang {
        Lang::Id => t.count(n as u64),
        Lang::En => n.to_string(),
    }
}

/// A range's end the language's way (`2,5` / `2.5`), with every decimal it has when it has more
/// than the four [`Strings::number`] keeps (so a tiny range never reads as `0` to `0`).
fn decimal(x: f64, t: &Strings) -> String {
    let full = x.to_string();
    if full.split('.').nth(1).map_or(0, str::len) <= 4 {
        return t.number(x);
    }
    match t.lang {
        Lang::Id => full.replace('.', ","),
        Lang::En => full,
    }
}

/// A value of the wrong kind, as a checklist message quotes it.
fn found(f: &Found, t: &Strings) -> String {
    match f {
        Found::Literal(text) => text.clone(),
        Found::String(text) => t.f("error.checklist_issue.found_string", &[("text", &q(text))]),
        Found::Integer(text) => t.f("error.checklist_issue.found_integer", &[("text", text)]),
        Found::Float(text) => t.f("error.checklist_issue.found_float", &[("text", text)]),
        Found::Boolean(text) => t.f("error.checklist_issue.found_boolean", &[("text", text)]),
        Found::Datetime(text) => t.f("error.checklist_issue.found_datetime", &[("text", text)]),
        Found::Array => t.t("error.checklist_issue.found_array").to_string(),
        Found::Table => t.t("error.checklist_issue.found_table").to_string(),
    }
}

/// A section by its code or number.
fn section_name(s: &SectionName, t: &Strings) -> String {
    match s {
        SectionName::Code(code) => t.f("error.checklist_issue.section", &[("code", &q(code))]),
        SectionName::Number(n) => t.f("error.checklist_issue.section_number", &[("n", n)]),
    }
}

/// What a missing key belongs to.
fn owner(o: &Owner, t: &Strings) -> String {
    match o {
        Owner::Template => t.t("error.checklist_issue.template").to_string(),
        Owner::Section(s) => section_name(s, t),
        Owner::Item(code) => t.f("error.checklist_issue.item", &[("code", &q(code))]),
        Owner::ItemNumber { number, section } => t.f(
            "error.checklist_issue.item_number",
            &[("n", number), ("section", &section_name(section, t))],
        ),
    }
}

/// The answer kinds a template accepts, with their Indonesian spellings.
fn accepted(names: &[&str], aliases: &[&str], t: &Strings) -> String {
    t.f(
        "error.checklist_issue.accepted",
        &[
            ("names", &names.join(", ")),
            ("aliases", &aliases.join(", ")),
        ],
    )
}

/// Why a checklist template is refused, without its place.
pub fn checklist_issue(i: &Issue, t: &Strings) -> String {
    match i {
        Issue::TooLarge { size, limit } => t.f(
            "error.checklist_issue.too_large",
            &[("size", &whole(*size, t)), ("limit", &whole(*limit, t))],
        ),
        Issue::NotUtf8 { byte } => t.f(
            "error.checklist_issue.not_utf8",
            &[("byte", &format!("0x{byte:02X}"))],
        ),
        Issue::Syntax { reason } => t.f("error.checklist_issue.syntax", &[("reason", reason)]),
        Issue::DuplicateKey { key } => t.f("error.checklist_issue.duplicate_key", &[("key", key)]),
        Issue::TooManyItems { count, limit } => t.f(
            "error.checklist_issue.too_many_items",
            &[("count", &whole(*count, t)), ("limit", &whole(*limit, t))],
        ),
        Issue::Unreadable { kind, reason } => t.f(
            "error.checklist_issue.unreadable",
            &[(
                "reason",
                &io_reason(&std::io::Error::new(*kind, reason.clone()), t),
            )],
        ),
        Issue::BadId { found, max_len } => t.f(
            "error.checklist_issue.bad_id",
            &[("max", max_len), ("found", &q(found))],
        ),
        Issue::NoSections => t.t("error.checklist_issue.no_sections").to_string(),
        Issue::EmptySections => t.t("error.checklist_issue.empty_sections").to_string(),
        Issue::SectionNotTable { found: f } => t.f(
            "error.checklist_issue.section_not_table",
            &[("found", &found(f, t))],
        ),
        Issue::SectionsNotArray { found: f } => t.f(
            "error.checklist_issue.sections_not_array",
            &[("found", &found(f, t))],
        ),
        Issue::DuplicateCode {
            level,
            code,
            first,
            line,
        } => {
            let level = match level {
                Level::Section => t.t("error.checklist_issue.level_section"),
                Level::Item => t.t("error.checklist_issue.level_item"),
            };
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("level", &level),
                ("line", line),
                ("code", &q(code)),
                ("first", &q(first)),
            ];
            if code == first {
                t.f("error.checklist_issue.duplicate_code", &args)
            } else {
                t.f("error.checklist_issue.duplicate_code_case", &args)
            }
        }
        Issue::NoItems { section } => t.f(
            "error.checklist_issue.no_items",
            &[("section", &section_name(section, t))],
        ),
        Issue::EmptyItems { section } => t.f(
            "error.checklist_issue.empty_items",
            &[("section", &section_name(section, t))],
        ),
        Issue::ItemNotTable { found: f } => t.f(
            "error.checklist_issue.item_not_table",
            &[("found", &found(f, t))],
        ),
        Issue::ItemsNotArray { found: f } => t.f(
            "error.checklist_issue.items_not_array",
            &[("found", &found(f, t))],
        ),
        Issue::RangeNotForKind => t.t("error.checklist_issue.range_not_for_kind").to_string(),
        Issue::ComputedNotForKind => t
            .t("error.checklist_issue.computed_not_for_kind")
            .to_string(),
        Issue::UnknownComputed { found } => t.f(
            "error.checklist_issue.unknown_computed",
            &[("found", &q(found))],
        ),
        Issue::RangeBackwards { min, max } => t.f(
            "error.checklist_issue.range_backwards",
            &[("min", &decimal(*min, t)), ("max", &decimal(*max, t))],
        ),
        Issue::CodeHasSpace { found } => t.f(
            "error.checklist_issue.code_has_space",
            &[("found", &q(found))],
        ),
        Issue::MissingKey { owner: o, key } => t.f(
            "error.checklist_issue.missing_key",
            &[("key", key), ("owner", &owner(o, t))],
        ),
        Issue::Blank { key, found } => t.f(
            "error.checklist_issue.blank",
            &[("key", key), ("found", &q(found))],
        ),
        Issue::NotAString { key, found: f } => {
            let args: [(&str, &dyn std::fmt::Display); 2] = [("key", key), ("found", &found(f, t))];
            if f.wants_quotes() {
                t.f("error.checklist_issue.not_a_string_quote", &args)
            } else {
                t.f("error.checklist_issue.not_a_string", &args)
            }
        }
        Issue::BadWeight { found: f, min, max } => t.f(
            "error.checklist_issue.bad_weight",
            &[("min", min), ("max", max), ("found", &found(f, t))],
        ),
        Issue::NotANumber { key, found: f } => t.f(
            "error.checklist_issue.not_a_number",
            &[("key", key), ("found", &found(f, t))],
        ),
        Issue::AnswerNotAString {
            found: f,
            accepted: names,
            aliases,
        } => t.f(
            "error.checklist_issue.answer_not_a_string",
            &[
                ("accepted", &accepted(names, aliases, t)),
                ("found", &found(f, t)),
            ],
        ),
        Issue::UnknownAnswer {
            found,
            hint,
            accepted: names,
            aliases,
        } => {
            let accepted = accepted(names, aliases, t);
            match hint {
                Some(hint) => t.f(
                    "error.checklist_issue.unknown_answer_hint",
                    &[
                        ("hint", &q(hint)),
                        ("accepted", &accepted),
                        ("found", &q(found)),
                    ],
                ),
                None => t.f(
                    "error.checklist_issue.unknown_answer",
                    &[("accepted", &accepted), ("found", &q(found))],
                ),
            }
        }
        Issue::NotABoolean { key, found: f } => t.f(
            "error.checklist_issue.not_a_boolean",
            &[("key", key), ("found", &found(f, t))],
        ),
        Issue::NotAList { key, found: f } => t.f(
            "error.checklist_issue.not_a_list",
            &[("key", key), ("found", &found(f, t))],
        ),
        Issue::NotATable { key, found: f } => t.f(
            "error.checklist_issue.not_a_table",
            &[("key", key), ("found", &found(f, t))],
        ),
        Issue::UnknownKey {
            key,
            hint: Some(hint),
            ..
        } => t.f(
            "error.checklist_issue.unknown_key_hint",
            &[("hint", hint), ("key", key)],
        ),
        Issue::UnknownKey {
            key,
            hint: None,
            expected,
        } => t.f(
            "error.checklist_issue.unknown_key",
            &[("expected", &ticked(expected)), ("key", key)],
        ),
    }
}

/// Why an export edited in a spreadsheet cannot be read back at all.
pub fn sheet(e: &RoundTripError, t: &Strings) -> String {
    match e {
        RoundTripError::Io { file, source } => t.f(
            "error.file",
            &[("path", file), ("reason", &io_reason(source, t))],
        ),
        RoundTripError::Text(e) => table(e, t),
        RoundTripError::Workbook { file, error } => t.f(
            "error.roster.workbook",
            &[("file", file), ("error", &workbook(error, t))],
        ),
        RoundTripError::NotXlsx { file } => t.f("error.sheet.not_xlsx", &[("file", file)]),
        RoundTripError::OldExcel { file } => t.f("error.sheet.old_excel", &[("file", file)]),
        RoundTripError::TooLarge { file, size, limit } => t.f(
            "error.roster.too_large",
            &[
                ("file", file),
                ("size", &t.count(*size)),
                ("limit", &t.count(*limit as u64)),
            ],
        ),
        RoundTripError::NoTables { file } => t.f("error.sheet.no_tables", &[("file", file)]),
        RoundTripError::TwoTables {
            file,
            sheet,
            table,
            other,
        } => t.f(
            "error.sheet.two_tables",
            &[
                ("file", file),
                ("sheet", sheet),
                ("table", table),
                ("other", other),
            ],
        ),
        RoundTripError::MissingColumn {
            file,
            sheet,
            row,
            column,
        } => t.f(
            "error.sheet.missing_column",
            &[
                ("file", file),
                ("sheet", sheet),
                ("row", row),
                ("column", &q(column)),
            ],
        ),
        RoundTripError::HeaderMoved { file, sheet, row } => t.f(
            "error.sheet.header_moved",
            &[("file", file), ("sheet", sheet), ("row", row)],
        ),
        RoundTripError::Csv { file, message } => {
            t.f("error.sheet.csv", &[("file", file), ("reason", message)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::Nip;

    fn both() -> (&'static Strings, &'static Strings) {
        (Strings::of(Lang::Id), Strings::of(Lang::En))
    }

    #[test]
    fn a_bad_nip_in_both_languages_with_the_dates_written_the_languages_way() {
        let (id, en) = both();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
        let e = Nip::parse("19860926 202507 1 001", today).unwrap_err();
        assert_eq!(
            nip(&e, en),
            "NIP \"19860926 202507 1 001\": TMT (positions 9-14) \"202507\" is in the future (today is 15 June 2025)"
        );
        assert_eq!(
            nip(&e, id),
            "NIP \"19860926 202507 1 001\": TMT (posisi 9-14) \"202507\" masih di masa depan (hari ini 15 Juni 2025)"
        );
        let e = Nip::parse("1986092620150510", today).unwrap_err();
        assert_eq!(nip(&e, en), e.to_string());
        assert_eq!(
            nip(&e, id),
            "NIP \"1986092620150510\" berisi 16 angka; NIP harus tepat 18 angka"
        );
    }

    #[test]
    fn a_bad_date_names_the_month_in_the_language() {
        let (id, en) = both();
        let e = crate::domain::date::parse_date("31/02/2027").unwrap_err();
        assert_eq!(date(&e, en), e.to_string());
        assert!(
            date(&e, id).starts_with("\"31/02/2027\" bukan tanggal: Februari 2027 tidak punya tanggal 31; tulis sebagai YYYY-MM-DD"),
            "{}",
            date(&e, id)
        );
    }

    #[test]
    fn a_bad_answer_period_rating_and_followup_word() {
        let (id, en) = both();
        let e = AnswerError::Score("7".into());
        assert_eq!(answer(&e, en), e.to_string());
        assert_eq!(
            answer(&e, id),
            "skor \"7\" tidak sah: gunakan bilangan bulat 1..5, atau tidak-berlaku (na)"
        );
        let e = crate::domain::period::Period::parse("2026-S3").unwrap_err();
        assert_eq!(period(&e, en), e.to_string());
        assert_eq!(
            period(&e, id),
            "semester 3 pada periode \"2026-S3\" tidak ada: gunakan 1 atau 2 (I, II)"
        );
        let e = RatingError::UnknownPredikat("hebat".into());
        assert_eq!(rating(&e, en), e.to_string());
        assert!(rating(&e, id).starts_with("predikat \"hebat\" tidak dikenal: gunakan"));
        let e = FollowUpError::StatusNumber(9);
        assert_eq!(followup(&e, en), e.to_string());
        assert!(followup(&e, id).starts_with("nomor status tindak lanjut 9 tidak ada"));
    }

    #[test]
    fn a_journal_and_a_store_error() {
        let (id, en) = both();
        let e = StoreError::Journal(JournalError::Damaged {
            path: "s/journal.log".into(),
            offset: 12_345,
            reason: "bad checksum".into(),
        });
        assert!(store(&e, en).starts_with(
            "journal s/journal.log is damaged at byte 12,345: bad checksum; valid records follow"
        ));
        assert!(store(&e, id).starts_with(
            "Jurnal s/journal.log rusak pada bita 12.345: bad checksum; sesudah kerusakan itu"
        ));
        let e = StoreError::Missing {
            path: "s/device.key".into(),
            what: MissingWhat::Key,
        };
        assert_eq!(store(&e, en), e.to_string());
        assert_eq!(
            store(&e, id),
            "s/device.key tidak ada: berkas ini kunci tanda tangan laptop ini, tanpanya tidak ada perubahan yang dapat disimpan; pulihkan dari cadangan penyimpanan"
        );
        let e = StoreError::NotAStore("/tmp/x".into());
        assert_eq!(store(&e, en), e.to_string());
        assert!(store(&e, id).starts_with("Tidak ada penyimpanan Periksa di /tmp/x"));
    }

    #[test]
    fn a_roster_problem_row_keeps_its_place_and_column() {
        let (id, en) = both();
        let rows_of = |p: &[Problem]| crate::app::AppError::Rows(p.to_vec());
        let p = Problem {
            file: "asn.xlsx".into(),
            sheet: Some("ASN".into()),
            line: 7,
            field: "nama".into(),
            reason: RowReason::Empty,
        };
        let e = rows_of(std::slice::from_ref(&p));
        assert_eq!(rows(std::slice::from_ref(&p), en), e.to_string());
        assert_eq!(
            rows(std::slice::from_ref(&p), id),
            "1 masalah, tidak ada yang diimpor (gunakan --skip-invalid untuk mengimpor baris yang sah):\nasn.xlsx:ASN!7: nama: kosong"
        );
        let e = TableError::MissingColumn {
            file: "asn.csv".into(),
            sheet: None,
            line: 1,
            column: "nip",
            accepted: "nip, nip_baru".into(),
            found: "nama".into(),
        };
        assert_eq!(table(&e, en), e.to_string());
        assert_eq!(
            table(&e, id),
            "asn.csv:1: kolom wajib \"nip\" tidak ada (nama yang diterima: nip, nip_baru); judul kolom yang ada: nama"
        );
    }

    #[test]
    fn a_checklist_diagnostic_keeps_its_location() {
        let (id, en) = both();
        let d = Diagnostic {
            file: "t.toml".into(),
            line: 3,
            column: 5,
            issue: Issue::EmptySections,
        };
        assert_eq!(diagnostic(&d, en), d.to_string());
        assert_eq!(diagnostic(&d, id), "t.toml:3:5: templat tidak punya bagian");
    }

    /// The template's problems as the parser reports them, said in both languages.
    fn said_both(src: &str) -> Vec<(String, String)> {
        let (id, en) = both();
        let diags = crate::exchange::checklist::parse_template("t.toml", src.as_bytes())
            .expect_err("a bad template");
        diags
            .iter()
            .map(|d| {
                assert_eq!(diagnostic(d, en), d.to_string());
                (diagnostic(d, id), diagnostic(d, en))
            })
            .collect()
    }

    const TEMPLATE: &str = "id = \"contoh\"\ntitle = \"Contoh\"\nversion = \"1\"\n\n[[section]]\ncode = \"SP\"\ntitle = \"Standar\"\n\n[[section.item]]\ncode = \"SP-01\"\ntext = \"Ada SK.\"\nweight = 2\n";

    #[test]
    fn checklist_problems_in_indonesian_and_english() {
        let pair = |src: String| {
            let all = said_both(&src);
            assert_eq!(all.len(), 1, "{all:#?}");
            all.into_iter().next().unwrap()
        };
        // a duplicate item code, differing only in case
        let src = format!("{TEMPLATE}\n[[section.item]]\ncode = \"sp-01\"\ntext = \"Lagi.\"\n");
        assert_eq!(
            pair(src),
            (
                "t.toml:15:8: kode butir \"sp-01\" ganda (sama dengan \"SP-01\" di baris 10; huruf besar dan kecil pada kode tidak dibedakan)".into(),
                "t.toml:15:8: duplicate item code \"sp-01\" (same as \"SP-01\" on line 10; codes are case-insensitive)".into()
            )
        );
        // a weight that is not a number
        assert_eq!(
            pair(TEMPLATE.replace("weight = 2", "weight = \"dua\"")),
            (
                "t.toml:12:10: bobot (`weight`) harus bilangan bulat 1 sampai 100, ditemukan teks \"dua\"".into(),
                "t.toml:12:10: `weight` must be a whole number from 1 to 100, found string \"dua\"".into()
            )
        );
        // an answer kind misspelt
        assert_eq!(
            pair(TEMPLATE.replace("weight = 2", "answer = \"kepatuhn\"")),
            (
                "t.toml:12:10: jenis jawaban \"kepatuhn\" tidak dikenal (maksudnya \"kepatuhan\"?); yang diterima: compliance, score, yesno, number (atau kepatuhan, skor, ya-tidak, angka)".into(),
                "t.toml:12:10: unknown answer kind \"kepatuhn\" (did you mean \"kepatuhan\"?); accepted: compliance, score, yesno, number (or kepatuhan, skor, ya-tidak, angka)".into()
            )
        );
        // an item without a code names its number and section
        assert_eq!(
            pair(TEMPLATE.replace("code = \"SP-01\"\n", "")),
            (
                "t.toml:9:1: kunci wajib `code` tidak ada pada butir ke-1 dalam bagian \"SP\""
                    .into(),
                "t.toml:9:1: item #1 of section \"SP\" is missing required key `code`".into()
            )
        );
        // a range that runs backwards, decimals the language's way
        assert_eq!(
            pair(TEMPLATE.replace("weight = 2", "answer = \"angka\"\nmin = 7.5\nmax = 2")),
            (
                "t.toml:13:7: `min` (7,5) tidak boleh lebih besar daripada `max` (2)".into(),
                "t.toml:13:7: `min` (7.5) must not be greater than `max` (2)".into()
            )
        );
        // a key misspelt, and a title given as a number
        assert_eq!(
            said_both(
                &TEMPLATE
                    .replace("weight = 2", "bobot = 2")
                    .replace("title = \"Standar\"", "title = 5")
            ),
            vec![
                (
                    "t.toml:7:9: `title` harus berupa teks, ditemukan bilangan bulat 5 (apit dengan tanda kutip ganda)".into(),
                    "t.toml:7:9: `title` must be a string, found integer 5 (put it in double quotes)".into()
                ),
                (
                    "t.toml:12:1: kunci `bobot` tidak dikenal (maksudnya `weight`?)".into(),
                    "t.toml:12:1: unknown key `bobot` (did you mean `weight`?)".into()
                ),
            ]
        );
        // a TOML syntax error keeps the toml crate's own reason inside the sentence
        let (m_id, m_en) = pair(TEMPLATE.replace("weight = 2", "weight = "));
        let reason = m_en
            .strip_prefix("t.toml:12:10: TOML syntax error: ")
            .expect(&m_en);
        assert_eq!(m_id, format!("t.toml:12:10: TOML tidak valid: {reason}"));
    }

    #[test]
    fn counts_of_a_checklist_are_grouped_in_indonesian() {
        let (id, en) = both();
        let i = Issue::TooManyItems {
            count: 6000,
            limit: 5000,
        };
        assert_eq!(
            checklist_issue(&i, id),
            "templat berisi 6.000 butir; paling banyak 5.000 butir"
        );
        assert_eq!(
            checklist_issue(&i, en),
            "template has 6000 items; at most 5000 are allowed"
        );
        let i = Issue::RangeBackwards {
            min: 0.000_01,
            max: 0.0,
        };
        assert_eq!(
            checklist_issue(&i, id),
            "`min` (0,00001) tidak boleh lebih besar daripada `max` (0)"
        );
        assert_eq!(checklist_issue(&i, en), i.to_string());
    }

    /// One value of every kind of checklist problem, and of each of their wordings (the match in
    /// [`issue_kind`] makes a new kind fail to compile here until it has a sample).
    fn every_issue() -> Vec<Issue> {
        use crate::exchange::checklist::{ANSWER_ALIASES, ANSWER_NAMES};
        let code = SectionName::Code("SP".into());
        vec![
            Issue::TooLarge {
                size: 16_777_217,
                limit: 16_777_216,
            },
            Issue::NotUtf8 { byte: 0xE9 },
            Issue::Syntax {
                reason: "invalid basic string".into(),
            },
            Issue::DuplicateKey { key: "code".into() },
            Issue::TooManyItems {
                count: 5001,
                limit: 5000,
            },
            Issue::Unreadable {
                kind: std::io::ErrorKind::NotFound,
                reason: "No such file or directory (os error 2)".into(),
            },
            Issue::Unreadable {
                kind: std::io::ErrorKind::InvalidData,
                reason: "stream did not contain valid UTF-8".into(),
            },
            Issue::BadId {
                found: "Pelayanan Publik".into(),
                max_len: 64,
            },
            Issue::NoSections,
            Issue::EmptySections,
            Issue::SectionNotTable {
                found: Found::Integer("1".into()),
            },
            Issue::SectionsNotArray {
                found: Found::Table,
            },
            Issue::DuplicateCode {
                level: Level::Section,
                code: "SP".into(),
                first: "SP".into(),
                line: 7,
            },
            Issue::DuplicateCode {
                level: Level::Item,
                code: "sp-01".into(),
                first: "SP-01".into(),
                line: 11,
            },
            Issue::NoItems {
                section: code.clone(),
            },
            Issue::EmptyItems {
                section: SectionName::Number(2),
            },
            Issue::ItemNotTable {
                found: Found::String("x".into()),
            },
            Issue::ItemsNotArray {
                found: Found::Boolean("true".into()),
            },
            Issue::RangeNotForKind,
            Issue::RangeBackwards {
                min: 100.0,
                max: 2.5,
            },
            Issue::CodeHasSpace {
                found: "SP 02".into(),
            },
            Issue::MissingKey {
                owner: Owner::Template,
                key: "id",
            },
            Issue::MissingKey {
                owner: Owner::Section(SectionName::Number(1)),
                key: "code",
            },
            Issue::MissingKey {
                owner: Owner::Item("SP-02".into()),
                key: "text",
            },
            Issue::MissingKey {
                owner: Owner::ItemNumber {
                    number: 1,
                    section: code,
                },
                key: "code",
            },
            Issue::Blank {
                key: "title",
                found: "  ".into(),
            },
            Issue::NotAString {
                key: "version",
                found: Found::Float("2026.1".into()),
            },
            Issue::NotAString {
                key: "guidance",
                found: Found::Array,
            },
            Issue::BadWeight {
                found: Found::Literal("2.5".into()),
                min: 1,
                max: 100,
            },
            Issue::BadWeight {
                found: Found::Datetime("2026-01-01".into()),
                min: 1,
                max: 100,
            },
            Issue::NotANumber {
                key: "max",
                found: Found::String("seratus".into()),
            },
            Issue::AnswerNotAString {
                found: Found::Integer("3".into()),
                accepted: ANSWER_NAMES,
                aliases: ANSWER_ALIASES,
            },
            Issue::UnknownAnswer {
                found: "pilihan".into(),
                hint: None,
                accepted: ANSWER_NAMES,
                aliases: ANSWER_ALIASES,
            },
            Issue::UnknownAnswer {
                found: "complaince".into(),
                hint: Some("compliance"),
                accepted: ANSWER_NAMES,
                aliases: ANSWER_ALIASES,
            },
            Issue::NotABoolean {
                key: "evidence_required",
                found: Found::String("ya".into()),
            },
            Issue::NotAList {
                key: "basis",
                found: Found::Integer("3".into()),
            },
            Issue::NotATable {
                key: "engagement",
                found: Found::String("uji petik".into()),
            },
            Issue::ComputedNotForKind,
            Issue::UnknownComputed {
                found: "nilai".into(),
            },
            Issue::UnknownKey {
                key: "weigth".into(),
                hint: Some("weight"),
                expected: &["code", "weight"],
            },
            Issue::UnknownKey {
                key: "foo".into(),
                hint: None,
                expected: &["code", "title", "item"],
            },
        ]
    }

    fn issue_kind(i: &Issue) -> usize {
        match i {
            Issue::TooLarge { .. } => 0,
            Issue::NotUtf8 { .. } => 1,
            Issue::Syntax { .. } => 2,
            Issue::DuplicateKey { .. } => 3,
            Issue::TooManyItems { .. } => 4,
            Issue::Unreadable { .. } => 5,
            Issue::BadId { .. } => 6,
            Issue::NoSections => 7,
            Issue::EmptySections => 8,
            Issue::SectionNotTable { .. } => 9,
            Issue::SectionsNotArray { .. } => 10,
            Issue::DuplicateCode { .. } => 11,
            Issue::NoItems { .. } => 12,
            Issue::EmptyItems { .. } => 13,
            Issue::ItemNotTable { .. } => 14,
            Issue::ItemsNotArray { .. } => 15,
            Issue::RangeNotForKind => 16,
            Issue::RangeBackwards { .. } => 17,
            Issue::CodeHasSpace { .. } => 18,
            Issue::MissingKey { .. } => 19,
            Issue::Blank { .. } => 20,
            Issue::NotAString { .. } => 21,
            Issue::BadWeight { .. } => 22,
            Issue::NotANumber { .. } => 23,
            Issue::AnswerNotAString { .. } => 24,
            Issue::UnknownAnswer { .. } => 25,
            Issue::NotABoolean { .. } => 26,
            Issue::UnknownKey { .. } => 27,
            Issue::NotAList { .. } => 28,
            Issue::NotATable { .. } => 29,
            Issue::ComputedNotForKind => 30,
            Issue::UnknownComputed { .. } => 31,
        }
    }

    #[test]
    fn every_checklist_problem_is_said_by_key_in_both_languages() {
        let (id, en) = both();
        let all = every_issue();
        let mut kinds: Vec<usize> = all.iter().map(issue_kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, (0..32).collect::<Vec<_>>(), "a sample of every kind");
        for i in &all {
            let (m_id, m_en) = (checklist_issue(i, id), checklist_issue(i, en));
            for m in [&m_id, &m_en] {
                assert!(
                    !m.contains("error.checklist_issue"),
                    "a key left unsaid: {m}"
                );
                assert!(!m.contains('{'), "a value left unfilled: {m}");
            }
            // English is the parser's own sentence, so logs, --json and the CLI agree (but for
            // the usual reasons a file cannot be read, said as every other error says them)
            if !matches!(i, Issue::Unreadable { kind, .. } if *kind == std::io::ErrorKind::NotFound)
            {
                assert_eq!(m_en, i.to_string());
            }
            assert_ne!(m_id, m_en, "said the same in both: {m_en}");
            for english in [" must ", " the ", " has ", " is ", " found ", " key "] {
                assert!(!m_id.contains(english), "{english:?} in {m_id}");
            }
        }
    }

    #[test]
    fn a_merge_an_export_and_a_findings_file_error() {
        let (id, en) = both();
        let e = MergeError::Empty(crate::app::trail::Field::Kondisi);
        assert_eq!(merge(&e, en), e.to_string());
        assert_eq!(
            merge(&e, id),
            "kondisi kosong setelah penggabungan; kolom itu wajib diisi"
        );
        let e = ExportError::UnknownFormat("pdf".into());
        assert_eq!(export(&e, en), e.to_string());
        assert_eq!(
            export(&e, id),
            "Format ekspor \"pdf\" tidak dikenal: gunakan csv, xlsx, json, md, html, docx, docx-asn, atau html-asn"
        );
        let e = BundleError::Encrypted {
            path: "f.periksa".into(),
        };
        assert_eq!(bundle(&e, en), e.to_string());
        assert_eq!(
            bundle(&e, id),
            "f.periksa terenkripsi; buka dengan --passphrase atau --identity BERKAS"
        );
    }

    #[test]
    fn the_incomplete_summary_counts_and_names_the_gaps() {
        let (id, en) = both();
        let mut gaps: Vec<Gap> = (1..=6)
            .map(|i| Gap::Unanswered {
                item: format!("A-{i}"),
            })
            .collect();
        gaps.push(Gap::OutOfRange {
            item: "B-1".into(),
            value: 3.5,
            min: Some(0.0),
            max: None,
        });
        let c = Completeness {
            gaps,
            rules: crate::domain::check::CheckRules::builtin().unwrap(),
        };
        let e = crate::app::AppError::Incomplete(Box::new(c.clone()));
        assert_eq!(incomplete(&c, en), e.to_string());
        assert_eq!(
            incomplete(&c, en),
            "cannot make the audit final: 7 gap(s) block it — A-1: not answered; A-2: not answered; A-3: not answered; A-4: not answered; A-5: not answered; and 2 more; see `periksa audit check`"
        );
        assert_eq!(
            incomplete(&c, id),
            "Pemeriksaan belum dapat difinalkan: 7 kekurangan menghalanginya — A-1: belum dijawab; A-2: belum dijawab; A-3: belum dijawab; A-4: belum dijawab; A-5: belum dijawab; dan 2 lagi; lihat `periksa audit check`"
        );
        let g = &c.gaps[6];
        assert_eq!(gap(g, id), "B-1: 3,5 di luar rentang ≥ 0");
        assert_eq!(gap(g, en), "B-1: 3.5 is outside its range ≥ 0");
    }

    fn at(line: usize, field: &str, reason: RowReason) -> Problem {
        Problem {
            file: "asn.csv".into(),
            sheet: None,
            line,
            field: field.into(),
            reason,
        }
    }

    #[test]
    fn a_row_reason_is_said_in_each_language_and_as_its_english_display() {
        let (id, en) = both();
        let today = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let info = Nip::parse("198609262015052101", today).unwrap();
        let cases = [
            (
                at(2, "Nama", RowReason::Empty),
                "asn.csv:2: Nama: is empty",
                "asn.csv:2: Nama: kosong",
            ),
            (
                at(
                    3,
                    "NIP",
                    RowReason::Nip(Nip::parse("19860926201505100", today).unwrap_err()),
                ),
                "asn.csv:3: NIP: NIP \"19860926201505100\" has 17 digits; a NIP has exactly 18",
                "asn.csv:3: NIP: NIP \"19860926201505100\" berisi 17 angka; NIP harus tepat 18 angka",
            ),
            (
                at(
                    5,
                    "NIP",
                    RowReason::DuplicateNip {
                        nip: "19860926 201505 1 001".into(),
                        unit: Unit::Line,
                        first: 2,
                    },
                ),
                "asn.csv:5: NIP: 19860926 201505 1 001 already appears on line 2",
                "asn.csv:5: NIP: NIP 19860926 201505 1 001 sudah ada di baris 2",
            ),
            (
                at(
                    6,
                    "Status",
                    RowReason::UnknownStatus {
                        found: "honorer".into(),
                    },
                ),
                "asn.csv:6: Status: \"honorer\" is not a known status; use PNS, CPNS, PPPK or P3K",
                "asn.csv:6: Status: status \"honorer\" tidak dikenal; gunakan PNS, CPNS, PPPK, atau P3K",
            ),
            (
                at(
                    7,
                    "NIP",
                    RowReason::NipFlag {
                        info: Box::new(info.clone()),
                        flag: crate::domain::nip::NipFlag::PppkStyle,
                        status_pns: true,
                    },
                ),
                "asn.csv:7: NIP: 19860926 201505 2 101 (PPPK?): TMT month (positions 13-14) is 13-99, not a calendar month; PPPK numbers appear to put a code such as 21 there, so this is probably a PPPK NIP; but the status says PNS",
                "asn.csv:7: NIP: 19860926 201505 2 101 (PPPK?): bulan TMT (digit 13-14) bernilai 13-99, bukan bulan kalender; NIP PPPK tampaknya memuat kode seperti 21 di situ, jadi ini kemungkinan NIP PPPK; padahal statusnya PNS",
            ),
            (
                at(8, "row", RowReason::WrongWidth { found: 8, needed: 6 }),
                "asn.csv:8: row: has 8 fields but the header has 6; check for a missing or extra delimiter or an unclosed quote",
                "asn.csv:8: baris: berisi 8 kolom, padahal baris judul berisi 6; periksa apakah ada pemisah yang kurang atau berlebih, atau tanda kutip yang belum ditutup",
            ),
            (
                at(
                    9,
                    "Kode OPD",
                    RowReason::UnknownAgency {
                        code: "DINKES".into(),
                    },
                ),
                "asn.csv:9: Kode OPD: agency \"DINKES\" is not known; import agencies first (`periksa agency import FILE`)",
                "asn.csv:9: Kode OPD: OPD \"DINKES\" belum dikenal; impor daftar OPD lebih dulu (`periksa agency import BERKAS`)",
            ),
            (
                at(
                    10,
                    "Nama",
                    RowReason::ControlChar {
                        code: 7,
                        position: 4,
                    },
                ),
                "asn.csv:10: Nama: holds the control character U+0007 at character 4; remove it and export again",
                "asn.csv:10: Nama: berisi karakter kendali U+0007 pada karakter ke-4; hapus karakter itu lalu ekspor ulang",
            ),
        ];
        for (p, english, indonesian) in cases {
            assert_eq!(p.to_string(), english);
            assert_eq!(problem(&p, en), english);
            assert_eq!(problem(&p, id), indonesian);
        }
    }

    /// One reason of each kind (the match below names every variant, so a new one must be added).
    fn every_row_reason() -> Vec<RowReason> {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let info = Box::new(Nip::parse("198609262015051000", today).unwrap());
        let all = vec![
            RowReason::Empty,
            RowReason::NipNumber {
                shown: "198609262015051000".into(),
            },
            RowReason::Nip(NipError::Empty),
            RowReason::DuplicateNip {
                nip: "19860926 201505 1 001".into(),
                unit: Unit::Row,
                first: 2,
            },
            RowReason::DuplicateCode {
                code: "RSUD".into(),
                unit: Unit::Line,
                first: 3,
            },
            RowReason::UnknownStatus { found: "x".into() },
            RowReason::StatusTakenAsPppk,
            RowReason::NipFlag {
                info: info.clone(),
                flag: crate::domain::nip::NipFlag::ZeroSequence,
                status_pns: false,
            },
            RowReason::NipFlag {
                info,
                flag: crate::domain::nip::NipFlag::PppkStyle,
                status_pns: true,
            },
            RowReason::UnknownColumn,
            RowReason::AboveHeader { text: "x".into() },
            RowReason::AboveHeaderWide { cells: 300 },
            RowReason::TooLong {
                chars: 1001,
                limit: 1000,
            },
            RowReason::ControlChar {
                code: 1,
                position: 1,
            },
            RowReason::BeyondHeader {
                column: 28,
                header_end: 9,
            },
            RowReason::WrongWidth {
                found: 3,
                needed: 6,
            },
            RowReason::UnknownAgency { code: "X".into() },
            RowReason::SkmOutOfRange { value: 5, max: 4 },
            RowReason::SkmUnknownAnswer {
                found: "mantap".into(),
                expected: "1 = tidak mudah; 2 = kurang mudah; 3 = mudah; 4 = sangat mudah".into(),
                max: 4,
            },
        ];
        for r in &all {
            match r {
                RowReason::Empty
                | RowReason::NipNumber { .. }
                | RowReason::Nip(_)
                | RowReason::DuplicateNip { .. }
                | RowReason::DuplicateCode { .. }
                | RowReason::UnknownStatus { .. }
                | RowReason::StatusTakenAsPppk
                | RowReason::NipFlag { .. }
                | RowReason::UnknownColumn
                | RowReason::AboveHeader { .. }
                | RowReason::AboveHeaderWide { .. }
                | RowReason::TooLong { .. }
                | RowReason::ControlChar { .. }
                | RowReason::BeyondHeader { .. }
                | RowReason::WrongWidth { .. }
                | RowReason::UnknownAgency { .. }
                | RowReason::SkmOutOfRange { .. }
                | RowReason::SkmUnknownAnswer { .. } => {}
            }
        }
        all
    }

    fn sheet_at(column: Option<(usize, &str)>, reason: SheetReason) -> roundtrip::Problem {
        roundtrip::Problem {
            sheet: "temuan".into(),
            row: 4,
            col: column.map(|c| c.0),
            column: column.map(|c| c.1.to_string()),
            reason: Box::new(reason),
        }
    }

    /// One reason of each kind (the match below names every variant, so a new one must be added).
    fn every_sheet_reason() -> Vec<SheetReason> {
        use crate::domain::template::AnswerKind;
        let refusal = roundtrip::Refusal(std::sync::Arc::new(crate::app::AppError::Invalid(
            "kondisi is empty".into(),
        )));
        let mut all = vec![
            SheetReason::TooWide {
                width: 300,
                limit: 200,
            },
            SheetReason::Severity { found: "x".into() },
            SheetReason::FollowUpStatus { found: "x".into() },
            SheetReason::Rating { found: "x".into() },
            SheetReason::Date(crate::domain::date::parse_date("31/02/2027").unwrap_err()),
            SheetReason::NipNumber {
                shown: "198609262015051000".into(),
            },
            SheetReason::Nip(NipError::Empty),
            SheetReason::Berakhlak { piece: "x".into() },
            SheetReason::Period(crate::domain::period::Period::parse("2026-S3").unwrap_err()),
            SheetReason::Action(FollowUpError::UnknownAction("x".into())),
            SheetReason::OtherAudit {
                found: "a2".into(),
                audit: "a1".into(),
            },
            SheetReason::Twice {
                key: "f1".into(),
                first: 2,
            },
            SheetReason::Version {
                found: "x".into(),
                pair: false,
            },
            SheetReason::Version {
                found: "x".into(),
                pair: true,
            },
            SheetReason::UnknownItem {
                item: "X-9".into(),
                checklist: "sakip".into(),
            },
            SheetReason::AnswerRemoved {
                item: "A-1".into(),
                was: "compliant".into(),
            },
            SheetReason::RatingTwice {
                nip: "198609262015051001".into(),
                period: "2026".into(),
            },
            SheetReason::Refused(refusal),
        ];
        for kind in [
            AnswerKind::Compliance,
            AnswerKind::Score,
            AnswerKind::YesNo,
            AnswerKind::Number,
        ] {
            all.push(SheetReason::Answer {
                kind,
                found: "x".into(),
            });
        }
        for what in [RecordKind::Finding, RecordKind::Rating] {
            all.push(SheetReason::ForeignRecord {
                what,
                key: "f1".into(),
                audit: "a2".into(),
                title: "t".into(),
            });
            all.push(SheetReason::NoRecord {
                what,
                key: "f1".into(),
            });
        }
        for r in &all {
            match r {
                SheetReason::TooWide { .. }
                | SheetReason::Severity { .. }
                | SheetReason::FollowUpStatus { .. }
                | SheetReason::Rating { .. }
                | SheetReason::Date(_)
                | SheetReason::NipNumber { .. }
                | SheetReason::Nip(_)
                | SheetReason::Berakhlak { .. }
                | SheetReason::Period(_)
                | SheetReason::Action(_)
                | SheetReason::OtherAudit { .. }
                | SheetReason::Twice { .. }
                | SheetReason::Answer { .. }
                | SheetReason::Version { .. }
                | SheetReason::UnknownItem { .. }
                | SheetReason::AnswerRemoved { .. }
                | SheetReason::ForeignRecord { .. }
                | SheetReason::NoRecord { .. }
                | SheetReason::RatingTwice { .. }
                | SheetReason::Refused(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_reason_is_said_by_a_key_of_both_languages_and_in_english_as_its_display() {
        let id_keys = crate::text::parse(include_str!("../../data/i18n/id.toml")).unwrap();
        let en_keys = crate::text::parse(include_str!("../../data/i18n/en.toml")).unwrap();
        let (id, en) = both();
        for r in every_row_reason() {
            let key = row_reason_key(&r);
            assert!(
                id_keys.contains_key(key) && en_keys.contains_key(key),
                "{key}"
            );
            assert_eq!(row_reason(&r, en), r.to_string(), "{key}");
            assert!(!row_reason(&r, id).contains("error."), "{key}");
        }
        let reasons = every_sheet_reason();
        let keys: std::collections::HashSet<_> = reasons.iter().map(sheet_reason_key).collect();
        assert_eq!(keys.len(), reasons.len(), "one sample of every key");
        for r in reasons {
            let key = sheet_reason_key(&r);
            assert!(
                id_keys.contains_key(key) && en_keys.contains_key(key),
                "{key}"
            );
            assert_eq!(sheet_reason(&r, en), r.to_string(), "{key}");
            assert!(!sheet_reason(&r, id).contains("error."), "{key}");
        }
    }

    #[test]
    fn a_sheet_reason_is_said_in_each_language_and_as_its_english_display() {
        let (id, en) = both();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let cases = [
            (
                sheet_at(
                    Some((11, "tingkat")),
                    SheetReason::Severity {
                        found: "parah".into(),
                    },
                ),
                "temuan!R4 C11 (tingkat): \"parah\" is not a severity; use rendah, sedang, tinggi",
                "temuan!R4 C11 (tingkat): \"parah\" bukan tingkat temuan; gunakan rendah, sedang, atau tinggi",
            ),
            (
                sheet_at(
                    Some((16, "nip_terkait")),
                    SheetReason::Nip(Nip::parse("1986092620150510", today).unwrap_err()),
                ),
                "temuan!R4 C16 (nip_terkait): NIP \"1986092620150510\" has 16 digits; a NIP has exactly 18",
                "temuan!R4 C16 (nip_terkait): NIP \"1986092620150510\" berisi 16 angka; NIP harus tepat 18 angka",
            ),
            (
                sheet_at(
                    Some((1, "temuan_id")),
                    SheetReason::Twice {
                        key: "f1".into(),
                        first: 2,
                    },
                ),
                "temuan!R4 C1 (temuan_id): \"f1\" is in row 2 too; keep one row for it",
                "temuan!R4 C1 (temuan_id): \"f1\" juga ada di baris 2; sisakan satu baris saja",
            ),
            (
                sheet_at(
                    None,
                    SheetReason::TooWide {
                        width: 250,
                        limit: 200,
                    },
                ),
                "temuan!R4: the row has 250 columns; the limit is 200",
                "temuan!R4: baris ini berisi 250 kolom; batasnya 200",
            ),
            (
                sheet_at(
                    Some((1, "temuan_id")),
                    SheetReason::NoRecord {
                        what: RecordKind::Finding,
                        key: "f9".into(),
                    },
                ),
                "temuan!R4 C1 (temuan_id): no finding f9 in this audit; leave the id empty for a new one",
                "temuan!R4 C1 (temuan_id): tidak ada temuan f9 di pemeriksaan ini; kosongkan id-nya untuk temuan baru",
            ),
        ];
        for (p, english, indonesian) in cases {
            assert_eq!(p.to_string(), english);
            assert_eq!(sheet_problem(&p, en), english);
            assert_eq!(sheet_problem(&p, id), indonesian);
        }
        // a refusal of the app's checks is said as the app says it
        let e = crate::app::AppError::UnknownFinding("f7".into());
        let p = sheet_at(
            Some((17, "temuan_terkait")),
            SheetReason::Refused(roundtrip::Refusal(std::sync::Arc::new(e))),
        );
        let e = crate::app::AppError::UnknownFinding("f7".into());
        assert_eq!(sheet_problem(&p, en), p.to_string());
        assert_eq!(
            sheet_problem(&p, id),
            format!("temuan!R4 C17 (temuan_terkait): {}", e.message(id))
        );
        assert_ne!(e.message(id), e.to_string());
    }

    #[test]
    fn a_workbook_sorted_with_its_header_is_said_in_each_language() {
        let (id, en) = (Strings::of(Lang::Id), Strings::of(Lang::En));
        let e = RoundTripError::HeaderMoved {
            file: "kkp.xlsx".into(),
            sheet: "temuan".into(),
            row: 5,
        };
        assert_eq!(sheet(&e, en), e.to_string());
        assert_eq!(
            sheet(&e, id),
            "kkp.xlsx: temuan!R5: baris judul ada di sini, di bawah baris lain (pengurutan yang \
             ikut memindahkan baris judul, atau baris yang disisipkan di atasnya); kembalikan ke \
             paling atas (batalkan pengurutan itu, atau urutkan hanya baris di bawah judul) lalu \
             impor lagi"
        );
        let e = RoundTripError::NoTables {
            file: "x.xlsx".into(),
        };
        assert_eq!(sheet(&e, en), e.to_string());
        assert!(sheet(&e, id).contains("rekomendasi_predikat atau rekomendasi"));
    }

    #[test]
    fn a_sheet_note_in_each_language() {
        let notes = [
            SheetNote::NotATable {
                sheet: "Lembar1".into(),
            },
            SheetNote::ExtraColumn {
                sheet: "jawaban".into(),
                column: "paraf".into(),
            },
            SheetNote::SummaryReadOnly {
                sheet: "ringkasan".into(),
            },
            SheetNote::EarlierReadOnly {
                sheet: "tindak_lanjut_sebelumnya".into(),
            },
            SheetNote::AnswerDisagrees {
                sheet: "jawaban".into(),
                row: 4,
                label: "Sesuai".into(),
                code: "sebagian".into(),
            },
            SheetNote::Unversioned {
                sheets: "jawaban.csv".into(),
            },
        ];
        let (id, en) = (Strings::of(Lang::Id), Strings::of(Lang::En));
        for n in &notes {
            assert_eq!(sheet_note(n, en), n.to_string());
            assert_ne!(sheet_note(n, id), n.to_string());
            assert!(!sheet_note(n, id).contains("sheet_note."));
        }
        assert_eq!(
            sheet_note(&notes[1], id),
            "jawaban: kolom \"paraf\" bukan bagian dari ekspor; diabaikan"
        );
    }

    #[test]
    fn a_distribution_rule_file_is_refused_in_each_language() {
        let (id, en) = (Strings::of(Lang::Id), Strings::of(Lang::En));
        let bad = |text: &str| {
            crate::domain::rating::DistributionRules::from_toml(text)
                .err()
                .unwrap_or_else(|| panic!("taken: {text}"))
        };
        let builtin = include_str!("../../data/rules/distribusi_predikat.toml");
        let cases = [
            bad("organisasi = 3"),
            bad(&builtin.replacen("predikat = \"istimewa\"", "predikat = \"luar-biasa\"", 1)),
            bad(&builtin.replacen("predikat = \"baik\"", "predikat = \"istimewa\"", 1)),
        ];
        for e in &cases {
            assert_eq!(distribution_rules(e, en), e.to_string());
            let said = distribution_rules(e, id);
            assert_ne!(said, e.to_string());
            assert!(!said.contains("error."), "{said}");
        }
    }
}

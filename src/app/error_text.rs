//! The errors of the layers below the app (domain, exchange, store) said in the user's language, by key from `[error.*]` of data/i18n; their own `Display` stays English, for logs and tests.

use crate::app::merge::MergeError;
use crate::codec::CodecError;
use crate::domain::check::{Completeness, Gap};
use crate::domain::date::{DateError, MONTHS_EN, MONTHS_ID};
use crate::domain::followup::FollowUpError;
use crate::domain::nip::NipError;
use crate::domain::period::PeriodError;
use crate::domain::rating::RatingError;
use crate::domain::score::AnswerError;
use crate::exchange::bundle::BundleError;
use crate::exchange::checklist::Diagnostic;
use crate::exchange::export::ExportError;
use crate::exchange::roundtrip::RoundTripError;
use crate::exchange::tabular::{Problem, TableError};
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
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => t.t("error.io_not_found").to_string(),
        K::PermissionDenied => t.t("error.io_permission").to_string(),
        K::StorageFull => t.t("error.io_full").to_string(),
        _ => e.to_string(),
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
    t.f(
        "error.roster.problem",
        &[
            ("place", &place(&p.file, &p.sheet, &p.line)),
            ("field", &p.field),
            ("reason", &p.reason),
        ],
    )
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

/// One problem of a checklist file: its `file:line:column:` stays, the message is said by key.
pub fn diagnostic(d: &Diagnostic, t: &Strings) -> String {
    t.f(
        "error.checklist.at",
        &[
            ("file", &d.file),
            ("line", &d.line),
            ("column", &d.column),
            ("message", &d.message()),
        ],
    )
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
            reason: "is empty".into(),
        };
        let e = rows_of(std::slice::from_ref(&p));
        assert_eq!(rows(std::slice::from_ref(&p), en), e.to_string());
        assert_eq!(
            rows(std::slice::from_ref(&p), id),
            "1 masalah, tidak ada yang diimpor (gunakan --skip-invalid untuk mengimpor baris yang sah):\nasn.xlsx:ASN!7: nama: is empty"
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
            issue: crate::exchange::checklist::Issue::EmptySections,
        };
        assert_eq!(diagnostic(&d, en), d.to_string());
        assert_eq!(diagnostic(&d, id), "t.toml:3:5: template has no sections");
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
            "Format ekspor \"pdf\" tidak dikenal: gunakan csv, xlsx, json, md atau html"
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
}

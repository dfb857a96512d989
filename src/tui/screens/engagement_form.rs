//! The engagement form (data penugasan): the surat tugas, dasar, tujuan, ruang lingkup, batasan, metodologi, the planned and actual days, gambaran umum, simpulan, the team and the LHP's letter block, saved as one change with `Ctrl-s`.

use chrono::NaiveDate;
use ratatui::text::Line;

use crate::app::{engagement_draft_key, lines_of, App, AppError, EngagementEdit};
use crate::domain::date::parse_date;
use crate::domain::engagement::{working_days, METHODS};
use crate::domain::Id;
use crate::tui::widgets::form::{Field, FieldCheck, FieldKind, Form, FormData};
use crate::tui::Ui;

/// How a field is typed.
#[derive(Clone, Copy)]
enum Input {
    Line,
    Text,
    /// A date, checked as typed.
    Date,
    /// A number of days, checked as typed.
    Days,
}

/// A date field's check: empty, or a date `periksa` reads.
fn date_check() -> FieldCheck {
    Box::new(|v: &str, ui: &Ui| {
        if v.trim().is_empty() {
            return Ok(());
        }
        parse_date(v)
            .map(|_| ())
            .map_err(|e| crate::app::date_error(&e, &ui.t))
    })
}

/// A days field's check: empty, or a whole number.
fn days_check() -> FieldCheck {
    Box::new(|v: &str, ui: &Ui| {
        let v = v.trim();
        if v.is_empty() || v.parse::<u32>().is_ok() {
            Ok(())
        } else {
            Err(ui.t.f("error.engagement.days", &[("found", &v)]))
        }
    })
}

/// The form of `audit`'s engagement, filled with what it holds; saving writes the whole of it
/// (`App::set_engagement`), and nothing when nothing changed.
pub fn engagement_form(app: &App, ui: &Ui, audit: Id) -> Result<Form, AppError> {
    let a = app.resolve_audit(&audit.to_string())?;
    let start = EngagementEdit::whole(&app.engagement(&a)?);
    let t = &ui.t;
    let get = |v: &Option<String>| v.clone().unwrap_or_default();
    let joined = |v: &Option<Vec<String>>| v.clone().unwrap_or_default().join("\n");
    use Input::{Date, Days, Line, Text};
    // (key, label, how it is typed, what it holds): in the LHP's order
    let spec: [(&'static str, &str, Input, String); 22] = [
        (
            "assignment_number",
            "engagement.form.assignment_number",
            Line,
            get(&start.assignment_number),
        ),
        (
            "assignment_date",
            "engagement.form.assignment_date",
            Date,
            get(&start.assignment_date),
        ),
        ("basis", "engagement.form.basis", Text, joined(&start.basis)),
        (
            "objective",
            "engagement.objective",
            Text,
            get(&start.objective),
        ),
        ("scope", "engagement.scope", Text, get(&start.scope)),
        (
            "limitations",
            "engagement.limitations",
            Text,
            get(&start.limitations),
        ),
        (
            "methods",
            "engagement.form.methods",
            Text,
            joined(&start.methods),
        ),
        (
            "planned_start",
            "engagement.form.planned_start",
            Date,
            get(&start.planned_start),
        ),
        (
            "planned_end",
            "engagement.form.planned_end",
            Date,
            get(&start.planned_end),
        ),
        (
            "planned_days",
            "engagement.form.planned_days",
            Days,
            get(&start.planned_days),
        ),
        (
            "actual_start",
            "engagement.form.actual_start",
            Date,
            get(&start.actual_start),
        ),
        (
            "actual_end",
            "engagement.form.actual_end",
            Date,
            get(&start.actual_end),
        ),
        (
            "actual_days",
            "engagement.form.actual_days",
            Days,
            get(&start.actual_days),
        ),
        (
            "overview",
            "engagement.overview",
            Text,
            get(&start.overview),
        ),
        (
            "conclusion",
            "engagement.conclusion",
            Text,
            get(&start.conclusion),
        ),
        ("team", "engagement.form.team", Text, joined(&start.team)),
        (
            "report_number",
            "engagement.form.report_number",
            Line,
            get(&start.report_number),
        ),
        (
            "report_date",
            "engagement.form.report_date",
            Date,
            get(&start.report_date),
        ),
        (
            "report_nature",
            "engagement.form.report_nature",
            Line,
            get(&start.report_nature),
        ),
        (
            "report_attachment",
            "engagement.form.report_attachment",
            Line,
            get(&start.report_attachment),
        ),
        (
            "report_subject",
            "engagement.form.report_subject",
            Text,
            get(&start.report_subject),
        ),
        (
            "report_addressee",
            "engagement.form.report_addressee",
            Text,
            get(&start.report_addressee),
        ),
    ];
    let fields = spec
        .into_iter()
        .map(|(key, label, input, value)| {
            let kind = match input {
                Text => FieldKind::Text,
                Line | Date | Days => FieldKind::Line,
            };
            let field = Field::new(key, t.t(label).into(), kind).value(value);
            match input {
                Date => field.checked(date_check()),
                Days => field.checked(days_check()),
                Line | Text => field,
            }
        })
        .collect();
    let saved = t.t("engagement.form.saved").to_string();
    let unchanged = t.t("engagement.form.unchanged").to_string();
    let key = audit.to_string();
    let form = Form::new(
        format!("{} — {}", t.t("engagement.form.title"), a.title),
        fields,
        Box::new(move |d, app| {
            let (e, changed) = app.set_engagement(&key, &edit_of(d))?;
            let (filled, total) = e.filled_parts();
            Ok(if changed {
                format!("{saved} ({filled}/{total})")
            } else {
                unchanged.clone()
            })
        }),
    )
    .with_preview(Box::new(preview))
    .with_draft(engagement_draft_key(&audit), app);
    Ok(form)
}

/// The whole engagement as the form holds it.
fn edit_of(d: &FormData) -> EngagementEdit {
    let s = |k: &str| Some(d.get(k).to_string());
    let list = |k: &str| Some(lines_of(d.get(k)));
    EngagementEdit {
        assignment_number: s("assignment_number"),
        assignment_date: s("assignment_date"),
        basis: list("basis"),
        objective: s("objective"),
        scope: s("scope"),
        limitations: s("limitations"),
        methods: list("methods"),
        planned_start: s("planned_start"),
        planned_end: s("planned_end"),
        planned_days: s("planned_days"),
        actual_start: s("actual_start"),
        actual_end: s("actual_end"),
        actual_days: s("actual_days"),
        overview: s("overview"),
        conclusion: s("conclusion"),
        team: list("team"),
        report_number: s("report_number"),
        report_date: s("report_date"),
        report_nature: s("report_nature"),
        report_attachment: s("report_attachment"),
        report_subject: s("report_subject"),
        report_addressee: s("report_addressee"),
    }
}

/// Beside the fields: how to write the team, the techniques most audits name, and the working
/// days each schedule spans as typed.
fn preview(d: &FormData, ui: &Ui) -> Vec<Line<'static>> {
    let t = &ui.t;
    let mut out = vec![
        Line::from(t.t("engagement.form.team_help").to_string()),
        Line::from(t.f(
            "engagement.form.methods_help",
            &[("methods", &METHODS.join(", "))],
        )),
    ];
    let day = |k: &str| parse_date(d.get(k)).ok();
    for (label, start, end) in [
        ("engagement.planned", "planned_start", "planned_end"),
        ("engagement.actual", "actual_start", "actual_end"),
    ] {
        if let (Some(s), Some(e)) = (day(start), day(end)) {
            out.push(Line::from(span_line(t.t(label), s, e, ui)));
        }
    }
    out
}

/// `Jadwal rencana: 1 Des 2026 – 12 Des 2026, 10 hari kerja`.
fn span_line(label: &str, start: NaiveDate, end: NaiveDate, ui: &Ui) -> String {
    let t = &ui.t;
    if end < start {
        return format!("{label}: {}", t.t("engagement.form.backwards"));
    }
    let n = working_days(start, end);
    format!(
        "{label}: {} – {}, {}",
        t.date_short(start),
        t.date_short(end),
        t.f("engagement.form.working_days", &[("n", &n)])
    )
}

//! The engagement form (data penugasan): the surat tugas, dasar, tujuan, ruang lingkup, batasan, metodologi, the planned and actual days, gambaran umum, simpulan, the team and the LHP's letter block, saved as one change with `Ctrl-s`.

use chrono::NaiveDate;
use ratatui::text::Line;

use crate::app::{engagement_draft_key, lines_of, App, AppError, EngagementEdit};
use crate::domain::date::parse_date;
use crate::domain::engagement::{working_days, METHODS};
use crate::domain::Id;
use crate::tui::widgets::form::{Field, FieldCheck, FieldKind, Form, FormData};
use crate::tui::Ui;

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
    let line = |key: &'static str, label: &str, value: String| {
        Field::new(key, t.t(label).into(), FieldKind::Line).value(value)
    };
    let text = |key: &'static str, label: &str, value: String| {
        Field::new(key, t.t(label).into(), FieldKind::Text).value(value)
    };
    let date = |key: &'static str, label: &str, value: String| {
        line(key, label, value).checked(date_check())
    };
    let days = |key: &'static str, label: &str, value: String| {
        line(key, label, value).checked(days_check())
    };
    let fields = vec![
        line(
            "assignment_number",
            "engagement.form.assignment_number",
            get(&start.assignment_number),
        ),
        date(
            "assignment_date",
            "engagement.form.assignment_date",
            get(&start.assignment_date),
        ),
        text("basis", "engagement.form.basis", joined(&start.basis)),
        text("objective", "engagement.objective", get(&start.objective)),
        text("scope", "engagement.scope", get(&start.scope)),
        text(
            "limitations",
            "engagement.limitations",
            get(&start.limitations),
        ),
        text("methods", "engagement.form.methods", joined(&start.methods)),
        date(
            "planned_start",
            "engagement.form.planned_start",
            get(&start.planned_start),
        ),
        date(
            "planned_end",
            "engagement.form.planned_end",
            get(&start.planned_end),
        ),
        days(
            "planned_days",
            "engagement.form.planned_days",
            get(&start.planned_days),
        ),
        date(
            "actual_start",
            "engagement.form.actual_start",
            get(&start.actual_start),
        ),
        date(
            "actual_end",
            "engagement.form.actual_end",
            get(&start.actual_end),
        ),
        days(
            "actual_days",
            "engagement.form.actual_days",
            get(&start.actual_days),
        ),
        text("overview", "engagement.overview", get(&start.overview)),
        text(
            "conclusion",
            "engagement.conclusion",
            get(&start.conclusion),
        ),
        text("team", "engagement.form.team", joined(&start.team)),
        line(
            "report_number",
            "engagement.form.report_number",
            get(&start.report_number),
        ),
        date(
            "report_date",
            "engagement.form.report_date",
            get(&start.report_date),
        ),
        line(
            "report_nature",
            "engagement.form.report_nature",
            get(&start.report_nature),
        ),
        line(
            "report_attachment",
            "engagement.form.report_attachment",
            get(&start.report_attachment),
        ),
        text(
            "report_subject",
            "engagement.form.report_subject",
            get(&start.report_subject),
        ),
        text(
            "report_addressee",
            "engagement.form.report_addressee",
            get(&start.report_addressee),
        ),
    ];
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

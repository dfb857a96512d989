//! The finding (temuan) form: title, kode temuan and kode sebab (fuzzy-picked from the code
//! tables), the five elements with the recommendations as numbered lines, tanggapan, severity,
//! items and the ASN involved (fuzzy-picked by name or NIP); one builder raises a finding (from
//! the walk or the findings list) or edits one. Also the follow-up (tindak lanjut) form.

use chrono::NaiveDate;
use ratatui::text::{Line, Span};

use crate::app::{
    finding_draft_key, recommendations_from_text, App, AppError, AuditView, NewEntry, NewFinding,
    NewVerification,
};
use crate::domain::codes::Table;
use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::model::{Finding, Recommendation};
use crate::domain::money::Rupiah;
use crate::domain::Id;
use crate::tui::i18n::Lang;
use crate::tui::widgets::form::{Field, FieldKind, Form, FormData, Submit};
use crate::tui::widgets::popup::PickItem;
use crate::tui::Ui;

/// What the form starts with when raised from a checklist item.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub items: Vec<String>,
    pub kriteria: String,
    /// What the auditor saw: the item's observation starts the kondisi.
    pub kondisi: String,
    pub title: String,
}

fn severity_choices(ui: &Ui) -> Vec<(String, String)> {
    Severity::ALL
        .iter()
        .map(|s| (s.code().to_string(), super::severity_label(*s, ui)))
        .collect()
}

/// Everyone on the roster as picker items: "Name — NIP — position (agency)", the ASN of
/// `agency` (the audited one) listed first.
pub fn employee_items(app: &App, agency: &str) -> Result<Vec<PickItem>, AppError> {
    let mut items = Vec::new();
    for e in app.employees() {
        let e = e?;
        let mut item = PickItem::new(
            e.nip.as_str(),
            format!("{} — {} — {} ({})", e.name, e.nip, e.position, e.agency),
        );
        item.search = format!("{} {}", e.nip.as_str(), e.unit);
        item.first = e.agency == agency;
        items.push(item);
    }
    Ok(items)
}

/// The form for a new finding of `audit`, starting from `prefill` (empty from the findings list).
pub fn new_finding_form(app: &App, ui: &Ui, audit: Id, prefill: Prefill) -> Result<Form, AppError> {
    let start = NewFinding {
        title: prefill.title,
        kriteria: prefill.kriteria,
        kondisi: prefill.kondisi,
        items: prefill.items,
        severity: Severity::Medium.code().to_string(),
        ..NewFinding::default()
    };
    let saved = ui.t.t("finding.saved").to_string();
    let key = audit.to_string();
    finding_form(
        app,
        ui,
        audit,
        ui.t.t("finding.new_title"),
        start,
        Box::new(move |d, app| {
            let f = app.raise_finding(&key, content(d, &[])?)?;
            Ok(format!("{saved}: {}", f.content.title))
        }),
    )
    .map(|f| f.with_draft(finding_draft_key(&audit, None), app))
}

/// The same form filled with a finding's content; saving replaces it (`App::update_finding`).
pub fn edit_finding_form(app: &App, ui: &Ui, finding: &Finding) -> Result<Form, AppError> {
    let updated = ui.t.t("findings.updated").to_string();
    let unchanged = ui.t.t("findings.unchanged").to_string();
    let key = finding.id.to_string();
    let before = finding.updated_at;
    let current = finding.content.recommendations.clone();
    finding_form(
        app,
        ui,
        finding.audit,
        ui.t.t("findings.edit_title"),
        NewFinding::from(finding),
        Box::new(move |d, app| {
            let f = app.update_finding(&key, content(d, &current)?)?;
            Ok(if f.updated_at == before {
                unchanged.clone()
            } else {
                format!("{updated}: {}", f.content.title)
            })
        }),
    )
    .map(|f| f.with_draft(finding_draft_key(&finding.audit, Some(&finding.id)), app))
}

/// The finding's content as the form holds it: the recommendations read back from their
/// numbered lines, each keeping what else `current` gives it (code, official, due date, value).
fn content(d: &FormData, current: &[Recommendation]) -> Result<NewFinding, AppError> {
    let one = |key| d.picked(key).first().cloned().unwrap_or_default();
    Ok(NewFinding {
        title: d.get("title").into(),
        code: one("code"),
        kondisi: d.get("kondisi").into(),
        kriteria: d.get("kriteria").into(),
        sebab: d.get("sebab").into(),
        cause_code: one("cause_code"),
        akibat: d.get("akibat").into(),
        recommendations: recommendations_from_text(current, d.get("rekomendasi"))?,
        tanggapan: d.get("tanggapan").into(),
        severity: d.get("severity").into(),
        nips: d.picked("nips").to_vec(),
        items: d.picked("items").to_vec(),
    })
}

/// A code table's usable codes as picker items: `1.04 — Administrasi`, searchable by both.
pub fn code_items(app: &App, table: Table) -> Result<Vec<PickItem>, AppError> {
    let codes = app.codes()?;
    Ok(codes
        .leaves(table)
        .into_iter()
        .map(|c| PickItem::new(c.code.clone(), format!("{} — {}", c.code, c.text)))
        .collect())
}

/// The recommendations as the form's text holds them: the text alone when there is one, else
/// numbered lines.
fn recommendations_text(start: &NewFinding) -> String {
    match start.recommendations.as_slice() {
        [one] => one.text.clone(),
        many => many
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", r.no.unwrap_or(i as u16 + 1), r.text))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The one builder behind the new and the edit form: the fields filled from `start`.
fn finding_form(
    app: &App,
    ui: &Ui,
    audit: Id,
    heading: &str,
    start: NewFinding,
    submit: Submit,
) -> Result<Form, AppError> {
    let view = app.audit_view(&audit.to_string())?;
    let item_choices: Vec<PickItem> = view
        .items
        .iter()
        .map(|i| {
            PickItem::new(
                i.item.code.clone(),
                format!("{} — {}", i.item.code, i.item.text),
            )
        })
        .collect();
    let t = &ui.t;
    let text = |key: &'static str, label: &str, value: String| {
        Field::new(key, t.t(label).into(), FieldKind::Text).value(value)
    };
    let one = |code: &str| {
        if code.is_empty() {
            Vec::new()
        } else {
            vec![code.to_string()]
        }
    };
    let rekomendasi = recommendations_text(&start);
    let fields = vec![
        Field::new("title", t.t("finding.title").into(), FieldKind::Line)
            .required()
            .value(start.title),
        text("kondisi", "finding.kondisi", start.kondisi).required(),
        text("kriteria", "finding.kriteria", start.kriteria).required(),
        text("sebab", "finding.sebab", start.sebab).required(),
        text("akibat", "finding.akibat", start.akibat).required(),
        text("rekomendasi", "finding.rekomendasi", rekomendasi).required(),
        text("tanggapan", "finding.tanggapan", start.tanggapan),
        Field::new(
            "severity",
            t.t("finding.severity").into(),
            FieldKind::Choice(severity_choices(ui)),
        )
        .required()
        .value(start.severity),
        // the codes after the severity: a finding is written first, then classified
        Field::pick_one(
            "code",
            t.t("finding.code").into(),
            code_items(app, Table::Finding)?,
        )
        .picked(one(&start.code)),
        Field::pick_one(
            "cause_code",
            t.t("finding.cause_code").into(),
            code_items(app, Table::Cause)?,
        )
        .picked(one(&start.cause_code)),
        Field::pick_many("items", t.t("finding.items").into(), item_choices).picked(start.items),
        Field::pick_many(
            "nips",
            t.t("finding.asn").into(),
            employee_items(app, &view.summary.audit.agency)?,
        )
        .picked(start.nips),
    ];
    Ok(Form::new(
        format!("{heading} — {}", view.summary.audit.title),
        fields,
        submit,
    ))
}

/// A follow-up status as its code and label: `2 — Belum sesuai rekomendasi`.
pub fn followup_label(s: FollowUpStatus, ui: &Ui) -> String {
    let label = match ui.t.lang {
        Lang::Id => s.label_id(),
        Lang::En => s.label_en(),
    };
    format!("{} — {label}", s.number())
}

/// A date as the due-date field takes it.
/// How a recorded due date is put back in its field: day first, the Indonesian way (every form
/// `domain::date` reads is accepted when it is typed).
const DATE_FORMAT: &str = "%d/%m/%Y";

/// The follow-up form of a finding: status (the four codes), note, and an optional due date. The
/// preview shows the due date that applies, and the default (the final date plus the deadline in
/// days) that an empty field leaves in place.
pub fn follow_up_form(ui: &Ui, view: &AuditView, finding: &Finding, days: u32) -> Form {
    let t = &ui.t;
    let audit = &view.summary.audit;
    let days = audit.followup_days.unwrap_or(days);
    let default_due = audit.finalised_at.and_then(|at| {
        at.date_naive()
            .checked_add_days(chrono::Days::new(u64::from(days)))
    });
    // the recommendation whose status is recorded: the first open one, else the first
    let recs = &finding.content.recommendations;
    let first = first_open(finding);
    let history = finding.history(first);
    let recorded = recs
        .iter()
        .find(|r| r.no == first)
        .and_then(|r| r.due)
        .or(history.due);
    let choices = FollowUpStatus::ALL
        .iter()
        .map(|s| (s.number().to_string(), followup_label(*s, ui)))
        .collect();
    let mut fields: Vec<Field> = rec_field(ui, finding, first).into_iter().collect();
    let note = history
        .verifications
        .iter()
        .find(|v| v.entry.is_none())
        .map(|v| v.reason.clone())
        .unwrap_or_default();
    fields.extend([
        Field::new(
            "status",
            t.t("findings.fu_status").into(),
            FieldKind::Choice(choices),
        )
        .required()
        .value(finding.status_of(first).number().to_string()),
        Field::new("note", t.t("findings.fu_note").into(), FieldKind::Text).value(note),
        Field::new("due", t.t("findings.fu_due").into(), FieldKind::Line)
            .value(
                recorded
                    .map(|d| d.format(DATE_FORMAT).to_string())
                    .unwrap_or_default(),
            )
            // a date that does not read is refused in its own input, with the text kept
            .checked(Box::new(|v, ui| {
                parse_due(v)
                    .map(drop)
                    .map_err(|v| ui.t.f("findings.fu_bad_date", &[("value", &v)]))
            })),
    ]);
    let key = finding.id.to_string();
    let bad_date = t.t("findings.fu_bad_date").to_string();
    let saved = t.t("findings.fu_saved").to_string();
    let labels: Vec<(String, String)> = FollowUpStatus::ALL
        .iter()
        .map(|s| (s.number().to_string(), followup_label(*s, ui)))
        .collect();
    let submit: Submit = Box::new(move |d, app| {
        let due = parse_due(d.get("due"))
            .map_err(|v| AppError::Invalid(bad_date.replace("{value}", &v)))?;
        let rec = d.get("rec").parse::<u16>().ok();
        let (f, no) = app.follow_up(&key, rec, d.get("status"), Some(d.get("note")), due)?;
        let label = labels
            .iter()
            .find(|(c, _)| *c == f.status_of(no).number().to_string())
            .map(|(_, l)| l.as_str())
            .unwrap_or_default();
        Ok(format!("{saved}: {label}"))
    });
    let preview = Box::new(move |d: &FormData, ui: &Ui| {
        let t = &ui.t;
        let th = &ui.theme;
        let default_line = match default_due {
            Some(due) => t.f(
                "findings.fu_default",
                &[("date", &t.date_short(due)), ("days", &days)],
            ),
            None => t.f("findings.fu_default_later", &[("days", &days)]),
        };
        let (applies, style) = match parse_due(d.get("due")) {
            Ok(Some(due)) => (t.date_short(due), th.base),
            Ok(None) => match recorded.or(default_due) {
                Some(due) => (t.date_short(due), th.base),
                None => ("—".to_string(), th.muted),
            },
            Err(v) => (t.f("findings.fu_bad_date", &[("value", &v)]), th.error),
        };
        vec![
            Line::from(vec![
                Span::styled(format!("{}: ", t.t("findings.fu_applies")), th.accent),
                Span::styled(applies, style),
            ]),
            Line::from(Span::styled(default_line, th.muted)),
        ]
    });
    Form::new(
        format!("{} — {}", t.t("findings.fu_title"), finding.content.title),
        fields,
        submit,
    )
    .with_preview(preview)
    // a due date already past is asked about once before it is saved
    .with_check(Box::new(move |d, _app, ui| {
        Ok(match parse_due(d.get("due")) {
            Ok(Some(due)) if due < crate::app::today() && Some(due) != recorded => {
                Some(ui.t.f("findings.fu_past_due", &[("date", &ui.t.date_short(due))]))
            }
            _ => None,
        })
    }))
}

/// The start of a text, `n` characters and an ellipsis when there is more.
fn start_of(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out
}

/// The recommendation a follow-up form starts on: the first open one, else the first.
fn first_open(finding: &Finding) -> u16 {
    let recs = &finding.content.recommendations;
    recs.iter()
        .find(|r| crate::domain::tlhp::is_open(finding.status_of(r.no)))
        .or(recs.first())
        .map(|r| r.no)
        .unwrap_or(1)
}

/// The "rec" choice of a follow-up form (only when the finding has several recommendations).
fn rec_field(ui: &Ui, finding: &Finding, first: u16) -> Option<Field> {
    let recs = &finding.content.recommendations;
    if recs.len() < 2 {
        return None;
    }
    let rec_choices = recs
        .iter()
        .map(|r| {
            (
                r.no.to_string(),
                format!("{} — {}", r.no, start_of(&r.text, 50)),
            )
        })
        .collect();
    Some(
        Field::new(
            "rec",
            ui.t.t("findings.fu_rec").into(),
            FieldKind::Choice(rec_choices),
        )
        .required()
        .value(first.to_string()),
    )
}

/// A date field that starts on today and refuses, in its own input, what does not read as one.
fn date_field(key: &'static str, label: String) -> Field {
    Field::new(key, label, FieldKind::Line)
        .value(crate::app::today().format(DATE_FORMAT).to_string())
        .checked(Box::new(|v, ui| {
            parse_due(v)
                .map(drop)
                .map_err(|v| ui.t.f("findings.fu_bad_date", &[("value", &v)]))
        }))
}

/// The form of one recommendation's particulars: its kode rekomendasi (fuzzy-picked from the
/// code tables), text, responsible official (name, position, NIP), due date and value in rupiah.
/// Saving changes the finding's content (`App::update_finding`), so it is refused on a final
/// audit like any edit.
pub fn recommendation_form(
    app: &App,
    ui: &Ui,
    finding: &Finding,
    no: u16,
) -> Result<Form, AppError> {
    let t = &ui.t;
    let current = NewFinding::from(finding);
    let r = current
        .recommendations
        .iter()
        .find(|r| r.no == Some(no))
        .cloned()
        .unwrap_or_default();
    let picked = if r.code.is_empty() {
        Vec::new()
    } else {
        vec![r.code.clone()]
    };
    let due = crate::domain::date::parse_date(&r.due)
        .map(|d| d.format(DATE_FORMAT).to_string())
        .unwrap_or_default();
    let fields = vec![
        Field::pick_one(
            "code",
            t.t("findings.rec_code_field").into(),
            code_items(app, Table::Recommendation)?,
        )
        .picked(picked),
        Field::new("text", t.t("findings.rec_text").into(), FieldKind::Text)
            .required()
            .value(r.text.clone()),
        Field::new(
            "official",
            t.t("findings.rec_official_name").into(),
            FieldKind::Line,
        )
        .value(r.official_name.clone()),
        Field::new(
            "position",
            t.t("findings.rec_position").into(),
            FieldKind::Line,
        )
        .value(r.official_position.clone()),
        Field::new("nip", t.t("findings.rec_nip").into(), FieldKind::Line)
            .value(r.official_nip.clone()),
        Field::new("due", t.t("findings.fu_due").into(), FieldKind::Line)
            .value(due)
            .checked(Box::new(|v, ui| {
                parse_due(v)
                    .map(drop)
                    .map_err(|v| ui.t.f("findings.fu_bad_date", &[("value", &v)]))
            })),
        Field::new(
            "value",
            t.t("findings.rec_value_field").into(),
            FieldKind::Line,
        )
        .value(r.value.clone())
        .checked(Box::new(|v, ui| match v.trim() {
            "" => Ok(()),
            raw => Rupiah::parse(raw)
                .map(drop)
                .map_err(|e| AppError::from(e).message(&ui.t)),
        })),
    ];
    let key = finding.id.to_string();
    let saved = t.t("findings.rec_saved").to_string();
    let submit: Submit = Box::new(move |d, app| {
        let f = app.resolve_finding(&key)?;
        let mut new = NewFinding::from(&f);
        if let Some(slot) = new.recommendations.iter_mut().find(|r| r.no == Some(no)) {
            slot.code = d.picked("code").first().cloned().unwrap_or_default();
            slot.text = d.get("text").to_string();
            slot.official_name = d.get("official").to_string();
            slot.official_position = d.get("position").to_string();
            slot.official_nip = d.get("nip").to_string();
            slot.due = d.get("due").to_string();
            slot.value = d.get("value").to_string();
        }
        app.update_finding(&key, new)?;
        Ok(saved.replace("{no}", &no.to_string()))
    });
    Ok(Form::new(
        format!(
            "{} {no} — {}",
            t.t("findings.rec_title"),
            finding.content.title
        ),
        fields,
        submit,
    ))
}

/// The form that records what the auditee reported doing about a recommendation
/// (`App::report_followup`): the recommendation, the date, the action, evidence references
/// (`;`-separated) and the money returned.
pub fn report_followup_form(ui: &Ui, finding: &Finding) -> Form {
    let t = &ui.t;
    let first = first_open(finding);
    let mut fields: Vec<Field> = rec_field(ui, finding, first).into_iter().collect();
    fields.extend([
        date_field("date", t.t("findings.rep_date").into()),
        Field::new("action", t.t("findings.rep_action").into(), FieldKind::Text).required(),
        Field::new(
            "evidence",
            t.t("findings.rep_evidence").into(),
            FieldKind::Line,
        ),
        Field::new(
            "returned",
            t.t("findings.rep_returned").into(),
            FieldKind::Line,
        )
        // an amount that does not read is refused in its own input, with the text kept
        .checked(Box::new(|v, ui| match v.trim() {
            "" => Ok(()),
            raw => Rupiah::parse(raw)
                .map(drop)
                .map_err(|e| AppError::from(e).message(&ui.t)),
        })),
    ]);
    let key = finding.id.to_string();
    let saved = t.t("findings.rep_saved").to_string();
    let labels = status_labels(ui);
    let submit: Submit = Box::new(move |d, app| {
        let new = NewEntry {
            recommendation: d.get("rec").parse::<u16>().ok(),
            date: d.get("date").to_string(),
            action: d.get("action").to_string(),
            evidence: d
                .get("evidence")
                .split(';')
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
            returned: d.get("returned").to_string(),
        };
        let (f, no, entry) = app.report_followup(&key, new)?;
        let h = f.history(no);
        let n = h
            .entries_by_date()
            .iter()
            .position(|e| e.id == entry.id)
            .map_or(0, |i| i + 1);
        Ok(saved
            .replace("{n}", &n.to_string())
            .replace("{no}", &no.to_string())
            .replace("{status}", label_of(&labels, h.status())))
    });
    Form::new(
        format!("{} — {}", t.t("findings.rep_title"), finding.content.title),
        fields,
        submit,
    )
}

/// Each follow-up status with its label (`2 — Belum sesuai rekomendasi`), for messages built
/// after the form is gone.
fn status_labels(ui: &Ui) -> Vec<(FollowUpStatus, String)> {
    FollowUpStatus::ALL
        .iter()
        .map(|s| (*s, followup_label(*s, ui)))
        .collect()
}

fn label_of(labels: &[(FollowUpStatus, String)], s: FollowUpStatus) -> &str {
    labels
        .iter()
        .find(|(x, _)| *x == s)
        .map(|(_, l)| l.as_str())
        .unwrap_or_default()
}

/// The form that verifies one reported entry (`App::verify_followup`): the entry (every one not
/// verified yet, across the finding's recommendations), the verdict (1 or 4 accept it, 2 rejects
/// it), the reason and the date. `None` when no entry awaits verification.
pub fn verify_followup_form(ui: &Ui, finding: &Finding) -> Option<Form> {
    let t = &ui.t;
    // each entry as "recommendation:entry id": its number is found again when it is saved
    let mut entries: Vec<(String, String)> = Vec::new();
    for r in &finding.content.recommendations {
        let h = finding.history(r.no);
        for (i, e) in h.entries_by_date().iter().enumerate() {
            if h.verification_of(e.id).is_some() {
                continue;
            }
            let label = t.f(
                "findings.ver_entry_item",
                &[
                    ("no", &r.no),
                    ("n", &(i + 1)),
                    ("date", &t.date_short(e.date)),
                    ("action", &start_of(&e.action, 40)),
                ],
            );
            entries.push((format!("{}:{}", r.no, e.id), label));
        }
    }
    let first = entries.first()?.0.clone();
    let verdicts = [
        (FollowUpStatus::Sesuai, "findings.ver_accepted"),
        (FollowUpStatus::TidakDapat, "findings.ver_accepted"),
        (FollowUpStatus::BelumSesuai, "findings.ver_rejected"),
    ]
    .iter()
    .map(|(s, word)| {
        (
            s.number().to_string(),
            format!("{} ({})", followup_label(*s, ui), t.t(word)),
        )
    })
    .collect();
    let fields = vec![
        Field::new(
            "entry",
            t.t("findings.ver_entry").into(),
            FieldKind::Choice(entries),
        )
        .required()
        .value(first),
        Field::new(
            "verdict",
            t.t("findings.ver_verdict").into(),
            FieldKind::Choice(verdicts),
        )
        .required()
        .value(FollowUpStatus::Sesuai.number().to_string()),
        Field::new("reason", t.t("findings.ver_reason").into(), FieldKind::Text),
        date_field("date", t.t("findings.ver_date").into()),
    ];
    let key = finding.id.to_string();
    let saved = t.t("findings.ver_saved").to_string();
    let labels = status_labels(ui);
    let submit: Submit = Box::new(move |d, app| {
        let (no, id) = d.get("entry").split_once(':').unwrap_or_default();
        let no = no.parse::<u16>().ok();
        // the entry's number now (an entry reported meanwhile may have moved it)
        let f = app.resolve_finding(&key)?;
        let n = no.and_then(|no| {
            f.history(no)
                .entries_by_date()
                .iter()
                .position(|e| e.id.to_string() == id)
                .map(|i| i + 1)
        });
        let status = FollowUpStatus::parse(d.get("verdict"))?;
        let (f, no) = app.verify_followup(
            &key,
            NewVerification {
                recommendation: no,
                entry: Some(n.unwrap_or(0)),
                status,
                reason: d.get("reason").to_string(),
                date: d.get("date").to_string(),
            },
        )?;
        Ok(saved
            .replace("{no}", &no.to_string())
            .replace("{n}", &n.unwrap_or(0).to_string())
            .replace("{status}", label_of(&labels, f.status_of(no))))
    });
    Some(Form::new(
        format!("{} — {}", t.t("findings.ver_title"), finding.content.title),
        fields,
        submit,
    ))
}

/// An optional date, in any form `domain::date` reads (15/01/2027, 15 Januari 2027, 2027-01-15,
/// …); the text back when it is not one.
fn parse_due(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::domain::date::parse_date(s)
        .map(Some)
        .map_err(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_optional_and_read_as_inspectors_write_them() {
        assert_eq!(parse_due("  "), Ok(None));
        assert_eq!(
            parse_due("2027-01-31"),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 31))
        );
        assert_eq!(
            parse_due("31/01/2027"),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 31))
        );
        assert_eq!(
            parse_due("31 Januari 2027"),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 31))
        );
        assert_eq!(parse_due("31/02/2027"), Err("31/02/2027".to_string()));
    }
}

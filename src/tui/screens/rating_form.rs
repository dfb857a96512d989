//! The rating recommendation form: hasil kerja × perilaku kerja with the predikat derived live from the matrix, BerAKHLAK notes and the follow-up action.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::{App, AppError, NewRating};
use crate::domain::followup::{Berakhlak, FollowUpAction};
use crate::domain::period::Period;
use crate::domain::phase::Phase;
use crate::domain::rating::{predikat, RatingLevel};
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::popup::PickItem;
use crate::tui::Ui;

use super::roster::{action_label, level_label};

fn level_choices(ui: &Ui) -> Vec<(String, String)> {
    RatingLevel::ALL
        .iter()
        .map(|l| (l.code().to_string(), level_label(*l, ui).to_string()))
        .collect()
}

/// The period a new rating most likely is for: the audit's, or the current semester.
fn default_period(audit_period: Option<Period>) -> String {
    use chrono::Datelike;
    audit_period
        .unwrap_or_else(|| {
            let d = crate::app::today();
            let y = u16::try_from(d.year()).unwrap_or(2026);
            Period::Semester(y, if d.month() <= 6 { 1 } else { 2 })
        })
        .to_string()
}

/// The rating recommendation form for the employee with this NIP: the predikat is shown live as
/// hasil kerja and perilaku kerja are chosen, derived from the matrix and never typed.
pub fn rating_form(app: &App, ui: &Ui, nip: &str) -> Result<Form, AppError> {
    let t = &ui.t;
    let view = app.employee_view(nip)?;
    let e = &view.employee;
    let audits = app.audit_heads()?;
    let audit_items: Vec<PickItem> = audits
        .iter()
        .map(|s| {
            let a = &s.audit;
            let phase = super::phase_label(a.phase, ui);
            PickItem::new(
                a.id.to_string(),
                format!("{} — {} ({phase})", a.title, a.agency),
            )
        })
        .collect();
    // an open audit of the employee's agency, else any open audit
    let open = |s: &&crate::app::AuditHead| s.audit.phase != Phase::Final;
    let prefill = audits
        .iter()
        .filter(open)
        .find(|s| s.audit.agency == e.agency)
        .or_else(|| audits.iter().find(open));
    let finding_items: Vec<PickItem> = view
        .findings
        .iter()
        .map(|f| {
            PickItem::new(
                f.finding.id.to_string(),
                format!("{} — {}", f.finding.content.title, f.audit_title),
            )
        })
        .collect();
    let actions: Vec<(String, String)> = FollowUpAction::ALL
        .iter()
        .map(|a| (a.code().to_string(), action_label(*a, ui)))
        .collect();

    let mut fields = vec![
        Field::pick_one("audit", t.t("roster.audit").into(), audit_items)
            .required()
            .picked(
                prefill
                    .map(|s| vec![s.audit.id.to_string()])
                    .unwrap_or_default(),
            ),
        Field::new(
            "hasil",
            t.t("roster.hasil").into(),
            FieldKind::Choice(level_choices(ui)),
        )
        .required(),
        Field::new(
            "perilaku",
            t.t("roster.perilaku").into(),
            FieldKind::Choice(level_choices(ui)),
        )
        .required(),
        Field::new("period", t.t("roster.period").into(), FieldKind::Line)
            .required()
            .value(default_period(prefill.and_then(|s| s.audit.period))),
    ];
    for (key, value) in BERAKHLAK_KEYS.iter().zip(Berakhlak::ALL) {
        fields.push(Field::new(
            key,
            format!("{} {}", t.t("roster.berakhlak"), value.label_id()),
            FieldKind::Line,
        ));
    }
    fields.extend([
        Field::new(
            "justification",
            t.t("roster.justification").into(),
            FieldKind::Text,
        )
        .required(),
        Field::pick_many(
            "findings",
            t.t("roster.linked_findings").into(),
            finding_items,
        ),
        Field::new(
            "action",
            t.t("roster.action").into(),
            FieldKind::Choice(actions),
        )
        .value(FollowUpAction::None.code()),
    ]);

    let saved = t.t("roster.rating_saved").to_string();
    let replaced_reason = t.t("roster.replaced_reason").to_string();
    let nip = e.nip.as_str().to_string();
    let check_nip = nip.clone();
    let form = Form::new(
        t.f("roster.rate_title", &[("name", &e.name)]),
        fields,
        Box::new(move |d, app| {
            let audit = d.picked("audit").first().cloned().unwrap_or_default();
            let berakhlak = BERAKHLAK_KEYS
                .iter()
                .zip(Berakhlak::ALL)
                .filter(|(k, _)| !d.get(k).trim().is_empty())
                .map(|(k, v)| (v.code().to_string(), d.get(k).to_string()))
                .collect();
            let action = Some(d.get("action").to_string()).filter(|a| !a.is_empty());
            let r = app.recommend_rating(
                &audit,
                NewRating {
                    nip: nip.clone(),
                    hasil: d.get("hasil").into(),
                    perilaku: d.get("perilaku").into(),
                    period: d.get("period").into(),
                    justification: d.get("justification").into(),
                    berakhlak,
                    findings: d.picked("findings").to_vec(),
                    action,
                },
                // the user saw the current recommendation and confirmed its replacement
                d.confirmed.then_some(replaced_reason.as_str()),
            )?;
            Ok(format!("{saved}: {}", r.predikat.label_id()))
        }),
    );
    // a second recommendation for the same period replaces the first: show both and ask
    let form = form.with_check(Box::new(move |d, app, ui| {
        let audit = d.picked("audit").first().cloned().unwrap_or_default();
        let Some(old) = app.current_rating(&audit, &check_nip, d.get("period"))? else {
            return Ok(None);
        };
        let level = |k: &str| RatingLevel::parse(d.get(k)).ok();
        let new = match (level("hasil"), level("perilaku")) {
            (Some(h), Some(p)) => format!(
                "{} × {} → {}",
                level_label(h, ui),
                level_label(p, ui),
                predikat(h, p).label_id()
            ),
            _ => "—".to_string(),
        };
        Ok(Some(ui.t.f(
            "roster.confirm_replace",
            &[
                ("period", &old.content.period.to_string()),
                (
                    "old",
                    &format!(
                        "{} × {} → {}",
                        level_label(old.content.hasil, ui),
                        level_label(old.content.perilaku, ui),
                        old.predikat.label_id()
                    ),
                ),
                ("date", &ui.t.date_short(old.updated_at.date_naive())),
                ("new", &new),
            ],
        )))
    }));
    Ok(form.with_preview(Box::new(|d, ui| {
        let th = &ui.theme;
        let t = &ui.t;
        let level = |k: &str| RatingLevel::parse(d.get(k)).ok();
        let head = |value: Span<'static>| {
            Line::from(vec![
                Span::styled(format!("{}: ", t.t("roster.predikat")), th.accent),
                value,
            ])
        };
        // always three lines, so the form does not jump as the ratings are chosen
        match (level("hasil"), level("perilaku")) {
            (Some(h), Some(p)) => vec![
                head(Span::styled(
                    predikat(h, p).label_id().to_string(),
                    th.title.add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(
                    t.f(
                        "roster.derived_from",
                        &[
                            ("hasil", &level_label(h, ui)),
                            ("perilaku", &level_label(p, ui)),
                        ],
                    ),
                    th.base,
                )),
                Line::from(Span::styled(t.t("roster.derived").to_string(), th.muted)),
            ],
            _ => vec![
                head(Span::styled("—", th.muted)),
                Line::from(Span::styled(
                    t.t("roster.derived_pending").to_string(),
                    th.muted,
                )),
                Line::from(Span::styled(t.t("roster.derived").to_string(), th.muted)),
            ],
        }
    })))
}

/// Form keys of the seven BerAKHLAK notes, in `Berakhlak::ALL` order.
const BERAKHLAK_KEYS: [&str; 7] = [
    "b_pelayanan",
    "b_akuntabel",
    "b_kompeten",
    "b_harmonis",
    "b_loyal",
    "b_adaptif",
    "b_kolaboratif",
];

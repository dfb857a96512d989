//! One employee's page: their details, the findings that involve them and their rating recommendations.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{kind_label, App, AppError, EmployeeView};
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, Layer, LIST_NAV};
use crate::tui::widgets::list::{ListState, Scroll, PAGE};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::rating_form::rating_form;
use super::{severity_label, severity_style};

use super::roster::{action_label, followup_label, level_label, period_label};

pub(crate) static PAGE_KEYS: Layer = layer(
    "employee",
    &[
        bind(&["r"], Action::Rate),
        bind(&["d"], Action::Distribution),
        bind(&["w"], Action::Withdraw),
    ],
);

/// One employee: details, the findings that involve them, their rating recommendations.
pub struct EmployeePage {
    view: EmployeeView,
    scroll: Scroll,
    /// The recommendation picked to withdraw, waiting for its reason.
    withdrawing: Option<String>,
}

impl EmployeePage {
    pub fn new(app: &App, nip: &str) -> Result<EmployeePage, AppError> {
        Ok(EmployeePage {
            view: app.employee_view(nip)?,
            scroll: Scroll::default(),
            withdrawing: None,
        })
    }

    fn lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let th = &ui.theme;
        let t = &ui.t;
        let e = &self.view.employee;
        let mut out = Vec::new();
        let field = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("{label:<16}"), th.accent),
                Span::styled(value, th.base),
            ])
        };
        out.push(Line::from(Span::styled(
            e.name.clone(),
            th.title.add_modifier(Modifier::BOLD),
        )));
        out.push(field(t.t("roster.col_nip"), e.nip.grouped()));
        out.push(field(t.t("roster.col_position"), e.position.clone()));
        out.push(field(t.t("roster.rank"), e.rank.clone()));
        out.push(field(t.t("roster.col_unit"), e.unit.clone()));
        let agency = if self.view.agency_name.is_empty() {
            e.agency.clone()
        } else {
            format!("{} — {}", e.agency, self.view.agency_name)
        };
        out.push(field(t.t("roster.col_agency"), agency));
        out.push(field(t.t("roster.col_status"), kind_label(e.kind).into()));
        out.push(Line::from(""));

        out.push(Line::from(Span::styled(
            t.f("roster.findings", &[("n", &self.view.findings.len())]),
            th.title,
        )));
        if self.view.findings.is_empty() {
            out.push(Line::from(Span::styled(
                t.t("roster.no_findings").to_string(),
                th.muted,
            )));
        }
        for ef in &self.view.findings {
            let f = &ef.finding;
            out.push(Line::from(vec![
                Span::styled(
                    format!("{:<10} ", severity_label(f.content.severity, ui)),
                    severity_style(f.content.severity, th),
                ),
                Span::styled(
                    f.content.title.clone(),
                    th.base.add_modifier(Modifier::BOLD),
                ),
            ]));
            out.push(detail(
                t.t("roster.followup"),
                &followup_label(f.status(), ui),
                th.base,
            ));
            out.push(detail(t.t("roster.audit"), &ef.audit_title, th.muted));
        }
        out.push(Line::from(""));

        out.push(Line::from(Span::styled(
            t.f("roster.ratings", &[("n", &self.view.ratings.len())]),
            th.title,
        )));
        if self.view.ratings.is_empty() {
            out.push(Line::from(Span::styled(
                t.f(
                    "roster.no_ratings",
                    &[("key", &ui.key(&PAGE_KEYS, Action::Rate))],
                ),
                th.muted,
            )));
        }
        for er in &self.view.ratings {
            let r = &er.rating;
            out.push(Line::from(vec![
                Span::styled(
                    format!("{}  ", period_label(&r.content.period, ui)),
                    th.accent,
                ),
                Span::styled(
                    format!(
                        "{} × {} → ",
                        level_label(r.content.hasil, ui),
                        level_label(r.content.perilaku, ui)
                    ),
                    th.base,
                ),
                Span::styled(
                    r.predikat.label_id().to_string(),
                    th.base.add_modifier(Modifier::BOLD),
                ),
            ]));
            if !r.content.justification.is_empty() {
                out.push(detail(
                    t.t("roster.justification"),
                    &r.content.justification,
                    th.base,
                ));
            }
            for (value, note) in &r.content.berakhlak {
                out.push(detail(value.label_id(), note, th.base));
            }
            out.push(detail(
                t.t("roster.action"),
                &action_label(r.content.action, ui),
                th.base,
            ));
            out.push(detail(t.t("roster.audit"), &er.audit_title, th.muted));
        }
        out
    }
}

/// One indented `label: value` line under a finding or a rating.
fn detail(label: &str, value: &str, style: Style) -> Line<'static> {
    Line::from(Span::styled(format!("    {label}: {value}"), style))
}

impl Screen for EmployeePage {
    fn title(&self, ui: &Ui) -> String {
        format!(
            "{} — {}",
            ui.t.t("roster.employee_screen"),
            self.view.employee.name
        )
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&PAGE_KEYS, &LIST_NAV]
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.view = app.employee_view(self.view.employee.nip.as_str())?;
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            a if ListState::moves(a) => {
                self.scroll.handle(a, PAGE);
            }
            Action::Rate => {
                return match rating_form(cx.app, cx.ui, self.view.employee.nip.as_str()) {
                    Ok(f) => Outcome::Push(Box::new(f)),
                    Err(e) => cx.fail(e),
                }
            }
            Action::Distribution => {
                return Outcome::Open(Intent::OpenDistribution {
                    agency: Some(self.view.employee.agency.clone()),
                })
            }
            Action::Withdraw => {
                if self.view.ratings.is_empty() {
                    cx.ui
                        .error(cx.ui.t.t("roster.no_rating_to_withdraw").to_string());
                    return Outcome::None;
                }
                let items = self
                    .view
                    .ratings
                    .iter()
                    .map(|er| {
                        let r = &er.rating;
                        PickItem::new(
                            r.id.to_string(),
                            format!(
                                "{}  {} × {} → {} — {}",
                                period_label(&r.content.period, cx.ui),
                                level_label(r.content.hasil, cx.ui),
                                level_label(r.content.perilaku, cx.ui),
                                r.predikat.label_id(),
                                er.audit_title
                            ),
                        )
                    })
                    .collect();
                return Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                    "employee.withdraw_pick",
                    cx.ui.t.t("roster.withdraw_title").into(),
                    items,
                    false,
                ))));
            }
            Action::Back => return Outcome::Pop,
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("employee.withdraw_pick", Value::Picked(ids)) => {
                self.withdrawing = ids.into_iter().next();
                Outcome::Popup(Popup::Input(Input::new(
                    "employee.withdraw_reason",
                    cx.ui.t.t("roster.withdraw_title").into(),
                    cx.ui.t.t("roster.withdraw_prompt").into(),
                    "",
                )))
            }
            ("employee.withdraw_reason", Value::Text(reason)) => {
                let Some(id) = self.withdrawing.clone() else {
                    return Outcome::None;
                };
                match cx.app.withdraw_rating(&id, &reason) {
                    Ok(_) => {
                        self.withdrawing = None;
                        if let Err(e) = self.refresh(cx.app) {
                            return cx.fail(e);
                        }
                        cx.ui.ok(cx.ui.t.t("roster.rating_withdrawn").to_string());
                        Outcome::None
                    }
                    // the reason stays in its input to be given again
                    Err(e) => Outcome::Reject(e.message(&cx.ui.t)),
                }
            }
            _ => Outcome::None,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(format!(" {} ", self.title(ui)), th.title));
        let lines = self.lines(ui);
        let inner_h = area.height.saturating_sub(2) as usize;
        let scroll = self.scroll.offset(lines.len(), inner_h);
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0)),
            area,
        );
    }
}

//! The review chain of an audit (`S`): each role with who signed, when, and whether the sign-off
//! still holds or is stale (with the change that made it so); sign in a role after a confirmation
//! that names it and the person, or withdraw one's own sign-off with a reason.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, AppError, SignOffRow};
use crate::domain::model::Audit;
use crate::domain::phase::Role;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::keymap::{bind, layer, Layer, LIST_NAV};
use crate::tui::widgets::list::{ListState, WHOLE};
use crate::tui::widgets::popup::{Input, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

pub(crate) static KEYS: Layer = layer(
    "signoff",
    &[
        bind(&["Enter", "s"], Action::SignOff),
        bind(&["w"], Action::Withdraw),
    ],
);

pub struct SignOffPanel {
    audit: Audit,
    rows: Vec<SignOffRow>,
    list: ListState,
}

fn role_label(role: Role, ui: &Ui) -> &'static str {
    match ui.t.lang {
        Lang::Id => role.label_id(),
        Lang::En => role.label_en(),
    }
}

impl SignOffPanel {
    pub fn new(app: &App, audit: &Audit) -> Result<SignOffPanel, AppError> {
        let rows = app.signoff_board(&audit.id.to_string())?;
        // the current profile's own role first
        let own = app.current_profile().map(|p| p.role).ok();
        let own_row = own
            .and_then(|r| rows.iter().position(|row| row.role == r))
            .unwrap_or(0);
        Ok(SignOffPanel {
            audit: audit.clone(),
            rows,
            list: ListState::at(own_row),
        })
    }

    fn selected(&self) -> Option<&SignOffRow> {
        self.rows.get(self.list.cursor())
    }
}

impl Screen for SignOffPanel {
    fn title(&self, ui: &Ui) -> String {
        format!("{} — {}", ui.t.t("signoff.screen"), self.audit.title)
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.audit)
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.audit = app.resolve_audit(&self.audit.id.to_string())?;
        self.rows = app.signoff_board(&self.audit.id.to_string())?;
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            Action::Back => return Outcome::Pop,
            // one row a role: a page is all of them
            a if ListState::moves(a) => {
                self.list.handle(a, self.rows.len(), WHOLE);
            }
            Action::SignOff => {
                let Some(row) = self.selected() else {
                    return Outcome::None;
                };
                let who = match cx.app.current_profile() {
                    Ok(p) => p.name,
                    Err(e) => return cx.fail(e),
                };
                let msg = cx.ui.t.f(
                    "signoff.confirm",
                    &[
                        ("role", &role_label(row.role, cx.ui)),
                        ("name", &who),
                        ("title", &self.audit.title),
                    ],
                );
                return Outcome::Popup(Popup::confirm("signoff.sign", msg));
            }
            Action::Withdraw => {
                let Some(row) = self.selected() else {
                    return Outcome::None;
                };
                if row.signoff.is_none() {
                    let msg = cx
                        .ui
                        .t
                        .f("signoff.nothing", &[("role", &role_label(row.role, cx.ui))]);
                    cx.ui.error(msg);
                    return Outcome::None;
                }
                return Outcome::Popup(Popup::Input(Input::new(
                    "signoff.withdraw",
                    cx.ui.t.t("signoff.withdraw_title").into(),
                    cx.ui.t.f(
                        "signoff.withdraw_prompt",
                        &[("role", &role_label(row.role, cx.ui))],
                    ),
                    "",
                )));
            }
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let Some(role) = self.selected().map(|row| row.role) else {
            return Outcome::None;
        };
        let id = self.audit.id.to_string();
        let done = match (r.purpose, r.value) {
            ("signoff.sign", Value::Yes) => cx.app.sign(&id, role).map(|_| {
                cx.ui
                    .t
                    .f("audits.signed", &[("role", &role_label(role, cx.ui))])
            }),
            ("signoff.withdraw", Value::Text(reason)) => {
                cx.app.withdraw_signoff(&id, role, &reason).map(|_| {
                    cx.ui
                        .t
                        .f("signoff.withdrawn", &[("role", &role_label(role, cx.ui))])
                })
            }
            _ => return Outcome::None,
        };
        match done {
            Ok(msg) => {
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
                cx.ui.ok(msg);
                Outcome::None
            }
            // a refused reason stays in its input; a refused signing goes to the status line
            Err(e) => Outcome::Reject(e.message(&cx.ui.t)),
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let [list, detail] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(
                format!(" {} ", t.t("signoff.chain")),
                th.title,
            ));
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let (glyph, status, style) = match (&row.signoff, row.fresh) {
                    (None, _) => ("·", t.t("signoff.missing"), th.muted),
                    (Some(_), true) => ("✓", t.t("signoff.fresh"), th.ok),
                    (Some(_), false) => ("⚠", t.t("signoff.stale"), th.warn),
                };
                let who = match &row.signoff {
                    Some(s) => format!("{}, {}", row.signer, t.datetime(s.at)),
                    None => String::new(),
                };
                let base = if i == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                Line::from(vec![
                    Span::styled(
                        if i == self.list.cursor() {
                            "› "
                        } else {
                            "  "
                        },
                        base,
                    ),
                    Span::styled(format!("{:<22}", role_label(row.role, ui)), base),
                    Span::styled(format!("{glyph} {status:<12}"), style),
                    Span::styled(who, base),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines).block(block), list);
        let mut text = Vec::new();
        if let Some(row) = self.selected() {
            if let Some(s) = &row.signoff {
                text.push(Line::from(Span::styled(
                    t.f(
                        "signoff.bound",
                        &[("hash", &crate::app::short_hash(&s.state_hash))],
                    ),
                    th.muted,
                )));
            }
            if let Some(by) = &row.stale_by {
                text.push(Line::from(Span::styled(
                    t.f(
                        "signoff.stale_by",
                        &[
                            ("who", &by.actor),
                            ("at", &t.datetime(by.at)),
                            ("what", &by.what_in(t)),
                        ],
                    ),
                    th.warn,
                )));
            }
        }
        text.push(Line::from(Span::styled(
            t.f(
                "signoff.hint",
                &[
                    ("sign", &ui.key(&KEYS, Action::SignOff)),
                    ("withdraw", &ui.key(&KEYS, Action::Withdraw)),
                ],
            ),
            th.muted,
        )));
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), detail);
    }
}

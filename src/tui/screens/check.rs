//! The completeness panel, shown on `>` before an audit moves to review or final: every gap the
//! check finds (unanswered items, missing evidence, numbers out of range, findings without ASN or
//! due date, open conflicts, stale sign-offs), marked blocking or warning; `y` moves on when allowed.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::AppError;
use crate::domain::check::{Completeness, Gap};
use crate::domain::model::Audit;
use crate::domain::phase::Phase;
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, Layer, LIST_NAV};
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::phase_label;

pub(crate) static KEYS: Layer = layer("completeness", &[bind(&["y"], Action::Proceed)]);

pub struct CheckPanel {
    audit: Audit,
    check: Completeness,
    next: Phase,
    /// The first gap shown.
    scroll: ListState,
}

impl CheckPanel {
    /// The panel for moving `audit` to its next phase (review or final).
    pub fn new(app: &crate::app::App, audit: &Audit, next: Phase) -> Result<CheckPanel, AppError> {
        let check = app.completeness(&audit.id.to_string(), None)?;
        Ok(CheckPanel {
            audit: audit.clone(),
            check,
            next,
            scroll: ListState::default(),
        })
    }

    /// Whether `y` may move the audit on: to review always (after seeing the list), to final only
    /// without blocking gaps.
    fn may_proceed(&self) -> bool {
        self.next != Phase::Final || !self.check.blocks_final()
    }
}

/// A gap in the UI's language.
pub fn gap_text(g: &Gap, ui: &Ui) -> String {
    crate::app::gap_line_in(g, &ui.t)
}

impl Screen for CheckPanel {
    fn title(&self, ui: &Ui) -> String {
        format!("{} — {}", ui.t.t("check.screen"), self.audit.title)
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        if self.may_proceed() {
            vec![&KEYS, &LIST_NAV]
        } else {
            vec![&LIST_NAV]
        }
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.audit)
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            Action::Back => return Outcome::Pop,
            // the first gap shown moves like a list's cursor (the last gap stays in sight)
            a if ListState::moves(a) => {
                self.scroll.handle(a, self.check.gaps.len(), PAGE);
            }
            Action::Proceed if self.may_proceed() => {
                return match cx.app.advance(&self.audit.id.to_string(), None) {
                    Ok(a) => {
                        let msg = cx.ui.t.f(
                            "audits.advanced",
                            &[("phase", &phase_label(a.phase, cx.ui))],
                        );
                        cx.ui.ok(msg);
                        Outcome::Pop
                    }
                    Err(e) => cx.fail(e),
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let blocking = self.check.blocking().count();
        let [head, list, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(3),
        ])
        .areas(area);
        let summary = if self.check.gaps.is_empty() {
            t.t("check.complete").to_string()
        } else {
            t.f(
                "check.summary",
                &[("n", &self.check.gaps.len()), ("blocking", &blocking)],
            )
        };
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(
                    t.f(
                        "check.moving",
                        &[
                            ("from", &phase_label(self.audit.phase, ui)),
                            ("to", &phase_label(self.next, ui)),
                        ],
                    ),
                    th.accent,
                )),
                Line::from(Span::styled(
                    summary,
                    if blocking > 0 { th.warn } else { th.ok },
                )),
            ]),
            head,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(format!(" {} ", t.t("check.gaps")), th.title));
        let lines: Vec<Line> = self
            .check
            .gaps
            .iter()
            .skip(self.scroll.cursor())
            .map(|g| {
                let blocks = self.check.rules.blocks(g.kind());
                let (mark, style) = if blocks {
                    (format!("✗ {}  ", t.t("check.blocks")), th.error)
                } else {
                    (format!("! {}  ", t.t("check.warning")), th.warn)
                };
                Line::from(vec![
                    Span::styled(mark, style),
                    Span::styled(gap_text(g, ui), th.base),
                ])
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            list,
        );
        let key = ui.key(&KEYS, Action::Proceed);
        let next = phase_label(self.next, ui);
        let (text, style) = match (self.may_proceed(), self.next) {
            (true, Phase::Final) => (t.f("check.go_final", &[("key", &key)]), th.ok),
            (true, _) if self.check.gaps.is_empty() => {
                (t.f("check.go", &[("key", &key), ("phase", &next)]), th.ok)
            }
            (true, _) => (
                t.f("check.go_anyway", &[("key", &key), ("phase", &next)]),
                th.warn,
            ),
            (false, _) => (t.t("check.final_refused").to_string(), th.error),
        };
        f.render_widget(
            Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: true }),
            foot,
        );
    }
}

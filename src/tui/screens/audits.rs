//! Home: the audits in this store, with progress, score and findings; start a new audit, move one
//! through its phases, sign it off, or open its checklist.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use std::collections::HashMap;

use crate::app::{App, AppError, AuditHead, AuditStats, NewAudit};
use crate::domain::phase::Phase;
use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::fuzzy::Fuzzy;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::widgets::popup::{Input, PickItem, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::engagement_form::engagement_form;
use super::{bar, phase_label};

pub(crate) static KEYS: Layer = layer(
    "audits",
    &[
        bind(&["Enter"], Action::Open),
        bind(&["n"], Action::NewAudit),
        bind(&[">"], Action::AdvancePhase),
        quiet(&["S"], Action::SignOff),
        bind(&["f"], Action::GoFindings),
        bind(&["r"], Action::GoRoster),
        bind(&["t"], Action::GoTrail),
        bind(&["C"], Action::GoConflicts),
        bind(&["x"], Action::GoExchange),
        bind(&["L"], Action::GoRegister),
        bind(&["B"], Action::GoTraining),
        bind(&["d"], Action::EditEngagement),
        bind(&["/"], Action::Search),
        quiet(&["Ctrl-l"], Action::ClearFilter),
    ],
);

/// Rows around the cursor whose figures are read at once, before the frame (each reads an audit's
/// responses: a few milliseconds at 500 items).
const NOW: usize = 8;
/// Rows around the cursor whose figures are read between key presses, a few at a time (more than
/// any terminal shows at once).
const READY: usize = 60;
/// Rows read per piece of background work.
const CHUNK: usize = 6;

pub struct Audits {
    all: Vec<AuditHead>,
    /// Progress, score and findings of the rows seen so far (read for the rows on screen only:
    /// a store of a thousand audits lists at once).
    stats: HashMap<Id, AuditStats>,
    stats_failed: bool,
    shown: Vec<usize>,
    list: ListState,
    filter: String,
}

impl Audits {
    pub fn new(app: &App) -> Result<Audits, AppError> {
        let mut s = Audits {
            all: Vec::new(),
            stats: HashMap::new(),
            stats_failed: false,
            shown: Vec::new(),
            list: ListState::default(),
            filter: String::new(),
        };
        s.refresh(app)?;
        Ok(s)
    }

    fn refilter(&mut self) {
        let hay: Vec<String> = self
            .all
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}",
                    s.audit.title, s.agency_name, s.audit.agency, s.template_title
                )
            })
            .collect();
        self.shown = Fuzzy::default().rank(&self.filter, hay.iter().map(String::as_str));
        self.list.clamp(self.shown.len());
    }

    fn selected(&self) -> Option<&AuditHead> {
        self.shown.get(self.list.cursor()).map(|&i| &self.all[i])
    }

    /// Shown rows within `reach` of the cursor whose figures are not read yet, nearest first.
    fn missing(&self, reach: usize) -> impl Iterator<Item = usize> + '_ {
        let at = self.list.cursor().min(self.shown.len());
        let below = at..(at + reach).min(self.shown.len());
        let above = (at.saturating_sub(reach)..at).rev();
        below
            .chain(above)
            .map(|k| self.shown[k])
            .filter(|&i| !self.stats.contains_key(&self.all[i].audit.id))
    }

    /// Read the figures of up to `max` rows within `reach` of the cursor.
    fn read_stats(&mut self, app: &App, reach: usize, max: usize) -> Result<(), AppError> {
        let todo: Vec<usize> = self.missing(reach).take(max).collect();
        for i in todo {
            let a = &self.all[i].audit;
            let st = app.audit_stats(a)?;
            self.stats.insert(a.id, st);
        }
        Ok(())
    }

    /// The rows next to the cursor, before the frame.
    fn ready_stats(&mut self, app: &App) -> Result<(), AppError> {
        self.read_stats(app, NOW, usize::MAX)
    }

    fn new_audit_form(app: &App, ui: &Ui) -> Result<Form, AppError> {
        let t = &ui.t;
        let agencies = app
            .agencies()?
            .into_iter()
            .map(|a| PickItem::new(a.code.clone(), format!("{} — {}", a.code, a.name)))
            .collect();
        let templates = app
            .templates()?
            .into_iter()
            .map(|(_, tpl)| {
                PickItem::new(
                    tpl.id.clone(),
                    format!(
                        "{} — {} ({} {})",
                        tpl.id,
                        tpl.title,
                        tpl.item_count(),
                        t.t("audits.items")
                    ),
                )
            })
            .collect();
        let fields = vec![
            Field::pick_one("agency", t.t("audits.agency").into(), agencies).required(),
            Field::pick_one("checklist", t.t("audits.checklist").into(), templates).required(),
            Field::new("title", t.t("audits.title_field").into(), FieldKind::Line).required(),
            Field::new("letter", t.t("audits.letter").into(), FieldKind::Line),
            Field::new("period", t.t("audits.period").into(), FieldKind::Line),
        ];
        let created = t.t("audits.created").to_string();
        Ok(Form::new(
            t.t("audits.new_title").into(),
            fields,
            Box::new(move |d, app| {
                let first = |k: &str| d.picked(k).first().cloned().unwrap_or_default();
                let a = app.new_audit(NewAudit {
                    agency: first("agency"),
                    checklist: first("checklist"),
                    title: d.get("title").into(),
                    letter: Some(d.get("letter").to_string()).filter(|s| !s.trim().is_empty()),
                    period: Some(d.get("period").to_string()).filter(|s| !s.trim().is_empty()),
                })?;
                Ok(format!("{created}: {}", a.title))
            }),
        ))
    }

    fn update_list(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.shown.len();
        match action {
            a if ListState::moves(a) => {
                self.list.handle(a, n, PAGE);
            }
            Action::Open => {
                if let Some(s) = self.selected() {
                    return Outcome::Open(Intent::OpenWalk { audit: s.audit.id });
                }
            }
            Action::GoFindings => {
                if let Some(s) = self.selected() {
                    return Outcome::Open(Intent::OpenFindings { audit: s.audit.id });
                }
            }
            Action::GoRoster => return Outcome::Open(Intent::OpenRoster),
            Action::GoTrail => return Outcome::Open(Intent::OpenTrail { audit: None }),
            Action::GoExchange => {
                // with no audit yet, the screen can still merge a findings file
                let audit = self.selected().map(|s| s.audit.id);
                return Outcome::Open(Intent::OpenExchange { audit });
            }
            Action::GoConflicts => return Outcome::Open(Intent::OpenConflicts { audit: None }),
            Action::GoRegister => return Outcome::Open(Intent::OpenRegister),
            // the recap of the selected audit's agency, for its personnel office
            Action::GoTraining => {
                let agency = self.selected().map(|s| s.audit.agency.clone());
                return Outcome::Open(Intent::OpenTraining { agency });
            }
            Action::NewAudit => {
                return match Self::new_audit_form(cx.app, cx.ui) {
                    Ok(f) => Outcome::Push(Box::new(f)),
                    Err(e) => cx.fail(e),
                }
            }
            Action::AdvancePhase => {
                let Some(s) = self.selected() else {
                    return Outcome::None;
                };
                // the phase as it stands now, not as the list last read it
                let a = match cx.app.resolve_audit(&s.audit.id.to_string()) {
                    Ok(a) => a,
                    Err(e) => return cx.fail(e),
                };
                return match a.phase.next() {
                    // to review and to final: the completeness check is shown first
                    Some(next @ (Phase::Review | Phase::Final)) => {
                        Outcome::Open(Intent::OpenCheck {
                            audit: Box::new(a),
                            next,
                        })
                    }
                    Some(next) => Outcome::Popup(Popup::confirm(
                        "audits.advance",
                        cx.ui.t.f(
                            "audits.confirm_advance",
                            &[
                                ("title", &a.title),
                                ("from", &phase_label(a.phase, cx.ui)),
                                ("to", &phase_label(next, cx.ui)),
                            ],
                        ),
                    )),
                    None => Outcome::Popup(Popup::Input(Input::new(
                        "audits.reopen",
                        cx.ui.t.t("audits.reopen_title").into(),
                        cx.ui.t.f("audits.reopen_prompt", &[("title", &a.title)]),
                        "",
                    ))),
                };
            }
            Action::EditEngagement => {
                let Some(s) = self.selected() else {
                    return Outcome::None;
                };
                return match engagement_form(cx.app, cx.ui, s.audit.id) {
                    Ok(f) => Outcome::Push(Box::new(f)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::SignOff => {
                let Some(s) = self.selected() else {
                    return Outcome::None;
                };
                return Outcome::Open(Intent::OpenSignOff {
                    audit: Box::new(s.audit.clone()),
                });
            }
            Action::Search => {
                return Outcome::Popup(Popup::Input(Input::new(
                    "audits.search",
                    cx.ui.t.t("action.search").into(),
                    cx.ui.t.t("audits.search_prompt").into(),
                    &self.filter,
                )))
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.refilter();
            }
            _ => {}
        }
        Outcome::None
    }

    fn on_list_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let Some(id) = self.selected().map(|s| s.audit.id.to_string()) else {
            if let ("audits.search", Value::Text(t)) = (r.purpose, &r.value) {
                self.filter = t.clone();
                self.refilter();
            }
            return Outcome::None;
        };
        let result = match (r.purpose, r.value) {
            ("audits.search", Value::Text(t)) => {
                self.filter = t;
                self.list.top();
                self.refilter();
                return Outcome::None;
            }
            ("audits.advance", Value::Yes) => cx.app.advance(&id, None).map(|a| {
                cx.ui.t.f(
                    "audits.advanced",
                    &[("phase", &phase_label(a.phase, cx.ui))],
                )
            }),
            ("audits.reopen", Value::Text(reason)) => cx.app.advance(&id, Some(&reason)).map(|a| {
                cx.ui.t.f(
                    "audits.advanced",
                    &[("phase", &phase_label(a.phase, cx.ui))],
                )
            }),
            _ => return Outcome::None,
        };
        match result {
            Ok(msg) => {
                cx.ui.ok(msg);
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
            }
            // a refused reason or role keeps its popup open (a confirmation cannot: status line)
            Err(e) => return Outcome::Reject(e.message(&cx.ui.t)),
        }
        Outcome::None
    }
}

impl Screen for Audits {
    fn title(&self, ui: &Ui) -> String {
        ui.t.t("audits.screen").into()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn has_work(&self) -> bool {
        !self.stats_failed && self.missing(READY).next().is_some()
    }

    fn work(&mut self, cx: &mut Cx) {
        if let Err(e) = self.read_stats(cx.app, READY, CHUNK) {
            // rows whose figures cannot be read keep their dashes: say why, and stop trying
            // until the list is read again
            cx.ui.error(e.message(&cx.ui.t));
            self.stats_failed = true;
        }
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.all = app.audit_heads()?;
        self.stats.clear();
        self.stats_failed = false;
        self.refilter();
        self.ready_stats(app)
    }

    fn back(&mut self, _cx: &mut Cx) -> Outcome {
        if !self.filter.is_empty() {
            self.filter.clear();
            self.refilter();
        }
        Outcome::None
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let out = self.update_list(action, cx);
        if let Err(e) = self.ready_stats(cx.app) {
            return cx.fail(e);
        }
        out
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let out = self.on_list_result(r, cx);
        if let Err(e) = self.ready_stats(cx.app) {
            return cx.fail(e);
        }
        out
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let mut title = format!(" {} ({}) ", t.t("audits.screen"), self.shown.len());
        if !self.filter.is_empty() {
            title.push_str(&format!("[/ {}] ", self.filter));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(title, th.title));
        if self.all.is_empty() {
            f.render_widget(
                Paragraph::new(vec![Line::from(""), Line::from(t.t("audits.empty"))])
                    .style(th.muted)
                    .block(block),
                area,
            );
            return;
        }
        let inner_h = area.height.saturating_sub(3) as usize;
        let shown = self.list.window(inner_h, self.shown.len());
        let start = shown.start;
        let rows: Vec<(Vec<String>, ratatui::style::Style)> = self.shown[shown]
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let s = &self.all[i];
                let a = &s.audit;
                let style = if start + k == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                let phase = if a.phase == Phase::Final {
                    format!("■ {}", phase_label(a.phase, ui))
                } else {
                    phase_label(a.phase, ui).to_string()
                };
                // figures not read yet (a row far from where the cursor has been) show a dash
                let (progress, score, findings) = match self.stats.get(&a.id) {
                    Some(st) => (
                        format!(
                            "{} {}/{}",
                            bar(st.progress.looked_at, st.progress.total, 6),
                            st.progress.looked_at,
                            st.progress.total
                        ),
                        st.compliance
                            .percent()
                            .map(|p| t.percent(p))
                            .unwrap_or_else(|| "—".into()),
                        format!("{}/{}/{}", st.findings[2], st.findings[1], st.findings[0]),
                    ),
                    None => ("—".into(), "—".into(), "—".into()),
                };
                (
                    vec![
                        a.agency.clone(),
                        a.title.clone(),
                        a.period.map(|p| p.to_string()).unwrap_or_default(),
                        phase,
                        progress,
                        score,
                        findings,
                        t.datetime(a.updated_at),
                    ],
                    style,
                )
            })
            .collect();
        // narrow terminals drop the least needed columns rather than squeeze all of them
        let wide = area.width >= 118;
        let medium = area.width >= 92;
        let keep = |col: usize| match col {
            2 => medium,
            7 => wide,
            _ => true,
        };
        let header = Row::new(
            [
                "audits.col_agency",
                "audits.col_title",
                "audits.col_period",
                "audits.col_phase",
                "audits.col_progress",
                "audits.col_score",
                "audits.col_findings",
                "audits.col_changed",
            ]
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, k)| t.t(k))
            .collect::<Vec<_>>(),
        )
        .style(th.accent);
        let widths: Vec<Constraint> = [
            Constraint::Length(12),
            Constraint::Min(16),
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Length(14),
            Constraint::Length(7),
            Constraint::Length(6),
            Constraint::Length(18),
        ]
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, c)| c)
        .collect();
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|(cells, style)| {
                Row::new(
                    cells
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| keep(*i))
                        .map(|(_, c)| Cell::from(c))
                        .collect::<Vec<_>>(),
                )
                .style(style)
            })
            .collect();
        let table = Table::new(rows, widths).header(header).block(block);
        f.render_widget(table, area);
    }
}

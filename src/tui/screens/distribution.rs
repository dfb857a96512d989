//! An agency's predikat distribution for a period, checked against the organisation-predikat rules.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{AgencyDistribution, App, AppError};
use crate::domain::rating::{OrgPredikat, Violation};
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::popup::{PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::bar;

use super::roster::period_label;

pub(crate) static DIST_KEYS: Layer = layer(
    "distribution",
    &[
        bind(&["f"], Action::CycleFilter),
        quiet(&["Tab"], Action::CycleSort),
        bind(&["/"], Action::Search),
    ],
);

/// An agency's predikat distribution for one period, against each organisation predikat.
pub struct Distribution {
    dist: AgencyDistribution,
    period: usize,
    org: usize,
}

impl Distribution {
    /// The distribution of `agency`, or of the first agency with rating recommendations.
    pub fn new(app: &App, agency: Option<&str>) -> Result<Distribution, AppError> {
        let code = match agency {
            Some(a) => a.to_string(),
            None => first_rated_agency(app)?,
        };
        Ok(Distribution {
            dist: app.predikat_distribution(&code)?,
            period: 0,
            org: 0,
        })
    }

    fn lines(&self, ui: &Ui) -> (Vec<Line<'static>>, usize) {
        let th = &ui.theme;
        let t = &ui.t;
        let d = &self.dist;
        let mut out = vec![Line::from(vec![
            Span::styled(format!("{}: ", t.t("roster.col_agency")), th.accent),
            Span::styled(format!("{} — {}", d.agency.code, d.agency.name), th.base),
        ])];
        let Some(p) = d.periods.get(self.period) else {
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(
                t.t("roster.dist_empty").to_string(),
                th.muted,
            )));
            return (out, 0);
        };
        out.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("roster.period_short")), th.accent),
            Span::styled(
                t.f(
                    "roster.dist_period",
                    &[
                        ("period", &period_label(&p.period, ui)),
                        ("i", &(self.period + 1)),
                        ("n", &d.periods.len()),
                        ("rated", &p.counts.total()),
                        ("total", &d.employees),
                    ],
                ),
                th.base,
            ),
        ]));
        if p.superseded > 0 {
            out.push(Line::from(Span::styled(
                t.f("roster.superseded", &[("n", &p.superseded)]),
                th.muted,
            )));
        }
        out.push(Line::from(""));
        for (pr, n) in p.counts.iter() {
            let pct = p.counts.percent(pr).unwrap_or(0.0);
            out.push(Line::from(vec![
                Span::styled(format!("{:<18}", pr.label_id()), th.base),
                Span::styled(format!("{n:>5}  {:>7}  ", t.percent(pct)), th.base),
                Span::styled(bar(n, p.counts.total(), 12), th.gauge),
            ]));
        }
        out.push(Line::from(""));
        let org_start = out.len();
        out.push(Line::from(Span::styled(
            t.t("roster.org_title").to_string(),
            th.title,
        )));
        for (k, (org, violations)) in p.checks.iter().enumerate() {
            let (glyph, verdict, style) = if violations.is_empty() {
                ("✓", t.t("roster.fits").to_string(), th.ok)
            } else {
                (
                    "✗",
                    t.f("roster.breaks", &[("n", &violations.len())]),
                    th.error,
                )
            };
            let marker = if k == self.org { "▶ " } else { "  " };
            let row_style = if k == self.org { th.selected } else { th.base };
            out.push(Line::from(vec![
                Span::styled(marker, row_style),
                Span::styled(format!("{glyph} "), style),
                Span::styled(format!("{:<22}", org.label_id()), row_style),
                Span::styled(verdict, style),
            ]));
        }
        out.push(Line::from(""));
        if let Some((org, violations)) = p.checks.get(self.org) {
            if violations.is_empty() {
                out.push(Line::from(Span::styled(
                    t.f("roster.no_violation", &[("org", &org.label_id())]),
                    th.ok,
                )));
            } else {
                out.push(Line::from(Span::styled(
                    t.f("roster.violations", &[("org", &org.label_id())]),
                    th.error,
                )));
                for v in violations {
                    out.push(Line::from(Span::styled(violation_text(v, ui), th.error)));
                }
            }
        }
        out.push(Line::from(Span::styled(
            t.f(
                "roster.dist_hint",
                &[
                    (
                        "updown",
                        &format!(
                            "{}, {}",
                            ui.key(&LIST_NAV, Action::Up),
                            ui.key(&LIST_NAV, Action::Down)
                        ),
                    ),
                    ("sort", &ui.key(&DIST_KEYS, Action::CycleSort)),
                    ("filter", &ui.key(&DIST_KEYS, Action::CycleFilter)),
                    ("search", &ui.key(&DIST_KEYS, Action::Search)),
                ],
            ),
            th.muted,
        )));
        (out, org_start)
    }
}

/// The agency whose employees have rating recommendations, or the first agency.
fn first_rated_agency(app: &App) -> Result<String, AppError> {
    for r in app.ratings(None, None)? {
        if let Some(e) = app.employee(r.content.nip.as_str())? {
            return Ok(e.agency);
        }
    }
    app.agencies()?
        .into_iter()
        .next()
        .map(|a| a.code)
        .ok_or_else(|| crate::app::said("error.app.no_agencies", &[]))
}

/// One broken rule in words, e.g. "✗ paling sedikit 60% harus Butuh Perbaikan; ditemukan 0 dari 2
/// (0,0%)": a glyph and text, never colour alone.
pub fn violation_text(v: &Violation, ui: &Ui) -> String {
    format!("✗ {}", crate::app::violation_message(v, &ui.t))
}

impl Screen for Distribution {
    fn title(&self, ui: &Ui) -> String {
        format!(
            "{} — {}",
            ui.t.t("roster.dist_screen"),
            self.dist.agency.code
        )
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&DIST_KEYS, &LIST_NAV]
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.dist = app.predikat_distribution(&self.dist.agency.code)?;
        self.period = self.period.min(self.dist.periods.len().saturating_sub(1));
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let orgs = OrgPredikat::ALL.len();
        match action {
            Action::Down | Action::CycleSort => self.org = (self.org + 1) % orgs,
            Action::Up => self.org = (self.org + orgs - 1) % orgs,
            Action::Top => self.org = 0,
            Action::Bottom => self.org = orgs - 1,
            Action::CycleFilter if !self.dist.periods.is_empty() => {
                self.period = (self.period + 1) % self.dist.periods.len();
            }
            Action::Search => {
                return match cx.app.agencies() {
                    Ok(agencies) => Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                        "roster.agency",
                        cx.ui.t.t("roster.pick_agency").into(),
                        agencies
                            .into_iter()
                            .map(|a| {
                                PickItem::new(a.code.clone(), format!("{} — {}", a.code, a.name))
                            })
                            .collect(),
                        false,
                    )))),
                    Err(e) => cx.fail(e),
                }
            }
            Action::Back => return Outcome::Pop,
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        if let ("roster.agency", Value::Picked(ids)) = (r.purpose, r.value) {
            if let Some(code) = ids.first() {
                match cx.app.predikat_distribution(code) {
                    Ok(d) => {
                        self.dist = d;
                        self.period = 0;
                    }
                    Err(e) => return cx.fail(e),
                }
            }
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(format!(" {} ", self.title(ui)), th.title));
        let (mut lines, org_start) = self.lines(ui);
        // when it does not fit, the hint (the footer has the keys) goes, then the counts scroll
        // away: the verdicts and the broken rules stay in sight
        let inner_h = area.height.saturating_sub(2) as usize;
        let inner_w = area.width.saturating_sub(2).max(1) as usize;
        let rows =
            |ls: &[Line]| -> usize { ls.iter().map(|l| l.width().div_ceil(inner_w).max(1)).sum() };
        if rows(&lines) > inner_h {
            lines.pop();
        }
        let scroll = rows(&lines)
            .saturating_sub(inner_h)
            .min(rows(&lines[..org_start.min(lines.len())]));
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll as u16, 0)),
            area,
        );
    }
}

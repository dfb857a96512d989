//! The ASN roster: a search line typed into directly over every employee, an employee's page (their
//! findings and rating recommendations), the rating form with the predikat derived live from the
//! matrix, and an agency's predikat distribution checked against the organisation-predikat rules.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::{
    kind_label, AgencyDistribution, App, AppError, EmployeeView, NewRating, RosterIndex,
    RosterSearch,
};
use crate::domain::followup::{Berakhlak, DisciplineLevel, FollowUpAction, FollowUpStatus};
use crate::domain::model::Employee;
use crate::domain::period::Period;
use crate::domain::phase::Phase;
use crate::domain::rating::{predikat, Bound, OrgPredikat, Predikat, RatingLevel, Violation};
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::line::LineInput;
use crate::tui::widgets::list::{ListState, Scroll, PAGE};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::{bar, severity_label, severity_style};

/// Label of a domain word in the UI's language.
fn word(ui: &Ui, id: &'static str, en: &'static str) -> &'static str {
    match ui.t.lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn level_label(l: RatingLevel, ui: &Ui) -> &'static str {
    word(ui, l.label_id(), l.label_en())
}

fn period_label(p: &Period, ui: &Ui) -> String {
    match ui.t.lang {
        Lang::Id => p.label_id(),
        Lang::En => p.label_en(),
    }
}

/// A follow-up recommendation; a PP 94/2021 penalty is written with its level first, e.g.
/// "Sedang — pemotongan tunjangan kinerja 25% selama 6 bulan".
pub fn action_label(a: FollowUpAction, ui: &Ui) -> String {
    match a {
        FollowUpAction::Disiplin(p) => {
            let level: DisciplineLevel = p.level();
            format!(
                "{} — {}",
                word(ui, level.label_id(), level.label_en()),
                lower_first(word(ui, p.label_id(), p.label_en()))
            )
        }
        other => word(ui, other.label_id(), other.label_en()).to_string(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn followup_label(s: FollowUpStatus, ui: &Ui) -> String {
    format!("{} {}", s.number(), word(ui, s.label_id(), s.label_en()))
}

// ---------------------------------------------------------------------------------------------
// The roster list
// ---------------------------------------------------------------------------------------------

/// On the list, letters go to the search, so its commands take Ctrl (the same letters as on the
/// employee page: `r` rate, `d` distribution).
pub(crate) static KEYS: Layer = layer(
    "roster",
    &[
        bind(&["Enter"], Action::Open),
        bind(&["Ctrl-r"], Action::Rate),
        bind(&["Ctrl-d"], Action::Distribution),
        quiet(&["Ctrl-u"], Action::ClearFilter),
    ],
);

pub(crate) static NAV: Layer = layer(
    "roster_nav",
    &[
        bind(&["Down", "Ctrl-n"], Action::Down),
        bind(&["Up", "Ctrl-p"], Action::Up),
        quiet(&["PageDown"], Action::PageDown),
        quiet(&["PageUp"], Action::PageUp),
        quiet(&["Home"], Action::Top),
        quiet(&["End"], Action::Bottom),
    ],
);

pub struct Roster {
    index: RosterIndex,
    search: RosterSearch,
    query: LineInput,
    list: ListState,
}

impl Roster {
    pub fn new(app: &App) -> Result<Roster, AppError> {
        let index = app.roster_index()?;
        let search = RosterSearch::new(&index);
        Ok(Roster {
            index,
            search,
            query: LineInput::default(),
            list: ListState::default(),
        })
    }

    /// The employee under the cursor.
    pub fn selected(&self) -> Option<&Employee> {
        self.search
            .hits()
            .get(self.list.cursor())
            .and_then(|&i| self.index.row(i as usize))
    }

    /// How many employees match the search.
    pub fn matches(&self) -> usize {
        self.search.hits().len()
    }

    fn requery(&mut self) {
        self.search.set_query(&self.index, self.query.text());
        self.list.top();
    }
}

impl Screen for Roster {
    fn title(&self, ui: &Ui) -> String {
        ui.t.t("roster.screen").into()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &NAV]
    }

    fn takes_text(&self) -> bool {
        true
    }

    fn typed(&mut self, key: &KeyEvent, _cx: &mut Cx) -> Outcome {
        let before = self.query.text().to_string();
        self.query.handle(key);
        if self.query.text() != before {
            self.requery();
        }
        Outcome::None
    }

    fn back(&mut self, _cx: &mut Cx) -> Outcome {
        if self.query.text().is_empty() {
            return Outcome::Pop;
        }
        self.query = LineInput::default();
        self.requery();
        Outcome::None
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.matches();
        match action {
            a if ListState::moves(a) => {
                self.list.handle(a, n, PAGE);
            }
            Action::ClearFilter => {
                self.query = LineInput::default();
                self.requery();
            }
            Action::Open => {
                if let Some(e) = self.selected() {
                    return Outcome::Open(Intent::OpenEmployee {
                        nip: e.nip.as_str().to_string(),
                    });
                }
            }
            Action::Rate => {
                if let Some(e) = self.selected() {
                    return match rating_form(cx.app, cx.ui, e.nip.as_str()) {
                        Ok(f) => Outcome::Push(Box::new(f)),
                        Err(e) => cx.fail(e),
                    };
                }
            }
            Action::Distribution => {
                let agency = self.selected().map(|e| e.agency.clone());
                return Outcome::Open(Intent::OpenDistribution { agency });
            }
            Action::Back => return self.back(cx),
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let [search, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(area);
        let count = t.f(
            "roster.count",
            &[("n", &self.matches()), ("total", &self.index.len())],
        );
        let prompt = format!("{} › ", t.t("roster.search"));
        let room = (search.width as usize)
            .saturating_sub(prompt.chars().count() + count.chars().count() + 2)
            .max(1);
        let (text, col) = self.query.window(room);
        let [left, right] = Layout::horizontal([
            Constraint::Min(1),
            Constraint::Length(count.chars().count() as u16 + 1),
        ])
        .areas(search);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prompt.clone(), th.accent),
                Span::styled(text, th.base),
            ])),
            left,
        );
        f.render_widget(Paragraph::new(Span::styled(count, th.muted)), right);
        let cx = left.x + (prompt.chars().count() + col) as u16;
        f.set_cursor_position((cx.min(left.right().saturating_sub(1)), left.y));

        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(
                format!(" {} ", t.t("roster.screen")),
                th.title,
            ));
        if self.index.is_empty() || self.matches() == 0 {
            let msg = if self.index.is_empty() {
                t.t("roster.empty").to_string()
            } else {
                t.f("roster.no_match", &[("q", &self.query.text())])
            };
            f.render_widget(
                Paragraph::new(msg)
                    .style(th.muted)
                    .wrap(Wrap { trim: true })
                    .block(block),
                list,
            );
            return;
        }
        // only the rows that fit are built
        let height = list.height.saturating_sub(3) as usize;
        let hits = self.search.hits();
        let shown = self.list.window(height, hits.len());
        let start = shown.start;
        // narrow terminals drop the unit, then the position (the employee page shows them all)
        let inner_w = list.width.saturating_sub(2);
        let cols: &[Col] = if inner_w >= 110 {
            &[
                Col::Name,
                Col::Nip,
                Col::Position,
                Col::Unit,
                Col::Agency,
                Col::Status,
            ]
        } else if inner_w >= 80 {
            &[Col::Name, Col::Nip, Col::Position, Col::Agency, Col::Status]
        } else {
            &[Col::Name, Col::Nip, Col::Agency, Col::Status]
        };
        let rows: Vec<Row> = hits[shown]
            .iter()
            .enumerate()
            .filter_map(|(k, &i)| {
                let e = self.index.row(i as usize)?;
                let style = if start + k == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                Some(Row::new(cols.iter().map(|c| c.cell(e))).style(style))
            })
            .collect();
        let header = Row::new(cols.iter().map(|c| t.t(c.header()))).style(th.accent);
        let table = Table::new(rows, cols.iter().map(|c| c.width()))
            .header(header)
            .block(block);
        f.render_widget(table, list);
    }
}

/// A column of the roster list.
#[derive(Clone, Copy)]
enum Col {
    Name,
    Nip,
    Position,
    Unit,
    Agency,
    Status,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Name => "roster.col_name",
            Col::Nip => "roster.col_nip",
            Col::Position => "roster.col_position",
            Col::Unit => "roster.col_unit",
            Col::Agency => "roster.col_agency",
            Col::Status => "roster.col_status",
        }
    }

    fn width(self) -> Constraint {
        match self {
            Col::Name | Col::Position => Constraint::Fill(3),
            Col::Unit => Constraint::Fill(2),
            Col::Nip => Constraint::Length(21),
            Col::Agency => Constraint::Length(12),
            Col::Status => Constraint::Length(6),
        }
    }

    fn cell(self, e: &Employee) -> Cell<'static> {
        Cell::from(match self {
            Col::Name => e.name.clone(),
            Col::Nip => e.nip.grouped(),
            Col::Position => e.position.clone(),
            Col::Unit => e.unit.clone(),
            Col::Agency => e.agency.clone(),
            Col::Status => kind_label(e.kind).to_string(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The employee page
// ---------------------------------------------------------------------------------------------

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
            out.push(Line::from(Span::styled(
                format!(
                    "    {}: {}",
                    t.t("roster.followup"),
                    followup_label(f.followup.status, ui)
                ),
                th.base,
            )));
            out.push(Line::from(Span::styled(
                format!("    {}: {}", t.t("roster.audit"), ef.audit_title),
                th.muted,
            )));
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
                out.push(Line::from(Span::styled(
                    format!(
                        "    {}: {}",
                        t.t("roster.justification"),
                        r.content.justification
                    ),
                    th.base,
                )));
            }
            for (value, note) in &r.content.berakhlak {
                out.push(Line::from(Span::styled(
                    format!("    {}: {note}", value.label_id()),
                    th.base,
                )));
            }
            out.push(Line::from(Span::styled(
                format!(
                    "    {}: {}",
                    t.t("roster.action"),
                    action_label(r.content.action, ui)
                ),
                th.base,
            )));
            out.push(Line::from(Span::styled(
                format!("    {}: {}", t.t("roster.audit"), er.audit_title),
                th.muted,
            )));
        }
        out
    }
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

// ---------------------------------------------------------------------------------------------
// The rating form
// ---------------------------------------------------------------------------------------------

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
        Field::new(
            "audit",
            t.t("roster.audit").into(),
            FieldKind::Pick {
                items: audit_items,
                multi: false,
            },
        )
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
        Field::new(
            "findings",
            t.t("roster.linked_findings").into(),
            FieldKind::Pick {
                items: finding_items,
                multi: true,
            },
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

// ---------------------------------------------------------------------------------------------
// The distribution view
// ---------------------------------------------------------------------------------------------

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
        .ok_or_else(|| AppError::Invalid("no agencies yet; import them first".into()))
}

/// One broken rule in words, e.g. "✗ paling sedikit 60% harus Butuh Perbaikan; ditemukan 0 dari 2
/// (0,0%)": a glyph and text, never colour alone.
pub fn violation_text(v: &Violation, ui: &Ui) -> String {
    let t = &ui.t;
    let names = v
        .predikat
        .iter()
        .map(|p: &Predikat| p.label_id())
        .collect::<Vec<_>>()
        .join(t.t("roster.and_or"));
    let rule = match v.bound {
        Bound::MinPercent(n) => t.f("roster.min_percent", &[("n", &n), ("p", &names)]),
        Bound::MaxPercent(n) => t.f("roster.max_percent", &[("n", &n), ("p", &names)]),
        Bound::MinCount(n) => t.f("roster.min_count", &[("n", &n), ("p", &names)]),
        Bound::MaxCount(0) => t.f("roster.none_may", &[("p", &names)]),
        Bound::MaxCount(n) => t.f("roster.max_count", &[("n", &n), ("p", &names)]),
    };
    t.f(
        "roster.violation",
        &[
            ("rule", &rule),
            ("found", &v.found),
            ("total", &v.total),
            ("pct", &t.percent(v.found_percent())),
        ],
    )
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

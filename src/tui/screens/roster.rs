//! The ASN roster: a search line typed into directly over every employee, and the labels of the
//! rating words the roster's screens share (the employee page, the rating form, the distribution).

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::{kind_label, App, AppError, RosterIndex, RosterSearch};
use crate::domain::followup::{DisciplineLevel, FollowUpAction, FollowUpStatus};
use crate::domain::model::Employee;
use crate::domain::period::Period;
use crate::domain::rating::RatingLevel;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer};
use crate::tui::widgets::line::LineInput;
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::rating_form::rating_form;

/// Label of a domain word in the UI's language.
pub(super) fn word(ui: &Ui, id: &'static str, en: &'static str) -> &'static str {
    match ui.t.lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

pub(super) fn level_label(l: RatingLevel, ui: &Ui) -> &'static str {
    word(ui, l.label_id(), l.label_en())
}

pub(super) fn period_label(p: &Period, ui: &Ui) -> String {
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

pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn followup_label(s: FollowUpStatus, ui: &Ui) -> String {
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

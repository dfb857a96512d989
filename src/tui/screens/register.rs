//! The follow-up register (TLHP): every recommendation of every final audit in one table to filter
//! (status, overdue, agency, search) and sort, the selected one's detail below it, and the recap
//! per agency that inspectorates send up each semester; `Enter` opens the row's finding, where its
//! follow-up is recorded.
//!
//! The rows are read when the screen opens and when it is shown again, between keys, a
//! millisecond's worth at a time ([`app::TlhpRead`]): the screen is drawn at once, saying how far
//! the reading has got, and a thousand audits never hold a key up. Once read they are sorted in each order; every
//! key after that keeps indexes into them in the chosen order (nothing is sorted again), and only
//! the rows on screen are drawn, so a register of twenty thousand recommendations answers at once.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::{self, App, AppError, TlhpFilter, TlhpRead, TlhpRow};
use crate::domain::followup::FollowUpStatus;
use crate::domain::tlhp::{is_open, Recap};
use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::widgets::pane::{self, PaneScroll};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::finding_form::followup_label;

pub(crate) static KEYS: Layer = layer(
    "register",
    &[
        bind(&["Enter"], Action::Open),
        bind(&["s"], Action::CycleSort),
        bind(&["f"], Action::CycleStatus),
        bind(&["o"], Action::OverdueOnly),
        bind(&["a"], Action::PickAgency),
        bind(&["r"], Action::ToggleRecap),
        bind(&["/"], Action::Search),
        quiet(&["Ctrl-l"], Action::ClearFilter),
        // the detail pane scrolls with PageUp/PageDown; the list pages with Ctrl-u/Ctrl-d
        quiet(&["PageDown"], Action::ScrollDetailDown),
        quiet(&["PageUp"], Action::ScrollDetailUp),
    ],
);

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Sort {
    /// The most days late first, then open recommendations by due date (none last), then closed.
    #[default]
    Due,
    /// As the register reads: agency, then LHP date, audit, finding, recommendation.
    Agency,
    /// Open first (3, 2, then 4 and 1), by due date within a status.
    Status,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Due => Sort::Agency,
            Sort::Agency => Sort::Status,
            Sort::Status => Sort::Due,
        }
    }

    fn label(self, ui: &Ui) -> &str {
        ui.t.t(match self {
            Sort::Due => "register.sort_due",
            Sort::Agency => "register.sort_agency",
            Sort::Status => "register.sort_status",
        })
    }
}

/// Which follow-up statuses are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum StatusFilter {
    #[default]
    All,
    /// Still needing the auditee to act: 2 and 3.
    Open,
    Is(FollowUpStatus),
}

impl StatusFilter {
    const ALL: [StatusFilter; 6] = [
        StatusFilter::All,
        StatusFilter::Open,
        StatusFilter::Is(FollowUpStatus::Sesuai),
        StatusFilter::Is(FollowUpStatus::BelumSesuai),
        StatusFilter::Is(FollowUpStatus::BelumDitindaklanjuti),
        StatusFilter::Is(FollowUpStatus::TidakDapat),
    ];

    fn next(self) -> StatusFilter {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    fn keeps(self, s: FollowUpStatus) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Open => is_open(s),
            StatusFilter::Is(x) => x == s,
        }
    }

    fn label(self, ui: &Ui) -> String {
        match self {
            StatusFilter::All => ui.t.t("register.status_all").to_string(),
            StatusFilter::Open => ui.t.t("register.status_open").to_string(),
            StatusFilter::Is(s) => status_short(s, ui),
        }
    }
}

/// `3 belum TL`: the status number and its short word, for the table and the state line.
fn status_short(s: FollowUpStatus, ui: &Ui) -> String {
    let word = ui.t.t(match s {
        FollowUpStatus::Sesuai => "findings.fu_short_1",
        FollowUpStatus::BelumSesuai => "findings.fu_short_2",
        FollowUpStatus::BelumDitindaklanjuti => "findings.fu_short_3",
        FollowUpStatus::TidakDapat => "findings.fu_short_4",
    });
    format!("{} {word}", s.number())
}

/// Where a status stands in the "open first" order.
fn open_rank(s: FollowUpStatus) -> u8 {
    match s {
        FollowUpStatus::BelumDitindaklanjuti => 0,
        FollowUpStatus::BelumSesuai => 1,
        FollowUpStatus::TidakDapat => 2,
        FollowUpStatus::Sesuai => 3,
    }
}

/// Due dates earliest first, a row without one after every row with one.
fn by_due(a: &TlhpRow, b: &TlhpRow) -> Ordering {
    match (a.due, b.due) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Every row's index in `sort`'s order.
fn order(rows: &[TlhpRow], sort: Sort) -> Vec<usize> {
    let mut all: Vec<usize> = (0..rows.len()).collect();
    match sort {
        // the register's own order is by agency, then LHP date
        Sort::Agency => {}
        Sort::Due => all.sort_by(|&a, &b| {
            let (x, y) = (&rows[a], &rows[b]);
            x.overdue
                .is_none()
                .cmp(&y.overdue.is_none())
                .then(Reverse(x.overdue).cmp(&Reverse(y.overdue)))
                .then(is_open(y.status).cmp(&is_open(x.status)))
                .then(by_due(x, y))
                .then(a.cmp(&b))
        }),
        Sort::Status => all.sort_by(|&a, &b| {
            let (x, y) = (&rows[a], &rows[b]);
            open_rank(x.status)
                .cmp(&open_rank(y.status))
                .then(by_due(x, y))
                .then(a.cmp(&b))
        }),
    }
    all
}

/// The recap of the rows shown: per agency (by code) and in total.
#[derive(Debug, Clone, Default)]
struct RecapView {
    per: Vec<(String, String, Recap)>,
    total: Recap,
}

/// A row's identity across reloads: its finding and the recommendation's number.
type RowKey = (Id, u16);

/// How long one step of reading may take between keys: a key pressed meanwhile waits at most
/// this (and the audit being read) before it is answered.
const STEP: std::time::Duration = std::time::Duration::from_millis(1);

/// What the filters and the recap read of a row.
#[derive(Debug, Clone, Copy)]
struct Fact {
    status: FollowUpStatus,
    overdue: bool,
    /// An index into `agencies`.
    agency: u32,
    /// The row's finding, numbered from 0 in the order findings first come.
    finding: u32,
    value: Option<crate::domain::money::Rupiah>,
    returned: crate::domain::money::Rupiah,
}

/// How far the register's reading has got.
enum Reading {
    /// Nothing read yet: the list of final audits comes first.
    List,
    /// Audits being read.
    Audits(TlhpRead),
}

pub struct Register {
    /// Every recommendation of every final audit, in the register's own order.
    rows: Vec<TlhpRow>,
    /// Search text of every row, lower case, one after another, each ended by a line break
    /// (row `i` lies between `hay_at[i]` and `hay_at[i + 1]`): a search scans one block of
    /// memory once per word.
    hay: String,
    hay_at: Vec<usize>,
    /// The register being read (the rows shown meanwhile are those read before, if any).
    reading: Option<Reading>,
    /// The agencies with rows: code, name and how many rows, by code.
    agencies: Vec<(String, String, usize)>,
    /// What the filters and the recap read of each row, side by side in a few bytes per row
    /// (the rows themselves are large and scattered: reading them is what costs).
    facts: Vec<Fact>,
    findings: usize,
    /// Every row's index in the `Due` and `Status` orders, sorted once when the rows are read
    /// (the `Agency` order is the rows' own): a filter then only keeps rows, in order.
    by_due: Vec<usize>,
    by_status: Vec<usize>,
    /// Indexes into `rows`, in the order shown.
    shown: Vec<usize>,
    list: ListState,
    sort: Sort,
    status: StatusFilter,
    overdue: bool,
    /// The agency shown (its code), or every one.
    agency: Option<String>,
    query: String,
    /// The recap of the rows shown, while it is on screen instead of the rows.
    recap: Option<RecapView>,
    recap_list: ListState,
    /// How far the detail pane is scrolled, for which row.
    pane: PaneScroll<RowKey>,
}

impl Register {
    pub fn new(app: &App) -> Result<Register, AppError> {
        let mut s = Register::empty();
        s.refresh(app)?;
        Ok(s)
    }

    /// Read on for about [`STEP`]: the list of audits first, then audit by audit; when every
    /// audit is read, take the rows.
    fn read_on(&mut self, app: &App) -> Result<(), AppError> {
        let started = std::time::Instant::now();
        let mut read = match self.reading.take() {
            None => return Ok(()),
            Some(Reading::List) => app.tlhp_read(&TlhpFilter::default(), app::today())?,
            Some(Reading::Audits(read)) => read,
        };
        while !read.is_done() && started.elapsed() < STEP {
            read.step(app, 1)?;
        }
        if read.is_done() {
            self.load(read.finish(app)?);
        } else {
            self.reading = Some(Reading::Audits(read));
        }
        Ok(())
    }

    /// The register of one agency's open recommendations (from an audit's walk: what the
    /// earlier audits of that agency left to act on); the filters can be changed as usual.
    pub fn open_of(app: &App, agency: &str) -> Result<Register, AppError> {
        let mut s = Register::empty();
        s.agency = Some(agency.to_string());
        s.status = StatusFilter::Open;
        s.refresh(app)?;
        Ok(s)
    }

    fn empty() -> Register {
        Register {
            rows: Vec::new(),
            hay: String::new(),
            hay_at: vec![0],
            facts: Vec::new(),
            reading: None,
            agencies: Vec::new(),
            findings: 0,
            by_due: Vec::new(),
            by_status: Vec::new(),
            shown: Vec::new(),
            list: ListState::default(),
            sort: Sort::default(),
            status: StatusFilter::default(),
            overdue: false,
            agency: None,
            query: String::new(),
            recap: None,
            recap_list: ListState::default(),
            pane: PaneScroll::default(),
        }
    }

    /// Take the register's rows (read anew) and what is worked out from them once: the search
    /// text and the agencies; the filters, sort and selection stay.
    fn load(&mut self, rows: Vec<TlhpRow>) {
        self.hay.clear();
        self.hay_at = Vec::with_capacity(rows.len() + 1);
        self.hay_at.push(0);
        for r in &rows {
            for (k, part) in [
                r.agency.as_str(),
                &r.agency_name,
                &r.audit_title,
                &r.lhp_number,
                &r.finding_title,
                &r.finding_code,
                &r.code,
                &r.recommendation,
                &r.official,
            ]
            .iter()
            .enumerate()
            {
                if k > 0 {
                    self.hay.push(' ');
                }
                self.hay.push_str(&part.to_lowercase());
            }
            self.hay_at.push(self.hay.len());
            // rows apart by a character no search word holds, so no match runs across two
            self.hay.push('\n');
        }
        let mut agencies: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for r in &rows {
            agencies
                .entry(r.agency.as_str())
                .or_insert((r.agency_name.as_str(), 0))
                .1 += 1;
        }
        self.agencies = agencies
            .into_iter()
            .map(|(code, (name, n))| (code.to_string(), name.to_string(), n))
            .collect();
        let mut numbered: std::collections::HashMap<Id, u32> = Default::default();
        self.facts = rows
            .iter()
            .map(|r| {
                let next = numbered.len() as u32;
                Fact {
                    status: r.status,
                    overdue: r.overdue.is_some(),
                    agency: self
                        .agencies
                        .binary_search_by(|(code, _, _)| code.as_str().cmp(&r.agency))
                        .unwrap_or_default() as u32,
                    finding: *numbered.entry(r.finding).or_insert(next),
                    value: r.value,
                    returned: r.returned,
                }
            })
            .collect();
        self.findings = numbered.len();
        // the selection is found again by its finding and number after the reload
        let keep = self.selected_key();
        self.by_due = order(&rows, Sort::Due);
        self.by_status = order(&rows, Sort::Status);
        self.rows = rows;
        self.shown.clear();
        self.recompute();
        if let Some(pos) = keep.and_then(|k| {
            self.shown
                .iter()
                .position(|&i| (self.rows[i].finding, self.rows[i].no) == k)
        }) {
            self.list.select(pos);
        }
        self.follow();
    }

    fn selected(&self) -> Option<&TlhpRow> {
        self.shown.get(self.list.cursor()).map(|&i| &self.rows[i])
    }

    fn selected_key(&self) -> Option<RowKey> {
        self.selected().map(|r| (r.finding, r.no))
    }

    /// After anything that may have moved the selection: another row's detail starts at its top.
    fn follow(&mut self) {
        let key = self.selected_key();
        self.pane.follow(key.as_ref());
    }

    fn is_filtered(&self) -> bool {
        self.status != StatusFilter::All
            || self.overdue
            || self.agency.is_some()
            || !self.query.trim().is_empty()
    }

    /// Filter the rows, in the sort's order, into `shown` (indexes only: nothing is read, copied
    /// or sorted), keeping the selected row selected while it is still shown; the recap follows
    /// when it is on screen.
    fn recompute(&mut self) {
        let keep = self.selected_key();
        let n = self.rows.len();
        let query = self.query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        // the agency chosen, as its index (none: it has no rows)
        let agency: Option<Option<usize>> = self.agency.as_ref().map(|a| {
            self.agencies
                .binary_search_by(|(code, _, _)| code.as_str().cmp(a))
                .ok()
        });
        // which rows are kept, from the facts in the rows' own order; a search finds each word in
        // the one block of search text at once and counts, per row, the words found in it
        let mut kept: Vec<bool> = self
            .facts
            .iter()
            .map(|f| {
                self.status.keeps(f.status)
                    && (!self.overdue || f.overdue)
                    && agency.is_none_or(|a| a == Some(f.agency as usize))
            })
            .collect();
        if !words.is_empty() {
            let mut found = vec![0usize; n];
            for (k, w) in words.iter().enumerate() {
                for at in memchr::memmem::find_iter(self.hay.as_bytes(), w.as_bytes()) {
                    let row = self.hay_at.partition_point(|&start| start <= at) - 1;
                    // each word counted once per row, and only in a row that has the words
                    // before it
                    if found[row] == k {
                        found[row] += 1;
                    }
                }
            }
            for (keep, f) in kept.iter_mut().zip(&found) {
                *keep = *keep && *f == words.len();
            }
        }
        // the orders are total (the index breaks ties), so the rows kept from a sorted list are
        // those rows sorted
        let shown: Vec<usize> = match self.sort {
            Sort::Agency => (0..n).filter(|&i| kept[i]).collect(),
            Sort::Due => self.by_due.iter().copied().filter(|&i| kept[i]).collect(),
            Sort::Status => self
                .by_status
                .iter()
                .copied()
                .filter(|&i| kept[i])
                .collect(),
        };
        self.shown = shown;
        let at = keep.and_then(|k| {
            self.shown
                .iter()
                .position(|&i| (self.rows[i].finding, self.rows[i].no) == k)
        });
        if let Some(pos) = at {
            self.list.select(pos);
        }
        self.list.clamp(self.shown.len());
        if self.recap.is_some() {
            self.recap = Some(self.recap_of());
            self.recap_list.clamp(self.recap_len());
        }
    }

    /// The recap of the rows shown, as `app::tlhp_recap` counts it (findings once each,
    /// recommendations by status), over indexes: each agency's rows counted apart, and the total
    /// added up from the agencies' but for its findings, counted once over all.
    fn recap_of(&self) -> RecapView {
        // counted in place: each row into its agency's recap, each finding once (a finding
        // belongs to one agency, so one mark serves the agency's count and the total's)
        let mut per: Vec<Recap> = vec![Recap::default(); self.agencies.len()];
        let mut seen = vec![false; self.findings];
        for &i in &self.shown {
            let f = &self.facts[i];
            let recap = &mut per[f.agency as usize];
            if !std::mem::replace(&mut seen[f.finding as usize], true) {
                recap.findings += 1;
            }
            recap.add(f.status, f.value, f.returned);
        }
        let per: Vec<(String, String, Recap)> = per
            .into_iter()
            .zip(&self.agencies)
            .filter(|(r, _)| r.recommendations > 0)
            .map(|(r, (code, name, _))| (code.clone(), name.clone(), r))
            .collect();
        let mut total = Recap::default();
        for (_, _, r) in &per {
            total.findings += r.findings;
            total.recommendations += r.recommendations;
            total.value = total.value.plus(r.value);
            total.returned = total.returned.plus(r.returned);
            for (sum, n) in total.by_status.iter_mut().zip(r.by_status) {
                *sum += n;
            }
        }
        RecapView { per, total }
    }

    /// Rows of the recap table: one per agency and the total.
    fn recap_len(&self) -> usize {
        self.recap.as_ref().map_or(0, |r| r.per.len() + 1)
    }

    fn clear(&mut self) {
        self.status = StatusFilter::All;
        self.overdue = false;
        self.agency = None;
        self.query.clear();
        self.recompute();
    }

    fn agency_picker(&self, ui: &Ui) -> Outcome {
        let t = &ui.t;
        let mut items = vec![PickItem::new("0", t.t("register.agency_all"))];
        items.extend(
            self.agencies
                .iter()
                .enumerate()
                .map(|(k, (code, name, n))| {
                    PickItem::new(
                        (k + 1).to_string(),
                        t.f(
                            "register.agency_item",
                            &[("code", code), ("name", name), ("n", &t.count(*n as u64))],
                        ),
                    )
                }),
        );
        Outcome::Popup(Popup::Picker(Box::new(Picker::new(
            "register.agency",
            t.t("register.agency_title").to_string(),
            items,
            false,
        ))))
    }

    /// Scroll the detail pane a page down or up, in the pane as drawn in `area`.
    fn scroll_detail(&mut self, down: bool, area: Rect, ui: &Ui) {
        let inner = detail_block(ui).inner(self.areas(area)[2]);
        let rows = pane::rows(self.detail_lines(ui), inner.width);
        let key = self.selected_key();
        self.pane.page(key, down, rows, usize::from(inner.height));
    }

    /// One action (the trait's `update`, before the detail pane follows the selection).
    fn act(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            Action::Back => return self.back(cx),
            a if ListState::moves(a) => {
                if self.recap.is_some() {
                    let n = self.recap_len();
                    self.recap_list.handle(a, n, PAGE);
                } else {
                    self.list.handle(a, self.shown.len(), PAGE);
                }
            }
            Action::ScrollDetailDown | Action::ScrollDetailUp if self.recap.is_none() => {
                self.scroll_detail(action == Action::ScrollDetailDown, cx.area, cx.ui)
            }
            Action::Open => return self.open(),
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.recompute();
            }
            Action::CycleStatus => {
                self.status = self.status.next();
                self.recompute();
            }
            Action::OverdueOnly => {
                self.overdue = !self.overdue;
                self.recompute();
            }
            Action::PickAgency => return self.agency_picker(cx.ui),
            Action::ToggleRecap => self.toggle_recap(),
            Action::ClearFilter => self.clear(),
            Action::Search => {
                return Outcome::Popup(Popup::Input(Input::new(
                    "register.search",
                    cx.ui.t.t("action.search").into(),
                    cx.ui.t.t("register.search_prompt").into(),
                    &self.query,
                )))
            }
            _ => {}
        }
        Outcome::None
    }

    /// The recap of the rows shown instead of them, or the rows again.
    fn toggle_recap(&mut self) {
        self.recap = match self.recap.take() {
            Some(_) => None,
            None => {
                self.recap_list = ListState::default();
                Some(self.recap_of())
            }
        };
    }

    /// `Enter`: on a row, its finding; on the recap, the rows of the agency under the cursor (of
    /// every agency on the total).
    fn open(&mut self) -> Outcome {
        if let Some(recap) = &self.recap {
            self.agency = recap
                .per
                .get(self.recap_list.cursor())
                .map(|(code, _, _)| code.clone());
            self.recap = None;
            self.list.top();
            self.recompute();
            return Outcome::None;
        }
        match self.selected() {
            Some(r) => Outcome::Open(Intent::OpenFinding {
                audit: r.audit,
                finding: r.finding,
            }),
            None => Outcome::None,
        }
    }
}

impl Screen for Register {
    fn title(&self, ui: &Ui) -> String {
        ui.t.t("register.screen").to_string()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    /// Read the register anew, between keys ([`Screen::work`]): nothing is read here, so the
    /// key that opened the screen is answered at once; the rows read before stay on screen until
    /// the new ones are whole.
    fn refresh(&mut self, _app: &App) -> Result<(), AppError> {
        self.reading = Some(Reading::List);
        Ok(())
    }

    fn has_work(&self) -> bool {
        self.reading.is_some()
    }

    fn work(&mut self, cx: &mut Cx) {
        if let Err(e) = self.read_on(cx.app) {
            // the rows read before (if any) stay; the status line says why no more came
            self.reading = None;
            cx.ui.error(e.message(&cx.ui.t));
        }
    }

    /// `Esc`: the recap goes back to the rows, then filters are cleared, then the screen closes.
    fn back(&mut self, cx: &mut Cx) -> Outcome {
        if self.recap.take().is_some() {
            return Outcome::None;
        }
        if self.is_filtered() {
            self.clear();
            self.follow();
            cx.ui.ok(cx.ui.t.t("register.cleared").to_string());
            return Outcome::None;
        }
        Outcome::Pop
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let out = self.act(action, cx);
        self.follow();
        out
    }

    fn on_result(&mut self, r: PopupResult, _cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("register.search", Value::Text(q)) => {
                self.query = q.trim().to_string();
                self.list.top();
                self.recompute();
            }
            ("register.agency", Value::Picked(ids)) => {
                let k = ids.first().and_then(|id| id.parse::<usize>().ok());
                self.agency = k
                    .and_then(|k| k.checked_sub(1))
                    .and_then(|k| self.agencies.get(k))
                    .map(|(code, _, _)| code.clone());
                self.list.top();
                self.recompute();
            }
            _ => {}
        }
        self.follow();
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let [top, list, detail] = self.areas(area);
        self.draw_state(f, top, ui);
        match &self.recap {
            Some(recap) => {
                let [_, body] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
                self.draw_recap(f, body, recap, ui);
            }
            None => {
                self.draw_list(f, list, ui);
                self.draw_detail(f, detail, ui);
            }
        }
    }
}

impl Register {
    /// The state line, the list and the detail pane in `area`.
    fn areas(&self, area: Rect) -> [Rect; 3] {
        let rest = area.height.saturating_sub(1);
        // the list takes what its rows need, up to a little over half; the detail the rest
        let list_h = (self.shown.len().max(1) as u16 + 3).clamp(5, (rest * 55 / 100).max(5));
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(list_h),
            Constraint::Min(3),
        ])
        .areas(area)
    }

    /// One line: sort, status, overdue and agency, each with its key.
    fn draw_state(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let label = |key: &str, action: Action| {
            Span::styled(
                format!("{}: ", t.f(key, &[("key", &ui.key(&KEYS, action))])),
                th.accent,
            )
        };
        let agency = match &self.agency {
            Some(code) => code.clone(),
            None => t.t("register.agency_all").to_string(),
        };
        let overdue = t.t(if self.overdue {
            "register.overdue_on"
        } else {
            "register.overdue_off"
        });
        let spans = vec![
            label("register.sort_label", Action::CycleSort),
            Span::raw(format!("{}   ", self.sort.label(ui))),
            label("register.status_label", Action::CycleStatus),
            Span::raw(format!("{}   ", self.status.label(ui))),
            label("register.overdue_label", Action::OverdueOnly),
            Span::raw(format!("{overdue}   ")),
            label("register.agency_label", Action::PickAgency),
            Span::raw(agency),
        ];
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_list(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let total = self.rows.len();
        let mut title = format!(
            " {} ({}) ",
            t.t("register.list"),
            t.f(
                "register.count",
                &[
                    ("n", &t.count(self.shown.len() as u64)),
                    ("total", &t.count(total as u64))
                ]
            )
        );
        if !self.query.is_empty() {
            title.push_str(&format!("[/ {}] ", self.query));
        }
        let reading = self.reading.as_ref().map(|r| match r {
            Reading::List => t.t("register.reading_list").to_string(),
            Reading::Audits(r) => t.f(
                "register.reading",
                &[
                    ("done", &t.count(r.done() as u64)),
                    ("total", &t.count(r.total() as u64)),
                ],
            ),
        });
        if let Some(line) = &reading {
            title.push_str(&format!("· {line} "));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(title, th.title));
        if self.shown.is_empty() {
            let msg = if let Some(line) = reading {
                line
            } else if total == 0 {
                t.t("register.empty").to_string()
            } else {
                t.t("register.no_match").to_string()
            };
            f.render_widget(
                Paragraph::new(msg)
                    .style(th.muted)
                    .block(block)
                    .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let inner_h = area.height.saturating_sub(3) as usize;
        // a narrow terminal keeps agency, finding, status and days late (the rest is below)
        let wide = area.width >= 100;
        // only the rows on screen are built
        let window = self.list.window(inner_h, self.shown.len());
        let start = window.start;
        let rows: Vec<Row> = self.shown[window]
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let r = &self.rows[i];
                let selected = start + k == self.list.cursor();
                let style = if selected { th.selected } else { th.base };
                let late_style = match (selected, r.overdue) {
                    (false, Some(_)) => th.warn,
                    _ => style,
                };
                let late = match r.overdue {
                    Some(n) => t.f("register.days_late", &[("n", &t.count(n.unsigned_abs()))]),
                    None => "—".to_string(),
                };
                let due = r.due.map_or_else(|| "—".to_string(), |d| t.date_short(d));
                let cells = if wide {
                    vec![
                        Cell::from(r.agency.clone()),
                        Cell::from(t.date_short(r.lhp_date)),
                        Cell::from(r.finding_title.clone()),
                        Cell::from(r.no.to_string()),
                        Cell::from(status_short(r.status, ui)),
                        Cell::from(due),
                        Cell::from(late).style(late_style),
                    ]
                } else {
                    vec![
                        Cell::from(r.agency.clone()),
                        Cell::from(r.finding_title.clone()),
                        Cell::from(r.status.number().to_string()),
                        Cell::from(late).style(late_style),
                    ]
                };
                Row::new(cells).style(style)
            })
            .collect();
        let (header, widths) = if wide {
            (
                vec![
                    t.t("register.col_agency"),
                    t.t("register.col_lhp_date"),
                    t.t("register.col_finding"),
                    t.t("register.col_no"),
                    t.t("register.col_status"),
                    t.t("register.col_due"),
                    t.t("register.col_late"),
                ],
                vec![
                    Constraint::Length(12),
                    Constraint::Length(11),
                    Constraint::Min(16),
                    Constraint::Length(4),
                    Constraint::Length(17),
                    Constraint::Length(11),
                    Constraint::Length(10),
                ],
            )
        } else {
            (
                vec![
                    t.t("register.col_agency"),
                    t.t("register.col_finding"),
                    t.t("register.col_status"),
                    t.t("register.col_late"),
                ],
                vec![
                    Constraint::Length(10),
                    Constraint::Min(10),
                    Constraint::Length(6),
                    Constraint::Length(9),
                ],
            )
        };
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(th.accent))
            .block(block);
        f.render_widget(table, area);
    }

    fn draw_detail(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = detail_block(ui);
        let key = self.selected_key();
        if key.is_none() {
            f.render_widget(block, area);
            return;
        }
        let offset = self.pane.offset(key.as_ref());
        pane::draw(f, area, block, self.detail_lines(ui), offset, ui, &KEYS);
    }

    /// The selected row in full, line by line: what the detail pane shows and scrolls through.
    fn detail_lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let th = &ui.theme;
        let t = &ui.t;
        let Some(r) = self.selected() else {
            return Vec::new();
        };
        let fact = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("{label}: "), th.accent),
                Span::raw(value),
            ])
        };
        let mut title = vec![Span::styled(
            r.finding_title.clone(),
            th.base.add_modifier(Modifier::BOLD),
        )];
        if !r.finding_code.is_empty() {
            title.push(Span::styled(
                format!(
                    " · {}",
                    t.f("register.finding_code", &[("code", &r.finding_code)])
                ),
                th.muted,
            ));
        }
        let mut lines = vec![Line::from(title)];
        lines.push(fact(
            t.t("register.agency"),
            format!("{} — {}", r.agency, r.agency_name),
        ));
        lines.push(fact(t.t("register.audit"), r.audit_title.clone()));
        let date = t.date(r.lhp_date);
        lines.push(fact(
            t.t("register.lhp"),
            if r.lhp_number.is_empty() {
                t.f("register.lhp_unnumbered", &[("date", &date)])
            } else {
                t.f(
                    "register.lhp_numbered",
                    &[("number", &r.lhp_number), ("date", &date)],
                )
            },
        ));
        let rec_label = if r.code.is_empty() {
            t.f("register.recommendation", &[("no", &r.no)])
        } else {
            t.f(
                "register.recommendation_code",
                &[("no", &r.no), ("code", &r.code)],
            )
        };
        lines.extend(pane::text_lines(
            Some(&rec_label),
            &r.recommendation,
            th.accent,
            th.base,
        ));
        lines.push(fact(t.t("register.status"), followup_label(r.status, ui)));
        let due = match (r.due, r.overdue) {
            (Some(d), Some(n)) => t.f(
                "register.due_late",
                &[("date", &t.date(d)), ("n", &t.count(n.unsigned_abs()))],
            ),
            (Some(d), None) => t.date(d),
            (None, _) => t.t("register.no_due").to_string(),
        };
        let mut due_line = fact(t.t("register.due"), due);
        if r.overdue.is_some() {
            due_line = due_line.style(th.warn);
        }
        lines.push(due_line);
        lines.push(fact(
            t.t("register.official"),
            if r.official.is_empty() {
                t.t("register.nobody").to_string()
            } else {
                r.official.clone()
            },
        ));
        lines.push(fact(
            t.t("register.value"),
            match r.value {
                Some(v) => t.f(
                    "register.value_line",
                    &[("value", &t.rupiah(v)), ("returned", &t.rupiah(r.returned))],
                ),
                None => t.t("register.no_value").to_string(),
            },
        ));
        lines.push(fact(
            t.t("register.entries"),
            t.f(
                "register.entries_line",
                &[
                    ("n", &t.count(r.entries as u64)),
                    ("unverified", &t.count(r.unverified as u64)),
                ],
            ),
        ));
        lines.push(Line::from(Span::styled(
            t.f(
                "register.open_hint",
                &[
                    ("open", &ui.key(&KEYS, Action::Open)),
                    ("follow", &ui.key(&super::findings::KEYS, Action::FollowUp)),
                ],
            ),
            th.muted,
        )));
        lines
    }

    /// The recap: what it counts, its total in a sentence, and the table per agency with the
    /// total as its last row.
    fn draw_recap(&self, f: &mut Frame, area: Rect, recap: &RecapView, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let [legend, summary, table_area, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(t.t("register.recap_legend")).style(th.muted),
            legend,
        );
        let total = &recap.total;
        f.render_widget(
            Paragraph::new(t.f(
                "register.recap_summary",
                &[
                    ("findings", &t.count(total.findings as u64)),
                    ("recommendations", &t.count(total.recommendations as u64)),
                    ("value", &t.rupiah(total.value)),
                    ("returned", &t.rupiah(total.returned)),
                ],
            )),
            summary,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(
                format!(
                    " {} ",
                    t.f(
                        "register.recap_title",
                        &[
                            ("n", &t.count(self.shown.len() as u64)),
                            ("total", &t.count(self.rows.len() as u64)),
                        ],
                    )
                ),
                th.title,
            ));
        let cells = |name: String, r: &Recap| {
            let mut c = vec![
                name,
                t.count(r.findings as u64),
                t.count(r.recommendations as u64),
            ];
            for n in 1..=4u8 {
                let count = r.by_status[usize::from(n - 1)];
                c.push(match r.percent(n) {
                    Some(p) => t.f(
                        "register.recap_cell",
                        &[("n", &t.count(count as u64)), ("percent", &t.percent(p))],
                    ),
                    None => "0".to_string(),
                });
            }
            c.push(t.rupiah(r.value));
            c.push(t.rupiah(r.returned));
            c
        };
        let mut lines: Vec<Vec<String>> = recap
            .per
            .iter()
            .map(|(code, name, r)| cells(format!("{code} {name}"), r))
            .collect();
        lines.push(cells(t.t("register.recap_total").to_string(), total));
        // the heads; `short` writes the status columns' heads as their numbers (the legend says
        // what they are) and the recommendations' as an abbreviation
        let heads = |short: bool| {
            let mut h = vec![
                t.t("register.col_agency").to_string(),
                t.t("register.recap_findings").to_string(),
                t.t(if short {
                    "register.col_no"
                } else {
                    "register.recap_recommendations"
                })
                .to_string(),
            ];
            h.extend(FollowUpStatus::ALL.iter().map(|s| match short {
                true => s.number().to_string(),
                false => status_short(*s, ui),
            }));
            h.push(t.t("register.recap_value").to_string());
            h.push(t.t("register.recap_returned").to_string());
            h
        };
        // each figure's column as wide as its widest cell (the agency's takes what is left)
        let figure_widths = |header: &[String]| -> Vec<u16> {
            (1..header.len())
                .map(|col| {
                    std::iter::once(header)
                        .chain(lines.iter().map(Vec::as_slice))
                        .filter_map(|l| l.get(col))
                        .map(|c| c.chars().count())
                        .max()
                        .map_or(0, |w| u16::try_from(w).unwrap_or(u16::MAX))
                })
                .collect()
        };
        let inner = table_area.width.saturating_sub(2);
        let fits = |cols: &[u16], agency: u16| {
            cols.iter().map(|w| w.saturating_add(1)).sum::<u16>() + agency <= inner
        };
        // a narrower terminal drops the two money columns (the total's money is in the line
        // above), then shortens the heads
        let mut header = heads(false);
        let mut figures = figure_widths(&header);
        let all = header.len();
        let keep = if fits(&figures, 16) {
            all
        } else {
            if !fits(&figures[..all - 3], 8) {
                header = heads(true);
                figures = figure_widths(&header);
            }
            all - 2
        };
        header.truncate(keep);
        let widths: Vec<Constraint> = std::iter::once(Constraint::Min(4))
            .chain(figures[..keep - 1].iter().map(|w| Constraint::Length(*w)))
            .collect();
        let inner_h = table_area.height.saturating_sub(3) as usize;
        let window = self.recap_list.window(inner_h, lines.len());
        let start = window.start;
        let last = lines.len().saturating_sub(1);
        let rows: Vec<Row> = lines
            .into_iter()
            .enumerate()
            .skip(start)
            .take(window.len())
            .map(|(k, mut c)| {
                c.truncate(keep);
                let style = if k == self.recap_list.cursor() {
                    th.selected
                } else if k == last {
                    th.base.add_modifier(Modifier::BOLD)
                } else {
                    th.base
                };
                Row::new(c.into_iter().map(Cell::from).collect::<Vec<_>>()).style(style)
            })
            .collect();
        f.render_widget(
            Table::new(rows, widths)
                .header(Row::new(header).style(th.accent))
                .block(block),
            table_area,
        );
        f.render_widget(
            Paragraph::new(t.f(
                "register.recap_hint",
                &[
                    ("open", &ui.key(&KEYS, Action::Open)),
                    ("recap", &ui.key(&KEYS, Action::ToggleRecap)),
                ],
            ))
            .style(th.muted),
            hint,
        );
    }
}

/// The detail pane's frame.
fn detail_block(ui: &Ui) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border_focus)
        .title(Span::styled(
            format!(" {} ", ui.t.t("register.detail")),
            ui.theme.title,
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Lang, Strings};

    #[test]
    fn the_status_filter_cycles_through_all_open_and_each_status() {
        let mut f = StatusFilter::default();
        let mut seen = vec![f];
        for _ in 1..StatusFilter::ALL.len() {
            f = f.next();
            seen.push(f);
        }
        assert_eq!(seen, StatusFilter::ALL);
        assert_eq!(f.next(), StatusFilter::All);
        assert!(StatusFilter::Open.keeps(FollowUpStatus::BelumSesuai));
        assert!(!StatusFilter::Open.keeps(FollowUpStatus::TidakDapat));
        assert_eq!(Sort::Due.next().next().next(), Sort::Due);
    }

    /// The register's actions have their labels in its own strings (not in `[action]`): each is
    /// there in both languages, and its key-file name is the label's last part.
    #[test]
    fn the_register_actions_have_labels_and_names() {
        let mut actions: Vec<Action> = KEYS.bindings.iter().map(|b| b.action).collect();
        actions.push(Action::GoRegister);
        for a in actions {
            for lang in [Lang::Id, Lang::En] {
                let label = a.label();
                assert_ne!(Strings::of(lang).t(label), label, "{a:?} in {lang:?}");
            }
        }
        assert_eq!(Action::GoRegister.name(), "go_register");
        assert_eq!(Action::ToggleRecap.name(), "toggle_recap");
        assert_eq!(Action::RaiseFinding.name(), "raise_finding");
    }

    /// A register of `n` rows over 40 agencies: two recommendations a finding, every status,
    /// one in seven late.
    fn big(n: usize) -> Register {
        use crate::domain::money::Rupiah;
        let day = |k: usize| {
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(k as u64)))
                .unwrap()
        };
        let rows = (0..n)
            .map(|i| TlhpRow {
                agency: format!("OPD{:02}", i % 40),
                agency_name: format!("Dinas nomor {}", i % 40),
                audit: Id::from_u128((i / 50) as u128),
                audit_title: format!("Pemeriksaan {}", i / 50),
                lhp_number: format!("LHP-{}", i / 50),
                lhp_date: day(i % 180),
                finding: Id::from_u128(1_000_000 + (i / 2) as u128),
                finding_title: format!("Temuan {i} tentang pelayanan"),
                finding_code: String::new(),
                no: (i % 2 + 1) as u16,
                code: String::new(),
                recommendation: format!("Kepala dinas menindaklanjuti temuan {i}"),
                official: String::new(),
                value: Some(Rupiah::from_rupiah(1_000 * (i as i64 % 7))),
                returned: Rupiah::ZERO,
                entries: 0,
                unverified: 0,
                status: FollowUpStatus::ALL[i % 4],
                due: Some(day(i % 300)),
                overdue: (i % 7 == 0 && is_open(FollowUpStatus::ALL[i % 4]))
                    .then_some((i % 90) as i64 + 1),
            })
            .collect();
        let mut r = Register::empty();
        r.load(rows);
        r
    }

    fn draw(r: &Register, ui: &Ui) -> String {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 36)).unwrap();
        term.draw(|f| r.draw(f, f.area(), ui)).unwrap();
        let buf = term.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Ten thousand rows: each key re-sorts and re-filters indexes only, and a frame draws the
    /// rows on screen only. The bound is loose (a debug build on a busy machine); the work is a
    /// few milliseconds.
    #[test]
    fn ten_thousand_rows_filter_sort_and_draw_at_once() {
        let started = std::time::Instant::now();
        let mut r = big(10_000);
        let ui = Ui::new(Lang::Id, crate::tui::theme::Theme::monochrome());
        assert!(draw(&r, &ui).contains("Register TLHP (10.000 dari 10.000)"));
        // the late ones first, the latest of them at the top
        let first = &r.rows[r.shown[0]];
        assert_eq!(first.overdue, Some(90), "{first:?}");
        for _ in 0..3 {
            r.sort = r.sort.next();
            r.recompute();
        }
        r.status = StatusFilter::Open;
        r.recompute();
        assert_eq!(r.shown.len(), 5_000);
        r.overdue = true;
        r.recompute();
        assert!(r.shown.iter().all(|&i| r.rows[i].overdue.is_some()));
        r.overdue = false;
        r.agency = Some("OPD06".into());
        r.recompute();
        let open_06 = r
            .rows
            .iter()
            .filter(|x| x.agency == "OPD06" && is_open(x.status))
            .count();
        assert_eq!(r.shown.len(), open_06);
        assert!(open_06 > 0);
        r.agency = None;
        r.status = StatusFilter::All;
        r.query = "temuan 9999".into();
        r.recompute();
        assert_eq!(r.shown.len(), 1);
        r.query.clear();
        r.recompute();
        r.recap = Some(r.recap_of());
        let recap = r.recap.clone().unwrap_or_default();
        assert_eq!(recap.per.len(), 40);
        assert_eq!(recap.total.recommendations, 10_000);
        assert_eq!(recap.total.findings, 5_000);
        assert_eq!(recap.total.by_status, [2_500; 4]);
        assert!(draw(&r, &ui).contains("Jumlah: 5.000 temuan, 10.000 rekomendasi"));
        r.recap = None;
        for _ in 0..2_000 {
            r.list.down(r.shown.len());
        }
        assert!(draw(&r, &ui).contains("Temuan "));
        let took = started.elapsed();
        assert!(took.as_secs() < 10, "{took:?}");
    }
}

//! The findings (temuan) of one audit: a list to sort, filter and search, with the selected
//! finding's five elements, tanggapan, ASN and follow-up below it; new, edit and follow-up forms,
//! and saved views (`1`–`9` recall, `Ctrl-s` saves).

use std::collections::HashMap;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use crate::app::{followup_summary, App, AppError, AuditView, ConflictMarks, MAX_VIEWS};
use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::model::{Audit, Finding};
use crate::domain::phase;
use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV, SAVED_VIEWS};
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::widgets::pane::{self, PaneScroll};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::finding_form::{
    edit_finding_form, follow_up_form, followup_label, new_finding_form, recommendation_form,
    report_followup_form, verify_followup_form, Prefill,
};
use super::{conflict_line, severity_label, severity_style, CONFLICT_GLYPH};

/// The name saved views of this screen are kept under in `settings.toml`.
pub const VIEWS_KEY: &str = "findings";

pub(crate) static KEYS: Layer = layer(
    "findings",
    &[
        bind(&["Enter", "e"], Action::Edit),
        bind(&["n"], Action::New),
        bind(&["t"], Action::FollowUp),
        bind(&["l"], Action::ReportFollowUp),
        bind(&["v"], Action::VerifyFollowUp),
        bind(&["r"], Action::EditRecommendation),
        quiet(&["w"], Action::Withdraw),
        bind(&["s"], Action::CycleSort),
        bind(&["f"], Action::CycleFilter),
        bind(&["/"], Action::Search),
        quiet(&["Ctrl-l"], Action::ClearFilter),
        quiet(&["C"], Action::GoConflicts),
        // the detail pane scrolls with PageUp/PageDown; the list pages with Ctrl-u/Ctrl-d
        quiet(&["PageDown"], Action::ScrollDetailDown),
        quiet(&["PageUp"], Action::ScrollDetailUp),
    ],
);

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// High first; newest first within a severity.
    #[default]
    Severity,
    /// Open follow-up first (3, 2, then 4 and 1), the earliest due date first within a status.
    FollowUp,
    /// Most recently raised first.
    Newest,
}

impl Sort {
    const ALL: [Sort; 3] = [Sort::Severity, Sort::FollowUp, Sort::Newest];

    fn next(self) -> Sort {
        match self {
            Sort::Severity => Sort::FollowUp,
            Sort::FollowUp => Sort::Newest,
            Sort::Newest => Sort::Severity,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Sort::Severity => "severity",
            Sort::FollowUp => "followup",
            Sort::Newest => "newest",
        }
    }
    fn label(self, ui: &Ui) -> &str {
        match self {
            Sort::Severity => ui.t.t("findings.sort_severity"),
            Sort::FollowUp => ui.t.t("findings.sort_followup"),
            Sort::Newest => ui.t.t("findings.sort_newest"),
        }
    }
}

/// Which findings the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Severity(Severity),
    /// Follow-up still open: 2 (belum sesuai) or 3 (belum ditindaklanjuti).
    Open,
}

impl Filter {
    const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Severity(Severity::High),
        Filter::Severity(Severity::Medium),
        Filter::Severity(Severity::Low),
        Filter::Open,
    ];

    fn next(self) -> Filter {
        let i = Filter::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Filter::ALL[(i + 1) % Filter::ALL.len()]
    }
    fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Severity(s) => s.code(),
            Filter::Open => "open",
        }
    }
    fn keeps(self, f: &Finding) -> bool {
        match self {
            Filter::All => true,
            Filter::Severity(s) => f.content.severity == s,
            Filter::Open => is_open(f.status()),
        }
    }
    fn label(self, ui: &Ui) -> String {
        match self {
            Filter::All => ui.t.t("findings.filter_all").to_string(),
            Filter::Severity(s) => severity_label(s, ui),
            Filter::Open => ui.t.t("findings.filter_open").to_string(),
        }
    }
}

fn is_open(s: FollowUpStatus) -> bool {
    matches!(
        s,
        FollowUpStatus::BelumSesuai | FollowUpStatus::BelumDitindaklanjuti
    )
}

/// A saved view: sort, filter and search text, encoded `sort|filter|search` in `settings.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedView {
    pub sort: Sort,
    pub filter: Filter,
    pub query: String,
}

impl SavedView {
    pub fn encode(&self) -> String {
        format!(
            "{}|{}|{}",
            self.sort.code(),
            self.filter.code(),
            self.query.trim()
        )
    }

    /// `None` for text this version does not understand (e.g. written by a newer one).
    pub fn decode(s: &str) -> Option<SavedView> {
        let mut parts = s.splitn(3, '|');
        let sort = parts.next()?;
        let filter = parts.next()?;
        let query = parts.next().unwrap_or("");
        Some(SavedView {
            sort: Sort::ALL.into_iter().find(|x| x.code() == sort)?,
            filter: Filter::ALL.into_iter().find(|x| x.code() == filter)?,
            query: query.trim().to_string(),
        })
    }

    fn is_default(&self) -> bool {
        *self == SavedView::default()
    }
}

/// Where a follow-up status stands in the "open first" order.
fn open_rank(s: FollowUpStatus) -> u8 {
    match s {
        FollowUpStatus::BelumDitindaklanjuti => 0,
        FollowUpStatus::BelumSesuai => 1,
        FollowUpStatus::TidakDapat => 2,
        FollowUpStatus::Sesuai => 3,
    }
}

pub struct Findings {
    audit: Id,
    view: AuditView,
    /// Roster names of the NIPs involved in this audit's findings.
    names: HashMap<String, String>,
    /// The findings that repeat one of an earlier audit of the agency (temuan berulang).
    repeats: Vec<crate::app::RepeatOf>,
    /// Search text per finding, lower case: title, item codes, NIPs and names.
    hay: Vec<String>,
    /// Indexes into `view.findings`, in the order shown.
    shown: Vec<usize>,
    list: ListState,
    current: SavedView,
    /// The saved view last recalled or saved (its slot, 1–9), until the filter is cleared.
    active: Option<usize>,
    /// Which slots hold a saved view (for the hint line).
    saved: Vec<bool>,
    /// The findings with a pending conflict, loaded with the findings.
    marks: ConflictMarks,
    /// How far the detail pane is scrolled, for which finding.
    pane: PaneScroll<Id>,
}

impl Findings {
    pub fn new(app: &App, audit: Id) -> Result<Findings, AppError> {
        let view = app.audit_view(&audit.to_string())?;
        let mut s = Findings {
            audit,
            view,
            names: HashMap::new(),
            repeats: Vec::new(),
            hay: Vec::new(),
            shown: Vec::new(),
            list: ListState::default(),
            current: SavedView::default(),
            active: None,
            saved: Vec::new(),
            marks: ConflictMarks::default(),
            pane: PaneScroll::default(),
        };
        s.refresh(app)?;
        Ok(s)
    }

    /// Put the cursor on finding `id` when the list shows it (another screen opened this one on
    /// it, e.g. the follow-up register); a finding withdrawn meanwhile leaves it where it is.
    pub(crate) fn select_finding(&mut self, id: &Id) {
        let at = self
            .shown
            .iter()
            .position(|&i| self.view.findings[i].id == *id);
        if let Some(pos) = at {
            self.list.select(pos);
            self.follow();
        }
    }

    fn selected(&self) -> Option<&Finding> {
        self.shown
            .get(self.list.cursor())
            .map(|&i| &self.view.findings[i])
    }

    /// After anything that may have changed the selection: another finding's detail starts at
    /// its top.
    fn follow(&mut self) {
        let shown = self.selected().map(|f| f.id);
        self.pane.follow(shown.as_ref());
    }

    /// Scroll the detail pane a page down or up, in the pane as drawn in `area`.
    fn scroll_detail(&mut self, down: bool, area: Rect, ui: &Ui) {
        let inner = detail_block(ui).inner(self.areas(area)[2]);
        let rows = pane::rows(self.detail_lines(ui), inner.width);
        let shown = self.selected().map(|f| f.id);
        self.pane.page(shown, down, rows, usize::from(inner.height));
    }

    fn due(&self, f: &Finding) -> Option<chrono::NaiveDate> {
        followup_summary(&self.view.summary.audit, f).due
    }

    /// Apply sort, filter and search (see `matches_words`), keeping the selected finding selected
    /// when it is still shown. Search narrows the list and keeps its sort order.
    fn recompute(&mut self) {
        let keep = self.selected().map(|f| f.id);
        let findings = &self.view.findings;
        let mut shown: Vec<usize> = (0..findings.len())
            .filter(|&i| self.current.filter.keeps(&findings[i]))
            .collect();
        let newest = |a: &Finding, b: &Finding| b.created_at.cmp(&a.created_at);
        match self.current.sort {
            Sort::Severity => shown.sort_by(|&a, &b| {
                let (a, b) = (&findings[a], &findings[b]);
                b.content
                    .severity
                    .cmp(&a.content.severity)
                    .then(newest(a, b))
            }),
            Sort::FollowUp => shown.sort_by(|&a, &b| {
                let (fa, fb) = (&findings[a], &findings[b]);
                let due = |f: &Finding| followup_summary(&self.view.summary.audit, f).due;
                open_rank(fa.status())
                    .cmp(&open_rank(fb.status()))
                    // a due date before none
                    .then(match (due(fa), due(fb)) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    })
                    .then(fb.content.severity.cmp(&fa.content.severity))
                    .then(newest(fa, fb))
            }),
            Sort::Newest => shown.sort_by(|&a, &b| newest(&findings[a], &findings[b])),
        }
        let query = self.current.query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        if !words.is_empty() {
            shown.retain(|&i| matches_words(&self.hay[i], &words));
        }
        self.shown = shown;
        if let Some(pos) = keep.and_then(|id| self.shown.iter().position(|&i| findings[i].id == id))
        {
            self.list.select(pos);
        }
        self.list.clamp(self.shown.len());
    }

    fn clear(&mut self) {
        self.current.filter = Filter::All;
        self.current.query.clear();
        self.active = None;
        self.recompute();
    }

    fn is_filtered(&self) -> bool {
        self.current.filter != Filter::All || !self.current.query.is_empty()
    }

    fn describe(&self, ui: &Ui) -> String {
        let mut s = format!(
            "{} · {}",
            self.current.sort.label(ui),
            self.current.filter.label(ui)
        );
        if !self.current.query.is_empty() {
            s.push_str(&format!(" · /{}", self.current.query));
        }
        s
    }

    fn recall(&mut self, n: usize, cx: &mut Cx) {
        let views = cx.app.saved_views(VIEWS_KEY);
        match views.get(n - 1).filter(|v| !v.is_empty()) {
            None => {
                let msg = cx.ui.t.f("findings.view_empty", &[("n", &n)]);
                cx.ui.error(msg);
            }
            Some(text) => match SavedView::decode(text) {
                None => {
                    let msg = cx.ui.t.f("findings.view_bad", &[("n", &n)]);
                    cx.ui.error(msg);
                }
                Some(v) => {
                    self.current = v;
                    self.active = Some(n);
                    self.list.top();
                    self.recompute();
                    let msg = cx.ui.t.f(
                        "findings.view_recalled",
                        &[("n", &n), ("desc", &self.describe(cx.ui))],
                    );
                    cx.ui.ok(msg);
                }
            },
        }
    }

    fn save_view(&mut self, cx: &mut Cx) {
        if self.current.is_default() {
            cx.ui.error(cx.ui.t.t("findings.view_default").to_string());
            return;
        }
        let views = cx.app.saved_views(VIEWS_KEY);
        let free = (1..=MAX_VIEWS).find(|&n| views.get(n - 1).is_none_or(|v| v.is_empty()));
        let Some(slot) = self.active.or(free) else {
            cx.ui.error(cx.ui.t.t("findings.view_full").to_string());
            return;
        };
        match cx.app.save_view(VIEWS_KEY, slot, &self.current.encode()) {
            Ok(()) => {
                self.active = Some(slot);
                self.load_saved(cx.app);
                let msg = cx.ui.t.f("findings.view_saved", &[("n", &slot)]);
                cx.ui.ok(msg);
            }
            Err(e) => cx.ui.error(e.message(&cx.ui.t)),
        }
    }

    fn load_saved(&mut self, app: &App) {
        self.saved = app
            .saved_views(VIEWS_KEY)
            .iter()
            .map(|v| !v.is_empty())
            .collect();
    }

    /// Refuse early (before a form is filled in) what the audit's phase would refuse on save.
    fn editable(&self, cx: &mut Cx) -> bool {
        match phase::ensure_editable(self.view.summary.audit.phase) {
            Ok(()) => true,
            Err(e) => {
                cx.fail(e.into());
                false
            }
        }
    }
}

impl Screen for Findings {
    fn title(&self, ui: &Ui) -> String {
        format!(
            "{} — {}",
            ui.t.t("findings.screen"),
            self.view.summary.audit.title
        )
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV, &SAVED_VIEWS]
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.view.summary.audit)
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        let view = app.audit_view(&self.audit.to_string())?;
        let mut names = HashMap::new();
        for f in &view.findings {
            for nip in &f.content.nips {
                if !names.contains_key(nip.as_str()) {
                    if let Some(e) = app.employee(nip.as_str())? {
                        names.insert(nip.as_str().to_string(), e.name);
                    }
                }
            }
        }
        self.hay = view
            .findings
            .iter()
            .map(|f| {
                let mut h = format!("{} {}", f.content.title, f.content.items.join(" "));
                for nip in &f.content.nips {
                    h.push_str(&format!(" {} {nip}", nip.as_str()));
                    if let Some(name) = names.get(nip.as_str()) {
                        h.push(' ');
                        h.push_str(name);
                    }
                }
                h.to_lowercase()
            })
            .collect();
        // the selection is found again by id after the reload
        let keep = self.selected().map(|f| f.id);
        self.marks = app.conflict_marks(&self.audit)?;
        self.view = view;
        self.names = names;
        self.repeats = app.repeats(&self.audit.to_string())?;
        self.shown.clear();
        self.recompute();
        if let Some(pos) = keep.and_then(|id| {
            self.shown
                .iter()
                .position(|&i| self.view.findings[i].id == id)
        }) {
            self.list.select(pos);
        }
        self.load_saved(app);
        self.follow();
        Ok(())
    }

    fn back(&mut self, cx: &mut Cx) -> Outcome {
        if self.is_filtered() || self.active.is_some() {
            self.clear();
            self.follow();
            cx.ui.ok(cx.ui.t.t("findings.cleared").to_string());
            return Outcome::None;
        }
        Outcome::Pop
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let out = self.act(action, cx);
        self.follow();
        out
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let out = self.popup_result(r, cx);
        self.follow();
        out
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let [top, list, detail] = self.areas(area);
        self.draw_state(f, top, ui);
        self.draw_list(f, list, ui);
        self.draw_detail(f, detail, ui);
    }
}

impl Findings {
    /// One action (the trait's `update`, before the detail pane follows the selection).
    fn act(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.shown.len();
        match action {
            Action::Back => return self.back(cx),
            a if ListState::moves(a) => {
                self.list.handle(a, n, PAGE);
            }
            Action::ScrollDetailDown | Action::ScrollDetailUp => {
                self.scroll_detail(action == Action::ScrollDetailDown, cx.area, cx.ui)
            }
            Action::CycleSort => {
                self.current.sort = self.current.sort.next();
                self.recompute();
            }
            Action::CycleFilter => {
                self.current.filter = self.current.filter.next();
                self.recompute();
            }
            Action::ClearFilter => self.clear(),
            Action::Search => {
                return Outcome::Popup(Popup::Input(Input::new(
                    "findings.search",
                    cx.ui.t.t("action.search").into(),
                    cx.ui.t.t("findings.search_prompt").into(),
                    &self.current.query,
                )))
            }
            Action::New => {
                if !self.editable(cx) {
                    return Outcome::None;
                }
                return match new_finding_form(cx.app, cx.ui, self.audit, Prefill::default()) {
                    Ok(form) => Outcome::Push(Box::new(form)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::Edit | Action::Open => {
                let Some(f) = self.selected() else {
                    return Outcome::None;
                };
                let f = f.clone();
                if !self.editable(cx) {
                    return Outcome::None;
                }
                return match edit_finding_form(cx.app, cx.ui, &f) {
                    Ok(form) => Outcome::Push(Box::new(form)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::Withdraw => {
                let Some(f) = self.selected() else {
                    return Outcome::None;
                };
                let title = f.content.title.clone();
                if !self.editable(cx) {
                    return Outcome::None;
                }
                return Outcome::Popup(Popup::Input(Input::new(
                    "findings.withdraw",
                    cx.ui.t.t("findings.withdraw_title").into(),
                    cx.ui.t.f("findings.withdraw_prompt", &[("title", &title)]),
                    "",
                )));
            }
            Action::FollowUp => {
                if let Some(f) = self.selected() {
                    let form = follow_up_form(cx.ui, &self.view, f, cx.app.followup_days());
                    return Outcome::Push(Box::new(form));
                }
            }
            // follow-up is monitored after the report: allowed on a final audit too
            Action::ReportFollowUp => {
                if let Some(f) = self.selected() {
                    return Outcome::Push(Box::new(report_followup_form(cx.ui, f)));
                }
            }
            Action::VerifyFollowUp => {
                if let Some(f) = self.selected() {
                    match verify_followup_form(cx.ui, f) {
                        Some(form) => return Outcome::Push(Box::new(form)),
                        None => {
                            let key = cx.ui.key(&KEYS, Action::ReportFollowUp);
                            let msg = cx.ui.t.f("findings.ver_none", &[("key", &key)]);
                            cx.ui.error(msg);
                        }
                    }
                }
            }
            Action::EditRecommendation => {
                let Some(f) = self.selected().cloned() else {
                    return Outcome::None;
                };
                if !self.editable(cx) {
                    return Outcome::None;
                }
                match f.content.recommendations.as_slice() {
                    [one] => {
                        return match recommendation_form(cx.app, cx.ui, &f, one.no) {
                            Ok(form) => Outcome::Push(Box::new(form)),
                            Err(e) => cx.fail(e),
                        }
                    }
                    many => {
                        let items = many
                            .iter()
                            .map(|r| {
                                let mut text: String = r.text.chars().take(70).collect();
                                if r.text.chars().count() > 70 {
                                    text.push('…');
                                }
                                PickItem::new(r.no.to_string(), format!("{} — {text}", r.no))
                            })
                            .collect();
                        return Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                            "findings.rec",
                            cx.ui.t.t("findings.rec_pick").to_string(),
                            items,
                            false,
                        ))));
                    }
                }
            }
            Action::RecallView(k) if (1..=MAX_VIEWS).contains(&usize::from(k)) => {
                self.recall(usize::from(k), cx)
            }
            Action::SaveView => self.save_view(cx),
            Action::GoConflicts => {
                return Outcome::Open(Intent::OpenConflicts {
                    audit: Some(self.audit),
                })
            }
            _ => {}
        }
        Outcome::None
    }

    /// What a popup handed back (the trait's `on_result`, before the pane follows the selection).
    fn popup_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("findings.search", Value::Text(q)) => {
                self.current.query = q;
                self.list.top();
                self.recompute();
            }
            ("findings.rec", Value::Picked(ids)) => {
                let no = ids.first().and_then(|s| s.parse::<u16>().ok());
                if let (Some(no), Some(f)) = (no, self.selected().cloned()) {
                    return match recommendation_form(cx.app, cx.ui, &f, no) {
                        Ok(form) => Outcome::Push(Box::new(form)),
                        Err(e) => cx.fail(e),
                    };
                }
            }
            ("findings.withdraw", Value::Text(reason)) => {
                let Some(id) = self.selected().map(|f| f.id.to_string()) else {
                    return Outcome::None;
                };
                match cx.app.withdraw_finding(&id, &reason) {
                    Ok(f) => {
                        if let Err(e) = self.refresh(cx.app) {
                            return cx.fail(e);
                        }
                        cx.ui.ok(cx
                            .ui
                            .t
                            .f("findings.withdrawn", &[("title", &f.content.title)]));
                    }
                    // the reason stays in its input to be given again
                    Err(e) => return Outcome::Reject(e.message(&cx.ui.t)),
                }
            }
            _ => {}
        }
        Outcome::None
    }
}

impl Findings {
    /// The state line, the list and the detail pane in `area`.
    fn areas(&self, area: Rect) -> [Rect; 3] {
        let rest = area.height.saturating_sub(1);
        // the list takes what its rows need, up to nearly half; the detail pane gets the rest
        let list_h = (self.shown.len().max(1) as u16 + 3).clamp(5, (rest * 45 / 100).max(5));
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(list_h),
            Constraint::Min(3),
        ])
        .areas(area)
    }

    /// One line: sort, filter, and which view slots are saved, with their keys.
    fn draw_state(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let slots: Vec<String> = self
            .saved
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| {
                if self.active == Some(i + 1) {
                    format!("[{}]", i + 1)
                } else {
                    (i + 1).to_string()
                }
            })
            .collect();
        let slots = if slots.is_empty() {
            t.t("findings.views_none").to_string()
        } else {
            slots.join(" ")
        };
        let mut spans = vec![
            Span::styled(
                format!(
                    "{}: ",
                    t.f(
                        "findings.sort_label",
                        &[("key", &ui.key(&KEYS, Action::CycleSort))]
                    )
                ),
                th.accent,
            ),
            Span::raw(format!("{}   ", self.current.sort.label(ui))),
            Span::styled(
                format!(
                    "{}: ",
                    t.f(
                        "findings.filter_label",
                        &[("key", &ui.key(&KEYS, Action::CycleFilter))]
                    )
                ),
                th.accent,
            ),
            Span::raw(format!("{}   ", self.current.filter.label(ui))),
            Span::styled(
                format!(
                    "{}: ",
                    t.f(
                        "findings.views_label",
                        &[("key", &ui.key(&SAVED_VIEWS, Action::SaveView))]
                    )
                ),
                th.accent,
            ),
            Span::raw(slots),
        ];
        if self.view.summary.audit.phase.is_locked() {
            spans.push(Span::styled(
                format!("   ■ {}", t.t("findings.locked")),
                th.warn,
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_list(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let total = self.view.findings.len();
        let mut title = format!(
            " {} ({}) ",
            t.t("findings.screen"),
            t.f(
                "findings.count",
                &[("n", &self.shown.len()), ("total", &total)]
            )
        );
        if !self.current.query.is_empty() {
            title.push_str(&format!("[/ {}] ", self.current.query));
        }
        if let Some(n) = self.active {
            title.push_str(&format!("[{}] ", t.f("findings.view_active", &[("n", &n)])));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(title, th.title));
        if self.shown.is_empty() {
            let msg = if total == 0 {
                t.t("findings.empty")
            } else {
                t.t("findings.no_match")
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
        // a narrow terminal keeps severity, title, follow-up code and due date (the rest is below)
        let wide = area.width >= 90;
        // only the visible rows are built
        let shown = self.list.window(inner_h, self.shown.len());
        let start = shown.start;
        let rows: Vec<Row> = self.shown[shown]
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let fd = &self.view.findings[i];
                let selected = start + k == self.list.cursor();
                let style = if selected { th.selected } else { th.base };
                let sev_style = if selected {
                    th.selected
                } else {
                    severity_style(fd.content.severity, th)
                };
                let due = self
                    .due(fd)
                    .map(|d| t.date_short(d))
                    .unwrap_or_else(|| "—".into());
                // a pending conflict shows as a glyph before the title
                let title = match self.marks.finding(&fd.id) {
                    Some(_) => format!("{CONFLICT_GLYPH} {}", fd.content.title),
                    None => fd.content.title.clone(),
                };
                let cells = if wide {
                    vec![
                        Cell::from(severity_label(fd.content.severity, ui)).style(sev_style),
                        Cell::from(title),
                        Cell::from(fd.content.items.join(", ")),
                        Cell::from(fd.content.nips.len().to_string()),
                        Cell::from(format!(
                            "{} {}",
                            fd.status().number(),
                            short_status(fd.status(), ui)
                        )),
                        Cell::from(due),
                    ]
                } else {
                    vec![
                        Cell::from(severity_label(fd.content.severity, ui)).style(sev_style),
                        Cell::from(title),
                        Cell::from(fd.status().number().to_string()),
                        Cell::from(due),
                    ]
                };
                Row::new(cells).style(style)
            })
            .collect();
        let (header, widths) = if wide {
            (
                vec![
                    t.t("findings.col_severity"),
                    t.t("findings.col_title"),
                    t.t("findings.col_items"),
                    t.t("findings.col_asn"),
                    t.t("findings.col_followup"),
                    t.t("findings.col_due"),
                ],
                vec![
                    Constraint::Length(9),
                    Constraint::Min(16),
                    Constraint::Length(14),
                    Constraint::Length(4),
                    Constraint::Length(17),
                    Constraint::Length(12),
                ],
            )
        } else {
            (
                vec![
                    t.t("findings.col_severity"),
                    t.t("findings.col_title"),
                    t.t("findings.col_followup_code"),
                    t.t("findings.col_due"),
                ],
                vec![
                    Constraint::Length(9),
                    Constraint::Min(10),
                    Constraint::Length(3),
                    Constraint::Length(12),
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
        let Some(fd) = self.selected() else {
            f.render_widget(block, area);
            return;
        };
        let offset = self.pane.offset(Some(&fd.id));
        pane::draw(f, area, block, self.detail_lines(ui), offset, ui, &KEYS);
    }

    /// The selected finding, line by line: what the detail pane shows and scrolls through.
    /// Each recommendation of a finding: its number, code and text, then its status, due date,
    /// responsible official and value, then what the auditee reported and its verification.
    fn recommendation_lines(&self, fd: &Finding, ui: &Ui) -> Vec<Line<'static>> {
        let th = &ui.theme;
        let t = &ui.t;
        let audit = &self.view.summary.audit;
        let recs = &fd.content.recommendations;
        let mut lines = Vec::new();
        if recs.len() > 1 {
            lines.push(Line::from(Span::styled(
                format!("{}:", t.t("finding.rekomendasi")),
                th.accent,
            )));
        }
        for r in recs {
            if recs.len() > 1 {
                lines.extend(pane::text_lines(
                    None,
                    &format!("{}. {}", r.no, r.text),
                    th.accent,
                    th.base,
                ));
            } else {
                lines.extend(pane::text_lines(
                    Some(t.t("finding.rekomendasi")),
                    &r.text,
                    th.accent,
                    th.base,
                ));
            }
            let h = fd.history(r.no);
            let mut facts = vec![followup_label(h.status(), ui)];
            if !r.code.is_empty() {
                facts.push(t.f("findings.rec_code", &[("code", &r.code)]));
            }
            if let Some(due) = crate::app::followup_due(audit, fd, r.no) {
                facts.push(t.f("findings.due", &[("date", &t.date_short(due))]));
            }
            if !r.official.is_empty() {
                let who = r.official.label();
                facts.push(t.f("findings.rec_official", &[("who", &who)]));
            }
            if let Some(v) = r.value {
                facts.push(t.f(
                    "findings.rec_value",
                    &[
                        ("value", &t.rupiah(v)),
                        ("returned", &t.rupiah(h.returned())),
                    ],
                ));
            }
            lines.push(Line::from(Span::styled(
                format!("   {}", facts.join(" · ")),
                th.muted,
            )));
            for (i, e) in h.entries_by_date().iter().enumerate() {
                let verdict = match h.verification_of(e.id) {
                    Some(v) => t.f(
                        match v.verdict() {
                            crate::domain::tlhp::Verdict::Rejected => "findings.entry_rejected",
                            _ => "findings.entry_accepted",
                        },
                        &[("n", &v.status.number())],
                    ),
                    None => t.t("findings.entry_unverified").to_string(),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("   {}. {} ", i + 1, t.date_short(e.date)), th.muted),
                    Span::raw(e.action.clone()),
                    Span::styled(format!(" — {verdict}"), th.muted),
                ]));
            }
            if let Some(v) = h.verifications.iter().find(|v| v.entry.is_none()) {
                if !v.reason.is_empty() {
                    lines.extend(pane::text_lines(
                        Some(t.t("findings.fu_note_label")),
                        &v.reason,
                        th.accent,
                        th.base,
                    ));
                }
            }
        }
        lines
    }

    fn detail_lines<'a>(&'a self, ui: &'a Ui) -> Vec<Line<'a>> {
        let th = &ui.theme;
        let t = &ui.t;
        let Some(fd) = self.selected() else {
            return Vec::new();
        };
        // each line of a text is its own line (a list, a second paragraph), wrapped in the pane
        let field =
            |label: &str, text: &str| pane::text_lines(Some(label), text, th.accent, th.base);
        let items: Vec<String> = fd
            .content
            .items
            .iter()
            .map(|code| {
                match self
                    .view
                    .items
                    .iter()
                    .find(|i| i.item.code == *code)
                    .map(|i| i.item.text.as_str())
                {
                    Some(text) => format!("{code} {text}"),
                    None => code.clone(),
                }
            })
            .collect();
        let mut lines = vec![Line::from(Span::styled(
            fd.content.title.clone(),
            th.base.add_modifier(Modifier::BOLD),
        ))];
        if let Some(n) = self.marks.finding(&fd.id) {
            lines.push(conflict_line(n, &ui.key(&KEYS, Action::GoConflicts), ui));
        }
        if let Some(r) = self.repeats.iter().find(|r| r.finding == fd.id) {
            lines.push(Line::from(Span::styled(
                t.f(
                    "findings.repeat",
                    &[
                        ("title", &r.earlier_title),
                        ("audit", &r.earlier_audit_title),
                        ("date", &t.date_short(r.date)),
                    ],
                ),
                th.warn,
            )));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("finding.severity")), th.accent),
            Span::styled(
                severity_label(fd.content.severity, ui),
                severity_style(fd.content.severity, th),
            ),
            Span::styled(format!("   {}: ", t.t("findings.items")), th.accent),
            Span::raw(if items.is_empty() {
                "—".to_string()
            } else {
                items.join("; ")
            }),
        ]));
        let summary = followup_summary(&self.view.summary.audit, fd);
        let mut followup = vec![
            Span::styled(format!("{}: ", t.t("findings.followup")), th.accent),
            Span::raw(followup_label(summary.status, ui)),
        ];
        if let Some(due) = summary.due {
            followup.push(Span::raw(format!(
                " · {}",
                t.f("findings.due", &[("date", &t.date_short(due))])
            )));
        }
        lines.push(Line::from(followup));
        if !fd.content.code.is_empty() || !fd.content.cause_code.is_empty() {
            let none = || "—".to_string();
            let code = |c: &str| if c.is_empty() { none() } else { c.to_string() };
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", t.t("finding.code")), th.accent),
                Span::raw(code(&fd.content.code)),
                Span::styled(format!(" · {}: ", t.t("finding.cause_code")), th.accent),
                Span::raw(code(&fd.content.cause_code)),
            ]));
        }
        let mut asn = vec![Span::styled(format!("{}: ", t.t("finding.asn")), th.accent)];
        if fd.content.nips.is_empty() {
            asn.push(Span::styled(t.t("findings.asn_none"), th.muted));
        }
        for (k, nip) in fd.content.nips.iter().enumerate() {
            if k > 0 {
                asn.push(Span::raw("; "));
            }
            match self.names.get(nip.as_str()) {
                Some(name) => asn.push(Span::raw(format!("{name} ({nip})"))),
                None => asn.push(Span::styled(
                    format!("{nip} — {}", t.t("findings.not_on_roster")),
                    th.warn,
                )),
            }
        }
        lines.push(Line::from(asn));
        for (label, text) in [
            ("finding.kondisi", &fd.content.kondisi),
            ("finding.kriteria", &fd.content.kriteria),
            ("finding.sebab", &fd.content.sebab),
            ("finding.akibat", &fd.content.akibat),
        ] {
            lines.extend(field(t.t(label), text));
        }
        lines.extend(self.recommendation_lines(fd, ui));
        if fd.content.tanggapan.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", t.t("finding.tanggapan")), th.accent),
                Span::styled(t.t("findings.no_tanggapan"), th.muted),
            ]));
        } else {
            lines.extend(field(t.t("finding.tanggapan"), &fd.content.tanggapan));
        }
        lines
    }
}

/// The detail pane's frame.
fn detail_block(ui: &Ui) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border_focus)
        .title(Span::styled(
            format!(" {} ", ui.t.t("findings.detail")),
            ui.theme.title,
        ))
}

/// Whether every query word is found in one word of `hay` (both lower case): as a substring, or
/// fuzzily with letters left out (`maklmat` finds `maklumat`). Matching within one word, not across
/// the whole text, keeps scattered letters of a long title from matching.
fn matches_words(hay: &str, words: &[&str]) -> bool {
    words.iter().all(|w| {
        hay.split_whitespace()
            .any(|token| token.contains(w) || is_subsequence(w, token))
    })
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut rest = hay.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// The short word after the status code in the list.
fn short_status(s: FollowUpStatus, ui: &Ui) -> &str {
    match s {
        FollowUpStatus::Sesuai => ui.t.t("findings.fu_short_1"),
        FollowUpStatus::BelumSesuai => ui.t.t("findings.fu_short_2"),
        FollowUpStatus::BelumDitindaklanjuti => ui.t.t("findings.fu_short_3"),
        FollowUpStatus::TidakDapat => ui.t.t("findings.fu_short_4"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_views_round_trip_and_unknown_ones_are_refused() {
        let v = SavedView {
            sort: Sort::FollowUp,
            filter: Filter::Severity(Severity::High),
            query: "blangko | KTP".into(),
        };
        assert_eq!(v.encode(), "followup|high|blangko | KTP");
        assert_eq!(SavedView::decode(&v.encode()), Some(v));
        for f in Filter::ALL {
            for s in Sort::ALL {
                let v = SavedView {
                    sort: s,
                    filter: f,
                    query: String::new(),
                };
                assert_eq!(SavedView::decode(&v.encode()), Some(v));
            }
        }
        assert_eq!(SavedView::decode("later|all|x"), None);
        assert_eq!(SavedView::decode("newest"), None);
        assert!(SavedView::decode("severity|all|").is_some_and(|v| v.is_default()));
    }

    #[test]
    fn search_words_match_within_one_word() {
        let hay = "waktu penyelesaian ktp-el sp-06 197101282002022001 yanti anggraeni";
        assert!(matches_words(hay, &["ktp"]));
        assert!(matches_words(hay, &["19710128", "yanti"]));
        assert!(matches_words(hay, &["angrani"]), "letters left out");
        assert!(!matches_words(hay, &["skm"]), "s…k…m only across words");
        assert!(!matches_words(hay, &["ktp", "maklumat"]), "every word");
        assert!(is_subsequence("", "x") && !is_subsequence("ba", "ab"));
    }

    #[test]
    fn sort_and_filter_cycle_through_every_choice() {
        let mut s = Sort::default();
        let mut f = Filter::default();
        for _ in 0..Sort::ALL.len() {
            s = s.next();
        }
        for _ in 0..Filter::ALL.len() {
            f = f.next();
        }
        assert_eq!((s, f), (Sort::Severity, Filter::All));
        assert_eq!(Filter::All.next(), Filter::Severity(Severity::High));
        assert!(is_open(FollowUpStatus::BelumSesuai) && !is_open(FollowUpStatus::TidakDapat));
    }
}

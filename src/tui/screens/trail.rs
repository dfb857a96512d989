//! The trail: every event newest first, filtered by audit, auditor, kind and dates, a detail pane
//! with what the event changed (before → after), the verified state of each device chain, and an
//! audit as it stood at a chosen event ("as of").

use std::collections::HashMap;
use std::time::Instant;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{
    describe_in, App, AppError, AsOfView, Change, ChangeLine, DateRange, Field, RangeError,
    Value as FieldValue, CHANGE_WALK_MAX, MAX_VIEWS,
};
use crate::app::{short_hash, Event, EventFilter, EventPos, Kind, Payload, VerifyReport};
use crate::domain::model::Audit;
use crate::domain::Id;
use crate::present::short_id;
use crate::tui::action::Action;
use crate::tui::i18n::Lang;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV, SAVED_VIEWS};
use crate::tui::widgets::list::{ListState, PAGE as LIST_PAGE};
use crate::tui::widgets::pane::{self, PaneScroll};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::worker::{self, JobResult};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::{answer_glyph, bar};

/// Events fetched at a time; more are fetched when the cursor comes within [`PREFETCH`] rows of
/// the end of what is loaded.
const PAGE: usize = 200;
const PREFETCH: usize = 40;

/// Fields an event left unchanged fold into one line from this many on (one line for one field
/// would save nothing).
const FOLD_MIN: usize = 2;

/// Where the trail's saved views live in `settings.toml`.
const VIEWS_KEY: &str = "trail";

pub(crate) static KEYS: Layer = layer(
    "trail",
    &[
        bind(&["f"], Action::CycleFilter),
        bind(&["a"], Action::AsOf),
        bind(&["Enter"], Action::Open),
        quiet(&["Ctrl-l"], Action::ClearFilter),
        quiet(&["u"], Action::ToggleUnchanged),
        quiet(&["R"], Action::Rebuild),
        // the event detail scrolls with PageUp/PageDown; the list pages with Ctrl-u/Ctrl-d
        quiet(&["PageDown"], Action::ScrollDetailDown),
        quiet(&["PageUp"], Action::ScrollDetailUp),
    ],
);

pub(crate) static AS_OF_KEYS: Layer = layer("as_of", &[]);

/// The i18n key of an event kind's name.
pub fn kind_key(k: Kind) -> &'static str {
    match k {
        Kind::DeviceRegistered => "trail.kind_device",
        Kind::Unknown => "trail.kind_unknown",
        Kind::ProfileAdded => "trail.kind_profile",
        Kind::AgencyUpserted => "trail.kind_agency",
        Kind::EmployeeUpserted => "trail.kind_employee",
        Kind::TemplateImported => "trail.kind_template",
        Kind::AuditCreated => "trail.kind_audit",
        Kind::ResponseRecorded => "trail.kind_response",
        Kind::PhaseChanged => "trail.kind_phase",
        Kind::SignedOff => "trail.kind_signoff",
        Kind::FindingRaised => "trail.kind_finding",
        Kind::FindingUpdated => "trail.kind_finding_updated",
        Kind::ConflictResolved => "trail.kind_conflict_resolved",
        Kind::FileImported => "trail.kind_file_imported",
        Kind::FollowUpRecorded => "trail.kind_followup",
        Kind::RatingRecommended => "trail.kind_rating",
        Kind::RatingUpdated => "trail.kind_rating_updated",
        Kind::RatingWithdrawn => "trail.kind_rating_withdrawn",
        Kind::FindingWithdrawn => "trail.kind_finding_withdrawn",
        Kind::SignOffWithdrawn => "trail.kind_signoff_withdrawn",
        Kind::ResponseCorrected => "trail.kind_response_corrected",
        Kind::TemplateLimits => "trail.kind_template_limits",
        Kind::EngagementSet => "trail.kind_engagement",
        Kind::TemplateDefaults => "trail.kind_template_defaults",
        Kind::FollowUpReported => "trail.kind_followup_reported",
        Kind::FollowUpVerified => "trail.kind_followup_verified",
        Kind::TemplateComputed => "trail.kind_template_computed",
        Kind::SurveyRecorded => "trail.kind_survey",
    }
}

/// The i18n key of a field's label in the before → after lines.
pub fn field_key(f: Field) -> &'static str {
    match f {
        Field::Name => "trail.field_name",
        Field::Key => "trail.field_key",
        Field::Nip => "trail.field_nip",
        Field::Role => "trail.field_role",
        Field::Region => "trail.field_region",
        Field::Position => "trail.field_position",
        Field::Unit => "trail.field_unit",
        Field::Agency => "trail.field_agency",
        Field::Checklist => "trail.field_checklist",
        Field::Version => "trail.field_version",
        Field::Items => "trail.field_items",
        Field::Title => "trail.field_title",
        Field::Letter => "trail.field_letter",
        Field::Period => "trail.field_period",
        Field::Phase => "trail.field_phase",
        Field::Reason => "trail.field_reason",
        Field::SignOff => "trail.field_signoff",
        Field::Answer => "trail.field_answer",
        Field::Note => "trail.field_note",
        Field::Evidence => "trail.field_evidence",
        Field::Severity => "trail.field_severity",
        Field::Kondisi => "trail.field_kondisi",
        Field::Kriteria => "trail.field_kriteria",
        Field::Sebab => "trail.field_sebab",
        Field::Akibat => "trail.field_akibat",
        Field::Rekomendasi => "trail.field_rekomendasi",
        Field::Tanggapan => "trail.field_tanggapan",
        Field::Asn => "trail.field_asn",
        Field::FollowUpStatus => "trail.field_followup_status",
        Field::FollowUpNote => "trail.field_followup_note",
        Field::Due => "trail.field_due",
        Field::Code => "trail.field_code",
        Field::CauseCode => "trail.field_cause_code",
        Field::Recommendation => "trail.field_recommendation",
        Field::Entry => "trail.field_entry",
        Field::EntryDate => "trail.field_entry_date",
        Field::Returned => "trail.field_returned",
        Field::Rating => "trail.field_rating",
        Field::Justification => "trail.field_justification",
        Field::Action => "trail.field_action",
        Field::Withdrawn => "trail.field_withdrawn",
        Field::Assignment
        | Field::Basis
        | Field::Objective
        | Field::Scope
        | Field::Limitations
        | Field::Methods
        | Field::Planned
        | Field::Actual
        | Field::Overview
        | Field::Conclusion
        | Field::Team
        | Field::Report => f.label_key(),
    }
}

/// A field value in the UI's language, on one line.
pub(crate) fn value_text(v: &FieldValue, ui: &Ui) -> String {
    crate::present::field_value(v, &ui.t)
}

/// What the selected event changed, looked up once per selection.
struct Detail {
    pos: EventPos,
    change: Change,
    device: Option<(String, String)>,
}

/// The chain check, run on demand (on the worker thread) and kept until the next run.
enum Chains {
    NotRun,
    Waiting,
    Running,
    Done { report: VerifyReport, ms: u128 },
    Failed(String),
}

pub struct Trail {
    filter: EventFilter,
    range: DateRange,
    rows: Vec<Event>,
    /// Whether older events may remain to be fetched.
    more: bool,
    list: ListState,
    names: HashMap<Id, String>,
    audits: Vec<(Id, String)>,
    detail: Option<Detail>,
    chains: Chains,
    /// How far the event detail is scrolled, for which event.
    pane: PaneScroll<EventPos>,
    /// Whether the detail lists the fields an event left unchanged (folded into one line if not).
    show_unchanged: bool,
    /// A rebuild of the data from the journal asked for (`R`), not yet handed to the worker.
    rebuild: bool,
    /// A rebuild on the worker: the chain line shows how far it has got.
    rebuilding: bool,
}

/// What a job of the trail hands back.
enum Finished {
    /// The verification's report and how long it took.
    Verify(Result<VerifyReport, AppError>, u128),
    /// The rebuild: the saves re-applied.
    Rebuild(Result<usize, AppError>),
}

impl Trail {
    /// The trail of the whole store, or of one audit.
    pub fn new(app: &App, audit: Option<Id>) -> Result<Trail, AppError> {
        let mut s = Trail {
            filter: EventFilter {
                audit,
                ..Default::default()
            },
            range: DateRange::default(),
            rows: Vec::new(),
            more: true,
            list: ListState::default(),
            names: HashMap::new(),
            audits: Vec::new(),
            detail: None,
            chains: Chains::NotRun,
            pane: PaneScroll::default(),
            show_unchanged: false,
            rebuild: false,
            rebuilding: false,
        };
        s.refresh(app)?;
        Ok(s)
    }

    fn has_filter(&self) -> bool {
        self.filter.audit.is_some()
            || self.filter.actor.is_some()
            || self.filter.kind.is_some()
            || !self.range.is_empty()
    }

    /// Fetch the first page for the current filter.
    fn reload(&mut self, app: &App) -> Result<(), AppError> {
        let (since, until) = self.range.bounds_ms();
        self.filter.since_ms = since;
        self.filter.until_ms = until;
        self.rows = app.log_page(&self.filter, None, PAGE)?;
        self.more = self.rows.len() == PAGE;
        self.list.top();
        self.detail = None;
        self.follow();
        self.sync_detail(app)
    }

    /// The event under the cursor: the detail pane shows it.
    fn shown(&self) -> Option<EventPos> {
        self.rows.get(self.list.cursor()).map(EventPos::of)
    }

    /// After anything that may have moved the cursor: another event's detail starts at its top.
    fn follow(&mut self) {
        let shown = self.shown();
        self.pane.follow(shown.as_ref());
    }

    /// Scroll the event detail a page down or up, in the pane as drawn in `area`.
    fn scroll_detail(&mut self, down: bool, area: Rect, ui: &Ui) {
        let inner = detail_block(ui).inner(self.areas(area).2);
        let rows = pane::rows(self.detail_lines(ui, inner), inner.width);
        let shown = self.shown();
        self.pane.page(shown, down, rows, usize::from(inner.height));
    }

    /// Fetch the next page when the cursor nears the end of what is loaded.
    fn fetch_ahead(&mut self, app: &App) -> Result<(), AppError> {
        if !self.more || self.list.cursor() + PREFETCH < self.rows.len() {
            return Ok(());
        }
        let last = self.rows.last().map(EventPos::of);
        let page = app.log_page(&self.filter, last.as_ref(), PAGE)?;
        self.more = page.len() == PAGE;
        self.rows.extend(page);
        Ok(())
    }

    /// Look up what the selected event changed, once per selection.
    fn sync_detail(&mut self, app: &App) -> Result<(), AppError> {
        let Some(e) = self.rows.get(self.list.cursor()) else {
            self.detail = None;
            return Ok(());
        };
        let pos = EventPos::of(e);
        if self.detail.as_ref().is_some_and(|d| d.pos == pos) {
            return Ok(());
        }
        self.detail = Some(Detail {
            pos,
            change: app.change(e)?,
            device: app.device_label(&e.body.device)?,
        });
        Ok(())
    }

    fn moved(&mut self, cx: &mut Cx) {
        let r = self
            .fetch_ahead(cx.app)
            .and_then(|()| self.sync_detail(cx.app));
        if let Err(e) = r {
            cx.ui.error(e.message(&cx.ui.t));
        }
    }

    fn audit_title(&self, id: &Id) -> String {
        self.audits
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| short_id(id))
    }

    fn name(&self, id: &Id) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| short_id(id))
    }

    /// The filters in force, for the title.
    fn filter_text(&self, ui: &Ui) -> String {
        let t = &ui.t;
        let mut parts = Vec::new();
        if let Some(a) = &self.filter.audit {
            parts.push(format!(
                "{}: {}",
                t.t("trail.by_audit"),
                self.audit_title(a)
            ));
        }
        if let Some(a) = &self.filter.actor {
            parts.push(format!("{}: {}", t.t("trail.by_actor"), self.name(a)));
        }
        if let Some(k) = self.filter.kind {
            parts.push(format!("{}: {}", t.t("trail.by_kind"), t.t(kind_key(k))));
        }
        if !self.range.is_empty() {
            let d = |d: Option<chrono::NaiveDate>| d.map(|d| t.date_short(d)).unwrap_or_default();
            parts.push(format!(
                "{}: {}…{}",
                t.t("trail.by_dates"),
                d(self.range.from),
                d(self.range.to)
            ));
        }
        parts.join(" · ")
    }

    /// The filters as a saved view: `audit|actor|kind|from|to`, each empty when not set.
    fn encode_view(&self) -> String {
        let id = |i: Option<Id>| i.map(|i| i.to_string()).unwrap_or_default();
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!(
            "{}|{}|{}|{}|{}",
            id(self.filter.audit),
            id(self.filter.actor),
            self.filter.kind.map(Kind::code).unwrap_or_default(),
            day(self.range.from),
            day(self.range.to)
        )
    }

    /// A saved view's filters; `None` for text this version does not read.
    fn decode_view(text: &str) -> Option<(EventFilter, DateRange)> {
        let parts: Vec<&str> = text.split('|').collect();
        let [audit, actor, kind, from, to] = parts[..] else {
            return None;
        };
        // an empty part is "not set"; a part that does not read makes the whole view unreadable
        fn part<T>(s: &str, read: impl Fn(&str) -> Option<T>) -> Option<Option<T>> {
            if s.is_empty() {
                Some(None)
            } else {
                read(s).map(Some)
            }
        }
        let parse = |s: &str| s.parse().ok();
        Some((
            EventFilter {
                audit: part(audit, parse)?,
                actor: part(actor, parse)?,
                kind: part(kind, Kind::from_code)?,
                ..Default::default()
            },
            DateRange {
                from: part(from, |s| s.parse().ok())?,
                to: part(to, |s| s.parse().ok())?,
            },
        ))
    }

    fn recall(&mut self, n: usize, cx: &mut Cx) {
        let views = cx.app.saved_views(VIEWS_KEY);
        let Some(text) = views.get(n - 1).filter(|v| !v.is_empty()) else {
            let msg = cx.ui.t.f("findings.view_empty", &[("n", &n)]);
            cx.ui.error(msg);
            return;
        };
        let Some((filter, range)) = Self::decode_view(text) else {
            let msg = cx.ui.t.f("findings.view_bad", &[("n", &n)]);
            cx.ui.error(msg);
            return;
        };
        self.filter = filter;
        self.range = range;
        match self.reload(cx.app) {
            Ok(()) => {
                let desc = self.filter_text(cx.ui);
                let msg = cx
                    .ui
                    .t
                    .f("findings.view_recalled", &[("n", &n), ("desc", &desc)]);
                cx.ui.ok(msg);
            }
            Err(e) => cx.ui.error(e.message(&cx.ui.t)),
        }
    }

    fn save_view(&mut self, cx: &mut Cx) {
        if !self.has_filter() {
            let msg = cx.ui.t.f(
                "trail.view_default",
                &[("key", &cx.ui.key(&KEYS, Action::CycleFilter))],
            );
            cx.ui.error(msg);
            return;
        }
        let view = self.encode_view();
        let views = cx.app.saved_views(VIEWS_KEY);
        // the same filters saved again keep their number; otherwise the first free slot
        let slot = (1..=MAX_VIEWS)
            .find(|&n| views.get(n - 1) == Some(&view))
            .or_else(|| (1..=MAX_VIEWS).find(|&n| views.get(n - 1).is_none_or(|v| v.is_empty())));
        let Some(slot) = slot else {
            cx.ui.error(cx.ui.t.t("findings.view_full").to_string());
            return;
        };
        match cx.app.save_view(VIEWS_KEY, slot, &view) {
            Ok(()) => {
                let msg = cx.ui.t.f("findings.view_saved", &[("n", &slot)]);
                cx.ui.ok(msg);
            }
            Err(e) => cx.ui.error(e.message(&cx.ui.t)),
        }
    }

    fn clear_filters(&mut self, cx: &mut Cx) {
        self.filter = EventFilter::default();
        self.range = DateRange::default();
        if let Err(e) = self.reload(cx.app) {
            cx.ui.error(e.message(&cx.ui.t));
        }
    }

    fn filter_menu(&self, ui: &Ui) -> Outcome {
        let t = &ui.t;
        let items = vec![
            PickItem::new("audit", t.t("trail.by_audit")),
            PickItem::new("actor", t.t("trail.by_actor")),
            PickItem::new("kind", t.t("trail.by_kind")),
            PickItem::new("dates", t.t("trail.by_dates")),
            PickItem::new("clear", t.t("action.clear_filter")),
        ];
        Outcome::Popup(Popup::Picker(Box::new(Picker::new(
            "trail.filter",
            t.t("trail.filter_title").into(),
            items,
            false,
        ))))
    }

    fn filter_popup(&self, which: &str, cx: &mut Cx) -> Outcome {
        let t = &cx.ui.t;
        let picker = |purpose, title: &str, items| {
            Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                purpose,
                title.to_string(),
                items,
                false,
            ))))
        };
        match which {
            "audit" => picker(
                "trail.audit",
                t.t("trail.pick_audit"),
                self.audits
                    .iter()
                    .map(|(id, title)| {
                        PickItem::new(id.to_string(), format!("{title} ({})", short_id(id)))
                    })
                    .collect(),
            ),
            "actor" => {
                let mut names: Vec<(&Id, &String)> = self.names.iter().collect();
                names.sort_by(|a, b| a.1.cmp(b.1));
                picker(
                    "trail.actor",
                    t.t("trail.pick_actor"),
                    names
                        .into_iter()
                        .map(|(id, n)| PickItem::new(id.to_string(), n.clone()))
                        .collect(),
                )
            }
            "kind" => picker(
                "trail.kind",
                t.t("trail.pick_kind"),
                Kind::ALL
                    .iter()
                    .map(|k| {
                        PickItem::new(k.code(), format!("{} ({})", t.t(kind_key(*k)), k.code()))
                    })
                    .collect(),
            ),
            "dates" => {
                let current = match (self.range.from, self.range.to) {
                    (None, None) => String::new(),
                    (a, b) => format!(
                        "{}..{}",
                        a.map(|d| d.to_string()).unwrap_or_default(),
                        b.map(|d| d.to_string()).unwrap_or_default()
                    ),
                };
                Outcome::Popup(Popup::Input(Input::new(
                    "trail.dates",
                    t.t("trail.dates_title").into(),
                    t.t("trail.dates_prompt").into(),
                    &current,
                )))
            }
            _ => Outcome::None,
        }
    }

    fn as_of(&self, cx: &mut Cx) -> Outcome {
        let Some(e) = self.rows.get(self.list.cursor()) else {
            return Outcome::None;
        };
        let Some(audit) = e.body.payload.audit().or(self.filter.audit) else {
            cx.ui.error(cx.ui.t.t("trail.as_of_no_audit").to_string());
            return Outcome::None;
        };
        // open on the item the event answered, if it was an answer
        let focus = match &e.body.payload {
            Payload::ResponseRecorded { item, .. } => Some(item.as_str().to_string()),
            _ => None,
        };
        Outcome::Open(Intent::OpenAsOf {
            audit,
            device: e.body.device,
            seq: e.body.seq,
            focus,
        })
    }
}

impl Screen for Trail {
    fn title(&self, ui: &Ui) -> String {
        ui.t.t("trail.screen").into()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV, &SAVED_VIEWS]
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.names = app
            .profiles()?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut audits: Vec<Audit> = app.audit_records()?;
        audits.sort_by_key(|a| std::cmp::Reverse(a.updated_at));
        self.audits = audits.into_iter().map(|a| (a.id, a.title)).collect();
        self.reload(app)
    }

    fn back(&mut self, cx: &mut Cx) -> Outcome {
        if self.has_filter() {
            self.clear_filters(cx);
            return Outcome::None;
        }
        Outcome::Pop
    }

    fn has_work(&self) -> bool {
        self.rebuild || matches!(self.chains, Chains::Waiting)
    }

    fn take_job(&mut self) -> Option<worker::Job> {
        if self.rebuild {
            self.rebuild = false;
            self.rebuilding = true;
            return Some(worker::Job::new(|app, p| {
                JobResult::new(Finished::Rebuild(app.rebuild_with(&mut |s| p.step(s))))
            }));
        }
        if !matches!(self.chains, Chains::Waiting) {
            return None;
        }
        self.chains = Chains::Running;
        Some(worker::Job::new(|app, p| {
            let started = Instant::now();
            let report = app.verify_with(&mut |s| p.step(s));
            JobResult::new(Finished::Verify(report, started.elapsed().as_millis()))
        }))
    }

    fn job_done(&mut self, result: JobResult, cx: &mut Cx) {
        // the job this screen made hands back what it did
        let Some(finished) = result.take::<Finished>() else {
            return;
        };
        self.rebuilding = false;
        let (verified, ms) = match finished {
            Finished::Verify(verified, ms) => (verified, ms),
            Finished::Rebuild(Ok(saves)) => {
                // the data were replaced: what was shown is read again, and any earlier
                // verification no longer describes them
                self.chains = Chains::NotRun;
                if let Err(e) = self.reload(cx.app) {
                    cx.ui.error(e.message(&cx.ui.t));
                    return;
                }
                cx.ui.ok(cx
                    .ui
                    .t
                    .f("trail.rebuilt", &[("n", &cx.ui.t.count(saves as u64))]));
                return;
            }
            Finished::Rebuild(Err(e)) => {
                cx.ui.error(e.message(&cx.ui.t));
                return;
            }
        };
        self.chains = match verified {
            Ok(report) => {
                if report.ok() {
                    cx.ui.ok(cx.ui.t.f(
                        "trail.verified_status",
                        &[("n", &report.events), ("ms", &ms)],
                    ));
                } else {
                    let key = cx.ui.key(&KEYS, Action::Rebuild);
                    cx.ui.error(cx.ui.t.f(
                        "trail.broken_status",
                        &[("n", &report.problems.len().to_string()), ("key", &key)],
                    ));
                }
                Chains::Done { report, ms }
            }
            Err(e) => {
                let msg = e.message(&cx.ui.t);
                cx.ui.error(msg.clone());
                Chains::Failed(msg)
            }
        };
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
        let (status, list, detail) = self.areas(area);
        self.draw_chain_line(f, status, ui);
        self.draw_list(f, list, ui);
        self.draw_detail(f, detail, ui);
    }
}

impl Trail {
    /// One action (the trait's `update`, before the detail pane follows the cursor).
    fn act(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.rows.len();
        match action {
            Action::Back => return Outcome::Pop,
            a if ListState::moves(a) => {
                self.list.handle(a, n, LIST_PAGE);
            }
            Action::CycleFilter => return self.filter_menu(cx.ui),
            Action::ClearFilter => self.clear_filters(cx),
            Action::RecallView(k) if (1..=MAX_VIEWS).contains(&usize::from(k)) => {
                self.recall(usize::from(k), cx)
            }
            Action::SaveView => self.save_view(cx),
            Action::AsOf => return self.as_of(cx),
            Action::ToggleUnchanged => {
                self.show_unchanged = !self.show_unchanged;
                return Outcome::None;
            }
            Action::ScrollDetailDown | Action::ScrollDetailUp => {
                self.scroll_detail(action == Action::ScrollDetailDown, cx.area, cx.ui);
                return Outcome::None;
            }
            Action::Open => {
                self.chains = Chains::Waiting;
                cx.ui.ok(cx.ui.t.t("trail.verifying").to_string());
                return Outcome::None;
            }
            Action::Rebuild => {
                self.rebuild = true;
                cx.ui.ok(cx.ui.t.t("trail.rebuilding").to_string());
                return Outcome::None;
            }
            _ => return Outcome::None,
        }
        self.moved(cx);
        Outcome::None
    }

    /// What a popup handed back (the trait's `on_result`, before the pane follows the cursor).
    fn popup_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let picked = |v: &Value| match v {
            Value::Picked(ids) => ids.first().cloned(),
            _ => None,
        };
        match r.purpose {
            "trail.filter" => match picked(&r.value).as_deref() {
                Some("clear") => {
                    self.clear_filters(cx);
                    return Outcome::None;
                }
                Some(which) => return self.filter_popup(which, cx),
                None => return Outcome::None,
            },
            "trail.audit" => {
                self.filter.audit = picked(&r.value).and_then(|s| s.parse().ok());
            }
            "trail.actor" => {
                self.filter.actor = picked(&r.value).and_then(|s| s.parse().ok());
            }
            "trail.kind" => {
                self.filter.kind = picked(&r.value).and_then(|s| Kind::from_code(&s));
            }
            "trail.dates" => {
                let Value::Text(text) = &r.value else {
                    return Outcome::None;
                };
                match DateRange::parse(text) {
                    Ok(range) => self.range = range,
                    // refused in the range's own input, with the text kept for mending
                    Err(RangeError::NotADate(part)) => {
                        return Outcome::Reject(cx.ui.t.f("trail.bad_date", &[("value", &part)]));
                    }
                    Err(RangeError::Backwards) => {
                        return Outcome::Reject(cx.ui.t.t("trail.backwards").to_string());
                    }
                }
            }
            _ => return Outcome::None,
        }
        if let Err(e) = self.reload(cx.app) {
            return cx.fail(e);
        }
        if self.rows.is_empty() {
            cx.ui.ok(cx.ui.t.t("trail.none_match").to_string());
        }
        Outcome::None
    }
}

impl Trail {
    /// The chain line, the list and the event detail in `area`: the detail beside the list on a
    /// wide terminal, under it otherwise.
    fn areas(&self, area: Rect) -> (Rect, Rect, Rect) {
        let [status, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let [list, detail] = if main.width >= 140 {
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(main)
        } else {
            Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(main)
        };
        (status, list, detail)
    }

    fn draw_chain_line(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let label = Span::styled(format!("{} ", t.t("trail.chains")), th.accent);
        let rest = match &self.chains {
            _ if self.rebuilding => Span::styled(
                ui.job_line()
                    .unwrap_or_else(|| t.t("trail.rebuilding").to_string()),
                th.warn,
            ),
            Chains::NotRun => Span::styled(
                t.f(
                    "trail.chains_not_run",
                    &[("key", &ui.key(&KEYS, Action::Open))],
                ),
                th.muted,
            ),
            Chains::Waiting => Span::styled(t.t("trail.verifying"), th.warn),
            // how far it has got, once it tells
            Chains::Running => Span::styled(
                ui.job_line()
                    .unwrap_or_else(|| t.t("trail.verifying").to_string()),
                th.warn,
            ),
            Chains::Failed(e) => Span::styled(format!("✗ {e}"), th.error),
            Chains::Done { report, .. } => {
                let broken = report
                    .chains
                    .iter()
                    .filter(|c| c.broken_at.is_some())
                    .count();
                if report.ok() {
                    Span::styled(
                        t.f(
                            "trail.chains_ok",
                            &[("n", &report.chains.len()), ("events", &report.events)],
                        ),
                        th.ok,
                    )
                } else {
                    Span::styled(
                        t.f(
                            "trail.chains_bad",
                            &[("broken", &broken), ("problems", &report.problems.len())],
                        ),
                        th.error,
                    )
                }
            }
        };
        f.render_widget(Paragraph::new(Line::from(vec![label, rest])), area);
    }

    fn draw_list(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let count = if self.more {
            format!("{}+", self.rows.len())
        } else {
            self.rows.len().to_string()
        };
        let mut title = format!(" {} ({count}) ", t.t("trail.screen"));
        let filters = self.filter_text(ui);
        if !filters.is_empty() {
            title.push_str(&format!("[{filters}] "));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(title, th.title));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.rows.is_empty() {
            f.render_widget(
                Paragraph::new(t.t("trail.empty"))
                    .style(th.muted)
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        let width = inner.width as usize;
        // narrower terminals drop the audit, then the auditor column
        let show_audit = width >= 100 && self.filter.audit.is_none();
        let show_actor = width >= 72;
        let kind_w = if width >= 90 { 20 } else { 16 };
        let shown = self.list.window(inner.height as usize, self.rows.len());
        let start = shown.start;
        let lines: Vec<Line> = self.rows[shown]
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let style = if start + k == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                let mut text = format!(
                    "{:<17} {:<kind_w$} ",
                    t.datetime(e.at()),
                    cut(t.t(kind_key(e.kind())), kind_w)
                );
                if show_actor {
                    text.push_str(&format!("{:<14} ", cut(&self.name(&e.body.actor), 14)));
                }
                if show_audit {
                    let a = e
                        .body
                        .payload
                        .audit()
                        .map(|a| self.audit_title(&a))
                        .unwrap_or_default();
                    text.push_str(&format!("{:<16} ", cut(&a, 16)));
                }
                text.push_str(&describe_in(e, t));
                Line::from(Span::styled(cut(&text, width), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_detail(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = detail_block(ui);
        if self.rows.get(self.list.cursor()).is_none() {
            f.render_widget(block, area);
            return;
        }
        let inner = block.inner(area);
        let offset = self.pane.offset(self.shown().as_ref());
        pane::draw(
            f,
            area,
            block,
            self.detail_lines(ui, inner),
            offset,
            ui,
            &KEYS,
        );
    }

    /// The selected event, line by line, for a pane whose text area is `inner`: what the detail
    /// shows and scrolls through.
    fn detail_lines<'a>(&'a self, ui: &'a Ui, inner: Rect) -> Vec<Line<'a>> {
        let th = &ui.theme;
        let t = &ui.t;
        let Some(e) = self.rows.get(self.list.cursor()) else {
            return Vec::new();
        };
        let width = inner.width as usize;
        // on a short pane, the before → after lines go straight under who did it
        let tight = inner.height < 10;
        let b = &e.body;
        let kv = |k: &str, v: String| -> Line<'static> {
            Line::from(vec![
                Span::styled(format!("{k}: "), th.accent),
                Span::styled(
                    cut(&v, width.saturating_sub(k.chars().count() + 2)),
                    th.base,
                ),
            ])
        };
        let mut lines = Vec::new();
        let change = self.detail.as_ref().filter(|d| d.pos == EventPos::of(e));
        lines.push(kv(
            t.t("trail.kind"),
            format!(
                "{} ({}) · {}",
                t.t(kind_key(e.kind())),
                e.kind().code(),
                t.datetime(e.at())
            ),
        ));
        lines.push(kv(t.t("trail.actor"), self.name(&b.actor)));
        if let Some(a) = b.payload.audit().filter(|_| !tight) {
            lines.push(kv(t.t("trail.audit"), self.audit_title(&a)));
        }
        // what changed comes first: it is what the reader is after
        if !tight {
            lines.push(Line::from(Span::styled(
                t.t("trail.before_after"),
                th.title,
            )));
        }
        if let Some(d) = change {
            if !tight && d.change.previous_missing() {
                lines.push(Line::from(Span::styled(
                    t.f("trail.previous_missing", &[("n", &CHANGE_WALK_MAX)]),
                    th.warn,
                )));
            } else if let Some(p) = d.change.previous.as_ref().filter(|_| !tight) {
                lines.push(Line::from(Span::styled(
                    t.f(
                        "trail.previous",
                        &[
                            ("at", &t.datetime(p.at())),
                            ("who", &self.name(&p.body.actor)),
                        ],
                    ),
                    th.muted,
                )));
            }
            let line = |l: &ChangeLine| {
                let (mark, style) = if l.changed() {
                    ("● ", th.accent)
                } else {
                    ("  ", th.muted)
                };
                let mut spans = vec![
                    Span::styled(mark, style),
                    Span::styled(format!("{}: ", t.t(field_key(l.field))), th.accent),
                ];
                // a field left as it was shows its value once
                if let Some(before) = l.before.as_ref().filter(|_| l.changed()) {
                    spans.push(Span::styled(value_text(before, ui), th.muted));
                    spans.push(Span::styled(" → ", th.accent));
                }
                spans.push(Span::styled(value_text(&l.after, ui), th.base));
                Line::from(spans)
            };
            // what changed first; what stayed as it was folds into one line a key opens
            let (changed, same) = d.change.changed_first();
            lines.extend(changed.into_iter().map(line));
            if same.len() >= FOLD_MIN {
                let key = if self.show_unchanged {
                    "trail.unchanged_shown"
                } else {
                    "trail.unchanged_folded"
                };
                lines.push(Line::from(Span::styled(
                    t.f(
                        key,
                        &[
                            ("n", &same.len()),
                            ("key", &ui.key(&KEYS, Action::ToggleUnchanged)),
                        ],
                    ),
                    th.muted,
                )));
            }
            if same.len() < FOLD_MIN || self.show_unchanged {
                lines.extend(same.into_iter().map(line));
            }
        }
        lines.push(Line::from(""));
        let device = match change.and_then(|d| d.device.as_ref()) {
            Some((name, fp)) => {
                format!("{} {name} · {} {fp}", short_id(&b.device), t.t("trail.key"))
            }
            None => format!("{} ({})", short_id(&b.device), t.t("trail.unregistered")),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("trail.device")), th.accent),
            Span::styled(
                format!("{device} · {} {}", t.t("trail.seq"), b.seq),
                th.base,
            ),
        ]));
        lines.push(kv(t.t("trail.id"), b.id.to_string()));
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("trail.hashes")), th.accent),
            Span::styled(
                format!(
                    "{} {} · {} {} · {} {}",
                    t.t("trail.content_hash"),
                    short_hash(&e.content_hash),
                    t.t("trail.prev_hash"),
                    short_hash(&e.prev_hash),
                    t.t("trail.hash"),
                    short_hash(&e.hash)
                ),
                th.base,
            ),
        ]));
        lines.push(kv(
            t.t("trail.base"),
            match &b.base {
                Some(h) => short_hash(h),
                None => format!("— ({})", t.t("trail.base_none")),
            },
        ));
        if let Chains::Done { report, ms } = &self.chains {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                t.f("trail.chains_title", &[("ms", ms)]),
                th.title,
            )));
            for c in &report.chains {
                let (text, style) = match c.broken_at {
                    None => (t.f("trail.chain_ok", &[("n", &c.events)]), th.ok),
                    Some(n) => (t.f("trail.chain_broken", &[("n", &n)]), th.error),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", short_id(&c.device)), th.key),
                    Span::styled(text, style),
                ]));
            }
            if let Some(p) = report.problems.first() {
                lines.push(Line::from(Span::styled(
                    format!(
                        "{}: {}",
                        t.t("trail.first_problem"),
                        crate::app::verify_problem_message(p, t)
                    ),
                    th.error,
                )));
            }
        }
        lines
    }
}

/// The event detail's frame.
fn detail_block(ui: &Ui) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border_focus)
        .title(Span::styled(
            format!(" {} ", ui.t.t("trail.detail")),
            ui.theme.title,
        ))
}

/// An audit as it stood at a chosen event: read only.
pub struct AsOf {
    view: AsOfView,
    list: ListState,
}

impl AsOf {
    /// The view, with the cursor on item `focus` when given.
    pub fn new(view: AsOfView, focus: Option<&str>) -> AsOf {
        let at = focus
            .and_then(|code| view.items.iter().position(|i| i.item.code == code))
            .unwrap_or(0);
        AsOf {
            view,
            list: ListState::at(at),
        }
    }
}

impl Screen for AsOf {
    fn title(&self, ui: &Ui) -> String {
        format!(
            "{} — {}",
            ui.t.f("trail.as_of_title", &[("at", &ui.t.datetime(self.view.at))]),
            self.view.summary.audit.title
        )
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&AS_OF_KEYS, &LIST_NAV]
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.view.summary.audit)
    }

    fn update(&mut self, action: Action, _cx: &mut Cx) -> Outcome {
        let n = self.view.items.len();
        match action {
            Action::Back => return Outcome::Pop,
            a if ListState::moves(a) => {
                self.list.handle(a, n, LIST_PAGE);
            }
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let v = &self.view;
        let s = &v.summary;
        let [banner, stats, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(2),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(Span::styled(
                format!(
                    "⏲ {} · {} · {}",
                    t.f("trail.as_of_banner", &[("at", &t.datetime(v.at))]),
                    t.t("trail.read_only"),
                    t.f("trail.replayed", &[("n", &v.events)])
                ),
                th.warn,
            )),
            banner,
        );
        let score = s
            .compliance
            .percent()
            .map(|p| t.percent(p))
            .unwrap_or_else(|| "—".into());
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{} ", t.t("walk.progress")), th.accent),
                Span::styled(bar(s.progress.looked_at, s.progress.total, 12), th.gauge),
                Span::raw(format!(" {}/{}  ", s.progress.looked_at, s.progress.total)),
                Span::styled(format!("{} ", t.t("walk.score")), th.accent),
                Span::raw(format!("{score}  ")),
                Span::styled(format!("{} ", t.t("trail.findings")), th.accent),
                Span::raw(v.findings.len().to_string()),
            ])),
            stats,
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(format!(" {} ", t.t("walk.items")), th.title));
        let inner = block.inner(list);
        f.render_widget(block, list);
        let width = inner.width as usize;
        let shown = self.list.window(inner.height as usize, v.items.len());
        let start = shown.start;
        let lines: Vec<Line> = v.items[shown]
            .iter()
            .enumerate()
            .map(|(k, it)| {
                let answer = it.response.as_ref().and_then(|r| r.answer.as_ref());
                let (glyph, gstyle) = answer_glyph(answer, th);
                let label = match (answer, t.lang) {
                    (Some(a), Lang::Id) => a.label_id(),
                    (Some(a), Lang::En) => a.label_en(),
                    (None, _) => t.t("walk.unanswered").to_string(),
                };
                let note = it
                    .response
                    .as_ref()
                    .map(|r| r.note.lines().next().unwrap_or("").to_string())
                    .filter(|n| !n.is_empty())
                    .map(|n| format!(" · {n}"))
                    .unwrap_or_default();
                let style: Style = if start + k == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                Line::from(vec![
                    Span::styled(
                        format!(" {glyph} "),
                        if start + k == self.list.cursor() {
                            style
                        } else {
                            gstyle
                        },
                    ),
                    Span::styled(
                        cut(
                            &format!("{:<8} {label}{note}", it.item.code),
                            width.saturating_sub(3),
                        ),
                        style,
                    ),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// At most `width` characters, with an ellipsis when cut.
fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::i18n::Strings;

    #[test]
    fn every_kind_and_field_has_a_name_in_both_languages() {
        let fields = [
            Field::Name,
            Field::Key,
            Field::Nip,
            Field::Role,
            Field::Region,
            Field::Position,
            Field::Unit,
            Field::Agency,
            Field::Checklist,
            Field::Version,
            Field::Items,
            Field::Title,
            Field::Letter,
            Field::Period,
            Field::Phase,
            Field::Reason,
            Field::SignOff,
            Field::Answer,
            Field::Note,
            Field::Evidence,
            Field::Severity,
            Field::Kondisi,
            Field::Kriteria,
            Field::Sebab,
            Field::Akibat,
            Field::Rekomendasi,
            Field::Tanggapan,
            Field::Asn,
            Field::FollowUpStatus,
            Field::FollowUpNote,
            Field::Due,
            Field::Rating,
            Field::Justification,
            Field::Action,
            Field::Withdrawn,
        ];
        for lang in [Lang::Id, Lang::En] {
            let s = Strings::load(lang);
            for k in Kind::ALL {
                assert_ne!(s.t(kind_key(k)), kind_key(k), "{lang:?} {k:?}");
            }
            for fl in fields {
                assert_ne!(s.t(field_key(fl)), field_key(fl), "{lang:?} {fl:?}");
                // the command line finds a field's label by its code
                assert_eq!(field_key(fl), format!("trail.field_{}", fl.code()));
            }
        }
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    #[test]
    fn a_saved_trail_view_reads_back_and_a_damaged_one_does_not() {
        let (f, r) =
            Trail::decode_view("0192e4a0-94af-7511-8b8b-5653aee70b34||finding.raised|2026-01-01|")
                .unwrap();
        assert!(f.audit.is_some() && f.actor.is_none());
        assert_eq!(f.kind, Some(Kind::FindingRaised));
        assert_eq!(r.from.map(|d| d.to_string()).as_deref(), Some("2026-01-01"));
        assert!(r.to.is_none());
        assert!(Trail::decode_view("||||").is_some());
        for bad in [
            "",
            "a|b",
            "x||||",
            "||no.such.kind||",
            "|||2026-13-01|",
            "|||||",
        ] {
            assert!(Trail::decode_view(bad).is_none(), "{bad:?}");
        }
    }
}

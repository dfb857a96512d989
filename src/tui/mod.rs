//! The terminal UI: one event loop (key → keymap → action → update → draw), a stack of screens,
//! popups over them, and a header, status line and footer that always show where you are and which
//! keys work. It calls the application layer only. Long work (exports, merges, verifying) runs
//! on a worker thread with the App ([`worker`]) while the loop keeps drawing its progress.

pub mod action;
pub mod fuzzy;
pub mod i18n;
pub mod intent;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod widgets;
pub mod worker;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{App, AppError};
use crate::domain::model::Audit;
use crate::domain::phase::Phase;

use action::Action;
use i18n::{Lang, Strings};
use intent::Intent;
use keymap::{Binding, Keymap, Layer, GLOBAL};
use theme::Theme;
use widgets::popup::{PickItem, Picker, Popup, PopupOutcome, PopupResult, Value};

/// Below this the UI shows a notice instead of screens.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What the user chose on the command line.
pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    /// The key bindings: the defaults, or with a key file's changes.
    pub keys: Keymap,
}

/// Shared look and messages: strings, theme, and the status line.
pub struct Ui {
    pub t: Strings,
    pub theme: Theme,
    pub keys: Keymap,
    status: Option<(String, bool)>,
    /// How far the running job has got (none while no job runs or before it first tells).
    work: Option<worker::Report>,
}

impl Ui {
    pub fn new(lang: Lang, theme: Theme) -> Ui {
        Ui {
            t: Strings::load(lang),
            theme,
            keys: Keymap::default(),
            status: None,
            work: None,
        }
    }

    /// How far the running job has got, as one line, once it has told.
    pub fn job_line(&self) -> Option<String> {
        self.work.map(|r| r.line(&self.t))
    }
    /// Tell the user something went well (shown until the next key).
    pub fn ok(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), false));
    }
    /// Tell the user what went wrong, in one line.
    pub fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), true));
    }
    pub fn status(&self) -> Option<&(String, bool)> {
        self.status.as_ref()
    }
    /// The keys in force for `action` in `layer`, as hints write them (`—` when a key file took
    /// them all away), for texts on screen that name a key.
    pub fn key(&self, layer: &Layer, action: Action) -> String {
        layer
            .bindings
            .iter()
            .find(|b| b.action == action)
            .map_or_else(|| "—".to_string(), |b| self.keys.shown(layer, b))
    }
}

/// What a screen's update may ask of the shell.
pub enum Outcome {
    None,
    /// Open a dialog of the screen's own over it (a form); other screens are asked for by
    /// [`Outcome::Open`].
    Push(Box<dyn Screen>),
    /// Open another screen: the shell builds it ([`Intent::open`]).
    Open(Intent),
    Pop,
    Popup(Popup),
    /// The value a popup handed back is refused: the popup stays open with what was typed and
    /// shows this message inside it (with no popup open, it goes to the status line).
    Reject(String),
    Quit,
}

/// What a screen may touch while it updates: the application and the shared UI, and the area the
/// screen is drawn in (a pane that scrolls by pages needs its size; drawing cannot tell it).
pub struct Cx<'a> {
    pub app: &'a mut App,
    pub ui: &'a mut Ui,
    pub area: Rect,
}

impl Cx<'_> {
    /// Show an application error in the status line.
    pub fn fail(&mut self, e: AppError) -> Outcome {
        let msg = e.message(&self.ui.t);
        self.ui.error(msg);
        Outcome::None
    }
}

/// One screen of the stack. Drawing takes `&self`: it never changes state or does I/O.
pub trait Screen {
    fn title(&self, ui: &Ui) -> String;
    /// Key layers searched in order after the popup and before the global keys.
    fn bindings(&self) -> Vec<&'static Layer>;
    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome;
    fn on_result(&mut self, _result: PopupResult, _cx: &mut Cx) -> Outcome {
        Outcome::None
    }
    /// `Esc`: by default the screen closes.
    fn back(&mut self, cx: &mut Cx) -> Outcome {
        self.update(Action::Back, cx)
    }
    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui);
    /// Reload data after something changed elsewhere (called when the screen is shown again).
    fn refresh(&mut self, _app: &App) -> Result<(), AppError> {
        Ok(())
    }
    fn has_unsaved_edit(&self) -> bool {
        false
    }
    /// Typing to keep as a draft now (key, text), when the screen holds unsaved typing; `typing`
    /// is what is typed in a popup the screen opened (purpose, text), if any.
    fn draft(&self, _typing: Option<(&'static str, String)>) -> Option<(String, String)> {
        None
    }
    /// The audit this screen is about, for the header.
    fn audit(&self) -> Option<&Audit> {
        None
    }
    /// Whether the screen has slow work waiting (e.g. verifying the hash chains). The shell draws
    /// a frame first, so the screen's "working…" state is seen, then calls [`Screen::work`].
    fn has_work(&self) -> bool {
        false
    }
    /// Slow work that runs here, between keys, in small steps (the shell calls it while
    /// [`Screen::has_work`] and no job is waiting).
    fn work(&mut self, _cx: &mut Cx) {}
    /// Long work to run on the worker thread with the App ([`worker::Job`]), taken when the shell
    /// starts it; a screen with a job waiting says so in [`Screen::has_work`]. While it runs the
    /// screen is drawn (with [`Ui::job_line`]) but gets no keys.
    fn take_job(&mut self) -> Option<worker::Job> {
        None
    }
    /// The result of the job this screen asked for, when it has ended (the App is back).
    fn job_done(&mut self, _result: worker::JobResult, _cx: &mut Cx) {}
    /// Whether printable keys are typed into this screen (a search line typed into directly, like a
    /// fuzzy finder) instead of going to the keymap; see [`is_typing_key`].
    fn takes_text(&self) -> bool {
        false
    }
    /// A typed key, on a screen that [`takes_text`](Screen::takes_text).
    fn typed(&mut self, _key: &KeyEvent, _cx: &mut Cx) -> Outcome {
        Outcome::None
    }
}

/// Keys a screen that takes text receives as typing: printable characters without Ctrl or Alt
/// (except `?` and `:`, which keep opening the help and the palette), Backspace, Delete and Ctrl-w.
pub fn is_typing_key(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('w') if ctrl && !alt => true,
        KeyCode::Char(c) => !ctrl && !alt && !c.is_control() && c != '?' && c != ':',
        KeyCode::Backspace | KeyCode::Delete => true,
        _ => false,
    }
}

/// A global binding whose keys are all typed into a screen that takes text (e.g. `q` there is a
/// letter, not quit), so hints must not offer it.
fn typed_over(keys: &[&str]) -> bool {
    keys.iter().all(|k| {
        let mut c = k.chars();
        matches!((c.next(), c.next()), (Some(ch), None) if ch != '?' && ch != ':')
    })
}

pub struct Tui {
    /// The application; away on the worker thread while a job runs (and gone if that job
    /// panicked, see [`Tui::lost`]).
    app: Option<App>,
    /// The job on the worker thread, if one runs.
    job: Option<worker::Running>,
    /// Keys pressed while a job runs, handled in order when it ends (see [`Tui::handle_key`]).
    held: std::collections::VecDeque<KeyEvent>,
    /// The header's store and auditor as they were when the App went to the worker.
    away_header: Option<(String, String)>,
    /// Why the App is gone: a job panicked. The UI quits with this message.
    lost: Option<String>,
    ui: Ui,
    screens: Vec<Box<dyn Screen>>,
    popup: Option<Popup>,
    palette: Vec<Action>,
    quit: bool,
    /// When drafts were last kept (typing is kept at every pause and every few seconds).
    drafts_kept: std::time::Instant,
    /// The terminal's size as last drawn, for the area screens are drawn in ([`Cx::area`]).
    size: Rect,
}

/// While typing goes on without a pause, drafts are kept at least this often.
const DRAFT_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

/// The most keys held while a job runs (more are dropped: nobody types ahead that far).
const HELD_MAX: usize = 256;

/// How long the loop waits for a key while a job runs before it looks at the job's progress.
const JOB_TICK: std::time::Duration = std::time::Duration::from_millis(50);

impl Tui {
    pub fn new(app: App, opts: Options) -> Result<Tui, AppError> {
        let mut ui = Ui::new(opts.lang, opts.theme);
        ui.keys = opts.keys;
        // what recovery did on open (trimmed tail, re-applied saves, rebuilt state): all of it,
        // in one status line, so no notice hides another
        let notices: Vec<String> = app
            .notices()
            .iter()
            .map(|n| crate::app::notice_message(n, &ui.t))
            .collect();
        if !notices.is_empty() {
            ui.ok(notices.join(" · "));
        }
        let home = screens::audits::Audits::new(&app)?;
        Ok(Tui {
            app: Some(app),
            job: None,
            held: std::collections::VecDeque::new(),
            away_header: None,
            lost: None,
            ui,
            screens: vec![Box::new(home)],
            popup: None,
            palette: Vec::new(),
            quit: false,
            drafts_kept: std::time::Instant::now(),
            size: Rect::new(0, 0, 80, 24),
        })
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The application (for tests: the testkit feature only; the event loop never asks for it).
    ///
    /// # Panics
    /// While a job runs ([`Tui::working`]: the App is on the worker thread) or after one panicked
    /// ([`Tui::lost`]). Tests finish a job first ([`Tui::finish_work`]).
    #[cfg(feature = "testkit")]
    pub fn app(&self) -> &App {
        match &self.app {
            Some(app) => app,
            None => panic!("{}", self.away()), // ok: testkit only, never in the user's binary
        }
    }

    /// The application, once a running job has ended (for tests: the testkit feature only; the
    /// binary uses [`Tui::finish`]).
    ///
    /// # Panics
    /// When a job panicked ([`Tui::lost`]); [`Tui::finish`] says so instead.
    #[cfg(feature = "testkit")]
    pub fn into_app(self) -> App {
        match self.finish() {
            Ok(app) => app,
            Err(e) => panic!("{e}"), // ok: testkit only, never in the user's binary
        }
    }

    /// The application, once a running job has ended, or why it is gone.
    pub fn finish(mut self) -> Result<App, AppError> {
        self.finish_work();
        match self.app.take() {
            Some(app) => Ok(app),
            None => Err(AppError::Invalid(self.away())),
        }
    }

    /// Why the App is not here (for the panics of [`Tui::app`] and [`Tui::with_cx`]).
    fn away(&self) -> String {
        match &self.lost {
            Some(msg) => msg.clone(),
            None => "the App is on the worker thread while a job runs".into(),
        }
    }

    /// Whether a job runs on the worker thread (the App is away meanwhile).
    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// The message when the App was lost to a job that panicked: the UI quits with it.
    pub fn lost(&self) -> Option<&str> {
        self.lost.as_deref()
    }

    /// The title of the screen on top (tests use it to know where they are).
    pub fn current_title(&self) -> String {
        self.screens
            .last()
            .map(|s| s.title(&self.ui))
            .unwrap_or_default()
    }

    /// Open a screen on top of the stack (tests and the CLI use it to start somewhere else).
    pub fn push(&mut self, screen: Box<dyn Screen>) {
        self.screens.push(screen);
    }

    /// Run `f` with the application and UI context, e.g. to build a screen (after a running job
    /// has ended).
    ///
    /// # Panics
    /// When a job panicked ([`Tui::lost`]). For tests: the testkit feature only.
    #[cfg(feature = "testkit")]
    pub fn with_cx<T>(&mut self, f: impl FnOnce(&mut Cx) -> T) -> T {
        self.finish_work();
        let area = self.body_area();
        match self.app.as_mut() {
            Some(app) => f(&mut Cx {
                app,
                ui: &mut self.ui,
                area,
            }),
            None => panic!("{}", self.away()), // ok: testkit only, never in the user's binary
        }
    }

    /// Whether slow work waits or runs: the top screen's, or a job on the worker thread.
    pub fn has_work(&self) -> bool {
        self.job.is_some() || self.screens.last().is_some_and(|top| top.has_work())
    }

    /// Do the waiting slow work to its end: a job (the top screen's, or the one running) is
    /// waited for; the other kind runs one step. Returns whether there was some. The event loop
    /// does not wait: it calls [`Tui::start_work`] after drawing a frame (so that frame shows the
    /// work starting) and then [`Tui::poll_work`] between keys.
    pub fn work(&mut self) -> bool {
        if self.job.is_none() && !self.start_work() {
            return false;
        }
        self.finish_work();
        true
    }

    /// Start the top screen's waiting work without waiting for it: a job goes to the worker
    /// thread with the App; other slow work runs one step here. Returns whether there was some.
    pub fn start_work(&mut self) -> bool {
        if self.job.is_some() {
            return false;
        }
        let area = self.body_area();
        let header = self.header_texts();
        let (Some(top), Some(app)) = (self.screens.last_mut(), self.app.as_mut()) else {
            return false;
        };
        if !top.has_work() {
            return false;
        }
        match top.take_job() {
            Some(job) => {
                if let Some(app) = self.app.take() {
                    self.away_header = Some(header);
                    self.ui.work = None;
                    self.job = Some(worker::start(app, job));
                }
            }
            None => top.work(&mut Cx {
                app,
                ui: &mut self.ui,
                area,
            }),
        }
        true
    }

    /// Look at the running job without waiting: keep its latest progress for drawing and, when
    /// it has ended, take the App back, give the result to its screen and then handle the keys
    /// held meanwhile. Returns whether a job still runs.
    pub fn poll_work(&mut self) -> bool {
        let Some(running) = self.job.as_mut() else {
            return false;
        };
        match running.poll() {
            worker::Poll::Working => {
                self.ui.work = running.latest();
                true
            }
            end => {
                self.job = None;
                self.end_job(end);
                false
            }
        }
    }

    /// Wait for the running job, if any, to end (then as [`Tui::poll_work`]).
    pub fn finish_work(&mut self) {
        if let Some(running) = self.job.take() {
            let end = running.wait();
            self.end_job(end);
        }
    }

    fn end_job(&mut self, end: worker::Poll) {
        self.ui.work = None;
        self.away_header = None;
        match end {
            worker::Poll::Working => {}
            worker::Poll::Done(app, result) => {
                let area = self.body_area();
                let app = self.app.insert(*app);
                // keys are held while a job runs, so its screen is still the top one
                if let Some(top) = self.screens.last_mut() {
                    top.job_done(
                        result,
                        &mut Cx {
                            app,
                            ui: &mut self.ui,
                            area,
                        },
                    );
                }
                for key in std::mem::take(&mut self.held) {
                    self.handle_key(key);
                }
            }
            worker::Poll::Failed(error) => {
                let msg = self.ui.t.f("shell.job_failed", &[("error", &error)]);
                self.ui.error(msg.clone());
                self.lost = Some(msg);
                self.held.clear();
                self.quit = true;
            }
        }
    }

    /// A key pressed while a job runs: going back asks the job to stop (where it has changed
    /// nothing yet), quitting is answered (the job finishes first), every other key is held until
    /// the job ends, so none is lost and none reaches a screen without the App.
    fn hold(&mut self, key: KeyEvent) {
        if self.lost.is_some() {
            return;
        }
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        let typing = self.popup.is_some()
            || self
                .screens
                .last()
                .is_some_and(|s| s.takes_text() && is_typing_key(&key));
        let action = if ctrl_c {
            Some(Action::Quit)
        } else if typing {
            None
        } else {
            self.ui.keys.lookup(&self.layers(), &key)
        };
        if matches!(action, Some(Action::Back)) {
            // stop it where it has changed nothing yet; a save under way finishes
            if let Some(job) = &self.job {
                job.cancel();
            }
            self.ui.ok(self.ui.t.t("shell.job_cancelling").to_string());
        } else if matches!(action, Some(Action::Quit)) {
            self.ui.ok(self.ui.t.t("shell.job_running").to_string());
        } else if self.held.len() < HELD_MAX {
            self.held.push_back(key);
        }
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.ui.t = Strings::load(lang);
    }

    pub fn set_theme(&mut self, theme: Theme) {
        self.ui.theme = theme;
    }

    pub fn set_keys(&mut self, keys: Keymap) {
        self.ui.keys = keys;
    }

    /// The size of the terminal the frames are drawn on (the event loop tells it after each frame;
    /// tests when they size their terminal): keys that page a pane move by what it shows.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
    }

    /// The header, the top screen's area, the status line and the footer of a frame of `area`
    /// whose footer has `footer_rows` rows of hints.
    fn frame_areas(area: Rect, footer_rows: usize) -> [Rect; 4] {
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(1),
            Constraint::Length((footer_rows as u16).clamp(1, FOOTER_ROWS)),
        ])
        .areas(area)
    }

    /// The area the top screen is drawn in, on the terminal as last sized.
    fn body_area(&self) -> Rect {
        let [_, body, _, _] =
            Self::frame_areas(self.size, self.footer_lines(self.size.width).len());
        body
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::None => {}
            Outcome::Push(s) => self.screens.push(s),
            Outcome::Open(intent) => self.open(intent),
            Outcome::Pop => {
                if self.screens.len() > 1 {
                    self.screens.pop();
                    if let (Some(top), Some(app)) = (self.screens.last_mut(), &self.app) {
                        if let Err(e) = top.refresh(app) {
                            self.ui.error(e.message(&self.ui.t));
                        }
                    }
                }
            }
            Outcome::Popup(p) => self.popup = Some(p),
            Outcome::Reject(msg) => self.ui.error(msg),
            Outcome::Quit => self.quit = true,
        }
    }

    /// The key layers in force: the top screen's, then the global keys.
    fn layers(&self) -> Vec<&'static Layer> {
        let mut layers = self
            .screens
            .last()
            .map(|top| top.bindings())
            .unwrap_or_default();
        layers.push(&GLOBAL);
        layers
    }

    fn unsaved(&self) -> bool {
        self.popup.as_ref().is_some_and(Popup::has_unsaved_edit)
            || self.screens.iter().any(|s| s.has_unsaved_edit())
    }

    fn help_lines(&self) -> Vec<(String, String)> {
        let t = &self.ui.t;
        let km = &self.ui.keys;
        let mut lines = Vec::new();
        let layers = self.layers();
        let global = layers.len() - 1;
        // an action whose keys a key file took away (or an earlier layer takes) is still listed,
        // with a dash: the palette reaches it
        let keys_of = |at: usize, b: &Binding| match keymap::display(&km.live_keys(&layers, at, b))
        {
            k if k.is_empty() => "—".to_string(),
            k => k,
        };
        if let Some(top) = self.screens.last() {
            lines.push((String::new(), top.title(&self.ui)));
            for (at, layer) in layers[..global].iter().enumerate() {
                for b in layer.bindings {
                    lines.push((keys_of(at, b), t.t(b.action.label()).to_string()));
                }
            }
        }
        lines.push((String::new(), t.t("help.global").to_string()));
        let typing = self.screens.last().is_some_and(|s| s.takes_text());
        for b in GLOBAL
            .bindings
            .iter()
            .filter(|b| !(typing && typed_over(&km.keys(&GLOBAL, b))))
        {
            lines.push((keys_of(global, b), t.t(b.action.label()).to_string()));
        }
        lines.push(("Ctrl-c".to_string(), t.t("action.quit").to_string()));
        lines.push((String::new(), t.t("help.in_popups").to_string()));
        for (k, l) in [
            ("⏎", "help.popup_enter"),
            ("Esc", "help.popup_esc"),
            ("Tab", "help.popup_tab"),
            ("Ctrl-s", "help.popup_save"),
            ("Ctrl-z/Ctrl-y", "help.popup_undo"),
        ] {
            lines.push((k.to_string(), t.t(l).to_string()));
        }
        lines
    }

    fn open_palette(&mut self) {
        let km = &self.ui.keys;
        let mut actions: Vec<(Action, String)> = Vec::new();
        let layers = self.layers();
        for (at, layer) in layers.iter().enumerate() {
            for b in layer.bindings {
                if !actions.iter().any(|(a, _)| *a == b.action) && b.action != Action::Palette {
                    actions.push((b.action, keymap::display(&km.live_keys(&layers, at, b))));
                }
            }
        }
        // then every place of the app, from wherever the palette is opened
        for a in APP_WIDE {
            if !actions.iter().any(|(x, _)| *x == a) {
                actions.push((a, String::new()));
            }
        }
        let items = actions
            .iter()
            .enumerate()
            .map(|(i, (a, keys))| {
                let name = self.ui.t.t(a.label());
                let text = if keys.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}  ({keys})")
                };
                PickItem::new(i.to_string(), text)
            })
            .collect();
        self.palette = actions.into_iter().map(|(a, _)| a).collect();
        self.popup = Some(Popup::Picker(Box::new(Picker::new(
            "palette",
            self.ui.t.t("palette.title").to_string(),
            items,
            false,
        ))));
    }

    /// Keep the typing of the open editor and of the screens as drafts in the store's settings
    /// (not the journal), so a killed terminal loses none of it. Called at every pause in typing
    /// and every few seconds while it goes on.
    pub fn keep_drafts(&mut self) {
        self.drafts_kept = std::time::Instant::now();
        let typing = self.popup.as_ref().and_then(|p| p.typing());
        let last = self.screens.len().saturating_sub(1);
        let mut drafts: Vec<(String, String)> = self
            .screens
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.draft(if i == last { typing.clone() } else { None }))
            .collect();
        if let Some((k, t)) = self.popup.as_ref().and_then(|p| p.draft()) {
            drafts.push((k.to_string(), t));
        }
        let Some(app) = self.app.as_mut() else {
            return;
        };
        for (key, text) in drafts {
            if let Err(e) = app.save_draft(&key, &text) {
                self.ui.error(e.message(&self.ui.t));
                return;
            }
        }
    }

    fn forget_draft(&mut self, key: Option<&str>) {
        if let (Some(k), Some(app)) = (key, self.app.as_mut()) {
            if let Err(e) = app.clear_draft(k) {
                self.ui.error(e.message(&self.ui.t));
            }
        }
    }

    /// Whether the top screen's own layers bind `action`.
    fn bound_on_top(&self, action: Action) -> bool {
        self.screens.last().is_some_and(|top| {
            top.bindings()
                .iter()
                .any(|l| l.bindings.iter().any(|b| b.action == action))
        })
    }

    /// Build the screen `intent` asks for and open it (an error goes to the status line).
    fn open(&mut self, intent: Intent) {
        let Some(app) = &self.app else {
            return;
        };
        match intent.open(app) {
            Ok(s) => self.screens.push(s),
            Err(e) => self.ui.error(e.message(&self.ui.t)),
        }
    }

    /// Go where an app-wide action leads, for the audit on screen (the nearest screen's).
    fn go(&mut self, action: Action) {
        let audit = self.screens.iter().rev().find_map(|s| s.audit()).cloned();
        let needs_audit = || self.ui.t.t("palette.needs_audit").to_string();
        let intent = match (action, audit) {
            (Action::GoAudits, _) => {
                self.screens.truncate(1);
                if let (Some(home), Some(app)) = (self.screens.last_mut(), &self.app) {
                    if let Err(e) = home.refresh(app) {
                        self.ui.error(e.message(&self.ui.t));
                    }
                }
                return;
            }
            (Action::SwitchProfile, _) => return self.open_profiles(),
            (Action::GoRoster | Action::Rate, _) => {
                if action == Action::Rate {
                    self.ui.ok(self.ui.t.t("palette.rate_pick").to_string());
                }
                Intent::OpenRoster
            }
            (Action::GoTrail, a) => Intent::OpenTrail {
                audit: a.map(|a| a.id),
            },
            (Action::GoConflicts, a) => Intent::OpenConflicts {
                audit: a.map(|a| a.id),
            },
            (Action::GoExchange, a) => Intent::OpenExchange {
                audit: a.map(|a| a.id),
            },
            // within an audit: what its agency has left open; from home: the whole register
            (Action::GoRegister, Some(a)) => Intent::OpenRegisterOpenOf { agency: a.agency },
            (Action::GoRegister, None) => Intent::OpenRegister,
            (Action::GoTraining, a) => Intent::OpenTraining {
                agency: a.map(|a| a.agency),
            },
            (Action::GoFindings, Some(a)) => Intent::OpenFindings { audit: a.id },
            (Action::GoWalk, Some(a)) => Intent::OpenWalk { audit: a.id },
            (Action::SignOff, Some(a)) => Intent::OpenSignOff { audit: Box::new(a) },
            (Action::AdvancePhase, Some(a)) => match a.phase.next() {
                Some(next @ (Phase::Review | Phase::Final)) => Intent::OpenCheck {
                    audit: Box::new(a),
                    next,
                },
                // planning → fieldwork and reopening are asked on the audit list
                _ => {
                    self.ui
                        .error(self.ui.t.t("palette.advance_at_home").to_string());
                    return;
                }
            },
            _ => {
                self.ui.error(needs_audit());
                return;
            }
        };
        self.open(intent);
    }

    /// The profiles of this laptop to switch to, the current one first.
    fn open_profiles(&mut self) {
        let Some(app) = &self.app else {
            return;
        };
        let current = app.current_profile().ok().map(|p| p.id);
        let mut profiles = match app.profiles() {
            Ok(p) => p,
            Err(e) => {
                self.ui.error(e.message(&self.ui.t));
                return;
            }
        };
        profiles.sort_by_key(|p| Some(p.id) != current);
        let items = profiles
            .iter()
            .map(|p| {
                let role = match self.ui.t.lang {
                    Lang::Id => p.role.label_id(),
                    Lang::En => p.role.label_en(),
                };
                let mark = if Some(p.id) == current { "● " } else { "  " };
                let mut item = PickItem::new(
                    p.id.to_string(),
                    format!(
                        "{mark}{} — {role}{}",
                        p.name,
                        p.nip
                            .as_ref()
                            .map(|n| format!(" — {n}"))
                            .unwrap_or_default()
                    ),
                );
                item.search = p
                    .nip
                    .as_ref()
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default();
                item
            })
            .collect();
        self.popup = Some(Popup::Picker(Box::new(Picker::new(
            "profile.switch",
            self.ui.t.t("shell.switch_profile").to_string(),
            items,
            false,
        ))));
    }

    /// Run one action on the top screen (or the shell's own).
    fn dispatch(&mut self, action: Action) {
        match action {
            Action::Help => {
                self.popup = Some(Popup::Help {
                    lines: self.help_lines(),
                    scroll: widgets::list::ListState::default(),
                })
            }
            Action::Palette => self.open_palette(),
            Action::SwitchProfile => self.open_profiles(),
            Action::Quit if self.unsaved() => {
                self.popup = Some(Popup::confirm(
                    "quit",
                    self.ui.t.t("quit.confirm_unsaved").to_string(),
                ))
            }
            Action::Quit => self.quit = true,
            Action::Back => {
                if self.screens.len() > 1 {
                    let area = self.body_area();
                    let outcome = match (self.screens.last_mut(), self.app.as_mut()) {
                        (Some(top), Some(app)) => top.back(&mut Cx {
                            app,
                            ui: &mut self.ui,
                            area,
                        }),
                        _ => Outcome::None,
                    };
                    self.apply(outcome);
                }
            }
            // an app-wide action the top screen has no key for (from the palette): the shell
            // takes it where it belongs
            other if APP_WIDE.contains(&other) && !self.bound_on_top(other) => self.go(other),
            other => {
                let area = self.body_area();
                let outcome = match (self.screens.last_mut(), self.app.as_mut()) {
                    (Some(top), Some(app)) => top.update(
                        other,
                        &mut Cx {
                            app,
                            ui: &mut self.ui,
                            area,
                        },
                    ),
                    _ => Outcome::None,
                };
                self.apply(outcome);
            }
        }
    }

    /// Handle one key press. While a job runs, the key is held until it ends (quitting and going
    /// back are answered instead: the job finishes first).
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if self.app.is_none() {
            self.hold(key);
            return;
        }
        if key.code == KeyCode::Char('c')
            && key.modifiers.contains(KeyModifiers::CONTROL)
            && self.popup.is_none()
        {
            self.dispatch(Action::Quit);
            return;
        }
        if let Some(mut popup) = self.popup.take() {
            let draft = popup.draft_key().map(str::to_string);
            match popup.handle(&key) {
                PopupOutcome::Stay => self.popup = Some(popup),
                // thrown away on purpose (Esc, then y when changed): its draft goes too
                PopupOutcome::Close => self.forget_draft(draft.as_deref()),
                PopupOutcome::Done(result) => {
                    // a refused value never closes the dialog it was typed in
                    if let Some(msg) = self.route(result) {
                        if popup.reject(&msg) && self.popup.is_none() {
                            self.popup = Some(popup);
                        } else {
                            self.ui.error(msg);
                        }
                    } else {
                        self.forget_draft(draft.as_deref());
                    }
                }
            }
            return;
        }
        self.ui.status = None;
        let area = self.body_area();
        if let (Some(top), Some(app)) = (self.screens.last_mut(), self.app.as_mut()) {
            if top.takes_text() && is_typing_key(&key) {
                let outcome = top.typed(
                    &key,
                    &mut Cx {
                        app,
                        ui: &mut self.ui,
                        area,
                    },
                );
                self.apply(outcome);
                return;
            }
        }
        let action = self.ui.keys.lookup(&self.layers(), &key);
        if let Some(action) = action {
            self.dispatch(action);
        }
    }

    /// Hand a popup's result to the shell or the top screen; the message when the value is
    /// refused ([`Outcome::Reject`]).
    fn route(&mut self, result: PopupResult) -> Option<String> {
        match (result.purpose, &result.value) {
            ("quit", Value::Yes) => self.quit = true,
            ("profile.switch", Value::Picked(ids)) => {
                let id = ids.first()?;
                let app = self.app.as_mut()?;
                match app.profile_use(id) {
                    Ok(p) => {
                        // every screen shows what this profile may do from now on
                        for s in self.screens.iter_mut() {
                            if let Err(e) = s.refresh(app) {
                                return Some(e.message(&self.ui.t));
                            }
                        }
                        self.ui
                            .ok(self.ui.t.f("shell.profile_switched", &[("name", &p.name)]));
                    }
                    Err(e) => return Some(e.message(&self.ui.t)),
                }
            }
            ("palette", Value::Picked(ids)) => {
                let action = ids
                    .first()
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| self.palette.get(i).copied());
                if let Some(a) = action {
                    self.dispatch(a);
                }
            }
            _ => {
                let area = self.body_area();
                let outcome = match (self.screens.last_mut(), self.app.as_mut()) {
                    (Some(top), Some(app)) => top.on_result(
                        result,
                        &mut Cx {
                            app,
                            ui: &mut self.ui,
                            area,
                        },
                    ),
                    _ => Outcome::None,
                };
                if let Outcome::Reject(msg) = outcome {
                    return Some(msg);
                }
                self.apply(outcome);
            }
        }
        None
    }

    pub fn draw(&self, f: &mut Frame) {
        let area = f.area();
        let th = &self.ui.theme;
        f.render_widget(Block::default().style(th.base), area);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = self.ui.t.f(
                "shell.too_small",
                &[
                    ("w", &area.width),
                    ("h", &area.height),
                    ("min_w", &MIN_WIDTH),
                    ("min_h", &MIN_HEIGHT),
                ],
            );
            f.render_widget(
                Paragraph::new(msg)
                    .style(th.warn)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let footer_lines = self.footer_lines(area.width);
        let [header, body, status, footer] = Self::frame_areas(area, footer_lines.len());
        self.draw_header(f, header);
        if let Some(top) = self.screens.last() {
            top.draw(f, body, &self.ui);
        }
        if let Some((msg, is_err)) = &self.ui.status {
            let style = if *is_err { th.error } else { th.ok };
            f.render_widget(Paragraph::new(Span::styled(msg.as_str(), style)), status);
        }
        f.render_widget(Paragraph::new(footer_lines).style(th.footer), footer);
        if let Some(p) = &self.popup {
            p.draw(f, body, &self.ui);
        }
    }

    /// The header's store name and current auditor (kept while the App is on the worker).
    fn header_texts(&self) -> (String, String) {
        let Some(app) = &self.app else {
            return self.away_header.clone().unwrap_or_default();
        };
        let store = app
            .dir()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let who = match app.current_profile() {
            Ok(p) => format!("{} ({})", p.name, p.role.label_id()),
            Err(_) => self.ui.t.t("shell.no_profile").to_string(),
        };
        (store, who)
    }

    fn draw_header(&self, f: &mut Frame, area: Rect) {
        let th = &self.ui.theme;
        let (store, who) = self.header_texts();
        let mut spans = vec![
            Span::styled(
                " Periksa ",
                th.header.add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::styled(
                format!("│ {}: {store} ", self.ui.t.t("shell.store")),
                th.header,
            ),
            Span::styled(
                format!("│ {}: {who} ", self.ui.t.t("shell.auditor")),
                th.header,
            ),
        ];
        if let Some(a) = self.screens.iter().rev().find_map(|s| s.audit()) {
            spans.push(Span::styled(
                format!("│ {}: {} ", self.ui.t.t("shell.audit"), a.title),
                th.header,
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)).style(th.header), area);
    }

    /// The footer's key hints: help and palette first (so the rest can always be found), then the
    /// screen's own keys, then back and quit.
    fn footer_spans(&self) -> Vec<Span<'static>> {
        let th = &self.ui.theme;
        let t = &self.ui.t;
        let mut spans = Vec::new();
        if self.popup.is_some() {
            return spans;
        }
        let km = &self.ui.keys;
        let layers = self.layers();
        let global_at = layers.len() - 1;
        // an action a key file left without keys (or whose keys an earlier layer takes) has no
        // hint: the palette reaches it
        let hint = |at: usize, b: &Binding, spans: &mut Vec<Span<'static>>| {
            let keys = km.live_keys(&layers, at, b);
            if keys.is_empty() {
                return;
            }
            spans.push(Span::styled(keymap::display(&keys), th.key));
            spans.push(Span::styled(
                format!(" {}  ", t.t(b.action.label())),
                th.footer,
            ));
        };
        let typing = self.screens.last().is_some_and(|s| s.takes_text());
        let global = |first: bool| {
            GLOBAL.bindings.iter().filter(move |b| {
                b.footer
                    && !(typing && typed_over(&km.keys(&GLOBAL, b)))
                    && first == matches!(b.action, Action::Help | Action::Palette)
            })
        };
        for b in global(true) {
            hint(global_at, b, &mut spans);
        }
        for (at, layer) in layers[..global_at].iter().enumerate() {
            for b in layer.bindings.iter().filter(|b| b.footer) {
                hint(at, b, &mut spans);
            }
        }
        for b in global(false) {
            hint(global_at, b, &mut spans);
        }
        spans
    }

    /// The footer's hints packed into rows of `width`: a hint (its keys and its name) is never
    /// split between rows, and the footer takes up to [`FOOTER_ROWS`] rows rather than hide keys.
    fn footer_lines(&self, width: u16) -> Vec<Line<'static>> {
        let spans = self.footer_spans();
        let width = usize::from(width);
        let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
        let mut used = 0;
        for pair in spans.chunks(2) {
            let len: usize = pair.iter().map(|s| s.content.chars().count()).sum();
            // the two spaces after a hint may run past the edge
            if used > 0 && used + len.saturating_sub(2) > width {
                lines.push(Vec::new());
                used = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.extend(pair.iter().cloned());
            }
            used += len;
        }
        lines.into_iter().map(Line::from).collect()
    }
}

/// Actions the palette offers from every screen: the places of the app and the acts on the audit
/// on screen. The shell carries them out when the top screen has no key for them.
const APP_WIDE: [Action; 13] = [
    Action::GoAudits,
    Action::GoWalk,
    Action::GoFindings,
    Action::GoRoster,
    Action::GoTrail,
    Action::GoConflicts,
    Action::GoExchange,
    Action::GoRegister,
    Action::GoTraining,
    Action::SignOff,
    Action::AdvancePhase,
    Action::Rate,
    Action::SwitchProfile,
];

/// The most rows the footer takes (a 60-column terminal needs up to four for the walk's keys).
const FOOTER_ROWS: u16 = 4;

/// The first frame: a notice that the store is opening, drawn before the store is opened, so the
/// terminal answers at once even when a large store takes a moment to open.
pub fn draw_opening(f: &mut Frame, ui: &Ui, dir: &std::path::Path) {
    draw_opening_with(f, ui, dir, None)
}

/// [`draw_opening`], with how far a rebuild of the state has got.
pub fn draw_opening_with(
    f: &mut Frame,
    ui: &Ui,
    dir: &std::path::Path,
    rebuilding: Option<crate::app::Rebuilding>,
) {
    let area = f.area();
    f.render_widget(Block::default().style(ui.theme.base), area);
    let mut lines = vec![Line::from(Span::styled(
        ui.t.f("shell.opening", &[("dir", &dir.display())]),
        ui.theme.muted,
    ))];
    if let Some(r) = rebuilding {
        lines.push(Line::from(Span::styled(
            ui.t.f("shell.rebuilding", &[("percent", &r.percent())]),
            ui.theme.base,
        )));
    }
    let y = area.height / 2;
    f.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        Rect {
            x: area.x,
            y: area.y + y,
            width: area.width,
            height: 2.min(area.height.saturating_sub(y)),
        },
    );
}

fn terminal_error(e: std::io::Error) -> AppError {
    AppError::File {
        path: "terminal".into(),
        source: e,
    }
}

/// Open the store at `dir` and run the terminal UI until the user quits. The first frame is drawn
/// before the store opens; the terminal is restored on every way out, a panic included (ratatui's
/// panic hook).
pub fn open_and_run(dir: &std::path::Path, opts: Options) -> Result<App, AppError> {
    let mut terminal = ratatui::try_init().map_err(|e| {
        ratatui::restore();
        terminal_error(e)
    })?;
    let ui = Ui::new(opts.lang, opts.theme.clone());
    let first = terminal
        .draw(|f| draw_opening(f, &ui, dir))
        .map(|_| ())
        .map_err(terminal_error);
    let opened = first
        .and_then(|()| {
            // a rebuild of the state (after an update) shows how far it has got
            App::open_with(dir, &mut |r| {
                let _ = terminal.draw(|f| draw_opening_with(f, &ui, dir, Some(r)));
            })
        })
        .and_then(|app| Tui::new(app, opts));
    let result = match opened {
        Ok(mut tui) => event_loop(&mut terminal, &mut tui).and_then(|()| tui.finish()),
        Err(e) => Err(e),
    };
    ratatui::restore();
    result
}

/// How long without a key counts as a pause in typing.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(1200);

fn event_loop(terminal: &mut ratatui::DefaultTerminal, tui: &mut Tui) -> Result<(), AppError> {
    let mut keys = 0usize;
    loop {
        // a job panicked: the App is gone, and the terminal was restored by the panic hook (no
        // frame is drawn over it); the message is the UI's last word
        if let Some(msg) = tui.lost() {
            return Err(AppError::Invalid(msg.to_string()));
        }
        let size = terminal.draw(|f| tui.draw(f)).map_err(terminal_error)?.area;
        tui.resize(size);
        if tui.should_quit() && !tui.working() {
            return Ok(());
        }
        // a job on the worker thread: keys are read (and held) between looks at its progress,
        // and each look redraws
        if tui.working() {
            if event::poll(JOB_TICK).map_err(terminal_error)? {
                if let Event::Key(key) = event::read().map_err(terminal_error)? {
                    tui.handle_key(key);
                }
            }
            tui.poll_work();
            continue;
        }
        // slow work waits for no key: a key already pressed is handled first
        if tui.has_work() && !event::poll(std::time::Duration::ZERO).map_err(terminal_error)? {
            tui.start_work();
            continue;
        }
        // a pause in typing (no key for a moment) keeps what was typed as a draft
        if !event::poll(PAUSE).map_err(terminal_error)? {
            tui.keep_drafts();
            continue;
        }
        if let Event::Key(key) = event::read().map_err(terminal_error)? {
            tui.handle_key(key);
            keys += 1;
            test_hooks::panic_after_keys(keys);
            // typing without a pause is kept every few seconds too
            if tui.drafts_kept.elapsed() >= DRAFT_EVERY {
                tui.keep_drafts();
            }
        }
    }
}

/// Ask for a secret on the terminal without echoing it (raw mode for the duration, always undone).
pub fn read_secret(prompt: &str) -> std::io::Result<String> {
    use ratatui::crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    use std::io::Write as _;
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    ratatui::crossterm::terminal::enable_raw_mode()?;
    let result = (|| {
        let mut s = String::new();
        loop {
            if let Event::Key(k) = read()? {
                if k.kind == KeyEventKind::Release {
                    continue;
                }
                match k.code {
                    KeyCode::Enter => return Ok(s),
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::Interrupted,
                            "cancelled",
                        ))
                    }
                    KeyCode::Char(c) => s.push(c),
                    KeyCode::Backspace => {
                        s.pop();
                    }
                    KeyCode::Esc => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::Interrupted,
                            "cancelled",
                        ))
                    }
                    _ => {}
                }
            }
        }
    })();
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    let _ = writeln!(err);
    result
}

/// Test-only fault injection: proves that a panic in the event loop restores the terminal and
/// leaves the store consistent (tests/tui_panic.rs). Compiled into debug builds only, and only
/// acts when `PERIKSA_TEST_PANIC_AFTER_KEYS=N` is set: after the N-th key has been handled, the
/// loop panics.
#[doc(hidden)]
mod test_hooks {
    #[cfg(debug_assertions)]
    pub fn panic_after_keys(keys: usize) {
        let limit = std::env::var("PERIKSA_TEST_PANIC_AFTER_KEYS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok());
        if limit.is_some_and(|n| keys >= n) {
            // debug builds only, and only when a test sets PERIKSA_TEST_PANIC_AFTER_KEYS
            panic!("injected test panic after {keys} key(s)"); // ok: test hook, debug builds only
        }
    }

    #[cfg(not(debug_assertions))]
    pub fn panic_after_keys(_keys: usize) {}
}

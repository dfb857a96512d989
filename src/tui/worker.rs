//! Long work off the UI thread: a job runs on a worker thread with the App, tells its progress over a channel, and hands the App back when it ends.
//!
//! The store's lock allows one opener, so there is no second handle to give the thread: the App
//! itself is moved into the thread for the job's duration and comes back with the job's result
//! ([`Running::poll`], [`Running::wait`]). Meanwhile the shell draws from what it kept (the screens
//! and the latest [`Report`]) and holds back keys that would need the App.
//!
//! A job can be asked to stop ([`Running::cancel`], `Esc` in the shell): it stops at its next
//! report of progress while it has changed and written nothing, and ends with the store's
//! "stopped" error; a save under way is not stopped (it is whole or not at all, and the App in
//! memory would not be), so a job asked to stop during its save finishes.
//!
//! A panic in a job is caught in its thread ([`std::panic::catch_unwind`]): the App is dropped
//! there (its memory may be half changed; the store on disk is whole, since every save is atomic
//! and recovered on the next open) and [`Poll::Failed`] says what happened. With no App left the
//! terminal UI cannot go on: it quits with that message, the terminal restored as on any way out.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::app::{App, Flow, Stage, Step};
use crate::tui::i18n::Strings;

/// What a job hands back to the screen that asked for it (the screen knows the type it made).
pub struct JobResult(Box<dyn Any + Send>);

impl JobResult {
    pub fn new<T: Any + Send>(value: T) -> JobResult {
        JobResult(Box::new(value))
    }

    /// The value, if it is a `T`.
    pub fn take<T: Any>(self) -> Option<T> {
        self.0.downcast::<T>().ok().map(|b| *b)
    }
}

type Run = Box<dyn FnOnce(&mut App, &Progress) -> JobResult + Send>;

/// Long work a screen asks for: run on the worker thread with the App.
pub struct Job {
    run: Run,
}

impl Job {
    pub fn new(run: impl FnOnce(&mut App, &Progress) -> JobResult + Send + 'static) -> Job {
        Job { run: Box::new(run) }
    }
}

/// How far a job has got: a text key of the UI's strings and done/total counts (total 0: none).
/// The text may use `{done}`, `{total}` (numbers written the language's way) and `{percent}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub key: &'static str,
    pub done: u64,
    pub total: u64,
    /// Units a second since the stage began (entries, events or journal bytes), once it has run
    /// long enough to say.
    pub rate: Option<u64>,
    /// Seconds left at that rate.
    pub left: Option<u64>,
}

/// The stages counted in entries or events (the others count journal bytes, shown as a
/// percentage): their rate is worth showing.
const COUNTED: [&str; 3] = ["shell.job_check", "shell.job_save", "shell.job_write"];

impl Report {
    pub fn new(key: &'static str, done: u64, total: u64) -> Report {
        Report {
            key,
            done,
            total,
            rate: None,
            left: None,
        }
    }

    /// The report as one line in the UI's language, with the rate and the time left when known.
    pub fn line(&self, t: &Strings) -> String {
        let percent = format!("{}%", self.done.saturating_mul(100) / self.total.max(1));
        let mut line = t.f(
            self.key,
            &[
                ("done", &t.count(self.done)),
                ("total", &t.count(self.total)),
                ("percent", &percent),
            ],
        );
        if let Some(rate) = self.rate.filter(|_| COUNTED.contains(&self.key)) {
            line.push_str(" · ");
            line.push_str(&t.f("shell.job_rate", &[("n", &t.count(rate))]));
        }
        if let Some(left) = self.left {
            line.push_str(" · ");
            line.push_str(&if left < 60 {
                t.f("shell.job_left_s", &[("n", &t.count(left.max(1)))])
            } else {
                t.f("shell.job_left_m", &[("n", &t.count(left.div_ceil(60)))])
            });
        }
        line
    }
}

/// The rate and the time left of a stage begun at `since` with `from` done, now at `done` of
/// `total` (none before a second has passed or when nothing moved).
fn pace(
    since: Instant,
    from: u64,
    done: u64,
    total: u64,
    now: Instant,
) -> (Option<u64>, Option<u64>) {
    let secs = now.duration_since(since).as_secs_f64();
    let moved = done.saturating_sub(from);
    if secs < 1.0 || moved == 0 {
        return (None, None);
    }
    let rate = moved as f64 / secs;
    let left = (total > done).then(|| ((total - done) as f64 / rate).ceil() as u64);
    (Some(rate.round() as u64), left)
}

/// The text key for a stage of a long command of the app.
pub fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Read => "shell.job_read",
        Stage::Check => "shell.job_check",
        Stage::Save => "shell.job_save",
        Stage::Collect => "shell.job_collect",
        Stage::Write => "shell.job_write",
        Stage::Tables => "shell.job_tables",
        Stage::Chains => "shell.job_chains",
        Stage::Rederive => "shell.job_rederive",
        Stage::Compare => "shell.job_compare",
        Stage::Rebuild => "shell.job_rebuild",
    }
}

/// Reports of the same stage closer together than this are not sent (a new stage, and the last
/// count of a stage, always are): the UI redraws a few times a second at most anyway.
const EVERY: Duration = Duration::from_millis(40);

enum Msg {
    Report(Report),
    /// Boxed: an App is large, a report small.
    Done(Box<App>, JobResult),
    Panicked(String),
}

/// A job's way to tell how far it has got, and to learn whether it should stop (used on the
/// worker thread).
pub struct Progress {
    tx: Sender<Msg>,
    last: Cell<Option<(&'static str, Instant)>>,
    /// The stage's key, when it began and what was done then (for the rate).
    stage: Cell<Option<(&'static str, Instant, u64)>>,
    cancel: Arc<AtomicBool>,
}

impl Progress {
    /// Tell how far the job has got.
    pub fn report(&self, key: &'static str, done: u64, total: u64) {
        let now = Instant::now();
        let (since, from) = match self.stage.get() {
            Some((k, at, from)) if k == key => (at, from),
            _ => {
                self.stage.set(Some((key, now, done)));
                (now, done)
            }
        };
        let due = match self.last.get() {
            Some((k, at)) => k != key || done >= total || now.duration_since(at) >= EVERY,
            None => true,
        };
        if due {
            self.last.set(Some((key, now)));
            let (rate, left) = pace(since, from, done, total, now);
            let report = Report {
                rate,
                left,
                ..Report::new(key, done, total)
            };
            // the shell stopped listening only when it is going away: nothing to tell then
            let _ = self.tx.send(Msg::Report(report));
        }
    }

    /// Whether the job was asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Tell a step of one of the app's long commands, and whether it should go on.
    pub fn step(&self, step: Step) -> Flow {
        self.report(stage_key(step.stage), step.done, step.total);
        if self.cancelled() {
            Flow::Stop
        } else {
            Flow::Go
        }
    }
}

/// How a running job is doing.
pub enum Poll {
    Working,
    /// It ended: the App is back (boxed, as it is large), with the job's result.
    Done(Box<App>, JobResult),
    /// It panicked (or its thread went away): the App is gone; the message says what happened.
    Failed(String),
}

/// A job on the worker thread.
pub struct Running {
    rx: Receiver<Msg>,
    latest: Option<Report>,
    cancel: Arc<AtomicBool>,
}

/// What the thread takes: shared with the starter so that neither the App nor the job is lost
/// if the thread cannot be started.
type Slot = Arc<Mutex<Option<(App, Run)>>>;

/// Start `job` with `app` on a worker thread. (Should the system refuse a thread, the job runs
/// here instead, as before there was a worker: the App is never lost to that.)
pub fn start(app: App, job: Job) -> Running {
    let (tx, rx) = mpsc::channel();
    let slot: Slot = Arc::new(Mutex::new(Some((app, job.run))));
    let cancel = Arc::new(AtomicBool::new(false));
    let (theirs, their_tx, their_cancel) = (Arc::clone(&slot), tx.clone(), Arc::clone(&cancel));
    let spawned = std::thread::Builder::new()
        .name("periksa-job".into())
        .spawn(move || run_in(&theirs, their_tx, their_cancel));
    if spawned.is_err() {
        run_in(&slot, tx, Arc::clone(&cancel));
    }
    Running {
        rx,
        latest: None,
        cancel,
    }
}

/// Run the job in `slot` (once) and send its end.
fn run_in(slot: &Slot, tx: Sender<Msg>, cancel: Arc<AtomicBool>) {
    let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
    let Some((mut app, run)) = taken else {
        return;
    };
    let progress = Progress {
        tx: tx.clone(),
        last: Cell::new(None),
        stage: Cell::new(None),
        cancel,
    };
    // the App is only given back when the job ended normally; after a panic it is dropped here
    match catch_unwind(AssertUnwindSafe(|| run(&mut app, &progress))) {
        Ok(result) => {
            let _ = tx.send(Msg::Done(Box::new(app), result));
        }
        Err(payload) => {
            drop(app);
            let _ = tx.send(Msg::Panicked(panic_text(payload.as_ref())));
        }
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

impl Running {
    /// The latest report of progress, if the job has sent one.
    pub fn latest(&self) -> Option<Report> {
        self.latest
    }

    /// Ask the job to stop at its next report of progress (see the module's note).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the job was asked to stop.
    pub fn cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Take what the job has sent so far without waiting.
    pub fn poll(&mut self) -> Poll {
        loop {
            match self.rx.try_recv() {
                Ok(msg) => {
                    if let Some(end) = self.take(msg) {
                        return end;
                    }
                }
                Err(TryRecvError::Empty) => return Poll::Working,
                Err(TryRecvError::Disconnected) => return gone(),
            }
        }
    }

    /// Wait for the job to end.
    pub fn wait(mut self) -> Poll {
        loop {
            match self.rx.recv() {
                Ok(msg) => {
                    if let Some(end) = self.take(msg) {
                        return end;
                    }
                }
                Err(_) => return gone(),
            }
        }
    }

    fn take(&mut self, msg: Msg) -> Option<Poll> {
        match msg {
            Msg::Report(r) => {
                self.latest = Some(r);
                None
            }
            Msg::Done(app, result) => Some(Poll::Done(app, result)),
            Msg::Panicked(m) => Some(Poll::Failed(m)),
        }
    }
}

fn gone() -> Poll {
    Poll::Failed("the worker thread ended without handing the store back".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::demo;

    fn demo_app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo");
        demo::fill(&store).unwrap();
        let app = App::open(&store).unwrap();
        (dir, app)
    }

    #[test]
    fn a_job_runs_with_the_app_and_hands_it_back_with_its_result() {
        let (_dir, app) = demo_app();
        let here = std::thread::current().id();
        let running = start(
            app,
            Job::new(move |app, _| {
                JobResult::new((app.audits().map(|a| a.len()), std::thread::current().id()))
            }),
        );
        let Poll::Done(app, result) = running.wait() else {
            panic!("the job ended")
        };
        let (audits, thread) = result
            .take::<(Result<usize, crate::app::AppError>, std::thread::ThreadId)>()
            .unwrap();
        assert_eq!(audits.unwrap(), 1);
        assert_ne!(thread, here, "the job ran on another thread");
        // the App is whole and usable again
        assert_eq!(app.audits().unwrap().len(), 1);
    }

    #[test]
    fn progress_arrives_in_order_and_the_latest_is_kept() {
        let (_dir, app) = demo_app();
        // the job waits for the test before it ends, so that polling sees it working
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let mut running = start(
            app,
            Job::new(move |_, p| {
                p.report("shell.job_read", 0, 0);
                p.report("shell.job_check", 5, 10);
                p.report("shell.job_save", 0, 2);
                p.report("shell.job_save", 2, 2);
                let _ = go_rx.recv();
                JobResult::new(())
            }),
        );
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while seen.len() < 4 && Instant::now() < deadline {
            assert!(matches!(running.poll(), Poll::Working));
            if let Some(r) = running.latest() {
                if seen.last() != Some(&r) {
                    seen.push(r);
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // polling may see several reports at once: the latest is the last one sent
        let keys: Vec<(&str, u64)> = seen.iter().map(|r| (r.key, r.done)).collect();
        assert_eq!(keys.last(), Some(&("shell.job_save", 2)), "{keys:?}");
        let order = ["shell.job_read", "shell.job_check", "shell.job_save"];
        let mut at = 0;
        for (k, _) in &keys {
            at += order[at..].iter().position(|o| o == k).unwrap();
        }
        go_tx.send(()).unwrap();
        assert!(matches!(running.wait(), Poll::Done(..)));
    }

    #[test]
    fn reports_of_one_stage_are_thinned_but_the_last_count_and_a_new_stage_always_go() {
        let (tx, rx) = mpsc::channel();
        let p = Progress {
            tx,
            last: Cell::new(None),
            stage: Cell::new(None),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        for i in 0..=10_000 {
            p.report("shell.job_save", i, 10_000);
        }
        p.report("shell.job_read", 0, 0);
        let got: Vec<Report> = rx
            .try_iter()
            .filter_map(|m| match m {
                Msg::Report(r) => Some(r),
                _ => None,
            })
            .collect();
        assert!(got.len() < 1_000, "thinned: {}", got.len());
        assert_eq!(got[0].done, 0);
        let n = got.len();
        assert_eq!(
            (got[n - 2].key, got[n - 2].done),
            ("shell.job_save", 10_000)
        );
        assert_eq!(got[n - 1].key, "shell.job_read");
        assert!(got
            .windows(2)
            .all(|w| w[0].key != w[1].key || w[0].done <= w[1].done));
    }

    #[test]
    fn a_panicking_job_is_reported_as_an_error_and_the_store_opens_again() {
        let (dir, app) = demo_app();
        let running = start(
            app,
            Job::new(|_, p| {
                p.report("shell.job_save", 1, 2);
                panic!("boom in the job");
            }),
        );
        match running.wait() {
            Poll::Failed(m) => assert!(m.contains("boom in the job"), "{m}"),
            _ => panic!("the panic is reported"),
        }
        // the App was dropped in the thread: its lock is free, and the store is whole
        let again = App::open(&dir.path().join("demo")).unwrap();
        assert!(again.verify().unwrap().ok());
    }

    #[test]
    fn the_rate_and_the_time_left_follow_the_stage_and_read_in_each_language() {
        let t0 = Instant::now();
        // under a second, or nothing moved: nothing to say yet
        assert_eq!(
            pace(t0, 0, 500, 1_000, t0 + Duration::from_millis(900)),
            (None, None)
        );
        assert_eq!(
            pace(t0, 10, 10, 1_000, t0 + Duration::from_secs(5)),
            (None, None)
        );
        // 4,000 events in 2 s: 2,000/s, 96,000 left → 48 s
        assert_eq!(
            pace(t0, 0, 4_000, 100_000, t0 + Duration::from_secs(2)),
            (Some(2_000), Some(48))
        );
        // counted from where the stage began; done: nothing left
        assert_eq!(
            pace(t0, 1_000, 3_000, 3_000, t0 + Duration::from_secs(4)),
            (Some(500), None)
        );
        let id = Strings::load(crate::tui::i18n::Lang::Id);
        let en = Strings::load(crate::tui::i18n::Lang::En);
        let r = Report {
            rate: Some(2_000),
            left: Some(48),
            ..Report::new(stage_key(Stage::Save), 4_000, 100_000)
        };
        assert_eq!(
            r.line(&id),
            "Menggabungkan… 4.000 dari 100.000 kejadian · 2.000/detik · sekitar 48 detik lagi"
        );
        assert_eq!(
            r.line(&en),
            "Merging… 4,000 of 100,000 events · 2,000/s · about 48 s left"
        );
        // journal bytes: no rate shown, the time left in minutes past a minute
        let r = Report {
            rate: Some(1_000_000),
            left: Some(125),
            ..Report::new(stage_key(Stage::Chains), 1, 4)
        };
        assert!(
            r.line(&id).ends_with("25% · sekitar 3 menit lagi"),
            "{}",
            r.line(&id)
        );
        assert!(!r.line(&en).contains("/s"), "{}", r.line(&en));
    }

    #[test]
    fn reports_read_in_each_language_and_every_stage_has_its_text() {
        let id = Strings::load(crate::tui::i18n::Lang::Id);
        let en = Strings::load(crate::tui::i18n::Lang::En);
        let r = Report {
            rate: None,
            left: None,
            key: stage_key(Stage::Save),
            done: 12_345,
            total: 112_000,
        };
        assert_eq!(r.line(&id), "Menggabungkan… 12.345 dari 112.000 kejadian");
        assert_eq!(r.line(&en), "Merging… 12,345 of 112,000 events");
        let r = Report {
            rate: None,
            left: None,
            key: stage_key(Stage::Chains),
            done: 1,
            total: 4,
        };
        assert!(r.line(&id).ends_with("25%"), "{}", r.line(&id));
        for stage in [
            Stage::Read,
            Stage::Check,
            Stage::Save,
            Stage::Collect,
            Stage::Write,
            Stage::Tables,
            Stage::Chains,
            Stage::Rederive,
            Stage::Compare,
            Stage::Rebuild,
        ] {
            let key = stage_key(stage);
            for t in [&id, &en] {
                assert_ne!(t.t(key), key, "{key} has a text");
            }
        }
    }
}

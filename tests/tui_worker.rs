//! Long work on the worker thread, on ratatui's TestBackend: an export, a merge and the trail's
//! verification run with the App away (the shell started without waiting, as its event loop
//! does), keys pressed meanwhile are held and handled after (Esc, q and Ctrl-c are answered),
//! the results are the lines the plain commands give, progress reaches the screen in the
//! language's numbers, and a job that panics leaves one message and a UI that quits.

#[path = "common/harness.rs"]
mod harness;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use harness::Harness;
use periksa::app::{demo, App, Flow, Seal, Stage, Step, Unseal};
use periksa::domain::phase::Role;
use periksa::tui::i18n::Lang;
use periksa::tui::keymap::Layer;
use periksa::tui::worker::{Job, JobResult};
use periksa::tui::{Cx, Outcome, Screen, Ui};
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Replace what an input popup holds with `text` and confirm it.
fn answer(h: &mut Harness, text: &str) {
    h.ctrl('u').keys(text).key(KeyCode::Enter);
}

#[test]
fn an_export_and_a_merge_on_the_worker_give_the_plain_commands_lines_and_keep_keys_pressed_meanwhile(
) {
    let tmp = tempfile::tempdir().unwrap();
    let lead_dir = tmp.path().join("lead");
    demo::fill(&lead_dir).unwrap();
    let mut lead = Harness::with_app(
        App::open(&lead_dir).unwrap(),
        tempfile::tempdir().unwrap(),
        Lang::En,
    );
    lead.keys("x").key(KeyCode::Enter);
    let file = tmp.path().join("tim.periksa");
    answer(&mut lead, file.to_str().unwrap());
    // no passphrase: a plain file
    lead.key(KeyCode::Enter);
    assert!(lead.tui.has_work() && !lead.tui.working());
    assert!(lead.screen().contains("Working…"));

    // started as the event loop starts it: the App goes to the worker, this returns at once
    assert!(lead.tui.start_work());
    assert!(lead.tui.working());
    // a move is held for later; quitting is answered, not done (Esc would stop the job: see
    // `esc_asks_the_job_to_stop_and_it_stops_at_its_next_report`)
    lead.key(KeyCode::Down);
    lead.keys("q");
    lead.ctrl('c');
    let s = lead.screen();
    assert!(
        s.contains("Still working; Esc stops it before it changes anything"),
        "{s}"
    );
    assert!(
        s.contains("Export and merge"),
        "drawn while the App is away: {s}"
    );
    assert!(s.contains("lead"), "the header keeps the store's name: {s}");
    lead.tui.finish_work();
    assert!(!lead.tui.working());
    assert!(!lead.tui.should_quit(), "q and Ctrl-c did not quit");
    let s = lead.screen();
    assert!(s.contains("Export and merge"), "q did not leave: {s}");
    assert!(
        s.contains("› XLSX workbook"),
        "the key pressed during the job moved the cursor after it: {s}"
    );
    // the lines the plain command's report gives
    let audit = lead.tui.app().audits().unwrap()[0].audit.id.to_string();
    let plain = lead
        .tui
        .app()
        .export_bundle(&audit, &tmp.path().join("plain.periksa"), &Seal::Plain)
        .unwrap();
    assert!(s.contains("Findings file written:"), "{s}");
    assert!(
        s.contains(&format!(
            "{} events whole, {} as hashes only",
            plain.events, plain.stubs
        )),
        "{s}"
    );
    assert!(s.contains("Not encrypted"), "{s}");
    assert!(file.exists());

    // the workbook, with the blocking form the older tests use: the same result line
    lead.key(KeyCode::Enter);
    answer(&mut lead, tmp.path().join("audit.xlsx").to_str().unwrap());
    assert!(lead.tui.work());
    assert!(lead.screen().contains("Export written: 1 file(s)"));

    // what a merge of the file adds, by the plain command on a laptop of its own
    let plain = {
        let mut third = App::init(&tmp.path().join("third"), "Rina", None, Role::Member).unwrap();
        third.import_bundle(&file, &Unseal::None).unwrap()
    };
    let second_app = App::init(&tmp.path().join("second"), "Dewi", None, Role::Member).unwrap();
    let mut second = Harness::with_app(second_app, tempfile::tempdir().unwrap(), Lang::Id);
    second.keys("x").keys("i");
    answer(&mut second, file.to_str().unwrap());
    assert!(second.tui.start_work());
    // `C` (to the conflicts) is held: it opens them after the merge, not over it
    second.keys("C");
    assert!(second.screen().contains("Ekspor dan gabung"));
    second.tui.finish_work();
    assert!(
        second.tui.current_title().starts_with("Konflik"),
        "the held key did its part after: {}",
        second.tui.current_title()
    );
    second.key(KeyCode::Esc);
    let s = second.screen();
    assert!(s.contains("Digabungkan dari"), "{s}");
    assert!(
        s.contains(&format!(
            "{} kejadian baru, {} sudah ada di sini",
            plain.added, plain.known
        )),
        "{s}"
    );
    assert!(s.contains("Tidak ada konflik yang menunggu."), "{s}");
    assert_eq!(second.tui.app().audits().unwrap().len(), 1);
}

#[test]
fn the_trail_verifies_on_the_worker_and_a_key_pressed_meanwhile_moves_the_list_after() {
    let mut h = Harness::demo(Lang::Id);
    let s = h
        .tui
        .with_cx(|cx| periksa::tui::screens::trail::Trail::new(cx.app, None));
    h.tui.push(Box::new(s.unwrap()));
    let first = h.screen();
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Memverifikasi rantai hash…"));
    assert!(h.tui.start_work());
    h.keys("j");
    h.tui.finish_work();
    let s = h.screen();
    assert!(s.contains("✓ 1 perangkat terverifikasi"), "{s}");
    assert_ne!(s, first, "the held j moved the cursor: {s}");
    assert!(!h.tui.has_work());
}

/// What a [`Slow`] job does once the test lets it go on.
#[derive(Clone, Copy)]
enum Then {
    /// Hand back the number of audits.
    Count,
    /// Panic.
    Panic,
    /// Tell one more step and hand back whether it was told to go on or to stop.
    Step,
}

/// A screen whose job tells a count, then waits for the test, then does what it was made for.
struct Slow {
    go: Option<mpsc::Receiver<()>>,
    then: Then,
    done: Option<String>,
}

impl Slow {
    fn new(then: Then) -> (Slow, mpsc::Sender<()>) {
        let (tx, rx) = mpsc::channel();
        (
            Slow {
                go: Some(rx),
                then,
                done: None,
            },
            tx,
        )
    }
}

impl Screen for Slow {
    fn title(&self, _ui: &Ui) -> String {
        "Slow".into()
    }
    fn bindings(&self) -> Vec<&'static Layer> {
        Vec::new()
    }
    fn update(&mut self, _a: periksa::tui::action::Action, _cx: &mut Cx) -> Outcome {
        Outcome::None
    }
    fn has_work(&self) -> bool {
        self.go.is_some()
    }
    fn take_job(&mut self) -> Option<Job> {
        let go = self.go.take()?;
        let then = self.then;
        Some(Job::new(move |app, p| {
            p.report("shell.job_save", 12_345, 112_000);
            let _ = go.recv();
            match then {
                Then::Count => JobResult::new(app.audits().map(|a| a.len()).unwrap_or(0)),
                Then::Panic => panic!("injected in the job"),
                Then::Step => JobResult::new(p.step(Step::of(Stage::Check, 11, 20))),
            }
        }))
    }
    fn job_done(&mut self, result: JobResult, _cx: &mut Cx) {
        self.done = match self.then {
            Then::Step => result.take::<Flow>().map(|f| format!("told: {f:?}")),
            _ => result
                .take::<usize>()
                .map(|n| format!("done: {n} audit(s)")),
        };
    }
    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let text = ui
            .job_line()
            .or_else(|| self.done.clone())
            .unwrap_or_default();
        f.render_widget(Paragraph::new(text), area);
    }
}

#[test]
fn progress_reaches_the_screen_in_indonesian_numbers_and_the_result_comes_back() {
    let mut h = Harness::demo(Lang::Id);
    let (slow, go) = Slow::new(Then::Count);
    h.tui.push(Box::new(slow));
    assert!(h.tui.start_work());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut s = String::new();
    while Instant::now() < deadline {
        assert!(h.tui.poll_work(), "the job waits for the test");
        s = h.screen();
        if s.contains("Menggabungkan… 12.345 dari 112.000 kejadian") {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        s.contains("Menggabungkan… 12.345 dari 112.000 kejadian"),
        "{s}"
    );
    go.send(()).unwrap();
    while h.tui.poll_work() {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    let s = h.screen();
    assert!(s.contains("done: 1 audit(s)"), "{s}");
    assert!(
        !s.contains("Menggabungkan"),
        "no progress once it ended: {s}"
    );
}

#[test]
fn a_job_that_panics_leaves_one_message_and_the_ui_quits_without_the_app() {
    let mut h = Harness::demo(Lang::En);
    let (slow, go) = Slow::new(Then::Panic);
    h.tui.push(Box::new(slow));
    assert!(h.tui.start_work());
    h.keys("j");
    go.send(()).unwrap();
    h.tui.finish_work();
    let lost = h.tui.lost().map(str::to_string).unwrap_or_default();
    assert!(lost.contains("injected in the job"), "{lost}");
    assert!(lost.contains("Periksa stopped"), "{lost}");
    assert!(h.tui.should_quit());
    assert!(!h.tui.working());
    // keys after it are ignored, drawing still works, and the way out says what happened
    h.keys("q");
    let s = h.screen();
    assert!(s.contains("Periksa stopped"), "{s}");
    let Harness { tui, .. } = h;
    match tui.finish() {
        Err(e) => assert!(e.to_string().contains("injected in the job"), "{e}"),
        Ok(_) => panic!("the App is gone"),
    }
}

/// Esc while a job runs asks it to stop: the shell says so in the user's language, and the job's
/// next report of progress is answered "stop" (the app's long commands then end with nothing
/// changed — `app::progress`'s tests); a job not asked goes on.
#[test]
fn esc_asks_the_job_to_stop_and_it_stops_at_its_next_report() {
    for (esc, lang, said, told) in [
        (
            true,
            Lang::Id,
            "Menghentikan… tidak ada yang diubah atau ditulis",
            "told: Stop",
        ),
        (
            true,
            Lang::En,
            "Stopping… nothing is changed or written",
            "told: Stop",
        ),
        (false, Lang::En, "", "told: Go"),
    ] {
        let mut h = Harness::demo(lang);
        let (slow, tx) = Slow::new(Then::Step);
        h.tui.push(Box::new(slow));
        assert!(h.tui.start_work());
        if esc {
            h.key(KeyCode::Esc);
            let s = h.screen();
            assert!(s.contains(said), "{s}");
        }
        tx.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while h.tui.poll_work() {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(5));
        }
        let s = h.screen();
        assert!(s.contains(told), "{s}");
    }
}

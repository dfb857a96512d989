//! A terminal UI on ratatui's TestBackend over a fresh demo store, driven by key events.
//! Use from a test file with `#[path = "common/harness.rs"] mod harness;`.
#![allow(dead_code)]

use periksa::app::{demo, App};
use periksa::tui::i18n::Lang;
use periksa::tui::theme::Theme;
use periksa::tui::{Options, Tui};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

pub struct Harness {
    pub tui: Tui,
    term: Terminal<TestBackend>,
    _dir: tempfile::TempDir,
    /// After each key, run the slow work the screens left for between keys, as the event loop
    /// does when no key waits (off: the test looks at the screen before that work).
    pub settle: bool,
}

impl Harness {
    pub fn demo(lang: Lang) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo");
        demo::fill(&store).unwrap();
        let app = App::open(&store).unwrap();
        Harness::with_app(app, dir, lang)
    }

    /// A terminal UI over a store the test prepared (the temporary folder is kept until the end).
    pub fn with_app(app: App, dir: tempfile::TempDir, lang: Lang) -> Harness {
        let mut tui = Tui::new(
            app,
            Options {
                lang,
                theme: Theme::monochrome(),
                keys: Default::default(),
            },
        )
        .unwrap();
        // as the event loop does, the UI knows the size of the terminal it draws on
        tui.resize(ratatui::layout::Rect::new(0, 0, 120, 36));
        Harness {
            tui,
            term: Terminal::new(TestBackend::new(120, 36)).unwrap(),
            _dir: dir,
            settle: false,
        }
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.tui.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.settled()
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.tui
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self.settled()
    }

    /// With [`Harness::settle`]: the work left for between keys, done.
    fn settled(&mut self) -> &mut Self {
        if self.settle {
            while self.tui.work() {}
        }
        self
    }

    /// Type each character as a key press.
    pub fn keys(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn screen(&mut self) -> String {
        let tui = &self.tui;
        self.term.draw(|f| tui.draw(f)).unwrap();
        let buf = self.term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.term
            .resize(ratatui::layout::Rect::new(0, 0, w, h))
            .unwrap();
        self.tui.resize(ratatui::layout::Rect::new(0, 0, w, h));
    }

    pub fn walk_answer(&self, code: &str) -> Option<String> {
        let app = self.tui.app();
        let audit = app.audits().unwrap()[0].audit.id;
        let r = app.store().response(&audit, code).unwrap()?;
        r.answer.map(|a| a.code())
    }
}

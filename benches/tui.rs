//! Key press → finished frame on the main screens, and the first frame after start, with a large
//! store: many employees (one event each) and an audit of 500 items.
//! Run: `cargo bench --bench tui` (full: 100,000 employees) or `-- --quick` (smoke: 2,000).

mod common;

use std::fmt::Write as _;

use common::{roster_csv, stats};
use std::time::Instant;

use periksa::app::{App, NewAudit};
use periksa::domain::phase::Role;
use periksa::tui::i18n::Lang;
use periksa::tui::theme::Theme;
use periksa::tui::{draw_opening, Options, Tui, Ui};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn template_toml(items: usize) -> String {
    let mut out = String::from(
        "id = \"besar\"\ntitle = \"Daftar uji besar\"\nversion = \"1\"\ndescription = \"Untuk pengukuran\"\n",
    );
    for s in 0..items.div_ceil(50) {
        let _ = writeln!(
            out,
            "\n[[section]]\ncode = \"B{s}\"\ntitle = \"Bagian {s}\""
        );
        for i in 0..50.min(items - s * 50) {
            let _ = writeln!(
                out,
                "[[section.item]]\ncode = \"B{s}-{i:02}\"\ntext = \"Butir pemeriksaan nomor {i} pada bagian {s}, dengan uraian kriteria yang cukup panjang.\"\ncriteria = \"PermenPANRB 15/2014\"\nguidance = \"Minta dokumen, cocokkan, dan catat hasilnya.\"\nweight = {}\n",
                1 + i % 5
            );
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let employees = std::env::var("PERIKSA_BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 2_000 } else { 100_000 });
    let dir = tempfile::tempdir_in(std::env::current_dir()?)?;
    let store = dir.path().join("store");

    let t = Instant::now();
    let mut app = App::init(&store, "Bench", None, Role::Lead)?;
    app.import_agencies("opd.csv", include_bytes!("../data/sample/opd.csv"), false)?;
    app.import_roster("roster.csv", roster_csv(employees).as_bytes(), false)?;
    app.import_template("besar.toml", template_toml(500).as_bytes())?;
    let audit = app.new_audit(NewAudit {
        agency: "DINKES".into(),
        checklist: "besar".into(),
        title: "Pemeriksaan besar".into(),
        ..Default::default()
    })?;
    let key = audit.id.to_string();
    app.advance(&key, None)?;
    let codes: Vec<String> = app
        .audit_view(&key)?
        .items
        .iter()
        .map(|i| i.item.code.clone())
        .collect();
    for code in codes.iter().step_by(2) {
        app.answer(
            &key,
            code,
            Some("sesuai"),
            Some("Dokumen lengkap dan sesuai."),
            &[],
        )?;
    }
    let events: u64 = app.store().heads()?.iter().map(|(_, h)| h.seq).sum();
    app.close()?;
    println!(
        "store: {employees} employees, audit of 500 items (250 answered), {events} events; built in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // the first frame (the "opening" notice) is drawn before the store opens; then the home screen
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let opts = Options {
        lang: Lang::Id,
        theme: Theme::default_dark(),
        keys: Default::default(),
    };
    let t = Instant::now();
    let ui = Ui::new(opts.lang, opts.theme.clone());
    term.draw(|f| draw_opening(f, &ui, &store))?;
    let first = t.elapsed().as_secs_f64() * 1000.0;
    let app = App::open(&store)?;
    let opened = t.elapsed().as_secs_f64() * 1000.0;
    let mut tui = Tui::new(app, opts)?;
    term.draw(|f| tui.draw(f))?;
    let home_frame = t.elapsed().as_secs_f64() * 1000.0;
    println!("first frame after start: {first:.1} ms (the opening notice)");
    println!("home screen with data:   {home_frame:.1} ms (store open {opened:.1} ms)");
    let t2 = Instant::now();
    let n = tui.app().store().employee_count();
    println!(
        "  (a full scan of {n} employees: {:.1} ms)",
        t2.elapsed().as_secs_f64() * 1000.0
    );

    let mut frame = |tui: &mut Tui, code: KeyCode| -> Result<f64, Box<dyn std::error::Error>> {
        let t = Instant::now();
        tui.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        term.draw(|f| tui.draw(f))?;
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    let rounds = if quick { 50 } else { 400 };
    let mut home = Vec::new();
    for i in 0..rounds {
        home.push(frame(
            &mut tui,
            if i % 2 == 0 {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            },
        )?);
    }
    // open the big audit (the newest is on top) and walk it
    frame(&mut tui, KeyCode::Char('g'))?;
    let open = frame(&mut tui, KeyCode::Enter)?;
    let mut walk = Vec::new();
    for i in 0..rounds {
        let code = if (i / 100) % 2 == 0 {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        };
        walk.push(frame(&mut tui, code)?);
    }
    let mut jumps = Vec::new();
    for _ in 0..rounds.min(100) {
        jumps.push(frame(&mut tui, KeyCode::Char(']'))?);
    }
    // back home, open the roster and search it keystroke by keystroke
    frame(&mut tui, KeyCode::Esc)?;
    let roster_open = frame(&mut tui, KeyCode::Char('r'))?;
    let mut search = Vec::new();
    for _ in 0..(rounds / 40).max(2) {
        for c in "sintetis 4217".chars() {
            search.push(frame(&mut tui, KeyCode::Char(c))?);
        }
        for _ in 0..13 {
            search.push(frame(&mut tui, KeyCode::Backspace)?);
        }
    }
    let (sm, sp) = stats(search);
    let (hm, hp) = stats(home);
    let (wm, wp) = stats(walk);
    let (jm, jp) = stats(jumps);
    println!("home, j/k:                    median {hm:.3} ms, p99 {hp:.3} ms");
    println!("open the 500-item audit:      {open:.1} ms");
    println!("walk, j/k over 500 items:     median {wm:.3} ms, p99 {wp:.3} ms");
    println!("walk, ] next unanswered:      median {jm:.3} ms, p99 {jp:.3} ms");
    println!("open the roster ({employees} ASN): {roster_open:.1} ms");
    println!("roster search, per keystroke: median {sm:.3} ms, p99 {sp:.3} ms");
    Ok(())
}

//! Periksa at a provincial inspectorate's scale, side by side with SQLite in the same run.
//!
//! For each size (default 10,000, 100,000 and 1,000,000 events) the generator
//! (`periksa::app::scale`, the same as `periksa-testkit scale`) fills a Periksa store, and the very
//! same rows go into a plain SQLite schema (an `events` table with the history and indexes on audit,
//! auditor and kind, plus one table per kind of state: agencies, employees, audits, responses,
//! findings, recommendations, follow-up entries and verifications, ratings) in WAL mode with `synchronous=FULL`. Every measurement then runs in its own
//! child process (this binary re-executed with `--phase`), so peak memory (VmHWM) is per phase:
//!
//! - `open`: the first frame (drawn before the store opens), opening the store and the home
//!   screen with data; SQLite: open + the audits-with-progress query.
//! - `browse`: key press → finished frame on the home, walk, findings and roster screens (ratatui
//!   `TestBackend`), the roster search per keystroke, and the peak memory of the whole session;
//!   SQLite: `LIKE '%…%'` over name, NIP, position and unit for the same keystrokes.
//! - `register`: the follow-up register (TLHP): `L` from home to its first frame (the screen
//!   reads the first audits, then the rest in steps between keys), cold and again; each step
//!   between keys and the time until every row is read; key press → finished frame for its filter keys (status,
//!   overdue, sort, j/k, a search, the recap); `App::tlhp` and `app::tlhp_recap` alone; SQLite: the
//!   register as one query over the twin's recommendations and follow-up tables, filtered (open and
//!   overdue; `LIKE` over the texts), and the recap per agency.
//! - `trail`: the last 200 events of one audit, and all events of one auditor in one month, events
//!   decoded; SQLite: the same queries through its indexes, bodies decoded the same way.
//! - `export`: every audit's CSV export; the baseline writes the same response rows (read
//!   beforehand, not timed) straight with the `csv` crate.
//! - `import` (sizes up to 100,000): a findings file of the whole store restored into an empty
//!   store; SQLite: the same rows inserted into an empty database in one transaction.
//! - `save`: one durable save (answer an item) on the big store; baselines: a bare 4 KiB append
//!   + fdatasync on the same disk, and a SQLite commit of the same change.
//!
//! Disk bytes of each store are read after generation.
//!
//! Run: `cargo bench --bench scale` (full, about 15 minutes on 2 cores, most of it generating the
//! 1M store), or `-- --quick` (smoke: 3,000 events). Knobs: `PERIKSA_BENCH_SIZES=10000,100000`;
//! `PERIKSA_BENCH_DIR=DIR` keeps the generated stores in DIR and reuses them on the next run;
//! `PERIKSA_BENCH_PHASES=register,open` runs only those phases.

mod common;

use std::collections::BTreeMap;

use common::stats;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use periksa::app::scale::{Generated, Generator, Spec};
use periksa::app::{App, RosterSearch};
use periksa::domain::model::{FindingContent, RatingContent};
use periksa::exchange::bundle::{Seal, Unseal};
use periksa::exchange::export::Format;
use periksa::store::event::Payload;
use periksa::store::EventFilter;
use periksa::tui::i18n::Lang;
use periksa::tui::theme::Theme;
use periksa::tui::{draw_opening, Options, Tui, Ui};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use rusqlite::{params, Connection};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 20_261_125;
/// What the roster search types, one keystroke at a time (names, then a NIP fragment), and then
/// deletes again.
const TYPED: &[&str] = &["wahyu", "lestari", "1985"];
/// What the register's search (`/`) is given, one word at a time.
const REGISTER_TYPED: &[&str] = &["rekonsiliasi", "pelatihan", "dinkes", "1.04"];

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Peak resident set of this process so far, MiB.
fn vm_hwm_mib() -> f64 {
    common::vm_hwm_kb() as f64 / 1024.0
}

fn du(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|rd| rd.flatten().map(|e| du(&e.path())).sum())
        .unwrap_or(0)
}

/// Print one figure for the parent to collect.
fn put(key: &str, value: f64) {
    println!("FIG {key} {value}");
}

// ---------------------------------------------------------------------------------------------
// the SQLite twin

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE events (seq INTEGER PRIMARY KEY, actor BLOB NOT NULL, at_ms INTEGER NOT NULL,
                     kind INTEGER NOT NULL, audit BLOB, body BLOB NOT NULL);
CREATE INDEX events_audit ON events (audit, at_ms);
CREATE INDEX events_actor ON events (actor, at_ms);
CREATE INDEX events_kind ON events (kind, at_ms);
CREATE TABLE profiles (id BLOB PRIMARY KEY, name TEXT, role TEXT);
CREATE TABLE agencies (code TEXT PRIMARY KEY, name TEXT, kind TEXT, region TEXT);
CREATE TABLE employees (nip TEXT PRIMARY KEY, name TEXT, position TEXT, rank TEXT, unit TEXT,
                        agency TEXT);
CREATE TABLE templates (id TEXT PRIMARY KEY, body BLOB);
CREATE TABLE audits (id BLOB PRIMARY KEY, title TEXT, agency TEXT, template TEXT, letter TEXT,
                     phase TEXT, created_ms INTEGER, updated_ms INTEGER, final_ms INTEGER,
                     followup_days INTEGER);
CREATE TABLE responses (audit BLOB, item TEXT, answer TEXT, note TEXT, evidence BLOB,
                        actor BLOB, at_ms INTEGER, PRIMARY KEY (audit, item));
CREATE TABLE findings (id BLOB PRIMARY KEY, audit BLOB, title TEXT, code TEXT, kondisi TEXT,
                       kriteria TEXT, sebab TEXT, cause_code TEXT, akibat TEXT, tanggapan TEXT,
                       severity TEXT, nips TEXT);
CREATE INDEX findings_audit ON findings (audit);
CREATE TABLE recommendations (finding BLOB, no INTEGER, code TEXT, text TEXT, official_name TEXT,
                              official_position TEXT, due TEXT, value INTEGER, followup_due TEXT,
                              PRIMARY KEY (finding, no));
CREATE TABLE followup_entries (id BLOB PRIMARY KEY, finding BLOB, no INTEGER, date TEXT,
                               action TEXT, evidence TEXT, returned INTEGER, actor BLOB,
                               at_ms INTEGER);
CREATE INDEX followup_entries_rec ON followup_entries (finding, no);
CREATE TABLE followup_verifications (finding BLOB, no INTEGER, entry BLOB, date TEXT,
                                     status INTEGER, reason TEXT, actor BLOB, at_ms INTEGER,
                                     PRIMARY KEY (finding, no, entry));
CREATE TABLE ratings (id BLOB PRIMARY KEY, audit BLOB, nip TEXT, hasil TEXT, perilaku TEXT,
                      justification TEXT, action TEXT);
";

fn sqlite_create(path: &Path) -> Res<Connection> {
    let _ = std::fs::remove_file(path);
    let db = Connection::open(path)?;
    db.execute_batch(SCHEMA)?;
    Ok(db)
}

/// One generated change into the SQLite twin: its history row and its state.
fn sqlite_apply(tx: &rusqlite::Transaction<'_>, g: &Generated) -> Res<()> {
    let p = &g.payload;
    // the payload as the store's envelope carries it (kind, version, bytes)
    let (_, _, body) = periksa::store::wire::encode_payload(p)?;
    let audit = p.audit().map(|a| a.as_bytes().to_vec());
    tx.prepare_cached(
        "INSERT INTO events (actor, at_ms, kind, audit, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        g.actor.as_bytes().as_slice(),
        g.at_ms,
        p.kind() as u8,
        audit,
        body
    ])?;
    let dbg = |v: &dyn std::fmt::Debug| format!("{v:?}");
    match p {
        Payload::ProfileAdded(pr) => {
            tx.prepare_cached("INSERT OR REPLACE INTO profiles VALUES (?1, ?2, ?3)")?
                .execute(params![pr.id.as_bytes().as_slice(), pr.name, dbg(&pr.role)])?;
        }
        Payload::AgencyUpserted(a) => {
            tx.prepare_cached("INSERT OR REPLACE INTO agencies VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![a.code, a.name, a.kind, a.region])?;
        }
        Payload::EmployeeUpserted(e) => {
            tx.prepare_cached("INSERT OR REPLACE INTO employees VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
                .execute(params![
                    e.nip.as_str(),
                    e.name,
                    e.position,
                    e.rank,
                    e.unit,
                    e.agency
                ])?;
        }
        Payload::TemplateImported { template, .. } => {
            tx.prepare_cached("INSERT OR REPLACE INTO templates VALUES (?1, ?2)")?
                .execute(params![template.id, periksa::codec::encode(template)?])?;
        }
        Payload::AuditCreated {
            id,
            title,
            agency,
            template_id,
            letter,
            ..
        } => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO audits VALUES (?1, ?2, ?3, ?4, ?5, 'planning', ?6, ?6,
                 NULL, NULL)",
            )?
            .execute(params![
                id.as_bytes().as_slice(),
                title,
                agency,
                template_id,
                letter,
                g.at_ms
            ])?;
        }
        Payload::ResponseRecorded {
            audit,
            item,
            answer,
            note,
            evidence,
        } => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO responses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                audit.as_bytes().as_slice(),
                item,
                dbg(answer),
                note,
                periksa::codec::encode(evidence)?,
                g.actor.as_bytes().as_slice(),
                g.at_ms
            ])?;
            tx.prepare_cached("UPDATE audits SET updated_ms = ?2 WHERE id = ?1")?
                .execute(params![audit.as_bytes().as_slice(), g.at_ms])?;
        }
        Payload::PhaseChanged {
            audit,
            to,
            followup_days,
            ..
        } => {
            tx.prepare_cached("UPDATE audits SET phase = ?2, updated_ms = ?3 WHERE id = ?1")?
                .execute(params![audit.as_bytes().as_slice(), dbg(to), g.at_ms])?;
            // the day it became final (the latest time) and the deadline then fixed
            if *to == periksa::domain::phase::Phase::Final {
                tx.prepare_cached(
                    "UPDATE audits SET final_ms = ?2, followup_days = ?3
                     WHERE id = ?1 AND (final_ms IS NULL OR final_ms < ?2)",
                )?
                .execute(params![
                    audit.as_bytes().as_slice(),
                    g.at_ms,
                    followup_days
                ])?;
            }
        }
        Payload::FindingRaised { id, audit, content }
        | Payload::FindingUpdated {
            id, audit, content, ..
        } => {
            let FindingContent {
                title,
                code,
                kondisi,
                kriteria,
                sebab,
                cause_code,
                akibat,
                recommendations,
                tanggapan,
                severity,
                nips,
                ..
            } = content;
            let nips: Vec<&str> = nips.iter().map(|n| n.as_str()).collect();
            let finding = id.as_bytes().as_slice();
            tx.prepare_cached(
                "INSERT INTO findings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (id) DO UPDATE SET title = ?3, code = ?4, kondisi = ?5, kriteria = ?6,
                 sebab = ?7, cause_code = ?8, akibat = ?9, tanggapan = ?10, severity = ?11,
                 nips = ?12",
            )?
            .execute(params![
                finding,
                audit.as_bytes().as_slice(),
                title,
                code,
                kondisi,
                kriteria,
                sebab,
                cause_code,
                akibat,
                tanggapan,
                dbg(severity),
                nips.join(",")
            ])?;
            // the recommendations as they now are (a follow-up's own due date stays)
            let nos: Vec<String> = recommendations.iter().map(|r| r.no.to_string()).collect();
            tx.execute(
                &format!(
                    "DELETE FROM recommendations WHERE finding = ?1 AND no NOT IN ({})",
                    nos.join(",")
                ),
                params![finding],
            )?;
            for r in recommendations {
                tx.prepare_cached(
                    "INSERT INTO recommendations VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)
                     ON CONFLICT (finding, no) DO UPDATE SET code = ?3, text = ?4,
                     official_name = ?5, official_position = ?6, due = ?7, value = ?8",
                )?
                .execute(params![
                    finding,
                    r.no,
                    r.code,
                    r.text,
                    r.official.name,
                    r.official.position,
                    r.due.map(|d| d.to_string()),
                    r.value.map(|v| v.sen())
                ])?;
            }
        }
        Payload::FollowUpReported {
            finding,
            recommendation,
            entry,
            ..
        } => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO followup_entries VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                entry.id.as_bytes().as_slice(),
                finding.as_bytes().as_slice(),
                recommendation,
                entry.date.to_string(),
                entry.action,
                entry.evidence.join("\n"),
                entry.returned.map(|v| v.sen()),
                g.actor.as_bytes().as_slice(),
                g.at_ms
            ])?;
        }
        Payload::FollowUpVerified {
            finding,
            recommendation,
            entry,
            date,
            status,
            reason,
            due,
            ..
        } => {
            // one verification per entry (or of the whole recommendation: an empty entry), as
            // Periksa keeps them
            let entry = entry.map_or_else(Vec::new, |e| e.as_bytes().to_vec());
            sqlite_verify(
                tx,
                g,
                (finding, *recommendation, &entry),
                (&date.to_string(), status.number(), reason),
            )?;
            if let Some(due) = due {
                tx.prepare_cached(
                    "UPDATE recommendations SET followup_due = ?3 WHERE finding = ?1 AND no = ?2",
                )?
                .execute(params![
                    finding.as_bytes().as_slice(),
                    recommendation,
                    due.to_string()
                ])?;
            }
        }
        // the retired one-status-per-finding follow-up (older stores): recommendation 1, as a whole
        Payload::FollowUpRecorded {
            finding,
            status,
            note,
            due,
            ..
        } => {
            let day = chrono::DateTime::from_timestamp_millis(g.at_ms)
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default();
            sqlite_verify(tx, g, (finding, 1, &[]), (&day, status.number(), note))?;
            tx.prepare_cached(
                "UPDATE recommendations SET followup_due = ?2 WHERE finding = ?1 AND no = 1",
            )?
            .execute(params![
                finding.as_bytes().as_slice(),
                due.map(|d| d.to_string())
            ])?;
        }
        Payload::RatingRecommended {
            id,
            audit,
            content:
                RatingContent {
                    nip,
                    hasil,
                    perilaku,
                    justification,
                    action,
                    ..
                },
            ..
        } => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO ratings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id.as_bytes().as_slice(),
                audit.as_bytes().as_slice(),
                nip.as_str(),
                dbg(hasil),
                dbg(perilaku),
                justification,
                dbg(action)
            ])?;
        }
        _ => {}
    }
    Ok(())
}

/// A verification into the SQLite twin: it replaces the one of the same entry.
fn sqlite_verify(
    tx: &rusqlite::Transaction<'_>,
    g: &Generated,
    (finding, no, entry): (&periksa::domain::Id, u16, &[u8]),
    (date, status, reason): (&str, u8, &str),
) -> Res<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO followup_verifications VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        finding.as_bytes().as_slice(),
        no,
        entry,
        date,
        status,
        reason,
        g.actor.as_bytes().as_slice(),
        g.at_ms
    ])?;
    Ok(())
}

/// Fill the SQLite twin with the generator's rows, `per_tx` rows per transaction.
fn sqlite_fill(
    db: &mut Connection,
    rows: impl Iterator<Item = Generated>,
    per_tx: usize,
) -> Res<u64> {
    let mut n = 0u64;
    let mut tx = db.transaction()?;
    for g in rows {
        sqlite_apply(&tx, &g)?;
        n += 1;
        if n.is_multiple_of(per_tx as u64) {
            tx.commit()?;
            tx = db.transaction()?;
        }
    }
    tx.commit()?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// generation

struct Sized {
    events: u64,
    periksa: PathBuf,
    sqlite: PathBuf,
}

fn lead_of(store: &Path) -> Res<periksa::domain::Id> {
    let app = App::open(store)?;
    Ok(app.current_profile()?.id)
}

fn prepare(root: &Path, events: u64) -> Res<Sized> {
    let periksa = root.join(format!("periksa-{events}"));
    let sqlite = root.join(format!("sqlite-{events}.db"));
    let spec = Spec::for_events(events, SEED);
    if !periksa.join("store.toml").exists() {
        let _ = std::fs::remove_dir_all(&periksa);
        let t = Instant::now();
        let filled = periksa::app::scale::run(&periksa, spec, |_| {})?;
        println!(
            "  generated Periksa store: {} events in {:.1} s",
            filled.events,
            t.elapsed().as_secs_f64()
        );
    }
    if !sqlite.exists() {
        let tmp = sqlite.with_extension("tmp");
        let mut db = sqlite_create(&tmp)?;
        let t = Instant::now();
        let rows = Generator::new(spec, lead_of(&periksa)?)?;
        let n = sqlite_fill(&mut db, rows, 2_000)?;
        db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        drop(db);
        std::fs::rename(&tmp, &sqlite)?;
        println!(
            "  generated SQLite twin: {n} rows in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(Sized {
        events,
        periksa,
        sqlite,
    })
}

// ---------------------------------------------------------------------------------------------
// phases (each in its own process)

fn phase_open(s: &Sized) -> Res<()> {
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let opts = Options {
        lang: Lang::Id,
        theme: Theme::default_dark(),
        keys: Default::default(),
    };
    let t = Instant::now();
    let ui = Ui::new(opts.lang, opts.theme.clone());
    term.draw(|f| draw_opening(f, &ui, &s.periksa))?;
    put("first_frame_ms", ms(t));
    let app = App::open(&s.periksa)?;
    put("open_ms", ms(t));
    let mut tui = Tui::new(app, opts)?;
    term.draw(|f| tui.draw(f))?;
    put("home_ms", ms(t));
    // the rest of the list's figures are read between key presses, a frame after each piece
    while tui.work() {
        term.draw(|f| tui.draw(f))?;
    }
    put("home_settled_ms", ms(t));
    put("open_rss_mib", vm_hwm_mib());

    let t = Instant::now();
    let db = Connection::open(&s.sqlite)?;
    let mut q = db.prepare(
        "SELECT a.title, a.agency, a.phase, a.updated_ms,
                (SELECT count(*) FROM responses r WHERE r.audit = a.id),
                (SELECT count(*) FROM findings f WHERE f.audit = a.id)
         FROM audits a ORDER BY a.updated_ms DESC LIMIT 48",
    )?;
    let rows = q
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    put("sqlite_open_ms", ms(t));
    put("sqlite_open_rows", rows.len() as f64);
    Ok(())
}

/// The terminal UI on the big store, at home with every figure read (as a user sees it once the
/// shell had time between keys).
fn home(s: &Sized) -> Res<(Terminal<TestBackend>, Tui)> {
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let opts = Options {
        lang: Lang::Id,
        theme: Theme::default_dark(),
        keys: Default::default(),
    };
    let app = App::open(&s.periksa)?;
    let mut tui = Tui::new(app, opts)?;
    term.draw(|f| tui.draw(f))?;
    while tui.work() {}
    Ok((term, tui))
}

fn phase_browse(s: &Sized, quick: bool) -> Res<()> {
    let rounds = if quick { 40 } else { 300 };
    let (mut term, mut tui) = home(s)?;
    let mut frame = |tui: &mut Tui, code: KeyCode| -> Res<f64> {
        let t = Instant::now();
        tui.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        term.draw(|f| tui.draw(f))?;
        Ok(ms(t))
    };
    let jk = |i: usize| {
        if (i / 20).is_multiple_of(2) {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        }
    };
    let mut keys: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for i in 0..rounds {
        keys.entry("home")
            .or_default()
            .push(frame(&mut tui, jk(i))?);
    }
    frame(&mut tui, KeyCode::Char('g'))?;
    frame(&mut tui, KeyCode::Enter)?;
    for i in 0..rounds {
        keys.entry("walk")
            .or_default()
            .push(frame(&mut tui, jk(i))?);
    }
    frame(&mut tui, KeyCode::Char('F'))?;
    for i in 0..rounds {
        keys.entry("findings")
            .or_default()
            .push(frame(&mut tui, jk(i))?);
    }
    frame(&mut tui, KeyCode::Esc)?;
    frame(&mut tui, KeyCode::Esc)?;
    frame(&mut tui, KeyCode::Char('r'))?;
    // the roster takes typed letters as its search: it moves with the arrow keys
    for i in 0..rounds {
        let code = if (i / 20).is_multiple_of(2) {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        keys.entry("roster")
            .or_default()
            .push(frame(&mut tui, code)?);
    }
    for word in TYPED {
        for c in word.chars() {
            keys.entry("roster_typing")
                .or_default()
                .push(frame(&mut tui, KeyCode::Char(c))?);
        }
        for _ in word.chars() {
            keys.entry("roster_backspace")
                .or_default()
                .push(frame(&mut tui, KeyCode::Backspace)?);
        }
    }
    for (name, v) in keys {
        let (m, p) = stats(v);
        put(&format!("key_{name}_median_ms"), m);
        put(&format!("key_{name}_p99_ms"), p);
    }
    put("browse_rss_mib", vm_hwm_mib());

    // the search alone, per keystroke, against SQLite LIKE over the same columns
    let index = tui.app().roster_index()?;
    let mut search = RosterSearch::new(&index);
    let db = Connection::open(&s.sqlite)?;
    let mut like = db.prepare(
        "SELECT nip, name FROM employees
         WHERE name LIKE ?1 OR nip LIKE ?1 OR position LIKE ?1 OR unit LIKE ?1 ORDER BY name",
    )?;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut our_hits, mut their_hits) = (0usize, 0usize);
    for word in TYPED {
        let prefixes: Vec<&str> = (1..=word.len()).map(|n| &word[..n]).collect();
        // keystrokes forward only: going back is nearly free in Periksa (the shorter query's
        // hits are kept) and would flatter the comparison
        for q in &prefixes {
            let t = Instant::now();
            search.set_query(&index, q);
            our_hits += search.hits().len();
            ours.push(ms(t));
            let t = Instant::now();
            let n = like
                .query_map([format!("%{q}%")], |r| r.get::<_, String>(0))?
                .count();
            their_hits += n;
            theirs.push(ms(t));
        }
        search.set_query(&index, "");
    }
    let (om, op) = stats(ours);
    let (tm, tp) = stats(theirs);
    put("search_median_ms", om);
    put("search_p99_ms", op);
    put("sqlite_like_median_ms", tm);
    put("sqlite_like_p99_ms", tp);
    put("search_hits", our_hits as f64);
    put("sqlite_like_hits", their_hits as f64);
    put("employees", index.len() as f64);
    Ok(())
}

/// The register as one SQLite query over the twin: every recommendation of every final audit with
/// its agency, audit, finding, entries (and those not verified), money returned on accepted
/// entries, status (the latest verification, else 2 with entries, else 3), due date (a follow-up's
/// own, else the recommendation's, else the final day plus the deadline) and days overdue on
/// `?1` (today), in the register's order. `filter` goes in the outer `WHERE`.
fn sqlite_register_sql(filter: &str) -> String {
    format!(
        "WITH reg AS (
           SELECT a.agency AS agency, ag.name AS agency_name, a.id AS audit, a.title AS audit_title,
                  date(a.final_ms / 1000, 'unixepoch') AS lhp, f.id AS finding,
                  f.title AS finding_title, f.code AS finding_code, r.no AS no, r.code AS code,
                  r.text AS text, r.official_name AS official_name,
                  r.official_position AS official_position, r.value AS value,
                  (SELECT count(*) FROM followup_entries e
                    WHERE e.finding = r.finding AND e.no = r.no) AS entries,
                  (SELECT count(*) FROM followup_entries e
                    WHERE e.finding = r.finding AND e.no = r.no AND NOT EXISTS
                      (SELECT 1 FROM followup_verifications v
                        WHERE v.finding = e.finding AND v.no = e.no AND v.entry = e.id))
                    AS unverified,
                  (SELECT coalesce(sum(e.returned), 0) FROM followup_entries e
                     JOIN followup_verifications v
                       ON v.finding = e.finding AND v.no = e.no AND v.entry = e.id
                    WHERE e.finding = r.finding AND e.no = r.no AND v.status IN (1, 4))
                    AS returned,
                  (SELECT v.status FROM followup_verifications v
                    WHERE v.finding = r.finding AND v.no = r.no
                    ORDER BY v.date DESC, v.at_ms DESC LIMIT 1) AS verified,
                  coalesce(r.followup_due, r.due,
                           date(a.final_ms / 1000, 'unixepoch', '+' || a.followup_days || ' days'))
                    AS due
             FROM audits a
             JOIN agencies ag ON ag.code = a.agency
             JOIN findings f ON f.audit = a.id
             JOIN recommendations r ON r.finding = f.id
            WHERE a.phase = 'Final' AND a.final_ms IS NOT NULL),
         st AS (
           SELECT *, coalesce(verified, CASE WHEN entries > 0 THEN 2 ELSE 3 END) AS status
             FROM reg),
         rows AS (
           SELECT *, CASE WHEN status IN (2, 3) AND julianday(?1) > julianday(due)
                          THEN CAST(julianday(?1) - julianday(due) AS INTEGER) END AS overdue
             FROM st)
         SELECT agency, agency_name, audit, audit_title, lhp, finding, finding_title,
                finding_code, no, code, text, official_name, official_position, value, entries,
                unverified, returned, status, due, overdue
           FROM rows {filter}
          ORDER BY agency, lhp, audit, finding, no"
    )
}

/// Rows of a register query, with how many in each status (1–4).
fn sqlite_register(stmt: &mut rusqlite::Statement<'_>, today: &str) -> Res<(usize, [usize; 4])> {
    let mut by = [0usize; 4];
    let mut n = 0;
    let mut rows = stmt.query([today])?;
    while let Some(r) = rows.next()? {
        // every column read, as a screen would take them
        let _: (String, String, Vec<u8>, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let _: (Vec<u8>, String, String, i64, String, String) = (
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        );
        let _: (String, String, Option<i64>, i64, i64, i64) = (
            r.get(11)?,
            r.get(12)?,
            r.get(13)?,
            r.get(14)?,
            r.get(15)?,
            r.get(16)?,
        );
        let status: i64 = r.get(17)?;
        let _: (Option<String>, Option<i64>) = (r.get(18)?, r.get(19)?);
        by[(status.clamp(1, 4) - 1) as usize] += 1;
        n += 1;
    }
    Ok((n, by))
}

fn phase_register(s: &Sized, quick: bool) -> Res<()> {
    let rounds: usize = if quick { 12 } else { 120 };
    let today = periksa::app::today();
    let (mut term, mut tui) = home(s)?;
    let frame = |term: &mut Terminal<TestBackend>,
                 tui: &mut Tui,
                 code: KeyCode,
                 mods: KeyModifiers|
     -> Res<f64> {
        let t = Instant::now();
        tui.handle_key(KeyEvent::new(code, mods));
        term.draw(|f| tui.draw(f))?;
        Ok(ms(t))
    };
    let key = |c: char| (KeyCode::Char(c), KeyModifiers::NONE);
    let mut keys: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    // `L` from home to the first frame (the first audits read, the rest waiting); then the
    // steps the shell runs between keys until every row is read, each to its frame, as the event
    // loop draws after each: the first time with the store's pages cold, then again (Esc back
    // home, `L`)
    let mut steps: Vec<f64> = Vec::new();
    let mut whole: Vec<f64> = Vec::new();
    let mut read_on = |tui: &mut Tui, term: &mut Terminal<TestBackend>| -> Res<()> {
        let t = Instant::now();
        while tui.has_work() {
            let step = Instant::now();
            tui.work();
            term.draw(|f| tui.draw(f))?;
            steps.push(ms(step));
        }
        whole.push(ms(t));
        Ok(())
    };
    let (c, m) = key('L');
    let t = Instant::now();
    put("register_open_cold_ms", frame(&mut term, &mut tui, c, m)?);
    if !tui.current_title().contains("TLHP") {
        return Err(format!("`L` opened {:?}, not the register", tui.current_title()).into());
    }
    read_on(&mut tui, &mut term)?;
    put("register_whole_cold_ms", ms(t));
    for _ in 0..(if quick { 3 } else { 10 }) {
        frame(&mut term, &mut tui, KeyCode::Esc, KeyModifiers::NONE)?;
        keys.entry("open")
            .or_default()
            .push(frame(&mut term, &mut tui, c, m)?);
        read_on(&mut tui, &mut term)?;
    }
    put("register_steps", steps.len() as f64);
    let (m50, m99) = stats(steps);
    put("register_step_median_ms", m50);
    put("register_step_p99_ms", m99);
    put("register_whole_ms", stats(whole).0);
    // the filter keys: status cycles through its six states, overdue toggles, sort cycles
    // through three (each back where it started after a whole cycle)
    for (name, ch) in [("status", 'f'), ("overdue", 'o'), ("sort", 's')] {
        let (c, m) = key(ch);
        for _ in 0..rounds {
            keys.entry(name)
                .or_default()
                .push(frame(&mut term, &mut tui, c, m)?);
        }
    }
    for i in 0..rounds {
        let code = if (i / 20).is_multiple_of(2) {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        };
        keys.entry("jk")
            .or_default()
            .push(frame(&mut term, &mut tui, code, KeyModifiers::NONE)?);
    }
    // a search: `/` opens the prompt, the letters go into it, Enter filters the rows; Ctrl-l
    // clears it again
    for word in REGISTER_TYPED {
        let (c, m) = key('/');
        keys.entry("search")
            .or_default()
            .push(frame(&mut term, &mut tui, c, m)?);
        for ch in word.chars() {
            let (c, m) = key(ch);
            keys.entry("search")
                .or_default()
                .push(frame(&mut term, &mut tui, c, m)?);
        }
        let t = frame(&mut term, &mut tui, KeyCode::Enter, KeyModifiers::NONE)?;
        keys.entry("search").or_default().push(t);
        keys.entry("search_enter").or_default().push(t);
        frame(
            &mut term,
            &mut tui,
            KeyCode::Char('l'),
            KeyModifiers::CONTROL,
        )?;
    }
    // the recap per agency of the rows shown, and back
    for _ in 0..(rounds / 4).max(2) {
        let (c, m) = key('r');
        keys.entry("recap")
            .or_default()
            .push(frame(&mut term, &mut tui, c, m)?);
        frame(&mut term, &mut tui, c, m)?;
    }
    for (name, v) in keys {
        let (m, p) = stats(v);
        put(&format!("reg_key_{name}_median_ms"), m);
        put(&format!("reg_key_{name}_p99_ms"), p);
    }
    // the read alone, and the recap of all rows alone
    let app = tui.app();
    let mut reads = Vec::new();
    let mut rows = Vec::new();
    for _ in 0..(if quick { 3 } else { 10 }) {
        let t = Instant::now();
        rows = app.tlhp(&Default::default(), today)?;
        reads.push(ms(t));
    }
    put("tlhp_ms", stats(reads).0);
    let mut recaps = Vec::new();
    let mut per_agency = 0;
    for _ in 0..(if quick { 3 } else { 10 }) {
        let t = Instant::now();
        per_agency = periksa::app::tlhp_recap(&rows).0.len();
        recaps.push(ms(t));
    }
    put("tlhp_recap_ms", stats(recaps).0);
    put("register_rows", rows.len() as f64);
    put("register_agencies", per_agency as f64);
    for n in 1..=4u8 {
        let count = rows.iter().filter(|r| r.status.number() == n).count();
        put(&format!("register_status_{n}"), count as f64);
    }
    put(
        "register_overdue",
        rows.iter().filter(|r| r.overdue.is_some()).count() as f64,
    );
    put(
        "register_audits",
        rows.iter()
            .map(|r| r.audit)
            .collect::<std::collections::HashSet<_>>()
            .len() as f64,
    );
    put("register_rss_mib", vm_hwm_mib());

    // SQLite: the register as one query (the first run cold), then filtered as the keys filter
    // (open and overdue; a search over the texts), and the recap per agency
    let day = today.to_string();
    let db = Connection::open(&s.sqlite)?;
    let t = Instant::now();
    let mut all = db.prepare(&sqlite_register_sql(""))?;
    let (n, by) = sqlite_register(&mut all, &day)?;
    put("sqlite_register_cold_ms", ms(t));
    put("sqlite_register_rows", n as f64);
    for (i, c) in by.iter().enumerate() {
        put(&format!("sqlite_register_status_{}", i + 1), *c as f64);
    }
    let reps = if quick { 3 } else { 10 };
    let mut times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        sqlite_register(&mut all, &day)?;
        times.push(ms(t));
    }
    put("sqlite_register_ms", stats(times).0);
    let mut open = db.prepare(&sqlite_register_sql(
        "WHERE status IN (2, 3) AND overdue IS NOT NULL",
    ))?;
    let mut times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        sqlite_register(&mut open, &day)?;
        times.push(ms(t));
    }
    put("sqlite_register_overdue_ms", stats(times).0);
    let mut times = Vec::new();
    for word in REGISTER_TYPED {
        let like = format!(
            "WHERE lower(agency || ' ' || agency_name || ' ' || audit_title || ' ' || \
             finding_title || ' ' || finding_code || ' ' || code || ' ' || text || ' ' || \
             official_name || ' ' || official_position) LIKE '%{word}%'"
        );
        let mut q = db.prepare(&sqlite_register_sql(&like))?;
        let t = Instant::now();
        sqlite_register(&mut q, &day)?;
        times.push(ms(t));
    }
    put("sqlite_register_search_ms", stats(times).0);
    let recap = format!(
        "SELECT agency, agency_name, count(DISTINCT finding), count(*), sum(status = 1),
                sum(status = 2), sum(status = 3), sum(status = 4), sum(value), sum(returned)
           FROM ({}) GROUP BY agency ORDER BY agency",
        sqlite_register_sql("")
    );
    let mut q = db.prepare(&recap)?;
    let mut times = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let n = q.query_map([&day], |r| r.get::<_, String>(0))?.count();
        times.push(ms(t));
        put("sqlite_recap_agencies", n as f64);
    }
    put("sqlite_recap_ms", stats(times).0);
    Ok(())
}

fn phase_trail(s: &Sized, quick: bool) -> Res<()> {
    let reps = if quick { 5 } else { 30 };
    let app = App::open(&s.periksa)?;
    let audits = app.audits()?;
    let db = Connection::open(&s.sqlite)?;
    // an auditor and a month with work: the auditor of a response in the middle of the history
    let (actor, month_start): (Vec<u8>, i64) = db.query_row(
        "SELECT actor, at_ms FROM events WHERE kind = 7 ORDER BY seq LIMIT 1 OFFSET
           (SELECT count(*) / 2 FROM events WHERE kind = 7)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let actor_id = periksa::domain::Id::from_slice(&actor)?;
    let since = month_start - month_start.rem_euclid(30 * 86_400_000);
    let until = since + 30 * 86_400_000;
    let (mut a200, mut amonth, mut s200, mut smonth) = (vec![], vec![], vec![], vec![]);
    let (mut n200, mut nmonth, mut sn200, mut snmonth) = (0, 0, 0, 0);
    let mut q200 = db.prepare(
        "SELECT kind, body FROM events WHERE audit = ?1 ORDER BY at_ms DESC, seq DESC LIMIT 200",
    )?;
    let mut qmonth = db.prepare(
        "SELECT kind, body FROM events WHERE actor = ?1 AND at_ms >= ?2 AND at_ms < ?3
         ORDER BY at_ms DESC, seq DESC",
    )?;
    for r in 0..reps {
        let audit = audits[(r * 7919) % audits.len()].audit.id;
        let t = Instant::now();
        n200 = app
            .log(
                &EventFilter {
                    audit: Some(audit),
                    ..Default::default()
                },
                200,
            )?
            .len();
        a200.push(ms(t));
        let t = Instant::now();
        nmonth = app
            .log(
                &EventFilter {
                    actor: Some(actor_id),
                    since_ms: Some(since),
                    until_ms: Some(until),
                    ..Default::default()
                },
                usize::MAX,
            )?
            .len();
        amonth.push(ms(t));
        let decode = |r: &rusqlite::Row<'_>| {
            let kind: u8 = r.get(0)?;
            let b: Vec<u8> = r.get(1)?;
            let version = periksa::store::event::Kind::from_u8(kind)
                .map_or(1, periksa::store::wire::current_version);
            Ok(periksa::store::wire::decode_payload(u16::from(kind), version, None, b).is_ok())
        };
        let t = Instant::now();
        sn200 = q200
            .query_map([audit.as_bytes().as_slice()], decode)?
            .filter(|d| matches!(d, Ok(true)))
            .count();
        s200.push(ms(t));
        let t = Instant::now();
        snmonth = qmonth
            .query_map(params![actor.as_slice(), since, until], decode)?
            .filter(|d| matches!(d, Ok(true)))
            .count();
        smonth.push(ms(t));
    }
    put("trail_audit200_ms", stats(a200).0);
    put("sqlite_audit200_ms", stats(s200).0);
    put("trail_month_ms", stats(amonth).0);
    put("sqlite_month_ms", stats(smonth).0);
    put("trail_audit200_rows", n200 as f64);
    put("sqlite_audit200_rows", sn200 as f64);
    put("trail_month_rows", nmonth as f64);
    put("sqlite_month_rows", snmonth as f64);
    Ok(())
}

fn phase_export(s: &Sized, quick: bool) -> Res<()> {
    let app = App::open(&s.periksa)?;
    let audits = app.audits()?;
    let take = if quick { 2 } else { audits.len() };
    let out = tempfile::tempdir_in(s.periksa.parent().unwrap_or(Path::new(".")))?;
    let t = Instant::now();
    let mut bytes = 0u64;
    for (i, a) in audits.iter().take(take).enumerate() {
        let dir = out.path().join(format!("a{i}"));
        bytes += app
            .export(
                &a.audit.id.to_string(),
                Format::Csv,
                &dir,
                &Default::default(),
            )?
            .bytes();
    }
    let secs = t.elapsed().as_secs_f64();
    put("export_mb_s", bytes as f64 / 1e6 / secs);
    put("export_bytes", bytes as f64);
    put("export_s", secs);
    // the same response rows, read first (not timed), then written straight with the csv crate,
    // one synced file per audit as the export makes them durable
    let mut per_audit = Vec::new();
    for a in audits.iter().take(take) {
        let view = app.audit_view(&a.audit.id.to_string())?;
        let rows: Vec<_> = view
            .items
            .into_iter()
            .filter_map(|it| {
                let r = it.response?;
                Some((
                    a.audit.id.to_string(),
                    it.item.code,
                    it.item.text,
                    format!("{:?}", r.answer),
                    r.note,
                    r.evidence.len(),
                    r.at.to_rfc3339(),
                ))
            })
            .collect();
        per_audit.push(rows);
    }
    let straight = out.path().join("straight");
    std::fs::create_dir_all(&straight)?;
    let t = Instant::now();
    let mut bytes = 0u64;
    for (i, rows) in per_audit.iter().enumerate() {
        let path = straight.join(format!("a{i}.csv"));
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["audit", "item", "text", "answer", "note", "evidence", "at"])?;
        for r in rows {
            w.serialize(r)?;
        }
        let file = w.into_inner().map_err(|e| e.to_string())?;
        file.sync_all()?;
        bytes += file.metadata()?.len();
    }
    std::fs::File::open(&straight)?.sync_all()?;
    let secs = t.elapsed().as_secs_f64();
    put("straight_mb_s", bytes as f64 / 1e6 / secs);
    put(
        "export_responses",
        per_audit.iter().map(Vec::len).sum::<usize>() as f64,
    );
    Ok(())
}

fn phase_import(s: &Sized) -> Res<()> {
    let app = App::open(&s.periksa)?;
    let lead = app.current_profile()?.id;
    let work = tempfile::tempdir_in(s.periksa.parent().unwrap_or(Path::new(".")))?;
    let report = app.backup(work.path(), &Seal::Plain)?;
    drop(app);
    let target = work.path().join("restored");
    let t = Instant::now();
    let (restored, merged) = App::restore(&report.path, &target, &Unseal::None)?;
    restored.close()?;
    let secs = t.elapsed().as_secs_f64();
    put("import_events", merged.added as f64);
    put("import_s", secs);
    put("import_ev_s", merged.added as f64 / secs);
    put("import_rss_mib", vm_hwm_mib());
    // SQLite: the same rows (generated beforehand) into an empty database, one transaction
    let rows: Vec<Generated> = Generator::new(Spec::for_events(s.events, SEED), lead)?.collect();
    let mut db = sqlite_create(&work.path().join("import.db"))?;
    let t = Instant::now();
    let n = sqlite_fill(&mut db, rows.into_iter(), usize::MAX)?;
    let secs = t.elapsed().as_secs_f64();
    put("sqlite_import_ev_s", n as f64 / secs);
    drop(db);
    import_keys(work.path(), &report.path)
}

/// Keys while the terminal UI merges a findings file on its worker thread: a fresh store, the
/// export and merge screen's `i`, the file's path; then, until the merge ends, `j`/`k` every
/// 20 ms as a person would press them, each timed from the key to its finished frame (the key is
/// held for after the merge; the frame shows the merge's progress).
fn import_keys(work: &Path, file: &Path) -> Res<()> {
    let fresh = App::init(
        &work.join("tui"),
        "Bench",
        None,
        periksa::domain::phase::Role::Lead,
    )?;
    let mut term = Terminal::new(TestBackend::new(160, 48))?;
    let opts = Options {
        lang: Lang::Id,
        theme: Theme::default_dark(),
        keys: Default::default(),
    };
    let mut tui = Tui::new(fresh, opts)?;
    term.draw(|f| tui.draw(f))?;
    while tui.work() {}
    let press = |tui: &mut Tui, code: KeyCode, modifiers: KeyModifiers| {
        tui.handle_key(KeyEvent::new(code, modifiers));
        while tui.work() {}
    };
    press(&mut tui, KeyCode::Char('x'), KeyModifiers::NONE);
    press(&mut tui, KeyCode::Char('i'), KeyModifiers::NONE);
    press(&mut tui, KeyCode::Char('u'), KeyModifiers::CONTROL);
    for c in file.to_string_lossy().chars() {
        press(&mut tui, KeyCode::Char(c), KeyModifiers::NONE);
    }
    tui.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    if !tui.start_work() {
        return Err("the merge did not start on the worker".into());
    }
    let t0 = Instant::now();
    let mut lat = Vec::new();
    let mut i = 0usize;
    while tui.working() {
        let code = if (i / 20).is_multiple_of(2) {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        };
        let t = Instant::now();
        tui.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        tui.poll_work();
        term.draw(|f| tui.draw(f))?;
        lat.push(ms(t));
        i += 1;
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let secs = t0.elapsed().as_secs_f64();
    tui.finish_work();
    let n = lat.len();
    let (med, p99) = stats(lat);
    put("import_keys_median_ms", med);
    put("import_keys_p99_ms", p99);
    put("import_keys_n", n as f64);
    put("import_keys_s", secs);
    Ok(())
}

fn phase_save(s: &Sized, quick: bool) -> Res<()> {
    let n = if quick { 20 } else { 300 };
    let mut app = App::open(&s.periksa)?;
    let audits = app.audits()?;
    let open = audits
        .iter()
        .find(|a| a.audit.phase == periksa::domain::phase::Phase::Fieldwork)
        .ok_or("no audit in fieldwork")?;
    let key = open.audit.id.to_string();
    let items: Vec<String> = app
        .audit_view(&key)?
        .items
        .iter()
        .filter(|i| i.item.answer == periksa::domain::template::AnswerKind::Compliance)
        .map(|i| i.item.code.clone())
        .collect();
    let answers = ["sesuai", "sebagian", "tidak-sesuai"];
    let mut ours = Vec::with_capacity(n);
    let db = Connection::open(&s.sqlite)?;
    db.execute_batch("PRAGMA synchronous = FULL;")?;
    let audit_blob = open.audit.id.as_bytes().to_vec();
    let mut theirs = Vec::with_capacity(n);
    for i in 0..n {
        // a note no earlier run wrote (the store is kept between runs): an unchanged answer
        // would not be saved at all
        let note = format!(
            "Catatan lapangan nomor {i} ({run}): dokumen diperiksa dan dicocokkan.",
            run = chrono::Utc::now().timestamp_millis()
        );
        let item = &items[i % items.len()];
        let t = Instant::now();
        app.answer(&key, item, Some(answers[i % 3]), Some(&note), &[])?;
        ours.push(ms(t));
        // the same change in SQLite: its history row and its state, one commit
        let t = Instant::now();
        let tx = db.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO events (actor, at_ms, kind, audit, body) VALUES (?1, ?2, 7, ?3, ?4)",
            params![
                vec![0u8; 16],
                i as i64,
                audit_blob.as_slice(),
                note.as_bytes()
            ],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO responses VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)",
            params![audit_blob.as_slice(), item, answers[i % 3], note, i as i64],
        )?;
        tx.commit()?;
        theirs.push(ms(t));
    }
    let bare_path = s.periksa.join("bare.bin");
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&bare_path)?;
    let block = vec![0x5Au8; 4096];
    let mut bare = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f.write_all(&block)?;
        f.sync_data()?;
        bare.push(ms(t));
    }
    drop(f);
    std::fs::remove_file(&bare_path)?;
    let (om, op) = stats(ours);
    let (sm, sp) = stats(theirs);
    let (bm, bp) = stats(bare);
    put("save_median_ms", om);
    put("save_p99_ms", op);
    put("sqlite_save_median_ms", sm);
    put("sqlite_save_p99_ms", sp);
    put("bare_median_ms", bm);
    put("bare_p99_ms", bp);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// the parent: generate, run the phases, print the table

fn child(phase: &str, s: &Sized, quick: bool) -> Res<BTreeMap<String, f64>> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.args(["--phase", phase, "--events", &s.events.to_string()])
        .arg("--periksa")
        .arg(&s.periksa)
        .arg("--sqlite")
        .arg(&s.sqlite);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!(
            "phase {phase} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.strip_prefix("FIG ")?.split(' ');
            Some((w.next()?.to_string(), w.next()?.parse().ok()?))
        })
        .collect())
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Res<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    if let Some(phase) = arg("--phase") {
        let s = Sized {
            events: arg("--events").and_then(|v| v.parse().ok()).unwrap_or(0),
            periksa: arg("--periksa").map(PathBuf::from).ok_or("--periksa")?,
            sqlite: arg("--sqlite").map(PathBuf::from).ok_or("--sqlite")?,
        };
        return match phase.as_str() {
            "open" => phase_open(&s),
            "browse" => phase_browse(&s, quick),
            "register" => phase_register(&s, quick),
            "trail" => phase_trail(&s, quick),
            "export" => phase_export(&s, quick),
            "import" => phase_import(&s),
            "save" => phase_save(&s, quick),
            other => Err(format!("unknown phase {other}").into()),
        };
    }
    let sizes: Vec<u64> = match std::env::var("PERIKSA_BENCH_SIZES") {
        Ok(v) => v
            .split(',')
            .filter_map(|s| s.trim().replace('_', "").parse().ok())
            .collect(),
        Err(_) if quick => vec![3_000],
        Err(_) => vec![10_000, 100_000, 1_000_000],
    };
    let (_keep, root) = match std::env::var_os("PERIKSA_BENCH_DIR") {
        Some(d) => {
            std::fs::create_dir_all(&d)?;
            (None, PathBuf::from(d))
        }
        None => {
            let t = tempfile::tempdir_in(std::env::current_dir()?)?;
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    };
    let mut all: Vec<(u64, BTreeMap<String, f64>)> = Vec::new();
    for &events in &sizes {
        println!("size {events} events:");
        let s = prepare(&root, events)?;
        let mut figs = BTreeMap::new();
        figs.insert("periksa_bytes".to_string(), du(&s.periksa) as f64);
        figs.insert(
            "journal_bytes".to_string(),
            du(&s.periksa.join("journal.log")) as f64,
        );
        figs.insert("sqlite_bytes".to_string(), du(&s.sqlite) as f64);
        let mut phases = vec!["open", "browse", "register", "trail", "export", "save"];
        if events <= 100_000 {
            phases.push("import");
        }
        // `PERIKSA_BENCH_PHASES=register,open` runs those phases only
        if let Ok(only) = std::env::var("PERIKSA_BENCH_PHASES") {
            let only: Vec<&str> = only.split(',').map(str::trim).collect();
            phases.retain(|p| only.contains(p));
        }
        for phase in phases {
            let t = Instant::now();
            figs.extend(child(phase, &s, quick)?);
            println!("  phase {phase}: {:.1} s", t.elapsed().as_secs_f64());
        }
        report(events, &figs);
        all.push((events, figs));
    }
    if all.len() > 1 {
        growth(&all);
    }
    Ok(())
}

fn f(figs: &BTreeMap<String, f64>, k: &str) -> f64 {
    figs.get(k).copied().unwrap_or(f64::NAN)
}

fn report(events: u64, m: &BTreeMap<String, f64>) {
    let g = |k: &str| f(m, k);
    println!("\n| {events} events | Periksa | baseline in the same run | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| one durable save | median {:.3} ms, p99 {:.3} ms | bare 4 KiB append+fdatasync {:.3} ms; SQLite WAL FULL commit median {:.3} ms, p99 {:.3} ms | {:.2}× bare, {:.2}× SQLite |",
        g("save_median_ms"),
        g("save_p99_ms"),
        g("bare_median_ms"),
        g("sqlite_save_median_ms"),
        g("sqlite_save_p99_ms"),
        g("save_median_ms") / g("bare_median_ms"),
        g("save_median_ms") / g("sqlite_save_median_ms"),
    );
    println!(
        "| open the store, first frame | first frame {:.1} ms; store open {:.0} ms; home with data {:.0} ms (every row's figures {:.0} ms) | SQLite open + audits query {:.1} ms | {:.1}× (home vs SQLite) |",
        g("first_frame_ms"),
        g("open_ms"),
        g("home_ms"),
        g("home_settled_ms"),
        g("sqlite_open_ms"),
        g("home_ms") / g("sqlite_open_ms"),
    );
    for screen in [
        "home",
        "walk",
        "findings",
        "roster",
        "roster_typing",
        "roster_backspace",
    ] {
        println!(
            "| key → frame, {screen} | median {:.2} ms, p99 {:.2} ms | — | — |",
            g(&format!("key_{screen}_median_ms")),
            g(&format!("key_{screen}_p99_ms")),
        );
    }
    println!(
        "| roster search per keystroke ({:.0} ASN) | median {:.2} ms, p99 {:.2} ms | SQLite LIKE median {:.2} ms, p99 {:.2} ms | {:.2}× |",
        g("employees"),
        g("search_median_ms"),
        g("search_p99_ms"),
        g("sqlite_like_median_ms"),
        g("sqlite_like_p99_ms"),
        g("search_median_ms") / g("sqlite_like_median_ms"),
    );
    println!(
        "| register (TLHP): `L` to the first frame ({:.0} recommendations of {:.0} final audits) | cold {:.1} ms, again median {:.1} ms (p99 {:.1}); then a step between keys median {:.1} ms (p99 {:.1}), every row read after {:.0} ms cold, {:.0} ms again; `App::tlhp` alone {:.1} ms | SQLite register query cold {:.1} ms, warm {:.1} ms | {:.2}× (tlhp vs warm query) |",
        g("register_rows"),
        g("register_audits"),
        g("register_open_cold_ms"),
        g("reg_key_open_median_ms"),
        g("reg_key_open_p99_ms"),
        g("register_step_median_ms"),
        g("register_step_p99_ms"),
        g("register_whole_cold_ms"),
        g("register_whole_ms"),
        g("tlhp_ms"),
        g("sqlite_register_cold_ms"),
        g("sqlite_register_ms"),
        g("tlhp_ms") / g("sqlite_register_ms"),
    );
    for (name, what) in [
        ("status", "status `f`"),
        ("overdue", "overdue `o`"),
        ("sort", "sort `s`"),
        ("jk", "j/k"),
        ("search", "search `/`, letters, Enter"),
        ("search_enter", "search, Enter alone"),
        ("recap", "recap `r`"),
    ] {
        println!(
            "| register key → frame, {what} | median {:.2} ms, p99 {:.2} ms | — | — |",
            g(&format!("reg_key_{name}_median_ms")),
            g(&format!("reg_key_{name}_p99_ms")),
        );
    }
    println!(
        "| register filtered / recap | recap of all rows {:.2} ms | SQLite query open+overdue {:.1} ms, search LIKE {:.1} ms, recap per agency {:.1} ms | — |",
        g("tlhp_recap_ms"),
        g("sqlite_register_overdue_ms"),
        g("sqlite_register_search_ms"),
        g("sqlite_recap_ms"),
    );
    println!(
        "| register rows by status 1/2/3/4 (overdue) | {:.0}/{:.0}/{:.0}/{:.0} ({:.0}) | SQLite {:.0} rows: {:.0}/{:.0}/{:.0}/{:.0} | peak {:.0} MiB |",
        g("register_status_1"),
        g("register_status_2"),
        g("register_status_3"),
        g("register_status_4"),
        g("register_overdue"),
        g("sqlite_register_rows"),
        g("sqlite_register_status_1"),
        g("sqlite_register_status_2"),
        g("sqlite_register_status_3"),
        g("sqlite_register_status_4"),
        g("register_rss_mib"),
    );
    println!(
        "| trail: last 200 events of one audit | {:.2} ms ({:.0} rows) | SQLite {:.2} ms ({:.0} rows) | {:.2}× |",
        g("trail_audit200_ms"),
        g("trail_audit200_rows"),
        g("sqlite_audit200_ms"),
        g("sqlite_audit200_rows"),
        g("trail_audit200_ms") / g("sqlite_audit200_ms"),
    );
    println!(
        "| trail: one auditor's month | {:.2} ms ({:.0} rows) | SQLite {:.2} ms ({:.0} rows) | {:.2}× |",
        g("trail_month_ms"),
        g("trail_month_rows"),
        g("sqlite_month_ms"),
        g("sqlite_month_rows"),
        g("trail_month_ms") / g("sqlite_month_ms"),
    );
    println!(
        "| CSV export of every audit ({:.0} responses, {:.1} MB) | {:.1} MB/s | straight csv {:.1} MB/s | {:.2}× |",
        g("export_responses"),
        g("export_bytes") / 1e6,
        g("export_mb_s"),
        g("straight_mb_s"),
        g("export_mb_s") / g("straight_mb_s"),
    );
    if m.contains_key("import_ev_s") {
        println!(
            "| import a findings file ({:.0} events) into an empty store | {:.0} events/s ({:.1} s, peak {:.0} MiB) | SQLite one transaction {:.0} events/s | {:.2}× |",
            g("import_events"),
            g("import_ev_s"),
            g("import_s"),
            g("import_rss_mib"),
            g("sqlite_import_ev_s"),
            g("import_ev_s") / g("sqlite_import_ev_s"),
        );
        println!(
            "| key → frame while the TUI merges that file on its worker ({:.0} keys over {:.1} s) | median {:.2} ms, p99 {:.2} ms | — | — |",
            g("import_keys_n"),
            g("import_keys_s"),
            g("import_keys_median_ms"),
            g("import_keys_p99_ms"),
        );
    }
    println!(
        "| disk bytes | {:.1} MB (journal {:.1} MB) | SQLite {:.1} MB | {:.2}× |",
        g("periksa_bytes") / 1e6,
        g("journal_bytes") / 1e6,
        g("sqlite_bytes") / 1e6,
        g("periksa_bytes") / g("sqlite_bytes"),
    );
    println!(
        "| peak memory browsing | {:.0} MiB (open only {:.0} MiB) | — | — |\n",
        g("browse_rss_mib"),
        g("open_rss_mib"),
    );
}

fn growth(all: &[(u64, BTreeMap<String, f64>)]) {
    println!(
        "| growth | {} |",
        all.iter()
            .map(|(e, _)| format!("{e} events"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|{}", "---|".repeat(all.len()));
    let row = |name: &str, k: &str, scale: f64, unit: &str| {
        println!(
            "| {name} | {} |",
            all.iter()
                .map(|(_, m)| format!("{:.2} {unit}", f(m, k) * scale))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    };
    row("store open", "open_ms", 1.0, "ms");
    row("home with data", "home_ms", 1.0, "ms");
    row("save, median", "save_median_ms", 1.0, "ms");
    row("walk key → frame, median", "key_walk_median_ms", 1.0, "ms");
    row("roster search, median", "search_median_ms", 1.0, "ms");
    row(
        "register open (`L`), again",
        "reg_key_open_median_ms",
        1.0,
        "ms",
    );
    row("register `App::tlhp`", "tlhp_ms", 1.0, "ms");
    row("SQLite register query", "sqlite_register_ms", 1.0, "ms");
    row(
        "register status key, median",
        "reg_key_status_median_ms",
        1.0,
        "ms",
    );
    row("trail, audit's last 200", "trail_audit200_ms", 1.0, "ms");
    row("trail, auditor's month", "trail_month_ms", 1.0, "ms");
    row("disk", "periksa_bytes", 1e-6, "MB");
    row("SQLite disk", "sqlite_bytes", 1e-6, "MB");
    row("peak RSS browsing", "browse_rss_mib", 1.0, "MiB");
}

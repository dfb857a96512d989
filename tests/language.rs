//! Every screen speaks the user's language: the demo store is walked through its screens, forms,
//! help and refusals in Bahasa Indonesia and in English, and each rendered screen is searched for
//! sentences of the other language. Domain terms (temuan, predikat, ASN, NIP, LHP, the roles of
//! the review chain, answers and regulation names) are the same in both and are not counted.

#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

/// Words that only an English sentence has (as whole words, lower case).
const ENGLISH: &[&str] = &[
    "the", "and", "is", "are", "was", "be", "cannot", "can", "not", "with", "this", "that",
    "press", "open", "of", "to", "no", "yet", "has", "have", "must", "before", "after", "will",
    "which", "there", "give", "needs", "first", "it", "its", "for", "only", "from", "by", "or",
    "in", "into", "what", "when", "does",
];

/// Words that only an Indonesian sentence has.
const INDONESIAN: &[&str] = &[
    "yang", "dan", "tidak", "belum", "dengan", "untuk", "atau", "ini", "itu", "sudah", "dari",
    "tekan", "buka", "ke", "di", "pada", "akan", "harus",
];

/// Whole words of `text`, lower case (letters only; a word inside `quotes` or a `code` is skipped,
/// as are lines with a file path or a key name, which are names rather than sentences).
fn words(text: &str) -> Vec<String> {
    // a run of letters and digits is a code (an id, a hash, a NIP), not a word: `4be3` is no "be"
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .collect()
}

/// The words of `foreign` on the screen, each with the line it stands on.
fn foreign_words(screen: &str, foreign: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for line in screen.lines() {
        for w in words(line) {
            if foreign.contains(&w.as_str()) {
                found.push(format!("{w:?} in: {}", line.trim()));
            }
        }
    }
    found
}

/// Every 10-character piece of the store's own data (names, positions, units, agencies, audit
/// titles, checklist texts, findings, notes): a line holding one shows data, which is in the
/// language its authors wrote it in, so the check skips it.
fn data_pieces(app: &periksa::app::App) -> Data {
    let mut texts: Vec<String> = Vec::new();
    for e in app.employees() {
        let e = e.unwrap();
        texts.extend([e.name, e.position, e.rank, e.unit, e.agency]);
    }
    for a in app.agencies().unwrap() {
        texts.extend([a.code, a.name, a.kind, a.region]);
    }
    for s in app.audits().unwrap() {
        let id = s.audit.id.to_string();
        texts.push(s.audit.title.clone());
        let v = app.audit_view(&id).unwrap();
        texts.push(v.template.title.clone());
        for i in &v.items {
            texts.extend([
                i.section_title.clone(),
                i.item.text.clone(),
                i.item.guidance.clone(),
                i.item.criteria.clone(),
            ]);
            if let Some(r) = &i.response {
                texts.push(r.note.clone());
                texts.extend(r.evidence.iter().map(|e| e.name.clone()));
            }
        }
        for f in app.findings(&id).unwrap() {
            let c = f.content;
            texts.extend(c.recommendations.iter().map(|r| r.text.clone()));
            texts.extend(c.recommendations.iter().map(|r| r.official.name.clone()));
            texts.extend([
                c.title,
                c.kondisi,
                c.kriteria,
                c.sebab,
                c.akibat,
                c.tanggapan,
            ]);
        }
    }
    let mut pieces = std::collections::HashSet::new();
    let mut words = std::collections::HashSet::new();
    for t in &texts {
        let chars: Vec<char> = t.chars().collect();
        for w in chars.windows(10) {
            pieces.insert(w.iter().collect::<String>());
        }
        words.extend(self::words(t));
    }
    Data {
        pieces,
        texts,
        words,
    }
}

/// The store's own texts, to tell data from the UI's words.
struct Data {
    pieces: std::collections::HashSet<String>,
    texts: Vec<String>,
    words: std::collections::HashSet<String>,
}

impl Data {
    /// Whether a line shows data: a 10-character piece of it.
    fn in_line(&self, line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        chars
            .windows(10)
            .any(|w| self.pieces.contains(&w.iter().collect::<String>()))
    }
    /// The UI's own words of a line: each boxed part (between `│`) that is not a cut piece of
    /// data, without a last word that a data word begins with (a cell cut by its column).
    fn ui_text(&self, line: &str) -> String {
        let mut out = Vec::new();
        for part in line.split('│') {
            let t = part.trim();
            if t.chars().count() >= 3 && self.texts.iter().any(|d| d.contains(t)) {
                continue;
            }
            let mut ws = words(t);
            if let Some(last) = ws.last() {
                if self
                    .words
                    .iter()
                    .any(|d| d.starts_with(last.as_str()) && d != last)
                {
                    ws.pop();
                }
            }
            out.push(ws.join(" "));
        }
        out.join(" | ")
    }
}

struct Walk {
    lang: Lang,
    h: Harness,
    home_title: String,
    seen: Vec<(String, String)>,
}

impl Walk {
    fn new(lang: Lang) -> Walk {
        let h = Harness::demo(lang);
        let home_title = h.tui.current_title();
        Walk {
            lang,
            h,
            home_title,
            seen: Vec::new(),
        }
    }
    /// Look at the screen as it is now, named `what`.
    fn look(&mut self, what: &str) -> &mut Self {
        let s = self.h.screen();
        self.seen.push((what.to_string(), s));
        self
    }
    fn keys(&mut self, k: &str) -> &mut Self {
        self.h.keys(k);
        self
    }
    fn key(&mut self, k: KeyCode) -> &mut Self {
        self.h.key(k);
        self
    }
    /// Back to the audit list (Esc until its title shows; a search field takes one Esc itself).
    fn home(&mut self) -> &mut Self {
        let home = self.home_title.clone();
        for _ in 0..6 {
            if self.h.tui.current_title() == home {
                return self;
            }
            self.h.key(KeyCode::Esc);
        }
        panic!("Esc does not lead home: {}", self.h.tui.current_title());
    }
    /// Look at a screen reached from home with `keys`, which must have opened another screen.
    fn screen_from_home(&mut self, keys: &str, what: &str) -> &mut Self {
        self.home();
        if keys == "Enter" {
            self.h.key(KeyCode::Enter);
        } else {
            self.h.keys(keys);
        }
        assert_ne!(self.h.tui.current_title(), self.home_title, "{what} opened");
        self.look(what)
    }
    /// Every screen and popup of the demo store, with a refusal or two on the way.
    fn everything(&mut self) -> &mut Self {
        self.look("home").keys("?").look("help").key(KeyCode::Esc);
        self.keys(":").look("palette").key(KeyCode::Esc);
        self.screen_from_home("Enter", "walk");
        self.keys("s").look("walk with score").keys("s");
        self.keys("o").look("note editor").key(KeyCode::Esc);
        self.keys("?").look("walk help").key(KeyCode::Esc);
        self.screen_from_home("f", "findings");
        self.keys("n").look("finding form").key(KeyCode::Esc);
        self.keys("w").look("withdraw finding").key(KeyCode::Esc);
        self.screen_from_home("r", "roster");
        self.keys("budi").look("roster search");
        self.key(KeyCode::Enter).look("employee page");
        self.screen_from_home("t", "trail");
        self.key(KeyCode::Enter).look("trail event");
        self.screen_from_home("C", "conflicts");
        self.screen_from_home("x", "export and merge");
        self.screen_from_home(">", "completeness");
        self.home().keys("S").look("sign-off");
        self.home();
        // refusals: the audit made final, then edits tried
        self.h.tui.with_cx(|cx| fill::finalise(cx.app));
        self.screen_from_home("f", "findings of a final audit");
        self.keys("e").look("a finding of a final audit refused");
        self.screen_from_home("Enter", "walk of a final audit");
        self.keys("1").look("an answer on a final audit refused");
        self.keys("o").look("a note on a final audit refused");
        self.home().keys(">").look("reopening asks a reason");
        self.key(KeyCode::Enter)
            .look("a reopening without a reason refused");
        self.key(KeyCode::Esc).home();
        self
    }
    /// The screens with words of the other language, in the lines that show no data.
    fn problems(&self) -> Vec<String> {
        let foreign = match self.lang {
            Lang::Id => ENGLISH,
            Lang::En => INDONESIAN,
        };
        let data = data_pieces(self.h.tui.app());
        let mut out = Vec::new();
        for (what, s) in &self.seen {
            let chrome: String = s
                .lines()
                .filter(|l| !data.in_line(l))
                .map(|l| data.ui_text(l))
                .collect::<Vec<_>>()
                .join("\n");
            out.extend(
                foreign_words(&chrome, foreign)
                    .into_iter()
                    .map(|f| format!("{what}: {f}")),
            );
        }
        out
    }
}

#[test]
fn the_indonesian_ui_shows_no_english_sentence() {
    let mut w = Walk::new(Lang::Id);
    w.everything();
    assert!(w.seen.len() >= 26, "the walk saw {} screens", w.seen.len());
    let problems = w.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_english_ui_shows_no_indonesian_sentence() {
    let mut w = Walk::new(Lang::En);
    w.everything();
    let problems = w.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_word_check_finds_what_it_looks_for() {
    assert_eq!(
        foreign_words("Tekan Enter: the audit is final", ENGLISH).len(),
        2
    );
    assert_eq!(
        foreign_words("Pemeriksaan ini sudah final dan terkunci", INDONESIAN).len(),
        3
    );
    assert!(foreign_words("temuan [tinggi] SOP belum ditetapkan", ENGLISH).is_empty());
    // ids and hashes are codes: a random one that holds "be" between digits is no English word
    assert!(foreign_words("kunci fdf4be93 · 01a24ed8-a82c-7be3", ENGLISH).is_empty());
}

//! Popups over a screen: help, confirmation, one-line input, the observation editor and fuzzy pickers
//! (the command palette is a picker). A popup owns the keys while it is open.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_textarea::{TextArea, WrapMode};

use super::line::LineInput;
use super::list::{ListState, PAGE};
use crate::tui::fuzzy::Fuzzy;
use crate::tui::Ui;

/// What a finished popup hands back to the screen that opened it, tagged with why it was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct PopupResult {
    pub purpose: &'static str,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Yes,
    Text(String),
    /// Ids of the picked items, in the order shown.
    Picked(Vec<String>),
}

pub enum PopupOutcome {
    Stay,
    Close,
    Done(PopupResult),
}

/// One choice in a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PickItem {
    pub id: String,
    pub label: String,
    /// Extra words matched by the search but not shown (e.g. a NIP in plain digits).
    pub search: String,
    /// Listed before the other items, searched or not (e.g. the ASN of the audited agency);
    /// each group keeps its own order.
    pub first: bool,
}

impl PickItem {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> PickItem {
        PickItem {
            id: id.into(),
            label: label.into(),
            search: String::new(),
            first: false,
        }
    }
}

pub struct Picker {
    pub purpose: &'static str,
    pub title: String,
    items: Vec<PickItem>,
    hay: Vec<String>,
    query: LineInput,
    shown: Vec<usize>,
    list: ListState,
    multi: bool,
    chosen: Vec<bool>,
    fuzzy: Fuzzy,
    /// Why the last pick was refused (shown until the next key).
    error: Option<String>,
}

impl Picker {
    pub fn new(purpose: &'static str, title: String, items: Vec<PickItem>, multi: bool) -> Picker {
        let hay = items
            .iter()
            .map(|i| format!("{} {}", i.label, i.search))
            .collect();
        let n = items.len();
        let mut p = Picker {
            purpose,
            title,
            items,
            hay,
            query: LineInput::default(),
            shown: Vec::new(),
            list: ListState::default(),
            multi,
            chosen: vec![false; n],
            fuzzy: Fuzzy::default(),
            error: None,
        };
        p.refilter();
        p
    }

    /// Pre-select items (multi pickers).
    pub fn with_chosen(mut self, ids: &[String]) -> Picker {
        for (i, item) in self.items.iter().enumerate() {
            self.chosen[i] = ids.contains(&item.id);
        }
        self
    }

    fn refilter(&mut self) {
        self.shown = self
            .fuzzy
            .rank(self.query.text(), self.hay.iter().map(String::as_str));
        // a stable sort: within each group, the order of the list or of the search stays
        let items = &self.items;
        self.shown.sort_by_key(|&i| !items[i].first);
        self.list.top();
    }

    fn handle(&mut self, key: &KeyEvent) -> PopupOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.error = None;
        match key.code {
            KeyCode::Esc => return PopupOutcome::Close,
            KeyCode::Enter => {
                let ids: Vec<String> = if self.multi {
                    let mut ids: Vec<String> = self
                        .items
                        .iter()
                        .zip(&self.chosen)
                        .filter(|(_, c)| **c)
                        .map(|(i, _)| i.id.clone())
                        .collect();
                    if ids.is_empty() {
                        if let Some(&i) = self.shown.get(self.list.cursor()) {
                            ids.push(self.items[i].id.clone());
                        }
                    }
                    ids
                } else {
                    match self.shown.get(self.list.cursor()) {
                        Some(&i) => vec![self.items[i].id.clone()],
                        None => return PopupOutcome::Stay,
                    }
                };
                return PopupOutcome::Done(PopupResult {
                    purpose: self.purpose,
                    value: Value::Picked(ids),
                });
            }
            KeyCode::Down => self.list.down(self.shown.len()),
            KeyCode::Char('n') if ctrl => self.list.down(self.shown.len()),
            KeyCode::Up => self.list.up(),
            KeyCode::Char('p') if ctrl => self.list.up(),
            KeyCode::PageDown => self.list.page_down(self.shown.len(), PAGE),
            KeyCode::PageUp => self.list.page_up(PAGE),
            KeyCode::Tab if self.multi => {
                if let Some(&i) = self.shown.get(self.list.cursor()) {
                    self.chosen[i] = !self.chosen[i];
                    self.list.down(self.shown.len());
                }
            }
            _ => {
                let before = self.query.text().to_string();
                self.query.handle(key);
                if self.query.text() != before {
                    self.refilter();
                }
            }
        }
        PopupOutcome::Stay
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let inner = frame(f, area, &self.title, th.border_focus, th.title);
        let [q, list, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let (text, col) = self.query.window(q.width.saturating_sub(2) as usize);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("› ", th.accent),
                Span::raw(text),
            ])),
            q,
        );
        f.set_cursor_position((q.x + 2 + col as u16, q.y));
        let shown = self.list.window(list.height as usize, self.shown.len());
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .take(shown.end)
            .skip(shown.start)
            .map(|(pos, &i)| {
                let mark = if self.multi {
                    if self.chosen[i] {
                        "[x] "
                    } else {
                        "[ ] "
                    }
                } else {
                    ""
                };
                let style = if pos == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                Line::from(Span::styled(
                    format!("{mark}{}", self.items[i].label),
                    style,
                ))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list);
        let count = ui.t.f(
            if self.multi {
                "picker.hint_multi"
            } else {
                "picker.hint"
            },
            &[("n", &self.shown.len()), ("total", &self.items.len())],
        );
        f.render_widget(Paragraph::new(hint_or_error(&count, &self.error, ui)), hint);
    }
}

/// The text and the cursor of an editor at one point of its undo history.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    lines: Vec<String>,
    cursor: (usize, usize),
}

/// What a key does to the text, for grouping edits into undo steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    /// A letter, digit or mark: part of a word.
    Word,
    /// A space or tab after a word: it closes the word's step.
    Space,
    /// Backspace (a run of them is one step).
    DeleteBack,
    /// Delete (a run of them is one step).
    DeleteForward,
    /// Anything else that changes the text (a line break, deleting a word or a line): a step
    /// of its own.
    Other,
}

impl EditKind {
    fn of(key: &KeyEvent) -> EditKind {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('\n' | '\r') => EditKind::Other,
            KeyCode::Char(' ' | '\t') if !ctrl && !alt => EditKind::Space,
            KeyCode::Char(_) if !ctrl && !alt => EditKind::Word,
            KeyCode::Backspace if !ctrl && !alt => EditKind::DeleteBack,
            KeyCode::Char('h') if ctrl && !alt => EditKind::DeleteBack,
            KeyCode::Delete if !ctrl && !alt => EditKind::DeleteForward,
            KeyCode::Char('d') if ctrl && !alt => EditKind::DeleteForward,
            _ => EditKind::Other,
        }
    }

    /// Whether an edit of this kind goes on with the step of the edit before it: a word takes
    /// the spaces typed after it, and a run of deletions stays together.
    fn continues(self, before: Option<EditKind>) -> bool {
        use EditKind::*;
        matches!(
            (before, self),
            (Some(Word), Word | Space)
                | (Some(Space), Space)
                | (Some(DeleteBack), DeleteBack)
                | (Some(DeleteForward), DeleteForward)
        )
    }
}

/// How many undo steps an editor keeps (each holds the whole text, which is short).
const MAX_UNDO: usize = 500;

pub struct Editor {
    pub purpose: &'static str,
    pub title: String,
    area: TextArea<'static>,
    original: String,
    confirm_discard: bool,
    /// Why the last save was refused (shown until the next key).
    error: Option<String>,
    /// Where the typing is kept as a draft until it is saved or thrown away.
    draft_key: Option<String>,
    /// The text before each undo step, oldest first (tui-textarea's own history is per
    /// character; this one is per word).
    undo: Vec<Snapshot>,
    /// The steps undone, to redo, the last undone last.
    redo: Vec<Snapshot>,
    /// The kind of the last edit while a step goes on; `None` after a cursor move or an undo.
    last: Option<EditKind>,
}

/// A text area holding `text` with the cursor at its end, where writing goes on.
fn text_area(text: &str) -> TextArea<'static> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let mut area = TextArea::new(lines);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(Style::default());
    // the editor keeps its own history by word (tui-textarea's would undo by character)
    area.set_max_histories(0);
    area.move_cursor(tui_textarea::CursorMove::Bottom);
    area.move_cursor(tui_textarea::CursorMove::End);
    area
}

impl Editor {
    pub fn new(purpose: &'static str, title: String, text: &str) -> Editor {
        Editor {
            purpose,
            title,
            area: text_area(text),
            original: text.to_string(),
            confirm_discard: false,
            error: None,
            draft_key: None,
            undo: Vec::new(),
            redo: Vec::new(),
            last: None,
        }
    }

    /// Keep the typing as a draft under `key` (see [`Popup::draft`]).
    pub fn with_draft(mut self, key: String) -> Editor {
        self.draft_key = Some(key);
        self
    }

    /// Start from `text` (a draft offered back), keeping the saved text as the original, so the
    /// editor counts as changed.
    pub fn restored(mut self, text: &str) -> Editor {
        self.area = text_area(text);
        self
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_dirty(&self) -> bool {
        self.text() != self.original
    }

    fn handle(&mut self, key: &KeyEvent) -> PopupOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.error = None;
        if self.confirm_discard {
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => PopupOutcome::Close,
                _ => {
                    self.confirm_discard = false;
                    PopupOutcome::Stay
                }
            };
        }
        match key.code {
            KeyCode::Char('s') if ctrl => PopupOutcome::Done(PopupResult {
                purpose: self.purpose,
                value: Value::Text(self.text().trim_end().to_string()),
            }),
            KeyCode::Esc if self.is_dirty() => {
                self.confirm_discard = true;
                PopupOutcome::Stay
            }
            KeyCode::Esc => PopupOutcome::Close,
            KeyCode::Char('z') if ctrl => {
                self.step_back();
                PopupOutcome::Stay
            }
            KeyCode::Char('y') if ctrl => {
                self.step_forward();
                PopupOutcome::Stay
            }
            _ => {
                self.edit(key);
                PopupOutcome::Stay
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            lines: self.area.lines().to_vec(),
            cursor: self.area.cursor(),
        }
    }

    fn put_back(&mut self, s: Snapshot) {
        let lines = if s.lines.is_empty() {
            vec![String::new()]
        } else {
            s.lines
        };
        self.area.set_lines(lines, s.cursor);
        self.last = None;
    }

    /// Apply an editing key; a new undo step starts unless it goes on with the last one.
    fn edit(&mut self, key: &KeyEvent) {
        let kind = EditKind::of(key);
        let before = (!kind.continues(self.last)).then(|| self.snapshot());
        if self.area.input(*key) {
            if let Some(s) = before {
                if self.undo.len() == MAX_UNDO {
                    self.undo.remove(0);
                }
                self.undo.push(s);
                self.redo.clear();
            }
            self.last = Some(kind);
        } else {
            // a cursor move ends the word: what is typed next is a step of its own
            self.last = None;
        }
    }

    /// Undo the last step (`Ctrl-z`).
    fn step_back(&mut self) {
        if let Some(s) = self.undo.pop() {
            self.redo.push(self.snapshot());
            self.put_back(s);
        }
    }

    /// Redo the last step undone (`Ctrl-y`).
    fn step_forward(&mut self) {
        if let Some(s) = self.redo.pop() {
            self.undo.push(self.snapshot());
            self.put_back(s);
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let inner = frame(f, area, &self.title, th.border_focus, th.title);
        let hint_rows = if self.error.is_some() { 2 } else { 1 };
        let [text, hint] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(hint_rows)]).areas(inner);
        f.render_widget(&self.area, text);
        let hint_text = if self.confirm_discard {
            Line::from(Span::styled(ui.t.t("editor.confirm_discard"), th.warn))
        } else {
            hint_or_error(ui.t.t("editor.hint"), &self.error, ui)
        };
        f.render_widget(Paragraph::new(hint_text).wrap(Wrap { trim: true }), hint);
    }
}

/// Completes the typed text on Tab (e.g. a path from the files on disk).
pub type Completer = fn(&str) -> Completion;

/// What a [`Completer`] made of the text: the text to go on with and what it may still become.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Completion {
    pub text: String,
    /// One when the text was completed; several are shown under the field, none says so.
    pub candidates: Vec<String>,
}

pub struct Input {
    pub purpose: &'static str,
    pub title: String,
    pub prompt: String,
    line: LineInput,
    /// A passphrase: drawn as dots, never as typed.
    secret: bool,
    /// Why the last value was refused (shown until the next key).
    error: Option<String>,
    /// What Tab completes with, if anything.
    completer: Option<Completer>,
    /// What the last Tab left open (shown until the next key).
    candidates: Option<Vec<String>>,
}

impl Input {
    pub fn new(purpose: &'static str, title: String, prompt: String, value: &str) -> Input {
        Input {
            purpose,
            title,
            prompt,
            line: LineInput::new(value),
            secret: false,
            error: None,
            completer: None,
            candidates: None,
        }
    }

    /// Let Tab complete the text with `completer`.
    pub fn with_completer(mut self, completer: Completer) -> Input {
        self.completer = Some(completer);
        self
    }

    /// An input for a passphrase, shown as dots.
    pub fn secret(purpose: &'static str, title: String, prompt: String) -> Input {
        Input {
            secret: true,
            ..Input::new(purpose, title, prompt, "")
        }
    }

    /// The text typed so far.
    pub fn text(&self) -> &str {
        self.line.text()
    }

    fn handle(&mut self, key: &KeyEvent) -> PopupOutcome {
        self.error = None;
        self.candidates = None;
        match key.code {
            KeyCode::Esc => PopupOutcome::Close,
            KeyCode::Enter => PopupOutcome::Done(PopupResult {
                purpose: self.purpose,
                value: Value::Text(self.line.text().trim().to_string()),
            }),
            KeyCode::Tab if self.completer.is_some() => {
                if let Some(complete) = self.completer {
                    let c = complete(self.line.text());
                    self.line = LineInput::new(&c.text);
                    // a single candidate is what the text became: nothing left to show
                    self.candidates = (c.candidates.len() != 1).then_some(c.candidates);
                }
                PopupOutcome::Stay
            }
            _ => {
                self.line.handle(key);
                PopupOutcome::Stay
            }
        }
    }

    /// The line under the field for a popup `width` columns wide inside: a refused value's
    /// message, what the last Tab left open, or the keys.
    fn hint(&self, ui: &Ui, width: usize) -> Line<'static> {
        let muted = |s: String| Line::from(Span::styled(s, ui.theme.muted));
        match (&self.error, &self.candidates) {
            (Some(_), _) => hint_or_error("", &self.error, ui),
            (None, Some(c)) if c.is_empty() => muted(ui.t.t("input.no_match").to_string()),
            (None, Some(c)) => {
                let shown = ui.t.f("input.matches", &[("names", &c.join(" · "))]);
                // as many as fit on the line; else how many there are
                if shown.chars().count() <= width {
                    muted(shown)
                } else {
                    muted(ui.t.f("input.matches_many", &[("n", &c.len())]))
                }
            }
            (None, None) if self.completer.is_some() => {
                muted(ui.t.t("input.hint_complete").to_string())
            }
            (None, None) => muted(ui.t.t("input.hint").to_string()),
        }
    }

    /// How many rows the hint takes, wrapped to `width`.
    fn hint_rows(&self, ui: &Ui, width: usize) -> usize {
        let text: String = self
            .hint(ui, width)
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        wrapped_rows(&text, width)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let inner = frame(f, area, &self.title, th.border_focus, th.title);
        let hint_rows = self.hint_rows(ui, inner.width as usize) as u16;
        let [prompt, field, hint] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(hint_rows),
        ])
        .areas(inner);
        f.render_widget(
            Paragraph::new(self.prompt.as_str())
                .style(th.base)
                .wrap(Wrap { trim: true }),
            prompt,
        );
        let (text, col) = self.line.window(field.width.saturating_sub(2) as usize);
        let text = if self.secret {
            "•".repeat(text.chars().count())
        } else {
            text.to_string()
        };
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("› ", th.accent),
                Span::raw(text),
            ])),
            field,
        );
        f.set_cursor_position((field.x + 2 + col as u16, field.y));
        f.render_widget(
            Paragraph::new(self.hint(ui, hint.width as usize)).wrap(Wrap { trim: true }),
            hint,
        );
    }
}

pub enum Popup {
    Help {
        lines: Vec<(String, String)>,
        /// The first line shown.
        scroll: ListState,
    },
    Confirm {
        purpose: &'static str,
        message: String,
    },
    Input(Input),
    Editor(Box<Editor>),
    Picker(Box<Picker>),
}

impl Popup {
    pub fn confirm(purpose: &'static str, message: String) -> Popup {
        Popup::Confirm { purpose, message }
    }

    /// Keep the popup open after its value was refused, showing `message` in it; whether this
    /// popup holds typing that way (a confirmation or the help does not).
    pub fn reject(&mut self, message: &str) -> bool {
        let slot = match self {
            Popup::Input(i) => &mut i.error,
            Popup::Editor(e) => &mut e.error,
            Popup::Picker(p) => &mut p.error,
            Popup::Help { .. } | Popup::Confirm { .. } => return false,
        };
        *slot = Some(message.to_string());
        true
    }

    /// The message a refused value left in the popup, if any.
    pub fn error(&self) -> Option<&str> {
        match self {
            Popup::Input(i) => i.error.as_deref(),
            Popup::Editor(e) => e.error.as_deref(),
            Popup::Picker(p) => p.error.as_deref(),
            Popup::Help { .. } | Popup::Confirm { .. } => None,
        }
    }

    /// What is typed in the popup now, with the purpose it was opened for (a form keeps the
    /// typing of its open field in its draft).
    pub fn typing(&self) -> Option<(&'static str, String)> {
        match self {
            Popup::Editor(e) => Some((e.purpose, e.text())),
            Popup::Input(i) if !i.secret => Some((i.purpose, i.line.text().to_string())),
            _ => None,
        }
    }

    /// The draft key of the popup's typing, if it keeps one.
    pub fn draft_key(&self) -> Option<&str> {
        match self {
            Popup::Editor(e) => e.draft_key.as_deref(),
            _ => None,
        }
    }

    /// The typing to keep as a draft now: (key, text) when changed and kept under a key.
    pub fn draft(&self) -> Option<(&str, String)> {
        match self {
            Popup::Editor(e) if e.is_dirty() => e.draft_key.as_deref().map(|k| (k, e.text())),
            _ => None,
        }
    }

    /// Whether closing the app now would lose typing.
    pub fn has_unsaved_edit(&self) -> bool {
        match self {
            Popup::Editor(e) => e.is_dirty(),
            Popup::Input(i) => !i.line.text().is_empty(),
            _ => false,
        }
    }

    pub fn handle(&mut self, key: &KeyEvent) -> PopupOutcome {
        match self {
            Popup::Help { scroll, lines } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    scroll.down(lines.len());
                    PopupOutcome::Stay
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    scroll.up();
                    PopupOutcome::Stay
                }
                _ => PopupOutcome::Close,
            },
            // only `y` confirms: `⏎` (pressed out of habit, or meant for what was typed before)
            // and every other key take the safe choice
            Popup::Confirm { purpose, .. } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => PopupOutcome::Done(PopupResult {
                    purpose,
                    value: Value::Yes,
                }),
                _ => PopupOutcome::Close,
            },
            Popup::Input(i) => i.handle(key),
            Popup::Editor(e) => e.handle(key),
            Popup::Picker(p) => p.handle(key),
        }
    }

    pub fn draw(&self, f: &mut Frame, screen: Rect, ui: &Ui) {
        let th = &ui.theme;
        match self {
            Popup::Help { lines, scroll } => {
                let area = centered(screen, 70, 90);
                let inner = frame(f, area, ui.t.t("help.title"), th.border_focus, th.title);
                let width = lines
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                let text: Vec<Line> = lines
                    .iter()
                    .skip(scroll.cursor())
                    .map(|(k, l)| {
                        if k.is_empty() {
                            Line::from(Span::styled(l.clone(), th.title))
                        } else {
                            Line::from(vec![
                                Span::styled(format!("  {k:<width$}  "), th.key),
                                Span::styled(l.clone(), th.base),
                            ])
                        }
                    })
                    .collect();
                f.render_widget(Paragraph::new(text), inner);
            }
            Popup::Confirm { message, .. } => {
                // as tall as the wrapped message and the hint need (a long message is not cut)
                let inner_w = centered_lines(screen, 60, 5).width.saturating_sub(2) as usize;
                let hint = ui.t.t("confirm.hint");
                let need = wrapped_rows(message, inner_w) + wrapped_rows(hint, inner_w);
                let area = centered_lines(screen, 60, (need as u16).saturating_add(2).max(5));
                let inner = frame(f, area, ui.t.t("confirm.title"), th.warn, th.warn);
                let text = vec![
                    Line::from(message.as_str()),
                    Line::from(Span::styled(hint, th.muted)),
                ];
                f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
            }
            Popup::Input(i) => {
                // a refused value's message wraps under the field: the popup grows to show it
                let width = centered_lines(screen, 70, 7).width.saturating_sub(2) as usize;
                let extra = i.hint_rows(ui, width).saturating_sub(1);
                i.draw(f, centered_lines(screen, 70, 7 + extra as u16), ui)
            }
            Popup::Editor(e) => e.draw(f, centered(screen, 80, 70), ui),
            Popup::Picker(p) => p.draw(f, centered(screen, 70, 70), ui),
        }
    }
}

/// A popup's hint line, or the message of a refused value in its place (drawn as an error, with
/// a mark, so it does not rest on colour).
fn hint_or_error(hint: &str, error: &Option<String>, ui: &Ui) -> Line<'static> {
    match error {
        // one line, wrapped where it is drawn: a message of several lines (a file's problems,
        // each on its own line) keeps them apart with a dot
        Some(e) => Line::from(Span::styled(
            format!("✗ {}", e.trim_end().replace('\n', " · ")),
            ui.theme.error,
        )),
        None => Line::from(Span::styled(hint.to_string(), ui.theme.muted)),
    }
}

/// Clear `area`, draw a bordered popup frame titled `title`, and return the inside.
fn frame(f: &mut Frame, area: Rect, title: &str, border: Style, title_style: Style) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {title} "), title_style));
    let inner = block.inner(area);
    f.render_widget(Clear, area);
    f.render_widget(block, area);
    inner
}

/// How many rows `text` takes when word-wrapped to `width` columns (at least one).
pub(crate) fn wrapped_rows(text: &str, width: usize) -> usize {
    if width == 0 {
        return 1;
    }
    let mut rows = 1;
    let mut col = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        let need = if col == 0 { w } else { col + 1 + w };
        if need <= width {
            col = need;
        } else if col == 0 {
            // a word longer than the line is broken across rows
            rows += (w - 1) / width;
            col = (w - 1) % width + 1;
        } else {
            rows += 1 + w.saturating_sub(1) / width;
            col = w.saturating_sub(1) % width + 1;
        }
    }
    rows
}

/// A rectangle of `pct_w`% × `pct_h`% in the middle of `r`.
pub fn centered(r: Rect, pct_w: u16, pct_h: u16) -> Rect {
    let w = (r.width * pct_w / 100).max(20.min(r.width));
    let h = (r.height * pct_h / 100).max(6.min(r.height));
    Rect {
        x: r.x + (r.width - w) / 2,
        y: r.y + (r.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A rectangle `pct_w`% wide and `lines` high in the middle of `r`.
pub fn centered_lines(r: Rect, pct_w: u16, lines: u16) -> Rect {
    let w = (r.width * pct_w / 100).max(20.min(r.width));
    let h = lines.min(r.height);
    Rect {
        x: r.x + (r.width - w) / 2,
        y: r.y + (r.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(e: &mut Editor, s: &str) {
        for c in s.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            e.handle(&key(code));
        }
    }

    fn ctrl(e: &mut Editor, c: char) {
        e.handle(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    #[test]
    fn the_editor_undoes_a_word_at_a_time() {
        let mut e = Editor::new("t", String::new(), "");
        typed(&mut e, "satu dua tiga");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "satu dua ");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "satu ");
        ctrl(&mut e, 'y');
        assert_eq!(e.text(), "satu dua ");
        ctrl(&mut e, 'y');
        assert_eq!(e.text(), "satu dua tiga");
        ctrl(&mut e, 'y');
        assert_eq!(e.text(), "satu dua tiga", "nothing more to redo");
        // the cursor comes back with the text: typing goes on at the end
        ctrl(&mut e, 'z');
        typed(&mut e, "empat");
        assert_eq!(e.text(), "satu dua empat");
        ctrl(&mut e, 'y');
        assert_eq!(e.text(), "satu dua empat", "typing drops what was undone");
        for _ in 0..10 {
            ctrl(&mut e, 'z');
        }
        assert_eq!(e.text(), "", "back to the text it opened with, no further");
    }

    #[test]
    fn a_line_break_a_deletion_and_a_cursor_move_end_a_step() {
        let mut e = Editor::new("t", String::new(), "Awal");
        typed(&mut e, " satu\ndua");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal satu\n");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal satu");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal ");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal");
        // a run of backspaces is one step, apart from the typing before it
        typed(&mut e, " kata");
        for _ in 0..3 {
            e.handle(&key(KeyCode::Backspace));
        }
        assert_eq!(e.text(), "Awal k");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal kata");
        // typing after a cursor move is a step of its own, even inside a word
        e.handle(&key(KeyCode::Home));
        typed(&mut e, "Di");
        e.handle(&key(KeyCode::End));
        typed(&mut e, "lah");
        assert_eq!(e.text(), "DiAwal katalah");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "DiAwal kata");
        ctrl(&mut e, 'z');
        assert_eq!(e.text(), "Awal kata");
        // tui-textarea's own undo key does nothing behind the editor's back
        ctrl(&mut e, 'u');
        assert_eq!(e.text(), "Awal kata");
    }

    #[test]
    fn items_marked_first_lead_the_list_and_the_search() {
        let mut items = vec![
            PickItem::new("a", "Budi"),
            PickItem::new("b", "Budi Hartono"),
            PickItem::new("c", "Sari"),
            PickItem::new("d", "Budiman"),
        ];
        items[1].first = true;
        items[3].first = true;
        let mut p = Picker::new("t", String::new(), items, false);
        let ids = |p: &Picker| -> Vec<String> {
            p.shown.iter().map(|&i| p.items[i].id.clone()).collect()
        };
        assert_eq!(ids(&p), ["b", "d", "a", "c"]);
        for c in "budi".chars() {
            p.handle(&key(KeyCode::Char(c)));
        }
        assert_eq!(ids(&p), ["b", "d", "a"]);
    }

    #[test]
    fn every_letter_types_into_a_pickers_filter() {
        let items = vec![PickItem::new("a", "Yayan"), PickItem::new("b", "Joko")];
        let mut p = Picker::new("t", String::new(), items, true);
        for c in "jkqyJKQYgG?:/ ".chars() {
            assert!(matches!(
                p.handle(&key(KeyCode::Char(c))),
                PopupOutcome::Stay
            ));
        }
        assert_eq!(p.query.text(), "jkqyJKQYgG?:/ ");
    }

    #[test]
    fn wrapped_rows_count_word_wrapped_lines() {
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abc def", 7), 1);
        assert_eq!(wrapped_rows("abc def", 6), 2);
        assert_eq!(wrapped_rows("abcdefghij", 4), 3);
        assert_eq!(wrapped_rows("ab abcdefghij", 4), 4);
    }
}

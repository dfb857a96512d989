//! A form screen: labelled fields edited one at a time through popups, a live preview (e.g. the
//! predikat derived as the ratings change), and one save (`Ctrl-s`) that calls the application layer.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::list::ListState;
use super::popup::{Editor, Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::app::{App, AppError};
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, quiet, Layer};
use crate::tui::{Cx, Outcome, Screen, Ui};

pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines (the editor, with word wrap and undo).
    Text,
    /// One of a few choices: (code, label).
    Choice(Vec<(String, String)>),
    /// Fuzzy-picked from a long list; several when `multi`.
    Pick { items: Vec<PickItem>, multi: bool },
}

pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    /// Text of a line/text field, or the code of a choice.
    pub value: String,
    /// Ids picked in a pick field.
    pub picked: Vec<String>,
    pub required: bool,
    /// A check of a typed value: the message when it is refused (the field's input stays open).
    pub check: Option<FieldCheck>,
}

/// Checks a field's typed value; the message (in the UI's language) when it is refused.
pub type FieldCheck = Box<dyn Fn(&str, &Ui) -> Result<(), String>>;

impl Field {
    pub fn new(key: &'static str, label: String, kind: FieldKind) -> Field {
        Field {
            key,
            label,
            kind,
            value: String::new(),
            picked: Vec::new(),
            required: false,
            check: None,
        }
    }

    /// A field picked from `items`, one of them.
    pub fn pick_one(key: &'static str, label: String, items: Vec<PickItem>) -> Field {
        Field::new(
            key,
            label,
            FieldKind::Pick {
                items,
                multi: false,
            },
        )
    }

    /// A field picked from `items`, any number of them.
    pub fn pick_many(key: &'static str, label: String, items: Vec<PickItem>) -> Field {
        Field::new(key, label, FieldKind::Pick { items, multi: true })
    }

    /// Refuse a typed value `check` rejects, in the field's own input, before it is kept.
    pub fn checked(mut self, check: FieldCheck) -> Field {
        self.check = Some(check);
        self
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub fn value(mut self, v: impl Into<String>) -> Field {
        self.value = v.into();
        self
    }
    pub fn picked(mut self, ids: Vec<String>) -> Field {
        self.picked = ids;
        self
    }

    fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice(options) => options
                .iter()
                .find(|(c, _)| *c == self.value)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            FieldKind::Pick { items, .. } => self
                .picked
                .iter()
                .map(|id| {
                    items
                        .iter()
                        .find(|i| &i.id == id)
                        .map(|i| i.label.clone())
                        .unwrap_or_else(|| id.clone())
                })
                .collect::<Vec<_>>()
                .join("; "),
            _ => self.value.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        match &self.kind {
            FieldKind::Pick { .. } => self.picked.is_empty(),
            _ => self.value.trim().is_empty(),
        }
    }
}

/// The values of a form, by field key, handed to the submit and preview functions.
pub struct FormData<'a> {
    fields: &'a [Field],
    /// Whether the user confirmed what the form's check asked (see [`Form::with_check`]).
    pub confirmed: bool,
}

impl FormData<'_> {
    pub fn get(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
            .unwrap_or("")
    }
    pub fn picked(&self, key: &str) -> &[String] {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.picked.as_slice())
            .unwrap_or(&[])
    }
}

pub type Submit = Box<dyn FnMut(&FormData, &mut App) -> Result<String, AppError>>;
pub type Preview = Box<dyn Fn(&FormData, &Ui) -> Vec<Line<'static>>>;
/// Asked before saving: a message to confirm first (e.g. "this replaces …"), or `None` to save.
pub type Check = Box<dyn Fn(&FormData, &App, &Ui) -> Result<Option<String>, AppError>>;

pub struct Form {
    title: String,
    fields: Vec<Field>,
    /// The field under the cursor.
    list: ListState,
    submit: Submit,
    preview: Option<Preview>,
    check: Option<Check>,
    dirty: bool,
    /// Where the form's typing is kept as a draft until it is saved or thrown away.
    draft_key: Option<String>,
    /// When a draft from before was kept, while it can still be restored.
    offer: Option<chrono::DateTime<chrono::Utc>>,
}

/// A form's fields as a draft keeps them: (key, value, picked ids).
type DraftFields = Vec<(String, String, Vec<String>)>;

pub(crate) static FORM_KEYS: Layer = layer(
    "form",
    &[
        bind(&["Tab", "Down", "j"], Action::NextField),
        bind(&["Shift-Tab", "Up", "k"], Action::PrevField),
        bind(&["Enter"], Action::Edit),
        bind(&["Ctrl-s"], Action::Submit),
        quiet(&["Ctrl-r"], Action::RestoreDraft),
        quiet(&["g", "Home"], Action::Top),
        quiet(&["G", "End"], Action::Bottom),
    ],
);

impl Form {
    pub fn new(title: String, fields: Vec<Field>, submit: Submit) -> Form {
        Form {
            title,
            fields,
            list: ListState::default(),
            submit,
            preview: None,
            check: None,
            dirty: false,
            draft_key: None,
            offer: None,
        }
    }

    /// Keep the form's typing as a draft under `key`; a draft kept before is offered back
    /// (`Ctrl-r`).
    pub fn with_draft(mut self, key: String, app: &App) -> Form {
        self.offer = app.draft(&key).map(|(_, at)| at);
        self.draft_key = Some(key);
        self
    }

    fn draft_fields(&self, typing: Option<(&'static str, String)>) -> DraftFields {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let value = match (&typing, &f.kind) {
                    // what is being typed into the open field counts as its value
                    (Some(("form.field", t)), FieldKind::Line | FieldKind::Text)
                        if i == self.list.cursor() =>
                    {
                        t.clone()
                    }
                    _ => f.value.clone(),
                };
                (f.key.to_string(), value, f.picked.clone())
            })
            .collect()
    }

    fn restore(&mut self, cx: &mut Cx) {
        let Some(key) = &self.draft_key else {
            return;
        };
        let Some((text, _)) = cx.app.draft(key) else {
            return;
        };
        match serde_json::from_str::<DraftFields>(&text) {
            Ok(kept) => {
                for (k, value, picked) in kept {
                    if let Some(f) = self.fields.iter_mut().find(|f| f.key == k) {
                        f.value = value;
                        f.picked = picked;
                    }
                }
                self.dirty = true;
                self.offer = None;
                cx.ui.ok(cx.ui.t.t("form.draft_restored").to_string());
            }
            Err(_) => cx.ui.error(cx.ui.t.t("form.draft_unreadable").to_string()),
        }
    }

    fn forget_draft(&self, cx: &mut Cx) {
        if let Some(k) = &self.draft_key {
            if let Err(e) = cx.app.clear_draft(k) {
                cx.ui.error(e.message(&cx.ui.t));
            }
        }
    }

    pub fn with_preview(mut self, preview: Preview) -> Form {
        self.preview = Some(preview);
        self
    }

    /// A check run on `Ctrl-s` before saving: when it returns a message, the form asks for a
    /// confirmation showing it (`⏎` keeps the form open; `y` saves, with `confirmed` set).
    pub fn with_check(mut self, check: Check) -> Form {
        self.check = Some(check);
        self
    }

    fn save(&mut self, cx: &mut Cx, confirmed: bool) -> Outcome {
        let data = FormData {
            fields: &self.fields,
            confirmed,
        };
        if !confirmed {
            if let Some(check) = &self.check {
                match check(&data, cx.app, cx.ui) {
                    Ok(Some(msg)) => {
                        return Outcome::Popup(Popup::confirm("form.confirm_save", msg))
                    }
                    Ok(None) => {}
                    Err(e) => {
                        cx.ui.error(e.message(&cx.ui.t));
                        return Outcome::None;
                    }
                }
            }
        }
        match (self.submit)(&data, cx.app) {
            Ok(msg) => {
                self.dirty = false;
                self.forget_draft(cx);
                cx.ui.ok(msg);
                Outcome::Pop
            }
            Err(e) => {
                cx.ui.error(e.message(&cx.ui.t));
                Outcome::None
            }
        }
    }

    fn edit_popup(&self, ui: &Ui) -> Option<Popup> {
        let field = self.fields.get(self.list.cursor())?;
        Some(match &field.kind {
            FieldKind::Line => Popup::Input(Input::new(
                "form.field",
                field.label.clone(),
                String::new(),
                &field.value,
            )),
            FieldKind::Text => Popup::Editor(Box::new(Editor::new(
                "form.field",
                field.label.clone(),
                &field.value,
            ))),
            FieldKind::Choice(options) => Popup::Picker(Box::new(Picker::new(
                "form.field",
                field.label.clone(),
                options
                    .iter()
                    .map(|(c, l)| PickItem::new(c.clone(), l.clone()))
                    .collect(),
                false,
            ))),
            FieldKind::Pick { items, multi } => Popup::Picker(Box::new(
                Picker::new(
                    "form.field",
                    if *multi {
                        format!("{} — {}", field.label, ui.t.t("form.pick_many"))
                    } else {
                        field.label.clone()
                    },
                    items.clone(),
                    *multi,
                )
                .with_chosen(&field.picked),
            )),
        })
    }
}

impl Screen for Form {
    fn title(&self, _ui: &Ui) -> String {
        self.title.clone()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&FORM_KEYS]
    }

    fn has_unsaved_edit(&self) -> bool {
        self.dirty
    }

    fn draft(&self, typing: Option<(&'static str, String)>) -> Option<(String, String)> {
        let key = self.draft_key.clone()?;
        let typing = typing.filter(|(p, _)| *p == "form.field");
        if !self.dirty && typing.is_none() {
            return None;
        }
        serde_json::to_string(&self.draft_fields(typing))
            .ok()
            .map(|t| (key, t))
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.fields.len();
        match action {
            // a form has no pages: PageUp/PageDown do not move between fields
            Action::NextField | Action::Down => self.list.down(n),
            Action::PrevField | Action::Up => self.list.up(),
            Action::Top => self.list.top(),
            Action::Bottom => self.list.bottom(n),
            Action::Edit | Action::Open => {
                if let Some(p) = self.edit_popup(cx.ui) {
                    return Outcome::Popup(p);
                }
            }
            Action::Submit => {
                if let Some(i) = self.fields.iter().position(|f| f.required && f.is_empty()) {
                    let msg = cx
                        .ui
                        .t
                        .f("form.required", &[("field", &self.fields[i].label)]);
                    cx.ui.error(msg);
                    // the cursor goes to the field that needs a value
                    self.list.select(i);
                    return Outcome::None;
                }
                return self.save(cx, false);
            }
            Action::RestoreDraft => self.restore(cx),
            Action::Back if self.dirty => {
                return Outcome::Popup(Popup::confirm(
                    "form.discard",
                    cx.ui.t.t("form.confirm_discard").to_string(),
                ))
            }
            Action::Back => return Outcome::Pop,
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("form.discard", Value::Yes) => {
                self.forget_draft(cx);
                return Outcome::Pop;
            }
            ("form.confirm_save", Value::Yes) => return self.save(cx, true),
            ("form.field", value) => {
                if let (Some(field), Value::Text(t)) = (self.fields.get(self.list.cursor()), &value)
                {
                    if let Some(Err(msg)) = field.check.as_ref().map(|c| c(t, cx.ui)) {
                        return Outcome::Reject(msg);
                    }
                }
                if let Some(field) = self.fields.get_mut(self.list.cursor()) {
                    match (value, &field.kind) {
                        (Value::Text(t), _) => field.value = t,
                        (Value::Picked(ids), FieldKind::Choice(_)) => {
                            field.value = ids.into_iter().next().unwrap_or_default()
                        }
                        (Value::Picked(ids), _) => field.picked = ids,
                        (Value::Yes, _) => {}
                    }
                    self.dirty = true;
                    self.list.down(self.fields.len());
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let preview = self.preview.as_ref().map(|p| {
            p(
                &FormData {
                    confirmed: false,
                    fields: &self.fields,
                },
                ui,
            )
        });
        // a draft kept from before is offered back above the preview
        let preview = match (preview, self.offer) {
            (p, Some(at)) => {
                let mut lines = vec![Line::from(Span::styled(
                    ui.t.f(
                        "form.draft_offer",
                        &[
                            ("at", &ui.t.datetime(at)),
                            ("key", &ui.key(&FORM_KEYS, Action::RestoreDraft)),
                        ],
                    ),
                    th.warn,
                ))];
                lines.extend(p.unwrap_or_default());
                Some(lines)
            }
            (p, None) => p,
        };
        // a preview line longer than the box wraps: it takes as many rows as it fills
        let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
        let preview_h = preview.as_ref().map_or(0, |p| {
            let rows: usize = p.iter().map(|l| l.width().div_ceil(inner_w).max(1)).sum();
            u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2)
        });
        let [fields_area, preview_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(preview_h)]).areas(area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(format!(" {} ", self.title), th.title));
        let inner = block.inner(fields_area);
        f.render_widget(block, fields_area);
        let label_w = self
            .fields
            .iter()
            .map(|f| f.label.chars().count() + 4)
            .max()
            .unwrap_or(10)
            .min(inner.width as usize / 3);
        let mut lines = Vec::new();
        let mut cursor_line = 0;
        for (i, field) in self.fields.iter().enumerate() {
            if i == self.list.cursor() {
                cursor_line = lines.len();
            }
            // the focused field is marked by a glyph too, not only by its colour
            let label = format!(
                "{}{}{}",
                if i == self.list.cursor() {
                    "› "
                } else {
                    "  "
                },
                field.label,
                if field.required { " *" } else { "" }
            );
            let label_style = if i == self.list.cursor() {
                th.selected
            } else {
                th.accent
            };
            let value = field.shown();
            let value_w = (inner.width as usize).saturating_sub(label_w + 1).max(10);
            let mut rows = wrap(&value, value_w);
            if rows.is_empty() {
                rows.push(String::new());
            }
            for (r, row) in rows.into_iter().enumerate() {
                let lab = if r == 0 {
                    format!("{label:<label_w$}")
                } else {
                    " ".repeat(label_w)
                };
                lines.push(Line::from(vec![
                    Span::styled(lab, if r == 0 { label_style } else { th.base }),
                    Span::raw(" "),
                    Span::styled(row, th.base),
                ]));
            }
        }
        let height = inner.height as usize;
        let scroll = cursor_line.saturating_sub(height.saturating_sub(2));
        f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
        if let Some(p) = preview {
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(th.border)
                .title(Span::styled(
                    format!(" {} ", ui.t.t("form.preview")),
                    th.title,
                ));
            f.render_widget(
                Paragraph::new(p).block(block).wrap(Wrap { trim: true }),
                preview_area,
            );
        }
    }
}

/// Break text into rows of at most `width` characters at spaces (and inside overlong words).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    for para in text.split('\n') {
        let mut row = String::new();
        let mut row_len = 0;
        for word in para.split(' ') {
            let wlen = word.chars().count();
            if row_len > 0 && row_len + 1 + wlen > width {
                rows.push(std::mem::take(&mut row));
                row_len = 0;
            }
            if row_len > 0 {
                row.push(' ');
                row_len += 1;
            }
            let mut chars = word.chars().peekable();
            while chars.peek().is_some() {
                if row_len == width {
                    rows.push(std::mem::take(&mut row));
                    row_len = 0;
                }
                if let Some(c) = chars.next() {
                    row.push(c);
                    row_len += 1;
                }
            }
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap("Maklumat pelayanan belum ada", 12),
            vec!["Maklumat", "pelayanan", "belum ada"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }
}

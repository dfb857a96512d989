//! Settling conflicts: the records two laptops changed from the same starting point (of one audit,
//! or of all), each with the version shown now, every other version, and the fields in which the
//! chosen other version differs from the shown one, for the team lead to keep one.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::short_hash;
use crate::app::{App, AppError, Conflict, Field, MergeError, Version};
use crate::domain::model::Audit;
use crate::domain::Id;
use crate::present::short_id;
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::list::{window, ListState, PAGE};
use crate::tui::widgets::popup::{Editor, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::trail::{field_key, value_text};

pub(crate) static KEYS: Layer = layer(
    "conflicts",
    &[
        bind(&["Enter", "a"], Action::KeepShown),
        bind(&["s"], Action::KeepOther),
        bind(&["m"], Action::MergeText),
        bind(&["]", "Tab"], Action::NextVersion),
        quiet(&["[", "Shift-Tab"], Action::PrevVersion),
    ],
);

/// What the open confirmation would keep: the conflict and the full hash of the chosen version.
struct Pending {
    conflict: String,
    keep: String,
    version: Version,
}

pub struct Conflicts {
    /// The audit the list is limited to (`None`: every audit).
    scope: Option<Audit>,
    rows: Vec<Conflict>,
    /// Titles of the audits the rows belong to (for the list of every audit).
    titles: Vec<(Id, String)>,
    list: ListState,
    /// Which of the selected conflict's other versions `s` keeps.
    other: usize,
    pending: Option<Pending>,
    /// The conflict whose merge text is open in the editor.
    merging: Option<String>,
}

impl Conflicts {
    /// The open conflicts of `audit`, or of every audit.
    pub fn new(app: &App, audit: Option<Id>) -> Result<Conflicts, AppError> {
        let scope = match audit {
            Some(id) => Some(app.resolve_audit(&id.to_string())?),
            None => None,
        };
        let mut s = Conflicts {
            scope,
            rows: Vec::new(),
            titles: Vec::new(),
            list: ListState::default(),
            other: 0,
            pending: None,
            merging: None,
        };
        s.refresh(app)?;
        Ok(s)
    }

    fn selected(&self) -> Option<&Conflict> {
        self.rows.get(self.list.cursor())
    }

    fn audit_title(&self, id: Option<&Id>, ui: &Ui) -> String {
        match id {
            None => ui.t.t("conflicts.no_audit").to_string(),
            Some(id) => self
                .titles
                .iter()
                .find(|(a, _)| a == id)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| short_id(id)),
        }
    }

    /// Ask before keeping `v` of the selected conflict.
    fn confirm(&mut self, v: Version, shown: bool, cx: &mut Cx) -> Outcome {
        let Some(c) = self.selected() else {
            return Outcome::None;
        };
        let t = &cx.ui.t;
        let summary = v.summary_in(t);
        let args: [(&str, &dyn std::fmt::Display); 6] = [
            ("summary", &summary),
            ("who", &v.actor),
            ("at", &t.datetime(v.at)),
            ("hash", &short_hash(&v.hash)),
            ("n", &c.others.len()),
            ("shown", &c.winner.summary_in(t)),
        ];
        let (purpose, message) = if shown {
            (
                "conflicts.keep_shown",
                t.f("conflicts.confirm_shown", &args),
            )
        } else {
            (
                "conflicts.keep_other",
                t.f("conflicts.confirm_other", &args),
            )
        };
        self.pending = Some(Pending {
            conflict: c.id.clone(),
            keep: hex::encode(v.hash),
            version: v,
        });
        Outcome::Popup(Popup::confirm(purpose, message))
    }

    /// Open the editor with every version's text of each text field the versions differ in,
    /// marked which is which; refused before it opens when the profile may not settle conflicts
    /// or the versions differ in no text, so nothing typed is lost to a refusal.
    fn open_merge(&mut self, cx: &mut Cx) -> Outcome {
        let Some(id) = self.selected().map(|c| c.id.clone()) else {
            return Outcome::None;
        };
        if let Err(e) = cx.app.may_settle_conflicts() {
            let msg = cx
                .ui
                .t
                .f("conflicts.not_settled", &[("error", &e.message(&cx.ui.t))]);
            cx.ui.error(msg);
            return Outcome::None;
        }
        let (c, draft) = match cx.app.merge_draft(&id) {
            Ok(d) => d,
            Err(AppError::Merge(MergeError::NotText(_))) => {
                // name what does differ: the lead keeps one version instead
                let mut names: Vec<String> = Vec::new();
                for c in self.selected().into_iter() {
                    for d in (0..c.others.len()).flat_map(|i| c.differences(i)) {
                        let name = cx.ui.t.t(field_key(d.field)).to_string();
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
                let msg = cx
                    .ui
                    .t
                    .f("conflicts.not_text", &[("fields", &names.join(", "))]);
                cx.ui.error(msg);
                return Outcome::None;
            }
            Err(e) => {
                let msg = cx
                    .ui
                    .t
                    .f("conflicts.not_settled", &[("error", &e.message(&cx.ui.t))]);
                cx.ui.error(msg);
                return Outcome::None;
            }
        };
        let t = &cx.ui.t;
        let closing = t.t("merge.save_tui").to_string();
        let text = crate::present::merge_text(t, &c, &draft, &closing);
        self.merging = Some(c.id.clone());
        Outcome::Popup(Popup::Editor(Box::new(Editor::new(
            "conflicts.merge",
            t.f("conflicts.merge_title", &[("id", &c.id)]),
            &text,
        ))))
    }

    /// Settle the conflict with the merged text; a text that does not read keeps the editor
    /// open with it and says why.
    fn save_merge(&mut self, text: &str, cx: &mut Cx) -> Outcome {
        let Some(id) = self.merging.clone() else {
            return Outcome::None;
        };
        match cx.app.resolve_conflict_merged(&id, text) {
            Ok((c, fields)) => {
                self.merging = None;
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| cx.ui.t.t(field_key(*f)).to_string())
                    .collect();
                let msg = cx.ui.t.f(
                    "conflicts.merged",
                    &[("id", &c.id), ("fields", &names.join(", "))],
                );
                cx.ui.ok(msg);
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
                Outcome::None
            }
            Err(AppError::Merge(e)) => Outcome::Reject(merge_error(&e, cx.ui)),
            Err(e) => Outcome::Reject(
                cx.ui
                    .t
                    .f("conflicts.not_settled", &[("error", &e.message(&cx.ui.t))]),
            ),
        }
    }

    fn settle(&mut self, cx: &mut Cx) -> Outcome {
        let Some(p) = self.pending.take() else {
            return Outcome::None;
        };
        match cx.app.resolve_conflict(&p.conflict, Some(&p.keep)) {
            Ok(c) => {
                let msg = cx.ui.t.f(
                    "conflicts.settled",
                    &[
                        ("id", &c.id),
                        ("summary", &p.version.summary_in(&cx.ui.t)),
                        ("hash", &short_hash(&p.version.hash)),
                        ("who", &p.version.actor),
                    ],
                );
                cx.ui.ok(msg);
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
            }
            Err(e) => {
                let msg = cx
                    .ui
                    .t
                    .f("conflicts.not_settled", &[("error", &e.message(&cx.ui.t))]);
                cx.ui.error(msg);
            }
        }
        Outcome::None
    }
}

impl Screen for Conflicts {
    fn title(&self, ui: &Ui) -> String {
        let scope = match &self.scope {
            Some(a) => a.title.clone(),
            None => ui.t.t("conflicts.all").to_string(),
        };
        format!("{} — {scope}", ui.t.t("conflicts.screen"))
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn audit(&self) -> Option<&Audit> {
        self.scope.as_ref()
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        let key = self.scope.as_ref().map(|a| a.id.to_string());
        let before = self.selected().map(|c| c.id.clone());
        self.rows = app.conflicts(key.as_deref())?;
        // newest first: the latest change is the one the team is most likely asking about
        self.rows
            .sort_by_key(|c| std::cmp::Reverse((c.winner.at, c.id.clone())));
        self.titles.clear();
        for id in self.rows.iter().filter_map(|c| c.audit) {
            if !self.titles.iter().any(|(a, _)| *a == id) {
                let title = app
                    .resolve_audit(&id.to_string())
                    .map(|a| a.title)
                    .unwrap_or_else(|_| short_id(&id));
                self.titles.push((id, title));
            }
        }
        // stay on the same conflict if it is still open, else on the same row
        if let Some(pos) = before.and_then(|id| self.rows.iter().position(|c| c.id == id)) {
            self.list.select(pos);
        }
        self.list.clamp(self.rows.len());
        self.other = 0;
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            Action::Back => return Outcome::Pop,
            // another conflict: its versions start again from the first other one
            a if ListState::moves(a) => {
                let moved = self.list.handle(a, self.rows.len(), PAGE);
                if moved {
                    self.other = 0;
                }
            }
            Action::NextVersion | Action::PrevVersion => {
                let n = self.selected().map_or(0, |c| c.others.len());
                if n > 0 {
                    self.other = if action == Action::NextVersion {
                        (self.other + 1) % n
                    } else {
                        (self.other + n - 1) % n
                    };
                }
            }
            Action::KeepShown => {
                if let Some(v) = self.selected().map(|c| c.winner.clone()) {
                    return self.confirm(v, true, cx);
                }
            }
            Action::MergeText => return self.open_merge(cx),
            Action::KeepOther => {
                let v = self
                    .selected()
                    .and_then(|c| c.others.get(self.other).or(c.others.first()))
                    .cloned();
                if let Some(v) = v {
                    return self.confirm(v, false, cx);
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("conflicts.keep_shown" | "conflicts.keep_other", Value::Yes) => self.settle(cx),
            ("conflicts.merge", Value::Text(text)) => self.save_merge(&text, cx),
            _ => {
                self.pending = None;
                Outcome::None
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        if self.rows.is_empty() {
            self.draw_empty(f, area, ui);
            return;
        }
        let (list, detail) = if area.width >= 140 {
            let [l, d] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(area);
            (l, d)
        } else {
            // the list as tall as its rows (at most two fifths), the versions below it
            let want = self.rows.len().saturating_add(2).min(u16::MAX as usize) as u16;
            let list = want.min((area.height * 2 / 5).max(3));
            let [l, d] =
                Layout::vertical([Constraint::Length(list), Constraint::Min(3)]).areas(area);
            (l, d)
        };
        self.draw_list(f, list, ui);
        self.draw_detail(f, detail, ui);
    }
}

impl Conflicts {
    fn block(&self, ui: &Ui) -> Block<'static> {
        let th = &ui.theme;
        Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(
                format!(" {} ({}) ", self.title(ui), self.rows.len()),
                th.title,
            ))
    }

    fn draw_empty(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let lines = vec![
            Line::from(Span::styled(t.t("conflicts.empty"), th.ok)),
            Line::from(""),
            Line::from(Span::styled(t.t("conflicts.empty_hint"), th.muted)),
        ];
        f.render_widget(
            Paragraph::new(lines)
                .block(self.block(ui))
                .wrap(Wrap { trim: true }),
            area,
        );
    }

    fn draw_list(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let block = self.block(ui);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = inner.width as usize;
        // the audit column only when the list spans audits and there is room for it
        let show_audit = self.scope.is_none() && width >= 90;
        let shown = self.list.window(inner.height as usize, self.rows.len());
        let start = shown.start;
        let lines: Vec<Line> = self.rows[shown]
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let style = if start + k == self.list.cursor() {
                    th.selected
                } else {
                    th.base
                };
                let versions = t.f("conflicts.versions", &[("n", &(c.others.len() + 1))]);
                let mut text = format!("{:<17} {:<10} ", t.datetime(c.winner.at), versions);
                if show_audit {
                    let a = self.audit_title(c.audit.as_ref(), ui);
                    text.push_str(&format!("{:<20} ", cut(&a, 20)));
                }
                text.push_str(&c.winner.summary_in(t));
                Line::from(Span::styled(cut(&text, width), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_detail(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let Some(c) = self.selected() else {
            return;
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(
                format!(" {} ", t.f("conflicts.detail", &[("id", &c.id)])),
                th.title,
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let (height, width) = (inner.height as usize, inner.width as usize);
        // the shown version first, then every other one; `›` marks the one `s` keeps
        let versions: Vec<(&str, String, &Version)> =
            std::iter::once((" ", t.t("conflicts.shown").to_string(), &c.winner))
                .chain(c.others.iter().enumerate().map(|(i, v)| {
                    let mark = if i == self.other { "›" } else { " " };
                    (mark, t.f("conflicts.other", &[("i", &(i + 1))]), v)
                }))
                .collect();
        let meta = |v: &Version| {
            format!(
                "{} {} · {} · {} {} #{}",
                t.t("conflicts.by"),
                v.actor,
                t.datetime(v.at),
                t.t("conflicts.device"),
                short_id(&v.device),
                v.seq
            )
        };
        let head = |mark: &str, label: &str, v: &Version| -> Vec<Span<'static>> {
            vec![
                Span::styled(
                    format!("{mark} {label}  "),
                    if mark == " " { th.accent } else { th.selected },
                ),
                Span::styled(format!("{}  ", short_hash(&v.hash)), th.key),
                Span::styled(v.summary_in(&ui.t), th.base),
            ]
        };
        let audit = self
            .scope
            .is_none()
            .then(|| self.audit_title(c.audit.as_ref(), ui));
        let tall = self.diff_lines(c, ui, width, false);
        let compact = self.diff_lines(c, ui, width, true);
        let full = versions.len() * 2 + usize::from(audit.is_some());
        let mut lines: Vec<Line> = Vec::new();
        if height > full + compact.len() {
            // every version on two lines, then what differs (one line a field when short of rows)
            // and the hint
            if let Some(a) = audit {
                lines.push(Line::from(Span::styled(cut(&a, width), th.muted)));
            }
            for (mark, label, v) in &versions {
                lines.push(Line::from(fit(head(mark, label, v), width)));
                lines.push(Line::from(Span::styled(
                    cut(&format!("    {}", meta(v)), width),
                    th.muted,
                )));
            }
            if height >= full + tall.len() + 2 {
                lines.extend(tall);
                lines.push(Line::from(""));
            } else {
                lines.extend(compact);
            }
            lines.push(Line::from(Span::styled(cut(&hint(ui), width), th.muted)));
            f.render_widget(Paragraph::new(lines), inner);
            return;
        }
        // short pane: one line a version (the chosen one always in view), then what differs, one
        // line a field, as far as it fits
        let rows = versions
            .len()
            .min(height.saturating_sub(compact.len() + 1).max(height.min(2)));
        let shown = window(versions.len(), self.other + 1, rows);
        let (start, end) = (shown.start, shown.end);
        let mut room = height.saturating_sub(end - start);
        let audit = audit.filter(|_| room > compact.len() + 1);
        if let Some(a) = &audit {
            lines.push(Line::from(Span::styled(cut(a, width), th.muted)));
            room -= 1;
        }
        for (mark, label, v) in &versions[start..end] {
            let mut spans = head(mark, label, v);
            spans.push(Span::styled(format!(" · {}", meta(v)), th.muted));
            lines.push(Line::from(fit(spans, width)));
        }
        let shown_diff = compact.len().min(room);
        lines.extend(compact.into_iter().take(shown_diff));
        if room > shown_diff {
            lines.push(Line::from(Span::styled(cut(&hint(ui), width), th.muted)));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    /// Where the chosen other version differs from the shown one: each field by name, then both
    /// values; for a text only the part that differs, in bold and underlined so it reads without
    /// colour. `compact`: one line a field, `name: shown ↔ other`.
    fn diff_lines(&self, c: &Conflict, ui: &Ui, width: usize, compact: bool) -> Vec<Line<'static>> {
        let th = &ui.theme;
        let t = &ui.t;
        let i = self.other.min(c.others.len().saturating_sub(1));
        let diffs = c.differences(i);
        let shown = t.t("conflicts.shown").to_string();
        let other = t.f("conflicts.other", &[("i", &(i + 1))]);
        let changed = th.base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        let mut lines = Vec::new();
        if !compact {
            lines.push(Line::from(Span::styled(
                cut(&t.f("conflicts.differs", &[("other", &other)]), width),
                th.accent,
            )));
        }
        if diffs.is_empty() {
            lines.push(Line::from(Span::styled(
                cut(t.t("conflicts.no_difference"), width),
                th.muted,
            )));
            return lines;
        }
        let label_w = shown.chars().count().max(other.chars().count());
        for d in &diffs {
            let name = t.t(field_key(d.field)).to_string();
            if compact {
                // each value gets half of what the name leaves
                let room = width.saturating_sub(name.chars().count() + 5) / 2;
                let (a, b) = match d.parts_with(0, room.max(1)) {
                    Some((a, b)) => (a.to_string(), b.to_string()),
                    None => (value_text(&d.this, ui), value_text(&d.other, ui)),
                };
                let spans = vec![
                    Span::styled(format!("{name}: "), th.accent),
                    Span::styled(cut(&a, room), changed),
                    Span::styled(" ↔ ", th.muted),
                    Span::styled(cut(&b, room), changed),
                ];
                lines.push(Line::from(fit(spans, width)));
                continue;
            }
            lines.push(Line::from(Span::styled(
                cut(&format!("  {name}"), width),
                th.accent,
            )));
            let parts: [(String, Vec<Span<'static>>); 2] = match d.parts() {
                Some((a, b)) => [(shown.clone(), a), (other.clone(), b)].map(|(label, p)| {
                    (
                        label,
                        vec![
                            Span::styled(p.before, th.base),
                            Span::styled(p.changed, changed),
                            Span::styled(p.after, th.base),
                        ],
                    )
                }),
                None => [
                    (
                        shown.clone(),
                        vec![Span::styled(value_text(&d.this, ui), changed)],
                    ),
                    (
                        other.clone(),
                        vec![Span::styled(value_text(&d.other, ui), changed)],
                    ),
                ],
            };
            for (label, value) in parts {
                let mut spans = vec![Span::styled(format!("    {label:<label_w$}  "), th.muted)];
                spans.extend(value);
                lines.push(Line::from(fit(spans, width)));
            }
        }
        lines
    }
}

/// The spans of one line cut to `width` characters (the last one kept ends in `…`).
fn fit(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut used = 0;
    spans
        .into_iter()
        .map(|s| {
            let left = width.saturating_sub(used);
            let text = if left == 0 {
                String::new()
            } else {
                cut(&s.content, left)
            };
            used += text.chars().count();
            Span::styled(text, s.style)
        })
        .filter(|s| !s.content.is_empty())
        .collect()
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
/// The keys of this screen in one line, as in force.
fn hint(ui: &Ui) -> String {
    ui.t.f(
        "conflicts.hint",
        &[
            ("shown", &ui.key(&KEYS, Action::KeepShown)),
            ("other", &ui.key(&KEYS, Action::KeepOther)),
            ("merge", &ui.key(&KEYS, Action::MergeText)),
            ("next", &ui.key(&KEYS, Action::NextVersion)),
        ],
    )
}

/// Why a merged text does not read, in the UI's language.
fn merge_error(e: &MergeError, ui: &Ui) -> String {
    let t = &ui.t;
    let name = |f: &Field| t.t(field_key(*f)).to_string();
    match e {
        MergeError::NotText(_) => t.f("conflicts.not_text", &[("fields", &"—")]),
        MergeError::NoSections(fields) => {
            let names: Vec<String> = fields.iter().map(name).collect();
            t.f(
                "conflicts.merge_no_sections",
                &[("fields", &names.join(", "))],
            )
        }
        MergeError::UnknownSection(code, codes) => t.f(
            "conflicts.merge_unknown",
            &[("code", code), ("codes", codes)],
        ),
        MergeError::Twice(f) => t.f("conflicts.merge_twice", &[("code", &f.code())]),
        MergeError::Missing(f) => t.f(
            "conflicts.merge_missing",
            &[("code", &f.code()), ("field", &name(f))],
        ),
        MergeError::Outside => t.t("conflicts.merge_outside").to_string(),
        MergeError::Empty(f) => t.f("conflicts.merge_empty", &[("field", &name(f))]),
        MergeError::OneLine(f) => t.f("conflicts.merge_one_line", &[("field", &name(f))]),
    }
}

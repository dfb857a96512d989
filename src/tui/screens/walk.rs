//! The checklist walk: sections and items with status glyphs on the left, the item on the right
//! (criterion, guidance, answer, observation, evidence); one key per answer, auto-advance to the
//! next unanswered item, the observation editor, evidence references, and raising a finding.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, AppError, AuditView};
use crate::domain::model::Audit;
use crate::domain::template::AnswerKind;
use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::popup::{Editor, Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::finding_form::{new_finding_form, Prefill};
use super::{answer_glyph, bar, window};

pub(crate) static KEYS: Layer = layer(
    "walk",
    &[
        bind(&["1", "y"], Action::Answer('1')),
        bind(&["2", "p"], Action::Answer('2')),
        bind(&["3", "n"], Action::Answer('3')),
        bind(&["x"], Action::Answer('x')),
        quiet(&["4"], Action::Answer('4')),
        quiet(&["5"], Action::Answer('5')),
        quiet(&["="], Action::AnswerNumber),
        bind(&["]"], Action::NextUnanswered),
        quiet(&["["], Action::PrevUnanswered),
        bind(&["o"], Action::EditNote),
        bind(&["e"], Action::AddEvidence),
        bind(&["f"], Action::RaiseFinding),
        bind(&["/"], Action::Search),
        quiet(&["F"], Action::GoFindings),
        quiet(&["T"], Action::GoTrail),
        quiet(&["R"], Action::GoRoster),
        quiet(&["C"], Action::GoConflicts),
        quiet(&["X"], Action::GoExchange),
        quiet(&["a"], Action::ToggleAutoAdvance),
        quiet(&["s"], Action::ShowScore),
    ],
);

pub struct Walk {
    audit: Id,
    view: AuditView,
    cursor: usize,
    auto_advance: bool,
    show_score: bool,
}

/// The answer a key gives for an item of `kind`, as the domain parses it; `None` when the key means
/// nothing for this kind.
fn answer_for(kind: AnswerKind, key: char) -> Option<&'static str> {
    match (kind, key) {
        (AnswerKind::Compliance, '1') => Some("compliant"),
        (AnswerKind::Compliance, '2') => Some("partial"),
        (AnswerKind::Compliance, '3') => Some("noncompliant"),
        (AnswerKind::YesNo, '1') => Some("yes"),
        (AnswerKind::YesNo, '3') => Some("no"),
        (AnswerKind::Score, '1') => Some("1"),
        (AnswerKind::Score, '2') => Some("2"),
        (AnswerKind::Score, '3') => Some("3"),
        (AnswerKind::Score, '4') => Some("4"),
        (AnswerKind::Score, '5') => Some("5"),
        (AnswerKind::Compliance | AnswerKind::YesNo, '4') => Some("na"),
        (_, 'x') => Some("na"),
        _ => None,
    }
}

impl Walk {
    pub fn new(app: &App, audit: Id) -> Result<Walk, AppError> {
        let view = app.audit_view(&audit.to_string())?;
        let cursor = view
            .items
            .iter()
            .position(|i| i.response.as_ref().and_then(|r| r.answer).is_none())
            .unwrap_or(0);
        Ok(Walk {
            audit,
            view,
            cursor,
            auto_advance: true,
            show_score: false,
        })
    }

    fn answered(&self, i: usize) -> bool {
        self.view.items[i]
            .response
            .as_ref()
            .and_then(|r| r.answer)
            .is_some()
    }

    /// The next unanswered item after the cursor (wrapping), if any.
    fn next_unanswered(&self, forward: bool) -> Option<usize> {
        let n = self.view.items.len();
        (1..n)
            .map(|d| {
                if forward {
                    (self.cursor + d) % n
                } else {
                    (self.cursor + n - d) % n
                }
            })
            .find(|&i| !self.answered(i))
    }

    fn save(
        &mut self,
        cx: &mut Cx,
        answer: Option<&str>,
        note: Option<&str>,
        evidence: Option<&str>,
    ) -> Outcome {
        let Some(item) = self.view.items.get(self.cursor) else {
            return Outcome::None;
        };
        let code = item.item.code.clone();
        let path = evidence.map(std::path::PathBuf::from);
        let paths: Vec<&std::path::Path> = path.iter().map(|p| p.as_path()).collect();
        match cx
            .app
            .answer(&self.audit.to_string(), &code, answer, note, &paths)
        {
            Ok((r, changed)) => {
                let msg = if !changed {
                    cx.ui.t.f("walk.unchanged", &[("item", &code)])
                } else if let (Some(_), Some(e)) = (evidence, r.evidence.last()) {
                    cx.ui.t.f(
                        "walk.evidence_saved",
                        &[("name", &e.name), ("sha", &hex::encode(&e.sha256[..6]))],
                    )
                } else {
                    cx.ui.t.f("walk.saved", &[("item", &code)])
                };
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
                cx.ui.ok(msg);
                if answer.is_some() && self.auto_advance {
                    if let Some(next) = self.next_unanswered(true) {
                        self.cursor = next;
                    }
                }
            }
            Err(e) => cx.ui.error(e.to_string()),
        }
        Outcome::None
    }
}

impl Screen for Walk {
    fn title(&self, ui: &Ui) -> String {
        format!(
            "{} — {}",
            ui.t.t("walk.screen"),
            self.view.summary.audit.title
        )
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.view.summary.audit)
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.view = app.audit_view(&self.audit.to_string())?;
        self.cursor = self.cursor.min(self.view.items.len().saturating_sub(1));
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.view.items.len();
        match action {
            Action::Back => return Outcome::Pop,
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = n.saturating_sub(1),
            Action::PageDown => self.cursor = (self.cursor + 10).min(n.saturating_sub(1)),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::NextUnanswered | Action::PrevUnanswered => {
                match self.next_unanswered(action == Action::NextUnanswered) {
                    Some(i) => self.cursor = i,
                    None => cx.ui.ok(cx.ui.t.t("walk.all_answered").to_string()),
                }
            }
            Action::ToggleAutoAdvance => {
                self.auto_advance = !self.auto_advance;
                let key = if self.auto_advance {
                    "walk.auto_on"
                } else {
                    "walk.auto_off"
                };
                cx.ui.ok(cx.ui.t.t(key).to_string());
            }
            Action::ShowScore => self.show_score = !self.show_score,
            Action::GoFindings => {
                return match super::findings::Findings::new(cx.app, self.audit) {
                    Ok(sc) => Outcome::Push(Box::new(sc)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::GoRoster => {
                return match super::roster::Roster::new(cx.app) {
                    Ok(sc) => Outcome::Push(Box::new(sc)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::GoTrail => {
                return match super::trail::Trail::new(cx.app, Some(self.audit)) {
                    Ok(sc) => Outcome::Push(Box::new(sc)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::GoConflicts => {
                return match super::conflicts::Conflicts::new(cx.app, Some(self.audit)) {
                    Ok(sc) => Outcome::Push(Box::new(sc)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::GoExchange => {
                return match super::exchange::Exchange::new(cx.app, Some(self.audit)) {
                    Ok(sc) => Outcome::Push(Box::new(sc)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::Search => {
                let items = self
                    .view
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let mut p = PickItem::new(
                            i.to_string(),
                            format!("{}  {}", it.item.code, it.item.text),
                        );
                        p.search = it.section_title.clone();
                        p
                    })
                    .collect();
                return Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                    "walk.jump",
                    cx.ui.t.t("walk.jump_title").into(),
                    items,
                    false,
                ))));
            }
            Action::Answer(k) => {
                let Some(item) = self.view.items.get(self.cursor) else {
                    return Outcome::None;
                };
                let kind = item.item.answer;
                if kind == AnswerKind::Number && k != 'x' {
                    return self.update(Action::AnswerNumber, cx);
                }
                match answer_for(kind, k) {
                    Some(a) => return self.save(cx, Some(a), None, None),
                    None => {
                        let key = match kind {
                            AnswerKind::Compliance => "walk.keys_compliance",
                            AnswerKind::Score => "walk.keys_score",
                            AnswerKind::YesNo => "walk.keys_yesno",
                            AnswerKind::Number => "walk.keys_number",
                        };
                        let msg = answer_keys(cx.ui, key);
                        cx.ui.error(msg);
                    }
                }
            }
            Action::AnswerNumber => {
                let Some(item) = self.view.items.get(self.cursor) else {
                    return Outcome::None;
                };
                let current = item
                    .response
                    .as_ref()
                    .and_then(|r| r.answer.as_ref())
                    .map(|a| a.code())
                    .unwrap_or_default();
                return Outcome::Popup(Popup::Input(Input::new(
                    "walk.answer",
                    format!("{} {}", item.item.code, cx.ui.t.t("walk.answer_title")),
                    item.item.text.clone(),
                    &current,
                )));
            }
            Action::EditNote => {
                let Some(item) = self.view.items.get(self.cursor) else {
                    return Outcome::None;
                };
                let note = item
                    .response
                    .as_ref()
                    .map(|r| r.note.clone())
                    .unwrap_or_default();
                return Outcome::Popup(Popup::Editor(Box::new(Editor::new(
                    "walk.note",
                    format!("{} {}", cx.ui.t.t("walk.note_title"), item.item.code),
                    &note,
                ))));
            }
            Action::AddEvidence => {
                let Some(item) = self.view.items.get(self.cursor) else {
                    return Outcome::None;
                };
                return Outcome::Popup(Popup::Input(Input::new(
                    "walk.evidence",
                    format!("{} {}", cx.ui.t.t("walk.evidence_title"), item.item.code),
                    cx.ui.t.t("walk.evidence_prompt").into(),
                    "",
                )));
            }
            Action::RaiseFinding => {
                let Some(item) = self.view.items.get(self.cursor) else {
                    return Outcome::None;
                };
                let prefill = Prefill {
                    items: vec![item.item.code.clone()],
                    kriteria: item.item.criteria.clone(),
                    kondisi: item
                        .response
                        .as_ref()
                        .map(|r| r.note.clone())
                        .unwrap_or_default(),
                    title: String::new(),
                };
                return match new_finding_form(cx.app, cx.ui, self.audit, prefill) {
                    Ok(form) => Outcome::Push(Box::new(form)),
                    Err(e) => cx.fail(e),
                };
            }
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("walk.note", Value::Text(t)) => self.save(cx, None, Some(&t), None),
            ("walk.evidence", Value::Text(p)) if !p.is_empty() => {
                self.save(cx, None, None, Some(&p))
            }
            ("walk.answer", Value::Text(a)) if !a.is_empty() => self.save(cx, Some(&a), None, None),
            ("walk.jump", Value::Picked(ids)) => {
                if let Some(i) = ids.first().and_then(|i| i.parse::<usize>().ok()) {
                    self.cursor = i.min(self.view.items.len().saturating_sub(1));
                }
                Outcome::None
            }
            _ => Outcome::None,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let s = &self.view.summary;
        let [top, main] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
        // progress and score, kept apart
        let pct = if s.progress.total == 0 {
            0.0
        } else {
            s.progress.looked_at as f64 * 100.0 / s.progress.total as f64
        };
        let score = match s.compliance.percent() {
            Some(p) => t.percent(p),
            None => "—".into(),
        };
        let mut line1 = vec![
            Span::styled(format!("{} ", t.t("walk.progress")), th.accent),
            Span::styled(bar(s.progress.looked_at, s.progress.total, 20), th.gauge),
            Span::raw(format!(
                " {}/{} ({})   ",
                s.progress.looked_at,
                s.progress.total,
                t.percent(pct)
            )),
            Span::styled(format!("{} ", t.t("walk.score")), th.accent),
            Span::raw(score),
            Span::styled(
                format!(
                    "   {}: {}",
                    t.t("walk.auto"),
                    t.t(if self.auto_advance {
                        "walk.on"
                    } else {
                        "walk.off"
                    })
                ),
                th.muted,
            ),
        ];
        if s.audit.phase.is_locked() {
            line1.push(Span::styled(
                format!("   ■ {}", t.t("walk.locked")),
                th.warn,
            ));
        }
        let line2 = if self.show_score {
            Line::from(Span::styled(s.compliance.explain(), th.muted))
        } else {
            Line::from(Span::styled(
                t.f(
                    "walk.score_hint",
                    &[("key", &ui.key(&KEYS, Action::ShowScore))],
                ),
                th.muted,
            ))
        };
        f.render_widget(Paragraph::new(vec![Line::from(line1), line2]), top);

        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(main);
        self.draw_list(f, left, ui);
        self.draw_item(f, right, ui);
    }
}

impl Walk {
    fn draw_list(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(
                format!(" {} ", ui.t.t("walk.items")),
                th.title,
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let height = inner.height as usize;
        // only the visible rows are built: section headings are drawn above their first item
        let (start, end) = window(self.view.items.len(), self.cursor, height.max(1));
        let mut lines = Vec::with_capacity(height);
        let mut prev_section = if start == 0 {
            None
        } else {
            Some(self.view.items[start - 1].section.as_str())
        };
        let width = inner.width as usize;
        let mut cursor_line: usize = 0;
        for i in start..end {
            let it = &self.view.items[i];
            if prev_section != Some(it.section.as_str()) {
                lines.push(Line::from(Span::styled(
                    truncate(&format!("{} {}", it.section, it.section_title), width),
                    th.title,
                )));
                prev_section = Some(it.section.as_str());
            }
            let answer = it.response.as_ref().and_then(|r| r.answer.as_ref());
            let (glyph, style) = answer_glyph(answer, th);
            let note = if it.response.as_ref().is_some_and(|r| !r.note.is_empty()) {
                "✎"
            } else {
                " "
            };
            if i == self.cursor {
                cursor_line = lines.len();
            }
            let row_style = if i == self.cursor {
                th.selected
            } else {
                th.base
            };
            let text = truncate(
                &format!("{:<8} {}", it.item.code, it.item.text),
                width.saturating_sub(5),
            );
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {glyph}"),
                    if i == self.cursor { row_style } else { style },
                ),
                Span::styled(note, row_style),
                Span::styled(format!(" {text}"), row_style),
            ]));
        }
        // section headings take rows too: scroll just enough to keep the cursor row on screen
        let scroll = cursor_line.saturating_sub(height.saturating_sub(1));
        f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    }

    fn draw_item(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(format!(" {} ", t.t("walk.item")), th.title));
        let Some(it) = self.view.items.get(self.cursor) else {
            f.render_widget(block, area);
            return;
        };
        let item = &it.item;
        let kind = match item.answer {
            AnswerKind::Compliance => "walk.kind_compliance",
            AnswerKind::Score => "walk.kind_score",
            AnswerKind::YesNo => "walk.kind_yesno",
            AnswerKind::Number => "walk.kind_number",
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{}  ", item.code), th.key),
                Span::styled(
                    item.text.clone(),
                    th.base.add_modifier(ratatui::style::Modifier::BOLD),
                ),
            ]),
            Line::from(""),
            Line::from(vec![
                Span::styled(format!("{}: ", t.t("walk.criteria")), th.accent),
                Span::raw(item.criteria.clone()),
            ]),
            Line::from(vec![
                Span::styled(format!("{}: ", t.t("walk.weight")), th.accent),
                Span::raw(format!("{}   ", item.weight)),
                Span::styled(format!("{}: ", t.t("walk.kind")), th.accent),
                Span::raw(answer_keys(ui, kind)),
                Span::styled(
                    if item.evidence_required {
                        format!("   ⚑ {}", t.t("walk.evidence_required"))
                    } else {
                        String::new()
                    },
                    th.warn,
                ),
            ]),
        ];
        if !item.guidance.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(t.t("walk.guidance"), th.accent)));
            lines.push(Line::from(Span::styled(item.guidance.clone(), th.muted)));
        }
        lines.push(Line::from(""));
        let answer = it.response.as_ref().and_then(|r| r.answer.as_ref());
        let (glyph, style) = answer_glyph(answer, th);
        let answer_text = match (answer, t.lang) {
            (Some(a), crate::tui::i18n::Lang::Id) => a.label_id(),
            (Some(a), crate::tui::i18n::Lang::En) => a.label_en(),
            (None, _) => t.t("walk.unanswered").to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("walk.answer")), th.accent),
            Span::styled(format!("{glyph} {answer_text}"), style),
        ]));
        if let Some(r) = &it.response {
            lines.push(Line::from(Span::styled(
                t.f("walk.recorded_by", &[("at", &t.datetime(r.at))]),
                th.muted,
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            t.f(
                "walk.observation",
                &[("key", &ui.key(&KEYS, Action::EditNote))],
            ),
            th.accent,
        )));
        match it
            .response
            .as_ref()
            .map(|r| r.note.as_str())
            .filter(|n| !n.is_empty())
        {
            Some(note) => lines.extend(note.lines().map(|l| Line::from(l.to_string()))),
            None => lines.push(Line::from(Span::styled(
                t.t("walk.no_observation"),
                th.muted,
            ))),
        }
        let evidence = it
            .response
            .as_ref()
            .map(|r| r.evidence.as_slice())
            .unwrap_or(&[]);
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(
                "{} ({})",
                t.f(
                    "walk.evidence",
                    &[("key", &ui.key(&KEYS, Action::AddEvidence))]
                ),
                evidence.len()
            ),
            th.accent,
        )));
        for e in evidence {
            lines.push(Line::from(vec![
                Span::raw(format!("• {}  ", e.name)),
                Span::styled(format!("sha256 {}…", hex::encode(&e.sha256[..8])), th.muted),
            ]));
        }
        if item.evidence_required && evidence.is_empty() && answer.is_some() {
            lines.push(Line::from(Span::styled(
                t.t("walk.evidence_missing"),
                th.warn,
            )));
        }
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A text about the answer keys (`walk.kind_*`, `walk.keys_*`) with the keys in force.
fn answer_keys(ui: &Ui, key: &str) -> String {
    let k = |c: char| ui.key(&KEYS, Action::Answer(c));
    ui.t.f(
        key,
        &[
            ("a1", &k('1')),
            ("a2", &k('2')),
            ("a3", &k('3')),
            ("na", &k('x')),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_keys_by_kind() {
        assert_eq!(answer_for(AnswerKind::Compliance, '2'), Some("partial"));
        assert_eq!(answer_for(AnswerKind::Compliance, '4'), Some("na"));
        assert_eq!(answer_for(AnswerKind::Score, '4'), Some("4"));
        assert_eq!(answer_for(AnswerKind::Score, 'x'), Some("na"));
        assert_eq!(answer_for(AnswerKind::Number, 'x'), Some("na"));
        assert_eq!(answer_for(AnswerKind::Score, '5'), Some("5"));
        assert_eq!(answer_for(AnswerKind::YesNo, '3'), Some("no"));
        assert_eq!(answer_for(AnswerKind::YesNo, '2'), None);
        assert_eq!(answer_for(AnswerKind::Compliance, '5'), None);
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}

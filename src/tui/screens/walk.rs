//! The checklist walk: sections and items with status glyphs on the left, the item on the right
//! (criterion, guidance, answer, observation, evidence); one key per answer, auto-advance to the
//! next unanswered item, the observation editor, evidence references, and raising a finding.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::app::{
    clean_path, complete_path, note_draft_key, App, AppError, AuditView, ConflictMarks,
};
use crate::domain::model::Audit;
use crate::domain::template::AnswerKind;
use crate::domain::Id;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::list::{ListState, PAGE};
use crate::tui::widgets::pane::{self, PaneScroll};
use crate::tui::widgets::popup::{
    Completion, Editor, Input, PickItem, Picker, Popup, PopupResult, Value,
};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::engagement_form::engagement_form;
use super::finding_form::{new_finding_form, Prefill};
use super::{answer_glyph, bar, conflict_line, CONFLICT_GLYPH};

/// The answer keys of a compliance item.
pub(crate) static COMPLIANCE_KEYS: Layer = layer(
    "walk_compliance",
    &[
        bind(&["1", "y"], Action::Answer("compliant")),
        bind(&["2", "p"], Action::Answer("partial")),
        bind(&["3", "n"], Action::Answer("noncompliant")),
        bind(&["x", "4"], Action::Answer("na")),
    ],
);

/// The answer keys of a 1–5 score item: only the digits (a letter never gives a score).
pub(crate) static SCORE_KEYS: Layer = layer(
    "walk_score",
    &[
        bind(&["1"], Action::Answer("1")),
        bind(&["2"], Action::Answer("2")),
        bind(&["3"], Action::Answer("3")),
        bind(&["4"], Action::Answer("4")),
        bind(&["5"], Action::Answer("5")),
        bind(&["x"], Action::Answer("na")),
    ],
);

/// The answer keys of a yes/no item.
pub(crate) static YESNO_KEYS: Layer = layer(
    "walk_yesno",
    &[
        bind(&["y", "1"], Action::Answer("yes")),
        bind(&["n", "3"], Action::Answer("no")),
        bind(&["x"], Action::Answer("na")),
    ],
);

/// The answer keys of a number item: a digit opens the entry with that digit typed, `=` opens it
/// with the current answer.
pub(crate) static NUMBER_KEYS: Layer = layer(
    "walk_number",
    &[
        bind(&["="], Action::AnswerNumber),
        bind(&["i"], Action::ImportSurvey),
        quiet(&["0"], Action::Digit(0)),
        quiet(&["1"], Action::Digit(1)),
        quiet(&["2"], Action::Digit(2)),
        quiet(&["3"], Action::Digit(3)),
        quiet(&["4"], Action::Digit(4)),
        quiet(&["5"], Action::Digit(5)),
        quiet(&["6"], Action::Digit(6)),
        quiet(&["7"], Action::Digit(7)),
        quiet(&["8"], Action::Digit(8)),
        quiet(&["9"], Action::Digit(9)),
        bind(&["x"], Action::Answer("na")),
    ],
);

/// The answer layer of an item kind.
pub(crate) fn answer_layer(kind: AnswerKind) -> &'static Layer {
    match kind {
        AnswerKind::Compliance => &COMPLIANCE_KEYS,
        AnswerKind::Score => &SCORE_KEYS,
        AnswerKind::YesNo => &YESNO_KEYS,
        AnswerKind::Number => &NUMBER_KEYS,
    }
}

pub(crate) static KEYS: Layer = layer(
    "walk",
    &[
        bind(&["]"], Action::NextUnanswered),
        quiet(&["["], Action::PrevUnanswered),
        bind(&["o"], Action::EditNote),
        bind(&["e"], Action::AddEvidence),
        bind(&["f"], Action::RaiseFinding),
        bind(&["d"], Action::EditEngagement),
        quiet(&["c"], Action::Correct),
        bind(&["/"], Action::Search),
        quiet(&["F"], Action::GoFindings),
        quiet(&["T"], Action::GoTrail),
        quiet(&["R"], Action::GoRoster),
        quiet(&["C"], Action::GoConflicts),
        quiet(&["X"], Action::GoExchange),
        bind(&["L"], Action::GoRegister),
        quiet(&["B"], Action::GoTraining),
        quiet(&["a"], Action::ToggleAutoAdvance),
        quiet(&["s"], Action::ShowScore),
        // the item pane scrolls with PageUp/PageDown; the list pages with Ctrl-u/Ctrl-d
        quiet(&["PageDown"], Action::ScrollDetailDown),
        quiet(&["PageUp"], Action::ScrollDetailUp),
    ],
);

pub struct Walk {
    audit: Id,
    view: AuditView,
    list: ListState,
    auto_advance: bool,
    show_score: bool,
    /// The correction picked (`clear` or `ev:N`), waiting for its reason.
    correcting: Option<String>,
    /// The items whose response has a pending conflict, loaded with the view.
    marks: ConflictMarks,
    /// How far the item pane is scrolled, for which item (by code).
    pane: PaneScroll<String>,
    /// The agency's earlier audits' recommendations still open (tindak lanjut hasil pemeriksaan
    /// sebelumnya), loaded with the view.
    earlier: Vec<crate::app::TlhpRow>,
    /// The unit's IKM in the agency's other audits, per survey item of this audit (by code).
    earlier_ikm: Vec<(String, Vec<crate::app::EarlierIkm>)>,
}

impl Walk {
    /// On a final (locked) audit, say so in the status line before any editor opens, so nothing
    /// typed is thrown away by a refusal afterwards; returns whether the audit is locked.
    fn refuse_if_locked(&self, cx: &mut Cx) -> bool {
        let locked = self.view.summary.audit.phase.is_locked();
        if locked {
            let msg = cx.ui.t.f(
                "walk.locked_refused",
                &[(
                    "key",
                    &cx.ui.key(&super::audits::KEYS, Action::AdvancePhase),
                )],
            );
            cx.ui.error(msg);
        }
        locked
    }

    /// The range a number answer lies outside of (as people write it), if it does.
    fn out_of_range(&self, r: &crate::domain::model::Response) -> Option<String> {
        let crate::domain::score::Answer::Number(v) = r.answer? else {
            return None;
        };
        let l = self.view.limit(&r.item)?;
        crate::domain::check::out_of_range(v, l.min, l.max).then(|| range_text(l.min, l.max))
    }

    /// The observation editor of the item under the cursor, keeping a draft of its typing;
    /// `draft` is typing offered back and taken.
    fn note_editor(&self, ui: &Ui, note: &str, draft: Option<&str>) -> Popup {
        let code = self
            .view
            .items
            .get(self.list.cursor())
            .map(|i| i.item.code.clone())
            .unwrap_or_default();
        let editor = Editor::new(
            "walk.note",
            format!("{} {}", ui.t.t("walk.note_title"), code),
            note,
        )
        .with_draft(note_draft_key(&self.audit, &code));
        Popup::Editor(Box::new(match draft {
            Some(d) => editor.restored(d),
            None => editor,
        }))
    }

    /// The entry of a number item, opened with the digit that was typed (the digit is the first
    /// character of the number) or with the current answer.
    fn number_entry(&self, cx: &mut Cx, digit: Option<u8>) -> Outcome {
        if self.refuse_if_locked(cx) {
            return Outcome::None;
        }
        let Some(item) = self.view.items.get(self.list.cursor()) else {
            return Outcome::None;
        };
        if item.item.answer != AnswerKind::Number {
            return Outcome::None;
        }
        let initial = match digit {
            Some(d) => d.to_string(),
            None => item
                .response
                .as_ref()
                .and_then(|r| r.answer.as_ref())
                .filter(|a| !matches!(a, crate::domain::score::Answer::NotApplicable))
                .map(|a| a.code())
                .unwrap_or_default(),
        };
        Outcome::Popup(Popup::Input(Input::new(
            "walk.answer",
            format!("{} {}", item.item.code, cx.ui.t.t("walk.answer_title")),
            item.item.text.clone(),
            &initial,
        )))
    }

    pub fn new(app: &App, audit: Id) -> Result<Walk, AppError> {
        let view = app.audit_view(&audit.to_string())?;
        let first_open = view
            .items
            .iter()
            .position(|i| i.response.as_ref().and_then(|r| r.answer).is_none())
            .unwrap_or(0);
        Ok(Walk {
            audit,
            list: ListState::at(first_open),
            auto_advance: true,
            show_score: false,
            correcting: None,
            marks: app.conflict_marks(&audit)?,
            pane: PaneScroll::default(),
            earlier: app.earlier_followup(&audit.to_string(), crate::app::today())?,
            earlier_ikm: earlier_ikm(app, &view)?,
            view,
        })
    }

    /// The code of the item under the cursor: the item pane shows it.
    fn shown(&self) -> Option<&String> {
        self.view
            .items
            .get(self.list.cursor())
            .map(|i| &i.item.code)
    }

    /// Scroll the item pane a page down or up, in the pane as drawn in `area`.
    fn scroll_item(&mut self, down: bool, area: Rect, ui: &Ui) {
        let inner = item_block(ui).inner(panes(area).2);
        let rows = pane::rows(self.item_lines(ui), inner.width);
        let shown = self.shown().cloned();
        self.pane.page(shown, down, rows, usize::from(inner.height));
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
                    (self.list.cursor() + d) % n
                } else {
                    (self.list.cursor() + n - d) % n
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
        let Some(item) = self.view.items.get(self.list.cursor()) else {
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
                } else if let Some(range) = self.out_of_range(&r) {
                    // saved as typed; the completeness check names it again before final
                    cx.ui.t.f(
                        "walk.saved_out_of_range",
                        &[("item", &code), ("range", &range)],
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
                        self.list.select(next);
                    }
                }
            }
            // from a popup, the popup stays open with what was typed (see Outcome::Reject)
            Err(e) => return Outcome::Reject(e.message(&cx.ui.t)),
        }
        Outcome::None
    }
}

impl Walk {
    /// Read the survey file at `path` and record its IKM as the selected number item's answer
    /// (the file its evidence, the computation in its note); a refusal keeps the prompt open with
    /// the path typed.
    fn import_survey(&mut self, cx: &mut Cx, path: &str) -> Outcome {
        let Some(item) = self.view.items.get(self.list.cursor()) else {
            return Outcome::None;
        };
        let opts = crate::app::SkmOptions {
            record: Some((self.audit.to_string(), Some(item.item.code.clone()))),
            ..Default::default()
        };
        match cx.app.skm_import(std::path::Path::new(path), &opts) {
            Ok(r) => {
                if let Err(e) = self.refresh(cx.app) {
                    return cx.fail(e);
                }
                let t = &cx.ui.t;
                let kinerja = match t.lang {
                    crate::text::Lang::Id => &r.band.kinerja,
                    crate::text::Lang::En => &r.band.kinerja_en,
                };
                let weakest: Vec<String> = r
                    .result
                    .weakest
                    .iter()
                    .map(|&i| format!("U{}", i + 1))
                    .collect();
                let msg = t.f(
                    "walk.skm_saved",
                    &[
                        ("ikm", &t.fixed(r.result.ikm.value(), 2)),
                        ("mutu", &r.band.mutu),
                        ("kinerja", kinerja),
                        ("n", &t.count(r.result.respondents)),
                        ("weakest", &weakest.join(", ")),
                    ],
                );
                cx.ui.ok(msg);
                Outcome::None
            }
            Err(e) => Outcome::Reject(e.message(&cx.ui.t)),
        }
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
        // only the answer keys of the item under the cursor act (and show in the footer)
        match self.view.items.get(self.list.cursor()) {
            Some(it) => vec![answer_layer(it.item.answer), &KEYS, &LIST_NAV],
            None => vec![&KEYS, &LIST_NAV],
        }
    }

    fn audit(&self) -> Option<&Audit> {
        Some(&self.view.summary.audit)
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.view = app.audit_view(&self.audit.to_string())?;
        self.marks = app.conflict_marks(&self.audit)?;
        self.earlier = app.earlier_followup(&self.audit.to_string(), crate::app::today())?;
        self.earlier_ikm = earlier_ikm(app, &self.view)?;
        self.list.clamp(self.view.items.len());
        let shown = self.shown().cloned();
        self.pane.follow(shown.as_ref());
        Ok(())
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let out = self.act(action, cx);
        // another item under the cursor: its pane starts at the top
        let shown = self.shown().cloned();
        self.pane.follow(shown.as_ref());
        out
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        let out = self.popup_result(r, cx);
        let shown = self.shown().cloned();
        self.pane.follow(shown.as_ref());
        out
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let s = &self.view.summary;
        let (top, left, right) = panes(area);
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
            Line::from(Span::styled(ui.t.compliance(&s.compliance), th.muted))
        } else if !self.earlier.is_empty() {
            // what the earlier audits of this agency left open comes before the score's hint
            let late = self.earlier.iter().filter(|r| r.overdue.is_some()).count();
            Line::from(Span::styled(
                t.f(
                    "walk.earlier",
                    &[
                        ("n", &t.count(self.earlier.len() as u64)),
                        ("late", &t.count(late as u64)),
                        ("key", &ui.key(&KEYS, Action::GoRegister)),
                    ],
                ),
                th.warn,
            ))
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

        self.draw_list(f, left, ui);
        self.draw_item(f, right, ui);
    }
}

/// The walk's parts in `area`: progress and score on top, the items left, the item right.
fn panes(area: Rect) -> (Rect, Rect, Rect) {
    let [top, main] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(main);
    (top, left, right)
}

/// The item pane's frame.
/// The unit's earlier IKM for each survey of the audit (read only when it has one).
fn earlier_ikm(
    app: &App,
    view: &AuditView,
) -> Result<Vec<(String, Vec<crate::app::EarlierIkm>)>, AppError> {
    let mut out = Vec::new();
    for s in &view.surveys {
        out.push((s.item.clone(), app.earlier_ikm(&view.summary.audit, s)?));
    }
    Ok(out)
}

/// A unit's performance word in the screen's language (the conversion table's words are
/// Indonesian).
fn kinerja_word<'a>(s: &'a crate::domain::skm::SurveyRecord, t: &crate::text::Strings) -> &'a str {
    match t.lang {
        crate::text::Lang::Id => &s.kinerja,
        crate::text::Lang::En => &s.kinerja_en,
    }
}

fn item_block(ui: &Ui) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.theme.border_focus)
        .title(Span::styled(
            format!(" {} ", ui.t.t("walk.item")),
            ui.theme.title,
        ))
}

impl Walk {
    /// One action (the trait's `update`, before the item pane follows the cursor).
    fn act(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let n = self.view.items.len();
        match action {
            Action::Back => return Outcome::Pop,
            a if ListState::moves(a) => {
                self.list.handle(a, n, PAGE);
            }
            Action::ScrollDetailDown | Action::ScrollDetailUp => {
                self.scroll_item(action == Action::ScrollDetailDown, cx.area, cx.ui)
            }
            Action::NextUnanswered | Action::PrevUnanswered => {
                match self.next_unanswered(action == Action::NextUnanswered) {
                    Some(i) => self.list.select(i),
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
            Action::GoFindings => return Outcome::Open(Intent::OpenFindings { audit: self.audit }),
            Action::GoRoster => return Outcome::Open(Intent::OpenRoster),
            Action::GoTrail => {
                return Outcome::Open(Intent::OpenTrail {
                    audit: Some(self.audit),
                })
            }
            Action::GoConflicts => {
                return Outcome::Open(Intent::OpenConflicts {
                    audit: Some(self.audit),
                })
            }
            Action::GoExchange => {
                return Outcome::Open(Intent::OpenExchange {
                    audit: Some(self.audit),
                })
            }
            // the agency's open recommendations of earlier audits, to look at and verify
            Action::GoRegister => {
                return Outcome::Open(Intent::OpenRegisterOpenOf {
                    agency: self.view.summary.audit.agency.clone(),
                })
            }
            Action::GoTraining => {
                return Outcome::Open(Intent::OpenTraining {
                    agency: Some(self.view.summary.audit.agency.clone()),
                })
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
            Action::Answer(code) => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                // the layer in force is the item's own kind, so `code` fits it; the app checks again
                return self.save(cx, Some(code), None, None);
            }
            Action::Digit(d) => return self.number_entry(cx, Some(d)),
            Action::AnswerNumber => return self.number_entry(cx, None),
            Action::EditNote => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                let note = item
                    .response
                    .as_ref()
                    .map(|r| r.note.clone())
                    .unwrap_or_default();
                let key = note_draft_key(&self.audit, &item.item.code);
                // typing kept from before (a closed or killed terminal) is offered back
                if let Some((draft, at)) = cx.app.draft(&key).filter(|(d, _)| *d != note) {
                    let t = &cx.ui.t;
                    let first_line = draft.lines().next().unwrap_or_default().to_string();
                    return Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                        "walk.draft_offer",
                        t.f("walk.draft_title", &[("at", &t.datetime(at))]),
                        vec![
                            PickItem::new(
                                "restore",
                                t.f(
                                    "walk.draft_restore",
                                    &[("start", &truncate(&first_line, 50))],
                                ),
                            ),
                            PickItem::new("saved", t.t("walk.draft_discard")),
                        ],
                        false,
                    ))));
                }
                return Outcome::Popup(self.note_editor(cx.ui, &note, None));
            }
            Action::AddEvidence => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                return Outcome::Popup(Popup::Input(
                    Input::new(
                        "walk.evidence",
                        format!("{} {}", cx.ui.t.t("walk.evidence_title"), item.item.code),
                        cx.ui.t.t("walk.evidence_prompt").into(),
                        "",
                    )
                    .with_completer(complete_evidence),
                ));
            }
            Action::ImportSurvey => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                return Outcome::Popup(Popup::Input(
                    Input::new(
                        "walk.skm",
                        cx.ui.t.f("walk.skm_title", &[("item", &item.item.code)]),
                        cx.ui.t.t("walk.skm_prompt").into(),
                        "",
                    )
                    .with_completer(complete_evidence),
                ));
            }
            Action::Correct => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                let t = &cx.ui.t;
                let mut choices = Vec::new();
                if let Some(r) = &item.response {
                    if let Some(a) = &r.answer {
                        let label = match t.lang {
                            crate::tui::i18n::Lang::Id => a.label_id(),
                            crate::tui::i18n::Lang::En => a.label_en(),
                        };
                        choices.push(PickItem::new(
                            "clear",
                            t.f("walk.correct_clear", &[("answer", &label)]),
                        ));
                    }
                    for (i, e) in r.evidence.iter().enumerate() {
                        choices.push(PickItem::new(
                            format!("ev:{}", i + 1),
                            t.f(
                                "walk.correct_evidence",
                                &[("name", &e.name), ("sha", &hex::encode(&e.sha256[..6]))],
                            ),
                        ));
                    }
                }
                if choices.is_empty() {
                    let msg = t.f("walk.nothing_to_correct", &[("item", &item.item.code)]);
                    cx.ui.error(msg);
                    return Outcome::None;
                }
                return Outcome::Popup(Popup::Picker(Box::new(Picker::new(
                    "walk.correct",
                    format!("{} {}", t.t("walk.correct_title"), item.item.code),
                    choices,
                    false,
                ))));
            }
            Action::EditEngagement => {
                return match engagement_form(cx.app, cx.ui, self.audit) {
                    Ok(form) => Outcome::Push(Box::new(form)),
                    Err(e) => cx.fail(e),
                };
            }
            Action::RaiseFinding => {
                if self.refuse_if_locked(cx) {
                    return Outcome::None;
                }
                let Some(item) = self.view.items.get(self.list.cursor()) else {
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

    /// What a popup handed back (the trait's `on_result`, before the item pane follows the cursor).
    fn popup_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("walk.note", Value::Text(t)) => self.save(cx, None, Some(&t), None),
            // as a file manager or a drop on the terminal pastes it: quoted, a file:// URL …
            ("walk.evidence", Value::Text(p)) => match clean_path(&p) {
                path if path.is_empty() => Outcome::None,
                path => self.save(cx, None, None, Some(&path)),
            },
            ("walk.answer", Value::Text(a)) if !a.is_empty() => self.save(cx, Some(&a), None, None),
            ("walk.skm", Value::Text(p)) => match clean_path(&p) {
                path if path.is_empty() => Outcome::None,
                path => self.import_survey(cx, &path),
            },
            ("walk.draft_offer", Value::Picked(ids)) => {
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                let note = item
                    .response
                    .as_ref()
                    .map(|r| r.note.clone())
                    .unwrap_or_default();
                let key = note_draft_key(&self.audit, &item.item.code);
                let restore = ids.first().is_some_and(|i| i == "restore");
                let draft = cx.app.draft(&key).map(|(d, _)| d);
                if !restore {
                    if let Err(e) = cx.app.clear_draft(&key) {
                        return cx.fail(e);
                    }
                }
                let draft = draft.filter(|_| restore);
                Outcome::Popup(self.note_editor(cx.ui, &note, draft.as_deref()))
            }
            ("walk.correct", Value::Picked(ids)) => {
                self.correcting = ids.into_iter().next();
                Outcome::Popup(Popup::Input(Input::new(
                    "walk.correct_reason",
                    cx.ui.t.t("walk.correct_title").into(),
                    cx.ui.t.t("walk.correct_reason").into(),
                    "",
                )))
            }
            ("walk.correct_reason", Value::Text(reason)) => {
                let Some(item) = self.view.items.get(self.list.cursor()) else {
                    return Outcome::None;
                };
                let (audit, code) = (self.audit.to_string(), item.item.code.clone());
                let done = match self.correcting.as_deref() {
                    Some("clear") => cx.app.clear_answer(&audit, &code, &reason),
                    Some(ev) => match ev.strip_prefix("ev:") {
                        Some(n) => cx.app.remove_evidence(&audit, &code, n, &reason),
                        None => return Outcome::None,
                    },
                    None => return Outcome::None,
                };
                match done {
                    Ok(_) => {
                        self.correcting = None;
                        if let Err(e) = self.refresh(cx.app) {
                            return cx.fail(e);
                        }
                        cx.ui.ok(cx.ui.t.f("walk.corrected", &[("item", &code)]));
                        Outcome::None
                    }
                    // the reason stays in its input to be given again
                    Err(e) => Outcome::Reject(e.message(&cx.ui.t)),
                }
            }
            ("walk.jump", Value::Picked(ids)) => {
                if let Some(i) = ids.first().and_then(|i| i.parse::<usize>().ok()) {
                    self.list.select(i);
                    self.list.clamp(self.view.items.len());
                }
                Outcome::None
            }
            _ => Outcome::None,
        }
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
        let shown = self.list.window(height.max(1), self.view.items.len());
        let start = shown.start;
        let cursor = self.list.cursor();
        let mut lines = Vec::with_capacity(height);
        let mut prev_section = if start == 0 {
            None
        } else {
            Some(self.view.items[start - 1].section.as_str())
        };
        let width = inner.width as usize;
        let mut cursor_line: usize = 0;
        for i in shown {
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
            if i == cursor {
                cursor_line = lines.len();
            }
            let row_style = if i == cursor { th.selected } else { th.base };
            // a pending conflict on the answer shows as a glyph beside the note mark
            let conflict = if self.marks.item(&it.item.code).is_some() {
                CONFLICT_GLYPH
            } else {
                " "
            };
            let text = truncate(
                &format!("{:<8} {}", it.item.code, it.item.text),
                width.saturating_sub(6),
            );
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {glyph}"),
                    if i == cursor { row_style } else { style },
                ),
                Span::styled(note, row_style),
                Span::styled(conflict, if i == cursor { row_style } else { th.warn }),
                Span::styled(format!(" {text}"), row_style),
            ]));
        }
        // section headings take rows too: scroll just enough to keep the cursor row on screen
        let scroll = cursor_line.saturating_sub(height.saturating_sub(1));
        f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    }

    fn draw_item(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = item_block(ui);
        if self.view.items.get(self.list.cursor()).is_none() {
            f.render_widget(block, area);
            return;
        }
        if self.show_score {
            if let Some(survey) = self.shown().and_then(|code| self.view.survey(code)) {
                return self.draw_survey(f, area, ui, survey);
            }
        }
        let offset = self.pane.offset(self.shown());
        pane::draw(f, area, block, self.item_lines(ui), offset, ui, &KEYS);
    }

    /// The survey recorded for the item under the cursor: the arithmetic from NRR to IKM and
    /// mutu, the 0,11 figure, the weakest unsur, the sample, the unit's earlier IKM, and a bar
    /// chart of the NRR per unsur (the weakest three marked).
    fn draw_survey(
        &self,
        f: &mut Frame,
        area: Rect,
        ui: &Ui,
        s: &crate::domain::skm::SurveyRecord,
    ) {
        use ratatui::widgets::{Bar, BarChart, Wrap};
        let (th, t) = (&ui.theme, &ui.t);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(
                format!(" {} ", t.f("walk.survey_title", &[("item", &s.item)])),
                th.title,
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let k = s.totals.len();
        let mut head = vec![
            s.file.clone(),
            t.f("walk.survey_n", &[("n", &t.count(s.respondents))]),
        ];
        head.extend(
            [s.unit.clone(), s.period.clone()]
                .into_iter()
                .filter(|x| !x.is_empty()),
        );
        let ikm = t.fixed(s.ikm().value(), 2);
        let mut lines = vec![
            Line::from(Span::styled(head.join(" · "), th.muted)),
            Line::from(vec![
                Span::styled(format!("{} ", t.t("walk.survey_arithmetic")), th.accent),
                Span::raw(t.f(
                    "walk.survey_ikm",
                    &[
                        ("k", &k.to_string()),
                        ("ni", &t.fixed(s.interval(), 3)),
                        ("ikm", &ikm),
                    ],
                )),
            ]),
            Line::from(vec![
                Span::styled(format!("{} ", t.t("walk.survey_mutu")), th.accent),
                Span::styled(format!("{} ({})", s.mutu, kinerja_word(s, t)), th.ok),
            ]),
        ];
        if let Some(r) = s.ikm_rounded {
            lines.push(Line::from(Span::styled(
                t.f(
                    "walk.survey_rounded",
                    &[
                        (
                            "weight",
                            &t.fixed(f64::from(s.rounded_weight) / 10_000.0, 2),
                        ),
                        ("ikm", &t.fixed(f64::from(r) / 100.0, 2)),
                    ],
                ),
                th.muted,
            )));
        }
        let weakest: Vec<String> = s
            .weakest()
            .iter()
            .map(|&i| {
                format!(
                    "U{} {} {}",
                    i + 1,
                    s.names.get(i).map_or("", String::as_str),
                    t.fixed(s.nrr(i), 2)
                )
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", t.t("walk.survey_weakest")), th.accent),
            Span::styled(weakest.join(" · "), th.warn),
        ]));
        if let Some((population, min)) = s.population {
            let key = if s.sample_short() {
                "walk.survey_sample_short"
            } else {
                "walk.survey_sample_ok"
            };
            lines.push(Line::from(Span::styled(
                t.f(
                    key,
                    &[("min", &t.count(min)), ("population", &t.count(population))],
                ),
                if s.sample_short() { th.warn } else { th.muted },
            )));
        }
        let earlier = self
            .earlier_ikm
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(&s.item))
            .map(|(_, e)| e.as_slice())
            .unwrap_or(&[]);
        if !earlier.is_empty() {
            let list: Vec<String> = earlier
                .iter()
                .map(|e| {
                    let when = e.when();
                    format!(
                        "{when} {} {}",
                        t.fixed(e.survey.ikm().value(), 2),
                        e.survey.mutu
                    )
                })
                .collect();
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", t.t("walk.survey_earlier")), th.accent),
                Span::raw(list.join(" · ")),
            ]));
        }
        lines.push(Line::from(Span::styled(
            t.f(
                "walk.survey_hint",
                &[("key", &ui.key(&KEYS, Action::ShowScore))],
            ),
            th.muted,
        )));
        let text = Paragraph::new(lines).wrap(Wrap { trim: false });
        let text_rows = text.line_count(inner.width) as u16;
        let [top, chart] = Layout::vertical([
            Constraint::Length(text_rows.min(inner.height.saturating_sub(k as u16 + 1))),
            Constraint::Min(0),
        ])
        .areas(inner);
        f.render_widget(text, top);
        let weak = s.weakest();
        let bars: Vec<Bar> = (0..k)
            .map(|i| {
                let style = if weak.contains(&i) { th.warn } else { th.gauge };
                Bar::default()
                    .label(Line::from(format!("U{}", i + 1)))
                    .value((s.nrr(i) * 100.0).round() as u64)
                    .text_value(t.fixed(s.nrr(i), 2))
                    .style(style)
                    .value_style(th.base.add_modifier(ratatui::style::Modifier::REVERSED))
            })
            .collect();
        let chart_block = Block::default()
            .borders(Borders::TOP)
            .border_style(th.border)
            .title(Span::styled(
                format!(" {} ", t.t("walk.survey_chart")),
                th.accent,
            ));
        f.render_widget(
            BarChart::horizontal(bars)
                .block(chart_block)
                .bar_width(1)
                .bar_gap(0)
                // a record from a findings file could say 0: the chart still has a scale
                .max(100 * u64::from(s.max_score.max(1))),
            chart,
        );
    }

    /// The item under the cursor, line by line (each line of a long text its own line): what the
    /// item pane shows, and what it scrolls through.
    fn item_lines<'a>(&'a self, ui: &'a Ui) -> Vec<Line<'a>> {
        let th = &ui.theme;
        let t = &ui.t;
        let Some(it) = self.view.items.get(self.list.cursor()) else {
            return Vec::new();
        };
        let item = &it.item;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{}  ", item.code), th.key),
                Span::styled(
                    item.text.clone(),
                    th.base.add_modifier(ratatui::style::Modifier::BOLD),
                ),
            ]),
            Line::from(""),
        ];
        lines.extend(pane::text_lines(
            Some(t.t("walk.criteria")),
            &item.criteria,
            th.accent,
            th.base,
        ));
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t.t("walk.weight")), th.accent),
            Span::raw(format!("{}   ", item.weight)),
            Span::styled(format!("{}: ", t.t("walk.kind")), th.accent),
            Span::raw(answer_keys(ui, item.answer)),
            Span::styled(
                if item.evidence_required {
                    format!("   ⚑ {}", t.t("walk.evidence_required"))
                } else {
                    String::new()
                },
                th.warn,
            ),
        ]));
        if !item.guidance.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(t.t("walk.guidance"), th.accent)));
            lines.extend(pane::text_lines(None, &item.guidance, th.accent, th.muted));
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
        if let Some(l) = self.view.limit(&item.code) {
            let range = range_text(l.min, l.max);
            match it.response.as_ref().and_then(|r| self.out_of_range(r)) {
                Some(_) => lines.push(Line::from(Span::styled(
                    format!("⚠ {}", t.f("walk.out_of_range", &[("range", &range)])),
                    th.warn,
                ))),
                None => lines.push(Line::from(Span::styled(
                    t.f("walk.range", &[("range", &range)]),
                    th.muted,
                ))),
            }
        }
        if let Some(sv) = self.view.survey(&item.code) {
            lines.push(Line::from(Span::styled(
                t.f(
                    "walk.survey_line",
                    &[
                        ("file", &sv.file),
                        ("n", &t.count(sv.respondents)),
                        ("ikm", &t.fixed(sv.ikm().value(), 2)),
                        ("mutu", &sv.mutu),
                        ("key", &ui.key(&KEYS, Action::ShowScore)),
                    ],
                ),
                th.accent,
            )));
        }
        if let Some(r) = &it.response {
            lines.push(Line::from(Span::styled(
                format!(
                    "{}  {}",
                    t.f("walk.recorded_by", &[("at", &t.datetime(r.at))]),
                    t.f(
                        "walk.correct_hint",
                        &[("key", &ui.key(&KEYS, Action::Correct))]
                    )
                ),
                th.muted,
            )));
        }
        if let Some(n) = self.marks.item(&item.code) {
            lines.push(conflict_line(n, &ui.key(&KEYS, Action::GoConflicts), ui));
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
            Some(note) => lines.extend(pane::text_lines(None, note, th.accent, th.base)),
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
        lines
    }
}

/// Tab in the evidence path: the path's last part from the files and folders on disk.
fn complete_evidence(typed: &str) -> Completion {
    let c = complete_path(typed);
    Completion {
        text: c.text,
        candidates: c.matches,
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

/// A range as people write it: `25–100`, `≥ 0`, `≤ 100`.
fn range_text(min: Option<f64>, max: Option<f64>) -> String {
    use crate::present::number_id as n;
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{}–{}", n(lo), n(hi)),
        (Some(lo), None) => format!("≥ {}", n(lo)),
        (None, Some(hi)) => format!("≤ {}", n(hi)),
        (None, None) => "—".into(),
    }
}

/// The answer kind of an item and its keys in force (`walk.kind_*`), from the kind's own layer.
fn answer_keys(ui: &Ui, kind: AnswerKind) -> String {
    let layer = answer_layer(kind);
    let k = |a: Action| ui.key(layer, a);
    let key = match kind {
        AnswerKind::Compliance => "walk.kind_compliance",
        AnswerKind::Score => "walk.kind_score",
        AnswerKind::YesNo => "walk.kind_yesno",
        AnswerKind::Number => "walk.kind_number",
    };
    ui.t.f(
        key,
        &[
            ("a1", &k(Action::Answer("compliant"))),
            ("a2", &k(Action::Answer("partial"))),
            ("a3", &k(Action::Answer("noncompliant"))),
            ("yes", &k(Action::Answer("yes"))),
            ("no", &k(Action::Answer("no"))),
            ("eq", &k(Action::AnswerNumber)),
            ("na", &k(Action::Answer("na"))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_binds_only_its_own_answers() {
        use crate::domain::score::Answer;
        for kind in [
            AnswerKind::Compliance,
            AnswerKind::Score,
            AnswerKind::YesNo,
            AnswerKind::Number,
        ] {
            for b in answer_layer(kind).bindings {
                if let Action::Answer(code) = b.action {
                    let a = Answer::parse(kind, code).unwrap();
                    assert!(a.fits(kind), "{code} on {kind:?}");
                }
            }
        }
        // letters never give a score
        assert!(SCORE_KEYS.bindings.iter().all(|b| b
            .keys
            .iter()
            .all(|k| k.chars().all(|c| c.is_ascii_digit() || c == 'x'))));
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}

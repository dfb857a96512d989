//! The training-needs recap of one agency for its personnel office (BKPSDM): the needs by competence area and unit, each ASN by name and grouped NIP, the weak survey unsur apart; the period and the agency chosen here, the recap written to a workbook or document.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{training_area_label, training_basis_label, training_person_label, App, AppError};
use crate::domain::period::Period;
use crate::domain::phase::Phase;
use crate::domain::training::TrainingRecap;
use crate::tui::action::Action;
use crate::tui::keymap::{bind, layer, quiet, Layer, LIST_NAV};
use crate::tui::widgets::popup::{Input, PickItem, Picker, Popup, PopupResult, Value};
use crate::tui::{Cx, Outcome, Screen, Ui};

use super::phase_label;
use super::roster::period_label;

pub(crate) static KEYS: Layer = layer(
    "training",
    &[
        bind(&["f"], Action::CycleFilter),
        bind(&["a"], Action::PickAgency),
        bind(&["x"], Action::Export),
        quiet(&["PageDown"], Action::ScrollDetailDown),
        quiet(&["PageUp"], Action::ScrollDetailUp),
    ],
);

/// The recap of one agency, for every period or one of them.
pub struct Training {
    recap: TrainingRecap,
    /// The periods the agency's audits and ratings name, newest first.
    periods: Vec<Period>,
    /// None: every period; else an index into `periods`.
    period: Option<usize>,
    /// The first row shown (of the text as wrapped to the screen).
    scroll: usize,
}

impl Training {
    /// The recap of `agency`, or of the first agency with audits.
    pub fn new(app: &App, agency: Option<&str>) -> Result<Training, AppError> {
        let code = match agency {
            Some(a) => a.to_string(),
            None => app
                .training_agencies()?
                .into_iter()
                .next()
                .map(|(a, _)| a.code)
                .ok_or_else(|| crate::app::said("error.app.no_agencies", &[]))?,
        };
        Ok(Training {
            recap: app.training(&code, None)?,
            periods: app.training_periods(&code)?,
            period: None,
            scroll: 0,
        })
    }

    fn asked(&self) -> Option<Period> {
        self.period.and_then(|i| self.periods.get(i).copied())
    }

    /// Read the recap again for the agency and period chosen.
    fn reload(&mut self, app: &App) -> Result<(), AppError> {
        let period = self.asked().map(|p| p.to_string());
        self.recap = app.training(&self.recap.agency, period.as_deref())?;
        self.scroll = 0;
        Ok(())
    }

    fn lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let (t, th) = (&ui.t, &ui.theme);
        let r = &self.recap;
        let label = |key: &str, action: Action| -> Span<'static> {
            Span::styled(
                format!("{}: ", t.f(key, &[("key", &ui.key(&KEYS, action))])),
                th.accent,
            )
        };
        let period = match self.asked() {
            Some(p) => period_label(&p, ui),
            None => t.t("training.all_periods").to_string(),
        };
        let count = crate::app::training_count_label(r, t);
        let mut out = vec![
            Line::from(vec![
                label("training.agency_label", Action::PickAgency),
                Span::styled(format!("{} — {}   ", r.agency, r.agency_name), th.base),
                label("training.period_label", Action::CycleFilter),
                Span::styled(period, th.base),
            ]),
            Line::from(Span::styled(count, th.muted)),
        ];
        if r.is_empty() {
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(
                t.t("training.none").to_string(),
                th.muted,
            )));
        }
        for group in r.groups() {
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(
                format!("■ {}", training_area_label(group.area, t)),
                th.title,
            )));
            for unit in &group.units {
                out.push(Line::from(Span::styled(
                    format!("  {}", unit.unit),
                    th.accent,
                )));
                for row in &unit.rows {
                    let mut person = training_person_label(row, t);
                    if !row.position.is_empty() {
                        person = format!("{person} — {}", row.position);
                    }
                    out.push(Line::from(Span::styled(format!("    • {person}"), th.base)));
                    out.push(Line::from(Span::styled(
                        format!("      {}", training_basis_label(row, t)),
                        th.base,
                    )));
                    let mut audit = t.f("training.audit", &[("title", &row.audit_title)]);
                    if row.audit_phase != Phase::Final {
                        let phase = phase_label(row.audit_phase, ui);
                        audit = format!(
                            "{audit} ({})",
                            t.f("training.not_final", &[("phase", &phase)])
                        );
                    }
                    out.push(Line::from(Span::styled(format!("      {audit}"), th.muted)));
                    for line in row.reason.lines().filter(|l| !l.trim().is_empty()) {
                        out.push(Line::from(Span::styled(
                            format!("      {}", line.trim()),
                            th.muted,
                        )));
                    }
                }
            }
        }
        if !r.survey.is_empty() {
            out.push(Line::from(""));
            out.push(Line::from(Span::styled(
                format!("■ {}", t.t("training.survey")),
                th.title,
            )));
            for s in &r.survey {
                out.push(Line::from(Span::styled(
                    format!("    • {}", crate::app::training_survey_label(s, t)),
                    th.base,
                )));
            }
        }
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            t.f(
                "training.hint",
                &[
                    ("key", &ui.key(&KEYS, Action::Export)),
                    ("agency", &r.agency),
                ],
            ),
            th.muted,
        )));
        out
    }

    /// The agencies with audits to choose from, the one shown first.
    fn agency_picker(&self, cx: &mut Cx) -> Outcome {
        let agencies = match cx.app.training_agencies() {
            Ok(a) => a,
            Err(e) => return cx.fail(e),
        };
        let items = agencies
            .into_iter()
            .map(|(a, n)| {
                let mut item = PickItem::new(
                    a.code.clone(),
                    cx.ui.t.f(
                        "training.agency_item",
                        &[("code", &a.code), ("name", &a.name), ("n", &n)],
                    ),
                );
                item.first = a.code == self.recap.agency;
                item
            })
            .collect();
        Outcome::Popup(Popup::Picker(Box::new(Picker::new(
            "training.agency",
            cx.ui.t.t("training.agency_title").into(),
            items,
            false,
        ))))
    }

    /// The file name offered for the recap: the agency and the period, as a workbook.
    fn default_path(&self) -> String {
        match self.asked() {
            Some(p) => format!("kebutuhan-pelatihan-{}-{p}.xlsx", self.recap.agency),
            None => format!("kebutuhan-pelatihan-{}.xlsx", self.recap.agency),
        }
    }

    /// Scroll by `delta` rows of the wrapped text, within it (the last page stays full).
    fn scroll_by(&mut self, delta: isize, cx: &Cx) {
        let width = cx.area.width.saturating_sub(2).max(1);
        let rows = Paragraph::new(self.lines(cx.ui))
            .wrap(Wrap { trim: false })
            .line_count(width);
        let page = usize::from(cx.area.height.saturating_sub(2)).max(1);
        let last = rows.saturating_sub(page);
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
    }
}

impl Screen for Training {
    fn title(&self, ui: &Ui) -> String {
        format!("{} — {}", ui.t.t("training.screen"), self.recap.agency)
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn refresh(&mut self, app: &App) -> Result<(), AppError> {
        self.periods = app.training_periods(&self.recap.agency)?;
        if self.period.is_some_and(|i| i >= self.periods.len()) {
            self.period = None;
        }
        self.reload(app)
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        let page = isize::try_from(cx.area.height.saturating_sub(2).max(1)).unwrap_or(1);
        match action {
            Action::Down => self.scroll_by(1, cx),
            Action::Up => self.scroll_by(-1, cx),
            Action::PageDown | Action::ScrollDetailDown => self.scroll_by(page, cx),
            Action::PageUp | Action::ScrollDetailUp => self.scroll_by(-page, cx),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll_by(isize::MAX / 2, cx),
            // every period, then each one the agency's audits name
            Action::CycleFilter => {
                self.period = match self.period {
                    None if !self.periods.is_empty() => Some(0),
                    Some(i) if i + 1 < self.periods.len() => Some(i + 1),
                    _ => None,
                };
                if let Err(e) = self.reload(cx.app) {
                    return cx.fail(e);
                }
            }
            Action::PickAgency => return self.agency_picker(cx),
            Action::Export => {
                return Outcome::Popup(Popup::Input(Input::new(
                    "training.export",
                    cx.ui.t.t("action.export").into(),
                    cx.ui.t.t("training.export_prompt").into(),
                    &self.default_path(),
                )))
            }
            Action::Back => return Outcome::Pop,
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        match (r.purpose, r.value) {
            ("training.agency", Value::Picked(ids)) => {
                let Some(code) = ids.first() else {
                    return Outcome::None;
                };
                let periods = match cx.app.training_periods(code) {
                    Ok(p) => p,
                    Err(e) => return cx.fail(e),
                };
                match cx.app.training(code, None) {
                    Ok(recap) => {
                        self.recap = recap;
                        self.periods = periods;
                        self.period = None;
                        self.scroll = 0;
                    }
                    Err(e) => return cx.fail(e),
                }
            }
            ("training.export", Value::Text(path)) => {
                let path = std::path::PathBuf::from(crate::app::clean_path(&path));
                match cx.app.export_training(&self.recap, &path, None) {
                    Ok(w) => cx.ui.ok(cx.ui.t.f(
                        "training.wrote",
                        &[
                            ("path", &w.path.display()),
                            ("bytes", &cx.ui.t.count(w.bytes)),
                        ],
                    )),
                    // the dialog stays open with the path, saying why
                    Err(e) => return Outcome::Reject(e.message(&cx.ui.t)),
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(format!(" {} ", self.title(ui)), th.title));
        let scroll = u16::try_from(self.scroll).unwrap_or(u16::MAX);
        f.render_widget(
            Paragraph::new(self.lines(ui))
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::Nip;
    use crate::domain::training::{Area, Source, SurveyNeed, TrainingRow};
    use crate::domain::Id;
    use crate::text::Lang;
    use crate::tui::theme::Theme;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn screen(survey: bool) -> Training {
        Training {
            recap: TrainingRecap {
                agency: "DISDUKCAPIL".into(),
                agency_name: "Dinas Kependudukan dan Pencatatan Sipil".into(),
                period: None,
                rows: vec![TrainingRow {
                    area: Area::Pelatihan,
                    unit: "Sekretariat".into(),
                    nip: Some(Nip::from_stored("198609092016061001".into())),
                    name: "Rudi Rohman".into(),
                    position: "Analis Kebijakan".into(),
                    audit: Id::from_u128(1),
                    audit_title: "Pemeriksaan Standar Pelayanan".into(),
                    audit_phase: Phase::Final,
                    period: Some(Period::Semester(2026, 2)),
                    source: Source::Rating,
                    subject: "Baik".into(),
                    reason: "Perlu pelatihan publikasi survei.".into(),
                }],
                survey: if survey {
                    vec![SurveyNeed {
                        audit: Id::from_u128(0x1234_5678),
                        audit_title: "Pemeriksaan Pelayanan Publik".into(),
                        unit: "Loket KTP-el".into(),
                        period: "2026-S2".into(),
                        unsur: "Kompetensi Pelaksana".into(),
                        nrr: 2.9,
                    }]
                } else {
                    Vec::new()
                },
            },
            periods: vec![Period::Semester(2026, 2)],
            period: None,
            scroll: 0,
        }
    }

    fn drawn(s: &Training, lang: Lang) -> String {
        let ui = Ui::new(lang, Theme::monochrome());
        let mut term = Terminal::new(TestBackend::new(100, 24)).unwrap();
        term.draw(|f| s.draw(f, f.area(), &ui)).unwrap();
        let buf = term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_survey_group_is_drawn_apart_when_there_is_one() {
        let with = drawn(&screen(true), Lang::Id);
        assert!(with.contains("■ Pelatihan"), "{with}");
        assert!(with.contains("Rudi Rohman — 19860909 201606 1 001 — Analis Kebijakan"));
        assert!(with.contains("■ Unsur SKM terlemah tentang pelaksana layanan"));
        assert!(
            with.contains("Loket KTP-el, 2026-S2: Kompetensi Pelaksana — NRR 2,90"),
            "{with}"
        );
        assert!(with.contains("1 unsur SKM terlemah"), "{with}");
        let en = drawn(&screen(true), Lang::En);
        assert!(en.contains("NRR 2.90"), "{en}");
        assert!(en.contains("Weakest survey (SKM) unsur"), "{en}");
        let without = drawn(&screen(false), Lang::Id);
        assert!(!without.contains("Unsur SKM"), "{without}");
        assert!(
            !without.contains("belum final"),
            "a final audit is not marked"
        );
    }
}

//! The screens of the terminal UI, one file each.

pub mod audits;
pub mod check;
pub mod conflicts;
pub mod distribution;
pub mod employee;
pub mod engagement_form;
pub mod exchange;
pub mod finding_form;
pub mod findings;
pub mod rating_form;
pub mod register;
pub mod roster;
pub mod signoff;
pub mod trail;
pub mod training;
pub mod walk;

use ratatui::style::Style;

use crate::tui::keymap::{self, Layer};

use crate::domain::followup::Severity;
use crate::domain::phase::Phase;
use crate::domain::score::Answer;
use crate::tui::theme::Theme;
use crate::tui::Ui;

/// Every key layer of the UI, in the order the key file lists them (`data/keys.toml`): the
/// sections a key file may name.
pub fn layers() -> [&'static Layer; 22] {
    [
        &keymap::GLOBAL,
        &keymap::LIST_NAV,
        &keymap::SAVED_VIEWS,
        &audits::KEYS,
        &walk::KEYS,
        &walk::COMPLIANCE_KEYS,
        &walk::SCORE_KEYS,
        &walk::YESNO_KEYS,
        &walk::NUMBER_KEYS,
        &findings::KEYS,
        &crate::tui::widgets::form::FORM_KEYS,
        &roster::KEYS,
        &roster::NAV,
        &employee::PAGE_KEYS,
        &distribution::DIST_KEYS,
        &trail::KEYS,
        &conflicts::KEYS,
        &exchange::KEYS,
        &check::KEYS,
        &signoff::KEYS,
        &register::KEYS,
        &training::KEYS,
    ]
}

/// Marks a record with a pending conflict in a list (with a word in the detail pane: meaning
/// never rests on colour alone).
pub const CONFLICT_GLYPH: &str = "⇄";

/// The detail pane's line for a record with a pending conflict of `n` versions, naming the key
/// that opens the conflicts (`key`).
pub fn conflict_line(n: usize, key: &str, ui: &Ui) -> ratatui::text::Line<'static> {
    ratatui::text::Line::from(ratatui::text::Span::styled(
        format!(
            "{CONFLICT_GLYPH} {}",
            ui.t.f("conflicts.pending", &[("n", &n), ("key", &key)])
        ),
        ui.theme.warn,
    ))
}

/// A progress bar of `width` cells in text (works in any terminal, colour or not).
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width + total / 2).checked_div(total).unwrap_or(0);
    format!(
        "{}{}",
        "█".repeat(filled.min(width)),
        "░".repeat(width - filled.min(width))
    )
}

/// Glyph and style of an answer: meaning never rests on colour alone.
pub fn answer_glyph(a: Option<&Answer>, th: &Theme) -> (&'static str, Style) {
    match a {
        None => ("·", th.muted),
        Some(Answer::Compliant) | Some(Answer::Yes) => ("✓", th.answer_compliant),
        Some(Answer::Partial) => ("◐", th.answer_partial),
        Some(Answer::Noncompliant) | Some(Answer::No) => ("✗", th.answer_noncompliant),
        Some(Answer::NotApplicable) => ("–", th.answer_na),
        Some(Answer::Score(s)) if *s >= 4 => ("★", th.answer_compliant),
        Some(Answer::Score(s)) if *s == 3 => ("★", th.answer_partial),
        Some(Answer::Score(_)) => ("★", th.answer_noncompliant),
        Some(Answer::Number(_)) => ("#", th.accent),
    }
}

pub fn severity_style(s: Severity, th: &Theme) -> Style {
    match s {
        Severity::Low => th.severity_low,
        Severity::Medium => th.severity_medium,
        Severity::High => th.severity_high,
    }
}

/// Severity as a glyph plus its word, so it reads without colour.
pub fn severity_label(s: Severity, ui: &Ui) -> String {
    let glyph = match s {
        Severity::Low => "▁",
        Severity::Medium => "▄",
        Severity::High => "█",
    };
    format!(
        "{glyph} {}",
        ui.t.t(match s {
            Severity::Low => "severity.low",
            Severity::Medium => "severity.medium",
            Severity::High => "severity.high",
        })
    )
}

pub fn phase_label(p: Phase, ui: &Ui) -> &str {
    ui.t.t(match p {
        Phase::Planning => "phase.planning",
        Phase::Fieldwork => "phase.fieldwork",
        Phase::Review => "phase.review",
        Phase::Final => "phase.final",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars() {
        assert_eq!(bar(1, 2, 4), "██░░");
        assert_eq!(bar(0, 0, 3), "░░░");
        // the windows of lists are tested with them: widgets::list
    }
}

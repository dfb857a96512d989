//! A detail pane whose text may be longer than its box: it scrolls by pages with its own keys, says
//! on its border when more is above or below (`▲`/`▼` with the key that shows it), and starts again
//! at the top whenever it shows another record.
//!
//! Drawing stays `&self`: the screen keeps a [`PaneScroll`] and changes it in `update`, where the
//! area the screen is drawn in ([`crate::tui::Cx::area`]) gives the pane's size; the pane wraps its
//! lines the way it draws them ([`rows`]), so a page is exactly a page and the end is the end.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::Ui;

/// How far a pane is scrolled, and for which record (`K` names it: an item code, a finding's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneScroll<K> {
    at: Option<K>,
    offset: usize,
}

impl<K> Default for PaneScroll<K> {
    fn default() -> Self {
        PaneScroll {
            at: None,
            offset: 0,
        }
    }
}

impl<K: PartialEq + Clone> PaneScroll<K> {
    /// The first row shown for `shown` (0 unless this record was the one scrolled).
    pub fn offset(&self, shown: Option<&K>) -> usize {
        match (&self.at, shown) {
            (Some(at), Some(s)) if at == s => self.offset,
            _ => 0,
        }
    }

    /// Back to the top when the pane now shows another record than the one scrolled: call it after
    /// anything that may have moved the selection.
    pub fn follow(&mut self, shown: Option<&K>) {
        if self.at.as_ref() != shown {
            *self = PaneScroll::default();
        }
    }

    /// One page down (`down`) or up, for a pane of `height` rows showing `rows` rows of text.
    pub fn page(&mut self, shown: Option<K>, down: bool, rows: usize, height: usize) {
        let Some(shown) = shown else {
            *self = PaneScroll::default();
            return;
        };
        let last = rows.saturating_sub(height);
        // the text may have become shorter since (a narrower terminal, fields folded)
        let from = self.offset(Some(&shown)).min(last);
        let step = page_step(height);
        let offset = if down {
            (from + step).min(last)
        } else {
            from.saturating_sub(step)
        };
        *self = PaneScroll {
            at: Some(shown),
            offset,
        };
    }
}

/// Rows a page moves: the pane's height less one row kept from the page before, so reading
/// continues from a line already seen; on a pane of a few rows, all of them.
fn page_step(height: usize) -> usize {
    if height > 4 {
        height - 1
    } else {
        height.max(1)
    }
}

/// How many rows `lines` take word-wrapped in `width` columns, as [`draw`] wraps them.
pub fn rows(lines: Vec<Line<'_>>, width: u16) -> usize {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .line_count(width)
}

/// Lines of a text, each kept as its own line (a blank line stays blank), for a pane that wraps
/// them: the first after `label` (when given), styled `label_style`, the rest under it.
pub fn text_lines(
    label: Option<&str>,
    text: &str,
    label_style: ratatui::style::Style,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let body = Span::styled(line.to_string(), style);
        match label.filter(|_| i == 0) {
            Some(l) => out.push(Line::from(vec![
                Span::styled(format!("{l}: "), label_style),
                body,
            ])),
            None => out.push(Line::from(body)),
        }
    }
    if out.is_empty() {
        if let Some(l) = label {
            out.push(Line::from(Span::styled(format!("{l}: "), label_style)));
        }
    }
    out
}

/// Draw `lines` in `block` over `area`, word-wrapped, from row `offset` (held to the last page),
/// with `▲`/`▼` and the keys of [`Action::ScrollDetailUp`]/[`Action::ScrollDetailDown`] in `keys`
/// on the border when rows are hidden above or below.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    block: Block<'_>,
    lines: Vec<Line<'_>>,
    offset: usize,
    ui: &Ui,
    keys: &Layer,
) {
    let inner = block.inner(area);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = text.line_count(inner.width);
    let height = usize::from(inner.height);
    let offset = offset.min(total.saturating_sub(height));
    let mut block = block;
    if offset > 0 {
        block = block.title_top(
            Line::from(Span::styled(
                ui.t.f(
                    "pane.more_above",
                    &[("key", &ui.key(keys, Action::ScrollDetailUp))],
                ),
                ui.theme.accent,
            ))
            .right_aligned(),
        );
    }
    if offset + height < total {
        block = block.title_bottom(
            Line::from(Span::styled(
                ui.t.f(
                    "pane.more_below",
                    &[("key", &ui.key(keys, Action::ScrollDetailDown))],
                ),
                ui.theme.accent,
            ))
            .right_aligned(),
        );
    }
    let offset = u16::try_from(offset).unwrap_or(u16::MAX);
    f.render_widget(text.block(block).scroll((offset, 0)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_keeps_one_row_and_stops_at_the_last_page() {
        let mut s: PaneScroll<&str> = PaneScroll::default();
        s.page(Some("a"), true, 30, 10);
        assert_eq!(s.offset(Some(&"a")), 9);
        s.page(Some("a"), true, 30, 10);
        s.page(Some("a"), true, 30, 10);
        assert_eq!(s.offset(Some(&"a")), 20, "the last page, not past it");
        s.page(Some("a"), false, 30, 10);
        assert_eq!(s.offset(Some(&"a")), 11, "one page up from the end");
        // another record starts at the top, and following it forgets the scroll
        assert_eq!(s.offset(Some(&"b")), 0);
        s.follow(Some(&"b"));
        assert_eq!(s.offset(Some(&"a")), 0);
        // a text that fits does not scroll; a tiny pane moves all its rows
        s.page(Some("a"), true, 5, 10);
        assert_eq!(s.offset(Some(&"a")), 0);
        s.page(Some("a"), true, 9, 2);
        assert_eq!(s.offset(Some(&"a")), 2);
        // a text grown shorter since the last key pages up from where it is drawn
        s.page(Some("a"), true, 30, 10);
        s.page(Some("a"), true, 30, 10);
        assert_eq!(s.offset(Some(&"a")), 20);
        s.page(Some("a"), false, 12, 10);
        assert_eq!(s.offset(Some(&"a")), 0);
    }

    #[test]
    fn each_line_of_a_text_stays_a_line() {
        let st = ratatui::style::Style::default();
        let lines = text_lines(Some("Kondisi"), "satu\n\ndua\r\ntiga", st, st);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["Kondisi: satu", "", "dua", "tiga"]);
        assert_eq!(text_lines(Some("Sebab"), "", st, st).len(), 1);
        assert!(text_lines(None, "", st, st).is_empty());
        // wrapped as drawn: a long line takes several rows, each line at least one
        assert_eq!(rows(lines, 80), 4);
        assert_eq!(rows(vec![Line::from("kata ".repeat(10))], 10), 5);
    }
}

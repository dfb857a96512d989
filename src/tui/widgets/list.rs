//! The cursor of a list, written once: moving it by a row, a page or to either end (held to the
//! list's length), and the window of rows that keeps it in sight; plus [`Scroll`], for a text view
//! that scrolls without a cursor.
//!
//! The window is worked out from the cursor each time a list is drawn, not kept: drawing takes
//! `&self`, and screens learn their height only when they draw. It scrolls only when the cursor
//! would leave the rows on screen going down, and keeps the cursor on the last row from then on.

use std::ops::Range;

use crate::tui::action::Action;

/// Rows PageUp/PageDown move in a list (its screen does not know its height when it updates).
pub const PAGE: usize = 10;

/// A page that reaches either end at once: short lists where PageUp/PageDown mean first/last.
pub const WHOLE: usize = usize::MAX;

/// Where the cursor of a list is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    cursor: usize,
}

impl ListState {
    /// A list with the cursor on row `cursor`.
    pub fn at(cursor: usize) -> ListState {
        ListState { cursor }
    }

    /// The row under the cursor (it may be past the end of a list that has just shrunk until
    /// [`ListState::clamp`] is called).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether `action` is one of the moves [`ListState::handle`] makes.
    pub fn moves(action: Action) -> bool {
        matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
        )
    }

    /// Move for `action` in a list of `len` rows, `page` rows a page; whether the cursor moved.
    /// Actions other than moves ([`ListState::moves`]) leave it where it is.
    pub fn handle(&mut self, action: Action, len: usize, page: usize) -> bool {
        let before = self.cursor;
        match action {
            Action::Up => self.up(),
            Action::Down => self.down(len),
            Action::PageUp => self.page_up(page),
            Action::PageDown => self.page_down(len, page),
            Action::Top => self.top(),
            Action::Bottom => self.bottom(len),
            _ => {}
        }
        self.cursor != before
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn down(&mut self, len: usize) {
        self.cursor = self.cursor.saturating_add(1).min(last(len));
    }

    pub fn page_up(&mut self, page: usize) {
        self.cursor = self.cursor.saturating_sub(page);
    }

    pub fn page_down(&mut self, len: usize, page: usize) {
        self.cursor = self.cursor.saturating_add(page).min(last(len));
    }

    pub fn top(&mut self) {
        self.cursor = 0;
    }

    pub fn bottom(&mut self, len: usize) {
        self.cursor = last(len);
    }

    /// Back onto the list after it changed to `len` rows (on the last row if it was past it).
    pub fn clamp(&mut self, len: usize) {
        self.cursor = self.cursor.min(last(len));
    }

    /// Put the cursor on row `i` (the caller knows it is on the list, or clamps after).
    pub fn select(&mut self, i: usize) {
        self.cursor = i;
    }

    /// The rows of a list of `len` rows to draw in `height` rows, with the cursor among them.
    pub fn window(&self, height: usize, len: usize) -> Range<usize> {
        window(len, self.cursor, height)
    }
}

/// The last row of a list of `len` rows (0 for an empty list).
fn last(len: usize) -> usize {
    len.saturating_sub(1)
}

/// The rows of a list of `len` rows that fit `height` with row `cursor` among them: from the top
/// while the cursor is on the first page, else with the cursor on the last row shown.
pub fn window(len: usize, cursor: usize, height: usize) -> Range<usize> {
    if height == 0 || len == 0 {
        return 0..0;
    }
    let start = cursor
        .saturating_sub(height - 1)
        .min(len.saturating_sub(height));
    let start = start.min(cursor);
    start..(start + height).min(len)
}

/// How far a text view without a cursor is scrolled: its first row shown, held to the last page
/// when drawn ([`Scroll::offset`]), since only drawing knows how many rows the text wraps to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
}

/// Where `Bottom` puts a [`Scroll`]: past any text, so the view is drawn at its last page; far
/// enough below `usize::MAX` that later moves down cannot overflow.
const END: usize = usize::MAX / 2;

impl Scroll {
    /// Scroll for `action`, `page` rows a page; whether it is one of the moves
    /// ([`ListState::moves`]). Moves down are not held to the text here, only when drawn.
    pub fn handle(&mut self, action: Action, page: usize) -> bool {
        match action {
            Action::Up => self.offset = self.offset.saturating_sub(1),
            Action::Down => self.offset = self.offset.saturating_add(1),
            Action::PageUp => self.offset = self.offset.saturating_sub(page),
            Action::PageDown => self.offset = self.offset.saturating_add(page),
            Action::Top => self.offset = 0,
            Action::Bottom => self.offset = END,
            _ => return false,
        }
        true
    }

    /// The first row to draw of a text of `rows` rows in a view of `height` rows.
    pub fn offset(&self, rows: usize, height: usize) -> usize {
        self.offset.min(rows.saturating_sub(height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOVES: [Action; 6] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
    ];

    #[test]
    fn moves_stay_on_the_list() {
        let mut l = ListState::default();
        assert!(l.handle(Action::Down, 3, PAGE));
        assert_eq!(l.cursor(), 1);
        assert!(l.handle(Action::PageDown, 3, PAGE));
        assert_eq!(
            l.cursor(),
            2,
            "a page larger than the list stops at its end"
        );
        assert!(
            !l.handle(Action::Down, 3, PAGE),
            "nothing below the last row"
        );
        assert!(l.handle(Action::Up, 3, PAGE));
        assert_eq!(l.cursor(), 1);
        assert!(l.handle(Action::PageUp, 3, PAGE));
        assert_eq!(l.cursor(), 0);
        assert!(
            !l.handle(Action::Up, 3, PAGE),
            "nothing above the first row"
        );
        assert!(l.handle(Action::Bottom, 3, PAGE));
        assert_eq!(l.cursor(), 2);
        assert!(l.handle(Action::Top, 3, PAGE));
        assert_eq!(l.cursor(), 0);
        // a page of a long list
        let mut l = ListState::at(5);
        l.handle(Action::PageDown, 100, PAGE);
        assert_eq!(l.cursor(), 15);
        l.handle(Action::PageUp, 100, PAGE);
        assert_eq!(l.cursor(), 5);
        // a whole page reaches either end
        l.handle(Action::PageDown, 100, WHOLE);
        assert_eq!(l.cursor(), 99);
        l.handle(Action::PageUp, 100, WHOLE);
        assert_eq!(l.cursor(), 0);
        // other actions are not moves
        assert!(!ListState::moves(Action::Open));
        assert!(!l.handle(Action::Open, 100, PAGE));
        assert!(MOVES.into_iter().all(ListState::moves));
    }

    #[test]
    fn an_empty_list_and_a_list_of_one_keep_the_cursor_on_row_0() {
        for len in [0, 1] {
            let mut l = ListState::default();
            for a in MOVES {
                assert!(!l.handle(a, len, PAGE), "{a:?} in a list of {len}");
                assert_eq!(l.cursor(), 0);
            }
            l.clamp(len);
            assert_eq!(l.cursor(), 0);
        }
    }

    #[test]
    fn a_list_that_shrank_under_the_cursor() {
        let mut l = ListState::at(9);
        // until clamped the cursor may be past the end; a move down brings it back
        assert_eq!(l.cursor(), 9);
        assert!(l.handle(Action::Down, 4, PAGE));
        assert_eq!(l.cursor(), 3);
        let mut l = ListState::at(9);
        l.clamp(4);
        assert_eq!(l.cursor(), 3);
        l.clamp(0);
        assert_eq!(l.cursor(), 0);
        // the window still shows the end of the list
        assert_eq!(ListState::at(9).window(2, 4), 2..4);
        l.select(2);
        assert_eq!(l.cursor(), 2);
    }

    #[test]
    fn windows_keep_the_cursor_in_sight() {
        assert_eq!(window(100, 0, 10), 0..10);
        assert_eq!(window(100, 9, 10), 0..10, "the first page does not scroll");
        assert_eq!(window(100, 10, 10), 1..11, "one row at a time going down");
        assert_eq!(window(100, 50, 10), 41..51);
        assert_eq!(window(100, 99, 10), 90..100);
        assert_eq!(window(5, 4, 10), 0..5);
        assert_eq!(window(0, 0, 10), 0..0);
        assert_eq!(window(100, 50, 0), 0..0, "no room, no rows");
        assert_eq!(window(1, 0, 1), 0..1);
        assert_eq!(ListState::at(50).window(10, 100), 41..51);
        assert_eq!(ListState::default().window(0, 0), 0..0);
    }

    #[test]
    fn a_scroll_is_held_to_the_text_when_drawn() {
        let mut s = Scroll::default();
        assert!(!s.handle(Action::Open, 10));
        assert!(s.handle(Action::Up, 10));
        assert_eq!(s.offset(100, 10), 0);
        s.handle(Action::Down, 10);
        s.handle(Action::PageDown, 10);
        assert_eq!(s.offset(100, 10), 11);
        assert_eq!(s.offset(15, 10), 5, "not past the last page");
        assert_eq!(s.offset(5, 10), 0, "a text that fits does not scroll");
        s.handle(Action::Bottom, 10);
        assert_eq!(s.offset(100, 10), 90);
        s.handle(Action::Down, 10);
        s.handle(Action::PageDown, 10);
        assert_eq!(s.offset(100, 10), 90, "moves past the end do not overflow");
        s.handle(Action::Top, 10);
        assert_eq!(s.offset(100, 10), 0);
        s.handle(Action::PageUp, 10);
        assert_eq!(s.offset(100, 0), 0);
    }
}

//! Key bindings as data: which keys give which action on which screen, and the hints drawn from them
//! (so the footer and the help cannot drift from what the keys really do).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// One binding: the keys (as written in hints, e.g. `j`, `Down`, `Ctrl-d`), the action, and whether
/// the footer shows it (the help overlay shows them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static [&'static str],
    pub action: Action,
    pub footer: bool,
}

pub const fn bind(keys: &'static [&'static str], action: Action) -> Binding {
    Binding {
        keys,
        action,
        footer: true,
    }
}

/// A binding listed in the help overlay but not in the footer.
pub const fn quiet(keys: &'static [&'static str], action: Action) -> Binding {
    Binding {
        keys,
        action,
        footer: false,
    }
}

/// Keys every screen has.
pub const GLOBAL: &[Binding] = &[
    bind(&["?"], Action::Help),
    bind(&[":"], Action::Palette),
    bind(&["Esc"], Action::Back),
    bind(&["q"], Action::Quit),
    quiet(&["Ctrl-c"], Action::Quit),
];

/// Moving in a list: arrows and vim keys.
pub const LIST_NAV: &[Binding] = &[
    bind(&["j", "Down"], Action::Down),
    bind(&["k", "Up"], Action::Up),
    quiet(&["g", "Home"], Action::Top),
    quiet(&["G", "End"], Action::Bottom),
    quiet(&["Ctrl-d", "PageDown"], Action::PageDown),
    quiet(&["Ctrl-u", "PageUp"], Action::PageUp),
];

/// Saved views on list screens: `1`–`9` recall, `Ctrl-s` saves the current filter.
pub const SAVED_VIEWS: &[Binding] = &[
    quiet(&["1"], Action::RecallView(1)),
    quiet(&["2"], Action::RecallView(2)),
    quiet(&["3"], Action::RecallView(3)),
    quiet(&["4"], Action::RecallView(4)),
    quiet(&["5"], Action::RecallView(5)),
    quiet(&["6"], Action::RecallView(6)),
    quiet(&["7"], Action::RecallView(7)),
    quiet(&["8"], Action::RecallView(8)),
    quiet(&["9"], Action::RecallView(9)),
    quiet(&["Ctrl-s"], Action::SaveView),
];

/// Whether a key written as in a hint matches a key press.
pub fn matches(spec: &str, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if let Some(rest) = spec.strip_prefix("Ctrl-") {
        return ctrl && !alt && single(rest, key.code);
    }
    if ctrl || alt {
        return false;
    }
    match spec {
        "Esc" => key.code == KeyCode::Esc,
        "Enter" => key.code == KeyCode::Enter,
        "Tab" => key.code == KeyCode::Tab,
        "Shift-Tab" => key.code == KeyCode::BackTab,
        "Up" => key.code == KeyCode::Up,
        "Down" => key.code == KeyCode::Down,
        "Left" => key.code == KeyCode::Left,
        "Right" => key.code == KeyCode::Right,
        "Home" => key.code == KeyCode::Home,
        "End" => key.code == KeyCode::End,
        "PageUp" => key.code == KeyCode::PageUp,
        "PageDown" => key.code == KeyCode::PageDown,
        "Space" => key.code == KeyCode::Char(' '),
        "Backspace" => key.code == KeyCode::Backspace,
        other => single(other, key.code),
    }
}

fn single(spec: &str, code: KeyCode) -> bool {
    let mut chars = spec.chars();
    match (chars.next(), chars.next(), code) {
        // exact case: g and G are different keys
        (Some(c), None, KeyCode::Char(k)) => c == k,
        _ => false,
    }
}

/// The first binding in `layers` (searched in order) that a key press matches.
pub fn lookup(layers: &[&[Binding]], key: &KeyEvent) -> Option<Action> {
    layers
        .iter()
        .flat_map(|l| l.iter())
        .find(|b| b.keys.iter().any(|k| matches(k, key)))
        .map(|b| b.action)
}

/// How the keys of a binding are written in hints: `j/Down` → `j/↓`.
pub fn display(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| match *k {
            "Up" => "↑",
            "Down" => "↓",
            "Left" => "←",
            "Right" => "→",
            "Enter" => "⏎",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_match_as_written() {
        assert!(matches("j", &key(KeyCode::Char('j'), KeyModifiers::NONE)));
        assert!(!matches("j", &key(KeyCode::Char('J'), KeyModifiers::SHIFT)));
        assert!(matches("G", &key(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(matches(
            "Ctrl-d",
            &key(KeyCode::Char('d'), KeyModifiers::CONTROL)
        ));
        assert!(!matches(
            "d",
            &key(KeyCode::Char('d'), KeyModifiers::CONTROL)
        ));
        assert!(matches("Down", &key(KeyCode::Down, KeyModifiers::NONE)));
        assert!(matches("?", &key(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        assert_eq!(
            lookup(
                &[GLOBAL, LIST_NAV],
                &key(KeyCode::Char('k'), KeyModifiers::NONE)
            ),
            Some(Action::Up)
        );
        assert_eq!(display(&["j", "Down"]), "j/↓");
    }
}

//! Key bindings as data: which keys give which action on which screen, and the hints drawn from them
//! (so the footer and the help cannot drift from what the keys really do).

use std::collections::HashMap;
use std::path::Path;

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

/// A named group of bindings: the keys of one screen, or a group many screens share. The name is
/// the section of the key file that rebinds them (see [`Keymap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layer {
    pub name: &'static str,
    pub bindings: &'static [Binding],
}

pub const fn layer(name: &'static str, bindings: &'static [Binding]) -> Layer {
    Layer { name, bindings }
}

/// Keys every screen has (and `Ctrl-c`, which always quits: the shell reads it before any layer).
pub static GLOBAL: Layer = layer(
    "global",
    &[
        bind(&["?"], Action::Help),
        bind(&[":"], Action::Palette),
        bind(&["Esc"], Action::Back),
        bind(&["q"], Action::Quit),
        quiet(&["P"], Action::SwitchProfile),
    ],
);

/// Moving in a list: arrows and vim keys.
pub static LIST_NAV: Layer = layer(
    "lists",
    &[
        bind(&["j", "Down"], Action::Down),
        bind(&["k", "Up"], Action::Up),
        quiet(&["g", "Home"], Action::Top),
        quiet(&["G", "End"], Action::Bottom),
        quiet(&["Ctrl-d", "PageDown"], Action::PageDown),
        quiet(&["Ctrl-u", "PageUp"], Action::PageUp),
    ],
);

/// Saved views on list screens: `1`–`9` recall, `Ctrl-s` saves the current filter.
pub static SAVED_VIEWS: Layer = layer(
    "saved_views",
    &[
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
    ],
);

/// The named keys a binding may use besides a single character and `Ctrl-` with one.
const NAMED: &[&str] = &[
    "Esc",
    "Enter",
    "Tab",
    "Shift-Tab",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Space",
    "Backspace",
];

/// Whether `spec` is a key as bindings write it: one character, `Ctrl-` and one character, or a
/// named key.
pub fn is_key(spec: &str) -> bool {
    let one = |s: &str| {
        let mut c = s.chars();
        matches!((c.next(), c.next()), (Some(ch), None) if !ch.is_control() && !ch.is_whitespace())
    };
    match spec.strip_prefix("Ctrl-") {
        Some(rest) => one(rest),
        None => one(spec) || NAMED.contains(&spec),
    }
}

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

/// How keys are written in hints: `j/Down` → `j/↓`.
pub fn display<S: AsRef<str>>(keys: &[S]) -> String {
    keys.iter()
        .map(|k| match k.as_ref() {
            "Up" => "↑",
            "Down" => "↓",
            "Left" => "←",
            "Right" => "→",
            "Enter" => "⏎",
            "PageUp" => "PgUp",
            "PageDown" => "PgDn",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The key bindings in force: the compiled defaults of every [`Layer`], with the keys of some
/// actions replaced from a key file (TOML, `--keys FILE` or `keys.toml` in the configuration
/// directory). Each section names a layer and each entry an action of it, with the keys that
/// replace its defaults; an empty list unbinds the action (the palette still reaches it):
///
/// ```toml
/// [walk]
/// raise_finding = ["f", "Ctrl-f"]
/// add_evidence = "b"
/// ```
///
/// `data/keys.toml` lists every layer and action with its default keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    over: HashMap<(&'static str, Action), Vec<String>>,
}

/// The largest key file read (`data/keys.toml`, every action listed, is under 5 KiB).
const MAX_KEY_FILE: u64 = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("key file {file}: {problem}")]
    Bad {
        file: String,
        problem: Box<KeyFileProblem>,
    },
    #[error("key file {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

/// What is wrong in a key file, with the values the message names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileProblem {
    /// The TOML parser's own words.
    #[error("{0}")]
    Toml(String),
    #[error("there is no section [{section}]: the sections are {sections}")]
    NoSection { section: String, sections: String },
    #[error("`{section}` must be a section ([{section}]) of action = keys lines")]
    NotASection { section: String },
    #[error("[walk] {name}: the answer keys now have a section per kind of item: [walk_compliance], [walk_score], [walk_yesno], [walk_number] (see data/keys.toml)")]
    OldAnswerKeys { name: String },
    #[error("[{section}] has no action `{name}`: its actions are {actions}")]
    NoAction {
        section: String,
        name: String,
        actions: String,
    },
    #[error("[{section}] {name}: keys are written in quotes, e.g. [\"f\", \"Ctrl-f\"]")]
    KeyNotQuoted { section: String, name: String },
    #[error("[{section}] {name}: write the keys in quotes, e.g. [\"f\", \"Ctrl-f\"]")]
    KeysNotQuoted { section: String, name: String },
    #[error("[{section}] {name}: \"{key}\" is not a key: write one character (f, F, ?), Ctrl- and one character (Ctrl-f), or one of {named}")]
    NotAKey {
        section: String,
        name: String,
        key: String,
        named: String,
    },
    #[error(
        "[{layer}] \"{key}\" is bound to both {first} and {second}: give one of them another key"
    )]
    BoundTwice {
        layer: String,
        key: String,
        first: String,
        second: String,
    },
    #[error("larger than {kib} KiB: a key file lists a few actions and their keys")]
    TooLarge { kib: u64 },
    #[error("not UTF-8 text")]
    NotUtf8,
}

impl KeymapError {
    /// The message in the language of `t`.
    pub fn message(&self, t: &crate::text::Strings) -> String {
        match self {
            KeymapError::Bad { file, problem } => t.f(
                "error.keys.bad",
                &[("file", file), ("problem", &problem.message(t))],
            ),
            KeymapError::Read { file, source } => t.f(
                "error.keys.bad",
                &[
                    ("file", file),
                    ("problem", &crate::app::io_reason(source, t)),
                ],
            ),
        }
    }
}

impl KeyFileProblem {
    /// What is wrong, in the language of `t`.
    pub fn message(&self, t: &crate::text::Strings) -> String {
        use KeyFileProblem as P;
        match self {
            P::Toml(reason) => t.f("error.keys.toml", &[("reason", reason)]),
            P::NoSection { section, sections } => t.f(
                "error.keys.no_section",
                &[("section", section), ("sections", sections)],
            ),
            P::NotASection { section } => t.f("error.keys.not_a_section", &[("section", section)]),
            P::OldAnswerKeys { name } => t.f("error.keys.old_answer_keys", &[("name", name)]),
            P::NoAction {
                section,
                name,
                actions,
            } => t.f(
                "error.keys.no_action",
                &[("section", section), ("name", name), ("actions", actions)],
            ),
            P::KeyNotQuoted { section, name } => t.f(
                "error.keys.key_not_quoted",
                &[("section", section), ("name", name)],
            ),
            P::KeysNotQuoted { section, name } => t.f(
                "error.keys.keys_not_quoted",
                &[("section", section), ("name", name)],
            ),
            P::NotAKey {
                section,
                name,
                key,
                named,
            } => t.f(
                "error.keys.not_a_key",
                &[
                    ("section", section),
                    ("name", name),
                    ("key", key),
                    ("named", named),
                ],
            ),
            P::BoundTwice {
                layer,
                key,
                first,
                second,
            } => t.f(
                "error.keys.bound_twice",
                &[
                    ("layer", layer),
                    ("key", key),
                    ("first", first),
                    ("second", second),
                ],
            ),
            P::TooLarge { kib } => t.f("error.keys.too_large", &[("kib", kib)]),
            P::NotUtf8 => t.t("error.keys.not_utf8").to_string(),
        }
    }
}

impl Keymap {
    /// The keys of binding `b` of `layer`, as in force.
    pub fn keys<'a>(&'a self, layer: &Layer, b: &'a Binding) -> Vec<&'a str> {
        match self.over.get(&(layer.name, b.action)) {
            Some(keys) => keys.iter().map(String::as_str).collect(),
            None => b.keys.to_vec(),
        }
    }

    /// The keys of binding `b` of `layers[at]` that reach it: those no earlier layer takes (layers
    /// are searched in order, so a screen's own `PageDown` wins over the one in `[lists]` there).
    pub fn live_keys<'a>(
        &'a self,
        layers: &[&'a Layer],
        at: usize,
        b: &'a Binding,
    ) -> Vec<&'a str> {
        let Some(layer) = layers.get(at) else {
            return Vec::new();
        };
        let earlier = &layers[..at];
        self.keys(layer, b)
            .into_iter()
            .filter(|k| {
                !earlier
                    .iter()
                    .any(|l| l.bindings.iter().any(|o| self.keys(l, o).contains(k)))
            })
            .collect()
    }

    /// How the keys of a binding are written in hints (empty when a key file took them away).
    pub fn display(&self, layer: &Layer, b: &Binding) -> String {
        display(&self.keys(layer, b))
    }

    /// As [`Keymap::display`], but `—` for an action without keys: for the help and for texts on
    /// screen that name a key.
    pub fn shown(&self, layer: &Layer, b: &Binding) -> String {
        match self.display(layer, b) {
            s if s.is_empty() => "—".to_string(),
            s => s,
        }
    }

    /// The first binding in `layers` (searched in order) that a key press matches. On every key
    /// press: nothing is allocated.
    pub fn lookup(&self, layers: &[&Layer], key: &KeyEvent) -> Option<Action> {
        layers
            .iter()
            .flat_map(|l| l.bindings.iter().map(move |b| (*l, b)))
            .find(|(l, b)| match self.over.get(&(l.name, b.action)) {
                Some(keys) => keys.iter().any(|k| matches(k, key)),
                None => b.keys.iter().any(|k| matches(k, key)),
            })
            .map(|(_, b)| b.action)
    }

    /// Read a key file's text; `layers` are the sections it may name (every layer of the UI).
    pub fn from_toml(file: &str, text: &str, layers: &[&Layer]) -> Result<Keymap, KeymapError> {
        let bad = |problem: KeyFileProblem| KeymapError::Bad {
            file: file.to_string(),
            problem: Box::new(problem),
        };
        let table: toml::Table =
            toml::from_str(text).map_err(|e| bad(KeyFileProblem::Toml(e.message().to_string())))?;
        let names = || layers.iter().map(|l| l.name).collect::<Vec<_>>().join(", ");
        let mut over = HashMap::new();
        for (section, entries) in &table {
            let Some(layer) = layers.iter().find(|l| l.name == section.as_str()) else {
                return Err(bad(KeyFileProblem::NoSection {
                    section: section.clone(),
                    sections: names(),
                }));
            };
            let Some(entries) = entries.as_table() else {
                return Err(bad(KeyFileProblem::NotASection {
                    section: section.clone(),
                }));
            };
            for (name, value) in entries {
                let Some(b) = layer
                    .bindings
                    .iter()
                    .find(|b| b.action.name() == name.as_str())
                else {
                    let actions: Vec<String> =
                        layer.bindings.iter().map(|b| b.action.name()).collect();
                    if section == "walk" && name.starts_with("answer_") && name != "answer_number" {
                        // key files written before the answer keys were split by item kind
                        return Err(bad(KeyFileProblem::OldAnswerKeys { name: name.clone() }));
                    }
                    return Err(bad(KeyFileProblem::NoAction {
                        section: section.clone(),
                        name: name.clone(),
                        actions: actions.join(", "),
                    }));
                };
                let keys: Vec<String> = match value {
                    toml::Value::String(k) => vec![k.clone()],
                    toml::Value::Array(a) => a
                        .iter()
                        .map(|v| {
                            v.as_str().map(str::to_string).ok_or_else(|| {
                                bad(KeyFileProblem::KeyNotQuoted {
                                    section: section.clone(),
                                    name: name.clone(),
                                })
                            })
                        })
                        .collect::<Result<_, _>>()?,
                    _ => {
                        return Err(bad(KeyFileProblem::KeysNotQuoted {
                            section: section.clone(),
                            name: name.clone(),
                        }))
                    }
                };
                if let Some(k) = keys.iter().find(|k| !is_key(k)) {
                    return Err(bad(KeyFileProblem::NotAKey {
                        section: section.clone(),
                        name: name.clone(),
                        key: k.clone(),
                        named: NAMED.join(", "),
                    }));
                }
                over.insert((layer.name, b.action), keys);
            }
        }
        let keymap = Keymap { over };
        // one key for two actions of one layer would leave the second unreachable by that key
        for layer in layers {
            let mut seen: HashMap<&str, Action> = HashMap::new();
            for b in layer.bindings {
                for k in keymap.keys(layer, b) {
                    match seen.get(k) {
                        Some(&other) if other != b.action => {
                            return Err(bad(KeyFileProblem::BoundTwice {
                                layer: layer.name.to_string(),
                                key: k.to_string(),
                                first: other.name(),
                                second: b.action.name(),
                            }))
                        }
                        _ => {
                            seen.insert(k, b.action);
                        }
                    }
                }
            }
        }
        Ok(keymap)
    }

    /// Read the key file at `path`.
    pub fn load(path: &Path, layers: &[&Layer]) -> Result<Keymap, KeymapError> {
        use std::io::Read as _;
        let file = path.display().to_string();
        let read = |source| KeymapError::Read {
            file: file.clone(),
            source,
        };
        // a key file is a few kilobytes: a larger one (or a device that never ends) is refused
        // before it is read whole
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_KEY_FILE + 1).read_to_end(&mut bytes))
            .map_err(read)?;
        if bytes.len() as u64 > MAX_KEY_FILE {
            return Err(KeymapError::Bad {
                file,
                problem: Box::new(KeyFileProblem::TooLarge {
                    kib: MAX_KEY_FILE / 1024,
                }),
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| KeymapError::Bad {
            file: file.clone(),
            problem: Box::new(KeyFileProblem::NotUtf8),
        })?;
        Keymap::from_toml(&file, &text, layers)
    }

    /// A key file that sets every action of `layers` to its default keys (what `data/keys.toml`
    /// holds, with its comments).
    pub fn defaults_toml(layers: &[&Layer]) -> String {
        let mut out = String::new();
        for layer in layers {
            out.push_str(&format!("\n[{}]\n", layer.name));
            for b in layer.bindings {
                let keys: Vec<String> = b.keys.iter().map(|k| format!("{k:?}")).collect();
                out.push_str(&format!("{} = [{}]\n", b.action.name(), keys.join(", ")));
            }
        }
        out
    }
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
            Keymap::default().lookup(
                &[&GLOBAL, &LIST_NAV],
                &key(KeyCode::Char('k'), KeyModifiers::NONE)
            ),
            Some(Action::Up)
        );
        assert_eq!(display(&["j", "Down"]), "j/↓");
        assert_eq!(display(&["PageDown"]), "PgDn");
    }

    #[test]
    fn a_key_an_earlier_layer_takes_does_not_reach_a_later_one() {
        let km = Keymap::default();
        let walk = &crate::tui::screens::walk::KEYS;
        let layers = [walk, &LIST_NAV];
        let page_down = LIST_NAV
            .bindings
            .iter()
            .find(|b| b.action == Action::PageDown)
            .unwrap();
        // on the walk, PageDown scrolls the item pane: the list pages with Ctrl-d
        assert_eq!(km.live_keys(&layers, 1, page_down), vec!["Ctrl-d"]);
        assert_eq!(
            km.live_keys(&[&LIST_NAV], 0, page_down),
            vec!["Ctrl-d", "PageDown"]
        );
        assert!(km.live_keys(&layers, 5, page_down).is_empty());
    }

    fn layers() -> Vec<&'static Layer> {
        crate::tui::screens::layers().to_vec()
    }

    fn press(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn bad(text: &str) -> String {
        match Keymap::from_toml("keys.toml", text, &layers()) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_defaults_give_each_action_one_name_and_each_key_one_action_per_layer() {
        for layer in layers() {
            let mut names: Vec<String> = layer.bindings.iter().map(|b| b.action.name()).collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "[{}] names an action twice", layer.name);
            assert!(layer
                .bindings
                .iter()
                .all(|b| b.keys.iter().all(|k| is_key(k))));
        }
        // a file that sets every default again changes nothing
        let same = Keymap::from_toml("d", &Keymap::defaults_toml(&layers()), &layers()).unwrap();
        for layer in layers() {
            for b in layer.bindings {
                assert_eq!(same.keys(layer, b), b.keys.to_vec());
            }
        }
    }

    #[test]
    fn the_shipped_key_file_lists_every_action_with_its_default_keys() {
        let text = include_str!("../../data/keys.toml");
        let lines = |t: &str| -> Vec<String> {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(lines(text), lines(&Keymap::defaults_toml(&layers())));
        Keymap::from_toml("data/keys.toml", text, &layers()).unwrap();
    }

    #[test]
    fn a_key_file_replaces_the_keys_of_the_actions_it_names() {
        let km = Keymap::from_toml(
            "keys.toml",
            "[walk]\nraise_finding = [\"Ctrl-f\", \"!\"]\nadd_evidence = \"b\"\nedit_note = []\n",
            &layers(),
        )
        .unwrap();
        let walk = &crate::tui::screens::walk::KEYS;
        let ctrl_f = key(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(&[walk], &ctrl_f), Some(Action::RaiseFinding));
        assert_eq!(km.lookup(&[walk], &press('!')), Some(Action::RaiseFinding));
        assert_eq!(km.lookup(&[walk], &press('b')), Some(Action::AddEvidence));
        // the old keys are free, and an unbound action has none
        assert_eq!(km.lookup(&[walk], &press('f')), None);
        assert_eq!(km.lookup(&[walk], &press('e')), None);
        assert_eq!(km.lookup(&[walk], &press('o')), None);
        // other actions and layers keep their defaults
        assert_eq!(
            km.lookup(&[walk], &press(']')),
            Some(Action::NextUnanswered)
        );
        let audits = &crate::tui::screens::audits::KEYS;
        assert_eq!(km.lookup(&[audits], &press('f')), Some(Action::GoFindings));
        let b = walk
            .bindings
            .iter()
            .find(|b| b.action == Action::RaiseFinding)
            .unwrap();
        assert_eq!(km.display(walk, b), "Ctrl-f/!");
        assert_ne!(km, Keymap::default());
        assert_eq!(
            Keymap::from_toml("k", "", &layers()).unwrap(),
            Keymap::default()
        );
    }

    #[test]
    fn a_bad_key_file_is_refused_with_what_to_write() {
        assert!(bad("[wlak]\nquit = \"q\"")
            .contains("there is no section [wlak]: the sections are global, lists"));
        assert!(bad("[walk]\nraise = \"f\"")
            .contains("[walk] has no action `raise`: its actions are next_unanswered"));
        assert!(bad("[walk]\nanswer_1 = \"y\"").contains("[walk_compliance], [walk_score]"));
        assert!(bad("[walk]\nraise_finding = \"Ctrl-ff\"").contains("\"Ctrl-ff\" is not a key"));
        assert!(bad("[walk]\nraise_finding = \"F1\"").contains("one of Esc, Enter"));
        assert!(bad("[walk]\nraise_finding = 3").contains("write the keys in quotes"));
        assert!(bad("[walk]\nraise_finding = [3]").contains("keys are written in quotes"));
        assert!(bad("walk = 1").contains("must be a section"));
        assert!(bad("[walk]\nraise_finding = \"a\"")
            .contains("[walk] \"a\" is bound to both raise_finding and auto_advance"));
        assert!(bad("[walk\n").starts_with("key file keys.toml: "));
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert!(Keymap::load(&missing, &layers())
            .unwrap_err()
            .to_string()
            .contains("none.toml"));
        std::fs::write(&missing, [0xff, 0xfe]).unwrap();
        assert!(Keymap::load(&missing, &layers())
            .unwrap_err()
            .to_string()
            .contains("not UTF-8"));
    }

    #[test]
    fn a_bad_key_file_is_refused_in_the_users_language() {
        use crate::text::{Lang, Strings};
        let err = |text: &str| {
            let Err(e) = Keymap::from_toml("keys.toml", text, &layers()) else {
                panic!("{text}: taken");
            };
            e
        };
        let cases = [
            "[wlak]\nquit = \"q\"",
            "[walk]\nraise = \"f\"",
            "[walk]\nanswer_1 = \"y\"",
            "[walk]\nraise_finding = \"Ctrl-ff\"",
            "[walk]\nraise_finding = 3",
            "[walk]\nraise_finding = [3]",
            "walk = 1",
            "[walk]\nraise_finding = \"a\"",
            "[walk\n",
        ];
        for text in cases {
            let e = err(text);
            // the English is the error's own text, word for word
            assert_eq!(e.message(Strings::of(Lang::En)), e.to_string(), "{text}");
            let id = e.message(Strings::of(Lang::Id));
            assert!(id.starts_with("berkas tombol keys.toml: "), "{id}");
            assert_ne!(id, e.to_string(), "{text}");
        }
        assert_eq!(
            err("[walk]\nraise_finding = \"a\"").message(Strings::of(Lang::Id)),
            "berkas tombol keys.toml: [walk] \"a\" terpasang pada raise_finding sekaligus \
             auto_advance: beri salah satunya tombol lain"
        );
    }
}

//! Themes: a semantic palette read from TOML (`themes/*.toml`); widgets name roles, never colours.

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme \"{0}\": use dark, light, high-contrast or a path to a theme file")]
    Unknown(String),
    /// The TOML parser's own words.
    #[error("theme {file}: {reason}")]
    Toml { file: String, reason: String },
    #[error("theme {file}: `{field}` = \"{value}\" is not a colour: use a name like \"red\" or \"#rrggbb\"")]
    NotAColour {
        file: String,
        field: String,
        value: String,
    },
    #[error("theme {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

impl ThemeError {
    /// The message in the language of `t`.
    pub fn message(&self, t: &crate::text::Strings) -> String {
        match self {
            ThemeError::Unknown(x) => t.f("error.theme.unknown", &[("x", x)]),
            ThemeError::Toml { file, reason } => {
                t.f("error.theme.toml", &[("file", file), ("reason", reason)])
            }
            ThemeError::NotAColour { file, field, value } => t.f(
                "error.theme.not_a_colour",
                &[("file", file), ("field", field), ("value", value)],
            ),
            ThemeError::Read { file, source } => t.f(
                "error.theme.toml",
                &[
                    ("file", file),
                    ("reason", &crate::app::io_reason(source, t)),
                ],
            ),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    fg: String,
    bg: String,
    muted: String,
    border: String,
    border_focus: String,
    title: String,
    accent: String,
    selected_fg: String,
    selected_bg: String,
    header_fg: String,
    header_bg: String,
    footer_fg: String,
    footer_bg: String,
    key: String,
    ok: String,
    warn: String,
    error: String,
    answer_compliant: String,
    answer_partial: String,
    answer_noncompliant: String,
    answer_na: String,
    severity_low: String,
    severity_medium: String,
    severity_high: String,
    gauge: String,
}

/// The semantic palette.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub base: Style,
    pub muted: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub accent: Style,
    pub selected: Style,
    pub header: Style,
    pub footer: Style,
    pub key: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub answer_compliant: Style,
    pub answer_partial: Style,
    pub answer_noncompliant: Style,
    pub answer_na: Style,
    pub severity_low: Style,
    pub severity_medium: Style,
    pub severity_high: Style,
    pub gauge: Style,
}

fn color(file: &str, field: &str, s: &str) -> Result<Color, ThemeError> {
    let bad = || ThemeError::NotAColour {
        file: file.to_string(),
        field: field.to_string(),
        value: s.to_string(),
    };
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let v = u32::from_str_radix(hex, 16).map_err(|_| bad())?;
        return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "reset" | "default" => Ok(Color::Reset),
        "black" => Ok(Color::Black),
        "red" => Ok(Color::Red),
        "green" => Ok(Color::Green),
        "yellow" => Ok(Color::Yellow),
        "blue" => Ok(Color::Blue),
        "magenta" => Ok(Color::Magenta),
        "cyan" => Ok(Color::Cyan),
        "gray" | "grey" => Ok(Color::Gray),
        "darkgray" | "darkgrey" => Ok(Color::DarkGray),
        "lightred" => Ok(Color::LightRed),
        "lightgreen" => Ok(Color::LightGreen),
        "lightyellow" => Ok(Color::LightYellow),
        "lightblue" => Ok(Color::LightBlue),
        "lightmagenta" => Ok(Color::LightMagenta),
        "lightcyan" => Ok(Color::LightCyan),
        "white" => Ok(Color::White),
        _ => Err(bad()),
    }
}

impl Theme {
    /// Parse a theme file's text.
    pub fn from_toml(file: &str, text: &str) -> Result<Theme, ThemeError> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| ThemeError::Toml {
            file: file.to_string(),
            reason: e.message().to_string(),
        })?;
        let c = |field: &str, v: &str| color(file, field, v);
        let bg = c("bg", &raw.bg)?;
        let fg_on = |field: &str, v: &str| -> Result<Style, ThemeError> {
            Ok(Style::default().fg(c(field, v)?))
        };
        Ok(Theme {
            name: raw.name.clone(),
            base: Style::default().fg(c("fg", &raw.fg)?).bg(bg),
            muted: fg_on("muted", &raw.muted)?,
            border: fg_on("border", &raw.border)?,
            border_focus: fg_on("border_focus", &raw.border_focus)?,
            title: fg_on("title", &raw.title)?.add_modifier(Modifier::BOLD),
            accent: fg_on("accent", &raw.accent)?,
            selected: Style::default()
                .fg(c("selected_fg", &raw.selected_fg)?)
                .bg(c("selected_bg", &raw.selected_bg)?)
                .add_modifier(Modifier::BOLD),
            header: Style::default()
                .fg(c("header_fg", &raw.header_fg)?)
                .bg(c("header_bg", &raw.header_bg)?),
            footer: Style::default()
                .fg(c("footer_fg", &raw.footer_fg)?)
                .bg(c("footer_bg", &raw.footer_bg)?),
            key: fg_on("key", &raw.key)?.add_modifier(Modifier::BOLD),
            ok: fg_on("ok", &raw.ok)?,
            warn: fg_on("warn", &raw.warn)?.add_modifier(Modifier::BOLD),
            error: fg_on("error", &raw.error)?.add_modifier(Modifier::BOLD),
            answer_compliant: fg_on("answer_compliant", &raw.answer_compliant)?,
            answer_partial: fg_on("answer_partial", &raw.answer_partial)?,
            answer_noncompliant: fg_on("answer_noncompliant", &raw.answer_noncompliant)?
                .add_modifier(Modifier::BOLD),
            answer_na: fg_on("answer_na", &raw.answer_na)?,
            severity_low: fg_on("severity_low", &raw.severity_low)?,
            severity_medium: fg_on("severity_medium", &raw.severity_medium)?,
            severity_high: fg_on("severity_high", &raw.severity_high)?.add_modifier(Modifier::BOLD),
            gauge: fg_on("gauge", &raw.gauge)?,
        })
    }

    /// A built-in theme by name, or a theme file by path.
    pub fn load(name_or_path: &str) -> Result<Theme, ThemeError> {
        if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            return Theme::from_toml(&format!("themes/{name}.toml"), text);
        }
        let path = Path::new(name_or_path);
        if path.exists() {
            let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
                file: path.display().to_string(),
                source,
            })?;
            return Theme::from_toml(&path.display().to_string(), &text);
        }
        Err(ThemeError::Unknown(name_or_path.to_string()))
    }

    /// The default theme (always parses: it is tested).
    pub fn default_dark() -> Theme {
        Theme::load("dark").unwrap_or_else(|_| Theme::monochrome())
    }

    /// No colours at all (`NO_COLOR`): meaning rests on glyphs and modifiers only.
    pub fn monochrome() -> Theme {
        let plain = Style::default();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Theme {
            name: "no-color".into(),
            base: plain,
            muted: plain,
            border: plain,
            border_focus: bold,
            title: bold,
            accent: bold,
            selected: Style::default().add_modifier(Modifier::REVERSED),
            header: Style::default().add_modifier(Modifier::REVERSED),
            footer: plain,
            key: bold,
            ok: plain,
            warn: bold,
            error: bold,
            answer_compliant: plain,
            answer_partial: plain,
            answer_noncompliant: bold,
            answer_na: plain,
            severity_low: plain,
            severity_medium: plain,
            severity_high: bold,
            gauge: plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_parses() {
        for (name, text) in BUILTIN {
            let t = Theme::from_toml(name, text).unwrap();
            assert_eq!(&t.name, name);
        }
        // the files on disk are the ones compiled in
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/themes")).unwrap() {
            let p = entry.unwrap().path();
            let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
            assert!(
                BUILTIN.iter().any(|(n, _)| *n == stem),
                "{stem} is not built in"
            );
        }
    }

    #[test]
    fn bad_theme_files_name_the_problem() {
        let text = BUILTIN[0].1.replace("\"#ff5f5f\"", "\"#ff5f5\"");
        let e = Theme::from_toml("x.toml", &text).unwrap_err().to_string();
        assert!(e.contains("x.toml") && e.contains("#ff5f5"), "{e}");
        let e = Theme::from_toml("x.toml", "name = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field"), "{e}");
        let e = Theme::load("purple").unwrap_err().to_string();
        assert!(e.contains("purple"), "{e}");
    }

    #[test]
    fn a_bad_theme_is_refused_in_the_users_language() {
        use crate::text::{Lang, Strings};
        let (id, en) = (Strings::of(Lang::Id), Strings::of(Lang::En));
        let Err(unknown) = Theme::load("pelangi") else {
            panic!("an unknown theme taken");
        };
        assert_eq!(unknown.message(en), unknown.to_string());
        assert_eq!(
            unknown.message(id),
            "tema \"pelangi\" tidak dikenal: gunakan dark, light, high-contrast atau jalur ke \
             berkas tema"
        );
        let text = BUILTIN[0].1.replacen("fg = \"", "fg = \"ungu", 1);
        let Err(colour) = Theme::from_toml("ungu.toml", &text) else {
            panic!("a colour that is none taken");
        };
        assert_eq!(colour.message(en), colour.to_string());
        assert!(
            colour.message(id).contains("bukan warna"),
            "{}",
            colour.message(id)
        );
    }
}

//! The command line's help and clap's own parse errors in the user's language, every word read from `data/i18n/{id,en}.toml` (section `[cli_help]`).
//!
//! # Language
//!
//! Decided before parsing: `--lang X` or `--lang=X` on the command line (before a `--`); else the
//! locale ([`Lang::from_env`]: English when `LC_ALL`/`LC_MESSAGES`/`LANG` ask for it, Bahasa
//! Indonesia otherwise), as for the rest of the command line and the terminal UI. An unknown
//! `--lang` value is left to the command's own error.
//!
//! # Keys
//!
//! A command is named by its path: `root` for `periksa` itself, else its subcommand names joined
//! by dots (`export`, `conflicts.resolve`). Under `cli_help.<path>`:
//!
//! - `about`, `long_about`: the command's one-line and full description (those it has);
//! - `arg.<id>`, `arg_long.<id>`: an argument's help and long help, `<id>` being clap's id (the
//!   field's name: `passphrase_file`). The global arguments are the root's (`root.arg.store`).
//!
//! Shared by every command:
//!
//! - `cli_help.value.<word>`: the words of the placeholders (`<AUDIT>`, `--output <PATH>`), keyed
//!   by the English word in lower case (`value.path`); a placeholder that is not a word in capitals
//!   (`<id|en>`) stays as it is;
//! - `cli_help.clap.*`: clap's own words: the headings, the built-in `-h`, `-V` and `help`,
//!   `[default: …]`, `[possible values: …]`;
//! - `cli_help.error.*`: clap's parse errors, a sentence per kind with the values clap found.
//!
//! The English texts are the doc comments of `args.rs` word for word (a test renders both trees);
//! where a language's word is clap's own (`Usage`, `Options`, `[default: …]`), clap writes it as it
//! always has.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::ExitCode;

use clap::builder::{StyledStr, Styles};
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use super::args::Cli;
use crate::text::{Lang, Strings};

/// The parsed command line and the language it was read in.
pub struct Parsed {
    pub cli: Cli,
    pub lang: Lang,
}

/// Parse `args` (the program's name first) in the user's language: the arguments, or, when help,
/// the version or a usage error was printed instead, the exit code (0 after help and the version,
/// 2 after an error, as clap's).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, ExitCode> {
    let args: Vec<OsString> = args.into_iter().collect();
    let lang = lang_of(&args);
    let mut cmd = command(lang);
    let parsed = cmd
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Ok(Parsed { cli, lang }),
        Err(e) => Err(report(e, lang)),
    }
}

impl Parsed {
    /// Write the completions of `shell`, with the help texts in the language, to stdout.
    pub fn completions(&self, shell: clap_complete::Shell) -> ExitCode {
        use std::io::Write;
        let mut cmd = completion_command(self.lang);
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut cmd, "periksa", &mut script);
        match std::io::stdout().lock().write_all(&script) {
            // the reader went away (`periksa completions bash | head`): not an error of ours
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                let s = Strings::of(self.lang);
                eprintln!(
                    "{} {}",
                    s.t("cli_help.error.prefix"),
                    s.f("cli_help.error.stdout", &[("error", &e)])
                );
                ExitCode::from(1)
            }
            _ => ExitCode::SUCCESS,
        }
    }
}

/// The language of the help and the parse errors (see the module's documentation).
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        let value = if a == "--lang" {
            rest.next().and_then(|v| v.to_str())
        } else {
            a.strip_prefix("--lang=")
        };
        if let Some(lang) = value.and_then(Lang::parse) {
            return lang;
        }
    }
    Lang::from_env()
}

/// The command tree with every text and clap word in `lang`, for parsing: each command built as
/// the parser builds it (the built-in `-h`, `-V` and `help`, the global arguments in place).
pub fn command(lang: Lang) -> clap::Command {
    let s = Strings::of(lang);
    clap_words(texts(Cli::command(), ROOT, s), s, None, false)
}

/// The command tree in `lang` for shell completions: built whole, as the completion generators
/// build it (the `help` subcommand holding a copy of every command, to complete their names).
pub fn completion_command(lang: Lang) -> clap::Command {
    let s = Strings::of(lang);
    let mut cmd = texts(Cli::command(), ROOT, s);
    cmd.build();
    clap_words(cmd, s, None, false)
}

/// The path of the root command in the keys.
const ROOT: &str = "root";

fn child_path(parent: &str, name: &str) -> String {
    if parent == ROOT {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn about_key(path: &str) -> String {
    format!("cli_help.{path}.about")
}

fn long_about_key(path: &str) -> String {
    format!("cli_help.{path}.long_about")
}

fn arg_key(path: &str, id: &str) -> String {
    format!("cli_help.{path}.arg.{id}")
}

fn arg_long_key(path: &str, id: &str) -> String {
    format!("cli_help.{path}.arg_long.{id}")
}

fn value_key(word: &str) -> String {
    format!("cli_help.value.{}", word.to_ascii_lowercase())
}

/// The text of `key`, if the language has it.
fn get(s: &Strings, key: &str) -> Option<String> {
    let t = s.t(key);
    (t != key).then(|| t.to_string())
}

/// A placeholder is translated word by word (`NAME|FILE`); only words in capitals are words.
fn is_word(part: &str) -> bool {
    !part.is_empty() && part.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

fn placeholder(s: &Strings, name: &str) -> String {
    name.split('|')
        .map(|part| {
            if is_word(part) {
                get(s, &value_key(part)).unwrap_or_else(|| part.to_string())
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The texts of the grammar (before building, so that the `help` subcommand's copies and the
/// global arguments copied into every subcommand take them).
fn texts(mut cmd: clap::Command, path: &str, s: &'static Strings) -> clap::Command {
    if cmd.get_about().is_some() {
        if let Some(t) = get(s, &about_key(path)) {
            cmd = cmd.about(t);
        }
    }
    if cmd.get_long_about().is_some() {
        if let Some(t) = get(s, &long_about_key(path)) {
            cmd = cmd.long_about(t);
        }
    }
    cmd = cmd.mut_args(|a| arg_texts(a, path, s));
    cmd.mut_subcommands(|sc| {
        let p = child_path(path, sc.get_name());
        texts(sc, &p, s)
    })
}

fn arg_texts(mut a: Arg, path: &str, s: &'static Strings) -> Arg {
    let id = a.get_id().as_str().to_string();
    if a.get_help().is_some() {
        if let Some(t) = get(s, &arg_key(path, &id)) {
            a = a.help(t);
        }
    }
    if a.get_long_help().is_some() {
        if let Some(t) = get(s, &arg_long_key(path, &id)) {
            a = a.long_help(t);
        }
    }
    if let Some(names) = a
        .get_value_names()
        .filter(|_| a.get_action().takes_values())
    {
        let names: Vec<String> = names.iter().map(|n| placeholder(s, n)).collect();
        a = a.value_names(names);
    }
    // `[default: …]` and `[possible values: …]`: clap's, unless the language has other words
    let default = s.t("cli_help.clap.default");
    if default != "default" && a.get_action().takes_values() && !a.get_default_values().is_empty() {
        let values: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        a = note(a, &format!("[{default}: {}]", values.join(" "))).hide_default_value(true);
    }
    let possible = s.t("cli_help.clap.possible_values");
    if possible != "possible values"
        && a.get_action().takes_values()
        && !a.is_hide_possible_values_set()
    {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            a = note(a, &format!("[{possible}: {}]", values.join(", "))).hide_possible_values(true);
        }
    }
    a
}

/// Append a note (`[bawaan: member]`) to an argument's help, as clap does with its own.
fn note(mut a: Arg, note: &str) -> Arg {
    let help = match a.get_help() {
        Some(h) => format!("{h} {note}"),
        None => note.to_string(),
    };
    if let Some(long) = a.get_long_help() {
        let long = format!("{long}\n\n{note}");
        a = a.long_help(long);
    }
    a.help(help)
}

/// clap's own words: the headings, the usage line, the built-in `-h`/`-V` and the `help`
/// subcommands. Builds each command first, as the parser would on reaching it (`bin` is the full
/// name of a subcommand, `periksa audit new`; `in_help` tells the built-in `help` and its copies).
fn clap_words(
    mut cmd: clap::Command,
    s: &'static Strings,
    bin: Option<String>,
    in_help: bool,
) -> clap::Command {
    let usage = s.t("cli_help.clap.usage");
    let commands = s.t("cli_help.clap.commands");
    let arguments = s.t("cli_help.clap.arguments");
    let options = s.t("cli_help.clap.options");
    let options_tag = s.t("cli_help.clap.options_tag");
    let command_value = s.t("cli_help.clap.command_value");

    if let Some(bin) = &bin {
        cmd = cmd.bin_name(bin.clone());
    }
    if command_value != "COMMAND" {
        cmd = cmd.subcommand_value_name(command_value);
    }
    // built as the parser builds a command it reaches (a built command is left as it is)
    let _ = cmd.render_usage();
    let builtin_help = in_help && cmd.get_name() == "help";
    if builtin_help {
        cmd = cmd.about(s.t("cli_help.clap.help_about"));
    }
    cmd = cmd.mut_args(|mut a| {
        a = match a.get_action() {
            ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong => {
                if a.get_long_help().is_some() {
                    a.help(s.t("cli_help.clap.help_more"))
                        .long_help(s.t("cli_help.clap.help_summary"))
                } else {
                    a.help(s.t("cli_help.clap.help"))
                }
            }
            ArgAction::Version => a.help(s.t("cli_help.clap.version")),
            // the names of the commands to show the help of
            _ if builtin_help && a.get_id() == "subcommand" => a
                .help(s.t("cli_help.clap.help_commands"))
                .value_name(command_value),
            _ => a,
        };
        if a.get_help_heading().is_none() {
            let heading = if a.is_positional() {
                (arguments != "Arguments").then_some(arguments)
            } else {
                (options != "Options").then_some(options)
            };
            if let Some(h) = heading {
                a = a.help_heading(h);
            }
        }
        a
    });
    if commands != "Commands" {
        cmd = cmd.subcommand_help_heading(commands);
    }
    if usage != "Usage" {
        let u = *cmd.get_styles().get_usage();
        cmd = cmd.help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{u}{usage}:{u:#} {{usage}}\n\n{{all-args}}{{after-help}}"
        ));
    }
    if options_tag != "OPTIONS" {
        // clap writes `[OPTIONS]` itself: the usage line is its own with the language's word
        let u = *cmd.get_styles().get_usage();
        let title = format!("{u}Usage:{u:#} ");
        let line = cmd.render_usage().ansi().to_string();
        if let Some(line) = line.strip_prefix(&title) {
            let line = line.replace("[OPTIONS]", &format!("[{options_tag}]"));
            cmd = cmd.override_usage(line);
        }
    }
    let name = bin.unwrap_or_else(|| cmd.get_name().to_string());
    cmd.mut_subcommands(|sc| {
        let bin = format!("{name} {}", sc.get_name());
        // the built-in `help` (no command of ours is called so: a test keeps it so) and all in it
        let in_help = in_help || sc.get_name() == "help";
        clap_words(sc, s, Some(bin), in_help)
    })
}

/// Print a parse error (or help, or the version) in `lang`; the exit code is clap's.
fn report(e: clap::Error, lang: Lang) -> ExitCode {
    let code = if e.use_stderr() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    };
    // a reader that went away (`periksa --help | head`) is not an error of ours
    let _ = match lang {
        Lang::Id => e.apply::<Indonesian>().print(),
        Lang::En => e.apply::<English>().print(),
    };
    code
}

/// clap's parse errors in Bahasa Indonesia.
pub struct Indonesian;

/// clap's parse errors in English, as clap writes them.
pub struct English;

impl ErrorFormatter for Indonesian {
    fn format_error(e: &clap::error::Error<Self>) -> StyledStr {
        render(Strings::of(Lang::Id), e)
    }
}

impl ErrorFormatter for English {
    fn format_error(e: &clap::error::Error<Self>) -> StyledStr {
        render(Strings::of(Lang::En), e)
    }
}

/// Two spaces, clap's indent of lists and tips.
const TAB: &str = "  ";

fn paint(style: &clap::builder::styling::Style, x: &str) -> String {
    format!("{style}{x}{style:#}")
}

/// `error: <sentence>`, the tips, the usage line and the hint, laid out as clap's.
fn render<F: ErrorFormatter>(s: &Strings, e: &clap::error::Error<F>) -> StyledStr {
    let styles = Styles::default();
    let mut out = String::new();
    let _ = write!(
        out,
        "{} ",
        paint(styles.get_error(), s.t("cli_help.error.prefix"))
    );
    out.push_str(&sentence(s, e, &styles));

    let good = styles.get_valid();
    let mut suggested = false;
    for (kind, one, many) in [
        (
            ContextKind::SuggestedSubcommand,
            "similar_subcommand",
            "similar_subcommands",
        ),
        (
            ContextKind::SuggestedArg,
            "similar_argument",
            "similar_arguments",
        ),
        (
            ContextKind::SuggestedValue,
            "similar_value",
            "similar_values",
        ),
    ] {
        let names: Vec<String> = match e.get(kind) {
            Some(ContextValue::String(x)) => vec![x.clone()],
            Some(ContextValue::Strings(xs)) => xs.clone(),
            _ => continue,
        };
        if names.is_empty() {
            continue;
        }
        out.push('\n');
        if !suggested {
            out.push('\n');
            suggested = true;
        }
        let list: Vec<String> = names
            .iter()
            .map(|n| format!("'{}'", paint(good, n)))
            .collect();
        let key = if names.len() == 1 { one } else { many };
        let _ = write!(
            out,
            "{TAB}{} {}",
            paint(good, s.t("cli_help.error.tip")),
            s.f(&format!("cli_help.error.{key}"), &[("x", &list.join(", "))])
        );
    }
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        if !suggested {
            out.push('\n');
        }
        for tip in tips {
            let _ = write!(
                out,
                "\n{TAB}{} {}",
                paint(good, s.t("cli_help.error.tip")),
                tip_in(s, tip, &styles)
            );
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        out.push_str("\n\n");
        out.push_str(&usage_in(s, usage));
    }
    let help = format!("'{}'", paint(styles.get_literal(), "--help"));
    let _ = write!(
        out,
        "\n\n{}\n",
        s.f("cli_help.error.try_help", &[("help", &help)])
    );
    StyledStr::from(out)
}

/// clap's usage line with the language's words.
fn usage_in(s: &Strings, usage: &StyledStr) -> String {
    let line = usage.ansi().to_string();
    let line = line.replacen("Usage:", &format!("{}:", s.t("cli_help.clap.usage")), 1);
    line.replace(
        "[OPTIONS]",
        &format!("[{}]", s.t("cli_help.clap.options_tag")),
    )
}

/// A tip clap wrote in English, in the language: the ones clap writes are recognised by their
/// words, their names kept.
fn tip_in(s: &Strings, tip: &StyledStr, styles: &Styles) -> String {
    let plain = tip.to_string();
    let quoted: Vec<&str> = plain.split('\'').skip(1).step_by(2).collect();
    let (good, bad) = (styles.get_valid(), styles.get_invalid());
    let q = |style, x: &str| format!("'{}'", paint(style, x));
    match quoted.as_slice() {
        [arg, fix] if plain.starts_with("to pass ") => s.f(
            "cli_help.error.pass_as_value",
            &[("arg", &q(bad, arg)), ("fix", &q(good, fix))],
        ),
        [name, _] if plain.starts_with("subcommand ") => {
            s.f("cli_help.error.remove_dashes", &[("name", &q(good, name))])
        }
        [x] if plain.ends_with(" exists") => s.f("cli_help.error.exists", &[("x", &q(good, x))]),
        _ => tip.ansi().to_string(),
    }
}

/// The error's own sentence, from the values clap found; a kind's general sentence when they are
/// missing.
fn sentence<F: ErrorFormatter>(s: &Strings, e: &clap::error::Error<F>, styles: &Styles) -> String {
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(v)) => Some(v.as_str()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => Some(v.as_slice()),
        _ => None,
    };
    let number = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let (good, bad, lit) = (
        styles.get_valid(),
        styles.get_invalid(),
        styles.get_literal(),
    );
    let q = |style, x: &str| format!("'{}'", paint(style, x));
    let f = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| {
        s.f(&format!("cli_help.error.{key}"), args)
    };
    let values = |label: &str, values: Option<&[String]>| match values {
        Some(vs) if !vs.is_empty() => {
            let vs: Vec<String> = vs
                .iter()
                .map(|v| {
                    if v.contains(char::is_whitespace) {
                        paint(good, &format!("{v:?}"))
                    } else {
                        paint(good, v)
                    }
                })
                .collect();
            format!(
                "\n{TAB}[{}: {}]",
                s.t(&format!("cli_help.clap.{label}")),
                vs.join(", ")
            )
        }
        _ => String::new(),
    };
    let provided = |n: isize| {
        s.t(if n > 1 {
            "cli_help.error.were_provided"
        } else {
            "cli_help.error.was_provided"
        })
        .to_string()
    };

    let found = match e.kind() {
        ErrorKind::UnknownArgument => {
            text(ContextKind::InvalidArg).map(|a| f("unknown_argument", &[("arg", &q(bad, a))]))
        }
        ErrorKind::InvalidValue => match (
            text(ContextKind::InvalidArg),
            text(ContextKind::InvalidValue),
        ) {
            (Some(a), Some("")) => Some(f("value_required", &[("arg", &q(bad, a))])),
            (Some(a), Some(v)) => Some(f(
                "invalid_value",
                &[("value", &q(bad, v)), ("arg", &q(lit, a))],
            )),
            _ => None,
        }
        .map(|m| m + &values("possible_values", list(ContextKind::ValidValue))),
        ErrorKind::InvalidSubcommand => text(ContextKind::InvalidSubcommand)
            .map(|n| f("invalid_subcommand", &[("name", &q(bad, n))])),
        ErrorKind::MissingRequiredArgument => list(ContextKind::InvalidArg).map(|args| {
            let mut m = s.t("cli_help.error.missing_required").to_string();
            for a in args {
                let _ = write!(m, "\n{TAB}{}", paint(good, a));
            }
            m
        }),
        ErrorKind::MissingSubcommand => text(ContextKind::InvalidSubcommand).map(|n| {
            f("missing_subcommand", &[("name", &q(bad, n))])
                + &values("subcommands", list(ContextKind::ValidSubcommand))
        }),
        ErrorKind::ArgumentConflict => text(ContextKind::InvalidArg).map(|a| {
            let arg = q(bad, a);
            match e.get(ContextKind::PriorArg) {
                Some(ContextValue::String(p)) if p == a => f("used_twice", &[("arg", &arg)]),
                Some(ContextValue::String(p)) => {
                    f("conflict", &[("arg", &arg), ("other", &q(bad, p))])
                }
                Some(ContextValue::Strings(others)) => {
                    let mut m = f("conflict_many", &[("arg", &arg)]);
                    for o in others {
                        let _ = write!(m, "\n{TAB}{}", paint(bad, o));
                    }
                    m
                }
                _ => f("conflict_others", &[("arg", &arg)]),
            }
        }),
        ErrorKind::NoEquals => {
            text(ContextKind::InvalidArg).map(|a| f("no_equals", &[("arg", &q(bad, a))]))
        }
        ErrorKind::TooManyValues => {
            match (
                text(ContextKind::InvalidArg),
                text(ContextKind::InvalidValue),
            ) {
                (Some(a), Some(v)) => Some(f(
                    "too_many_values",
                    &[("value", &q(bad, v)), ("arg", &q(lit, a))],
                )),
                _ => None,
            }
        }
        ErrorKind::TooFewValues => match (
            text(ContextKind::InvalidArg),
            number(ContextKind::ActualNumValues),
            number(ContextKind::MinValues),
        ) {
            (Some(a), Some(n), Some(min)) => Some(f(
                "too_few_values",
                &[
                    ("min", &paint(good, &min.to_string())),
                    ("arg", &q(lit, a)),
                    ("n", &paint(bad, &n.to_string())),
                    ("provided", &provided(n)),
                ],
            )),
            _ => None,
        },
        ErrorKind::WrongNumberOfValues => match (
            text(ContextKind::InvalidArg),
            number(ContextKind::ActualNumValues),
            number(ContextKind::ExpectedNumValues),
        ) {
            (Some(a), Some(n), Some(expected)) => Some(f(
                "wrong_number_of_values",
                &[
                    ("expected", &paint(good, &expected.to_string())),
                    ("arg", &q(lit, a)),
                    ("n", &paint(bad, &n.to_string())),
                    ("provided", &provided(n)),
                ],
            )),
            _ => None,
        },
        ErrorKind::ValueValidation => match (
            text(ContextKind::InvalidArg),
            text(ContextKind::InvalidValue),
        ) {
            (Some(a), Some(v)) => {
                let m = f(
                    "invalid_value",
                    &[("value", &q(bad, v)), ("arg", &q(lit, a))],
                );
                Some(match reason(s, e) {
                    Some(r) => format!("{m}: {r}"),
                    None => m,
                })
            }
            _ => None,
        },
        _ => None,
    };
    found.unwrap_or_else(|| general(s, e))
}

/// Why a value did not parse: the number parsers' reasons in the language, another's as it is.
fn reason<F: ErrorFormatter>(s: &Strings, e: &clap::error::Error<F>) -> Option<String> {
    let source = std::error::Error::source(e)?;
    if let Some(p) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        let key = match p.kind() {
            IntErrorKind::Empty => "int_empty",
            IntErrorKind::InvalidDigit => "int_invalid",
            IntErrorKind::PosOverflow => "int_too_large",
            IntErrorKind::NegOverflow => "int_too_small",
            IntErrorKind::Zero => "int_zero",
            _ => return Some(source.to_string()),
        };
        return Some(s.t(&format!("cli_help.error.{key}")).to_string());
    }
    Some(source.to_string())
}

/// The general sentence of an error's kind (clap's own words in English).
fn general<F: ErrorFormatter>(s: &Strings, e: &clap::error::Error<F>) -> String {
    let key = match e.kind() {
        ErrorKind::InvalidValue => "invalid_value",
        ErrorKind::UnknownArgument => "unknown_argument",
        ErrorKind::InvalidSubcommand => "invalid_subcommand",
        ErrorKind::NoEquals => "no_equals",
        ErrorKind::ValueValidation => "value_validation",
        ErrorKind::TooManyValues => "too_many_values",
        ErrorKind::TooFewValues => "too_few_values",
        ErrorKind::WrongNumberOfValues => "wrong_number_of_values",
        ErrorKind::ArgumentConflict => "argument_conflict",
        ErrorKind::MissingRequiredArgument => "missing_required_argument",
        ErrorKind::MissingSubcommand => "missing_subcommand",
        ErrorKind::InvalidUtf8 => "invalid_utf8",
        _ => {
            return match std::error::Error::source(e) {
                Some(source) => source.to_string(),
                None => s.t("cli_help.error.kind.unknown").to_string(),
            }
        }
    };
    s.t(&format!("cli_help.error.kind.{key}")).to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys_of(lang: Lang) -> BTreeSet<String> {
        let text = match lang {
            Lang::Id => include_str!("../../data/i18n/id.toml"),
            Lang::En => include_str!("../../data/i18n/en.toml"),
        };
        crate::text::parse(text)
            .unwrap()
            .into_keys()
            .filter(|k| k.starts_with("cli_help."))
            .collect()
    }

    /// The keys the grammar needs: every command's descriptions, every argument's help and every
    /// word of a placeholder, by walking the whole tree.
    fn needed(cmd: &clap::Command, path: &str, keys: &mut BTreeSet<String>) {
        if cmd.get_about().is_some() {
            keys.insert(about_key(path));
        }
        if cmd.get_long_about().is_some() {
            keys.insert(long_about_key(path));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.get_help().is_some() {
                keys.insert(arg_key(path, id));
            }
            if a.get_long_help().is_some() {
                keys.insert(arg_long_key(path, id));
            }
            if a.get_action().takes_values() {
                for name in a.get_value_names().unwrap_or_default() {
                    for part in name.split('|').filter(|p| is_word(p)) {
                        keys.insert(value_key(part));
                    }
                }
            }
        }
        for sc in cmd.get_subcommands() {
            needed(sc, &child_path(path, sc.get_name()), keys);
        }
    }

    /// Every path of the tree, as the words to type (`["audit", "new"]`), the root first.
    fn paths(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        out.push(path.to_vec());
        for sc in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sc.get_name().to_string());
            paths(sc, &p, out);
        }
    }

    fn all_paths() -> Vec<Vec<String>> {
        let mut out = Vec::new();
        paths(&Cli::command(), &[], &mut out);
        out
    }

    #[test]
    fn every_command_and_argument_has_its_text_in_both_languages() {
        let mut needed_keys = BTreeSet::new();
        needed(&Cli::command(), ROOT, &mut needed_keys);
        assert!(
            needed_keys.len() > 150,
            "the walk found the texts: {}",
            needed_keys.len()
        );
        assert!(needed_keys.contains("cli_help.conflicts.resolve.arg.keep"));
        assert!(needed_keys.contains("cli_help.root.arg.store"));
        assert!(needed_keys.contains("cli_help.export.long_about"));
        assert!(needed_keys.contains("cli_help.value.path"));
        for lang in [Lang::Id, Lang::En] {
            let have = keys_of(lang);
            let missing: Vec<&String> = needed_keys.difference(&have).collect();
            assert!(
                missing.is_empty(),
                "{lang:?}: help texts missing from data/i18n/{}.toml: {missing:?}",
                lang.code()
            );
            // and nothing left over from a command or an argument that is gone
            let stale: Vec<&String> = have
                .iter()
                .filter(|k| !k.starts_with("cli_help.clap.") && !k.starts_with("cli_help.error."))
                .filter(|k| !needed_keys.contains(*k))
                .collect();
            assert!(
                stale.is_empty(),
                "{lang:?}: keys no command uses: {stale:?}"
            );
        }
    }

    #[test]
    fn no_command_takes_a_name_the_keys_or_clap_reserve() {
        for path in all_paths() {
            for name in &path {
                assert!(
                    ![
                        ROOT,
                        "clap",
                        "error",
                        "value",
                        "help",
                        "arg",
                        "arg_long",
                        "about",
                        "long_about"
                    ]
                    .contains(&name.as_str()),
                    "a command is called {name:?}: {path:?}"
                );
            }
        }
    }

    /// What the parser prints for `args` (help, or an error as `render` makes it).
    fn output(mut cmd: clap::Command, args: &[&str]) -> clap::Error {
        let mut argv = vec!["periksa"];
        argv.extend_from_slice(args);
        match cmd.try_get_matches_from_mut(argv) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_english_help_is_the_doc_comments_word_for_word() {
        let mut n = 0;
        for path in all_paths() {
            for flag in ["-h", "--help"] {
                let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
                args.push(flag);
                let today = output(Cli::command(), &args);
                let ours = output(command(Lang::En), &args);
                assert_eq!(ours.kind(), ErrorKind::DisplayHelp, "{args:?}");
                assert_eq!(
                    ours.apply::<English>().render().to_string(),
                    today.render().to_string(),
                    "{args:?}"
                );
                n += 1;
            }
        }
        assert!(n > 100, "{n}");
        // the built-in help subcommand too, and a few lines as they read today
        for args in [
            vec!["help", "help"],
            vec!["audit", "help", "help"],
            vec!["help", "export"],
        ] {
            let today = output(Cli::command(), &args).render().to_string();
            let ours = output(command(Lang::En), &args).render().to_string();
            assert_eq!(ours, today, "{args:?}");
        }
        let export = output(command(Lang::En), &["export", "-h"])
            .render()
            .to_string();
        for line in [
            "Export an audit for people: tables (csv, xlsx, json) or a draft report (md, html)",
            "Usage: periksa export [OPTIONS] --output <PATH> <AUDIT>",
            "Arguments:\n  <AUDIT>  The audit: its id, a unique prefix, or the short id `audit list` shows",
            "  -h, --help                    Print help (see more with '--help')",
            "      --passphrase-file <FILE>  Read the passphrase from the first line of this file",
        ] {
            assert!(export.contains(line), "{line:?} in:\n{export}");
        }
        let root = output(command(Lang::En), &["--help"]).render().to_string();
        assert!(
            root.contains(
                "Commands:\n  init         Create a new store with its first auditor profile"
            ),
            "{root}"
        );
        assert!(
            root.contains(
                "  help         Print this message or the help of the given subcommand(s)"
            ),
            "{root}"
        );
    }

    /// Usage errors of every kind the command line can meet.
    const MISTAKES: &[&[&str]] = &[
        &["audit", "answr"],
        &["export"],
        &["log", "--limit", "x"],
        &["log", "--limit", ""],
        &["log", "--limit", "-5"],
        &["log", "--limit", "99999999999999999999999"],
        &["completions", "fsh"],
        &["completions", "csh"],
        &["--no-such-flag"],
        &["--jsn"],
        &["audit", "answer", "a", "K-01", "--jawab", "ya"],
        &["audit", "answer", "a", "K-01", "--anser", "ya"],
        &["audit", "answer", "a", "K-01", "extra"],
        &["audit", "correct", "a", "K-01", "--reason", "x"],
        &[
            "audit",
            "correct",
            "a",
            "K-01",
            "--reason",
            "x",
            "--clear-answer",
            "--remove-evidence",
            "1",
        ],
        &[
            "export",
            "a",
            "-o",
            "x",
            "--passphrase",
            "--passphrase-file",
            "f",
        ],
        &["export", "a", "-o", "x", "--store", "a", "--store", "b"],
        &["export", "a", "-o"],
        &["audit", "--json"],
        &["--lang"],
        &["audit", "new", "--agency", "X"],
        &["json"],
        &["help", "nope"],
        &["rating", "add", "a", "--hasil", "above"],
    ];

    #[test]
    fn the_english_parse_errors_are_claps_word_for_word() {
        for args in MISTAKES {
            let today = output(Cli::command(), args);
            let ours = output(command(Lang::En), args);
            assert_eq!(ours.kind(), today.kind(), "{args:?}");
            assert!(ours.use_stderr(), "{args:?}");
            assert_eq!(
                ours.apply::<English>().render().to_string(),
                today.render().to_string(),
                "{args:?}"
            );
        }
    }

    #[test]
    fn the_indonesian_help_and_errors_have_no_english_of_claps() {
        let english = [
            "Usage:",
            "Commands:",
            "Options:",
            "Arguments:",
            "[OPTIONS]",
            "<COMMAND>",
            "[COMMAND]",
            "Print help",
            "Print version",
            "Print this message",
            "[default:",
            "[possible values:",
            "error:",
            "tip:",
            "For more information",
            "<PATH>",
            "<AUDIT>",
            "<FILE>",
        ];
        let mut texts = Vec::new();
        for path in all_paths() {
            for flag in ["-h", "--help"] {
                let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
                args.push(flag);
                let e = output(command(Lang::Id), &args);
                texts.push((args.join(" "), e.apply::<Indonesian>().render().to_string()));
            }
        }
        for args in MISTAKES {
            let e = output(command(Lang::Id), args);
            let text = e.apply::<Indonesian>().render().to_string();
            assert!(text.starts_with("kesalahan: "), "{args:?}: {text}");
            assert!(
                text.contains("Untuk keterangan lebih lanjut, coba '--help'."),
                "{text}"
            );
            texts.push((args.join(" "), text));
        }
        for (args, text) in &texts {
            for word in english {
                assert!(!text.contains(word), "`{args}`: {word:?} in:\n{text}");
            }
        }
        let export = output(command(Lang::Id), &["export", "-h"])
            .render()
            .to_string();
        for line in [
            "Ekspor pemeriksaan untuk dibaca orang: tabel (csv, xlsx, json) atau konsep laporan (md, html)",
            "Penggunaan: periksa export [OPSI] --output <JALUR> <PEMERIKSAAN>",
            "Argumen:\n  <PEMERIKSAAN>",
            "Opsi:\n",
            "  -h, --help                      Tampilkan bantuan (lebih lengkap dengan '--help')",
        ] {
            assert!(export.contains(line), "{line:?} in:\n{export}");
        }
        let init = output(command(Lang::Id), &["init", "-h"])
            .render()
            .to_string();
        assert!(init.contains("[bawaan: member]"), "{init}");
        let shell = output(command(Lang::Id), &["completions", "-h"])
            .render()
            .to_string();
        assert!(
            shell.contains("[pilihan: bash, elvish, fish, powershell, zsh]"),
            "{shell}"
        );
    }

    #[test]
    fn indonesian_errors_name_what_clap_found() {
        let say = |args: &[&str]| {
            output(command(Lang::Id), args)
                .apply::<Indonesian>()
                .render()
                .to_string()
        };
        let e = say(&["audit", "answr"]);
        assert!(
            e.contains("kesalahan: perintah 'answr' tidak dikenal"),
            "{e}"
        );
        assert!(
            e.contains("saran: ada perintah yang mirip: 'answer'"),
            "{e}"
        );
        assert!(
            e.contains("Penggunaan: periksa audit [OPSI] <PERINTAH>"),
            "{e}"
        );
        let e = say(&["export"]);
        assert!(
            e.contains(
                "argumen wajib berikut belum diberikan:\n  --output <JALUR>\n  <PEMERIKSAAN>"
            ),
            "{e}"
        );
        let e = say(&["log", "--limit", "x"]);
        assert!(
            e.contains("nilai 'x' tidak valid untuk '--limit <BATAS>': bukan bilangan bulat"),
            "{e}"
        );
        let e = say(&["completions", "fsh"]);
        assert!(
            e.contains("[pilihan: bash, elvish, fish, powershell, zsh]"),
            "{e}"
        );
        assert!(e.contains("ada nilai yang mirip: 'fish'"), "{e}");
        let e = say(&[
            "export",
            "a",
            "-o",
            "x",
            "--passphrase",
            "--passphrase-file",
            "f",
        ]);
        assert!(e.contains("tidak dapat dipakai bersama"), "{e}");
    }

    #[test]
    fn the_language_comes_from_lang_before_anything_else() {
        let args = |a: &[&str]| -> Vec<OsString> {
            std::iter::once("periksa")
                .chain(a.iter().copied())
                .map(OsString::from)
                .collect()
        };
        assert_eq!(
            lang_of(&args(&["--lang", "id", "export", "--help"])),
            Lang::Id
        );
        assert_eq!(lang_of(&args(&["export", "--lang=id"])), Lang::Id);
        assert_eq!(lang_of(&args(&["--lang", "en", "audit"])), Lang::En);
        assert_eq!(lang_of(&args(&["audit", "--lang=English"])), Lang::En);
        // a value after `--` is not the flag
        let after = lang_of(&args(&["--", "--lang", "id"]));
        assert_eq!(after, lang_of(&args(&[])));
    }

    #[test]
    fn completions_are_generated_in_either_language() {
        for lang in [Lang::Id, Lang::En] {
            let mut script = Vec::new();
            clap_complete::generate(
                clap_complete::Shell::Zsh,
                &mut completion_command(lang),
                "periksa",
                &mut script,
            );
            let script = String::from_utf8(script).unwrap();
            let about = match lang {
                Lang::Id => "Ekspor pemeriksaan untuk dibaca orang",
                Lang::En => "Export an audit for people",
            };
            assert!(script.contains(about), "{lang:?}");
        }
    }
}

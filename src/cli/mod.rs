//! The command line: parse, open the store, and hand each command to its family's module.
//!
//! Exit codes: 0 ok, 1 failure (one clear line on stderr), 2 usage. `--json` output is documented in
//! the README and kept stable. The grammar is in `args`, how anything is written in `output`; every
//! module names the app layer only (`tests/layers.rs`).

mod args;
mod audit;
mod checklist;
mod conflicts;
mod exchange;
mod finding;
mod help;
mod journal;
mod output;
mod people;
mod rating;
mod skm;
mod tlhp;
mod training;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use serde_json::json;

pub use args::{
    AgencyCmd, AuditCmd, ChecklistCmd, Cli, Command, ConflictCmd, FindingCmd, IdentityCmd,
    ProfileCmd, RatingCmd, RosterCmd, Secret,
};
use output::{profile_json, w, wjson, Out};
use people::warn_nip;

use crate::app::{self, App, AppError};
use crate::domain::phase::Role;
use crate::text::{Lang, Strings};

/// Parse arguments, run, and turn the outcome into an exit code.
pub fn main() -> ExitCode {
    // help and clap's own errors in the user's language (`help`)
    let parsed = match help::parse(std::env::args_os()) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    if let Some(Command::Completions { shell }) = parsed.cli.command {
        return parsed.completions(shell);
    }
    let cli = parsed.cli;
    // a bad --lang is refused by `run`, in the language of the environment
    let t = Strings::of(cli_lang(&cli.lang).unwrap_or_else(|_| Lang::from_env()));
    let mut out = std::io::stdout().lock();
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        // the reader went away (`periksa log | head`): not an error of ours
        Err(AppError::File { path, source })
            if path == "stdout" && source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = out.flush();
            eprintln!("{}", t.f("cli.error", &[("message", &e.message(t))]));
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

/// Whether both stdin and stdout are a terminal (only then does the terminal UI open).
pub(super) fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Language and theme of the terminal UI from the flags and the environment.
fn tui_options(
    lang: &Option<String>,
    theme: &Option<String>,
    keys: &Option<PathBuf>,
) -> Result<crate::tui::Options, AppError> {
    use crate::tui::theme::Theme;
    let lang = cli_lang(lang)?;
    let t = Strings::of(lang);
    let theme = match theme {
        Some(name) => Theme::load(name).map_err(|e| AppError::Invalid(e.message(t)))?,
        None if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => Theme::monochrome(),
        None => Theme::default_dark(),
    };
    // a key file named on the command line must be there; the default one only if it exists
    let key_file = keys.clone().or_else(|| {
        directories::ProjectDirs::from("id", "periksa", "periksa")
            .map(|d| d.config_dir().join("keys.toml"))
            .filter(|p| p.exists())
    });
    let keys = match key_file {
        Some(path) => crate::tui::keymap::Keymap::load(&path, &crate::tui::screens::layers())
            .map_err(|e| AppError::Invalid(e.message(t)))?,
        None => crate::tui::keymap::Keymap::default(),
    };
    Ok(crate::tui::Options { lang, theme, keys })
}

/// The language of the command line and the terminal UI: `--lang`, else the environment
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: English when they ask for it, Bahasa Indonesia otherwise).
fn cli_lang(lang: &Option<String>) -> Result<Lang, AppError> {
    match lang {
        Some(l) => Lang::parse(l).ok_or_else(|| app::said("error.cli.unknown_lang", &[("x", l)])),
        None => Ok(Lang::from_env()),
    }
}

fn store_dir(cli_store: &Option<PathBuf>) -> Result<PathBuf, AppError> {
    match cli_store {
        Some(d) => Ok(d.clone()),
        None => app::default_store_dir().ok_or_else(|| app::said("error.cli.no_home", &[])),
    }
}

fn open(dir: &Path, t: &Strings) -> Result<App, AppError> {
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    let mut last = None;
    let app = App::open_with(dir, &mut |r| {
        // a rebuild of the state after an update: how far it has got, on stderr
        let p = r.percent();
        let line = t.f("cli.rebuilding", &[("percent", &p)]);
        if tty {
            eprint!("\r{line}");
            if p == 100 {
                eprintln!();
            }
        } else if last.is_none_or(|l: u64| p / 25 > l / 25) {
            eprintln!("{line}");
        }
        last = Some(p);
    })?;
    for n in app.notices() {
        eprintln!(
            "{}",
            t.f("cli.notice", &[("message", &app::notice_message(n, t))])
        );
    }
    Ok(app)
}

pub(super) fn read_input(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|source| AppError::File {
        path: path.display().to_string(),
        source,
    })
}

pub(super) fn parse_role(s: &str) -> Result<Role, AppError> {
    Ok(Role::parse(s)?)
}

pub fn run(cli: Cli, out: Out<'_>) -> Result<(), AppError> {
    let json = cli.json;
    let t = Strings::of(cli_lang(&cli.lang)?);
    let Some(command) = cli.command else {
        let dir = store_dir(&cli.store)?;
        // a bad --lang, --theme or key file is named before anything else
        let opts = tui_options(&cli.lang, &cli.theme, &cli.keys)?;
        if !interactive() {
            return Err(app::said("error.cli.no_terminal", &[]));
        }
        return crate::tui::open_and_run(&dir, opts)?.close();
    };
    match command {
        Command::Identity(IdentityCmd::New { file }) => exchange::identity_new(&file, json, t, out),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "periksa", out);
            Ok(())
        }
        Command::Restore {
            file,
            secret,
            identity,
        } => {
            let dir = store_dir(&cli.store)?;
            exchange::restore(&dir, &file, &secret, identity, json, t, out)
        }
        Command::Init { name, nip, role } => {
            let dir = store_dir(&cli.store)?;
            let app = App::init(&dir, &name, nip.as_deref(), parse_role(&role)?)?;
            warn_nip(nip.as_deref(), t);
            let p = app.current_profile()?;
            if json {
                wjson(
                    out,
                    &json!({"store": dir, "device": app.device(), "profile": profile_json(&p)}),
                )
            } else {
                w(out, t.f("cli.init.created", &[("dir", &dir.display())]))?;
                w(out, t.f("cli.init.device", &[("device", &app.device())]))?;
                w(
                    out,
                    t.f(
                        "cli.init.profile",
                        &[("name", &p.name), ("role", &p.role.label_id())],
                    ),
                )
            }
        }
        Command::Demo => {
            let dir = match &cli.store {
                Some(d) => d.clone(),
                None => app::default_demo_dir()
                    .ok_or_else(|| app::said("error.cli.no_home_demo", &[]))?,
            };
            let summary = app::demo::fill(&dir)?;
            if json {
                return wjson(out, &summary.to_json());
            }
            if interactive() {
                let opts = tui_options(&cli.lang, &cli.theme, &cli.keys)?;
                return crate::tui::open_and_run(&dir, opts)?.close();
            }
            for line in summary.lines_in(t) {
                w(out, line)?;
            }
            w(out, t.t("cli.demo.no_terminal"))
        }
        Command::Checklist(ChecklistCmd::Validate { files }) => {
            checklist::validate_files(&files, json, t, out)
        }
        other => {
            let dir = store_dir(&cli.store)?;
            let mut app = open(&dir, t)?;
            dispatch(&mut app, other, json, t, out)
        }
    }
}

fn dispatch(
    app: &mut App,
    command: Command,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match command {
        Command::Profile(cmd) => people::profile(app, cmd, json, t, out),
        Command::Roster(cmd) => people::roster(app, cmd, json, t, out),
        Command::Agency(cmd) => people::agency(app, cmd, json, t, out),
        Command::Checklist(cmd) => checklist::checklist_cmd(app, cmd, json, t, out),
        Command::Audit(cmd) => audit::audit(app, cmd, json, t, out),
        Command::Finding(cmd) => finding::finding(app, cmd, json, t, out),
        Command::Rating(cmd) => rating::rating(app, cmd, json, t, out),
        Command::Skm(cmd) => skm::skm(app, cmd, json, t, out),
        Command::Log {
            audit,
            actor,
            kind,
            since,
            until,
            limit,
        } => journal::log(
            app,
            journal::LogQuery {
                audit,
                actor,
                kind,
                since,
                until,
                limit,
            },
            json,
            t,
            out,
        ),
        Command::Export {
            audit,
            format,
            output,
            secret,
            encrypt_to,
            delimiter,
            report_settings,
        } => {
            let bundle = match format.as_deref() {
                Some(f) => f.eq_ignore_ascii_case("bundle") || f.eq_ignore_ascii_case("periksa"),
                None => output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("periksa")),
            };
            if bundle {
                let seal = exchange::seal_of(&secret, encrypt_to, t)?;
                exchange::export_bundle(app, &audit, &output, &seal, json, t, out)
            } else {
                if secret.passphrase || secret.passphrase_file.is_some() || !encrypt_to.is_empty() {
                    return Err(app::said("error.cli.encrypt_only_bundle", &[]));
                }
                let delimiter = match delimiter.as_deref() {
                    Some(d) => app::Delimiter::parse(d)
                        .ok_or_else(|| app::said("error.cli.unknown_delimiter", &[("x", &d)]))?,
                    None => app::csv_delimiter_for(t.lang),
                };
                let run = exchange::ExportRun {
                    audit: &audit,
                    format: format.as_deref(),
                    output: &output,
                    options: app::ExportOptions {
                        delimiter,
                        report_settings,
                    },
                };
                exchange::export(app, &run, json, t, out)
            }
        }
        Command::Import {
            file,
            secret,
            identity,
            audit,
            apply,
            force_stale,
        } => {
            // What the file is decides what reads it.
            if app::is_spreadsheet(&file) {
                let force = if force_stale {
                    app::ForceStale::All
                } else {
                    app::ForceStale::None
                };
                let run = exchange::SheetRun {
                    audit: audit.as_deref(),
                    apply,
                    force,
                };
                exchange::sheet_import(app, &file, &run, json, t, out)
            } else {
                if apply || audit.is_some() || force_stale {
                    return Err(app::said(
                        "error.cli.sheet_flags",
                        &[("file", &file.display())],
                    ));
                }
                exchange::import(app, &file, &secret, identity, json, t, out)
            }
        }
        Command::Conflicts { audit, action } => {
            conflicts::conflicts(app, audit.as_deref(), action, json, t, out)
        }
        Command::Backup { dir, secret } => exchange::backup(app, &dir, &secret, json, t, out),
        Command::Codes { table } => finding::codes(app, table.as_deref(), json, t, out),
        Command::Tlhp {
            agency,
            year,
            semester,
            status,
            overdue,
            recap,
            output,
            report_settings,
        } => tlhp::tlhp(
            app,
            tlhp::TlhpQuery {
                agency,
                year,
                semester,
                status,
                overdue,
                recap,
                output,
                report_settings,
            },
            json,
            t,
            out,
        ),
        Command::Training {
            agency,
            period,
            output,
            report_settings,
        } => training::training(
            app,
            training::TrainingQuery {
                agency,
                period,
                output,
                report_settings,
            },
            json,
            t,
            out,
        ),
        Command::Verify => journal::verify(app, json, t, out),
        Command::Rebuild => journal::rebuild(app, json, t, out),
        Command::Init { .. }
        | Command::Demo
        | Command::Completions { .. }
        | Command::Identity(_)
        | Command::Restore { .. } => Ok(()),
    }
}

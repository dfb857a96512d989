//! `periksa-testkit`: the test data generators, kept out of the user's `periksa` binary.
//!
//! `torture` is the scripted session the SIGKILL crash tests kill (tests/crash.rs,
//! scripts/crash-harness); `scale` fills a new store with a generated, back-dated history for the
//! measurements (PERFORMANCE.md). Built only with the `testkit` feature:
//! `cargo build --features testkit --bin periksa-testkit` (`cargo test` and `cargo bench` build it
//! on their own).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use periksa::app::{self, AppError};

#[derive(Parser, Debug)]
#[command(
    name = "periksa-testkit",
    version,
    about = "Test data generators for Periksa's crash tests and benchmarks (not for real stores)"
)]
struct Cli {
    /// The store to work on; required: these commands never touch the default store
    #[arg(long, global = true, env = "PERIKSA_STORE", value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Crash-consistency harness (for tests): a long deterministic scripted session that prints
    /// `ack <n> <what>` after each durable save
    Torture {
        /// Seed of the script
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Length of the script in saves (a store part-way through it carries on)
        #[arg(long, default_value_t = 10_000)]
        saves: usize,
    },
    /// Fill a new store with a generated history for measurement: ASN roster, agencies, a 500-item
    /// checklist, audits with answers, edits, findings, follow-ups and ratings (deterministic)
    Scale {
        /// Events in all; employees = events/10 (max 100,000), audits = events/1,000 (max 1,000)
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
        /// Seed of the generated data
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut out = std::io::stdout().lock();
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<(), AppError> {
    match cli.command {
        Command::Torture { seed, saves } => {
            let dir = cli.store.ok_or_else(|| {
                AppError::Invalid(
                    "torture runs a scripted session on a store of its own: name it with --store DIR"
                        .into(),
                )
            })?;
            app::torture::run(&dir, seed, saves, out)
        }
        Command::Scale { events, seed } => {
            // never the default store: this fills a store with made-up data for measurement
            let dir = cli.store.ok_or_else(|| {
                AppError::Invalid(
                    "scale fills a new store with generated data: name it with --store DIR".into(),
                )
            })?;
            let spec = app::scale::Spec::for_events(events, seed);
            let mut last = 0;
            let filled = app::scale::run(&dir, spec, |n| {
                if n >= last + 100_000 {
                    last = n;
                    eprintln!("{n} events saved");
                }
            })?;
            writeln!(
                out,
                "{}: {} events, {} ASN, {} audits of a {}-item checklist",
                dir.display(),
                filled.events,
                filled.employees,
                filled.audits,
                spec.items
            )
            .map_err(|source| AppError::File {
                path: "stdout".into(),
                source,
            })
        }
    }
}

//! The command line: clap definitions and their dispatch onto the application layer.
//!
//! Exit codes: 0 ok, 1 failure (one clear line on stderr), 2 usage. `--json` output is documented in
//! the README and kept stable.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use serde_json::{json, Value};

use crate::app::{self, describe, App, AppError, ImportReport, NewAudit, NewFinding, NewRating};
use crate::domain::date::parse_date;
use crate::domain::model::{Employee, Finding, Profile, Rating};
use crate::domain::phase::Role;
use crate::domain::rating::{DistributionRules, OrgPredikat, PredikatCounts};
use crate::exchange::checklist;
use crate::present::{date_id, datetime_id, field_label, field_value, percent_id, short_id};
use crate::store::event::{short_hash, Event, Kind};
use crate::store::EventFilter;
use crate::tui::i18n::Strings;
use age::secrecy::SecretString;

#[derive(Parser, Debug)]
#[command(
    name = "periksa",
    version,
    about = "Periksa — audit checklists, findings (temuan) and ASN rating recommendations for APIP teams, offline",
    propagate_version = true
)]
pub struct Cli {
    /// Store directory (default: the platform data directory, e.g. ~/.local/share/periksa/store)
    #[arg(long, global = true, env = "PERIKSA_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Machine-readable output: JSON for list/show, JSON lines for `log`
    #[arg(long, global = true)]
    pub json: bool,
    /// Language of the terminal UI: id (Bahasa Indonesia) or en; default from LANG. Also the
    /// language of the `conflicts` listing, which is in English unless this is given
    #[arg(long, global = true, value_name = "id|en")]
    pub lang: Option<String>,
    /// Theme of the terminal UI: dark, light, high-contrast, or a theme file (NO_COLOR is honoured)
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub theme: Option<String>,
    /// Key bindings of the terminal UI: a TOML file that rebinds actions (see data/keys.toml;
    /// default: keys.toml in the configuration directory, e.g. ~/.config/periksa, if it exists)
    #[arg(long, global = true, env = "PERIKSA_KEYS", value_name = "FILE")]
    pub keys: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new store with its first auditor profile
    Init {
        /// Auditor's full name
        #[arg(long)]
        name: String,
        /// Auditor's NIP (18 digits, spaces allowed)
        #[arg(long)]
        nip: Option<String>,
        /// Usual role in the review chain: member|lead|technical|quality
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Auditor profiles on this laptop; every change names the profile that made it
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Fill a store (default: a `demo` store beside the default one) with sample data, then open it
    Demo,
    /// The ASN roster
    #[command(subcommand)]
    Roster(RosterCmd),
    /// Agencies (OPD)
    #[command(subcommand)]
    Agency(AgencyCmd),
    /// Checklist templates
    #[command(subcommand)]
    Checklist(ChecklistCmd),
    /// Audits (pemeriksaan)
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Findings (temuan)
    #[command(subcommand)]
    Finding(FindingCmd),
    /// Rating recommendations for ASN
    #[command(subcommand)]
    Rating(RatingCmd),
    /// Export an audit for people: tables (csv, xlsx, json) or a draft report (md, html)
    #[command(long_about = "Export an audit for people.\n\n\
        csv, xlsx and json hold four tables with one documented schema (docs/EXPORT.md): \
        ringkasan (the audit summary), jawaban (every checklist item and its response), temuan \
        (findings with their five elements and follow-up) and rekomendasi (rating \
        recommendations per ASN). csv writes a folder with one UTF-8 file per table; xlsx one \
        sheet per table, with NIPs as text and dates as dates; json one object.\n\n\
        md and html write a draft report (konsep LHP) in Bahasa Indonesia; the html page is \
        self-contained and prints on A4.\n\n\
        bundle (or a .periksa file name) writes a findings file for another laptop: the \
        audit's events, signed with this laptop's key, to be merged with `periksa import`. It \
        holds names and NIPs: encrypt it with --passphrase or --encrypt-to.\n\n\
        Files are written under a temporary name and renamed into place when complete, so an \
        existing file is replaced only by a whole new one.")]
    Export {
        /// The audit: its id, a unique prefix, or the short id `audit list` shows
        audit: String,
        /// csv, xlsx, json, md, html or bundle; default: from the extension of --output
        #[arg(long, short, value_name = "FORMAT")]
        format: Option<String>,
        /// Where to write: a folder for csv (created if missing), a file otherwise
        #[arg(long, short, value_name = "PATH")]
        output: PathBuf,
        #[command(flatten)]
        secret: Secret,
        /// Encrypt the findings file to this age recipient (age1…; repeat for several)
        #[arg(long, value_name = "RECIPIENT")]
        encrypt_to: Vec<String>,
    },
    /// Import a file: a findings file (.periksa) from another laptop, or an export edited in a spreadsheet
    #[command(
        long_about = "Import a file into the store: what the file is decides what happens.\n\n\
        A findings file (.periksa) from another laptop is merged. The signature and every hash \
        chain are checked first, and the file is compared with this store's own copies of the \
        same chains; a file that fails any check is refused and the store is left untouched. \
        Only events this store lacks are added, in one save, with a record of the import in the \
        trail. Importing the same file twice changes nothing; files can be merged in any order \
        with the same result. Records changed on two laptops from the same starting point are \
        listed by `periksa conflicts`.\n\n\
        An export made by `periksa export AUDIT --format xlsx|csv` and edited in a spreadsheet \
        (the workbook, one of its CSV tables, or the CSV folder) is compared with its audit: \
        the rows added, changed (with each changed column, old → new) and unchanged in \
        jawaban, temuan and rekomendasi. Nothing is saved without --apply; with it, each change \
        is one event attributed to the current profile, all in one save, and only when no row \
        has a problem. Rows missing from the file are left as they are. A row whose record \
        changed in Periksa after the file was exported (its versi column is no longer the \
        record's) and that differs from the record is stale: it is listed apart, with who made \
        the newer change and when, and left out unless --force-stale is given. See \
        docs/EXPORT.md."
    )]
    Import {
        /// FILE.periksa; or FILE.xlsx, a table FILE.csv, or the folder `export --format csv` wrote
        file: PathBuf,
        #[command(flatten)]
        secret: Secret,
        /// The age identity file that opens a findings file encrypted to you (`periksa identity new`)
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Spreadsheets: the audit the file was exported from (default: the one the file names)
        #[arg(long)]
        audit: Option<String>,
        /// Spreadsheets: save the changes; without it, only the diff is shown
        #[arg(long)]
        apply: bool,
        /// Spreadsheets: apply the stale rows too (rows that undo a change made in Periksa after
        /// the export)
        #[arg(long)]
        force_stale: bool,
    },
    /// Records changed on two laptops from the same starting point, and settling them
    Conflicts {
        /// Only conflicts of this audit
        #[arg(long)]
        audit: Option<String>,
        #[command(subcommand)]
        action: Option<ConflictCmd>,
    },
    /// age identities for encrypted findings files
    #[command(subcommand)]
    Identity(IdentityCmd),
    /// Back the whole store up as one signed findings file in DIR, checked after writing
    Backup {
        /// The folder to write the backup file into (created if missing)
        dir: PathBuf,
        #[command(flatten)]
        secret: Secret,
    },
    /// Make a new store (--store DIR, which must not hold one) from a backup file
    Restore {
        file: PathBuf,
        #[command(flatten)]
        secret: Secret,
        /// The age identity file, for a findings file encrypted to you
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// The audit trail, newest first
    Log {
        /// Only events of this audit
        #[arg(long)]
        audit: Option<String>,
        /// Only events made by this profile (id, NIP or name)
        #[arg(long)]
        actor: Option<String>,
        /// Only events of this kind (e.g. response.recorded)
        #[arg(long)]
        kind: Option<String>,
        /// From this date (2027-01-15, 15/01/2027, 15 Januari 2027, …)
        #[arg(long)]
        since: Option<String>,
        /// Up to and including this date (same forms as --since)
        #[arg(long)]
        until: Option<String>,
        /// At most this many events
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Check every hash chain, the indexes and the projections
    Verify,
    /// Re-derive the state database from the journal
    Rebuild,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
    /// Crash-consistency harness (for tests): a long deterministic scripted session that prints
    /// `ack <n> <what>` after each durable save
    #[command(hide = true)]
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
    #[command(hide = true)]
    Scale {
        /// Events in all; employees = events/10 (max 100,000), audits = events/1,000 (max 1,000)
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
        /// Seed of the generated data
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// A passphrase for encrypting or opening a findings file.
#[derive(clap::Args, Debug, Default)]
pub struct Secret {
    /// Use a passphrase: from $PERIKSA_PASSPHRASE, else asked on the terminal
    #[arg(long)]
    passphrase: bool,
    /// Read the passphrase from the first line of this file
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ConflictCmd {
    /// Settle a conflict: keep the version shown now, the other one named with --keep, or merge
    /// the texts with --merge-text
    Resolve {
        /// The conflict's id (as listed)
        conflict: String,
        /// Keep this version instead (the start of its hash, as listed)
        #[arg(long, value_name = "HASH")]
        keep: Option<String>,
        /// Settle a text conflict with merged texts: FILE is the text `conflicts draft` wrote,
        /// edited (or, when one text differs, just the merged text; `-` reads stdin). The
        /// record takes the shown version with these texts
        #[arg(long, value_name = "FILE", conflicts_with = "keep")]
        merge_text: Option<PathBuf>,
    },
    /// Print the text to edit for merging a conflict's texts: every version's text of each field
    /// they differ in, marked which is which (redirect it to a file, edit, then `resolve
    /// --merge-text FILE`)
    Draft {
        /// The conflict's id (as listed)
        conflict: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum IdentityCmd {
    /// Make a new age identity: the secret goes to FILE (keep it), the recipient is printed (share it)
    New { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ProfileCmd {
    /// Add an auditor profile
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        nip: Option<String>,
        /// member|lead|technical|quality
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Make a profile the current one (by id prefix, NIP or name)
    Use { profile: String },
    /// List profiles
    List,
}

#[derive(Subcommand, Debug)]
pub enum RosterCmd {
    /// Import ASN from CSV or XLSX (all-or-nothing unless --skip-invalid)
    ///
    /// An XLSX workbook is recognised by its content, whatever its name; its first sheet is read
    /// with the same rules as a CSV. Problems are listed as FILE:LINE (CSV) or FILE:SHEET!ROW
    /// (XLSX), then the column and the reason. The NIP column of a workbook must be text: a NIP
    /// stored as a number has already lost its last digits and is refused.
    Import {
        /// A CSV (UTF-8, comma, semicolon or tab) or an XLSX workbook
        file: PathBuf,
        #[arg(long)]
        skip_invalid: bool,
    },
    /// List ASN, optionally only those matching every word of --query
    List {
        #[arg(long, short)]
        query: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
pub enum AgencyCmd {
    /// Import agencies from CSV or XLSX (kode, nama, jenis, wilayah)
    ///
    /// Same rules as `roster import`: all-or-nothing unless --skip-invalid, every problem listed.
    Import {
        /// A CSV (UTF-8, comma, semicolon or tab) or an XLSX workbook (its first sheet)
        file: PathBuf,
        #[arg(long)]
        skip_invalid: bool,
    },
    /// List agencies
    List,
}

#[derive(Subcommand, Debug)]
pub enum ChecklistCmd {
    /// Check template files and report every problem as file:line:column: message
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Import template files into the store
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List templates in the store
    List,
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Start an audit; prints its id
    New {
        /// Agency code (kode OPD)
        #[arg(long)]
        agency: String,
        /// Checklist template id
        #[arg(long)]
        checklist: String,
        #[arg(long)]
        title: String,
        /// Assignment letter number (nomor surat tugas)
        #[arg(long)]
        letter: Option<String>,
        /// Period, e.g. 2026, 2026-S1, 2026-Q3, 2026-07
        #[arg(long)]
        period: Option<String>,
    },
    /// List audits
    List,
    /// Show an audit with every item, its answer and note
    Show { audit: String },
    /// The completeness check before review and final: unanswered items, missing evidence,
    /// numbers out of range, findings without ASN or due date, open conflicts, stale sign-offs
    /// (exit 1 when something blocks final)
    Check {
        audit: String,
        /// Completeness rules file (default: the store's, else data/rules/kelengkapan.toml)
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
    /// Record the answer, note and evidence of one item
    Answer {
        audit: String,
        item: String,
        /// compliant|partial|noncompliant|na (sesuai|sebagian|tidak-sesuai|tidak-berlaku), 1-5, ya|tidak, or a number
        #[arg(long)]
        answer: Option<String>,
        /// Observation (replaces the previous note)
        #[arg(long)]
        note: Option<String>,
        /// Evidence file: its name and SHA-256 are recorded, the file is not copied
        #[arg(long)]
        evidence: Vec<PathBuf>,
    },
    /// Move to the next phase (planning → fieldwork → review → final); reopening a final audit needs --reason
    Advance {
        audit: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Sign the audit's current state as the current profile in a role of the review chain
    Sign {
        audit: String,
        /// member|lead|technical|quality
        #[arg(long)]
        role: String,
    },
    /// Withdraw your own sign-off in a role, while no later role has signed
    Unsign {
        audit: String,
        /// member|lead|technical|quality
        #[arg(long)]
        role: String,
        /// Why the sign-off is withdrawn (kept in the trail)
        #[arg(long)]
        reason: String,
    },
    /// Correct an item with a reason: clear its answer, or remove an evidence reference
    #[command(group(clap::ArgGroup::new("correction").required(true).args(["clear_answer", "remove_evidence"])))]
    Correct {
        audit: String,
        item: String,
        /// Clear the answer (the note and evidence stay)
        #[arg(long)]
        clear_answer: bool,
        /// Remove the evidence reference with this file name, number (1, 2, …) or SHA-256 prefix
        #[arg(long, value_name = "EVIDENCE")]
        remove_evidence: Option<String>,
        /// Why (kept in the trail)
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum FindingCmd {
    /// Raise a finding with its five elements
    Add {
        audit: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        kondisi: String,
        #[arg(long)]
        kriteria: String,
        #[arg(long)]
        sebab: String,
        #[arg(long)]
        akibat: String,
        #[arg(long)]
        rekomendasi: String,
        /// Tanggapan auditan (the auditee's response)
        #[arg(long, default_value = "")]
        tanggapan: String,
        /// low|medium|high (rendah|sedang|tinggi)
        #[arg(long)]
        severity: String,
        /// NIP of an ASN involved (repeatable)
        #[arg(long)]
        nip: Vec<String>,
        /// Checklist item the finding rests on (repeatable)
        #[arg(long)]
        item: Vec<String>,
    },
    /// List the findings of an audit
    List { audit: String },
    /// Record the follow-up status: 1 sesuai, 2 belum sesuai, 3 belum ditindaklanjuti, 4 tidak dapat ditindaklanjuti
    FollowUp {
        finding: String,
        #[arg(long)]
        status: String,
        #[arg(long)]
        note: Option<String>,
        /// Due date (2027-01-15, 15/01/2027, 15 Januari 2027, …); default: final date + the
        /// follow-up deadline
        #[arg(long)]
        due: Option<String>,
    },
    /// Withdraw a finding: it leaves lists and exports, the trail keeps it
    Withdraw {
        finding: String,
        /// Why (kept in the trail)
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RatingCmd {
    /// Recommend a rating; prints the predikat derived from the matrix
    Add {
        audit: String,
        #[arg(long)]
        nip: String,
        /// Hasil kerja: above|meets|below (di-atas|sesuai|di-bawah)
        #[arg(long)]
        hasil: String,
        /// Perilaku kerja: above|meets|below
        #[arg(long)]
        perilaku: String,
        /// Period, e.g. 2026, 2026-S1
        #[arg(long)]
        period: String,
        #[arg(long, default_value = "")]
        justification: String,
        /// Note on a BerAKHLAK value, as VALUE=NOTE (e.g. akuntabel="…"), repeatable
        #[arg(long)]
        berakhlak: Vec<String>,
        /// Linked finding id (repeatable)
        #[arg(long)]
        finding: Vec<String>,
        /// Recommended follow-up: pembinaan|pelatihan|disiplin:<penalty>
        #[arg(long)]
        action: Option<String>,
        /// Replace the ASN's current recommendation for this period in this audit, saying why
        /// (without it, a second recommendation is refused)
        #[arg(long, value_name = "REASON")]
        replace: Option<String>,
    },
    /// Change a recommendation; what is not given stays as it is
    Edit {
        rating: String,
        #[arg(long)]
        hasil: Option<String>,
        #[arg(long)]
        perilaku: Option<String>,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        justification: Option<String>,
        /// Note on a BerAKHLAK value, as VALUE=NOTE; given at least once, it replaces all notes
        #[arg(long)]
        berakhlak: Vec<String>,
        /// Linked finding id; given at least once, it replaces the links
        #[arg(long)]
        finding: Vec<String>,
        #[arg(long)]
        action: Option<String>,
        /// Why (kept in the trail)
        #[arg(long)]
        reason: String,
    },
    /// Withdraw a recommendation: it leaves lists, checks and exports, the trail keeps it
    Withdraw {
        rating: String,
        /// Why (kept in the trail)
        #[arg(long)]
        reason: String,
    },
    /// List rating recommendations
    List {
        #[arg(long)]
        nip: Option<String>,
        #[arg(long)]
        audit: Option<String>,
    },
    /// Check an audit's recommendations against the distribution allowed by the organisation predikat
    Check {
        audit: String,
        /// istimewa|baik|butuh-perbaikan|kurang|sangat-kurang
        #[arg(long)]
        organisation: String,
        /// Distribution rules file (default: the built-in data/rules/distribusi_predikat.toml)
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
}

/// Parse arguments, run, and turn the outcome into an exit code.
pub fn main() -> ExitCode {
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
        // the reader went away (`periksa log | head`): not an error of ours
        Err(AppError::File { path, source })
            if path == "stdout" && source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

/// Whether both stdin and stdout are a terminal (only then does the terminal UI open).
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Language and theme of the terminal UI from the flags and the environment.
fn tui_options(
    lang: &Option<String>,
    theme: &Option<String>,
    keys: &Option<PathBuf>,
) -> Result<crate::tui::Options, AppError> {
    use crate::tui::i18n::Lang;
    use crate::tui::theme::Theme;
    let lang = match lang {
        Some(l) => Lang::parse(l)
            .ok_or_else(|| AppError::Invalid(format!("unknown language \"{l}\": use id or en")))?,
        None => Lang::from_env(),
    };
    let theme = match theme {
        Some(t) => Theme::load(t).map_err(|e| AppError::Invalid(e.to_string()))?,
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
            .map_err(|e| AppError::Invalid(e.to_string()))?,
        None => crate::tui::keymap::Keymap::default(),
    };
    Ok(crate::tui::Options { lang, theme, keys })
}

/// The sentences of the commands that read them from `data/i18n/` (the conflicts listing):
/// English, as the rest of the command line, unless `--lang` asks for another language.
fn cli_strings(lang: &Option<String>) -> Result<Strings, AppError> {
    use crate::tui::i18n::Lang;
    let lang = match lang {
        Some(l) => Lang::parse(l)
            .ok_or_else(|| AppError::Invalid(format!("unknown language \"{l}\": use id or en")))?,
        None => Lang::En,
    };
    Ok(Strings::load(lang))
}

fn store_dir(cli_store: &Option<PathBuf>) -> Result<PathBuf, AppError> {
    match cli_store {
        Some(d) => Ok(d.clone()),
        None => app::default_store_dir().ok_or_else(|| {
            AppError::Invalid("no home directory to keep the store in; pass --store DIR".into())
        }),
    }
}

fn open(dir: &Path) -> Result<App, AppError> {
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    let mut last = None;
    let app = App::open_with(dir, &mut |r| {
        // a rebuild of the state after an update: how far it has got, on stderr
        let p = r.percent();
        if tty {
            eprint!("\rrebuilding the state from the journal: {p}%");
            if p == 100 {
                eprintln!();
            }
        } else if last.is_none_or(|l: u64| p / 25 > l / 25) {
            eprintln!("rebuilding the state from the journal: {p}%");
        }
        last = Some(p);
    })?;
    for n in app.notices() {
        eprintln!("notice: {n}");
    }
    Ok(app)
}

fn read_input(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|source| AppError::File {
        path: path.display().to_string(),
        source,
    })
}

/// Reads a roster or agency file, refusing one over the size limit before reading it.
fn read_roster_file(path: &Path) -> Result<Vec<u8>, AppError> {
    use crate::exchange::roster::{RosterError, MAX_FILE_BYTES};
    let file_err = |source| AppError::File {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(file_err)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(RosterError::TooLarge {
            file: path.display().to_string(),
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_FILE_BYTES,
        }
        .into());
    }
    read_input(path)
}

fn parse_role(s: &str) -> Result<Role, AppError> {
    Role::parse(s).map_err(|e| AppError::Invalid(e.to_string()))
}

type Out<'a> = &'a mut dyn Write;

fn w(out: Out<'_>, s: impl AsRef<str>) -> Result<(), AppError> {
    writeln!(out, "{}", s.as_ref()).map_err(|source| AppError::File {
        path: "stdout".into(),
        source,
    })
}

fn wjson(out: Out<'_>, v: &Value) -> Result<(), AppError> {
    w(out, v.to_string())
}

pub fn run(cli: Cli, out: Out<'_>) -> Result<(), AppError> {
    let json = cli.json;
    let Some(command) = cli.command else {
        let dir = store_dir(&cli.store)?;
        // a bad --lang, --theme or key file is named before anything else
        let opts = tui_options(&cli.lang, &cli.theme, &cli.keys)?;
        if !interactive() {
            return Err(AppError::Invalid(
                "the terminal UI needs a terminal on stdin and stdout; use a subcommand (see `periksa --help`)".into(),
            ));
        }
        return crate::tui::open_and_run(&dir, opts)?.close();
    };
    match command {
        Command::Identity(IdentityCmd::New { file }) => identity_new(&file, json, out),
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
            let unseal = unseal_of(&secret, identity)?;
            let (app, r) = App::restore(&file, &dir, &unseal)?;
            let p = app.current_profile()?;
            if json {
                return wjson(
                    out,
                    &json!({"store": dir, "device": app.store().device(), "profile": profile_json(&p),
                        "events": r.added, "stubs": r.stubs}),
                );
            }
            w(
                out,
                format!(
                    "restored {} events ({} stubs) from {} (key {}) into a new store at {}",
                    r.added,
                    r.stubs,
                    r.sender_name,
                    r.sender_key,
                    dir.display()
                ),
            )?;
            w(
                out,
                format!(
                    "this laptop now signs as a new device {}; auditor profile: {} ({})",
                    app.store().device(),
                    p.name,
                    p.role.label_id()
                ),
            )
        }
        Command::Init { name, nip, role } => {
            let dir = store_dir(&cli.store)?;
            let app = App::init(&dir, &name, nip.as_deref(), parse_role(&role)?)?;
            warn_nip(nip.as_deref());
            let p = app.current_profile()?;
            if json {
                wjson(
                    out,
                    &json!({"store": dir, "device": app.store().device(), "profile": profile_json(&p)}),
                )
            } else {
                w(out, format!("store created at {}", dir.display()))?;
                w(out, format!("device {}", app.store().device()))?;
                w(
                    out,
                    format!("auditor profile: {} ({})", p.name, p.role.label_id()),
                )
            }
        }
        Command::Demo => {
            let dir = match &cli.store {
                Some(d) => d.clone(),
                None => app::default_demo_dir().ok_or_else(|| {
                    AppError::Invalid(
                        "no home directory for the demo store; pass --store DIR".into(),
                    )
                })?,
            };
            let summary = app::demo::fill(&dir)?;
            if json {
                return wjson(out, &summary.to_json());
            }
            if interactive() {
                let opts = tui_options(&cli.lang, &cli.theme, &cli.keys)?;
                return crate::tui::open_and_run(&dir, opts)?.close();
            }
            for line in summary.lines() {
                w(out, line)?;
            }
            w(
                out,
                "(the terminal UI opens when stdin and stdout are a terminal)",
            )
        }
        Command::Checklist(ChecklistCmd::Validate { files }) => validate_files(&files, json, out),
        Command::Torture { seed, saves } => {
            app::torture::run(&store_dir(&cli.store)?, seed, saves, out)
        }
        Command::Scale { events, seed } => {
            // never the default store: this fills a store with made-up data for measurement
            let dir = cli.store.clone().ok_or_else(|| {
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
            w(
                out,
                format!(
                    "{}: {} events, {} ASN, {} audits of a {}-item checklist",
                    dir.display(),
                    filled.events,
                    filled.employees,
                    filled.audits,
                    spec.items
                ),
            )
        }
        other => {
            let t = cli_strings(&cli.lang)?;
            let dir = store_dir(&cli.store)?;
            let mut app = open(&dir)?;
            dispatch(&mut app, other, json, &t, out)
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
        Command::Profile(cmd) => profile(app, cmd, json, out),
        Command::Roster(cmd) => roster(app, cmd, json, out),
        Command::Agency(cmd) => agency(app, cmd, json, out),
        Command::Checklist(cmd) => checklist_cmd(app, cmd, json, out),
        Command::Audit(cmd) => audit(app, cmd, json, out),
        Command::Finding(cmd) => finding(app, cmd, json, out),
        Command::Rating(cmd) => rating(app, cmd, json, out),
        Command::Log {
            audit,
            actor,
            kind,
            since,
            until,
            limit,
        } => {
            let mut filter = EventFilter::default();
            if let Some(a) = audit {
                filter.audit = Some(app.resolve_audit(&a)?.id);
            }
            if let Some(a) = actor {
                filter.actor = Some(app.find_profile(&a)?.id);
            }
            if let Some(k) = kind {
                filter.kind = Some(Kind::from_code(k.trim()).ok_or_else(|| {
                    AppError::Invalid(format!(
                        "unknown event kind \"{k}\"; kinds: {}",
                        Kind::ALL.map(|k| k.code()).join(", ")
                    ))
                })?);
            }
            let since = since.map(|s| parse_date(&s).map(|d| (s, d))).transpose()?;
            let until = until.map(|u| parse_date(&u).map(|d| (u, d))).transpose()?;
            if let (Some((s, from)), Some((u, to))) = (&since, &until) {
                if to < from {
                    return Err(AppError::Usage(format!(
                        "--since {s:?} ({}) is later than --until {u:?} ({}): no event falls \
                         between them; swap the two dates",
                        date_id(*from),
                        date_id(*to)
                    )));
                }
            }
            let (since, until) = (since.map(|(_, d)| d), until.map(|(_, d)| d));
            (filter.since_ms, filter.until_ms) = app::DateRange {
                from: since,
                to: until,
            }
            .bounds_ms();
            let mut keys: std::collections::HashMap<crate::domain::Id, String> = Default::default();
            for e in app.log(&filter, limit)? {
                let key = match keys.get(&e.body.device) {
                    Some(k) => k.clone(),
                    None => {
                        let k = app
                            .device_label(&e.body.device)?
                            .map(|(_, fp)| fp)
                            .unwrap_or_else(|| "unknown".into());
                        keys.insert(e.body.device, k.clone());
                        k
                    }
                };
                if json {
                    let mut v = event_json(app, &e);
                    v["device_key"] = Value::String(key);
                    wjson(out, &v)?;
                } else {
                    w(
                        out,
                        format!(
                            "{}  {:<18}  {:<22}  key {}  {}",
                            datetime_id(e.at()),
                            e.kind().code(),
                            app.actor_name(&e.body.actor),
                            &key[..key.len().min(8)],
                            describe(&e)
                        ),
                    )?;
                }
            }
            Ok(())
        }
        Command::Export {
            audit,
            format,
            output,
            secret,
            encrypt_to,
        } => {
            let bundle = match format.as_deref() {
                Some(f) => f.eq_ignore_ascii_case("bundle") || f.eq_ignore_ascii_case("periksa"),
                None => output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("periksa")),
            };
            if bundle {
                export_bundle(app, &audit, &output, &secret, encrypt_to, json, out)
            } else {
                if secret.passphrase || secret.passphrase_file.is_some() || !encrypt_to.is_empty() {
                    return Err(AppError::Invalid(
                        "only findings files (--format bundle) are encrypted".into(),
                    ));
                }
                export(app, &audit, format.as_deref(), &output, json, out)
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
            if crate::exchange::roundtrip::is_spreadsheet(&file) {
                let force = if force_stale {
                    app::ForceStale::All
                } else {
                    app::ForceStale::None
                };
                sheet_import(app, &file, audit.as_deref(), apply, &force, json, out)
            } else {
                if apply || audit.is_some() || force_stale {
                    return Err(AppError::Invalid(format!(
                        "{}: --audit, --apply and --force-stale are for spreadsheets; a findings file is merged as a whole",
                        file.display()
                    )));
                }
                import(app, &file, &secret, identity, json, t, out)
            }
        }
        Command::Conflicts { audit, action } => {
            conflicts(app, audit.as_deref(), action, json, t, out)
        }
        Command::Backup { dir, secret } => {
            use crate::exchange::bundle::Seal;
            let seal = match passphrase(&secret, true)? {
                Some(p) => Seal::Passphrase(p),
                None => Seal::Plain,
            };
            let r = app.backup(&dir, &seal)?;
            if json {
                return wjson(
                    out,
                    &json!({"path": r.path, "bytes": r.bytes, "events": r.events, "stubs": r.stubs,
                        "devices": r.devices, "encrypted": r.encrypted, "checked": true}),
                );
            }
            w(
                out,
                format!(
                    "backup written and checked: {} ({} bytes, {} events, {} stubs, {} device(s){})",
                    r.path.display(),
                    r.bytes,
                    r.events,
                    r.stubs,
                    r.devices,
                    if r.encrypted { ", encrypted" } else { "" }
                ),
            )?;
            w(
                out,
                format!(
                    "restore it with `periksa --store NEWDIR restore {}`",
                    r.path.display()
                ),
            )
        }
        Command::Verify => {
            let r = app.verify()?;
            if json {
                wjson(
                    out,
                    &json!({
                        "ok": r.ok(),
                        "events": r.events,
                        "journal_bytes": r.journal_bytes,
                        "chains": r.chains.iter().map(|c| json!({
                            "device": c.device,
                            "key": app.device_label(&c.device).ok().flatten().map(|(_, fp)| fp),
                            "events": c.events,
                            "head": hex::encode(c.head), "broken_at": c.broken_at,
                        })).collect::<Vec<_>>(),
                        "problems": r.problems,
                    }),
                )?;
            } else {
                for c in &r.chains {
                    let status = match c.broken_at {
                        None => "verified".to_string(),
                        Some(n) => format!("BROKEN at event {n}"),
                    };
                    let key = app
                        .device_label(&c.device)?
                        .map_or_else(|| "unknown".into(), |(_, fp)| fp);
                    w(
                        out,
                        format!(
                            "device {} (key {key}): {} events, head {}: {status}",
                            c.device,
                            c.events,
                            short_hash(&c.head)
                        ),
                    )?;
                }
                for p in &r.problems {
                    w(out, format!("problem: {p}"))?;
                }
                if r.ok() {
                    w(
                        out,
                        format!(
                            "ok: {} events in {} chain(s), journal {} bytes, projections match the journal",
                            r.events,
                            r.chains.len(),
                            r.journal_bytes
                        ),
                    )?;
                }
            }
            if r.ok() {
                Ok(())
            } else {
                Err(AppError::Invalid(format!(
                    "verify found {} problem(s); the first: {}",
                    r.problems.len(),
                    r.problems.first().map(String::as_str).unwrap_or("")
                )))
            }
        }
        Command::Rebuild => {
            let saves = app.rebuild()?;
            if json {
                wjson(out, &json!({"saves": saves}))
            } else {
                w(
                    out,
                    format!("rebuilt the state from {saves} save(s) in the journal"),
                )
            }
        }
        Command::Init { .. }
        | Command::Demo
        | Command::Completions { .. }
        | Command::Identity(_)
        | Command::Restore { .. }
        | Command::Torture { .. }
        | Command::Scale { .. } => Ok(()),
    }
}

/// The passphrase the flags ask for, if any (`confirm`: ask twice when typed).
fn passphrase(secret: &Secret, confirm: bool) -> Result<Option<SecretString>, AppError> {
    if let Some(path) = &secret.passphrase_file {
        let text = std::fs::read_to_string(path).map_err(|source| AppError::File {
            path: path.display().to_string(),
            source,
        })?;
        let line = text.lines().next().unwrap_or("").to_string();
        if line.is_empty() {
            return Err(AppError::Invalid(format!(
                "{}: the first line (the passphrase) is empty",
                path.display()
            )));
        }
        return Ok(Some(SecretString::from(line)));
    }
    if !secret.passphrase {
        return Ok(None);
    }
    if let Ok(p) = std::env::var("PERIKSA_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(Some(SecretString::from(p)));
        }
    }
    if !interactive() {
        return Err(AppError::Invalid(
            "--passphrase: set PERIKSA_PASSPHRASE or use --passphrase-file FILE (no terminal to ask on)"
                .into(),
        ));
    }
    let first = crate::tui::read_secret("Passphrase: ").map_err(|source| AppError::File {
        path: "terminal".into(),
        source,
    })?;
    if first.is_empty() {
        return Err(AppError::Invalid("the passphrase is empty".into()));
    }
    if confirm
        && crate::tui::read_secret("Again: ").map_err(|source| AppError::File {
            path: "terminal".into(),
            source,
        })? != first
    {
        return Err(AppError::Invalid("the two passphrases differ".into()));
    }
    Ok(Some(SecretString::from(first)))
}

fn unseal_of(
    secret: &Secret,
    identity: Option<PathBuf>,
) -> Result<crate::exchange::bundle::Unseal, AppError> {
    use crate::exchange::bundle::Unseal;
    Ok(match (passphrase(secret, false)?, identity) {
        (Some(_), Some(_)) => {
            return Err(AppError::Invalid(
                "give either a passphrase or --identity, not both".into(),
            ))
        }
        (Some(p), None) => Unseal::Passphrase(p),
        (None, Some(f)) => Unseal::IdentityFile(f),
        (None, None) => Unseal::None,
    })
}

fn export_bundle(
    app: &App,
    audit: &str,
    output: &Path,
    secret: &Secret,
    encrypt_to: Vec<String>,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    use crate::exchange::bundle::Seal;
    let seal = match (passphrase(secret, true)?, encrypt_to.is_empty()) {
        (Some(_), false) => {
            return Err(AppError::Invalid(
                "give either a passphrase or --encrypt-to, not both".into(),
            ))
        }
        (Some(p), true) => Seal::Passphrase(p),
        (None, false) => Seal::Recipients(encrypt_to),
        (None, true) => Seal::Plain,
    };
    let r = app.export_bundle(audit, output, &seal)?;
    if json {
        return wjson(
            out,
            &json!({
                "format": "bundle", "path": r.path, "bytes": r.bytes, "events": r.events,
                "stubs": r.stubs, "devices": r.devices, "encrypted": r.encrypted,
            }),
        );
    }
    w(
        out,
        format!(
            "wrote {} ({} bytes): {} events and {} stubs from {} device(s), signed{}",
            r.path.display(),
            r.bytes,
            r.events,
            r.stubs,
            r.devices,
            if r.encrypted { ", encrypted" } else { "" }
        ),
    )?;
    if !r.encrypted {
        w(
            out,
            "note: the file is not encrypted and holds names and NIPs; use --passphrase or --encrypt-to for files that travel",
        )?;
    }
    Ok(())
}

fn import(
    app: &mut App,
    file: &Path,
    secret: &Secret,
    identity: Option<PathBuf>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let unseal = unseal_of(secret, identity)?;
    let r = app.import_bundle(file, &unseal)?;
    let conflicts: Vec<Value> = r.conflicts.iter().map(conflict_json).collect();
    if json {
        return wjson(
            out,
            &json!({
                "sender": r.sender_name, "sender_key": r.sender_key, "audit": r.audit,
                "audit_title": r.audit_title, "added": r.added, "stubs": r.stubs,
                "known": r.known, "by_kind": r.by_kind, "unread": r.unread,
                "conflicts": conflicts,
            }),
        );
    }
    use crate::store::event::Kind;
    if r.added == 0 && r.stubs == 0 {
        w(
            out,
            format!(
                "nothing new: this store already has all {} entries of the file from {} (key {})",
                r.known, r.sender_name, r.sender_key
            ),
        )?;
    } else {
        w(
            out,
            format!(
                "merged from {} (key {}), audit \"{}\": {} new events ({} responses, {} findings, {} finding edits, {} follow-ups, {} ratings), {} stubs; {} already here",
                r.sender_name,
                r.sender_key,
                r.audit_title,
                r.added,
                r.count(Kind::ResponseRecorded),
                r.count(Kind::FindingRaised),
                r.count(Kind::FindingUpdated),
                r.count(Kind::FollowUpRecorded),
                r.count(Kind::RatingRecommended),
                r.stubs,
                r.known
            ),
        )?;
    }
    if r.unread > 0 {
        w(out, t.f("exchange.unread", &[("n", &r.unread)]))?;
    }
    if r.conflicts.is_empty() {
        w(out, "no conflicts wait for review")?;
    } else {
        w(
            out,
            format!(
                "{} conflict(s) wait for review (`periksa conflicts`):",
                r.conflicts.len()
            ),
        )?;
        for c in &r.conflicts {
            conflict_lines(c, t, out)?;
        }
    }
    Ok(())
}

fn conflict_json(c: &crate::app::Conflict) -> Value {
    let v = |v: &crate::app::Version| {
        json!({
            "hash": hex::encode(v.hash), "device": v.device, "seq": v.seq, "by": v.actor,
            "at": v.at.to_rfc3339(), "summary": v.summary,
        })
    };
    let others: Vec<Value> = c
        .others
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut j = v(o);
            let differs: Vec<Value> = c.differences(i).iter().map(field_diff_json).collect();
            j["differs"] = Value::Array(differs);
            j
        })
        .collect();
    let merge: Vec<&str> = app::MergeDraft::of(c)
        .map(|d| d.fields.iter().map(|f| f.field.code()).collect())
        .unwrap_or_default();
    json!({
        "id": c.id, "audit": c.audit, "shown": v(&c.winner), "others": others,
        "merge_fields": merge,
    })
}

/// A field in which another version differs from the shown one: the values whole (words in
/// Bahasa Indonesia, as the summaries write them; dates as YYYY-MM-DD; nothing as null) and,
/// for texts, the part that differs.
fn field_diff_json(d: &app::FieldDiff) -> Value {
    let value = |v: &app::Value| match v {
        app::Value::Empty => Value::Null,
        app::Value::Text(s) => json!(s),
        app::Value::Word(id, _) => json!(id),
        app::Value::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
    };
    let parts = d.parts();
    json!({
        "field": d.field.code(),
        "shown": value(&d.this),
        "other": value(&d.other),
        "shown_part": parts.as_ref().map(|(a, _)| a.to_string()),
        "other_part": parts.as_ref().map(|(_, b)| b.to_string()),
    })
}

/// A conflict in text: each version on one line, the shown one first, and under each other
/// version the fields in which it differs from the shown one (for texts, the part that differs).
fn conflict_lines(c: &crate::app::Conflict, t: &Strings, out: Out<'_>) -> Result<(), AppError> {
    let line = |v: &crate::app::Version| {
        t.f(
            "cli_conflicts.version",
            &[
                ("hash", &short_hash(&v.hash)),
                ("who", &v.actor),
                ("at", &crate::present::datetime_id(v.at)),
                ("device", &crate::present::short_id(&v.device)),
                ("seq", &v.seq),
                ("summary", &v.summary),
            ],
        )
    };
    let (shown, other) = (t.t("cli_conflicts.shown"), t.t("cli_conflicts.other"));
    let label_w = shown.chars().count().max(other.chars().count());
    w(out, t.f("cli_conflicts.conflict", &[("id", &c.id)]))?;
    w(out, format!("  {shown:<label_w$}  {}", line(&c.winner)))?;
    for (i, o) in c.others.iter().enumerate() {
        w(out, format!("  {other:<label_w$}  {}", line(o)))?;
        let diffs = c.differences(i);
        let names: Vec<String> = diffs.iter().map(|d| field_label(d.field, t)).collect();
        let name_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        for (d, name) in diffs.iter().zip(&names) {
            let (a, b) = match d.parts() {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (field_value(&d.this, t), field_value(&d.other, t)),
            };
            let pad = " ".repeat(label_w + 4);
            w(out, format!("{pad}{name:<name_w$}  {shown:<label_w$}  {a}"))?;
            w(out, format!("{pad}{:<name_w$}  {other:<label_w$}  {b}", ""))?;
        }
    }
    if let Ok(d) = app::MergeDraft::of(c) {
        let names: Vec<String> = d.fields.iter().map(|f| field_label(f.field, t)).collect();
        w(
            out,
            format!(
                "  {}",
                t.f(
                    "cli_conflicts.can_merge",
                    &[("id", &c.id), ("fields", &names.join(", "))]
                )
            ),
        )?;
    }
    Ok(())
}

/// The merged text of `conflicts resolve --merge-text`: a file (at most 1 MiB of UTF-8), or
/// stdin for `-`.
fn read_merge_text(file: &Path) -> Result<String, AppError> {
    use std::io::Read;
    const MAX: u64 = 1 << 20;
    let name = file.display().to_string();
    let file_err = |source| AppError::File {
        path: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX + 1)
            .read_to_end(&mut bytes)
            .map_err(file_err)?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX + 1).read_to_end(&mut bytes))
            .map_err(file_err)?;
    }
    if bytes.len() as u64 > MAX {
        return Err(AppError::Invalid(format!(
            "{name}: a merged text over 1 MiB is not a merge of two texts; nothing was saved"
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        AppError::Invalid(format!(
            "{name}: not UTF-8 text; save the merged text as UTF-8 and try again"
        ))
    })
}

fn conflicts(
    app: &mut App,
    audit: Option<&str>,
    action: Option<ConflictCmd>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match action {
        Some(ConflictCmd::Draft { conflict }) => {
            let (c, d) = app.merge_draft(&conflict)?;
            let closing = t.f("merge.save_cli", &[("id", &c.id)]);
            let text = crate::present::merge_text(t, &c, &d, &closing);
            if json {
                return wjson(
                    out,
                    &json!({
                        "conflict": c.id,
                        "fields": d.fields.iter().map(|f| f.field.code()).collect::<Vec<_>>(),
                        "text": text,
                    }),
                );
            }
            w(out, text)
        }
        Some(ConflictCmd::Resolve {
            conflict,
            merge_text: Some(file),
            ..
        }) => {
            let text = read_merge_text(&file)?;
            let (c, fields) = app.resolve_conflict_merged(&conflict, &text)?;
            if json {
                return wjson(
                    out,
                    &json!({
                        "resolved": c.id,
                        "value": "merged",
                        "version": null,
                        "fields": fields.iter().map(|f| f.code()).collect::<Vec<_>>(),
                        "kept": null,
                    }),
                );
            }
            let names: Vec<String> = fields.iter().map(|f| field_label(*f, t)).collect();
            w(
                out,
                t.f(
                    "cli_conflicts.settled_merged",
                    &[
                        ("id", &c.id),
                        ("fields", &names.join(", ")),
                        ("hash", &short_hash(&c.winner.hash)),
                    ],
                ),
            )
        }
        Some(ConflictCmd::Resolve { conflict, keep, .. }) => {
            let c = app.resolve_conflict(&conflict, keep.as_deref())?;
            // the version whose value now stands: the one --keep named, else the shown one
            let chosen = keep
                .as_deref()
                .map(|k| k.trim().to_ascii_lowercase())
                .and_then(|k| {
                    c.others
                        .iter()
                        .chain(std::iter::once(&c.winner))
                        .find(|v| hex::encode(v.hash).starts_with(&k))
                })
                .unwrap_or(&c.winner);
            let is_shown = chosen.hash == c.winner.hash;
            if json {
                return wjson(
                    out,
                    &json!({
                        "resolved": c.id,
                        "value": if is_shown { "shown" } else { "other" },
                        "version": hex::encode(chosen.hash),
                        // the --keep argument as given: kept for one release, use "version"
                        "kept": keep,
                    }),
                );
            }
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("id", &c.id), ("hash", &short_hash(&chosen.hash))];
            w(
                out,
                if is_shown {
                    t.f("cli_conflicts.settled_shown", &args)
                } else {
                    t.f("cli_conflicts.settled_other", &args)
                },
            )
        }
        None => {
            let list = app.conflicts(audit)?;
            if json {
                return wjson(out, &Value::Array(list.iter().map(conflict_json).collect()));
            }
            if list.is_empty() {
                return w(out, t.t("cli_conflicts.none"));
            }
            for c in &list {
                conflict_lines(c, t, out)?;
            }
            w(out, t.t("cli_conflicts.settle_hint"))
        }
    }
}

fn identity_new(file: &Path, json: bool, out: Out<'_>) -> Result<(), AppError> {
    use age::secrecy::ExposeSecret;
    use std::io::Write as _;
    if file.exists() {
        return Err(AppError::Invalid(format!(
            "{} exists; an identity is never overwritten",
            file.display()
        )));
    }
    let (secret, public) = crate::exchange::bundle::new_identity();
    let io = |source| AppError::File {
        path: file.display().to_string(),
        source,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(file).map_err(io)?;
    writeln!(
        f,
        "# periksa age identity; public recipient: {public}\n{}",
        secret.expose_secret()
    )
    .and_then(|()| f.sync_all())
    .map_err(io)?;
    if json {
        return wjson(out, &json!({"identity": file, "recipient": public}));
    }
    w(
        out,
        format!(
            "wrote {} (keep it secret); your recipient, for `export --encrypt-to`: {public}",
            file.display()
        ),
    )
}

fn export(
    app: &App,
    audit: &str,
    format: Option<&str>,
    output: &Path,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    use crate::exchange::export::Format;
    let format = match format {
        Some(f) => Format::parse(f)?,
        None => output
            .extension()
            .and_then(|e| Format::parse(&e.to_string_lossy()).ok())
            .filter(|f| *f != Format::Csv)
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "{}: give --format csv|xlsx|json|md|html (the extension does not say)",
                    output.display()
                ))
            })?,
    };
    let report = app.export(audit, format, output)?;
    if json {
        return wjson(
            out,
            &json!({
                "format": format.code(),
                "bytes": report.bytes(),
                "files": report.files.iter().map(|f| json!({
                    "path": f.path,
                    "bytes": f.bytes,
                    "tables": f.tables.iter().map(|(t, n)| json!({"table": t, "rows": n})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            }),
        );
    }
    for f in &report.files {
        let tables = f
            .tables
            .iter()
            .map(|(t, n)| format!("{t} {n} {}", if *n == 1 { "row" } else { "rows" }))
            .collect::<Vec<_>>()
            .join(", ");
        w(
            out,
            format!("wrote {} ({} bytes): {tables}", f.path.display(), f.bytes),
        )?;
    }
    Ok(())
}

/// `import` of an edited export: the diff, and what was applied.
fn sheet_import(
    app: &mut App,
    file: &Path,
    audit: Option<&str>,
    apply: bool,
    force: &app::ForceStale,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    let r = app.import_sheet(file, audit, apply, force)?;
    if json {
        let row = |c: &app::RowChange| {
            json!({"row": c.row, "key": c.key, "title": c.title,
            "columns": c.columns.iter().map(|k| json!({"column": k.column, "old": k.old, "new": k.new})).collect::<Vec<_>>()})
        };
        let rows = |rows: &[app::RowChange]| rows.iter().map(row).collect::<Vec<_>>();
        let stale = |rows: &[app::StaleRow]| {
            rows.iter()
                .map(|s| {
                    let mut v = row(&s.change);
                    v["changed_by"] = json!(s.changed_by);
                    v["changed_at"] = json!(s.changed_at.to_rfc3339());
                    v["forced"] = json!(s.forced);
                    v
                })
                .collect::<Vec<_>>()
        };
        wjson(
            out,
            &json!({
                "file": r.file, "audit": r.audit, "audit_title": r.audit_title, "actor": r.actor,
                "applied": r.applied, "events": r.events, "changes": r.changes(),
                "stale": r.left_out(),
                "sheets": r.sheets.iter().map(|s| json!({
                    "sheet": s.sheet, "table": s.table, "added": rows(&s.added),
                    "changed": rows(&s.changed), "stale": stale(&s.stale),
                    "unchanged": s.unchanged, "not_in_file": s.not_in_file,
                })).collect::<Vec<_>>(),
                "notes": r.notes,
                "unversioned": r.unversioned,
                "problems": r.problems.iter().map(|p| json!({
                    "sheet": p.sheet, "row": p.row, "col": p.col, "column": p.column,
                    "reason": p.reason, "message": p.to_string(),
                })).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        w(
            out,
            format!(
                "{} → audit {} \"{}\" (as {})",
                r.file,
                short_id(&r.audit),
                app::one_line(&r.audit_title, 60),
                r.actor
            ),
        )?;
        for s in &r.sheets {
            let mut counts = Vec::new();
            for (n, what) in [
                (s.added.len(), "added"),
                (s.changed.len(), "changed"),
                (s.stale.len(), "stale"),
                (s.unchanged, "unchanged"),
            ] {
                if n > 0 {
                    counts.push(format!("{n} {what}"));
                }
            }
            if s.not_in_file > 0 {
                counts.push(format!("{} not in file, left as is", s.not_in_file));
            }
            if counts.is_empty() {
                counts.push("no rows".into());
            }
            w(out, format!("{}: {}", s.sheet, counts.join(", ")))?;
            for (mark, c) in s
                .added
                .iter()
                .map(|c| ("+", c))
                .chain(s.changed.iter().map(|c| ("~", c)))
            {
                w(
                    out,
                    format!(
                        "  {mark} R{} {} {}",
                        c.row,
                        c.key,
                        app::one_line(&c.title, 60)
                    ),
                )?;
                column_changes(&c.columns, out)?;
            }
        }
        let stale: Vec<(&app::SheetDiff, &app::StaleRow)> = r
            .sheets
            .iter()
            .flat_map(|s| s.stale.iter().map(move |row| (s, row)))
            .collect();
        if !stale.is_empty() {
            let forced = stale.iter().filter(|(_, row)| row.forced).count();
            let what = match (forced, stale.len() - forced) {
                (0, _) => "left out; --force-stale applies them".to_string(),
                (_, 0) => "applied all the same (--force-stale)".to_string(),
                (f, l) => format!("{f} applied all the same, {l} left out"),
            };
            w(
                out,
                format!(
                    "stale: {} row(s) would undo a change made in Periksa after this file was \
                     exported; {what}",
                    stale.len()
                ),
            )?;
            for (s, row) in stale {
                let c = &row.change;
                w(
                    out,
                    format!(
                        "  ! {}!R{} {} {}{}",
                        s.sheet,
                        c.row,
                        c.key,
                        app::one_line(&c.title, 60),
                        if row.forced { " (applied)" } else { "" }
                    ),
                )?;
                w(
                    out,
                    format!(
                        "      changed in Periksa after this file was exported: {}, {}",
                        row.changed_by,
                        datetime_id(row.changed_at)
                    ),
                )?;
                column_changes(&c.columns, out)?;
            }
        }
        for n in &r.notes {
            w(out, format!("note: {n}"))?;
        }
    }
    if !r.problems.is_empty() {
        return Err(AppError::Invalid(format!(
            "{} problem(s) in {}; nothing applied:\n{}",
            r.problems.len(),
            r.file,
            r.problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    if !json {
        let n = r.changes();
        let left_out = r.left_out();
        let mut line = if n == 0 && left_out == 0 {
            "nothing to change: the audit already holds every row of the file".to_string()
        } else if n == 0 {
            "nothing applied".to_string()
        } else if r.applied {
            format!(
                "applied {n} change(s): {} event(s) in one save, as {}",
                r.events, r.actor
            )
        } else {
            format!("dry run: {n} change(s) not saved; run again with --apply to save them")
        };
        if left_out > 0 {
            line.push_str(&format!(
                "; {left_out} stale row(s) left out: check them against the audit, and run again \
                 with --force-stale to apply them all the same"
            ));
        }
        w(out, line)?;
    }
    Ok(())
}

/// The changed cells of a row of the diff, one per line: old → new.
fn column_changes(columns: &[app::ColumnChange], out: Out<'_>) -> Result<(), AppError> {
    for k in columns {
        let (old, new) = app::one_line_change(&k.old, &k.new, 50);
        w(out, format!("      {}: \"{old}\" → \"{new}\"", k.column))?;
    }
    Ok(())
}

fn profile_json(p: &Profile) -> Value {
    json!({"id": p.id, "name": p.name, "nip": p.nip.as_ref().map(|n| n.as_str()), "role": p.role.code()})
}

/// On stderr, what roster import would warn about this NIP (the command has succeeded).
fn warn_nip(nip: Option<&str>) {
    for warning in nip.map(app::nip_warnings).unwrap_or_default() {
        eprintln!("warning: NIP {warning}");
    }
}

fn profile(app: &mut App, cmd: ProfileCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        ProfileCmd::Add { name, nip, role } => {
            let p = app.profile_add(&name, nip.as_deref(), parse_role(&role)?)?;
            warn_nip(nip.as_deref());
            if json {
                wjson(out, &profile_json(&p))
            } else {
                w(
                    out,
                    format!(
                        "added profile {} {} ({})",
                        short_id(&p.id),
                        p.name,
                        p.role.label_id()
                    ),
                )
            }
        }
        ProfileCmd::Use { profile } => {
            let p = app.profile_use(&profile)?;
            if json {
                wjson(out, &profile_json(&p))
            } else {
                w(
                    out,
                    format!("current profile: {} ({})", p.name, p.role.label_id()),
                )
            }
        }
        ProfileCmd::List => {
            let current = app.current_profile().ok().map(|p| p.id);
            let ps = app.profiles()?;
            if json {
                let list: Vec<Value> = ps
                    .iter()
                    .map(|p| {
                        let mut v = profile_json(p);
                        v["current"] = json!(Some(p.id) == current);
                        v
                    })
                    .collect();
                return wjson(out, &json!(list));
            }
            for p in ps {
                w(
                    out,
                    format!(
                        "{} {}  {:<30} {:<24} {}",
                        if Some(p.id) == current { "*" } else { " " },
                        short_id(&p.id),
                        p.name,
                        p.nip.as_ref().map(|n| n.to_string()).unwrap_or_default(),
                        p.role.label_id()
                    ),
                )?;
            }
            Ok(())
        }
    }
}

fn import_report(out: Out<'_>, what: &str, r: &ImportReport, json: bool) -> Result<(), AppError> {
    if json {
        return wjson(
            out,
            &json!({
                "added": r.added, "updated": r.updated, "unchanged": r.unchanged,
                "skipped": r.skipped.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                "warnings": r.warnings.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            }),
        );
    }
    for p in &r.warnings {
        w(out, format!("warning: {p}"))?;
    }
    for p in &r.skipped {
        w(out, format!("skipped: {p}"))?;
    }
    w(
        out,
        format!(
            "{what}: {} added, {} updated, {} unchanged, {} skipped",
            r.added,
            r.updated,
            r.unchanged,
            r.skipped.len()
        ),
    )
}

fn employee_json(e: &Employee) -> Value {
    json!({
        "nip": e.nip.as_str(), "name": e.name, "position": e.position, "rank": e.rank,
        "unit": e.unit, "agency": e.agency,
        "status": match e.kind { crate::domain::model::EmploymentKind::Pns => "PNS", crate::domain::model::EmploymentKind::Pppk => "PPPK" },
    })
}

fn roster(app: &mut App, cmd: RosterCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        RosterCmd::Import { file, skip_invalid } => {
            let bytes = read_roster_file(&file)?;
            let r = app.import_roster(&file.display().to_string(), &bytes, skip_invalid)?;
            import_report(out, "roster", &r, json)
        }
        RosterCmd::List { query, limit } => {
            let list = app.search_employees(query.as_deref(), limit)?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(employee_json).collect::<Vec<_>>()),
                );
            }
            for e in list {
                w(
                    out,
                    format!(
                        "{}  {:<36} {:<40} {:<12}",
                        e.nip, e.name, e.position, e.agency
                    ),
                )?;
            }
            Ok(())
        }
    }
}

fn agency(app: &mut App, cmd: AgencyCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        AgencyCmd::Import { file, skip_invalid } => {
            let bytes = read_roster_file(&file)?;
            let r = app.import_agencies(&file.display().to_string(), &bytes, skip_invalid)?;
            import_report(out, "agencies", &r, json)
        }
        AgencyCmd::List => {
            let list = app.store().agencies()?;
            if json {
                return wjson(
                    out,
                    &json!(list
                        .iter()
                        .map(|a| json!({"code": a.code, "name": a.name, "kind": a.kind, "region": a.region}))
                        .collect::<Vec<_>>()),
                );
            }
            for a in list {
                w(out, format!("{:<14} {:<60} {}", a.code, a.name, a.region))?;
            }
            Ok(())
        }
    }
}

fn checklist_cmd(
    app: &mut App,
    cmd: ChecklistCmd,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        ChecklistCmd::Validate { files } => validate_files(&files, json, out),
        ChecklistCmd::Import { files } => {
            for f in files {
                let bytes = read_input(&f)?;
                let (hash, t, new) = app.import_template(&f.display().to_string(), &bytes)?;
                if json {
                    wjson(
                        out,
                        &json!({"id": t.id, "version": t.version, "hash": hex::encode(hash), "items": t.item_count(), "new": new}),
                    )?;
                } else {
                    w(
                        out,
                        format!(
                            "{} {} ({} items, {}): {}",
                            t.id,
                            t.version,
                            t.item_count(),
                            short_hash(&hash),
                            if new {
                                "imported"
                            } else {
                                "already in the store"
                            }
                        ),
                    )?;
                }
            }
            Ok(())
        }
        ChecklistCmd::List => {
            let list = app.templates()?;
            if json {
                return wjson(
                    out,
                    &json!(list
                        .iter()
                        .map(|(h, t)| json!({
                            "id": t.id, "title": t.title, "version": t.version,
                            "hash": hex::encode(h), "sections": t.sections.len(), "items": t.item_count(),
                        }))
                        .collect::<Vec<_>>()),
                );
            }
            for (h, t) in list {
                w(
                    out,
                    format!(
                        "{:<26} {:<8} {:>3} items  {}  {}",
                        t.id,
                        t.version,
                        t.item_count(),
                        short_hash(&h),
                        t.title
                    ),
                )?;
            }
            Ok(())
        }
    }
}

/// `checklist validate` needs no store.
fn validate_files(files: &[PathBuf], json: bool, out: Out<'_>) -> Result<(), AppError> {
    let mut all = Vec::new();
    for f in files {
        let bytes = read_input(f)?;
        match checklist::parse_template(&f.display().to_string(), &bytes) {
            Ok(t) => {
                if !json {
                    w(
                        out,
                        format!("{}: ok ({}, {} items)", f.display(), t.id, t.item_count()),
                    )?;
                }
            }
            Err(diags) => all.extend(diags),
        }
    }
    if json {
        wjson(
            out,
            &json!(all
                .iter()
                .map(|d| json!({"file": d.file, "line": d.line, "column": d.column, "message": d.message}))
                .collect::<Vec<_>>()),
        )?;
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(AppError::Checklist(all))
    }
}

fn audit(app: &mut App, cmd: AuditCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        AuditCmd::New {
            agency,
            checklist,
            title,
            letter,
            period,
        } => {
            let a = app.new_audit(NewAudit {
                agency,
                checklist,
                title,
                letter,
                period,
            })?;
            if json {
                wjson(out, &json!({"id": a.id}))
            } else {
                w(out, a.id.to_string())
            }
        }
        AuditCmd::List => {
            let list = app.audits()?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(summary_json).collect::<Vec<_>>()),
                );
            }
            for s in list {
                let a = &s.audit;
                w(
                    out,
                    format!(
                        "{}  {:<10} {:<12} {:>3}/{:<3} skor {:<7} temuan {}/{}/{}  {}  {}",
                        short_id(&a.id),
                        a.phase.code(),
                        a.agency,
                        s.progress.looked_at,
                        s.progress.total,
                        s.compliance
                            .percent()
                            .map(percent_id)
                            .unwrap_or_else(|| "-".into()),
                        s.findings[2],
                        s.findings[1],
                        s.findings[0],
                        datetime_id(a.updated_at),
                        a.title
                    ),
                )?;
            }
            Ok(())
        }
        AuditCmd::Check { audit, rules } => {
            let a = app.resolve_audit(&audit)?;
            let c = app.completeness(&a.id.to_string(), rules.as_deref())?;
            let blocking = c.blocking().count();
            if json {
                let gaps: Vec<Value> = c
                    .gaps
                    .iter()
                    .map(|g| {
                        json!({
                            "kind": g.kind().key(),
                            "blocks_final": c.rules.blocks(g.kind()),
                            "message": app::gap_line(g),
                        })
                    })
                    .collect();
                wjson(
                    out,
                    &json!({"audit": a.id, "blocks_final": blocking > 0, "gaps": gaps}),
                )?;
            } else {
                w(
                    out,
                    format!(
                        "{}: {} gap(s), {} blocking final",
                        a.title,
                        c.gaps.len(),
                        blocking
                    ),
                )?;
                for g in &c.gaps {
                    let mark = if c.rules.blocks(g.kind()) {
                        "✗ blocks final"
                    } else {
                        "! warning     "
                    };
                    w(out, format!("  {mark}  {}", app::gap_line(g)))?;
                }
            }
            if blocking > 0 {
                return Err(AppError::Invalid(format!(
                    "{blocking} gap(s) block making the audit final"
                )));
            }
            Ok(())
        }
        AuditCmd::Show { audit } => {
            let v = app.audit_view(&audit)?;
            if json {
                let mut j = summary_json(&v.summary);
                j["items"] = json!(v
                    .items
                    .iter()
                    .map(|i| json!({
                        "section": i.section,
                        "code": i.item.code,
                        "text": i.item.text,
                        "weight": i.item.weight,
                        "evidence_required": i.item.evidence_required,
                        "answer": i.response.as_ref().and_then(|r| r.answer.as_ref()).map(|a| a.code()),
                        "note": i.response.as_ref().map(|r| r.note.as_str()).unwrap_or(""),
                        "evidence": i.response.as_ref().map(|r| r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>()).unwrap_or_default(),
                    }))
                    .collect::<Vec<_>>());
                j["findings"] = json!(v
                    .findings
                    .iter()
                    .map(|f| finding_json(f, v.followup_due(f)))
                    .collect::<Vec<_>>());
                j["ratings"] = json!(v.ratings.iter().map(rating_json).collect::<Vec<_>>());
                j["state_hash"] = json!(hex::encode(v.state_hash));
                j["signoffs"] = json!(v
                    .signoffs
                    .iter()
                    .map(|(role, s, fresh)| json!({
                        "role": role.code(),
                        "profile": s.as_ref().map(|s| s.profile),
                        "at": s.as_ref().map(|s| s.at.to_rfc3339()),
                        "status": match (s, fresh) { (None, _) => "missing", (Some(_), true) => "fresh", (Some(_), false) => "stale" },
                    }))
                    .collect::<Vec<_>>());
                return wjson(out, &j);
            }
            let s = &v.summary;
            let a = &s.audit;
            w(out, format!("{}  {}", a.id, a.title))?;
            w(out, format!("OPD: {} ({})", s.agency_name, a.agency))?;
            w(
                out,
                format!("checklist: {} ({})", s.template_title, a.template_id),
            )?;
            if let Some(l) = &a.letter {
                w(out, format!("surat tugas: {l}"))?;
            }
            if let Some(p) = &a.period {
                w(out, format!("periode: {}", p.label_id()))?;
            }
            w(
                out,
                format!("phase: {} ({})", a.phase.label_id(), a.phase.code()),
            )?;
            w(
                out,
                format!(
                    "progress: {}/{} items looked at; compliance: {}",
                    s.progress.looked_at,
                    s.progress.total,
                    match s.compliance.percent() {
                        Some(p) => format!("{} ({})", percent_id(p), s.compliance.explain()),
                        None => "- (nothing scored yet)".into(),
                    }
                ),
            )?;
            let mut section = String::new();
            for i in &v.items {
                if i.section != section {
                    section = i.section.clone();
                    w(out, format!("\n[{}] {}", i.section, i.section_title))?;
                }
                let (ans, note) = match &i.response {
                    Some(r) => (
                        r.answer
                            .as_ref()
                            .map(|a| a.label_id())
                            .unwrap_or_else(|| "-".into()),
                        r.note.clone(),
                    ),
                    None => ("-".into(), String::new()),
                };
                w(
                    out,
                    format!("  {:<8} {:<18} {}", i.item.code, ans, i.item.text),
                )?;
                if !note.is_empty() {
                    w(
                        out,
                        format!(
                            "           catatan: {}",
                            note.replace('\n', "\n                    ")
                        ),
                    )?;
                }
                if let Some(r) = &i.response {
                    for e in &r.evidence {
                        w(
                            out,
                            format!(
                                "           bukti: {} sha256:{}",
                                e.name,
                                hex::encode(e.sha256)
                            ),
                        )?;
                    }
                }
            }
            if !v.findings.is_empty() {
                w(out, "\ntemuan:")?;
                for f in &v.findings {
                    w(
                        out,
                        format!(
                            "  {} [{}] {} — tindak lanjut {}",
                            short_id(&f.id),
                            f.content.severity.label_id(),
                            f.content.title,
                            f.followup.status.number()
                        ),
                    )?;
                }
            }
            if !v.ratings.is_empty() {
                w(out, "\nrekomendasi predikat:")?;
                for r in &v.ratings {
                    w(
                        out,
                        format!(
                            "  {}  {}  {}",
                            r.content.nip,
                            r.content.period.label_id(),
                            r.predikat.label_id()
                        ),
                    )?;
                }
            }
            w(out, "\nsign-off:")?;
            for (role, s, fresh) in &v.signoffs {
                let st = match (s, fresh) {
                    (None, _) => "belum".to_string(),
                    (Some(s), true) => {
                        format!("{} — {}", app.actor_name(&s.profile), datetime_id(s.at))
                    }
                    (Some(s), false) => format!(
                        "{} — {} (STALE: the audit changed after this sign-off)",
                        app.actor_name(&s.profile),
                        datetime_id(s.at)
                    ),
                };
                w(out, format!("  {:<18} {st}", role.label_id()))?;
            }
            Ok(())
        }
        AuditCmd::Answer {
            audit,
            item,
            answer,
            note,
            evidence,
        } => {
            let paths: Vec<&Path> = evidence.iter().map(PathBuf::as_path).collect();
            let (r, changed) =
                app.answer(&audit, &item, answer.as_deref(), note.as_deref(), &paths)?;
            if json {
                wjson(
                    out,
                    &json!({
                        "item": r.item, "answer": r.answer.as_ref().map(|a| a.code()), "note": r.note,
                        "evidence": r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>(),
                        "changed": changed,
                    }),
                )
            } else if changed {
                w(
                    out,
                    format!(
                        "saved {}: {}",
                        r.item,
                        r.answer
                            .as_ref()
                            .map(|a| a.label_id())
                            .unwrap_or_else(|| "-".into())
                    ),
                )
            } else {
                w(out, format!("{}: unchanged", r.item))
            }
        }
        AuditCmd::Advance { audit, reason } => {
            let a = app.advance(&audit, reason.as_deref())?;
            if json {
                wjson(out, &json!({"id": a.id, "phase": a.phase.code()}))
            } else {
                w(
                    out,
                    format!("{} is now in phase {}", short_id(&a.id), a.phase.label_id()),
                )
            }
        }
        AuditCmd::Sign { audit, role } => {
            let s = app.sign(&audit, parse_role(&role)?)?;
            if json {
                wjson(
                    out,
                    &json!({"role": s.role.code(), "profile": s.profile, "state_hash": hex::encode(s.state_hash)}),
                )
            } else {
                w(
                    out,
                    format!(
                        "signed as {} ({}) over state {}",
                        s.role.label_id(),
                        app.actor_name(&s.profile),
                        short_hash(&s.state_hash)
                    ),
                )
            }
        }
        AuditCmd::Unsign {
            audit,
            role,
            reason,
        } => {
            let s = app.withdraw_signoff(&audit, parse_role(&role)?, &reason)?;
            if json {
                wjson(out, &json!({"role": s.role.code(), "withdrawn": true}))
            } else {
                w(out, format!("sign-off as {} withdrawn", s.role.label_id()))
            }
        }
        AuditCmd::Correct {
            audit,
            item,
            clear_answer,
            remove_evidence,
            reason,
        } => {
            let r = match remove_evidence {
                Some(e) => app.remove_evidence(&audit, &item, &e, &reason)?,
                None if clear_answer => app.clear_answer(&audit, &item, &reason)?,
                None => {
                    return Err(AppError::Invalid(
                        "give --clear-answer or --remove-evidence".into(),
                    ))
                }
            };
            if json {
                wjson(
                    out,
                    &json!({
                        "item": r.item, "answer": r.answer.as_ref().map(|a| a.code()), "note": r.note,
                        "evidence": r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>(),
                    }),
                )
            } else {
                w(
                    out,
                    format!(
                        "{} corrected: answer {}, {} evidence reference(s)",
                        r.item,
                        r.answer.as_ref().map_or("-".to_string(), |a| a.label_id()),
                        r.evidence.len()
                    ),
                )
            }
        }
    }
}

/// `--berakhlak VALUE=NOTE` arguments as pairs.
fn berakhlak_notes(args: Vec<String>) -> Result<Vec<(String, String)>, AppError> {
    args.iter()
        .map(|b| {
            b.split_once('=')
                .map(|(v, n)| (v.to_string(), n.to_string()))
                .ok_or_else(|| {
                    AppError::Invalid(format!(
                        "--berakhlak \"{b}\": write it as VALUE=NOTE, e.g. akuntabel=\"…\""
                    ))
                })
        })
        .collect()
}

fn summary_json(s: &app::AuditSummary) -> Value {
    let a = &s.audit;
    json!({
        "id": a.id,
        "title": a.title,
        "agency": a.agency,
        "agency_name": s.agency_name,
        "checklist": a.template_id,
        "template_hash": hex::encode(a.template_hash),
        "letter": a.letter,
        "period": a.period.map(|p| p.to_string()),
        "phase": a.phase.code(),
        "progress": {"looked_at": s.progress.looked_at, "total": s.progress.total},
        "compliance": {"percent": s.compliance.percent(), "earned": s.compliance.earned, "possible": s.compliance.possible},
        "findings": {"low": s.findings[0], "medium": s.findings[1], "high": s.findings[2]},
        "created_at": a.created_at.to_rfc3339(),
        "updated_at": a.updated_at.to_rfc3339(),
    })
}

fn finding_json(f: &Finding, due: Option<chrono::NaiveDate>) -> Value {
    json!({
        "id": f.id, "audit": f.audit, "title": f.content.title, "items": f.content.items,
        "kondisi": f.content.kondisi, "kriteria": f.content.kriteria, "sebab": f.content.sebab, "akibat": f.content.akibat,
        "rekomendasi": f.content.rekomendasi, "tanggapan": f.content.tanggapan,
        "severity": f.content.severity.code(),
        "nips": f.content.nips.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        "followup": {"status": f.followup.status.number(), "note": f.followup.note, "due": due.map(|d| d.to_string())},
        "created_at": f.created_at.to_rfc3339(),
    })
}

fn rating_json(r: &Rating) -> Value {
    json!({
        "id": r.id, "audit": r.audit, "nip": r.content.nip.as_str(), "period": r.content.period.to_string(),
        "hasil": r.content.hasil.code(), "perilaku": r.content.perilaku.code(), "predikat": r.predikat.code(),
        "berakhlak": r.content.berakhlak.iter().map(|(v, n)| json!({"value": v.code(), "note": n})).collect::<Vec<_>>(),
        "justification": r.content.justification,
        "findings": r.content.findings,
        "action": r.content.action.code(),
        "created_at": r.created_at.to_rfc3339(),
    })
}

fn finding(app: &mut App, cmd: FindingCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        FindingCmd::Add {
            audit,
            title,
            kondisi,
            kriteria,
            sebab,
            akibat,
            rekomendasi,
            tanggapan,
            severity,
            nip,
            item,
        } => {
            let f = app.raise_finding(
                &audit,
                NewFinding {
                    title,
                    kondisi,
                    kriteria,
                    sebab,
                    akibat,
                    rekomendasi,
                    tanggapan,
                    severity,
                    nips: nip,
                    items: item,
                },
            )?;
            if json {
                wjson(out, &finding_json(&f, None))
            } else {
                w(out, f.id.to_string())
            }
        }
        FindingCmd::List { audit } => {
            let v = app.audit_view(&audit)?;
            if json {
                return wjson(
                    out,
                    &json!(v
                        .findings
                        .iter()
                        .map(|f| finding_json(f, v.followup_due(f)))
                        .collect::<Vec<_>>()),
                );
            }
            for f in &v.findings {
                w(
                    out,
                    format!(
                        "{}  [{}] {}  tindak lanjut {} ({}){}",
                        short_id(&f.id),
                        f.content.severity.label_id(),
                        f.content.title,
                        f.followup.status.number(),
                        f.followup.status.label_id(),
                        v.followup_due(f)
                            .map(|d| format!(", batas {}", date_id(d)))
                            .unwrap_or_default()
                    ),
                )?;
            }
            Ok(())
        }
        FindingCmd::FollowUp {
            finding,
            status,
            note,
            due,
        } => {
            let due = due.as_deref().map(parse_date).transpose()?;
            let f = app.follow_up(&finding, &status, note.as_deref(), due)?;
            if json {
                wjson(out, &finding_json(&f, f.followup.due))
            } else {
                w(
                    out,
                    format!(
                        "{}: tindak lanjut {} ({})",
                        short_id(&f.id),
                        f.followup.status.number(),
                        f.followup.status.label_id()
                    ),
                )
            }
        }
        FindingCmd::Withdraw { finding, reason } => {
            let f = app.withdraw_finding(&finding, &reason)?;
            if json {
                wjson(out, &json!({"id": f.id, "withdrawn": true}))
            } else {
                w(
                    out,
                    format!("{}: temuan ditarik ({})", short_id(&f.id), f.content.title),
                )
            }
        }
    }
}

fn rating(app: &mut App, cmd: RatingCmd, json: bool, out: Out<'_>) -> Result<(), AppError> {
    match cmd {
        RatingCmd::Add {
            audit,
            nip,
            hasil,
            perilaku,
            period,
            justification,
            berakhlak,
            finding,
            action,
            replace,
        } => {
            let r = app.recommend_rating(
                &audit,
                NewRating {
                    nip,
                    hasil,
                    perilaku,
                    period,
                    justification,
                    berakhlak: berakhlak_notes(berakhlak)?,
                    findings: finding,
                    action,
                },
                replace.as_deref(),
            )?;
            if json {
                wjson(out, &rating_json(&r))
            } else {
                w(out, format!("predikat: {}", r.predikat.label_id()))
            }
        }
        RatingCmd::Edit {
            rating,
            hasil,
            perilaku,
            period,
            justification,
            berakhlak,
            finding,
            action,
            reason,
        } => {
            let old = app.resolve_rating(&rating)?;
            let new = NewRating {
                nip: old.content.nip.as_str().to_string(),
                hasil: hasil.unwrap_or_else(|| old.content.hasil.code().to_string()),
                perilaku: perilaku.unwrap_or_else(|| old.content.perilaku.code().to_string()),
                period: period.unwrap_or_else(|| old.content.period.to_string()),
                justification: justification.unwrap_or_else(|| old.content.justification.clone()),
                berakhlak: if berakhlak.is_empty() {
                    old.content
                        .berakhlak
                        .iter()
                        .map(|(b, n)| (b.code().to_string(), n.clone()))
                        .collect()
                } else {
                    berakhlak_notes(berakhlak)?
                },
                findings: if finding.is_empty() {
                    old.content.findings.iter().map(|f| f.to_string()).collect()
                } else {
                    finding
                },
                action: Some(action.unwrap_or_else(|| old.content.action.code().to_string())),
            };
            let r = app.update_rating(&old.id.to_string(), new, &reason)?;
            if json {
                wjson(out, &rating_json(&r))
            } else {
                w(out, format!("predikat: {}", r.predikat.label_id()))
            }
        }
        RatingCmd::Withdraw { rating, reason } => {
            let r = app.withdraw_rating(&rating, &reason)?;
            if json {
                wjson(out, &json!({"id": r.id, "withdrawn": true}))
            } else {
                w(
                    out,
                    format!(
                        "{}: rekomendasi untuk {} ({}) ditarik",
                        short_id(&r.id),
                        r.content.nip,
                        r.content.period
                    ),
                )
            }
        }
        RatingCmd::List { nip, audit } => {
            let list = app.ratings(nip.as_deref(), audit.as_deref())?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(rating_json).collect::<Vec<_>>()),
                );
            }
            for r in list {
                let name = app
                    .store()
                    .employee(r.content.nip.as_str())?
                    .map(|e| e.name)
                    .unwrap_or_default();
                w(
                    out,
                    format!(
                        "{}  {}  {:<30} {:<18} hasil {:<20} perilaku {:<20} → {}",
                        short_id(&r.id),
                        r.content.nip,
                        name,
                        r.content.period.label_id(),
                        r.content.hasil.label_id(),
                        r.content.perilaku.label_id(),
                        r.predikat.label_id()
                    ),
                )?;
            }
            Ok(())
        }
        RatingCmd::Check {
            audit,
            organisation,
            rules,
        } => {
            let org =
                OrgPredikat::parse(&organisation).map_err(|e| AppError::Invalid(e.to_string()))?;
            let rules = match rules {
                Some(path) => {
                    let text = String::from_utf8(read_input(&path)?).map_err(|_| {
                        AppError::Invalid(format!("{}: not UTF-8 text", path.display()))
                    })?;
                    DistributionRules::from_toml(&text)
                        .map_err(|e| AppError::Invalid(format!("{}: {e}", path.display())))?
                }
                None => {
                    DistributionRules::builtin().map_err(|e| AppError::Invalid(e.to_string()))?
                }
            };
            let ratings = app.ratings(None, Some(&audit))?;
            let counts: PredikatCounts = ratings.iter().map(|r| r.predikat).collect();
            let violations = rules.check(org, &counts);
            if json {
                wjson(
                    out,
                    &json!({
                        "organisation": org.code(),
                        "counts": counts.iter().map(|(p, n)| json!({"predikat": p.code(), "count": n})).collect::<Vec<_>>(),
                        "violations": violations.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    }),
                )?;
            } else {
                for (p, n) in counts.iter() {
                    w(out, format!("{:<20} {n}", p.label_id()))?;
                }
                for v in &violations {
                    w(out, format!("violation: {v}"))?;
                }
                if violations.is_empty() {
                    w(
                        out,
                        format!(
                            "ok: the distribution fits organisation predikat {}",
                            org.label_id()
                        ),
                    )?;
                }
            }
            if violations.is_empty() {
                Ok(())
            } else {
                Err(AppError::Invalid(format!(
                    "{} violation(s) of the distribution rules for {}",
                    violations.len(),
                    org.label_id()
                )))
            }
        }
    }
}

fn event_json(app: &App, e: &Event) -> Value {
    json!({
        "id": e.body.id,
        "device": e.body.device,
        "seq": e.body.seq,
        "at": e.at().to_rfc3339(),
        "kind": e.kind().code(),
        "actor": e.body.actor,
        "actor_name": app.actor_name(&e.body.actor),
        "audit": e.body.payload.audit(),
        "summary": describe(e),
        "base": e.body.base.map(hex::encode),
        "hash": hex::encode(e.hash),
        "prev_hash": hex::encode(e.prev_hash),
    })
}

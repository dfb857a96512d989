//! The command line's grammar: the clap `Cli`, its `Command`s and every subcommand enum.
//!
//! The doc comments document the grammar; what `--help` shows is read from `data/i18n/`
//! (`[cli_help]`, see `help.rs`), its English word for word these comments: a test fails when they
//! part.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    /// Language of the terminal UI and the command line (its messages and --help): id (Bahasa
    /// Indonesia) or en; default from LC_ALL, LC_MESSAGES or LANG (English when they ask for it,
    /// else Bahasa Indonesia)
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
        csv, xlsx and json hold five tables with one documented schema (docs/EXPORT.md): \
        ringkasan (the audit summary), jawaban (every checklist item and its response), temuan \
        (findings with their five elements and follow-up), rekomendasi (rating \
        recommendations per ASN) and tindak_lanjut_sebelumnya (the open recommendations of the \
        agency's earlier final audits, for reading: an import leaves it alone). csv writes a folder with one UTF-8 file per table; xlsx one \
        sheet per table (rekomendasi's named rekomendasi_predikat), with Indonesian column \
        labels over a hidden row of the column codes, NIPs as text and dates as dates; json one \
        object.\n\n\
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
        /// csv, xlsx, json (the tables), docx, html, md (the LHP), docx-asn, html-asn (its
        /// confidential annex of ASN ratings) or bundle; default: from the extension of --output
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
        /// CSV: the field separator, comma, semicolon or tab; default: semicolon in Bahasa
        /// Indonesia (what Excel with an Indonesian locale splits on), comma in English
        #[arg(long, value_name = "SEPARATOR")]
        delimiter: Option<String>,
        /// The LHP and its annex: the report settings file (letterhead, logo, paper, font, signer);
        /// default: laporan.toml in the store's folder, else a plain letterhead on A4
        #[arg(long, value_name = "FILE")]
        report_settings: Option<PathBuf>,
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
    /// The code tables findings are coded from: temuan, sebab, rekomendasi (all three when none is
    /// named)
    Codes {
        /// temuan, sebab or rekomendasi
        #[arg(value_name = "TABLE")]
        table: Option<String>,
    },
    /// The public-satisfaction survey (SKM, PermenPANRB 14/2017) of a service unit
    #[command(subcommand)]
    Skm(SkmCmd),
    /// The follow-up register (TLHP): every recommendation of every final audit with its status,
    /// due date and days overdue; --recap adds the semester recap per agency
    Tlhp {
        /// Only this agency (its code)
        #[arg(long, value_name = "AGENCY")]
        agency: Option<String>,
        /// Only LHPs of this year
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// Only LHPs of this half year: 1 (January–June) or 2
        #[arg(long, value_name = "SEMESTER", value_parser = clap::value_parser!(u8).range(1..=2))]
        semester: Option<u8>,
        /// Only this follow-up status: 1..4 or its words
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Only open recommendations past their due date
        #[arg(long)]
        overdue: bool,
        /// Add the recap per agency: findings, recommendations, and how many in each status
        #[arg(long)]
        recap: bool,
        /// Also write the matriks TLHP and the recap to this file: an XLSX workbook (.xlsx), a
        /// Word document (.docx) or a web page (.html)
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// For a .docx or .html register: the report settings file (letterhead, logo, paper);
        /// default: laporan.toml in the store's folder
        #[arg(long, value_name = "FILE")]
        report_settings: Option<PathBuf>,
    },
    /// The training needs of an agency for its personnel office (BKPSDM): rating recommendations
    /// with follow-up pelatihan or pembinaan, findings whose kode sebab points at competence, and
    /// the weakest survey unsur about the service staff, by competence area and unit, each ASN
    /// named with their NIP
    Training {
        /// The agency (its code)
        #[arg(long, value_name = "AGENCY")]
        agency: String,
        /// Only this period (2026, 2026-S2, 2026-Q3, 2026-07, …): ratings of an overlapping
        /// evaluation period, findings of audits of an overlapping period
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Also write the recap to this file: an XLSX workbook (.xlsx), a Word document (.docx) or
        /// a web page (.html)
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// For a .docx or .html recap: the report settings file (letterhead, logo, paper);
        /// default: laporan.toml in the store's folder
        #[arg(long, value_name = "FILE")]
        report_settings: Option<PathBuf>,
    },
    /// Check every hash chain, the indexes and the projections
    Verify,
    /// Re-derive the state database from the journal
    Rebuild,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
}

/// A passphrase for encrypting or opening a findings file.
#[derive(clap::Args, Debug, Default)]
pub struct Secret {
    /// Use a passphrase: from $PERIKSA_PASSPHRASE, else asked on the terminal
    #[arg(long)]
    pub(super) passphrase: bool,
    /// Read the passphrase from the first line of this file
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase")]
    pub(super) passphrase_file: Option<PathBuf>,
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
pub enum SkmCmd {
    /// Read survey responses (CSV or XLSX, one row per respondent) and work out the IKM
    ///
    /// Columns are found by their headers: U1…U9, Unsur 1…, the unsur's names, or an online
    /// form's question texts (answers as numbers 1–4, letters a–d or the questionnaire's words).
    /// One bad answer refuses the whole file, every problem named by line and column.
    Import {
        /// A CSV (UTF-8, comma or semicolon) or an XLSX workbook (its first sheet)
        file: PathBuf,
        /// The service unit surveyed (unit layanan)
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
        /// The survey's period, e.g. "2026 semester 1"
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// The unit's service users in the period: the respondents are checked against the
        /// minimum sample (Krejcie–Morgan)
        #[arg(long, value_name = "N")]
        population: Option<u64>,
        /// A TOML file mapping a form's questions (or column letters) to unsur:
        /// "question text" = "U3"
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Record the IKM in this audit: the answer of the item its checklist marks
        /// computed = "ikm" (or of --item), the file as its evidence, the computation in its
        /// note and the figures with the audit
        #[arg(long, value_name = "AUDIT")]
        audit: Option<String>,
        /// The audit's number item that holds the IKM, e.g. SKM-04 (with --audit; needed only
        /// when the checklist marks none)
        #[arg(long, value_name = "ITEM", requires = "audit")]
        item: Option<String>,
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
    /// Set what the LHP states about the engagement: surat tugas, dasar, tujuan, scope, methods,
    /// schedule, team, simpulan and the LHP letter block; only the options given change (an
    /// empty value clears one)
    Set(Box<EngagementArgs>),
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
        /// Kode temuan from the code tables (`periksa codes temuan`)
        #[arg(long, value_name = "CODE")]
        kode: Option<String>,
        #[arg(long)]
        kondisi: String,
        #[arg(long)]
        kriteria: String,
        #[arg(long)]
        sebab: String,
        /// Kode sebab from the code tables (`periksa codes sebab`)
        #[arg(long, value_name = "CODE")]
        kode_sebab: Option<String>,
        #[arg(long)]
        akibat: String,
        /// A recommendation (repeatable: one per recommendation, numbered 1, 2, … in this order)
        #[arg(long, required = true)]
        rekomendasi: Vec<String>,
        /// Kode rekomendasi of each --rekomendasi, in the same order (repeatable)
        #[arg(long, value_name = "CODE")]
        kode_rekomendasi: Vec<String>,
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
    /// Change a finding's content; what is not given stays as it is
    Edit {
        finding: String,
        #[arg(long)]
        title: Option<String>,
        /// Kode temuan (an empty text clears it)
        #[arg(long, value_name = "CODE")]
        kode: Option<String>,
        #[arg(long)]
        kondisi: Option<String>,
        #[arg(long)]
        kriteria: Option<String>,
        #[arg(long)]
        sebab: Option<String>,
        /// Kode sebab (an empty text clears it)
        #[arg(long, value_name = "CODE")]
        kode_sebab: Option<String>,
        #[arg(long)]
        akibat: Option<String>,
        #[arg(long)]
        tanggapan: Option<String>,
        #[arg(long)]
        severity: Option<String>,
        /// NIP of an ASN involved; given at least once, it replaces the list
        #[arg(long)]
        nip: Vec<String>,
        /// Checklist item; given at least once, it replaces the list
        #[arg(long)]
        item: Vec<String>,
    },
    /// List the findings of an audit
    List { audit: String },
    /// A finding with each recommendation's follow-up history
    Show { finding: String },
    /// Add a recommendation to a finding, or change recommendation NO; what is not given stays
    Rec {
        finding: String,
        /// The recommendation's number (none: add a new one)
        no: Option<u16>,
        /// The recommendation's text
        #[arg(long)]
        text: Option<String>,
        /// Kode rekomendasi (an empty text clears it)
        #[arg(long, value_name = "CODE")]
        kode: Option<String>,
        /// The responsible official's name (penanggung jawab)
        #[arg(long, value_name = "NAME")]
        official: Option<String>,
        /// The responsible official's position
        #[arg(long, value_name = "POSITION")]
        position: Option<String>,
        /// The responsible official's NIP (need not be on the roster)
        #[arg(long, value_name = "NIP")]
        official_nip: Option<String>,
        /// Due date (an empty text: the final date + the follow-up deadline)
        #[arg(long)]
        due: Option<String>,
        /// Nilai temuan/kerugian in rupiah (1.250.000 or Rp1.250.000,50; empty: none)
        #[arg(long, value_name = "RUPIAH")]
        value: Option<String>,
        /// Remove recommendation NO (refused once it has follow-up)
        #[arg(long, conflicts_with_all = ["text", "kode", "official", "position", "official_nip", "due", "value"])]
        remove: bool,
    },
    /// Record what the auditee reported doing about a recommendation (a follow-up entry)
    Report {
        finding: String,
        /// The recommendation's number (needed when the finding has several)
        #[arg(long, value_name = "NO")]
        rec: Option<u16>,
        /// What the auditee did
        #[arg(long)]
        action: String,
        /// When (default: today)
        #[arg(long)]
        date: Option<String>,
        /// An evidence reference: a file name or letter number (repeatable)
        #[arg(long)]
        evidence: Vec<String>,
        /// Money returned or deposited with it, in rupiah
        #[arg(long, value_name = "RUPIAH")]
        returned: Option<String>,
    },
    /// Verify a reported follow-up entry: 1 or 4 accept it, 2 rejects it (with --reason); without
    /// --entry, set the status of the recommendation as a whole
    Verify {
        finding: String,
        /// The recommendation's number (needed when the finding has several)
        #[arg(long, value_name = "NO")]
        rec: Option<u16>,
        /// The entry's number in the recommendation's history (1 = the earliest; see `finding show`)
        #[arg(long, value_name = "N")]
        entry: Option<usize>,
        /// 1 sesuai, 2 belum sesuai, 3 belum ditindaklanjuti, 4 tidak dapat ditindaklanjuti
        #[arg(long)]
        status: String,
        /// Why (required to reject, and for status 4)
        #[arg(long, default_value = "")]
        reason: String,
        /// The day of the verification (default: today)
        #[arg(long)]
        date: Option<String>,
    },
    /// Record the follow-up status: 1 sesuai, 2 belum sesuai, 3 belum ditindaklanjuti, 4 tidak dapat ditindaklanjuti
    FollowUp {
        finding: String,
        /// The recommendation's number (needed when the finding has several)
        #[arg(long, value_name = "NO")]
        rec: Option<u16>,
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

/// The options of `audit set`.
#[derive(Debug, clap::Args)]
pub struct EngagementArgs {
    pub audit: String,
    /// Assignment letter number (nomor surat tugas)
    #[arg(long, value_name = "TEXT")]
    pub surat_tugas_nomor: Option<String>,
    /// Assignment letter date (tanggal surat tugas), e.g. 01/12/2026 or 1 Desember 2026
    #[arg(long, value_name = "DATE")]
    pub surat_tugas_tanggal: Option<String>,
    /// Basis of the audit (dasar pemeriksaan), one per option; replaces the list
    #[arg(long, value_name = "TEXT")]
    pub dasar: Vec<String>,
    /// Objective (tujuan)
    #[arg(long, value_name = "TEXT")]
    pub tujuan: Option<String>,
    /// Scope (ruang lingkup)
    #[arg(long, value_name = "TEXT")]
    pub ruang_lingkup: Option<String>,
    /// Limitations of the scope (batasan)
    #[arg(long, value_name = "TEXT")]
    pub batasan: Option<String>,
    /// A technique used (metodologi), e.g. "uji petik", one per option; replaces the list
    #[arg(long, value_name = "TEXT")]
    pub metodologi: Vec<String>,
    /// First planned day
    #[arg(long, value_name = "DATE")]
    pub rencana_mulai: Option<String>,
    /// Last planned day
    #[arg(long, value_name = "DATE")]
    pub rencana_selesai: Option<String>,
    /// Planned audit days (hari pemeriksaan)
    #[arg(long, value_name = "N")]
    pub rencana_hari: Option<String>,
    /// First actual day
    #[arg(long, value_name = "DATE")]
    pub realisasi_mulai: Option<String>,
    /// Last actual day
    #[arg(long, value_name = "DATE")]
    pub realisasi_selesai: Option<String>,
    /// Actual audit days
    #[arg(long, value_name = "N")]
    pub realisasi_hari: Option<String>,
    /// Overview of the auditee (gambaran umum)
    #[arg(long, value_name = "TEXT")]
    pub gambaran_umum: Option<String>,
    /// Conclusion (simpulan)
    #[arg(long, value_name = "TEXT")]
    pub simpulan: Option<String>,
    /// A team member as "role; name; NIP; pangkat", or "role; NIP" for someone on the roster; one
    /// per option, replaces the team (roles: pj, pm, pt, kt, at)
    #[arg(long, value_name = "LINE")]
    pub tim: Vec<String>,
    /// LHP number (nomor LHP)
    #[arg(long, value_name = "TEXT")]
    pub lhp_nomor: Option<String>,
    /// LHP date
    #[arg(long, value_name = "DATE")]
    pub lhp_tanggal: Option<String>,
    /// Nature of the letter (sifat), e.g. Rahasia
    #[arg(long, value_name = "TEXT")]
    pub lhp_sifat: Option<String>,
    /// Attachment line (lampiran), e.g. "1 (satu) berkas"
    #[arg(long, value_name = "TEXT")]
    pub lhp_lampiran: Option<String>,
    /// Subject line (hal)
    #[arg(long, value_name = "TEXT")]
    pub lhp_hal: Option<String>,
    /// Addressee (Kepada Yth.); "\n" starts a new line
    #[arg(long, value_name = "TEXT")]
    pub lhp_kepada: Option<String>,
}

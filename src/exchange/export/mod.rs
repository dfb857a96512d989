//! Exports for people: the audit as CSV, XLSX and JSON (one schema) and as a draft report (Markdown, HTML).
//!
//! The application layer reads the store and hands each row to a [`Sink`] as soon as it is read,
//! table by table in [`schema::TABLES`] order; a sink writes it out at once, so memory does not
//! grow with the number of rows. Every file is written to a temp file in the target folder and
//! renamed over the final name only when complete ([`AtomicFile`]): a crash or an error never
//! leaves half a file under the final name, and an existing file is replaced only then.

mod csv;
pub mod docx;
mod json;
pub mod layout;
pub mod lhp;
pub mod register;
pub mod report;
pub mod schema;
pub mod training;
mod xlsx;

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use schema::{Row, Table, SCHEMA_VERSION, TABLES};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A folder with one CSV file per table.
    Csv,
    /// One workbook, one sheet per table.
    Xlsx,
    /// One JSON object holding every table.
    Json,
    /// The LHP in Markdown.
    Md,
    /// The LHP as one self-contained HTML page that prints like the Word document.
    Html,
    /// The LHP as a Word document on the inspectorate's letterhead.
    Docx,
    /// The confidential annex of ASN rating recommendations, as a Word document.
    DocxAsn,
    /// The same annex as one HTML page.
    HtmlAsn,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Csv,
        Format::Xlsx,
        Format::Json,
        Format::Md,
        Format::Html,
        Format::Docx,
        Format::DocxAsn,
        Format::HtmlAsn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::DocxAsn => "docx-asn",
            Format::HtmlAsn => "html-asn",
        }
    }

    /// Whether the format is a report written whole from the LHP's model (the LHP or its annex),
    /// not table by table.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            Format::Md | Format::Html | Format::Docx | Format::DocxAsn | Format::HtmlAsn
        )
    }

    /// Whether the format is the confidential annex of rating recommendations.
    pub fn is_annex(self) -> bool {
        matches!(self, Format::DocxAsn | Format::HtmlAsn)
    }

    pub fn parse(s: &str) -> Result<Format, ExportError> {
        let key = s.trim().to_ascii_lowercase();
        let key = key.trim_start_matches('.');
        Format::ALL
            .into_iter()
            .find(|f| f.code() == key || (key == "markdown" && *f == Format::Md))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

/// How the fields of a CSV table are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// `,`: what English-locale spreadsheets split on.
    #[default]
    Comma,
    /// `;`: what Excel with an Indonesian locale splits on (its decimal separator is the comma).
    Semicolon,
    /// A tab.
    Tab,
}

impl Delimiter {
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// The name `--delimiter` takes.
    pub fn code(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }

    /// `,` `;` or a tab, or their names in English or Bahasa Indonesia.
    pub fn parse(s: &str) -> Option<Delimiter> {
        if s == "\t" {
            return Some(Delimiter::Tab);
        }
        match s.trim().to_ascii_lowercase().as_str() {
            "," | "comma" | "koma" => Some(Delimiter::Comma),
            ";" | "semicolon" | "titik-koma" | "titikkoma" => Some(Delimiter::Semicolon),
            "tab" | "\\t" => Some(Delimiter::Tab),
            _ => None,
        }
    }
}

/// Choices an export takes besides its format and place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportOptions {
    /// The CSV tables' field separator.
    pub delimiter: Delimiter,
    /// The report settings file of the Word documents (letterhead, paper, signer); none: the
    /// store's `laporan.toml`, else the defaults.
    pub report_settings: Option<PathBuf>,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "unknown export format {0:?}: use csv, xlsx, json, md, html, docx, docx-asn or html-asn"
    )]
    UnknownFormat(String),
    #[error("{path}: {reason}")]
    Target { path: String, reason: String },
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: cannot write the workbook: {message}")]
    Xlsx { path: String, message: String },
}

impl ExportError {
    fn io(path: &Path, source: io::Error) -> ExportError {
        ExportError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// One file written: its path, bytes, and the rows of each table it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub tables: Vec<(&'static str, usize)>,
}

/// Where the rows of an export go, table by table.
pub trait Sink {
    /// A table starts (every table is begun, even one without rows).
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError>;
    /// A row of the table begun last.
    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError>;
    /// The table begun last is complete.
    fn end(&mut self) -> Result<(), ExportError>;
    /// Everything is written: put the files in place and say what they hold.
    fn finish(self: Box<Self>) -> Result<Vec<Written>, ExportError>;
}

/// Opens the sink of `format` writing to `path` (a folder for CSV, a file otherwise).
pub fn open(
    format: Format,
    path: &Path,
    exported_at: DateTime<Utc>,
    options: &ExportOptions,
) -> Result<Box<dyn Sink>, ExportError> {
    Ok(match format {
        Format::Csv => Box::new(csv::CsvSink::new(path, options.delimiter)?),
        Format::Xlsx => Box::new(xlsx::XlsxSink::new(path)?),
        Format::Json => Box::new(json::JsonSink::new(path, exported_at)?),
        // written whole from the LHP's model (`layout`), never row by row
        Format::Md | Format::Html | Format::Docx | Format::DocxAsn | Format::HtmlAsn => {
            return Err(ExportError::UnknownFormat(format.code().to_string()))
        }
    })
}

/// A whole document written at once (a report), atomically, as [`AtomicFile`] writes.
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> Result<Written, ExportError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| ExportError::io(path, e))?;
    let bytes = file.commit()?;
    Ok(Written {
        path: path.to_path_buf(),
        bytes,
        tables: Vec::new(),
    })
}

/// A file written under a temporary name in its target folder and renamed into place by
/// [`AtomicFile::commit`]; dropped without a commit, the temporary file is removed.
pub struct AtomicFile {
    target: PathBuf,
    out: BufWriter<tempfile::NamedTempFile>,
}

/// Checks that `path` can be a file: not a folder, in a folder that exists.
fn check_file_target(path: &Path) -> Result<PathBuf, ExportError> {
    let target = |reason: &str| ExportError::Target {
        path: path.display().to_string(),
        reason: reason.to_string(),
    };
    if path.as_os_str().is_empty() {
        return Err(target("no output path given"));
    }
    if path.is_dir() {
        return Err(target("is a folder; give the name of the file to write"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(target(&format!(
            "the folder {} does not exist",
            dir.display()
        )));
    }
    Ok(dir)
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, ExportError> {
        let dir = check_file_target(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // A temp file is private (0600) by default; the export is an ordinary file (umask applies).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| ExportError::io(path, e))?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            out: BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    pub fn path(&self) -> &Path {
        &self.target
    }

    /// The temp file itself, for writers that need to seek (the XLSX zip).
    fn file_mut(&mut self) -> Result<&mut File, ExportError> {
        self.out
            .flush()
            .map_err(|e| ExportError::io(&self.target, e))?;
        Ok(self.out.get_mut().as_file_mut())
    }

    /// Flushes, syncs and renames the temp file over the target; returns the bytes written.
    pub fn commit(self) -> Result<u64, ExportError> {
        let (bytes, dir) = self.persist()?;
        if let Some(dir) = dir {
            sync_dir(&dir);
        }
        Ok(bytes)
    }

    /// [`AtomicFile::commit`] for several files of one folder (a CSV export's tables): each is
    /// synced and renamed into place, then the folder is synced once.
    pub fn commit_all(files: Vec<AtomicFile>) -> Result<Vec<u64>, ExportError> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            let (bytes, dir) = f.persist()?;
            if let Some(d) = dir.filter(|d| !dirs.contains(d)) {
                dirs.push(d);
            }
            out.push(bytes);
        }
        for d in &dirs {
            sync_dir(d);
        }
        Ok(out)
    }

    /// Flushes, syncs and renames the temp file over the target (the folder not yet synced);
    /// says the bytes written and the folder to sync.
    fn persist(self) -> Result<(u64, Option<PathBuf>), ExportError> {
        let target = &self.target;
        let tmp = self
            .out
            .into_inner()
            .map_err(|e| ExportError::io(target, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| ExportError::io(target, e))?;
        let bytes = tmp
            .as_file()
            .metadata()
            .map_err(|e| ExportError::io(target, e))?
            .len();
        tmp.persist(target)
            .map_err(|e| ExportError::io(target, e.error))?;
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf);
        Ok((bytes, dir))
    }
}

/// Makes the renames in `dir` durable (best effort: not every system can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A date-time in the laptop's local time, as RFC 3339 with its offset.
fn rfc3339_local(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A cell as text, the way CSV writes it (and XLSX for lists).
fn plain_text(v: &schema::Value<'_>) -> String {
    use schema::Value;
    match v {
        Value::Null => String::new(),
        Value::Text(s) | Value::Nip(s) => (*s).to_string(),
        Value::Integer(n) => n.to_string(),
        Value::Decimal(x) => x.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(t) => rfc3339_local(*t),
        Value::List(items) => items.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("XLSX").unwrap(), Format::Xlsx);
        assert_eq!(Format::parse(".md").unwrap(), Format::Md);
        assert_eq!(Format::parse("markdown").unwrap(), Format::Md);
        assert_eq!(Format::parse("docx").unwrap(), Format::Docx);
        assert_eq!(Format::parse("DOCX-ASN").unwrap(), Format::DocxAsn);
        assert!(Format::Docx.is_document() && Format::Html.is_document());
        assert!(!Format::Xlsx.is_document() && !Format::Csv.is_document());
        assert!(Format::HtmlAsn.is_annex() && !Format::Html.is_annex());
        assert_eq!(
            Format::parse("pdf").unwrap_err().to_string(),
            "unknown export format \"pdf\": use csv, xlsx, json, md, html, docx, docx-asn or html-asn"
        );
    }

    #[test]
    fn an_atomic_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("laporan.md");
        std::fs::write(&target, "old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(f.commit().unwrap(), 11);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        // dropped without commit: the target is untouched and no temp file is left
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_targets_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let e = AtomicFile::create(dir.path()).err().unwrap();
        assert!(e
            .to_string()
            .ends_with("is a folder; give the name of the file to write"));
        let e = AtomicFile::create(&dir.path().join("no/such/x.xlsx"))
            .err()
            .unwrap();
        assert!(e.to_string().contains("no/such does not exist"), "{e}");
    }
}

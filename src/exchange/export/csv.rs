//! CSV export: a folder with one file per table, UTF-8 with a BOM (so Excel reads the encoding), separated as asked, every cell safe to open in a spreadsheet.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::schema::{ColType, Value};
use super::{plain_text, AtomicFile, Delimiter, ExportError, Row, Sink, Table, Written};
use crate::exchange::tabular::guard::{grouped_nip, neutralise};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct CsvSink {
    dir: PathBuf,
    delimiter: Delimiter,
    current: Option<(&'static Table, csv::Writer<AtomicFile>, usize)>,
    /// Tables complete but not yet renamed into place: all of them are, at the end.
    done: Vec<(&'static Table, AtomicFile, usize)>,
    record: Vec<String>,
}

impl CsvSink {
    pub fn new(dir: &Path, delimiter: Delimiter) -> Result<CsvSink, ExportError> {
        let target = |reason: String| ExportError::Target {
            path: dir.display().to_string(),
            reason,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(target(
                "is a file; CSV export writes a folder with one file per table".into(),
            ));
        }
        if !dir.exists() {
            std::fs::create_dir(dir)
                .map_err(|e| target(format!("cannot create the folder: {e}")))?;
        }
        Ok(CsvSink {
            dir: dir.to_path_buf(),
            delimiter,
            current: None,
            done: Vec::new(),
            record: Vec::new(),
        })
    }

    fn csv_err(path: &Path, e: csv::Error) -> ExportError {
        ExportError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        }
    }
}

/// One cell as the CSV holds it: a NIP grouped (alone or in a list), and a text a spreadsheet
/// would run as a formula behind an apostrophe (see [`crate::exchange::tabular::guard`]).
fn cell(v: &Value<'_>, ty: ColType) -> String {
    let text = match v {
        Value::Nip(s) => grouped_nip(s).into_owned(),
        Value::List(items) if ty == ColType::List => items
            .iter()
            .map(|s| grouped_nip(s))
            .collect::<Vec<_>>()
            .join("; "),
        other => plain_text(other),
    };
    neutralise(&text).into_owned()
}

impl Sink for CsvSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        let path = self.dir.join(format!("{}.csv", table.name));
        let mut file = AtomicFile::create(&path)?;
        file.write_all(UTF8_BOM)
            .map_err(|e| ExportError::io(&path, e))?;
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter.byte())
            .terminator(csv::Terminator::CRLF)
            .from_writer(file);
        w.write_record(table.columns.iter().map(|c| c.name))
            .map_err(|e| Self::csv_err(&path, e))?;
        self.current = Some((table, w, 0));
        Ok(())
    }

    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError> {
        let Some((table, w, n)) = self.current.as_mut() else {
            return Ok(());
        };
        self.record.clear();
        self.record.extend(
            row.values()
                .iter()
                .zip(table.columns)
                .map(|(v, c)| cell(v, c.ty)),
        );
        w.write_record(&self.record).map_err(|e| {
            let path = w.get_ref().path().to_path_buf();
            Self::csv_err(&path, e)
        })?;
        *n += 1;
        Ok(())
    }

    fn end(&mut self) -> Result<(), ExportError> {
        if let Some((table, w, n)) = self.current.take() {
            let file = w.into_inner().map_err(|e| ExportError::Io {
                path: table.name.to_string(),
                source: std::io::Error::other(e.error().to_string()),
            })?;
            self.done.push((table, file, n));
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<Written>, ExportError> {
        self.end()?;
        let done = std::mem::take(&mut self.done);
        let paths: Vec<PathBuf> = done
            .iter()
            .map(|(_, f, _)| f.path().to_path_buf())
            .collect();
        let (tables, files): (Vec<_>, Vec<_>) =
            done.into_iter().map(|(t, f, rows)| ((t, rows), f)).unzip();
        let sizes = AtomicFile::commit_all(files)?;
        Ok(tables
            .into_iter()
            .zip(paths)
            .zip(sizes)
            .map(|(((table, rows), path), bytes)| Written {
                path,
                bytes,
                tables: vec![(table.name, rows)],
            })
            .collect())
    }
}

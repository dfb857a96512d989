//! Importing agencies and the ASN roster: all-or-nothing by default, one event per real change.

use std::path::Path;

use crate::domain::model::Employee;
use crate::exchange::roster::{self, Problem, RowReason};
use crate::store::event::Payload;

use super::{said, today, App, AppError};

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows left out (only with `--skip-invalid`), each with its reason.
    pub skipped: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// The bytes of a roster or agency file, refusing one over the size limit before reading it.
pub fn read_roster_file(path: &Path) -> Result<Vec<u8>, AppError> {
    let file_err = |source| AppError::File {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(file_err)?.len();
    if size > roster::MAX_FILE_BYTES as u64 {
        return Err(roster::RosterError::TooLarge {
            file: path.display().to_string(),
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: roster::MAX_FILE_BYTES,
        }
        .into());
    }
    std::fs::read(path).map_err(file_err)
}

/// A file with a header and no rows is almost always the wrong export: say so instead of "0 added".
fn no_rows(label: &str, rows: usize) -> Result<(), AppError> {
    if rows == 0 {
        return Err(said("error.app.no_rows", &[("label", &label)]));
    }
    Ok(())
}

impl App {
    pub fn import_agencies(
        &mut self,
        label: &str,
        bytes: &[u8],
        skip_invalid: bool,
    ) -> Result<ImportReport, AppError> {
        let parsed = roster::parse_agencies(label, bytes)?;
        no_rows(label, parsed.rows.len() + parsed.problems.len())?;
        if !parsed.problems.is_empty() && !skip_invalid {
            return Err(AppError::Rows(parsed.problems));
        }
        let mut report = ImportReport {
            skipped: parsed.problems,
            warnings: parsed.warnings,
            ..Default::default()
        };
        let mut payloads = Vec::new();
        for (_, agency) in parsed.rows {
            match self.store.agency(&agency.code)? {
                Some(old) if old == agency => report.unchanged += 1,
                Some(_) => {
                    report.updated += 1;
                    payloads.push(Payload::AgencyUpserted(agency));
                }
                None => {
                    report.added += 1;
                    payloads.push(Payload::AgencyUpserted(agency));
                }
            }
        }
        self.commit(payloads)?;
        Ok(report)
    }

    pub fn import_roster(
        &mut self,
        label: &str,
        bytes: &[u8],
        skip_invalid: bool,
    ) -> Result<ImportReport, AppError> {
        let mut parsed = roster::parse_roster(label, bytes, today())?;
        no_rows(label, parsed.rows.len() + parsed.problems.len())?;
        let mut problems = std::mem::take(&mut parsed.problems);
        let parsed_rows = std::mem::take(&mut parsed.rows);
        let mut rows: Vec<(usize, Employee)> = Vec::with_capacity(parsed_rows.len());
        for (line, e) in parsed_rows {
            if self.store.agency(&e.agency)?.is_none() {
                problems.push(parsed.problem(
                    line,
                    &parsed.agency_column,
                    RowReason::UnknownAgency {
                        code: e.agency.clone(),
                    },
                ));
            } else {
                rows.push((line, e));
            }
        }
        problems.sort_by_key(|p| p.line);
        if !problems.is_empty() && !skip_invalid {
            return Err(AppError::Rows(problems));
        }
        let mut report = ImportReport {
            skipped: problems,
            warnings: std::mem::take(&mut parsed.warnings),
            ..Default::default()
        };
        let mut payloads = Vec::new();
        for (_, e) in rows {
            match self.store.employee(e.nip.as_str())? {
                Some(old) if old == e => report.unchanged += 1,
                Some(_) => {
                    report.updated += 1;
                    payloads.push(Payload::EmployeeUpserted(e));
                }
                None => {
                    report.added += 1;
                    payloads.push(Payload::EmployeeUpserted(e));
                }
            }
        }
        self.commit(payloads)?;
        Ok(report)
    }

    /// Employees whose name, NIP, position or unit contain every word of `query` (case-insensitive).
    pub fn search_employees(
        &self,
        query: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Employee>, AppError> {
        let words: Vec<String> = query
            .unwrap_or("")
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        let mut out = Vec::new();
        for e in self.store.employees() {
            let e = e?;
            let hay = format!(
                "{} {} {} {} {}",
                e.nip.as_str(),
                e.name,
                e.position,
                e.unit,
                e.agency
            )
            .to_lowercase();
            if words.iter().all(|w| hay.contains(w.as_str())) {
                out.push(e);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phase::Role;

    #[test]
    fn a_header_without_rows_is_refused_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::init(&dir.path().join("s"), "Rina", None, Role::Lead).unwrap();
        let before = app.store().journal_len();
        let e = app
            .import_agencies("opd.csv", b"kode,nama\n", false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "opd.csv: the header is there but no rows follow it; nothing imported"
        );
        let e = app
            .import_roster("pegawai.csv", b"NIP;Nama;Kode OPD\r\n;;\r\n", true)
            .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("pegawai.csv: the header is there"));
        assert_eq!(app.store().journal_len(), before);
    }
}

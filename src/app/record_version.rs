//! The version a spreadsheet row carries (`versi`): which state of its record the row was exported from, so that an import can tell a row edited in a spreadsheet from a record changed in Periksa since.
//!
//! A record is one register of the store or two (see [`crate::store::apply`]): a response and a
//! rating recommendation are one each; a finding is its content and its follow-up, two registers
//! that change apart. A register's version is the hash of its last event (its winning head), the
//! hash `periksa log --json` shows. `versi` writes it in hex; a finding's two are joined by `/`,
//! the follow-up part only once a follow-up is recorded. An empty cell is a response never
//! recorded (or a row added in the spreadsheet).

use crate::domain::Id;
use crate::store::apply::{self, RegHead};

use super::{App, AppError};

/// A record whose rows can be imported back.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Record<'a> {
    /// An item's response in an audit.
    Response(&'a Id, &'a str),
    Finding(&'a Id),
    Rating(&'a Id),
}

impl Record<'_> {
    fn registers(self) -> Vec<Vec<u8>> {
        match self {
            Record::Response(audit, item) => vec![apply::response_register(audit, item)],
            Record::Finding(id) => vec![apply::finding_register(id), apply::followup_register(id)],
            Record::Rating(id) => vec![apply::rating_register(id)],
        }
    }
}

/// A record's current version in this store: the winning head of each of its registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordVersion {
    heads: Vec<Option<RegHead>>,
}

impl RecordVersion {
    /// The version as `versi` writes it.
    pub(crate) fn text(&self) -> String {
        let mut parts: Vec<String> = self
            .heads
            .iter()
            .map(|h| h.map(|h| hex::encode(h.hash)).unwrap_or_default())
            .collect();
        while parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        parts.join("/")
    }
}

impl App {
    /// The current version of a record: what an export writes in `versi`.
    pub(crate) fn record_version(&self, record: Record<'_>) -> Result<RecordVersion, AppError> {
        let heads = record
            .registers()
            .iter()
            .map(|r| self.store.current_version(r))
            .collect::<Result<_, _>>()?;
        Ok(RecordVersion { heads })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(byte: u8) -> RegHead {
        RegHead {
            hash: [byte; 32],
            at_ms: 0,
            device: Id::nil(),
            seq: 1,
            offset: 0,
        }
    }

    #[test]
    fn versions_as_the_export_writes_them() {
        let raised = RecordVersion {
            heads: vec![Some(head(1)), None],
        };
        assert_eq!(raised.text(), "01".repeat(32));
        let followed = RecordVersion {
            heads: vec![Some(head(1)), Some(head(2))],
        };
        assert_eq!(
            followed.text(),
            format!("{}/{}", "01".repeat(32), "02".repeat(32))
        );
        assert_eq!(RecordVersion { heads: vec![None] }.text(), "");
    }
}

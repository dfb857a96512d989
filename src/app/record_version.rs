//! The version a spreadsheet row carries (`versi`): which state of its record the row was exported from, so that an import can tell a row edited in a spreadsheet from a record changed in Periksa since.
//!
//! A record is one register of the store or several (see [`crate::store::apply`]): a response and
//! a rating recommendation are one each; a finding is its content and its follow-up status (as
//! recorded before recommendations had their own, then as its first recommendation's), registers
//! that change apart. A register's version is the hash of its last event (its winning head), the
//! hash `periksa log --json` shows. `versi` writes it in hex; a finding's are joined by `/`, the
//! follow-up parts only once a follow-up is recorded. An empty cell is a response never
//! recorded (or a row added in the spreadsheet).

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::Id;
use crate::exchange::roundtrip::SheetReason;
use crate::store::apply::{self, RegHead};
use crate::store::event::Hash;

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
            // its content; the status recorded before recommendations had their own; the status
            // of its first recommendation as a whole (what the follow-up columns of a finding
            // with one recommendation change)
            Record::Finding(id) => vec![
                apply::finding_register(id),
                apply::followup_register(id),
                apply::verification_register(id, 1, None),
            ],
            Record::Rating(id) => vec![apply::rating_register(id)],
        }
    }

    /// How many registers the record is made of (how many hashes its `versi` may hold).
    fn width(self) -> usize {
        match self {
            Record::Finding(_) => 3,
            Record::Response(..) | Record::Rating(_) => 1,
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

    /// The newest change of this store that a file exported at version `file` did not hold: the
    /// newest head among the registers whose version differs. `None` when each register is as
    /// exported, or differs only because this store has no event of it (the file came from a
    /// laptop that had more): nothing newer would be undone.
    pub(crate) fn newer_than(&self, file: &FileVersion) -> Option<RegHead> {
        self.heads
            .iter()
            .enumerate()
            .filter_map(|(i, head)| {
                let head = (*head)?;
                (file.0.get(i).copied().flatten() != Some(head.hash)).then_some(head)
            })
            .max_by_key(RegHead::order)
    }
}

/// A `versi` cell read: one hash per register of the record, `None` where it names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileVersion(Vec<Option<Hash>>);

/// Reads a `versi` cell of a row about `record`; the error is the reason for a problem in the cell.
pub(crate) fn parse_version(cell: &str, record: Record<'_>) -> Result<FileVersion, SheetReason> {
    let width = record.width();
    let bad = || SheetReason::Version {
        found: cell.to_string(),
        pair: width == 2,
    };
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(FileVersion(vec![None; width]));
    }
    let parts: Vec<&str> = cell.split('/').map(str::trim).collect();
    if parts.len() > width {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(width);
    for part in parts {
        if part.is_empty() {
            out.push(None);
            continue;
        }
        let mut hash: Hash = [0; 32];
        hex::decode_to_slice(part, &mut hash).map_err(|_| bad())?;
        out.push(Some(hash));
    }
    out.resize(width, None);
    Ok(FileVersion(out))
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

    /// Who made the change a head stands for (the profile's name), and when.
    pub(crate) fn made_by(&self, head: &RegHead) -> Result<(String, DateTime<Utc>), AppError> {
        let e = self.store.event_at(head.offset)?;
        let at = Utc
            .timestamp_millis_opt(e.body.at_ms)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Ok((self.actor_name(&e.body.actor), at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(byte: u8, at_ms: i64) -> RegHead {
        RegHead {
            hash: [byte; 32],
            at_ms,
            device: Id::nil(),
            seq: 1,
            offset: 0,
        }
    }

    #[test]
    fn a_version_round_trips_through_its_text() {
        let id = Id::nil();
        let finding = Record::Finding(&id);
        let raised = RecordVersion {
            heads: vec![Some(head(1, 10)), None],
        };
        assert_eq!(raised.text(), "01".repeat(32));
        let file = parse_version(&raised.text(), finding).unwrap();
        assert_eq!(raised.newer_than(&file), None);

        // a follow-up recorded after the export is the newer change
        let followed = RecordVersion {
            heads: vec![Some(head(1, 10)), Some(head(2, 20))],
        };
        assert_eq!(
            followed.text(),
            format!("{}/{}", "01".repeat(32), "02".repeat(32))
        );
        assert_eq!(followed.newer_than(&file), Some(head(2, 20)));
        let both = parse_version(&followed.text(), finding).unwrap();
        assert_eq!(followed.newer_than(&both), None);

        // the content edited since: that head, even when the follow-up's is the later one
        let edited = RecordVersion {
            heads: vec![Some(head(3, 30)), Some(head(2, 20))],
        };
        assert_eq!(edited.newer_than(&both), Some(head(3, 30)));
        // a register this store has no event of (the file came from a laptop with more) undoes
        // nothing here
        assert_eq!(raised.newer_than(&both), None);
    }

    #[test]
    fn an_empty_cell_is_a_record_never_made() {
        let id = Id::nil();
        let response = Record::Response(&id, "SP-01");
        let empty = parse_version(" ", response).unwrap();
        let never = RecordVersion { heads: vec![None] };
        assert_eq!(never.text(), "");
        assert_eq!(never.newer_than(&empty), None);
        let answered = RecordVersion {
            heads: vec![Some(head(7, 5))],
        };
        assert_eq!(answered.newer_than(&empty), Some(head(7, 5)));
    }

    #[test]
    fn a_cell_the_export_did_not_write_is_refused() {
        let id = Id::nil();
        let rating = Record::Rating(&id);
        let e = parse_version("abc", rating).unwrap_err().to_string();
        assert_eq!(
            e,
            "\"abc\" is not a version as the export writes it (the hash of the record's last \
             event, 64 hexadecimal digits); leave the versi column as exported"
        );
        let two = format!("{}/{}", "01".repeat(32), "02".repeat(32));
        assert!(parse_version(&two, rating).is_err());
        assert!(parse_version(&two, Record::Finding(&id)).is_ok());
        // upper case, as a spreadsheet may have turned it
        assert!(parse_version(&"AB".repeat(32), rating).is_ok());
    }
}

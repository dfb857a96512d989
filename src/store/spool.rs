//! A large foreign save (a findings file's new entries) spooled to an unnamed file beside the journal, so that it is never held in memory whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use super::apply::Head;
use super::{wire, Entry, StoreError};
use crate::domain::Id;

/// Entries set aside as journal records (flags and body), to be saved later in an order of the
/// caller's choosing ([`super::Store::append_spooled_with`]). The file has no name (it is gone
/// when the spool is dropped, also after a crash) and lives in the store's folder, so it is as
/// private as the journal and on the same disk.
pub struct Spool {
    out: BufWriter<File>,
    path: PathBuf,
    len: u64,
    device: Id,
    pub(super) arrivals: Arrivals,
}

/// Where one spooled entry lies.
#[derive(Debug, Clone, Copy)]
pub struct Spooled {
    offset: u64,
    len: u32,
    flags: u8,
}

/// What a save must know of the foreign entries it carries to stamp its own events after them:
/// the latest clock among them and, when this store's own chain comes back (from a backup), its
/// newest event.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Arrivals {
    pub latest_at: Option<i64>,
    pub own: Option<Head>,
}

impl Arrivals {
    pub(super) fn note(&mut self, own_device: Id, entry: &Entry) {
        if let Entry::Event(ev) = entry {
            self.latest_at = Some(
                self.latest_at
                    .map_or(ev.body.at_ms, |t| t.max(ev.body.at_ms)),
            );
            if ev.body.device == own_device && self.own.is_none_or(|h| ev.body.seq > h.seq) {
                self.own = Some(Head {
                    seq: ev.body.seq,
                    hash: ev.hash,
                    at_ms: ev.body.at_ms,
                });
            }
        }
    }

    pub(super) fn of(own_device: Id, entries: &[Entry]) -> Arrivals {
        let mut a = Arrivals::default();
        for e in entries {
            a.note(own_device, e);
        }
        a
    }
}

impl Spool {
    pub(super) fn create(dir: &std::path::Path, device: Id) -> Result<Spool, StoreError> {
        let file = tempfile::tempfile_in(dir).map_err(|e| StoreError::io(dir, e))?;
        Ok(Spool {
            out: BufWriter::with_capacity(1 << 16, file),
            path: dir.to_path_buf(),
            len: 0,
            device,
            arrivals: Arrivals::default(),
        })
    }

    /// Set `entry` aside; says where it lies.
    pub fn push(&mut self, entry: &Entry) -> Result<Spooled, StoreError> {
        let (flags, body) = wire::to_record(entry).map_err(StoreError::Codec)?;
        let len = u32::try_from(body.len()).map_err(|_| StoreError::BadEvent {
            offset: self.len,
            reason: format!("an entry of {} bytes", body.len()),
        })?;
        self.out
            .write_all(&body)
            .map_err(|e| StoreError::io(&self.path, e))?;
        let at = Spooled {
            offset: self.len,
            len,
            flags,
        };
        self.len += u64::from(len);
        self.arrivals.note(self.device, entry);
        Ok(at)
    }

    /// Everything pushed is in the file (before reading it back).
    pub(super) fn flush(&mut self) -> Result<(), StoreError> {
        self.out.flush().map_err(|e| StoreError::io(&self.path, e))
    }

    /// The record of a spooled entry: its flags and body.
    pub(super) fn read(&self, at: &Spooled) -> Result<(u8, Vec<u8>), StoreError> {
        let mut body = vec![0u8; at.len as usize];
        self.out
            .get_ref()
            .read_exact_at(&mut body, at.offset)
            .map_err(|e| StoreError::io(&self.path, e))?;
        Ok((at.flags, body))
    }
}

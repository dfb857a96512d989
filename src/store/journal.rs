//! The journal file: append-only, length-prefixed, checksummed records, fsynced before a save is reported.
//!
//! Layout: a 16-byte header (`PRKSJRNL`, format version), then records
//! `len: u32 LE | flags: u8 | check: 8 bytes | body`, where `check` is the first 8 bytes of
//! BLAKE3(len ‖ flags ‖ body). One save writes all its records with a single write and one
//! `fdatasync`; its last record carries [`FLAG_COMMIT`], so a save torn by a crash is recognised
//! and dropped whole: a multi-event save is all-or-nothing.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::codec::MAX_VALUE_BYTES;

const MAGIC: &[u8; 8] = b"PRKSJRNL";
/// The format this build writes: 2 may hold form-2 events ([`FLAG_FORM2`]).
/// A format-1 journal is read as it is and marked 2 when it is opened for writing, so a build
/// older than issue 14 refuses it with a clear message instead of misreading a new record.
const FORMAT: u16 = 2;
const FIRST_FORMAT: u16 = 1;
pub const HEADER_LEN: u64 = 16;
const RECORD_HEAD: usize = 4 + 1 + 8;
/// Marks the last record of one save.
pub const FLAG_COMMIT: u8 = 1;
/// The record holds a [`Stub`](super::event::Stub) (an event of another audit known only by its
/// hashes, from a findings file), not a whole event.
pub const FLAG_STUB: u8 = 2;
/// The record holds an event in its versioned envelope (form 2, see [`super::wire`]); without it,
/// an event record is of form 1.
pub const FLAG_FORM2: u8 = 4;
/// The flags a record's writer chooses (the commit flag is the journal's own).
const ENTRY_FLAGS: u8 = FLAG_STUB | FLAG_FORM2;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("journal {path} is not a Periksa journal: {reason}")]
    BadHeader { path: PathBuf, reason: String },
    #[error("journal {path} is damaged at byte {offset}: {reason}; valid records follow the damage, so this is not a torn write — run `periksa verify` and restore from a backup")]
    Damaged {
        path: PathBuf,
        offset: u64,
        reason: String,
    },
    #[error("journal {path}: a save of {size} bytes is larger than the {limit} byte limit of one record")]
    TooLarge {
        path: PathBuf,
        size: usize,
        limit: usize,
    },
}

/// One record read back from the journal.
#[derive(Debug, Clone)]
pub struct Record {
    pub offset: u64,
    pub flags: u8,
    pub body: Vec<u8>,
    pub next: u64,
}

/// How a scan ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanEnd {
    /// The journal ends on a complete save.
    Clean { end: u64 },
    /// The journal ends in an unfinished save (a crash mid-write); `valid_end` is where the last
    /// complete save ends and everything from there on was never acknowledged.
    Torn {
        valid_end: u64,
        file_len: u64,
        reason: String,
    },
}

pub struct Journal {
    file: File,
    path: PathBuf,
    len: u64,
}

fn check(len: u32, flags: u8, body: &[u8]) -> [u8; 8] {
    let mut h = blake3::Hasher::new();
    h.update(&len.to_le_bytes());
    h.update(&[flags]);
    h.update(body);
    let mut out = [0u8; 8];
    out.copy_from_slice(&h.finalize().as_bytes()[..8]);
    out
}

/// Why the bytes at some offset are not a valid record.
enum Bad {
    /// The file ends inside the record.
    Short,
    /// The record is there but wrong.
    Invalid(String),
}

/// One save written record by record, for a save too large to build in memory (a findings
/// file's entries): records go to the file in steps of [`APPEND_STEP`] bytes, none marked;
/// [`Appending::commit`] marks the last one [`FLAG_COMMIT`] and syncs. Until then the journal's
/// length is unchanged and nothing of the save is read; a crash leaves a tail without a commit
/// mark, dropped whole on the next open; dropped without a commit (an error, a stop), the file is
/// cut back to where the save began.
pub struct Appending<'j> {
    journal: &'j mut Journal,
    start: u64,
    buf: Vec<u8>,
    /// Bytes of this save already written past `start`.
    flushed: u64,
    /// The newest record, held back until it is known whether it is the last.
    held: Option<(u8, Vec<u8>)>,
    offsets: Vec<u64>,
}

/// How much of a save [`Appending`] gathers before writing it.
const APPEND_STEP: usize = 1 << 20;

impl Appending<'_> {
    /// Add a record (`extra` flags, `body`).
    pub fn push(&mut self, extra: u8, body: Vec<u8>) -> Result<(), JournalError> {
        if body.len() > MAX_VALUE_BYTES {
            return Err(JournalError::TooLarge {
                path: self.journal.path.clone(),
                size: body.len(),
                limit: MAX_VALUE_BYTES,
            });
        }
        if let Some((flags, held)) = self.held.replace((extra, body)) {
            self.frame(flags & ENTRY_FLAGS, &held);
            if self.buf.len() >= APPEND_STEP {
                self.write()?;
            }
        }
        Ok(())
    }

    /// How many records the save holds so far.
    pub fn records(&self) -> usize {
        self.offsets.len() + usize::from(self.held.is_some())
    }

    fn frame(&mut self, extra: u8, body: &[u8]) {
        let len = body.len() as u32;
        self.offsets
            .push(self.start + self.flushed + self.buf.len() as u64);
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.push(extra);
        self.buf.extend_from_slice(&check(len, extra, body));
        self.buf.extend_from_slice(body);
    }

    fn write(&mut self) -> Result<(), JournalError> {
        let at = self.start + self.flushed;
        if let Err(e) = self.journal.file.write_all_at(&self.buf, at) {
            return Err(self.undo(e));
        }
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Cut the file back to where the save began (if even this fails, the tail has no commit
    /// mark and is dropped on the next open).
    fn undo(&mut self, e: std::io::Error) -> JournalError {
        self.cut_back();
        self.buf.clear();
        self.journal.io(e)
    }

    /// Cut the file back to where the save began, if anything of it was written.
    fn cut_back(&mut self) {
        let _ = self.journal.file.set_len(self.start);
        let _ = self.journal.file.sync_data();
        self.flushed = 0;
    }

    /// Mark the last record as the commit, write what is left and fsync: the save is durable.
    /// Returns each record's offset. On failure nothing of this save remains.
    pub fn commit(mut self) -> Result<Vec<u64>, JournalError> {
        let Some((extra, body)) = self.held.take() else {
            return Ok(Vec::new());
        };
        self.frame(extra & ENTRY_FLAGS | FLAG_COMMIT, &body);
        self.write()?;
        if let Err(e) = self.journal.file.sync_data() {
            return Err(self.undo(e));
        }
        self.journal.len = self.start + self.flushed;
        self.flushed = 0;
        Ok(std::mem::take(&mut self.offsets))
    }
}

impl Drop for Appending<'_> {
    fn drop(&mut self) {
        if self.flushed > 0 {
            self.cut_back();
        }
    }
}

impl Journal {
    fn io(&self, source: std::io::Error) -> JournalError {
        JournalError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Create a new, empty journal (fails if the file exists) and make it durable.
    pub fn create(path: &Path) -> Result<Journal, JournalError> {
        let io = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(io)?;
        let mut header = [0u8; HEADER_LEN as usize];
        header[..8].copy_from_slice(MAGIC);
        header[8..10].copy_from_slice(&FORMAT.to_le_bytes());
        file.write_all_at(&header, 0).map_err(io)?;
        file.sync_all().map_err(io)?;
        if let Some(dir) = path.parent() {
            sync_dir(dir).map_err(io)?;
        }
        Ok(Journal {
            file,
            path: path.to_path_buf(),
            len: HEADER_LEN,
        })
    }

    /// Open an existing journal and check its header.
    pub fn open(path: &Path, writable: bool) -> Result<Journal, JournalError> {
        let io = |source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(writable)
            .open(path)
            .map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let bad = |reason: String| JournalError::BadHeader {
            path: path.to_path_buf(),
            reason,
        };
        if len < HEADER_LEN {
            return Err(bad(format!(
                "the file is {len} bytes, shorter than the {HEADER_LEN}-byte header"
            )));
        }
        let mut header = [0u8; HEADER_LEN as usize];
        file.read_exact_at(&mut header, 0).map_err(io)?;
        if &header[..8] != MAGIC {
            return Err(bad("it does not start with PRKSJRNL".into()));
        }
        let format = u16::from_le_bytes([header[8], header[9]]);
        if !(FIRST_FORMAT..=FORMAT).contains(&format) {
            return Err(bad(format!(
                "format version {format}, this build reads versions {FIRST_FORMAT} to {FORMAT}: update Periksa to open it"
            )));
        }
        if writable && format < FORMAT {
            file.write_all_at(&FORMAT.to_le_bytes(), 8).map_err(io)?;
            file.sync_data().map_err(io)?;
        }
        Ok(Journal {
            file,
            path: path.to_path_buf(),
            len,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Byte length of the journal (header included).
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len <= HEADER_LEN
    }

    /// Append one save of plain records at once (the tests' shorthand for [`Journal::appending`]).
    #[cfg(test)]
    pub fn append(&mut self, bodies: &[Vec<u8>]) -> Result<Vec<u64>, JournalError> {
        let mut save = self.appending();
        for body in bodies {
            save.push(0, body.clone())?;
        }
        save.commit()
    }

    /// Start a save written record by record (see [`Appending`]).
    pub fn appending(&mut self) -> Appending<'_> {
        Appending {
            start: self.len,
            journal: self,
            buf: Vec::new(),
            flushed: 0,
            held: None,
            offsets: Vec::new(),
        }
    }

    fn parse_at(&self, offset: u64, file_len: u64) -> Result<Result<Record, Bad>, JournalError> {
        let mut at = At {
            file: &self.file,
            pos: offset,
        };
        read_one(&mut at, offset, file_len).map_err(|e| self.io(e))
    }

    /// Read the record at `offset` (an offset an index gave us).
    pub fn read_record(&self, offset: u64) -> Result<Record, JournalError> {
        // one positional read fetches the head and, for most events, the whole body (into a
        // buffer on the stack: a zeroed heap buffer per lookup cost more than the read)
        let mut first = [0u8; LOOKUP_READ];
        let want = (self.len.saturating_sub(offset) as usize).min(LOOKUP_READ);
        let mut got = 0;
        while got < want {
            match self
                .file
                .read_at(&mut first[got..want], offset + got as u64)
            {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io(e)),
            }
        }
        let mut at = Read::chain(
            &first[..got],
            At {
                file: &self.file,
                pos: offset + got as u64,
            },
        );
        match read_one(&mut at, offset, self.len).map_err(|e| self.io(e))? {
            Ok(r) => Ok(r),
            Err(Bad::Short) => Err(JournalError::Damaged {
                path: self.path.clone(),
                offset,
                reason: "the record runs past the end of the journal".into(),
            }),
            Err(Bad::Invalid(reason)) => Err(JournalError::Damaged {
                path: self.path.clone(),
                offset,
                reason,
            }),
        }
    }

    /// Whether any valid record starts after `from` — tells damage in the middle from a torn tail.
    fn valid_record_after(&self, from: u64, file_len: u64) -> Result<Option<u64>, JournalError> {
        let mut pos = from + 1;
        while pos + (RECORD_HEAD as u64) <= file_len {
            if let Ok(_rec) = self.parse_at(pos, file_len)? {
                return Ok(Some(pos));
            }
            pos += 1;
        }
        Ok(None)
    }

    /// Read complete saves from `from` to the end, calling `f` with each save's records in order.
    /// A torn tail is reported (not trimmed; see [`Journal::truncate`]); damage followed by valid
    /// records is an error.
    pub fn scan(
        &self,
        from: u64,
        mut f: impl FnMut(Vec<Record>) -> Result<(), JournalError>,
    ) -> Result<ScanEnd, JournalError> {
        let mut txn: Vec<Record> = Vec::new();
        self.walk(from, |rec| {
            let commit = rec.flags & FLAG_COMMIT != 0;
            txn.push(rec);
            if commit {
                f(std::mem::take(&mut txn))?;
            }
            Ok(())
        })
    }

    /// Like [`Journal::scan`], but every valid record is handed over as soon as it is read, also
    /// those of an unfinished save (for `verify`, which names the last good event precisely).
    pub fn scan_records(
        &self,
        from: u64,
        f: impl FnMut(Record) -> Result<(), JournalError>,
    ) -> Result<ScanEnd, JournalError> {
        self.walk(from, f)
    }

    fn walk(
        &self,
        from: u64,
        mut f: impl FnMut(Record) -> Result<(), JournalError>,
    ) -> Result<ScanEnd, JournalError> {
        let file_len = self.len;
        let mut reader =
            BufReader::with_capacity(1 << 20, self.file.try_clone().map_err(|e| self.io(e))?);
        reader.seek(SeekFrom::Start(from)).map_err(|e| self.io(e))?;
        let mut pos = from;
        // where the last complete save ends
        let mut txn_start = from;
        let mut open_records = 0usize;
        loop {
            if pos == file_len {
                if open_records == 0 {
                    return Ok(ScanEnd::Clean { end: pos });
                }
                return Ok(ScanEnd::Torn {
                    valid_end: txn_start,
                    file_len,
                    reason: format!("the last save ({open_records} record(s)) has no commit mark"),
                });
            }
            let bad = match read_one(&mut reader, pos, file_len) {
                Ok(Ok(rec)) => {
                    pos = rec.next;
                    let commit = rec.flags & FLAG_COMMIT != 0;
                    f(rec)?;
                    if commit {
                        txn_start = pos;
                        open_records = 0;
                    } else {
                        open_records += 1;
                    }
                    continue;
                }
                Ok(Err(bad)) => bad,
                Err(e) => return Err(self.io(e)),
            };
            let reason = match bad {
                Bad::Short => format!("the file ends inside the record at byte {pos}"),
                Bad::Invalid(r) => format!("{r} (record at byte {pos})"),
            };
            if let Some(next) = self.valid_record_after(pos, file_len)? {
                return Err(JournalError::Damaged {
                    path: self.path.clone(),
                    offset: pos,
                    reason: format!("{reason}; a valid record starts again at byte {next}"),
                });
            }
            return Ok(ScanEnd::Torn {
                valid_end: txn_start,
                file_len,
                reason,
            });
        }
    }

    /// Cut the journal back to `len` (used to drop a torn, never-acknowledged tail) and fsync.
    pub fn truncate(&mut self, len: u64) -> Result<(), JournalError> {
        self.file.set_len(len).map_err(|e| self.io(e))?;
        self.file.sync_all().map_err(|e| self.io(e))?;
        self.len = len;
        Ok(())
    }
}

/// Positional reads from a file, as a `Read` (for single records found through an index).
/// Bytes read at once when looking up one record by offset (most events are smaller).
const LOOKUP_READ: usize = 4096;

struct At<'a> {
    file: &'a File,
    pos: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Read and check one record starting at `offset` (buffered for scans, positional for lookups).
fn read_one(
    reader: &mut impl Read,
    offset: u64,
    file_len: u64,
) -> std::io::Result<Result<Record, Bad>> {
    if offset + RECORD_HEAD as u64 > file_len {
        return Ok(Err(Bad::Short));
    }
    let mut head = [0u8; RECORD_HEAD];
    reader.read_exact(&mut head)?;
    let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    let flags = head[4];
    if flags & !(FLAG_COMMIT | ENTRY_FLAGS) != 0 {
        return Ok(Err(Bad::Invalid(format!(
            "unknown record flags {flags:#04x}"
        ))));
    }
    if len as usize > MAX_VALUE_BYTES {
        return Ok(Err(Bad::Invalid(format!(
            "record claims {len} bytes, more than the {MAX_VALUE_BYTES} byte limit"
        ))));
    }
    let next = offset + RECORD_HEAD as u64 + len as u64;
    if next > file_len {
        return Ok(Err(Bad::Short));
    }
    let mut body = vec![0u8; len as usize];
    reader.read_exact(&mut body)?;
    if check(len, flags, &body) != head[5..13] {
        return Ok(Err(Bad::Invalid("record checksum does not match".into())));
    }
    Ok(Ok(Record {
        offset,
        flags,
        body,
        next,
    }))
}

/// fsync a directory so a created or renamed entry in it is durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saves(j: &Journal) -> (Vec<Vec<Vec<u8>>>, ScanEnd) {
        let mut out = Vec::new();
        let end = j
            .scan(HEADER_LEN, |recs| {
                out.push(recs.into_iter().map(|r| r.body).collect());
                Ok(())
            })
            .unwrap();
        (out, end)
    }

    #[test]
    fn append_scan_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        let mut j = Journal::create(&path).unwrap();
        let offs = j.append(&[b"satu".to_vec()]).unwrap();
        assert_eq!(offs, vec![HEADER_LEN]);
        j.append(&[b"dua".to_vec(), b"tiga".to_vec()]).unwrap();
        let j = Journal::open(&path, false).unwrap();
        let (s, end) = saves(&j);
        assert_eq!(
            s,
            vec![
                vec![b"satu".to_vec()],
                vec![b"dua".to_vec(), b"tiga".to_vec()]
            ]
        );
        assert_eq!(end, ScanEnd::Clean { end: j.len() });
        assert_eq!(j.read_record(offs[0]).unwrap().body, b"satu");
    }

    #[test]
    fn torn_tail_drops_the_whole_unfinished_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        let mut j = Journal::create(&path).unwrap();
        j.append(&[b"satu".to_vec()]).unwrap();
        let good = j.len();
        j.append(&[b"dua".to_vec(), b"tiga-yang-panjang".to_vec()])
            .unwrap();
        // cut inside the second record of the second save
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(j.len() - 5).unwrap();
        let mut j = Journal::open(&path, true).unwrap();
        let (s, end) = saves(&j);
        assert_eq!(s.len(), 1);
        match end {
            ScanEnd::Torn { valid_end, .. } => {
                assert_eq!(valid_end, good);
                j.truncate(valid_end).unwrap();
            }
            other => panic!("expected torn, got {other:?}"),
        }
        assert_eq!(saves(&j).1, ScanEnd::Clean { end: good });
    }

    /// Bodies of a save larger than one write step, each different.
    fn big_save() -> Vec<Vec<u8>> {
        (0..3_000u32)
            .map(|i| format!("catatan {i} ").repeat(60).into_bytes())
            .collect()
    }

    #[test]
    fn a_save_written_in_steps_is_one_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        let mut j = Journal::create(&path).unwrap();
        j.append(&[b"satu".to_vec()]).unwrap();
        let bodies = big_save();
        let total: usize = bodies.iter().map(Vec::len).sum();
        assert!(total > 2 * APPEND_STEP, "{total}");
        let mut save = j.appending();
        for (i, b) in bodies.iter().enumerate() {
            save.push(if i % 2 == 0 { FLAG_STUB } else { 0 }, b.clone())
                .unwrap();
        }
        assert_eq!(save.records(), bodies.len());
        let offsets = save.commit().unwrap();
        assert_eq!(offsets.len(), bodies.len());
        let j = Journal::open(&path, false).unwrap();
        let (s, end) = saves(&j);
        assert_eq!(s, vec![vec![b"satu".to_vec()], bodies.clone()]);
        assert_eq!(end, ScanEnd::Clean { end: j.len() });
        for (i, off) in offsets.iter().enumerate() {
            let r = j.read_record(*off).unwrap();
            assert_eq!(r.body, bodies[i]);
            let last = i + 1 == bodies.len();
            assert_eq!(r.flags & FLAG_COMMIT != 0, last, "record {i}");
            assert_eq!(r.flags & FLAG_STUB != 0, i % 2 == 0, "record {i}");
        }
    }

    #[test]
    fn a_stepped_save_not_committed_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        let mut j = Journal::create(&path).unwrap();
        j.append(&[b"satu".to_vec()]).unwrap();
        let before = j.len();
        // dropped (an error, a stop): the file is cut back at once
        let mut save = j.appending();
        for b in big_save() {
            save.push(0, b).unwrap();
        }
        drop(save);
        assert_eq!(j.len(), before);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), before);
        // a crash part way (the save never finishes nor cleans up): written steps without a
        // commit mark are a torn tail, dropped whole on the next open
        let mut save = j.appending();
        for b in big_save() {
            save.push(0, b).unwrap();
        }
        std::mem::forget(save);
        let on_disk = std::fs::metadata(&path).unwrap().len();
        assert!(on_disk > before + APPEND_STEP as u64, "{on_disk}");
        let j = Journal::open(&path, true).unwrap();
        let (s, end) = saves(&j);
        assert_eq!(s, vec![vec![b"satu".to_vec()]]);
        assert!(
            matches!(end, ScanEnd::Torn { valid_end, .. } if valid_end == before),
            "{end:?}"
        );
    }

    #[test]
    fn garbage_tail_is_torn_but_damage_in_the_middle_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        let mut j = Journal::create(&path).unwrap();
        j.append(&[b"satu".to_vec()]).unwrap();
        let second = j.len();
        j.append(&[b"dua".to_vec()]).unwrap();
        j.append(&[b"tiga".to_vec()]).unwrap();
        // flip a byte in the body of the second save: valid records follow → damaged
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all_at(b"X", second + RECORD_HEAD as u64).unwrap();
        let j = Journal::open(&path, true).unwrap();
        let err = j.scan(HEADER_LEN, |_| Ok(())).unwrap_err();
        assert!(
            matches!(err, JournalError::Damaged { offset, .. } if offset == second),
            "{err}"
        );
        // garbage appended after the last save is a torn tail
        let path2 = dir.path().join("j2.log");
        let mut j2 = Journal::create(&path2).unwrap();
        j2.append(&[b"satu".to_vec()]).unwrap();
        let end = j2.len();
        let f = OpenOptions::new().write(true).open(&path2).unwrap();
        f.write_all_at(&[0xAB; 40], end).unwrap();
        let j2 = Journal::open(&path2, true).unwrap();
        assert!(matches!(saves(&j2).1, ScanEnd::Torn { valid_end, .. } if valid_end == end));
    }

    #[test]
    fn bad_header_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.log");
        std::fs::write(&path, b"not a journal at all").unwrap();
        assert!(matches!(
            Journal::open(&path, false),
            Err(JournalError::BadHeader { .. })
        ));
        std::fs::write(&path, b"short").unwrap();
        assert!(matches!(
            Journal::open(&path, false),
            Err(JournalError::BadHeader { .. })
        ));
    }
}

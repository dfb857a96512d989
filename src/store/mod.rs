//! The event store: an fsynced, hash-chained journal (the truth) and sled projections (the state).
//!
//! A store is a directory:
//! ```text
//! store.toml     device id, public key, format           (written once at init)
//! device.key     the device's Ed25519 secret key (0600)
//! settings.toml  current auditor profile and local settings
//! journal.log    every event, append-only, fsynced per save
//! state/         sled: projections and indexes, rebuildable from the journal
//! lock           held by the one process that has the store open
//! ```

pub mod apply;
pub mod event;
mod groups;
pub mod journal;
pub mod keys;
mod read;
pub mod snapshot;
mod spool;
pub mod verify;
pub mod wire;

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError};
use crate::domain::Id;

use apply::{Applied, Head, Overlay};
use event::{Event, EventBody, Hash, Payload, Stub, GENESIS};
use journal::{Journal, JournalError, ScanEnd, HEADER_LEN};

pub use groups::EventPos;
pub use read::EventFilter;
pub use snapshot::Snapshot;
use spool::Arrivals;
pub use spool::{Spool, Spooled};

/// How far a rebuild of the state from the journal has got, in journal bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilding {
    pub done: u64,
    pub total: u64,
}

impl Rebuilding {
    pub fn percent(&self) -> u64 {
        self.done.saturating_mul(100) / self.total.max(1)
    }
}

/// Every key and value of the state database, in key order.
pub type Dump = Vec<(Vec<u8>, Vec<u8>)>;

/// A large save (a roster import) reaches sled in batches of this many events; the applied marker
/// moves only with the last one, and re-applying a save is idempotent, so a crash in between is
/// recovered on open. One giant batch leaves sled pages that stay slow to read.
const APPLY_CHUNK: usize = 1000;

/// sled's page cache: bounded, because field laptops are small (sled's default is 1 GiB).
pub const CACHE_BYTES: u64 = 32 * 1024 * 1024;
const STORE_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no Periksa store at {0}: create one with `periksa init --name NAME --nip NIP` or `periksa demo`")]
    NotAStore(PathBuf),
    #[error("{0} is a file, not a store directory; pass the store's directory with --store DIR")]
    NotADirectory(PathBuf),
    #[error("{path} is missing: {what}")]
    Missing { path: PathBuf, what: MissingWhat },
    #[error("a Periksa store already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("store {0} is in use by another Periksa process; close it there first")]
    InUse(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the disk holding {path} is full: this command saved nothing; free some space and try again")]
    DiskFull { path: PathBuf },
    #[error("store {path} is read-only: {source}; saving needs write access")]
    ReadOnly {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged: {reason}")]
    BadFile { path: PathBuf, reason: String },
    #[error(transparent)]
    Journal(JournalError),
    #[error("state database: {0}; run `periksa rebuild` to re-derive it from the journal")]
    Sled(sled::Error),
    #[error(transparent)]
    Codec(CodecError),
    #[error("stored value under key {key} cannot be read ({source}); run `periksa rebuild`")]
    CorruptValue { key: String, source: CodecError },
    #[error("event at journal byte {offset} cannot be read: {reason}")]
    BadEvent { offset: u64, reason: String },
    #[error("the change was saved to the journal, but updating the state failed: {0}; it will be applied again when the store is next opened")]
    ApplyAfterSave(Box<StoreError>),
    #[error("this store had an error after a save; reopen it before saving again")]
    Poisoned,
    /// A long command stopped on request before it changed anything.
    #[error("stopped on request before anything was changed or written")]
    Cancelled,
}

/// Which of the store's files is missing, and why it matters (said in English by `Display`; the
/// app says it in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingWhat {
    /// journal.log
    Journal,
    /// store.toml
    Meta,
    /// device.key
    Key,
}

impl std::fmt::Display for MissingWhat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MissingWhat::Journal => "it holds every saved change; restore the store from a backup",
            MissingWhat::Meta => "it says which device this store belongs to",
            MissingWhat::Key => {
                "it is this laptop's signing key, without which no change can be saved; restore \
                 it from a backup of the store"
            }
        })
    }
}

impl StoreError {
    pub fn corrupt_value(key: &[u8], source: CodecError) -> StoreError {
        StoreError::CorruptValue {
            key: hex::encode(key),
            source,
        }
    }
    fn io(path: &Path, source: std::io::Error) -> StoreError {
        if source.kind() == std::io::ErrorKind::StorageFull || source.raw_os_error() == Some(28) {
            return StoreError::DiskFull {
                path: path.to_path_buf(),
            };
        }
        if source.kind() == std::io::ErrorKind::PermissionDenied
            || source.raw_os_error() == Some(30)
        {
            return StoreError::ReadOnly {
                path: path.to_path_buf(),
                source,
            };
        }
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<JournalError> for StoreError {
    fn from(e: JournalError) -> StoreError {
        match e {
            JournalError::Io { path, source } => StoreError::io(&path, source),
            other => StoreError::Journal(other),
        }
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        match e {
            sled::Error::Io(source) if source.raw_os_error() == Some(28) => StoreError::DiskFull {
                path: PathBuf::from("the state database"),
            },
            other => StoreError::Sled(other),
        }
    }
}

/// `store.toml`: written once at init.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoreMeta {
    pub format: u32,
    pub device: Id,
    pub public_key: String,
    pub created: String,
}

/// `settings.toml`: local choices of this laptop, not part of the audit record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Settings {
    pub current_profile: Option<Id>,
    /// Days the auditee has for follow-up (30 or 60 by region).
    pub followup_days: Option<u32>,
    /// Saved list views by screen name: up to nine encoded views each, slot 1 first; an empty
    /// string is a free slot. Each screen reads its own encoding.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub saved_views: BTreeMap<String, Vec<String>>,
    /// A completeness rule file of this store (relative to the store), in place of the shipped
    /// `data/rules/kelengkapan.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completeness_rules: Option<PathBuf>,
    /// Typing not yet saved (an observation, a finding form), kept so a killed terminal loses
    /// none of it: by draft key (`note/AUDIT/ITEM`, `finding/AUDIT/ID`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub drafts: BTreeMap<String, Draft>,
}

/// Typing kept until it is saved or thrown away.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Draft {
    pub text: String,
    /// When it was kept, RFC 3339.
    pub at: String,
}

/// Something the store did on open that the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    TornTailTrimmed {
        at: u64,
        bytes: u64,
        reason: String,
    },
    Reapplied {
        saves: usize,
    },
    StateRebuilt {
        reason: String,
        set_aside: Option<PathBuf>,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::TornTailTrimmed { at, bytes, reason } => write!(
                f,
                "an unfinished save was cut off by a crash: trimmed {bytes} byte(s) at journal byte {at} ({reason}); nothing acknowledged was lost"
            ),
            Notice::Reapplied { saves } => write!(
                f,
                "re-applied {saves} save(s) from the journal that the state had not yet recorded"
            ),
            Notice::StateRebuilt { reason, set_aside } => match set_aside {
                Some(p) => write!(
                    f,
                    "the state database was rebuilt from the journal ({reason}); the old one was set aside at {}",
                    p.display()
                ),
                None => write!(f, "the state database was rebuilt from the journal ({reason})"),
            },
        }
    }
}

pub struct Store {
    dir: PathBuf,
    meta: StoreMeta,
    key: SigningKey,
    journal: Journal,
    db: sled::Db,
    tree: sled::Tree,
    head: Head,
    notices: Vec<Notice>,
    poisoned: bool,
    _lock: File,
}

/// How long to wait for sled's file lock: the background threads of a state this process has
/// just closed can hold it for a moment after the close (our own `lock` file already keeps other
/// processes out, so a held sled lock is never someone else's).
const SLED_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The size of sled's log segments in a new state database: sled's default. Larger segments
/// keep a large state in less room (8 MiB: 1M events' state 1.6 → 0.9–1.0 GB, the store open
/// 141 → 86 ms), but sled writes out the rest of its current segment each time it opens a
/// database: 7 MB for every command run on a small store (18 → 45 ms a command), so they were
/// not kept (PERFORMANCE.md).
const SEGMENT_BYTES: usize = 512 << 10;

/// The segment size sled recorded for the database at `path` when it made it (sled refuses to
/// open a database with another): a state made with another size keeps it until it is rebuilt. `None` for a new database, or a record this build cannot read (sled then says
/// what is wrong).
fn recorded_segment_size(path: &Path) -> Option<usize> {
    // text lines, then a checksum in binary
    let conf = std::fs::read(path.join("conf")).ok()?;
    String::from_utf8_lossy(&conf)
        .lines()
        .find_map(|l| l.strip_prefix("segment_size:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| n.is_power_of_two() && (256..=1 << 24).contains(n))
}

fn open_sled(path: &Path) -> Result<sled::Db, sled::Error> {
    let start = std::time::Instant::now();
    let segment = recorded_segment_size(path).unwrap_or(SEGMENT_BYTES);
    loop {
        match sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .segment_size(segment)
            .open()
        {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && start.elapsed() < SLED_LOCK_WAIT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

fn write_file_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<(), StoreError> {
    let tmp = path.with_extension("tmp");
    let io = |e| StoreError::io(path, e);
    {
        let mut opts = OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    if let Some(dir) = path.parent() {
        journal::sync_dir(dir).map_err(io)?;
    }
    Ok(())
}

fn lock(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join("lock");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| StoreError::io(dir, e))?;
    // A lock this process has just let go of can stay held for a moment: a child process that
    // another thread is starting holds a copy of every open file until it execs. Another process
    // really using the store holds it for longer than this wait.
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::InUse(dir.to_path_buf()))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
        }
    }
}

/// How long opening waits for the store's lock before saying another Periksa has the store open.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// A local change to seal: its author, a time it should carry at the earliest (`None`: now), and
/// the change.
type Local = (Id, Option<i64>, Payload);

/// Applies the record at a journal offset to the state being built (see `Store::apply_saved`).
type ApplyOne<'a> =
    dyn FnMut(&Journal, &mut Overlay<'_>, u64, apply::Source<'_>) -> Result<(), StoreError> + 'a;

fn stamp_now(actor: Id, payloads: Vec<Payload>) -> Vec<Local> {
    payloads.into_iter().map(|p| (actor, None, p)).collect()
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

impl Store {
    /// Create a new store: device id, Ed25519 key pair, empty journal; the first save registers the
    /// device and carries `first` (e.g. the first auditor profile), made by `actor`.
    pub fn init(
        dir: &Path,
        device_name: &str,
        actor: Id,
        first: Vec<Payload>,
    ) -> Result<Store, StoreError> {
        Store::init_dated(dir, device_name, actor, first, None)
    }

    /// [`Store::init`] with the first events dated `at_ms` (`None`: now). Only for generating
    /// a back-dated history for measurement (`periksa-testkit scale`).
    #[cfg(feature = "testkit")]
    pub fn init_at(
        dir: &Path,
        device_name: &str,
        actor: Id,
        first: Vec<Payload>,
        at_ms: Option<i64>,
    ) -> Result<Store, StoreError> {
        Store::init_dated(dir, device_name, actor, first, at_ms)
    }

    /// [`Store::init`], dated `at_ms` when given.
    pub(crate) fn init_dated(
        dir: &Path,
        device_name: &str,
        actor: Id,
        first: Vec<Payload>,
        at_ms: Option<i64>,
    ) -> Result<Store, StoreError> {
        if dir.is_file() {
            return Err(StoreError::NotADirectory(dir.to_path_buf()));
        }
        if dir.join("store.toml").exists() {
            return Err(StoreError::AlreadyExists(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        let lock = lock(dir)?;
        // a previous init may have died half-way: start clean
        for leftover in ["journal.log", "device.key", "settings.toml"] {
            let p = dir.join(leftover);
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| StoreError::io(&p, e))?;
            }
        }
        let state = dir.join("state");
        if state.exists() {
            std::fs::remove_dir_all(&state).map_err(|e| StoreError::io(&state, e))?;
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| StoreError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(format!("no randomness for the device key: {e}")),
        })?;
        let key = SigningKey::from_bytes(&seed);
        let public = key.verifying_key().to_bytes();
        write_file_atomic(&dir.join("device.key"), hex::encode(seed).as_bytes(), true)?;
        let meta = StoreMeta {
            format: STORE_FORMAT,
            device: Id::now_v7(),
            public_key: hex::encode(public),
            created: Utc::now().to_rfc3339(),
        };
        let journal = Journal::create(&dir.join("journal.log"))?;
        let db = open_sled(&state)?;
        let tree = (*db).clone();
        let mut store = Store {
            dir: dir.to_path_buf(),
            meta: meta.clone(),
            key,
            journal,
            db,
            tree,
            head: Head {
                seq: 0,
                hash: GENESIS,
                at_ms: i64::MIN,
            },
            notices: Vec::new(),
            poisoned: false,
            _lock: lock,
        };
        let mut payloads = vec![Payload::DeviceRegistered {
            public_key: public,
            name: device_name.to_string(),
        }];
        payloads.extend(first);
        let stamped = payloads.into_iter().map(|p| (actor, at_ms, p)).collect();
        store.write(&[], stamped)?;
        // store.toml last: its presence means the store is complete
        let text = toml::to_string(&meta).map_err(|e| StoreError::BadFile {
            path: dir.join("store.toml"),
            reason: e.to_string(),
        })?;
        write_file_atomic(&dir.join("store.toml"), text.as_bytes(), false)?;
        Ok(store)
    }

    /// Open an existing store: take the lock, recover the journal tail, bring sled up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(dir, &mut |_| {})
    }

    /// [`Store::open`], telling `progress` how far a rebuild of the state from the journal has got
    /// (the migration to a new state layout, or a state that could not be read): called only
    /// while the whole journal is applied, at most once per percent.
    pub fn open_with(
        dir: &Path,
        progress: &mut dyn FnMut(Rebuilding),
    ) -> Result<Store, StoreError> {
        let meta_path = dir.join("store.toml");
        if dir.is_file() {
            return Err(StoreError::NotADirectory(dir.to_path_buf()));
        }
        if !meta_path.exists() {
            return Err(StoreError::NotAStore(dir.to_path_buf()));
        }
        let lock = lock(dir)?;
        let text = read_text(&meta_path, MissingWhat::Meta)?;
        let meta: StoreMeta = toml::from_str(&text).map_err(|e| StoreError::BadFile {
            path: meta_path.clone(),
            reason: e.message().to_string(),
        })?;
        if meta.format != STORE_FORMAT {
            return Err(StoreError::BadFile {
                path: meta_path,
                reason: format!(
                    "store format {}, this build reads format {STORE_FORMAT}",
                    meta.format
                ),
            });
        }
        let key = read_key(&dir.join("device.key"), &meta)?;
        let journal_path = dir.join("journal.log");
        if !journal_path.exists() {
            return Err(StoreError::Missing {
                path: journal_path,
                what: MissingWhat::Journal,
            });
        }
        let journal = Journal::open(&journal_path, true)?;
        // a rebuild stopped by a crash or a kill left what it had built: never used (the live
        // state is swapped only at its end, and recovery rebuilds from the journal whatever is
        // there), so it only takes disk; a failure to remove it is tried again next time
        let leftover = dir.join("state.rebuild");
        if leftover.exists() {
            let _ = std::fs::remove_dir_all(&leftover);
        }
        let state = dir.join("state");
        let mut notices = Vec::new();
        let db = match open_sled(&state) {
            Ok(db) => db,
            Err(e) => {
                let aside = set_aside(&state)?;
                notices.push(Notice::StateRebuilt {
                    reason: format!("it would not open: {e}"),
                    set_aside: Some(aside),
                });
                open_sled(&state)?
            }
        };
        let tree = (*db).clone();
        let mut store = Store {
            dir: dir.to_path_buf(),
            meta,
            key,
            journal,
            db,
            tree,
            head: Head {
                seq: 0,
                hash: GENESIS,
                at_ms: i64::MIN,
            },
            notices,
            poisoned: false,
            _lock: lock,
        };
        if let Err(first) = store.recover(progress) {
            store.recover_on_fresh_state(first, progress)?;
        }
        Ok(store)
    }

    /// sled can open a damaged database and only fail when it is read (a data file cut short,
    /// a flipped byte it did not check on open). Recovery failed: set the state aside and recover
    /// onto a fresh one from the journal. If that fails too, the journal is at fault: put the old
    /// state back and report the first error.
    fn recover_on_fresh_state(
        &mut self,
        first: StoreError,
        progress: &mut dyn FnMut(Rebuilding),
    ) -> Result<(), StoreError> {
        let state = self.dir.join("state");
        // close the damaged database
        self.close_state()?;
        let aside = set_aside(&state)?;
        let notices = self.notices.len();
        self.notices.push(Notice::StateRebuilt {
            reason: format!("it could not be read: {first}"),
            set_aside: Some(aside.clone()),
        });
        let fresh = self.open_state().and_then(|()| self.recover(progress));
        if fresh.is_err() {
            self.notices.truncate(notices);
            self.close_state()?;
            if state.exists() {
                std::fs::remove_dir_all(&state).map_err(|e| StoreError::io(&state, e))?;
            }
            std::fs::rename(&aside, &state).map_err(|e| StoreError::io(&state, e))?;
            return Err(first);
        }
        Ok(())
    }

    /// Bring sled up to the end of the journal, trimming a torn tail.
    fn recover(&mut self, progress: &mut dyn FnMut(Rebuilding)) -> Result<(), StoreError> {
        let applied = match apply::read_applied(&self.tree) {
            Ok(a) => a,
            Err(e) => {
                self.reset_state(format!("its applied marker cannot be read: {e}"))?;
                None
            }
        };
        let applied = match applied {
            Some(_) if apply::read_layout(&self.tree) != Some(apply::STATE_LAYOUT) => {
                self.reset_state("it was laid out by an older version of Periksa".to_string())?;
                None
            }
            Some(_)
                if apply::read_unread(&self.tree)
                    .iter()
                    .any(|(kind, version, _)| wire::knows(*kind, *version)) =>
            {
                self.reset_state(
                    "it kept events an earlier version of Periksa could not read; this one can show them"
                        .to_string(),
                )?;
                None
            }
            Some(a) if !self.marker_is_sound(a) => {
                self.reset_state(format!(
                    "it claims the journal was applied up to byte {}, which the journal ({} bytes) does not confirm",
                    a.end,
                    self.journal.len()
                ))?;
                None
            }
            other => other,
        };
        let from = applied.map_or(HEADER_LEN, |a| a.end);
        let mut saves = 0usize;
        let tree = self.tree.clone();
        let journal = &self.journal;
        let total = journal.len();
        let whole = from == HEADER_LEN && total > HEADER_LEN;
        let mut shown = None;
        let end = self.journal.scan(from, |records| {
            apply_save(&tree, journal, &records)?;
            saves += 1;
            if whole {
                let done = records.last().map_or(from, |r| r.next);
                let percent = done.saturating_mul(100) / total.max(1);
                if shown != Some(percent) {
                    shown = Some(percent);
                    progress(Rebuilding { done, total });
                }
            }
            Ok(())
        });
        let end = end?;
        if let ScanEnd::Torn {
            valid_end,
            file_len,
            reason,
        } = end
        {
            self.journal.truncate(valid_end)?;
            self.notices.push(Notice::TornTailTrimmed {
                at: valid_end,
                bytes: file_len - valid_end,
                reason,
            });
        }
        if saves > 0 {
            match applied {
                Some(_) => self.notices.push(Notice::Reapplied { saves }),
                // an empty state with a non-empty journal: say that it was re-derived
                None if !self
                    .notices
                    .iter()
                    .any(|n| matches!(n, Notice::StateRebuilt { .. })) =>
                {
                    self.notices.push(Notice::StateRebuilt {
                        reason: format!("it was empty or missing; {saves} save(s) re-applied"),
                        set_aside: None,
                    })
                }
                None => {}
            }
        }
        self.head = self.read_head(&self.meta.device)?.unwrap_or(Head {
            seq: 0,
            hash: GENESIS,
            at_ms: i64::MIN,
        });
        Ok(())
    }

    /// The applied marker must sit on a record boundary that the journal confirms.
    fn marker_is_sound(&self, a: Applied) -> bool {
        if a.end > self.journal.len() || a.end < HEADER_LEN {
            return false;
        }
        if a.end == HEADER_LEN {
            return true;
        }
        matches!(self.journal.read_record(a.last_record), Ok(r) if r.next == a.end)
    }

    /// Close the state database, a temporary one standing in until another is opened.
    fn close_state(&mut self) -> Result<(), StoreError> {
        let placeholder = sled::Config::new().temporary(true).open()?;
        self.tree = (*placeholder).clone();
        drop(std::mem::replace(&mut self.db, placeholder));
        Ok(())
    }

    /// Open the state database (`state/` in the store's folder) in place of the current one.
    fn open_state(&mut self) -> Result<(), StoreError> {
        let db = open_sled(&self.dir.join("state"))?;
        self.tree = (*db).clone();
        self.db = db;
        Ok(())
    }

    /// Throw away sled's content so the journal is applied from the start.
    /// The database is made anew rather than cleared: sled's file keeps the size it once had, and
    /// a state laid out by an older build was up to four times the journal.
    fn reset_state(&mut self, reason: String) -> Result<(), StoreError> {
        let state = self.dir.join("state");
        // close the database, then start an empty one
        self.close_state()?;
        std::fs::remove_dir_all(&state).map_err(|e| StoreError::io(&state, e))?;
        self.open_state()?;
        self.notices.push(Notice::StateRebuilt {
            reason,
            set_aside: None,
        });
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn meta(&self) -> &StoreMeta {
        &self.meta
    }
    pub fn device(&self) -> Id {
        self.meta.device
    }
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
    pub fn journal_len(&self) -> u64 {
        self.journal.len()
    }
    /// Events this device has made.
    pub fn device_seq(&self) -> u64 {
        self.head.seq
    }

    pub fn settings(&self) -> Result<Settings, StoreError> {
        let path = self.dir.join("settings.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| StoreError::BadFile {
                path,
                reason: e.message().to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let path = self.dir.join("settings.toml");
        let text = toml::to_string(settings).map_err(|e| StoreError::BadFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        write_file_atomic(&path, text.as_bytes(), false)
    }

    /// Save changes made by `actor`: seal them onto this device's chain, append them to the journal
    /// as one save with one fsync, then apply them to sled in one atomic batch. When this returns
    /// `Ok`, the save is on disk.
    pub fn commit(&mut self, actor: Id, payloads: Vec<Payload>) -> Result<Vec<Event>, StoreError> {
        self.write(&[], stamp_now(actor, payloads))
    }

    /// Save events each with its own author and time, as one durable save. Only for generating
    /// large stores for measurement (`periksa-testkit scale`): times are raised where needed so they still
    /// come after everything this store has seen.
    #[doc(hidden)]
    pub fn commit_stamped(
        &mut self,
        events: Vec<(Id, i64, Payload)>,
    ) -> Result<Vec<Event>, StoreError> {
        let local = events
            .into_iter()
            .map(|(actor, at, payload)| (actor, Some(at), payload))
            .collect();
        self.write(&[], local)
    }

    /// Append entries received from elsewhere (a findings file) and this device's own record of
    /// the import (`local`, by `actor`) as one durable save, and apply them. The caller has checked
    /// the entries: each device's entries continue its chain in seq order, none is already here
    /// (except a whole event for a stub), and every event comes after those it builds on.
    pub fn append_foreign(
        &mut self,
        entries: &[Entry],
        actor: Id,
        local: Vec<Payload>,
    ) -> Result<Vec<Event>, StoreError> {
        self.append_foreign_with(entries, actor, local, &mut |_, _| {})
    }

    /// [`Store::append_foreign`], telling `progress` how many of the save's records have been
    /// applied (done, total) once the save is durable and after every batch of them.
    pub fn append_foreign_with(
        &mut self,
        entries: &[Entry],
        actor: Id,
        local: Vec<Payload>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<Event>, StoreError> {
        self.write_with(entries, stamp_now(actor, local), progress)
    }

    /// Seal `payloads` onto this device's chain, stamped later than everything this store has
    /// seen and than the foreign entries saved with them (`arrivals`).
    fn seal(
        &self,
        payloads: Vec<Local>,
        arrivals: &Arrivals,
    ) -> Result<(Vec<Event>, Head), StoreError> {
        let device = self.meta.device;
        let mut head = self.head;
        if let Some(own) = arrivals.own.filter(|own| own.seq > head.seq) {
            // our own chain coming back (from a backup)
            head = own;
        }
        // a logical clock: later than anything this store has seen, from any laptop, so that a
        // change always sorts after the versions it was made on
        let stored = self.get::<i64>(keys::META_CLOCK)?.unwrap_or(i64::MIN);
        let clock = arrivals.latest_at.map_or(stored, |t| t.max(stored));
        let now = now_ms();
        // the earliest time the next event may carry
        let mut next = head.at_ms.saturating_add(1).max(clock.saturating_add(1));
        let mut events = Vec::with_capacity(payloads.len());
        let mut batch_versions: std::collections::HashMap<Vec<u8>, Hash> = Default::default();
        for (actor, stamp, payload) in payloads {
            let at_ms = stamp.unwrap_or(now).max(next);
            let rkey = apply::register_key(&device, &payload);
            let base = match batch_versions.get(&rkey) {
                Some(h) => Some(*h),
                None => match self.current_version(&rkey)? {
                    Some(h) => Some(h.hash),
                    None => match apply::parent_register(&payload) {
                        Some(parent) => match batch_versions.get(&parent) {
                            Some(h) => Some(*h),
                            None => self.current_version(&parent)?.map(|h| h.hash),
                        },
                        None => None,
                    },
                },
            };
            let body = EventBody {
                id: Id::now_v7(),
                device,
                seq: head.seq + 1,
                actor,
                at_ms,
                base,
                payload,
            };
            let event = Event::seal(body, head.hash).map_err(StoreError::Codec)?;
            batch_versions.insert(rkey, event.hash);
            head = Head {
                seq: event.body.seq,
                hash: event.hash,
                at_ms,
            };
            next = at_ms.saturating_add(1);
            events.push(event);
        }
        Ok((events, head))
    }

    /// The one write path: foreign entries then local events, one journal append (one fsync),
    /// then sled in atomic batches ending with the applied marker.
    fn write(&mut self, foreign: &[Entry], payloads: Vec<Local>) -> Result<Vec<Event>, StoreError> {
        self.write_with(foreign, payloads, &mut |_, _| {})
    }

    /// [`Store::write`], telling `progress` how many records have been applied.
    fn write_with(
        &mut self,
        foreign: &[Entry],
        payloads: Vec<Local>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<Event>, StoreError> {
        if self.poisoned {
            return Err(StoreError::Poisoned);
        }
        if payloads.is_empty() && foreign.is_empty() {
            return Ok(Vec::new());
        }
        let (events, head) = self.seal(payloads, &Arrivals::of(self.meta.device, foreign))?;
        let records = foreign
            .iter()
            .map(|e| wire::to_record(e).map_err(StoreError::Codec));
        let offsets = self.save(records, &events, head)?;
        let local = events.iter().map(EntryRef::Event);
        let mut all = foreign.iter().map(EntryRef::of).chain(local);
        self.apply_saved(
            &offsets,
            progress,
            &mut |_journal, ov, offset, source| match all.next() {
                Some(entry) => entry.apply(ov, offset, source),
                None => Ok(()),
            },
        )?;
        Ok(events)
    }

    /// Write one save to the journal, record by record: the foreign `records` (flags, body), then
    /// this device's sealed `events`; once it is durable, this device's chain ends at `head`.
    /// Returns each record's offset.
    fn save(
        &mut self,
        records: impl Iterator<Item = Result<(u8, Vec<u8>), StoreError>>,
        events: &[Event],
        head: Head,
    ) -> Result<Vec<u64>, StoreError> {
        let mut save = self.journal.appending();
        for record in records {
            let (flags, body) = record?;
            save.push(flags, body)?;
        }
        for ev in events {
            let (flags, body) = wire::event_record(ev).map_err(StoreError::Codec)?;
            save.push(flags, body)?;
        }
        let offsets = save.commit()?;
        self.head = head;
        Ok(offsets)
    }

    /// A spool for a save too large to hold in memory (see [`Spool`]).
    pub fn spool(&self) -> Result<Spool, StoreError> {
        Spool::create(&self.dir, self.meta.device)
    }

    /// [`Store::append_foreign_with`] for entries set aside in `spool`: those at `order`, in that
    /// order, then `local`'s events, as one save. The journal is written record by record and
    /// synced once; the state is then applied from the journal, so memory does not grow with the
    /// size of the save.
    pub fn append_spooled_with(
        &mut self,
        spool: &mut Spool,
        order: &[Spooled],
        actor: Id,
        local: Vec<Payload>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<Event>, StoreError> {
        if self.poisoned {
            return Err(StoreError::Poisoned);
        }
        if order.is_empty() && local.is_empty() {
            return Ok(Vec::new());
        }
        spool.flush()?;
        let (events, head) = self.seal(stamp_now(actor, local), &spool.arrivals)?;
        let offsets = self.save(order.iter().map(|at| spool.read(at)), &events, head)?;
        self.apply_saved(&offsets, progress, &mut |journal, ov, offset, source| {
            let rec = journal.read_record(offset)?;
            let entry = Entry::decode(&rec).map_err(|e| StoreError::BadEvent {
                offset,
                reason: e.to_string(),
            })?;
            EntryRef::of(&entry).apply(ov, offset, source)
        })?;
        Ok(events)
    }

    /// Apply a save just made durable (its records at `offsets`) to the state in batches, then
    /// move the applied marker; `apply_one` applies the record at an offset. A failure poisons
    /// the store: the journal is ahead of the state until it is opened again.
    fn apply_saved(
        &mut self,
        offsets: &[u64],
        progress: &mut dyn FnMut(u64, u64),
        apply_one: &mut ApplyOne<'_>,
    ) -> Result<(), StoreError> {
        let total = offsets.len() as u64;
        progress(0, total);
        let applied = (|| {
            let journal = &self.journal;
            let source = |offset: u64| read_event(journal, offset);
            let mut ov = Overlay::new(&self.tree);
            for (i, offset) in offsets.iter().enumerate() {
                apply_one(journal, &mut ov, *offset, &source)?;
                if (i + 1) % APPLY_CHUNK == 0 {
                    ov = ov.flush_into()?;
                    progress(i as u64 + 1, total);
                }
            }
            apply::set_applied(
                &mut ov,
                Applied {
                    end: self.journal.len(),
                    last_record: *offsets.last().unwrap_or(&HEADER_LEN),
                },
            )?;
            ov.commit()
        })();
        if let Err(e) = applied {
            self.poisoned = true;
            return Err(StoreError::ApplyAfterSave(Box::new(e)));
        }
        Ok(())
    }

    /// The winning version of a register (what a new change to it is based on).
    pub fn current_version(&self, register: &[u8]) -> Result<Option<apply::RegHead>, StoreError> {
        Ok(self
            .register_heads(register)?
            .into_iter()
            .max_by_key(|h| h.order()))
    }

    /// Every current version of a register (more than one: a conflict).
    pub fn register_heads(&self, register: &[u8]) -> Result<Vec<apply::RegHead>, StoreError> {
        Ok(self
            .get::<Vec<apply::RegHead>>(&keys::version_key(register))?
            .unwrap_or_default())
    }

    /// The registers with competing versions, of one audit or of all (register keys, in order).
    pub fn conflicted_registers(&self, audit: Option<&Id>) -> Result<Vec<Vec<u8>>, StoreError> {
        let prefix = keys::conflict_prefix(audit);
        self.tree
            .scan_prefix(&prefix)
            .map(|kv| {
                let (k, _) = kv?;
                // tag + audit id, then the register key
                Ok(k.get(17..).unwrap_or_default().to_vec())
            })
            .collect()
    }

    /// Re-derive the whole state from the journal into a fresh database and swap it in.
    pub fn rebuild(&mut self) -> Result<usize, StoreError> {
        self.rebuild_with(&mut |_| true)
    }

    /// [`Store::rebuild`], telling `progress` how far it has got (journal bytes); when it answers
    /// `false` the rebuild stops with [`StoreError::Cancelled`] and the live state is as it was
    /// (the new one is built apart and only swapped in at the end; what was built is removed).
    pub fn rebuild_with(
        &mut self,
        progress: &mut dyn FnMut(Rebuilding) -> bool,
    ) -> Result<usize, StoreError> {
        let fresh_path = self.dir.join("state.rebuild");
        if fresh_path.exists() {
            std::fs::remove_dir_all(&fresh_path).map_err(|e| StoreError::io(&fresh_path, e))?;
        }
        let total = self.journal.len();
        if !progress(Rebuilding { done: 0, total }) {
            return Err(StoreError::Cancelled);
        }
        let fresh = open_sled(&fresh_path)?;
        let mut saves = 0usize;
        {
            let tree: sled::Tree = (*fresh).clone();
            let journal = &self.journal;
            let mut stopped = false;
            let mut shown = None;
            let end = self.journal.scan(HEADER_LEN, |records| {
                if let Some(r) = records.last() {
                    let percent = r.next.saturating_mul(100) / total.max(1);
                    if shown != Some(percent) {
                        shown = Some(percent);
                        if !progress(Rebuilding {
                            done: r.next,
                            total,
                        }) {
                            stopped = true;
                            return Err(JournalError::Damaged {
                                path: journal.path().to_path_buf(),
                                offset: r.offset,
                                reason: "stopped".into(),
                            });
                        }
                    }
                }
                apply_save(&tree, journal, &records)?;
                saves += 1;
                Ok(())
            });
            if stopped {
                drop(tree);
                drop(fresh);
                std::fs::remove_dir_all(&fresh_path).map_err(|e| StoreError::io(&fresh_path, e))?;
                return Err(StoreError::Cancelled);
            }
            let end = end?;
            if let ScanEnd::Torn { reason, .. } = end {
                return Err(StoreError::Journal(JournalError::Damaged {
                    path: self.journal.path().to_path_buf(),
                    offset: self.journal.len(),
                    reason: format!("the journal ends in an unfinished save: {reason}"),
                }));
            }
        }
        fresh.flush()?;
        drop(fresh);
        // swap: close the live database first
        self.db.flush()?;
        self.close_state()?;
        let state = self.dir.join("state");
        let old_path = self.dir.join("state.old");
        if old_path.exists() {
            std::fs::remove_dir_all(&old_path).map_err(|e| StoreError::io(&old_path, e))?;
        }
        std::fs::rename(&state, &old_path).map_err(|e| StoreError::io(&state, e))?;
        std::fs::rename(&fresh_path, &state).map_err(|e| StoreError::io(&state, e))?;
        journal::sync_dir(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        self.open_state()?;
        std::fs::remove_dir_all(&old_path).map_err(|e| StoreError::io(&old_path, e))?;
        Ok(saves)
    }

    /// Every key and value of the state, in order (for tests and `verify`).
    pub fn dump(&self) -> Result<Dump, StoreError> {
        dump_tree(&self.tree)
    }

    pub(crate) fn tree(&self) -> &sled::Tree {
        &self.tree
    }
    pub(crate) fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn get<T: serde::de::DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.tree.get(key)? {
            None => Ok(None),
            Some(v) => codec::decode_versioned(&v)
                .map(Some)
                .map_err(|e| StoreError::corrupt_value(key, e)),
        }
    }

    fn read_head(&self, device: &Id) -> Result<Option<Head>, StoreError> {
        self.get(&keys::head_key(device))
    }

    /// Flush sled (not needed for durability — the journal is — but tidy on exit).
    pub fn close(self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }
}

pub(crate) fn dump_tree(tree: &sled::Tree) -> Result<Dump, StoreError> {
    tree.iter()
        .map(|kv| {
            let (k, v) = kv?;
            Ok((k.to_vec(), v.to_vec()))
        })
        .collect()
}

/// What one journal record holds: a whole event, or a stub standing in for one.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // most entries are whole events; boxing them would cost more
pub enum Entry {
    Event(Event),
    Stub(Stub),
}

impl Entry {
    pub fn device(&self) -> Id {
        match self {
            Entry::Event(e) => e.body.device,
            Entry::Stub(s) => s.device,
        }
    }
    pub fn seq(&self) -> u64 {
        match self {
            Entry::Event(e) => e.body.seq,
            Entry::Stub(s) => s.seq,
        }
    }
    pub fn hash(&self) -> Hash {
        match self {
            Entry::Event(e) => e.hash,
            Entry::Stub(s) => s.hash,
        }
    }

    pub fn decode(rec: &journal::Record) -> Result<Entry, CodecError> {
        wire::from_record(rec.flags, &rec.body)
    }
}

/// A borrowed [`Entry`].
enum EntryRef<'a> {
    Event(&'a Event),
    Stub(&'a Stub),
}

impl<'a> EntryRef<'a> {
    fn of(e: &'a Entry) -> EntryRef<'a> {
        match e {
            Entry::Event(ev) => EntryRef::Event(ev),
            Entry::Stub(s) => EntryRef::Stub(s),
        }
    }

    /// Apply the entry at journal offset `offset`: an event to the projections, a stub to the
    /// chain index only.
    fn apply(
        &self,
        ov: &mut Overlay<'_>,
        offset: u64,
        source: apply::Source<'_>,
    ) -> Result<(), StoreError> {
        match self {
            EntryRef::Event(e) => apply::apply(ov, e, offset, source),
            EntryRef::Stub(s) => apply::apply_stub(ov, s, offset),
        }
    }
}

/// Reads the event at a journal offset (for [`apply::Source`]).
pub(crate) fn read_event(journal: &Journal, offset: u64) -> Result<Event, StoreError> {
    let rec = journal.read_record(offset)?;
    match Entry::decode(&rec) {
        Ok(Entry::Event(e)) => Ok(e),
        Ok(Entry::Stub(_)) => Err(StoreError::BadEvent {
            offset,
            reason: "a stub stands here, not an event".into(),
        }),
        Err(e) => Err(StoreError::BadEvent {
            offset,
            reason: e.to_string(),
        }),
    }
}

/// Decode and apply one save's records in one atomic batch, moving the applied marker.
pub(crate) fn apply_save(
    tree: &sled::Tree,
    journal: &Journal,
    records: &[journal::Record],
) -> Result<(), JournalError> {
    let to_journal = |offset: u64, reason: String| JournalError::Damaged {
        path: PathBuf::from("journal.log"),
        offset,
        reason,
    };
    let source = |offset: u64| read_event(journal, offset);
    let mut ov = Overlay::new(tree);
    let mut last = (HEADER_LEN, HEADER_LEN);
    for (i, r) in records.iter().enumerate() {
        let entry = Entry::decode(r)
            .map_err(|e| to_journal(r.offset, format!("event cannot be decoded: {e}")))?;
        EntryRef::of(&entry)
            .apply(&mut ov, r.offset, &source)
            .map_err(|e| to_journal(r.offset, e.to_string()))?;
        last = (r.offset, r.next);
        if (i + 1) % APPLY_CHUNK == 0 {
            ov = ov
                .flush_into()
                .map_err(|e| to_journal(r.offset, e.to_string()))?;
        }
    }
    apply::set_applied(
        &mut ov,
        Applied {
            end: last.1,
            last_record: last.0,
        },
    )
    .and_then(|()| ov.commit())
    .map_err(|e| to_journal(last.0, e.to_string()))
}

fn set_aside(state: &Path) -> Result<PathBuf, StoreError> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S");
    let mut aside = state.with_file_name(format!("state.broken-{stamp}"));
    // a second damaged state within the same second gets its own name
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = state.with_file_name(format!("state.broken-{stamp}-{n}"));
    }
    std::fs::rename(state, &aside).map_err(|e| StoreError::io(state, e))?;
    Ok(aside)
}

/// Reads one of the store's small text files; a missing or non-text file says so plainly.
fn read_text(path: &Path, what: MissingWhat) -> Result<String, StoreError> {
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::Missing {
            path: path.to_path_buf(),
            what,
        },
        std::io::ErrorKind::InvalidData => StoreError::BadFile {
            path: path.to_path_buf(),
            reason: "it is not UTF-8 text".into(),
        },
        _ => StoreError::io(path, e),
    })
}

fn read_key(path: &Path, meta: &StoreMeta) -> Result<SigningKey, StoreError> {
    let text = read_text(path, MissingWhat::Key)?;
    let bad = |reason: &str| StoreError::BadFile {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let bytes = hex::decode(text.trim()).map_err(|_| bad("the device key is not hex"))?;
    let seed: [u8; 32] = bytes
        .try_into()
        .map_err(|_| bad("the device key is not 32 bytes"))?;
    let key = SigningKey::from_bytes(&seed);
    if hex::encode(key.verifying_key().to_bytes()) != meta.public_key {
        return Err(bad(
            "the device key does not match the public key in store.toml",
        ));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_store(dir: &Path) -> PathBuf {
        let store = dir.join("s");
        Store::init(&store, "test", Id::now_v7(), Vec::new())
            .unwrap()
            .close()
            .unwrap();
        store
    }

    fn open_err(dir: &Path) -> String {
        match Store::open(dir) {
            Ok(_) => panic!("{} opened", dir.display()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_state_made_with_another_segment_size_opens_as_it_is_and_a_rebuild_renews_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = new_store(dir.path());
        let state = store.join("state");
        assert_eq!(recorded_segment_size(&state), Some(SEGMENT_BYTES));
        let (dump, events) = {
            let s = Store::open(&store).unwrap();
            (s.dump().unwrap(), s.journal_len())
        };
        // a state of 8 MiB segments (as one build between two releases made them), filled from
        // the journal when the store opens
        let other = 8 << 20;
        std::fs::remove_dir_all(&state).unwrap();
        drop(
            sled::Config::new()
                .path(&state)
                .segment_size(other)
                .open()
                .unwrap(),
        );
        assert_eq!(recorded_segment_size(&state), Some(other));
        let mut s = Store::open(&store).unwrap();
        assert_eq!(s.dump().unwrap(), dump);
        assert_eq!(s.journal_len(), events);
        assert_eq!(recorded_segment_size(&state), Some(other));
        // a rebuild builds a new database, with the segments new states get
        s.rebuild().unwrap();
        assert_eq!(s.dump().unwrap(), dump);
        drop(s);
        assert_eq!(recorded_segment_size(&state), Some(SEGMENT_BYTES));
        assert_eq!(Store::open(&store).unwrap().dump().unwrap(), dump);
    }

    #[test]
    fn a_state_whose_sled_lock_is_still_held_for_a_moment_is_waited_for_not_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let store = new_store(dir.path());
        // what sled's lingering threads of a just-closed state do: hold its lock a little longer
        // (the store just made may itself still hold it for a moment: wait for it, as open does)
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let held = loop {
            match sled::Config::new()
                .path(store.join("state"))
                .segment_size(SEGMENT_BYTES)
                .open()
            {
                Ok(db) => break db,
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => panic!("the state's lock was never released: {e}"),
            }
        };
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(held);
        });
        let s = Store::open(&store).unwrap();
        release.join().unwrap();
        assert!(
            s.notices()
                .iter()
                .all(|n| !matches!(n, Notice::StateRebuilt { .. })),
            "{:?}",
            s.notices()
        );
    }

    #[test]
    fn a_file_is_not_a_store_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, "hi").unwrap();
        let msg = open_err(&file);
        assert!(msg.ends_with("plain is a file, not a store directory; pass the store's directory with --store DIR"), "{msg}");
        assert!(matches!(
            Store::init(&file, "t", Id::now_v7(), Vec::new()),
            Err(StoreError::NotADirectory(_))
        ));
    }

    #[test]
    fn missing_or_non_text_store_files_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let store = new_store(dir.path());
        let key = store.join("device.key");
        let saved = std::fs::read(&key).unwrap();
        std::fs::remove_file(&key).unwrap();
        let msg = open_err(&store);
        assert!(
            msg.contains("device.key is missing: it is this laptop's signing key"),
            "{msg}"
        );
        std::fs::write(&key, b"\xFF\xFE").unwrap();
        assert!(open_err(&store).ends_with("device.key is damaged: it is not UTF-8 text"));
        std::fs::write(&key, &saved).unwrap();

        let journal = store.join("journal.log");
        std::fs::rename(&journal, store.join("aside")).unwrap();
        let msg = open_err(&store);
        assert!(
            msg.contains("journal.log is missing: it holds every saved change"),
            "{msg}"
        );
        std::fs::rename(store.join("aside"), &journal).unwrap();
        Store::open(&store).unwrap();
    }

    #[test]
    fn an_unread_event_applied_again_after_a_crash_is_counted_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let actor = Id::now_v7();
        let mut store = Store::init(&path, "uji", actor, Vec::new()).unwrap();
        let marker_before = apply::read_applied(&store.tree).unwrap().unwrap();
        let future = Payload::Unknown(event::Unknown {
            kind: 200,
            version: 1,
            audit: None,
            data: vec![1, 2, 3],
        });
        store.commit(actor, vec![future]).unwrap();
        assert_eq!(apply::read_unread(&store.tree), vec![(200, 1, 1)]);
        // the marker put back as if the save had not been recorded: it is applied again on open
        let mut ov = Overlay::new(&store.tree);
        apply::set_applied(&mut ov, marker_before).unwrap();
        ov.commit().unwrap();
        store.db.flush().unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert!(store
            .notices()
            .iter()
            .any(|n| matches!(n, Notice::Reapplied { saves: 1 })));
        assert_eq!(apply::read_unread(&store.tree), vec![(200, 1, 1)]);
    }

    /// `n` agencies to save at once.
    fn agencies(n: usize) -> Vec<Payload> {
        (0..n)
            .map(|i| {
                Payload::AgencyUpserted(crate::domain::model::Agency {
                    code: format!("OPD{i:05}"),
                    name: format!("Dinas {i}"),
                    kind: "Dinas".into(),
                    region: "Kabupaten Sukamaju".into(),
                })
            })
            .collect()
    }

    #[test]
    fn a_state_of_the_previous_layout_is_made_anew_on_open_and_its_trail_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let actor = Id::now_v7();
        let mut store = Store::init(&path, "uji", actor, Vec::new()).unwrap();
        store.commit(actor, agencies(3000)).unwrap();
        let newest = store.events(&EventFilter::default(), 1).unwrap();
        let full = store.dump().unwrap();
        // what layout 5 wrote: one key per event and index, its value the event's journal
        // offset (8 bytes, which layout 6 cannot read as a group), under layout number 5
        let pos = EventPos::of(&newest[0]);
        let offset = store
            .event_ref(&pos.device, pos.seq)
            .unwrap()
            .unwrap()
            .offset;
        let mut ov = Overlay::new(&store.tree);
        ov.put_raw(
            groups::group_key(&[keys::EV_TIME], &pos),
            offset.to_be_bytes().to_vec(),
        );
        ov.put(keys::META_LAYOUT.to_vec(), &5u32).unwrap();
        // and its garbage: the file a large old state leaves
        for i in 0..20_000u32 {
            ov.put_raw(
                keys::Key::new(keys::EV_ACTOR).u64(u64::from(i)).build(),
                vec![7; 200],
            );
        }
        ov.commit().unwrap();
        store.db.flush().unwrap();
        let old_size = store.db.size_on_disk().unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert!(
            store.notices().iter().any(|n| matches!(
                n,
                Notice::StateRebuilt { reason, set_aside: None } if reason.contains("older version")
            )),
            "{:?}",
            store.notices()
        );
        assert_eq!(store.events(&EventFilter::default(), 1).unwrap(), newest);
        assert_eq!(
            store.events(&EventFilter::default(), 10_000).unwrap().len(),
            3001
        );
        assert!(store.dump().unwrap() == full, "the same state as before");
        assert!(store.verify().unwrap().ok());
        let new_size = store.db.size_on_disk().unwrap();
        assert!(
            new_size < old_size / 2,
            "a new database, not the old file cleared: {old_size} -> {new_size}"
        );
    }

    #[test]
    fn a_large_save_applied_in_chunks_is_recovered_whole_after_a_crash_between_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        let actor = Id::now_v7();
        let mut store = Store::init(&path, "uji", actor, Vec::new()).unwrap();
        let before = store.dump().unwrap();
        let marker_before = apply::read_applied(&store.tree).unwrap().unwrap();
        store
            .commit(actor, agencies(APPLY_CHUNK * 2 + 500))
            .unwrap();
        let full = store.dump().unwrap();
        assert_ne!(before, full);
        // a crash after the first chunks reached sled but before the marker moved: put the old
        // marker back (the chunks stay), then reopen
        let mut ov = Overlay::new(&store.tree);
        apply::set_applied(&mut ov, marker_before).unwrap();
        ov.commit().unwrap();
        store.db.flush().unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert!(
            store
                .notices()
                .iter()
                .any(|n| matches!(n, Notice::Reapplied { saves: 1 })),
            "{:?}",
            store.notices()
        );
        assert!(
            store.dump().unwrap() == full,
            "re-applying the save is idempotent"
        );
        assert!(store.verify().unwrap().ok());
    }
}

//! Findings files (`.periksa`): writing and reading the signed, optionally encrypted bundle of one
//! audit's events, and checking everything that can be checked without a store.
//!
//! Layout of the plain file (all integers little-endian):
//! ```text
//! "PRKSBNDL"  u32 format  u32 header length  header (bincode)
//! entries: u32 length + bincode(Entry), as many as the header counts, grouped by device, seq ascending
//! 64-byte Ed25519 signature over  SIGN_CONTEXT ‖ BLAKE3(every byte before the signature)
//! ```
//! An encrypted file is an `age` file (passphrase or X25519 recipients) whose plaintext is the above.
//! Files are written to a temp file beside the target and renamed into place, so a crash never leaves
//! half a file under the final name.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::SecretString;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::codec;
use crate::domain::Id;
use crate::store::event::{short_hash, Hash, Payload, GENESIS};

pub const MAGIC: &[u8; 8] = b"PRKSBNDL";
/// The format this build writes. It reads every format from 1 on: format 2 entries may hold
/// events in their versioned envelope (see `store::wire`), and its header may be followed by
/// fields a later format adds (ignored here).
pub const FORMAT: u32 = 2;
/// The first format this build reads.
pub const FIRST_FORMAT: u32 = 1;
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
const AGE_ARMOR: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const SIGN_CONTEXT: &[u8] = b"periksa findings file v1\0";
/// Largest header accepted (it lists one range per device).
const MAX_HEADER: u32 = 1 << 20;
/// Largest single entry (same limit as the store's own values).
const MAX_ENTRY: u32 = 16 << 20;
/// A file claiming more entries than this is refused before anything is allocated for them.
pub const MAX_ENTRIES: u64 = 50_000_000;
/// The highest scrypt work factor accepted when opening a passphrase-encrypted file.
const MAX_SCRYPT_LOG_N: u8 = 22;

/// What the header says about one device chain in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRange {
    pub device: Id,
    /// The chain is in the file from seq 1 to `last`.
    pub last: u64,
    pub events: u64,
    pub stubs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    // `audit` is the nil id in a backup (every event of the store, whole).
    pub format: u32,
    /// The device that wrote and signed the file.
    pub device: Id,
    pub device_name: String,
    pub public_key: [u8; 32],
    pub audit: Id,
    pub audit_title: String,
    pub created_at_ms: i64,
    pub ranges: Vec<DeviceRange>,
    pub events: u64,
    pub stubs: u64,
}

impl Header {
    /// Whether the file is a backup of a whole store rather than one audit's findings file.
    pub fn is_backup(&self) -> bool {
        self.audit.is_nil()
    }
}

/// One entry of the file: a whole event, or a stub for an event of something else.
pub use crate::store::Entry;

/// How to encrypt a file being written.
#[derive(Clone)]
pub enum Seal {
    Plain,
    Passphrase(SecretString),
    /// age X25519 recipients (`age1…`).
    Recipients(Vec<String>),
}

/// How to open an encrypted file.
#[derive(Clone, Default)]
pub enum Unseal {
    #[default]
    None,
    Passphrase(SecretString),
    /// An age identity file (`AGE-SECRET-KEY-1…` lines).
    IdentityFile(PathBuf),
}

/// A findings file read and checked on its own: signature, format, counts, every chain.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// Where it was read from.
    pub path: PathBuf,
    pub header: Header,
    pub entries: Vec<Entry>,
    pub encrypted: bool,
    /// BLAKE3 of the plain file (names the file in the trail).
    pub file_hash: Hash,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a Periksa findings file (it does not start with PRKSBNDL or an age header)"
    )]
    NotBundle { path: PathBuf },
    #[error("{path} is encrypted; open it with --passphrase or --identity FILE")]
    Encrypted { path: PathBuf },
    #[error("{path} cannot be decrypted: {reason}")]
    Decrypt { path: PathBuf, reason: String },
    #[error(
        "{path} is a findings file of format {found}; this build of Periksa reads formats {FIRST_FORMAT} to {FORMAT}: update Periksa to open it"
    )]
    WrongFormat { path: PathBuf, found: u32 },
    #[error("{path} ends early ({what}): the file was cut off; ask for it again")]
    Truncated { path: PathBuf, what: String },
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("{path}: the signature does not match the contents — the file was altered after it was signed, or signed with another key")]
    BadSignature { path: PathBuf },
    #[error("{path}: {reason}")]
    Chain { path: PathBuf, reason: String },
    #[error("cannot encrypt: {0}")]
    Encrypt(String),
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Hashes everything that passes through, for the signature.
struct Hashing<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

enum Sink {
    Plain(BufWriter<File>),
    Age(age::stream::StreamWriter<BufWriter<File>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Age(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Age(w) => w.flush(),
        }
    }
}

/// Writes a findings file entry by entry (memory does not grow with the number of entries).
pub struct BundleWriter {
    out: Hashing<Sink>,
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    key: SigningKey,
    expected: u64,
    written: u64,
}

impl BundleWriter {
    /// Start a file at `target` (written to a temp file beside it until [`BundleWriter::finish`]).
    pub fn create(
        target: &Path,
        header: &Header,
        key: &SigningKey,
        seal: &Seal,
    ) -> Result<BundleWriter, BundleError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".periksa-")
            .suffix(".part")
            .tempfile_in(&dir)
            .map_err(io(&dir))?;
        let file = tmp.reopen().map_err(io(target))?;
        let buf = BufWriter::with_capacity(1 << 16, file);
        let sink = match seal {
            Seal::Plain => Sink::Plain(buf),
            Seal::Passphrase(p) => {
                let enc = age::Encryptor::with_user_passphrase(p.clone());
                Sink::Age(enc.wrap_output(buf).map_err(io(target))?)
            }
            Seal::Recipients(list) => {
                let mut recipients = Vec::new();
                for r in list {
                    recipients.push(age::x25519::Recipient::from_str(r).map_err(|e| {
                        BundleError::Encrypt(format!("`{r}` is not an age recipient (age1…): {e}"))
                    })?);
                }
                let enc = age::Encryptor::with_recipients(
                    recipients.iter().map(|r| r as &dyn age::Recipient),
                )
                .map_err(|e| BundleError::Encrypt(e.to_string()))?;
                Sink::Age(enc.wrap_output(buf).map_err(io(target))?)
            }
        };
        let mut out = Hashing {
            inner: sink,
            hasher: blake3::Hasher::new(),
        };
        let head = codec::encode(header).map_err(|e| BundleError::Encrypt(e.to_string()))?;
        out.write_all(MAGIC).map_err(io(target))?;
        out.write_all(&header.format.to_le_bytes())
            .map_err(io(target))?;
        out.write_all(&(head.len() as u32).to_le_bytes())
            .map_err(io(target))?;
        out.write_all(&head).map_err(io(target))?;
        Ok(BundleWriter {
            out,
            tmp,
            target: target.to_path_buf(),
            key: key.clone(),
            expected: header.events + header.stubs,
            written: 0,
        })
    }

    pub fn write(&mut self, entry: &Entry) -> Result<(), BundleError> {
        let bytes = crate::store::wire::encode_entry(entry)
            .map_err(|e| BundleError::Encrypt(e.to_string()))?;
        self.out
            .write_all(&(bytes.len() as u32).to_le_bytes())
            .map_err(io(&self.target))?;
        self.out.write_all(&bytes).map_err(io(&self.target))?;
        self.written += 1;
        Ok(())
    }

    /// Sign, flush, fsync and rename into place. Returns the size of the file on disk.
    pub fn finish(self) -> Result<u64, BundleError> {
        let target = self.target;
        if self.written != self.expected {
            return Err(BundleError::Damaged {
                path: target,
                reason: format!(
                    "{} entries written, the header announced {}",
                    self.written, self.expected
                ),
            });
        }
        let digest = self.out.hasher.finalize();
        let signature = self.key.sign(&signed_message(digest.as_bytes()));
        let mut sink = self.out.inner;
        sink.write_all(&signature.to_bytes()).map_err(io(&target))?;
        let file = match sink {
            Sink::Plain(w) => w.into_inner().map_err(|e| io(&target)(e.into_error()))?,
            Sink::Age(w) => w
                .finish()
                .map_err(io(&target))?
                .into_inner()
                .map_err(|e| io(&target)(e.into_error()))?,
        };
        file.sync_all().map_err(io(&target))?;
        let size = file.metadata().map_err(io(&target))?.len();
        drop(file);
        self.tmp
            .persist(&target)
            .map_err(|e| io(&target)(e.error))?;
        if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::store::journal::sync_dir(dir).map_err(io(dir))?;
        }
        Ok(size)
    }
}

fn signed_message(digest: &[u8; 32]) -> Vec<u8> {
    let mut m = SIGN_CONTEXT.to_vec();
    m.extend_from_slice(digest);
    m
}

/// Whether a file looks like an encrypted findings file (an age file).
pub fn is_encrypted(path: &Path) -> Result<bool, BundleError> {
    let mut start = [0u8; 34];
    let mut f = File::open(path).map_err(io(path))?;
    let n = read_up_to(&mut f, &mut start).map_err(io(path))?;
    Ok(start[..n].starts_with(AGE_MAGIC) || start[..n].starts_with(AGE_ARMOR))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Open a findings file to read it entry by entry (see [`Reader`]); an encrypted file is decrypted
/// as it is read.
pub fn open(path: &Path, unseal: &Unseal) -> Result<Reader<'static>, BundleError> {
    let file = File::open(path).map_err(io(path))?;
    let encrypted = is_encrypted(path)?;
    let reader: Box<dyn Read> = if encrypted {
        let decryptor = age::Decryptor::new_buffered(BufReader::new(file)).map_err(|e| {
            BundleError::Decrypt {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }
        })?;
        let fail = |e: age::DecryptError| BundleError::Decrypt {
            path: path.to_path_buf(),
            reason: match e {
                age::DecryptError::DecryptionFailed
                | age::DecryptError::KeyDecryptionFailed
                | age::DecryptError::NoMatchingKeys => {
                    if decryptor_is_scrypt(path) {
                        "the passphrase is wrong".into()
                    } else {
                        "none of the given keys can open it (it was encrypted to someone else)"
                            .into()
                    }
                }
                other => other.to_string(),
            },
        };
        match unseal {
            Unseal::None => {
                return Err(BundleError::Encrypted {
                    path: path.to_path_buf(),
                })
            }
            Unseal::Passphrase(p) => {
                if !decryptor.is_scrypt() {
                    return Err(BundleError::Decrypt {
                        path: path.to_path_buf(),
                        reason: "it is encrypted to a key, not a passphrase; use --identity FILE"
                            .into(),
                    });
                }
                let mut id = age::scrypt::Identity::new(p.clone());
                id.set_max_work_factor(MAX_SCRYPT_LOG_N);
                Box::new(
                    decryptor
                        .decrypt(std::iter::once(&id as &dyn age::Identity))
                        .map_err(fail)?,
                )
            }
            Unseal::IdentityFile(file) => {
                if decryptor.is_scrypt() {
                    return Err(BundleError::Decrypt {
                        path: path.to_path_buf(),
                        reason: "it is encrypted with a passphrase; use --passphrase".into(),
                    });
                }
                let ids = age::IdentityFile::from_file(file.to_string_lossy().into_owned())
                    .map_err(|e| BundleError::Decrypt {
                        path: path.to_path_buf(),
                        reason: format!("identity file {}: {e}", file.display()),
                    })?
                    .into_identities()
                    .map_err(|e| BundleError::Decrypt {
                        path: path.to_path_buf(),
                        reason: format!("identity file {}: {e}", file.display()),
                    })?;
                Box::new(
                    decryptor
                        .decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
                        .map_err(fail)?,
                )
            }
        }
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let mut r = Reader::start(path, reader)?;
    r.encrypted = encrypted;
    Ok(r)
}

/// Read a findings file whole and check it on its own (see [`Reader`]): for a preview and for
/// tests; a merge reads it entry by entry.
pub fn read(path: &Path, unseal: &Unseal) -> Result<Bundle, BundleError> {
    collect(open(path, unseal)?)
}

/// Check a findings file on its own without keeping its entries: what the header says, once the
/// signature and every chain are checked.
pub fn check(path: &Path, unseal: &Unseal) -> Result<Checked, BundleError> {
    open(path, unseal)?.finish()
}

/// Read and check a plain (unencrypted) findings file already in memory; `name` is used in messages.
/// The fuzz targets enter here.
pub fn read_bytes(name: &Path, bytes: &[u8]) -> Result<Bundle, BundleError> {
    collect(Reader::start(name, Box::new(bytes))?)
}

fn collect(mut r: Reader<'_>) -> Result<Bundle, BundleError> {
    let mut entries = Vec::with_capacity(r.total.min(100_000) as usize);
    while let Some(e) = r.next_entry()? {
        entries.push(e);
    }
    let path = r.r.path.clone();
    let checked = r.finish()?;
    Ok(Bundle {
        path,
        header: checked.header,
        entries,
        encrypted: checked.encrypted,
        file_hash: checked.file_hash,
    })
}

/// Whether an encrypted findings file opens with a passphrase (else with an age identity).
pub fn decryptor_is_scrypt(path: &Path) -> bool {
    File::open(path)
        .ok()
        .and_then(|f| age::Decryptor::new_buffered(BufReader::new(f)).ok())
        .is_some_and(|d| d.is_scrypt())
}

/// A findings file being read entry by entry: each entry is decoded and checked against the chain
/// before it as it passes ([`ChainCheck`]); [`Reader::finish`] reads what is left, checks the
/// signature over every byte, then reports the first chain problem, if any (a file altered after
/// it was signed is named as such first). Memory does not grow with the number of entries.
pub struct Reader<'a> {
    r: Reading<'a>,
    header: Header,
    total: u64,
    read: u64,
    chains: ChainCheck,
    encrypted: bool,
}

/// What a findings file holds as a whole, once it is read and checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub header: Header,
    pub encrypted: bool,
    /// BLAKE3 of the plain file (names the file in the trail).
    pub file_hash: Hash,
}

impl<'a> Reader<'a> {
    /// Read the plain layout's start: magic, format, header.
    fn start(path: &Path, reader: Box<dyn Read + 'a>) -> Result<Reader<'a>, BundleError> {
        let mut r = Reading {
            inner: reader,
            hasher: blake3::Hasher::new(),
            path: path.to_path_buf(),
        };
        let mut magic = [0u8; 8];
        let n = r.fill(&mut magic)?;
        if n < 8 || &magic != MAGIC {
            return Err(BundleError::NotBundle {
                path: path.to_path_buf(),
            });
        }
        let format = r.u32("the format number")?;
        if !(FIRST_FORMAT..=FORMAT).contains(&format) {
            return Err(BundleError::WrongFormat {
                path: path.to_path_buf(),
                found: format,
            });
        }
        let head_len = r.u32("the header length")?;
        if head_len > MAX_HEADER {
            return Err(damaged(
                path,
                format!("the header claims {head_len} bytes (at most {MAX_HEADER})"),
            ));
        }
        let head_bytes = r.exact(head_len as usize, "the header")?;
        let header: Header = if format == 1 {
            codec::decode(&head_bytes)
        } else {
            codec::decode_prefix(&head_bytes).map(|(h, _)| h)
        }
        .map_err(|e| damaged(path, format!("the header cannot be read ({e})")))?;
        if header.format != format {
            return Err(damaged(
                path,
                "the header's format differs from the file's".into(),
            ));
        }
        let total = header.events.saturating_add(header.stubs);
        if total > MAX_ENTRIES {
            return Err(damaged(
                path,
                format!(
                    "it claims {total} entries, more than the {MAX_ENTRIES} a findings file may hold"
                ),
            ));
        }
        Ok(Reader {
            chains: ChainCheck::new(path, &header),
            r,
            header,
            total,
            read: 0,
            encrypted: false,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn path(&self) -> &Path {
        &self.r.path
    }

    /// How many entries the header announces.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The next entry, or `None` after the last one the header announces. A chain problem does
    /// not stop the reading (it is reported by [`Reader::finish`], after the signature).
    pub fn next_entry(&mut self) -> Result<Option<Entry>, BundleError> {
        let (i, total) = (self.read, self.total);
        if i == total {
            return Ok(None);
        }
        let what = || format!("after {i} of {total} entries");
        let len = self.r.u32_or(what)?;
        if len > MAX_ENTRY {
            return Err(damaged(
                &self.r.path,
                format!("entry {} claims {len} bytes (at most {MAX_ENTRY})", i + 1),
            ));
        }
        let bytes = self.r.exact(len as usize, &what())?;
        let entry = crate::store::wire::decode_entry(&bytes).map_err(|e| {
            damaged(
                &self.r.path,
                format!("entry {} cannot be read ({e})", i + 1),
            )
        })?;
        self.read += 1;
        self.chains.step(&entry);
        Ok(Some(entry))
    }

    /// Read the entries not read yet, the signature and the end of the file; check the signature,
    /// then the chains as a whole.
    pub fn finish(mut self) -> Result<Checked, BundleError> {
        while self.next_entry()?.is_some() {}
        let path = self.r.path.clone();
        let digest = self.r.hasher.finalize();
        let mut sig = [0u8; 64];
        let got = read_up_to(&mut self.r.inner, &mut sig).map_err(io(&path))?;
        if got < 64 {
            return Err(BundleError::Truncated {
                path,
                what: "the signature is missing".into(),
            });
        }
        let mut extra = [0u8; 1];
        if read_up_to(&mut self.r.inner, &mut extra).map_err(io(&path))? > 0 {
            return Err(damaged(
                &path,
                "bytes follow the signature (something was appended)".into(),
            ));
        }
        let key = VerifyingKey::from_bytes(&self.header.public_key).map_err(|_| {
            damaged(
                &path,
                "the sender's public key in the header is not a valid key".into(),
            )
        })?;
        key.verify(
            &signed_message(digest.as_bytes()),
            &Signature::from_bytes(&sig),
        )
        .map_err(|_| BundleError::BadSignature { path })?;
        self.chains.finish(&self.header)?;
        Ok(Checked {
            header: self.header,
            encrypted: self.encrypted,
            file_hash: *digest.as_bytes(),
        })
    }
}

fn damaged(path: &Path, reason: String) -> BundleError {
    BundleError::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

struct Reading<'a> {
    inner: Box<dyn Read + 'a>,
    hasher: blake3::Hasher,
    path: PathBuf,
}

impl Reading<'_> {
    fn fill(&mut self, buf: &mut [u8]) -> Result<usize, BundleError> {
        let n = read_up_to(&mut self.inner, buf).map_err(|e| self.io_err(e))?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn io_err(&self, e: std::io::Error) -> BundleError {
        // age reports a tampered or cut ciphertext as an I/O error while streaming
        if e.kind() == std::io::ErrorKind::InvalidData {
            BundleError::Decrypt {
                path: self.path.clone(),
                reason: format!("the encrypted content is damaged or cut off ({e})"),
            }
        } else {
            BundleError::Io {
                path: self.path.clone(),
                source: e,
            }
        }
    }
    fn exact(&mut self, len: usize, what: &str) -> Result<Vec<u8>, BundleError> {
        // read in steps, so a length claimed by a damaged file is not allocated up front
        let mut out = Vec::with_capacity(len.min(1 << 16));
        let mut chunk = [0u8; 1 << 14];
        while out.len() < len {
            let want = (len - out.len()).min(chunk.len());
            let n = self.fill(&mut chunk[..want])?;
            if n == 0 {
                return Err(BundleError::Truncated {
                    path: self.path.clone(),
                    what: what.to_string(),
                });
            }
            out.extend_from_slice(&chunk[..n]);
        }
        Ok(out)
    }
    fn u32(&mut self, what: &str) -> Result<u32, BundleError> {
        let b = self.exact(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u32_or(&mut self, what: impl Fn() -> String) -> Result<u32, BundleError> {
        let mut b = [0u8; 4];
        let n = self.fill(&mut b)?;
        if n < 4 {
            return Err(BundleError::Truncated {
                path: self.path.clone(),
                what: what(),
            });
        }
        Ok(u32::from_le_bytes(b))
    }
}

/// The checks of a file's chains, entry by entry: entries come grouped by device with seq
/// ascending from 1 without gaps or repeats; every event's hashes match its body and every entry
/// links to the one before; each chain starts with its device registration; the signer is the
/// registered key of the sending device; and, at the end, the header's counts and ranges match
/// the entries and the audit is in the file. The first problem found is kept.
struct ChainCheck {
    path: PathBuf,
    sender: Id,
    sender_key: [u8; 32],
    audit: Id,
    ranges: BTreeMap<Id, DeviceRange>,
    last: Option<(Id, u64, Hash)>,
    events: u64,
    stubs: u64,
    audit_found: bool,
    failed: Option<Failed>,
}

/// The first problem of a file's chains.
enum Failed {
    Said(String),
    /// A chain jumps from `after` to `to`: events were dropped, or — when `after + 1` comes later
    /// in the file — reordered.
    Gap {
        device: Id,
        after: u64,
        to: u64,
        reordered: bool,
    },
}

impl ChainCheck {
    fn new(path: &Path, header: &Header) -> ChainCheck {
        ChainCheck {
            path: path.to_path_buf(),
            sender: header.device,
            sender_key: header.public_key,
            audit: header.audit,
            ranges: BTreeMap::new(),
            last: None,
            events: 0,
            stubs: 0,
            audit_found: false,
            failed: None,
        }
    }

    fn step(&mut self, entry: &Entry) {
        match &mut self.failed {
            None => {
                if let Err(f) = self.check(entry) {
                    self.failed = Some(f);
                }
            }
            Some(Failed::Gap {
                device,
                after,
                reordered,
                ..
            }) => {
                if entry.device() == *device && entry.seq() == *after + 1 {
                    *reordered = true;
                }
            }
            Some(Failed::Said(_)) => {}
        }
    }

    fn check(&mut self, entry: &Entry) -> Result<(), Failed> {
        let said = |s: String| Failed::Said(s);
        let (device, seq) = (entry.device(), entry.seq());
        let prev = match self.last {
            Some((d, s, h)) if d == device => {
                if seq <= s {
                    return Err(said(format!(
                        "device {device} event {seq} comes after event {s}: the events are reordered or repeated"
                    )));
                }
                if seq != s + 1 {
                    return Err(Failed::Gap {
                        device,
                        after: s,
                        to: seq,
                        reordered: false,
                    });
                }
                h
            }
            _ => {
                if self.ranges.contains_key(&device) {
                    return Err(said(format!(
                        "the events of device {device} are not together: the file was reordered"
                    )));
                }
                if seq != 1 {
                    return Err(said(format!(
                        "device {device}'s chain starts at event {seq}, not 1: events were dropped"
                    )));
                }
                GENESIS
            }
        };
        match entry {
            Entry::Event(e) => {
                if !e.hashes_match().unwrap_or(false) {
                    return Err(said(format!(
                        "device {device} event {seq} does not match its hash: it was altered"
                    )));
                }
                if e.prev_hash != prev {
                    return Err(said(format!(
                        "device {device} event {seq} links to {} but the event before it is {}: the chain is broken",
                        short_hash(&e.prev_hash),
                        short_hash(&prev)
                    )));
                }
                if seq == 1 {
                    match &e.body.payload {
                        Payload::DeviceRegistered { public_key, .. } => {
                            if device == self.sender && *public_key != self.sender_key {
                                return Err(said(format!(
                                    "it is signed with key {} but its sender, device {device}, registered key {}: re-signed by someone else",
                                    hex::encode(&self.sender_key[..8]),
                                    hex::encode(&public_key[..8])
                                )));
                            }
                        }
                        _ => {
                            return Err(said(format!(
                                "device {device}'s chain does not start with its registration"
                            )))
                        }
                    }
                }
                if matches!(&e.body.payload, Payload::AuditCreated { id, .. } if *id == self.audit)
                {
                    self.audit_found = true;
                }
                self.events += 1;
            }
            Entry::Stub(s) => {
                if seq == 1 {
                    return Err(said(format!(
                        "device {device}'s registration is missing (only its hash is in the file)"
                    )));
                }
                if !s.links() || s.prev_hash != prev {
                    return Err(said(format!(
                        "device {device} event {seq} (a stub) does not link into the chain"
                    )));
                }
                self.stubs += 1;
            }
        }
        let r = self.ranges.entry(device).or_insert(DeviceRange {
            device,
            last: 0,
            events: 0,
            stubs: 0,
        });
        r.last = seq;
        match entry {
            Entry::Event(_) => r.events += 1,
            Entry::Stub(_) => r.stubs += 1,
        }
        self.last = Some((device, seq, entry.hash()));
        Ok(())
    }

    /// The first problem found, or what only the whole file tells.
    fn finish(self, header: &Header) -> Result<(), BundleError> {
        let chain = |reason: String| BundleError::Chain {
            path: self.path.clone(),
            reason,
        };
        match self.failed {
            Some(Failed::Said(reason)) => return Err(chain(reason)),
            Some(Failed::Gap {
                device,
                after,
                to,
                reordered,
            }) => {
                return Err(chain(if reordered {
                    format!(
                        "device {device} event {to} comes before event {}: the events are reordered",
                        after + 1
                    )
                } else {
                    format!(
                        "device {device} jumps from event {after} to {to}: events were dropped from the chain"
                    )
                }))
            }
            None => {}
        }
        if !self.ranges.contains_key(&header.device) {
            return Err(chain(format!(
                "the sending device {} has no chain in the file",
                header.device
            )));
        }
        let mut listed = header.ranges.clone();
        listed.sort_by_key(|r| r.device);
        let found: Vec<DeviceRange> = self.ranges.into_values().collect();
        if self.events != header.events || self.stubs != header.stubs || listed != found {
            return Err(chain(
                "the header's counts do not match the entries in the file".into(),
            ));
        }
        if !self.audit_found && !header.is_backup() {
            return Err(chain(format!(
                "the audit {} named in the header is not in the file",
                header.audit
            )));
        }
        Ok(())
    }
}

/// A new age X25519 identity: (the secret line to keep, the public recipient to share).
pub fn new_identity() -> (SecretString, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    let secret = id.to_string();
    let public = id.to_public().to_string();
    (
        SecretString::from(secret.expose_secret().to_string()),
        public,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Agency;
    use crate::store::event::{Event, EventBody, Stub};

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    /// A device chain of `n` events: registration, the audit, then agencies.
    fn chain(device: Id, key: &SigningKey, audit: Id, n: u64) -> Vec<Event> {
        let mut out: Vec<Event> = Vec::new();
        let mut prev = GENESIS;
        for seq in 1..=n {
            let payload = match seq {
                1 => Payload::DeviceRegistered {
                    public_key: key.verifying_key().to_bytes(),
                    name: "laptop".into(),
                },
                2 => Payload::AuditCreated {
                    id: audit,
                    title: "Audit".into(),
                    agency: "DINKES".into(),
                    template_id: "t".into(),
                    template_hash: [0; 32],
                    letter: None,
                    period: None,
                },
                _ => Payload::AgencyUpserted(Agency {
                    code: format!("A{seq}"),
                    name: "Dinas".into(),
                    kind: "Dinas".into(),
                    region: "Kab".into(),
                }),
            };
            let body = EventBody {
                id: Id::from_u128(seq as u128 + 1000),
                device,
                seq,
                actor: Id::from_u128(5),
                at_ms: 1_764_000_000_000 + seq as i64,
                base: None,
                payload,
            };
            let e = Event::seal(body, prev).unwrap();
            prev = e.hash;
            out.push(e);
        }
        out
    }

    fn write(path: &Path, entries: &[Entry], signer: &SigningKey, device: Id, audit: Id) {
        let events = entries
            .iter()
            .filter(|e| matches!(e, Entry::Event(_)))
            .count() as u64;
        let header = Header {
            format: FORMAT,
            device,
            device_name: "laptop".into(),
            public_key: key(1).verifying_key().to_bytes(),
            audit,
            audit_title: "Audit".into(),
            created_at_ms: 0,
            ranges: vec![DeviceRange {
                device,
                last: entries.len() as u64,
                events,
                stubs: entries.len() as u64 - events,
            }],
            events,
            stubs: entries.len() as u64 - events,
        };
        let mut w = BundleWriter::create(path, &header, signer, &Seal::Plain).unwrap();
        for e in entries {
            w.write(e).unwrap();
        }
        w.finish().unwrap();
    }

    fn setup(n: u64) -> (tempfile::TempDir, Vec<Entry>, Id, Id) {
        let dir = tempfile::tempdir().unwrap();
        let (device, audit) = (Id::from_u128(1), Id::from_u128(2));
        let mut entries: Vec<Entry> = chain(device, &key(1), audit, n)
            .into_iter()
            .map(Entry::Event)
            .collect();
        if let Entry::Event(e) = &entries[3] {
            entries[3] = Entry::Stub(Stub::of(e));
        }
        (dir, entries, device, audit)
    }

    #[test]
    fn a_written_file_reads_back_and_checks() {
        let (dir, entries, device, audit) = setup(6);
        let path = dir.path().join("a.periksa");
        write(&path, &entries, &key(1), device, audit);
        let b = read(&path, &Unseal::None).unwrap();
        assert_eq!(b.entries, entries);
        assert_eq!(b.header.stubs, 1);
        // no temp file left beside it
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let (dir, entries, device, audit) = setup(5);
        let path = dir.path().join("a.periksa");
        write(&path, &entries, &key(1), device, audit);
        let good = std::fs::read(&path).unwrap();
        let bad = dir.path().join("bad.periksa");
        for i in 0..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x20;
            std::fs::write(&bad, &b).unwrap();
            assert!(
                read(&bad, &Unseal::None).is_err(),
                "flip at byte {i} accepted"
            );
        }
        for cut in [0, 5, 8, 20, good.len() / 2, good.len() - 64, good.len() - 1] {
            std::fs::write(&bad, &good[..cut]).unwrap();
            assert!(read(&bad, &Unseal::None).is_err(), "cut at {cut} accepted");
        }
    }

    #[test]
    fn another_key_dropped_and_reordered_events_are_named() {
        let (dir, entries, device, audit) = setup(6);
        let path = dir.path().join("a.periksa");
        // signed by a key that is not the sender's registered one
        write(&path, &entries, &key(9), device, audit);
        let e = read(&path, &Unseal::None).unwrap_err().to_string();
        assert!(e.contains("signature does not match"), "{e}");
        // an event dropped from the middle
        let mut dropped = entries.clone();
        dropped.remove(4);
        write(&path, &dropped, &key(1), device, audit);
        let e = read(&path, &Unseal::None).unwrap_err().to_string();
        assert!(e.contains("jumps from event 4 to 6"), "{e}");
        // two events swapped
        let mut swapped = entries.clone();
        swapped.swap(4, 5);
        write(&path, &swapped, &key(1), device, audit);
        let e = read(&path, &Unseal::None).unwrap_err().to_string();
        assert!(e.contains("event 6 comes before event 5"), "{e}");
        // one repeated
        let mut repeated = entries.clone();
        repeated.insert(5, entries[4].clone());
        write(&path, &repeated, &key(1), device, audit);
        let e = read(&path, &Unseal::None).unwrap_err().to_string();
        assert!(e.contains("reordered or repeated"), "{e}");
    }

    #[test]
    fn passphrase_files_open_only_with_the_passphrase() {
        let (dir, entries, device, audit) = setup(4);
        let path = dir.path().join("a.periksa");
        let header = Header {
            format: FORMAT,
            device,
            device_name: "l".into(),
            public_key: key(1).verifying_key().to_bytes(),
            audit,
            audit_title: "A".into(),
            created_at_ms: 0,
            ranges: vec![DeviceRange {
                device,
                last: 4,
                events: 3,
                stubs: 1,
            }],
            events: 3,
            stubs: 1,
        };
        let seal = Seal::Passphrase(SecretString::from("rahasia dinas".to_string()));
        let mut w = BundleWriter::create(&path, &header, &key(1), &seal).unwrap();
        for e in &entries {
            w.write(e).unwrap();
        }
        w.finish().unwrap();
        let e = read(&path, &Unseal::None).unwrap_err().to_string();
        assert!(e.contains("is encrypted"), "{e}");
        let wrong = Unseal::Passphrase(SecretString::from("salah".to_string()));
        let e = read(&path, &wrong).unwrap_err().to_string();
        assert!(e.contains("passphrase is wrong"), "{e}");
        let right = Unseal::Passphrase(SecretString::from("rahasia dinas".to_string()));
        let b = read(&path, &right).unwrap();
        assert!(b.encrypted);
        assert_eq!(b.entries, entries);
    }
}

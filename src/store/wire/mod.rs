//! How events are stored: the record forms, each kind's payload versions, and the one place that decodes every past version and upcasts it to today's [`Payload`].
//!
//! Two forms of event exist on disk, and both are read forever:
//!
//! - **Form 1** (every event written before issue 14): bincode of the format-1 body
//!   ([`v1::EventBody`], whose payload is the positional [`v1::Payload`] enum) followed by the
//!   32-byte content, previous and chain hashes. A journal record with no form flag; entry tag 0 in
//!   a findings file.
//! - **Form 2** (written since): a sealed record `{ body bytes, prev_hash, hash, trailer }` whose
//!   body is an [`Envelope`]: the event's header, the audit it belongs to, and the payload as
//!   `(kind, version, bytes)`. A build that does not know a kind or a version still reads the
//!   envelope, checks the hashes and the chain, stores the event and carries it on in findings
//!   files; it only cannot project it ([`Payload::Unknown`]). Journal flag [`journal::FLAG_FORM2`]; entry
//!   tag 2 in a findings file. Fields a later build appends to the envelope are kept in the body
//!   bytes and ignored here; the trailer (not hashed) is kept as it is.
//!
//! The content hash is always BLAKE3 of the body bytes as stored: an event is never re-encoded,
//! so an older event keeps its hash whatever today's types look like.
//!
//! Payload versions: the data of `(kind, 1)` is the format-1 variant's fields (bincode of
//! [`v1::Payload`] without its variant number, which is `kind - 1`). `conflict.resolved` is at
//! version 2: its value travels as a nested `(kind, version, bytes)`, so a resolution of any later
//! payload version needs no new version of its own. A new field for a kind means a new version
//! here: a frozen struct for it, its number in [`current_version`], a decode arm that upcasts it,
//! and a golden file.

pub mod v1;

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError};
use crate::domain::Id;
use crate::store::event::{Event, EventBody, Form, Hash, Kind, Payload, Stored, Stub, Unknown};
use crate::store::journal;
use crate::store::Entry;

/// Findings-file entry tags (the first byte of an entry).
const TAG_FORM1: u8 = 0;
const TAG_STUB: u8 = 1;
const TAG_FORM2: u8 = 2;

/// The body of a form-2 event: what its content hash is taken over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: Id,
    pub device: Id,
    pub seq: u64,
    pub actor: Id,
    pub at_ms: i64,
    pub base: Option<Hash>,
    /// The audit the event belongs to (so an event of a kind this build does not know still
    /// lands in its audit's trail and travels in its findings file).
    pub audit: Option<Id>,
    pub kind: u16,
    pub version: u16,
    pub data: Vec<u8>,
}

/// A form-2 event as stored: its body bytes, the chain, and an unhashed trailer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Sealed {
    body: Vec<u8>,
    prev_hash: Hash,
    hash: Hash,
    trailer: Vec<u8>,
}

/// A payload inside another (the value of a resolution).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Nested {
    kind: u16,
    version: u16,
    data: Vec<u8>,
}

/// `conflict.resolved`, version 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ResolvedV2 {
    merged: Vec<Hash>,
    value: Nested,
}

/// The payload version this build writes for a kind.
pub fn current_version(kind: Kind) -> u16 {
    match kind {
        Kind::ConflictResolved => 2,
        _ => 1,
    }
}

/// Whether this build can read `(kind, version)`: every version up to the one it writes.
pub fn knows(kind: u16, version: u16) -> bool {
    if forgotten(kind) {
        return false;
    }
    u8::try_from(kind)
        .ok()
        .and_then(Kind::from_u8)
        .is_some_and(|k| (1..=current_version(k)).contains(&version))
}

/// Debug builds only: kinds the tests make this build pretend not to know
/// (`PERIKSA_TEST_UNKNOWN_KINDS=21,16`), to show what a laptop that has not updated yet does with
/// them, and what happens after its update.
#[cfg(debug_assertions)]
fn forgotten(kind: u16) -> bool {
    static LIST: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        std::env::var("PERIKSA_TEST_UNKNOWN_KINDS")
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    })
    .contains(&kind)
}

#[cfg(not(debug_assertions))]
fn forgotten(_kind: u16) -> bool {
    false
}

/// A payload as `(kind, version, data)` in the version this build writes.
pub fn encode_payload(p: &Payload) -> Result<(u16, u16, Vec<u8>), CodecError> {
    match p {
        Payload::Unknown(u) => Ok((u.kind, u.version, u.data.clone())),
        Payload::ConflictResolved { merged, value } => {
            let (kind, version, data) = encode_payload(value)?;
            let r = ResolvedV2 {
                merged: merged.clone(),
                value: Nested {
                    kind,
                    version,
                    data,
                },
            };
            Ok((Kind::ConflictResolved as u16, 2, codec::encode(&r)?))
        }
        other => {
            let kind = other.kind() as u16;
            let old = v1::downcast(other)
                .ok_or_else(|| CodecError::Encode(format!("kind {kind} has no version-1 form")))?;
            let bytes = codec::encode(&old)?;
            // the variant number is `kind - 1`, one byte: the data is what follows it
            match bytes.split_first() {
                Some((&tag, rest)) if u16::from(tag) + 1 == kind => Ok((kind, 1, rest.to_vec())),
                _ => Err(CodecError::Encode(format!(
                    "kind {kind} does not encode as variant {}",
                    kind - 1
                ))),
            }
        }
    }
}

/// Today's payload from `(kind, version, data)`; one this build does not know stays opaque.
pub fn decode_payload(
    kind: u16,
    version: u16,
    audit: Option<Id>,
    data: Vec<u8>,
) -> Result<Payload, CodecError> {
    if !knows(kind, version) {
        return Ok(Payload::Unknown(Unknown {
            kind,
            version,
            audit,
            data,
        }));
    }
    if kind == Kind::ConflictResolved as u16 && version == 2 {
        let r: ResolvedV2 = codec::decode(&data)?;
        let value = decode_payload(r.value.kind, r.value.version, audit, r.value.data)?;
        if matches!(value, Payload::Unknown(_)) {
            // a resolution of something this build cannot read cannot be projected either
            return Ok(Payload::Unknown(Unknown {
                kind,
                version,
                audit,
                data,
            }));
        }
        return Ok(Payload::ConflictResolved {
            merged: r.merged,
            value: Box::new(value),
        });
    }
    // version 1: the format-1 variant's fields; put its variant number back in front
    let mut tagged = Vec::with_capacity(data.len() + 1);
    tagged.push((kind - 1) as u8);
    tagged.extend_from_slice(&data);
    let old: v1::Payload = codec::decode(&tagged)?;
    Ok(v1::upcast(old))
}

/// The stored body of a new event (form 2).
pub fn encode_body(body: &EventBody) -> Result<Vec<u8>, CodecError> {
    let (kind, version, data) = encode_payload(&body.payload)?;
    codec::encode(&Envelope {
        id: body.id,
        device: body.device,
        seq: body.seq,
        actor: body.actor,
        at_ms: body.at_ms,
        base: body.base,
        audit: body.payload.audit(),
        kind,
        version,
        data,
    })
}

/// A form-1 event from its stored bytes (body, then the three hashes).
pub fn decode_form1(bytes: &[u8]) -> Result<Event, CodecError> {
    let (old, used) = codec::decode_prefix::<v1::EventBody>(bytes)?;
    let rest = &bytes[used..];
    if rest.len() != 96 {
        return Err(CodecError::Decode(format!(
            "an event's hashes take 96 bytes after its body, {} found",
            rest.len()
        )));
    }
    let hash_at = |i: usize| -> Hash {
        let mut h = [0u8; 32];
        h.copy_from_slice(&rest[i * 32..(i + 1) * 32]);
        h
    };
    Ok(Event {
        body: EventBody {
            id: old.id,
            device: old.device,
            seq: old.seq,
            actor: old.actor,
            at_ms: old.at_ms,
            base: old.base,
            payload: v1::upcast(old.payload),
        },
        content_hash: hash_at(0),
        prev_hash: hash_at(1),
        hash: hash_at(2),
        stored: Stored {
            form: Form::One,
            body: bytes[..used].to_vec(),
            trailer: Vec::new(),
        },
    })
}

/// A form-2 event from its sealed record.
pub fn decode_form2(bytes: &[u8]) -> Result<Event, CodecError> {
    let sealed: Sealed = codec::decode(bytes)?;
    // fields a later build appends to the envelope follow it: kept in the bytes, not read here
    let (env, _) = codec::decode_prefix::<Envelope>(&sealed.body)?;
    let payload = decode_payload(env.kind, env.version, env.audit, env.data)?;
    Ok(Event {
        body: EventBody {
            id: env.id,
            device: env.device,
            seq: env.seq,
            actor: env.actor,
            at_ms: env.at_ms,
            base: env.base,
            payload,
        },
        content_hash: *blake3::hash(&sealed.body).as_bytes(),
        prev_hash: sealed.prev_hash,
        hash: sealed.hash,
        stored: Stored {
            form: Form::Two,
            body: sealed.body,
            trailer: sealed.trailer,
        },
    })
}

/// An event's record bytes in its own form (the same bytes it was read from).
pub fn encode_event(e: &Event) -> Result<Vec<u8>, CodecError> {
    match e.stored.form {
        Form::One => {
            let mut out = Vec::with_capacity(e.stored.body.len() + 96);
            out.extend_from_slice(&e.stored.body);
            out.extend_from_slice(&e.content_hash);
            out.extend_from_slice(&e.prev_hash);
            out.extend_from_slice(&e.hash);
            Ok(out)
        }
        Form::Two => codec::encode(&Sealed {
            body: e.stored.body.clone(),
            prev_hash: e.prev_hash,
            hash: e.hash,
            trailer: e.stored.trailer.clone(),
        }),
    }
}

/// A journal record's flags and body for an entry.
pub fn to_record(entry: &Entry) -> Result<(u8, Vec<u8>), CodecError> {
    match entry {
        Entry::Stub(s) => Ok((journal::FLAG_STUB, codec::encode(s)?)),
        Entry::Event(e) => event_record(e),
    }
}

/// A journal record's flags and body for an event.
pub fn event_record(e: &Event) -> Result<(u8, Vec<u8>), CodecError> {
    let flag = match e.stored.form {
        Form::One => 0,
        Form::Two => journal::FLAG_FORM2,
    };
    Ok((flag, encode_event(e)?))
}

/// The entry a journal record holds.
pub fn from_record(flags: u8, body: &[u8]) -> Result<Entry, CodecError> {
    if flags & journal::FLAG_STUB != 0 {
        codec::decode::<Stub>(body).map(Entry::Stub)
    } else if flags & journal::FLAG_FORM2 != 0 {
        decode_form2(body).map(Entry::Event)
    } else {
        decode_form1(body).map(Entry::Event)
    }
}

/// An entry of a findings file: its tag, then its record.
pub fn encode_entry(entry: &Entry) -> Result<Vec<u8>, CodecError> {
    let (tag, bytes) = match entry {
        Entry::Stub(s) => (TAG_STUB, codec::encode(s)?),
        Entry::Event(e) => (
            match e.stored.form {
                Form::One => TAG_FORM1,
                Form::Two => TAG_FORM2,
            },
            encode_event(e)?,
        ),
    };
    let mut out = Vec::with_capacity(bytes.len() + 1);
    out.push(tag);
    out.extend(bytes);
    Ok(out)
}

/// An entry of a findings file (format 1 wrote tags 0 and 1 the same way: bincode's variant
/// numbers of its `Entry` enum).
pub fn decode_entry(bytes: &[u8]) -> Result<Entry, CodecError> {
    match bytes.split_first() {
        None => Err(CodecError::Empty),
        Some((&TAG_FORM1, rest)) => decode_form1(rest).map(Entry::Event),
        Some((&TAG_STUB, rest)) => codec::decode::<Stub>(rest).map(Entry::Stub),
        Some((&TAG_FORM2, rest)) => decode_form2(rest).map(Entry::Event),
        Some((&tag, _)) => Err(CodecError::Decode(format!(
            "entry of an unknown form ({tag}): the file was written by a newer Periksa"
        ))),
    }
}

#[cfg(test)]
mod tests;

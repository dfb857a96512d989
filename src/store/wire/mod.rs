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

pub mod added;
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
    #[serde(with = "serde_bytes")]
    pub data: Vec<u8>,
}

/// A form-2 event as stored: its body bytes, the chain, and an unhashed trailer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Sealed {
    #[serde(with = "serde_bytes")]
    body: Vec<u8>,
    prev_hash: Hash,
    hash: Hash,
    #[serde(with = "serde_bytes")]
    trailer: Vec<u8>,
}

/// A payload inside another (the value of a resolution).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Nested {
    kind: u16,
    version: u16,
    #[serde(with = "serde_bytes")]
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
        Kind::ConflictResolved | Kind::FindingRaised | Kind::FindingUpdated => 2,
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
            if let Some(added) = added::encode(other) {
                return added;
            }
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
    if let Some(payload) = added::decode(kind, version, &data) {
        return payload;
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
mod tests {
    //! Tests of the record forms and payload versions.

    use super::*;
    use crate::domain::model::Agency;
    use crate::store::event::GENESIS;

    /// The envelope and seal as they were before their byte fields were read as bytes
    /// (`serde_bytes`): a sequence of u8, element by element.
    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct SealedAsSeq {
        body: Vec<u8>,
        prev_hash: Hash,
        hash: Hash,
        trailer: Vec<u8>,
    }

    #[test]
    fn byte_fields_read_as_bytes_keep_the_stored_encoding() {
        // hashes cover stored bytes, and every earlier journal and findings file must read: the
        // encoding must be the same bytes, for empty, short and long fields
        for len in [0usize, 1, 127, 128, 250, 251, 300, 65_536, 70_000] {
            let body: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let trailer: Vec<u8> = body.iter().rev().take(len / 3).copied().collect();
            let old = SealedAsSeq {
                body: body.clone(),
                prev_hash: [1; 32],
                hash: [2; 32],
                trailer: trailer.clone(),
            };
            let new = Sealed {
                body,
                prev_hash: [1; 32],
                hash: [2; 32],
                trailer,
            };
            let old_bytes = codec::encode(&old).unwrap();
            assert_eq!(codec::encode(&new).unwrap(), old_bytes, "length {len}");
            assert_eq!(codec::decode::<Sealed>(&old_bytes).unwrap(), new);
            let nested = Nested {
                kind: 7,
                version: 2,
                data: new.body.clone(),
            };
            let nested_old = (7u16, 2u16, new.body.clone());
            assert_eq!(
                codec::encode(&nested).unwrap(),
                codec::encode(&nested_old).unwrap()
            );
            let envelope = Envelope {
                id: Id::from_u128(1),
                device: Id::from_u128(2),
                seq: 3,
                actor: Id::from_u128(4),
                at_ms: -5,
                base: Some([6; 32]),
                audit: None,
                kind: 7,
                version: 2,
                data: new.body.clone(),
            };
            let envelope_old = (
                (envelope.id, envelope.device, envelope.seq, envelope.actor),
                (envelope.at_ms, envelope.base, envelope.audit),
                (envelope.kind, envelope.version, new.body.clone()),
            );
            let envelope_bytes = codec::encode(&envelope_old).unwrap();
            assert_eq!(codec::encode(&envelope).unwrap(), envelope_bytes);
            assert_eq!(
                codec::decode::<Envelope>(&envelope_bytes).unwrap(),
                envelope
            );
        }
    }

    fn body(seq: u64, payload: Payload) -> EventBody {
        EventBody {
            id: Id::from_u128(seq as u128),
            device: Id::from_u128(7),
            seq,
            actor: Id::from_u128(9),
            at_ms: 1_764_000_000_000 + seq as i64,
            base: None,
            payload,
        }
    }

    fn agency() -> Payload {
        Payload::AgencyUpserted(Agency {
            code: "DINKES".into(),
            name: "Dinas Kesehatan".into(),
            kind: "Dinas".into(),
            region: "Kabupaten Sukamaju".into(),
        })
    }

    #[test]
    fn a_new_event_reads_back_from_its_record_and_its_entry_byte_for_byte() {
        let e = Event::seal(body(1, agency()), GENESIS).unwrap();
        let (flags, bytes) = event_record(&e).unwrap();
        assert_eq!(flags, journal::FLAG_FORM2);
        let Entry::Event(back) = from_record(flags, &bytes).unwrap() else {
            panic!("not an event")
        };
        assert_eq!(back, e);
        assert!(back.hashes_match().unwrap());
        let entry = encode_entry(&Entry::Event(e.clone())).unwrap();
        assert_eq!(entry[0], TAG_FORM2);
        assert_eq!(decode_entry(&entry).unwrap(), Entry::Event(e));
    }

    /// The bytes the build before issue 14 wrote for an event: bincode of its format-1 body and the
    /// three hashes.
    fn form1_bytes(payload: v1::Payload, prev: Hash) -> (Vec<u8>, Hash) {
        let b = v1::EventBody {
            id: Id::from_u128(1),
            device: Id::from_u128(7),
            seq: 1,
            actor: Id::from_u128(9),
            at_ms: 1_764_000_000_000,
            base: None,
            payload,
        };
        let body = codec::encode(&b).unwrap();
        let content = *blake3::hash(&body).as_bytes();
        let hash = crate::store::event::chain_hash(&prev, &content);
        let mut out = body;
        out.extend(content);
        out.extend(prev);
        out.extend(hash);
        (out, hash)
    }

    #[test]
    fn a_form1_event_keeps_its_bytes_and_hash() {
        let (bytes, hash) = form1_bytes(
            v1::Payload::AgencyUpserted(v1::Agency {
                code: "DINKES".into(),
                name: "Dinas Kesehatan".into(),
                kind: "Dinas".into(),
                region: "Kabupaten Sukamaju".into(),
            }),
            GENESIS,
        );
        let Entry::Event(e) = from_record(0, &bytes).unwrap() else {
            panic!("not an event")
        };
        assert_eq!(e.stored.form, Form::One);
        assert_eq!(e.hash, hash);
        assert!(e.hashes_match().unwrap());
        assert_eq!(e.body.payload, agency());
        assert_eq!(encode_event(&e).unwrap(), bytes);
        // a findings file of format 1 tagged it 0 (bincode's first variant of its entry enum)
        let mut tagged = vec![TAG_FORM1];
        tagged.extend(&bytes);
        assert_eq!(encode_entry(&Entry::Event(e)).unwrap(), tagged);
    }

    #[test]
    fn every_kind_of_today_round_trips_through_its_payload_version() {
        for p in samples() {
            let (kind, version, data) = encode_payload(&p).unwrap();
            assert_eq!(kind, p.kind() as u16);
            assert_eq!(version, current_version(p.kind()));
            assert_eq!(decode_payload(kind, version, p.audit(), data).unwrap(), p);
        }
    }

    #[test]
    fn a_finding_of_version_1_becomes_one_recommendation_numbered_1() {
        let old = v1::Payload::FindingRaised(v1::FindingV1 {
            id: Id::from_u128(5),
            audit: Id::from_u128(4),
            items: vec!["SP-01".into()],
            title: "SOP belum ditetapkan".into(),
            kondisi: "k".into(),
            kriteria: "kr".into(),
            sebab: "s".into(),
            akibat: "a".into(),
            rekomendasi: "Tetapkan SOP".into(),
            tanggapan: String::new(),
            severity: v1::Severity::High,
            nips: vec![],
        });
        let bytes = codec::encode(&old).unwrap();
        // the data of (kind, 1) is the variant's fields without its number
        let p = decode_payload(10, 1, None, bytes[1..].to_vec()).unwrap();
        let Payload::FindingRaised { content, .. } = p else {
            panic!("not a finding: {p:?}")
        };
        assert_eq!(content.recommendations.len(), 1);
        let r = &content.recommendations[0];
        assert_eq!((r.no, r.text.as_str()), (1, "Tetapkan SOP"));
        assert!(r.is_plain() && content.code.is_empty());
        // and a finding is written as version 2 from now on
        let (kind, version, _) = encode_payload(&Payload::FindingRaised {
            id: Id::from_u128(5),
            audit: Id::from_u128(4),
            content,
        })
        .unwrap();
        assert_eq!((kind, version), (10, 2));
    }

    #[test]
    fn a_kind_or_version_from_a_newer_build_stays_opaque_and_keeps_its_bytes() {
        let audit = Id::from_u128(42);
        let future = Payload::Unknown(Unknown {
            kind: 200,
            version: 1,
            audit: Some(audit),
            data: vec![1, 2, 3],
        });
        let e = Event::seal(body(1, future.clone()), GENESIS).unwrap();
        let (flags, bytes) = event_record(&e).unwrap();
        let Entry::Event(back) = from_record(flags, &bytes).unwrap() else {
            panic!("not an event")
        };
        assert_eq!(back.body.payload, future);
        assert_eq!(back.body.payload.audit(), Some(audit));
        assert!(back.hashes_match().unwrap());
        assert_eq!(encode_event(&back).unwrap(), bytes);
        // a later version of a known kind, too
        let later = decode_payload(Kind::FindingRaised as u16, 9, None, vec![0xFF]).unwrap();
        assert!(matches!(
            later,
            Payload::Unknown(Unknown { version: 9, .. })
        ));
        // a resolution whose value is unknown is unknown as a whole
        let r = codec::encode(&ResolvedV2 {
            merged: vec![[3u8; 32]],
            value: Nested {
                kind: 200,
                version: 1,
                data: vec![],
            },
        })
        .unwrap();
        let p = decode_payload(Kind::ConflictResolved as u16, 2, None, r).unwrap();
        assert!(matches!(p, Payload::Unknown(Unknown { kind: 14, .. })));
    }

    #[test]
    fn fields_a_later_build_appends_to_the_envelope_are_kept_and_ignored() {
        let e = Event::seal(body(1, agency()), GENESIS).unwrap();
        let mut body_bytes = e.stored.body.clone();
        body_bytes.extend([9, 9, 9]);
        let content = *blake3::hash(&body_bytes).as_bytes();
        let sealed = Sealed {
            body: body_bytes.clone(),
            prev_hash: GENESIS,
            hash: crate::store::event::chain_hash(&GENESIS, &content),
            trailer: vec![7],
        };
        let bytes = codec::encode(&sealed).unwrap();
        let back = decode_form2(&bytes).unwrap();
        assert_eq!(back.body, e.body);
        assert!(back.hashes_match().unwrap());
        assert_eq!(back.stored.body, body_bytes);
        assert_eq!(encode_event(&back).unwrap(), bytes);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let e = Event::seal(body(1, agency()), GENESIS).unwrap();
        let (flags, bytes) = event_record(&e).unwrap();
        for cut in 0..bytes.len() {
            assert!(from_record(flags, &bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_entry(&[]).is_err());
        assert!(decode_entry(&[7, 1, 2]).is_err());
        // a known version whose data is not that version's is damage, not a newer build's event
        assert!(decode_payload(Kind::AgencyUpserted as u16, 1, None, vec![0xFF; 3]).is_err());
    }

    /// One payload of every kind this build knows.
    pub(crate) fn samples() -> Vec<Payload> {
        use crate::domain::followup::{Berakhlak, FollowUpAction, FollowUpStatus, Severity};
        use crate::domain::model::{
            Employee, EmploymentKind, Evidence, FindingContent, Profile, RatingContent,
        };
        use crate::domain::nip::Nip;
        use crate::domain::period::Period;
        use crate::domain::phase::{Phase, Role};
        use crate::domain::rating::RatingLevel;
        use crate::domain::score::Answer;
        use crate::domain::template::{AnswerKind, Item, NumberLimit, Section, Template};
        let id = Id::from_u128;
        let nip = || Nip::from_stored("198609262015051001".into());
        let finding = |updated: bool| {
            let content = FindingContent {
                items: vec!["SP-01".to_string()],
                title: "SOP belum ditetapkan".to_string(),
                kondisi: "Belum ada SOP".to_string(),
                kriteria: "Permenpan".to_string(),
                sebab: "Lalai".to_string(),
                akibat: "Layanan lambat".to_string(),
                recommendations: vec![
                    crate::domain::model::Recommendation {
                        no: 1,
                        text: "Tetapkan SOP".to_string(),
                        ..Default::default()
                    },
                    crate::domain::model::Recommendation {
                        no: 3,
                        code: "01".into(),
                        text: "Setor kelebihan bayar".to_string(),
                        official: crate::domain::model::Official {
                            name: "Bendahara Pengeluaran".into(),
                            position: "Bendahara".into(),
                            nip: Some(nip()),
                        },
                        due: chrono::NaiveDate::from_ymd_opt(2027, 2, 1),
                        value: Some(crate::domain::money::Rupiah::from_sen(125_000_050)),
                    },
                ],
                code: "1.01".into(),
                cause_code: "3".into(),
                tanggapan: String::new(),
                severity: if updated {
                    Severity::High
                } else {
                    Severity::Medium
                },
                nips: vec![nip()],
            };
            let (id, audit) = (id(5), id(4));
            if updated {
                Payload::FindingUpdated { id, audit, content }
            } else {
                Payload::FindingRaised { id, audit, content }
            }
        };
        let mut out = vec![
            Payload::DeviceRegistered {
                public_key: [1; 32],
                name: "laptop-1".into(),
            },
            Payload::ProfileAdded(Profile {
                id: id(1),
                name: "Budi Santoso".into(),
                nip: Some(nip()),
                role: Role::Lead,
            }),
            agency(),
            Payload::EmployeeUpserted(Employee {
                nip: nip(),
                name: "Siti Aminah".into(),
                position: "Analis".into(),
                rank: "III/c".into(),
                unit: "Sekretariat".into(),
                agency: "DINKES".into(),
                kind: EmploymentKind::Pppk,
            }),
            Payload::TemplateImported {
                hash: [2; 32],
                template: Template {
                    id: "sakip".into(),
                    title: "SAKIP".into(),
                    version: "2024".into(),
                    description: String::new(),
                    sections: vec![Section {
                        code: "A".into(),
                        title: "Perencanaan".into(),
                        items: vec![Item {
                            code: "A-01".into(),
                            text: "Renstra".into(),
                            guidance: String::new(),
                            criteria: "Permenpan 88/2021".into(),
                            weight: 3,
                            answer: AnswerKind::Number,
                            evidence_required: true,
                        }],
                    }],
                },
            },
            Payload::AuditCreated {
                id: id(4),
                title: "Evaluasi SAKIP".into(),
                agency: "DINKES".into(),
                template_id: "sakip".into(),
                template_hash: [2; 32],
                letter: Some("700/01/ST/2026".into()),
                period: Some(Period::Quarter(2026, 3)),
            },
            Payload::ResponseRecorded {
                audit: id(4),
                item: "A-01".into(),
                answer: Some(Answer::Number(79.5)),
                note: "cek".into(),
                evidence: vec![Evidence {
                    name: "renstra.pdf".into(),
                    sha256: [3; 32],
                    note: String::new(),
                }],
            },
            Payload::PhaseChanged {
                audit: id(4),
                from: Phase::Final,
                to: Phase::Review,
                reason: Some("koreksi".into()),
                followup_days: Some(60),
            },
            Payload::SignedOff {
                audit: id(4),
                role: Role::Quality,
                state_hash: [4; 32],
            },
            finding(false),
            Payload::FollowUpRecorded {
                finding: id(5),
                audit: id(4),
                status: FollowUpStatus::TidakDapat,
                note: "alasan sah".into(),
                due: chrono::NaiveDate::from_ymd_opt(2027, 2, 1),
            },
            Payload::RatingRecommended {
                id: id(6),
                audit: id(4),
                content: RatingContent {
                    nip: nip(),
                    period: Period::Year(2026),
                    hasil: RatingLevel::Below,
                    perilaku: RatingLevel::Meets,
                    berakhlak: vec![(Berakhlak::Akuntabel, "tepat waktu".into())],
                    justification: "temuan".into(),
                    findings: vec![id(5)],
                    action: FollowUpAction::Disiplin(
                        crate::domain::followup::DisciplinePenalty::TeguranTertulis,
                    ),
                },
            },
            finding(true),
        ];
        out.push(Payload::ConflictResolved {
            merged: vec![[5; 32], [6; 32]],
            value: Box::new(finding(true)),
        });
        out.extend([
            Payload::FileImported {
                file_hash: [7; 32],
                sender: id(8),
                sender_name: "laptop-2".into(),
                sender_key: [8; 32],
                audit: id(4),
                events: 10,
                stubs: 2,
                encrypted: true,
            },
            Payload::RatingUpdated {
                id: id(6),
                audit: id(4),
                reason: "salah ketik".into(),
                content: RatingContent {
                    nip: nip(),
                    period: Period::Month(2026, 11),
                    hasil: RatingLevel::Above,
                    perilaku: RatingLevel::Above,
                    berakhlak: vec![],
                    justification: "perbaikan".into(),
                    findings: vec![],
                    action: FollowUpAction::Pelatihan,
                },
            },
            Payload::RatingWithdrawn {
                id: id(6),
                audit: id(4),
                reason: "ganda".into(),
            },
            Payload::FindingWithdrawn {
                id: id(5),
                audit: id(4),
                reason: "bukan temuan".into(),
            },
            Payload::SignOffWithdrawn {
                audit: id(4),
                role: Role::Technical,
                reason: "belum lengkap".into(),
            },
            Payload::ResponseCorrected {
                audit: id(4),
                item: "A-01".into(),
                answer: None,
                note: String::new(),
                evidence: vec![],
                reason: "salah pilih".into(),
            },
            Payload::TemplateLimits {
                hash: [2; 32],
                limits: vec![NumberLimit {
                    item: "A-01".into(),
                    min: Some(25.0),
                    max: Some(100.0),
                }],
            },
            Payload::EngagementSet {
                audit: id(4),
                engagement: crate::domain::engagement::Engagement {
                    basis: vec!["PKPT Tahun 2026".into()],
                    objective: "Menilai kepatuhan".into(),
                    planned: crate::domain::engagement::Schedule {
                        start: chrono::NaiveDate::from_ymd_opt(2026, 12, 7),
                        end: chrono::NaiveDate::from_ymd_opt(2026, 12, 18),
                        days: Some(10),
                    },
                    team: vec![crate::domain::engagement::TeamMember {
                        role: crate::domain::engagement::TeamRole::Lead,
                        name: "Budi Santoso".into(),
                        nip: Some(nip()),
                        rank: "Penata (III/c)".into(),
                    }],
                    ..Default::default()
                },
            },
            Payload::TemplateDefaults {
                hash: [2; 32],
                defaults: crate::domain::engagement::EngagementDefaults {
                    methods: vec!["uji petik".into()],
                    ..Default::default()
                },
            },
            Payload::FollowUpReported {
                audit: id(4),
                finding: id(5),
                recommendation: 3,
                entry: crate::store::event::FollowUpEntry {
                    id: id(9),
                    date: chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
                    action: "Disetor ke kas daerah".into(),
                    evidence: vec!["sts-0112.pdf".into()],
                    returned: Some(crate::domain::money::Rupiah::from_rupiah(1_250_000)),
                },
            },
            Payload::FollowUpVerified {
                audit: id(4),
                finding: id(5),
                recommendation: 3,
                entry: Some(id(9)),
                date: chrono::NaiveDate::from_ymd_opt(2027, 1, 12).unwrap(),
                status: crate::domain::followup::FollowUpStatus::Sesuai,
                reason: String::new(),
                due: chrono::NaiveDate::from_ymd_opt(2027, 2, 15),
            },
            Payload::TemplateComputed {
                hash: [2; 32],
                items: vec![crate::domain::template::ComputedItem {
                    item: "SKM-04".into(),
                    from: crate::domain::template::Computed::Ikm,
                }],
            },
            Payload::SurveyRecorded {
                audit: id(4),
                survey: crate::domain::skm::SurveyRecord {
                    item: "SKM-04".into(),
                    file: "skm-2026-s1.csv".into(),
                    sha256: [7; 32],
                    unit: "Dinas Kependudukan dan Pencatatan Sipil".into(),
                    period: "Semester I 2026".into(),
                    respondents: 150,
                    names: vec!["Persyaratan".into(), "Sarana dan Prasarana".into()],
                    totals: vec![480, 431],
                    ikm: 7632,
                    ikm_rounded: None,
                    rounded_weight: 1100,
                    mutu: "C".into(),
                    kinerja: "Kurang Baik".into(),
                    kinerja_en: "Poor".into(),
                    max_score: 4,
                    population: Some((2000, 322)),
                },
            },
        ]);
        // one of every kind, in kind order
        let kinds: Vec<Kind> = out.iter().map(Payload::kind).collect();
        assert_eq!(kinds, Kind::ALL.to_vec());
        out
    }
}

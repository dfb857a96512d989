//! Per-event entries of the state kept many to one sled value: the trail's indexes (by time,
//! audit, actor and kind) as groups of up to [`GROUP_MAX`] positions and journal offsets in the
//! trail's order, and the event references ((device, seq) → offset and hash) in blocks of
//! [`BLOCK`] seqs of one device chain.
//!
//! One sled key per event and index made the state four times the journal (each key carries sled's
//! own bookkeeping besides its bytes); a group holds up to 64 entries of about a dozen bytes. A
//! group's key is its index's prefix followed by its first entry's position (time, device, seq),
//! so the groups of an index sort as their entries do and a range of the trail is read from the
//! group at or before its start. An entry goes into the group at or before it; a full group is
//! split in two halves (or, for an entry after its last, a new group starts). The groups are a
//! function of the order events were applied in, which is the journal's: a rebuild gives the same.

use std::ops::Bound::{Excluded, Included};

use crate::codec::CodecError;
use crate::domain::Id;

use super::apply::{EventRef, Overlay};
use super::StoreError;

/// The most entries one group holds.
pub const GROUP_MAX: usize = 64;

/// The format of a group's value (its first byte).
const FORMAT: u8 = 1;

/// Where an event sits in the trail's order: by time, then device, then seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventPos {
    pub at_ms: i64,
    pub device: Id,
    pub seq: u64,
}

impl EventPos {
    pub fn of(e: &super::event::Event) -> EventPos {
        EventPos {
            at_ms: e.body.at_ms,
            device: e.body.device,
            seq: e.body.seq,
        }
    }

    /// The first position of a millisecond (before every event stamped in it).
    pub fn start_of(at_ms: i64) -> EventPos {
        EventPos {
            at_ms,
            device: Id::nil(),
            seq: 0,
        }
    }
}

/// One event in an index: its position and where it is in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEntry {
    pub pos: EventPos,
    pub offset: u64,
}

/// The key of a group under `prefix` whose first entry is at `pos` (time sign-flipped so that
/// negative times sort first, every part big-endian).
pub fn group_key(prefix: &[u8], pos: &EventPos) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + 32);
    k.extend_from_slice(prefix);
    k.extend_from_slice(&((pos.at_ms as u64) ^ (1 << 63)).to_be_bytes());
    k.extend_from_slice(pos.device.as_bytes());
    k.extend_from_slice(&pos.seq.to_be_bytes());
    k
}

/// The bytes after the last group key of `prefix`.
fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut k = prefix.to_vec();
    k.extend_from_slice(&[0xFF; 33]);
    k
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

/// Encode a group's entries (in order): per entry a flag (1: another device than the entry
/// before, its 16 bytes follow), the time as a difference from the entry before, seq and offset.
pub fn encode(entries: &[IndexEntry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + entries.len() * 12);
    out.push(FORMAT);
    put_varint(&mut out, entries.len() as u64);
    let mut prev: Option<&IndexEntry> = None;
    for e in entries {
        let same_device = prev.is_some_and(|p| p.pos.device == e.pos.device);
        out.push(if same_device { 0 } else { 1 });
        let base = prev.map_or(0, |p| p.pos.at_ms);
        put_varint(&mut out, zigzag(e.pos.at_ms.wrapping_sub(base)));
        if !same_device {
            out.extend_from_slice(e.pos.device.as_bytes());
        }
        put_varint(&mut out, e.pos.seq);
        put_varint(&mut out, e.offset);
        prev = Some(e);
    }
    out
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }
    fn id(&mut self) -> Option<Id> {
        let b: [u8; 16] = self.bytes.get(self.at..self.at + 16)?.try_into().ok()?;
        self.at += 16;
        Some(Id::from_bytes(b))
    }
}

/// Decode a group's entries; `key` names the group in the error of a damaged value.
pub fn decode(key: &[u8], bytes: &[u8]) -> Result<Vec<IndexEntry>, StoreError> {
    let bad = |what: &str| StoreError::corrupt_value(key, CodecError::Decode(what.into()));
    let mut r = Reader { bytes, at: 0 };
    if r.byte() != Some(FORMAT) {
        return Err(bad("unknown index group format"));
    }
    let n = r
        .varint()
        .ok_or_else(|| bad("index group without a count"))?;
    if n as usize > GROUP_MAX * 2 {
        return Err(bad("index group count out of range"));
    }
    let mut out: Vec<IndexEntry> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let entry = (|| {
            let flag = r.byte()?;
            let prev = out.last();
            let at_ms = prev
                .map_or(0, |p| p.pos.at_ms)
                .wrapping_add(unzigzag(r.varint()?));
            let device = match (flag, prev) {
                (0, Some(p)) => p.pos.device,
                (1, _) => r.id()?,
                _ => return None,
            };
            let seq = r.varint()?;
            let offset = r.varint()?;
            Some(IndexEntry {
                pos: EventPos { at_ms, device, seq },
                offset,
            })
        })()
        .ok_or_else(|| bad("index group entry cut short"))?;
        if out.last().is_some_and(|p| p.pos >= entry.pos) {
            return Err(bad("index group entries out of order"));
        }
        out.push(entry);
    }
    if r.at != bytes.len() {
        return Err(bad("index group with trailing bytes"));
    }
    Ok(out)
}

/// The last key sled holds under `prefix` at or before `key` (a reverse lookup: slow in sled).
fn last_at_or_before(
    tree: &sled::Tree,
    prefix: &[u8],
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(tree
        .range(prefix..=key)
        .keys()
        .next_back()
        .transpose()?
        .map(|k| k.to_vec()))
}

/// The key of the group sled holds at or before `key` under `prefix`, if any.
fn stored_floor(
    ov: &mut Overlay<'_>,
    prefix: &[u8],
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    if let Some(Span { lo, hi }) = ov.spans.get(prefix) {
        let after_lo = lo.as_ref().is_none_or(|lo| key >= lo.as_slice());
        let before_hi = hi.as_ref().is_none_or(|hi| key < hi.as_slice());
        if after_lo && before_hi {
            return Ok(lo.clone());
        }
    }
    let tree = ov.tree();
    let lo = last_at_or_before(tree, prefix, key)?;
    let hi = tree
        .range::<&[u8], _>((Excluded(key), Excluded(prefix_end(prefix).as_slice())))
        .keys()
        .next()
        .transpose()?
        .map(|k| k.to_vec());
    ov.spans
        .insert(prefix.to_vec(), Span { lo: lo.clone(), hi });
    Ok(lo)
}

/// The key of the group at or before `key` under `prefix` (read into the batch), if any.
fn floor_group(
    ov: &mut Overlay<'_>,
    prefix: &[u8],
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    let cached = ov
        .groups
        .range::<[u8], _>((Included(prefix), Included(key)))
        .next_back()
        .map(|(k, _)| k.clone());
    let stored = stored_floor(ov, prefix, key)?;
    match (cached, stored) {
        (Some(c), Some(s)) if c >= s => Ok(Some(c)),
        (_, Some(s)) => {
            if !ov.groups.contains_key(&s) {
                let bytes = ov.tree().get(&s)?.unwrap_or_default();
                let entries = decode(&s, &bytes)?;
                ov.groups.insert(s.clone(), entries);
            }
            Ok(Some(s))
        }
        (cached, None) => Ok(cached),
    }
}

/// Add an event to the index under `prefix` (again: the same position keeps one entry).
pub fn insert(ov: &mut Overlay<'_>, prefix: &[u8], entry: IndexEntry) -> Result<(), StoreError> {
    let key = group_key(prefix, &entry.pos);
    let Some(gkey) = floor_group(ov, prefix, &key)? else {
        // before every group of the index (or the first): a group of its own
        ov.groups.insert(key, vec![entry]);
        return Ok(());
    };
    let entries = ov.groups.entry(gkey).or_default();
    let at = match entries.binary_search_by(|e| e.pos.cmp(&entry.pos)) {
        Ok(i) => {
            entries[i] = entry;
            return Ok(());
        }
        Err(i) => i,
    };
    if entries.len() < GROUP_MAX {
        entries.insert(at, entry);
    } else if at == entries.len() {
        // after a full group's last entry: the start of a new group
        ov.groups.insert(key, vec![entry]);
    } else {
        let mut upper = entries.split_off(entries.len() / 2);
        if at <= entries.len() {
            entries.insert(at, entry);
        } else {
            upper.insert(at - entries.len(), entry);
        }
        ov.groups.insert(group_key(prefix, &upper[0].pos), upper);
    }
    Ok(())
}

/// How many consecutive seqs of one device chain share a sled value of event references.
pub const BLOCK: u64 = 64;

/// The key of the block holding the reference of (device, seq).
pub fn block_key(device: &Id, seq: u64) -> Vec<u8> {
    super::keys::Key::new(super::keys::EVENT)
        .id(device)
        .u64(seq / BLOCK)
        .build()
}

/// Encode a block's references, ordered by seq: the seq's place in the block, offset, hash.
pub fn encode_block(refs: &[(u8, EventRef)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + refs.len() * 40);
    out.push(FORMAT);
    put_varint(&mut out, refs.len() as u64);
    for (slot, r) in refs {
        out.push(*slot);
        put_varint(&mut out, r.offset);
        out.extend_from_slice(&r.hash);
    }
    out
}

fn decode_block(key: &[u8], bytes: &[u8]) -> Result<Vec<(u8, EventRef)>, StoreError> {
    let bad = |what: &str| StoreError::corrupt_value(key, CodecError::Decode(what.into()));
    let mut r = Reader { bytes, at: 0 };
    if r.byte() != Some(FORMAT) {
        return Err(bad("unknown event block format"));
    }
    let n = r
        .varint()
        .ok_or_else(|| bad("event block without a count"))?;
    if n > BLOCK {
        return Err(bad("event block count out of range"));
    }
    let mut out: Vec<(u8, EventRef)> = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let one = (|| {
            let slot = r.byte()?;
            let offset = r.varint()?;
            let hash: [u8; 32] = r.bytes.get(r.at..r.at + 32)?.try_into().ok()?;
            r.at += 32;
            Some((slot, EventRef { offset, hash }))
        })()
        .ok_or_else(|| bad("event block entry cut short"))?;
        if u64::from(one.0) >= BLOCK || out.last().is_some_and(|p| p.0 >= one.0) {
            return Err(bad("event block entries out of order"));
        }
        out.push(one);
    }
    if r.at != bytes.len() {
        return Err(bad("event block with trailing bytes"));
    }
    Ok(out)
}

/// The reference of `seq` among a block's references.
fn ref_of(refs: &[(u8, EventRef)], seq: u64) -> Option<EventRef> {
    let slot = (seq % BLOCK) as u8;
    refs.binary_search_by_key(&slot, |(s, _)| *s)
        .ok()
        .map(|i| refs[i].1)
}

/// The reference of (device, seq) in a block's bytes.
pub fn find_ref(key: &[u8], bytes: &[u8], seq: u64) -> Result<Option<EventRef>, StoreError> {
    Ok(ref_of(&decode_block(key, bytes)?, seq))
}

/// A block of event references read into a batch: (place in the block, reference) by place.
pub struct Block {
    pub refs: Vec<(u8, EventRef)>,
    pub changed: bool,
}

/// A stretch of an index between two groups sled holds (`None`: before the first or after the
/// last).
pub struct Span {
    lo: Option<Vec<u8>>,
    hi: Option<Vec<u8>>,
}

/// The references of the block `key`, read into the batch once.
fn block<'o>(ov: &'o mut Overlay<'_>, key: Vec<u8>) -> Result<&'o mut Block, StoreError> {
    use std::collections::hash_map::Entry;
    let tree = ov.tree();
    match ov.blocks.entry(key) {
        Entry::Occupied(o) => Ok(o.into_mut()),
        Entry::Vacant(v) => {
            let refs = match tree.get(v.key())? {
                None => Vec::new(),
                Some(bytes) => decode_block(v.key(), &bytes)?,
            };
            Ok(v.insert(Block {
                refs,
                changed: false,
            }))
        }
    }
}

/// The reference of (device, seq), this batch's changes included.
pub fn get_ref(
    ov: &mut Overlay<'_>,
    device: &Id,
    seq: u64,
) -> Result<Option<EventRef>, StoreError> {
    Ok(ref_of(&block(ov, block_key(device, seq))?.refs, seq))
}

/// Set the reference of (device, seq).
pub fn put_ref(ov: &mut Overlay<'_>, device: &Id, seq: u64, r: EventRef) -> Result<(), StoreError> {
    let slot = (seq % BLOCK) as u8;
    let block = block(ov, block_key(device, seq))?;
    match block.refs.binary_search_by_key(&slot, |(s, _)| *s) {
        Ok(i) => block.refs[i].1 = r,
        Err(i) => block.refs.insert(i, (slot, r)),
    }
    block.changed = true;
    Ok(())
}

/// Which part of an index to read: from `lo` (inclusive) up to `hi` (exclusive, or inclusive when
/// `hi_inclusive`).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub lo: Option<EventPos>,
    pub hi: Option<EventPos>,
    pub hi_inclusive: bool,
}

impl Bounds {
    fn below(&self, p: &EventPos) -> bool {
        self.lo.is_some_and(|lo| *p < lo)
    }
    fn above(&self, p: &EventPos) -> bool {
        match self.hi {
            None => false,
            Some(hi) if self.hi_inclusive => *p > hi,
            Some(hi) => *p >= hi,
        }
    }
}

/// The entries of one index within bounds, oldest first or newest first, read group by group.
pub struct Entries {
    groups: sled::Iter,
    forward: bool,
    bounds: Bounds,
    /// The current group's entries still to give, the next one last.
    pending: Vec<IndexEntry>,
    done: bool,
}

/// Read the index under `prefix` within `bounds`, oldest first (`forward`) or newest first.
pub fn entries(
    tree: &sled::Tree,
    prefix: &[u8],
    bounds: Bounds,
    forward: bool,
) -> Result<Entries, StoreError> {
    let end = prefix_end(prefix);
    let groups = if forward {
        // from the group holding `lo` (the last one starting at or before it)
        let start = match bounds.lo {
            Some(lo) => last_at_or_before(tree, prefix, &group_key(prefix, &lo))?
                .unwrap_or_else(|| prefix.to_vec()),
            None => prefix.to_vec(),
        };
        tree.range(start..end)
    } else {
        match bounds.hi {
            Some(hi) => tree.range(prefix.to_vec()..=group_key(prefix, &hi)),
            None => tree.range(prefix.to_vec()..end),
        }
    };
    Ok(Entries {
        groups,
        forward,
        bounds,
        pending: Vec::new(),
        done: false,
    })
}

impl Iterator for Entries {
    type Item = Result<IndexEntry, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.pending.pop() {
                if self.forward {
                    if self.bounds.above(&e.pos) {
                        self.done = true;
                        self.pending.clear();
                        return None;
                    }
                    if self.bounds.below(&e.pos) {
                        continue;
                    }
                } else {
                    if self.bounds.below(&e.pos) {
                        self.done = true;
                        self.pending.clear();
                        return None;
                    }
                    if self.bounds.above(&e.pos) {
                        continue;
                    }
                }
                return Some(Ok(e));
            }
            if self.done {
                return None;
            }
            let next = if self.forward {
                self.groups.next()
            } else {
                self.groups.next_back()
            };
            let (k, v) = match next? {
                Ok(kv) => kv,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            };
            match decode(&k, &v) {
                Ok(mut group) => {
                    if self.forward {
                        group.reverse();
                    }
                    self.pending = group;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(at_ms: i64, device: u128, seq: u64) -> EventPos {
        EventPos {
            at_ms,
            device: Id::from_u128(device),
            seq,
        }
    }

    fn entry(at_ms: i64, device: u128, seq: u64) -> IndexEntry {
        IndexEntry {
            pos: pos(at_ms, device, seq),
            offset: seq.wrapping_mul(100).wrapping_add(device as u64),
        }
    }

    fn tree() -> sled::Tree {
        let db = sled::Config::new().temporary(true).open().expect("sled");
        (*db).clone()
    }

    fn add(tree: &sled::Tree, prefix: &[u8], entries: &[IndexEntry]) {
        let mut ov = Overlay::new(tree);
        for e in entries {
            insert(&mut ov, prefix, *e).expect("insert");
        }
        ov.commit().expect("commit");
    }

    fn read(tree: &sled::Tree, prefix: &[u8], bounds: Bounds, forward: bool) -> Vec<EventPos> {
        entries(tree, prefix, bounds, forward)
            .expect("entries")
            .map(|e| e.expect("entry").pos)
            .collect()
    }

    const ALL: Bounds = Bounds {
        lo: None,
        hi: None,
        hi_inclusive: false,
    };

    #[test]
    fn a_group_survives_its_encoding() {
        let es = vec![
            entry(-5, 1, 1),
            entry(0, 1, 2),
            entry(0, 2, 1),
            entry(1_700_000_000_000, 2, 900_000),
            entry(i64::MAX, u128::MAX, u64::MAX),
        ];
        let bytes = encode(&es);
        assert_eq!(decode(b"k", &bytes).expect("decode"), es);
        // about a dozen bytes an entry when the device repeats
        let same: Vec<_> = (0..64)
            .map(|i| entry(1_700_000_000_000 + i * 1_000, 7, 10_000 + i as u64))
            .collect();
        assert!(encode(&same).len() < 64 * 12, "{}", encode(&same).len());
    }

    #[test]
    fn damaged_groups_are_refused_not_misread() {
        let bytes = encode(&[entry(1, 1, 1), entry(2, 1, 2)]);
        for cut in 0..bytes.len() {
            assert!(decode(b"k", &bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(b"k", &extra).is_err());
        let mut other = bytes.clone();
        other[0] = 9;
        assert!(decode(b"k", &other).is_err());
        let swapped = encode(&[entry(2, 1, 2), entry(1, 1, 1)]);
        assert!(decode(b"k", &swapped).is_err());
    }

    #[test]
    fn entries_in_any_arrival_order_read_back_in_trail_order_both_ways() {
        let t = tree();
        let p = b"\x04audit-aaaaaaaaaa";
        // 1,000 events from three devices, applied in a shuffled order, in several saves
        let mut es: Vec<IndexEntry> = (0..1000u64)
            .map(|i| entry((i as i64 / 3) * 10, (i % 3) as u128 + 1, i))
            .collect();
        let mut sorted: Vec<EventPos> = es.iter().map(|e| e.pos).collect();
        sorted.sort();
        let mut state = 12345u64;
        for i in (1..es.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            es.swap(i, (state >> 33) as usize % (i + 1));
        }
        for chunk in es.chunks(97) {
            add(&t, p, chunk);
        }
        // applying a save again changes nothing
        add(&t, p, &es[..50]);
        assert_eq!(read(&t, p, ALL, true), sorted);
        let mut back = sorted.clone();
        back.reverse();
        assert_eq!(read(&t, p, ALL, false), back);
        let groups = t.scan_prefix(p).count();
        assert!(
            groups * GROUP_MAX >= 1000 && groups <= 1000 / (GROUP_MAX / 2) + 2,
            "{groups}"
        );
        // another index's prefix is not read
        add(&t, b"\x04audit-bbbbbbbbbb", &[entry(5, 1, 5)]);
        assert_eq!(read(&t, p, ALL, true).len(), 1000);
    }

    #[test]
    fn event_references_share_blocks_and_read_back() {
        let t = tree();
        let d = Id::from_u128(9);
        let r = |seq: u64| EventRef {
            offset: seq * 1000,
            hash: [seq as u8; 32],
        };
        let mut ov = Overlay::new(&t);
        // out of order, across three blocks, one set twice
        for seq in [130u64, 1, 2, 64, 63, 0, 129, 2] {
            put_ref(&mut ov, &d, seq, r(seq)).expect("put");
        }
        assert_eq!(get_ref(&mut ov, &d, 63).expect("get"), Some(r(63)));
        ov.commit().expect("commit");
        let mut ov = Overlay::new(&t);
        for seq in [0u64, 1, 2, 63, 64, 129, 130] {
            assert_eq!(
                get_ref(&mut ov, &d, seq).expect("get"),
                Some(r(seq)),
                "{seq}"
            );
        }
        for seq in [3u64, 65, 128, 131, 5000] {
            assert_eq!(get_ref(&mut ov, &d, seq).expect("get"), None, "{seq}");
        }
        assert_eq!(get_ref(&mut ov, &Id::from_u128(8), 1).expect("get"), None);
        assert_eq!(t.scan_prefix([super::super::keys::EVENT]).count(), 3);
        // a damaged block is an error, not a missing event
        let key = block_key(&d, 1);
        let bytes = t.get(&key).expect("get").expect("block");
        for cut in 1..bytes.len() {
            assert!(find_ref(&key, &bytes[..cut], 1).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn bounds_cut_exactly_at_positions_and_times() {
        let t = tree();
        let p = b"\x03";
        let es: Vec<IndexEntry> = (0..300u64).map(|i| entry(i as i64, 1, i)).collect();
        add(&t, p, &es);
        let b = |lo: Option<EventPos>, hi: Option<EventPos>, inc: bool| Bounds {
            lo,
            hi,
            hi_inclusive: inc,
        };
        let times = |v: Vec<EventPos>| v.iter().map(|p| p.at_ms).collect::<Vec<_>>();
        let since = Some(EventPos::start_of(100));
        let until = Some(EventPos::start_of(103));
        assert_eq!(
            times(read(&t, p, b(since, until, false), true)),
            [100, 101, 102]
        );
        assert_eq!(
            times(read(&t, p, b(since, until, false), false)),
            [102, 101, 100]
        );
        let at = Some(pos(102, 1, 102));
        assert_eq!(
            times(read(&t, p, b(since, at, true), true)),
            [100, 101, 102]
        );
        assert_eq!(times(read(&t, p, b(since, at, false), false)), [101, 100]);
        assert_eq!(
            read(&t, p, b(Some(EventPos::start_of(400)), None, false), true),
            []
        );
        assert_eq!(
            read(&t, p, b(None, Some(EventPos::start_of(0)), false), false),
            []
        );
        assert_eq!(read(&t, p, b(None, None, false), false).len(), 300);
    }
}

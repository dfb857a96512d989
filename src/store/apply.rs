//! Applying events to the sled projections: the one function that turns the journal into state.
//!
//! Changes of one save are gathered in an overlay and written with a single atomic sled batch that
//! also moves the `applied` marker, so sled never holds half a save. `apply` is deterministic: the
//! same journal always gives the same tree, which `rebuild` and `verify` rely on.
//!
//! Projections are a function of the *set* of events, not of their arrival order, so laptops that
//! merge each other's findings files converge. Every change belongs to a *register* (a response, a
//! finding's content, its follow-up, an audit's phase, one role's sign-off, …) and names the version
//! it was made on (`base`). A register's *heads* are its events no other event builds on; one head
//! is the normal case, several mean concurrent edits — a conflict. The projected value is the head
//! with the greatest (time, device, seq); the others stay listed until a `ConflictResolved` event
//! merges them. Values that only grow (last change, reopen history) are kept as max / union.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::codec;
use crate::domain::model::{Audit, Finding, Rating, Response, Withdrawal};
use crate::domain::phase::{record_signoff, Phase, SignOff};
use crate::domain::rating::predikat;
use crate::domain::tlhp::{Entry, History, Verification};

use super::event::{Event, Hash, Payload, Stub};
use super::groups::{self, EventPos, IndexEntry};
use super::keys::{self, META_APPLIED, META_CLOCK};
use super::StoreError;

/// Reads through pending writes; collects the writes of one save.
pub struct Overlay<'a> {
    tree: &'a sled::Tree,
    writes: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    /// What sled returned for keys read and not (yet) written, absent ones included, so a key
    /// read again within the same batch does not go down the tree again.
    read: RefCell<HashMap<Vec<u8>, Option<sled::IVec>>>,
    /// The trail's index groups read or changed in this batch, decoded (all are written at
    /// commit: a group is only read to be changed).
    pub(super) groups: BTreeMap<Vec<u8>, Vec<IndexEntry>>,
    /// The event-reference blocks read in this batch, decoded, and whether each was changed.
    pub(super) blocks: HashMap<Vec<u8>, groups::Block>,
    /// Per index prefix, the last stretch of sled's groups looked up: the stored group at or
    /// before a key and the next stored one (sled does not change under a batch, so every key
    /// between them has the same stored group before it; a reverse lookup in sled is slow).
    pub(super) spans: HashMap<Vec<u8>, groups::Span>,
}

/// Where the applied part of the journal ends, and the offset of the last applied record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Applied {
    pub end: u64,
    pub last_record: u64,
}

/// The newest event of one device chain known to this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Head {
    pub seq: u64,
    pub hash: [u8; 32],
    pub at_ms: i64,
}

/// Where an event lives in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EventRef {
    pub offset: u64,
    pub hash: [u8; 32],
}

impl<'a> Overlay<'a> {
    pub fn new(tree: &'a sled::Tree) -> Overlay<'a> {
        Overlay {
            tree,
            writes: BTreeMap::new(),
            read: RefCell::new(HashMap::new()),
            groups: BTreeMap::new(),
            blocks: HashMap::new(),
            spans: HashMap::new(),
        }
    }

    fn decode<T: DeserializeOwned>(
        key: &[u8],
        bytes: Option<&[u8]>,
    ) -> Result<Option<T>, StoreError> {
        match bytes {
            None => Ok(None),
            Some(bytes) => codec::decode_versioned(bytes)
                .map(Some)
                .map_err(|e| StoreError::corrupt_value(key, e)),
        }
    }

    pub fn get<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        if let Some(w) = self.writes.get(key) {
            return Self::decode(key, w.as_deref());
        }
        let mut read = self.read.borrow_mut();
        if let Some(r) = read.get(key) {
            return Self::decode(key, r.as_deref());
        }
        let v = self.tree.get(key)?;
        let out = Self::decode(key, v.as_deref());
        read.insert(key.to_vec(), v);
        out
    }

    pub fn put<T: Serialize>(&mut self, key: Vec<u8>, value: &T) -> Result<(), StoreError> {
        let bytes = codec::encode_versioned(value).map_err(StoreError::Codec)?;
        self.writes.insert(key, Some(bytes));
        Ok(())
    }

    /// An index entry: the key is everything, the value empty.
    pub fn mark(&mut self, key: Vec<u8>) {
        self.writes.insert(key, Some(Vec::new()));
    }

    pub(super) fn tree(&self) -> &'a sled::Tree {
        self.tree
    }

    pub fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert(key, Some(value));
    }

    pub fn remove(&mut self, key: Vec<u8>) {
        self.writes.insert(key, None);
    }

    /// Write what is pending as one batch and carry on with an empty overlay.
    pub fn flush_into(self) -> Result<Overlay<'a>, StoreError> {
        let tree = self.tree;
        self.commit()?;
        Ok(Overlay::new(tree))
    }

    /// Write everything atomically.
    pub fn commit(self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for (k, entries) in self.groups {
            batch.insert(k, groups::encode(&entries));
        }
        for (k, block) in self.blocks {
            if block.changed {
                batch.insert(k, groups::encode_block(&block.refs));
            }
        }
        for (k, v) in self.writes {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        self.tree.apply_batch(batch)?;
        Ok(())
    }
}

pub fn read_applied(tree: &sled::Tree) -> Result<Option<Applied>, StoreError> {
    match tree.get(META_APPLIED)? {
        None => Ok(None),
        Some(v) => codec::decode_versioned(&v)
            .map(Some)
            .map_err(|e| StoreError::corrupt_value(META_APPLIED, e)),
    }
}

fn time(at_ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(at_ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Reads an event back from the journal by offset (needed when a register's winner moves to a
/// head whose value is not in the projection).
pub type Source<'s> = &'s dyn Fn(u64) -> Result<Event, StoreError>;

/// One current version of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RegHead {
    pub hash: Hash,
    pub at_ms: i64,
    pub device: crate::domain::Id,
    pub seq: u64,
    /// Where the event is in this store's journal.
    pub offset: u64,
}

impl RegHead {
    /// The order that picks the winner among concurrent versions: later time, then device, then seq.
    pub fn order(&self) -> (i64, crate::domain::Id, u64) {
        (self.at_ms, self.device, self.seq)
    }
}

/// The winning head: greatest (time, device, seq).
pub fn winner(heads: &[RegHead]) -> Option<&RegHead> {
    heads.iter().max_by_key(|h| h.order())
}

/// Registers of import records start with this (they are this store's own history, not shared state).
pub const IMPORT_REGISTER: &[u8] = b"\xF0import/";

/// The register an event changes: its versions (heads) are tracked under this key.
pub fn register_key(event_device: &crate::domain::Id, payload: &Payload) -> Vec<u8> {
    match payload {
        Payload::DeviceRegistered { .. } => keys::device_key(event_device),
        Payload::ProfileAdded(p) => keys::profile_key(&p.id),
        Payload::AgencyUpserted(a) => keys::agency_key(&a.code),
        Payload::EmployeeUpserted(e) => keys::employee_key(e.nip.as_str()),
        Payload::TemplateImported { template, .. } => keys::template_latest_key(&template.id),
        Payload::Unknown(_) => keys::UNREAD_REGISTER.to_vec(),
        Payload::TemplateLimits { hash, .. } => keys::template_limits_key(hash),
        Payload::TemplateDefaults { hash, .. } => keys::template_defaults_key(hash),
        Payload::EngagementSet { audit, .. } => engagement_register(audit),
        Payload::TemplateComputed { hash, .. } => keys::template_computed_key(hash),
        Payload::SurveyRecorded { audit, survey } => {
            let mut k = keys::audit_key(audit);
            k.extend_from_slice(b"/survey/");
            k.extend_from_slice(survey.item.as_bytes());
            k
        }
        Payload::AuditCreated { id, .. } => keys::audit_key(id),
        Payload::PhaseChanged { audit, .. } => {
            let mut k = keys::audit_key(audit);
            k.extend_from_slice(b"/phase");
            k
        }
        Payload::SignedOff { audit, role, .. } | Payload::SignOffWithdrawn { audit, role, .. } => {
            let mut k = keys::audit_key(audit);
            k.extend_from_slice(b"/sign/");
            k.push(*role as u8);
            k
        }
        Payload::ResponseRecorded { audit, item, .. }
        | Payload::ResponseCorrected { audit, item, .. } => response_register(audit, item),
        Payload::FindingRaised { id, .. }
        | Payload::FindingUpdated { id, .. }
        | Payload::FindingWithdrawn { id, .. } => finding_register(id),
        Payload::FollowUpRecorded { finding, .. } => followup_register(finding),
        Payload::FollowUpReported {
            finding,
            recommendation,
            entry,
            ..
        } => entry_register(finding, *recommendation, &entry.id),
        Payload::FollowUpVerified {
            finding,
            recommendation,
            entry,
            ..
        } => verification_register(finding, *recommendation, entry.as_ref()),
        Payload::RatingRecommended { id, .. }
        | Payload::RatingUpdated { id, .. }
        | Payload::RatingWithdrawn { id, .. } => rating_register(id),
        Payload::ConflictResolved { value, .. } => register_key(event_device, value),
        Payload::FileImported { file_hash, .. } => {
            let mut k = IMPORT_REGISTER.to_vec();
            k.extend_from_slice(file_hash);
            k
        }
    }
}

/// The register of an item's response in an audit (answer, note and evidence).
pub fn response_register(audit: &crate::domain::Id, item: &str) -> Vec<u8> {
    keys::response_key(audit, item)
}

/// The register of a finding's content (the five elements, severity, items, ASN).
pub fn finding_register(id: &crate::domain::Id) -> Vec<u8> {
    keys::finding_key(id)
}

/// The register of a finding's follow-up (tindak lanjut), apart from its content.
pub fn followup_register(finding: &crate::domain::Id) -> Vec<u8> {
    let mut k = keys::finding_key(finding);
    k.extend_from_slice(b"/followup");
    k
}

/// The register of one entry of a recommendation's follow-up (its own: entries never compete).
pub fn entry_register(
    finding: &crate::domain::Id,
    recommendation: u16,
    entry: &crate::domain::Id,
) -> Vec<u8> {
    let mut k = keys::finding_key(finding);
    k.extend_from_slice(b"/fu/");
    k.extend_from_slice(&recommendation.to_be_bytes());
    k.extend_from_slice(b"/e/");
    k.extend_from_slice(entry.as_bytes());
    k
}

/// The register of the verification of one entry (or, without one, of the recommendation as a
/// whole): two verifications of the same entry made apart compete.
pub fn verification_register(
    finding: &crate::domain::Id,
    recommendation: u16,
    entry: Option<&crate::domain::Id>,
) -> Vec<u8> {
    let mut k = keys::finding_key(finding);
    k.extend_from_slice(b"/fu/");
    k.extend_from_slice(&recommendation.to_be_bytes());
    k.extend_from_slice(b"/v/");
    match entry {
        Some(e) => k.extend_from_slice(e.as_bytes()),
        None => k.push(b'-'),
    }
    k
}

/// The register of an audit's engagement (one record: every field changes together).
pub fn engagement_register(audit: &crate::domain::Id) -> Vec<u8> {
    let mut k = keys::audit_key(audit);
    k.extend_from_slice(b"/engagement");
    k
}

/// The register of a rating recommendation.
pub fn rating_register(id: &crate::domain::Id) -> Vec<u8> {
    keys::rating_key(id)
}

/// The register whose version a change names as its base when its own register is still empty:
/// a finding's first follow-up is made on the finding as raised (or as last edited).
pub fn parent_register(payload: &Payload) -> Option<Vec<u8>> {
    match payload {
        Payload::FollowUpRecorded { finding, .. } => Some(finding_register(finding)),
        // a verification is made on the entry as it was reported (or on the finding)
        Payload::FollowUpVerified {
            finding,
            recommendation,
            entry: Some(e),
            ..
        } => Some(entry_register(finding, *recommendation, e)),
        Payload::FollowUpVerified { finding, .. } => Some(finding_register(finding)),
        _ => None,
    }
}

/// The current versions of a register.
pub fn read_heads(ov: &Overlay<'_>, register: &[u8]) -> Result<Vec<RegHead>, StoreError> {
    Ok(ov
        .get::<Vec<RegHead>>(&keys::version_key(register))?
        .unwrap_or_default())
}

/// Record a stub (an event known only by its hashes): the chain index and head, nothing else.
pub fn apply_stub(ov: &mut Overlay<'_>, stub: &Stub, offset: u64) -> Result<(), StoreError> {
    if groups::get_ref(ov, &stub.device, stub.seq)?.is_none() {
        groups::put_ref(
            ov,
            &stub.device,
            stub.seq,
            EventRef {
                offset,
                hash: stub.hash,
            },
        )?;
    }
    let head_key = keys::head_key(&stub.device);
    let newer = match ov.get::<Head>(&head_key)? {
        Some(h) => stub.seq > h.seq,
        None => true,
    };
    if newer {
        ov.put(
            head_key,
            &Head {
                seq: stub.seq,
                hash: stub.hash,
                at_ms: 0,
            },
        )?;
    }
    Ok(())
}

/// Apply one event at journal offset `offset`.
pub fn apply(
    ov: &mut Overlay<'_>,
    event: &Event,
    offset: u64,
    source: Source<'_>,
) -> Result<(), StoreError> {
    let b = &event.body;

    // event indexes, pointing into the journal
    let eref = EventRef {
        offset,
        hash: event.hash,
    };
    // an unread event is counted once, also when its save is applied again after a crash
    let unread_again = matches!(b.payload, Payload::Unknown(_))
        && groups::get_ref(ov, &b.device, b.seq)?.is_some();
    groups::put_ref(ov, &b.device, b.seq, eref)?;
    let head_key = keys::head_key(&b.device);
    let newer = match ov.get::<Head>(&head_key)? {
        Some(h) => b.seq >= h.seq,
        None => true,
    };
    if newer {
        ov.put(
            head_key,
            &Head {
                seq: b.seq,
                hash: event.hash,
                at_ms: b.at_ms,
            },
        )?;
    }
    let clock = ov.get::<i64>(META_CLOCK)?.unwrap_or(i64::MIN);
    if b.at_ms > clock {
        ov.put(META_CLOCK.to_vec(), &b.at_ms)?;
    }
    // the trail's indexes
    let entry = IndexEntry {
        pos: EventPos {
            at_ms: b.at_ms,
            device: b.device,
            seq: b.seq,
        },
        offset,
    };
    groups::insert(ov, &[keys::EV_TIME], entry)?;
    groups::insert(ov, &keys::ev_actor_prefix(&b.actor), entry)?;
    groups::insert(ov, &keys::ev_kind_prefix(event.kind()), entry)?;
    if let Some(audit) = b.payload.audit() {
        groups::insert(ov, &keys::ev_audit_prefix(&audit), entry)?;
    }
    if let Payload::Unknown(u) = &b.payload {
        // kept in the chain and the trail, not projected: counted, so that a build that can read
        // it rebuilds the state on open
        if unread_again {
            return Ok(());
        }
        return count_unread(ov, u.kind, u.version);
    }

    // the register's versions
    let register = register_key(&b.device, &b.payload);
    let mut heads = read_heads(ov, &register)?;
    // a register has a conflict entry exactly while it has more than one head
    let was_conflicted = heads.len() > 1;
    let old_winner = winner(&heads).map(|h| h.hash);
    let mut superseded: Vec<Hash> = b.base.into_iter().collect();
    if let Payload::ConflictResolved { merged, .. } = &b.payload {
        superseded.extend(merged.iter().copied());
    }
    heads.retain(|h| !superseded.contains(&h.hash));
    if !heads.iter().any(|h| h.hash == event.hash) {
        heads.push(RegHead {
            hash: event.hash,
            at_ms: b.at_ms,
            device: b.device,
            seq: b.seq,
            offset,
        });
    }
    heads.sort_by_key(|h| h.order());
    let new_winner = winner(&heads).copied();
    if heads.len() > 1 {
        ov.mark(keys::conflict_key(b.payload.audit().as_ref(), &register));
    } else if was_conflicted {
        ov.remove(keys::conflict_key(b.payload.audit().as_ref(), &register));
    }
    ov.put(keys::version_key(&register), &heads)?;

    accumulate(ov, event)?;
    match new_winner {
        Some(w) if w.hash == event.hash => project(ov, b, &b.payload)?,
        Some(w) if Some(w.hash) != old_winner => {
            // the old winner was superseded by a version that loses to another head
            let e = source(w.offset)?;
            project(ov, &e.body, &e.body.payload)?;
        }
        _ => {}
    }
    Ok(())
}

/// Effects every event has whether or not its value wins: they only grow (max, union).
fn accumulate(ov: &mut Overlay<'_>, event: &Event) -> Result<(), StoreError> {
    let b = &event.body;
    let at = time(b.at_ms);
    let payload = match &b.payload {
        Payload::ConflictResolved { value, .. } => value.as_ref(),
        p => p,
    };
    match payload {
        Payload::TemplateImported { hash, template } => {
            ov.put(keys::template_key(hash), template)?;
        }
        Payload::PhaseChanged {
            audit,
            from,
            to,
            reason,
            followup_days,
        } => {
            let key = keys::audit_key(audit);
            if let Some(mut a) = ov.get::<Audit>(&key)? {
                if *to == Phase::Final && a.finalised_at.is_none_or(|f| at > f) {
                    a.finalised_at = Some(at);
                    a.followup_days = *followup_days;
                }
                if *from == Phase::Final && !matches!(b.payload, Payload::ConflictResolved { .. }) {
                    let reopen = crate::domain::model::Reopen {
                        at,
                        by: b.actor,
                        reason: reason.clone().unwrap_or_default(),
                    };
                    let pos = a
                        .reopened
                        .iter()
                        .position(|r| (r.at, r.by) > (reopen.at, reopen.by))
                        .unwrap_or(a.reopened.len());
                    a.reopened.insert(pos, reopen);
                }
                ov.put(key, &a)?;
            }
        }
        _ => {}
    }
    if let Some(audit) = payload.audit() {
        if !matches!(
            payload,
            Payload::AuditCreated { .. } | Payload::FileImported { .. }
        ) {
            touch_audit(ov, &audit, at)?;
        }
    }
    if let Payload::FindingUpdated { id, .. }
    | Payload::FindingWithdrawn { id, .. }
    | Payload::FollowUpRecorded { finding: id, .. }
    | Payload::FollowUpReported { finding: id, .. }
    | Payload::FollowUpVerified { finding: id, .. } = payload
    {
        let key = keys::finding_key(id);
        if let Some(mut f) = ov.get::<Finding>(&key)? {
            if at > f.updated_at {
                f.updated_at = at;
                ov.put(key, &f)?;
            }
        }
    }
    Ok(())
}

/// Make `payload` (the winning value of its register, made in event `b`) the projected state.
fn project(
    ov: &mut Overlay<'_>,
    b: &crate::store::event::EventBody,
    payload: &Payload,
) -> Result<(), StoreError> {
    let at = time(b.at_ms);
    match payload {
        Payload::ConflictResolved { value, .. } => project(ov, b, value)?,
        Payload::FileImported { .. } | Payload::Unknown(_) => {}
        Payload::DeviceRegistered { public_key, name } => {
            ov.put(keys::device_key(&b.device), &(public_key, name))?;
        }
        Payload::ProfileAdded(p) => ov.put(keys::profile_key(&p.id), p)?,
        Payload::AgencyUpserted(a) => ov.put(keys::agency_key(&a.code), a)?,
        Payload::EmployeeUpserted(e) => {
            let key = keys::employee_key(e.nip.as_str());
            if let Some(old) = ov.get::<crate::domain::model::Employee>(&key)? {
                if old.agency != e.agency {
                    ov.remove(keys::emp_agency_key(&old.agency, old.nip.as_str()));
                }
            }
            ov.mark(keys::emp_agency_key(&e.agency, e.nip.as_str()));
            ov.put(key, e)?;
        }
        Payload::TemplateImported { hash, template } => {
            ov.put(keys::template_latest_key(&template.id), hash)?;
        }
        Payload::TemplateLimits { hash, limits } => {
            ov.put(keys::template_limits_key(hash), limits)?;
        }
        Payload::TemplateDefaults { hash, defaults } => {
            ov.put(keys::template_defaults_key(hash), defaults)?;
        }
        Payload::EngagementSet { audit, engagement } => {
            ov.put(keys::engagement_key(audit), engagement)?;
        }
        Payload::TemplateComputed { hash, items } => {
            ov.put(keys::template_computed_key(hash), items)?;
        }
        Payload::SurveyRecorded { audit, survey } => {
            ov.put(keys::survey_key(audit, &survey.item), survey)?;
        }
        Payload::AuditCreated {
            id,
            title,
            agency,
            template_id,
            template_hash,
            letter,
            period,
        } => {
            let audit = Audit {
                id: *id,
                title: title.clone(),
                agency: agency.clone(),
                template_id: template_id.clone(),
                template_hash: *template_hash,
                letter: letter.clone(),
                period: *period,
                lead: b.actor,
                phase: Phase::Planning,
                created_at: at,
                updated_at: at,
                signoffs: Vec::new(),
                reopened: Vec::new(),
                finalised_at: None,
                followup_days: None,
            };
            ov.put(keys::audit_key(id), &audit)?;
        }
        Payload::ResponseRecorded {
            audit,
            item,
            answer,
            note,
            evidence,
        }
        | Payload::ResponseCorrected {
            audit,
            item,
            answer,
            note,
            evidence,
            ..
        } => {
            let r = Response {
                audit: *audit,
                item: item.clone(),
                answer: *answer,
                note: note.clone(),
                evidence: evidence.clone(),
                by: b.actor,
                at,
            };
            ov.put(keys::response_key(audit, item), &r)?;
        }
        Payload::PhaseChanged { audit, to, .. } => {
            let key = keys::audit_key(audit);
            if let Some(mut a) = ov.get::<Audit>(&key)? {
                a.phase = *to;
                ov.put(key, &a)?;
            }
        }
        Payload::SignedOff {
            audit,
            role,
            state_hash,
        } => {
            let key = keys::audit_key(audit);
            if let Some(mut a) = ov.get::<Audit>(&key)? {
                record_signoff(
                    &mut a.signoffs,
                    SignOff {
                        role: *role,
                        profile: b.actor,
                        at,
                        state_hash: *state_hash,
                    },
                );
                ov.put(key, &a)?;
            }
        }
        Payload::SignOffWithdrawn { audit, role, .. } => {
            let key = keys::audit_key(audit);
            if let Some(mut a) = ov.get::<Audit>(&key)? {
                a.signoffs.retain(|s| s.role != *role);
                ov.put(key, &a)?;
            }
        }
        Payload::FindingRaised { id, audit, content } => {
            // raised again (a settled conflict that keeps the first version): the content only
            let f = match ov.get::<Finding>(&keys::finding_key(id))? {
                Some(mut f) => {
                    for old in f.content.nips.iter().filter(|n| !content.nips.contains(n)) {
                        ov.remove(keys::finding_nip_key(old.as_str(), id));
                    }
                    f.content = content.clone();
                    f.withdrawn = None;
                    f
                }
                None => Finding {
                    id: *id,
                    audit: *audit,
                    content: content.clone(),
                    followup: Default::default(),
                    created_by: b.actor,
                    created_at: at,
                    updated_at: at,
                    withdrawn: None,
                },
            };
            ov.mark(keys::finding_audit_key(audit, id));
            for nip in &content.nips {
                ov.mark(keys::finding_nip_key(nip.as_str(), id));
            }
            ov.put(keys::finding_key(id), &f)?;
        }
        Payload::FindingUpdated { id, audit, content } => {
            let key = keys::finding_key(id);
            if let Some(mut f) = ov.get::<Finding>(&key)? {
                // keep the by-NIP index exact: people no longer involved drop out of it
                for old in f.content.nips.iter().filter(|n| !content.nips.contains(n)) {
                    ov.remove(keys::finding_nip_key(old.as_str(), id));
                }
                for nip in &content.nips {
                    ov.mark(keys::finding_nip_key(nip.as_str(), id));
                }
                f.content = content.clone();
                // the winning value is an edit: a withdrawal that lost to it is undone
                f.withdrawn = None;
                ov.mark(keys::finding_audit_key(audit, id));
                ov.put(key, &f)?;
            }
        }
        Payload::FindingWithdrawn { id, audit, reason } => {
            let key = keys::finding_key(id);
            if let Some(mut f) = ov.get::<Finding>(&key)? {
                // out of the lists: the indexes drop it, the record stays for the trail
                ov.remove(keys::finding_audit_key(audit, id));
                for nip in &f.content.nips {
                    ov.remove(keys::finding_nip_key(nip.as_str(), id));
                }
                f.withdrawn = Some(Withdrawal {
                    at,
                    by: b.actor,
                    reason: reason.clone(),
                });
                ov.put(key, &f)?;
            }
        }
        // before recommendations had their own follow-up: the status (and due date) recorded
        // for the finding's one recommendation, number 1
        Payload::FollowUpRecorded {
            finding,
            audit: _,
            status,
            note,
            due,
        } => {
            let key = keys::followup_key(finding, 1);
            let mut h = ov.get::<History>(&key)?.unwrap_or_default();
            h.put_verification(Verification {
                entry: None,
                date: at.date_naive(),
                status: *status,
                reason: note.clone(),
                by: b.actor,
                at,
            });
            h.due = *due;
            ov.put(key, &h)?;
        }
        Payload::FollowUpReported {
            finding,
            recommendation,
            entry,
            ..
        } => {
            let key = keys::followup_key(finding, *recommendation);
            let mut h = ov.get::<History>(&key)?.unwrap_or_default();
            h.put_entry(Entry {
                id: entry.id,
                date: entry.date,
                action: entry.action.clone(),
                evidence: entry.evidence.clone(),
                returned: entry.returned,
                by: b.actor,
                at,
            });
            ov.put(key, &h)?;
        }
        Payload::FollowUpVerified {
            finding,
            recommendation,
            entry,
            date,
            status,
            reason,
            due,
            ..
        } => {
            let key = keys::followup_key(finding, *recommendation);
            let mut h = ov.get::<History>(&key)?.unwrap_or_default();
            if due.is_some() {
                h.due = *due;
            }
            h.put_verification(Verification {
                entry: *entry,
                date: *date,
                status: *status,
                reason: reason.clone(),
                by: b.actor,
                at,
            });
            ov.put(key, &h)?;
        }
        Payload::RatingRecommended { id, audit, content } => {
            let r = Rating {
                id: *id,
                audit: *audit,
                content: content.clone(),
                predikat: predikat(content.hasil, content.perilaku),
                is_final: false,
                created_by: b.actor,
                created_at: at,
                updated_at: at,
                withdrawn: None,
            };
            ov.mark(keys::rating_audit_key(audit, id));
            ov.mark(keys::rating_nip_key(content.nip.as_str(), id));
            ov.put(keys::rating_key(id), &r)?;
        }
        Payload::RatingUpdated {
            id, audit, content, ..
        } => {
            let key = keys::rating_key(id);
            if let Some(mut r) = ov.get::<Rating>(&key)? {
                if r.content.nip != content.nip {
                    ov.remove(keys::rating_nip_key(r.content.nip.as_str(), id));
                }
                r.content = content.clone();
                r.predikat = predikat(content.hasil, content.perilaku);
                r.updated_at = at;
                r.withdrawn = None;
                ov.mark(keys::rating_audit_key(audit, id));
                ov.mark(keys::rating_nip_key(content.nip.as_str(), id));
                ov.put(key, &r)?;
            }
        }
        Payload::RatingWithdrawn { id, audit, reason } => {
            let key = keys::rating_key(id);
            if let Some(mut r) = ov.get::<Rating>(&key)? {
                ov.remove(keys::rating_audit_key(audit, id));
                ov.remove(keys::rating_nip_key(r.content.nip.as_str(), id));
                r.withdrawn = Some(Withdrawal {
                    at,
                    by: b.actor,
                    reason: reason.clone(),
                });
                ov.put(key, &r)?;
            }
        }
    }
    Ok(())
}

fn touch_audit(
    ov: &mut Overlay<'_>,
    audit: &crate::domain::Id,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let key = keys::audit_key(audit);
    if let Some(mut a) = ov.get::<Audit>(&key)? {
        if at > a.updated_at {
            a.updated_at = at;
            ov.put(key, &a)?;
        }
    }
    Ok(())
}

/// Events this store holds that a newer Periksa wrote: `(kind, version, how many)`.
pub type Unread = Vec<(u16, u16, u64)>;

fn count_unread(ov: &mut Overlay<'_>, kind: u16, version: u16) -> Result<(), StoreError> {
    let mut list = ov.get::<Unread>(keys::META_UNKNOWN)?.unwrap_or_default();
    match list
        .iter_mut()
        .find(|(k, v, _)| (*k, *v) == (kind, version))
    {
        Some(entry) => entry.2 += 1,
        None => list.push((kind, version, 1)),
    }
    ov.put(keys::META_UNKNOWN.to_vec(), &list)
}

/// The events of the state that were kept unread.
pub fn read_unread(tree: &sled::Tree) -> Unread {
    tree.get(keys::META_UNKNOWN)
        .ok()
        .flatten()
        .and_then(|v| codec::decode_versioned(&v).ok())
        .unwrap_or_default()
}

/// Record how far the journal has been applied (written in the same batch as the save).
pub fn set_applied(ov: &mut Overlay<'_>, applied: Applied) -> Result<(), StoreError> {
    ov.put(keys::META_LAYOUT.to_vec(), &STATE_LAYOUT)?;
    ov.put(META_APPLIED.to_vec(), &applied)
}

/// The shape of the projections this build writes; a state of another shape is rebuilt on open.
/// 2: registers hold their heads (concurrent versions), conflicts are indexed.
/// 3: findings and ratings carry their withdrawal (withdrawn ones leave the indexes), ratings
/// their last change.
/// 4: a finding's content is one nested record (`FindingContent`).
/// 5: findings have a list of recommendations; each one's follow-up history is its own record
/// (`FOLLOWUP`), filled into the finding when it is read.
/// 6: the trail's indexes are groups of up to 64 entries per sled value, the event references
/// blocks of 64 seqs of a device chain (`groups`).
pub const STATE_LAYOUT: u32 = 6;

pub fn read_layout(tree: &sled::Tree) -> Option<u32> {
    let v = tree.get(keys::META_LAYOUT).ok()??;
    codec::decode_versioned(&v).ok()
}

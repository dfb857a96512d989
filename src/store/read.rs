//! Typed reads of the projections and of the trail (events found through the indexes, read from the journal).

use serde::de::DeserializeOwned;

use crate::codec;
use crate::domain::model::{Agency, Audit, Employee, Finding, Profile, Rating, Response};
use crate::domain::rating::current_only;
use crate::domain::template::Template;
use crate::domain::Id;

use super::apply::{EventRef, Head};
use super::event::{Event, Hash, Kind};
use super::groups::{self, Bounds, EventPos};
use super::keys::{self, Key};
use super::{Store, StoreError};

/// Fill a finding's follow-up from its recommendations' history records.
pub(super) fn with_followup(tree: &sled::Tree, f: &mut Finding) -> Result<(), StoreError> {
    let prefix = Key::new(keys::FOLLOWUP).id(&f.id).build();
    for kv in tree.scan_prefix(&prefix) {
        let (k, v) = kv?;
        let Some(no) = k
            .get(prefix.len()..)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(u16::from_be_bytes)
        else {
            continue;
        };
        let h = codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))?;
        f.followup.insert(no, h);
    }
    Ok(())
}

/// Which events of the trail to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub audit: Option<Id>,
    pub actor: Option<Id>,
    pub kind: Option<Kind>,
    /// Inclusive lower bound, ms since epoch.
    pub since_ms: Option<i64>,
    /// Exclusive upper bound, ms since epoch.
    pub until_ms: Option<i64>,
}

impl EventFilter {
    fn matches(&self, e: &Event) -> bool {
        let b = &e.body;
        self.audit.is_none_or(|a| b.payload.audit() == Some(a))
            && self.actor.is_none_or(|a| b.actor == a)
            && self.kind.is_none_or(|k| e.kind() == k)
            && self.since_ms.is_none_or(|s| b.at_ms >= s)
            && self.until_ms.is_none_or(|u| b.at_ms < u)
    }
}

impl Store {
    fn scan_values<T: DeserializeOwned>(&self, prefix: &[u8]) -> Result<Vec<T>, StoreError> {
        self.tree()
            .scan_prefix(prefix)
            .map(|kv| {
                let (k, v) = kv?;
                codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))
            })
            .collect()
    }

    /// Ids at the end of index keys under `prefix`.
    fn index_ids(&self, prefix: &[u8]) -> Result<Vec<Id>, StoreError> {
        self.tree()
            .scan_prefix(prefix)
            .keys()
            .map(|k| {
                let k = k?;
                keys::trailing_id(&k).ok_or_else(|| {
                    StoreError::corrupt_value(
                        &k,
                        codec::CodecError::Decode("short index key".into()),
                    )
                })
            })
            .collect()
    }

    pub fn profile(&self, id: &Id) -> Result<Option<Profile>, StoreError> {
        self.get(&keys::profile_key(id))
    }
    pub fn profiles(&self) -> Result<Vec<Profile>, StoreError> {
        self.scan_values(&[keys::PROFILE])
    }
    pub fn agency(&self, code: &str) -> Result<Option<Agency>, StoreError> {
        self.get(&keys::agency_key(code))
    }
    pub fn agencies(&self) -> Result<Vec<Agency>, StoreError> {
        self.scan_values(&[keys::AGENCY])
    }
    pub fn employee(&self, nip: &str) -> Result<Option<Employee>, StoreError> {
        self.get(&keys::employee_key(nip))
    }
    /// All employees in NIP order, streamed.
    pub fn employees(&self) -> impl Iterator<Item = Result<Employee, StoreError>> + '_ {
        self.tree().scan_prefix([keys::EMPLOYEE]).map(|kv| {
            let (k, v) = kv?;
            codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))
        })
    }
    pub fn employee_count(&self) -> usize {
        self.tree().scan_prefix([keys::EMPLOYEE]).count()
    }
    pub fn employees_of_agency(&self, code: &str) -> Result<Vec<Employee>, StoreError> {
        let prefix = Key::new(keys::EMP_AGENCY).str(code).build();
        let mut out = Vec::new();
        for k in self.tree().scan_prefix(&prefix).keys() {
            let k = k?;
            let nip = String::from_utf8_lossy(k[prefix.len()..].strip_suffix(&[0]).unwrap_or(&[]))
                .into_owned();
            if let Some(e) = self.employee(&nip)? {
                out.push(e);
            }
        }
        Ok(out)
    }
    pub fn template(&self, hash: &Hash) -> Result<Option<Template>, StoreError> {
        self.get(&keys::template_key(hash))
    }
    /// The ranges of the number items of the template with this hash (none for most templates).
    pub fn template_limits(
        &self,
        hash: &Hash,
    ) -> Result<Vec<crate::domain::template::NumberLimit>, StoreError> {
        Ok(self
            .get(&keys::template_limits_key(hash))?
            .unwrap_or_default())
    }
    /// The engagement defaults of the template with this hash (empty for most templates).
    pub fn template_defaults(
        &self,
        hash: &Hash,
    ) -> Result<crate::domain::engagement::EngagementDefaults, StoreError> {
        Ok(self
            .get(&keys::template_defaults_key(hash))?
            .unwrap_or_default())
    }
    /// The items of the template with this hash whose answers are computed (none for most).
    pub fn template_computed(
        &self,
        hash: &Hash,
    ) -> Result<Vec<crate::domain::template::ComputedItem>, StoreError> {
        Ok(self
            .get(&keys::template_computed_key(hash))?
            .unwrap_or_default())
    }
    /// The surveys (SKM) recorded with an audit, by item.
    pub fn surveys(
        &self,
        audit: &crate::domain::Id,
    ) -> Result<Vec<crate::domain::skm::SurveyRecord>, StoreError> {
        self.scan_values(&keys::survey_prefix(audit))
    }
    /// An audit's engagement (empty until one is set).
    pub fn engagement(
        &self,
        audit: &crate::domain::Id,
    ) -> Result<crate::domain::engagement::Engagement, StoreError> {
        Ok(self.get(&keys::engagement_key(audit))?.unwrap_or_default())
    }
    /// The newest import of template `id`.
    pub fn template_latest(&self, id: &str) -> Result<Option<(Hash, Template)>, StoreError> {
        let Some(hash) = self.get::<Hash>(&keys::template_latest_key(id))? else {
            return Ok(None);
        };
        Ok(self.template(&hash)?.map(|t| (hash, t)))
    }
    /// The newest import of every template, by id.
    pub fn templates_latest(&self) -> Result<Vec<(Hash, Template)>, StoreError> {
        let hashes: Vec<Hash> = self.scan_values(&[keys::TEMPLATE_LATEST])?;
        let mut out = Vec::new();
        for h in hashes {
            if let Some(t) = self.template(&h)? {
                out.push((h, t));
            }
        }
        Ok(out)
    }
    pub fn audit(&self, id: &Id) -> Result<Option<Audit>, StoreError> {
        self.get(&keys::audit_key(id))
    }
    pub fn audits(&self) -> Result<Vec<Audit>, StoreError> {
        self.scan_values(&[keys::AUDIT])
    }
    pub fn response(&self, audit: &Id, item: &str) -> Result<Option<Response>, StoreError> {
        self.get(&keys::response_key(audit, item))
    }
    pub fn responses(&self, audit: &Id) -> Result<Vec<Response>, StoreError> {
        self.scan_values(&Key::new(keys::RESPONSE).id(audit).build())
    }
    /// A finding with its recommendations' follow-up.
    pub fn finding(&self, id: &Id) -> Result<Option<Finding>, StoreError> {
        let Some(mut f) = self.get::<Finding>(&keys::finding_key(id))? else {
            return Ok(None);
        };
        with_followup(self.tree(), &mut f)?;
        Ok(Some(f))
    }
    pub fn findings_of_audit(&self, audit: &Id) -> Result<Vec<Finding>, StoreError> {
        let ids = self.index_ids(&Key::new(keys::FINDING_AUDIT).id(audit).build())?;
        self.load(ids, |s, id| s.finding(id))
    }
    pub fn findings_of_nip(&self, nip: &str) -> Result<Vec<Finding>, StoreError> {
        let ids = self.index_ids(&Key::new(keys::FINDING_NIP).str(nip).build())?;
        self.load(ids, |s, id| s.finding(id))
    }
    pub fn rating(&self, id: &Id) -> Result<Option<Rating>, StoreError> {
        self.get(&keys::rating_key(id))
    }
    /// Every current rating recommendation (withdrawn ones are left out).
    pub fn ratings(&self) -> Result<Vec<Rating>, StoreError> {
        let mut all: Vec<Rating> = self.scan_values(&[keys::RATING])?;
        all.retain(|r| r.withdrawn.is_none());
        Ok(current_only(all))
    }
    /// The current recommendations of an audit (see [`current_only`]).
    pub fn ratings_of_audit(&self, audit: &Id) -> Result<Vec<Rating>, StoreError> {
        let ids = self.index_ids(&Key::new(keys::RATING_AUDIT).id(audit).build())?;
        Ok(current_only(self.load(ids, |s, id| s.rating(id))?))
    }
    /// The current recommendations for one ASN (see [`current_only`]).
    pub fn ratings_of_nip(&self, nip: &str) -> Result<Vec<Rating>, StoreError> {
        let ids = self.index_ids(&Key::new(keys::RATING_NIP).str(nip).build())?;
        Ok(current_only(self.load(ids, |s, id| s.rating(id))?))
    }

    /// The responses of an audit in item-code order, streamed.
    pub fn responses_iter(
        &self,
        audit: &Id,
    ) -> impl Iterator<Item = Result<Response, StoreError>> + '_ {
        self.tree()
            .scan_prefix(Key::new(keys::RESPONSE).id(audit).build())
            .map(|kv| {
                let (k, v) = kv?;
                codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))
            })
    }

    /// The findings of an audit in the order they were raised, streamed.
    pub fn findings_of_audit_iter(
        &self,
        audit: &Id,
    ) -> impl Iterator<Item = Result<Finding, StoreError>> + '_ {
        self.index_iter(Key::new(keys::FINDING_AUDIT).id(audit).build(), |s, id| {
            s.finding(id)
        })
    }

    /// The current rating recommendations of an audit in the order they were made (an audit has
    /// tens of them: they are read whole to leave out superseded ones, see [`current_only`]).
    pub fn ratings_of_audit_iter(
        &self,
        audit: &Id,
    ) -> impl Iterator<Item = Result<Rating, StoreError>> + '_ {
        let (ok, errors): (Vec<_>, Vec<_>) = self
            .index_iter(Key::new(keys::RATING_AUDIT).id(audit).build(), |s, id| {
                s.rating(id)
            })
            .partition(Result::is_ok);
        let ok = current_only(ok.into_iter().filter_map(Result::ok).collect());
        errors.into_iter().chain(ok.into_iter().map(Ok))
    }

    /// Records named by the ids at the end of index keys under `prefix`, streamed; an index entry
    /// whose record is gone is skipped (as [`Store::load`] does).
    fn index_iter<T>(
        &self,
        prefix: Vec<u8>,
        get: impl Fn(&Store, &Id) -> Result<Option<T>, StoreError> + 'static,
    ) -> impl Iterator<Item = Result<T, StoreError>> + '_ {
        self.tree().scan_prefix(prefix).keys().filter_map(move |k| {
            let k = match k {
                Ok(k) => k,
                Err(e) => return Some(Err(e.into())),
            };
            let Some(id) = keys::trailing_id(&k) else {
                return Some(Err(StoreError::corrupt_value(
                    &k,
                    codec::CodecError::Decode("short index key".into()),
                )));
            };
            get(self, &id).transpose()
        })
    }

    /// The profiles that made events on an audit, in the order of their first event. Reads the
    /// audit's events from the journal (the index holds no actor) and stops early once every
    /// profile of the store is found; keeps only the actors.
    pub fn audit_actors(&self, audit: &Id) -> Result<Vec<Id>, StoreError> {
        let profiles = self.tree().scan_prefix([keys::PROFILE]).count();
        let filter = EventFilter {
            audit: Some(*audit),
            ..EventFilter::default()
        };
        let mut out: Vec<Id> = Vec::new();
        for entry in self.index_range(&filter, None, true)? {
            let event = self.event_at(entry?.offset)?;
            if !out.contains(&event.body.actor) {
                out.push(event.body.actor);
                if out.len() >= profiles {
                    break;
                }
            }
        }
        Ok(out)
    }

    fn load<T>(
        &self,
        ids: Vec<Id>,
        get: impl Fn(&Store, &Id) -> Result<Option<T>, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(v) = get(self, &id)? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The device registration (public key, name) of a device chain.
    pub fn device_info(&self, device: &Id) -> Result<Option<([u8; 32], String)>, StoreError> {
        self.get(&keys::device_key(device))
    }

    /// The newest known event of each device chain.
    pub fn heads(&self) -> Result<Vec<(Id, Head)>, StoreError> {
        self.tree()
            .scan_prefix([keys::HEAD])
            .map(|kv| {
                let (k, v) = kv?;
                let id = keys::trailing_id(&k).unwrap_or_default();
                let head =
                    codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))?;
                Ok((id, head))
            })
            .collect()
    }

    pub fn event_ref(&self, device: &Id, seq: u64) -> Result<Option<EventRef>, StoreError> {
        let key = groups::block_key(device, seq);
        match self.tree().get(&key)? {
            None => Ok(None),
            Some(bytes) => groups::find_ref(&key, &bytes, seq),
        }
    }

    /// Every entry of the journal (complete saves only) with its offset, in journal order.
    pub fn scan_entries(
        &self,
        mut f: impl FnMut(u64, super::Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut failed: Option<StoreError> = None;
        let scanned = self.journal().scan(super::journal::HEADER_LEN, |records| {
            for r in records {
                let entry = super::Entry::decode(&r).map_err(|e| {
                    super::journal::JournalError::Damaged {
                        path: self.journal().path().to_path_buf(),
                        offset: r.offset,
                        reason: format!("event cannot be decoded: {e}"),
                    }
                })?;
                if let Err(e) = f(r.offset, entry) {
                    failed = Some(e);
                    return Err(super::journal::JournalError::Damaged {
                        path: self.journal().path().to_path_buf(),
                        offset: r.offset,
                        reason: "stopped".into(),
                    });
                }
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        scanned?;
        Ok(())
    }

    /// The entry (event or stub) at a journal offset.
    pub fn entry_at(&self, offset: u64) -> Result<super::Entry, StoreError> {
        let rec = self.journal().read_record(offset)?;
        super::Entry::decode(&rec).map_err(|e| StoreError::BadEvent {
            offset,
            reason: e.to_string(),
        })
    }

    /// Read the event stored at a journal offset.
    pub fn event_at(&self, offset: u64) -> Result<Event, StoreError> {
        super::read_event(self.journal(), offset)
    }

    /// Events of the trail matching `filter`, newest first, at most `limit`.
    pub fn events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<Event>, StoreError> {
        self.events_before(filter, None, limit)
    }

    /// Like [`Store::events`], but only events strictly older than `before` in the trail's order
    /// (time, device, seq): the next page after an event already shown.
    pub fn events_before(
        &self,
        filter: &EventFilter,
        before: Option<&EventPos>,
        limit: usize,
    ) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        for entry in self.index_range(filter, before.map(|p| (p, false)), false)? {
            let event = self.event_at(entry?.offset)?;
            if filter.matches(&event) {
                out.push(event);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Journal offsets of the events matching `filter` up to and including `through` in the trail's
    /// order, oldest first. Reads only the index, not the journal (the filter's audit, actor, kind
    /// and time parts are exact in the index; a second criterion is not checked here).
    pub fn event_offsets_through(
        &self,
        filter: &EventFilter,
        through: &EventPos,
    ) -> Result<Vec<u64>, StoreError> {
        self.index_range(filter, Some((through, true)), true)?
            .map(|e| e.map(|e| e.offset))
            .collect()
    }

    /// The event of hash `hash` among those matching `filter` strictly older than `before`,
    /// looking at no more than `max` index entries (newest first). Compares the hashes kept in the
    /// event references, so only the event found is read from the journal.
    pub fn find_event_before(
        &self,
        filter: &EventFilter,
        before: &EventPos,
        hash: &Hash,
        max: usize,
    ) -> Result<Option<Event>, StoreError> {
        for entry in self
            .index_range(filter, Some((before, false)), false)?
            .take(max)
        {
            let entry = entry?;
            match self.event_ref(&entry.pos.device, entry.pos.seq)? {
                Some(r) if r.hash == *hash => return self.event_at(r.offset).map(Some),
                Some(_) => {}
                None => {
                    // an index entry without its event reference: fall back to the journal
                    let event = self.event_at(entry.offset)?;
                    if event.hash == *hash {
                        return Ok(Some(event));
                    }
                }
            }
        }
        Ok(None)
    }

    /// The index entries for `filter` (its first criterion and time bounds), optionally ending at
    /// an event position (inclusive or not), oldest first or newest first.
    fn index_range(
        &self,
        filter: &EventFilter,
        end: Option<(&EventPos, bool)>,
        forward: bool,
    ) -> Result<groups::Entries, StoreError> {
        let prefix = if let Some(a) = filter.audit {
            keys::ev_audit_prefix(&a)
        } else if let Some(a) = filter.actor {
            keys::ev_actor_prefix(&a)
        } else if let Some(k) = filter.kind {
            keys::ev_kind_prefix(k)
        } else {
            vec![keys::EV_TIME]
        };
        let mut bounds = Bounds {
            lo: filter.since_ms.map(EventPos::start_of),
            hi: filter.until_ms.map(EventPos::start_of),
            hi_inclusive: false,
        };
        if let Some((pos, inclusive)) = end {
            let tighter = match bounds.hi {
                None => true,
                Some(hi) => *pos < hi,
            };
            if tighter {
                bounds.hi = Some(*pos);
                bounds.hi_inclusive = inclusive;
            }
        }
        groups::entries(self.tree(), &prefix, bounds, forward)
    }
}

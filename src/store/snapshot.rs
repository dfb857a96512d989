//! Snapshots: some of the journal's events replayed with the store's own `apply` into a throw-away
//! in-memory database, to read the state as it stood at an earlier event ("as of").

use serde::de::DeserializeOwned;

use crate::codec;
use crate::domain::model::{Audit, Finding, Rating, Response};
use crate::domain::Id;

use super::apply::{self, Overlay};
use super::keys::{self, Key};
use super::{Store, StoreError};

/// A temporary state database holding a replay of chosen events; gone when dropped.
pub struct Snapshot {
    _db: sled::Db,
    tree: sled::Tree,
    events: usize,
}

/// A small cache: a snapshot holds one audit's events, not a whole store.
const SNAPSHOT_CACHE_BYTES: u64 = 4 * 1024 * 1024;

impl Store {
    /// Apply the events at `offsets` (in that order) to `tree` in one atomic batch, with the same
    /// `apply` that builds the live state.
    pub fn replay_into(&self, tree: &sled::Tree, offsets: &[u64]) -> Result<(), StoreError> {
        let mut ov = Overlay::new(tree);
        let source = |offset: u64| self.event_at(offset);
        for &offset in offsets {
            let event = self.event_at(offset)?;
            apply::apply(&mut ov, &event, offset, &source)?;
        }
        ov.commit()
    }

    /// Replay the events at `offsets` into a fresh temporary database. Pass them in journal order
    /// (ascending offsets) to get the state the live store had.
    pub fn snapshot(&self, offsets: &[u64]) -> Result<Snapshot, StoreError> {
        let db = sled::Config::new()
            .temporary(true)
            .cache_capacity(SNAPSHOT_CACHE_BYTES)
            .open()?;
        let tree: sled::Tree = (*db).clone();
        self.replay_into(&tree, offsets)?;
        Ok(Snapshot {
            _db: db,
            tree,
            events: offsets.len(),
        })
    }
}

impl Snapshot {
    /// How many events were replayed.
    pub fn events(&self) -> usize {
        self.events
    }

    fn get<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StoreError> {
        match self.tree.get(key)? {
            None => Ok(None),
            Some(v) => codec::decode_versioned(&v)
                .map(Some)
                .map_err(|e| StoreError::corrupt_value(key, e)),
        }
    }

    fn scan<T: DeserializeOwned>(&self, prefix: &[u8]) -> Result<Vec<T>, StoreError> {
        self.tree
            .scan_prefix(prefix)
            .map(|kv| {
                let (k, v) = kv?;
                codec::decode_versioned(&v).map_err(|e| StoreError::corrupt_value(&k, e))
            })
            .collect()
    }

    /// Values named by the ids at the end of the index keys under `prefix`.
    fn indexed<T: DeserializeOwned>(
        &self,
        prefix: &[u8],
        key: impl Fn(&Id) -> Vec<u8>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        for k in self.tree.scan_prefix(prefix).keys() {
            let k = k?;
            if let Some(v) = keys::trailing_id(&k).map(|id| self.get(&key(&id))) {
                out.extend(v?);
            }
        }
        Ok(out)
    }

    pub fn audit(&self, id: &Id) -> Result<Option<Audit>, StoreError> {
        self.get(&keys::audit_key(id))
    }

    pub fn responses(&self, audit: &Id) -> Result<Vec<Response>, StoreError> {
        self.scan(&Key::new(keys::RESPONSE).id(audit).build())
    }

    pub fn findings_of_audit(&self, audit: &Id) -> Result<Vec<Finding>, StoreError> {
        let mut all: Vec<Finding> = self.indexed(
            &Key::new(keys::FINDING_AUDIT).id(audit).build(),
            keys::finding_key,
        )?;
        for f in &mut all {
            super::read::with_followup(&self.tree, f)?;
        }
        Ok(all)
    }

    pub fn ratings_of_audit(&self, audit: &Id) -> Result<Vec<Rating>, StoreError> {
        Ok(crate::domain::rating::current_only(self.indexed(
            &Key::new(keys::RATING_AUDIT).id(audit).build(),
            keys::rating_key,
        )?))
    }
}

//! `verify`: walk every device chain in the journal, check the indexes against it, and compare the
//! projections with a fresh re-derivation; report the first break of each kind.

use std::collections::BTreeMap;

use crate::codec;
use crate::domain::Id;

use super::event::{short_hash, Event, Hash, Payload, GENESIS};
use super::journal::{JournalError, ScanEnd, HEADER_LEN};
use super::{apply_save, dump_tree, Store, StoreError};

/// One device chain as found in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub device: Id,
    pub events: u64,
    pub head: Hash,
    /// The first event of this chain that does not verify, if any.
    pub broken_at: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub events: u64,
    pub journal_bytes: u64,
    pub chains: Vec<ChainReport>,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

struct Walk {
    device: Id,
    last_seq: u64,
    last_hash: Hash,
    events: u64,
    broken_at: Option<u64>,
}

impl Store {
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        let mut report = VerifyReport {
            journal_bytes: self.journal_len(),
            ..Default::default()
        };
        let mut chains: BTreeMap<Id, Walk> = BTreeMap::new();
        let mut last_good: Option<(Id, u64)> = None;
        let mut problems = Vec::new();
        let mut index_problem: Option<String> = None;
        let scanned = self.journal().scan_records(HEADER_LEN, |r| {
            {
                let event: Event = match codec::decode(&r.body) {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(format!(
                            "journal record at byte {} cannot be decoded as an event ({e}){}",
                            r.offset,
                            after(&last_good)
                        ));
                        return Ok(());
                    }
                };
                report.events += 1;
                let b = &event.body;
                let walk = chains.entry(b.device).or_insert(Walk {
                    device: b.device,
                    last_seq: 0,
                    last_hash: GENESIS,
                    events: 0,
                    broken_at: None,
                });
                walk.events += 1;
                let mut fault = None;
                if !event.hashes_match().unwrap_or(false) {
                    fault = Some("its content hash does not match its body (the event was altered)".to_string());
                } else if b.seq != walk.last_seq + 1 {
                    fault = Some(format!("expected seq {}, found {}", walk.last_seq + 1, b.seq));
                } else if event.prev_hash != walk.last_hash {
                    fault = Some(format!(
                        "it links to {} but the previous event's hash is {}",
                        short_hash(&event.prev_hash),
                        short_hash(&walk.last_hash)
                    ));
                } else if b.seq == 1 && !matches!(b.payload, Payload::DeviceRegistered { .. }) {
                    fault = Some("the chain does not start with the device registration".into());
                } else if b.device == self.device() {
                    if let Payload::DeviceRegistered { public_key, .. } = &b.payload {
                        if hex::encode(public_key) != self.meta().public_key {
                            fault = Some("the registered public key is not this store's key".into());
                        }
                    }
                }
                if let Some(fault) = fault {
                    if walk.broken_at.is_none() {
                        walk.broken_at = Some(b.seq);
                        problems.push(format!(
                            "device {} event {} (journal byte {}): {fault}",
                            b.device, b.seq, r.offset
                        ));
                    }
                }
                walk.last_seq = b.seq;
                walk.last_hash = event.hash;
                last_good = Some((b.device, b.seq));
                if index_problem.is_none() {
                    match self.event_ref(&b.device, b.seq) {
                        Ok(Some(er)) if er.offset == r.offset && er.hash == event.hash => {}
                        Ok(Some(_)) => {
                            index_problem = Some(format!(
                                "the state's index of device {} event {} points elsewhere than the journal",
                                b.device, b.seq
                            ))
                        }
                        Ok(None) => {
                            index_problem = Some(format!(
                                "the state does not know device {} event {}",
                                b.device, b.seq
                            ))
                        }
                        Err(e) => index_problem = Some(e.to_string()),
                    }
                }
            }
            Ok(())
        });
        match scanned {
            Ok(ScanEnd::Clean { .. }) => {}
            Ok(ScanEnd::Torn {
                valid_end, reason, ..
            }) => problems.push(format!(
                "the journal ends in an unfinished save at byte {valid_end}: {reason}"
            )),
            Err(JournalError::Damaged { offset, reason, .. }) => problems.push(format!(
                "journal damaged at byte {offset}: {reason}{}",
                after(&last_good)
            )),
            Err(e) => return Err(e.into()),
        }
        problems.extend(index_problem);
        report.chains = chains
            .into_values()
            .map(|w| ChainReport {
                device: w.device,
                events: w.events,
                head: w.last_hash,
                broken_at: w.broken_at,
            })
            .collect();
        for (device, head) in self.heads()? {
            match report.chains.iter().find(|c| c.device == device) {
                Some(c) if c.head == head.hash && c.events == head.seq => {}
                _ => problems.push(format!(
                    "the state's head of device {device} (event {}) does not match the journal",
                    head.seq
                )),
            }
        }
        if problems.is_empty() {
            if let Some(p) = self.compare_projections()? {
                problems.push(p);
            }
        }
        report.problems = problems;
        Ok(report)
    }

    /// Re-derive the state in a temporary database and compare it with the live one.
    fn compare_projections(&self) -> Result<Option<String>, StoreError> {
        let tmp = sled::Config::new()
            .temporary(true)
            .cache_capacity(super::CACHE_BYTES)
            .open()?;
        let tree: sled::Tree = (*tmp).clone();
        self.journal()
            .scan(HEADER_LEN, |records| apply_save(&tree, &records))?;
        let fresh = dump_tree(&tree)?;
        let live = self.dump()?;
        if fresh == live {
            return Ok(None);
        }
        let first = fresh
            .iter()
            .zip(live.iter())
            .find(|(a, b)| a != b)
            .map(|(a, _)| hex::encode(&a.0))
            .unwrap_or_else(|| "(one side has extra entries)".into());
        Ok(Some(format!(
            "the projections differ from a re-derivation of the journal ({} vs {} entries; first difference at key {first}); run `periksa rebuild`",
            live.len(),
            fresh.len()
        )))
    }
}

fn after(last: &Option<(Id, u64)>) -> String {
    match last {
        Some((d, s)) => format!("; the last good event before it is device {d} event {s}"),
        None => "; no event before it verified".into(),
    }
}

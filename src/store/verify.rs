//! `verify`: walk every device chain in the journal, check the indexes against it, and compare the
//! projections with a fresh re-derivation; report the first break of each kind.

use std::collections::BTreeMap;

use crate::domain::Id;

use super::event::{short_hash, Hash, Payload, GENESIS};
use super::journal::{JournalError, ScanEnd, HEADER_LEN};
use super::{apply_save, dump_tree, Entry, Store, StoreError};

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
    pub problems: Vec<VerifyProblem>,
}

/// What verification found wrong, with the values that locate it (`Display`: the English the
/// command line's JSON and logs carry; the app says it in the user's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyProblem {
    #[error("journal record at byte {offset} cannot be decoded as an event ({reason}){}", after(.last_good))]
    Undecodable {
        offset: u64,
        reason: String,
        /// The last event before the break that verified.
        last_good: Option<(Id, u64)>,
    },
    #[error("device {device} event {seq} (journal byte {offset}): {fault}")]
    Chain {
        device: Id,
        seq: u64,
        offset: u64,
        fault: ChainFault,
    },
    #[error("the journal ends in an unfinished save at byte {valid_end}: {reason}")]
    Torn { valid_end: u64, reason: String },
    #[error("journal damaged at byte {offset}: {reason}{}", after(.last_good))]
    Damaged {
        offset: u64,
        reason: String,
        /// The last event before the break that verified.
        last_good: Option<(Id, u64)>,
    },
    #[error("the state's index of device {device} event {seq} points elsewhere than the journal")]
    IndexElsewhere { device: Id, seq: u64 },
    #[error("the state does not know device {device} event {seq}")]
    IndexMissing { device: Id, seq: u64 },
    /// The state database could not be read (sled's own words).
    #[error("{0}")]
    IndexUnreadable(String),
    #[error("this store's own device {device} (store.toml) has no chain in the journal: store.toml was altered or belongs to another store")]
    OwnDeviceMissing { device: Id },
    #[error("the state's head of device {device} (event {seq}) does not match the journal")]
    HeadMismatch { device: Id, seq: u64 },
    #[error("the projections differ from a re-derivation of the journal ({live} vs {fresh} entries; first difference at key {}); run `periksa rebuild`", .first.as_deref().unwrap_or("(one side has extra entries)"))]
    Projections {
        live: usize,
        fresh: usize,
        /// The first key that differs, in hex; none when one side only has more entries.
        first: Option<String>,
    },
}

/// Why one event breaks its device's chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainFault {
    #[error("it does not match the stub that stood for it")]
    StubMismatch,
    #[error("this event is already in the journal")]
    Duplicate,
    #[error("its content hash does not match its body (the event was altered)")]
    Altered,
    #[error("expected seq {expected}, found {found}")]
    Seq { expected: u64, found: u64 },
    #[error("it links to {} but the previous event's hash is {}", short_hash(.links_to), short_hash(.previous))]
    Link { links_to: Hash, previous: Hash },
    #[error("the chain does not start with the device registration")]
    NoRegistration,
    #[error("the registered public key is not this store's key")]
    ForeignKey,
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
    /// Stubs not yet replaced by their whole event: seq → hash.
    stubs: BTreeMap<u64, Hash>,
}

/// Whether the state's event index points at this record (a stub's entry may point at the whole
/// event that arrived later, so only the hash is compared for stubs).
fn check_index(
    store: &Store,
    problem: &mut Option<VerifyProblem>,
    device: &Id,
    seq: u64,
    offset: u64,
    hash: &Hash,
    exact: bool,
) {
    if problem.is_some() {
        return;
    }
    match store.event_ref(device, seq) {
        Ok(Some(er)) if er.hash == *hash && (!exact || er.offset == offset) => {}
        Ok(Some(_)) => {
            *problem = Some(VerifyProblem::IndexElsewhere {
                device: *device,
                seq,
            })
        }
        Ok(None) => {
            *problem = Some(VerifyProblem::IndexMissing {
                device: *device,
                seq,
            })
        }
        Err(e) => *problem = Some(VerifyProblem::IndexUnreadable(e.to_string())),
    }
}

/// How far a verification has got: its part, and journal bytes done of the journal's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verifying {
    /// Walking the device chains through the journal.
    Chains { done: u64, total: u64 },
    /// Re-deriving the state from the journal in a temporary database.
    Rederive { done: u64, total: u64 },
    /// Comparing the re-derived state with the live one.
    Compare,
}

/// Progress is told at most once per this many journal bytes.
const PROGRESS_BYTES: u64 = 1 << 20;

impl Store {
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.verify_with(&mut |_| true)
    }

    /// [`Store::verify`], telling `progress` which part runs and how far it has got; when it
    /// answers `false` the check stops with [`StoreError::Cancelled`] (it only reads: nothing is
    /// left half done).
    pub fn verify_with(
        &self,
        progress: &mut dyn FnMut(Verifying) -> bool,
    ) -> Result<VerifyReport, StoreError> {
        let total = self.journal_len();
        if !progress(Verifying::Chains { done: 0, total }) {
            return Err(StoreError::Cancelled);
        }
        let mut told = 0u64;
        let mut stopped = false;
        let mut report = VerifyReport {
            journal_bytes: self.journal_len(),
            ..Default::default()
        };
        let mut chains: BTreeMap<Id, Walk> = BTreeMap::new();
        let mut last_good: Option<(Id, u64)> = None;
        let mut problems = Vec::new();
        let mut index_problem: Option<VerifyProblem> = None;
        let scanned = self.journal().scan_records(HEADER_LEN, |r| {
            if r.offset >= told + PROGRESS_BYTES {
                told = r.offset;
                if !progress(Verifying::Chains { done: told, total }) {
                    stopped = true;
                    return Err(JournalError::Damaged {
                        path: self.journal().path().to_path_buf(),
                        offset: r.offset,
                        reason: "stopped".into(),
                    });
                }
            }
            let entry = match Entry::decode(&r) {
                Ok(e) => e,
                Err(e) => {
                    problems.push(VerifyProblem::Undecodable {
                        offset: r.offset,
                        reason: e.to_string(),
                        last_good,
                    });
                    return Ok(());
                }
            };
            let (device, seq, prev_hash, hash, links) = match &entry {
                Entry::Event(event) => (
                    event.body.device,
                    event.body.seq,
                    event.prev_hash,
                    event.hash,
                    event.hashes_match().unwrap_or(false),
                ),
                Entry::Stub(stub) => (
                    stub.device,
                    stub.seq,
                    stub.prev_hash,
                    stub.hash,
                    stub.links(),
                ),
            };
            let walk = chains.entry(device).or_insert(Walk {
                device,
                last_seq: 0,
                last_hash: GENESIS,
                events: 0,
                broken_at: None,
                stubs: BTreeMap::new(),
            });
            // the whole event for a stub met earlier: it must be the very event the stub stood for
            if let Entry::Event(event) = &entry {
                if seq <= walk.last_seq {
                    let fault = match walk.stubs.remove(&seq) {
                        Some(h) if h == hash && links => None,
                        Some(_) => Some(ChainFault::StubMismatch),
                        None => Some(ChainFault::Duplicate),
                    };
                    report.events += 1;
                    if let Some(fault) = fault {
                        if walk.broken_at.is_none() {
                            walk.broken_at = Some(seq);
                        }
                        problems.push(VerifyProblem::Chain {
                            device,
                            seq,
                            offset: r.offset,
                            fault,
                        });
                    } else {
                        check_index(
                            self,
                            &mut index_problem,
                            &device,
                            seq,
                            r.offset,
                            &hash,
                            true,
                        );
                    }
                    let _ = event;
                    return Ok(());
                }
            }
            report.events += 1;
            walk.events += 1;
            let mut fault = None;
            if !links {
                fault = Some(ChainFault::Altered);
            } else if seq != walk.last_seq + 1 {
                fault = Some(ChainFault::Seq {
                    expected: walk.last_seq + 1,
                    found: seq,
                });
            } else if prev_hash != walk.last_hash {
                fault = Some(ChainFault::Link {
                    links_to: prev_hash,
                    previous: walk.last_hash,
                });
            } else if let Entry::Event(event) = &entry {
                let b = &event.body;
                if b.seq == 1 && !matches!(b.payload, Payload::DeviceRegistered { .. }) {
                    fault = Some(ChainFault::NoRegistration);
                } else if b.device == self.device() {
                    if let Payload::DeviceRegistered { public_key, .. } = &b.payload {
                        if hex::encode(public_key) != self.meta().public_key {
                            fault = Some(ChainFault::ForeignKey);
                        }
                    }
                }
            }
            if let Some(fault) = fault {
                if walk.broken_at.is_none() {
                    walk.broken_at = Some(seq);
                    problems.push(VerifyProblem::Chain {
                        device,
                        seq,
                        offset: r.offset,
                        fault,
                    });
                }
            }
            walk.last_seq = seq;
            walk.last_hash = hash;
            let is_stub = matches!(entry, Entry::Stub(_));
            if is_stub {
                walk.stubs.insert(seq, hash);
            }
            last_good = Some((device, seq));
            check_index(
                self,
                &mut index_problem,
                &device,
                seq,
                r.offset,
                &hash,
                !is_stub,
            );
            Ok(())
        });
        if stopped {
            return Err(StoreError::Cancelled);
        }
        match scanned {
            Ok(ScanEnd::Clean { .. }) => {}
            Ok(ScanEnd::Torn {
                valid_end, reason, ..
            }) => problems.push(VerifyProblem::Torn {
                valid_end,
                reason: reason.to_string(),
            }),
            Err(JournalError::Damaged { offset, reason, .. }) => {
                problems.push(VerifyProblem::Damaged {
                    offset,
                    reason: reason.to_string(),
                    last_good,
                })
            }
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
        if !report.chains.iter().any(|c| c.device == self.device()) {
            problems.push(VerifyProblem::OwnDeviceMissing {
                device: self.device(),
            });
        }
        for (device, head) in self.heads()? {
            match report.chains.iter().find(|c| c.device == device) {
                Some(c) if c.head == head.hash && c.events == head.seq => {}
                _ => problems.push(VerifyProblem::HeadMismatch {
                    device,
                    seq: head.seq,
                }),
            }
        }
        if problems.is_empty() {
            if let Some(p) = self.compare_projections(progress)? {
                problems.push(p);
            }
        }
        report.problems = problems;
        Ok(report)
    }

    /// Re-derive the state in a temporary database and compare it with the live one.
    fn compare_projections(
        &self,
        progress: &mut dyn FnMut(Verifying) -> bool,
    ) -> Result<Option<VerifyProblem>, StoreError> {
        let tmp = sled::Config::new()
            .temporary(true)
            .cache_capacity(super::CACHE_BYTES)
            .open()?;
        let tree: sled::Tree = (*tmp).clone();
        let journal = self.journal();
        let total = self.journal_len();
        if !progress(Verifying::Rederive { done: 0, total }) {
            return Err(StoreError::Cancelled);
        }
        let mut told = 0u64;
        let mut stopped = false;
        let scanned = journal.scan(HEADER_LEN, |records| {
            if let Some(r) = records.last() {
                if r.offset >= told + PROGRESS_BYTES {
                    told = r.offset;
                    if !progress(Verifying::Rederive { done: told, total }) {
                        stopped = true;
                        return Err(JournalError::Damaged {
                            path: journal.path().to_path_buf(),
                            offset: r.offset,
                            reason: "stopped".into(),
                        });
                    }
                }
            }
            apply_save(&tree, journal, &records)
        });
        if stopped {
            return Err(StoreError::Cancelled);
        }
        scanned?;
        if !progress(Verifying::Compare) {
            return Err(StoreError::Cancelled);
        }
        let fresh = dump_tree(&tree)?;
        let live = self.dump()?;
        if fresh == live {
            return Ok(None);
        }
        let first = fresh
            .iter()
            .zip(live.iter())
            .find(|(a, b)| a != b)
            .map(|(a, _)| hex::encode(&a.0));
        Ok(Some(VerifyProblem::Projections {
            live: live.len(),
            fresh: fresh.len(),
            first,
        }))
    }
}

/// Where the last good event stood before a break, in English (see [`VerifyProblem`]).
fn after(last: &Option<(Id, u64)>) -> String {
    match last {
        Some((d, s)) => format!("; the last good event before it is device {d} event {s}"),
        None => "; no event before it verified".into(),
    }
}

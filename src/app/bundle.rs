//! Findings files between laptops: exporting an audit's events as a signed bundle, merging a
//! received bundle into the store, and listing and settling the conflicts a merge leaves open.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::model::{FindingContent, RatingContent};
use crate::domain::phase::Role;
use crate::domain::Id;
use crate::exchange::bundle::{self, Bundle, BundleWriter, DeviceRange, Header, Seal, Unseal};
use crate::store::apply::RegHead;
use crate::store::event::{short_hash, Event, Hash, Kind, Payload, Stub};
use crate::store::{Entry, Spooled};

use super::diff::{field_diffs, FieldDiff};
use super::error::said;
use super::merge::MergeDraft;
use super::progress::{go_on, Every, Flow, Stage, Step};
use super::trail::Field;
use super::{describe, fingerprint, App, AppError};

/// What opening a findings file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
    Plain,
    /// Encrypted with a passphrase.
    Passphrase,
    /// Encrypted to age recipients: an identity file opens it.
    Identity,
}

/// A new age identity for findings files encrypted to this laptop's user: its secret is written
/// to `file` (never over an existing file; only the owner may read it on Unix) and its public
/// recipient (`age1…`), for others' `--encrypt-to`, is returned.
pub fn new_identity_file(file: &Path) -> Result<String, AppError> {
    use age::secrecy::ExposeSecret;
    use std::io::Write as _;
    if file.exists() {
        return Err(said(
            "error.app.identity_exists",
            &[("path", &file.display())],
        ));
    }
    let (secret, public) = bundle::new_identity();
    let io = |source| AppError::File {
        path: file.display().to_string(),
        source,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(file).map_err(io)?;
    writeln!(
        f,
        "# periksa age identity; public recipient: {public}\n{}",
        secret.expose_secret()
    )
    .and_then(|()| f.sync_all())
    .map_err(io)?;
    Ok(public)
}

/// How the findings file at `path` is sealed (read from its first bytes).
pub fn sealing(path: &Path) -> Result<Sealing, AppError> {
    Ok(if !bundle::is_encrypted(path)? {
        Sealing::Plain
    } else if bundle::decryptor_is_scrypt(path) {
        Sealing::Passphrase
    } else {
        Sealing::Identity
    })
}

/// What `export --format bundle` wrote.
#[derive(Debug, Clone)]
pub struct BundleReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub events: u64,
    pub stubs: u64,
    pub devices: usize,
    pub encrypted: bool,
}

/// What a merge added.
#[derive(Debug, Clone, Default)]
pub struct MergeReport {
    pub sender_name: String,
    pub sender_key: String,
    pub audit: Id,
    pub audit_title: String,
    /// Whole events new to this store (including bodies for stubs it held).
    pub added: u64,
    /// Stubs new to this store.
    pub stubs: u64,
    /// Entries of the file this store already had.
    pub known: u64,
    /// New events by kind code.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// New events a newer Periksa wrote (kinds or versions this build cannot read): kept in the
    /// store and passed on, shown after an update.
    pub unread: u64,
    /// Conflicts of the audit open after the merge.
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    pub fn count(&self, kind: Kind) -> u64 {
        self.by_kind.get(kind.code()).copied().unwrap_or(0)
    }

    /// What the file held, in the language of `t`: the audit's title, or for a backup of a
    /// whole store those words (a backup's header holds them in English, as older builds wrote).
    pub fn title_in(&self, t: &crate::text::Strings) -> String {
        if self.audit.is_nil() {
            t.t("exchange.backup_title").to_string()
        } else {
            self.audit_title.clone()
        }
    }
}

/// One version competing in a conflict.
#[derive(Debug, Clone)]
pub struct Version {
    pub hash: Hash,
    pub device: Id,
    pub seq: u64,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// One line: what this version says (in English, as the command line and its JSON say it).
    pub summary: String,
    /// The value this version states (a settled conflict's restated value, unwrapped).
    pub value: Payload,
    /// What the version's event says, whole (its summary in another language: [`Version::summary_in`]).
    pub payload: Payload,
}

impl Version {
    /// One line: what this version says, in the language of `t`.
    pub fn summary_in(&self, t: &crate::text::Strings) -> String {
        super::trail::describe_payload(&self.payload, t)
    }
}

/// A record two or more laptops changed from the same starting point.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Short id to name it on the command line (8 hex digits).
    pub id: String,
    pub audit: Option<Id>,
    pub register: Vec<u8>,
    /// The version shown now (latest time, then device, then seq).
    pub winner: Version,
    /// The other versions, kept until the lead settles the conflict.
    pub others: Vec<Version>,
}

impl Conflict {
    /// The fields in which other version `i` differs from the shown one (`this`: the shown
    /// version's value, `other`: version `i`'s).
    pub fn differences(&self, i: usize) -> Vec<FieldDiff> {
        self.others
            .get(i)
            .map(|o| field_diffs(&self.winner.value, &o.value))
            .unwrap_or_default()
    }
}

/// Which records of an audit have a pending conflict, and with how many versions: loaded once
/// when a list is (re)loaded, looked up for each row drawn.
#[derive(Debug, Clone, Default)]
pub struct ConflictMarks {
    /// Findings whose content or follow-up has competing versions.
    findings: HashMap<Id, usize>,
    /// Checklist items (by code) whose response has competing versions.
    items: HashMap<String, usize>,
}

impl ConflictMarks {
    /// How many versions compete for finding `id` (its content or its follow-up), if any.
    pub fn finding(&self, id: &Id) -> Option<usize> {
        self.findings.get(id).copied()
    }

    /// How many versions compete for the response to item `code`, if any.
    pub fn item(&self, code: &str) -> Option<usize> {
        self.items.get(code).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty() && self.items.is_empty()
    }
}

fn conflict_id(register: &[u8]) -> String {
    hex::encode(&blake3::hash(register).as_bytes()[..4])
}

/// Whether a findings-file export includes an event whole (else as a stub).
enum Pick {
    Whole,
    Stub,
    /// An ASN's record: whole if the audit names the NIP.
    IfNip(String),
}

impl App {
    /// Write a findings file of `audit`: its events whole, with the devices, profiles, its
    /// agency, its checklist and the ASN it names; every other event as a stub so each chain
    /// stays verifiable. Signed with this device's key; encrypted if `seal` says so.
    pub fn export_bundle(
        &self,
        audit_key: &str,
        path: &Path,
        seal: &Seal,
    ) -> Result<BundleReport, AppError> {
        self.export_bundle_with(audit_key, path, seal, &mut |_| Flow::Go)
    }

    /// Back the whole store up as one findings file (every event whole), then read it back and
    /// check it. A passphrase-encrypted backup is checked with the same passphrase.
    pub fn backup(&self, dir: &Path, seal: &Seal) -> Result<BundleReport, AppError> {
        if matches!(seal, Seal::Recipients(_)) {
            return Err(said("error.bundle.backup_needs_passphrase", &[]));
        }
        std::fs::create_dir_all(dir).map_err(|source| AppError::File {
            path: dir.display().to_string(),
            source,
        })?;
        let name = format!(
            "periksa-backup-{}-{}.periksa",
            chrono::Local::now().format("%Y%m%d-%H%M%S"),
            crate::present::short_id(&self.store.device())
        );
        let path = dir.join(name);
        let report = self.write_bundle(None, &path, seal, &mut |_| Flow::Go)?;
        let unseal = match seal {
            Seal::Passphrase(p) => Unseal::Passphrase(p.clone()),
            _ => Unseal::None,
        };
        let back = bundle::check(&path, &unseal)?;
        if back.header.events != report.events || back.header.stubs != report.stubs {
            return Err(said(
                "error.bundle.backup_differs",
                &[("path", &path.display())],
            ));
        }
        Ok(report)
    }

    /// Make a new store at `dir` from a backup (or any findings file): a new laptop identity with
    /// every event of the file, the current auditor being the one who last worked on the laptop
    /// that wrote it.
    pub fn restore(
        file: &Path,
        dir: &Path,
        unseal: &Unseal,
    ) -> Result<(App, MergeReport), AppError> {
        // a first pass finds who worked last on the sending laptop (the file is read again,
        // entry by entry, by the merge)
        let mut reader = bundle::open(file, unseal)?;
        let sender = reader.header().device;
        let mut profiles = BTreeMap::new();
        let mut last_actor = None;
        while let Some(e) = reader.next_entry()? {
            if let Entry::Event(ev) = e {
                if ev.body.device == sender {
                    last_actor = Some(ev.body.actor);
                }
                if let Payload::ProfileAdded(p) = ev.body.payload {
                    profiles.insert(p.id, p);
                }
            }
        }
        reader.finish()?;
        let profile = last_actor
            .and_then(|a| profiles.get(&a).cloned())
            .or_else(|| profiles.values().next().cloned())
            .ok_or_else(|| said("error.bundle.no_profile", &[("path", &file.display())]))?;
        let store = crate::store::Store::init(
            dir,
            &format!("{} (restored)", super::hostname()),
            profile.id,
            Vec::new(),
        )?;
        let settings = crate::store::Settings {
            current_profile: Some(profile.id),
            followup_days: Some(super::builtin_followup_days()),
            ..Default::default()
        };
        store.save_settings(&settings)?;
        let mut app = App {
            store,
            settings,
            templates: Default::default(),
        };
        let report = app.merge_file(file, unseal, &mut |_| Flow::Go)?;
        Ok((app, report))
    }

    pub(super) fn write_bundle(
        &self,
        audit: Option<&crate::domain::model::Audit>,
        path: &Path,
        seal: &Seal,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<BundleReport, AppError> {
        // pass 1: decide per (device, seq) from the journal
        let mut picks: Vec<(Id, u64, u64, Pick)> = Vec::new();
        let mut nips: HashSet<String> = HashSet::new();
        let journal = self.store.journal_len();
        go_on(progress(Step::of(Stage::Collect, 0, journal)))?;
        let mut every = Every::new();
        self.store.scan_entries(|offset, entry| {
            if every.tick() && progress(Step::of(Stage::Collect, offset, journal)) == Flow::Stop {
                return Err(crate::store::StoreError::Cancelled);
            }
            let pick = match &entry {
                Entry::Stub(_) => Pick::Stub,
                Entry::Event(e) => match audit {
                    None => Pick::Whole,
                    Some(audit) => pick_for_audit(audit, e, &mut nips),
                },
            };
            picks.push((entry.device(), entry.seq(), offset, pick));
            Ok(())
        })?;
        // a whole event that arrived after its stub replaces it
        picks.sort_by_key(|p| (p.0, p.1, matches!(p.3, Pick::Stub)));
        picks.dedup_by_key(|p| (p.0, p.1));
        let whole = |p: &Pick| match p {
            Pick::Whole => true,
            Pick::Stub => false,
            Pick::IfNip(n) => nips.contains(n),
        };
        // each chain goes up to its newest whole event
        let mut last: BTreeMap<Id, u64> = BTreeMap::new();
        for p in &picks {
            if whole(&p.3) {
                let l = last.entry(p.0).or_default();
                *l = (*l).max(p.1);
            }
        }
        if audit.is_some() {
            picks.retain(|p| last.get(&p.0).is_some_and(|l| p.1 <= *l));
        }
        let mut ranges: BTreeMap<Id, DeviceRange> = BTreeMap::new();
        let mut expected: Option<(Id, u64)> = None;
        for p in &picks {
            let next = match expected {
                Some((d, s)) if d == p.0 => s + 1,
                _ => 1,
            };
            if p.1 != next {
                return Err(said(
                    "error.bundle.chain_gap",
                    &[("device", &p.0), ("seq", &next)],
                ));
            }
            expected = Some((p.0, p.1));
            let r = ranges.entry(p.0).or_insert(DeviceRange {
                device: p.0,
                last: 0,
                events: 0,
                stubs: 0,
            });
            r.last = p.1;
            if whole(&p.3) {
                r.events += 1;
            } else {
                r.stubs += 1;
            }
        }
        let (name, key) = self
            .store
            .device_info(&self.store.device())?
            .map(|(k, n)| (n, k))
            .unwrap_or_default();
        let header = Header {
            format: bundle::FORMAT,
            device: self.store.device(),
            device_name: name,
            public_key: key,
            audit: audit.map(|a| a.id).unwrap_or_default(),
            audit_title: audit
                .map(|a| a.title.clone())
                .unwrap_or_else(|| "backup of the whole store".into()),
            created_at_ms: Utc::now().timestamp_millis(),
            events: ranges.values().map(|r| r.events).sum(),
            stubs: ranges.values().map(|r| r.stubs).sum(),
            ranges: ranges.into_values().collect(),
        };
        let mut w = BundleWriter::create(path, &header, self.store.signing_key(), seal)?;
        let total = picks.len() as u64;
        // stopping drops the writer: its temporary file goes, the target is never touched
        go_on(progress(Step::of(Stage::Write, 0, total)))?;
        for (i, p) in picks.iter().enumerate() {
            if every.tick() {
                go_on(progress(Step::of(Stage::Write, i as u64, total)))?;
            }
            let entry = self.store.entry_at(p.2)?;
            let entry = match entry {
                Entry::Event(e) if !whole(&p.3) => Entry::Stub(Stub::of(&e)),
                other => other,
            };
            w.write(&entry)?;
        }
        let bytes = w.finish()?;
        Ok(BundleReport {
            path: path.to_path_buf(),
            bytes,
            events: header.events,
            stubs: header.stubs,
            devices: header.ranges.len(),
            encrypted: !matches!(seal, Seal::Plain),
        })
    }

    /// Read and check a findings file without touching the store.
    pub fn read_bundle(&self, path: &Path, unseal: &Unseal) -> Result<Bundle, AppError> {
        Ok(bundle::read(path, unseal)?)
    }

    /// Merge a findings file: check its signature and chains, check it against this store's own
    /// copies of the same chains, then append only what is missing — one save — with a record of
    /// the import. Importing the same file again changes nothing.
    pub fn import_bundle(&mut self, path: &Path, unseal: &Unseal) -> Result<MergeReport, AppError> {
        self.import_bundle_with(path, unseal, &mut |_| Flow::Go)
    }

    /// Merge the findings file at `path` in two passes over it, never holding it whole: the
    /// first reads it entry by entry, checks each (its chain, its hashes, this store's copy of
    /// the same event) and sets the new ones aside in a spool beside the journal; once the
    /// signature and every chain are checked, the second writes the new entries to the journal in
    /// one save (each device's events in the order the clock gives them) and applies them.
    /// `seen` is shown every entry of the file as it is read.
    pub(super) fn merge_file(
        &mut self,
        path: &Path,
        unseal: &Unseal,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<MergeReport, AppError> {
        // (on restore the profile itself arrives with the file)
        let actor = self.settings.current_profile.ok_or(AppError::NoProfile)?;
        go_on(progress(Step::stage(Stage::Read)))?;
        let mut reader = bundle::open(path, unseal)?;
        let file = path.display().to_string();
        let header = reader.header().clone();
        let mut report = MergeReport {
            sender_name: header.device_name.clone(),
            sender_key: fingerprint(&header.public_key),
            audit: header.audit,
            audit_title: header.audit_title.clone(),
            ..Default::default()
        };
        // what is new, per device, in seq order: set aside, with what orders it
        let mut spool = self.store.spool()?;
        let mut queues: BTreeMap<Id, VecDeque<(Option<i64>, u64, Spooled)>> = BTreeMap::new();
        // a fork is said once the file itself is known to be sound
        let mut fork = None;
        let total = reader.total();
        go_on(progress(Step::of(Stage::Check, 0, total)))?;
        let mut every = Every::new();
        let mut i = 0u64;
        while let Some(entry) = reader.next_entry()? {
            i += 1;
            if every.tick() {
                go_on(progress(Step::of(Stage::Check, i, total)))?;
            }
            if fork.is_some() {
                continue;
            }
            let (device, seq) = (entry.device(), entry.seq());
            match self.store.event_ref(&device, seq)? {
                Some(r) if r.hash != entry.hash() => {
                    fork = Some(said(
                        "error.bundle.forked",
                        &[
                            ("file", &file),
                            ("device", &device),
                            ("seq", &seq),
                            ("here", &short_hash(&r.hash)),
                            ("there", &short_hash(&entry.hash())),
                        ],
                    ));
                    continue;
                }
                Some(r) => {
                    let fills = matches!(entry, Entry::Event(_))
                        && matches!(self.store.entry_at(r.offset)?, Entry::Stub(_));
                    if !fills {
                        report.known += 1;
                        continue;
                    }
                }
                None => {}
            }
            let at = match &entry {
                Entry::Event(ev) => {
                    report.added += 1;
                    if ev.is_unknown() {
                        report.unread += 1;
                    } else {
                        *report.by_kind.entry(ev.kind().code()).or_default() += 1;
                    }
                    Some(ev.body.at_ms)
                }
                Entry::Stub(_) => {
                    report.stubs += 1;
                    None
                }
            };
            let spooled = spool.push(&entry)?;
            queues
                .entry(device)
                .or_default()
                .push_back((at, seq, spooled));
        }
        let checked = reader.finish()?;
        if let Some(fork) = fork {
            return Err(fork);
        }
        // one order for all: stubs as they come, whole events oldest first, so every event is
        // applied after the versions it was made on (the clock orders them)
        let mut ordered: Vec<Spooled> = Vec::new();
        loop {
            for q in queues.values_mut() {
                while let Some(&(None, _, s)) = q.front() {
                    ordered.push(s);
                    q.pop_front();
                }
            }
            let next = queues
                .iter()
                .filter_map(|(d, q)| match q.front() {
                    Some(&(Some(at), seq, _)) => Some(((at, *d, seq), *d)),
                    _ => None,
                })
                .min();
            let Some((_, device)) = next else { break };
            if let Some((_, _, s)) = queues.get_mut(&device).and_then(|q| q.pop_front()) {
                ordered.push(s);
            }
        }
        drop(queues);
        // the last moment to stop: the save that follows is whole or not at all
        go_on(progress(Step::of(Stage::Check, total, total)))?;
        if !ordered.is_empty() {
            let record = Payload::FileImported {
                file_hash: checked.file_hash,
                sender: header.device,
                sender_name: header.device_name.clone(),
                sender_key: header.public_key,
                audit: header.audit,
                events: report.added,
                stubs: report.stubs,
                encrypted: checked.encrypted,
            };
            self.store.append_spooled_with(
                &mut spool,
                &ordered,
                actor,
                vec![record],
                &mut |done, total| {
                    // a save under way finishes: what it would leave half done is not worth it
                    let _ = progress(Step::of(Stage::Save, done, total));
                },
            )?;
        }
        report.conflicts = if header.is_backup() {
            self.conflicts(None)?
        } else {
            self.conflicts(Some(&header.audit.to_string()))?
        };
        Ok(report)
    }

    /// Records with competing versions, of one audit or all.
    pub fn conflicts(&self, audit_key: Option<&str>) -> Result<Vec<Conflict>, AppError> {
        let audit = match audit_key {
            Some(k) => Some(self.resolve_audit(k)?.id),
            None => None,
        };
        let mut out = Vec::new();
        for register in self.store.conflicted_registers(audit.as_ref())? {
            if let Some(c) = self.conflict_of(&register)? {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// The records of `audit` with a pending conflict (as [`App::conflicts`] lists them), for the
    /// marks of the findings list and the walk.
    pub fn conflict_marks(&self, audit: &Id) -> Result<ConflictMarks, AppError> {
        let mut marks = ConflictMarks::default();
        for register in self.store.conflicted_registers(Some(audit))? {
            let Some(c) = self.conflict_of(&register)? else {
                continue;
            };
            let n = c.others.len() + 1;
            let slot = match &c.winner.value {
                Payload::ResponseRecorded { item, .. }
                | Payload::ResponseCorrected { item, .. } => {
                    marks.items.entry(item.clone()).or_default()
                }
                Payload::FindingRaised { id, .. }
                | Payload::FindingUpdated { id, .. }
                | Payload::FindingWithdrawn { id, .. }
                | Payload::FollowUpRecorded { finding: id, .. } => {
                    marks.findings.entry(*id).or_default()
                }
                _ => continue,
            };
            *slot = (*slot).max(n);
        }
        Ok(marks)
    }

    fn version(&self, h: &RegHead) -> Result<(Version, Event), AppError> {
        let e = self.store.event_at(h.offset)?;
        Ok((
            Version {
                hash: e.hash,
                device: e.body.device,
                seq: e.body.seq,
                actor: self.actor_name(&e.body.actor),
                at: Utc
                    .timestamp_millis_opt(e.body.at_ms)
                    .single()
                    .unwrap_or(DateTime::<Utc>::MIN_UTC),
                summary: describe(&e),
                value: value_of(&e.body.payload).clone(),
                payload: e.body.payload.clone(),
            },
            e,
        ))
    }

    fn conflict_of(&self, register: &[u8]) -> Result<Option<Conflict>, AppError> {
        let mut heads = self.store.register_heads(register)?;
        if heads.len() < 2 {
            return Ok(None);
        }
        heads.sort_by_key(|h| std::cmp::Reverse(h.order()));
        let (winner, first) = self.version(&heads[0])?;
        let mut others = Vec::new();
        for h in &heads[1..] {
            let (v, e) = self.version(h)?;
            // the same value reached twice is not a conflict worth a decision
            if value_of(&e.body.payload) != value_of(&first.body.payload) {
                others.push(v);
            }
        }
        if others.is_empty() {
            return Ok(None);
        }
        Ok(Some(Conflict {
            id: conflict_id(register),
            audit: first.body.payload.audit(),
            register: register.to_vec(),
            winner,
            others,
        }))
    }

    /// Whether the current profile may settle conflicts (a lead or a controller), refused in one
    /// message naming the profile and its role (the UI asks before an editor opens).
    pub fn may_settle_conflicts(&self) -> Result<crate::domain::model::Profile, AppError> {
        let me = self.current_profile()?;
        if me.role < Role::Lead {
            return Err(said(
                "error.bundle.not_a_settler",
                &[("name", &me.name), ("role", &me.role.label_id())],
            ));
        }
        Ok(me)
    }

    /// The open conflict whose id starts with `key`.
    fn find_conflict(&self, key: &str) -> Result<Conflict, AppError> {
        let want = key.trim().to_ascii_lowercase();
        let mut found: Vec<Conflict> = self
            .conflicts(None)?
            .into_iter()
            .filter(|c| c.id.starts_with(&want))
            .collect();
        match found.len() {
            0 => Err(said("error.bundle.unknown_conflict", &[("x", &key)])),
            1 => Ok(found.remove(0)),
            n => Err(said(
                "error.bundle.ambiguous_conflict",
                &[("x", &key), ("n", &n)],
            )),
        }
    }

    /// Settle a conflict: keep the shown version (`keep` = None) or the version whose hash starts
    /// with `keep`. Only a lead or a controller may; it is saved as an event like any other.
    pub fn resolve_conflict(
        &mut self,
        conflict: &str,
        keep: Option<&str>,
    ) -> Result<Conflict, AppError> {
        let me = self.may_settle_conflicts()?;
        let c = self.find_conflict(conflict)?;
        let heads = self.store.register_heads(&c.register)?;
        let chosen = match keep {
            None => c.winner.hash,
            Some(k) => {
                let k = k.trim().to_ascii_lowercase();
                let all: Vec<&Version> = std::iter::once(&c.winner).chain(&c.others).collect();
                let m: Vec<&&Version> = all
                    .iter()
                    .filter(|v| hex::encode(v.hash).starts_with(&k))
                    .collect();
                match m.as_slice() {
                    [one] => one.hash,
                    [] => {
                        return Err(said(
                            "error.bundle.unknown_version",
                            &[
                                ("id", &c.id),
                                ("x", &k),
                                (
                                    "versions",
                                    &all.iter()
                                        .map(|v| short_hash(&v.hash))
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                ),
                            ],
                        ))
                    }
                    _ => return Err(said("error.bundle.ambiguous_version", &[("x", &k)])),
                }
            }
        };
        let Some(head) = heads.iter().find(|h| h.hash == chosen) else {
            return Err(said("error.bundle.conflict_changed", &[("id", &c.id)]));
        };
        let event = self.store.event_at(head.offset)?;
        let value = value_of(&event.body.payload).clone();
        if matches!(
            value,
            Payload::SignedOff { .. } | Payload::SignOffWithdrawn { .. }
        ) {
            return Err(said("error.bundle.signoff_conflict", &[]));
        }
        self.settle(me.id, &c, &heads, value)?;
        Ok(c)
    }

    /// What merging the texts of a conflict starts from: every version's text of each text field
    /// they disagree on. Refused ([`MergeError::NotText`]) when they agree on every text.
    /// A finding's, an answer's or a rating's texts are merged only while the audit can be
    /// edited (a follow-up note also on a final audit, as a follow-up is recorded then).
    pub fn merge_draft(&self, conflict: &str) -> Result<(Conflict, MergeDraft), AppError> {
        let c = self.find_conflict(conflict)?;
        let draft = MergeDraft::of(&c)?;
        let value = &c.winner.value;
        if !matches!(
            value,
            Payload::FollowUpRecorded { .. } | Payload::FollowUpVerified { .. }
        ) {
            if let Some(audit) = value.audit() {
                let a = self
                    .store
                    .audit(&audit)?
                    .ok_or_else(|| AppError::UnknownAudit(audit.to_string()))?;
                crate::domain::phase::ensure_editable(a.phase)?;
            }
        }
        Ok((c, draft))
    }

    /// Settle a text conflict with merged texts: `text` is the edited draft (see
    /// [`MergeDraft::read`]); the record takes the shown version's value with the merged texts.
    /// Only a lead or a controller may, when [`App::merge_draft`] allows. Returns the conflict
    /// and the fields merged.
    pub fn resolve_conflict_merged(
        &mut self,
        conflict: &str,
        text: &str,
    ) -> Result<(Conflict, Vec<Field>), AppError> {
        let me = self.may_settle_conflicts()?;
        let (c, draft) = self.merge_draft(conflict)?;
        let texts = draft.read(text)?;
        let value = draft.merged_value(&texts);
        let heads = self.store.register_heads(&c.register)?;
        if !heads.iter().any(|h| h.hash == c.winner.hash) {
            return Err(said("error.bundle.conflict_changed", &[("id", &c.id)]));
        }
        self.settle(me.id, &c, &heads, value)?;
        Ok((c, texts.into_iter().map(|(f, _)| f).collect()))
    }

    /// Save the event that settles `c` with `value`: every head but the shown one is closed (the
    /// shown one is the new event's base).
    fn settle(
        &mut self,
        actor: Id,
        c: &Conflict,
        heads: &[RegHead],
        value: Payload,
    ) -> Result<(), AppError> {
        let winner = c.winner.hash;
        let merged: Vec<Hash> = heads
            .iter()
            .map(|h| h.hash)
            .filter(|h| *h != winner)
            .collect();
        self.store.commit(
            actor,
            vec![Payload::ConflictResolved {
                merged,
                value: Box::new(value),
            }],
        )?;
        Ok(())
    }
}

/// Whether a findings file of `audit` carries event `e` whole; collects the NIPs the audit names.
fn pick_for_audit(
    audit: &crate::domain::model::Audit,
    e: &Event,
    nips: &mut HashSet<String>,
) -> Pick {
    let p = value_of(&e.body.payload);
    if e.body.payload.audit() == Some(audit.id) {
        match p {
            Payload::FindingRaised {
                content: FindingContent { nips: n, .. },
                ..
            }
            | Payload::FindingUpdated {
                content: FindingContent { nips: n, .. },
                ..
            } => nips.extend(n.iter().map(|x| x.as_str().to_string())),
            Payload::RatingRecommended {
                content: RatingContent { nip, .. },
                ..
            }
            | Payload::RatingUpdated {
                content: RatingContent { nip, .. },
                ..
            } => {
                nips.insert(nip.as_str().to_string());
            }
            _ => {}
        }
        return match p {
            // this store's own import records stay here
            Payload::FileImported { .. } => Pick::Stub,
            _ => Pick::Whole,
        };
    }
    match p {
        Payload::DeviceRegistered { .. } | Payload::ProfileAdded(_) => Pick::Whole,
        Payload::AgencyUpserted(a) if a.code == audit.agency => Pick::Whole,
        Payload::TemplateImported { template, .. } if template.id == audit.template_id => {
            Pick::Whole
        }
        Payload::TemplateLimits { hash, .. } | Payload::TemplateComputed { hash, .. }
            if *hash == audit.template_hash =>
        {
            Pick::Whole
        }
        Payload::EmployeeUpserted(emp) => Pick::IfNip(emp.nip.as_str().to_string()),
        _ => Pick::Stub,
    }
}

/// The value a version states (a settled conflict restates one of the competing values).
fn value_of(p: &Payload) -> &Payload {
    match p {
        Payload::ConflictResolved { value, .. } => value_of(value),
        p => p,
    }
}

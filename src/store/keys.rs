//! Key layout of the sled tree: one tag byte per kind of entry, then big-endian parts so that prefix
//! scans come out in order.

use crate::domain::Id;

use super::event::Kind;

pub const META: u8 = 0x00;
/// (device, seq / 64) → the journal offsets and hashes of those events (see `groups`)
pub const EVENT: u8 = 0x01;
/// device → last (seq, hash, at_ms)
pub const HEAD: u8 = 0x02;
/// The trail's indexes, each as groups (see `groups`): (first entry's time, device, seq) → entries
pub const EV_TIME: u8 = 0x03;
/// (audit, first entry's time, device, seq) → entries
pub const EV_AUDIT: u8 = 0x04;
/// (actor, first entry's time, device, seq) → entries
pub const EV_ACTOR: u8 = 0x05;
/// (kind, first entry's time, device, seq) → entries
pub const EV_KIND: u8 = 0x06;
/// register key → its current versions (the heads: events no later event on the register builds on)
pub const VERSION: u8 = 0x07;
pub const DEVICE: u8 = 0x08;

pub const PROFILE: u8 = 0x10;
pub const AGENCY: u8 = 0x11;
pub const EMPLOYEE: u8 = 0x12;
/// (agency code, 0, nip) → ()
pub const EMP_AGENCY: u8 = 0x13;
/// template hash → template
pub const TEMPLATE: u8 = 0x14;
/// template id → hash of its newest import
pub const TEMPLATE_LATEST: u8 = 0x15;
pub const AUDIT: u8 = 0x16;
/// (audit, item code) → response
pub const RESPONSE: u8 = 0x17;
pub const FINDING: u8 = 0x18;
/// (audit, finding) → ()
pub const FINDING_AUDIT: u8 = 0x19;
/// (nip, finding) → ()
pub const FINDING_NIP: u8 = 0x1A;
pub const RATING: u8 = 0x1B;
/// (audit, rating) → ()
pub const RATING_AUDIT: u8 = 0x1C;
/// (nip, rating) → ()
pub const RATING_NIP: u8 = 0x1D;

/// (audit or nil id, register key) → () while the register has competing versions
pub const CONFLICT: u8 = 0x1E;
/// template hash → the ranges of its number items
pub const TEMPLATE_LIMITS: u8 = 0x1F;
/// audit → its engagement (surat tugas, dasar, team, LHP letter block, …)
pub const ENGAGEMENT: u8 = 0x20;
/// template hash → the engagement defaults it gives a new audit
pub const TEMPLATE_DEFAULTS: u8 = 0x21;
/// (finding, recommendation number) → its follow-up history (apart from the finding's record, so
/// entries from another laptop count whatever order the events arrive in)
pub const FOLLOWUP: u8 = 0x22;
/// (audit, item code) → the survey (SKM) recorded for the item
pub const SURVEY: u8 = 0x23;
/// template hash → the items whose answers are computed
pub const TEMPLATE_COMPUTED: u8 = 0x24;

pub const META_APPLIED: &[u8] = b"\x00applied";
/// The layout of the state database (raised when projections change shape; an older one is rebuilt).
pub const META_LAYOUT: &[u8] = b"\x00layout";
/// The newest event time this store has seen (from any device): new events are stamped later.
pub const META_CLOCK: &[u8] = b"\x00clock";
/// Events kept but not projected because a newer Periksa wrote them: (kind, version, count).
pub const META_UNKNOWN: &[u8] = b"\x00unknown";
/// The register of nothing: events that are not projected (of a kind this build cannot read).
pub const UNREAD_REGISTER: &[u8] = b"\xF1unread";

pub struct Key(Vec<u8>);

impl Key {
    pub fn new(tag: u8) -> Key {
        Key(vec![tag])
    }
    pub fn id(mut self, id: &Id) -> Key {
        self.0.extend_from_slice(id.as_bytes());
        self
    }
    pub fn u64(mut self, n: u64) -> Key {
        self.0.extend_from_slice(&n.to_be_bytes());
        self
    }
    /// Signed time in ms, order-preserving.
    pub fn time(self, at_ms: i64) -> Key {
        self.u64((at_ms as u64) ^ (1 << 63))
    }
    pub fn byte(mut self, b: u8) -> Key {
        self.0.push(b);
        self
    }
    /// A string part followed by a 0 separator, so that "AB" sorts before "ABC…" entries.
    pub fn str(mut self, s: &str) -> Key {
        self.0.extend_from_slice(s.as_bytes());
        self.0.push(0);
        self
    }
    pub fn bytes(mut self, b: &[u8]) -> Key {
        self.0.extend_from_slice(b);
        self
    }
    pub fn build(self) -> Vec<u8> {
        self.0
    }
}

pub fn head_key(device: &Id) -> Vec<u8> {
    Key::new(HEAD).id(device).build()
}

/// Where the trail's groups of one audit start.
pub fn ev_audit_prefix(audit: &Id) -> Vec<u8> {
    Key::new(EV_AUDIT).id(audit).build()
}

/// Where the trail's groups of one actor start.
pub fn ev_actor_prefix(actor: &Id) -> Vec<u8> {
    Key::new(EV_ACTOR).id(actor).build()
}

/// Where the trail's groups of one kind of event start.
pub fn ev_kind_prefix(kind: Kind) -> Vec<u8> {
    Key::new(EV_KIND).byte(kind as u8).build()
}

pub fn version_key(record: &[u8]) -> Vec<u8> {
    Key::new(VERSION).bytes(record).build()
}

pub fn device_key(device: &Id) -> Vec<u8> {
    Key::new(DEVICE).id(device).build()
}
pub fn profile_key(id: &Id) -> Vec<u8> {
    Key::new(PROFILE).id(id).build()
}
pub fn agency_key(code: &str) -> Vec<u8> {
    Key::new(AGENCY).str(code).build()
}
pub fn employee_key(nip: &str) -> Vec<u8> {
    Key::new(EMPLOYEE).str(nip).build()
}
pub fn emp_agency_key(agency: &str, nip: &str) -> Vec<u8> {
    Key::new(EMP_AGENCY).str(agency).str(nip).build()
}
pub fn template_key(hash: &[u8; 32]) -> Vec<u8> {
    Key::new(TEMPLATE).bytes(hash).build()
}
pub fn template_limits_key(hash: &[u8; 32]) -> Vec<u8> {
    Key::new(TEMPLATE_LIMITS).bytes(hash).build()
}
pub fn template_defaults_key(hash: &[u8; 32]) -> Vec<u8> {
    Key::new(TEMPLATE_DEFAULTS).bytes(hash).build()
}
pub fn template_computed_key(hash: &[u8; 32]) -> Vec<u8> {
    Key::new(TEMPLATE_COMPUTED).bytes(hash).build()
}
pub fn survey_key(audit: &Id, item: &str) -> Vec<u8> {
    Key::new(SURVEY).id(audit).str(item).build()
}
/// Where an audit's surveys start.
pub fn survey_prefix(audit: &Id) -> Vec<u8> {
    Key::new(SURVEY).id(audit).build()
}
pub fn engagement_key(audit: &Id) -> Vec<u8> {
    Key::new(ENGAGEMENT).id(audit).build()
}
pub fn template_latest_key(id: &str) -> Vec<u8> {
    Key::new(TEMPLATE_LATEST).str(id).build()
}
pub fn audit_key(id: &Id) -> Vec<u8> {
    Key::new(AUDIT).id(id).build()
}
pub fn response_key(audit: &Id, item: &str) -> Vec<u8> {
    Key::new(RESPONSE).id(audit).str(item).build()
}
pub fn finding_key(id: &Id) -> Vec<u8> {
    Key::new(FINDING).id(id).build()
}
pub fn followup_key(finding: &Id, recommendation: u16) -> Vec<u8> {
    Key::new(FOLLOWUP)
        .id(finding)
        .bytes(&recommendation.to_be_bytes())
        .build()
}
pub fn finding_audit_key(audit: &Id, id: &Id) -> Vec<u8> {
    Key::new(FINDING_AUDIT).id(audit).id(id).build()
}
pub fn finding_nip_key(nip: &str, id: &Id) -> Vec<u8> {
    Key::new(FINDING_NIP).str(nip).id(id).build()
}
pub fn rating_key(id: &Id) -> Vec<u8> {
    Key::new(RATING).id(id).build()
}
pub fn rating_audit_key(audit: &Id, id: &Id) -> Vec<u8> {
    Key::new(RATING_AUDIT).id(audit).id(id).build()
}
pub fn rating_nip_key(nip: &str, id: &Id) -> Vec<u8> {
    Key::new(RATING_NIP).str(nip).id(id).build()
}

pub fn conflict_key(audit: Option<&Id>, register: &[u8]) -> Vec<u8> {
    Key::new(CONFLICT)
        .id(&audit.copied().unwrap_or_default())
        .bytes(register)
        .build()
}
pub fn conflict_prefix(audit: Option<&Id>) -> Vec<u8> {
    match audit {
        Some(a) => Key::new(CONFLICT).id(a).build(),
        None => Key::new(CONFLICT).build(),
    }
}

/// The trailing 16-byte id of an index key.
pub fn trailing_id(key: &[u8]) -> Option<Id> {
    let start = key.len().checked_sub(16)?;
    let bytes: [u8; 16] = key[start..].try_into().ok()?;
    Some(Id::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_keys_sort_in_time_order_across_the_epoch() {
        use super::super::groups::{group_key, EventPos};
        let d = Id::from_u128(1);
        let at = |at_ms| {
            group_key(
                &[EV_TIME],
                &EventPos {
                    at_ms,
                    device: d,
                    seq: 1,
                },
            )
        };
        let mut keys = [at(5), at(-5), at(0), at(i64::MAX)];
        keys.sort();
        assert_eq!(keys[0], at(-5));
        assert_eq!(keys[3], at(i64::MAX));
    }

    #[test]
    fn string_parts_do_not_bleed_into_each_other() {
        // "DINKES" employees must not show up in a prefix scan for "DIN"
        let a = emp_agency_key("DIN", "1");
        let b = emp_agency_key("DINKES", "1");
        let prefix = Key::new(EMP_AGENCY).str("DIN").build();
        assert!(a.starts_with(&prefix));
        assert!(!b.starts_with(&prefix));
    }
}

//! Tindak lanjut hasil pemeriksaan (TLHP): a recommendation's follow-up history — what the auditee did and the inspectorate's verification of it — the status and due date that follow from it, and the semester recap an inspectorate sends up.
//!
//! The status rule (Peraturan BPK 2/2017 Pasal 6(4) and 7; DOMAIN.md §6): a recommendation nobody
//! has acted on is 3 (belum ditindaklanjuti); an action reported but not yet verified is 2 (belum
//! sesuai, dalam proses); a verification sets the status it names — Diterima with 1 (sesuai) or 4
//! (tidak dapat ditindaklanjuti dengan alasan sah), Ditolak always 2 — and the latest verification
//! counts, whatever order the verifications arrive in (from two laptops, say).

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::followup::FollowUpStatus;
use super::money::Rupiah;
use super::Id;

/// What the auditee did, as reported to the inspectorate and recorded by an auditor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Fixed when it is recorded: two laptops recording entries keep both.
    pub id: Id,
    /// When the auditee acted (or reported it).
    pub date: NaiveDate,
    pub action: String,
    /// Evidence references (file names, letter numbers).
    pub evidence: Vec<String>,
    /// Money returned or deposited with this action.
    pub returned: Option<Rupiah>,
    /// Who recorded it, and when.
    pub by: Id,
    pub at: DateTime<Utc>,
}

/// The inspectorate's verdict, as the status it gives the recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Diterima: 1 (sesuai) or 4 (tidak dapat ditindaklanjuti dengan alasan sah).
    Accepted,
    /// Ditolak: 2 (belum sesuai), with a reason.
    Rejected,
    /// A status set without an entry to judge (3, or a status recorded before entries existed).
    Set,
}

/// A verification: of one entry (`entry`), or of the recommendation as a whole (none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub entry: Option<Id>,
    /// The day of the verification.
    pub date: NaiveDate,
    pub status: FollowUpStatus,
    /// Why (required when an entry is rejected).
    pub reason: String,
    pub by: Id,
    pub at: DateTime<Utc>,
}

impl Verification {
    pub fn verdict(&self) -> Verdict {
        match (self.entry, self.status) {
            (None, _) => Verdict::Set,
            (Some(_), FollowUpStatus::BelumSesuai | FollowUpStatus::BelumDitindaklanjuti) => {
                Verdict::Rejected
            }
            (Some(_), _) => Verdict::Accepted,
        }
    }
}

/// A recommendation's follow-up so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// In the order they were recorded here; shown by date.
    pub entries: Vec<Entry>,
    pub verifications: Vec<Verification>,
    /// A due date set while following the recommendation up (with a status), over the one the
    /// finding gives it.
    pub due: Option<NaiveDate>,
}

impl History {
    /// The latest verification: by its date, then when it was recorded.
    pub fn latest(&self) -> Option<&Verification> {
        self.verifications.iter().max_by_key(|v| (v.date, v.at))
    }

    /// The status the history gives (see the module's rule).
    pub fn status(&self) -> FollowUpStatus {
        match self.latest() {
            Some(v) => v.status,
            None if self.entries.is_empty() => FollowUpStatus::BelumDitindaklanjuti,
            None => FollowUpStatus::BelumSesuai,
        }
    }

    /// The entries no verification has looked at yet, oldest first.
    pub fn unverified(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().filter(|e| self.waits(e)).collect();
        v.sort_by_key(|e| (e.date, e.at));
        v
    }

    /// How many entries wait for the inspectorate's verification (as [`History::unverified`],
    /// without listing them).
    pub fn unverified_count(&self) -> usize {
        self.entries.iter().filter(|e| self.waits(e)).count()
    }

    /// Whether an entry waits for verification: no verification names it.
    fn waits(&self, e: &Entry) -> bool {
        !self.verifications.iter().any(|v| v.entry == Some(e.id))
    }

    /// The entries by date (then when they were recorded): the order they are numbered in.
    pub fn entries_by_date(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().collect();
        v.sort_by_key(|e| (e.date, e.at, e.id));
        v
    }

    /// The verifications of one entry (several when laptops disagreed and it was settled).
    pub fn verification_of(&self, entry: Id) -> Option<&Verification> {
        self.verifications
            .iter()
            .filter(|v| v.entry == Some(entry))
            .max_by_key(|v| (v.date, v.at))
    }

    /// Money returned or deposited, over the entries the inspectorate accepted.
    pub fn returned(&self) -> Rupiah {
        self.entries
            .iter()
            .filter(|e| {
                self.verification_of(e.id)
                    .is_some_and(|v| v.verdict() == Verdict::Accepted)
            })
            .filter_map(|e| e.returned)
            .fold(Rupiah::ZERO, Rupiah::plus)
    }

    /// Put an entry in (a later version of the same entry replaces it). Entries are kept by
    /// date, then when they were recorded, then id: the same set in the same order on every
    /// laptop, whatever order they arrived in.
    pub fn put_entry(&mut self, e: Entry) {
        self.entries.retain(|x| x.id != e.id);
        let key = |x: &Entry| (x.date, x.at, x.id);
        let at = self.entries.partition_point(|x| key(x) < key(&e));
        self.entries.insert(at, e);
    }

    /// Put a verification in: it replaces the one of the same entry (or the whole-recommendation
    /// one), as the register it comes from holds one value. Kept in the order of the entries'
    /// ids (the whole-recommendation one first), the same on every laptop.
    pub fn put_verification(&mut self, v: Verification) {
        self.verifications.retain(|x| x.entry != v.entry);
        let at = self.verifications.partition_point(|x| x.entry < v.entry);
        self.verifications.insert(at, v);
    }
}

/// Whether a status still needs the auditee to act (2 and 3); 1 and 4 are closed.
pub fn is_open(status: FollowUpStatus) -> bool {
    matches!(
        status,
        FollowUpStatus::BelumSesuai | FollowUpStatus::BelumDitindaklanjuti
    )
}

/// The due date: the LHP's date (else the day the audit became final) plus the deadline's days.
pub fn due_date(from: NaiveDate, days: u32) -> Option<NaiveDate> {
    from.checked_add_days(Days::new(u64::from(days)))
}

/// Days past the due date on `today` for an open recommendation (none when not overdue).
pub fn days_overdue(due: NaiveDate, status: FollowUpStatus, today: NaiveDate) -> Option<i64> {
    let late = (today - due).num_days();
    (is_open(status) && late > 0).then_some(late)
}

/// A half year: `2026-S1` (January–June) or `2026-S2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semester {
    pub year: i32,
    /// 1 or 2.
    pub half: u8,
}

impl Semester {
    pub fn of(d: NaiveDate) -> Semester {
        Semester {
            year: d.year(),
            half: if d.month() <= 6 { 1 } else { 2 },
        }
    }
}

/// One recommendation as the recap counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapRow {
    /// The finding it belongs to (findings are counted once each).
    pub finding: Id,
    pub status: FollowUpStatus,
    pub value: Option<Rupiah>,
    pub returned: Rupiah,
}

/// The semester recap of one agency (or of all): findings, recommendations, money, and how many
/// recommendations are in each status, with their shares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recap {
    pub findings: usize,
    pub recommendations: usize,
    pub value: Rupiah,
    pub returned: Rupiah,
    /// Recommendations in status 1, 2, 3, 4.
    pub by_status: [usize; 4],
}

impl Recap {
    pub fn of(rows: &[RecapRow]) -> Recap {
        let mut findings: Vec<Id> = rows.iter().map(|r| r.finding).collect();
        findings.sort_unstable();
        findings.dedup();
        let mut recap = Recap {
            findings: findings.len(),
            ..Recap::default()
        };
        for r in rows {
            recap.add(r.status, r.value, r.returned);
        }
        recap
    }

    /// Count one more recommendation (its finding is counted by the caller, once per finding).
    pub fn add(&mut self, status: FollowUpStatus, value: Option<Rupiah>, returned: Rupiah) {
        self.recommendations += 1;
        self.by_status[usize::from(status.number().saturating_sub(1)).min(3)] += 1;
        if let Some(v) = value {
            self.value = self.value.plus(v);
        }
        self.returned = self.returned.plus(returned);
    }

    /// The share of recommendations in status `n` (1–4), in percent; none without any.
    pub fn percent(&self, n: u8) -> Option<f64> {
        let i = usize::from(n.checked_sub(1)?);
        let count = *self.by_status.get(i)?;
        (self.recommendations > 0).then(|| count as f64 * 100.0 / self.recommendations as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FollowUpStatus as S;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(day: u32) -> DateTime<Utc> {
        d(2026, 12, day).and_hms_opt(9, 0, 0).unwrap().and_utc()
    }

    fn entry(n: u128, day: u32, returned: Option<i64>) -> Entry {
        Entry {
            id: Id::from_u128(n),
            date: d(2026, 12, day),
            action: "Maklumat baru ditetapkan".into(),
            evidence: vec!["sk-maklumat.pdf".into()],
            returned: returned.map(Rupiah::from_rupiah),
            by: Id::from_u128(99),
            at: at(day),
        }
    }

    fn verify(entry: Option<u128>, day: u32, status: S, reason: &str) -> Verification {
        Verification {
            entry: entry.map(Id::from_u128),
            date: d(2026, 12, day),
            status,
            reason: reason.into(),
            by: Id::from_u128(98),
            at: at(day),
        }
    }

    #[test]
    fn the_status_follows_the_history() {
        let mut h = History::default();
        assert_eq!(h.status(), S::BelumDitindaklanjuti, "nobody acted");
        h.put_entry(entry(1, 1, None));
        assert_eq!(
            h.status(),
            S::BelumSesuai,
            "reported, not verified: dalam proses"
        );
        assert_eq!(h.unverified().len(), 1);
        assert_eq!(h.unverified_count(), 1);
        let rejected = verify(Some(1), 3, S::BelumSesuai, "SK belum ditandatangani");
        assert_eq!(rejected.verdict(), Verdict::Rejected);
        h.put_verification(rejected);
        assert_eq!(h.status(), S::BelumSesuai);
        h.put_entry(entry(2, 10, None));
        h.put_verification(verify(Some(2), 12, S::Sesuai, ""));
        assert_eq!(h.status(), S::Sesuai, "the latest verification counts");
        assert!(h.unverified().is_empty());
        // verifications arrive in any order from two laptops: the latest by date still counts
        h.verifications.reverse();
        assert_eq!(h.status(), S::Sesuai);
        // a settled conflict replaces the verification of the same entry, it does not add one
        h.put_verification(verify(Some(2), 12, S::TidakDapat, "OPD dilebur"));
        assert_eq!(h.verifications.len(), 2);
        assert_eq!(h.status(), S::TidakDapat);
    }

    #[test]
    fn a_status_set_without_an_entry_counts_as_a_verification() {
        let mut h = History::default();
        let set = verify(None, 2, S::BelumDitindaklanjuti, "belum ada tanggapan");
        assert_eq!(set.verdict(), Verdict::Set);
        h.put_verification(set);
        h.put_entry(entry(1, 5, None));
        assert_eq!(
            h.status(),
            S::BelumDitindaklanjuti,
            "a verification decides until the next one"
        );
        h.put_verification(verify(Some(1), 6, S::Sesuai, ""));
        assert_eq!(h.status(), S::Sesuai);
    }

    #[test]
    fn only_accepted_returns_count_and_entries_number_by_date() {
        let mut h = History::default();
        h.put_entry(entry(2, 5, Some(750_000)));
        h.put_entry(entry(1, 1, Some(500_000)));
        h.put_verification(verify(Some(1), 6, S::BelumSesuai, "bukti setor tidak sah"));
        h.put_verification(verify(Some(2), 7, S::Sesuai, ""));
        assert_eq!(h.returned(), Rupiah::from_rupiah(750_000));
        let ids: Vec<Id> = h.entries_by_date().iter().map(|e| e.id).collect();
        assert_eq!(ids, [Id::from_u128(1), Id::from_u128(2)]);
    }

    #[test]
    fn due_dates_and_days_overdue() {
        let due = due_date(d(2026, 12, 15), 60).unwrap();
        assert_eq!(due, d(2027, 2, 13));
        assert_eq!(
            days_overdue(due, S::BelumDitindaklanjuti, d(2027, 3, 1)),
            Some(16)
        );
        assert_eq!(days_overdue(due, S::Sesuai, d(2027, 3, 1)), None, "closed");
        assert_eq!(days_overdue(due, S::BelumSesuai, due), None, "due today");
        assert_eq!(
            Semester::of(d(2026, 6, 30)),
            Semester {
                year: 2026,
                half: 1
            }
        );
        assert_eq!(
            Semester::of(d(2026, 7, 1)),
            Semester {
                year: 2026,
                half: 2
            }
        );
    }

    #[test]
    fn the_recap_counts_findings_once_and_adds_up() {
        let row = |f: u128, status, value: Option<i64>, returned: i64| RecapRow {
            finding: Id::from_u128(f),
            status,
            value: value.map(Rupiah::from_rupiah),
            returned: Rupiah::from_rupiah(returned),
        };
        let r = Recap::of(&[
            row(1, S::Sesuai, Some(10_000_000), 10_000_000),
            row(1, S::BelumSesuai, None, 0),
            row(2, S::BelumDitindaklanjuti, Some(2_500_000), 500_000),
            row(3, S::TidakDapat, None, 0),
        ]);
        assert_eq!(r.findings, 3);
        assert_eq!(r.recommendations, 4);
        assert_eq!(r.by_status, [1, 1, 1, 1]);
        assert_eq!(r.value, Rupiah::from_rupiah(12_500_000));
        assert_eq!(r.returned, Rupiah::from_rupiah(10_500_000));
        assert_eq!(r.percent(1), Some(25.0));
        assert_eq!(r.percent(5), None);
        assert_eq!(Recap::of(&[]).percent(1), None);
    }
}

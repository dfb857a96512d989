//! Values of the layers below said as sentences in the user's language: store notices, verification problems, NIP warnings, completeness gaps and predikat-distribution violations.
//!
//! The domain and the store give codes and values; the terminal UI and the command line both
//! say them through these functions, so one wording serves both.

use crate::domain::check::Gap;
use crate::domain::nip::{Nip, NipFlag, NipInfo};
use crate::domain::rating::{Bound, Predikat, Violation};
use crate::store::verify::{ChainFault, VerifyProblem};
use crate::store::Notice;
use crate::text::{Lang, Strings};

/// A notice the store gave on opening (a crash's unfinished save cut off, saves re-applied, the
/// state rebuilt).
pub fn notice_message(n: &Notice, t: &Strings) -> String {
    match n {
        Notice::TornTailTrimmed { at, bytes, reason } => t.f(
            "notice.torn_tail",
            &[
                ("bytes", &t.count(*bytes)),
                ("at", &t.count(*at)),
                ("reason", reason),
            ],
        ),
        Notice::Reapplied { saves } => {
            t.f("notice.reapplied", &[("saves", &t.count(*saves as u64))])
        }
        Notice::StateRebuilt { reason, set_aside } => match set_aside {
            Some(p) => t.f(
                "notice.rebuilt_set_aside",
                &[("reason", reason), ("path", &p.display())],
            ),
            None => t.f("notice.rebuilt", &[("reason", reason)]),
        },
    }
}

/// What verification found wrong with the journal, the chains or the state.
pub fn verify_problem_message(p: &VerifyProblem, t: &Strings) -> String {
    use VerifyProblem as P;
    let after = |last: &Option<(crate::domain::Id, u64)>| match last {
        Some((device, seq)) => t.f("verify.after", &[("device", device), ("seq", seq)]),
        None => t.t("verify.after_none").to_string(),
    };
    match p {
        P::Undecodable {
            offset,
            reason,
            last_good,
        } => t.f(
            "verify.undecodable",
            &[
                ("offset", offset),
                ("reason", reason),
                ("after", &after(last_good)),
            ],
        ),
        P::Chain {
            device,
            seq,
            offset,
            fault,
        } => t.f(
            "verify.chain",
            &[
                ("device", device),
                ("seq", seq),
                ("offset", offset),
                ("fault", &chain_fault(fault, t)),
            ],
        ),
        P::Torn { valid_end, reason } => {
            t.f("verify.torn", &[("offset", valid_end), ("reason", reason)])
        }
        P::Damaged {
            offset,
            reason,
            last_good,
        } => t.f(
            "verify.damaged",
            &[
                ("offset", offset),
                ("reason", reason),
                ("after", &after(last_good)),
            ],
        ),
        P::IndexElsewhere { device, seq } => t.f(
            "verify.index_elsewhere",
            &[("device", device), ("seq", seq)],
        ),
        P::IndexMissing { device, seq } => {
            t.f("verify.index_missing", &[("device", device), ("seq", seq)])
        }
        P::IndexUnreadable(reason) => t.f("verify.index_unreadable", &[("reason", reason)]),
        P::OwnDeviceMissing { device } => t.f("verify.own_device_missing", &[("device", device)]),
        P::HeadMismatch { device, seq } => {
            t.f("verify.head_mismatch", &[("device", device), ("seq", seq)])
        }
        P::Projections { live, fresh, first } => {
            let first = match first {
                Some(key) => key.clone(),
                None => t.t("verify.extra_entries").to_string(),
            };
            t.f(
                "verify.projections",
                &[("live", live), ("fresh", fresh), ("first", &first)],
            )
        }
    }
}

/// Why one event breaks its device's chain.
fn chain_fault(f: &ChainFault, t: &Strings) -> String {
    match f {
        ChainFault::StubMismatch => t.t("verify.fault.stub_mismatch").to_string(),
        ChainFault::Duplicate => t.t("verify.fault.duplicate").to_string(),
        ChainFault::Altered => t.t("verify.fault.altered").to_string(),
        ChainFault::Seq { expected, found } => t.f(
            "verify.fault.seq",
            &[("expected", expected), ("found", found)],
        ),
        ChainFault::Link { links_to, previous } => t.f(
            "verify.fault.link",
            &[
                ("links_to", &crate::store::event::short_hash(links_to)),
                ("previous", &crate::store::event::short_hash(previous)),
            ],
        ),
        ChainFault::NoRegistration => t.t("verify.fault.no_registration").to_string(),
        ChainFault::ForeignKey => t.t("verify.fault.foreign_key").to_string(),
    }
}

/// The tag of a NIP flag, for lists and tables.
pub fn nip_flag_label(flag: NipFlag, t: &Strings) -> &str {
    t.t(match flag {
        NipFlag::PppkStyle => "nip_flag.pppk_style_label",
        NipFlag::YoungAtTmt => "nip_flag.young_at_tmt_label",
        NipFlag::ZeroSequence => "nip_flag.zero_sequence_label",
    })
}

/// What a NIP flag means and what to check.
pub fn nip_flag_description(flag: NipFlag, t: &Strings) -> &str {
    t.t(match flag {
        NipFlag::PppkStyle => "nip_flag.pppk_style",
        NipFlag::YoungAtTmt => "nip_flag.young_at_tmt",
        NipFlag::ZeroSequence => "nip_flag.zero_sequence",
    })
}

/// One flag's warning: the NIP, the flag's tag and what to check.
pub fn nip_flag_warning(info: &NipInfo, flag: NipFlag, t: &Strings) -> String {
    format!(
        "{} ({}): {}",
        info.nip,
        nip_flag_label(flag, t),
        nip_flag_description(flag, t)
    )
}

/// What looks odd about a NIP that stands alone (a profile's), one sentence per flag; nothing for
/// a NIP that does not parse (the command taking it refuses it with the reason).
pub fn nip_warnings_in(nip: &str, t: &Strings) -> Vec<String> {
    Nip::parse(nip, super::today())
        .map(|info| {
            info.flags
                .iter()
                .map(|f| nip_flag_warning(&info, *f, t))
                .collect()
        })
        .unwrap_or_default()
}

/// A gap the completeness check found, in one line.
pub fn gap_line_in(g: &Gap, t: &Strings) -> String {
    let range = |min: &Option<f64>, max: &Option<f64>| match (min, max) {
        (Some(lo), Some(hi)) => format!("{}–{}", t.number(*lo), t.number(*hi)),
        (Some(lo), None) => format!("≥ {}", t.number(*lo)),
        (None, Some(hi)) => format!("≤ {}", t.number(*hi)),
        (None, None) => "—".into(),
    };
    match g {
        Gap::Unanswered { item } => t.f("check.unanswered", &[("item", item)]),
        Gap::EvidenceMissing { item } => t.f("check.evidence_missing", &[("item", item)]),
        Gap::OutOfRange {
            item,
            value,
            min,
            max,
        } => t.f(
            "check.out_of_range",
            &[
                ("item", item),
                ("value", &t.number(*value)),
                ("range", &range(min, max)),
            ],
        ),
        Gap::FindingWithoutAsn { finding, title } => t.f(
            "check.finding_without_asn",
            &[("id", finding), ("title", title)],
        ),
        Gap::FindingWithoutDue { finding, title } => t.f(
            "check.finding_without_due",
            &[("id", finding), ("title", title)],
        ),
        Gap::OpenConflict { conflict, about } => {
            t.f("check.open_conflict", &[("id", conflict), ("about", about)])
        }
        Gap::StaleSignOff { role } => {
            let role = match t.lang {
                Lang::Id => role.label_id(),
                Lang::En => role.label_en(),
            };
            t.f("check.stale_signoff", &[("role", &role)])
        }
        Gap::EngagementIncomplete { part } => {
            use crate::domain::engagement::Part;
            let key = match part {
                Part::Assignment => "engagement.form.assignment_number",
                Part::Basis => "engagement.basis",
                Part::Objective => "engagement.objective",
                Part::Scope => "engagement.scope",
                Part::Methods => "engagement.methods",
                Part::Responsible => "engagement.responsible",
                Part::Conclusion => "engagement.conclusion",
            };
            t.f("check.engagement_incomplete", &[("part", &t.t(key))])
        }
    }
}

/// The rule a predikat distribution breaks and what was found: `at most 70% may be Sangat Baik;
/// found 1 of 1 (100%)`.
pub fn violation_message(v: &Violation, t: &Strings) -> String {
    let names = v
        .predikat
        .iter()
        .map(|p: &Predikat| p.label_id())
        .collect::<Vec<_>>()
        .join(t.t("roster.and_or"));
    let rule = match v.bound {
        Bound::MinPercent(n) => t.f("roster.min_percent", &[("n", &n), ("p", &names)]),
        Bound::MaxPercent(n) => t.f("roster.max_percent", &[("n", &n), ("p", &names)]),
        Bound::MinCount(n) => t.f("roster.min_count", &[("n", &n), ("p", &names)]),
        Bound::MaxCount(0) => t.f("roster.none_may", &[("p", &names)]),
        Bound::MaxCount(n) => t.f("roster.max_count", &[("n", &n), ("p", &names)]),
    };
    t.f(
        "roster.violation",
        &[
            ("rule", &rule),
            ("found", &v.found),
            ("total", &v.total),
            ("pct", &t.percent(v.found_percent())),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_in_each_language() {
        let n = Notice::Reapplied { saves: 1200 };
        assert_eq!(
            notice_message(&n, Strings::of(Lang::Id)),
            "1.200 simpanan dari jurnal yang belum tercatat di state diterapkan ulang"
        );
        assert_eq!(
            notice_message(&n, Strings::of(Lang::En)),
            "re-applied 1,200 save(s) from the journal that the state had not yet recorded"
        );
    }

    #[test]
    fn a_nip_warning_in_each_language() {
        // sequence 000: worth a look, not an error
        let id = nip_warnings_in("19800512 200501 2 000", Strings::of(Lang::Id));
        let en = nip_warnings_in("19800512 200501 2 000", Strings::of(Lang::En));
        assert_eq!(id.len(), 1, "{id:?}");
        assert!(id[0].contains("nomor urut"), "{id:?}");
        assert!(en[0].contains("sequence number"), "{en:?}");
        assert!(nip_warnings_in("not a nip", Strings::of(Lang::Id)).is_empty());
    }

    #[test]
    fn a_gap_with_its_numbers_the_languages_way() {
        let g = Gap::OutOfRange {
            item: "SKM-04".into(),
            value: 4.5,
            min: Some(1.0),
            max: Some(4.0),
        };
        let id = gap_line_in(&g, Strings::of(Lang::Id));
        let en = gap_line_in(&g, Strings::of(Lang::En));
        assert!(id.contains("4,5") && id.contains("1–4"), "{id}");
        assert!(en.contains("4.5") && en.contains("1–4"), "{en}");
    }

    #[test]
    fn a_verify_problem_in_each_language() {
        let device = crate::domain::Id::nil();
        let p = VerifyProblem::Chain {
            device,
            seq: 7,
            offset: 12_345,
            fault: ChainFault::Seq {
                expected: 7,
                found: 9,
            },
        };
        let en = verify_problem_message(&p, Strings::of(Lang::En));
        assert_eq!(
            en,
            format!("device {device} event 7 (journal byte 12345): expected seq 7, found 9")
        );
        assert_eq!(
            verify_problem_message(&p, Strings::of(Lang::Id)),
            format!(
                "perangkat {device} peristiwa 7 (bita jurnal 12345): seharusnya seq 7, ditemukan 9"
            )
        );
        // every kind is said in both languages, and differently
        let every = [
            VerifyProblem::Undecodable {
                offset: 1,
                reason: "x".into(),
                last_good: Some((device, 2)),
            },
            VerifyProblem::Torn {
                valid_end: 1,
                reason: "x".into(),
            },
            VerifyProblem::Damaged {
                offset: 1,
                reason: "x".into(),
                last_good: None,
            },
            VerifyProblem::IndexElsewhere { device, seq: 1 },
            VerifyProblem::IndexMissing { device, seq: 1 },
            VerifyProblem::IndexUnreadable("x".into()),
            VerifyProblem::OwnDeviceMissing { device },
            VerifyProblem::HeadMismatch { device, seq: 1 },
            VerifyProblem::Projections {
                live: 1,
                fresh: 2,
                first: None,
            },
        ]
        .into_iter()
        .chain(
            [
                ChainFault::StubMismatch,
                ChainFault::Duplicate,
                ChainFault::Altered,
                ChainFault::Link {
                    links_to: [1; 32],
                    previous: [2; 32],
                },
                ChainFault::NoRegistration,
                ChainFault::ForeignKey,
            ]
            .map(|fault| VerifyProblem::Chain {
                device,
                seq: 1,
                offset: 1,
                fault,
            }),
        );
        for p in every {
            let (id, en) = (
                verify_problem_message(&p, Strings::of(Lang::Id)),
                verify_problem_message(&p, Strings::of(Lang::En)),
            );
            assert_eq!(en, p.to_string(), "the English is the problem's own text");
            assert_ne!(id, en, "{en}");
            assert!(!id.contains("verify."), "{id}");
        }
    }
}

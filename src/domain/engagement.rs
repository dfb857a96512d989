//! The engagement (penugasan): what an LHP states about an audit beyond its checklist — the surat tugas, dasar, tujuan, ruang lingkup and batasan, metodologi, the planned and actual days, gambaran umum, simpulan, the team in its formal roles and the LHP's own letter block — and the rules a complete one keeps.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::nip::Nip;
use super::rating::{display_code, word_enum};

/// The roles of an audit team as a surat tugas names them. Every role but anggota tim is held by
/// one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TeamRole {
    /// penanggung jawab (usually the Inspektur, who signs the LHP)
    Responsible,
    /// pengendali mutu
    Quality,
    /// pengendali teknis
    Technical,
    /// ketua tim
    Lead,
    /// anggota tim
    Member,
}

word_enum! {
    TeamRole, 5, EngagementError, EngagementError::UnknownRole;
    Responsible => "responsible", "Penanggung Jawab", "Person in charge",
        ["pj", "penanggungjawab", "inspektur"];
    Quality => "quality", "Pengendali Mutu", "Quality controller", ["pm", "daltu"];
    Technical => "technical", "Pengendali Teknis", "Technical controller", ["pt", "dalnis"];
    Lead => "lead", "Ketua Tim", "Team lead", ["kt", "ketua"];
    Member => "member", "Anggota Tim", "Team member", ["at", "anggota"];
}

display_code!(TeamRole: EngagementError);

impl TeamRole {
    /// Whether more than one person may hold the role.
    pub fn is_shared(self) -> bool {
        self == TeamRole::Member
    }
}

/// One person of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub role: TeamRole,
    pub name: String,
    pub nip: Option<Nip>,
    /// Pangkat/golongan, e.g. `Pembina (IV/a)`.
    pub rank: String,
}

/// A letter's number and date (the surat tugas).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub number: String,
    pub date: Option<NaiveDate>,
}

/// When the audit work is (or was) done: first and last day, and the number of audit days (hari
/// pemeriksaan), which may be fewer than the days between them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub days: Option<u32>,
}

impl Schedule {
    pub fn is_empty(&self) -> bool {
        *self == Schedule::default()
    }

    /// The audit days: as given, or else the working days (Monday to Friday) from start to end.
    pub fn audit_days(&self) -> Option<u32> {
        self.days.or_else(|| match (self.start, self.end) {
            (Some(s), Some(e)) if e >= s => Some(working_days(s, e)),
            _ => None,
        })
    }
}

/// Monday-to-Friday days from `start` to `end`, both included.
pub fn working_days(start: NaiveDate, end: NaiveDate) -> u32 {
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .count() as u32
}

/// The LHP's letter block: nomor, tanggal, sifat, lampiran, hal and the addressee.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLetter {
    pub number: String,
    pub date: Option<NaiveDate>,
    /// Sifat, e.g. `Rahasia`.
    pub nature: String,
    /// Lampiran, e.g. `1 (satu) berkas`.
    pub attachment: String,
    /// Hal (the subject line).
    pub subject: String,
    /// Kepada Yth.: the addressee, one line per line (`Bupati Sukamaju` / `di Sukamaju`).
    pub addressee: String,
}

/// Everything an LHP states about the engagement. An audit without one has the default (empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    pub assignment: Letter,
    /// Dasar pemeriksaan: one regulation or instruction per entry.
    pub basis: Vec<String>,
    pub objective: String,
    pub scope: String,
    /// Batasan (limitations of the scope).
    pub limitations: String,
    /// Metodologi: the techniques used (uji petik, wawancara, observasi, …).
    pub methods: Vec<String>,
    pub planned: Schedule,
    pub actual: Schedule,
    /// Gambaran umum auditan.
    pub overview: String,
    pub conclusion: String,
    pub team: Vec<TeamMember>,
    pub report: ReportLetter,
}

/// The parts of an engagement a checklist template may give as defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementDefaults {
    pub basis: Vec<String>,
    pub objective: String,
    pub scope: String,
    pub methods: Vec<String>,
}

impl EngagementDefaults {
    pub fn is_empty(&self) -> bool {
        *self == EngagementDefaults::default()
    }

    /// An engagement that starts from these defaults.
    pub fn engagement(&self) -> Engagement {
        Engagement {
            basis: self.basis.clone(),
            objective: self.objective.clone(),
            scope: self.scope.clone(),
            methods: self.methods.clone(),
            ..Engagement::default()
        }
    }
}

/// A part an LHP cannot go out without, that an engagement may still lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The surat tugas's number.
    Assignment,
    Basis,
    Objective,
    Scope,
    Methods,
    /// The penanggung jawab, who signs the LHP.
    Responsible,
    Conclusion,
}

impl Part {
    /// The key of `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Part::Assignment => "surat_tugas",
            Part::Basis => "dasar",
            Part::Objective => "tujuan",
            Part::Scope => "ruang_lingkup",
            Part::Methods => "metodologi",
            Part::Responsible => "penanggung_jawab",
            Part::Conclusion => "simpulan",
        }
    }
}

/// The techniques most audits name, as metodologi suggestions (any other may be typed).
pub const METHODS: [&str; 5] = [
    "uji petik",
    "wawancara",
    "observasi",
    "reviu dokumen",
    "konfirmasi",
];

/// Why an engagement is refused.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum EngagementError {
    #[error("unknown team role {0:?}: use penanggung-jawab|pengendali-mutu|pengendali-teknis|ketua-tim|anggota-tim (pj|pm|pt|kt|at)")]
    UnknownRole(String),
    #[error("{role} is held by one person: {first} and {second} are both named")]
    RoleTaken {
        role: TeamRole,
        first: String,
        second: String,
    },
    #[error("{name} is named twice in the team (NIP {nip})")]
    TwiceInTeam { name: String, nip: String },
    #[error("a team member needs a name")]
    NamelessMember,
    #[error("the {which} period ends ({end}) before it starts ({start})")]
    EndsBeforeStart {
        which: Which,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("the {which} period has {days} audit days, more than the {span} days from its start to its end")]
    TooManyDays { which: Which, days: u32, span: u32 },
    #[error("the {which} period has no audit days: give at least 1")]
    NoDays { which: Which },
}

/// Which of the two schedules a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Planned,
    Actual,
}

impl std::fmt::Display for Which {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Which::Planned => "planned",
            Which::Actual => "actual",
        })
    }
}

/// A text as stored: trimmed, each line without trailing spaces.
fn tidy(s: &str) -> String {
    s.trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A list as stored: each entry tidied, blank and repeated ones dropped.
fn tidy_list(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list.iter().map(|s| tidy(s)).filter(|s| !s.is_empty()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

impl Schedule {
    fn check(self, which: Which) -> Result<Schedule, EngagementError> {
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end < start {
                return Err(EngagementError::EndsBeforeStart { which, start, end });
            }
            let span = (end - start).num_days() as u32 + 1;
            if let Some(days) = self.days.filter(|d| *d > span) {
                return Err(EngagementError::TooManyDays { which, days, span });
            }
        }
        if self.days == Some(0) {
            return Err(EngagementError::NoDays { which });
        }
        Ok(self)
    }
}

impl Engagement {
    pub fn is_empty(&self) -> bool {
        *self == Engagement::default()
    }

    /// The engagement as stored, or why it cannot be: texts tidied, lists without blanks or
    /// repeats, the team in role order (as typed within a role), each schedule ending after it
    /// starts with no more audit days than it spans, one person per role but anggota tim and
    /// nobody twice.
    pub fn checked(self) -> Result<Engagement, EngagementError> {
        let mut team = Vec::with_capacity(self.team.len());
        for m in self.team {
            let m = TeamMember {
                role: m.role,
                name: tidy(&m.name),
                nip: m.nip,
                rank: tidy(&m.rank),
            };
            if m.name.is_empty() {
                return Err(EngagementError::NamelessMember);
            }
            team.push(m);
        }
        team.sort_by_key(|m| m.role);
        for (i, m) in team.iter().enumerate() {
            for earlier in &team[..i] {
                if let (Some(a), Some(b)) = (&earlier.nip, &m.nip) {
                    if a == b {
                        return Err(EngagementError::TwiceInTeam {
                            name: m.name.clone(),
                            nip: a.grouped(),
                        });
                    }
                }
                if earlier.role == m.role && !m.role.is_shared() {
                    return Err(EngagementError::RoleTaken {
                        role: m.role,
                        first: earlier.name.clone(),
                        second: m.name.clone(),
                    });
                }
            }
        }
        Ok(Engagement {
            assignment: Letter {
                number: tidy(&self.assignment.number),
                date: self.assignment.date,
            },
            basis: tidy_list(&self.basis),
            objective: tidy(&self.objective),
            scope: tidy(&self.scope),
            limitations: tidy(&self.limitations),
            methods: tidy_list(&self.methods),
            planned: self.planned.check(Which::Planned)?,
            actual: self.actual.check(Which::Actual)?,
            overview: tidy(&self.overview),
            conclusion: tidy(&self.conclusion),
            team,
            report: ReportLetter {
                number: tidy(&self.report.number),
                date: self.report.date,
                nature: tidy(&self.report.nature),
                attachment: tidy(&self.report.attachment),
                subject: tidy(&self.report.subject),
                addressee: tidy(&self.report.addressee),
            },
        })
    }

    /// The engagement without its LHP letter block: what a sign-off approves and what a final
    /// audit keeps locked (the letter's number and date are given when the report goes out).
    pub fn material(&self) -> Engagement {
        Engagement {
            report: ReportLetter::default(),
            ..self.clone()
        }
    }

    /// How many of its twelve parts are filled, and twelve: surat tugas, dasar, tujuan, ruang
    /// lingkup, batasan, metodologi, the planned and the actual days, gambaran umum, simpulan,
    /// the team and the LHP letter block.
    pub fn filled_parts(&self) -> (usize, usize) {
        let parts = [
            self.assignment != Letter::default(),
            !self.basis.is_empty(),
            !self.objective.is_empty(),
            !self.scope.is_empty(),
            !self.limitations.is_empty(),
            !self.methods.is_empty(),
            !self.planned.is_empty(),
            !self.actual.is_empty(),
            !self.overview.is_empty(),
            !self.conclusion.is_empty(),
            !self.team.is_empty(),
            self.report != ReportLetter::default(),
        ];
        (parts.iter().filter(|p| **p).count(), parts.len())
    }

    /// The parts an LHP needs that are still empty, in the LHP's order.
    pub fn missing_parts(&self) -> Vec<Part> {
        [
            (Part::Assignment, self.assignment.number.is_empty()),
            (Part::Basis, self.basis.is_empty()),
            (Part::Objective, self.objective.is_empty()),
            (Part::Scope, self.scope.is_empty()),
            (Part::Methods, self.methods.is_empty()),
            (
                Part::Responsible,
                self.holder(TeamRole::Responsible).is_none(),
            ),
            (Part::Conclusion, self.conclusion.is_empty()),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .map(|(p, _)| p)
        .collect()
    }

    /// The person who holds `role` (the first, for anggota tim).
    pub fn holder(&self, role: TeamRole) -> Option<&TeamMember> {
        self.team.iter().find(|m| m.role == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member(role: TeamRole, name: &str, nip: Option<&str>) -> TeamMember {
        TeamMember {
            role,
            name: name.into(),
            nip: nip.map(|n| Nip::parse(n, d(2026, 12, 1)).unwrap().nip),
            rank: String::new(),
        }
    }

    #[test]
    fn roles_read_their_codes_labels_and_the_short_words_of_a_surat_tugas() {
        assert_eq!(TeamRole::parse("pj").unwrap(), TeamRole::Responsible);
        assert_eq!(
            TeamRole::parse("Penanggung Jawab").unwrap(),
            TeamRole::Responsible
        );
        assert_eq!(
            TeamRole::parse("pengendali-teknis").unwrap(),
            TeamRole::Technical
        );
        assert_eq!(TeamRole::parse("dalnis").unwrap(), TeamRole::Technical);
        assert_eq!(TeamRole::parse("ketua_tim").unwrap(), TeamRole::Lead);
        assert_eq!(TeamRole::parse("AT").unwrap(), TeamRole::Member);
        assert_eq!(
            TeamRole::parse("auditor"),
            Err(EngagementError::UnknownRole("auditor".into()))
        );
    }

    #[test]
    fn a_checked_engagement_is_tidy_and_its_team_in_role_order() {
        let e = Engagement {
            basis: vec![
                "  Peraturan Bupati Nomor 5 Tahun 2026 ".into(),
                String::new(),
                "Peraturan Bupati Nomor 5 Tahun 2026".into(),
                "PKPT 2026".into(),
            ],
            objective: " menilai kepatuhan  \n".into(),
            methods: vec!["uji petik".into(), " ".into(), "wawancara".into()],
            team: vec![
                member(TeamRole::Member, "Sari", None),
                member(TeamRole::Lead, "Budi", Some("198503152010011002")),
                member(TeamRole::Responsible, "Dr. Hartono, M.Si.", None),
                member(TeamRole::Member, "Andi", None),
            ],
            ..Engagement::default()
        }
        .checked()
        .unwrap();
        assert_eq!(
            e.basis,
            vec!["Peraturan Bupati Nomor 5 Tahun 2026", "PKPT 2026"]
        );
        assert_eq!(e.objective, "menilai kepatuhan");
        assert_eq!(e.methods, vec!["uji petik", "wawancara"]);
        let names: Vec<&str> = e.team.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["Dr. Hartono, M.Si.", "Budi", "Sari", "Andi"]);
        assert_eq!(
            e.holder(TeamRole::Responsible).unwrap().name,
            "Dr. Hartono, M.Si."
        );
        assert!(e.holder(TeamRole::Quality).is_none());
    }

    #[test]
    fn one_person_per_role_but_members_and_nobody_twice() {
        let two_leads = Engagement {
            team: vec![
                member(TeamRole::Lead, "Budi", None),
                member(TeamRole::Lead, "Sari", None),
            ],
            ..Engagement::default()
        };
        assert_eq!(
            two_leads.checked(),
            Err(EngagementError::RoleTaken {
                role: TeamRole::Lead,
                first: "Budi".into(),
                second: "Sari".into()
            })
        );
        let twice = Engagement {
            team: vec![
                member(TeamRole::Lead, "Budi", Some("198503152010011002")),
                member(TeamRole::Member, "Budi S.", Some("198503152010011002")),
            ],
            ..Engagement::default()
        };
        assert_eq!(
            twice.checked(),
            Err(EngagementError::TwiceInTeam {
                name: "Budi S.".into(),
                nip: "19850315 201001 1 002".into()
            })
        );
        let nameless = Engagement {
            team: vec![member(TeamRole::Member, "  ", None)],
            ..Engagement::default()
        };
        assert_eq!(nameless.checked(), Err(EngagementError::NamelessMember));
    }

    #[test]
    fn schedules_end_after_they_start_and_count_working_days() {
        let s = Schedule {
            start: Some(d(2026, 12, 7)),
            end: Some(d(2026, 12, 18)),
            days: None,
        };
        // two weeks, Monday to Friday
        assert_eq!(s.audit_days(), Some(10));
        assert_eq!(
            Schedule { days: Some(8), ..s }.audit_days(),
            Some(8),
            "given days win"
        );
        let backwards = Engagement {
            actual: Schedule {
                start: Some(d(2026, 12, 18)),
                end: Some(d(2026, 12, 7)),
                days: None,
            },
            ..Engagement::default()
        };
        assert_eq!(
            backwards.checked(),
            Err(EngagementError::EndsBeforeStart {
                which: Which::Actual,
                start: d(2026, 12, 18),
                end: d(2026, 12, 7)
            })
        );
        let too_many = Engagement {
            planned: Schedule {
                days: Some(13),
                ..s
            },
            ..Engagement::default()
        };
        assert_eq!(
            too_many.checked(),
            Err(EngagementError::TooManyDays {
                which: Which::Planned,
                days: 13,
                span: 12
            })
        );
        let none = Engagement {
            planned: Schedule {
                days: Some(0),
                ..Schedule::default()
            },
            ..Engagement::default()
        };
        assert_eq!(
            none.checked(),
            Err(EngagementError::NoDays {
                which: Which::Planned
            })
        );
    }

    #[test]
    fn an_lhp_needs_its_surat_tugas_dasar_tujuan_lingkup_metodologi_signer_and_simpulan() {
        assert_eq!(
            Engagement::default().missing_parts(),
            vec![
                Part::Assignment,
                Part::Basis,
                Part::Objective,
                Part::Scope,
                Part::Methods,
                Part::Responsible,
                Part::Conclusion
            ]
        );
        let e = Engagement {
            conclusion: "Belum memadai.".into(),
            team: vec![member(TeamRole::Lead, "Budi", None)],
            ..Engagement::default()
        };
        assert!(
            e.missing_parts().contains(&Part::Responsible),
            "a lead does not sign"
        );
        assert!(!e.missing_parts().contains(&Part::Conclusion));
    }

    #[test]
    fn the_letter_block_is_not_material() {
        let e = Engagement {
            conclusion: "Pengelolaan kas belum memadai.".into(),
            report: ReportLetter {
                number: "700/15/LHP/2026".into(),
                ..ReportLetter::default()
            },
            ..Engagement::default()
        };
        assert_eq!(e.material().report, ReportLetter::default());
        assert_eq!(e.material().conclusion, e.conclusion);
    }
}

//! Training needs for the personnel office (BKPSDM): the development actions the audits of one agency recommend, as rows grouped by competence area and unit, with the weakest survey unsur about the service staff kept apart.
//!
//! Three sources, one recap (issue 17 §4): rating recommendations whose follow-up is pelatihan or
//! pembinaan; findings whose kode sebab points at competence (marked `kompetensi` in the code
//! tables, [`super::codes::Codes::is_competence`]), one row per ASN the finding names; and the
//! SKM unsur about the people who serve (Kompetensi Pelaksana, Perilaku Pelaksana) when they are
//! among a survey's weakest ([`personnel_needs`]). The survey part is its own list
//! ([`TrainingRecap::survey`]): it is about a service unit, not a named person.

use chrono::NaiveDate;

use super::followup::FollowUpAction;
use super::nip::Nip;
use super::period::Period;
use super::phase::Phase;
use super::skm::words;
use super::Id;

/// The competence area a need is grouped under.
///
/// Ordered as the recap lists them: training first, then coaching, then the causes by code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// A rating recommendation with follow-up pelatihan.
    Pelatihan,
    /// A rating recommendation with follow-up pembinaan.
    Pembinaan,
    /// A finding whose kode sebab points at competence: the code and its uraian.
    Cause { code: String, text: String },
}

impl Area {
    /// The area of a rating recommendation's follow-up; none for one that is no development
    /// action (none, or a discipline penalty).
    pub fn of_action(action: FollowUpAction) -> Option<Area> {
        match action {
            FollowUpAction::Pelatihan => Some(Area::Pelatihan),
            FollowUpAction::Pembinaan => Some(Area::Pembinaan),
            FollowUpAction::None | FollowUpAction::Disiplin(_) => None,
        }
    }

    /// A stable code for machine-readable output: `pelatihan`, `pembinaan`, `sebab:1.03`.
    pub fn code(&self) -> String {
        match self {
            Area::Pelatihan => "pelatihan".to_string(),
            Area::Pembinaan => "pembinaan".to_string(),
            Area::Cause { code, .. } => format!("sebab:{code}"),
        }
    }

    /// The area as the Indonesian documents name it: `Pelatihan`, `Pembinaan`,
    /// `Sebab 1.03 — Pelaksana belum memahami …`.
    pub fn label_id(&self) -> String {
        match self {
            Area::Pelatihan => "Pelatihan".to_string(),
            Area::Pembinaan => "Pembinaan".to_string(),
            Area::Cause { code, text } => format!("Sebab {code} — {text}"),
        }
    }
}

/// Where a need was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A rating recommendation (rekomendasi predikat kinerja).
    Rating,
    /// A finding (temuan).
    Finding,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Rating => "rating",
            Source::Finding => "finding",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Source::Rating => "Rekomendasi predikat",
            Source::Finding => "Temuan",
        }
    }
}

/// One development need of one ASN (or of a unit, for a finding that names nobody).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    pub area: Area,
    /// The employee's unit kerja as the roster has it; the agency's name when the roster gives
    /// none, the NIP is not on it, or the finding names nobody.
    pub unit: String,
    /// The ASN, when named.
    pub nip: Option<Nip>,
    /// The ASN's name and position as the roster has them (empty when not on it).
    pub name: String,
    pub position: String,
    pub audit: Id,
    pub audit_title: String,
    pub audit_phase: Phase,
    /// The rating's evaluation period, or the audit's.
    pub period: Option<Period>,
    pub source: Source,
    /// What it rests on: the finding's title, or the rating's predikat (`Kurang/Misconduct`).
    pub subject: String,
    /// Why: the rating's justification and BerAKHLAK notes, or the finding's sebab.
    pub reason: String,
}

/// One weak SKM unsur about the service staff, from the survey of one audit's service unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyNeed {
    pub audit: Id,
    /// The audit's title (what the personnel office reads; the id is for machines).
    pub audit_title: String,
    /// The service unit surveyed.
    pub unit: String,
    /// The survey's period as it was recorded (e.g. `2026-S2`).
    pub period: String,
    /// `Kompetensi Pelaksana` or `Perilaku Pelaksana`.
    pub unsur: String,
    /// Nilai rata-rata per unsur (1–4).
    pub nrr: f64,
}

/// The SKM unsur (PermenPANRB 14/2017) that are about the people who serve, and so a matter for
/// the personnel office: weak ones call for training.
pub const PERSONNEL_UNSUR: [&str; 2] = ["Kompetensi Pelaksana", "Perilaku Pelaksana"];

/// How many of a survey's lowest unsur count as its weakest (the unsur the unit must improve,
/// issue 17 §2: the three weakest).
pub const WEAKEST_UNSUR: usize = 3;

/// Of a survey's NRR per unsur (name, NRR), the personnel unsur ([`PERSONNEL_UNSUR`], names
/// compared by their words) that are among the `weakest` lowest, lowest first. Ties at the edge
/// are in: an unsur as weak as the last one counted is as much a need.
pub fn personnel_needs(nrr: &[(String, f64)], weakest: usize) -> Vec<(String, f64)> {
    let mut sorted: Vec<&(String, f64)> = nrr.iter().filter(|(_, v)| v.is_finite()).collect();
    sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
    let Some(edge) = sorted
        .get(weakest.min(sorted.len()).wrapping_sub(1))
        .map(|x| x.1)
    else {
        return Vec::new();
    };
    let personnel: Vec<String> = PERSONNEL_UNSUR.iter().map(|u| words(u)).collect();
    sorted
        .into_iter()
        .filter(|(_, v)| *v <= edge)
        .filter(|(name, _)| personnel.contains(&words(name)))
        .map(|(name, v)| (name.clone(), *v))
        .collect()
}

/// Whether something of `period` (or, without one, dated `day`) belongs to a recap asked for
/// `asked`: the periods overlap (a rating for 2026 belongs to the recap of 2026-S2, and one for
/// 2026-S2 to the recap of 2026). No period asked: everything belongs.
pub fn in_period(period: Option<Period>, day: NaiveDate, asked: Option<Period>) -> bool {
    let Some(asked) = asked else {
        return true;
    };
    match period {
        Some(p) => p.start() <= asked.end() && asked.start() <= p.end(),
        None => asked.contains(day),
    }
}

/// The recap of one agency: the needs of named ASN (and units) and, apart, the weak survey unsur.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRecap {
    pub agency: String,
    pub agency_name: String,
    /// The period asked for (none: every period).
    pub period: Option<Period>,
    /// In recap order once [`TrainingRecap::sort`] has run: area, unit, name, NIP, audit.
    pub rows: Vec<TrainingRow>,
    /// The weak personnel unsur of the agency's surveys, by unit and period.
    pub survey: Vec<SurveyNeed>,
}

/// One area of the recap, with its units.
#[derive(Debug, PartialEq)]
pub struct AreaGroup<'a> {
    pub area: &'a Area,
    pub units: Vec<UnitGroup<'a>>,
}

/// One unit within an area, with its rows.
#[derive(Debug, PartialEq)]
pub struct UnitGroup<'a> {
    pub unit: &'a str,
    pub rows: Vec<&'a TrainingRow>,
}

impl TrainingRecap {
    /// Put the rows in recap order (area, unit, name, NIP, audit, source) and the survey needs
    /// by unit, period and unsur.
    pub fn sort(&mut self) {
        self.rows.sort_by(|a, b| {
            (
                &a.area, &a.unit, &a.name, &a.nip, a.audit, a.source, &a.subject,
            )
                .cmp(&(
                    &b.area, &b.unit, &b.name, &b.nip, b.audit, b.source, &b.subject,
                ))
        });
        self.survey.sort_by(|a, b| {
            (&a.unit, &a.period, &a.unsur, a.audit).cmp(&(&b.unit, &b.period, &b.unsur, b.audit))
        });
    }

    /// Nothing to send: no row and no survey need.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.survey.is_empty()
    }

    /// How many different ASN the rows name.
    pub fn people(&self) -> usize {
        let mut nips: Vec<&Nip> = self.rows.iter().filter_map(|r| r.nip.as_ref()).collect();
        nips.sort_unstable();
        nips.dedup();
        nips.len()
    }

    /// The rows by area, then unit, in the order they stand (sorted: each area and unit once).
    pub fn groups(&self) -> Vec<AreaGroup<'_>> {
        let mut out: Vec<AreaGroup<'_>> = Vec::new();
        for r in &self.rows {
            let same_area = out.last().is_some_and(|g| *g.area == r.area);
            if !same_area {
                out.push(AreaGroup {
                    area: &r.area,
                    units: Vec::new(),
                });
            }
            let Some(group) = out.last_mut() else {
                continue;
            };
            match group.units.last_mut() {
                Some(u) if u.unit == r.unit => u.rows.push(r),
                _ => group.units.push(UnitGroup {
                    unit: &r.unit,
                    rows: vec![r],
                }),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nip(s: &str) -> Nip {
        Nip::from_stored(s.to_string())
    }

    fn row(area: Area, unit: &str, name: &str, source: Source) -> TrainingRow {
        TrainingRow {
            area,
            unit: unit.into(),
            nip: (!name.is_empty()).then(|| {
                nip(&format!(
                    "1986090920160610{:02}",
                    name.bytes().map(u32::from).sum::<u32>() % 100
                ))
            }),
            name: name.into(),
            position: String::new(),
            audit: Id::from_u128(1),
            audit_title: "Pemeriksaan".into(),
            audit_phase: Phase::Review,
            period: Some(Period::Semester(2026, 2)),
            source,
            subject: String::new(),
            reason: String::new(),
        }
    }

    fn cause(code: &str) -> Area {
        Area::Cause {
            code: code.into(),
            text: "Pelaksana belum memahami peraturan".into(),
        }
    }

    #[test]
    fn only_training_and_coaching_are_development_actions() {
        assert_eq!(
            Area::of_action(FollowUpAction::Pelatihan),
            Some(Area::Pelatihan)
        );
        assert_eq!(
            Area::of_action(FollowUpAction::Pembinaan),
            Some(Area::Pembinaan)
        );
        assert_eq!(Area::of_action(FollowUpAction::None), None);
        let penalty = FollowUpAction::parse("disiplin:teguran-lisan").unwrap();
        assert_eq!(Area::of_action(penalty), None);
        assert_eq!(cause("1.03").code(), "sebab:1.03");
        assert_eq!(
            cause("1.03").label_id(),
            "Sebab 1.03 — Pelaksana belum memahami peraturan"
        );
    }

    #[test]
    fn the_recap_groups_by_area_then_unit_in_order() {
        let mut recap = TrainingRecap {
            agency: "DISDUKCAPIL".into(),
            agency_name: "Dinas Kependudukan dan Pencatatan Sipil".into(),
            period: None,
            rows: vec![
                row(cause("1.03"), "Sekretariat", "Dedi", Source::Finding),
                row(Area::Pembinaan, "Bidang Pelayanan", "Ani", Source::Rating),
                row(Area::Pelatihan, "Sekretariat", "Dedi", Source::Rating),
                row(Area::Pelatihan, "Bidang Pelayanan", "Budi", Source::Rating),
                row(Area::Pelatihan, "Bidang Pelayanan", "Ani", Source::Rating),
                row(cause("1.02"), "Sekretariat", "", Source::Finding),
            ],
            survey: Vec::new(),
        };
        recap.sort();
        let groups = recap.groups();
        type Shape<'a> = Vec<(String, Vec<(&'a str, Vec<&'a str>)>)>;
        let shape: Shape<'_> = groups
            .iter()
            .map(|g| {
                (
                    g.area.code(),
                    g.units
                        .iter()
                        .map(|u| (u.unit, u.rows.iter().map(|r| r.name.as_str()).collect()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    "pelatihan".to_string(),
                    vec![
                        ("Bidang Pelayanan", vec!["Ani", "Budi"]),
                        ("Sekretariat", vec!["Dedi"])
                    ]
                ),
                (
                    "pembinaan".to_string(),
                    vec![("Bidang Pelayanan", vec!["Ani"])]
                ),
                ("sebab:1.02".to_string(), vec![("Sekretariat", vec![""])]),
                (
                    "sebab:1.03".to_string(),
                    vec![("Sekretariat", vec!["Dedi"])]
                ),
            ]
        );
        // Ani, Budi and Dedi; the finding that names nobody names no one
        assert_eq!(recap.people(), 3);
        assert!(!recap.is_empty());
    }

    #[test]
    fn the_personnel_unsur_count_when_among_the_weakest() {
        let survey = |pairs: &[(&str, f64)]| -> Vec<(String, f64)> {
            pairs.iter().map(|(n, v)| (n.to_string(), *v)).collect()
        };
        let nrr = survey(&[
            ("Persyaratan", 3.2),
            ("Sistem, Mekanisme, dan Prosedur", 3.1),
            ("Waktu Penyelesaian", 2.7),
            ("Biaya/Tarif", 3.6),
            ("Produk Spesifikasi Jenis Pelayanan", 3.3),
            ("Kompetensi Pelaksana", 2.9),
            ("Perilaku Pelaksana", 3.15),
            ("Penanganan Pengaduan, Saran dan Masukan", 3.0),
            ("Sarana dan Prasarana", 3.4),
        ]);
        // the three weakest: waktu 2,7; kompetensi 2,9; pengaduan 3,0
        assert_eq!(
            personnel_needs(&nrr, WEAKEST_UNSUR),
            vec![("Kompetensi Pelaksana".to_string(), 2.9)]
        );
        // with four, perilaku (3,1 is sistem; 3,15 is fifth) is still out; with five it is in
        assert_eq!(personnel_needs(&nrr, 4).len(), 1);
        assert_eq!(
            personnel_needs(&nrr, 5),
            vec![
                ("Kompetensi Pelaksana".to_string(), 2.9),
                ("Perilaku Pelaksana".to_string(), 3.15)
            ]
        );
        // names compared by their words; a tie at the edge is in
        let tie = survey(&[
            ("kompetensi  pelaksana", 3.0),
            ("Persyaratan", 2.0),
            ("Waktu Penyelesaian", 2.5),
            ("PERILAKU PELAKSANA", 3.0),
            ("Biaya/Tarif", 3.0),
        ]);
        assert_eq!(
            personnel_needs(&tie, 3),
            vec![
                ("kompetensi  pelaksana".to_string(), 3.0),
                ("PERILAKU PELAKSANA".to_string(), 3.0)
            ]
        );
        assert!(personnel_needs(&[], 3).is_empty());
        assert!(personnel_needs(&nrr, 0).is_empty());
        let strong = survey(&[("Kompetensi Pelaksana", 3.9), ("Persyaratan", 2.0)]);
        assert!(personnel_needs(&strong, 1).is_empty());
    }

    #[test]
    fn periods_belong_when_they_overlap() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let s2 = Some(Period::Semester(2026, 2));
        assert!(in_period(
            Some(Period::Semester(2026, 2)),
            d(2020, 1, 1),
            s2
        ));
        assert!(in_period(Some(Period::Year(2026)), d(2020, 1, 1), s2));
        assert!(in_period(
            Some(Period::Quarter(2026, 4)),
            d(2020, 1, 1),
            Some(Period::Year(2026))
        ));
        assert!(!in_period(
            Some(Period::Semester(2026, 1)),
            d(2026, 12, 1),
            s2
        ));
        // without a period of its own, its day decides
        assert!(in_period(None, d(2026, 12, 7), s2));
        assert!(!in_period(None, d(2027, 1, 2), s2));
        assert!(in_period(None, d(1999, 1, 1), None));
    }
}

//! The ASN roster as the screens read it: a search index built once over every employee (instant at
//! 100,000), one employee's page, and the predikat distribution of an agency's rating recommendations.

use std::collections::HashMap;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::model::{Agency, Employee, EmploymentKind, Finding, Rating};
use crate::domain::nip::Nip;
use crate::domain::period::Period;
use crate::domain::rating::{DistributionRules, OrgPredikat, PredikatCounts, Violation};

use super::{today, App, AppError};

/// Every employee in name order, with one search text each, built once. The texts live back to back
/// in one string so 100,000 of them are one allocation, and a keystroke only reads them.
pub struct RosterIndex {
    rows: Vec<Employee>,
    text: String,
    /// Haystack `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
}

impl RosterIndex {
    /// Index `employees`; `agency_names` maps agency codes to names so a search for "kesehatan"
    /// finds the staff of DINKES.
    pub fn new(
        mut employees: Vec<Employee>,
        agency_names: &HashMap<String, String>,
    ) -> RosterIndex {
        employees.sort_by_cached_key(|e| (e.name.to_lowercase(), e.nip.as_str().to_string()));
        let mut text = String::with_capacity(employees.len() * 160);
        let mut ends = Vec::with_capacity(employees.len());
        for e in &employees {
            let agency_name = agency_names.get(&e.agency).map_or("", String::as_str);
            let kind = kind_label(e.kind);
            // the fields are kept apart by two spaces so a fuzzy match rarely straddles them
            for part in [
                e.name.as_str(),
                e.nip.as_str(),
                &e.nip.grouped(),
                &e.position,
                &e.unit,
                &e.agency,
                agency_name,
                kind,
            ] {
                text.push_str(part);
                text.push_str("  ");
            }
            ends.push(text.len());
        }
        RosterIndex {
            rows: employees,
            text,
            ends,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The employee at position `i` in name order.
    pub fn row(&self, i: usize) -> Option<&Employee> {
        self.rows.get(i)
    }

    /// The search text of row `i`.
    pub fn haystack(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The position of the employee with this NIP (plain digits).
    pub fn position_of(&self, nip: &str) -> Option<usize> {
        self.rows.iter().position(|e| e.nip.as_str() == nip)
    }
}

/// `PNS` or `PPPK`: the same words in both languages.
pub fn kind_label(k: EmploymentKind) -> &'static str {
    match k {
        EmploymentKind::Pns => "PNS",
        EmploymentKind::Pppk => "PPPK",
    }
}

/// A search over a [`RosterIndex`]: ranks on each keystroke without building anything per employee,
/// and when the query only grew it re-ranks just the previous hits.
pub struct RosterSearch {
    matcher: Matcher,
    buf: Vec<char>,
    /// The pattern the current hits were ranked by (after [`pattern_text`]).
    pattern: String,
    hits: Vec<u32>,
    scored: Vec<u64>,
}

impl RosterSearch {
    /// Every row, in name order.
    pub fn new(index: &RosterIndex) -> RosterSearch {
        RosterSearch {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            pattern: String::new(),
            hits: (0..index.len() as u32).collect(),
            scored: Vec::new(),
        }
    }

    /// Rows matching the query, best first (ties in name order).
    pub fn hits(&self) -> &[u32] {
        &self.hits
    }

    /// Rank the rows of `index` by `query`.
    pub fn set_query(&mut self, index: &RosterIndex, query: &str) {
        let pattern = pattern_text(query);
        if pattern.is_empty() {
            self.hits.clear();
            self.hits.extend(0..index.len() as u32);
            self.pattern = pattern;
            return;
        }
        if pattern == self.pattern {
            return;
        }
        // Only a grown query without negation, escapes or an end anchor matches a subset of what
        // the shorter one matched; anything else is ranked over every row again.
        let narrows = !self.pattern.is_empty()
            && pattern.starts_with(&self.pattern)
            && !pattern.contains(['!', '\\', '$']);
        let parsed = Pattern::parse(&pattern, CaseMatching::Ignore, Normalization::Smart);
        self.scored.clear();
        let mut score = |i: u32, scored: &mut Vec<u64>| {
            let hay = Utf32Str::new(index.haystack(i as usize), &mut self.buf);
            if let Some(s) = parsed.score(hay, &mut self.matcher) {
                // best score first, then name order: one integer sort, no comparator calls
                scored.push((u64::from(u32::MAX - s) << 32) | u64::from(i));
            }
        };
        if narrows {
            for &i in &self.hits {
                score(i, &mut self.scored);
            }
        } else {
            for i in 0..index.len() as u32 {
                score(i, &mut self.scored);
            }
        }
        self.scored.sort_unstable();
        self.hits.clear();
        self.hits
            .extend(self.scored.iter().map(|k| (k & u64::from(u32::MAX)) as u32));
        self.pattern = pattern;
    }
}

/// The nucleo pattern for what the user typed: words of digits only (NIP fragments) must appear as
/// they are, since a digit scattered anywhere in 18 digits matches almost everyone.
pub fn pattern_text(query: &str) -> String {
    query
        .split_whitespace()
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                format!("'{w}")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding that involves the employee, with the title of its audit.
#[derive(Debug, Clone)]
pub struct EmployeeFinding {
    pub finding: Finding,
    pub audit_title: String,
}

/// A rating recommendation for the employee, with the title of its audit.
#[derive(Debug, Clone)]
pub struct EmployeeRating {
    pub rating: Rating,
    pub audit_title: String,
}

/// Everything the employee page shows.
#[derive(Debug, Clone)]
pub struct EmployeeView {
    pub employee: Employee,
    pub agency_name: String,
    /// Newest first.
    pub findings: Vec<EmployeeFinding>,
    /// Newest first.
    pub ratings: Vec<EmployeeRating>,
}

/// The predikat of one period's rating recommendations in an agency, and how they fit each
/// organisation predikat.
#[derive(Debug, Clone)]
pub struct PeriodDistribution {
    pub period: Period,
    /// One predikat per rated employee: their newest recommendation in the period.
    pub counts: PredikatCounts,
    /// Older recommendations for an employee already counted (not counted again).
    pub superseded: usize,
    /// The rules broken, for every organisation predikat in `OrgPredikat::ALL` order.
    pub checks: Vec<(OrgPredikat, Vec<Violation>)>,
}

/// The predikat distribution of an agency, per period, newest period first.
#[derive(Debug, Clone)]
pub struct AgencyDistribution {
    pub agency: Agency,
    /// Employees of the agency on the roster.
    pub employees: usize,
    pub periods: Vec<PeriodDistribution>,
}

/// Count one predikat per employee and period (the newest recommendation wins) and check each
/// period against every organisation predikat.
pub fn distribution(
    agency: Agency,
    employees: usize,
    ratings: &[Rating],
    rules: &DistributionRules,
) -> AgencyDistribution {
    let mut newest: HashMap<(Period, &str), &Rating> = HashMap::new();
    let mut superseded: HashMap<Period, usize> = HashMap::new();
    for r in ratings {
        let key = (r.period, r.nip.as_str());
        match newest.get(&key) {
            Some(old) => {
                *superseded.entry(r.period).or_default() += 1;
                if (r.created_at, r.id) > (old.created_at, old.id) {
                    newest.insert(key, r);
                }
            }
            None => {
                newest.insert(key, r);
            }
        }
    }
    let mut counts: HashMap<Period, PredikatCounts> = HashMap::new();
    for ((period, _), r) in &newest {
        counts.entry(*period).or_default().add(r.predikat);
    }
    let mut periods: Vec<PeriodDistribution> = counts
        .into_iter()
        .map(|(period, counts)| PeriodDistribution {
            period,
            counts,
            superseded: superseded.get(&period).copied().unwrap_or(0),
            checks: OrgPredikat::ALL
                .into_iter()
                .map(|org| (org, rules.check(org, &counts)))
                .collect(),
        })
        .collect();
    // newest first: by the last day, then the shorter period (a semester before its year)
    periods.sort_by(|a, b| {
        (b.period.end(), b.period.start()).cmp(&(a.period.end(), a.period.start()))
    });
    AgencyDistribution {
        agency,
        employees,
        periods,
    }
}

impl App {
    /// The search index over the whole roster (built once per screen; instant to query at 100k).
    pub fn roster_index(&self) -> Result<RosterIndex, AppError> {
        let names: HashMap<String, String> = self
            .store
            .agencies()?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect();
        let mut employees = Vec::with_capacity(self.store.employee_count());
        for e in self.store.employees() {
            employees.push(e?);
        }
        Ok(RosterIndex::new(employees, &names))
    }

    /// An employee's page: details, the findings that involve them and their rating recommendations.
    pub fn employee_view(&self, nip: &str) -> Result<EmployeeView, AppError> {
        let nip = Nip::parse(nip, today())?.nip;
        let employee = self
            .store
            .employee(nip.as_str())?
            .ok_or_else(|| AppError::UnknownEmployee(nip.grouped()))?;
        let agency_name = self
            .store
            .agency(&employee.agency)?
            .map(|a| a.name)
            .unwrap_or_default();
        let mut titles: HashMap<crate::domain::Id, String> = HashMap::new();
        let mut title = |id: crate::domain::Id| -> Result<String, AppError> {
            if let Some(t) = titles.get(&id) {
                return Ok(t.clone());
            }
            let t = self
                .store
                .audit(&id)?
                .map(|a| a.title)
                .unwrap_or_else(|| id.to_string());
            titles.insert(id, t.clone());
            Ok(t)
        };
        let mut findings = Vec::new();
        for f in self.store.findings_of_nip(nip.as_str())? {
            findings.push(EmployeeFinding {
                audit_title: title(f.audit)?,
                finding: f,
            });
        }
        findings.sort_by_key(|f| std::cmp::Reverse(f.finding.created_at));
        let mut ratings = Vec::new();
        for r in self.store.ratings_of_nip(nip.as_str())? {
            ratings.push(EmployeeRating {
                audit_title: title(r.audit)?,
                rating: r,
            });
        }
        ratings.sort_by_key(|r| std::cmp::Reverse(r.rating.created_at));
        Ok(EmployeeView {
            employee,
            agency_name,
            findings,
            ratings,
        })
    }

    /// The predikat distribution of the rating recommendations of an agency's employees, per period,
    /// checked against every organisation predikat with the built-in rules.
    pub fn predikat_distribution(&self, agency: &str) -> Result<AgencyDistribution, AppError> {
        let agency = self
            .store
            .agency(agency)?
            .ok_or_else(|| AppError::UnknownAgency(agency.to_string()))?;
        let rules = DistributionRules::builtin().map_err(|e| AppError::Invalid(e.to_string()))?;
        let employees = self.store.employees_of_agency(&agency.code)?;
        let mut ratings = Vec::new();
        for e in &employees {
            ratings.extend(self.store.ratings_of_nip(e.nip.as_str())?);
        }
        Ok(distribution(agency, employees.len(), &ratings, &rules))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::FollowUpAction;
    use crate::domain::rating::{predikat, Predikat, RatingLevel};
    use crate::domain::Id;

    fn nip(i: usize) -> Nip {
        // valid layout: birth date, TMT, gender, sequence 001..999
        let year = 1960 + i % 40;
        let s = format!(
            "{year}{:02}{:02}{}{:02}{}{:03}",
            1 + i % 12,
            1 + i % 28,
            year + 25,
            1 + (i / 12) % 12,
            1 + i % 2,
            1 + i % 999
        );
        Nip::parse(&s, today()).unwrap().nip
    }

    fn employee(i: usize, name: &str) -> Employee {
        Employee {
            nip: nip(i),
            name: name.to_string(),
            position: ["Analis Kebijakan", "Pranata Komputer", "Perawat", "Guru"][i % 4].into(),
            rank: "Penata (III/c)".into(),
            unit: format!("Bidang {}", i % 37),
            agency: ["DINKES", "DISDIK", "RSUD"][i % 3].into(),
            kind: if i.is_multiple_of(5) {
                EmploymentKind::Pppk
            } else {
                EmploymentKind::Pns
            },
        }
    }

    const FIRST: [&str; 8] = [
        "Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra",
    ];
    const LAST: [&str; 6] = [
        "Santoso",
        "Wibowo",
        "Lestari",
        "Hidayat",
        "Purnamasari",
        "Nugroho",
    ];

    /// 100,000 synthetic employees; one is named so it can be found.
    fn big_index() -> RosterIndex {
        let mut v: Vec<Employee> = (0..100_000)
            .map(|i| {
                employee(
                    i,
                    &format!(
                        "{} {} {}",
                        FIRST[i % 8],
                        LAST[(i / 8) % 6],
                        ["S.E.", "S.Kom.", "S.Kep."][i % 3]
                    ),
                )
            })
            .collect();
        let mut special = employee(77_777, "Yanti Anggraeni, S.M.");
        special.nip = Nip::parse("19710128 200202 2 001", today()).unwrap().nip;
        special.agency = "DISDUKCAPIL".into();
        v[77_777] = special;
        let names: HashMap<String, String> = [
            ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan"),
            ("RSUD", "Rumah Sakit Umum Daerah"),
            ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        RosterIndex::new(v, &names)
    }

    #[test]
    fn ranks_a_100k_roster_by_name_nip_and_agency() {
        let index = big_index();
        assert_eq!(index.len(), 100_000);
        let mut s = RosterSearch::new(&index);
        assert_eq!(s.hits().len(), 100_000);
        // name order when nothing is typed
        assert!(index.row(0).unwrap().name.starts_with("Agus"));

        // typed letter by letter: each step narrows the previous hits
        let mut last = usize::MAX;
        for q in ["y", "ya", "yan", "yant", "yanti", "yanti ang"] {
            s.set_query(&index, q);
            assert!(s.hits().len() <= last, "{q}");
            last = s.hits().len();
        }
        let best = index.row(s.hits()[0] as usize).unwrap();
        assert_eq!(best.name, "Yanti Anggraeni, S.M.");

        // a NIP fragment, plain or grouped, is matched as written
        for q in ["197101282002", "19710128 200202", "200202 2 001"] {
            s.set_query(&index, q);
            let names: Vec<&str> = s
                .hits()
                .iter()
                .map(|&i| index.row(i as usize).unwrap().name.as_str())
                .collect();
            assert_eq!(names.first(), Some(&"Yanti Anggraeni, S.M."), "{q}");
            assert!(
                s.hits().iter().all(|&i| index
                    .haystack(i as usize)
                    .contains(q.split(' ').next().unwrap_or(""))),
                "{q}"
            );
        }

        // the agency name, and a combination of position and agency
        s.set_query(&index, "kependudukan");
        let best = index.row(s.hits()[0] as usize).unwrap();
        assert_eq!(best.agency, "DISDUKCAPIL");
        assert!(s.hits().len() < 100_000);
        s.set_query(&index, "perawat rsud");
        let n = s.hits().len();
        assert!(n > 0 && n < 100_000);
        assert!(s.hits().iter().all(|&i| {
            let e = index.row(i as usize).unwrap();
            e.position == "Perawat" && e.agency == "RSUD"
        }));
        // ranking again after going back (not a narrowing) gives the same as a fresh search
        s.set_query(&index, "perawat");
        let mut fresh = RosterSearch::new(&index);
        fresh.set_query(&index, "perawat");
        assert_eq!(s.hits(), fresh.hits());
        // nothing matches, then everything again
        s.set_query(&index, "zzzqqq");
        assert!(s.hits().is_empty());
        s.set_query(&index, "");
        assert_eq!(s.hits().len(), 100_000);
    }

    #[test]
    fn digit_words_are_exact_and_negation_is_not_narrowed() {
        assert_eq!(pattern_text(" yanti  1971 "), "yanti '1971");
        let index = big_index();
        let mut s = RosterSearch::new(&index);
        s.set_query(&index, "!dinas");
        let without_dinas = s.hits().len();
        s.set_query(&index, "!dinasx");
        // a longer negated word excludes less: ranked over every row, not the previous hits
        assert!(s.hits().len() > without_dinas);
    }

    fn rating(nip_i: usize, period: Period, h: RatingLevel, p: RatingLevel, at: i64) -> Rating {
        Rating {
            id: Id::now_v7(),
            audit: Id::nil(),
            nip: nip(nip_i),
            period,
            hasil: h,
            perilaku: p,
            predikat: predikat(h, p),
            berakhlak: Vec::new(),
            justification: String::new(),
            findings: Vec::new(),
            action: FollowUpAction::None,
            is_final: false,
            created_by: Id::nil(),
            created_at: chrono::DateTime::from_timestamp(at, 0).unwrap(),
        }
    }

    #[test]
    fn distribution_counts_the_newest_recommendation_per_employee_and_period() {
        use RatingLevel::{Above, Below, Meets};
        let s2 = Period::Semester(2026, 2);
        let s1 = Period::Semester(2026, 1);
        let ratings = vec![
            rating(1, s2, Above, Above, 10),
            rating(2, s2, Meets, Meets, 10),
            // employee 1 re-rated later in the same period: only the newer one counts
            rating(1, s2, Below, Meets, 20),
            rating(3, s1, Above, Above, 5),
        ];
        let agency = Agency {
            code: "DINKES".into(),
            name: "Dinas Kesehatan".into(),
            kind: "Dinas".into(),
            region: String::new(),
        };
        let d = distribution(agency, 3, &ratings, &DistributionRules::builtin().unwrap());
        assert_eq!(
            d.periods.iter().map(|p| p.period).collect::<Vec<_>>(),
            vec![s2, s1]
        );
        let p = &d.periods[0];
        assert_eq!(p.counts.total(), 2);
        assert_eq!(p.counts.get(Predikat::ButuhPerbaikan), 1);
        assert_eq!(p.counts.get(Predikat::SangatBaik), 0);
        assert_eq!(p.superseded, 1);
        assert_eq!(p.checks.len(), 5);
        // 1 Baik + 1 Butuh Perbaikan fits Baik, breaks Butuh Perbaikan (needs 60%: has 50%)
        let of = |org| &p.checks.iter().find(|(o, _)| *o == org).unwrap().1;
        assert!(of(OrgPredikat::Baik).is_empty());
        assert_eq!(of(OrgPredikat::ButuhPerbaikan).len(), 1);
    }
}

//! The ASN roster as the screens ask for it: the search index over everyone, one employee's page,
//! and the predikat distribution of an agency's rating recommendations.
//!
//! The search engine itself (index and ranking) is [`super::roster_search`]; its public items are
//! re-exported here, where the rest of the application has always found them.

use std::collections::HashMap;

use crate::domain::model::{Agency, Employee, Finding, Rating};
use crate::domain::nip::Nip;
use crate::domain::period::Period;
use crate::domain::rating::{DistributionRules, OrgPredikat, PredikatCounts, Violation};

use super::{said, today, App, AppError};

pub use super::roster_search::{kind_label, RosterIndex, RosterSearch};

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
        let key = (r.content.period, r.content.nip.as_str());
        match newest.get(&key) {
            Some(old) => {
                *superseded.entry(r.content.period).or_default() += 1;
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
        let rules = DistributionRules::builtin()
            .map_err(|e| said("error.app.shipped_rules", &[("reason", &e)]))?;
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

    fn rating(nip_i: usize, period: Period, h: RatingLevel, p: RatingLevel, at: i64) -> Rating {
        Rating {
            id: Id::now_v7(),
            audit: Id::nil(),
            content: crate::domain::model::RatingContent {
                nip: nip(nip_i),
                period,
                hasil: h,
                perilaku: p,
                berakhlak: Vec::new(),
                justification: String::new(),
                findings: Vec::new(),
                action: FollowUpAction::None,
            },
            predikat: predikat(h, p),
            is_final: false,
            created_by: Id::nil(),
            created_at: chrono::DateTime::from_timestamp(at, 0).unwrap(),
            updated_at: chrono::DateTime::from_timestamp(at, 0).unwrap(),
            withdrawn: None,
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

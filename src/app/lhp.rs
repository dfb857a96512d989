//! The LHP's document model from the store: the audit, its engagement, per-section counts, the findings with the ASN named by name and grouped NIP, the ratings for the confidential annex, the signer; and the report settings file it is laid out by.

use std::collections::HashMap;
use std::path::Path;

use chrono::Utc;

use crate::domain::codes::Table;
use crate::domain::engagement::TeamRole;
use crate::domain::nip::Nip;
use crate::domain::score::{self, Answer};
use crate::domain::Id;
use crate::exchange::export::lhp::{
    EarlierEntry, FindingEntry, Lhp, RatingEntry, SectionCounts, SignerEntry,
};
use crate::exchange::report_settings::{self, ReportSettings};
use crate::present::{date_id, datetime_id, percent_id};

use super::{App, AppError};

/// The settings file a store uses when none is named: `laporan.toml` in its folder.
pub const SETTINGS_FILE: &str = "laporan.toml";

impl App {
    /// The report settings: the file `path`, else the store's `laporan.toml` when it has one, else
    /// the defaults (a letterhead from the agency's region, A4, Bookman Old Style).
    pub fn report_settings(&self, path: Option<&Path>) -> Result<ReportSettings, AppError> {
        let own = self.store.dir().join(SETTINGS_FILE);
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if own.exists() => own,
            None => return Ok(ReportSettings::default()),
        };
        Ok(report_settings::load(&path)?)
    }

    /// The LHP of `audit_key` as a document model, laid out by `settings`.
    pub fn lhp(&self, audit_key: &str, settings: &ReportSettings) -> Result<Lhp, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let template = self.pinned_template(&audit)?;
        let engagement = self.engagement(&audit)?;
        let agency = self.store.agency(&audit.agency)?;
        let responses: HashMap<String, Option<Answer>> = self
            .store
            .responses(&audit.id)?
            .into_iter()
            .map(|r| (r.item, r.answer))
            .collect();
        let answer_of = |code: &str| responses.get(code).and_then(Option::as_ref);

        let mut sections = Vec::new();
        for s in &template.sections {
            let mut c = SectionCounts {
                code: s.code.clone(),
                title: s.title.clone(),
                items: s.items.len(),
                ..SectionCounts::default()
            };
            for item in &s.items {
                let Some(a) = answer_of(&item.code) else {
                    continue;
                };
                c.looked_at += 1;
                match a {
                    Answer::Compliant => c.compliant += 1,
                    Answer::Partial => c.partial += 1,
                    Answer::Noncompliant => c.noncompliant += 1,
                    Answer::NotApplicable => c.na += 1,
                    Answer::Score(_) | Answer::Yes | Answer::No | Answer::Number(_) => c.other += 1,
                }
            }
            sections.push(c);
        }
        let progress = score::progress(template.items().map(|i| answer_of(&i.code)));
        let compliance =
            score::compliance(template.items().map(|i| (i.weight, answer_of(&i.code))));

        let person = |nip: &Nip| -> Result<String, AppError> {
            Ok(match self.store.employee(nip.as_str())? {
                Some(e) => format!("{}, NIP {}", e.name, nip.grouped()),
                None => format!("NIP {}", nip.grouped()),
            })
        };
        let findings = self.store.findings_of_audit(&audit.id)?;
        let numbers: HashMap<Id, usize> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id, i + 1))
            .collect();
        let mut entries = Vec::with_capacity(findings.len());
        let codes = self.codes()?;
        let repeats = self.repeats(&audit.id.to_string())?;
        let lhp_of = |number: &str, date: chrono::NaiveDate| {
            if number.is_empty() {
                date_id(date)
            } else {
                format!("{number}, {}", date_id(date))
            }
        };
        let coded = |table, code: &str| match codes.get(table, code) {
            Some(c) => format!("{} {}", c.code, c.text),
            None => code.to_string(),
        };
        for f in &findings {
            let c = &f.content;
            entries.push(FindingEntry {
                title: c.title.clone(),
                severity: c.severity.label_id().to_string(),
                items: c.items.clone(),
                kondisi: c.kondisi.clone(),
                kriteria: c.kriteria.clone(),
                sebab: c.sebab.clone(),
                akibat: c.akibat.clone(),
                tanggapan: c.tanggapan.clone(),
                code: coded(Table::Finding, &c.code),
                cause_code: coded(Table::Cause, &c.cause_code),
                recommendations: c
                    .recommendations
                    .iter()
                    .map(|r| {
                        if r.code.is_empty() {
                            r.text.clone()
                        } else {
                            settings.say("coded", &[("text", &r.text), ("code", &r.code)])
                        }
                    })
                    .collect(),
                persons: c.nips.iter().map(&person).collect::<Result<_, _>>()?,
                repeat: repeats
                    .iter()
                    .find(|r| r.finding == f.id)
                    .map(|r| {
                        settings.say(
                            "repeat",
                            &[
                                ("title", &r.earlier_title),
                                ("lhp", &lhp_of(&r.lhp_number, r.date)),
                                ("audit", &r.earlier_audit_title),
                            ],
                        )
                    })
                    .unwrap_or_default(),
            });
        }
        let mut ratings = Vec::new();
        for r in self.store.ratings_of_audit(&audit.id)? {
            let c = &r.content;
            let position = self
                .store
                .employee(c.nip.as_str())?
                .map(|e| e.position)
                .unwrap_or_default();
            let mut linked: Vec<usize> = c
                .findings
                .iter()
                .filter_map(|id| numbers.get(id).copied())
                .collect();
            linked.sort_unstable();
            ratings.push(RatingEntry {
                person: person(&c.nip)?,
                position,
                period: c.period.label_id(),
                hasil: c.hasil.label_id().to_string(),
                perilaku: c.perilaku.label_id().to_string(),
                predikat: r.predikat.label_id().to_string(),
                action: c.action.label_id().to_string(),
                justification: c.justification.clone(),
                findings: linked,
            });
        }

        // the signer: the title from the settings, the person from them or the penanggung jawab
        let pj = engagement.holder(TeamRole::Responsible);
        let given = &settings.signer;
        let nip = if !given.nip.is_empty() {
            Nip::parse(&given.nip, super::today())
                .map(|n| n.nip.grouped())
                .unwrap_or_else(|_| given.nip.clone())
        } else {
            pj.and_then(|m| m.nip.as_ref())
                .map(Nip::grouped)
                .unwrap_or_default()
        };
        let region = agency
            .as_ref()
            .map(|a| a.region.clone())
            .unwrap_or_default();
        let signer = SignerEntry {
            title: if given.title.is_empty() {
                match region.as_str() {
                    "" => "INSPEKTUR".to_string(),
                    r => format!("INSPEKTUR {}", r.to_uppercase()),
                }
            } else {
                given.title.clone()
            },
            name: if given.name.is_empty() {
                pj.map(|m| m.name.clone()).unwrap_or_default()
            } else {
                given.name.clone()
            },
            rank: if given.rank.is_empty() {
                pj.map(|m| m.rank.clone()).unwrap_or_default()
            } else {
                given.rank.clone()
            },
            nip: if nip.is_empty() {
                String::new()
            } else {
                format!("NIP {nip}")
            },
        };
        let state_hash = hex::encode(self.state_hash(&audit)?);
        Ok(Lhp {
            audit_title: audit.title.clone(),
            agency: agency
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_else(|| audit.agency.clone()),
            region,
            period: audit.period.map(|p| p.label_id()),
            checklist: format!("{} (versi {})", template.title, template.version),
            date: engagement.report.date.map(date_id).unwrap_or_default(),
            engagement,
            items: progress.total,
            looked_at: progress.looked_at,
            compliance: compliance.percent().map(percent_id),
            sections,
            surveys: self
                .store
                .surveys(&audit.id)?
                .iter()
                .map(|sv| Ok(survey_entry(sv, &self.earlier_ikm(&audit, sv)?)))
                .collect::<Result<_, AppError>>()?,
            findings: entries,
            earlier: self
                .earlier_followup(&audit.id.to_string(), super::today())?
                .into_iter()
                .map(|r| EarlierEntry {
                    lhp: lhp_of(&r.lhp_number, r.lhp_date),
                    finding: r.finding_title,
                    recommendation: r.recommendation,
                    status: format!("{} {}", r.status.number(), r.status.label_id()),
                    due: r.due.map(date_id).unwrap_or_default(),
                })
                .collect(),
            ratings,
            signer,
            made_at: datetime_id(Utc::now()),
            state_hash: state_hash.chars().take(16).collect(),
        })
    }
}

/// A survey as the LHP states it: every figure the Indonesian way.
fn survey_entry(
    s: &crate::domain::skm::SurveyRecord,
    earlier: &[super::EarlierIkm],
) -> crate::exchange::export::lhp::SurveyEntry {
    let t = crate::text::Strings::of(crate::text::Lang::Id);
    let id = |x: f64, places: usize| t.fixed(x, places);
    let k = s.totals.len().max(1) as f64;
    let name = |i: usize| format!("U{} {}", i + 1, s.names.get(i).map_or("", String::as_str));
    crate::exchange::export::lhp::SurveyEntry {
        item: s.item.clone(),
        file: s.file.clone(),
        unit: s.unit.clone(),
        period: s.period.clone(),
        respondents: t.count(s.respondents),
        unsur: (0..s.totals.len())
            .map(|i| {
                [
                    name(i),
                    t.count(s.totals[i]),
                    id(s.nrr(i), 2),
                    id(s.nrr(i) / k, 3),
                    "█".repeat((s.nrr(i) * 4.0).round() as usize),
                ]
            })
            .collect(),
        interval: id(s.interval(), 3),
        ikm: id(s.ikm().value(), 2),
        mutu: s.mutu.clone(),
        kinerja: s.kinerja.clone(),
        rounded: s.ikm_rounded.map(|r| {
            (
                id(f64::from(r) / 100.0, 2),
                id(f64::from(s.rounded_weight) / 10_000.0, 2),
            )
        }),
        weakest: s
            .weakest()
            .iter()
            .map(|&i| format!("{} ({})", name(i), id(s.nrr(i), 2)))
            .collect(),
        sample: s
            .population
            .map(|(population, min)| (t.count(min), t.count(population), !s.sample_short())),
        earlier: earlier
            .iter()
            .map(|e| {
                let when = e.when();
                format!(
                    "{when} ({}): {} ({})",
                    e.title,
                    id(e.survey.ikm().value(), 2),
                    e.survey.mutu
                )
            })
            .collect(),
    }
}

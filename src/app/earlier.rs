//! What earlier audits of the same agency left behind: their recommendations still open, and the findings of this audit that repeat theirs (temuan berulang).

use chrono::NaiveDate;

use crate::domain::model::{Audit, Finding};
use crate::domain::phase::Phase;
use crate::domain::repeat::is_repeat;
use crate::domain::tlhp::is_open;
use crate::domain::Id;

use super::tlhp::{TlhpFilter, TlhpRow};
use super::{App, AppError};

/// The earlier finding a finding repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatOf {
    /// The finding of this audit.
    pub finding: Id,
    pub earlier_audit: Id,
    pub earlier_audit_title: String,
    /// The earlier audit's LHP number (empty until given) and date (its LHP's, else the day it
    /// became final, else the day it was created).
    pub lhp_number: String,
    pub date: NaiveDate,
    pub earlier_finding: Id,
    pub earlier_title: String,
}

impl App {
    /// The audits of `audit`'s agency made before it, newest first.
    fn earlier_audits(&self, audit: &Audit) -> Result<Vec<Audit>, AppError> {
        let mut out: Vec<Audit> = self
            .store
            .audits()?
            .into_iter()
            .filter(|a| {
                a.id != audit.id
                    && a.agency.eq_ignore_ascii_case(&audit.agency)
                    && a.created_at < audit.created_at
            })
            .collect();
        out.sort_by_key(|a| std::cmp::Reverse(a.created_at));
        Ok(out)
    }

    /// The recommendations of earlier final audits of the same agency that are still open (2 or
    /// 3) on `today`: what the team should look at while it walks this one (Tindak lanjut hasil
    /// pemeriksaan sebelumnya), in register order.
    pub fn earlier_followup(
        &self,
        audit_key: &str,
        today: NaiveDate,
    ) -> Result<Vec<TlhpRow>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let earlier: Vec<Id> = self
            .earlier_audits(&audit)?
            .into_iter()
            .filter(|a| a.phase == Phase::Final)
            .map(|a| a.id)
            .collect();
        if earlier.is_empty() {
            return Ok(Vec::new());
        }
        let filter = TlhpFilter {
            agency: Some(audit.agency.clone()),
            ..TlhpFilter::default()
        };
        Ok(self
            .tlhp(&filter, today)?
            .into_iter()
            .filter(|r| earlier.contains(&r.audit) && is_open(r.status))
            .collect())
    }

    /// The findings of `audit_key` that repeat a finding of an earlier audit of the same agency,
    /// each with the latest one it repeats.
    pub fn repeats(&self, audit_key: &str) -> Result<Vec<RepeatOf>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let findings = self.store.findings_of_audit(&audit.id)?;
        self.repeats_of(&audit, &findings)
    }

    /// The earlier finding `f` repeats, if any.
    pub fn repeat_of(&self, f: &Finding) -> Result<Option<RepeatOf>, AppError> {
        let audit = self
            .store
            .audit(&f.audit)?
            .ok_or_else(|| AppError::UnknownAudit(f.audit.to_string()))?;
        Ok(self
            .repeats_of(&audit, std::slice::from_ref(f))?
            .into_iter()
            .next())
    }

    fn repeats_of(&self, audit: &Audit, findings: &[Finding]) -> Result<Vec<RepeatOf>, AppError> {
        let earlier = self.earlier_audits(audit)?;
        if earlier.is_empty() || findings.is_empty() {
            return Ok(Vec::new());
        }
        let similarity = self.repeat_similarity();
        let mut out = Vec::new();
        let mut left: Vec<&Finding> = findings.iter().collect();
        // newest earlier audit first: a finding repeats the latest one it matches
        for a in &earlier {
            if left.is_empty() {
                break;
            }
            let theirs = self.store.findings_of_audit(&a.id)?;
            if theirs.is_empty() {
                continue;
            }
            let engagement = self.engagement(a)?;
            let date = engagement
                .report
                .date
                .unwrap_or_else(|| a.finalised_at.unwrap_or(a.created_at).date_naive());
            left.retain(|f| {
                match theirs
                    .iter()
                    .find(|g| is_repeat(&f.content, &g.content, similarity))
                {
                    Some(g) => {
                        out.push(RepeatOf {
                            finding: f.id,
                            earlier_audit: a.id,
                            earlier_audit_title: a.title.clone(),
                            lhp_number: engagement.report.number.clone(),
                            date,
                            earlier_finding: g.id,
                            earlier_title: g.content.title.clone(),
                        });
                        false
                    }
                    None => true,
                }
            });
        }
        // in the order of this audit's findings
        out.sort_by_key(|r| findings.iter().position(|f| f.id == r.finding));
        Ok(out)
    }
}

//! Corrections: each one an event with a reason, kept in the trail — an answer cleared, an
//! evidence reference removed, a finding or rating recommendation withdrawn, a recommendation
//! edited, one's own sign-off withdrawn.

use crate::domain::model::{Finding, Rating, Response, Withdrawal};
use crate::domain::phase::{self, Role, SignOff};
use crate::present::{id_matches, short_id};
use crate::store::event::Payload;

use super::audit::{NewRating, RatingEvents};
use super::error::{said, Arg, Said};
use super::{App, AppError};

/// The reason a correction gives, trimmed; an empty one is refused.
pub(super) fn reason(r: &str) -> Result<String, AppError> {
    let r = super::clean(r);
    if r.is_empty() {
        return Err(said("error.correct.needs_reason", &[]));
    }
    Ok(r)
}

fn withdrawn_error(key: &'static str, id: &crate::domain::Id, w: &Withdrawal) -> AppError {
    AppError::Said(Said {
        key,
        args: vec![
            ("id", Arg::Text(short_id(id))),
            ("at", Arg::Time(w.at)),
            ("reason", Arg::Text(w.reason.clone())),
        ],
    })
}

/// Refuse a change to a withdrawn finding.
pub(super) fn ensure_standing(f: &Finding) -> Result<(), AppError> {
    match &f.withdrawn {
        Some(w) => Err(withdrawn_error("error.correct.finding_withdrawn", &f.id, w)),
        None => Ok(()),
    }
}

impl App {
    /// Find a current rating recommendation by its id, a unique prefix, or its short id.
    pub fn resolve_rating(&self, key: &str) -> Result<Rating, AppError> {
        if let Ok(id) = crate::domain::Id::parse_str(key.trim()) {
            if let Some(r) = self.store.rating(&id)? {
                return match &r.withdrawn {
                    Some(w) => Err(withdrawn_error("error.correct.rating_withdrawn", &r.id, w)),
                    None => Ok(r),
                };
            }
        }
        let mut found: Vec<Rating> = self
            .store
            .ratings()?
            .into_iter()
            .filter(|r| id_matches(&r.id, key))
            .collect();
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(said("error.correct.unknown_rating", &[("x", &key)])),
            n => Err(said(
                "error.correct.ambiguous_rating",
                &[("x", &key), ("n", &n)],
            )),
        }
    }

    /// Change a rating recommendation (an edit with a reason: before → after in the trail).
    /// Saving the same content again writes nothing.
    pub fn update_rating(
        &mut self,
        rating_key: &str,
        new: NewRating,
        why: &str,
    ) -> Result<Rating, AppError> {
        let old = self.resolve_rating(rating_key)?;
        let why = reason(why)?;
        let audit = self.audit_by_id(&old.audit)?;
        let c = self.checked_rating(&audit, &new)?;
        if let Some(other) = self.current_rating_of(&audit, &c.nip, &c.period)? {
            if other.id != old.id {
                return Err(AppError::RatingExists(Box::new(other)));
            }
        }
        let Some(payload) = c.updated(&old, why) else {
            return Ok(old);
        };
        self.commit(vec![payload])?;
        self.store
            .rating(&old.id)?
            .ok_or_else(|| said("error.vanished_rating", &[]))
    }

    /// Withdraw a rating recommendation: it leaves lists, checks and exports; the trail keeps it.
    pub fn withdraw_rating(&mut self, rating_key: &str, why: &str) -> Result<Rating, AppError> {
        let r = self.resolve_rating(rating_key)?;
        let why = reason(why)?;
        let audit = self.audit_by_id(&r.audit)?;
        phase::ensure_editable(audit.phase)?;
        self.commit(vec![Payload::RatingWithdrawn {
            id: r.id,
            audit: r.audit,
            reason: why,
        }])?;
        self.store
            .rating(&r.id)?
            .ok_or_else(|| said("error.vanished_rating", &[]))
    }

    /// Withdraw a finding: it leaves lists and exports; the trail keeps it.
    pub fn withdraw_finding(&mut self, finding_key: &str, why: &str) -> Result<Finding, AppError> {
        let f = self.resolve_finding(finding_key)?;
        ensure_standing(&f)?;
        let why = reason(why)?;
        let audit = self.audit_by_id(&f.audit)?;
        phase::ensure_editable(audit.phase)?;
        self.commit(vec![Payload::FindingWithdrawn {
            id: f.id,
            audit: f.audit,
            reason: why,
        }])?;
        self.store
            .finding(&f.id)?
            .ok_or_else(|| AppError::UnknownFinding(f.id.to_string()))
    }

    /// Withdraw the current profile's own sign-off as `role`, while no later role has signed.
    pub fn withdraw_signoff(
        &mut self,
        audit_key: &str,
        role: Role,
        why: &str,
    ) -> Result<SignOff, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let me = self.current_profile()?;
        let why = reason(why)?;
        phase::check_withdraw_signoff(audit.phase, role, me.id, &audit.signoffs)?;
        let signed = audit
            .signoffs
            .iter()
            .find(|s| s.role == role)
            .cloned()
            .ok_or(AppError::Phase(phase::PhaseError::NotSigned(role)))?;
        self.commit(vec![Payload::SignOffWithdrawn {
            audit: audit.id,
            role,
            reason: why,
        }])?;
        Ok(signed)
    }

    /// Clear an item's answer (its note and evidence stay), with a reason.
    pub fn clear_answer(
        &mut self,
        audit_key: &str,
        item_code: &str,
        why: &str,
    ) -> Result<Response, AppError> {
        let (audit, old) = self.response_to_correct(audit_key, item_code)?;
        if old.answer.is_none() {
            return Err(said("error.correct.no_answer", &[("item", &old.item)]));
        }
        self.correct_response(&audit, old, why, |r| r.answer = None)
    }

    /// Remove one evidence reference of an item, named by its file name, its number in the list
    /// (from 1) or the start of its SHA-256, with a reason.
    pub fn remove_evidence(
        &mut self,
        audit_key: &str,
        item_code: &str,
        which: &str,
        why: &str,
    ) -> Result<Response, AppError> {
        let (audit, old) = self.response_to_correct(audit_key, item_code)?;
        let which = which.trim();
        let by_number = which
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < old.evidence.len());
        let matching: Vec<usize> = match by_number {
            Some(i) => vec![i],
            None => old
                .evidence
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.name == which
                        || (which.len() >= 6
                            && hex::encode(e.sha256).starts_with(&which.to_lowercase()))
                })
                .map(|(i, _)| i)
                .collect(),
        };
        let names = || {
            old.evidence
                .iter()
                .enumerate()
                .map(|(i, e)| format!("{} {}", i + 1, e.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let index = match matching.as_slice() {
            [i] => *i,
            [] if old.evidence.is_empty() => {
                return Err(said("error.correct.no_evidence", &[("item", &old.item)]))
            }
            [] => {
                return Err(said(
                    "error.correct.unknown_evidence",
                    &[("item", &old.item), ("which", &which), ("names", &names())],
                ))
            }
            _ => {
                return Err(said(
                    "error.correct.ambiguous_evidence",
                    &[("item", &old.item), ("which", &which), ("names", &names())],
                ))
            }
        };
        self.correct_response(&audit, old, why, |r| {
            r.evidence.remove(index);
        })
    }

    fn audit_by_id(&self, id: &crate::domain::Id) -> Result<crate::domain::model::Audit, AppError> {
        self.store
            .audit(id)?
            .ok_or_else(|| AppError::UnknownAudit(id.to_string()))
    }

    fn response_to_correct(
        &self,
        audit_key: &str,
        item_code: &str,
    ) -> Result<(crate::domain::model::Audit, Response), AppError> {
        let audit = self.resolve_audit(audit_key)?;
        phase::ensure_editable(audit.phase)?;
        let template = self.pinned_template(&audit)?;
        let item = super::audit::item_of(&template, &audit, item_code)?;
        let old = self
            .store
            .response(&audit.id, &item.code)?
            .ok_or_else(|| said("error.correct.nothing_recorded", &[("item", &item.code)]))?;
        Ok((audit, old))
    }

    fn correct_response(
        &mut self,
        audit: &crate::domain::model::Audit,
        old: Response,
        why: &str,
        change: impl FnOnce(&mut Response),
    ) -> Result<Response, AppError> {
        let why = reason(why)?;
        let mut new = old.clone();
        change(&mut new);
        self.commit(vec![Payload::ResponseCorrected {
            audit: audit.id,
            item: new.item.clone(),
            answer: new.answer,
            note: new.note,
            evidence: new.evidence,
            reason: why,
        }])?;
        self.store
            .response(&audit.id, &old.item)?
            .ok_or_else(|| said("error.vanished_response", &[]))
    }
}

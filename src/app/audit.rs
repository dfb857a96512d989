//! Audit commands (new, answer, advance, sign, findings, ratings) and the views of an audit.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use sha2::{Digest, Sha256};

use crate::codec;
use crate::domain::codes::Table;
use crate::domain::followup::{Berakhlak, FollowUpAction, Severity};
use crate::domain::model::{
    Audit, Evidence, Finding, FindingContent, Rating, RatingContent, Recommendation, Response,
};
use crate::domain::nip::Nip;
use crate::domain::period::Period;
use crate::domain::phase::{self, Phase, Role, SignOff, SignState};
use crate::domain::rating::RatingLevel;
use crate::domain::score::{self, Answer, Compliance, Progress};
use crate::domain::template::{Item, Template};
use crate::domain::Id;
use crate::present::id_matches;
use crate::store::event::{Hash, Payload};

use super::error::said;
use super::recommendation::NewRecommendation;
use super::{clean, today, App, AppError};

/// Arguments of `audit new`.
#[derive(Debug, Clone, Default)]
pub struct NewAudit {
    pub agency: String,
    pub checklist: String,
    pub title: String,
    pub letter: Option<String>,
    pub period: Option<String>,
}

/// Arguments of `finding add`.
#[derive(Debug, Clone, Default)]
pub struct NewFinding {
    pub title: String,
    /// Kode temuan (empty: none).
    pub code: String,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    /// Kode sebab (empty: none).
    pub cause_code: String,
    pub akibat: String,
    pub recommendations: Vec<NewRecommendation>,
    pub tanggapan: String,
    pub severity: String,
    pub nips: Vec<String>,
    pub items: Vec<String>,
}

impl From<&Finding> for NewFinding {
    /// A finding's current content, as the starting point of an edit.
    fn from(f: &Finding) -> NewFinding {
        NewFinding {
            title: f.content.title.clone(),
            code: f.content.code.clone(),
            kondisi: f.content.kondisi.clone(),
            kriteria: f.content.kriteria.clone(),
            sebab: f.content.sebab.clone(),
            cause_code: f.content.cause_code.clone(),
            akibat: f.content.akibat.clone(),
            recommendations: f
                .content
                .recommendations
                .iter()
                .map(NewRecommendation::from)
                .collect(),
            tanggapan: f.content.tanggapan.clone(),
            severity: f.content.severity.code().to_string(),
            nips: f
                .content
                .nips
                .iter()
                .map(|n| n.as_str().to_string())
                .collect(),
            items: f.content.items.clone(),
        }
    }
}

/// Arguments of `rating add`.
#[derive(Debug, Clone, Default)]
pub struct NewRating {
    pub nip: String,
    pub hasil: String,
    pub perilaku: String,
    pub period: String,
    pub justification: String,
    pub berakhlak: Vec<(String, String)>,
    pub findings: Vec<String>,
    pub action: Option<String>,
}

/// An audit with the names its list line shows, cheap to list for every audit: the figures that
/// need its responses and findings are [`AuditStats`], asked for the lines on screen only.
#[derive(Debug, Clone)]
pub struct AuditHead {
    pub audit: Audit,
    pub agency_name: String,
    pub template_title: String,
}

/// An audit's progress, compliance score and findings by severity (low, medium, high).
#[derive(Debug, Clone, Copy)]
pub struct AuditStats {
    pub progress: Progress,
    pub compliance: Compliance,
    pub findings: [usize; 3],
}

/// One line of the audit list.
#[derive(Debug, Clone)]
pub struct AuditSummary {
    pub audit: Audit,
    pub agency_name: String,
    pub template_title: String,
    pub progress: Progress,
    pub compliance: Compliance,
    /// Findings by severity: low, medium, high.
    pub findings: [usize; 3],
}

/// One checklist item with what was recorded for it.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub section: String,
    pub section_title: String,
    pub item: Item,
    pub response: Option<Response>,
}

/// Everything about one audit.
#[derive(Debug, Clone)]
pub struct AuditView {
    pub summary: AuditSummary,
    pub template: Template,
    pub items: Vec<ItemView>,
    pub findings: Vec<Finding>,
    pub ratings: Vec<Rating>,
    pub state_hash: Hash,
    /// Each role of the review chain: its sign-off, if any, and whether it is still fresh.
    pub signoffs: Vec<(Role, Option<SignOff>, bool)>,
    /// The ranges of the checklist's number items (none for most checklists).
    pub limits: Vec<crate::domain::template::NumberLimit>,
    /// What the LHP states about the engagement (empty until set).
    pub engagement: crate::domain::engagement::Engagement,
    /// The public-satisfaction surveys (SKM) recorded with the audit, by item.
    pub surveys: Vec<crate::domain::skm::SurveyRecord>,
}

impl AuditView {
    /// The survey recorded for item `code`, if one is.
    pub fn survey(&self, code: &str) -> Option<&crate::domain::skm::SurveyRecord> {
        self.surveys
            .iter()
            .find(|s| s.item.eq_ignore_ascii_case(code))
    }

    /// The range of number item `code`, if its checklist gives one.
    pub fn limit(&self, code: &str) -> Option<&crate::domain::template::NumberLimit> {
        self.limits
            .iter()
            .find(|l| l.item.eq_ignore_ascii_case(code))
    }
}

impl AuditView {
    /// The due date of recommendation `no` of a finding: set for it, or the final date plus the
    /// deadline.
    pub fn followup_due(&self, f: &Finding, no: u16) -> Option<NaiveDate> {
        followup_due(&self.summary.audit, f, no)
    }
}

/// The due date of recommendation `no` of a finding: one set while following it up, else the one
/// the finding gives it, else the audit's final date plus the deadline fixed when it became final.
pub fn followup_due(a: &Audit, f: &Finding, no: u16) -> Option<NaiveDate> {
    f.followup
        .get(&no)
        .and_then(|h| h.due)
        .or_else(|| f.content.recommendation(no).and_then(|r| r.due))
        .or_else(|| {
            let at = a.finalised_at?;
            at.date_naive()
                .checked_add_days(Days::new(a.followup_days? as u64))
        })
}

/// `value` cleaned, or the error `empty` says when nothing is left.
fn blank(value: &str, empty: impl FnOnce() -> AppError) -> Result<String, AppError> {
    let v = clean(value);
    if v.is_empty() {
        return Err(empty());
    }
    Ok(v)
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<[u8; 32], AppError> {
    let file_err = |source| AppError::File {
        path: path.display().to_string(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(file_err)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(file_err)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

/// The item `code` (any case, spaces around ignored) of the checklist an audit pinned, or the
/// error that names the audit, the item and the checklist.
pub(super) fn item_of<'t>(
    template: &'t Template,
    audit: &Audit,
    code: &str,
) -> Result<&'t Item, AppError> {
    template
        .item(code.trim())
        .ok_or_else(|| AppError::UnknownItem {
            audit: audit.id.to_string(),
            item: code.to_string(),
            template: template.id.clone(),
        })
}

impl App {
    /// Find an audit by its id, a unique prefix of it, or its short id (the last digits).
    pub fn resolve_audit(&self, key: &str) -> Result<Audit, AppError> {
        // a whole id (what the TUI passes) is looked up directly; a short one is searched for
        if let Ok(id) = Id::parse_str(key.trim()) {
            if let Some(a) = self.store.audit(&id)? {
                return Ok(a);
            }
        }
        let found: Vec<Audit> = self
            .store
            .audits()?
            .into_iter()
            .filter(|a| id_matches(&a.id, key))
            .collect();
        match found.len() {
            0 => Err(AppError::UnknownAudit(key.to_string())),
            1 => Ok(found
                .into_iter()
                .next()
                .ok_or(AppError::UnknownAudit(key.to_string()))?),
            n => Err(AppError::AmbiguousAudit(key.to_string(), n)),
        }
    }

    pub(super) fn pinned_template(&self, audit: &Audit) -> Result<Arc<Template>, AppError> {
        if let Some(t) = self.templates.borrow().get(&audit.template_hash) {
            return Ok(Arc::clone(t));
        }
        let t = Arc::new(
            self.store
                .template(&audit.template_hash)?
                .ok_or_else(|| AppError::UnknownTemplate(audit.template_id.clone()))?,
        );
        self.templates
            .borrow_mut()
            .insert(audit.template_hash, Arc::clone(&t));
        Ok(t)
    }

    pub fn new_audit(&mut self, new: NewAudit) -> Result<Audit, AppError> {
        let agency = self
            .store
            .agency(new.agency.trim())?
            .or(self.store.agency(&new.agency.trim().to_uppercase())?)
            .ok_or_else(|| AppError::UnknownAgency(new.agency.clone()))?;
        let (hash, template) = self
            .store
            .template_latest(new.checklist.trim())?
            .ok_or_else(|| AppError::UnknownTemplate(new.checklist.clone()))?;
        let period = match new
            .period
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(p) => Some(Period::parse(p)?),
            None => None,
        };
        let id = Id::now_v7();
        let mut payloads = vec![Payload::AuditCreated {
            id,
            title: blank(&new.title, || said("error.blank.audit_title", &[]))?,
            agency: agency.code,
            template_id: template.id,
            template_hash: hash,
            letter: new.letter.map(|l| clean(&l)).filter(|l| !l.is_empty()),
            period,
        }];
        // the checklist's dasar, tujuan, ruang lingkup and metodologi start the engagement
        let defaults = self.store.template_defaults(&hash)?;
        if !defaults.is_empty() {
            payloads.push(Payload::EngagementSet {
                audit: id,
                engagement: defaults.engagement().checked()?,
            });
        }
        self.commit(payloads)?;
        self.store
            .audit(&id)?
            .ok_or_else(|| AppError::UnknownAudit(id.to_string()))
    }

    /// The hash of an audit's material content (responses, findings, ratings, the engagement but
    /// its letter block) that sign-offs bind to.
    pub fn state_hash(&self, audit: &Audit) -> Result<Hash, AppError> {
        let mut h = StateHasher::new(audit);
        for r in self.store.responses_iter(&audit.id) {
            h.response(&r?)?;
        }
        for f in self.store.findings_of_audit_iter(&audit.id) {
            h.finding(&f?)?;
        }
        for r in self.store.ratings_of_audit_iter(&audit.id) {
            h.rating(&r?)?;
        }
        self.finish_state(audit, h)
    }

    /// The state hash once the responses, findings and ratings are in: the engagement is added
    /// (what the LHP concludes is approved with the rest; its letter block is not), and an
    /// audit without one keeps the hash it always had.
    pub(super) fn finish_state(&self, audit: &Audit, mut h: StateHasher) -> Result<Hash, AppError> {
        let engagement = self.engagement(audit)?.material();
        // what an audit without an engagement shows: only the surat tugas it was created with
        let implied = crate::domain::engagement::Engagement {
            assignment: crate::domain::engagement::Letter {
                number: audit.letter.clone().unwrap_or_default(),
                date: None,
            },
            ..Default::default()
        };
        if engagement != implied {
            h.engagement(&engagement)?;
        }
        Ok(h.finish())
    }

    fn summary(&self, audit: Audit, template: &Template) -> Result<AuditSummary, AppError> {
        let stats = self.stats_with(&audit, template)?;
        let agency_name = self.agency_name(&audit.agency)?;
        Ok(AuditSummary {
            template_title: template.title.clone(),
            audit,
            agency_name,
            progress: stats.progress,
            compliance: stats.compliance,
            findings: stats.findings,
        })
    }

    fn agency_name(&self, code: &str) -> Result<String, AppError> {
        Ok(self
            .store
            .agency(code)?
            .map(|a| a.name)
            .unwrap_or_else(|| code.to_string()))
    }

    /// Every audit, most recently changed first, without the figures that read its responses.
    pub fn audit_heads(&self) -> Result<Vec<AuditHead>, AppError> {
        // one read of the agencies for the whole list, not a lookup per audit
        let names: HashMap<String, String> = self
            .store
            .agencies()?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect();
        let mut out = Vec::new();
        for audit in self.store.audits()? {
            let template_title = self.pinned_template(&audit)?.title.clone();
            let agency_name = names
                .get(&audit.agency)
                .cloned()
                .unwrap_or_else(|| audit.agency.clone());
            out.push(AuditHead {
                audit,
                agency_name,
                template_title,
            });
        }
        out.sort_by_key(|h| std::cmp::Reverse(h.audit.updated_at));
        Ok(out)
    }

    /// An audit's progress, score and findings.
    pub fn audit_stats(&self, audit: &Audit) -> Result<AuditStats, AppError> {
        let template = self.pinned_template(audit)?;
        self.stats_with(audit, &template)
    }

    fn stats_with(&self, audit: &Audit, template: &Template) -> Result<AuditStats, AppError> {
        let responses = self.store.responses(&audit.id)?;
        let by_item: HashMap<&str, &Answer> = responses
            .iter()
            .filter_map(|r| Some((r.item.as_str(), r.answer.as_ref()?)))
            .collect();
        let answer_of = |code: &str| by_item.get(code).copied();
        let progress = score::progress(template.items().map(|i| answer_of(&i.code)));
        let compliance =
            score::compliance(template.items().map(|i| (i.weight, answer_of(&i.code))));
        let mut findings = [0usize; 3];
        for f in self.store.findings_of_audit(&audit.id)? {
            findings[match f.content.severity {
                Severity::Low => 0,
                Severity::Medium => 1,
                Severity::High => 2,
            }] += 1;
        }
        Ok(AuditStats {
            progress,
            compliance,
            findings,
        })
    }

    pub fn audits(&self) -> Result<Vec<AuditSummary>, AppError> {
        let mut out = Vec::new();
        for a in self.store.audits()? {
            let t = self.pinned_template(&a)?;
            out.push(self.summary(a, &t)?);
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.audit.updated_at));
        Ok(out)
    }

    pub fn audit_view(&self, key: &str) -> Result<AuditView, AppError> {
        let audit = self.resolve_audit(key)?;
        let limits = self.store.template_limits(&audit.template_hash)?;
        let template = self.pinned_template(&audit)?;
        let mut responses: HashMap<String, Response> = self
            .store
            .responses(&audit.id)?
            .into_iter()
            .map(|r| (r.item.clone(), r))
            .collect();
        let items = template
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
            .map(|(s, i)| ItemView {
                section: s.code.clone(),
                section_title: s.title.clone(),
                item: i.clone(),
                response: responses.remove(&i.code),
            })
            .collect();
        let state_hash = self.state_hash(&audit)?;
        let signoffs = phase::signoff_states(&audit.signoffs, &state_hash)
            .iter()
            .map(|(role, st)| match st {
                SignState::Missing => (*role, None, false),
                SignState::Fresh(s) => (*role, Some((*s).clone()), true),
                SignState::Stale(s) => (*role, Some((*s).clone()), false),
            })
            .collect();
        let findings = self.store.findings_of_audit(&audit.id)?;
        let ratings = self.store.ratings_of_audit(&audit.id)?;
        let engagement = self.engagement(&audit)?;
        let surveys = self.store.surveys(&audit.id)?;
        let summary = self.summary(audit, &template)?;
        Ok(AuditView {
            summary,
            template: Template::clone(&template),
            items,
            findings,
            ratings,
            state_hash,
            signoffs,
            limits,
            engagement,
            surveys,
        })
    }

    /// Record (or change) what was seen for one item: the answer, the note, evidence references.
    /// Returns the response and whether anything changed.
    pub fn answer(
        &mut self,
        audit_key: &str,
        item_code: &str,
        answer: Option<&str>,
        note: Option<&str>,
        evidence: &[&Path],
    ) -> Result<(Response, bool), AppError> {
        let (audit, item, payload, old) =
            self.answer_change(audit_key, item_code, answer, note, evidence)?;
        let Some(payload) = payload else {
            return Ok((
                old.ok_or_else(|| said("error.vanished_response", &[]))?,
                false,
            ));
        };
        self.commit(vec![payload])?;
        let r = self
            .store
            .response(&audit.id, &item)?
            .ok_or_else(|| said("error.vanished_response", &[]))?;
        Ok((r, true))
    }

    /// What recording an answer would save (nothing when it changes nothing), checked as
    /// [`App::answer`] checks it: the audit, the item's code as the checklist spells it, the
    /// change, and the response before it.
    pub(crate) fn answer_change(
        &self,
        audit_key: &str,
        item_code: &str,
        answer: Option<&str>,
        note: Option<&str>,
        evidence: &[&Path],
    ) -> Result<(Audit, String, Option<Payload>, Option<Response>), AppError> {
        let audit = self.resolve_audit(audit_key)?;
        phase::ensure_editable(audit.phase)?;
        let template = self.pinned_template(&audit)?;
        let item = item_of(&template, &audit, item_code)?.clone();
        if answer.is_none() && note.is_none() && evidence.is_empty() {
            return Err(said("error.nothing_to_record", &[]));
        }
        let old = self.store.response(&audit.id, &item.code)?;
        let mut new_answer = old.as_ref().and_then(|r| r.answer);
        if let Some(a) = answer {
            new_answer =
                Some(
                    Answer::parse(item.answer, a).map_err(|source| AppError::Answer {
                        item: item.code.clone(),
                        source,
                    })?,
                );
        }
        let mut new_note = old.as_ref().map(|r| r.note.clone()).unwrap_or_default();
        if let Some(n) = note {
            new_note = n.trim_end().to_string();
        }
        let mut new_evidence = old.as_ref().map(|r| r.evidence.clone()).unwrap_or_default();
        for path in evidence {
            let sha256 = sha256_file(path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            if !new_evidence
                .iter()
                .any(|e| e.sha256 == sha256 && e.name == name)
            {
                new_evidence.push(Evidence {
                    name,
                    sha256,
                    note: String::new(),
                });
            }
        }
        let payload = response_recorded(
            &audit,
            &item,
            old.as_ref(),
            new_answer,
            new_note,
            new_evidence,
        )?;
        Ok((audit, item.code, payload, old))
    }

    /// Move an audit to its next phase; a final audit is reopened (to review) and needs a reason.
    pub fn advance(&mut self, audit_key: &str, reason: Option<&str>) -> Result<Audit, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let payload = if audit.phase == Phase::Final {
            let reason = reason.unwrap_or("");
            let to = phase::check_reopen(audit.phase, reason)?;
            Payload::PhaseChanged {
                audit: audit.id,
                from: audit.phase,
                to,
                reason: Some(reason.trim().to_string()),
                followup_days: None,
            }
        } else {
            // final waits for the completeness check: what blocks it is named, all of it
            if audit.phase == Phase::Review {
                let check = self.completeness(&audit.id.to_string(), None)?;
                if check.blocks_final() {
                    return Err(AppError::Incomplete(Box::new(check)));
                }
            }
            let hash = self.state_hash(&audit)?;
            let to = phase::check_advance(audit.phase, &audit.signoffs, &hash)?;
            Payload::PhaseChanged {
                audit: audit.id,
                from: audit.phase,
                to,
                reason: reason
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty()),
                followup_days: (to == Phase::Final).then(|| self.followup_days()),
            }
        };
        self.commit(vec![payload])?;
        self.store
            .audit(&audit.id)?
            .ok_or_else(|| AppError::UnknownAudit(audit.id.to_string()))
    }

    /// Sign the audit's current state in a role of the review chain, as the current profile.
    pub fn sign(&mut self, audit_key: &str, role: Role) -> Result<SignOff, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let profile = self.current_profile()?;
        let hash = self.state_hash(&audit)?;
        phase::check_sign(audit.phase, role, profile.id, &audit.signoffs, &hash)?;
        self.commit(vec![Payload::SignedOff {
            audit: audit.id,
            role,
            state_hash: hash,
        }])?;
        let audit = self
            .store
            .audit(&audit.id)?
            .ok_or_else(|| AppError::UnknownAudit(audit.id.to_string()))?;
        audit
            .signoffs
            .into_iter()
            .find(|s| s.role == role)
            .ok_or_else(|| said("error.vanished_signoff", &[]))
    }

    fn employee_nip(&self, raw: &str) -> Result<Nip, AppError> {
        let nip = Nip::parse(raw, today())?.nip;
        if self.store.employee(nip.as_str())?.is_none() {
            return Err(AppError::UnknownEmployee(nip.to_string()));
        }
        Ok(nip)
    }

    /// Check a finding's content against its audit (editable, items of the pinned checklist,
    /// NIPs on the roster) and give it in stored form.
    fn checked_finding(
        &self,
        audit: &Audit,
        previous: Option<&Finding>,
        new: &NewFinding,
    ) -> Result<FindingContent, AppError> {
        phase::ensure_editable(audit.phase)?;
        let template = self.pinned_template(audit)?;
        let mut items = Vec::new();
        for code in &new.items {
            let item = item_of(&template, audit, code)?;
            if !items.contains(&item.code) {
                items.push(item.code.clone());
            }
        }
        let mut nips = Vec::new();
        for raw in &new.nips {
            let nip = self.employee_nip(raw)?;
            if !nips.contains(&nip) {
                nips.push(nip);
            }
        }
        let severity = Severity::parse(&new.severity)?;
        let codes = self.codes()?;
        // a code the finding already has stays, though the tables may have changed since (a
        // kode sebab that has become a group of finer codes): only a new code is checked
        let code = |table: Table, typed: &str, had: Option<&str>| {
            if !typed.trim().is_empty() && had == Some(typed.trim()) {
                Ok(typed.trim().to_string())
            } else {
                self.checked_code(&codes, table, typed)
            }
        };
        let had = previous.map(|f| &f.content);
        Ok(FindingContent {
            items,
            title: blank(&new.title, || said("error.blank.finding_title", &[]))?,
            code: code(Table::Finding, &new.code, had.map(|c| c.code.as_str()))?,
            kondisi: blank(&new.kondisi, || said("error.blank.kondisi", &[]))?,
            kriteria: blank(&new.kriteria, || said("error.blank.kriteria", &[]))?,
            sebab: blank(&new.sebab, || said("error.blank.sebab", &[]))?,
            cause_code: code(
                Table::Cause,
                &new.cause_code,
                had.map(|c| c.cause_code.as_str()),
            )?,
            akibat: blank(&new.akibat, || said("error.blank.akibat", &[]))?,
            recommendations: self.checked_recommendations(
                &codes,
                previous,
                &new.recommendations,
            )?,
            tanggapan: clean(&new.tanggapan),
            severity,
            nips,
        })
    }

    pub fn raise_finding(&mut self, audit_key: &str, new: NewFinding) -> Result<Finding, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let (id, payload) = self.finding_raised(&audit, &new)?;
        self.commit(vec![payload])?;
        self.store
            .finding(&id)?
            .ok_or_else(|| AppError::UnknownFinding(id.to_string()))
    }

    /// The event that raises `new` in `audit`, after the checks of [`App::raise_finding`], and
    /// the id the finding gets.
    pub(super) fn finding_raised(
        &self,
        audit: &Audit,
        new: &NewFinding,
    ) -> Result<(Id, Payload), AppError> {
        let c = self.checked_finding(audit, None, new)?;
        let id = Id::now_v7();
        Ok((
            id,
            Payload::FindingRaised {
                id,
                audit: audit.id,
                content: c,
            },
        ))
    }

    /// The event that gives `f` the content `new`, after the checks of [`App::update_finding`];
    /// `None` when `new` is what `f` already holds.
    pub(super) fn finding_updated(
        &self,
        audit: &Audit,
        f: &Finding,
        new: &NewFinding,
    ) -> Result<Option<Payload>, AppError> {
        let c = self.checked_finding(audit, Some(f), new)?;
        if f.content == c {
            return Ok(None);
        }
        Ok(Some(Payload::FindingUpdated {
            id: f.id,
            audit: f.audit,
            content: c,
        }))
    }

    /// Replace a finding's content (the five elements, tanggapan, severity, items, ASN), with the
    /// same checks as raising it; refused on a final audit. Its follow-up is kept. Saving the same
    /// content again writes nothing.
    pub fn update_finding(
        &mut self,
        finding_key: &str,
        new: NewFinding,
    ) -> Result<Finding, AppError> {
        let f = self.resolve_finding(finding_key)?;
        super::correct::ensure_standing(&f)?;
        let audit = self
            .store
            .audit(&f.audit)?
            .ok_or_else(|| AppError::UnknownAudit(f.audit.to_string()))?;
        let Some(payload) = self.finding_updated(&audit, &f, &new)? else {
            return Ok(f);
        };
        self.commit(vec![payload])?;
        self.store
            .finding(&f.id)?
            .ok_or_else(|| AppError::UnknownFinding(f.id.to_string()))
    }

    /// Find a finding by its id, a unique prefix of it, or its short id (the last digits).
    pub fn resolve_finding(&self, key: &str) -> Result<Finding, AppError> {
        if let Ok(id) = Id::parse_str(key.trim()) {
            if let Some(f) = self.store.finding(&id)? {
                return Ok(f);
            }
        }
        let mut found = Vec::new();
        for a in self.store.audits()? {
            for f in self.store.findings_of_audit(&a.id)? {
                if id_matches(&f.id, key) {
                    found.push(f);
                }
            }
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(AppError::UnknownFinding(key.to_string())),
            n => Err(said("error.ambiguous_finding", &[("x", &key), ("n", &n)])),
        }
    }

    pub fn findings(&self, audit_key: &str) -> Result<Vec<Finding>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        Ok(self.store.findings_of_audit(&audit.id)?)
    }

    /// Recommend a rating for an ASN in an audit. There is one current recommendation per
    /// (audit, NIP, period): a second one is refused with a message naming the first, unless
    /// `replace` gives the reason to replace it (an edit of the first, before → after in the trail).
    pub fn recommend_rating(
        &mut self,
        audit_key: &str,
        new: NewRating,
        replace: Option<&str>,
    ) -> Result<Rating, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let c = self.checked_rating(&audit, &new)?;
        let (id, payload) = match (self.current_rating_of(&audit, &c.nip, &c.period)?, replace) {
            (None, _) => {
                let id = Id::now_v7();
                (id, c.recommended(id, audit.id))
            }
            (Some(old), Some(reason)) => {
                let reason = super::correct::reason(reason)?;
                match c.updated(&old, reason) {
                    Some(p) => (old.id, p),
                    None => return Ok(old),
                }
            }
            (Some(old), None) => return Err(AppError::RatingExists(Box::new(old))),
        };
        self.commit(vec![payload])?;
        self.store
            .rating(&id)?
            .ok_or_else(|| said("error.vanished_rating", &[]))
    }

    /// The current recommendation of `nip` for `period` in an audit, if there is one (the TUI
    /// asks before replacing it).
    pub fn current_rating(
        &self,
        audit_key: &str,
        nip: &str,
        period: &str,
    ) -> Result<Option<Rating>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let nip = Nip::parse(nip, today())?.nip;
        let period = Period::parse(period)?;
        self.current_rating_of(&audit, &nip, &period)
    }

    pub(super) fn current_rating_of(
        &self,
        audit: &Audit,
        nip: &Nip,
        period: &Period,
    ) -> Result<Option<Rating>, AppError> {
        Ok(self
            .store
            .ratings_of_nip(nip.as_str())?
            .into_iter()
            .find(|r| r.audit == audit.id && r.content.period == *period))
    }

    /// The event that recommends `new` in `audit`, after the checks of
    /// [`App::recommend_rating`] (a current recommendation for the same NIP and period refuses
    /// it), and the id the recommendation gets.
    pub(super) fn rating_recommended(
        &self,
        audit: &Audit,
        new: &NewRating,
    ) -> Result<(Id, Payload), AppError> {
        let c = self.checked_rating(audit, new)?;
        if let Some(old) = self.current_rating_of(audit, &c.nip, &c.period)? {
            return Err(AppError::RatingExists(Box::new(old)));
        }
        let id = Id::now_v7();
        Ok((id, c.recommended(id, audit.id)))
    }

    /// Check a recommendation's content against its audit (editable, NIP on the roster, findings
    /// of this audit) and give it in stored form.
    pub(super) fn checked_rating(
        &self,
        audit: &Audit,
        new: &NewRating,
    ) -> Result<RatingContent, AppError> {
        phase::ensure_editable(audit.phase)?;
        let nip = self.employee_nip(&new.nip)?;
        let hasil = RatingLevel::parse(&new.hasil)?;
        let perilaku = RatingLevel::parse(&new.perilaku)?;
        let period = Period::parse(&new.period)?;
        let mut berakhlak = Vec::new();
        for (value, note) in &new.berakhlak {
            berakhlak.push((Berakhlak::parse(value)?, clean(note)));
        }
        let mut findings = Vec::new();
        for key in &new.findings {
            let f = self.resolve_finding(key)?;
            if f.audit != audit.id {
                return Err(said("error.finding_of_another_audit", &[("id", &f.id)]));
            }
            findings.push(f.id);
        }
        let action = match &new.action {
            Some(a) => FollowUpAction::parse(a)?,
            None => FollowUpAction::None,
        };
        Ok(RatingContent {
            nip,
            period,
            hasil,
            perilaku,
            berakhlak,
            justification: clean(&new.justification),
            findings,
            action,
        })
    }

    pub fn ratings(
        &self,
        nip: Option<&str>,
        audit_key: Option<&str>,
    ) -> Result<Vec<Rating>, AppError> {
        let mut out = match (nip, audit_key) {
            (Some(n), _) => {
                let nip = Nip::parse(n, today())?.nip;
                self.store.ratings_of_nip(nip.as_str())?
            }
            (None, Some(a)) => {
                let audit = self.resolve_audit(a)?;
                self.store.ratings_of_audit(&audit.id)?
            }
            (None, None) => self.store.ratings()?,
        };
        if let (Some(_), Some(a)) = (nip, audit_key) {
            let audit = self.resolve_audit(a)?;
            out.retain(|r| r.audit == audit.id);
        }
        Ok(out)
    }
}

/// A rating recommendation's content, checked: the events that make and change it.
pub(super) trait RatingEvents {
    fn recommended(self, id: Id, audit: Id) -> Payload;
    fn updated(self, old: &Rating, reason: String) -> Option<Payload>;
}

impl RatingEvents for RatingContent {
    fn recommended(self, id: Id, audit: Id) -> Payload {
        Payload::RatingRecommended {
            id,
            audit,
            content: self,
        }
    }

    /// The edit that gives `old` this content; `None` when it already holds it.
    fn updated(self, old: &Rating, reason: String) -> Option<Payload> {
        (old.content != self).then_some(Payload::RatingUpdated {
            id: old.id,
            audit: old.audit,
            content: self,
            reason,
        })
    }
}

/// The event that records an item's response as given, after the checks of [`App::answer`]
/// (the audit is editable); `None` when nothing changes.
pub(super) fn response_recorded(
    audit: &Audit,
    item: &Item,
    old: Option<&Response>,
    answer: Option<Answer>,
    note: String,
    evidence: Vec<Evidence>,
) -> Result<Option<Payload>, AppError> {
    phase::ensure_editable(audit.phase)?;
    if let Some(a) = &answer {
        if !a.fits(item.answer) {
            return Err(said(
                "error.answer_does_not_fit",
                &[("answer", &a.code()), ("item", &item.code)],
            ));
        }
    }
    let unchanged =
        old.is_some_and(|r| r.answer == answer && r.note == note && r.evidence == evidence);
    if unchanged {
        return Ok(None);
    }
    Ok(Some(Payload::ResponseRecorded {
        audit: audit.id,
        item: item.code.clone(),
        answer,
        note,
        evidence,
    }))
}

/// Canonical bytes of a part of the audit state, for the state hash.
fn enc<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    codec::encode(v).map_err(|e| AppError::Store(crate::store::StoreError::Codec(e)))
}

/// Builds [`App::state_hash`] from an audit's responses (in store order), then its findings, then
/// its ratings, so a caller that reads them anyway (the export) hashes them in the same pass.
pub(super) struct StateHasher(blake3::Hasher);

impl StateHasher {
    pub(super) fn new(audit: &Audit) -> StateHasher {
        let mut h = blake3::Hasher::new();
        h.update(audit.id.as_bytes());
        h.update(&audit.template_hash);
        StateHasher(h)
    }

    pub(super) fn response(&mut self, r: &Response) -> Result<(), AppError> {
        self.0
            .update(&enc(&(&r.item, &r.answer, &r.note, &r.evidence))?);
        Ok(())
    }

    pub(super) fn finding(&mut self, f: &Finding) -> Result<(), AppError> {
        let c = &f.content;
        // a finding as every one was before codes and lists of recommendations hashes as it did
        // then, so that sign-offs given before stay fresh
        let rekomendasi = match c.recommendations.as_slice() {
            [] => String::new(),
            [one]
                if one.no == 1
                    && Recommendation {
                        due: None,
                        ..one.clone()
                    }
                    .is_plain() =>
            {
                one.text.clone()
            }
            _ => String::new(),
        };
        self.0.update(&enc(&(
            &f.id,
            &c.items,
            &c.title,
            [
                &c.kondisi,
                &c.kriteria,
                &c.sebab,
                &c.akibat,
                &rekomendasi,
                &c.tanggapan,
            ],
            &c.severity,
            &c.nips,
        ))?);
        let plain = c.code.is_empty()
            && c.cause_code.is_empty()
            && matches!(c.recommendations.as_slice(), [] | [_])
            && c.recommendations.iter().all(|r| {
                r.no == 1
                    && Recommendation {
                        due: None,
                        ..r.clone()
                    }
                    .is_plain()
            });
        if !plain {
            self.0.update(b"finding.v2");
            // the due date is the follow-up's, not the report's: it may move after final
            let recs: Vec<_> = c
                .recommendations
                .iter()
                .map(|r| (r.no, &r.code, &r.text, &r.official, r.value))
                .collect();
            self.0.update(&enc(&(&c.code, &c.cause_code, recs))?);
        }
        Ok(())
    }

    pub(super) fn rating(&mut self, r: &Rating) -> Result<(), AppError> {
        self.0.update(&enc(&(
            &r.id,
            &r.content.nip,
            &r.content.period,
            &r.content.hasil,
            &r.content.perilaku,
            &r.content.berakhlak,
            &r.content.justification,
            &r.content.findings,
            &r.content.action,
        ))?);
        Ok(())
    }

    pub(super) fn engagement(
        &mut self,
        e: &crate::domain::engagement::Engagement,
    ) -> Result<(), AppError> {
        self.0.update(b"engagement");
        self.0.update(&enc(e)?);
        Ok(())
    }

    pub(super) fn finish(self) -> Hash {
        *self.0.finalize().as_bytes()
    }
}

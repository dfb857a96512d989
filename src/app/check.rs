//! The completeness check of an audit (`audit check`, the TUI's panel before review and final):
//! gathers the gaps from the audit's items, findings, conflicts and sign-offs; the rules that say
//! which block final come from `data/rules/kelengkapan.toml` or the store's own rule file.

use std::path::Path;

use crate::domain::check::{out_of_range, CheckRules, Completeness, Gap, RulesError};
use crate::domain::phase::{signoff_states, SignState};
use crate::domain::score::Answer;
use crate::present::short_id;

use super::{said, App, AppError};

impl App {
    /// The completeness rules in force: `rules` if given, else the store's
    /// (`completeness_rules` in settings.toml), else the shipped ones.
    pub fn completeness_rules(&self, rules: Option<&Path>) -> Result<CheckRules, AppError> {
        // a path in settings.toml is relative to the store (an absolute one stays as it is)
        let path = rules.map(Path::to_path_buf).or_else(|| {
            self.settings
                .completeness_rules
                .as_ref()
                .map(|p| self.dir().join(p))
        });
        let bad = |e| rules_error("", e);
        match path {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| AppError::File {
                    path: p.display().to_string(),
                    source: e,
                })?;
                CheckRules::from_toml(&text)
                    .map_err(|e| rules_error(&format!("{}: ", p.display()), e))
            }
            None => CheckRules::builtin().map_err(bad),
        }
    }

    /// Use the completeness rule file `path` for this store from now on (kept in its
    /// `settings.toml`), or the shipped rules again with `None`. The file is read first: a bad
    /// one is refused and the rules in force stay.
    pub fn use_completeness_rules(&mut self, path: Option<&Path>) -> Result<(), AppError> {
        if let Some(p) = path {
            self.completeness_rules(Some(p))?;
        }
        let mut settings = self.settings.clone();
        settings.completeness_rules = path.map(Path::to_path_buf);
        self.store.save_settings(&settings)?;
        self.settings = settings;
        Ok(())
    }

    /// What is still missing in an audit, and which of it blocks final.
    pub fn completeness(
        &self,
        audit_key: &str,
        rules: Option<&Path>,
    ) -> Result<Completeness, AppError> {
        let rules = self.completeness_rules(rules)?;
        let view = self.audit_view(audit_key)?;
        let audit = &view.summary.audit;
        let mut gaps = Vec::new();
        for it in &view.items {
            let code = &it.item.code;
            let answer = it.response.as_ref().and_then(|r| r.answer);
            let Some(answer) = answer else {
                gaps.push(Gap::Unanswered { item: code.clone() });
                continue;
            };
            let has_evidence = it.response.as_ref().is_some_and(|r| !r.evidence.is_empty());
            if it.item.evidence_required && answer != Answer::NotApplicable && !has_evidence {
                gaps.push(Gap::EvidenceMissing { item: code.clone() });
            }
            if let Answer::Number(value) = answer {
                if let Some(l) = view.limit(code) {
                    if out_of_range(value, l.min, l.max) {
                        gaps.push(Gap::OutOfRange {
                            item: code.clone(),
                            value,
                            min: l.min,
                            max: l.max,
                        });
                    }
                }
            }
        }
        for f in &view.findings {
            if f.content.nips.is_empty() {
                gaps.push(Gap::FindingWithoutAsn {
                    finding: short_id(&f.id),
                    title: f.content.title.clone(),
                });
            }
            let undated =
                f.content.recommendations.iter().any(|r| {
                    r.due.is_none() && f.followup.get(&r.no).is_none_or(|h| h.due.is_none())
                });
            if undated && audit.finalised_at.is_none() {
                gaps.push(Gap::FindingWithoutDue {
                    finding: short_id(&f.id),
                    title: f.content.title.clone(),
                });
            }
        }
        for c in self.conflicts(Some(&audit.id.to_string()))? {
            gaps.push(Gap::OpenConflict {
                conflict: c.id.clone(),
                about: c.winner.summary.clone(),
            });
        }
        for (role, state) in signoff_states(&audit.signoffs, &view.state_hash) {
            if let SignState::Stale(_) = state {
                gaps.push(Gap::StaleSignOff { role });
            }
        }
        for part in view.engagement.missing_parts() {
            gaps.push(Gap::EngagementIncomplete { part });
        }
        Ok(Completeness { gaps, rules })
    }
}

/// A completeness rule file that does not read, said by key; `at` is `PATH: ` for the user's own
/// file and empty for the shipped one.
fn rules_error(at: &str, e: RulesError) -> AppError {
    match e {
        RulesError::Toml(reason) => said("error.rules.toml", &[("at", &at), ("reason", &reason)]),
        RulesError::UnknownKey { key, known } => said(
            "error.rules.unknown_key",
            &[("at", &at), ("key", &key), ("known", &known)],
        ),
        RulesError::Missing(key) => said("error.rules.missing", &[("at", &at), ("key", &key)]),
    }
}

/// One line per kind of gap in English, for the command line's JSON (see
/// [`super::gap_line_in`] for the user's language).
pub fn gap_line(g: &Gap) -> String {
    super::gap_line_in(g, crate::text::Strings::of(crate::text::Lang::En))
}

/// The gaps that block final, counted by kind with the first few named.
pub(super) fn blocking_summary(c: &Completeness) -> String {
    let blocking: Vec<&Gap> = c.blocking().collect();
    let mut parts: Vec<String> = blocking.iter().take(5).map(|g| gap_line(g)).collect();
    if blocking.len() > 5 {
        parts.push(format!("and {} more", blocking.len() - 5));
    }
    format!(
        "{} gap(s) block it — {}; see `periksa audit check`",
        blocking.len(),
        parts.join("; ")
    )
}

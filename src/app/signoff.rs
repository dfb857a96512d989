//! The review chain of an audit as a board: each role with who signed it, when, whether the
//! sign-off still holds, and — when it is stale — the change that made it so.

use crate::domain::phase::{signoff_state, Role, SignOff, SignState};
use crate::store::event::Kind;
use crate::store::EventFilter;

use super::{describe, App, AppError};

/// One role of the review chain.
#[derive(Debug, Clone)]
pub struct SignOffRow {
    pub role: Role,
    pub signoff: Option<SignOff>,
    /// The signer's name (for a sign-off).
    pub signer: String,
    /// Signed for the audit as it is now.
    pub fresh: bool,
    /// For a stale sign-off: the first change after it (who, when, what), if it can be found.
    pub stale_by: Option<StaleBy>,
}

#[derive(Debug, Clone)]
pub struct StaleBy {
    pub actor: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// What the change did, in English (see [`StaleBy::what_in`]).
    pub what: String,
    /// The change itself.
    pub payload: crate::store::event::Payload,
}

impl StaleBy {
    /// What the change did, in the language of `t`.
    pub fn what_in(&self, t: &crate::text::Strings) -> String {
        super::trail::describe_payload(&self.payload, t)
    }
}

/// The kinds of change that move the state a sign-off is bound to.
const MATERIAL: [Kind; 9] = [
    Kind::ResponseRecorded,
    Kind::ResponseCorrected,
    Kind::FindingRaised,
    Kind::FindingUpdated,
    Kind::FindingWithdrawn,
    Kind::RatingRecommended,
    Kind::RatingUpdated,
    Kind::RatingWithdrawn,
    Kind::ConflictResolved,
];

/// How many events after a sign-off are read to find the one that made it stale.
const STALE_SEARCH: usize = 2_000;

impl App {
    /// The four roles of an audit's review chain, in signing order.
    pub fn signoff_board(&self, audit_key: &str) -> Result<Vec<SignOffRow>, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        let hash = self.state_hash(&audit)?;
        let mut rows = Vec::new();
        for role in Role::ALL {
            let state = signoff_state(&audit.signoffs, role, &hash);
            let signoff = state.signoff().cloned();
            let stale_by = match (&state, &signoff) {
                (SignState::Stale(_), Some(s)) => {
                    let filter = EventFilter {
                        audit: Some(audit.id),
                        since_ms: Some(s.at.timestamp_millis() + 1),
                        ..EventFilter::default()
                    };
                    // newest first: the last material one is the first change after the sign-off
                    self.log(&filter, STALE_SEARCH)?
                        .into_iter()
                        .rev()
                        .find(|e| MATERIAL.contains(&e.kind()))
                        .map(|e| StaleBy {
                            actor: self.actor_name(&e.body.actor),
                            at: e.at(),
                            what: describe(&e),
                            payload: e.body.payload.clone(),
                        })
                }
                _ => None,
            };
            rows.push(SignOffRow {
                role,
                signer: signoff
                    .as_ref()
                    .map(|s| self.actor_name(&s.profile))
                    .unwrap_or_default(),
                fresh: state.is_fresh(),
                signoff,
                stale_by,
            });
        }
        Ok(rows)
    }
}

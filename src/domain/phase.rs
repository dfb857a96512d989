//! Audit phases, the lock on a final audit, and sign-offs along the APIP review chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    Planning,
    Fieldwork,
    Review,
    Final,
}

/// Roles of the review chain, in the order they sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// anggota tim
    Member,
    /// ketua tim
    Lead,
    /// pengendali teknis
    Technical,
    /// pengendali mutu
    Quality,
}

/// A sign-off binds a person in a role to the hash of the audit state they approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub role: Role,
    pub profile: Id,
    pub at: DateTime<Utc>,
    pub state_hash: [u8; 32],
}

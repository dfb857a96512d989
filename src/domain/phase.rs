//! Audit phases, the lock on a final audit, and sign-offs along the APIP review chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::{display_code, word_enum};
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

/// Why a phase change, reopening or sign-off is refused, or a word names no phase or role.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PhaseError {
    #[error("unknown phase {0:?}: use planning|fieldwork|review|final (perencanaan|pelaksanaan|reviu|selesai)")]
    UnknownPhase(String),
    #[error(
        "unknown role {0:?}: use member|lead|technical|quality (anggota|ketua|pt|pm, or at|kt)"
    )]
    UnknownRole(String),
    #[error("the audit is final and locked: reopen it with a reason first")]
    Locked,
    #[error("reopening a final audit needs a reason: give a non-empty reason")]
    ReopenNeedsReason,
    #[error("cannot reopen an audit in phase {0}: only a final audit can be reopened")]
    NotFinal(Phase),
    #[error("cannot make the audit final: the sign-off of {} ({}) is missing", .0.label_id(), .0.code())]
    SignOffMissing(Role),
    #[error("cannot make the audit final: the sign-off of {} ({}) is stale (the audit changed after it was signed); it must sign again", .0.label_id(), .0.code())]
    SignOffStale(Role),
    #[error("cannot sign as {} before {} has a fresh sign-off", .role.label_id(), .before.label_id())]
    SignOutOfOrder { role: Role, before: Role },
    #[error("this profile already signed the audit as {} and cannot also sign as {}: each role of the review chain needs a different person", .signed.label_id(), .role.label_id())]
    SamePerson { role: Role, signed: Role },
    #[error("cannot sign off an audit in phase {0}: sign-offs are made in fieldwork or review")]
    CannotSignInPhase(Phase),
    #[error("there is no sign-off as {} to withdraw", .0.label_id())]
    NotSigned(Role),
    #[error("the sign-off as {} was given by another profile: only the person who signed can withdraw it", .0.label_id())]
    NotYourSignOff(Role),
    #[error("the sign-off as {} cannot be withdrawn: {} has signed after it (that sign-off must be withdrawn first)", .role.label_id(), .later.label_id())]
    LaterRoleSigned { role: Role, later: Role },
}

word_enum! {
    Phase, 4, PhaseError, PhaseError::UnknownPhase;
    Planning => "planning", "Perencanaan", "Planning", ["rencana"];
    Fieldwork => "fieldwork", "Pelaksanaan", "Fieldwork", ["field work", "lapangan"];
    Review => "review", "Reviu", "Review", ["pelaporan"];
    Final => "final", "Final", "Final", ["selesai", "done"];
}

word_enum! {
    Role, 4, PhaseError, PhaseError::UnknownRole;
    Member => "member", "Anggota Tim", "Team member", ["anggota", "at", "team member"];
    Lead => "lead", "Ketua Tim", "Team lead", ["ketua", "kt", "team leader", "leader"];
    Technical => "technical", "Pengendali Teknis", "Technical controller",
        ["pt", "dalnis", "technical supervisor"];
    Quality => "quality", "Pengendali Mutu", "Quality controller",
        ["pm", "daltu", "quality control"];
}

display_code!(Phase: PhaseError, Role: PhaseError);

impl Phase {
    /// The phase after this one; `None` for `Final`.
    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Planning => Some(Phase::Fieldwork),
            Phase::Fieldwork => Some(Phase::Review),
            Phase::Review => Some(Phase::Final),
            Phase::Final => None,
        }
    }

    /// A final audit is locked: nothing may change until it is reopened.
    pub fn is_locked(self) -> bool {
        self == Phase::Final
    }

    /// Whether sign-offs can be made in this phase (fieldwork and review).
    pub fn allows_signing(self) -> bool {
        matches!(self, Phase::Fieldwork | Phase::Review)
    }
}

impl Role {
    /// The roles that must sign before this one, in chain order.
    pub fn before(self) -> &'static [Role] {
        let i = Role::ALL.iter().position(|r| *r == self).unwrap_or(0);
        &Role::ALL[..i]
    }

    /// The roles that sign after this one.
    pub fn after(self) -> &'static [Role] {
        let i = Role::ALL
            .iter()
            .position(|r| *r == self)
            .map_or(Role::ALL.len(), |i| i + 1);
        &Role::ALL[i..]
    }
}

/// The state of one role's sign-off against the current audit state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignState<'a> {
    Missing,
    /// Signed for the current state.
    Fresh(&'a SignOff),
    /// Signed for an earlier state: the audit changed since.
    Stale(&'a SignOff),
}

impl<'a> SignState<'a> {
    pub fn is_fresh(&self) -> bool {
        matches!(self, SignState::Fresh(_))
    }

    pub fn signoff(&self) -> Option<&'a SignOff> {
        match *self {
            SignState::Missing => None,
            SignState::Fresh(s) | SignState::Stale(s) => Some(s),
        }
    }
}

/// The state of the sign-off of one role.
pub fn signoff_state<'a>(
    signoffs: &'a [SignOff],
    role: Role,
    current_hash: &[u8; 32],
) -> SignState<'a> {
    match signoffs.iter().rev().find(|s| s.role == role) {
        None => SignState::Missing,
        Some(s) if s.state_hash == *current_hash => SignState::Fresh(s),
        Some(s) => SignState::Stale(s),
    }
}

/// The state of every role's sign-off, in chain order.
pub fn signoff_states<'a>(
    signoffs: &'a [SignOff],
    current_hash: &[u8; 32],
) -> [(Role, SignState<'a>); 4] {
    Role::ALL.map(|r| (r, signoff_state(signoffs, r, current_hash)))
}

/// Changes to the audit content are refused once it is final.
pub fn ensure_editable(phase: Phase) -> Result<(), PhaseError> {
    if phase.is_locked() {
        Err(PhaseError::Locked)
    } else {
        Ok(())
    }
}

/// Whether `profile` may withdraw its sign-off as `role`: the audit is not final, the sign-off is
/// theirs, and no later role of the chain has signed.
pub fn check_withdraw_signoff(
    phase: Phase,
    role: Role,
    profile: Id,
    signoffs: &[SignOff],
) -> Result<(), PhaseError> {
    ensure_editable(phase)?;
    let Some(s) = signoffs.iter().find(|s| s.role == role) else {
        return Err(PhaseError::NotSigned(role));
    };
    if s.profile != profile {
        return Err(PhaseError::NotYourSignOff(role));
    }
    if let Some(later) = role
        .after()
        .iter()
        .find(|r| signoffs.iter().any(|s| s.role == **r))
    {
        return Err(PhaseError::LaterRoleSigned {
            role,
            later: *later,
        });
    }
    Ok(())
}

/// The phase the audit may move to next. Planning → fieldwork → review is free; review → final needs
/// a fresh sign-off of every role, each by a different person.
pub fn check_advance(
    phase: Phase,
    signoffs: &[SignOff],
    current_hash: &[u8; 32],
) -> Result<Phase, PhaseError> {
    match phase {
        Phase::Final => Err(PhaseError::Locked),
        Phase::Planning | Phase::Fieldwork => Ok(phase.next().unwrap_or(phase)),
        Phase::Review => {
            let states = signoff_states(signoffs, current_hash);
            for (role, state) in states {
                match state {
                    SignState::Missing => return Err(PhaseError::SignOffMissing(role)),
                    SignState::Stale(_) => return Err(PhaseError::SignOffStale(role)),
                    SignState::Fresh(_) => {}
                }
            }
            for (i, (role, state)) in states.iter().enumerate() {
                let profile = state.signoff().map(|s| s.profile);
                if let Some((signed, _)) = states[..i]
                    .iter()
                    .find(|(_, st)| st.signoff().map(|s| s.profile) == profile)
                {
                    return Err(PhaseError::SamePerson {
                        role: *role,
                        signed: *signed,
                    });
                }
            }
            Ok(Phase::Final)
        }
    }
}

/// Reopening a final audit returns it to review; the reason must not be blank.
pub fn check_reopen(phase: Phase, reason: &str) -> Result<Phase, PhaseError> {
    if phase != Phase::Final {
        return Err(PhaseError::NotFinal(phase));
    }
    if reason.trim().is_empty() {
        return Err(PhaseError::ReopenNeedsReason);
    }
    Ok(Phase::Review)
}

/// Whether `profile` may sign the audit as `role` now: only in fieldwork or review, after every
/// earlier role of the chain has a fresh sign-off, and only if the profile holds no other role's
/// sign-off on this audit (re-signing its own role is fine).
pub fn check_sign(
    phase: Phase,
    role: Role,
    profile: Id,
    signoffs: &[SignOff],
    current_hash: &[u8; 32],
) -> Result<(), PhaseError> {
    if !phase.allows_signing() {
        return Err(PhaseError::CannotSignInPhase(phase));
    }
    if let Some(s) = signoffs
        .iter()
        .find(|s| s.profile == profile && s.role != role)
    {
        return Err(PhaseError::SamePerson {
            role,
            signed: s.role,
        });
    }
    for before in role.before() {
        if !signoff_state(signoffs, *before, current_hash).is_fresh() {
            return Err(PhaseError::SignOutOfOrder {
                role,
                before: *before,
            });
        }
    }
    Ok(())
}

/// Records a sign-off: it replaces an earlier sign-off of the same role; the list stays in chain order.
pub fn record_signoff(signoffs: &mut Vec<SignOff>, s: SignOff) {
    signoffs.retain(|o| o.role != s.role);
    let at = signoffs
        .iter()
        .position(|o| o.role > s.role)
        .unwrap_or(signoffs.len());
    signoffs.insert(at, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const H1: [u8; 32] = [1; 32];
    const H2: [u8; 32] = [2; 32];

    fn person(n: u128) -> Id {
        Id::from_u128(n)
    }

    fn sign(role: Role, who: u128, hash: [u8; 32]) -> SignOff {
        SignOff {
            role,
            profile: person(who),
            at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
            state_hash: hash,
        }
    }

    #[test]
    fn a_sign_off_is_withdrawn_by_its_signer_while_no_later_role_signed() {
        let chain = vec![sign(Role::Member, 1, H1), sign(Role::Lead, 2, H1)];
        let w = |role, who| check_withdraw_signoff(Phase::Review, role, person(who), &chain);
        assert_eq!(w(Role::Lead, 2), Ok(()));
        assert_eq!(
            w(Role::Member, 1),
            Err(PhaseError::LaterRoleSigned {
                role: Role::Member,
                later: Role::Lead
            })
        );
        assert_eq!(
            w(Role::Lead, 1),
            Err(PhaseError::NotYourSignOff(Role::Lead))
        );
        assert_eq!(
            w(Role::Technical, 3),
            Err(PhaseError::NotSigned(Role::Technical))
        );
        assert_eq!(
            check_withdraw_signoff(Phase::Final, Role::Lead, person(2), &chain),
            Err(PhaseError::Locked)
        );
        assert_eq!(
            Role::Member.after(),
            &[Role::Lead, Role::Technical, Role::Quality]
        );
        assert!(Role::Quality.after().is_empty());
    }

    #[test]
    fn words() {
        for p in Phase::ALL {
            for w in p.words() {
                assert_eq!(Phase::parse(w), Ok(p), "{w}");
            }
            assert_eq!(p.to_string().parse::<Phase>(), Ok(p));
        }
        assert_eq!(Phase::parse("Perencanaan"), Ok(Phase::Planning));
        assert_eq!(Phase::parse("pelaksanaan"), Ok(Phase::Fieldwork));
        assert_eq!(Phase::parse("REVIU"), Ok(Phase::Review));
        assert_eq!(Phase::parse("selesai"), Ok(Phase::Final));
        for r in Role::ALL {
            for w in r.words() {
                assert_eq!(Role::parse(w), Ok(r), "{w}");
            }
        }
        assert_eq!(Role::parse("AT"), Ok(Role::Member));
        assert_eq!(Role::parse("ketua_tim"), Ok(Role::Lead));
        assert_eq!(Role::parse("Pengendali Teknis"), Ok(Role::Technical));
        assert_eq!(Role::parse("pm"), Ok(Role::Quality));
        assert_eq!(Role::Lead.label_id(), "Ketua Tim");
        let e = Role::parse("bos").unwrap_err();
        assert!(e.to_string().contains("\"bos\""), "{e}");
        assert!(Phase::parse("arsip").is_err());
    }

    #[test]
    fn next_and_lock() {
        assert_eq!(Phase::Planning.next(), Some(Phase::Fieldwork));
        assert_eq!(Phase::Fieldwork.next(), Some(Phase::Review));
        assert_eq!(Phase::Review.next(), Some(Phase::Final));
        assert_eq!(Phase::Final.next(), None);
        assert_eq!(
            Phase::ALL.map(|p| p.is_locked()),
            [false, false, false, true]
        );
        assert_eq!(ensure_editable(Phase::Review), Ok(()));
        let e = ensure_editable(Phase::Final).unwrap_err();
        assert_eq!(e, PhaseError::Locked);
        assert!(e.to_string().contains("reopen it with a reason first"));
        assert_eq!(Role::Technical.before(), &[Role::Member, Role::Lead]);
        assert!(Role::Member.before().is_empty());
    }

    #[test]
    fn whole_lifecycle() {
        let mut phase = Phase::Planning;
        let mut signs = Vec::new();
        assert_eq!(
            check_sign(phase, Role::Member, person(1), &signs, &H1),
            Err(PhaseError::CannotSignInPhase(Phase::Planning))
        );
        phase = check_advance(phase, &signs, &H1).unwrap();
        assert_eq!(phase, Phase::Fieldwork);
        phase = check_advance(phase, &signs, &H1).unwrap();
        assert_eq!(phase, Phase::Review);
        assert_eq!(
            check_advance(phase, &signs, &H1),
            Err(PhaseError::SignOffMissing(Role::Member))
        );
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let who = i as u128 + 1;
            check_sign(phase, role, person(who), &signs, &H1).unwrap();
            record_signoff(&mut signs, sign(role, who, H1));
        }
        assert!(signoff_states(&signs, &H1)
            .iter()
            .all(|(_, s)| s.is_fresh()));
        phase = check_advance(phase, &signs, &H1).unwrap();
        assert_eq!(phase, Phase::Final);
        assert_eq!(check_advance(phase, &signs, &H1), Err(PhaseError::Locked));
        assert_eq!(
            check_sign(phase, Role::Quality, person(4), &signs, &H1),
            Err(PhaseError::CannotSignInPhase(Phase::Final))
        );
        phase = check_reopen(phase, "salah ketik pada temuan 2").unwrap();
        assert_eq!(phase, Phase::Review);
        assert_eq!(ensure_editable(phase), Ok(()));
    }

    #[test]
    fn stale_after_change() {
        let signs: Vec<SignOff> = Role::ALL
            .into_iter()
            .enumerate()
            .map(|(i, r)| sign(r, i as u128 + 1, H1))
            .collect();
        assert_eq!(check_advance(Phase::Review, &signs, &H1), Ok(Phase::Final));
        // The audit changed: every sign-off is stale.
        assert_eq!(
            check_advance(Phase::Review, &signs, &H2),
            Err(PhaseError::SignOffStale(Role::Member))
        );
        let states = signoff_states(&signs, &H2);
        assert!(matches!(states[0], (Role::Member, SignState::Stale(_))));
        // The member re-signs; the lead's sign-off is still stale.
        let mut signs = signs;
        record_signoff(&mut signs, sign(Role::Member, 1, H2));
        assert_eq!(
            check_advance(Phase::Review, &signs, &H2),
            Err(PhaseError::SignOffStale(Role::Lead))
        );
        assert_eq!(signs.len(), 4);
        assert_eq!(signs.iter().map(|s| s.role).collect::<Vec<_>>(), Role::ALL);
        let e = PhaseError::SignOffStale(Role::Lead).to_string();
        assert!(e.contains("Ketua Tim") && e.contains("stale"), "{e}");
    }

    #[test]
    fn order_enforced() {
        let mut signs = Vec::new();
        assert_eq!(
            check_sign(Phase::Fieldwork, Role::Lead, person(2), &signs, &H1),
            Err(PhaseError::SignOutOfOrder {
                role: Role::Lead,
                before: Role::Member
            })
        );
        record_signoff(&mut signs, sign(Role::Member, 1, H1));
        assert_eq!(
            check_sign(Phase::Fieldwork, Role::Lead, person(2), &signs, &H1),
            Ok(())
        );
        // A stale earlier sign-off does not count.
        let e = check_sign(Phase::Review, Role::Lead, person(2), &signs, &H2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot sign as Ketua Tim before Anggota Tim has a fresh sign-off"
        );
        assert_eq!(
            check_sign(Phase::Review, Role::Quality, person(4), &signs, &H1),
            Err(PhaseError::SignOutOfOrder {
                role: Role::Quality,
                before: Role::Lead
            })
        );
        // Recording out of order still keeps chain order.
        let mut v = Vec::new();
        record_signoff(&mut v, sign(Role::Quality, 4, H1));
        record_signoff(&mut v, sign(Role::Member, 1, H1));
        record_signoff(&mut v, sign(Role::Technical, 3, H1));
        record_signoff(&mut v, sign(Role::Member, 5, H2));
        assert_eq!(
            v.iter().map(|s| s.role).collect::<Vec<_>>(),
            vec![Role::Member, Role::Technical, Role::Quality]
        );
        assert_eq!(v[0].profile, person(5));
    }

    #[test]
    fn distinct_persons() {
        let mut signs = vec![sign(Role::Member, 1, H1)];
        let e = check_sign(Phase::Review, Role::Lead, person(1), &signs, &H1).unwrap_err();
        assert_eq!(
            e,
            PhaseError::SamePerson {
                role: Role::Lead,
                signed: Role::Member
            }
        );
        assert!(e
            .to_string()
            .contains("each role of the review chain needs a different person"));
        // Re-signing one's own role is fine.
        assert_eq!(
            check_sign(Phase::Review, Role::Member, person(1), &signs, &H2),
            Ok(())
        );
        // A chain signed by one person (e.g. imported) cannot become final.
        signs.extend([
            sign(Role::Lead, 2, H1),
            sign(Role::Technical, 2, H1),
            sign(Role::Quality, 4, H1),
        ]);
        assert_eq!(
            check_advance(Phase::Review, &signs, &H1),
            Err(PhaseError::SamePerson {
                role: Role::Technical,
                signed: Role::Lead
            })
        );
    }

    #[test]
    fn reopen() {
        assert_eq!(check_reopen(Phase::Final, "koreksi"), Ok(Phase::Review));
        assert_eq!(
            check_reopen(Phase::Final, "  \t"),
            Err(PhaseError::ReopenNeedsReason)
        );
        assert_eq!(
            check_reopen(Phase::Review, "koreksi"),
            Err(PhaseError::NotFinal(Phase::Review))
        );
        assert_eq!(
            PhaseError::NotFinal(Phase::Review).to_string(),
            "cannot reopen an audit in phase review: only a final audit can be reopened"
        );
    }
}

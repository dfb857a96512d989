//! Fill an audit so the completeness check lets it become final, through the application layer.
//! Use from a test file with `#[path = "common/fill.rs"] mod fill;`.
#![allow(dead_code)]

use periksa::app::App;
use periksa::domain::phase::{Phase, Role};
use periksa::domain::score::Answer;

/// Answer every unanswered item `na` and give every answered item that needs evidence a small
/// evidence file, so nothing blocks final.
pub fn complete(app: &mut App, key: &str) {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("bukti-kelengkapan.txt");
    std::fs::write(&evidence, b"bukti").unwrap();
    let view = app.audit_view(key).unwrap();
    for it in &view.items {
        let r = it.response.as_ref();
        let answer = r.and_then(|r| r.answer);
        let code = &it.item.code;
        if answer.is_none() {
            app.answer(key, code, Some("na"), None, &[]).unwrap();
        } else if it.item.evidence_required
            && answer != Some(Answer::NotApplicable)
            && r.is_none_or(|r| r.evidence.is_empty())
        {
            app.answer(key, code, None, None, &[evidence.as_path()])
                .unwrap();
        }
    }
    let check = app.completeness(key, None).unwrap();
    assert!(!check.blocks_final(), "still incomplete: {:?}", check.gaps);
}

/// Complete the demo audit, move it to review and have the four roles of the review chain sign
/// it (a pengendali teknis profile is added; the demo's three team members and it take the four
/// roles), leaving the lead as the current profile. The audit is then ready to be made final.
pub fn signed_for_final(app: &mut App) -> String {
    let key = app.audits().unwrap()[0].audit.id.to_string();
    complete(app, &key);
    app.advance(&key, None).unwrap();
    app.profile_add(
        "Pengendali Teknis",
        Some("19750101 200001 1 001"),
        Role::Technical,
    )
    .unwrap();
    let lead = app.current_profile().unwrap().id;
    let signers = app.profiles().unwrap();
    for (role, p) in [Role::Member, Role::Lead, Role::Technical, Role::Quality]
        .into_iter()
        .zip(&signers)
    {
        app.profile_use(&p.id.to_string()).unwrap();
        app.sign(&key, role).unwrap();
    }
    app.profile_use(&lead.to_string()).unwrap();
    key
}

/// [`signed_for_final`], then final.
pub fn finalise(app: &mut App) {
    let key = signed_for_final(app);
    assert_eq!(app.advance(&key, None).unwrap().phase, Phase::Final);
}

/// Make audit `key` final after [`finalise`] made the demo's first one so: complete it, move it
/// on to review, have the four profiles that signed the first sign it too, and make it final.
pub fn finalise_another(app: &mut App, key: &str) {
    complete(app, key);
    // from planning (a new audit) or fieldwork, to review
    while app.advance(key, None).unwrap().phase != Phase::Review {}
    let lead = app.current_profile().unwrap().id;
    let signers = app.profiles().unwrap();
    for (role, p) in [Role::Member, Role::Lead, Role::Technical, Role::Quality]
        .into_iter()
        .zip(&signers)
    {
        app.profile_use(&p.id.to_string()).unwrap();
        app.sign(key, role).unwrap();
    }
    app.profile_use(&lead.to_string()).unwrap();
    assert_eq!(app.advance(key, None).unwrap().phase, Phase::Final);
}

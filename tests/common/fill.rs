//! Fill an audit so the completeness check lets it become final, through the application layer.
//! Use from a test file with `#[path = "common/fill.rs"] mod fill;`.
#![allow(dead_code)]

use periksa::app::App;
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

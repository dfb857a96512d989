//! Editing findings and saving list views through the application layer (no CLI, no TUI): an edit
//! keeps the by-NIP index exact, survives a rebuild, and is refused on a final audit; saved views
//! persist in settings.toml, and settings files written before saved views still open.

#[path = "common/fill.rs"]
mod fill;

use std::path::Path;

use periksa::app::{demo, App, AppError, NewFinding};
use periksa::domain::phase::{Phase, PhaseError, Role};
use periksa::store::event::Kind;
use periksa::store::EventFilter;

fn demo_app(dir: &Path) -> App {
    let store = dir.join("demo");
    demo::fill(&store).unwrap();
    App::open(&store).unwrap()
}

fn audit_key(app: &App) -> String {
    app.audits().unwrap()[0].audit.id.to_string()
}

/// The KTP-el finding of the demo: high severity, one ASN involved.
fn ktp_finding(app: &App) -> periksa::domain::model::Finding {
    app.findings(&audit_key(app))
        .unwrap()
        .into_iter()
        .find(|f| f.content.title.contains("KTP-el"))
        .unwrap()
}

const KABID: &str = "197101282002022001";
const PENGELOLA_SKM: &str = "198609092016061001";

#[test]
fn an_edit_replaces_the_content_keeps_the_followup_and_moves_the_nip_index() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = demo_app(tmp.path());
    let f = ktp_finding(&app);
    app.follow_up(&f.id.to_string(), None, "2", Some("Blangko diajukan"), None)
        .unwrap();
    assert_eq!(app.store().findings_of_nip(KABID).unwrap().len(), 1);
    let skm_before = app.store().findings_of_nip(PENGELOLA_SKM).unwrap().len();

    let mut new = NewFinding::from(&f);
    new.sebab = "  Persediaan blangko tidak dipantau.  ".into();
    new.severity = "sedang".into();
    new.nips = vec!["19860909 201606 1 001".into()];
    new.items.push("SP-05".into());
    let updated = app.update_finding(&f.id.to_string(), new.clone()).unwrap();
    assert_eq!(updated.content.sebab, "Persediaan blangko tidak dipantau.");
    assert_eq!(updated.content.severity.code(), "medium");
    assert_eq!(updated.content.items, vec!["SP-06", "SP-05"]);
    assert_eq!(
        updated.history(1).latest().map(|v| v.reason.as_str()),
        Some("Blangko diajukan"),
        "follow-up kept"
    );
    assert_eq!(updated.created_at, f.created_at);
    assert!(updated.updated_at > f.updated_at);
    // the by-NIP index follows the people involved
    assert!(app.store().findings_of_nip(KABID).unwrap().is_empty());
    assert_eq!(
        app.store().findings_of_nip(PENGELOLA_SKM).unwrap().len(),
        skm_before + 1
    );

    // saving the same content again writes nothing
    let filter = EventFilter {
        kind: Some(Kind::FindingUpdated),
        ..Default::default()
    };
    assert_eq!(app.log(&filter, 10).unwrap().len(), 1);
    app.update_finding(&f.id.to_string(), new).unwrap();
    assert_eq!(app.log(&filter, 10).unwrap().len(), 1);

    // rebuild from the journal gives the same state
    let live = app.store().dump().unwrap();
    app.rebuild().unwrap();
    assert!(app.store().dump().unwrap() == live, "rebuild differs");
}

#[test]
fn an_edit_is_checked_like_a_new_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = demo_app(tmp.path());
    let f = ktp_finding(&app);
    let key = f.id.to_string();
    let before = app.store().dump().unwrap();
    let mut bad = NewFinding::from(&f);
    bad.items = vec!["ZZ-99".into()];
    assert!(matches!(
        app.update_finding(&key, bad),
        Err(AppError::UnknownItem { .. })
    ));
    let mut bad = NewFinding::from(&f);
    bad.nips = vec!["199001012015031099".into()];
    assert!(app.update_finding(&key, bad).is_err());
    let mut bad = NewFinding::from(&f);
    bad.kondisi = "   ".into();
    let msg = app.update_finding(&key, bad).unwrap_err().to_string();
    assert!(msg.contains("kondisi is empty"), "{msg}");
    assert!(app.store().dump().unwrap() == before, "nothing written");
}

#[test]
fn a_code_given_before_the_tables_refined_it_stays_through_an_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = demo_app(tmp.path());
    let f = ktp_finding(&app);
    let key = f.id.to_string();
    // the tables as they were: kode sebab 1 given whole
    let kode = app.dir().join(periksa::app::CODES_FILE);
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kode/apip.toml"),
    )
    .unwrap();
    let flat: String = shipped
        .split("[[sebab]]")
        .filter(|part| !part.trim_start().starts_with("kode = \"1."))
        .collect::<Vec<_>>()
        .join("[[sebab]]");
    std::fs::write(&kode, flat).unwrap();
    let mut new = NewFinding::from(&f);
    new.cause_code = "1".into();
    assert_eq!(
        app.update_finding(&key, new).unwrap().content.cause_code,
        "1"
    );
    // the shipped tables refine it: the finding keeps its code through an edit of another field
    std::fs::remove_file(&kode).unwrap();
    let f = ktp_finding(&app);
    let mut new = NewFinding::from(&f);
    new.title = "Waktu penyelesaian KTP-el melampaui standar".into();
    let edited = app.update_finding(&key, new.clone()).unwrap();
    assert_eq!(edited.content.cause_code, "1");
    // a code newly given must be one the tables give: the group is refused, a part is taken
    let mut fresh = NewFinding::from(&edited);
    fresh.title = "Temuan baru".into();
    let audit = audit_key(&app);
    let msg = app
        .raise_finding(&audit, fresh.clone())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("group"), "{msg}");
    fresh.cause_code = "1.03".into();
    assert_eq!(
        app.raise_finding(&audit, fresh).unwrap().content.cause_code,
        "1.03"
    );
}

/// Sign the review chain with four different profiles and make the audit final.
fn finalise(app: &mut App, key: &str) {
    fill::complete(app, key);
    app.advance(key, None).unwrap(); // fieldwork → review
    let mut signers = app.profiles().unwrap();
    while signers.len() < 4 {
        let n = signers.len();
        app.profile_add(
            &format!("Pengendali {n}"),
            Some(&format!("1975010{n} 200001 1 00{n}")),
            Role::Quality,
        )
        .unwrap();
        signers = app.profiles().unwrap();
    }
    let lead = app.current_profile().unwrap().id;
    for (role, p) in [Role::Member, Role::Lead, Role::Technical, Role::Quality]
        .into_iter()
        .zip(&signers)
    {
        app.profile_use(&p.id.to_string()).unwrap();
        app.sign(key, role).unwrap();
    }
    app.profile_use(&lead.to_string()).unwrap();
    let a = app.advance(key, None).unwrap();
    assert_eq!(a.phase, Phase::Final);
}

#[test]
fn editing_a_finding_of_a_final_audit_is_refused_but_follow_up_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = demo_app(tmp.path());
    let key = audit_key(&app);
    finalise(&mut app, &key);
    let f = ktp_finding(&app);
    let mut new = NewFinding::from(&f);
    new.sebab = "Diubah setelah final.".into();
    let err = app.update_finding(&f.id.to_string(), new).unwrap_err();
    assert!(
        matches!(err, AppError::Phase(PhaseError::Locked)),
        "{err:?}"
    );
    assert!(err.to_string().contains("reopen it with a reason first"));
    assert_eq!(
        app.store().finding(&f.id).unwrap().unwrap().content.sebab,
        f.content.sebab
    );
    // follow-up is monitored after the report
    let (f, _) = app
        .follow_up(&f.id.to_string(), None, "1", Some("Selesai"), None)
        .unwrap();
    assert_eq!(f.status().number(), 1);
}

#[test]
fn saved_views_persist_per_screen_and_old_settings_files_still_open() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("demo");
    demo::fill(&store).unwrap();
    // a settings file from before saved views existed
    let settings = store.join("settings.toml");
    let old = std::fs::read_to_string(&settings).unwrap();
    assert!(!old.contains("saved_views"), "{old}");
    let mut app = App::open(&store).unwrap();
    assert!(app.saved_views("findings").is_empty());

    app.save_view("findings", 2, "severity|high|blangko")
        .unwrap();
    app.save_view("roster", 1, "x").unwrap();
    assert_eq!(
        app.saved_views("findings"),
        vec!["", "severity|high|blangko"]
    );
    assert!(app.save_view("findings", 10, "x").is_err());
    assert!(app.save_view("findings", 0, "x").is_err());
    app.close().unwrap();

    let mut app = App::open(&store).unwrap();
    assert_eq!(
        app.saved_views("findings"),
        vec!["", "severity|high|blangko"]
    );
    assert_eq!(app.saved_views("roster"), vec!["x"]);
    assert!(
        app.current_profile().is_ok(),
        "the rest of the settings kept"
    );
    // freeing the last slot leaves no empty list behind
    app.save_view("roster", 1, "").unwrap();
    assert!(app.saved_views("roster").is_empty());
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(!text.contains("roster"), "{text}");
}

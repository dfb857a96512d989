//! Issue 13: the completeness check before review and final — `audit check` through the real
//! binary, the panel on `>` in the terminal UI by key events, and final refused while a blocking
//! gap remains.

mod common;
#[path = "common/fill.rs"]
mod fill;
#[path = "common/harness.rs"]
mod harness;

use common::run_in;
use harness::Harness;
use periksa::domain::phase::Phase;
use periksa::tui::i18n::Lang;
use ratatui::crossterm::event::KeyCode;

fn demo(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let store = dir.join("demo");
    run_in(&store, &["demo"]).ok();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    (store, list[0]["id"].as_str().unwrap().to_string())
}

#[test]
fn audit_check_names_every_gap_and_exits_1_while_one_blocks_final() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    // the IKM is 25–100 in the checklist: 150 is saved as typed, and named
    run_in(
        &store,
        &["audit", "answer", &id, "SKM-04", "--answer", "150"],
    )
    .ok();
    let r = run_in(&store, &["audit", "check", &id]).fails(1);
    let out = &r.stdout;
    assert!(
        out.contains("✗ blocks final  PGD-01: not answered"),
        "{out}"
    );
    assert!(
        out.contains("✗ blocks final  SKM-04: 150 is outside its range 25–100"),
        "{out}"
    );
    assert!(out.contains("! warning"), "{out}");
    assert!(
        r.stderr.contains("block making the audit final"),
        "{}",
        r.stderr
    );
    let j = run_in(&store, &["--json", "audit", "check", &id]).fails(1);
    let j: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let kinds: Vec<&str> = j["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"butir_belum_dijawab"), "{kinds:?}");
    assert!(kinds.contains(&"angka_di_luar_rentang"), "{kinds:?}");

    // a store's own rules: nothing blocks, everything is still listed
    let rules = tmp.path().join("longgar.toml");
    std::fs::write(
        &rules,
        "[menghalangi_final]\nbutir_belum_dijawab = false\nbukti_belum_ada = false\n\
         angka_di_luar_rentang = false\ntemuan_tanpa_asn = false\ntemuan_tanpa_batas_waktu = false\n\
         konflik_terbuka = false\ntanda_tangan_usang = false\n",
    )
    .unwrap();
    let r = run_in(
        &store,
        &["audit", "check", &id, "--rules", rules.to_str().unwrap()],
    )
    .ok();
    assert!(r.stdout.contains("0 blocking final"), "{}", r.stdout);
    // a bad rule file is named
    std::fs::write(&rules, "[menghalangi_final]\nbukti = true\n").unwrap();
    let r = run_in(
        &store,
        &["audit", "check", &id, "--rules", rules.to_str().unwrap()],
    )
    .fails(1);
    assert!(
        r.stderr.contains("longgar.toml") && r.stderr.contains("unknown key `bukti`"),
        "{}",
        r.stderr
    );
    // filled in, the check passes
    run_in(
        &store,
        &["audit", "answer", &id, "SKM-04", "--answer", "76,61"],
    )
    .ok();
    common::complete_audit(&store, &id);
}

#[test]
fn a_range_in_a_checklist_file_is_checked_when_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("rentang.toml");
    std::fs::write(
        &bad,
        "id = \"uji\"\ntitle = \"Uji\"\nversion = \"1\"\n\n[[section]]\ncode = \"A\"\ntitle = \"A\"\n\n\
         [[section.item]]\ncode = \"A-01\"\ntext = \"Nilai\"\nanswer = \"number\"\nmin = 100\nmax = 25\n",
    )
    .unwrap();
    let r = run_in(
        &tmp.path().join("s"),
        &["checklist", "validate", bad.to_str().unwrap()],
    )
    .fails(1);
    assert!(
        r.stderr
            .contains("rentang.toml:13:7: `min` (100) must not be greater than `max` (25)"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_panel_on_advance_lists_the_gaps_and_final_waits_for_them() {
    for lang in [Lang::Id, Lang::En] {
        let mut h = Harness::demo(lang);
        h.keys(">");
        let s = h.screen();
        let (title, go_anyway, blocks) = match lang {
            Lang::Id => (
                "Kelengkapan",
                "tetap pindahkan ke tahap Reviu",
                "menghalangi final",
            ),
            Lang::En => ("Completeness", "move to Review anyway", "blocks final"),
        };
        assert!(h.tui.current_title().starts_with(title), "{s}");
        assert!(s.contains(go_anyway), "{s}");
        assert!(s.contains(&format!("✗ {blocks}")), "{s}");
        // ⏎ does nothing; y moves to review
        h.key(KeyCode::Enter);
        assert!(h.tui.current_title().starts_with(title));
        h.keys("y");
        let audit = h.tui.app().audits().unwrap()[0].audit.clone();
        assert_eq!(audit.phase, Phase::Review);
        // to final: refused while gaps block it, and y is not offered
        h.keys(">");
        let s = h.screen();
        let refused = match lang {
            Lang::Id => "Belum dapat final",
            Lang::En => "Cannot be final yet",
        };
        assert!(s.contains(refused), "{s}");
        h.keys("y");
        assert_eq!(h.tui.app().audits().unwrap()[0].audit.phase, Phase::Review);
        h.key(KeyCode::Esc);
    }
}

#[test]
fn with_nothing_missing_and_four_sign_offs_the_panel_makes_it_final() {
    let mut h = Harness::demo(Lang::Id);
    h.tui.with_cx(|cx| fill::signed_for_final(cx.app));
    h.keys(">");
    let s = h.screen();
    assert!(s.contains("Tidak ada yang menghalangi"), "{s}");
    h.keys("y");
    assert_eq!(h.tui.app().audits().unwrap()[0].audit.phase, Phase::Final);
}

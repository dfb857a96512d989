//! The trail screen on ratatui's TestBackend over the demo store: listing, filters, before → after,
//! chain status and "as of".

#[path = "common/harness.rs"]
mod harness;

use harness::Harness;
use periksa::store::event::Kind;
use periksa::store::EventFilter;
use periksa::tui::i18n::Lang;
use periksa::tui::screens::trail::Trail;
use ratatui::crossterm::event::KeyCode;

fn open_trail(h: &mut Harness) {
    let s = h.tui.with_cx(|cx| Trail::new(cx.app, None)).unwrap();
    h.tui.push(Box::new(s));
}

/// The rows of the trail list as drawn (lines between the list's top border and its bottom one).
fn list_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.contains("Jejak audit ("))
        .skip(1)
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn demo_audit(h: &Harness) -> periksa::domain::Id {
    h.tui.app().audits().unwrap()[0].audit.id
}

fn answer(h: &mut Harness, item: &str, answer: &str) {
    let audit = demo_audit(h).to_string();
    h.tui
        .with_cx(|cx| cx.app.answer(&audit, item, Some(answer), None, &[]))
        .unwrap();
}

#[test]
fn lists_the_demo_events_newest_first_and_pages_through_the_rest() {
    let mut h = Harness::demo(Lang::Id);
    open_trail(&mut h);
    let s = h.screen();
    assert!(
        s.contains("Jejak audit (200+)"),
        "one page of 200 loaded: {s}"
    );
    let rows = list_rows(&s);
    assert!(
        rows[0].contains("rekomendasi predikat"),
        "the demo's newest event (its last rating) comes first: {s}"
    );
    assert!(rows[0].contains("Rina Kartika"), "auditor column: {s}");
    // the store agrees on the order
    let events = h.tui.app().log(&EventFilter::default(), 1000).unwrap();
    assert!(events
        .windows(2)
        .all(|w| w[0].body.at_ms >= w[1].body.at_ms));
    assert_eq!(events[0].kind(), Kind::RatingRecommended);
    let total = events.len();
    assert!(total > 200, "the demo has more than one page: {total}");
    // moving down fetches more pages, only as needed
    for _ in 0..5 {
        h.key(KeyCode::Char('G'));
    }
    let s = h.screen();
    assert!(s.contains(&format!("Jejak audit ({total})")), "{s}");
    let rows = list_rows(&s);
    assert!(
        rows.last().unwrap().contains("perangkat terdaftar"),
        "the oldest event registers the device: {s}"
    );
}

#[test]
fn filters_by_kind_and_auditor_show_in_the_title_and_esc_clears_them() {
    let mut h = Harness::demo(Lang::Id);
    open_trail(&mut h);
    h.keys("f");
    assert!(
        h.screen().contains("Saring jejak menurut"),
        "{}",
        h.screen()
    );
    h.keys("jenis").key(KeyCode::Enter);
    assert!(h.screen().contains("Pilih jenis peristiwa"));
    h.keys("finding.raised").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Jejak audit (3) [jenis: temuan dibuat]"), "{s}");
    let rows = list_rows(&s);
    assert_eq!(rows.len(), 3, "{s}");
    assert!(rows.iter().all(|r| r.contains("temuan dibuat")), "{s}");
    assert!(!s.contains("jawaban dicatat"), "{s}");

    // Esc clears the filters before it leaves
    h.key(KeyCode::Esc);
    let s = h.screen();
    assert!(s.contains("Jejak audit (200+)"), "{s}");
    assert!(s.contains("Jejak audit"), "still on the trail");

    // by auditor: only Agus's events
    h.keys("f").keys("auditor").key(KeyCode::Enter);
    h.keys("Agus").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("[auditor: Agus Setiawan, S.Kom.]"), "{s}");
    let agus = h
        .tui
        .app()
        .find_profile("Agus Setiawan, S.Kom.")
        .unwrap()
        .id;
    let n = h
        .tui
        .app()
        .log(
            &EventFilter {
                actor: Some(agus),
                ..Default::default()
            },
            1000,
        )
        .unwrap()
        .len();
    assert!(n > 0);
    assert!(s.contains(&format!("Jejak audit ({n})")), "{n}: {s}");
    let rows = list_rows(&s);
    assert!(rows.iter().all(|r| r.contains("Agus Setiawan")), "{s}");
    assert!(!rows.iter().any(|r| r.contains("Rina Kartika")), "{s}");
    // Ctrl-l clears too; then Esc leaves
    h.ctrl('l');
    assert!(h.screen().contains("Jejak audit (200+)"));
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Pemeriksaan (1)"), "back home");
}

#[test]
fn a_bad_date_range_says_how_to_write_it() {
    let mut h = Harness::demo(Lang::Id);
    open_trail(&mut h);
    h.keys("f").keys("tanggal").key(KeyCode::Enter);
    assert!(h.screen().contains("Rentang tanggal"), "{}", h.screen());
    h.keys("2026-13-45..").key(KeyCode::Enter);
    let s = h.screen();
    assert!(
        s.contains("\"2026-13-45\" bukan tanggal: tulis mis. 25/11/2026"),
        "{s}"
    );
    assert!(
        s.contains("› 2026-13-45.."),
        "the range stays to be mended: {s}"
    );
    h.key(KeyCode::Esc);
    assert!(
        h.screen().contains("Jejak audit (200+)"),
        "the filter is unchanged: {}",
        h.screen()
    );
    h.keys("f").keys("tanggal").key(KeyCode::Enter);
    h.keys("01/03/2026..1 Februari 2026").key(KeyCode::Enter);
    assert!(h.screen().contains("lebih awal"), "{}", h.screen());
    h.key(KeyCode::Esc);
    // a range in the far future matches nothing; one that includes today matches everything
    h.keys("f").keys("tanggal").key(KeyCode::Enter);
    h.keys("2999-01-01..").key(KeyCode::Enter);
    let s = h.screen();
    assert!(s.contains("Jejak audit (0) [tanggal: 1 Jan 2999…]"), "{s}");
    assert!(s.contains("Tidak ada peristiwa yang cocok"), "{s}");
    let today = periksa::app::today();
    h.keys("f").keys("tanggal").key(KeyCode::Enter);
    h.ctrl('u')
        .keys(&format!("{}..{}", today.pred_opt().unwrap(), today))
        .key(KeyCode::Enter);
    assert!(
        h.screen().contains("Jejak audit (200+) [tanggal:"),
        "{}",
        h.screen()
    );
}

#[test]
fn the_detail_shows_an_answer_before_and_after() {
    let mut h = Harness::demo(Lang::Id);
    answer(&mut h, "PGD-01", "partial");
    answer(&mut h, "PGD-01", "compliant");
    open_trail(&mut h);
    let s = h.screen();
    assert!(s.contains("Rincian peristiwa"), "{s}");
    assert!(s.contains("jawaban dicatat (response.recorded)"), "{s}");
    assert!(s.contains("Sebelum → sesudah"), "{s}");
    assert!(s.contains("● Jawaban: Sebagian → Sesuai"), "{s}");
    assert!(s.contains("versi sebelumnya:"), "{s}");
    assert!(s.contains("kunci "), "device key fingerprint: {s}");
    // the fingerprint is the first 16 hex digits of the registered key
    let app = h.tui.app();
    let device = app.store().device();
    let (key, _) = app.store().device_info(&device).unwrap().unwrap();
    assert!(s.contains(&hex::encode(&key[..8])), "{s}");
    // one step older: the first answer, made on no earlier version
    h.keys("j");
    let s = h.screen();
    assert!(s.contains("Jawaban: Sebagian"), "{s}");
    assert!(s.contains("catatan baru"), "{s}");
}

#[test]
fn chain_status_is_verified_for_the_demo_device() {
    let mut h = Harness::demo(Lang::Id);
    open_trail(&mut h);
    assert!(h.screen().contains("belum diverifikasi"));
    h.key(KeyCode::Enter);
    // the frame before the work says it is running
    assert!(h.screen().contains("Memverifikasi rantai hash…"));
    assert!(h.tui.work(), "the verification waits for the shell");
    let s = h.screen();
    assert!(s.contains("✓ 1 perangkat terverifikasi"), "{s}");
    assert!(s.contains("Semua rantai terverifikasi"), "{s}");
    assert!(s.contains("terverifikasi ("), "per device: {s}");
    assert!(!h.tui.work(), "nothing left to do");
}

/// `R` rebuilds the data from the journal on the worker: the frame before says so (with Esc to
/// stop it), the status after counts the saves, the trail reads the same events, and a
/// verification afterwards still finds nothing wrong.
#[test]
fn r_rebuilds_the_data_from_the_journal_and_the_trail_reads_the_same() {
    for (lang, before, after, verified) in [
        (
            Lang::Id,
            "Membangun ulang data dari jurnal… (Esc menghentikan",
            "Data dibangun ulang dari jurnal:",
            "Semua rantai terverifikasi",
        ),
        (
            Lang::En,
            "Rebuilding the data from the journal… (Esc stops it",
            "Data rebuilt from the journal:",
            "Every chain verified",
        ),
    ] {
        let mut h = Harness::demo(lang);
        let dump = h.tui.app().store().dump().unwrap();
        open_trail(&mut h);
        let listed = h.screen();
        h.keys("R");
        assert!(h.screen().contains(before), "{}", h.screen());
        assert!(h.tui.work(), "the rebuild waits for the shell");
        let s = h.screen();
        assert!(s.contains(after), "{s}");
        assert_eq!(h.tui.app().store().dump().unwrap(), dump);
        // the same rows as before the rebuild (the status line aside)
        let rows = |s: &str| {
            s.lines()
                .skip(2)
                .take(10)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(&s), rows(&listed));
        h.key(KeyCode::Enter);
        assert!(h.tui.work());
        assert!(h.screen().contains(verified), "{}", h.screen());
    }
}

#[test]
fn as_of_shows_the_audit_before_and_after_an_answer() {
    let mut h = Harness::demo(Lang::Id);
    answer(&mut h, "PGD-01", "compliant");
    // the app layer: before the answer it is unanswered, after it is answered
    let app = h.tui.app();
    let audit = demo_audit(&h);
    let events = app
        .log(
            &EventFilter {
                audit: Some(audit),
                ..Default::default()
            },
            2,
        )
        .unwrap();
    let (newest, before) = (&events[0], &events[1]);
    let answer_in = |e: &periksa::store::event::Event| {
        let v = app.audit_as_of(&audit, &e.body.device, e.body.seq).unwrap();
        v.items
            .iter()
            .find(|i| i.item.code == "PGD-01")
            .and_then(|i| i.response.as_ref())
            .and_then(|r| r.answer.map(|a| a.code()))
    };
    assert_eq!(answer_in(newest).as_deref(), Some("compliant"));
    assert_eq!(answer_in(before), None);
    let live = app.audit_view(&audit.to_string()).unwrap();
    let then = app
        .audit_as_of(&audit, &newest.body.device, newest.body.seq)
        .unwrap();
    assert_eq!(
        then.summary.progress.looked_at,
        live.summary.progress.looked_at
    );

    // the screen: newest event (the answer) shows it answered
    open_trail(&mut h);
    h.keys("a");
    let s = h.screen();
    assert!(s.contains("keadaan pada"), "banner: {s}");
    assert!(s.contains("hanya baca"), "{s}");
    assert!(s.contains("PGD-01   Sesuai"), "{s}");
    assert!(s.contains("16/29"), "{s}");
    h.key(KeyCode::Esc);
    // one event older: not yet answered
    h.keys("j").keys("a");
    let s = h.screen();
    assert!(s.contains("15/29"), "{s}");
    h.key(KeyCode::Esc);
    // an event outside any audit cannot be shown as of
    h.keys("G").keys("a");
    assert!(h.screen().contains("bukan milik suatu pemeriksaan"));
}

#[test]
fn small_terminals_and_english_still_draw() {
    let mut h = Harness::demo(Lang::En);
    open_trail(&mut h);
    let s = h.screen();
    assert!(s.contains("Audit trail (200+)"), "{s}");
    assert!(s.contains("rating recommended"), "{s}");
    h.resize(60, 16);
    let s = h.screen();
    assert!(s.contains("Audit trail"), "{s}");
    assert!(
        s.contains("● Results × behaviour"),
        "what changed shows even here: {s}"
    );
    h.keys("a");
    assert!(h.screen().contains("as of"), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.tui.work();
    h.keys("f");
    let _ = h.screen();
    h.key(KeyCode::Esc);
    h.resize(200, 50);
    let s = h.screen();
    assert!(s.contains("Event detail"), "{s}");
}

#[test]
fn pages_join_up_to_the_whole_trail_and_follow_ups_show_their_status_change() {
    let mut h = Harness::demo(Lang::Id);
    let app = h.tui.app();
    let all = app.log(&EventFilter::default(), 10_000).unwrap();
    let mut paged = Vec::new();
    loop {
        let last = paged.last().map(periksa::store::EventPos::of);
        let page = app
            .log_page(&EventFilter::default(), last.as_ref(), 7)
            .unwrap();
        if page.is_empty() {
            break;
        }
        paged.extend(page);
    }
    assert_eq!(paged.len(), all.len());
    assert!(paged.iter().zip(&all).all(|(a, b)| a.hash == b.hash));

    // a finding's follow-up: status before → after
    let audit = demo_audit(&h).to_string();
    let finding = h.tui.app().findings(&audit).unwrap()[0].id.to_string();
    h.tui
        .with_cx(|cx| {
            cx.app
                .follow_up(&finding, Some(1), "1", Some("Sudah diperbaiki."), None)
        })
        .unwrap();
    let app = h.tui.app();
    let newest = &app.log(&EventFilter::default(), 1).unwrap()[0];
    let change = app.change(newest).unwrap();
    assert!(change.previous.is_some(), "the finding's raise is the base");
    let status = change
        .lines
        .iter()
        .find(|l| l.field == periksa::app::Field::FollowUpStatus)
        .unwrap();
    let word = |v: &periksa::app::Value| match v {
        periksa::app::Value::Word(id, _) => id.clone(),
        other => format!("{other:?}"),
    };
    assert!(
        word(status.before.as_ref().unwrap()).starts_with("3 "),
        "{status:?}"
    );
    assert!(word(&status.after).starts_with("1 "), "{status:?}");
    open_trail(&mut h);
    let s = h.screen();
    assert!(s.contains("● Status tindak lanjut: 3 "), "{s}");
    assert!(
        s.contains("● Catatan tindak lanjut: — → Sudah diperbaiki."),
        "{s}"
    );
}

#[test]
fn filters_are_saved_as_views_and_recalled_by_number() {
    let mut h = Harness::demo(Lang::Id);
    open_trail(&mut h);
    // nothing to save without a filter
    h.ctrl('s');
    assert!(h
        .screen()
        .contains("Belum ada yang disimpan: pasang saringan dulu (f)."));
    h.keys("f").keys("jenis").key(KeyCode::Enter);
    h.keys("finding.raised").key(KeyCode::Enter);
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("Tampilan disimpan di nomor 1"), "{s}");
    // a second view: the events of one auditor
    h.ctrl('l');
    h.keys("f").keys("auditor").key(KeyCode::Enter);
    h.keys("Agus").key(KeyCode::Enter);
    h.ctrl('s');
    assert!(
        h.screen().contains("Tampilan disimpan di nomor 2"),
        "{}",
        h.screen()
    );
    // saving the same filters again keeps their number
    h.ctrl('s');
    assert!(
        h.screen().contains("Tampilan disimpan di nomor 2"),
        "{}",
        h.screen()
    );
    h.ctrl('l');
    assert!(h.screen().contains("Jejak audit (200+)"));
    h.keys("1");
    let s = h.screen();
    assert!(s.contains("Jejak audit (3) [jenis: temuan dibuat]"), "{s}");
    h.keys("2");
    assert!(h.screen().contains("[auditor: Agus Setiawan, S.Kom.]"));
    h.keys("7");
    assert!(
        h.screen().contains("Tampilan 7 belum disimpan"),
        "an empty slot says so"
    );
    // the views are in the store's settings, for the next session
    let views = h.tui.app().saved_views("trail");
    assert_eq!(
        views.iter().filter(|v| !v.is_empty()).count(),
        2,
        "{views:?}"
    );
}

/// Edit the demo's first finding through the application, as `edit` says.
fn edit_finding(h: &mut Harness, edit: impl FnOnce(&mut periksa::app::NewFinding)) {
    let audit = demo_audit(h).to_string();
    let f = h.tui.app().findings(&audit).unwrap()[0].clone();
    let mut new = periksa::app::NewFinding::from(&f);
    edit(&mut new);
    let id = f.id.to_string();
    h.tui.with_cx(|cx| cx.app.update_finding(&id, new)).unwrap();
}

/// Page the event detail down with PageDown to its end, and return every frame drawn on the way.
fn page_to_the_end(h: &mut Harness) -> String {
    let mut seen = h.screen();
    for _ in 0..80 {
        if !h.screen().contains("▼ lagi") {
            break;
        }
        h.key(KeyCode::PageDown);
        seen.push_str(&h.screen());
    }
    let s = h.screen();
    assert!(!s.contains("▼ lagi"), "the pane reaches its end: {s}");
    seen
}

#[test]
fn the_event_detail_scrolls_with_page_keys_to_its_end() {
    for (w, hgt) in [(60, 16), (120, 36)] {
        let mut h = Harness::demo(Lang::Id);
        h.resize(w, hgt);
        edit_finding(&mut h, |f| {
            f.kondisi = (1..=80)
                .map(|i| format!("Kalimat kondisi nomor-{i:02} baru."))
                .collect::<Vec<_>>()
                .join(" ");
        });
        open_trail(&mut h);
        let s = h.screen();
        assert!(s.contains("temuan diubah"), "{w}x{hgt}: {s}");
        assert!(s.contains("▼ lagi (PgDn)"), "{w}x{hgt}: more below: {s}");
        let seen = page_to_the_end(&mut h);
        for i in 1..=80 {
            assert!(
                seen.contains(&format!("nomor-{i:02}")),
                "{w}x{hgt}: sentence {i} never shown"
            );
        }
        assert!(seen.contains("Basis:"), "{w}x{hgt}: the last line");
        let s = h.screen();
        assert!(s.contains("▲ lagi (PgUp)"), "{s}");
        assert!(
            s.contains("Jejak audit (200+)"),
            "the list did not move: {s}"
        );
        // the next event starts at its top, and so does coming back
        h.keys("j");
        assert!(!h.screen().contains("▲ lagi"), "{}", h.screen());
        h.keys("k");
        let s = h.screen();
        assert!(!s.contains("▲ lagi"), "{s}");
        assert!(s.contains("temuan diubah (finding.updated)"), "{s}");
    }
}

#[test]
fn a_finding_edit_lists_the_changed_fields_first_and_folds_the_rest() {
    let mut h = Harness::demo(Lang::Id);
    edit_finding(&mut h, |f| {
        f.sebab = "Pimpinan baru belum menandatangani maklumat.".into();
    });
    open_trail(&mut h);
    let s = h.screen();
    let at = |s: &str, what: &str| s.find(what).unwrap_or_else(|| panic!("{what}: {s}"));
    assert!(s.contains("temuan diubah (finding.updated)"), "{s}");
    let sebab = at(&s, "● Sebab: ");
    assert!(s.contains("→ Pimpinan baru belum menandatangani"), "{s}");
    let fold = at(&s, "⋯ 11 isian lain tidak berubah (u menampilkannya)");
    assert!(sebab < fold, "what changed comes first: {s}");
    for hidden in ["  Judul: ", "  Kondisi: ", "  Kriteria: "] {
        assert!(!s.contains(hidden), "{hidden} is folded: {s}");
    }
    // u opens the fold, below what changed; u again folds it
    h.keys("u");
    let s = h.screen();
    let fold = at(&s, "⋯ 11 isian lain tidak berubah (u melipatnya):");
    assert!(at(&s, "● Sebab: ") < fold, "{s}");
    assert!(fold < at(&s, "  Judul: "), "{s}");
    assert!(s.contains("  Kondisi: "), "{s}");
    // a field left as it was shows its value once, not "x → x"
    assert!(
        s.contains("  Tingkat: Sedang") && !s.contains("Sedang → Sedang"),
        "{s}"
    );
    h.keys("u");
    assert!(!h.screen().contains("  Kondisi: "), "{}", h.screen());
    // an event with nothing earlier to compare folds nothing
    h.keys("j");
    let s = h.screen();
    assert!(!s.contains("isian lain tidak berubah"), "{s}");
    // English
    h.tui.set_lang(Lang::En);
    h.keys("k");
    let s = h.screen();
    assert!(
        s.contains("⋯ 11 other fields unchanged (u shows them)"),
        "{s}"
    );
}

//! The LHP and its confidential annex in Word, through the real binary, read back from the
//! package: the bab structure, each finding's six elements in order, the signature block, grouped
//! NIPs and no bare one, no internal id in the body, the page number fields, the paper size, the
//! letterhead's logo, the ratings kept out of the LHP; and settings files that cannot be used.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{run_in, run_lang, write};

fn demo(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("demo");
    run_in(&store, &["demo"]).ok();
    let list = run_in(&store, &["--json", "audit", "list"]).ok().json();
    (store, list[0]["id"].as_str().unwrap().to_string())
}

/// One part of the package (`word/document.xml`).
fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut out)
        .unwrap();
    out
}

fn names(docx: &Path) -> Vec<String> {
    let file = std::fs::File::open(docx).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    zip.file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect()
}

/// XML text with the five entities read back.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The paragraphs of a part, in order: (style id, text).
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:p>").or_else(|| rest.find("<w:p ")) {
        let after = &rest[start..];
        let end = after.find("</w:p>").map_or(after.len(), |e| e + 6);
        let p = &after[..end];
        let style = p
            .find("<w:pStyle w:val=\"")
            .map(|i| {
                let v = &p[i + 17..];
                v[..v.find('"').unwrap_or(0)].to_string()
            })
            .unwrap_or_default();
        let mut text = String::new();
        let mut t = p;
        while let Some(i) = t.find("<w:t") {
            let open = &t[i..];
            let Some(gt) = open.find('>') else { break };
            if open[..gt].ends_with('/') {
                t = &open[gt + 1..];
                continue;
            }
            let body = &open[gt + 1..];
            let close = body.find("</w:t>").unwrap_or(body.len());
            text.push_str(&unescape(&body[..close]));
            t = &body[close..];
        }
        out.push((style, text));
        rest = &after[end.min(after.len())..];
    }
    out
}

fn texts_of(paras: &[(String, String)], style: &str) -> Vec<String> {
    paras
        .iter()
        .filter(|(s, _)| s == style)
        .map(|(_, t)| t.clone())
        .collect()
}

#[test]
fn the_lhp_has_its_babs_each_findings_six_elements_in_order_and_the_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    run_in(
        &store,
        &[
            "audit",
            "set",
            &id,
            "--lhp-nomor",
            "700.1/215/LHP/ITDA/2026",
            "--lhp-tanggal",
            "15/12/2026",
        ],
    )
    .ok();
    let out = tmp.path().join("lhp.docx");
    let r = run_in(&store, &["export", &id, "-o", out.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("lhp.docx"), "{}", r.stdout);
    let doc = part(&out, "word/document.xml");
    let paras = paragraphs(&doc);

    assert_eq!(
        texts_of(&paras, "Heading1"),
        [
            "BAB I SIMPULAN DAN REKOMENDASI",
            "BAB II URAIAN HASIL PEMERIKSAAN",
            "BAB III PENUTUP"
        ]
    );
    assert_eq!(
        texts_of(&paras, "Heading2"),
        [
            "A. Simpulan",
            "B. Rekomendasi",
            "A. Data Umum",
            "B. Hasil Pemeriksaan",
            "C. Temuan Hasil Pemeriksaan",
            "D. Tindak Lanjut atas Rekomendasi Hasil Pemeriksaan Sebelumnya"
        ]
    );
    let h3 = texts_of(&paras, "Heading3");
    for want in [
        "1. Dasar Pemeriksaan",
        "2. Tujuan Pemeriksaan",
        "3. Ruang Lingkup Pemeriksaan",
        "4. Batasan Pemeriksaan",
        "5. Metodologi Pemeriksaan",
        "8. Gambaran Umum Auditan",
    ] {
        assert!(h3.iter().any(|h| h == want), "{want} in {h3:?}");
    }
    // each finding: its six elements, in the order of the LHP
    let findings: Vec<usize> = paras
        .iter()
        .enumerate()
        .filter(|(_, (s, t))| s == "Heading3" && t.starts_with("Temuan "))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(findings.len(), 3, "{h3:?}");
    let bab3 = paras
        .iter()
        .position(|(s, t)| s == "Heading1" && t == "BAB III PENUTUP")
        .unwrap();
    for (n, at) in findings.iter().enumerate() {
        let end = findings.get(n + 1).copied().unwrap_or(bab3);
        let labels: Vec<&str> = paras[*at..end]
            .iter()
            .map(|(_, t)| t.as_str())
            .filter(|t| {
                [
                    "Kondisi",
                    "Kriteria",
                    "Akibat",
                    "Sebab",
                    "Tanggapan Auditan",
                    "Rekomendasi",
                ]
                .contains(t)
            })
            .collect();
        assert_eq!(
            labels,
            [
                "Kondisi",
                "Kriteria",
                "Akibat",
                "Sebab",
                "Tanggapan Auditan",
                "Rekomendasi"
            ],
            "finding {}",
            n + 1
        );
    }
    // the letter block and the engagement's data
    let all: Vec<&str> = paras.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains(&"700.1/215/LHP/ITDA/2026"), "{all:?}");
    assert!(all.contains(&"Rahasia"));
    assert!(all.contains(&"Kepada Yth."));
    assert!(doc.contains("Bupati Sukamaju"));
    assert!(doc.contains("Peraturan Pemerintah Nomor 60 Tahun 2008"));
    // the signature block: title, name, pangkat, NIP written grouped
    let sign = all
        .iter()
        .position(|t| *t == "INSPEKTUR KABUPATEN SUKAMAJU,")
        .unwrap_or_else(|| panic!("no signer title: {all:?}"));
    assert_eq!(all[sign + 5], "Drs. Bambang Wijaya, M.Si.");
    assert_eq!(all[sign + 6], "Pembina Utama Muda (IV/c)");
    assert_eq!(all[sign + 7], "NIP 19710128 200202 1 001");
    // the matrix of findings, after Bab III
    let bab3 = all.iter().position(|t| *t == "BAB III PENUTUP").unwrap();
    let matrix = all
        .iter()
        .position(|t| *t == "MATRIKS TEMUAN HASIL PEMERIKSAAN")
        .unwrap();
    assert!(matrix > bab3);
    assert!(all.contains(&"Lampiran LHP Nomor 700.1/215/LHP/ITDA/2026"));

    // every NIP grouped: no run of 18 digits anywhere
    let digits = doc
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 18)
        .count();
    assert_eq!(digits, 0, "a bare NIP in the document");
    assert!(doc.contains("Yanti Anggraeni, S.M., NIP 19710128 200202 2 001"));
    // no internal id in the body: not the audit's, not a finding's; the state hash only in the
    // colophon
    assert!(!doc.contains(&id));
    assert!(!doc.contains(&id[id.len() - 8..]), "short audit id");
    let findings = run_in(&store, &["--json", "finding", "list", &id])
        .ok()
        .json();
    for f in findings.as_array().unwrap() {
        let fid = f["id"].as_str().unwrap();
        assert!(!doc.contains(fid) && !doc.contains(&fid[fid.len() - 8..]));
    }
    let hash = run_in(&store, &["--json", "audit", "show", &id])
        .ok()
        .json()["state_hash"]
        .as_str()
        .unwrap()[..16]
        .to_string();
    let with_hash: Vec<&(String, String)> =
        paras.iter().filter(|(_, t)| t.contains(&hash)).collect();
    assert_eq!(with_hash.len(), 1);
    assert_eq!(with_hash[0].0, "Kolofon");
    // the ratings stay out of the LHP: only the reference to the confidential annex
    assert!(!doc.contains("Sesuai Ekspektasi"), "a rating in the LHP");
    assert!(doc.contains("lampiran yang bersifat rahasia"));

    // real Word styles, numbered lists, page numbers, A4
    let styles = part(&out, "word/styles.xml");
    for s in ["heading 1", "heading 2", "heading 3", "Tabel Periksa"] {
        assert!(styles.contains(&format!("w:val=\"{s}\"")), "style {s}");
    }
    assert!(part(&out, "word/numbering.xml").contains("w:numFmt w:val=\"decimal\""));
    let footers: Vec<String> = names(&out)
        .into_iter()
        .filter(|n| n.starts_with("word/footer"))
        .collect();
    assert!(!footers.is_empty());
    for f in &footers {
        let x = part(&out, f);
        assert!(x.contains(">PAGE<") && x.contains(">NUMPAGES<"), "{f}: {x}");
        assert!(x.contains("Halaman ") && x.contains(" dari "));
    }
    // the body portrait A4, the matrix landscape A4
    assert!(
        doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""),
        "portrait A4"
    );
    assert!(
        doc.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\""),
        "landscape A4"
    );
}

#[test]
fn the_settings_give_the_letterhead_logo_f4_paper_and_wording_and_the_annex_holds_the_ratings() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = std::fs::read_to_string(root.join("data/sample/laporan.toml"))
        .unwrap()
        .replace("paper = \"A4\"", "paper = \"F4\"");
    std::fs::copy(
        root.join("data/sample/logo-sukamaju.png"),
        tmp.path().join("logo-sukamaju.png"),
    )
    .unwrap();
    let file = write(tmp.path(), "laporan.toml", settings.as_bytes());
    let out = tmp.path().join("lhp-f4.docx");
    run_in(
        &store,
        &[
            "export",
            &id,
            "-o",
            out.to_str().unwrap(),
            "--report-settings",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let doc = part(&out, "word/document.xml");
    assert!(
        doc.contains("<w:pgSz w:w=\"12189\" w:h=\"18709\""),
        "portrait F4"
    );
    assert!(doc.contains("PEMERINTAH KABUPATEN SUKAMAJU"));
    assert!(doc.contains("Jalan Merdeka Nomor 10"));
    assert!(doc.contains("INSPEKTUR DAERAH KABUPATEN SUKAMAJU,"));
    assert!(doc.contains("untuk dapat ditindaklanjuti sebagaimana mestinya"));
    assert!(doc.contains("Sukamaju, ……"), "the place, the date to fill");
    assert!(
        names(&out).iter().any(|n| n.starts_with("word/media/")),
        "the logo is in the package"
    );
    assert!(part(&out, "word/styles.xml").contains("Bookman Old Style"));

    // the confidential annex: marked Rahasia, the ratings with grouped NIPs
    let annex = tmp.path().join("asn.docx");
    run_in(
        &store,
        &[
            "export",
            &id,
            "--format",
            "docx-asn",
            "-o",
            annex.to_str().unwrap(),
            "--report-settings",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let doc = part(&annex, "word/document.xml");
    let all: Vec<String> = paragraphs(&doc).into_iter().map(|(_, t)| t).collect();
    assert!(all.contains(&"RAHASIA".to_string()), "{all:?}");
    assert!(all.contains(&"LAMPIRAN RAHASIA".to_string()));
    assert!(doc.contains("Sesuai Ekspektasi"));
    assert!(doc.contains("NIP 19710128 200202 2 001"));
    assert!(
        doc.contains("Temuan 2"),
        "the finding it rests on, by number"
    );
    assert!(doc.contains("w:orient=\"landscape\""));
    let bare = doc
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 18)
        .count();
    assert_eq!(bare, 0);
}

#[test]
fn a_settings_file_that_cannot_be_used_is_named_in_the_users_language_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let out = tmp.path().join("lhp.docx");
    let cases: [(&str, &str, &str); 4] = [
        (
            "[page]\npaper = \"A3\"\n",
            "paper \"A3\" is not known: use A4 or F4",
            "kertas \"A3\" tidak dikenal: gunakan A4 atau F4",
        ),
        (
            "[page]\npapper = \"A4\"\n",
            "line 2, column 1",
            "baris 2, kolom 1",
        ),
        (
            "[letterhead]\nlogo = \"tidak-ada.png\"\n",
            "cannot read the logo tidak-ada.png",
            "logo tidak-ada.png tidak dapat dibaca",
        ),
        (
            "[wording]\nbab9 = \"BAB IX\"\n",
            "[wording] has no phrase \"bab9\"",
            "[wording] tidak punya naskah \"bab9\"",
        ),
    ];
    for (text, en, id_msg) in cases {
        let file = write(tmp.path(), "laporan.toml", text.as_bytes());
        let args = [
            "export",
            id.as_str(),
            "-o",
            out.to_str().unwrap(),
            "--report-settings",
            file.to_str().unwrap(),
        ];
        let r = run_in(&store, &args).fails(1);
        assert!(r.stderr.contains(en), "{text}: {}", r.stderr);
        let r = run_lang(Some(&store), "id_ID.UTF-8", &args).fails(1);
        assert!(r.stderr.contains(id_msg), "{text}: {}", r.stderr);
        assert!(!out.exists(), "nothing written");
    }
    // a settings file that is not there
    let r = run_in(
        &store,
        &[
            "export",
            &id,
            "-o",
            out.to_str().unwrap(),
            "--report-settings",
            tmp.path().join("tidak-ada.toml").to_str().unwrap(),
        ],
    )
    .fails(1);
    assert!(r.stderr.contains("tidak-ada.toml"), "{}", r.stderr);
    // the store's own laporan.toml is used when none is named
    std::fs::write(store.join("laporan.toml"), "[page]\npaper = \"F4\"\n").unwrap();
    run_in(&store, &["export", &id, "-o", out.to_str().unwrap()]).ok();
    assert!(part(&out, "word/document.xml").contains("<w:pgSz w:w=\"12189\" w:h=\"18709\""));
}

/// Issue 17: a survey imported into the audit is stated under the results: the table of NRR per
/// unsur with a bar of each, the IKM and mutu, the 0,11 figure, the weakest unsur and the sample.
#[test]
fn the_lhp_states_the_survey_with_its_table_and_arithmetic() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, id) = demo(tmp.path());
    let survey = write(
        tmp.path(),
        "skm-2026.csv",
        b"U1;U2;U3;U4;U5;U6;U7;U8;U9\n4;3;3;4;4;4;4;2;3\n3;3;2;4;3;4;4;2;3\n3;3;3;4;3;3;3;3;2\n3;3;2;4;4;4;4;2;3\n",
    );
    run_in(
        &store,
        &[
            "skm",
            "import",
            survey.to_str().unwrap(),
            "--audit",
            &id,
            "--unit",
            "Loket Adminduk",
            "--population",
            "300",
        ],
    )
    .ok();
    let out = tmp.path().join("lhp.docx");
    run_in(&store, &["export", &id, "-o", out.to_str().unwrap()]).ok();
    let doc = unescape(&part(&out, "word/document.xml"));
    for want in [
        "Hasil Survei Kepuasan Masyarakat (butir SKM-04)",
        "Survei kepuasan masyarakat (Loket Adminduk) dihitung ulang dari berkas jawaban responden skm-2026.csv: 4 responden.",
        "Grafik NRR (skala 1–4)",
        "U8 Penanganan Pengaduan, Saran dan Masukan",
        "Nilai interval (Σ NRR tertimbang) 3,194; IKM = 3,194 × 25 = 79,86, mutu pelayanan B (Baik).",
        "IKM menjadi 79,06",
        "Unsur dengan nilai terendah, yang perlu diperbaiki lebih dahulu: U8 Penanganan Pengaduan, Saran dan Masukan (2,25)",
        "Jumlah responden 4 kurang dari sampel minimal 169 untuk populasi 300",
    ] {
        assert!(doc.contains(want), "{want:?} not in the LHP");
    }
    // U4's NRR of 4,00 is sixteen blocks, U8's 2,25 nine
    assert!(doc.contains(&"█".repeat(16)));
    assert!(doc.contains(&format!(">{}<", "█".repeat(9))));
}

//! The training-needs recap as a workbook for the personnel office (BKPSDM): one row per need, grouped by competence area and unit, the ASN named with a grouped NIP; the weak survey unsur on their own sheet; printed landscape with the header repeated.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::register::{header, table_formats, wrapped_lines, xerr};
use super::{ExportError, Written};
use crate::domain::phase::Phase;
use crate::domain::training::{TrainingRecap, TrainingRow};

/// The columns of the needs sheet: label and width.
const NEEDS: [(&str, f64); 11] = [
    ("No", 5.0),
    ("Bidang kompetensi", 30.0),
    ("Unit kerja", 24.0),
    ("Nama", 26.0),
    ("NIP", 22.0),
    ("Jabatan", 26.0),
    ("Sumber", 18.0),
    ("Dasar", 30.0),
    ("Uraian kebutuhan", 46.0),
    ("Pemeriksaan", 30.0),
    ("Periode", 14.0),
];

/// The columns of the survey sheet.
const SURVEY: [(&str, f64); 6] = [
    ("No", 5.0),
    ("Unit layanan", 30.0),
    ("Periode", 14.0),
    ("Unsur SKM", 26.0),
    ("NRR", 8.0),
    ("Pemeriksaan", 12.0),
];

/// The audit a row rests on, marked when it is not final yet (its LHP may still change).
pub fn audit_cell(title: &str, phase: Phase) -> String {
    if phase == Phase::Final {
        title.to_string()
    } else {
        format!("{title} (belum final)")
    }
}

/// The ASN of a row as the documents name them: the name (or a dash for a finding that names
/// nobody) and the NIP grouped 8-6-1-3.
pub fn person_cells(r: &TrainingRow) -> (String, String) {
    let name = if r.name.is_empty() {
        match &r.nip {
            Some(_) => "(tidak ada di daftar pegawai)".to_string(),
            None => "—".to_string(),
        }
    } else {
        r.name.clone()
    };
    (
        name,
        r.nip.as_ref().map(|n| n.grouped()).unwrap_or_default(),
    )
}

/// `Rekomendasi predikat: Kurang/Misconduct`, `Temuan: Hasil survei belum …`.
pub fn basis_cell(r: &TrainingRow) -> String {
    format!("{}: {}", r.source.label_id(), r.subject)
}

/// What the recap covers, for titles: `DISDUKCAPIL — Dinas …, Semester II 2026`.
pub fn scope(recap: &TrainingRecap) -> String {
    let period = recap
        .period
        .map(|p| p.label_id())
        .unwrap_or_else(|| "seluruh periode".to_string());
    format!("{} — {}, {period}", recap.agency, recap.agency_name)
}

/// The recap at `path`: sheet `kebutuhan_pelatihan` (one row per need, in recap order), then
/// `unsur_skm` when the agency's surveys have weak personnel unsur.
pub fn write(path: &Path, recap: &TrainingRecap) -> Result<Written, ExportError> {
    let x = |e| xerr(path, e);
    let mut book = Workbook::new();
    let (head, text) = table_formats();
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    // two decimals the Indonesian way whatever the reader's locale (LCID 0421)
    let nrr = number.clone().set_num_format("[$-421]0.00");
    // the page header names the agency and the period on every printed page (`&` doubled: it
    // starts a code there)
    let page_head = format!(
        "&CRekap kebutuhan pengembangan kompetensi ASN — {}",
        scope(recap).replace('&', "&&")
    );

    let ws = book.add_worksheet();
    ws.set_name("kebutuhan_pelatihan").map_err(x)?;
    header(ws, &NEEDS, &head).map_err(x)?;
    ws.set_header(&page_head);
    for (i, r) in recap.rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &number)
            .map_err(x)?;
        let (name, nip) = person_cells(r);
        let cells = [
            r.area.label_id(),
            r.unit.clone(),
            name,
            nip,
            r.position.clone(),
            r.source.label_id().to_string(),
            r.subject.clone(),
            r.reason.clone(),
            audit_cell(&r.audit_title, r.audit_phase),
            r.period.map(|p| p.label_id()).unwrap_or_default(),
        ];
        for (col, s) in cells.iter().enumerate() {
            ws.write_string_with_format(row, 1 + col as u16, s, &text)
                .map_err(x)?;
        }
        // as tall as its longest wrapped text, so LibreOffice shows every line
        let lines = cells
            .iter()
            .zip(&NEEDS[1..])
            .map(|(s, (_, width))| wrapped_lines(s, *width))
            .max()
            .unwrap_or(1);
        ws.set_row_height(row, (lines as f64 * 15.0).min(409.0))
            .map_err(x)?;
    }
    if !recap.rows.is_empty() {
        ws.autofilter(0, 0, recap.rows.len() as u32, NEEDS.len() as u16 - 1)
            .map_err(x)?;
    }

    if !recap.survey.is_empty() {
        let ws = book.add_worksheet();
        ws.set_name("unsur_skm").map_err(x)?;
        header(ws, &SURVEY, &head).map_err(x)?;
        ws.set_header(&page_head);
        for (i, s) in recap.survey.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_number_with_format(row, 0, (i + 1) as f64, &number)
                .map_err(x)?;
            for (col, v) in [(1, &s.unit), (2, &s.period), (3, &s.unsur)] {
                ws.write_string_with_format(row, col, v, &text).map_err(x)?;
            }
            ws.write_number_with_format(row, 4, s.nrr, &nrr)
                .map_err(x)?;
            ws.write_string_with_format(row, 5, &s.audit_title, &text)
                .map_err(x)?;
        }
    }
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!(
                "Rekap kebutuhan pengembangan kompetensi ASN — {}",
                scope(recap)
            ))
            .set_keywords("Periksa, BKPSDM, pelatihan"),
    );
    let bytes = book.save_to_buffer().map_err(x)?;
    super::write_whole(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::Nip;
    use crate::domain::period::Period;
    use crate::domain::training::{Area, Source, SurveyNeed};
    use crate::domain::Id;

    pub(crate) fn recap() -> TrainingRecap {
        TrainingRecap {
            agency: "DISDUKCAPIL".into(),
            agency_name: "Dinas Kependudukan & Pencatatan Sipil".into(),
            period: Some(Period::Semester(2026, 2)),
            rows: vec![TrainingRow {
                area: Area::Pelatihan,
                unit: "Sekretariat".into(),
                nip: Some(Nip::from_stored("198609092016061001".into())),
                name: "Rudi Hartono, S.Sos.".into(),
                position: "Pengelola SKM".into(),
                audit: Id::from_u128(7),
                audit_title: "Pemeriksaan Standar Pelayanan".into(),
                audit_phase: Phase::Review,
                period: Some(Period::Semester(2026, 2)),
                source: Source::Rating,
                subject: "Baik".into(),
                reason: "Publikasi hasil survei perlu diperbaiki melalui pelatihan.".into(),
            }],
            survey: vec![SurveyNeed {
                audit: Id::from_u128(7),
                audit_title: "Pemeriksaan Pelayanan Publik".into(),
                unit: "Loket Pelayanan KTP-el".into(),
                period: "2026-S2".into(),
                unsur: "Kompetensi Pelaksana".into(),
                nrr: 2.875,
            }],
        }
    }

    /// The text of a sheet's XML inside the workbook.
    fn sheet_xml(path: &Path, n: usize) -> String {
        use std::io::Read;
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut s = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    fn shared_strings(path: &Path) -> String {
        use std::io::Read;
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut s = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn the_workbook_has_the_needs_and_the_survey_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pelatihan.xlsx");
        let written = write(&path, &recap()).unwrap();
        assert!(written.bytes > 0);
        let strings = shared_strings(&path);
        for s in [
            "Bidang kompetensi",
            "Pelatihan",
            "Sekretariat",
            "Rudi Hartono, S.Sos.",
            "19860909 201606 1 001",
            "Rekomendasi predikat",
            "Pemeriksaan Standar Pelayanan (belum final)",
            "Semester II 2026",
            "Unsur SKM",
            "Loket Pelayanan KTP-el",
            "Kompetensi Pelaksana",
        ] {
            assert!(strings.contains(s), "{s} missing");
        }
        let needs = sheet_xml(&path, 1);
        assert!(needs.contains("Dinas Kependudukan &amp;&amp; Pencatatan Sipil"));
        assert!(needs.contains("<autoFilter"));
        let survey = sheet_xml(&path, 2);
        assert!(survey.contains("<v>2.875</v>"), "the NRR as a number");
        // no survey need, no survey sheet
        let mut plain = recap();
        plain.survey.clear();
        write(&path, &plain).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        assert!(zip.by_name("xl/worksheets/sheet2.xml").is_err());
    }

    #[test]
    fn the_document_has_a_table_per_area_and_the_survey_apart() {
        use crate::exchange::export::layout::{self, Block};
        use crate::exchange::report_settings::ReportSettings;
        let settings = ReportSettings::default();
        let mut r = recap();
        let mut coached = r.rows[0].clone();
        coached.area = Area::Pembinaan;
        coached.unit = "Bidang Pelayanan".into();
        r.rows.push(coached);
        r.sort();
        let report = layout::training(&r, "Kabupaten Sukamaju", "7 Desember 2026", &settings);
        assert!(report.landscape);
        let headings: Vec<&str> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(2, h) => Some(h.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            [
                "A. Pelatihan (1 kebutuhan)",
                "B. Pembinaan (1 kebutuhan)",
                "C. Unsur SKM Terlemah tentang Pelaksana Layanan"
            ]
        );
        let tables: Vec<&Vec<Vec<String>>> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table { rows, .. } => Some(rows),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 3);
        assert_eq!(
            tables[0][0][2],
            "Rudi Hartono, S.Sos.\n19860909 201606 1 001"
        );
        assert_eq!(
            tables[2][0],
            [
                "1",
                "Loket Pelayanan KTP-el",
                "2026-S2",
                "Kompetensi Pelaksana",
                "2,88"
            ]
        );
        let titles: Vec<&str> = report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Title(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            titles[1],
            "DISDUKCAPIL Dinas Kependudukan & Pencatatan Sipil — Semester II 2026"
        );
        // the Word document reads, with the survey table in it
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pelatihan.docx");
        crate::exchange::export::docx::write(&report, &settings, &path).unwrap();
        let xml = {
            use std::io::Read;
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut s = String::new();
            zip.by_name("word/document.xml")
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        };
        for s in [
            "REKAPITULASI KEBUTUHAN",
            "Kompetensi Pelaksana",
            "19860909 201606 1 001",
        ] {
            assert!(xml.contains(s), "{s} missing");
        }
        // an empty recap says so and has no table
        let empty = TrainingRecap {
            rows: Vec::new(),
            survey: Vec::new(),
            ..recap()
        };
        let report = layout::training(&empty, "Kabupaten Sukamaju", "7 Desember 2026", &settings);
        assert!(report
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Text(t) if t.starts_with("Tidak terdapat kebutuhan"))));
        assert!(!report
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Table { .. })));
    }

    #[test]
    fn cells_name_the_person_the_basis_and_a_draft_audit() {
        let r = &recap().rows[0];
        assert_eq!(
            person_cells(r),
            (
                "Rudi Hartono, S.Sos.".to_string(),
                "19860909 201606 1 001".to_string()
            )
        );
        let mut nobody = r.clone();
        nobody.nip = None;
        nobody.name.clear();
        assert_eq!(person_cells(&nobody), ("—".to_string(), String::new()));
        assert_eq!(basis_cell(r), "Rekomendasi predikat: Baik");
        assert_eq!(audit_cell("P", Phase::Final), "P");
        assert_eq!(
            scope(&recap()),
            "DISDUKCAPIL — Dinas Kependudukan & Pencatatan Sipil, Semester II 2026"
        );
    }
}

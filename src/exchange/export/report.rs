//! The draft report (konsep LHP) in Bahasa Indonesia, as Markdown or as one self-contained HTML page with print CSS.
//!
//! Built from the same rows as the tables, as they arrive: the identity from `ringkasan`, the scope
//! from per-section counts of `jawaban` (only the counts are kept), each finding written as it
//! comes, then the rating table and the sign-offs. Every text from the store is escaped for the
//! format it goes into.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::schema::{FindingRow, RatingRow, ResponseRow, SummaryRow, JAWABAN, REKOMENDASI, TEMUAN};
use super::{AtomicFile, ExportError, Row, Sink, Table, Written};
use crate::exchange::tabular::guard::grouped_nip;
use crate::present::{date_id, datetime_id, percent_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Markdown,
    Html,
}

/// Escapes text for HTML (element content and attribute values alike).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: the characters that would start markup are backslash-escaped, so a
/// note with `*`, `_`, `|` or `<script>` reads as written.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const CSS: &str = "\
body{font-family:'Liberation Serif','Times New Roman',serif;font-size:12pt;line-height:1.45;\
max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}\
h1{font-size:16pt;text-align:center;margin-bottom:.2rem}\
.sub{text-align:center;margin-top:0}\
.konsep{border:1px solid #999;padding:.4rem .6rem;font-size:10pt;color:#444}\
h2{font-size:13pt;border-bottom:1px solid #444;margin-top:1.6rem}\
h3{font-size:12pt;margin-bottom:.3rem}\
h4{font-size:11pt;margin:.6rem 0 .1rem}\
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:10.5pt}\
th,td{border:1px solid #777;padding:.2rem .35rem;vertical-align:top;text-align:left}\
th{background:#eee}\
table.kv th{width:32%;background:#f6f6f6}\
.unsur p{margin:.1rem 0 .4rem}\
.kosong{color:#666;font-style:italic}\
footer{margin-top:2rem;font-size:9pt;color:#555}\
@media print{body{margin:0;max-width:none;font-size:11pt}\
@page{size:A4;margin:2cm 2cm 2.5cm;\
@bottom-right{content:\"Halaman \" counter(page) \" dari \" counter(pages);font-size:9pt}}\
h2,h3,h4{break-after:avoid}\
section.temuan,tr{break-inside:avoid}\
.konsep{border-color:#000}}";

/// Counts of one checklist section, for the scope table.
#[derive(Debug, Default)]
struct SectionCount {
    code: String,
    title: String,
    items: usize,
    answered: usize,
    compliant: usize,
    partial: usize,
    noncompliant: usize,
    na: usize,
    /// Answers of the other kinds: a score, a number, ya/tidak.
    other: usize,
}

pub struct ReportSink {
    file: AtomicFile,
    style: Style,
    exported_at: DateTime<Utc>,
    summary: Option<SummaryRow>,
    sections: Vec<SectionCount>,
    /// Finding ids and their numbers in the report, to name linked findings in the rating table.
    finding_numbers: HashMap<String, usize>,
    current: Option<&'static Table>,
    tables: Vec<(&'static str, usize)>,
}

/// `—` for an empty value.
fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

impl ReportSink {
    pub fn new(
        path: &Path,
        style: Style,
        exported_at: DateTime<Utc>,
    ) -> Result<ReportSink, ExportError> {
        Ok(ReportSink {
            file: AtomicFile::create(path)?,
            style,
            exported_at,
            summary: None,
            sections: Vec::new(),
            finding_numbers: HashMap::new(),
            current: None,
            tables: Vec::new(),
        })
    }

    fn out(&mut self, s: &str) -> Result<(), ExportError> {
        self.file
            .write_all(s.as_bytes())
            .map_err(|e| ExportError::io(self.file.path(), e))
    }

    /// Escaped text; line breaks kept (`<br>` in HTML, a hard break in Markdown).
    fn text(&self, s: &str) -> String {
        match self.style {
            Style::Html => escape_html(s).replace('\n', "<br>"),
            Style::Markdown => escape_md(s).replace('\n', "  \n"),
        }
    }

    /// Escaped text for a table cell (no line breaks in a Markdown table row).
    fn cell(&self, s: &str) -> String {
        match self.style {
            Style::Html => escape_html(s).replace('\n', "<br>"),
            Style::Markdown => escape_md(s).replace('\r', "").replace('\n', "<br>"),
        }
    }

    fn heading(&mut self, level: usize, s: &str) -> Result<(), ExportError> {
        let t = self.text(s);
        let line = match self.style {
            Style::Html => format!("<h{level}>{t}</h{level}>\n"),
            Style::Markdown => format!("{} {t}\n\n", "#".repeat(level)),
        };
        self.out(&line)
    }

    fn para(&mut self, s: &str) -> Result<(), ExportError> {
        let t = self.text(s);
        let p = match self.style {
            Style::Html => format!("<p>{t}</p>\n"),
            Style::Markdown => format!("{t}\n\n"),
        };
        self.out(&p)
    }

    /// A two-column table of labels and values.
    fn kv(&mut self, rows: &[(&str, String)]) -> Result<(), ExportError> {
        let mut s = String::new();
        match self.style {
            Style::Html => {
                s.push_str("<table class=\"kv\"><tbody>\n");
                for (k, v) in rows {
                    s.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td></tr>\n",
                        self.cell(k),
                        self.cell(&or_dash(v))
                    ));
                }
                s.push_str("</tbody></table>\n");
            }
            Style::Markdown => {
                s.push_str("| Uraian | Keterangan |\n|---|---|\n");
                for (k, v) in rows {
                    s.push_str(&format!(
                        "| {} | {} |\n",
                        self.cell(k),
                        self.cell(&or_dash(v))
                    ));
                }
                s.push('\n');
            }
        }
        self.out(&s)
    }

    fn table_start(&mut self, headers: &[&str]) -> Result<(), ExportError> {
        let s = match self.style {
            Style::Html => format!(
                "<table><thead><tr>{}</tr></thead><tbody>\n",
                headers
                    .iter()
                    .map(|h| format!("<th>{}</th>", self.cell(h)))
                    .collect::<String>()
            ),
            Style::Markdown => format!(
                "| {} |\n|{}\n",
                headers
                    .iter()
                    .map(|h| self.cell(h))
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(headers.len())
            ),
        };
        self.out(&s)
    }

    fn table_row(&mut self, cells: &[String]) -> Result<(), ExportError> {
        let s = match self.style {
            Style::Html => format!(
                "<tr>{}</tr>\n",
                cells
                    .iter()
                    .map(|c| format!("<td>{}</td>", self.cell(&or_dash(c))))
                    .collect::<String>()
            ),
            Style::Markdown => format!(
                "| {} |\n",
                cells
                    .iter()
                    .map(|c| self.cell(&or_dash(c)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
        };
        self.out(&s)
    }

    fn table_end(&mut self) -> Result<(), ExportError> {
        match self.style {
            Style::Html => self.out("</tbody></table>\n"),
            Style::Markdown => self.out("\n"),
        }
    }

    /// One element of a finding (kondisi, kriteria, …) with its text.
    fn element(&mut self, label: &str, body: &str, empty: &str) -> Result<(), ExportError> {
        let s = match (self.style, body.trim().is_empty()) {
            (Style::Html, false) => format!(
                "<div class=\"unsur\"><h4>{}</h4><p>{}</p></div>\n",
                self.text(label),
                self.text(body)
            ),
            (Style::Html, true) => format!(
                "<div class=\"unsur\"><h4>{}</h4><p class=\"kosong\">{}</p></div>\n",
                self.text(label),
                self.text(empty)
            ),
            (Style::Markdown, false) => {
                format!("**{}**  \n{}\n\n", self.text(label), self.text(body))
            }
            (Style::Markdown, true) => {
                format!("**{}**  \n*{}*\n\n", self.text(label), self.text(empty))
            }
        };
        self.out(&s)
    }

    fn start_document(&mut self, s: &SummaryRow) -> Result<(), ExportError> {
        if self.style == Style::Html {
            let head = format!(
                "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>Konsep LHP — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
                escape_html(&s.title)
            );
            self.out(&head)?;
            self.out(&format!(
                "<h1>KONSEP LAPORAN HASIL PEMERIKSAAN</h1>\n<p class=\"sub\">{}<br>{}</p>\n",
                self.text(&s.title),
                self.text(&format!("{} ({})", s.agency_name, s.agency_code))
            ))?;
            self.out(&format!(
                "<p class=\"konsep\">{}</p>\n",
                self.text(&self.draft_note(s))
            ))?;
        } else {
            self.out("# KONSEP LAPORAN HASIL PEMERIKSAAN\n\n")?;
            self.out(&format!(
                "**{}**  \n{}\n\n",
                self.text(&s.title),
                self.text(&format!("{} ({})", s.agency_name, s.agency_code))
            ))?;
            self.out(&format!("> {}\n\n", self.text(&self.draft_note(s))))?;
        }

        self.heading(2, "I. Identitas Pemeriksaan")?;
        let period = match (&s.period_label, s.period_start, s.period_end) {
            (Some(l), Some(a), Some(b)) => format!("{l} ({} – {})", date_id(a), date_id(b)),
            (Some(l), _, _) => l.clone(),
            _ => String::new(),
        };
        self.kv(&[
            ("Judul pemeriksaan", s.title.clone()),
            (
                "Objek pemeriksaan (OPD)",
                format!("{} ({})", s.agency_name, s.agency_code),
            ),
            ("Nomor surat tugas", s.letter.clone().unwrap_or_default()),
            ("Periode yang diperiksa", period),
            ("Tahap", s.phase.clone()),
            // names carry degrees with commas ("Rina, S.E."): a semicolon separates people
            ("Tim pemeriksa", s.team.join("; ")),
            ("Dimulai", datetime_id(s.created_at)),
            ("Perubahan terakhir", datetime_id(s.updated_at)),
            ("Final", s.finalised_at.map(datetime_id).unwrap_or_default()),
        ])
    }

    fn draft_note(&self, s: &SummaryRow) -> String {
        format!(
            "Konsep laporan yang disusun otomatis oleh Periksa pada {} dari catatan pemeriksaan \
             (tahap {}). Periksa kembali isinya sebelum ditandatangani.",
            datetime_id(self.exported_at),
            s.phase.to_lowercase()
        )
    }

    fn scope_and_summary(&mut self) -> Result<(), ExportError> {
        let Some(s) = self.summary.clone() else {
            return Ok(());
        };
        self.heading(2, "II. Ruang Lingkup")?;
        self.para(&format!(
            "Pemeriksaan menggunakan daftar uji \u{201c}{}\u{201d} versi {} yang terdiri atas {} \
             butir dalam {} bagian.",
            s.checklist_title,
            s.checklist_version,
            s.total,
            self.sections.len()
        ))?;
        self.table_start(&[
            "Bagian",
            "Uraian",
            "Butir",
            "Diperiksa",
            "Sesuai",
            "Sebagian",
            "Tidak Sesuai",
            "Tidak Berlaku",
            "Skor, Angka, Ya/Tidak",
        ])?;
        let sections = std::mem::take(&mut self.sections);
        for c in &sections {
            self.table_row(&[
                c.code.clone(),
                c.title.clone(),
                c.items.to_string(),
                c.answered.to_string(),
                c.compliant.to_string(),
                c.partial.to_string(),
                c.noncompliant.to_string(),
                c.na.to_string(),
                c.other.to_string(),
            ])?;
        }
        self.table_end()?;

        self.heading(2, "III. Ringkasan Hasil")?;
        let score = match s.compliance_percent {
            Some(p) => format!(
                "{} (Σ bobot×nilai {} dari Σ bobot {})",
                percent_id(p),
                num_id(s.earned),
                num_id(s.possible)
            ),
            None => "belum ada nilai (belum ada butir terjawab yang dinilai)".to_string(),
        };
        let progress_pct = if s.total == 0 {
            0.0
        } else {
            s.looked_at as f64 * 100.0 / s.total as f64
        };
        let total_findings = s.findings_high + s.findings_medium + s.findings_low;
        self.kv(&[
            ("Tingkat kepatuhan", score),
            (
                "Kemajuan pemeriksaan",
                format!(
                    "{} dari {} butir diperiksa ({})",
                    s.looked_at,
                    s.total,
                    percent_id(progress_pct)
                ),
            ),
            ("Jumlah temuan", total_findings.to_string()),
        ])?;
        self.table_start(&["Tingkat risiko temuan", "Jumlah"])?;
        for (label, n) in [
            ("Tinggi", s.findings_high),
            ("Sedang", s.findings_medium),
            ("Rendah", s.findings_low),
        ] {
            self.table_row(&[label.to_string(), n.to_string()])?;
        }
        self.table_end()
    }

    fn response(&mut self, r: &ResponseRow) {
        if self.sections.last().is_none_or(|c| c.code != r.section) {
            self.sections.push(SectionCount {
                code: r.section.clone(),
                title: r.section_title.clone(),
                ..SectionCount::default()
            });
        }
        if let Some(c) = self.sections.last_mut() {
            c.items += 1;
            if let Some(code) = &r.answer_code {
                c.answered += 1;
                match code.as_str() {
                    "compliant" => c.compliant += 1,
                    "partial" => c.partial += 1,
                    "noncompliant" => c.noncompliant += 1,
                    "na" => c.na += 1,
                    _ => c.other += 1,
                }
            }
        }
    }

    fn finding(&mut self, n: usize, f: &FindingRow) -> Result<(), ExportError> {
        self.finding_numbers.insert(f.id.clone(), n);
        if self.style == Style::Html {
            self.out("<section class=\"temuan\">\n")?;
        }
        self.heading(3, &format!("Temuan {n}: {}", f.title))?;
        self.kv(&[
            ("Tingkat risiko", f.severity.clone()),
            ("Butir daftar uji", f.items.join(", ")),
            ("ASN terkait", people(&f.nips, &f.nip_names)),
            (
                "Status tindak lanjut",
                format!("{} — {}", f.followup_code, f.followup),
            ),
            (
                "Batas waktu tindak lanjut",
                f.due.map(date_id).unwrap_or_default(),
            ),
            ("Catatan tindak lanjut", f.followup_note.clone()),
        ])?;
        self.element("Kondisi", &f.kondisi, "belum diisi")?;
        self.element("Kriteria", &f.kriteria, "belum diisi")?;
        self.element("Sebab", &f.sebab, "belum diisi")?;
        self.element("Akibat", &f.akibat, "belum diisi")?;
        self.element("Rekomendasi", &f.rekomendasi, "belum diisi")?;
        self.element(
            "Tanggapan Auditan",
            &f.tanggapan,
            "belum ada tanggapan auditan",
        )?;
        if self.style == Style::Html {
            self.out("</section>\n")?;
        }
        Ok(())
    }

    fn rating(&mut self, n: usize, r: &RatingRow) -> Result<(), ExportError> {
        let linked: Vec<String> = r
            .findings
            .iter()
            .map(|id| match self.finding_numbers.get(id) {
                Some(k) => format!("Temuan {k}"),
                None => id.clone(),
            })
            .collect();
        self.table_row(&[
            n.to_string(),
            grouped_nip(&r.nip).into_owned(),
            r.name.clone().unwrap_or_default(),
            r.period_label.clone(),
            r.hasil.clone(),
            r.perilaku.clone(),
            r.predikat.clone(),
            r.action.clone(),
            linked.join(", "),
            r.justification.clone(),
        ])
    }

    fn signoffs_and_footer(&mut self) -> Result<(), ExportError> {
        if let Some(s) = self.summary.clone() {
            self.heading(2, "VI. Paraf Reviu Berjenjang")?;
            self.table_start(&["Peran", "Nama", "Waktu", "Status"])?;
            for c in &s.signoffs {
                let status = match c.status {
                    "berlaku" => "Berlaku",
                    "kedaluwarsa" => "Kedaluwarsa (pemeriksaan berubah setelah paraf)",
                    _ => "Belum",
                };
                self.table_row(&[
                    c.role.clone(),
                    c.name.clone().unwrap_or_default(),
                    c.at.map(datetime_id).unwrap_or_default(),
                    status.to_string(),
                ])?;
            }
            self.table_end()?;
        }
        // the colophon carries what identifies the record; the body names people, not ids
        let id = self
            .summary
            .as_ref()
            .map(|s| {
                let hash: String = s.checklist_hash.chars().take(12).collect();
                format!(
                    " ID pemeriksaan {}; daftar uji {}, sidik {hash}.",
                    s.audit_id, s.checklist_id
                )
            })
            .unwrap_or_default();
        let foot = format!(
            "Dihasilkan oleh Periksa, skema ekspor versi {}, {}.{id}",
            super::SCHEMA_VERSION,
            datetime_id(self.exported_at)
        );
        match self.style {
            Style::Html => {
                let f = format!(
                    "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
                    self.text(&foot)
                );
                self.out(&f)
            }
            Style::Markdown => {
                let f = format!("---\n\n*{}*\n", self.text(&foot));
                self.out(&f)
            }
        }
    }
}

/// A number with an Indonesian decimal comma, without trailing zeros: `2,5`, `4`.
/// The ASN a finding names: each as `Name, NIP 19710128 200202 2 001` (the NIP grouped, never
/// bare; the name from the roster when it still has it), or a dash for none.
fn people(nips: &[String], names: &[Option<String>]) -> String {
    if nips.is_empty() {
        return "—".to_string();
    }
    nips.iter()
        .enumerate()
        .map(|(i, nip)| {
            let nip = grouped_nip(nip);
            match names.get(i).and_then(Option::as_ref) {
                Some(name) => format!("{name}, NIP {nip}"),
                None => format!("NIP {nip}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn num_id(x: f64) -> String {
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

impl Sink for ReportSink {
    fn begin(&mut self, table: &'static Table) -> Result<(), ExportError> {
        self.current = Some(table);
        self.tables.push((table.name, 0));
        if *table == TEMUAN {
            self.heading(2, "IV. Temuan dan Rekomendasi")?;
        } else if *table == REKOMENDASI {
            self.heading(2, "V. Rekomendasi Predikat Kinerja ASN")?;
        }
        Ok(())
    }

    fn row(&mut self, row: Row<'_>) -> Result<(), ExportError> {
        let n = self.tables.last().map_or(0, |t| t.1) + 1;
        match row {
            Row::Summary(s) => {
                self.start_document(s)?;
                self.summary = Some(s.clone());
            }
            Row::Response(r) => self.response(r),
            Row::Finding(f) => self.finding(n, f)?,
            Row::Rating(r) => {
                if n == 1 {
                    self.table_start(&[
                        "No",
                        "NIP",
                        "Nama",
                        "Periode",
                        "Hasil Kerja",
                        "Perilaku Kerja",
                        "Predikat",
                        "Tindak Lanjut",
                        "Temuan Terkait",
                        "Justifikasi",
                    ])?;
                }
                self.rating(n, r)?;
            }
        }
        if let Some(t) = self.tables.last_mut() {
            t.1 += 1;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), ExportError> {
        let Some(table) = self.current.take() else {
            return Ok(());
        };
        let rows = self.tables.last().map_or(0, |t| t.1);
        if *table == JAWABAN {
            self.scope_and_summary()?;
        } else if *table == TEMUAN && rows == 0 {
            self.para("Tidak ada temuan.")?;
        } else if *table == REKOMENDASI {
            if rows == 0 {
                self.para("Tidak ada rekomendasi predikat kinerja.")?;
            } else {
                self.table_end()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<Written>, ExportError> {
        self.end()?;
        self.signoffs_and_footer()?;
        let path = self.file.path().to_path_buf();
        let tables = std::mem::take(&mut self.tables);
        let bytes = self.file.commit()?;
        Ok(vec![Written {
            path,
            bytes,
            tables,
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::tests::{finding, rating, response, summary};
    use super::super::schema::{Row, TABLES};
    use super::*;

    fn render(style: Style) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r");
        let mut sink: Box<dyn Sink> =
            Box::new(ReportSink::new(&path, style, super::super::schema::tests::t0()).unwrap());
        let (s, r, f, g) = (summary(), response(), finding(), rating());
        let rows = [
            Row::Summary(&s),
            Row::Response(&r),
            Row::Finding(&f),
            Row::Rating(&g),
        ];
        for (t, row) in TABLES.iter().zip(rows) {
            sink.begin(t).unwrap();
            sink.row(row).unwrap();
            sink.end().unwrap();
        }
        sink.finish().unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn html_escapes_every_text() {
        let html = render(Style::Html);
        assert!(html.contains("Pemeriksaan &lt;Dinas&gt; &amp; &quot;Pelayanan&quot;"));
        assert!(html.contains("Maklumat &lt;b&gt;belum&lt;/b&gt; dipasang"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("Kondisi<br>baris dua"));
        assert!(html.contains("@media print"));
        assert!(html.contains("<td>Temuan 1</td>"));
        assert!(html.contains("belum ada tanggapan auditan"));
    }

    #[test]
    fn markdown_escapes_markup() {
        let md = render(Style::Markdown);
        assert!(md.contains("### Temuan 1: Maklumat \\<b\\>belum\\</b\\> dipasang"));
        assert!(md.contains("Kriteria \\| pasal 5"));
        assert!(md.contains("Sebab \\*penting\\*"));
        assert!(md.contains("| SP | Standar Pelayanan | 1 | 1 | 0 | 1 | 0 | 0 |"));
        assert!(md.contains("62,5% (Σ bobot×nilai 2,5 dari Σ bobot 4)"));
    }

    #[test]
    fn numbers_in_indonesian() {
        assert_eq!(num_id(2.5), "2,5");
        assert_eq!(num_id(4.0), "4");
        assert_eq!(num_id(0.126), "0,13");
    }
}

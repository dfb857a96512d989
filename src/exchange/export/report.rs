//! The LHP and its annex as Markdown or as one self-contained HTML page that prints like the Word document: the same blocks ([`super::layout`]), laid out for the format, every text escaped.

use std::path::Path;

use base64::Engine;

use super::layout::{Block, Report};
use super::{ExportError, Written};
use crate::exchange::report_settings::{Paper, ReportSettings};

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

/// The page CSS: the font and paper of the settings; landscape pages for what follows
/// [`Block::Landscape`]; "Halaman x dari y" in every printed page's corner.
fn css(s: &ReportSettings) -> String {
    let (w, h) = s.paper.mm();
    let paper = match s.paper {
        Paper::A4 => "A4".to_string(),
        Paper::F4 => format!("{w}mm {h}mm"),
    };
    let landscape = match s.paper {
        Paper::A4 => "A4 landscape".to_string(),
        Paper::F4 => format!("{h}mm {w}mm"),
    };
    let font = s.font.replace(['\'', '"', '<', '>', ';', '{', '}'], "");
    format!(
        "body{{font-family:'{font}','Bookman Old Style',Arial,sans-serif;font-size:12pt;\
line-height:1.45;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}}\
body.lebar{{max-width:80rem}}\
.kop{{display:flex;align-items:center;gap:1rem;border-bottom:3px double #000;\
padding-bottom:.4rem;margin-bottom:1rem}}\
.kop img{{height:22mm}}.kop div{{flex:1}}.kop p{{text-align:center;margin:0}}\
.kop .pemda{{font-weight:bold;font-size:14pt;margin:0}}\
.kop .dinas{{font-weight:bold;font-size:16pt;margin:0}}.kop .kontak{{font-size:9pt;margin:0}}\
.kanan{{text-align:right}}.tanda{{text-align:right;font-weight:bold}}\
table.blok td{{border:none;padding:0 .3rem 0 0;vertical-align:top}}\
.alamat{{margin-left:2.5rem}}\
.judul{{text-align:center;font-weight:bold;margin:0}}\
h1{{font-size:12pt;text-align:center;margin-top:1.6rem}}\
h2{{font-size:12pt;margin-top:1.2rem}}h3{{font-size:12pt;margin:1rem 0 .3rem}}\
h4{{font-size:12pt;font-style:italic;margin:.6rem 0 .1rem}}\
p{{text-align:justify;margin:.2rem 0 .5rem}}\
table.grid{{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:9pt;table-layout:fixed}}\
table.grid th,table.grid td{{border:1px solid #555;padding:.15rem .3rem;vertical-align:top;\
text-align:left;overflow-wrap:break-word}}\
table.grid th{{background:#eee}}\
.catatan{{font-size:10pt}}\
.ttd{{margin:1.5rem 0 0 55%;break-inside:avoid}}.ttd p{{margin:0;text-align:left}}\
.ttd .nama{{margin-top:4.5rem;font-weight:bold;text-decoration:underline}}\
footer{{margin-top:2rem;font-size:8pt;color:#555}}\
@page{{size:{paper};margin:25mm 20mm 25mm 30mm;\
@bottom-right{{content:\"Halaman \" counter(page) \" dari \" counter(pages);font-size:9pt}}}}\
@page lanskap{{size:{landscape}}}\
@media print{{body{{margin:0;max-width:none;font-size:12pt}}\
.lanskap{{page:lanskap;break-before:page}}\
h1,h2,h3,h4{{break-after:avoid}}tr{{break-inside:avoid}}}}"
    )
}

/// Escaped text with its line breaks as `<br>`.
fn html_lines(s: &str) -> String {
    escape_html(s).replace('\n', "<br>")
}

/// The report as one self-contained HTML page (inline CSS, the logo inline, no script).
pub fn write_html(
    report: &Report,
    s: &ReportSettings,
    path: &Path,
) -> Result<Written, ExportError> {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!("<title>{}</title>\n", escape_html(&report.title)));
    // a report landscape from its first page (the matriks TLHP) is as wide on screen too
    let body = if report.landscape {
        "<body class=\"lebar\">"
    } else {
        "<body>"
    };
    h.push_str(&format!("<style>{}</style>\n</head>\n{body}\n", css(s)));
    if report.landscape {
        h.push_str("<div class=\"lanskap\">\n");
    }
    let mut open_landscape = report.landscape;
    for b in &report.blocks {
        match b {
            Block::Letterhead {
                government,
                office,
                contact,
            } => {
                h.push_str("<header class=\"kop\">");
                if let Some(logo) = &s.letterhead.logo {
                    let mime = if logo.bytes.starts_with(b"\x89PNG") {
                        "image/png"
                    } else {
                        "image/jpeg"
                    };
                    let data = base64::engine::general_purpose::STANDARD.encode(&logo.bytes);
                    h.push_str(&format!(
                        "<img alt=\"logo\" src=\"data:{mime};base64,{data}\">"
                    ));
                }
                h.push_str(&format!(
                    "<div><p class=\"pemda\">{}</p><p class=\"dinas\">{}</p>",
                    escape_html(government),
                    escape_html(office)
                ));
                for c in contact {
                    h.push_str(&format!("<p class=\"kontak\">{}</p>", escape_html(c)));
                }
                h.push_str("</div></header>\n");
            }
            Block::Right(t) => h.push_str(&format!("<p class=\"kanan\">{}</p>\n", html_lines(t))),
            Block::Mark(t) => h.push_str(&format!("<p class=\"tanda\">{}</p>\n", html_lines(t))),
            Block::Fields(rows) => {
                h.push_str("<table class=\"blok\">\n");
                for (label, value) in rows {
                    h.push_str(&format!(
                        "<tr><td>{}</td><td>:</td><td>{}</td></tr>\n",
                        escape_html(label),
                        html_lines(value)
                    ));
                }
                h.push_str("</table>\n");
            }
            Block::Addressee { to, lines } => h.push_str(&format!(
                "<p>{}</p>\n<p class=\"alamat\">{}</p>\n",
                escape_html(to),
                html_lines(lines)
            )),
            Block::Title(t) => h.push_str(&format!("<p class=\"judul\">{}</p>\n", html_lines(t))),
            Block::Heading(level, t) => {
                let n = (*level).clamp(1, 3);
                h.push_str(&format!("<h{n}>{}</h{n}>\n", escape_html(t)));
            }
            Block::Text(t) => h.push_str(&format!("<p>{}</p>\n", html_lines(t))),
            Block::Label(t) => h.push_str(&format!("<h4>{}</h4>\n", escape_html(t))),
            Block::Numbered(entries) => {
                h.push_str("<ol>\n");
                for e in entries {
                    h.push_str(&format!("<li>{}</li>\n", html_lines(e)));
                }
                h.push_str("</ol>\n");
            }
            Block::Table {
                header,
                rows,
                widths,
            } => {
                let total: f64 = widths.iter().sum::<f64>().max(1.0);
                h.push_str("<table class=\"grid\">\n<colgroup>");
                for w in widths {
                    h.push_str(&format!("<col style=\"width:{:.1}%\">", w / total * 100.0));
                }
                h.push_str("</colgroup>\n<thead><tr>");
                for c in header {
                    h.push_str(&format!("<th>{}</th>", escape_html(c)));
                }
                h.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    h.push_str("<tr>");
                    for c in r {
                        h.push_str(&format!("<td>{}</td>", html_lines(c)));
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody>\n</table>\n");
            }
            Block::Note(t) => h.push_str(&format!("<p class=\"catatan\">{}</p>\n", html_lines(t))),
            Block::Signature {
                date_line,
                title,
                name,
                rank,
                nip,
            } => {
                h.push_str("<div class=\"ttd\">");
                if !date_line.is_empty() {
                    h.push_str(&format!("<p>{}</p>", escape_html(date_line)));
                }
                h.push_str(&format!("<p>{},</p>", escape_html(title)));
                h.push_str(&format!("<p class=\"nama\">{}</p>", escape_html(name)));
                for extra in [rank, nip] {
                    if !extra.is_empty() {
                        h.push_str(&format!("<p>{}</p>", escape_html(extra)));
                    }
                }
                h.push_str("</div>\n");
            }
            Block::Landscape => {
                if !open_landscape {
                    h.push_str("<div class=\"lanskap\">\n");
                    open_landscape = true;
                }
            }
            Block::Colophon(t) => h.push_str(&format!("<footer>{}</footer>\n", escape_html(t))),
            Block::Blank => {}
        }
    }
    if open_landscape {
        h.push_str("</div>\n");
    }
    h.push_str("</body>\n</html>\n");
    write_file(path, &h)
}

/// A table cell in Markdown: escaped, its line breaks as `<br>`.
fn md_cell(s: &str) -> String {
    escape_md(s).replace('\n', "<br>")
}

/// The report as Markdown.
pub fn write_md(report: &Report, path: &Path) -> Result<Written, ExportError> {
    let mut m = String::new();
    let mut titled = false;
    let hard = |s: &str| escape_md(s).replace('\n', "  \n");
    for b in &report.blocks {
        match b {
            Block::Letterhead {
                government,
                office,
                contact,
            } => {
                m.push_str(&format!(
                    "**{}**  \n**{}**  \n",
                    hard(government),
                    hard(office)
                ));
                for c in contact {
                    m.push_str(&format!("{}  \n", hard(c)));
                }
                m.push_str("\n---\n\n");
            }
            Block::Right(t) | Block::Note(t) => m.push_str(&format!("{}\n\n", hard(t))),
            Block::Mark(t) => m.push_str(&format!("**{}**\n\n", hard(t))),
            Block::Fields(rows) => {
                for (label, value) in rows {
                    m.push_str(&format!("{}: {}  \n", hard(label), hard(value)));
                }
                m.push('\n');
            }
            Block::Addressee { to, lines } => {
                m.push_str(&format!("{}  \n{}\n\n", hard(to), hard(lines)));
            }
            Block::Title(t) => {
                if titled {
                    m.push_str(&format!("**{}**\n\n", hard(t)));
                } else {
                    m.push_str(&format!("# {}\n\n", escape_md(t)));
                    titled = true;
                }
            }
            Block::Heading(level, t) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 3)) + 1);
                m.push_str(&format!("{hashes} {}\n\n", escape_md(t)));
            }
            Block::Text(t) => m.push_str(&format!("{}\n\n", hard(t))),
            Block::Label(t) => m.push_str(&format!("**{}**  \n", escape_md(t))),
            Block::Numbered(entries) => {
                for (i, e) in entries.iter().enumerate() {
                    m.push_str(&format!("{}. {}\n", i + 1, escape_md(e).replace('\n', " ")));
                }
                m.push('\n');
            }
            Block::Table { header, rows, .. } => {
                let line = |cells: &[String]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                m.push_str(&line(header));
                m.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for r in rows {
                    m.push_str(&line(r));
                }
                m.push('\n');
            }
            Block::Signature {
                date_line,
                title,
                name,
                rank,
                nip,
            } => {
                if !date_line.is_empty() {
                    m.push_str(&format!("{}  \n", hard(date_line)));
                }
                m.push_str(&format!("{},\n\n\n\n**{}**  \n", hard(title), hard(name)));
                for extra in [rank, nip] {
                    if !extra.is_empty() {
                        m.push_str(&format!("{}  \n", hard(extra)));
                    }
                }
                m.push('\n');
            }
            Block::Landscape | Block::Blank => {}
            Block::Colophon(t) => m.push_str(&format!("---\n\n_{}_\n", escape_md(t))),
        }
    }
    write_file(path, &m)
}

fn write_file(path: &Path, text: &str) -> Result<Written, ExportError> {
    super::write_whole(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            title: "LHP <uji>".into(),
            landscape: false,
            blocks: vec![
                Block::Letterhead {
                    government: "PEMERINTAH KABUPATEN SUKAMAJU".into(),
                    office: "INSPEKTORAT DAERAH".into(),
                    contact: vec!["Jalan Merdeka 10".into()],
                },
                Block::Title("LAPORAN HASIL PEMERIKSAAN".into()),
                Block::Title("ATAS <DINAS> & \"PELAYANAN\"".into()),
                Block::Heading(1, "BAB I SIMPULAN".into()),
                Block::Label("Kondisi".into()),
                Block::Text("Maklumat <b>belum</b> dipasang\nbaris dua".into()),
                Block::Table {
                    header: vec!["No".into(), "Kriteria".into()],
                    rows: vec![vec!["1".into(), "Kriteria | pasal 5 *penting*".into()]],
                    widths: vec![10.0, 30.0],
                },
                Block::Landscape,
                Block::Colophon("Dibuat dengan Periksa.".into()),
            ],
        }
    }

    #[test]
    fn html_escapes_every_text_and_prints_with_page_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.html");
        write_html(&report(), &ReportSettings::default(), &path).unwrap();
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.contains("<title>LHP &lt;uji&gt;</title>"));
        assert!(html.contains("ATAS &lt;DINAS&gt; &amp; &quot;PELAYANAN&quot;"));
        assert!(html.contains("Maklumat &lt;b&gt;belum&lt;/b&gt; dipasang<br>baris dua"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("<h1>BAB I SIMPULAN</h1>"));
        assert!(html.contains("<h4>Kondisi</h4>"));
        assert!(html.contains(r#"content:"Halaman " counter(page) " dari " counter(pages)"#));
        assert!(html.contains("@page lanskap{size:A4 landscape}"));
        assert!(html.contains("<div class=\"lanskap\">"));
        assert!(html.contains("<col style=\"width:25.0%\">"));
    }

    #[test]
    fn markdown_escapes_markup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        write_md(&report(), &path).unwrap();
        let md = std::fs::read_to_string(&path).unwrap();
        assert!(md.contains("# LAPORAN HASIL PEMERIKSAAN"));
        assert!(md.contains("**ATAS \\<DINAS\\> & \"PELAYANAN\"**"));
        assert!(md.contains("## BAB I SIMPULAN"));
        assert!(md.contains("| 1 | Kriteria \\| pasal 5 \\*penting\\* |"));
        assert!(md.contains("Maklumat \\<b\\>belum\\</b\\> dipasang  \nbaris dua"));
        assert!(md.ends_with("---\n\n_Dibuat dengan Periksa._\n"));
    }

    #[test]
    fn f4_paper_sets_the_page_size() {
        let mut s = ReportSettings::default();
        s.paper = Paper::F4;
        let c = css(&s);
        assert!(c.contains("@page{size:215mm 330mm;"), "{c}");
        assert!(c.contains("@page lanskap{size:330mm 215mm}"), "{c}");
    }
}

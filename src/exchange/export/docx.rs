//! The LHP and its confidential ASN annex as Word documents (DOCX, through docx-rs): the letterhead, the letter block, Bab I–III, the signature block and the matrix of findings, in real Word styles (Heading 1–3, numbered lists, a table style) on A4 or F4 with "Halaman x dari y" in the footer.

use std::io::{Cursor, Write};
use std::path::Path;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Footer, IndentLevel, Level,
    LevelJc, LevelOverride, LevelText, LineSpacing, LineSpacingType, NumPages, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, PageOrientationType, PageSize, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, Section,
    SpecialIndentType, Start, Style, StyleType, Table, TableAlignmentType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::lhp::{Lhp, SectionCounts};
use super::{AtomicFile, ExportError, Written};
use crate::exchange::report_settings::ReportSettings;

/// Twips (1/20 pt) in a millimetre.
const TWIPS_PER_MM: f64 = 56.692_913;
/// EMU in a millimetre (for pictures).
const EMU_PER_MM: u32 = 36_000;
/// The abstract numbering every numbered list uses: `1.`, `2.`, … hanging.
const DECIMAL: usize = 1;

/// Line spacing measured as a multiple of the line (the "auto" rule, written out: a reader that
/// is not told reads the height as exact and overlaps large letters).
fn spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240)
}

fn twips(mm: f64) -> u32 {
    (mm * TWIPS_PER_MM).round() as u32
}

/// The document being built, with the numbered lists it has started (each restarts at 1).
struct Doc<'s> {
    docx: Docx,
    /// While the portrait body is written: its section (the document's own last section, after
    /// it, is landscape for the wide tables).
    body: Option<Section>,
    s: &'s ReportSettings,
    lists: usize,
    /// The width text runs in, in millimetres.
    text_width: f64,
}

/// The page margins of every section.
fn margins() -> PageMargin {
    PageMargin::new()
        .top(twips(25.0) as i32)
        .bottom(twips(25.0) as i32)
        .left(twips(30.0) as i32)
        .right(twips(20.0) as i32)
        .header(twips(12.0) as i32)
        .footer(twips(12.0) as i32)
}

/// "Halaman x dari y", right-aligned.
fn page_footer() -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .add_run(Run::new().add_text("Halaman "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" dari "))
            .add_num_pages(NumPages::new()),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Portrait, then landscape from [`Doc::landscape`] on.
    PortraitFirst,
    Landscape,
}

impl<'s> Doc<'s> {
    fn new(s: &'s ReportSettings, layout: Layout) -> Doc<'s> {
        let (w, h) = s.paper.mm();
        let (w_tw, h_tw) = (twips(f64::from(w)), twips(f64::from(h)));
        let font = RunFonts::new()
            .ascii(&s.font)
            .hi_ansi(&s.font)
            .cs(&s.font)
            .east_asia(&s.font);
        // the document's own (last) section is landscape: the matrix, the annex's table
        let docx = Docx::new()
            .page_size(h_tw, w_tw)
            .page_orient(PageOrientationType::Landscape)
            .page_margin(margins())
            .default_fonts(font)
            .default_size(24)
            .add_style(
                Style::new("Normal", StyleType::Paragraph)
                    .name("Normal")
                    .line_spacing(spacing().line(300).after(120))
                    .align(AlignmentType::Both),
            )
            .add_style(heading(1, 24).align(AlignmentType::Center))
            .add_style(heading(2, 24).align(AlignmentType::Left))
            .add_style(heading(3, 24).align(AlignmentType::Left))
            .add_style(
                Style::new("Title", StyleType::Paragraph)
                    .name("Title")
                    .based_on("Normal")
                    .bold()
                    .size(26)
                    .align(AlignmentType::Center)
                    .line_spacing(spacing().after(0)),
            )
            .add_style(
                Style::new("Kop", StyleType::Paragraph)
                    .name("Kop Surat")
                    .based_on("Normal")
                    .align(AlignmentType::Center)
                    .line_spacing(spacing().line(240).after(0)),
            )
            .add_style(
                Style::new("Tabel", StyleType::Paragraph)
                    .name("Isi Tabel")
                    .based_on("Normal")
                    .size(18)
                    .align(AlignmentType::Left)
                    .line_spacing(spacing().line(240).after(0)),
            )
            .add_style(
                Style::new("TabelPeriksa", StyleType::Table)
                    .name("Tabel Periksa")
                    .table_align(TableAlignmentType::Center),
            )
            .add_style(
                Style::new("Footer", StyleType::Paragraph)
                    .name("footer")
                    .based_on("Normal")
                    .size(18)
                    .align(AlignmentType::Right)
                    .line_spacing(spacing().after(0)),
            )
            .add_style(
                Style::new("Blok", StyleType::Paragraph)
                    .name("Blok Surat")
                    .based_on("Normal")
                    .align(AlignmentType::Left)
                    .line_spacing(spacing().after(0)),
            )
            .add_style(
                Style::new("Kolofon", StyleType::Paragraph)
                    .name("Kolofon")
                    .based_on("Normal")
                    .size(16)
                    .color("555555"),
            )
            .add_abstract_numbering(
                AbstractNumbering::new(DECIMAL).add_level(
                    Level::new(
                        0,
                        Start::new(1),
                        NumberFormat::new("decimal"),
                        LevelText::new("%1."),
                        LevelJc::new("left"),
                    )
                    .indent(
                        Some(twips(7.0) as i32),
                        Some(SpecialIndentType::Hanging(twips(7.0) as i32)),
                        None,
                        None,
                    ),
                ),
            )
            .footer(page_footer());
        let body = (layout == Layout::PortraitFirst).then(|| {
            Section::new()
                .page_size(PageSize::new().size(w_tw, h_tw))
                .page_margin(margins())
                .footer(page_footer())
        });
        let text_width = match layout {
            Layout::PortraitFirst => f64::from(w) - 50.0,
            Layout::Landscape => f64::from(h) - 50.0,
        };
        Doc {
            docx,
            body,
            s,
            lists: 0,
            text_width,
        }
    }

    /// End the portrait body: what follows is on landscape pages.
    fn landscape(&mut self) {
        if let Some(body) = self.body.take() {
            let docx = std::mem::take(&mut self.docx);
            self.docx = docx.add_section(body);
            let (w, h) = self.s.paper.mm();
            self.text_width = f64::from(h.max(w)) - 50.0;
        }
    }

    fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.s.say(key, args)
    }

    fn add(&mut self, p: Paragraph) {
        match self.body.take() {
            Some(body) => self.body = Some(body.add_paragraph(p)),
            None => {
                let docx = std::mem::take(&mut self.docx);
                self.docx = docx.add_paragraph(p);
            }
        }
    }

    fn table(&mut self, t: Table) {
        match self.body.take() {
            Some(body) => self.body = Some(body.add_table(t)),
            None => {
                let docx = std::mem::take(&mut self.docx);
                self.docx = docx.add_table(t);
            }
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        self.add(
            Paragraph::new()
                .style(&format!("Heading{level}"))
                .keep_next(true)
                .add_run(Run::new().add_text(text)),
        );
    }

    /// Body text; its line breaks kept.
    fn text(&mut self, text: &str) {
        self.add(para(text));
    }

    /// A new numbered list (1., 2., …) of `entries`.
    fn numbered(&mut self, entries: &[String]) {
        self.lists += 1;
        let id = self.lists + 1;
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_numbering(
            Numbering::new(id, DECIMAL).add_override(LevelOverride::new(0).start(1)),
        );
        for e in entries {
            self.add(para(e).numbering(NumberingId::new(id), IndentLevel::new(0)));
        }
    }

    fn finish(mut self, path: &Path) -> Result<Written, ExportError> {
        self.landscape();
        let mut bytes = Cursor::new(Vec::new());
        self.docx
            .build()
            .pack(&mut bytes)
            .map_err(|e| ExportError::io(path, std::io::Error::other(e.to_string())))?;
        let mut file = AtomicFile::create(path)?;
        file.write_all(bytes.get_ref())
            .map_err(|e| ExportError::io(path, e))?;
        let written = file.commit()?;
        Ok(Written {
            path: path.to_path_buf(),
            bytes: written,
            tables: Vec::new(),
        })
    }
}

fn heading(level: usize, size: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .based_on("Normal")
        .next("Normal")
        .bold()
        .size(size)
        .outline_lvl(level - 1)
        .line_spacing(spacing().before(240).after(120))
}

/// A paragraph of `text`, each line break a break in the run.
fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(lines(Run::new(), text))
}

fn lines(mut run: Run, text: &str) -> Run {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// A cell of the table style's text; `bold` for a header.
fn cell(text: &str, bold: bool) -> TableCell {
    styled_cell("Tabel", text, bold)
}

fn styled_cell(style: &str, text: &str, bold: bool) -> TableCell {
    let mut run = lines(Run::new(), text);
    if bold {
        run = run.bold();
    }
    TableCell::new()
        .vertical_align(VAlignType::Top)
        .add_paragraph(Paragraph::new().style(style).add_run(run))
}

/// A table with a header row and `widths` in millimetres.
fn grid_table(header: &[String], rows: Vec<Vec<String>>, widths: &[f64]) -> Table {
    let grid: Vec<usize> = widths.iter().map(|w| twips(*w) as usize).collect();
    // each cell carries its width too: Word lays a fixed table out by its cells
    let row = |texts: &[String], bold: bool| {
        TableRow::new(
            texts
                .iter()
                .zip(&grid)
                .map(|(t, w)| cell(t, bold).width(*w, WidthType::Dxa))
                .collect(),
        )
        .cant_split()
    };
    let mut all = vec![row(header, true)];
    for r in rows {
        all.push(row(&r, false));
    }
    Table::new(all)
        .style("TabelPeriksa")
        .margins(
            TableCellMargins::new()
                .margin_left(twips(1.2) as usize, WidthType::Dxa)
                .margin_right(twips(1.2) as usize, WidthType::Dxa),
        )
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(
            widths.iter().map(|w| twips(*w) as usize).sum(),
            WidthType::Dxa,
        )
}

/// The letterhead: logo beside the government and office names, the address below, a rule.
fn letterhead(d: &mut Doc<'_>, lhp: &Lhp) {
    let l = &d.s.letterhead;
    let government = if l.government.is_empty() {
        format!("PEMERINTAH {}", lhp.region.to_uppercase())
    } else {
        l.government.clone()
    };
    let office = if l.office.is_empty() {
        "INSPEKTORAT DAERAH".to_string()
    } else {
        l.office.clone()
    };
    let contact: Vec<String> = [
        l.address.clone(),
        [
            (!l.phone.is_empty()).then(|| format!("Telepon {}", l.phone)),
            (!l.email.is_empty()).then(|| format!("Surel {}", l.email)),
            (!l.website.is_empty()).then(|| format!("Laman {}", l.website)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", "),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    let mut text = TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(&government).bold().size(28)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(&office).bold().size(32)),
        );
    for c in &contact {
        text = text.add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(c).size(18)),
        );
    }
    let body_w = d.text_width;
    let row = match &l.logo {
        Some(logo) => {
            // 22 mm high, as wide as its proportions make it
            let h_mm = 22.0_f64;
            let w_mm = h_mm * f64::from(logo.width_px) / f64::from(logo.height_px);
            let pic = Pic::new_with_dimensions(logo.bytes.clone(), logo.width_px, logo.height_px)
                .size(
                    (w_mm * f64::from(EMU_PER_MM)) as u32,
                    (h_mm * f64::from(EMU_PER_MM)) as u32,
                );
            let logo_cell = TableCell::new()
                .vertical_align(VAlignType::Center)
                .width(twips(30.0) as usize, WidthType::Dxa)
                .add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_image(pic)),
                );
            TableRow::new(vec![
                logo_cell,
                text.width(twips(body_w - 30.0) as usize, WidthType::Dxa),
            ])
        }
        None => TableRow::new(vec![text.width(twips(body_w) as usize, WidthType::Dxa)]),
    };
    d.table(Table::without_borders(vec![row]).width(twips(body_w) as usize, WidthType::Dxa));
    d.add(
        Paragraph::new()
            .set_borders(
                ParagraphBorders::with_empty().set(
                    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                        .val(BorderType::Double)
                        .size(12)
                        .space(1),
                ),
            )
            .line_spacing(spacing().after(240)),
    );
}

/// The letter block: nomor, sifat, lampiran, hal on the left, the date on the right, then the
/// addressee.
fn letter_block(d: &mut Doc<'_>, lhp: &Lhp) {
    let r = &lhp.engagement.report;
    let date_line = match (d.s.place.as_str(), lhp.date.as_str()) {
        ("", "") => String::new(),
        (place, "") => format!("{place}, ……………… "),
        ("", date) => date.to_string(),
        (place, date) => format!("{place}, {date}"),
    };
    if !date_line.is_empty() {
        d.add(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text(&date_line)),
        );
    }
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    let rows = [
        (d.say("number", &[]), dash(&r.number)),
        (d.say("nature", &[]), dash(&r.nature)),
        (d.say("attachment", &[]), dash(&r.attachment)),
        (d.say("subject", &[]), dash(&r.subject)),
    ];
    let table = Table::without_borders(
        rows.iter()
            .map(|(label, value)| {
                TableRow::new(vec![
                    styled_cell("Blok", label, false).width(twips(25.0) as usize, WidthType::Dxa),
                    styled_cell("Blok", ":", false).width(twips(4.0) as usize, WidthType::Dxa),
                    styled_cell("Blok", value, false).width(twips(90.0) as usize, WidthType::Dxa),
                ])
            })
            .collect(),
    )
    .set_grid(vec![
        twips(25.0) as usize,
        twips(4.0) as usize,
        twips(90.0) as usize,
    ])
    .layout(TableLayoutType::Fixed)
    .align(TableAlignmentType::Left);
    d.table(table);
    d.add(Paragraph::new());
    let to = d.say("to", &[]);
    d.text(&to);
    let addressee = if r.addressee.is_empty() {
        "……………………".to_string()
    } else {
        r.addressee.clone()
    };
    d.add(para(&addressee).indent(Some(twips(10.0) as i32), None, None, None));
}

/// The signature block, right half of the page: place and date, title, room to sign, name,
/// pangkat, NIP. One table row that cannot split: the block never breaks across pages.
fn signature(d: &mut Doc<'_>, lhp: &Lhp) {
    let line = |text: &str| {
        Paragraph::new()
            .style("Blok")
            .add_run(Run::new().add_text(text))
    };
    let mut block = TableCell::new();
    match (d.s.place.as_str(), lhp.date.as_str()) {
        ("", "") => {}
        (place, "") => block = block.add_paragraph(line(&format!("{place}, ………………"))),
        ("", date) => block = block.add_paragraph(line(date)),
        (place, date) => block = block.add_paragraph(line(&format!("{place}, {date}"))),
    }
    let s = &lhp.signer;
    block = block.add_paragraph(line(&format!("{},", s.title)));
    for _ in 0..4 {
        block = block.add_paragraph(line(""));
    }
    block = block.add_paragraph(
        Paragraph::new()
            .style("Blok")
            .add_run(Run::new().add_text(&s.name).bold().underline("single")),
    );
    for extra in [&s.rank, &s.nip] {
        if !extra.is_empty() {
            block = block.add_paragraph(line(extra));
        }
    }
    let left = 85.0;
    let right = (d.text_width - left).max(60.0);
    d.add(Paragraph::new());
    d.table(
        Table::without_borders(vec![TableRow::new(vec![
            TableCell::new()
                .width(twips(left) as usize, WidthType::Dxa)
                .add_paragraph(Paragraph::new()),
            block.width(twips(right) as usize, WidthType::Dxa),
        ])
        .cant_split()])
        .set_grid(vec![twips(left) as usize, twips(right) as usize])
        .layout(TableLayoutType::Fixed),
    );
}

fn or_placeholder(d: &Doc<'_>, text: &str) -> String {
    if text.trim().is_empty() {
        d.say("not_filled", &[])
    } else {
        text.to_string()
    }
}

fn section_row(c: &SectionCounts) -> Vec<String> {
    vec![
        format!("{} {}", c.code, c.title),
        c.items.to_string(),
        c.looked_at.to_string(),
        c.compliant.to_string(),
        c.partial.to_string(),
        c.noncompliant.to_string(),
        c.na.to_string(),
        c.other.to_string(),
    ]
}

/// The LHP: letterhead, letter block, title, Bab I–III, signature, matrix of findings, colophon.
pub fn write_lhp(lhp: &Lhp, s: &ReportSettings, path: &Path) -> Result<Written, ExportError> {
    let mut d = Doc::new(s, Layout::PortraitFirst);
    letterhead(&mut d, lhp);
    letter_block(&mut d, lhp);

    d.add(Paragraph::new());
    for line in [
        d.say("title", &[]),
        d.say("on", &[("audit", &lhp.audit_title.to_uppercase())]),
        d.say("at", &[("agency", &lhp.agency.to_uppercase())]),
    ] {
        d.add(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&line)),
        );
    }
    if let Some(p) = &lhp.period {
        let line = d.say("period", &[("period", &p.to_uppercase())]);
        d.add(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&line)),
        );
    }

    // Bab I
    let e = &lhp.engagement;
    let h = d.say("bab1", &[]);
    d.heading(1, &h);
    let h = format!("A. {}", d.say("conclusion", &[]));
    d.heading(2, &h);
    let conclusion = if e.conclusion.is_empty() {
        d.say("no_conclusion", &[])
    } else {
        e.conclusion.clone()
    };
    d.text(&conclusion);
    let h = format!("B. {}", d.say("recommendations", &[]));
    d.heading(2, &h);
    if lhp.findings.is_empty() {
        let t = d.say("no_findings", &[]);
        d.text(&t);
    } else {
        let recs: Vec<String> = lhp
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                d.say(
                    "recommendation_of",
                    &[("rekomendasi", &f.rekomendasi), ("n", &(i + 1).to_string())],
                )
            })
            .collect();
        d.numbered(&recs);
    }

    // Bab II
    let h = d.say("bab2", &[]);
    d.heading(1, &h);
    let h = format!("A. {}", d.say("general", &[]));
    d.heading(2, &h);
    let mut n = 0;
    let mut sub = |d: &mut Doc<'_>, key: &str| {
        n += 1;
        let h = format!("{n}. {}", d.say(key, &[]));
        d.heading(3, &h);
    };
    sub(&mut d, "basis");
    if e.basis.is_empty() {
        let t = d.say("not_filled", &[]);
        d.text(&t);
    } else {
        d.numbered(&e.basis);
    }
    for (key, value) in [
        ("objective", &e.objective),
        ("scope", &e.scope),
        ("limitations", &e.limitations),
    ] {
        sub(&mut d, key);
        let t = or_placeholder(&d, value);
        d.text(&t);
    }
    sub(&mut d, "methods");
    let methods = if e.methods.is_empty() {
        d.say("not_filled", &[])
    } else {
        d.say("methods_text", &[("methods", &join_and(&e.methods))])
    };
    d.text(&methods);
    sub(&mut d, "schedule");
    let mut any = false;
    for (key, sch) in [("planned", &e.planned), ("actual", &e.actual)] {
        if let (Some(start), Some(end)) = (sch.start, sch.end) {
            let days = sch.audit_days().unwrap_or_default().to_string();
            let t = d.say(
                key,
                &[
                    ("start", &crate::present::date_id(start)),
                    ("end", &crate::present::date_id(end)),
                    ("days", &days),
                ],
            );
            d.text(&t);
            any = true;
        }
    }
    if !any {
        let t = d.say("not_filled", &[]);
        d.text(&t);
    }
    sub(&mut d, "team");
    if e.team.is_empty() {
        let t = d.say("not_filled", &[]);
        d.text(&t);
    } else {
        let header = [
            d.say("col_no", &[]),
            d.say("col_name", &[]),
            d.say("col_rank", &[]),
            d.say("col_role", &[]),
        ];
        let rows = e
            .team
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let name = match &m.nip {
                    Some(nip) => format!("{}\nNIP {}", m.name, nip.grouped()),
                    None => m.name.clone(),
                };
                vec![
                    (i + 1).to_string(),
                    name,
                    m.rank.clone(),
                    m.role.label_id().to_string(),
                ]
            })
            .collect();
        d.table(grid_table(&header, rows, &[10.0, 70.0, 45.0, 35.0]));
    }
    sub(&mut d, "overview");
    let t = or_placeholder(&d, &e.overview);
    d.text(&t);

    let h = format!("B. {}", d.say("results", &[]));
    d.heading(2, &h);
    let t = d.say(
        "results_text",
        &[
            ("checklist", &lhp.checklist),
            ("items", &lhp.items.to_string()),
            ("looked", &lhp.looked_at.to_string()),
            ("compliance", lhp.compliance.as_deref().unwrap_or("-")),
        ],
    );
    d.text(&t);
    let header = [
        d.say("col_section", &[]),
        d.say("col_items", &[]),
        d.say("col_looked", &[]),
        d.say("col_compliant", &[]),
        d.say("col_partial", &[]),
        d.say("col_noncompliant", &[]),
        d.say("col_na", &[]),
        d.say("col_other", &[]),
    ];
    let rows = lhp.sections.iter().map(section_row).collect();
    d.table(grid_table(
        &header,
        rows,
        &[34.0, 18.0, 18.0, 18.0, 18.0, 18.0, 18.0, 18.0],
    ));

    let h = format!("C. {}", d.say("findings", &[]));
    d.heading(2, &h);
    if lhp.findings.is_empty() {
        let t = d.say("no_findings", &[]);
        d.text(&t);
    }
    for (i, f) in lhp.findings.iter().enumerate() {
        let h = d.say(
            "finding",
            &[("n", &(i + 1).to_string()), ("title", &f.title)],
        );
        d.heading(3, &h);
        let tanggapan = if f.tanggapan.is_empty() {
            d.say("no_response", &[])
        } else {
            f.tanggapan.clone()
        };
        for (key, value) in [
            ("kondisi", &f.kondisi),
            ("kriteria", &f.kriteria),
            ("akibat", &f.akibat),
            ("sebab", &f.sebab),
            ("tanggapan", &tanggapan),
            ("rekomendasi", &f.rekomendasi),
        ] {
            let label = d.say(key, &[]);
            d.add(
                Paragraph::new()
                    .keep_next(true)
                    .line_spacing(spacing().after(0))
                    .add_run(Run::new().add_text(&label).bold().italic()),
            );
            d.text(value);
        }
        if !f.persons.is_empty() {
            let label = d.say("persons", &[]);
            d.add(para(&format!("{label}: {}", f.persons.join("; "))));
        }
        if !f.items.is_empty() {
            let label = d.say("items", &[]);
            d.add(para(&format!("{label}: {}", f.items.join(", "))).size(20));
        }
    }

    // Bab III
    let h = d.say("bab3", &[]);
    d.heading(1, &h);
    let t = d.say("closing", &[]);
    d.text(&t);
    if !lhp.ratings.is_empty() {
        let t = d.say("annex_reference", &[]);
        d.text(&t);
    }
    signature(&mut d, lhp);

    // Lampiran: matriks temuan, on landscape pages
    d.landscape();
    let number = if e.report.number.is_empty() {
        "……".to_string()
    } else {
        e.report.number.clone()
    };
    let t = d.say("matrix_annex", &[("number", &number)]);
    d.add(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(&t).size(20)),
    );
    let t = d.say("matrix", &[]);
    d.add(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&t)),
    );
    d.add(Paragraph::new());
    let header = [
        d.say("col_no", &[]),
        d.say("col_finding", &[]),
        d.say("kriteria", &[]),
        d.say("sebab", &[]),
        d.say("akibat", &[]),
        d.say("rekomendasi", &[]),
        d.say("tanggapan", &[]),
    ];
    let rows = lhp
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                (i + 1).to_string(),
                format!("{}\n\n{}", f.title, f.kondisi),
                f.kriteria.clone(),
                f.sebab.clone(),
                f.akibat.clone(),
                f.rekomendasi.clone(),
                f.tanggapan.clone(),
            ]
        })
        .collect();
    d.table(grid_table(
        &header,
        rows,
        &[9.0, 52.0, 35.0, 35.0, 35.0, 41.0, 40.0],
    ));

    let t = d.say(
        "colophon",
        &[
            ("at", &lhp.made_at),
            ("checklist", &lhp.checklist),
            ("hash", &lhp.state_hash),
        ],
    );
    d.add(Paragraph::new());
    d.add(
        Paragraph::new()
            .style("Kolofon")
            .add_run(Run::new().add_text(&t)),
    );
    d.finish(path)
}

/// The confidential annex of rating recommendations (for the PPK through BKPSDM).
pub fn write_asn(lhp: &Lhp, s: &ReportSettings, path: &Path) -> Result<Written, ExportError> {
    let mut d = Doc::new(s, Layout::Landscape);
    letterhead(&mut d, lhp);
    let nature = if lhp.engagement.report.nature.is_empty() {
        "Rahasia".to_string()
    } else {
        lhp.engagement.report.nature.clone()
    };
    d.add(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(nature.to_uppercase()).bold()),
    );
    for key in ["asn_title", "asn_subtitle"] {
        let t = d.say(key, &[]);
        d.add(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&t)),
        );
    }
    d.add(Paragraph::new());
    let number = if lhp.engagement.report.number.is_empty() {
        "……".to_string()
    } else {
        format!("Nomor {}", lhp.engagement.report.number)
    };
    let t = d.say(
        "asn_intro",
        &[
            ("number", &number),
            ("audit", &lhp.audit_title),
            ("agency", &lhp.agency),
        ],
    );
    d.text(&t);
    if lhp.ratings.is_empty() {
        let t = d.say("asn_none", &[]);
        d.text(&t);
    } else {
        let header = [
            d.say("col_no", &[]),
            d.say("col_name", &[]),
            d.say("col_period", &[]),
            d.say("col_hasil", &[]),
            d.say("col_perilaku", &[]),
            d.say("col_predikat", &[]),
            d.say("col_action", &[]),
            d.say("col_justification", &[]),
            d.say("col_related", &[]),
        ];
        let rows = lhp
            .ratings
            .iter()
            .enumerate()
            .map(|(i, r)| {
                // the NIP on a line of its own, so it never breaks between its groups
                let person = r.person.replacen(", NIP ", "\nNIP ", 1);
                let person = if r.position.is_empty() {
                    person
                } else {
                    format!("{person}\n{}", r.position)
                };
                vec![
                    (i + 1).to_string(),
                    person,
                    r.period.clone(),
                    r.hasil.clone(),
                    r.perilaku.clone(),
                    r.predikat.clone(),
                    r.action.clone(),
                    r.justification.clone(),
                    r.findings
                        .iter()
                        .map(|n| format!("Temuan {n}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        d.table(grid_table(
            &header,
            rows,
            &[9.0, 58.0, 22.0, 24.0, 24.0, 22.0, 26.0, 42.0, 20.0],
        ));
    }
    signature(&mut d, lhp);
    let t = d.say(
        "colophon",
        &[
            ("at", &lhp.made_at),
            ("checklist", &lhp.checklist),
            ("hash", &lhp.state_hash),
        ],
    );
    d.add(Paragraph::new());
    d.add(
        Paragraph::new()
            .style("Kolofon")
            .add_run(Run::new().add_text(&t)),
    );
    d.finish(path)
}

/// `a, b dan c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} dan {last}", rest.join(", ")),
    }
}

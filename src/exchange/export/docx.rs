//! The LHP and its confidential ASN annex as Word documents (DOCX, through docx-rs): the letterhead, the letter block, Bab I–III, the signature block and the matrix of findings, in real Word styles (Heading 1–3, numbered lists, a table style) on A4 or F4 with "Halaman x dari y" in the footer.

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Footer, IndentLevel, Level,
    LevelJc, LevelOverride, LevelText, LineSpacing, LineSpacingType, NumPages, NumberFormat,
    Numbering, NumberingId, PageMargin, PageNum, PageOrientationType, PageSize, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, Section,
    SpecialIndentType, Start, Style, StyleType, Table, TableAlignmentType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::layout::{Block, Report};
use super::{ExportError, Written};
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
        super::write_whole(path, bytes.get_ref())
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

/// The letterhead: logo beside the government and office names, the contact lines below, a rule.
fn letterhead(d: &mut Doc<'_>, government: &str, office: &str, contact: &[String]) {
    let mut text = TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(government).bold().size(28)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(office).bold().size(32)),
        );
    for c in contact {
        text = text.add_paragraph(
            Paragraph::new()
                .style("Kop")
                .add_run(Run::new().add_text(c).size(18)),
        );
    }
    let body_w = d.text_width;
    let row = match &d.s.letterhead.logo {
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

/// Label : value lines, without borders.
fn fields(d: &mut Doc<'_>, rows: &[(String, String)]) {
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
}

/// The signature block, right half of the page. One table row that cannot split: the block
/// never breaks across pages.
fn signature(d: &mut Doc<'_>, date_line: &str, title: &str, name: &str, rank: &str, nip: &str) {
    let line = |text: &str| {
        Paragraph::new()
            .style("Blok")
            .add_run(Run::new().add_text(text))
    };
    let mut block = TableCell::new();
    if !date_line.is_empty() {
        block = block.add_paragraph(line(date_line));
    }
    block = block.add_paragraph(line(&format!("{title},")));
    for _ in 0..4 {
        block = block.add_paragraph(line(""));
    }
    block = block.add_paragraph(
        Paragraph::new()
            .style("Blok")
            .add_run(Run::new().add_text(name).bold().underline("single")),
    );
    for extra in [rank, nip] {
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

/// A report (the LHP or its annex) as a Word document at `path`.
pub fn write(report: &Report, s: &ReportSettings, path: &Path) -> Result<Written, ExportError> {
    let layout = if report.landscape {
        Layout::Landscape
    } else {
        Layout::PortraitFirst
    };
    let mut d = Doc::new(s, layout);
    for b in &report.blocks {
        match b {
            Block::Letterhead {
                government,
                office,
                contact,
            } => letterhead(&mut d, government, office, contact),
            Block::Right(t) => d.add(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Mark(t) => d.add(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text(t).bold()),
            ),
            Block::Fields(rows) => fields(&mut d, rows),
            Block::Addressee { to, lines } => {
                d.text(to);
                d.add(para(lines).indent(Some(twips(10.0) as i32), None, None, None));
            }
            Block::Title(t) => d.add(
                Paragraph::new()
                    .style("Title")
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Heading(level, t) => d.heading(usize::from(*level), t),
            Block::Text(t) => d.text(t),
            Block::Label(t) => d.add(
                Paragraph::new()
                    .keep_next(true)
                    .line_spacing(spacing().after(0))
                    .add_run(Run::new().add_text(t).bold().italic()),
            ),
            Block::Numbered(entries) => d.numbered(entries),
            Block::Table {
                header,
                rows,
                widths,
            } => d.table(grid_table(header, rows.clone(), widths)),
            Block::Note(t) => d.add(para(t).size(20)),
            Block::Signature {
                date_line,
                title,
                name,
                rank,
                nip,
            } => signature(&mut d, date_line, title, name, rank, nip),
            Block::Landscape => d.landscape(),
            Block::Colophon(t) => d.add(
                Paragraph::new()
                    .style("Kolofon")
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Blank => d.add(Paragraph::new()),
        }
    }
    d.finish(path)
}

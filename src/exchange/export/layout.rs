//! The LHP and its confidential annex as blocks in reading order — the one report model that the Word, HTML and Markdown writers lay out, so the three say the same thing in the same order.
//!
//! The structure (letterhead, letter block, Bab I–III, signature, matrix) and every phrase (from
//! the report settings' wording over `data/lhp.toml`) are decided here; a writer only decides how
//! a block looks.

use super::lhp::{Lhp, SectionCounts};
use super::register::{RecapLine, RegisterRow};
use crate::exchange::report_settings::ReportSettings;
use crate::present::date_id;

/// One block of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The kop: the government and the office, the contact lines; the logo (from the settings)
    /// and a rule go with it.
    Letterhead {
        government: String,
        office: String,
        contact: Vec<String>,
    },
    /// A line set to the right (the place and date of the letter, "Lampiran LHP Nomor …").
    Right(String),
    /// A mark set to the right in bold capitals (`RAHASIA`).
    Mark(String),
    /// Label : value lines (nomor, sifat, lampiran, hal).
    Fields(Vec<(String, String)>),
    /// "Kepada Yth." and the addressee's lines, indented.
    Addressee {
        to: String,
        lines: String,
    },
    /// A centred title line.
    Title(String),
    /// A heading: 1 for a bab, 2 for its parts (A., B.), 3 below.
    Heading(u8, String),
    Text(String),
    /// A run-in label above its text (a finding's element).
    Label(String),
    /// A numbered list (1., 2., …).
    Numbered(Vec<String>),
    /// A table: the header, the rows, each column's width in millimetres.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f64>,
    },
    /// Small text (the checklist items of a finding).
    Note(String),
    /// The signature block.
    Signature {
        date_line: String,
        title: String,
        name: String,
        rank: String,
        nip: String,
    },
    /// What follows is on landscape pages.
    Landscape,
    /// The closing colophon (the export time, the state hash).
    Colophon(String),
    Blank,
}

/// A report: its title (for the document's properties and the HTML page) and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Landscape from the first page (the annex); else portrait until [`Block::Landscape`].
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// Builds a report's blocks, with its wording.
struct Out<'a> {
    s: &'a ReportSettings,
    blocks: Vec<Block>,
}

impl Out<'_> {
    fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.s.say(key, args)
    }
    fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
    fn heading(&mut self, level: u8, text: String) {
        self.push(Block::Heading(level, text));
    }
    fn text(&mut self, text: String) {
        self.push(Block::Text(text));
    }
    /// `text`, or the phrase for a part not filled yet.
    fn text_or_unfilled(&mut self, text: &str) {
        let t = if text.trim().is_empty() {
            self.say("not_filled", &[])
        } else {
            text.to_string()
        };
        self.text(t);
    }
}

/// `a, b dan c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} dan {last}", rest.join(", ")),
    }
}

/// The place and date of the letter: `Sukamaju, 15 Desember 2026`, with dots for what is missing.
fn date_line(s: &ReportSettings, lhp: &Lhp) -> String {
    match (s.place.as_str(), lhp.date.as_str()) {
        ("", "") => String::new(),
        (place, "") => format!("{place}, ………………"),
        ("", date) => date.to_string(),
        (place, date) => format!("{place}, {date}"),
    }
}

fn letterhead(o: &mut Out<'_>, region: &str) {
    let l = &o.s.letterhead;
    let government = if l.government.is_empty() {
        format!("PEMERINTAH {}", region.to_uppercase())
    } else {
        l.government.clone()
    };
    let office = if l.office.is_empty() {
        "INSPEKTORAT DAERAH".to_string()
    } else {
        l.office.clone()
    };
    let reach = [
        (!l.phone.is_empty()).then(|| format!("Telepon {}", l.phone)),
        (!l.email.is_empty()).then(|| format!("Surel {}", l.email)),
        (!l.website.is_empty()).then(|| format!("Laman {}", l.website)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let contact = [l.address.clone(), reach]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    o.push(Block::Letterhead {
        government,
        office,
        contact,
    });
}

fn signature(o: &mut Out<'_>, lhp: &Lhp) {
    let s = &lhp.signer;
    o.push(Block::Signature {
        date_line: date_line(o.s, lhp),
        title: s.title.clone(),
        name: s.name.clone(),
        rank: s.rank.clone(),
        nip: s.nip.clone(),
    });
}

fn colophon(o: &mut Out<'_>, lhp: &Lhp) {
    let t = o.say(
        "colophon",
        &[
            ("at", &lhp.made_at),
            ("checklist", &lhp.checklist),
            ("hash", &lhp.state_hash),
        ],
    );
    o.push(Block::Blank);
    o.push(Block::Colophon(t));
}

/// A public-satisfaction survey under the results: what was surveyed, the table of NRR per unsur
/// with a bar of each, the IKM and mutu, the 0,11 figure, the weakest unsur, the sample and the
/// unit's earlier IKM.
fn survey(o: &mut Out<'_>, sv: &super::lhp::SurveyEntry) {
    o.push(Block::Label(o.say("skm", &[("item", &sv.item)])));
    let what = [sv.unit.as_str(), sv.period.as_str()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    o.text(o.say(
        "skm_text",
        &[
            ("file", &sv.file),
            (
                "what",
                &if what.is_empty() {
                    String::new()
                } else {
                    format!(" ({what})")
                },
            ),
            ("n", &sv.respondents),
        ],
    ));
    let header = [
        "skm_unsur",
        "skm_total",
        "skm_nrr",
        "skm_weighted",
        "skm_chart",
    ]
    .iter()
    .map(|k| o.say(k, &[]))
    .collect();
    o.push(Block::Table {
        header,
        rows: sv.unsur.iter().map(|u| u.to_vec()).collect(),
        widths: vec![54.0, 18.0, 14.0, 26.0, 48.0],
    });
    o.text(o.say(
        "skm_ikm",
        &[
            ("ni", &sv.interval),
            ("ikm", &sv.ikm),
            ("mutu", &sv.mutu),
            ("kinerja", &sv.kinerja),
        ],
    ));
    if let Some((ikm, weight)) = &sv.rounded {
        o.text(o.say("skm_rounded", &[("ikm", ikm), ("weight", weight)]));
    }
    o.text(o.say("skm_weakest", &[("list", &sv.weakest.join("; "))]));
    if let Some((min, population, enough)) = &sv.sample {
        let key = if *enough {
            "skm_sample_ok"
        } else {
            "skm_sample_short"
        };
        o.text(o.say(
            key,
            &[
                ("n", &sv.respondents),
                ("min", min),
                ("population", population),
            ],
        ));
    }
    if !sv.earlier.is_empty() {
        o.text(o.say("skm_earlier", &[("list", &sv.earlier.join("; "))]));
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

/// The LHP: letterhead, letter block, title, Bab I–III, signature, the matrix of findings on
/// landscape pages, colophon.
pub fn lhp(lhp: &Lhp, s: &ReportSettings) -> Report {
    let mut o = Out {
        s,
        blocks: Vec::new(),
    };
    let e = &lhp.engagement;
    let r = &e.report;
    letterhead(&mut o, &lhp.region);
    let date = date_line(s, lhp);
    if !date.is_empty() {
        o.push(Block::Right(date));
    }
    let dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    let fields = vec![
        (o.say("number", &[]), dash(&r.number)),
        (o.say("nature", &[]), dash(&r.nature)),
        (o.say("attachment", &[]), dash(&r.attachment)),
        (o.say("subject", &[]), dash(&r.subject)),
    ];
    o.push(Block::Fields(fields));
    let to = o.say("to", &[]);
    o.push(Block::Addressee {
        to,
        lines: if r.addressee.is_empty() {
            "……………………".to_string()
        } else {
            r.addressee.clone()
        },
    });
    o.push(Block::Blank);
    let mut titles = vec![
        o.say("title", &[]),
        o.say("on", &[("audit", &lhp.audit_title.to_uppercase())]),
        o.say("at", &[("agency", &lhp.agency.to_uppercase())]),
    ];
    if let Some(p) = &lhp.period {
        titles.push(o.say("period", &[("period", &p.to_uppercase())]));
    }
    for t in titles {
        o.push(Block::Title(t));
    }

    // Bab I
    o.heading(1, o.say("bab1", &[]));
    o.heading(2, format!("A. {}", o.say("conclusion", &[])));
    let conclusion = if e.conclusion.is_empty() {
        o.say("no_conclusion", &[])
    } else {
        e.conclusion.clone()
    };
    o.text(conclusion);
    o.heading(2, format!("B. {}", o.say("recommendations", &[])));
    if lhp.findings.is_empty() {
        o.text(o.say("no_findings", &[]));
    } else {
        let recs = lhp
            .findings
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.recommendations.iter().map(move |r| (i, r)))
            .map(|(i, r)| {
                o.say(
                    "recommendation_of",
                    &[("rekomendasi", r), ("n", &(i + 1).to_string())],
                )
            })
            .collect();
        o.push(Block::Numbered(recs));
    }

    // Bab II
    o.heading(1, o.say("bab2", &[]));
    o.heading(2, format!("A. {}", o.say("general", &[])));
    let mut n = 0;
    let mut sub = |o: &mut Out<'_>, key: &str| {
        n += 1;
        o.heading(3, format!("{n}. {}", o.say(key, &[])));
    };
    sub(&mut o, "basis");
    if e.basis.is_empty() {
        o.text(o.say("not_filled", &[]));
    } else {
        o.push(Block::Numbered(e.basis.clone()));
    }
    for (key, value) in [
        ("objective", &e.objective),
        ("scope", &e.scope),
        ("limitations", &e.limitations),
    ] {
        sub(&mut o, key);
        o.text_or_unfilled(value);
    }
    sub(&mut o, "methods");
    let methods = if e.methods.is_empty() {
        o.say("not_filled", &[])
    } else {
        o.say("methods_text", &[("methods", &join_and(&e.methods))])
    };
    o.text(methods);
    sub(&mut o, "schedule");
    let mut any = false;
    for (key, sch) in [("planned", &e.planned), ("actual", &e.actual)] {
        if let (Some(start), Some(end)) = (sch.start, sch.end) {
            let days = sch.audit_days().unwrap_or_default().to_string();
            let t = o.say(
                key,
                &[
                    ("start", &date_id(start)),
                    ("end", &date_id(end)),
                    ("days", &days),
                ],
            );
            o.text(t);
            any = true;
        }
    }
    if !any {
        o.text(o.say("not_filled", &[]));
    }
    sub(&mut o, "team");
    if e.team.is_empty() {
        o.text(o.say("not_filled", &[]));
    } else {
        let header = ["col_no", "col_name", "col_rank", "col_role"]
            .iter()
            .map(|k| o.say(k, &[]))
            .collect();
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
        o.push(Block::Table {
            header,
            rows,
            widths: vec![10.0, 70.0, 45.0, 35.0],
        });
    }
    sub(&mut o, "overview");
    o.text_or_unfilled(&e.overview);

    o.heading(2, format!("B. {}", o.say("results", &[])));
    let t = o.say(
        "results_text",
        &[
            ("checklist", &lhp.checklist),
            ("items", &lhp.items.to_string()),
            ("looked", &lhp.looked_at.to_string()),
            ("compliance", lhp.compliance.as_deref().unwrap_or("-")),
        ],
    );
    o.text(t);
    let header = [
        "col_section",
        "col_items",
        "col_looked",
        "col_compliant",
        "col_partial",
        "col_noncompliant",
        "col_na",
        "col_other",
    ]
    .iter()
    .map(|k| o.say(k, &[]))
    .collect();
    o.push(Block::Table {
        header,
        rows: lhp.sections.iter().map(section_row).collect(),
        widths: vec![34.0, 18.0, 18.0, 18.0, 18.0, 18.0, 18.0, 18.0],
    });
    for sv in &lhp.surveys {
        survey(&mut o, sv);
    }

    o.heading(2, format!("C. {}", o.say("findings", &[])));
    if lhp.findings.is_empty() {
        o.text(o.say("no_findings", &[]));
    }
    for (i, f) in lhp.findings.iter().enumerate() {
        o.heading(
            3,
            o.say(
                "finding",
                &[("n", &(i + 1).to_string()), ("title", &f.title)],
            ),
        );
        let tanggapan = if f.tanggapan.is_empty() {
            o.say("no_response", &[])
        } else {
            f.tanggapan.clone()
        };
        if !f.code.is_empty() || !f.cause_code.is_empty() {
            let or_none = |c: &String| {
                if c.is_empty() {
                    o.say("code_none", &[])
                } else {
                    c.clone()
                }
            };
            let codes = o.say(
                "codes",
                &[
                    ("finding", &or_none(&f.code)),
                    ("cause", &or_none(&f.cause_code)),
                ],
            );
            o.push(Block::Note(codes));
        }
        for (key, value) in [
            ("kondisi", &f.kondisi),
            ("kriteria", &f.kriteria),
            ("akibat", &f.akibat),
            ("sebab", &f.sebab),
            ("tanggapan", &tanggapan),
        ] {
            o.push(Block::Label(o.say(key, &[])));
            o.text(value.clone());
        }
        o.push(Block::Label(o.say("rekomendasi", &[])));
        match f.recommendations.as_slice() {
            [one] => o.text(one.clone()),
            many => o.push(Block::Numbered(many.to_vec())),
        }
        if !f.persons.is_empty() {
            o.text(format!(
                "{}: {}",
                o.say("persons", &[]),
                f.persons.join("; ")
            ));
        }
        if !f.items.is_empty() {
            o.push(Block::Note(format!(
                "{}: {}",
                o.say("items", &[]),
                f.items.join(", ")
            )));
        }
        if !f.repeat.is_empty() {
            o.push(Block::Note(f.repeat.clone()));
        }
    }

    // the recommendations of earlier audits the agency has not yet acted on
    o.heading(2, format!("D. {}", o.say("earlier", &[])));
    if lhp.earlier.is_empty() {
        o.text(o.say("earlier_none", &[]));
    } else {
        o.text(o.say("earlier_text", &[("n", &lhp.earlier.len().to_string())]));
        let header = [
            "col_no",
            "earlier_lhp",
            "col_finding",
            "rekomendasi",
            "earlier_status",
            "earlier_due",
        ]
        .iter()
        .map(|k| o.say(k, &[]))
        .collect();
        let rows = lhp
            .earlier
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    (i + 1).to_string(),
                    e.lhp.clone(),
                    e.finding.clone(),
                    e.recommendation.clone(),
                    e.status.clone(),
                    e.due.clone(),
                ]
            })
            .collect();
        o.push(Block::Table {
            header,
            rows,
            widths: vec![8.0, 28.0, 33.0, 36.0, 33.0, 22.0],
        });
    }

    // Bab III
    o.heading(1, o.say("bab3", &[]));
    o.text(o.say("closing", &[]));
    if !lhp.ratings.is_empty() {
        o.text(o.say("annex_reference", &[]));
    }
    signature(&mut o, lhp);

    // Lampiran: the matrix of findings
    o.push(Block::Landscape);
    let number = if r.number.is_empty() {
        "……".to_string()
    } else {
        r.number.clone()
    };
    o.push(Block::Right(o.say("matrix_annex", &[("number", &number)])));
    o.push(Block::Title(o.say("matrix", &[])));
    o.push(Block::Blank);
    let header = [
        "col_no",
        "col_finding",
        "kriteria",
        "sebab",
        "akibat",
        "rekomendasi",
        "tanggapan",
    ]
    .iter()
    .map(|k| o.say(k, &[]))
    .collect();
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
                match f.recommendations.as_slice() {
                    [one] => one.clone(),
                    many => many
                        .iter()
                        .enumerate()
                        .map(|(i, r)| format!("{}. {r}", i + 1))
                        .collect::<Vec<_>>()
                        .join("\n"),
                },
                f.tanggapan.clone(),
            ]
        })
        .collect();
    o.push(Block::Table {
        header,
        rows,
        widths: vec![9.0, 52.0, 35.0, 35.0, 35.0, 41.0, 40.0],
    });
    colophon(&mut o, lhp);
    Report {
        title: format!("{} — {}", s.say("title", &[]), lhp.audit_title),
        landscape: false,
        blocks: o.blocks,
    }
}

/// The confidential annex of rating recommendations (for the PPK through BKPSDM), landscape.
pub fn asn(lhp: &Lhp, s: &ReportSettings) -> Report {
    let mut o = Out {
        s,
        blocks: Vec::new(),
    };
    letterhead(&mut o, &lhp.region);
    let r = &lhp.engagement.report;
    let nature = if r.nature.is_empty() {
        "Rahasia".to_string()
    } else {
        r.nature.clone()
    };
    o.push(Block::Mark(nature.to_uppercase()));
    o.push(Block::Title(o.say("asn_title", &[])));
    o.push(Block::Title(o.say("asn_subtitle", &[])));
    o.push(Block::Blank);
    let number = if r.number.is_empty() {
        "……".to_string()
    } else {
        format!("Nomor {}", r.number)
    };
    o.text(o.say(
        "asn_intro",
        &[
            ("number", &number),
            ("audit", &lhp.audit_title),
            ("agency", &lhp.agency),
        ],
    ));
    if lhp.ratings.is_empty() {
        o.text(o.say("asn_none", &[]));
    } else {
        let header = [
            "col_no",
            "col_name",
            "col_period",
            "col_hasil",
            "col_perilaku",
            "col_predikat",
            "col_action",
            "col_justification",
            "col_related",
        ]
        .iter()
        .map(|k| o.say(k, &[]))
        .collect();
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
        o.push(Block::Table {
            header,
            rows,
            widths: vec![9.0, 58.0, 22.0, 24.0, 24.0, 22.0, 26.0, 42.0, 20.0],
        });
    }
    signature(&mut o, lhp);
    colophon(&mut o, lhp);
    Report {
        title: format!("{} — {}", s.say("asn_title", &[]), lhp.audit_title),
        landscape: true,
        blocks: o.blocks,
    }
}

/// The matriks TLHP as a document: the letterhead, the title and the date it stands at, one row
/// per recommendation, then the recap per agency and in total; landscape throughout.
pub fn tlhp(
    rows: &[RegisterRow],
    recap: &[RecapLine],
    region: &str,
    at: &str,
    s: &ReportSettings,
) -> Report {
    let mut o = Out {
        s,
        blocks: Vec::new(),
    };
    letterhead(&mut o, region);
    o.push(Block::Title(o.say("tlhp_title", &[])));
    o.push(Block::Title(o.say("tlhp_at", &[("date", at)])));
    o.push(Block::Blank);
    if rows.is_empty() {
        o.text(o.say("tlhp_none", &[]));
    } else {
        let header = [
            "col_no",
            "tlhp_agency",
            "tlhp_lhp",
            "col_finding",
            "rekomendasi",
            "tlhp_official",
            "tlhp_money",
            "earlier_status",
            "earlier_due",
        ]
        .iter()
        .map(|k| o.say(k, &[]))
        .collect();
        let body = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let money = match r.value {
                    Some(v) => format!(
                        "{v}\n{}",
                        o.say("tlhp_returned", &[("amount", &r.returned.to_string())])
                    ),
                    None => String::new(),
                };
                let due = match (r.due, r.overdue) {
                    (None, _) => String::new(),
                    (Some(d), Some(n)) => {
                        o.say("tlhp_late", &[("date", &date_id(d)), ("n", &n.to_string())])
                    }
                    (Some(d), None) => date_id(d),
                };
                vec![
                    (i + 1).to_string(),
                    r.agency.clone(),
                    format!("{}\n{}", r.lhp, r.audit),
                    r.finding.clone(),
                    r.recommendation.clone(),
                    r.official.clone(),
                    money,
                    format!("{} {}", r.status, r.status_label),
                    due,
                ]
            })
            .collect();
        o.push(Block::Table {
            header,
            rows: body,
            widths: vec![8.0, 28.0, 30.0, 32.0, 44.0, 28.0, 29.0, 34.0, 24.0],
        });
    }
    o.push(Block::Blank);
    o.push(Block::Title(o.say("tlhp_recap", &[])));
    let pct = |n: usize, of: usize| {
        if of == 0 {
            "0,0%".to_string()
        } else {
            format!("{:.1}%", n as f64 * 100.0 / of as f64).replace('.', ",")
        }
    };
    let header = [
        "tlhp_agency",
        "col_finding",
        "rekomendasi",
        "tlhp_s1",
        "tlhp_s2",
        "tlhp_s3",
        "tlhp_s4",
        "tlhp_value",
        "tlhp_returned_col",
    ]
    .iter()
    .map(|k| o.say(k, &[]))
    .collect();
    let body = recap
        .iter()
        .map(|l| {
            let mut row = vec![
                l.agency.clone(),
                l.findings.to_string(),
                l.recommendations.to_string(),
            ];
            row.extend(
                l.by_status
                    .iter()
                    .map(|n| format!("{n} ({})", pct(*n, l.recommendations))),
            );
            row.push(l.value.to_string());
            row.push(l.returned.to_string());
            row
        })
        .collect();
    o.push(Block::Table {
        header,
        rows: body,
        widths: vec![38.0, 18.0, 28.0, 24.0, 24.0, 34.0, 34.0, 27.0, 30.0],
    });
    Report {
        title: o.say("tlhp_title", &[]),
        landscape: true,
        blocks: o.blocks,
    }
}

/// The training-needs recap for the personnel office (BKPSDM) as a document: the letterhead, the
/// title, the agency and period, a short note of what it holds, then one table per competence
/// area (its rows by unit, the unit named on its first row) and a table of the weak survey
/// unsur; landscape throughout.
pub fn training(
    recap: &crate::domain::training::TrainingRecap,
    region: &str,
    at: &str,
    s: &ReportSettings,
) -> Report {
    use super::training::{audit_cell, basis_cell, person_cells};
    let mut o = Out {
        s,
        blocks: Vec::new(),
    };
    letterhead(&mut o, region);
    o.push(Block::Title(o.say("training_title", &[])));
    let period = recap
        .period
        .map(|p| p.label_id())
        .unwrap_or_else(|| o.say("training_all_periods", &[]));
    let agency = format!("{} {}", recap.agency, recap.agency_name);
    o.push(Block::Title(o.say(
        "training_scope",
        &[("agency", &agency), ("period", &period)],
    )));
    o.push(Block::Title(o.say("training_at", &[("date", at)])));
    o.push(Block::Blank);
    o.text(o.say("training_intro", &[]));
    if recap.is_empty() {
        o.text(o.say("training_none", &[]));
    }
    let header: Vec<String> = [
        "col_no",
        "training_unit",
        "training_person",
        "training_position",
        "training_basis",
        "training_reason",
        "training_audit",
    ]
    .iter()
    .map(|k| o.say(k, &[]))
    .collect();
    for (g, group) in recap.groups().iter().enumerate() {
        let n: usize = group.units.iter().map(|u| u.rows.len()).sum();
        o.heading(
            2,
            format!(
                "{}. {} ({})",
                letter(g),
                group.area.label_id(),
                o.say("training_count", &[("n", &n.to_string())])
            ),
        );
        let mut rows = Vec::new();
        for unit in &group.units {
            for (k, r) in unit.rows.iter().enumerate() {
                let (name, nip) = person_cells(r);
                let person = if nip.is_empty() {
                    name
                } else {
                    format!(
                        "{name}
{nip}"
                    )
                };
                let mut audit = audit_cell(&r.audit_title, r.audit_phase);
                if let Some(p) = r.period {
                    audit = format!(
                        "{audit}
{}",
                        p.label_id()
                    );
                }
                rows.push(vec![
                    (rows.len() + 1).to_string(),
                    if k == 0 {
                        unit.unit.to_string()
                    } else {
                        String::new()
                    },
                    person,
                    r.position.clone(),
                    basis_cell(r),
                    r.reason.clone(),
                    audit,
                ]);
            }
        }
        o.push(Block::Table {
            header: header.clone(),
            rows,
            widths: vec![8.0, 32.0, 45.0, 35.0, 40.0, 62.0, 35.0],
        });
        o.push(Block::Blank);
    }
    if !recap.survey.is_empty() {
        let g = recap.groups().len();
        o.heading(
            2,
            format!("{}. {}", letter(g), o.say("training_survey", &[])),
        );
        let header = [
            "col_no",
            "training_survey_unit",
            "training_survey_period",
            "training_survey_unsur",
            "training_survey_nrr",
        ]
        .iter()
        .map(|k| o.say(k, &[]))
        .collect();
        let rows = recap
            .survey
            .iter()
            .enumerate()
            .map(|(i, n)| {
                vec![
                    (i + 1).to_string(),
                    n.unit.clone(),
                    n.period.clone(),
                    n.unsur.clone(),
                    format!("{:.2}", n.nrr).replace('.', ","),
                ]
            })
            .collect();
        o.push(Block::Table {
            header,
            rows,
            widths: vec![8.0, 80.0, 45.0, 70.0, 25.0],
        });
    }
    Report {
        title: format!("{} — {}", o.say("training_title", &[]), recap.agency),
        landscape: true,
        blocks: o.blocks,
    }
}

/// The letter of the `i`-th part of a document (A, B, …, Z, then AA, AB, …).
fn letter(i: usize) -> String {
    let mut n = i;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

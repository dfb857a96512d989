//! `periksa demo`: a store filled from the files in `data/` (agencies, roster, templates, and an audit
//! scenario), so an inspector can try everything at once. Running it again adds nothing twice.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::phase::{Phase, Role};
use crate::text::Strings;

use super::{said, App, AppError, NewAudit, NewFinding, NewRating, NewRecommendation};

const AGENCIES: &[u8] = include_bytes!("../../data/sample/opd.csv");
const ROSTER: &[u8] = include_bytes!("../../data/sample/pegawai.csv");
const SCENARIO: &str = include_str!("../../data/sample/demo.toml");

/// The demo audit scenario (`data/sample/demo.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    tim: Vec<Member>,
    audit: AuditSpec,
    penugasan: Penugasan,
    jawaban: Vec<Jawaban>,
    temuan: Vec<Temuan>,
    rating: Vec<RatingSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Member {
    nama: String,
    nip: String,
    peran: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditSpec {
    opd: String,
    checklist: String,
    judul: String,
    surat_tugas: String,
    periode: String,
}

/// The engagement's details as the LHP states them (`[penugasan]`), in the words `audit set` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Penugasan {
    surat_tugas_tanggal: String,
    rencana_mulai: String,
    rencana_selesai: String,
    rencana_hari: String,
    realisasi_mulai: String,
    batasan: String,
    gambaran_umum: String,
    simpulan: String,
    /// `peran; nama; NIP; pangkat` lines
    tim: Vec<String>,
    lhp_sifat: String,
    lhp_lampiran: String,
    lhp_hal: String,
    lhp_kepada: String,
}

impl Penugasan {
    fn edit(&self) -> super::EngagementEdit {
        let some = |s: &String| Some(s.clone());
        super::EngagementEdit {
            assignment_date: some(&self.surat_tugas_tanggal),
            planned_start: some(&self.rencana_mulai),
            planned_end: some(&self.rencana_selesai),
            planned_days: some(&self.rencana_hari),
            actual_start: some(&self.realisasi_mulai),
            limitations: some(&self.batasan),
            overview: some(&self.gambaran_umum),
            conclusion: some(&self.simpulan),
            team: Some(self.tim.clone()),
            report_nature: some(&self.lhp_sifat),
            report_attachment: some(&self.lhp_lampiran),
            report_subject: some(&self.lhp_hal),
            report_addressee: some(&self.lhp_kepada),
            ..Default::default()
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Jawaban {
    item: String,
    jawaban: String,
    catatan: String,
    /// index into `tim` of who recorded it
    oleh: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Temuan {
    judul: String,
    #[serde(default)]
    kode: String,
    kondisi: String,
    kriteria: String,
    sebab: String,
    #[serde(default)]
    kode_sebab: String,
    akibat: String,
    rekomendasi: Vec<Rekomendasi>,
    #[serde(default)]
    tanggapan: String,
    tingkat: String,
    #[serde(default)]
    item: Vec<String>,
    #[serde(default)]
    nip: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rekomendasi {
    #[serde(default)]
    kode: String,
    teks: String,
    #[serde(default)]
    penanggung_jawab: String,
    #[serde(default)]
    jabatan: String,
    #[serde(default)]
    nilai: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingSpec {
    nip: String,
    hasil: String,
    perilaku: String,
    periode: String,
    justifikasi: String,
    #[serde(default)]
    tindak_lanjut: Option<String>,
    /// indexes into `temuan`
    #[serde(default)]
    temuan: Vec<usize>,
}

/// What the demo store holds.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub dir: PathBuf,
    pub created: bool,
    pub agencies: usize,
    pub employees: usize,
    pub templates: usize,
    pub audit: String,
    pub audit_title: String,
    pub phase: Phase,
    pub looked_at: usize,
    pub items: usize,
    pub findings: usize,
    pub ratings: usize,
    pub events: u64,
    pub journal_bytes: u64,
}

impl DemoSummary {
    /// What the demo holds, in the language of `t`.
    pub fn lines_in(&self, t: &Strings) -> Vec<String> {
        let key = if self.created {
            "cli.demo.created"
        } else {
            "cli.demo.filled"
        };
        vec![
            t.f(key, &[("dir", &self.dir.display())]),
            t.f(
                "cli.demo.counts",
                &[
                    ("agencies", &t.count(self.agencies as u64)),
                    ("employees", &t.count(self.employees as u64)),
                    ("templates", &t.count(self.templates as u64)),
                ],
            ),
            t.f(
                "cli.demo.audit",
                &[
                    ("id", &self.audit),
                    ("title", &self.audit_title),
                    (
                        "phase",
                        &match t.lang {
                            crate::text::Lang::Id => self.phase.label_id(),
                            crate::text::Lang::En => self.phase.label_en(),
                        },
                    ),
                    ("looked", &self.looked_at),
                    ("items", &self.items),
                    ("findings", &t.count(self.findings as u64)),
                    ("ratings", &t.count(self.ratings as u64)),
                ],
            ),
            t.f(
                "cli.demo.events",
                &[
                    ("events", &t.count(self.events)),
                    ("bytes", &t.count(self.journal_bytes)),
                    ("dir", &self.dir.display()),
                    ("id", &self.audit),
                ],
            ),
        ]
    }

    pub fn to_json(&self) -> Value {
        json!({
            "store": self.dir, "created": self.created, "agencies": self.agencies,
            "employees": self.employees, "templates": self.templates, "audit": self.audit,
            "phase": self.phase.code(), "looked_at": self.looked_at, "items": self.items,
            "findings": self.findings, "ratings": self.ratings, "events": self.events,
            "journal_bytes": self.journal_bytes,
        })
    }
}

fn bad_scenario(e: impl std::fmt::Display) -> AppError {
    said(
        "error.app.demo_scenario",
        &[("file", &"data/sample/demo.toml"), ("reason", &e)],
    )
}

/// Fill (or top up) the demo store at `dir`.
pub fn fill(dir: &Path) -> Result<DemoSummary, AppError> {
    let scenario: Scenario = toml::from_str(SCENARIO).map_err(bad_scenario)?;
    let lead = scenario
        .tim
        .first()
        .ok_or_else(|| bad_scenario("the team (tim) is empty"))?;
    let role = |m: &Member| Role::parse(&m.peran).map_err(bad_scenario);
    let created = !dir.join("store.toml").exists();
    let mut app = if created {
        App::init(dir, &lead.nama, Some(&lead.nip), role(lead)?)?
    } else {
        App::open(dir)?
    };
    // the team's profiles, found by NIP so a second run adds none
    let mut team = Vec::new();
    for m in &scenario.tim {
        let p = match app.find_profile(&m.nip) {
            Ok(p) => p,
            Err(AppError::UnknownProfile(_)) => app.profile_add(&m.nama, Some(&m.nip), role(m)?)?,
            Err(e) => return Err(e),
        };
        team.push(p);
    }
    let lead_id = team[0].id;
    app.profile_use(&lead_id.to_string())?;

    app.import_agencies("data/sample/opd.csv", AGENCIES, false)?;
    app.import_roster("data/sample/pegawai.csv", ROSTER, false)?;
    for (name, text) in crate::exchange::checklist::BUNDLED {
        app.import_template(&format!("data/checklists/{name}"), text.as_bytes())?;
    }

    let spec = &scenario.audit;
    let existing = app
        .store()
        .audits()?
        .into_iter()
        .find(|a| a.letter.as_deref() == Some(spec.surat_tugas.as_str()));
    let audit = match existing {
        Some(a) => a,
        None => {
            let a = app.new_audit(NewAudit {
                agency: spec.opd.clone(),
                checklist: spec.checklist.clone(),
                title: spec.judul.clone(),
                letter: Some(spec.surat_tugas.clone()),
                period: Some(spec.periode.clone()),
            })?;
            let key = a.id.to_string();
            app.set_engagement(&key, &scenario.penugasan.edit())?;
            app.advance(&key, None)?;
            for j in &scenario.jawaban {
                let who = team.get(j.oleh).ok_or_else(|| {
                    bad_scenario(format!("jawaban {}: no team member {}", j.item, j.oleh))
                })?;
                app.profile_use(&who.id.to_string())?;
                app.answer(&key, &j.item, Some(&j.jawaban), Some(&j.catatan), &[])?;
            }
            app.profile_use(&lead_id.to_string())?;
            let mut finding_ids = Vec::new();
            for t in &scenario.temuan {
                let f = app.raise_finding(
                    &key,
                    NewFinding {
                        title: t.judul.clone(),
                        code: t.kode.clone(),
                        kondisi: t.kondisi.clone(),
                        kriteria: t.kriteria.clone(),
                        sebab: t.sebab.clone(),
                        cause_code: t.kode_sebab.clone(),
                        akibat: t.akibat.clone(),
                        recommendations: t
                            .rekomendasi
                            .iter()
                            .map(|r| NewRecommendation {
                                code: r.kode.clone(),
                                text: r.teks.clone(),
                                official_name: r.penanggung_jawab.clone(),
                                official_position: r.jabatan.clone(),
                                value: r.nilai.clone(),
                                ..NewRecommendation::default()
                            })
                            .collect(),
                        tanggapan: t.tanggapan.clone(),
                        severity: t.tingkat.clone(),
                        nips: t.nip.clone(),
                        items: t.item.clone(),
                    },
                )?;
                finding_ids.push(f.id.to_string());
            }
            for r in &scenario.rating {
                let findings =
                    r.temuan
                        .iter()
                        .map(|i| {
                            finding_ids.get(*i).cloned().ok_or_else(|| {
                                bad_scenario(format!("rating {}: no temuan {i}", r.nip))
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                app.recommend_rating(
                    &key,
                    NewRating {
                        nip: r.nip.clone(),
                        hasil: r.hasil.clone(),
                        perilaku: r.perilaku.clone(),
                        period: r.periode.clone(),
                        justification: r.justifikasi.clone(),
                        berakhlak: Vec::new(),
                        findings,
                        action: r.tindak_lanjut.clone(),
                    },
                    None,
                )?;
            }
            app.resolve_audit(&key)?
        }
    };
    let view = app.audit_view(&audit.id.to_string())?;
    let store = app.store();
    let summary = DemoSummary {
        dir: dir.to_path_buf(),
        created,
        agencies: store.agencies()?.len(),
        employees: store.employee_count(),
        templates: store.templates_latest()?.len(),
        audit: crate::present::short_id(&audit.id),
        audit_title: view.summary.audit.title.clone(),
        phase: view.summary.audit.phase,
        looked_at: view.summary.progress.looked_at,
        items: view.summary.progress.total,
        findings: view.findings.len(),
        ratings: view.ratings.len(),
        events: store.heads()?.iter().map(|(_, h)| h.seq).sum(),
        journal_bytes: store.journal_len(),
    };
    app.close()?;
    Ok(summary)
}

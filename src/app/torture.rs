//! `periksa-testkit torture`: a long deterministic scripted session that prints `ack <n> <what>` after each durable save, for the crash-consistency tests.
//!
//! The script is a pure function of its seed: save `n` always does the same thing, so a test
//! that killed the process can re-derive what every acknowledged save wrote ([`Script::model`])
//! and compare it with what the reopened store shows ([`observe`]). Every save changes something
//! visible (each note, title and name carries the save's number), so two points of the script
//! never look alike. Run on an existing store, the session finds the point of the script the
//! store is at and carries on from there (a kill leaves the store wherever it was).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use crate::domain::followup::{FollowUpStatus, Severity};
use crate::domain::phase::Role;
use crate::domain::rating::RatingLevel;
use crate::domain::score::Answer;
use crate::domain::template::{AnswerKind, Template};
use crate::exchange::{checklist, roster};
use crate::store::StoreError;

use super::{today, App, AppError, NewAudit, NewFinding, NewRating};

const AGENCIES: &[u8] = include_bytes!("../../data/sample/opd.csv");
const ROSTER: &[u8] = include_bytes!("../../data/sample/pegawai.csv");
/// The template the session's audit pins.
const TEMPLATE: &str = "pelayanan-publik";
/// Employees imported (the first rows of the sample roster): enough to rate, small to reopen.
const ROSTER_ROWS: usize = 40;
const AUDIT_LETTER: &str = "700.1/UJI/2026";
const AUDIT_AGENCY: &str = "DISDUKCAPIL";

/// One save of the script.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Init,
    Agencies,
    Roster,
    Template,
    NewAudit,
    Advance,
    Answer {
        item: String,
        answer: String,
        /// The save's number: the note names it.
        n: usize,
        /// A long observation (several KiB) rather than one line.
        long: bool,
    },
    Raise {
        title: String,
        kondisi: String,
        severity: String,
        items: Vec<String>,
        nip: Option<String>,
    },
    Update {
        /// Index (in raising order) of the finding.
        finding: usize,
        kondisi: String,
        severity: String,
    },
    FollowUp {
        finding: usize,
        status: u8,
        note: String,
    },
    Rating {
        nip: String,
        hasil: String,
        perilaku: String,
        justification: String,
    },
    /// One save of several events: agencies `UJI00…` renamed after this save.
    AgencyBatch {
        codes: Vec<String>,
        names: Vec<String>,
    },
}

/// The observation an answer step writes.
pub fn answer_note(n: usize, long: bool) -> String {
    if long {
        format!(
            "catatan simpan #{n}: {}",
            "pengamatan lapangan; ".repeat(200).trim_end()
        )
    } else {
        format!("catatan simpan #{n}")
    }
}

impl Step {
    /// A short word for the `ack` line.
    pub fn what(&self) -> &'static str {
        match self {
            Step::Init => "init",
            Step::Agencies => "agencies",
            Step::Roster => "roster",
            Step::Template => "template",
            Step::NewAudit => "audit",
            Step::Advance => "advance",
            Step::Answer { .. } => "answer",
            Step::Raise { .. } => "finding",
            Step::Update { .. } => "finding-update",
            Step::FollowUp { .. } => "follow-up",
            Step::Rating { .. } => "rating",
            Step::AgencyBatch { .. } => "agency-batch",
        }
    }
}

/// What a finding looks like to the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingSeen {
    pub kondisi: String,
    pub severity: String,
    pub items: Vec<String>,
    pub nips: Vec<String>,
    pub followup: u8,
    pub followup_note: String,
}

/// The state of the store as the script sees it, read through the application layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    pub profiles: usize,
    pub employees: usize,
    pub templates: usize,
    pub phase: Option<String>,
    /// Agency code → name.
    pub agencies: BTreeMap<String, String>,
    /// Item code → (answer code, note).
    pub answers: BTreeMap<String, (Option<String>, String)>,
    /// Finding title → what it holds.
    pub findings: BTreeMap<String, FindingSeen>,
    /// (NIP, hasil, perilaku, justification).
    pub ratings: BTreeSet<(String, String, String, String)>,
}

impl Observed {
    /// The first field that differs from `other`, for failure messages.
    pub fn diff(&self, other: &Observed) -> String {
        macro_rules! field {
            ($f:ident) => {
                if self.$f != other.$f {
                    return format!(
                        "{}: {:?} vs {:?}",
                        stringify!($f),
                        short(&self.$f),
                        short(&other.$f)
                    );
                }
            };
        }
        macro_rules! map {
            ($f:ident) => {
                if self.$f != other.$f {
                    let keys: BTreeSet<_> = self.$f.keys().chain(other.$f.keys()).collect();
                    for k in keys {
                        if self.$f.get(k) != other.$f.get(k) {
                            return format!(
                                "{} {k:?}: {:?} vs {:?}",
                                stringify!($f),
                                short(&self.$f.get(k)),
                                short(&other.$f.get(k))
                            );
                        }
                    }
                }
            };
        }
        field!(profiles);
        field!(employees);
        field!(templates);
        field!(phase);
        map!(agencies);
        map!(answers);
        map!(findings);
        if self.ratings != other.ratings {
            return format!(
                "ratings: only in the first {:?}, only in the second {:?}",
                short(&self.ratings.difference(&other.ratings).collect::<Vec<_>>()),
                short(&other.ratings.difference(&self.ratings).collect::<Vec<_>>())
            );
        }
        "no difference".into()
    }
}

fn short(v: &impl std::fmt::Debug) -> String {
    let s = format!("{v:?}");
    if s.chars().count() > 600 {
        format!("{}…", s.chars().take(600).collect::<String>())
    } else {
        s
    }
}

/// splitmix64: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn roster_bytes() -> &'static [u8] {
    // the header and the first ROSTER_ROWS rows
    let mut lines = 0;
    for (i, b) in ROSTER.iter().enumerate() {
        if *b == b'\n' {
            lines += 1;
            if lines == ROSTER_ROWS + 1 {
                return &ROSTER[..=i];
            }
        }
    }
    ROSTER
}

fn template() -> Result<Template, AppError> {
    let (name, text) = checklist::BUNDLED
        .iter()
        .find(|(name, _)| name.starts_with(TEMPLATE))
        .ok_or_else(|| AppError::Invalid(format!("no bundled checklist {TEMPLATE}")))?;
    checklist::parse_template(name, text.as_bytes()).map_err(AppError::Checklist)
}

/// The whole session, save by save (save `n` is `steps[n - 1]`).
pub struct Script {
    steps: Vec<Step>,
    /// Titles of the findings, in raising order.
    raised: Vec<String>,
    template: Template,
    agencies: Vec<(String, String)>,
    employees: usize,
}

impl Script {
    pub fn new(seed: u64, saves: usize) -> Result<Script, AppError> {
        let template = template()?;
        let items: Vec<(String, AnswerKind)> = template
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(|i| (i.code.clone(), i.answer)))
            .collect();
        let agencies = roster::parse_agencies("opd.csv", AGENCIES)?
            .rows
            .into_iter()
            .map(|(_, a)| (a.code, a.name))
            .collect();
        let parsed = roster::parse_roster("pegawai.csv", roster_bytes(), today())?;
        let nips: Vec<String> = parsed
            .rows
            .iter()
            .map(|(_, e)| e.nip.as_str().to_string())
            .collect();
        if items.is_empty() || nips.is_empty() {
            return Err(AppError::Invalid(
                "the torture script needs checklist items and employees".into(),
            ));
        }
        let mut rng = Rng(seed ^ 0x5045_524B_5341_2121);
        let mut steps = vec![
            Step::Init,
            Step::Agencies,
            Step::Roster,
            Step::Template,
            Step::NewAudit,
            Step::Advance,
        ];
        steps.truncate(saves);
        let mut raised: Vec<String> = Vec::new();
        const SEVERITY: [&str; 3] = ["low", "medium", "high"];
        const LEVEL: [&str; 3] = ["above", "meets", "below"];
        while steps.len() < saves {
            let n = steps.len() + 1;
            let roll = rng.below(100);
            let step = if roll < 45 {
                let (code, kind) = rng.pick(&items).clone();
                let answer = match kind {
                    AnswerKind::Compliance => rng
                        .pick(&["compliant", "partial", "noncompliant", "na"])
                        .to_string(),
                    AnswerKind::Score => (1 + rng.below(5)).to_string(),
                    AnswerKind::YesNo => rng.pick(&["ya", "tidak"]).to_string(),
                    AnswerKind::Number => format!("{}.5", rng.below(1000)),
                };
                Step::Answer {
                    item: code,
                    answer,
                    n,
                    // a long observation now and then: a save of several KiB
                    long: rng.below(4) == 0,
                }
            } else if roll < 55 || raised.is_empty() {
                let mut fitems = vec![rng.pick(&items).0.clone()];
                if rng.below(2) == 0 {
                    let more = rng.pick(&items).0.clone();
                    if !fitems.contains(&more) {
                        fitems.push(more);
                    }
                }
                raised.push(format!("Temuan uji #{n}"));
                Step::Raise {
                    title: format!("Temuan uji #{n}"),
                    kondisi: format!("kondisi pada simpan #{n}"),
                    severity: rng.pick(&SEVERITY).to_string(),
                    items: fitems,
                    nip: (rng.below(2) == 0).then(|| rng.pick(&nips).clone()),
                }
            } else if roll < 65 {
                Step::Update {
                    finding: rng.below(raised.len()),
                    kondisi: format!("kondisi diperbarui pada simpan #{n}"),
                    severity: rng.pick(&SEVERITY).to_string(),
                }
            } else if roll < 75 {
                Step::FollowUp {
                    finding: rng.below(raised.len()),
                    status: 1 + rng.below(4) as u8,
                    note: format!("tindak lanjut simpan #{n}"),
                }
            } else if roll < 92 {
                Step::Rating {
                    nip: rng.pick(&nips).clone(),
                    hasil: rng.pick(&LEVEL).to_string(),
                    perilaku: rng.pick(&LEVEL).to_string(),
                    justification: format!("justifikasi simpan #{n}"),
                }
            } else {
                let count = 3 + rng.below(12);
                Step::AgencyBatch {
                    codes: (0..count).map(|i| format!("UJI{i:02}")).collect(),
                    names: (0..count)
                        .map(|i| format!("Dinas Uji {i} versi simpan {n}"))
                        .collect(),
                }
            };
            steps.push(step);
        }
        Ok(Script {
            steps,
            raised,
            template,
            agencies,
            employees: nips.len(),
        })
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Save `n` (1-based).
    pub fn step(&self, n: usize) -> Option<&Step> {
        n.checked_sub(1).and_then(|i| self.steps.get(i))
    }

    /// What the store holds after the first `k` saves.
    pub fn model(&self, k: usize) -> Result<Observed, AppError> {
        let mut m = Observed::default();
        for n in 1..=k.min(self.steps.len()) {
            self.apply_model(&mut m, n)?;
        }
        Ok(m)
    }

    /// Every model from 0 to `len()` saves, in order (`models()[k]` is the state after k saves).
    pub fn models(&self) -> Result<Vec<Observed>, AppError> {
        let mut out = Vec::with_capacity(self.steps.len() + 1);
        let mut m = Observed::default();
        out.push(m.clone());
        for n in 1..=self.steps.len() {
            self.apply_model(&mut m, n)?;
            out.push(m.clone());
        }
        Ok(out)
    }

    /// The number of saves after which the script's state equals `seen`, searching `range`.
    pub fn find(
        &self,
        seen: &Observed,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<Option<usize>, AppError> {
        let mut m = Observed::default();
        for k in 0..=(*range.end()).min(self.steps.len()) {
            if k > 0 {
                self.apply_model(&mut m, k)?;
            }
            if range.contains(&k) && m == *seen {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    fn finding_title(&self, index: usize) -> Option<String> {
        self.raised.get(index).cloned()
    }

    fn apply_model(&self, m: &mut Observed, n: usize) -> Result<(), AppError> {
        let bad = |e: &dyn std::fmt::Display| AppError::Invalid(format!("save {n}: {e}"));
        let Some(step) = self.step(n) else {
            return Ok(());
        };
        match step {
            Step::Init => m.profiles = 1,
            Step::Agencies => m.agencies.extend(self.agencies.iter().cloned()),
            Step::Roster => m.employees = self.employees,
            Step::Template => m.templates = 1,
            Step::NewAudit => m.phase = Some("planning".into()),
            Step::Advance => m.phase = Some("fieldwork".into()),
            Step::Answer {
                item,
                answer,
                n,
                long,
            } => {
                let note = answer_note(*n, *long);
                let kind = self
                    .template
                    .item(item)
                    .map(|i| i.answer)
                    .ok_or_else(|| bad(&format!("no item {item}")))?;
                let code = Answer::parse(kind, answer).map_err(|e| bad(&e))?.code();
                m.answers.insert(item.clone(), (Some(code), note));
            }
            Step::Raise {
                title,
                kondisi,
                severity,
                items,
                nip,
            } => {
                m.findings.insert(
                    title.clone(),
                    FindingSeen {
                        kondisi: kondisi.clone(),
                        severity: Severity::parse(severity)
                            .map_err(|e| bad(&e))?
                            .code()
                            .into(),
                        items: items.clone(),
                        nips: nip.iter().cloned().collect(),
                        followup: FollowUpStatus::BelumDitindaklanjuti.number(),
                        followup_note: String::new(),
                    },
                );
            }
            Step::Update {
                finding,
                kondisi,
                severity,
            } => {
                let title = self
                    .finding_title(*finding)
                    .ok_or_else(|| bad(&"no such finding"))?;
                let f = m
                    .findings
                    .get_mut(&title)
                    .ok_or_else(|| bad(&"finding updated before it was raised"))?;
                f.kondisi = kondisi.clone();
                f.severity = Severity::parse(severity)
                    .map_err(|e| bad(&e))?
                    .code()
                    .into();
            }
            Step::FollowUp {
                finding,
                status,
                note,
            } => {
                let title = self
                    .finding_title(*finding)
                    .ok_or_else(|| bad(&"no such finding"))?;
                let f = m
                    .findings
                    .get_mut(&title)
                    .ok_or_else(|| bad(&"follow-up before the finding"))?;
                f.followup = *status;
                f.followup_note = note.clone();
            }
            Step::Rating {
                nip,
                hasil,
                perilaku,
                justification,
            } => {
                let level = |s: &str| RatingLevel::parse(s).map(|l| l.code().to_string());
                // one current recommendation per ASN and period: a later one replaces it
                m.ratings.retain(|(n, ..)| n != nip);
                m.ratings.insert((
                    nip.clone(),
                    level(hasil).map_err(|e| bad(&e))?,
                    level(perilaku).map_err(|e| bad(&e))?,
                    justification.clone(),
                ));
            }
            Step::AgencyBatch { codes, names } => {
                for (c, name) in codes.iter().zip(names) {
                    m.agencies.insert(c.clone(), name.clone());
                }
            }
        }
        Ok(())
    }
}

/// What the store at hand holds, as the script sees it.
pub fn observe(app: &App) -> Result<Observed, AppError> {
    let store = app.store();
    let mut seen = Observed {
        profiles: app.profiles()?.len(),
        employees: store.employee_count(),
        templates: app.templates()?.len(),
        agencies: store
            .agencies()?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect(),
        ..Observed::default()
    };
    let Some(audit) = store.audits()?.into_iter().next() else {
        return Ok(seen);
    };
    seen.phase = Some(audit.phase.code().to_string());
    let view = app.audit_view(&audit.id.to_string())?;
    for iv in view.items {
        if let Some(r) = iv.response {
            seen.answers
                .insert(iv.item.code.clone(), (r.answer.map(|a| a.code()), r.note));
        }
    }
    for f in view.findings {
        let status = f.status().number();
        let note = f
            .content
            .recommendations
            .first()
            .and_then(|r| f.followup.get(&r.no))
            .and_then(|h| h.latest())
            .map(|v| v.reason.clone())
            .unwrap_or_default();
        seen.findings.insert(
            f.content.title,
            FindingSeen {
                kondisi: f.content.kondisi,
                severity: f.content.severity.code().to_string(),
                items: f.content.items,
                nips: f
                    .content
                    .nips
                    .iter()
                    .map(|n| n.as_str().to_string())
                    .collect(),
                followup: status,
                followup_note: note,
            },
        );
    }
    for r in app.ratings(None, None)? {
        seen.ratings.insert((
            r.content.nip.as_str().to_string(),
            r.content.hasil.code().to_string(),
            r.content.perilaku.code().to_string(),
            r.content.justification,
        ));
    }
    Ok(seen)
}

/// Open the store at `dir` if it is one (`None` when it does not exist yet or its `init` never
/// finished), and the number of saves of `script` it holds.
pub fn open_at(dir: &Path, script: &Script) -> Result<(Option<App>, usize), AppError> {
    let mut app = match App::open(dir) {
        Ok(app) => app,
        Err(AppError::Store(StoreError::NotAStore(_))) => return Ok((None, 0)),
        Err(e) => return Err(e),
    };
    let seen = observe(&app)?;
    let k = script.find(&seen, 0..=script.len())?.ok_or_else(|| {
        AppError::Invalid(format!(
            "the store at {} matches no point of the script",
            dir.display()
        ))
    })?;
    if k >= 1 && app.current_profile().is_err() {
        // `init` was cut between writing the store and its settings: never acknowledged, so the
        // session picks its one profile itself
        let id = app.profiles()?.first().map(|p| p.id.to_string());
        if let Some(id) = id {
            app.profile_use(&id)?;
        }
    }
    Ok((Some(app), k))
}

/// Perform save `n` of `script` on the store at `dir` (`app` is `None` before `init`).
pub fn perform(
    app: &mut Option<App>,
    dir: &Path,
    script: &Script,
    n: usize,
) -> Result<(), AppError> {
    let step = script
        .step(n)
        .ok_or_else(|| AppError::Invalid(format!("the script has no save {n}")))?;
    let Some(a) = app.as_mut() else {
        if *step != Step::Init {
            return Err(AppError::Invalid(format!("save {n} needs a store")));
        }
        *app = Some(App::init(
            dir,
            "Penguji Tahan Banting",
            Some("19800512 200501 2 003"),
            Role::Lead,
        )?);
        return Ok(());
    };
    let audit_key = || -> Result<String, AppError> {
        a.store()
            .audits()?
            .into_iter()
            .next()
            .map(|x| x.id.to_string())
            .ok_or_else(|| AppError::Invalid("no audit yet".into()))
    };
    let finding_key = |a: &App, index: usize| -> Result<String, AppError> {
        let title = script
            .finding_title(index)
            .ok_or_else(|| AppError::Invalid(format!("no finding {index}")))?;
        let audit = a
            .store()
            .audits()?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Invalid("no audit yet".into()))?;
        a.store()
            .findings_of_audit(&audit.id)?
            .into_iter()
            .find(|f| f.content.title == title)
            .map(|f| f.id.to_string())
            .ok_or(AppError::UnknownFinding(title))
    };
    match step {
        Step::Init => return Err(AppError::Invalid("the store exists already".into())),
        Step::Agencies => {
            a.import_agencies("opd.csv", AGENCIES, false)?;
        }
        Step::Roster => {
            a.import_roster("pegawai.csv", roster_bytes(), false)?;
        }
        Step::Template => {
            let (name, text) = checklist::BUNDLED
                .iter()
                .find(|(name, _)| name.starts_with(TEMPLATE))
                .ok_or_else(|| AppError::Invalid(format!("no bundled checklist {TEMPLATE}")))?;
            a.import_template(name, text.as_bytes())?;
        }
        Step::NewAudit => {
            a.new_audit(NewAudit {
                agency: AUDIT_AGENCY.into(),
                checklist: TEMPLATE.into(),
                title: "Pemeriksaan uji tahan banting".into(),
                letter: Some(AUDIT_LETTER.into()),
                period: Some("2026-S2".into()),
            })?;
        }
        Step::Advance => {
            let key = audit_key()?;
            a.advance(&key, None)?;
        }
        Step::Answer {
            item,
            answer,
            n,
            long,
        } => {
            let key = audit_key()?;
            let note = answer_note(*n, *long);
            a.answer(&key, item, Some(answer), Some(&note), &[])?;
        }
        Step::Raise {
            title,
            kondisi,
            severity,
            items,
            nip,
        } => {
            let key = audit_key()?;
            a.raise_finding(
                &key,
                NewFinding {
                    title: title.clone(),
                    kondisi: kondisi.clone(),
                    kriteria: "kriteria uji".into(),
                    sebab: "sebab uji".into(),
                    akibat: "akibat uji".into(),
                    recommendations: vec![crate::app::NewRecommendation::text("rekomendasi uji")],
                    code: String::new(),
                    cause_code: String::new(),
                    tanggapan: String::new(),
                    severity: severity.clone(),
                    nips: nip.iter().cloned().collect(),
                    items: items.clone(),
                },
            )?;
        }
        Step::Update {
            finding,
            kondisi,
            severity,
        } => {
            let key = finding_key(a, *finding)?;
            let current = a.resolve_finding(&key)?;
            let mut new = NewFinding::from(&current);
            new.kondisi = kondisi.clone();
            new.severity = severity.clone();
            a.update_finding(&key, new)?;
        }
        Step::FollowUp {
            finding,
            status,
            note,
        } => {
            let key = finding_key(a, *finding)?;
            a.follow_up(&key, None, &status.to_string(), Some(note), None)?;
        }
        Step::Rating {
            nip,
            hasil,
            perilaku,
            justification,
        } => {
            let key = audit_key()?;
            a.recommend_rating(
                &key,
                NewRating {
                    nip: nip.clone(),
                    hasil: hasil.clone(),
                    perilaku: perilaku.clone(),
                    period: "2026-S2".into(),
                    justification: justification.clone(),
                    ..NewRating::default()
                },
                // the same ASN may come up again: the newer recommendation replaces the first
                Some("rekomendasi diperbarui"),
            )?;
        }
        Step::AgencyBatch { codes, names } => {
            let mut csv = String::from("kode,nama,jenis,wilayah\n");
            for (c, name) in codes.iter().zip(names) {
                csv.push_str(&format!("{c},{name},Dinas,Kabupaten Sukamaju\n"));
            }
            a.import_agencies("uji.csv", csv.as_bytes(), false)?;
        }
    }
    Ok(())
}

fn say(out: &mut dyn Write, line: &str) -> Result<(), AppError> {
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|source| AppError::File {
            path: "stdout".into(),
            source,
        })
}

/// Run the session on `dir` up to `saves` saves: `resume <k>` first (the saves the store already
/// holds), then `ack <n> <what>` after each save, flushed, then `done <n>`.
pub fn run(dir: &Path, seed: u64, saves: usize, out: &mut dyn Write) -> Result<(), AppError> {
    let script = Script::new(seed, saves)?;
    let (mut app, k) = open_at(dir, &script)?;
    say(out, &format!("resume {k}"))?;
    for n in k + 1..=script.len() {
        perform(&mut app, dir, &script, n)?;
        let what = script.step(n).map_or("?", Step::what);
        say(out, &format!("ack {n} {what}"))?;
    }
    say(out, &format!("done {}", script.len()))?;
    if let Some(app) = app {
        app.close()?;
    }
    Ok(())
}

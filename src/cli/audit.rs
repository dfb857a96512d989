//! Audits: start, list, show, answer items, check completeness, advance, sign, unsign and correct.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::args::{AuditCmd, EngagementArgs};
use super::output::{engagement_json, findings_json, rating_json, summary_json, w, wjson, Out};
use super::parse_role;
use crate::app::{self, engagement_parts, short_hash, App, AppError, EngagementEdit, NewAudit};
use crate::domain::engagement::Engagement;
use crate::present::short_id;
use crate::text::{Lang, Strings};

pub(super) fn audit(
    app: &mut App,
    cmd: AuditCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        AuditCmd::New {
            agency,
            checklist,
            title,
            letter,
            period,
        } => {
            let a = app.new_audit(NewAudit {
                agency,
                checklist,
                title,
                letter,
                period,
            })?;
            if json {
                wjson(out, &json!({"id": a.id}))
            } else {
                w(out, a.id.to_string())
            }
        }
        AuditCmd::List => {
            let list = app.audits()?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(summary_json).collect::<Vec<_>>()),
                );
            }
            let (score, findings) = (t.t("cli.audit.score"), t.t("cli.audit.findings"));
            for s in list {
                let a = &s.audit;
                w(
                    out,
                    format!(
                        "{}  {:<11} {:<12} {:>3}/{:<3} {score} {:<7} {findings} {}/{}/{}  {}  {}",
                        short_id(&a.id),
                        match t.lang {
                            Lang::Id => a.phase.label_id(),
                            Lang::En => a.phase.label_en(),
                        },
                        a.agency,
                        s.progress.looked_at,
                        s.progress.total,
                        s.compliance
                            .percent()
                            .map(|p| t.percent(p))
                            .unwrap_or_else(|| "-".into()),
                        s.findings[2],
                        s.findings[1],
                        s.findings[0],
                        t.datetime(a.updated_at),
                        a.title
                    ),
                )?;
            }
            Ok(())
        }
        AuditCmd::Check { audit, rules } => {
            let a = app.resolve_audit(&audit)?;
            let c = app.completeness(&a.id.to_string(), rules.as_deref())?;
            let blocking = c.blocking().count();
            if json {
                let gaps: Vec<Value> = c
                    .gaps
                    .iter()
                    .map(|g| {
                        json!({
                            "kind": g.kind().key(),
                            "blocks_final": c.rules.blocks(g.kind()),
                            "message": app::gap_line(g),
                        })
                    })
                    .collect();
                wjson(
                    out,
                    &json!({"audit": a.id, "blocks_final": blocking > 0, "gaps": gaps}),
                )?;
            } else {
                w(
                    out,
                    t.f(
                        "cli.check.summary",
                        &[
                            ("title", &a.title),
                            ("gaps", &t.count(c.gaps.len() as u64)),
                            ("blocking", &t.count(blocking as u64)),
                        ],
                    ),
                )?;
                let (blocks, warns) = (t.t("cli.check.blocks"), t.t("cli.check.warning"));
                let width = blocks.chars().count().max(warns.chars().count());
                for g in &c.gaps {
                    let mark = if c.rules.blocks(g.kind()) {
                        blocks
                    } else {
                        warns
                    };
                    w(out, format!("  {mark:<width$}  {}", app::gap_line_in(g, t)))?;
                }
            }
            if blocking > 0 {
                return Err(app::said(
                    "error.cli.gaps_block",
                    &[("n", &t.count(blocking as u64))],
                ));
            }
            Ok(())
        }
        AuditCmd::Set(args) => {
            let audit = args.audit.clone();
            let edit = engagement_edit(*args);
            if edit.is_empty() {
                return Err(AppError::Usage(
                    t.t("cli.engagement.nothing_given").to_string(),
                ));
            }
            let (e, changed) = app.set_engagement(&audit, &edit)?;
            if json {
                let mut j = engagement_json(&e);
                j["changed"] = json!(changed);
                return wjson(out, &j);
            }
            if !changed {
                return w(out, t.t("cli.engagement.unchanged"));
            }
            let (filled, total) = e.filled_parts();
            w(
                out,
                t.f(
                    "cli.engagement.saved",
                    &[("filled", &filled), ("total", &total)],
                ),
            )
        }
        AuditCmd::Show { audit } => {
            let v = app.audit_view(&audit)?;
            if json {
                let mut j = summary_json(&v.summary);
                j["items"] = json!(v
                    .items
                    .iter()
                    .map(|i| json!({
                        "section": i.section,
                        "code": i.item.code,
                        "text": i.item.text,
                        "weight": i.item.weight,
                        "evidence_required": i.item.evidence_required,
                        "answer": i.response.as_ref().and_then(|r| r.answer.as_ref()).map(|a| a.code()),
                        "note": i.response.as_ref().map(|r| r.note.as_str()).unwrap_or(""),
                        "evidence": i.response.as_ref().map(|r| r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>()).unwrap_or_default(),
                    }))
                    .collect::<Vec<_>>());
                j["findings"] = json!(findings_json(app, &audit, &v.findings)?);
                let earlier = app.earlier_followup(&audit, crate::app::today())?;
                j["earlier_followup"] = json!(earlier
                    .iter()
                    .map(super::tlhp::row_json)
                    .collect::<Vec<_>>());
                j["ratings"] = json!(v.ratings.iter().map(rating_json).collect::<Vec<_>>());
                j["engagement"] = engagement_json(&v.engagement);
                j["surveys"] = json!(v
                    .surveys
                    .iter()
                    .map(super::skm::survey_json)
                    .collect::<Vec<_>>());
                j["state_hash"] = json!(hex::encode(v.state_hash));
                j["signoffs"] = json!(v
                    .signoffs
                    .iter()
                    .map(|(role, s, fresh)| json!({
                        "role": role.code(),
                        "profile": s.as_ref().map(|s| s.profile),
                        "at": s.as_ref().map(|s| s.at.to_rfc3339()),
                        "status": match (s, fresh) { (None, _) => "missing", (Some(_), true) => "fresh", (Some(_), false) => "stale" },
                    }))
                    .collect::<Vec<_>>());
                return wjson(out, &j);
            }
            let s = &v.summary;
            let a = &s.audit;
            w(out, format!("{}  {}", a.id, a.title))?;
            w(out, format!("OPD: {} ({})", s.agency_name, a.agency))?;
            w(
                out,
                t.f(
                    "cli.show.checklist",
                    &[("title", &s.template_title), ("id", &a.template_id)],
                ),
            )?;
            if let Some(l) = &a.letter {
                w(out, t.f("cli.show.letter", &[("letter", l)]))?;
            }
            if let Some(p) = &a.period {
                let period = match t.lang {
                    Lang::Id => p.label_id(),
                    Lang::En => p.to_string(),
                };
                w(out, t.f("cli.show.period", &[("period", &period)]))?;
            }
            let phase = match t.lang {
                Lang::Id => a.phase.label_id().to_string(),
                Lang::En => a.phase.to_string(),
            };
            w(
                out,
                t.f(
                    "cli.show.phase",
                    &[("phase", &phase), ("code", &a.phase.code())],
                ),
            )?;
            let compliance = match s.compliance.percent() {
                Some(p) => format!("{} ({})", t.percent(p), t.compliance(&s.compliance)),
                None => t.t("cli.show.nothing_scored").to_string(),
            };
            w(
                out,
                t.f(
                    "cli.show.progress",
                    &[
                        ("looked", &s.progress.looked_at),
                        ("total", &s.progress.total),
                        ("compliance", &compliance),
                    ],
                ),
            )?;
            show_engagement(out, &v.engagement, t)?;
            let (note_word, evidence_word) = (t.t("cli.show.note"), t.t("cli.show.evidence"));
            let mut section = String::new();
            for i in &v.items {
                if i.section != section {
                    section = i.section.clone();
                    w(out, format!("\n[{}] {}", i.section, i.section_title))?;
                }
                let (ans, note) = match &i.response {
                    Some(r) => (
                        r.answer
                            .as_ref()
                            .map(|a| a.label_id())
                            .unwrap_or_else(|| "-".into()),
                        r.note.clone(),
                    ),
                    None => ("-".into(), String::new()),
                };
                w(
                    out,
                    format!("  {:<8} {:<18} {}", i.item.code, ans, i.item.text),
                )?;
                if !note.is_empty() {
                    w(
                        out,
                        format!(
                            "           {note_word}: {}",
                            note.replace('\n', "\n                    ")
                        ),
                    )?;
                }
                if let Some(r) = &i.response {
                    for e in &r.evidence {
                        w(
                            out,
                            format!(
                                "           {evidence_word}: {} sha256:{}",
                                e.name,
                                hex::encode(e.sha256)
                            ),
                        )?;
                    }
                }
            }
            if !v.findings.is_empty() {
                w(out, format!("\n{}", t.t("cli.show.findings")))?;
                let repeats = app.repeats(&audit)?;
                for f in &v.findings {
                    w(
                        out,
                        t.f(
                            "cli.show.finding",
                            &[
                                ("id", &short_id(&f.id)),
                                ("severity", &f.content.severity.label_id()),
                                ("title", &f.content.title),
                                ("status", &f.status().number()),
                            ],
                        ),
                    )?;
                    if let Some(r) = repeats.iter().find(|r| r.finding == f.id) {
                        w(out, format!("      {}", repeat_line(r, t)))?;
                    }
                }
            }
            let earlier = app.earlier_followup(&audit, crate::app::today())?;
            if !earlier.is_empty() {
                w(out, format!("\n{}", t.t("cli.show.earlier")))?;
                for r in &earlier {
                    let (lhp, due) = (super::tlhp::lhp_cell(r, t), super::tlhp::due_cell(r, t));
                    w(
                        out,
                        t.f(
                            "cli.show.earlier_row",
                            &[
                                ("lhp", &lhp),
                                ("finding", &short_id(&r.finding)),
                                ("title", &r.finding_title),
                                ("no", &r.no),
                                ("status", &r.status.number()),
                                ("due", &due),
                            ],
                        ),
                    )?;
                    w(out, format!("      {}", r.recommendation))?;
                }
            }
            if !v.ratings.is_empty() {
                w(out, format!("\n{}", t.t("cli.show.ratings")))?;
                for r in &v.ratings {
                    w(
                        out,
                        format!(
                            "  {}  {}  {}",
                            r.content.nip,
                            r.content.period.label_id(),
                            r.predikat.label_id()
                        ),
                    )?;
                }
            }
            w(out, format!("\n{}", t.t("cli.show.signoffs")))?;
            for (role, s, fresh) in &v.signoffs {
                let st = match (s, fresh) {
                    (None, _) => t.t("cli.show.not_signed").to_string(),
                    (Some(s), true) => {
                        format!("{} — {}", app.actor_name(&s.profile), t.datetime(s.at))
                    }
                    (Some(s), false) => t.f(
                        "cli.show.stale",
                        &[
                            ("who", &app.actor_name(&s.profile)),
                            ("at", &t.datetime(s.at)),
                        ],
                    ),
                };
                w(out, format!("  {:<18} {st}", role.label_id()))?;
            }
            Ok(())
        }
        AuditCmd::Answer {
            audit,
            item,
            answer,
            note,
            evidence,
        } => {
            let paths: Vec<&Path> = evidence.iter().map(PathBuf::as_path).collect();
            let (r, changed) =
                app.answer(&audit, &item, answer.as_deref(), note.as_deref(), &paths)?;
            if json {
                wjson(
                    out,
                    &json!({
                        "item": r.item, "answer": r.answer.as_ref().map(|a| a.code()), "note": r.note,
                        "evidence": r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>(),
                        "changed": changed,
                    }),
                )
            } else if changed {
                let answer = r
                    .answer
                    .as_ref()
                    .map(|a| a.label_id())
                    .unwrap_or_else(|| "-".into());
                w(
                    out,
                    t.f(
                        "cli.answer.saved",
                        &[("item", &r.item), ("answer", &answer)],
                    ),
                )
            } else {
                w(out, t.f("cli.answer.unchanged", &[("item", &r.item)]))
            }
        }
        AuditCmd::Advance { audit, reason } => {
            let a = app.advance(&audit, reason.as_deref())?;
            if json {
                wjson(out, &json!({"id": a.id, "phase": a.phase.code()}))
            } else {
                w(
                    out,
                    t.f(
                        "cli.advance.done",
                        &[("id", &short_id(&a.id)), ("phase", &a.phase.label_id())],
                    ),
                )
            }
        }
        AuditCmd::Sign { audit, role } => {
            let s = app.sign(&audit, parse_role(&role)?)?;
            if json {
                wjson(
                    out,
                    &json!({"role": s.role.code(), "profile": s.profile, "state_hash": hex::encode(s.state_hash)}),
                )
            } else {
                w(
                    out,
                    t.f(
                        "cli.sign.done",
                        &[
                            ("role", &s.role.label_id()),
                            ("who", &app.actor_name(&s.profile)),
                            ("hash", &short_hash(&s.state_hash)),
                        ],
                    ),
                )
            }
        }
        AuditCmd::Unsign {
            audit,
            role,
            reason,
        } => {
            let s = app.withdraw_signoff(&audit, parse_role(&role)?, &reason)?;
            if json {
                wjson(out, &json!({"role": s.role.code(), "withdrawn": true}))
            } else {
                w(
                    out,
                    t.f("cli.sign.withdrawn", &[("role", &s.role.label_id())]),
                )
            }
        }
        AuditCmd::Correct {
            audit,
            item,
            clear_answer,
            remove_evidence,
            reason,
        } => {
            let r = match remove_evidence {
                Some(e) => app.remove_evidence(&audit, &item, &e, &reason)?,
                None if clear_answer => app.clear_answer(&audit, &item, &reason)?,
                None => return Err(app::said("error.cli.correct_what", &[])),
            };
            if json {
                wjson(
                    out,
                    &json!({
                        "item": r.item, "answer": r.answer.as_ref().map(|a| a.code()), "note": r.note,
                        "evidence": r.evidence.iter().map(|e| json!({"name": e.name, "sha256": hex::encode(e.sha256)})).collect::<Vec<_>>(),
                    }),
                )
            } else {
                let answer = r.answer.as_ref().map_or("-".to_string(), |a| a.label_id());
                w(
                    out,
                    t.f(
                        "cli.correct.done",
                        &[
                            ("item", &r.item),
                            ("answer", &answer),
                            ("n", &t.count(r.evidence.len() as u64)),
                        ],
                    ),
                )
            }
        }
    }
}

/// What `audit set` was given, as an edit: options not given stay `None`.
fn engagement_edit(a: EngagementArgs) -> EngagementEdit {
    let list = |v: Vec<String>| (!v.is_empty()).then_some(v);
    EngagementEdit {
        assignment_number: a.surat_tugas_nomor,
        assignment_date: a.surat_tugas_tanggal,
        basis: list(a.dasar),
        objective: a.tujuan,
        scope: a.ruang_lingkup,
        limitations: a.batasan,
        methods: list(a.metodologi),
        planned_start: a.rencana_mulai,
        planned_end: a.rencana_selesai,
        planned_days: a.rencana_hari,
        actual_start: a.realisasi_mulai,
        actual_end: a.realisasi_selesai,
        actual_days: a.realisasi_hari,
        overview: a.gambaran_umum,
        conclusion: a.simpulan,
        team: list(a.tim),
        report_number: a.lhp_nomor,
        report_date: a.lhp_tanggal,
        report_nature: a.lhp_sifat,
        report_attachment: a.lhp_lampiran,
        report_subject: a.lhp_hal,
        // a shell passes `\n` as two characters: it starts a new line of the address
        report_addressee: a.lhp_kepada.map(|k| k.replace("\\n", "\n")),
    }
}

/// The engagement's filled parts under the audit's head lines; lists one entry per line.
fn show_engagement(out: Out<'_>, e: &Engagement, t: &Strings) -> Result<(), AppError> {
    if e.is_empty() {
        return w(out, t.t("cli.engagement.none"));
    }
    w(out, format!("\n{}", t.t("cli.engagement.heading")))?;
    let indent = |s: &str| s.replace('\n', "\n    ");
    for (key, value) in engagement_parts(e, t) {
        let label = t.t(key);
        let entries: Vec<String> = match key {
            "engagement.basis" => e.basis.clone(),
            "engagement.team" => e.team.iter().map(|m| app::team_line(m, t)).collect(),
            _ if value.is_empty() => continue,
            _ => {
                w(out, format!("  {label}: {}", indent(&value)))?;
                continue;
            }
        };
        if entries.is_empty() {
            continue;
        }
        w(out, format!("  {label}:"))?;
        for (i, entry) in entries.iter().enumerate() {
            w(out, format!("    {}. {}", i + 1, indent(entry)))?;
        }
    }
    Ok(())
}

/// `↻ temuan berulang: …` — the earlier finding a finding repeats.
pub(super) fn repeat_line(r: &crate::app::RepeatOf, t: &Strings) -> String {
    let lhp = if r.lhp_number.is_empty() {
        t.date(r.date)
    } else {
        format!("{} ({})", r.lhp_number, t.date(r.date))
    };
    t.f(
        "cli.show.repeat",
        &[
            ("title", &r.earlier_title),
            ("audit", &r.earlier_audit_title),
            ("lhp", &lhp),
            ("finding", &short_id(&r.earlier_finding)),
        ],
    )
}

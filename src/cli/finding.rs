//! Findings (temuan): raise, edit, list, show, their recommendations and follow-up, withdraw, and the code tables they are coded from.

use serde_json::json;

use super::args::FindingCmd;
use super::output::{finding_json, findings_json, w, wjson, Out};
use crate::app::{App, AppError, NewEntry, NewFinding, NewRecommendation, NewVerification};
use crate::domain::date::parse_date;
use crate::domain::followup::FollowUpStatus;
use crate::domain::model::Finding;
use crate::present::short_id;
use crate::text::Strings;

pub(super) fn finding(
    app: &mut App,
    cmd: FindingCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        FindingCmd::Add {
            audit,
            title,
            kode,
            kondisi,
            kriteria,
            sebab,
            kode_sebab,
            akibat,
            rekomendasi,
            kode_rekomendasi,
            tanggapan,
            severity,
            nip,
            item,
        } => {
            if kode_rekomendasi.len() > rekomendasi.len() {
                return Err(crate::app::said(
                    "error.cli.rec_codes",
                    &[
                        ("codes", &kode_rekomendasi.len()),
                        ("recs", &rekomendasi.len()),
                    ],
                ));
            }
            let recommendations = rekomendasi
                .into_iter()
                .enumerate()
                .map(|(i, text)| NewRecommendation {
                    code: kode_rekomendasi.get(i).cloned().unwrap_or_default(),
                    ..NewRecommendation::text(text)
                })
                .collect();
            let f = app.raise_finding(
                &audit,
                NewFinding {
                    title,
                    code: kode.unwrap_or_default(),
                    kondisi,
                    kriteria,
                    sebab,
                    cause_code: kode_sebab.unwrap_or_default(),
                    akibat,
                    recommendations,
                    tanggapan,
                    severity,
                    nips: nip,
                    items: item,
                },
            )?;
            if json {
                wjson(out, &finding_json(app, &f)?)
            } else {
                w(out, f.id.to_string())
            }
        }
        FindingCmd::Edit {
            finding,
            title,
            kode,
            kondisi,
            kriteria,
            sebab,
            kode_sebab,
            akibat,
            tanggapan,
            severity,
            nip,
            item,
        } => {
            let f = app.resolve_finding(&finding)?;
            let mut new = NewFinding::from(&f);
            let set = |slot: &mut String, v: Option<String>| {
                if let Some(v) = v {
                    *slot = v;
                }
            };
            set(&mut new.title, title);
            set(&mut new.code, kode);
            set(&mut new.kondisi, kondisi);
            set(&mut new.kriteria, kriteria);
            set(&mut new.sebab, sebab);
            set(&mut new.cause_code, kode_sebab);
            set(&mut new.akibat, akibat);
            set(&mut new.tanggapan, tanggapan);
            set(&mut new.severity, severity);
            if !nip.is_empty() {
                new.nips = nip;
            }
            if !item.is_empty() {
                new.items = item;
            }
            let f = app.update_finding(&f.id.to_string(), new)?;
            done(app, &f, json, t, out)
        }
        FindingCmd::List { audit } => {
            let v = app.audit_view(&audit)?;
            if json {
                return wjson(out, &json!(findings_json(app, &audit, &v.findings)?));
            }
            let repeats = app.repeats(&audit)?;
            for f in &v.findings {
                let fu = crate::app::followup_summary(&v.summary.audit, f);
                let due = fu
                    .due
                    .map(|d| t.f("cli.finding.due", &[("date", &t.date(d))]))
                    .unwrap_or_default();
                w(
                    out,
                    t.f(
                        "cli.finding.line",
                        &[
                            ("id", &short_id(&f.id)),
                            ("severity", &f.content.severity.label_id()),
                            ("title", &f.content.title),
                            ("status", &fu.status.number()),
                            ("label", &fu.status.label_id()),
                            ("due", &due),
                        ],
                    ),
                )?;
                if let Some(r) = repeats.iter().find(|r| r.finding == f.id) {
                    w(out, format!("      {}", super::audit::repeat_line(r, t)))?;
                }
                for r in &f.content.recommendations {
                    let status = f.status_of(r.no);
                    w(
                        out,
                        t.f(
                            "cli.finding.rec_line",
                            &[
                                ("no", &r.no),
                                ("code", &code_part(&r.code)),
                                ("text", &r.text),
                                ("status", &status.number()),
                            ],
                        ),
                    )?;
                }
            }
            Ok(())
        }
        FindingCmd::Show { finding } => {
            let f = app.resolve_finding(&finding)?;
            if json {
                return wjson(out, &finding_json(app, &f)?);
            }
            show(app, &f, t, out)
        }
        FindingCmd::Rec {
            finding,
            no,
            text,
            kode,
            official,
            position,
            official_nip,
            due,
            value,
            remove,
        } => {
            let f = app.resolve_finding(&finding)?;
            let mut new = NewFinding::from(&f);
            match (no, remove) {
                (Some(no), true) => {
                    crate::app::which_recommendation(&f, Some(no))?;
                    new.recommendations.retain(|r| r.no != Some(no));
                }
                (None, true) => {
                    return Err(crate::app::said("error.cli.rec_remove_which", &[]));
                }
                (n, false) => {
                    let slot = match n {
                        Some(no) => {
                            crate::app::which_recommendation(&f, Some(no))?;
                            new.recommendations
                                .iter_mut()
                                .find(|r| r.no == Some(no))
                                .ok_or_else(|| AppError::UnknownFinding(finding.clone()))?
                        }
                        None => {
                            new.recommendations.push(NewRecommendation::default());
                            let last = new.recommendations.len() - 1;
                            &mut new.recommendations[last]
                        }
                    };
                    for (field, v) in [
                        (&mut slot.text, text),
                        (&mut slot.code, kode),
                        (&mut slot.official_name, official),
                        (&mut slot.official_position, position),
                        (&mut slot.official_nip, official_nip),
                        (&mut slot.due, due),
                        (&mut slot.value, value),
                    ] {
                        if let Some(v) = v {
                            *field = v;
                        }
                    }
                    if n.is_none() && slot.text.trim().is_empty() {
                        return Err(crate::app::said(
                            "error.recommendation.no_text",
                            &[("n", &new.recommendations.len())],
                        ));
                    }
                }
            }
            let f = app.update_finding(&f.id.to_string(), new)?;
            done(app, &f, json, t, out)
        }
        FindingCmd::Report {
            finding,
            rec,
            action,
            date,
            evidence,
            returned,
        } => {
            let (f, no, entry) = app.report_followup(
                &finding,
                NewEntry {
                    recommendation: rec,
                    date: date.unwrap_or_default(),
                    action,
                    evidence,
                    returned: returned.unwrap_or_default(),
                },
            )?;
            if json {
                return wjson(out, &finding_json(app, &f)?);
            }
            let n = f
                .history(no)
                .entries_by_date()
                .iter()
                .position(|e| e.id == entry.id)
                .map_or(0, |i| i + 1);
            w(
                out,
                t.f(
                    "cli.finding.reported",
                    &[
                        ("id", &short_id(&f.id)),
                        ("no", &no),
                        ("n", &n),
                        ("status", &f.status_of(no).number()),
                        ("label", &f.status_of(no).label_id()),
                    ],
                ),
            )
        }
        FindingCmd::Verify {
            finding,
            rec,
            entry,
            status,
            reason,
            date,
        } => {
            let (f, no) = app.verify_followup(
                &finding,
                NewVerification {
                    recommendation: rec,
                    entry,
                    status: FollowUpStatus::parse(&status)?,
                    reason,
                    date: date.unwrap_or_default(),
                },
            )?;
            followed(app, &f, no, json, t, out)
        }
        FindingCmd::FollowUp {
            finding,
            rec,
            status,
            note,
            due,
        } => {
            let due = due.as_deref().map(parse_date).transpose()?;
            let (f, no) = app.follow_up(&finding, rec, &status, note.as_deref(), due)?;
            followed(app, &f, no, json, t, out)
        }
        FindingCmd::Withdraw { finding, reason } => {
            let f = app.withdraw_finding(&finding, &reason)?;
            if json {
                wjson(out, &json!({"id": f.id, "withdrawn": true}))
            } else {
                w(
                    out,
                    t.f(
                        "cli.finding.withdrawn",
                        &[("id", &short_id(&f.id)), ("title", &f.content.title)],
                    ),
                )
            }
        }
    }
}

/// `periksa codes [TABLE]`: the code tables (one, or all three), each code with its text; the
/// codes a finding can take (those no other code refines) are marked.
pub(super) fn codes(
    app: &App,
    table: Option<&str>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    use crate::domain::codes::Table;
    let codes = app.codes()?;
    let tables: Vec<Table> = match table.map(|s| s.trim().to_lowercase()) {
        None => Table::ALL.to_vec(),
        Some(name) => match Table::ALL.into_iter().find(|t| t.key() == name) {
            Some(one) => vec![one],
            None => return Err(crate::app::said("error.cli.codes_table", &[("x", &name)])),
        },
    };
    if json {
        let mut all = serde_json::Map::new();
        for table in &tables {
            let leaves: Vec<&str> = codes
                .leaves(*table)
                .iter()
                .map(|c| c.code.as_str())
                .collect();
            all.insert(
                table.key().to_string(),
                json!(codes
                    .list(*table)
                    .iter()
                    .map(|c| {
                        let mut j = json!({"code": c.code, "text": c.text, "usable": leaves.contains(&c.code.as_str())});
                        if *table == Table::Cause {
                            j["competence"] = json!(codes.is_competence(&c.code));
                        }
                        j
                    })
                    .collect::<Vec<_>>()),
            );
        }
        return wjson(out, &serde_json::Value::Object(all));
    }
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            w(out, String::new())?;
        }
        w(out, t.t(&format!("cli.codes.{}", table.key())))?;
        let leaves: Vec<&str> = codes
            .leaves(*table)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        for c in codes.list(*table) {
            let indent = if leaves.contains(&c.code.as_str()) && c.code.contains('.') {
                "    "
            } else {
                "  "
            };
            let mark = if *table == Table::Cause && c.competence {
                format!("  {}", t.t("cli.codes.competence"))
            } else {
                String::new()
            };
            w(out, format!("{indent}{:<6} {}{mark}", c.code, c.text))?;
        }
    }
    Ok(())
}

/// After an edit: the finding as JSON, or its id and title.
fn done(app: &App, f: &Finding, json: bool, t: &Strings, out: Out<'_>) -> Result<(), AppError> {
    if json {
        return wjson(out, &finding_json(app, f)?);
    }
    w(
        out,
        t.f(
            "cli.finding.saved",
            &[
                ("id", &short_id(&f.id)),
                ("title", &f.content.title),
                ("n", &f.content.recommendations.len()),
            ],
        ),
    )
}

/// After a status was recorded: the recommendation's status.
fn followed(
    app: &App,
    f: &Finding,
    no: u16,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    if json {
        return wjson(out, &finding_json(app, f)?);
    }
    let status = f.status_of(no);
    w(
        out,
        t.f(
            "cli.finding.followed",
            &[
                ("id", &short_id(&f.id)),
                ("no", &no),
                ("status", &status.number()),
                ("label", &status.label_id()),
            ],
        ),
    )
}

fn code_part(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!("[{code}] ")
    }
}

/// `finding show`: the finding's elements, then each recommendation with its follow-up history.
fn show(app: &App, f: &Finding, t: &Strings, out: Out<'_>) -> Result<(), AppError> {
    let c = &f.content;
    let codes = app.codes()?;
    let coded = |table, code: &str| match codes.get(table, code) {
        Some(k) => format!("{} {}", k.code, k.text),
        None => code.to_string(),
    };
    use crate::domain::codes::Table;
    w(
        out,
        t.f(
            "cli.finding.show_head",
            &[
                ("id", &short_id(&f.id)),
                ("severity", &c.severity.label_id()),
                ("title", &c.title),
            ],
        ),
    )?;
    if let Some(r) = app.repeat_of(f)? {
        w(out, super::audit::repeat_line(&r, t))?;
    }
    if !c.code.is_empty() {
        w(
            out,
            t.f(
                "cli.finding.show_code",
                &[("code", &coded(Table::Finding, &c.code))],
            ),
        )?;
    }
    for (key, text) in [
        ("cli.finding.kondisi", &c.kondisi),
        ("cli.finding.kriteria", &c.kriteria),
        ("cli.finding.sebab", &c.sebab),
        ("cli.finding.akibat", &c.akibat),
        ("cli.finding.tanggapan", &c.tanggapan),
    ] {
        if !text.is_empty() {
            w(out, format!("{}: {text}", t.t(key)))?;
        }
    }
    if !c.cause_code.is_empty() {
        w(
            out,
            t.f(
                "cli.finding.show_cause_code",
                &[("code", &coded(Table::Cause, &c.cause_code))],
            ),
        )?;
    }
    let dues = app.followup_dues(f)?;
    for r in &c.recommendations {
        let h = f.history(r.no);
        let status = h.status();
        let due = dues
            .get(&r.no)
            .copied()
            .flatten()
            .map(|d| t.f("cli.finding.due", &[("date", &t.date(d))]))
            .unwrap_or_default();
        w(out, String::new())?;
        w(
            out,
            t.f(
                "cli.finding.show_rec",
                &[
                    ("no", &r.no),
                    ("code", &code_part(&r.code)),
                    ("status", &status.number()),
                    ("label", &status.label_id()),
                    ("due", &due),
                ],
            ),
        )?;
        w(out, format!("  {}", r.text))?;
        if !r.code.is_empty() {
            w(
                out,
                format!(
                    "  {}",
                    t.f(
                        "cli.finding.show_rec_code",
                        &[("code", &coded(Table::Recommendation, &r.code))]
                    )
                ),
            )?;
        }
        if !r.official.is_empty() {
            let mut who = r.official.label();
            if let Some(nip) = &r.official.nip {
                who.push_str(&format!(" (NIP {nip})"));
            }
            w(
                out,
                format!("  {}", t.f("cli.finding.show_official", &[("who", &who)])),
            )?;
        }
        if r.value.is_some() || !h.returned().is_zero() {
            w(
                out,
                format!(
                    "  {}",
                    t.f(
                        "cli.finding.show_money",
                        &[
                            (
                                "value",
                                &r.value.map(|v| t.rupiah(v)).unwrap_or_else(|| "–".into())
                            ),
                            ("returned", &t.rupiah(h.returned())),
                        ]
                    )
                ),
            )?;
        }
        let entries = h.entries_by_date();
        if entries.is_empty() {
            w(out, format!("  {}", t.t("cli.finding.show_no_entries")))?;
        }
        for (i, e) in entries.iter().enumerate() {
            let mut line = t.f(
                "cli.finding.show_entry",
                &[
                    ("n", &(i + 1)),
                    ("date", &t.date(e.date)),
                    ("action", &e.action),
                    ("by", &app.actor_name(&e.by)),
                ],
            );
            if !e.evidence.is_empty() {
                line.push_str(&t.f(
                    "cli.finding.show_evidence",
                    &[("evidence", &e.evidence.join(", "))],
                ));
            }
            if let Some(r) = e.returned {
                line.push_str(&t.f("cli.finding.show_returned", &[("amount", &t.rupiah(r))]));
            }
            w(out, format!("  {line}"))?;
            match h.verification_of(e.id) {
                Some(v) => w(
                    out,
                    format!(
                        "     {}",
                        t.f(
                            match v.verdict() {
                                crate::domain::tlhp::Verdict::Rejected => {
                                    "cli.finding.show_rejected"
                                }
                                _ => "cli.finding.show_accepted",
                            },
                            &[
                                ("n", &v.status.number()),
                                ("label", &v.status.label_id()),
                                ("date", &t.date(v.date)),
                                ("by", &app.actor_name(&v.by)),
                                ("reason", &v.reason),
                            ],
                        )
                    ),
                )?,
                None => w(out, format!("     {}", t.t("cli.finding.show_unverified")))?,
            }
        }
        for v in h.verifications.iter().filter(|v| v.entry.is_none()) {
            w(
                out,
                format!(
                    "  {}",
                    t.f(
                        "cli.finding.show_set",
                        &[
                            ("n", &v.status.number()),
                            ("label", &v.status.label_id()),
                            ("date", &t.date(v.date)),
                            ("by", &app.actor_name(&v.by)),
                            ("reason", &v.reason),
                        ],
                    )
                ),
            )?;
        }
    }
    Ok(())
}

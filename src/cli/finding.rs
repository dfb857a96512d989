//! Findings (temuan): raise, list, follow up and withdraw.

use serde_json::json;

use super::args::FindingCmd;
use super::output::{finding_json, w, wjson, Out};
use crate::app::{App, AppError, NewFinding};
use crate::domain::date::parse_date;
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
            kondisi,
            kriteria,
            sebab,
            akibat,
            rekomendasi,
            tanggapan,
            severity,
            nip,
            item,
        } => {
            let f = app.raise_finding(
                &audit,
                NewFinding {
                    title,
                    kondisi,
                    kriteria,
                    sebab,
                    akibat,
                    rekomendasi,
                    tanggapan,
                    severity,
                    nips: nip,
                    items: item,
                },
            )?;
            if json {
                wjson(out, &finding_json(&f, None))
            } else {
                w(out, f.id.to_string())
            }
        }
        FindingCmd::List { audit } => {
            let v = app.audit_view(&audit)?;
            if json {
                return wjson(
                    out,
                    &json!(v
                        .findings
                        .iter()
                        .map(|f| finding_json(f, v.followup_due(f)))
                        .collect::<Vec<_>>()),
                );
            }
            for f in &v.findings {
                let due = v
                    .followup_due(f)
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
                            ("status", &f.followup.status.number()),
                            ("label", &f.followup.status.label_id()),
                            ("due", &due),
                        ],
                    ),
                )?;
            }
            Ok(())
        }
        FindingCmd::FollowUp {
            finding,
            status,
            note,
            due,
        } => {
            let due = due.as_deref().map(parse_date).transpose()?;
            let f = app.follow_up(&finding, &status, note.as_deref(), due)?;
            if json {
                wjson(out, &finding_json(&f, f.followup.due))
            } else {
                w(
                    out,
                    t.f(
                        "cli.finding.followed",
                        &[
                            ("id", &short_id(&f.id)),
                            ("status", &f.followup.status.number()),
                            ("label", &f.followup.status.label_id()),
                        ],
                    ),
                )
            }
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

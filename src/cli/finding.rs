//! Findings (temuan): raise, list, follow up and withdraw.

use serde_json::json;

use super::args::FindingCmd;
use super::output::{finding_json, w, wjson, Out};
use crate::app::{App, AppError, NewFinding};
use crate::domain::date::parse_date;
use crate::present::{date_id, short_id};

pub(super) fn finding(
    app: &mut App,
    cmd: FindingCmd,
    json: bool,
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
                w(
                    out,
                    format!(
                        "{}  [{}] {}  tindak lanjut {} ({}){}",
                        short_id(&f.id),
                        f.content.severity.label_id(),
                        f.content.title,
                        f.followup.status.number(),
                        f.followup.status.label_id(),
                        v.followup_due(f)
                            .map(|d| format!(", batas {}", date_id(d)))
                            .unwrap_or_default()
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
                    format!(
                        "{}: tindak lanjut {} ({})",
                        short_id(&f.id),
                        f.followup.status.number(),
                        f.followup.status.label_id()
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
                    format!("{}: temuan ditarik ({})", short_id(&f.id), f.content.title),
                )
            }
        }
    }
}

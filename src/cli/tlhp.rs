//! `periksa tlhp`: the follow-up register, and its semester recap per agency.

use serde_json::{json, Value};

use super::output::{w, wjson, Out};
use crate::app::{self, tlhp_recap, App, AppError, TlhpFilter, TlhpRow};
use crate::domain::followup::FollowUpStatus;
use crate::domain::money::Rupiah;
use crate::domain::tlhp::Recap;
use crate::present::short_id;
use crate::text::{Lang, Strings};

/// What `tlhp` was asked for.
pub(super) struct TlhpQuery {
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub semester: Option<u8>,
    pub status: Option<String>,
    pub overdue: bool,
    pub recap: bool,
    pub output: Option<std::path::PathBuf>,
    pub report_settings: Option<std::path::PathBuf>,
}

fn status_label(s: FollowUpStatus, t: &Strings) -> String {
    let label = match t.lang {
        Lang::Id => s.label_id(),
        Lang::En => s.label_en(),
    };
    format!("{} {label}", s.number())
}

/// Rupiah as JSON: a decimal text in rupiah (`"1250000.50"`), never a float.
fn money(r: Rupiah) -> String {
    let (whole, sen) = r.parts();
    format!("{whole}.{sen:02}")
}

fn recap_json(r: &Recap) -> Value {
    json!({
        "findings": r.findings,
        "recommendations": r.recommendations,
        "value": money(r.value),
        "returned": money(r.returned),
        "by_status": {
            "1": r.by_status[0], "2": r.by_status[1], "3": r.by_status[2], "4": r.by_status[3],
        },
        "percent": {
            "1": r.percent(1), "2": r.percent(2), "3": r.percent(3), "4": r.percent(4),
        },
    })
}

pub(super) fn row_json(r: &TlhpRow) -> Value {
    json!({
        "agency": r.agency,
        "agency_name": r.agency_name,
        "audit": r.audit,
        "audit_title": r.audit_title,
        "lhp_number": r.lhp_number,
        "lhp_date": r.lhp_date,
        "semester": format!("{}-S{}", r.semester().year, r.semester().half),
        "finding": r.finding,
        "finding_title": r.finding_title,
        "finding_code": r.finding_code,
        "no": r.no,
        "code": r.code,
        "recommendation": r.recommendation,
        "official": r.official,
        "value": r.value.map(money),
        "returned": money(r.returned),
        "entries": r.entries,
        "unverified": r.unverified,
        "status": r.status.number(),
        "due": r.due,
        "days_overdue": r.overdue,
    })
}

/// `1: 2 (50,0%)  2: …` — the counts of a recap by status, the language's way.
fn by_status(r: &Recap, t: &Strings) -> String {
    (1..=4u8)
        .map(|n| {
            let count = r.by_status[usize::from(n - 1)];
            match r.percent(n) {
                Some(p) => format!("{n}: {} ({})", t.count(count as u64), t.percent(p)),
                None => format!("{n}: 0"),
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

pub(super) fn tlhp(
    app: &App,
    q: TlhpQuery,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let status = q.status.as_deref().map(FollowUpStatus::parse).transpose()?;
    let filter = TlhpFilter {
        agency: q.agency,
        year: q.year,
        semester: q.semester,
        status,
        overdue: q.overdue,
    };
    let rows = app.tlhp(&filter, app::today())?;
    let (per_agency, total) = tlhp_recap(&rows);
    let written = match &q.output {
        Some(path) => Some(app.export_tlhp(&rows, path, q.report_settings.as_deref())?),
        None => None,
    };
    if json {
        let mut j = json!({ "rows": rows.iter().map(row_json).collect::<Vec<_>>() });
        if let Some(f) = &written {
            j["written"] = json!({"path": f.path, "bytes": f.bytes});
        }
        if q.recap {
            j["recap"] = json!({
                "agencies": per_agency.iter().map(|(code, name, r)| {
                    let mut v = recap_json(r);
                    v["agency"] = json!(code);
                    v["agency_name"] = json!(name);
                    v
                }).collect::<Vec<_>>(),
                "total": recap_json(&total),
            });
        }
        return wjson(out, &j);
    }
    let open = rows
        .iter()
        .filter(|r| crate::domain::tlhp::is_open(r.status))
        .count();
    let late = rows.iter().filter(|r| r.overdue.is_some()).count();
    w(
        out,
        t.f(
            "cli.tlhp.head",
            &[
                ("n", &t.count(rows.len() as u64)),
                ("open", &t.count(open as u64)),
                ("late", &t.count(late as u64)),
            ],
        ),
    )?;
    if rows.is_empty() {
        w(out, t.t("cli.tlhp.none"))?;
    }
    for r in &rows {
        let (lhp, due) = (lhp_cell(r, t), due_cell(r, t));
        w(
            out,
            format!(
                "{}  {}  {}  [{}]  {}",
                r.agency,
                lhp,
                status_label(r.status, t),
                due,
                short_id(&r.finding)
            ),
        )?;
        let code = if r.code.is_empty() {
            String::new()
        } else {
            format!("[{}] ", r.code)
        };
        w(
            out,
            format!(
                "    {} — {}. {code}{}",
                r.finding_title,
                r.no,
                r.recommendation.replace('\n', " ")
            ),
        )?;
        if r.value.is_some() || r.unverified > 0 {
            let mut facts = Vec::new();
            if let Some(v) = r.value {
                facts.push(t.f(
                    "cli.tlhp.money",
                    &[("value", &t.rupiah(v)), ("returned", &t.rupiah(r.returned))],
                ));
            }
            if r.unverified > 0 {
                facts.push(t.f(
                    "cli.tlhp.unverified",
                    &[("n", &t.count(r.unverified as u64))],
                ));
            }
            w(out, format!("    {}", facts.join("; ")))?;
        }
    }
    if q.recap {
        w(out, format!("\n{}", t.t("cli.tlhp.recap")))?;
        for (code, name, r) in &per_agency {
            w(
                out,
                t.f(
                    "cli.tlhp.recap_row",
                    &[
                        ("agency", &format!("{code} {name}")),
                        ("findings", &t.count(r.findings as u64)),
                        ("recommendations", &t.count(r.recommendations as u64)),
                        ("status", &by_status(r, t)),
                        ("value", &t.rupiah(r.value)),
                        ("returned", &t.rupiah(r.returned)),
                    ],
                ),
            )?;
        }
        w(
            out,
            t.f(
                "cli.tlhp.recap_row",
                &[
                    ("agency", &t.t("cli.tlhp.total")),
                    ("findings", &t.count(total.findings as u64)),
                    ("recommendations", &t.count(total.recommendations as u64)),
                    ("status", &by_status(&total, t)),
                    ("value", &t.rupiah(total.value)),
                    ("returned", &t.rupiah(total.returned)),
                ],
            ),
        )?;
    }
    if let Some(f) = &written {
        w(
            out,
            t.f(
                "cli.export.wrote_document",
                &[("path", &f.path.display()), ("bytes", &t.count(f.bytes))],
            ),
        )?;
    }
    Ok(())
}

/// A register row's LHP as the CLI writes it: its number and date, or the date alone.
pub(super) fn lhp_cell(r: &TlhpRow, t: &Strings) -> String {
    if r.lhp_number.is_empty() {
        t.date(r.lhp_date)
    } else {
        format!("{} ({})", r.lhp_number, t.date(r.lhp_date))
    }
}

/// A register row's due date as the CLI writes it, with the days late when it is overdue.
pub(super) fn due_cell(r: &TlhpRow, t: &Strings) -> String {
    match (r.due, r.overdue) {
        (Some(d), Some(n)) => t.f(
            "cli.tlhp.overdue",
            &[("due", &t.date(d)), ("n", &t.count(n.unsigned_abs()))],
        ),
        (Some(d), None) => t.f("cli.tlhp.due", &[("due", &t.date(d))]),
        (None, _) => t.t("cli.tlhp.no_due").to_string(),
    }
}

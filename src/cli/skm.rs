//! `periksa skm`: a service unit's public-satisfaction survey read from its file and its IKM worked out, shown step by step.

use serde_json::json;

use super::args::SkmCmd;
use super::output::{w, wjson, Out};
use crate::app::{App, AppError, SkmOptions, SkmReport};
use crate::domain::skm::Band;
use crate::text::{Lang, Strings};

pub(super) fn skm(
    app: &mut App,
    cmd: SkmCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        SkmCmd::Import {
            file,
            unit,
            period,
            population,
            map,
            audit,
            item,
        } => {
            let opts = SkmOptions {
                unit,
                period,
                population,
                map,
                record: audit.map(|a| (a, item)),
            };
            let r = app.skm_import(&file, &opts)?;
            if json {
                return wjson(out, &report_json(&r));
            }
            show(&r, t, out)
        }
    }
}

fn kinerja<'a>(b: &'a Band, t: &Strings) -> &'a str {
    match t.lang {
        Lang::Id => &b.kinerja,
        Lang::En => &b.kinerja_en,
    }
}

fn report_json(r: &SkmReport) -> serde_json::Value {
    let res = &r.result;
    json!({
        "file": r.survey.file,
        "sheet": r.survey.sheet,
        "sha256": hex::encode(r.sha256),
        "unit": r.unit,
        "period": r.period,
        "respondents": res.respondents,
        "unsur": res.unsur.iter().enumerate().map(|(i, u)| json!({
            "no": i + 1,
            "name": r.names.get(i),
            "total": u.total,
            "nrr": u.nrr,
            "weighted": u.weighted,
        })).collect::<Vec<_>>(),
        "interval": res.interval,
        "ikm": res.ikm.value(),
        "mutu": r.band.mutu,
        "kinerja": r.band.kinerja,
        "rounded_weight": r.rounded.as_ref().map(|(ikm, band)| json!({
            "weight": r.rounded_weight,
            "ikm": ikm.value(),
            "mutu": band.mutu,
            "kinerja": band.kinerja,
        })),
        "weakest": res.weakest.iter().map(|&i| i + 1).collect::<Vec<_>>(),
        "old_form": r.old_form,
        "population": r.population.map(|(n, min)| json!({"population": n, "min_sample": min, "enough": res.respondents >= min})),
        "columns": r.survey.columns.iter().map(|c| json!({"unsur": c.unsur + 1, "header": c.header})).collect::<Vec<_>>(),
        "ignored": r.survey.ignored,
        "particulars": r.survey.particulars,
        "recorded": r.recorded.as_ref().map(|x| json!({"audit": x.audit, "item": x.item, "changed": x.changed})),
        "earlier": r.earlier.iter().map(|e| json!({
            "audit": e.audit,
            "title": e.title,
            "audit_period": e.audit_period,
            "unit": e.survey.unit,
            "period": e.survey.period,
            "respondents": e.survey.respondents,
            "ikm": e.survey.ikm().value(),
            "mutu": e.survey.mutu,
        })).collect::<Vec<_>>(),
    })
}

/// A survey recorded with an audit, as `audit show --json` gives it.
pub(super) fn survey_json(s: &crate::domain::skm::SurveyRecord) -> serde_json::Value {
    json!({
        "item": s.item,
        "file": s.file,
        "sha256": hex::encode(s.sha256),
        "unit": s.unit,
        "period": s.period,
        "respondents": s.respondents,
        "unsur": s.totals.iter().enumerate().map(|(i, total)| json!({
            "no": i + 1,
            "name": s.names.get(i),
            "total": total,
            "nrr": s.nrr(i),
        })).collect::<Vec<_>>(),
        "interval": s.interval(),
        "ikm": s.ikm().value(),
        "ikm_rounded_weight": s.ikm_rounded.map(|x| f64::from(x) / 100.0),
        "mutu": s.mutu,
        "kinerja": s.kinerja,
        "weakest": s.weakest().iter().map(|&i| i + 1).collect::<Vec<_>>(),
        "population": s.population.map(|(n, min)| json!({"population": n, "min_sample": min, "enough": !s.sample_short()})),
    })
}

/// An earlier IKM of the unit as a list entry: "2025-S1 (Pemeriksaan …): 78,12 B".
pub(super) fn earlier_text(e: &crate::app::EarlierIkm, t: &Strings) -> String {
    let when = e.when();
    format!(
        "{when} ({}): {} {}",
        e.title,
        t.fixed(e.survey.ikm().value(), 2),
        e.survey.mutu
    )
}

fn show(r: &SkmReport, t: &Strings, out: Out<'_>) -> Result<(), AppError> {
    let res = &r.result;
    let mut head = t.t("cli.skm.title").to_string();
    for part in [&r.unit, &r.period].into_iter().flatten() {
        head.push_str(" · ");
        head.push_str(part);
    }
    w(out, head)?;
    w(
        out,
        t.f(
            "cli.skm.file",
            &[
                ("file", &r.survey.file),
                ("sha", &hex::encode(&r.sha256[..6])),
                ("n", &t.count(res.respondents)),
            ],
        ),
    )?;
    w(out, String::new())?;
    let name_w = r
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("U{} {n}", i + 1).chars().count())
        .max()
        .unwrap_or(10)
        .max(t.t("cli.skm.col_unsur").chars().count());
    w(
        out,
        format!(
            "{:<name_w$}  {:>8}  {:>6}  {:>14}",
            t.t("cli.skm.col_unsur"),
            t.t("cli.skm.col_total"),
            "NRR",
            t.t("cli.skm.col_weighted"),
        ),
    )?;
    for (i, u) in res.unsur.iter().enumerate() {
        let name = format!("U{} {}", i + 1, r.names.get(i).map_or("", String::as_str));
        w(
            out,
            format!(
                "{name:<name_w$}  {:>8}  {:>6}  {:>14}",
                t.count(u.total),
                t.fixed(u.nrr, 2),
                t.fixed(u.weighted, 3),
            ),
        )?;
    }
    w(out, String::new())?;
    w(
        out,
        t.f(
            "cli.skm.interval",
            &[("k", &res.unsur.len()), ("ni", &t.fixed(res.interval, 3))],
        ),
    )?;
    w(
        out,
        t.f(
            "cli.skm.ikm",
            &[
                ("ni", &t.fixed(res.interval, 3)),
                ("ikm", &t.fixed(res.ikm.value(), 2)),
                ("mutu", &r.band.mutu),
                ("kinerja", &kinerja(&r.band, t)),
            ],
        ),
    )?;
    if let Some((ikm, band)) = &r.rounded {
        w(
            out,
            t.f(
                "cli.skm.rounded",
                &[
                    ("weight", &t.fixed(r.rounded_weight, 2)),
                    ("ikm", &t.fixed(ikm.value(), 2)),
                    ("mutu", &band.mutu),
                    ("kinerja", &kinerja(band, t)),
                ],
            ),
        )?;
    }
    let weakest: Vec<String> = res
        .weakest
        .iter()
        .map(|&i| {
            format!(
                "U{} {} ({})",
                i + 1,
                r.names.get(i).map_or("", String::as_str),
                t.fixed(res.unsur[i].nrr, 2)
            )
        })
        .collect();
    w(
        out,
        t.f("cli.skm.weakest", &[("list", &weakest.join("; "))]),
    )?;
    if r.old_form {
        w(out, t.f("cli.skm.old_form", &[("k", &res.unsur.len())]))?;
    }
    if let Some((population, min)) = r.population {
        let key = if r.sample_short().is_some() {
            "cli.skm.sample_short"
        } else {
            "cli.skm.sample_ok"
        };
        w(
            out,
            t.f(
                key,
                &[
                    ("n", &t.count(res.respondents)),
                    ("min", &t.count(min)),
                    ("population", &t.count(population)),
                ],
            ),
        )?;
    }
    if !r.survey.particulars.is_empty() {
        let parts: Vec<String> = r
            .survey
            .particulars
            .iter()
            .map(|(field, counts)| {
                let mut by: Vec<(&String, &u64)> = counts.iter().collect();
                by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let shown: Vec<String> = by
                    .iter()
                    .take(6)
                    .map(|(v, n)| format!("{v} {}", t.count(**n)))
                    .collect();
                let more = if by.len() > 6 { ", …" } else { "" };
                format!(
                    "{}: {}{more}",
                    t.t(&format!("cli.skm.particular_{field}")),
                    shown.join(", ")
                )
            })
            .collect();
        w(
            out,
            t.f("cli.skm.particulars", &[("list", &parts.join("; "))]),
        )?;
    }
    if let Some(x) = &r.recorded {
        let key = if x.changed {
            "cli.skm.recorded"
        } else {
            "cli.skm.recorded_same"
        };
        w(
            out,
            t.f(
                key,
                &[
                    ("item", &x.item),
                    ("audit", &crate::present::short_id(&x.audit)),
                    ("ikm", &t.fixed(res.ikm.value(), 2)),
                ],
            ),
        )?;
    }
    if !r.earlier.is_empty() {
        let list: Vec<String> = r.earlier.iter().map(|e| earlier_text(e, t)).collect();
        w(out, t.f("cli.skm.earlier", &[("list", &list.join("; "))]))?;
    }
    if !r.survey.ignored.is_empty() {
        w(
            out,
            t.f("cli.skm.ignored", &[("list", &r.survey.ignored.join("; "))]),
        )?;
    }
    Ok(())
}

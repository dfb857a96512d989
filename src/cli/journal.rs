//! The trail and the journal itself: `log`, `verify` and `rebuild`.

use serde_json::{json, Value};

use super::output::{event_json, w, wjson, Out};
use crate::app::{self, describe_in, short_hash, App, AppError, EventFilter, Kind};
use crate::domain::date::parse_date;
use crate::text::Strings;

/// What `log` is asked to show: its filters as given on the command line.
pub(super) struct LogQuery {
    pub(super) audit: Option<String>,
    pub(super) actor: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) since: Option<String>,
    pub(super) until: Option<String>,
    pub(super) limit: usize,
}

pub(super) fn log(
    app: &App,
    q: LogQuery,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let LogQuery {
        audit,
        actor,
        kind,
        since,
        until,
        limit,
    } = q;
    let mut filter = EventFilter::default();
    if let Some(a) = audit {
        filter.audit = Some(app.resolve_audit(&a)?.id);
    }
    if let Some(a) = actor {
        filter.actor = Some(app.find_profile(&a)?.id);
    }
    if let Some(k) = kind {
        filter.kind = Some(Kind::from_code(k.trim()).ok_or_else(|| {
            app::said(
                "error.cli.unknown_kind",
                &[
                    ("x", &k),
                    ("kinds", &Kind::ALL.map(|k| k.code()).join(", ")),
                ],
            )
        })?);
    }
    let since = since.map(|s| parse_date(&s).map(|d| (s, d))).transpose()?;
    let until = until.map(|u| parse_date(&u).map(|d| (u, d))).transpose()?;
    if let (Some((s, from)), Some((u, to))) = (&since, &until) {
        if to < from {
            return Err(AppError::Usage(t.f(
                "error.cli.since_after_until",
                &[
                    ("since", &format!("{s:?}")),
                    ("from", &t.date(*from)),
                    ("until", &format!("{u:?}")),
                    ("to", &t.date(*to)),
                ],
            )));
        }
    }
    let (since, until) = (since.map(|(_, d)| d), until.map(|(_, d)| d));
    (filter.since_ms, filter.until_ms) = app::DateRange {
        from: since,
        to: until,
    }
    .bounds_ms();
    let mut keys: std::collections::HashMap<crate::domain::Id, String> = Default::default();
    for e in app.log(&filter, limit)? {
        let key = match keys.get(&e.body.device) {
            Some(k) => k.clone(),
            None => {
                let k = app
                    .device_label(&e.body.device)?
                    .map(|(_, fp)| fp)
                    .unwrap_or_else(|| t.t("cli.log.unknown_key").to_string());
                keys.insert(e.body.device, k.clone());
                k
            }
        };
        if json {
            let mut v = event_json(app, &e);
            v["device_key"] = Value::String(key);
            wjson(out, &v)?;
        } else {
            let short: String = key.chars().take(8).collect();
            w(
                out,
                t.f(
                    "cli.log.line",
                    &[
                        ("at", &t.datetime(e.at())),
                        ("kind", &format!("{:<18}", e.kind().code())),
                        ("who", &format!("{:<22}", app.actor_name(&e.body.actor))),
                        ("key", &short),
                        ("summary", &describe_in(&e, t)),
                    ],
                ),
            )?;
        }
    }
    Ok(())
}

pub(super) fn verify(app: &App, json: bool, t: &Strings, out: Out<'_>) -> Result<(), AppError> {
    let r = app.verify()?;
    if json {
        wjson(
            out,
            &json!({
                "ok": r.ok(),
                "events": r.events,
                "journal_bytes": r.journal_bytes,
                "chains": r.chains.iter().map(|c| json!({
                    "device": c.device,
                    "key": app.device_label(&c.device).ok().flatten().map(|(_, fp)| fp),
                    "events": c.events,
                    "head": hex::encode(c.head), "broken_at": c.broken_at,
                })).collect::<Vec<_>>(),
                "problems": r.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        for c in &r.chains {
            let status = match c.broken_at {
                None => t.t("cli.verify.verified").to_string(),
                Some(n) => t.f("cli.verify.broken", &[("n", &n)]),
            };
            let key = app
                .device_label(&c.device)?
                .map_or_else(|| t.t("cli.log.unknown_key").to_string(), |(_, fp)| fp);
            w(
                out,
                t.f(
                    "cli.verify.chain",
                    &[
                        ("device", &c.device),
                        ("key", &key),
                        ("events", &t.count(c.events)),
                        ("head", &short_hash(&c.head)),
                        ("status", &status),
                    ],
                ),
            )?;
        }
        for p in &r.problems {
            let message = app::verify_problem_message(p, t);
            w(out, t.f("cli.verify.problem", &[("message", &message)]))?;
        }
        if r.ok() {
            w(
                out,
                t.f(
                    "cli.verify.ok",
                    &[
                        ("events", &t.count(r.events)),
                        ("chains", &r.chains.len()),
                        ("bytes", &t.count(r.journal_bytes)),
                    ],
                ),
            )?;
        }
    }
    if r.ok() {
        Ok(())
    } else {
        Err(app::said(
            "error.cli.verify_failed",
            &[
                ("n", &r.problems.len()),
                (
                    "first",
                    &r.problems
                        .first()
                        .map(|p| app::verify_problem_message(p, t))
                        .unwrap_or_default(),
                ),
            ],
        ))
    }
}

pub(super) fn rebuild(
    app: &mut App,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    // how far it has got, on stderr (stdout keeps the result alone); stopped by Ctrl-c, the live
    // data are as they were: the new ones are built apart and swapped in at the end
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    let mut last: Option<u64> = None;
    let saves = app.rebuild_with(&mut |s| {
        let p = s.done.saturating_mul(100) / s.total.max(1);
        if last != Some(p) {
            let line = t.f("cli.rebuilding", &[("percent", &p)]);
            if tty {
                eprint!("\r{line}");
                if p == 100 {
                    eprintln!();
                }
            } else if last.is_none_or(|l| p / 25 > l / 25) {
                eprintln!("{line}");
            }
            last = Some(p);
        }
        crate::app::Flow::Go
    })?;
    if json {
        wjson(out, &json!({"saves": saves}))
    } else {
        w(
            out,
            t.f("cli.rebuild.done", &[("saves", &t.count(saves as u64))]),
        )
    }
}

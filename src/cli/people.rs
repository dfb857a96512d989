//! Who works here: auditor profiles on this laptop, the ASN roster and the agencies (OPD).

use serde_json::{json, Value};

use super::args::{AgencyCmd, ProfileCmd, RosterCmd};
use super::output::{employee_json, profile_json, w, wjson, Out};
use super::parse_role;
use crate::app::{self, App, AppError, ImportReport};
use crate::present::short_id;
use crate::text::Strings;

/// On stderr, what roster import would warn about this NIP (the command has succeeded).
pub(super) fn warn_nip(nip: Option<&str>, t: &Strings) {
    for warning in nip.map(|n| app::nip_warnings_in(n, t)).unwrap_or_default() {
        let message = format!("NIP {warning}");
        eprintln!("{}", t.f("cli.warning", &[("message", &message)]));
    }
}

pub(super) fn profile(
    app: &mut App,
    cmd: ProfileCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        ProfileCmd::Add { name, nip, role } => {
            let p = app.profile_add(&name, nip.as_deref(), parse_role(&role)?)?;
            warn_nip(nip.as_deref(), t);
            if json {
                wjson(out, &profile_json(&p))
            } else {
                w(
                    out,
                    t.f(
                        "cli.profile.added",
                        &[
                            ("id", &short_id(&p.id)),
                            ("name", &p.name),
                            ("role", &p.role.label_id()),
                        ],
                    ),
                )
            }
        }
        ProfileCmd::Use { profile } => {
            let p = app.profile_use(&profile)?;
            if json {
                wjson(out, &profile_json(&p))
            } else {
                w(
                    out,
                    t.f(
                        "cli.profile.current",
                        &[("name", &p.name), ("role", &p.role.label_id())],
                    ),
                )
            }
        }
        ProfileCmd::List => {
            let current = app.current_profile().ok().map(|p| p.id);
            let ps = app.profiles()?;
            if json {
                let list: Vec<Value> = ps
                    .iter()
                    .map(|p| {
                        let mut v = profile_json(p);
                        v["current"] = json!(Some(p.id) == current);
                        v
                    })
                    .collect();
                return wjson(out, &json!(list));
            }
            for p in ps {
                w(
                    out,
                    format!(
                        "{} {}  {:<30} {:<24} {}",
                        if Some(p.id) == current { "*" } else { " " },
                        short_id(&p.id),
                        p.name,
                        p.nip.as_ref().map(|n| n.to_string()).unwrap_or_default(),
                        p.role.label_id()
                    ),
                )?;
            }
            Ok(())
        }
    }
}

pub(super) fn import_report(
    out: Out<'_>,
    what: &str,
    r: &ImportReport,
    json: bool,
    t: &Strings,
) -> Result<(), AppError> {
    if json {
        return wjson(
            out,
            &json!({
                "added": r.added, "updated": r.updated, "unchanged": r.unchanged,
                "skipped": r.skipped.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                "warnings": r.warnings.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            }),
        );
    }
    for p in &r.warnings {
        let message = app::problem_message(p, t);
        w(out, t.f("cli.warning", &[("message", &message)]))?;
    }
    for p in &r.skipped {
        let message = app::problem_message(p, t);
        w(out, t.f("cli.import.skipped", &[("message", &message)]))?;
    }
    w(
        out,
        t.f(
            "cli.import.report",
            &[
                ("what", &t.t(what)),
                ("added", &t.count(r.added as u64)),
                ("updated", &t.count(r.updated as u64)),
                ("unchanged", &t.count(r.unchanged as u64)),
                ("skipped", &t.count(r.skipped.len() as u64)),
            ],
        ),
    )
}

pub(super) fn roster(
    app: &mut App,
    cmd: RosterCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        RosterCmd::Import { file, skip_invalid } => {
            let bytes = app::read_roster_file(&file)?;
            let r = app.import_roster(&file.display().to_string(), &bytes, skip_invalid)?;
            import_report(out, "cli.import.roster", &r, json, t)
        }
        RosterCmd::List { query, limit } => {
            let list = app.search_employees(query.as_deref(), limit)?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(employee_json).collect::<Vec<_>>()),
                );
            }
            for e in list {
                w(
                    out,
                    format!(
                        "{}  {:<36} {:<40} {:<12}",
                        e.nip, e.name, e.position, e.agency
                    ),
                )?;
            }
            Ok(())
        }
    }
}

pub(super) fn agency(
    app: &mut App,
    cmd: AgencyCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        AgencyCmd::Import { file, skip_invalid } => {
            let bytes = app::read_roster_file(&file)?;
            let r = app.import_agencies(&file.display().to_string(), &bytes, skip_invalid)?;
            import_report(out, "cli.import.agencies", &r, json, t)
        }
        AgencyCmd::List => {
            let list = app.agencies()?;
            if json {
                return wjson(
                    out,
                    &json!(list
                        .iter()
                        .map(|a| json!({"code": a.code, "name": a.name, "kind": a.kind, "region": a.region}))
                        .collect::<Vec<_>>()),
                );
            }
            for a in list {
                w(out, format!("{:<14} {:<60} {}", a.code, a.name, a.region))?;
            }
            Ok(())
        }
    }
}

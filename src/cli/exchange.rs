//! Files that leave or enter the store: exports, findings files, spreadsheets edited and imported back,
//! backups and restores, passphrases and age identities.

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use serde_json::{json, Value};

use super::args::Secret;
use super::conflicts::conflict_lines;
use super::interactive;
use super::output::{conflict_json, profile_json, w, wjson, Out};
use crate::app::{self, App, AppError, Format, Kind, Seal, Unseal};
use crate::present::short_id;
use crate::text::Strings;

/// The passphrase the flags ask for, if any (`confirm`: ask twice when typed).
pub(super) fn passphrase(
    secret: &Secret,
    confirm: bool,
    t: &Strings,
) -> Result<Option<SecretString>, AppError> {
    if let Some(path) = &secret.passphrase_file {
        let text = std::fs::read_to_string(path).map_err(|source| AppError::File {
            path: path.display().to_string(),
            source,
        })?;
        let line = text.lines().next().unwrap_or("").to_string();
        if line.is_empty() {
            return Err(app::said(
                "error.cli.passphrase_file_empty",
                &[("file", &path.display())],
            ));
        }
        return Ok(Some(SecretString::from(line)));
    }
    if !secret.passphrase {
        return Ok(None);
    }
    if let Ok(p) = std::env::var("PERIKSA_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(Some(SecretString::from(p)));
        }
    }
    if !interactive() {
        return Err(app::said("error.cli.passphrase_no_terminal", &[]));
    }
    let first =
        crate::tui::read_secret(t.t("cli.passphrase.ask")).map_err(|source| AppError::File {
            path: "terminal".into(),
            source,
        })?;
    if first.is_empty() {
        return Err(app::said("error.cli.passphrase_empty", &[]));
    }
    if confirm
        && crate::tui::read_secret(t.t("cli.passphrase.again")).map_err(|source| {
            AppError::File {
                path: "terminal".into(),
                source,
            }
        })? != first
    {
        return Err(app::said("error.cli.passphrases_differ", &[]));
    }
    Ok(Some(SecretString::from(first)))
}

pub(super) fn unseal_of(
    secret: &Secret,
    identity: Option<PathBuf>,
    t: &Strings,
) -> Result<Unseal, AppError> {
    Ok(match (passphrase(secret, false, t)?, identity) {
        (Some(_), Some(_)) => return Err(app::said("error.cli.passphrase_or_identity", &[])),
        (Some(p), None) => Unseal::Passphrase(p),
        (None, Some(f)) => Unseal::IdentityFile(f),
        (None, None) => Unseal::None,
    })
}

/// How a findings file is to be sealed: the passphrase flags or the age recipients, not both.
pub(super) fn seal_of(
    secret: &Secret,
    encrypt_to: Vec<String>,
    t: &Strings,
) -> Result<Seal, AppError> {
    Ok(
        match (passphrase(secret, true, t)?, encrypt_to.is_empty()) {
            (Some(_), false) => return Err(app::said("error.cli.passphrase_or_recipient", &[])),
            (Some(p), true) => Seal::Passphrase(p),
            (None, false) => Seal::Recipients(encrypt_to),
            (None, true) => Seal::Plain,
        },
    )
}

/// What a findings file or a backup holds, by the key for a plain file or the one for an
/// encrypted file.
fn written(r: &app::BundleReport, [plain, encrypted]: [&str; 2], t: &Strings) -> String {
    let key = if r.encrypted { encrypted } else { plain };
    t.f(
        key,
        &[
            ("path", &r.path.display()),
            ("bytes", &t.count(r.bytes)),
            ("events", &t.count(r.events)),
            ("stubs", &t.count(r.stubs)),
            ("devices", &r.devices),
        ],
    )
}

pub(super) fn export_bundle(
    app: &App,
    audit: &str,
    output: &Path,
    seal: &Seal,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let r = app.export_bundle(audit, output, seal)?;
    if json {
        return wjson(
            out,
            &json!({
                "format": "bundle", "path": r.path, "bytes": r.bytes, "events": r.events,
                "stubs": r.stubs, "devices": r.devices, "encrypted": r.encrypted,
            }),
        );
    }
    w(
        out,
        written(&r, ["cli.bundle.wrote", "cli.bundle.wrote_encrypted"], t),
    )?;
    if !r.encrypted {
        w(out, t.t("cli.bundle.not_encrypted"))?;
    }
    Ok(())
}

pub(super) fn import(
    app: &mut App,
    file: &Path,
    secret: &Secret,
    identity: Option<PathBuf>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let unseal = unseal_of(secret, identity, t)?;
    let r = app.import_bundle(file, &unseal)?;
    let conflicts: Vec<Value> = r.conflicts.iter().map(conflict_json).collect();
    if json {
        return wjson(
            out,
            &json!({
                "sender": r.sender_name, "sender_key": r.sender_key, "audit": r.audit,
                "audit_title": r.audit_title, "added": r.added, "stubs": r.stubs,
                "known": r.known, "by_kind": r.by_kind, "unread": r.unread,
                "conflicts": conflicts,
            }),
        );
    }
    if r.added == 0 && r.stubs == 0 {
        w(
            out,
            t.f(
                "cli.import.nothing_new",
                &[
                    ("known", &t.count(r.known)),
                    ("sender", &r.sender_name),
                    ("key", &r.sender_key),
                ],
            ),
        )?;
    } else {
        let n = |k: Kind| t.count(r.count(k));
        w(
            out,
            t.f(
                "cli.import.merged",
                &[
                    ("sender", &r.sender_name),
                    ("key", &r.sender_key),
                    ("title", &r.title_in(t)),
                    ("added", &t.count(r.added)),
                    ("responses", &n(Kind::ResponseRecorded)),
                    ("findings", &n(Kind::FindingRaised)),
                    ("edits", &n(Kind::FindingUpdated)),
                    ("followups", &n(Kind::FollowUpRecorded)),
                    ("ratings", &n(Kind::RatingRecommended)),
                    ("stubs", &t.count(r.stubs)),
                    ("known", &t.count(r.known)),
                ],
            ),
        )?;
    }
    if r.unread > 0 {
        w(out, t.f("exchange.unread", &[("n", &t.count(r.unread))]))?;
    }
    if r.conflicts.is_empty() {
        w(out, t.t("cli.import.no_conflicts"))?;
    } else {
        w(
            out,
            t.f(
                "cli.import.conflicts",
                &[("n", &t.count(r.conflicts.len() as u64))],
            ),
        )?;
        for c in &r.conflicts {
            conflict_lines(c, t, out)?;
        }
    }
    Ok(())
}

pub(super) fn identity_new(
    file: &Path,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let public = app::new_identity_file(file)?;
    if json {
        return wjson(out, &json!({"identity": file, "recipient": public}));
    }
    w(
        out,
        t.f(
            "cli.identity.wrote",
            &[("file", &file.display()), ("recipient", &public)],
        ),
    )
}

/// What `export` of tables or a report is asked to write.
pub(super) struct ExportRun<'a> {
    pub(super) audit: &'a str,
    pub(super) format: Option<&'a str>,
    pub(super) output: &'a Path,
    pub(super) options: app::ExportOptions,
}

pub(super) fn export(
    app: &App,
    run: &ExportRun<'_>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let ExportRun {
        audit,
        format,
        output,
        ref options,
    } = *run;
    let format = match format {
        Some(f) => Format::parse(f)?,
        None => output
            .extension()
            .and_then(|e| Format::parse(&e.to_string_lossy()).ok())
            .filter(|f| *f != Format::Csv)
            .ok_or_else(|| app::said("error.cli.which_format", &[("file", &output.display())]))?,
    };
    let report = app.export(audit, format, output, options)?;
    if json {
        return wjson(
            out,
            &json!({
                "format": format.code(),
                "bytes": report.bytes(),
                "files": report.files.iter().map(|f| json!({
                    "path": f.path,
                    "bytes": f.bytes,
                    "tables": f.tables.iter().map(|(t, n)| json!({"table": t, "rows": n})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            }),
        );
    }
    for f in &report.files {
        let tables = f
            .tables
            .iter()
            .map(|(table, n)| {
                let key = if *n == 1 {
                    "cli.export.row"
                } else {
                    "cli.export.rows"
                };
                t.f(key, &[("table", table), ("n", &t.count(*n as u64))])
            })
            .collect::<Vec<_>>()
            .join(", ");
        let key = if f.tables.is_empty() {
            "cli.export.wrote_document"
        } else {
            "cli.export.wrote"
        };
        w(
            out,
            t.f(
                key,
                &[
                    ("path", &f.path.display()),
                    ("bytes", &t.count(f.bytes)),
                    ("tables", &tables),
                ],
            ),
        )?;
    }
    Ok(())
}

/// `import` of an edited export: the diff, and what was applied.
/// What `import` of a spreadsheet is asked to do: which audit, and whether to save.
pub(super) struct SheetRun<'a> {
    pub(super) audit: Option<&'a str>,
    pub(super) apply: bool,
    pub(super) force: app::ForceStale,
}

pub(super) fn sheet_import(
    app: &mut App,
    file: &Path,
    run: &SheetRun<'_>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let r = app.import_sheet(file, run.audit, run.apply, &run.force)?;
    if json {
        let row = |c: &app::RowChange| {
            json!({"row": c.row, "key": c.key, "title": c.title,
            "columns": c.columns.iter().map(|k| json!({"column": k.column, "old": k.old, "new": k.new})).collect::<Vec<_>>()})
        };
        let rows = |rows: &[app::RowChange]| rows.iter().map(row).collect::<Vec<_>>();
        let stale = |rows: &[app::StaleRow]| {
            rows.iter()
                .map(|s| {
                    let mut v = row(&s.change);
                    v["changed_by"] = json!(s.changed_by);
                    v["changed_at"] = json!(s.changed_at.to_rfc3339());
                    v["forced"] = json!(s.forced);
                    v
                })
                .collect::<Vec<_>>()
        };
        wjson(
            out,
            &json!({
                "file": r.file, "audit": r.audit, "audit_title": r.audit_title, "actor": r.actor,
                "applied": r.applied, "events": r.events, "changes": r.changes(),
                "stale": r.left_out(),
                "sheets": r.sheets.iter().map(|s| json!({
                    "sheet": s.sheet, "table": s.table, "added": rows(&s.added),
                    "changed": rows(&s.changed), "stale": stale(&s.stale),
                    "unchanged": s.unchanged, "not_in_file": s.not_in_file,
                })).collect::<Vec<_>>(),
                "notes": r.notes.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                "unversioned": r.unversioned,
                "problems": r.problems.iter().map(|p| json!({
                    "sheet": p.sheet, "row": p.row, "col": p.col, "column": p.column,
                    "reason": p.reason.to_string(), "message": p.to_string(),
                })).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        w(
            out,
            t.f(
                "cli.sheet.head",
                &[
                    ("file", &r.file),
                    ("id", &short_id(&r.audit)),
                    ("title", &app::one_line(&r.audit_title, 60)),
                    ("actor", &r.actor),
                ],
            ),
        )?;
        for s in &r.sheets {
            let mut counts = Vec::new();
            for (n, key) in [
                (s.added.len(), "cli.sheet.added"),
                (s.changed.len(), "cli.sheet.changed"),
                (s.stale.len(), "cli.sheet.stale"),
                (s.unchanged, "cli.sheet.unchanged"),
                (s.not_in_file, "cli.sheet.not_in_file"),
            ] {
                if n > 0 {
                    counts.push(t.f(key, &[("n", &t.count(n as u64))]));
                }
            }
            if counts.is_empty() {
                counts.push(t.t("cli.sheet.no_rows").to_string());
            }
            w(out, format!("{}: {}", s.sheet, counts.join(", ")))?;
            for (mark, c) in s
                .added
                .iter()
                .map(|c| ("+", c))
                .chain(s.changed.iter().map(|c| ("~", c)))
            {
                w(
                    out,
                    format!(
                        "  {mark} R{} {} {}",
                        c.row,
                        c.key,
                        app::one_line(&c.title, 60)
                    ),
                )?;
                column_changes(&c.columns, out)?;
            }
        }
        let stale: Vec<(&app::SheetDiff, &app::StaleRow)> = r
            .sheets
            .iter()
            .flat_map(|s| s.stale.iter().map(move |row| (s, row)))
            .collect();
        if !stale.is_empty() {
            let forced = stale.iter().filter(|(_, row)| row.forced).count();
            let what = match (forced, stale.len() - forced) {
                (0, _) => t.t("cli.sheet.stale_left_out").to_string(),
                (_, 0) => t.t("cli.sheet.stale_forced").to_string(),
                (f, l) => t.f("cli.sheet.stale_some", &[("forced", &f), ("left", &l)]),
            };
            w(
                out,
                t.f(
                    "cli.sheet.stale_rows",
                    &[("n", &stale.len()), ("what", &what)],
                ),
            )?;
            let applied = t.t("cli.sheet.applied_mark");
            for (s, row) in stale {
                let c = &row.change;
                w(
                    out,
                    format!(
                        "  ! {}!R{} {} {}{}",
                        s.sheet,
                        c.row,
                        c.key,
                        app::one_line(&c.title, 60),
                        if row.forced { applied } else { "" }
                    ),
                )?;
                w(
                    out,
                    t.f(
                        "cli.sheet.changed_after",
                        &[
                            ("who", &row.changed_by),
                            ("at", &t.datetime(row.changed_at)),
                        ],
                    ),
                )?;
                column_changes(&c.columns, out)?;
            }
        }
        for n in &r.notes {
            let message = app::sheet_note_message(n, t);
            w(out, t.f("cli.note", &[("message", &message)]))?;
        }
    }
    if !r.problems.is_empty() {
        let problems = r
            .problems
            .iter()
            .map(|p| app::sheet_problem_message(p, t))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(app::said(
            "error.cli.sheet_problems",
            &[
                ("n", &r.problems.len()),
                ("file", &r.file),
                ("problems", &problems),
            ],
        ));
    }
    if !json {
        let n = r.changes();
        let left_out = r.left_out();
        let mut line = if n == 0 && left_out == 0 {
            t.t("cli.sheet.nothing_to_change").to_string()
        } else if n == 0 {
            t.t("cli.sheet.nothing_applied").to_string()
        } else if r.applied {
            t.f(
                "cli.sheet.applied",
                &[("n", &n), ("events", &r.events), ("actor", &r.actor)],
            )
        } else {
            t.f("cli.sheet.dry_run", &[("n", &n)])
        };
        if left_out > 0 {
            line.push_str(&t.f("cli.sheet.stale_tail", &[("n", &left_out)]));
        }
        w(out, line)?;
    }
    Ok(())
}

/// The changed cells of a row of the diff, one per line: old → new.
pub(super) fn column_changes(columns: &[app::ColumnChange], out: Out<'_>) -> Result<(), AppError> {
    for k in columns {
        let (old, new) = app::one_line_change(&k.old, &k.new, 50);
        w(out, format!("      {}: \"{old}\" → \"{new}\"", k.column))?;
    }
    Ok(())
}

pub(super) fn backup(
    app: &App,
    dir: &Path,
    secret: &Secret,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let seal = match passphrase(secret, true, t)? {
        Some(p) => Seal::Passphrase(p),
        None => Seal::Plain,
    };
    let r = app.backup(dir, &seal)?;
    if json {
        return wjson(
            out,
            &json!({"path": r.path, "bytes": r.bytes, "events": r.events, "stubs": r.stubs,
                "devices": r.devices, "encrypted": r.encrypted, "checked": true}),
        );
    }
    w(
        out,
        written(&r, ["cli.backup.wrote", "cli.backup.wrote_encrypted"], t),
    )?;
    w(
        out,
        t.f("cli.backup.restore_hint", &[("path", &r.path.display())]),
    )
}

/// `restore`: a new store at `dir` from a backup file.
pub(super) fn restore(
    dir: &Path,
    file: &Path,
    secret: &Secret,
    identity: Option<PathBuf>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let unseal = unseal_of(secret, identity, t)?;
    let (app, r) = App::restore(file, dir, &unseal)?;
    let p = app.current_profile()?;
    if json {
        return wjson(
            out,
            &json!({"store": dir, "device": app.device(), "profile": profile_json(&p),
                "events": r.added, "stubs": r.stubs}),
        );
    }
    w(
        out,
        t.f(
            "cli.restore.done",
            &[
                ("events", &t.count(r.added)),
                ("stubs", &t.count(r.stubs)),
                ("sender", &r.sender_name),
                ("key", &r.sender_key),
                ("dir", &dir.display()),
            ],
        ),
    )?;
    w(
        out,
        t.f(
            "cli.restore.device",
            &[
                ("device", &app.device()),
                ("name", &p.name),
                ("role", &p.role.label_id()),
            ],
        ),
    )
}

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
use crate::present::{datetime_id, short_id};
use crate::tui::i18n::Strings;

/// The passphrase the flags ask for, if any (`confirm`: ask twice when typed).
pub(super) fn passphrase(secret: &Secret, confirm: bool) -> Result<Option<SecretString>, AppError> {
    if let Some(path) = &secret.passphrase_file {
        let text = std::fs::read_to_string(path).map_err(|source| AppError::File {
            path: path.display().to_string(),
            source,
        })?;
        let line = text.lines().next().unwrap_or("").to_string();
        if line.is_empty() {
            return Err(AppError::Invalid(format!(
                "{}: the first line (the passphrase) is empty",
                path.display()
            )));
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
        return Err(AppError::Invalid(
            "--passphrase: set PERIKSA_PASSPHRASE or use --passphrase-file FILE (no terminal to ask on)"
                .into(),
        ));
    }
    let first = crate::tui::read_secret("Passphrase: ").map_err(|source| AppError::File {
        path: "terminal".into(),
        source,
    })?;
    if first.is_empty() {
        return Err(AppError::Invalid("the passphrase is empty".into()));
    }
    if confirm
        && crate::tui::read_secret("Again: ").map_err(|source| AppError::File {
            path: "terminal".into(),
            source,
        })? != first
    {
        return Err(AppError::Invalid("the two passphrases differ".into()));
    }
    Ok(Some(SecretString::from(first)))
}

pub(super) fn unseal_of(secret: &Secret, identity: Option<PathBuf>) -> Result<Unseal, AppError> {
    Ok(match (passphrase(secret, false)?, identity) {
        (Some(_), Some(_)) => {
            return Err(AppError::Invalid(
                "give either a passphrase or --identity, not both".into(),
            ))
        }
        (Some(p), None) => Unseal::Passphrase(p),
        (None, Some(f)) => Unseal::IdentityFile(f),
        (None, None) => Unseal::None,
    })
}

pub(super) fn export_bundle(
    app: &App,
    audit: &str,
    output: &Path,
    secret: &Secret,
    encrypt_to: Vec<String>,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    let seal = match (passphrase(secret, true)?, encrypt_to.is_empty()) {
        (Some(_), false) => {
            return Err(AppError::Invalid(
                "give either a passphrase or --encrypt-to, not both".into(),
            ))
        }
        (Some(p), true) => Seal::Passphrase(p),
        (None, false) => Seal::Recipients(encrypt_to),
        (None, true) => Seal::Plain,
    };
    let r = app.export_bundle(audit, output, &seal)?;
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
        format!(
            "wrote {} ({} bytes): {} events and {} stubs from {} device(s), signed{}",
            r.path.display(),
            r.bytes,
            r.events,
            r.stubs,
            r.devices,
            if r.encrypted { ", encrypted" } else { "" }
        ),
    )?;
    if !r.encrypted {
        w(
            out,
            "note: the file is not encrypted and holds names and NIPs; use --passphrase or --encrypt-to for files that travel",
        )?;
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
    let unseal = unseal_of(secret, identity)?;
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
            format!(
                "nothing new: this store already has all {} entries of the file from {} (key {})",
                r.known, r.sender_name, r.sender_key
            ),
        )?;
    } else {
        w(
            out,
            format!(
                "merged from {} (key {}), audit \"{}\": {} new events ({} responses, {} findings, {} finding edits, {} follow-ups, {} ratings), {} stubs; {} already here",
                r.sender_name,
                r.sender_key,
                r.audit_title,
                r.added,
                r.count(Kind::ResponseRecorded),
                r.count(Kind::FindingRaised),
                r.count(Kind::FindingUpdated),
                r.count(Kind::FollowUpRecorded),
                r.count(Kind::RatingRecommended),
                r.stubs,
                r.known
            ),
        )?;
    }
    if r.unread > 0 {
        w(out, t.f("exchange.unread", &[("n", &r.unread)]))?;
    }
    if r.conflicts.is_empty() {
        w(out, "no conflicts wait for review")?;
    } else {
        w(
            out,
            format!(
                "{} conflict(s) wait for review (`periksa conflicts`):",
                r.conflicts.len()
            ),
        )?;
        for c in &r.conflicts {
            conflict_lines(c, t, out)?;
        }
    }
    Ok(())
}

pub(super) fn identity_new(file: &Path, json: bool, out: Out<'_>) -> Result<(), AppError> {
    let public = app::new_identity_file(file)?;
    if json {
        return wjson(out, &json!({"identity": file, "recipient": public}));
    }
    w(
        out,
        format!(
            "wrote {} (keep it secret); your recipient, for `export --encrypt-to`: {public}",
            file.display()
        ),
    )
}

pub(super) fn export(
    app: &App,
    audit: &str,
    format: Option<&str>,
    output: &Path,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    let format = match format {
        Some(f) => Format::parse(f)?,
        None => output
            .extension()
            .and_then(|e| Format::parse(&e.to_string_lossy()).ok())
            .filter(|f| *f != Format::Csv)
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "{}: give --format csv|xlsx|json|md|html (the extension does not say)",
                    output.display()
                ))
            })?,
    };
    let report = app.export(audit, format, output)?;
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
            .map(|(t, n)| format!("{t} {n} {}", if *n == 1 { "row" } else { "rows" }))
            .collect::<Vec<_>>()
            .join(", ");
        w(
            out,
            format!("wrote {} ({} bytes): {tables}", f.path.display(), f.bytes),
        )?;
    }
    Ok(())
}

/// `import` of an edited export: the diff, and what was applied.
pub(super) fn sheet_import(
    app: &mut App,
    file: &Path,
    audit: Option<&str>,
    apply: bool,
    force: &app::ForceStale,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    let r = app.import_sheet(file, audit, apply, force)?;
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
                "notes": r.notes,
                "unversioned": r.unversioned,
                "problems": r.problems.iter().map(|p| json!({
                    "sheet": p.sheet, "row": p.row, "col": p.col, "column": p.column,
                    "reason": p.reason, "message": p.to_string(),
                })).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        w(
            out,
            format!(
                "{} → audit {} \"{}\" (as {})",
                r.file,
                short_id(&r.audit),
                app::one_line(&r.audit_title, 60),
                r.actor
            ),
        )?;
        for s in &r.sheets {
            let mut counts = Vec::new();
            for (n, what) in [
                (s.added.len(), "added"),
                (s.changed.len(), "changed"),
                (s.stale.len(), "stale"),
                (s.unchanged, "unchanged"),
            ] {
                if n > 0 {
                    counts.push(format!("{n} {what}"));
                }
            }
            if s.not_in_file > 0 {
                counts.push(format!("{} not in file, left as is", s.not_in_file));
            }
            if counts.is_empty() {
                counts.push("no rows".into());
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
                (0, _) => "left out; --force-stale applies them".to_string(),
                (_, 0) => "applied all the same (--force-stale)".to_string(),
                (f, l) => format!("{f} applied all the same, {l} left out"),
            };
            w(
                out,
                format!(
                    "stale: {} row(s) would undo a change made in Periksa after this file was \
                     exported; {what}",
                    stale.len()
                ),
            )?;
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
                        if row.forced { " (applied)" } else { "" }
                    ),
                )?;
                w(
                    out,
                    format!(
                        "      changed in Periksa after this file was exported: {}, {}",
                        row.changed_by,
                        datetime_id(row.changed_at)
                    ),
                )?;
                column_changes(&c.columns, out)?;
            }
        }
        for n in &r.notes {
            w(out, format!("note: {n}"))?;
        }
    }
    if !r.problems.is_empty() {
        return Err(AppError::Invalid(format!(
            "{} problem(s) in {}; nothing applied:\n{}",
            r.problems.len(),
            r.file,
            r.problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    if !json {
        let n = r.changes();
        let left_out = r.left_out();
        let mut line = if n == 0 && left_out == 0 {
            "nothing to change: the audit already holds every row of the file".to_string()
        } else if n == 0 {
            "nothing applied".to_string()
        } else if r.applied {
            format!(
                "applied {n} change(s): {} event(s) in one save, as {}",
                r.events, r.actor
            )
        } else {
            format!("dry run: {n} change(s) not saved; run again with --apply to save them")
        };
        if left_out > 0 {
            line.push_str(&format!(
                "; {left_out} stale row(s) left out: check them against the audit, and run again \
                 with --force-stale to apply them all the same"
            ));
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
    out: Out<'_>,
) -> Result<(), AppError> {
    let seal = match passphrase(secret, true)? {
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
        format!(
            "backup written and checked: {} ({} bytes, {} events, {} stubs, {} device(s){})",
            r.path.display(),
            r.bytes,
            r.events,
            r.stubs,
            r.devices,
            if r.encrypted { ", encrypted" } else { "" }
        ),
    )?;
    w(
        out,
        format!(
            "restore it with `periksa --store NEWDIR restore {}`",
            r.path.display()
        ),
    )
}

/// `restore`: a new store at `dir` from a backup file.
pub(super) fn restore(
    dir: &Path,
    file: &Path,
    secret: &Secret,
    identity: Option<PathBuf>,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    let unseal = unseal_of(secret, identity)?;
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
        format!(
            "restored {} events ({} stubs) from {} (key {}) into a new store at {}",
            r.added,
            r.stubs,
            r.sender_name,
            r.sender_key,
            dir.display()
        ),
    )?;
    w(
        out,
        format!(
            "this laptop now signs as a new device {}; auditor profile: {} ({})",
            app.device(),
            p.name,
            p.role.label_id()
        ),
    )
}

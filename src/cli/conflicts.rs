//! Conflicts between laptops: the listing, `resolve` (keep a version or merged texts) and `draft`.

use std::path::Path;

use serde_json::{json, Value};

use super::args::ConflictCmd;
use super::output::{conflict_json, w, wjson, Out};
use crate::app::{self, short_hash, App, AppError};
use crate::present::{field_label, field_value};
use crate::tui::i18n::Strings;

/// A conflict in text: each version on one line, the shown one first, and under each other
/// version the fields in which it differs from the shown one (for texts, the part that differs).
pub(super) fn conflict_lines(
    c: &crate::app::Conflict,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let line = |v: &crate::app::Version| {
        t.f(
            "cli_conflicts.version",
            &[
                ("hash", &short_hash(&v.hash)),
                ("who", &v.actor),
                ("at", &crate::present::datetime_id(v.at)),
                ("device", &crate::present::short_id(&v.device)),
                ("seq", &v.seq),
                ("summary", &v.summary),
            ],
        )
    };
    let (shown, other) = (t.t("cli_conflicts.shown"), t.t("cli_conflicts.other"));
    let label_w = shown.chars().count().max(other.chars().count());
    w(out, t.f("cli_conflicts.conflict", &[("id", &c.id)]))?;
    w(out, format!("  {shown:<label_w$}  {}", line(&c.winner)))?;
    for (i, o) in c.others.iter().enumerate() {
        w(out, format!("  {other:<label_w$}  {}", line(o)))?;
        let diffs = c.differences(i);
        let names: Vec<String> = diffs.iter().map(|d| field_label(d.field, t)).collect();
        let name_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        for (d, name) in diffs.iter().zip(&names) {
            let (a, b) = match d.parts() {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (field_value(&d.this, t), field_value(&d.other, t)),
            };
            let pad = " ".repeat(label_w + 4);
            w(out, format!("{pad}{name:<name_w$}  {shown:<label_w$}  {a}"))?;
            w(out, format!("{pad}{:<name_w$}  {other:<label_w$}  {b}", ""))?;
        }
    }
    if let Ok(d) = app::MergeDraft::of(c) {
        let names: Vec<String> = d.fields.iter().map(|f| field_label(f.field, t)).collect();
        w(
            out,
            format!(
                "  {}",
                t.f(
                    "cli_conflicts.can_merge",
                    &[("id", &c.id), ("fields", &names.join(", "))]
                )
            ),
        )?;
    }
    Ok(())
}

/// The merged text of `conflicts resolve --merge-text`: a file (at most 1 MiB of UTF-8), or
/// stdin for `-`.
pub(super) fn read_merge_text(file: &Path) -> Result<String, AppError> {
    use std::io::Read;
    const MAX: u64 = 1 << 20;
    let name = file.display().to_string();
    let file_err = |source| AppError::File {
        path: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX + 1)
            .read_to_end(&mut bytes)
            .map_err(file_err)?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(MAX + 1).read_to_end(&mut bytes))
            .map_err(file_err)?;
    }
    if bytes.len() as u64 > MAX {
        return Err(app::said("error.merge_text.too_large", &[("file", &name)]));
    }
    String::from_utf8(bytes).map_err(|_| app::said("error.merge_text.not_utf8", &[("file", &name)]))
}

pub(super) fn conflicts(
    app: &mut App,
    audit: Option<&str>,
    action: Option<ConflictCmd>,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match action {
        Some(ConflictCmd::Draft { conflict }) => {
            let (c, d) = app.merge_draft(&conflict)?;
            let closing = t.f("merge.save_cli", &[("id", &c.id)]);
            let text = crate::present::merge_text(t, &c, &d, &closing);
            if json {
                return wjson(
                    out,
                    &json!({
                        "conflict": c.id,
                        "fields": d.fields.iter().map(|f| f.field.code()).collect::<Vec<_>>(),
                        "text": text,
                    }),
                );
            }
            w(out, text)
        }
        Some(ConflictCmd::Resolve {
            conflict,
            merge_text: Some(file),
            ..
        }) => {
            let text = read_merge_text(&file)?;
            let (c, fields) = app.resolve_conflict_merged(&conflict, &text)?;
            if json {
                return wjson(
                    out,
                    &json!({
                        "resolved": c.id,
                        "value": "merged",
                        "version": null,
                        "fields": fields.iter().map(|f| f.code()).collect::<Vec<_>>(),
                        "kept": null,
                    }),
                );
            }
            let names: Vec<String> = fields.iter().map(|f| field_label(*f, t)).collect();
            w(
                out,
                t.f(
                    "cli_conflicts.settled_merged",
                    &[
                        ("id", &c.id),
                        ("fields", &names.join(", ")),
                        ("hash", &short_hash(&c.winner.hash)),
                    ],
                ),
            )
        }
        Some(ConflictCmd::Resolve { conflict, keep, .. }) => {
            let c = app.resolve_conflict(&conflict, keep.as_deref())?;
            // the version whose value now stands: the one --keep named, else the shown one
            let chosen = keep
                .as_deref()
                .map(|k| k.trim().to_ascii_lowercase())
                .and_then(|k| {
                    c.others
                        .iter()
                        .chain(std::iter::once(&c.winner))
                        .find(|v| hex::encode(v.hash).starts_with(&k))
                })
                .unwrap_or(&c.winner);
            let is_shown = chosen.hash == c.winner.hash;
            if json {
                return wjson(
                    out,
                    &json!({
                        "resolved": c.id,
                        "value": if is_shown { "shown" } else { "other" },
                        "version": hex::encode(chosen.hash),
                        // the --keep argument as given: kept for one release, use "version"
                        "kept": keep,
                    }),
                );
            }
            let args: [(&str, &dyn std::fmt::Display); 2] =
                [("id", &c.id), ("hash", &short_hash(&chosen.hash))];
            w(
                out,
                if is_shown {
                    t.f("cli_conflicts.settled_shown", &args)
                } else {
                    t.f("cli_conflicts.settled_other", &args)
                },
            )
        }
        None => {
            let list = app.conflicts(audit)?;
            if json {
                return wjson(out, &Value::Array(list.iter().map(conflict_json).collect()));
            }
            if list.is_empty() {
                return w(out, t.t("cli_conflicts.none"));
            }
            for c in &list {
                conflict_lines(c, t, out)?;
            }
            w(out, t.t("cli_conflicts.settle_hint"))
        }
    }
}

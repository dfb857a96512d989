//! Checklist templates: `checklist validate` (no store needed), `import` and `list`.

use std::path::PathBuf;

use serde_json::json;

use super::args::ChecklistCmd;
use super::output::{w, wjson, Out};
use super::read_input;
use crate::app::{self, short_hash, App, AppError};
use crate::text::Strings;

pub(super) fn checklist_cmd(
    app: &mut App,
    cmd: ChecklistCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        ChecklistCmd::Validate { files } => validate_files(&files, json, t, out),
        ChecklistCmd::Import { files } => {
            for f in files {
                let bytes = read_input(&f)?;
                let (hash, tpl, new) = app.import_template(&f.display().to_string(), &bytes)?;
                if json {
                    wjson(
                        out,
                        &json!({"id": tpl.id, "version": tpl.version, "hash": hex::encode(hash), "items": tpl.item_count(), "new": new}),
                    )?;
                } else {
                    let key = if new {
                        "cli.checklist.imported"
                    } else {
                        "cli.checklist.already"
                    };
                    w(
                        out,
                        t.f(
                            key,
                            &[
                                ("id", &tpl.id),
                                ("version", &tpl.version),
                                ("items", &t.count(tpl.item_count() as u64)),
                                ("hash", &short_hash(&hash)),
                            ],
                        ),
                    )?;
                }
            }
            Ok(())
        }
        ChecklistCmd::List => {
            let list = app.templates()?;
            if json {
                return wjson(
                    out,
                    &json!(list
                        .iter()
                        .map(|(h, t)| json!({
                            "id": t.id, "title": t.title, "version": t.version,
                            "hash": hex::encode(h), "sections": t.sections.len(), "items": t.item_count(),
                        }))
                        .collect::<Vec<_>>()),
                );
            }
            for (h, tpl) in list {
                let items = t.f("cli.checklist.items", &[("n", &tpl.item_count())]);
                w(
                    out,
                    format!(
                        "{:<26} {:<8} {:>9}  {}  {}",
                        tpl.id,
                        tpl.version,
                        items,
                        short_hash(&h),
                        tpl.title
                    ),
                )?;
            }
            Ok(())
        }
    }
}

/// `checklist validate` needs no store.
pub(super) fn validate_files(
    files: &[PathBuf],
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    let mut all = Vec::new();
    for f in files {
        let bytes = read_input(f)?;
        match app::validate_template(&f.display().to_string(), &bytes) {
            Ok(tpl) => {
                if !json {
                    w(
                        out,
                        t.f(
                            "cli.checklist.valid",
                            &[
                                ("file", &f.display()),
                                ("id", &tpl.id),
                                ("items", &t.count(tpl.item_count() as u64)),
                            ],
                        ),
                    )?;
                }
            }
            Err(diags) => all.extend(diags),
        }
    }
    if json {
        wjson(
            out,
            &json!(all
                .iter()
                .map(|d| json!({"file": d.file, "line": d.line, "column": d.column, "message": d.message()}))
                .collect::<Vec<_>>()),
        )?;
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(AppError::Checklist(all))
    }
}

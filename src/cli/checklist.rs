//! Checklist templates: `checklist validate` (no store needed), `import` and `list`.

use std::path::PathBuf;

use serde_json::json;

use super::args::ChecklistCmd;
use super::output::{w, wjson, Out};
use super::read_input;
use crate::app::{self, short_hash, App, AppError};

pub(super) fn checklist_cmd(
    app: &mut App,
    cmd: ChecklistCmd,
    json: bool,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        ChecklistCmd::Validate { files } => validate_files(&files, json, out),
        ChecklistCmd::Import { files } => {
            for f in files {
                let bytes = read_input(&f)?;
                let (hash, t, new) = app.import_template(&f.display().to_string(), &bytes)?;
                if json {
                    wjson(
                        out,
                        &json!({"id": t.id, "version": t.version, "hash": hex::encode(hash), "items": t.item_count(), "new": new}),
                    )?;
                } else {
                    w(
                        out,
                        format!(
                            "{} {} ({} items, {}): {}",
                            t.id,
                            t.version,
                            t.item_count(),
                            short_hash(&hash),
                            if new {
                                "imported"
                            } else {
                                "already in the store"
                            }
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
            for (h, t) in list {
                w(
                    out,
                    format!(
                        "{:<26} {:<8} {:>3} items  {}  {}",
                        t.id,
                        t.version,
                        t.item_count(),
                        short_hash(&h),
                        t.title
                    ),
                )?;
            }
            Ok(())
        }
    }
}

/// `checklist validate` needs no store.
pub(super) fn validate_files(files: &[PathBuf], json: bool, out: Out<'_>) -> Result<(), AppError> {
    let mut all = Vec::new();
    for f in files {
        let bytes = read_input(f)?;
        match app::validate_template(&f.display().to_string(), &bytes) {
            Ok(t) => {
                if !json {
                    w(
                        out,
                        format!("{}: ok ({}, {} items)", f.display(), t.id, t.item_count()),
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
                .map(|d| json!({"file": d.file, "line": d.line, "column": d.column, "message": d.message}))
                .collect::<Vec<_>>()),
        )?;
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(AppError::Checklist(all))
    }
}

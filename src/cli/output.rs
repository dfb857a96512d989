//! How the command line writes: the `Out` sink, `w` and `wjson`, and the JSON shape of every record.

use std::io::Write;

use serde_json::{json, Value};

use crate::app::{self, describe, App, AppError, Event};
use crate::domain::model::{Employee, Finding, Profile, Rating};
use crate::domain::money::Rupiah;

pub(super) type Out<'a> = &'a mut dyn Write;

pub(super) fn w(out: Out<'_>, s: impl AsRef<str>) -> Result<(), AppError> {
    writeln!(out, "{}", s.as_ref()).map_err(|source| AppError::File {
        path: "stdout".into(),
        source,
    })
}

pub(super) fn wjson(out: Out<'_>, v: &Value) -> Result<(), AppError> {
    w(out, v.to_string())
}

pub(super) fn summary_json(s: &app::AuditSummary) -> Value {
    let a = &s.audit;
    json!({
        "id": a.id,
        "title": a.title,
        "agency": a.agency,
        "agency_name": s.agency_name,
        "checklist": a.template_id,
        "template_hash": hex::encode(a.template_hash),
        "letter": a.letter,
        "period": a.period.map(|p| p.to_string()),
        "phase": a.phase.code(),
        "progress": {"looked_at": s.progress.looked_at, "total": s.progress.total},
        "compliance": {"percent": s.compliance.percent(), "earned": s.compliance.earned, "possible": s.compliance.possible},
        "findings": {"low": s.findings[0], "medium": s.findings[1], "high": s.findings[2]},
        "created_at": a.created_at.to_rfc3339(),
        "updated_at": a.updated_at.to_rfc3339(),
    })
}

/// A finding as JSON: its elements and codes, each recommendation with its follow-up history,
/// and (as before recommendations had their own) the follow-up of the finding as one line.
pub(super) fn finding_json(app: &App, f: &Finding) -> Result<Value, AppError> {
    let repeat = app.repeat_of(f)?;
    finding_json_with(app, f, repeat.as_ref())
}

/// Findings of one audit as JSON: which earlier findings they repeat is worked out once for all.
pub(super) fn findings_json(
    app: &App,
    audit_key: &str,
    findings: &[Finding],
) -> Result<Vec<Value>, AppError> {
    let repeats = app.repeats(audit_key)?;
    findings
        .iter()
        .map(|f| finding_json_with(app, f, repeats.iter().find(|r| r.finding == f.id)))
        .collect()
}

/// A finding as JSON, the earlier finding it repeats given.
fn finding_json_with(
    app: &App,
    f: &Finding,
    repeat: Option<&crate::app::RepeatOf>,
) -> Result<Value, AppError> {
    let dues = app.followup_dues(f)?;
    let summary = app.followup_summary(f)?;
    let money = |r: Rupiah| {
        let (whole, sen) = r.parts();
        format!("{whole}.{sen:02}")
    };
    let recs: Vec<Value> = f
        .content
        .recommendations
        .iter()
        .map(|r| {
            let h = f.history(r.no);
            let entries: Vec<Value> = h
                .entries_by_date()
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let v = h.verification_of(e.id);
                    json!({
                        "n": i + 1, "id": e.id, "date": e.date.to_string(), "action": e.action,
                        "evidence": e.evidence, "returned": e.returned.map(money),
                        "by": e.by, "at": e.at.to_rfc3339(),
                        "verification": v.map(|v| json!({
                            "status": v.status.number(), "reason": v.reason,
                            "date": v.date.to_string(), "by": v.by,
                        })),
                    })
                })
                .collect();
            let set: Vec<Value> = h
                .verifications
                .iter()
                .filter(|v| v.entry.is_none())
                .map(|v| json!({"status": v.status.number(), "reason": v.reason, "date": v.date.to_string(), "by": v.by}))
                .collect();
            json!({
                "no": r.no, "code": r.code, "text": r.text,
                "official": {"name": r.official.name, "position": r.official.position,
                             "nip": r.official.nip.as_ref().map(|n| n.as_str())},
                "due": dues.get(&r.no).copied().flatten().map(|d| d.to_string()),
                "value": r.value.map(money), "returned": money(h.returned()),
                "status": h.status().number(),
                "entries": entries, "status_set": set,
            })
        })
        .collect();
    let repeat = repeat.map(|r| {
        json!({
            "audit": r.earlier_audit, "audit_title": r.earlier_audit_title,
            "lhp_number": r.lhp_number, "date": r.date.to_string(),
            "finding": r.earlier_finding, "title": r.earlier_title,
        })
    });
    Ok(json!({
        "id": f.id, "audit": f.audit, "title": f.content.title, "code": f.content.code,
        "repeat_of": repeat,
        "items": f.content.items,
        "kondisi": f.content.kondisi, "kriteria": f.content.kriteria, "sebab": f.content.sebab,
        "cause_code": f.content.cause_code, "akibat": f.content.akibat,
        "rekomendasi": f.content.rekomendasi_text(), "recommendations": recs,
        "tanggapan": f.content.tanggapan,
        "severity": f.content.severity.code(),
        "nips": f.content.nips.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        "followup": {"status": summary.status.number(), "note": summary.note, "due": summary.due.map(|d| d.to_string())},
        "created_at": f.created_at.to_rfc3339(),
    }))
}

pub(super) fn rating_json(r: &Rating) -> Value {
    json!({
        "id": r.id, "audit": r.audit, "nip": r.content.nip.as_str(), "period": r.content.period.to_string(),
        "hasil": r.content.hasil.code(), "perilaku": r.content.perilaku.code(), "predikat": r.predikat.code(),
        "berakhlak": r.content.berakhlak.iter().map(|(v, n)| json!({"value": v.code(), "note": n})).collect::<Vec<_>>(),
        "justification": r.content.justification,
        "findings": r.content.findings,
        "action": r.content.action.code(),
        "created_at": r.created_at.to_rfc3339(),
    })
}

pub(super) fn profile_json(p: &Profile) -> Value {
    json!({"id": p.id, "name": p.name, "nip": p.nip.as_ref().map(|n| n.as_str()), "role": p.role.code()})
}

pub(super) fn event_json(app: &App, e: &Event) -> Value {
    json!({
        "id": e.body.id,
        "device": e.body.device,
        "seq": e.body.seq,
        "at": e.at().to_rfc3339(),
        "kind": e.kind().code(),
        "actor": e.body.actor,
        "actor_name": app.actor_name(&e.body.actor),
        "audit": e.body.payload.audit(),
        "summary": describe(e),
        "base": e.body.base.map(hex::encode),
        "hash": hex::encode(e.hash),
        "prev_hash": hex::encode(e.prev_hash),
    })
}

pub(super) fn conflict_json(c: &crate::app::Conflict) -> Value {
    let v = |v: &crate::app::Version| {
        json!({
            "hash": hex::encode(v.hash), "device": v.device, "seq": v.seq, "by": v.actor,
            "at": v.at.to_rfc3339(), "summary": v.summary,
        })
    };
    let others: Vec<Value> = c
        .others
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut j = v(o);
            let differs: Vec<Value> = c.differences(i).iter().map(field_diff_json).collect();
            j["differs"] = Value::Array(differs);
            j
        })
        .collect();
    let merge: Vec<&str> = app::MergeDraft::of(c)
        .map(|d| d.fields.iter().map(|f| f.field.code()).collect())
        .unwrap_or_default();
    json!({
        "id": c.id, "audit": c.audit, "shown": v(&c.winner), "others": others,
        "merge_fields": merge,
    })
}

/// A field in which another version differs from the shown one: the values whole (words in
/// Bahasa Indonesia, as the summaries write them; dates as YYYY-MM-DD; nothing as null) and,
/// for texts, the part that differs.
pub(super) fn field_diff_json(d: &app::FieldDiff) -> Value {
    let value = |v: &app::Value| match v {
        app::Value::Empty => Value::Null,
        app::Value::Text(s) => json!(s),
        app::Value::Word(id, _) => json!(id),
        app::Value::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
    };
    let parts = d.parts();
    json!({
        "field": d.field.code(),
        "shown": value(&d.this),
        "other": value(&d.other),
        "shown_part": parts.as_ref().map(|(a, _)| a.to_string()),
        "other_part": parts.as_ref().map(|(_, b)| b.to_string()),
    })
}

pub(super) fn employee_json(e: &Employee) -> Value {
    json!({
        "nip": e.nip.as_str(), "name": e.name, "position": e.position, "rank": e.rank,
        "unit": e.unit, "agency": e.agency,
        "status": match e.kind { crate::domain::model::EmploymentKind::Pns => "PNS", crate::domain::model::EmploymentKind::Pppk => "PPPK" },
    })
}

/// An audit's engagement as `audit show --json` and `audit set --json` write it: dates as
/// `YYYY-MM-DD`, roles by code, NIPs as 18 digits.
pub(super) fn engagement_json(e: &crate::domain::engagement::Engagement) -> Value {
    let schedule = |s: &crate::domain::engagement::Schedule| json!({"start": s.start, "end": s.end, "days": s.days, "audit_days": s.audit_days()});
    json!({
        "surat_tugas": {"nomor": e.assignment.number, "tanggal": e.assignment.date},
        "dasar": e.basis,
        "tujuan": e.objective,
        "ruang_lingkup": e.scope,
        "batasan": e.limitations,
        "metodologi": e.methods,
        "rencana": schedule(&e.planned),
        "realisasi": schedule(&e.actual),
        "gambaran_umum": e.overview,
        "simpulan": e.conclusion,
        "tim": e.team.iter().map(|m| json!({
            "peran": m.role.code(),
            "nama": m.name,
            "nip": m.nip.as_ref().map(|n| n.as_str()),
            "pangkat": m.rank,
        })).collect::<Vec<_>>(),
        "lhp": {
            "nomor": e.report.number,
            "tanggal": e.report.date,
            "sifat": e.report.nature,
            "lampiran": e.report.attachment,
            "hal": e.report.subject,
            "kepada": e.report.addressee,
        },
    })
}

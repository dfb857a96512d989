//! The finding (temuan) form: title, the five elements, tanggapan, severity, items and the ASN
//! involved (fuzzy-picked by name or NIP); used to raise a finding from the walk or the findings list.

use crate::app::{App, AppError, NewFinding};
use crate::domain::followup::Severity;
use crate::domain::Id;
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::popup::PickItem;
use crate::tui::Ui;

/// What the form starts with when raised from a checklist item.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub items: Vec<String>,
    pub kriteria: String,
    pub title: String,
}

fn severity_choices(ui: &Ui) -> Vec<(String, String)> {
    Severity::ALL
        .iter()
        .map(|s| (s.code().to_string(), super::severity_label(*s, ui)))
        .collect()
}

/// Everyone on the roster as picker items: "Name — NIP — position (agency)".
pub fn employee_items(app: &App) -> Result<Vec<PickItem>, AppError> {
    let mut items = Vec::new();
    for e in app.store().employees() {
        let e = e?;
        let mut item = PickItem::new(
            e.nip.as_str(),
            format!("{} — {} — {} ({})", e.name, e.nip, e.position, e.agency),
        );
        item.search = format!("{} {}", e.nip.as_str(), e.unit);
        items.push(item);
    }
    Ok(items)
}

pub fn new_finding_form(app: &App, ui: &Ui, audit: Id, prefill: Prefill) -> Result<Form, AppError> {
    let view = app.audit_view(&audit.to_string())?;
    let item_choices: Vec<PickItem> = view
        .items
        .iter()
        .map(|i| {
            PickItem::new(
                i.item.code.clone(),
                format!("{} — {}", i.item.code, i.item.text),
            )
        })
        .collect();
    let t = &ui.t;
    let fields = vec![
        Field::new("title", t.t("finding.title").into(), FieldKind::Line)
            .required()
            .value(prefill.title),
        Field::new("kondisi", t.t("finding.kondisi").into(), FieldKind::Text).required(),
        Field::new("kriteria", t.t("finding.kriteria").into(), FieldKind::Text)
            .required()
            .value(prefill.kriteria),
        Field::new("sebab", t.t("finding.sebab").into(), FieldKind::Text).required(),
        Field::new("akibat", t.t("finding.akibat").into(), FieldKind::Text).required(),
        Field::new(
            "rekomendasi",
            t.t("finding.rekomendasi").into(),
            FieldKind::Text,
        )
        .required(),
        Field::new(
            "tanggapan",
            t.t("finding.tanggapan").into(),
            FieldKind::Text,
        ),
        Field::new(
            "severity",
            t.t("finding.severity").into(),
            FieldKind::Choice(severity_choices(ui)),
        )
        .required()
        .value("medium"),
        Field::new(
            "items",
            t.t("finding.items").into(),
            FieldKind::Pick {
                items: item_choices,
                multi: true,
            },
        )
        .picked(prefill.items),
        Field::new(
            "nips",
            t.t("finding.asn").into(),
            FieldKind::Pick {
                items: employee_items(app)?,
                multi: true,
            },
        ),
    ];
    let saved = t.t("finding.saved").to_string();
    let key = audit.to_string();
    Ok(Form::new(
        format!(
            "{} — {}",
            t.t("finding.new_title"),
            view.summary.audit.title
        ),
        fields,
        Box::new(move |d, app| {
            let f = app.raise_finding(
                &key,
                NewFinding {
                    title: d.get("title").into(),
                    kondisi: d.get("kondisi").into(),
                    kriteria: d.get("kriteria").into(),
                    sebab: d.get("sebab").into(),
                    akibat: d.get("akibat").into(),
                    rekomendasi: d.get("rekomendasi").into(),
                    tanggapan: d.get("tanggapan").into(),
                    severity: d.get("severity").into(),
                    nips: d.picked("nips").to_vec(),
                    items: d.picked("items").to_vec(),
                },
            )?;
            Ok(format!("{saved}: {}", f.title))
        }),
    ))
}

//! Rating recommendations for ASN: add, edit, withdraw, list, and the predikat distribution check.

use serde_json::json;

use super::args::RatingCmd;
use super::output::{rating_json, w, wjson, Out};
use super::read_input;
use crate::app;
use crate::app::{App, AppError, NewRating};
use crate::domain::rating::{DistributionRules, OrgPredikat, PredikatCounts};
use crate::present::short_id;
use crate::text::{Lang, Strings};

/// `--berakhlak VALUE=NOTE` arguments as pairs.
pub(super) fn berakhlak_notes(args: Vec<String>) -> Result<Vec<(String, String)>, AppError> {
    args.iter()
        .map(|b| {
            b.split_once('=')
                .map(|(v, n)| (v.to_string(), n.to_string()))
                .ok_or_else(|| app::said("error.cli.berakhlak_pair", &[("x", b)]))
        })
        .collect()
}

pub(super) fn rating(
    app: &mut App,
    cmd: RatingCmd,
    json: bool,
    t: &Strings,
    out: Out<'_>,
) -> Result<(), AppError> {
    match cmd {
        RatingCmd::Add {
            audit,
            nip,
            hasil,
            perilaku,
            period,
            justification,
            berakhlak,
            finding,
            action,
            replace,
        } => {
            let r = app.recommend_rating(
                &audit,
                NewRating {
                    nip,
                    hasil,
                    perilaku,
                    period,
                    justification,
                    berakhlak: berakhlak_notes(berakhlak)?,
                    findings: finding,
                    action,
                },
                replace.as_deref(),
            )?;
            if json {
                wjson(out, &rating_json(&r))
            } else {
                w(out, format!("predikat: {}", r.predikat.label_id()))
            }
        }
        RatingCmd::Edit {
            rating,
            hasil,
            perilaku,
            period,
            justification,
            berakhlak,
            finding,
            action,
            reason,
        } => {
            let old = app.resolve_rating(&rating)?;
            let new = NewRating {
                nip: old.content.nip.as_str().to_string(),
                hasil: hasil.unwrap_or_else(|| old.content.hasil.code().to_string()),
                perilaku: perilaku.unwrap_or_else(|| old.content.perilaku.code().to_string()),
                period: period.unwrap_or_else(|| old.content.period.to_string()),
                justification: justification.unwrap_or_else(|| old.content.justification.clone()),
                berakhlak: if berakhlak.is_empty() {
                    old.content
                        .berakhlak
                        .iter()
                        .map(|(b, n)| (b.code().to_string(), n.clone()))
                        .collect()
                } else {
                    berakhlak_notes(berakhlak)?
                },
                findings: if finding.is_empty() {
                    old.content.findings.iter().map(|f| f.to_string()).collect()
                } else {
                    finding
                },
                action: Some(action.unwrap_or_else(|| old.content.action.code().to_string())),
            };
            let r = app.update_rating(&old.id.to_string(), new, &reason)?;
            if json {
                wjson(out, &rating_json(&r))
            } else {
                w(out, format!("predikat: {}", r.predikat.label_id()))
            }
        }
        RatingCmd::Withdraw { rating, reason } => {
            let r = app.withdraw_rating(&rating, &reason)?;
            if json {
                wjson(out, &json!({"id": r.id, "withdrawn": true}))
            } else {
                w(
                    out,
                    t.f(
                        "cli.rating.withdrawn",
                        &[
                            ("id", &short_id(&r.id)),
                            ("nip", &r.content.nip),
                            ("period", &r.content.period),
                        ],
                    ),
                )
            }
        }
        RatingCmd::List { nip, audit } => {
            let list = app.ratings(nip.as_deref(), audit.as_deref())?;
            if json {
                return wjson(
                    out,
                    &json!(list.iter().map(rating_json).collect::<Vec<_>>()),
                );
            }
            for r in list {
                let name = app
                    .employee(r.content.nip.as_str())?
                    .map(|e| e.name)
                    .unwrap_or_default();
                let period = match t.lang {
                    Lang::Id => r.content.period.label_id(),
                    Lang::En => r.content.period.to_string(),
                };
                w(
                    out,
                    format!(
                        "{}  {}  {:<30} {:<18} hasil {:<20} perilaku {:<20} → {}",
                        short_id(&r.id),
                        r.content.nip,
                        name,
                        period,
                        r.content.hasil.label_id(),
                        r.content.perilaku.label_id(),
                        r.predikat.label_id()
                    ),
                )?;
            }
            Ok(())
        }
        RatingCmd::Check {
            audit,
            organisation,
            rules,
        } => {
            let org = OrgPredikat::parse(&organisation)?;
            let rules = match rules {
                Some(path) => {
                    let text = String::from_utf8(read_input(&path)?).map_err(|_| {
                        app::said("error.cli.not_utf8", &[("file", &path.display())])
                    })?;
                    DistributionRules::from_toml(&text).map_err(|e| {
                        app::said(
                            "error.distribution.in_file",
                            &[
                                ("file", &path.display()),
                                ("reason", &app::distribution_rules_message(&e, t)),
                            ],
                        )
                    })?
                }
                None => DistributionRules::builtin().map_err(|e| {
                    app::said(
                        "error.distribution.in_file",
                        &[
                            ("file", &"data/rules/distribusi_predikat.toml"),
                            ("reason", &app::distribution_rules_message(&e, t)),
                        ],
                    )
                })?,
            };
            let ratings = app.ratings(None, Some(&audit))?;
            let counts: PredikatCounts = ratings.iter().map(|r| r.predikat).collect();
            let violations = rules.check(org, &counts);
            if json {
                wjson(
                    out,
                    &json!({
                        "organisation": org.code(),
                        "counts": counts.iter().map(|(p, n)| json!({"predikat": p.code(), "count": n})).collect::<Vec<_>>(),
                        "violations": violations.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                    }),
                )?;
            } else {
                for (p, n) in counts.iter() {
                    w(out, format!("{:<20} {n}", p.label_id()))?;
                }
                for v in &violations {
                    let message = app::violation_message(v, t);
                    w(out, t.f("cli.rating.violation", &[("message", &message)]))?;
                }
                if violations.is_empty() {
                    w(out, t.f("cli.rating.fits", &[("org", &org.label_id())]))?;
                }
            }
            if violations.is_empty() {
                Ok(())
            } else {
                Err(app::said(
                    "error.cli.violations",
                    &[
                        ("n", &t.count(violations.len() as u64)),
                        ("org", &org.label_id()),
                    ],
                ))
            }
        }
    }
}

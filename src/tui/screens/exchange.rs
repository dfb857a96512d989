//! Export and merge: write an audit as a findings file for another laptop, a table export or a
//! draft report, and merge a findings file from another laptop; what was written or merged (and
//! which conflicts wait) is shown after. Exports and merges run on the worker thread, their
//! progress in the result box.

use std::path::PathBuf;

use age::secrecy::SecretString;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::Kind;
use crate::app::{sealing, ExportOptions, Format, Seal, Sealing, Unseal};
use crate::app::{App, AppError, BundleReport, ExportReport, MergeReport};
use crate::domain::model::Audit;
use crate::domain::Id;
use crate::present::short_id;
use crate::tui::action::Action;
use crate::tui::intent::Intent;
use crate::tui::keymap::{bind, layer, Layer, GLOBAL, LIST_NAV};
use crate::tui::widgets::list::{ListState, WHOLE};
use crate::tui::widgets::popup::{wrapped_rows, Input, Popup, PopupResult, Value};
use crate::tui::worker::{self, JobResult, Progress};
use crate::tui::{Cx, Outcome, Screen, Ui};

pub(crate) static KEYS: Layer = layer(
    "exchange",
    &[
        bind(&["Enter"], Action::Export),
        bind(&["i"], Action::Import),
        bind(&["C"], Action::GoConflicts),
    ],
);

/// What can be written, in the order listed: the findings file first (it is what the team
/// carries between laptops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Bundle,
    Table(Format),
}

const CHOICES: [Choice; 9] = [
    Choice::Bundle,
    Choice::Table(Format::Xlsx),
    Choice::Table(Format::Csv),
    Choice::Table(Format::Json),
    Choice::Table(Format::Docx),
    Choice::Table(Format::DocxAsn),
    Choice::Table(Format::Md),
    Choice::Table(Format::Html),
    Choice::Table(Format::HtmlAsn),
];

impl Choice {
    fn key(self) -> &'static str {
        match self {
            Choice::Bundle => "exchange.bundle",
            Choice::Table(Format::Xlsx) => "exchange.xlsx",
            Choice::Table(Format::Csv) => "exchange.csv",
            Choice::Table(Format::Json) => "exchange.json",
            Choice::Table(Format::Md) => "exchange.md",
            Choice::Table(Format::Html) => "exchange.html",
            Choice::Table(Format::Docx) => "exchange.docx",
            Choice::Table(Format::DocxAsn) => "exchange.docx_asn",
            Choice::Table(Format::HtmlAsn) => "exchange.html_asn",
        }
    }

    /// The file (or, for CSV, folder) name an export gets unless the user types another.
    fn default_name(self, audit: &Audit) -> String {
        let stem = format!(
            "{}-{}-{}",
            audit.agency,
            short_id(&audit.id),
            chrono::Local::now().date_naive().format("%Y-%m-%d")
        );
        match self {
            Choice::Bundle => format!("{stem}.periksa"),
            Choice::Table(Format::Csv) => format!("{stem}-csv"),
            Choice::Table(Format::Docx) => format!("{stem}-lhp.docx"),
            Choice::Table(Format::DocxAsn) => format!("{stem}-asn-rahasia.docx"),
            Choice::Table(Format::HtmlAsn) => format!("{stem}-asn-rahasia.html"),
            Choice::Table(f) => format!("{stem}.{}", f.code()),
        }
    }
}

/// Slow work, run on the worker thread after a frame that says it has started.
enum Job {
    Export {
        choice: Choice,
        path: PathBuf,
        seal: Seal,
    },
    Import {
        path: PathBuf,
        unseal: Unseal,
    },
}

/// What a job did, handed back from the worker thread.
enum Done {
    Bundle(Result<BundleReport, AppError>),
    Table(Result<ExportReport, AppError>),
    Merge(Result<MergeReport, AppError>),
}

impl Job {
    /// Do the work (on the worker thread), telling its progress.
    fn run(self, audit: &str, options: &ExportOptions, app: &mut App, p: &Progress) -> Done {
        let step = &mut |s| p.step(s);
        match self {
            Job::Export {
                choice: Choice::Bundle,
                path,
                seal,
            } => Done::Bundle(app.export_bundle_with(audit, &path, &seal, step)),
            Job::Export {
                choice: Choice::Table(format),
                path,
                ..
            } => Done::Table(app.export_with(audit, format, &path, options, step)),
            Job::Import { path, unseal } => {
                Done::Merge(app.import_bundle_with(&path, &unseal, step))
            }
        }
    }
}

/// A step that waits for the next popup's answer.
enum Asking {
    /// The path of an export, then (for a findings file) the passphrase.
    ExportPath(Choice),
    /// The target exists: replace it?
    Replace(Choice, PathBuf),
    Passphrase(Choice, PathBuf),
    PassphraseAgain(Choice, PathBuf, String),
    ImportPath,
    ImportPassphrase(PathBuf),
    ImportIdentity(PathBuf),
}

pub struct Exchange {
    /// The audit to export; none on a laptop that has no audit yet (it can only merge).
    audit: Option<Audit>,
    list: ListState,
    asking: Option<Asking>,
    pending: Option<Job>,
    /// How the pending export writes its tables (CSV fields separated the way the UI's language's
    /// spreadsheets split them).
    options: ExportOptions,
    /// Whether a job of this screen runs on the worker thread.
    running: bool,
    /// What the last export or merge did, line by line; `true` marks a failure.
    result: Vec<(String, bool)>,
    /// Opened without an audit (none on the laptop yet), a merge has brought some.
    merged_audits: bool,
}

impl Exchange {
    pub fn new(app: &App, audit: Option<Id>) -> Result<Exchange, AppError> {
        Ok(Exchange {
            audit: match audit {
                Some(id) => Some(app.resolve_audit(&id.to_string())?),
                None => None,
            },
            list: ListState::default(),
            asking: None,
            pending: None,
            options: ExportOptions::default(),
            running: false,
            result: Vec::new(),
            merged_audits: false,
        })
    }

    fn choice(&self) -> Choice {
        CHOICES
            .get(self.list.cursor())
            .copied()
            .unwrap_or(Choice::Bundle)
    }

    fn ask_path(&mut self, ui: &Ui) -> Outcome {
        let Some(audit) = &self.audit else {
            return Outcome::None;
        };
        let choice = self.choice();
        let name = choice.default_name(audit);
        self.asking = Some(Asking::ExportPath(choice));
        Outcome::Popup(Popup::Input(Input::new(
            "exchange.path",
            format!(
                "{} — {}",
                ui.t.t("exchange.export_title"),
                ui.t.t(choice.key())
            ),
            ui.t.t(if choice == Choice::Table(Format::Csv) {
                "exchange.path_prompt_folder"
            } else {
                "exchange.path_prompt"
            })
            .into(),
            &name,
        )))
    }

    fn secret(purpose: &'static str, ui: &Ui, title: &str, prompt: &str) -> Outcome {
        Outcome::Popup(Popup::Input(Input::secret(
            purpose,
            ui.t.t(title).into(),
            ui.t.t(prompt).into(),
        )))
    }

    fn start(&mut self, job: Job, ui: &mut Ui) -> Outcome {
        self.pending = Some(job);
        self.options = ExportOptions {
            delimiter: crate::app::csv_delimiter_for(ui.t.lang),
            report_settings: None,
        };
        ui.ok(ui.t.t("exchange.working").to_string());
        Outcome::None
    }

    /// What a job did, in the result box and the status line.
    fn show(&mut self, done: Done, cx: &mut Cx) {
        if let Done::Merge(Ok(r)) = &done {
            self.merged_audits |= self.audit.is_none() && r.count(Kind::AuditCreated) > 0;
        }
        let t = &cx.ui.t;
        let lines: Result<Vec<String>, AppError> = match done {
            Done::Bundle(r) => r.map(|r| {
                vec![
                    t.f(
                        "exchange.bundle_written",
                        &[("path", &r.path.display()), ("bytes", &t.count(r.bytes))],
                    ),
                    t.f(
                        "exchange.bundle_counts",
                        &[("events", &r.events), ("stubs", &r.stubs)],
                    ),
                    t.t(if r.encrypted {
                        "exchange.bundle_encrypted"
                    } else {
                        "exchange.bundle_plain"
                    })
                    .to_string(),
                ]
            }),
            Done::Table(r) => r.map(|r| {
                let mut out = vec![t.f(
                    "exchange.table_written",
                    &[("n", &r.files.len()), ("bytes", &t.count(r.bytes()))],
                )];
                out.extend(r.files.iter().map(|f| format!("  {}", f.path.display())));
                out
            }),
            Done::Merge(r) => r.map(|r| {
                // the kinds of event as the trail names them, in the UI's language
                let mut kinds: Vec<String> = r
                    .by_kind
                    .iter()
                    .map(|(code, n)| match Kind::from_code(code) {
                        Some(k) => {
                            format!("{} {}", t.t(super::trail::kind_key(k)), t.count(*n))
                        }
                        None => format!("{code} {}", t.count(*n)),
                    })
                    .collect();
                if kinds.is_empty() {
                    kinds.push("—".into());
                }
                let mut out = vec![
                    t.f(
                        "exchange.merged",
                        &[
                            ("sender", &r.sender_name),
                            ("key", &r.sender_key),
                            ("audit", &r.title_in(t)),
                        ],
                    ),
                    t.f(
                        "exchange.merged_counts",
                        &[("added", &t.count(r.added)), ("known", &t.count(r.known))],
                    ),
                    format!("  {}", kinds.join(" · ")),
                ];
                if r.unread > 0 {
                    out.push(t.f("exchange.unread", &[("n", &t.count(r.unread))]));
                }
                out.push(if r.conflicts.is_empty() {
                    t.t("exchange.no_conflicts").to_string()
                } else {
                    t.f(
                        "exchange.conflicts_wait",
                        &[
                            ("n", &t.count(r.conflicts.len() as u64)),
                            ("key", &cx.ui.key(&KEYS, Action::GoConflicts)),
                        ],
                    )
                });
                out
            }),
        };
        match lines {
            Ok(lines) => {
                cx.ui.ok(lines.first().cloned().unwrap_or_default());
                self.result = lines.into_iter().map(|l| (l, false)).collect();
            }
            Err(e) => self.fail(e, cx.ui),
        }
    }

    /// Export to `path`: a findings file asks for a passphrase first.
    fn export_to(&mut self, choice: Choice, path: PathBuf, ui: &mut Ui) -> Outcome {
        if choice == Choice::Bundle {
            self.asking = Some(Asking::Passphrase(choice, path));
            return Self::secret(
                "exchange.pass",
                ui,
                "exchange.pass_title",
                "exchange.pass_prompt",
            );
        }
        self.start(
            Job::Export {
                choice,
                path,
                seal: Seal::Plain,
            },
            ui,
        )
    }

    /// A failed export or merge: one line in the status line, and in the result below.
    fn fail(&mut self, e: AppError, ui: &mut Ui) {
        let msg = e.message(&ui.t);
        ui.error(msg.clone());
        self.result = vec![(msg, true)];
    }

    /// Merge `path`, asking first how to open it when it is encrypted.
    fn import(&mut self, path: PathBuf, cx: &mut Cx) -> Outcome {
        match sealing(&path) {
            Ok(Sealing::Identity) => {
                self.asking = Some(Asking::ImportIdentity(path));
                Outcome::Popup(Popup::Input(Input::new(
                    "exchange.identity",
                    cx.ui.t.t("exchange.import_title").into(),
                    cx.ui.t.t("exchange.identity_prompt").into(),
                    "",
                )))
            }
            Ok(Sealing::Passphrase) => {
                self.asking = Some(Asking::ImportPassphrase(path));
                Self::secret(
                    "exchange.import_pass",
                    cx.ui,
                    "exchange.import_title",
                    "exchange.import_pass_prompt",
                )
            }
            Ok(Sealing::Plain) => self.start(
                Job::Import {
                    path,
                    unseal: Unseal::None,
                },
                cx.ui,
            ),
            // a path that cannot be read: the path input stays open with what was typed
            Err(e) => {
                self.asking = Some(Asking::ImportPath);
                Outcome::Reject(e.message(&cx.ui.t))
            }
        }
    }
}

/// A typed path made absolute against the folder Periksa was started in, so the result says
/// exactly where the file is (as typed when that cannot be worked out).
fn absolute(text: &str) -> PathBuf {
    std::path::absolute(text).unwrap_or_else(|_| PathBuf::from(text))
}

impl Screen for Exchange {
    fn title(&self, ui: &Ui) -> String {
        ui.t.t("exchange.screen").into()
    }

    fn bindings(&self) -> Vec<&'static Layer> {
        vec![&KEYS, &LIST_NAV]
    }

    fn audit(&self) -> Option<&Audit> {
        self.audit.as_ref()
    }

    fn has_work(&self) -> bool {
        self.pending.is_some()
    }

    fn take_job(&mut self) -> Option<worker::Job> {
        let job = self.pending.take()?;
        self.running = true;
        let audit = self
            .audit
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        let options = self.options.clone();
        Some(worker::Job::new(move |app, p| {
            JobResult::new(job.run(&audit, &options, app, p))
        }))
    }

    fn job_done(&mut self, result: JobResult, cx: &mut Cx) {
        self.running = false;
        // the job this screen made hands back a `Done`
        if let Some(done) = result.take::<Done>() {
            self.show(done, cx);
        }
    }

    fn update(&mut self, action: Action, cx: &mut Cx) -> Outcome {
        match action {
            Action::Back => return Outcome::Pop,
            // a short list: a page is all of it
            a if ListState::moves(a) => {
                self.list.handle(a, CHOICES.len(), WHOLE);
            }
            Action::Export => return self.ask_path(cx.ui),
            Action::Import => {
                self.asking = Some(Asking::ImportPath);
                return Outcome::Popup(Popup::Input(Input::new(
                    "exchange.import",
                    cx.ui.t.t("exchange.import_title").into(),
                    cx.ui.t.t("exchange.import_prompt").into(),
                    "",
                )));
            }
            Action::GoConflicts => {
                let audit = self.audit.as_ref().map(|a| a.id);
                return Outcome::Open(Intent::OpenConflicts { audit });
            }
            _ => {}
        }
        Outcome::None
    }

    fn on_result(&mut self, r: PopupResult, cx: &mut Cx) -> Outcome {
        if let (Value::Yes, Some(Asking::Replace(choice, path))) = (&r.value, &self.asking) {
            let (choice, path) = (*choice, path.clone());
            self.asking = None;
            return self.export_to(choice, path, cx.ui);
        }
        let Value::Text(text) = r.value else {
            return Outcome::None;
        };
        match self.asking.take() {
            Some(Asking::ExportPath(choice)) if !text.is_empty() => {
                let path = absolute(&text);
                // an export replaces its target whole: a file already there is not lost unasked
                if path.exists() {
                    let msg = cx.ui.t.f("exchange.replace", &[("path", &path.display())]);
                    self.asking = Some(Asking::Replace(choice, path));
                    return Outcome::Popup(Popup::confirm("exchange.replace", msg));
                }
                self.export_to(choice, path, cx.ui)
            }
            Some(Asking::Passphrase(choice, path)) => {
                if text.is_empty() {
                    return self.start(
                        Job::Export {
                            choice,
                            path,
                            seal: Seal::Plain,
                        },
                        cx.ui,
                    );
                }
                self.asking = Some(Asking::PassphraseAgain(choice, path, text));
                Self::secret(
                    "exchange.pass2",
                    cx.ui,
                    "exchange.pass_title",
                    "exchange.pass_again",
                )
            }
            Some(Asking::PassphraseAgain(choice, path, first)) => {
                if text != first {
                    // asked again: the second entry stays open to be typed again
                    let msg = cx.ui.t.t("exchange.pass_mismatch").to_string();
                    self.asking = Some(Asking::PassphraseAgain(choice, path, first));
                    return Outcome::Reject(msg);
                }
                self.start(
                    Job::Export {
                        choice,
                        path,
                        seal: Seal::Passphrase(SecretString::from(text)),
                    },
                    cx.ui,
                )
            }
            Some(Asking::ImportPath) if !text.is_empty() => self.import(absolute(&text), cx),
            Some(Asking::ImportPassphrase(path)) if !text.is_empty() => self.start(
                Job::Import {
                    path,
                    unseal: Unseal::Passphrase(SecretString::from(text)),
                },
                cx.ui,
            ),
            Some(Asking::ImportIdentity(path)) if !text.is_empty() => self.start(
                Job::Import {
                    path,
                    unseal: Unseal::IdentityFile(PathBuf::from(text)),
                },
                cx.ui,
            ),
            _ => Outcome::None,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let th = &ui.theme;
        let t = &ui.t;
        let choices = if self.audit.is_some() {
            CHOICES.len()
        } else {
            0
        };
        let intro = match &self.audit {
            Some(_) => t.f(
                "exchange.intro",
                &[
                    ("open", &ui.key(&KEYS, Action::Export)),
                    ("import", &ui.key(&KEYS, Action::Import)),
                ],
            ),
            None if self.merged_audits => t.f(
                "exchange.intro_merged",
                &[
                    ("back", &ui.key(&GLOBAL, Action::Back)),
                    ("import", &ui.key(&KEYS, Action::Import)),
                ],
            ),
            None => t.f(
                "exchange.intro_merge",
                &[("import", &ui.key(&KEYS, Action::Import))],
            ),
        };
        // the intro wraps; each choice keeps one row (cut at the edge), and on a short terminal
        // the choices scroll with the cursor so the result below keeps four rows
        let inner_w = usize::from(area.width.saturating_sub(2)).max(1);
        let intro_rows = wrapped_rows(&intro, inner_w);
        let room = usize::from(area.height.saturating_sub(4));
        let top_rows = (intro_rows + choices + 2).min(room.max(intro_rows + 3));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(top_rows as u16), Constraint::Min(3)]).areas(area);
        let title = match &self.audit {
            Some(a) => format!(" {} — {} ", t.t("exchange.screen"), a.title),
            None => format!(" {} ", t.t("exchange.screen")),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border_focus)
            .title(Span::styled(title, th.title));
        let inner = block.inner(top);
        f.render_widget(block, top);
        let [intro_area, list_area] =
            Layout::vertical([Constraint::Length(intro_rows as u16), Constraint::Min(0)])
                .areas(inner);
        f.render_widget(
            Paragraph::new(Span::styled(intro, th.muted)).wrap(Wrap { trim: true }),
            intro_area,
        );
        let shown = self.list.window(usize::from(list_area.height), choices);
        let lines: Vec<Line> = CHOICES
            .iter()
            .enumerate()
            .take(shown.end)
            .skip(shown.start)
            .map(|(i, c)| {
                let (mark, style) = if i == self.list.cursor() {
                    ("› ", th.selected)
                } else {
                    ("  ", th.base)
                };
                Line::from(Span::styled(format!("{mark}{}", t.t(c.key())), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list_area);

        let body: Vec<Line> = if self.pending.is_some() || self.running {
            // how far the job has got, once it tells
            let line = ui
                .job_line()
                .unwrap_or_else(|| t.t("exchange.working").to_string());
            vec![Line::from(Span::styled(line, th.warn))]
        } else if self.result.is_empty() {
            vec![Line::from(Span::styled(
                t.t("exchange.nothing_yet"),
                th.muted,
            ))]
        } else {
            self.result
                .iter()
                .map(|(l, bad)| {
                    Line::from(Span::styled(
                        l.clone(),
                        if *bad { th.error } else { th.base },
                    ))
                })
                .collect()
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border)
            .title(Span::styled(
                format!(" {} ", t.t("exchange.result")),
                th.title,
            ));
        f.render_widget(
            Paragraph::new(body).block(block).wrap(Wrap { trim: false }),
            bottom,
        );
    }
}

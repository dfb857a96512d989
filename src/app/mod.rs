//! The application layer: the commands that write (through the store) and the queries behind every screen.
//!
//! The CLI and the TUI call only this module. Every command validates against the current state
//! first, then hands the store one save (one fsync); nothing is written when validation fails.

mod audit;
mod bundle;
pub(crate) mod check;
mod correct;
pub mod demo;
mod diff;
mod drafts;
mod earlier;
mod engagement;
mod error;
pub(crate) mod error_text;
mod export;
mod lhp;
mod merge;
mod paths;
mod progress;
mod read;
mod recommendation;
mod record_version;
mod roster;
mod roster_search;
mod roster_view;
mod roundtrip;
#[cfg(feature = "testkit")]
pub mod scale;
mod sentences;
mod signoff;
mod skm;
mod tlhp;
#[doc(hidden)]
#[cfg(feature = "testkit")]
pub mod torture;
mod trail;
mod training;
mod views;

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};

use crate::domain::model::Profile;
use crate::domain::nip::Nip;
use crate::domain::phase::Role;
use crate::domain::Id;
use crate::exchange::checklist;
use crate::store::event::Hash;
pub use crate::store::Rebuilding;
use crate::store::{Notice, Settings, Store, StoreError};

pub use audit::{
    followup_due, AuditHead, AuditStats, AuditSummary, AuditView, ItemView, NewAudit, NewFinding,
    NewRating,
};
pub use bundle::{
    new_identity_file, sealing, BundleReport, Conflict, ConflictMarks, MergeReport, Sealing,
    Version,
};
pub use check::gap_line;
pub use diff::{differing_part, field_diffs, Excerpt, FieldDiff};
pub use drafts::{engagement_draft_key, finding_draft_key, note_draft_key};
pub use earlier::RepeatOf;
pub use engagement::{engagement_parts, lines_of, member_line, team_line, EngagementEdit};
pub use error::{said, AppError, Arg, Said};
pub use error_text::{
    date as date_error, distribution_rules as distribution_rules_message, io_reason,
    problem as problem_message, sheet_note as sheet_note_message,
    sheet_problem as sheet_problem_message,
};
pub use export::{csv_delimiter_for, ExportReport};
pub use lhp::SETTINGS_FILE as REPORT_SETTINGS_FILE;
pub use merge::{DraftField, DraftText, MergeDraft, MergeError, MARK as MERGE_MARK};
pub use paths::{clean_path, complete_among, complete_path, DirEntry, PathCompletion};
pub use progress::{Flow, Stage, Step};
pub use recommendation::{
    followup_summary, recommendations_from_text, which_recommendation, FollowUpSummary, NewEntry,
    NewRecommendation, NewVerification, CODES_FILE,
};
pub use roster::{read_roster_file, ImportReport};
pub use roster_view::{
    kind_label, AgencyDistribution, EmployeeFinding, EmployeeRating, EmployeeView,
    PeriodDistribution, RosterIndex, RosterSearch,
};
pub use roundtrip::{
    is_spreadsheet, one_line, one_line_change, ColumnChange, ForceStale, RowChange, SheetDiff,
    SheetImport, StaleRow,
};
pub use sentences::{
    gap_line_in, nip_flag_description, nip_flag_label, nip_flag_warning, nip_warnings_in,
    notice_message, verify_problem_message, violation_message,
};
pub use signoff::{SignOffRow, StaleBy};
pub use skm::{EarlierIkm, SkmOptions, SkmReport, SKM_RULES_FILE};
pub use tlhp::{tlhp_recap, TlhpFilter, TlhpRead, TlhpRow};
pub use trail::{
    describe, describe_in, fingerprint, AsOfView, Change, ChangeLine, DateRange, Field, RangeError,
    Value, CHANGE_WALK_MAX,
};
pub use training::{
    training_area_label, training_basis_label, training_count_label, training_person_label,
    training_survey_label,
};
pub use views::MAX_VIEWS;

// The store's and the exchange's types the front ends work with: they name them through the app,
// never the layers below it.
pub use crate::exchange::bundle::{Seal, Unseal};
pub use crate::exchange::export::{Delimiter, ExportOptions, Format};
pub use crate::store::event::{short_hash, Event, Kind, Payload};
pub use crate::store::verify::VerifyReport;
pub use crate::store::{EventFilter, EventPos};

/// The follow-up deadline in days when a store has no setting and the rules file cannot be read
/// (it is part of the build and tested to read): BPK's 60.
pub const DEFAULT_FOLLOWUP_DAYS: u32 = 60;

/// The follow-up deadline of `data/rules/tindak-lanjut.toml` (30 or 60 days by region).
pub fn builtin_followup_days() -> u32 {
    crate::domain::followup::FollowUpRules::builtin()
        .map(|r| r.days)
        .unwrap_or(DEFAULT_FOLLOWUP_DAYS)
}

pub struct App {
    store: Store,
    settings: Settings,
    /// Checklist templates read so far, by hash: a template never changes once stored, and an
    /// audit's 500-item checklist is costly to decode again for every save and summary.
    templates: TemplateCache,
}

/// Shared with `Arc`, not `Rc`, so that an `App` is `Send`: the terminal UI hands it to a worker
/// thread for long work (the `RefCell` keeps it from being shared between threads at once, which
/// nothing needs).
type TemplateCache = std::cell::RefCell<
    std::collections::HashMap<Hash, std::sync::Arc<crate::domain::template::Template>>,
>;

// The terminal UI moves the App to a worker thread for long work (src/tui/worker.rs).
const _: fn() = || {
    fn send<T: Send>() {}
    send::<App>();
};

/// The platform's default store directory (e.g. `~/.local/share/periksa/store`).
pub fn default_store_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "periksa", "periksa").map(|d| d.data_dir().join("store"))
}

/// The default demo store: beside the default store.
pub fn default_demo_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "periksa", "periksa").map(|d| d.data_dir().join("demo"))
}

/// Today's date on this laptop (Indonesian local time when the laptop is set to it).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn clean(s: &str) -> String {
    s.trim().to_string()
}

impl App {
    /// Create a store at `dir` with its first auditor profile, who becomes the current one.
    pub fn init(dir: &Path, name: &str, nip: Option<&str>, role: Role) -> Result<App, AppError> {
        App::init_dated(dir, name, nip, role, None)
    }

    /// [`App::init`] with the first events dated `at_ms` (for a generated, back-dated history).
    #[cfg(feature = "testkit")]
    pub fn init_at(
        dir: &Path,
        name: &str,
        nip: Option<&str>,
        role: Role,
        at_ms: Option<i64>,
    ) -> Result<App, AppError> {
        App::init_dated(dir, name, nip, role, at_ms)
    }

    fn init_dated(
        dir: &Path,
        name: &str,
        nip: Option<&str>,
        role: Role,
        at_ms: Option<i64>,
    ) -> Result<App, AppError> {
        let profile = make_profile(name, nip, role)?;
        let store = Store::init_dated(
            dir,
            &format!("{} ({})", profile.name, hostname()),
            profile.id,
            vec![Payload::ProfileAdded(profile.clone())],
            at_ms,
        )?;
        let settings = Settings {
            current_profile: Some(profile.id),
            followup_days: Some(builtin_followup_days()),
            ..Settings::default()
        };
        store.save_settings(&settings)?;
        Ok(App {
            store,
            settings,
            templates: Default::default(),
        })
    }

    pub fn open(dir: &Path) -> Result<App, AppError> {
        App::open_with(dir, &mut |_| {})
    }

    /// [`App::open`], telling `progress` how far a rebuild of the state has got (after an update
    /// that changed the state's layout, which is rebuilt from the journal on open).
    pub fn open_with(dir: &Path, progress: &mut dyn FnMut(Rebuilding)) -> Result<App, AppError> {
        let store = Store::open_with(dir, progress)?;
        let settings = store.settings()?;
        Ok(App {
            store,
            settings,
            templates: Default::default(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
    pub fn notices(&self) -> &[Notice] {
        self.store.notices()
    }
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// The auditor profile changes are attributed to.
    pub fn current_profile(&self) -> Result<Profile, AppError> {
        let id = self.settings.current_profile.ok_or(AppError::NoProfile)?;
        self.store
            .profile(&id)?
            .ok_or_else(|| AppError::UnknownProfile(id.to_string()))
    }

    pub fn profiles(&self) -> Result<Vec<Profile>, AppError> {
        Ok(self.store.profiles()?)
    }

    pub fn profile_add(
        &mut self,
        name: &str,
        nip: Option<&str>,
        role: Role,
    ) -> Result<Profile, AppError> {
        let profile = make_profile(name, nip, role)?;
        if let Some(n) = &profile.nip {
            if let Some(p) = self
                .profiles()?
                .into_iter()
                .find(|p| p.nip.as_ref() == Some(n))
            {
                return Err(said(
                    "error.app.profile_nip_exists",
                    &[("nip", n), ("name", &p.name)],
                ));
            }
        }
        let actor = self.current_profile().map(|p| p.id).unwrap_or(profile.id);
        self.store
            .commit(actor, vec![Payload::ProfileAdded(profile.clone())])?;
        Ok(profile)
    }

    /// Find a profile by id (a prefix or its short id), NIP, or name (case-insensitive).
    pub fn find_profile(&self, key: &str) -> Result<Profile, AppError> {
        let key = key.trim();
        let digits: String = key.chars().filter(|c| !c.is_whitespace()).collect();
        let all = self.profiles()?;
        let found: Vec<&Profile> = all
            .iter()
            .filter(|p| {
                crate::present::id_matches(&p.id, key)
                    || p.nip.as_ref().is_some_and(|n| n.as_str() == digits)
                    || p.name.eq_ignore_ascii_case(key)
            })
            .collect();
        // no exact match: the start of a name will do when it names one person (`Rina` for
        // "Rina Kartika, S.E., M.Ak.")
        let lower = key.to_lowercase();
        let found: Vec<&Profile> = if found.is_empty() && !lower.is_empty() {
            all.iter()
                .filter(|p| p.name.to_lowercase().starts_with(&lower))
                .collect()
        } else {
            found
        };
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(AppError::UnknownProfile(key.to_string())),
            _ => Err(said(
                "error.app.ambiguous_profile",
                &[("x", &key), ("n", &found.len())],
            )),
        }
    }

    pub fn profile_use(&mut self, key: &str) -> Result<Profile, AppError> {
        let p = self.find_profile(key)?;
        self.settings.current_profile = Some(p.id);
        self.store.save_settings(&self.settings)?;
        Ok(p)
    }

    /// How close a finding's title must be to an earlier one's to be a repeat finding
    /// (`kemiripan_judul_berulang` in data/rules/tindak-lanjut.toml).
    pub fn repeat_similarity(&self) -> f64 {
        crate::domain::followup::FollowUpRules::builtin()
            .map(|r| r.repeat_similarity)
            .unwrap_or(0.75)
    }

    pub fn followup_days(&self) -> u32 {
        self.settings
            .followup_days
            .unwrap_or_else(builtin_followup_days)
    }

    fn commit(&mut self, payloads: Vec<Payload>) -> Result<Vec<Event>, AppError> {
        let actor = self.current_profile()?.id;
        Ok(self.store.commit(actor, payloads)?)
    }

    /// Save `payloads` as one save (one fsync) attributed to the current profile, without the
    /// checks the commands make. Only for generating large stores in benchmarks
    /// (`benches/exchange.rs`); the CLI and the TUI never call it. Returns the events saved.
    #[cfg(feature = "testkit")]
    pub fn bench_commit(&mut self, payloads: Vec<Payload>) -> Result<usize, AppError> {
        Ok(self.commit(payloads)?.len())
    }

    /// Import a checklist template from TOML; returns its hash, the template and whether it was new.
    /// Its number ranges and engagement defaults are saved with it, in the same save.
    pub fn import_template(
        &mut self,
        label: &str,
        bytes: &[u8],
    ) -> Result<(Hash, crate::domain::template::Template, bool), AppError> {
        let c = checklist::parse_checklist(label, bytes).map_err(AppError::Checklist)?;
        let hash = checklist_hash(&c)?;
        let template = c.template;
        if self.store.template(&hash)?.is_some() {
            let latest = self.store.template_latest(&template.id)?.map(|(h, _)| h);
            if latest == Some(hash) {
                return Ok((hash, template, false));
            }
        }
        let mut payloads = vec![Payload::TemplateImported {
            hash,
            template: template.clone(),
        }];
        if !c.limits.is_empty() {
            payloads.push(Payload::TemplateLimits {
                hash,
                limits: c.limits,
            });
        }
        if !c.defaults.is_empty() {
            payloads.push(Payload::TemplateDefaults {
                hash,
                defaults: c.defaults,
            });
        }
        if !c.computed.is_empty() {
            payloads.push(Payload::TemplateComputed {
                hash,
                items: c.computed,
            });
        }
        self.commit(payloads)?;
        Ok((hash, template, true))
    }

    pub fn templates(&self) -> Result<Vec<(Hash, crate::domain::template::Template)>, AppError> {
        Ok(self.store.templates_latest()?)
    }

    /// The trail, newest first.
    pub fn log(&self, filter: &EventFilter, limit: usize) -> Result<Vec<Event>, AppError> {
        Ok(self.store.events(filter, limit)?)
    }

    /// A person's name for an actor id in the trail.
    pub fn actor_name(&self, id: &Id) -> String {
        match self.store.profile(id) {
            Ok(Some(p)) => p.name,
            _ => id.to_string(),
        }
    }

    pub fn verify(&self) -> Result<VerifyReport, AppError> {
        Ok(self.store.verify()?)
    }

    pub fn rebuild(&mut self) -> Result<usize, AppError> {
        self.rebuild_with(&mut |_| Flow::Go)
    }

    pub fn close(self) -> Result<(), AppError> {
        Ok(self.store.close()?)
    }
}

/// `checklist validate`: a template file checked without a store; every problem as a diagnostic
/// (file:line:column: message).
pub fn validate_template(
    label: &str,
    bytes: &[u8],
) -> Result<crate::domain::template::Template, Vec<checklist::Diagnostic>> {
    checklist::parse_template(label, bytes)
}

/// The content hash an audit pins a template by.
/// The identity of a checklist as an audit pins it: its template's hash, or, when number items
/// give ranges, the hash of the template and its ranges (so a template without ranges keeps the
/// hash it always had).
/// The hash a checklist is pinned by: of its template alone (as before number ranges and
/// engagement defaults existed), or with the ranges, or with both, so that a file without them
/// keeps the hash it always had.
pub fn checklist_hash(c: &checklist::Checklist) -> Result<Hash, AppError> {
    let (t, limits) = (&c.template, &c.limits);
    let bytes = if !c.computed.is_empty() {
        crate::codec::encode(&(t, limits, &c.defaults, &c.computed))
    } else if !c.defaults.is_empty() {
        crate::codec::encode(&(t, limits, &c.defaults))
    } else if !limits.is_empty() {
        crate::codec::encode(&(t, limits))
    } else {
        return template_hash(t);
    }
    .map_err(StoreError::Codec)?;
    Ok(*blake3::hash(&bytes).as_bytes())
}

pub fn template_hash(t: &crate::domain::template::Template) -> Result<Hash, AppError> {
    let bytes = crate::codec::encode(t).map_err(StoreError::Codec)?;
    Ok(*blake3::hash(&bytes).as_bytes())
}

/// What a NIP typed on its own (a profile's) is warned about: the flags roster import warns
/// about (see [`crate::domain::nip::NipInfo::warnings`]), one sentence each. Nothing for a NIP
/// that does not parse: the command taking it refuses it with the reason.
pub fn nip_warnings(nip: &str) -> Vec<String> {
    Nip::parse(nip, today())
        .map(|info| info.warnings())
        .unwrap_or_default()
}

fn make_profile(name: &str, nip: Option<&str>, role: Role) -> Result<Profile, AppError> {
    let name = clean(name);
    if name.is_empty() {
        return Err(said("error.app.profile_name_empty", &[]));
    }
    let nip = match nip.map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => Some(Nip::parse(n, today())?.nip),
        None => None,
    };
    Ok(Profile {
        id: Id::now_v7(),
        name,
        nip,
        role,
    })
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "laptop".into())
}

//! The errors a command can end in, each one clear and specific enough to act on.

use crate::domain::nip::NipError;
use crate::exchange::checklist::Diagnostic;
use crate::exchange::roster::{Problem, RosterError};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this store has no current auditor profile; add one with `periksa profile add --name NAME --nip NIP`")]
    NoProfile,
    #[error("no auditor profile matches \"{0}\"; see `periksa profile list`")]
    UnknownProfile(String),
    #[error("no audit matches \"{0}\"; see `periksa audit list`")]
    UnknownAudit(String),
    #[error("\"{0}\" matches {1} audits; give more of the id")]
    AmbiguousAudit(String, usize),
    #[error("audit {audit} has no checklist item \"{item}\" (its checklist is {template})")]
    UnknownItem {
        audit: String,
        item: String,
        template: String,
    },
    #[error("no agency with code \"{0}\"; see `periksa agency list` or import agencies first")]
    UnknownAgency(String),
    #[error("no checklist template \"{0}\"; see `periksa checklist list` or import it with `periksa checklist import FILE`")]
    UnknownTemplate(String),
    #[error("no employee with NIP {0} on the roster; import the roster first (`periksa roster import FILE`)")]
    UnknownEmployee(String),
    #[error("no finding matches \"{0}\"; see `periksa finding list AUDIT`")]
    UnknownFinding(String),
    #[error("{0}")]
    Phase(#[from] crate::domain::phase::PhaseError),
    /// An answer that does not fit the item's kind (see [`AppError::is_usage`]).
    #[error("item {item}: {source}")]
    Answer {
        item: String,
        source: crate::domain::score::AnswerError,
    },
    #[error("{0}")]
    Date(#[from] crate::domain::date::DateError),
    #[error("NIP: {0}")]
    Nip(#[from] NipError),
    #[error("{}", join(.0))]
    Checklist(Vec<Diagnostic>),
    /// Boxed: a roster error carries the file, sheet and header it is about.
    #[error(transparent)]
    Roster(Box<RosterError>),
    #[error("{} problem(s), nothing imported (use --skip-invalid to import the valid rows):\n{}", .0.len(), join(.0))]
    Rows(Vec<Problem>),
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Export(#[from] crate::exchange::export::ExportError),
    #[error(transparent)]
    Bundle(#[from] crate::exchange::bundle::BundleError),
    /// Final is refused while the completeness check finds gaps that block it.
    #[error("cannot make the audit final: {}", crate::app::check::blocking_summary(.0))]
    Incomplete(Box<crate::domain::check::Completeness>),
    /// A second recommendation for the same (audit, NIP, period).
    #[error("ASN {nip} already has a rating recommendation for {period} in this audit: {id} ({hasil} × {perilaku} → {predikat}); give --replace REASON to replace it, or change it with `periksa rating edit {id}`", nip = .0.content.nip, period = .0.content.period, id = crate::present::short_id(&.0.id), hasil = .0.content.hasil.code(), perilaku = .0.content.perilaku.code(), predikat = .0.predikat.label_id())]
    RatingExists(Box<crate::domain::model::Rating>),
    /// A conflict's texts cannot be merged, or an edited merge text does not read.
    #[error(transparent)]
    Merge(#[from] super::merge::MergeError),
    #[error("{0}")]
    Invalid(String),
    /// An argument value the command cannot take, found only once the command looks at it (see
    /// [`AppError::is_usage`]).
    #[error("{0}")]
    Usage(String),
}

impl AppError {
    /// Whether this is an argument value the command cannot take at all, rather than work that
    /// failed: the command line exits 2 for it, as for the values its parser refuses itself.
    pub fn is_usage(&self) -> bool {
        matches!(self, AppError::Answer { .. } | AppError::Usage(_))
    }
}

impl From<RosterError> for AppError {
    fn from(e: RosterError) -> AppError {
        AppError::Roster(Box::new(e))
    }
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

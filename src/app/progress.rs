//! How far a long command has got, for a front end that shows it while the command runs: merging
//! and writing a findings file, exporting tables and verifying the store tell a callback which
//! part runs and how many of how many are done. The plain commands ([`App::import_bundle`],
//! [`App::export_bundle`], [`App::export`], [`App::verify`]) are these with no callback.

use std::path::Path;

use crate::exchange::bundle::{Seal, Unseal};
use crate::exchange::export::{ExportOptions, Format};
use crate::store::verify::Verifying;

use super::{App, AppError, BundleReport, ExportReport, MergeReport, VerifyReport};

/// The part of a long command that runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Opening a findings file: decrypting its start and reading its header (no counts).
    Read,
    /// Reading a findings file's entries, checking each against its chain and this store's
    /// copies, setting the new ones aside (entries); then its signature.
    Check,
    /// Saving what is new from a findings file: records applied (entries).
    Save,
    /// Choosing the events a findings file takes, through the journal (journal bytes).
    Collect,
    /// Writing a findings file (entries).
    Write,
    /// Writing a table export (no counts).
    Tables,
    /// Walking the device chains through the journal (journal bytes).
    Chains,
    /// Re-deriving the state from the journal to compare it (journal bytes).
    Rederive,
    /// Comparing the re-derived state with the live one (no counts).
    Compare,
    /// Re-deriving the state from the journal to replace it (journal bytes).
    Rebuild,
}

/// One report of progress: `done` of `total` in the stage's unit (`total` 0: no counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

impl Step {
    pub fn of(stage: Stage, done: u64, total: u64) -> Step {
        Step { stage, done, total }
    }

    /// A stage that gives no counts.
    pub fn stage(stage: Stage) -> Step {
        Step::of(stage, 0, 0)
    }
}

/// Whether a long command goes on after telling its progress. `Stop` ends it with
/// [`StoreError::Cancelled`](crate::store::StoreError::Cancelled) while it has changed and written
/// nothing; a save under way is not stopped (it is whole or not at all, and finishes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

/// `Ok` to go on, the cancellation to stop.
pub(super) fn go_on(flow: Flow) -> Result<(), AppError> {
    match flow {
        Flow::Go => Ok(()),
        Flow::Stop => Err(AppError::Store(crate::store::StoreError::Cancelled)),
    }
}

/// Entries between two reports of progress.
pub const EVERY: u64 = 1_000;

/// Counts entries and says when the next report of progress is due (every [`EVERY`]).
pub(super) struct Every(u64);

impl Every {
    pub(super) fn new() -> Every {
        Every(0)
    }

    /// One more entry; whether to report now.
    pub(super) fn tick(&mut self) -> bool {
        self.0 += 1;
        self.0.is_multiple_of(EVERY)
    }
}

impl App {
    /// [`App::import_bundle`], telling `progress` how far the merge has got: the file is opened
    /// ([`Stage::Read`]), its entries read, checked and compared with this store
    /// ([`Stage::Check`]), and what is new saved ([`Stage::Save`]).
    pub fn import_bundle_with(
        &mut self,
        path: &Path,
        unseal: &Unseal,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<MergeReport, AppError> {
        self.current_profile()?;
        self.merge_file(path, unseal, progress)
    }

    /// [`App::export_bundle`], telling `progress` how far it has got ([`Stage::Collect`], then
    /// [`Stage::Write`]).
    pub fn export_bundle_with(
        &self,
        audit_key: &str,
        path: &Path,
        seal: &Seal,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<BundleReport, AppError> {
        let audit = self.resolve_audit(audit_key)?;
        self.write_bundle(Some(&audit), path, seal, progress)
    }

    /// [`App::export`], telling `progress` that it runs ([`Stage::Tables`]: an audit's tables are
    /// written in moments, so no counts).
    pub fn export_with(
        &self,
        audit_key: &str,
        format: Format,
        path: &Path,
        options: &ExportOptions,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<ExportReport, AppError> {
        go_on(progress(Step::stage(Stage::Tables)))?;
        self.export(audit_key, format, path, options)
    }

    /// [`App::verify`], telling `progress` how far it has got: the chains ([`Stage::Chains`]), the
    /// state re-derived ([`Stage::Rederive`]) and compared ([`Stage::Compare`]).
    pub fn verify_with(
        &self,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<VerifyReport, AppError> {
        Ok(self.store.verify_with(&mut |v| {
            progress(match v {
                Verifying::Chains { done, total } => Step::of(Stage::Chains, done, total),
                Verifying::Rederive { done, total } => Step::of(Stage::Rederive, done, total),
                Verifying::Compare => Step::stage(Stage::Compare),
            }) == Flow::Go
        })?)
    }
}

impl App {
    /// [`App::rebuild`], telling `progress` how far it has got ([`Stage::Rebuild`], journal
    /// bytes); stopped, the state is as it was.
    pub fn rebuild_with(
        &mut self,
        progress: &mut dyn FnMut(Step) -> Flow,
    ) -> Result<usize, AppError> {
        Ok(self.store.rebuild_with(&mut |r| {
            progress(Step::of(Stage::Rebuild, r.done, r.total)) == Flow::Go
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::demo;

    fn steps(run: impl FnOnce(&mut dyn FnMut(Step) -> Flow) -> Result<(), AppError>) -> Vec<Step> {
        let mut seen = Vec::new();
        run(&mut |s| {
            seen.push(s);
            Flow::Go
        })
        .unwrap();
        seen
    }

    /// The demo store as the lead's laptop, and its audit.
    fn lead(dir: &std::path::Path) -> (App, String) {
        let lead = dir.join("lead");
        demo::fill(&lead).unwrap();
        let app = App::open(&lead).unwrap();
        let audit = app.audits().unwrap()[0].audit.id.to_string();
        (app, audit)
    }

    /// A team member's new, empty store.
    fn member(dir: &std::path::Path) -> App {
        App::init(
            &dir.join("second"),
            "Budi",
            None,
            crate::domain::phase::Role::Member,
        )
        .unwrap()
    }

    /// A callback that asks to stop at the first report of `stage`.
    fn stop_at(stage: Stage) -> impl FnMut(Step) -> Flow {
        move |s| {
            if s.stage == stage {
                Flow::Stop
            } else {
                Flow::Go
            }
        }
    }

    fn stopped<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
        matches!(r, Err(AppError::Store(crate::store::StoreError::Cancelled)))
    }

    /// Asked to stop, an export leaves no file (not even a temporary one), a verification ends,
    /// and a merge stopped before its save leaves the store as it was; asked during the save, the
    /// merge finishes (it is whole or not at all).
    #[test]
    fn a_stop_leaves_the_store_and_the_target_as_they_were_and_a_save_under_way_finishes() {
        let tmp = tempfile::tempdir().unwrap();
        let (app, audit) = lead(tmp.path());
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        for stage in [Stage::Collect, Stage::Write] {
            let target = out.join("tim.periksa");
            let r = app.export_bundle_with(&audit, &target, &Seal::Plain, &mut stop_at(stage));
            assert!(stopped(r), "{stage:?}");
            assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "{stage:?}");
        }
        for stage in [Stage::Chains, Stage::Rederive, Stage::Compare] {
            assert!(stopped(app.verify_with(&mut stop_at(stage))), "{stage:?}");
        }
        let file = tmp.path().join("a.periksa");
        app.export_bundle(&audit, &file, &Seal::Plain).unwrap();

        let mut second = member(tmp.path());
        let before = second.store.journal_len();
        for stage in [Stage::Read, Stage::Check] {
            let r = second.import_bundle_with(&file, &Unseal::None, &mut stop_at(stage));
            assert!(stopped(r), "{stage:?}");
            assert_eq!(second.store.journal_len(), before, "{stage:?}");
        }
        assert!(second.audits().unwrap().is_empty());
        let merged = second
            .import_bundle_with(&file, &Unseal::None, &mut stop_at(Stage::Save))
            .unwrap();
        assert!(merged.added > 0);
        assert_eq!(second.audits().unwrap().len(), 1);
        assert!(second.verify().unwrap().ok());

        // a rebuild stopped halfway leaves the state as it was and nothing beside it
        let before = second.store.dump().unwrap();
        let mut told = 0;
        let r = second.rebuild_with(&mut |s| {
            assert_eq!(s.stage, Stage::Rebuild);
            told += 1;
            if told > 1 {
                Flow::Stop
            } else {
                Flow::Go
            }
        });
        assert!(stopped(r));
        assert_eq!(second.store.dump().unwrap(), before);
        assert!(!tmp.path().join("second").join("state.rebuild").exists());
        assert!(second.verify().unwrap().ok());
        let seen = steps(|p| second.rebuild_with(p).map(|_| ()));
        in_order(&seen, &[Stage::Rebuild]);
        assert_eq!(second.store.dump().unwrap(), before);

        // what a rebuild killed halfway left beside the state is removed on the next open
        drop(second);
        let leftover = tmp.path().join("second").join("state.rebuild");
        std::fs::create_dir_all(leftover.join("blobs")).unwrap();
        std::fs::write(leftover.join("db"), b"half built").unwrap();
        let again = App::open(&tmp.path().join("second")).unwrap();
        assert!(!leftover.exists());
        assert_eq!(again.store.dump().unwrap(), before);
    }

    /// Within each stage, `done` never goes back and never passes `total`; stages come in order.
    fn in_order(seen: &[Step], order: &[Stage]) {
        let mut at = 0;
        let mut last: Option<Step> = None;
        for s in seen {
            let i = order[at..]
                .iter()
                .position(|o| *o == s.stage)
                .unwrap_or_else(|| panic!("stage out of order: {s:?} in {seen:?}"));
            at += i;
            if let Some(l) = last.filter(|l| l.stage == s.stage) {
                assert!(s.done >= l.done, "{seen:?}");
            }
            assert!(s.total == 0 || s.done <= s.total, "{s:?}");
            last = Some(*s);
        }
    }

    #[test]
    fn export_merge_and_verify_tell_their_progress_and_do_what_the_plain_commands_do() {
        let tmp = tempfile::tempdir().unwrap();
        let (app, audit) = lead(tmp.path());
        let file = tmp.path().join("a.periksa");
        let mut report = None;
        let seen = steps(|p| {
            report = Some(app.export_bundle_with(&audit, &file, &Seal::Plain, p)?);
            Ok(())
        });
        in_order(&seen, &[Stage::Collect, Stage::Write]);
        assert_eq!(seen.first().map(|s| s.stage), Some(Stage::Collect));
        assert!(seen.iter().any(|s| s.stage == Stage::Write), "{seen:?}");
        let plain = app
            .export_bundle(&audit, &tmp.path().join("b.periksa"), &Seal::Plain)
            .unwrap();
        let report = report.unwrap();
        assert_eq!((report.events, report.stubs), (plain.events, plain.stubs));

        let seen = steps(|p| app.verify_with(p).map(|r| assert!(r.ok())));
        in_order(&seen, &[Stage::Chains, Stage::Rederive, Stage::Compare]);
        assert_eq!(seen.last().map(|s| s.stage), Some(Stage::Compare));

        let seen = steps(|p| {
            app.export_with(
                &audit,
                Format::Json,
                &tmp.path().join("t.json"),
                &Default::default(),
                p,
            )
            .map(|_| ())
        });
        assert_eq!(seen, vec![Step::stage(Stage::Tables)]);

        let mut second = member(tmp.path());
        let mut merged = None;
        let seen = steps(|p| {
            merged = Some(second.import_bundle_with(&file, &Unseal::None, p)?);
            Ok(())
        });
        in_order(&seen, &[Stage::Read, Stage::Check, Stage::Save]);
        let merged = merged.unwrap();
        let save_total = seen
            .iter()
            .rev()
            .find(|s| s.stage == Stage::Save)
            .map(|s| s.total);
        // the file's entries and the record of the import
        assert_eq!(
            save_total,
            Some(merged.added + merged.stubs + 1),
            "{seen:?}"
        );
        // merged again: nothing new, nothing saved
        let seen = steps(|p| {
            let again = second.import_bundle_with(&file, &Unseal::None, p)?;
            assert_eq!(again.added, 0);
            Ok(())
        });
        assert!(!seen.iter().any(|s| s.stage == Stage::Save), "{seen:?}");
    }
}

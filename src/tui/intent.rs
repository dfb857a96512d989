//! Where a screen asks to go next, by name and with what it needs: a screen returns an [`Intent`]
//! ([`crate::tui::Outcome::Open`]) and the shell builds the screen ([`Intent::open`]), so no screen
//! builds, or needs to know how to build, another.

use crate::app::{App, AppError};
use crate::domain::model::Audit;
use crate::domain::phase::Phase;
use crate::domain::Id;
use crate::tui::screens::{
    check, conflicts, distribution, employee, exchange, findings, register, roster, signoff, trail,
    training, walk,
};
use crate::tui::Screen;

/// A screen to open on top of the stack.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// The checklist walk of an audit.
    OpenWalk { audit: Id },
    /// The findings of an audit.
    OpenFindings { audit: Id },
    /// The findings of an audit with one of them selected (its detail shown).
    OpenFinding { audit: Id, finding: Id },
    /// The follow-up register (TLHP) of every final audit.
    OpenRegister,
    /// The register's open recommendations of one agency.
    OpenRegisterOpenOf { agency: String },
    /// The training-needs recap for the personnel office (BKPSDM) of an agency (the first one
    /// with audits when none is given).
    OpenTraining { agency: Option<String> },
    /// The roster of employees, to search.
    OpenRoster,
    /// One employee's page, by NIP.
    OpenEmployee { nip: String },
    /// The predikat distribution of an agency (the first one when none is given).
    OpenDistribution { agency: Option<String> },
    /// The audit trail of one audit, or of the whole store.
    OpenTrail { audit: Option<Id> },
    /// An audit as it stood at an event (`seq` of `device`), on item `focus` when given.
    OpenAsOf {
        audit: Id,
        device: Id,
        seq: u64,
        focus: Option<String>,
    },
    /// The open conflicts of one audit, or of every audit.
    OpenConflicts { audit: Option<Id> },
    /// Export and merge, for an audit (or merge only, with none).
    OpenExchange { audit: Option<Id> },
    /// The completeness panel, before `audit` moves to `next` (review or final).
    OpenCheck { audit: Box<Audit>, next: Phase },
    /// The review chain of an audit, to sign or withdraw.
    OpenSignOff { audit: Box<Audit> },
}

impl Intent {
    /// Build the screen this intent asks for, reading what it shows from `app`.
    pub fn open(self, app: &App) -> Result<Box<dyn Screen>, AppError> {
        fn boxed<S: Screen + 'static>(s: S) -> Box<dyn Screen> {
            Box::new(s)
        }
        Ok(match self {
            Intent::OpenWalk { audit } => boxed(walk::Walk::new(app, audit)?),
            Intent::OpenFindings { audit } => boxed(findings::Findings::new(app, audit)?),
            Intent::OpenFinding { audit, finding } => {
                let mut s = findings::Findings::new(app, audit)?;
                s.select_finding(&finding);
                boxed(s)
            }
            Intent::OpenRegister => boxed(register::Register::new(app)?),
            Intent::OpenRegisterOpenOf { agency } => {
                boxed(register::Register::open_of(app, &agency)?)
            }
            Intent::OpenTraining { agency } => {
                boxed(training::Training::new(app, agency.as_deref())?)
            }
            Intent::OpenRoster => boxed(roster::Roster::new(app)?),
            Intent::OpenEmployee { nip } => boxed(employee::EmployeePage::new(app, &nip)?),
            Intent::OpenDistribution { agency } => {
                boxed(distribution::Distribution::new(app, agency.as_deref())?)
            }
            Intent::OpenTrail { audit } => boxed(trail::Trail::new(app, audit)?),
            Intent::OpenAsOf {
                audit,
                device,
                seq,
                focus,
            } => {
                let view = app.audit_as_of(&audit, &device, seq)?;
                boxed(trail::AsOf::new(view, focus.as_deref()))
            }
            Intent::OpenConflicts { audit } => boxed(conflicts::Conflicts::new(app, audit)?),
            Intent::OpenExchange { audit } => boxed(exchange::Exchange::new(app, audit)?),
            Intent::OpenCheck { audit, next } => boxed(check::CheckPanel::new(app, &audit, next)?),
            Intent::OpenSignOff { audit } => boxed(signoff::SignOffPanel::new(app, &audit)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Whether `code` calls the constructor of `screen` (`Walk::new(`, `super::walk::Walk::new(`),
    /// and not of a type whose name merely ends the same way (`SubWalk::new(`).
    fn calls_new(code: &str, screen: &str) -> bool {
        let call = format!("{screen}::new(");
        code.match_indices(&call).any(|(at, _)| {
            !code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    }

    /// A screen file's code as the test reads it: without its unit tests (which may build screens
    /// to test them) and without comments.
    fn code_of(text: &str) -> String {
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        text.lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Enforces "screens return an intent; no screen builds another": no file under
    /// `src/tui/screens/` but `screens/mod.rs` may call the constructor (`X::new(`) of a screen,
    /// any type with `impl Screen for X` there (a screen in the same file included, e.g. the roster
    /// opening an employee's page). A screen returns `Outcome::Open(Intent::…)` and
    /// [`super::Intent::open`] builds the screen. Forms (`widgets::form::Form`) are the screen's
    /// own dialogs, like popups, and are not screens here. The test also checks that every screen
    /// but the home screen (which the shell builds at start) can be reached through an intent.
    #[test]
    fn no_screen_builds_another() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
        let mut files: Vec<(String, String)> = std::fs::read_dir(root.join("screens"))
            .expect("src/tui/screens is readable")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .map(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                let text = std::fs::read_to_string(&p).expect("a screen file is readable");
                (name.unwrap_or_default(), text)
            })
            .collect();
        files.sort();
        let screens: Vec<String> = files
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter_map(|l| l.trim().strip_prefix("impl Screen for "))
            .map(|rest| rest.trim_end_matches('{').trim().to_string())
            .collect();
        // the scan finds the screens it guards (so it cannot pass by finding none)
        for s in [
            "Audits",
            "Walk",
            "Findings",
            "Roster",
            "EmployeePage",
            "AsOf",
        ] {
            assert!(screens.iter().any(|x| x == s), "{s} not found: {screens:?}");
        }
        let mut built = Vec::new();
        for (file, text) in files.iter().filter(|(f, _)| f != "mod.rs") {
            let code = code_of(text);
            for s in screens.iter().filter(|s| calls_new(&code, s)) {
                built.push(format!("screens/{file} calls {s}::new"));
            }
        }
        assert!(
            built.is_empty(),
            "a screen builds another; return Outcome::Open(Intent::…) instead: {built:?}"
        );
        let shell = std::fs::read_to_string(root.join("mod.rs")).expect("src/tui/mod.rs");
        let resolver = code_of(include_str!("intent.rs"));
        for s in &screens {
            assert!(
                calls_new(&resolver, s) || (s == "Audits" && calls_new(&shell, s)),
                "no intent opens {s}"
            );
        }
    }

    #[test]
    fn the_scan_sees_a_constructor_call_and_nothing_else() {
        assert!(calls_new(
            "return match super::walk::Walk::new(cx.app, id) {",
            "Walk"
        ));
        assert!(calls_new("Ok(Box::new(Walk::new(app, id)?))", "Walk"));
        assert!(!calls_new("SubWalk::new(app)", "Walk"));
        assert!(!calls_new(
            "Outcome::Open(Intent::OpenWalk { audit })",
            "Walk"
        ));
        assert!(!code_of("// Walk::new(app, id)").contains("Walk::new("));
        assert!(!code_of("a\n#[cfg(test)]\nmod tests { Walk::new(app, id) }").contains("Walk"));
    }
}

//! Every thing a key can do, by name: the one vocabulary of UI state changes (keymap → action → update).

/// What the user asked for. Screens interpret the ones they bind; the shell handles the global ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // global
    Quit,
    Back,
    Help,
    Palette,
    Search,
    // moving in lists
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    // a detail pane beside or under a list (the walk's item, a finding, a trail event)
    ScrollDetailUp,
    ScrollDetailDown,
    /// Show or fold the fields an event left unchanged (the trail's detail).
    ToggleUnchanged,
    /// Re-derive the store's data from its journal (the trail, after a verification).
    Rebuild,
    // going places
    GoAudits,
    GoWalk,
    GoFindings,
    GoRoster,
    GoTrail,
    GoConflicts,
    GoExchange,
    /// The follow-up register (TLHP) of every final audit.
    GoRegister,
    /// The training-needs recap of an agency for its personnel office (BKPSDM).
    GoTraining,
    Export,
    Import,
    // audits
    NewAudit,
    AdvancePhase,
    SignOff,
    // checklist walk: each answer kind has its own keys (a layer per kind), so a key only ever
    // gives an answer of the item's own kind; the code is the answer as `Answer::parse` reads it
    Answer(&'static str),
    /// A digit typed on a number item: opens the entry with it as the first character.
    Digit(u8),
    AnswerNumber,
    NextUnanswered,
    PrevUnanswered,
    ToggleAutoAdvance,
    EditNote,
    AddEvidence,
    /// On a number item: read a survey (SKM) file and record its IKM as the answer.
    ImportSurvey,
    RaiseFinding,
    ShowScore,
    /// The engagement form (data penugasan) of an audit.
    EditEngagement,
    // lists
    New,
    Edit,
    CycleSort,
    CycleFilter,
    ClearFilter,
    SaveView,
    RecallView(u8),
    FollowUp,
    /// Record what the auditee reported doing about a recommendation (a follow-up entry).
    ReportFollowUp,
    /// Verify a reported follow-up entry: accept it (1 or 4) or reject it (2) with a reason.
    VerifyFollowUp,
    Rate,
    Distribution,
    AsOf,
    // the follow-up register
    /// Edit a recommendation's code, text, official, due date and value.
    EditRecommendation,
    /// Cycle the follow-up status shown: all, open (2 and 3), then 1, 2, 3, 4.
    CycleStatus,
    /// Show only the recommendations past their due date, or all again.
    OverdueOnly,
    /// Choose the agency (OPD) shown.
    PickAgency,
    /// The recap per agency and in total, or the rows again.
    ToggleRecap,
    // conflicts
    KeepShown,
    KeepOther,
    MergeText,
    NextVersion,
    PrevVersion,
    /// Switch the auditor profile working at this laptop.
    SwitchProfile,
    /// Withdraw something with a reason (a finding, a rating recommendation, one's sign-off).
    Withdraw,
    /// Correct an item with a reason (clear its answer, remove an evidence reference).
    Correct,
    /// Take back the typing a form kept as a draft.
    RestoreDraft,
    /// Go ahead with what a panel offers (the completeness panel: move to the next phase).
    Proceed,
    // forms
    NextField,
    PrevField,
    Submit,
}

impl Action {
    /// The action's name in a key file: the last part of its label (`raise_finding` of
    /// `action.raise_finding`, `go_register` of `register.go_register`), and for saved views the
    /// number too (`recall_view_3`).
    pub fn name(self) -> String {
        match self {
            Action::RecallView(n) => format!("recall_view_{n}"),
            Action::Digit(n) => format!("digit_{n}"),
            other => {
                let label = other.label();
                label
                    .rsplit_once('.')
                    .map_or(label, |(_, name)| name)
                    .to_string()
            }
        }
    }

    /// The i18n key of the action's name (help, footer, palette).
    pub fn label(self) -> &'static str {
        match self {
            Action::Quit => "action.quit",
            Action::Back => "action.back",
            Action::Help => "action.help",
            Action::Palette => "action.palette",
            Action::Search => "action.search",
            Action::Up => "action.up",
            Action::Down => "action.down",
            Action::PageUp => "action.page_up",
            Action::PageDown => "action.page_down",
            Action::Top => "action.top",
            Action::Bottom => "action.bottom",
            Action::Open => "action.open",
            Action::ScrollDetailUp => "action.scroll_detail_up",
            Action::ScrollDetailDown => "action.scroll_detail_down",
            Action::ToggleUnchanged => "action.toggle_unchanged",
            Action::Rebuild => "action.rebuild",
            Action::GoAudits => "action.go_audits",
            Action::GoWalk => "action.go_walk",
            Action::GoFindings => "action.go_findings",
            Action::GoRoster => "action.go_roster",
            Action::GoTrail => "action.go_trail",
            Action::GoConflicts => "action.go_conflicts",
            Action::GoExchange => "action.go_exchange",
            // the register's actions are named in its own strings
            Action::GoRegister => "register.go_register",
            Action::GoTraining => "training.go_training",
            Action::EditRecommendation => "action.edit_recommendation",
            Action::CycleStatus => "register.cycle_status",
            Action::OverdueOnly => "register.overdue_only",
            Action::PickAgency => "register.pick_agency",
            Action::ToggleRecap => "register.toggle_recap",
            Action::Export => "action.export",
            Action::Import => "action.import",
            Action::NewAudit => "action.new_audit",
            Action::AdvancePhase => "action.advance_phase",
            Action::SignOff => "action.sign_off",
            Action::Answer("compliant") => "action.answer_compliant",
            Action::Answer("partial") => "action.answer_partial",
            Action::Answer("noncompliant") => "action.answer_noncompliant",
            Action::Answer("yes") => "action.answer_yes",
            Action::Answer("no") => "action.answer_no",
            Action::Answer("1") => "action.answer_score_1",
            Action::Answer("2") => "action.answer_score_2",
            Action::Answer("3") => "action.answer_score_3",
            Action::Answer("4") => "action.answer_score_4",
            Action::Answer("5") => "action.answer_score_5",
            Action::Answer(_) => "action.answer_na",
            Action::Digit(_) => "action.digit",
            Action::AnswerNumber => "action.answer_number",
            Action::NextUnanswered => "action.next_unanswered",
            Action::PrevUnanswered => "action.prev_unanswered",
            Action::ToggleAutoAdvance => "action.auto_advance",
            Action::EditNote => "action.edit_note",
            Action::AddEvidence => "action.add_evidence",
            Action::ImportSurvey => "action.import_survey",
            Action::RaiseFinding => "action.raise_finding",
            Action::ShowScore => "action.show_score",
            Action::EditEngagement => "action.edit_engagement",
            Action::New => "action.new",
            Action::Edit => "action.edit",
            Action::CycleSort => "action.sort",
            Action::CycleFilter => "action.filter",
            Action::ClearFilter => "action.clear_filter",
            Action::SaveView => "action.save_view",
            Action::RecallView(_) => "action.recall_view",
            Action::FollowUp => "action.follow_up",
            Action::ReportFollowUp => "action.report_followup",
            Action::VerifyFollowUp => "action.verify_followup",
            Action::Rate => "action.rate",
            Action::Distribution => "action.distribution",
            Action::AsOf => "action.as_of",
            Action::KeepShown => "action.keep_shown",
            Action::KeepOther => "action.keep_other",
            Action::MergeText => "action.merge_text",
            Action::NextVersion => "action.next_version",
            Action::PrevVersion => "action.prev_version",
            Action::NextField => "action.next_field",
            Action::PrevField => "action.prev_field",
            Action::Submit => "action.submit",
            Action::Proceed => "action.proceed",
            Action::RestoreDraft => "action.restore_draft",
            Action::SwitchProfile => "action.switch_profile",
            Action::Withdraw => "action.withdraw",
            Action::Correct => "action.correct",
        }
    }
}

//! What each action name in the key map means, mode by mode: the main screen, the
//! search line, the "go to case" picker, the filter picker and the forms.

use super::super::action::{Action, Pane};
use super::super::case_picker::CasePickerAction;
use super::super::filter_picker::ListAction;
use super::super::form::{FormCommand, FormKey, WriteKind};
use super::super::import_form::ImportAction;
use super::super::screen::ScreenAction;
use super::super::search::SearchAction;
use super::modes::{command, filter_commands, form_commands, goto_commands, search_commands};

/// Which keys are in force: each mode is one section of the key map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The main screen, its overlays and full-screen views (`[main]`, or the lines
    /// before any section).
    Main,
    /// The search line while it is open (`[search]`).
    Search,
    /// The "go to case" picker (`[goto]`).
    Goto,
    /// The filter picker (`[filter]`).
    Filter,
    /// An open write form (`[form]`).
    Form,
    /// A form's yes/no question: discard what was typed, close despite gaps
    /// (`[question]`; any key not bound answers "no").
    Question,
    /// The "Import events" form (`[import]`).
    Import,
}

impl Mode {
    /// Every mode, in the order of the help screen.
    pub const ALL: [Mode; 7] = [
        Mode::Main,
        Mode::Search,
        Mode::Goto,
        Mode::Filter,
        Mode::Form,
        Mode::Question,
        Mode::Import,
    ];

    /// The section name in the key map and in the config (`[keys.search]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Main => "main",
            Mode::Search => "search",
            Mode::Goto => "goto",
            Mode::Filter => "filter",
            Mode::Form => "form",
            Mode::Question => "question",
            Mode::Import => "import",
        }
    }

    /// The mode a section is named for.
    pub fn named(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The heading of the mode's keys on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Main => "Keys",
            Mode::Search => "Search line (other characters are typed into the query)",
            Mode::Goto => "Go to case (other characters are typed into the query)",
            Mode::Filter => "Filter and sort",
            Mode::Form => "Forms (characters, ← →, Home, End, Backspace and Delete edit the field)",
            Mode::Question => "A form's question (any other key answers no)",
            Mode::Import => "Import events (other characters are typed into the path)",
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Mode::Main => 0,
            Mode::Search => 1,
            Mode::Goto => 2,
            Mode::Filter => 3,
            Mode::Form => 4,
            Mode::Question => 5,
            Mode::Import => 6,
        }
    }

    /// The actions a key can be bound to in this mode.
    pub fn commands(self) -> Vec<Command> {
        match self {
            Mode::Main => commands(),
            Mode::Search => search_commands(),
            Mode::Goto => goto_commands(),
            Mode::Filter => filter_commands(),
            Mode::Form => form_commands(),
            Mode::Import => super::modes::import_commands(),
            Mode::Question => vec![command(
                "confirm",
                Action::FormKey(FormKey::Command(FormCommand::Confirm)),
                "yes",
            )],
        }
    }
}

/// What an action name in the key map means, with its help text and hint-bar label.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Label in the key-hint bar; consecutive commands with the same label share one hint.
    pub hint: Option<&'static str>,
}

/// Every action a key can be bound to on the main screen (and over its views).
pub fn commands() -> Vec<Command> {
    let c = |name, action, help, hint| Command {
        name,
        action,
        help,
        hint,
    };
    vec![
        c(
            "focus_next",
            Action::FocusNext,
            "focus the next pane",
            Some("pane"),
        ),
        c(
            "focus_prev",
            Action::FocusPrev,
            "focus the previous pane",
            None,
        ),
        c(
            "focus_cases",
            Action::FocusPane(Pane::Cases),
            "focus the case list",
            None,
        ),
        c(
            "focus_timeline",
            Action::FocusPane(Pane::Timeline),
            "focus the timeline",
            None,
        ),
        c(
            "focus_assets",
            Action::FocusPane(Pane::Assets),
            "focus the assets",
            None,
        ),
        c(
            "focus_evidence",
            Action::FocusPane(Pane::Evidence),
            "focus the evidence",
            None,
        ),
        c(
            "select_next",
            Action::SelectNext,
            "next row / scroll down",
            Some("move"),
        ),
        c(
            "select_prev",
            Action::SelectPrev,
            "previous row / scroll up",
            Some("move"),
        ),
        c("first", Action::First, "first row / top", None),
        c("last", Action::Last, "last row / end", None),
        c("page_down", Action::PageDown, "one page down", None),
        c("page_up", Action::PageUp, "one page up", None),
        c(
            "open",
            Action::Open,
            "open the full record of the selected row",
            Some("open"),
        ),
        c("back", Action::Back, "close the record or help", None),
        c(
            "search",
            Action::Search(SearchAction::Start),
            "fuzzy search: ref, title, people, assets, tickets",
            Some("search"),
        ),
        c(
            "goto_case",
            Action::CasePicker(CasePickerAction::Open),
            "go to a case: fuzzy pick by ref, title, people, assets",
            None,
        ),
        c(
            "filter",
            Action::List(ListAction::OpenPicker),
            "filter and sort the case list",
            Some("filter"),
        ),
        c(
            "sort",
            Action::List(ListAction::CycleSort),
            "sort by ref, last activity, severity",
            None,
        ),
        c(
            "clear_filter",
            Action::List(ListAction::Clear),
            "clear the search, filters and sort",
            None,
        ),
        c("help", Action::ShowHelp, "show this help", Some("help")),
        c("quit", Action::Quit, "quit nhitrace", Some("quit")),
        c(
            "refresh",
            Action::Refresh,
            "read the store again: other analysts' writes",
            Some("refresh"),
        ),
        c(
            "show_gaps",
            Action::Screen(ScreenAction::ShowGaps),
            "every open gap in the store; again (or Tab) groups by case",
            None,
        ),
        c(
            "show_asset_cases",
            Action::Screen(ScreenAction::ShowAssetCases),
            "every case that touched the asset selected in pane 3",
            None,
        ),
        c(
            "narrow_rule",
            Action::Screen(ScreenAction::CycleRuleFilter),
            "narrow the case list to the next rule code",
            None,
        ),
        c(
            "clear_rule",
            Action::Screen(ScreenAction::ClearRuleFilter),
            "list every case again",
            None,
        ),
        c(
            "add_entry",
            Action::StartWrite(WriteKind::AddEntry),
            "add a timeline entry to the case",
            Some("add"),
        ),
        c(
            "new_case",
            Action::StartWrite(WriteKind::NewCase),
            "open a new case",
            None,
        ),
        c(
            "edit_case",
            Action::StartWrite(WriteKind::EditCase),
            "edit the case's fields",
            None,
        ),
        c(
            "change_status",
            Action::StartWrite(WriteKind::ChangeStatus),
            "change the case's status",
            None,
        ),
        c(
            "link_asset",
            Action::StartWrite(WriteKind::LinkAsset),
            "link an asset (pick one or create it)",
            None,
        ),
        c(
            "unlink_asset",
            Action::StartWrite(WriteKind::UnlinkAsset),
            "unlink an asset from the case",
            None,
        ),
        c(
            "attach_evidence",
            Action::StartWrite(WriteKind::AttachEvidence),
            "attach evidence (text or file)",
            None,
        ),
        c(
            "close_case",
            Action::StartWrite(WriteKind::CloseCase),
            "close the case with a closing note",
            None,
        ),
        c(
            "import_events",
            Action::Import(ImportAction::Open),
            "import audit events from files (CloudTrail, GitHub, k8s, GCP, Okta)",
            None,
        ),
        c(
            "reveal",
            Action::RevealSecrets,
            "show the evidence's secrets unmasked (audited)",
            None,
        ),
        c(
            "history",
            Action::ShowHistory,
            "the case's history: who changed what, when",
            None,
        ),
    ]
}

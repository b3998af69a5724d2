//! The commands of the modes other than the main screen: the search line, the
//! "go to case" picker, the filter picker and the forms.

use super::super::action::Action;
use super::super::case_picker::CasePickerAction;
use super::super::filter_picker::ListAction;
use super::super::form::{FormCommand, FormKey};
use super::super::import_form::ImportAction;
use super::super::search::SearchAction;
use super::commands::Command;

pub(super) fn command(name: &'static str, action: Action, help: &'static str) -> Command {
    Command {
        name,
        action,
        help,
        hint: None,
    }
}

/// A refresh, in the modes drawn over the case list.
fn refresh() -> Command {
    command(
        "refresh",
        Action::Refresh,
        "read the store again: other analysts' writes",
    )
}

pub(super) fn search_commands() -> Vec<Command> {
    let s = Action::Search;
    vec![
        command(
            "accept",
            s(SearchAction::Accept),
            "keep the results, back to the list",
        ),
        command(
            "cancel",
            s(SearchAction::Cancel),
            "close the search, restore the list",
        ),
        command(
            "backspace",
            s(SearchAction::Backspace),
            "delete the last character",
        ),
        command("select_next", Action::SelectNext, "next case"),
        command("select_prev", Action::SelectPrev, "previous case"),
        command("page_down", Action::PageDown, "one page down"),
        command("page_up", Action::PageUp, "one page up"),
        refresh(),
        command("quit", Action::Quit, "quit nhitrace"),
    ]
}

pub(super) fn goto_commands() -> Vec<Command> {
    let p = Action::CasePicker;
    vec![
        command(
            "accept",
            p(CasePickerAction::Accept),
            "go to the chosen case",
        ),
        command("close", p(CasePickerAction::Close), "close the picker"),
        command(
            "backspace",
            p(CasePickerAction::Backspace),
            "delete the last character",
        ),
        command("next", p(CasePickerAction::Move(1)), "next match"),
        command("prev", p(CasePickerAction::Move(-1)), "previous match"),
        command(
            "page_down",
            p(CasePickerAction::Move(10)),
            "ten matches down",
        ),
        command("page_up", p(CasePickerAction::Move(-10)), "ten matches up"),
        refresh(),
        command("quit", Action::Quit, "quit nhitrace"),
    ]
}

pub(super) fn filter_commands() -> Vec<Command> {
    let l = Action::List;
    vec![
        command("close", l(ListAction::ClosePicker), "close the picker"),
        command("next_row", l(ListAction::PickerRow(1)), "next filter"),
        command("prev_row", l(ListAction::PickerRow(-1)), "previous filter"),
        command(
            "next_value",
            l(ListAction::PickerCycle(1)),
            "next value of the filter",
        ),
        command(
            "prev_value",
            l(ListAction::PickerCycle(-1)),
            "previous value of the filter",
        ),
        command(
            "clear",
            l(ListAction::Clear),
            "clear the search, filters and sort",
        ),
        refresh(),
        command("quit", Action::Quit, "quit nhitrace"),
    ]
}

pub(super) fn form_commands() -> Vec<Command> {
    let f = |c| Action::FormKey(FormKey::Command(c));
    vec![
        command("next_field", f(FormCommand::NextField), "next field"),
        command("prev_field", f(FormCommand::PrevField), "previous field"),
        command(
            "down",
            f(FormCommand::Down),
            "next option in a picker, else next field",
        ),
        command(
            "up",
            f(FormCommand::Up),
            "previous option in a picker, else previous field",
        ),
        command(
            "submit",
            f(FormCommand::Submit),
            "save (in a multi-line field: a new line)",
        ),
        command("save", f(FormCommand::Save), "save, from any field"),
        command(
            "cancel",
            f(FormCommand::Cancel),
            "cancel (asks first if you typed)",
        ),
    ]
}

pub(super) fn import_commands() -> Vec<Command> {
    let i = Action::Import;
    vec![
        command(
            "next_field",
            i(ImportAction::NextField),
            "next part: path, files, source, --all",
        ),
        command("prev_field", i(ImportAction::PrevField), "previous part"),
        command(
            "down",
            i(ImportAction::Down),
            "next file (in the preview: scroll)",
        ),
        command(
            "up",
            i(ImportAction::Up),
            "previous file (in the preview: scroll)",
        ),
        command("page_down", i(ImportAction::PageDown), "a page down"),
        command("page_up", i(ImportAction::PageUp), "a page up"),
        command(
            "open",
            i(ImportAction::Enter),
            "list the typed path / open the directory / preview; in the preview: import",
        ),
        command(
            "mark",
            i(ImportAction::Toggle),
            "mark or unmark the file; switch --all",
        ),
        command("prev_value", i(ImportAction::PrevValue), "previous source"),
        command("next_value", i(ImportAction::NextValue), "next source"),
        command(
            "backspace",
            i(ImportAction::Backspace),
            "delete in the path; in the files: the directory above",
        ),
        command(
            "clear_path",
            i(ImportAction::ClearPath),
            "empty the path line to type a new one",
        ),
        command(
            "preview",
            i(ImportAction::Preview),
            "preview the marked files; in the preview: import them",
        ),
        command(
            "cancel",
            i(ImportAction::Cancel),
            "back from the preview; close the form",
        ),
    ]
}

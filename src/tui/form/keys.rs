//! Keys inside a form. The form's own commands (next field, save, cancel, …) come
//! from the `[form]` section of the key map; every other key edits the focused
//! field: what a user types is text.
//!
//! By default Tab / Shift-Tab (and Down / Up outside a picker) move between fields;
//! Enter saves, except in a multi-line field where it inserts a line break; Ctrl-s
//! always saves; Esc cancels, asking first when something was typed.

use super::super::key_chord::{KeyChord, KeyCode};
use super::field::Widget;
use super::{Form, Step};

/// A form command a key can be bound to (`[form]` in the key map).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormCommand {
    NextField,
    PrevField,
    /// The next option of a picker, else the next field.
    Down,
    /// The previous option of a picker, else the previous field.
    Up,
    /// Save; in a multi-line field, a line break.
    Submit,
    /// Save from any field.
    Save,
    /// Cancel (asking first when something was typed).
    Cancel,
    /// "Yes" to the form's question (`[question]` in the key map); any other key
    /// answers "no".
    Confirm,
}

/// A key given to the open form: one of its commands, or a key that edits the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Command(FormCommand),
    Edit(KeyChord),
}

/// What a key asks of the app beyond changing the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Submit,
    /// Closing confirmed despite open gaps.
    SubmitConfirmed,
    Close,
}

pub fn handle(form: &mut Form, key: FormKey) -> Outcome {
    let is = |command| key == FormKey::Command(command);
    match &form.step {
        Step::Saving => Outcome::Nothing,
        Step::Saved(_) => {
            if is(FormCommand::Cancel) || is(FormCommand::Submit) {
                Outcome::Close
            } else {
                Outcome::Nothing
            }
        }
        Step::ConfirmDiscard => {
            if is(FormCommand::Confirm) {
                Outcome::Close
            } else {
                form.step = Step::Editing;
                Outcome::Nothing
            }
        }
        Step::ConfirmClose(_) => {
            if is(FormCommand::Confirm) {
                Outcome::SubmitConfirmed
            } else {
                form.step = Step::Editing;
                Outcome::Nothing
            }
        }
        Step::Editing if is(FormCommand::Cancel) => {
            if form.is_dirty() {
                form.step = Step::ConfirmDiscard;
                Outcome::Nothing
            } else {
                Outcome::Close
            }
        }
        Step::Editing => match key {
            FormKey::Command(command) => command_in_field(form, command),
            FormKey::Edit(chord) => {
                edit(form, chord);
                Outcome::Nothing
            }
        },
    }
}

fn command_in_field(form: &mut Form, command: FormCommand) -> Outcome {
    let multiline = form
        .fields
        .get(form.focus)
        .is_some_and(super::field::Field::is_multiline);
    match command {
        FormCommand::Save => return Outcome::Submit,
        FormCommand::NextField => form.move_focus(true),
        FormCommand::PrevField => form.move_focus(false),
        FormCommand::Submit if multiline => {
            if let Some(Widget::Text(input)) = form.focused_widget() {
                input.insert_char('\n');
            }
        }
        FormCommand::Submit => return Outcome::Submit,
        FormCommand::Down | FormCommand::Up => {
            let down = command == FormCommand::Down;
            match form.focused_widget() {
                Some(Widget::Picker(picker)) => picker.step(down),
                _ => form.move_focus(down),
            }
        }
        // Cancel is taken above; "yes" is only bound while a question is asked.
        FormCommand::Cancel | FormCommand::Confirm => {}
    }
    Outcome::Nothing
}

fn edit(form: &mut Form, chord: KeyChord) {
    if chord.modifiers.ctrl {
        return;
    }
    if let Some(widget) = form.focused_widget() {
        edit_widget(widget, chord.code);
    }
    form.refresh();
}

fn edit_widget(widget: &mut Widget, code: KeyCode) {
    match widget {
        Widget::Text(input) => match code {
            KeyCode::Left => input.left(),
            KeyCode::Right => input.right(),
            KeyCode::Home => input.home(),
            KeyCode::End => input.end(),
            KeyCode::Backspace => input.backspace(),
            KeyCode::Delete => input.delete(),
            KeyCode::Char(c) => input.insert_char(c),
            _ => {}
        },
        Widget::Choice(choice) => match code {
            KeyCode::Left => choice.step(false),
            KeyCode::Right | KeyCode::Char(' ') => choice.step(true),
            KeyCode::Char(c) => choice.jump(c),
            _ => {}
        },
        Widget::Picker(picker) => {
            match code {
                KeyCode::Left => picker.query.left(),
                KeyCode::Right => picker.query.right(),
                KeyCode::Home => picker.query.home(),
                KeyCode::End => picker.query.end(),
                KeyCode::Backspace => picker.query.backspace(),
                KeyCode::Delete => picker.query.delete(),
                KeyCode::Char(c) => picker.query.insert_char(c),
                _ => return,
            }
            picker.refilter();
        }
    }
}

/// Pasted text goes into the focused text field (or picker query) at the cursor.
pub fn paste(form: &mut Form, text: &str) {
    if form.step != Step::Editing {
        return;
    }
    match form.focused_widget() {
        Some(Widget::Text(input)) => input.insert_str(text),
        Some(Widget::Picker(picker)) => {
            picker.query.insert_str(text);
            picker.refilter();
        }
        _ => {}
    }
}

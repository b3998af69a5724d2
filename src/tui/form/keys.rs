//! Keys inside a form. Forms read keys directly, not through the key map: what a
//! user types is text.
//!
//! Tab / Shift-Tab (and Down / Up outside a picker) move between fields; Enter saves,
//! except in a multi-line field where it inserts a line break; Ctrl-s always saves;
//! Esc cancels, asking first when something was typed.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::field::Widget;
use super::{Form, Step};

/// What a key asks of the app beyond changing the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Submit,
    /// Closing confirmed despite open gaps.
    SubmitConfirmed,
    Close,
}

pub fn handle(form: &mut Form, key: KeyEvent) -> Outcome {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let cancel = key.code == KeyCode::Esc || (ctrl && key.code == KeyCode::Char('c'));
    match &form.step {
        Step::Saving => Outcome::Nothing,
        Step::Saved(_) => {
            if cancel || key.code == KeyCode::Enter {
                Outcome::Close
            } else {
                Outcome::Nothing
            }
        }
        Step::ConfirmDiscard => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') if !ctrl => Outcome::Close,
            _ => {
                form.step = Step::Editing;
                Outcome::Nothing
            }
        },
        Step::ConfirmClose(_) => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') if !ctrl => Outcome::SubmitConfirmed,
            _ => {
                form.step = Step::Editing;
                Outcome::Nothing
            }
        },
        Step::Editing if cancel => {
            if form.is_dirty() {
                form.step = Step::ConfirmDiscard;
                Outcome::Nothing
            } else {
                Outcome::Close
            }
        }
        Step::Editing => edit(form, key, ctrl),
    }
}

fn edit(form: &mut Form, key: KeyEvent, ctrl: bool) -> Outcome {
    if ctrl && key.code == KeyCode::Char('s') {
        return Outcome::Submit;
    }
    let multiline = form
        .fields
        .get(form.focus)
        .is_some_and(super::field::Field::is_multiline);
    match key.code {
        KeyCode::Tab => form.move_focus(true),
        KeyCode::BackTab => form.move_focus(false),
        KeyCode::Enter if multiline => {
            if let Some(Widget::Text(input)) = form.focused_widget() {
                input.insert_char('\n');
            }
        }
        KeyCode::Enter => return Outcome::Submit,
        KeyCode::Up | KeyCode::Down => {
            let down = key.code == KeyCode::Down;
            match form.focused_widget() {
                Some(Widget::Picker(picker)) => picker.step(down),
                _ => form.move_focus(down),
            }
        }
        _ if ctrl => {}
        code => {
            if let Some(widget) = form.focused_widget() {
                edit_widget(widget, code);
            }
            form.refresh();
        }
    }
    Outcome::Nothing
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

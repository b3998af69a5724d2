//! The key-hint bar, generated from the key map: the keys that work on the screen
//! as it is — the main screen's (without the writes on a read-only screen, which
//! says it is), those of a record, the help or a history open over it, or those of
//! the search line or a picker; a load error or a refusal shows first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::import_form::ImportAction;
use crate::tui::key_dispatch::mode_of;
use crate::tui::keymap::Mode;
use crate::tui::record_doc::EvidenceBody;
use crate::tui::text::{clean, fit, width};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let keymap = &app.settings().keymap;
    let hints = match (mode_of(app), app.overlay()) {
        (Mode::Main, Some(overlay)) => overlay_hints(app, overlay),
        // A read-only screen refuses writes: their keys are not offered.
        (Mode::Main, None) if app.writes.read_only => {
            keymap.hints_where(|action| !is_write(action))
        }
        (Mode::Main, None) => keymap.hints(),
        (mode, _) => mode_hints(mode)
            .iter()
            .filter_map(|(names, label)| {
                keymap.first_keys_in(mode, names).map(|keys| (keys, *label))
            })
            .collect(),
    };
    draw(app, frame, area, hints);
}

/// The keys of the search line and the pickers, where the main screen's would type
/// a character or do something else (`[search]`, `[goto]`, `[filter]` in the key
/// map). A form or the import form covers the bar and lists its own keys.
fn mode_hints(mode: Mode) -> &'static [(&'static str, &'static str)] {
    match mode {
        Mode::Search => &[
            ("select_next|select_prev", "move"),
            ("accept", "keep results"),
            ("cancel", "close"),
            ("refresh", "refresh"),
        ],
        Mode::Goto => &[
            ("next|prev", "move"),
            ("accept", "go to case"),
            ("close", "close"),
        ],
        Mode::Filter => &[
            ("next_row|prev_row", "row"),
            ("next_value|prev_value", "set"),
            ("clear", "clear"),
            ("close", "done"),
        ],
        Mode::Main | Mode::Form | Mode::Question | Mode::Import => &[],
    }
}

/// The bar with these `(keys, label)` hints, as many as fit after the status (a
/// load error or a refusal) and, on a read-only screen, `read-only`. The
/// full-screen views draw theirs with it too.
pub fn draw(app: &App, frame: &mut Frame, area: Rect, hints: Vec<(String, &str)>) {
    let theme = &app.theme;
    let mut room = usize::from(area.width);
    let mut spans = Vec::new();
    if let Some(status) = app.status() {
        let text = fit(&format!(" ! {} ", clean(status)), room / 2);
        room = room.saturating_sub(width(&text));
        spans.push(Span::styled(text, theme.status));
    }
    if app.writes.read_only && room > 20 {
        let text = " read-only ";
        room -= width(text);
        spans.push(Span::styled(text, theme.muted));
    }
    let needed = |(keys, label): &(String, &str)| 1 + width(keys) + 1 + width(label) + 1;
    let mut hints = hints;
    // When the help's hint would be cut it is kept, last: the help lists the rest.
    let mut help = None;
    if let Some(at) = hints.iter().position(|(_, label)| *label == HELP)
        && hints.iter().take(at + 1).map(needed).sum::<usize>() > room
    {
        let kept = hints.remove(at);
        if needed(&kept) <= room {
            room -= needed(&kept);
            help = Some(kept);
        }
    }
    let mut shown = Vec::new();
    for hint in hints {
        let wanted = needed(&hint);
        if wanted > room {
            break;
        }
        room -= wanted;
        shown.push(hint);
    }
    for (keys, label) in shown.into_iter().chain(help) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The label of the help's hint (the main screen's and an overlay's).
const HELP: &str = "help";

/// A key that writes to the store (a form, an import), refused when read-only.
fn is_write(action: &Action) -> bool {
    matches!(
        action,
        Action::StartWrite(_) | Action::Import(ImportAction::Open)
    )
}

/// The keys an overlay takes (see `key_dispatch::overlay_takes`): scrolling, the
/// reveal of an evidence record's masked secrets, back, the help (from another
/// overlay) and quit.
fn overlay_hints(app: &App, overlay: &Overlay) -> Vec<(String, &'static str)> {
    // The overlay's border lists the page and top/end keys.
    let mut commands = vec![("select_next|select_prev", "scroll")];
    if let Overlay::Record(view) = overlay
        && matches!(view.body, EvidenceBody::Loaded(_))
    {
        commands.push(("reveal", "reveal"));
    }
    commands.push(("back", "back"));
    if !matches!(overlay, Overlay::Help { .. }) {
        commands.push(("help", "help"));
    }
    commands.push(("quit", "quit"));
    let keymap = &app.settings().keymap;
    commands
        .into_iter()
        .filter_map(|(names, label)| keymap.first_keys(names).map(|keys| (keys, label)))
        .collect()
}

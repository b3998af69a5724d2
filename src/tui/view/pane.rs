//! What the four panes share: the bordered block with the focus marker, and drawing
//! the visible window of rows with the selection.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::text::fit;

/// The block of a pane: thick border and `▶` before the title when focused, so
/// focus shows without colour. `title` is already sanitised.
pub fn block(app: &App, pane: Pane, title: &str, width: u16) -> Block<'static> {
    let focused = app.focus() == pane;
    let theme = &app.theme;
    let marker = if focused { "▶" } else { " " };
    let text = fit(
        &format!("{marker}{} {title} ", pane.index() + 1),
        usize::from(width.saturating_sub(2)),
    );
    let (border, title_style) = if focused {
        (theme.border_focused, theme.title_focused)
    } else {
        (theme.border, theme.title)
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(Span::styled(text, title_style))
}

/// Draw `rows` (the visible window only) into a pane; the row at `selected`
/// (index into `rows`) is highlighted across the full width.
pub fn draw_rows(
    app: &App,
    pane: Pane,
    frame: &mut Frame,
    block: Block<'_>,
    area: Rect,
    rows: Vec<Line<'static>>,
    selected: Option<usize>,
) {
    let inner = block.inner(area);
    let style = if app.focus() == pane {
        app.theme.selected
    } else {
        app.theme.selected_unfocused
    };
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if Some(i) == selected {
                let pad = usize::from(inner.width).saturating_sub(line.width());
                let mut line = line;
                line.spans.push(Span::raw(" ".repeat(pad)));
                // The selection's colours win over each column's own (a muted column
                // on the selection's background would vanish); modifiers such as a
                // search match's underline stay.
                for span in &mut line.spans {
                    span.style = span.style.patch(style);
                }
                line.patch_style(style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A pane with nothing to list: a muted note instead of rows.
pub fn draw_note(app: &App, frame: &mut Frame, block: Block<'_>, area: Rect, note: &str) {
    let width = usize::from(area.width.saturating_sub(2));
    let line = Line::styled(fit(note, width), app.theme.muted);
    frame.render_widget(Paragraph::new(line).block(block), area);
}

/// A form's area: the overlay area given, one row taller (over the hint bar), never
/// past the bottom of the frame.
pub fn form_area(frame: &Frame, area: Rect) -> Rect {
    Rect {
        height: area
            .height
            .saturating_add(1)
            .min(frame.area().height.saturating_sub(area.y)),
        ..area
    }
}

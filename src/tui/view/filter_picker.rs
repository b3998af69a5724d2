//! The filter picker box, drawn over the panes right of the case list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::filter_picker::{FilterPicker, PickerRow, value_of};
use crate::tui::text::{cell, clean, fit};

const WIDTH: u16 = 40;

/// Where the picker goes: at the top of the screen, right of the case list when it fits.
pub fn area(screen: Rect, cases: Rect) -> Rect {
    let height = u16::try_from(PickerRow::ALL.len() + 4)
        .unwrap_or(11)
        .min(screen.height);
    let width = WIDTH.min(screen.width);
    let x = if cases.right() + width <= screen.right() {
        cases.right()
    } else {
        screen.right().saturating_sub(width)
    };
    Rect::new(x, screen.y + 1, width, height)
}

pub fn render(app: &App, picker: &FilterPicker, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let cols = usize::from(area.width.saturating_sub(2));
    let mut lines = Vec::new();
    for (i, row) in PickerRow::ALL.iter().enumerate() {
        let value = clean(&value_of(&app.list.filter, app.list.sort, *row));
        let marker = if i == picker.row { "▶ " } else { "  " };
        let text = format!("{marker}{}{value}", cell(row.label(), 14));
        let line = Line::raw(fit(&text, cols));
        lines.push(if i == picker.row {
            let pad = cols.saturating_sub(line.width());
            let mut line = line;
            line.spans.push(Span::raw(" ".repeat(pad)));
            line.patch_style(theme.selected)
        } else {
            line
        });
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit("j/k row  h/l set  x clear  Esc done", cols),
        theme.muted,
    ));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(" Filter and sort ", theme.title_focused));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

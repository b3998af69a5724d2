//! The key-hint bar, generated from the key map; a load error shows first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::text::{clean, fit, width};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let mut room = usize::from(area.width);
    let mut spans = Vec::new();
    if let Some(status) = app.status() {
        let text = fit(&format!(" ! {} ", clean(status)), room / 2);
        room = room.saturating_sub(width(&text));
        spans.push(Span::styled(text, theme.status));
    }
    for (keys, label) in app.settings().keymap.hints() {
        let needed = 1 + width(&keys) + 1 + label.len() + 1;
        if needed > room {
            break;
        }
        room -= needed;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

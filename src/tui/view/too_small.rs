//! Shown instead of the screen when the terminal is below the minimum size.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn render(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::from("terminal too small:"),
        Line::from(format!(
            "need at least {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
            area.width, area.height
        )),
    ];
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(2.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let text = Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(text, middle);
}

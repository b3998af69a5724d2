//! What the full-screen views share: a bordered list over the screen with the
//! selection, and their own key-hint line taken from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::{asset_cases, gaps};
use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::text::fit;

/// Draw the open full-screen view, if any, over the whole screen.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match app.screen() {
        Some(Screen::Gaps(view)) => gaps::render(app, view, frame, area),
        Some(Screen::Asset(view)) => asset_cases::render(app, view, frame, area),
        None => {}
    }
}

/// The list box and the hint line of a full-screen view.
pub fn areas(area: Rect) -> (Rect, Rect) {
    let [list, hints] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    (list, hints)
}

/// Draw `rows` (the visible window only) in a thick box titled `title`; the row at
/// `selected` (index into `rows`) is highlighted across the full width.
pub fn draw_list(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    rows: Vec<Line<'static>>,
    selected: Option<usize>,
) {
    let theme = &app.theme;
    let title = fit(
        &format!("▶ {title} "),
        usize::from(area.width.saturating_sub(2)),
    );
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title_focused));
    let inner = usize::from(block.inner(area).width);
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if Some(i) == selected {
                let pad = inner.saturating_sub(line.width());
                let mut line = line;
                line.spans.push(Span::raw(" ".repeat(pad)));
                line.patch_style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The hint line: `(command names, label)` pairs, each shown with the first key the
/// key map binds to each command (`select_next|select_prev` shows `j/k`); commands
/// without a key are left out. The status shows first, as on the main screen.
pub fn draw_hints(app: &App, frame: &mut Frame, area: Rect, hints: &[(&str, &str)]) {
    let keymap = &app.settings.keymap;
    let hints = hints
        .iter()
        .filter_map(|(names, label)| keymap.first_keys(names).map(|keys| (keys, *label)))
        .collect();
    super::hint_bar::draw(app, frame, area, hints);
}

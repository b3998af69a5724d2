//! The help overlay: the real key map, as a scrollable document.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::record::draw_document;
use crate::tui::app::App;
use crate::tui::document::Document;

pub fn render(app: &App, document: &Document, scroll: usize, frame: &mut Frame, area: Rect) {
    draw_document(app, "▶ Help · Esc back ", document, scroll, frame, area);
}

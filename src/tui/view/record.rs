//! The record overlay: a case, timeline entry, asset or evidence item in full,
//! scrollable. Also draws the help document.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use crate::tui::app::{App, RecordTarget, RecordView};
use crate::tui::document::{Document, LABEL_WIDTH, RowStyle};
use crate::tui::layout::inner_rows;
use crate::tui::text::{cell, zone_name};

pub fn render(app: &App, view: &RecordView, frame: &mut Frame, area: Rect) {
    let what = match view.target {
        RecordTarget::Case(_) => "Case record",
        RecordTarget::Entry(_) => "Timeline entry",
        RecordTarget::Asset(_) => "Asset record",
        RecordTarget::Evidence(_) => "Evidence record",
    };
    let title = format!(
        "▶ {what} · times in {} · Esc back ",
        zone_name(app.settings.zone)
    );
    draw_document(app, &title, &view.document, view.scroll, frame, area);
}

/// Draw a document in a bordered overlay from row `scroll`, with a position note.
pub fn draw_document(
    app: &App,
    title: &str,
    document: &Document,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.theme;
    let rows = inner_rows(area);
    let total = document.rows.len();
    let start = scroll.min(total);
    let end = (start + rows).min(total);
    let position = if total > rows {
        format!(" rows {}–{end} of {total} · j/k PgUp/PgDn g/G ", start + 1)
    } else {
        format!(" {total} rows ")
    };
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(title.to_string(), theme.title_focused))
        .title_bottom(Line::styled(position, theme.muted).right_aligned());
    let lines: Vec<Line> = document.rows[start..end]
        .iter()
        .map(|row| {
            let label = cell(&row.label, LABEL_WIDTH);
            match row.style {
                RowStyle::Heading => Line::styled(format!(" {}", row.text), theme.heading),
                RowStyle::Field => Line::from(vec![
                    Span::styled(format!(" {label}"), theme.label),
                    Span::raw(row.text.clone()),
                ]),
                RowStyle::Text => Line::raw(format!(" {}", row.text)),
                RowStyle::Muted => Line::styled(format!(" {}", row.text), theme.muted),
                RowStyle::GapError | RowStyle::GapWarning => {
                    let style = if row.style == RowStyle::GapError {
                        theme.flag_error
                    } else {
                        theme.flag_warning
                    };
                    Line::from(vec![
                        Span::styled(format!(" {label}"), style),
                        Span::raw(row.text.clone()),
                    ])
                }
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

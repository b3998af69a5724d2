//! Pane 4: the evidence metadata of the selected case (bytes are read only when a
//! record is opened).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{block, draw_note, draw_rows};
use crate::domain::{CaseRecord, Evidence};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::{inner_cols, inner_rows};
use crate::tui::text::{cell, clean, fit, size};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(record) = app.record() else {
        let block = block(app, Pane::Evidence, "Evidence", area.width);
        draw_note(app, frame, block, area, "");
        return;
    };
    let title = format!("Evidence {}", record.evidence.len());
    let block = block(app, Pane::Evidence, &title, area.width);
    if record.evidence.is_empty() {
        draw_note(app, frame, block, area, "no evidence attached");
        return;
    }
    let width = inner_cols(area);
    let window = app.evidence_cursor.visible(inner_rows(area));
    let selected = app
        .evidence_cursor
        .selected()
        .map(|s| s.saturating_sub(window.start));
    let rows = record.evidence[window]
        .iter()
        .map(|e| row(app, record, e, width))
        .collect();
    draw_rows(app, Pane::Evidence, frame, block, area, rows, selected);
}

fn row(app: &App, record: &CaseRecord, evidence: &Evidence, width: usize) -> Line<'static> {
    let tampered = record.tampered_evidence.contains(&evidence.id);
    let marker = if tampered {
        Span::styled("✗ ", app.theme.flag_error)
    } else {
        Span::raw("  ")
    };
    let size = cell(&size(evidence.size), 9);
    let kind = evidence.kind.as_str();
    let rest = width.saturating_sub(2 + 9);
    let text = if rest >= 36 {
        format!("{}  {}", cell(kind, 18), clean(&evidence.title))
    } else {
        clean(&evidence.title)
    };
    Line::from(vec![
        marker,
        Span::styled(size, app.theme.muted),
        Span::raw(fit(&text, rest)),
    ])
}

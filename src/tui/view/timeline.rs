//! Pane 2: the timeline of the selected case, in the display zone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{block, draw_note, draw_rows};
use crate::domain::TimelineEntry;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::{inner_cols, inner_rows};
use crate::tui::text::{cell, clean, clean_masked, fit, time_compact, time_medium, zone_name};

/// From this inner width on, times show the year and the channel gets a column.
const WIDE_ROWS: usize = 80;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let zone = zone_name(app.settings.zone);
    let Some(record) = app.record() else {
        let title = format!("Timeline {zone}");
        let block = block(app, Pane::Timeline, &title, area.width);
        let note = match (app.selected_case(), app.status()) {
            (None, _) => "no case selected".to_string(),
            (Some(_), Some(error)) => clean(error),
            (Some(_), None) => "loading…".to_string(),
        };
        draw_note(app, frame, block, area, &note);
        return;
    };
    let case = &record.case;
    let title = format!(
        "Timeline {zone} · {} {}",
        clean(&case.reference),
        clean(&case.title)
    );
    let block = block(app, Pane::Timeline, &title, area.width);
    if record.entries.is_empty() {
        draw_note(app, frame, block, area, "no timeline entries");
        return;
    }
    let width = inner_cols(area);
    let window = app.timeline_cursor.visible(inner_rows(area));
    let selected = app
        .timeline_cursor
        .selected()
        .map(|s| s.saturating_sub(window.start));
    let rows = record.entries[window]
        .iter()
        .map(|e| row(app, e, width))
        .collect();
    draw_rows(app, Pane::Timeline, frame, block, area, rows, selected);
}

fn row(app: &App, entry: &TimelineEntry, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let zone = app.settings.zone;
    let wide = width >= WIDE_ROWS;
    let mut spans = if wide {
        vec![
            Span::styled(cell(&time_medium(entry.occurred_at, zone), 17), theme.muted),
            Span::raw(cell(entry.kind.as_str(), 18)),
            Span::raw(cell(&clean(&entry.actor), 14)),
            Span::styled(
                cell(&entry.channel.as_deref().map(clean).unwrap_or_default(), 9),
                theme.muted,
            ),
        ]
    } else {
        vec![
            Span::styled(
                cell(&time_compact(entry.occurred_at, zone), 12),
                theme.muted,
            ),
            Span::raw(cell(entry.kind.as_str(), 13)),
            Span::raw(cell(&clean(&entry.actor), 8)),
        ]
    };
    let used: usize = spans.iter().map(Span::width).sum();
    spans.push(Span::raw(fit(
        &clean_masked(&entry.summary),
        width.saturating_sub(used),
    )));
    Line::from(spans)
}

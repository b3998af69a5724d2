//! Pane 1: the case list. Builds rows only for the visible window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{block, draw_note, draw_rows};
use crate::domain::{CaseSummary, Severity};
use crate::rules::GapSeverity;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::{WIDE, inner_cols, inner_rows};
use crate::tui::text::{cell, clean, date, fit, width as width_of};

/// Optional columns of the wide list, in the order they are added while space allows.
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Status,
    Opened,
    Owner,
}

const MIN_TITLE: usize = 20;

fn column_width(column: Column) -> usize {
    match column {
        Column::Status => 13,
        Column::Opened => 11,
        Column::Owner => 11,
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let title = format!(
        "Cases {} · {} flagged",
        app.cases.len(),
        app.flagged_count()
    );
    let title = crate::tui::rule_filter::list_title(app).unwrap_or(title);
    let block = block(app, Pane::Cases, &title, area.width);
    if app.cases.is_empty() {
        draw_note(app, frame, block, area, "no cases in this store");
        return;
    }
    let width = inner_cols(area);
    let wide = frame.area().width >= WIDE;
    let window = app.case_cursor.visible(inner_rows(area));
    let visible = &app.cases[window.clone()];
    let ref_width = visible
        .iter()
        .map(|c| width_of(&reference(c, wide)))
        .max()
        .unwrap_or(4)
        .clamp(4, if wide { 20 } else { 8 })
        + 1;
    let mut title_width = width.saturating_sub(2 + ref_width + 5);
    let mut columns = Vec::new();
    if wide {
        for column in [Column::Status, Column::Opened, Column::Owner] {
            if title_width >= MIN_TITLE + column_width(column) {
                title_width -= column_width(column);
                columns.push(column);
            }
        }
    }
    let window = app.case_cursor.visible(inner_rows(area));
    let selected = app
        .case_cursor
        .selected()
        .map(|s| s.saturating_sub(window.start));
    let rows = app.cases[window]
        .iter()
        .map(|case| row(app, case, wide, ref_width, &columns, title_width))
        .collect();
    draw_rows(app, Pane::Cases, frame, block, area, rows, selected);
}

fn row(
    app: &App,
    case: &CaseSummary,
    wide: bool,
    ref_width: usize,
    columns: &[Column],
    title_width: usize,
) -> Line<'static> {
    let theme = &app.theme;
    let gaps = app.gaps_of(case.id);
    let flag = match gaps.first().map(|g| g.severity) {
        Some(GapSeverity::Error) => Span::styled("⚑ ", theme.flag_error),
        Some(GapSeverity::Warning) => Span::styled("⚑ ", theme.flag_warning),
        None => Span::raw("  "),
    };
    let mut spans = vec![
        flag,
        Span::raw(cell(&reference(case, wide), ref_width)),
        Span::styled(
            cell(severity(case.severity), 5),
            severity_style(app, case.severity),
        ),
    ];
    for column in columns {
        let text = match column {
            Column::Status => case.status.as_str().to_string(),
            Column::Opened => date(case.opened_at, app.settings.zone),
            Column::Owner => case
                .owner
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| "–".to_string()),
        };
        spans.push(Span::styled(
            cell(&text, column_width(*column)),
            theme.muted,
        ));
    }
    spans.push(Span::raw(fit(&clean(&case.title), title_width)));
    Line::from(spans)
}

/// The full reference when wide, else its last part (`0042` of `NHI-2026-0042`).
fn reference(case: &CaseSummary, wide: bool) -> String {
    let reference = clean(&case.reference);
    if wide {
        reference
    } else {
        reference.rsplit('-').next().unwrap_or_default().to_string()
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "low",
        Severity::Medium => "med",
        Severity::High => "high",
        Severity::Critical => "crit",
    }
}

fn severity_style(app: &App, severity: Severity) -> ratatui::style::Style {
    match severity {
        Severity::Critical | Severity::High => app
            .theme
            .flag_error
            .remove_modifier(ratatui::style::Modifier::BOLD),
        _ => app.theme.text,
    }
}

//! Pane 1: the case list. Builds rows only for the visible window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{block, draw_note, draw_rows};
use super::search_bar;
use crate::domain::{CaseSummary, Severity};
use crate::rules::GapSeverity;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::{WIDE, inner_cols, inner_rows};
use crate::tui::search::{Highlight, Highlighter, has_terms};
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
    let total = app.cases.len();
    let shown = app.shown_len();
    let counts = match app.list_loading() {
        // Only the first rows are read: a lower bound, and that more is coming.
        Some(loading) => [format!(">{}", loading.more_than), "loading…".to_string()],
        // Read again in the background: the flags shown are the ones before.
        None if app.refreshing() => [
            app.list
                .shown
                .as_ref()
                .map_or(total.to_string(), |_| format!("{shown}/{total}")),
            "refreshing…".to_string(),
        ],
        None if app.list.shown.is_some() => [
            format!("{shown}/{total}"),
            format!("{} flagged", app.flagged_count()),
        ],
        None => [
            total.to_string(),
            format!("{} flagged", app.flagged_count()),
        ],
    };
    let title = format!("Cases {} · {}", counts[0], counts[1]);
    // A narrow pane drops the words before it cuts the numbers: `100000 · 58314 ⚑`.
    let title = if width_of(&title) + 6 <= usize::from(area.width) {
        title
    } else {
        let flagged = counts[1].replace(" flagged", " ⚑");
        format!("{} · {flagged}", counts[0])
    };
    let block = block(app, Pane::Cases, &title, area.width);
    let width = inner_cols(area);
    let header = search_bar::header(app, width);
    if app.cases.is_empty() {
        draw_note(app, frame, block, area, "no cases in this store");
        return;
    }
    let wide = frame.area().width >= WIDE;
    let height = inner_rows(area).saturating_sub(header.len());
    let window = app.case_cursor.visible(height);
    let visible: Vec<(usize, CaseSummary)> = window
        .clone()
        .filter_map(|row| app.shown_case(row))
        .collect();
    let ref_width = visible
        .iter()
        .map(|(_, c)| width_of(&reference(c, wide)))
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
    let selected = app
        .case_cursor
        .selected()
        .map(|s| s.saturating_sub(window.start) + header.len());
    let searching = has_terms(&app.search.query) && app.search.ranked.is_some();
    let highlighter = searching.then(Highlighter::default);
    let layout = RowLayout {
        wide,
        ref_width,
        columns: &columns,
        title_width,
    };
    let mut rows = header;
    rows.extend(visible.iter().map(|(index, case)| {
        let highlight = highlighter.as_ref().and_then(|h| {
            app.search
                .item_of(*index)
                .map(|item| h.highlight(&item, &app.search.query))
        });
        row(app, case, &layout, highlight.as_ref())
    }));
    if visible.is_empty() {
        rows.push(Line::styled(fit("no case matches", width), app.theme.muted));
    }
    draw_rows(app, Pane::Cases, frame, block, area, rows, selected);
}

struct RowLayout<'a> {
    wide: bool,
    ref_width: usize,
    columns: &'a [Column],
    title_width: usize,
}

fn row(
    app: &App,
    case: &CaseSummary,
    layout: &RowLayout<'_>,
    highlight: Option<&Highlight>,
) -> Line<'static> {
    let theme = &app.theme;
    let hit = search_bar::match_style(app);
    let flag = match app.worst_gap(case.id) {
        Some(GapSeverity::Error) => Span::styled("⚑ ", theme.flag_error),
        Some(GapSeverity::Warning) => Span::styled("⚑ ", theme.flag_warning),
        None => Span::raw("  "),
    };
    let mut spans = vec![flag];
    let shown_ref = cell(&reference(case, layout.wide), layout.ref_width);
    match highlight.filter(|_| clean(&case.reference) == case.reference) {
        Some(h) => {
            // The short reference is the tail of the full one.
            let cut = case.reference.chars().count() - reference(case, layout.wide).chars().count();
            let positions: Vec<usize> = h
                .reference
                .iter()
                .filter_map(|p| p.checked_sub(cut))
                .collect();
            spans.extend(search_bar::highlighted(
                &shown_ref, &positions, theme.text, hit,
            ));
        }
        None => spans.push(Span::raw(shown_ref)),
    }
    spans.push(Span::styled(
        cell(severity(case.severity), 5),
        severity_style(app, case.severity),
    ));
    for column in layout.columns {
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
    let title = fit(&clean(&case.title), layout.title_width);
    match highlight.filter(|_| clean(&case.title) == case.title) {
        Some(h) => {
            // A cut title ends in `…`: matches from there on are not shown.
            let shown = if title == case.title {
                usize::MAX
            } else {
                title.chars().count().saturating_sub(1)
            };
            let positions: Vec<usize> = h.title.iter().copied().filter(|&p| p < shown).collect();
            spans.extend(search_bar::highlighted(&title, &positions, theme.text, hit));
        }
        None => spans.push(Span::raw(title)),
    }
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

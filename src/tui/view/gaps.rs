//! The gaps view: every open gap in the store, by rule or by case, with counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::full_screen::{areas, draw_hints, draw_list};
use crate::domain::CaseId;
use crate::rules::{Gap, GapSeverity};
use crate::tui::app::App;
use crate::tui::gaps_view::{GapGrouping, GapRow, GapsView};
use crate::tui::layout::{inner_cols, inner_rows};
use crate::tui::text::{cell, clean, fit, width as width_of};

pub fn render(app: &App, view: &GapsView, frame: &mut Frame, area: Rect) {
    let (list, hints) = areas(area);
    let title = format!(
        "Gaps · {} in {} cases · {}",
        view.gap_count,
        view.case_count,
        view.grouping.as_str()
    );
    let width = inner_cols(list);
    let rows: Vec<Line<'static>> = if view.rows.is_empty() {
        vec![Line::styled(
            fit("no open gaps: every trail is whole", width),
            app.theme.muted,
        )]
    } else {
        let window = &view.rows[view.cursor.visible(inner_rows(list))];
        // The reference column fits the longest reference on screen, and two spaces.
        let ref_width = window
            .iter()
            .filter_map(|row| match row {
                GapRow::Gap { case, .. } => Some(width_of(&reference(app, *case)) + 2),
                GapRow::Rule { .. } | GapRow::Case { .. } => None,
            })
            .max()
            .unwrap_or(0)
            .min(width / 3);
        window
            .iter()
            .map(|row| line(app, view.grouping, *row, width, ref_width))
            .collect()
    };
    let selected = view
        .cursor
        .selected()
        .map(|s| s.saturating_sub(view.cursor.visible(inner_rows(list)).start));
    draw_list(app, frame, list, &title, rows, selected);
    let toggle = match view.grouping {
        GapGrouping::ByRule => "by case",
        GapGrouping::ByCase => "by rule",
    };
    draw_hints(
        app,
        frame,
        hints,
        &[
            ("open", "go to case"),
            ("focus_next", toggle),
            ("select_next|select_prev", "move"),
            ("back", "back"),
            ("help", "help"),
        ],
    );
}

fn line(
    app: &App,
    grouping: GapGrouping,
    row: GapRow,
    width: usize,
    ref_width: usize,
) -> Line<'static> {
    let theme = &app.theme;
    match row {
        GapRow::Rule { code, count } => {
            let info = code.info();
            let text = format!(
                "{code} {} · {} · {count} {} · {}",
                info.severity,
                info.title,
                plural(count, "gap"),
                info.frameworks.join(", ")
            );
            Line::styled(fit(&text, width), severity_style(app, info.severity))
        }
        GapRow::Case { case, count } => {
            let text = format!(
                "{} · {count} {}",
                case_label(app, case),
                plural(count, "gap")
            );
            Line::styled(fit(&text, width), theme.heading)
        }
        GapRow::Gap { case, index } => {
            let gaps = app.gaps_of(case);
            let Some(gap) = gaps.get(index) else {
                return Line::raw("");
            };
            let lead = match grouping {
                GapGrouping::ByRule => cell(&reference(app, case), ref_width),
                GapGrouping::ByCase => cell(gap.code.as_str(), 6),
            };
            let used = 2 + width_of(&lead);
            Line::from(vec![
                Span::styled("⚑ ", severity_style(app, gap.severity)),
                Span::raw(lead),
                Span::raw(fit(&message(gap), width.saturating_sub(used))),
            ])
        }
    }
}

fn message(gap: &Gap) -> String {
    clean(&gap.message)
}

fn reference(app: &App, case: CaseId) -> String {
    app.cases
        .position(case)
        .map_or_else(|| format!("#{case}"), |i| clean(app.cases.reference(i)))
}

fn case_label(app: &App, case: CaseId) -> String {
    app.cases.position(case).map_or_else(
        || format!("#{case}"),
        |i| {
            let (reference, title) = (clean(app.cases.reference(i)), app.case_title(i));
            if title.is_empty() {
                reference
            } else {
                format!("{reference} {}", clean(&title))
            }
        },
    )
}

fn severity_style(app: &App, severity: GapSeverity) -> ratatui::style::Style {
    match severity {
        GapSeverity::Error => app.theme.flag_error,
        GapSeverity::Warning => app.theme.flag_warning,
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

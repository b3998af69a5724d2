//! Pane 3: the assets linked to the selected case.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{block, draw_note, draw_rows};
use crate::domain::{LinkedAsset, Relation};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::layout::{inner_cols, inner_rows};
use crate::tui::text::{clean, fit};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(record) = app.record() else {
        let block = block(app, Pane::Assets, "Assets", area.width);
        draw_note(app, frame, block, area, "");
        return;
    };
    let affected = record
        .assets
        .iter()
        .filter(|a| a.relation == Relation::Affected)
        .count();
    let mut title = format!("Assets {} · {affected} affected", record.assets.len());
    if title.len() + 6 > usize::from(area.width) {
        title = format!("Assets {}", record.assets.len());
    }
    let block = block(app, Pane::Assets, &title, area.width);
    if record.assets.is_empty() {
        draw_note(app, frame, block, area, "no assets linked");
        return;
    }
    let width = inner_cols(area);
    let window = app.assets_cursor.visible(inner_rows(area));
    let selected = app
        .assets_cursor
        .selected()
        .map(|s| s.saturating_sub(window.start));
    let rows = record.assets[window]
        .iter()
        .map(|a| row(app, a, width))
        .collect();
    draw_rows(app, Pane::Assets, frame, block, area, rows, selected);
}

fn row(app: &App, linked: &LinkedAsset, width: usize) -> Line<'static> {
    let a = &linked.asset;
    let marker = match linked.relation {
        Relation::Affected => Span::styled("● ", app.theme.flag_warning),
        Relation::Related => Span::raw("○ "),
    };
    let mut parts = vec![
        clean(&a.name),
        a.kind.as_str().to_string(),
        clean(&a.provider),
    ];
    if let Some(env) = &a.environment {
        parts.push(clean(env));
    }
    parts.push(a.status.as_str().to_string());
    parts.push(clean(&a.identifier));
    Line::from(vec![
        marker,
        Span::raw(fit(&parts.join(" · "), width.saturating_sub(2))),
    ])
}

//! The asset view: one asset and every case that touched it, oldest first, with
//! dates, outcome and each case's gap codes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::full_screen::{areas, draw_hints, draw_list};
use crate::domain::{CaseStatus, Relation};
use crate::store::AssetCase;
use crate::tui::app::App;
use crate::tui::asset_view::{AssetCases, AssetView};
use crate::tui::layout::{WIDE, inner_cols, inner_rows};
use crate::tui::text::{cell, clean, clean_or_dash, date, fit};

/// Rows above the list of cases: the asset line, the column headings.
const HEADER_ROWS: usize = 2;

/// Columns of a case row: (heading, width); the gaps and (when wide) the title take
/// what is left.
const COLUMNS: [(&str, usize); 5] = [
    ("CASE", 17),
    ("RELATION", 9),
    ("OPENED", 11),
    ("CLOSED", 11),
    ("OUTCOME", 19),
];
const GAPS_WIDE: usize = 24;

pub fn render(app: &App, view: &AssetView, frame: &mut Frame, area: Rect) {
    let (list, hints) = areas(area);
    let asset = &view.asset;
    let count = match &view.cases {
        AssetCases::Loaded(cases) => format!(" · {} cases", cases.len()),
        _ => String::new(),
    };
    let title = format!(
        "Asset {} · {} · {}{count}",
        clean(&asset.name),
        asset.kind,
        clean(&asset.provider)
    );
    let width = inner_cols(list);
    let wide = area.width >= WIDE;
    let mut rows = vec![
        Line::styled(
            fit(
                &format!(
                    "{} · {} · owner {}",
                    clean(&asset.identifier),
                    asset.status,
                    clean_or_dash(asset.owner.as_deref())
                ),
                width,
            ),
            app.theme.muted,
        ),
        Line::styled(fit(&headings(wide), width), app.theme.label),
    ];
    let mut selected = None;
    match &view.cases {
        AssetCases::Loading => rows.push(Line::styled("loading…", app.theme.muted)),
        AssetCases::Failed(error) => {
            rows.push(Line::styled(fit(&clean(error), width), app.theme.status));
        }
        AssetCases::Loaded(cases) if cases.is_empty() => {
            rows.push(Line::styled("no case links this asset", app.theme.muted));
        }
        AssetCases::Loaded(cases) => {
            let window = view
                .cursor
                .visible(inner_rows(list).saturating_sub(HEADER_ROWS));
            selected = view
                .cursor
                .selected()
                .map(|s| s.saturating_sub(window.start) + HEADER_ROWS);
            rows.extend(cases[window].iter().map(|c| row(app, c, wide, width)));
        }
    }
    draw_list(app, frame, list, &title, rows, selected);
    draw_hints(
        app,
        frame,
        hints,
        &[
            ("open", "go to case"),
            ("select_next|select_prev", "move"),
            ("back", "back"),
            ("help", "help"),
        ],
    );
}

fn headings(wide: bool) -> String {
    let mut text: String = COLUMNS.iter().map(|(h, w)| cell(h, *w)).collect();
    if wide {
        text.push_str(&cell("GAPS", GAPS_WIDE));
        text.push_str("TITLE");
    } else {
        text.push_str("GAPS");
    }
    text
}

fn row(app: &App, case: &AssetCase, wide: bool, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let zone = app.settings.zone;
    let relation = match case.relation {
        Relation::Affected => Span::styled(cell("affected", COLUMNS[1].1), theme.flag_warning),
        Relation::Related => Span::raw(cell("related", COLUMNS[1].1)),
    };
    let closed = case
        .closed_at
        .map_or_else(|| "–".to_string(), |t| date(t, zone));
    let codes: Vec<&str> = app
        .codes_of(case.case_id)
        .iter()
        .map(|c| c.as_str())
        .collect();
    let codes = if codes.is_empty() {
        "–".to_string()
    } else {
        codes.join(" ")
    };
    let gaps_style = if codes == "–" {
        theme.muted
    } else {
        theme.flag_error
    };
    let mut spans = vec![
        Span::raw(cell(&clean(&case.reference), COLUMNS[0].1)),
        relation,
        Span::styled(cell(&date(case.opened_at, zone), COLUMNS[2].1), theme.muted),
        Span::styled(cell(&closed, COLUMNS[3].1), theme.muted),
        Span::raw(cell(&outcome(case), COLUMNS[4].1)),
    ];
    let used: usize = COLUMNS.iter().map(|(_, w)| w).sum();
    if wide {
        spans.push(Span::styled(cell(&codes, GAPS_WIDE), gaps_style));
        spans.push(Span::raw(fit(
            &clean(&case.title),
            width.saturating_sub(used + GAPS_WIDE),
        )));
    } else {
        spans.push(Span::styled(
            fit(&codes, width.saturating_sub(used)),
            gaps_style,
        ));
    }
    Line::from(spans)
}

/// The status of an open case; for a closed one, its root cause.
fn outcome(case: &AssetCase) -> String {
    match (case.status, case.root_cause) {
        (CaseStatus::Closed, Some(cause)) => cause.as_str().to_string(),
        (CaseStatus::Closed, None) => "closed, no cause".to_string(),
        (status, _) => status.as_str().to_string(),
    }
}

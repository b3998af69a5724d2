//! Where each pane goes for a terminal size. Used by the views to draw and by
//! `update` to know how many rows a page is.

use ratatui::layout::{Constraint, Layout, Rect};

/// Smallest terminal the main screen is drawn in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// From this width on, the list shows dates, owner and status.
pub const WIDE: u16 = 120;

/// The areas of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenLayout {
    pub cases: Rect,
    pub timeline: Rect,
    pub assets: Rect,
    pub evidence: Rect,
    pub trail: Rect,
    pub hints: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Rows of the trail strip: the links line plus the gap lines.
fn trail_rows(height: u16) -> u16 {
    if height >= 40 {
        6
    } else if height >= 20 {
        3
    } else {
        2
    }
}

pub fn main_layout(area: Rect) -> ScreenLayout {
    let [panes, trail, hints] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(trail_rows(area.height)),
        Constraint::Length(1),
    ])
    .areas(area);
    let list_width = if area.width >= WIDE {
        area.width * 45 / 100
    } else {
        (area.width * 40 / 100).clamp(26, 34)
    };
    let [cases, right] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(panes);
    let [timeline, bottom] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Min(0)]).areas(right);
    let [assets, evidence] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    ScreenLayout {
        cases,
        timeline,
        assets,
        evidence,
        trail,
        hints,
    }
}

/// Where record and help overlays are drawn: over the panes and trail strip, leaving
/// the hint bar visible.
pub fn overlay_area(area: Rect) -> Rect {
    let [body, _hints] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    if area.width >= WIDE {
        body.inner(ratatui::layout::Margin {
            horizontal: 4,
            vertical: 1,
        })
    } else {
        body
    }
}

/// Rows of list content inside a bordered pane.
pub fn inner_rows(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(2))
}

/// Columns of content inside a bordered box.
pub fn inner_cols(pane: Rect) -> usize {
    usize::from(pane.width.saturating_sub(2))
}

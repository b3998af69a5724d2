//! Where each pane goes for a terminal size. Used by the views to draw; measured
//! once per size into [`Measures`], which `Action::Resize` carries to `update` so
//! it knows how many rows a page is without calling layout code.

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

/// What `update` needs to know of the layout at one terminal size, measured once
/// when the size is known (at start and on each resize).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measures {
    /// Columns and rows of the terminal.
    pub size: (u16, u16),
    /// Rows inside each pane's border, in `Pane` order (the case list's header
    /// lines not taken off: they depend on the state).
    pub pane_rows: [usize; 4],
    /// Columns of overlay content (inside the border and one column of padding
    /// each side).
    pub overlay_cols: usize,
    /// Rows of overlay content.
    pub overlay_rows: usize,
    /// Rows of list content in a full-screen view: the screen less the border and
    /// the hint line.
    pub screen_rows: usize,
}

impl Measures {
    /// Measure the layout of a `width`×`height` terminal.
    pub fn of(width: u16, height: u16) -> Measures {
        let area = Rect::new(0, 0, width, height);
        let layout = main_layout(area);
        let overlay = overlay_area(area);
        Measures {
            size: (width, height),
            pane_rows: [
                inner_rows(layout.cases),
                inner_rows(layout.timeline),
                inner_rows(layout.assets),
                inner_rows(layout.evidence),
            ],
            overlay_cols: inner_cols(overlay).saturating_sub(2),
            overlay_rows: inner_rows(overlay),
            screen_rows: usize::from(height.saturating_sub(3)),
        }
    }
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

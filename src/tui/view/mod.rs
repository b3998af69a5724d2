//! Drawing: a pure function of the state. One file per pane or overlay.

mod asset_cases;
mod assets;
mod case_list;
mod case_picker;
mod evidence;
mod filter_picker;
mod form;
mod form_values;
mod full_screen;
mod gaps;
mod help;
mod hint_bar;
mod import_form;
mod import_preview;
mod pane;
mod record;
mod search_bar;
mod timeline;
mod too_small;
mod trail_strip;

use ratatui::Frame;

use super::app::{App, Overlay};
use super::layout::{main_layout, overlay_area, too_small};

/// Draw the whole screen for the current state.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if too_small(area) {
        too_small::render(frame, area);
        return;
    }
    let layout = main_layout(area);
    case_list::render(app, frame, layout.cases);
    timeline::render(app, frame, layout.timeline);
    assets::render(app, frame, layout.assets);
    evidence::render(app, frame, layout.evidence);
    trail_strip::render(app, frame, layout.trail);
    full_screen::render(app, frame, area);
    match app.overlay() {
        Some(Overlay::Record(view)) => record::render(app, view, frame, overlay_area(area)),
        Some(Overlay::Help { document, scroll }) => {
            help::render(app, document, *scroll, frame, overlay_area(area));
        }
        Some(Overlay::History(view)) => form::render_history(app, view, frame, overlay_area(area)),
        None => {}
    }
    // A full-screen view draws its own hint line; an overlay over it, the bar's.
    if app.screen().is_none() || app.overlay().is_some() {
        hint_bar::render(app, frame, layout.hints);
    }
    if let Some(picker) = &app.list.picker {
        filter_picker::render(app, picker, frame, filter_picker::area(area, layout.cases));
    }
    if let Some(picker) = &app.goto {
        case_picker::render(app, picker, frame, case_picker::area(area));
    }
    form::render(app, frame, overlay_area(area));
    import_form::render(app, frame, overlay_area(area));
}

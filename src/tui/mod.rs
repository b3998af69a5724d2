//! The terminal UI. One direction of flow: terminal event → key map → [`Action`] →
//! [`update`] (returns [`Effect`]s) → effects run against the store and come back as
//! actions → [`render`] draws the state.

mod action;
mod app;
mod asset_view;
mod case_gaps;
mod case_list_state;
pub mod case_picker;
mod case_table;
mod cursor;
mod document;
mod effects;
pub mod filter;
pub mod filter_picker;
mod form;
mod gaps_view;
mod help_doc;
mod history;
pub mod import_form;
mod key_chord;
mod key_dispatch;
mod key_event;
mod keymap;
mod layout;
mod list_upsert;
mod loaded;
mod options;
mod record_doc;
mod rule_filter;
mod run;
mod screen;
pub mod search;
mod settle;
mod startup;
mod text;
mod text_order;
mod theme;
mod title_window;
mod update;
mod view;
pub mod workers;

pub use action::{Action, Pane};
pub use app::{App, EvidenceBody, Overlay, RecordTarget, RecordView, Settings};
pub use asset_view::{AssetCases, AssetView};
pub use case_gaps::CaseGaps;
pub use case_list_state::CaseListView;
pub use case_table::{CaseTable, RowMove};
pub use cursor::ListCursor;
pub use document::{Document, Row, RowStyle};
pub use effects::{Effect, execute, execute_mut};
pub use form::field::{Field, Widget};
pub use form::{
    Form, FormCommand, FormKey, Proof, Purpose, Reloaded, Saved, Step, Submission, Write,
    WriteKind, WriteSettings,
};
pub use gaps_view::{GapGrouping, GapRow, GapsView};
pub use history::HistoryView;
pub use key_dispatch::{action_for_chord, mode_of};
pub use keymap::{
    Binding, Command, DEFAULT_KEYMAP, KeyChord, KeyCode, KeyMap, KeyMapError, KeyOverrideError,
    Mode, Modifiers, commands,
};
pub use layout::{MIN_HEIGHT, MIN_WIDTH};
pub use run::{RunOptions, key_action, prepare, run};
pub use screen::{JumpTarget, Screen, ScreenAction};
pub use settle::{
    Answer, BackgroundLoads, Live, ReadAnswers, StoreAnswers, Workers, settle, settle_effects,
};
pub use startup::{
    FULL_EVALUATION_LIMIT, ListLoading, LoadedCases, first_screen, load_app, load_cases,
    load_cases_mut, load_rest_in_background, open_app, refresh_in_background,
};
pub use theme::{Theme, no_color_requested};
pub use update::update;
pub use view::render;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Draw the state into an off-screen buffer of `width`×`height` cells, exactly as the
/// terminal would show it (for tests and screenshots).
pub fn render_to_buffer(app: &App, width: u16, height: u16) -> Buffer {
    let backend = TestBackend::new(width, height);
    match Terminal::new(backend) {
        Ok(mut terminal) => {
            // TestBackend never fails to draw.
            let _ = terminal.draw(|frame| render(app, frame));
            terminal.backend().buffer().clone()
        }
        Err(never) => match never {},
    }
}

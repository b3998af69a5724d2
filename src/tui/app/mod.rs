//! The state of the screen. Changed only by [`crate::tui::update`], read by the views.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::FixedOffset;

mod list;
mod refresh;
mod titles;

use super::action::Pane;
use super::case_gaps::{CaseGaps, GapIndex};
use super::case_table::CaseTable;
use super::cursor::ListCursor;
use super::document::Document;
use super::keymap::KeyMap;
pub use super::record_doc::{EvidenceBody, RecordTarget, RecordView};
use super::screen::{Screen, Views};
use super::theme::Theme;
use crate::domain::{CaseId, CaseRecord, CaseSummary};
use crate::rules::{Gap, GapSeverity, LinkState, RuleCode, RuleSet, TrailLink};

/// How the screen shows things: zone, colours, keys.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Zone in which times are shown (named on screen).
    pub zone: FixedOffset,
    /// No colours, only bold / reversed / underline.
    pub no_color: bool,
    pub keymap: KeyMap,
}

/// A screen drawn over the main screen; the top one gets the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Record(RecordView),
    Help {
        document: Document,
        scroll: usize,
    },
    /// A case's audit history.
    History(super::history::HistoryView),
}

/// The trail of the loaded case and its gaps.
pub type Trail = [(TrailLink, LinkState); 5];

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) cases: CaseTable,
    pub(crate) gaps: GapIndex,
    pub(crate) flagged: usize,
    pub(crate) case_cursor: ListCursor,
    pub(crate) timeline_cursor: ListCursor,
    pub(crate) assets_cursor: ListCursor,
    pub(crate) evidence_cursor: ListCursor,
    /// The selected case's record, once loaded.
    pub(crate) record: Option<CaseRecord>,
    pub(crate) trail: Option<Trail>,
    pub(crate) focus: Pane,
    pub(crate) overlays: Vec<Overlay>,
    /// The layout at the terminal's size, as `Action::Resize` measured it.
    pub(crate) measures: super::layout::Measures,
    pub(crate) status: Option<String>,
    pub(crate) quit: bool,
    pub(crate) settings: Settings,
    pub(crate) theme: Theme,
    /// The full-screen views (gaps, asset) and their jumps.
    pub(crate) views: Views,
    /// The open write form, drawn over everything and given every key.
    pub(crate) form: Option<Box<super::form::Form>>,
    pub(crate) writes: super::form::WriteSettings,
    pub(crate) search: super::search::SearchState,
    pub(crate) list: super::case_list_state::CaseListView,
    /// The clock and settings the startup gaps were found with; when set, a case's
    /// gaps are found again from its full record each time it loads.
    pub(crate) rule_clock: Option<(chrono::DateTime<chrono::Utc>, crate::rules::RuleConfig)>,
    /// Set while the list holds only the first rows of a large store.
    pub(crate) loading: Option<super::loaded::ListLoading>,
    /// Set while a refresh reads the list again.
    pub(crate) refreshing: Option<super::loaded::Refreshing>,
    /// The open "go to case" picker.
    pub(crate) goto: Option<super::case_picker::CasePicker>,
    /// A write's message stays in the status line when this case's record arrives
    /// (selected instead of the written case, which the list no longer shows).
    pub(crate) keep_status_for: Option<CaseId>,
    /// The "Import events" form (`tui::import_form`).
    pub(crate) import: super::import_form::ImportSlot,
    /// The titles of the rows on screen, for a list that keeps none.
    pub(crate) titles: super::title_window::TitleWindow,
}

impl App {
    /// A screen over these cases (in list order) and the gaps found per case id.
    /// Cases without gaps need no entry in `gaps`.
    pub fn new(
        cases: Vec<CaseSummary>,
        gaps: HashMap<CaseId, Vec<Gap>>,
        settings: Settings,
    ) -> App {
        let gaps = gaps
            .into_iter()
            .map(|(id, gaps)| (id, CaseGaps::found(gaps)))
            .collect();
        App::with_case_gaps(cases.into_iter().collect(), gaps, settings)
    }

    /// A screen over these cases (in list order) and what is known of each one's gaps.
    pub fn with_case_gaps(cases: CaseTable, gaps: GapIndex, settings: Settings) -> App {
        let flagged = cases
            .ids()
            .iter()
            .filter(|&&id| gaps.is_flagged(id))
            .count();
        let theme = Theme::new(settings.no_color);
        let list = super::case_list_state::CaseListView::new(&cases);
        App {
            case_cursor: ListCursor::new(cases.len()),
            cases,
            gaps,
            flagged,
            timeline_cursor: ListCursor::default(),
            assets_cursor: ListCursor::default(),
            evidence_cursor: ListCursor::default(),
            record: None,
            trail: None,
            focus: Pane::Cases,
            overlays: Vec::new(),
            measures: super::layout::Measures::of(80, 24),
            status: None,
            quit: false,
            settings,
            theme,
            views: Views::default(),
            form: None,
            writes: Default::default(),
            search: Default::default(),
            list,
            rule_clock: None,
            loading: None,
            refreshing: None,
            goto: None,
            keep_status_for: None,
            import: Default::default(),
            titles: Default::default(),
        }
    }

    /// Find each loaded case's gaps again from its full record, at `now` with `rules`
    /// (the list may start from cached rule codes, without messages or entries).
    pub fn set_rule_clock(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        rules: crate::rules::RuleConfig,
    ) {
        self.rule_clock = Some((now, rules));
    }

    /// Replace the gaps of one case (error-level first), keeping the flagged count.
    pub(crate) fn set_case_gaps(&mut self, case: CaseId, gaps: Vec<Gap>) {
        let was_flagged = self.gaps.is_flagged(case);
        self.gaps.set_found(case, gaps);
        match (was_flagged, self.gaps.is_flagged(case)) {
            (false, true) => self.flagged += 1,
            (true, false) => self.flagged = self.flagged.saturating_sub(1),
            _ => {}
        }
    }

    /// Evaluate the loaded record again (after it loaded, or after evidence was found
    /// altered) when the rule clock is set.
    pub(crate) fn reevaluate_loaded(&mut self) {
        let (Some((now, rules)), Some(record)) = (&self.rule_clock, &self.record) else {
            return;
        };
        let gaps = crate::rules::evaluate(record, *now, rules);
        let id = record.case.id;
        self.set_case_gaps(id, gaps);
    }

    /// The effects to run once at startup: load the first case.
    pub fn initial_effects(&self) -> Vec<super::Effect> {
        self.selected_case()
            .map(|c| super::Effect::LoadCase(c.id))
            .into_iter()
            .collect()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The selected case's list row (built from the compact list, so owned).
    pub fn selected_case(&self) -> Option<CaseSummary> {
        self.case_cursor
            .selected()
            .and_then(|row| self.shown_case(row))
            .map(|(_, case)| case)
    }

    /// The loaded record of the selected case, if it has arrived.
    pub fn record(&self) -> Option<&CaseRecord> {
        self.record.as_ref()
    }

    pub fn cursor(&self, pane: Pane) -> &ListCursor {
        match pane {
            Pane::Cases => &self.case_cursor,
            Pane::Timeline => &self.timeline_cursor,
            Pane::Assets => &self.assets_cursor,
            Pane::Evidence => &self.evidence_cursor,
        }
    }

    pub(crate) fn cursor_mut(&mut self, pane: Pane) -> &mut ListCursor {
        match pane {
            Pane::Cases => &mut self.case_cursor,
            Pane::Timeline => &mut self.timeline_cursor,
            Pane::Assets => &mut self.assets_cursor,
            Pane::Evidence => &mut self.evidence_cursor,
        }
    }

    /// The gaps of a case, error-level first; empty when its trail is whole. A case
    /// known only by its cached codes gets one gap per code, with the rule's title.
    pub fn gaps_of(&self, id: CaseId) -> Cow<'_, [Gap]> {
        self.gaps.gaps(id)
    }

    /// The rule codes of a case's gaps.
    pub fn codes_of(&self, id: CaseId) -> RuleSet {
        self.gaps.codes(id)
    }

    /// The most severe level among a case's gaps, if it has any.
    pub fn worst_gap(&self, id: CaseId) -> Option<GapSeverity> {
        self.gaps.worst(id)
    }

    pub fn flagged_count(&self) -> usize {
        self.flagged
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The last load error, shown in the hint bar.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn size(&self) -> (u16, u16) {
        self.measures.size
    }

    /// The rule code the case list is narrowed to, if any.
    pub fn rule_filter(&self) -> Option<RuleCode> {
        self.list.filter.rule
    }

    /// While the list holds only the first rows of a large store: how many cases
    /// the store holds.
    pub fn list_loading(&self) -> Option<super::loaded::ListLoading> {
        self.loading
    }

    /// A refresh is reading the list again.
    pub fn refreshing(&self) -> bool {
        self.refreshing.is_some()
    }

    /// Replace the first rows with the whole list (`Action::CasesLoaded`), or the
    /// list with the list read again (a refresh), keeping the loaded record.
    pub(crate) fn replace_cases(&mut self, cases: CaseTable, gaps: GapIndex) {
        self.gaps = gaps;
        self.flagged = cases
            .ids()
            .iter()
            .filter(|&&id| self.gaps.is_flagged(id))
            .count();
        self.cases = cases;
        self.titles.list_read();
        self.loading = None;
        self.reevaluate_loaded();
    }

    /// The open "go to case" picker, if any.
    pub fn case_picker(&self) -> Option<&super::case_picker::CasePicker> {
        self.goto.as_ref()
    }

    /// Rows visible in a pane at the current size (the measures, less the case
    /// list's header lines).
    pub fn pane_rows(&self, pane: Pane) -> usize {
        let header = if pane == Pane::Cases {
            self.header_rows()
        } else {
            0
        };
        self.measures.pane_rows[pane.index()].saturating_sub(header)
    }

    /// Columns of overlay content.
    pub fn overlay_width(&self) -> usize {
        self.measures.overlay_cols
    }

    /// Rows of overlay content.
    pub fn overlay_rows(&self) -> usize {
        self.measures.overlay_rows
    }

    /// The selected case's record arrived (`Action::CaseLoaded`): its panes start
    /// at the top, its trail and gaps are worked out. A record of another case (the
    /// selection moved on) is dropped.
    pub(crate) fn record_loaded(&mut self, record: CaseRecord) {
        if self.selected_case().map(|c| c.id) != Some(record.case.id) {
            return;
        }
        self.timeline_cursor = ListCursor::new(record.entries.len());
        self.assets_cursor = ListCursor::new(record.assets.len());
        self.evidence_cursor = ListCursor::new(record.evidence.len());
        self.trail = Some(crate::rules::trail(&record));
        if self.keep_status_for.take() != Some(record.case.id) {
            self.status = None;
        }
        self.record = Some(record);
        self.reevaluate_loaded();
    }

    /// The full-screen view shown instead of the main screen, if any.
    pub fn screen(&self) -> Option<&Screen> {
        self.views.screen.as_ref()
    }

    /// The open form, if any.
    pub fn form(&self) -> Option<&super::form::Form> {
        self.form.as_deref()
    }

    /// A form is open: keys go to it as typed text.
    pub fn form_open(&self) -> bool {
        self.form.is_some()
    }

    pub fn write_settings(&self) -> &super::form::WriteSettings {
        &self.writes
    }

    pub fn set_write_settings(&mut self, writes: super::form::WriteSettings) {
        self.writes = writes;
    }
}

//! Screen fixtures: a few case records built in code, and a driver that answers the
//! effects of `update` from them (no store needed).
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;

mod records;

pub use records::{evidence_bytes, now, records};

use chrono::FixedOffset;
use nhitrace::domain::{CaseRecord, CaseSummary, EvidenceId};
use nhitrace::rules::{self, RuleConfig};
use nhitrace::store::AssetCase;
use nhitrace::tui::{self, Action, App, Effect, KeyMap, ScreenAction, Settings};

pub fn summary(record: &CaseRecord) -> CaseSummary {
    let c = &record.case;
    CaseSummary {
        id: c.id,
        reference: c.reference.clone(),
        title: c.title.clone(),
        category: c.category,
        severity: c.severity,
        status: c.status,
        owner: c.owner.clone(),
        opened_at: c.opened_at,
        last_activity: record
            .entries
            .iter()
            .map(|e| e.occurred_at)
            .max()
            .unwrap_or(c.opened_at),
    }
}

/// Answers effects from in-memory records, like the run loop does from the store.
pub struct Fixture {
    pub records: Vec<CaseRecord>,
    /// The clock for the rules.
    pub now: chrono::DateTime<chrono::Utc>,
    pub bytes: HashMap<EvidenceId, Vec<u8>>,
    /// Every effect asked for, in order.
    pub effects: Vec<Effect>,
    /// Zone and key map the app is built with.
    pub zone: FixedOffset,
    pub keymap: KeyMap,
}

impl Fixture {
    pub fn new(records: Vec<CaseRecord>, bytes: HashMap<EvidenceId, Vec<u8>>) -> Fixture {
        Fixture {
            records,
            now: now(),
            bytes,
            effects: Vec::new(),
            zone: FixedOffset::east_opt(0).expect("utc"),
            keymap: KeyMap::default_map().expect("default key map"),
        }
    }

    fn answer_from_records(&self, effect: Effect) -> Option<Action> {
        Some(match effect {
            Effect::LoadCase(id) => match self.records.iter().find(|r| r.case.id == id) {
                Some(r) => Action::CaseLoaded(Box::new(r.clone())),
                None => Action::LoadFailed(format!("no case #{id}")),
            },
            Effect::LoadEvidenceBytes(id) => match self.bytes.get(&id) {
                Some(b) => Action::EvidenceLoaded(id, b.clone()),
                None => Action::LoadFailed(format!("no bytes for evidence #{id}")),
            },
            Effect::LoadAssetCases(id) => {
                let mut cases: Vec<AssetCase> = self
                    .records
                    .iter()
                    .filter_map(|r| AssetCase::from_record(r, id))
                    .collect();
                cases.sort_by(|a, b| (a.opened_at, &a.reference).cmp(&(b.opened_at, &b.reference)));
                Action::Screen(ScreenAction::AssetCasesLoaded(id, cases))
            }
            // The workers' effects: the fixture has no workers; a test hands their
            // answers in itself.
            Effect::Rank(_)
            | Effect::CancelRanking(_)
            | Effect::RankPicker(_)
            | Effect::LoadCorpus
            | Effect::LoadRestOfList
            | Effect::RefreshList => return None,
            other => Action::LoadFailed(format!("the fixture has no store for {other:?}")),
        })
    }

    /// Apply an action and everything its effects bring back, settled as the run
    /// loop settles them (`tui::settle`).
    pub fn send(&mut self, app: &mut App, action: Action) {
        let asked = tui::settle(app, self, action);
        self.effects.extend(asked);
    }

    /// An app over the fixture records at `width`×`height`, first case loaded.
    pub fn app(&mut self, width: u16, height: u16, no_color: bool) -> App {
        let gaps = self
            .records
            .iter()
            .map(|r| {
                (
                    r.case.id,
                    rules::evaluate(r, self.now, &RuleConfig::default()),
                )
            })
            .collect();
        let settings = Settings {
            zone: self.zone,
            no_color,
            keymap: self.keymap.clone(),
        };
        let mut app = App::new(self.records.iter().map(summary).collect(), gaps, settings);
        self.send(&mut app, Action::resize(width, height));
        let first = app.initial_effects();
        let asked = tui::settle_effects(&mut app, self, first);
        self.effects.extend(asked);
        app
    }
}

impl tui::Answer for Fixture {
    fn answer(&mut self, effect: Effect) -> Option<Action> {
        self.answer_from_records(effect)
    }
}

pub fn fixture() -> Fixture {
    Fixture::new(records(), evidence_bytes())
}

/// The demo dataset, listed by reference as the store lists it, with the clock the
/// demo's expected gaps are written for.
pub fn demo() -> Fixture {
    let mut records = Vec::new();
    let mut bytes = HashMap::new();
    for (record, evidence) in nhitrace::demo::records().expect("demo data") {
        for (item, data) in record.evidence.iter().zip(evidence) {
            bytes.insert(item.id, data);
        }
        records.push(record);
    }
    records.sort_by(|a, b| a.case.reference.cmp(&b.case.reference));
    let mut fixture = Fixture::new(records, bytes);
    fixture.now = chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    fixture
}

/// The buffer as plain text, one line per row (for assertions and snapshots).
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let buffer = tui::render_to_buffer(app, width, height);
    let mut out = String::new();
    for y in 0..height {
        for x in 0..width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

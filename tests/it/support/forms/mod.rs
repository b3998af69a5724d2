//! Driving the write forms against a real temp store: keys typed into the form,
//! effects settled against the store with `tui::settle`, as the run loop does.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::{
    Action, App, Effect, RunOptions, StoreAnswers, WriteKind, WriteSettings, load_app, settle,
    settle_effects,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::support::screen::{evidence_bytes, now, records};

pub struct Session {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub app: App,
    /// Every effect asked for, in order.
    pub effects: Vec<Effect>,
}

pub fn store_with_fixtures(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("cases.db"), OpenMode::CreateNew).expect("create");
    let bytes = evidence_bytes();
    store
        .write(|w| {
            for record in records() {
                let evidence: Vec<Vec<u8>> = record
                    .evidence
                    .iter()
                    .map(|e| bytes[&e.id].clone())
                    .collect();
                w.insert_record(&record, &evidence)?;
            }
            Ok(())
        })
        .expect("insert fixtures");
    store
}

pub fn options() -> RunOptions {
    RunOptions {
        now: now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        no_color: true,
        evidence_max_bytes: 64,
        keymap: nhitrace::tui::KeyMap::default_map().expect("default key map"),
    }
}

impl Session {
    /// The fixture cases in a temp store, opened with `mode`, at 80×24, first case
    /// loaded.
    pub fn open(mode: OpenMode) -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        drop(store_with_fixtures(&dir));
        let store = Store::open(&dir.path().join("cases.db"), mode).expect("open");
        let mut app = load_app(&store, &options()).expect("load");
        app.set_write_settings(WriteSettings {
            read_only: store.is_read_only(),
            rules: RuleConfig::default(),
            evidence_max_bytes: 64,
            year: Some(2026),
        });
        let mut session = Session {
            dir,
            store,
            app,
            effects: Vec::new(),
        };
        session.send(Action::resize(80, 24));
        let first = session.app.initial_effects();
        session.settle_all(first);
        session
    }

    pub fn new() -> Session {
        Session::open(OpenMode::ReadWrite)
    }

    /// Apply an action and settle every effect it leads to against the store, as
    /// the run loop does (`tui::settle`).
    pub fn send(&mut self, action: Action) {
        let asked = settle(&mut self.app, &mut StoreAnswers(&mut self.store), action);
        self.effects.extend(asked);
    }

    /// Settle these effects (and what they lead to) against the store.
    pub fn settle_all(&mut self, effects: Vec<Effect>) {
        let asked = settle_effects(&mut self.app, &mut StoreAnswers(&mut self.store), effects);
        self.effects.extend(asked);
    }

    /// Select the case with this reference in the list.
    pub fn select(&mut self, reference: &str) {
        self.send(Action::First);
        for _ in 0..10 {
            if self
                .app
                .selected_case()
                .is_some_and(|c| c.reference == reference)
            {
                return;
            }
            self.send(Action::SelectNext);
        }
        panic!("no case {reference}");
    }

    pub fn start(&mut self, kind: WriteKind) {
        self.send(Action::StartWrite(kind));
    }

    /// A terminal key, through the key map as the run loop reads it.
    pub fn key(&mut self, code: KeyCode) {
        self.press(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn press(&mut self, key: KeyEvent) {
        if let Some(action) = nhitrace::tui::key_action(&self.app, &key) {
            self.send(action);
        }
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn focused(&self) -> &'static str {
        self.app.form().expect("a form is open").focused()
    }

    /// Tab to a field (it must be shown).
    pub fn focus(&mut self, key: &str) {
        for _ in 0..40 {
            if self.focused() == key {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("field {key} is not shown");
    }

    /// Tab to a field and type into it.
    pub fn fill(&mut self, key: &str, text: &str) {
        self.focus(key);
        self.type_text(text);
    }

    /// Tab to a choice and cycle it to `value`.
    pub fn choose(&mut self, key: &str, value: &str) {
        self.focus(key);
        for _ in 0..40 {
            if self.value(key) == value {
                return;
            }
            self.key(KeyCode::Right);
        }
        panic!("{key} offers no {value}");
    }

    pub fn value(&self, key: &str) -> String {
        self.app
            .form()
            .expect("a form is open")
            .value(key)
            .unwrap_or_else(|| panic!("no field {key}"))
    }

    pub fn error(&self, key: &str) -> Option<String> {
        self.app
            .form()
            .expect("a form is open")
            .error(key)
            .map(str::to_string)
    }

    pub fn case_id(&self, reference: &str) -> i64 {
        self.store
            .case_id_by_ref(reference)
            .expect("read")
            .expect("case exists")
    }
}

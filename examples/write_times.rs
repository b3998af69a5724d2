//! Time the screen's writes on a large store, from the form's submission to the
//! list, flags and record shown again: the store write with what is read back
//! (`save`), and applying it to the screen (`apply`: the list row, flags, record and
//! the search corpus). Writes to the store: run it on a copy.
//!
//! `cargo run --release --example write_times -- /tmp/wr/g.db`
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::time::Instant;

use nhitrace::domain::EntryKind;
use nhitrace::input::{CaseDraft, EntryDraft};
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::filter_picker::ListAction;
use nhitrace::tui::{
    Action, App, Effect, Proof, RunOptions, Submission, Write, WriteSettings, execute_mut, open_app,
};

fn options() -> RunOptions {
    RunOptions {
        now: chrono::Utc::now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        no_color: true,
        evidence_max_bytes: 1024 * 1024,
        keymap: nhitrace::tui::KeyMap::default_map().expect("key map"),
    }
}

fn dispatch(app: &mut App, store: &mut Store, action: Action) {
    nhitrace::tui::settle(app, &mut nhitrace::tui::StoreAnswers(store), action);
}

/// Submit `write`, timing the store's answer and the screen's applying it.
fn timed(label: &str, app: &mut App, store: &mut Store, write: Write) {
    let submission = Submission {
        zone: chrono::FixedOffset::east_opt(0).expect("utc"),
        evidence_max_bytes: 1024 * 1024,
        rules: RuleConfig::default(),
        write,
    };
    let start = Instant::now();
    let answer = execute_mut(store, Effect::Save(Box::new(submission)));
    let Some(answer) = answer else {
        panic!("{label}: the store did not answer");
    };
    let saved = start.elapsed();
    let Action::FormSaved(_) = &answer else {
        panic!("{label}: not saved: {answer:?}");
    };
    dispatch(app, store, answer);
    let total = start.elapsed();
    println!(
        "{label:>28}: save {:>7.1} ms  apply {:>6.1} ms  total {:>7.1} ms",
        saved.as_secs_f64() * 1e3,
        (total - saved).as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
    );
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: write_times STORE (a copy: it is written to)");
    let mut store = Store::open(std::path::Path::new(&path), OpenMode::ReadWrite).expect("open");
    let options = options();
    let start = Instant::now();
    let mut app = open_app(&mut store, &options).expect("load");
    println!(
        "loaded {} cases in {:.0} ms",
        app.cursor(nhitrace::tui::Pane::Cases).len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    app.set_write_settings(WriteSettings {
        read_only: false,
        rules: RuleConfig::default(),
        evidence_max_bytes: 1024 * 1024,
        year: None,
    });
    app.set_now(options.now);
    dispatch(&mut app, &mut store, Action::resize(200, 50));
    // The search corpus, as the screen holds it once loaded: `apply` includes
    // putting the written case into it.
    let corpus = nhitrace::tui::search::load_corpus(std::path::Path::new(&path)).expect("corpus");
    let loaded = nhitrace::tui::search::SearchAction::CorpusLoaded(std::sync::Arc::new(corpus));
    dispatch(&mut app, &mut store, Action::Search(loaded));
    let ids = store.case_ids().expect("ids");
    let case = ids[ids.len() / 2];
    let stamp = chrono::Utc::now().timestamp() % 100_000;
    for (round, sort) in ["by reference", "by last activity"].iter().enumerate() {
        if round > 0 {
            dispatch(&mut app, &mut store, Action::List(ListAction::CycleSort));
        }
        println!("sorted {sort}:");
        for (i, status) in ["investigating", "remediating"].iter().enumerate() {
            let write = Write::Status {
                case,
                status: status.to_string(),
            };
            timed(&format!("status {status}"), &mut app, &mut store, write);
            let mut draft = EntryDraft::new(EntryKind::Note);
            draft.actor = "bench".into();
            draft.summary = format!("timing note {i}");
            let write = Write::Entry {
                case,
                draft,
                proof: Proof::None,
            };
            timed("timeline entry", &mut app, &mut store, write);
        }
        let mut draft = CaseDraft::new_case(format!("NHI-2099-{stamp:05}-{round}"));
        draft.title = "Timing a new case".into();
        draft.category = "other".into();
        draft.reporter = "bench".into();
        timed("new case", &mut app, &mut store, Write::NewCase(draft));
    }
}

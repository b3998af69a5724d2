//! After a write from the screen, only the case written is read back (its list row,
//! record and gaps) and put in place. Under any filter and sort, the list, the flags
//! and the selection must be what reading the whole store again gives; the other
//! rows are not read again.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::support::forms::Session;
use chrono::{DateTime, Utc};
use nhitrace::domain::{CaseId, CaseStatus, CaseSummary};
use nhitrace::flags;
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::filter::{CaseFilter, SortOrder};
use nhitrace::tui::filter_picker::{ListAction, PickerRow, value_of};
use nhitrace::tui::search::{SearchAction, SearchResults, load_corpus, rank};
use nhitrace::tui::{
    Action, App, Effect, Proof, RunOptions, Submission, Write, WriteKind, execute_mut, load_app,
    prepare, update,
};
use ratatui::crossterm::event::KeyCode;

/// The store's answer to one effect, taken at once (the test settles it itself).
fn answer_now(store: &mut Store, effect: Effect) -> Action {
    execute_mut(store, effect).expect("the store answers a save")
}

fn now() -> DateTime<Utc> {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn options() -> RunOptions {
    RunOptions {
        now: now(),
        rules: RuleConfig::default(),
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        no_color: true,
        evidence_max_bytes: 64 * 1024,
        keymap: nhitrace::tui::KeyMap::default_map().unwrap(),
    }
}

/// The 15 demo cases in a temp store, on screen at 80×24 as the run loop sets it up.
fn session() -> Session {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    let app = screen(&store);
    let mut s = Session {
        dir,
        store,
        app,
        effects: Vec::new(),
    };
    s.send(Action::resize(80, 24));
    let first = s.app.initial_effects();
    s.settle_all(first);
    s
}

/// The screen as it opens on `store`, the whole list read.
fn screen(store: &Store) -> App {
    let mut app = load_app(store, &options()).unwrap();
    prepare(&mut app, store, &options());
    app
}

/// Set the list's filter and sort on screen, and load the case then selected.
fn narrow(s: &mut Session, filter: &CaseFilter, sort: SortOrder) {
    let effects = set_list(&mut s.app, filter, sort);
    s.settle_all(effects);
}

/// Set the list's filter and sort through the filter picker, as a user would;
/// returns the loads asked for on the way.
fn set_list(app: &mut App, filter: &CaseFilter, sort: SortOrder) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut send = |app: &mut App, action: ListAction| {
        effects.extend(update(app, Action::List(action)));
    };
    send(app, ListAction::OpenPicker);
    for row in PickerRow::ALL {
        let wanted = value_of(filter, sort, row);
        for _ in 0..30 {
            let view = app.list_view();
            if value_of(&view.filter, view.sort, row) == wanted {
                break;
            }
            send(app, ListAction::PickerCycle(1));
        }
        let view = app.list_view();
        assert_eq!(value_of(&view.filter, view.sort, row), wanted, "{row:?}");
        send(app, ListAction::PickerRow(1));
    }
    send(app, ListAction::ClosePicker);
    effects
}

/// The rows the list shows, in order.
fn shown(app: &App) -> Vec<CaseSummary> {
    (0..app.shown_len())
        .map(|row| app.shown_case(row).unwrap().1)
        .collect()
}

/// Every row of the list, filters and sort cleared.
fn every_row(app: &App) -> Vec<CaseSummary> {
    let mut app = app.clone();
    let _ = update(&mut app, Action::List(ListAction::Clear));
    shown(&app)
}

/// The screen read whole from the store again, with the same filter and sort.
fn whole_reload(s: &Session) -> App {
    let mut fresh = screen(&s.store);
    let (width, height) = s.app.size();
    let _ = update(&mut fresh, Action::resize(width, height));
    let view = s.app.list_view();
    let _ = set_list(&mut fresh, &view.filter.clone(), view.sort);
    fresh
}

/// The list (shown and whole), every case's flags and the flagged count are what
/// reading the whole store again gives. Returns that screen.
fn assert_as_whole_reload(s: &Session) -> App {
    let fresh = whole_reload(s);
    assert_eq!(s.app.shown_refs(), fresh.shown_refs(), "the list as shown");
    assert_eq!(shown(&s.app), shown(&fresh), "the rows shown");
    let every = every_row(&fresh);
    assert_eq!(every_row(&s.app), every, "every row");
    for case in &every {
        assert_eq!(
            s.app.codes_of(case.id),
            fresh.codes_of(case.id),
            "flags of {}",
            case.reference
        );
    }
    assert_eq!(
        s.app.flagged_count(),
        fresh.flagged_count(),
        "flagged count"
    );
    fresh
}

fn selected(app: &App) -> Option<CaseId> {
    app.selected_case().map(|c| c.id)
}

/// Select the case `id` in the list as shown.
fn select(s: &mut Session, id: CaseId) {
    s.send(Action::First);
    for _ in 0..20 {
        if selected(&s.app) == Some(id) {
            return;
        }
        s.send(Action::SelectNext);
    }
    panic!("case #{id} is not shown");
}

fn only(status: CaseStatus) -> CaseFilter {
    CaseFilter {
        status: Some(status),
        ..CaseFilter::default()
    }
}

fn flagged() -> CaseFilter {
    CaseFilter {
        flagged_only: true,
        ..CaseFilter::default()
    }
}

#[test]
fn a_status_change_that_fails_the_filter_selects_the_first_row_as_a_refresh_does() {
    let mut s = session();
    // The status most cases have.
    let rows = every_row(&s.app);
    let count = |status: CaseStatus| rows.iter().filter(|c| c.status == status).count();
    let common = *CaseStatus::ALL.iter().max_by_key(|s| count(**s)).unwrap();
    let other = *CaseStatus::ALL
        .iter()
        .find(|s| **s != common && **s != CaseStatus::Closed)
        .unwrap();
    narrow(&mut s, &only(common), SortOrder::Severity);
    assert!(s.app.shown_len() >= 2, "{:?}", s.app.shown_refs());
    s.send(Action::Last);
    let case = selected(&s.app).unwrap();
    s.start(WriteKind::ChangeStatus);
    s.choose("status", other.as_str());
    s.ctrl('s');
    assert!(s.app.form().is_none());
    let fresh = assert_as_whole_reload(&s);
    assert_eq!(s.app.row_of(case), None, "no longer {common}: not listed");
    // As when a filter change hides the selected case: the first row is selected,
    // and its record loaded.
    assert_eq!(selected(&s.app), fresh.shown_id(0));
    assert_eq!(s.app.record().map(|r| r.case.id), selected(&s.app));
    assert!(
        matches!(s.effects.last(), Some(Effect::LoadCase(id)) if Some(*id) == selected(&s.app))
    );
    let status = s.app.status().unwrap();
    assert!(
        status.starts_with(&format!(
            "status set to {other}; hidden by the list's filter"
        )),
        "{status}"
    );
    assert_eq!(s.store.case_record(case).unwrap().case.status, other);
}

#[test]
fn a_status_change_that_passes_the_filter_moves_the_case_in_and_selects_it() {
    let mut s = session();
    narrow(&mut s, &only(CaseStatus::Verifying), SortOrder::Severity);
    let before = s.app.shown_len();
    let _ = update(&mut s.app, Action::List(ListAction::Clear));
    let case = every_row(&s.app)
        .iter()
        .find(|c| c.status == CaseStatus::Open)
        .unwrap()
        .id;
    select(&mut s, case);
    s.start(WriteKind::ChangeStatus);
    // Narrowed while the form is open (keys cannot do this; actions can): the case
    // written is not in the list until its new status puts it there.
    narrow(&mut s, &only(CaseStatus::Verifying), SortOrder::Severity);
    assert_eq!(s.app.row_of(case), None);
    s.choose("status", "verifying");
    s.ctrl('s');
    assert_as_whole_reload(&s);
    assert_eq!(s.app.shown_len(), before + 1);
    assert_eq!(selected(&s.app), Some(case));
    assert_eq!(s.app.record().unwrap().case.status, CaseStatus::Verifying);
}

#[test]
fn an_entry_moves_the_case_to_the_top_of_the_activity_sort() {
    let mut s = session();
    narrow(&mut s, &flagged(), SortOrder::LastActivity);
    s.send(Action::Last);
    let case = selected(&s.app).unwrap();
    assert_ne!(s.app.row_of(case), Some(0));
    let entries = s.app.record().unwrap().entries.len();
    s.start(WriteKind::AddEntry);
    s.fill("actor", "wei.chen");
    s.fill("summary", "Asked the owner for the rotation log");
    s.ctrl('s');
    assert!(
        s.app.form().is_none(),
        "{:?}",
        s.app.form().map(|f| f.failure())
    );
    let fresh = assert_as_whole_reload(&s);
    // Its newest activity is now: first, still flagged (no verification yet).
    assert_eq!(fresh.row_of(case), Some(0));
    assert_eq!(s.app.row_of(case), Some(0));
    assert_eq!(selected(&s.app), Some(case));
    assert_eq!(s.app.record().unwrap().entries.len(), entries + 1);
    assert_eq!(
        s.app.cursor(nhitrace::tui::Pane::Timeline).selected(),
        Some(entries),
        "the new entry is selected in the timeline"
    );
}

#[test]
fn a_new_case_is_sorted_into_place_and_flagged() {
    let mut s = session();
    narrow(&mut s, &flagged(), SortOrder::Severity);
    let flagged_before = s.app.flagged_count();
    let shown_before = s.app.shown_len();
    s.start(WriteKind::NewCase);
    let reference = s.value("reference");
    s.fill("title", "Deploy key found in a public gist");
    s.choose("category", "secret_leak");
    s.choose("severity", "critical");
    s.fill("reporter", "scanner");
    s.ctrl('s');
    assert!(
        s.app.form().is_none(),
        "{:?}",
        s.app.form().map(|f| f.failure())
    );
    let id = s.case_id(&reference);
    let fresh = assert_as_whole_reload(&s);
    assert_eq!(s.app.flagged_count(), flagged_before + 1, "no asset: NT004");
    assert_eq!(s.app.shown_len(), shown_before + 1);
    assert_eq!(s.app.row_of(id), fresh.row_of(id));
    assert_eq!(selected(&s.app), Some(id));
    assert_eq!(s.app.record().unwrap().case.reference, reference);
    assert!(s.app.codes_of(id).iter().any(|c| c.as_str() == "NT004"));
}

#[test]
fn a_changed_reference_moves_the_row_and_owners_follow_the_rows() {
    let mut s = session();
    let rows = every_row(&s.app);
    let case = rows[1].clone();
    select(&mut s, case.id);
    s.start(WriteKind::EditCase);
    s.focus("reference");
    for _ in 0..case.reference.len() {
        s.key(KeyCode::Backspace);
    }
    s.type_text("NHI-2026-9000");
    s.focus("owner");
    s.key(KeyCode::End);
    for _ in 0..40 {
        s.key(KeyCode::Backspace);
    }
    s.type_text("new.owner");
    s.ctrl('s');
    assert!(
        s.app.form().is_none(),
        "{:?}",
        s.app.form().map(|f| f.failure())
    );
    assert_as_whole_reload(&s);
    assert_eq!(s.app.shown_refs().last(), Some(&"NHI-2026-9000"));
    assert_eq!(selected(&s.app), Some(case.id));
    // The owner picker offers the new owner, and the old one only if another case
    // still names it.
    let _ = update(&mut s.app, Action::List(ListAction::OpenPicker));
    let owners = &s.app.list_view().picker.as_ref().unwrap().owners;
    let mut expected: Vec<String> = every_row(&whole_reload(&s))
        .into_iter()
        .filter_map(|c| c.owner)
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(*owners, expected);
    assert!(owners.iter().any(|o| o == "new.owner"));
}

fn submission(write: Write) -> Box<Submission> {
    Box::new(Submission {
        zone: chrono::FixedOffset::east_opt(0).unwrap(),
        evidence_max_bytes: 64 * 1024,
        rules: RuleConfig::default(),
        write,
    })
}

#[test]
fn only_the_written_case_is_read_back() {
    let mut s = session();
    let rows = every_row(&s.app);
    let (a, b) = (rows[2].id, rows[3].id);
    // Another analyst changes case b through their own connection.
    let mut other = Store::open(&s.dir.path().join("demo.db"), OpenMode::ReadWrite).unwrap();
    other
        .write(|w| w.set_case_status(b, CaseStatus::Remediating))
        .unwrap();
    assert_ne!(rows[3].status, CaseStatus::Remediating);
    // This screen changes case a.
    let answer = answer_now(
        &mut s.store,
        Effect::Save(submission(Write::Status {
            case: a,
            status: "verifying".into(),
        })),
    );
    let Action::FormSaved(saved) = &answer else {
        panic!("{answer:?}");
    };
    assert_eq!((saved.case, saved.created), (a, false));
    let reloaded = saved.reload.as_ref().unwrap();
    let whole = s.store.case_summaries().unwrap();
    let row = whole.iter().find(|c| c.id == a).unwrap();
    assert_eq!(reloaded.summary, *row, "the row the whole list would give");
    assert_eq!(reloaded.record.case.id, a);
    s.send(answer);
    let after = every_row(&s.app);
    assert_eq!(after[2].status, CaseStatus::Verifying, "a is read back");
    assert_eq!(after[3], rows[3], "b is not: the list was not read again");
    assert_eq!(
        whole.iter().find(|c| c.id == b).unwrap().status,
        CaseStatus::Remediating
    );
}

#[test]
fn a_new_case_is_reported_as_created() {
    let mut s = session();
    let mut draft = nhitrace::input::CaseDraft::new_case("NHI-2026-0100".into());
    draft.title = "Stale OAuth app".into();
    draft.category = "other".into();
    let answer = answer_now(
        &mut s.store,
        Effect::Save(submission(Write::NewCase(draft))),
    );
    let Action::FormSaved(saved) = &answer else {
        panic!("{answer:?}");
    };
    let id = s.case_id("NHI-2026-0100");
    assert_eq!((saved.case, saved.created), (id, true));
    let entry = answer_now(
        &mut s.store,
        Effect::Save(submission(Write::Entry {
            case: id,
            draft: nhitrace::input::EntryDraft {
                actor: "ana".into(),
                summary: "triaged".into(),
                ..nhitrace::input::EntryDraft::new(nhitrace::domain::EntryKind::Triaged)
            },
            proof: Proof::None,
        })),
    );
    let Action::FormSaved(saved) = &entry else {
        panic!("{entry:?}");
    };
    assert_eq!((saved.case, saved.created), (id, false));
}

#[test]
fn the_flags_cache_is_dropped_for_the_written_case_only_and_stays_right() {
    let mut s = session();
    let config = RuleConfig::default();
    flags::load(&mut s.store, now(), &config).unwrap();
    let ids: Vec<CaseId> = every_row(&s.app).iter().map(|c| c.id).collect();
    assert_eq!(s.store.cached_flags_for(&ids).unwrap().len(), ids.len());
    let case = selected(&s.app).unwrap();
    s.start(WriteKind::AddEntry);
    s.fill("actor", "ana");
    s.fill("summary", "Rotated the key");
    s.ctrl('s');
    assert!(s.app.form().is_none());
    assert!(s.store.cached_flags_for(&[case]).unwrap().is_empty());
    assert_eq!(s.store.cached_flags_for(&ids).unwrap().len(), ids.len() - 1);
    // What the cache (plus evaluating the one case) says equals the screen's flags.
    let current = flags::current(&s.store, now(), &config).unwrap();
    assert_eq!(current.evaluated, 1);
    for id in ids {
        let cached = current.codes.get(&id).copied().unwrap_or_default();
        assert_eq!(s.app.codes_of(id), cached, "case #{id}");
    }
    assert_as_whole_reload(&s);
}

#[test]
fn search_results_keep_their_cases_and_a_new_case_joins_them_when_ranked_again() {
    let mut s = session();
    let corpus = load_corpus(&s.dir.path().join("demo.db")).unwrap();
    s.send(Action::Search(SearchAction::CorpusLoaded(corpus.into())));
    s.send(Action::Search(SearchAction::Start));
    for c in "key".chars() {
        s.send(Action::Search(SearchAction::Input(c)));
    }
    let deliver = |s: &mut Session| {
        let search = s.app.search_state();
        let results = SearchResults {
            generation: search.generation,
            hits: rank(search.corpus.as_ref().unwrap(), &search.query),
        };
        s.send(Action::Search(SearchAction::Results(results)));
    };
    deliver(&mut s);
    s.send(Action::Search(SearchAction::Accept));
    let before: Vec<String> = s.app.shown_refs().iter().map(|r| r.to_string()).collect();
    assert!(before.len() >= 2, "{before:?}");
    let generation = s.app.search_state().generation;
    // A reference sorting before every case: every list position moves by one.
    let mut draft = nhitrace::input::CaseDraft::new_case("AAA-0001".into());
    draft.title = "Leaked key".into();
    draft.category = "secret_leak".into();
    let answer = answer_now(
        &mut s.store,
        Effect::Save(submission(Write::NewCase(draft))),
    );
    s.send(answer);
    assert_eq!(
        s.app.shown_refs(),
        before,
        "the same cases, ranked as before, until the new ranking arrives"
    );
    assert_eq!(s.app.selected_case().unwrap().reference, before[0]);
    // The search holds the new case, every position maps to the same case both
    // ways, and the query is ranked again.
    let search = s.app.search_state();
    let corpus = search.corpus.as_ref().unwrap();
    let id = s.app.cases().id(0).unwrap();
    assert_eq!(corpus.case_id(0), Some(id));
    for (index, &row) in search.case_of.iter().enumerate() {
        assert_eq!(s.app.cases().id(row as usize), corpus.case_id(index));
        assert_eq!(search.corpus_of[row as usize], index as u32);
    }
    assert!(search.generation > generation && search.pending());
    deliver(&mut s);
    let after = s.app.shown_refs();
    assert!(after.contains(&"AAA-0001"), "{after:?}");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(
        s.app.selected_case().unwrap().reference,
        "AAA-0001",
        "the written case stays selected"
    );
}

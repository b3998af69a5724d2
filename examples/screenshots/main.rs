//! Writes the README screenshots from the app's own renderer: the demo store is
//! loaded into a temporary file, keys are applied through `update` and the store
//! effects exactly as in the app, and each frame is drawn into a `TestBackend`
//! buffer and saved as SVG in `screenshots/`.
//!
//!     cargo run --example screenshots

mod svg;

use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use color_eyre::eyre::eyre;
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store};
use nhitrace::tui::case_picker::{CasePickerAction, PickerResults, rank_cases};
use nhitrace::tui::import_form::ImportAction;
use nhitrace::tui::search::{SearchAction, SearchResults};
use nhitrace::tui::{self, Action, App, Pane, RunOptions};

/// Apply `action` and settle the effects it asks for against the store, as the
/// app does.
fn apply(app: &mut App, store: &Store, action: Action) {
    tui::settle(app, &mut tui::ReadAnswers(store), action);
}

fn save(app: &App, width: u16, height: u16, name: &str) -> color_eyre::Result<()> {
    let buffer = tui::render_to_buffer(app, width, height);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("screenshots")
        .join(name);
    std::fs::write(&path, svg::render(&buffer))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let dir = std::env::temp_dir().join(format!("nhitrace-screenshots-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("demo.db");
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db, OpenMode::CreateNew)?;
    nhitrace::demo::write_to(&mut store)?;

    let now: DateTime<Utc> = "2026-11-27T12:00:00Z".parse()?;
    let options = RunOptions {
        now,
        rules: RuleConfig::default(),
        zone: FixedOffset::east_opt(0).ok_or_else(|| eyre!("zone"))?,
        no_color: false,
        evidence_max_bytes: nhitrace::config::Config::default().evidence_max_bytes,
        keymap: tui::KeyMap::default_map()?,
    };
    let (width, height) = (120, 34);
    let mut app = tui::load_app(&store, &options)?;
    apply(&mut app, &store, Action::resize(width, height));
    // Select NHI-2026-0037: a change with no approver.
    for _ in 0..6 {
        apply(&mut app, &store, Action::SelectNext);
    }
    save(&app, width, height, "main.svg")?;
    save(&app, 80, 24, "main-80x24.svg")?;

    // Its timeline: open the change that nobody approved.
    apply(&mut app, &store, Action::FocusPane(Pane::Timeline));
    apply(&mut app, &store, Action::SelectNext);
    apply(&mut app, &store, Action::SelectNext);
    apply(&mut app, &store, Action::Open);
    save(&app, width, height, "record.svg")?;
    apply(&mut app, &store, Action::Back);

    // Evidence with escape sequences and a pasted token, shown safely.
    apply(&mut app, &store, Action::FocusPane(Pane::Cases));
    apply(&mut app, &store, Action::SelectNext);
    apply(&mut app, &store, Action::FocusPane(Pane::Evidence));
    apply(&mut app, &store, Action::Open);
    save(&app, width, height, "evidence.svg")?;
    apply(&mut app, &store, Action::Back);

    apply(&mut app, &store, Action::ShowHelp);
    save(&app, width, height, "help.svg")?;
    apply(&mut app, &store, Action::Back);

    // Go to a case: the fuzzy picker over every case (`p`).
    let corpus = std::sync::Arc::new(tui::search::load_corpus(&db)?);
    apply(
        &mut app,
        &store,
        Action::Search(tui::search::SearchAction::CorpusLoaded(corpus.clone())),
    );
    apply(&mut app, &store, Action::CasePicker(CasePickerAction::Open));
    for c in "svc-deploy".chars() {
        apply(
            &mut app,
            &store,
            Action::CasePicker(CasePickerAction::Input(c)),
        );
    }
    let generation = app.case_picker().map_or(0, |p| p.generation);
    let hits = rank_cases(&corpus, "svc-deploy", || false).unwrap_or_default();
    let results = PickerResults { generation, hits };
    apply(
        &mut app,
        &store,
        Action::CasePicker(CasePickerAction::Results(results)),
    );
    save(&app, width, height, "goto.svg")?;
    apply(
        &mut app,
        &store,
        Action::CasePicker(CasePickerAction::Close),
    );

    // Search (`/`): two terms, each matched within a word of any field, the
    // matched characters of reference and title lit.
    apply(&mut app, &store, Action::Search(SearchAction::Start));
    for c in "svc key".chars() {
        apply(&mut app, &store, Action::Search(SearchAction::Input(c)));
    }
    let search = app.search_state();
    let results = SearchResults {
        generation: search.generation,
        hits: tui::search::rank(&corpus, &search.query),
    };
    apply(
        &mut app,
        &store,
        Action::Search(SearchAction::Results(results)),
    );
    save(&app, width, height, "search.svg")?;
    apply(&mut app, &store, Action::Search(SearchAction::Cancel));

    // Import events (`I`): a CloudTrail file from the test fixtures marked in the
    // listing and previewed (read and mapped, nothing written yet).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/cloudtrail");
    apply(&mut app, &store, Action::Import(ImportAction::Open));
    apply(&mut app, &store, Action::Import(ImportAction::ClearPath));
    for c in fixtures.display().to_string().chars() {
        apply(&mut app, &store, Action::Import(ImportAction::Type(c)));
    }
    apply(&mut app, &store, Action::Import(ImportAction::Enter));
    let row = app
        .import_form()
        .and_then(|form| form.items().iter().position(|i| i.name == "key-leak.json"))
        .ok_or_else(|| eyre!("key-leak.json is not listed"))?;
    for _ in 0..row {
        apply(&mut app, &store, Action::Import(ImportAction::Down));
    }
    apply(&mut app, &store, Action::Import(ImportAction::Toggle));
    apply(&mut app, &store, Action::Import(ImportAction::Preview));
    save(&app, width, height, "import.svg")?;

    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

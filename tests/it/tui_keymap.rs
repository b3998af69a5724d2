//! The key map: parsing, errors with line numbers, lookups from terminal events, and
//! the hints and help generated from it.
#![allow(clippy::expect_used)]

use nhitrace::tui::{Action, KeyChord, KeyMap, Pane, commands};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
    let map = KeyMap::default_map().expect("default key map parses");
    KeyChord::from_event(&KeyEvent::new(code, modifiers)).and_then(|chord| map.action_for(chord))
}

#[test]
fn default_map_binds_every_command() {
    let map = KeyMap::default_map().expect("default key map parses");
    let bound: Vec<&str> = map.bindings().iter().map(|b| b.command.name).collect();
    for command in commands() {
        assert!(
            bound.contains(&command.name),
            "{} is not bound",
            command.name
        );
    }
}

#[test]
fn terminal_events_map_to_actions() {
    assert_eq!(
        key(KeyCode::Char('j'), KeyModifiers::NONE),
        Some(Action::SelectNext)
    );
    assert_eq!(
        key(KeyCode::Down, KeyModifiers::NONE),
        Some(Action::SelectNext)
    );
    assert_eq!(
        key(KeyCode::Char('G'), KeyModifiers::SHIFT),
        Some(Action::Last)
    );
    assert_eq!(
        key(KeyCode::Char('g'), KeyModifiers::NONE),
        Some(Action::First)
    );
    assert_eq!(
        key(KeyCode::BackTab, KeyModifiers::SHIFT),
        Some(Action::FocusPrev)
    );
    assert_eq!(
        key(KeyCode::Char('3'), KeyModifiers::NONE),
        Some(Action::FocusPane(Pane::Assets))
    );
    assert_eq!(
        key(KeyCode::Char('?'), KeyModifiers::SHIFT),
        Some(Action::ShowHelp)
    );
    assert_eq!(
        key(KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Action::Quit)
    );
    // Plain `c` is not Ctrl-c: it closes the case (through its form).
    assert_eq!(
        key(KeyCode::Char('c'), KeyModifiers::NONE),
        Some(Action::StartWrite(nhitrace::tui::WriteKind::CloseCase))
    );
    assert_eq!(key(KeyCode::Char('z'), KeyModifiers::NONE), None);
    assert_eq!(key(KeyCode::Esc, KeyModifiers::NONE), Some(Action::Back));
}

#[test]
fn hints_merge_consecutive_labels() {
    let map = KeyMap::default_map().expect("default key map parses");
    let hints = map.hints();
    assert!(hints.contains(&("j/k".to_string(), "move")), "{hints:?}");
    // The 80-column bar keeps moving, search, filter, opening, adding to the trail,
    // help and quit; a wider one adds refresh, last; everything else is in the help.
    assert_eq!(
        hints,
        [
            ("Tab".to_string(), "pane"),
            ("j/k".to_string(), "move"),
            ("Enter".to_string(), "open"),
            ("/".to_string(), "search"),
            ("f".to_string(), "filter"),
            ("a".to_string(), "add"),
            ("?".to_string(), "help"),
            ("q".to_string(), "quit"),
            ("Ctrl-r".to_string(), "refresh"),
        ]
    );
}

#[test]
fn keys_print_as_they_are_written() {
    for text in [
        "q",
        "G",
        "?",
        "Ctrl-c",
        "Alt-x",
        "Shift-Tab",
        "PageDown",
        "F5",
        "Space",
        "Enter",
    ] {
        let chord = KeyChord::parse(text).expect(text);
        assert_eq!(chord.to_string(), text);
    }
}

#[test]
fn errors_name_the_line() {
    let cases = [
        (
            "quit = q\n\n# comment\nbogus = x\n",
            4,
            "unknown action `bogus`",
        ),
        ("quit = q\nhelp\n", 2, "expected `action = key, key`"),
        ("quit = q, Ctrl-\n", 1, "unknown key `Ctrl-`"),
        ("quit = q\nhelp = q\n", 2, "already bound to `quit`"),
        ("quit = q\nquit = x\n", 2, "bound twice"),
        ("help = F13\n", 1, "unknown key `F13`"),
        ("help = ,\n", 1, "empty key"),
    ];
    for (text, line, message) in cases {
        let err = KeyMap::parse(text).expect_err(text);
        assert_eq!(err.line, line, "{text:?}");
        assert!(err.to_string().contains(message), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("key map line {line}:")),
            "{err}"
        );
    }
}

#[test]
fn a_smaller_map_drives_lookups() {
    let map = KeyMap::parse("quit = x\nopen = Space\n").expect("parses");
    assert_eq!(
        map.action_for(KeyChord::parse("x").expect("x")),
        Some(Action::Quit)
    );
    assert_eq!(map.action_for(KeyChord::parse("q").expect("q")), None);
    assert_eq!(
        map.action_for(KeyChord::parse("Space").expect("space")),
        Some(Action::Open)
    );
}

fn user_line(action: &str, keys: &str, line: usize) -> nhitrace::config::KeyOverride {
    nhitrace::config::KeyOverride {
        mode: "main".into(),
        action: action.into(),
        keys: keys.into(),
        origin: "config.conf".into(),
        line,
    }
}

#[test]
fn a_user_override_replaces_the_binding_and_the_help_follows() {
    let mut config = nhitrace::config::Config::default();
    config
        .apply("[keys]\nquit = x, ctrl-q\nsearch = Ctrl-f\n", "config.conf")
        .expect("config parses");
    let map = KeyMap::with_overrides(&config.key_overrides).expect("overrides apply");
    let lookup = |k: &str| map.action_for(KeyChord::parse(k).expect(k));
    assert_eq!(lookup("x"), Some(Action::Quit));
    assert_eq!(lookup("Ctrl-q"), Some(Action::Quit));
    assert_eq!(lookup("q"), None, "the default key of quit is gone");
    assert_eq!(lookup("/"), None);
    assert_eq!(
        lookup("Ctrl-f"),
        Some(Action::Search(nhitrace::tui::search::SearchAction::Start))
    );
    // x was clear_filter's default: the user gave it to quit, so clear_filter loses it.
    let clear = map
        .bindings()
        .iter()
        .find(|b| b.command.name == "clear_filter")
        .expect("clear_filter");
    assert!(clear.keys.is_empty());
    // Everything else keeps its default.
    assert_eq!(lookup("j"), Some(Action::SelectNext));
    let hints = map.hints();
    assert!(hints.contains(&("x".to_string(), "quit")), "{hints:?}");
    assert!(
        hints.contains(&("Ctrl-f".to_string(), "search")),
        "{hints:?}"
    );
    // The help screen is generated from the same map.
    let text = help_pages(map);
    assert!(text.contains("┃ x Ctrl-q        quit nhitrace"), "{text}");
    assert!(text.contains("┃ Ctrl-f          fuzzy search"), "{text}");
    // Its hint bar lists the keys the help takes, from the same map.
    assert!(text.contains(" x quit "), "hint bar:\n{text}");
    assert!(!text.contains(" Ctrl-f search "), "hint bar:\n{text}");
}

/// The last line of the screen drawn at `width`×`height`, without its trailing
/// blanks: the hint bar.
fn hint_bar(app: &nhitrace::tui::App, width: u16, height: u16) -> String {
    let screen = crate::support::screen::screen(app, width, height);
    let bar = screen.lines().last().expect("a hint bar");
    bar.trim_end().to_string()
}

/// The main screen's keys while the help is open over it: the help's own work,
/// the rest do nothing (a search or a picker started behind it would take the
/// next keys unseen), and the hint bar says which.
#[test]
fn an_overlay_takes_only_its_own_keys_and_the_hint_bar_lists_them() {
    let mut f = crate::support::screen::fixture();
    let mut app = f.app(80, 24, false);
    let chord = |k: &str| KeyChord::parse(k).expect(k);
    let main = crate::support::screen::screen(&app, 80, 24);
    assert!(main.contains(" / search "), "{main}");
    f.send(&mut app, Action::ShowHelp);
    for (key, action) in [
        ("j", Action::SelectNext),
        ("k", Action::SelectPrev),
        ("PageDown", Action::PageDown),
        ("g", Action::First),
        ("G", Action::Last),
        ("Esc", Action::Back),
        ("q", Action::Quit),
        ("Ctrl-r", Action::Refresh),
    ] {
        assert_eq!(
            nhitrace::tui::action_for_chord(&app, chord(key)),
            Some(action),
            "{key}"
        );
    }
    for key in ["/", "f", "p", "o", "x", "a", "!", "Tab", "1", "Enter"] {
        assert_eq!(
            nhitrace::tui::action_for_chord(&app, chord(key)),
            None,
            "{key} with the help open"
        );
    }
    assert_eq!(hint_bar(&app, 80, 24), " j/k scroll  Esc back  q quit");
    // Back on the main screen every key is its own again.
    f.send(&mut app, Action::Back);
    assert_eq!(
        nhitrace::tui::action_for_chord(&app, chord("/")),
        Some(Action::Search(nhitrace::tui::search::SearchAction::Start))
    );
}

/// Every page of the help screen at 80×24 over the fixture, scrolled through page
/// by page (the hint bar is on each).
fn help_pages(map: KeyMap) -> String {
    let mut f = crate::support::screen::fixture();
    f.keymap = map;
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::ShowHelp);
    let mut pages = crate::support::screen::screen(&app, 80, 24);
    for _ in 0..20 {
        f.send(&mut app, Action::PageDown);
        pages.push_str(&crate::support::screen::screen(&app, 80, 24));
    }
    pages
}

#[test]
fn a_bad_user_line_is_named_by_file_and_line() {
    let cases = [
        (
            user_line("qiut", "q", 7),
            "config.conf:7: unknown action \"qiut\"",
        ),
        (
            user_line("quit", "Ctrl-", 3),
            "config.conf:3: unknown key \"Ctrl-\"",
        ),
        (
            user_line("help", "", 4),
            "config.conf:4: empty key for \"help\"",
        ),
    ];
    for (line, expected) in cases {
        let err = KeyMap::with_overrides(&[line]).expect_err(expected);
        assert_eq!(err.to_string(), expected);
    }
    let twice = [user_line("quit", "x", 2), user_line("help", "x", 5)];
    let err = KeyMap::with_overrides(&twice).expect_err("x twice");
    assert_eq!(err.line, 5);
    assert!(
        err.message.contains("already given to \"quit\" on line 2"),
        "{err}"
    );
    let again = [user_line("quit", "x", 2), user_line("quit", "y", 9)];
    let err = KeyMap::with_overrides(&again).expect_err("quit twice");
    assert_eq!(
        err.to_string(),
        "config.conf:9: action \"quit\" is already set on line 2"
    );
}

#[test]
fn every_mode_has_its_section_and_its_keys() {
    use nhitrace::tui::{FormCommand, FormKey, Mode};
    use nhitrace::tui::{
        case_picker::CasePickerAction, filter_picker::ListAction, search::SearchAction,
    };
    let map = KeyMap::default_map().expect("default key map parses");
    let chord = |k: &str| KeyChord::parse(k).expect(k);
    assert_eq!(
        map.action_in(Mode::Search, chord("Esc")),
        Some(Action::Search(SearchAction::Cancel))
    );
    assert_eq!(
        map.action_in(Mode::Search, chord("q")),
        None,
        "q is text in the search line"
    );
    assert_eq!(
        map.action_in(Mode::Goto, chord("Ctrl-n")),
        Some(Action::CasePicker(CasePickerAction::Move(1)))
    );
    assert_eq!(
        map.action_in(Mode::Filter, chord("l")),
        Some(Action::List(ListAction::PickerCycle(1)))
    );
    assert_eq!(
        map.action_in(Mode::Form, chord("Ctrl-s")),
        Some(Action::FormKey(FormKey::Command(FormCommand::Save)))
    );
    assert_eq!(
        map.action_in(Mode::Question, chord("Y")),
        Some(Action::FormKey(FormKey::Command(FormCommand::Confirm)))
    );
    for mode in Mode::ALL {
        let bound: Vec<&str> = map
            .bindings_in(mode)
            .iter()
            .map(|b| b.command.name)
            .collect();
        for command in mode.commands() {
            assert!(
                bound.contains(&command.name),
                "[{}] {} is not bound",
                mode.name(),
                command.name
            );
        }
    }
}

#[test]
fn a_section_line_names_a_known_mode_and_keys_before_any_section_are_the_main_screen() {
    let map = KeyMap::parse("quit = q\n[search]\ncancel = Ctrl-g\n").expect("parses");
    assert_eq!(
        map.action_for(KeyChord::parse("q").expect("q")),
        Some(Action::Quit)
    );
    assert_eq!(
        map.action_in(
            nhitrace::tui::Mode::Search,
            KeyChord::parse("Ctrl-g").expect("g")
        ),
        Some(Action::Search(nhitrace::tui::search::SearchAction::Cancel))
    );
    let err = KeyMap::parse("quit = q\n[serach]\n").expect_err("unknown section");
    assert_eq!(
        (err.line, err.message.as_str()),
        (2, "unknown section `[serach]`")
    );
    // The same key may mean different things in two modes, not twice in one.
    let err = KeyMap::parse("[filter]\nclose = q\nclear = q\n").expect_err("bound twice");
    assert_eq!(err.line, 3);
}

#[test]
fn a_keys_mode_section_in_the_config_rebinds_that_mode_only() {
    use nhitrace::tui::{FormCommand, FormKey, Mode};
    let mut config = nhitrace::config::Config::default();
    config
        .apply(
            "[keys]\nquit = x\n\n[keys.form]\nsave = Ctrl-w\n",
            "config.conf",
        )
        .expect("config parses");
    let map = KeyMap::with_overrides(&config.key_overrides).expect("applies");
    let chord = |k: &str| KeyChord::parse(k).expect(k);
    assert_eq!(map.action_for(chord("x")), Some(Action::Quit));
    assert_eq!(
        map.action_in(Mode::Form, chord("Ctrl-w")),
        Some(Action::FormKey(FormKey::Command(FormCommand::Save)))
    );
    assert_eq!(
        map.action_in(Mode::Form, chord("Ctrl-s")),
        None,
        "the default is replaced"
    );
    assert_eq!(
        map.action_in(Mode::Form, chord("Tab")),
        Some(Action::FormKey(FormKey::Command(FormCommand::NextField))),
        "the mode's other keys stay"
    );
    let help = help_pages(map);
    assert!(
        help.contains("┃ Ctrl-w          save, from any field"),
        "{help}"
    );

    let mut config = nhitrace::config::Config::default();
    config
        .apply("[keys.serach]\ncancel = Esc\n", "config.conf")
        .expect("any [keys.MODE] parses");
    let err = KeyMap::with_overrides(&config.key_overrides).expect_err("unknown mode");
    assert_eq!(
        err.to_string(),
        "config.conf:2: unknown key section \"serach\""
    );
}

/// A read-only screen says so in its hint bar and offers no write keys (they are
/// refused); a writable one offers them.
#[test]
fn a_read_only_hint_bar_says_so_and_offers_no_writes() {
    let mut f = crate::support::screen::fixture();
    let mut app = f.app(80, 24, false);
    let writable = hint_bar(&app, 80, 24);
    assert!(writable.contains(" a add "), "{writable}");
    assert!(!writable.contains("read-only"), "{writable}");
    let writes = app.write_settings().clone();
    app.set_write_settings(nhitrace::tui::WriteSettings {
        read_only: true,
        ..writes
    });
    let read_only = hint_bar(&app, 80, 24);
    assert!(
        read_only.starts_with(" read-only  Tab pane "),
        "{read_only}"
    );
    assert!(!read_only.contains(" a add "), "{read_only}");
    assert!(read_only.contains(" / search "), "{read_only}");
}

/// The search line and the pickers type or move with keys the main screen uses
/// otherwise: the hint bar lists theirs while they are open.
#[test]
fn the_search_line_and_the_pickers_hint_their_own_keys() {
    use nhitrace::tui::case_picker::CasePickerAction;
    use nhitrace::tui::filter_picker::ListAction;
    use nhitrace::tui::search::SearchAction;
    let mut f = crate::support::screen::fixture();
    let mut app = f.app(80, 24, false);
    let main = hint_bar(&app, 80, 24);
    for (open, close, expected) in [
        (
            Action::Search(SearchAction::Start),
            Action::Search(SearchAction::Cancel),
            " Down/Up move  Enter keep results  Esc close  Ctrl-r refresh",
        ),
        (
            Action::CasePicker(CasePickerAction::Open),
            Action::CasePicker(CasePickerAction::Close),
            " Down/Up move  Enter go to case  Esc close",
        ),
        (
            Action::List(ListAction::OpenPicker),
            Action::List(ListAction::ClosePicker),
            " Down/Up row  Right/Left set  x clear  Esc done",
        ),
    ] {
        f.send(&mut app, open);
        assert_eq!(hint_bar(&app, 80, 24), expected);
        f.send(&mut app, close);
        assert_eq!(hint_bar(&app, 80, 24), main);
    }
}

/// On a narrow screen the hints that do not fit are left out, but never the help's,
/// which lists them all: it moves to the end of what fits.
#[test]
fn a_narrow_hint_bar_keeps_the_help() {
    let mut f = crate::support::screen::fixture();
    let wide = f.app(80, 24, false);
    assert_eq!(
        hint_bar(&wide, 80, 24),
        " Tab pane  j/k move  Enter open  / search  f filter  a add  ? help  q quit"
    );
    let narrow = f.app(60, 15, false);
    assert_eq!(
        hint_bar(&narrow, 60, 15),
        " Tab pane  j/k move  Enter open  / search  f filter  ? help"
    );
}

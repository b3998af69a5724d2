//! The key map: parsing, errors with line numbers, lookups from terminal events, and
//! the hints and help generated from it.
#![allow(clippy::expect_used)]

mod common;

use nhitrace::tui::{Action, KeyChord, KeyMap, Pane, commands};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
    let map = KeyMap::default_map().expect("default key map parses");
    map.action_for(KeyChord::from_event(&KeyEvent::new(code, modifiers)))
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
    // help and quit; everything else is in the help.
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
    let mut f = common::fixture();
    f.keymap = map;
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::ShowHelp);
    f.send(&mut app, Action::Last);
    let text = common::screen(&app, 80, 24);
    assert!(text.contains("┃ x Ctrl-q        quit nhitrace"), "{text}");
    assert!(text.contains(" Ctrl-f search "), "hint bar:\n{text}");
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

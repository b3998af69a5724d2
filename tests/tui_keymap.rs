//! The key map: parsing, errors with line numbers, lookups from terminal events, and
//! the hints and help generated from it.
#![allow(clippy::expect_used)]

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
    assert_eq!(key(KeyCode::Char('c'), KeyModifiers::NONE), None);
    assert_eq!(key(KeyCode::Esc, KeyModifiers::NONE), Some(Action::Back));
}

#[test]
fn hints_merge_consecutive_labels() {
    let map = KeyMap::default_map().expect("default key map parses");
    let hints = map.hints();
    assert!(hints.contains(&("j/k".to_string(), "move")), "{hints:?}");
    // The 80-column bar keeps search, filter, help and quit; g/G are in the help.
    assert_eq!(
        hints,
        [
            ("Tab".to_string(), "pane"),
            ("j/k".to_string(), "move"),
            ("/".to_string(), "search"),
            ("f".to_string(), "filter"),
            ("Enter".to_string(), "open"),
            ("Esc".to_string(), "back"),
            ("?".to_string(), "help"),
            ("q".to_string(), "quit"),
        ]
    );
    assert_eq!(hints.last(), Some(&("q".to_string(), "quit")));
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

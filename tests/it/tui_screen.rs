#![allow(clippy::expect_used)]

use crate::support::screen::{fixture, screen};
use nhitrace::tui::{Action, KeyMap, Pane, render_to_buffer};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

#[test]
fn main_screen_80x24() {
    let mut f = fixture();
    let app = f.app(80, 24, false);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn main_screen_160x48() {
    let mut f = fixture();
    let app = f.app(160, 48, false);
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn record_of_a_timeline_entry() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::Open);
    let text = screen(&app, 80, 24);
    assert!(
        !text.contains("AKIAIOSFODNN7EXAMPLE"),
        "secrets in details are masked:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn record_of_an_evidence_item() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Evidence));
    f.send(&mut app, Action::Open);
    f.send(&mut app, Action::Last);
    let text = screen(&app, 80, 24);
    assert!(text.contains("DeactivateAccessKey"), "{text}");
    assert!(
        !text.contains("AKIAIOSFODNN7EXAMPLE"),
        "secrets in evidence are masked:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn binary_evidence_is_shown_as_hex() {
    let mut f = fixture();
    let mut app = f.app(120, 40, false);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::FocusPane(Pane::Evidence));
    f.send(&mut app, Action::Open);
    let text = screen(&app, 120, 40);
    assert!(text.contains("binary content, 9 bytes"), "{text}");
    assert!(
        text.contains("00000000  89 50 4e 47 00 01 02 03 ff"),
        "{text}"
    );
}

#[test]
fn case_record_lists_gaps_with_their_explanation() {
    let mut f = fixture();
    let mut app = f.app(120, 60, false);
    f.send(&mut app, Action::Open);
    let text = screen(&app, 120, 60);
    assert!(text.contains("NT002"), "{text}");
    assert!(text.contains("why: "), "{text}");
    assert!(text.contains("jira SEC-1"), "{text}");
    assert!(
        text.contains("2026-06-01 09:12 +00:00"),
        "times carry the zone:\n{text}"
    );
}

#[test]
fn help_lists_the_real_bindings() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::ShowHelp);
    let text = screen(&app, 80, 24);
    let map = KeyMap::default_map().expect("key map");
    for binding in map.bindings().iter().take(14) {
        assert!(
            text.contains(binding.command.help),
            "{} missing:\n{text}",
            binding.command.help
        );
    }
    insta::assert_snapshot!(text);
}

#[test]
fn too_small_terminal_shows_a_message() {
    let mut f = fixture();
    let app = f.app(50, 12, false);
    insta::assert_snapshot!(screen(&app, 50, 12));
    for (w, h) in [(1, 1), (0, 0), (59, 40), (200, 14), (10, 3)] {
        let text = screen(&app, w, h);
        if w >= 30 {
            assert!(text.contains("too small"), "{w}x{h}:\n{text}");
        }
    }
}

#[test]
fn no_color_main_screen_uses_only_modifiers() {
    let mut f = fixture();
    let app = f.app(80, 24, true);
    let buffer = render_to_buffer(&app, 80, 24);
    for cell in buffer.content() {
        assert_eq!(
            cell.fg,
            Color::Reset,
            "no foreground colour at {:?}",
            cell.symbol()
        );
        assert_eq!(
            cell.bg,
            Color::Reset,
            "no background colour at {:?}",
            cell.symbol()
        );
    }
    // The selected case row is reversed, the focused pane border is thick.
    assert!(buffer[(5, 1)].modifier.contains(Modifier::REVERSED));
    assert!(!buffer[(5, 2)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buffer[(0, 0)].symbol(), "┏");
    assert_eq!(buffer[(32, 0)].symbol(), "┌");
    // Flags are bold.
    assert!(buffer[(1, 3)].modifier.contains(Modifier::BOLD));
    insta::assert_snapshot!(styled(&buffer));
}

#[test]
fn colour_screen_marks_focus_and_selection() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    let buffer = render_to_buffer(&app, 80, 24);
    assert_eq!(buffer[(0, 0)].symbol(), "┌", "list lost focus");
    assert_eq!(buffer[(32, 0)].symbol(), "┏", "timeline has focus");
    assert!(screen(&app, 80, 24).contains("▶2 Timeline"));
    assert_ne!(
        buffer[(40, 1)].bg,
        Color::Reset,
        "selected timeline row highlighted"
    );
}

#[test]
fn escapes_in_a_title_render_as_markers() {
    let mut f = fixture();
    let mut app = f.app(160, 48, false);
    f.send(&mut app, Action::Last);
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    for open in [false, true] {
        if open {
            f.send(&mut app, Action::FocusPane(Pane::Cases));
            f.send(&mut app, Action::Open);
        }
        let buffer = render_to_buffer(&app, 160, 48);
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "control character {:?} reached the screen",
                cell.symbol()
            );
        }
        let text = screen(&app, 160, 48);
        assert!(text.contains("Title ␛]2;X␇ then ␛[2J cleared"), "{text}");
    }
}

/// Text plus, per row, the runs of non-default style (for the NO_COLOR snapshot).
fn styled(buffer: &Buffer) -> String {
    let mut out = String::new();
    let area = buffer.area;
    for y in 0..area.height {
        let mut line = String::new();
        let mut runs = Vec::new();
        let mut run: Option<(u16, Modifier)> = None;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            line.push_str(cell.symbol());
            let m = cell.modifier;
            match run {
                Some((_, current)) if current == m => {}
                _ => {
                    if let Some((start, current)) = run.take()
                        && !current.is_empty()
                    {
                        runs.push(format!("{start}-{}:{current:?}", x - 1));
                    }
                    run = Some((x, m));
                }
            }
        }
        if let Some((start, current)) = run
            && !current.is_empty()
        {
            runs.push(format!("{start}-{}:{current:?}", area.width - 1));
        }
        out.push_str(&line);
        if !runs.is_empty() {
            out.push_str("  | ");
            out.push_str(&runs.join(" "));
        }
        out.push('\n');
    }
    out
}

#[test]
fn wide_screen_uses_the_space() {
    let mut f = fixture();
    let app = f.app(200, 50, false);
    let text = screen(&app, 200, 50);
    assert!(
        text.contains("NHI-2026-0042 crit verifying"),
        "full references and status:\n{text}"
    );
    assert!(
        text.contains("2026-06-01 09:40 rotation"),
        "timeline shows the year:\n{text}"
    );
    assert!(
        text.contains("rotation_log"),
        "evidence shows its kind:\n{text}"
    );
}

#[test]
fn record_of_a_case() {
    let mut f = fixture();
    let mut app = f.app(80, 24, false);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::Open);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn times_are_shown_in_the_display_zone_and_the_zone_is_named() {
    let mut f = fixture();
    f.zone = chrono::FixedOffset::east_opt(3600).expect("+01:00");
    let mut app = f.app(80, 24, false);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Timeline +01:00 · NHI-2026-0042"),
        "zone in the timeline title:\n{text}"
    );
    assert!(
        text.contains("06-01 10:12 reported"),
        "09:12 UTC shown as 10:12:\n{text}"
    );
    f.send(&mut app, Action::FocusPane(Pane::Timeline));
    f.send(&mut app, Action::Open);
    let text = screen(&app, 80, 24);
    assert!(text.contains("times in +01:00"), "{text}");
    assert!(text.contains("2026-06-01 10:12 +01:00"), "{text}");
}

#[test]
fn hint_bar_follows_the_key_map() {
    let mut f = fixture();
    f.keymap =
        KeyMap::parse("select_next = n\nselect_prev = p\nhelp = F1\nquit = x\n").expect("key map");
    let app = f.app(80, 24, false);
    let text = screen(&app, 80, 24);
    let hints = text.lines().last().expect("hint bar");
    assert_eq!(hints.trim_end(), " n/p move  F1 help  x quit");
}

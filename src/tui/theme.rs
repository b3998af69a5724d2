//! Styles of the screen: a colour theme and a `NO_COLOR` theme that marks the same
//! things with bold, reversed and underline only.

use ratatui::style::{Color, Modifier, Style};

/// `NO_COLOR` is set and not empty (<https://no-color.org>).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Every style the views use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub title_focused: Style,
    /// Selected row of the focused pane.
    pub selected: Style,
    /// Selected row of a pane without focus.
    pub selected_unfocused: Style,
    pub flag_error: Style,
    pub flag_warning: Style,
    pub link_present: Style,
    pub link_missing: Style,
    pub link_not_needed: Style,
    pub heading: Style,
    pub label: Style,
    pub key: Style,
    pub status: Style,
}

impl Theme {
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            Theme::plain()
        } else {
            Theme::colour()
        }
    }

    fn colour() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            title: Style::new().fg(Color::Gray),
            title_focused: bold.fg(Color::Cyan),
            selected: Style::new()
                .bg(Color::Cyan)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().bg(Color::DarkGray).fg(Color::White),
            flag_error: bold.fg(Color::Red),
            flag_warning: bold.fg(Color::Yellow),
            link_present: Style::new().fg(Color::Green),
            link_missing: bold.fg(Color::Red),
            link_not_needed: Style::new().fg(Color::DarkGray),
            heading: bold.fg(Color::Cyan),
            label: Style::new().fg(Color::Gray),
            key: bold.fg(Color::Yellow),
            status: bold.fg(Color::Red),
        }
    }

    fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            muted: Style::new(),
            border: Style::new(),
            border_focused: bold,
            title: Style::new(),
            title_focused: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            flag_error: bold,
            flag_warning: bold,
            link_present: Style::new(),
            link_missing: bold,
            link_not_needed: Style::new(),
            heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            label: Style::new(),
            key: bold,
            status: bold,
        }
    }
}

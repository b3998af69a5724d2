//! The lines under the case list's title: the search query (with a cursor while it
//! is typed, and how many cases match), and the active filter and sort with the key
//! that clears them. Also the highlighted spans of matched characters.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::text::{clean, fit, width};

fn shows_query(app: &App) -> bool {
    app.shows_query()
}

fn shows_filter(app: &App) -> bool {
    app.list.shows_filter()
}

/// The first key bound to a key map command, as written (follows user overrides).
fn key_of(app: &App, command: &str) -> Option<String> {
    app.settings
        .keymap
        .bindings()
        .iter()
        .find(|b| b.command.name == command)
        .and_then(|b| b.keys.first())
        .map(ToString::to_string)
}

/// The header lines, each fitted to `cols` cells.
pub fn header(app: &App, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = Vec::new();
    if shows_query(app) {
        let search = &app.search;
        let count = if search.corpus.is_none() {
            "loading…".to_string()
        } else if search.pending() {
            "…".to_string()
        } else {
            format!("{} found", app.shown_len())
        };
        let cursor = if search.editing { "▏" } else { "" };
        let room = cols.saturating_sub(width(&count) + 3 + width(cursor));
        let query = clean(&search.query);
        // Keep the end of a long query in view, where the typing happens.
        let skip = query.chars().count().saturating_sub(room);
        let query: String = query.chars().skip(skip).collect();
        let query = fit(&query, room);
        let pad = cols.saturating_sub(1 + width(&query) + width(cursor) + width(&count));
        let query_style = if search.editing {
            theme.title_focused
        } else {
            theme.text
        };
        lines.push(Line::from(vec![
            Span::styled("/", theme.key),
            Span::styled(query, query_style),
            Span::styled(cursor.to_string(), theme.key),
            Span::raw(" ".repeat(pad)),
            Span::styled(count, theme.muted),
        ]));
    }
    if shows_filter(app) {
        let parts = app.list.filter.describe();
        let sort =
            if app.search.ranked.is_some() && crate::tui::search::has_terms(&app.search.query) {
                "score"
            } else {
                app.list.sort.label()
            };
        let mut text = parts.join(" · ");
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("↓{sort}"));
        if let Some(key) = key_of(app, "clear_filter") {
            text.push_str(&format!(" {key}:clear"));
        }
        lines.push(Line::styled(fit(&text, cols), theme.status));
    }
    lines
}

/// How matched characters look: underlined and bold always (visible without
/// colour), yellow when colours are on.
pub fn match_style(app: &App) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    if app.settings.no_color {
        style
    } else {
        style.fg(Color::Yellow)
    }
}

/// `text` as spans, the characters at `positions` (sorted) in `hit`, the rest in `base`.
pub fn highlighted(text: &str, positions: &[usize], base: Style, hit: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_is_hit = false;
    for (i, c) in text.chars().enumerate() {
        let is_hit = positions.binary_search(&i).is_ok();
        if is_hit != run_is_hit && !run.is_empty() {
            let style = if run_is_hit { hit } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_is_hit = is_hit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_is_hit { hit } else { base }));
    }
    spans
}

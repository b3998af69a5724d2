//! How a form's field values are drawn: a one-line input scrolled to its cursor,
//! a multi-line input, and a picker's query with its best matches.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::form::{PICK_ROWS, TEXT_ROWS};
use crate::tui::app::App;
use crate::tui::form::field::{Picker, TextInput};
use crate::tui::text::{clean, fit, width};

/// The query line and the best matches of a picker field, matched characters lit.
pub(super) fn picker_values(
    app: &App,
    picker: &Picker,
    focused: bool,
    cols: usize,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let theme = &app.theme;
    let text_style = if focused {
        theme.text.patch(Style::new().underlined())
    } else {
        theme.text
    };
    let (query, col) = one_line(
        picker.query.value(),
        picker.query.cursor(),
        cols.saturating_sub(2),
    );
    let mut lines = vec![Line::styled(format!("/ {query}"), text_style)];
    if picker.loading {
        lines.push(Line::styled("loading…", theme.muted));
    } else if picker.matches.is_empty() {
        lines.push(Line::styled("no asset matches", theme.muted));
    }
    let first = picker.selected.saturating_sub(PICK_ROWS - 1);
    for (k, &index) in picker
        .matches
        .iter()
        .enumerate()
        .skip(first)
        .take(PICK_ROWS)
    {
        let label = picker
            .items
            .get(index)
            .map_or("", |item| item.label.as_str());
        let chosen = k == picker.selected;
        let text = fit(
            &format!("{} {}", if chosen { "▸" } else { " " }, clean(label)),
            cols,
        );
        let style = if chosen { theme.selected } else { theme.text };
        // Matched characters lit as in search (labels shown as stored only).
        let matched = match picker.items.get(index) {
            Some(item) if clean(label) == label => picker.matched(item),
            _ => Vec::new(),
        };
        let positions: Vec<usize> = matched.iter().map(|p| p + 2).collect();
        lines.push(Line::from(super::search_bar::highlighted(
            &text,
            &positions,
            style,
            style.patch(super::search_bar::match_style(app)),
        )));
    }
    (lines, Some((0, 2 + col)))
}

/// A one-line value that fits `cols`, scrolled so the cursor is visible, and the
/// cursor's column.
pub(super) fn one_line(value: &str, cursor: usize, cols: usize) -> (String, usize) {
    let before: String = value.chars().take(cursor).collect();
    let shown_before = clean(&before);
    let col = width(&shown_before);
    let all = clean(value);
    if col < cols {
        return (fit(&all, cols), col);
    }
    // Show the text ending at the cursor.
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in shown_before.chars().rev() {
        let w = width(&c.to_string());
        if used + w >= cols {
            break;
        }
        used += w;
        tail.push(c);
    }
    tail.push('…');
    let text: String = tail.into_iter().rev().collect();
    (text, used + 1)
}

pub(super) fn multi_line(
    input: &TextInput,
    cols: usize,
    style: Style,
) -> (Vec<Span<'static>>, Option<(usize, usize)>) {
    let (lines, (line, col)) = input.lines_and_cursor();
    let first = line.saturating_sub(TEXT_ROWS - 1);
    let mut spans = Vec::new();
    let mut cursor = None;
    for (k, text) in lines.iter().enumerate().skip(first).take(TEXT_ROWS) {
        if k == line {
            let (shown, c) = one_line(text, col, cols.saturating_sub(1));
            cursor = Some((spans.len(), c));
            spans.push(Span::styled(shown, style));
        } else {
            spans.push(Span::styled(
                fit(&clean(text), cols.saturating_sub(1)),
                style,
            ));
        }
    }
    let more = lines.len().saturating_sub(first + TEXT_ROWS);
    while spans.len() < TEXT_ROWS {
        spans.push(Span::styled(String::new(), style));
    }
    if more > 0
        && let Some(last) = spans.last_mut()
    {
        *last = Span::styled(
            fit(&format!("{} (+{more} lines)", last.content), cols),
            style,
        );
    }
    (spans, cursor)
}

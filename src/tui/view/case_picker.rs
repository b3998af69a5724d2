//! The "go to case" picker: a query line over the best matches, matched characters
//! lit as in the searched case list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::search_bar::{highlighted, match_style};
use crate::tui::app::App;
use crate::tui::case_picker::CasePicker;
use crate::tui::search::{Highlight, Highlighter, has_terms};
use crate::tui::text::{cell, clean, fit, width};

const WIDTH: u16 = 76;

/// A box in the upper middle of the screen, as wide as fits up to [`WIDTH`].
pub fn area(screen: Rect) -> Rect {
    let width = WIDTH.min(screen.width);
    let height = screen.height.saturating_sub(2).clamp(3, 20);
    let x = screen.x + (screen.width - width) / 2;
    Rect::new(x, screen.y + 1, width, height)
}

pub fn render(app: &App, picker: &CasePicker, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let cols = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.muted),
        Span::raw(fit(&clean(&picker.query), cols.saturating_sub(3))),
        Span::styled("▏", theme.muted),
    ])];
    let corpus = app.search.corpus.as_deref();
    let note = match corpus {
        None => Some("the search index is loading…".to_string()),
        Some(_) if !has_terms(&picker.query) => {
            Some("type part of a reference, title, person, asset or ticket".to_string())
        }
        Some(_) if picker.pending() => Some("ranking…".to_string()),
        Some(_) if picker.hits.is_empty() => Some("no case matches".to_string()),
        Some(_) => None,
    };
    let hint = "↑/↓ move  Enter go to case  Esc close";
    let list_rows = rows.saturating_sub(3);
    match (note, corpus) {
        (Some(note), _) => lines.push(Line::styled(fit(&note, cols), theme.muted)),
        (None, Some(corpus)) => {
            let counted = if picker.hits.len() >= super::super::case_picker::KEPT {
                format!("best {} matches", picker.hits.len())
            } else if picker.hits.len() == 1 {
                "1 match".to_string()
            } else {
                format!("{} matches", picker.hits.len())
            };
            lines.push(Line::styled(fit(&counted, cols), theme.muted));
            let start = picker.selected.saturating_sub(list_rows.saturating_sub(1));
            let highlighter = Highlighter::default();
            for (offset, &index) in picker.hits.iter().enumerate().skip(start).take(list_rows) {
                let Some(item) = corpus.item(index as usize) else {
                    continue;
                };
                let highlight = highlighter.highlight(&item, &picker.query);
                let selected = start + (offset - start) == picker.selected;
                lines.push(row(app, item, &highlight, cols, selected));
            }
        }
        (None, None) => {}
    }
    while lines.len() < rows.saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(fit(hint, cols), theme.muted));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(" Go to case ", theme.title_focused));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn row(
    app: &App,
    item: crate::tui::search::CorpusItem<'_>,
    highlight: &Highlight,
    cols: usize,
    selected: bool,
) -> Line<'static> {
    let theme = &app.theme;
    let (reference, title) = (item.reference, item.title);
    let reference_cells = width(reference).clamp(4, 20) + 1;
    let title_cells = cols.saturating_sub(2 + reference_cells);
    let mut spans = vec![Span::raw(if selected { "▶ " } else { "  " })];
    spans.extend(lit(
        app,
        reference,
        &highlight.reference,
        reference_cells,
        false,
    ));
    spans.extend(lit(app, &title, &highlight.title, title_cells, true));
    let line = Line::from(spans);
    if selected {
        let pad = cols.saturating_sub(line.width());
        let mut line = line;
        line.spans.push(Span::raw(" ".repeat(pad)));
        line.patch_style(theme.selected)
    } else {
        line
    }
}

/// `text` in `cells` cells, the matched characters lit when the text is shown as
/// stored (untrusted text that had to be cleaned is shown plain).
fn lit(app: &App, text: &str, positions: &[usize], cells: usize, last: bool) -> Vec<Span<'static>> {
    let shown = if last {
        fit(&clean(text), cells)
    } else {
        cell(&clean(text), cells)
    };
    if clean(text) != text {
        return vec![Span::raw(shown)];
    }
    highlighted(&shown, positions, Style::default(), match_style(app))
}

//! Drawing the open write form (over everything, hint bar included) and the
//! history overlay. Everything typed is drawn through `text::clean`: pasted text may
//! carry escape sequences.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::form_values::{multi_line, one_line, picker_values};
use super::record::draw_document;
use crate::tui::app::App;
use crate::tui::form::field::{Field, Widget};
use crate::tui::form::{Form, Step};
use crate::tui::history::HistoryView;
use crate::tui::text::{cell, clean, fit, wrap, zone_name};

const LABEL: usize = 19;
/// Rows a multi-line field shows.
pub(super) const TEXT_ROWS: usize = 3;
/// Matches a picker shows under its query.
pub(super) const PICK_ROWS: usize = 4;

pub fn render_history(app: &App, view: &HistoryView, frame: &mut Frame, area: Rect) {
    let title = format!(
        "▶ History · {} · times in {} · Esc back ",
        clean(&view.reference),
        zone_name(app.settings.zone)
    );
    draw_document(app, &title, &view.document, view.scroll, frame, area);
}

/// One drawn row; `field` is the index of the field it belongs to.
struct Row {
    field: Option<usize>,
    line: Line<'static>,
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(form) = app.form() else {
        return;
    };
    let theme = &app.theme;
    let area = super::pane::form_area(frame, area);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(
            fit(
                &format!("▶ {} ", clean(form.title())),
                usize::from(area.width.saturating_sub(2)),
            ),
            theme.title_focused,
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let mut footer: Vec<Line> = Vec::new();
    if let Some(failure) = form.failure() {
        for (i, row) in wrap(
            &format!("✗ not saved: {}", clean(failure)),
            cols.saturating_sub(1),
        )
        .into_iter()
        .enumerate()
        {
            footer.push(Line::styled(
                format!("{}{row}", if i == 0 { " " } else { "   " }),
                theme.flag_error,
            ));
        }
    }
    for error in form.other_errors() {
        let text = format!(" ✗ {}: {}", error.field, clean(&error.message));
        footer.push(Line::styled(fit(&text, cols), theme.flag_error));
    }
    footer.push(Line::styled(
        fit(&format!(" {}", form.hint()), cols),
        theme.key,
    ));
    let body_rows = usize::from(inner.height).saturating_sub(footer.len());
    let (rows, cursor) = match form.step() {
        Step::ConfirmClose(gaps) => (confirm_rows(app, gaps, cols), None),
        Step::Saved(receipt) => (receipt_rows(app, receipt, cols), None),
        _ => field_rows(app, form, cols),
    };
    let start = window(&rows, form.focus_index(), body_rows);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(start)
        .take(body_rows)
        .map(|r| r.line)
        .collect();
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: body_rows as u16,
            ..inner
        },
    );
    let footer_area = Rect {
        y: inner.y + body_rows as u16,
        height: inner.height.saturating_sub(body_rows as u16),
        ..inner
    };
    frame.render_widget(Paragraph::new(footer), footer_area);
    if let Some((row, col)) = cursor
        && row >= start
        && row < start + body_rows
        && *form.step() == Step::Editing
    {
        let x = inner.x
            + u16::try_from(col)
                .unwrap_or(0)
                .min(inner.width.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + (row - start) as u16));
    }
}

/// First row to draw so that the focused field's rows are visible.
fn window(rows: &[Row], focus: usize, height: usize) -> usize {
    let first = rows
        .iter()
        .position(|r| r.field == Some(focus))
        .unwrap_or(0);
    let last = rows
        .iter()
        .rposition(|r| r.field == Some(focus))
        .unwrap_or(first);
    if last < height {
        0
    } else {
        (last + 1 - height).min(first)
    }
}

fn field_rows(app: &App, form: &Form, cols: usize) -> (Vec<Row>, Option<(usize, usize)>) {
    let theme = &app.theme;
    let value_cols = cols.saturating_sub(LABEL + 1).max(8);
    let mut rows = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields().iter().enumerate() {
        if !field.shown {
            continue;
        }
        let focused = i == form.focus_index();
        let error = form.error(field.key);
        let marker = if focused { "▶" } else { " " };
        let label_style = if error.is_some() {
            theme.flag_error
        } else if focused {
            theme.title_focused
        } else {
            theme.label
        };
        let label = cell(&format!("{marker}{}", field.label), LABEL);
        let (values, at) = field_values(app, field, focused, value_cols);
        if focused {
            cursor = at.map(|(row, col)| (rows.len() + row, LABEL + col));
        }
        for (k, value) in values.into_iter().enumerate() {
            let label = if k == 0 {
                label.clone()
            } else {
                " ".repeat(LABEL)
            };
            let mut spans = vec![Span::styled(label, label_style)];
            spans.extend(value.spans);
            rows.push(Row {
                field: Some(i),
                line: Line::from(spans),
            });
        }
        if let Some(message) = error {
            for text in wrap(&format!("✗ {}", clean(message)), value_cols) {
                rows.push(Row {
                    field: Some(i),
                    line: Line::from(vec![
                        Span::raw(" ".repeat(LABEL)),
                        Span::styled(text, theme.flag_error),
                    ]),
                });
            }
        }
    }
    (rows, cursor)
}

/// The spans of a field's value rows and, when it has one, where its cursor is
/// (row, column within the value).
fn field_values(
    app: &App,
    field: &Field,
    focused: bool,
    cols: usize,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let (spans, cursor) = match &field.widget {
        Widget::Picker(picker) => return picker_values(app, picker, focused, cols),
        _ => field_spans(app, field, focused, cols),
    };
    (spans.into_iter().map(Line::from).collect(), cursor)
}

/// One span per value row of a text or choice field.
fn field_spans(
    app: &App,
    field: &Field,
    focused: bool,
    cols: usize,
) -> (Vec<Span<'static>>, Option<(usize, usize)>) {
    let theme = &app.theme;
    let text_style = if focused {
        theme.text.patch(Style::new().underlined())
    } else {
        theme.text
    };
    match &field.widget {
        Widget::Text(input) if input.is_multiline() => multi_line(input, cols, text_style),
        Widget::Text(input) => {
            let (text, col) = one_line(input.value(), input.cursor(), cols);
            (vec![Span::styled(text, text_style)], Some((0, col)))
        }
        Widget::Choice(choice) => {
            let label = clean(choice.label());
            let text = if focused {
                format!("‹ {} ›", fit(&label, cols.saturating_sub(4)))
            } else {
                fit(&label, cols)
            };
            (vec![Span::styled(text, text_style)], None)
        }
        Widget::Picker(_) => (Vec::new(), None),
    }
}

fn confirm_rows(app: &App, gaps: &[crate::rules::Gap], cols: usize) -> Vec<Row> {
    let theme = &app.theme;
    let mut rows = vec![Row {
        field: None,
        line: Line::styled(
            fit(" Error-level gaps remain on this case:", cols),
            theme.heading,
        ),
    }];
    for gap in gaps {
        for (i, text) in wrap(&clean(&gap.message), cols.saturating_sub(8))
            .into_iter()
            .enumerate()
        {
            let code = if i == 0 {
                gap.code.to_string()
            } else {
                String::new()
            };
            rows.push(Row {
                field: None,
                line: Line::from(vec![
                    Span::styled(cell(&format!(" {code}"), 8), theme.flag_error),
                    Span::raw(text),
                ]),
            });
        }
    }
    rows.push(Row {
        field: None,
        line: Line::raw(""),
    });
    rows.push(Row {
        field: None,
        line: Line::styled(
            fit(
                " Closing now records them as open (NT015). Close anyway? y / n",
                cols,
            ),
            theme.key,
        ),
    });
    rows
}

fn receipt_rows(app: &App, receipt: &[(String, String)], cols: usize) -> Vec<Row> {
    let theme = &app.theme;
    let mut rows = vec![Row {
        field: None,
        line: Line::styled(fit(" Saved. The store recorded:", cols), theme.heading),
    }];
    for (label, value) in receipt {
        for (i, text) in wrap(&clean(value), cols.saturating_sub(LABEL))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 {
                format!(" {label}")
            } else {
                String::new()
            };
            rows.push(Row {
                field: None,
                line: Line::from(vec![
                    Span::styled(cell(&label, LABEL), theme.label),
                    Span::raw(text),
                ]),
            });
        }
    }
    rows
}

//! Drawing the "Import events" form over everything (hint bar included): the path,
//! the directory listing with the marked files, the source and `--all`; then the
//! preview (`import_preview`), the errors, or a progress bar while reading or
//! writing. File names and paths are drawn through `text::clean`.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::import_preview;
use crate::tui::app::App;
use crate::tui::import_form::{Focus, ImportForm, ItemKind, Listing, Step};
use crate::tui::text::{cell, clean, fit, size, width, wrap};

/// Columns of the labels left of the path, source and `--all`.
const LABEL: usize = 9;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(form) = app.import_form() else {
        return;
    };
    let theme = &app.theme;
    let area = super::pane::form_area(frame, area);
    let title = format!(
        "▶ Import events · {} · {} ",
        clean(&form.reference),
        step_name(&form.step)
    );
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme.title_focused,
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let cols = usize::from(inner.width);
    let footer = footer(app, form, cols);
    let body_rows = usize::from(inner.height).saturating_sub(footer.len());
    let body: Vec<Line> = match &form.step {
        Step::Pick | Step::Reading { .. } => pick_lines(app, form, cols, body_rows),
        Step::Preview(preview) | Step::Writing { preview, .. } => {
            let lines = import_preview::lines(app, form, preview, cols);
            let top = form.scroll.min(lines.len().saturating_sub(body_rows));
            lines.into_iter().skip(top).take(body_rows).collect()
        }
        Step::Refused(errors) => import_preview::refused(app, form, errors, cols),
    };
    let body_area = Rect {
        height: u16::try_from(body_rows).unwrap_or(0),
        ..inner
    };
    frame.render_widget(Paragraph::new(body), body_area);
    let footer_area = Rect {
        y: inner.y.saturating_add(body_area.height),
        height: inner.height.saturating_sub(body_area.height),
        ..inner
    };
    frame.render_widget(Paragraph::new(footer), footer_area);
    if form.step == Step::Pick && form.focus == Focus::Path {
        let col = LABEL
            .saturating_add(width(&path_shown(form, cols)))
            .min(cols.saturating_sub(1));
        let x = inner.x.saturating_add(u16::try_from(col).unwrap_or(0));
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Pick => "pick files",
        Step::Reading { .. } => "reading",
        Step::Preview(_) => "preview",
        Step::Refused(_) => "cannot import",
        Step::Writing { .. } => "writing",
    }
}

/// The path as typed, its end kept when it is too long.
fn path_shown(form: &ImportForm, cols: usize) -> String {
    let room = cols.saturating_sub(LABEL + 1);
    let text = clean(&form.path);
    if width(&text) <= room {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    while start < chars.len() && width(&chars[start..].iter().collect::<String>()) + 1 > room {
        start += 1;
    }
    format!("…{}", chars[start..].iter().collect::<String>())
}

fn label<'a>(app: &App, form: &ImportForm, focus: Focus, text: &str) -> Span<'a> {
    let style = if form.focus == focus && form.step == Step::Pick {
        app.theme.heading
    } else {
        app.theme.label
    };
    let mark = if form.focus == focus { "▸" } else { " " };
    Span::styled(cell(&format!("{mark}{text}"), LABEL), style)
}

fn pick_lines(app: &App, form: &ImportForm, cols: usize, rows: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = vec![Line::from(vec![
        label(app, form, Focus::Path, "Path"),
        Span::styled(path_shown(form, cols), theme.text),
    ])];
    let below = 3 + usize::from(form.notice.is_some());
    let list_rows = rows.saturating_sub(1 + below).max(1);
    lines.extend(file_lines(app, form, cols, list_rows));
    let source_note = if form.source().is_none() {
        "detected from each file's content"
    } else {
        "every file read as this source"
    };
    lines.push(Line::from(vec![
        label(app, form, Focus::Source, "Source"),
        Span::styled(format!("‹ {} ›", form.source_label()), theme.key),
        Span::styled(format!("  {source_note}"), theme.muted),
    ]));
    lines.push(Line::from(vec![
        label(app, form, Focus::All, "--all"),
        Span::styled(if form.all { "[x]" } else { "[ ]" }, theme.key),
        Span::raw(fit(
            " include read-only calls and unmapped events, as notes",
            cols.saturating_sub(LABEL + 3),
        )),
    ]));
    let marked: Vec<String> = form
        .marked
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(String::new, |n| clean(&n.to_string_lossy()))
        })
        .collect();
    let marked = if marked.is_empty() {
        "none yet (Space marks the file under the cursor)".to_string()
    } else {
        format!("{}: {}", marked.len(), marked.join(", "))
    };
    lines.push(Line::from(vec![
        Span::styled(cell(" Marked", LABEL), theme.label),
        Span::raw(fit(&marked, cols.saturating_sub(LABEL))),
    ]));
    if let Some(notice) = &form.notice {
        lines.push(Line::styled(
            fit(&format!(" ! {}", clean(notice)), cols),
            theme.status,
        ));
    }
    lines
}

/// The listing's rows around the cursor, `list_rows` of them.
fn file_lines(app: &App, form: &ImportForm, cols: usize, list_rows: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let items = match &form.listing {
        Listing::Loading => return pad(vec![Line::styled("   listing…", theme.muted)], list_rows),
        Listing::Failed(message) => {
            let text = format!("   ✗ {}", clean(message));
            return pad(
                vec![Line::styled(fit(&text, cols), theme.flag_error)],
                list_rows,
            );
        }
        Listing::Items(items) => items,
    };
    if items.is_empty() {
        return pad(
            vec![Line::styled("   (empty directory)", theme.muted)],
            list_rows,
        );
    }
    let top = form.cursor.saturating_sub(list_rows.saturating_sub(1));
    let name_cols = cols.saturating_sub(LABEL + 12).min(60);
    let lines = items
        .iter()
        .enumerate()
        .skip(top)
        .take(list_rows)
        .map(|(i, item)| {
            let (mark, name, size_text) = match item.kind {
                ItemKind::Parent => (" ", "../".to_string(), String::new()),
                ItemKind::Dir => (" ", format!("{}/", clean(&item.name)), String::new()),
                ItemKind::File => {
                    let mark = if form.is_marked(&item.name) {
                        "✓"
                    } else {
                        " "
                    };
                    (mark, clean(&item.name), size(item.size))
                }
            };
            let style = match (i == form.cursor, form.focus == Focus::Files) {
                (true, true) => theme.selected,
                (true, false) => theme.selected_unfocused,
                _ if item.kind == ItemKind::File => theme.text,
                _ => theme.heading,
            };
            let left = if i == top {
                label(app, form, Focus::Files, "Files")
            } else {
                Span::raw(" ".repeat(LABEL))
            };
            let row = format!("{mark} {}{size_text:>10}", cell(&name, name_cols));
            Line::from(vec![
                left,
                Span::styled(fit(&row, cols.saturating_sub(LABEL)), style),
            ])
        })
        .collect();
    pad(lines, list_rows)
}

fn pad(mut lines: Vec<Line<'static>>, rows: usize) -> Vec<Line<'static>> {
    while lines.len() < rows {
        lines.push(Line::raw(""));
    }
    lines.truncate(rows);
    lines
}

fn footer(app: &App, form: &ImportForm, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut footer = Vec::new();
    if let Some(failure) = &form.failure {
        for (i, row) in wrap(
            &format!("✗ not imported: {}", clean(failure)),
            cols.saturating_sub(3),
        )
        .into_iter()
        .enumerate()
        {
            let indent = if i == 0 { " " } else { "   " };
            footer.push(Line::styled(format!("{indent}{row}"), theme.flag_error));
        }
    }
    if let Some(notice) = form.notice.as_ref().filter(|_| form.step != Step::Pick) {
        footer.push(Line::styled(
            fit(&format!(" ! {}", clean(notice)), cols),
            theme.status,
        ));
    }
    match &form.step {
        Step::Reading { done, total } => {
            footer.push(bar(theme.key, "reading files", *done, *total, cols))
        }
        Step::Writing { done, total, .. } => {
            footer.push(bar(
                theme.key,
                "writing (one transaction)",
                *done,
                *total,
                cols,
            ));
        }
        _ => {}
    }
    let hint = match &form.step {
        Step::Pick => "Space mark · Enter open · Tab next part · Ctrl-s preview · Esc cancel",
        Step::Reading { .. } => "reading and mapping the marked files…",
        Step::Preview(_) => "Enter/Ctrl-s import · ↑↓ PgUp/PgDn scroll · Esc back to the files",
        Step::Refused(_) => "nothing can be imported · Esc back to the files",
        Step::Writing { .. } => "writing… the form closes when it is done",
    };
    footer.push(Line::styled(fit(&format!(" {hint}"), cols), theme.key));
    footer
}

/// `reading files  ████████░░░░░░░░  3/8`, drawn with characters so it shows
/// without colour.
fn bar(style: Style, what: &str, done: usize, total: usize, cols: usize) -> Line<'static> {
    let counts = format!(" {done}/{total}");
    let room = cols
        .saturating_sub(width(what) + width(&counts) + 4)
        .min(40);
    let filled = done
        .min(total)
        .saturating_mul(room)
        .checked_div(total)
        .unwrap_or(0);
    let text = format!(
        " {what}  {}{}{counts}",
        "█".repeat(filled),
        "░".repeat(room.saturating_sub(filled))
    );
    Line::styled(fit(&text, cols), style)
}

//! The "Import events" form's preview: the totals, each file (source, events,
//! entries by kind, skipped), the first entries by time in the screen's zone and
//! the assets to link; or the errors that refuse the files. Every text from the
//! files goes through `text::clean` / `text::clean_masked` (masked, sanitised).

use ratatui::text::Line;

use crate::tui::app::App;
use crate::tui::import_form::{ImportForm, Preview};
use crate::tui::text::{cell, clean, clean_masked, fit, time_compact, wrap, zone_name};

pub fn lines(app: &App, form: &ImportForm, preview: &Preview, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let zone = app.settings.zone;
    let mut out = Vec::new();
    let already = match preview.already {
        Some(n) => format!(" ({n} already on this case)"),
        None => String::new(),
    };
    let files = preview.files.len();
    let totals = format!(
        " {files} file{} · {} events → {} entries to add{already} · {} assets",
        if files == 1 { "" } else { "s" },
        preview.files.iter().map(|f| f.events).sum::<usize>(),
        preview.to_add(),
        preview.assets.len(),
    );
    for row in wrap(&totals, cols) {
        out.push(Line::styled(row, theme.heading));
    }
    let options = format!(
        " source {} · --all {}",
        form.source_label(),
        if form.all { "on" } else { "off" }
    );
    out.push(Line::styled(fit(&options, cols), theme.muted));
    for file in &preview.files {
        let kinds: Vec<String> = file
            .kinds
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        let head = format!(
            " {} ({}): {} events → {} entries",
            clean(&file.name),
            file.source,
            file.events,
            file.entries
        );
        out.push(Line::styled(fit(&head, cols), theme.text));
        if !kinds.is_empty() {
            for row in wrap(&kinds.join(", "), cols.saturating_sub(4)) {
                out.push(Line::raw(format!("    {row}")));
            }
        }
        let s = file.skipped;
        let skipped = format!(
            "    skipped: {} read-only, {} not in the mapping table, {} earlier k8s stages",
            s.read_only, s.unmapped, s.other_stage
        );
        out.push(Line::styled(fit(&skipped, cols), theme.muted));
    }
    let skipped = preview.skipped();
    if !form.all && skipped.read_only + skipped.unmapped > 0 {
        out.push(Line::styled(
            fit(
                "    (--all imports the read-only and unmapped events as notes)",
                cols,
            ),
            theme.muted,
        ));
    }
    out.push(Line::raw(""));
    let shown = preview.first.len();
    out.push(Line::styled(
        fit(
            &if shown < preview.entries {
                format!(
                    " Entries, the first {shown} of {} by time (times in {})",
                    preview.entries,
                    zone_name(zone)
                )
            } else {
                format!(" Entries, by time (times in {})", zone_name(zone))
            },
            cols,
        ),
        theme.heading,
    ));
    let (kind_cols, actor_cols): (usize, usize) = if cols >= 120 { (18, 24) } else { (15, 12) };
    for entry in &preview.first {
        let text = format!(
            " {} {} {} {}",
            time_compact(entry.occurred_at, zone),
            cell(entry.kind.as_str(), kind_cols),
            cell(
                &tail(&clean(&entry.actor), actor_cols.saturating_sub(1)),
                actor_cols
            ),
            clean_masked(&entry.summary)
        );
        out.push(Line::raw(fit(&text, cols)));
    }
    if preview.entries == 0 {
        out.push(Line::styled(
            "   none: every event was skipped",
            theme.muted,
        ));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        fit(
            &format!(" Assets, linked as affected ({})", preview.assets.len()),
            cols,
        ),
        theme.heading,
    ));
    for asset in &preview.assets {
        let text = format!(
            " {} {} {}",
            cell(&clean(&asset.provider), 10),
            cell(asset.kind.as_str(), 17),
            clean(&asset.identifier)
        );
        out.push(Line::raw(fit(&text, cols)));
    }
    out
}

/// The errors that refuse the files, as the command line prints them.
pub fn refused(app: &App, form: &ImportForm, errors: &[String], cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = vec![Line::styled(
        fit(
            &format!(
                " ✗ cannot import the {} marked file{}; nothing will be written:",
                form.marked.len(),
                if form.marked.len() == 1 { "" } else { "s" }
            ),
            cols,
        ),
        theme.flag_error,
    )];
    for error in errors {
        for (i, row) in wrap(&clean(error), cols.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { "  • " } else { "    " };
            out.push(Line::raw(format!("{indent}{row}")));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        fit(
            " Esc goes back to the files: unmark or fix the file named.",
            cols,
        ),
        theme.muted,
    ));
    out
}

/// The end of `s` in at most `max` cells (an ARN's user or role), `…` in front
/// when something was cut.
fn tail(s: &str, max: usize) -> String {
    if crate::tui::text::width(s) <= max {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = crate::tui::text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

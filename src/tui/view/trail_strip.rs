//! The trail strip: the five links of the selected case and its gaps, errors first,
//! as many as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::rules::{GapSeverity, LinkState};
use crate::tui::app::App;
use crate::tui::text::{clean, fit};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(" trail ", theme.heading)];
    match (app.selected_case(), &app.trail) {
        (Some(case), Some(trail)) => {
            if width >= 100 {
                head.push(Span::raw(format!("{}  ", clean(&case.reference))));
            }
            for (i, (link, state)) in trail.iter().enumerate() {
                let (mark, style) = match state {
                    LinkState::Present => ("✓", theme.link_present),
                    LinkState::Missing => ("✗", theme.link_missing),
                    LinkState::NotNeeded => ("–", theme.link_not_needed),
                };
                if i > 0 {
                    head.push(Span::styled(
                        if width >= 100 { " · " } else { "  " },
                        theme.muted,
                    ));
                }
                head.push(Span::raw(format!("{} ", link.as_str())));
                head.push(Span::styled(mark, style));
            }
        }
        (Some(_), None) => head.push(Span::styled("loading…", theme.muted)),
        (None, _) => head.push(Span::styled("no case selected", theme.muted)),
    }
    lines.push(Line::from(head));
    let room = usize::from(area.height).saturating_sub(1);
    if let (Some(case), Some(_)) = (app.selected_case(), &app.trail) {
        let gaps = app.gaps_of(case.id);
        if gaps.is_empty() {
            lines.push(Line::styled(
                " no gaps: every needed link is proven",
                theme.muted,
            ));
        }
        let shown = if gaps.len() > room {
            room.saturating_sub(1)
        } else {
            gaps.len()
        };
        for gap in &gaps[..shown] {
            let (mark, style) = match gap.severity {
                GapSeverity::Error => ("✗", theme.flag_error),
                GapSeverity::Warning => ("!", theme.flag_warning),
            };
            let message = fit(&clean(&gap.message), width.saturating_sub(10));
            lines.push(Line::from(vec![
                Span::styled(format!(" {mark} {} ", gap.code), style),
                Span::raw(message),
            ]));
        }
        if shown < gaps.len() {
            let more = format!(
                " … {} more gaps: open the case (1, Enter) for all",
                gaps.len() - shown
            );
            lines.push(Line::styled(fit(&more, width), theme.muted));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

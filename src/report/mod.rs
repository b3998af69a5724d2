//! `nhitrace report`: the reconstructed story of one case for an auditor.

mod html;
mod markdown;
mod model;

pub use model::{CaseReport, EvidenceItem, GapItem, HistoryItem, TrailProof, build};

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Json,
}

/// The report in `format`.
pub fn render(report: &CaseReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Markdown => markdown::render(report),
        ReportFormat::Html => html::render(report),
        ReportFormat::Json => {
            let mut json = crate::sanitize::masked_json(report)
                .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            json.push('\n');
            json
        }
    }
}

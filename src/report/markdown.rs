//! The report as Markdown. Every value from the store is sanitised (control
//! characters shown as markers) and escaped so it cannot change the document's
//! structure; evidence text goes in fences longer than any fence inside it.

use std::fmt::Write;

use super::model::CaseReport;
use crate::sanitize;

/// One line of untrusted text, safe inside Markdown text and tables.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize::masked_line(s).chars() {
        if "\\`*_[]<>|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Render the report.
pub fn render(report: &CaseReport) -> String {
    let mut out = String::new();
    let case = &report.case;
    let _ = writeln!(out, "# {} — {}\n", md(&case.reference), md(&case.title));
    let _ = writeln!(
        out,
        "Report generated {} by nhitrace.\n",
        report.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(out, "| field | value |\n|---|---|");
    for (name, value) in report.field_rows() {
        let value = value.as_deref().map_or_else(|| "—".to_string(), md);
        let _ = writeln!(out, "| {} | {} |", md(&name), value);
    }
    if !case.summary.is_empty() {
        let _ = writeln!(out, "\n{}", md(&case.summary));
    }

    let _ = writeln!(out, "\n## Trail\n");
    for link in &report.trail {
        let mark = match link.state {
            "present" => "✓",
            "missing" => "✗",
            _ => "–",
        };
        let _ = writeln!(out, "- **{}** {mark} {}", link.link, link.state);
        for proof in &link.proof {
            let _ = writeln!(out, "  - {}", md(proof.trim_start()));
        }
    }

    let _ = writeln!(out, "\n## Open gaps\n");
    if report.gaps.is_empty() {
        let _ = writeln!(out, "None: every link of the trail is proven.");
    }
    for gap in &report.gaps {
        let _ = writeln!(
            out,
            "- **{} {}** ({}): {}",
            gap.code,
            gap.severity,
            gap.title,
            md(&gap.message)
        );
        let _ = writeln!(
            out,
            "  - {} Frameworks: {}.",
            gap.explanation,
            gap.frameworks.join(", ")
        );
    }

    let _ = writeln!(
        out,
        "\n## Timeline\n\n| # | when (UTC) | kind | actor | summary |\n|---|---|---|---|---|"
    );
    for entry in &report.timeline {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            entry.id,
            entry.occurred_at.format("%Y-%m-%d %H:%M"),
            entry.kind,
            md(&entry.actor),
            md(&entry.summary)
        );
    }

    let _ = writeln!(
        out,
        "\n## Assets\n\n| relation | kind | name | identifier | provider | status |\n|---|---|---|---|---|---|"
    );
    for linked in &report.assets {
        let a = &linked.asset;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            linked.relation,
            a.kind,
            md(&a.name),
            md(&a.identifier),
            md(&a.provider),
            a.status
        );
    }

    let _ = writeln!(out, "\n## Evidence\n");
    for item in &report.evidence {
        let e = &item.meta;
        let _ = writeln!(out, "### #{} {} ({})\n", e.id, md(&e.title), e.kind);
        let _ = writeln!(
            out,
            "- sha256 `{}`, {} bytes, {}",
            e.sha256,
            e.size,
            md(&e.media_type)
        );
        let _ = writeln!(
            out,
            "- collected by {} at {}{}",
            md(&e.collected_by),
            e.collected_at.format("%Y-%m-%d %H:%M UTC"),
            e.entry_id
                .map(|id| format!(", proves entry #{id}"))
                .unwrap_or_default()
        );
        match &item.text {
            Some(text) => {
                let body = sanitize::lines(text).join("\n");
                let fence = "~".repeat(longest_run(&body, '~').max(2) + 1);
                let _ = writeln!(out, "\n{fence}\n{body}\n{fence}\n");
            }
            None => {
                let _ = writeln!(out, "\n(binary content, not shown)\n");
            }
        }
    }

    let _ = writeln!(out, "## Audit history\n");
    if report.history.is_empty() {
        let _ = writeln!(out, "No audited writes recorded for this case.");
    } else {
        let _ = writeln!(
            out,
            "| seq | when (UTC) | user | action | entity |\n|---|---|---|---|---|"
        );
        for h in &report.history {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                h.seq,
                h.at.format("%Y-%m-%d %H:%M:%S"),
                md(&h.user),
                md(&h.action),
                md(&h.entity)
            );
        }
    }
    out
}

fn longest_run(s: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in s.chars() {
        current = if ch == c { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

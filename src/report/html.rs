//! The report as one self-contained HTML page (inline CSS, no scripts, no external
//! resources). Every value from the store is sanitised and HTML-escaped.

use std::fmt::Write;

use super::model::CaseReport;
use crate::sanitize;

/// One line of untrusted text, escaped for HTML.
fn h(s: &str) -> String {
    escape(&sanitize::masked_line(s))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}\
pre{background:#f5f5f5;padding:.5rem;overflow-x:auto;white-space:pre-wrap}.present{color:#1a7f37}.missing{color:#cf222e}\
.error{color:#cf222e}.warning{color:#9a6700}code{font-size:.9em}";

/// Render the report.
pub fn render(report: &CaseReport) -> String {
    let case = &report.case;
    let mut out = String::new();
    let title = format!("{} — {}", h(&case.reference), h(&case.title));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p>Report generated {} by nhitrace.</p>",
        report.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(out, "<table id=\"case\">");
    for (name, value) in report.field_rows() {
        let value = value.as_deref().map_or_else(|| "—".to_string(), h);
        let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", h(&name), value);
    }
    let _ = writeln!(out, "</table>");
    if !case.summary.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", h(&case.summary));
    }

    let _ = writeln!(out, "<h2>Trail</h2>\n<ul id=\"trail\">");
    for link in &report.trail {
        let class = link.state.replace(' ', "-");
        let _ = write!(
            out,
            "<li><strong>{}</strong> <span class=\"{class}\">{}</span>",
            link.link, link.state
        );
        if !link.proof.is_empty() {
            let _ = write!(out, "<ul>");
            for proof in &link.proof {
                let _ = write!(out, "<li>{}</li>", h(proof.trim_start()));
            }
            let _ = write!(out, "</ul>");
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ul>");

    let _ = writeln!(out, "<h2>Open gaps</h2>");
    if report.gaps.is_empty() {
        let _ = writeln!(out, "<p>None: every link of the trail is proven.</p>");
    } else {
        let _ = writeln!(out, "<ul id=\"gaps\">");
        for gap in &report.gaps {
            let _ = writeln!(
                out,
                "<li><strong class=\"{}\">{} {}</strong> ({}): {}<br/>{} Frameworks: {}.</li>",
                gap.severity,
                gap.code,
                gap.severity,
                gap.title,
                h(&gap.message),
                escape(gap.explanation),
                gap.frameworks.join(", ")
            );
        }
        let _ = writeln!(out, "</ul>");
    }

    let _ = writeln!(
        out,
        "<h2>Timeline</h2>\n<table id=\"timeline\"><tr><th>#</th><th>when (UTC)</th><th>kind</th><th>actor</th><th>summary</th></tr>"
    );
    for entry in &report.timeline {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            entry.id,
            entry.occurred_at.format("%Y-%m-%d %H:%M"),
            entry.kind,
            h(&entry.actor),
            h(&entry.summary)
        );
    }
    let _ = writeln!(out, "</table>");

    let _ = writeln!(
        out,
        "<h2>Assets</h2>\n<table id=\"assets\"><tr><th>relation</th><th>kind</th><th>name</th><th>identifier</th><th>provider</th><th>status</th></tr>"
    );
    for linked in &report.assets {
        let a = &linked.asset;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            linked.relation,
            a.kind,
            h(&a.name),
            h(&a.identifier),
            h(&a.provider),
            a.status
        );
    }
    let _ = writeln!(out, "</table>");

    let _ = writeln!(out, "<h2>Evidence</h2>");
    for item in &report.evidence {
        let e = &item.meta;
        let _ = writeln!(out, "<h3>#{} {} ({})</h3>", e.id, h(&e.title), e.kind);
        let _ = writeln!(
            out,
            "<p>sha256 <code>{}</code>, {} bytes, {}; collected by {} at {}{}</p>",
            e.sha256,
            e.size,
            h(&e.media_type),
            h(&e.collected_by),
            e.collected_at.format("%Y-%m-%d %H:%M UTC"),
            e.entry_id
                .map(|id| format!(", proves entry #{id}"))
                .unwrap_or_default()
        );
        match &item.text {
            Some(text) => {
                let _ = writeln!(
                    out,
                    "<pre>{}</pre>",
                    escape(&sanitize::lines(text).join("\n"))
                );
            }
            None => {
                let _ = writeln!(out, "<p>(binary content, not shown)</p>");
            }
        }
    }

    let _ = writeln!(out, "<h2>Audit history</h2>");
    if report.history.is_empty() {
        let _ = writeln!(out, "<p>No audited writes recorded for this case.</p>");
    } else {
        let _ = writeln!(
            out,
            "<table id=\"history\"><tr><th>seq</th><th>when (UTC)</th><th>user</th><th>action</th><th>entity</th></tr>"
        );
        for item in &report.history {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                item.seq,
                item.at.format("%Y-%m-%d %H:%M:%S"),
                h(&item.user),
                h(&item.action),
                h(&item.entity)
            );
        }
        let _ = writeln!(out, "</table>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

//! The attach-evidence form: a text excerpt typed or pasted, or a file path whose
//! bytes are copied into the store; optionally tied to an entry and an asset.

use chrono::FixedOffset;

use super::field::{ChoiceOption, Field, options_of};
use super::save::Write;
use super::{Form, Purpose};
use crate::domain::{CaseRecord, EvidenceKind};
use crate::input::{EvidenceDraft, EvidenceSource};
use crate::tui::text::time_compact;

pub fn form(record: &CaseRecord, zone: FixedOffset) -> Form {
    let entries = std::iter::once(ChoiceOption::new("", "(none)"))
        .chain(record.entries.iter().rev().map(|e| {
            ChoiceOption::new(
                e.id.to_string(),
                format!(
                    "#{} {} {} {}",
                    e.id,
                    time_compact(e.occurred_at, zone),
                    e.kind,
                    e.summary
                ),
            )
        }))
        .collect();
    let assets = std::iter::once(ChoiceOption::new("", "(none)"))
        .chain(record.assets.iter().map(|l| {
            ChoiceOption::new(
                l.asset.id.to_string(),
                format!("{} ({})", l.asset.name, l.asset.identifier),
            )
        }))
        .collect();
    let from = vec![
        ChoiceOption::new("text", "a text excerpt"),
        ChoiceOption::new("file", "a file"),
    ];
    let fields = vec![
        Field::choice(
            "kind",
            "Kind",
            options_of(EvidenceKind::ALL, EvidenceKind::as_str, None),
            EvidenceKind::LogExcerpt.as_str(),
        ),
        Field::line("title", "Title", ""),
        Field::choice("from", "From", from, "text"),
        Field::lines("text", "Text", ""),
        Field::line("file", "File path", ""),
        Field::line("source", "Source", ""),
        Field::choice("entry", "Proves entry", entries, ""),
        Field::choice("asset", "About asset", assets, ""),
    ];
    Form::new(
        Purpose::Evidence(record.case.id),
        format!("Attach evidence to {}", record.case.reference),
        fields,
    )
}

fn source(form: &Form) -> EvidenceSource {
    if form.value("from").as_deref() == Some("file") {
        EvidenceSource::File
    } else {
        EvidenceSource::Text
    }
}

pub fn refresh(form: &mut Form) {
    let file = source(form) == EvidenceSource::File;
    form.show("text", !file);
    form.show("file", file);
}

pub fn write(form: &Form) -> Option<Write> {
    let Purpose::Evidence(case) = form.purpose else {
        return None;
    };
    let v = |key| form.value(key).unwrap_or_default();
    let draft = EvidenceDraft {
        kind: v("kind"),
        title: v("title"),
        from: source(form),
        text: v("text"),
        file: v("file"),
        source: v("source"),
        entry_id: v("entry").parse().ok(),
        asset_id: v("asset").parse().ok(),
    };
    Some(Write::Evidence { case, draft })
}

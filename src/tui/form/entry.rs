//! The add-entry form: the common fields, then the chosen kind's own fields (from
//! `input::kind_fields`). An approval picks the change it covers from the case's
//! changes; a verification can attach its proof in the same save, or reuse evidence
//! the case already has.

use chrono::FixedOffset;

use super::field::{ChoiceOption, Field, options_of};
use super::save::{Proof, Write};
use super::{Form, Purpose};
use crate::domain::{CaseRecord, EntryKind, EvidenceKind, VerificationResult};
use crate::input::{EntryDraft, EvidenceDraft, EvidenceSource, kind_fields};
use crate::tui::text::time_compact;

/// Fields a kind may ask for, hidden unless the chosen kind does.
const KIND_KEYS: [&str; 8] = [
    "approver",
    "covers",
    "justification",
    "expires-at",
    "compensating-controls",
    "recipients",
    "method",
    "result",
];

const PROOF_KEYS: [&str; 4] = ["proof-existing", "proof-title", "proof-text", "proof-file"];

pub fn form(record: &CaseRecord, zone: FixedOffset, kind: EntryKind) -> Form {
    let d = EntryDraft::new(kind);
    let assets = std::iter::once(ChoiceOption::new("", "(none)"))
        .chain(record.assets.iter().map(|linked| {
            let a = &linked.asset;
            ChoiceOption::new(
                a.id.to_string(),
                format!("{} {} ({})", a.kind, a.name, a.identifier),
            )
        }))
        .collect();
    let changes = std::iter::once(ChoiceOption::new("", "(choose the change)"))
        .chain(
            record
                .entries
                .iter()
                .filter(|e| e.kind.is_control_change() || e.kind == EntryKind::ChangeRequested)
                .map(|e| {
                    let label = format!(
                        "#{} {} {} {}",
                        e.id,
                        time_compact(e.occurred_at, zone),
                        e.kind,
                        e.summary
                    );
                    ChoiceOption::new(e.id.to_string(), label)
                }),
        )
        .collect();
    let existing: Vec<ChoiceOption> = record
        .evidence
        .iter()
        .map(|e| {
            ChoiceOption::new(
                e.id.to_string(),
                format!("#{} {} {}", e.id, e.kind, e.title),
            )
        })
        .collect();
    let proof_modes = vec![
        ChoiceOption::new("text", "attach a text excerpt"),
        ChoiceOption::new("file", "attach a file"),
        ChoiceOption::new("existing", "use evidence of this case"),
        ChoiceOption::new("none", "no proof yet"),
    ];
    let fields = vec![
        Field::choice(
            "kind",
            "Kind",
            options_of(EntryKind::ALL, EntryKind::as_str, None),
            &d.kind,
        ),
        Field::line("occurred-at", "Occurred at", &d.occurred_at),
        Field::line("actor", "Actor", ""),
        Field::line("channel", "Channel", ""),
        Field::line("summary", "Summary", ""),
        Field::lines("details", "Details", ""),
        Field::choice("asset", "Asset", assets, ""),
        Field::line("approver", "Approver", ""),
        Field::choice("covers", "Covers change", changes, ""),
        Field::line("justification", "Justification", ""),
        Field::line("expires-at", "Expires at", ""),
        Field::line("compensating-controls", "Controls (a, b)", ""),
        Field::line("recipients", "Recipients (a, b)", ""),
        Field::line("method", "Method", ""),
        Field::choice(
            "result",
            "Result",
            options_of(
                VerificationResult::ALL,
                VerificationResult::as_str,
                Some("(choose)"),
            ),
            "",
        ),
        Field::choice("proof", "Proof", proof_modes, "text"),
        Field::choice("proof-existing", "Evidence", existing, ""),
        Field::line("proof-title", "Proof title", ""),
        Field::lines("proof-text", "Proof text", ""),
        Field::line("proof-file", "Proof file", ""),
    ];
    Form::new(
        Purpose::Entry(record.case.id),
        format!("Add entry to {}", record.case.reference),
        fields,
    )
}

fn kind(form: &Form) -> Option<EntryKind> {
    form.value("kind").and_then(|k| k.parse().ok())
}

pub fn refresh(form: &mut Form) {
    let kind = kind(form);
    let own = kind.map_or(&[][..], kind_fields);
    for key in KIND_KEYS {
        form.show(key, own.contains(&key));
    }
    let verification = kind == Some(EntryKind::Verification);
    form.show("proof", verification);
    let mode = form.value("proof").unwrap_or_default();
    let mode = if verification { mode.as_str() } else { "" };
    form.show("proof-existing", mode == "existing");
    form.show("proof-title", mode == "text" || mode == "file");
    form.show("proof-text", mode == "text");
    form.show("proof-file", mode == "file");
    debug_assert!(PROOF_KEYS.iter().all(|k| form.field(k).is_some()));
}

pub fn write(form: &Form) -> Option<Write> {
    let Purpose::Entry(case) = form.purpose else {
        return None;
    };
    let v = |key| form.value(key).unwrap_or_default();
    let draft = EntryDraft {
        kind: v("kind"),
        occurred_at: v("occurred-at"),
        actor: v("actor"),
        channel: v("channel"),
        summary: v("summary"),
        details: v("details"),
        asset_id: v("asset").parse().ok(),
        approver: v("approver"),
        covers: v("covers"),
        justification: v("justification"),
        expires_at: v("expires-at"),
        compensating_controls: v("compensating-controls"),
        recipients: v("recipients"),
        method: v("method"),
        result: v("result"),
    };
    let proof = if kind(form) != Some(EntryKind::Verification) {
        Proof::None
    } else {
        let new = |from| {
            let mut evidence = EvidenceDraft::new(EvidenceKind::VerificationProof, from);
            evidence.title = v("proof-title");
            evidence.text = v("proof-text");
            evidence.file = v("proof-file");
            evidence.asset_id = draft.asset_id;
            Proof::New(evidence)
        };
        match v("proof").as_str() {
            "text" => new(EvidenceSource::Text),
            "file" => new(EvidenceSource::File),
            "existing" => match v("proof-existing").parse() {
                Ok(id) => Proof::Existing(id),
                Err(_) => Proof::Existing(0),
            },
            _ => Proof::None,
        }
    };
    Some(Write::Entry { case, draft, proof })
}

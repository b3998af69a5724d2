//! The link-asset form (pick an existing asset with fuzzy search over name and
//! identifier, or create one) and the unlink form.

use super::field::{ChoiceOption, Field, PickItem, Picker, Widget, options_of};
use super::save::Write;
use super::{Form, Purpose};
use crate::domain::{Asset, AssetKind, CaseRecord, Relation};
use crate::input::AssetDraft;

const NEW_KEYS: [&str; 6] = [
    "kind",
    "name",
    "identifier",
    "provider",
    "environment",
    "owner",
];

pub fn link_form(record: &CaseRecord) -> Form {
    let modes = vec![
        ChoiceOption::new("existing", "pick an existing asset"),
        ChoiceOption::new("new", "create a new asset"),
    ];
    let d = AssetDraft::new();
    let fields = vec![
        Field::choice("mode", "Asset", modes, "existing"),
        Field::new("asset", "Search", Widget::Picker(Picker::loading())),
        Field::choice(
            "kind",
            "Kind",
            options_of(AssetKind::ALL, AssetKind::as_str, Some("(choose)")),
            "",
        ),
        Field::line("name", "Name", ""),
        Field::line("identifier", "Identifier", ""),
        Field::line("provider", "Provider", ""),
        Field::line("environment", "Environment", ""),
        Field::line("owner", "Owner", ""),
        Field::choice(
            "relation",
            "Relation",
            options_of(Relation::ALL, Relation::as_str, None),
            &d.relation,
        ),
    ];
    Form::new(
        Purpose::LinkAsset(record.case.id),
        format!("Link an asset to {}", record.case.reference),
        fields,
    )
}

/// The picker's items: every asset not already linked to the case.
pub fn offer(form: &mut Form, assets: &[Asset], record: Option<&CaseRecord>) {
    let linked = |id| record.is_some_and(|r| r.assets.iter().any(|l| l.asset.id == id));
    let items = assets
        .iter()
        .filter(|a| !linked(a.id))
        .map(|a| PickItem {
            id: a.id,
            label: format!("{} {} · {} {}", a.name, a.identifier, a.provider, a.kind),
            haystack: format!("{} {}", a.name, a.identifier),
        })
        .collect();
    if let Some(Field {
        widget: Widget::Picker(picker),
        ..
    }) = form.field_mut("asset")
    {
        picker.set_items(items);
    }
}

pub fn refresh(form: &mut Form) {
    let new = form.value("mode").as_deref() == Some("new");
    form.show("asset", !new);
    for key in NEW_KEYS {
        form.show(key, new);
    }
}

pub fn unlink_form(record: &CaseRecord) -> Form {
    let options = record
        .assets
        .iter()
        .map(|linked| {
            let a = &linked.asset;
            ChoiceOption::new(
                a.id.to_string(),
                format!(
                    "{} {} ({}, {})",
                    a.kind, a.name, a.identifier, linked.relation
                ),
            )
        })
        .collect();
    Form::new(
        Purpose::UnlinkAsset(record.case.id),
        format!("Unlink an asset from {}", record.case.reference),
        vec![Field::choice("asset", "Asset", options, "")],
    )
}

pub fn write(form: &Form) -> Option<Write> {
    let v = |key| form.value(key).unwrap_or_default();
    match form.purpose {
        Purpose::LinkAsset(case) if v("mode") == "new" => Some(Write::LinkNew {
            case,
            draft: AssetDraft {
                kind: v("kind"),
                name: v("name"),
                identifier: v("identifier"),
                provider: v("provider"),
                environment: v("environment"),
                owner: v("owner"),
                relation: v("relation"),
            },
        }),
        Purpose::LinkAsset(case) => Some(Write::LinkExisting {
            case,
            asset: v("asset").parse().ok(),
            relation: v("relation"),
        }),
        Purpose::UnlinkAsset(case) => Some(Write::Unlink {
            case,
            asset: v("asset").parse().ok(),
        }),
        _ => None,
    }
}

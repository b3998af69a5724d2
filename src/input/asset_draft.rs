//! An asset as typed into the link-asset form (when it is created there) or
//! `nhitrace asset link --new`.

use super::fields::{Checker, FieldError};
use crate::domain::{Asset, AssetKind, AssetStatus, Relation};

/// Every field of a new asset and its link, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetDraft {
    pub kind: String,
    pub name: String,
    pub identifier: String,
    pub provider: String,
    pub environment: String,
    pub owner: String,
    pub relation: String,
}

impl AssetDraft {
    /// A draft for an asset affected by the case.
    pub fn new() -> AssetDraft {
        AssetDraft {
            relation: Relation::Affected.as_str().into(),
            ..AssetDraft::default()
        }
    }

    /// Check every field; on success the asset (status `active`, id 0) and its relation.
    pub fn validate(&self) -> Result<(Asset, Relation), Vec<FieldError>> {
        let mut check = Checker::default();
        let kind: Option<AssetKind> = check.label("kind", &self.kind);
        let name = check.required("name", &self.name);
        let identifier = check.required("identifier", &self.identifier);
        let provider = check.required("provider", &self.provider);
        if !provider.is_empty() && provider.chars().any(char::is_whitespace) {
            check.fail("provider", "one word, e.g. aws, github, okta");
        }
        let environment = check.optional("environment", &self.environment);
        let owner = check.optional("owner", &self.owner);
        let relation: Option<Relation> = check.label("relation", &self.relation);
        let asset = match (kind, relation) {
            (Some(kind), Some(relation)) => Some((
                Asset {
                    id: 0,
                    kind,
                    name,
                    identifier,
                    provider,
                    environment,
                    owner,
                    status: AssetStatus::Active,
                    created_at: None,
                    last_rotated_at: None,
                    expires_at: None,
                    consumers: Vec::new(),
                },
                relation,
            )),
            _ => None,
        };
        check.finish(asset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_draft_becomes_an_affected_asset() {
        let draft = AssetDraft {
            kind: "access_key".into(),
            name: "deploy key".into(),
            identifier: "AKIAEXAMPLE".into(),
            provider: "aws".into(),
            environment: " prod ".into(),
            ..AssetDraft::new()
        };
        let (asset, relation) = draft.validate().unwrap();
        assert_eq!(asset.kind, AssetKind::AccessKey);
        assert_eq!(asset.environment.as_deref(), Some("prod"));
        assert_eq!(asset.owner, None);
        assert_eq!(relation, Relation::Affected);
    }

    #[test]
    fn every_bad_field_is_named() {
        let draft = AssetDraft {
            kind: "robot".into(),
            provider: "a w s".into(),
            relation: String::new(),
            ..AssetDraft::default()
        };
        let errors = draft.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["kind", "name", "identifier", "provider", "relation"]
        );
        assert!(errors[0].message.contains("`robot` is not one of"));
    }
}

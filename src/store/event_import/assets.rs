//! The assets of an import: each found once per batch by provider and identifier,
//! created when the store has none, and linked to the case as affected.

use crate::store::sql::params;
use serde_json::json;

use super::Import;
use crate::domain::{Asset, AssetId, AssetStatus, Relation};
use crate::events::EventAsset;
use crate::store::StoreError;
use crate::store::audit::{Change, to_value};
use crate::store::audit_batch::AuditBatch;
use crate::store::error::db;

impl Import<'_> {
    /// The asset's id: found once per batch, created when the store has none with
    /// its provider and identifier, and linked to the case as affected if it is not
    /// linked yet.
    pub(super) fn asset(
        &mut self,
        audit: &mut AuditBatch<'_>,
        asset: &EventAsset,
    ) -> Result<AssetId, StoreError> {
        let key = (asset.provider.clone(), asset.identifier.clone());
        if let Some(&id) = self.assets.get(&key) {
            return Ok(id);
        }
        let id = match crate::store::writer::asset_id_by_identifier(
            self.conn,
            &asset.provider,
            &asset.identifier,
        )? {
            Some(id) => id,
            None => self.create_asset(audit, asset)?,
        };
        let linked: bool = self
            .conn
            .prepare_cached("SELECT 1 FROM case_assets WHERE case_id = ?1 AND asset_id = ?2")
            .and_then(|mut s| s.exists(params![self.case, id]))
            .map_err(db)?;
        if !linked {
            self.conn
                .execute(
                    "INSERT INTO case_assets (case_id, asset_id, relation) VALUES (?1, ?2, ?3)",
                    params![self.case, id, Relation::Affected.as_str()],
                )
                .map_err(db)?;
            audit.append(Change {
                action: "link_asset",
                entity: format!("case:{}/asset:{id}", self.case),
                case_id: Some(self.case),
                change: json!({ "case_id": self.case, "asset_id": id, "relation": Relation::Affected }),
            })?;
            self.summary.assets_linked += 1;
        }
        self.assets.insert(key, id);
        Ok(id)
    }

    fn create_asset(
        &mut self,
        audit: &mut AuditBatch<'_>,
        asset: &EventAsset,
    ) -> Result<AssetId, StoreError> {
        let mut row = Asset {
            id: 0,
            kind: asset.kind,
            name: asset.name.clone(),
            identifier: asset.identifier.clone(),
            provider: asset.provider.clone(),
            environment: None,
            owner: None,
            status: AssetStatus::Active,
            created_at: None,
            last_rotated_at: None,
            expires_at: None,
            consumers: Vec::new(),
        };
        row.id = crate::store::row_insert::asset_row(self.conn, &row)?;
        audit.append(Change {
            action: "create_asset",
            entity: format!("asset:{}", row.id),
            case_id: None,
            change: to_value(&row)?,
        })?;
        self.summary.assets_created += 1;
        Ok(row.id)
    }
}

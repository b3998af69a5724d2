//! State of the asset view: one asset and every case that touched it, loaded from
//! the store with `Effect::LoadAssetCases`.

use super::cursor::ListCursor;
use crate::domain::Asset;
use crate::store::AssetCase;

/// Where the list of cases stands.
#[derive(Debug, Clone, PartialEq)]
pub enum AssetCases {
    Loading,
    Loaded(Vec<AssetCase>),
    Failed(String),
}

/// The asset view: the asset (as linked to the case it was opened from), its cases
/// once loaded, and the selection.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetView {
    pub asset: Asset,
    pub cases: AssetCases,
    pub cursor: ListCursor,
}

impl AssetView {
    pub fn loading(asset: Asset) -> AssetView {
        AssetView {
            asset,
            cases: AssetCases::Loading,
            cursor: ListCursor::default(),
        }
    }

    /// The cases arrived: the selection starts on the first, or, when they were
    /// read again (a refresh), stays on its case (`height` is the rows of the view).
    pub fn loaded(&mut self, cases: Vec<AssetCase>, height: usize) {
        let keep = self.selected().map(|c| c.case_id);
        let row = keep.and_then(|id| cases.iter().position(|c| c.case_id == id));
        self.cursor = ListCursor::new(cases.len());
        self.cursor
            .move_by(row.map_or(0, |r| isize::try_from(r).unwrap_or(0)), height);
        self.cases = AssetCases::Loaded(cases);
    }

    pub fn selected(&self) -> Option<&AssetCase> {
        match &self.cases {
            AssetCases::Loaded(cases) => self.cursor.selected().and_then(|i| cases.get(i)),
            _ => None,
        }
    }
}

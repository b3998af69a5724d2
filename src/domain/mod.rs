//! Domain types: what nhitrace knows about, independent of storage and screens.

mod asset;
mod case;
mod evidence;
mod labels;
mod record;
mod timeline;
mod trail;

pub use asset::{Asset, AssetId, AssetKind, AssetStatus, LinkedAsset, Relation};
pub use case::{Case, CaseId, CaseStatus, Category, ExternalRef, RootCause, Severity};
pub use evidence::{Evidence, EvidenceId, EvidenceKind};
pub use labels::UnknownLabel;
pub(crate) use labels::labelled_enum;
pub use record::{CaseRecord, CaseSummary};
pub use timeline::{EntryFields, EntryId, EntryKind, TimelineEntry, VerificationResult};
pub use trail::{TrailEntry, TrailRecord};

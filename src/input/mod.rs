//! What people type, checked and turned into domain values. Shared by the TUI forms
//! and the command-line writes so both accept and refuse exactly the same input.

mod asset_draft;
mod bounded_file;
mod case_draft;
mod closing;
mod entry_draft;
mod evidence_draft;
mod fields;
mod when;

pub use asset_draft::AssetDraft;
pub use bounded_file::{FileRefusal, read_bounded};
pub use case_draft::CaseDraft;
pub use closing::closing_note;
pub use entry_draft::{EntryDraft, kind_fields};
pub use evidence_draft::{EvidenceDraft, EvidenceSource, media_type};
pub use fields::FieldError;
pub use when::parse_when;

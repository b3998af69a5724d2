//! What people type, checked and turned into domain values. Shared by the TUI forms
//! and the command-line writes so both accept and refuse exactly the same input.

mod case_draft;
mod entry_draft;
mod fields;
mod when;

pub use case_draft::CaseDraft;
pub use entry_draft::{EntryDraft, kind_fields};
pub use fields::FieldError;
pub use when::parse_when;

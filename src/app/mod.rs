//! The use cases: what nhitrace does, below every way of asking for it.
//!
//! The screen's forms, the command line, bundles and importers all write through
//! [`execute`]: a [`WriteCommand`] as the user typed it is validated through
//! [`crate::input`] against the caller's clock and zone, turned into one
//! [`Change`](crate::store::Change) that the store applies in one transaction, and
//! answered with what was written ([`Written`]). The next case reference is worked
//! out here once ([`reference`]), and `check` ([`check_report`]) and the flags of the
//! case list ([`flags`]) are evaluated here too.
//!
//! May import: `domain`, `input`, `rules`, `store` (through its public API only),
//! `integrity`, `bundle`, `events`. Never `tui` or `cli`: they are adapters over this layer.

mod check;
mod closing;
mod command;
mod entries;
mod error;
mod execute;
pub mod flags;
mod import_events;
mod import_stream;
mod port;
pub mod reference;
mod written;

pub use check::{CaseGap, CheckReport, CheckTotals, check_each, check_report};
pub use closing::remaining_errors;
pub use command::{AssetChoice, NewReference, Proof, WriteCommand, WriteContext};
pub use error::{AppError, Refusal};
pub use execute::execute;
pub use import_events::{import_events, read_event_files};
pub use import_stream::{StreamError, StreamedImport, import_event_files, load_event_files};
pub use port::CaseStore;
pub use written::{Reloaded, Written, reload};

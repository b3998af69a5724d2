//! nhitrace: traceability for non-human identity incidents.

pub mod domain;
pub mod rules;
pub mod sanitize;
pub mod store;
pub mod tui;

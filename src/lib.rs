//! nhitrace: traceability for non-human identity incidents.

pub mod app;
pub mod bench;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod events;
pub mod generate;
pub mod input;
pub mod integrity;
pub mod os_user;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod store;
pub mod tui;

/// The flags of the case list, evaluated in the application layer.
pub use app::flags;

//! nhitrace: traceability for non-human identity incidents.

pub mod bench;
pub mod bundle;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod flags;
pub mod generate;
pub mod input;
pub mod os_user;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod store;
pub mod tui;

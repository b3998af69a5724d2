//! Every integration test of nhitrace in one binary: one build, one link, one copy of each helper.
//!
//! `cargo test --test it <filter>` runs a part of it, e.g. `cargo test --test it store_open::`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod bundle;
mod bundle_invalid;
mod cli_bench;
mod cli_check;
mod cli_hostile_text;
mod cli_keys;
mod cli_readonly;
mod cli_verify;
mod cli_write;
mod cli_write_concurrency;
mod demo_rules;
mod e2e_forms;
mod e2e_pty;
mod e2e_terminal;
mod faults;
mod flags;
mod fuzz;
mod generate;
mod hostile_store;
mod import_cycles;
mod import_events;
mod pg_concurrency;
mod pg_harness;
mod pg_store;
mod report;
mod reveal;
mod rules;
mod rules_case;
mod rules_schedule;
mod sanitize;
mod store;
mod store_asset_cases;
mod store_audit;
mod store_concurrency;
mod store_import;
mod store_last_activity;
mod store_open;
mod store_stream;
mod store_trails;
mod store_walk_ordered;
mod tui_case_picker;
mod tui_demo;
mod tui_filter;
mod tui_forms;
mod tui_forms_screen;
mod tui_import_form;
mod tui_keymap;
mod tui_refresh;
mod tui_refresh_store;
mod tui_screen;
mod tui_search;
mod tui_search_rank;
mod tui_startup;
mod tui_store;
mod tui_titles;
mod tui_update;
mod tui_views;
mod tui_write_reload;

//! One copy of each test helper, shared by every module of the one test binary.
#![allow(dead_code)]

pub mod bundle;
pub mod cli;
pub mod forms;
pub mod harness;
pub mod pg;
pub mod rules;
pub mod screen;
pub mod search;
pub mod store;
pub mod tmpfs;

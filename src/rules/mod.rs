//! Traceability rules: pure functions over a case's records, the clock passed in.
//! No I/O and no `now()` in here.
//!
//! CONTRACT SKELETON — the rules helper replaces the bodies; signatures are shared.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{CaseRecord, EntryId, EvidenceId};

crate::domain::labelled_enum! {
    /// Stable rule codes.
    RuleCode("rule code") {
        Nt001 => "NT001", Nt002 => "NT002", Nt003 => "NT003", Nt004 => "NT004",
        Nt005 => "NT005", Nt006 => "NT006", Nt007 => "NT007", Nt008 => "NT008",
        Nt009 => "NT009", Nt010 => "NT010", Nt011 => "NT011", Nt012 => "NT012",
        Nt013 => "NT013", Nt014 => "NT014", Nt015 => "NT015",
    }
}

crate::domain::labelled_enum! {
    /// How serious a gap is.
    GapSeverity("gap severity") {
        Warning => "warning",
        Error => "error",
    }
}

/// One broken link of a case's trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub code: RuleCode,
    pub severity: GapSeverity,
    /// One line a reviewer understands, naming the specific entries where useful.
    pub message: String,
    /// The timeline entries the gap is about.
    pub entries: Vec<EntryId>,
    /// The evidence items the gap is about.
    pub evidence: Vec<EvidenceId>,
}

/// The five links of a complete trail, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrailLink {
    Reported,
    Affected,
    Approved,
    Remediated,
    Verified,
}

/// State of one trail link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Proven by the records.
    Present,
    /// Needed but not proven: a broken link.
    Missing,
    /// Not needed for this case (e.g. nothing to approve yet).
    NotNeeded,
}

/// Thresholds that come from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleConfig {
    /// An open case with no activity for this many days is stale (NT014).
    pub stale_after_days: i64,
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            stale_after_days: 14,
        }
    }
}

/// Every gap of one case, ordered by code then first entry.
pub fn evaluate(record: &CaseRecord, now: DateTime<Utc>, config: &RuleConfig) -> Vec<Gap> {
    let _ = (record, now, config);
    unimplemented!()
}

/// The state of each of the five links, in order.
pub fn trail(record: &CaseRecord) -> [(TrailLink, LinkState); 5] {
    let _ = record;
    unimplemented!()
}

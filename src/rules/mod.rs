//! Traceability rules: pure functions over a case's records, the clock passed in.
//! No I/O and no `now()` in here.
//!
//! "Before/after" compares `occurred_at`, ties broken by entry id; "latest" is the
//! last entry in that order. A name matches another when equal after trimming,
//! ignoring case. A blank text (empty or only spaces) counts as missing.
//!
//! | code | a gap is reported when | entries of the gap |
//! |---|---|---|
//! | NT001 | a `change_applied` / `exemption_granted` has no `approval_granted` whose `covers` is that change and whose approver is not blank; one gap per change | the change, then covering approvals with a blank approver |
//! | NT002 | there is a remediation (`change_applied`, `rotation`, `revocation`, `cleanup`) and no `verification` with result passed, at or after the latest remediation, with evidence attached to it; one gap | the latest remediation, then verifications after it without evidence |
//! | NT003 | the case has no reporter | — |
//! | NT004 | no asset is linked with relation `affected` | — |
//! | NT005 | an approver matches the actor of the change it covers, or of the latest `change_requested` before the approval; one gap per approval | the approval, then the matching change and/or request |
//! | NT006 | an approval is after the change it covers; one gap per approval | the approval, the change |
//! | NT007 | the latest verification is before the latest remediation | the verification, the remediation |
//! | NT008 | a `secret_leak` case has no `rotation`/`revocation` whose asset is linked as affected | rotations/revocations of other assets |
//! | NT009 | a `secret_leak` case has no `notification` with at least one recipient | notifications without recipients |
//! | NT010 | an `exemption_granted` lacks a justification, an expiry or compensating controls (the message names which); one gap per exemption | the exemption |
//! | NT011 | an exemption's expiry is before `now` and no `exemption_revoked` follows it and no later `exemption_granted` expires after `now`; one gap per exemption | the exemption |
//! | NT012 | an `auth_failure` case is closed with no root cause | the latest `closed` entry, if any |
//! | NT013 | evidence listed in `tampered_evidence`; one gap per item (evidence = that item) | the entry the evidence proves, if any |
//! | NT014 | a case not closed has no activity (latest entry, else opened) for more than `stale_after_days` days | the latest entry, if any |
//! | NT015 | a closed case has any other error-level gap (the message names the codes) | the latest `closed` entry, if any |
//!
//! Gaps are ordered by code, then first entry id (gaps without entries first), then
//! first evidence id.
//!
//! The trail: reported = a reporter is recorded; affected = an affected asset is
//! linked; approved = not needed without control changes, else present iff no NT001;
//! remediated = present when any remediation or exemption was granted; verified =
//! not needed without remediation, else present iff no NT002.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::domain::{EntryId, EvidenceId, Relation};

mod approval;
mod catalogue;
mod exemption;
mod input;
mod intake;
mod leak;
mod lifecycle;
mod remediation;
mod rule_set;
mod schedule;

pub use catalogue::{CATALOGUE, RuleInfo};
pub use input::{RuleEntry, RuleInput, Tampered};
pub use rule_set::RuleSet;
pub use schedule::recheck_at;

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

impl RuleConfig {
    /// The idle time after which an open case is stale; a count of days too large
    /// for any duration means "never" (the config bounds it long before that).
    pub fn stale_after(&self) -> TimeDelta {
        TimeDelta::try_days(self.stale_after_days.max(0)).unwrap_or(TimeDelta::MAX)
    }
}

impl Default for RuleConfig {
    fn default() -> Self {
        RuleConfig {
            stale_after_days: 14,
        }
    }
}

impl Gap {
    /// A gap of `code`, with the severity from the catalogue.
    pub fn new(
        code: RuleCode,
        message: String,
        entries: Vec<EntryId>,
        evidence: Vec<EvidenceId>,
    ) -> Gap {
        Gap {
            code,
            severity: code.severity(),
            message,
            entries,
            evidence,
        }
    }
}

impl TrailLink {
    /// The five links, in order.
    pub const ALL: [TrailLink; 5] = [
        TrailLink::Reported,
        TrailLink::Affected,
        TrailLink::Approved,
        TrailLink::Remediated,
        TrailLink::Verified,
    ];

    /// The lower-case word shown in the trail strip.
    pub const fn as_str(self) -> &'static str {
        match self {
            TrailLink::Reported => "reported",
            TrailLink::Affected => "affected",
            TrailLink::Approved => "approved",
            TrailLink::Remediated => "remediated",
            TrailLink::Verified => "verified",
        }
    }
}

/// Every gap of one case, ordered by code then first entry.
pub fn evaluate<R: RuleInput>(record: &R, now: DateTime<Utc>, config: &RuleConfig) -> Vec<Gap> {
    let mut gaps = Vec::new();
    gaps.extend(approval::unapproved_changes(record));
    gaps.extend(remediation::unverified_fix(record));
    gaps.extend(intake::missing_reporter(record));
    gaps.extend(intake::missing_affected_asset(record));
    gaps.extend(approval::self_approvals(record));
    gaps.extend(approval::retroactive_approvals(record));
    gaps.extend(remediation::verification_before_fix(record));
    gaps.extend(leak::leak_not_rotated(record));
    gaps.extend(leak::leak_not_notified(record));
    gaps.extend(exemption::incomplete_exemptions(record));
    gaps.extend(exemption::expired_exemptions(record, now));
    gaps.extend(lifecycle::closed_without_root_cause(record));
    gaps.extend(lifecycle::tampered_evidence(record));
    gaps.extend(lifecycle::stale(record, now, config));
    gaps.extend(lifecycle::closed_with_errors(record, &gaps));
    gaps.sort_by_key(|g| {
        (
            g.code,
            g.entries.first().copied(),
            g.evidence.first().copied(),
        )
    });
    gaps
}

/// The state of each of the five links, in order.
pub fn trail<R: RuleInput>(record: &R) -> [(TrailLink, LinkState); 5] {
    let present = |yes: bool| {
        if yes {
            LinkState::Present
        } else {
            LinkState::Missing
        }
    };
    let entries = record.entries();
    let approved = if entries.iter().any(|e| e.kind().is_control_change()) {
        present(approval::unapproved_changes(record).is_empty())
    } else {
        LinkState::NotNeeded
    };
    let remediated = entries.iter().any(|e| {
        e.kind().is_remediation() || e.kind() == crate::domain::EntryKind::ExemptionGranted
    });
    let verified = if entries.iter().any(|e| e.kind().is_remediation()) {
        present(remediation::unverified_fix(record).is_none())
    } else {
        LinkState::NotNeeded
    };
    [
        (
            TrailLink::Reported,
            present(intake::missing_reporter(record).is_none()),
        ),
        (TrailLink::Affected, present(has_affected_asset(record))),
        (TrailLink::Approved, approved),
        (TrailLink::Remediated, present(remediated)),
        (TrailLink::Verified, verified),
    ]
}

/// True when `a` happened after `b` (ties broken by id, the order of recording).
fn is_after<E: RuleEntry>(a: &E, b: &E) -> bool {
    (a.occurred_at(), a.id()) > (b.occurred_at(), b.id())
}

/// The latest of `entries`, in timeline order.
fn latest<'a, E: RuleEntry + 'a>(entries: impl Iterator<Item = &'a E>) -> Option<&'a E> {
    entries.max_by_key(|e| (e.occurred_at(), e.id()))
}

/// How a message names an entry: its kind and summary.
fn describe(entry: &impl RuleEntry) -> String {
    format!("{} \"{}\"", entry.kind(), entry.summary().trim())
}

/// Empty or only whitespace.
fn is_blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Two names of people match when equal after trimming, ignoring case.
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

fn has_affected_asset<R: RuleInput>(record: &R) -> bool {
    record
        .links()
        .any(|(_, relation)| relation == Relation::Affected)
}

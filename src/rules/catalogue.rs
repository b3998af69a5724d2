//! Per-rule metadata: severity, a short title, the one-line explanation a reviewer
//! reads, and the framework controls the rule supports.
//!
//! Framework ids: NIST CSF 2.0 subcategories (`CSF RS.AN-06`) and the OWASP
//! Non-Human Identities Top 10, 2025 (`OWASP NHI2`).

use super::{GapSeverity, RuleCode};

/// What a rule is about, independent of any case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: RuleCode,
    pub severity: GapSeverity,
    /// A few words for lists and headings.
    pub title: &'static str,
    /// One line a reviewer understands: what is wrong and why it matters.
    pub explanation: &'static str,
    /// Framework references, e.g. `CSF PR.AA-05`, `OWASP NHI10`.
    pub frameworks: &'static [&'static str],
}

impl RuleCode {
    /// The catalogue entry of this rule.
    pub fn info(self) -> &'static RuleInfo {
        // CATALOGUE is in declaration order (checked by a test), so the
        // discriminant is the index.
        &CATALOGUE[self as usize]
    }

    /// The severity of every gap this rule reports.
    pub fn severity(self) -> GapSeverity {
        self.info().severity
    }
}

use GapSeverity::{Error, Warning};

/// Every rule, in code order.
pub static CATALOGUE: [RuleInfo; 15] = [
    RuleInfo {
        code: RuleCode::Nt001,
        severity: Error,
        title: "change without approver",
        explanation: "A control change or exemption has no approval naming who approved it, so nobody can show it was authorised.",
        frameworks: &["CSF PR.AA-05", "CSF RS.AN-06", "OWASP NHI5", "OWASP NHI10"],
    },
    RuleInfo {
        code: RuleCode::Nt002,
        severity: Error,
        title: "fix not verified with proof",
        explanation: "Something was changed, rotated, revoked or cleaned up, but no passed verification with proof evidence follows the last fix.",
        frameworks: &["CSF RS.AN-06", "CSF RS.AN-07", "OWASP NHI10"],
    },
    RuleInfo {
        code: RuleCode::Nt003,
        severity: Error,
        title: "no reporter",
        explanation: "Nobody is recorded as having reported the incident, so its origin cannot be traced.",
        frameworks: &["CSF RS.AN-03"],
    },
    RuleInfo {
        code: RuleCode::Nt004,
        severity: Error,
        title: "no affected asset",
        explanation: "No identity asset is linked as affected, so it is unknown which credential or account the case is about.",
        frameworks: &["CSF RS.AN-03", "OWASP NHI10"],
    },
    RuleInfo {
        code: RuleCode::Nt005,
        severity: Warning,
        title: "self-approval",
        explanation: "The approver also requested or applied the change, so there was no separation of duties.",
        frameworks: &["CSF PR.AA-05"],
    },
    RuleInfo {
        code: RuleCode::Nt006,
        severity: Warning,
        title: "retroactive approval",
        explanation: "The approval is dated after the change it covers: the change was made before anyone approved it.",
        frameworks: &["CSF RS.AN-06"],
    },
    RuleInfo {
        code: RuleCode::Nt007,
        severity: Warning,
        title: "verification before fix",
        explanation: "The latest verification predates the latest remediation, so it cannot show the final state works.",
        frameworks: &["CSF RS.AN-06"],
    },
    RuleInfo {
        code: RuleCode::Nt008,
        severity: Error,
        title: "leaked secret not rotated",
        explanation: "A secret leaked but no affected credential was rotated or revoked, so the leaked value may still work.",
        frameworks: &["OWASP NHI2", "OWASP NHI7"],
    },
    RuleInfo {
        code: RuleCode::Nt009,
        severity: Warning,
        title: "leak not notified",
        explanation: "A secret leaked but no downstream consumer or owner is recorded as notified.",
        frameworks: &["OWASP NHI2"],
    },
    RuleInfo {
        code: RuleCode::Nt010,
        severity: Error,
        title: "incomplete exemption",
        explanation: "An exemption lacks a business justification, an expiry or compensating controls.",
        frameworks: &["CSF GV.RM-04"],
    },
    RuleInfo {
        code: RuleCode::Nt011,
        severity: Error,
        title: "expired exemption",
        explanation: "An exemption is past its expiry and was neither revoked nor renewed, so the risk is accepted by nobody.",
        frameworks: &["CSF GV.RM-04", "OWASP NHI7"],
    },
    RuleInfo {
        code: RuleCode::Nt012,
        severity: Warning,
        title: "auth failure without root cause",
        explanation: "An authentication-failure case was closed without a root cause, so the same failure can recur unexplained.",
        frameworks: &["CSF RS.AN-03"],
    },
    RuleInfo {
        code: RuleCode::Nt013,
        severity: Error,
        title: "evidence altered",
        explanation: "Stored evidence no longer matches the SHA-256 taken when it was collected.",
        frameworks: &["CSF RS.AN-07"],
    },
    RuleInfo {
        code: RuleCode::Nt014,
        severity: Warning,
        title: "stale case",
        explanation: "An open case has had no recorded activity for longer than the configured number of days.",
        frameworks: &[],
    },
    RuleInfo {
        code: RuleCode::Nt015,
        severity: Warning,
        title: "closed with open gaps",
        explanation: "The case was closed while error-level gaps in its trail were still open.",
        frameworks: &["CSF RS.AN-06"],
    },
];

//! `rules::recheck_at`: before that moment the gaps of a case cannot change unless
//! its records do; at it, they may.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, TimeDelta, Utc};
use nhitrace::domain::CaseRecord;
use nhitrace::generate::{GenerateOptions, Generator};
use nhitrace::rules::{self, RuleCode, RuleConfig};

fn codes(record: &CaseRecord, at: DateTime<Utc>, config: &RuleConfig) -> Vec<RuleCode> {
    rules::evaluate(record, at, config)
        .iter()
        .map(|g| g.code)
        .collect()
}

fn check(record: &CaseRecord, now: DateTime<Utc>, config: &RuleConfig) -> bool {
    let at_now = codes(record, now, config);
    let until = rules::recheck_at(record, now, config);
    let horizon = until.unwrap_or(now + TimeDelta::days(800));
    let span = horizon - now;
    for step in 0..50 {
        let t = now + span * step / 50;
        if t >= horizon {
            break;
        }
        assert_eq!(
            codes(record, t, config),
            at_now,
            "{} changed at {t} before recheck_at {until:?}",
            record.case.reference
        );
    }
    match until {
        Some(moment) => codes(record, moment + TimeDelta::seconds(1), config) != at_now,
        None => false,
    }
}

#[test]
fn demo_cases_do_not_change_before_their_recheck_time() {
    let config = RuleConfig::default();
    let now: DateTime<Utc> = "2026-11-01T00:00:00Z".parse().unwrap();
    let mut changed = 0;
    for (record, _) in nhitrace::demo::records().unwrap() {
        changed += usize::from(check(&record, now, &config));
    }
    assert!(
        changed > 0,
        "some demo case goes stale or expires after Nov 1"
    );
}

#[test]
fn generated_cases_do_not_change_before_their_recheck_time() {
    let config = RuleConfig {
        stale_after_days: 10,
    };
    let now = nhitrace::generate::history_end() - TimeDelta::days(20);
    let mut changed = 0;
    for (record, _) in Generator::new(GenerateOptions {
        cases: 400,
        seed: 3,
    }) {
        changed += usize::from(check(&record, now, &config));
    }
    assert!(changed > 10, "open cases go stale: {changed}");
}

#[test]
fn a_closed_case_without_exemptions_never_needs_a_recheck() {
    let config = RuleConfig::default();
    let records = nhitrace::demo::records().unwrap();
    let (closed, _) = records
        .iter()
        .find(|(r, _)| r.case.reference == "NHI-2026-0031")
        .unwrap();
    assert_eq!(
        rules::recheck_at(closed, "2026-11-27T00:00:00Z".parse().unwrap(), &config),
        None
    );
}

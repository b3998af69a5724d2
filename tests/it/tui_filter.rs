//! Filters and sort on the demo dataset: exact resulting lists for combinations, the
//! picker, one-key clear, and the filter line.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::support::screen::{demo, screen};
use nhitrace::domain::{CaseStatus, Severity};
use nhitrace::rules::RuleCode;
use nhitrace::tui::filter::{AgeFilter, CaseFilter, SortOrder, shown_cases};
use nhitrace::tui::filter_picker::ListAction;
use nhitrace::tui::{Action, App};

/// The last part of each shown reference (`0042`).
fn shown(app: &App) -> Vec<String> {
    app.shown_refs()
        .iter()
        .map(|r| r.rsplit('-').next().unwrap().to_string())
        .collect()
}

fn app() -> (crate::support::screen::Fixture, App) {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    app.set_now(f.now); // 2026-11-27T12:00Z
    (f, app)
}

/// The refs a filter and sort leave, computed by the pure function.
fn filtered(filter: CaseFilter, sort: SortOrder) -> Vec<String> {
    let (f, app) = app();
    let cases: nhitrace::tui::CaseTable = f
        .records
        .iter()
        .map(crate::support::screen::summary)
        .collect();
    shown_cases(&cases, |id| app.codes_of(id), &filter, sort, f.now, None)
        .iter()
        .map(|&i| {
            cases
                .reference(i as usize)
                .rsplit('-')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn filter_combinations_leave_exactly_these_cases() {
    let by_ref = SortOrder::Reference;
    let flagged = CaseFilter {
        flagged_only: true,
        ..CaseFilter::default()
    };
    assert_eq!(
        filtered(flagged.clone(), by_ref),
        [
            "0034", "0035", "0036", "0037", "0038", "0039", "0040", "0041", "0042", "0043", "0044",
            "0045"
        ]
    );
    let nt002 = CaseFilter {
        rule: Some(RuleCode::Nt002),
        ..flagged.clone()
    };
    assert_eq!(filtered(nt002, by_ref), ["0034", "0039", "0045"]);
    let closed_nt015 = CaseFilter {
        rule: Some(RuleCode::Nt015),
        status: Some(CaseStatus::Closed),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(closed_nt015, by_ref), ["0034", "0037", "0043"]);
    let high_wei = CaseFilter {
        severity: Some(Severity::High),
        owner: Some("wei.chen".into()),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(high_wei, by_ref), ["0035", "0040"]);
    // 0040 was opened 10-28 11:00, one hour before the 30-day line.
    let recent = CaseFilter {
        age: Some(AgeFilter::Within(30)),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(recent, by_ref), ["0039", "0042", "0043", "0045"]);
    let old_medium = CaseFilter {
        age: Some(AgeFilter::OlderThan(30)),
        severity: Some(Severity::Medium),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(old_medium, by_ref), ["0033", "0034", "0041"]);
    let none = CaseFilter {
        rule: Some(RuleCode::Nt013),
        ..CaseFilter::default()
    };
    assert!(filtered(none, by_ref).is_empty());
}

#[test]
fn sort_orders() {
    let flagged = CaseFilter {
        flagged_only: true,
        ..CaseFilter::default()
    };
    assert_eq!(
        filtered(flagged.clone(), SortOrder::Severity),
        [
            "0035", "0036", "0037", "0039", "0040", "0044", "0034", "0041", "0042", "0043", "0045",
            "0038"
        ]
    );
    let by_activity = filtered(CaseFilter::default(), SortOrder::LastActivity);
    let (f, _) = app();
    let mut expected: Vec<_> = f
        .records
        .iter()
        .map(crate::support::screen::summary)
        .collect();
    expected.sort_by(|a, b| {
        b.last_activity
            .cmp(&a.last_activity)
            .then(a.reference.cmp(&b.reference))
    });
    let expected: Vec<String> = expected
        .iter()
        .map(|c| c.reference.rsplit('-').next().unwrap().to_string())
        .collect();
    assert_eq!(by_activity, expected);
    assert_eq!(by_activity.first().map(String::as_str), Some("0045"));
}

#[test]
fn the_picker_changes_the_list_at_once_and_x_clears_everything() {
    let (mut f, mut app) = app();
    f.send(&mut app, Action::List(ListAction::OpenPicker));
    f.send(&mut app, Action::List(ListAction::PickerCycle(1))); // flagged only
    assert_eq!(shown(&app).len(), 12);
    f.send(&mut app, Action::List(ListAction::PickerRow(1))); // rule code
    f.send(&mut app, Action::List(ListAction::PickerCycle(1))); // NT001
    f.send(&mut app, Action::List(ListAction::PickerCycle(1))); // NT002
    assert_eq!(shown(&app), ["0034", "0039", "0045"]);
    assert_eq!(app.list_view().filter.rule, Some(RuleCode::Nt002));
    f.send(&mut app, Action::List(ListAction::PickerCycle(-1))); // back to NT001
    assert_eq!(shown(&app), ["0037"]);
    assert_eq!(
        app.selected_case().map(|c| c.reference).as_deref(),
        Some("NHI-2026-0037")
    );
    assert_eq!(
        app.record().map(|r| r.case.reference.as_str()),
        Some("NHI-2026-0037")
    );
    f.send(&mut app, Action::List(ListAction::PickerCycle(-1)));
    f.send(&mut app, Action::List(ListAction::PickerRow(-2))); // wraps to sort
    f.send(&mut app, Action::List(ListAction::PickerCycle(1))); // activity
    f.send(&mut app, Action::List(ListAction::PickerCycle(1))); // severity
    assert_eq!(app.list_view().sort, SortOrder::Severity);
    assert_eq!(shown(&app)[..2], ["0035", "0036"]);
    f.send(&mut app, Action::List(ListAction::ClosePicker));
    assert!(app.list_view().picker.is_none());
    f.send(&mut app, Action::List(ListAction::Clear));
    assert_eq!(shown(&app).len(), 15);
    assert_eq!(shown(&app)[0], "0031");
    assert!(app.list_view().filter.is_empty());
}

#[test]
fn list_with_an_active_filter_80x24() {
    let (mut f, mut app) = app();
    f.send(&mut app, Action::List(ListAction::OpenPicker));
    f.send(&mut app, Action::List(ListAction::PickerCycle(1)));
    f.send(&mut app, Action::List(ListAction::ClosePicker));
    f.send(&mut app, Action::List(ListAction::CycleSort));
    f.send(&mut app, Action::List(ListAction::CycleSort));
    let text = screen(&app, 80, 24);
    assert!(text.contains("flagged ↓severity x:clear"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_filter_picker_80x24() {
    let (mut f, mut app) = app();
    f.send(&mut app, Action::List(ListAction::OpenPicker));
    f.send(&mut app, Action::List(ListAction::PickerRow(2)));
    f.send(&mut app, Action::List(ListAction::PickerCycle(1)));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

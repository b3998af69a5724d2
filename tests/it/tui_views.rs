//! The gaps view, the asset view and the rule narrowing on the demo dataset: state
//! after actions, and snapshots of each view.
#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use crate::support::screen::{Fixture, demo, screen};
use nhitrace::domain::CaseId;
use nhitrace::rules::{self, Gap, RuleCode, RuleConfig};
use nhitrace::tui::{
    Action, App, AssetCases, AssetView, Effect, GapGrouping, GapRow, GapsView, Pane, Screen,
    ScreenAction,
};

fn gaps(f: &Fixture, case: CaseId) -> Vec<Gap> {
    let record = f.records.iter().find(|r| r.case.id == case).expect("case");
    rules::evaluate(record, f.now, &RuleConfig::default())
}

fn gaps_view(app: &App) -> &GapsView {
    match app.screen() {
        Some(Screen::Gaps(view)) => view,
        other => panic!("expected the gaps view, got {other:?}"),
    }
}

fn asset_view(app: &App) -> &AssetView {
    match app.screen() {
        Some(Screen::Asset(view)) => view,
        other => panic!("expected the asset view, got {other:?}"),
    }
}

fn send(f: &mut Fixture, app: &mut App, action: ScreenAction) {
    f.send(app, Action::Screen(action));
}

fn select_case(f: &mut Fixture, app: &mut App, reference: &str) {
    f.send(app, Action::FocusPane(Pane::Cases));
    f.send(app, Action::First);
    while app.selected_case().is_none_or(|c| c.reference != reference) {
        let before = app.selected_case().map(|c| c.id);
        f.send(app, Action::SelectNext);
        assert_ne!(
            app.selected_case().map(|c| c.id),
            before,
            "{reference} not listed"
        );
    }
}

#[test]
fn gaps_by_rule_list_every_gap_under_its_rule_with_counts() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    let view = gaps_view(&app);
    assert_eq!(view.grouping, GapGrouping::ByRule);
    let all: Vec<(CaseId, Gap)> = f
        .records
        .iter()
        .flat_map(|r| gaps(&f, r.case.id).into_iter().map(move |g| (r.case.id, g)))
        .collect();
    let codes: BTreeSet<RuleCode> = all.iter().map(|(_, g)| g.code).collect();
    assert_eq!(view.gap_count, all.len());
    assert_eq!(view.rows.len(), all.len() + codes.len());
    let headings: Vec<(RuleCode, usize)> = view
        .rows
        .iter()
        .filter_map(|r| match r {
            GapRow::Rule { code, count } => Some((*code, *count)),
            _ => None,
        })
        .collect();
    let expected: Vec<(RuleCode, usize)> = codes
        .iter()
        .map(|c| (*c, all.iter().filter(|(_, g)| g.code == *c).count()))
        .collect();
    assert_eq!(
        headings, expected,
        "rules in code order, each with its count"
    );
}

#[test]
fn enter_on_a_gap_jumps_to_its_case_and_first_entry() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    // Walk down to the first gap about an entry of a case other than the first.
    let first_case = app.selected_case().map(|c| c.id);
    let (case, entry) = loop {
        f.send(&mut app, Action::SelectNext);
        let view = gaps_view(&app);
        if let Some(GapRow::Gap { case, index }) = view.selected()
            && Some(case) != first_case
            && let Some(entry) = gaps(&f, case)
                .iter()
                .filter(|g| !g.entries.is_empty())
                .find(|g| Some(*g) == app.gaps_of(case).get(index))
                .and_then(|g| g.entries.first().copied())
        {
            break (case, entry);
        }
    };
    f.send(&mut app, Action::Open);
    assert!(app.screen().is_none(), "Enter leaves the gaps view");
    assert_eq!(app.selected_case().map(|c| c.id), Some(case));
    assert_eq!(app.record().map(|r| r.case.id), Some(case));
    assert_eq!(app.focus(), Pane::Timeline);
    let record = app.record().expect("record");
    let selected = app.cursor(Pane::Timeline).selected();
    assert_eq!(selected.map(|i| record.entries[i].id), Some(entry));
    assert_eq!(f.effects.last(), Some(&Effect::LoadCase(case)));
}

#[test]
fn tab_groups_by_case_keeping_the_selected_gap_and_esc_returns() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    let before = app.selected_case().map(|c| c.id);
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    for _ in 0..5 {
        f.send(&mut app, Action::SelectNext);
    }
    let kept = gaps_view(&app).selected();
    assert!(matches!(kept, Some(GapRow::Gap { .. })));
    f.send(&mut app, Action::FocusNext);
    let view = gaps_view(&app);
    assert_eq!(view.grouping, GapGrouping::ByCase);
    assert_eq!(view.selected(), kept, "the same gap stays selected");
    let flagged = f
        .records
        .iter()
        .filter(|r| !gaps(&f, r.case.id).is_empty())
        .count();
    assert_eq!(view.case_count, flagged);
    assert_eq!(view.rows.len(), view.gap_count + flagged);
    assert!(matches!(view.rows[0], GapRow::Case { .. }));
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    assert_eq!(
        gaps_view(&app).grouping,
        GapGrouping::ByRule,
        "! again toggles"
    );
    f.send(&mut app, Action::ShowHelp);
    f.send(&mut app, Action::Back);
    assert!(
        app.screen().is_some(),
        "Esc closes the help over the view first"
    );
    f.send(&mut app, Action::Back);
    assert!(app.screen().is_none());
    assert_eq!(
        app.selected_case().map(|c| c.id),
        before,
        "main screen as left"
    );
    assert_eq!(app.focus(), Pane::Cases);
}

#[test]
fn the_case_list_narrows_to_each_rule_code_in_turn_and_clears() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    let codes: BTreeSet<RuleCode> = f
        .records
        .iter()
        .flat_map(|r| gaps(&f, r.case.id).into_iter().map(|g| g.code))
        .collect();
    for code in &codes {
        send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
        assert_eq!(app.rule_filter(), Some(*code));
        let expected: Vec<CaseId> = f
            .records
            .iter()
            .filter(|r| gaps(&f, r.case.id).iter().any(|g| g.code == *code))
            .map(|r| r.case.id)
            .collect();
        assert_eq!(app.cursor(Pane::Cases).len(), expected.len(), "{code}");
        let selected = app.selected_case().map(|c| c.id).expect("a case");
        assert!(expected.contains(&selected));
        assert_eq!(app.record().map(|r| r.case.id), Some(selected), "loaded");
    }
    send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    assert_eq!(app.rule_filter(), None, "after the last code, every case");
    assert_eq!(app.cursor(Pane::Cases).len(), f.records.len());

    send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    send(&mut f, &mut app, ScreenAction::ClearRuleFilter);
    assert_eq!(app.rule_filter(), None);
    assert_eq!(app.cursor(Pane::Cases).len(), f.records.len());
}

#[test]
fn narrowing_keeps_the_selected_case_when_it_stays_listed() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    select_case(&mut f, &mut app, "NHI-2026-0038");
    let id = app.selected_case().map(|c| c.id).expect("case");
    let first_code = app.gaps_of(id).iter().map(|g| g.code).min().expect("gaps");
    while app.rule_filter() != Some(first_code) {
        send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    }
    assert_eq!(app.selected_case().map(|c| c.id), Some(id));
    let loads = f.effects.len();
    send(&mut f, &mut app, ScreenAction::ClearRuleFilter);
    assert_eq!(app.selected_case().map(|c| c.id), Some(id));
    assert_eq!(f.effects.len(), loads, "no reload when the case stays");
}

#[test]
fn a_jump_to_a_case_hidden_by_the_narrowing_clears_it() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    let narrowed = app.rule_filter().expect("narrowed");
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    // The first gap of another rule is on a case the narrowing may hide.
    f.send(&mut app, Action::FocusNext);
    let hidden = loop {
        f.send(&mut app, Action::SelectNext);
        if let Some(GapRow::Gap { case, .. }) = gaps_view(&app).selected()
            && !app.gaps_of(case).iter().any(|g| g.code == narrowed)
        {
            break case;
        }
    };
    f.send(&mut app, Action::Open);
    assert_eq!(app.rule_filter(), None);
    assert_eq!(app.selected_case().map(|c| c.id), Some(hidden));
    assert_eq!(app.record().map(|r| r.case.id), Some(hidden));
}

#[test]
fn the_asset_view_lists_every_case_of_svc_deploy_and_jumps_to_one() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    select_case(&mut f, &mut app, "NHI-2026-0031");
    f.send(&mut app, Action::FocusPane(Pane::Assets));
    let asset = app.record().expect("record").assets[0].asset.clone();
    assert_eq!(asset.name, "svc-deploy");
    send(&mut f, &mut app, ScreenAction::ShowAssetCases);
    assert_eq!(f.effects.last(), Some(&Effect::LoadAssetCases(asset.id)));
    let view = asset_view(&app);
    let AssetCases::Loaded(cases) = &view.cases else {
        panic!("cases not loaded: {:?}", view.cases);
    };
    let refs: Vec<&str> = cases.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(
        refs,
        [
            "NHI-2026-0031",
            "NHI-2026-0032",
            "NHI-2026-0037",
            "NHI-2026-0038"
        ]
    );
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::SelectNext);
    f.send(&mut app, Action::Open);
    assert!(app.screen().is_none());
    assert_eq!(
        app.record().map(|r| r.case.reference.as_str()),
        Some("NHI-2026-0037")
    );
    assert_eq!(app.focus(), Pane::Assets);
    let record = app.record().expect("record");
    let selected = app.cursor(Pane::Assets).selected().expect("asset row");
    assert_eq!(record.assets[selected].asset.id, asset.id);
}

#[test]
fn the_asset_view_needs_a_selected_asset() {
    let mut f = Fixture::new(Vec::new(), Default::default());
    let mut app = f.app(80, 24, false);
    send(&mut f, &mut app, ScreenAction::ShowAssetCases);
    assert!(app.screen().is_none());
    assert!(f.effects.is_empty());
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    let text = screen(&app, 80, 24);
    assert!(text.contains("no open gaps"), "{text}");
}

fn gaps_screen(width: u16, height: u16, by_case: bool) -> String {
    let mut f = demo();
    let mut app = f.app(width, height, false);
    send(&mut f, &mut app, ScreenAction::ShowGaps);
    if by_case {
        f.send(&mut app, Action::FocusNext);
    }
    f.send(&mut app, Action::SelectNext);
    screen(&app, width, height)
}

#[test]
fn gaps_view_by_rule_80x24() {
    insta::assert_snapshot!(gaps_screen(80, 24, false));
}

#[test]
fn gaps_view_by_case_80x24() {
    insta::assert_snapshot!(gaps_screen(80, 24, true));
}

#[test]
fn gaps_view_by_rule_160x48() {
    insta::assert_snapshot!(gaps_screen(160, 48, false));
}

#[test]
fn gaps_view_by_case_160x48() {
    insta::assert_snapshot!(gaps_screen(160, 48, true));
}

fn asset_screen(width: u16, height: u16) -> String {
    let mut f = demo();
    let mut app = f.app(width, height, false);
    f.send(&mut app, Action::FocusPane(Pane::Assets));
    send(&mut f, &mut app, ScreenAction::ShowAssetCases);
    f.send(&mut app, Action::SelectNext);
    screen(&app, width, height)
}

#[test]
fn asset_view_80x24() {
    insta::assert_snapshot!(asset_screen(80, 24));
}

#[test]
fn asset_view_160x48() {
    insta::assert_snapshot!(asset_screen(160, 48));
}

#[test]
fn narrowed_case_list_80x24() {
    let mut f = demo();
    let mut app = f.app(80, 24, false);
    send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    send(&mut f, &mut app, ScreenAction::CycleRuleFilter);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

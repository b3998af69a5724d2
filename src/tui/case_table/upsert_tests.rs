//! Tests of `upsert.rs`.

#![allow(clippy::unwrap_used)]

use super::super::tests::case;
use super::*;
use crate::domain::{CaseStatus, Severity};

/// The same rows pushed into a new table, in reference order.
fn rebuilt(rows: &[CaseSummary]) -> CaseTable {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| a.reference.cmp(&b.reference));
    rows.into_iter().collect()
}

/// Every case is found where it is, unknown ids are not, and the owners listed
/// are exactly those some row names.
fn assert_consistent(table: &CaseTable) {
    for (i, &id) in table.ids().iter().enumerate() {
        assert_eq!(table.position(id), Some(i), "case {id}");
        assert_eq!(table.summary(i).map(|c| c.id), Some(id));
    }
    let max = table.ids().iter().copied().max().unwrap_or(0);
    assert_eq!(table.position(max + 1), None);
    assert_eq!(table.position(-1), None);
    let mut listed: Vec<&str> = table.owners().collect();
    listed.sort_unstable();
    let mut named: Vec<&str> = (0..table.len()).filter_map(|i| table.owner(i)).collect();
    named.sort_unstable();
    named.dedup();
    assert_eq!(listed, named, "owners listed = owners named");
    let held: usize = table.spans.iter().map(|s| (s[2] - s[0]) as usize).sum();
    assert_eq!(
        held + table.garbage,
        table.text.len(),
        "the text holds the rows and the garbage counted"
    );
    assert!(
        table.garbage < 4096 || table.garbage * 2 < table.text.len(),
        "garbage is reclaimed"
    );
}

fn table() -> (Vec<CaseSummary>, CaseTable) {
    let rows = vec![
        case(1, "NHI-0001", "Key leaked", Some("ana")),
        case(2, "NHI-0003", "Cert expired ☠", None),
        case(3, "NHI-0005", "Role drift", Some("bo")),
        case(4, "NHI-0007", "", Some("ana")),
    ];
    let table = rows.iter().cloned().collect();
    (rows, table)
}

#[test]
fn a_new_case_is_inserted_in_reference_order() {
    let (mut rows, mut table) = table();
    for (id, reference) in [(5, "NHI-0004"), (6, "NHI-0000"), (7, "NHI-0009")] {
        let new = case(id, reference, "new ✓", Some("cy"));
        let moved = table.upsert(new.clone());
        rows.push(new);
        assert!(moved.inserted());
        assert_eq!(table.reference(moved.to), reference);
        assert_eq!(table, rebuilt(&rows), "after inserting {reference}");
        assert_consistent(&table);
    }
    assert_eq!(
        (0..table.len())
            .map(|i| table.reference(i))
            .collect::<Vec<_>>(),
        [
            "NHI-0000", "NHI-0001", "NHI-0003", "NHI-0004", "NHI-0005", "NHI-0007", "NHI-0009"
        ]
    );
    assert!(!table.ascending, "ids 6 and 5 sit before larger ids");
}

#[test]
fn an_edited_case_is_replaced_where_it_is() {
    let (mut rows, mut table) = table();
    let mut edited = case(
        2,
        "NHI-0003",
        "A much longer title than before",
        Some("dee"),
    );
    edited.status = CaseStatus::Remediating;
    edited.severity = Severity::Critical;
    let moved = table.upsert(edited.clone());
    assert_eq!(
        moved,
        RowMove {
            from: Some(1),
            to: 1
        }
    );
    rows[1] = edited;
    assert_eq!(table, rebuilt(&rows));
    assert_eq!(
        table.title(2),
        "Role drift",
        "the rows after it still read right"
    );
    assert_eq!(table.status(1), Some(CaseStatus::Remediating));
    assert!(table.ascending, "replacing keeps the ids ascending");
    assert_consistent(&table);
    // Shorter again, and with no title at all.
    let edited = case(2, "NHI-0003", "", None);
    table.upsert(edited.clone());
    rows[1] = edited;
    assert_eq!(table, rebuilt(&rows));
    assert_consistent(&table);
}

#[test]
fn a_changed_reference_moves_the_row() {
    let (mut rows, mut table) = table();
    let edited = case(1, "NHI-0006", "Key leaked", Some("ana"));
    let moved = table.upsert(edited.clone());
    assert_eq!(
        moved,
        RowMove {
            from: Some(0),
            to: 2
        }
    );
    rows[0] = edited;
    assert_eq!(table, rebuilt(&rows));
    assert_consistent(&table);
    // Every other row's old position maps to where it is now.
    let (_, before) = self::table();
    for i in 1..before.len() {
        assert_eq!(table.id(moved.map(i)), before.id(i));
    }
}

#[test]
fn owners_are_interned_counted_and_no_longer_listed_when_unused() {
    let (mut rows, mut table) = table();
    // bo's only case changes owner to ana: bo is gone, no new owner slot.
    let edited = case(3, "NHI-0005", "Role drift", Some("ana"));
    table.upsert(edited.clone());
    rows[2] = edited;
    assert_eq!(table.owners().collect::<Vec<_>>(), ["ana"]);
    assert_eq!(table.owners.len(), 2, "bo's slot is kept for reuse");
    // bo comes back with a new case: the slot is reused, not a second "bo".
    let new = case(9, "NHI-0008", "Token", Some("bo"));
    table.upsert(new.clone());
    rows.push(new);
    assert_eq!(table.owners.len(), 2);
    let mut owners: Vec<&str> = table.owners().collect();
    owners.sort_unstable();
    assert_eq!(owners, ["ana", "bo"]);
    assert_eq!(table, rebuilt(&rows));
    assert_consistent(&table);
}

#[test]
fn ids_out_of_order_are_still_found_after_every_kind_of_upsert() {
    // Ids not ascending in reference order: lookups go through the id order,
    // which every upsert must keep right.
    let rows = vec![
        case(30, "A", "a", None),
        case(10, "C", "c", Some("x")),
        case(20, "E", "e", Some("y")),
        case(5, "G", "g", None),
    ];
    let mut all = rows.clone();
    let mut table: CaseTable = rows.into_iter().collect();
    assert_eq!(table.position(5), Some(3), "builds the id order");
    let steps = [
        case(7, "D", "new", Some("x")),
        case(30, "F", "a moved", None),
        case(10, "C", "c edited", Some("z")),
        case(1, "B", "new first id", None),
        case(40, "H", "new last", Some("y")),
    ];
    for step in steps {
        match all.iter_mut().find(|c| c.id == step.id) {
            Some(row) => *row = step.clone(),
            None => all.push(step.clone()),
        }
        table.upsert(step);
        assert_eq!(table, rebuilt(&all));
        assert_consistent(&table);
    }
}

#[test]
fn removing_the_row_out_of_order_makes_the_ids_ascend_again() {
    let rows = vec![
        case(1, "A", "a", None),
        case(9, "B", "b", None),
        case(3, "C", "c", None),
    ];
    let mut table: CaseTable = rows.into_iter().collect();
    assert!(!table.ascending);
    assert_eq!(table.position(3), Some(2));
    table.upsert(case(9, "D", "b", None));
    assert!(table.ascending, "1, 3, 9 ascend: found by binary search");
    assert_eq!(table.by_id.get(), None);
    assert_consistent(&table);
}

#[test]
fn row_moves_map_every_old_position() {
    let inserted = RowMove { from: None, to: 2 };
    assert_eq!(
        (0..4).map(|p| inserted.map(p)).collect::<Vec<_>>(),
        [0, 1, 3, 4]
    );
    let down = RowMove {
        from: Some(1),
        to: 3,
    };
    assert_eq!(
        (0..5).map(|p| down.map(p)).collect::<Vec<_>>(),
        [0, 3, 1, 2, 4]
    );
    let up = RowMove {
        from: Some(3),
        to: 1,
    };
    assert_eq!(
        (0..5).map(|p| up.map(p)).collect::<Vec<_>>(),
        [0, 2, 3, 1, 4]
    );
    let still = RowMove {
        from: Some(2),
        to: 2,
    };
    assert_eq!(
        (0..4).map(|p| still.map(p)).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
}

#[test]
fn text_left_by_many_edits_is_reclaimed() {
    let (mut rows, mut table) = table();
    for round in 0..400 {
        let title = format!("title {round} {}", "x".repeat(round % 37));
        let mut edited = rows[round % rows.len()].clone();
        edited.title = title;
        table.upsert(edited.clone());
        let at = rows.iter().position(|r| r.id == edited.id).unwrap();
        rows[at] = edited;
        assert_consistent(&table);
    }
    assert_eq!(table, rebuilt(&rows));
    assert!(table.text.len() < 8192, "{} bytes held", table.text.len());
}

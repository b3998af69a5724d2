//! Approvals: every control change approved by a named person (NT001), who is not
//! the person who asked for or made the change (NT005), before it was made (NT006).

use crate::domain::EntryKind;

use super::{
    Gap, RuleCode, RuleEntry, RuleInput, describe, is_after, is_blank, latest, same_person,
};

fn approvals<R: RuleInput>(record: &R) -> impl Iterator<Item = &R::Entry> {
    record
        .entries()
        .iter()
        .filter(|e| e.kind() == EntryKind::ApprovalGranted)
}

/// The change an approval covers, when it is in this case.
fn covered_change<'a, R: RuleInput>(record: &'a R, approval: &R::Entry) -> Option<&'a R::Entry> {
    let id = approval.fields().covers?;
    record
        .entries()
        .iter()
        .find(|e| e.id() == id && e.kind().is_control_change())
}

/// NT001: one gap per control change with no approval naming an approver.
pub(super) fn unapproved_changes<R: RuleInput>(record: &R) -> Vec<Gap> {
    record
        .entries()
        .iter()
        .filter(|e| e.kind().is_control_change())
        .filter_map(|change| {
            let covering: Vec<&R::Entry> = approvals(record)
                .filter(|a| a.fields().covers == Some(change.id()))
                .collect();
            if covering
                .iter()
                .any(|a| !is_blank(a.fields().approver.as_deref()))
            {
                return None;
            }
            let mut entries = vec![change.id()];
            entries.extend(covering.iter().map(|a| a.id()));
            let message = if covering.is_empty() {
                format!("{} has no approval naming an approver", describe(change))
            } else {
                format!(
                    "{} has an approval with no approver named",
                    describe(change)
                )
            };
            Some(Gap::new(RuleCode::Nt001, message, entries, Vec::new()))
        })
        .collect()
}

/// NT005: one gap per approval whose approver applied the covered change or made
/// the latest change request before the approval.
pub(super) fn self_approvals<R: RuleInput>(record: &R) -> Vec<Gap> {
    approvals(record)
        .filter_map(|approval| {
            let approver = approval.fields().approver.as_deref()?;
            let change =
                covered_change(record, approval).filter(|c| same_person(approver, c.actor()));
            let request = latest(
                record
                    .entries()
                    .iter()
                    .filter(|e| e.kind() == EntryKind::ChangeRequested && is_after(approval, e)),
            )
            .filter(|r| same_person(approver, r.actor()));
            let role = match (request, change) {
                (Some(_), Some(_)) => "requested and applied",
                (Some(_), None) => "requested",
                (None, Some(_)) => "applied",
                (None, None) => return None,
            };
            let what =
                covered_change(record, approval).map_or_else(|| "the change".to_string(), describe);
            let message = format!("{} approved {what} they {role} themselves", approver.trim());
            let mut entries = vec![approval.id()];
            entries.extend(change.map(|c| c.id()));
            entries.extend(request.map(|r| r.id()));
            Some(Gap::new(RuleCode::Nt005, message, entries, Vec::new()))
        })
        .collect()
}

/// NT006: one gap per approval dated after the change it covers.
pub(super) fn retroactive_approvals<R: RuleInput>(record: &R) -> Vec<Gap> {
    approvals(record)
        .filter_map(|approval| {
            let change = covered_change(record, approval)?;
            if approval.occurred_at() <= change.occurred_at() {
                return None;
            }
            let late = approval.occurred_at() - change.occurred_at();
            let message = format!(
                "approval of {} is dated {} after the change",
                describe(change),
                super::lifecycle::human_duration(late)
            );
            Some(Gap::new(
                RuleCode::Nt006,
                message,
                vec![approval.id(), change.id()],
                Vec::new(),
            ))
        })
        .collect()
}

//! Snapshots of the write forms and the history overlay at 80×24.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::support::forms::Session;
use crate::support::screen::screen;
use nhitrace::store::AuditEntry;
use nhitrace::tui::{Action, WriteKind};
use ratatui::crossterm::event::KeyCode;

#[test]
fn new_entry_form_for_an_approval() {
    let mut s = Session::new();
    s.select("NHI-2026-0041");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "approval_granted");
    s.fill("actor", "carol");
    s.fill("summary", "Approved the policy change");
    s.fill("approver", "carol");
    s.focus("covers");
    s.key(KeyCode::Right);
    insta::assert_snapshot!(screen(&s.app, 80, 24));
}

#[test]
fn new_entry_form_for_an_exemption_with_an_inline_error() {
    let mut s = Session::new();
    s.select("NHI-2026-0039");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "exemption_granted");
    s.fill("actor", "erin");
    s.fill("summary", "Renew the MFA exemption");
    s.fill("justification", "vendor cannot do OIDC until Q3");
    s.fill("expires-at", "end of Q3");
    s.fill("compensating-controls", "IP allow-list");
    s.key(KeyCode::Enter);
    assert_eq!(s.focused(), "expires-at");
    insta::assert_snapshot!(screen(&s.app, 80, 24));
}

#[test]
fn close_confirmation_names_the_open_gaps() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    s.start(WriteKind::CloseCase);
    s.type_text("Key rotated; verification pending with the vendor.");
    s.ctrl('s');
    insta::assert_snapshot!(screen(&s.app, 80, 24));
}

fn audit(seq: i64, at: &str, action: &str, entity: &str, change: &str) -> AuditEntry {
    AuditEntry {
        seq,
        at: at.parse().unwrap(),
        os_user: "alice".into(),
        action: action.into(),
        entity: entity.into(),
        case_id: Some(4),
        change: change.into(),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

#[test]
fn history_view() {
    let mut fixture = crate::support::screen::fixture();
    let mut app = fixture.app(80, 24, true);
    let case = app.selected_case().unwrap().id;
    let reference = app.selected_case().unwrap().reference.clone();
    let entries = vec![
        audit(
            1,
            "2026-06-01T09:12:00Z",
            "create_case",
            &format!("case:{case}"),
            &format!(
                r#"{{"category":"secret_leak","reference":"{reference}","reporter":"alice","title":"Leaked deploy key"}}"#
            ),
        ),
        audit(
            7,
            "2026-06-01T10:05:00Z",
            "add_entry",
            "entry:40",
            r#"{"actor":"bob","kind":"rotation","summary":"AKIAIOSFODNN7EXAMPLE rotated"}"#,
        ),
        audit(
            9,
            "2026-06-02T08:30:00Z",
            "update_case",
            &format!("case:{case}"),
            r#"{"new":{"owner":"bob","status":"open"},"old":{"owner":null,"status":"open"}}"#,
        ),
    ];
    fixture.send(&mut app, Action::HistoryLoaded(case, entries));
    insta::assert_snapshot!(screen(&app, 80, 24));
}

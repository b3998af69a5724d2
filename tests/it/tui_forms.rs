//! The write forms through update/state against a real temp store: each form's
//! happy path and its validation errors, typed text kept when a save fails, and the
//! read-only refusal of every write key.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::support::forms::Session;
use nhitrace::domain::{CaseStatus, EntryKind, Relation};
use nhitrace::store::OpenMode;
use nhitrace::tui::{Action, Effect, Overlay, Purpose, Step, WriteKind};
use ratatui::crossterm::event::KeyCode;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn new_case_proposes_the_next_reference_and_saves() {
    let mut s = Session::new();
    s.start(WriteKind::NewCase);
    assert_eq!(s.value("reference"), "NHI-2026-0043");
    assert_eq!(s.focused(), "reference");
    s.fill("title", "Leaked GitHub token in CI logs");
    s.choose("category", "secret_leak");
    s.fill("reporter", "alice");
    s.focus("opened-at");
    for _ in 0..3 {
        s.key(KeyCode::Backspace);
    }
    s.type_text("2026-06-03 08:00");
    s.ctrl('s');
    assert!(s.app.form().is_none(), "the form closes after saving");
    assert_eq!(s.app.status(), Some("created case NHI-2026-0043"));
    let id = s.case_id("NHI-2026-0043");
    assert_eq!(s.app.selected_case().map(|c| c.id), Some(id));
    let record = s.app.record().expect("the new case is loaded");
    assert_eq!(record.case.reporter.as_deref(), Some("alice"));
    assert_eq!(
        record.case.opened_at.to_rfc3339(),
        "2026-06-03T08:00:00+00:00"
    );
    // The reloaded list has it, and its gaps (no asset linked) are known.
    assert_eq!(s.app.cursor(nhitrace::tui::Pane::Cases).len(), 5);
    assert!(s.app.gaps_of(id).iter().any(|g| g.code.as_str() == "NT004"));
    assert!(
        s.effects.iter().any(|e| matches!(e, Effect::Save(_))),
        "the write went through an effect"
    );
}

#[test]
fn new_case_errors_are_shown_by_field_and_focus_the_first() {
    let mut s = Session::new();
    s.start(WriteKind::NewCase);
    s.fill("owner", "bob");
    s.fill("opened-at", " tomorrow-ish");
    s.key(KeyCode::Enter);
    let form = s.app.form().expect("still open");
    assert_eq!(*form.step(), Step::Editing);
    assert_eq!(form.error("title"), Some("is required"));
    assert!(
        form.error("category")
            .unwrap()
            .starts_with("is required (one of:")
    );
    assert!(form.error("opened-at").unwrap().contains("cannot read"));
    assert_eq!(form.error("owner"), None);
    assert_eq!(s.focused(), "title", "focus moves to the first bad field");
    assert_eq!(s.value("owner"), "bob", "typed text is kept");
    assert_eq!(s.value("opened-at"), "now tomorrow-ish");
    assert_eq!(s.store.case_id_by_ref("NHI-2026-0043").unwrap(), None);
}

#[test]
fn typed_text_survives_a_failed_save() {
    let mut s = Session::new();
    s.start(WriteKind::NewCase);
    s.focus("reference");
    for _ in 0.."NHI-2026-0043".len() {
        s.key(KeyCode::Backspace);
    }
    s.type_text("NHI-2026-0042");
    s.fill("title", "Duplicate of the leak");
    s.choose("category", "secret_leak");
    s.fill("summary", "first line");
    s.key(KeyCode::Enter);
    s.type_text("second line");
    s.ctrl('s');
    let form = s.app.form().expect("the form stays open");
    assert_eq!(
        form.failure(),
        Some("case reference NHI-2026-0042 already exists")
    );
    assert_eq!(*form.step(), Step::Editing);
    assert_eq!(s.value("reference"), "NHI-2026-0042");
    assert_eq!(s.value("title"), "Duplicate of the leak");
    assert_eq!(s.value("summary"), "first line\nsecond line");
    assert_eq!(s.value("category"), "secret_leak");
    // Fixing the reference and saving again works, with everything else as typed.
    s.focus("reference");
    s.key(KeyCode::Backspace);
    s.type_text("9");
    s.ctrl('s');
    assert!(s.app.form().is_none());
    let id = s.case_id("NHI-2026-0049");
    assert_eq!(
        s.store.case_record(id).unwrap().case.summary,
        "first line\nsecond line"
    );
}

#[test]
fn edit_case_saves_an_audited_change() {
    let mut s = Session::new();
    s.select("NHI-2026-0041");
    s.start(WriteKind::EditCase);
    assert!(matches!(
        s.app.form().unwrap().purpose(),
        Purpose::EditCase(_)
    ));
    s.focus("owner");
    s.key(KeyCode::End);
    s.type_text("-team");
    s.focus("title");
    s.key(KeyCode::Home);
    for _ in 0..200 {
        s.key(KeyCode::Delete);
    }
    s.key(KeyCode::Enter);
    assert_eq!(s.error("title").as_deref(), Some("is required"));
    s.type_text("Artifacts bucket access restored");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    let id = s.case_id("NHI-2026-0041");
    let case = s.store.case_record(id).unwrap().case;
    assert_eq!(case.title, "Artifacts bucket access restored");
    assert!(case.owner.unwrap().ends_with("-team"));
    let history = s.store.case_history(id).unwrap();
    assert_eq!(history.last().unwrap().action, "update_case");
}

#[test]
fn change_status_offers_every_open_status() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    s.start(WriteKind::ChangeStatus);
    let before = s.value("status");
    s.choose("status", "awaiting_approval");
    assert_ne!(before, "awaiting_approval");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    assert_eq!(
        s.app.record().unwrap().case.status,
        CaseStatus::AwaitingApproval
    );
    assert_eq!(
        s.app.selected_case().unwrap().status,
        CaseStatus::AwaitingApproval
    );
    // `closed` is not among the choices: closing asks for a note.
    s.start(WriteKind::ChangeStatus);
    s.choose("status", "open");
    for _ in 0..10 {
        s.key(KeyCode::Right);
        assert_ne!(s.value("status"), "closed");
    }
}

#[test]
fn an_approval_names_its_approver_and_picks_the_change_it_covers() {
    let mut s = Session::new();
    s.select("NHI-2026-0041");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "approval_granted");
    let form = s.app.form().unwrap();
    assert!(form.field("approver").unwrap().shown);
    assert!(!form.field("recipients").unwrap().shown);
    s.fill("actor", "carol");
    s.fill("summary", "Approved the policy change");
    s.ctrl('s');
    assert_eq!(s.error("approver").as_deref(), Some("is required"));
    assert!(s.error("covers").unwrap().contains("name the change"));
    assert_eq!(s.focused(), "approver");
    s.type_text("carol");
    // The covered change is picked from the case's changes only.
    let record = s.app.record().unwrap().clone();
    let applied = record
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::ChangeApplied)
        .unwrap()
        .id;
    s.choose("covers", &applied.to_string());
    s.fill("occurred-at", "");
    s.focus("occurred-at");
    for _ in 0..3 {
        s.key(KeyCode::Backspace);
    }
    s.type_text("2026-06-02 09:45");
    s.ctrl('s');
    assert!(
        s.app.form().is_none(),
        "{:?}",
        s.app.form().map(|f| f.failure())
    );
    let saved = s.app.record().unwrap();
    let approval = saved
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::ApprovalGranted)
        .find(|e| e.summary == "Approved the policy change")
        .expect("the approval is in the reloaded timeline");
    assert_eq!(approval.fields.approver.as_deref(), Some("carol"));
    assert_eq!(approval.fields.covers, Some(applied));
}

#[test]
fn an_exemption_asks_for_justification_expiry_and_controls() {
    let mut s = Session::new();
    s.select("NHI-2026-0039");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "exemption_granted");
    s.fill("actor", "erin");
    s.fill("summary", "Renew the MFA exemption");
    s.fill("expires-at", "end of Q3");
    s.key(KeyCode::Enter);
    assert_eq!(s.error("justification").as_deref(), Some("is required"));
    assert!(
        s.error("expires-at")
            .unwrap()
            .contains("cannot read `end of Q3`")
    );
    assert!(
        s.error("compensating-controls")
            .unwrap()
            .contains("at least one")
    );
    assert_eq!(s.focused(), "justification");
    s.type_text("vendor cannot do OIDC until Q3");
    s.focus("expires-at");
    for _ in 0.."end of Q3".len() {
        s.key(KeyCode::Backspace);
    }
    s.type_text("2026-09-30");
    s.fill("compensating-controls", "IP allow-list, weekly log review");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    let entry = s
        .app
        .record()
        .unwrap()
        .entries
        .iter()
        .rev()
        .find(|e| {
            e.kind == EntryKind::ExemptionGranted
                && e.actor == "erin"
                && e.summary.starts_with("Renew")
        })
        .cloned()
        .unwrap();
    assert_eq!(
        entry.fields.compensating_controls,
        ["IP allow-list", "weekly log review"]
    );
}

#[test]
fn a_notification_needs_recipients() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "notification");
    s.fill("actor", "bob");
    s.fill("summary", "Consumers told");
    s.key(KeyCode::Enter);
    assert!(s.error("recipients").is_some());
    s.type_text("payments team; sre");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    let last = s
        .app
        .record()
        .unwrap()
        .entries
        .iter()
        .find(|e| e.summary == "Consumers told")
        .cloned()
        .unwrap();
    assert_eq!(last.fields.recipients, ["payments team", "sre"]);
}

#[test]
fn a_verification_attaches_its_proof_in_the_same_save() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    s.start(WriteKind::AddEntry);
    s.choose("kind", "verification");
    s.fill("actor", "erin");
    s.fill("summary", "Old key refused by STS");
    s.fill("method", "sts get-caller-identity with the old key");
    s.choose("result", "passed");
    assert_eq!(s.value("proof"), "text");
    s.fill("proof-title", "STS output");
    s.key(KeyCode::Enter);
    assert!(s.error("proof-text").unwrap().starts_with("is required"));
    s.focus("proof-text");
    s.send(Action::Paste(
        "InvalidClientTokenId\r\nThe security token is invalid".into(),
    ));
    s.ctrl('s');
    let form = s.app.form().expect("the receipt shows");
    let Step::Saved(receipt) = form.step() else {
        panic!("expected the receipt, got {:?}", form.step());
    };
    let text = "InvalidClientTokenId\nThe security token is invalid";
    let sha = hex(text.as_bytes());
    assert!(
        receipt
            .iter()
            .any(|(label, value)| label == "SHA-256" && *value == sha)
    );
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    let record = s.app.record().unwrap();
    let verification = record
        .entries
        .iter()
        .find(|e| e.summary == "Old key refused by STS")
        .unwrap();
    let proof = record
        .evidence
        .iter()
        .find(|e| e.entry_id == Some(verification.id))
        .unwrap();
    assert_eq!(proof.sha256, sha);
    assert!(
        !s.app
            .gaps_of(record.case.id)
            .iter()
            .any(|g| g.code.as_str() == "NT002"),
        "the proven verification closes NT002"
    );
}

#[test]
fn a_verification_can_reuse_evidence_of_the_case() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    let original = s.app.record().unwrap().evidence[0].clone();
    s.start(WriteKind::AddEntry);
    s.choose("kind", "verification");
    s.fill("actor", "erin");
    s.fill("summary", "Rotation log shows the new key in use");
    s.fill("method", "log review");
    s.choose("result", "passed");
    s.choose("proof", "existing");
    s.choose("proof-existing", &original.id.to_string());
    s.ctrl('s');
    s.key(KeyCode::Esc);
    let record = s.app.record().unwrap();
    let entry = record
        .entries
        .iter()
        .find(|e| e.summary.starts_with("Rotation log shows"))
        .unwrap();
    let copy = record
        .evidence
        .iter()
        .find(|e| e.entry_id == Some(entry.id))
        .unwrap();
    assert_eq!(copy.sha256, original.sha256);
    assert!(
        copy.source
            .as_deref()
            .unwrap()
            .contains(&format!("copy of evidence #{}", original.id))
    );
}

#[test]
fn link_an_existing_asset_with_fuzzy_search_or_create_one() {
    let mut s = Session::new();
    s.select("NHI-2026-0039");
    let linked_before = s.app.record().unwrap().assets.len();
    s.start(WriteKind::LinkAsset);
    assert!(s.effects.contains(&Effect::LoadAssets));
    s.focus("asset");
    s.type_text("deploy 7q2");
    let picked = s.value("asset");
    let key = s
        .store
        .all_assets()
        .unwrap()
        .into_iter()
        .find(|a| a.identifier == "AKIAEXAMPLE7Q2")
        .unwrap();
    assert_eq!(picked, key.id.to_string());
    // The matches are drawn with the matched characters lit, as search and the case
    // picker light theirs (bold and underlined).
    let buffer = nhitrace::tui::render_to_buffer(&s.app, 100, 40);
    let row = (0..40u16)
        .find(|&y| {
            (0..100u16)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("▸ ")
        })
        .expect("the chosen match is drawn");
    let lit: String = (0..100u16)
        .map(|x| &buffer[(x, row)])
        .filter(|cell| {
            cell.modifier
                .contains(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED)
        })
        .map(|cell| cell.symbol().to_string())
        .collect();
    assert_eq!(
        lit.replace(' ', ""),
        "deploy7Q2".to_string(),
        "lit: {lit:?}"
    );
    s.choose("relation", "related");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none(), "{:?}", s.app.form());
    let record = s.app.record().unwrap();
    assert_eq!(record.assets.len(), linked_before + 1);
    assert!(
        record
            .assets
            .iter()
            .any(|l| l.asset.id == key.id && l.relation == Relation::Related)
    );

    s.start(WriteKind::LinkAsset);
    s.choose("mode", "new");
    s.fill("name", "billing-sync oauth app");
    s.key(KeyCode::Enter);
    assert!(s.error("kind").is_some());
    assert_eq!(s.error("identifier").as_deref(), Some("is required"));
    assert_eq!(s.focused(), "kind");
    s.choose("kind", "oauth_app");
    s.fill("identifier", "0oa1billing");
    s.fill("provider", "okta");
    s.key(KeyCode::Enter);
    assert!(s.app.form().is_none());
    assert!(
        s.app
            .record()
            .unwrap()
            .assets
            .iter()
            .any(|l| l.asset.identifier == "0oa1billing")
    );
}

#[test]
fn unlink_removes_the_link_only() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    let asset = s.app.record().unwrap().assets[0].asset.clone();
    s.start(WriteKind::UnlinkAsset);
    s.choose("asset", &asset.id.to_string());
    s.key(KeyCode::Enter);
    assert!(
        !s.app
            .record()
            .unwrap()
            .assets
            .iter()
            .any(|l| l.asset.id == asset.id)
    );
    assert!(
        s.store
            .all_assets()
            .unwrap()
            .iter()
            .any(|a| a.id == asset.id)
    );
}

#[test]
fn attach_evidence_text_shows_the_hash_and_refuses_over_the_limit() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    s.start(WriteKind::AttachEvidence);
    s.fill("title", "chat export");
    s.focus("text");
    s.send(Action::Paste("x".repeat(65)));
    s.ctrl('s');
    assert!(s.error("text").unwrap().contains("the limit is 64 bytes"));
    for _ in 0..65 {
        s.key(KeyCode::Backspace);
    }
    s.type_text("alice: key is in the repo");
    s.key(KeyCode::Enter);
    s.type_text("bob: rotating");
    s.ctrl('s');
    let Step::Saved(receipt) = s.app.form().unwrap().step().clone() else {
        panic!("receipt expected");
    };
    let sha = hex(b"alice: key is in the repo\nbob: rotating");
    assert_eq!(receipt[2], ("SHA-256".to_string(), sha.clone()));
    s.key(KeyCode::Esc);
    assert!(
        s.app
            .record()
            .unwrap()
            .evidence
            .iter()
            .any(|e| e.sha256 == sha)
    );
}

#[test]
fn attach_evidence_from_a_file() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    let path = s.dir.path().join("rotation.json");
    std::fs::write(&path, b"{\"rotated\":true}").unwrap();
    s.start(WriteKind::AttachEvidence);
    s.fill("title", "rotation log");
    s.choose("from", "file");
    assert!(!s.app.form().unwrap().field("text").unwrap().shown);
    s.fill("file", "/no/such/file");
    s.key(KeyCode::Enter);
    assert!(
        s.error("file")
            .unwrap()
            .contains("cannot read /no/such/file")
    );
    for _ in 0.."/no/such/file".len() {
        s.key(KeyCode::Backspace);
    }
    s.type_text(path.to_str().unwrap());
    s.key(KeyCode::Enter);
    assert!(matches!(s.app.form().unwrap().step(), Step::Saved(_)));
    let evidence = s
        .app
        .record()
        .unwrap()
        .evidence
        .iter()
        .find(|e| e.title == "rotation log")
        .cloned()
        .unwrap();
    assert_eq!(evidence.media_type, "application/json");
    assert_eq!(evidence.size, 16);
}

#[test]
fn closing_with_error_gaps_names_them_and_asks() {
    let mut s = Session::new();
    s.select("NHI-2026-0042");
    let id = s.app.selected_case().unwrap().id;
    let status = s.app.selected_case().unwrap().status;
    let errors: Vec<String> = s
        .app
        .gaps_of(id)
        .iter()
        .filter(|g| g.severity.as_str() == "error")
        .map(|g| g.code.to_string())
        .collect();
    assert!(!errors.is_empty());
    s.start(WriteKind::CloseCase);
    s.ctrl('s');
    assert!(s.error("note").unwrap().starts_with("is required"));
    s.type_text("Key rotated; verification pending with the vendor.");
    s.ctrl('s');
    let Step::ConfirmClose(gaps) = s.app.form().unwrap().step().clone() else {
        panic!("confirmation expected");
    };
    let codes: Vec<String> = gaps.iter().map(|g| g.code.to_string()).collect();
    assert_eq!(codes, errors);
    // Anything but y goes back to the form, note kept.
    s.key(KeyCode::Char('n'));
    assert_eq!(*s.app.form().unwrap().step(), Step::Editing);
    assert!(s.value("note").starts_with("Key rotated"));
    assert_eq!(s.store.case_record(id).unwrap().case.status, status);
    s.ctrl('s');
    s.key(KeyCode::Char('y'));
    assert!(s.app.form().is_none());
    let case = s.store.case_record(id).unwrap().case;
    assert_eq!(case.status, CaseStatus::Closed);
    assert_eq!(
        case.closing_note.as_deref(),
        Some("Key rotated; verification pending with the vendor.")
    );
    assert!(s.app.gaps_of(id).iter().any(|g| g.code.as_str() == "NT015"));
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let mut s = Session::new();
    s.start(WriteKind::AttachEvidence);
    s.key(KeyCode::Esc);
    assert!(s.app.form().is_none(), "nothing typed: Esc just closes");
    s.start(WriteKind::AttachEvidence);
    s.fill("title", "half-typed");
    s.key(KeyCode::Esc);
    assert_eq!(*s.app.form().unwrap().step(), Step::ConfirmDiscard);
    s.key(KeyCode::Esc);
    assert_eq!(s.value("title"), "half-typed");
    s.key(KeyCode::Esc);
    s.key(KeyCode::Char('y'));
    assert!(s.app.form().is_none());
}

#[test]
fn pasted_line_breaks_become_spaces_in_one_line_fields() {
    let mut s = Session::new();
    s.start(WriteKind::AddEntry);
    s.focus("summary");
    s.send(Action::Paste("key seen\r\nin repo".into()));
    assert_eq!(s.value("summary"), "key seen in repo");
    s.focus("details");
    s.send(Action::Paste("line 1\r\nline 2\rline 3".into()));
    assert_eq!(s.value("details"), "line 1\nline 2\nline 3");
}

#[test]
fn read_only_refuses_every_write_key() {
    let mut s = Session::open(OpenMode::ReadOnly);
    let keymap = s.app.settings().keymap.clone();
    let mut refused = Vec::new();
    for binding in keymap.bindings() {
        let Action::StartWrite(kind) = binding.command.action else {
            continue;
        };
        s.send(binding.command.action.clone());
        assert!(s.app.form().is_none(), "{kind:?} opened a form");
        assert_eq!(
            s.app.status(),
            Some(format!("read-only: {} is disabled", kind.what()).as_str())
        );
        refused.push(kind);
    }
    refused.sort_by_key(|k| format!("{k:?}"));
    let mut all = WriteKind::ALL.to_vec();
    all.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(
        refused, all,
        "every write has a key and every one is refused"
    );
    assert!(!s.effects.iter().any(|e| matches!(e, Effect::Save(_))));
    // Reading the history still works.
    s.send(Action::ShowHistory);
    assert!(matches!(s.app.overlay(), Some(Overlay::History(_))));
}

#[test]
fn history_lists_the_case_audit_rows() {
    let mut s = Session::new();
    s.select("NHI-2026-0041");
    s.start(WriteKind::ChangeStatus);
    s.choose("status", "verifying");
    s.key(KeyCode::Enter);
    s.send(Action::ShowHistory);
    let Some(Overlay::History(view)) = s.app.overlay() else {
        panic!("history overlay expected");
    };
    assert_eq!(view.reference, "NHI-2026-0041");
    assert_eq!(view.entries.first().unwrap().action, "create_case");
    assert_eq!(view.entries.last().unwrap().action, "set_case_status");
    assert!(
        view.document
            .rows
            .iter()
            .any(|r| r.label.trim() == "status" && r.text.contains("→ verifying"))
    );
    s.send(Action::Back);
    assert!(s.app.overlay().is_none());
}

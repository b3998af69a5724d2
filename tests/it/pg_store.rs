//! The PostgreSQL backend against a real throwaway server (`support::pg`): the same
//! store, rules and CLI output as SQLite; the same refusals; the server-side
//! guarantees (append-only triggers, read-only roles, schema checks); `migrate`.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use nhitrace::clock::Clock;
use nhitrace::generate::{GenerateOptions, generate};
use nhitrace::rules::RuleConfig;
use nhitrace::store::{OpenMode, Store, StoreError, StoreLocation};

use crate::support::pg;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_200_000, 0).unwrap()
}

fn open(location: &StoreLocation, mode: OpenMode) -> Store {
    Store::open_at(location, mode)
        .unwrap()
        .with_clock(Clock::Fixed(now()))
}

/// The same generated store in a SQLite file and in a PostgreSQL database.
fn both(cases: usize) -> Option<(tempfile::TempDir, StoreLocation, StoreLocation)> {
    let url = pg::new_database_url()?;
    let dir = tempfile::tempdir().unwrap();
    let file = StoreLocation::file(dir.path().join("same.db"));
    let server = StoreLocation::parse(&url);
    assert!(server.is_server(), "{url}");
    for location in [&file, &server] {
        let mut store = open(location, OpenMode::CreateNew);
        generate(&mut store, GenerateOptions { cases, seed: 7 }, |_| {}).unwrap();
    }
    Some((dir, file, server))
}

fn nhitrace(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nhitrace"))
        .args(args)
        .env_remove("NHITRACE_DB")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn records_chain_and_gaps_are_the_same_on_both_backends() {
    let Some((_dir, file, server)) = both(300) else {
        return pg::skipped("pg_store::records_chain_and_gaps_are_the_same_on_both_backends");
    };
    let a = open(&file, OpenMode::ReadOnly);
    let b = open(&server, OpenMode::ReadOnly);
    assert_eq!(a.all_records().unwrap(), b.all_records().unwrap());
    assert_eq!(a.case_summaries().unwrap(), b.case_summaries().unwrap());
    // The untitled list read and the titles of a few rows, as a large list takes them.
    let untitled = |store: &Store| {
        let mut rows = Vec::new();
        store.for_each_untitled_summary(|c| rows.push(c)).unwrap();
        rows
    };
    assert_eq!(untitled(&a), untitled(&b));
    let some: Vec<i64> = vec![3, 1, 299, 100_000];
    let sorted = |mut titles: Vec<(i64, String)>| {
        titles.sort();
        titles
    };
    assert_eq!(
        sorted(a.case_titles(&some).unwrap()),
        sorted(b.case_titles(&some).unwrap())
    );
    assert_eq!(a.case_titles(&some).unwrap().len(), 3);
    assert_eq!(
        a.case_search_texts().unwrap(),
        b.case_search_texts().unwrap()
    );
    // Same rows, same clock, same user: the same audit chain, hash for hash.
    assert_eq!(a.chain_head().unwrap(), b.chain_head().unwrap());
    assert!(a.chain_head().unwrap().0 > 300);
    let config = RuleConfig::default();
    let gaps_a = nhitrace::app::check_report(&a, &[], now(), &config).unwrap();
    let gaps_b = nhitrace::app::check_report(&b, &[], now(), &config).unwrap();
    assert_eq!(gaps_a.cases, 300);
    assert!(!gaps_a.gaps.is_empty());
    assert_eq!(gaps_a.gaps, gaps_b.gaps);
    let report = b.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(
        report.evidence_checked,
        a.verify().unwrap().evidence_checked
    );
}

#[test]
fn the_cli_prints_the_same_on_both_backends() {
    let Some((_dir, file, server)) = both(60) else {
        return pg::skipped("pg_store::the_cli_prints_the_same_on_both_backends");
    };
    let first = open(&file, OpenMode::ReadOnly).case_summaries().unwrap()[0]
        .reference
        .clone();
    let (file, server) = (file.to_string(), server_url(&server));
    for args in [
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["report", first.as_str()],
    ] {
        let on = |db: &str| {
            let mut all = vec!["--db", db];
            all.extend(&args);
            nhitrace(&all)
        };
        let (code_a, out_a, err_a) = on(&file);
        let (code_b, out_b, err_b) = on(&server);
        assert_eq!(
            (code_a, &out_a),
            (code_b, &out_b),
            "{args:?}: {err_a} / {err_b}"
        );
        assert!(!out_a.is_empty(), "{args:?}");
    }
    let (code, out, err) = nhitrace(&["--db", &server, "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("verified: every check passed"), "{out}");
}

/// A location's URL as given (with the socket directory), for the CLI.
fn server_url(location: &StoreLocation) -> String {
    match location {
        StoreLocation::Postgres(target) => target.shown().to_string(),
        StoreLocation::File(path) => path.display().to_string(),
    }
}

#[test]
fn writes_through_the_cli_land_and_each_client_sees_the_others() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_store::writes_through_the_cli_land_and_each_client_sees_the_others",
        );
    };
    let (code, out, err) = nhitrace(&["--db", &url, "case", "add", "--help"]);
    assert_eq!(code, 0, "{out}{err}");
    // Analyst one opens a case; analyst two (another process, another connection)
    // adds to it; both see both.
    let location = StoreLocation::parse(&url);
    let mut one = Store::open_at(&location, OpenMode::ReadWrite).unwrap();
    let mut case = crate::support::store::case("NHI-2026-0100");
    let id = one.write(|w| w.insert_case(&mut case)).unwrap();
    let mut two = Store::open_at(&location, OpenMode::ReadWrite).unwrap();
    assert_eq!(two.case_id_by_ref("NHI-2026-0100").unwrap(), Some(id));
    let mut entry = crate::support::store::entry(id, nhitrace::domain::EntryKind::Note, 2, 10);
    two.write(|w| w.insert_entry(&mut entry)).unwrap();
    let seen = one.case_record(id).unwrap();
    assert_eq!(seen.entries.len(), 1);
    let mut other = crate::support::store::case("NHI-2026-0101");
    one.write(|w| w.insert_case(&mut other)).unwrap();
    assert_eq!(two.case_summaries().unwrap().len(), 2);
    let report = two.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.audit_entries, 3);
}

#[test]
fn a_database_that_is_not_a_store_or_is_newer_is_refused_untouched() {
    let (Some(foreign), Some(newer)) = (pg::new_database_url(), pg::new_database_url()) else {
        return pg::skipped(
            "pg_store::a_database_that_is_not_a_store_or_is_newer_is_refused_untouched",
        );
    };
    let mut client = pg::connect(&foreign);
    client
        .batch_execute("CREATE TABLE payroll (id int); INSERT INTO payroll VALUES (1);")
        .unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly, OpenMode::CreateNew] {
        let refused = Store::open_at(&StoreLocation::parse(&foreign), mode);
        assert!(
            matches!(refused, Err(StoreError::Foreign { .. })),
            "{mode:?}: {:?}",
            refused.err()
        );
    }
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing was created next to the foreign table");

    drop(Store::open_at(&StoreLocation::parse(&newer), OpenMode::CreateNew).unwrap());
    let mut client = pg::connect(&newer);
    client
        .batch_execute("UPDATE nhitrace_schema SET version = 99")
        .unwrap();
    let refused = Store::open_at(&StoreLocation::parse(&newer), OpenMode::ReadWrite);
    assert!(
        matches!(refused, Err(StoreError::TooNew { found: 99, .. })),
        "{:?}",
        refused.err()
    );
    // An empty database is no store to read.
    let empty = pg::new_database_url().unwrap();
    let refused = Store::open_at(&StoreLocation::parse(&empty), OpenMode::ReadOnly);
    assert!(matches!(refused, Err(StoreError::NotFound { .. })));
}

#[test]
fn the_audit_log_refuses_update_delete_and_truncate_on_the_server() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_store::the_audit_log_refuses_update_delete_and_truncate_on_the_server",
        );
    };
    let mut store = Store::open_at(&StoreLocation::parse(&url), OpenMode::CreateNew).unwrap();
    let mut case = crate::support::store::case("NHI-2026-0200");
    store.write(|w| w.insert_case(&mut case)).unwrap();
    let mut client = pg::connect(&url);
    for sql in [
        "UPDATE audit_log SET os_user = 'mallory'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = client.batch_execute(sql).unwrap_err();
        assert!(
            err.to_string().contains("append-only")
                || format!("{:?}", err.as_db_error()).contains("append-only"),
            "{sql}: {err}"
        );
    }
    assert!(store.verify().unwrap().is_ok());
    // A trigger switched off, or one that is not ours: refused for writing, and
    // verify names it.
    client
        .batch_execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_refuses_update")
        .unwrap();
    let refused = Store::open_at(&StoreLocation::parse(&url), OpenMode::ReadWrite);
    assert!(
        matches!(refused, Err(StoreError::AlteredSchema { ref objects, .. }) if objects.contains("audit_log_refuses_update")),
        "{:?}",
        refused.err()
    );
    let report = store.verify().unwrap();
    assert!(!report.is_ok());
    assert!(
        report
            .integrity_problems
            .iter()
            .any(|p| p.contains("audit_log_refuses_update")),
        "{report:?}"
    );
    client
        .batch_execute(
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_refuses_update;
             CREATE FUNCTION sneak() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
             CREATE TRIGGER sneak BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION sneak();",
        )
        .unwrap();
    let refused = Store::open_at(&StoreLocation::parse(&url), OpenMode::ReadWrite);
    assert!(
        matches!(refused, Err(StoreError::ForeignSql { ref objects, .. }) if objects.contains("sneak")),
        "{:?}",
        refused.err()
    );
}

#[test]
fn a_role_that_may_only_select_reads_with_read_only_and_cannot_write() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_store::a_role_that_may_only_select_reads_with_read_only_and_cannot_write",
        );
    };
    let mut store = Store::open_at(&StoreLocation::parse(&url), OpenMode::CreateNew).unwrap();
    let mut case = crate::support::store::case("NHI-2026-0300");
    store.write(|w| w.insert_case(&mut case)).unwrap();
    let reader = pg::create_role_select_only(&url).unwrap();
    let (code, out, err) = nhitrace(&["--db", &reader, "--read-only", "check"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(out.contains("NHI-2026-0300") || out.is_empty(), "{out}");
    let (code, out, err) = nhitrace(&["--db", &reader, "--read-only", "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    // The role can read through the store; a write is refused by the server
    // (and by the store itself when opened read-only), with nothing changed.
    let location = StoreLocation::parse(&reader);
    let read_only = Store::open_at(&location, OpenMode::ReadOnly).unwrap();
    assert_eq!(read_only.case_summaries().unwrap().len(), 1);
    let mut writable = Store::open_at(&location, OpenMode::ReadOnly).unwrap();
    let mut other = crate::support::store::case("NHI-2026-0301");
    assert!(matches!(
        writable.write(|w| w.insert_case(&mut other)),
        Err(StoreError::ReadOnly)
    ));
    let (code, _, err) = nhitrace(&["--db", &reader, "case", "add", "--title", "x"]);
    assert_ne!(code, 0);
    assert!(!err.is_empty());
    assert_eq!(store.case_summaries().unwrap().len(), 1);
}

#[test]
fn migrate_moves_a_file_store_to_the_server_and_back_and_both_verify() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_store::migrate_moves_a_file_store_to_the_server_and_back_and_both_verify",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("team.db");
    let source_text = source.display().to_string();
    let (code, _, err) = nhitrace(&["demo", &source_text]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = nhitrace(&["migrate", "--from", &source_text, "--to", &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("verify passed"), "{out}");
    assert!(out.contains("evidence_bytes"), "{out}");
    let check = |db: &str| nhitrace(&["--db", db, "check"]).1;
    assert_eq!(check(&source_text), check(&url));
    let export = |db: &str, to: &Path| {
        let to = to.display().to_string();
        let (code, _, err) = nhitrace(&["--db", db, "export", "-o", &to]);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(&to).unwrap();
        // The bundle's own creation time is the only difference.
        text.lines()
            .filter(|line| {
                !line.contains("\"created_at\": \"2026-12") && !line.contains("exported_at")
            })
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let a = export(&source_text, &dir.path().join("a.json"));
    let b = export(&url, &dir.path().join("b.json"));
    assert_eq!(a.len(), b.len());
    assert_eq!(a, b);
    // Into a store that is not empty: refused, the target unchanged.
    let (code, _, err) = nhitrace(&["migrate", "--from", &source_text, "--to", &url]);
    assert_ne!(code, 0);
    assert!(
        err.contains("already exists") || err.contains("not empty"),
        "{err}"
    );
    // And back into a new file: the chain continues there too.
    let back = dir.path().join("back.db").display().to_string();
    let (code, out, err) = nhitrace(&["migrate", "--from", &url, "--to", &back]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = nhitrace(&["--db", &back, "verify"]);
    assert_eq!(code, 0, "{err}");
}

/// The demo store on the server (the flags tests' fixture, `flags.rs`).
fn demo_on_server() -> Option<(String, Store)> {
    let url = pg::new_database_url()?;
    let mut store = Store::open_at(&StoreLocation::parse(&url), OpenMode::CreateNew).unwrap();
    nhitrace::demo::write_to(&mut store).unwrap();
    Some((url, store))
}

#[test]
fn the_flags_cache_is_dropped_in_the_writing_transaction_on_the_server() {
    use nhitrace::domain::{EntryFields, EntryKind, TimelineEntry};
    let Some((_url, mut store)) = demo_on_server() else {
        return pg::skipped(
            "pg_store::the_flags_cache_is_dropped_in_the_writing_transaction_on_the_server",
        );
    };
    let at: DateTime<Utc> = "2026-11-27T12:00:00Z".parse().unwrap();
    let config = RuleConfig::default();
    let first = nhitrace::flags::load(&mut store, at, &config).unwrap();
    assert_eq!(first.evaluated, 15);
    assert_eq!(first.codes.len(), 12, "12 demo cases are flagged");
    assert_eq!(
        nhitrace::flags::load(&mut store, at, &config)
            .unwrap()
            .evaluated,
        0
    );
    // NHI-2026-0040 leaked a token and told nobody (NT009): record the notification.
    let case = store.case_id_by_ref("NHI-2026-0040").unwrap().unwrap();
    let mut entry = TimelineEntry {
        id: 0,
        case_id: case,
        occurred_at: at - chrono::TimeDelta::hours(1),
        recorded_at: at,
        recorded_by: "test".into(),
        kind: EntryKind::Notification,
        actor: "priya.raman".into(),
        channel: Some("email".into()),
        summary: "Consumers of the bot token told".into(),
        details: String::new(),
        asset_id: None,
        external_ref: None,
        fields: EntryFields {
            recipients: vec!["alerts-oncall".into()],
            ..EntryFields::default()
        },
    };
    store.write(|w| w.insert_entry(&mut entry)).unwrap();
    let after = nhitrace::flags::load(&mut store, at, &config).unwrap();
    assert_eq!(after.evaluated, 1, "only the written case");
    assert!(!after.codes.contains_key(&case));
}

#[test]
fn verify_finds_rows_tampered_with_behind_the_triggers() {
    let Some((url, store)) = demo_on_server() else {
        return pg::skipped("pg_store::verify_finds_rows_tampered_with_behind_the_triggers");
    };
    assert!(store.verify().unwrap().is_ok());
    // A superuser can switch triggers and foreign keys off for a session; the chain,
    // the evidence hashes and the reference check still tell.
    let mut client = pg::connect(&url);
    client
        .batch_execute(
            "SET session_replication_role = replica;
             UPDATE audit_log SET os_user = 'mallory' WHERE seq = 3;
             UPDATE evidence_bytes SET bytes = 'forged'::bytea
              WHERE evidence_id = (SELECT min(evidence_id) FROM evidence_bytes);
             INSERT INTO entries (case_id, occurred_at, recorded_at, recorded_by, kind, actor, summary)
             VALUES (999999, '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z',
                     'x', 'note', 'x', 'orphan');",
        )
        .unwrap();
    let report = store.verify().unwrap();
    assert!(!report.is_ok());
    let bad = report.first_bad_row.clone().unwrap();
    assert_eq!(bad.seq, 3, "{report:?}");
    assert_eq!(report.tampered_evidence.len(), 1, "{report:?}");
    assert!(
        report
            .foreign_key_problems
            .iter()
            .any(|p| p.contains("entries row") && p.contains("missing cases")),
        "{report:?}"
    );
    let (code, out, _) = nhitrace(&["--db", &url, "verify"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn an_unreachable_server_is_one_clear_line_and_exit_2() {
    let (code, out, err) = nhitrace(&[
        "--db",
        "postgresql://nobody@%2Fnonexistent%2Fsocket/none",
        "check",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("cannot reach the store"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, _, err) = nhitrace(&["--db", "postgres://ana:s3cret@%2Fnonexistent/x", "check"]);
    assert_eq!(code, 2);
    assert!(
        !err.contains("s3cret"),
        "the password is never shown: {err}"
    );
}

#[test]
fn bundles_and_audit_events_import_the_same_on_both_backends() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped("pg_store::bundles_and_audit_events_import_the_same_on_both_backends");
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.db").display().to_string();
    let demo = dir.path().join("demo.db").display().to_string();
    let bundle = dir.path().join("demo.json").display().to_string();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/events");
    let (code, _, err) = nhitrace(&["demo", &demo]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = nhitrace(&["--db", &demo, "export", "-o", &bundle]);
    assert_eq!(code, 0, "{err}");
    for db in [&file, &url] {
        let (code, out, err) = nhitrace(&["--db", db, "import", &bundle]);
        assert_eq!(code, 0, "{db}: {out}{err}");
        let (code, out, err) = nhitrace(&[
            "--db",
            db,
            "case",
            "add",
            "--ref",
            "NHI-2026-0100",
            "--title",
            "Deploy key leaked",
            "--category",
            "secret_leak",
            "--reporter",
            "alice",
            "--opened-at",
            "2026-06-01 09:00",
        ]);
        assert_eq!(code, 0, "{db}: {out}{err}");
        {
            let source = "cloudtrail/key-leak.json";
            let path = format!("{fixtures}/{source}");
            let (code, out, err) = nhitrace(&[
                "--db",
                db,
                "import-events",
                &path,
                "--case",
                "NHI-2026-0100",
                "--format",
                "json",
            ]);
            assert_eq!(code, 0, "{db} {source}: {out}{err}");
            assert!(out.contains("\"entries_added\": 7"), "{db}: {out}");
        }
    }
    // The same gaps and the same auditor's report from either store, all but
    // the times of this run's own writes (audit history, evidence collected now).
    let (_, a, _) = nhitrace(&["--db", &file, "check", "--format", "json"]);
    let (_, b, _) = nhitrace(&["--db", &url, "check", "--format", "json"]);
    assert_eq!(a, b);
    for case in ["NHI-2026-0100", "NHI-2026-0037"] {
        let report = |db: &str| {
            let (code, out, err) = nhitrace(&["--db", db, "report", case, "--format", "json"]);
            assert_eq!(code, 0, "{db} {case}: {err}");
            let mut json: serde_json::Value = serde_json::from_str(&out).unwrap();
            for entry in json["timeline"].as_array_mut().unwrap() {
                entry.as_object_mut().unwrap().remove("recorded_at");
            }
            ["case", "assets", "timeline", "gaps", "trail"]
                .map(|part| json[part].clone())
                .to_vec()
        };
        assert_eq!(report(&file), report(&url), "{case}");
    }
    for db in [&file, &url] {
        let (code, out, err) = nhitrace(&["--db", db, "verify"]);
        assert_eq!(code, 0, "{db}: {out}{err}");
    }
}

#[test]
fn a_version_1_server_store_gains_the_last_activity_and_lists_as_before() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped(
            "pg_store::a_version_1_server_store_gains_the_last_activity_and_lists_as_before",
        );
    };
    let server = StoreLocation::parse(&url);
    let mut store = open(&server, OpenMode::CreateNew);
    generate(&mut store, GenerateOptions { cases: 40, seed: 5 }, |_| {}).unwrap();
    let before = store.case_summaries().unwrap();
    drop(store);
    // What a version-1 database looked like.
    let mut client = pg::connect(&url);
    client
        .batch_execute(
            "DROP TRIGGER activity_entry_change ON entries;
             DROP FUNCTION nhitrace_last_activity();
             DROP TRIGGER flags_case_update ON cases;
             ALTER TABLE cases DROP COLUMN last_activity;
             CREATE TRIGGER flags_case_update AFTER UPDATE ON cases
                 FOR EACH ROW EXECUTE FUNCTION nhitrace_drop_flags();
             UPDATE nhitrace_schema SET version = 1;",
        )
        .unwrap();
    let err = Store::open_at(&server, OpenMode::ReadOnly).err().unwrap();
    assert!(
        matches!(err, StoreError::Outdated { found: 1, .. }),
        "{err}"
    );
    let mut store = open(&server, OpenMode::ReadWrite);
    assert_eq!(store.case_summaries().unwrap(), before);
    assert!(store.verify().unwrap().is_ok());
    // The trigger moves it with a new entry, as SQLite's do.
    let case = before[0].id;
    let later = before[0].last_activity + chrono::TimeDelta::days(400);
    let mut entry = store.case_record(case).unwrap().entries[0].clone();
    entry.id = 0;
    entry.occurred_at = later;
    store.write(|w| w.insert_entry(&mut entry)).unwrap();
    assert_eq!(store.case_summary(case).unwrap().last_activity, later);
    let stale: i64 = client
        .query_one(
            "SELECT count(*) FROM cases c WHERE c.last_activity IS DISTINCT FROM
                 (SELECT max(e.occurred_at) FROM entries e WHERE e.case_id = c.id)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(stale, 0);
}

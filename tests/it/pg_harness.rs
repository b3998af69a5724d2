//! The throwaway PostgreSQL server of `support::pg` that the PostgreSQL backend's tests stand on:
//! distinct databases, URLs that reach only its private Unix socket, and a role that can only read.

use postgres::config::Host;
use postgres::error::SqlState;

use crate::support::pg;

#[test]
fn new_databases_are_distinct_and_answer() {
    let (Some(a), Some(b)) = (pg::new_database_url(), pg::new_database_url()) else {
        return pg::skipped("pg_harness::new_databases_are_distinct_and_answer");
    };
    assert_ne!(a, b);
    let mut ca = pg::connect(&a);
    let mut cb = pg::connect(&b);
    for client in [&mut ca, &mut cb] {
        let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
        assert_eq!(one, 1);
    }
    let name = |client: &mut postgres::Client| -> String {
        client
            .query_one("SELECT current_database()", &[])
            .unwrap()
            .get(0)
    };
    let (name_a, name_b) = (name(&mut ca), name(&mut cb));
    assert_ne!(name_a, name_b);
    let config: postgres::Config = a.parse().unwrap();
    assert_eq!(config.get_dbname(), Some(name_a.as_str()));

    // Really apart: what is made in one is not in the other.
    ca.batch_execute("CREATE TABLE only_in_a (x int)").unwrap();
    let in_b: bool = cb
        .query_one("SELECT to_regclass('only_in_a') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!in_b);
}

#[test]
fn urls_name_only_the_private_unix_socket() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped("pg_harness::urls_name_only_the_private_unix_socket");
    };
    let config: postgres::Config = url.parse().unwrap();
    let [Host::Unix(dir)] = config.get_hosts() else {
        panic!(
            "{url}: hosts {:?}, not one Unix socket directory",
            config.get_hosts()
        );
    };
    assert!(
        dir.join(format!(".s.PGSQL.{}", pg::PORT)).exists(),
        "{url}: no socket in {}",
        dir.display()
    );
    assert_eq!(config.get_ports(), [pg::PORT]);
    assert_eq!(config.get_user(), Some(pg::SUPERUSER));

    // The server itself listens on nothing else.
    let mut client = pg::connect(&url);
    let listen: String = client
        .query_one("SELECT current_setting('listen_addresses')", &[])
        .unwrap()
        .get(0);
    assert_eq!(listen, "");
    let superuser: bool = client
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(superuser);

    let other = pg::superuser_url("postgres").unwrap();
    let mut client = pg::connect(&other);
    let db: String = client
        .query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0);
    assert_eq!(db, "postgres");
}

#[test]
fn select_only_role_reads_but_cannot_write() {
    let Some(url) = pg::new_database_url() else {
        return pg::skipped("pg_harness::select_only_role_reads_but_cannot_write");
    };
    let mut admin = pg::connect(&url);
    admin
        .batch_execute(
            "CREATE TABLE cases (id int PRIMARY KEY, name text NOT NULL);
             INSERT INTO cases VALUES (1, 'one');",
        )
        .unwrap();

    let reader_url = pg::create_role_select_only(&url).unwrap();
    assert_ne!(reader_url, url);
    let mut reader = pg::connect(&reader_url);
    let (user, superuser): (String, bool) = {
        let row = reader
            .query_one(
                "SELECT current_user::text, rolsuper FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert!(user.starts_with("nhitrace_reader_"), "{user}");
    assert!(!superuser);

    let name: String = reader
        .query_one("SELECT name FROM cases WHERE id = 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(name, "one");

    for statement in [
        "INSERT INTO cases VALUES (2, 'two')",
        "UPDATE cases SET name = 'uno'",
        "DELETE FROM cases",
        "CREATE TABLE more_cases (id int)",
        "CREATE TEMPORARY TABLE scratch (id int)",
    ] {
        let error = reader
            .batch_execute(statement)
            .expect_err(&format!("the select-only role could run: {statement}"));
        assert_eq!(
            error.code(),
            Some(&SqlState::INSUFFICIENT_PRIVILEGE),
            "{statement}: {error}"
        );
    }

    let rows: Vec<(i32, String)> = admin
        .query("SELECT id, name FROM cases ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(rows, [(1, "one".to_string())]);
}

#[test]
fn newest_versioned_bin_compares_versions_as_numbers() {
    let root = tempfile::tempdir().unwrap();
    for version in ["9.6", "10", "15", "16"] {
        let bin = root.path().join(version).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("initdb"), "").unwrap();
        // 16 is only the client part: no server there.
        if version != "16" {
            std::fs::write(bin.join("postgres"), "").unwrap();
        }
    }
    std::fs::create_dir_all(root.path().join("notes/bin")).unwrap();
    assert_eq!(
        pg::newest_versioned_bin(root.path()),
        Some(root.path().join("15/bin"))
    );
    assert_eq!(pg::newest_versioned_bin(&root.path().join("none")), None);
}

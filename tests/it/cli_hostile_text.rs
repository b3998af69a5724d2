//! A hostile case title and evidence text, printed by every CLI path that shows them:
//! never a raw ESC, C1 or bidi control, and never a known secret in the clear.

use crate::support::cli::Bench;
use crate::support::harness::{stderr, stdout};

const HOSTILE: &str =
    "Leak \u{1b}]0;pwned\u{7}\u{1b}[2J \u{9b}31m \u{202E}gpj.exe key AKIAIOSFODNN7EXAMPLE";

fn assert_clean(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{9b}', '\u{202E}', '\u{7}'] {
        assert!(!text.contains(bad), "{what} printed {bad:?}: {text:?}");
    }
    assert!(
        !text.contains("IOSFODNN7"),
        "{what} printed the secret: {text}"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let bench = Bench::with_case();
    // Typed input with controls is refused, and the refusal itself is clean.
    let err = bench.refused(&[
        "case",
        "add",
        "--title",
        HOSTILE,
        "--category",
        "secret_leak",
        "--reporter",
        "mallory",
    ]);
    assert_clean("case add refusal", &err);
    // Hostile text arrives through imports and other writers: planted here directly.
    let conn = rusqlite::Connection::open(&bench.db).unwrap();
    conn.execute(
        "UPDATE cases SET title = ?1, summary = ?1 WHERE reference = 'NHI-2026-0001'",
        [HOSTILE],
    )
    .unwrap();
    drop(conn);
    // An edit re-checks the stored title and refuses it: a clean message too.
    let out = bench.run(&["case", "set", "NHI-2026-0001", "--owner", "dave"]);
    assert_clean("case set", &format!("{}{}", stdout(&out), stderr(&out)));
    let echo = bench.ok(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "bob",
        "--summary",
        "key AKIAIOSFODNN7EXAMPLE seen",
    ]);
    assert_clean("entry add", &echo);
    let out = bench.run(&[
        "evidence",
        "add",
        "NHI-2026-0001",
        "--kind",
        "chat_export",
        "--title",
        "chat",
        "--text",
        &format!("{HOSTILE}\npassword=hunter2\n"),
    ]);
    assert_clean("evidence add", &format!("{}{}", stdout(&out), stderr(&out)));
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["report", "NHI-2026-0001", "--format", "md"],
        &["report", "NHI-2026-0001", "--format", "json"],
        &["verify"],
        &["verify", "--format", "json"],
    ] {
        let out = bench.run(args);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_clean(&format!("{args:?}"), &stdout(&out));
        assert_clean(&format!("{args:?} stderr"), &stderr(&out));
    }
    let report = stdout(&bench.run(&["report", "NHI-2026-0001", "--format", "md"]));
    assert!(!report.contains("hunter2"), "{report}");
    // A file keeps the text, escaped as Markdown requires: markers, no raw controls.
    let file = bench.sandbox.path("report.md");
    bench.ok(&[
        "report",
        "NHI-2026-0001",
        "--format",
        "md",
        "-o",
        file.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_clean("report -o", &written);
    assert!(written.contains("⟨U+202E⟩"), "{written}");
    // An error message quoting hostile input.
    let err = bench.refused(&["case", "set", HOSTILE, "--owner", "x"]);
    assert_clean("error", &err);
}

#[test]
fn the_inputs_that_once_panicked_are_one_line_refusals() {
    let bench = Bench::with_case();
    let state = bench.state();
    let err = bench.refused(&[
        "entry",
        "add",
        "NHI-2026-0001",
        "--kind",
        "note",
        "--actor",
        "x",
        "--summary",
        "y",
        "--at",
        "100000000 days ago",
    ]);
    assert!(err.contains("outside the years 1970 to 9999"), "{err}");
    let config = bench.sandbox.path("huge.conf");
    std::fs::write(&config, "[rules]\nstale_after_days = 200000000000000\n").unwrap();
    let err = bench.refused(&["--config", config.to_str().unwrap(), "check"]);
    assert!(
        err.contains("huge.conf:2:")
            && err.contains("stale_after_days")
            && err.contains("out of range"),
        "{err}"
    );
    let big = bench.sandbox.path("big.db");
    let out = bench.sandbox.run(&[
        "generate",
        "--cases",
        "18446744073709551615",
        big.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cases: must be between 1 and"),
        "{}",
        stderr(&out)
    );
    assert!(!big.exists());
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(bench.state(), state);
}

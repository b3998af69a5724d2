//! A bad `[keys]` line in the user's config stops the interactive app before it
//! opens anything: one line naming the file and line, exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::harness::{Sandbox, stderr};

#[test]
fn an_unknown_action_in_the_config_is_one_line_and_exit_2() {
    let sandbox = Sandbox::new();
    let store = sandbox.demo_store();
    let config = sandbox.path("config.conf");
    std::fs::write(
        &config,
        "[rules]\nstale_after_days = 10\n\n[keys]\nsearch = Ctrl-f\n\nqiut = x\n",
    )
    .unwrap();
    let before = crate::support::harness::file_bytes(&store);
    let out = sandbox.run(&[
        "--config",
        config.to_str().unwrap(),
        "--db",
        store.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err,
        format!(
            "nhitrace: {}:7: unknown action \"qiut\"\n",
            config.display()
        )
    );
    assert_eq!(crate::support::harness::file_bytes(&store), before);
}

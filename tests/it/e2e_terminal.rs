//! The release binary in hostile terminals: tiny and odd sizes, a resize storm while
//! keys arrive, a form open through resizes, and SIGTERM/SIGHUP.

use crate::support::harness::Sandbox;
use crate::support::harness::pty::{PtyApp, release_binary};
use std::time::{Duration, Instant};

fn start(sandbox: &Sandbox, cols: u16, rows: u16) -> PtyApp {
    let store = sandbox.demo_store();
    let root = sandbox.dir.path();
    let (data, config) = (root.join("data"), root.join("config"));
    PtyApp::spawn(
        &release_binary(),
        &["--db", store.to_str().unwrap()],
        &[
            ("HOME", root),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
            ("TMPDIR", root),
        ],
        cols,
        rows,
    )
}

/// Back at 80×24 the four panes are drawn, and `q` quits with exit 0.
fn sane_and_quits(app: &mut PtyApp) {
    app.resize(80, 24);
    let screen = app.wait_for("Evidence");
    assert!(
        screen.contains("Cases") && screen.contains("Timeline"),
        "{screen}"
    );
    app.send("q");
    assert_eq!(app.wait_exit(), 0);
    assert!(!app.alternate_screen(), "the terminal was not restored");
}

#[test]
fn tiny_and_odd_sizes_keep_the_app_alive() {
    for (cols, rows) in [(1, 1), (20, 5), (200, 3)] {
        let sandbox = Sandbox::new();
        let mut app = start(&sandbox, cols, rows);
        app.wait_for("");
        std::thread::sleep(Duration::from_millis(300));
        // Keys at that size, including ones that open views and forms.
        app.send("jjk?\x1b\t\r\x1b!\x1b");
        std::thread::sleep(Duration::from_millis(200));
        sane_and_quits(&mut app);
    }
}

/// Every key is sent right after a SIGWINCH, so the two are often ready together:
/// crossterm's mio (epoll, edge-triggered) source answered the resize and dropped the
/// key's readiness, and the `q` below then sat unread in the tty for good. A second
/// app gets the same keys with no resize: the storm may change nothing but the size,
/// so once back at 80×24 both screens are the same, every key taken.
#[test]
fn a_resize_storm_while_keys_arrive_keeps_the_screen_sane() {
    let (sandbox, calm_sandbox) = (Sandbox::new(), Sandbox::new());
    let mut app = start(&sandbox, 80, 24);
    let mut calm = start(&calm_sandbox, 80, 24);
    app.wait_for("Cases");
    calm.wait_for("Cases");
    let mut seed: u32 = 0x51_2E5;
    for n in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let cols = 1 + (seed % 220) as u16;
        let rows = 1 + ((seed >> 8) % 70) as u16;
        app.resize(cols, rows);
        let key = ["j", "k", "\t", "G", "g"][n % 5];
        app.send(key);
        calm.send(key);
    }
    app.resize(80, 24);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (stormed, expected) = (trimmed(&app.contents()), trimmed(&calm.contents()));
        if stormed == expected && expected.contains("Evidence") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after the storm:\n{stormed}\nthe same keys without it:\n{expected}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    calm.send("q");
    assert_eq!(calm.wait_exit(), 0);
    sane_and_quits(&mut app);
}

/// The screen's text without trailing blanks: a cell written with a space and one
/// cleared read differently, and only a full repaint clears them all.
fn trimmed(screen: &str) -> String {
    screen
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A shrink to 1×1 and a grow back, faster than the app reads them: the app may see
/// only the last size, its own, yet the terminal lost what the shrink cut off; the
/// whole screen is drawn again all the same.
#[test]
fn a_shrink_and_grow_back_to_the_same_size_repaints_the_screen() {
    let sandbox = Sandbox::new();
    let mut app = start(&sandbox, 80, 24);
    app.wait_for("Evidence");
    for _ in 0..20 {
        app.resize(1, 1);
        app.resize(80, 24);
        let screen = app.wait_for("Evidence");
        assert!(
            screen.contains("Cases") && screen.contains("Timeline"),
            "{screen}"
        );
    }
    sane_and_quits(&mut app);
}

#[test]
fn a_form_open_through_resizes_keeps_what_was_typed() {
    let sandbox = Sandbox::new();
    let mut app = start(&sandbox, 100, 30);
    app.wait_for("Cases");
    app.send("n");
    app.wait_for("New case");
    // Reference is filled in; Tab to the title.
    app.send("\t");
    app.send("Kept through resizes");
    for (cols, rows) in [(20, 5), (1, 1), (200, 3), (60, 20), (120, 40), (100, 30)] {
        app.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(50));
    }
    app.wait_for("Kept through resizes");
    app.signal("TERM");
    app.wait_exit();
    assert!(
        !app.alternate_screen(),
        "SIGTERM left the terminal in the alternate screen"
    );
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_lose_nothing() {
    for signal in ["TERM", "HUP"] {
        let sandbox = Sandbox::new();
        let mut app = start(&sandbox, 80, 24);
        app.wait_for("Cases");
        assert!(app.alternate_screen());
        app.send("j");
        app.signal(signal);
        app.wait_exit();
        assert!(
            !app.alternate_screen(),
            "SIG{signal} left the alternate screen on"
        );
        let store = sandbox.path("demo.db");
        let out = sandbox.run(&["--db", store.to_str().unwrap(), "verify"]);
        assert!(
            out.status.success(),
            "SIG{signal}: the store does not verify"
        );
    }
}

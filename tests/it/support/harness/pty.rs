//! The real binary in a pseudo-terminal: keys typed, screen read back through a
//! vt100 emulator.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Build the release binary once (the end-to-end tests exercise what users run).
pub fn release_binary() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "nhitrace"])
        .current_dir(manifest)
        .status()
        .expect("run cargo build --release");
    assert!(status.success(), "release build failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("target"));
    target.join("release").join("nhitrace")
}

pub struct PtyApp {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// The reader thread has read the pty to its end (the app and every copy of
    /// the terminal's other side are gone) and fed it all to the emulator.
    drained: Arc<AtomicBool>,
}

impl PtyApp {
    /// Start `binary args` in a `cols`×`rows` pseudo-terminal with `env` set.
    pub fn spawn(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
        cols: u16,
        rows: u16,
    ) -> PtyApp {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(binary);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let feed = Arc::clone(&screen);
        let master = pair.master;
        let drained = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().expect("screen lock").process(&buf[..n]);
            }
            done.store(true, Ordering::SeqCst);
        });
        PtyApp {
            screen,
            writer,
            child,
            master,
            drained,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Wait until the screen contains `needle`; panics with the screen on timeout.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |screen| screen.contains(needle))
    }

    /// Wait until the screen no longer contains `needle`.
    pub fn wait_gone(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} to go"), |screen| {
            !screen.contains(needle)
        })
    }

    /// Wait until `ready` holds for a settled screen; panics with the screen on
    /// timeout. The app draws a frame as many writes, and the reader thread feeds
    /// the emulator whatever one read returned, so a screen read back can be half
    /// of one frame and half of the next: the condition must hold on two reads
    /// 40 ms apart that show the same screen before it counts.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let contents = self.contents();
            if ready(&contents) {
                std::thread::sleep(Duration::from_millis(40));
                if self.contents() == contents {
                    return contents;
                }
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{contents}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the process to exit and return its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.wait_drained();
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the app did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// After the app exited: give the reader thread time to feed the emulator the
    /// last bytes the app wrote (restoring the terminal), so the screen read back is
    /// the one the app left — on a loaded machine the reader can lag behind the exit.
    fn wait_drained(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.drained.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Resize the emulator, then the terminal (the app gets SIGWINCH). In that order,
    /// so the frame the app draws for the new size never lands in an emulator still
    /// at the old one (and is clipped there).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if let (Some(rows), Some(cols)) = (NonZeroU16::new(rows), NonZeroU16::new(cols)) {
            self.screen
                .lock()
                .expect("screen lock")
                .set_size(rows, cols);
        }
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Send `signal` (a `kill -s` name: TERM, HUP) to the app.
    pub fn signal(&self, signal: &str) {
        let pid = self.child.process_id().expect("child pid");
        let status = std::process::Command::new("kill")
            .args(["-s", signal, &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -s {signal} {pid}");
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen
            .lock()
            .expect("screen lock")
            .screen()
            .alternate_screen()
    }
}

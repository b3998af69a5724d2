//! Helpers shared by the command-line and pseudo-terminal tests. Every test works in
//! its own temp directory with HOME and the XDG dirs pointed inside it, so the user's
//! own store and config are never touched.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A scratch home for one test.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `nhitrace` (the test build) with the environment confined to the sandbox.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_nhitrace"));
        self.confine(&mut cmd);
        cmd
    }

    pub fn confine(&self, cmd: &mut Command) {
        let root = self.dir.path();
        cmd.env("HOME", root)
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("TMPDIR", root)
            .env_remove("NO_COLOR");
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run nhitrace")
    }

    /// Write the demo store into the sandbox and return its path.
    pub fn demo_store(&self) -> PathBuf {
        let path = self.path("demo.db");
        let out = self.run(&["demo", path.to_str().expect("utf-8 path")]);
        assert!(out.status.success(), "demo failed: {}", stderr(&out));
        path
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

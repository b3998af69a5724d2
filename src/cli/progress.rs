//! A progress bar on standard error, drawn only when it is a terminal and only for
//! long work (scripts and pipes see nothing).

use std::io::{IsTerminal, Write};

pub(super) struct Progress {
    enabled: bool,
    label: &'static str,
    drawn: bool,
}

impl Progress {
    /// A bar for `total` steps of `label`, shown when stderr is a terminal and
    /// `total` is at least `min_total`.
    pub fn new(label: &'static str, total: usize, min_total: usize) -> Progress {
        Progress {
            enabled: total >= min_total && std::io::stderr().is_terminal(),
            label,
            drawn: false,
        }
    }

    pub fn update(&mut self, done: usize, total: usize) {
        if !self.enabled || total == 0 {
            return;
        }
        let width = 30;
        let filled = done.min(total).saturating_mul(width) / total;
        let percent = done.min(total).saturating_mul(100) / total;
        let bar: String = "#".repeat(filled) + &".".repeat(width - filled);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{} [{bar}] {percent:>3}% {done}/{total}", self.label);
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clear the bar's line.
    pub fn finish(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

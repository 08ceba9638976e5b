//! CSV writing and the progress bar on standard error.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Quotes a CSV field when it contains a comma, a quote or a line break (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A progress bar drawn on standard error, only when standard error is a terminal.
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    draws: bool,
}

const BAR_WIDTH: usize = 40;

impl Progress {
    /// Creates a bar for `total` steps.
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            draws: std::io::stderr().is_terminal(),
        }
    }

    /// Counts one step and redraws the bar about every percent.
    pub fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let every = (self.total / 100).max(1);
        if self.draws && (done.is_multiple_of(every) || done == self.total) {
            let filled = BAR_WIDTH * done / self.total.max(1);
            let bar = format!(
                "{}{}",
                "#".repeat(filled),
                " ".repeat(BAR_WIDTH - filled.min(BAR_WIDTH))
            );
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r[{bar}] {done}/{}", self.total);
            let _ = err.flush();
        }
    }

    /// Ends the bar's line.
    pub fn finish(&self) {
        if self.draws {
            eprintln!();
        }
    }
}

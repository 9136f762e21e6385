//! The terminal kept in raw mode for as long as the questionnaire runs.
//!
//! console's `read_key` makes the terminal raw only while it waits for a key
//! and puts it back between keys. A key that arrives in between, while a
//! menu is being drawn, meets the normal ("cooked") terminal: Ctrl-D becomes
//! an end-of-file mark that is later read as a NUL byte, Ctrl-C becomes a
//! signal that our no-op handler swallows, and other keys are echoed over the
//! menu. So a quick Ctrl-D or Ctrl-C was sometimes lost. Raw from the first
//! question to the last, every key reaches `read_key` as it was typed.
//!
//! Output is left as it was (`\n` still starts a new line), and the terminal
//! is put back exactly as it was found when the questionnaire ends, however
//! it ends (also when a panic unwinds).

use std::sync::Mutex;

/// The settings to put back while the terminal is raw, for a signal that
/// ends the process from another thread ([`restore_for_exit`]).
#[cfg(unix)]
static SAVED: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

/// Whether the questionnaire holds the terminal raw (see [`restore_for_exit`]).
pub(super) fn is_raw() -> bool {
    #[cfg(unix)]
    {
        SAVED.lock().is_ok_and(|saved| saved.is_some())
    }
    #[cfg(not(unix))]
    false
}

/// Puts the terminal back as it was found, from any thread, and says
/// whether it was raw: for a SIGTERM or SIGHUP (a closed ssh session) that
/// ends the process while a question waits for a key. The cursor is shown
/// again as well.
pub(super) fn restore_for_exit() -> bool {
    #[cfg(unix)]
    {
        use rustix::termios::{OptionalActions, tcsetattr};
        let saved = SAVED.lock().ok().and_then(|mut saved| saved.take());
        if let Some(original) = saved {
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, &original);
            return true;
        }
    }
    false
}

/// Raw mode on standard input (the terminal console reads keys from), until dropped.
pub(super) struct RawMode {
    /// The terminal's settings before, to put back; `None` when nothing was changed.
    #[cfg(unix)]
    original: Option<rustix::termios::Termios>,
}

impl RawMode {
    /// Makes the terminal raw, but for its output. Does nothing when standard
    /// input is not a terminal or cannot be changed: console's `read_key`
    /// still makes it raw for each key.
    pub(super) fn enter() -> Self {
        #[cfg(unix)]
        {
            use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
            let stdin = std::io::stdin();
            let Ok(original) = tcgetattr(&stdin) else {
                return RawMode { original: None };
            };
            let mut raw = original.clone();
            raw.make_raw();
            // As console's read_key does: keep "\n" → "\r\n" and the rest of the output.
            raw.output_modes = original.output_modes;
            let changed = tcsetattr(&stdin, OptionalActions::Drain, &raw).is_ok();
            if changed && let Ok(mut saved) = SAVED.lock() {
                *saved = Some(original.clone());
            }
            RawMode {
                original: changed.then_some(original),
            }
        }
        #[cfg(not(unix))]
        RawMode {}
    }

    /// No change to the terminal: what is left in place of a raw mode while
    /// another program (the pager) has the terminal.
    pub(super) fn off() -> Self {
        RawMode {
            #[cfg(unix)]
            original: None,
        }
    }

    /// Puts the terminal back as it was found. Doing it twice does no harm.
    pub(super) fn leave(&self) {
        #[cfg(unix)]
        if let Some(original) = &self.original {
            use rustix::termios::{OptionalActions, tcsetattr};
            if let Ok(mut saved) = SAVED.lock() {
                *saved = None;
            }
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Drain, original);
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        self.leave();
    }
}

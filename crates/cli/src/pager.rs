//! The pager, as git has one: a report longer than the screen is shown
//! through `less` (or the program in `PAGER`) so that its first screen, the
//! verdict and what to do now, stays in front of the person instead of
//! scrolling away.
//!
//! - Only when standard output is a terminal, and not with `--no-pager`.
//! - `PAGER` names the program and its options, run by the shell as git
//!   runs it; set to nothing or to `cat`, there is no pager.
//! - Without `PAGER`, `less -FRX`: quit at once when the text fits on the
//!   screen (`-F`), show bold and colour (`-R`), leave the text on the
//!   screen on quitting (`-X`). `LESS` is set to `FRX` when it is not set,
//!   as git does, so `PAGER=less` behaves the same; `LESSCHARSET` is set to
//!   `utf-8` when it is not set, since the text is UTF-8 whatever the locale.
//! - A pager that cannot be started (no `less` on the system) or that the
//!   shell cannot find: the text is written to standard output instead.
//! - Quitting the pager before the end is not an error: what the pager did
//!   not read is dropped, and the exit code stays the report's.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The pager used when `PAGER` is not set.
pub const DEFAULT: (&str, &[&str]) = ("less", &["-FRX"]);

/// A pager to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pager {
    /// [`DEFAULT`], run directly.
    Default,
    /// The command line of `PAGER`, run by the shell.
    Shell(String),
}

/// The pager for this run, if any: none with `--no-pager` (`no_pager`), none
/// when standard output is not a terminal, none when `PAGER` (read with
/// `env`) is empty or `cat`; else `PAGER`, or [`Pager::Default`].
pub fn choose(
    no_pager: bool,
    stdout_is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> Option<Pager> {
    if no_pager || !stdout_is_terminal {
        return None;
    }
    match env("PAGER") {
        None => Some(Pager::Default),
        Some(line) => {
            let line = line.trim();
            if line.is_empty() || line == "cat" {
                None
            } else {
                Some(Pager::Shell(line.to_string()))
            }
        }
    }
}

impl Pager {
    /// The process to start; `prompt` is the default pager's prompt line.
    fn command(&self, prompt: Option<&str>) -> Command {
        let mut command = match self {
            Pager::Default => {
                let mut command = Command::new(DEFAULT.0);
                command.args(DEFAULT.1);
                if let Some(prompt) = prompt {
                    // less reads `?`, `:`, `.`, `%` and `\` in a prompt as
                    // its own codes; the rest is shown as it is.
                    let plain: String = prompt
                        .chars()
                        .filter(|c| !matches!(c, '?' | ':' | '.' | '%' | '\\'))
                        .collect();
                    command.arg(format!("-Ps{plain}"));
                }
                command
            }
            Pager::Shell(line) => shell(line),
        };
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        // The text is UTF-8 whatever the locale says: without a UTF-8
        // locale (LANG unset, as on many servers), less would show "·" as
        // "<C2><B7>".
        if std::env::var_os("LESSCHARSET").is_none() {
            command.env("LESSCHARSET", "utf-8");
        }
        command
    }

    /// Shows `text` through the pager, and waits until the person quits it.
    /// Where the pager cannot be started, or the shell could not find it,
    /// `text` is written to `fallback` (standard output) instead. Errors
    /// are only those of writing to `fallback`.
    pub fn show(&self, text: &[u8], fallback: &mut dyn Write) -> io::Result<()> {
        self.show_prompted(text, None, fallback)
    }

    /// [`Pager::show`], with `prompt` as the prompt line of the default
    /// pager (less shows ":" otherwise, which tells a newcomer nothing);
    /// a pager of one's own (`PAGER`) keeps its own.
    pub fn show_prompted(
        &self,
        text: &[u8],
        prompt: Option<&str>,
        fallback: &mut dyn Write,
    ) -> io::Result<()> {
        let mut child = match self.command(prompt).stdin(Stdio::piped()).spawn() {
            Ok(child) => child,
            Err(_) => return fallback.write_all(text),
        };
        // Ctrl-C is the pager's to handle (less stops a search with it);
        // caught here, it does not end this process and leave the pager
        // behind with the terminal in its hands.
        let _ = ctrlc::set_handler(|| {});
        if let Some(mut stdin) = child.stdin.take() {
            // An error here is the pager gone (quit early, or not found by
            // the shell): what it did not read is not needed.
            let _ = stdin.write_all(text);
            // Dropped: the pager sees the end of the text.
        }
        match child.wait() {
            // The shell's codes for a command it could not find or run.
            Ok(status) if matches!(status.code(), Some(126 | 127)) => fallback.write_all(text),
            _ => Ok(()),
        }
    }
}

/// `line` run by the shell, so that it may hold options and quotes.
#[cfg(unix)]
fn shell(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(line);
    command
}

/// `line` split at spaces into a program and its options (no shell to run it).
#[cfg(not(unix))]
fn shell(line: &str) -> Command {
    let mut words = line.split_whitespace();
    let mut command = Command::new(words.next().unwrap_or("more"));
    command.args(words);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pager: Option<&str>) -> impl Fn(&str) -> Option<String> {
        let pager = pager.map(str::to_string);
        move |name| (name == "PAGER").then(|| pager.clone()).flatten()
    }

    /// As git: `PAGER`, `less -FRX` without it, none for "" or `cat`, none
    /// with `--no-pager` or when standard output is not a terminal.
    #[test]
    fn the_pager_is_chosen_as_git_chooses() {
        assert_eq!(choose(false, true, env(None)), Some(Pager::Default));
        assert_eq!(
            choose(false, true, env(Some("more -s"))),
            Some(Pager::Shell("more -s".into()))
        );
        for none in ["", "  ", "cat", " cat "] {
            assert_eq!(choose(false, true, env(Some(none))), None, "{none:?}");
        }
        assert_eq!(choose(true, true, env(None)), None);
        assert_eq!(choose(false, false, env(None)), None);
        assert_eq!(choose(false, false, env(Some("less"))), None);
    }

    /// A pager that reads the text gets all of it, and nothing goes to
    /// standard output.
    #[cfg(unix)]
    #[test]
    fn the_pager_gets_the_text() {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("paged");
        let pager = Pager::Shell(format!("cat > '{}'", path.display()));
        let mut fallback = Vec::new();
        pager
            .show(b"line one\nline two\n", &mut fallback)
            .expect("shown");
        assert!(fallback.is_empty());
        let paged = std::fs::read_to_string(&path).expect("the pager's file");
        assert_eq!(paged, "line one\nline two\n");
    }

    /// A pager that quits before reading everything is not an error, and
    /// the text is not printed a second time.
    #[cfg(unix)]
    #[test]
    fn quitting_early_is_not_an_error() {
        let text = "a line of the report\n".repeat(100_000);
        let mut fallback = Vec::new();
        Pager::Shell("head -c 10 > /dev/null".into())
            .show(text.as_bytes(), &mut fallback)
            .expect("not an error");
        assert!(fallback.is_empty());
    }

    /// A pager that cannot be found, directly or by the shell: the text is
    /// written to standard output instead.
    #[cfg(unix)]
    #[test]
    fn a_missing_pager_prints_directly() {
        let mut fallback = Vec::new();
        Pager::Shell("offercheck-no-such-pager-program".into())
            .show(b"the report\n", &mut fallback)
            .expect("written");
        assert_eq!(fallback, b"the report\n");
    }
}

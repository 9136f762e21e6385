//! The text report on a terminal, driven through a real pseudo-terminal:
//! through the pager as git does it (`PAGER`, else `less -FRX`; not with
//! `--no-pager`, not when standard output is not a terminal), and wrapped
//! to the terminal's width with no word broken.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::util::{fixture, offercheck, output};

/// Starts `sh -c SCRIPT` in a pseudo-terminal of 24 rows and `columns`
/// columns, with `$BIN` the built binary and `$ANSWERS` the Kenya–Russia
/// fixture; `PAGER` set to `pager`, or left out.
fn spawn(script: &str, columns: u16, pager: Option<&str>) -> PtySession {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("stty rows 24 cols {columns}; {script}"))
        .env("BIN", offercheck().get_program())
        .env("ANSWERS", fixture("answers/fraud-russia.toml"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("LESS")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    match pager {
        Some(pager) => cmd.env("PAGER", pager),
        None => cmd.env_remove("PAGER"),
    };
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawn in a pseudo-terminal")
}

/// Everything the process writes until it ends, and its exit code.
fn finish(session: &mut PtySession) -> (String, i32) {
    let text = session.exp_eof().expect("the end of the output");
    let code = match session.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    };
    // Text as rexpect reads it: each byte of the UTF-8 output is one char.
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    // The terminal's line ends are "\r\n"; stty and the pager add more "\r".
    (String::from_utf8_lossy(&bytes).replace('\r', ""), code)
}

/// The report as a file gets it: not through a pager, at 78 columns.
fn piped_report() -> String {
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--answers"])
            .arg(fixture("answers/fraud-russia.toml")),
    );
    assert_eq!(code, 0, "{stderr}");
    stdout
}

/// The report's last line, which a pager that shows one screen holds back.
const LAST_LINE: &str = "Rules: offercheck default rules";

/// `PAGER` is run by the shell and gets the whole report; `--fail-on`
/// keeps its exit code through the pager.
#[test]
fn the_report_goes_through_pager() {
    let mut session = spawn(
        "\"$BIN\" check --answers \"$ANSWERS\" --fail-on critical",
        80,
        Some("sed 's/^/PAGED: /'"),
    );
    let (text, code) = finish(&mut session);
    assert_eq!(code, 1, "--fail-on critical, through the pager: {text}");
    let lines: Vec<&str> = text.lines().filter(|line| !line.is_empty()).collect();
    assert!(lines[0].starts_with("PAGED: DANGER: DO NOT PAY"), "{text}");
    assert!(
        lines.iter().all(|line| line.starts_with("PAGED: ")),
        "{text}"
    );
    let paged: Vec<&str> = text
        .lines()
        .map(|line| line.strip_prefix("PAGED: ").unwrap_or(line))
        .collect();
    assert!(
        paged.iter().any(|line| line.starts_with(LAST_LINE)),
        "{text}"
    );
}

/// `--no-pager`, `PAGER=cat` and an empty `PAGER` write the report
/// straight to the terminal, whole.
#[test]
fn no_pager_writes_directly() {
    for (extra, pager) in [
        ("--no-pager", Some("sed 's/^/PAGED: /'")),
        ("", Some("cat")),
        ("", Some("")),
    ] {
        let mut session = spawn(
            &format!("\"$BIN\" check --answers \"$ANSWERS\" {extra}"),
            80,
            pager,
        );
        let (text, code) = finish(&mut session);
        assert_eq!(code, 0, "{extra} {pager:?}: {text}");
        assert!(
            text.starts_with("DANGER: DO NOT PAY"),
            "{extra} {pager:?}: {text}"
        );
        assert!(!text.contains("PAGED: "), "{extra} {pager:?}: {text}");
        assert!(text.contains(LAST_LINE), "{extra} {pager:?}: {text}");
    }
}

/// Without `PAGER`, `less -FRX` shows the first screen, the summary with
/// the verdict at its top, and holds the rest; quitting it with `q` before
/// the end is not an error and leaves the exit code the report's. Where
/// `less` is not installed, the report is written straight to the
/// terminal instead.
#[test]
fn less_shows_the_first_screen_and_quits_early() {
    let has_less = Command::new("less")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    let mut session = spawn(
        "\"$BIN\" check --answers \"$ANSWERS\" --fail-on high",
        80,
        None,
    );
    if !has_less {
        let (text, code) = finish(&mut session);
        assert_eq!(code, 1);
        assert!(text.contains(LAST_LINE), "printed directly: {text}");
        return;
    }
    let before = session
        .exp_string("Who to contact first")
        .expect("the summary on the first screen");
    // The verdict, whatever the pager's own escape sequences left around it.
    assert!(before.contains("DO NOT PAY, SIGN OR TRAVEL"), "{before}");
    // Time for less to draw its screen and wait for a key.
    std::thread::sleep(std::time::Duration::from_millis(500));
    session.send("q").expect("send q");
    session.flush().expect("flush");
    let (rest, code) = finish(&mut session);
    assert_eq!(code, 1, "--fail-on high, after quitting less early");
    assert!(
        !before.contains(LAST_LINE) && !rest.contains(LAST_LINE),
        "less showed one screen, not the whole report: {rest}"
    );
}

/// Without `less` on the system (nothing on `PATH`), the report is written
/// straight to the terminal.
#[test]
fn a_missing_less_prints_directly() {
    let mut session = spawn(
        "PATH=/nonexistent \"$BIN\" check --answers \"$ANSWERS\"",
        80,
        None,
    );
    let (text, code) = finish(&mut session);
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("DANGER: DO NOT PAY"), "{text}");
    assert!(text.contains(LAST_LINE), "{text}");
}

/// On a 40-column terminal the report is wrapped to the terminal's width
/// between words: no line is longer than 40 columns but a lone web
/// address, and from the first warning sign on, the words are those of the
/// report in a file, in the same order ("fighting", never "fightin" "g").
#[test]
fn a_narrow_terminal_gets_whole_words() {
    let mut session = spawn("\"$BIN\" check --answers \"$ANSWERS\" --no-pager", 40, None);
    let (text, code) = finish(&mut session);
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("DANGER: DO NOT PAY"), "{text}");
    for line in text.lines() {
        assert!(
            line.chars().count() <= 40 || line.trim_start().split(' ').count() == 1,
            "{} columns: {line:?}",
            line.chars().count()
        );
    }
    let from_signs = |text: &str| -> Vec<String> {
        let start = text.find("WARNING SIGNS FOUND").expect("the signs in full");
        text[start..]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let file = piped_report();
    assert_eq!(from_signs(&text), from_signs(&file));
    assert!(text.contains("fighting"), "{text}");
    assert_ne!(text, file, "wrapped to 40 columns, not 78");
}

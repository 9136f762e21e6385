//! `check --format markdown` and `--output FILE [--force]`. See issue 7.

use crate::util::{fixture, offercheck, output};

/// What a person prints or sends for the Kenya–Russia pattern (snapshot):
/// the same content as the text report, as markdown, with sources as links.
#[test]
fn markdown_report_snapshot() {
    let file = fixture("answers/fraud-russia.toml");
    let (code, stdout, _) = output(
        offercheck()
            .args(["check", "--format", "markdown", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("# DANGER: DO NOT PAY, SIGN OR TRAVEL\n"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour codes in markdown");
    assert!(
        stdout.contains("does not replace advice"),
        "the closing words"
    );
    insta::assert_snapshot!("fraud_russia_markdown", stdout);
}

/// --output writes the report to a new file, without colour, and says so;
/// the format follows the file's extension unless --format is given.
#[test]
fn output_writes_a_new_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = fixture("answers/fraud-russia.toml");
    let report = dir.path().join("report.md");
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--answers"])
            .arg(&file)
            .arg("--output")
            .arg(&report),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "the report goes to the file");
    assert!(stderr.contains("report.md"), "{stderr}");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.starts_with("# DANGER"),
        "markdown from the .md extension"
    );
    let json = dir.path().join("report.txt");
    let (code, _, _) = output(
        offercheck()
            .args(["check", "--format", "json", "--answers"])
            .arg(&file)
            .arg("--output")
            .arg(&json),
    );
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&json).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["level"],
        "critical"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&json).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "private: it holds the person's answers"
        );
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary files left");
}

/// An existing file is never replaced without --force (exit 2, file named,
/// content untouched); with --force it is replaced whole.
#[test]
fn output_refuses_to_overwrite() {
    let dir = tempfile::TempDir::new().unwrap();
    let report = dir.path().join("report.md");
    std::fs::write(&report, "my notes").unwrap();
    let args = ["check", "--no-input", "--destination", "RU", "--output"];
    let (code, stdout, stderr) = output(offercheck().args(args).arg(&report));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("report.md") && stderr.contains("already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "my notes");
    let (code, _, stderr) = output(offercheck().args(args).arg(&report).arg("--force"));
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(&report).unwrap().starts_with("# "));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left");
    let (code, _, stderr) = output(
        offercheck()
            .args(args)
            .arg(dir.path().join("no/such/folder/report.md")),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write the report"), "{stderr}");
}

/// `--output -` is standard output, and creates no file named `-`.
#[test]
fn output_dash_is_stdout() {
    let dir = tempfile::TempDir::new().unwrap();
    let (code, stdout, _) = output(offercheck().current_dir(dir.path()).args([
        "check",
        "--no-input",
        "--destination",
        "RU",
        "--output",
        "-",
    ]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("WARNING SIGNS") || stdout.contains("HIGH RISK"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// --fail-on still decides the exit code when the report goes to a file.
#[test]
fn output_keeps_fail_on() {
    let dir = tempfile::TempDir::new().unwrap();
    let (code, _, _) = output(
        offercheck()
            .args([
                "check",
                "--no-input",
                "--military-or-combat-mention",
                "yes",
                "--fail-on",
                "high",
                "--output",
            ])
            .arg(dir.path().join("r.md")),
    );
    assert_eq!(code, 1);
}

/// A named pipe (made here, in a temporary folder) is never replaced by
/// the report or the answers, with --force or without: exit 2, the pipe
/// named as what it is, and still a pipe afterwards; nothing is asked or
/// written first, so no answers file appears beside it.
#[cfg(unix)]
#[test]
fn a_fifo_is_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::TempDir::new().unwrap();
    let fifo = dir.path().join("report.md");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    let saved = dir.path().join("answers.toml");
    for flag in ["--output", "--save-answers"] {
        for force in [false, true] {
            let mut cmd = offercheck();
            cmd.args(["check", "--no-input", "--destination", "RU", flag])
                .arg(&fifo);
            if flag == "--output" {
                cmd.arg("--save-answers").arg(&saved);
            }
            if force {
                cmd.arg("--force");
            }
            let (code, stdout, stderr) = output(&mut cmd);
            assert_eq!(code, 2, "{flag} force={force}: {stderr}");
            assert!(stdout.is_empty());
            assert!(
                stderr.contains(&format!(
                    "{flag}: `{}` is a named pipe (FIFO), not a regular file",
                    fifo.display()
                )),
                "{stderr}"
            );
            let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
            assert!(kind.is_fifo(), "{flag} force={force}: replaced");
            assert!(!saved.exists(), "nothing is written before the refusal");
        }
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left");
}

/// The report and the saved answers in one file are refused before
/// anything is written, however the two paths name it (`./`, `..`, a
/// symbolic link, a hard link): the answers already there are untouched.
#[cfg(unix)]
#[test]
fn one_file_for_report_and_answers_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    let base = dir.path();
    std::fs::create_dir(base.join("sub")).unwrap();
    let saved = base.join("answers.toml");
    std::fs::write(&saved, "destination = \"QA\"\n").unwrap();
    std::os::unix::fs::symlink(&saved, base.join("link.toml")).unwrap();
    std::fs::hard_link(&saved, base.join("hard.toml")).unwrap();
    for other in [
        "./answers.toml",
        "sub/../answers.toml",
        "link.toml",
        "hard.toml",
    ] {
        let (code, _, stderr) = output(
            offercheck()
                .current_dir(base)
                .args(["check", "--no-input", "--destination", "RU", "--force"])
                .args(["--save-answers", "answers.toml", "--output", other]),
        );
        assert_eq!(code, 2, "{other}: {stderr}");
        assert!(
            stderr.contains("--output and --save-answers name the same file"),
            "{other}: {stderr}"
        );
        assert!(!stderr.contains("Answers saved"), "nothing saved: {stderr}");
        assert_eq!(
            std::fs::read_to_string(&saved).unwrap(),
            "destination = \"QA\"\n"
        );
    }
}

/// A saved file is complete and in place when the command returns: the
/// folder is synced after the rename (checked here by the file being
/// there, whole, with no temporary file beside it).
#[test]
fn saved_answers_are_whole_and_alone() {
    let dir = tempfile::TempDir::new().unwrap();
    let saved = dir.path().join("answers.toml");
    let (code, _, stderr) = output(
        offercheck()
            .args([
                "check",
                "--no-input",
                "--destination",
                "RU",
                "--save-answers",
            ])
            .arg(&saved),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        "# offercheck answers\ndestination = \"RU\"\n"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary files left");
}

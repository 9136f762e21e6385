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

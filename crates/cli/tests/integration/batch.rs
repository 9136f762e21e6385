//! `offercheck batch`: JSON Lines in, one record per line out, counts on
//! stderr, exit codes. See issue 7.

use crate::util::{offercheck, output};

/// Parses every stdout line as JSON.
fn records(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{err}: {line}")))
        .collect()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write input");
    path
}

const MIXED: &str = r#"{"id": "case-1", "destination": "RU", "job_type": "driver", "military_or_combat_mention": "yes"}

{"id": 2, "upfront_paymnt": "yes", "passport_surrender": "maybe"}
{"destination": "QA", "found_via": "government_programme", "upfront_payment": "no"}
not json at all
   
{"id": "case-6", "destination": "Canada", "upfront_payment": "yes", "payment_purposes": ["visa", "deposit"]}
"#;

/// Good, bad and blank lines: one compact record per non-blank line, in
/// order, with its line number and id; bad lines name the key, what is
/// valid and the nearest id, on stdout and stderr; counts go to stderr;
/// exit 2 because some lines were bad, after every line was processed.
#[test]
fn mixed_lines() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = write(&dir, "offers.jsonl", MIXED);
    let (code, stdout, stderr) = output(offercheck().arg("batch").arg(&file));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stdout.lines().count(),
        5,
        "one line per non-blank input line"
    );
    let records = records(&stdout);
    let lines: Vec<u64> = records
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![1, 3, 4, 5, 7]);

    assert_eq!(records[0]["id"], "case-1");
    assert_eq!(records[0]["level"], "critical");
    assert_eq!(records[0]["schema_version"], 1);
    assert!(
        records[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "MIL001")
    );
    assert!(records[0]["unanswered"].is_array());

    assert_eq!(records[1]["id"], 2, "a number id is echoed as a number");
    let errors = records[1]["error"].as_array().unwrap();
    assert_eq!(errors[0]["key"], "upfront_paymnt");
    assert_eq!(errors[0]["column"], 11, "the key's opening quote");
    assert!(
        errors[0]["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `upfront_payment`?")
    );
    assert_eq!(errors[1]["key"], "passport_surrender");
    assert_eq!(errors[1]["column"], 36);
    assert!(
        errors[1]["help"]
            .as_str()
            .unwrap()
            .contains("`yes`, `no`, `unknown`")
    );

    assert!(records[2].get("id").is_none(), "no id, no id key");
    assert!(records[2]["level"].is_string());
    assert!(
        records[3]["error"][0]["message"]
            .as_str()
            .unwrap()
            .contains("invalid JSON")
    );
    assert_eq!(records[4]["id"], "case-6");

    assert!(
        stderr.contains("offers.jsonl:3:11 (id `2`): `upfront_paymnt`"),
        "{stderr}"
    );
    assert!(stderr.contains("offers.jsonl:5:"), "{stderr}");
    assert!(stderr.contains("3 offers assessed"), "{stderr}");
    assert!(stderr.contains("2 lines with errors"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

/// Standard input with `-`, the same records as from a file; several jobs
/// give the same output as one.
#[test]
fn stdin_and_jobs() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = write(&dir, "offers.jsonl", MIXED);
    let (_, from_file, _) = output(offercheck().args(["batch", "--jobs", "1"]).arg(&file));
    let (code, from_stdin, _) = output(
        offercheck()
            .args(["batch", "-", "--jobs", "3"])
            .write_stdin(MIXED),
    );
    assert_eq!(code, 2);
    assert_eq!(from_file, from_stdin);
}

/// An empty file is no error: nothing out, zero counts, exit 0.
#[test]
fn empty_file() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = write(&dir, "empty.jsonl", "");
    let (code, stdout, stderr) = output(offercheck().arg("batch").arg(&file));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("0 offers assessed"), "{stderr}");
    let (code, stdout, _) = output(offercheck().args(["batch", "-"]).write_stdin("\n\n"));
    assert_eq!(code, 0, "blank lines only");
    assert!(stdout.is_empty());
}

/// Exit codes: 0 below --fail-on, 1 when the worst line reaches it, 2 for a
/// missing file or a bad line (even when --fail-on is also reached).
#[test]
fn exit_codes() {
    let low = "{\"destination\": \"CA\", \"found_via\": \"government_programme\"}\n";
    let critical = "{\"military_or_combat_mention\": \"yes\"}\n";
    let (code, _, _) = output(
        offercheck()
            .args(["batch", "-", "--fail-on", "high"])
            .write_stdin(low),
    );
    assert_eq!(code, 0);
    let both = format!("{low}{critical}");
    let (code, _, _) = output(
        offercheck()
            .args(["batch", "-", "--fail-on", "high"])
            .write_stdin(both.clone()),
    );
    assert_eq!(code, 1, "the worst level decides");
    let (code, _, _) = output(offercheck().args(["batch", "-"]).write_stdin(both.clone()));
    assert_eq!(code, 0, "no --fail-on, no exit 1");
    let bad = format!("{both}{{\"destination\": \"Atlantis\"}}\n");
    let (code, stdout, _) = output(
        offercheck()
            .args(["batch", "-", "--fail-on", "high"])
            .write_stdin(bad),
    );
    assert_eq!(code, 2, "a bad line wins over --fail-on");
    assert_eq!(
        stdout.lines().count(),
        3,
        "and every line was still processed"
    );
    let (code, stdout, stderr) = output(offercheck().args(["batch", "/nonexistent/offers.jsonl"]));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("/nonexistent/offers.jsonl"), "{stderr}");
}

/// `--full` gives every key of the check report, with line and id.
#[test]
fn full_records() {
    let (code, stdout, _) = output(
        offercheck()
            .args(["batch", "-", "--full"])
            .write_stdin("{\"id\": \"x\", \"destination\": \"RU\"}\n"),
    );
    assert_eq!(code, 0);
    let record = &records(&stdout)[0];
    for key in [
        "line",
        "id",
        "schema_version",
        "level",
        "findings",
        "channels",
        "answers",
    ] {
        assert!(record.get(key).is_some(), "{key} missing");
    }
}

/// `--rules DIR` works as for check: a broken rule set exits 3.
#[test]
fn rules_dir() {
    let dir = crate::util::rules_copy();
    crate::util::edit(&dir, "ruleset.toml", "medium = 20", "medium = = 20");
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["batch", "-", "--rules"])
            .arg(dir.path())
            .write_stdin("{\"destination\": \"RU\"}\n"),
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.is_empty());
}

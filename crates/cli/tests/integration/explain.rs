//! `offercheck rules list` and `offercheck explain RULE_ID`: every rule
//! listed, one rule in full in words, JSON for scripts, ids in any case,
//! the nearest id for a typo. See issue 4.

use crate::util::{edit, json, offercheck, output, rules_copy};

/// The list has a header, one line per rule with severity and points, and a count.
#[test]
fn rules_list_text() {
    let (code, stdout, stderr) = output(offercheck().args(["rules", "list"]));
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "ID      SEVERITY  POINTS  TITLE");
    assert_eq!(
        lines[1],
        "MIL001  critical      80  Job linked to army, weapons or fighting"
    );
    let (_, listed, _) = output(offercheck().args(["rules", "list", "--format", "json"]));
    let count = json(&listed)["rules"].as_array().unwrap().len();
    assert_eq!(lines.len(), count + 3, "header, rules, blank, count");
    assert!(
        stdout.ends_with(&format!(
            "{count} rules in \"offercheck default rules\" 2026.11.0. `offercheck explain ID` shows one in full.\n"
        )),
        "{stdout}"
    );
}

/// The JSON list: schema version, rule set, and each rule's id, severity, points, critical, title.
#[test]
fn rules_list_json() {
    let (code, stdout, _) = output(offercheck().args(["rules", "list", "--format", "json"]));
    assert_eq!(code, 0);
    let list = json(&stdout);
    assert_eq!(list["schema_version"], 1);
    assert_eq!(list["ruleset"]["name"], "offercheck default rules");
    let rules = list["rules"].as_array().unwrap();
    assert!(rules.len() >= 30);
    for rule in rules {
        for key in ["rule", "severity", "points", "critical", "title"] {
            assert!(!rule[key].is_null(), "{key} missing: {rule}");
        }
    }
    assert_eq!(rules[0]["rule"], "MIL001");
    assert_eq!(rules[0]["critical"], true);
}

/// `rules list --rules DIR` lists that set.
#[test]
fn rules_list_other_set() {
    let dir = rules_copy();
    edit(
        &dir,
        "red-flags.toml",
        "title = \"Job linked to army, weapons or fighting\"",
        "title = \"Edited title\"",
    );
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["rules", "list", "--rules"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("MIL001  critical      80  Edited title"),
        "{stdout}"
    );
}

/// What a rule keeper reads for one rule (snapshot); the id in lower case works.
#[test]
fn explain_text() {
    let (code, stdout, stderr) = output(offercheck().args(["explain", "mil002"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout
            .lines()
            .all(|line| line.chars().count() <= 80 || line.trim_start().starts_with("http"))
    );
    insta::assert_snapshot!("explain_mil002", stdout);
}

/// The JSON explanation has the rule in full, the condition in words and its questions.
#[test]
fn explain_json() {
    let (code, stdout, _) = output(offercheck().args(["explain", "Fee006", "--format", "json"]));
    assert_eq!(code, 0);
    let rule = json(&stdout);
    assert_eq!(rule["schema_version"], 1);
    assert_eq!(rule["rule"], "FEE006");
    for key in [
        "title", "severity", "points", "critical", "why", "advice", "ruleset",
    ] {
        assert!(!rule[key].is_null(), "{key} missing");
    }
    let condition = rule["condition"].as_str().unwrap();
    assert!(condition.starts_with("all of these:\n  - "), "{condition}");
    assert!(
        condition.contains("(payment_amount_kes): at least 100,000"),
        "{condition}"
    );
    assert!(
        condition.contains("(payment_amount_kes): less than 1,000,000"),
        "{condition}"
    );
    let questions: Vec<&str> = rule["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        questions,
        ["origin", "upfront_payment", "payment_amount_kes"]
    );
    assert!(
        rule["sources"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
}

/// An unknown id exits 2, with the nearest id when there is one.
#[test]
fn explain_unknown_rule() {
    let (code, stdout, stderr) = output(offercheck().args(["explain", "FE006"]));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "offercheck: error: unknown rule `FE006`\n  help: did you mean `FEE006`? `offercheck rules list` lists every rule id\n"
    );
    let (code, _, stderr) = output(offercheck().args(["explain", "nothing-like-it"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("help: `offercheck rules list` lists every rule id"),
        "{stderr}"
    );
    let (code, _, _) = output(offercheck().arg("explain"));
    assert_eq!(code, 2, "a missing id is a usage error");
}

//! Limits against hostile input: oversized rule and answers files, deep
//! nesting, too many rules or questions or answers, an oversized offer text.
//! Each is refused with a clear message and the right exit code, never a
//! crash or a hang. See issue 4.

use std::fs;

use crate::util::{offercheck, output, rules_copy};

/// The lines of the default rule file `name`.
fn default_rule_file(name: &str) -> String {
    fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../rules")
            .join(name),
    )
    .unwrap()
}

/// A rule file over 10 MB is refused before it is parsed.
#[test]
fn oversized_rule_file() {
    let dir = rules_copy();
    let path = dir.path().join("red-flags.toml");
    let mut text = default_rule_file("red-flags.toml");
    text.push_str(&"# padding\n".repeat(1_100_000));
    fs::write(&path, text).unwrap();
    let (code, _, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 3);
    assert!(
        stderr.contains("./red-flags.toml: the file is larger than 10485760 bytes, the limit"),
        "{stderr}"
    );
}

/// A condition nested 10,000 levels deep is refused with its line, not a stack overflow.
#[test]
fn deeply_nested_condition() {
    let dir = rules_copy();
    let depth = 10_000;
    let condition = format!(
        "{}{{ question = \"upfront_payment\", is = \"yes\" }}{}",
        "{ not = ".repeat(depth),
        " }".repeat(depth)
    );
    let text = default_rule_file("red-flags.toml").replacen(
        "when = { question = \"military_or_combat_mention\", is = \"yes\" }",
        &format!("when = {condition}"),
        1,
    );
    fs::write(dir.path().join("red-flags.toml"), text).unwrap();
    let (code, _, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 3, "{stderr}");
    let when_line = default_rule_file("red-flags.toml")
        .lines()
        .position(|line| line.contains("military_or_combat_mention\", is = \"yes\" }"))
        .expect("MIL001's condition")
        + 1;
    assert!(
        stderr.contains(&format!("./red-flags.toml:{when_line}:")),
        "{stderr}"
    );
    assert!(stderr.contains("nested too deeply"), "{stderr}");
    assert!(
        stderr.len() < 2_000,
        "the long line is cut: {} bytes",
        stderr.len()
    );
}

/// More than 1000 rules: refused at the first one past the limit.
#[test]
fn too_many_rules() {
    let dir = rules_copy();
    let mut text = String::new();
    for n in 0..1001 {
        text.push_str(&format!(
            "[[rule]]\nid = \"GEN{:03}\"\ntitle = \"t\"\nseverity = \"low\"\npoints = 1\nwhen = {{ question = \"upfront_payment\", is = \"yes\" }}\nwhy = \"w\"\nadvice = \"a\"\nsources = [{{ title = \"s\", url = \"https://example.org/\" }}]\n\n",
            n % 1000
        ));
    }
    fs::write(dir.path().join("zz-many.toml"), text).unwrap();
    let (code, _, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 3);
    let default_rules = offercheck::default_rules::rule_set().unwrap().rules.len();
    assert!(
        stderr.contains(&format!(
            "the rule set has {} `[[rule]]` entries; the limit is 1000",
            default_rules + 1001
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("this is the first one past the limit"),
        "{stderr}"
    );
}

/// More than 300 questions: refused at the first one past the limit.
#[test]
fn too_many_questions() {
    let dir = rules_copy();
    let mut text = String::new();
    for n in 0..300 {
        text.push_str(&format!(
            "[[question]]\nid = \"extra_{n}\"\nsection = \"money\"\nkind = \"yes_no\"\nprompt = \"p\"\nhelp = \"h\"\n\n"
        ));
    }
    fs::write(dir.path().join("zz-questions.toml"), text).unwrap();
    let (code, _, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 3);
    assert!(
        stderr.contains("./zz-questions.toml:")
            && stderr.contains("`[[question]]` entries; the limit is 300"),
        "{stderr}"
    );
}

/// An answers file over 10 MB, or with more than 1000 answers, is refused (exit 2).
#[test]
fn oversized_answers_files() {
    let dir = tempfile::TempDir::new().unwrap();
    let big = dir.path().join("big.toml");
    fs::write(
        &big,
        format!("destination = \"RU\"\n{}", "# padding\n".repeat(1_100_000)),
    )
    .unwrap();
    let (code, _, stderr) = output(offercheck().args(["check", "--answers"]).arg(&big));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the file is larger than 10485760 bytes"),
        "{stderr}"
    );

    let many = dir.path().join("many.json");
    let keys: Vec<String> = (0..5000).map(|n| format!("\"q{n}\": \"yes\"")).collect();
    fs::write(&many, format!("{{{}}}", keys.join(", "))).unwrap();
    let (code, _, stderr) = output(offercheck().args(["check", "--answers"]).arg(&many));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the file holds 5000 answers; the limit is 1000"),
        "{stderr}"
    );

    let stdin_big = format!(
        "{{\"destination\": \"RU\", \"offer_text\": \"{}\"}}",
        "a".repeat(11 * 1024 * 1024)
    );
    let (code, _, stderr) = output(
        offercheck()
            .args(["check", "--answers", "-"])
            .write_stdin(stdin_big),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("more than 10485760 bytes of answers"),
        "{stderr}"
    );
}

/// Many bad answers: the first 50 are described, the rest counted.
#[test]
fn many_bad_answers_are_counted() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("bad.json");
    let keys: Vec<String> = (0..300).map(|n| format!("\"q{n:03}\": \"yes\"")).collect();
    fs::write(&file, format!("{{{}}}", keys.join(", "))).unwrap();
    let (code, _, stderr) = output(offercheck().args(["check", "--answers"]).arg(&file));
    assert_eq!(code, 2);
    assert_eq!(stderr.matches("unknown question").count(), 50, "{stderr}");
    assert!(
        stderr.contains("bad.json: 250 more problems are not shown"),
        "{stderr}"
    );
}

/// Deeply nested answers (TOML and JSON) are refused with a position.
#[test]
fn deeply_nested_answers() {
    let dir = tempfile::TempDir::new().unwrap();
    let toml = dir.path().join("deep.toml");
    fs::write(
        &toml,
        format!(
            "destination = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    let (code, _, stderr) = output(offercheck().args(["check", "--answers"]).arg(&toml));
    assert_eq!(code, 2);
    assert!(stderr.contains("deep.toml:1:"), "{stderr}");
    assert!(stderr.len() < 2_000, "{stderr}");
    let json = dir.path().join("deep.json");
    fs::write(
        &json,
        format!(
            "{{\"destination\": {}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    let (code, _, stderr) = output(offercheck().args(["check", "--answers"]).arg(&json));
    assert_eq!(code, 2);
    assert!(stderr.contains("deep.json:1:"), "{stderr}");
    assert!(stderr.contains("recursion limit exceeded"), "{stderr}");
}

/// An offer text over 100 kB is refused with the limit; just under it is accepted.
#[test]
fn offer_text_limit() {
    let (code, _, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--destination",
        "RU",
        "--offer-text",
        &"a".repeat(100 * 1024 + 1),
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--offer-text: the text is 102401 bytes long; the limit is 102400"),
        "{stderr}"
    );
    let (code, _, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--destination",
        "RU",
        "--offer-text",
        &"a".repeat(100 * 1024),
    ]));
    assert_eq!(code, 0, "{stderr}");
}

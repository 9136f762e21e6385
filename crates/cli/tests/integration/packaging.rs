//! Completions, man pages and --version. See issue 7.

use crate::util::{offercheck, output};

/// Every shell gets a completion script that knows the question flags.
#[test]
fn completions_include_question_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, stderr) = output(offercheck().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(
            stdout.contains("upfront-payment"),
            "{shell} lacks the question flags"
        );
        assert!(stdout.contains("batch"), "{shell} lacks the batch command");
    }
    let (code, _, stderr) = output(offercheck().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("bash"), "{stderr}");
}

/// `man` prints a roff page; `man check` documents every question flag.
#[test]
fn man_pages() {
    let (code, stdout, _) = output(offercheck().arg("man"));
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH offercheck 1"), "{stdout}");
    assert!(stdout.contains("batch"));
    let (code, stdout, _) = output(offercheck().args(["man", "check"]));
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH offercheck-check 1"));
    assert!(
        stdout.contains("military\\-or\\-combat\\-mention"),
        "question flags in the page"
    );
    let (code, stdout, stderr) = output(offercheck().args(["man", "nope"]));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("`nope`") && stderr.contains("`check`"),
        "{stderr}"
    );
}

/// --version names the program's and the rule set's versions.
#[test]
fn version_includes_rules_version() {
    let rules: toml::Table = toml::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/ruleset.toml"
        ))
        .unwrap(),
    )
    .unwrap();
    let version = rules["ruleset"]["version"].as_str().unwrap();
    for flag in ["--version", "-V"] {
        let (code, stdout, _) = output(offercheck().arg(flag));
        assert_eq!(code, 0);
        assert_eq!(
            stdout.trim(),
            format!("offercheck {} (rules {version})", env!("CARGO_PKG_VERSION"))
        );
    }
}

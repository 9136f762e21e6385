//! Recruiter contact checks and scanning the advert text, end to end through
//! the binary. See issue 5.

use std::fs;

use crate::util::{fixture, json, offercheck, output};

/// Runs a check with flags and returns the JSON report.
fn report(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["--no-input", "--format", "json"])
            .args(args),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    json(&stdout)
}

fn rules_fired(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The realistic adverts: every fraudulent one lights up advert rules and
/// reaches at least `high`; no honest one fires any advert rule.
#[test]
fn adverts_fraudulent_and_honest() {
    let dir = fixture("adverts");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        seen += 1;
        let text = fs::read_to_string(&path).unwrap();
        let report = report(&["--offer-text", &text]);
        let advert_rules: Vec<String> = rules_fired(&report)
            .into_iter()
            .filter(|r| r.starts_with("ADV"))
            .collect();
        if name.starts_with("fraud-") {
            assert!(advert_rules.len() >= 2, "{name}: {advert_rules:?}");
            assert!(
                ["high", "critical"].contains(&report["level"].as_str().unwrap()),
                "{name}: {}",
                report["level"]
            );
            for finding in report["findings"].as_array().unwrap() {
                assert!(
                    !finding["quotes"].as_array().unwrap().is_empty(),
                    "{name}: {} quotes nothing",
                    finding["rule"]
                );
            }
        } else {
            assert!(name.starts_with("honest-"), "{name}");
            assert!(advert_rules.is_empty(), "{name}: {advert_rules:?}");
        }
    }
    assert!(seen >= 10, "only {seen} adverts");
}

/// Each contact check shows in the findings with what it found.
#[test]
fn contact_details_are_checked() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--recruiter-website", "https://nea-kenya.com/jobs"],
            "WEB007",
            "nea-kenya.com",
        ),
        (
            &["--recruiter-website", "https://bit.ly/3xyz"],
            "WEB004",
            "bit.ly",
        ),
        (
            &["--recruiter-website", "https://wa.me/254700000000"],
            "WEB006",
            "wa.me",
        ),
        (
            &["--recruiter-website", "http://41.90.1.2/apply"],
            "WEB002",
            "41.90.1.2",
        ),
        (
            &["--recruiter-email", "ministry.jobs@gmail.com"],
            "EML003",
            "ministry.jobs@gmail.com",
        ),
        (
            &[
                "--recruiter-email",
                "jobs@gmail.com",
                "--found-via",
                "licensed_agency",
            ],
            "EML001",
            "jobs@gmail.com",
        ),
        (
            &[
                "--recruiter-phone",
                "+7 900 000 0000",
                "--found-via",
                "licensed_agency",
                "--destination",
                "QA",
            ],
            "TEL001",
            "+7",
        ),
    ];
    for (args, rule, quoted) in cases {
        let report = report(args);
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == *rule)
            .unwrap_or_else(|| panic!("{args:?}: {rule} did not fire: {:?}", rules_fired(&report)));
        let quotes = finding["quotes"].to_string();
        assert!(quotes.contains(quoted), "{args:?}: {quotes}");
    }
}

/// An honest company's contact details fire none of the contact rules.
#[test]
fn honest_contact_details_are_quiet() {
    let report = report(&[
        "--recruiter-website",
        "https://www.example-agency.co.ke/careers",
        "--recruiter-email",
        "jobs@example-agency.co.ke",
        "--recruiter-phone",
        "+254 20 000 0000",
        "--found-via",
        "licensed_agency",
        "--destination",
        "QA",
    ]);
    let contact: Vec<String> = rules_fired(&report)
        .into_iter()
        .filter(|r| r.starts_with("WEB") || r.starts_with("EML") || r.starts_with("TEL"))
        .collect();
    assert!(contact.is_empty(), "{contact:?}");
}

/// Non-web schemes are refused with a clear message, not checked.
#[test]
fn non_web_schemes_are_refused() {
    for address in [
        "javascript:alert(1)",
        "data:text/html,hello",
        "file:///etc/passwd",
    ] {
        let (code, _, stderr) =
            output(offercheck().args(["--no-input", "--recruiter-website", address]));
        assert_eq!(code, 2, "{address}");
        assert!(stderr.contains("not web addresses"), "{address}: {stderr}");
    }
}

/// Hostile input through the command line: a 100 kB URL and 100 kB of text
/// are handled (or refused) without a panic.
#[test]
fn hostile_input_does_not_panic() {
    let long_url = format!("https://{}.com", "a".repeat(100_000));
    let long_text = "Pay a deposit now! ".repeat(5_000);
    for args in [
        vec!["--recruiter-website", long_url.as_str()],
        vec!["--offer-text", long_text.as_str()],
        vec!["--recruiter-email", "\u{7}@\u{1b}"],
        vec!["--offer-text", "dеposit пaу nоw"],
    ] {
        let (code, _, stderr) = output(offercheck().arg("--no-input").args(&args));
        assert!(code == 0 || code == 2, "{code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The same contact details and advert in a file, as flags, give the same findings
/// (the signals come from the answers, whatever their route).
#[test]
fn signals_in_every_format() {
    let file = fixture("answers/fraud-russia.toml");
    let (_, stdout, _) = output(
        offercheck()
            .args(["--format", "json", "--answers"])
            .arg(&file),
    );
    let rules = rules_fired(&json(&stdout));
    for rule in ["WEB001", "WEB005", "EML003", "ADV006"] {
        assert!(
            rules.contains(&rule.to_string()),
            "{rule} missing: {rules:?}"
        );
    }
}

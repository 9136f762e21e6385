//! `offercheck check`: flags, answers files, output formats, exit codes and
//! every kind of bad input. See issue 2.

use crate::util::{edit, fixture, json, offercheck, output, rules_copy};

/// The JSON report has the keys SPEC promises, with the right types.
#[test]
fn json_report_has_the_contract_keys() {
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--format",
        "json",
        "--destination",
        "RU",
        "--upfront-payment",
        "yes",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let report = json(&stdout);
    assert_eq!(report["schema_version"], 1);
    assert!(["low", "medium", "high", "critical"].contains(&report["level"].as_str().unwrap()));
    assert!(report["score"].is_u64());
    assert!(report["unanswered"].is_array());
    assert!(
        !report["channels"].as_array().unwrap().is_empty(),
        "Kenyan channels listed by default"
    );
    for channel in report["channels"].as_array().unwrap() {
        for key in ["name", "purpose", "source", "checked", "reasons"] {
            assert!(!channel[key].is_null(), "channel without {key}: {channel}");
        }
        assert!(!channel["reasons"].as_array().unwrap().is_empty());
    }
    let findings = report["findings"].as_array().unwrap();
    assert!(
        !findings.is_empty(),
        "a Russian destination with a fee is a warning sign"
    );
    for finding in findings {
        for key in [
            "rule", "title", "severity", "points", "why", "advice", "sources",
        ] {
            assert!(!finding[key].is_null(), "finding without {key}: {finding}");
        }
        assert!(!finding["sources"].as_array().unwrap().is_empty());
    }
}

/// The Kenya–Russia pattern is critical, and `--fail-on` turns that into exit 1.
#[test]
fn fraudulent_offer_is_critical_and_fails_on_high() {
    let file = fixture("answers/fraud-russia.toml");
    let (code, stdout, _) = output(
        offercheck()
            .args(["check", "--format", "json", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 0, "without --fail-on an assessment exits 0");
    assert_eq!(json(&stdout)["level"], "critical");
    assert!(!json(&stdout)["forced_by"].as_array().unwrap().is_empty());

    let (code, _, _) = output(
        offercheck()
            .args(["check", "--fail-on", "high", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 1);
    let (code, _, _) = output(
        offercheck()
            .args(["check", "--fail-on", "CRITICAL", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 1, "levels are accepted in any case");
}

/// A careful government-programme offer is low, below --fail-on medium, and
/// still not called safe.
#[test]
fn clean_offer_is_low_and_never_called_safe() {
    let file = fixture("answers/government-programme.toml");
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--fail-on", "medium", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("does not mean the offer is safe"),
        "{stdout}"
    );
    let (_, stdout, _) = output(
        offercheck()
            .args(["check", "--format", "json", "--answers"])
            .arg(&file),
    );
    let report = json(&stdout);
    assert_eq!(report["level"], "low");
    assert_eq!(report["complete"], true);
}

/// An almost empty answer set says plainly that there is not enough to judge.
#[test]
fn almost_empty_offer_is_not_enough_information() {
    let file = fixture("answers/almost-empty.toml");
    let (code, stdout, _) = output(offercheck().args(["check", "--answers"]).arg(&file));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("NOT ENOUGH INFORMATION"), "{stdout}");
    let (_, stdout, _) = output(
        offercheck()
            .args(["check", "--format", "json", "--answers"])
            .arg(&file),
    );
    let report = json(&stdout);
    assert_eq!(report["complete"], false);
    assert_eq!(
        report["answers"]["destination"], "QA",
        "country names become codes"
    );
    assert_eq!(
        report["answers"]["origin"], "KE",
        "origin defaults to Kenya"
    );
    assert!(report["unanswered"].as_array().unwrap().len() > 20);
}

/// The same answers as TOML, as JSON, through stdin and as flags give the same report.
#[test]
fn every_input_route_gives_the_same_report() {
    let toml_file = fixture("answers/fraud-russia.toml");
    let json_file = fixture("answers/fraud-russia.json");
    let run = |cmd: &mut assert_cmd::Command| {
        let (code, stdout, stderr) = output(cmd);
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let from_toml = run(offercheck()
        .args(["check", "--format", "json", "--answers"])
        .arg(&toml_file));
    let from_json = run(offercheck()
        .args(["check", "--format", "json", "--answers"])
        .arg(&json_file));
    let from_stdin = run(offercheck()
        .args(["check", "--format", "json", "--answers", "-"])
        .pipe_stdin(&json_file)
        .expect("stdin"));
    let answers: toml::Table =
        toml::from_str(&std::fs::read_to_string(&toml_file).unwrap()).unwrap();
    let mut cmd = offercheck();
    cmd.args(["check", "--no-input", "--format", "json"]);
    for (id, value) in &answers {
        let value = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        cmd.arg(format!("--{}", id.replace('_', "-"))).arg(value);
    }
    let from_flags = run(&mut cmd);
    assert_eq!(from_toml, from_json);
    assert_eq!(from_toml, from_stdin);
    assert_eq!(from_toml, from_flags);
}

/// A flag overrides the same answer in the file.
#[test]
fn flags_override_the_answers_file() {
    let file = fixture("answers/fraud-russia.toml");
    let (_, stdout, _) = output(
        offercheck()
            .args([
                "check",
                "--format",
                "json",
                "--military-or-combat-mention",
                "no",
                "--answers",
            ])
            .arg(&file),
    );
    let report = json(&stdout);
    assert_eq!(report["answers"]["military_or_combat_mention"], "no");
    let evidence_of_military = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evidence"].as_array().unwrap())
        .any(|e| e["question"] == "military_or_combat_mention" && e["answer"] == "yes");
    assert!(!evidence_of_military);
}

/// Countries by name in any case, choices in kebab-case, lists comma-separated.
#[test]
fn lenient_value_spellings_are_accepted() {
    let (code, stdout, stderr) = output(offercheck().args([
        "--no-input",
        "--format=json",
        "--destination",
        "united arab emirates",
        "--found-via",
        "Social-Media-Or-Messaging",
        "--upfront-payment",
        "yes",
        "--payment-purposes",
        "visa, deposit",
        "--payment-amount-kes",
        "150,000",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let answers = &json(&stdout)["answers"];
    assert_eq!(answers["destination"], "AE");
    assert_eq!(answers["found_via"], "social_media_or_messaging");
    assert_eq!(
        answers["payment_purposes"],
        serde_json::json!(["visa", "deposit"])
    );
    assert_eq!(answers["payment_amount_kes"], 150000);
}

/// Without a terminal and without answers: exit 2 and say how to run it.
#[test]
fn no_answers_is_a_usage_error() {
    let (code, stdout, stderr) = output(offercheck().arg("check"));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("--answers"), "{stderr}");
    assert!(
        stderr.contains("only when standard input and standard error are terminals"),
        "{stderr}"
    );
    let (code, _, _) = output(&mut offercheck());
    assert_eq!(code, 2, "no arguments at all means `check`");
    let (code, _, stderr) = output(offercheck().args(["check", "--no-input"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--no-input turns the questions off"),
        "{stderr}"
    );
}

/// Bad answers exit 2 and name the key, what is valid and the nearest id.
#[test]
fn bad_answers_are_explained() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--upfront-payment", "maybe"],
            &["--upfront-payment", "`maybe`", "`yes`, `no`, `unknown`"],
        ),
        (
            &["--found-via", "facebok"],
            &["--found-via", "`facebok`", "social_media_or_messaging"],
        ),
        (
            &["--destination", "Rusia"],
            &["--destination", "`Rusia`", "did you mean `Russia`?"],
        ),
        (
            &["--payment-amount-kes", "a lot"],
            &["--payment-amount-kes", "not a number"],
        ),
        (
            &["--payment-amount-kes", "-5"],
            &["--payment-amount-kes", "0 or more"],
        ),
        (
            &["--payment-purposes", "visa,bribe"],
            &["--payment-purposes", "`bribe`"],
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = output(offercheck().arg("--no-input").args(*args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        for text in *expected {
            assert!(
                stderr.contains(text),
                "{args:?}: expected {text:?} in:\n{stderr}"
            );
        }
    }
}

/// A misspelt flag gets clap's suggestion and exit 2.
#[test]
fn unknown_flag_suggests_the_nearest() {
    let (code, _, stderr) = output(offercheck().args(["--no-input", "--upfront-paymnt", "yes"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--upfront-payment"), "{stderr}");
}

/// Answers files: unknown key with a suggestion and a line, wrong types,
/// syntax errors with line and column, a missing file, an unknown extension.
#[test]
fn bad_answers_files_are_explained() {
    let dir = tempfile::TempDir::new().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let cases = [
        (
            write(
                "typo.toml",
                "destination = \"RU\"\nupfront_paymnt = \"yes\"\n",
            ),
            vec![
                "typo.toml:2:1",
                "unknown question `upfront_paymnt`",
                "did you mean `upfront_payment`?",
            ],
        ),
        (
            write("type.json", "{\"upfront_payment\": 5}"),
            vec!["type.json:1:2", "`upfront_payment`", "found a number"],
        ),
        (
            write(
                "value.json",
                "{\n  \"destination\": \"RU\",\n  \"upfront_payment\": \"maybe\"\n}",
            ),
            vec![
                "value.json:3:3",
                "`maybe` is not yes or no",
                "3 |   \"upfront_payment\": \"maybe\"",
            ],
        ),
        (
            write(
                "syntax.toml",
                "destination = \"RU\"\nupfront_payment = yes\n",
            ),
            vec!["syntax.toml:2:19", "invalid TOML"],
        ),
        (
            write("syntax.json", "{\n  \"destination\": \"RU\",\n}"),
            vec!["syntax.json:3:1", "invalid JSON"],
        ),
        (
            write("nested.toml", "[destination]\nname = \"RU\"\n"),
            vec!["nested.toml:1:2", "`destination`", "found a table"],
        ),
        (
            dir.path().join("missing.toml"),
            vec!["missing.toml", "cannot read"],
        ),
        (
            write("answers.yaml", "destination: RU\n"),
            vec!["answers.yaml", "*.toml or *.json"],
        ),
        (write("binary.toml", "\u{0}\u{1}\u{2}"), vec!["binary.toml"]),
    ];
    for (path, expected) in cases {
        let (code, stdout, stderr) = output(offercheck().args(["check", "--answers"]).arg(&path));
        assert_eq!(code, 2, "{}: {stderr}", path.display());
        assert!(stdout.is_empty());
        assert!(!stderr.contains("panicked"), "{stderr}");
        for text in expected {
            assert!(
                stderr.contains(text),
                "{}: expected {text:?} in:\n{stderr}",
                path.display()
            );
        }
    }
}

/// A bad answer read from stdin names its line and column too.
#[test]
fn bad_answer_on_stdin_names_line_and_column() {
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--no-input", "--answers", "-"])
            .write_stdin("{\"destination\": \"RU\",\n \"upfront_paymnt\": \"yes\"}"),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("<stdin>:2:2: `upfront_paymnt`"), "{stderr}");
    assert!(
        stderr.contains("did you mean `upfront_payment`?"),
        "{stderr}"
    );
}

/// Several bad answers are all reported at once.
#[test]
fn every_bad_answer_is_reported() {
    let (code, _, stderr) = output(offercheck().args([
        "--no-input",
        "--upfront-payment",
        "maybe",
        "--destination",
        "Atlantis",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--upfront-payment") && stderr.contains("--destination"),
        "{stderr}"
    );
}

/// A broken rule set exits 3 and names the file, line and column.
#[test]
fn broken_rules_exit_3_with_position() {
    let syntax = rules_copy();
    edit(&syntax, "ruleset.toml", "medium = 20", "medium = = 20");
    let unknown_field = rules_copy();
    edit(&unknown_field, "ruleset.toml", "medium = 20", "medim = 20");
    let bad_question = rules_copy();
    edit(
        &bad_question,
        "questions.toml",
        "question = \"upfront_payment\"",
        "question = \"upfront_paymnt\"",
    );
    let thresholds = rules_copy();
    edit(&thresholds, "ruleset.toml", "high = 45", "high = 5");
    let bad_default = rules_copy();
    edit(
        &bad_default,
        "questions.toml",
        "default = \"KE\"",
        "default = \"Kenia\"",
    );
    let unknown_default = rules_copy();
    edit(
        &unknown_default,
        "questions.toml",
        "default = \"KE\"",
        "default = \"unknown\"",
    );
    let long_short = rules_copy();
    edit(
        &long_short,
        "questions.toml",
        "short = \"House work\"",
        "short = \"House work of every kind, inside and out\"",
    );
    let stray_short = rules_copy();
    edit(
        &stray_short,
        "sw.toml",
        "short_choices = { domestic_work",
        "short_choices = { domestic_wrk = \"Nyumbani\", domestic_work",
    );
    let untranslated_short = rules_copy();
    edit(
        &untranslated_short,
        "sw.toml",
        "employer_directly = \"Mwajiri mwenyewe, moja kwa moja\", ",
        "",
    );
    let cases = [
        (&syntax, vec!["ruleset.toml:", "medium = = 20"]),
        (&unknown_field, vec!["ruleset.toml:", "medim"]),
        (
            &bad_question,
            vec![
                "questions.toml:",
                "unknown question `upfront_paymnt`",
                "did you mean `upfront_payment`?",
            ],
        ),
        (&thresholds, vec!["ruleset.toml:", "must increase"]),
        (
            &bad_default,
            vec![
                "questions.toml:65:11",
                "invalid default for `origin`: `Kenia` is not a country this tool knows",
                "Kenya",
            ],
        ),
        (
            &unknown_default,
            vec!["questions.toml:65:11", "a default cannot be `unknown`"],
        ),
        (
            &long_short,
            vec![
                "questions.toml:",
                "the `short` label of choice `domestic_work` has 40 characters; it must be shorter than the label and at most 28",
            ],
        ),
        (
            &stray_short,
            vec![
                "sw.toml:",
                "`job_type` has no choice `domestic_wrk`",
                "did you mean `domestic_work`?",
            ],
        ),
        (
            &untranslated_short,
            vec![
                "sw.toml:",
                "`lang.sw.questions.found_via.short_choices.employer_directly` has no translated label beside it",
            ],
        ),
    ];
    for (dir, expected) in cases {
        let (code, stdout, stderr) = output(
            offercheck()
                .args(["--no-input", "--destination", "RU", "--rules"])
                .arg(dir.path()),
        );
        assert_eq!(code, 3, "{stderr}");
        assert!(stdout.is_empty());
        for text in expected {
            assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
        }
    }
    let (code, _, stderr) = output(offercheck().args([
        "--no-input",
        "--destination",
        "RU",
        "--rules",
        "/nonexistent/rules",
    ]));
    assert_eq!(code, 3);
    assert!(stderr.contains("/nonexistent/rules"), "{stderr}");
}

/// An unmodified copy of the rules loads exactly like the embedded set.
#[test]
fn rules_dir_copy_matches_embedded() {
    let dir = rules_copy();
    let file = fixture("answers/fraud-russia.toml");
    let (_, embedded, _) = output(
        offercheck()
            .args(["--format", "json", "--answers"])
            .arg(&file),
    );
    let (code, copied, stderr) = output(
        offercheck()
            .args(["--format", "json", "--answers"])
            .arg(&file)
            .arg("--rules")
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(embedded, copied);
}

/// `check --help` lists a flag for every question, grouped by section.
#[test]
fn help_lists_every_question_flag() {
    let (code, stdout, _) = output(offercheck().args(["check", "--help"]));
    assert_eq!(code, 0);
    for flag in [
        "--upfront-payment",
        "--payment-purposes",
        "--military-or-combat-mention",
        "--offer-text",
        "--origin",
    ] {
        assert!(stdout.contains(flag), "{flag} missing from help");
    }
    assert!(stdout.contains("Questions: Money"), "{stdout}");
}

/// What a person reads for the Kenya–Russia pattern (snapshot).
#[test]
fn text_report_snapshot() {
    let file = fixture("answers/fraud-russia.toml");
    let (code, stdout, _) = output(offercheck().args(["check", "--answers"]).arg(&file));
    assert_eq!(code, 0);
    assert!(
        stdout
            .lines()
            .all(|line| line.chars().count() <= 80 || line.trim_start().starts_with("http")),
        "a line is wider than 80 columns"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
    insta::assert_snapshot!("fraud_russia_text", stdout);
}

/// What a Swahili speaker reads for the Kenya–Russia pattern (snapshot). See issue 6.
#[test]
fn swahili_text_report_snapshot() {
    let file = fixture("answers/fraud-russia.toml");
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--no-input", "--lang", "sw", "--answers"])
            .arg(&file),
    );
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("fraud_russia_text_sw", stdout);
}

/// `LANG=sw_KE.UTF-8` selects Swahili; LC_ALL wins over LANG; --lang wins over both.
#[test]
fn language_comes_from_the_environment() {
    let file = fixture("answers/fraud-russia.toml");
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = offercheck();
        for (key, value) in envs {
            cmd.env(key, value);
        }
        cmd.args(["check", "--no-input"])
            .args(args)
            .arg("--answers")
            .arg(&file);
        output(&mut cmd)
    };
    let (code, stdout, _) = run(&[("LANG", "sw_KE.UTF-8")], &[]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("HATARI: USILIPE"), "{stdout}");
    let (_, stdout, _) = run(&[("LANG", "sw_KE.UTF-8"), ("LC_ALL", "en_US.UTF-8")], &[]);
    assert!(stdout.starts_with("DANGER"), "{stdout}");
    let (_, stdout, _) = run(&[("LANG", "sw_KE.UTF-8")], &["--lang", "en"]);
    assert!(stdout.starts_with("DANGER"), "{stdout}");
    let (_, stdout, _) = run(&[("LANG", "fr_FR.UTF-8")], &[]);
    assert!(stdout.starts_with("DANGER"), "English is the fallback");
    let (_, stdout, _) = run(&[], &["--format", "json", "--lang", "sw"]);
    let report = json(&stdout);
    assert_eq!(report["lang"], "sw");
    assert_eq!(report["level"], "critical", "ids and levels stay English");
}

/// An unknown --lang is a usage error that lists the languages.
#[test]
fn unknown_language_is_a_usage_error() {
    let (code, _, stderr) =
        output(offercheck().args(["check", "--no-input", "--lang", "fr", "--destination", "RU"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`fr`") && stderr.contains("`sw`"),
        "{stderr}"
    );
}

/// A translation of an id the rule set lacks, or with a foreign placeholder,
/// is a rule-file error with its line and column.
#[test]
fn bad_translations_exit_3_with_position() {
    let dir = rules_copy();
    edit(
        &dir,
        "sw.toml",
        "[lang.sw.rules.FEE001]",
        "[lang.sw.rules.FEEO01]",
    );
    edit(
        &dir,
        "sw.toml",
        "warning_signs_many = \"dalili {count} za hatari\"",
        "warning_signs_many = \"dalili {idadi} za hatari\"",
    );
    let (code, _, stderr) = output(
        offercheck()
            .args(["check", "--no-input", "--destination", "RU", "--rules"])
            .arg(dir.path()),
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("unknown rule `FEEO01`"), "{stderr}");
    assert!(stderr.contains("did you mean `FEE001`"), "{stderr}");
    assert!(stderr.contains("`{idadi}`"), "{stderr}");
    assert!(
        stderr.contains("sw.toml:"),
        "file, line and column: {stderr}"
    );
}

/// A flag's value that is not UTF-8 is refused with the flag named and the
/// bad byte shown, not clap's "invalid UTF-8 was detected in one or more
/// arguments".
#[cfg(unix)]
#[test]
fn a_flag_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let value = std::ffi::OsStr::from_bytes(b"R\xFFU");
    for flag in ["--destination", "--lang"] {
        let (code, stdout, stderr) = output(
            offercheck()
                .args(["check", "--no-input", "--upfront-payment", "yes", flag])
                .arg(value),
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(&format!("{flag}: the value `R\\xFFU` is not UTF-8 text")),
            "{stderr}"
        );
        assert!(stderr.contains("help: give it as UTF-8"), "{stderr}");
    }
}

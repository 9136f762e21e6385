//! `offercheck rules check [DIR]`: each way a rule set can be wrong, made in
//! a copy of the default rules, gives a diagnostic with file, line, column
//! and the source line marked (snapshots), exit 3; a clean set exits 0; and
//! `check --rules DIR` shows the very same diagnostics. See issue 4.
//!
//! Each command runs inside the copy with the relative path `.`, so the
//! snapshots hold `./red-flags.toml:…`, not a temporary path.

use tempfile::TempDir;

use crate::util::{edit, offercheck, output, rules_copy};

/// `rules check .` in `dir`: the exit code and stderr, for a snapshot.
fn rules_check(dir: &TempDir) -> String {
    let (code, stdout, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert!(
        stdout.is_empty(),
        "nothing on stdout when there are problems: {stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    format!("exit code: {code}\n{stderr}")
}

/// One corruption of the default set, checked against its snapshot.
fn corrupt(name: &str, edits: &[(&str, &str, &str)]) {
    let dir = rules_copy();
    for (file, from, to) in edits {
        edit(&dir, file, from, to);
    }
    let shown = rules_check(&dir);
    assert!(shown.starts_with("exit code: 3\n"), "{shown}");
    insta::assert_snapshot!(name, shown);
}

/// The default rules, embedded and as a folder, are clean: exit 0 and a summary.
#[test]
fn default_rules_are_clean() {
    let (code, stdout, stderr) = output(offercheck().args(["rules", "check"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("no problems found in the built-in rules"),
        "{stdout}"
    );
    let dir = rules_copy();
    let (code, stdout, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("no problems found in `.`"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// A TOML syntax error.
#[test]
fn syntax_error() {
    corrupt(
        "syntax_error",
        &[("ruleset.toml", "medium = 20", "medium = = 20")],
    );
}

/// An unknown field, with the fields that are allowed; an unknown table with a suggestion.
#[test]
fn unknown_field_and_table() {
    corrupt(
        "unknown_field_and_table",
        &[
            ("ruleset.toml", "medium = 20", "medim = 20"),
            (
                "red-flags.toml",
                "title = \"Job linked to army",
                "titel = \"Job linked to army",
            ),
            ("channels.toml", "[[channel]]", "[[chanel]]"),
        ],
    );
}

/// A missing field and a wrongly typed one, in two different rules: both reported.
#[test]
fn missing_and_wrongly_typed_fields() {
    corrupt(
        "missing_and_wrongly_typed_fields",
        &[
            (
                "red-flags.toml",
                "why = \"You said the offer mentions",
                "# why = \"",
            ),
            ("red-flags.toml", "points = 40", "points = \"forty\""),
            (
                "red-flags.toml",
                "severity = \"medium\"",
                "severity = \"moderate\"",
            ),
        ],
    );
}

/// Duplicate rule and question ids point at the first one.
#[test]
fn duplicate_ids() {
    corrupt(
        "duplicate_ids",
        &[
            ("red-flags.toml", "id = \"MIL002\"", "id = \"MIL001\""),
            (
                "questions.toml",
                "id = \"payment_receipt\"",
                "id = \"payment_method\"",
            ),
        ],
    );
}

/// A condition naming an unknown question, and a choice its question does not have.
#[test]
fn unknown_question_and_choice() {
    corrupt(
        "unknown_question_and_choice",
        &[
            (
                "red-flags.toml",
                "when = { question = \"military_or_combat_mention\", is = \"yes\" }",
                "when = { question = \"military_or_combat_mentoin\", is = \"yes\" }",
            ),
            (
                "red-flags.toml",
                "{ question = \"job_type\", is = \"military_or_security_forces\" },",
                "{ question = \"job_type\", is = \"military\" },",
            ),
        ],
    );
}

/// An `ask_if` that refers to a later question, or to its own question: the
/// cycle the ordering rule prevents.
#[test]
fn ask_if_cycle() {
    corrupt(
        "ask_if_cycle",
        &[
            (
                "questions.toml",
                "help = \"An official receipt shows the company's registered name, the amount, the date and what the money is for; a handwritten note or a message from a person does not count. If you have not paid yet, answer \\\"don't know\\\".\"\nask_if = { question = \"upfront_payment\", is = \"yes\" }",
                "help = \"An official receipt shows the company's registered name, the amount, the date and what the money is for; a handwritten note or a message from a person does not count. If you have not paid yet, answer \\\"don't know\\\".\"\nask_if = { question = \"payment_before_contract\", is = \"yes\" }",
            ),
            (
                "questions.toml",
                "ask_if = { question = \"upfront_payment\", is = \"yes\" }",
                "ask_if = { question = \"payment_purposes\", contains = \"visa\" }",
            ),
        ],
    );
}

/// Rules that can never fire: `yes` and `no` on one question, a country in
/// two lists that do not meet, an amount range that is empty.
#[test]
fn rule_that_can_never_fire() {
    corrupt(
        "rule_that_can_never_fire",
        &[
            (
                "red-flags.toml",
                "  { question = \"payment_amount_kes\", below = 1000000 },",
                "  { question = \"payment_amount_kes\", below = 50000 },",
            ),
            (
                "red-flags.toml",
                "{ question = \"destination\", one_of = [\"RU\", \"UA\"] },\n] }",
                "{ question = \"destination\", one_of = [\"RU\", \"UA\"] },\n  { question = \"destination\", is = \"QA\" },\n] }",
            ),
            (
                "red-flags.toml",
                "when = { question = \"military_or_combat_mention\", is = \"yes\" }",
                "when = { all = [\n  { question = \"military_or_combat_mention\", is = \"yes\" },\n  { not = { question = \"military_or_combat_mention\", is = \"yes\" } },\n] }",
            ),
        ],
    );
}

/// Level thresholds that do not increase.
#[test]
fn thresholds_must_increase() {
    corrupt(
        "thresholds_must_increase",
        &[("ruleset.toml", "high = 45", "high = 5")],
    );
}

/// Source and channel URLs that are not https or do not parse.
#[test]
fn bad_urls() {
    corrupt(
        "bad_urls",
        &[
            (
                "channels.toml",
                "url = \"https://neaims.go.ke/EmploymentAgencyList.aspx\"",
                "url = \"http://neaims.go.ke/EmploymentAgencyList.aspx\"",
            ),
            (
                "red-flags.toml",
                "url = \"https://www.pulselive.co.ke/",
                "url = \"https//www.pulselive.co.ke/",
            ),
        ],
    );
}

/// `reach_via` must name a known channel that can be reached directly and is
/// listed wherever the channel pointing to it is.
#[test]
fn bad_reach_via() {
    corrupt(
        "bad_reach_via",
        &[
            (
                "channels.toml",
                "reach_via = \"ke_diaspora_affairs\"",
                "reach_via = \"ke_diaspora_afairs\"",
            ),
            (
                "channels.toml",
                "phone = \"8001000352\"",
                "phone = \"8001000352\"\nreach_via = \"ke_embassy_doha\"",
            ),
            (
                "channels.toml",
                "url = \"https://kenyaembassy.or.th/consular-services/\"",
                "reach_via = \"ke_embassy_moscow\"",
            ),
        ],
    );
}

/// A question without help text and a rule without a source.
#[test]
fn missing_help_and_source() {
    let dir = rules_copy();
    edit(
        &dir,
        "questions.toml",
        "help = \"Write the name of your country, for example Kenya.",
        "# help = \"Write the name of your country, for example Kenya.",
    );
    // MIL001's sources, four lines, become an empty list.
    let path = dir.path().join("red-flags.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("sources = [\n  { title = \"Pulse Live Kenya")
        .unwrap();
    let end = start + text[start..].find("\n]\n").unwrap() + 3;
    std::fs::write(
        &path,
        format!("{}sources = []\n{}", &text[..start], &text[end..]),
    )
    .unwrap();
    let shown = rules_check(&dir);
    insta::assert_snapshot!("missing_help_and_source", shown);
}

/// `check --rules DIR` shows exactly what `rules check DIR` shows, with exit 3.
#[test]
fn check_with_rules_shows_the_same_diagnostics() {
    let dir = rules_copy();
    edit(&dir, "ruleset.toml", "high = 45", "high = 5");
    edit(
        &dir,
        "red-flags.toml",
        "when = { question = \"military_or_combat_mention\", is = \"yes\" }",
        "when = { question = \"military_or_combat_mentoin\", is = \"yes\" }",
    );
    let (code, stdout, from_check) = output(offercheck().current_dir(dir.path()).args([
        "check",
        "--no-input",
        "--destination",
        "RU",
        "--rules",
        ".",
    ]));
    assert_eq!(code, 3);
    assert!(stdout.is_empty());
    assert_eq!(format!("exit code: 3\n{from_check}"), rules_check(&dir));
    assert!(
        from_check.contains("2 problems in the rule files"),
        "{from_check}"
    );
}

/// A folder that does not exist, or holds no rule files, exits 3 and says so.
#[test]
fn missing_or_empty_folder() {
    let (code, _, stderr) = output(offercheck().args(["rules", "check", "/nonexistent/rules"]));
    assert_eq!(code, 3);
    assert!(
        stderr.contains("/nonexistent/rules: cannot read the rules folder"),
        "{stderr}"
    );
    let empty = TempDir::new().unwrap();
    let (code, _, stderr) = output(
        offercheck()
            .current_dir(empty.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(code, 3);
    assert!(
        stderr.contains("the rules folder has no .toml files"),
        "{stderr}"
    );
}

/// `rules check` reports translation coverage: complete for the default set,
/// and the missing texts when a translation is taken out (issue 6).
#[test]
fn translation_coverage_is_reported() {
    let (code, stdout, _) = output(offercheck().args(["rules", "check"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("translation `sw`: complete"), "{stdout}");

    let dir = rules_copy();
    let path = dir.path().join("sw.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("[lang.sw.rules.MIL001]")
        .expect("MIL001 in Swahili");
    let end = start + text[start + 1..].find("\n[").expect("next table") + 1;
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, stdout, stderr) = output(
        offercheck()
            .current_dir(dir.path())
            .args(["rules", "check", "."]),
    );
    assert_eq!(
        code, 0,
        "a missing translation falls back to English: {stderr}"
    );
    assert!(
        stdout.contains("translation `sw`: 3 texts missing"),
        "{stdout}"
    );
    assert!(stdout.contains("rules.MIL001.title"), "{stdout}");
}

/// A copy of the default rules with one file left out gets one problem that
/// names the missing file, at the folder, instead of a hundred knock-on
/// errors or a problem blamed on another file.
#[test]
fn a_missing_rule_file_is_named() {
    for (file, part) in [
        ("countries.toml", "`[[country]]`"),
        ("questions.toml", "`[[section]]` or `[[question]]`"),
        ("ruleset.toml", "`[ruleset]`, `[levels]` or `[coverage]`"),
    ] {
        let dir = rules_copy();
        std::fs::remove_file(dir.path().join(file)).unwrap();
        for args in [
            &["rules", "check", "."][..],
            &["check", "--no-input", "--rules", ".", "--destination", "RU"],
        ] {
            let (code, _, stderr) = output(offercheck().current_dir(dir.path()).args(args));
            assert_eq!(code, 3, "{file}: {stderr}");
            assert!(
                stderr.contains("\n1 problem in the rule files"),
                "{file}: {stderr}"
            );
            assert!(
                stderr.contains(&format!(".: no rule file here has {part}")),
                "{file}: {stderr}"
            );
            assert!(
                stderr.contains(&format!("copy `{file}`")),
                "{file}: {stderr}"
            );
        }
    }
}

/// The risk order, facts and `judged_if`: a misspelt fact, a wrong `risky`,
/// a choice left unranked among ranked ones, `judged_if` without its words.
#[test]
fn risk_order_facts_and_judged_if() {
    corrupt(
        "risk_order_facts_and_judged_if",
        &[
            (
                "red-flags.toml",
                "fact = \"pressure\"",
                "fact = \"presure\"",
            ),
            ("questions.toml", "risky = \"higher\"", "risky = \"more\""),
            (
                "questions.toml",
                "{ id = \"cash\", label = \"Cash, by hand\", risk = 3 }",
                "{ id = \"cash\", label = \"Cash, by hand\" }",
            ),
            (
                "questions.toml",
                "not_judged = \"How much",
                "# not_judged = \"How much",
            ),
        ],
    );
}

/// An amount's currency words: a word with a digit or capitals, and
/// `currency` on a question that is not a number.
#[test]
fn currency_words() {
    corrupt(
        "currency_words",
        &[
            (
                "questions.toml",
                "currency = [\"ksh\",",
                "currency = [\"KSh\", \"sh 1\",",
            ),
            (
                "questions.toml",
                "id = \"recruiter_email\"\nsection = \"recruiter\"\nkind = \"email\"",
                "id = \"recruiter_email\"\nsection = \"recruiter\"\nkind = \"email\"\ncurrency = [\"ksh\"]",
            ),
        ],
    );
}

/// A question that offercheck's own checks read by its id must keep the
/// kind they read: an e-mail question made text would silently turn the
/// e-mail checks off.
#[test]
fn question_read_by_code_keeps_its_kind() {
    corrupt(
        "question_read_by_code_keeps_its_kind",
        &[(
            "questions.toml",
            "id = \"recruiter_email\"\nsection = \"recruiter\"\nkind = \"email\"",
            "id = \"recruiter_email\"\nsection = \"recruiter\"\nkind = \"text\"",
        )],
    );
}

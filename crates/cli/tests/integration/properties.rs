//! Property tests (proptest) on the library: the loaders never panic on any
//! input; answers survive being saved and read back; flags and an answers file
//! give the same assessment. See issue 4.
//!
//! Case counts are modest so `cargo test` stays quick on two cores; set
//! `PROPTEST_CASES` to run more.

use std::sync::LazyLock;

use offercheck::answers::{Answer, Answers, RawAnswer, Value};
use offercheck::default_rules::FILES as EMBEDDED_RULE_FILES;
use offercheck::rules::{QuestionKind, RuleFile, RuleSet};
use proptest::prelude::*;
use proptest::sample::Index;

/// The default rules, loaded once for every case.
pub(super) static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| offercheck::default_rules::rule_set().expect("the default rules load"));

/// How one question is answered in a generated answer set.
#[derive(Debug, Clone)]
struct Pick {
    /// 0: not answered, 1: "don't know", otherwise a known value.
    state: u8,
    index: Index,
    bits: u32,
    number: f64,
    text: String,
}

fn pick() -> impl Strategy<Value = Pick> {
    let number = prop_oneof![
        (0u64..10_000_000).prop_map(|n| n as f64),
        0.0f64..10_000_000.0,
        Just(0.0),
        Just(1e300),
        Just(123.456e-7),
    ];
    let text = "[a-zA-Z0-9äöüñ€ ,.!?'\"\\\\\n\t#=\\[\\]{}-]{0,40}".prop_map(|t| {
        let trimmed = t.trim().to_string();
        if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("unknown") {
            "an advert".to_string()
        } else {
            trimmed
        }
    });
    (0u8..4, any::<Index>(), any::<u32>(), number, text).prop_map(
        |(state, index, bits, number, text)| Pick {
            state,
            index,
            bits,
            number,
            text,
        },
    )
}

/// A random valid answer set over every question of the default rules.
pub(super) fn answer_set() -> impl Strategy<Value = Answers> {
    let count = RULES.questions.len();
    proptest::collection::vec(pick(), count).prop_map(|picks| {
        let rules = &*RULES;
        let mut answers = Answers::default();
        for (question, pick) in rules.questions.iter().zip(picks) {
            let value = match (pick.state, question.kind) {
                (0, _) => continue,
                (1, _) => {
                    answers.set(&question.id, Answer::DontKnow);
                    continue;
                }
                (_, QuestionKind::YesNo) if pick.bits % 2 == 0 => Value::Yes,
                (_, QuestionKind::YesNo) => Value::No,
                (_, QuestionKind::Choice) => {
                    let choice = pick.index.get(&question.choices);
                    Value::Choice(choice.id.clone())
                }
                (_, QuestionKind::MultiChoice) => Value::Choices(
                    question
                        .choices
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| pick.bits & (1 << (i % 32)) != 0)
                        .map(|(_, c)| c.id.clone())
                        .collect(),
                ),
                (_, QuestionKind::Country) => {
                    Value::Country(pick.index.get(rules.countries.all()).code.clone())
                }
                (_, QuestionKind::Number) => Value::Number(pick.number),
                // Valid contact details, varied enough to fire the contact checks.
                (_, QuestionKind::Url) => Value::Text(
                    [
                        "https://jobs.example.co.ke/apply",
                        "http://nea-kenya.example.com",
                        "bit.ly/3abc",
                        "https://41.90.1.2/",
                        "agency.wixsite.com/jobs",
                    ][pick.bits as usize % 5]
                        .to_string(),
                ),
                (_, QuestionKind::Email) => Value::Text(
                    ["hr@example.co.ke", "nea.jobs@gmail.com", "agent@yahoo.com"]
                        [pick.bits as usize % 3]
                        .to_string(),
                ),
                (_, QuestionKind::Phone) => Value::Text(
                    [
                        "+254 700 000 000",
                        "+7 900 000 0000",
                        "0712 000 000",
                        "+974 5000 0000",
                    ][pick.bits as usize % 4]
                        .to_string(),
                ),
                (_, _) => Value::Text(pick.text),
            };
            answers.set(&question.id, Answer::Known(value));
        }
        answers
    })
}

/// The answers as command-line flags would give them.
fn as_flags(answers: &Answers) -> Vec<RawAnswer<'static>> {
    answers
        .iter()
        .map(|(id, answer)| {
            let value = match answer {
                Answer::DontKnow => "unknown".to_string(),
                Answer::Known(Value::Choices(ids)) => ids.join(","),
                Answer::Known(Value::Number(n)) => n.to_string(),
                Answer::Known(Value::Text(text)) => text.clone(),
                Answer::Known(single) => single.as_single().unwrap_or_default().to_string(),
            };
            RawAnswer::from_flag(id, &value)
        })
        .collect()
}

/// Reads answers back from what `Answers::to_toml` wrote (or any answers
/// file's TOML), on the default rules.
pub(super) fn read_back(saved: &str) -> Answers {
    let raw = RawAnswer::from_toml("saved.toml", saved)
        .unwrap_or_else(|err| panic!("saved answers are not valid TOML: {err}\n{saved}"));
    Answers::from_raw(&RULES, raw)
        .unwrap_or_else(|err| panic!("saved answers are not valid: {err:?}\n{saved}"))
}

/// Pieces of rule files, so random text often looks like TOML.
fn toml_like() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("[[rule]]\n".to_string()),
        Just("[[question]]\n".to_string()),
        Just("[levels]\n".to_string()),
        Just("id = \"FEE001\"\n".to_string()),
        Just("when = { all = [".to_string()),
        Just("{ question = \"upfront_payment\", is = \"yes\" }".to_string()),
        Just("{ not = ".to_string()),
        Just("] }".to_string()),
        Just(" }".to_string()),
        Just("url = \"https://example.org/\"\n".to_string()),
        Just("points = 4294967296\n".to_string()),
        Just("at_least = nan\n".to_string()),
        Just("\"\"\"".to_string()),
        "[ -~\n]{0,12}",
    ];
    proptest::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

/// One default rule file with a random edit: bytes cut out, text put in.
fn mutated_default() -> impl Strategy<Value = Vec<RuleFile>> {
    (any::<Index>(), any::<Index>(), 0usize..200, toml_like()).prop_map(
        |(file, at, cut, insert)| {
            let chosen = file.index(EMBEDDED_RULE_FILES.len());
            EMBEDDED_RULE_FILES
                .iter()
                .enumerate()
                .map(|(i, (name, text))| {
                    let mut text = text.to_string();
                    if i == chosen {
                        let mut start = at.index(text.len() + 1);
                        while !text.is_char_boundary(start) {
                            start -= 1;
                        }
                        let mut end = (start + cut).min(text.len());
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                        text.replace_range(start..end, &insert);
                    }
                    RuleFile {
                        path: (*name).to_string(),
                        text,
                    }
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any bytes as a rule file: an error or a rule set, never a panic.
    #[test]
    fn rules_from_arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = RuleSet::from_files(vec![RuleFile { path: "a.toml".into(), text }]);
        if let Err(err) = result {
            prop_assert!(!err.problems.is_empty());
            let _ = err.to_string();
        }
    }

    /// TOML-like text as a rule file, alone or after the default files.
    #[test]
    fn rules_from_toml_like_text_never_panic(text in toml_like()) {
        let _ = RuleSet::from_files(vec![RuleFile { path: "a.toml".into(), text: text.clone() }])
            .map_err(|err| err.to_string());
        let mut files: Vec<RuleFile> = EMBEDDED_RULE_FILES
            .iter()
            .map(|(name, text)| RuleFile { path: (*name).into(), text: (*text).into() })
            .collect();
        files.push(RuleFile { path: "zz-extra.toml".into(), text });
        let _ = RuleSet::from_files(files).map_err(|err| err.to_string());
    }

    /// The default rules with a random edit: an error or a rule set that can
    /// explain every rule, never a panic.
    #[test]
    fn mutated_default_rules_never_panic(files in mutated_default()) {
        match RuleSet::from_files(files) {
            Ok(rules) => {
                for rule in &rules.rules {
                    let _ = rule.when.describe(&rules);
                }
            }
            Err(err) => {
                prop_assert!(!err.problems.is_empty());
                let _ = err.to_string();
            }
        }
    }

    /// Any text as a TOML or JSON answers file, then checked: never a panic.
    #[test]
    fn answers_from_arbitrary_text_never_panic(
        text in prop_oneof![".{0,300}", toml_like(), "[{}\\[\\]\",: a-z0-9.e-]{0,80}"]
    ) {
        for parsed in [
            RawAnswer::from_toml("a.toml", &text),
            RawAnswer::from_json("a.json", &text),
        ] {
            match parsed {
                Ok(raw) => {
                    if let Err(problems) = Answers::from_raw(&RULES, raw) {
                        prop_assert!(!problems.is_empty());
                        problems.iter().for_each(|p| { let _ = p.to_string(); });
                    }
                }
                Err(problem) => { let _ = problem.to_string(); }
            }
        }
    }

    /// Answers files with real question ids and random values: checked
    /// without panicking, and valid ones survive being saved.
    #[test]
    fn answers_with_random_values_never_panic(
        entries in proptest::collection::vec(
            (any::<Index>(), prop_oneof![
                Just("yes".to_string()), Just("unknown".to_string()),
                Just("\"RU\"".to_string()), Just("[\"visa\", \"deposit\"]".to_string()),
                Just("-5".to_string()), Just("1e400".to_string()), Just("nan".to_string()),
                Just("{ a = 1 }".to_string()), Just("1979-05-27".to_string()),
                Just("\"\"".to_string()), Just("true".to_string()), Just("[[1], 2]".to_string()),
                "\"[ -~]{0,20}\"",
            ]),
            0..12,
        )
    ) {
        let rules = &*RULES;
        let mut text = String::new();
        let mut seen = std::collections::BTreeSet::new();
        for (index, value) in entries {
            let id = &index.get(&rules.questions).id;
            if seen.insert(id.clone()) {
                text.push_str(&format!("{id} = {value}\n"));
            }
        }
        if let Ok(raw) = RawAnswer::from_toml("a.toml", &text)
            && let Ok(answers) = Answers::from_raw(rules, raw) {
                prop_assert_eq!(read_back(&answers.to_toml(rules)), answers);
            }
    }

    /// Answers saved as TOML (what --save-answers writes) or JSON read back
    /// as the same answers.
    #[test]
    fn answers_round_trip(answers in answer_set()) {
        let rules = &*RULES;
        prop_assert_eq!(read_back(&answers.to_toml(rules)), answers.clone());
        let json = serde_json::Value::Object(answers.to_json()).to_string();
        let raw = RawAnswer::from_json("saved.json", &json).expect("valid JSON");
        prop_assert_eq!(Answers::from_raw(rules, raw).expect("valid answers"), answers);
    }

    /// The same answers as flags and as an answers file give the same assessment.
    #[test]
    fn flags_and_file_agree(answers in answer_set()) {
        let rules = &*RULES;
        let from_flags = Answers::from_raw(rules, as_flags(&answers))
            .unwrap_or_else(|err| panic!("flags rejected: {err:?}"));
        let from_file = read_back(&answers.to_toml(rules));
        prop_assert_eq!(&from_flags, &from_file);
        let by_flags = serde_json::to_value(offercheck::assess(rules, &from_flags)).unwrap();
        let by_file = serde_json::to_value(offercheck::assess(rules, &from_file)).unwrap();
        prop_assert_eq!(by_flags, by_file);
    }

    /// `batch`'s straight reading of a line (`Answers::from_json_slots`)
    /// gives what the careful route gives (`RawAnswer::from_json`, the `id`
    /// taken out, then `Answers::from_raw`), and gives up exactly where that
    /// route finds a problem: on valid answer sets, and on lines of real
    /// and unknown keys, `id`s and good and bad values.
    #[test]
    fn batch_reads_lines_as_the_careful_route(
        answers in answer_set(),
        with_id in any::<bool>(),
        entries in proptest::collection::vec(
            (any::<Index>(), 0u8..8, prop_oneof![
                Just("\"yes\"".to_string()), Just("\"unknown\"".to_string()),
                Just("\"RU\"".to_string()), Just("\"Kenya\"".to_string()),
                Just("[\"visa\", \"deposit\"]".to_string()), Just("-5".to_string()),
                Just("150000".to_string()), Just("\"KSh 2,000\"".to_string()),
                Just("null".to_string()), Just("{}".to_string()), Just("true".to_string()),
                Just("\"https://nea.go.ke\"".to_string()), Just("17".to_string()),
                "\"[ -~]{0,20}\"",
            ]),
            0..12,
        ),
    ) {
        let rules = &*RULES;
        let careful = |text: &str| -> Option<(Option<String>, Answers)> {
            let mut raw = RawAnswer::from_json("", text).ok()?;
            let ids: Vec<usize> = raw.iter().enumerate().filter(|(_, a)| a.key == "id").map(|(i, _)| i).collect();
            let id = match ids.as_slice() {
                [] => None,
                [at] => Some(format!("{:?}", raw.remove(*at).value)),
                _ => return None,
            };
            if raw.is_empty() {
                return None;
            }
            Some((id, Answers::from_raw(rules, raw).ok()?))
        };
        let straight = |text: &str| {
            Answers::from_json_slots(rules, text, "id")
                .map(|read| (read.extra.map(|v| format!("{v:?}")), read.answers))
        };
        // A valid answer set, as batch's input holds it.
        let mut object = answers.to_json();
        if with_id {
            object.insert("id".into(), serde_json::Value::from("case-1"));
        }
        let line = serde_json::Value::Object(object).to_string();
        if !answers.is_empty() {
            prop_assert!(straight(&line).is_some(), "a valid line was not read straight: {}", line);
        }
        prop_assert_eq!(straight(&line), careful(&line));
        // Real question ids (now and then an unknown one or `id`) with any values.
        let mut line = String::from("{");
        for (n, (index, kind, value)) in entries.iter().enumerate() {
            let key = match kind {
                0 => "id".to_string(),
                1 => "no_such_question".to_string(),
                _ => index.get(&rules.questions).id.to_string(),
            };
            if n > 0 {
                line.push(',');
            }
            line.push_str(&format!("{key:?}: {value}"));
        }
        line.push('}');
        prop_assert_eq!(straight(&line), careful(&line), "{}", line);
    }
}

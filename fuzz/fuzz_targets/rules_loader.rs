//! Fuzzes the rule loader: parse, merge and validate rule files, then use
//! the rule set that loads. It must never panic, whatever the input.
//!
//! The first byte chooses what the rest is: one of the default rule files
//! replaced by the input (so the other files stay valid and validation runs
//! all the way), or a whole rule set of up to 8 files separated by NUL bytes.

#![no_main]

use libfuzzer_sys::{Corpus, fuzz_target};
use offercheck::answers::{Answer, Answers, Value};
use offercheck::default_rules::FILES as EMBEDDED_RULE_FILES;
use offercheck::report::{Explanation, RuleList};
use offercheck::rules::{QuestionKind, RuleFile, RuleSet};

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some((&selector, rest)) = data.split_first() else {
        return Corpus::Reject;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Corpus::Reject;
    };
    let choice = usize::from(selector) % (EMBEDDED_RULE_FILES.len() + 1);
    let files: Vec<RuleFile> = if choice < EMBEDDED_RULE_FILES.len() {
        EMBEDDED_RULE_FILES
            .iter()
            .enumerate()
            .map(|(i, (path, default))| RuleFile {
                path: (*path).to_string(),
                text: if i == choice {
                    text.to_string()
                } else {
                    default.to_string()
                },
            })
            .collect()
    } else {
        text.split('\0')
            .take(8)
            .enumerate()
            .map(|(i, part)| RuleFile {
                path: format!("rules/{i}.toml"),
                text: part.to_string(),
            })
            .collect()
    };
    match RuleSet::from_files(files) {
        Ok(rules) => use_rules(&rules),
        Err(err) => {
            assert!(!err.problems.is_empty(), "an error without a problem");
            let _ = err.to_string();
        }
    }
    Corpus::Keep
});

/// Everything a loaded rule set is used for: explanations, the list, and
/// assessments with no answers and with every yes/no question answered yes.
fn use_rules(rules: &RuleSet) {
    let mut sink = Vec::new();
    RuleList::new(rules)
        .write_text(&mut sink)
        .expect("write to memory");
    for rule in &rules.rules {
        sink.clear();
        Explanation::new(rule, rules)
            .write_text(&mut sink)
            .expect("write to memory");
    }
    let _ = offercheck::assess(rules, &Answers::default());
    let mut answers = Answers::default();
    for question in &rules.questions {
        if question.kind == QuestionKind::YesNo {
            answers.set(&question.id, Answer::Known(Value::Yes));
        }
    }
    let report = offercheck::assess(rules, &answers);
    sink.clear();
    offercheck::report::text::write(
        &report,
        rules,
        offercheck::report::text::Paint::new(false),
        &mut sink,
    )
    .expect("write to memory");
    let saved = answers.to_toml(rules);
    let raw = offercheck::answers::RawAnswer::from_toml("saved.toml", &saved)
        .expect("saved answers are valid TOML");
    let back = Answers::from_raw(rules, raw).expect("saved answers are valid answers");
    assert_eq!(back, answers, "answers change when saved and read back");
}

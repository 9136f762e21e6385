//! Fuzzes the answers parser against the default rule set: read an answers
//! file (TOML or JSON), check it, and for valid answers assess them and save
//! them. It must never panic, and answers saved as TOML or JSON must read
//! back unchanged.
//!
//! The first byte chooses the format (even: TOML, odd: JSON).

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::{Corpus, fuzz_target};
use offercheck::answers::{Answers, RawAnswer};
use offercheck::report::text::{self, Paint};
use offercheck::rules::RuleSet;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| offercheck::default_rules::rule_set().expect("the default rules load"));

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some((&format, rest)) = data.split_first() else {
        return Corpus::Reject;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return Corpus::Reject;
    };
    let rules = &*RULES;
    let raw = if format % 2 == 0 {
        RawAnswer::from_toml("answers.toml", text)
    } else {
        RawAnswer::from_json_file("answers.json", text)
    };
    let raw = match raw {
        Ok(raw) => raw,
        Err(problem) => {
            let _ = problem.to_string();
            return Corpus::Keep;
        }
    };
    let answers = match Answers::from_raw(rules, raw) {
        Ok(answers) => answers,
        Err(problems) => {
            assert!(!problems.is_empty(), "an error without a problem");
            for problem in problems {
                let _ = problem.to_string();
            }
            return Corpus::Keep;
        }
    };
    let report = offercheck::assess(rules, &answers);
    let (mut styled, mut plain) = (Vec::new(), Vec::new());
    text::write(&report, rules, Paint::new(true), &mut styled).expect("write to memory");
    text::write(&report, rules, Paint::new(false), &mut plain).expect("write to memory");
    // Without colour the report is the coloured one without its styles (the
    // user's own text may hold escape sequences: strip both).
    assert_eq!(
        anstream::adapter::strip_bytes(&styled).into_vec(),
        anstream::adapter::strip_bytes(&plain).into_vec(),
        "the plain text report differs from the styled one"
    );
    offercheck::report::json::write(&report, &mut plain).expect("write to memory");
    let saved = answers.to_toml(rules);
    let raw = RawAnswer::from_toml("saved.toml", &saved)
        .unwrap_or_else(|err| panic!("saved answers are not valid TOML: {err}\n{saved}"));
    let back = Answers::from_raw(rules, raw)
        .unwrap_or_else(|err| panic!("saved answers are not valid: {err:?}\n{saved}"));
    assert_eq!(
        back, answers,
        "answers change when saved and read back:\n{saved}"
    );
    let json = serde_json::Value::Object(answers.to_json()).to_string();
    let raw = RawAnswer::from_json("saved.json", &json)
        .unwrap_or_else(|err| panic!("answers as JSON are not valid JSON: {err}\n{json}"));
    let back = Answers::from_raw(rules, raw)
        .unwrap_or_else(|err| panic!("answers as JSON are not valid: {err:?}\n{json}"));
    assert_eq!(back, answers, "answers change as JSON:\n{json}");
    Corpus::Keep
});

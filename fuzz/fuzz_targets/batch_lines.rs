//! Fuzzes `batch` against the default rule set: the input is a JSON Lines
//! file. Screening it must never panic or stop; every non-blank line gets
//! exactly one output line, a JSON object naming that line, in input order;
//! the counts agree with the output; and two jobs write the very same bytes
//! as one, as the summary and `--full` agree on every verdict.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::{Corpus, fuzz_target};
use offercheck::batch::{Detail, Options, Totals, screen};
use offercheck::rules::RuleSet;
use serde_json::Value;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| offercheck::default_rules::rule_set().expect("the default rules load"));

/// The output and the counts of one run.
fn run(input: &[u8], detail: Detail, jobs: usize) -> (Vec<u8>, Totals) {
    let mut out = Vec::new();
    let mut reported = 0u64;
    let totals = screen(
        &RULES,
        input,
        &mut out,
        Options { detail, jobs },
        |_, _, problems| {
            assert!(!problems.is_empty(), "a bad line without a problem");
            reported += 1;
        },
    )
    .unwrap_or_else(|err| panic!("screening from memory failed: {err}"));
    assert_eq!(reported, totals.errors, "each bad line reported once");
    (out, totals)
}

/// Each output line as JSON: its line number and its level (`None` for an error).
fn verdicts(out: &[u8]) -> Vec<(u64, Option<String>)> {
    let text = std::str::from_utf8(out).expect("the output is UTF-8");
    text.lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("an output line is not JSON ({err}): {line}"));
            let number = value["line"]
                .as_u64()
                .expect("every output line has its line number");
            let level = value["level"].as_str().map(str::to_owned);
            assert!(
                level.is_some() != value.get("error").is_some(),
                "a line has either a level or an error: {line}"
            );
            (number, level)
        })
        .collect()
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let (summary, totals) = run(data, Detail::Summary, 1);
    let seen = verdicts(&summary);
    assert_eq!(
        seen.len() as u64,
        totals.assessed() + totals.errors,
        "one output line per line that was not blank"
    );
    assert!(
        seen.windows(2).all(|pair| pair[0].0 < pair[1].0),
        "output in input order"
    );
    let (parallel, parallel_totals) = run(data, Detail::Summary, 2);
    assert!(parallel == summary, "two jobs write what one writes");
    assert_eq!(parallel_totals, totals);
    let (full, full_totals) = run(data, Detail::Full, 1);
    assert_eq!(verdicts(&full), seen, "--full and the summary agree");
    assert_eq!(full_totals, totals);
    Corpus::Keep
});

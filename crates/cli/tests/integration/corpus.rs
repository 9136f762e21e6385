//! The corpus of real and composed messages (tests/corpus, README there):
//! every message's `must_fire` signs fire on its text and its
//! `must_not_fire` signs do not, every sign that fires quotes what it found,
//! and no legitimate message comes out high or critical. Prints recall and
//! false alarms. See issue 16.
#![allow(clippy::print_stdout)] // the test prints recall and false alarms on purpose

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use offercheck_engine::answers::RawAnswer;
use offercheck_engine::rules::{Level, RuleSet};
use offercheck_engine::signals::{Quotes, signals_of};
use offercheck_engine::{Answers, assess};

/// One `[[message]]` of a corpus file.
struct Message {
    file: String,
    id: String,
    text: String,
    must_fire: Vec<String>,
    must_not_fire: Vec<String>,
}

/// A list of strings at `key`, or an error naming the message.
fn strings(table: &toml::Table, key: &str, id: &str) -> Vec<String> {
    match table.get(key) {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .unwrap_or_else(|| panic!("{id}: `{key}` holds a non-string"))
                    .to_string()
            })
            .collect(),
        Some(other) => panic!("{id}: `{key}` is {other}, not a list"),
    }
}

/// Every message of every corpus file, checked for the README's format.
fn corpus() -> Vec<Message> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let messages = table["message"].as_array().expect("[[message]] tables");
        for m in messages {
            let m = m.as_table().expect("a message table");
            let id = m["id"].as_str().expect("id").to_string();
            assert!(ids.insert(id.clone()), "{name}: duplicate id {id}");
            assert!(
                m.contains_key("source") != m.contains_key("composed_from"),
                "{id}: exactly one of `source` and `composed_from`"
            );
            assert!(
                !m.contains_key("composed_from") || m.contains_key("note"),
                "{id}: a composed item needs a `note`"
            );
            out.push(Message {
                file: name.clone(),
                text: m["text"].as_str().expect("text").to_string(),
                must_fire: strings(m, "must_fire", &id),
                must_not_fire: strings(m, "must_not_fire", &id),
                id,
            });
        }
    }
    out
}

/// The answers for a message: its text as the advert.
fn answers(rules: &RuleSet, text: &str) -> Answers {
    Answers::from_raw(rules, vec![RawAnswer::from_flag("offer_text", text)])
        .unwrap_or_else(|e| panic!("offer_text refused: {e:?}"))
}

/// The corpus against the default rules: every expectation holds, and the
/// figures are printed (run with `--nocapture` to see them).
#[test]
fn corpus_expectations_hold() {
    let rules = offercheck_default_rules::rule_set().expect("default rules");
    let known: BTreeSet<&str> = rules
        .phrase_groups
        .iter()
        .map(|g| g.id.as_str())
        .chain(["offer_fee_amount"])
        .collect();
    let messages = corpus();
    assert!(
        messages.len() >= 140,
        "the corpus shrank: {}",
        messages.len()
    );
    let mut problems = Vec::new();
    let (mut expected, mut found) = (0, 0);
    let mut scam = 0;
    let mut scam_silent = Vec::new();
    let mut legit = 0;
    let mut legit_high = Vec::new();
    let mut wrongly_fired: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for m in &messages {
        for id in m.must_fire.iter().chain(&m.must_not_fire) {
            assert!(
                known.contains(id.as_str()),
                "{}: `{id}` is not a signal of the rule set",
                m.id
            );
        }
        let given = answers(&rules, &m.text);
        let signals = signals_of(&rules, &given, Quotes::Keep);
        let fired: BTreeSet<&str> = signals
            .iter()
            .filter(|(_, s)| s.fired)
            .map(|(id, _)| id.as_str())
            .collect();
        for (id, signal) in &signals {
            if signal.fired && signal.quotes.is_empty() {
                problems.push(format!("{}: {id} fired but quotes nothing", m.id));
            }
        }
        for id in &m.must_fire {
            expected += 1;
            if fired.contains(id.as_str()) {
                found += 1;
            } else {
                *missed.entry(id.clone()).or_default() += 1;
                problems.push(format!("{}: {id} must fire and did not", m.id));
            }
        }
        for id in &m.must_not_fire {
            if fired.contains(id.as_str()) {
                *wrongly_fired.entry(id.clone()).or_default() += 1;
                let quotes = &signals.iter().find(|(s, _)| s == id).unwrap().1.quotes;
                problems.push(format!("{}: {id} must not fire, found {quotes:?}", m.id));
            }
        }
        let advert_sign = fired.iter().any(|id| id.starts_with("offer_"));
        if m.file.starts_with("scam-") {
            scam += 1;
            if !advert_sign {
                scam_silent.push(m.id.as_str());
            }
        } else if m.file.starts_with("legit-") {
            legit += 1;
            let report = assess(&rules, &given);
            if matches!(report.level, Level::High | Level::Critical) {
                let rules_fired: Vec<&str> =
                    report.findings.iter().map(|f| f.rule.as_str()).collect();
                legit_high.push(m.id.as_str());
                problems.push(format!(
                    "{}: a legitimate message came out {:?} ({rules_fired:?})",
                    m.id, report.level
                ));
            }
        } else {
            problems.push(format!("{}: {} is neither scam- nor legit-", m.id, m.file));
        }
    }
    println!(
        "corpus: {} messages ({scam} scam, {legit} legitimate)",
        messages.len()
    );
    println!(
        "recall: {found} of {expected} expected signs fired ({:.1}%); missed by sign: {missed:?}",
        100.0 * f64::from(found) / f64::from(expected.max(1))
    );
    println!(
        "scam messages with no advert sign: {} of {scam} {scam_silent:?}",
        scam_silent.len()
    );
    println!(
        "false alarms: {} legitimate messages high or critical {legit_high:?}; signs that must not fire and did: {wrongly_fired:?}",
        legit_high.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

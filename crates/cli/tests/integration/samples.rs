//! Per-rule samples (`rules/samples/*.toml`, shared/DESIGN.md "Tests that
//! guard knowledge"): every rule of the default rule set has answers on
//! which it fires and close answers on which it stays quiet, and every
//! small change to a rule's condition (a mutant) changes the outcome of at
//! least one of its samples. A rule whose condition is edited by mistake
//! therefore fails a test here. See issue 16, part 3.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use offercheck::answers::{Answers, RawAnswer};
use offercheck::assess::evaluate;
use offercheck::default_rules::FILES as DEFAULT_RULE_FILES;
use offercheck::rules::{Comparison, Condition, QuestionKind, Rule, RuleSet, Test, Text, Truth};
use serde::Deserialize;

use crate::util::{fixture, offercheck, output, rules_copy};

/// The default rules, loaded once.
static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| offercheck::default_rules::rule_set().expect("the default rules load"));

/// Mutants that no set of answers can tell from the rule, each with its
/// reason: (rule id, mutant as the test names it, why it is equivalent).
/// Keep it short; a mutant listed here that some sample kills, or that no
/// longer exists, fails the test.
const EQUIVALENT_MUTANTS: &[(&str, &str, &str)] = &[];

/// The folder of the sample files.
fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/samples")
}

/// One sample file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleFile {
    #[serde(default)]
    sample: Vec<RawSample>,
}

/// One `[[sample]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSample {
    rule: String,
    fires: Option<toml::Table>,
    quiet: Option<toml::Table>,
    note: Option<String>,
    registry: Option<String>,
}

/// Which side of a sample a set of answers is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Fires,
    Quiet,
}

impl Side {
    fn word(self) -> &'static str {
        match self {
            Side::Fires => "fires",
            Side::Quiet => "quiet",
        }
    }
}

/// One side of one sample, read and assessed: the answers as the engine
/// saw them (defaults filled in, signals computed), ready for mutants.
struct Case {
    /// "rules/samples/red-flags.toml, sample 3 (FEE001), fires".
    label: String,
    /// The sample's note, shown when the sample fails.
    note: Option<String>,
    rule: String,
    side: Side,
    /// The answers with their defaults and signals, as the rules saw them.
    seen: Answers,
    /// Whether the rule was among the rules that fired.
    fired: bool,
}

/// Everything read from the sample files: the cases, and the problems
/// found on the way (files that do not parse, answers that do not read,
/// samples that name no rule or no rule of their file).
struct Samples {
    cases: Vec<Case>,
    problems: Vec<String>,
}

/// The rule ids each default rule file defines, by file stem ("red-flags").
fn rules_by_file() -> BTreeMap<String, BTreeSet<String>> {
    let mut by_file = BTreeMap::new();
    for (path, text) in DEFAULT_RULE_FILES {
        let table: toml::Table = toml::from_str(text).expect("the default rule files parse");
        let Some(rules) = table.get("rule").and_then(toml::Value::as_array) else {
            continue;
        };
        let stem = Path::new(path)
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let ids = rules
            .iter()
            .filter_map(|rule| rule.get("id")?.as_str().map(str::to_string))
            .collect();
        by_file.insert(stem, ids);
    }
    by_file
}

/// The default rule set with a register export from
/// `crates/cli/tests/fixtures/registry/`, read as `--registry` reads it.
fn with_registry(name: &str) -> Result<RuleSet, String> {
    let path = fixture(&format!("registry/{name}"));
    let registry = offercheck::registry_file::read(&path, None).map_err(|problems| {
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("registry `{name}` does not read: {}", shown.join("; "))
    })?;
    Ok(RULES.clone().with_registry(registry))
}

/// Reads an answers table exactly as an answers file is read: written out
/// as TOML and given to the answers-file reader and the answers check.
fn read_answers(rules: &RuleSet, label: &str, table: &toml::Table) -> Result<Answers, String> {
    let text = toml::to_string(table).map_err(|err| format!("{label}: {err}"))?;
    let raw = RawAnswer::from_toml(label, &text).map_err(|problem| problem.to_string())?;
    Answers::from_raw(rules, raw).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Reads every sample file and assesses every side of every sample.
fn read_samples() -> Samples {
    let by_file = rules_by_file();
    let mut problems = Vec::new();
    let mut cases = Vec::new();
    let mut registries: HashMap<String, Result<RuleSet, String>> = HashMap::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(samples_dir())
        .expect("rules/samples/ exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let shown = format!("rules/samples/{stem}.toml");
        let Some(own_rules) = by_file.get(&stem) else {
            problems.push(format!(
                "{shown}: no rule file rules/{stem}.toml defines rules; a sample file is named after the rule file whose rules it samples"
            ));
            continue;
        };
        let text = fs::read_to_string(&path).expect("read a sample file");
        let file: SampleFile = match toml::from_str(&text) {
            Ok(file) => file,
            Err(err) => {
                problems.push(format!("{shown}: {err}"));
                continue;
            }
        };
        for (index, sample) in file.sample.into_iter().enumerate() {
            let at = format!("{shown}, sample {} ({})", index + 1, sample.rule);
            if !own_rules.contains(&sample.rule) {
                let elsewhere = by_file
                    .iter()
                    .find(|(_, ids)| ids.contains(&sample.rule))
                    .map(|(file, _)| format!("; it is in rules/{file}.toml"))
                    .unwrap_or_else(|| "; no rule has this id".into());
                problems.push(format!(
                    "{at}: rules/{stem}.toml has no rule `{}`{elsewhere}",
                    sample.rule
                ));
                continue;
            }
            if sample.fires.is_none() && sample.quiet.is_none() {
                problems.push(format!("{at}: neither `fires` nor `quiet` is given"));
                continue;
            }
            let rules: &RuleSet = match &sample.registry {
                None => &RULES,
                Some(name) => match registries
                    .entry(name.clone())
                    .or_insert_with(|| with_registry(name))
                {
                    Ok(rules) => rules,
                    Err(problem) => {
                        problems.push(format!("{at}: {problem}"));
                        continue;
                    }
                },
            };
            for (side, table) in [(Side::Fires, &sample.fires), (Side::Quiet, &sample.quiet)] {
                let Some(table) = table else { continue };
                let label = format!("{at}, {}", side.word());
                let answers = match read_answers(rules, &label, table) {
                    Ok(answers) => answers,
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                };
                let evaluation = evaluate(rules, answers);
                let fired = evaluation.fired.iter().any(|rule| rule.id == sample.rule);
                cases.push(Case {
                    label,
                    note: sample.note.clone(),
                    rule: sample.rule.clone(),
                    side,
                    seen: evaluation.answers,
                    fired,
                });
            }
        }
    }
    Samples { cases, problems }
}

/// The samples, read once for both tests.
static SAMPLES: LazyLock<Samples> = LazyLock::new(read_samples);

/// The sample's note, as the end of a message about it.
fn noted(case: &Case) -> String {
    case.note
        .as_deref()
        .map(|note| format!(" (the sample's note: {note})"))
        .unwrap_or_default()
}

/// The rule with this id in the default rule set.
fn rule(id: &str) -> &'static Rule {
    RULES
        .rules
        .iter()
        .find(|rule| rule.id == id)
        .expect("a sample's rule exists (checked when read)")
}

/// Every rule of the default rule set has a sample on which it fires and
/// one on which it stays quiet; every sample names a rule of its own rule
/// file; each `fires` side makes its rule fire and each `quiet` side does not.
#[test]
fn every_rule_fires_and_stays_quiet_on_its_samples() {
    let samples = &*SAMPLES;
    let mut problems = samples.problems.clone();
    for case in &samples.cases {
        match (case.side, case.fired) {
            (Side::Fires, false) => problems.push(format!(
                "{}: `{}` does not fire on these answers ({}){}",
                case.label,
                case.rule,
                match rule(&case.rule).when.eval(&case.seen) {
                    Truth::False => "its condition is false",
                    _ => "its condition is undecided: an answer it needs is missing",
                },
                noted(case),
            )),
            (Side::Quiet, true) => problems.push(format!(
                "{}: `{}` fires on these answers, which should leave it quiet{}",
                case.label,
                case.rule,
                noted(case),
            )),
            _ => {}
        }
        // The mutation test decides conditions itself; it must agree with the engine.
        let decided = rule(&case.rule).when.eval(&case.seen) == Truth::True;
        assert_eq!(
            decided, case.fired,
            "{}: the condition and the assessment disagree",
            case.label
        );
    }
    for rule in &RULES.rules {
        for side in [Side::Fires, Side::Quiet] {
            if !samples
                .cases
                .iter()
                .any(|case| rule.id == case.rule && case.side == side)
            {
                problems.push(format!(
                    "rule `{}` has no `{}` sample: add a [[sample]] with `rule = \"{}\"` and a `{}` table to rules/samples/ (see the header of the file)",
                    rule.id,
                    side.word(),
                    rule.id,
                    side.word()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) with the rule samples:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A changed condition on any rule changes the outcome of one of its
/// samples: for every rule, each mutant of its condition (negated; a part of
/// a top-level `all` or `any` left out; a value of an `is`, `one_of`,
/// `contains` or `contains_any` test on a yes/no or choice question
/// replaced by another value of its question; a number test's boundary
/// moved, `at_least` ↔ `above` and `below` ↔ `at_most`) fires on one of the
/// rule's `quiet` samples or stays quiet on one of its `fires` samples.
/// (Countries and the limits themselves are not changed: a country list or
/// a limit is checked as far as the samples at its edges check it.)
#[test]
fn every_mutant_of_every_condition_is_caught_by_a_sample() {
    let samples = &*SAMPLES;
    let mut surviving = Vec::new();
    let mut allowed_used = BTreeSet::new();
    let mut total = 0;
    for rule in &RULES.rules {
        let cases: Vec<&Case> = samples
            .cases
            .iter()
            .filter(|case| rule.id == case.rule)
            .collect();
        for (name, mutant) in mutants(&rule.when, &RULES) {
            total += 1;
            let killed = cases.iter().any(|case| {
                let fires = mutant.eval(&case.seen) == Truth::True;
                fires != case.fired
            });
            if killed {
                continue;
            }
            match EQUIVALENT_MUTANTS
                .iter()
                .find(|(id, listed, _)| rule.id == *id && *listed == name)
            {
                Some(listed) => {
                    allowed_used.insert((listed.0, listed.1));
                }
                None => surviving.push(format!("{}: {name}", rule.id)),
            }
        }
    }
    let stale: Vec<String> = EQUIVALENT_MUTANTS
        .iter()
        .filter(|(id, name, _)| !allowed_used.contains(&(*id, *name)))
        .map(|(id, name, _)| format!("{id}: {name}"))
        .collect();
    assert!(
        stale.is_empty(),
        "these mutants are listed as equivalent but are caught by a sample or no longer exist; remove them from EQUIVALENT_MUTANTS:\n{}",
        stale.join("\n")
    );
    assert!(
        surviving.is_empty(),
        "{} of {total} mutants of the rules' conditions change no sample's outcome; add samples to rules/samples/ that tell each from its rule:\n{}",
        surviving.len(),
        surviving.join("\n")
    );
}

/// The mutants of a condition, each with a name that says what changed.
fn mutants(when: &Condition, rules: &RuleSet) -> Vec<(String, Condition)> {
    let mut out = vec![(
        "the whole condition negated".to_string(),
        Condition::Not(Box::new(when.clone())),
    )];
    match when {
        Condition::All(parts) | Condition::Any(parts) => {
            let word = if matches!(when, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            for (index, part) in parts.iter().enumerate() {
                let mut rest = parts.clone();
                rest.remove(index);
                let mutant = match when {
                    Condition::All(_) => Condition::All(rest),
                    _ => Condition::Any(rest),
                };
                out.push((
                    format!(
                        "part {} of the top `{word}` left out: {}",
                        index + 1,
                        show(part)
                    ),
                    mutant,
                ));
            }
        }
        _ => {}
    }
    for (changed, mutant) in value_mutants(when, rules) {
        out.push((format!("test changed: {changed}"), mutant));
    }
    out
}

/// The values a test on `question` can compare with: yes and no, or the
/// question's choice ids. Other kinds (countries, numbers, text) have none
/// here.
fn values_of(question: &str, rules: &RuleSet) -> Vec<Text> {
    let Some(question) = rules.questions.iter().find(|q| q.id == question) else {
        return Vec::new();
    };
    match question.kind {
        QuestionKind::YesNo => vec![Text::from("yes"), Text::from("no")],
        QuestionKind::Choice | QuestionKind::MultiChoice => {
            question.choices.iter().map(|c| c.id.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// Every copy of `condition` with one test changed, named "`old test` →
/// `new test`": one value replaced by another value of its question, or a
/// limit's boundary moved (`at_least` ↔ `above`, `below` ↔ `at_most`), which
/// only a sample at the limit itself tells apart.
fn value_mutants(condition: &Condition, rules: &RuleSet) -> Vec<(String, Condition)> {
    let mut out = Vec::new();
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            for (index, part) in parts.iter().enumerate() {
                for (changed, mutant) in value_mutants(part, rules) {
                    let mut copy = parts.clone();
                    copy[index] = mutant;
                    let rebuilt = match condition {
                        Condition::All(_) => Condition::All(copy),
                        _ => Condition::Any(copy),
                    };
                    out.push((changed, rebuilt));
                }
            }
        }
        Condition::Not(inner) => {
            for (changed, mutant) in value_mutants(inner, rules) {
                out.push((changed, Condition::Not(Box::new(mutant))));
            }
        }
        Condition::Signal(_) => {}
        Condition::Test { question, test } => {
            let values = values_of(question, rules);
            let lists: Vec<Text> = match test {
                Test::Is(value) | Test::Contains(value) => vec![value.clone()],
                Test::OneOf(list) | Test::ContainsAny(list) => list.clone(),
                _ => Vec::new(),
            };
            for (index, _) in lists.iter().enumerate() {
                for other in values.iter().filter(|v| !lists.contains(v)) {
                    let mut list = lists.clone();
                    list[index] = other.clone();
                    let test = match test {
                        Test::Is(_) => Test::Is(other.clone()),
                        Test::Contains(_) => Test::Contains(other.clone()),
                        Test::OneOf(_) => Test::OneOf(list),
                        _ => Test::ContainsAny(list),
                    };
                    let mutant = Condition::Test {
                        question: question.clone(),
                        test,
                    };
                    out.push((format!("{} → {}", show(condition), show(&mutant)), mutant));
                }
            }
            if let Test::Compare(op, limit) = test {
                let twin = match op {
                    Comparison::AtLeast => Comparison::Above,
                    Comparison::Above => Comparison::AtLeast,
                    Comparison::Below => Comparison::AtMost,
                    Comparison::AtMost => Comparison::Below,
                };
                let mutant = Condition::Test {
                    question: question.clone(),
                    test: Test::Compare(twin, *limit),
                };
                out.push((format!("{} → {}", show(condition), show(&mutant)), mutant));
            }
        }
    }
    out
}

/// A condition in one line, as the mutants are named.
fn show(condition: &Condition) -> String {
    let list = |parts: &[Condition]| parts.iter().map(show).collect::<Vec<_>>().join(", ");
    let words = |values: &[Text]| {
        values
            .iter()
            .map(Text::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match condition {
        Condition::All(parts) => format!("all({})", list(parts)),
        Condition::Any(parts) => format!("any({})", list(parts)),
        Condition::Not(inner) => format!("not({})", show(inner)),
        Condition::Signal(id) => format!("signal {id}"),
        Condition::Test { question, test } => match test {
            Test::Is(value) => format!("{question} is {value}"),
            Test::IsUnknown => format!("{question} is unknown"),
            Test::OneOf(values) => format!("{question} one of [{}]", words(values)),
            Test::Contains(value) => format!("{question} contains {value}"),
            Test::ContainsAny(values) => format!("{question} contains any of [{}]", words(values)),
            Test::Compare(op, limit) => format!("{question} {} {limit}", op.key()),
        },
    }
}

/// The rule loader reads only the rule files at the top of a rules folder:
/// the samples' subfolder (or any other) is not part of the rule set, even
/// when a file in it would not validate as a rule file.
#[test]
fn a_rules_folder_with_a_samples_subfolder_loads() {
    let dir = rules_copy();
    let samples = dir.path().join("samples");
    fs::create_dir(&samples).expect("create samples/");
    for entry in fs::read_dir(samples_dir()).expect("rules/samples/") {
        let path = entry.expect("entry").path();
        fs::copy(&path, samples.join(path.file_name().expect("name"))).expect("copy a sample");
    }
    fs::write(samples.join("broken.toml"), "[[sample]\nrule = ").expect("write");
    let (code, stdout, stderr) = output(offercheck().args(["rules", "check"]).arg(dir.path()));
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let (code, stdout, stderr) = output(
        offercheck()
            .args([
                "check",
                "--no-input",
                "--visa-type",
                "none_or_on_arrival",
                "--format",
                "json",
                "--rules",
            ])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "stderr:\n{stderr}");
    assert!(stdout.contains("\"VIS003\""), "{stdout}");
}

/// The mutants of one condition, spelled out: the test above is only as
/// strong as the mutants it makes.
#[test]
fn mutants_of_a_condition() {
    let rule = rule("MIL004");
    let names: Vec<String> = mutants(&rule.when, &RULES)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let job_types = RULES
        .questions
        .iter()
        .find(|q| q.id == "job_type")
        .expect("job_type")
        .choices
        .len();
    // Negated, each of the two parts left out, and each of the two job
    // types swapped for each job type not in the list (the destinations
    // are countries, not swapped).
    assert_eq!(names.len(), 1 + 2 + 2 * (job_types - 2), "{names:#?}");
    assert_eq!(names[0], "the whole condition negated");
    assert!(
        names
            .contains(&"part 2 of the top `all` left out: destination one of [RU, UA]".to_string()),
        "{names:#?}"
    );
    assert!(
        names.contains(
            &"test changed: job_type one of [security_guard, driver] → job_type one of [security_guard, construction]"
                .to_string()
        ),
        "{names:#?}"
    );
    // A mutant is a different condition, and the negation decides the other way.
    let answers = {
        let table: toml::Table =
            toml::from_str("job_type = \"driver\"\ndestination = \"RU\"").unwrap();
        read_answers(&RULES, "MIL004 fires", &table).unwrap()
    };
    let evaluation = evaluate(&RULES, answers);
    for (name, mutant) in mutants(&rule.when, &RULES) {
        assert_ne!(mutant, rule.when, "{name}");
    }
    let negated = &mutants(&rule.when, &RULES)[0].1;
    assert_eq!(rule.when.eval(&evaluation.answers), Truth::True);
    assert_eq!(negated.eval(&evaluation.answers), Truth::False);
}

//! Rule files exactly as written: strict serde types that keep source spans.
//!
//! A file is read in two rounds, each reporting every problem it finds: the
//! TOML syntax of the whole file, then the shape of each top-level table and
//! each `[[...]]` entry on its own (unknown keys are rejected by
//! `deny_unknown_fields`, missing or wrongly typed fields by serde), so one
//! bad rule does not hide the next. Everything else is checked in
//! [`super::load`], which also collects every problem at once.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::model::{Level, Purpose, QuestionKind};
use crate::diagnostic::{Diagnostic, did_you_mean};

mod agency;
mod htcds;

pub(crate) use agency::*;
pub(crate) use htcds::*;

/// Most syntax errors reported for one file; the rest are counted.
const MAX_SYNTAX_ERRORS: usize = 20;

/// The top-level tables a rule file may hold, and how each is written.
const TABLES: &[(&str, &str)] = &[
    ("ruleset", "[ruleset]"),
    ("levels", "[levels]"),
    ("coverage", "[coverage]"),
    ("section", "[[section]]"),
    ("question", "[[question]]"),
    ("rule", "[[rule]]"),
    ("channel", "[[channel]]"),
    ("country", "[[country]]"),
    ("lists", "[lists]"),
    ("phrase_group", "[[phrase_group]]"),
    ("agency_check", "[agency_check]"),
    ("notice", "[[notice]]"),
    ("licence_format", "[[licence_format]]"),
    ("htcds", "[htcds]"),
    ("htcds_field", "[[htcds_field]]"),
    ("lang", "[lang.CODE...]"),
];

impl RawFile {
    /// Parses one rule file, or returns every syntax problem, or every
    /// unknown, missing or wrongly typed field, each with its place.
    pub(crate) fn parse(path: &str, text: &str) -> Result<RawFile, Vec<Diagnostic>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            let count = errors.len();
            let mut problems: Vec<Diagnostic> = errors
                .into_iter()
                .take(MAX_SYNTAX_ERRORS)
                .map(|err| toml_problem(path, text, &err))
                .collect();
            if count > MAX_SYNTAX_ERRORS {
                problems.push(Diagnostic::in_file(
                    path,
                    text,
                    None,
                    format!(
                        "{} more TOML syntax errors in this file are not shown",
                        count - MAX_SYNTAX_ERRORS
                    ),
                ));
            }
            return Err(problems);
        }
        let mut raw = RawFile::default();
        let mut problems = Vec::new();
        let mut shape = Shape {
            path,
            text,
            problems: &mut problems,
        };
        for (key, value) in table.into_inner() {
            match key.get_ref().as_ref() {
                "ruleset" => raw.ruleset = shape.one(value),
                "levels" => raw.levels = shape.one(value),
                "coverage" => raw.coverage = shape.one(value),
                "section" => raw.section = shape.many(value, "section"),
                "question" => raw.question = shape.many(value, "question"),
                "rule" => raw.rule = shape.many(value, "rule"),
                "channel" => raw.channel = shape.many(value, "channel"),
                "country" => raw.country = shape.many(value, "country"),
                "lists" => raw.lists = shape.one(value),
                "phrase_group" => raw.phrase_group = shape.many(value, "phrase_group"),
                "agency_check" => raw.agency_check = shape.one(value),
                "notice" => raw.notice = shape.many(value, "notice"),
                "licence_format" => raw.licence_format = shape.many(value, "licence_format"),
                "htcds" => raw.htcds = shape.one(value),
                "htcds_field" => raw.htcds_field = shape.many(value, "htcds_field"),
                "lang" => {
                    raw.lang = shape
                        .one::<BTreeMap<String, Spanned<RawLang>>>(value)
                        .map(Spanned::into_inner)
                        .unwrap_or_default()
                }
                other => {
                    let names = TABLES.iter().map(|(name, _)| *name);
                    let help = did_you_mean(other, names).unwrap_or_else(|| {
                        let all: Vec<_> = TABLES.iter().map(|(_, shown)| *shown).collect();
                        format!("a rule file holds only {}", all.join(", "))
                    });
                    shape.problems.push(
                        Diagnostic::in_file(
                            path,
                            text,
                            Some(key.span()),
                            format!("unknown table `{other}`"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(raw)
        } else {
            Err(problems)
        }
    }
}

/// A toml error as a diagnostic, in plainer words where toml's are terse.
pub(crate) fn toml_problem(path: &str, text: &str, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim();
    let problem = |message: String| Diagnostic::in_file(path, text, err.span(), message);
    if message.contains("recursion") {
        problem(
            "tables and lists are nested too deeply here (toml reads at most 80 levels)".into(),
        )
        .with_help(format!(
            "a condition may nest `all`, `any` and `not` at most {} levels deep; write it flatter",
            super::MAX_CONDITION_DEPTH
        ))
    } else if message == "duplicate key" {
        problem("this key or table is already defined in this file".into())
            .with_help("write each key once per table; `[name]` and `[[name]]` cannot share a name")
    } else {
        let plainer = message
            .replace("expected u32", "expected a whole number, 0 or more")
            .replace("expected f64", "expected a number");
        problem(plainer)
    }
}

/// The `id` of a `[[...]]` entry, when it has a string one.
fn entry_id(item: &Spanned<DeValue<'_>>) -> Option<String> {
    let DeValue::Table(table) = item.get_ref() else {
        return None;
    };
    table
        .iter()
        .find(|(key, _)| key.get_ref() == "id")
        .and_then(|(_, value)| value.get_ref().as_str())
        .map(str::to_string)
}

/// Reads each table and entry on its own, collecting every problem.
struct Shape<'a> {
    path: &'a str,
    text: &'a str,
    problems: &'a mut Vec<Diagnostic>,
}

impl Shape<'_> {
    fn one<T: for<'de> Deserialize<'de>>(
        &mut self,
        value: Spanned<DeValue<'_>>,
    ) -> Option<Spanned<T>> {
        match Spanned::<T>::deserialize(ValueDeserializer::from(value)) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.problems.push(toml_problem(self.path, self.text, &err));
                None
            }
        }
    }

    fn many<T: for<'de> Deserialize<'de>>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        name: &str,
    ) -> Vec<Spanned<T>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items
                .into_iter()
                .filter_map(|item| {
                    let id = entry_id(&item);
                    let before = self.problems.len();
                    let parsed = self.one(item);
                    // Name the entry: "rule `FEE003`: missing field `why`".
                    if let (Some(id), Some(problem)) = (id, self.problems.get_mut(before)) {
                        problem.message = format!("{name} `{id}`: {}", problem.message);
                    }
                    parsed
                })
                .collect(),
            _ => {
                self.problems.push(
                    Diagnostic::in_file(
                        self.path,
                        self.text,
                        Some(span),
                        format!("`{name}` must be a list of tables"),
                    )
                    .with_help(format!("write each one under its own `[[{name}]]` header")),
                );
                Vec::new()
            }
        }
    }
}

/// One rule file. Every table is optional so a rule set can be split across files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub ruleset: Option<Spanned<RawMeta>>,
    pub levels: Option<Spanned<RawLevels>>,
    pub coverage: Option<Spanned<RawCoverage>>,
    pub lists: Option<Spanned<RawLists>>,
    #[serde(default)]
    pub phrase_group: Vec<Spanned<RawPhraseGroup>>,
    #[serde(default)]
    pub section: Vec<Spanned<RawSection>>,
    #[serde(default)]
    pub question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub channel: Vec<Spanned<RawChannel>>,
    #[serde(default)]
    pub country: Vec<Spanned<RawCountry>>,
    pub agency_check: Option<Spanned<RawAgencyCheck>>,
    #[serde(default)]
    pub notice: Vec<Spanned<RawNotice>>,
    #[serde(default)]
    pub licence_format: Vec<Spanned<RawLicenceFormat>>,
    pub htcds: Option<Spanned<RawHtcds>>,
    #[serde(default)]
    pub htcds_field: Vec<Spanned<RawHtcdsField>>,
    /// Translations and interface wording, by language code: `[lang.sw.rules.FEE001]`.
    #[serde(default)]
    pub lang: BTreeMap<String, Spanned<RawLang>>,
}

/// The texts of one language in one file. Every field is optional: a
/// missing text falls back to English.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLang {
    #[serde(default)]
    pub sections: BTreeMap<String, Spanned<RawSectionText>>,
    #[serde(default)]
    pub questions: BTreeMap<String, Spanned<RawQuestionText>>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RawRuleText>>,
    #[serde(default)]
    pub channels: BTreeMap<String, Spanned<RawChannelText>>,
    #[serde(default)]
    pub ui: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSectionText {
    pub title: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestionText {
    pub prompt: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    pub not_judged: Option<Spanned<String>>,
    #[serde(default)]
    pub choices: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub short_choices: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleText {
    pub title: Option<Spanned<String>>,
    pub why: Option<Spanned<String>>,
    pub advice: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannelText {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with `name` and `version`")]
pub(crate) struct RawMeta {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `medium`, `high` and `critical` scores"
)]
pub(crate) struct RawLevels {
    pub medium: u32,
    pub high: u32,
    pub critical: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with `minimum`")]
pub(crate) struct RawCoverage {
    pub minimum: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with `id` and `title`")]
pub(crate) struct RawSection {
    pub id: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a question table with `id`, `section`, `kind`, `prompt` and `help`"
)]
pub(crate) struct RawQuestion {
    pub id: Spanned<String>,
    pub section: Spanned<String>,
    pub kind: QuestionKind,
    pub prompt: Spanned<String>,
    pub help: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    pub ask_if: Option<Spanned<RawCondition>>,
    pub default: Option<Spanned<toml::Value>>,
    pub risky: Option<Spanned<String>>,
    pub dont_know_risk: Option<Spanned<u32>>,
    pub judged_if: Option<Spanned<RawCondition>>,
    #[serde(default)]
    pub currency: Option<Spanned<Vec<Spanned<String>>>>,
    pub not_judged: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a choice such as `{ id = \"visa\", label = \"Visa\" }`"
)]
pub(crate) struct RawChoice {
    pub id: Spanned<String>,
    pub label: String,
    pub risk: Option<u32>,
    pub short: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rule table with `id`, `title`, `severity`, `points`, `when`, `why`, `advice` and `sources`"
)]
pub(crate) struct RawRule {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub severity: Level,
    pub points: u32,
    #[serde(default)]
    pub critical: bool,
    pub when: Spanned<RawCondition>,
    pub why: Spanned<String>,
    pub advice: Spanned<String>,
    pub sources: Option<Vec<Spanned<RawSource>>>,
    #[serde(default)]
    pub refer: Vec<Purpose>,
    pub fact: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a source such as `{ title = \"...\", url = \"https://...\" }`"
)]
pub(crate) struct RawSource {
    pub title: String,
    pub url: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a channel table with `id`, `country`, `name`, `purpose`, `description` and `source`"
)]
pub(crate) struct RawChannel {
    pub id: Spanned<String>,
    pub country: Spanned<String>,
    pub destination: Option<Spanned<String>>,
    pub name: String,
    pub purpose: Purpose,
    pub description: String,
    pub url: Option<Spanned<String>>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub reach_via: Option<Spanned<String>>,
    pub source: Spanned<RawSource>,
    pub checked: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a country table with `code` and `name`"
)]
pub(crate) struct RawCountry {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The name in other languages, by language code: `{ sw = "Urusi" }`.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// Word lists the signal extractors use (see `crate::signals`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLists {
    #[serde(default)]
    pub free_mail_providers: Vec<Spanned<String>>,
    #[serde(default)]
    pub link_shorteners: Vec<Spanned<String>>,
    #[serde(default)]
    pub site_builders: Vec<Spanned<String>>,
    #[serde(default)]
    pub messaging_hosts: Vec<Spanned<String>>,
    #[serde(default)]
    pub official_suffixes: Vec<Spanned<String>>,
    #[serde(default)]
    pub official_words: Vec<Spanned<String>>,
    #[serde(default)]
    pub calling_codes: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub currency_words: Vec<Spanned<String>>,
    #[serde(default)]
    pub currency_signs: Vec<Spanned<String>>,
    #[serde(default)]
    pub currency_signs_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub amount_scales: Vec<Spanned<String>>,
    #[serde(default)]
    pub amount_numerals: Vec<Spanned<String>>,
    #[serde(default)]
    pub number_suffixes: Vec<Spanned<String>>,
    #[serde(default)]
    pub abbreviations: Vec<Spanned<String>>,
}

/// Phrases looked for in the advert text; the group's id is a signal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhraseGroup {
    pub id: Spanned<String>,
    pub title: String,
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub negations: Vec<Spanned<String>>,
    #[serde(default)]
    pub negations_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub negations_in_sentence: Vec<Spanned<String>>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    pub context_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub context: Vec<Spanned<String>>,
}

/// A condition as written: one table in which exactly one shape must be used.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a condition such as `{ question = \"...\", is = \"yes\" }` or `{ all = [...] }`"
)]
pub(crate) struct RawCondition {
    pub all: Option<Vec<Spanned<RawCondition>>>,
    pub any: Option<Vec<Spanned<RawCondition>>>,
    pub not: Option<Box<Spanned<RawCondition>>>,
    pub question: Option<Spanned<String>>,
    pub signal: Option<Spanned<String>>,
    pub is: Option<Spanned<String>>,
    pub one_of: Option<Vec<Spanned<String>>>,
    pub contains: Option<Spanned<String>>,
    pub contains_any: Option<Vec<Spanned<String>>>,
    pub at_least: Option<f64>,
    pub above: Option<f64>,
    pub below: Option<f64>,
    pub at_most: Option<f64>,
}

#[cfg(test)]
mod tests {
    use crate::rules::{MAX_CONDITION_DEPTH, RuleFile, RuleSet};
    use crate::testing::rule_files;

    /// The default rules with MIL001's condition replaced by `condition`.
    fn with_condition(condition: &str) -> Vec<RuleFile> {
        rule_files()
            .into_iter()
            .map(|file| RuleFile {
                text: file.text.replacen(
                    "when = { question = \"military_or_combat_mention\", is = \"yes\" }",
                    &format!("when = {condition}"),
                    1,
                ),
                ..file
            })
            .collect()
    }

    /// Loads in a thread with a 2 MiB stack (the size of a test thread, a
    /// quarter of a main thread) and returns the error text.
    fn load_error(files: Vec<RuleFile>) -> String {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || match RuleSet::from_files(files) {
                Ok(_) => panic!("loaded"),
                Err(err) => err.to_string(),
            })
            .expect("thread")
            .join()
            .expect("no stack overflow or panic")
    }

    /// 10,000 levels of `not`, of `all`, or of bare lists are refused
    /// before they can exhaust the stack, with the line.
    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let test = "{ question = \"upfront_payment\", is = \"yes\" }";
        let depth = 10_000;
        let when_line = rule_files()
            .iter()
            .find(|file| file.path == "rules/red-flags.toml")
            .and_then(|file| {
                file.text
                    .lines()
                    .position(|line| line.contains("military_or_combat_mention\", is = \"yes\" }"))
            })
            .expect("MIL001's condition")
            + 1;
        for condition in [
            format!("{}{test}{}", "{ not = ".repeat(depth), " }".repeat(depth)),
            format!("{}{test}{}", "{ all = [".repeat(depth), "] }".repeat(depth)),
            format!("{{ all = {}{}}}", "[".repeat(depth), "]".repeat(depth)),
        ] {
            let err = load_error(with_condition(&condition));
            assert!(
                err.starts_with(&format!("rules/red-flags.toml:{when_line}:")),
                "{err}"
            );
            assert!(err.contains("nested too deeply"), "{err}");
        }
    }

    /// A rule that can never fire with a huge `all` list is still reported,
    /// quickly: the search for the contradicting pair is bounded.
    #[test]
    fn huge_impossible_condition_is_quick() {
        let yes = "{ question = \"upfront_payment\", is = \"yes\" }, ";
        let condition = format!(
            "{{ all = [{}{{ question = \"upfront_payment\", is = \"no\" }}] }}",
            yes.repeat(20_000)
        );
        let started = std::time::Instant::now();
        let err = load_error(with_condition(&condition));
        assert!(
            err.contains("rule `MIL001` can never fire: no answers make this condition true"),
            "{err}"
        );
        assert!(
            started.elapsed().as_secs() < 30,
            "took {:?}",
            started.elapsed()
        );
    }

    /// A list of 200,000 unknown countries is refused quickly: once enough
    /// problems are reported, no more suggestions are searched for.
    #[test]
    fn huge_list_of_unknown_values_is_quick() {
        let values: Vec<String> = (0..200_000).map(|n| format!("\"X{n}\"")).collect();
        let condition = format!(
            "{{ question = \"destination\", one_of = [{}] }}",
            values.join(", ")
        );
        let started = std::time::Instant::now();
        let err = load_error(with_condition(&condition));
        assert!(err.contains("unknown country `X0`"), "{err}");
        assert!(
            err.contains("more problems may follow: checking stopped after 200"),
            "{err}"
        );
        assert!(
            started.elapsed().as_secs() < 30,
            "took {:?}",
            started.elapsed()
        );
    }

    /// Ids, country names and alias lists past their limits are refused.
    #[test]
    fn long_ids_and_names_are_refused() {
        let long = "q".repeat(100_000);
        let files: Vec<RuleFile> = rule_files()
            .into_iter()
            .map(|file| RuleFile {
                text: file
                    .text
                    .replacen("id = \"origin\"", &format!("id = \"{long}\""), 1)
                    .replacen("id = \"visa\"", &format!("id = \"{long}\""), 1)
                    .replacen("name = \"Kenya\"", &format!("name = \"{long}\""), 1),
                ..file
            })
            .collect();
        let err = load_error(files);
        assert!(
            err.contains(
                "the question id `qqqqqqqqqqqqqqqqqqqq…` is 100000 characters long; the limit is 64"
            ),
            "{err}"
        );
        assert!(err.contains("the choice id `qqqq"), "{err}");
        assert!(
            err.contains("country `KE` has a name longer than 100 characters"),
            "{err}"
        );
        assert!(err.len() < 20_000, "{} bytes", err.len());
    }

    /// Nesting that toml accepts but conditions do not is refused by validation.
    #[test]
    fn condition_depth_limit() {
        let test = "{ question = \"upfront_payment\", is = \"yes\" }";
        let depth = 60;
        let condition = format!("{}{test}{}", "{ not = ".repeat(depth), " }".repeat(depth));
        let err = load_error(with_condition(&condition));
        assert!(
            err.contains(&format!(
                "condition nested deeper than {MAX_CONDITION_DEPTH} levels"
            )),
            "{err}"
        );
    }
}

//! Rules in words, for the people who read and keep them: a condition
//! described with the questions' own wording ([`Condition::describe`]), one
//! rule explained in full ([`Explanation`], for `offercheck explain`), and
//! the list of rules ([`RuleList`], for `offercheck rules list`). Each is one
//! serialisable model rendered as text or JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::text::wrap;
use crate::answers::format_number;
use crate::diagnostic::did_you_mean;
use crate::rules::{
    Comparison, Condition, Level, QuestionKind, Rule, RuleSet, RuleSetMeta, Source, Test, Text,
};

/// Version of the JSON shape of [`Explanation`] and [`RuleList`].
pub const SCHEMA_VERSION: u32 = 1;

impl Condition {
    /// The condition in words: one line per test, naming the question by its
    /// prompt and id and each value by its label (or country name) and id;
    /// `all`, `any` and `not` become indented lists.
    pub fn describe(&self, rules: &RuleSet) -> String {
        let mut lines = Vec::new();
        self.describe_into(rules, 0, "", &mut lines);
        lines.join("\n")
    }

    fn describe_into(&self, rules: &RuleSet, depth: usize, bullet: &str, out: &mut Vec<String>) {
        let indent = "  ".repeat(depth);
        let (heading, parts): (&str, Vec<&Condition>) = match self {
            Condition::All(parts) => ("all of these:", parts.iter().collect()),
            Condition::Any(parts) => ("any of these:", parts.iter().collect()),
            Condition::Not(inner) => ("not this:", vec![inner.as_ref()]),
            Condition::Test { question, test } => {
                out.push(format!(
                    "{indent}{bullet}{}",
                    describe_test(rules, question, test)
                ));
                return;
            }
            Condition::Signal(id) => {
                out.push(format!("{indent}{bullet}{}", describe_signal(rules, id)));
                return;
            }
        };
        out.push(format!("{indent}{bullet}{heading}"));
        let child_depth = if bullet.is_empty() {
            depth + 1
        } else {
            depth + 2
        };
        for part in parts {
            part.describe_into(rules, child_depth, "- ", out);
        }
    }
}

/// A signal in words: what its check looks for, and its id.
fn describe_signal(rules: &RuleSet, id: &str) -> String {
    let meaning = crate::signals::BUILTIN_SIGNALS
        .iter()
        .chain(crate::signals::agency::SIGNALS)
        .find(|(known, _)| *known == id)
        .map(|(_, meaning)| (*meaning).to_string())
        .or_else(|| {
            rules
                .phrase_groups
                .iter()
                .find(|group| group.id == id)
                .map(|group| format!("the advert text contains: {}", group.title.to_lowercase()))
        })
        .unwrap_or_else(|| id.to_string());
    format!("{meaning} (signal {id})")
}

fn describe_test(rules: &RuleSet, question_id: &str, test: &Test) -> String {
    let question = rules.question(question_id);
    let subject = match question {
        Some(q) => format!("\"{}\" ({})", q.prompt, q.id),
        None => question_id.to_string(),
    };
    let value = |id: &str| -> String {
        match question {
            Some(q) if q.kind == QuestionKind::Country => rules
                .countries
                .find(id)
                .map_or_else(|| id.to_string(), |c| format!("{} ({id})", c.name)),
            Some(q) if q.kind == QuestionKind::YesNo => id.to_string(),
            Some(q) => q
                .choice_label(id)
                .map_or_else(|| id.to_string(), |label| format!("{label} ({id})")),
            None => id.to_string(),
        }
    };
    let list = |ids: &[Text]| -> String {
        ids.iter()
            .map(|id| value(id))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let what = match test {
        Test::Is(id) => value(id),
        Test::IsUnknown => "not answered, or \"don't know\"".into(),
        Test::OneOf(ids) => format!("one of {}", list(ids)),
        Test::Contains(id) => format!("includes {}", value(id)),
        Test::ContainsAny(ids) => format!("includes any of {}", list(ids)),
        Test::Compare(op, limit) => {
            let words = match op {
                Comparison::AtLeast => "at least",
                Comparison::Above => "more than",
                Comparison::Below => "less than",
                Comparison::AtMost => "at most",
            };
            format!("{words} {}", format_number(*limit))
        }
    };
    format!("{subject}: {what}")
}

/// A question a rule looks at.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AskedQuestion {
    /// Question id (the answers-file key).
    pub id: String,
    /// The question as asked.
    pub prompt: String,
}

/// One rule in full: what `offercheck explain RULE_ID` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// Rule id, such as `FEE003`.
    pub rule: String,
    /// Short plain title.
    pub title: String,
    /// How serious the sign is on its own.
    pub severity: Level,
    /// Points added to the score when it fires.
    pub points: u32,
    /// Whether firing forces the level `critical`.
    pub critical: bool,
    /// When it fires, in words ([`Condition::describe`]).
    pub condition: String,
    /// The questions it looks at, in order of first mention.
    pub questions: Vec<AskedQuestion>,
    /// Why it matters.
    pub why: String,
    /// What to do.
    pub advice: String,
    /// The public sources.
    pub sources: Vec<Source>,
    /// The rule set it belongs to.
    pub ruleset: RuleSetMeta,
}

impl Explanation {
    /// Explains one rule of `rules`.
    pub fn new(rule: &Rule, rules: &RuleSet) -> Explanation {
        Explanation {
            schema_version: SCHEMA_VERSION,
            rule: rule.id.to_string(),
            title: rule.title.to_string(),
            severity: rule.severity,
            points: rule.points,
            critical: rule.critical,
            condition: rule.when.describe(rules),
            questions: rule
                .when
                .questions()
                .into_iter()
                .map(|id| AskedQuestion {
                    id: id.to_string(),
                    prompt: rules
                        .question(id)
                        .map_or_else(String::new, |q| q.prompt.to_string()),
                })
                .collect(),
            why: rule.why.to_string(),
            advice: rule.advice.to_string(),
            sources: rule.sources.clone(),
            ruleset: rules.meta.clone(),
        }
    }

    /// Writes the explanation for a person, wrapped to 78 columns.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{}",
            wrap(&format!("{}: {}", self.rule, self.title), "", "  ")
        )?;
        let points = if self.points == 1 { "point" } else { "points" };
        let mut line = format!(
            "Severity {}, {} {points}.",
            self.severity.as_str(),
            self.points
        );
        if self.critical {
            line.push_str(" When it fires, the level is \"critical\" whatever the score.");
        }
        writeln!(out, "\n{}", wrap(&line, "", ""))?;
        writeln!(out, "\nIt fires when")?;
        for condition_line in self.condition.lines() {
            let body = condition_line.trim_start();
            let indent = condition_line.len() - body.len();
            let first = " ".repeat(indent + 2);
            let rest = if body.starts_with("- ") {
                " ".repeat(indent + 4)
            } else {
                " ".repeat(indent + 2)
            };
            writeln!(out, "{}", wrap(body, &first, &rest))?;
        }
        writeln!(
            out,
            "{}",
            wrap(
                "If a question it needs is not answered, the rule is counted as a check that could not be made.",
                "  (",
                "   "
            ) + ")"
        )?;
        writeln!(out, "\nWhy it matters\n{}", wrap(&self.why, "  ", "  "))?;
        writeln!(out, "\nWhat to do\n{}", wrap(&self.advice, "  ", "  "))?;
        writeln!(out, "\nSources")?;
        for source in &self.sources {
            writeln!(out, "{}", wrap(&source.title, "  - ", "    "))?;
            writeln!(out, "    {}", source.url)?;
        }
        writeln!(
            out,
            "\n{}",
            wrap(
                &format!(
                    "From the rule set \"{}\" {}.",
                    self.ruleset.name, self.ruleset.version
                ),
                "",
                ""
            )
        )
    }

    /// Writes the explanation as one JSON object.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
        writeln!(out)
    }
}

/// One line of `offercheck rules list`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleSummary {
    /// Rule id.
    pub rule: String,
    /// How serious the sign is on its own.
    pub severity: Level,
    /// Points added to the score when it fires.
    pub points: u32,
    /// Whether firing forces the level `critical`.
    pub critical: bool,
    /// Short plain title.
    pub title: String,
}

/// Every rule of a rule set, in file order: what `offercheck rules list` shows.
#[derive(Debug, Clone, Serialize)]
pub struct RuleList {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// The rule set.
    pub ruleset: RuleSetMeta,
    /// One entry per rule.
    pub rules: Vec<RuleSummary>,
}

impl RuleList {
    /// The list of `rules`' rules.
    pub fn new(rules: &RuleSet) -> RuleList {
        RuleList {
            schema_version: SCHEMA_VERSION,
            ruleset: rules.meta.clone(),
            rules: rules
                .rules
                .iter()
                .map(|rule| RuleSummary {
                    rule: rule.id.to_string(),
                    severity: rule.severity,
                    points: rule.points,
                    critical: rule.critical,
                    title: rule.title.to_string(),
                })
                .collect(),
        }
    }

    /// Writes a table: id, severity, points, title.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let id_width = self
            .rules
            .iter()
            .map(|r| r.rule.chars().count())
            .chain([2])
            .max()
            .unwrap_or(2);
        writeln!(out, "{:id_width$}  SEVERITY  POINTS  TITLE", "ID")?;
        for rule in &self.rules {
            writeln!(
                out,
                "{:id_width$}  {:8}  {:>6}  {}",
                rule.rule,
                rule.severity.as_str(),
                rule.points,
                rule.title
            )?;
        }
        writeln!(
            out,
            "\n{} rules in \"{}\" {}. `offercheck explain ID` shows one in full.",
            self.rules.len(),
            self.ruleset.name,
            self.ruleset.version
        )
    }

    /// Writes the list as one JSON object.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(io::Error::other)?;
        writeln!(out)
    }
}

impl RuleSet {
    /// A rule by id in any case (`fee003` finds `FEE003`), or a hint naming
    /// the nearest id when there is none.
    pub fn find_rule(&self, id: &str) -> Result<&Rule, Option<String>> {
        let wanted = id.trim();
        self.rules
            .iter()
            .find(|rule| rule.id.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| did_you_mean(wanted, self.rules.iter().map(|r| r.id.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::testing::default_rules()
    }

    /// Conditions read as words: prompts, labels, country names, amounts.
    #[test]
    fn describe_uses_the_questions_words() {
        let rules = rules();
        let mil002 = rules.rule("MIL002").expect("MIL002").when.describe(&rules);
        assert!(mil002.starts_with("all of these:\n  - \""), "{mil002}");
        assert!(mil002.contains("(job_type): Army, soldier"), "{mil002}");
        assert!(
            mil002.contains("(destination): one of Russia (RU); Ukraine (UA)"),
            "{mil002}"
        );
        let nested = Condition::Not(Box::new(Condition::Any(vec![
            Condition::Test {
                question: "payment_amount_kes".into(),
                test: Test::Compare(Comparison::AtLeast, 1_000_000.0),
            },
            Condition::Test {
                question: "payment_purposes".into(),
                test: Test::ContainsAny(vec!["deposit".into(), "visa".into()]),
            },
            Condition::Test {
                question: "contract_attested".into(),
                test: Test::IsUnknown,
            },
        ])));
        let words = nested.describe(&rules);
        let lines: Vec<&str> = words.lines().collect();
        assert_eq!(lines[0], "not this:");
        assert_eq!(lines[1], "  - any of these:");
        assert!(lines[2].starts_with("      - \""), "{words}");
        assert!(
            lines[2].ends_with("(payment_amount_kes): at least 1,000,000"),
            "{words}"
        );
        assert!(lines[3].contains("includes any of A deposit"), "{words}");
        assert!(
            lines[4].ends_with(": not answered, or \"don't know\""),
            "{words}"
        );
    }

    /// Rule ids are found in any case; a typo gets the nearest id.
    #[test]
    fn find_rule_any_case_with_hint() {
        let rules = rules();
        assert_eq!(
            rules.find_rule("mil001").map(|r| r.id.as_str()),
            Ok("MIL001")
        );
        assert_eq!(
            rules.find_rule(" Mil001 ").map(|r| r.id.as_str()),
            Ok("MIL001")
        );
        assert_eq!(
            rules.find_rule("MIL01").map(|r| r.id.as_str()),
            Err(Some("did you mean `MIL001`?".into()))
        );
        assert_eq!(
            rules.find_rule("zzzzzzzz").map(|r| r.id.as_str()),
            Err(None)
        );
    }

    /// Every rule of the default set explains itself in lines of at most 80 columns.
    #[test]
    fn every_default_rule_explains_within_80_columns() {
        let rules = rules();
        for rule in &rules.rules {
            let mut out = Vec::new();
            Explanation::new(rule, &rules).write_text(&mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            for line in text.lines() {
                assert!(
                    line.chars().count() <= 80 || line.trim_start().starts_with("http"),
                    "{}: {line}",
                    rule.id
                );
            }
        }
    }
}

//! Answers to the questions, from flags, answers files (TOML or JSON) or the
//! questionnaire, all validated into one [`Answers`] by the same code.
//!
//! Reading is in two steps: a source is read into [`RawAnswer`]s (the key,
//! the value as written, and where it was written), then
//! [`Answers::from_raw`] checks each against its question and reports every
//! problem at once.

use crate::diagnostic::{Diagnostic, Location, did_you_mean, echo};
use crate::rules::{Question, RuleSet, Text};

mod read;
mod slots;
#[cfg(test)]
mod tests;

pub use crate::answer_set::*;
use crate::rules::values::parse_value;
pub use crate::rules::values::{parse_default, valid_values_help};
pub use read::RawAnswer;
use read::*;
pub use slots::SlotsRead;

impl Value {
    /// The value in words for a person: choice labels, country names.
    pub fn describe(&self, question: &Question, rules: &RuleSet) -> String {
        match self {
            Value::Yes => rules.ui("answer_yes").into(),
            Value::No => rules.ui("answer_no").into(),
            Value::Choice(id) => question.choice_label(id).unwrap_or(id).to_string(),
            Value::Choices(ids) if ids.is_empty() => rules.ui("answer_none").into(),
            Value::Choices(ids) => ids
                .iter()
                .map(|id| question.choice_label(id).unwrap_or(id))
                .collect::<Vec<_>>()
                .join(", "),
            Value::Country(code) => rules
                .countries
                .find(code)
                .map_or_else(|| code.to_string(), |c| c.name_in(rules.lang()).to_string()),
            Value::Number(n) => format_number(*n),
            Value::Text(text) => text.clone(),
        }
    }
}

impl Answers {
    /// These answers with each unanswered question's default filled in.
    pub fn with_defaults(&self, rules: &RuleSet) -> Answers {
        let mut out = self.clone();
        for question in &rules.questions {
            if let (None, Some(default)) = (out.get(&question.id), &question.default) {
                out.set(&question.id, Answer::Known(default.clone()));
            }
        }
        out
    }

    /// Checks raw answers against the rule set's questions. A flag's answer
    /// replaces a file's answer to the same question (flags are given after
    /// the file); a question answered twice in files is an error, as TOML
    /// makes a key written twice. Every problem is reported, not only the first.
    pub fn from_raw(rules: &RuleSet, raw: Vec<RawAnswer<'_>>) -> Result<Answers, Vec<Diagnostic>> {
        // Each valid answer in its question's place (a later answer to the
        // same question replaces an earlier one), and whether and where a
        // file answered it.
        let mut by_slot: Vec<(Option<Answer>, InFile)> =
            vec![(None, InFile::No); rules.questions.len()];
        let mut problems = Vec::new();
        let mut not_shown = 0;
        // Where the next answer's question is looked for first (see `question_slot_from`).
        let mut next = 0;
        for item in raw {
            if problems.len() >= MAX_ANSWER_PROBLEMS {
                // Keep checking (a later problem may be the only one) but stop describing.
                let fits = rules.question(&item.key).is_some_and(|question| {
                    parse_value(question, rules.into(), &item.value).is_ok()
                });
                if !fits {
                    not_shown += 1;
                }
                continue;
            }
            let Some(slot) = rules.question_slot_from(&item.key, next) else {
                let ids = rules.questions.iter().map(|q| q.id.as_str());
                let mut problem = item.problem(format!("unknown question `{}`", echo(&item.key)));
                problem.help = Some(match did_you_mean(&item.key.replace('-', "_"), ids) {
                    Some(hint) => hint,
                    None => "run `offercheck check --help` to see every question id".into(),
                });
                problems.push(problem);
                continue;
            };
            next = slot + 1;
            if let Location::File { position, .. } = &item.location {
                let here = position.as_ref().map(|p| (p.line, p.column));
                match by_slot[slot].1 {
                    InFile::No => by_slot[slot].1 = InFile::At(here),
                    InFile::At(first) => {
                        problems.push(
                            item.problem(answered_twice(first, here))
                                .with_help(ANSWERED_TWICE_HELP),
                        );
                        continue;
                    }
                }
            }
            match parse_value(&rules.questions[slot], rules.into(), &item.value) {
                Ok(answer) => by_slot[slot].0 = Some(answer),
                Err(problem) => {
                    problems.push(item.problem(problem.message).with_help(problem.help))
                }
            }
        }
        if not_shown > 0 {
            let location = problems
                .last()
                .map_or(Location::Flag(String::new()), |p: &Diagnostic| {
                    p.location.clone()
                });
            problems.push(Diagnostic {
                location: match location {
                    Location::File { path, .. } => Location::File {
                        path,
                        position: None,
                    },
                    Location::Flag(_) => Location::Flag("the flags".into()),
                },
                message: format!("{not_shown} more problems are not shown"),
                help: Some("fix these and try again".into()),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Room for every question, so that filling in defaults adds no copy.
        let mut answers = Vec::with_capacity(rules.questions.len());
        for (question, (answer, _)) in rules.questions.iter().zip(by_slot) {
            if let Some(answer) = answer {
                answers.push((question.id.clone(), answer));
            }
        }
        Ok(Answers {
            answers,
            signals: Vec::new(),
        })
    }

    /// The answers as an answers file in TOML, in question order, that
    /// [`RawAnswer::from_toml`] reads back to the same answers.
    pub fn to_toml(&self, rules: &RuleSet) -> String {
        let mut table = toml::Table::new();
        let mut out = String::from("# offercheck answers\n");
        for question in &rules.questions {
            let value = match self.get(&question.id) {
                None => continue,
                Some(Answer::DontKnow) => toml::Value::from("unknown"),
                Some(Answer::Known(Value::Number(n))) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                    toml::Value::from(*n as i64)
                }
                Some(Answer::Known(Value::Number(n))) => toml::Value::from(*n),
                Some(Answer::Known(Value::Choices(ids))) => toml::Value::Array(
                    ids.iter()
                        .map(|id| toml::Value::from(id.as_str()))
                        .collect(),
                ),
                Some(Answer::Known(Value::Text(text))) => toml::Value::from(text.clone()),
                Some(Answer::Known(single)) => {
                    toml::Value::from(single.as_single().unwrap_or_default())
                }
            };
            table.insert(question.id.to_string(), value);
            out.push_str(&toml::to_string(&table).unwrap_or_default());
            table.clear();
        }
        out
    }
}

/// Checks one typed answer to one question, as a flag would be checked.
/// Returns the message and hint to show when it is not valid.
pub fn parse_typed(
    rules: &RuleSet,
    question: &Question,
    text: &str,
) -> Result<Answer, (String, Option<String>)> {
    match Answers::from_raw(rules, vec![RawAnswer::from_flag(&question.id, text)]) {
        Ok(answers) => Ok(answers
            .get(&question.id)
            .cloned()
            .unwrap_or(Answer::DontKnow)),
        Err(mut problems) => {
            let problem = problems.remove(0);
            Err((problem.message, problem.help))
        }
    }
}

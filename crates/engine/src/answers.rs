//! Answers to the questions, from flags, answers files (TOML or JSON) or the
//! questionnaire, all validated into one [`Answers`] by the same code.
//!
//! Reading is in two steps: a source is read into [`RawAnswer`]s (the key,
//! the value as written, and where it was written), then
//! [`Answers::from_raw`] checks each against its question and reports every
//! problem at once.

use crate::diagnostic::{Diagnostic, Location, did_you_mean, echo};
use crate::rules::{Question, RuleSet, Text, same_id};

mod read;
mod slots;
#[cfg(test)]
mod tests;
mod values;

use read::*;
pub use read::{RawAnswer, RawValue};
pub use slots::SlotsRead;
use values::*;
pub use values::{parse_default, parse_typed, valid_values_help};

/// Longest text answer accepted (bytes), such as a pasted advert.
pub const MAX_TEXT_BYTES: usize = 100 * 1024;
/// Largest answers file accepted (bytes).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most answers in one file: more than any rule set has questions
/// ([`crate::rules::limits::MAX_QUESTIONS`]).
pub const MAX_ANSWERS: usize = 1000;
/// Most problems reported for one set of answers; the rest are counted.
pub const MAX_ANSWER_PROBLEMS: usize = 50;

/// A known answer, in canonical form.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// Yes.
    Yes,
    /// No.
    No,
    /// A choice id (the rule set's own, so an embedded rule set's is not copied).
    Choice(Text),
    /// A list of choice ids (multi-choice), without duplicates, in the order given.
    Choices(Vec<Text>),
    /// An ISO 3166-1 alpha-2 code, upper case (the rule set's own).
    Country(Text),
    /// A non-negative finite number.
    Number(f64),
    /// Text, a URL, an e-mail address or a phone number, as given.
    Text(String),
}

impl Value {
    /// The single canonical word of a yes/no, choice or country value.
    pub fn as_single(&self) -> Option<&str> {
        match self {
            Value::Yes => Some("yes"),
            Value::No => Some("no"),
            Value::Choice(id) | Value::Country(id) => Some(id.as_str()),
            _ => None,
        }
    }

    /// The value as JSON, as an answers file would hold it.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Choices(ids) => ids.iter().map(|id| id.as_str()).collect(),
            Value::Number(n) => number_json(*n),
            Value::Text(text) => serde_json::Value::from(text.clone()),
            single => serde_json::Value::from(single.as_single().unwrap_or_default()),
        }
    }

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

fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Value::from(n)
    }
}

/// A number with thousands separators, as people write amounts.
pub fn format_number(n: f64) -> String {
    if n.fract() != 0.0 || n.abs() >= 9.0e15 {
        return n.to_string();
    }
    let digits = (n as i64).unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// An answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A known value.
    Known(Value),
    /// Answered "don't know" (`unknown`).
    DontKnow,
}

/// The answers given, by question id. A question not among them was not answered.
/// Signals computed from the answers (see `crate::signals`) are kept beside them.
///
/// Both are short lists of `(id, value)` pairs, at most one per id, in the
/// order they were set; [`Answers::from_raw`] sets them in the rule set's
/// question order, with the questions' own ids, so that a [`crate::assess::Plan`]
/// puts them in its slots in one pass. A rule set has a few dozen questions,
/// so a lookup by id is a short scan (comparing lengths first), cheaper than
/// building a tree or hashing for each of the millions of lines of `batch`.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    answers: Vec<(Text, Answer)>,
    signals: Vec<(Text, Signal)>,
}

/// Two sets of answers are equal when they hold the same answers and
/// signals, in whatever order they were set.
impl PartialEq for Answers {
    fn eq(&self, other: &Answers) -> bool {
        fn same<T: PartialEq>(mine: &[(Text, T)], theirs: &[(Text, T)]) -> bool {
            mine.len() == theirs.len()
                && mine
                    .iter()
                    .all(|(id, value)| find(theirs, id).is_some_and(|at| theirs[at].1 == *value))
        }
        same(&self.answers, &other.answers) && same(&self.signals, &other.signals)
    }
}

/// The position of `id` among `pairs`.
fn find<T>(pairs: &[(Text, T)], id: &str) -> Option<usize> {
    pairs.iter().position(|(key, _)| same_id(key, id))
}

/// Whether no id is given twice among `pairs`.
fn distinct<T>(pairs: &[(Text, T)]) -> bool {
    pairs
        .iter()
        .enumerate()
        .all(|(at, (id, _))| find(&pairs[..at], id).is_none())
}

/// Sets or replaces the value of `id` among `pairs`.
fn put<T>(pairs: &mut Vec<(Text, T)>, id: Text, value: T) {
    match find(pairs, &id) {
        Some(at) => pairs[at].1 = value,
        None => pairs.push((id, value)),
    }
}

/// The result of one check on the recruiter's details or the advert text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// Whether the check found what it looks for.
    pub fired: bool,
    /// What was found, quoted in context, for the report.
    pub quotes: Vec<String>,
}

impl Answers {
    /// The answer to a question, if one was given.
    pub fn get(&self, id: &str) -> Option<&Answer> {
        find(&self.answers, id).map(|at| &self.answers[at].1)
    }

    /// Sets (or replaces) an answer. `id` is best the question's own id
    /// (`&question.id`), which is not copied.
    pub fn set(&mut self, id: impl Into<Text>, answer: Answer) {
        put(&mut self.answers, id.into(), answer);
    }

    /// A signal's result, if its input was given.
    pub fn signal(&self, id: &str) -> Option<&Signal> {
        find(&self.signals, id).map(|at| &self.signals[at].1)
    }

    /// Records a signal's result.
    pub fn set_signal(&mut self, id: impl Into<Text>, signal: Signal) {
        put(&mut self.signals, id.into(), signal);
    }

    /// Records the results of several signals, as [`Answers::set_signal`] each.
    pub fn set_signals(&mut self, signals: impl IntoIterator<Item = (Text, Signal)>) {
        let signals = signals.into_iter();
        self.signals.reserve(signals.size_hint().0);
        for (id, signal) in signals {
            put(&mut self.signals, id, signal);
        }
    }

    /// Records the signals computed from these answers, as
    /// [`Answers::set_signals`], without looking for each id among those
    /// already set when none is: [`crate::signals::signals_of`] gives each
    /// id once (the rule set's validation keeps phrase group ids apart from
    /// the built-in checks').
    pub(crate) fn set_computed_signals(&mut self, signals: Vec<(Text, Signal)>) {
        if self.signals.is_empty() {
            debug_assert!(distinct(&signals), "a signal computed twice");
            self.signals = signals;
        } else {
            self.set_signals(signals);
        }
    }

    /// Every signal recorded, in the order they were set.
    pub fn signals(&self) -> impl Iterator<Item = (&str, &Signal)> {
        self.signals
            .iter()
            .map(|(id, signal)| (id.as_str(), signal))
    }

    /// Removes an answer, so the question counts as not answered.
    pub fn remove(&mut self, id: &str) {
        if let Some(at) = find(&self.answers, id) {
            self.answers.remove(at);
        }
    }

    /// Whether no question was answered at all.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// All answers, in the order they were set ([`Answers::from_raw`]: the
    /// rule set's question order).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.answers
            .iter()
            .map(|(id, answer)| (id.as_str(), answer))
    }

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

    /// The answers as a JSON object, in question order of the map (sorted by id).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.iter()
            .map(|(id, answer)| {
                let value = match answer {
                    Answer::DontKnow => serde_json::Value::from("unknown"),
                    Answer::Known(value) => value.to_json(),
                };
                (id.to_string(), value)
            })
            .collect()
    }
}

//! The answers and signals of one assessment, as every part of the engine
//! holds them: the values (a known answer in canonical form, a value as
//! written before it is checked), the answers by question id and the
//! signals computed from them. Reading and checking answers is
//! [`crate::answers`]'; the rule set's conditions and defaults use these
//! types without it.

use std::borrow::Cow;

use crate::strings::{Text, same_id};

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
    pub(crate) answers: Vec<(Text, Answer)>,
    pub(crate) signals: Vec<(Text, Signal)>,
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

/// A value as written in a file or flag, before it is checked against its question.
///
/// Strings borrow from the text they were read from where they can (a JSON
/// string without escapes), so reading a line of `batch` copies none of them.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue<'a> {
    /// A string.
    String(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// An array.
    List(Vec<RawValue<'a>>),
    /// Anything else (a table, a date, null), by its type name.
    Other(&'static str),
}

impl RawValue<'_> {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            RawValue::String(_) => "a string",
            RawValue::Integer(_) | RawValue::Float(_) => "a number",
            RawValue::Bool(_) => "a boolean",
            RawValue::List(_) => "a list",
            RawValue::Other(name) => name,
        }
    }

    /// The value with every string copied, so it no longer borrows its source.
    pub fn into_owned(self) -> RawValue<'static> {
        match self {
            RawValue::String(text) => RawValue::String(Cow::Owned(text.into_owned())),
            RawValue::Integer(i) => RawValue::Integer(i),
            RawValue::Float(f) => RawValue::Float(f),
            RawValue::Bool(b) => RawValue::Bool(b),
            RawValue::List(items) => {
                RawValue::List(items.into_iter().map(RawValue::into_owned).collect())
            }
            RawValue::Other(name) => RawValue::Other(name),
        }
    }
}

//! Answers to the questions, from flags, answers files (TOML or JSON) or the
//! questionnaire, all validated into one [`Answers`] by the same code.
//!
//! Reading is in two steps: a source is read into [`RawAnswer`]s (the key,
//! the value as written, and where it was written), then
//! [`Answers::from_raw`] checks each against its question and reports every
//! problem at once.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Location, Position, did_you_mean, echo};
use crate::rules::{Question, QuestionKind, RuleSet, Text, same_id};

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
                let fits = rules
                    .question(&item.key)
                    .is_some_and(|question| parse_value(question, rules, &item.value).is_ok());
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
            match parse_value(&rules.questions[slot], rules, &item.value) {
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

/// Whether a question was answered in a file, and where (line and column).
#[derive(Debug, Clone, Copy)]
enum InFile {
    No,
    At(Option<(usize, usize)>),
}

/// What to do about a question answered twice in a file.
const ANSWERED_TWICE_HELP: &str = "keep one of the two answers and delete the other";

/// The message for a question answered a second time in a file, at `here`;
/// the first answer was at `first`.
fn answered_twice(first: Option<(usize, usize)>, here: Option<(usize, usize)>) -> String {
    let at = match (first, here) {
        (Some((line, column)), Some((here_line, _))) if line == here_line => {
            format!(" (the first answer is at column {column})")
        }
        (Some((line, _)), _) => format!(" (the first answer is at line {line})"),
        (None, _) => String::new(),
    };
    format!("this question is answered twice{at}")
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
    fn type_name(&self) -> &'static str {
        match self {
            RawValue::String(_) => "a string",
            RawValue::Integer(_) | RawValue::Float(_) => "a number",
            RawValue::Bool(_) => "a boolean",
            RawValue::List(_) => "a list",
            RawValue::Other(name) => name,
        }
    }

    fn from_toml(value: toml::Value) -> RawValue<'static> {
        match value {
            toml::Value::String(s) => RawValue::String(Cow::Owned(s)),
            toml::Value::Integer(i) => RawValue::Integer(i),
            toml::Value::Float(f) => RawValue::Float(f),
            toml::Value::Boolean(b) => RawValue::Bool(b),
            toml::Value::Array(items) => {
                RawValue::List(items.into_iter().map(RawValue::from_toml).collect())
            }
            toml::Value::Table(_) => RawValue::Other("a table"),
            toml::Value::Datetime(_) => RawValue::Other("a date"),
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

/// One answer as written, with where it was written. Its key and strings
/// may borrow from the text it was read from (see [`RawValue`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnswer<'a> {
    /// The question id (or, for a flag, the id derived from it).
    pub key: Cow<'a, str>,
    /// The value as written.
    pub value: RawValue<'a>,
    /// The file position or flag, for error messages.
    pub location: Location,
}

/// Nested TOML tables are not answers; this keeps their spans for the error.
#[derive(Deserialize)]
#[serde(transparent)]
struct TomlAnswers(BTreeMap<Spanned<String>, Spanned<TomlValue>>);

/// A TOML value read as a [`RawValue`]. As `toml::Value` reads it, except
/// that an integer too large for 64 bits is read as a number, as JSON and a
/// flag read one, instead of being refused in serde's words ("as i128").
struct TomlValue(RawValue<'static>);

impl<'de> Deserialize<'de> for TomlValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TomlValueVisitor)
    }
}

struct TomlValueVisitor;

impl<'de> serde::de::Visitor<'de> for TomlValueVisitor {
    type Value = TomlValue;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<TomlValue, E> {
        Ok(TomlValue(RawValue::Bool(b)))
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<TomlValue, E> {
        Ok(TomlValue(RawValue::Integer(n)))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<TomlValue, E> {
        RawValueVisitor.visit_u64(n).map(TomlValue)
    }
    fn visit_i128<E: serde::de::Error>(self, n: i128) -> Result<TomlValue, E> {
        Ok(TomlValue(match i64::try_from(n) {
            Ok(n) => RawValue::Integer(n),
            Err(_) => RawValue::Float(n as f64),
        }))
    }
    fn visit_u128<E: serde::de::Error>(self, n: u128) -> Result<TomlValue, E> {
        Ok(TomlValue(match i64::try_from(n) {
            Ok(n) => RawValue::Integer(n),
            Err(_) => RawValue::Float(n as f64),
        }))
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<TomlValue, E> {
        Ok(TomlValue(RawValue::Float(n)))
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TomlValue, E> {
        Ok(TomlValue(RawValue::String(Cow::Owned(text.to_string()))))
    }
    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<TomlValue, E> {
        Ok(TomlValue(RawValue::String(Cow::Owned(text))))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TomlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(TomlValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(TomlValue(RawValue::List(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<TomlValue, A::Error> {
        // A table or a date (which toml hands over as a map): toml's own
        // reading tells them apart.
        let value = toml::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(TomlValue(RawValue::from_toml(value)))
    }
}

/// The help for a JSON document that is not an object of answers.
const JSON_ANSWERS_HELP: &str =
    "an answers file in JSON is one object: {\"question_id\": \"value\", ...}";

impl RawAnswer<'_> {
    /// An answer given as a command-line flag (`--upfront-payment yes`).
    pub fn from_flag(question_id: &str, value: &str) -> RawAnswer<'static> {
        RawAnswer {
            key: Cow::Owned(question_id.to_string()),
            value: RawValue::String(Cow::Owned(value.to_string())),
            location: Location::Flag(format!("--{}", question_id.replace('_', "-"))),
        }
    }

    /// Reads a TOML answers file: a flat table `id = value`. (The answers
    /// own their strings; the lifetime only matches [`RawAnswer::from_json`].)
    pub fn from_toml<'a>(path: &str, text: &'a str) -> Result<Vec<RawAnswer<'a>>, Diagnostic> {
        let table: TomlAnswers = toml::from_str(text).map_err(|err| {
            let said = err.message().trim();
            // A key written twice: said as a question answered twice in JSON is.
            if let Some(span) = err.span().filter(|_| said.starts_with("duplicate key"))
                && let Some(key) = text.get(span.clone())
            {
                let key = key.trim().trim_matches(['"', '\'']);
                let first = text[..span.start]
                    .lines()
                    .position(|line| {
                        line.trim_start()
                            .trim_start_matches(['"', '\''])
                            .strip_prefix(key)
                            .is_some_and(|rest| {
                                rest.trim_start_matches(['"', '\''])
                                    .trim_start()
                                    .starts_with('=')
                            })
                    })
                    .map(|index| (index + 1, 1));
                let here = Position::from_span(text, span.clone());
                return Diagnostic::in_file(
                    path,
                    text,
                    Some(span),
                    format!(
                        "`{}`: {}",
                        echo(key),
                        answered_twice(first, Some((here.line, here.column)))
                    ),
                )
                .with_help(ANSWERED_TWICE_HELP);
            }
            Diagnostic::in_file(path, text, err.span(), format!("invalid TOML: {said}"))
                .with_help("an answers file is a flat table of `question_id = value` lines")
        })?;
        too_many_answers(path, table.0.len())?;
        Ok(table
            .0
            .into_iter()
            .map(|(key, value)| {
                let span = key.span().start..value.span().end;
                RawAnswer {
                    key: Cow::Owned(key.into_inner()),
                    value: value.into_inner().0,
                    location: Location::File {
                        path: path.to_string(),
                        position: Some(Position::from_span(text, span)),
                    },
                }
            })
            .collect())
    }

    /// Reads a JSON answers object: `{"id": value, ...}`. Answers keep the
    /// order they were written in (a key written twice is refused by
    /// [`Answers::from_raw`]). A byte-order mark at the start, as some
    /// Windows editors write, is not content, as in TOML. Keys and strings
    /// without escapes borrow from `text`.
    pub fn from_json<'a>(path: &str, text: &'a str) -> Result<Vec<RawAnswer<'a>>, Diagnostic> {
        let text = without_bom(text);
        let invalid = |err: serde_json::Error| {
            let offset = line_column_offset(text, err.line(), err.column());
            // serde_json ends its messages with "at line L column C", which
            // the position already says.
            let said = err.to_string();
            let said = said
                .rfind(" at line ")
                .map_or(said.as_str(), |cut| &said[..cut]);
            let message = match offset.map(|at| number_before(text, at)) {
                // A number written in JSON that no 64-bit number holds (`1e400`).
                Some(number) if said == "number out of range" && !number.is_empty() => {
                    format!("`{}` is too large to be a number", echo(number))
                }
                _ => format!("invalid JSON: {said}"),
            };
            Diagnostic::in_file(path, text, offset.map(|o| o..o + 1), message)
                .with_help(JSON_ANSWERS_HELP)
        };
        // As `serde_json::from_str`, with the path handed to the visitor so
        // that each answer is made in place.
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let document =
            serde::de::DeserializeSeed::deserialize(JsonAnswers { path }, &mut deserializer)
                .map_err(invalid)?;
        deserializer.end().map_err(invalid)?;
        let answers = match document {
            Ok(answers) => answers,
            Err(value) => {
                return Err(Diagnostic::in_file(
                    path,
                    text,
                    None,
                    format!(
                        "expected a JSON object of answers, found {}",
                        value.type_name()
                    ),
                )
                .with_help(JSON_ANSWERS_HELP));
            }
        };
        too_many_answers(path, answers.len())?;
        Ok(answers)
    }

    /// Reads a JSON answers file or stdin, as [`RawAnswer::from_json`], and
    /// notes where each answer is written, so that a message about it names
    /// the line and column. (`batch` does without: a record is one line, and
    /// working out positions would cost every good line for the bad ones.)
    pub fn from_json_file<'a>(path: &str, text: &'a str) -> Result<Vec<RawAnswer<'a>>, Diagnostic> {
        // Columns on the first line are counted after the mark, as editors show them.
        let text = without_bom(text);
        let mut answers = RawAnswer::from_json(path, text)?;
        for answer in &mut answers {
            let Location::File { position, .. } = &mut answer.location else {
                continue;
            };
            *position = json_span(text, &answer.key, &answer.value)
                .map(|span| Position::from_span(text, span));
        }
        Ok(answers)
    }

    /// The answer with every string copied, so it no longer borrows its source.
    pub fn into_owned(self) -> RawAnswer<'static> {
        RawAnswer {
            key: Cow::Owned(self.key.into_owned()),
            value: self.value.into_owned(),
            location: self.location,
        }
    }

    fn problem(&self, message: String) -> Diagnostic {
        Diagnostic {
            location: self.location.clone(),
            message: match &self.location {
                Location::File { .. } => format!("`{}`: {message}", echo(&self.key)),
                Location::Flag(_) => message,
            },
            help: None,
        }
    }
}

/// `text` without the byte-order mark some editors put at the start.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses a file with more answers than any rule set has questions.
fn too_many_answers(path: &str, count: usize) -> Result<(), Diagnostic> {
    if count <= MAX_ANSWERS {
        return Ok(());
    }
    Err(Diagnostic::in_file(
        path,
        "",
        None,
        format!("the file holds {count} answers; the limit is {MAX_ANSWERS}"),
    )
    .with_help("an answers file has one line per question; check that this is the right file"))
}

/// Reads a JSON document straight into raw answers, without building a
/// `serde_json::Value` map first (`batch` reads millions of them): an object
/// gives its answers in the order written, anything else is kept only for
/// its type name (`Err`).
struct JsonAnswers<'p> {
    /// The file, for each answer's location.
    path: &'p str,
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonAnswers<'_> {
    type Value = Result<Vec<RawAnswer<'de>>, RawValue<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonAnswers<'_> {
    type Value = Result<Vec<RawAnswer<'de>>, RawValue<'de>>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object of answers")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no size hint; a line holds a few dozen answers.
        let mut answers = Vec::with_capacity(map.size_hint().unwrap_or(32));
        while let Some(Key(key)) = map.next_key()? {
            answers.push(RawAnswer {
                key,
                value: map.next_value()?,
                location: Location::File {
                    path: self.path.to_string(),
                    position: None,
                },
            });
        }
        Ok(Ok(answers))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        RawValueVisitor.visit_seq(seq).map(Err)
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(RawValue::String(Cow::Borrowed(""))))
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Err(RawValue::Integer(n)))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        RawValueVisitor.visit_u64(n).map(Err)
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Err(RawValue::Float(n)))
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Err(RawValue::Bool(b)))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(RawValue::Other("null")))
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                text: &'de str,
            ) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(text)))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Reads any JSON value as a [`RawValue`]: objects and null by their type name.
struct RawValueVisitor;

impl<'de> serde::de::Visitor<'de> for RawValueVisitor {
    type Value = RawValue<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<RawValue<'de>, E> {
        Ok(RawValue::String(Cow::Borrowed(text)))
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawValue<'de>, E> {
        Ok(RawValue::String(Cow::Owned(text.to_string())))
    }
    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<RawValue<'de>, E> {
        Ok(RawValue::String(Cow::Owned(text)))
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<RawValue<'de>, E> {
        Ok(RawValue::Integer(n))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<RawValue<'de>, E> {
        Ok(match i64::try_from(n) {
            Ok(n) => RawValue::Integer(n),
            Err(_) => RawValue::Float(n as f64),
        })
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<RawValue<'de>, E> {
        Ok(RawValue::Float(n))
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<RawValue<'de>, E> {
        Ok(RawValue::Bool(b))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<RawValue<'de>, E> {
        Ok(RawValue::Other("null"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> Result<RawValue<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element::<RawValue>()? {
            items.push(item);
        }
        Ok(RawValue::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<RawValue<'de>, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(RawValue::Other("an object"))
    }
}

impl<'de> Deserialize<'de> for RawValue<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawValueVisitor)
    }
}

/// Where an answer read from JSON `text` is written: from its key's opening
/// quote to the end of its value when that is a string, or of the key. Keys
/// and strings without escapes are slices of `text`, so their place in it is
/// known; one with escapes is a copy elsewhere in memory, and has no place.
fn json_span(text: &str, key: &str, value: &RawValue<'_>) -> Option<Range<usize>> {
    let place = |part: &str| {
        let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        (start + part.len() <= text.len()).then_some(start..start + part.len())
    };
    let key = place(key)?;
    // The quotes around the key and the value are part of what is written.
    let start = key.start.saturating_sub(1);
    let end = match value {
        RawValue::String(value) => place(value).map(|value| value.end + 1),
        _ => None,
    };
    Some(start..end.unwrap_or(key.end + 1).min(text.len()))
}

/// The number written in `text` that ends at byte `at` (where serde_json
/// places a number it cannot hold), or nothing.
fn number_before(text: &str, at: usize) -> &str {
    let end = (at + 1).min(text.len());
    let part = text.get(..end).unwrap_or_default();
    let start = part
        .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
        .map_or(0, |i| i + 1);
    &part[start..]
}

/// The byte offset of a 1-based line and column, if it exists.
fn line_column_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    Some((line_start + column.saturating_sub(1)).min(text.len()))
}

/// A problem with one value: what is wrong and what is valid.
struct ValueProblem {
    message: String,
    help: String,
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> ValueProblem {
    ValueProblem {
        message: message.into(),
        help: help.into(),
    }
}

fn is_unknown_word(text: &str) -> bool {
    const WORDS: [&str; 4] = ["unknown", "dont_know", "don't know", "dont-know"];
    let text = trim(text);
    // Without allocating for the common, ASCII case (batch runs this a
    // million times), and without comparing words of other lengths.
    if text.is_ascii() {
        if !matches!(text.len(), 7 | 9 | 10) {
            return false;
        }
        return WORDS.iter().any(|word| text.eq_ignore_ascii_case(word));
    }
    WORDS.contains(&text.to_lowercase().as_str())
}

/// `text.trim()`, without decoding characters at either end when both are
/// plain ASCII that is not a space (nearly every answer).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Lowercase text, borrowed when it already is (the common case).
fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A choice id as people may type it: any case, `-` or space for `_`.
fn normalise_choice(text: &str) -> String {
    text.trim().to_lowercase().replace(['-', ' '], "_")
}

fn parse_value(
    question: &Question,
    rules: &RuleSet,
    raw: &RawValue,
) -> Result<Answer, ValueProblem> {
    if let RawValue::String(text) = raw
        && is_unknown_word(text)
    {
        return Ok(Answer::DontKnow);
    }
    let value = match question.kind {
        QuestionKind::YesNo => parse_yes_no(raw)?,
        QuestionKind::Choice => {
            Value::Choice(parse_choice(question, single_string(question, raw)?)?)
        }
        QuestionKind::MultiChoice => parse_multi_choice(question, raw)?,
        QuestionKind::Country => parse_country(rules, single_string(question, raw)?)?,
        QuestionKind::Number => parse_number(question, rules, raw)?,
        QuestionKind::Text => parse_text(single_string(question, raw)?)?,
        QuestionKind::Url => parse_url(single_string(question, raw)?)?,
        QuestionKind::Email => parse_email(single_string(question, raw)?)?,
        QuestionKind::Phone => parse_phone(single_string(question, raw)?)?,
    };
    Ok(Answer::Known(value))
}

fn single_string<'a>(question: &Question, raw: &'a RawValue) -> Result<&'a str, ValueProblem> {
    match raw {
        RawValue::String(text) => Ok(text),
        other => Err(problem(
            format!(
                "expected {}, found {}",
                kind_expectation(question.kind),
                other.type_name()
            ),
            valid_values_help(question),
        )),
    }
}

fn kind_expectation(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo => "`yes`, `no` or `unknown`",
        QuestionKind::Choice => "one choice id as a string",
        QuestionKind::MultiChoice => "a list of choice ids",
        QuestionKind::Country => "a country code or English name as a string",
        QuestionKind::Number => "a number",
        QuestionKind::Text => "text as a string",
        QuestionKind::Url => "a web address as a string",
        QuestionKind::Email => "an e-mail address as a string",
        QuestionKind::Phone => "a phone number as a string",
    }
}

/// What a question accepts, for error hints and help text.
pub fn valid_values_help(question: &Question) -> String {
    match question.kind {
        QuestionKind::YesNo => "valid values: `yes`, `no`, `unknown`".into(),
        QuestionKind::Choice | QuestionKind::MultiChoice => {
            let ids: Vec<String> = question.choices.iter().map(|c| format!("`{}`", c.id)).collect();
            let list = if question.kind == QuestionKind::MultiChoice {
                " (several: a list, or comma-separated)"
            } else {
                ""
            };
            format!("valid values{list}: {}, `unknown`", ids.join(", "))
        }
        QuestionKind::Country => {
            "valid values: an ISO 3166-1 code such as `KE` or `RU`, or an English name such as `Kenya`".into()
        }
        QuestionKind::Number => "valid values: a number such as `150000`, or `unknown`".into(),
        _ => format!("valid values: {}, or `unknown`", kind_expectation(question.kind)),
    }
}

fn parse_yes_no(raw: &RawValue) -> Result<Value, ValueProblem> {
    let help = "valid values: `yes`, `no`, `unknown`";
    match raw {
        RawValue::Bool(true) => Ok(Value::Yes),
        RawValue::Bool(false) => Ok(Value::No),
        // The words as written by offercheck and most tools first, then any case.
        RawValue::String(text) if *text == "yes" => Ok(Value::Yes),
        RawValue::String(text) if *text == "no" => Ok(Value::No),
        RawValue::String(text) => match lowercase(trim(text)).as_ref() {
            "yes" | "y" | "true" => Ok(Value::Yes),
            "no" | "n" | "false" => Ok(Value::No),
            _ => Err(problem(
                format!("`{}` is not yes or no", echo(text.trim())),
                help,
            )),
        },
        other => Err(problem(
            format!(
                "expected `yes`, `no` or `unknown`, found {}",
                other.type_name()
            ),
            help,
        )),
    }
}

fn parse_choice(question: &Question, text: &str) -> Result<Text, ValueProblem> {
    if let Some(choice) = question.choices.iter().find(|c| c.id == text) {
        return Ok(choice.id.clone());
    }
    let wanted = normalise_choice(text);
    if let Some(choice) = question.choices.iter().find(|c| c.id == wanted) {
        return Ok(choice.id.clone());
    }
    let ids = question.choices.iter().map(|c| c.id.as_str());
    let help = match did_you_mean(&wanted, ids) {
        Some(hint) => format!("{hint} {}", valid_values_help(question)),
        None => valid_values_help(question),
    };
    Err(problem(
        format!("`{}` is not a choice of this question", echo(text.trim())),
        help,
    ))
}

fn parse_multi_choice(question: &Question, raw: &RawValue) -> Result<Value, ValueProblem> {
    let items: Vec<&str> = match raw {
        RawValue::String(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        RawValue::List(items) => items
            .iter()
            .map(|item| single_string(question, item))
            .collect::<Result<_, _>>()?,
        other => {
            return Err(problem(
                format!("expected a list of choice ids, found {}", other.type_name()),
                valid_values_help(question),
            ));
        }
    };
    let mut ids: Vec<Text> = Vec::new();
    for item in items {
        // "Don't know" is an answer of its own, not one choice among others
        // (unless the question has a choice of that name).
        if is_unknown_word(item) && parse_choice(question, item).is_err() {
            return Err(problem(
                format!(
                    "`{}` must be the whole answer, not one item of a list",
                    echo(item.trim())
                ),
                format!(
                    "answer `unknown` alone, or list only the choices you know; {}",
                    valid_values_help(question).replace(", `unknown`", "")
                ),
            ));
        }
        let id = parse_choice(question, item)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Value::Choices(ids))
}

fn parse_country(rules: &RuleSet, text: &str) -> Result<Value, ValueProblem> {
    if let Some(country) = rules.countries.find(text) {
        return Ok(Value::Country(country.code.clone()));
    }
    Err(problem(
        format!("`{}` is not a country this tool knows", echo(text.trim())),
        rules.countries.unknown_help(text),
    ))
}

fn parse_number(
    question: &Question,
    rules: &RuleSet,
    raw: &RawValue,
) -> Result<Value, ValueProblem> {
    let help = match question.currency.first() {
        None => "write the amount as digits, such as `150000`, `150,000` or `150k`, or `unknown`"
            .to_string(),
        Some(word) => format!(
            "write the amount as digits, such as `150000`, `{word} 150,000` or `150k`, or `unknown`"
        ),
    };
    let (number, typed) = match raw {
        RawValue::Integer(i) => (*i as f64, None),
        RawValue::Float(f) => (*f, None),
        RawValue::String(text) => {
            let figures = match without_currency(question, rules, text) {
                Currency::Own(figures) => figures,
                Currency::Other(word) => {
                    return Err(problem(
                        format!(
                            "`{}` is in another currency (`{}`) than the question asks for",
                            echo(text.trim()),
                            echo(word)
                        ),
                        "change it to the question's currency at today's rate and write the figures, such as `150000`, or answer `unknown`",
                    ));
                }
            };
            match read_amount(figures) {
                Some(number) => (number, Some(text.trim())),
                None => {
                    return Err(problem(
                        format!("`{}` is not a number", echo(text.trim())),
                        help.as_str(),
                    ));
                }
            }
        }
        other => {
            return Err(problem(
                format!("expected a number, found {}", other.type_name()),
                help,
            ));
        }
    };
    if number.is_finite() && number >= 0.0 {
        return Ok(Value::Number(number));
    }
    // The value as typed; a file's number as the file writes it (TOML's `inf`, `nan`).
    let shown = match typed {
        Some(text) => echo(text).into_owned(),
        None if number.is_nan() => "nan".into(),
        None => number.to_string(),
    };
    let why = if number.is_nan() {
        "is not a number"
    } else if number < 0.0 {
        "is not an amount: an amount is 0 or more"
    } else {
        "is too large to be an amount"
    };
    Err(problem(format!("`{shown}` {why}"), help))
}

/// What currency an amount as typed is written in.
enum Currency<'t> {
    /// None, or the question's own: the figures, without it.
    Own(&'t str),
    /// Another currency the signal lists know: the word or sign written.
    Other(&'t str),
}

/// Splits a currency word or sign off an amount, before the figures
/// ("KSh 150,000", "Ksh.150000", "$1,500") or after them ("150,000 bob").
/// A word that is neither the question's nor a known currency is left in
/// place, so that the figures are refused as they stand; so is every word
/// when the question names no currency.
fn without_currency<'t>(question: &Question, rules: &RuleSet, text: &'t str) -> Currency<'t> {
    let text = text.trim();
    if question.currency.is_empty() {
        return Currency::Own(text);
    }
    let is_word_char = |c: char| c.is_alphabetic() || "$€£".contains(c);
    let lead_end = text.find(|c: char| !is_word_char(c)).unwrap_or(text.len());
    let trail_start = text.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let candidates = [
        (&text[..lead_end], text[lead_end..].trim_start_matches('.')),
        (&text[trail_start..], &text[..trail_start]),
    ];
    for (word, figures) in candidates {
        if word.is_empty() || figures.trim().is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if question.currency.iter().any(|own| *own == lower) {
            return Currency::Own(figures.trim());
        }
        let lists = &rules.lists;
        if lists.currency_words.iter().any(|known| *known == lower)
            || lists.currency_signs.iter().any(|known| *known == lower)
        {
            return Currency::Other(word);
        }
    }
    Currency::Own(text)
}

/// An amount as people write it: digits with `,`, `_` or spaces between
/// them, a decimal point, and perhaps `k` (thousand) or `m` (million) after
/// them (`150k`, `1.5m`), or the `/=` or `/-` that closes an amount in
/// shillings or rupees (`150,000/=`).
fn read_amount(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    let cleaned = ["/=", "/-"]
        .iter()
        .find_map(|end| cleaned.strip_suffix(end))
        .unwrap_or(&cleaned);
    let (digits, zeros) = match cleaned.as_bytes().last() {
        Some(b'k' | b'K') => (&cleaned[..cleaned.len() - 1], 3),
        Some(b'm' | b'M') => (&cleaned[..cleaned.len() - 1], 6),
        // Digits, perhaps with a point, a sign or an exponent (`1e6`): not
        // the words `inf` or `nan`, which Rust would read as numbers.
        _ if cleaned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) =>
        {
            return cleaned.parse().ok();
        }
        _ => return None,
    };
    // Before a `k` or `m`, plain digits with at most one decimal point; the
    // point is moved in the text, so that `2.3k` is exactly 2300.
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (moved, rest) = fraction.split_at(fraction.len().min(zeros));
    let padding = "0".repeat(zeros - moved.len());
    format!("{whole}{moved}{padding}.{rest}0").parse().ok()
}

fn parse_text(text: &str) -> Result<Value, ValueProblem> {
    clean_text(text).map(Value::Text)
}

/// Text within the size limit, trimmed, not empty.
fn clean_text(text: &str) -> Result<String, ValueProblem> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(problem(
            format!(
                "the text is {} bytes long; the limit is {MAX_TEXT_BYTES}",
                text.len()
            ),
            "shorten it to the part of the offer that matters",
        ));
    }
    let trimmed = trim(text);
    if trimmed.is_empty() {
        return Err(problem(
            "the value is empty",
            "leave the question out, or answer `unknown`",
        ));
    }
    Ok(trimmed.to_string())
}

/// A web address: `http(s)://…`, or a bare host such as `www.example.com`.
/// Other schemes (`javascript:`, `data:`, `file:` …) are refused.
fn parse_url(text: &str) -> Result<Value, ValueProblem> {
    let help = "write the address as shown, such as `https://www.example.com` or `www.example.com`";
    let trimmed = clean_text(text)?;
    if trimmed.chars().any(char::is_whitespace) {
        return Err(problem(
            format!(
                "`{}` is not a web address: a web address has no spaces",
                echo(&trimmed)
            ),
            help,
        ));
    }
    let candidate = if trimmed.contains("://") {
        trimmed.clone()
    } else if let Some((scheme, rest)) = trimmed.split_once(':')
        && scheme.chars().all(|c| c.is_ascii_alphabetic())
        && !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        // `javascript:…`, `data:…`, `mailto:…`; `localhost:8080` is a port, not a scheme.
        return Err(problem(
            format!("`{}:` addresses are not web addresses", echo(scheme)),
            help,
        ));
    } else {
        format!("http://{trimmed}")
    };
    match url::Url::parse(&candidate) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => Err(problem(
            format!("`{}:` addresses are not web addresses", url.scheme()),
            help,
        )),
        // A name with no dot ("facebook", "www") is not an address on the web;
        // an IP address is.
        Ok(url) => match url.host() {
            Some(url::Host::Domain(name)) if !name.contains('.') => Err(problem(
                format!(
                    "`{}` is not a web address: it has no dot, as in `example.com`",
                    echo(&trimmed)
                ),
                help,
            )),
            // The parser reads `3` or `10.1` as an IP address (0.0.0.3); an
            // address written by a person has all four parts.
            Some(url::Host::Ipv4(_))
                if url.host_str().is_some_and(|host| !trimmed.contains(host)) =>
            {
                Err(problem(
                    format!("`{trimmed}` is not a web address: it has no dot, as in `example.com`"),
                    help,
                ))
            }
            Some(_) => Ok(Value::Text(trimmed)),
            None => Err(problem(
                format!("`{}` is not a web address", echo(&trimmed)),
                help,
            )),
        },
        // The parser's reasons ("invalid international domain name") are not
        // plain words; the message says them in words, the help what an
        // address looks like.
        Err(url::ParseError::InvalidPort) => Err(problem(
            format!(
                "`{}` is not a web address: the number after `:` is not a port",
                echo(&trimmed)
            ),
            help,
        )),
        Err(url::ParseError::IdnaError) => {
            let host = host_of(&candidate);
            let why = match host.split('.').find(|label| {
                label
                    .get(..4)
                    .is_some_and(|start| start.eq_ignore_ascii_case("xn--"))
            }) {
                Some(label) => format!(
                    "`{}` is not valid punycode (a name part that starts with `xn--` must \
                     be the encoded form of an international name)",
                    echo(label)
                ),
                None => "its name has characters that no web address can have".into(),
            };
            Err(problem(
                format!("`{}` is not a web address: {why}", echo(&trimmed)),
                help,
            ))
        }
        Err(_) => Err(problem(
            format!("`{}` is not a web address", echo(&trimmed)),
            help,
        )),
    }
}

/// The host part of a URL as written: after `scheme://` and any `user@`,
/// up to the port, path, query or fragment.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host.split(':').next().unwrap_or(host)
}

/// An e-mail address: one `@`, a name before it, a domain with a dot after it, no spaces.
fn parse_email(text: &str) -> Result<Value, ValueProblem> {
    let trimmed = clean_text(text)?;
    let valid = match trimmed.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(Value::Text(trimmed))
    } else {
        Err(problem(
            format!("`{}` is not an e-mail address", echo(&trimmed)),
            "write it as name@example.com",
        ))
    }
}

/// A phone number: digits with optional `+`, spaces, dashes, dots and brackets; 3 to 15 digits.
fn parse_phone(text: &str) -> Result<Value, ValueProblem> {
    let trimmed = clean_text(text)?;
    let allowed = trimmed.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
    });
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    if allowed && (3..=15).contains(&digits) {
        Ok(Value::Text(trimmed))
    } else {
        Err(problem(
            format!("`{}` is not a phone number", echo(&trimmed)),
            "write the number with its country code, such as `+254 712 345 678`",
        ))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// "Don't know" and yes/no are read in any case and spacing, by the
    /// quick paths for the usual spelling and by the general ones.
    #[test]
    fn dont_know_and_yes_no_words() {
        for word in [
            "unknown",
            "Unknown",
            " UNKNOWN ",
            "dont_know",
            "don't know",
            "Dont-Know",
        ] {
            assert!(is_unknown_word(word), "{word:?}");
        }
        for word in [
            "",
            "no",
            "unknowns",
            "dont know",
            "unknow",
            "ＵＮＫＮＯＷＮ",
        ] {
            assert!(!is_unknown_word(word), "{word:?}");
        }
        let yes_no = |text: &str| parse_yes_no(&RawValue::String(Cow::Borrowed(text))).ok();
        for (text, value) in [
            ("yes", Some(Value::Yes)),
            ("YES", Some(Value::Yes)),
            (" y ", Some(Value::Yes)),
            ("True", Some(Value::Yes)),
            ("no", Some(Value::No)),
            ("No ", Some(Value::No)),
            ("false", Some(Value::No)),
            ("yess", None),
            ("", None),
        ] {
            assert_eq!(yes_no(text), value, "{text:?}");
        }
    }

    /// Web addresses: bare hosts and http(s) pass; other schemes and junk do not.
    #[test]
    fn urls_are_checked() {
        for good in [
            "https://jobs.example.com/apply",
            "www.example.co.ke",
            "example.com:8080/x",
            "http://1.2.3.4",
        ] {
            assert!(parse_url(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "mailto:a@b.c",
            "http://",
            "not a url",
            "facebook",
            "www",
            "http://example.com:99999",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
        let message = |text: &str| parse_url(text).err().map(|p| p.message).unwrap_or_default();
        assert!(message("not a url").ends_with("has no spaces"));
        assert!(message("facebook").ends_with("it has no dot, as in `example.com`"));
        assert!(message("example.com:99999").contains("is not a port"));
        assert_eq!(
            message("exa%mple.com"),
            "`exa%mple.com` is not a web address: its name has characters that no web address can have"
        );
    }

    /// E-mail and phone numbers get a light syntax check.
    #[test]
    fn emails_and_phones_are_checked() {
        assert!(parse_email("jobs@agency.co.ke").is_ok());
        for bad in ["jobs", "a@b", "a @b.com", "@b.com", "a@b.com."] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        for good in ["+254 712 345 678", "0712-345-678", "(020) 785 5746", "116"] {
            assert!(parse_phone(good).is_ok(), "{good}");
        }
        for bad in ["call me", "+2547+12", "12", "1234567890123456"] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
    }

    /// TOML answers keep the line and column of each key.
    #[test]
    fn toml_answers_have_positions() {
        let raw = RawAnswer::from_toml(
            "a.toml",
            "destination = \"RU\"\n  upfront_payment = \"yes\"\n",
        )
        .unwrap();
        let upfront = raw.iter().find(|r| r.key == "upfront_payment").unwrap();
        match &upfront.location {
            Location::File {
                position: Some(pos),
                ..
            } => assert_eq!((pos.line, pos.column), (2, 3)),
            other => panic!("no position: {other:?}"),
        }
        assert_eq!(upfront.value, RawValue::String("yes".into()));
    }

    /// JSON answers read from a file keep the line and column of each key,
    /// and a message about an answer shows it; a key with escapes has none.
    #[test]
    fn json_file_answers_have_positions() {
        let text = "{\n  \"destination\": \"RU\",\n    \"upfront_payment\": \"maybe\",\n \"job_\\u0074ype\": 3\n}";
        let raw = RawAnswer::from_json_file("a.json", text).unwrap();
        let position = |key: &str| match &raw.iter().find(|r| r.key == key).unwrap().location {
            Location::File { position, .. } => position.clone(),
            other => panic!("not a file: {other:?}"),
        };
        let upfront = position("upfront_payment").expect("a position");
        assert_eq!((upfront.line, upfront.column), (3, 5));
        assert_eq!(upfront.line_text, "    \"upfront_payment\": \"maybe\",");
        assert_eq!(upfront.width, 26, "key to value, quotes included");
        assert_eq!(
            position("destination").map(|p| (p.line, p.column)),
            Some((2, 3))
        );
        assert_eq!(position("job_type"), None);
        // Batch lines do without.
        let raw = RawAnswer::from_json("a.json", text).unwrap();
        assert!(
            raw.iter()
                .all(|r| matches!(r.location, Location::File { position: None, .. }))
        );

        let rules = crate::testing::default_rules();
        let raw = RawAnswer::from_json_file("a.json", text).unwrap();
        let problems = Answers::from_raw(&rules, raw).unwrap_err();
        let shown = problems[0].to_string();
        assert!(
            shown.starts_with("a.json:3:5: `upfront_payment`"),
            "{shown}"
        );
    }

    /// A TOML syntax error names the line and column.
    #[test]
    fn toml_syntax_error_is_located() {
        let err = RawAnswer::from_toml("a.toml", "destination = \"RU\"\nupfront_payment = yes\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("a.toml:2:"), "{text}");
    }

    /// A JSON syntax error names the line and column.
    #[test]
    fn json_syntax_error_is_located() {
        let err = RawAnswer::from_json("a.json", "{\n \"destination\": RU\n}").unwrap_err();
        assert!(err.to_string().starts_with("a.json:2:"), "{err}");
        assert!(!err.message.contains(" at line "), "{err}");
        let huge = RawAnswer::from_json("a.json", "{\"payment_amount_kes\": 1e400}").unwrap_err();
        assert_eq!(huge.message, "`1e400` is too large to be a number");
        let not_object = RawAnswer::from_json("a.json", "[1]").unwrap_err();
        assert!(not_object.message.contains("found a list"), "{not_object}");
    }

    /// Checked answers come in question order, a flag's answer replacing a
    /// file's; answers compare equal whatever their order.
    #[test]
    fn answers_are_a_map_in_question_order() {
        let rules = crate::testing::default_rules();
        let mut raw = RawAnswer::from_json(
            "a.json",
            r#"{"upfront_payment": "no", "destination": "RU"}"#,
        )
        .unwrap();
        raw.push(RawAnswer::from_flag("upfront_payment", "yes"));
        let answers = Answers::from_raw(&rules, raw).expect("valid");
        let ids: Vec<&str> = answers.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["destination", "upfront_payment"]);
        assert_eq!(
            answers.get("upfront_payment"),
            Some(&Answer::Known(Value::Yes))
        );
        let mut other = Answers::default();
        other.set("upfront_payment", Answer::Known(Value::No));
        other.set("destination", Answer::Known(Value::Country("RU".into())));
        assert_ne!(answers, other);
        other.set("upfront_payment", Answer::Known(Value::Yes));
        assert_eq!(answers, other, "the same answers in another order");
        other.remove("destination");
        assert_eq!(other.iter().count(), 1);
        assert!(other.get("destination").is_none());
    }

    /// JSON keys and strings without escapes borrow from the text (`batch`
    /// reads millions); with escapes they are decoded into copies.
    #[test]
    fn json_strings_are_borrowed() {
        let text = r#"{"destination": "RU", "offer_text": "a \"quoted\" word", "payment_purposes": ["visa"]}"#;
        let raw = RawAnswer::from_json("a.json", text).unwrap();
        assert!(raw.iter().all(|r| matches!(r.key, Cow::Borrowed(_))));
        assert!(matches!(
            &raw[0].value,
            RawValue::String(Cow::Borrowed("RU"))
        ));
        assert_eq!(
            raw[1].value,
            RawValue::String(Cow::Owned("a \"quoted\" word".into()))
        );
        assert!(matches!(&raw[2].value, RawValue::List(items)
            if matches!(items[..], [RawValue::String(Cow::Borrowed("visa"))])));
        let owned = raw[0].clone().into_owned();
        assert_eq!(owned, raw[0]);
    }

    /// An amount reads the same from JSON as from TOML or a flag, to the last
    /// digit (serde_json rounded some decimals wrongly without `float_roundtrip`;
    /// found by the round-trip property test).
    #[test]
    fn json_numbers_are_exact() {
        let rules = crate::testing::default_rules();
        let read = |raw: Vec<RawAnswer>| {
            let answers = Answers::from_raw(&rules, raw).expect("valid");
            answers.get("payment_amount_kes").cloned()
        };
        let text = "9099459.484422779";
        let from_json = read(
            RawAnswer::from_json("a.json", &format!("{{\"payment_amount_kes\": {text}}}")).unwrap(),
        );
        let from_toml =
            read(RawAnswer::from_toml("a.toml", &format!("payment_amount_kes = {text}")).unwrap());
        let from_flag = read(vec![RawAnswer::from_flag("payment_amount_kes", text)]);
        let exact = Some(Answer::Known(Value::Number(9_099_459.484_422_779)));
        assert_eq!(from_json, exact);
        assert_eq!(from_toml, exact);
        assert_eq!(from_flag, exact);
    }

    /// Amounts as people write them: separators, `k` and `m`, `/=` and `/-`;
    /// the point moved exactly; anything else is refused.
    #[test]
    fn amounts_as_people_write_them() {
        for (text, amount) in [
            ("150000", 150_000.0),
            ("150,000", 150_000.0),
            ("150 000", 150_000.0),
            ("150k", 150_000.0),
            ("150 K", 150_000.0),
            ("2.3k", 2_300.0),
            (".5k", 500.0),
            ("1.5m", 1_500_000.0),
            ("1.23456789k", 1_234.567_89),
            ("150,000/=", 150_000.0),
            ("150000/-", 150_000.0),
            ("1.5m/=", 1_500_000.0),
            ("0", 0.0),
            ("12.5", 12.5),
        ] {
            assert_eq!(read_amount(text), Some(amount), "{text:?}");
        }
        for text in [
            "", "k", "m", ".k", "1.2.3k", "1e3k", "12kk", "k12", "abc", "/=", "5/=k", "-5k", "inf",
            "-inf", "NaN", "infinity",
        ] {
            assert_eq!(read_amount(text), None, "{text:?}");
        }
    }

    /// A question answered twice in a file is refused, as TOML refuses a
    /// key written twice, with where both answers are; a flag after a file
    /// is not a second answer but an override.
    #[test]
    fn a_question_answered_twice_in_a_file_is_refused() {
        let rules = crate::testing::default_rules();
        let text = "{\n \"upfront_payment\": \"no\",\n \"upfront_payment\": \"no\"\n}";
        let problems =
            Answers::from_raw(&rules, RawAnswer::from_json_file("a.json", text).unwrap())
                .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let shown = problems[0].to_string();
        assert!(
            shown.starts_with(
                "a.json:3:2: `upfront_payment`: this question is answered twice \
                 (the first answer is at line 2)"
            ),
            "{shown}"
        );
        // On one line, the column says where; without positions, nothing.
        let line = r#"{"destination": "RU", "destination": "QA"}"#;
        let problems =
            Answers::from_raw(&rules, RawAnswer::from_json_file("", line).unwrap()).unwrap_err();
        assert!(
            problems[0]
                .message
                .ends_with("(the first answer is at column 2)"),
            "{problems:?}"
        );
        let problems =
            Answers::from_raw(&rules, RawAnswer::from_json("", line).unwrap()).unwrap_err();
        assert!(
            problems[0].message.ends_with("answered twice"),
            "{problems:?}"
        );
        // Even when the first answer is not valid.
        let problems = Answers::from_raw(
            &rules,
            RawAnswer::from_json("", r#"{"destination": "XX", "destination": "QA"}"#).unwrap(),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    /// A key written twice in TOML gets the message of a question answered
    /// twice in JSON, with both places.
    #[test]
    fn toml_duplicate_keys_are_answered_twice() {
        let err = RawAnswer::from_toml(
            "a.toml",
            "destination = \"RU\"\n upfront_payment = \"no\"\n\"upfront_payment\" = \"yes\"\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "a.toml:3:1: `upfront_payment`: this question is answered twice \
                 (the first answer is at line 2)"
            ),
            "{err}"
        );
        assert_eq!(err.help.as_deref(), Some(ANSWERED_TWICE_HELP));
    }

    /// A byte-order mark before JSON answers is not content; columns on the
    /// first line are counted after it.
    #[test]
    fn json_answers_may_start_with_a_byte_order_mark() {
        let raw = RawAnswer::from_json_file("a.json", "\u{feff}{\"destination\": \"RU\"}").unwrap();
        assert_eq!(raw.len(), 1);
        match &raw[0].location {
            Location::File {
                position: Some(position),
                ..
            } => assert_eq!(position.column, 2),
            other => panic!("no position: {other:?}"),
        }
        let err = RawAnswer::from_json_file("a.json", "\u{feff}{\"destination\" RU}").unwrap_err();
        assert!(err.to_string().starts_with("a.json:1:16:"), "{err}");
    }

    /// An integer too large for 64 bits is a number in TOML as in JSON and
    /// flags; infinity, not-a-number and negative amounts are refused with
    /// what was written and why.
    #[test]
    fn amounts_out_of_range_are_explained() {
        let rules = crate::testing::default_rules();
        let toml = |value: &str| {
            let text = format!("payment_amount_kes = {value}");
            let raw = RawAnswer::from_toml("a.toml", &text).map_err(|d| d.to_string())?;
            Answers::from_raw(&rules, raw)
                .map(|answers| answers.get("payment_amount_kes").cloned())
                .map_err(|problems| problems[0].message.clone())
        };
        assert_eq!(
            toml("99999999999999999999"),
            Ok(Some(Answer::Known(Value::Number(1e20))))
        );
        assert_eq!(
            toml("inf"),
            Err("`payment_amount_kes`: `inf` is too large to be an amount".into())
        );
        assert_eq!(
            toml("nan"),
            Err("`payment_amount_kes`: `nan` is not a number".into())
        );
        assert_eq!(
            toml("-5"),
            Err("`payment_amount_kes`: `-5` is not an amount: an amount is 0 or more".into())
        );
        let flag = |value: &str| {
            Answers::from_raw(
                &rules,
                vec![RawAnswer::from_flag("payment_amount_kes", value)],
            )
            .map_err(|problems| problems[0].message.clone())
            .map(|_| ())
        };
        assert_eq!(
            flag("1e400"),
            Err("`1e400` is too large to be an amount".into())
        );
        assert_eq!(flag("inf"), Err("`inf` is not a number".into()));
        assert_eq!(flag("1e6"), Ok(()));
    }

    /// An amount in the question's currency reads as its figures, the word
    /// or sign before or after them; another known currency is refused, so
    /// that dollars are never read as shillings.
    #[test]
    fn amounts_with_a_currency() {
        let rules = crate::testing::default_rules();
        let read = |value: &str| {
            Answers::from_raw(
                &rules,
                vec![RawAnswer::from_flag("payment_amount_kes", value)],
            )
            .map_err(|problems| problems[0].message.clone())
            .map(|answers| match answers.get("payment_amount_kes") {
                Some(Answer::Known(Value::Number(n))) => *n,
                other => panic!("{value}: {other:?}"),
            })
        };
        for typed in [
            "KSh 150,000",
            "Sh 150,000",
            "Ksh.150000",
            "kshs150,000",
            "150,000 bob",
            "150000 shillings",
            "KSh 150,000/=",
            "KES 150k",
        ] {
            assert_eq!(read(typed), Ok(150_000.0), "{typed}");
        }
        assert_eq!(
            read("USD 1,500"),
            Err("`USD 1,500` is in another currency (`USD`) than the question asks for".into())
        );
        assert_eq!(
            read("$1500"),
            Err("`$1500` is in another currency (`$`) than the question asks for".into())
        );
        assert_eq!(
            read("1500 dollars"),
            Err(
                "`1500 dollars` is in another currency (`dollars`) than the question asks for"
                    .into()
            )
        );
        assert_eq!(read("ksh"), Err("`ksh` is not a number".into()));
        assert_eq!(
            read("150 apples"),
            Err("`150 apples` is not a number".into())
        );
    }

    /// `unknown` is a whole answer: within a list of choices it is refused
    /// with a message that does not list it as a valid item.
    #[test]
    fn unknown_is_not_one_choice_among_others() {
        let rules = crate::testing::default_rules();
        let problems = Answers::from_raw(
            &rules,
            vec![RawAnswer::from_flag("payment_purposes", "visa,unknown")],
        )
        .unwrap_err();
        assert_eq!(
            problems[0].message,
            "`unknown` must be the whole answer, not one item of a list"
        );
        let help = problems[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("answer `unknown` alone"), "{help}");
        assert_eq!(help.matches("`unknown`").count(), 1, "{help}");
        assert!(
            Answers::from_raw(
                &rules,
                vec![RawAnswer::from_flag("payment_purposes", "unknown")]
            )
            .is_ok()
        );
    }

    /// A name part that starts with `xn--` and is not punycode is named.
    #[test]
    fn bad_punycode_is_explained() {
        let message = parse_url("http://xn--a.com/x").err().map(|p| p.message);
        assert_eq!(
            message.as_deref(),
            Some(
                "`http://xn--a.com/x` is not a web address: `xn--a` is not valid punycode \
                 (a name part that starts with `xn--` must be the encoded form of an \
                 international name)"
            )
        );
        assert_eq!(
            host_of("https://user@www.Example.com:8080/a?b#c"),
            "www.Example.com"
        );
    }

    /// Input echoed in a message has its control characters escaped.
    #[test]
    fn echoed_values_are_escaped() {
        let rules = crate::testing::default_rules();
        let problems = Answers::from_raw(
            &rules,
            vec![RawAnswer::from_flag("destination", "R\u{1b}U")],
        )
        .unwrap_err();
        assert_eq!(
            problems[0].message,
            "`R\\u{1b}U` is not a country this tool knows"
        );
    }

    /// The quick trim is `str::trim`.
    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " yes ",
            "yes\n",
            "\u{a0}no",
            "no\u{2003}",
            "é",
            "\u{85}x",
            "x y",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    /// Amounts are printed as people write them.
    #[test]
    fn numbers_have_separators() {
        assert_eq!(format_number(1_650_000.0), "1,650,000");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(12.5), "12.5");
    }
}

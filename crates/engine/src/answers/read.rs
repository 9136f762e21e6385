//! Reading answers as written: TOML and JSON answers files, JSON Lines and
//! flags, into [`RawAnswer`]s that keep each value's place.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::diagnostic::{Diagnostic, Location, Position, echo};

/// Whether a question was answered in a file, and where (line and column).
#[derive(Debug, Clone, Copy)]
pub(super) enum InFile {
    No,
    At(Option<(usize, usize)>),
}

/// What to do about a question answered twice in a file.
pub(super) const ANSWERED_TWICE_HELP: &str = "keep one of the two answers and delete the other";

/// The message for a question answered a second time in a file, at `here`;
/// the first answer was at `first`.
pub(super) fn answered_twice(
    first: Option<(usize, usize)>,
    here: Option<(usize, usize)>,
) -> String {
    let at = match (first, here) {
        (Some((line, column)), Some((here_line, _))) if line == here_line => {
            format!(" (the first answer is at column {column})")
        }
        (Some((line, _)), _) => format!(" (the first answer is at line {line})"),
        (None, _) => String::new(),
    };
    format!("this question is answered twice{at}")
}

impl RawValue<'_> {
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
pub(super) struct TomlAnswers(BTreeMap<Spanned<String>, Spanned<TomlValue>>);

/// A TOML value read as a [`RawValue`]. As `toml::Value` reads it, except
/// that an integer too large for 64 bits is read as a number, as JSON and a
/// flag read one, instead of being refused in serde's words ("as i128").
pub(super) struct TomlValue(RawValue<'static>);

impl<'de> Deserialize<'de> for TomlValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TomlValueVisitor)
    }
}

pub(super) struct TomlValueVisitor;

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
pub(super) const JSON_ANSWERS_HELP: &str =
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

    pub(super) fn problem(&self, message: String) -> Diagnostic {
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
pub(super) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Refuses a file with more answers than any rule set has questions.
pub(super) fn too_many_answers(path: &str, count: usize) -> Result<(), Diagnostic> {
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
pub(super) struct JsonAnswers<'p> {
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
pub(super) struct Key<'de>(pub(super) Cow<'de, str>);

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
pub(super) struct RawValueVisitor;

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
pub(super) fn json_span(text: &str, key: &str, value: &RawValue<'_>) -> Option<Range<usize>> {
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
pub(super) fn number_before(text: &str, at: usize) -> &str {
    let end = (at + 1).min(text.len());
    let part = text.get(..end).unwrap_or_default();
    let start = part
        .rfind(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
        .map_or(0, |i| i + 1);
    &part[start..]
}

/// The byte offset of a 1-based line and column, if it exists.
pub(super) fn line_column_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    Some((line_start + column.saturating_sub(1)).min(text.len()))
}

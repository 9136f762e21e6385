//! Conditions over answers, evaluated in three-valued logic.
//!
//! A question left unanswered (or answered "don't know") makes a test
//! *undecided* rather than false, so a rule whose evidence is missing is
//! counted as a check that could not be made, never as a pass. The one
//! exception is the `unknown` test itself, which is always decided.

use crate::answer_set::{Answer, Answers, Value};
use crate::strings::Text;

/// A validated condition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A check on the recruiter's contact details or the advert text
    /// (see `crate::signals`): true when it fired.
    Signal(Text),
    /// A test on one question's answer.
    Test {
        /// Question id.
        question: Text,
        /// What is tested.
        test: Test,
    },
}

/// A test on one answer. Values are canonical: `yes`/`no`, a choice id, a country code.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Test {
    /// The answer equals the value.
    Is(Text),
    /// The question was not answered or answered "don't know".
    IsUnknown,
    /// The answer is one of the values.
    OneOf(Vec<Text>),
    /// A multi-choice answer includes the value.
    Contains(Text),
    /// A multi-choice answer includes any of the values.
    ContainsAny(Vec<Text>),
    /// A number answer compares with the value.
    Compare(Comparison, f64),
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparison {
    /// `>=`
    AtLeast,
    /// `>`
    Above,
    /// `<`
    Below,
    /// `<=`
    AtMost,
}

impl Comparison {
    /// The key used in rule files.
    pub fn key(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at_least",
            Comparison::Above => "above",
            Comparison::Below => "below",
            Comparison::AtMost => "at_most",
        }
    }

    fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::AtLeast => left >= right,
            Comparison::Above => left > right,
            Comparison::Below => left < right,
            Comparison::AtMost => left <= right,
        }
    }
}

/// The result of evaluating a condition: true, false, or undecided for lack of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// The condition holds.
    True,
    /// The condition does not hold.
    False,
    /// Not enough answers to decide.
    Undecided,
}

impl Truth {
    /// True or false.
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    /// Kleene's `and`: false as soon as one part is false (the rest are not
    /// evaluated), else undecided if one part is, else true.
    pub fn all(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut result = Truth::True;
        for part in parts {
            match part {
                Truth::False => return Truth::False,
                Truth::Undecided => result = Truth::Undecided,
                Truth::True => {}
            }
        }
        result
    }

    /// Kleene's `or`: true as soon as one part is true, else undecided if one
    /// part is, else false.
    pub fn any(parts: impl IntoIterator<Item = Truth>) -> Truth {
        let mut result = Truth::False;
        for part in parts {
            match part {
                Truth::True => return Truth::True,
                Truth::Undecided => result = Truth::Undecided,
                Truth::False => {}
            }
        }
        result
    }

    /// Kleene's `not`: undecided stays undecided.
    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Undecided => Truth::Undecided,
        }
    }
}

impl Condition {
    /// Evaluates the condition against the answers (Kleene's three-valued logic).
    pub fn eval(&self, answers: &Answers) -> Truth {
        match self {
            Condition::All(parts) => Truth::all(parts.iter().map(|part| part.eval(answers))),
            Condition::Any(parts) => Truth::any(parts.iter().map(|part| part.eval(answers))),
            Condition::Not(inner) => inner.eval(answers).negate(),
            Condition::Signal(id) => match answers.signal(id) {
                Some(signal) => Truth::from_bool(signal.fired),
                None => Truth::Undecided,
            },
            Condition::Test { question, test } => test.eval(answers.get(question)),
        }
    }

    /// Every signal id the condition refers to, in order of first mention.
    pub fn signals(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_signals(&mut out);
        out
    }

    fn collect_signals<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|part| part.collect_signals(out))
            }
            Condition::Not(inner) => inner.collect_signals(out),
            Condition::Signal(id) => {
                if !out.contains(&id.as_str()) {
                    out.push(id);
                }
            }
            Condition::Test { .. } => {}
        }
    }

    /// Every question id the condition refers to, in order of first mention.
    pub fn questions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out
    }

    fn collect_questions<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                parts.iter().for_each(|part| part.collect_questions(out))
            }
            Condition::Not(inner) => inner.collect_questions(out),
            Condition::Signal(_) => {}
            Condition::Test { question, .. } => {
                if !out.contains(&question.as_str()) {
                    out.push(question);
                }
            }
        }
    }
}

impl Test {
    /// Evaluates the test on one question's answer (`None`: not answered).
    pub fn eval(&self, answer: Option<&Answer>) -> Truth {
        let value = match answer {
            Some(Answer::Known(value)) => value,
            None | Some(Answer::DontKnow) => {
                return if matches!(self, Test::IsUnknown) {
                    Truth::True
                } else {
                    Truth::Undecided
                };
            }
        };
        let holds = match (self, value) {
            (Test::IsUnknown, _) => false,
            (Test::Is(wanted), value) => value.as_single() == Some(wanted.as_str()),
            (Test::OneOf(wanted), value) => value
                .as_single()
                .is_some_and(|v| wanted.iter().any(|w| w == v)),
            (Test::Contains(wanted), Value::Choices(got)) => got.iter().any(|g| g == wanted),
            (Test::ContainsAny(wanted), Value::Choices(got)) => {
                wanted.iter().any(|w| got.iter().any(|g| g == w))
            }
            (Test::Compare(op, limit), Value::Number(got)) => op.holds(*got, *limit),
            // Validation only lets tests meet the kinds they fit; anything else never holds.
            _ => false,
        };
        Truth::from_bool(holds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(question: &'static str, test: Test) -> Condition {
        Condition::Test {
            question: question.into(),
            test,
        }
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        let mut answers = Answers::default();
        for (id, answer) in pairs {
            answers.set(id.to_string(), answer.clone());
        }
        answers
    }

    /// Missing answers leave a test undecided, except the `unknown` test.
    #[test]
    fn missing_answer_is_undecided() {
        let empty = Answers::default();
        assert_eq!(
            test("q", Test::Is("yes".into())).eval(&empty),
            Truth::Undecided
        );
        assert_eq!(test("q", Test::IsUnknown).eval(&empty), Truth::True);
        let dont_know = answers(&[("q", Answer::DontKnow)]);
        assert_eq!(test("q", Test::IsUnknown).eval(&dont_know), Truth::True);
        assert_eq!(
            test("q", Test::Compare(Comparison::AtLeast, 1.0)).eval(&dont_know),
            Truth::Undecided
        );
    }

    /// `all` is false as soon as one part is false, even with undecided parts; `any` mirrors it.
    #[test]
    fn kleene_connectives() {
        let given = answers(&[("a", Answer::Known(Value::No))]);
        let a_yes = test("a", Test::Is("yes".into()));
        let b_yes = test("b", Test::Is("yes".into()));
        assert_eq!(
            Condition::All(vec![a_yes.clone(), b_yes.clone()]).eval(&given),
            Truth::False
        );
        assert_eq!(
            Condition::Any(vec![a_yes.clone(), b_yes.clone()]).eval(&given),
            Truth::Undecided
        );
        assert_eq!(
            Condition::Not(Box::new(b_yes.clone())).eval(&given),
            Truth::Undecided
        );
        assert_eq!(Condition::Not(Box::new(a_yes)).eval(&given), Truth::True);
    }

    /// Multi-choice and number tests.
    #[test]
    fn contains_and_compare() {
        let given = answers(&[
            (
                "purposes",
                Answer::Known(Value::Choices(vec!["visa".into(), "deposit".into()])),
            ),
            ("amount", Answer::Known(Value::Number(150_000.0))),
        ]);
        assert_eq!(
            test("purposes", Test::Contains("deposit".into())).eval(&given),
            Truth::True
        );
        assert_eq!(
            test(
                "purposes",
                Test::ContainsAny(vec!["medical".into(), "training".into()])
            )
            .eval(&given),
            Truth::False
        );
        assert_eq!(
            test("amount", Test::Compare(Comparison::AtLeast, 150_000.0)).eval(&given),
            Truth::True
        );
        assert_eq!(
            test("amount", Test::Compare(Comparison::Above, 150_000.0)).eval(&given),
            Truth::False
        );
    }
}

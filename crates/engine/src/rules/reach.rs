//! Can a condition ever be true? Used to find rules that can never fire and
//! questions that are never asked.
//!
//! The check is exact, by brute force over a small set of answers rather than
//! a solver. A condition only compares each question's answer with constants,
//! so the answers to one question fall into a few classes that every test
//! treats alike:
//!
//! - yes/no: `yes`, `no`, "don't know";
//! - choice and country: each value the condition names, one value it does
//!   not name, "don't know";
//! - multi-choice: every subset of the choices the condition names (the
//!   others make no difference), "don't know";
//! - number: 0, each limit the condition names, a number between each pair
//!   of neighbouring limits, one above the largest, "don't know";
//! - text, URL, e-mail, phone: some text, "don't know";
//! - signals (checks on the recruiter's details and the advert): fired or
//!   not. They are tried as independent of each other, which may miss a rule
//!   made dead only by two signals that cannot fire together: the check then
//!   reports nothing, never a false alarm.
//!
//! Questions are answered independently (flags and files may answer any
//! question), so trying every combination of one answer per class with the
//! real evaluator ([`Condition::eval`]) decides the question exactly: the
//! result is never a false alarm and never misses a contradiction. The
//! number of combinations is bounded by a budget; past it the check gives
//! up and reports nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::condition::{Condition, Test, Truth};
use super::model::{Countries, Question, QuestionKind};
use crate::answer_set::{Answer, Answers, Signal, Value};
use crate::strings::Text;

/// Most named choices of one multi-choice question tried in every subset.
const MAX_SUBSET_CHOICES: usize = 12;

/// The outcome of [`can_be_true`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Some answers make the condition true.
    Possible,
    /// No answers make the condition true.
    Never,
    /// Too many combinations to try within the budget.
    Unknown,
}

/// Whether any answers make `condition` true. `question` looks up a question
/// by id; `budget` is the number of test evaluations still allowed and is
/// reduced by the work done.
pub fn can_be_true<'q>(
    condition: &Condition,
    question: impl Fn(&str) -> Option<&'q Question>,
    countries: &Countries,
    budget: &mut u64,
) -> Reach {
    if *budget == 0 {
        return Reach::Unknown;
    }
    let mut named: BTreeMap<&str, Named> = BTreeMap::new();
    let mut signals: BTreeSet<&str> = BTreeSet::new();
    collect(condition, &mut named, &mut signals);
    let mut classes: Vec<(&str, Vec<Answer>)> = Vec::new();
    for (id, values) in &named {
        let Some(question) = question(id) else {
            return Reach::Unknown;
        };
        match answer_classes(question, values, countries) {
            Some(answers) => classes.push((id, answers)),
            None => return Reach::Unknown,
        }
    }
    // A signal's two states, written as yes (fired) and no.
    let first_signal = classes.len();
    for id in &signals {
        classes.push((
            id,
            vec![Answer::Known(Value::Yes), Answer::Known(Value::No)],
        ));
    }
    let combinations = classes.iter().try_fold(1u64, |product, (_, answers)| {
        product.checked_mul(answers.len() as u64)
    });
    let cost = combinations.and_then(|c| c.checked_mul(size(condition)));
    match cost {
        Some(cost) if cost <= *budget => *budget -= cost,
        _ => {
            *budget = 0;
            return Reach::Unknown;
        }
    }
    let mut index = vec![0usize; classes.len()];
    loop {
        let mut answers = Answers::default();
        for (slot, ((id, options), &at)) in classes.iter().zip(&index).enumerate() {
            if slot >= first_signal {
                let fired = options[at] == Answer::Known(Value::Yes);
                answers.set_signal(
                    id.to_string(),
                    Signal {
                        fired,
                        quotes: Vec::new(),
                    },
                );
            } else {
                answers.set(id.to_string(), options[at].clone());
            }
        }
        if condition.eval(&answers) == Truth::True {
            return Reach::Possible;
        }
        // Next combination, like an odometer.
        let mut digit = 0;
        loop {
            if digit == index.len() {
                return Reach::Never;
            }
            index[digit] += 1;
            if index[digit] < classes[digit].1.len() {
                break;
            }
            index[digit] = 0;
            digit += 1;
        }
    }
}

/// The values and limits a condition names for one question.
#[derive(Default)]
struct Named {
    values: Vec<Text>,
    limits: Vec<f64>,
}

fn collect<'a>(
    condition: &'a Condition,
    named: &mut BTreeMap<&'a str, Named>,
    signals: &mut BTreeSet<&'a str>,
) {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().for_each(|part| collect(part, named, signals));
        }
        Condition::Not(inner) => collect(inner, named, signals),
        Condition::Signal(id) => {
            signals.insert(id);
        }
        Condition::Test { question, test } => {
            let entry = named.entry(question.as_str()).or_default();
            match test {
                Test::Is(value) | Test::Contains(value) => entry.values.push(value.clone()),
                Test::OneOf(values) | Test::ContainsAny(values) => {
                    entry.values.extend(values.iter().cloned());
                }
                Test::Compare(_, limit) => entry.limits.push(*limit),
                Test::IsUnknown => {}
            }
        }
    }
}

/// The number of tests in a condition: the cost of one evaluation.
fn size(condition: &Condition) -> u64 {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => parts.iter().map(size).sum::<u64>() + 1,
        Condition::Not(inner) => size(inner) + 1,
        Condition::Signal(_) | Condition::Test { .. } => 1,
    }
}

/// One answer from each class of answers the condition tells apart.
fn answer_classes(
    question: &Question,
    named: &Named,
    countries: &Countries,
) -> Option<Vec<Answer>> {
    let mut values = named.values.clone();
    values.sort();
    values.dedup();
    let mut out = vec![Answer::DontKnow];
    let known = |value: Value| Answer::Known(value);
    match question.kind {
        QuestionKind::YesNo => {
            out.extend([known(Value::Yes), known(Value::No)]);
        }
        QuestionKind::Choice => {
            out.extend(
                values
                    .iter()
                    .map(|v| known(Value::Choice(v.to_string().into()))),
            );
            if let Some(other) = question.choices.iter().find(|c| !values.contains(&c.id)) {
                out.push(known(Value::Choice(other.id.clone())));
            }
        }
        QuestionKind::Country => {
            out.extend(
                values
                    .iter()
                    .map(|v| known(Value::Country(v.to_string().into()))),
            );
            if let Some(other) = countries.all().iter().find(|c| !values.contains(&c.code)) {
                out.push(known(Value::Country(other.code.clone())));
            }
        }
        QuestionKind::MultiChoice => {
            if values.len() > MAX_SUBSET_CHOICES {
                return None;
            }
            for mask in 0u32..(1 << values.len()) {
                let subset = values
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, v)| v.to_string().into())
                    .collect();
                out.push(known(Value::Choices(subset)));
            }
        }
        QuestionKind::Number => {
            out.extend(
                numbers(&named.limits)
                    .into_iter()
                    .map(|n| known(Value::Number(n))),
            );
        }
        QuestionKind::Text | QuestionKind::Url | QuestionKind::Email | QuestionKind::Phone => {
            out.push(known(Value::Text("text".into())));
        }
    }
    Some(out)
}

/// Numbers 0 or more, one in each interval the limits make: 0, each limit,
/// a number between neighbouring limits, and one above the largest.
fn numbers(limits: &[f64]) -> Vec<f64> {
    let mut points: Vec<f64> = limits
        .iter()
        .copied()
        .filter(|limit| limit.is_finite() && *limit > 0.0)
        .collect();
    points.push(0.0);
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut out = Vec::with_capacity(points.len() * 2 + 1);
    for pair in points.windows(2) {
        out.push(pair[0]);
        out.push(pair[0] / 2.0 + pair[1] / 2.0);
    }
    let largest = points[points.len() - 1];
    out.push(largest);
    let above = largest * 2.0 + 1.0;
    if above.is_finite() {
        out.push(above);
    } else if largest < f64::MAX {
        out.push(f64::MAX);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ChoiceOption, Comparison, Country};

    fn question(id: &'static str, kind: QuestionKind, choices: &[&'static str]) -> Question {
        Question {
            id: id.into(),
            section: "s".into(),
            kind,
            prompt: id.into(),
            help: Text::default(),
            choices: choices
                .iter()
                .map(|c| ChoiceOption {
                    id: (*c).into(),
                    label: (*c).into(),
                    risk: 0,
                    short: None,
                })
                .collect(),
            ask_if: None,
            default: None,
            risk: crate::rules::Risk::Unranked,
            judged_if: None,
            not_judged: Text::default(),
            currency: Vec::new(),
        }
    }

    fn test(question: &'static str, test: Test) -> Condition {
        Condition::Test {
            question: question.into(),
            test,
        }
    }

    fn reach(condition: &Condition) -> Reach {
        let questions = [
            question("paid", QuestionKind::YesNo, &[]),
            question("via", QuestionKind::Choice, &["agency", "friend", "app"]),
            question("to", QuestionKind::Country, &[]),
            question("what", QuestionKind::MultiChoice, &["visa", "deposit"]),
            question("amount", QuestionKind::Number, &[]),
        ];
        let countries = Countries::new(
            ["RU", "UA", "QA"]
                .iter()
                .map(|code| Country {
                    code: (*code).into(),
                    name: (*code).into(),
                    aliases: Vec::new(),
                    names: Vec::new(),
                })
                .collect(),
        );
        let mut budget = 1_000_000;
        can_be_true(
            condition,
            |id| questions.iter().find(|q| q.id == id),
            &countries,
            &mut budget,
        )
    }

    /// Contradictions on one question are found; compatible tests are not flagged.
    #[test]
    fn contradictions_are_found() {
        let yes = test("paid", Test::Is("yes".into()));
        let no = test("paid", Test::Is("no".into()));
        let unknown = test("paid", Test::IsUnknown);
        assert_eq!(
            reach(&Condition::All(vec![yes.clone(), no.clone()])),
            Reach::Never
        );
        assert_eq!(
            reach(&Condition::All(vec![yes.clone(), unknown])),
            Reach::Never
        );
        assert_eq!(
            reach(&Condition::Any(vec![yes.clone(), no])),
            Reach::Possible
        );
        assert_eq!(
            reach(&Condition::All(vec![
                yes.clone(),
                Condition::Not(Box::new(yes))
            ])),
            Reach::Never
        );
        let ru_ua = test("to", Test::OneOf(vec!["RU".into(), "UA".into()]));
        let qa = test("to", Test::Is("QA".into()));
        assert_eq!(
            reach(&Condition::All(vec![ru_ua.clone(), qa])),
            Reach::Never
        );
        let not_ru_ua = Condition::Not(Box::new(ru_ua.clone()));
        assert_eq!(reach(&not_ru_ua), Reach::Possible, "some other country");
        assert_eq!(reach(&Condition::All(vec![ru_ua, not_ru_ua])), Reach::Never);
        let agency = test("via", Test::Is("agency".into()));
        let not_agency_or_friend = Condition::Not(Box::new(test(
            "via",
            Test::OneOf(vec!["agency".into(), "friend".into()]),
        )));
        assert_eq!(reach(&not_agency_or_friend), Reach::Possible, "app is left");
        assert_eq!(
            reach(&Condition::All(vec![agency, not_agency_or_friend])),
            Reach::Never
        );
    }

    /// Number limits: empty ranges and negative amounts never hold; touching ranges do.
    #[test]
    fn number_ranges() {
        let at_least = |n| test("amount", Test::Compare(Comparison::AtLeast, n));
        let below = |n| test("amount", Test::Compare(Comparison::Below, n));
        let at_most = |n| test("amount", Test::Compare(Comparison::AtMost, n));
        let above = |n| test("amount", Test::Compare(Comparison::Above, n));
        assert_eq!(
            reach(&Condition::All(vec![at_least(100.0), below(100.0)])),
            Reach::Never
        );
        assert_eq!(
            reach(&Condition::All(vec![at_least(100.0), at_most(100.0)])),
            Reach::Possible
        );
        assert_eq!(
            reach(&Condition::All(vec![above(100.0), below(101.0)])),
            Reach::Possible
        );
        assert_eq!(
            reach(&Condition::All(vec![above(100.0), at_most(100.0)])),
            Reach::Never
        );
        assert_eq!(reach(&below(0.0)), Reach::Never, "amounts are 0 or more");
        assert_eq!(reach(&at_most(0.0)), Reach::Possible);
        assert_eq!(reach(&above(f64::MAX)), Reach::Never);
        assert_eq!(reach(&at_least(f64::MAX)), Reach::Possible);
    }

    /// Multi-choice tests: a list cannot both hold and lack a choice.
    #[test]
    fn multi_choice() {
        let visa = test("what", Test::Contains("visa".into()));
        let no_visa = Condition::Not(Box::new(visa.clone()));
        let any = test(
            "what",
            Test::ContainsAny(vec!["visa".into(), "deposit".into()]),
        );
        assert_eq!(
            reach(&Condition::All(vec![visa.clone(), no_visa.clone()])),
            Reach::Never
        );
        assert_eq!(reach(&Condition::All(vec![any, no_visa])), Reach::Possible);
    }

    /// A condition too big for the budget is left undecided, never called impossible.
    #[test]
    fn budget_gives_up() {
        let condition = Condition::All(vec![
            test("paid", Test::Is("yes".into())),
            test("paid", Test::Is("no".into())),
        ]);
        let questions = [question("paid", QuestionKind::YesNo, &[])];
        let mut budget = 2;
        let result = can_be_true(
            &condition,
            |id| questions.iter().find(|q| q.id == id),
            &Countries::default(),
            &mut budget,
        );
        assert_eq!(result, Reach::Unknown);
        assert_eq!(budget, 0);
    }
}

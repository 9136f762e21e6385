//! Conditions (`when`, `ask_if`, `judged_if`): the questions and signals
//! they name, and the values they compare with.

use super::*;

impl Validator {
    pub(super) fn condition(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        visible: &Visible,
        countries: &Countries,
        depth: usize,
    ) -> Option<Condition> {
        if self.full() {
            self.truncated = true;
            return None;
        }
        if depth > MAX_CONDITION_DEPTH {
            self.report(
                file,
                raw,
                format!("condition nested deeper than {MAX_CONDITION_DEPTH} levels"),
            );
            return None;
        }
        let c = raw.get_ref();
        let mut shapes = Vec::new();
        for (present, name) in [
            (c.all.is_some(), "all"),
            (c.any.is_some(), "any"),
            (c.not.is_some(), "not"),
            (c.question.is_some(), "question"),
            (c.signal.is_some(), "signal"),
        ] {
            if present {
                shapes.push(name);
            }
        }
        if shapes.len() != 1 {
            let message = if shapes.is_empty() {
                "empty condition".to_string()
            } else {
                format!("a condition mixes {}", shapes.join(" and "))
            };
            self.report(file, raw, message)
                .help("use exactly one of `all = [...]`, `any = [...]`, `not = {...}`, `signal = \"...\"` or `question = \"...\"` with a test");
            return None;
        }
        let list = |this: &mut Self, parts: &Vec<Spanned<RawCondition>>, name: &str| {
            if parts.is_empty() {
                this.report(file, raw, format!("`{name}` needs at least one condition"));
                return None;
            }
            let built: Vec<_> = parts
                .iter()
                .map(|part| this.condition(file, part, visible, countries, depth + 1))
                .collect();
            built.into_iter().collect::<Option<Vec<_>>>()
        };
        if let Some(parts) = &c.all {
            return list(self, parts, "all").map(Condition::All);
        }
        if let Some(parts) = &c.any {
            return list(self, parts, "any").map(Condition::Any);
        }
        if let Some(inner) = &c.not {
            return self
                .condition(file, inner, visible, countries, depth + 1)
                .map(|inner| Condition::Not(Box::new(inner)));
        }
        if let Some(signal) = &c.signal {
            return self.signal(file, raw, signal);
        }
        let question_name = c.question.as_ref()?;
        self.test(file, raw, question_name, visible, countries)
    }

    /// `{ signal = "id" }`: a known signal, and nothing else in the table.
    pub(super) fn signal(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        signal: &Spanned<String>,
    ) -> Option<Condition> {
        let c = raw.get_ref();
        let extra = c.is.is_some()
            || c.one_of.is_some()
            || c.contains.is_some()
            || c.contains_any.is_some()
            || c.at_least.is_some()
            || c.above.is_some()
            || c.below.is_some()
            || c.at_most.is_some();
        if extra {
            self.report(
                file,
                raw,
                "a `signal` condition takes no test: it is true when the check fired".into(),
            )
            .help(
                "write `{ signal = \"...\" }`, and `not = { signal = \"...\" }` for the opposite",
            );
            return None;
        }
        if !self.signals.contains(signal.get_ref()) {
            let hint = did_you_mean(signal.get_ref(), self.signals.iter().map(String::as_str));
            self.report(file, signal, format!("unknown signal `{}`", signal.get_ref()))
                .help(hint.unwrap_or_else(|| "signals are the built-in checks (see rules/README.md) and the `[[phrase_group]]` ids".into()));
            return None;
        }
        Some(Condition::Signal(signal.get_ref().into()))
    }

    pub(super) fn test(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        question_name: &Spanned<String>,
        visible: &Visible,
        countries: &Countries,
    ) -> Option<Condition> {
        if self.full() {
            // Stop before the costly "did you mean" search once enough is reported.
            self.truncated = true;
            return None;
        }
        let c = raw.get_ref();
        let Some(question) = visible.get(question_name.get_ref().as_str()).copied() else {
            let name = question_name.get_ref();
            if let Some(asking) = self.asking.clone() {
                if &asking == name {
                    self.report(
                        file,
                        question_name,
                        format!("the `ask_if` of question `{name}` refers to `{name}` itself"),
                    )
                    .help("ask_if may only refer to questions asked before this one (this would make a cycle)");
                    return None;
                }
                if self.question_ids.contains(name) {
                    self.report(
                        file,
                        question_name,
                        format!("the `ask_if` of question `{asking}` refers to `{name}`, which is asked later"),
                    )
                    .help(format!("ask_if may only refer to questions asked before this one (this would make a cycle or ask out of order); move `{name}` before `{asking}`"));
                    return None;
                }
            }
            let hint = did_you_mean(question_name.get_ref(), visible.keys().copied());
            self.report(
                file,
                question_name,
                format!("unknown question `{}`", question_name.get_ref()),
            )
            .help(hint.unwrap_or_else(|| {
                "a condition may only name a question declared with `[[question]]`".into()
            }));
            return None;
        };
        let mut tests = Vec::new();
        if c.is.is_some() {
            tests.push("is");
        }
        if c.one_of.is_some() {
            tests.push("one_of");
        }
        if c.contains.is_some() {
            tests.push("contains");
        }
        if c.contains_any.is_some() {
            tests.push("contains_any");
        }
        let comparisons: Vec<(Comparison, f64)> = [
            (Comparison::AtLeast, c.at_least),
            (Comparison::Above, c.above),
            (Comparison::Below, c.below),
            (Comparison::AtMost, c.at_most),
        ]
        .into_iter()
        .filter_map(|(op, value)| value.map(|v| (op, v)))
        .collect();
        tests.extend(comparisons.iter().map(|(op, _)| op.key()));
        if tests.len() != 1 {
            self.report(file, raw, format!(
                "a test on `{}` needs exactly one of `is`, `one_of`, `contains`, `contains_any`, `at_least`, `above`, `below`, `at_most`; found {}",
                question.id,
                if tests.is_empty() { "none".to_string() } else { tests.join(", ") }
            ));
            return None;
        }
        let kind = question.kind;
        let single = matches!(
            kind,
            QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::Country
        );
        let wrong_kind = |this: &mut Self, test: &str| {
            this.report(
                file,
                raw,
                format!(
                    "`{test}` does not fit `{}`, a {} question",
                    question.id,
                    kind.as_str()
                ),
            );
            None
        };
        let test = if let Some(value) = &c.is {
            if value.get_ref() == "unknown" {
                Test::IsUnknown
            } else if single {
                Test::Is(self.test_value(file, value, question, countries)?)
            } else {
                return wrong_kind(self, "is");
            }
        } else if let Some(values) = &c.one_of {
            if !single {
                return wrong_kind(self, "one_of");
            }
            Test::OneOf(self.test_values(file, raw, values, question, countries)?)
        } else if let Some(value) = &c.contains {
            if kind != QuestionKind::MultiChoice {
                return wrong_kind(self, "contains");
            }
            Test::Contains(self.test_value(file, value, question, countries)?)
        } else if let Some(values) = &c.contains_any {
            if kind != QuestionKind::MultiChoice {
                return wrong_kind(self, "contains_any");
            }
            Test::ContainsAny(self.test_values(file, raw, values, question, countries)?)
        } else {
            let (op, value) = comparisons[0];
            if kind != QuestionKind::Number {
                return wrong_kind(self, op.key());
            }
            if !value.is_finite() {
                self.report(file, raw, format!("`{}` needs a finite number", op.key()));
                return None;
            }
            Test::Compare(op, value)
        };
        Some(Condition::Test {
            question: question.id.clone(),
            test,
        })
    }

    pub(super) fn test_values(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        values: &[Spanned<String>],
        question: &Question,
        countries: &Countries,
    ) -> Option<Vec<Text>> {
        if values.is_empty() {
            self.report(file, raw, "an empty list of values".into());
            return None;
        }
        let checked: Vec<_> = values
            .iter()
            .map(|value| self.test_value(file, value, question, countries))
            .collect();
        checked.into_iter().collect()
    }

    /// A value compared with an answer, in canonical form.
    pub(super) fn test_value(
        &mut self,
        file: &RuleFile,
        value: &Spanned<String>,
        question: &Question,
        countries: &Countries,
    ) -> Option<Text> {
        if self.full() {
            // Stop before the costly "did you mean" search once enough is reported.
            self.truncated = true;
            return None;
        }
        let text = value.get_ref();
        match question.kind {
            QuestionKind::YesNo if text == "yes" || text == "no" => Some(text.into()),
            QuestionKind::YesNo => {
                self.report(
                    file,
                    value,
                    format!("`{text}` is not `yes`, `no` or `unknown`"),
                );
                None
            }
            QuestionKind::Country => self.country_code(file, value, countries),
            _ if question.choices.iter().any(|c| &c.id == text) => Some(text.into()),
            _ => {
                let ids = question.choices.iter().map(|c| c.id.as_str());
                let hint = did_you_mean(text, ids).unwrap_or_else(|| {
                    let all: Vec<_> = question
                        .choices
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect();
                    format!("its choices are {}", all.join(", "))
                });
                self.report(
                    file,
                    value,
                    format!("`{}` has no choice `{text}`", question.id),
                )
                .help(hint);
                None
            }
        }
    }
}

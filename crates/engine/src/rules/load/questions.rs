//! The sections and questions: kinds, choices and their risk order, defaults,
//! currencies, `ask_if` and `judged_if`.

use super::*;

impl Validator {
    pub(super) fn sections(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for section in &raw.section {
                let s = section.get_ref();
                if self.too_long(file, &s.id, "section") {
                    continue;
                }
                if self.duplicate(&mut first, file, &s.id, "section id") {
                    continue;
                }
                sections.push(Section {
                    id: s.id.get_ref().into(),
                    title: s.title.clone().into(),
                });
            }
        }
        sections
    }

    pub(super) fn questions(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        sections: &[Section],
        countries: &Countries,
    ) -> Vec<Question> {
        let mut questions: Vec<Question> = Vec::new();
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for question in &raw.question {
                let q = question.get_ref();
                let id = q.id.get_ref();
                if self.too_long(file, &q.id, "question") {
                    continue;
                }
                if !is_snake_case(id) {
                    self.report(file, &q.id, format!("question id `{id}` is not snake_case"))
                        .help("use lowercase letters, digits and `_`, starting with a letter");
                }
                if RESERVED_IDS.contains(&id.as_str()) {
                    self.report(
                        file,
                        &q.id,
                        format!(
                            "question id `{id}` clashes with the flag --{}",
                            id.replace('_', "-")
                        ),
                    )
                    .help("choose another id");
                }
                if self.duplicate(&mut first, file, &q.id, "question id") {
                    continue;
                }
                if let Some((_, kind)) = crate::rules::contract::READ_BY_CODE
                    .iter()
                    .find(|(code_id, _)| code_id == id)
                    && *kind != q.kind
                {
                    self.report(
                        file,
                        &q.id,
                        format!(
                            "question `{id}` is read by offercheck's own checks as kind `{}`, but is of kind `{}`",
                            kind.as_str(),
                            q.kind.as_str()
                        ),
                    )
                    .help(format!(
                        "give it `kind = \"{}\"`, or another id if it asks something else",
                        kind.as_str()
                    ));
                }
                if !sections.iter().any(|s| &s.id == q.section.get_ref()) {
                    let ids = sections.iter().map(|s| s.id.as_str());
                    let hint = did_you_mean(q.section.get_ref(), ids);
                    self.report(
                        file,
                        &q.section,
                        format!("unknown section `{}`", q.section.get_ref()),
                    )
                    .help(hint.unwrap_or_else(|| "declare it with a `[[section]]` table".into()));
                }
                if q.prompt.get_ref().trim().is_empty() {
                    self.report(
                        file,
                        &q.prompt,
                        format!("question `{id}` has an empty prompt"),
                    );
                }
                match &q.help {
                    Some(help) if help.get_ref().trim().is_empty() => {
                        self.report(file, help, format!("question `{id}` has empty help text"));
                    }
                    Some(_) => {}
                    None => {
                        self.report(file, &q.id, format!("question `{id}` has no help text"))
                            .help("add `help = \"...\"`: what counts, with an example");
                    }
                }
                let choices = self.choices(file, question);
                let visible: Visible = questions.iter().map(|q| (q.id.as_str(), q)).collect();
                self.asking = Some(id.clone());
                let ask_if = q
                    .ask_if
                    .as_ref()
                    .and_then(|cond| self.condition(file, cond, &visible, countries, 0));
                self.asking = None;
                if let (Some(raw), Some(built)) = (&q.ask_if, &ask_if) {
                    let what = format!("question `{id}` is never asked");
                    self.never_true(file, raw, built, &visible, countries, &what);
                }
                let mut built = Question {
                    id: id.into(),
                    section: q.section.get_ref().into(),
                    kind: q.kind,
                    prompt: q.prompt.get_ref().trim().to_string().into(),
                    help: q
                        .help
                        .as_ref()
                        .map(|h| h.get_ref().trim().to_string().into())
                        .unwrap_or_default(),
                    choices,
                    ask_if,
                    default: None,
                    risk: self.risk(file, q),
                    judged_if: None,
                    not_judged: Text::default(),
                    currency: self.currency(file, q),
                };
                // Like `ask_if`, it may name only questions asked before this one.
                built.judged_if = q
                    .judged_if
                    .as_ref()
                    .and_then(|cond| self.condition(file, cond, &visible, countries, 0));
                match (&q.judged_if, &q.not_judged) {
                    (Some(_), Some(words)) if !words.get_ref().trim().is_empty() => {
                        built.not_judged = words.get_ref().trim().to_string().into();
                    }
                    (Some(cond), _) => {
                        self.report(
                            file,
                            cond,
                            format!("question `{id}` has `judged_if` but no `not_judged` text"),
                        )
                        .help("add `not_judged = \"...\"`: what the report tells the person when the rules do not judge this answer");
                    }
                    (None, Some(words)) => {
                        self.report(
                            file,
                            words,
                            format!("question `{id}` has `not_judged` but no `judged_if`"),
                        )
                        .help("add `judged_if = { ... }`, the condition under which the rules judge this answer");
                    }
                    (None, None) => {}
                }
                if let Some(default) = &q.default {
                    built.default = self.default_value(file, &built, default, countries);
                }
                questions.push(built);
            }
        }
        questions
    }

    /// The currency words of an amount question: lowercase words or signs
    /// with no spaces, and only on number questions.
    pub(super) fn currency(&mut self, file: &RuleFile, q: &RawQuestion) -> Vec<Text> {
        let Some(words) = &q.currency else {
            return Vec::new();
        };
        let id = q.id.get_ref();
        if q.kind != QuestionKind::Number {
            self.report(
                file,
                words,
                format!(
                    "question `{id}` is of kind `{}`; only number questions have `currency`",
                    q.kind.as_str()
                ),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for word in words.get_ref() {
            let text = word.get_ref();
            if text.is_empty()
                || text
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_ascii_digit())
                || text.to_lowercase() != *text
            {
                self.report(
                    file,
                    word,
                    format!("`{text}` in `currency` of question `{id}` is not a currency word"),
                )
                .help("write each word or sign as people type it before or after the number, in lowercase, with no spaces or digits, such as \"ksh\" or \"$\"");
            } else {
                out.push(Text::from(text.clone()));
            }
        }
        out
    }

    /// Which answers of a question are the riskier ones: `risky` for yes/no
    /// and number questions, each choice's `risk` (checked in
    /// [`Validator::choices`]) and `dont_know_risk` for choice questions.
    pub(super) fn risk(&mut self, file: &RuleFile, q: &RawQuestion) -> Risk {
        let id = q.id.get_ref();
        let kind = q.kind;
        if let Some(rank) = &q.dont_know_risk
            && !kind.has_choices()
        {
            self.report(
                file,
                rank,
                format!(
                    "question `{id}` is of kind `{}`; only choice questions have `dont_know_risk`",
                    kind.as_str()
                ),
            );
        }
        let risky = q
            .risky
            .as_ref()
            .map(|risky| (risky, risky.get_ref().as_str()));
        match (kind, risky) {
            (QuestionKind::YesNo, Some((_, "yes"))) => Risk::YesNo { yes_is_risky: true },
            (QuestionKind::YesNo, Some((_, "no"))) => Risk::YesNo {
                yes_is_risky: false,
            },
            (QuestionKind::Number, Some((_, "higher"))) => Risk::Higher,
            (QuestionKind::Number, None) => Risk::Unranked,
            // Unranked questions are allowed (a rule set of one's own need not
            // rank its answers); the default rules rank every one, and a test
            // holds them to it.
            (QuestionKind::YesNo, None) => Risk::Unranked,
            (QuestionKind::YesNo | QuestionKind::Number, Some((spanned, other))) => {
                let expected = if kind == QuestionKind::YesNo {
                    "`\"yes\"` or `\"no\"`"
                } else {
                    "`\"higher\"`"
                };
                self.report(
                    file,
                    spanned,
                    format!("`risky = \"{other}\"` for question `{id}`: expected {expected}"),
                );
                Risk::Unranked
            }
            (_, Some((spanned, _))) => {
                self.report(
                    file,
                    spanned,
                    format!(
                        "question `{id}` is of kind `{}`; only yes/no and number questions have `risky`",
                        kind.as_str()
                    ),
                )
                .help("rank a choice question's answers with each choice's `risk`");
                Risk::Unranked
            }
            (_, None) if kind.has_choices() => Risk::Ranked {
                dont_know: q.dont_know_risk.as_ref().map(|rank| *rank.get_ref()),
            },
            (_, None) => Risk::Unranked,
        }
    }

    pub(super) fn choices(
        &mut self,
        file: &RuleFile,
        question: &Spanned<RawQuestion>,
    ) -> Vec<ChoiceOption> {
        let q = question.get_ref();
        let id = q.id.get_ref();
        let Some(raw_choices) = &q.choices else {
            if q.kind.has_choices() {
                self.report(
                    file,
                    &q.id,
                    format!(
                        "question `{id}` is of kind `{}` but has no `choices`",
                        q.kind.as_str()
                    ),
                );
            }
            return Vec::new();
        };
        if !q.kind.has_choices() {
            self.report(
                file,
                raw_choices,
                format!(
                    "question `{id}` is of kind `{}`; only choice questions have `choices`",
                    q.kind.as_str()
                ),
            );
            return Vec::new();
        }
        if raw_choices.get_ref().len() > MAX_CHOICES {
            self.report(
                file,
                raw_choices,
                format!(
                    "question `{id}` has {} choices; the limit is {MAX_CHOICES}",
                    raw_choices.get_ref().len()
                ),
            );
            return Vec::new();
        }
        if raw_choices.get_ref().is_empty() {
            self.report(
                file,
                raw_choices,
                format!("question `{id}` has an empty `choices` list"),
            );
        }
        let mut choices: Vec<ChoiceOption> = Vec::new();
        for choice in raw_choices.get_ref() {
            let c = choice.get_ref();
            let choice_id = c.id.get_ref();
            if self.too_long(file, &c.id, "choice") {
                continue;
            }
            if !is_snake_case(choice_id) {
                self.report(
                    file,
                    &c.id,
                    format!("choice id `{choice_id}` is not snake_case"),
                );
            } else if choice_id == "unknown" {
                self.report(
                    file,
                    &c.id,
                    "`unknown` is not a choice: every question already offers \"don't know\""
                        .into(),
                )
                .help("remove this choice");
            } else if choices.iter().any(|known| &known.id == choice_id) {
                self.report(file, &c.id, format!("duplicate choice `{choice_id}`"));
            } else {
                if c.risk.is_none()
                    && raw_choices
                        .get_ref()
                        .iter()
                        .any(|other| other.get_ref().risk.is_some())
                {
                    self.report(
                        file,
                        choice,
                        format!("choice `{choice_id}` of question `{id}` has no `risk`, though other choices have one"),
                    )
                    .help("rank every choice of the question: `risk = 0` for the least risky, higher for riskier ones, equal for choices that do not rank against each other (SPEC.md principle 8)");
                }
                let risk = c.risk.unwrap_or(0);
                let short = c.short.as_ref().and_then(|short| {
                    self.short_label(file, short, &c.label, &format!("choice `{choice_id}`"))
                });
                choices.push(ChoiceOption {
                    id: choice_id.into(),
                    label: c.label.clone().into(),
                    risk,
                    short,
                });
            }
        }
        choices
    }

    /// A choice's `short` label (or its translation), checked: not empty,
    /// shorter than the label it stands for, and at most
    /// [`MAX_SHORT_LABEL`] characters, so that a numbered list of them fits
    /// an SMS.
    pub(super) fn short_label(
        &mut self,
        file: &RuleFile,
        short: &Spanned<String>,
        label: &str,
        what: &str,
    ) -> Option<Text> {
        let text = short.get_ref().trim();
        let chars = text.chars().count();
        if text.is_empty() || text.contains('\n') {
            self.report(
                file,
                short,
                format!("the `short` label of {what} is empty or has a line break"),
            )
            .help("write a few words on one line, or leave `short` out to use the label");
            return None;
        }
        if chars > MAX_SHORT_LABEL || chars >= label.trim().chars().count() {
            self.report(
                file,
                short,
                format!("the `short` label of {what} has {chars} characters; it must be shorter than the label and at most {MAX_SHORT_LABEL}"),
            )
            .help("shorten it, or leave `short` out to use the label");
            return None;
        }
        Some(Text::from(text.to_string()))
    }

    /// A default must be a valid answer to its own question.
    pub(super) fn default_value(
        &mut self,
        file: &RuleFile,
        question: &Question,
        default: &Spanned<toml::Value>,
        countries: &Countries,
    ) -> Option<crate::answer_set::Value> {
        let raw = match default.get_ref() {
            toml::Value::String(s) => RawValue::String(s.as_str().into()),
            toml::Value::Integer(i) => RawValue::Integer(*i),
            toml::Value::Float(f) => RawValue::Float(*f),
            toml::Value::Boolean(b) => RawValue::Bool(*b),
            _ => RawValue::Other("a table, list or date"),
        };
        match crate::rules::values::parse_default(question, countries, &raw) {
            Ok(crate::answer_set::Answer::Known(value)) => Some(value),
            Ok(crate::answer_set::Answer::DontKnow) => {
                self.report(file, default, "a default cannot be `unknown`".into());
                None
            }
            Err((message, help)) => {
                let message = format!("invalid default for `{}`: {message}", question.id);
                self.report(file, default, message).help(help);
                None
            }
        }
    }
}

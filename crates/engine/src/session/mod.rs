//! The questionnaire as a state machine, driven by whoever owns the I/O.
//!
//! A [`Session`] knows which question comes next, the follow-ups that apply
//! (`ask_if` in the rule data), sections and progress, "don't know", going
//! back, the review of every answer, changing one, and the end. It never
//! reads a key or prints a line: [`Session::step`] says what to show now and
//! [`Session::answer`] takes what the person chose or typed, or says why it
//! was refused, as data that the front end words in the person's language
//! ([`Refusal::message`]). The terminal questionnaire, `offercheck step` (for
//! SMS, USSD and chat gateways, through [`protocol`]) and the web page all
//! drive this one machine.
//!
//! The state is the answers themselves, plus where the person is in the
//! review: the next question is the first one that applies and has no
//! answer, so a gateway that keeps only the answers resumes anywhere. Nothing
//! here knows a question by name.

pub mod protocol;
pub mod reply;
pub mod sms;

use crate::answers::{Answer, Answers, Value, parse_typed};
use crate::rules::{Condition, Question, QuestionKind, RuleSet, Text, TextMap, Truth};

/// One run of the questionnaire over a rule set (in the person's language).
#[derive(Debug, Clone)]
pub struct Session<'r> {
    rules: &'r RuleSet,
    /// Questions answered before the session (flags, a file): never asked.
    given: Vec<Text>,
    answers: Answers,
    /// A question asked again: changed from the review.
    changing: Option<Text>,
    /// Answers taken back with "back", offered again as the starting choice.
    previous: TextMap<Answer>,
    /// Whether the review comes before the end (the terminal and the web
    /// page show it; an SMS conversation ends at the last question).
    review: bool,
    finished: bool,
}

/// What to show the person now.
#[derive(Debug, Clone)]
pub enum Step<'r> {
    /// A question to answer.
    Ask(Ask<'r>),
    /// Every answer given in this session, to change one or finish.
    Review(Vec<ReviewItem<'r>>),
    /// The questionnaire is over: assess [`Session::answers`].
    Done,
}

/// A question, as a front end shows it.
#[derive(Debug, Clone)]
pub struct Ask<'r> {
    /// The question (id, kind, prompt, help, section).
    pub question: &'r Question,
    /// The section's title.
    pub section: &'r str,
    /// Where this question is among those the session asks.
    pub progress: Progress,
    /// The numbered options of a yes/no, choice or multi-choice question,
    /// "don't know" last; empty for a typed answer.
    pub options: Vec<Choice>,
    /// The answer to start from: the current one when changing it, or the
    /// one taken back with "back".
    pub current: Option<Answer>,
    /// Whether this is a change asked for at the review ("back" returns there).
    pub changing: bool,
}

/// Where a question is: "question `number` of `total`". The total counts the
/// questions answered in this session and those that apply or may still
/// apply, so it never grows as the person answers (it shrinks when an
/// answer rules follow-ups out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    /// 1 for the first question.
    pub number: usize,
    /// How many questions there are in all, as far as is known now.
    pub total: usize,
}

/// One numbered option.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    /// What the person types or taps: 1, 2, 3, ...
    pub number: usize,
    /// The value as an answers file has it: `yes`, `no`, a choice id, or
    /// `unknown` for "don't know".
    pub id: String,
    /// The label, in the rule set's language.
    pub label: String,
    /// A shorter label for SMS and USSD, when the rule data has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}

/// The id of the "don't know" option.
pub const DONT_KNOW_ID: &str = "unknown";

/// One line of the review.
#[derive(Debug, Clone)]
pub struct ReviewItem<'r> {
    /// The question.
    pub question: &'r Question,
    /// The answer, in words.
    pub answer: String,
}

/// What the person did.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// One option, by its number (yes/no and choice questions; for a
    /// multi-choice question, a single option).
    Choose(usize),
    /// Several options, by number (multi-choice questions).
    ChooseMany(Vec<usize>),
    /// A typed value, as an answers file or a flag takes it ("KSh 150,000",
    /// "Kenya", a choice id, `yes`).
    Value(String),
    /// A ready answer (a front end's own menu made it).
    Answer(Answer),
    /// "Don't know".
    DontKnow,
    /// Back to the previous question (at a change: back to the review).
    Back,
    /// At the review: change the answer to this question.
    Change(String),
    /// At the review: the answers are complete.
    Finish,
}

/// Why an input was not taken. [`Refusal::message`] words it for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No option has this number.
    NoSuchOption {
        /// The number given.
        number: usize,
        /// How many options there are.
        count: usize,
    },
    /// The typed value is not an answer to this question.
    NotAnAnswer {
        /// What kind of answer the question takes.
        kind: QuestionKind,
        /// What is wrong (in English, as the answers reader says it).
        message: String,
        /// What is valid.
        help: Option<String>,
    },
    /// A multi-choice answer with nothing chosen.
    NothingChosen,
    /// "Don't know" chosen together with real answers: which was meant?
    DontKnowWithOthers,
    /// Several options for a question that takes one.
    OneOnly,
    /// "Back" at the first question.
    AtFirstQuestion,
    /// A change asked for a question that is not in the review.
    NotInReview(String),
    /// An input that does not fit the step (a change while a question is
    /// asked, say).
    NotNow,
}

impl Refusal {
    /// Why, in the rule set's language, with what to do. How to try again
    /// (a key, a number, a word) is the front end's to add.
    pub fn message(&self, rules: &RuleSet) -> String {
        match self {
            Refusal::NoSuchOption { number, count } => rules.ui_fill(
                "refused_no_such_option",
                &[
                    ("number", &number.to_string()),
                    ("count", &count.to_string()),
                ],
            ),
            // The reader's reasons are in English; another language gets
            // what such an answer looks like, in its own words.
            Refusal::NotAnAnswer { kind, .. } if rules.lang() != crate::rules::ENGLISH => rules
                .ui(match kind {
                    QuestionKind::Country => "refused_country",
                    QuestionKind::Number => "refused_number",
                    QuestionKind::Url => "refused_url",
                    QuestionKind::Email => "refused_email",
                    QuestionKind::Phone => "refused_phone",
                    QuestionKind::Text => "refused_text",
                    QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::MultiChoice => {
                        "refused_choice"
                    }
                })
                .to_string(),
            Refusal::NotAnAnswer { message, help, .. } => {
                let mut text = rules.ui_fill("not_right", &[("problem", message)]);
                if let Some(help) = help {
                    text.push(' ');
                    text.push_str(&capitalise(help));
                    if !text.ends_with('.') {
                        text.push('.');
                    }
                }
                text.replace('`', "")
            }
            Refusal::NothingChosen => {
                rules.ui_fill("tick_at_least_one", &[("dont_know", rules.ui("dont_know"))])
            }
            Refusal::DontKnowWithOthers => rules.ui("refused_dont_know_with_others").to_string(),
            Refusal::OneOnly => rules.ui("refused_one_only").to_string(),
            Refusal::AtFirstQuestion => rules.ui("first_question").to_string(),
            Refusal::NotInReview(_) | Refusal::NotNow => rules.ui("refused_not_now").to_string(),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a question stands, given the answers so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// Answered before the session: never asked, not counted.
    Given,
    /// Answered in this session, and it applies (or may, once questions
    /// before it are answered).
    Answered,
    /// Answered, but no longer applies (a follow-up whose parent changed).
    Stale,
    /// Applies and has no answer: to be asked.
    Pending,
    /// May apply once earlier questions are answered.
    Maybe,
    /// Does not apply.
    Skipped,
}

impl Status {
    /// Whether the question counts in the progress total.
    fn counted(self) -> bool {
        matches!(self, Status::Answered | Status::Pending | Status::Maybe)
    }
}

impl<'r> Session<'r> {
    /// A session over `rules`, with the answers already given (from flags or
    /// a file: never asked). It ends with a review of the answers.
    pub fn new(rules: &'r RuleSet, given: Answers) -> Session<'r> {
        Session {
            rules,
            given: given
                .iter()
                .map(|(id, _)| Text::from(id.to_string()))
                .collect(),
            answers: given,
            changing: None,
            previous: TextMap::new(),
            review: true,
            finished: false,
        }
    }

    /// A session whose state is `answers` alone, as a gateway keeps it: every
    /// answer can be gone back to, and it ends at the last question, with no
    /// review.
    pub fn resume(rules: &'r RuleSet, answers: Answers) -> Session<'r> {
        Session {
            rules,
            given: Vec::new(),
            answers,
            changing: None,
            previous: TextMap::new(),
            review: false,
            finished: false,
        }
    }

    /// The session with the review before the end: for a front end that
    /// keeps only the answers, as [`Session::resume`] does, and still shows
    /// the review (the web page).
    pub fn with_review(mut self) -> Session<'r> {
        self.review = true;
        self
    }

    /// Places the person at question `id`, answered or still to be asked, as
    /// a change from the review is: it is asked with its answer as the
    /// starting choice, and once it is answered the session goes on as
    /// before (to the next question left, or the review). A front end that
    /// keeps only the answers and where the person is calls this first, to
    /// show the same step again. A question that does not apply now is
    /// refused, and nothing changes.
    pub fn place(&mut self, id: &str) -> Result<(), Refusal> {
        let statuses = self.statuses();
        match self.rules.question_slot(id) {
            Some(at) if matches!(statuses[at], Status::Answered | Status::Pending) => {
                self.changing = Some(self.rules.questions[at].id.clone());
                Ok(())
            }
            _ => Err(Refusal::NotInReview(id.to_string())),
        }
    }

    /// The question answered in this session last before question `before`
    /// (before the end, with `None`): where "back" leads a front end that
    /// walks through the answers without taking them back. `None` at the
    /// first question.
    pub fn answered_before(&self, before: Option<&str>) -> Option<&'r str> {
        let statuses = self.statuses();
        let end = before
            .and_then(|id| self.rules.question_slot(id))
            .unwrap_or(statuses.len());
        statuses[..end]
            .iter()
            .rposition(|status| *status == Status::Answered)
            .map(|at| self.rules.questions[at].id.as_str())
    }

    /// The first question after question `after` that applies, answered or
    /// still to be asked: where a front end walking forward through the
    /// answers goes next. `None` when no question after it applies.
    pub fn applying_after(&self, after: &str) -> Option<&'r str> {
        let statuses = self.statuses();
        let start = self.rules.question_slot(after)? + 1;
        statuses
            .get(start..)?
            .iter()
            .position(|status| matches!(status, Status::Answered | Status::Pending))
            .map(|at| self.rules.questions[start + at].id.as_str())
    }

    /// The rule set asked from.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// The answers so far (those given first included). Once the session is
    /// done, answers to questions that no longer apply have been dropped.
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// The answers, to assess.
    pub fn into_answers(self) -> Answers {
        self.answers
    }

    /// Whether any question is left for the session to ask: `false` when
    /// every question that applies was given before it started.
    pub fn has_questions(&self) -> bool {
        self.statuses().iter().any(|status| status.counted())
    }

    /// Each question's status, in the rule set's order. `ask_if` names only
    /// questions before its own (the rule set's validation checks it), so
    /// one pass in order knows which earlier questions are still open.
    fn statuses(&self) -> Vec<Status> {
        let effective = self.answers.with_defaults(self.rules);
        let mut open: Vec<&str> = Vec::new();
        let mut statuses = Vec::with_capacity(self.rules.questions.len());
        for question in &self.rules.questions {
            let status = if self.given.contains(&question.id) {
                Status::Given
            } else {
                let truth = question.ask_if.as_ref().map_or(Truth::True, |condition| {
                    decide(condition, &effective, &open)
                });
                let waits = question.ask_if.as_ref().is_some_and(|condition| {
                    condition.questions().iter().any(|q| open.contains(q))
                });
                let answered = self.answers.get(&question.id).is_some();
                match (truth, answered) {
                    (Truth::True, true) => Status::Answered,
                    (Truth::True, false) => Status::Pending,
                    (Truth::Undecided, true) if waits => Status::Answered,
                    (Truth::Undecided, false) if waits => Status::Maybe,
                    (_, true) => Status::Stale,
                    (_, false) => Status::Skipped,
                }
            };
            if matches!(status, Status::Pending | Status::Maybe) {
                open.push(&question.id);
            }
            statuses.push(status);
        }
        statuses
    }

    /// What to show now.
    pub fn step(&self) -> Step<'r> {
        if self.finished {
            return Step::Done;
        }
        let statuses = self.statuses();
        let at = match &self.changing {
            Some(id) => self.rules.question_slot(id),
            None => statuses.iter().position(|s| *s == Status::Pending),
        };
        match at {
            Some(at) => Step::Ask(self.ask(at, &statuses)),
            None if self.review => Step::Review(self.review_items(&statuses)),
            None => Step::Done,
        }
    }

    fn ask(&self, at: usize, statuses: &[Status]) -> Ask<'r> {
        let question = &self.rules.questions[at];
        let counted = |range: &[Status]| range.iter().filter(|s| s.counted()).count();
        let progress = Progress {
            number: counted(&statuses[..at]) + 1,
            total: counted(statuses).max(counted(&statuses[..at]) + 1),
        };
        let current = self
            .answers
            .get(&question.id)
            .or_else(|| self.previous.get(question.id.as_str()))
            .cloned();
        Ask {
            question,
            section: self.rules.section_title(&question.section),
            progress,
            options: options(self.rules, question),
            current,
            changing: self.changing.is_some(),
        }
    }

    fn review_items(&self, statuses: &[Status]) -> Vec<ReviewItem<'r>> {
        self.rules
            .questions
            .iter()
            .zip(statuses)
            .filter(|(_, status)| **status == Status::Answered)
            .map(|(question, _)| ReviewItem {
                question,
                answer: describe(self.rules, question, self.answers.get(&question.id)),
            })
            .collect()
    }

    /// Takes what the person did at the current step. On a refusal nothing
    /// changes: show the same step again with the refusal's message.
    pub fn answer(&mut self, input: Input) -> Result<(), Refusal> {
        match self.step() {
            Step::Ask(ask) => self.answer_question(&ask, input),
            Step::Review(items) => self.answer_review(&items, input),
            Step::Done => Err(Refusal::NotNow),
        }
    }

    fn answer_question(&mut self, ask: &Ask<'r>, input: Input) -> Result<(), Refusal> {
        let question = ask.question;
        let answer = match input {
            Input::Back => return self.back(Some(&question.id)),
            Input::Change(_) | Input::Finish => return Err(Refusal::NotNow),
            Input::DontKnow => Answer::DontKnow,
            Input::Answer(answer) => answer,
            Input::Choose(number) => chosen(ask, &[number])?,
            Input::ChooseMany(numbers) => chosen(ask, &numbers)?,
            Input::Value(text) => {
                parse_typed(self.rules, question, &text).map_err(|(message, help)| {
                    Refusal::NotAnAnswer {
                        kind: question.kind,
                        message,
                        help,
                    }
                })?
            }
        };
        self.answers.set(&question.id, answer);
        self.previous.remove(question.id.as_str());
        self.changing = None;
        Ok(())
    }

    fn answer_review(&mut self, items: &[ReviewItem<'r>], input: Input) -> Result<(), Refusal> {
        match input {
            Input::Finish => {
                self.finish();
                Ok(())
            }
            Input::Back => self.back(None),
            Input::Change(id) => match items.iter().find(|item| item.question.id == id) {
                Some(item) => {
                    self.changing = Some(item.question.id.clone());
                    Ok(())
                }
                None => Err(Refusal::NotInReview(id)),
            },
            _ => Err(Refusal::NotNow),
        }
    }

    /// Back from the question `from` (or from the review): a change returns
    /// to the review; otherwise the last question answered before it is
    /// asked again, its answer kept as the starting choice.
    fn back(&mut self, from: Option<&str>) -> Result<(), Refusal> {
        if self.changing.take().is_some() {
            return Ok(());
        }
        let statuses = self.statuses();
        let end = from
            .and_then(|id| self.rules.question_slot(id))
            .unwrap_or(statuses.len());
        let last = statuses[..end]
            .iter()
            .rposition(|status| *status == Status::Answered)
            .ok_or(Refusal::AtFirstQuestion)?;
        let id = self.rules.questions[last].id.clone();
        if let Some(answer) = self.answers.get(&id).cloned() {
            self.previous.insert(id.clone(), answer);
        }
        self.answers.remove(&id);
        Ok(())
    }

    /// Ends the session: answers to questions that no longer apply are
    /// dropped, so they are not assessed.
    fn finish(&mut self) {
        let statuses = self.statuses();
        for (question, status) in self.rules.questions.iter().zip(statuses) {
            if status == Status::Stale {
                self.answers.remove(&question.id);
            }
        }
        self.finished = true;
    }

    /// Ends a session that has no review once no question is left; the same
    /// as [`Input::Finish`] at the review.
    pub fn finish_if_done(&mut self) {
        if !self.finished && matches!(self.step(), Step::Done | Step::Review(_)) {
            self.finish();
        }
    }

    /// Ends the session now, with any questions left unanswered (the web
    /// page's report from a pasted message alone): as [`Input::Finish`] at
    /// the review, answers to questions that no longer apply are dropped.
    pub fn end(&mut self) {
        if !self.finished {
            self.finish();
        }
    }

    /// Opens a finished session again at its review, to change an answer
    /// after the report was shown (the terminal's menu under the summary);
    /// finishing it again gives the answers to assess anew. A session without
    /// a review (see [`Session::resume`]) stays as it is.
    pub fn reopen(&mut self) {
        if self.review {
            self.finished = false;
        }
    }
}

/// The options of a question: yes and no, or its choices; "don't know" last.
fn options(rules: &RuleSet, question: &Question) -> Vec<Choice> {
    let mut options: Vec<(String, String, Option<String>)> = match question.kind {
        QuestionKind::YesNo => vec![
            ("yes".into(), rules.ui("yes").into(), None),
            ("no".into(), rules.ui("no").into(), None),
        ],
        QuestionKind::Choice | QuestionKind::MultiChoice => question
            .choices
            .iter()
            .map(|c| {
                let short = c.short.as_ref().map(|short| short.to_string());
                (c.id.to_string(), c.label.to_string(), short)
            })
            .collect(),
        _ => return Vec::new(),
    };
    options.push((DONT_KNOW_ID.into(), rules.ui("dont_know").into(), None));
    options
        .into_iter()
        .enumerate()
        .map(|(i, (id, label, short))| Choice {
            number: i + 1,
            id,
            label,
            short,
        })
        .collect()
}

/// The answer that options `numbers` stand for.
fn chosen(ask: &Ask<'_>, numbers: &[usize]) -> Result<Answer, Refusal> {
    let count = ask.options.len();
    if count == 0 {
        return Err(Refusal::NotNow);
    }
    let mut ids: Vec<&str> = Vec::new();
    for &number in numbers {
        let option = number
            .checked_sub(1)
            .and_then(|at| ask.options.get(at))
            .ok_or(Refusal::NoSuchOption { number, count })?;
        if !ids.contains(&option.id.as_str()) {
            ids.push(&option.id);
        }
    }
    let dont_know = ids.contains(&DONT_KNOW_ID);
    match (ask.question.kind, ids.as_slice()) {
        (_, []) => Err(Refusal::NothingChosen),
        (_, [DONT_KNOW_ID]) => Ok(Answer::DontKnow),
        (_, _) if dont_know => Err(Refusal::DontKnowWithOthers),
        (QuestionKind::YesNo, [id]) => Ok(Answer::Known(if *id == "yes" {
            Value::Yes
        } else {
            Value::No
        })),
        (QuestionKind::MultiChoice, ids) => Ok(Answer::Known(Value::Choices(
            ids.iter().map(|id| choice_text(ask.question, id)).collect(),
        ))),
        (_, [id]) => Ok(Answer::Known(Value::Choice(choice_text(ask.question, id)))),
        (_, _) => Err(Refusal::OneOnly),
    }
}

/// The question's own copy of a choice id, so no string is copied.
fn choice_text(question: &Question, id: &str) -> Text {
    question
        .choices
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| Text::from(id.to_string()), |c| c.id.clone())
}

/// An answer in words, for the review.
pub fn describe(rules: &RuleSet, question: &Question, answer: Option<&Answer>) -> String {
    match answer {
        Some(Answer::Known(value)) => value.describe(question, rules),
        Some(Answer::DontKnow) => rules.ui("dont_know").to_lowercase(),
        None => rules.ui("not_answered").into(),
    }
}

/// A condition decided as [`Condition::eval`] does, except that a test on a
/// question still `open` (to be asked, or that may be) is undecided whatever
/// it tests: "not answered yet" is not "don't know".
fn decide(condition: &Condition, answers: &Answers, open: &[&str]) -> Truth {
    match condition {
        Condition::All(parts) => Truth::all(parts.iter().map(|p| decide(p, answers, open))),
        Condition::Any(parts) => Truth::any(parts.iter().map(|p| decide(p, answers, open))),
        Condition::Not(inner) => decide(inner, answers, open).negate(),
        Condition::Test { question, .. } if open.contains(&question.as_str()) => Truth::Undecided,
        other => other.eval(answers),
    }
}

#[cfg(test)]
mod tests;

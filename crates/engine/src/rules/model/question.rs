//! Questions, their sections, kinds and choices.

use serde::Serialize;

use crate::rules::{Condition, Text};

/// A group of questions asked together.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// Stable id.
    pub id: Text,
    /// Title shown to the user.
    pub title: Text,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// `yes`, `no` (or `unknown`).
    YesNo,
    /// One choice id.
    Choice,
    /// A list of choice ids.
    MultiChoice,
    /// An ISO 3166-1 alpha-2 code or an English country name.
    Country,
    /// A non-negative number.
    Number,
    /// Free text.
    Text,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

impl QuestionKind {
    /// The word used in rule files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Choice => "choice",
            QuestionKind::MultiChoice => "multi_choice",
            QuestionKind::Country => "country",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
            QuestionKind::Url => "url",
            QuestionKind::Email => "email",
            QuestionKind::Phone => "phone",
        }
    }

    /// Whether the question offers choices.
    pub fn has_choices(self) -> bool {
        matches!(self, QuestionKind::Choice | QuestionKind::MultiChoice)
    }
}

/// One possible answer to a choice question.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ChoiceOption {
    /// Stable snake_case id (the value in answers files and flags).
    pub id: Text,
    /// Plain label shown to the user.
    pub label: Text,
    /// A shorter label for SMS and USSD, where every character costs
    /// (`short` in the rule data); the label when there is none.
    #[serde(default)]
    pub short: Option<Text>,
    /// The choice's rank by risk among the question's choices (`risk` in the
    /// rule data): a higher rank is the riskier answer, and equal ranks are
    /// not ordered against each other. In a multiple choice, a tick of rank 1
    /// or more is a warning side and 0 is neutral.
    pub risk: u32,
}

/// A question, asked interactively or answered with a flag or file key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    /// Stable snake_case id; the flag is the kebab-case form.
    pub id: Text,
    /// Section id.
    pub section: Text,
    /// Kind of answer.
    pub kind: QuestionKind,
    /// The question as asked.
    pub prompt: Text,
    /// Help text shown on demand.
    pub help: Text,
    /// Choices, for choice kinds.
    pub choices: Vec<ChoiceOption>,
    /// Asked only when this holds.
    pub ask_if: Option<Condition>,
    /// The answer assumed when none is given.
    pub default: Option<crate::answer_set::Value>,
    /// Which of its answers are the riskier ones (SPEC.md principle 8): the
    /// rules must never score a riskier answer lower, and a property test
    /// holds them to it.
    pub risk: Risk,
    /// When the rules judge a given answer to this question (`judged_if`):
    /// an answer given when this does not hold is reported as not judged,
    /// with [`Question::not_judged`], rather than silently passed over.
    pub judged_if: Option<Condition>,
    /// What the report says when an answer was not judged.
    pub not_judged: Text,
    /// For an amount: the words and signs of the money it is asked in
    /// (`ksh`, `sh`, `bob`), lowercase, which may stand before or after the
    /// number ("KSh 150,000", "150,000 bob"). Another currency the lists
    /// know is refused rather than read as this one.
    pub currency: Vec<Text>,
}

/// How the answers of a question rank by risk, as the rule data states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Risk {
    /// Not ranked: countries, the details that are evidence (the advert,
    /// the recruiter's contacts), where giving one is itself never allowed
    /// to lower the result, and yes/no questions whose rule data does not say
    /// `risky`.
    Unranked,
    /// A yes/no question whose warning side is `yes` (`risky = "yes"`) or
    /// `no`; "don't know" sits between the two.
    YesNo {
        /// Whether "yes" is the riskier answer.
        yes_is_risky: bool,
    },
    /// A choice question: each choice's [`ChoiceOption::risk`], and the rank
    /// of "don't know" among them if the data gives one (`dont_know_risk`).
    Ranked {
        /// The rank of "don't know", if it has one.
        dont_know: Option<u32>,
    },
    /// A number where a larger one is riskier (`risky = "higher"`).
    Higher,
}

impl Question {
    /// The command-line flag for this question, without the leading dashes.
    pub fn flag(&self) -> String {
        self.id.replace('_', "-")
    }

    /// The label of a choice id, if the question has it.
    pub fn choice_label(&self, id: &str) -> Option<&str> {
        self.choices
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.as_str())
    }
}

//! The report: one serialisable model of an assessment, rendered as text
//! ([`text`]), JSON ([`json`]) or markdown ([`markdown`]), and summed up on
//! one screen ([`summary`]). The human-readable formats show the findings
//! grouped by what was seen ([`groups`]) and share their words ([`words`]);
//! the JSON lists every finding as it is. Rules themselves in words
//! (`offercheck explain`, `rules list`) are in [`explain`].

pub mod explain;
pub mod groups;
pub mod htcds;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod text;
pub mod words;

use serde::Serialize;

pub use explain::{AskedQuestion, Explanation, RuleList, RuleSummary};

use crate::answers::Value;
use crate::rules::{Channel, Level, RuleSetMeta, Source, Text, Thresholds};

/// Version of the JSON report's shape. Raised only for breaking changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Version of this shape.
    pub schema_version: u32,
    /// The rule set used.
    pub ruleset: RuleSetMeta,
    /// The overall level.
    pub level: Level,
    /// How the level was reached.
    pub level_reason: LevelReason,
    /// Critical rules that forced the level, if any.
    pub forced_by: Vec<String>,
    /// Sum of the points of every finding.
    pub score: u32,
    /// The thresholds the score was compared with.
    pub thresholds: Thresholds,
    /// Warning signs found, most serious first.
    pub findings: Vec<Finding>,
    /// How many rules could be checked.
    pub checks: Checks,
    /// Whether enough questions were answered for the result to mean much.
    pub complete: bool,
    /// How many of the questions that apply were answered.
    pub coverage: Coverage,
    /// What the checks of the agency's name and licence number found, when
    /// either was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<crate::signals::agency::AgencySection>,
    /// Questions that apply but were not answered, or answered "don't know".
    pub unanswered: Vec<String>,
    /// The subset of `unanswered` answered "don't know".
    pub dont_know: Vec<String>,
    /// Answers given that the rules did not judge (a question's `judged_if`
    /// did not hold), each with what the person is told.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_judged: Vec<NotJudged>,
    /// Questions not answered whose default was used (such as `origin`).
    pub defaulted: Vec<String>,
    /// The answers assessed, defaults included, by question id.
    pub answers: serde_json::Map<String, serde_json::Value>,
    /// Official channels for the origin and destination, those the findings
    /// refer to first, each with why it is listed.
    pub channels: Vec<ListedChannel>,
    /// The language of the texts (`en`, `sw`); ids and keys are always English.
    pub lang: String,
}

/// An official channel in a report, with why it is listed.
#[derive(Debug, Clone, Serialize)]
pub struct ListedChannel {
    /// The channel (its keys are the JSON object's keys).
    #[serde(flatten)]
    pub channel: Channel,
    /// The findings that refer to it, or one general reason when none does.
    pub reasons: Vec<Reason>,
}

/// Why a channel is listed in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A finding whose rule refers to this kind of channel.
    Finding {
        /// Rule id.
        rule: Text,
        /// The rule's title.
        title: Text,
    },
    /// No finding refers to it: listed for everyone from the origin.
    General {
        /// Plain words, such as "general: verify the agency before you pay".
        text: String,
    },
}

/// How the level was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelReason {
    /// The score against the thresholds.
    Score,
    /// A critical rule fired.
    CriticalRule,
}

/// One warning sign found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Rule id.
    pub rule: Text,
    /// Short title.
    pub title: Text,
    /// How serious the sign is on its own.
    pub severity: Level,
    /// The rule's points. They are added to the score unless
    /// [`Finding::counted_with`] names another finding.
    pub points: u32,
    /// Whether it forces the critical level.
    pub critical: bool,
    /// The fact the rule is about, when other rules see the same fact from
    /// other evidence (the advert's words and the person's answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<Text>,
    /// The rule whose points count for this finding's fact, when it is not
    /// this one: a fact counts once, with its heaviest sign's points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_with: Option<Text>,
    /// Why it matters.
    pub why: Text,
    /// What to do.
    pub advice: Text,
    /// Public sources.
    pub sources: Vec<Source>,
    /// What the checks on the recruiter's details or the advert found, quoted.
    pub quotes: Vec<String>,
    /// The answers the rule looked at.
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// The points this finding adds to the score: its rule's, or none when
    /// its fact is counted with another finding.
    pub fn counted_points(&self) -> u32 {
        if self.counted_with.is_some() {
            0
        } else {
            self.points
        }
    }
}

/// An answer given that the rules did not judge.
#[derive(Debug, Clone, Serialize)]
pub struct NotJudged {
    /// Question id.
    pub question: String,
    /// Why it was not judged, in the report's language.
    pub why: Text,
}

/// An answer a finding rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Question id.
    pub question: String,
    /// The answer, as in an answers file (`"unknown"` when not answered).
    #[serde(serialize_with = "serialize_answer")]
    pub answer: Option<Value>,
}

/// How many of the questions that apply were answered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Questions that apply (follow-ups only when their condition holds; defaults not counted).
    pub questions: u32,
    /// Of those, answered with something other than "don't know".
    pub answered: u32,
    /// The fraction needed for a complete result (from the rule set).
    pub minimum: f64,
}

/// How many rules could be checked with the answers given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Checks {
    /// Rules in the rule set.
    pub total: u32,
    /// Rules decided (found or not found).
    pub made: u32,
    /// Rules that could not be decided for lack of answers.
    pub not_made: u32,
    /// Their ids.
    pub not_made_rules: Vec<String>,
}

fn serialize_answer<S: serde::Serializer>(
    answer: &Option<Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match answer {
        Some(value) => value.to_json().serialize(serializer),
        None => serializer.serialize_str("unknown"),
    }
}

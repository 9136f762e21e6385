//! The plain words every human-readable format shares (text and markdown):
//! the headline, the intro to the unanswered questions, the next steps, the
//! level words and what each kind of office is for. They are built once here,
//! from the rule set's interface wording (`rules/ui.toml` and its
//! translations), so a terminal report and a printed one say the same thing
//! in the same language.

use super::{LevelReason, Report};
use crate::rules::{Channel, Level, Purpose, RuleSet};

/// The line under a finding's title after its level: the points it adds
/// and its rule, or the rule its fact is counted with.
pub fn finding_meta(rules: &RuleSet, finding: &super::Finding) -> String {
    match &finding.counted_with {
        Some(other) => rules.ui_fill(
            "finding_meta_counted",
            &[("other", other), ("rule", &finding.rule)],
        ),
        None => rules.ui_fill(
            "finding_meta",
            &[
                ("points", &finding.points.to_string()),
                ("rule", &finding.rule),
            ],
        ),
    }
}

/// The opening of a report: a title in capitals, a summary, and the facts
/// behind the level (score, thresholds, checks made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// Short title in capitals, such as `DANGER: DO NOT PAY, SIGN OR TRAVEL`.
    pub title: String,
    /// One or two sentences on what was found.
    pub summary: String,
    /// The level, the score and thresholds, and the checks made.
    pub facts: String,
}

/// The word for a level, in the rule set's language.
pub fn level_word(rules: &RuleSet, level: Level) -> &str {
    rules.ui(match level {
        Level::Low => "level_low",
        Level::Medium => "level_medium",
        Level::High => "level_high",
        Level::Critical => "level_critical",
    })
}

/// For a channel with no contact detail of its own (`reach_via`): which
/// channel to ask for its contact details, in the rule set's language.
pub fn reach_via(rules: &RuleSet, channel: &Channel) -> Option<String> {
    let via = channel.reach_via.as_deref()?;
    let name = rules
        .channels
        .iter()
        .find(|other| other.id == via)
        .map_or(via, |other| other.name.as_str());
    Some(rules.ui_fill("channel_reach_via", &[("via", name)]))
}

/// The plain words for what a channel is for, in the rule set's language.
pub fn purpose_words(rules: &RuleSet, purpose: Purpose) -> &str {
    rules.ui(match purpose {
        Purpose::VerifyAgency => "purpose_verify_agency",
        Purpose::VerifyContract => "purpose_verify_contract",
        Purpose::Advice => "purpose_advice",
        Purpose::Report => "purpose_report",
        Purpose::HelpAbroad => "purpose_help_abroad",
        Purpose::Emergency => "purpose_emergency",
    })
}

/// The headline of a report. Never calls an offer safe.
pub fn headline(report: &Report, rules: &RuleSet) -> Headline {
    let found = report.findings.len();
    let checks = &report.checks;
    let signs = rules.ui_count("warning_signs", found);
    let made = checks.made.to_string();
    let total = checks.total.to_string();
    let (title, summary) = match report.level {
        Level::Critical => (
            "headline_critical",
            match report.level_reason {
                LevelReason::CriticalRule => rules.ui_fill(
                    "summary_critical_rule",
                    &[("rules", &report.forced_by.join(", ")), ("signs", &signs)],
                ),
                LevelReason::Score => rules.ui_fill("summary_critical_score", &[("signs", &signs)]),
            },
        ),
        Level::High => (
            "headline_high",
            rules.ui_fill("summary_high", &[("signs", &signs)]),
        ),
        Level::Medium => (
            "headline_medium",
            rules.ui_fill("summary_medium", &[("signs", &signs)]),
        ),
        Level::Low if !report.complete => {
            let among = if found == 0 {
                rules.ui("incomplete_none_found").to_string()
            } else {
                rules.ui_count("incomplete_found", found)
            };
            (
                "headline_incomplete",
                rules.ui_fill(
                    "summary_incomplete",
                    &[
                        ("answered", &report.coverage.answered.to_string()),
                        ("questions", &report.coverage.questions.to_string()),
                        ("not_made", &checks.not_made.to_string()),
                        ("total", &total),
                        ("found", &among),
                    ],
                ),
            )
        }
        Level::Low if found == 0 => (
            "headline_low_none",
            rules.ui_fill("summary_low_none", &[("made", &made)]),
        ),
        Level::Low => (
            "headline_low_few",
            rules.ui_fill(
                "summary_low_few",
                &[
                    ("signs", &rules.ui_count("minor_signs", found)),
                    ("made", &made),
                ],
            ),
        ),
    };
    let forced = if report.level_reason == LevelReason::CriticalRule {
        rules.ui("facts_forced")
    } else {
        ""
    };
    // Rule-file texts are trimmed when loaded, so the separating space is added here.
    let more = if report.level != Level::Low && !report.complete {
        format!(" {}", rules.ui("facts_maybe_higher"))
    } else {
        String::new()
    };
    let facts = rules.ui_fill(
        "facts",
        &[
            ("level", level_word(rules, report.level)),
            ("score", &report.score.to_string()),
            ("medium", &report.thresholds.medium.to_string()),
            ("high", &report.thresholds.high.to_string()),
            ("critical", &report.thresholds.critical.to_string()),
            ("forced", forced),
            ("made", &made),
            ("total", &total),
            ("more", &more),
        ],
    );
    Headline {
        title: rules.ui(title).to_string(),
        summary,
        facts,
    }
}

/// The sentence before the list of questions not answered.
pub fn unanswered_intro(report: &Report, rules: &RuleSet) -> String {
    let questions = rules.ui_count("questions_were", report.unanswered.len());
    if report.checks.not_made == 0 {
        rules.ui_fill("unanswered_intro_all_made", &[("questions", &questions)])
    } else {
        let checks = rules.ui_count("checks", report.checks.not_made as usize);
        rules.ui_fill(
            "unanswered_intro",
            &[("questions", &questions), ("checks", &checks)],
        )
    }
}

/// One thing to do next, said in full in the report ([`NextStep::key`]) and
/// in a few words on the one-screen summary ([`NextStep::short_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Pay, sign and travel nothing until an office has checked the offer.
    Stop,
    /// Money already paid: keep the proof and report it.
    AlreadyPaid,
    /// Check the agency and the contract first.
    CheckFirst,
    /// Find out the answers that were not known.
    FindAnswers,
    /// Keep copies; tell someone where you are going.
    KeepCopies,
}

impl NextStep {
    /// The `ui` key of the step in full.
    pub fn key(self) -> &'static str {
        match self {
            NextStep::Stop => "step_stop",
            NextStep::AlreadyPaid => "step_already_paid",
            NextStep::CheckFirst => "step_check_first",
            NextStep::FindAnswers => "step_find_answers",
            NextStep::KeepCopies => "step_keep_copies",
        }
    }

    /// The `ui` key of the step in a few words, for a summary.
    pub fn short_key(self) -> &'static str {
        match self {
            NextStep::Stop => "now_stop",
            NextStep::AlreadyPaid => "now_already_paid",
            NextStep::CheckFirst => "now_check_first",
            NextStep::FindAnswers => "now_find_answers",
            NextStep::KeepCopies => "now_keep_copies",
        }
    }
}

/// What to do next, most urgent first.
pub fn next_step_list(report: &Report) -> Vec<NextStep> {
    let mut steps = Vec::with_capacity(4);
    if report.level >= Level::High {
        steps.push(NextStep::Stop);
        steps.push(NextStep::AlreadyPaid);
    } else {
        steps.push(NextStep::CheckFirst);
    }
    if !report.unanswered.is_empty() {
        steps.push(NextStep::FindAnswers);
    }
    steps.push(NextStep::KeepCopies);
    steps
}

/// What to do next, most urgent first, in full words.
pub fn next_steps<'r>(report: &Report, rules: &'r RuleSet) -> Vec<&'r str> {
    next_step_list(report)
        .into_iter()
        .map(|step| rules.ui(step.key()))
        .collect()
}

/// [`RuleSet::ui_fill`] of the singular or plural form of `key` (`key_one`
/// or `key_many`, as [`RuleSet::ui_count`] chooses), with `{count}` and
/// the other values filled in.
pub fn ui_count_fill(rules: &RuleSet, key: &str, count: usize, values: &[(&str, &str)]) -> String {
    let form = if count == 1 { "one" } else { "many" };
    let count = count.to_string();
    let mut all = Vec::with_capacity(values.len() + 1);
    all.push(("count", count.as_str()));
    all.extend_from_slice(values);
    rules.ui_fill(&format!("{key}_{form}"), &all)
}

/// What to say when the rule set has no channels for the person's country.
pub fn no_channels(report: &Report, rules: &RuleSet) -> String {
    let place = report
        .answers
        .get(crate::rules::contract::ORIGIN)
        .and_then(|v| v.as_str())
        .and_then(|code| rules.countries.find(code))
        .map_or(rules.ui("channels_your_country").to_string(), |c| {
            c.name_in(rules.lang()).to_string()
        });
    rules.ui_fill("channels_none", &[("place", &place)])
}

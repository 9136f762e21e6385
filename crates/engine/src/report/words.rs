//! The plain words every human-readable format shares (text and markdown):
//! the headline, the intro to the unanswered questions, the next steps, the
//! level words and what each kind of office is for. They are built once here,
//! from the rule set's interface wording (`rules/ui.toml` and its
//! translations), so a terminal report and a printed one say the same thing
//! in the same language.

use super::{LevelReason, Report};
use crate::rules::{Channel, Level, Purpose, RuleSet};

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

/// What to do next, most urgent first.
pub fn next_steps<'r>(report: &Report, rules: &'r RuleSet) -> Vec<&'r str> {
    let mut steps = Vec::new();
    if report.level >= Level::High {
        steps.push("step_stop");
        steps.push("step_already_paid");
    } else {
        steps.push("step_check_first");
    }
    if !report.unanswered.is_empty() {
        steps.push("step_find_answers");
    }
    steps.push("step_keep_copies");
    steps.into_iter().map(|key| rules.ui(key)).collect()
}

/// What to say when the rule set has no channels for the person's country.
pub fn no_channels(report: &Report, rules: &RuleSet) -> String {
    let place = report
        .answers
        .get("origin")
        .and_then(|v| v.as_str())
        .and_then(|code| rules.countries.find(code))
        .map_or(rules.ui("channels_your_country").to_string(), |c| {
            c.name.to_string()
        });
    rules.ui_fill("channels_none", &[("place", &place)])
}

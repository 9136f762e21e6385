//! The plain words every human-readable format shares (text and markdown):
//! the headline, the next steps, what each kind of office is for. They are
//! written once here so a terminal report and a printed one say the same.

use super::{LevelReason, Report};
use crate::rules::{Level, Purpose};

/// The opening of a report: a title in capitals, a summary, and the facts
/// behind the level (score, thresholds, checks made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// Short title in capitals, such as `DANGER: DO NOT PAY, SIGN OR TRAVEL`.
    pub title: &'static str,
    /// One or two sentences on what was found.
    pub summary: String,
    /// The level, the score and thresholds, and the checks made.
    pub facts: String,
}

/// `1 warning sign`, `2 warning signs`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The headline of a report. Never calls an offer safe.
pub fn headline(report: &Report) -> Headline {
    let found = report.findings.len();
    let checks = &report.checks;
    let (title, summary) = match report.level {
        Level::Critical => (
            "DANGER: DO NOT PAY, SIGN OR TRAVEL",
            match report.level_reason {
                LevelReason::CriticalRule => format!(
                    "This offer shows a warning sign that is serious enough on its own \
                     ({}), and {} in all.",
                    report.forced_by.join(", "),
                    plural(found, "warning sign", "warning signs")
                ),
                LevelReason::Score => format!(
                    "This offer shows {} of labour trafficking or a job scam.",
                    plural(found, "warning sign", "warning signs")
                ),
            },
        ),
        Level::High => (
            "HIGH RISK: SERIOUS WARNING SIGNS",
            format!(
                "This offer shows {}. Do not pay or sign anything until an official office \
                 has checked it.",
                plural(found, "warning sign", "warning signs")
            ),
        ),
        Level::Medium => (
            "CAUTION: WARNING SIGNS FOUND",
            format!(
                "This offer shows {}. Check it with an official office before you pay or sign.",
                plural(found, "warning sign", "warning signs")
            ),
        ),
        Level::Low if !report.complete => (
            "NOT ENOUGH INFORMATION TO JUDGE THIS OFFER",
            format!(
                "Only {} of the {} checks could be made, because many questions were not \
                 answered. {} This does not mean the offer is safe.",
                checks.made,
                checks.total,
                if found == 0 {
                    "No warning signs were found among them.".to_string()
                } else {
                    format!(
                        "{} found among them.",
                        plural(found, "warning sign was", "warning signs were")
                    )
                }
            ),
        ),
        Level::Low if found == 0 => (
            "NO WARNING SIGNS FOUND",
            format!(
                "No warning signs were found among the {} checks made. This does not mean \
                 the offer is safe: still verify it with the official offices below before \
                 you pay or sign.",
                checks.made
            ),
        ),
        Level::Low => (
            "FEW WARNING SIGNS FOUND",
            format!(
                "{} found among the {} checks made. This does not mean the offer is safe: \
                 still verify it with the official offices below before you pay or sign.",
                plural(found, "minor warning sign was", "minor warning signs were"),
                checks.made
            ),
        ),
    };
    let mut facts = format!(
        "Level: {} (score {}; medium from {}, high from {}, critical from {}",
        report.level.as_str(),
        report.score,
        report.thresholds.medium,
        report.thresholds.high,
        report.thresholds.critical
    );
    if report.level_reason == LevelReason::CriticalRule {
        facts.push_str("; a critical sign sets the level on its own");
    }
    facts.push_str(&format!(
        "). Checks made: {} of {}.",
        checks.made, checks.total
    ));
    if report.level != Level::Low && !report.complete {
        facts.push_str(" Many questions were not answered, so the real risk may be higher.");
    }
    Headline {
        title,
        summary,
        facts,
    }
}

/// The sentence before the list of questions not answered.
pub fn unanswered_intro(report: &Report) -> String {
    let count = report.unanswered.len();
    if report.checks.not_made == 0 {
        return format!(
            "{} answered \"don't know\" or left out.",
            plural(count, "question was", "questions were")
        );
    }
    format!(
        "{} answered \"don't know\" or left out, so {} could not be made. Find out the \
         answers if you can: the checks that could not be made are not a good sign or a \
         bad sign.",
        plural(count, "question was", "questions were"),
        plural(report.checks.not_made as usize, "check", "checks")
    )
}

/// What to do next, most urgent first.
pub fn next_steps(report: &Report) -> Vec<&'static str> {
    let mut steps: Vec<&str> = Vec::new();
    if report.level >= Level::High {
        steps.push(
            "Do not pay any more money, do not give anyone your passport, and do not travel \
             until an official office below has checked this offer.",
        );
        steps.push(
            "If you have already paid, keep the receipts and messages and report it to an \
             office below. Ask family or a friend to help you.",
        );
    } else {
        steps.push(
            "Before you pay or sign anything, check the agency and the contract with the \
             official offices below.",
        );
    }
    if !report.unanswered.is_empty() {
        steps.push("Find out the answers you did not know, and run this check again.");
    }
    steps.push(
        "Keep copies of every message, receipt, contract and ID you send or receive. \
         Tell someone you trust where you are going and who the employer is.",
    );
    steps
}

/// What an office is for, in words.
pub fn purpose_words(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::VerifyAgency => "check that an agency is licensed",
        Purpose::VerifyContract => "have the contract checked",
        Purpose::Advice => "advice before you accept",
        Purpose::Report => "report a recruiter or a crime",
        Purpose::HelpAbroad => "help while abroad",
        Purpose::Emergency => "urgent help",
    }
}

/// Said before the list of offices.
pub const CONTACT_YOURSELF: &str = "Contact them yourself using these details. Do not use \
     phone numbers or links given by the recruiter.";

/// Said when the rule set has no office for the person's country.
pub fn no_channels(place: &str) -> String {
    format!(
        "This rule set has no official contacts for {place} yet. Ask your government's \
         labour or foreign affairs ministry, or your country's embassy in the destination, \
         before you pay or sign."
    )
}

/// The last words of every report.
pub const CLOSING: &str = "offercheck looks only for known warning signs in your answers. \
     It cannot prove that an offer is genuine or safe, and it does not replace advice from \
     the official offices above.";

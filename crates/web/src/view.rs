//! The report as the page draws it: the verdict first in the words every
//! human-readable report uses (the engine's headline and next steps), the
//! signs as cards grouped by what was seen (the engine's groups), what the
//! agency checks found, the questions not answered, the official channels
//! with tap-to-call and e-mail links made only from their sourced contact
//! details, the closing words, a text to share, and the JSON report as
//! `offercheck check --format json` gives it.

use offercheck_engine::report::groups::group_findings;
use offercheck_engine::report::text::Paint;
use offercheck_engine::report::{Finding, Report, summary, words};
use offercheck_engine::rules::{Channel, Level, RuleSet};
use serde::Serialize;

/// The report, for the page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The level, as the JSON report has it (`low` … `critical`).
    pub level: Level,
    /// The verdict in a few words ("DANGER: DO NOT PAY, SIGN OR TRAVEL").
    pub title: String,
    /// One or two sentences on what was found; never that the offer is safe.
    pub summary: String,
    /// The level, score, thresholds and checks made, in words.
    pub facts: String,
    /// How many signs were found, in words ("26 warning signs").
    pub signs_heading: String,
    /// What to do next, most urgent first.
    pub steps: Vec<String>,
    /// The signs, grouped by the facts they rest on, most serious first.
    pub groups: Vec<GroupView>,
    /// What the checks of the agency's name and licence number found.
    pub agency: Vec<String>,
    /// Why some questions matter though not answered, when any were not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unanswered_intro: Option<String>,
    /// The questions not answered or answered "don't know".
    pub unanswered: Vec<String>,
    /// Who can check the offer or help, those the signs call for first.
    pub channels: Vec<ChannelView>,
    /// What the check can and cannot say.
    pub closing: String,
    /// The report in short as plain text, to share in a message.
    pub share_text: String,
    /// The report as `offercheck check --format json` gives it.
    pub json: Report,
}

/// Signs that rest on the same facts, with those facts once.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The answers the signs rest on: the question and the answer.
    pub said: Vec<Said>,
    /// The words found in the advert or the recruiter's details.
    pub found: Vec<String>,
    /// The signs, most serious first.
    pub findings: Vec<FindingView>,
}

/// One answer a sign rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Said {
    /// The question.
    pub question: String,
    /// The answer, in words.
    pub answer: String,
}

/// One sign, as a card.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// The rule id.
    pub rule: String,
    /// What was seen, in a few words.
    pub title: String,
    /// How serious it is on its own.
    pub severity: Level,
    /// That level in words ("Level: critical"), so no colour alone says it.
    pub severity_text: String,
    /// The points it adds and its rule, in words.
    pub meta: String,
    /// Why it matters.
    pub why: String,
    /// What to do.
    pub advice: String,
    /// Its public sources.
    pub sources: Vec<Link>,
}

/// A link: the words shown and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The words shown.
    pub text: String,
    /// The address (`https:`, `tel:` or `mailto:`).
    pub href: String,
}

/// An official channel.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    /// The channel's id.
    pub id: String,
    /// The office or service.
    pub name: String,
    /// What it is for, in words.
    pub purpose: String,
    /// When to use it.
    pub description: String,
    /// Its phone number as a `tel:` link, when a source states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Link>,
    /// Its e-mail address as a `mailto:` link, when a source states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Link>,
    /// Its web address, when a source states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<Link>,
    /// For an office with no contact detail of its own: whom to ask.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach_via: Option<String>,
    /// The source of its details, in words, and its address.
    pub source: Link,
}

/// The report of `report` (assessed with `rules`), for the page.
pub fn report(rules: &RuleSet, report: Report) -> ReportView {
    let headline = words::headline(&report, rules);
    let groups = group_findings(&report, rules)
        .iter()
        .map(|group| GroupView {
            said: group
                .answers
                .iter()
                .filter_map(|evidence| {
                    let question = rules.question(&evidence.question)?;
                    let answer = match &evidence.answer {
                        Some(value) => value.describe(question, rules),
                        None => rules.ui("answer_unknown").to_string(),
                    };
                    Some(Said {
                        question: question.prompt.to_string(),
                        answer,
                    })
                })
                .collect(),
            found: group.quotes.iter().map(|quote| quote.to_string()).collect(),
            findings: group
                .findings
                .iter()
                .map(|&index| finding(rules, &report.findings[index]))
                .collect(),
        })
        .collect();
    let count = report.findings.len();
    let signs_heading = if count == 0 {
        rules.ui("web_signs_none").to_string()
    } else {
        rules.ui_count("web_signs", count)
    };
    let unanswered = report
        .unanswered
        .iter()
        .filter_map(|id| rules.question(id))
        .map(|question| question.prompt.to_string())
        .collect::<Vec<_>>();
    let unanswered_intro =
        (!unanswered.is_empty()).then(|| words::unanswered_intro(&report, rules));
    let mut share_text = summary::render(&report, rules, Paint::new(false), SHARE_WIDTH);
    share_text.push('\n');
    share_text.push_str(rules.ui("closing"));
    ReportView {
        level: report.level,
        title: headline.title,
        summary: headline.summary,
        facts: headline.facts,
        signs_heading,
        steps: words::next_steps(&report, rules)
            .into_iter()
            .map(str::to_string)
            .collect(),
        groups,
        agency: report
            .agency
            .as_ref()
            .map(|section| section.lines.clone())
            .unwrap_or_default(),
        unanswered_intro,
        unanswered,
        channels: report
            .channels
            .iter()
            .map(|listed| channel(rules, &listed.channel))
            .collect(),
        closing: rules.ui("closing").to_string(),
        share_text,
        json: report,
    }
}

/// The width the shared text is wrapped to: a message app wraps it again
/// to the phone's width, so lines are kept long.
const SHARE_WIDTH: usize = 200;

fn finding(rules: &RuleSet, finding: &Finding) -> FindingView {
    FindingView {
        rule: finding.rule.to_string(),
        title: finding.title.to_string(),
        severity: finding.severity,
        severity_text: rules.ui_fill(
            "web_severity",
            &[("level", words::level_word(rules, finding.severity))],
        ),
        meta: words::finding_meta(rules, finding)
            .trim_start_matches(['·', ' '])
            .to_string(),
        why: finding.why.to_string(),
        advice: finding.advice.to_string(),
        sources: finding
            .sources
            .iter()
            .map(|source| Link {
                text: source.title.to_string(),
                href: source.url.to_string(),
            })
            .collect(),
    }
}

fn channel(rules: &RuleSet, channel: &Channel) -> ChannelView {
    ChannelView {
        id: channel.id.to_string(),
        name: channel.name.to_string(),
        purpose: words::purpose_words(rules, channel.purpose).to_string(),
        description: channel.description.to_string(),
        phone: channel.phone.as_ref().and_then(|phone| {
            let href = tel_href(phone)?;
            Some(Link {
                text: rules.ui_fill("web_call", &[("phone", phone)]),
                href,
            })
        }),
        email: channel.email.as_ref().map(|email| Link {
            text: rules.ui_fill("web_write", &[("email", email)]),
            href: format!("mailto:{email}"),
        }),
        web: channel.url.as_ref().map(|url| Link {
            text: rules.ui_fill("web_open", &[("url", url)]),
            href: url.to_string(),
        }),
        reach_via: words::reach_via(rules, channel),
        source: Link {
            text: rules.ui_fill(
                "web_source",
                &[
                    ("title", &channel.source.title),
                    ("checked", &channel.checked),
                ],
            ),
            href: channel.source.url.to_string(),
        },
    }
}

/// A `tel:` address for a phone number as a source states it ("(+974)
/// 4493 1870"): its digits, with the leading plus. `None` when it has no
/// digits, so no link is made from anything but a number.
pub fn tel_href(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let plus = if phone.trim_start_matches(['(', ' ']).starts_with('+') {
        "+"
    } else {
        ""
    };
    Some(format!("tel:{plus}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phone number as sources print it becomes a `tel:` address of its
    /// digits, the country code's plus kept; no digits, no link.
    #[test]
    fn tel_addresses_are_the_digits() {
        assert_eq!(
            tel_href("+254 20 785 5746").as_deref(),
            Some("tel:+254207855746")
        );
        assert_eq!(
            tel_href("(+974) 4493 1870").as_deref(),
            Some("tel:+97444931870")
        );
        assert_eq!(tel_href("0800 722 203").as_deref(), Some("tel:0800722203"));
        assert_eq!(tel_href("999").as_deref(), Some("tel:999"));
        assert_eq!(tel_href("ask the embassy"), None);
    }
}

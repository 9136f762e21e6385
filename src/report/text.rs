//! The text rendering of a report, for a person at an 80-column terminal:
//! the level first in plain words, then each warning sign, then what was not
//! answered, then whom to contact. Colour is added by the caller's stream
//! (anstream strips it when the output is not a terminal or NO_COLOR is set).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Finding, LevelReason, Report};
use crate::rules::{Channel, Level, Purpose, RuleSet};

/// Text is wrapped to this many columns.
pub const WIDTH: usize = 78;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn level_style(level: Level) -> Style {
    match level {
        Level::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Level::High => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Level::Medium => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Level::Low => BOLD,
    }
}

/// Wraps `text` to [`WIDTH`] with the given first-line and following indents.
pub(crate) fn wrap(text: &str, first: &str, rest: &str) -> String {
    // Never split words or hyphenated flags and addresses: people copy them.
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Writes the report as text. `rules` supplies question wording and choice labels.
pub fn write(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    headline(report, out)?;
    if report.findings.len() > 1 {
        writeln!(out, "\n{BOLD}IN SHORT{BOLD:#}")?;
        for finding in &report.findings {
            let style = level_style(finding.severity);
            let line = format!("{} ({})", finding.title, finding.severity.as_str());
            writeln!(out, "{style}{}{style:#}", wrap(&line, "- ", "  "))?;
        }
    }
    if !report.findings.is_empty() {
        writeln!(
            out,
            "\n{BOLD}WARNING SIGNS FOUND ({}){BOLD:#}",
            report.findings.len()
        )?;
        for (index, finding) in report.findings.iter().enumerate() {
            write_finding(index + 1, finding, rules, out)?;
        }
    }
    unanswered(report, rules, out)?;
    next_steps(report, out)?;
    channels(report, rules, out)?;
    writeln!(out)?;
    let closing = "offercheck looks only for known warning signs in your answers. It cannot \
         prove that an offer is genuine or safe, and it does not replace advice from the \
         official offices above.";
    writeln!(out, "{DIM}{}{DIM:#}", wrap(closing, "", ""))?;
    writeln!(
        out,
        "{DIM}Rules: {} {}.{DIM:#}",
        report.ruleset.name, report.ruleset.version
    )
}

fn headline(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let style = level_style(report.level);
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
    writeln!(out, "{style}{title}{style:#}")?;
    writeln!(out, "{}", wrap(&summary, "", ""))?;
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
    writeln!(out, "\n{}", wrap(&facts, "", ""))
}

fn write_finding(
    number: usize,
    finding: &Finding,
    rules: &RuleSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = level_style(finding.severity);
    let marker = format!("{number}. ");
    let indent = " ".repeat(marker.len());
    writeln!(out)?;
    writeln!(out, "{}", wrap(&finding.title, &marker, &indent))?;
    writeln!(
        out,
        "{indent}{style}{}{style:#} {DIM}· +{} points · rule {}{DIM:#}",
        finding.severity.as_str(),
        finding.points,
        finding.rule
    )?;
    let seen: Vec<String> = finding
        .evidence
        .iter()
        .filter_map(|evidence| {
            let question = rules.question(&evidence.question)?;
            let answer = match &evidence.answer {
                Some(value) => value.describe(question, rules),
                None => "don't know / not answered".into(),
            };
            Some(format!("{} {BOLD}{answer}{BOLD:#}", question.prompt))
        })
        .collect();
    if !seen.is_empty() {
        writeln!(out, "{indent}{BOLD}What you said:{BOLD:#}")?;
        for line in seen {
            writeln!(
                out,
                "{}",
                wrap(&line, &format!("{indent}- "), &format!("{indent}  "))
            )?;
        }
    }
    writeln!(out, "{indent}{BOLD}Why it matters:{BOLD:#}")?;
    writeln!(out, "{}", wrap(&finding.why, &indent, &indent))?;
    writeln!(out, "{indent}{BOLD}What to do:{BOLD:#}")?;
    writeln!(out, "{}", wrap(&finding.advice, &indent, &indent))?;
    let label = if finding.sources.len() == 1 {
        "Source:"
    } else {
        "Sources:"
    };
    writeln!(out, "{indent}{BOLD}{label}{BOLD:#}")?;
    for source in &finding.sources {
        writeln!(
            out,
            "{}",
            wrap(
                &source.title,
                &format!("{indent}- "),
                &format!("{indent}  ")
            )
        )?;
        writeln!(out, "{indent}  {}", source.url)?;
    }
    Ok(())
}

fn unanswered(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    if report.unanswered.is_empty() {
        return Ok(());
    }
    let count = report.unanswered.len();
    writeln!(out, "\n{BOLD}QUESTIONS NOT ANSWERED ({count}){BOLD:#}")?;
    let mut intro = format!(
        "{} answered \"don't know\" or left out, so {} could not be made. Find out the \
         answers if you can: the checks that could not be made are not a good sign or a \
         bad sign.",
        plural(count, "question was", "questions were"),
        plural(report.checks.not_made as usize, "check", "checks")
    );
    if report.checks.not_made == 0 {
        intro = format!(
            "{} answered \"don't know\" or left out.",
            plural(count, "question was", "questions were")
        );
    }
    writeln!(out, "{}", wrap(&intro, "", ""))?;
    for id in &report.unanswered {
        if let Some(question) = rules.question(id) {
            let line = format!("{} (--{})", question.prompt, question.flag());
            writeln!(out, "{}", wrap(&line, "- ", "  "))?;
        }
    }
    Ok(())
}

fn next_steps(report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
    writeln!(out, "\n{BOLD}WHAT TO DO NEXT{BOLD:#}")?;
    for step in steps {
        writeln!(out, "{}", wrap(step, "- ", "  "))?;
    }
    Ok(())
}

fn purpose_words(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::VerifyAgency => "check that an agency is licensed",
        Purpose::VerifyContract => "have the contract checked",
        Purpose::Advice => "advice before you accept",
        Purpose::Report => "report a recruiter or a crime",
        Purpose::HelpAbroad => "help while abroad",
        Purpose::Emergency => "urgent help",
    }
}

fn channels(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let origin = report
        .answers
        .get("origin")
        .and_then(|v| v.as_str())
        .and_then(|code| rules.countries.find(code));
    writeln!(out, "\n{BOLD}WHO CAN CHECK THIS OFFER OR HELP{BOLD:#}")?;
    if report.channels.is_empty() {
        let place = origin.map_or("your country".to_string(), |c| c.name.clone());
        let text = format!(
            "This rule set has no official contacts for {place} yet. Ask your government's \
             labour or foreign affairs ministry, or your country's embassy in the destination, \
             before you pay or sign."
        );
        return writeln!(out, "{}", wrap(&text, "", ""));
    }
    writeln!(
        out,
        "{}",
        wrap(
            "Contact them yourself using these details. Do not use phone numbers or \
             links given by the recruiter.",
            "",
            ""
        )
    )?;
    for channel in &report.channels {
        write_channel(channel, out)?;
    }
    Ok(())
}

fn write_channel(channel: &Channel, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        wrap(&format!("{BOLD}{}{BOLD:#}", channel.name), "- ", "  ")
    )?;
    writeln!(out, "  {DIM}For: {}{DIM:#}", purpose_words(channel.purpose))?;
    writeln!(out, "{}", wrap(&channel.description, "  ", "  "))?;
    if let Some(phone) = &channel.phone {
        writeln!(out, "  Phone: {phone}")?;
    }
    if let Some(email) = &channel.email {
        writeln!(out, "  E-mail: {email}")?;
    }
    if let Some(url) = &channel.url {
        writeln!(out, "  Web: {url}")?;
    }
    writeln!(
        out,
        "{DIM}{}{DIM:#}",
        wrap(
            &format!("Source: {} {}", channel.source.title, channel.source.url),
            "  ",
            "    "
        )
    )
}

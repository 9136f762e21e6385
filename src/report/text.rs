//! The text rendering of a report, for a person at an 80-column terminal:
//! the level first in plain words, then each warning sign, then what was not
//! answered, then whom to contact. Colour is added by the caller's stream
//! (anstream strips it when the output is not a terminal or NO_COLOR is set).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Finding, Report, words};
use crate::rules::{Channel, Level, RuleSet};

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
fn wrap(text: &str, first: &str, rest: &str) -> String {
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
    writeln!(out, "{DIM}{}{DIM:#}", wrap(words::CLOSING, "", ""))?;
    writeln!(
        out,
        "{DIM}Rules: {} {}.{DIM:#}",
        report.ruleset.name, report.ruleset.version
    )
}

fn headline(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let style = level_style(report.level);
    let headline = words::headline(report);
    writeln!(out, "{style}{}{style:#}", headline.title)?;
    writeln!(out, "{}", wrap(&headline.summary, "", ""))?;
    writeln!(out, "\n{}", wrap(&headline.facts, "", ""))
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
    let intro = words::unanswered_intro(report);
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
    writeln!(out, "\n{BOLD}WHAT TO DO NEXT{BOLD:#}")?;
    for step in words::next_steps(report) {
        writeln!(out, "{}", wrap(step, "- ", "  "))?;
    }
    Ok(())
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
        return writeln!(out, "{}", wrap(&words::no_channels(&place), "", ""));
    }
    writeln!(out, "{}", wrap(words::CONTACT_YOURSELF, "", ""))?;
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
    writeln!(
        out,
        "  {DIM}For: {}{DIM:#}",
        words::purpose_words(channel.purpose)
    )?;
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

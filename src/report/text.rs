//! The text rendering of a report, for a person at an 80-column terminal:
//! the level first in plain words, then each warning sign, then what was not
//! answered, then whom to contact. Colour is added by the caller's stream
//! (anstream strips it when the output is not a terminal or NO_COLOR is set).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Finding, Reason, Report, words};
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

/// Writes the report as text. `rules` supplies question wording, choice
/// labels and the interface wording, in the language it was localised to.
pub fn write(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    headline(report, rules, out)?;
    if report.findings.len() > 1 {
        writeln!(out, "\n{BOLD}{}{BOLD:#}", rules.ui("in_short"))?;
        for finding in &report.findings {
            let style = level_style(finding.severity);
            let line = format!(
                "{} ({})",
                finding.title,
                words::level_word(rules, finding.severity)
            );
            writeln!(out, "{style}{}{style:#}", wrap(&line, "- ", "  "))?;
        }
    }
    if !report.findings.is_empty() {
        let title = rules.ui_fill(
            "warning_signs_found",
            &[("count", &report.findings.len().to_string())],
        );
        writeln!(out, "\n{BOLD}{title}{BOLD:#}")?;
        for (index, finding) in report.findings.iter().enumerate() {
            write_finding(index + 1, finding, rules, out)?;
        }
    }
    unanswered(report, rules, out)?;
    next_steps(report, rules, out)?;
    channels(report, rules, out)?;
    writeln!(out)?;
    writeln!(out, "{DIM}{}{DIM:#}", wrap(rules.ui("closing"), "", ""))?;
    let used = rules.ui_fill(
        "rules_used",
        &[
            ("name", &report.ruleset.name),
            ("version", &report.ruleset.version),
        ],
    );
    writeln!(out, "{DIM}{used}{DIM:#}")
}

fn headline(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let style = level_style(report.level);
    let headline = words::headline(report, rules);
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
    let meta = rules.ui_fill(
        "finding_meta",
        &[
            ("points", &finding.points.to_string()),
            ("rule", &finding.rule),
        ],
    );
    writeln!(
        out,
        "{indent}{style}{}{style:#} {DIM}{meta}{DIM:#}",
        words::level_word(rules, finding.severity),
    )?;
    let seen: Vec<String> = finding
        .evidence
        .iter()
        .filter_map(|evidence| {
            let question = rules.question(&evidence.question)?;
            let answer = match &evidence.answer {
                Some(value) => value.describe(question, rules),
                None => rules.ui("answer_unknown").to_string(),
            };
            Some(format!("{} {BOLD}{answer}{BOLD:#}", question.prompt))
        })
        .collect();
    if !seen.is_empty() {
        writeln!(out, "{indent}{BOLD}{}{BOLD:#}", rules.ui("what_you_said"))?;
        for line in seen {
            writeln!(
                out,
                "{}",
                wrap(&line, &format!("{indent}- "), &format!("{indent}  "))
            )?;
        }
    }
    if !finding.quotes.is_empty() {
        writeln!(out, "{indent}{BOLD}{}{BOLD:#}", rules.ui("what_we_found"))?;
        for quote in &finding.quotes {
            writeln!(
                out,
                "{}",
                wrap(quote, &format!("{indent}- "), &format!("{indent}  "))
            )?;
        }
    }
    writeln!(out, "{indent}{BOLD}{}{BOLD:#}", rules.ui("why_it_matters"))?;
    writeln!(out, "{}", wrap(&finding.why, &indent, &indent))?;
    writeln!(out, "{indent}{BOLD}{}{BOLD:#}", rules.ui("what_to_do"))?;
    writeln!(out, "{}", wrap(&finding.advice, &indent, &indent))?;
    let label = if finding.sources.len() == 1 {
        rules.ui("source_one")
    } else {
        rules.ui("source_many")
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
    let title = rules.ui_fill("questions_not_answered", &[("count", &count.to_string())]);
    writeln!(out, "\n{BOLD}{title}{BOLD:#}")?;
    let intro = words::unanswered_intro(report, rules);
    writeln!(out, "{}", wrap(&intro, "", ""))?;
    for id in &report.unanswered {
        if let Some(question) = rules.question(id) {
            let line = format!("{} (--{})", question.prompt, question.flag());
            writeln!(out, "{}", wrap(&line, "- ", "  "))?;
        }
    }
    Ok(())
}

fn next_steps(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{BOLD}{}{BOLD:#}", rules.ui("what_to_do_next"))?;
    for step in words::next_steps(report, rules) {
        writeln!(out, "{}", wrap(step, "- ", "  "))?;
    }
    Ok(())
}

pub use super::words::purpose_words;

fn channels(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n{BOLD}{}{BOLD:#}", rules.ui("channels_title"))?;
    if report.channels.is_empty() {
        return writeln!(out, "{}", wrap(&words::no_channels(report, rules), "", ""));
    }
    writeln!(out, "{}", wrap(rules.ui("channels_intro"), "", ""))?;
    for listed in &report.channels {
        write_channel(&listed.channel, rules, out)?;
        write_reasons(&listed.reasons, rules, out)?;
    }
    Ok(())
}

/// How many findings a channel's "listed because of" line names with their title.
const REASONS_WITH_TITLE: usize = 3;

fn write_reasons(reasons: &[Reason], rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let mut titled = Vec::new();
    let mut more = Vec::new();
    for reason in reasons {
        match reason {
            Reason::Finding { rule, title } if titled.len() < REASONS_WITH_TITLE => {
                titled.push(format!("{title} ({rule})"));
            }
            Reason::Finding { rule, .. } => more.push(rule.clone()),
            Reason::General { text } => titled.push(text.clone()),
        }
    }
    if titled.is_empty() {
        return Ok(());
    }
    let mut listed = titled.join("; ");
    if !more.is_empty() {
        listed = rules.ui_fill(
            "channel_why_more",
            &[("listed", &listed), ("rules", &more.join(", "))],
        );
    }
    let line = rules.ui_fill("channel_why", &[("reasons", &listed)]);
    writeln!(out, "{}", wrap(&line, "  ", "    "))
}

/// Writes one channel: name, purpose, description, contact details and source.
pub fn write_channel(channel: &Channel, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        wrap(&format!("{BOLD}{}{BOLD:#}", channel.name), "- ", "  ")
    )?;
    let purpose = rules.ui_fill(
        "channel_for",
        &[("purpose", purpose_words(rules, channel.purpose))],
    );
    writeln!(out, "  {DIM}{purpose}{DIM:#}")?;
    writeln!(out, "{}", wrap(&channel.description, "  ", "  "))?;
    if let Some(phone) = &channel.phone {
        writeln!(
            out,
            "  {}",
            rules.ui_fill("channel_phone", &[("phone", phone)])
        )?;
    }
    if let Some(email) = &channel.email {
        writeln!(
            out,
            "  {}",
            rules.ui_fill("channel_email", &[("email", email)])
        )?;
    }
    if let Some(url) = &channel.url {
        writeln!(out, "  {}", rules.ui_fill("channel_web", &[("url", url)]))?;
    }
    if let Some(via) = super::words::reach_via(rules, channel) {
        writeln!(out, "{}", wrap(&via, "  ", "  "))?;
    }
    let source = rules.ui_fill(
        "channel_source",
        &[
            ("title", &channel.source.title),
            ("url", &channel.source.url),
            ("checked", &channel.checked),
        ],
    );
    writeln!(out, "{DIM}{}{DIM:#}", wrap(&source, "  ", "    "))
}

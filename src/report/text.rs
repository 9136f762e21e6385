//! The text rendering of a report, for a person at an 80-column terminal:
//! the level first in plain words, then each warning sign, then what was not
//! answered, then whom to contact. Colour is added by the caller's stream
//! (anstream strips it when the output is not a terminal or NO_COLOR is set).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Finding, LevelReason, Reason, Report};
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

fn level_word(rules: &RuleSet, level: Level) -> &str {
    rules.ui(match level {
        Level::Low => "level_low",
        Level::Medium => "level_medium",
        Level::High => "level_high",
        Level::Critical => "level_critical",
    })
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
                level_word(rules, finding.severity)
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
                        ("not_made", &report.checks.not_made.to_string()),
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
    writeln!(out, "{style}{}{style:#}", rules.ui(title))?;
    writeln!(out, "{}", wrap(&summary, "", ""))?;
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
        level_word(rules, finding.severity),
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
    let questions = rules.ui_count("questions_were", count);
    let intro = if report.checks.not_made == 0 {
        rules.ui_fill("unanswered_intro_all_made", &[("questions", &questions)])
    } else {
        let checks = rules.ui_count("checks", report.checks.not_made as usize);
        rules.ui_fill(
            "unanswered_intro",
            &[("questions", &questions), ("checks", &checks)],
        )
    };
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
    let mut steps: Vec<&str> = Vec::new();
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
    writeln!(out, "\n{BOLD}{}{BOLD:#}", rules.ui("what_to_do_next"))?;
    for step in steps {
        writeln!(out, "{}", wrap(rules.ui(step), "- ", "  "))?;
    }
    Ok(())
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

fn channels(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let origin = report
        .answers
        .get("origin")
        .and_then(|v| v.as_str())
        .and_then(|code| rules.countries.find(code));
    writeln!(out, "\n{BOLD}{}{BOLD:#}", rules.ui("channels_title"))?;
    if report.channels.is_empty() {
        let place = origin.map_or(rules.ui("channels_your_country").to_string(), |c| {
            c.name.clone()
        });
        let text = rules.ui_fill("channels_none", &[("place", &place)]);
        return writeln!(out, "{}", wrap(&text, "", ""));
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

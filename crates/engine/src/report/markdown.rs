//! The markdown rendering of a report: a document to print, attach or send to
//! family, with the same content and words as the text report (see
//! [`super::words`]), the findings grouped by what was seen as there (see
//! [`super::groups`]), and every source as a link.
//!
//! Everything that comes from the answers or the rule files is escaped, and
//! free-text answers (the advert, the recruiter's web address, e-mail or
//! phone) are shown as code, so a pasted message cannot add links, images or
//! HTML to a report that someone else will open.

use std::io::{self, Write};

use super::groups::{Group, group_findings};
use super::{Finding, Report, words};
use crate::answers::Value;
use crate::rules::{Channel, QuestionKind, RuleSet};

/// Writes the report as a markdown document. `rules` supplies question
/// wording and choice labels.
pub fn write(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let headline = words::headline(report, rules);
    writeln!(out, "# {}", escape(&headline.title))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&headline.summary))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&headline.facts))?;
    let groups = group_findings(report, rules);
    // The findings in the order they are shown: group by group.
    let shown = groups
        .iter()
        .flat_map(|group| group.findings.iter().map(|&index| &report.findings[index]));
    if report.findings.len() > 1 {
        writeln!(out, "\n## {}\n", escape(rules.ui("in_short")))?;
        for finding in shown {
            writeln!(
                out,
                "- {} ({})",
                escape(&finding.title),
                words::level_word(rules, finding.severity)
            )?;
        }
    }
    if !report.findings.is_empty() {
        let title = rules.ui_fill(
            "warning_signs_found",
            &[("count", &report.findings.len().to_string())],
        );
        writeln!(out, "\n## {}", escape(&title))?;
        let mut number = 0;
        for group in &groups {
            if let [index] = group.findings[..] {
                number += 1;
                write_finding(number, &report.findings[index], Some(group), rules, out)?;
                continue;
            }
            let first = (number + 1).to_string();
            let last = (number + group.findings.len()).to_string();
            let heading = rules.ui_fill("group_heading", &[("first", &first), ("last", &last)]);
            // A heading, so without the colon that leads into the list in text.
            writeln!(out, "\n### {}", escape(heading.trim_end_matches(':')))?;
            seen(group, rules, out)?;
            for &index in &group.findings {
                number += 1;
                write_finding(number, &report.findings[index], None, rules, out)?;
            }
        }
    }
    if let Some(section) = &report.agency {
        writeln!(out, "\n## {}\n", escape(rules.ui("agency_title")))?;
        for line in &section.lines {
            writeln!(out, "- {}", escape(line))?;
        }
    }
    if !report.unanswered.is_empty() {
        let title = rules.ui_fill(
            "questions_not_answered",
            &[("count", &report.unanswered.len().to_string())],
        );
        writeln!(out, "\n## {}\n", escape(&title))?;
        writeln!(out, "{}\n", escape(&words::unanswered_intro(report, rules)))?;
        for id in &report.unanswered {
            if let Some(question) = rules.question(id) {
                writeln!(
                    out,
                    "- {} ({})",
                    escape(&question.prompt),
                    code(&format!("--{}", question.flag()))
                )?;
            }
        }
    }
    if !report.not_judged.is_empty() {
        writeln!(out, "\n## {}\n", escape(rules.ui("not_judged_title")))?;
        for item in &report.not_judged {
            writeln!(out, "- {}", escape(&item.why))?;
        }
    }
    writeln!(out, "\n## {}\n", escape(rules.ui("what_to_do_next")))?;
    for step in words::next_steps(report, rules) {
        writeln!(out, "- {}", escape(step))?;
    }
    channels(report, rules, out)?;
    writeln!(out, "\n---\n")?;
    writeln!(out, "*{}*", escape(rules.ui("closing")))?;
    writeln!(out)?;
    let used = rules.ui_fill(
        "rules_used",
        &[
            ("name", &report.ruleset.name),
            ("version", &report.ruleset.version),
        ],
    );
    writeln!(out, "*{}*", escape(&used))
}

/// One finding in full: a section of its own with what it was seen in when
/// `alone` is its own group, else a subsection of its group's.
fn write_finding(
    number: usize,
    finding: &Finding,
    alone: Option<&Group<'_>>,
    rules: &RuleSet,
    out: &mut dyn Write,
) -> io::Result<()> {
    let level = if alone.is_some() { "###" } else { "####" };
    writeln!(out, "\n{level} {number}. {}\n", escape(&finding.title))?;
    let meta = words::finding_meta(rules, finding);
    writeln!(
        out,
        "**{}** {}",
        words::level_word(rules, finding.severity),
        escape(&meta)
    )?;
    if let Some(group) = alone {
        seen(group, rules, out)?;
    }
    writeln!(
        out,
        "\n**{}** {}",
        escape(rules.ui("why_it_matters")),
        escape(&finding.why)
    )?;
    writeln!(
        out,
        "\n**{}** {}",
        escape(rules.ui("what_to_do")),
        escape(&finding.advice)
    )?;
    let label = if finding.sources.len() == 1 {
        rules.ui("source_one")
    } else {
        rules.ui("source_many")
    };
    writeln!(out, "\n**{}**\n", escape(label))?;
    for source in &finding.sources {
        writeln!(out, "- {}", link(&source.title, &source.url))?;
    }
    Ok(())
}

/// What a group's findings were seen in: the answers, then the words found.
fn seen(group: &Group<'_>, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let said: Vec<String> = group
        .answers
        .iter()
        .filter_map(|evidence| {
            let question = rules.question(&evidence.question)?;
            let answer = match &evidence.answer {
                Some(Value::Text(text)) if is_free_text(question.kind) => code(text),
                Some(value) => format!("**{}**", escape(&value.describe(question, rules))),
                None => format!("**{}**", escape(rules.ui("answer_unknown"))),
            };
            Some(format!("- {} {answer}", escape(&question.prompt)))
        })
        .collect();
    if !said.is_empty() {
        writeln!(out, "\n**{}**\n", escape(rules.ui("what_you_said")))?;
        for line in said {
            writeln!(out, "{line}")?;
        }
    }
    if !group.quotes.is_empty() {
        writeln!(out, "\n**{}**\n", escape(rules.ui("what_we_found")))?;
        for quote in &group.quotes {
            writeln!(out, "- {}", code(quote))?;
        }
    }
    Ok(())
}

fn channels(report: &Report, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n## {}\n", escape(rules.ui("channels_title")))?;
    if report.channels.is_empty() {
        return writeln!(out, "{}", escape(&words::no_channels(report, rules)));
    }
    writeln!(out, "{}", escape(rules.ui("channels_intro")))?;
    for listed in &report.channels {
        write_channel(&listed.channel, rules, out)?;
    }
    Ok(())
}

fn write_channel(channel: &Channel, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n### {}\n", escape(&channel.name))?;
    let purpose = rules.ui_fill(
        "channel_for",
        &[("purpose", words::purpose_words(rules, channel.purpose))],
    );
    writeln!(out, "*{}*\n", escape(&purpose))?;
    writeln!(out, "{}\n", escape(&channel.description))?;
    // The labels come from ui.toml ("Phone: {phone}"); the values are escaped.
    if let Some(phone) = &channel.phone {
        writeln!(
            out,
            "- {}",
            rules.ui_fill("channel_phone", &[("phone", &escape(phone))])
        )?;
    }
    if let Some(email) = &channel.email {
        writeln!(
            out,
            "- {}",
            rules.ui_fill("channel_email", &[("email", &escape(email))])
        )?;
    }
    if let Some(url) = &channel.url {
        writeln!(
            out,
            "- {}",
            rules.ui_fill("channel_web", &[("url", &autolink(url))])
        )?;
    }
    if let Some(via) = words::reach_via(rules, channel) {
        writeln!(out, "- {}", escape(&via))?;
    }
    writeln!(
        out,
        "- {}",
        rules.ui_fill(
            "channel_source",
            &[
                ("title", &link(&channel.source.title, &channel.source.url)),
                ("url", ""),
                ("checked", &channel.checked),
            ],
        )
    )
}

/// Answers of these kinds are whatever the person pasted.
fn is_free_text(kind: QuestionKind) -> bool {
    matches!(
        kind,
        QuestionKind::Text | QuestionKind::Url | QuestionKind::Email | QuestionKind::Phone
    )
}

/// Text on one line with every character escaped that markdown or HTML could
/// act on (with `[` and `]` escaped, parentheses cannot form a link). Line
/// breaks become spaces, so text cannot start a heading, list or quote.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            if matches!(
                ch,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
            ) {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

/// Text as an inline code span: shown exactly, never a link or markup.
pub fn code(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return "` `".to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space on each side keeps a backtick at either end from joining the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A web address from the rule files as a link. Addresses are https (the
/// loader checks); characters that would end the link are percent-encoded.
fn autolink(url: &str) -> String {
    format!("<{}>", url_safe(url))
}

/// `[title](url)`.
fn link(title: &str, url: &str) -> String {
    format!("[{}]({})", escape(title), url_safe(url))
}

fn url_safe(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace('(', "%28")
        .replace(')', "%29")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Markup in text is shown as text, on one line.
    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("[click](http://x) <b>\n# big *x*"),
            "\\[click\\](http://x) \\<b\\> \\# big \\*x\\*"
        );
        assert_eq!(escape("plain (words), here."), "plain (words), here.");
    }

    /// A pasted advert or address in the evidence is shown as code: it adds
    /// no link, image or HTML to the report.
    #[test]
    fn free_text_answers_are_inert() {
        let rules = crate::testing::default_rules();
        let mut answers = crate::Answers::default();
        answers.set(
            "military_or_combat_mention",
            crate::answers::Answer::Known(Value::Yes),
        );
        let mut report = crate::assess(&rules, &answers);
        report.findings[0].evidence.push(crate::report::Evidence {
            question: "offer_text".into(),
            answer: Some(Value::Text(
                "Apply [here](http://evil.example) ![x](http://evil.example/x.png) <script>x</script>"
                    .into(),
            )),
        });
        let mut out = Vec::new();
        write(&report, &rules, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("`Apply [here](http://evil.example) ![x](http://evil.example/x.png) <script>x</script>`"),
            "{text}"
        );
        assert_eq!(
            text.matches("<script>").count(),
            1,
            "only inside the code span"
        );
    }

    /// Code spans survive backticks inside the text.
    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a b"), "`a b`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\n\n# b"), "`a # b`");
    }
}

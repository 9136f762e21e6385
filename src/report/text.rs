//! The text rendering of a report, for a person at an 80-column terminal:
//! the level first in plain words, then each warning sign, then what was not
//! answered, then whom to contact. Bold and colour only where the caller
//! says the output shows them ([`Paint`]).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Finding, Reason, Report, words};
use crate::rules::{Channel, Level, RuleSet};

/// Text is wrapped to this many columns.
pub const WIDTH: usize = 78;

/// The styles of a text report: bold and colour where the output shows
/// them (a terminal), and none at all where it does not, so that nothing
/// has to strip them out again.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    colour: bool,
}

impl Paint {
    /// Styles for an output that shows colour when `colour` is true.
    pub const fn new(colour: bool) -> Paint {
        Paint { colour }
    }

    /// Bold, for headings and answers.
    fn bold(self) -> Style {
        self.or_plain(Style::new().bold())
    }

    /// Dim, for sources and other small print.
    fn dim(self) -> Style {
        self.or_plain(Style::new().dimmed())
    }

    /// The style of a level's name: bold, and red for critical and high,
    /// yellow for medium.
    fn level(self, level: Level) -> Style {
        let colour = match level {
            Level::Critical | Level::High => Some(AnsiColor::Red.into()),
            Level::Medium => Some(AnsiColor::Yellow.into()),
            Level::Low => None,
        };
        self.or_plain(Style::new().bold().fg_color(colour))
    }

    /// `style` where the output shows styles, else no style at all.
    fn or_plain(self, style: Style) -> Style {
        if self.colour { style } else { Style::new() }
    }
}

/// Wraps `text` to [`WIDTH`] with the given first-line and following indents.
pub(crate) fn wrap(text: &str, first: &str, rest: &str) -> String {
    if let Some(wrapped) = wrap_ascii(text, first, rest) {
        return wrapped;
    }
    textwrap::fill(text, wrap_options(first, rest))
}

/// How [`wrap`] asks textwrap to wrap: never split words or hyphenated
/// flags and addresses (people copy them), break lines at spaces only, and
/// put as many words on each line as fit.
fn wrap_options<'a>(first: &'a str, rest: &'a str) -> textwrap::Options<'a> {
    textwrap::Options::new(WIDTH)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// [`wrap`] for ASCII without escape sequences, where each byte is one
/// column: the same lines as textwrap makes with [`wrap_options`] (the tests
/// compare the two), without its allocations for every word. A report wraps
/// about a hundred texts, and textwrap took half of a whole `check` run.
/// `None` for any other text, which textwrap wraps.
fn wrap_ascii(text: &str, first: &str, rest: &str) -> Option<String> {
    let plain = |s: &str| s.is_ascii() && !s.as_bytes().contains(&0x1b);
    if !(plain(text) && plain(first) && plain(rest)) {
        return None;
    }
    let widths = [
        WIDTH.saturating_sub(first.len()),
        WIDTH.saturating_sub(rest.len()),
    ];
    let mut out = String::with_capacity(text.len() + 8 * rest.len() + 16);
    // Output lines so far; the first gets `first` as its indent, the others `rest`.
    let mut lines = 0;
    let indent = |lines: usize| if lines == 0 { first } else { rest };
    let begin = |out: &mut String, lines: &mut usize, indent: &str| {
        if *lines > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        *lines += 1;
    };
    for line in text.split('\n') {
        // textwrap's own shortcut: a short line without an indent.
        if line.len() < WIDTH && indent(lines).is_empty() {
            begin(&mut out, &mut lines, "");
            out.push_str(line.trim_end_matches(' '));
            continue;
        }
        if line.is_empty() {
            // An empty line stays empty, without an indent.
            begin(&mut out, &mut lines, "");
            continue;
        }
        // Words are a run of other bytes and the spaces after it. A line
        // takes words while they fit and the first word always, so it ends
        // at the last word end (a space after another byte, or the end of
        // the text) within its width; the first line of each paragraph is
        // measured against the first line's width, as textwrap does.
        let bytes = line.as_bytes();
        let last = line.trim_end_matches(' ').len();
        let first_end = |start: usize| line[start..].find(' ').map_or(last, |at| start + at);
        let (mut start, mut made) = (0, 0);
        loop {
            let limit = start + widths[made.min(1)];
            let end = if last <= limit {
                last
            } else {
                let mut upto = limit + 1;
                loop {
                    match line[start + 1..upto].rfind(' ') {
                        Some(at) if bytes[start + at] != b' ' => break start + 1 + at,
                        Some(at) => upto = start + 1 + at,
                        None => break first_end(start),
                    }
                }
            };
            let to = indent(lines);
            begin(&mut out, &mut lines, to);
            out.push_str(&line[start..end]);
            if end >= last {
                break;
            }
            made += 1;
            start = end + bytes[end..].iter().take_while(|&&b| b == b' ').count();
        }
    }
    Some(out)
}

/// Writes the report as text. `rules` supplies question wording, choice
/// labels and the interface wording, in the language it was localised to.
pub fn write(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bold = paint.bold();
    let dim = paint.dim();
    headline(report, rules, paint, out)?;
    if report.findings.len() > 1 {
        writeln!(out, "\n{bold}{}{bold:#}", rules.ui("in_short"))?;
        for finding in &report.findings {
            let style = paint.level(finding.severity);
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
        writeln!(out, "\n{bold}{title}{bold:#}")?;
        for (index, finding) in report.findings.iter().enumerate() {
            write_finding(index + 1, finding, rules, paint, out)?;
        }
    }
    unanswered(report, rules, paint, out)?;
    next_steps(report, rules, paint, out)?;
    channels(report, rules, paint, out)?;
    writeln!(out)?;
    writeln!(out, "{dim}{}{dim:#}", wrap(rules.ui("closing"), "", ""))?;
    let used = rules.ui_fill(
        "rules_used",
        &[
            ("name", &report.ruleset.name),
            ("version", &report.ruleset.version),
        ],
    );
    writeln!(out, "{dim}{used}{dim:#}")
}

fn headline(report: &Report, rules: &RuleSet, paint: Paint, out: &mut dyn Write) -> io::Result<()> {
    let style = paint.level(report.level);
    let headline = words::headline(report, rules);
    writeln!(out, "{style}{}{style:#}", headline.title)?;
    writeln!(out, "{}", wrap(&headline.summary, "", ""))?;
    writeln!(out, "\n{}", wrap(&headline.facts, "", ""))
}

fn write_finding(
    number: usize,
    finding: &Finding,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bold = paint.bold();
    let dim = paint.dim();
    let style = paint.level(finding.severity);
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
        "{indent}{style}{}{style:#} {dim}{meta}{dim:#}",
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
            Some(format!("{} {bold}{answer}{bold:#}", question.prompt))
        })
        .collect();
    if !seen.is_empty() {
        writeln!(out, "{indent}{bold}{}{bold:#}", rules.ui("what_you_said"))?;
        for line in seen {
            writeln!(
                out,
                "{}",
                wrap(&line, &format!("{indent}- "), &format!("{indent}  "))
            )?;
        }
    }
    if !finding.quotes.is_empty() {
        writeln!(out, "{indent}{bold}{}{bold:#}", rules.ui("what_we_found"))?;
        for quote in &finding.quotes {
            writeln!(
                out,
                "{}",
                wrap(quote, &format!("{indent}- "), &format!("{indent}  "))
            )?;
        }
    }
    writeln!(out, "{indent}{bold}{}{bold:#}", rules.ui("why_it_matters"))?;
    writeln!(out, "{}", wrap(&finding.why, &indent, &indent))?;
    writeln!(out, "{indent}{bold}{}{bold:#}", rules.ui("what_to_do"))?;
    writeln!(out, "{}", wrap(&finding.advice, &indent, &indent))?;
    let label = if finding.sources.len() == 1 {
        rules.ui("source_one")
    } else {
        rules.ui("source_many")
    };
    writeln!(out, "{indent}{bold}{label}{bold:#}")?;
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

fn unanswered(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bold = paint.bold();
    if report.unanswered.is_empty() {
        return Ok(());
    }
    let count = report.unanswered.len();
    let title = rules.ui_fill("questions_not_answered", &[("count", &count.to_string())]);
    writeln!(out, "\n{bold}{title}{bold:#}")?;
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

fn next_steps(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bold = paint.bold();
    writeln!(out, "\n{bold}{}{bold:#}", rules.ui("what_to_do_next"))?;
    for step in words::next_steps(report, rules) {
        writeln!(out, "{}", wrap(step, "- ", "  "))?;
    }
    Ok(())
}

pub use super::words::purpose_words;

fn channels(report: &Report, rules: &RuleSet, paint: Paint, out: &mut dyn Write) -> io::Result<()> {
    let bold = paint.bold();
    writeln!(out, "\n{bold}{}{bold:#}", rules.ui("channels_title"))?;
    if report.channels.is_empty() {
        return writeln!(out, "{}", wrap(&words::no_channels(report, rules), "", ""));
    }
    writeln!(out, "{}", wrap(rules.ui("channels_intro"), "", ""))?;
    for listed in &report.channels {
        write_channel(&listed.channel, rules, paint, out)?;
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
pub fn write_channel(
    channel: &Channel,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let bold = paint.bold();
    let dim = paint.dim();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        wrap(&format!("{bold}{}{bold:#}", channel.name), "- ", "  ")
    )?;
    let purpose = rules.ui_fill(
        "channel_for",
        &[("purpose", purpose_words(rules, channel.purpose))],
    );
    writeln!(out, "  {dim}{purpose}{dim:#}")?;
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
    writeln!(out, "{dim}{}{dim:#}", wrap(&source, "  ", "    "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What textwrap makes of `text`: what [`wrap_ascii`] must equal.
    fn by_textwrap(text: &str, first: &str, rest: &str) -> String {
        textwrap::fill(text, wrap_options(first, rest))
    }

    /// Lines of every kind: short, long, without spaces, with runs of
    /// spaces at either end, empty paragraphs, words longer than a line.
    #[test]
    fn ascii_wrapping_is_textwraps() {
        let long_word = "x".repeat(90);
        let sentence = "Do not pay anyone until you have seen a written contract, in a \
                        language you understand, and checked the agency's licence.";
        let texts = [
            "",
            " ",
            "a",
            "short line",
            "trailing spaces   ",
            "   leading spaces",
            sentence,
            &format!("{sentence}\n\n{sentence}\n"),
            &format!("{long_word} then words {long_word}"),
            &format!("{sentence}  {sentence}   "),
            "\n",
            "one\ntwo\n\nthree  \n   four",
        ];
        let indents = [
            ("", ""),
            ("- ", "  "),
            ("  ", "    "),
            ("  - ", "    "),
            ("", "      "),
        ];
        for text in texts {
            for (first, rest) in indents {
                assert_eq!(
                    wrap_ascii(text, first, rest).as_deref(),
                    Some(by_textwrap(text, first, rest).as_str()),
                    "{text:?} with {first:?} / {rest:?}"
                );
            }
        }
    }

    /// Text that is not plain ASCII goes to textwrap, and so does any
    /// escape sequence (its bytes take no columns).
    #[test]
    fn other_text_is_left_to_textwrap() {
        assert_eq!(wrap_ascii("Café", "", ""), None);
        assert_eq!(wrap_ascii("\u{1b}[1mbold\u{1b}[0m", "", ""), None);
        assert_eq!(wrap_ascii("plain", "→ ", ""), None);
        let wide = "漢字 ".repeat(30);
        assert_eq!(wrap(&wide, "- ", "  "), by_textwrap(&wide, "- ", "  "));
    }

    /// Without colour, a report is the coloured one with its styles taken
    /// out: the same words, wrapped at the same places, in both languages.
    #[test]
    fn plain_report_is_the_styled_one_stripped() {
        let embedded = RuleSet::embedded().expect("the embedded rules load");
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/answers");
        let mut files: Vec<_> = std::fs::read_dir(folder)
            .expect("the fixtures folder")
            .map(|entry| entry.expect("a fixture").path())
            .collect();
        files.sort();
        assert!(files.len() >= 4, "{files:?}");
        for lang in ["en", "sw"] {
            let rules = embedded.clone().localised(lang);
            for path in &files {
                let text = std::fs::read_to_string(path).expect("a fixture");
                let name = path.display().to_string();
                let raw = if name.ends_with(".json") {
                    crate::answers::RawAnswer::from_json(&name, &text)
                } else {
                    crate::answers::RawAnswer::from_toml(&name, &text)
                }
                .expect("a valid fixture");
                let answers =
                    crate::answers::Answers::from_raw(&rules, raw).expect("valid answers");
                let report = crate::assess(&rules, &answers);
                let (mut styled, mut plain) = (Vec::new(), Vec::new());
                write(&report, &rules, Paint::new(true), &mut styled).expect("to memory");
                write(&report, &rules, Paint::new(false), &mut plain).expect("to memory");
                assert!(styled.contains(&0x1b), "{name}: no styles at all");
                assert!(!plain.contains(&0x1b), "{name}: styles without colour");
                assert_eq!(
                    String::from_utf8(anstream::adapter::strip_bytes(&styled).into_vec()),
                    String::from_utf8(plain),
                    "{name} in {lang}"
                );
            }
        }
    }

    proptest! {
        /// Any ASCII text of words and spaces, any indents: the same lines as textwrap.
        #[test]
        fn any_ascii_wraps_as_textwrap(
            text in "([a-z.,-]{0,12}[ ]{0,3}\n?){0,40}",
            first in "[ -]{0,12}",
            rest in "[ ]{0,12}",
        ) {
            prop_assert_eq!(
                wrap_ascii(&text, &first, &rest),
                Some(by_textwrap(&text, &first, &rest))
            );
        }

        /// Indents as wide as the line or wider: one word a line, as textwrap does.
        #[test]
        fn wide_indents_wrap_as_textwrap(
            text in "([a-z]{1,8} ){0,20}",
            width in 70..90usize,
        ) {
            let indent = " ".repeat(width);
            prop_assert_eq!(
                wrap_ascii(&text, &indent, &indent),
                Some(by_textwrap(&text, &indent, &indent))
            );
        }
    }
}

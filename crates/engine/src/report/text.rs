//! The text rendering of a report, for a person at a terminal: first the
//! one-screen summary ([`super::summary`]: the verdict, the signs in short,
//! what to do now, whom to contact first), then each warning sign in full,
//! grouped by what was seen ([`super::groups`]), then what was not
//! answered, then every office to contact. Lines are wrapped at spaces to
//! the width the caller gives, never inside a word, a web address or an
//! e-mail address (one longer than the line stays whole). Bold and colour
//! only where the caller says the output shows them ([`Paint`]).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::groups::{Group, group_findings};
use super::{Finding, Reason, Report, summary, words};
use crate::rules::{Channel, Level, RuleSet};

/// The width text is wrapped to when the caller has none of its own (a
/// file, a pipe): the report's layout for an 80-column terminal.
pub const WIDTH: usize = 78;

/// The narrowest width text is wrapped to: narrower, and a line would hold
/// only a word or two.
pub const MIN_WIDTH: usize = 20;

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
    pub(super) fn bold(self) -> Style {
        self.or_plain(Style::new().bold())
    }

    /// Dim, for sources and other small print.
    fn dim(self) -> Style {
        self.or_plain(Style::new().dimmed())
    }

    /// The style of a level's name: bold, and red for critical and high,
    /// yellow for medium.
    pub(super) fn level(self, level: Level) -> Style {
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
    let mut out = String::with_capacity(text.len() + 8 * rest.len() + 16);
    wrap_into(&mut out, text, first, rest, WIDTH);
    out
}

/// `text` wrapped to `width` columns with the given indents, appended to `out`.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    if !wrap_ascii(out, text, first, rest, width) {
        out.push_str(&textwrap::fill(text, wrap_options(first, rest, width)));
    }
}

/// How [`wrap`] asks textwrap to wrap: never split words or hyphenated
/// flags and addresses (people copy them), break lines at spaces only, and
/// put as many words on each line as fit.
fn wrap_options<'a>(first: &'a str, rest: &'a str, width: usize) -> textwrap::Options<'a> {
    textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// [`wrap_into`] for ASCII without escape sequences, where each byte is one
/// column: the same lines as textwrap makes with [`wrap_options`] (the tests
/// compare the two), without its allocations for every word. A report wraps
/// about a hundred texts, and textwrap took half of a whole `check` run.
/// Returns false, having appended nothing, for any other text, which
/// textwrap wraps.
fn wrap_ascii(out: &mut String, text: &str, first: &str, rest: &str, width: usize) -> bool {
    let plain = |s: &str| s.is_ascii() && !s.as_bytes().contains(&0x1b);
    if !(plain(text) && plain(first) && plain(rest)) {
        return false;
    }
    let widths = [
        width.saturating_sub(first.len()),
        width.saturating_sub(rest.len()),
    ];
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
        if line.len() < width && indent(lines).is_empty() {
            begin(out, &mut lines, "");
            out.push_str(line.trim_end_matches(' '));
            continue;
        }
        if line.is_empty() {
            // An empty line stays empty, without an indent.
            begin(out, &mut lines, "");
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
            begin(out, &mut lines, to);
            out.push_str(&line[start..end]);
            if end >= last {
                break;
            }
            made += 1;
            start = end + bytes[end..].iter().take_while(|&&b| b == b' ').count();
        }
    }
    true
}

/// A text report being written: the text so far, the wording and the styles.
/// The report is put together in memory and written at once, with plain
/// pushes instead of formatting machinery: a `check` run writes a few hundred
/// short pieces, and formatting each through `write!` cost more than wrapping.
pub(super) struct Page<'a> {
    pub(super) text: String,
    pub(super) rules: &'a RuleSet,
    pub(super) paint: Paint,
    /// The columns text is wrapped to.
    width: usize,
}

impl<'a> Page<'a> {
    /// An empty page wrapped to `width` (at least [`MIN_WIDTH`]).
    pub(super) fn new(rules: &'a RuleSet, paint: Paint, width: usize) -> Page<'a> {
        Page {
            // A report with many findings runs to some 20 kB; pages not
            // written to are never touched.
            text: String::with_capacity(32 * 1024),
            rules,
            paint,
            width: width.max(MIN_WIDTH),
        }
    }

    /// Appends `text` as it is.
    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends `text` in `style`.
    fn styled(&mut self, style: Style, text: &str) -> &mut Self {
        push_styled(&mut self.text, style, text);
        self
    }

    /// Ends the line.
    pub(super) fn end(&mut self) {
        self.text.push('\n');
    }

    /// Appends `text` wrapped with the given indents, and ends the line.
    pub(super) fn wrapped(&mut self, text: &str, first: &str, rest: &str) {
        wrap_into(&mut self.text, text, first, rest, self.width);
        self.end();
    }

    /// [`Page::wrapped`], the whole text in `style`.
    pub(super) fn wrapped_styled(&mut self, style: Style, text: &str, first: &str, rest: &str) {
        if style == Style::new() {
            return self.wrapped(text, first, rest);
        }
        let mut wrapped = String::with_capacity(text.len() + 16);
        wrap_into(&mut wrapped, text, first, rest, self.width);
        self.styled(style, &wrapped).end();
    }

    /// `text` in `style` on lines of its own, without an indent.
    pub(super) fn line_styled(&mut self, style: Style, text: &str) {
        self.wrapped_styled(style, text, "", "");
    }

    /// A heading in bold after an empty line.
    fn heading(&mut self, title: &str) {
        let bold = self.paint.bold();
        self.end();
        self.line_styled(bold, title);
    }
}

/// Appends `text` to `out` in `style`; with no style, just the text.
pub(super) fn push_styled(out: &mut String, style: Style, text: &str) {
    if style == Style::new() {
        out.push_str(text);
    } else {
        use std::fmt::Write as _;
        // Writing to a String cannot fail.
        let _ = write!(out, "{style}{text}{style:#}");
    }
}

/// Writes the report as text wrapped to [`WIDTH`]. `rules` supplies
/// question wording, choice labels and the interface wording, in the
/// language it was localised to.
pub fn write(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(render(report, rules, paint, WIDTH).as_bytes())
}

/// The report as text, wrapped to `width` columns (at least [`MIN_WIDTH`]).
pub fn render(report: &Report, rules: &RuleSet, paint: Paint, width: usize) -> String {
    let mut page = Page::new(rules, paint, width);
    let groups = group_findings(report, rules);
    summary::layout_within(report, &groups, summary::SCREEN_LINES, &mut page);
    signs_part(report, &groups, &mut page);
    contacts_part(report, &mut page);
    page.text
}

/// The warning signs in full, as [`render`] has them after the summary:
/// how the level was reached, every sign grouped by what was seen, what the
/// agency checks found and the questions not answered. A terminal's menu
/// under the summary shows it for "read each sign in full".
pub fn render_signs(report: &Report, rules: &RuleSet, paint: Paint, width: usize) -> String {
    let mut page = Page::new(rules, paint, width);
    let groups = group_findings(report, rules);
    signs_part(report, &groups, &mut page);
    page.text
}

/// Whom to contact, as [`render`] ends: what to do next, every office with
/// why it is listed, and the closing words. A terminal's menu under the
/// summary shows it for "who to contact".
pub fn render_contacts(report: &Report, rules: &RuleSet, paint: Paint, width: usize) -> String {
    let mut page = Page::new(rules, paint, width);
    contacts_part(report, &mut page);
    page.text
}

/// [`render_signs`], on a page.
fn signs_part(report: &Report, groups: &[Group<'_>], page: &mut Page<'_>) {
    let rules = page.rules;
    facts(report, page);
    if !report.findings.is_empty() {
        let title = rules.ui_fill(
            "warning_signs_found",
            &[("count", &report.findings.len().to_string())],
        );
        page.heading(&title);
        let mut number = 0;
        for group in groups {
            write_group(group, report, &mut number, page);
        }
    }
    agency(report, page);
    unanswered(report, page);
    not_judged(report, page);
}

/// [`render_contacts`], on a page.
fn contacts_part(report: &Report, page: &mut Page<'_>) {
    let rules = page.rules;
    next_steps(report, page);
    channels(report, page);
    let dim = page.paint.dim();
    page.end();
    page.wrapped_styled(dim, rules.ui("closing"), "", "");
    let used = rules.ui_fill(
        "rules_used",
        &[
            ("name", &report.ruleset.name),
            ("version", &report.ruleset.version),
        ],
    );
    page.line_styled(dim, &used);
}

/// How the level was reached, after the summary: the headline's sentence
/// (unless the summary said it) and the score against the thresholds.
fn facts(report: &Report, page: &mut Page<'_>) {
    let headline = words::headline(report, page.rules);
    page.end();
    if !summary::shows_headline_summary(report) {
        page.wrapped(&headline.summary, "", "");
    }
    page.wrapped(&headline.facts, "", "");
}

/// One group of findings: a finding alone as it is; several, after what
/// they were seen in, said once.
fn write_group(group: &Group<'_>, report: &Report, number: &mut usize, page: &mut Page<'_>) {
    let rules = page.rules;
    let bold = page.paint.bold();
    let alone = group.findings.len() == 1;
    if !alone {
        let first = (*number + 1).to_string();
        let last = (*number + group.findings.len()).to_string();
        page.end();
        let heading = rules.ui_fill("group_heading", &[("first", &first), ("last", &last)]);
        page.line_styled(bold, &heading);
        seen(group, "", page);
    }
    for &index in &group.findings {
        *number += 1;
        write_finding(
            *number,
            &report.findings[index],
            alone.then_some(group),
            page,
        );
    }
}

/// What a group's findings were seen in: the answers, then the words found,
/// each list under its heading, at `indent`.
fn seen(group: &Group<'_>, indent: &str, page: &mut Page<'_>) {
    let rules = page.rules;
    let bold = page.paint.bold();
    let item = format!("{indent}- ");
    let hang = format!("{indent}  ");
    // "What you said" heads the answers, and only when there is one to show.
    let mut said_heading = false;
    let mut line = String::new();
    for evidence in &group.answers {
        let Some(question) = rules.question(&evidence.question) else {
            continue;
        };
        if !said_heading {
            page.push(indent)
                .styled(bold, rules.ui("what_you_said"))
                .end();
            said_heading = true;
        }
        let answer = match &evidence.answer {
            Some(value) => value.describe(question, rules),
            None => rules.ui("answer_unknown").to_string(),
        };
        line.clear();
        line.push_str(&question.prompt);
        line.push(' ');
        push_styled(&mut line, bold, &answer);
        page.wrapped(&line, &item, &hang);
    }
    if !group.quotes.is_empty() {
        page.push(indent)
            .styled(bold, rules.ui("what_we_found"))
            .end();
        for quote in &group.quotes {
            page.wrapped(quote, &item, &hang);
        }
    }
}

/// One finding in full; with what it was seen in when `alone` is its own group.
fn write_finding(number: usize, finding: &Finding, alone: Option<&Group<'_>>, page: &mut Page<'_>) {
    let rules = page.rules;
    let bold = page.paint.bold();
    let dim = page.paint.dim();
    let style = page.paint.level(finding.severity);
    let marker = format!("{number}. ");
    let indent = " ".repeat(marker.len());
    // The indents of a list inside the finding: "- " and the hanging indent.
    let item = format!("{indent}- ");
    let hang = format!("{indent}  ");
    page.end();
    page.wrapped(&finding.title, &marker, &indent);
    let meta = words::finding_meta(rules, finding);
    let mut line = String::new();
    push_styled(&mut line, style, words::level_word(rules, finding.severity));
    line.push(' ');
    push_styled(&mut line, dim, &meta);
    page.wrapped(&line, &indent, &indent);
    if let Some(group) = alone {
        seen(group, &indent, page);
    }
    page.push(&indent)
        .styled(bold, rules.ui("why_it_matters"))
        .end();
    page.wrapped(&finding.why, &indent, &indent);
    page.push(&indent)
        .styled(bold, rules.ui("what_to_do"))
        .end();
    page.wrapped(&finding.advice, &indent, &indent);
    let label = if finding.sources.len() == 1 {
        rules.ui("source_one")
    } else {
        rules.ui("source_many")
    };
    page.push(&indent).styled(bold, label).end();
    for source in &finding.sources {
        page.wrapped(&source.title, &item, &hang);
        page.wrapped(&source.url, &hang, &hang);
    }
}

/// What the agency checks found, one item per line, when a name or number was given.
fn agency(report: &Report, page: &mut Page<'_>) {
    let Some(section) = &report.agency else {
        return;
    };
    page.heading(page.rules.ui("agency_title"));
    for line in &section.lines {
        page.wrapped(line, "- ", "  ");
    }
}

fn unanswered(report: &Report, page: &mut Page<'_>) {
    if report.unanswered.is_empty() {
        return;
    }
    let rules = page.rules;
    let count = report.unanswered.len();
    let title = rules.ui_fill("questions_not_answered", &[("count", &count.to_string())]);
    page.heading(&title);
    page.wrapped(&words::unanswered_intro(report, rules), "", "");
    let mut line = String::new();
    for id in &report.unanswered {
        if let Some(question) = rules.question(id) {
            line.clear();
            line.push_str(&question.prompt);
            line.push_str(" (--");
            line.push_str(&question.flag());
            line.push(')');
            page.wrapped(&line, "- ", "  ");
        }
    }
}

fn not_judged(report: &Report, page: &mut Page<'_>) {
    if report.not_judged.is_empty() {
        return;
    }
    page.heading(page.rules.ui("not_judged_title"));
    for item in &report.not_judged {
        page.wrapped(&item.why, "- ", "  ");
    }
}

fn next_steps(report: &Report, page: &mut Page<'_>) {
    let rules = page.rules;
    page.heading(rules.ui("what_to_do_next"));
    for step in words::next_steps(report, rules) {
        page.wrapped(step, "- ", "  ");
    }
}

pub use super::words::purpose_words;

fn channels(report: &Report, page: &mut Page<'_>) {
    let rules = page.rules;
    page.heading(rules.ui("channels_title"));
    if report.channels.is_empty() {
        page.wrapped(&words::no_channels(report, rules), "", "");
        return;
    }
    page.wrapped(rules.ui("channels_intro"), "", "");
    for listed in &report.channels {
        channel(&listed.channel, page);
        reasons(&listed.reasons, page);
    }
}

/// How many findings a channel's "listed because of" line names with their title.
const REASONS_WITH_TITLE: usize = 3;

/// Why a channel is listed: the first findings by title, the others by rule id.
fn reasons(reasons: &[Reason], page: &mut Page<'_>) {
    let rules = page.rules;
    let mut titled = Vec::new();
    let mut more = Vec::new();
    for reason in reasons {
        match reason {
            Reason::Finding { rule, title } if titled.len() < REASONS_WITH_TITLE => {
                titled.push(format!("{title} ({rule})"));
            }
            Reason::Finding { rule, .. } => more.push(rule.as_str()),
            Reason::General { text } => titled.push(text.clone()),
        }
    }
    if titled.is_empty() {
        return;
    }
    let mut listed = titled.join("; ");
    if !more.is_empty() {
        listed = rules.ui_fill(
            "channel_why_more",
            &[("listed", &listed), ("rules", &more.join(", "))],
        );
    }
    let line = rules.ui_fill("channel_why", &[("reasons", &listed)]);
    page.wrapped(&line, "  ", "    ");
}

/// Writes one channel: name, purpose, description, contact details and source.
pub fn write_channel(
    channel: &Channel,
    rules: &RuleSet,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut page = Page::new(rules, paint, WIDTH);
    self::channel(channel, &mut page);
    out.write_all(page.text.as_bytes())
}

/// A channel's contact details, one line each in the rule set's wording:
/// phone, e-mail, web.
pub(super) fn contact_lines(channel: &Channel, rules: &RuleSet) -> Vec<String> {
    let mut lines = Vec::with_capacity(3);
    if let Some(phone) = &channel.phone {
        lines.push(rules.ui_fill("channel_phone", &[("phone", phone)]));
    }
    if let Some(email) = &channel.email {
        lines.push(rules.ui_fill("channel_email", &[("email", email)]));
    }
    if let Some(url) = &channel.url {
        lines.push(rules.ui_fill("channel_web", &[("url", url)]));
    }
    lines
}

/// [`write_channel`], on a page.
fn channel(channel: &Channel, page: &mut Page<'_>) {
    let rules = page.rules;
    let bold = page.paint.bold();
    let dim = page.paint.dim();
    page.end();
    let mut name = String::with_capacity(channel.name.len());
    push_styled(&mut name, bold, &channel.name);
    page.wrapped(&name, "- ", "  ");
    let purpose = rules.ui_fill(
        "channel_for",
        &[("purpose", purpose_words(rules, channel.purpose))],
    );
    page.wrapped_styled(dim, &purpose, "  ", "    ");
    page.wrapped(&channel.description, "  ", "  ");
    for line in contact_lines(channel, rules) {
        page.wrapped(&line, "  ", "    ");
    }
    if let Some(via) = super::words::reach_via(rules, channel) {
        page.wrapped(&via, "  ", "  ");
    }
    let source = rules.ui_fill(
        "channel_source",
        &[
            ("title", &channel.source.title),
            ("url", &channel.source.url),
            ("checked", &channel.checked),
        ],
    );
    page.wrapped_styled(dim, &source, "  ", "    ");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`wrap_ascii`] makes of `text` at [`WIDTH`], or `None` where it
    /// leaves it to textwrap.
    fn ascii(text: &str, first: &str, rest: &str) -> Option<String> {
        ascii_at(WIDTH, text, first, rest)
    }

    /// [`ascii`] at `width`.
    fn ascii_at(width: usize, text: &str, first: &str, rest: &str) -> Option<String> {
        let mut out = String::new();
        wrap_ascii(&mut out, text, first, rest, width).then_some(out)
    }

    /// What textwrap makes of `text`: what [`wrap_ascii`] must equal.
    fn by_textwrap(text: &str, first: &str, rest: &str) -> String {
        by_textwrap_at(WIDTH, text, first, rest)
    }

    /// [`by_textwrap`] at `width`.
    fn by_textwrap_at(width: usize, text: &str, first: &str, rest: &str) -> String {
        textwrap::fill(text, wrap_options(first, rest, width))
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
        for width in [MIN_WIDTH, 38, 40, WIDTH, 100] {
            for text in texts {
                for (first, rest) in indents {
                    assert_eq!(
                        ascii_at(width, text, first, rest).as_deref(),
                        Some(by_textwrap_at(width, text, first, rest).as_str()),
                        "{text:?} with {first:?} / {rest:?} at {width}"
                    );
                }
            }
        }
    }

    /// Text that is not plain ASCII goes to textwrap, and so does any
    /// escape sequence (its bytes take no columns).
    #[test]
    fn other_text_is_left_to_textwrap() {
        assert_eq!(ascii("Café", "", ""), None);
        assert_eq!(ascii("\u{1b}[1mbold\u{1b}[0m", "", ""), None);
        assert_eq!(ascii("plain", "→ ", ""), None);
        let wide = "漢字 ".repeat(30);
        assert_eq!(wrap(&wide, "- ", "  "), by_textwrap(&wide, "- ", "  "));
    }

    /// Without colour, a report is the coloured one with its styles taken
    /// out: the same words, wrapped at the same places, in both languages.
    #[test]
    fn plain_report_is_the_styled_one_stripped() {
        let embedded = crate::testing::default_rules();
        let folder = &{
            static DIR: std::sync::LazyLock<String> =
                std::sync::LazyLock::new(|| format!("{}/answers", crate::testing::FIXTURES_DIR));
            DIR.as_str()
        };
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
        /// Any ASCII text of words and spaces, any indents, any width: the
        /// same lines as textwrap.
        #[test]
        fn any_ascii_wraps_as_textwrap(
            text in "([a-z.,-]{0,12}[ ]{0,3}\n?){0,40}",
            first in "[ -]{0,12}",
            rest in "[ ]{0,12}",
            width in MIN_WIDTH..120usize,
        ) {
            prop_assert_eq!(
                ascii_at(width, &text, &first, &rest),
                Some(by_textwrap_at(width, &text, &first, &rest))
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
                ascii(&text, &indent, &indent),
                Some(by_textwrap(&text, &indent, &indent))
            );
        }
    }
}

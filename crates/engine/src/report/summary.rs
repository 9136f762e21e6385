//! The summary of a report that a person reads on one screen: the verdict
//! first, then the signs in short (one line for each group of signs that
//! rest on the same facts, the most serious first, "and N more"), what to do
//! now in a few words, and the two or three offices to contact first. It
//! opens the text report, and a front end shows it alone (the terminal after
//! the questionnaire, with a menu under it).
//!
//! What is shown is chosen apart from how it is laid out: [`top_signs`],
//! [`top_offices`] and [`select`] return data, which a shorter rendering
//! (an SMS) can word its own way; [`render`] lays that selection out as
//! text for a terminal of a given width.

use super::groups::{Group, group_findings};
use super::text::{Page, Paint};
use super::words::{self, NextStep};
use super::{ListedChannel, Reason, Report};
use crate::rules::{Channel, Level, RuleSet};

/// How many lines [`render`] keeps the summary within where it can: on a
/// terminal of 24 rows, four are left for a menu or a pager's prompt.
pub const SCREEN_LINES: usize = 20;

/// How much a summary shows at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Lines of signs, each a group's most serious sign (an "and N more"
    /// line follows when signs are left out).
    pub signs: usize,
    /// Things to do now.
    pub steps: usize,
    /// Offices to contact.
    pub offices: usize,
}

impl Limits {
    /// As much as a summary shows: five lines of signs, three steps, three offices.
    pub const FULL: Limits = Limits {
        signs: 5,
        steps: 3,
        offices: 3,
    };

    /// The least a summary shows to fit a small screen.
    pub const SMALLEST: Limits = Limits {
        signs: 3,
        steps: 2,
        offices: 2,
    };
}

/// The limits [`render_within`] tries, in order, until the summary fits: the
/// third step goes first (the least urgent), then a fifth sign; then a third
/// office rather than more signs; [`Limits::SMALLEST`] last.
const TRIED: [Limits; 6] = [
    Limits::FULL,
    Limits {
        steps: 2,
        ..Limits::FULL
    },
    Limits {
        signs: 4,
        steps: 2,
        offices: 3,
    },
    Limits {
        signs: 5,
        steps: 2,
        offices: 2,
    },
    Limits {
        signs: 4,
        steps: 2,
        offices: 2,
    },
    Limits::SMALLEST,
];

/// One line of the signs in short: a group's most serious sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopSign {
    /// The group, as an index into the groups given to [`top_signs`].
    pub group: usize,
    /// The sign named, as an index into [`Report::findings`].
    pub finding: usize,
    /// How many other signs of the group the line stands for.
    pub related: usize,
}

/// The signs a summary names, and how many it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopSigns {
    /// The lines, most serious group first.
    pub signs: Vec<TopSign>,
    /// Findings neither named nor stood for by a line.
    pub more: usize,
}

/// The `count` most serious groups of signs, one line each (`groups` as
/// [`group_findings`] orders them).
pub fn top_signs(report: &Report, groups: &[Group<'_>], count: usize) -> TopSigns {
    let signs: Vec<TopSign> = groups
        .iter()
        .enumerate()
        .take(count)
        .map(|(index, group)| TopSign {
            group: index,
            finding: group.first(),
            related: group.findings.len() - 1,
        })
        .collect();
    let covered: usize = signs.iter().map(|sign| sign.related + 1).sum();
    TopSigns {
        signs,
        more: report.findings.len().saturating_sub(covered),
    }
}

/// The `count` offices to contact first, among the report's channels (which
/// come in the order the findings call for them). Only offices with a
/// contact detail of their own (sourced, as every channel's is) are
/// chosen, those a finding calls for before those listed for everyone, and
/// among them one of each purpose first (reporting, advice, help abroad …)
/// before a second of the same purpose. When no channel has a contact
/// detail of its own, the first channels are chosen as they are (each says
/// whom to ask for its details).
pub fn top_offices(report: &Report, count: usize) -> Vec<&ListedChannel> {
    let reachable: Vec<&ListedChannel> = report
        .channels
        .iter()
        .filter(|listed| has_contact(&listed.channel))
        .collect();
    if reachable.is_empty() {
        return report.channels.iter().take(count).collect();
    }
    let called_for = |listed: &ListedChannel| {
        listed
            .reasons
            .iter()
            .any(|reason| matches!(reason, Reason::Finding { .. }))
    };
    let mut chosen: Vec<&ListedChannel> = Vec::with_capacity(count);
    for tier in [true, false] {
        let candidates: Vec<&ListedChannel> = reachable
            .iter()
            .copied()
            .filter(|listed| called_for(listed) == tier)
            .collect();
        // One of each purpose first, then the others in order.
        for distinct in [true, false] {
            for listed in &candidates {
                if chosen.len() == count {
                    return chosen;
                }
                let taken = chosen.iter().any(|c| std::ptr::eq(*c, *listed));
                let purpose_taken = chosen
                    .iter()
                    .any(|c| c.channel.purpose == listed.channel.purpose);
                let skip = taken || (distinct && purpose_taken);
                if !skip {
                    chosen.push(listed);
                }
            }
        }
    }
    chosen
}

/// Whether a channel has a phone number, web address or e-mail of its own.
fn has_contact(channel: &Channel) -> bool {
    channel.phone.is_some() || channel.url.is_some() || channel.email.is_some()
}

/// The one contact detail a summary shows for an office: the phone number
/// (most people can call), else the web address, else the e-mail; or, for
/// an office with none of its own, whom to ask for it.
fn best_contact(channel: &Channel, rules: &RuleSet) -> Option<String> {
    if let Some(phone) = &channel.phone {
        Some(rules.ui_fill("channel_phone", &[("phone", phone)]))
    } else if let Some(url) = &channel.url {
        Some(rules.ui_fill("channel_web", &[("url", url)]))
    } else if let Some(email) = &channel.email {
        Some(rules.ui_fill("channel_email", &[("email", email)]))
    } else {
        words::reach_via(rules, channel)
    }
}

/// What a summary shows.
#[derive(Debug, Clone)]
pub struct Summary<'r> {
    /// The signs in short.
    pub signs: TopSigns,
    /// What to do now, most urgent first (worded by [`NextStep::short_key`]).
    pub steps: Vec<NextStep>,
    /// The offices to contact first.
    pub offices: Vec<&'r ListedChannel>,
}

/// What a summary within `limits` shows (`groups` from [`group_findings`]).
pub fn select<'r>(report: &'r Report, groups: &[Group<'_>], limits: Limits) -> Summary<'r> {
    let mut steps = words::next_step_list(report);
    steps.truncate(limits.steps);
    Summary {
        signs: top_signs(report, groups, limits.signs),
        steps,
        offices: top_offices(report, limits.offices),
    }
}

/// The summary as text wrapped to `width` columns (at least
/// [`super::text::MIN_WIDTH`]), within [`SCREEN_LINES`] lines where it can.
pub fn render(report: &Report, rules: &RuleSet, paint: Paint, width: usize) -> String {
    render_within(report, rules, paint, width, SCREEN_LINES)
}

/// [`render`] within `lines` lines where it can: fewer steps, signs and
/// offices (down to [`Limits::SMALLEST`]) are shown to make room.
/// The verdict, the first steps and offices are never left out, so on a
/// screen too small for even those the summary is longer than `lines`.
pub fn render_within(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    width: usize,
    lines: usize,
) -> String {
    let groups = group_findings(report, rules);
    let mut page = Page::new(rules, paint, width);
    layout_within(report, &groups, lines, &mut page);
    page.text
}

/// The summary within exactly these `limits`, as text wrapped to `width`
/// columns: for a screen too small for [`render_within`]'s least (a phone's
/// terminal), a front end may show fewer signs, steps and offices still,
/// down to none of the signs (a line then says how many were found).
pub fn render_limited(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    width: usize,
    limits: Limits,
) -> String {
    let groups = group_findings(report, rules);
    let mut page = Page::new(rules, paint, width);
    layout(&select(report, &groups, limits), report, &mut page);
    page.text
}

/// Appends the summary to `page` within `lines` lines where it can (see
/// [`render_within`]).
pub(super) fn layout_within(
    report: &Report,
    groups: &[Group<'_>],
    lines: usize,
    page: &mut Page<'_>,
) {
    let start = page.text.len();
    for limits in TRIED {
        page.text.truncate(start);
        layout(&select(report, groups, limits), report, page);
        if page.text[start..].lines().count() <= lines {
            return;
        }
    }
}

/// Whether the summary says the headline's sentence: for a low level, where
/// it says what was and was not found and that the offer is not safe for
/// that. Above, the signs say it.
pub(super) fn shows_headline_summary(report: &Report) -> bool {
    report.level == Level::Low
}

/// Appends the summary to `page`.
pub(super) fn layout(summary: &Summary<'_>, report: &Report, page: &mut Page<'_>) {
    let rules = page.rules;
    let paint = page.paint;
    let bold = paint.bold();
    let headline = words::headline(report, rules);
    page.line_styled(paint.level(report.level), &headline.title);
    if shows_headline_summary(report) {
        page.wrapped(&headline.summary, "", "");
    }
    if !report.findings.is_empty() && summary.signs.signs.is_empty() {
        // No sign named (the least a phone's screen shows): their count alone.
        let count = report.findings.len();
        page.line_styled(
            bold,
            &words::ui_count_fill(rules, "summary_signs_count", count, &[]),
        );
    } else if !report.findings.is_empty() {
        let count = report.findings.len();
        page.line_styled(
            bold,
            &words::ui_count_fill(rules, "summary_signs", count, &[]),
        );
        for sign in &summary.signs.signs {
            let finding = &report.findings[sign.finding];
            let line = if sign.related == 0 {
                finding.title.to_string()
            } else {
                words::ui_count_fill(
                    rules,
                    "summary_related",
                    sign.related,
                    &[("title", &finding.title)],
                )
            };
            page.wrapped_styled(paint.level(finding.severity), &line, "- ", "  ");
        }
        if summary.signs.more > 0 {
            let more = words::ui_count_fill(rules, "summary_more", summary.signs.more, &[]);
            page.wrapped(&more, "- ", "  ");
        }
    }
    page.end();
    page.line_styled(bold, rules.ui("summary_now"));
    for step in &summary.steps {
        page.wrapped(rules.ui(step.short_key()), "- ", "  ");
    }
    page.end();
    page.line_styled(bold, rules.ui("summary_contacts"));
    if summary.offices.is_empty() {
        page.wrapped(&words::no_channels(report, rules), "", "");
    }
    for listed in &summary.offices {
        let channel = &listed.channel;
        let mut name = String::with_capacity(channel.name.len() + 8);
        super::text::push_styled(&mut name, bold, &channel.name);
        page.wrapped(&name, "- ", "  ");
        if let Some(contact) = best_contact(channel, rules) {
            page.wrapped(&contact, "  ", "    ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answers, RawAnswer};

    /// The interface wording the summary uses: each must be in ui.toml and
    /// translated in sw.toml.
    const KEYS: &[&str] = &[
        "summary_signs_one",
        "summary_signs_many",
        "summary_related_one",
        "summary_related_many",
        "summary_more_one",
        "summary_more_many",
        "summary_signs_count_one",
        "summary_signs_count_many",
        "summary_now",
        "summary_contacts",
        "now_stop",
        "now_already_paid",
        "now_check_first",
        "now_find_answers",
        "now_keep_copies",
        "group_heading",
    ];

    /// `summary` laid out on a page of its own.
    fn lay_out(
        summary: &Summary<'_>,
        report: &Report,
        rules: &RuleSet,
        paint: Paint,
        width: usize,
    ) -> String {
        let mut page = Page::new(rules, paint, width);
        layout(summary, report, &mut page);
        page.text
    }

    fn rules(lang: &str) -> RuleSet {
        crate::testing::default_rules().localised(lang)
    }

    /// Every answers fixture and every advert fixture, with its name.
    fn cases(rules: &RuleSet) -> Vec<(String, Report)> {
        let dir = crate::testing::FIXTURES_DIR;
        let mut cases = Vec::new();
        for folder in ["answers", "adverts"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/{folder}"))
                .expect("a fixtures folder")
                .map(|entry| entry.expect("a fixture").path())
                .collect();
            paths.sort();
            for path in paths {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path).expect("a fixture");
                let raw = if name.ends_with(".json") {
                    RawAnswer::from_json(&name, &text)
                } else if name.ends_with(".toml") {
                    RawAnswer::from_toml(&name, &text)
                } else if name.ends_with(".txt") {
                    let toml = format!("offer_text = {}", toml::Value::String(text));
                    RawAnswer::from_toml(&name, &toml)
                        .map(|raw| raw.into_iter().map(RawAnswer::into_owned).collect())
                } else {
                    continue;
                }
                .expect("a valid fixture");
                let answers = Answers::from_raw(rules, raw).expect("valid answers");
                cases.push((name, crate::assess(rules, &answers)));
            }
        }
        assert!(cases.len() >= 10, "{} fixtures", cases.len());
        cases
    }

    /// Lines longer than `width` hold a single word after their indent (a
    /// web address, which is never broken).
    fn assert_fits(text: &str, width: usize, name: &str) {
        for line in text.lines() {
            let columns = line.chars().count();
            assert!(
                columns <= width || line.trim_start().split(' ').count() == 1,
                "{name}: {columns} columns at {width}: {line:?}"
            );
        }
    }

    /// The words of a text, in order: the same at any width when wrapping
    /// breaks lines only between words.
    fn words_of(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    /// In English and Kiswahili, at 40 and 80 columns, for every fixture:
    /// the verdict on the first lines; no line longer than the width but a
    /// lone web address; no word broken (the same words, in the same
    /// order, as with no wrapping at all); within [`SCREEN_LINES`] at 80
    /// columns; and every finding accounted for, named or counted.
    #[test]
    fn summary_fits_and_keeps_every_word() {
        for lang in ["en", "sw"] {
            let rules = rules(lang);
            for (name, report) in cases(&rules) {
                let groups = group_findings(&report, &rules);
                for width in [40, 80] {
                    let text = render(&report, &rules, Paint::new(false), width);
                    let name = format!("{name} in {lang} at {width}");
                    // The verdict is what the text starts with.
                    let title = words::headline(&report, &rules).title;
                    assert!(
                        words_of(&text).starts_with(&words_of(&title)),
                        "{name}: {text}"
                    );
                    assert_fits(&text, width, &name);
                    if width == 80 {
                        assert!(
                            text.lines().count() <= SCREEN_LINES,
                            "{name}: {} lines\n{text}",
                            text.lines().count()
                        );
                    }
                    // The same selection, laid out with no wrapping: the same words.
                    for limits in [Limits::FULL, Limits::SMALLEST] {
                        let summary = select(&report, &groups, limits);
                        let narrow = lay_out(&summary, &report, &rules, Paint::new(false), width);
                        let wide = lay_out(&summary, &report, &rules, Paint::new(false), 100_000);
                        assert_eq!(words_of(&narrow), words_of(&wide), "{name}");
                        let shown: usize = summary.signs.signs.iter().map(|s| s.related + 1).sum();
                        assert_eq!(shown + summary.signs.more, report.findings.len(), "{name}");
                    }
                }
            }
        }
    }

    /// The Kenya–Russia case: the verdict says not to pay, sign or travel;
    /// the critical sign comes first; at most five sign lines and an "and
    /// N more"; two steps to stop; three offices, each with its own
    /// contact detail and called for by the findings, of three purposes.
    #[test]
    fn kenya_russia_summary() {
        let rules = rules("en");
        let text = std::fs::read_to_string(format!(
            "{}/answers/fraud-russia.toml",
            crate::testing::FIXTURES_DIR
        ))
        .expect("the fixture");
        let raw = RawAnswer::from_toml("fraud-russia.toml", &text).expect("valid TOML");
        let report = crate::assess(&rules, &Answers::from_raw(&rules, raw).expect("valid"));
        let groups = group_findings(&report, &rules);
        let summary = select(&report, &groups, Limits::FULL);
        assert_eq!(summary.signs.signs.len(), 5);
        assert_eq!(
            report.findings[summary.signs.signs[0].finding].rule,
            "MIL001"
        );
        assert!(summary.signs.signs.iter().any(|s| s.related > 0));
        assert!(summary.signs.more > 0);
        assert_eq!(
            &summary.steps[..2],
            &[NextStep::Stop, NextStep::AlreadyPaid]
        );
        assert_eq!(summary.offices.len(), 3);
        for office in &summary.offices {
            assert!(has_contact(&office.channel), "{}", office.channel.id);
            assert!(
                office
                    .reasons
                    .iter()
                    .any(|r| matches!(r, Reason::Finding { .. })),
                "{}",
                office.channel.id
            );
        }
        let mut purposes: Vec<_> = summary.offices.iter().map(|o| o.channel.purpose).collect();
        purposes.dedup();
        assert_eq!(purposes.len(), 3);
        let shown = render(&report, &rules, Paint::new(false), 80);
        let verdict = format!("{}\n", rules.ui("headline_critical"));
        assert!(shown.starts_with(&verdict), "{shown}");
        assert!(shown.contains("Job linked to army"), "{shown}");
    }

    /// With nothing found the summary still never calls the offer safe:
    /// it says so, and names offices to verify with; so it does when too
    /// few questions were answered to judge.
    #[test]
    fn nothing_found_is_not_safe() {
        let rules = rules("en");
        for (name, report) in cases(&rules) {
            if !report.findings.is_empty() {
                continue;
            }
            let text = render(&report, &rules, Paint::new(false), 80);
            let said = words_of(&text).join(" ");
            assert!(
                said.contains("does not mean the offer is safe"),
                "{name}: {text}"
            );
            assert!(!report.channels.is_empty(), "{name}");
            assert!(
                text.contains(rules.ui("summary_contacts")),
                "{name}: {text}"
            );
            let office = words_of(&top_offices(&report, 1)[0].channel.name).join(" ");
            assert!(said.contains(&office), "{name}: {text}");
        }
    }

    /// Smaller screens show fewer signs and offices, never fewer than the least.
    #[test]
    fn small_screens_show_less() {
        let rules = rules("en");
        let text = std::fs::read_to_string(format!(
            "{}/answers/fraud-russia.toml",
            crate::testing::FIXTURES_DIR
        ))
        .expect("the fixture");
        let raw = RawAnswer::from_toml("fraud-russia.toml", &text).expect("valid TOML");
        let report = crate::assess(&rules, &Answers::from_raw(&rules, raw).expect("valid"));
        let tall = render_within(&report, &rules, Paint::new(false), 80, 100);
        let short = render_within(&report, &rules, Paint::new(false), 80, 10);
        assert!(short.lines().count() < tall.lines().count());
        let least = lay_out(
            &select(&report, &group_findings(&report, &rules), Limits::SMALLEST),
            &report,
            &rules,
            Paint::new(false),
            80,
        );
        assert_eq!(short, least, "too small for anything less");
    }

    /// Every key the summary uses is in ui.toml and in Kiswahili.
    #[test]
    fn wording_is_in_both_languages() {
        let en = rules("en");
        let sw = rules("sw");
        for key in KEYS {
            assert_ne!(en.ui(key), *key, "{key} missing from ui.toml");
            assert_ne!(sw.ui(key), en.ui(key), "{key} not translated in sw.toml");
        }
        for step in [
            NextStep::Stop,
            NextStep::AlreadyPaid,
            NextStep::CheckFirst,
            NextStep::FindAnswers,
            NextStep::KeepCopies,
        ] {
            assert!(KEYS.contains(&step.short_key()), "{step:?}");
            assert_ne!(en.ui(step.key()), step.key());
        }
    }
}

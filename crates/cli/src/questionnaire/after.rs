//! The end of the questionnaire: the report's one-screen summary (the
//! verdict first) with a menu under it — read each sign in full, whom to
//! contact, save the report, change an answer, quit — chosen with the arrow
//! keys or by number. What each choice does is the caller's (`cli::after`);
//! this draws the screen and fits the summary to it.

use super::{Prompter, Stopped};
use crate::report::Report;
use crate::report::summary::{self, Limits};
use crate::report::text::Paint;
use crate::rules::RuleSet;

/// What the person chose under the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Read each warning sign in full.
    Signs,
    /// Whom to contact: every office, with why it is listed.
    Contacts,
    /// Save the report to a file.
    Save,
    /// Back to the review, to change an answer.
    Change,
    /// Quit, with the verdict left on the screen.
    Quit,
}

/// The menu's items, in order, with the key of their wording in the rules.
const CHOICES: [(Choice, &str); 5] = [
    (Choice::Signs, "menu_signs"),
    (Choice::Contacts, "menu_contacts"),
    (Choice::Save, "menu_save"),
    (Choice::Change, "menu_change"),
    (Choice::Quit, "menu_quit"),
];

/// The screen rows the menu takes under the summary on a terminal
/// `columns` wide: a blank line, its prompt and its items (each as the menu
/// wraps it), and the line the cursor waits on.
fn menu_rows(prompt: &str, items: &[String], columns: usize) -> usize {
    let rows = |text: &str, width: usize| textwrap::wrap(text, width.max(1)).len().max(1);
    let prompt_rows = rows(&format!("? {prompt} ›"), super::text_width(columns) - 2);
    let item_rows: usize = items
        .iter()
        .map(|item| rows(item, columns.saturating_sub(6).max(20)))
        .sum();
    prompt_rows + item_rows + 2
}

/// Smaller summaries than [`summary::render_within`]'s least, tried in turn
/// on a screen too small for it (a phone's terminal): fewer signs first,
/// then one step and one office, then no sign but their count.
const TIGHTER: [Limits; 3] = [
    Limits {
        signs: 2,
        steps: 1,
        offices: 2,
    },
    Limits {
        signs: 1,
        steps: 1,
        offices: 1,
    },
    Limits {
        signs: 0,
        steps: 1,
        offices: 1,
    },
];

/// Shows the summary (fitted to the screen, with `status` under it: what
/// the last choice did) and the menu, and returns what was chosen. Esc and
/// `q` are [`Choice::Quit`]; Ctrl-C, Ctrl-D and a closed terminal are
/// `Err`, which the caller ends on as on Quit.
pub fn choose(
    rules: &RuleSet,
    report: &Report,
    paint: Paint,
    status: Option<&str>,
    prompter: &mut dyn Prompter,
) -> Result<Choice, Stopped> {
    let (rows, columns) = prompter.size();
    let items: Vec<String> = CHOICES
        .iter()
        .enumerate()
        .map(|(index, (_, key))| format!("{}. {}", index + 1, rules.ui(key)))
        .collect();
    let prompt = rules.ui("menu_prompt");
    let status_rows = status.map_or(0, |status| {
        textwrap::wrap(status, super::text_width(columns).saturating_sub(2)).len()
    });
    let lines = rows.saturating_sub(menu_rows(prompt, &items, columns) + status_rows);
    let pointer = Some(rules.ui("summary_cut"));
    let mut text = fit(
        report,
        rules,
        paint,
        super::text_width(columns),
        lines,
        pointer,
    );
    text.push('\n');
    prompter.show(&text)?;
    if let Some(status) = status {
        prompter.note(status)?;
    }
    Ok(match prompter.numbered_select(prompt, &items, 0)? {
        Some(index) => CHOICES
            .get(index)
            .map_or(Choice::Quit, |(choice, _)| *choice),
        None => Choice::Quit,
    })
}

/// The summary wrapped to `width` columns within `lines` lines: as the
/// report opens with it where it fits, else with fewer signs, steps and
/// offices ([`TIGHTER`]), else cut after the last whole item that fits,
/// with `pointer` (where the rest is) as its last line when there is one.
/// The verdict, its first line, is always shown.
pub fn fit(
    report: &Report,
    rules: &RuleSet,
    paint: Paint,
    width: usize,
    lines: usize,
    pointer: Option<&str>,
) -> String {
    let lines = lines.max(2);
    let text = summary::render_within(report, rules, paint, width, lines);
    if text.lines().count() <= lines {
        return text;
    }
    for limits in TIGHTER {
        let text = summary::render_limited(report, rules, paint, width, limits);
        if text.lines().count() <= lines {
            return text;
        }
    }
    let text = summary::render_limited(report, rules, paint, width, TIGHTER[2]);
    let all: Vec<&str> = text.lines().collect();
    let room = if pointer.is_some() { lines - 1 } else { lines };
    // Cut at a blank line, so that a part is shown whole or not at all;
    // else before an item ("- "), so that no office is shown without its
    // number; on a screen too small even for that, after as many lines as fit.
    let plain = |line: &str| console::strip_ansi_codes(line).into_owned();
    let cut_before = |starts: &dyn Fn(&str) -> bool| {
        (2..=room.min(all.len()))
            .rev()
            .find(|&kept| all.get(kept).is_none_or(|next| starts(&plain(next))))
    };
    let keep = cut_before(&|next| next.is_empty())
        .or_else(|| cut_before(&|next| next.starts_with("- ")))
        .unwrap_or(room.min(all.len()));
    let mut cut: String = all[..keep].iter().flat_map(|line| [*line, "\n"]).collect();
    // A style begun on a kept line and ended on a cut one ends here.
    if cut.contains('\u{1b}') {
        cut.push_str("\u{1b}[0m");
    }
    if let Some(pointer) = pointer {
        let pointer = textwrap::fill(pointer, width);
        cut.push_str(pointer.lines().next().unwrap_or_default());
        cut.push('\n');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answers, RawAnswer};

    fn kenya_russia(lang: &str) -> (RuleSet, Report) {
        let rules = crate::default_rules::rule_set()
            .expect("the default rules")
            .localised(lang);
        let text = include_str!("../../tests/fixtures/answers/fraud-russia.toml");
        let raw = RawAnswer::from_toml("fraud-russia.toml", text).expect("valid TOML");
        let answers = Answers::from_raw(&rules, raw).expect("valid answers");
        let report = crate::assess::evaluate(&rules, answers).report();
        (rules, report)
    }

    /// On any screen from a phone's to a desk's, in both languages, the
    /// summary fits the lines it is given and starts with the verdict.
    #[test]
    fn the_summary_fits_and_starts_with_the_verdict() {
        for lang in ["en", "sw"] {
            let (rules, report) = kenya_russia(lang);
            let title = crate::report::words::headline(&report, &rules).title;
            let first_word = title.split_whitespace().next().expect("a verdict");
            for (width, lines) in [(38, 12), (38, 19), (78, 16), (78, 22), (30, 4)] {
                let text = fit(
                    &report,
                    &rules,
                    Paint::new(false),
                    width,
                    lines,
                    Some("… more"),
                );
                assert!(
                    text.lines().count() <= lines,
                    "{lang} {width}x{lines}: {} lines\n{text}",
                    text.lines().count()
                );
                assert!(
                    text.starts_with(first_word),
                    "{lang} {width}x{lines}\n{text}"
                );
            }
        }
    }

    /// A screen too small for any summary shows its first lines and says
    /// where the rest is.
    #[test]
    fn a_tiny_screen_is_cut_with_a_pointer() {
        let (rules, report) = kenya_russia("en");
        let text = fit(
            &report,
            &rules,
            Paint::new(false),
            38,
            6,
            Some(rules.ui("summary_cut")),
        );
        assert!(text.lines().count() <= 6, "{text}");
        let last = text.lines().last().expect("a line");
        assert!(rules.ui("summary_cut").starts_with(last), "{text}");
        // Cut before an item, never between an office and its number.
        let text = fit(&report, &rules, Paint::new(false), 38, 14, None);
        assert!(text.lines().count() <= 14, "{text}");
        let last = text.lines().last().expect("a line");
        assert!(
            !last.starts_with("- "),
            "an office without its number: {text}"
        );
    }
}

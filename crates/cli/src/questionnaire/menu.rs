//! The questionnaire's menus: one choice, several choices (ticked with
//! Space), and one choice in a long list filtered by typing (countries).
//!
//! They are our own, on [`Term::read_key`], because dialoguer's `Select`,
//! `MultiSelect` and `FuzzySelect` ignore control keys: Ctrl-D reaches them
//! as `Key::Char('\u{4}')` and is dropped, so it could not stop the
//! questionnaire from a menu as it does from a typed answer. They are drawn
//! with dialoguer's [`Theme`], so they look as dialoguer's menus did, and keep
//! their keys: arrows (and j/k outside the filtered list) move, Enter picks,
//! Space ticks, Esc goes back.
//!
//! [`Menu`] is the state and the keys, without a terminal, so it is tested
//! with key sequences; [`Menu::interact`] draws it and reads the keys.

use std::fmt;

use console::{Key, Term, measure_text_width};
use dialoguer::theme::{ColorfulTheme, Theme};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::{Stopped, read_key, stopped};

/// The most characters typed into a filter: more can match nothing useful.
const MAX_QUERY: usize = 100;

/// The most rows a filtered list shows: it is a search, not a page to read.
const MAX_FILTER_ROWS: usize = 12;

/// What kind of menu, with the state only that kind has.
#[derive(Debug)]
enum Kind {
    /// One choice: Enter or Space picks the highlighted item.
    Single,
    /// Several choices: Space ticks or unticks, Enter ends.
    Multi { checked: Vec<bool> },
    /// One choice among the items that match the typed text.
    Filter { query: Vec<char>, cursor: usize },
}

/// How a key ended the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// The chosen items, by index into the items: one, or those ticked.
    Chosen(Vec<usize>),
    /// Esc: go back.
    Back,
    /// Ctrl-D (or Ctrl-C read as a key): stop the questionnaire.
    Stop(Stopped),
}

/// dialoguer's colourful theme, with the row under the cursor of a
/// multiple choice marked by a sign (`❯`), as in a single choice. The theme
/// marks it by colour alone, which NO_COLOR, or a terminal without colour,
/// takes away: the person could no longer see which row Space would tick.
pub(super) struct MarkedTheme(pub(super) ColorfulTheme);

impl Theme for MarkedTheme {
    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }

    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let sign = if active {
            &self.0.active_item_prefix
        } else {
            &self.0.inactive_item_prefix
        };
        write!(f, "{sign} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }

    fn format_fuzzy_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
        highlight_matches: bool,
        matcher: &SkimMatcherV2,
        search_term: &str,
    ) -> fmt::Result {
        self.0.format_fuzzy_select_prompt_item(
            f,
            text,
            active,
            highlight_matches,
            matcher,
            search_term,
        )
    }

    fn format_fuzzy_select_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        search_term: &str,
        bytes_pos: usize,
    ) -> fmt::Result {
        self.0
            .format_fuzzy_select_prompt(f, prompt, search_term, bytes_pos)
    }
}

/// A menu on the terminal: a prompt line, then as many items as fit.
#[derive(Debug)]
pub(super) struct Menu<'a> {
    prompt: &'a str,
    items: &'a [String],
    kind: Kind,
    /// The items on offer, by index into `items`, in the order shown: all of
    /// them, or for a filter those that match, best first.
    shown: Vec<usize>,
    /// The highlighted line, as an index into `shown`.
    active: usize,
    /// The first line of `shown` on the screen.
    top: usize,
    /// How many items fit on the screen (set before each drawing).
    rows: usize,
    /// What a filter that matches nothing shows instead of items (see
    /// [`Menu::with_no_match`]).
    no_match: &'a str,
    /// For a filter: the words each item is known by (a country's code,
    /// names and short forms), lowercase; an item whose word is the typed
    /// text comes first (see [`Menu::with_keys`]).
    keys: &'a [Vec<String>],
    /// For a filter: the line shown, with `{item}`, when Enter was pressed
    /// on a match that is only a guess; a second Enter takes it.
    confirm: &'a str,
    /// Whether that line is showing.
    confirming: bool,
    /// Whether the highlighted item is only a guess: no word of any shown
    /// item is or starts with the typed text.
    weak: bool,
    /// The page marker, with `{page}` and `{pages}`.
    page_marker: &'a str,
    /// Whether a digit chooses the item of that number (1 for the first):
    /// see [`Menu::with_numbers`].
    numbered: bool,
}

impl<'a> Menu<'a> {
    fn new(prompt: &'a str, items: &'a [String], kind: Kind, active: usize) -> Self {
        let mut menu = Menu {
            prompt,
            items,
            kind,
            shown: (0..items.len()).collect(),
            active: 0,
            top: 0,
            rows: items.len().max(1),
            no_match: "",
            keys: &[],
            confirm: "",
            confirming: false,
            weak: false,
            page_marker: "[Page {page}/{pages}]",
            numbered: false,
        };
        menu.active = active.min(menu.shown.len().saturating_sub(1));
        menu
    }

    /// One choice among `items`, starting on `default`.
    pub(super) fn single(prompt: &'a str, items: &'a [String], default: usize) -> Self {
        Menu::new(prompt, items, Kind::Single, default)
    }

    /// Several choices among `items`, those in `checked` ticked at the start.
    pub(super) fn multi(prompt: &'a str, items: &'a [String], checked: &[bool]) -> Self {
        let checked = (0..items.len())
            .map(|i| checked.get(i).copied().unwrap_or(false))
            .collect();
        Menu::new(prompt, items, Kind::Multi { checked }, 0)
    }

    /// One choice among `items`, narrowed by typing; starts on `default`.
    pub(super) fn filter(prompt: &'a str, items: &'a [String], default: usize) -> Self {
        let kind = Kind::Filter {
            query: Vec::new(),
            cursor: 0,
        };
        Menu::new(prompt, items, kind, default)
    }

    /// The line a filter shows when the typed text matches nothing, in place
    /// of an empty list: how to widen the search or go back.
    pub(super) fn with_no_match(mut self, text: &'a str) -> Self {
        self.no_match = text;
        self
    }

    /// The words each item is known by, lowercase, in the items' order: an
    /// item one of whose words is the typed text is shown first, then those
    /// with a word starting with it, then the rest of the guesses. Enter on
    /// a guess asks first, with `confirm` (`{item}` is the item).
    pub(super) fn with_keys(mut self, keys: &'a [Vec<String>], confirm: &'a str) -> Self {
        self.keys = keys;
        self.confirm = confirm;
        self
    }

    /// A digit from 1 to 9 chooses the item of that number at once, as well
    /// as the arrows and Enter (the menu under the report's summary, whose
    /// items the caller numbers).
    pub(super) fn with_numbers(mut self) -> Self {
        self.numbered = true;
        self
    }

    /// The page marker in the person's language (`{page}`, `{pages}`).
    pub(super) fn with_page_marker(mut self, marker: &'a str) -> Self {
        self.page_marker = marker;
        self
    }

    /// Whether the list is shown a page at a time (`[Page 2/3]`), as dialoguer's
    /// `Select` and `MultiSelect` do; a filtered list scrolls line by line instead,
    /// as `FuzzySelect` does.
    fn paged(&self) -> bool {
        !matches!(self.kind, Kind::Filter { .. })
    }

    /// Sets how many items fit on the screen and keeps the highlighted one in view.
    fn set_rows(&mut self, rows: usize) {
        self.rows = rows.max(1);
        self.follow();
    }

    /// Moves the view so that the highlighted line is on the screen.
    fn follow(&mut self) {
        if self.paged() {
            self.top = self.active / self.rows * self.rows;
        } else if self.active < self.top {
            self.top = self.active;
        } else if self.active >= self.top + self.rows {
            self.top = self.active + 1 - self.rows;
        }
        let last_top = self.shown.len().saturating_sub(self.rows);
        if !self.paged() && self.top > last_top {
            self.top = last_top;
        }
    }

    /// How many pages the list has (1 when it fits).
    fn pages(&self) -> usize {
        self.shown.len().div_ceil(self.rows).max(1)
    }

    /// Moves the highlight one line down or up, round the ends.
    fn step(&mut self, down: bool) {
        let len = self.shown.len();
        if len == 0 {
            return;
        }
        self.active = if down {
            (self.active + 1) % len
        } else {
            (self.active + len - 1) % len
        };
        self.follow();
    }

    /// The next or previous page, round the ends; the highlight goes to its top.
    fn page(&mut self, next: bool) {
        if self.shown.is_empty() {
            return;
        }
        if self.paged() {
            let pages = self.pages();
            let page = self.active / self.rows;
            let page = if next {
                (page + 1) % pages
            } else {
                (page + pages - 1) % pages
            };
            self.active = page * self.rows;
        } else if next {
            self.active = (self.active + self.rows).min(self.shown.len() - 1);
        } else {
            self.active = self.active.saturating_sub(self.rows);
        }
        self.follow();
    }

    /// Matches the items against the typed text again; the best match is highlighted.
    fn refilter(&mut self) {
        let Kind::Filter { query, .. } = &self.kind else {
            return;
        };
        let query: String = query.iter().collect();
        self.confirming = false;
        self.weak = false;
        if query.is_empty() {
            self.shown = (0..self.items.len()).collect();
        } else {
            let matcher = SkimMatcherV2::default();
            let wanted = query.trim().to_lowercase();
            // 2: a word of the item is the text; 1: a word starts with it
            // (or a word of a word: "korea" in "north korea"); 0: a guess.
            let rank = |i: usize| -> u8 {
                let words = self.keys.get(i).map_or(&[][..], Vec::as_slice);
                if words.contains(&wanted) {
                    2
                } else if words.iter().any(|word| {
                    word.starts_with(&wanted)
                        || word
                            .split([' ', '-', ','])
                            .any(|part| part.starts_with(&wanted))
                }) {
                    1
                } else {
                    0
                }
            };
            let mut scored: Vec<(u8, i64, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let rank = rank(i);
                    let score = matcher.fuzzy_match(item, &query);
                    (rank > 0 || score.is_some()).then(|| (rank, score.unwrap_or(0), i))
                })
                .collect();
            // Best first; equal ranks and scores keep the list's order.
            scored.sort_by_key(|&(rank, score, _)| std::cmp::Reverse((rank, score)));
            self.weak =
                !self.keys.is_empty() && scored.first().is_some_and(|&(rank, _, _)| rank == 0);
            self.shown = scored.into_iter().map(|(_, _, i)| i).collect();
        }
        self.active = 0;
        self.top = 0;
    }

    /// What a key does: `Some` when it ends the menu.
    fn press(&mut self, key: Key) -> Option<Outcome> {
        match key {
            // Ctrl-D: end of input, as at a typed answer and in a shell.
            Key::Char('\u{4}') => return Some(Outcome::Stop(Stopped::Closed)),
            Key::CtrlC => return Some(Outcome::Stop(Stopped::Interrupted)),
            Key::Escape => return Some(Outcome::Back),
            Key::ArrowDown | Key::Tab => self.step(true),
            Key::ArrowUp | Key::BackTab => self.step(false),
            Key::PageDown => self.page(true),
            Key::PageUp => self.page(false),
            key => return self.press_kind(key),
        }
        None
    }

    /// The keys that differ between the kinds of menu.
    fn press_kind(&mut self, key: Key) -> Option<Outcome> {
        let highlighted = self.shown.get(self.active).copied();
        let numbered = self.numbered;
        let count = self.shown.len();
        match &mut self.kind {
            Kind::Single => match key {
                Key::Char(digit @ '1'..='9') if numbered => {
                    let index = usize::from(digit as u8 - b'1');
                    if index < count {
                        return Some(Outcome::Chosen(vec![self.shown[index]]));
                    }
                }
                Key::Char('j') => self.step(true),
                Key::Char('k') => self.step(false),
                Key::ArrowRight | Key::Char('l') => self.page(true),
                Key::ArrowLeft | Key::Char('h') => self.page(false),
                Key::Char('q') => return Some(Outcome::Back),
                Key::Enter | Key::Char(' ') => {
                    return highlighted.map(|i| Outcome::Chosen(vec![i]));
                }
                _ => {}
            },
            Kind::Multi { checked } => match key {
                Key::Char(' ') => {
                    if let Some(tick) = highlighted.and_then(|i| checked.get_mut(i)) {
                        *tick = !*tick;
                    }
                }
                Key::Char('a') => {
                    let all = checked.iter().all(|&c| c);
                    checked.fill(!all);
                }
                Key::Enter => {
                    let ticked = (0..checked.len()).filter(|&i| checked[i]).collect();
                    return Some(Outcome::Chosen(ticked));
                }
                Key::Char('j') => self.step(true),
                Key::Char('k') => self.step(false),
                Key::ArrowRight | Key::Char('l') => self.page(true),
                Key::ArrowLeft | Key::Char('h') => self.page(false),
                Key::Char('q') => return Some(Outcome::Back),
                _ => {}
            },
            Kind::Filter { query, cursor } => match key {
                // A guess is taken only at the second Enter, after the menu
                // has asked; an item chosen with the arrow keys at once.
                Key::Enter if self.weak && !self.confirming && self.active == 0 => {
                    self.confirming = highlighted.is_some();
                }
                Key::Enter => return highlighted.map(|i| Outcome::Chosen(vec![i])),
                Key::ArrowLeft => *cursor = cursor.saturating_sub(1),
                Key::ArrowRight => *cursor = (*cursor + 1).min(query.len()),
                Key::Home => *cursor = 0,
                Key::End => *cursor = query.len(),
                Key::Backspace if *cursor > 0 => {
                    *cursor -= 1;
                    query.remove(*cursor);
                    self.refilter();
                }
                Key::Del if *cursor < query.len() => {
                    query.remove(*cursor);
                    self.refilter();
                }
                Key::Char(c) if !c.is_control() && query.len() < MAX_QUERY => {
                    query.insert(*cursor, c);
                    *cursor += 1;
                    self.refilter();
                }
                _ => {}
            },
        }
        None
    }

    /// The question broken between words to fit after the menu's `? ` and
    /// before its ` ›` on a terminal `width` columns wide, as the
    /// questionnaire's other lines are, its further lines indented under its
    /// first. (Left to the terminal, a long line breaks in the middle of a word.)
    fn prompt_text(&self, width: usize) -> String {
        let width = super::text_width(width) - 2;
        textwrap::fill(
            self.prompt,
            textwrap::Options::new(width).subsequent_indent("  "),
        )
    }

    /// An item's text (or the no-match line) broken between words to fit a
    /// terminal `width` columns wide, its further lines indented under its
    /// first (after the marker, and a multiple choice's tick box).
    fn item_text(&self, text: &str, width: usize) -> String {
        let indent = match self.kind {
            Kind::Multi { .. } => "    ",
            _ => "  ",
        };
        let width = width.saturating_sub(6).max(20);
        textwrap::fill(
            text,
            textwrap::Options::new(width).subsequent_indent(indent),
        )
    }

    /// How many items fit in `budget` screen rows of a terminal `width`
    /// columns wide: all of them when their lines do, else as many as fit
    /// if each took as many rows as the tallest.
    fn rows_for(&self, budget: usize, width: usize) -> usize {
        let heights = self.shown.iter().map(|&item| {
            self.item_text(&self.items[item], width)
                .lines()
                .count()
                .max(1)
        });
        let (all, tallest) = heights.fold((0, 1), |(all, tallest), rows| {
            (all + rows, usize::max(tallest, rows))
        });
        if all <= budget {
            budget
        } else {
            (budget / tallest).max(1)
        }
    }

    /// The prompt and the items on the screen, each broken to fit `width` columns.
    fn lines(&self, theme: &dyn Theme, width: usize) -> Vec<String> {
        let mut lines = Vec::with_capacity(self.rows + 1);
        let question = self.prompt_text(width);
        let mut prompt = String::new();
        // Writing to a String cannot fail; a theme that fails shows less, never panics.
        let _ = match &self.kind {
            Kind::Single => theme.format_select_prompt(&mut prompt, &question),
            Kind::Multi { .. } => theme.format_multi_select_prompt(&mut prompt, &question),
            Kind::Filter { query, cursor } => {
                let query: String = query.iter().collect();
                let at = query
                    .char_indices()
                    .nth(*cursor)
                    .map_or(query.len(), |(at, _)| at);
                theme.format_fuzzy_select_prompt(&mut prompt, &question, &query, at)
            }
        };
        if self.paged() && self.pages() > 1 {
            // As dialoguer writes it; on a line of its own if it would not fit.
            let page = self.active / self.rows + 1;
            let marker = crate::rules::fill(
                self.page_marker,
                &[
                    ("page", &page.to_string()),
                    ("pages", &self.pages().to_string()),
                ],
            );
            let page = format!(" {marker} ");
            let last = prompt.rsplit('\n').next().unwrap_or_default();
            if measure_text_width(last) + page.len() > width {
                prompt.push_str("\n ");
            }
            prompt.push_str(&page);
        }
        lines.push(prompt);
        let matcher = SkimMatcherV2::default();
        let query: String = match &self.kind {
            Kind::Filter { query, .. } => query.iter().collect(),
            _ => String::new(),
        };
        for (line, &item) in self.shown.iter().enumerate().skip(self.top).take(self.rows) {
            let text = self.item_text(&self.items[item], width);
            let active = line == self.active;
            let mut out = String::new();
            let _ = match &self.kind {
                Kind::Single => theme.format_select_prompt_item(&mut out, &text, active),
                Kind::Multi { checked } => theme.format_multi_select_prompt_item(
                    &mut out,
                    &text,
                    checked.get(item).copied().unwrap_or(false),
                    active,
                ),
                Kind::Filter { .. } => theme.format_fuzzy_select_prompt_item(
                    &mut out, &text, active, true, &matcher, &query,
                ),
            };
            lines.push(out);
        }
        if self.shown.is_empty() && !self.no_match.is_empty() {
            let text = self.item_text(self.no_match, width);
            lines.push(format!("  {}", console::style(text).cyan()));
        }
        if self.confirming
            && let Some(&item) = self.shown.get(self.active)
        {
            let text = crate::rules::fill(self.confirm, &[("item", &self.items[item])]);
            let text = self.item_text(&text, width);
            lines.push(format!("  {}", console::style(text).cyan()));
        }
        lines
    }

    /// The line left on the screen after a choice, as dialoguer writes it,
    /// broken between words to fit a terminal `width` columns wide.
    fn chosen_line(&self, theme: &dyn Theme, chosen: &[usize], width: usize) -> String {
        let mut line = String::new();
        let texts: Vec<&str> = chosen
            .iter()
            .filter_map(|&i| self.items.get(i).map(String::as_str))
            .collect();
        let _ = match self.kind {
            Kind::Multi { .. } => {
                theme.format_multi_select_prompt_selection(&mut line, self.prompt, &texts)
            }
            _ => theme.format_select_prompt_selection(
                &mut line,
                self.prompt,
                texts.first().copied().unwrap_or_default(),
            ),
        };
        // Question and answer broken between words together, as the
        // question alone is above the menu (textwrap skips the styling).
        let width = super::text_width(width);
        textwrap::fill(&line, textwrap::Options::new(width).subsequent_indent("  "))
    }

    /// Shows the menu on `term` and reads keys until a choice (`Some`, the
    /// chosen indexes), Esc (`None`), or Ctrl-C, Ctrl-D or a closed terminal
    /// (`Err`). The menu's lines are cleared at the end; a choice leaves one
    /// line saying what was chosen.
    pub(super) fn interact(
        mut self,
        term: &Term,
        theme: &dyn Theme,
    ) -> Result<Option<Vec<usize>>, Stopped> {
        term.hide_cursor().map_err(stopped)?;
        let result = self.run(term, theme);
        // Shown again whatever happened; on an error the caller restores it too.
        let _ = term.show_cursor();
        result
    }

    fn run(&mut self, term: &Term, theme: &dyn Theme) -> Result<Option<Vec<usize>>, Stopped> {
        // Screen rows taken by the last drawing, to clear before the next one.
        let mut drawn = 0;
        loop {
            let (height, width) = term.size();
            let (height, width) = (usize::from(height), usize::from(width).max(1));
            // Room for the screen's header and the prompt, as before (dialoguer's
            // `max_length`), and for the prompt's further lines when it was
            // broken to fit; never more rows than the terminal has.
            let prompt_rows = self.prompt_text(width).lines().count().max(1);
            let budget = height.saturating_sub(7 + prompt_rows).max(4);
            let mut rows = self.rows_for(budget, width);
            if !self.paged() {
                rows = rows.min(MAX_FILTER_ROWS);
            }
            self.set_rows(rows.min(height.saturating_sub(2)));
            let lines = self.lines(theme, width);
            clear(term, drawn)?;
            let mut text = String::new();
            for line in &lines {
                text.push_str(line);
                text.push('\n');
            }
            term.write_str(&text).map_err(stopped)?;
            term.flush().map_err(stopped)?;
            drawn = lines.iter().map(|line| screen_rows(line, width)).sum();

            let Some(outcome) = self.press(read_key(term)?) else {
                continue;
            };
            return match outcome {
                Outcome::Chosen(chosen) => {
                    clear(term, drawn)?;
                    // Nothing ticked is no answer (the questionnaire says so
                    // and asks again): no "✔" line for it.
                    if !chosen.is_empty() {
                        term.write_line(&self.chosen_line(theme, &chosen, width))
                            .map_err(stopped)?;
                    }
                    Ok(Some(chosen))
                }
                Outcome::Back => {
                    clear(term, drawn)?;
                    Ok(None)
                }
                Outcome::Stop(why) => Err(why),
            };
        }
    }
}

/// Clears the last `rows` rows of the screen and puts the cursor at the first.
pub(super) fn clear(term: &Term, rows: usize) -> Result<(), Stopped> {
    term.move_cursor_up(rows).map_err(stopped)?;
    term.clear_to_end_of_screen().map_err(stopped)
}

/// How many screen rows a line takes on a terminal `width` columns wide
/// (each of its lines, if it holds line breaks).
pub(super) fn screen_rows(line: &str, width: usize) -> usize {
    line.split('\n')
        .map(|line| measure_text_width(line).div_ceil(width).max(1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dialoguer::theme::SimpleTheme;

    fn items(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    fn countries() -> Vec<String> {
        items(&[
            "Don't know",
            "What does this mean?",
            "Afghanistan (AF)",
            "Jordan (JO)",
            "Kenya (KE)",
            "Russia (RU)",
            "South Korea (KR)",
            "Turkmenistan (TM)",
        ])
    }

    /// Presses each key in turn; the outcome of the first that ends the menu.
    fn keys(menu: &mut Menu, keys: impl IntoIterator<Item = Key>) -> Option<Outcome> {
        keys.into_iter().find_map(|key| menu.press(key))
    }

    fn typed(text: &str) -> Vec<Key> {
        text.chars().map(Key::Char).collect()
    }

    /// Ctrl-D stops every kind of menu as a closed terminal does (issue 3, item 7).
    #[test]
    fn ctrl_d_stops_every_menu() {
        let list = items(&["Yes", "No", "Don't know"]);
        let stop = Some(Outcome::Stop(Stopped::Closed));
        assert_eq!(Menu::single("?", &list, 0).press(Key::Char('\u{4}')), stop);
        assert_eq!(
            Menu::multi("?", &list, &[true]).press(Key::Char('\u{4}')),
            stop
        );
        let mut filter = Menu::filter("?", &list, 0);
        assert_eq!(keys(&mut filter, typed("ye\u{4}")), stop);
    }

    /// Esc goes back from every kind of menu; q too, except where it is typed.
    #[test]
    fn esc_goes_back() {
        let list = items(&["Yes", "No"]);
        assert_eq!(
            Menu::single("?", &list, 0).press(Key::Escape),
            Some(Outcome::Back)
        );
        assert_eq!(
            Menu::multi("?", &list, &[]).press(Key::Char('q')),
            Some(Outcome::Back)
        );
        let mut filter = Menu::filter("?", &list, 0);
        assert_eq!(filter.press(Key::Char('q')), None, "q is typed");
        assert_eq!(filter.press(Key::Escape), Some(Outcome::Back));
    }

    /// Arrows and j/k move round the ends; Enter or Space picks.
    #[test]
    fn single_moves_and_picks() {
        let list = items(&["Yes", "No", "Don't know", "Help"]);
        let mut menu = Menu::single("?", &list, 1);
        assert_eq!(
            keys(&mut menu, [Key::ArrowDown, Key::Char('j'), Key::Enter]),
            Some(Outcome::Chosen(vec![3]))
        );
        let mut menu = Menu::single("?", &list, 0);
        assert_eq!(
            keys(&mut menu, [Key::ArrowUp, Key::Char('k'), Key::Char(' ')]),
            Some(Outcome::Chosen(vec![2]))
        );
        let mut menu = Menu::single("?", &list, 99);
        assert_eq!(menu.press(Key::Enter), Some(Outcome::Chosen(vec![3])));
    }

    /// In a numbered menu a digit chooses its item at once; a digit with no
    /// item does nothing, and an unnumbered menu ignores digits.
    #[test]
    fn numbers_choose_in_a_numbered_menu() {
        let list = items(&["1. Signs", "2. Contacts", "3. Save", "4. Change", "5. Quit"]);
        let mut menu = Menu::single("?", &list, 0).with_numbers();
        assert_eq!(menu.press(Key::Char('9')), None);
        assert_eq!(menu.press(Key::Char('0')), None);
        assert_eq!(menu.press(Key::Char('3')), Some(Outcome::Chosen(vec![2])));
        let mut menu = Menu::single("?", &list, 0);
        assert_eq!(menu.press(Key::Char('3')), None);
        assert_eq!(menu.press(Key::Enter), Some(Outcome::Chosen(vec![0])));
    }

    /// Space ticks and unticks, a toggles all, Enter gives the ticked items in order.
    #[test]
    fn multi_ticks() {
        let list = items(&["Visa", "Ticket", "Deposit", "Don't know"]);
        let mut menu = Menu::multi("?", &list, &[false, false, true]);
        assert_eq!(
            keys(
                &mut menu,
                [
                    Key::Char(' '),
                    Key::ArrowDown,
                    Key::ArrowDown,
                    Key::Char(' ')
                ]
            ),
            None
        );
        assert_eq!(menu.press(Key::Enter), Some(Outcome::Chosen(vec![0])));
        let mut menu = Menu::multi("?", &list, &[]);
        assert_eq!(
            keys(&mut menu, [Key::Char('a'), Key::Enter]),
            Some(Outcome::Chosen(vec![0, 1, 2, 3]))
        );
        let mut menu = Menu::multi("?", &list, &[]);
        assert_eq!(menu.press(Key::Enter), Some(Outcome::Chosen(vec![])));
    }

    /// Typing "ken" puts Kenya first; Backspace widens the list again.
    #[test]
    fn typing_filters_the_list() {
        let list = countries();
        let mut menu = Menu::filter("?", &list, 1);
        assert_eq!(menu.shown[menu.active], 1, "starts on the default");
        assert_eq!(keys(&mut menu, typed("ken")), None);
        let shown: Vec<&str> = menu.shown.iter().map(|&i| list[i].as_str()).collect();
        assert_eq!(shown, ["Kenya (KE)", "Turkmenistan (TM)"]);
        assert_eq!(menu.press(Key::Enter), Some(Outcome::Chosen(vec![4])));

        let mut menu = Menu::filter("?", &list, 0);
        keys(&mut menu, typed("rus"));
        assert_eq!(list[menu.shown[0]], "Russia (RU)");
        keys(&mut menu, vec![Key::Backspace; 3]);
        assert_eq!(menu.shown.len(), list.len(), "empty search shows all");
        assert_eq!(menu.press(Key::Backspace), None, "nothing to delete");
    }

    /// A search that matches nothing: Enter and the arrows do nothing, Esc still works.
    #[test]
    fn filter_with_no_match() {
        let list = countries();
        let mut menu = Menu::filter("?", &list, 0);
        keys(&mut menu, typed("zzzz"));
        assert!(menu.shown.is_empty());
        assert_eq!(
            menu.lines(&SimpleTheme, 80).len(),
            1,
            "no line without a text"
        );
        let mut menu = menu.with_no_match("Nothing found.");
        let lines = menu.lines(&SimpleTheme, 80);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].contains("Nothing found."), "{lines:?}");
        assert_eq!(
            keys(
                &mut menu,
                [Key::Enter, Key::ArrowDown, Key::ArrowUp, Key::PageDown]
            ),
            None
        );
        assert_eq!(menu.press(Key::Escape), Some(Outcome::Back));
    }

    /// The cursor in the search text: left, right, Home, End, Del and typing in the middle.
    #[test]
    fn filter_edits_the_search() {
        let list = countries();
        let mut menu = Menu::filter("?", &list, 0);
        keys(
            &mut menu,
            [
                Key::Char('k'),
                Key::Char('y'),
                Key::ArrowLeft,
                Key::Char('e'),
                Key::Char('n'),
                Key::End,
                Key::Char('a'),
                Key::Home,
                Key::Del,
            ],
        );
        let Kind::Filter { query, cursor } = &menu.kind else {
            panic!("a filter");
        };
        assert_eq!(query.iter().collect::<String>(), "enya");
        assert_eq!(*cursor, 0);
    }

    /// A long list is shown a page at a time in a select, with the page in the prompt.
    #[test]
    fn long_select_is_paged() {
        let list: Vec<String> = (1..=10).map(|i| format!("Item {i}")).collect();
        let mut menu = Menu::single("Pick", &list, 0);
        menu.set_rows(4);
        keys(&mut menu, vec![Key::ArrowDown; 5]);
        assert_eq!((menu.active, menu.top), (5, 4));
        let lines = menu.lines(&SimpleTheme, 80);
        assert_eq!(lines[0], "Pick: [Page 2/3] ");
        assert_eq!(lines[1..], ["  Item 5", "> Item 6", "  Item 7", "  Item 8"]);
        menu.press(Key::ArrowRight);
        assert_eq!((menu.active, menu.top), (8, 8));
        assert_eq!(menu.lines(&SimpleTheme, 80).len(), 3, "the last page");
        menu.press(Key::Char('l'));
        assert_eq!((menu.active, menu.top), (0, 0), "round to the first page");
        menu.press(Key::ArrowUp);
        assert_eq!((menu.active, menu.top), (9, 8), "round to the last item");
    }

    /// A filtered list scrolls line by line and keeps the highlight in view.
    #[test]
    fn filtered_list_scrolls() {
        let list = countries();
        let mut menu = Menu::filter("Where?", &list, 0);
        menu.set_rows(3);
        keys(&mut menu, vec![Key::ArrowDown; 4]);
        assert_eq!((menu.active, menu.top), (4, 2));
        let lines = menu.lines(&SimpleTheme, 80);
        assert_eq!(lines[0], "Where? |");
        assert_eq!(
            lines[1..],
            ["  Afghanistan (AF)", "  Jordan (JO)", "> Kenya (KE)"]
        );
        menu.press(Key::ArrowUp);
        assert_eq!(menu.top, 2, "no scroll while the highlight is in view");
        menu.press(Key::PageDown);
        menu.press(Key::PageDown);
        assert_eq!((menu.active, menu.top), (7, 5));
        menu.press(Key::ArrowDown);
        assert_eq!((menu.active, menu.top), (0, 0), "round to the top");
    }

    /// In a multiple choice the row under the cursor carries a sign, so it can
    /// be seen without colour; the other rows are as wide.
    #[test]
    fn marked_theme_shows_the_active_row_without_colour() {
        let theme = MarkedTheme(ColorfulTheme::default());
        let row = |active: bool| {
            let mut out = String::new();
            theme
                .format_multi_select_prompt_item(&mut out, "Visa", false, active)
                .expect("formats");
            console::strip_ansi_codes(&out).into_owned()
        };
        assert!(row(true).starts_with("❯ "), "{}", row(true));
        assert!(!row(false).contains('❯'), "{}", row(false));
        assert_eq!(
            measure_text_width(&row(true)),
            measure_text_width(&row(false))
        );
        assert!(row(false).ends_with("Visa"));
    }

    /// All items are shown when their lines fit; otherwise as many as fit if
    /// each were as tall as the tallest.
    #[test]
    fn rows_fit_the_items_lines() {
        let long = "a long item that takes two lines at fifty columns wide";
        let list = items(&["one", "two", "three"]);
        assert_eq!(Menu::single("?", &list, 0).rows_for(8, 50), 8);
        let list = items(&[long, "two", long, "four", "five"]);
        let menu = Menu::single("?", &list, 0);
        assert_eq!(menu.rows_for(7, 50), 7, "2 + 1 + 2 + 1 + 1 rows fit in 7");
        assert_eq!(menu.rows_for(6, 50), 3, "they do not fit in 6");
        assert_eq!(menu.rows_for(1, 50), 1);
    }

    /// A line's screen rows: each of its lines, each as wrapped by the terminal.
    #[test]
    fn screen_rows_count_each_line() {
        assert_eq!(screen_rows("", 10), 1);
        assert_eq!(screen_rows("0123456789", 10), 1);
        assert_eq!(screen_rows("0123456789x", 10), 2);
        assert_eq!(screen_rows("? a question\n  its second line", 10), 4);
    }

    /// Items wider than the terminal are broken between words (a word too
    /// long for a line, within it), their further lines indented under the
    /// first, so that the terminal breaks no line.
    #[test]
    fn long_items_are_wrapped() {
        let words = "word ".repeat(30);
        let list = items(&[words.trim_end(), &"x".repeat(200), "short"]);
        let mut menu = Menu::multi("?", &list, &[true]);
        menu.set_rows(5);
        let lines = menu.lines(&SimpleTheme, 50);
        let first: Vec<&str> = lines[1].lines().collect();
        assert!(first[0].starts_with("> [x] word word"), "{first:?}");
        assert!(first.len() > 2, "{first:?}");
        assert!(
            first[1..].iter().all(|l| l.starts_with("    word")),
            "{first:?}"
        );
        assert!(lines[2].lines().count() >= 5, "{lines:?}");
        assert_eq!(lines[3], "  [ ] short");
        for line in lines.iter().flat_map(|line| line.lines()) {
            assert!(measure_text_width(line) <= 50, "{line:?}");
        }
        assert_eq!(screen_rows(&"y".repeat(101), 50), 3);
        // A line that fills the width exactly: the cursor waits on its last
        // column, and the line takes one row.
        assert_eq!(screen_rows(&"y".repeat(50), 50), 1);
        assert_eq!(screen_rows("", 50), 1);
    }

    /// The line left after a choice, as dialoguer writes it.
    #[test]
    fn chosen_lines() {
        let list = items(&["Visa", "Deposit", "Don't know"]);
        let menu = Menu::multi("What for?", &list, &[]);
        assert_eq!(
            menu.chosen_line(&SimpleTheme, &[0, 1], 80),
            "What for?: Visa, Deposit"
        );
        let menu = Menu::single("Paid?", &list, 0);
        assert_eq!(
            menu.chosen_line(&SimpleTheme, &[2], 80),
            "Paid?: Don't know"
        );
        // On a narrow terminal, question and answer are broken between words.
        let menu = Menu::single(
            "Is it unclear what work you will do, where, or for how long?",
            &list,
            0,
        );
        assert_eq!(
            menu.chosen_line(&SimpleTheme, &[2], 44),
            "Is it unclear what work you will do,\n  where, or for how long?: Don't know"
        );
    }

    /// An empty list never panics and can still be left.
    #[test]
    fn empty_list() {
        let list: Vec<String> = Vec::new();
        for mut menu in [
            Menu::single("?", &list, 3),
            Menu::multi("?", &list, &[true]),
            Menu::filter("?", &list, 3),
        ] {
            menu.set_rows(0);
            let all = [
                Key::ArrowDown,
                Key::ArrowUp,
                Key::PageDown,
                Key::PageUp,
                Key::ArrowLeft,
                Key::ArrowRight,
                Key::Char(' '),
                Key::Char('a'),
                Key::Backspace,
                Key::Del,
            ];
            assert_eq!(keys(&mut menu, all.clone()), None);
            assert_eq!(menu.lines(&SimpleTheme, 1).len(), 1);
            assert_eq!(menu.press(Key::Escape), Some(Outcome::Back));
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn key() -> impl Strategy<Value = Key> {
            prop_oneof![
                Just(Key::ArrowDown),
                Just(Key::ArrowUp),
                Just(Key::ArrowLeft),
                Just(Key::ArrowRight),
                Just(Key::PageDown),
                Just(Key::PageUp),
                Just(Key::Home),
                Just(Key::End),
                Just(Key::Tab),
                Just(Key::BackTab),
                Just(Key::Backspace),
                Just(Key::Del),
                Just(Key::Unknown),
                any::<char>().prop_map(Key::Char),
                "[a-z ]".prop_map(|s| Key::Char(s.chars().next().unwrap_or('a'))),
            ]
        }

        proptest! {
            /// Any keys on any list: no panic, the highlight and the view stay
            /// on the list, and what is chosen is an item.
            #[test]
            fn any_keys(
                texts in proptest::collection::vec(".{0,30}", 0..30),
                kind in 0..3u8,
                start in 0..40usize,
                rows in 0..12usize,
                presses in proptest::collection::vec(key(), 0..60),
            ) {
                let ticked: Vec<bool> = (0..start).map(|i| i % 2 == 0).collect();
                let mut menu = match kind {
                    0 => Menu::single("?", &texts, start),
                    1 => Menu::multi("?", &texts, &ticked),
                    _ => Menu::filter("?", &texts, start),
                };
                menu.set_rows(rows);
                for key in presses {
                    let outcome = menu.press(key);
                    if !menu.shown.is_empty() {
                        prop_assert!(menu.active < menu.shown.len());
                        prop_assert!(menu.top <= menu.active && menu.active < menu.top + menu.rows);
                    }
                    let lines = menu.lines(&SimpleTheme, rows * 7);
                    prop_assert!(lines.len() <= menu.rows + 1);
                    if let Some(Outcome::Chosen(chosen)) = &outcome {
                        prop_assert!(chosen.iter().all(|&i| i < texts.len()));
                    }
                    if outcome.is_some() {
                        break;
                    }
                }
            }
        }
    }
}

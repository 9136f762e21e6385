//! The interactive questionnaire on a terminal: the engine's [`Session`]
//! (which question comes next, going back, the review, the end) drawn
//! question by question, and what was chosen turned into [`Answers`].
//!
//! The driver talks to the person only through the [`Prompter`] trait, so it
//! is tested without a terminal; [`TerminalPrompter`] is the real one, built on
//! console's `read_key`: its own text line and menus (`menu`: one choice,
//! ticked choices, a list filtered by typing), drawn with dialoguer's theme.
//! Its own because every prompt must see Esc (go back) and Ctrl-D (stop, as
//! Ctrl-C and a closed terminal do: "Interrupted — nothing was saved.", exit
//! 130), and dialoguer's `Input`, `Select`, `MultiSelect` and `FuzzySelect`
//! drop Ctrl-D. The terminal is kept raw while it runs (`raw_mode`), so no key
//! typed between two reads is lost, and is put back as it was found.
//!
//! Questions, their order, sections and follow-ups (`ask_if`) all come from
//! the rule set: nothing here knows any question by name.

pub mod after;
mod menu;
mod raw_mode;

use std::io;
use std::sync::Once;

use console::{Key, Term};
use dialoguer::theme::ColorfulTheme;

use self::menu::Menu;
use self::raw_mode::RawMode;

use crate::answers::{Answer, Answers, Value, parse_typed};
use crate::rules::{Question, QuestionKind, RuleSet};
use crate::session::{Input, ReviewItem, Session, Step};

/// Why the questionnaire stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// Ctrl-C.
    Interrupted,
    /// Ctrl-D, or the terminal went away.
    Closed,
}

/// What the flow needs from a terminal. `None` results mean "go back" (Esc).
pub trait Prompter {
    /// Starts a new screen with these lines at the top (title, progress, help).
    fn screen(&mut self, lines: &[String]) -> Result<(), Stopped>;
    /// One choice among `items`.
    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, Stopped>;
    /// Several choices among `items`.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Option<Vec<usize>>, Stopped>;
    /// One choice among many, filtered by typing; `keys` are the words each
    /// item is known by (lowercase: a country's code, names, short forms),
    /// and an item with the typed word comes first; `no_match` is shown when
    /// the typed text matches none of them.
    fn fuzzy_select(
        &mut self,
        prompt: &str,
        items: &[String],
        keys: &[Vec<String>],
        default: usize,
        no_match: &str,
    ) -> Result<Option<usize>, Stopped>;
    /// One line of text; `initial` is pre-filled. An empty `prompt` asks for
    /// a further line of the same answer.
    fn line(&mut self, prompt: &str, initial: &str) -> Result<Option<String>, Stopped>;
    /// A message shown under the prompt (a help text, or why a value was refused).
    fn note(&mut self, text: &str) -> Result<(), Stopped>;
    /// Starts a new screen with `text` on it as it is, already wrapped and
    /// styled (the report's summary), without the questionnaire's header.
    fn show(&mut self, text: &str) -> Result<(), Stopped> {
        self.note(text)
    }
    /// A long text to read (a part of the report), shown through the pager
    /// where there is one; returns when the person is done with it.
    fn page(&mut self, text: &str) -> Result<(), Stopped> {
        self.note(text)
    }
    /// The screen's size: rows and columns.
    fn size(&self) -> (usize, usize) {
        (24, 80)
    }
    /// [`Prompter::select`] where an item is also chosen by pressing its
    /// number (1 for the first).
    fn numbered_select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, Stopped> {
        self.select(prompt, items, default)
    }
}

/// Asks every question that applies and has no answer yet, then shows the
/// review screen, and returns the answers (those in `given` are never asked).
///
/// The flow is the engine's [`Session`]: this draws each of its steps with
/// `prompter` and hands back what the person chose.
pub fn run(
    rules: &RuleSet,
    given: &Answers,
    prompter: &mut dyn Prompter,
) -> Result<Answers, Stopped> {
    let mut questionnaire = Questionnaire::new(rules, given);
    if !questionnaire.has_questions() {
        return Ok(given.clone());
    }
    questionnaire.ask(prompter)
}

/// A questionnaire that stays open after its end, so that the menu under
/// the report's summary can take the person back to the review to change
/// an answer ([`Questionnaire::reopen`]).
pub struct Questionnaire<'r> {
    rules: &'r RuleSet,
    session: Session<'r>,
}

impl<'r> Questionnaire<'r> {
    /// A questionnaire over `rules`; the answers in `given` are never asked.
    pub fn new(rules: &'r RuleSet, given: &Answers) -> Self {
        Questionnaire {
            rules,
            session: Session::new(rules, given.clone()),
        }
    }

    /// Whether any question is left to ask.
    pub fn has_questions(&self) -> bool {
        self.session.has_questions()
    }

    /// Asks until the person chooses "Show my report" at the review, and
    /// returns the answers to assess.
    pub fn ask(&mut self, prompter: &mut dyn Prompter) -> Result<Answers, Stopped> {
        ask_session(self.rules, &mut self.session, prompter)?;
        Ok(self.session.answers().clone())
    }

    /// Back to the review, to change an answer: [`Questionnaire::ask`] then
    /// starts there.
    pub fn reopen(&mut self) {
        self.session.reopen();
    }
}

/// Draws the steps of `session` with `prompter` until it is done.
fn ask_session(
    rules: &RuleSet,
    session: &mut Session<'_>,
    prompter: &mut dyn Prompter,
) -> Result<(), Stopped> {
    loop {
        let input = match session.step() {
            Step::Done => break,
            Step::Ask(ask) => {
                let progress = if ask.changing {
                    rules.ui_fill("progress_change", &[("section", ask.section)])
                } else {
                    rules.ui_fill(
                        "progress",
                        &[
                            ("section", ask.section),
                            ("number", &ask.progress.number.to_string()),
                            ("total", &ask.progress.total.to_string()),
                        ],
                    )
                };
                match ask_question(
                    rules,
                    ask.question,
                    ask.current.as_ref(),
                    &progress,
                    prompter,
                )? {
                    Some(answer) => Input::Answer(answer),
                    None => Input::Back,
                }
            }
            Step::Review(items) => review(rules, &items, prompter)?,
        };
        if let Err(refusal) = session.answer(input) {
            prompter.note(&refusal.message(rules))?;
        }
    }
    Ok(())
}

/// The review screen: every answer given, to change one, or the report.
fn review(
    rules: &RuleSet,
    items: &[ReviewItem<'_>],
    prompter: &mut dyn Prompter,
) -> Result<Input, Stopped> {
    let mut lines = vec![rules.ui("show_report").to_string()];
    for item in items {
        lines.push(format!(
            "{} — {}",
            item.question.prompt,
            shorten(&item.answer)
        ));
    }
    prompter.screen(&[
        rules.ui("review_title").to_string(),
        rules.ui("review_hint").to_string(),
    ])?;
    Ok(
        match prompter.select(rules.ui("review_prompt"), &lines, 0)? {
            None => Input::Back,
            Some(0) => Input::Finish,
            Some(chosen) => Input::Change(items[chosen - 1].question.id.to_string()),
        },
    )
}

/// An answer cut to 60 characters for the review screen.
fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// An answer in words, for the review screen.
fn describe(rules: &RuleSet, question: &Question, answer: Option<&Answer>) -> String {
    shorten(&crate::session::describe(rules, question, answer))
}

/// Asks one question until it gets a valid answer (`Some`) or Esc (`None`).
fn ask_question(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    progress: &str,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    prompter.screen(&[progress.to_string()])?;
    match question.kind {
        QuestionKind::YesNo | QuestionKind::Choice => {
            ask_choice(rules, question, current, prompter)
        }
        QuestionKind::MultiChoice => ask_multi(rules, question, current, prompter),
        QuestionKind::Country => ask_country(rules, question, current, prompter),
        QuestionKind::Text => ask_text(rules, question, current, prompter),
        QuestionKind::Number | QuestionKind::Url | QuestionKind::Email | QuestionKind::Phone => {
            ask_line(rules, question, current, progress, prompter)
        }
    }
}

/// The options of a single-choice question: its choices (or Yes/No), then
/// "don't know" and help.
fn choice_items(rules: &RuleSet, question: &Question) -> (Vec<String>, Vec<Value>) {
    if question.kind == QuestionKind::YesNo {
        (
            vec![rules.ui("yes").into(), rules.ui("no").into()],
            vec![Value::Yes, Value::No],
        )
    } else {
        question
            .choices
            .iter()
            .map(|c| (c.label.to_string(), Value::Choice(c.id.clone())))
            .unzip()
    }
}

fn ask_choice(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    let (mut items, values) = choice_items(rules, question);
    let dont_know = items.len();
    items.push(rules.ui("dont_know").into());
    items.push(rules.ui("help_item").into());
    // No answer the person did not choose is highlighted: with none yet,
    // the cursor starts on "don't know", so Enter alone answers nothing.
    let mut default = match current {
        Some(Answer::Known(value)) => values.iter().position(|v| v == value).unwrap_or(dont_know),
        Some(Answer::DontKnow) | None => dont_know,
    };
    loop {
        let Some(choice) = prompter.select(&question.prompt, &items, default)? else {
            return Ok(None);
        };
        if choice < values.len() {
            return Ok(Some(Answer::Known(values[choice].clone())));
        }
        if choice == dont_know {
            return Ok(Some(Answer::DontKnow));
        }
        prompter.note(&question.help)?;
        default = choice;
    }
}

fn ask_multi(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    let mut items: Vec<String> = question
        .choices
        .iter()
        .map(|c| c.label.to_string())
        .collect();
    let dont_know = items.len();
    let help = dont_know + 1;
    items.push(rules.ui("dont_know").into());
    items.push(rules.ui("help_item").into());
    let mut checked = vec![false; items.len()];
    match current {
        Some(Answer::Known(Value::Choices(ids))) => {
            for (index, choice) in question.choices.iter().enumerate() {
                checked[index] = ids.contains(&choice.id);
            }
        }
        Some(Answer::DontKnow) => checked[dont_know] = true,
        _ => {}
    }
    let prompt = rules.ui_fill("tick_hint", &[("prompt", &question.prompt)]);
    // The hint for Enter with nothing ticked stays above the menu: said once,
    // not once more for every press.
    let mut hinted = false;
    loop {
        let Some(chosen) = prompter.multi_select(&prompt, &items, &checked)? else {
            return Ok(None);
        };
        checked = (0..items.len()).map(|i| chosen.contains(&i)).collect();
        if checked[help] {
            checked[help] = false;
            prompter.note(&question.help)?;
            continue;
        }
        if checked[dont_know] {
            if chosen.iter().any(|&i| i < dont_know) {
                // Both: which was meant is the person's to say; no tick is
                // dropped unseen.
                prompter.note(&crate::session::Refusal::DontKnowWithOthers.message(rules))?;
                continue;
            }
            return Ok(Some(Answer::DontKnow));
        }
        if chosen.is_empty() {
            if !hinted {
                prompter.note(
                    &rules.ui_fill("tick_at_least_one", &[("dont_know", rules.ui("dont_know"))]),
                )?;
                hinted = true;
            }
            continue;
        }
        let ids = question
            .choices
            .iter()
            .enumerate()
            .filter(|(i, _)| checked[*i])
            .map(|(_, c)| c.id.clone())
            .collect();
        return Ok(Some(Answer::Known(Value::Choices(ids))));
    }
}

fn ask_country(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    /// What each item of the list stands for.
    enum Item<'c> {
        Country(&'c crate::rules::Country),
        DontKnow,
        Help,
    }
    let preset = match (current, &question.default) {
        (Some(Answer::Known(Value::Country(code))), _) | (None, Some(Value::Country(code))) => {
            rules.countries.find(code)
        }
        _ => None,
    };
    // The current or default country first (where the cursor starts), then
    // "don't know" and help, then every country by name.
    // Each by its name in the person's language (Urusi, Marekani), in the
    // order of those names.
    let lang = rules.lang();
    let mut countries: Vec<_> = rules.countries.all().iter().collect();
    countries.sort_by(|a, b| a.name_in(lang).cmp(b.name_in(lang)));
    let mut list: Vec<Item> = preset.into_iter().map(Item::Country).collect();
    list.push(Item::DontKnow);
    list.push(Item::Help);
    list.extend(
        countries
            .into_iter()
            .filter(|c| preset.is_none_or(|p| p.code != c.code))
            .map(Item::Country),
    );
    let items: Vec<String> = list
        .iter()
        .map(|item| match item {
            Item::Country(c) => format!("{} ({})", c.name_in(lang), c.code),
            Item::DontKnow => rules.ui("dont_know").to_string(),
            Item::Help => rules.ui("help_item").to_string(),
        })
        .collect();
    // The words each is known by: a country's code, name and short forms
    // (UK, KSA, Dubai, the Kiswahili names); "don't know" and help by the
    // words a reply may use for them, in every language.
    let words = |key: &str| -> Vec<String> {
        rules
            .ui_every_language(key)
            .iter()
            .flat_map(|list| list.split(','))
            .map(|word| word.trim().to_lowercase())
            .filter(|word| !word.is_empty())
            .collect()
    };
    let keys: Vec<Vec<String>> = list
        .iter()
        .map(|item| match item {
            Item::Country(c) => std::iter::once(&c.code)
                .chain(std::iter::once(&c.name))
                .chain(&c.aliases)
                .chain(c.names.iter().map(|(_, name)| name))
                .map(|word| word.to_lowercase())
                .collect(),
            Item::DontKnow => {
                let mut known = words("reply_dont_know");
                known.push(rules.ui("dont_know").to_lowercase());
                known
            }
            Item::Help => words("reply_help"),
        })
        .collect();
    let mut default = match current {
        Some(Answer::DontKnow) => list
            .iter()
            .position(|i| matches!(i, Item::DontKnow))
            .unwrap_or(0),
        _ => 0,
    };
    let prompt = rules.ui_fill("search_hint", &[("prompt", &question.prompt)]);
    loop {
        let no_match = rules.ui("search_no_match");
        let Some(choice) = prompter.fuzzy_select(&prompt, &items, &keys, default, no_match)? else {
            return Ok(None);
        };
        match list.get(choice) {
            Some(Item::Country(country)) => {
                return Ok(Some(Answer::Known(Value::Country(country.code.clone()))));
            }
            Some(Item::Help) => {
                prompter.note(&question.help)?;
                default = choice;
            }
            Some(Item::DontKnow) | None => return Ok(Some(Answer::DontKnow)),
        }
    }
}

/// What a typed line means: help, don't know, or a value to check.
fn typed_hint<'r>(rules: &'r RuleSet, question: &Question) -> &'r str {
    match question.kind {
        QuestionKind::Number => rules.ui("type_number"),
        _ => rules.ui("type_text"),
    }
}

/// A typed answer, asked until it is valid. A refused answer (or the help)
/// redraws the question's screen with only the latest message under it, so
/// however many tries it takes, the header and the progress stay in view.
fn ask_line(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    progress: &str,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    let mut initial = match current {
        Some(Answer::Known(value)) => value.describe(question, rules).replace(',', ""),
        _ => String::new(),
    };
    prompter.note(typed_hint(rules, question))?;
    loop {
        let Some(text) = prompter.line(&question.prompt, &initial)? else {
            return Ok(None);
        };
        let text = text.trim();
        if text.is_empty() || crate::session::reply::is_dont_know(rules, text) {
            return Ok(Some(Answer::DontKnow));
        }
        if text == "?" {
            prompter.screen(&[progress.to_string()])?;
            prompter.note(typed_hint(rules, question))?;
            prompter.note(&question.help)?;
            initial.clear();
            continue;
        }
        match parse_typed(rules, question, text) {
            Ok(answer) => return Ok(Some(answer)),
            Err((message, help)) => {
                let mut note = rules.ui_fill("not_right", &[("problem", &message)]);
                if let Some(help) = help {
                    let mut chars = help.chars();
                    let first = chars
                        .next()
                        .map(|c| c.to_uppercase().collect::<String>())
                        .unwrap_or_default();
                    note.push_str(&format!(" {first}{}.", chars.as_str()));
                }
                note.push(' ');
                note.push_str(rules.ui("try_again"));
                prompter.screen(&[progress.to_string()])?;
                prompter.note(typed_hint(rules, question))?;
                prompter.note(&strip_ticks(&note))?;
                initial = text.to_string();
            }
        }
    }
}

/// Multi-line text (an advert, a message): lines until an empty line.
fn ask_text(
    rules: &RuleSet,
    question: &Question,
    current: Option<&Answer>,
    prompter: &mut dyn Prompter,
) -> Result<Option<Answer>, Stopped> {
    prompter.note(rules.ui("paste_hint"))?;
    if let Some(Answer::Known(value)) = current {
        let answer = describe(rules, question, Some(&Answer::Known(value.clone())));
        prompter.note(&rules.ui_fill("answer_now", &[("answer", &answer)]))?;
    }
    let mut lines: Vec<String> = Vec::new();
    loop {
        // The question above the first line only; each line has its marker.
        let prompt = if lines.is_empty() {
            question.prompt.as_str()
        } else {
            ""
        };
        let Some(line) = prompter.line(prompt, "")? else {
            return Ok(None);
        };
        if lines.is_empty() && line.trim() == "?" {
            prompter.note(&question.help)?;
            continue;
        }
        if line.trim().is_empty() {
            break;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        return Ok(Some(Answer::DontKnow));
    }
    match parse_typed(rules, question, &lines.join("\n")) {
        Ok(answer) => Ok(Some(answer)),
        Err((message, _)) => {
            prompter.note(&strip_ticks(
                &rules.ui_fill("text_not_kept", &[("problem", &message)]),
            ))?;
            Ok(Some(Answer::DontKnow))
        }
    }
}

fn strip_ticks(text: &str) -> String {
    text.replace('`', "")
}

/// The real terminal: prompts on stderr, keys from the terminal.
pub struct TerminalPrompter {
    term: Term,
    theme: menu::MarkedTheme,
    /// The dim lines at the top of every screen, in the rule set's language.
    header: [String; 2],
    /// What a country search asks before taking a guess (`{item}`).
    search_confirm: String,
    /// The page marker of long menus (`{page}`, `{pages}`).
    page_marker: String,
    /// Raw until [`TerminalPrompter::restore`] or drop, so no key is lost
    /// between two reads.
    raw: RawMode,
    /// The pager a long text is shown through ([`Prompter::page`]), if any.
    pager: Option<crate::pager::Pager>,
    /// What to press after a page, to go back (`page_back` in the rules).
    page_back: String,
    /// The pager's prompt line on a page (`pager_prompt` in the rules).
    pager_prompt: String,
}

static CTRL_C: Once = Once::new();

impl TerminalPrompter {
    /// Prepares the terminal prompts, with the header wording of `rules`.
    /// The terminal stays in raw mode (keys are read as typed, not echoed)
    /// until [`TerminalPrompter::restore`] or until the prompter is dropped;
    /// Ctrl-C is then a key, which stops the questionnaire cleanly. A signal
    /// that ends the process (SIGTERM, SIGHUP from a closed ssh session, a
    /// SIGINT sent from elsewhere) puts the terminal back first, shows the
    /// cursor and says nothing was saved, then exits 130, as Ctrl-C does.
    pub fn new(rules: &RuleSet) -> Self {
        let interrupted = rules.ui("interrupted").to_string();
        CTRL_C.call_once(move || {
            // If another handler is already installed, it stays.
            // Only while a question waits: afterwards (the report in a
            // pager, say) the signal is the pager's to handle.
            let _ = ctrlc::set_handler(move || {
                if raw_mode::is_raw() {
                    // The message first, then the terminal put back right
                    // before the exit: the question's thread goes on
                    // meanwhile, and a key read it began after the
                    // terminal was put back would make it raw again.
                    let _ = io::Write::write_all(
                        &mut io::stderr(),
                        format!("\x1b[?25h\n{interrupted}\n").as_bytes(),
                    );
                    raw_mode::restore_for_exit();
                    std::process::exit(130);
                }
            });
        });
        TerminalPrompter {
            term: Term::stderr(),
            theme: menu::MarkedTheme(ColorfulTheme::default()),
            header: [
                rules.ui("header_title").to_string(),
                rules.ui("header_keys").to_string(),
            ],
            search_confirm: rules.ui("search_confirm").to_string(),
            page_marker: rules.ui("page_marker").to_string(),
            raw: RawMode::enter(),
            pager: None,
            page_back: rules.ui("page_back").to_string(),
            pager_prompt: rules.ui("pager_prompt").to_string(),
        }
    }

    /// Long texts ([`Prompter::page`]) go through `pager`; with none they
    /// are written straight to the terminal.
    pub fn with_pager(mut self, pager: Option<crate::pager::Pager>) -> Self {
        self.pager = pager;
        self
    }

    /// Shows the cursor again, moves to a fresh line and puts the terminal's
    /// settings back as they were found.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
        let _ = self.term.write_line("");
        self.raw.leave();
    }

    /// The width text is wrapped to at word ends: the terminal's, less two
    /// columns, but at least 38 and at most 98, for lines people can read.
    /// (Left to the terminal, a long line breaks in the middle of a word.)
    fn width(&self) -> usize {
        text_width(usize::from(self.term.size().1))
    }
}

/// The width text is wrapped to on a terminal `columns` wide (see
/// [`TerminalPrompter::width`]); the menus wrap theirs to it too.
fn text_width(columns: usize) -> usize {
    columns.clamp(40, 100) - 2
}

fn stopped(err: impl Into<io::Error>) -> Stopped {
    if err.into().kind() == io::ErrorKind::Interrupted {
        Stopped::Interrupted
    } else {
        Stopped::Closed
    }
}

/// One key from the terminal. A terminal that cannot be read (not a
/// terminal, closed, end of input) stops the questionnaire: console's
/// `read_key` would return `Key::Unknown` forever when the output is not a
/// terminal, and no prompt may loop forever.
fn read_key(term: &Term) -> Result<Key, Stopped> {
    if !term.is_term() {
        return Err(Stopped::Closed);
    }
    term.read_key().map_err(stopped)
}

/// What a typed answer follows on its line.
const INPUT_MARK: &str = "› ";

/// Shows `typed` again after an edit, in place of `shown` (the answer's
/// line as it was, which the terminal may have wrapped onto more lines):
/// back to the start of that line, cleared to the end of the screen, written
/// anew. Going back by whole lines works where moving the cursor left cannot
/// cross a wrapped line's start.
fn redraw_input(term: &Term, shown: &str, typed: &str) -> Result<(), Stopped> {
    let width = usize::from(term.size().1).max(1);
    term.write_str("\r").map_err(stopped)?;
    menu::clear(term, menu::screen_rows(shown, width) - 1)?;
    term.write_str(INPUT_MARK).map_err(stopped)?;
    term.write_str(typed).map_err(stopped)
}

impl Prompter for TerminalPrompter {
    fn screen(&mut self, lines: &[String]) -> Result<(), Stopped> {
        self.term.clear_screen().map_err(stopped)?;
        let dim = console::Style::new().dim();
        let width = self.width();
        for line in &self.header {
            let wrapped = textwrap::fill(line, width);
            self.term
                .write_line(&dim.apply_to(wrapped).to_string())
                .map_err(stopped)?;
        }
        self.term.write_line("").map_err(stopped)?;
        for line in lines {
            let wrapped = textwrap::fill(line, width);
            self.term
                .write_line(&console::style(wrapped).bold().to_string())
                .map_err(stopped)?;
        }
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, Stopped> {
        let chosen = Menu::single(prompt, items, default)
            .with_page_marker(&self.page_marker)
            .interact(&self.term, &self.theme)?;
        Ok(chosen.and_then(|chosen| chosen.first().copied()))
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Option<Vec<usize>>, Stopped> {
        Menu::multi(prompt, items, checked)
            .with_page_marker(&self.page_marker)
            .interact(&self.term, &self.theme)
    }

    fn fuzzy_select(
        &mut self,
        prompt: &str,
        items: &[String],
        keys: &[Vec<String>],
        default: usize,
        no_match: &str,
    ) -> Result<Option<usize>, Stopped> {
        let chosen = Menu::filter(prompt, items, default)
            .with_no_match(no_match)
            .with_keys(keys, &self.search_confirm)
            .interact(&self.term, &self.theme)?;
        Ok(chosen.and_then(|chosen| chosen.first().copied()))
    }

    fn line(&mut self, prompt: &str, initial: &str) -> Result<Option<String>, Stopped> {
        let term = &self.term;
        // The question on a line of its own and the answer on the next, after
        // a marker: a long question then never shares a line with the
        // answer, so editing the answer does not run into its wrapping.
        if !prompt.is_empty() {
            let wrapped = textwrap::fill(prompt, self.width());
            term.write_line(&console::style(wrapped).bold().to_string())
                .map_err(stopped)?;
        }
        let mut typed = String::from(initial);
        term.write_str(INPUT_MARK).map_err(stopped)?;
        term.write_str(&typed).map_err(stopped)?;
        term.show_cursor().map_err(stopped)?;
        loop {
            match read_key(term) {
                Ok(Key::Enter) => {
                    term.write_line("").map_err(stopped)?;
                    return Ok(Some(typed));
                }
                Ok(Key::Escape) => {
                    term.write_line("").map_err(stopped)?;
                    return Ok(None);
                }
                Ok(Key::Backspace) => {
                    let shown = format!("{INPUT_MARK}{typed}");
                    if typed.pop().is_some() {
                        redraw_input(term, &shown, &typed)?;
                    }
                }
                // Ctrl-U: clear the answer, as in a shell.
                Ok(Key::Char('\u{15}')) => {
                    let shown = format!("{INPUT_MARK}{typed}");
                    typed.clear();
                    redraw_input(term, &shown, &typed)?;
                }
                // Ctrl-D: end of input, as in a shell.
                Ok(Key::Char('\u{4}')) => return Err(Stopped::Closed),
                Ok(Key::Char(c)) if !c.is_control() => {
                    if typed.len() + c.len_utf8() <= crate::answers::MAX_TEXT_BYTES {
                        typed.push(c);
                        term.write_str(c.encode_utf8(&mut [0; 4]))
                            .map_err(stopped)?;
                    }
                }
                Ok(_) => {}
                Err(why) => return Err(why),
            }
        }
    }

    fn note(&mut self, text: &str) -> Result<(), Stopped> {
        let wrapped = textwrap::fill(
            text,
            textwrap::Options::new(self.width())
                .initial_indent("  ")
                .subsequent_indent("  "),
        );
        self.term
            .write_line(&console::style(wrapped).cyan().to_string())
            .map_err(stopped)
    }

    fn show(&mut self, text: &str) -> Result<(), Stopped> {
        self.term.clear_screen().map_err(stopped)?;
        self.term.write_str(text).map_err(stopped)?;
        self.term.flush().map_err(stopped)
    }

    fn page(&mut self, text: &str) -> Result<(), Stopped> {
        self.term.clear_screen().map_err(stopped)?;
        match &self.pager {
            Some(pager) => {
                // The pager has the terminal to itself: as it was found, not
                // raw, and a signal is the pager's to handle meanwhile.
                drop(std::mem::replace(&mut self.raw, RawMode::off()));
                let prompt = Some(self.pager_prompt.as_str());
                let shown = pager.show_prompted(text.as_bytes(), prompt, &mut io::stderr());
                self.raw = RawMode::enter();
                shown.map_err(stopped)?;
            }
            None => self.term.write_str(text).map_err(stopped)?,
        }
        // The text stays on the screen until the person has read it: a
        // pager that quits at once when the text fits (less -F) would
        // otherwise have it replaced by the menu before it was seen.
        let hint = textwrap::fill(&self.page_back, self.width());
        let hint = console::style(hint).cyan().to_string();
        self.term.write_line("").map_err(stopped)?;
        self.term.write_str(&hint).map_err(stopped)?;
        self.term.hide_cursor().map_err(stopped)?;
        let key = read_key(&self.term);
        let _ = self.term.show_cursor();
        match key? {
            Key::Char('\u{4}') => Err(Stopped::Closed),
            Key::CtrlC => Err(Stopped::Interrupted),
            _ => Ok(()),
        }
    }

    fn size(&self) -> (usize, usize) {
        let (rows, columns) = self.term.size();
        (usize::from(rows), usize::from(columns))
    }

    fn numbered_select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, Stopped> {
        let chosen = Menu::single(prompt, items, default)
            .with_numbers()
            .with_page_marker(&self.page_marker)
            .interact(&self.term, &self.theme)?;
        Ok(chosen.and_then(|chosen| chosen.first().copied()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// A scripted person: each reply in turn, and a transcript of what was shown.
    #[derive(Default)]
    struct Script {
        replies: VecDeque<Reply>,
        shown: Vec<String>,
    }

    enum Reply {
        /// Choose the item whose text contains this.
        Pick(&'static str),
        /// Tick the items containing these.
        Tick(&'static [&'static str]),
        Type(&'static str),
        Esc,
        CtrlC,
    }

    impl Script {
        fn new(replies: Vec<Reply>) -> Self {
            Script {
                replies: replies.into(),
                shown: Vec::new(),
            }
        }

        fn next(&mut self, prompt: &str) -> Result<Reply, Stopped> {
            self.shown.push(prompt.to_string());
            self.replies.pop_front().ok_or(Stopped::Closed)
        }

        fn pick(&mut self, prompt: &str, items: &[String]) -> Result<Option<usize>, Stopped> {
            match self.next(prompt)? {
                Reply::Pick(text) => Ok(Some(
                    items
                        .iter()
                        .position(|i| i.contains(text))
                        .unwrap_or_else(|| panic!("no item {text:?} in {items:?} for {prompt}")),
                )),
                Reply::Esc => Ok(None),
                Reply::CtrlC => Err(Stopped::Interrupted),
                _ => panic!("unexpected reply at {prompt}"),
            }
        }
    }

    impl Prompter for Script {
        fn screen(&mut self, lines: &[String]) -> Result<(), Stopped> {
            self.shown.extend(lines.iter().cloned());
            Ok(())
        }
        fn select(
            &mut self,
            prompt: &str,
            items: &[String],
            _: usize,
        ) -> Result<Option<usize>, Stopped> {
            self.pick(prompt, items)
        }
        fn fuzzy_select(
            &mut self,
            prompt: &str,
            items: &[String],
            _: &[Vec<String>],
            _: usize,
            _: &str,
        ) -> Result<Option<usize>, Stopped> {
            self.pick(prompt, items)
        }
        fn multi_select(
            &mut self,
            prompt: &str,
            items: &[String],
            _: &[bool],
        ) -> Result<Option<Vec<usize>>, Stopped> {
            match self.next(prompt)? {
                Reply::Tick(texts) => Ok(Some(
                    texts
                        .iter()
                        .map(|t| items.iter().position(|i| i.contains(t)).expect("item"))
                        .collect(),
                )),
                Reply::Esc => Ok(None),
                _ => panic!("unexpected reply at {prompt}"),
            }
        }
        fn line(&mut self, prompt: &str, _: &str) -> Result<Option<String>, Stopped> {
            match self.next(prompt)? {
                Reply::Type(text) => Ok(Some(text.to_string())),
                Reply::Esc => Ok(None),
                Reply::CtrlC => Err(Stopped::Interrupted),
                _ => panic!("unexpected reply at {prompt}"),
            }
        }
        fn note(&mut self, text: &str) -> Result<(), Stopped> {
            self.shown.push(text.to_string());
            Ok(())
        }
    }

    /// A small rule set to drive the flow: a yes/no with a follow-up, a
    /// multi-choice, a country and a URL.
    fn rules() -> RuleSet {
        let mut files = vec![crate::rules::RuleFile {
            path: "test.toml".into(),
            text: r#"
[ruleset]
name = "test"
version = "1"
[levels]
medium = 1
high = 2
critical = 3
[coverage]
minimum = 0.5
[[section]]
id = "money"
title = "Money"
[[question]]
id = "destination"
section = "money"
kind = "country"
prompt = "Where is the job?"
help = "The country."
[[question]]
id = "paid"
section = "money"
kind = "yes_no"
prompt = "Did you pay?"
help = "Any money."
[[question]]
id = "purposes"
section = "money"
kind = "multi_choice"
prompt = "What for?"
help = "What they said."
choices = [{ id = "visa", label = "Visa" }, { id = "deposit", label = "Deposit" }]
ask_if = { question = "paid", is = "yes" }
[[question]]
id = "site"
section = "money"
kind = "url"
prompt = "Website?"
help = "The address."
"#
            .into(),
        }];
        files.push(crate::rules::RuleFile {
            path: "countries.toml".into(),
            text: "[[country]]\ncode = \"KE\"\nname = \"Kenya\"\n[[country]]\ncode = \"RU\"\nname = \"Russia\"\n".into(),
        });
        RuleSet::from_files(files).expect("test rules")
    }

    fn value(answers: &Answers, id: &str) -> Option<Answer> {
        answers.get(id).cloned()
    }

    /// A whole run: follow-up asked after "yes", bad URL re-asked, then the report.
    #[test]
    fn whole_questionnaire() {
        let rules = rules();
        let mut script = Script::new(vec![
            Reply::Pick("Russia"),
            Reply::Pick("Yes"),
            Reply::Tick(&["Visa", "Deposit"]),
            Reply::Type("javascript:alert(1)"),
            Reply::Type("jobs.example.com"),
            Reply::Pick("Show my report"),
        ]);
        let answers = run(&rules, &Answers::default(), &mut script).expect("completed");
        assert_eq!(
            value(&answers, "destination"),
            Some(Answer::Known(Value::Country("RU".into())))
        );
        assert_eq!(value(&answers, "paid"), Some(Answer::Known(Value::Yes)));
        assert_eq!(
            value(&answers, "purposes"),
            Some(Answer::Known(Value::Choices(vec![
                "visa".into(),
                "deposit".into()
            ])))
        );
        assert_eq!(
            value(&answers, "site"),
            Some(Answer::Known(Value::Text("jobs.example.com".into())))
        );
        assert!(
            script.shown.iter().any(|s| s.contains("not web addresses")),
            "{:?}",
            script.shown
        );
        assert!(
            script.shown.iter().any(|s| s == "Money · question 3 of 4"),
            "{:?}",
            script.shown
        );
    }

    /// A refused typed answer redraws the question's screen (its header and
    /// progress) with only the latest reason under it, however many tries.
    #[test]
    fn refused_answers_redraw_the_screen() {
        let rules = rules();
        let mut script = Script::new(vec![
            Reply::Pick("Russia"),
            Reply::Pick("No"),
            Reply::Type("javascript:a"),
            Reply::Type("javascript:b"),
            Reply::Type("javascript:c"),
            Reply::Type("jobs.example.com"),
            Reply::Pick("Show my report"),
        ]);
        run(&rules, &Answers::default(), &mut script).expect("completed");
        let progress = "Money · question 3 of 3";
        let at = |text: &str| script.shown.iter().filter(|s| s.as_str() == text).count();
        assert_eq!(at(progress), 4, "{:?}", script.shown);
        // After the last screen, the hint, the one reason, the question,
        // and then the review: nothing of the earlier tries.
        let last = script
            .shown
            .iter()
            .rposition(|s| s == progress)
            .expect("shown");
        let after: Vec<&str> = script.shown[last + 1..]
            .iter()
            .map(String::as_str)
            .collect();
        assert!(after[0].starts_with("Type it as you see it"), "{after:?}");
        assert!(after[1].contains("not web addresses"), "{after:?}");
        assert_eq!(after[2], "Website?");
        assert_eq!(after[3], "Check your answers", "{after:?}");
    }

    /// Enter with nothing ticked says once what to do, however often it is
    /// pressed, and the question is asked again until something is ticked.
    #[test]
    fn nothing_ticked_is_explained_once() {
        let rules = rules();
        let mut script = Script::new(vec![
            Reply::Pick("Russia"),
            Reply::Pick("Yes"),
            Reply::Tick(&[]),
            Reply::Tick(&[]),
            Reply::Tick(&[]),
            Reply::Tick(&["Visa"]),
            Reply::Type(""),
            Reply::Pick("Show my report"),
        ]);
        let answers = run(&rules, &Answers::default(), &mut script).expect("completed");
        assert_eq!(
            value(&answers, "purposes"),
            Some(Answer::Known(Value::Choices(vec!["visa".into()])))
        );
        let hints = script
            .shown
            .iter()
            .filter(|s| s.starts_with("Tick at least one"))
            .count();
        assert_eq!(hints, 1, "{:?}", script.shown);
    }

    /// Esc goes back one question; "no" skips the follow-up.
    #[test]
    fn esc_goes_back() {
        let rules = rules();
        let mut script = Script::new(vec![
            Reply::Pick("Kenya"),
            Reply::Pick("Yes"),
            Reply::Esc,
            Reply::Esc,
            Reply::Pick("Russia"),
            Reply::Pick("No"),
            Reply::Type(""),
            Reply::Pick("Show my report"),
        ]);
        let answers = run(&rules, &Answers::default(), &mut script).expect("completed");
        assert_eq!(
            value(&answers, "destination"),
            Some(Answer::Known(Value::Country("RU".into())))
        );
        assert_eq!(value(&answers, "paid"), Some(Answer::Known(Value::No)));
        assert_eq!(
            value(&answers, "purposes"),
            None,
            "follow-up not asked after no"
        );
        assert_eq!(value(&answers, "site"), Some(Answer::DontKnow));
    }

    /// The review changes an answer; a follow-up that no longer applies is dropped,
    /// and one that now applies is asked.
    #[test]
    fn review_changes_answers() {
        let rules = rules();
        let mut script = Script::new(vec![
            Reply::Pick("Russia"),
            Reply::Pick("Yes"),
            Reply::Tick(&["Deposit"]),
            Reply::Type("?"),
            Reply::Type(""),
            Reply::Pick("Did you pay?"),
            Reply::Pick("No"),
            Reply::Pick("Show my report"),
        ]);
        let answers = run(&rules, &Answers::default(), &mut script).expect("completed");
        assert_eq!(value(&answers, "paid"), Some(Answer::Known(Value::No)));
        assert_eq!(value(&answers, "purposes"), None, "stale follow-up dropped");
        assert!(
            script.shown.iter().any(|s| s == "The address."),
            "help shown on ?"
        );
    }

    /// Answers given beforehand are not asked; Ctrl-C stops the run.
    #[test]
    fn given_answers_are_not_asked_and_ctrl_c_stops() {
        let rules = rules();
        let mut given = Answers::default();
        given.set("destination", Answer::Known(Value::Country("RU".into())));
        given.set("paid", Answer::Known(Value::No));
        let mut script = Script::new(vec![Reply::CtrlC]);
        assert_eq!(run(&rules, &given, &mut script), Err(Stopped::Interrupted));
        assert_eq!(script.shown.last().map(String::as_str), Some("Website?"));
        let mut all = given.clone();
        all.set("site", Answer::DontKnow);
        let mut silent = Script::new(vec![]);
        assert_eq!(
            run(&rules, &all, &mut silent),
            Ok(all.clone()),
            "nothing left to ask"
        );
    }

    /// With the default rules localised to Swahili, the questionnaire asks in
    /// Swahili: prompts, progress, "don't know" and the review screen.
    #[test]
    fn swahili_questionnaire() {
        let rules = crate::default_rules::rule_set()
            .expect("default rules")
            .localised("sw");
        let mut given = Answers::default();
        for question in &rules.questions {
            if question.id != "upfront_payment" {
                given.set(&question.id, Answer::DontKnow);
            }
        }
        let mut script = Script::new(vec![
            Reply::Pick("Sijui"),
            Reply::Esc,
            Reply::Pick("Ndiyo"),
            Reply::Pick("Onyesha ripoti yangu"),
        ]);
        let answers = run(&rules, &given, &mut script).expect("completed");
        assert_eq!(
            value(&answers, "upfront_payment"),
            Some(Answer::Known(Value::Yes))
        );
        let shown = script.shown.join("\n");
        assert!(
            shown.contains("Je, kuna mtu aliyekuomba ulipe pesa kabla ya kusafiri?"),
            "{shown}"
        );
        assert!(shown.contains("Pesa · swali 1 kati ya 1"), "{shown}");

        assert!(shown.contains("Kagua majibu yako"), "{shown}");
    }
}

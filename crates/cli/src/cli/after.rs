//! `check` on a terminal, for a person: the questionnaire, then the
//! report's summary with a menu under it (`questionnaire::after`) instead
//! of the whole report at once. Each sign in full and every office are a
//! choice away (through the pager), the report can be saved to a file the
//! person names, an answer can be changed (back to the review, then the
//! summary again), and on quitting the summary is written to standard
//! output, so the verdict stays on the screen.
//!
//! Only for a text report on a terminal with no `--output`: anything else
//! (`--format json > file`, say) gets the report as before.

use std::path::{Path, PathBuf};

use super::check::{self, CheckArgs};
use super::output::{self, Assessed};
use super::{Exit, Format, Io};
use crate::answers::Answers;
use crate::files::{WriteError, may_write, write_new_file};
use crate::pager::Pager;
use crate::questionnaire::after::{self, Choice};
use crate::questionnaire::{Prompter, Questionnaire, Stopped};
use crate::report::text::{self, Paint};
use crate::rules::RuleSet;

/// Asks the questions of `questionnaire`, then shows the summary and its
/// menu until the person quits; writes the summary to standard output and
/// saves the answers (`--save-answers`) at the end. `Err` when the
/// questionnaire itself was stopped (Ctrl-C, Ctrl-D) before its end.
pub(super) fn run(
    rules: &RuleSet,
    args: &CheckArgs,
    mut questionnaire: Questionnaire<'_>,
    prompter: &mut dyn Prompter,
    io: &mut Io,
) -> Result<Exit, Stopped> {
    let paint = Paint::new(io.colour);
    let mut answers = questionnaire.ask(prompter)?;
    let mut assessed = assess(rules, &answers, args);
    let mut status: Option<String> = None;
    loop {
        let report = &assessed.report;
        let (_, columns) = prompter.size();
        let width = text_width(columns);
        // Ctrl-C, Ctrl-D or a closed terminal at the menu: the answers are
        // complete and assessed, so it ends as Quit does.
        let choice = after::choose(rules, report, paint, status.as_deref(), prompter)
            .unwrap_or(Choice::Quit);
        status = None;
        let shown = match choice {
            Choice::Signs => prompter.page(&text::render_signs(report, rules, paint, width)),
            Choice::Contacts => prompter.page(&text::render_contacts(report, rules, paint, width)),
            Choice::Save => match save_report(rules, &assessed, prompter) {
                Ok(said) => {
                    status = said;
                    Ok(())
                }
                Err(stop) => Err(stop),
            },
            Choice::Change => {
                questionnaire.reopen();
                match questionnaire.ask(prompter) {
                    Ok(changed) => {
                        answers = changed;
                        assessed = assess(rules, &answers, args);
                        Ok(())
                    }
                    Err(stop) => Err(stop),
                }
            }
            Choice::Quit => break,
        };
        if shown.is_err() {
            break;
        }
    }
    // The verdict stays in front of the person: the summary, fitted to the
    // screen, is what is left on it, with room under it for the line that
    // says where the answers were saved, the blank line the prompter ends
    // with and the shell's prompt.
    let (rows, columns) = prompter.size();
    let saved_rows = args.save_answers.as_ref().map_or(0, |path| {
        let said = rules.ui_fill("answers_saved", &[("path", &super::output::shown(path))]);
        console::measure_text_width(&said).div_ceil(columns.max(1))
    });
    let summary = after::fit(
        &assessed.report,
        rules,
        paint,
        text_width(columns),
        rows.saturating_sub(3 + saved_rows),
        None,
    );
    let _ = console::Term::stderr().clear_screen();
    let _ = io.stdout.write_all(summary.as_bytes());
    let _ = io.stdout.flush();
    let saved = args
        .save_answers
        .as_ref()
        .map(|path| check::save_answers(rules, &answers, path, args.force, io));
    Ok(match saved {
        Some(false) => Exit::Usage,
        _ => check::outcome(&assessed.report, args.fail_on),
    })
}

/// The width the summary and the pages are wrapped to on a terminal
/// `columns` wide: as the questionnaire's own lines.
fn text_width(columns: usize) -> usize {
    columns.clamp(text::MIN_WIDTH + 2, text::WIDTH + 2) - 2
}

fn assess<'r>(rules: &'r RuleSet, answers: &Answers, args: &CheckArgs) -> Assessed<'r> {
    let evaluation = crate::assess::evaluate(rules, answers.clone());
    Assessed {
        report: evaluation.report(),
        evaluation,
        consent: args.consent,
    }
}

/// Asks for a file name and saves the report there, as `--output` would
/// (by its extension: `.md` Markdown, `.json` JSON, else text), asking
/// before it replaces a file. Returns what to tell the person, in their
/// language, or `None` when they went back.
fn save_report(
    rules: &RuleSet,
    assessed: &Assessed<'_>,
    prompter: &mut dyn Prompter,
) -> Result<Option<String>, Stopped> {
    prompter.show("")?;
    prompter.note(rules.ui("save_hint"))?;
    let Some(typed) = prompter.line(rules.ui("save_prompt"), rules.ui("save_default"))? else {
        return Ok(None);
    };
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let path = PathBuf::from(typed);
    let shown = super::output::shown(&absolute(&path));
    let force = match may_write(&path, false) {
        Ok(()) => false,
        Err(WriteError::Exists) => {
            let items = vec![
                rules.ui("save_keep").to_string(),
                rules.ui("save_replace").to_string(),
            ];
            let question = rules.ui_fill("save_exists", &[("path", &shown)]);
            match prompter.select(&question, &items, 0)? {
                Some(1) => true,
                _ => return Ok(Some(rules.ui_fill("save_kept", &[("path", &shown)]))),
            }
        }
        Err(err) => return Ok(Some(refused(rules, &err, &shown))),
    };
    let format = super::check::format_of(&path).unwrap_or(Format::Text);
    // Plain text: a file shows no bold or colour, and an escape sequence
    // in the person's own text (a pasted advert) is taken out all the same.
    let rendered = output::render(assessed, rules, format, false, text::WIDTH).unwrap_or_default();
    let bytes = anstream::adapter::strip_bytes(&rendered).into_vec();
    Ok(Some(
        match write_new_file(&path, &bytes, force, Some(0o600)) {
            Ok(()) => rules.ui_fill("save_done", &[("path", &shown)]),
            Err(err) => refused(rules, &err, &shown),
        },
    ))
}

/// Why the report was not saved, in the person's language.
fn refused(rules: &RuleSet, err: &WriteError, shown: &str) -> String {
    match err {
        WriteError::Exists => rules.ui_fill("save_kept", &[("path", shown)]),
        WriteError::NotAFile(_) => rules.ui_fill("save_not_a_file", &[("path", shown)]),
        WriteError::Io(err) => {
            let error = err.to_string();
            rules.ui_fill("save_failed", &[("path", shown), ("error", &error)])
        }
    }
}

/// `path` from the root, so the person is told exactly where the file is.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The pager for the menu's pages: as for the report (`PAGER`, else `less
/// -FRX`, none with `--no-pager`); the menu is shown only when standard
/// output is a terminal.
pub(super) fn pager(no_pager: bool) -> Option<Pager> {
    crate::pager::choose(no_pager, true, |name| std::env::var(name).ok())
}

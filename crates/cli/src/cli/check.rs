//! `offercheck check`: answers from flags, an answers file or the
//! questionnaire, assessed and rendered.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use clap::{ArgMatches, Args};

use super::{Exit, Format, Io};
use crate::answers::{Answers, MAX_FILE_BYTES, RawAnswer};
use crate::diagnostic::Diagnostic;
use crate::files::write_new_file;
use crate::pager::{self, Pager};
use crate::questionnaire::{self, TerminalPrompter};
use crate::report::text::{self, Paint};
use crate::report::{self, Report};
use crate::rule_files::read_limited;
use crate::rules::{Level, RuleSet};

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Read answers from a file: TOML or JSON by extension; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    answers: Option<PathBuf>,

    /// Exit 1 when the level is this or higher.
    #[arg(long, value_name = "LEVEL", value_parser = super::parse_level, help_heading = "Output")]
    fail_on: Option<Level>,

    /// Report format [default: text, or from the --output file's extension: .md, .json].
    #[arg(long, value_enum, help_heading = "Output")]
    format: Option<Format>,

    /// Write the report to FILE (a new file, written whole) instead of standard output (`-`).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,

    /// Replace the --output or --save-answers file if it already exists.
    #[arg(long, help_heading = "Output")]
    force: bool,

    /// Never ask questions; assess only the answers given.
    #[arg(long, help_heading = "Input")]
    no_input: bool,

    /// Write the report straight to the terminal, not through the pager (`PAGER`, else `less -FRX`).
    #[arg(long, help_heading = "Output")]
    no_pager: bool,

    /// Save the answers to FILE (TOML that --answers reads back; private: mode 0600).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    save_answers: Option<PathBuf>,

    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    rules: Option<PathBuf>,
}

fn error(io: &mut Io, problems: &[Diagnostic]) {
    for problem in problems {
        let _ = writeln!(io.stderr, "offercheck: error: {problem}");
    }
}

/// Reads an answers file (or stdin for `-`) into raw answers.
fn read_answers_file(path: &Path, io: &mut Io) -> Result<Vec<RawAnswer<'static>>, Diagnostic> {
    let shown = path.display().to_string();
    if shown == "-" {
        let mut text = String::new();
        let mut limited = io.stdin.take(MAX_FILE_BYTES as u64 + 1);
        limited.read_to_string(&mut text).map_err(|err| {
            Diagnostic::in_file(
                "<stdin>",
                "",
                None,
                format!("cannot read answers from stdin: {err}"),
            )
        })?;
        if text.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::in_file(
                "<stdin>",
                "",
                None,
                format!("more than {MAX_FILE_BYTES} bytes of answers"),
            ));
        }
        return RawAnswer::from_json_file("<stdin>", &text).map(into_owned);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let parse = match extension.as_deref() {
        Some("toml") => RawAnswer::from_toml,
        Some("json") => RawAnswer::from_json_file,
        _ => {
            return Err(
                Diagnostic::in_file(&shown, "", None, "unknown answers file type".into())
                    .with_help(
                        "name the file *.toml or *.json, or use `-` to read JSON from stdin",
                    ),
            );
        }
    };
    let text = read_limited(path).map_err(|message| {
        Diagnostic::in_file(&shown, "", None, message)
            .with_help("check the path given to --answers")
    })?;
    parse(&shown, &text).map(into_owned)
}

/// Raw answers that no longer borrow the text they were read from.
fn into_owned(raw: Vec<RawAnswer<'_>>) -> Vec<RawAnswer<'static>> {
    raw.into_iter().map(RawAnswer::into_owned).collect()
}

/// The answers given as question flags, in question order. The question
/// flags are not fields of [`CheckArgs`], so they are read from clap's
/// matches directly, before the derive takes its own values out of them.
pub(super) fn flag_answers(rules: &RuleSet, matches: &ArgMatches) -> Vec<RawAnswer<'static>> {
    rules
        .questions
        .iter()
        .filter_map(|question| {
            let value = matches.get_one::<String>(&question.id)?;
            Some(RawAnswer::from_flag(&question.id, value))
        })
        .collect()
}

/// Gathers the answers: the file first, then the flags, which override it.
fn gather_answers(
    args: &CheckArgs,
    rules: &RuleSet,
    flags: Vec<RawAnswer<'static>>,
    io: &mut Io,
) -> Result<Answers, Vec<Diagnostic>> {
    let mut raw = Vec::new();
    if let Some(path) = &args.answers {
        raw.extend(read_answers_file(path, io).map_err(|d| vec![d])?);
    }
    raw.extend(flags);
    Answers::from_raw(rules, raw)
}

/// `offercheck check`: gather the answers (`flags` are those of
/// [`flag_answers`]), assess, render, and choose the exit code.
pub(super) fn run(
    rules: &RuleSet,
    args: &CheckArgs,
    flags: Vec<RawAnswer<'static>>,
    io: &mut Io,
) -> Exit {
    let answers = match gather_answers(args, rules, flags, io) {
        Ok(answers) => answers,
        Err(problems) => {
            error(io, &problems);
            return Exit::Usage;
        }
    };
    // Refuse a save that cannot succeed before anyone spends time answering.
    if let Some(path) = &args.save_answers
        && !args.force
        && path.exists()
    {
        let _ = writeln!(
            io.stderr,
            "offercheck: error: {}: the file already exists\n  help: choose another name, or add --force to replace it",
            path.display()
        );
        return Exit::Usage;
    }
    let answers = if io.interactive_terminal && !args.no_input {
        let mut prompter = TerminalPrompter::new(rules);
        match questionnaire::run(rules, &answers, &mut prompter) {
            Ok(answers) => {
                let _ = console::Term::stderr().clear_screen();
                answers
            }
            Err(_) => {
                prompter.restore();
                let _ = writeln!(io.stderr, "{}", rules.ui("interrupted"));
                return Exit::Interrupted;
            }
        }
    } else if answers.is_empty() {
        // Why no questions were asked: the flag, or where they would be shown.
        let why = if args.no_input {
            "--no-input turns the questions off"
        } else {
            "the questions are asked only when standard input and standard error are terminals"
        };
        let _ = writeln!(
            io.stderr,
            "offercheck: error: no answers were given, and {why}\n  \
             help: give answers as flags, such as `offercheck check --no-input --destination RU --upfront-payment yes`,\n        \
             or in a file with `--answers answers.toml` (JSON on stdin with `--answers -`);\n        \
             `offercheck check --help` lists every question"
        );
        return Exit::Usage;
    } else {
        answers
    };
    let saved = args
        .save_answers
        .as_ref()
        .map(|path| save_answers(rules, &answers, path, args.force, io));
    let report = crate::assess(rules, &answers);
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(format_of))
        .unwrap_or(Format::Text);
    // `--output -` is standard output, as `-` is elsewhere.
    if let Some(path) = args.output.as_ref().filter(|path| path.as_os_str() != "-") {
        return match super::output::write_report(&report, rules, format, path, args.force, io) {
            Ok(()) => outcome(&report, args.fail_on),
            Err(exit) => exit,
        };
    }
    // A report for a person, on a terminal, goes through the pager.
    let pager = match format {
        Format::Json => None,
        Format::Text | Format::Markdown => {
            pager::choose(args.no_pager, io.terminal_columns.is_some(), |name| {
                std::env::var(name).ok()
            })
        }
    };
    let width = io.terminal_columns.map_or(text::WIDTH, text_width);
    // Rendered whole, then written at once: one write instead of one per line.
    let written = render(&report, rules, format, io.colour, width)
        .and_then(|rendered| write_report(&rendered, pager.as_ref(), io))
        .and_then(|()| io.stdout.flush());
    if let Err(err) = written {
        if err.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: cannot write the report: {err}"
            );
            return Exit::Usage;
        }
    }
    match saved {
        Some(false) => Exit::Usage,
        _ => outcome(&report, args.fail_on),
    }
}

/// The width a text report is wrapped to on a terminal `columns` wide: the
/// terminal's less two columns, as the report's own 78 on 80 columns, and
/// never wider than that (longer lines are harder to read).
fn text_width(columns: usize) -> usize {
    columns.clamp(text::MIN_WIDTH + 2, text::WIDTH + 2) - 2
}

/// Writes the rendered report to standard output, through `pager` if any.
fn write_report(rendered: &[u8], pager: Option<&Pager>, io: &mut Io) -> io::Result<()> {
    match pager {
        Some(pager) => pager.show(rendered, io.stdout),
        None => io.stdout.write_all(rendered),
    }
}

/// Writes the answers file; says what happened on stderr. Returns whether it was saved.
fn save_answers(rules: &RuleSet, answers: &Answers, path: &Path, force: bool, io: &mut Io) -> bool {
    let text = answers.to_toml(rules);
    match write_new_file(path, text.as_bytes(), force, Some(0o600)) {
        Ok(()) => {
            let shown = path.display().to_string();
            let _ = writeln!(
                io.stderr,
                "{}",
                rules.ui_fill("answers_saved", &[("path", &shown)])
            );
            true
        }
        Err(err) => {
            let hint = if err.kind() == io::ErrorKind::AlreadyExists {
                "choose another name, or add --force to replace it"
            } else {
                "check that the folder exists and you may write to it"
            };
            let _ = writeln!(
                io.stderr,
                "offercheck: error: {}: cannot save the answers: {err}\n  help: {hint}",
                path.display()
            );
            false
        }
    }
}

/// The report in `format`; text in bold and colour when `colour`, wrapped
/// to `width` columns.
pub(super) fn render(
    report: &Report,
    rules: &RuleSet,
    format: Format,
    colour: bool,
    width: usize,
) -> io::Result<Vec<u8>> {
    /// The bytes `write` puts in memory.
    fn in_memory(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(64 * 1024);
        write(&mut out)?;
        Ok(out)
    }
    match format {
        // Put together as a string, which becomes the bytes as it is.
        Format::Text => {
            Ok(report::text::render(report, rules, Paint::new(colour), width).into_bytes())
        }
        Format::Json => in_memory(|out| report::json::write(report, out)),
        Format::Markdown => in_memory(|out| report::markdown::write(report, rules, out)),
    }
}

/// The format a file name implies: `.md` is markdown, `.json` JSON.
fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "json" => Some(Format::Json),
        _ => None,
    }
}

fn outcome(report: &Report, fail_on: Option<Level>) -> Exit {
    match fail_on {
        Some(threshold) if report.level >= threshold => Exit::FailOn,
        _ => Exit::Assessed,
    }
}

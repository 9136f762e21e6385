//! `offercheck check`: answers from flags, an answers file or the
//! questionnaire, assessed and rendered.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use clap::{ArgMatches, Args};

use super::output::{Assessed, render};
use super::{Exit, Format, Io};
use crate::answers::{Answers, MAX_FILE_BYTES, RawAnswer};
use crate::diagnostic::Diagnostic;
use crate::pager::{self, Pager};
use crate::questionnaire::{self, Questionnaire, TerminalPrompter};
use crate::report::Report;
use crate::report::text;
use crate::rule_files::read_limited;
use crate::rules::registry::Registry;
use crate::rules::{Level, RuleSet};

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Read answers from a file: TOML or JSON by extension; `-` reads JSON from stdin.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    answers: Option<PathBuf>,

    /// Exit 1 when the level is this or higher.
    #[arg(long, value_name = "LEVEL", value_parser = super::parse_level, help_heading = "Output")]
    pub(super) fail_on: Option<Level>,

    /// Report format [default: text, or from the --output file's extension: .md, .json].
    #[arg(long, value_enum, help_heading = "Output")]
    format: Option<Format>,

    /// Write the report to FILE (a new file, written whole) instead of standard output (`-`).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,

    /// Replace the --output or --save-answers file if it already exists.
    #[arg(long, help_heading = "Output")]
    pub(super) force: bool,

    /// Never ask questions; assess only the answers given.
    #[arg(long, help_heading = "Input")]
    no_input: bool,

    /// Write the report straight to the terminal, not through the pager (`PAGER`, else `less -FRX`).
    #[arg(long, help_heading = "Output")]
    pub(super) no_pager: bool,

    /// Save the answers to FILE (TOML that --answers reads back; private: mode 0600).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub(super) save_answers: Option<PathBuf>,

    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    rules: Option<PathBuf>,

    /// Look the agency up in this register export (CSV or JSON; README.md lists the columns).
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    registry: Option<PathBuf>,

    /// The day the register was exported, YYYY-MM-DD, when the file does not say.
    #[arg(
        long,
        value_name = "DATE",
        requires = "registry",
        help_heading = "Input"
    )]
    registry_date: Option<String>,

    /// The person agreed to this record being kept (HTCDS con_Consent; off unless given).
    /// Only with --format htcds or htcds-csv.
    #[arg(long, help_heading = "Output")]
    pub(super) consent: bool,
}

/// The register export `--registry` names, read (`None` without the flag),
/// for `check`, `batch` and `step`; a file with problems has them written
/// to stderr, and the command then exits 2.
pub(super) fn read_registry(
    path: Option<&Path>,
    date: Option<&str>,
    io: &mut Io,
) -> Result<Option<Registry>, Exit> {
    let Some(path) = path else {
        return Ok(None);
    };
    crate::registry_file::read(path, date)
        .map(Some)
        .map_err(|problems| {
            error(io, &problems);
            Exit::Usage
        })
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
        refuse_blank("<stdin>", &text, "standard input was empty")?;
        return RawAnswer::from_json_file("<stdin>", &text).map(into_owned);
    }
    if path.is_dir() {
        return Err(Diagnostic::in_file(
            &shown,
            "",
            None,
            "this is a folder, not an answers file".into(),
        )
        .with_help("give --answers the path of a .toml or .json file of answers"));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let parse = match extension.as_deref() {
        Some("toml") => RawAnswer::from_toml,
        Some("json") => RawAnswer::from_json_file,
        _ => {
            let what = match path.extension() {
                Some(extension) => format!(
                    "`.{}` is not a kind of answers file",
                    crate::diagnostic::echo_bytes(extension.as_encoded_bytes())
                ),
                None => "the name has no extension to tell what kind of answers file it is".into(),
            };
            return Err(Diagnostic::in_file(&shown, "", None, what).with_help(
                "name the file *.toml or *.json, or use `-` to read JSON from standard input",
            ));
        }
    };
    let text = read_limited(path, &shown, "--answers")?;
    refuse_blank(&shown, &text, "the file is empty")?;
    parse(&shown, &text).map(into_owned)
}

/// An answers file with nothing in it is a mistake (the wrong file, or one
/// that was never written), not a set of answers.
fn refuse_blank(shown: &str, text: &str, what: &str) -> Result<(), Diagnostic> {
    if !text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Ok(());
    }
    Err(Diagnostic::in_file(
        shown,
        "",
        None,
        format!("{what}: there are no answers in it"),
    )
    .with_help(
        "an answers file holds `question_id = value` lines (TOML) or one JSON object; \
         `--save-answers FILE` writes one",
    ))
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
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(format_of))
        .unwrap_or(Format::Text);
    if let Some(problem) = format_problem(rules, format, args.consent) {
        let _ = writeln!(io.stderr, "offercheck: error: {problem}");
        return Exit::Usage;
    }
    let with = match read_registry(args.registry.as_deref(), args.registry_date.as_deref(), io) {
        Ok(registry) => registry.map(|registry| rules.clone().with_registry(registry)),
        Err(exit) => return exit,
    };
    let rules = with.as_ref().unwrap_or(rules);
    // Refuse a write that cannot succeed, or that would destroy data,
    // before anything is read, asked or written.
    if let Err(exit) = super::output::refuse_before_writing(
        args.output.as_deref(),
        args.save_answers.as_deref(),
        args.answers.as_deref(),
        args.force,
        io,
    ) {
        return exit;
    }
    let answers = match gather_answers(args, rules, flags, io) {
        Ok(answers) => answers,
        Err(problems) => {
            error(io, &problems);
            return Exit::Usage;
        }
    };
    let answers = if io.interactive_terminal && !args.no_input {
        let mut prompter = TerminalPrompter::new(rules);
        let questionnaire = Questionnaire::new(rules, &answers);
        // A text report for a person at a terminal: the summary and its
        // menu, when there are questions to ask.
        let to_terminal = args
            .output
            .as_ref()
            .is_none_or(|path| path.as_os_str() == "-");
        if format == Format::Text
            && to_terminal
            && io.terminal_columns.is_some()
            && questionnaire.has_questions()
        {
            let mut prompter = prompter.with_pager(super::after::pager(args.no_pager));
            return match super::after::run(rules, args, questionnaire, &mut prompter, io) {
                Ok(exit) => {
                    prompter.restore();
                    exit
                }
                Err(_) => {
                    prompter.restore();
                    let _ = writeln!(io.stderr, "{}", rules.ui("interrupted"));
                    Exit::Interrupted
                }
            };
        }
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
        let file = match &args.answers {
            Some(path) if path.as_os_str() == "-" => " (standard input held none)".to_string(),
            Some(path) => format!(" (`{}` holds none)", super::output::shown(path)),
            None => String::new(),
        };
        let _ = writeln!(
            io.stderr,
            "offercheck: error: no answers were given{file}, and {why}\n  \
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
    let evaluation = crate::assess::evaluate(rules, answers);
    let assessed = Assessed {
        report: evaluation.report(),
        evaluation,
        consent: args.consent,
    };
    let report = &assessed.report;
    // `--output -` is standard output, as `-` is elsewhere.
    if let Some(path) = args.output.as_ref().filter(|path| path.as_os_str() != "-") {
        return match super::output::write_report(&assessed, rules, format, path, args.force, io) {
            Ok(()) if saved != Some(false) => outcome(report, args.fail_on),
            Ok(()) => Exit::Usage,
            Err(exit) => exit,
        };
    }
    // A report for a person, on a terminal, goes through the pager.
    let pager = match format {
        Format::Json | Format::Htcds | Format::HtcdsCsv => None,
        Format::Text | Format::Markdown => {
            pager::choose(args.no_pager, io.terminal_columns.is_some(), |name| {
                std::env::var(name).ok()
            })
        }
    };
    let width = io.terminal_columns.map_or(text::WIDTH, text_width);
    // Rendered whole, then written at once: one write instead of one per line.
    let written = render(&assessed, rules, format, io.colour, width)
        .and_then(|rendered| write_report(&rendered, pager.as_ref(), io))
        .and_then(|()| io.stdout.flush());
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(
            io.stderr,
            "offercheck: error: cannot write the report: {err}"
        );
        return Exit::Usage;
    }
    match saved {
        Some(false) => Exit::Usage,
        _ => outcome(report, args.fail_on),
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
pub(super) fn save_answers(
    rules: &RuleSet,
    answers: &Answers,
    path: &Path,
    force: bool,
    io: &mut Io,
) -> bool {
    let text = answers.to_toml(rules);
    let saved =
        super::output::write_file(&super::output::ANSWERS, path, text.as_bytes(), force, io);
    if saved.is_ok() {
        let shown = super::output::shown(path);
        let _ = writeln!(
            io.stderr,
            "{}",
            rules.ui_fill("answers_saved", &[("path", &shown)])
        );
    }
    saved.is_ok()
}

/// Why `format` (with `--consent` or not) cannot be written with these
/// rules, if it cannot.
pub(super) fn format_problem(rules: &RuleSet, format: Format, consent: bool) -> Option<String> {
    if consent && !format.is_htcds() {
        return Some(
            "--consent belongs to a case record: use it with --format htcds or htcds-csv".into(),
        );
    }
    if format.is_htcds() && rules.htcds.is_none() {
        return Some("--format htcds: the rule set has no `[htcds]` mapping\n  help: use the built-in rules, or add the mapping (rules/htcds.toml)".into());
    }
    None
}

/// The format a file name implies: `.md` is markdown, `.json` JSON.
pub(super) fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "json" => Some(Format::Json),
        _ => None,
    }
}

pub(super) fn outcome(report: &Report, fail_on: Option<Level>) -> Exit {
    match fail_on {
        Some(threshold) if report.level >= threshold => Exit::FailOn,
        _ => Exit::Assessed,
    }
}

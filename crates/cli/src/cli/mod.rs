//! The command line: parse arguments, gather answers, assess, render, and
//! map the outcome to an exit code. The binary only calls [`run`].
//!
//! Every question in the rule set becomes a flag (`--upfront-payment yes`),
//! so the flags are built at run time from the rules: `--rules DIR` is read
//! first, then the full command line is parsed.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

mod after;
mod batch;
mod channels;
mod check;
mod completions;
mod explain;
mod man;
mod output;
mod rules;
mod stdout;
mod step;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::answers::valid_values_help;
use crate::rules::{Level, Question, QuestionKind, RuleSet, RulesError, language_from_env};

/// What the process exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Assessed, below `--fail-on` (or no `--fail-on`); help and version too.
    Assessed,
    /// Assessed at or above `--fail-on`.
    FailOn,
    /// Bad usage or bad answers.
    Usage,
    /// Bad rule files.
    Rules,
    /// Interrupted by the user.
    Interrupted,
}

impl Exit {
    /// The numeric exit code, as documented in README.md.
    pub fn code(self) -> u8 {
        match self {
            Exit::Assessed => 0,
            Exit::FailOn => 1,
            Exit::Usage => 2,
            Exit::Rules => 3,
            Exit::Interrupted => 130,
        }
    }
}

/// offercheck: check a foreign job offer for warning signs before you pay or sign.
#[derive(Debug, Parser)]
#[command(
    name = "offercheck",
    version,
    about = "Check a foreign job offer for the warning signs of labour trafficking before you pay or sign.",
    long_about = "Check a foreign job offer for the warning signs of labour trafficking before you pay or sign.\n\n\
                  It asks about the offer, explains every warning sign it finds with its public source, \
                  and lists the official offices that can verify the offer or help. It never says an \
                  offer is safe. It works offline and saves nothing unless asked.",
    after_help = "Exit codes: 0 assessed, 1 at or above --fail-on, 2 bad usage or answers, 3 bad rule files, 130 interrupted.",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// The command; `check` when none is given (see [`with_default_command`]),
    /// so the usage line shows it as optional.
    #[command(subcommand)]
    command: Option<Command>,

    /// Language of the questions and the report: `en` or `sw` (Kiswahili).
    /// Default: from LC_ALL, then LANG (`sw_KE.UTF-8` means `sw`), else `en`.
    #[arg(long, global = true, value_name = "LANG", value_parser = Utf8Text)]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a job offer: ask the questions, or assess the answers given (the default command).
    Check(check::CheckArgs),
    /// List the official channels that can verify an offer or help, by country.
    Channels(Deferred<channels::ChannelsArgs>),
    /// Validate or list rule files: `rules check [DIR]`, `rules list`.
    Rules(Deferred<rules::RulesArgs>),
    /// Explain one rule in full: when it fires, why, what to do, its sources.
    Explain(Deferred<explain::ExplainArgs>),
    /// Screen many offers: one answers object per line of a JSON Lines file, one result per line out.
    Batch(Deferred<batch::BatchArgs>),
    /// One step of the questionnaire for SMS, USSD and chat gateways: a JSON request on stdin, a JSON response on stdout.
    Step(Deferred<step::StepArgs>),
    /// Print a shell completion script (bash, elvish, fish, powershell, zsh).
    Completions(Deferred<completions::CompletionsArgs>),
    /// Print the manual page of offercheck, or of one command, in roff.
    Man(Deferred<man::ManArgs>),
}

/// A command's flags, given to clap only when that command is run, or when
/// its help, completions or manual page are written (clap's
/// [`clap::Command::defer`]). Most runs are `check`: building every other
/// command's flags at each start would be wasted. `check` itself is not
/// deferred, because its question flags are added after its own.
#[derive(Debug)]
struct Deferred<T>(T);

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        command.defer(T::augment_args)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Output formats of the rule and channel tools (no markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum TextOrJson {
    /// Plain words for a person.
    Text,
    /// JSON for scripts.
    Json,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain words for a person, wrapped to the terminal's width (78 columns in a file).
    Text,
    /// Stable JSON for scripts (see README.md).
    Json,
    /// A markdown document to print or share.
    Markdown,
    /// A case record of IOM's Human Trafficking Case Data Standard, as JSON
    /// (docs/htcds.md): potential indicators, never a victim's identification.
    Htcds,
    /// The same record as CSV: a header and one row.
    HtcdsCsv,
}

impl Format {
    /// Whether the format is a record of the HTCDS standard.
    pub fn is_htcds(self) -> bool {
        matches!(self, Format::Htcds | Format::HtcdsCsv)
    }
}

/// A flag's value as text. clap's own check for UTF-8 names no flag; this
/// one names the flag and shows the value, each byte that is not UTF-8 as
/// `\xFF`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Utf8Text;

impl clap::builder::TypedValueParser for Utf8Text {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        if let Some(text) = value.to_str() {
            return Ok(text.to_owned());
        }
        let flag = match arg {
            Some(arg) => match arg.get_long() {
                Some(long) => format!("--{long}"),
                None => format!("<{}>", arg.get_id()),
            },
            None => "a value".into(),
        };
        let mut err = clap::Error::raw(
            clap::error::ErrorKind::InvalidUtf8,
            format!(
                "{flag}: the value `{}` is not UTF-8 text\n  help: give it as UTF-8 \
                 (a script can convert text with `iconv -t UTF-8`)\n",
                crate::diagnostic::echo_bytes(value.as_encoded_bytes())
            ),
        );
        err = err.with_cmd(command);
        Err(err)
    }
}

pub(crate) fn parse_level(text: &str) -> Result<Level, String> {
    Level::parse(text).ok_or_else(|| "expected one of: low, medium, high, critical".to_string())
}

/// Where the program writes. Tests use in-memory buffers; the binary the real streams.
pub struct Io<'a> {
    /// Standard input, for `--answers -`.
    pub stdin: &'a mut dyn Read,
    /// The report.
    pub stdout: &'a mut dyn Write,
    /// Errors and messages.
    pub stderr: &'a mut dyn Write,
    /// Whether stdin and stderr are terminals (the questionnaire's condition).
    pub interactive_terminal: bool,
    /// Whether standard output shows bold and colour (a terminal, without
    /// NO_COLOR): text is styled only then, instead of styled and stripped.
    pub colour: bool,
    /// The columns of the terminal that standard output is, or `None` when
    /// it is not a terminal (a file, a pipe, a test's buffer). A report
    /// for a terminal is wrapped to its width and shown through the pager.
    pub terminal_columns: Option<usize>,
}

/// Runs the program with the process's real streams and returns the exit code.
pub fn main_with_std(args: Vec<OsString>) -> Exit {
    let interactive_terminal = io::stdin().is_terminal() && io::stderr().is_terminal();
    let terminal_columns = io::stdout().is_terminal().then(stdout::terminal_columns);
    let mut stdout = stdout::Stdout::new();
    let colour = stdout.shows_colour();
    let mut stderr = anstream::stderr();
    let mut stdin = io::stdin();
    let mut io = Io {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        interactive_terminal,
        colour,
        terminal_columns,
    };
    let (exit, leftovers) = execute(args, &mut io);
    // The process ends now: freeing the rule set's few thousand pieces (and
    // the command line's hundreds) one by one would cost about as much as
    // the whole check (BENCHMARKS.md), and the operating system takes the
    // memory back at once.
    std::mem::forget(leftovers);
    exit
}

/// Runs the program: parses `args` (including the program name), does the work,
/// and returns the exit code. Nothing here exits the process or panics on input.
pub fn run(args: Vec<OsString>, io: &mut Io) -> Exit {
    execute(args, io).0
}

/// What a run leaves behind: the rule set, the command line and its parse.
type Leftovers = Option<(RuleSet, clap::Command, clap::ArgMatches)>;

/// [`run`], handing back what it built so that the binary can skip freeing it.
fn execute(args: Vec<OsString>, io: &mut Io) -> (Exit, Leftovers) {
    let args = with_default_command(args);
    let rules = match load_rules(rules_flag(&args).as_deref()) {
        Ok(rules) => rules,
        Err(err) => {
            print_rules_error(io, &err);
            return (Exit::Rules, None);
        }
    };
    let mut command = build_command(&rules, may_show_help(&args));
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(err) => {
            let rendered = err.render();
            let is_error = err.use_stderr();
            let target: &mut dyn Write = if is_error { io.stderr } else { io.stdout };
            let _ = write!(target, "{}", rendered.ansi());
            let exit = if is_error {
                Exit::Usage
            } else {
                Exit::Assessed
            };
            return (exit, Some((rules, command, clap::ArgMatches::default())));
        }
    };
    let mut matches = matches;
    let flags = matches
        .subcommand_matches("check")
        .map(|sub| check::flag_answers(&rules, sub))
        .unwrap_or_default();
    // Takes the derive's values out of the matches instead of copying them all.
    let cli = match Cli::from_arg_matches_mut(&mut matches) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = write!(io.stderr, "{}", err.render().ansi());
            return (Exit::Usage, Some((rules, command, matches)));
        }
    };
    let lang = match choose_language(&rules, cli.lang.as_deref()) {
        Ok(lang) => lang,
        Err(message) => {
            let _ = writeln!(io.stderr, "offercheck: error: {message}");
            return (Exit::Usage, Some((rules, command, matches)));
        }
    };
    if let Some(Command::Step(Deferred(args))) = &cli.command {
        // Each request names its own language; the rule set stays whole.
        let (exit, rules) = step::run(rules, args, &lang, io);
        return (exit, Some((rules, command, matches)));
    }
    let rules = rules.localised(&lang);
    let Some(subcommand) = cli.command else {
        // `with_default_command` puts `check` in whenever no command is
        // given; only a call without even the program name gets here.
        let _ = writeln!(
            io.stderr,
            "offercheck: error: no command was given\n  help: run `offercheck check`, or `offercheck --help` for every command"
        );
        return (Exit::Usage, Some((rules, command, matches)));
    };
    let exit = match subcommand {
        Command::Check(args) => check::run(&rules, &args, flags, io),
        Command::Rules(Deferred(args)) => rules::run(&rules, &args, io),
        Command::Explain(Deferred(args)) => explain::run(&rules, &args, io),
        Command::Channels(Deferred(args)) => channels::run(&rules, &args, io),
        Command::Batch(Deferred(args)) => batch::run(&rules, &args, io),
        Command::Step(_) => Exit::Usage,
        Command::Completions(Deferred(args)) => completions::run(self::command(&rules), &args, io),
        Command::Man(Deferred(args)) => man::run(self::command(&rules), &args, io),
    };
    (exit, Some((rules, command, matches)))
}

/// Writes generated output to stdout; a closed pipe is not an error.
fn write_stdout(bytes: &[u8], io: &mut Io) -> Exit {
    match io.stdout.write_all(bytes).and_then(|()| io.stdout.flush()) {
        Ok(()) => Exit::Assessed,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Exit::Assessed,
        Err(err) => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: cannot write to standard output: {err}"
            );
            Exit::Usage
        }
    }
}

/// The language asked for with `--lang`, or the environment's, or English.
fn choose_language(rules: &RuleSet, flag: Option<&str>) -> Result<String, String> {
    let available = rules.languages();
    match flag {
        Some(code) => {
            let wanted = code.trim().to_ascii_lowercase();
            if available.contains(&wanted.as_str()) {
                Ok(wanted)
            } else {
                let list: Vec<String> = available.iter().map(|c| format!("`{c}`")).collect();
                Err(format!(
                    "--lang: no texts in language `{}`\n  help: choose one of {}",
                    crate::diagnostic::echo(code),
                    list.join(", ")
                ))
            }
        }
        None => Ok(language_from_env(&available, |name| {
            std::env::var(name).ok()
        })),
    }
}

/// Every problem of a rule set that did not load; `check --rules DIR` and
/// `rules check DIR` print them the same way.
fn print_rules_error(io: &mut Io, err: &RulesError) {
    let _ = writeln!(
        io.stderr,
        "offercheck: error: the rule set could not be loaded\n\n{err}"
    );
}

/// `offercheck` alone, or followed by a flag, means `offercheck check`.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_string);
    let needs_check = match first.as_deref() {
        None => true,
        Some("-h" | "--help" | "-V" | "--version") => false,
        Some(arg) => arg.starts_with('-'),
    };
    if needs_check {
        args.insert(1.min(args.len()), OsString::from("check"));
    }
    args
}

/// The value of `--rules DIR` or `--rules=DIR`, read before the full parse
/// because the rules decide which question flags exist.
fn rules_flag(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            break;
        }
        if text == "--rules" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(dir) = text.strip_prefix("--rules=") {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

fn load_rules(dir: Option<&Path>) -> Result<RuleSet, RulesError> {
    crate::rule_files::load(dir)
}

/// The full command, with one flag per question of the rule set, and the
/// rule set's version in `--version`.
pub fn command(rules: &RuleSet) -> clap::Command {
    build_command(rules, true)
}

/// [`command`], with the question flags' help texts only `with_help`.
///
/// Writing those texts is about a tenth of a start-up, and a run shows them
/// only for `--help` (see [`may_show_help`]); clap's error messages name a
/// flag and its value name, never its help.
fn build_command(rules: &RuleSet, with_help: bool) -> clap::Command {
    let version = format!(
        "{} (rules {})",
        env!("CARGO_PKG_VERSION"),
        rules.meta.version
    );
    let cli = Cli::command().version(version);
    cli.mut_subcommand("check", |check| {
        let mut check = check;
        for question in &rules.questions {
            let value_name = match question.kind {
                QuestionKind::YesNo => "YES|NO",
                QuestionKind::Choice => "CHOICE",
                QuestionKind::MultiChoice => "CHOICES",
                QuestionKind::Country => "COUNTRY",
                QuestionKind::Number => "AMOUNT",
                QuestionKind::Url => "URL",
                QuestionKind::Email => "EMAIL",
                QuestionKind::Phone => "PHONE",
                QuestionKind::Text => "TEXT",
            };
            let mut arg = Arg::new(question.id.as_str().to_owned())
                .long(question.flag())
                .value_name(value_name)
                .action(ArgAction::Set)
                .value_parser(Utf8Text)
                // Let `--payment-amount-kes -5` reach the answer checks, which explain it.
                .allow_negative_numbers(question.kind == QuestionKind::Number)
                // An advert may start with a dash.
                .allow_hyphen_values(question.kind == QuestionKind::Text);
            if with_help {
                arg = with_question_help(arg, rules, question);
            }
            check = check.arg(arg);
        }
        check
    })
}

/// A question's flag with its help texts and its heading in `--help`.
fn with_question_help(arg: Arg, rules: &RuleSet, question: &Question) -> Arg {
    let short = match question.kind {
        QuestionKind::YesNo => "yes, no, unknown".to_string(),
        QuestionKind::Choice | QuestionKind::MultiChoice => question
            .choices
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        QuestionKind::Country => "country code or name".into(),
        QuestionKind::Number => "amount".into(),
        _ => "text".into(),
    };
    arg.help(format!("{} [{short}]", question.prompt))
        .long_help(format!(
            "{}\n{}\n{}",
            question.prompt,
            question.help,
            valid_values_help(question).replace('`', "")
        ))
        .help_heading(format!(
            "Questions: {}",
            rules.section_title(&question.section)
        ))
}

/// Whether clap may print the help of `check` for these arguments: `-h` (or a
/// cluster of short flags with an `h`) or `--help` anywhere before `--`.
/// Guessing yes when it is not needed costs only time.
fn may_show_help(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .map(|arg| arg.to_string_lossy())
        .take_while(|arg| arg != "--")
        .any(|arg| {
            arg == "--help" || (arg.starts_with('-') && !arg.starts_with("--") && arg.contains('h'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    /// Help texts are written whenever clap could print help, and left out
    /// only when it cannot.
    #[test]
    fn help_texts_only_when_help_may_show() {
        for shown in [
            &["offercheck", "check", "--help"][..],
            &["offercheck", "check", "-h"],
            &["offercheck", "-h"],
            &["offercheck", "check", "--destination", "RU", "--help"],
        ] {
            assert!(may_show_help(&args(shown)), "{shown:?}");
        }
        for not_shown in [
            &["offercheck", "check", "--no-input", "--destination", "RU"][..],
            &["offercheck", "batch", "-"],
            // After `--` nothing is a flag.
            &["offercheck", "check", "--", "--help"],
            // A value that merely contains an h is not a flag.
            &["offercheck", "check", "--offer-text", "cash"],
        ] {
            assert!(!may_show_help(&args(not_shown)), "{not_shown:?}");
        }
    }

    /// Without help texts the command accepts exactly the same flags: the
    /// same ids, long names, value names and settings, in the same order.
    #[test]
    fn the_command_without_help_texts_parses_the_same() {
        let rules = crate::default_rules::rule_set().expect("embedded rules");
        let describe = |with_help: bool| {
            let mut command = build_command(&rules, with_help);
            command.build();
            let check = command.find_subcommand("check").expect("check").clone();
            check
                .get_arguments()
                .map(|arg| {
                    (
                        arg.get_id().to_string(),
                        arg.get_long().map(str::to_owned),
                        format!("{:?}", arg.get_value_names()),
                        arg.get_action().takes_values(),
                        arg.is_allow_negative_numbers_set(),
                        arg.is_allow_hyphen_values_set(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let with = describe(true);
        assert!(with.len() > 30, "one flag per question and the others");
        assert_eq!(describe(false), with);
        let mut full = build_command(&rules, true);
        full.build();
        let check = full.find_subcommand("check").expect("check");
        let destination = check
            .get_arguments()
            .find(|arg| arg.get_id() == "destination")
            .expect("a --destination flag");
        assert!(destination.get_help().is_some() && destination.get_long_help().is_some());
    }
}

//! `offercheck batch FILE.jsonl`: screen many offers, one answers object per
//! line, one assessment per line out. The work is in [`crate::batch`].

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

use clap::Args;

use super::{Exit, Io};
use crate::batch::{self, Detail, LineProblem, Options, RecordId, Totals};
use crate::rules::{Level, RuleSet};

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every line assessed (below --fail-on), 1 some line at or above \
                  --fail-on, 2 some line could not be assessed (known after every line was \
                  processed) or bad usage, 3 bad rule files."
)]
pub(super) struct BatchArgs {
    /// JSON Lines file: one answers object per line, with an optional "id"
    /// key (a string or number) that is echoed back; `-` reads standard input.
    #[arg(value_name = "FILE.jsonl")]
    file: PathBuf,

    /// Exit 1 when any line's level is this or higher.
    #[arg(long, value_name = "LEVEL", value_parser = super::parse_level, help_heading = "Output")]
    fail_on: Option<Level>,

    /// Write every key of `check --format json` for each line, not only the verdict.
    #[arg(long, help_heading = "Output", conflicts_with = "format")]
    full: bool,

    /// What to write for each line: `json` (the verdict, or every key with
    /// --full), `htcds` (an HTCDS case record per line, JSON Lines), or
    /// `htcds-csv` (a header, then one CSV row per line).
    #[arg(long, value_enum, default_value = "json", help_heading = "Output")]
    format: BatchFormat,

    /// Every person in the file agreed to their record being kept (HTCDS
    /// con_Consent; off unless given). Only with --format htcds or htcds-csv.
    #[arg(long, help_heading = "Output")]
    consent: bool,

    /// Look each line's agency up in this register export (CSV or JSON; README.md lists the columns).
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

    /// Threads that assess lines [default: the number of CPUs, at most 8].
    /// The output is in input order whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,

    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR", help_heading = "Input")]
    rules: Option<PathBuf>,
}

/// The output formats of `batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum BatchFormat {
    /// One JSON object per line: the verdict, or every key with --full.
    Json,
    /// One HTCDS case record per line (JSON Lines).
    Htcds,
    /// A CSV header, then one HTCDS case record per row.
    HtcdsCsv,
}

/// Screens the file, writes the counts to stderr, and picks the exit code: 2
/// if any line was bad (after every line was processed), else 1 if the worst
/// level reached `--fail-on`, else 0.
pub(super) fn run(rules: &RuleSet, args: &BatchArgs, io: &mut Io) -> Exit {
    let format = match args.format {
        BatchFormat::Json => super::Format::Json,
        BatchFormat::Htcds => super::Format::Htcds,
        BatchFormat::HtcdsCsv => super::Format::HtcdsCsv,
    };
    if let Some(problem) = super::check::format_problem(rules, format, args.consent) {
        let _ = writeln!(io.stderr, "offercheck: error: {problem}");
        return Exit::Usage;
    }
    let with = match super::check::read_registry(
        args.registry.as_deref(),
        args.registry_date.as_deref(),
        io,
    ) {
        Ok(registry) => registry.map(|registry| rules.clone().with_registry(registry)),
        Err(exit) => return exit,
    };
    let rules = with.as_ref().unwrap_or(rules);
    let from_stdin = args.file.as_os_str() == "-";
    let shown = super::output::shown(&args.file);
    let name = if from_stdin { "<stdin>" } else { &shown };
    let file;
    let input: &mut dyn Read = if from_stdin {
        &mut *io.stdin
    } else if args.file.is_dir() {
        let _ = writeln!(
            io.stderr,
            "offercheck: error: {name}: this is a folder, not a JSON Lines file\n  \
             help: give `batch` the path of a file with one answers object per line, \
             or `-` to read standard input"
        );
        return Exit::Usage;
    } else {
        match File::open(&args.file) {
            Ok(opened) => {
                file = opened;
                &mut &file
            }
            Err(err) => {
                let _ = writeln!(
                    io.stderr,
                    "offercheck: error: {name}: cannot read the file: {err}\n  \
                     help: give `batch` the path of a JSON Lines file, or `-` to read standard input"
                );
                return Exit::Usage;
            }
        }
    };
    let options = Options {
        detail: match (args.format, args.full) {
            (BatchFormat::Htcds, _) => Detail::Htcds {
                consent: args.consent,
            },
            (BatchFormat::HtcdsCsv, _) => Detail::HtcdsCsv {
                consent: args.consent,
            },
            (BatchFormat::Json, true) => Detail::Full,
            (BatchFormat::Json, false) => Detail::Summary,
        },
        jobs: args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            usize::from,
        ),
    };
    let stderr = &mut *io.stderr;
    let result = batch::screen(
        rules,
        BufReader::with_capacity(64 * 1024, input),
        &mut *io.stdout,
        options,
        |line, id, problems| report_problems(stderr, name, line, id, problems),
    );
    let totals = match result {
        Ok(totals) => totals,
        Err(err) => {
            let _ = writeln!(io.stderr, "offercheck: error: {name}: {err}");
            return Exit::Usage;
        }
    };
    if totals.output_closed {
        return outcome(&totals, args.fail_on);
    }
    let mut summary = counts(&totals);
    if totals.errors > 0 {
        summary.push_str(if args.format == BatchFormat::HtcdsCsv {
            " (see the messages above)"
        } else {
            " (see the `error` records)"
        });
    }
    if let Some(registry) = &rules.registry {
        summary.push_str(&format!(
            "; agencies looked up in the register export “{}” of {}",
            registry.name, registry.exported
        ));
    }
    let _ = writeln!(io.stderr, "offercheck: {summary}");
    outcome(&totals, args.fail_on)
}

fn outcome(totals: &Totals, fail_on: Option<Level>) -> Exit {
    if totals.errors > 0 {
        return Exit::Usage;
    }
    match (fail_on, totals.worst) {
        (Some(threshold), Some(worst)) if worst >= threshold => Exit::FailOn,
        _ => Exit::Assessed,
    }
}

/// `3 offers assessed: 1 critical, 1 high, 0 medium, 1 low; 1 line not assessed`.
fn counts(totals: &Totals) -> String {
    let by_level: Vec<String> = Level::ALL
        .iter()
        .rev()
        .map(|level| format!("{} {}", totals.by_level[*level as usize], level.as_str()))
        .collect();
    let assessed = totals.assessed();
    let mut text = format!(
        "{assessed} {} assessed: {}",
        if assessed == 1 { "offer" } else { "offers" },
        by_level.join(", ")
    );
    if totals.errors > 0 {
        text.push_str(&format!(
            "; {} with errors, not assessed",
            if totals.errors == 1 {
                "1 line".to_string()
            } else {
                format!("{} lines", totals.errors)
            }
        ));
    }
    text
}

fn report_problems(
    stderr: &mut dyn io::Write,
    name: &str,
    line: u64,
    id: Option<&RecordId>,
    problems: &[LineProblem],
) {
    let id = match id {
        Some(RecordId::Text(text)) => format!(" (id `{}`)", crate::diagnostic::echo(text)),
        Some(RecordId::Integer(number)) => format!(" (id `{number}`)"),
        Some(RecordId::Number(number)) => format!(" (id `{number}`)"),
        None => String::new(),
    };
    for problem in problems {
        let column = problem.column.map(|c| format!(":{c}")).unwrap_or_default();
        let key = match &problem.key {
            Some(key) if !problem.message.starts_with('`') => {
                format!("`{}`: ", crate::diagnostic::echo(key))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            stderr,
            "offercheck: error: {name}:{line}{column}{id}: {key}{}",
            problem.message
        );
        if let Some(help) = &problem.help {
            let _ = writeln!(stderr, "  help: {help}");
        }
    }
}

//! `offercheck man [COMMAND]`: a manual page in roff on stdout, made from the
//! full command line, so the page for `check` lists every question flag of
//! the rule set in use.

use clap::Args;

use super::{Exit, Io};

#[derive(Debug, Args)]
pub(super) struct ManArgs {
    /// The command to document, such as `check` or `batch`; the page for
    /// `offercheck` itself when left out.
    #[arg(value_name = "COMMAND", value_parser = super::Utf8Text)]
    command: Option<String>,

    /// Document the question flags of the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<std::path::PathBuf>,
}

/// Renders the page for `offercheck` or one of its commands to stdout.
pub(super) fn run(mut command: clap::Command, args: &ManArgs, io: &mut Io) -> Exit {
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<String> = command
                    .get_subcommands()
                    .map(|sub| format!("`{}`", sub.get_name()))
                    .collect();
                let _ = writeln!(
                    io.stderr,
                    "offercheck: error: man: there is no command `{}`\n  help: choose one of {}, or leave it out for the page on offercheck",
                    crate::diagnostic::echo(name),
                    names.join(", ")
                );
                return Exit::Usage;
            }
        },
    };
    let mut roff = Vec::new();
    // Rendering into memory cannot fail.
    let _ = clap_mangen::Man::new(page).render(&mut roff);
    super::write_stdout(&roff, io)
}

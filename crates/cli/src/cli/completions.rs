//! `offercheck completions SHELL`: a shell completion script on stdout, made
//! from the full command line, so every question flag of the rule set in use
//! (`--rules DIR` included) completes.

use clap::Args;
use clap_complete::Shell;

use super::{Exit, Io};

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,

    /// Complete the question flags of the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<std::path::PathBuf>,
}

/// Writes the completion script for `args.shell` to stdout.
pub(super) fn run(mut command: clap::Command, args: &CompletionsArgs, io: &mut Io) -> Exit {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "offercheck", &mut script);
    super::write_stdout(&script, io)
}

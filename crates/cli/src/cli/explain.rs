//! `offercheck explain RULE_ID`: one rule in full, in the spirit of
//! `rustc --explain`.

use std::io;
use std::path::PathBuf;

use clap::Args;

use super::{Exit, Io, TextOrJson};
use crate::report::Explanation;
use crate::rules::RuleSet;

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// The rule id, such as `FEE003`, in any case (`offercheck rules list` lists them).
    #[arg(value_name = "RULE_ID", value_parser = super::Utf8Text)]
    rule_id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

/// Explains one rule, or exits 2 naming the nearest id.
pub(super) fn run(rules: &RuleSet, args: &ExplainArgs, io: &mut Io) -> Exit {
    let rule = match rules.find_rule(&args.rule_id) {
        Ok(rule) => rule,
        Err(hint) => {
            let hint = hint.map_or_else(String::new, |hint| format!("{hint} "));
            let _ = writeln!(
                io.stderr,
                "offercheck: error: unknown rule `{}`\n  help: {hint}`offercheck rules list` lists every rule id",
                crate::diagnostic::echo(&args.rule_id)
            );
            return Exit::Usage;
        }
    };
    let explanation = Explanation::new(rule, rules);
    let written = match args.format {
        TextOrJson::Text => explanation.write_text(io.stdout),
        TextOrJson::Json => explanation.write_json(io.stdout),
    };
    finish(io, written)
}

/// Flushes the output; a closed pipe (`| head`) is not an error.
pub(super) fn finish(io: &mut Io, written: io::Result<()>) -> Exit {
    match written.and_then(|()| io.stdout.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: cannot write the output: {err}"
            );
            Exit::Usage
        }
        _ => Exit::Assessed,
    }
}

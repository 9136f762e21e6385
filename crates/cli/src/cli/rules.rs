//! `offercheck rules check [DIR]` and `offercheck rules list`: tools for the
//! people who write rule files.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::TextOrJson;
use super::explain::finish;
use super::{Exit, Io};
use crate::report::RuleList;
use crate::rules::RuleSet;

#[derive(Debug, Args)]
pub(super) struct RulesArgs {
    #[command(subcommand)]
    command: RulesCommand,
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Validate a rule set and report every problem with its file, line and
    /// column (exit 0 when clean, 3 with problems).
    Check {
        /// The folder of rule files (*.toml); the built-in rules when left out.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// List the rules: id, severity, points and title.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
        /// Use the rule files in DIR instead of the built-in rules.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

/// Runs `rules check` or `rules list`. `rules` is the set already loaded
/// (the built-in one, or `--rules DIR`).
pub(super) fn run(rules: &RuleSet, args: &RulesArgs, io: &mut Io) -> Exit {
    match &args.command {
        RulesCommand::Check { dir } => {
            let checked;
            let (rules, shown) = match dir {
                None => (rules, "the built-in rules".to_string()),
                Some(dir) => match crate::rule_files::from_dir(dir) {
                    Ok(loaded) => {
                        checked = loaded;
                        (&checked, format!("`{}`", super::output::shown(dir)))
                    }
                    Err(err) => {
                        super::print_rules_error(io, &err);
                        return Exit::Rules;
                    }
                },
            };
            let summary = format!(
                "no problems found in {shown} (\"{}\" {}): {} questions, {} rules, {} channels, {} countries",
                rules.meta.name,
                rules.meta.version,
                rules.questions.len(),
                rules.rules.len(),
                rules.channels.len(),
                rules.countries.all().len()
            );
            let mut report = summary;
            // Translation coverage: a missing text falls back to English.
            for lang in rules.languages() {
                if lang == crate::rules::ENGLISH {
                    continue;
                }
                let missing = rules.missing_translations(lang);
                if missing.is_empty() {
                    report.push_str(&format!("\ntranslation `{lang}`: complete"));
                } else {
                    let examples: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
                    report.push_str(&format!(
                        "\ntranslation `{lang}`: {} texts missing (English is shown instead), such as {}",
                        missing.len(),
                        examples.join(", ")
                    ));
                }
            }
            let written = writeln!(io.stdout, "{report}");
            finish(io, written)
        }
        RulesCommand::List { format, .. } => {
            let list = RuleList::new(rules);
            let written = match format {
                TextOrJson::Text => list.write_text(io.stdout),
                TextOrJson::Json => list.write_json(io.stdout),
            };
            finish(io, written)
        }
    }
}

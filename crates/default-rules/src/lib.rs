//! offercheck's default rule set: the files in `rules/` at the workspace
//! root, validated by the engine when this crate is built (a broken file
//! fails the build with its file, line and column) and compiled in, so a
//! program runs with no files and starts without parsing TOML.

use offercheck_engine::rules::{RuleFile, RuleSet, RulesError, snapshot};

include!(concat!(env!("OUT_DIR"), "/default_rules.rs"));

/// The default rule set, read back from the form saved at build time; its
/// translations are read when a language is first shown.
///
/// The saved form was made from these files by this same engine, so it
/// reads back; were it ever not to, the files are parsed instead, and an
/// error is possible only then.
pub fn rule_set() -> Result<RuleSet, RulesError> {
    match saved_rule_set() {
        Some(rules) => Ok(rules),
        None => from_files(),
    }
}

/// The default rule set read back from the form saved at build time, with
/// no fallback to parsing the files: for a front end that must stay small
/// (the web page), where the TOML reader would only add to the download.
/// `None` only if the saved form does not read back, which the tests of
/// this crate rule out.
pub fn saved_rule_set() -> Option<RuleSet> {
    snapshot::read(SNAPSHOT, STRINGS, TRANSLATIONS)
}

/// The default rule set parsed and validated from its TOML files, as
/// `offercheck rules check` does with no folder.
pub fn from_files() -> Result<RuleSet, RulesError> {
    RuleSet::from_files(rule_files())
}

/// The default rule files, each named by its path from the workspace root.
pub fn rule_files() -> Vec<RuleFile> {
    FILES
        .iter()
        .map(|(path, text)| RuleFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule set compiled in reads back, and is exactly the rule set the
    /// files give, every language included.
    #[test]
    fn compiled_rule_set_is_the_files() {
        let saved = saved_rule_set().expect("the saved set reads");
        let parsed = from_files().expect("the default files validate");
        assert_eq!(saved.languages(), parsed.languages());
        assert!(saved.languages().contains(&"sw"));
        assert_eq!(
            snapshot::render(&saved.with_all_translations()),
            snapshot::render(&parsed)
        );
        assert!(
            FILES
                .iter()
                .any(|(path, _)| *path == "rules/red-flags.toml")
        );
    }
}

//! Test helpers: the default rule files, read from the workspace's `rules/`
//! folder. (The engine itself reads no files; its tests may.)

use std::sync::LazyLock;

use crate::rules::{RuleFile, RuleSet};

/// The workspace's `rules/` folder.
pub(crate) const RULES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules");

/// The CLI crate's test fixtures, which the engine's tests share.
pub(crate) const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures");

/// The default rule files, in name order, named `rules/NAME.toml`.
pub(crate) fn rule_files() -> Vec<RuleFile> {
    let mut paths: Vec<_> = std::fs::read_dir(RULES_DIR)
        .expect("the rules folder")
        .map(|entry| entry.expect("a rules/ entry").path())
        // Not the subfolders: rules/samples/ holds the rules' test samples.
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| RuleFile {
            path: format!("rules/{}", path.file_name().unwrap().to_string_lossy()),
            text: std::fs::read_to_string(&path).expect("a rule file"),
        })
        .collect()
}

/// The default rule set, parsed once per test binary.
pub(crate) fn default_rules() -> RuleSet {
    static RULES: LazyLock<RuleSet> =
        LazyLock::new(|| RuleSet::from_files(rule_files()).expect("the default rules validate"));
    RULES.clone()
}

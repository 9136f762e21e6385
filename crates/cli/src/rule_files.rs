//! Rule sets and answer files read from disk: a `--rules DIR` folder, and
//! the size-limited reading every input file goes through. (The engine
//! parses text; reading files is the command line's job.)

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::answers::MAX_FILE_BYTES;
use crate::diagnostic::Diagnostic;
use crate::rules::limits::{MAX_FILES, MAX_TOTAL_BYTES};
use crate::rules::{RuleFile, RuleSet, RulesError};

/// The rule set of `--rules DIR`, or the default one compiled in.
pub fn load(dir: Option<&Path>) -> Result<RuleSet, RulesError> {
    match dir {
        Some(dir) => from_dir(dir),
        None => offercheck_default_rules::rule_set(),
    }
}

/// Loads every `*.toml` file in a folder, in name order.
pub fn from_dir(dir: &Path) -> Result<RuleSet, RulesError> {
    let shown = dir.display().to_string();
    let fail = |message: String, help: &str| RulesError {
        problems: vec![Diagnostic::in_file(&shown, "", None, message).with_help(help)],
    };
    let entries = fs::read_dir(dir).map_err(|err| {
        fail(
            format!("cannot read the rules folder: {err}"),
            "give --rules the path of a folder that holds the rule files (*.toml)",
        )
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    if paths.len() > MAX_FILES {
        return Err(fail(
            format!(
                "the rules folder has {} .toml files; the limit is {MAX_FILES}",
                paths.len()
            ),
            "keep only the rule files in the folder",
        ));
    }
    if paths.is_empty() {
        return Err(fail(
            "the rules folder has no .toml files".into(),
            "copy the default rules/ folder and edit it, or leave out --rules",
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut total = 0;
    for path in paths {
        let shown = path.display().to_string();
        match read_limited(&path) {
            Ok(text) => {
                total += text.len();
                files.push(RuleFile { path: shown, text });
            }
            Err(message) => problems.push(Diagnostic::in_file(&shown, "", None, message)),
        }
        if total > MAX_TOTAL_BYTES {
            return Err(fail(
                format!("the rule files hold more than {MAX_TOTAL_BYTES} bytes in all"),
                "a rule set this large is not a rule set; check the folder given to --rules",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(RulesError { problems });
    }
    RuleSet::from_files(files)
}

/// Reads a file of at most [`MAX_FILE_BYTES`] as UTF-8, or says why not.
pub fn read_limited(path: &Path) -> Result<String, String> {
    let cannot = |err: std::io::Error| format!("cannot read the file: {err}");
    let mut bytes = Vec::new();
    // Read one byte past the limit, never the whole of a huge file.
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes, the limit"
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "the file is not UTF-8 text (bad byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}

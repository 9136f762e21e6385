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

/// Loads every `*.toml` file at the top of a folder, in name order;
/// subfolders (such as the rules' `samples/`) are not read.
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
        match read_limited(&path, &shown, "--rules") {
            Ok(text) => {
                total += text.len();
                files.push(RuleFile { path: shown, text });
            }
            Err(problem) => problems.push(problem),
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

/// Reads a file of at most [`MAX_FILE_BYTES`] as UTF-8 text, or says why
/// not, naming the file as `shown`: text that is not UTF-8 by the line and
/// column of the first byte that is not. `flag` is the flag that gave the
/// path, for the hint when the file cannot be read at all.
pub fn read_limited(path: &Path, shown: &str, flag: &str) -> Result<String, Diagnostic> {
    let problem = |message: String| Diagnostic::in_file(shown, "", None, message);
    let mut bytes = Vec::new();
    // Read one byte past the limit, never the whole of a huge file.
    fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|err| {
            problem(format!("cannot read the file: {err}"))
                .with_help(format!("check the path given to {flag}"))
        })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(problem(format!(
            "the file is larger than {MAX_FILE_BYTES} bytes, the limit"
        ))
        .with_help(format!("check that {flag} names the right file")));
    }
    String::from_utf8(bytes).map_err(|err| not_utf8(shown, err))
}

/// Where and why a file's bytes are not UTF-8 text, and how to save it so.
fn not_utf8(shown: &str, err: std::string::FromUtf8Error) -> Diagnostic {
    let at = err.utf8_error().valid_up_to();
    let bytes = err.into_bytes();
    // Windows editors save "Unicode" as UTF-16, which starts with FF FE or FE FF.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Diagnostic::in_file(shown, "", None, "the file is UTF-16 text, not UTF-8".into())
            .with_help("save it again as UTF-8 (in most editors: Save as, then Encoding: UTF-8)");
    }
    // The text up to the bad byte is valid, so the lossy text has the same
    // offsets up to there.
    let text = String::from_utf8_lossy(&bytes);
    Diagnostic::in_file(
        shown,
        &text,
        Some(at..at + 1),
        format!(
            "the file is not UTF-8 text: the byte 0x{:02X} here is not part of a character",
            bytes[at]
        ),
    )
    .with_help("save it again as UTF-8 (in most editors: Save as, then Encoding: UTF-8)")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that is not UTF-8 is placed by line and column, not byte offset.
    #[test]
    fn bad_bytes_are_placed_by_line_and_column() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, b"destination = \"RU\"\njob = \"dr\xE9ver\"\n").unwrap();
        let err = read_limited(&path, "a.toml", "--answers").unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("a.toml:2:10: the file is not UTF-8 text: the byte 0xE9"),
            "{shown}"
        );
        assert!(!shown.contains("check the path"), "{shown}");
        fs::write(&path, b"\xFF\xFEd\x00").unwrap();
        let err = read_limited(&path, "a.toml", "--answers").unwrap_err();
        assert_eq!(err.message, "the file is UTF-16 text, not UTF-8");
        let err =
            read_limited(&dir.path().join("none.toml"), "none.toml", "--answers").unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("check the path given to --answers")
        );
    }
}

//! Validates the default rule files (`rules/*.toml` at the workspace root)
//! with the engine and embeds the validated rule set, so the tool runs with
//! no files and starts without parsing TOML. A broken default rule file
//! fails the build here, with its file, line and column. Everything written
//! goes to OUT_DIR: nothing generated is committed.

// A build script talks to cargo on stdout and to the developer on stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::{env, fs, process};

use offercheck_engine::rules::{RuleFile, RuleSet, snapshot};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets it"));
    let dir = manifest.join("../../rules");
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = rule_files(&dir);
    let rules = match RuleSet::from_files(files.clone()) {
        Ok(rules) => rules,
        Err(err) => {
            eprintln!("error: the default rule files do not validate\n\n{err}");
            process::exit(1);
        }
    };
    let saved = snapshot::render(&rules);
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        fs::write(&path, bytes).unwrap_or_else(|err| fail(&path, &err.to_string()));
        path.display().to_string()
    };
    let mut code = String::from(
        "/// The default rule files, as (path from the workspace root, contents), in name order.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let source = dir.join(file.path.trim_start_matches("rules/"));
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            file.path,
            source.display().to_string()
        ));
    }
    code.push_str("];\n");
    code.push_str(&format!(
        "/// The validated rule set in English, as saved by the engine's `snapshot::render`.\n\
         static SNAPSHOT: &[u8] = include_bytes!({:?});\n",
        write("rules.bin", &saved.main)
    ));
    code.push_str(&format!(
        "/// The strings the saved rule set's texts are slices of.\n\
         static STRINGS: &str = include_str!({:?});\n",
        write("rules.strings.txt", saved.strings.as_bytes())
    ));
    code.push_str(
        "/// Each other language, saved apart, as (language, saved bytes).\n\
         static TRANSLATIONS: &[(&str, &[u8])] = &[\n",
    );
    for (lang, bytes) in &saved.languages {
        let path = write(&format!("rules.{lang}.bin"), bytes);
        code.push_str(&format!("    ({lang:?}, include_bytes!({path:?})),\n"));
    }
    code.push_str("];\n");
    write("default_rules.rs", code.as_bytes());
}

/// Every `*.toml` file at the top of `dir` (not in its subfolders), in name
/// order, named as from the workspace root (`rules/NAME.toml`) so that a
/// diagnostic points at the file to edit.
fn rule_files(dir: &Path) -> Vec<RuleFile> {
    let entries = fs::read_dir(dir).unwrap_or_else(|err| fail(dir, &err.to_string()));
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        // The files at the top of rules/ only, as `--rules DIR` reads a
        // folder: rules/samples/ holds the rules' test samples.
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            println!("cargo:rerun-if-changed={}", path.display());
            let text =
                fs::read_to_string(&path).unwrap_or_else(|err| fail(&path, &err.to_string()));
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            RuleFile {
                path: format!("rules/{name}"),
                text,
            }
        })
        .collect()
}

fn fail(path: &Path, why: &str) -> ! {
    eprintln!("error: {}: {why}", path.display());
    process::exit(1);
}

//! Embeds every `rules/*.toml` file in the binary, so the tool runs with no
//! files, and the validated rule set saved from them (src/rules/embedded.bin,
//! and src/rules/embedded.LANG.bin for each translation) when it is current,
//! so the tool starts without parsing them.

use std::{env, fs, path::PathBuf};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a, continued from `hash`. The same function is in
/// src/rules/snapshot.rs; a test checks that both agree.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("rules/ must exist next to Cargo.toml")
        .map(|entry| entry.expect("readable rules/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// The default rule files, as (file name, contents), in name order.\npub static EMBEDDED_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().expect("file name").to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");

    // The validated rule set, saved by a unit test (see
    // src/rules/snapshot.rs), is embedded only when it was made from exactly
    // these files; otherwise the program parses the TOML at start-up.
    let mut hash = FNV_OFFSET;
    for path in &files {
        let name = path.file_name().expect("file name").to_string_lossy();
        let text = fs::read_to_string(path).expect("rule files are UTF-8 text");
        hash = fnv1a(hash, name.as_bytes());
        hash = fnv1a(hash, &[0]);
        hash = fnv1a(hash, text.as_bytes());
        hash = fnv1a(hash, &[0]);
    }
    let fingerprint = format!("{hash:016x}");
    code.push_str(&format!(
        "/// Fingerprint of the embedded rule files.\npub const EMBEDDED_FINGERPRINT: &str = {fingerprint:?};\n"
    ));
    let snapshot =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("src/rules/embedded.bin");
    println!("cargo:rerun-if-changed={}", snapshot.display());
    // A saved file starts with the fingerprint's length (16, one byte) and
    // the fingerprint itself.
    let mut head = vec![16u8];
    head.extend_from_slice(fingerprint.as_bytes());
    let is_current = |path: &PathBuf| fs::read(path).is_ok_and(|bytes| bytes.starts_with(&head));
    let current = is_current(&snapshot);
    // Each language but English is saved apart (src/rules/embedded.LANG.bin),
    // read only when that language is shown; all must be current too.
    let rules_src = snapshot.parent().expect("src/rules").to_path_buf();
    println!("cargo:rerun-if-changed={}", rules_src.display());
    let mut languages: Vec<(String, PathBuf)> = fs::read_dir(&rules_src)
        .expect("src/rules/ exists")
        .map(|entry| entry.expect("readable src/rules/ entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let lang = name.strip_prefix("embedded.")?.strip_suffix(".bin")?;
            (!lang.is_empty() && lang.chars().all(|c| c.is_ascii_lowercase()))
                .then(|| (lang.to_string(), path.clone()))
        })
        .collect();
    languages.sort();
    // The string table they all point into starts with a line that names
    // the fingerprint.
    let strings = rules_src.join("embedded.strings.txt");
    println!("cargo:rerun-if-changed={}", strings.display());
    let strings_current = fs::read_to_string(&strings)
        .is_ok_and(|text| text.starts_with(&format!("offercheck {fingerprint}: ")));
    let all_current = current
        && strings_current
        && languages.iter().all(|(_, path)| {
            println!("cargo:rerun-if-changed={}", path.display());
            is_current(path)
        });
    if all_current {
        code.push_str(&format!(
            "/// The validated embedded rule set as saved (postcard), current with the files.\npub static EMBEDDED_SNAPSHOT: Option<&[u8]> = Some(include_bytes!({:?}));\n",
            snapshot.display().to_string()
        ));
        code.push_str(&format!(
            "/// The strings of the saved rule set, which its texts are slices of.\npub static EMBEDDED_STRINGS: Option<&str> = Some(include_str!({:?}));\n",
            strings.display().to_string()
        ));
        code.push_str("/// The saved translations, as (language, saved bytes), read on demand.\npub static EMBEDDED_TRANSLATIONS: &[(&str, &[u8])] = &[\n");
        for (lang, path) in &languages {
            code.push_str(&format!(
                "    ({lang:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            ));
        }
        code.push_str("];\n");
    } else {
        code.push_str(
            "/// No snapshot current with the files: they are parsed at start-up.\npub static EMBEDDED_SNAPSHOT: Option<&[u8]> = None;\n/// Nor its strings.\npub static EMBEDDED_STRINGS: Option<&str> = None;\n/// No saved translations either.\npub static EMBEDDED_TRANSLATIONS: &[(&str, &[u8])] = &[];\n",
        );
    }
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(out, code).expect("write embedded_rules.rs");
}

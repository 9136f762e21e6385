//! The embedded rule set, saved validated: start-up without parsing TOML.
//!
//! Parsing and validating the embedded rule files takes a few milliseconds,
//! several times the cost of starting the process. So a unit test saves the
//! validated rule set in `src/rules/embedded.bin`, marked with a fingerprint
//! of the rule files it was made from; build.rs embeds it only when that
//! fingerprint is the current files', and [`RuleSet::embedded`] falls back to
//! parsing the TOML whenever there is no current snapshot or it does not
//! read back. The TOML files stay the only source of truth.
//!
//! The snapshot is in postcard's binary form, not JSON, and its strings are
//! kept apart in a string table, `src/rules/embedded.strings.txt`, each
//! distinct string once: the binary form holds a string's place in the
//! table ([`super::text::Text`]). Reading the rule set is then reading
//! numbers by position and slicing the table, which the compiler checked is
//! UTF-8 when it embedded it; no string is scanned, matched by name or
//! copied. Nobody edits these files: review the TOML.
//!
//! Each translation other than English is saved in a file of its own,
//! `src/rules/embedded.LANG.bin`, and read only when a run shows that
//! language: most runs need none of them.
//!
//! After editing `rules/*.toml` (or the loader), the test
//! `rules::snapshot::tests::embedded_snapshot_is_current` fails until the
//! snapshot is made again:
//!
//! ```sh
//! OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test --lib embedded_snapshot
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::lang::Translation;
#[cfg(test)]
use super::load::EMBEDDED_STRINGS;
use super::load::{EMBEDDED_FINGERPRINT, EMBEDDED_SNAPSHOT, EMBEDDED_TRANSLATIONS};
use super::text::with_string_table;
use super::{ENGLISH, RuleSet};

/// Where the snapshot lives, from the crate's folder.
pub const SNAPSHOT_PATH: &str = "src/rules/embedded.bin";

/// Where the snapshot of one translation lives, from the crate's folder.
pub fn translation_path(lang: &str) -> String {
    format!("src/rules/embedded.{lang}.bin")
}

/// Where the snapshot's string table lives, from the crate's folder.
pub const STRINGS_PATH: &str = "src/rules/embedded.strings.txt";

/// A saved file: the fingerprint first (build.rs looks for it at the very
/// start: its length, 16, in one byte, then its 16 characters), a note for
/// whoever opens the file, then what is saved. `T` is a reference when
/// writing and the value itself when reading.
#[derive(Serialize, Deserialize)]
struct Saved<'a, T> {
    fingerprint: &'a str,
    note: &'a str,
    body: T,
}

/// The body of the main snapshot.
#[derive(Serialize, Deserialize)]
struct Main<R> {
    /// The other languages, each saved apart.
    languages: Vec<String>,
    rules: R,
}

const NOTE: &str = "offercheck's rule set, generated from rules/*.toml by \
                    `OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test --lib embedded_snapshot`. \
                    Do not edit: edit the TOML files.";

/// The embedded rule set from the snapshot, when there is a current one.
/// Its translations stay unread until asked for.
pub(super) fn load() -> Option<RuleSet> {
    read(EMBEDDED_SNAPSHOT?, EMBEDDED_TRANSLATIONS)
}

/// The body of a saved file, when it reads back and is current.
fn open<T: Deserialize<'static>>(bytes: &'static [u8]) -> Option<T> {
    let saved: Saved<'static, T> = postcard::from_bytes(bytes).ok()?;
    (saved.fingerprint == EMBEDDED_FINGERPRINT).then_some(saved.body)
}

/// The rule set of a snapshot, with the saved translation of each of its
/// languages set aside unread; `None` when one is missing or not current.
fn read(bytes: &'static [u8], translations: &[(&str, &'static [u8])]) -> Option<RuleSet> {
    let main: Main<RuleSet> = open(bytes)?;
    let mut rules = main.rules;
    for lang in main.languages {
        let (_, saved) = translations.iter().find(|(code, _)| *code == lang)?;
        rules.texts.deferred.insert(lang, saved);
    }
    Some(rules)
}

/// One saved translation, read when its language is shown; `None` when it
/// does not read back or is not current.
pub(super) fn read_translation(bytes: &'static [u8]) -> Option<Translation> {
    open(bytes)
}

/// The snapshot of a rule set made from the embedded files, as saved: the
/// rule set with its English wording, each other language on its own, and
/// the string table they all point into.
pub fn render(rules: &RuleSet) -> Rendered {
    // English stays with the rules: it is the interface wording of every run.
    let mut english = rules.clone();
    let translations = std::mem::take(&mut english.texts.translations);
    let (english_ui, others): (BTreeMap<_, _>, BTreeMap<_, _>) = translations
        .into_iter()
        .partition(|(lang, _)| lang == ENGLISH);
    english.texts.translations = english_ui;
    let ((main, languages), strings) = with_string_table(&strings_header(), || {
        let main = save(Main {
            languages: others.keys().cloned().collect(),
            rules: &english,
        });
        let languages = others
            .iter()
            .map(|(lang, translation)| (lang.clone(), save(translation)))
            .collect();
        (main, languages)
    });
    Rendered {
        main,
        languages,
        strings,
    }
}

/// A rule set as saved by [`render`].
#[derive(Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The rule set, in English.
    pub main: Vec<u8>,
    /// Each other language's texts.
    pub languages: Vec<(String, Vec<u8>)>,
    /// The string table.
    pub strings: String,
}

/// The first line of the string table: build.rs embeds the table only when
/// it starts with the current fingerprint.
fn strings_header() -> String {
    format!(
        "offercheck {EMBEDDED_FINGERPRINT}: the strings of the saved rule set, one per line. {NOTE}\n"
    )
}

/// `body` saved with the fingerprint and the note.
fn save(body: impl Serialize) -> Vec<u8> {
    // Writing to memory fails only for types postcard cannot write, which a
    // test would show at once: the round trip below would not match.
    postcard::to_allocvec(&Saved {
        fingerprint: EMBEDDED_FINGERPRINT,
        note: NOTE,
        body,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::EMBEDDED_RULE_FILES;

    /// The same FNV-1a as build.rs, to check that both agree.
    fn fingerprint() -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &byte in bytes {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for (name, text) in EMBEDDED_RULE_FILES {
            eat(name.as_bytes());
            eat(&[0]);
            eat(text.as_bytes());
            eat(&[0]);
        }
        format!("{hash:016x}")
    }

    /// The saved snapshot (the rule set, and each translation in its own
    /// file) is the validated embedded rule files, reads back to exactly the
    /// same rule set, and is the one the binary embeds. With
    /// `OFFERCHECK_UPDATE_SNAPSHOT=1` it is written anew instead, and saved
    /// translations of languages the rules no longer have are removed.
    #[test]
    fn embedded_snapshot_is_current() {
        assert_eq!(
            fingerprint(),
            EMBEDDED_FINGERPRINT,
            "build.rs hashes the same way"
        );
        let parsed = RuleSet::embedded_toml().expect("the embedded rule files load");
        let Rendered {
            main,
            languages,
            strings,
        } = render(&parsed);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut expected = vec![
            (SNAPSHOT_PATH.to_string(), main.clone()),
            (STRINGS_PATH.to_string(), strings.clone().into_bytes()),
        ];
        expected.extend(
            languages
                .iter()
                .map(|(lang, text)| (translation_path(lang), text.clone())),
        );
        let stale: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("src/rules"))
            .expect("src/rules")
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.starts_with("embedded.")
                    && name.ends_with(".bin")
                    && name != "embedded.bin"
                    && !expected.iter().any(|(p, _)| p.ends_with(name))
            })
            .collect();
        let differs = expected
            .iter()
            .any(|(path, text)| std::fs::read(root.join(path)).ok().as_ref() != Some(text));
        if differs || !stale.is_empty() {
            if std::env::var_os("OFFERCHECK_UPDATE_SNAPSHOT").is_some() {
                for (path, text) in &expected {
                    std::fs::write(root.join(path), text).expect("write the snapshot");
                }
                for path in &stale {
                    std::fs::remove_file(path).expect("remove a stale translation snapshot");
                }
                return;
            }
            panic!(
                "{SNAPSHOT_PATH} (or {STRINGS_PATH}, or a src/rules/embedded.LANG.bin) is not current with \
                 rules/*.toml: the program still works, but parses the TOML at every start. \
                 Make it again with\n  \
                 OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test --lib embedded_snapshot\n\
                 and commit it."
            );
        }
        let main: &'static [u8] = main.leak();
        let saved: Vec<(&'static str, &'static [u8])> = languages
            .into_iter()
            .map(|(lang, bytes)| (&*lang.leak(), &*bytes.leak()))
            .collect();
        let mut read_back = read(main, &saved).expect("the snapshot reads back");
        let deferred = std::mem::take(&mut read_back.texts.deferred);
        assert!(deferred.contains_key("sw"), "Swahili is read on demand");
        for (lang, saved) in deferred {
            let translation = read_translation(saved).expect("a translation reads back");
            read_back.texts.translations.insert(lang, translation);
        }
        assert_eq!(render(&read_back), render(&parsed), "a lossless round trip");
        assert!(
            read(main, &[]).is_none(),
            "a missing translation means no snapshot, not a missing language"
        );
        assert!(
            EMBEDDED_SNAPSHOT.is_some() && EMBEDDED_STRINGS == Some(strings.as_str()),
            "build.rs embeds the current snapshot (rebuild if it was just written)"
        );
        assert!(load().is_some(), "the embedded snapshot loads");
        for (lang, saved) in EMBEDDED_TRANSLATIONS {
            assert!(
                read_translation(saved).is_some(),
                "the embedded `{lang}` reads back"
            );
        }
    }
}

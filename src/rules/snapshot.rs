//! The embedded rule set, saved validated: start-up without parsing TOML.
//!
//! Parsing and validating the embedded rule files takes a few milliseconds,
//! several times the cost of starting the process. So a unit test saves the
//! validated rule set as JSON in `src/rules/embedded.json`, marked with a
//! fingerprint of the rule files it was made from; build.rs embeds it only
//! when that fingerprint is the current files', and [`RuleSet::embedded`]
//! falls back to parsing the TOML whenever there is no current snapshot or
//! it does not read back. The TOML files stay the only source of truth.
//!
//! Each translation other than English is saved in a file of its own,
//! `src/rules/embedded.LANG.json`, and read only when a run shows that
//! language: most runs need none of them, and not even scanning them saves
//! about a tenth of a start.
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
use super::load::{EMBEDDED_FINGERPRINT, EMBEDDED_SNAPSHOT, EMBEDDED_TRANSLATIONS};
use super::{ENGLISH, RuleSet};

/// Where the snapshot lives, from the crate's folder.
pub const SNAPSHOT_PATH: &str = "src/rules/embedded.json";

/// Where the snapshot of one translation lives, from the crate's folder.
pub fn translation_path(lang: &str) -> String {
    format!("src/rules/embedded.{lang}.json")
}

#[derive(Serialize)]
struct SnapshotOut<'a> {
    fingerprint: &'a str,
    note: &'a str,
    languages: Vec<&'a str>,
    rules: &'a RuleSet,
}

#[derive(Deserialize)]
struct SnapshotIn<'a> {
    fingerprint: &'a str,
    languages: Vec<String>,
    rules: RuleSet,
}

#[derive(Serialize)]
struct TranslationOut<'a> {
    fingerprint: &'a str,
    note: &'a str,
    lang: &'a str,
    translation: &'a Translation,
}

#[derive(Deserialize)]
struct TranslationIn<'a> {
    fingerprint: &'a str,
    translation: Translation,
}

const NOTE: &str = "Generated from rules/*.toml by `OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test \
                    --lib embedded_snapshot`. Do not edit: edit the TOML files.";

/// The embedded rule set from the snapshot, when there is a current one.
/// Its translations stay unread until asked for.
pub(super) fn load() -> Option<RuleSet> {
    read(EMBEDDED_SNAPSHOT?, EMBEDDED_TRANSLATIONS)
}

/// The rule set of a snapshot, with the saved translation of each of its
/// languages set aside unread; `None` when one is missing or not current.
fn read(text: &'static str, translations: &[(&str, &'static str)]) -> Option<RuleSet> {
    let snapshot: SnapshotIn<'static> = serde_json::from_str(text).ok()?;
    if snapshot.fingerprint != EMBEDDED_FINGERPRINT {
        return None;
    }
    let mut rules = snapshot.rules;
    for lang in snapshot.languages {
        let (_, json) = translations.iter().find(|(code, _)| *code == lang)?;
        rules.texts.deferred.insert(lang, json);
    }
    Some(rules)
}

/// One saved translation, read when its language is shown; `None` when it
/// does not read back or is not current.
pub(super) fn read_translation(json: &'static str) -> Option<Translation> {
    let saved: TranslationIn<'static> = serde_json::from_str(json).ok()?;
    (saved.fingerprint == EMBEDDED_FINGERPRINT).then_some(saved.translation)
}

/// The snapshot of a rule set made from the embedded files, as saved: the
/// rule set with its English wording, then each other language on its own.
pub fn render(rules: &RuleSet) -> (String, Vec<(String, String)>) {
    // English stays with the rules: it is the interface wording of every run.
    let mut english = rules.clone();
    let translations = std::mem::take(&mut english.texts.translations);
    let (english_ui, others): (BTreeMap<_, _>, BTreeMap<_, _>) = translations
        .into_iter()
        .partition(|(lang, _)| lang == ENGLISH);
    english.texts.translations = english_ui;
    let main = compact(&SnapshotOut {
        fingerprint: EMBEDDED_FINGERPRINT,
        note: NOTE,
        languages: others.keys().map(String::as_str).collect(),
        rules: &english,
    });
    let languages = others
        .iter()
        .map(|(lang, translation)| {
            let text = compact(&TranslationOut {
                fingerprint: EMBEDDED_FINGERPRINT,
                note: NOTE,
                lang,
                translation,
            });
            (lang.clone(), text)
        })
        .collect();
    (main, languages)
}

/// Compact JSON, a third faster to read than pretty JSON. Review the TOML, not this.
fn compact(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    text
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
        let (main, languages) = render(&parsed);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut expected = vec![(SNAPSHOT_PATH.to_string(), main.clone())];
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
                    && name.ends_with(".json")
                    && name != "embedded.json"
                    && !expected.iter().any(|(p, _)| p.ends_with(name))
            })
            .collect();
        let differs = expected.iter().any(|(path, text)| {
            std::fs::read_to_string(root.join(path)).ok().as_ref() != Some(text)
        });
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
                "{SNAPSHOT_PATH} (or a src/rules/embedded.LANG.json) is not current with \
                 rules/*.toml: the program still works, but parses the TOML at every start. \
                 Make it again with\n  \
                 OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test --lib embedded_snapshot\n\
                 and commit it."
            );
        }
        let main: &'static str = main.leak();
        let saved: Vec<(&'static str, &'static str)> = languages
            .into_iter()
            .map(|(lang, text)| (&*lang.leak(), &*text.leak()))
            .collect();
        let mut read_back = read(main, &saved).expect("the snapshot reads back");
        let deferred = std::mem::take(&mut read_back.texts.deferred);
        assert!(deferred.contains_key("sw"), "Swahili is read on demand");
        for (lang, json) in deferred {
            let translation = read_translation(json).expect("a translation reads back");
            read_back.texts.translations.insert(lang, translation);
        }
        assert_eq!(render(&read_back), render(&parsed), "a lossless round trip");
        assert!(
            read(main, &[]).is_none(),
            "a missing translation means no snapshot, not a missing language"
        );
        assert!(
            EMBEDDED_SNAPSHOT.is_some(),
            "build.rs embeds the current snapshot (rebuild if it was just written)"
        );
        assert!(load().is_some(), "the embedded snapshot loads");
        for (lang, json) in EMBEDDED_TRANSLATIONS {
            assert!(
                read_translation(json).is_some(),
                "the embedded `{lang}` reads back"
            );
        }
    }
}

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
//! Translations other than English are saved apart from the rule set and
//! read only when a run shows that language: most runs need none of them.
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
use serde_json::value::RawValue;

use super::lang::Translation;
use super::load::{EMBEDDED_FINGERPRINT, EMBEDDED_SNAPSHOT};
use super::{ENGLISH, RuleSet};

/// Where the snapshot lives, from the crate's folder.
pub const SNAPSHOT_PATH: &str = "src/rules/embedded.json";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    fingerprint: &'a str,
    note: &'a str,
    rules: &'a RuleSet,
    translations: &'a BTreeMap<String, Translation>,
}

#[derive(Deserialize)]
struct SnapshotIn<'a> {
    fingerprint: &'a str,
    rules: RuleSet,
    #[serde(borrow)]
    translations: BTreeMap<String, &'a RawValue>,
}

const NOTE: &str = "Generated from rules/*.toml by `OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test \
                    --lib embedded_snapshot`. Do not edit: edit the TOML files.";

/// The embedded rule set from the snapshot, when there is a current one.
/// Its translations stay unread until asked for.
pub(super) fn load() -> Option<RuleSet> {
    read(EMBEDDED_SNAPSHOT?)
}

fn read(text: &'static str) -> Option<RuleSet> {
    let snapshot: SnapshotIn<'static> = serde_json::from_str(text).ok()?;
    if snapshot.fingerprint != EMBEDDED_FINGERPRINT {
        return None;
    }
    let mut rules = snapshot.rules;
    rules.texts.deferred = snapshot
        .translations
        .into_iter()
        .map(|(lang, json)| (lang, json.get()))
        .collect();
    Some(rules)
}

/// The snapshot of a rule set made from the embedded files, as saved.
pub fn render(rules: &RuleSet) -> String {
    // English stays with the rules: it is the interface wording of every run.
    let mut english = rules.clone();
    let translations = std::mem::take(&mut english.texts.translations);
    let (english_ui, others): (BTreeMap<_, _>, BTreeMap<_, _>) = translations
        .into_iter()
        .partition(|(lang, _)| lang == ENGLISH);
    english.texts.translations = english_ui;
    // Compact: a third faster to read than pretty JSON. Review the TOML, not this.
    let mut text = serde_json::to_string(&SnapshotOut {
        fingerprint: EMBEDDED_FINGERPRINT,
        note: NOTE,
        rules: &english,
        translations: &others,
    })
    .unwrap_or_default();
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

    /// The saved snapshot is the validated embedded rule files, reads back to
    /// exactly the same rule set, and is the one the binary embeds. With
    /// `OFFERCHECK_UPDATE_SNAPSHOT=1` it is written anew instead.
    #[test]
    fn embedded_snapshot_is_current() {
        assert_eq!(
            fingerprint(),
            EMBEDDED_FINGERPRINT,
            "build.rs hashes the same way"
        );
        let parsed = RuleSet::embedded_toml().expect("the embedded rule files load");
        let expected = render(&parsed);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT_PATH);
        let saved = std::fs::read_to_string(&path).unwrap_or_default();
        if saved != expected {
            if std::env::var_os("OFFERCHECK_UPDATE_SNAPSHOT").is_some() {
                std::fs::write(&path, &expected).expect("write the snapshot");
                return;
            }
            panic!(
                "{SNAPSHOT_PATH} is not current with rules/*.toml: the program still works, \
                 but parses the TOML at every start. Make it again with\n  \
                 OFFERCHECK_UPDATE_SNAPSHOT=1 cargo test --lib embedded_snapshot\n\
                 and commit it."
            );
        }
        let saved: &'static str = saved.leak();
        let mut read_back = read(saved).expect("the snapshot reads back");
        let deferred = std::mem::take(&mut read_back.texts.deferred);
        assert!(deferred.contains_key("sw"), "Swahili is read on demand");
        for (lang, json) in deferred {
            let translation = serde_json::from_str(json).expect("a translation reads back");
            read_back.texts.translations.insert(lang, translation);
        }
        assert_eq!(render(&read_back), expected, "a lossless round trip");
        assert!(
            EMBEDDED_SNAPSHOT.is_some(),
            "build.rs embeds the current snapshot (rebuild if it was just written)"
        );
        assert!(load().is_some(), "the embedded snapshot loads");
    }
}

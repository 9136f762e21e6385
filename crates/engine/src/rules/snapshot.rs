//! A validated rule set saved in binary form, to be compiled into a program
//! and read back at start-up without parsing TOML.
//!
//! Parsing and validating the default rule files takes a few milliseconds,
//! several times the cost of starting the process. So the
//! `offercheck-default-rules` crate validates them once, at build time, saves
//! the result with [`render`] and embeds it; [`read`] gives the rule set back
//! at start-up. Nothing saved is ever committed: the TOML files are the only
//! source, and the build that embeds a snapshot made it with this same code.
//!
//! The snapshot is in postcard's binary form, and its strings are kept apart
//! in a string table, each distinct string once: the binary form holds a
//! string's place in the table ([`crate::strings::Text`]). Reading the rule set
//! is then reading numbers by position and slicing the table, which the
//! compiler checked is UTF-8 when it embedded it; no string is scanned,
//! matched by name or copied.
//!
//! Each translation other than English is saved apart and read only when a
//! run shows that language: most runs need none of them.

use serde::{Deserialize, Serialize};

use super::lang::Translation;
use super::{ENGLISH, RuleSet};
use crate::strings::{reading_strings, restart_places, with_string_table};

/// The main part of a snapshot: the rule set in English, and which other
/// languages are saved apart.
#[derive(Serialize, Deserialize)]
struct Main<R> {
    languages: Vec<String>,
    rules: R,
}

/// A translation saved apart, with the string table its texts point into,
/// kept unread until its language is shown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deferred {
    bytes: &'static [u8],
    strings: &'static str,
}

/// A rule set as saved by [`render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The rule set, in English.
    pub main: Vec<u8>,
    /// Each other language's texts, by language code.
    pub languages: Vec<(String, Vec<u8>)>,
    /// The string table that both point into.
    pub strings: String,
}

/// Saves a validated rule set: the rule set with its English wording, each
/// other language on its own, and the string table they all point into.
pub fn render(rules: &RuleSet) -> Rendered {
    // English stays with the rules: it is the interface wording of every run.
    let mut english = rules.clone();
    let translations = std::mem::take(&mut english.texts.translations);
    let mut others = Vec::new();
    for (lang, translation) in translations {
        if lang == ENGLISH {
            english.texts.translations.insert(lang, translation);
        } else {
            others.push((lang.to_string(), translation));
        }
    }
    let ((main, languages), strings) = with_string_table(|| {
        let main = save(&Main {
            languages: others.iter().map(|(lang, _)| lang.clone()).collect(),
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

/// `body` in postcard's form. Writing to memory fails only for types
/// postcard cannot write, which the round-trip test would show at once.
fn save(body: &impl Serialize) -> Vec<u8> {
    restart_places();
    postcard::to_allocvec(body).unwrap_or_default()
}

/// The rule set saved by [`render`], given the three parts as embedded:
/// `None` when it does not read back, or a language it names is missing
/// from `translations`. The translations stay unread until asked for.
pub fn read(
    main: &'static [u8],
    strings: &'static str,
    translations: &[(&str, &'static [u8])],
) -> Option<RuleSet> {
    let main: Main<RuleSet> = reading_strings(strings, || postcard::from_bytes(main).ok())?;
    let mut rules = main.rules;
    for lang in main.languages {
        let (_, bytes) = translations.iter().find(|(code, _)| *code == lang)?;
        rules
            .texts
            .deferred
            .insert(lang.into(), Deferred { bytes, strings });
    }
    Some(rules)
}

/// One translation saved apart, read when its language is shown; `None`
/// when it does not read back.
pub(super) fn read_translation(saved: &Deferred) -> Option<Translation> {
    reading_strings(saved.strings, || postcard::from_bytes(saved.bytes).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot of the default rules reads back to exactly the same rule
    /// set, Swahili included; a missing translation means no snapshot, not a
    /// missing language.
    #[test]
    fn snapshot_round_trip() {
        let parsed = crate::testing::default_rules();
        let Rendered {
            main,
            languages,
            strings,
        } = render(&parsed);
        let main: &'static [u8] = main.leak();
        let strings: &'static str = strings.leak();
        let saved: Vec<(&'static str, &'static [u8])> = languages
            .into_iter()
            .map(|(lang, bytes)| (&*lang.leak(), &*bytes.leak()))
            .collect();
        let mut read_back = read(main, strings, &saved).expect("the snapshot reads back");
        let deferred = std::mem::take(&mut read_back.texts.deferred);
        assert!(deferred.contains_key("sw"), "Swahili is read on demand");
        for (lang, saved) in deferred {
            let translation = read_translation(&saved).expect("a translation reads back");
            read_back.texts.translations.insert(lang, translation);
        }
        assert_eq!(render(&read_back), render(&parsed), "a lossless round trip");
        assert!(
            read(main, strings, &[]).is_none(),
            "a missing translation means no snapshot, not a missing language"
        );
        assert!(
            read(main, "", &saved).is_none(),
            "texts outside the string table are an error, not a panic"
        );
    }
}

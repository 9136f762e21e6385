//! Languages: the interface wording (`[lang.en.ui]` in `rules/ui.toml`) and
//! the translations of questions, choices, sections, rules and channels
//! (`[lang.sw...]` tables in any rule file).
//!
//! The rest of the program never branches on a language: it asks for
//! [`RuleSet::localised`] once and then reads the texts as usual, and it takes
//! every fixed piece of wording from [`RuleSet::ui`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::model::{IdHash, RuleSet};
use super::text_map::TextMap;
use crate::strings::Text;

/// The language every rule set is written in, and the fallback for every text.
pub const ENGLISH: &str = "en";

/// One question's texts in one language.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct QuestionText {
    pub prompt: Option<Text>,
    pub help: Option<Text>,
    pub not_judged: Option<Text>,
    pub choices: TextMap<Text>,
    /// The choices' `short` labels (see [`crate::rules::ChoiceOption::short`]).
    #[serde(default)]
    pub short_choices: TextMap<Text>,
}

/// One rule's texts in one language.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct RuleText {
    pub title: Option<Text>,
    pub why: Option<Text>,
    pub advice: Option<Text>,
}

/// One channel's texts in one language.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ChannelText {
    pub name: Option<Text>,
    pub description: Option<Text>,
}

/// Every text of one language, by id.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Translation {
    pub sections: TextMap<Text>,
    pub questions: TextMap<QuestionText>,
    pub rules: TextMap<RuleText>,
    pub channels: TextMap<ChannelText>,
    pub ui: TextMap<Text>,
}

/// The interface wording of a rule set and its translations.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Texts {
    /// The language the rule set's texts are in (`en` unless localised).
    pub lang: String,
    /// Interface wording in `lang` as translated; [`RuleSet::ui`] takes
    /// English for the rest. Empty for English, and never saved: it is
    /// derived from `translations` by [`RuleSet::localised`].
    #[serde(skip)]
    pub(crate) ui: TextMap<Text>,
    /// Every language's texts; English holds only the interface wording,
    /// because the English questions and rules are the rule set itself.
    pub(crate) translations: TextMap<Translation>,
    /// Translations not read yet, as saved: the embedded snapshot keeps each
    /// language apart so that a run reads only the one it shows (see
    /// [`super::snapshot`]). [`RuleSet::translation`] reads them.
    #[serde(skip)]
    pub(crate) deferred: TextMap<super::snapshot::Deferred>,
    /// `ui` over English's interface wording, in one table by key, built on
    /// the first [`RuleSet::ui`]: a report looks up some hundred pieces of
    /// wording, and a walk down a B-tree of strings for each cost more than
    /// building this once.
    #[serde(skip)]
    pub(crate) ui_index: OnceLock<HashMap<Text, Text, IdHash>>,
}

/// Fills `{name}` placeholders in `template` with the values given.
/// Placeholders without a value are left as they are, and so is a
/// placeholder inside a value (an answer that reads `{count}` stays so).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let room = values.iter().map(|(_, value)| value.len()).sum::<usize>();
    let mut out = String::with_capacity(template.len() + room);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = values.iter().find(|(known, _)| *known == name)?;
            Some((value, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders a text uses, in order, without repeats.
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !found.contains(&name)
        {
            found.push(name);
        }
        rest = &after[end + 1..];
    }
    found
}

impl RuleSet {
    /// The language codes this rule set has texts for, English first.
    pub fn languages(&self) -> Vec<&str> {
        let mut codes = vec![ENGLISH];
        let translated = self.texts.translations.keys();
        for code in translated.chain(self.texts.deferred.keys()) {
            if !codes.contains(&code.as_str()) {
                codes.push(code.as_str());
            }
        }
        codes
    }

    /// The language the texts are in now.
    pub fn lang(&self) -> &str {
        if self.texts.lang.is_empty() {
            ENGLISH
        } else {
            &self.texts.lang
        }
    }

    /// Every text in `lang`, reading a deferred translation when needed.
    pub(crate) fn translation(&self, lang: &str) -> Option<Cow<'_, Translation>> {
        if let Some(tr) = self.texts.translations.get(lang) {
            return Some(Cow::Borrowed(tr));
        }
        // Deferred texts come only from a snapshot made at build time by
        // this same code, and its round trip is tested.
        let saved = self.texts.deferred.get(lang)?;
        super::snapshot::read_translation(saved).map(Cow::Owned)
    }

    /// The rule set with every translation read now, none left deferred:
    /// for a front end that switches language often, and to compare a
    /// rule set read back from a snapshot with the one it was made from.
    pub fn with_all_translations(mut self) -> RuleSet {
        let deferred = std::mem::take(&mut self.texts.deferred);
        for (lang, saved) in deferred {
            if let Some(translation) = super::snapshot::read_translation(&saved) {
                self.texts.translations.insert(lang, translation);
            }
        }
        self
    }

    /// The rule set with every text in `lang`, field by field, and English
    /// wherever a text is not translated. An unknown language gives the
    /// English texts. Takes the rule set by value: nothing is copied.
    pub fn localised(self, lang: &str) -> RuleSet {
        let mut out = self;
        out.texts.lang = ENGLISH.to_string();
        out.texts.ui = TextMap::new();
        out.texts.ui_index = OnceLock::new();
        let Some(tr) = out.translation(lang).filter(|_| lang != ENGLISH) else {
            return out;
        };
        let tr = tr.into_owned();
        out.texts.lang = lang.to_string();
        out.texts.ui = tr.ui;
        for section in &mut out.sections {
            if let Some(title) = tr.sections.get(&section.id) {
                section.title = title.clone();
            }
        }
        for question in &mut out.questions {
            let Some(text) = tr.questions.get(&question.id) else {
                continue;
            };
            replace(&mut question.prompt, &text.prompt);
            replace(&mut question.help, &text.help);
            replace(&mut question.not_judged, &text.not_judged);
            for choice in &mut question.choices {
                if let Some(label) = text.choices.get(&choice.id) {
                    choice.label = label.clone();
                    // Never an English short label beside a translated one.
                    choice.short = text.short_choices.get(&choice.id).cloned();
                }
            }
        }
        for rule in &mut out.rules {
            let Some(text) = tr.rules.get(&rule.id) else {
                continue;
            };
            replace(&mut rule.title, &text.title);
            replace(&mut rule.why, &text.why);
            replace(&mut rule.advice, &text.advice);
        }
        for channel in &mut out.channels {
            let Some(text) = tr.channels.get(&channel.id) else {
                continue;
            };
            replace(&mut channel.name, &text.name);
            replace(&mut channel.description, &text.description);
        }
        out
    }

    /// A piece of interface wording in the current language (English where it
    /// is not translated). An unknown key gives the key itself, never a panic.
    pub fn ui<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .ui_index
            .get_or_init(|| {
                let english = self.texts.translations.get(ENGLISH).map(|en| &en.ui);
                let mut index = HashMap::with_capacity_and_hasher(
                    english.map_or(0, TextMap::len),
                    IdHash::default(),
                );
                // The current language's wording replaces English's.
                for (key, text) in english.into_iter().flatten().chain(&self.texts.ui) {
                    index.insert(key.clone(), text.clone());
                }
                index
            })
            .get(key)
            .map_or(key, Text::as_str)
    }

    /// A piece of interface wording in every language the rule set has,
    /// English first (each language once, even where it repeats English):
    /// the words a reply may use, whatever language the conversation is in.
    pub fn ui_every_language(&self, key: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for lang in self.languages() {
            let text = if lang == self.lang() {
                Some(self.ui(key).to_string())
            } else {
                self.translation(lang)
                    .and_then(|tr| tr.ui.get(key).map(|text| text.to_string()))
            };
            if let Some(text) = text.filter(|text| text != key && !found.contains(text)) {
                found.push(text);
            }
        }
        found
    }

    /// [`RuleSet::ui`] with its `{name}` placeholders filled.
    pub fn ui_fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.ui(key), values)
    }

    /// `{count}` and the singular or plural form: `key_one` or `key_many`.
    pub fn ui_count(&self, key: &str, count: usize) -> String {
        let form = if count == 1 { "one" } else { "many" };
        self.ui_fill(
            &format!("{key}_{form}"),
            &[("count", count.to_string().as_str())],
        )
    }

    /// Every text with no `lang` translation, as `questions.ID.prompt`,
    /// `questions.ID.choices.CHOICE`, `sections.ID.title`, `rules.ID.why`,
    /// `channels.ID.name`, `ui.KEY` and so on. Empty for English.
    pub fn missing_translations(&self, lang: &str) -> Vec<String> {
        if lang == ENGLISH {
            return Vec::new();
        }
        let tr = self.translation(lang).unwrap_or_default();
        let mut missing = Vec::new();
        for section in &self.sections {
            if !tr.sections.contains_key(&section.id) {
                missing.push(format!("sections.{}.title", section.id));
            }
        }
        for question in &self.questions {
            let text = tr.questions.get(&question.id);
            if text.and_then(|t| t.prompt.as_ref()).is_none() {
                missing.push(format!("questions.{}.prompt", question.id));
            }
            if text.and_then(|t| t.help.as_ref()).is_none() {
                missing.push(format!("questions.{}.help", question.id));
            }
            if question.judged_if.is_some() && text.and_then(|t| t.not_judged.as_ref()).is_none() {
                missing.push(format!("questions.{}.not_judged", question.id));
            }
            for choice in &question.choices {
                if text.is_none_or(|t| !t.choices.contains_key(&choice.id)) {
                    missing.push(format!("questions.{}.choices.{}", question.id, choice.id));
                }
            }
        }
        for rule in &self.rules {
            let text = tr.rules.get(&rule.id);
            for (field, present) in [
                ("title", text.is_some_and(|t| t.title.is_some())),
                ("why", text.is_some_and(|t| t.why.is_some())),
                ("advice", text.is_some_and(|t| t.advice.is_some())),
            ] {
                if !present {
                    missing.push(format!("rules.{}.{field}", rule.id));
                }
            }
        }
        for channel in &self.channels {
            let text = tr.channels.get(&channel.id);
            for (field, present) in [
                ("name", text.is_some_and(|t| t.name.is_some())),
                ("description", text.is_some_and(|t| t.description.is_some())),
            ] {
                if !present {
                    missing.push(format!("channels.{}.{field}", channel.id));
                }
            }
        }
        if let Some(english) = self.texts.translations.get(ENGLISH) {
            for key in english.ui.keys() {
                if !tr.ui.contains_key(key) {
                    missing.push(format!("ui.{key}"));
                }
            }
        }
        missing
    }
}

fn replace(target: &mut Text, text: &Option<Text>) {
    if let Some(text) = text {
        *target = text.clone();
    }
}

/// The language named by the environment, as `LC_ALL` then `LANG` give it
/// (`sw_KE.UTF-8` means `sw`), if the rule set has it; otherwise English.
/// `var` reads one environment variable.
pub fn language_from_env(available: &[&str], var: impl Fn(&str) -> Option<String>) -> String {
    for name in ["LC_ALL", "LANG"] {
        let Some(value) = var(name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let code = value
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        return if available.contains(&code.as_str()) {
            code
        } else {
            ENGLISH.to_string()
        };
    }
    ENGLISH.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Placeholders are filled by name; unknown ones stay visible.
    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            fill("{count} of {total} {x}", &[("count", "3"), ("total", "9")]),
            "3 of 9 {x}"
        );
        // One pass: a value is not filled in again, braces around a
        // placeholder stay, and the first value of a name is used.
        assert_eq!(
            fill(
                "{a}{b} {{a}} {a",
                &[("a", "{b}"), ("b", "é}"), ("a", "not this")]
            ),
            "{b}é} {{b}} {a"
        );
        assert_eq!(fill("", &[("a", "1")]), "");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
        assert_eq!(placeholders("{a} and {b} and {a} {Not}"), vec!["a", "b"]);
    }

    /// LC_ALL wins over LANG; `sw_KE.UTF-8` means Swahili; anything the rule
    /// set lacks, or `C`, means English.
    #[test]
    fn language_follows_lc_all_then_lang() {
        let available = ["en", "sw"];
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            language_from_env(&available, env(&[("LANG", "sw_KE.UTF-8")])),
            "sw"
        );
        assert_eq!(
            language_from_env(
                &available,
                env(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "sw_KE.UTF-8")])
            ),
            "en"
        );
        assert_eq!(
            language_from_env(&available, env(&[("LC_ALL", ""), ("LANG", "sw")])),
            "sw"
        );
        assert_eq!(language_from_env(&available, env(&[("LANG", "C")])), "en");
        assert_eq!(
            language_from_env(&available, env(&[("LANG", "fr_FR.UTF-8")])),
            "en"
        );
        assert_eq!(language_from_env(&available, env(&[])), "en");
    }

    /// The default rule set's Swahili is complete: every question, choice,
    /// section, rule, channel and piece of interface wording.
    #[test]
    fn default_swahili_is_complete() {
        let rules = crate::testing::default_rules();
        assert!(rules.languages().contains(&"sw"));
        let missing = rules.missing_translations("sw");
        assert!(missing.is_empty(), "untranslated: {missing:#?}");
    }

    /// Localising replaces texts, keeps ids, and falls back to English per field.
    #[test]
    fn localised_replaces_texts_and_keeps_ids() {
        let rules = crate::testing::default_rules();
        let sw = rules.clone().localised("sw");
        assert_eq!(sw.lang(), "sw");
        assert_eq!(sw.rules.len(), rules.rules.len());
        for (en, sw) in rules.rules.iter().zip(&sw.rules) {
            assert_eq!(en.id, sw.id);
            assert_ne!(en.why, sw.why, "{} has Swahili", en.id);
        }
        assert_ne!(rules.ui("dont_know"), sw.ui("dont_know"));
        let en = rules.clone().localised("xx");
        assert_eq!(en.lang(), "en");
        assert_eq!(en.ui("dont_know"), "Don't know");
        assert_eq!(rules.ui("no_such_key"), "no_such_key");
    }

    /// No Swahili text calls an offer safe ("salama") except in a sentence that
    /// denies it ("haimaanishi": it does not mean; "haiwezi kuthibitisha": it cannot prove).
    #[test]
    fn swahili_never_calls_an_offer_safe() {
        let rules = crate::testing::default_rules();
        let sw = rules.localised("sw");
        // "usalama" (security, as in security forces) is another word.
        let says_safe = |text: &str| {
            text.to_lowercase()
                .split(|c: char| !c.is_alphabetic())
                .any(|word| word == "salama")
        };
        for rule in &sw.rules {
            assert!(
                !says_safe(&rule.title),
                "{}: never call anything safe",
                rule.id
            );
        }
        for (key, text) in &sw.texts.ui {
            if says_safe(text) {
                assert!(
                    text.contains("haimaanishi") || text.contains("Haiwezi kuthibitisha"),
                    "ui.{key} says \"salama\" outside a denial: {text}"
                );
            }
        }
    }
}

//! Rule files exactly as written: strict serde types that keep source spans.
//!
//! Unknown keys are rejected by `deny_unknown_fields`, so toml reports them
//! with line and column. Everything else is checked in [`super::load`], which
//! collects every problem at once.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::model::{Level, Purpose, QuestionKind};

/// One rule file. Every table is optional so a rule set can be split across files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub ruleset: Option<Spanned<RawMeta>>,
    pub levels: Option<Spanned<RawLevels>>,
    pub coverage: Option<Spanned<RawCoverage>>,
    pub lists: Option<Spanned<RawLists>>,
    #[serde(default)]
    pub phrase_group: Vec<Spanned<RawPhraseGroup>>,
    #[serde(default)]
    pub section: Vec<Spanned<RawSection>>,
    #[serde(default)]
    pub question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub channel: Vec<Spanned<RawChannel>>,
    #[serde(default)]
    pub country: Vec<Spanned<RawCountry>>,
    /// Translations and interface wording, by language code: `[lang.sw.rules.FEE001]`.
    #[serde(default)]
    pub lang: BTreeMap<String, Spanned<RawLang>>,
}

/// The texts of one language in one file. Every field is optional: a
/// missing text falls back to English.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLang {
    #[serde(default)]
    pub sections: BTreeMap<String, Spanned<RawSectionText>>,
    #[serde(default)]
    pub questions: BTreeMap<String, Spanned<RawQuestionText>>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RawRuleText>>,
    #[serde(default)]
    pub channels: BTreeMap<String, Spanned<RawChannelText>>,
    #[serde(default)]
    pub ui: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSectionText {
    pub title: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestionText {
    pub prompt: Option<Spanned<String>>,
    pub help: Option<Spanned<String>>,
    #[serde(default)]
    pub choices: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleText {
    pub title: Option<Spanned<String>>,
    pub why: Option<Spanned<String>>,
    pub advice: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannelText {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeta {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevels {
    pub medium: u32,
    pub high: u32,
    pub critical: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCoverage {
    pub minimum: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSection {
    pub id: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub id: Spanned<String>,
    pub section: Spanned<String>,
    pub kind: QuestionKind,
    pub prompt: Spanned<String>,
    pub help: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
    pub ask_if: Option<Spanned<RawCondition>>,
    pub default: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChoice {
    pub id: Spanned<String>,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub severity: Level,
    pub points: u32,
    #[serde(default)]
    pub critical: bool,
    pub when: Spanned<RawCondition>,
    pub why: Spanned<String>,
    pub advice: Spanned<String>,
    pub sources: Option<Vec<Spanned<RawSource>>>,
    #[serde(default)]
    pub refer: Vec<Purpose>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: String,
    pub url: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    pub id: Spanned<String>,
    pub country: Spanned<String>,
    pub destination: Option<Spanned<String>>,
    pub name: String,
    pub purpose: Purpose,
    pub description: String,
    pub url: Option<Spanned<String>>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub source: Spanned<RawSource>,
    pub checked: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCountry {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Word lists the signal extractors use (see `crate::signals`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLists {
    #[serde(default)]
    pub free_mail_providers: Vec<Spanned<String>>,
    #[serde(default)]
    pub link_shorteners: Vec<Spanned<String>>,
    #[serde(default)]
    pub site_builders: Vec<Spanned<String>>,
    #[serde(default)]
    pub messaging_hosts: Vec<Spanned<String>>,
    #[serde(default)]
    pub official_suffixes: Vec<Spanned<String>>,
    #[serde(default)]
    pub official_words: Vec<Spanned<String>>,
    #[serde(default)]
    pub calling_codes: std::collections::BTreeMap<String, Spanned<String>>,
}

/// Phrases looked for in the advert text; the group's id is a signal.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhraseGroup {
    pub id: Spanned<String>,
    pub title: String,
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub negations: Vec<Spanned<String>>,
}

/// A condition as written: one table in which exactly one shape must be used.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    pub all: Option<Vec<Spanned<RawCondition>>>,
    pub any: Option<Vec<Spanned<RawCondition>>>,
    pub not: Option<Box<Spanned<RawCondition>>>,
    pub question: Option<Spanned<String>>,
    pub signal: Option<Spanned<String>>,
    pub is: Option<Spanned<String>>,
    pub one_of: Option<Vec<Spanned<String>>>,
    pub contains: Option<Spanned<String>>,
    pub contains_any: Option<Vec<Spanned<String>>>,
    pub at_least: Option<f64>,
    pub above: Option<f64>,
    pub below: Option<f64>,
    pub at_most: Option<f64>,
}

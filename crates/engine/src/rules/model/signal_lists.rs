//! The word lists and phrase groups the signal checks read.

use crate::rules::{Text, TextMap};

/// Word lists the signal extractors use, all lowercase.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SignalLists {
    /// Domains of free mailbox providers (`gmail.com`).
    pub free_mail_providers: Vec<Text>,
    /// Hosts of link shorteners (`bit.ly`).
    pub link_shorteners: Vec<Text>,
    /// Host suffixes of free site builders and hosting (`wixsite.com`).
    pub site_builders: Vec<Text>,
    /// Hosts of direct chat links (`wa.me`).
    pub messaging_hosts: Vec<Text>,
    /// Suffixes of official domains (`.go.ke`).
    pub official_suffixes: Vec<Text>,
    /// Words that present a host or mailbox as official (`ministry`).
    pub official_words: Vec<Text>,
    /// E.164 country calling code (digits) by ISO country code.
    pub calling_codes: TextMap<Text>,
    /// Currency words before or after a number, or run into it (`ksh`, `bob`).
    #[serde(default)]
    pub currency_words: Vec<Text>,
    /// Currency signs right before a number (`$`).
    #[serde(default)]
    pub currency_signs: Vec<Text>,
    /// Signs right after a number that make it money (`/=`).
    #[serde(default)]
    pub currency_signs_after: Vec<Text>,
    /// Scale words after a number or before a numeral (`million`, `laki`).
    #[serde(default)]
    pub amount_scales: Vec<Text>,
    /// Numeral words after a scale word (`mbili`).
    #[serde(default)]
    pub amount_numerals: Vec<Text>,
    /// Suffixes that make a number an amount on its own (`5k`).
    #[serde(default)]
    pub number_suffixes: Vec<Text>,
    /// Words after which a `.` does not end the sentence (`ksh`, `st`).
    #[serde(default)]
    pub abbreviations: Vec<Text>,
}

/// Phrases whose presence in the advert text is a signal named by `id`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PhraseGroup {
    /// Signal id, such as `offer_fee`.
    pub id: Text,
    /// Short description.
    pub title: Text,
    /// Lowercase words or phrases, matched as whole words.
    pub patterns: Vec<Text>,
    /// Words that, a few words before a match in the same clause, cancel it
    /// ("we never charge a deposit").
    pub negations: Vec<Text>,
    /// Phrases that, a few words after a match in the same clause, cancel it
    /// ("processing fee does not apply").
    #[serde(default)]
    pub negations_after: Vec<Text>,
    /// Phrases that, anywhere before a match in the same sentence, cancel it
    /// ("may not require you to pay").
    #[serde(default)]
    pub negations_in_sentence: Vec<Text>,
    /// Patterns around a match that make it no match ("vita vya bei", a price war).
    #[serde(default)]
    pub exceptions: Vec<Text>,
    /// Patterns that count only when a group of `context` fired in the same text.
    #[serde(default)]
    pub context_patterns: Vec<Text>,
    /// The groups (ids) that let `context_patterns` count.
    #[serde(default)]
    pub context: Vec<Text>,
}

//! Red-flag rules and the sources they cite.

use serde::Serialize;

use super::{Level, Purpose};
use crate::rules::{Condition, Text};

/// A public source that documents a warning sign or states a contact detail.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct Source {
    /// Publisher and title.
    pub title: Text,
    /// An https address.
    pub url: Text,
}

/// A red-flag rule.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// Stable id such as `FEE003`.
    pub id: Text,
    /// Short plain title.
    pub title: Text,
    /// How serious the sign is on its own.
    pub severity: Level,
    /// Points added to the score when it fires.
    pub points: u32,
    /// Whether firing forces the critical level.
    pub critical: bool,
    /// When it fires.
    pub when: Condition,
    /// Why it matters.
    pub why: Text,
    /// What to do.
    pub advice: Text,
    /// At least one public source.
    pub sources: Vec<Source>,
    /// The kinds of official channel a person who sees this sign should contact.
    pub refer: Vec<Purpose>,
    /// The fact this sign is about, when other rules see the same fact from
    /// other evidence (the advert's words, the person's own answer): a fact
    /// counts once in the score, with the points of the heaviest of its
    /// rules that fired, so one piece of evidence never switches another off.
    pub fact: Option<Text>,
}

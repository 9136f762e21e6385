//! The rule set as a whole, and how its ids are compared and looked up.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::{Channel, Countries, PhraseGroup, Question, Rule, Section, SignalLists, Thresholds};
use crate::strings::{Text, same_id};

/// A complete, validated rule set: questions, rules, thresholds, channels and countries.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RuleSet {
    /// Name and version of the rule set.
    pub meta: RuleSetMeta,
    /// The score at which each level starts.
    pub levels: Thresholds,
    /// The fraction of checks that must be decided for a result to count as complete.
    pub min_coverage: f64,
    /// Question sections, in the order they are asked.
    pub sections: Vec<Section>,
    /// Questions, in the order they are asked.
    pub questions: Vec<Question>,
    /// The red-flag rules.
    pub rules: Vec<Rule>,
    /// Official channels that can verify an offer or help.
    pub channels: Vec<Channel>,
    /// Countries by ISO 3166-1 alpha-2 code.
    pub countries: Countries,
    /// Interface wording and translations (see [`RuleSet::localised`]).
    pub texts: crate::rules::lang::Texts,
    /// Word lists for the recruiter-contact checks.
    pub lists: SignalLists,
    /// Phrase groups looked for in the advert text.
    pub phrase_groups: Vec<PhraseGroup>,
    /// The notices, licence formats and inputs of the agency checks.
    pub agency: crate::rules::agency::AgencyData,
    /// The mapping to IOM's case-data standard (HTCDS), if the rules have one.
    pub htcds: Option<crate::rules::htcds::HtcdsMapping>,
    /// A register export a front end gave (see [`RuleSet::with_registry`]):
    /// data of the person's or desk's, never part of the rule files.
    #[serde(skip)]
    pub registry: Option<crate::rules::registry::Registry>,
    /// The phrase groups compiled into one matcher, built on first use.
    #[serde(skip)]
    pub phrase_matcher: std::sync::OnceLock<crate::rules::phrases::PhraseMatcher>,
    /// Each question's position by id, built on first use.
    #[serde(skip)]
    pub question_index: OnceLock<HashMap<Text, usize, IdHash>>,
}

/// The hash of the small tables keyed by the rule set's own ids: rustc's
/// FxHash (rustc-hash), a few instructions per word. The ids are short and
/// come from the rule files, not from an attacker, so speed matters more
/// than SipHash's protection against chosen keys. `batch` looks up answers'
/// questions with it.
pub type IdHash = rustc_hash::FxBuildHasher;

impl RuleSet {
    /// The rule set with a register export that the agency checks look the
    /// agency up in, for every assessment made with it.
    pub fn with_registry(mut self, registry: crate::rules::registry::Registry) -> RuleSet {
        self.registry = Some(registry);
        self
    }

    /// [`RuleSet::question_slot`], trying the questions from position `from`
    /// on first. Answers read in the rule set's question order (as offercheck
    /// saves them, and as most tools keep a fixed order) are then found by
    /// comparing lengths and first bytes ([`same_id`]) instead of hashing: a
    /// scan of the few dozen questions costs less than one hash lookup.
    pub fn question_slot_from(&self, id: &str, from: usize) -> Option<usize> {
        let ahead = self.questions.get(from..).unwrap_or_default();
        match ahead.iter().position(|q| same_id(&q.id, id)) {
            Some(offset) => Some(from + offset),
            None => self.question_slot(id),
        }
    }

    /// The position of question `id` in [`RuleSet::questions`].
    pub fn question_slot(&self, id: &str) -> Option<usize> {
        self.question_index
            .get_or_init(|| {
                let mut index =
                    HashMap::with_capacity_and_hasher(self.questions.len(), IdHash::default());
                for (slot, question) in self.questions.iter().enumerate() {
                    // The first of two questions with one id wins, as the loader reports the second.
                    index.entry(question.id.clone()).or_insert(slot);
                }
                index
            })
            .get(id)
            .copied()
    }
}

/// Name and version of a rule set, shown in reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct RuleSetMeta {
    /// Human-readable name.
    pub name: Text,
    /// Version string, such as `2026.11.0`.
    pub version: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question is found by id from any starting place: ahead of it, past
    /// it (through the index), or not at all.
    #[test]
    fn question_slots_from_any_place() {
        let rules = crate::testing::default_rules();
        let count = rules.questions.len();
        for (slot, question) in rules.questions.iter().enumerate() {
            let id = question.id.to_string();
            for from in [0, slot, slot + 1, count, count + 5] {
                assert_eq!(
                    rules.question_slot_from(&id, from),
                    Some(slot),
                    "{id} from {from}"
                );
            }
        }
        assert_eq!(rules.question_slot_from("no_such_question", 0), None);
        assert_eq!(rules.question_slot_from("", 3), None);
        assert!(same_id("origin", &String::from("origin")));
        assert!(!same_id("origin", "origiN"));
        assert!(!same_id("origin", "Origin"));
    }
}

//! Signals: checks on the recruiter's contact details and the advert text.
//!
//! Each extractor turns one kind of answer into named signals (a website into
//! `website_shortener`, an advert into `offer_fee`, …). Rules use them with
//! `{ signal = "…" }` in the same condition language as any answer, so a new
//! check is one extractor plus data in `rules/`, never a case in the engine.
//! A signal whose input was not given is absent, which leaves the rules that
//! use it undecided rather than passed.

mod advert;
pub mod agency;
mod email;
mod phone;
mod website;

pub use crate::rules::phrases::PhraseMatcher;

use crate::answers::{Answer, Answers, Signal, Value};
use crate::rules::{RuleSet, SignalLists, Text, contract};

/// The signals computed in code, with what each means (the rule set's
/// contract: [`crate::rules::contract::BUILTIN_SIGNALS`]).
pub use crate::rules::contract::BUILTIN_SIGNALS;

/// Longest quote kept around a match, in characters on each side.
pub const QUOTE_CONTEXT: usize = 40;

/// Whether the signals keep what they found, quoted for the report. Quoting
/// the advert costs more than matching it, and `batch`'s summary records
/// show no quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quotes {
    /// Quote what was found.
    Keep,
    /// Decide whether each signal fired; leave the advert unquoted.
    Skip,
}

/// Computes every signal whose input is in `answers` and stores it there,
/// with its quotes.
pub fn add_signals(rules: &RuleSet, answers: &mut Answers) {
    add_signals_quoting(rules, answers, Quotes::Keep);
}

/// [`add_signals`], quoting the advert or not.
pub fn add_signals_quoting(rules: &RuleSet, answers: &mut Answers, quotes: Quotes) {
    let found = signals_of(rules, answers, quotes);
    answers.set_computed_signals(found);
}

/// Every signal the answers give, from the inputs each check reads. With
/// [`Quotes::Skip`] the advert's signals have no quotes (the contact
/// checks' quotes are one short line each and are kept).
pub fn signals_of(rules: &RuleSet, answers: &Answers, quotes: Quotes) -> Vec<(Text, Signal)> {
    let text = |id: &str| match answers.get(id) {
        Some(Answer::Known(Value::Text(text))) => Some(text.as_str()),
        _ => None,
    };
    let country = |id: &str| match answers.get(id) {
        Some(Answer::Known(Value::Country(code))) => Some(code.as_str()),
        _ => None,
    };
    let website = text(contract::RECRUITER_WEBSITE);
    let mut found: Vec<(Text, Signal)> =
        Vec::with_capacity(BUILTIN_SIGNALS.len() + rules.phrase_groups.len());
    let host = website.and_then(website::host);
    if let Some(site) = website {
        found.extend(website::signals(&rules.lists, site));
    }
    if let Some(address) = text(contract::RECRUITER_EMAIL) {
        found.extend(email::signals(&rules.lists, address, host.as_deref()));
    }
    if let Some(number) = text(contract::RECRUITER_PHONE) {
        found.extend(phone::signals(
            &rules.lists,
            number,
            country(contract::ORIGIN),
            country(contract::DESTINATION),
        ));
    }
    if let Some(advert) = text(contract::OFFER_TEXT) {
        let matcher = rules
            .phrase_matcher
            .get_or_init(|| PhraseMatcher::new(&rules.phrase_groups, &rules.lists));
        found.extend(advert::signals(
            &rules.phrase_groups,
            &rules.lists,
            matcher,
            advert,
            quotes,
        ));
    }
    found.extend(agency::signals(rules, answers));
    found
}

/// A signal that fired, with what it found.
fn fired(id: &'static str, quote: String) -> (Text, Signal) {
    (
        Text::from(id),
        Signal {
            fired: true,
            quotes: vec![quote],
        },
    )
}

/// A signal that was checked and did not fire.
fn clear(id: &'static str) -> (Text, Signal) {
    (
        Text::from(id),
        Signal {
            fired: false,
            quotes: Vec::new(),
        },
    )
}

/// `fired` or `clear` by a condition.
fn check(id: &'static str, hit: bool, quote: impl FnOnce() -> String) -> (Text, Signal) {
    if hit { fired(id, quote()) } else { clear(id) }
}

/// What a domain name's spelling shows, wherever it is written (a website's
/// host, an e-mail address's domain), so both are judged alike.
struct DomainLook<'a> {
    /// Written with letters from another script (punycode labels, `xn--`),
    /// some of which look exactly like Latin ones.
    lookalike_letters: bool,
    /// The official-sounding word the name uses while it is not under an
    /// official ending (`nea-kenya.com`); `None` when it uses none, or is
    /// under such an ending.
    false_official: Option<&'a Text>,
}

/// Reads `name`, a lowercase ASCII (punycode) domain name with no trailing
/// dot.
fn domain_look<'a>(lists: &'a SignalLists, name: &str) -> DomainLook<'a> {
    let official = lists
        .official_suffixes
        .iter()
        .any(|suffix| host_is(name, suffix.trim_start_matches('.')));
    let false_official = if official {
        None
    } else {
        name.split(['.', '-'])
            .find_map(|part| lists.official_words.iter().find(|w| *w == part))
    };
    DomainLook {
        lookalike_letters: name.split('.').any(|label| label.starts_with("xn--")),
        false_official,
    }
}

/// Whether `host` is `entry` or a subdomain of it.
fn host_is(host: &str, entry: &str) -> bool {
    host == entry || host.ends_with(&format!(".{entry}"))
}

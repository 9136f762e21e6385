//! The validated rule set: what the rest of the program works with.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;

use super::condition::Condition;
use super::text::Text;
use super::text_map::TextMap;

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
    pub texts: super::lang::Texts,
    /// Word lists for the recruiter-contact checks.
    pub lists: SignalLists,
    /// Phrase groups looked for in the advert text.
    pub phrase_groups: Vec<PhraseGroup>,
    /// The notices, licence formats and inputs of the agency checks.
    pub agency: super::agency::AgencyData,
    /// The mapping to IOM's case-data standard (HTCDS), if the rules have one.
    pub htcds: Option<super::htcds::HtcdsMapping>,
    /// A register export a front end gave (see [`RuleSet::with_registry`]):
    /// data of the person's or desk's, never part of the rule files.
    #[serde(skip)]
    pub registry: Option<crate::signals::registry::Registry>,
    /// The phrase groups compiled into one matcher, built on first use.
    #[serde(skip)]
    pub phrase_matcher: std::sync::OnceLock<crate::signals::PhraseMatcher>,
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

/// `a == b`, for ids of the rule set: the same string in memory is equal
/// without comparing bytes, and strings whose first bytes differ are
/// unequal without a call to `memcmp` (which took 8 % of `batch`'s time).
pub fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (std::ptr::eq(a.as_ptr(), b.as_ptr())
            || (a.as_bytes().first() == b.as_bytes().first() && a == b))
}

impl RuleSet {
    /// The rule set with a register export that the agency checks look the
    /// agency up in, for every assessment made with it.
    pub fn with_registry(mut self, registry: crate::signals::registry::Registry) -> RuleSet {
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

/// Name and version of a rule set, shown in reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct RuleSetMeta {
    /// Human-readable name.
    pub name: Text,
    /// Version string, such as `2026.11.0`.
    pub version: Text,
}

/// Score thresholds: the score at which each level starts.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct Thresholds {
    /// Start of `medium`.
    pub medium: u32,
    /// Start of `high`.
    pub high: u32,
    /// Start of `critical`.
    pub critical: u32,
}

impl Thresholds {
    /// The level a score reaches on its own, without any critical rule.
    pub fn level_for(&self, score: u32) -> Level {
        if score >= self.critical {
            Level::Critical
        } else if score >= self.high {
            Level::High
        } else if score >= self.medium {
            Level::Medium
        } else {
            Level::Low
        }
    }
}

/// A risk level, lowest first. Also used as a rule's severity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No or few warning signs among the checks made (never "safe").
    Low,
    /// Some warning signs.
    Medium,
    /// Serious warning signs.
    High,
    /// Do not pay or travel.
    Critical,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 4] = [Level::Low, Level::Medium, Level::High, Level::Critical];

    /// The lowercase word used in flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    /// Parses the lowercase word, in any case.
    pub fn parse(word: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(word.trim()))
    }
}

/// A group of questions asked together.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// Stable id.
    pub id: Text,
    /// Title shown to the user.
    pub title: Text,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// `yes`, `no` (or `unknown`).
    YesNo,
    /// One choice id.
    Choice,
    /// A list of choice ids.
    MultiChoice,
    /// An ISO 3166-1 alpha-2 code or an English country name.
    Country,
    /// A non-negative number.
    Number,
    /// Free text.
    Text,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

impl QuestionKind {
    /// The word used in rule files and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Choice => "choice",
            QuestionKind::MultiChoice => "multi_choice",
            QuestionKind::Country => "country",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
            QuestionKind::Url => "url",
            QuestionKind::Email => "email",
            QuestionKind::Phone => "phone",
        }
    }

    /// Whether the question offers choices.
    pub fn has_choices(self) -> bool {
        matches!(self, QuestionKind::Choice | QuestionKind::MultiChoice)
    }
}

/// One possible answer to a choice question.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ChoiceOption {
    /// Stable snake_case id (the value in answers files and flags).
    pub id: Text,
    /// Plain label shown to the user.
    pub label: Text,
    /// The choice's rank by risk among the question's choices (`risk` in the
    /// rule data): a higher rank is the riskier answer, and equal ranks are
    /// not ordered against each other. In a multiple choice, a tick of rank 1
    /// or more is a warning side and 0 is neutral.
    pub risk: u32,
}

/// A question, asked interactively or answered with a flag or file key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    /// Stable snake_case id; the flag is the kebab-case form.
    pub id: Text,
    /// Section id.
    pub section: Text,
    /// Kind of answer.
    pub kind: QuestionKind,
    /// The question as asked.
    pub prompt: Text,
    /// Help text shown on demand.
    pub help: Text,
    /// Choices, for choice kinds.
    pub choices: Vec<ChoiceOption>,
    /// Asked only when this holds.
    pub ask_if: Option<Condition>,
    /// The answer assumed when none is given.
    pub default: Option<crate::answers::Value>,
    /// Which of its answers are the riskier ones (SPEC.md principle 8): the
    /// rules must never score a riskier answer lower, and a property test
    /// holds them to it.
    pub risk: Risk,
    /// When the rules judge a given answer to this question (`judged_if`):
    /// an answer given when this does not hold is reported as not judged,
    /// with [`Question::not_judged`], rather than silently passed over.
    pub judged_if: Option<Condition>,
    /// What the report says when an answer was not judged.
    pub not_judged: Text,
    /// For an amount: the words and signs of the money it is asked in
    /// (`ksh`, `sh`, `bob`), lowercase, which may stand before or after the
    /// number ("KSh 150,000", "150,000 bob"). Another currency the lists
    /// know is refused rather than read as this one.
    pub currency: Vec<Text>,
}

/// How the answers of a question rank by risk, as the rule data states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Risk {
    /// Not ranked: countries, the details that are evidence (the advert,
    /// the recruiter's contacts), where giving one is itself never allowed
    /// to lower the result, and yes/no questions whose rule data does not say
    /// `risky`.
    Unranked,
    /// A yes/no question whose warning side is `yes` (`risky = "yes"`) or
    /// `no`; "don't know" sits between the two.
    YesNo {
        /// Whether "yes" is the riskier answer.
        yes_is_risky: bool,
    },
    /// A choice question: each choice's [`ChoiceOption::risk`], and the rank
    /// of "don't know" among them if the data gives one (`dont_know_risk`).
    Ranked {
        /// The rank of "don't know", if it has one.
        dont_know: Option<u32>,
    },
    /// A number where a larger one is riskier (`risky = "higher"`).
    Higher,
}

impl Question {
    /// The command-line flag for this question, without the leading dashes.
    pub fn flag(&self) -> String {
        self.id.replace('_', "-")
    }

    /// The label of a choice id, if the question has it.
    pub fn choice_label(&self, id: &str) -> Option<&str> {
        self.choices
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.as_str())
    }
}

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

/// What an official channel is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Check that a recruitment agency is licensed.
    VerifyAgency,
    /// Have a contract checked or attested.
    VerifyContract,
    /// Advice before accepting an offer.
    Advice,
    /// Report a recruiter or a crime.
    Report,
    /// Help while abroad.
    HelpAbroad,
    /// Urgent help.
    Emergency,
}

impl Purpose {
    /// Every purpose, in the order used in messages.
    pub const ALL: [Purpose; 6] = [
        Purpose::VerifyAgency,
        Purpose::VerifyContract,
        Purpose::Advice,
        Purpose::Report,
        Purpose::HelpAbroad,
        Purpose::Emergency,
    ];

    /// The snake_case word used in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyAgency => "verify_agency",
            Purpose::VerifyContract => "verify_contract",
            Purpose::Advice => "advice",
            Purpose::Report => "report",
            Purpose::HelpAbroad => "help_abroad",
            Purpose::Emergency => "emergency",
        }
    }
}

/// An official place to verify an offer or get help.
///
/// In JSON a contact field that is not set is left out; in the embedded
/// snapshot's binary form every field is written, because that format
/// reads fields by position (see the `Serialize` impl).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Channel {
    /// Stable id.
    pub id: Text,
    /// ISO code of the country whose people it serves.
    pub country: Text,
    /// Listed only for this destination, when set.
    pub destination: Option<Text>,
    /// Name of the office or service.
    pub name: Text,
    /// What it is for.
    pub purpose: Purpose,
    /// Plain description of when to use it.
    pub description: Text,
    /// Web address.
    pub url: Option<Text>,
    /// Phone number, as the source states it.
    pub phone: Option<Text>,
    /// E-mail address.
    pub email: Option<Text>,
    /// When no contact detail of its own could be confirmed: the id of the
    /// channel (same country, listed for every destination) that can put the
    /// person in touch with it.
    pub reach_via: Option<Text>,
    /// The public source that states the contact details.
    pub source: Source,
    /// The date (YYYY-MM-DD) someone last confirmed that the source states these details.
    pub checked: Text,
}

impl Serialize for Channel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // A field left out of a format that reads by position would shift
        // every later one, so only a self-describing format skips them.
        let skip_unset = serializer.is_human_readable();
        let mut out = serializer.serialize_struct("Channel", 12)?;
        let optional =
            |out: &mut S::SerializeStruct, key: &'static str, value: &Option<Text>| match value {
                None if skip_unset => out.skip_field(key),
                value => out.serialize_field(key, value),
            };
        out.serialize_field("id", &self.id)?;
        out.serialize_field("country", &self.country)?;
        optional(&mut out, "destination", &self.destination)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("purpose", &self.purpose)?;
        out.serialize_field("description", &self.description)?;
        optional(&mut out, "url", &self.url)?;
        optional(&mut out, "phone", &self.phone)?;
        optional(&mut out, "email", &self.email)?;
        optional(&mut out, "reach_via", &self.reach_via)?;
        out.serialize_field("source", &self.source)?;
        out.serialize_field("checked", &self.checked)?;
        out.end()
    }
}

impl Channel {
    /// Whether the channel is for people going to `destination`: channels
    /// without a destination are for everyone, an embassy only for its country.
    pub fn serves_destination(&self, destination: Option<&str>) -> bool {
        self.destination
            .as_deref()
            .is_none_or(|d| Some(d) == destination)
    }
}

/// A country with its ISO code, name and the other names people use.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub code: Text,
    /// English name.
    pub name: Text,
    /// Other English names and abbreviations.
    pub aliases: Vec<Text>,
    /// The name in other languages, by language code (`sw`: `Urusi`), as a
    /// person reading that language knows the country; found as the name
    /// and aliases are.
    #[serde(default)]
    pub names: Vec<(Text, Text)>,
}

impl Country {
    /// The name to show a person reading `lang`: the rules' name in that
    /// language where they give one, else the English name.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names
            .iter()
            .find(|(code, _)| code.as_str() == lang)
            .map_or(self.name.as_str(), |(_, name)| name.as_str())
    }
}

/// Countries, looked up by code or name in any case.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Countries {
    list: Vec<Country>,
    /// Every normalised code, name and alias, built on the first lookup by
    /// name: most runs look up codes only and never need it.
    #[serde(skip)]
    by_key: OnceLock<BTreeMap<String, usize>>,
    /// The first country of each two-letter code, by [`code_index`], built
    /// on the first lookup by code: a code is then found without comparing
    /// it with some 250 others.
    #[serde(skip)]
    by_code: OnceLock<Vec<Option<usize>>>,
}

/// The place of a code of two ASCII letters, in any case, among the
/// 26 × 26 such codes.
fn code_index(code: &str) -> Option<usize> {
    let [first, second] = code.as_bytes() else {
        return None;
    };
    let letter = |byte: &u8| {
        byte.is_ascii_alphabetic()
            .then(|| usize::from(byte.to_ascii_uppercase() - b'A'))
    };
    Some(letter(first)? * 26 + letter(second)?)
}

impl Countries {
    /// The countries of `list`. Later duplicates of a key are ignored by the
    /// lookup (validation reports them).
    pub fn new(list: Vec<Country>) -> Self {
        Countries {
            list,
            by_key: OnceLock::new(),
            by_code: OnceLock::new(),
        }
    }

    /// Every country, in the rule data's order: for a front end that
    /// offers the names to choose from (the web page's list).
    pub fn iter(&self) -> impl Iterator<Item = &Country> {
        self.list.iter()
    }

    fn by_code(&self) -> &[Option<usize>] {
        self.by_code.get_or_init(|| {
            let mut by_code = vec![None; 26 * 26];
            for (index, country) in self.list.iter().enumerate() {
                if let Some(at) = code_index(&country.code) {
                    by_code[at].get_or_insert(index);
                }
            }
            by_code
        })
    }

    fn by_key(&self) -> &BTreeMap<String, usize> {
        self.by_key.get_or_init(|| {
            let mut by_key = BTreeMap::new();
            for (index, country) in self.list.iter().enumerate() {
                for key in std::iter::once(&country.code)
                    .chain(std::iter::once(&country.name))
                    .chain(&country.aliases)
                    .chain(country.names.iter().map(|(_, name)| name))
                {
                    by_key
                        .entry(normalise_country(key).into_owned())
                        .or_insert(index);
                }
            }
            by_key
        })
    }

    /// Finds a country by code, name or alias, in any case. Two letters are
    /// first taken as a code.
    pub fn find(&self, text: &str) -> Option<&Country> {
        let trimmed = text.trim();
        if trimmed.len() == 2 {
            // A code: the first country with it, in any case. (In a valid rule
            // set no name or alias is another country's code, so this finds
            // the same country.) Two letters match only a code of two letters.
            let country = match code_index(trimmed) {
                Some(at) => self.by_code()[at].map(|index| &self.list[index]),
                None => self
                    .list
                    .iter()
                    .find(|c| c.code.eq_ignore_ascii_case(trimmed)),
            };
            if country.is_some() {
                return country;
            }
        }
        self.by_key()
            .get(normalise_country(text).as_ref())
            .map(|&index| &self.list[index])
    }

    /// The first country whose code is exactly `code`, found through the
    /// code table (no comparing with every country).
    pub fn with_code(&self, code: &str) -> Option<&Country> {
        let index = self.by_code()[code_index(code)?]?;
        let country = &self.list[index];
        (country.code.as_str() == code).then_some(country)
    }

    /// All countries, in file order.
    pub fn all(&self) -> &[Country] {
        &self.list
    }

    /// What to tell someone whose `text` names no country: the nearest code
    /// or name, and how a country is written.
    pub fn unknown_help(&self, text: &str) -> String {
        match self.nearest(text) {
            Some(near) => format!(
                "did you mean `{near}`? Use an ISO 3166-1 code such as `KE` or an English name"
            ),
            None => {
                "use an ISO 3166-1 code such as `KE` or `RU`, or an English name such as `Kenya`"
                    .into()
            }
        }
    }

    /// The closest code or name to `text`, for "did you mean" hints.
    pub fn nearest(&self, text: &str) -> Option<&str> {
        let wanted = normalise_country(text);
        let by_key = self.by_key();
        crate::diagnostic::nearest(&wanted, by_key.keys().map(String::as_str)).map(|key| {
            let country = &self.list[by_key[key]];
            if key.len() == 2 {
                country.code.as_str()
            } else {
                country.name.as_str()
            }
        })
    }
}

fn normalise_country(text: &str) -> std::borrow::Cow<'_, str> {
    // Most keys are already lowercase words with single spaces: copy them as they are.
    let already = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .chars()
            .all(|c| c == ' ' || (!c.is_whitespace() && c.to_lowercase().eq(std::iter::once(c))));
    if already {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> Countries {
        let country = |code: &'static str, name: &'static str, aliases: &[&'static str]| Country {
            code: code.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            names: Vec::new(),
        };
        Countries::new(vec![
            country("GB", "United Kingdom", &["UK", "Great Britain"]),
            country("KE", "Kenya", &[]),
            country("SA", "Saudi Arabia", &["KSA"]),
        ])
    }

    /// Every country listed is found by its code, each once, Kenya among them.
    #[test]
    fn countries_listed_are_found_by_code() {
        let rules = crate::testing::default_rules();
        let codes: Vec<&str> = rules.countries.iter().map(|c| c.code.as_str()).collect();
        assert!(codes.len() > 200, "{} countries", codes.len());
        assert!(codes.contains(&"KE"));
        for country in rules.countries.iter() {
            let found = rules.countries.find(&country.code).expect("found");
            assert_eq!(found.code, country.code);
        }
    }

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

    /// Codes, names and aliases are found in any case and spacing; codes
    /// need no lookup table, names build it once.
    #[test]
    fn countries_are_found_by_code_name_or_alias() {
        let countries = countries();
        let code = |text: &str| countries.find(text).map(|c| c.code.as_str());
        assert_eq!(code("ke"), Some("KE"));
        assert_eq!(code("gB"), Some("GB"));
        assert_eq!(code(" Sa "), Some("SA"));
        assert!(
            countries.by_key.get().is_none(),
            "codes alone need no table"
        );
        assert_eq!(code("kenya"), Some("KE"));
        assert_eq!(code("  great   BRITAIN "), Some("GB"));
        assert_eq!(code("uk"), Some("GB"));
        assert_eq!(code("ksa"), Some("SA"));
        assert_eq!(code("Narnia"), None);
        assert_eq!(code(""), None);
        assert_eq!(code("K1"), None);
        assert_eq!(code("zz"), None);
        assert_eq!((code_index("AA"), code_index("zz")), (Some(0), Some(675)));
        assert_eq!(code_index("é"), None);
        assert_eq!(countries.nearest("kenia"), Some("Kenya"));
    }

    /// A country's name in another language is shown in that language and
    /// found as an answer; without one, the English name is shown.
    #[test]
    fn names_in_other_languages() {
        let mut gb = countries().all()[0].clone();
        gb.names = vec![("sw".into(), "Uingereza".into())];
        let countries = Countries::new(vec![gb]);
        let gb = countries
            .find("uingereza")
            .expect("found by its Kiswahili name");
        assert_eq!(gb.code.as_str(), "GB");
        assert_eq!(gb.name_in("sw"), "Uingereza");
        assert_eq!(gb.name_in("en"), "United Kingdom");
        assert_eq!(gb.name_in("fr"), "United Kingdom");
    }

    /// The default rules name the countries a Kenyan job seeker meets in
    /// Kiswahili, and a localised rule set describes an answer by them.
    #[test]
    fn default_rules_have_kiswahili_country_names() {
        let rules = crate::testing::default_rules().localised("sw");
        for (code, name) in [
            ("RU", "Urusi"),
            ("GB", "Uingereza"),
            ("US", "Marekani"),
            ("SA", "Saudia"),
            ("DE", "Ujerumani"),
            ("AE", "Falme za Kiarabu"),
            ("LB", "Lebanoni"),
            ("CA", "Kanada"),
            ("PL", "Polandi"),
            ("KH", "Kambodia"),
        ] {
            let country = rules.countries.find(code).expect("a country");
            assert_eq!(country.name_in("sw"), name);
            assert_eq!(
                rules.countries.find(name).map(|c| c.code.as_str()),
                Some(code)
            );
        }
        let question = rules
            .question("destination")
            .expect("the destination question");
        let value = crate::answers::Value::Country("RU".into());
        assert_eq!(value.describe(question, &rules), "Urusi");
    }
}

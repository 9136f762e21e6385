//! The data of the agency checks: which answers feed them
//! (`[agency_check]`), the official notices that name agencies
//! (`[[notice]]`), and the licence-number formats of the regulators
//! (`[[licence_format]]`). What the checks do with it is
//! [`crate::signals::agency`].

use std::sync::OnceLock;

use super::model::Source;
use crate::strings::Text;

/// Everything the agency checks read from the rule files. With no
/// `[agency_check]` table the checks are off.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct AgencyData {
    /// Which answers feed the checks.
    pub inputs: Option<AgencyInputs>,
    /// Words so common in agency names that sharing them does not make two
    /// names similar (normalised like the names).
    pub common_words: Vec<Text>,
    /// Official lists that name agencies, oldest first as in the files.
    pub notices: Vec<Notice>,
    /// Licence-number formats, by the country of the regulator.
    pub formats: Vec<LicenceFormat>,
}

impl AgencyData {
    /// The format recorded for a country, if any (with or without a pattern).
    pub fn format_for(&self, country: &str) -> Option<&LicenceFormat> {
        self.formats.iter().find(|f| f.country == country)
    }
}

/// The questions whose answers the agency checks read: named here, in the
/// data, so that the engine names no question.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AgencyInputs {
    /// A text question: the agency's name as the recruiter gave it.
    pub name: Text,
    /// A text question: the licence or registration number they gave.
    pub licence_number: Text,
    /// A country question: the country whose regulator licenses the agency.
    pub country: Text,
}

/// What a notice says of the agencies it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Deregistered, blacklisted, or denied registration.
    Deregistered,
    /// Not registered, so not permitted to recruit.
    Unlicensed,
}

impl NoticeStatus {
    /// The word used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Deregistered => "deregistered",
            NoticeStatus::Unlicensed => "unlicensed",
        }
    }
}

/// Where a notice was made public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeOccasion {
    /// Told to a committee of the Senate.
    SenateCommittee,
    /// Told to a committee of the National Assembly.
    AssemblyCommittee,
    /// A public notice in the newspapers.
    PublicNotice,
}

impl NoticeOccasion {
    /// The word used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeOccasion::SenateCommittee => "senate_committee",
            NoticeOccasion::AssemblyCommittee => "assembly_committee",
            NoticeOccasion::PublicNotice => "public_notice",
        }
    }
}

/// An official list that names agencies (deregistered or unlicensed), as
/// published: every name exactly as the source prints it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    /// Stable id.
    pub id: Text,
    /// The date the list was given or published, `YYYY-MM-DD`.
    pub date: Text,
    /// The country whose agencies it names (ISO code).
    pub country: Text,
    /// Who gave the list.
    pub issuer: Text,
    /// Where it was made public.
    pub occasion: NoticeOccasion,
    /// What it says of the agencies.
    pub status: NoticeStatus,
    /// The publisher of the copy the names come from (a newspaper, when no
    /// official copy was found).
    pub reported_by: Text,
    /// The copy the names come from.
    pub source: Source,
    /// Other copies of the same list.
    pub other_sources: Vec<Source>,
    /// Every name, with its spellings in other copies.
    pub names: Vec<NoticeName>,
}

/// One name in a notice, as a copy of the notice prints it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NoticeName {
    /// The name exactly as printed.
    pub name: Text,
    /// The name as compared ([`normalise_name`]).
    pub key: Text,
    /// For a spelling from another copy: the name as the main copy prints
    /// it (or, for a name only another copy prints, this name), and that
    /// copy's address.
    pub other_copy: Option<(Text, Text)>,
}

/// The format of one regulator's licence numbers, or the record that no
/// public source shows one.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LicenceFormat {
    /// The regulator's country (ISO code).
    pub country: Text,
    /// The regulator's name.
    pub regulator: Text,
    /// What the numbers look like, in words.
    pub description: Text,
    /// Numbers as printed by the sources.
    pub examples: Vec<Text>,
    /// An anchored regular expression (matched ignoring case), or none when
    /// no public source shows the format: then nothing is checked.
    pub pattern: Option<Text>,
    /// The public sources that show the format (or that were read and show none).
    pub sources: Vec<Source>,
    /// The pattern compiled, on first use.
    #[serde(skip)]
    pub compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl LicenceFormat {
    /// Whether `number` has this format; `None` when no format is known.
    pub fn matches(&self, number: &str) -> Option<bool> {
        let regex = self
            .compiled
            .get_or_init(|| self.pattern.as_deref().and_then(|p| compile(p).ok()))
            .as_ref()?;
        Some(regex.is_match(number.trim()))
    }
}

/// Compiles a format's pattern, ignoring case.
pub(crate) fn compile(pattern: &str) -> Result<regex_lite::Regex, regex_lite::Error> {
    regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
}

/// An agency name as compared: lowercase letters and digits, words split at
/// anything else, `&` read as `and`, `ltd` as `limited`, and a closing
/// `limited` (the company form, printed by some copies and not others)
/// left out. `"Man & Swa Recruitment Palace Ltd."` and `"man and swa
/// recruitment palace"` are the same name.
pub fn normalise_name(name: &str) -> String {
    let spaced = name.replace('&', " and ");
    let mut words: Vec<String> = spaced
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| match word.to_lowercase().as_str() {
            "ltd" => "limited".to_string(),
            other => other.to_string(),
        })
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| w == "limited") {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Case, punctuation, spacing, `&`/`and` and `Ltd`/`Limited` do not make
    /// two names differ; a different word does.
    #[test]
    fn names_are_normalised() {
        let same = [
            (
                "Man & Swa Recruitment Palace",
                "man and swa recruitment palace",
            ),
            ("Tangofox Ltd", "TANGOFOX LIMITED"),
            ("Alsari International", "Alsari  International Ltd."),
            (
                "Gulfway Recruitment company Ltd",
                "Gulfway Recruitment Company Limited",
            ),
        ];
        for (a, b) in same {
            assert_eq!(normalise_name(a), normalise_name(b), "{a} / {b}");
        }
        assert_ne!(
            normalise_name("Talent Gateway Ltd"),
            normalise_name("Talent Getaway Ltd")
        );
        assert_eq!(normalise_name("Limited"), "limited");
        assert_eq!(normalise_name(" -- "), "");
    }
}

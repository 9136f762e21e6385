//! The mapping from offercheck's answers to IOM's Human Trafficking Case
//! Data Standard (HTCDS), as data: `[htcds]` names the version of the
//! standard, each `[[htcds_field]]` one field, where it goes and how its
//! value is found. [`crate::report::htcds`] writes the record.

use super::condition::Condition;
use super::model::Source;
use crate::strings::Text;

/// The version of HTCDS the mapping follows, and its fields in output order.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HtcdsMapping {
    /// The standard's version, such as `2.0`.
    pub version: Text,
    /// The commit of the standard's repository the field reference was read at.
    pub commit: Text,
    /// Where the standard is published.
    pub source: Source,
    /// The fields written, in order.
    pub fields: Vec<HtcdsField>,
}

/// Which record of a case a field belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum HtcdsRecord {
    /// The person checking the offer (HTCDS person and victim-context fields).
    Person,
    /// The recruiter (person fields with the perpetrator context).
    Recruiter,
    /// The agency (organisation fields).
    Agency,
    /// The recruitment event (historic trafficking event fields).
    Event,
    /// The consent fields.
    Consent,
}

impl HtcdsRecord {
    /// Every record, in output order.
    pub const ALL: [HtcdsRecord; 5] = [
        HtcdsRecord::Person,
        HtcdsRecord::Recruiter,
        HtcdsRecord::Agency,
        HtcdsRecord::Event,
        HtcdsRecord::Consent,
    ];

    /// The key of the record in the JSON and the prefix of its CSV columns.
    pub fn as_str(self) -> &'static str {
        match self {
            HtcdsRecord::Person => "person",
            HtcdsRecord::Recruiter => "recruiter",
            HtcdsRecord::Agency => "agency",
            HtcdsRecord::Event => "event",
            HtcdsRecord::Consent => "consent",
        }
    }
}

/// How a field's value is found.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum HtcdsValue {
    /// A picklist: the `value` of the first entry whose condition holds.
    Single(Vec<HtcdsChoice>),
    /// A multiselect picklist: the `value` of every entry whose condition holds.
    Multi(Vec<HtcdsChoice>),
    /// A copy of an answer: a country as its ISO 3166-1 alpha-2 code (a
    /// list for a multiselect), a phone number in E.164, text as given.
    Copy {
        /// The question copied.
        question: Text,
        /// Whether the field is a multiselect (the code is written as a list).
        list: bool,
        /// For a phone number: the country question whose calling code a
        /// number in local form gets (without it, such a number is left out).
        local_numbers_from: Option<Text>,
    },
    /// The consent checkbox: what the front end was told, off unless given.
    Consent,
}

/// One value of a picklist and when it applies (always, without a condition).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HtcdsChoice {
    /// The standard's value name.
    pub value: Text,
    /// When it applies.
    pub when: Option<Condition>,
}

/// One field of the standard and how offercheck fills it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HtcdsField {
    /// The field's name in the standard, with its prefix (`vic_MethodOfRecruitment`).
    pub field: Text,
    /// The record it belongs to.
    pub record: HtcdsRecord,
    /// How its value is found.
    pub value: HtcdsValue,
    /// Written only when the assessment found warning signs: the value
    /// describes what the offer could lead to, which means nothing without
    /// them.
    pub only_with_findings: bool,
}

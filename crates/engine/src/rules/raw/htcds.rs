//! The HTCDS mapping as written: `[htcds]` and `[[htcds_field]]`.

use serde::Deserialize;
use toml::Spanned;

use super::{RawCondition, RawSource};
use crate::rules::htcds::HtcdsRecord;

/// `[htcds]`: the version of the standard followed.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `version`, `commit` and `source`"
)]
pub(crate) struct RawHtcds {
    pub version: Spanned<String>,
    pub commit: Spanned<String>,
    pub source: Spanned<RawSource>,
}

/// How a field is filled, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RawHtcdsType {
    /// A picklist.
    Picklist,
    /// A multiselect picklist.
    Multiselect,
    /// Text (or a country or phone) copied from an answer.
    Text,
    /// A checkbox.
    Checkbox,
}

/// `[[htcds_field]]`: one field.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an htcds_field table with `field`, `record`, `type` and either `map` (with `allowed`), `copy` or `consent = true`"
)]
pub(crate) struct RawHtcdsField {
    pub field: Spanned<String>,
    pub record: HtcdsRecord,
    #[serde(rename = "type")]
    pub kind: Spanned<RawHtcdsType>,
    /// The values the standard lists for a picklist.
    #[serde(default)]
    pub allowed: Vec<Spanned<String>>,
    #[serde(default)]
    pub map: Vec<Spanned<RawHtcdsChoice>>,
    /// The question whose answer is copied.
    pub copy: Option<Spanned<String>>,
    /// For a phone number copied: the country question whose calling code a
    /// number in local form (`07…`) gets.
    pub local_numbers_from: Option<Spanned<String>>,
    /// The consent checkbox, filled by the front end.
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub only_with_findings: bool,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a value such as `{ value = \"Other\", when = { question = \"...\", is = \"...\" } }`"
)]
pub(crate) struct RawHtcdsChoice {
    pub value: Spanned<String>,
    pub when: Option<Spanned<RawCondition>>,
}

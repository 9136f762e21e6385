//! The agency tables as written: `[agency_check]`, `[[notice]]` and
//! `[[licence_format]]`.

use serde::Deserialize;
use toml::Spanned;

use super::RawSource;
use crate::rules::agency::{NoticeOccasion, NoticeStatus};

/// `[agency_check]`: which questions feed the agency checks.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `name`, `licence_number` and `country` (question ids)"
)]
pub(crate) struct RawAgencyCheck {
    pub name: Spanned<String>,
    pub licence_number: Spanned<String>,
    pub country: Spanned<String>,
    #[serde(default)]
    pub common_words: Vec<Spanned<String>>,
}

/// `[[notice]]`: an official list of agencies.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a notice table with `id`, `date`, `country`, `issuer`, `occasion`, `status`, `reported_by`, `source` and `names`"
)]
pub(crate) struct RawNotice {
    pub id: Spanned<String>,
    pub date: Spanned<String>,
    pub country: Spanned<String>,
    pub issuer: Spanned<String>,
    pub occasion: NoticeOccasion,
    pub status: NoticeStatus,
    pub reported_by: Spanned<String>,
    pub source: Spanned<RawSource>,
    #[serde(default)]
    pub other_sources: Vec<Spanned<RawSource>>,
    pub names: Spanned<Vec<Spanned<String>>>,
    /// Another copy's spelling of a name in `names`.
    #[serde(default)]
    pub variant: Vec<Spanned<RawVariant>>,
    /// A name the main copy does not print but another copy of the same list does.
    #[serde(default)]
    pub only_in_other_copy: Vec<Spanned<RawOtherCopy>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `name`, `variant_of` and `as_in` (the address of the copy)"
)]
pub(crate) struct RawVariant {
    pub name: Spanned<String>,
    pub variant_of: Spanned<String>,
    pub as_in: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with `name` and `as_in` (the address of the copy)"
)]
pub(crate) struct RawOtherCopy {
    pub name: Spanned<String>,
    pub as_in: Spanned<String>,
}

/// `[[licence_format]]`: one regulator's number format.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a licence format table with `country`, `regulator`, `description` and `sources` (and `pattern` with `examples`, where a source shows the format)"
)]
pub(crate) struct RawLicenceFormat {
    pub country: Spanned<String>,
    pub regulator: Spanned<String>,
    pub description: Spanned<String>,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    pub pattern: Option<Spanned<String>>,
    pub sources: Spanned<Vec<Spanned<RawSource>>>,
}

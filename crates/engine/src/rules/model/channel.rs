//! Official channels that can verify an offer or help, and what each is for.

use serde::Serialize;

use super::Source;
use crate::rules::Text;

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

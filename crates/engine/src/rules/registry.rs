//! A register of licensed agencies, as exported by the regulator and given
//! to the engine by a front end (the command line reads it from a CSV or
//! JSON file; see `--registry`). The engine only looks names and numbers
//! up in it.

use std::collections::HashMap;

use serde::Serialize;

use crate::rules::agency::normalise_name;

/// A licence's status on the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryStatus {
    /// Licensed: paid and valid.
    Valid,
    /// Applied for, not yet licensed.
    Pending,
    /// The licence has expired.
    Expired,
    /// Deregistered (licence withdrawn).
    Deregistered,
}

impl RegistryStatus {
    /// The words a register export may use for each status, in any case:
    /// the first of each is the canonical one.
    pub const WORDS: &'static [(RegistryStatus, &'static [&'static str])] = &[
        (
            RegistryStatus::Valid,
            &["valid", "paid", "paid/valid", "licensed", "active"],
        ),
        (RegistryStatus::Pending, &["pending"]),
        (RegistryStatus::Expired, &["expired"]),
        (
            RegistryStatus::Deregistered,
            &["deregistered", "de-registered", "revoked"],
        ),
    ];

    /// The status a word names, in any case and spacing.
    pub fn parse(word: &str) -> Option<RegistryStatus> {
        let word = word.trim().to_lowercase();
        let word: String = word.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::WORDS
            .iter()
            .find(|(_, words)| words.contains(&word.as_str()))
            .map(|(status, _)| *status)
    }

    /// The canonical word.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistryStatus::Valid => "valid",
            RegistryStatus::Pending => "pending",
            RegistryStatus::Expired => "expired",
            RegistryStatus::Deregistered => "deregistered",
        }
    }
}

/// One agency on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    /// The agency's name, as the register writes it.
    pub name: String,
    /// Its registration or licence number, if the export has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Its status, as the export gives it.
    pub status: RegistryStatus,
    /// The licence's expiry date, `YYYY-MM-DD`, if the export has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The line of the export it was read from.
    pub line: u64,
}

impl RegistryEntry {
    /// The status on the export's date: a valid licence whose expiry date
    /// is before the export's date had expired then.
    pub fn status_on(&self, exported: &str) -> RegistryStatus {
        match (&self.status, &self.expires) {
            (RegistryStatus::Valid, Some(expires)) if expires.as_str() < exported => {
                RegistryStatus::Expired
            }
            (status, _) => *status,
        }
    }
}

/// A register export: where it comes from, its date, and its agencies,
/// indexed by normalised name and by number.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// What the register is, as the person or the file names it (or the file's name).
    pub name: String,
    /// The date of the export, `YYYY-MM-DD`.
    pub exported: String,
    entries: Vec<RegistryEntry>,
    by_name: HashMap<String, Vec<usize>>,
    by_squashed: HashMap<String, Vec<usize>>,
    by_word: HashMap<String, Vec<usize>>,
    by_number: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// An empty register export of `exported` (`YYYY-MM-DD`), named `name`.
    pub fn new(name: impl Into<String>, exported: impl Into<String>) -> Registry {
        Registry {
            name: name.into(),
            exported: exported.into(),
            ..Registry::default()
        }
    }

    /// Adds an agency.
    pub fn push(&mut self, entry: RegistryEntry) {
        let index = self.entries.len();
        let key = normalise_name(&entry.name);
        self.by_squashed
            .entry(key.replace(' ', ""))
            .or_default()
            .push(index);
        for word in key.split(' ') {
            let list = self.by_word.entry(word.to_string()).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
        self.by_name.entry(key).or_default().push(index);
        if let Some(number) = &entry.number {
            self.by_number
                .entry(normalise_number(number))
                .or_default()
                .push(index);
        }
        self.entries.push(entry);
    }

    /// Every agency, in the export's order.
    pub fn entries(&self) -> &[RegistryEntry] {
        &self.entries
    }

    /// The agencies whose name is `key` ([`normalise_name`]).
    pub fn by_name(&self, key: &str) -> impl Iterator<Item = &RegistryEntry> {
        self.indexed(self.by_name.get(key))
    }

    /// The agencies whose number is `number`, ignoring case and spaces.
    pub fn by_number(&self, number: &str) -> impl Iterator<Item = &RegistryEntry> {
        self.indexed(self.by_number.get(&normalise_number(number)))
    }

    /// The agencies that could be `key` misspelt: the same letters without
    /// spaces, or sharing one of `words` (the name's distinctive words).
    pub fn candidates<'a>(
        &'a self,
        key: &str,
        words: &[&str],
    ) -> impl Iterator<Item = &'a RegistryEntry> {
        let mut found: Vec<usize> = self
            .by_squashed
            .get(&key.replace(' ', ""))
            .into_iter()
            .flatten()
            .copied()
            .chain(
                words
                    .iter()
                    .filter_map(|word| self.by_word.get(*word))
                    .flatten()
                    .copied(),
            )
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|index| &self.entries[index])
    }

    fn indexed<'a>(
        &'a self,
        list: Option<&'a Vec<usize>>,
    ) -> impl Iterator<Item = &'a RegistryEntry> {
        list.into_iter()
            .flatten()
            .map(|index| &self.entries[*index])
    }
}

/// A licence number as compared: upper case, without spaces.
fn normalise_number(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        name: &str,
        number: &str,
        status: RegistryStatus,
        expires: Option<&str>,
    ) -> RegistryEntry {
        RegistryEntry {
            name: name.into(),
            number: Some(number.into()),
            status,
            expires: expires.map(str::to_string),
            line: 2,
        }
    }

    /// Names are found however they are written, numbers ignoring case and
    /// spaces, and a valid licence past its expiry date counts as expired.
    #[test]
    fn lookups() {
        let mut registry = Registry::new("test", "2025-06-01");
        registry.push(entry(
            "Tangofox Ltd",
            "rpa/12 34",
            RegistryStatus::Valid,
            Some("2025-01-31"),
        ));
        registry.push(entry(
            "Skill Dove Limited",
            "RPA/99",
            RegistryStatus::Valid,
            Some("2026-01-31"),
        ));
        let found: Vec<_> = registry
            .by_name(&normalise_name("TANGOFOX LIMITED"))
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].status_on(&registry.exported),
            RegistryStatus::Expired
        );
        assert_eq!(registry.by_number("RPA/1234").count(), 1);
        let dove = registry.by_name("skill dove").next().expect("found");
        assert_eq!(dove.status_on("2025-06-01"), RegistryStatus::Valid);
        assert_eq!(registry.candidates("skilldove", &[]).count(), 1);
        assert_eq!(registry.candidates("skill doves", &["skill"]).count(), 1);
        assert_eq!(
            RegistryStatus::parse(" Paid/Valid "),
            Some(RegistryStatus::Valid)
        );
        assert_eq!(RegistryStatus::parse("gone"), None);
    }
}

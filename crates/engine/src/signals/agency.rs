//! The agency checks: the agency's name against the official notices that
//! name agencies and against a register export, and its licence number
//! against the format of its regulator's numbers. Which answers they read
//! is data (`[agency_check]` in the rule files); what they find becomes
//! named signals for the rules, and one section of the report.
//!
//! None of these checks can clear an agency: a name on no list, a number of
//! the right form, even a licence on the register, is needed but proves
//! nothing about the job. The wording says so every time.

use serde::Serialize;

use crate::answers::{Answer, Answers, Signal, Value};
use crate::rules::agency::{AgencyData, Notice, NoticeName, normalise_name};
use crate::rules::registry::{Registry, RegistryEntry, RegistryStatus};
use crate::rules::{RuleSet, Source, Text};

/// The signals of the agency checks, with what each means (the rule set's
/// contract: [`crate::rules::contract::AGENCY_SIGNALS`]).
pub use crate::rules::contract::AGENCY_SIGNALS as SIGNALS;

/// How a name matched a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameMatch {
    /// The same name once case, punctuation, spacing, `&`/`and` and
    /// `Ltd`/`Limited` are set aside.
    Exact,
    /// A close name: a sign to check the exact name, never a verdict.
    Similar,
}

/// A notice that names the agency, or a name close to it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeMatch {
    /// Exact or similar.
    pub matched: NameMatch,
    /// The notice's id.
    pub notice: Text,
    /// The notice's date.
    pub date: Text,
    /// Who gave the list.
    pub issuer: Text,
    /// `deregistered` or `unlicensed`.
    pub status: &'static str,
    /// The name as the copy prints it.
    pub published_as: Text,
    /// When the name is printed so in another copy than the main source: that copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_copy: Option<Text>,
    /// The copy the notice's names come from.
    pub source: Source,
}

/// What the licence-number check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatResult {
    /// The number has the form (which proves nothing).
    Fits,
    /// The number does not have the form (a sign).
    DoesNotFit,
    /// No public source shows the form of this regulator's numbers: nothing checked.
    NoPublicFormat,
    /// offercheck has no record for the country: nothing checked.
    NoRecord,
}

/// The licence-number check.
#[derive(Debug, Clone, Serialize)]
pub struct FormatCheck {
    /// The regulator's country.
    pub country: Text,
    /// The regulator, where a record exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulator: Option<Text>,
    /// What was found.
    pub result: FormatResult,
    /// A number of the right form, as a source prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Text>,
    /// The sources of the format (or those read that show none).
    pub sources: Vec<Source>,
}

/// What the register export says of the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterResult {
    /// Licensed on the export's date: necessary, not sufficient.
    Current,
    /// Listed with an expired licence.
    Expired,
    /// Listed as deregistered.
    Deregistered,
    /// Listed with a pending registration.
    Pending,
    /// The name is not on it.
    NotFound,
}

/// The register-export check.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterCheck {
    /// What the register is.
    pub register: String,
    /// The export's date.
    pub exported: String,
    /// Every result found (an export may list a name more than once).
    pub results: Vec<RegisterResult>,
    /// The entries with the agency's name.
    pub entries: Vec<RegistryEntry>,
    /// Entries with a close name, when the name is not on it.
    pub similar: Vec<RegistryEntry>,
    /// Entries with the agency's licence number under another name.
    pub number_other_name: Vec<RegistryEntry>,
}

/// The agency checks in a report: what was checked, what each check found,
/// and the same in plain words (`lines`, in the report's language).
#[derive(Debug, Clone, Serialize)]
pub struct AgencySection {
    /// The agency's name, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The licence number, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence_number: Option<String>,
    /// The notices that name the agency, or a close name.
    pub notices: Vec<NoticeMatch>,
    /// The licence-number check, when a number was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence_format: Option<FormatCheck>,
    /// The register-export check, when an export was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register: Option<RegisterCheck>,
    /// What was found, in plain words.
    pub lines: Vec<String>,
}

/// Everything the checks found: the section, and each signal with its quotes.
struct Found {
    section: AgencySection,
    signals: Vec<(&'static str, Option<Vec<String>>)>,
}

/// The agency checks' signals for these answers: each signal whose input
/// was given, fired (with its quotes) or not.
pub(crate) fn signals(rules: &RuleSet, answers: &Answers) -> Vec<(Text, Signal)> {
    let Some(found) = check(rules, answers) else {
        return Vec::new();
    };
    found
        .signals
        .into_iter()
        .map(|(id, quotes)| {
            (
                Text::from(id),
                Signal {
                    fired: quotes.is_some(),
                    quotes: quotes.unwrap_or_default(),
                },
            )
        })
        .collect()
}

/// The report's section on the agency, when a name or number was given.
pub fn section(rules: &RuleSet, answers: &Answers) -> Option<AgencySection> {
    check(rules, answers).map(|found| found.section)
}

fn check(rules: &RuleSet, answers: &Answers) -> Option<Found> {
    let data = &rules.agency;
    let inputs = data.inputs.as_ref()?;
    let text = |id: &str| match answers.get(id) {
        Some(Answer::Known(Value::Text(text))) if !text.trim().is_empty() => {
            Some(text.trim().to_string())
        }
        _ => None,
    };
    let name = text(&inputs.name);
    let number = text(&inputs.licence_number);
    if name.is_none() && number.is_none() {
        return None;
    }
    let country = match answers.get(&inputs.country) {
        Some(Answer::Known(Value::Country(code))) => Some(code.as_str()),
        _ => None,
    };
    let mut found = Found {
        section: AgencySection {
            name: name.clone(),
            licence_number: number.clone(),
            notices: Vec::new(),
            licence_format: None,
            register: None,
            lines: Vec::new(),
        },
        signals: Vec::new(),
    };
    if let Some(name) = &name {
        notices(rules, data, name, country, &mut found);
    }
    if let (Some(number), Some(country)) = (&number, country) {
        licence(rules, data, number, country, &mut found);
    }
    if let Some(registry) = &rules.registry {
        register(
            rules,
            registry,
            name.as_deref(),
            number.as_deref(),
            &mut found,
        );
    }
    Some(found)
}

/// The words for a notice: "a list of deregistered or blacklisted agencies
/// that the Ministry … gave a Senate committee on 2025-05-06, as reported by …".
fn notice_words(rules: &RuleSet, notice: &Notice) -> String {
    let status = rules.ui(match notice.status {
        crate::rules::agency::NoticeStatus::Deregistered => "notice_status_deregistered",
        crate::rules::agency::NoticeStatus::Unlicensed => "notice_status_unlicensed",
    });
    let key = format!("notice_{}", notice.occasion.as_str());
    rules.ui_fill(
        &key,
        &[
            ("status", status),
            ("issuer", &notice.issuer),
            ("date", &notice.date),
            ("reported_by", &notice.reported_by),
        ],
    )
}

fn notices(
    rules: &RuleSet,
    data: &AgencyData,
    name: &str,
    country: Option<&str>,
    found: &mut Found,
) {
    let key = normalise_name(name);
    let common: Vec<&str> = data.common_words.iter().map(Text::as_str).collect();
    let mut exact: Vec<(&Notice, &NoticeName)> = Vec::new();
    let mut close: Vec<(&Notice, &NoticeName)> = Vec::new();
    for notice in &data.notices {
        // One match per notice: its exact name first, else its closest.
        if let Some(hit) = notice.names.iter().find(|n| n.key == key) {
            exact.push((notice, hit));
        } else if let Some(hit) = notice.names.iter().find(|n| similar(&key, &n.key, &common)) {
            close.push((notice, hit));
        }
    }
    let to_match = |matched, (notice, hit): (&Notice, &NoticeName)| NoticeMatch {
        matched,
        notice: notice.id.clone(),
        date: notice.date.clone(),
        issuer: notice.issuer.clone(),
        status: notice.status.as_str(),
        published_as: hit.name.clone(),
        in_copy: hit.other_copy.as_ref().map(|(_, url)| url.clone()),
        source: notice.source.clone(),
    };
    let quote = |(notice, hit): (&Notice, &NoticeName), key: &str| {
        let copy = match &hit.other_copy {
            Some((_, url)) => rules.ui_fill("notice_in_other_copy", &[("url", url)]),
            None => String::new(),
        };
        rules.ui_fill(
            key,
            &[
                ("name", name),
                ("notice", &notice_words(rules, notice)),
                ("published", &hit.name),
                ("copy", &copy),
                ("source", &notice.source.title),
                ("url", &notice.source.url),
            ],
        )
    };
    let has_notices = !data.notices.is_empty();
    if !exact.is_empty() {
        let lines: Vec<String> = exact.iter().map(|m| quote(*m, "agency_named")).collect();
        found.section.lines.extend(lines.iter().cloned());
        found
            .section
            .lines
            .push(rules.ui("agency_named_advice").to_string());
        found.signals.push(("agency_named_in_notice", Some(lines)));
        found.signals.push(("agency_similar_to_notice", None));
        found
            .section
            .notices
            .extend(exact.into_iter().map(|m| to_match(NameMatch::Exact, m)));
    } else if has_notices {
        found.signals.push(("agency_named_in_notice", None));
        if close.is_empty() {
            found.signals.push(("agency_similar_to_notice", None));
            let own: Vec<&str> = data
                .notices
                .iter()
                .filter(|n| Some(n.country.as_str()) == country)
                .map(|n| n.date.as_str())
                .collect();
            if !own.is_empty() {
                found.section.lines.push(rules.ui_fill(
                    "agency_not_in_notices",
                    &[
                        ("name", name),
                        ("count", &own.len().to_string()),
                        ("dates", &own.join(", ")),
                    ],
                ));
            }
        } else {
            let lines: Vec<String> = close.iter().map(|m| quote(*m, "agency_similar")).collect();
            found.section.lines.extend(lines.iter().cloned());
            found
                .signals
                .push(("agency_similar_to_notice", Some(lines)));
            found
                .section
                .notices
                .extend(close.into_iter().map(|m| to_match(NameMatch::Similar, m)));
        }
    }
}

/// Whether two different normalised names are close: the same letters with
/// other spacing, a few letters apart, or the same distinctive words (those
/// not in `common`) give or take a letter, covering at least half of the
/// longer name's.
pub fn similar(a: &str, b: &str, common: &[&str]) -> bool {
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    if a.replace(' ', "") == b.replace(' ', "") {
        return true;
    }
    let longest = a.chars().count().max(b.chars().count());
    let allowed = match longest {
        0..=5 => 0,
        6..=10 => 1,
        11..=20 => 2,
        _ => 3,
    };
    if allowed > 0 && strsim::levenshtein(a, b) <= allowed {
        return true;
    }
    let words = |s: &'_ str| -> Vec<String> {
        distinctive(s, common)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let (small, large) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    if small.is_empty() || small.len() * 2 < large.len() {
        return false;
    }
    small.iter().all(|word| {
        large.iter().any(|other| {
            word == other || (word.chars().count() >= 5 && strsim::levenshtein(word, other) <= 1)
        })
    })
}

/// The words of a normalised name that are not common, of three letters or more.
fn distinctive<'a>(key: &'a str, common: &[&str]) -> Vec<&'a str> {
    key.split(' ')
        .filter(|w| w.chars().count() >= 3 && !common.contains(w))
        .collect()
}

fn licence(rules: &RuleSet, data: &AgencyData, number: &str, country: &str, found: &mut Found) {
    let country_name = rules
        .countries
        .with_code(country)
        .map_or(country, |c| c.name.as_str());
    let Some(format) = data.format_for(country) else {
        found.section.licence_format = Some(FormatCheck {
            country: Text::from(country.to_string()),
            regulator: None,
            result: FormatResult::NoRecord,
            example: None,
            sources: Vec::new(),
        });
        found.section.lines.push(rules.ui_fill(
            "licence_no_record",
            &[("number", number), ("country", country_name)],
        ));
        return;
    };
    let example = format.examples.first().cloned();
    let (result, key) = match format.matches(number) {
        None => (FormatResult::NoPublicFormat, "licence_no_public_format"),
        Some(true) => (FormatResult::Fits, "licence_fits"),
        Some(false) => (FormatResult::DoesNotFit, "licence_does_not_fit"),
    };
    let line = rules.ui_fill(
        key,
        &[
            ("number", number),
            ("regulator", &format.regulator),
            ("example", example.as_deref().unwrap_or("")),
        ],
    );
    found.section.lines.push(line.clone());
    match result {
        FormatResult::Fits => found.signals.push(("licence_number_malformed", None)),
        FormatResult::DoesNotFit => found
            .signals
            .push(("licence_number_malformed", Some(vec![line]))),
        _ => {}
    }
    found.section.licence_format = Some(FormatCheck {
        country: Text::from(country.to_string()),
        regulator: Some(format.regulator.clone()),
        result,
        example,
        sources: format.sources.clone(),
    });
}

/// The register-export check. Each input counts on its own, so that giving
/// one more never takes a finding away (SPEC principle 8): the statuses are
/// those of every entry with the agency's name or its number, "not found"
/// is said of a name or a number that is not on it, and a number listed
/// under another agency's name is a finding of its own.
fn register(
    rules: &RuleSet,
    registry: &Registry,
    name: Option<&str>,
    number: Option<&str>,
    found: &mut Found,
) {
    let exported = registry.exported.as_str();
    let key = name.map(normalise_name);
    let by_name: Vec<RegistryEntry> = key
        .as_deref()
        .map(|key| registry.by_name(key).cloned().collect())
        .unwrap_or_default();
    let by_number: Vec<RegistryEntry> = number
        .map(|n| registry.by_number(n).cloned().collect())
        .unwrap_or_default();
    let number_other_name: Vec<RegistryEntry> = match &key {
        Some(key) => by_number
            .iter()
            .filter(|entry| normalise_name(&entry.name) != *key)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let mut entries = by_name.clone();
    for entry in &by_number {
        if !entries.iter().any(|known| known.line == entry.line) {
            entries.push(entry.clone());
        }
    }
    let mut similar_entries = Vec::new();
    if by_name.is_empty()
        && let Some(key) = &key
    {
        let common: Vec<&str> = rules.agency.common_words.iter().map(Text::as_str).collect();
        let words = distinctive(key, &common);
        similar_entries = registry
            .candidates(key, &words)
            .filter(|entry| similar(key, &normalise_name(&entry.name), &common))
            .take(5)
            .cloned()
            .collect();
    }
    let mut results: Vec<RegisterResult> = Vec::new();
    let mut not_found_lines = Vec::new();
    if let (Some(name), true) = (name, by_name.is_empty()) {
        let mut line = rules.ui_fill(
            "register_not_found",
            &[
                ("name", name),
                ("date", exported),
                ("register", &registry.name),
            ],
        );
        if !similar_entries.is_empty() {
            let names: Vec<String> = similar_entries
                .iter()
                .map(|e| format!("“{}” ({})", e.name, e.status_on(exported).as_str()))
                .collect();
            line.push(' ');
            line.push_str(&rules.ui_fill("register_similar", &[("names", &names.join(", "))]));
        }
        not_found_lines.push(line);
    }
    if let (Some(number), true) = (number, by_number.is_empty()) {
        not_found_lines.push(rules.ui_fill(
            "register_number_not_found",
            &[
                ("number", number),
                ("date", exported),
                ("register", &registry.name),
            ],
        ));
    }
    let mut quotes: [Vec<String>; 4] = Default::default();
    for entry in &entries {
        let (slot, result, key) = match entry.status_on(exported) {
            RegistryStatus::Valid => (0, RegisterResult::Current, "register_current"),
            RegistryStatus::Expired => (1, RegisterResult::Expired, "register_expired"),
            RegistryStatus::Deregistered => {
                (2, RegisterResult::Deregistered, "register_deregistered")
            }
            RegistryStatus::Pending => (3, RegisterResult::Pending, "register_pending"),
        };
        if !results.contains(&result) {
            results.push(result);
        }
        quotes[slot].push(rules.ui_fill(
            key,
            &[
                ("entry", &entry.name),
                ("number", entry.number.as_deref().unwrap_or("-")),
                ("expires", entry.expires.as_deref().unwrap_or("-")),
                ("date", exported),
                ("register", &registry.name),
            ],
        ));
    }
    if !not_found_lines.is_empty() {
        results.push(RegisterResult::NotFound);
    }
    let other_name: Vec<String> = number_other_name
        .iter()
        .map(|entry| {
            rules.ui_fill(
                "register_number_other_name",
                &[
                    ("number", number.unwrap_or_default()),
                    ("entry", &entry.name),
                    ("name", name.unwrap_or_default()),
                    ("date", exported),
                ],
            )
        })
        .collect();
    found.section.lines.extend(not_found_lines.iter().cloned());
    found.section.lines.extend(quotes.iter().flatten().cloned());
    found.section.lines.extend(other_name.iter().cloned());
    let fired = |quotes: Vec<String>| (!quotes.is_empty()).then_some(quotes);
    let [current, expired, deregistered, pending] = quotes;
    found.signals.extend([
        ("register_agency_current", fired(current)),
        ("register_agency_expired", fired(expired)),
        ("register_agency_deregistered", fired(deregistered)),
        ("register_agency_pending", fired(pending)),
        ("register_agency_not_found", fired(not_found_lines)),
    ]);
    if number.is_some() && key.is_some() {
        found
            .signals
            .push(("register_number_other_name", fired(other_name)));
    }
    found.section.register = Some(RegisterCheck {
        register: registry.name.clone(),
        exported: registry.exported.clone(),
        results,
        entries,
        similar: similar_entries,
        number_other_name,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RawAnswer;

    fn section_for(rules: &RuleSet, name: &str) -> AgencySection {
        let toml = format!("found_via = \"licensed_agency\"\nagency_name = {name:?}\n");
        let raw = RawAnswer::from_toml("t.toml", &toml).expect("TOML");
        let answers = Answers::from_raw(rules, raw).expect("answers");
        section(rules, &answers).expect("a section")
    }

    /// Giving the licence number as well as the name (or the name as well
    /// as the number) never takes a register finding away.
    #[test]
    fn register_findings_only_add_up() {
        use crate::rules::registry::{Registry, RegistryEntry, RegistryStatus};
        let mut registry = Registry::new("test", "2025-06-01");
        for (line, (name, number, status)) in [
            ("Tangofox Ltd", "R1", RegistryStatus::Deregistered),
            ("Bluewater Placements Ltd", "R2", RegistryStatus::Valid),
            ("Harbour Recruiters Ltd", "R3", RegistryStatus::Pending),
        ]
        .into_iter()
        .enumerate()
        {
            registry.push(RegistryEntry {
                name: name.into(),
                number: Some(number.into()),
                status,
                expires: None,
                line: line as u64 + 2,
            });
        }
        let rules = crate::testing::default_rules().with_registry(registry);
        let fired = |name: Option<&str>, number: Option<&str>| -> Vec<String> {
            let mut toml = String::from("found_via = \"licensed_agency\"\n");
            if let Some(name) = name {
                toml.push_str(&format!("agency_name = {name:?}\n"));
            }
            if let Some(number) = number {
                toml.push_str(&format!("agency_licence_number = {number:?}\n"));
            }
            let raw = RawAnswer::from_toml("t.toml", &toml).expect("TOML");
            let answers = Answers::from_raw(&rules, raw).expect("answers");
            signals(&rules, &answers)
                .into_iter()
                .filter(|(id, signal)| signal.fired && id.starts_with("register_"))
                .map(|(id, _)| id.to_string())
                .collect()
        };
        let names = ["Tangofox Ltd", "Bluewater Placements", "Nobody Ltd"];
        let numbers = ["R1", "R2", "R3", "R9"];
        for name in names {
            for number in numbers {
                let both = fired(Some(name), Some(number));
                for one in [fired(Some(name), None), fired(None, Some(number))] {
                    for id in &one {
                        assert!(both.contains(id), "{name} + {number}: {id} lost ({both:?})");
                    }
                }
            }
        }
        assert!(
            fired(Some("Bluewater Placements"), Some("R1"))
                .contains(&"register_number_other_name".to_string())
        );
        assert!(fired(None, Some("R9")).contains(&"register_agency_not_found".to_string()));
    }

    /// Every name as a notice prints it, in every copy, is found exactly in
    /// that notice, and no two different published names count as the same.
    #[test]
    fn every_published_name_matches_its_notice() {
        let rules = crate::testing::default_rules();
        assert_eq!(rules.agency.notices.len(), 4);
        for notice in &rules.agency.notices {
            for name in &notice.names {
                let found = section_for(&rules, &name.name);
                assert!(
                    found
                        .notices
                        .iter()
                        .any(|m| m.notice == notice.id && m.matched == NameMatch::Exact),
                    "{} in {}",
                    name.name,
                    notice.id
                );
            }
        }
        let published: Vec<(&str, &str)> = rules.agency.notices[3]
            .names
            .iter()
            .filter(|n| n.other_copy.is_none())
            .map(|n| (n.name.as_str(), n.key.as_str()))
            .collect();
        for (i, (a, key)) in published.iter().enumerate() {
            for (b, other) in &published[i + 1..] {
                assert_ne!(key, other, "{a} and {b}");
            }
        }
    }

    const COMMON: &[&str] = &[
        "agency",
        "recruitment",
        "international",
        "global",
        "ventures",
        "travel",
    ];

    /// Close names are similar; different firms that share only common
    /// words, or one word of a long name, are not.
    #[test]
    fn similar_names() {
        let n = normalise_name;
        for (a, b) in [
            ("Talent Getaway", "Talent Gateway"),
            ("Tango Fox", "Tangofox"),
            ("Makungu Travel", "Makungu International"),
            ("Skyward Global", "Skyward Global Dimensions"),
            ("Jakartya Ventures", "Jakarta Ventures"),
        ] {
            assert!(similar(&n(a), &n(b), COMMON), "{a} ~ {b}");
        }
        for (a, b) in [
            ("Global Recruitment Agency", "Global Career Crew Listings"),
            ("International Travel", "Makungu International"),
            ("Blue Sky Ventures", "Jakarta Ventures"),
            ("Tangofox", "Tangofox"),
        ] {
            assert!(!similar(&n(a), &n(b), COMMON), "{a} !~ {b}");
        }
    }
}

//! Countries, and finding one by code, name or alias.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::IdHash;
use crate::rules::Text;

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
    /// name: most runs look up codes only and never need it. Hashed:
    /// `batch` looks a name up on many lines, and a tree of some thousand
    /// keys compares a dozen strings each time.
    #[serde(skip)]
    by_key: OnceLock<HashMap<String, usize, IdHash>>,
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

    fn by_key(&self) -> &HashMap<String, usize, IdHash> {
        self.by_key.get_or_init(|| {
            let mut by_key = HashMap::default();
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
        // In sorted order, so that a tie goes the same way on every run.
        let mut keys: Vec<&str> = by_key.keys().map(String::as_str).collect();
        keys.sort_unstable();
        crate::diagnostic::nearest(&wanted, keys).map(|key| {
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
        let value = crate::answer_set::Value::Country("RU".into());
        assert_eq!(value.describe(question, &rules), "Urusi");
    }
}

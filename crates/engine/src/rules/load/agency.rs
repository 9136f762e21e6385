//! Validation of the agency tables: `[agency_check]`, `[[notice]]` and
//! `[[licence_format]]`.

use std::collections::{BTreeMap, BTreeSet};

use super::{RawFile, RuleFile, Validator, is_date};
use crate::diagnostic::did_you_mean;
use crate::rules::agency::{
    AgencyData, AgencyInputs, LicenceFormat, Notice, NoticeName, compile, normalise_name,
};
use crate::rules::model::{Countries, Question, QuestionKind};
use crate::strings::Text;

/// Longest licence-number pattern accepted (bytes).
const MAX_FORMAT_PATTERN_BYTES: usize = 500;

impl Validator {
    /// The agency tables of every file, checked: the questions named exist
    /// and have the right kind, every notice and format has its sources, and
    /// every example fits its format's pattern.
    pub(super) fn agency(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        questions: &[Question],
        countries: &Countries,
    ) -> AgencyData {
        let mut data = AgencyData::default();
        let tables: Vec<_> = parsed
            .iter()
            .filter_map(|(file, raw)| raw.agency_check.as_ref().map(|t| (*file, t)))
            .collect();
        if let Some((file, table)) = tables.first() {
            for (other, again) in &tables[1..] {
                self.report(other, again, "a second `[agency_check]` table".into())
                    .help(format!("the first is in {}", file.path));
            }
            let t = table.get_ref();
            let question = |this: &mut Self,
                            id: &toml::Spanned<String>,
                            kinds: &[QuestionKind],
                            what: &str| {
                match questions.iter().find(|q| q.id == *id.get_ref()) {
                    Some(q) if kinds.contains(&q.kind) => Some(q.id.clone()),
                    Some(q) => {
                        this.report(
                            file,
                            id,
                            format!(
                                "`{}` is a {} question; {what} must be a {} question",
                                id.get_ref(),
                                q.kind.as_str(),
                                kinds[0].as_str()
                            ),
                        );
                        None
                    }
                    None => {
                        let hint =
                            did_you_mean(id.get_ref(), questions.iter().map(|q| q.id.as_str()));
                        this.report(file, id, format!("unknown question `{}`", id.get_ref()))
                            .help(hint.unwrap_or_else(|| "name a `[[question]]` id".into()));
                        None
                    }
                }
            };
            let name = question(self, &t.name, &[QuestionKind::Text], "`name`");
            let number = question(
                self,
                &t.licence_number,
                &[QuestionKind::Text],
                "`licence_number`",
            );
            let country = question(self, &t.country, &[QuestionKind::Country], "`country`");
            if let (Some(name), Some(licence_number), Some(country)) = (name, number, country) {
                data.inputs = Some(AgencyInputs {
                    name,
                    licence_number,
                    country,
                });
            }
            for word in &t.common_words {
                let key = normalise_name(word.get_ref());
                if key.is_empty() || key.contains(' ') {
                    self.report(file, word, format!("`{}` is not one word", word.get_ref()))
                        .help("list single words, such as `agency`");
                } else if !data.common_words.iter().any(|known| **known == key) {
                    data.common_words.push(key.into());
                }
            }
        }
        data.notices = self.notices(parsed, countries);
        data.formats = self.formats(parsed, countries);
        if data.inputs.is_none() && (!data.notices.is_empty() || !data.formats.is_empty()) {
            let (file, _) = parsed[0];
            let path = file.path.clone();
            self.problems.push(
                crate::diagnostic::Diagnostic::in_file(
                    &path,
                    "",
                    None,
                    "`[[notice]]` or `[[licence_format]]` without an `[agency_check]` table".into(),
                )
                .with_help("add `[agency_check]` with the `name`, `licence_number` and `country` questions the checks read"),
            );
        }
        data
    }

    fn notices<'f>(
        &mut self,
        parsed: &'f [(&'f RuleFile, RawFile)],
        countries: &Countries,
    ) -> Vec<Notice> {
        let mut notices = Vec::new();
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for notice in &raw.notice {
                let n = notice.get_ref();
                let id = n.id.get_ref();
                if id.is_empty()
                    || !id.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
                {
                    self.report(
                        file,
                        &n.id,
                        format!("notice id `{id}` is not lowercase letters, digits, `-` and `_`"),
                    );
                }
                if self.duplicate(&mut first, file, &n.id, "notice id") {
                    continue;
                }
                if !is_date(n.date.get_ref()) {
                    self.report(
                        file,
                        &n.date,
                        format!("`{}` is not a date written YYYY-MM-DD", n.date.get_ref()),
                    )
                    .help("write the day the list was given or published, such as `2025-05-06`");
                }
                let country = self.country_code(file, &n.country, countries);
                for (what, text) in [("issuer", &n.issuer), ("reported_by", &n.reported_by)] {
                    if text.get_ref().trim().is_empty() {
                        self.report(file, text, format!("notice `{id}` has an empty `{what}`"));
                    }
                }
                let source = self.source(file, &n.source);
                let other_sources: Vec<_> = n
                    .other_sources
                    .iter()
                    .filter_map(|s| self.source(file, s))
                    .collect();
                let mut names: Vec<NoticeName> = Vec::new();
                let mut keys: BTreeMap<String, &toml::Spanned<String>> = BTreeMap::new();
                if n.names.get_ref().is_empty() {
                    self.report(file, &n.names, format!("notice `{id}` names no agency"));
                }
                for name in n.names.get_ref() {
                    let key = normalise_name(name.get_ref());
                    if key.is_empty() {
                        self.report(file, name, "a name with no letters or digits".into());
                        continue;
                    }
                    if let Some(earlier) = keys.get(&key) {
                        let at = super::place(file, earlier);
                        self.report(file, name, format!("`{}` is the same name as the one at {at}", name.get_ref()))
                            .help("list a name once, even where the source prints it twice (say so in a comment)");
                        continue;
                    }
                    keys.insert(key.clone(), name);
                    names.push(NoticeName {
                        name: Text::from(name.get_ref().trim().to_string()),
                        key: Text::from(key),
                        other_copy: None,
                    });
                }
                for variant in &n.variant {
                    let v = variant.get_ref();
                    let Some(main) = n
                        .names
                        .get_ref()
                        .iter()
                        .find(|name| name.get_ref() == v.variant_of.get_ref())
                    else {
                        let hint = did_you_mean(
                            v.variant_of.get_ref(),
                            n.names.get_ref().iter().map(|s| s.get_ref().as_str()),
                        );
                        self.report(
                            file,
                            &v.variant_of,
                            format!(
                                "`{}` is not a name of notice `{id}`",
                                v.variant_of.get_ref()
                            ),
                        )
                        .help(hint.unwrap_or_else(|| "copy the name exactly as in `names`".into()));
                        continue;
                    };
                    if let Some(name) = self.other_copy(file, &v.name, &v.as_in) {
                        names.push(NoticeName {
                            other_copy: Some((
                                Text::from(main.get_ref().trim().to_string()),
                                Text::from(v.as_in.get_ref()),
                            )),
                            ..name
                        });
                    }
                }
                for other in &n.only_in_other_copy {
                    let o = other.get_ref();
                    if let Some(name) = self.other_copy(file, &o.name, &o.as_in) {
                        names.push(NoticeName {
                            other_copy: Some((
                                Text::from(o.name.get_ref().trim().to_string()),
                                Text::from(o.as_in.get_ref()),
                            )),
                            ..name
                        });
                    }
                }
                if let (Some(country), Some(source)) = (country, source) {
                    notices.push(Notice {
                        id: id.into(),
                        date: Text::from(n.date.get_ref()),
                        country,
                        issuer: Text::from(n.issuer.get_ref().trim().to_string()),
                        occasion: n.occasion,
                        status: n.status,
                        reported_by: Text::from(n.reported_by.get_ref().trim().to_string()),
                        source,
                        other_sources,
                        names,
                    });
                }
            }
        }
        notices
    }

    /// A name from another copy of a notice, with that copy's address checked.
    fn other_copy(
        &mut self,
        file: &RuleFile,
        name: &toml::Spanned<String>,
        as_in: &toml::Spanned<String>,
    ) -> Option<NoticeName> {
        let key = normalise_name(name.get_ref());
        if key.is_empty() {
            self.report(file, name, "a name with no letters or digits".into());
            return None;
        }
        self.https_url(file, as_in)?;
        Some(NoticeName {
            name: Text::from(name.get_ref().trim().to_string()),
            key: Text::from(key),
            other_copy: None,
        })
    }

    fn formats(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        countries: &Countries,
    ) -> Vec<LicenceFormat> {
        let mut formats: Vec<LicenceFormat> = Vec::new();
        let mut seen = BTreeSet::new();
        for (file, raw) in parsed {
            for format in &raw.licence_format {
                let f = format.get_ref();
                let Some(country) = self.country_code(file, &f.country, countries) else {
                    continue;
                };
                if !seen.insert(country.clone()) {
                    self.report(
                        file,
                        &f.country,
                        format!("a second licence format for `{country}`"),
                    )
                    .help("one `[[licence_format]]` per country");
                    continue;
                }
                if f.description.get_ref().trim().is_empty() {
                    self.report(
                        file,
                        &f.description,
                        "a licence format with an empty `description`".into(),
                    );
                }
                let sources: Vec<_> = f
                    .sources
                    .get_ref()
                    .iter()
                    .filter_map(|s| self.source(file, s))
                    .collect();
                if f.sources.get_ref().is_empty() {
                    self.report(
                        file,
                        &f.sources,
                        format!("the licence format of `{country}` has no source"),
                    )
                    .help("name the public sources read, even when none shows a format");
                }
                let pattern = match &f.pattern {
                    None => {
                        if !f.examples.is_empty() {
                            self.report(file, &f.examples[0], "examples without a `pattern`".into())
                                .help("give the pattern the examples share, or leave both out when no source shows the format");
                        }
                        None
                    }
                    Some(pattern) => self.pattern(file, pattern, &f.examples),
                };
                if f.pattern.is_some() && pattern.is_none() {
                    continue;
                }
                formats.push(LicenceFormat {
                    country,
                    regulator: Text::from(f.regulator.get_ref().trim().to_string()),
                    description: Text::from(f.description.get_ref().trim().to_string()),
                    examples: f
                        .examples
                        .iter()
                        .map(|e| Text::from(e.get_ref().trim().to_string()))
                        .collect(),
                    pattern,
                    sources,
                    compiled: Default::default(),
                });
            }
        }
        formats
    }

    /// A pattern that is anchored, compiles, and fits every example (which
    /// a pattern must have: a format is read off the numbers sources print).
    fn pattern(
        &mut self,
        file: &RuleFile,
        pattern: &toml::Spanned<String>,
        examples: &[toml::Spanned<String>],
    ) -> Option<Text> {
        let text = pattern.get_ref();
        if text.len() > MAX_FORMAT_PATTERN_BYTES {
            self.report(
                file,
                pattern,
                format!("a pattern longer than {MAX_FORMAT_PATTERN_BYTES} bytes"),
            );
            return None;
        }
        if !text.starts_with('^') || !text.ends_with('$') {
            self.report(file, pattern, "the pattern is not anchored".into())
                .help(
                    "start it with `^` and end it with `$`, so that it describes the whole number",
                );
            return None;
        }
        let regex = match compile(text) {
            Ok(regex) => regex,
            Err(err) => {
                self.report(
                    file,
                    pattern,
                    format!("the pattern is not a valid regular expression: {err}"),
                );
                return None;
            }
        };
        if examples.is_empty() {
            self.report(file, pattern, "a pattern without `examples`".into())
                .help(
                    "list the numbers, as the sources print them, that the pattern was read from",
                );
            return None;
        }
        let mut ok = true;
        for example in examples {
            if !regex.is_match(example.get_ref().trim()) {
                self.report(
                    file,
                    example,
                    format!(
                        "the example `{}` does not fit the pattern",
                        example.get_ref()
                    ),
                );
                ok = false;
            }
        }
        ok.then(|| Text::from(text.clone()))
    }
}

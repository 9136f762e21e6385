//! Loading a rule set: read the files, parse them strictly, merge them, and
//! validate the whole set, reporting every problem at once with its place.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use toml::Spanned;

use super::condition::{Comparison, Condition, Test};
use super::model::*;
use super::raw::*;
use crate::answers::{MAX_FILE_BYTES, RawAnswer, RawValue};
use crate::diagnostic::{Diagnostic, did_you_mean};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Question ids that would clash with the command line's own flags, or with
/// the record `id` of `batch` input lines.
pub const RESERVED_IDS: &[&str] = &[
    "answers",
    "fail_on",
    "force",
    "format",
    "help",
    "id",
    "lang",
    "no_input",
    "output",
    "rules",
    "save_answers",
    "version",
];

/// Deepest nesting of `all`/`any`/`not` accepted in a condition.
pub const MAX_CONDITION_DEPTH: usize = 32;

/// A rule set that could not be loaded, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.problems))]
pub struct RulesError {
    /// Each problem, with its file, line and column where known.
    pub problems: Vec<Diagnostic>,
}

fn render(problems: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, problem) in problems.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&problem.to_string());
    }
    let count = problems.len();
    out.push_str(&format!(
        "\n\n{count} problem{} in the rule files",
        if count == 1 { "" } else { "s" }
    ));
    out
}

/// One rule file's name and text.
#[derive(Debug, Clone)]
pub struct RuleFile {
    /// The path shown in messages.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

impl RuleSet {
    /// The default rule set embedded in the binary: from the validated
    /// snapshot when it is current (see [`super::snapshot`]), otherwise
    /// parsed and validated from the embedded rule files.
    pub fn embedded() -> Result<RuleSet, RulesError> {
        match super::snapshot::load() {
            Some(rules) => Ok(rules),
            None => RuleSet::embedded_toml(),
        }
    }

    /// The default rule set, always parsed and validated from the embedded
    /// rule files (as `rules check` and the tests need).
    pub fn embedded_toml() -> Result<RuleSet, RulesError> {
        let files = EMBEDDED_RULE_FILES
            .iter()
            .map(|(name, text)| RuleFile {
                path: format!("rules/{name}"),
                text: (*text).to_string(),
            })
            .collect();
        RuleSet::from_files(files)
    }

    /// Loads every `*.toml` file in a folder, in name order.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RulesError> {
        let shown = dir.display().to_string();
        let fail = |message: String, help: &str| RulesError {
            problems: vec![Diagnostic::in_file(&shown, "", None, message).with_help(help)],
        };
        let entries = fs::read_dir(dir).map_err(|err| {
            fail(
                format!("cannot read the rules folder: {err}"),
                "give --rules the path of a folder that holds the rule files (*.toml)",
            )
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(fail(
                "the rules folder has no .toml files".into(),
                "copy the default rules/ folder and edit it, or leave out --rules",
            ));
        }
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let shown = path.display().to_string();
            match read_limited(&path) {
                Ok(text) => files.push(RuleFile { path: shown, text }),
                Err(message) => problems.push(Diagnostic::in_file(&shown, "", None, message)),
            }
        }
        if !problems.is_empty() {
            return Err(RulesError { problems });
        }
        RuleSet::from_files(files)
    }

    /// Parses, merges and validates rule files.
    pub fn from_files(files: Vec<RuleFile>) -> Result<RuleSet, RulesError> {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for file in &files {
            match toml::from_str::<RawFile>(&file.text) {
                Ok(raw) => parsed.push((file, raw)),
                Err(err) => problems.push(Diagnostic::in_file(
                    &file.path,
                    &file.text,
                    err.span(),
                    err.message().trim().to_string(),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(RulesError { problems });
        }
        let mut validator = Validator { problems };
        let rules = validator.rule_set(&parsed);
        match rules {
            Some(rules) if validator.problems.is_empty() => Ok(rules),
            _ => Err(RulesError {
                problems: validator.problems,
            }),
        }
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A section's title by id.
    pub fn section_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.sections
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.title.as_str())
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`] as UTF-8, or says why not.
pub fn read_limited(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|err| format!("cannot read the file: {err}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
            bytes.len()
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "the file is not UTF-8 text (bad byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}

struct Validator {
    problems: Vec<Diagnostic>,
}

/// The questions visible to a condition, by id.
type Visible<'a> = BTreeMap<&'a str, &'a Question>;

impl Validator {
    fn report<T>(
        &mut self,
        file: &RuleFile,
        spanned: &Spanned<T>,
        message: String,
    ) -> ProblemRef<'_> {
        self.problems.push(Diagnostic::in_file(
            &file.path,
            &file.text,
            Some(spanned.span()),
            message,
        ));
        ProblemRef(self.problems.last_mut())
    }

    fn rule_set(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Option<RuleSet> {
        let meta = self.single(parsed, "ruleset", |raw| raw.ruleset.as_ref());
        let levels = self.single(parsed, "levels", |raw| raw.levels.as_ref());
        let coverage = self.single(parsed, "coverage", |raw| raw.coverage.as_ref());
        let countries = self.countries(parsed);
        let sections = self.sections(parsed);
        let questions = self.questions(parsed, &sections, &countries);
        let visible: Visible = questions.iter().map(|q| (q.id.as_str(), q)).collect();
        let rules = self.rules(parsed, &visible, &countries);
        let channels = self.channels(parsed, &countries);

        let levels = levels.and_then(|(file, levels)| {
            let l = levels.get_ref();
            if 0 < l.medium && l.medium < l.high && l.high < l.critical {
                Some(Thresholds {
                    medium: l.medium,
                    high: l.high,
                    critical: l.critical,
                })
            } else {
                self.report(
                    file,
                    levels,
                    format!(
                        "level thresholds must increase: 0 < medium ({}) < high ({}) < critical ({})",
                        l.medium, l.high, l.critical
                    ),
                );
                None
            }
        });
        let min_coverage = coverage.and_then(|(file, coverage)| {
            let minimum = &coverage.get_ref().minimum;
            if (0.0..=1.0).contains(minimum.get_ref()) {
                Some(*minimum.get_ref())
            } else {
                self.report(
                    file,
                    minimum,
                    "coverage minimum must be a fraction from 0 to 1".into(),
                );
                None
            }
        });
        Some(RuleSet {
            meta: meta.map(|(_, m)| RuleSetMeta {
                name: m.get_ref().name.clone(),
                version: m.get_ref().version.clone(),
            })?,
            levels: levels?,
            min_coverage: min_coverage?,
            sections,
            questions,
            rules,
            channels,
            countries,
        })
    }

    /// A table that must appear in exactly one file.
    fn single<'a, T>(
        &mut self,
        parsed: &'a [(&'a RuleFile, RawFile)],
        name: &str,
        get: impl Fn(&'a RawFile) -> Option<&'a Spanned<T>>,
    ) -> Option<(&'a RuleFile, &'a Spanned<T>)> {
        let found: Vec<_> = parsed
            .iter()
            .filter_map(|(file, raw)| get(raw).map(|t| (*file, t)))
            .collect();
        match found.as_slice() {
            [] => {
                let path = parsed
                    .first()
                    .map_or("rules", |(file, _)| file.path.as_str());
                self.problems.push(
                    Diagnostic::in_file(
                        path,
                        "",
                        None,
                        format!("no `[{name}]` table in any rule file"),
                    )
                    .with_help(format!(
                        "add a `[{name}]` table, as in the default ruleset.toml"
                    )),
                );
                None
            }
            [one] => Some(*one),
            [first, rest @ ..] => {
                for (file, table) in rest {
                    self.report(file, table, format!("a second `[{name}]` table"))
                        .help(format!("the first is in {}", first.0.path));
                }
                Some(*first)
            }
        }
    }

    fn countries(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Countries {
        let mut seen = BTreeSet::new();
        let mut list = Vec::new();
        for (file, raw) in parsed {
            for country in &raw.country {
                let c = country.get_ref();
                let code = c.code.get_ref();
                if code.len() != 2 || !code.chars().all(|ch| ch.is_ascii_uppercase()) {
                    self.report(
                        file,
                        &c.code,
                        format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    )
                    .help("use two capital letters, such as `KE`");
                    continue;
                }
                if !seen.insert(code.clone()) {
                    self.report(file, &c.code, format!("duplicate country `{code}`"));
                    continue;
                }
                list.push(Country {
                    code: code.clone(),
                    name: c.name.clone(),
                    aliases: c.aliases.clone(),
                });
            }
        }
        Countries::new(list)
    }

    fn sections(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        for (file, raw) in parsed {
            for section in &raw.section {
                let s = section.get_ref();
                if sections.iter().any(|known| &known.id == s.id.get_ref()) {
                    self.report(
                        file,
                        &s.id,
                        format!("duplicate section id `{}`", s.id.get_ref()),
                    );
                    continue;
                }
                sections.push(Section {
                    id: s.id.get_ref().clone(),
                    title: s.title.clone(),
                });
            }
        }
        sections
    }

    fn questions(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        sections: &[Section],
        countries: &Countries,
    ) -> Vec<Question> {
        let mut questions: Vec<Question> = Vec::new();
        for (file, raw) in parsed {
            for question in &raw.question {
                let q = question.get_ref();
                let id = q.id.get_ref();
                if !is_snake_case(id) {
                    self.report(file, &q.id, format!("question id `{id}` is not snake_case"))
                        .help("use lowercase letters, digits and `_`, starting with a letter");
                }
                if RESERVED_IDS.contains(&id.as_str()) {
                    self.report(
                        file,
                        &q.id,
                        format!(
                            "question id `{id}` clashes with the flag --{}",
                            id.replace('_', "-")
                        ),
                    )
                    .help("choose another id");
                }
                if questions.iter().any(|known| &known.id == id) {
                    self.report(file, &q.id, format!("duplicate question id `{id}`"));
                    continue;
                }
                if !sections.iter().any(|s| &s.id == q.section.get_ref()) {
                    let ids = sections.iter().map(|s| s.id.as_str());
                    let hint = did_you_mean(q.section.get_ref(), ids);
                    self.report(
                        file,
                        &q.section,
                        format!("unknown section `{}`", q.section.get_ref()),
                    )
                    .help(hint.unwrap_or_else(|| "declare it with a `[[section]]` table".into()));
                }
                if q.prompt.get_ref().trim().is_empty() {
                    self.report(
                        file,
                        &q.prompt,
                        format!("question `{id}` has an empty prompt"),
                    );
                }
                match &q.help {
                    Some(help) if help.get_ref().trim().is_empty() => {
                        self.report(file, help, format!("question `{id}` has empty help text"));
                    }
                    Some(_) => {}
                    None => {
                        self.report(file, &q.id, format!("question `{id}` has no help text"))
                            .help("add `help = \"...\"`: what counts, with an example");
                    }
                }
                let choices = self.choices(file, question);
                let visible: Visible = questions.iter().map(|q| (q.id.as_str(), q)).collect();
                let ask_if = q
                    .ask_if
                    .as_ref()
                    .and_then(|cond| self.condition(file, cond, &visible, countries, 0));
                let mut built = Question {
                    id: id.clone(),
                    section: q.section.get_ref().clone(),
                    kind: q.kind,
                    prompt: q.prompt.get_ref().trim().to_string(),
                    help: q
                        .help
                        .as_ref()
                        .map(|h| h.get_ref().trim().to_string())
                        .unwrap_or_default(),
                    choices,
                    ask_if,
                    default: None,
                };
                if let Some(default) = &q.default {
                    built.default = self.default_value(file, &built, default, countries);
                }
                questions.push(built);
            }
        }
        questions
    }

    fn choices(&mut self, file: &RuleFile, question: &Spanned<RawQuestion>) -> Vec<ChoiceOption> {
        let q = question.get_ref();
        let id = q.id.get_ref();
        let Some(raw_choices) = &q.choices else {
            if q.kind.has_choices() {
                self.report(
                    file,
                    &q.id,
                    format!(
                        "question `{id}` is a {} question without `choices`",
                        q.kind.as_str()
                    ),
                );
            }
            return Vec::new();
        };
        if !q.kind.has_choices() {
            self.report(
                file,
                raw_choices,
                format!(
                    "question `{id}` is a {} question; only choice questions have `choices`",
                    q.kind.as_str()
                ),
            );
            return Vec::new();
        }
        if raw_choices.get_ref().is_empty() {
            self.report(
                file,
                raw_choices,
                format!("question `{id}` has an empty `choices` list"),
            );
        }
        let mut choices: Vec<ChoiceOption> = Vec::new();
        for choice in raw_choices.get_ref() {
            let c = choice.get_ref();
            let choice_id = c.id.get_ref();
            if !is_snake_case(choice_id) {
                self.report(
                    file,
                    &c.id,
                    format!("choice id `{choice_id}` is not snake_case"),
                );
            } else if choice_id == "unknown" {
                self.report(
                    file,
                    &c.id,
                    "`unknown` is not a choice: every question already offers \"don't know\""
                        .into(),
                )
                .help("remove this choice");
            } else if choices.iter().any(|known| &known.id == choice_id) {
                self.report(file, &c.id, format!("duplicate choice `{choice_id}`"));
            } else {
                choices.push(ChoiceOption {
                    id: choice_id.clone(),
                    label: c.label.clone(),
                });
            }
        }
        choices
    }

    /// A default must be a valid answer to its own question.
    fn default_value(
        &mut self,
        file: &RuleFile,
        question: &Question,
        default: &Spanned<toml::Value>,
        countries: &Countries,
    ) -> Option<crate::answers::Value> {
        let probe = RuleSet {
            meta: RuleSetMeta {
                name: String::new(),
                version: String::new(),
            },
            levels: Thresholds {
                medium: 1,
                high: 2,
                critical: 3,
            },
            min_coverage: 0.0,
            sections: Vec::new(),
            questions: vec![question.clone()],
            rules: Vec::new(),
            channels: Vec::new(),
            countries: countries.clone(),
        };
        let raw = RawAnswer {
            key: question.id.clone(),
            value: match default.get_ref() {
                toml::Value::String(s) => RawValue::String(s.clone()),
                toml::Value::Integer(i) => RawValue::Integer(*i),
                toml::Value::Float(f) => RawValue::Float(*f),
                toml::Value::Boolean(b) => RawValue::Bool(*b),
                _ => RawValue::Other("a table, list or date"),
            },
            location: crate::diagnostic::Location::Flag(String::new()),
        };
        match crate::answers::Answers::from_raw(&probe, vec![raw]) {
            Ok(answers) => match answers.get(&question.id) {
                Some(crate::answers::Answer::Known(value)) => Some(value.clone()),
                _ => {
                    self.report(file, default, "a default cannot be `unknown`".into());
                    None
                }
            },
            Err(problems) => {
                for problem in problems {
                    let message =
                        format!("invalid default for `{}`: {}", question.id, problem.message);
                    let help = problem.help.clone();
                    let added = self.report(file, default, message);
                    if let Some(help) = help {
                        added.help(help);
                    }
                }
                None
            }
        }
    }

    fn rules(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        visible: &Visible,
        countries: &Countries,
    ) -> Vec<Rule> {
        let mut rules: Vec<Rule> = Vec::new();
        for (file, raw) in parsed {
            for rule in &raw.rule {
                let r = rule.get_ref();
                let id = r.id.get_ref();
                if !is_rule_id(id) {
                    self.report(
                        file,
                        &r.id,
                        format!("rule id `{id}` is not 2–5 capital letters and 3 digits"),
                    )
                    .help("use an id such as `FEE003`");
                }
                if rules.iter().any(|known| &known.id == id) {
                    self.report(file, &r.id, format!("duplicate rule id `{id}`"));
                    continue;
                }
                for (field, text) in [("title", &r.title), ("why", &r.why), ("advice", &r.advice)] {
                    if text.get_ref().trim().is_empty() {
                        self.report(file, text, format!("rule `{id}` has an empty `{field}`"));
                    }
                }
                let critical = r.critical;
                if critical != (r.severity == Level::Critical) {
                    self.report(file, &r.id, format!(
                        "rule `{id}`: `critical = {critical}` does not match `severity = \"{}\"`",
                        r.severity.as_str()
                    ))
                    .help("a rule that forces the critical level has severity \"critical\", and only such a rule does");
                }
                let sources = match &r.sources {
                    Some(sources) if !sources.is_empty() => sources
                        .iter()
                        .filter_map(|source| self.source(file, source))
                        .collect(),
                    _ => {
                        self.report(file, &r.id, format!("rule `{id}` has no source"))
                            .help("add `sources = [{ title = \"...\", url = \"https://...\" }]`: a rule without a public source does not ship");
                        Vec::new()
                    }
                };
                let Some(when) = self.condition(file, &r.when, visible, countries, 0) else {
                    continue;
                };
                rules.push(Rule {
                    id: id.clone(),
                    title: r.title.get_ref().trim().to_string(),
                    severity: r.severity,
                    points: r.points,
                    critical,
                    when,
                    why: r.why.get_ref().trim().to_string(),
                    advice: r.advice.get_ref().trim().to_string(),
                    sources,
                });
            }
        }
        rules
    }

    fn source(&mut self, file: &RuleFile, source: &Spanned<RawSource>) -> Option<Source> {
        let s = source.get_ref();
        if s.title.trim().is_empty() {
            self.report(file, source, "a source without a title".into());
        }
        self.https_url(file, &s.url)?;
        Some(Source {
            title: s.title.trim().to_string(),
            url: s.url.get_ref().clone(),
        })
    }

    fn https_url(&mut self, file: &RuleFile, url: &Spanned<String>) -> Option<()> {
        match url::Url::parse(url.get_ref()) {
            Ok(parsed) if parsed.scheme() == "https" && parsed.host().is_some() => Some(()),
            Ok(parsed) => {
                self.report(
                    file,
                    url,
                    format!(
                        "`{}` is not an https address (scheme `{}`)",
                        url.get_ref(),
                        parsed.scheme()
                    ),
                )
                .help("use the https:// form of the address");
                None
            }
            Err(err) => {
                self.report(
                    file,
                    url,
                    format!("`{}` is not a valid URL: {err}", url.get_ref()),
                );
                None
            }
        }
    }

    fn channels(&mut self, parsed: &[(&RuleFile, RawFile)], countries: &Countries) -> Vec<Channel> {
        let mut channels: Vec<Channel> = Vec::new();
        for (file, raw) in parsed {
            for channel in &raw.channel {
                let c = channel.get_ref();
                let id = c.id.get_ref();
                if channels.iter().any(|known| &known.id == id) {
                    self.report(file, &c.id, format!("duplicate channel id `{id}`"));
                    continue;
                }
                let country = self.country_code(file, &c.country, countries);
                let destination = c
                    .destination
                    .as_ref()
                    .map(|d| self.country_code(file, d, countries));
                let url_ok = c
                    .url
                    .as_ref()
                    .is_none_or(|url| self.https_url(file, url).is_some());
                let source = self.source(file, &c.source);
                if c.url.is_none() && c.phone.is_none() && c.email.is_none() {
                    self.report(
                        file,
                        &c.id,
                        format!("channel `{id}` has no url, phone or email"),
                    );
                }
                if let (Some(country), Some(source), true) = (country, source, url_ok) {
                    channels.push(Channel {
                        id: id.clone(),
                        country,
                        destination: destination.flatten(),
                        name: c.name.clone(),
                        purpose: c.purpose,
                        description: c.description.trim().to_string(),
                        url: c.url.as_ref().map(|u| u.get_ref().clone()),
                        phone: c.phone.clone(),
                        email: c.email.clone(),
                        source,
                    });
                }
            }
        }
        channels
    }

    fn country_code(
        &mut self,
        file: &RuleFile,
        code: &Spanned<String>,
        countries: &Countries,
    ) -> Option<String> {
        match countries.find(code.get_ref()) {
            Some(country) if &country.code == code.get_ref() => Some(country.code.clone()),
            Some(country) => {
                self.report(
                    file,
                    code,
                    format!("write the country as its code `{}`", country.code),
                );
                None
            }
            None => {
                let hint = countries
                    .nearest(code.get_ref())
                    .map(|n| format!("did you mean `{n}`?"));
                let added =
                    self.report(file, code, format!("unknown country `{}`", code.get_ref()));
                if let Some(hint) = hint {
                    added.help(hint);
                }
                None
            }
        }
    }

    fn condition(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        visible: &Visible,
        countries: &Countries,
        depth: usize,
    ) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            self.report(
                file,
                raw,
                format!("condition nested deeper than {MAX_CONDITION_DEPTH} levels"),
            );
            return None;
        }
        let c = raw.get_ref();
        let mut shapes = Vec::new();
        for (present, name) in [
            (c.all.is_some(), "all"),
            (c.any.is_some(), "any"),
            (c.not.is_some(), "not"),
            (c.question.is_some(), "question"),
        ] {
            if present {
                shapes.push(name);
            }
        }
        if shapes.len() != 1 {
            let message = if shapes.is_empty() {
                "empty condition".to_string()
            } else {
                format!("a condition mixes {}", shapes.join(" and "))
            };
            self.report(file, raw, message)
                .help("use exactly one of `all = [...]`, `any = [...]`, `not = {...}` or `question = \"...\"` with a test");
            return None;
        }
        let list = |this: &mut Self, parts: &Vec<Spanned<RawCondition>>, name: &str| {
            if parts.is_empty() {
                this.report(file, raw, format!("`{name}` needs at least one condition"));
                return None;
            }
            let built: Vec<_> = parts
                .iter()
                .map(|part| this.condition(file, part, visible, countries, depth + 1))
                .collect();
            built.into_iter().collect::<Option<Vec<_>>>()
        };
        if let Some(parts) = &c.all {
            return list(self, parts, "all").map(Condition::All);
        }
        if let Some(parts) = &c.any {
            return list(self, parts, "any").map(Condition::Any);
        }
        if let Some(inner) = &c.not {
            return self
                .condition(file, inner, visible, countries, depth + 1)
                .map(|inner| Condition::Not(Box::new(inner)));
        }
        let question_name = c.question.as_ref()?;
        self.test(file, raw, question_name, visible, countries)
    }

    fn test(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        question_name: &Spanned<String>,
        visible: &Visible,
        countries: &Countries,
    ) -> Option<Condition> {
        let c = raw.get_ref();
        let Some(question) = visible.get(question_name.get_ref().as_str()).copied() else {
            let hint = did_you_mean(question_name.get_ref(), visible.keys().copied());
            self.report(
                file,
                question_name,
                format!("unknown question `{}`", question_name.get_ref()),
            )
            .help(hint.unwrap_or_else(|| {
                "an `ask_if` may only name questions asked before this one".into()
            }));
            return None;
        };
        let mut tests = Vec::new();
        if c.is.is_some() {
            tests.push("is");
        }
        if c.one_of.is_some() {
            tests.push("one_of");
        }
        if c.contains.is_some() {
            tests.push("contains");
        }
        if c.contains_any.is_some() {
            tests.push("contains_any");
        }
        let comparisons: Vec<(Comparison, f64)> = [
            (Comparison::AtLeast, c.at_least),
            (Comparison::Above, c.above),
            (Comparison::Below, c.below),
            (Comparison::AtMost, c.at_most),
        ]
        .into_iter()
        .filter_map(|(op, value)| value.map(|v| (op, v)))
        .collect();
        tests.extend(comparisons.iter().map(|(op, _)| op.key()));
        if tests.len() != 1 {
            self.report(file, raw, format!(
                "a test on `{}` needs exactly one of `is`, `one_of`, `contains`, `contains_any`, `at_least`, `above`, `below`, `at_most`; found {}",
                question.id,
                if tests.is_empty() { "none".to_string() } else { tests.join(", ") }
            ));
            return None;
        }
        let kind = question.kind;
        let single = matches!(
            kind,
            QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::Country
        );
        let wrong_kind = |this: &mut Self, test: &str| {
            this.report(
                file,
                raw,
                format!(
                    "`{test}` does not fit `{}`, a {} question",
                    question.id,
                    kind.as_str()
                ),
            );
            None
        };
        let test = if let Some(value) = &c.is {
            if value.get_ref() == "unknown" {
                Test::IsUnknown
            } else if single {
                Test::Is(self.test_value(file, value, question, countries)?)
            } else {
                return wrong_kind(self, "is");
            }
        } else if let Some(values) = &c.one_of {
            if !single {
                return wrong_kind(self, "one_of");
            }
            Test::OneOf(self.test_values(file, raw, values, question, countries)?)
        } else if let Some(value) = &c.contains {
            if kind != QuestionKind::MultiChoice {
                return wrong_kind(self, "contains");
            }
            Test::Contains(self.test_value(file, value, question, countries)?)
        } else if let Some(values) = &c.contains_any {
            if kind != QuestionKind::MultiChoice {
                return wrong_kind(self, "contains_any");
            }
            Test::ContainsAny(self.test_values(file, raw, values, question, countries)?)
        } else {
            let (op, value) = comparisons[0];
            if kind != QuestionKind::Number {
                return wrong_kind(self, op.key());
            }
            if !value.is_finite() {
                self.report(file, raw, format!("`{}` needs a finite number", op.key()));
                return None;
            }
            Test::Compare(op, value)
        };
        Some(Condition::Test {
            question: question.id.clone(),
            test,
        })
    }

    fn test_values(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        values: &[Spanned<String>],
        question: &Question,
        countries: &Countries,
    ) -> Option<Vec<String>> {
        if values.is_empty() {
            self.report(file, raw, "an empty list of values".into());
            return None;
        }
        let checked: Vec<_> = values
            .iter()
            .map(|value| self.test_value(file, value, question, countries))
            .collect();
        checked.into_iter().collect()
    }

    /// A value compared with an answer, in canonical form.
    fn test_value(
        &mut self,
        file: &RuleFile,
        value: &Spanned<String>,
        question: &Question,
        countries: &Countries,
    ) -> Option<String> {
        let text = value.get_ref();
        match question.kind {
            QuestionKind::YesNo if text == "yes" || text == "no" => Some(text.clone()),
            QuestionKind::YesNo => {
                self.report(
                    file,
                    value,
                    format!("`{text}` is not `yes`, `no` or `unknown`"),
                );
                None
            }
            QuestionKind::Country => self.country_code(file, value, countries),
            _ if question.choices.iter().any(|c| &c.id == text) => Some(text.clone()),
            _ => {
                let ids = question.choices.iter().map(|c| c.id.as_str());
                let hint = did_you_mean(text, ids).unwrap_or_else(|| {
                    let all: Vec<_> = question
                        .choices
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect();
                    format!("its choices are {}", all.join(", "))
                });
                self.report(
                    file,
                    value,
                    format!("`{}` has no choice `{text}`", question.id),
                )
                .help(hint);
                None
            }
        }
    }
}

/// Lets a just-reported problem get a help line.
struct ProblemRef<'a>(Option<&'a mut Diagnostic>);

impl ProblemRef<'_> {
    fn help(self, help: impl Into<String>) {
        if let Some(problem) = self.0 {
            problem.help = Some(help.into());
        }
    }
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_rule_id(id: &str) -> bool {
    let letters = id.chars().take_while(|c| c.is_ascii_uppercase()).count();
    (2..=5).contains(&letters)
        && id.len() == letters + 3
        && id[letters..].chars().all(|c| c.is_ascii_digit())
}

//! Loading a rule set: read the files, parse them strictly, merge them, and
//! validate the whole set, reporting every problem at once with its place.
//!
//! This module holds the order of the work ([`RuleSet::from_files`]) and
//! what every table shares (reporting, duplicates, limits); the checks of
//! each table are in a submodule of their own: `questions`, `rules`,
//! `conditions`, `signals` (lists and phrase groups), `places` (countries
//! and channels), `texts` (translations and wording), `agency` and `htcds`.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::condition::{Comparison, Condition, Test};
use super::lang::{ENGLISH, Texts, Translation, placeholders};
use super::model::*;
use super::raw::*;
use super::reach::{Reach, can_be_true};
use super::text_map::TextMap;
use crate::answer_set::RawValue;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::strings::Text;

mod agency;
mod conditions;
mod htcds;
mod places;
mod questions;
mod rules;
mod signals;
mod texts;

/// The interface wording in English, as the default `rules/ui.toml` has it:
/// the keys the engine's renderers use, and the wording a rule set without
/// its own gets.
const BASE_UI_FILE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/ui.toml"));

/// Question ids that would clash with the command line's own flags, or with
/// the record `id` of `batch` input lines.
pub const RESERVED_IDS: &[&str] = &[
    "answers",
    "consent",
    "fail_on",
    "force",
    "format",
    "help",
    "id",
    "lang",
    "no_input",
    "output",
    "registry",
    "registry_date",
    "rules",
    "save_answers",
    "version",
];

/// Longest pattern or list word accepted (bytes).
pub const MAX_PATTERN_BYTES: usize = 200;
/// Most patterns accepted in one phrase group.
pub const MAX_PATTERNS: usize = 1000;

/// Deepest nesting of `all`/`any`/`not` accepted in a condition.
pub const MAX_CONDITION_DEPTH: usize = 32;

/// Limits on the size of a rule set, so a hostile or broken one is refused
/// with a clear message instead of using unbounded time or memory. The
/// default set is far below each.
pub mod limits {
    /// Most `*.toml` files in a rules folder.
    pub const MAX_FILES: usize = 64;
    /// Most bytes in all the files of a rule set together (each file is also
    /// at most [`crate::answer_set::MAX_FILE_BYTES`]).
    pub const MAX_TOTAL_BYTES: usize = crate::answer_set::MAX_FILE_BYTES;
    /// Most `[[question]]` entries.
    pub const MAX_QUESTIONS: usize = 300;
    /// Most `[[rule]]` entries.
    pub const MAX_RULES: usize = 1000;
    /// Most `[[channel]]` entries.
    pub const MAX_CHANNELS: usize = 1000;
    /// Most `[[country]]` entries.
    pub const MAX_COUNTRIES: usize = 1000;
    /// Most `[[section]]` entries.
    pub const MAX_SECTIONS: usize = 100;
    /// Most choices of one question.
    pub const MAX_CHOICES: usize = 100;
    /// Longest `short` label of a choice, in characters: a dozen numbered
    /// options of this length fill about two SMS.
    pub const MAX_SHORT_LABEL: usize = 28;
    /// Most problems reported in full; the rest are counted.
    pub const MAX_PROBLEMS: usize = 200;
    /// Longest question, choice or section id, in characters.
    pub const MAX_ID_CHARS: usize = 64;
    /// Most aliases of one country.
    pub const MAX_ALIASES: usize = 20;
    /// Longest country name or alias, in characters.
    pub const MAX_NAME_CHARS: usize = 100;
    /// Test evaluations spent looking for rules that can never fire, for
    /// the whole rule set (see [`super::super::reach`]).
    pub const REACH_BUDGET: u64 = 20_000_000;
    /// Longest `all` list searched for the part that makes a rule
    /// impossible; past it the whole condition is pointed at.
    pub const MAX_PARTS_SEARCHED: usize = 64;
}
use limits::*;

/// A rule set that could not be loaded, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.problems))]
pub struct RulesError {
    /// Each problem, with its file, line and column where known.
    pub problems: Vec<Diagnostic>,
}

impl RulesError {
    /// The problems in file order, then line and column; those without a
    /// place keep their order at the end.
    fn sorted(mut problems: Vec<Diagnostic>) -> RulesError {
        problems.sort_by_key(|problem| match &problem.location {
            crate::diagnostic::Location::File {
                path,
                position: Some(pos),
            } => (0, path.clone(), pos.line, pos.column),
            _ => (1, String::new(), 0, 0),
        });
        RulesError { problems }
    }
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
    /// Parses, merges and validates rule files.
    pub fn from_files(files: Vec<RuleFile>) -> Result<RuleSet, RulesError> {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for file in &files {
            match RawFile::parse(&file.path, &file.text) {
                Ok(raw) => parsed.push((file, raw)),
                Err(found) => problems.extend(found),
            }
        }
        if !problems.is_empty() {
            return Err(RulesError::sorted(problems));
        }
        problems.extend(too_many(&parsed));
        problems.extend(missing_parts(&parsed));
        if !problems.is_empty() {
            return Err(RulesError { problems });
        }
        let mut validator = Validator {
            problems,
            signals: super::contract::BUILTIN_SIGNALS
                .iter()
                .chain(super::contract::AGENCY_SIGNALS)
                .map(|(id, _)| (*id).to_string())
                .collect(),
            truncated: false,
            asking: None,
            question_ids: parsed
                .iter()
                .flat_map(|(_, raw)| &raw.question)
                .map(|q| q.get_ref().id.get_ref().clone())
                .collect(),
            reach_budget: REACH_BUDGET,
        };
        let rules = validator.rule_set(&parsed);
        if validator.truncated {
            let path = parsed
                .first()
                .map_or("rules", |(file, _)| file.path.as_str());
            validator.problems.push(
                Diagnostic::in_file(
                    path,
                    "",
                    None,
                    format!("more problems may follow: checking stopped after {MAX_PROBLEMS}"),
                )
                .with_help("fix these and run `offercheck rules check` again"),
            );
        }
        match rules {
            Some(rules) if validator.problems.is_empty() => Ok(rules),
            _ => Err(RulesError::sorted(validator.problems)),
        }
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_slot(id).map(|slot| &self.questions[slot])
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

struct Validator {
    problems: Vec<Diagnostic>,
    /// Signal ids conditions may use: the extractors' and the phrase groups'.
    signals: BTreeSet<String>,
    /// Whether checks stopped or problems went unshown after [`MAX_PROBLEMS`].
    truncated: bool,
    /// The question whose `ask_if` is being checked, if any.
    asking: Option<String>,
    /// Every question id in the files, to tell a later question from an unknown one.
    question_ids: BTreeSet<String>,
    /// What is left of [`REACH_BUDGET`].
    reach_budget: u64,
}

/// Entries beyond the limits, reported before validation starts.
fn too_many(parsed: &[(&RuleFile, RawFile)]) -> Vec<Diagnostic> {
    fn check<T>(
        parsed: &[(&RuleFile, RawFile)],
        name: &str,
        limit: usize,
        get: impl Fn(&RawFile) -> &Vec<Spanned<T>>,
    ) -> Option<Diagnostic> {
        let total: usize = parsed.iter().map(|(_, raw)| get(raw).len()).sum();
        if total <= limit {
            return None;
        }
        // Point at the first entry past the limit.
        let mut seen = 0;
        for (file, raw) in parsed {
            let entries = get(raw);
            if seen + entries.len() > limit {
                let entry = &entries[limit - seen];
                return Some(
                    Diagnostic::in_file(
                        &file.path,
                        &file.text,
                        Some(entry.span()),
                        format!(
                            "the rule set has {total} `[[{name}]]` entries; the limit is {limit}"
                        ),
                    )
                    .with_help("this is the first one past the limit"),
                );
            }
            seen += entries.len();
        }
        None
    }
    [
        check(parsed, "section", MAX_SECTIONS, |raw| &raw.section),
        check(parsed, "question", MAX_QUESTIONS, |raw| &raw.question),
        check(parsed, "rule", MAX_RULES, |raw| &raw.rule),
        check(parsed, "channel", MAX_CHANNELS, |raw| &raw.channel),
        check(parsed, "country", MAX_COUNTRIES, |raw| &raw.country),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The parts every rule set needs, by the file of the default rules that
/// holds them. When one is in none of the files (a file left out of a
/// `--rules` folder), that is the one problem reported for it, at the
/// folder: the checks of everything that refers to it would only repeat it,
/// a hundred times over.
fn missing_parts(parsed: &[(&RuleFile, RawFile)]) -> Vec<Diagnostic> {
    type Has = fn(&RawFile) -> bool;
    const PARTS: [(&str, &str, Has); 6] = [
        ("ruleset.toml", "[ruleset]", |raw| raw.ruleset.is_some()),
        ("ruleset.toml", "[levels]", |raw| raw.levels.is_some()),
        ("ruleset.toml", "[coverage]", |raw| raw.coverage.is_some()),
        ("countries.toml", "[[country]]", |raw| {
            !raw.country.is_empty()
        }),
        ("questions.toml", "[[section]]", |raw| {
            !raw.section.is_empty()
        }),
        ("questions.toml", "[[question]]", |raw| {
            !raw.question.is_empty()
        }),
    ];
    let folder = parsed.first().map_or(".", |(file, _)| {
        file.path
            .rfind(['/', '\\'])
            .map_or(".", |cut| &file.path[..cut])
    });
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut missing: Vec<(&str, Vec<String>)> = Vec::new();
    for (default_file, part, has) in PARTS {
        if parsed.iter().any(|(_, raw)| has(raw)) {
            continue;
        }
        match missing.iter_mut().find(|(file, _)| *file == default_file) {
            Some((_, parts)) => parts.push(format!("`{part}`")),
            None => missing.push((default_file, vec![format!("`{part}`")])),
        }
    }
    for (default_file, parts) in missing {
        let (list, verb) = match parts.as_slice() {
            [one] => (one.clone(), "it is"),
            [rest @ .., last] => (format!("{} or {last}", rest.join(", ")), "they are"),
            [] => continue,
        };
        problems.push(
            Diagnostic::in_file(
                folder,
                "",
                None,
                format!(
                    "no rule file here has {list}, which every rule set needs; \
                     in the default rules {verb} in `{default_file}`"
                ),
            )
            .with_help(format!(
                "copy `{default_file}` from the default rules/ folder into this folder, \
                 or add {list} to one of its files"
            )),
        );
    }
    problems
}

/// `path:line:column` of a span, to point from one problem to another place.
fn place<T>(file: &RuleFile, spanned: &Spanned<T>) -> String {
    let position = crate::diagnostic::Position::from_span(&file.text, spanned.span());
    format!("{}:{}:{}", file.path, position.line, position.column)
}

/// Where each id was first seen, to point at it from a duplicate.
type First<'f> = BTreeMap<&'f str, (&'f RuleFile, &'f Spanned<String>)>;

/// The questions visible to a condition, by id.
type Visible<'a> = BTreeMap<&'a str, &'a Question>;

impl Validator {
    fn report<T>(
        &mut self,
        file: &RuleFile,
        spanned: &Spanned<T>,
        message: String,
    ) -> ProblemRef<'_> {
        if self.full() {
            self.truncated = true;
            return ProblemRef(None);
        }
        self.problems.push(Diagnostic::in_file(
            &file.path,
            &file.text,
            Some(spanned.span()),
            message,
        ));
        ProblemRef(self.problems.last_mut())
    }

    /// Reports an id seen before (pointing at the first), or remembers it.
    fn duplicate<'f>(
        &mut self,
        first: &mut First<'f>,
        file: &'f RuleFile,
        id: &'f Spanned<String>,
        what: &str,
    ) -> bool {
        match first.get(id.get_ref().as_str()) {
            Some((earlier_file, earlier)) => {
                let earlier = place(earlier_file, earlier);
                self.report(file, id, format!("duplicate {what} `{}`", id.get_ref()))
                    .help(format!("the first is at {earlier}; ids must be unique"));
                true
            }
            None => {
                first.insert(id.get_ref(), (file, id));
                false
            }
        }
    }

    /// Reports an id longer than [`MAX_ID_CHARS`] (such ids would also make
    /// every "did you mean" search slow).
    fn too_long(&mut self, file: &RuleFile, id: &Spanned<String>, what: &str) -> bool {
        let length = id.get_ref().chars().count();
        if length <= MAX_ID_CHARS {
            return false;
        }
        let shown: String = id.get_ref().chars().take(20).collect();
        self.report(
            file,
            id,
            format!(
                "the {what} id `{shown}…` is {length} characters long; the limit is {MAX_ID_CHARS}"
            ),
        );
        true
    }

    /// Whether [`MAX_PROBLEMS`] have been reported, so costly checks can stop.
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// Reports a condition that no answers can make true. In an `all`, it
    /// points at the first part that is never true on its own, or at the
    /// first pair of parts that contradict each other.
    fn never_true(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        built: &Condition,
        visible: &Visible,
        countries: &Countries,
        what: &str,
    ) {
        if self.full() {
            return;
        }
        let reach = |this: &mut Self, condition: &Condition| {
            can_be_true(
                condition,
                |id| visible.get(id).copied(),
                countries,
                &mut this.reach_budget,
            )
        };
        if reach(self, built) != Reach::Never {
            return;
        }
        let help = "the tests contradict each other: one question has only one answer, and a number cannot be both above and below a limit";
        // Point at the culprit in a short `all` list (a long one would make
        // the search for a contradicting pair too slow).
        let parts = match (built, &raw.get_ref().all) {
            (Condition::All(parts), Some(raw_parts)) if parts.len() <= MAX_PARTS_SEARCHED => {
                Some((parts, raw_parts))
            }
            _ => None,
        };
        if let Some((parts, raw_parts)) = parts {
            for (part, raw_part) in parts.iter().zip(raw_parts) {
                if reach(self, part) == Reach::Never {
                    self.report(file, raw_part, format!("{what}: this part is never true"))
                        .help(help);
                    return;
                }
            }
            for later in 1..parts.len() {
                for earlier in 0..later {
                    let pair = Condition::All(vec![parts[earlier].clone(), parts[later].clone()]);
                    if reach(self, &pair) == Reach::Never {
                        let other = place(file, &raw_parts[earlier]);
                        self.report(
                            file,
                            &raw_parts[later],
                            format!("{what}: this part contradicts the one at {other}"),
                        )
                        .help(help);
                        return;
                    }
                }
            }
        }
        self.report(
            file,
            raw,
            format!("{what}: no answers make this condition true"),
        )
        .help(help);
    }

    fn rule_set(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Option<RuleSet> {
        let meta = self.single(parsed, "ruleset", |raw| raw.ruleset.as_ref());
        let levels = self.single(parsed, "levels", |raw| raw.levels.as_ref());
        let coverage = self.single(parsed, "coverage", |raw| raw.coverage.as_ref());
        let countries = self.countries(parsed);
        let lists = self.lists(parsed, &countries);
        let phrase_groups = self.phrase_groups(parsed);
        let sections = self.sections(parsed);
        let questions = self.questions(parsed, &sections, &countries);
        let visible: Visible = questions.iter().map(|q| (q.id.as_str(), q)).collect();
        let rules = self.rules(parsed, &visible, &countries);
        let agency = self.agency(parsed, &questions, &countries);
        let htcds = self.htcds(parsed, &visible, &countries);
        let channels = self.channels(parsed, &countries);
        let texts = self.texts(parsed, &sections, &questions, &rules, &channels);

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
                name: m.get_ref().name.clone().into(),
                version: m.get_ref().version.clone().into(),
            })?,
            levels: levels?,
            min_coverage: min_coverage?,
            sections,
            questions,
            rules,
            channels,
            countries,
            lists,
            phrase_groups,
            agency,
            htcds,
            registry: None,
            phrase_matcher: std::sync::OnceLock::new(),
            question_index: std::sync::OnceLock::new(),
            texts,
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

    /// Reports a translation of an id the rule set does not define. An id the
    /// files declare but that failed its own checks is not a second problem.
    fn unknown_id<T>(
        &mut self,
        file: &RuleFile,
        at: &Spanned<T>,
        known: &Known<'_>,
        code: &str,
        id: &str,
    ) {
        if known.declared.contains(id) {
            return;
        }
        let what = known.what;
        let hint = did_you_mean(id, known.valid.iter().copied());
        self.report(
            file,
            at,
            format!("`[lang.{code}]` translates an unknown {what} `{id}`"),
        )
        .help(hint.unwrap_or_else(|| format!("translate only {what}s the rule set defines")));
    }
}

/// The ids of one kind of entry, to check the ids a translation names.
struct Known<'a> {
    /// `section`, `question`, `rule` or `channel`.
    what: &'static str,
    /// Ids of the entries that passed their checks.
    valid: Vec<&'a str>,
    /// Ids the files declare, valid or not.
    declared: BTreeSet<&'a str>,
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

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let number = |part: &str, len: usize| {
        (part.len() == len && part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (number(year, 4), number(month, 2), number(day, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// The English interface wording of [`BASE_UI_FILE`].
fn base_english_ui() -> TextMap<Text> {
    toml::from_str::<RawFile>(BASE_UI_FILE)
        .ok()
        .and_then(|mut raw| raw.lang.remove(ENGLISH))
        .into_iter()
        .flat_map(|lang| lang.into_inner().ui)
        .map(|(key, text)| (key.into(), text.into_inner().into()))
        .collect()
}

fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

fn is_rule_id(id: &str) -> bool {
    let letters = id.chars().take_while(|c| c.is_ascii_uppercase()).count();
    (2..=5).contains(&letters)
        && id.len() == letters + 3
        && id[letters..].chars().all(|c| c.is_ascii_digit())
}

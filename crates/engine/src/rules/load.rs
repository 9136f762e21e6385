//! Loading a rule set: read the files, parse them strictly, merge them, and
//! validate the whole set, reporting every problem at once with its place.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::condition::{Comparison, Condition, Test};
use super::lang::{ENGLISH, Texts, Translation, placeholders};
use super::model::*;
use super::raw::*;
use super::reach::{Reach, can_be_true};
use super::text::Text;
use crate::answers::{RawAnswer, RawValue};
use crate::diagnostic::{Diagnostic, did_you_mean};

mod agency;
mod htcds;

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
    /// at most [`crate::answers::MAX_FILE_BYTES`]).
    pub const MAX_TOTAL_BYTES: usize = crate::answers::MAX_FILE_BYTES;
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
            signals: crate::signals::BUILTIN_SIGNALS
                .iter()
                .chain(crate::signals::agency::SIGNALS)
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

    /// The `[lists]` table: at most one, optional (an empty list disables its check).
    fn lists(&mut self, parsed: &[(&RuleFile, RawFile)], countries: &Countries) -> SignalLists {
        let found: Vec<_> = parsed
            .iter()
            .filter_map(|(file, raw)| raw.lists.as_ref().map(|l| (*file, l)))
            .collect();
        let Some((file, lists)) = found.first() else {
            return SignalLists::default();
        };
        for (other, table) in &found[1..] {
            self.report(other, table, "a second `[lists]` table".into())
                .help(format!("the first is in {}", file.path));
        }
        let l = lists.get_ref();
        let words = |this: &mut Self, items: &[Spanned<String>], what: &str| -> Vec<Text> {
            let mut out = Vec::new();
            for item in items {
                let word = item.get_ref().trim().to_ascii_lowercase();
                if word.is_empty()
                    || word.len() > MAX_PATTERN_BYTES
                    || word.chars().any(char::is_whitespace)
                {
                    this.report(file, item, format!("`{}` is not a valid {what}", item.get_ref()))
                        .help(format!("one lowercase word or host of at most {MAX_PATTERN_BYTES} bytes, without spaces"));
                } else if !out.iter().any(|known| *known == word) {
                    out.push(word.into());
                }
            }
            out
        };
        let mut calling_codes = BTreeMap::new();
        for (code, digits) in &l.calling_codes {
            if countries.find(code).is_none_or(|c| &c.code != code) {
                self.report(
                    file,
                    digits,
                    format!("`{code}` is not a country code of countries.toml"),
                );
            } else if digits.get_ref().is_empty()
                || digits.get_ref().len() > 4
                || !digits.get_ref().chars().all(|c| c.is_ascii_digit())
            {
                self.report(
                    file,
                    digits,
                    format!(
                        "`{}` is not a calling code (1 to 4 digits)",
                        digits.get_ref()
                    ),
                );
            } else {
                calling_codes.insert(code.into(), digits.get_ref().into());
            }
        }
        SignalLists {
            free_mail_providers: words(self, &l.free_mail_providers, "mail domain"),
            link_shorteners: words(self, &l.link_shorteners, "host"),
            site_builders: words(self, &l.site_builders, "host suffix"),
            messaging_hosts: words(self, &l.messaging_hosts, "host"),
            official_suffixes: words(self, &l.official_suffixes, "domain suffix"),
            official_words: words(self, &l.official_words, "word"),
            calling_codes,
            currency_words: words(self, &l.currency_words, "word"),
            currency_signs: words(self, &l.currency_signs, "sign"),
            currency_signs_after: words(self, &l.currency_signs_after, "sign"),
            amount_scales: words(self, &l.amount_scales, "word"),
            amount_numerals: words(self, &l.amount_numerals, "word"),
            number_suffixes: words(self, &l.number_suffixes, "suffix"),
            abbreviations: words(self, &l.abbreviations, "word"),
        }
    }

    fn phrase_groups(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Vec<PhraseGroup> {
        let mut groups: Vec<PhraseGroup> = Vec::new();
        // Context groups may come later in the files.
        let all_ids: Vec<String> = parsed
            .iter()
            .flat_map(|(_, raw)| {
                raw.phrase_group
                    .iter()
                    .map(|g| g.get_ref().id.get_ref().clone())
            })
            .collect();
        for (file, raw) in parsed {
            for group in &raw.phrase_group {
                let g = group.get_ref();
                let id = g.id.get_ref();
                if !is_snake_case(id) {
                    self.report(
                        file,
                        &g.id,
                        format!("phrase group id `{id}` is not snake_case"),
                    );
                    continue;
                }
                if self.signals.contains(id) {
                    self.report(file, &g.id, format!("phrase group id `{id}` is already a signal"))
                        .help("choose another id; ids of phrase groups and built-in checks share one name space");
                    continue;
                }
                if g.patterns.is_empty() {
                    self.report(file, &g.id, format!("phrase group `{id}` has no patterns"));
                }
                if g.patterns.len() > MAX_PATTERNS {
                    self.report(
                        file,
                        &g.id,
                        format!("phrase group `{id}` has more than {MAX_PATTERNS} patterns"),
                    );
                    continue;
                }
                let clean = |this: &mut Self, items: &[Spanned<String>]| -> Vec<Text> {
                    let mut out = Vec::new();
                    for item in items {
                        let text = item.get_ref().trim();
                        if text.is_empty() || text.len() > MAX_PATTERN_BYTES || !text.is_ascii() {
                            this.report(file, item, format!("`{text}` is not a valid pattern"))
                                .help(format!("plain ASCII words of at most {MAX_PATTERN_BYTES} bytes; matching ignores case"));
                        } else {
                            // Folded like the advert text: lowercase, punctuation as spaces.
                            let folded = crate::signals::fold(text);
                            if folded.is_empty() || folded.contains('\n') {
                                this.report(file, item, format!("`{text}` has no words, or spans two sentences"))
                                    .help("a pattern is words and digits; `.`, `!`, `?` and `;` end a sentence");
                            } else {
                                out.push(folded.into());
                            }
                        }
                    }
                    out
                };
                // Patterns keep their notation; each must expand.
                let patterns_of = |this: &mut Self, items: &[Spanned<String>]| -> Vec<Text> {
                    let mut out = Vec::new();
                    for item in items {
                        let text = item.get_ref().trim();
                        if text.len() > MAX_PATTERN_BYTES || !text.is_ascii() {
                            this.report(file, item, format!("`{text}` is not a valid pattern"))
                                .help(format!("plain ASCII words of at most {MAX_PATTERN_BYTES} bytes; matching ignores case"));
                            continue;
                        }
                        match crate::signals::expand_pattern(text) {
                            Ok(_) => out.push(text.to_ascii_lowercase().into()),
                            Err(problem) => {
                                this.report(file, item, format!("pattern `{text}`: {problem}"))
                                    .help("a pattern is words, `(a|b)` choices, `[a]` optional words, `*stem` / `stem*` and `{amount}` (rules/README.md)");
                            }
                        }
                    }
                    out
                };
                let patterns = patterns_of(self, &g.patterns);
                let context_patterns = patterns_of(self, &g.context_patterns);
                let exceptions = patterns_of(self, &g.exceptions);
                let negations = clean(self, &g.negations);
                let negations_after = clean(self, &g.negations_after);
                let negations_in_sentence = clean(self, &g.negations_in_sentence);
                if context_patterns.is_empty() != g.context.is_empty() {
                    self.report(file, &g.id, format!("phrase group `{id}` has `context_patterns` without `context`, or `context` without `context_patterns`"))
                        .help("`context_patterns` count only when a group named in `context` fired; give both or neither");
                }
                self.signals.insert(id.clone());
                groups.push(PhraseGroup {
                    id: id.into(),
                    title: g.title.clone().into(),
                    patterns,
                    negations,
                    negations_after,
                    negations_in_sentence,
                    exceptions,
                    context_patterns,
                    context: g
                        .context
                        .iter()
                        .map(|c| Text::from(c.get_ref().clone()))
                        .collect(),
                });
                for c in &g.context {
                    if !all_ids.contains(c.get_ref()) || c.get_ref() == id {
                        self.report(
                            file,
                            c,
                            format!("`{}` is not another phrase group", c.get_ref()),
                        )
                        .help("`context` names other `[[phrase_group]]` ids");
                    }
                }
            }
        }
        groups
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
                if c.aliases.len() > MAX_ALIASES {
                    self.report(
                        file,
                        &c.code,
                        format!(
                            "country `{code}` has {} aliases; the limit is {MAX_ALIASES}",
                            c.aliases.len()
                        ),
                    );
                    continue;
                }
                if let Some(long) = std::iter::once(&c.name)
                    .chain(&c.aliases)
                    .chain(c.names.values())
                    .find(|name| name.chars().count() > MAX_NAME_CHARS)
                {
                    let shown: String = long.chars().take(20).collect();
                    self.report(
                        file,
                        &c.code,
                        format!("country `{code}` has a name longer than {MAX_NAME_CHARS} characters (`{shown}…`)"),
                    );
                    continue;
                }
                if code.len() != 2 || !code.chars().all(|ch| ch.is_ascii_uppercase()) {
                    self.report(
                        file,
                        &c.code,
                        format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    )
                    .help("use two capital letters, such as `KE`");
                    continue;
                }
                if let Some(lang) = c.names.keys().find(|lang| {
                    !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase())
                }) {
                    self.report(
                        file,
                        &c.code,
                        format!("country `{code}`: `{lang}` in `names` is not a language code"),
                    )
                    .help("use the language's two-letter code, such as `sw = \"Urusi\"`");
                    continue;
                }
                if !seen.insert(code.clone()) {
                    self.report(file, &c.code, format!("duplicate country `{code}`"));
                    continue;
                }
                list.push(Country {
                    code: code.into(),
                    name: c.name.clone().into(),
                    aliases: c.aliases.iter().map(Text::from).collect(),
                    names: c
                        .names
                        .iter()
                        .map(|(lang, name)| (Text::from(lang.clone()), Text::from(name.clone())))
                        .collect(),
                });
            }
        }
        Countries::new(list)
    }

    fn sections(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for section in &raw.section {
                let s = section.get_ref();
                if self.too_long(file, &s.id, "section") {
                    continue;
                }
                if self.duplicate(&mut first, file, &s.id, "section id") {
                    continue;
                }
                sections.push(Section {
                    id: s.id.get_ref().into(),
                    title: s.title.clone().into(),
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
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for question in &raw.question {
                let q = question.get_ref();
                let id = q.id.get_ref();
                if self.too_long(file, &q.id, "question") {
                    continue;
                }
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
                if self.duplicate(&mut first, file, &q.id, "question id") {
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
                self.asking = Some(id.clone());
                let ask_if = q
                    .ask_if
                    .as_ref()
                    .and_then(|cond| self.condition(file, cond, &visible, countries, 0));
                self.asking = None;
                if let (Some(raw), Some(built)) = (&q.ask_if, &ask_if) {
                    let what = format!("question `{id}` is never asked");
                    self.never_true(file, raw, built, &visible, countries, &what);
                }
                let mut built = Question {
                    id: id.into(),
                    section: q.section.get_ref().into(),
                    kind: q.kind,
                    prompt: q.prompt.get_ref().trim().to_string().into(),
                    help: q
                        .help
                        .as_ref()
                        .map(|h| h.get_ref().trim().to_string().into())
                        .unwrap_or_default(),
                    choices,
                    ask_if,
                    default: None,
                    risk: self.risk(file, q),
                    judged_if: None,
                    not_judged: Text::default(),
                    currency: self.currency(file, q),
                };
                // Like `ask_if`, it may name only questions asked before this one.
                built.judged_if = q
                    .judged_if
                    .as_ref()
                    .and_then(|cond| self.condition(file, cond, &visible, countries, 0));
                match (&q.judged_if, &q.not_judged) {
                    (Some(_), Some(words)) if !words.get_ref().trim().is_empty() => {
                        built.not_judged = words.get_ref().trim().to_string().into();
                    }
                    (Some(cond), _) => {
                        self.report(
                            file,
                            cond,
                            format!("question `{id}` has `judged_if` but no `not_judged` text"),
                        )
                        .help("add `not_judged = \"...\"`: what the report tells the person when the rules do not judge this answer");
                    }
                    (None, Some(words)) => {
                        self.report(
                            file,
                            words,
                            format!("question `{id}` has `not_judged` but no `judged_if`"),
                        )
                        .help("add `judged_if = { ... }`, the condition under which the rules judge this answer");
                    }
                    (None, None) => {}
                }
                if let Some(default) = &q.default {
                    built.default = self.default_value(file, &built, default, countries);
                }
                questions.push(built);
            }
        }
        questions
    }

    /// The currency words of an amount question: lowercase words or signs
    /// with no spaces, and only on number questions.
    fn currency(&mut self, file: &RuleFile, q: &RawQuestion) -> Vec<Text> {
        let Some(words) = &q.currency else {
            return Vec::new();
        };
        let id = q.id.get_ref();
        if q.kind != QuestionKind::Number {
            self.report(
                file,
                words,
                format!(
                    "question `{id}` is of kind `{}`; only number questions have `currency`",
                    q.kind.as_str()
                ),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for word in words.get_ref() {
            let text = word.get_ref();
            if text.is_empty()
                || text
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_ascii_digit())
                || text.to_lowercase() != *text
            {
                self.report(
                    file,
                    word,
                    format!("`{text}` in `currency` of question `{id}` is not a currency word"),
                )
                .help("write each word or sign as people type it before or after the number, in lowercase, with no spaces or digits, such as \"ksh\" or \"$\"");
            } else {
                out.push(Text::from(text.clone()));
            }
        }
        out
    }

    /// Which answers of a question are the riskier ones: `risky` for yes/no
    /// and number questions, each choice's `risk` (checked in
    /// [`Validator::choices`]) and `dont_know_risk` for choice questions.
    fn risk(&mut self, file: &RuleFile, q: &RawQuestion) -> Risk {
        let id = q.id.get_ref();
        let kind = q.kind;
        if let Some(rank) = &q.dont_know_risk
            && !kind.has_choices()
        {
            self.report(
                file,
                rank,
                format!(
                    "question `{id}` is of kind `{}`; only choice questions have `dont_know_risk`",
                    kind.as_str()
                ),
            );
        }
        let risky = q
            .risky
            .as_ref()
            .map(|risky| (risky, risky.get_ref().as_str()));
        match (kind, risky) {
            (QuestionKind::YesNo, Some((_, "yes"))) => Risk::YesNo { yes_is_risky: true },
            (QuestionKind::YesNo, Some((_, "no"))) => Risk::YesNo {
                yes_is_risky: false,
            },
            (QuestionKind::Number, Some((_, "higher"))) => Risk::Higher,
            (QuestionKind::Number, None) => Risk::Unranked,
            // Unranked questions are allowed (a rule set of one's own need not
            // rank its answers); the default rules rank every one, and a test
            // holds them to it.
            (QuestionKind::YesNo, None) => Risk::Unranked,
            (QuestionKind::YesNo | QuestionKind::Number, Some((spanned, other))) => {
                let expected = if kind == QuestionKind::YesNo {
                    "`\"yes\"` or `\"no\"`"
                } else {
                    "`\"higher\"`"
                };
                self.report(
                    file,
                    spanned,
                    format!("`risky = \"{other}\"` for question `{id}`: expected {expected}"),
                );
                Risk::Unranked
            }
            (_, Some((spanned, _))) => {
                self.report(
                    file,
                    spanned,
                    format!(
                        "question `{id}` is of kind `{}`; only yes/no and number questions have `risky`",
                        kind.as_str()
                    ),
                )
                .help("rank a choice question's answers with each choice's `risk`");
                Risk::Unranked
            }
            (_, None) if kind.has_choices() => Risk::Ranked {
                dont_know: q.dont_know_risk.as_ref().map(|rank| *rank.get_ref()),
            },
            (_, None) => Risk::Unranked,
        }
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
                        "question `{id}` is of kind `{}` but has no `choices`",
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
                    "question `{id}` is of kind `{}`; only choice questions have `choices`",
                    q.kind.as_str()
                ),
            );
            return Vec::new();
        }
        if raw_choices.get_ref().len() > MAX_CHOICES {
            self.report(
                file,
                raw_choices,
                format!(
                    "question `{id}` has {} choices; the limit is {MAX_CHOICES}",
                    raw_choices.get_ref().len()
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
            if self.too_long(file, &c.id, "choice") {
                continue;
            }
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
                if c.risk.is_none()
                    && raw_choices
                        .get_ref()
                        .iter()
                        .any(|other| other.get_ref().risk.is_some())
                {
                    self.report(
                        file,
                        choice,
                        format!("choice `{choice_id}` of question `{id}` has no `risk`, though other choices have one"),
                    )
                    .help("rank every choice of the question: `risk = 0` for the least risky, higher for riskier ones, equal for choices that do not rank against each other (SPEC.md principle 8)");
                }
                let risk = c.risk.unwrap_or(0);
                choices.push(ChoiceOption {
                    id: choice_id.into(),
                    label: c.label.clone().into(),
                    risk,
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
                name: Text::default(),
                version: Text::default(),
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
            lists: SignalLists::default(),
            phrase_groups: Vec::new(),
            agency: Default::default(),
            htcds: None,
            registry: None,
            phrase_matcher: std::sync::OnceLock::new(),
            question_index: std::sync::OnceLock::new(),
            texts: Texts::default(),
        };
        let raw = RawAnswer {
            key: question.id.as_str().into(),
            value: match default.get_ref() {
                toml::Value::String(s) => RawValue::String(s.as_str().into()),
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
        let mut first = BTreeMap::new();
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
                if self.duplicate(&mut first, file, &r.id, "rule id") {
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
                let what = format!("rule `{id}` can never fire");
                self.never_true(file, &r.when, &when, visible, countries, &what);
                rules.push(Rule {
                    id: id.into(),
                    title: r.title.get_ref().trim().to_string().into(),
                    severity: r.severity,
                    points: r.points,
                    critical,
                    when,
                    why: r.why.get_ref().trim().to_string().into(),
                    advice: r.advice.get_ref().trim().to_string().into(),
                    sources,
                    refer: {
                        let mut refer = r.refer.clone();
                        refer.sort();
                        refer.dedup();
                        refer
                    },
                    fact: r.fact.as_ref().map(|fact| fact.get_ref().clone().into()),
                });
                if let Some(fact) = &r.fact
                    && !is_snake_case(fact.get_ref())
                {
                    self.report(
                        file,
                        fact,
                        format!("fact `{}` of rule `{id}` is not snake_case", fact.get_ref()),
                    )
                    .help(
                        "name the fact in lowercase letters, digits and `_`, such as `money_asked`",
                    );
                }
            }
        }
        self.lone_facts(parsed);
        rules
    }

    /// A fact names what several rules see from different evidence; one
    /// named by a single rule is most likely a misspelt name.
    fn lone_facts(&mut self, parsed: &[(&RuleFile, RawFile)]) {
        let mut uses: BTreeMap<&str, Vec<(&RuleFile, &Spanned<String>)>> = BTreeMap::new();
        for (file, raw) in parsed {
            for rule in &raw.rule {
                if let Some(fact) = &rule.get_ref().fact {
                    uses.entry(fact.get_ref()).or_default().push((file, fact));
                }
            }
        }
        for (fact, places) in uses {
            if let [(file, spanned)] = places.as_slice() {
                let known: Vec<&str> = parsed
                    .iter()
                    .flat_map(|(_, raw)| &raw.rule)
                    .filter_map(|rule| rule.get_ref().fact.as_ref())
                    .map(|other| other.get_ref().as_str())
                    .filter(|other| *other != fact)
                    .collect();
                let hint = did_you_mean(fact, known.iter().copied());
                self.report(
                    file,
                    spanned,
                    format!("fact `{fact}` is named by this rule only"),
                )
                .help(hint.unwrap_or_else(|| {
                    "a fact joins the rules that see one thing from different evidence; give the other rules the same `fact`, or remove it".into()
                }));
            }
        }
    }

    /// The `[lang.CODE...]` tables: every id must exist, every text be
    /// non-empty and given once, and interface wording may only use the
    /// `{placeholders}` of its English original.
    fn texts<'a>(
        &mut self,
        parsed: &'a [(&'a RuleFile, RawFile)],
        sections: &'a [Section],
        questions: &'a [Question],
        rules: &'a [Rule],
        channels: &'a [Channel],
    ) -> Texts {
        let known = |what, valid: Vec<&'a str>, get: fn(&'a RawFile) -> Vec<&'a str>| Known {
            what,
            valid,
            declared: parsed.iter().flat_map(|(_, raw)| get(raw)).collect(),
        };
        let known_sections = known(
            "section",
            sections.iter().map(|s| s.id.as_str()).collect(),
            |raw| {
                raw.section
                    .iter()
                    .map(|s| s.get_ref().id.get_ref().as_str())
                    .collect()
            },
        );
        let known_questions = known(
            "question",
            questions.iter().map(|q| q.id.as_str()).collect(),
            |raw| {
                raw.question
                    .iter()
                    .map(|q| q.get_ref().id.get_ref().as_str())
                    .collect()
            },
        );
        let known_rules = known(
            "rule",
            rules.iter().map(|r| r.id.as_str()).collect(),
            |raw| {
                raw.rule
                    .iter()
                    .map(|r| r.get_ref().id.get_ref().as_str())
                    .collect()
            },
        );
        let known_channels = known(
            "channel",
            channels.iter().map(|c| c.id.as_str()).collect(),
            |raw| {
                raw.channel
                    .iter()
                    .map(|c| c.get_ref().id.get_ref().as_str())
                    .collect()
            },
        );
        let base_ui = base_english_ui();
        let mut translations: BTreeMap<String, Translation> = BTreeMap::new();
        translations.entry(ENGLISH.to_string()).or_default().ui = base_ui.clone();
        let mut seen = BTreeSet::new();
        for (file, raw) in parsed {
            for (code, lang) in &raw.lang {
                if !is_language_code(code) {
                    self.report(file, lang, format!("`{code}` is not a language code"))
                        .help("use a lowercase ISO 639 code such as `sw` in `[lang.sw]`");
                    continue;
                }
                let l = lang.get_ref();
                if code == ENGLISH
                    && !(l.sections.is_empty()
                        && l.questions.is_empty()
                        && l.rules.is_empty()
                        && l.channels.is_empty())
                {
                    self.report(file, lang, "`[lang.en]` may only hold `ui` wording".into())
                        .help("write English questions, rules and channels in their own tables");
                }
                let mut tr = translations.remove(code).unwrap_or_default();
                let mut text = |this: &mut Self, key: String, value: &Spanned<String>| {
                    let trimmed = value.get_ref().trim();
                    if trimmed.is_empty() {
                        this.report(file, value, format!("`{key}` is empty"))
                            .help("write the text, or leave the key out to use English");
                        return None;
                    }
                    if !seen.insert(key.clone()) {
                        this.report(file, value, format!("`{key}` is given twice"));
                        return None;
                    }
                    Some(Text::from(trimmed.to_string()))
                };
                for (id, raw_text) in &l.sections {
                    if !sections.iter().any(|s| &s.id == id) {
                        self.unknown_id(file, raw_text, &known_sections, code, id);
                        continue;
                    }
                    if let Some(title) = &raw_text.get_ref().title
                        && let Some(title) =
                            text(self, format!("lang.{code}.sections.{id}.title"), title)
                    {
                        tr.sections.insert(id.into(), title);
                    }
                }
                for (id, raw_text) in &l.questions {
                    let Some(question) = questions.iter().find(|q| &q.id == id) else {
                        self.unknown_id(file, raw_text, &known_questions, code, id);
                        continue;
                    };
                    let t = raw_text.get_ref();
                    let entry = tr.questions.entry(id.into()).or_default();
                    if let Some(prompt) = &t.prompt {
                        entry.prompt =
                            text(self, format!("lang.{code}.questions.{id}.prompt"), prompt);
                    }
                    if let Some(help) = &t.help {
                        entry.help = text(self, format!("lang.{code}.questions.{id}.help"), help);
                    }
                    if let Some(not_judged) = &t.not_judged {
                        entry.not_judged = text(
                            self,
                            format!("lang.{code}.questions.{id}.not_judged"),
                            not_judged,
                        );
                    }
                    for (choice, label) in &t.choices {
                        if !question.choices.iter().any(|c| &c.id == choice) {
                            let ids = question.choices.iter().map(|c| c.id.as_str());
                            let hint = did_you_mean(choice, ids).unwrap_or_else(|| {
                                if question.choices.is_empty() {
                                    format!(
                                        "`{id}` is of kind `{}` but has no choices",
                                        question.kind.as_str()
                                    )
                                } else {
                                    "translate only the choices the question has".into()
                                }
                            });
                            self.report(file, label, format!("`{id}` has no choice `{choice}`"))
                                .help(hint);
                            continue;
                        }
                        if let Some(label) = text(
                            self,
                            format!("lang.{code}.questions.{id}.choices.{choice}"),
                            label,
                        ) {
                            entry.choices.insert(choice.into(), label);
                        }
                    }
                }
                for (id, raw_text) in &l.rules {
                    if !rules.iter().any(|r| &r.id == id) {
                        self.unknown_id(file, raw_text, &known_rules, code, id);
                        continue;
                    }
                    let t = raw_text.get_ref();
                    let entry = tr.rules.entry(id.into()).or_default();
                    for (field, value, slot) in [
                        ("title", &t.title, &mut entry.title),
                        ("why", &t.why, &mut entry.why),
                        ("advice", &t.advice, &mut entry.advice),
                    ] {
                        if let Some(value) = value {
                            *slot = text(self, format!("lang.{code}.rules.{id}.{field}"), value);
                        }
                    }
                }
                for (id, raw_text) in &l.channels {
                    if !channels.iter().any(|c| &c.id == id) {
                        self.unknown_id(file, raw_text, &known_channels, code, id);
                        continue;
                    }
                    let t = raw_text.get_ref();
                    let entry = tr.channels.entry(id.into()).or_default();
                    for (field, value, slot) in [
                        ("name", &t.name, &mut entry.name),
                        ("description", &t.description, &mut entry.description),
                    ] {
                        if let Some(value) = value {
                            *slot = text(self, format!("lang.{code}.channels.{id}.{field}"), value);
                        }
                    }
                }
                for (key, value) in &l.ui {
                    let Some(english) = base_ui.get(key.as_str()) else {
                        let hint = did_you_mean(key, base_ui.keys().map(Text::as_str));
                        self.report(file, value, format!("unknown interface text `{key}`"))
                            .help(hint.unwrap_or_else(|| {
                                "translate only the keys of `[lang.en.ui]` in the default rules/ui.toml".into()
                            }));
                        continue;
                    };
                    let allowed = placeholders(english);
                    let unknown: Vec<String> = placeholders(value.get_ref())
                        .into_iter()
                        .filter(|name| !allowed.contains(name))
                        .map(|name| format!("`{{{name}}}`"))
                        .collect();
                    if !unknown.is_empty() {
                        let known: Vec<String> =
                            allowed.iter().map(|name| format!("`{{{name}}}`")).collect();
                        self.report(
                            file,
                            value,
                            format!(
                                "`{key}` uses {} that the English text does not have",
                                unknown.join(", ")
                            ),
                        )
                        .help(if known.is_empty() {
                            "this text takes no placeholders".to_string()
                        } else {
                            format!("it may use {}", known.join(", "))
                        });
                        continue;
                    }
                    if let Some(wording) = text(self, format!("lang.{code}.ui.{key}"), value) {
                        tr.ui.insert(key.into(), wording);
                    }
                }
                translations.insert(code.clone(), tr);
            }
        }
        Texts {
            lang: ENGLISH.to_string(),
            ui: BTreeMap::new(),
            translations,
            deferred: BTreeMap::new(),
            ui_index: Default::default(),
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

    fn source(&mut self, file: &RuleFile, source: &Spanned<RawSource>) -> Option<Source> {
        let s = source.get_ref();
        if s.title.trim().is_empty() {
            self.report(file, source, "a source without a title".into());
        }
        self.https_url(file, &s.url)?;
        Some(Source {
            title: s.title.trim().to_string().into(),
            url: s.url.get_ref().into(),
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
        let mut first = BTreeMap::new();
        for (file, raw) in parsed {
            for channel in &raw.channel {
                let c = channel.get_ref();
                let id = c.id.get_ref();
                if self.duplicate(&mut first, file, &c.id, "channel id") {
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
                if c.url.is_none()
                    && c.phone.is_none()
                    && c.email.is_none()
                    && c.reach_via.is_none()
                {
                    self.report(
                        file,
                        &c.id,
                        format!("channel `{id}` has no url, phone or email"),
                    )
                    .help("add one that the source states, or, when none can be confirmed, `reach_via = \"ID\"`: a channel of the same country that can put people in touch with it");
                }
                let checked = match &c.checked {
                    Some(date) if is_date(date.get_ref()) => Some(Text::from(date.get_ref())),
                    Some(date) => {
                        self.report(
                            file,
                            date,
                            format!("`{}` is not a date written YYYY-MM-DD", date.get_ref()),
                        )
                        .help("write the day someone confirmed the source, such as `2026-11-27`");
                        None
                    }
                    None => {
                        self.report(file, &c.id, format!("channel `{id}` has no `checked` date"))
                            .help("add `checked = \"YYYY-MM-DD\"`: the day someone confirmed that the source states these details");
                        None
                    }
                };
                if let (Some(country), Some(source), true, Some(checked)) =
                    (country, source, url_ok, checked)
                {
                    channels.push(Channel {
                        id: id.into(),
                        country,
                        destination: destination.flatten(),
                        name: c.name.clone().into(),
                        purpose: c.purpose,
                        description: c.description.trim().to_string().into(),
                        url: c.url.as_ref().map(|u| u.get_ref().into()),
                        phone: c.phone.as_ref().map(Text::from),
                        email: c.email.as_ref().map(Text::from),
                        reach_via: c.reach_via.as_ref().map(|via| Text::from(via.get_ref())),
                        source,
                        checked,
                    });
                }
            }
        }
        self.reach_via(parsed, &channels);
        channels
    }

    /// Each `reach_via` names a channel of the same country, listed for every
    /// destination, that can be reached directly: it is listed wherever the
    /// channel that points to it is, and no chain of pointers can hide that
    /// nothing can be reached.
    fn reach_via(&mut self, parsed: &[(&RuleFile, RawFile)], channels: &[Channel]) {
        for (file, raw) in parsed {
            for channel in &raw.channel {
                let c = channel.get_ref();
                let Some(via) = &c.reach_via else { continue };
                let wanted = via.get_ref();
                let declared = parsed
                    .iter()
                    .flat_map(|(_, raw)| &raw.channel)
                    .any(|other| other.get_ref().id.get_ref() == wanted);
                let Some(target) = channels.iter().find(|other| other.id == *wanted) else {
                    if !declared {
                        let hint = did_you_mean(wanted, channels.iter().map(|ch| ch.id.as_str()));
                        self.report(file, via, format!("unknown channel `{wanted}`"))
                            .help(hint.unwrap_or_else(|| {
                                "name the `id` of another `[[channel]]`".into()
                            }));
                    }
                    continue;
                };
                if target.url.is_none() && target.phone.is_none() && target.email.is_none() {
                    self.report(
                        file,
                        via,
                        format!("channel `{wanted}` has no url, phone or email of its own"),
                    )
                    .help("point `reach_via` at a channel that can be reached directly");
                } else if *target.country != **c.country.get_ref() || target.destination.is_some() {
                    self.report(
                        file,
                        via,
                        format!(
                            "channel `{wanted}` is not listed wherever `{}` is",
                            c.id.get_ref()
                        ),
                    )
                    .help("point `reach_via` at a channel of the same `country` with no `destination`");
                }
            }
        }
    }

    fn country_code(
        &mut self,
        file: &RuleFile,
        code: &Spanned<String>,
        countries: &Countries,
    ) -> Option<Text> {
        if self.full() {
            // Stop before the costly "did you mean" search once enough is reported.
            self.truncated = true;
            return None;
        }
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
        if self.full() {
            self.truncated = true;
            return None;
        }
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
            (c.signal.is_some(), "signal"),
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
                .help("use exactly one of `all = [...]`, `any = [...]`, `not = {...}`, `signal = \"...\"` or `question = \"...\"` with a test");
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
        if let Some(signal) = &c.signal {
            return self.signal(file, raw, signal);
        }
        let question_name = c.question.as_ref()?;
        self.test(file, raw, question_name, visible, countries)
    }

    /// `{ signal = "id" }`: a known signal, and nothing else in the table.
    fn signal(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        signal: &Spanned<String>,
    ) -> Option<Condition> {
        let c = raw.get_ref();
        let extra = c.is.is_some()
            || c.one_of.is_some()
            || c.contains.is_some()
            || c.contains_any.is_some()
            || c.at_least.is_some()
            || c.above.is_some()
            || c.below.is_some()
            || c.at_most.is_some();
        if extra {
            self.report(
                file,
                raw,
                "a `signal` condition takes no test: it is true when the check fired".into(),
            )
            .help(
                "write `{ signal = \"...\" }`, and `not = { signal = \"...\" }` for the opposite",
            );
            return None;
        }
        if !self.signals.contains(signal.get_ref()) {
            let hint = did_you_mean(signal.get_ref(), self.signals.iter().map(String::as_str));
            self.report(file, signal, format!("unknown signal `{}`", signal.get_ref()))
                .help(hint.unwrap_or_else(|| "signals are the built-in checks (see rules/README.md) and the `[[phrase_group]]` ids".into()));
            return None;
        }
        Some(Condition::Signal(signal.get_ref().into()))
    }

    fn test(
        &mut self,
        file: &RuleFile,
        raw: &Spanned<RawCondition>,
        question_name: &Spanned<String>,
        visible: &Visible,
        countries: &Countries,
    ) -> Option<Condition> {
        if self.full() {
            // Stop before the costly "did you mean" search once enough is reported.
            self.truncated = true;
            return None;
        }
        let c = raw.get_ref();
        let Some(question) = visible.get(question_name.get_ref().as_str()).copied() else {
            let name = question_name.get_ref();
            if let Some(asking) = self.asking.clone() {
                if &asking == name {
                    self.report(
                        file,
                        question_name,
                        format!("the `ask_if` of question `{name}` refers to `{name}` itself"),
                    )
                    .help("ask_if may only refer to questions asked before this one (this would make a cycle)");
                    return None;
                }
                if self.question_ids.contains(name) {
                    self.report(
                        file,
                        question_name,
                        format!("the `ask_if` of question `{asking}` refers to `{name}`, which is asked later"),
                    )
                    .help(format!("ask_if may only refer to questions asked before this one (this would make a cycle or ask out of order); move `{name}` before `{asking}`"));
                    return None;
                }
            }
            let hint = did_you_mean(question_name.get_ref(), visible.keys().copied());
            self.report(
                file,
                question_name,
                format!("unknown question `{}`", question_name.get_ref()),
            )
            .help(hint.unwrap_or_else(|| {
                "a condition may only name a question declared with `[[question]]`".into()
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
    ) -> Option<Vec<Text>> {
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
    ) -> Option<Text> {
        if self.full() {
            // Stop before the costly "did you mean" search once enough is reported.
            self.truncated = true;
            return None;
        }
        let text = value.get_ref();
        match question.kind {
            QuestionKind::YesNo if text == "yes" || text == "no" => Some(text.into()),
            QuestionKind::YesNo => {
                self.report(
                    file,
                    value,
                    format!("`{text}` is not `yes`, `no` or `unknown`"),
                );
                None
            }
            QuestionKind::Country => self.country_code(file, value, countries),
            _ if question.choices.iter().any(|c| &c.id == text) => Some(text.into()),
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
fn base_english_ui() -> BTreeMap<Text, Text> {
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

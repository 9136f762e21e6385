//! The assessment: a pure function from a rule set and answers to a [`Report`].
//! No I/O, no terminal.
//!
//! It is done in two steps: [`evaluate`] decides every rule and borrows
//! everything it names from the rule set (cheap enough to run a million
//! times in `batch`), and [`Evaluation::report`] copies what a report needs.

use std::collections::HashMap;

use crate::answers::{Answer, Answers, Value};
use crate::report::{
    Checks, Coverage, Evidence, Finding, LevelReason, ListedChannel, NotJudged, Reason, Report,
    SCHEMA_VERSION,
};
use crate::rules::{
    Condition, IdHash, Level, QuestionKind, Rule, RuleSet, Test, Truth, contract, same_id,
};
use crate::signals::{Quotes, signals_of};

/// Scores the answers against every rule and builds the report.
///
/// A rule fires when its condition is true; a rule whose condition is undecided
/// for lack of answers is a check that could not be made. The level comes from
/// the score and the rule set's thresholds, unless a critical rule fired.
pub fn assess(rules: &RuleSet, given: &Answers) -> Report {
    evaluate(rules, given.clone()).report()
}

/// The verdict of a rule set on a set of answers, borrowing from the rule set.
#[derive(Debug, Clone)]
pub struct Evaluation<'r> {
    /// The rule set evaluated.
    pub rules: &'r RuleSet,
    /// The answers assessed, with each unanswered question's default filled
    /// in and the signals computed from them (without the advert's quotes,
    /// which [`Evaluation::report`] finds again when a finding shows them).
    pub answers: Answers,
    /// The rules that fired, most serious first (the rule set's order breaks ties).
    pub fired: Vec<&'r Rule>,
    /// Sum of the points of the rules that fired.
    pub score: u32,
    /// The overall level.
    pub level: Level,
    /// How the level was reached.
    pub level_reason: LevelReason,
    /// Rules in the rule set.
    pub checks_total: u32,
    /// Rules decided (fired or not).
    pub checks_made: u32,
    /// Rules that could not be decided for lack of answers.
    pub not_made: Vec<&'r str>,
    /// Questions that apply but were not answered, or answered "don't know".
    pub unanswered: Vec<&'r str>,
    /// The subset of `unanswered` answered "don't know".
    pub dont_know: Vec<&'r str>,
    /// Questions not answered whose default was used.
    pub defaulted: Vec<&'r str>,
    /// How many of the questions that apply were answered.
    pub coverage: Coverage,
    /// Whether enough questions were answered for the result to mean much.
    pub complete: bool,
}

/// Decides every rule on the answers given (see [`assess`]), without copying
/// any text out of the rule set.
pub fn evaluate(rules: &RuleSet, given: Answers) -> Evaluation<'_> {
    Plan::new(rules).evaluate(given)
}

/// A rule set prepared for many evaluations (as in `batch`): every question
/// id and signal id in a condition is resolved once to a slot, so deciding a
/// rule looks answers and signals up by position instead of comparing ids.
#[derive(Debug)]
pub struct Plan<'r> {
    rules: &'r RuleSet,
    when: Vec<Node<'r>>,
    ask_if: Vec<Option<Node<'r>>>,
    /// The slot of each signal a condition names.
    signal_slots: SignalSlots<'r>,
}

/// The signals the conditions name, each given a slot the first time it is
/// named.
type SignalSlots<'r> = HashMap<&'r str, usize, IdHash>;

/// A condition whose questions are slots; evaluated exactly as
/// [`Condition::eval`], with each test decided by [`Test::eval`].
#[derive(Debug)]
enum Node<'r> {
    All(Vec<Node<'r>>),
    Any(Vec<Node<'r>>),
    Not(Box<Node<'r>>),
    /// `is` or `one_of`, the commonest tests, decided without comparing
    /// words for yes/no answers: whether the answer's single word (see
    /// [`crate::answers::Value::as_single`]) is among `wanted`, with the
    /// answers for `yes` and `no` worked out once.
    Single {
        slot: Option<usize>,
        yes: bool,
        no: bool,
        wanted: Vec<&'r str>,
    },
    Test(Option<usize>, &'r Test),
    /// A signal, by its slot in [`Plan::signal_slots`].
    Signal(usize),
}

impl<'r> Node<'r> {
    fn new(
        condition: &'r Condition,
        rules: &'r RuleSet,
        signals: &mut SignalSlots<'r>,
    ) -> Node<'r> {
        match condition {
            Condition::All(parts) => {
                Node::All(parts.iter().map(|p| Node::new(p, rules, signals)).collect())
            }
            Condition::Any(parts) => {
                Node::Any(parts.iter().map(|p| Node::new(p, rules, signals)).collect())
            }
            Condition::Not(inner) => Node::Not(Box::new(Node::new(inner, rules, signals))),
            Condition::Test { question, test } => {
                let slot = rules.question_slot(question);
                let words = match test {
                    Test::Is(word) => std::slice::from_ref(word),
                    Test::OneOf(words) => words.as_slice(),
                    _ => return Node::Test(slot, test),
                };
                // Each word as the rule set's own choice id or country code
                // where it is one: answers hold those, so a match is usually
                // the same string in memory (see `same_id`).
                let question = slot.map(|slot| &rules.questions[slot]);
                let choices = question.map_or(&[][..], |q| &q.choices[..]);
                let country = question.is_some_and(|q| q.kind == QuestionKind::Country);
                let wanted: Vec<&'r str> = words
                    .iter()
                    .map(|word| {
                        let own = if country {
                            rules.countries.with_code(word).map(|c| &c.code)
                        } else {
                            choices.iter().map(|c| &c.id).find(|id| *id == word)
                        };
                        own.unwrap_or(word).as_str()
                    })
                    .collect();
                Node::Single {
                    slot,
                    yes: wanted.contains(&"yes"),
                    no: wanted.contains(&"no"),
                    wanted,
                }
            }
            Condition::Signal(id) => {
                let next = signals.len();
                Node::Signal(*signals.entry(id.as_str()).or_insert(next))
            }
        }
    }

    /// Decides the node; `answers` and `signals` by slot.
    ///
    /// Tests are decided here, inline in the caller; only `all`, `any` and
    /// `not` call [`Node::eval_parts`]. Most nodes are tests, and a call for
    /// each (with the registers it saves) cost more than deciding them.
    #[inline(always)]
    fn eval(&self, answers: &[Option<&Answer>], signals: &[Truth]) -> Truth {
        match self {
            Node::All(_) | Node::Any(_) | Node::Not(_) => self.eval_parts(answers, signals),
            Node::Single {
                slot,
                yes,
                no,
                wanted,
            } => match slot.and_then(|slot| answers[slot]) {
                None | Some(Answer::DontKnow) => Truth::Undecided,
                Some(Answer::Known(value)) => Truth::from_bool(match value {
                    Value::Yes => *yes,
                    Value::No => *no,
                    Value::Choice(id) | Value::Country(id) => {
                        wanted.iter().any(|word| same_id(word, id))
                    }
                    _ => false,
                }),
            },
            Node::Test(slot, test) => test.eval(slot.and_then(|slot| answers[slot])),
            Node::Signal(slot) => signals[*slot],
        }
    }

    /// Decides an `all`, `any` or `not` node (see [`Node::eval`]).
    #[inline(never)]
    fn eval_parts(&self, answers: &[Option<&Answer>], signals: &[Truth]) -> Truth {
        match self {
            Node::All(parts) => Truth::all(parts.iter().map(|part| part.eval(answers, signals))),
            Node::Any(parts) => Truth::any(parts.iter().map(|part| part.eval(answers, signals))),
            Node::Not(inner) => inner.eval(answers, signals).negate(),
            // Not reached: `eval` decides tests itself.
            test => test.eval(answers, signals),
        }
    }
}

impl<'r> Plan<'r> {
    /// Prepares the rule set.
    pub fn new(rules: &'r RuleSet) -> Plan<'r> {
        let mut signal_slots = SignalSlots::default();
        let when = rules
            .rules
            .iter()
            .map(|rule| Node::new(&rule.when, rules, &mut signal_slots))
            .collect();
        let ask_if = rules
            .questions
            .iter()
            .map(|question| {
                question
                    .ask_if
                    .as_ref()
                    .map(|cond| Node::new(cond, rules, &mut signal_slots))
            })
            .collect();
        Plan {
            rules,
            when,
            ask_if,
            signal_slots,
        }
    }

    /// Each named signal's result, by slot: undecided when its input was
    /// not given. A signal set twice counts as set last, as
    /// [`Answers::signal`] reads it.
    fn signal_truths(&self, answers: &Answers, truths: &mut Vec<Truth>) {
        truths.clear();
        truths.resize(self.signal_slots.len(), Truth::Undecided);
        for (id, signal) in answers.signals() {
            if let Some(&slot) = self.signal_slots.get(id) {
                truths[slot] = Truth::from_bool(signal.fired);
            }
        }
    }

    /// Decides every rule on the answers given (see [`evaluate`]).
    pub fn evaluate(&self, given: Answers) -> Evaluation<'r> {
        self.evaluate_reusing(given, &mut Spare::default())
    }

    /// [`Plan::evaluate`], with the lists of the evaluation taken from
    /// `spare` (see [`Spare::keep`]) instead of allocated.
    pub fn evaluate_reusing(&self, given: Answers, spare: &mut Spare<'r>) -> Evaluation<'r> {
        let rules = self.rules;
        let mut answers = given;
        let mut filled = reuse(&mut spare.filled, 0);
        for question in &rules.questions {
            let Some(default) = &question.default else {
                continue;
            };
            if answers.get(&question.id).is_none() {
                filled.push(question.id.as_str());
                answers.set(&question.id, Answer::Known(default.clone()));
            }
        }
        // Quotes only for a report that shows them (see `Evaluation::report`).
        crate::signals::add_signals_quoting(rules, &mut answers, Quotes::Skip);
        let slots = slots(rules, &answers);
        let mut signals = std::mem::take(&mut spare.signals);
        self.signal_truths(&answers, &mut signals);
        // Sized once: growing these a push at a time cost more than deciding the rules.
        let mut fired = reuse(&mut spare.fired, rules.rules.len());
        let mut not_made = reuse(&mut spare.not_made, rules.rules.len());
        let mut checks_made = 0u32;
        for (rule, when) in rules.rules.iter().zip(&self.when) {
            match when.eval(&slots, &signals) {
                Truth::True => {
                    checks_made += 1;
                    fired.push(rule);
                }
                Truth::False => checks_made += 1,
                Truth::Undecided => not_made.push(rule.id.as_str()),
            }
        }
        // Most serious first; the rule set's order breaks ties (the sort is stable).
        crate::order::sort_short_by(&mut fired, |a, b| {
            b.severity.cmp(&a.severity).then(b.points.cmp(&a.points))
        });
        let checks_total = u32::try_from(rules.rules.len()).unwrap_or(u32::MAX);

        let score = (0..fired.len())
            .filter(|&index| counted_with(&fired, index).is_none())
            .map(|index| fired[index].points)
            .fold(0u32, u32::saturating_add);
        let (level, level_reason) = if fired.iter().any(|rule| rule.critical) {
            (Level::Critical, LevelReason::CriticalRule)
        } else {
            (rules.levels.level_for(score), LevelReason::Score)
        };

        let mut unanswered = reuse(&mut spare.unanswered, rules.questions.len());
        let mut dont_know = reuse(&mut spare.dont_know, rules.questions.len());
        let mut defaulted = reuse(&mut spare.defaulted, 0);
        let mut coverage = Coverage {
            minimum: rules.min_coverage,
            ..Coverage::default()
        };
        for (index, (question, ask_if)) in rules.questions.iter().zip(&self.ask_if).enumerate() {
            let applicable = ask_if
                .as_ref()
                .is_none_or(|cond| cond.eval(&slots, &signals) == Truth::True);
            if !applicable {
                continue;
            }
            if filled.iter().any(|id| same_id(id, &question.id)) {
                defaulted.push(question.id.as_str());
                continue;
            }
            coverage.questions += 1;
            match slots[index] {
                Some(Answer::Known(_)) => coverage.answered += 1,
                None => unanswered.push(question.id.as_str()),
                Some(Answer::DontKnow) => {
                    unanswered.push(question.id.as_str());
                    dont_know.push(question.id.as_str());
                }
            }
        }
        // Complete when enough of the questions that apply were answered; the
        // optional details (website, advert …) count like any other question.
        let complete = coverage.questions > 0
            && f64::from(coverage.answered) / f64::from(coverage.questions) >= coverage.minimum;
        drop(slots);
        spare.filled = filled;
        spare.signals = signals;
        Evaluation {
            rules,
            answers,
            fired,
            score,
            level,
            level_reason,
            checks_total,
            checks_made,
            not_made,
            unanswered,
            dont_know,
            defaulted,
            coverage,
            complete,
        }
    }
}

/// The rule whose points count for `fired[index]`'s fact, when it is not
/// `fired[index]` itself (`None`: its own points count).
///
/// Rules that share a [`Rule::fact`] see one fact from different evidence,
/// such as an advert that asks for a fee and the person's answer that they
/// were asked to pay. The fact counts once, with the points of the heaviest
/// of its rules that fired (the first of them in `fired` on a tie). So more
/// evidence about a fact can only raise what it counts, never switch another
/// sign off or count the fact twice.
pub fn counted_with<'r>(fired: &[&'r Rule], index: usize) -> Option<&'r Rule> {
    let rule = fired[index];
    let fact = rule.fact.as_ref()?;
    let heaviest = fired
        .iter()
        .filter(|other| other.fact.as_ref() == Some(fact))
        .reduce(|best, other| {
            if other.points > best.points {
                other
            } else {
                best
            }
        })?;
    (!std::ptr::eq(*heaviest, rule)).then_some(*heaviest)
}

/// The lists of evaluations that are done with, kept to be filled again by
/// [`Plan::evaluate_reusing`]: `batch` evaluates millions of answers, and
/// allocating and freeing a few lists for each cost more than some rules.
#[derive(Debug, Default)]
pub struct Spare<'r> {
    fired: Vec<&'r Rule>,
    not_made: Vec<&'r str>,
    unanswered: Vec<&'r str>,
    dont_know: Vec<&'r str>,
    defaulted: Vec<&'r str>,
    filled: Vec<&'r str>,
    signals: Vec<Truth>,
}

impl<'r> Spare<'r> {
    /// Keeps the lists of an evaluation that is no longer needed.
    pub fn keep(&mut self, evaluation: Evaluation<'r>) {
        fn emptied<T>(mut list: Vec<T>) -> Vec<T> {
            list.clear();
            list
        }
        self.fired = emptied(evaluation.fired);
        self.not_made = emptied(evaluation.not_made);
        self.unanswered = emptied(evaluation.unanswered);
        self.dont_know = emptied(evaluation.dont_know);
        self.defaulted = emptied(evaluation.defaulted);
    }
}

/// A kept list, empty, with room for `capacity` items.
fn reuse<T>(list: &mut Vec<T>, capacity: usize) -> Vec<T> {
    let mut list = std::mem::take(list);
    list.clear();
    list.reserve(capacity);
    list
}

/// Each question's answer, by its position in the rule set.
fn slots<'a>(rules: &RuleSet, answers: &'a Answers) -> Vec<Option<&'a Answer>> {
    let mut slots = vec![None; rules.questions.len()];
    let mut next = 0;
    for (id, answer) in answers.iter() {
        // Answers checked by `Answers::from_raw` come in question order, so
        // the question is a few places ahead; any other is looked up.
        let Some(slot) = rules.question_slot_from(id, next) else {
            continue;
        };
        slots[slot] = Some(answer);
        next = slot + 1;
    }
    slots
}

impl Evaluation<'_> {
    /// The full report: findings with their explanations, sources and
    /// evidence, and the official channels for the origin and destination.
    pub fn report(&self) -> Report {
        let answers = &self.answers;
        // The signals again, this time with their quotes, when a finding shows any.
        let quoted = if self
            .fired
            .iter()
            .any(|rule| !rule.when.signals().is_empty())
        {
            signals_of(self.rules, answers, Quotes::Keep)
        } else {
            Vec::new()
        };
        let signal = |id: &str| {
            quoted
                .iter()
                .find(|(found, _)| found.as_str() == id)
                .map(|(_, signal)| signal)
                .or_else(|| answers.signal(id))
        };
        let findings: Vec<Finding> = self
            .fired
            .iter()
            .enumerate()
            .map(|(index, rule)| Finding {
                rule: rule.id.clone(),
                title: rule.title.clone(),
                severity: rule.severity,
                points: rule.points,
                critical: rule.critical,
                fact: rule.fact.clone(),
                counted_with: counted_with(&self.fired, index).map(|other| other.id.clone()),
                why: rule.why.clone(),
                advice: rule.advice.clone(),
                sources: rule.sources.clone(),
                quotes: rule
                    .when
                    .signals()
                    .into_iter()
                    .filter_map(signal)
                    .filter(|signal| signal.fired)
                    .flat_map(|signal| signal.quotes.iter().cloned())
                    .collect(),
                evidence: rule
                    .when
                    .questions()
                    .into_iter()
                    .map(|question| Evidence {
                        question: question.to_string(),
                        answer: match answers.get(question) {
                            Some(Answer::Known(value)) => Some(value.clone()),
                            _ => None,
                        },
                    })
                    .collect(),
            })
            .collect();
        let strings = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
        let origin = country_answer(answers, contract::ORIGIN);
        let destination = country_answer(answers, contract::DESTINATION);
        let channels = referrals(self.rules, &self.fired, &findings, origin, destination);
        Report {
            schema_version: SCHEMA_VERSION,
            ruleset: self.rules.meta.clone(),
            level: self.level,
            level_reason: self.level_reason,
            forced_by: self
                .fired
                .iter()
                .filter(|rule| rule.critical)
                .map(|rule| rule.id.to_string())
                .collect(),
            score: self.score,
            thresholds: self.rules.levels,
            findings,
            checks: Checks {
                total: self.checks_total,
                made: self.checks_made,
                not_made: u32::try_from(self.not_made.len()).unwrap_or(u32::MAX),
                not_made_rules: strings(&self.not_made),
            },
            complete: self.complete,
            coverage: self.coverage.clone(),
            agency: crate::signals::agency::section(self.rules, answers),
            unanswered: strings(&self.unanswered),
            dont_know: strings(&self.dont_know),
            not_judged: self.not_judged(),
            defaulted: strings(&self.defaulted),
            answers: answers.to_json(),
            channels,
            lang: self.rules.lang().to_string(),
        }
    }
}

impl Evaluation<'_> {
    /// The answers given to questions whose `judged_if` does not hold.
    fn not_judged(&self) -> Vec<NotJudged> {
        self.rules
            .questions
            .iter()
            .filter(|question| {
                question.judged_if.as_ref().is_some_and(|judged| {
                    matches!(self.answers.get(&question.id), Some(Answer::Known(_)))
                        && judged.eval(&self.answers) != Truth::True
                })
            })
            .map(|question| NotJudged {
                question: question.id.to_string(),
                why: question.not_judged.clone(),
            })
            .collect()
    }
}

/// The channels for the origin (and destination), each with the findings whose
/// rules refer to its purpose. Channels that findings refer to come first,
/// ordered by the most serious finding that refers to them; the others follow
/// in the rule set's order with a general reason. `fired[i]` is the rule of
/// `findings[i]`.
fn referrals(
    rules: &RuleSet,
    fired: &[&Rule],
    findings: &[Finding],
    origin: Option<&str>,
    destination: Option<&str>,
) -> Vec<ListedChannel> {
    let mut listed: Vec<(usize, ListedChannel)> = rules
        .channels
        .iter()
        .filter(|channel| Some(channel.country.as_str()) == origin)
        .filter(|channel| channel.serves_destination(destination))
        .map(|channel| {
            let referring: Vec<(usize, &Finding)> = findings
                .iter()
                .enumerate()
                .filter(|(index, _)| {
                    fired
                        .get(*index)
                        .is_some_and(|rule| rule.refer.contains(&channel.purpose))
                })
                .collect();
            let first = referring.first().map_or(usize::MAX, |(index, _)| *index);
            let reasons = if referring.is_empty() {
                let key = format!("reason_general_{}", channel.purpose.as_str());
                vec![Reason::General {
                    text: rules.ui(&key).to_string(),
                }]
            } else {
                referring
                    .into_iter()
                    .map(|(_, finding)| Reason::Finding {
                        rule: finding.rule.clone(),
                        title: finding.title.clone(),
                    })
                    .collect()
            };
            (
                first,
                ListedChannel {
                    channel: channel.clone(),
                    reasons,
                },
            )
        })
        .collect();
    // A stable sort keeps the rule set's order among equals.
    crate::order::sort_short_by(&mut listed, |(a, _), (b, _)| a.cmp(b));
    listed.into_iter().map(|(_, channel)| channel).collect()
}

fn country_answer<'a>(answers: &'a Answers, id: &str) -> Option<&'a str> {
    match answers.get(id) {
        Some(Answer::Known(crate::answers::Value::Country(code))) => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RawAnswer;

    fn rules() -> RuleSet {
        crate::testing::default_rules()
    }

    fn answers(rules: &RuleSet, toml: &str) -> Answers {
        let raw = RawAnswer::from_toml("test.toml", toml).expect("valid TOML");
        Answers::from_raw(rules, raw).expect("valid answers")
    }

    fn fixture(name: &str) -> String {
        let path = format!("{}/answers/{name}", crate::testing::FIXTURES_DIR);
        std::fs::read_to_string(path).expect("fixture")
    }

    /// The 2025 Kenya–Russia pattern is critical, forced by a critical rule, and
    /// every finding carries its why, advice, sources and evidence.
    #[test]
    fn fraudulent_offer_is_critical() {
        let rules = rules();
        let report = assess(&rules, &answers(&rules, &fixture("fraud-russia.toml")));
        assert_eq!(report.level, Level::Critical);
        assert_eq!(report.level_reason, LevelReason::CriticalRule);
        assert!(report.score >= rules.levels.critical);
        assert!(
            report.findings.len() >= 10,
            "{} findings",
            report.findings.len()
        );
        assert!(report.complete);
        for finding in &report.findings {
            assert!(!finding.why.is_empty() && !finding.advice.is_empty());
            assert!(!finding.sources.is_empty());
            assert!(
                !finding.evidence.is_empty() || !finding.quotes.is_empty(),
                "{} shows nothing of what was seen",
                finding.rule
            );
        }
        let severities: Vec<Level> = report.findings.iter().map(|f| f.severity).collect();
        assert!(
            severities.windows(2).all(|w| w[0] >= w[1]),
            "most serious first"
        );
    }

    /// A careful government-programme offer has no finding above low and is complete.
    #[test]
    fn clean_offer_is_low() {
        let rules = rules();
        let report = assess(
            &rules,
            &answers(&rules, &fixture("government-programme.toml")),
        );
        assert_eq!(report.level, Level::Low, "{:?}", report.findings);
        assert!(report.findings.iter().all(|f| f.severity == Level::Low));
        assert!(report.complete, "{:?}", report.coverage);
        assert!(report.channels.iter().all(|c| c.channel.country == "KE"));
    }

    /// Almost nothing answered: low score, but incomplete, with the
    /// unanswered questions and undecided checks listed.
    #[test]
    fn almost_empty_offer_is_incomplete() {
        let rules = rules();
        let report = assess(&rules, &answers(&rules, &fixture("almost-empty.toml")));
        assert!(!report.complete);
        assert!(
            report.checks.not_made > report.checks.made,
            "{:?}",
            report.checks
        );
        assert!(report.unanswered.contains(&"upfront_payment".to_string()));
        assert!(
            !report.unanswered.contains(&"payment_method".to_string()),
            "follow-ups of unanswered questions are not asked"
        );
        assert_eq!(report.defaulted, vec!["origin".to_string()]);
    }

    /// "Don't know" answers are reported as such, and never as a pass.
    #[test]
    fn dont_know_is_reported() {
        let rules = rules();
        let report = assess(
            &rules,
            &answers(
                &rules,
                "destination = \"RU\"\nupfront_payment = \"unknown\"\n",
            ),
        );
        assert_eq!(report.dont_know, vec!["upfront_payment".to_string()]);
        assert!(report.unanswered.contains(&"upfront_payment".to_string()));
    }

    /// Saying there is no written contract never scores lower than any answer
    /// about a contract that exists (found by the property tests' review).
    #[test]
    fn no_contract_is_never_better_than_a_bad_one() {
        let rules = rules();
        let none = assess(&rules, &answers(&rules, "written_contract = \"no\"\n"));
        for understood in ["yes", "no", "unknown"] {
            for attested in ["yes", "no", "unknown"] {
                let with = assess(
                    &rules,
                    &answers(
                        &rules,
                        &format!(
                            "written_contract = \"yes\"\ncontract_language_understood = \"{understood}\"\ncontract_attested = \"{attested}\"\n"
                        ),
                    ),
                );
                assert!(
                    none.score >= with.score,
                    "no contract {} < contract ({understood}, {attested}) {}",
                    none.score,
                    with.score
                );
            }
        }
    }

    /// A critical rule forces the critical level whatever the score.
    #[test]
    fn critical_rule_forces_critical() {
        let rules = rules();
        let report = assess(
            &rules,
            &answers(&rules, "military_or_combat_mention = \"yes\"\n"),
        );
        assert_eq!(report.level, Level::Critical);
        assert!(!report.forced_by.is_empty());
    }

    /// A plan decides every rule and every follow-up question exactly as the
    /// conditions themselves do, on each fixture.
    #[test]
    fn plan_agrees_with_conditions() {
        let rules = rules();
        let plan = Plan::new(&rules);
        for name in [
            "fraud-russia.toml",
            "government-programme.toml",
            "almost-empty.toml",
        ] {
            let given = answers(&rules, &fixture(name));
            let evaluation = plan.evaluate(given.clone());
            let mut with_defaults = given.with_defaults(&rules);
            crate::signals::add_signals(&rules, &mut with_defaults);
            let fired: Vec<&str> = rules
                .rules
                .iter()
                .filter(|rule| rule.when.eval(&with_defaults) == Truth::True)
                .map(|rule| rule.id.as_str())
                .collect();
            let mut by_plan: Vec<&str> = evaluation.fired.iter().map(|r| r.id.as_str()).collect();
            let mut expected = fired.clone();
            by_plan.sort_unstable();
            expected.sort_unstable();
            assert_eq!(by_plan, expected, "{name}");
            let undecided: Vec<&str> = rules
                .rules
                .iter()
                .filter(|rule| rule.when.eval(&with_defaults) == Truth::Undecided)
                .map(|rule| rule.id.as_str())
                .collect();
            assert_eq!(evaluation.not_made, undecided, "{name}");
        }
    }

    /// An evaluation that reuses the lists of earlier ones (as `batch` does
    /// line after line) is the same as one made afresh, whatever came before.
    #[test]
    fn reused_lists_leave_nothing_behind() {
        let rules = rules();
        let plan = Plan::new(&rules);
        let mut spare = Spare::default();
        let names = [
            "fraud-russia.toml",
            "almost-empty.toml",
            "government-programme.toml",
            "fraud-russia.toml",
            "almost-empty.toml",
        ];
        for name in names {
            let given = answers(&rules, &fixture(name));
            let fresh = plan.evaluate(given.clone());
            let reusing = plan.evaluate_reusing(given, &mut spare);
            assert_eq!(format!("{reusing:?}"), format!("{fresh:?}"), "{name}");
            spare.keep(reusing);
        }
        assert!(
            spare.fired.capacity() >= rules.rules.len(),
            "the lists are kept"
        );
    }

    /// Channels follow the origin, and destination-specific ones the destination.
    #[test]
    fn channels_follow_origin() {
        let rules = rules();
        let kenyan = assess(&rules, &answers(&rules, "destination = \"RU\"\n"));
        assert!(!kenyan.channels.is_empty());
        let other = assess(
            &rules,
            &answers(&rules, "origin = \"NZ\"\ndestination = \"RU\"\n"),
        );
        assert!(
            other.channels.is_empty(),
            "no channels invented for countries the data lacks"
        );
    }

    /// An unverified agency sends the person to the licence register first,
    /// with the finding as the reason; channels no finding refers to follow
    /// with a general reason.
    #[test]
    fn referrals_follow_the_findings() {
        let rules = rules();
        let report = assess(
            &rules,
            &answers(
                &rules,
                "found_via = \"licensed_agency\"\nagency_licence_verified = \"no\"\n",
            ),
        );
        let first = &report.channels[0];
        assert_eq!(first.channel.purpose, crate::rules::Purpose::VerifyAgency);
        assert!(
            first
                .reasons
                .iter()
                .any(|r| matches!(r, Reason::Finding { rule, .. } if rule == "AGY002"))
        );
        let last = report.channels.last().expect("channels");
        assert!(matches!(last.reasons.as_slice(), [Reason::General { .. }]));
        let referred = report
            .channels
            .iter()
            .take_while(|c| matches!(c.reasons[0], Reason::Finding { .. }))
            .count();
        assert!(
            report.channels[referred..]
                .iter()
                .all(|c| matches!(c.reasons.as_slice(), [Reason::General { .. }])),
            "referred channels come first"
        );
    }

    /// Every default rule refers to at least one kind of channel.
    #[test]
    fn every_default_rule_refers_somewhere() {
        for rule in &rules().rules {
            assert!(!rule.refer.is_empty(), "{} has no `refer`", rule.id);
        }
    }
}

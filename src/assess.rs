//! The assessment: a pure function from a rule set and answers to a [`Report`].
//! No I/O, no terminal.

use crate::answers::{Answer, Answers};
use crate::report::{
    Checks, Coverage, Evidence, Finding, LevelReason, ListedChannel, Reason, Report, SCHEMA_VERSION,
};
use crate::rules::{Level, RuleSet, Truth};

/// Scores the answers against every rule and builds the report.
///
/// A rule fires when its condition is true; a rule whose condition is undecided
/// for lack of answers is a check that could not be made. The level comes from
/// the score and the rule set's thresholds, unless a critical rule fired.
pub fn assess(rules: &RuleSet, given: &Answers) -> Report {
    let mut answers = given.with_defaults(rules);
    crate::signals::add_signals(rules, &mut answers);
    let mut findings = Vec::new();
    let mut checks = Checks::default();
    for rule in &rules.rules {
        checks.total += 1;
        match rule.when.eval(&answers) {
            Truth::True => {
                checks.made += 1;
                findings.push(Finding {
                    rule: rule.id.clone(),
                    title: rule.title.clone(),
                    severity: rule.severity,
                    points: rule.points,
                    critical: rule.critical,
                    why: rule.why.clone(),
                    advice: rule.advice.clone(),
                    sources: rule.sources.clone(),
                    quotes: rule
                        .when
                        .signals()
                        .into_iter()
                        .filter_map(|id| answers.signal(id))
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
                });
            }
            Truth::False => checks.made += 1,
            Truth::Undecided => {
                checks.not_made += 1;
                checks.not_made_rules.push(rule.id.clone());
            }
        }
    }
    // Most serious first; the rule set's order breaks ties.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.points.cmp(&a.points)));

    let score = findings
        .iter()
        .map(|f| f.points)
        .fold(0u32, u32::saturating_add);
    let forced_by: Vec<String> = findings
        .iter()
        .filter(|f| f.critical)
        .map(|f| f.rule.clone())
        .collect();
    let (level, level_reason) = if forced_by.is_empty() {
        (rules.levels.level_for(score), LevelReason::Score)
    } else {
        (Level::Critical, LevelReason::CriticalRule)
    };

    let mut unanswered = Vec::new();
    let mut dont_know = Vec::new();
    let mut defaulted = Vec::new();
    let mut coverage = Coverage {
        minimum: rules.min_coverage,
        ..Coverage::default()
    };
    for question in &rules.questions {
        let applicable = question
            .ask_if
            .as_ref()
            .is_none_or(|cond| cond.eval(&answers) == Truth::True);
        if !applicable {
            continue;
        }
        match given.get(&question.id) {
            Some(Answer::Known(_)) => {
                coverage.questions += 1;
                coverage.answered += 1;
            }
            None if question.default.is_some() => defaulted.push(question.id.clone()),
            None => {
                coverage.questions += 1;
                unanswered.push(question.id.clone());
            }
            Some(Answer::DontKnow) => {
                coverage.questions += 1;
                unanswered.push(question.id.clone());
                dont_know.push(question.id.clone());
            }
        }
    }
    // Complete when enough of the questions that apply were answered; the
    // optional details (website, advert …) count like any other question.
    let complete = coverage.questions > 0
        && f64::from(coverage.answered) / f64::from(coverage.questions) >= coverage.minimum;

    let origin = country_answer(&answers, "origin");
    let destination = country_answer(&answers, "destination");
    let channels = referrals(rules, &findings, origin, destination);

    Report {
        schema_version: SCHEMA_VERSION,
        ruleset: rules.meta.clone(),
        level,
        level_reason,
        forced_by,
        score,
        thresholds: rules.levels,
        findings,
        checks,
        complete,
        coverage,
        unanswered,
        dont_know,
        defaulted,
        answers: answers.to_json(),
        channels,
        lang: rules.lang().to_string(),
    }
}

/// The channels for the origin (and destination), each with the findings whose
/// rules refer to its purpose. Channels that findings refer to come first,
/// ordered by the most serious finding that refers to them; the others follow
/// in the rule set's order with a general reason.
fn referrals(
    rules: &RuleSet,
    findings: &[Finding],
    origin: Option<&str>,
    destination: Option<&str>,
) -> Vec<ListedChannel> {
    let mut listed: Vec<(usize, ListedChannel)> = rules
        .channels
        .iter()
        .filter(|channel| Some(channel.country.as_str()) == origin)
        .filter(|channel| {
            channel
                .destination
                .as_deref()
                .is_none_or(|d| Some(d) == destination)
        })
        .map(|channel| {
            let referring: Vec<(usize, &Finding)> = findings
                .iter()
                .enumerate()
                .filter(|(_, finding)| {
                    rules
                        .rule(&finding.rule)
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
    listed.sort_by_key(|(first, _)| *first);
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
        RuleSet::embedded().expect("the default rule set loads")
    }

    fn answers(rules: &RuleSet, toml: &str) -> Answers {
        let raw = RawAnswer::from_toml("test.toml", toml).expect("valid TOML");
        Answers::from_raw(rules, raw).expect("valid answers")
    }

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/answers/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
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

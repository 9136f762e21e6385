//! The findings of a report grouped by what was seen, so that a person reads
//! each fact once: many rules look at the same answer (six money rules all
//! rest on "you were asked to pay") or quote the same words of an advert,
//! and listing that fact under each of them says it six times.
//!
//! What a finding shows is data in the report: the answers its rule looked
//! at ([`Finding::evidence`], from the questions its condition names) and
//! the words the checks on the advert or the recruiter's details found
//! ([`Finding::quotes`]). Two findings that show the same *linking* fact
//! are in one group, and so are findings linked through others (a group is
//! a connected set), so no linking fact is shown in two groups:
//!
//! - a quote links, wherever it was found;
//! - an answer links when it was given (not "don't know") and its question
//!   has no default. A question with a default, such as the person's own
//!   country, is the setting every answer is read in, not something seen in
//!   this offer: linking through it would put unrelated signs together.
//!
//! Facts that do not link (a "don't know", a default) are still shown, with
//! every group that has them. Nothing here names a rule or a question: the
//! same code groups any rule set. The JSON report is not grouped: it lists
//! every finding as it is, and a front end that wants the groups calls
//! [`group_findings`].

use super::{Evidence, Finding, Report};
use crate::rules::{Level, RuleSet};

/// Findings that show the same facts, with those facts once.
#[derive(Debug, Clone)]
pub struct Group<'r> {
    /// The findings, as indices into [`Report::findings`], most serious first.
    pub findings: Vec<usize>,
    /// The answers the findings rest on, each once, in the order the
    /// findings show them.
    pub answers: Vec<&'r Evidence>,
    /// The words found in the advert or the recruiter's details, each once.
    pub quotes: Vec<&'r str>,
}

impl Group<'_> {
    /// The most serious finding's index (the first of [`Group::findings`]).
    pub fn first(&self) -> usize {
        self.findings[0]
    }

    /// The most serious level among the group's findings.
    pub fn severity(&self, report: &Report) -> Level {
        report.findings[self.first()].severity
    }

    /// The points the group's findings add to the score together.
    pub fn points(&self, report: &Report) -> u32 {
        self.findings
            .iter()
            .map(|&index| report.findings[index].counted_points())
            .fold(0, u32::saturating_add)
    }
}

/// The report's findings in groups, every finding in exactly one. Groups
/// come most serious first: by their most serious finding's level, then by
/// the points of all their findings (six signs about one payment weigh more
/// than one sign of the same level), then in the report's order.
pub fn group_findings<'r>(report: &'r Report, rules: &RuleSet) -> Vec<Group<'r>> {
    let findings = &report.findings;
    let mut sets = Sets::new(findings.len());
    // The first finding that showed each linking fact.
    let mut owners: Vec<(Fact<'r>, usize)> = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        for fact in facts(finding).filter(|fact| fact.links(rules)) {
            match owners.iter().find(|(seen, _)| *seen == fact) {
                Some(&(_, owner)) => sets.join(owner, index),
                None => owners.push((fact, index)),
            }
        }
    }
    let mut groups: Vec<Group<'r>> = Vec::new();
    let mut group_of_root: Vec<Option<usize>> = vec![None; findings.len()];
    for (index, finding) in findings.iter().enumerate() {
        let root = sets.root(index);
        let at = *group_of_root[root].get_or_insert_with(|| {
            groups.push(Group {
                findings: Vec::new(),
                answers: Vec::new(),
                quotes: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.findings.push(index);
        for fact in facts(finding) {
            match fact {
                Fact::Answer(evidence) => {
                    if !group.answers.iter().any(|&a| Fact::Answer(a) == fact) {
                        group.answers.push(evidence);
                    }
                }
                Fact::Quote(quote) => {
                    if !group.quotes.contains(&quote) {
                        group.quotes.push(quote);
                    }
                }
            }
        }
    }
    // Findings come most serious first, so each group's first finding is
    // its most serious; a stable sort keeps the report's order among equals.
    crate::order::sort_short_by(&mut groups, |a, b| {
        b.severity(report)
            .cmp(&a.severity(report))
            .then(b.points(report).cmp(&a.points(report)))
    });
    groups
}

/// One thing a finding shows.
#[derive(Debug, Clone, Copy)]
enum Fact<'r> {
    /// An answer the rule looked at.
    Answer(&'r Evidence),
    /// Words a check found.
    Quote(&'r str),
}

impl PartialEq for Fact<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            // One report holds one answer per question.
            (Fact::Answer(a), Fact::Answer(b)) => a.question == b.question && a.answer == b.answer,
            (Fact::Quote(a), Fact::Quote(b)) => a == b,
            _ => false,
        }
    }
}

impl Fact<'_> {
    /// Whether two findings that show this fact belong together (see the
    /// module's documentation).
    fn links(&self, rules: &RuleSet) -> bool {
        match self {
            Fact::Quote(_) => true,
            Fact::Answer(evidence) => {
                evidence.answer.is_some()
                    && rules
                        .question(&evidence.question)
                        .is_some_and(|question| question.default.is_none())
            }
        }
    }
}

/// Every fact a finding shows: its answers, then its quotes.
fn facts(finding: &Finding) -> impl Iterator<Item = Fact<'_>> {
    let answers = finding.evidence.iter().map(Fact::Answer);
    let quotes = finding.quotes.iter().map(|quote| Fact::Quote(quote));
    answers.chain(quotes)
}

/// Disjoint sets of findings (union–find), each named by a root finding.
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(count: usize) -> Sets {
        Sets {
            parent: (0..count).collect(),
        }
    }

    fn root(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    /// Puts `a` and `b` in one set, named by the earlier finding.
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        let (low, high) = (a.min(b), a.max(b));
        self.parent[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answers, RawAnswer};

    fn report(rules: &RuleSet, toml: &str) -> Report {
        let raw = RawAnswer::from_toml("test.toml", toml).expect("valid TOML");
        crate::assess(
            rules,
            &Answers::from_raw(rules, raw).expect("valid answers"),
        )
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/{name}", crate::testing::FIXTURES_DIR))
            .expect("a fixture")
    }

    /// Every finding is in exactly one group, and every fact it shows is
    /// shown by its group: nothing of the report is lost by grouping.
    fn assert_accounted_for(report: &Report, groups: &[Group<'_>]) {
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.findings.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..report.findings.len()).collect::<Vec<_>>());
        for group in groups {
            for &index in &group.findings {
                let finding = &report.findings[index];
                for evidence in &finding.evidence {
                    assert!(
                        group
                            .answers
                            .iter()
                            .any(|a| a.question == evidence.question),
                        "{}: {} not shown",
                        finding.rule,
                        evidence.question
                    );
                }
                for quote in &finding.quotes {
                    assert!(group.quotes.contains(&quote.as_str()), "{quote}");
                }
            }
        }
    }

    /// No linking fact is shown by two groups: each is read once.
    fn assert_each_fact_once(rules: &RuleSet, groups: &[Group<'_>]) {
        let mut shown: Vec<Fact<'_>> = Vec::new();
        for group in groups {
            let facts = group
                .answers
                .iter()
                .map(|&a| Fact::Answer(a))
                .chain(group.quotes.iter().map(|q| Fact::Quote(q)))
                .filter(|fact| fact.links(rules));
            for fact in facts {
                assert!(!shown.contains(&fact), "{fact:?} shown twice");
                shown.push(fact);
            }
        }
    }

    /// The Kenya–Russia case: the money rules that all rest on "asked to
    /// pay" are one group, the two rules on the destination another, and
    /// the rest stand alone; all 29 findings are accounted for.
    #[test]
    fn kenya_russia_groups_by_shared_answers() {
        let rules = crate::testing::default_rules();
        let report = report(&rules, &fixture("answers/fraud-russia.toml"));
        let groups = group_findings(&report, &rules);
        assert_accounted_for(&report, &groups);
        assert_each_fact_once(&rules, &groups);
        assert!(groups.len() < report.findings.len());
        let group_with = |question: &str| {
            let found: Vec<_> = groups
                .iter()
                .filter(|g| g.answers.iter().any(|a| a.question == question))
                .collect();
            assert_eq!(found.len(), 1, "{question} in {} groups", found.len());
            found[0]
        };
        let money = group_with("upfront_payment");
        assert!(money.findings.len() >= 5, "{money:?}");
        let destination = group_with("destination");
        assert!(destination.findings.len() >= 2, "{destination:?}");
        // The origin (a question with a default) is shown but links nothing.
        let origin: Vec<_> = groups
            .iter()
            .filter(|g| g.answers.iter().any(|a| a.question == "origin"))
            .collect();
        assert!(origin.iter().all(|g| std::ptr::eq(*g, money)));
        // Most serious first: the critical sign's group leads.
        assert_eq!(groups[0].severity(&report), Level::Critical);
        let order: Vec<(Level, u32)> = groups
            .iter()
            .map(|g| (g.severity(&report), g.points(&report)))
            .collect();
        assert!(order.windows(2).all(|w| w[0] >= w[1]), "{order:?}");
    }

    /// Rules that quote the same words of an advert are one group, even
    /// with no answer in common; "don't know" answers do not link.
    #[test]
    fn adverts_group_by_shared_quotes() {
        let rules = crate::testing::default_rules();
        for name in [
            "fraud-fake-nea-portal.txt",
            "fraud-gulf-domestic-free-visa.txt",
            "fraud-russia-drivers-guards.txt",
            "fraud-swahili-whatsapp.txt",
            "fraud-thailand-customer-service.txt",
        ] {
            let advert = fixture(&format!("adverts/{name}"));
            let toml = format!("offer_text = {}", toml::Value::String(advert));
            let report = report(&rules, &toml);
            let groups = group_findings(&report, &rules);
            assert_accounted_for(&report, &groups);
            assert_each_fact_once(&rules, &groups);
            let shared = groups.iter().find(|g| g.findings.len() > 1);
            assert!(shared.is_some(), "{name}: nothing grouped");
            for group in groups.iter().filter(|g| g.findings.len() > 1) {
                // Every finding in it shares a quote with another one.
                for &index in &group.findings {
                    let quotes = &report.findings[index].quotes;
                    assert!(
                        group.findings.iter().any(|&other| other != index
                            && report.findings[other]
                                .quotes
                                .iter()
                                .any(|q| quotes.contains(q))),
                        "{name}: {} joined without a shared quote",
                        report.findings[index].rule
                    );
                }
            }
        }
    }

    /// Without findings there are no groups; findings that show nothing in
    /// common each stand alone.
    #[test]
    fn unrelated_findings_stand_alone() {
        let rules = crate::testing::default_rules();
        let mut empty = report(&rules, "military_or_combat_mention = \"yes\"");
        empty.findings.clear();
        assert!(group_findings(&empty, &rules).is_empty());
        let report = report(
            &rules,
            "military_or_combat_mention = \"yes\"\npassport_surrender = \"yes\"",
        );
        let groups = group_findings(&report, &rules);
        assert_eq!(groups.len(), report.findings.len());
        assert_accounted_for(&report, &groups);
    }
}

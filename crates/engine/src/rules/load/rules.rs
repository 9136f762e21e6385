//! The red-flag rules: ids, points, facts, conditions and sources.

use super::*;

impl Validator {
    pub(super) fn rules(
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
    pub(super) fn lone_facts(&mut self, parsed: &[(&RuleFile, RawFile)]) {
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

    pub(super) fn source(
        &mut self,
        file: &RuleFile,
        source: &Spanned<RawSource>,
    ) -> Option<Source> {
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

    pub(super) fn https_url(&mut self, file: &RuleFile, url: &Spanned<String>) -> Option<()> {
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
}

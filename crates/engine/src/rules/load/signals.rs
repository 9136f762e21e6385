//! The signal data: the `[lists]` table and the phrase groups.

use super::*;

impl Validator {
    /// The `[lists]` table: at most one, optional (an empty list disables its check).
    pub(super) fn lists(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        countries: &Countries,
    ) -> SignalLists {
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
        let mut calling_codes = TextMap::new();
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

    pub(super) fn phrase_groups(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Vec<PhraseGroup> {
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
                            let folded = crate::fold::fold(text);
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
                        match crate::rules::phrases::expand(text) {
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
}

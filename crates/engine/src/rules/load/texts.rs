//! Translations and the interface wording: every key a language names
//! must exist, and every placeholder of the English text must be kept.

use super::*;

impl Validator {
    /// The `[lang.CODE...]` tables: every id must exist, every text be
    /// non-empty and given once, and interface wording may only use the
    /// `{placeholders}` of its English original.
    pub(super) fn texts<'a>(
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
        let mut translations: TextMap<Translation> = TextMap::new();
        translations.get_or_default(ENGLISH.into()).ui = base_ui.clone();
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
                    let entry = tr.questions.get_or_default(id.into());
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
                        if !self.has_choice(file, question, choice, label) {
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
                    for (choice, short) in &t.short_choices {
                        let key = format!("lang.{code}.questions.{id}.short_choices.{choice}");
                        if !self.has_choice(file, question, choice, short) {
                            continue;
                        }
                        let Some(label) = t.choices.get(choice) else {
                            self.report(
                                file,
                                short,
                                format!("`{key}` has no translated label beside it"),
                            )
                            .help(format!(
                                "translate the label too, in `lang.{code}.questions.{id}.choices`"
                            ));
                            continue;
                        };
                        let what = format!("`{key}`");
                        if text(self, key, short).is_some()
                            && let Some(short) =
                                self.short_label(file, short, label.get_ref(), &what)
                        {
                            entry.short_choices.insert(choice.into(), short);
                        }
                    }
                }
                for (id, raw_text) in &l.rules {
                    if !rules.iter().any(|r| &r.id == id) {
                        self.unknown_id(file, raw_text, &known_rules, code, id);
                        continue;
                    }
                    let t = raw_text.get_ref();
                    let entry = tr.rules.get_or_default(id.into());
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
                    let entry = tr.channels.get_or_default(id.into());
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
                translations.insert(code.into(), tr);
            }
        }
        Texts {
            lang: ENGLISH.to_string(),
            ui: TextMap::new(),
            translations,
            deferred: TextMap::new(),
            ui_index: Default::default(),
        }
    }
}

impl Validator {
    /// Whether `question` has the choice `choice` that a translation names
    /// at `at`; reports it otherwise, with the nearest id.
    fn has_choice(
        &mut self,
        file: &RuleFile,
        question: &Question,
        choice: &str,
        at: &Spanned<String>,
    ) -> bool {
        if question.choices.iter().any(|c| c.id == choice) {
            return true;
        }
        let id = &question.id;
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
        self.report(file, at, format!("`{id}` has no choice `{choice}`"))
            .help(hint);
        false
    }
}

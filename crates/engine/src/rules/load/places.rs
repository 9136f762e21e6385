//! Countries, the official channels and whom each channel is for.

use super::*;

impl Validator {
    pub(super) fn countries(&mut self, parsed: &[(&RuleFile, RawFile)]) -> Countries {
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

    pub(super) fn channels(
        &mut self,
        parsed: &[(&RuleFile, RawFile)],
        countries: &Countries,
    ) -> Vec<Channel> {
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
    pub(super) fn reach_via(&mut self, parsed: &[(&RuleFile, RawFile)], channels: &[Channel]) {
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

    pub(super) fn country_code(
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
}

//! Validation of the HTCDS mapping: `[htcds]` and `[[htcds_field]]`.

use std::collections::BTreeSet;

use super::{RawFile, RuleFile, Validator, Visible};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::rules::htcds::{HtcdsChoice, HtcdsField, HtcdsMapping, HtcdsRecord, HtcdsValue};
use crate::rules::model::{Countries, QuestionKind};
use crate::rules::raw::RawHtcdsType;

/// The field-name prefixes of the standard each record may use.
fn prefixes(record: HtcdsRecord) -> &'static [&'static str] {
    match record {
        HtcdsRecord::Person => &["prs_", "vic_"],
        HtcdsRecord::Recruiter => &["prs_", "per_"],
        HtcdsRecord::Agency => &["org_"],
        HtcdsRecord::Event => &["hte_"],
        HtcdsRecord::Consent => &["con_"],
    }
}

impl Validator {
    /// The mapping, checked: every field name fits its record, every value
    /// is one the field's `allowed` list (copied from the standard) has,
    /// and every condition and copied question is valid.
    pub(super) fn htcds<'a>(
        &mut self,
        parsed: &'a [(&'a RuleFile, RawFile)],
        visible: &Visible,
        countries: &Countries,
    ) -> Option<HtcdsMapping> {
        let tables: Vec<_> = parsed
            .iter()
            .filter_map(|(file, raw)| raw.htcds.as_ref().map(|t| (*file, t)))
            .collect();
        let any_field = parsed.iter().any(|(_, raw)| !raw.htcds_field.is_empty());
        let Some((file, table)) = tables.first() else {
            if any_field {
                let (file, _) = parsed[0];
                let path = file.path.clone();
                self.problems.push(
                    Diagnostic::in_file(
                        &path,
                        "",
                        None,
                        "`[[htcds_field]]` without an `[htcds]` table".into(),
                    )
                    .with_help(
                        "add `[htcds]` with the standard's `version`, `commit` and `source`",
                    ),
                );
            }
            return None;
        };
        for (other, again) in &tables[1..] {
            self.report(other, again, "a second `[htcds]` table".into())
                .help(format!("the first is in {}", file.path));
        }
        let t = table.get_ref();
        if t.version.get_ref().trim().is_empty() {
            self.report(file, &t.version, "an empty `version`".into());
        }
        let commit = t.commit.get_ref();
        if commit.len() != 40 || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
            self.report(
                file,
                &t.commit,
                format!("`{commit}` is not a git commit (40 hex digits)"),
            )
            .help("the commit of the standard's repository that the field reference was read at");
        }
        let source = self.source(file, &t.source);
        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        for (file, raw) in parsed {
            for field in &raw.htcds_field {
                if let Some(built) = self.htcds_field(file, field, visible, countries, &mut seen) {
                    fields.push(built);
                }
            }
        }
        Some(HtcdsMapping {
            version: t.version.get_ref().trim().to_string().into(),
            commit: commit.into(),
            source: source?,
            fields,
        })
    }

    fn htcds_field(
        &mut self,
        file: &RuleFile,
        field: &toml::Spanned<crate::rules::raw::RawHtcdsField>,
        visible: &Visible,
        countries: &Countries,
        seen: &mut BTreeSet<(HtcdsRecord, String)>,
    ) -> Option<HtcdsField> {
        let f = field.get_ref();
        let name = f.field.get_ref();
        let allowed_prefixes = prefixes(f.record);
        let prefix_ok = allowed_prefixes.iter().any(|p| name.starts_with(p))
            && name.len() > 4
            && name[4..].chars().all(|c| c.is_ascii_alphanumeric());
        if !prefix_ok {
            self.report(
                file,
                &f.field,
                format!(
                    "`{name}` is not a field of the `{}` record",
                    f.record.as_str()
                ),
            )
            .help(format!(
                "its HTCDS fields start with {}",
                allowed_prefixes
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
            return None;
        }
        if !seen.insert((f.record, name.clone())) {
            self.report(
                file,
                &f.field,
                format!(
                    "`{name}` is mapped twice in the `{}` record",
                    f.record.as_str()
                ),
            );
            return None;
        }
        let kind = *f.kind.get_ref();
        let value = if f.consent {
            if kind != RawHtcdsType::Checkbox || f.copy.is_some() || !f.map.is_empty() {
                self.report(
                    file,
                    &f.field,
                    "the consent field is a `checkbox` with neither `copy` nor `map`".into(),
                );
                return None;
            }
            HtcdsValue::Consent
        } else if let Some(copy) = &f.copy {
            let Some(question) = visible.get(copy.get_ref().as_str()) else {
                let hint = did_you_mean(copy.get_ref(), visible.keys().copied());
                self.report(file, copy, format!("unknown question `{}`", copy.get_ref()))
                    .help(hint.unwrap_or_else(|| "name a `[[question]]` id".into()));
                return None;
            };
            let copies = matches!(
                question.kind,
                QuestionKind::Country
                    | QuestionKind::Phone
                    | QuestionKind::Text
                    | QuestionKind::Email
                    | QuestionKind::Url
            );
            let list = kind == RawHtcdsType::Multiselect;
            if !copies
                || !matches!(kind, RawHtcdsType::Text | RawHtcdsType::Multiselect)
                || !f.map.is_empty()
                || (list && question.kind != QuestionKind::Country)
            {
                self.report(file, copy, format!("`{}` ({}) cannot be copied into a {:?} field", copy.get_ref(), question.kind.as_str(), kind).to_lowercase())
                    .help("copy a country, phone, e-mail, URL or text answer into a `text` field, or a country into a `multiselect` one, without `map`");
                return None;
            }
            let local_numbers_from = match &f.local_numbers_from {
                None => None,
                Some(country) => match visible.get(country.get_ref().as_str()) {
                    Some(q)
                        if q.kind == QuestionKind::Country
                            && question.kind == QuestionKind::Phone =>
                    {
                        Some(q.id.clone())
                    }
                    _ => {
                        self.report(file, country, format!("`local_numbers_from` must name a country question, for a phone copied; `{}` is not one", country.get_ref()));
                        return None;
                    }
                },
            };
            HtcdsValue::Copy {
                question: question.id.clone(),
                list,
                local_numbers_from,
            }
        } else {
            if !matches!(kind, RawHtcdsType::Picklist | RawHtcdsType::Multiselect)
                || f.map.is_empty()
            {
                self.report(
                    file,
                    &f.field,
                    format!(
                        "`{name}` needs `map` (a picklist), `copy` (an answer) or `consent = true`"
                    ),
                );
                return None;
            }
            if f.allowed.is_empty() {
                self.report(file, &f.field, format!("`{name}` has no `allowed` values"))
                    .help("copy the field's value names from the standard's field reference");
                return None;
            }
            let allowed: Vec<&str> = f.allowed.iter().map(|a| a.get_ref().as_str()).collect();
            let mut choices = Vec::new();
            for choice in &f.map {
                let c = choice.get_ref();
                if !allowed.contains(&c.value.get_ref().as_str()) {
                    let hint = did_you_mean(c.value.get_ref(), allowed.iter().copied());
                    self.report(
                        file,
                        &c.value,
                        format!("`{}` is not a value of `{name}`", c.value.get_ref()),
                    )
                    .help(hint.unwrap_or_else(|| format!("use one of {}", allowed.join(", "))));
                    continue;
                }
                let when = match &c.when {
                    None => None,
                    Some(raw) => Some(self.condition(file, raw, visible, countries, 0)?),
                };
                choices.push(HtcdsChoice {
                    value: c.value.get_ref().into(),
                    when,
                });
            }
            if kind == RawHtcdsType::Multiselect {
                HtcdsValue::Multi(choices)
            } else {
                HtcdsValue::Single(choices)
            }
        };
        Some(HtcdsField {
            field: name.into(),
            record: f.record,
            value,
            only_with_findings: f.only_with_findings,
        })
    }
}

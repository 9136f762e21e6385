//! An assessment as a case record of IOM's Human Trafficking Case Data
//! Standard (HTCDS), for helplines and case systems: the fields and values
//! of the rule set's mapping ([`crate::rules::htcds`]), as JSON or as one
//! CSV row.
//!
//! The record holds potential indicators from a check made before travel,
//! never an identification of a victim: it sets no trafficking status, and
//! the consent checkbox is off unless the front end says the person gave it.

use serde_json::{Map, Value as Json, json};

use crate::answers::{Answer, Answers, Value};
use crate::assess::Evaluation;
use crate::rules::htcds::{HtcdsField, HtcdsMapping, HtcdsRecord, HtcdsValue};
use crate::rules::{QuestionKind, RuleSet, Truth};

/// One field's value in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// A picklist value or text.
    One(String),
    /// A multiselect's values.
    Many(Vec<String>),
    /// A checkbox.
    Checkbox(bool),
}

impl FieldValue {
    /// The value in a CSV cell: several values separated by `;`, a checkbox
    /// as `TRUE` or `FALSE` (as the standard's survey form writes it).
    pub fn cell(&self) -> String {
        match self {
            FieldValue::One(text) => text.clone(),
            FieldValue::Many(values) => values.join(";"),
            FieldValue::Checkbox(on) => if *on { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    fn json(&self) -> Json {
        match self {
            FieldValue::One(text) => Json::from(text.as_str()),
            FieldValue::Many(values) => Json::from(values.clone()),
            FieldValue::Checkbox(on) => Json::from(*on),
        }
    }
}

/// A potential indicator: a warning sign the assessment found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Rule id.
    pub rule: String,
    /// The rule's title, in the report's language.
    pub title: String,
    /// Its severity.
    pub severity: &'static str,
}

/// An assessment as an HTCDS case record.
#[derive(Debug, Clone)]
pub struct CaseRecord<'r> {
    mapping: &'r HtcdsMapping,
    /// Each field that has a value, in the mapping's order.
    pub values: Vec<(&'r HtcdsField, FieldValue)>,
    /// The assessment's level.
    pub level: &'static str,
    /// The assessment's score.
    pub score: u32,
    /// Whether enough questions were answered.
    pub complete: bool,
    /// The warning signs found, most serious first.
    pub indicators: Vec<Indicator>,
    /// The note on what the record is, in the report's language.
    pub note: String,
}

/// The record of an evaluation, or `None` when the rule set has no HTCDS
/// mapping. `consent` is whether the person agreed to the record being kept.
pub fn record<'r>(evaluation: &Evaluation<'r>, consent: bool) -> Option<CaseRecord<'r>> {
    let rules = evaluation.rules;
    let mapping = rules.htcds.as_ref()?;
    let answers = &evaluation.answers;
    let found = !evaluation.fired.is_empty();
    let values = mapping
        .fields
        .iter()
        .filter(|field| found || !field.only_with_findings)
        .filter_map(|field| value(rules, answers, field, consent).map(|v| (field, v)))
        .collect();
    Some(CaseRecord {
        mapping,
        values,
        level: evaluation.level.as_str(),
        score: evaluation.score,
        complete: evaluation.complete,
        indicators: evaluation
            .fired
            .iter()
            .map(|rule| Indicator {
                rule: rule.id.to_string(),
                title: rule.title.to_string(),
                severity: rule.severity.as_str(),
            })
            .collect(),
        note: rules.ui("htcds_note").to_string(),
    })
}

fn value(
    rules: &RuleSet,
    answers: &Answers,
    field: &HtcdsField,
    consent: bool,
) -> Option<FieldValue> {
    let holds = |when: &Option<crate::rules::Condition>| {
        when.as_ref()
            .is_none_or(|condition| condition.eval(answers) == Truth::True)
    };
    match &field.value {
        HtcdsValue::Single(choices) => choices
            .iter()
            .find(|choice| holds(&choice.when))
            .map(|choice| FieldValue::One(choice.value.to_string())),
        HtcdsValue::Multi(choices) => {
            let mut values: Vec<String> = Vec::new();
            for choice in choices.iter().filter(|choice| holds(&choice.when)) {
                if !values.iter().any(|v| *v == *choice.value) {
                    values.push(choice.value.to_string());
                }
            }
            (!values.is_empty()).then_some(FieldValue::Many(values))
        }
        HtcdsValue::Copy {
            question,
            list,
            local_numbers_from,
        } => {
            let kind = rules.question(question)?.kind;
            let copied = match answers.get(question)? {
                Answer::Known(Value::Country(code)) => code.to_string(),
                Answer::Known(Value::Text(text)) if kind == QuestionKind::Phone => {
                    let country =
                        local_numbers_from
                            .as_deref()
                            .and_then(|id| match answers.get(id) {
                                Some(Answer::Known(Value::Country(code))) => Some(code.as_str()),
                                _ => None,
                            });
                    e164(rules, country, text)?
                }
                Answer::Known(Value::Text(text)) => text.trim().to_string(),
                _ => return None,
            };
            Some(if *list {
                FieldValue::Many(vec![copied])
            } else {
                FieldValue::One(copied)
            })
        }
        HtcdsValue::Consent => Some(FieldValue::Checkbox(consent)),
    }
}

/// A phone number in E.164 (`+` and at most 15 digits, the first not 0),
/// as the standard asks: written with `+` or `00`, or in local form (`0712 …`)
/// with the calling code of `country` (the mapping says which answer gives
/// it). `None` for a number that cannot be written so with certainty.
pub fn e164(rules: &RuleSet, country: Option<&str>, number: &str) -> Option<String> {
    let trimmed = number.trim();
    let separators = |c: char| matches!(c, ' ' | '-' | '.' | '(' | ')' | '/');
    let compact: String = trimmed.chars().filter(|c| !separators(*c)).collect();
    let digits = if let Some(rest) = compact.strip_prefix('+') {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = compact.strip_prefix('0') {
        let code = rules.lists.calling_codes.get(country?)?;
        format!("{code}{rest}")
    } else {
        return None;
    };
    let valid = (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

impl CaseRecord<'_> {
    /// The record as JSON: the standard's version, then one object per
    /// record (`person`, `recruiter`, `agency`, `consent`; the recruitment
    /// event in `events`), each keyed by the standard's field names, and
    /// offercheck's own `offercheck` object with the potential indicators.
    pub fn to_json(&self) -> Json {
        let mut out = Map::new();
        out.insert(
            "standard".into(),
            json!({
                "name": "IOM Human Trafficking Case Data Standard (HTCDS)",
                "version": self.mapping.version.as_str(),
                "commit": self.mapping.commit.as_str(),
                "source": self.mapping.source.url.as_str(),
            }),
        );
        for record in HtcdsRecord::ALL {
            let fields: Map<String, Json> = self
                .values
                .iter()
                .filter(|(field, _)| field.record == record)
                .map(|(field, value)| (field.field.to_string(), value.json()))
                .collect();
            if record == HtcdsRecord::Event {
                let events = if fields.is_empty() {
                    Vec::new()
                } else {
                    vec![Json::Object(fields)]
                };
                out.insert("events".into(), Json::from(events));
            } else {
                out.insert(record.as_str().into(), Json::Object(fields));
            }
        }
        out.insert(
            "offercheck".into(),
            json!({
                "level": self.level,
                "score": self.score,
                "complete": self.complete,
                "potential_indicators": self.indicators.iter().map(|i| json!({
                    "rule": i.rule,
                    "title": i.title,
                    "severity": i.severity,
                })).collect::<Vec<_>>(),
                "note": self.note,
            }),
        );
        Json::Object(out)
    }

    /// The record as CSV cells, in the order of [`columns`].
    pub fn row(&self) -> Vec<String> {
        let mut row: Vec<String> = self
            .mapping
            .fields
            .iter()
            .map(|field| {
                self.values
                    .iter()
                    .find(|(f, _)| std::ptr::eq(*f, field))
                    .map(|(_, value)| value.cell())
                    .unwrap_or_default()
            })
            .collect();
        row.push(self.level.to_string());
        row.push(self.score.to_string());
        row.push(
            self.indicators
                .iter()
                .map(|i| i.rule.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        );
        row
    }
}

/// The CSV header: `record.field` for each field of the mapping, then
/// `offercheck.level`, `offercheck.score` and `offercheck.potential_indicators`
/// (rule ids separated by `;`).
pub fn columns(mapping: &HtcdsMapping) -> Vec<String> {
    let mut columns: Vec<String> = mapping
        .fields
        .iter()
        .map(|field| format!("{}.{}", field.record.as_str(), field.field))
        .collect();
    columns.extend(
        [
            "offercheck.level",
            "offercheck.score",
            "offercheck.potential_indicators",
        ]
        .map(str::to_string),
    );
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::RawAnswer;

    fn evaluate<'r>(rules: &'r RuleSet, toml: &str) -> Evaluation<'r> {
        let raw = RawAnswer::from_toml("test.toml", toml).expect("TOML");
        let answers = Answers::from_raw(rules, raw).expect("answers");
        crate::assess::evaluate(rules, answers)
    }

    /// The mapping fills the recruitment fields from the answers, writes
    /// phones in E.164 and countries as codes, and leaves consent off.
    #[test]
    fn fields_from_answers() {
        let rules = crate::testing::default_rules();
        let evaluation = evaluate(
            &rules,
            "found_via = \"social_media_or_messaging\"\njob_type = \"driver\"\n\
             destination = \"RU\"\nrecruiter_phone = \"0712 345 678\"\nupfront_payment = \"yes\"\n\
             offer_text = \"Apply on WhatsApp now\"\n",
        );
        let record = record(&evaluation, false).expect("a mapping");
        let json = record.to_json();
        assert_eq!(json["person"]["prs_Citizenship"], json!(["KE"]));
        assert_eq!(
            json["person"]["vic_MethodOfRecruitment"],
            json!(["ThroughOnlineSocialNetworks"])
        );
        assert_eq!(
            json["person"]["vic_RecruitmentWebsitesAndApps"],
            json!(["WhatsApp"])
        );
        assert_eq!(
            json["person"]["vic_ForcedLabourIndustry"],
            json!("H_TransportationAndStorage")
        );
        assert_eq!(
            json["recruiter"]["per_RoleInProcess"],
            json!(["RecruiterOrIntermediary"])
        );
        assert_eq!(json["recruiter"]["prs_MobilePhone"], json!("+254712345678"));
        assert_eq!(
            json["events"],
            json!([{"hte_Type": "Recruitment", "hte_Country": "KE"}])
        );
        assert_eq!(json["consent"]["con_Consent"], json!(false));
        assert!(json["person"].get("vic_TraffickingStatus").is_none());
        let row = record.row();
        assert_eq!(row.len(), columns(rules.htcds.as_ref().unwrap()).len());
        assert!(row.contains(&"FALSE".to_string()));
        assert_eq!(
            super::record(&evaluation, true).unwrap().to_json()["consent"]["con_Consent"],
            json!(true)
        );
    }

    /// A number that cannot be written in E.164 with certainty is left out.
    #[test]
    fn phones_in_e164() {
        let rules = crate::testing::default_rules();
        let e = |n: &str| e164(&rules, Some("KE"), n);
        assert_eq!(e("+7 (912) 345-67-89").as_deref(), Some("+79123456789"));
        assert_eq!(e("00254712345678").as_deref(), Some("+254712345678"));
        assert_eq!(e("0712345678").as_deref(), Some("+254712345678"));
        assert_eq!(e("712345678"), None);
        assert_eq!(e("+0123"), None);
        assert_eq!(e("+1234567890123456"), None);
        assert_eq!(e164(&rules, None, "0712345678"), None);
    }
}

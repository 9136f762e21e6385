//! The rule set: questions, red-flag rules, thresholds, channels and
//! countries, parsed from TOML text and validated.

pub mod agency;
pub mod condition;
pub mod contract;
pub mod htcds;
mod lang;
mod load;
mod model;
pub mod phrases;
mod raw;
pub mod reach;
pub mod registry;
pub mod snapshot;
mod text_map;
pub(crate) mod values;

pub use crate::strings::{Text, same_id};
pub use condition::{Comparison, Condition, Test, Truth};
pub use lang::{ENGLISH, Texts, fill, language_from_env};
pub use load::{MAX_CONDITION_DEPTH, RESERVED_IDS, RuleFile, RulesError, limits};
pub use model::*;
pub use text_map::TextMap;

#[cfg(test)]
mod tests {
    use super::*;

    /// The public contract of SPEC.md: every core question id, its kind and its choices.
    const SPEC_QUESTIONS: &[(&str, QuestionKind, &[&str])] = &[
        ("origin", QuestionKind::Country, &[]),
        ("destination", QuestionKind::Country, &[]),
        (
            "job_type",
            QuestionKind::Choice,
            &[
                "domestic_work",
                "construction",
                "security_guard",
                "driver",
                "factory_warehouse",
                "hospitality",
                "healthcare",
                "agriculture",
                "it_customer_service",
                "military_or_security_forces",
                "other",
            ],
        ),
        (
            "found_via",
            QuestionKind::Choice,
            &[
                "licensed_agency",
                "unlicensed_or_unknown_agency",
                "travel_agent_or_consultancy",
                "government_programme",
                "employer_directly",
                "friend_or_relative",
                "social_media_or_messaging",
                "walk_in_recruiter",
            ],
        ),
        ("agency_licence_verified", QuestionKind::YesNo, &[]),
        ("upfront_payment", QuestionKind::YesNo, &[]),
        (
            "payment_purposes",
            QuestionKind::MultiChoice,
            &[
                "visa",
                "air_ticket",
                "accommodation",
                "medical",
                "training",
                "placement_fee",
                "deposit",
                "other",
            ],
        ),
        ("payment_amount_kes", QuestionKind::Number, &[]),
        ("payment_receipt", QuestionKind::YesNo, &[]),
        ("payment_before_contract", QuestionKind::YesNo, &[]),
        (
            "payment_method",
            QuestionKind::Choice,
            &[
                "company_bank_account",
                "personal_account_or_mobile_money",
                "cash",
                "crypto",
                "none",
            ],
        ),
        ("salary_deductions_to_repay", QuestionKind::YesNo, &[]),
        ("pay_unusually_high", QuestionKind::YesNo, &[]),
        // `unknown` is SPEC's choice too: every question accepts it as "don't know".
        (
            "visa_type",
            QuestionKind::Choice,
            &[
                "work",
                "tourist_or_visit",
                "student",
                "business",
                "none_or_on_arrival",
            ],
        ),
        (
            "visa_handled_by",
            QuestionKind::Choice,
            &[
                "employer_via_embassy",
                "self_at_embassy",
                "recruiter_unclear_process",
            ],
        ),
        ("asked_to_lie_to_officials", QuestionKind::YesNo, &[]),
        ("passport_surrender", QuestionKind::YesNo, &[]),
        ("written_contract", QuestionKind::YesNo, &[]),
        ("contract_language_understood", QuestionKind::YesNo, &[]),
        ("contract_attested", QuestionKind::YesNo, &[]),
        ("employer_identified", QuestionKind::YesNo, &[]),
        ("employer_interviewed", QuestionKind::YesNo, &[]),
        ("destination_changed", QuestionKind::YesNo, &[]),
        (
            "citizenship_or_residency_promised",
            QuestionKind::YesNo,
            &[],
        ),
        ("job_details_vague", QuestionKind::YesNo, &[]),
        ("military_or_combat_mention", QuestionKind::YesNo, &[]),
        ("pressure_to_decide", QuestionKind::YesNo, &[]),
        ("indirect_travel_route", QuestionKind::YesNo, &[]),
        (
            "contact_channel",
            QuestionKind::Choice,
            &[
                "official_office_email_phone",
                "personal_email",
                "messaging_apps_only",
            ],
        ),
        ("recruiter_website", QuestionKind::Url, &[]),
        ("recruiter_email", QuestionKind::Email, &[]),
        ("recruiter_phone", QuestionKind::Phone, &[]),
        ("offer_text", QuestionKind::Text, &[]),
        ("agency_name", QuestionKind::Text, &[]),
        ("agency_licence_number", QuestionKind::Text, &[]),
    ];

    /// The default rule set keeps SPEC's question contract exactly.
    #[test]
    fn default_questions_keep_the_spec_contract() {
        let rules = crate::testing::default_rules();
        for (id, kind, choices) in SPEC_QUESTIONS {
            let question = rules
                .question(id)
                .unwrap_or_else(|| panic!("question {id} missing"));
            assert_eq!(question.kind, *kind, "{id}");
            let ids: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, *choices, "{id}");
        }
        assert_eq!(
            rules.question("origin").unwrap().default,
            Some(crate::answer_set::Value::Country("KE".into()))
        );
    }

    /// The default rule set's invariants: enough rules, each with a source, and
    /// every fire-able rule reachable (no rule references a question twice in a contradictory way is left to `rules check`).
    #[test]
    fn default_rules_invariants() {
        let rules = crate::testing::default_rules();
        assert!(rules.rules.len() >= 30, "{} rules", rules.rules.len());
        for rule in &rules.rules {
            assert!(!rule.sources.is_empty(), "{}", rule.id);
            assert!(
                rule.sources.iter().all(|s| s.url.starts_with("https://")),
                "{}",
                rule.id
            );
            assert!(
                !rule.title.to_lowercase().contains("safe"),
                "{}: never call anything safe",
                rule.id
            );
        }
        for channel in &rules.channels {
            assert!(channel.source.url.starts_with("https://"), "{}", channel.id);
        }
    }
}

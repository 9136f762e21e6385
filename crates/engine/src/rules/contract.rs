//! What the engine's own code reads by name: the question ids that are the
//! inputs of the built-in checks and of the report's contacts (SPEC.md's
//! core ids), and the signals those checks give, which rules name.
//! Everything else about these questions (prompt, help, choices, risk) is
//! data, and a rule set may leave any of them out: the check that reads it
//! is then not made. A rule set that has one must give it the kind the code
//! reads, and the loader refuses it otherwise.

use super::QuestionKind;

/// The person's country: contacts, calling codes, judged amounts.
pub const ORIGIN: &str = "origin";
/// The job's country: contacts and the phone checks.
pub const DESTINATION: &str = "destination";
/// The recruiter's web address, for the website checks.
pub const RECRUITER_WEBSITE: &str = "recruiter_website";
/// The recruiter's e-mail address, for the e-mail checks.
pub const RECRUITER_EMAIL: &str = "recruiter_email";
/// The recruiter's phone number, for the phone checks.
pub const RECRUITER_PHONE: &str = "recruiter_phone";
/// The advert or message as received, for the phrase checks.
pub const OFFER_TEXT: &str = "offer_text";

/// Each id read by code, with the kind of answer the code expects.
pub const READ_BY_CODE: &[(&str, QuestionKind)] = &[
    (ORIGIN, QuestionKind::Country),
    (DESTINATION, QuestionKind::Country),
    (RECRUITER_WEBSITE, QuestionKind::Url),
    (RECRUITER_EMAIL, QuestionKind::Email),
    (RECRUITER_PHONE, QuestionKind::Phone),
    (OFFER_TEXT, QuestionKind::Text),
];

/// The signals the contact and advert checks compute in code
/// (`crate::signals`), with what each means. Phrase groups in the rule
/// files add one signal each, named by the group's id.
pub const BUILTIN_SIGNALS: &[(&str, &str)] = &[
    (
        "website_not_https",
        "the web address starts with http://, not https://",
    ),
    (
        "website_ip_host",
        "the web address is a bare IP address, not a name",
    ),
    (
        "website_idn",
        "the web address uses international or look-alike letters (punycode, xn--)",
    ),
    (
        "website_shortener",
        "the web address is a link shortener that hides the real site",
    ),
    (
        "website_site_builder",
        "the site is on a free site builder or free hosting",
    ),
    (
        "website_messaging_link",
        "the \"website\" is a chat link (WhatsApp, Telegram …)",
    ),
    (
        "website_imitates_official",
        "the site's name presents it as official but it is not on an official domain",
    ),
    (
        "website_hidden_host",
        "the web address puts a name before an @, which hides the real site behind it",
    ),
    (
        "email_free_provider",
        "the e-mail address is a free mailbox (Gmail, Yahoo …)",
    ),
    (
        "email_domain_differs",
        "the e-mail domain is not the website's domain",
    ),
    (
        "email_official_name_free",
        "a free mailbox whose name presents it as official",
    ),
    (
        "email_idn",
        "the e-mail domain uses international or look-alike letters (punycode, xn--)",
    ),
    (
        "email_imitates_official",
        "the e-mail domain's name presents it as official but it is not on an official domain",
    ),
    (
        "phone_not_origin",
        "the phone number's country code is not your own country's",
    ),
    (
        "phone_foreign",
        "the phone number belongs to neither your country nor the job's country",
    ),
    (
        "offer_fee_amount",
        "an amount of money written next to a fee or deposit word in the advert",
    ),
];

/// The signals of the agency checks (`crate::signals::agency`), with what
/// each means.
pub const AGENCY_SIGNALS: &[(&str, &str)] = &[
    (
        "agency_named_in_notice",
        "the agency's name is, once normalised, a name in an official notice of deregistered or unlicensed agencies",
    ),
    (
        "agency_similar_to_notice",
        "the agency's name is not in the notices, but is close to a name in one",
    ),
    (
        "licence_number_malformed",
        "the licence number does not have the form of its regulator's numbers (checked only where a source shows the form)",
    ),
    (
        "register_agency_current",
        "the register export lists the agency as licensed on the export's date",
    ),
    (
        "register_agency_expired",
        "the register export lists the agency with an expired licence",
    ),
    (
        "register_agency_deregistered",
        "the register export lists the agency as deregistered",
    ),
    (
        "register_agency_pending",
        "the register export lists the agency's registration as pending",
    ),
    (
        "register_agency_not_found",
        "the agency's name, or its licence number, is not on the register export",
    ),
    (
        "register_number_other_name",
        "the licence number is on the register export under another agency's name",
    ),
];

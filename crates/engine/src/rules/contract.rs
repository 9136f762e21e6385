//! The question ids that the engine's own code reads by name: the inputs of
//! the built-in checks and of the report's contacts (SPEC.md's core ids).
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

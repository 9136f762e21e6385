//! Signals from the recruiter's e-mail address.

use super::{check, domain_look, host_is, website};

use crate::answers::Signal;
use crate::rules::{SignalLists, Text};

/// Whether `word` appears in a mailbox name: as a whole part between dots,
/// dashes, underscores, plus signs or digits, or, for words of five letters
/// or more, anywhere in its letters read together ("ministryoflabour",
/// "high.commission.kenya" for `highcommission`). Short words such as `nea`
/// must stand alone, or "linnea" would match. `letters` is the mailbox
/// name's letters alone, made once for every word looked for.
fn names_word(local: &str, letters: &str, word: &str) -> bool {
    if word.len() >= 5 {
        return letters.contains(word);
    }
    local
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|part| part == word)
}

/// The registered name of a host, roughly: its last two labels, or three
/// under a two-letter country code with a common second level (`agency.co.ke`,
/// `ministry.go.ke`). Close enough to tell `careers.firm.com` and
/// `hr@firm.com` apart from `hr@other.com` without a public-suffix list.
fn base_domain(host: &str) -> String {
    const SECOND_LEVELS: &[&str] = &[
        "ac", "co", "com", "edu", "go", "gob", "gov", "mil", "ne", "net", "or", "org", "sc",
    ];
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    let keep = match labels.as_slice() {
        [.., second, last]
            if labels.len() >= 3 && last.len() == 2 && SECOND_LEVELS.contains(second) =>
        {
            3
        }
        _ => 2,
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

pub(super) fn signals(
    lists: &SignalLists,
    address: &str,
    website_host: Option<&str>,
) -> Vec<(Text, Signal)> {
    let lower = address.trim().to_ascii_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let free = lists.free_mail_providers.iter().any(|p| host_is(domain, p));
    if !lists.free_mail_providers.is_empty() {
        out.push(check("email_free_provider", free, || {
            format!("e-mail address: {address}")
        }));
        let letters: String = local.chars().filter(char::is_ascii_alphabetic).collect();
        let word = lists
            .official_words
            .iter()
            .find(|w| names_word(local, &letters, w));
        out.push(check(
            "email_official_name_free",
            free && word.is_some(),
            || {
                format!(
                    "e-mail address: {address} (a free mailbox named with \"{}\")",
                    word.map_or("", Text::as_str)
                )
            },
        ));
    }
    // The domain as a browser would go to it, as the website's host is
    // given: lowercase, and in punycode (`xn--…`) for an international name.
    let host = website::host(domain);
    if !free {
        // The domain is judged as a website's host is: `hr@nea-kenya.com`
        // is no more official than https://nea-kenya.com.
        if let Some(name) = &host {
            let name = name.as_str();
            let look = domain_look(lists, name);
            out.push(check("email_idn", look.lookalike_letters, || {
                format!(
                    "e-mail address: {address} (its domain {name} is written with non-Latin or look-alike letters)"
                )
            }));
            out.push(check(
                "email_imitates_official",
                look.false_official.is_some(),
                || {
                    format!(
                        "e-mail address: {address} (its domain uses the word \"{}\" but is not on an official government domain)",
                        look.false_official.map_or("", Text::as_str)
                    )
                },
            ));
        }
    }
    if let Some(website) = website_host {
        let same = base_domain(website) == base_domain(host.as_deref().unwrap_or(domain));
        out.push(check("email_domain_differs", !same, || {
            format!("e-mail domain {domain} but website {website}")
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> SignalLists {
        SignalLists {
            free_mail_providers: vec!["gmail.com".into(), "yahoo.com".into()],
            official_words: vec!["nea".into(), "ministry".into(), "highcommission".into()],
            official_suffixes: vec![".go.ke".into()],
            ..SignalLists::default()
        }
    }

    fn fired(address: &str, website: Option<&str>) -> Vec<String> {
        signals(&lists(), address, website)
            .into_iter()
            .filter(|(_, s)| s.fired)
            .map(|(id, _)| id.to_string())
            .collect()
    }

    /// Each e-mail check, and none on a company address matching its website.
    #[test]
    fn email_table() {
        assert!(fired("jobs@agency.co.ke", Some("agency.co.ke")).is_empty());
        assert!(fired("jobs@mail.agency.co.ke", Some("agency.co.ke")).is_empty());
        assert_eq!(
            fired("agency.jobs@gmail.com", None),
            ["email_free_provider"]
        );
        assert_eq!(
            fired("nea.recruitment@gmail.com", None),
            ["email_free_provider", "email_official_name_free"]
        );
        assert_eq!(
            fired("ministryoflabour2025@yahoo.com", None),
            ["email_free_provider", "email_official_name_free"]
        );
        assert_eq!(fired("linnea@gmail.com", None), ["email_free_provider"]);
        assert_eq!(
            fired("high.commission.kenya@gmail.com", None),
            ["email_free_provider", "email_official_name_free"]
        );
        assert!(fired("recruitment@nea.go.ke", None).is_empty());
        assert_eq!(
            fired("recruitment@nea-kenya.com", None),
            ["email_imitates_official"]
        );
        assert_eq!(fired("hr@nеa-jobs.com", None), ["email_idn"]);
        assert_eq!(fired("hr@xn--ne-6la.co.ke", None), ["email_idn"]);
        assert!(fired("hr@nearby-jobs.com", None).is_empty());
        assert_eq!(
            fired("hr@other-company.com", Some("agency.co.ke")),
            ["email_domain_differs"]
        );
        // An international name is compared in the form the website's host
        // is given in (punycode), not as written.
        let website = website::host("https://www.nеa-jobs.com/apply");
        assert_eq!(website.as_deref(), Some("xn--na-jobs-7gg.com"));
        assert_eq!(fired("hr@nеa-jobs.com", website.as_deref()), ["email_idn"]);
        assert_eq!(
            fired("hr@nеa-jobs.com", Some("other.com")),
            ["email_idn", "email_domain_differs"]
        );
    }

    /// Hostile input gives no panic.
    #[test]
    fn hostile_emails() {
        for address in ["", "@", "a@", "@b", "\u{0}@\u{0}", &"x".repeat(100_000)] {
            let _ = signals(&lists(), address, Some("example.com"));
        }
    }
}

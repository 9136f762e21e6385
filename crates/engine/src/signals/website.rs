//! Signals from the recruiter's web address.

use url::{Host, Url};

use super::{check, domain_look, host_is};
use crate::answers::Signal;
use crate::rules::{SignalLists, Text};

/// The lowercase host of a web address as the user gave it (with or without
/// a scheme), as a browser would go to it: without `www.`, any `name@`
/// before it, or a trailing dot (`nea.go.ke.` is `nea.go.ke`).
pub(super) fn host(address: &str) -> Option<String> {
    parse(address).and_then(|(url, _)| url.host_str().map(|h| bare_host(h).to_string()))
}

/// A host name without `www.` and the trailing dot that names the DNS root.
fn bare_host(host: &str) -> &str {
    host.trim_end_matches('.').trim_start_matches("www.")
}

/// The parsed address and whether the user wrote the scheme.
fn parse(address: &str) -> Option<(Url, bool)> {
    let has_scheme = address.contains("://");
    let full = if has_scheme {
        address.to_string()
    } else {
        format!("http://{address}")
    };
    Url::parse(&full).ok().map(|url| (url, has_scheme))
}

pub(super) fn signals(lists: &SignalLists, address: &str) -> Vec<(Text, Signal)> {
    let Some((url, has_scheme)) = parse(address) else {
        return Vec::new();
    };
    let Some(host) = url.host() else {
        return Vec::new();
    };
    let name = match &host {
        Host::Domain(domain) => bare_host(domain).to_ascii_lowercase(),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => ip.to_string(),
    };
    let is_domain = matches!(host, Host::Domain(_));
    let mut out = Vec::new();
    if has_scheme {
        out.push(check("website_not_https", url.scheme() == "http", || {
            format!("web address: {address}")
        }));
    }
    // `https://nea.go.ke@evil.com` goes to evil.com: what stands before the
    // `@` is a user name, which honest job sites never put in their links.
    let before_at = address
        .split_once("://")
        .map_or(address, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .and_then(|authority| authority.rsplit_once('@'))
        .map(|(userinfo, _)| userinfo);
    out.push(check(
        "website_hidden_host",
        !url.username().is_empty() || url.password().is_some(),
        || {
            format!(
                "web address: {address} (goes to {name}; \"{}\" before the @ is not the site)",
                before_at.unwrap_or_default()
            )
        },
    ));
    out.push(check("website_ip_host", !is_domain, || {
        format!("web address host: {name}")
    }));
    if !is_domain {
        return out;
    }
    let look = domain_look(lists, &name);
    // The url crate turns Unicode host names into punycode (`xn--…`).
    out.push(check("website_idn", look.lookalike_letters, || {
        format!("web address host: {name} (written with non-Latin or look-alike letters)")
    }));
    let listed = |list: &[Text]| list.iter().find(|entry| host_is(&name, entry)).cloned();
    for (id, list) in [
        ("website_shortener", &lists.link_shorteners),
        ("website_site_builder", &lists.site_builders),
        ("website_messaging_link", &lists.messaging_hosts),
    ] {
        if list.is_empty() {
            continue;
        }
        let hit = listed(list);
        out.push(check(id, hit.is_some(), || {
            format!("web address host: {name}")
        }));
    }
    out.push(check(
        "website_imitates_official",
        look.false_official.is_some(),
        || {
            format!(
                "web address host: {name} (uses the word \"{}\" but is not on an official government domain)",
                look.false_official.map_or("", Text::as_str)
            )
        },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> SignalLists {
        SignalLists {
            link_shorteners: vec!["bit.ly".into()],
            site_builders: vec!["wixsite.com".into()],
            messaging_hosts: vec!["wa.me".into()],
            official_suffixes: vec![".go.ke".into()],
            official_words: vec!["nea".into(), "gov".into()],
            ..SignalLists::default()
        }
    }

    fn fired(address: &str) -> Vec<String> {
        signals(&lists(), address)
            .into_iter()
            .filter(|(_, s)| s.fired)
            .map(|(id, _)| id.to_string())
            .collect()
    }

    /// Each website check on a typical address, and none on an honest one.
    #[test]
    fn website_table() {
        let cases: &[(&str, &[&str])] = &[
            ("https://www.example-jobs.co.ke/apply", &[]),
            ("www.nea.go.ke", &[]),
            ("http://jobs.example.com", &["website_not_https"]),
            (
                "http://41.90.1.2/jobs",
                &["website_not_https", "website_ip_host"],
            ),
            ("https://[2001:db8::1]/", &["website_ip_host"]),
            ("https://bit.ly/3abc", &["website_shortener"]),
            ("kenyajobs.wixsite.com/russia", &["website_site_builder"]),
            ("https://wa.me/254700000000", &["website_messaging_link"]),
            ("https://nea-kenya.com", &["website_imitates_official"]),
            ("https://gov-jobs.info", &["website_imitates_official"]),
            ("https://nearby-jobs.com", &[]),
            ("https://xn--ne-6la.go.ke", &["website_idn"]),
            ("https://nеa.go.ke", &["website_idn"]),
            ("https://nea.go.ke./jobs", &[]),
            ("nea-kenya.com.", &["website_imitates_official"]),
            ("https://nea.go.ke@evil.com", &["website_hidden_host"]),
            (
                "http://nea.go.ke:apply@41.90.1.2/",
                &[
                    "website_not_https",
                    "website_hidden_host",
                    "website_ip_host",
                ],
            ),
            ("https://evil.com/?next=nea.go.ke@x", &[]),
            (
                "https://user@nea-kenya.com",
                &["website_hidden_host", "website_imitates_official"],
            ),
        ];
        for (address, expected) in cases {
            assert_eq!(fired(address), *expected, "{address}");
        }
    }

    /// Hostile addresses give no signal rather than a panic.
    #[test]
    fn hostile_addresses() {
        let long = format!("https://{}.com", "a".repeat(100_000));
        for address in [
            long.as_str(),
            "",
            "http://",
            "\u{0}\u{7}",
            "javascript:alert(1)",
            "ⓝⓔⓐ.com",
        ] {
            let _ = signals(&lists(), address);
        }
        assert!(fired("").is_empty());
    }
}

//! Signals from the recruiter's phone number: its country calling code
//! compared with the origin and destination.

use super::check;
use crate::answers::Signal;
use crate::rules::{SignalLists, Text};

/// The countries whose calling code starts the number, when it is written in
/// international form (`+` or `00`); the longest matching code wins.
fn countries_of(lists: &SignalLists, number: &str) -> Option<(String, Vec<String>)> {
    let trimmed = number.trim();
    let rest = trimmed
        .strip_prefix('+')
        .or_else(|| trimmed.strip_prefix("00"))?;
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let code = (1..=4)
        .rev()
        .filter(|len| *len <= digits.len())
        .map(|len| &digits[..len])
        .find(|prefix| lists.calling_codes.values().any(|c| c == prefix))?;
    let countries = lists
        .calling_codes
        .iter()
        .filter(|(_, c)| *c == code)
        .map(|(country, _)| country.to_string())
        .collect();
    Some((code.to_string(), countries))
}

pub(super) fn signals(
    lists: &SignalLists,
    number: &str,
    origin: Option<&str>,
    destination: Option<&str>,
) -> Vec<(Text, Signal)> {
    let trimmed = number.trim();
    // A number in local form (0712 …) is taken to be in the origin country.
    if trimmed.starts_with('0') && !trimmed.starts_with("00") {
        return vec![
            check("phone_not_origin", false, String::new),
            check("phone_foreign", false, String::new),
        ];
    }
    let Some((code, countries)) = countries_of(lists, trimmed) else {
        return Vec::new();
    };
    let quote = || {
        format!(
            "phone number {trimmed} (country code +{code}: {})",
            countries.join(" or ")
        )
    };
    let mut out = Vec::new();
    if let Some(origin) = origin {
        let not_origin = !countries.iter().any(|c| c == origin);
        out.push(check("phone_not_origin", not_origin, quote));
        if let Some(destination) = destination {
            let foreign = not_origin && !countries.iter().any(|c| c == destination);
            out.push(check("phone_foreign", foreign, quote));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> SignalLists {
        let mut lists = SignalLists::default();
        for (country, code) in [
            ("KE", "254"),
            ("RU", "7"),
            ("KZ", "7"),
            ("TH", "66"),
            ("QA", "974"),
        ] {
            lists.calling_codes.insert(country.into(), code.into());
        }
        lists
    }

    fn fired(number: &str, destination: Option<&str>) -> Vec<String> {
        signals(&lists(), number, Some("KE"), destination)
            .into_iter()
            .filter(|(_, s)| s.fired)
            .map(|(id, _)| id.to_string())
            .collect()
    }

    /// Kenyan, destination and third-country numbers.
    #[test]
    fn phone_table() {
        assert!(fired("+254 712 345 678", Some("RU")).is_empty());
        assert!(fired("0712 345 678", Some("RU")).is_empty());
        assert_eq!(fired("+7 900 000 0000", Some("RU")), ["phone_not_origin"]);
        assert_eq!(
            fired("00974 5000 0000", Some("RU")),
            ["phone_not_origin", "phone_foreign"]
        );
        assert_eq!(fired("+66 80 000 0000", None), ["phone_not_origin"]);
        assert!(
            fired("+999 1234", Some("RU")).is_empty(),
            "unknown code: no signal"
        );
    }

    /// Hostile input gives no panic.
    #[test]
    fn hostile_phones() {
        for number in ["", "+", "00", "+٣٣", "\u{0}", &"9".repeat(100_000)] {
            let _ = signals(&lists(), number, Some("KE"), Some("RU"));
        }
    }
}

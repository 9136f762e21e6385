//! `offercheck channels`: the official channels by country, as text or JSON.
//! See issue 6.

use crate::util::{json, offercheck, output};

/// Without --country every channel is listed, grouped by country, and every
/// channel has a source, a checked date and an https URL where it has one.
#[test]
fn all_channels_as_json() {
    let (code, stdout, stderr) = output(offercheck().args(["channels", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let list = json(&stdout);
    assert_eq!(list["lang"], "en");
    let channels = list["channels"].as_array().expect("channels");
    assert!(channels.len() >= 8);
    let mut seen: Vec<&str> = Vec::new();
    for channel in channels {
        let country = channel["country"].as_str().expect("country");
        if seen.last() != Some(&country) {
            assert!(!seen.contains(&country), "{country} is not grouped");
            seen.push(country);
        }
        assert!(
            channel["source"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
        assert_eq!(channel["checked"].as_str().unwrap().len(), 10);
        if let Some(url) = channel["url"].as_str() {
            assert!(url.starts_with("https://"), "{url}");
        }
        let reachable = |channel: &serde_json::Value| {
            ["url", "phone", "email"]
                .iter()
                .any(|k| !channel[*k].is_null())
        };
        if let Some(via) = channel["reach_via"].as_str() {
            let target = channels
                .iter()
                .find(|c| c["id"] == via)
                .unwrap_or_else(|| panic!("{via} is listed"));
            assert!(reachable(target), "{via} can be reached directly");
        } else {
            assert!(
                reachable(channel),
                "a channel needs a way to reach it: {channel}"
            );
        }
    }
}

/// A channel with no contact detail of its own (the embassy in Moscow) says
/// whom to ask, in the report as in the list, and its JSON names that channel.
#[test]
fn reach_via_says_whom_to_ask() {
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--destination",
        "RU",
        "--job-type",
        "military_or_security_forces",
    ]));
    assert!(code == 0 || code == 1, "{stderr}");
    let moscow = stdout
        .split("\n- ")
        .find(|block| block.starts_with("Embassy of the Republic of Kenya, Moscow"))
        .unwrap_or_else(|| panic!("the embassy is listed: {stdout}"));
    assert!(
        moscow.contains("Ask State Department for Diaspora Affairs"),
        "{moscow}"
    );
    let (_, stdout, _) = output(offercheck().args([
        "check",
        "--no-input",
        "--format",
        "json",
        "--destination",
        "RU",
    ]));
    let report = json(&stdout);
    let channels = report["channels"].as_array().expect("channels");
    let embassy = channels
        .iter()
        .find(|c| c["id"] == "ke_embassy_moscow")
        .expect("listed for Russia");
    assert_eq!(embassy["reach_via"], "ke_diaspora_affairs");
    assert!(embassy["phone"].is_null() && embassy["url"].is_null());
    assert!(channels.iter().any(|c| c["id"] == "ke_diaspora_affairs"));
}

/// --country takes a code or a name in any case; text output is in Swahili with --lang sw.
#[test]
fn one_country_as_text() {
    let (code, stdout, stderr) = output(offercheck().args(["channels", "--country", "kenya"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Kenya (KE)"), "{stdout}");
    assert!(stdout.contains("https://neaims.go.ke/EmploymentAgencyList.aspx"));
    let (code, stdout, _) =
        output(offercheck().args(["channels", "--country", "KE", "--lang", "sw"]));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("OFISI RASMI"), "{stdout}");
}

/// A known country without channels says so and exits 0; an unknown one exits
/// 2 with a suggestion.
#[test]
fn unknown_country_suggests_the_nearest() {
    let (code, stdout, _) = output(offercheck().args(["channels", "--country", "NZ"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("no official contacts for New Zealand"),
        "{stdout}"
    );
    let (code, _, stderr) = output(offercheck().args(["channels", "--country", "Kenia"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown country `Kenia`"), "{stderr}");
    assert!(stderr.contains("did you mean `Kenya`?"), "{stderr}");
}

/// --destination keeps the general channels and the offices in that country
/// (such as an embassy), and drops the offices in other countries; `--country`
/// of a destination points to --destination. See issue 6.
#[test]
fn destination_lists_the_offices_there() {
    let ids = |args: &[&str]| -> Vec<String> {
        let (code, stdout, stderr) = output(
            offercheck()
                .args(["channels", "--format", "json"])
                .args(args),
        );
        assert_eq!(code, 0, "{stderr}");
        json(&stdout)["channels"]
            .as_array()
            .expect("channels")
            .iter()
            .map(|c| c["id"].as_str().expect("id").to_string())
            .collect()
    };
    let saudi = ids(&["--destination", "saudi arabia"]);
    assert!(
        saudi.contains(&"ke_consulate_jeddah_hotline".to_string()),
        "{saudi:?}"
    );
    assert!(saudi.contains(&"ke_nea_register".to_string()), "{saudi:?}");
    assert!(!saudi.contains(&"ke_embassy_doha".to_string()), "{saudi:?}");
    let qatar = ids(&["--country", "KE", "--destination", "QA"]);
    assert!(qatar.contains(&"ke_embassy_doha".to_string()), "{qatar:?}");
    assert!(!qatar.contains(&"ke_consulate_jeddah_hotline".to_string()));
    assert!(qatar.iter().all(|id| id.starts_with("ke_")), "{qatar:?}");

    let (code, stdout, _) = output(offercheck().args(["channels", "--country", "SA"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("--destination SA"), "{stdout}");
    let (code, _, stderr) = output(offercheck().args(["channels", "--destination", "Narnia"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--destination: unknown country `Narnia`"),
        "{stderr}"
    );
}

//! The HTCDS output: every value offercheck writes is one the standard
//! lists for its field, countries are ISO 3166 codes, phones E.164, and
//! consent is off unless given. The standard's lists are copied in
//! tests/fixtures/htcds/field-values-2.0.json, with the commit they were
//! read at.

use std::collections::BTreeMap;

use offercheck::rules::htcds::HtcdsValue;

use crate::util::{fixture, json, offercheck, output};

/// The standard's value names by field, and the ISO codes of its survey form.
fn standard() -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let text = std::fs::read_to_string(fixture("htcds/field-values-2.0.json")).unwrap();
    let all: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(
        all["_source"]["read_at_commit"],
        "3c2f6537cd76c3305975aa5eef7a1bf26fe20a30"
    );
    let list = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let codes = list(&all["_xform_prs_Citizenship"]);
    let fields = all
        .iter()
        .filter(|(key, _)| !key.starts_with('_'))
        .map(|(key, value)| (key.clone(), list(value)))
        .collect();
    (fields, codes)
}

/// Answer sets that reach every value of the mapping: every way the offer
/// came crossed with every kind of work, with adverts that name apps,
/// phones in local and international form, and a few with no warning sign.
fn answer_lines() -> String {
    let rules = offercheck::default_rules::rule_set().unwrap();
    let choices = |id: &str| -> Vec<String> {
        rules
            .question(id)
            .unwrap()
            .choices
            .iter()
            .map(|c| c.id.to_string())
            .collect()
    };
    let adverts = [
        "Apply on WhatsApp or Telegram",
        "See our Facebook and TikTok page",
        "Instagram: pay the deposit",
        "Call us",
    ];
    let phones = [
        "0712 345 678",
        "+7 912 345 67 89",
        "00971501234567",
        "12345",
    ];
    let mut lines = String::new();
    let mut n = 0;
    for found_via in choices("found_via") {
        for job_type in choices("job_type") {
            let origin = ["KE", "UG", "IN", "PH"][n % 4];
            let line = serde_json::json!({
                "id": n,
                "found_via": found_via,
                "job_type": job_type,
                "upfront_payment": if n % 5 == 0 { "no" } else { "yes" },
                "offer_text": adverts[n % adverts.len()],
                "recruiter_phone": phones[n % phones.len()],
                "recruiter_email": "jobs@example.com",
                "agency_name": "Tangofox Ltd",
                "origin": origin,
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
            n += 1;
        }
    }
    lines
}

/// Every emitted value is one the standard lists for its field.
fn check_record(
    record: &serde_json::Value,
    fields: &BTreeMap<String, Vec<String>>,
    codes: &[String],
    consent: bool,
    seen: &mut BTreeMap<String, usize>,
) {
    for key in ["person", "recruiter", "agency", "consent"] {
        for (field, value) in record[key].as_object().unwrap() {
            *seen.entry(field.clone()).or_default() += 1;
            match field.as_str() {
                "prs_Citizenship" => {
                    for code in value.as_array().unwrap() {
                        assert!(
                            codes.contains(&code.as_str().unwrap().to_string()),
                            "{code}"
                        );
                    }
                }
                "prs_MobilePhone" => {
                    let phone = value.as_str().unwrap();
                    let digits = &phone[1..];
                    assert!(
                        phone.starts_with('+') && (2..=15).contains(&digits.len()),
                        "{phone}"
                    );
                    assert!(
                        digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0'),
                        "{phone}"
                    );
                }
                "prs_Email" | "org_Name" => assert!(value.is_string()),
                "con_Consent" => assert_eq!(value, &serde_json::Value::Bool(consent)),
                other => {
                    let allowed = fields
                        .get(other)
                        .unwrap_or_else(|| panic!("{other} is not a picklist of the standard"));
                    let values: Vec<&str> = match value {
                        serde_json::Value::Array(items) => {
                            items.iter().map(|v| v.as_str().unwrap()).collect()
                        }
                        single => vec![single.as_str().unwrap()],
                    };
                    for v in values {
                        assert!(
                            allowed.iter().any(|a| a == v),
                            "{other} = {v} is not in the standard"
                        );
                    }
                }
            }
        }
    }
    for event in record["events"].as_array().unwrap() {
        assert!(fields["hte_Type"].contains(&event["hte_Type"].as_str().unwrap().to_string()));
        assert!(codes.contains(&event["hte_Country"].as_str().unwrap().to_string()));
    }
    assert!(record["person"].get("vic_TraffickingStatus").is_none());
    assert!(
        record["offercheck"]["note"]
            .as_str()
            .unwrap()
            .contains("not an identification of a victim")
    );
}

/// `batch --format htcds` on every combination: each value is in the
/// standard, and every field of the mapping is written somewhere.
#[test]
fn every_emitted_value_is_in_the_standard() {
    let (fields, codes) = standard();
    let input = answer_lines();
    for consent in [false, true] {
        let mut cmd = offercheck();
        cmd.args(["batch", "-", "--format", "htcds"]);
        if consent {
            cmd.arg("--consent");
        }
        let (code, stdout, stderr) = output(cmd.write_stdin(input.clone()));
        assert!(code == 0, "{stderr}");
        let mut seen = BTreeMap::new();
        let mut lines = 0;
        for line in stdout.lines() {
            let record = json(line);
            assert!(record.get("line").is_some());
            check_record(&record, &fields, &codes, consent, &mut seen);
            lines += 1;
        }
        assert_eq!(lines, input.lines().count());
        let rules = offercheck::default_rules::rule_set().unwrap();
        for field in &rules.htcds.as_ref().unwrap().fields {
            assert!(
                seen.contains_key(field.field.as_str())
                    || field.record == offercheck::rules::htcds::HtcdsRecord::Event,
                "{} never written",
                field.field
            );
        }
    }
}

/// Every value the mapping can write, reached or not, is one the standard
/// lists: the `allowed` lists in rules/htcds.toml are the standard's.
#[test]
fn the_mapping_uses_only_the_standards_values() {
    let (fields, _) = standard();
    let rules = offercheck::default_rules::rule_set().unwrap();
    let mapping = rules.htcds.as_ref().unwrap();
    assert_eq!(mapping.version.as_str(), "2.0");
    for field in &mapping.fields {
        if let HtcdsValue::Single(choices) | HtcdsValue::Multi(choices) = &field.value {
            let allowed = &fields[field.field.as_str()];
            for choice in choices {
                assert!(
                    allowed.iter().any(|a| *a == *choice.value),
                    "{} = {}",
                    field.field,
                    choice.value
                );
            }
        }
    }
}

/// `check --format htcds-csv`: one header and one row, consent `FALSE`
/// unless given; `--consent` with another format is refused.
#[test]
fn csv_and_consent() {
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--format",
        "htcds-csv",
        "--found-via",
        "social_media_or_messaging",
        "--job-type",
        "domestic_work",
        "--upfront-payment",
        "yes",
        "--recruiter-phone",
        "0712345678",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let cell = |name: &str| rows[0][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("consent.con_Consent"), "FALSE");
    assert_eq!(
        cell("person.vic_ForcedLabourIndustry"),
        "T_ActivitiesOfHouseholdsAsEmployers"
    );
    assert_eq!(cell("recruiter.prs_MobilePhone"), "+254712345678");
    assert_eq!(
        cell("person.vic_MethodOfRecruitment"),
        "ThroughOnlineSocialNetworks"
    );
    let (code, _, stderr) =
        output(offercheck().args(["check", "--no-input", "--destination", "QA", "--consent"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--consent belongs to a case record"),
        "{stderr}"
    );
    // batch: a header, then one row per assessed line; bad lines get none.
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["batch", "-", "--format", "htcds-csv", "--consent"])
            .write_stdin(
                "{\"id\": \"a\", \"destination\": \"RU\"}\n{\"destination\": \"Narnia\"}\n",
            ),
    );
    assert_eq!(code, 2, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "line");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][0], &rows[0][1]), ("1", "a"));
    assert!(rows[0].iter().any(|c| c == "TRUE"));
    assert!(stderr.contains("(see the messages above)"), "{stderr}");
}

/// With no warning sign, fields about what the offer could lead to are left out.
#[test]
fn no_findings_no_exploitation_fields() {
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--format",
        "htcds",
        "--found-via",
        "government_programme",
        "--job-type",
        "healthcare",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let record = json(&stdout);
    assert!(
        record["offercheck"]["potential_indicators"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{record}"
    );
    assert!(record["person"].get("vic_TypeOfExploitation").is_none());
    assert!(record["person"].get("vic_ForcedLabourIndustry").is_none());
    assert_eq!(
        record["person"]["vic_MethodOfRecruitment"],
        serde_json::json!(["Other"])
    );
}

//! `offercheck step`: whole conversations played reply by reply through the
//! binary, as a gateway would, with only the answers carried between
//! requests; the final report equals `check` on the same answers.

use serde_json::{Value, json};

use crate::util::{json, offercheck, output};

/// One request through the binary; its response.
fn step(request: &Value) -> Value {
    let (code, stdout, stderr) = output(offercheck().arg("step").write_stdin(request.to_string()));
    assert_eq!(code, 0, "{stderr}\nrequest: {request}");
    json(&stdout)
}

/// A conversation: each question is answered by `reply_to` (given its id and
/// how many times it was asked before), until done. Returns the last
/// response and the ids of the questions in the order they were asked.
fn converse(
    lang: &str,
    channel: &str,
    mut reply_to: impl FnMut(&str, usize) -> String,
) -> (Value, Vec<String>) {
    let mut answers = json!({});
    let mut asked: Vec<String> = Vec::new();
    let mut response = step(&json!({"answers": answers, "lang": lang, "channel": channel}));
    for _ in 0..200 {
        if response["done"] == true {
            return (response, asked);
        }
        let id = response["question"]["id"]
            .as_str()
            .expect("a question")
            .to_string();
        let times = asked.iter().filter(|seen| **seen == id).count();
        asked.push(id.clone());
        let reply = reply_to(&id, times);
        answers = response["answers"].clone();
        response = step(&json!({
            "answers": answers, "reply": reply, "lang": lang, "channel": channel
        }));
    }
    panic!("the conversation did not end: {asked:?}");
}

/// The same answers through `check --format json`, in `lang`.
fn check_report(answers: &Value, lang: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.json");
    std::fs::write(&file, answers.to_string()).expect("write answers");
    let (code, stdout, stderr) = output(
        offercheck()
            .args([
                "check",
                "--no-input",
                "--format",
                "json",
                "--lang",
                lang,
                "--answers",
            ])
            .arg(&file),
    );
    assert_eq!(code, 0, "{stderr}");
    json(&stdout)
}

/// The Kenya–Russia deposit case by SMS in English: numbers, words,
/// `unknown`, a wrong reply (refused and asked again), `back`, and the end
/// with a short report of at most three messages and the full report, which
/// is `check`'s on the same answers.
#[test]
fn kenya_russia_deposit_case_by_sms() {
    let (done, asked) = converse("en", "sms", |id, times| {
        match (id, times) {
            ("origin", _) => "Kenya",
            ("destination", _) => "russia",
            ("job_type", _) => "4", // driver
            ("job_details_vague", _) => "yes",
            ("pay_unusually_high", _) => "Y",
            ("military_or_combat_mention", _) => "no",
            ("found_via", _) => "social_media_or_messaging",
            ("contact_channel", _) => "3",
            ("recruiter_phone", _) => "+7 900 000 0000",
            ("upfront_payment", _) => "1",
            ("payment_purposes", _) => "1,7", // visa, deposit
            // A wrong reply, then back to the purposes, then the amount.
            ("payment_amount_kes", 0) => "a lot",
            ("payment_amount_kes", 1) => "back",
            ("payment_amount_kes", _) => "250,000",
            ("payment_method", _) => "2",
            ("payment_receipt", _) => "no",
            ("payment_before_contract", _) => "yes",
            ("visa_type", _) => "tourist_or_visit",
            ("visa_handled_by", _) => "3",
            ("indirect_travel_route", _) => "yes",
            ("asked_to_lie_to_officials", _) => "yes",
            ("written_contract", _) => "no",
            ("pressure_to_decide", _) => "yes",
            ("offer_text", _) => {
                "Drivers and guards needed in Moscow. Salary KSh 250,000. Pay a deposit for the visa today."
            }
            _ => "unknown",
        }
        .to_string()
    });
    // The wrong amount was asked again, then "back" went to the purposes.
    let amount_at = asked
        .iter()
        .position(|id| id == "payment_amount_kes")
        .expect("the amount was asked");
    assert_eq!(asked[amount_at + 1], "payment_amount_kes", "{asked:?}");
    assert_eq!(asked[amount_at + 2], "payment_purposes", "{asked:?}");
    assert!(
        !asked.contains(&"contract_attested".to_string()),
        "no follow-up of a contract that does not exist: {asked:?}"
    );
    let answers = &done["answers"];
    assert_eq!(answers["payment_amount_kes"], json!(250000));
    assert_eq!(answers["payment_purposes"], json!(["visa", "deposit"]));
    assert_eq!(answers["destination"], "RU");
    let report = &done["report"];
    assert_eq!(report["level"], "critical", "{report}");
    assert_eq!(
        *report,
        check_report(answers, "en"),
        "step's report is check's"
    );
    let messages = done["messages"].as_array().expect("messages");
    assert!((1..=3).contains(&messages.len()), "{messages:?}");
    assert!(
        messages[0].as_str().unwrap().contains("DO NOT PAY"),
        "{messages:?}"
    );
    for message in messages {
        let text = message.as_str().unwrap();
        assert!(text.chars().count() <= 160, "{text}");
        assert!(
            !text.contains(['’', '“', '”', '—', '…']),
            "GSM only: {text}"
        );
    }
}

/// The German nurse programme case by chat in Kiswahili, with Kiswahili
/// words (ndiyo, hapana, sijui, rudi), ending in a report equal to
/// `check --lang sw` on the same answers, which never calls the offer safe.
#[test]
fn german_nurse_programme_in_kiswahili() {
    let (done, asked) = converse("sw", "chat", |id, times| {
        match (id, times) {
            ("origin", _) => "KE",
            ("destination", _) => "Germany",
            ("job_type", _) => "healthcare",
            ("job_details_vague", _) => "hapana",
            ("pay_unusually_high", _) => "hapana",
            ("military_or_combat_mention", _) => "hapana",
            ("found_via", _) => "government_programme",
            ("contact_channel", 0) => "rudi",
            ("contact_channel", _) => "1",
            ("upfront_payment", _) => "hapana",
            ("salary_deductions_to_repay", _) => "hapana",
            ("visa_type", _) => "work",
            ("visa_handled_by", _) => "1",
            ("written_contract", _) => "ndiyo",
            ("contract_language_understood", _) => "ndiyo",
            ("contract_attested", _) => "ndiyo",
            ("employer_identified", _) => "ndiyo",
            ("employer_interviewed", _) => "ndiyo",
            ("offer_text", _) => "sijui",
            ("recruiter_website" | "recruiter_email" | "recruiter_phone", _) => "sijui",
            _ => "hapana",
        }
        .to_string()
    });
    let contact = asked
        .iter()
        .position(|id| id == "contact_channel")
        .expect("asked");
    assert_eq!(asked[contact + 1], "found_via", "rudi goes back: {asked:?}");
    assert!(
        !asked.contains(&"payment_purposes".to_string()),
        "no payment follow-ups when nothing was paid"
    );
    let answers = &done["answers"];
    assert_eq!(answers["destination"], "DE");
    assert_eq!(answers["upfront_payment"], "no");
    let report = &done["report"];
    assert_eq!(report["lang"], "sw");
    assert_eq!(
        *report,
        check_report(answers, "sw"),
        "step's report is check's"
    );
    let text = done["messages"][0].as_str().unwrap().to_lowercase();
    assert!(!text.contains("salama") && !text.contains("safe"), "{text}");
}

/// A malformed request exits 2 and names the key, line and column; an empty
/// one says what to send.
#[test]
fn malformed_requests_exit_2() {
    let cases = [
        ("{\"answers\": {}, \"replay\": \"1\"}", "<stdin>:1:"),
        (
            "{\"answers\": {\"upfront_payment\": \"maybe\"}}",
            "upfront_payment",
        ),
        ("[1, 2]", "not a step request"),
        ("{\"lang\": \"fr\"}", "`lang`"),
        ("", "no step request"),
    ];
    let (code, _, stderr) = output(offercheck().args(["step", "/nonexistent/request.json"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("/nonexistent/request.json") && stderr.contains("help:"),
        "{stderr}"
    );
    for (request, expected) in cases {
        let (code, stdout, stderr) = output(offercheck().arg("step").write_stdin(request));
        assert_eq!(code, 2, "{request}: {stderr}");
        assert!(stdout.is_empty(), "{request}: {stdout}");
        assert!(stderr.contains(expected), "{request}: {stderr}");
    }
}

/// A reply that is not understood is a refusal, not an error: exit 0, the
/// same question again with why, in the conversation's language.
#[test]
fn refused_reply_is_an_answer() {
    let start =
        json!({"answers": {"origin": "KE", "destination": "RU"}, "lang": "sw", "channel": "sms"});
    let first = step(&start);
    assert_eq!(first["question"]["id"], "job_type");
    let mut again = start.clone();
    again["reply"] = json!("99");
    let refused = step(&again);
    assert_eq!(refused["question"]["id"], "job_type");
    assert!(
        refused["refused"].as_str().unwrap().contains("99"),
        "{refused}"
    );
    assert_eq!(refused["answers"], first["answers"], "nothing changed");
    let mut help = start;
    help["reply"] = json!("?");
    let helped = step(&help);
    assert!(helped.get("refused").is_none());
    let help_start: String = helped["question"]["help"]
        .as_str()
        .unwrap()
        .chars()
        .take(20)
        .collect();
    let sent = helped["messages"].to_string();
    assert!(sent.contains(&help_start), "{helped}");
}

/// `--registry` reaches `step` as it reaches `check`: a conversation that
/// names a deregistered agency ends in the same report as `check
/// --registry` on the same answers.
#[test]
fn step_with_a_register_export() {
    let registry = crate::util::fixture("registry/nea-sample.csv");
    let mut answers = json!({"origin": "KE", "destination": "SA", "found_via": "licensed_agency"});
    let mut response = Value::Null;
    let mut reply: Option<&str> = None;
    for _ in 0..100 {
        let mut request = json!({"answers": answers, "channel": "chat"});
        if let Some(reply) = reply {
            request["reply"] = json!(reply);
        }
        let (code, stdout, stderr) = output(
            offercheck()
                .args(["step", "--registry"])
                .arg(&registry)
                .write_stdin(request.to_string()),
        );
        assert_eq!(code, 0, "{stderr}");
        response = json(&stdout);
        if response["done"] == true {
            break;
        }
        answers = response["answers"].clone();
        reply = Some(match response["question"]["id"].as_str() {
            Some("agency_name") => "Tangofox Ltd",
            _ => "unknown",
        });
    }
    assert_eq!(response["done"], true);
    assert_eq!(response["answers"]["agency_name"], "Tangofox Ltd");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("answers.json");
    std::fs::write(&file, response["answers"].to_string()).expect("write answers");
    let (code, stdout, stderr) = output(
        offercheck()
            .args([
                "check",
                "--no-input",
                "--format",
                "json",
                "--lang",
                "en",
                "--registry",
            ])
            .arg(&registry)
            .arg("--answers")
            .arg(&file),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(response["report"], json(&stdout));
    assert!(
        response["report"].to_string().contains("deregistered"),
        "the register's word reaches the report"
    );
}

//! The page's API as the page calls it: JSON in, JSON out, the state kept
//! between steps being only the answers and the place.

use serde_json::{Value, json};

use super::*;

fn send(request: Value) -> Value {
    let text = step(&request.to_string());
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// The next request from a response: its state, the language and an action.
fn next(response: &Value, action: Value) -> Value {
    send(json!({
        "lang": response["lang"],
        "answers": response["answers"],
        "place": response["place"],
        "action": action,
    }))
}

/// The number of the option `id` of the question shown.
fn option(response: &Value, id: &str) -> usize {
    let options = response["question"]["options"].as_array().expect("options");
    options
        .iter()
        .find(|option| option["id"] == id)
        .and_then(|option| option["number"].as_u64())
        .unwrap_or_else(|| panic!("no option {id}: {response}")) as usize
}

fn question_id(response: &Value) -> &str {
    response["question"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("not a question: {response}"))
}

/// Every `web_*` key of rules/ui.toml is one the page asks for, and every
/// key it asks for is worded in every language of the rule data.
#[test]
fn every_text_of_the_page_is_in_the_rule_data() {
    let english = include_str!("../../../../rules/ui.toml");
    let in_file: Vec<&str> = english
        .lines()
        .filter_map(|line| line.strip_prefix("web_"))
        .filter_map(|rest| rest.split_once(" ="))
        .map(|(key, _)| key)
        .collect();
    let asked: Vec<&str> = WEB_KEYS
        .iter()
        .chain(
            [
                "web_signs_one",
                "web_signs_many",
                "web_severity",
                "web_call",
            ]
            .iter(),
        )
        .chain(["web_write", "web_open", "web_source"].iter())
        .map(|key| key.trim_start_matches("web_"))
        .collect();
    for key in &in_file {
        assert!(asked.contains(key), "web_{key} is in ui.toml but not used");
    }
    let en = rules_in("en").expect("rules");
    let sw = rules_in("sw").expect("rules");
    assert_eq!(sw.lang(), "sw");
    for key in WEB_KEYS.iter().chain(SHARED_KEYS) {
        assert_ne!(en.ui(key), *key, "{key} has no English wording");
        assert!(
            !sw.missing_translations("sw").contains(&format!("ui.{key}")),
            "{key} has no Kiswahili wording"
        );
    }
    let wording: Value = serde_json::from_str(&ui("sw")).expect("json");
    assert_eq!(wording["lang"], "sw");
    assert_eq!(wording["texts"]["web_back"], "Rudi");
    let names: Vec<&str> = wording["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .filter_map(|language| language["name"].as_str())
        .collect();
    assert_eq!(names, ["English", "Kiswahili"]);
    let fallback: Value = serde_json::from_str(&ui("xx")).expect("json");
    assert_eq!(fallback["lang"], "en", "an unknown language is English");
}

/// From no answers the first question is asked; a choice moves on and
/// the progress total never grows; "back" walks to the previous answer
/// with it shown chosen and nothing taken back; answering it goes forward
/// to the next answer given; "back" at the first question is refused.
#[test]
fn walking_back_and_forward_keeps_the_answers() {
    let first = send(json!({"lang": "en"}));
    assert_eq!(first["screen"], "question");
    assert_eq!(question_id(&first), "origin");
    assert_eq!(first["question"]["can_go_back"], false);
    assert!(
        first["question"]["countries"]
            .as_array()
            .expect("names")
            .len()
            > 200
    );
    let refused = next(&first, json!({"kind": "back"}));
    assert_eq!(question_id(&refused), "origin");
    assert!(
        refused["refused"]
            .as_str()
            .expect("refused")
            .contains("first question")
    );

    let second = next(&first, json!({"kind": "value", "text": "Kenya"}));
    assert_eq!(question_id(&second), "destination");
    let third = next(&second, json!({"kind": "value", "text": "Urusi"}));
    assert_eq!(
        third["answers"]["destination"], "RU",
        "a Kiswahili name is found"
    );
    assert_eq!(question_id(&third), "job_type");
    let total = third["question"]["progress"]["total"]
        .as_u64()
        .expect("total");
    let fourth = next(
        &third,
        json!({"kind": "choose", "numbers": [option(&third, "driver")]}),
    );
    assert!(
        fourth["question"]["progress"]["total"]
            .as_u64()
            .expect("total")
            <= total
    );

    let back = next(&fourth, json!({"kind": "back"}));
    assert_eq!(question_id(&back), "job_type");
    assert_eq!(back["place"], json!({"mode": "walk", "at": "job_type"}));
    assert_eq!(back["question"]["chosen"], json!([option(&back, "driver")]));
    assert_eq!(back["answers"]["job_type"], "driver", "nothing taken back");
    let back_again = next(&back, json!({"kind": "back"}));
    assert_eq!(question_id(&back_again), "destination");
    assert_eq!(back_again["question"]["value"], "Russia");
    let forward = next(&back_again, json!({"kind": "value", "text": "RU"}));
    assert_eq!(
        question_id(&forward),
        "job_type",
        "on to the next answer given"
    );
    let changed = next(
        &forward,
        json!({"kind": "choose", "numbers": [option(&forward, "security_guard")]}),
    );
    assert_eq!(
        changed["place"],
        json!({"mode": "walk"}),
        "past the last answer given"
    );
    assert_eq!(changed["answers"]["job_type"], "security_guard");
    assert_eq!(question_id(&changed), question_id(&fourth));
}

/// A whole questionnaire by taps ("don't know" for most), the review, a
/// change from it (and "back" from a change returns to the review), and
/// the report: the JSON report is the engine's assessment of the answers
/// kept, and the verdict comes first in the report's own words.
#[test]
fn review_change_and_report() {
    let mut response = send(json!({"lang": "en"}));
    for _ in 0..80 {
        if response["screen"] != "question" {
            break;
        }
        let action = match question_id(&response) {
            "destination" => json!({"kind": "value", "text": "Russia"}),
            "upfront_payment" | "military_or_combat_mention" => {
                json!({"kind": "choose", "numbers": [option(&response, "yes")]})
            }
            "payment_purposes" => json!({"kind": "choose", "numbers": [
                option(&response, "visa"), option(&response, "deposit")]}),
            "payment_amount_kes" => json!({"kind": "value", "text": "250,000"}),
            _ => json!({"kind": "dont_know"}),
        };
        response = next(&response, action);
        assert!(response["refused"].is_null(), "{response}");
    }
    assert_eq!(response["screen"], "review");
    let lines = response["review"].as_array().expect("review lines");
    assert!(lines.iter().any(|line| line["id"] == "payment_purposes"));

    let change = next(
        &response,
        json!({"kind": "change", "question": "upfront_payment"}),
    );
    assert_eq!(question_id(&change), "upfront_payment");
    assert_eq!(change["place"]["mode"], "change");
    assert!(
        change["question"]["progress_text"]
            .as_str()
            .unwrap()
            .contains("change")
    );
    let unchanged = next(&change, json!({"kind": "back"}));
    assert_eq!(
        unchanged["screen"], "review",
        "back from a change: the review"
    );

    let report = next(&unchanged, json!({"kind": "finish"}));
    assert_eq!(report["screen"], "report");
    assert_eq!(report["place"], json!({"mode": "report"}));
    assert_eq!(report["questions_left"], false);
    let view = &report["report"];
    assert_eq!(view["level"], "critical");
    assert_eq!(view["title"], "DANGER: DO NOT PAY, SIGN OR TRAVEL");
    assert!(view["share_text"].as_str().unwrap().starts_with("DANGER"));

    let rules = rules_in("en").expect("rules");
    let answers = read_answers(&rules, Some(&report["answers"])).expect("answers");
    let expected = serde_json::to_value(offercheck_engine::assess(&rules, &answers)).unwrap();
    assert_eq!(view["json"], expected);
    let cards: usize = view["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        cards,
        expected["findings"].as_array().unwrap().len(),
        "every sign a card"
    );
    // Every tel: and mailto: link is a channel's own detail.
    for channel in view["channels"].as_array().unwrap() {
        let listed = expected["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|listed| listed["id"] == channel["id"])
            .expect("a listed channel");
        if let Some(href) = channel["phone"]["href"].as_str() {
            let digits: String = listed["phone"]
                .as_str()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert!(href.ends_with(&digits), "{href}");
        }
        if let Some(href) = channel["email"]["href"].as_str() {
            assert_eq!(
                href,
                format!("mailto:{}", listed["email"].as_str().unwrap())
            );
        }
    }
    // The report again from the state alone, in Kiswahili.
    let again = send(json!({"lang": "sw", "answers": report["answers"], "place": report["place"]}));
    assert_eq!(again["report"]["json"]["level"], "critical");
    assert_eq!(
        again["report"]["title"],
        "HATARI: USILIPE, USITIE SAHIHI WALA USISAFIRI"
    );
    // Back from the report: the review.
    assert_eq!(next(&report, json!({"kind": "back"}))["screen"], "review");
}

/// A pasted message is checked at once, as the answer to the advert
/// question; nothing pasted is refused with what to do; the questions
/// then start at the first.
#[test]
fn paste_a_message() {
    let first = send(json!({"lang": "en"}));
    let empty = next(&first, json!({"kind": "paste", "text": "  "}));
    assert_eq!(empty["screen"], "question");
    assert!(empty["refused"].as_str().unwrap().contains("Paste"));
    let advert =
        "URGENT! Drivers needed in Russia. Pay a refundable deposit of KSh 50,000 by M-Pesa.";
    let report = next(&first, json!({"kind": "paste", "text": advert}));
    assert_eq!(report["screen"], "report");
    assert_eq!(report["answers"], json!({ADVERT_QUESTION: advert}));
    assert!(
        !report["report"]["json"]["findings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let questions = next(&report, json!({"kind": "back"}));
    assert_eq!(question_id(&questions), "origin");
}

/// A multi-choice answer with nothing ticked, or "don't know" with other
/// answers, is refused in the page's words; a malformed request or answer
/// is an error that names what is wrong.
#[test]
fn refusals_and_errors() {
    let asked = send(json!({"lang": "en", "answers": {"upfront_payment": "yes"}}));
    let mut response = asked;
    while question_id(&response) != "payment_purposes" {
        response = next(&response, json!({"kind": "dont_know"}));
    }
    let none = next(&response, json!({"kind": "choose", "numbers": []}));
    let why = none["refused"].as_str().unwrap();
    assert!(
        why.contains("Choose at least one") && !why.contains("Space"),
        "{why}"
    );
    let both = next(
        &response,
        json!({"kind": "choose", "numbers": [1, option(&response, "unknown")]}),
    );
    assert!(both["refused"].as_str().unwrap().contains("Don't know"));
    assert_eq!(question_id(&both), "payment_purposes");

    let bad: Value = serde_json::from_str(&step("{\"place\": {\"mode\": \"nowhere\"}}")).unwrap();
    assert!(bad["error"].as_str().unwrap().contains("nowhere"), "{bad}");
    let wrong: Value =
        serde_json::from_str(&step("{\"answers\": {\"upfront_payment\": \"maybe\"}}")).unwrap();
    assert!(
        wrong["error"].as_str().unwrap().contains("upfront_payment"),
        "{wrong}"
    );
    let not_json: Value = serde_json::from_str(&step("not json")).unwrap();
    assert!(
        not_json["error"]
            .as_str()
            .unwrap()
            .contains("not a step request")
    );
}

/// The request is read as serde's derived readers read it: every place the
/// page keeps reads back as written, every kind of action reads, `null` is
/// an absent field, and a field or kind that does not exist is an error
/// that names it.
#[test]
fn requests_read_by_hand() {
    for place in [
        Place::Walk { at: None },
        Place::Walk {
            at: Some("origin".into()),
        },
        Place::Change {
            at: "origin".into(),
        },
        Place::Report,
    ] {
        let saved = serde_json::to_value(&place).expect("a place is JSON");
        assert_eq!(Place::read(saved), Ok(place));
    }
    let actions = [
        (
            json!({"kind": "choose", "numbers": [1, 3]}),
            Action::Choose {
                numbers: vec![1, 3],
            },
        ),
        (
            json!({"kind": "value", "text": "Kenya"}),
            Action::Value {
                text: "Kenya".into(),
            },
        ),
        (json!({"kind": "dont_know"}), Action::DontKnow),
        (json!({"kind": "back"}), Action::Back),
        (
            json!({"kind": "change", "question": "origin"}),
            Action::Change {
                question: "origin".into(),
            },
        ),
        (json!({"kind": "finish"}), Action::Finish),
        (
            json!({"kind": "paste", "text": "Kazi Dubai"}),
            Action::Paste {
                text: "Kazi Dubai".into(),
            },
        ),
    ];
    for (json, action) in actions {
        assert_eq!(Action::read(json), Ok(action));
    }
    let request =
        Request::read(r#"{"lang": null, "answers": null, "place": {"mode": "walk", "at": null}}"#)
            .expect("nulls are absent fields");
    assert_eq!(
        (request.lang, request.answers, request.place, request.action),
        (None, None, Place::default(), None)
    );

    for (bad, named) in [
        (r#"{"langs": "en"}"#, "langs"),
        (r#"{"place": {"mode": "report", "at": "origin"}}"#, "at"),
        (r#"{"action": {"kind": "jump"}}"#, "jump"),
        (r#"{"action": {"kind": "back", "to": "origin"}}"#, "to"),
        (
            r#"{"action": {"kind": "choose", "numbers": [-1]}}"#,
            "numbers",
        ),
        (r#"{"action": {"kind": "choose"}}"#, "numbers"),
        (r#"{"action": {"kind": "value", "text": 5}}"#, "text"),
        (r#"{"action": {"numbers": [1]}}"#, "kind"),
        (r#"{"lang": 1}"#, "lang"),
        ("[]", "object"),
    ] {
        let error = Request::read(bad).expect_err(bad);
        assert!(error.contains(named), "{bad}: {error}");
    }
}

use std::borrow::Cow;

use super::*;
use crate::rules::values::*;

/// "Don't know" and yes/no are read in any case and spacing, by the
/// quick paths for the usual spelling and by the general ones.
#[test]
fn dont_know_and_yes_no_words() {
    for word in [
        "unknown",
        "Unknown",
        " UNKNOWN ",
        "dont_know",
        "don't know",
        "Dont-Know",
        // The Kelvin sign (three bytes) lowercases to `k`.
        "UN\u{212A}NOWN",
    ] {
        assert!(is_unknown_word(word), "{word:?}");
    }
    for word in [
        "",
        "no",
        "unknowns",
        "dont know",
        "unknow",
        "ＵＮＫＮＯＷＮ",
        "unknown unknown unknown unknown unknown unknown",
    ] {
        assert!(!is_unknown_word(word), "{word:?}");
    }
    let yes_no = |text: &str| parse_yes_no(&RawValue::String(Cow::Borrowed(text))).ok();
    for (text, value) in [
        ("yes", Some(Value::Yes)),
        ("YES", Some(Value::Yes)),
        (" y ", Some(Value::Yes)),
        ("True", Some(Value::Yes)),
        ("no", Some(Value::No)),
        ("No ", Some(Value::No)),
        ("false", Some(Value::No)),
        ("yess", None),
        ("", None),
    ] {
        assert_eq!(yes_no(text), value, "{text:?}");
    }
}

/// Web addresses: bare hosts and http(s) pass; other schemes and junk do not.
#[test]
fn urls_are_checked() {
    for good in [
        "https://jobs.example.com/apply",
        "www.example.co.ke",
        "example.com:8080/x",
        "http://1.2.3.4",
    ] {
        assert!(parse_url(good).is_ok(), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "mailto:a@b.c",
        "http://",
        "not a url",
        "facebook",
        "www",
        "http://example.com:99999",
    ] {
        assert!(parse_url(bad).is_err(), "{bad}");
    }
    let message = |text: &str| parse_url(text).err().map(|p| p.message).unwrap_or_default();
    assert!(message("not a url").ends_with("has no spaces"));
    assert!(message("facebook").ends_with("it has no dot, as in `example.com`"));
    assert!(message("example.com:99999").contains("is not a port"));
    assert_eq!(
        message("exa%mple.com"),
        "`exa%mple.com` is not a web address: its name has characters that no web address can have"
    );
}

/// E-mail and phone numbers get a light syntax check.
#[test]
fn emails_and_phones_are_checked() {
    assert!(parse_email("jobs@agency.co.ke").is_ok());
    for bad in ["jobs", "a@b", "a @b.com", "@b.com", "a@b.com."] {
        assert!(parse_email(bad).is_err(), "{bad}");
    }
    for good in ["+254 712 345 678", "0712-345-678", "(020) 785 5746", "116"] {
        assert!(parse_phone(good).is_ok(), "{good}");
    }
    for bad in ["call me", "+2547+12", "12", "1234567890123456"] {
        assert!(parse_phone(bad).is_err(), "{bad}");
    }
}

/// TOML answers keep the line and column of each key.
#[test]
fn toml_answers_have_positions() {
    let raw = RawAnswer::from_toml(
        "a.toml",
        "destination = \"RU\"\n  upfront_payment = \"yes\"\n",
    )
    .unwrap();
    let upfront = raw.iter().find(|r| r.key == "upfront_payment").unwrap();
    match &upfront.location {
        Location::File {
            position: Some(pos),
            ..
        } => assert_eq!((pos.line, pos.column), (2, 3)),
        other => panic!("no position: {other:?}"),
    }
    assert_eq!(upfront.value, RawValue::String("yes".into()));
}

/// JSON answers read from a file keep the line and column of each key,
/// and a message about an answer shows it; a key with escapes has none.
#[test]
fn json_file_answers_have_positions() {
    let text = "{\n  \"destination\": \"RU\",\n    \"upfront_payment\": \"maybe\",\n \"job_\\u0074ype\": 3\n}";
    let raw = RawAnswer::from_json_file("a.json", text).unwrap();
    let position = |key: &str| match &raw.iter().find(|r| r.key == key).unwrap().location {
        Location::File { position, .. } => position.clone(),
        other => panic!("not a file: {other:?}"),
    };
    let upfront = position("upfront_payment").expect("a position");
    assert_eq!((upfront.line, upfront.column), (3, 5));
    assert_eq!(upfront.line_text, "    \"upfront_payment\": \"maybe\",");
    assert_eq!(upfront.width, 26, "key to value, quotes included");
    assert_eq!(
        position("destination").map(|p| (p.line, p.column)),
        Some((2, 3))
    );
    assert_eq!(position("job_type"), None);
    // Batch lines do without.
    let raw = RawAnswer::from_json("a.json", text).unwrap();
    assert!(
        raw.iter()
            .all(|r| matches!(r.location, Location::File { position: None, .. }))
    );

    let rules = crate::testing::default_rules();
    let raw = RawAnswer::from_json_file("a.json", text).unwrap();
    let problems = Answers::from_raw(&rules, raw).unwrap_err();
    let shown = problems[0].to_string();
    assert!(
        shown.starts_with("a.json:3:5: `upfront_payment`"),
        "{shown}"
    );
}

/// A TOML syntax error names the line and column.
#[test]
fn toml_syntax_error_is_located() {
    let err = RawAnswer::from_toml("a.toml", "destination = \"RU\"\nupfront_payment = yes\n")
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("a.toml:2:"), "{text}");
}

/// A JSON syntax error names the line and column.
#[test]
fn json_syntax_error_is_located() {
    let err = RawAnswer::from_json("a.json", "{\n \"destination\": RU\n}").unwrap_err();
    assert!(err.to_string().starts_with("a.json:2:"), "{err}");
    assert!(!err.message.contains(" at line "), "{err}");
    let huge = RawAnswer::from_json("a.json", "{\"payment_amount_kes\": 1e400}").unwrap_err();
    assert_eq!(huge.message, "`1e400` is too large to be a number");
    let not_object = RawAnswer::from_json("a.json", "[1]").unwrap_err();
    assert!(not_object.message.contains("found a list"), "{not_object}");
}

/// Checked answers come in question order, a flag's answer replacing a
/// file's; answers compare equal whatever their order.
#[test]
fn answers_are_a_map_in_question_order() {
    let rules = crate::testing::default_rules();
    let mut raw = RawAnswer::from_json(
        "a.json",
        r#"{"upfront_payment": "no", "destination": "RU"}"#,
    )
    .unwrap();
    raw.push(RawAnswer::from_flag("upfront_payment", "yes"));
    let answers = Answers::from_raw(&rules, raw).expect("valid");
    let ids: Vec<&str> = answers.iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["destination", "upfront_payment"]);
    assert_eq!(
        answers.get("upfront_payment"),
        Some(&Answer::Known(Value::Yes))
    );
    let mut other = Answers::default();
    other.set("upfront_payment", Answer::Known(Value::No));
    other.set("destination", Answer::Known(Value::Country("RU".into())));
    assert_ne!(answers, other);
    other.set("upfront_payment", Answer::Known(Value::Yes));
    assert_eq!(answers, other, "the same answers in another order");
    other.remove("destination");
    assert_eq!(other.iter().count(), 1);
    assert!(other.get("destination").is_none());
}

/// JSON keys and strings without escapes borrow from the text (`batch`
/// reads millions); with escapes they are decoded into copies.
#[test]
fn json_strings_are_borrowed() {
    let text =
        r#"{"destination": "RU", "offer_text": "a \"quoted\" word", "payment_purposes": ["visa"]}"#;
    let raw = RawAnswer::from_json("a.json", text).unwrap();
    assert!(raw.iter().all(|r| matches!(r.key, Cow::Borrowed(_))));
    assert!(matches!(
        &raw[0].value,
        RawValue::String(Cow::Borrowed("RU"))
    ));
    assert_eq!(
        raw[1].value,
        RawValue::String(Cow::Owned("a \"quoted\" word".into()))
    );
    assert!(matches!(&raw[2].value, RawValue::List(items)
        if matches!(items[..], [RawValue::String(Cow::Borrowed("visa"))])));
    let owned = raw[0].clone().into_owned();
    assert_eq!(owned, raw[0]);
}

/// An amount reads the same from JSON as from TOML or a flag, to the last
/// digit (serde_json rounded some decimals wrongly without `float_roundtrip`;
/// found by the round-trip property test).
#[test]
fn json_numbers_are_exact() {
    let rules = crate::testing::default_rules();
    let read = |raw: Vec<RawAnswer>| {
        let answers = Answers::from_raw(&rules, raw).expect("valid");
        answers.get("payment_amount_kes").cloned()
    };
    let text = "9099459.484422779";
    let from_json = read(
        RawAnswer::from_json("a.json", &format!("{{\"payment_amount_kes\": {text}}}")).unwrap(),
    );
    let from_toml =
        read(RawAnswer::from_toml("a.toml", &format!("payment_amount_kes = {text}")).unwrap());
    let from_flag = read(vec![RawAnswer::from_flag("payment_amount_kes", text)]);
    let exact = Some(Answer::Known(Value::Number(9_099_459.484_422_779)));
    assert_eq!(from_json, exact);
    assert_eq!(from_toml, exact);
    assert_eq!(from_flag, exact);
}

/// Amounts as people write them: separators, `k` and `m`, `/=` and `/-`;
/// the point moved exactly; anything else is refused.
#[test]
fn amounts_as_people_write_them() {
    for (text, amount) in [
        ("150000", 150_000.0),
        ("150,000", 150_000.0),
        ("150 000", 150_000.0),
        ("150k", 150_000.0),
        ("150 K", 150_000.0),
        ("2.3k", 2_300.0),
        (".5k", 500.0),
        ("1.5m", 1_500_000.0),
        ("1.23456789k", 1_234.567_89),
        ("150,000/=", 150_000.0),
        ("150000/-", 150_000.0),
        ("1.5m/=", 1_500_000.0),
        ("0", 0.0),
        ("12.5", 12.5),
    ] {
        assert_eq!(read_amount(text), Some(amount), "{text:?}");
    }
    for text in [
        "", "k", "m", ".k", "1.2.3k", "1e3k", "12kk", "k12", "abc", "/=", "5/=k", "-5k", "inf",
        "-inf", "NaN", "infinity",
    ] {
        assert_eq!(read_amount(text), None, "{text:?}");
    }
}

/// A question answered twice in a file is refused, as TOML refuses a
/// key written twice, with where both answers are; a flag after a file
/// is not a second answer but an override.
#[test]
fn a_question_answered_twice_in_a_file_is_refused() {
    let rules = crate::testing::default_rules();
    let text = "{\n \"upfront_payment\": \"no\",\n \"upfront_payment\": \"no\"\n}";
    let problems =
        Answers::from_raw(&rules, RawAnswer::from_json_file("a.json", text).unwrap()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let shown = problems[0].to_string();
    assert!(
        shown.starts_with(
            "a.json:3:2: `upfront_payment`: this question is answered twice \
             (the first answer is at line 2)"
        ),
        "{shown}"
    );
    // On one line, the column says where; without positions, nothing.
    let line = r#"{"destination": "RU", "destination": "QA"}"#;
    let problems =
        Answers::from_raw(&rules, RawAnswer::from_json_file("", line).unwrap()).unwrap_err();
    assert!(
        problems[0]
            .message
            .ends_with("(the first answer is at column 2)"),
        "{problems:?}"
    );
    let problems = Answers::from_raw(&rules, RawAnswer::from_json("", line).unwrap()).unwrap_err();
    assert!(
        problems[0].message.ends_with("answered twice"),
        "{problems:?}"
    );
    // Even when the first answer is not valid.
    let problems = Answers::from_raw(
        &rules,
        RawAnswer::from_json("", r#"{"destination": "XX", "destination": "QA"}"#).unwrap(),
    )
    .unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

/// A key written twice in TOML gets the message of a question answered
/// twice in JSON, with both places.
#[test]
fn toml_duplicate_keys_are_answered_twice() {
    let err = RawAnswer::from_toml(
        "a.toml",
        "destination = \"RU\"\n upfront_payment = \"no\"\n\"upfront_payment\" = \"yes\"\n",
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "a.toml:3:1: `upfront_payment`: this question is answered twice \
             (the first answer is at line 2)"
        ),
        "{err}"
    );
    assert_eq!(err.help.as_deref(), Some(ANSWERED_TWICE_HELP));
}

/// A byte-order mark before JSON answers is not content; columns on the
/// first line are counted after it.
#[test]
fn json_answers_may_start_with_a_byte_order_mark() {
    let raw = RawAnswer::from_json_file("a.json", "\u{feff}{\"destination\": \"RU\"}").unwrap();
    assert_eq!(raw.len(), 1);
    match &raw[0].location {
        Location::File {
            position: Some(position),
            ..
        } => assert_eq!(position.column, 2),
        other => panic!("no position: {other:?}"),
    }
    let err = RawAnswer::from_json_file("a.json", "\u{feff}{\"destination\" RU}").unwrap_err();
    assert!(err.to_string().starts_with("a.json:1:16:"), "{err}");
}

/// An integer too large for 64 bits is a number in TOML as in JSON and
/// flags; infinity, not-a-number and negative amounts are refused with
/// what was written and why.
#[test]
fn amounts_out_of_range_are_explained() {
    let rules = crate::testing::default_rules();
    let toml = |value: &str| {
        let text = format!("payment_amount_kes = {value}");
        let raw = RawAnswer::from_toml("a.toml", &text).map_err(|d| d.to_string())?;
        Answers::from_raw(&rules, raw)
            .map(|answers| answers.get("payment_amount_kes").cloned())
            .map_err(|problems| problems[0].message.clone())
    };
    assert_eq!(
        toml("99999999999999999999"),
        Ok(Some(Answer::Known(Value::Number(1e20))))
    );
    assert_eq!(
        toml("inf"),
        Err("`payment_amount_kes`: `inf` is too large to be an amount".into())
    );
    assert_eq!(
        toml("nan"),
        Err("`payment_amount_kes`: `nan` is not a number".into())
    );
    assert_eq!(
        toml("-5"),
        Err("`payment_amount_kes`: `-5` is not an amount: an amount is 0 or more".into())
    );
    let flag = |value: &str| {
        Answers::from_raw(
            &rules,
            vec![RawAnswer::from_flag("payment_amount_kes", value)],
        )
        .map_err(|problems| problems[0].message.clone())
        .map(|_| ())
    };
    assert_eq!(
        flag("1e400"),
        Err("`1e400` is too large to be an amount".into())
    );
    assert_eq!(flag("inf"), Err("`inf` is not a number".into()));
    assert_eq!(flag("1e6"), Ok(()));
}

/// An amount in the question's currency reads as its figures, the word
/// or sign before or after them; another known currency is refused, so
/// that dollars are never read as shillings.
#[test]
fn amounts_with_a_currency() {
    let rules = crate::testing::default_rules();
    let read = |value: &str| {
        Answers::from_raw(
            &rules,
            vec![RawAnswer::from_flag("payment_amount_kes", value)],
        )
        .map_err(|problems| problems[0].message.clone())
        .map(|answers| match answers.get("payment_amount_kes") {
            Some(Answer::Known(Value::Number(n))) => *n,
            other => panic!("{value}: {other:?}"),
        })
    };
    for typed in [
        "KSh 150,000",
        "Sh 150,000",
        "Ksh.150000",
        "kshs150,000",
        "150,000 bob",
        "150000 shillings",
        "KSh 150,000/=",
        "KES 150k",
    ] {
        assert_eq!(read(typed), Ok(150_000.0), "{typed}");
    }
    assert_eq!(
        read("USD 1,500"),
        Err("`USD 1,500` is in another currency (`USD`) than the question asks for".into())
    );
    assert_eq!(
        read("$1500"),
        Err("`$1500` is in another currency (`$`) than the question asks for".into())
    );
    assert_eq!(
        read("1500 dollars"),
        Err("`1500 dollars` is in another currency (`dollars`) than the question asks for".into())
    );
    assert_eq!(read("ksh"), Err("`ksh` is not a number".into()));
    assert_eq!(
        read("150 apples"),
        Err("`150 apples` is not a number".into())
    );
}

/// `unknown` is a whole answer: within a list of choices it is refused
/// with a message that does not list it as a valid item.
#[test]
fn unknown_is_not_one_choice_among_others() {
    let rules = crate::testing::default_rules();
    let problems = Answers::from_raw(
        &rules,
        vec![RawAnswer::from_flag("payment_purposes", "visa,unknown")],
    )
    .unwrap_err();
    assert_eq!(
        problems[0].message,
        "`unknown` must be the whole answer, not one item of a list"
    );
    let help = problems[0].help.as_deref().unwrap_or_default();
    assert!(help.starts_with("answer `unknown` alone"), "{help}");
    assert_eq!(help.matches("`unknown`").count(), 1, "{help}");
    assert!(
        Answers::from_raw(
            &rules,
            vec![RawAnswer::from_flag("payment_purposes", "unknown")]
        )
        .is_ok()
    );
}

/// A name part that starts with `xn--` and is not punycode is named.
#[test]
fn bad_punycode_is_explained() {
    let message = parse_url("http://xn--a.com/x").err().map(|p| p.message);
    assert_eq!(
        message.as_deref(),
        Some(
            "`http://xn--a.com/x` is not a web address: `xn--a` is not valid punycode \
             (a name part that starts with `xn--` must be the encoded form of an \
             international name)"
        )
    );
    assert_eq!(
        host_of("https://user@www.Example.com:8080/a?b#c"),
        "www.Example.com"
    );
}

/// Input echoed in a message has its control characters escaped.
#[test]
fn echoed_values_are_escaped() {
    let rules = crate::testing::default_rules();
    let problems = Answers::from_raw(
        &rules,
        vec![RawAnswer::from_flag("destination", "R\u{1b}U")],
    )
    .unwrap_err();
    assert_eq!(
        problems[0].message,
        "`R\\u{1b}U` is not a country this tool knows"
    );
}

/// The quick trim is `str::trim`.
#[test]
fn trim_is_str_trim() {
    for text in [
        "",
        " ",
        "a",
        " yes ",
        "yes\n",
        "\u{a0}no",
        "no\u{2003}",
        "é",
        "\u{85}x",
        "x y",
    ] {
        assert_eq!(trim(text), text.trim(), "{text:?}");
    }
}

/// Amounts are printed as people write them.
#[test]
fn numbers_have_separators() {
    assert_eq!(format_number(1_650_000.0), "1,650,000");
    assert_eq!(format_number(999.0), "999");
    assert_eq!(format_number(12.5), "12.5");
}

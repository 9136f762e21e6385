//! The session as a person meets it: order, follow-ups, progress, back,
//! review, refusals; the replies a chat understands; the messages that fit
//! an SMS.

use proptest::prelude::*;

use super::protocol::{parse_request, respond, step};
use super::reply::{self, Reply};
use super::sms::{self, Channel, SMS_LIMIT, USSD_LIMIT, gsm_len};
use super::*;
use crate::answers::{Answer, Answers, Value};
use crate::testing::default_rules;

fn asking<'r>(session: &Session<'r>) -> Ask<'r> {
    match session.step() {
        Step::Ask(ask) => ask,
        other => panic!("expected a question, got {other:?}"),
    }
}

fn id(session: &Session<'_>) -> String {
    asking(session).question.id.to_string()
}

/// Answers the current question with the option whose id is `choice`.
fn choose(session: &mut Session<'_>, choice: &str) {
    let ask = asking(session);
    let number = ask
        .options
        .iter()
        .find(|o| o.id == choice)
        .unwrap_or_else(|| panic!("{} has no option {choice}", ask.question.id))
        .number;
    session.answer(Input::Choose(number)).expect("taken");
}

fn given(pairs: &[(&str, Answer)]) -> Answers {
    let mut answers = Answers::default();
    for (id, answer) in pairs {
        answers.set(id.to_string(), answer.clone());
    }
    answers
}

/// Questions come in the rule set's order; a follow-up is asked only when
/// its condition holds; "back" asks the previous question again with its
/// answer kept as the starting choice; the review changes an answer and
/// drops the follow-ups that no longer apply.
#[test]
fn order_follow_ups_back_and_review() {
    let rules = default_rules();
    let mut session = Session::new(
        &rules,
        given(&[
            ("origin", Answer::Known(Value::Country("KE".into()))),
            ("destination", Answer::Known(Value::Country("RU".into()))),
        ]),
    );
    assert_eq!(id(&session), "job_type", "given answers are not asked");
    assert_eq!(asking(&session).progress.number, 1);
    choose(&mut session, "driver");
    assert_eq!(id(&session), "job_details_vague");
    session.answer(Input::Back).expect("back");
    let again = asking(&session);
    assert_eq!(again.question.id, "job_type");
    assert_eq!(
        again.current,
        Some(Answer::Known(Value::Choice("driver".into()))),
        "the answer taken back is the starting choice"
    );
    choose(&mut session, "driver");
    // Up to the payment question, everything "don't know".
    while id(&session) != "upfront_payment" {
        session.answer(Input::DontKnow).expect("taken");
    }
    choose(&mut session, "yes");
    assert_eq!(id(&session), "payment_purposes", "the follow-up applies");
    session
        .answer(Input::Value("deposit, visa".into()))
        .expect("ids typed");
    while !matches!(session.step(), Step::Review(_)) {
        session.answer(Input::DontKnow).expect("taken");
    }
    let Step::Review(items) = session.step() else {
        unreachable!()
    };
    assert!(
        items
            .iter()
            .any(|item| item.question.id == "payment_purposes")
    );
    assert!(
        !items.iter().any(|item| item.question.id == "origin"),
        "given answers are not reviewed"
    );
    session
        .answer(Input::Change("upfront_payment".into()))
        .expect("in the review");
    let change = asking(&session);
    assert!(change.changing);
    assert_eq!(change.current, Some(Answer::Known(Value::Yes)));
    choose(&mut session, "no");
    assert!(
        matches!(session.step(), Step::Review(_)),
        "back to the review"
    );
    session.answer(Input::Finish).expect("finish");
    assert!(matches!(session.step(), Step::Done));
    let answers = session.answers();
    assert_eq!(
        answers.get("upfront_payment"),
        Some(&Answer::Known(Value::No))
    );
    assert_eq!(
        answers.get("payment_purposes"),
        None,
        "a follow-up that no longer applies is dropped"
    );
    assert!(answers.get("destination").is_some(), "given answers stay");
}

/// Refusals are data, and nothing changes when an input is refused.
#[test]
fn refusals_change_nothing() {
    let rules = default_rules();
    let mut session = Session::resume(&rules, Answers::default());
    assert_eq!(session.answer(Input::Back), Err(Refusal::AtFirstQuestion));
    session
        .answer(Input::Value("Kenya".into()))
        .expect("a country name");
    session.answer(Input::Value("RU".into())).expect("a code");
    assert_eq!(id(&session), "job_type");
    let count = asking(&session).options.len();
    assert_eq!(
        session.answer(Input::Choose(99)),
        Err(Refusal::NoSuchOption { number: 99, count })
    );
    assert_eq!(
        session.answer(Input::ChooseMany(vec![1, 2])),
        Err(Refusal::OneOnly)
    );
    assert_eq!(session.answer(Input::Finish), Err(Refusal::NotNow));
    assert_eq!(id(&session), "job_type");
    // A multi-choice question: "don't know" with real ticks is refused, not
    // taken as "don't know" (the ticks would be lost unseen).
    let mut session = Session::resume(
        &rules,
        given(&[("upfront_payment", Answer::Known(Value::Yes))]),
    );
    while id(&session) != "payment_purposes" {
        session.answer(Input::DontKnow).expect("taken");
    }
    let dont_know = asking(&session).options.len();
    assert_eq!(
        session.answer(Input::ChooseMany(vec![1, dont_know])),
        Err(Refusal::DontKnowWithOthers)
    );
    assert_eq!(
        session.answer(Input::ChooseMany(vec![])),
        Err(Refusal::NothingChosen)
    );
    session
        .answer(Input::ChooseMany(vec![1, 7]))
        .expect("two ticks");
    assert_eq!(
        session.answers().get("payment_purposes"),
        Some(&Answer::Known(Value::Choices(vec![
            "visa".into(),
            "deposit".into()
        ])))
    );
    let english = Refusal::DontKnowWithOthers.message(&rules);
    let swahili = Refusal::DontKnowWithOthers.message(&rules.clone().localised("sw"));
    assert!(english.contains("Don't know"), "{english}");
    assert!(swahili.contains("Sijui"), "{swahili}");
    // A typed answer refused in Kiswahili is explained in Kiswahili.
    let sw = rules.clone().localised("sw");
    let refusal = Refusal::NotAnAnswer {
        kind: QuestionKind::Country,
        message: "`Atlantis` is not a country".into(),
        help: None,
    };
    assert!(
        refusal.message(&sw).contains("Nchi"),
        "{}",
        refusal.message(&sw)
    );
    assert!(refusal.message(&rules).contains("Atlantis"));
}

/// The replies people send: numbers, the words of either language, labels
/// and ids, several numbers, help, back.
#[test]
fn replies_as_people_send_them() {
    let rules = default_rules().localised("sw");
    let mut session = Session::resume(
        &rules,
        given(&[
            ("origin", Answer::Known(Value::Country("KE".into()))),
            ("destination", Answer::Known(Value::Country("RU".into()))),
            ("job_type", Answer::Known(Value::Choice("driver".into()))),
        ]),
    );
    let ask = asking(&session);
    assert_eq!(ask.question.kind, QuestionKind::YesNo);
    let read = |text: &str| reply::read(&rules, &asking(&session), text);
    let yes = Reply::Input(Input::Answer(Answer::Known(Value::Yes)));
    let no = Reply::Input(Input::Answer(Answer::Known(Value::No)));
    for word in ["ndio", "Ndiyo", " YES ", "yes."] {
        assert_eq!(read(word), yes, "{word}");
    }
    for word in ["hapana", "No", "la"] {
        assert_eq!(read(word), no, "{word}");
    }
    for word in ["sijui", "Sijui.", "don't know", "Don’t know", "unknown"] {
        assert_eq!(read(word), Reply::Input(Input::DontKnow), "{word}");
    }
    for word in ["0", "rudi", "Back"] {
        assert_eq!(read(word), Reply::Input(Input::Back), "{word}");
    }
    for word in ["?", "msaada", "help"] {
        assert_eq!(read(word), Reply::Help, "{word}");
    }
    assert_eq!(read("2"), Reply::Input(Input::Choose(2)));
    session.answer(Input::Choose(1)).expect("yes");
    while id(&session) != "found_via" {
        session.answer(Input::DontKnow).expect("taken");
    }
    let read = |text: &str| reply::read(&rules, &asking(&session), text);
    let social = asking(&session)
        .options
        .iter()
        .find(|o| o.id == "social_media_or_messaging")
        .map(|o| o.number)
        .expect("the option");
    assert_eq!(
        read("social-media-or-messaging"),
        Reply::Input(Input::Choose(social))
    );
    assert_eq!(read("1, 3"), Reply::Input(Input::ChooseMany(vec![1, 3])));
    assert_eq!(
        read("hakuna"),
        Reply::Input(Input::Value("hakuna".into())),
        "anything else is checked, and refused with what is valid"
    );
}

/// Every question's text, in both languages, fits the channel: SMS in the
/// GSM alphabet, each message at most 160 characters; USSD one screen of at
/// most 182.
#[test]
fn every_question_fits_sms_and_ussd() {
    let base = default_rules();
    for lang in ["en", "sw"] {
        let rules = base.clone().localised(lang);
        for question in &rules.questions {
            let mut answers = Answers::default();
            // Every question before this one answered so that follow-ups
            // apply: yes, the first choice, or "don't know".
            for other in &rules.questions {
                if other.id == question.id {
                    break;
                }
                let answer = match other.kind {
                    QuestionKind::YesNo => Answer::Known(Value::Yes),
                    QuestionKind::Choice => {
                        Answer::Known(Value::Choice(other.choices[0].id.clone()))
                    }
                    _ => Answer::DontKnow,
                };
                answers.set(other.id.clone(), answer);
            }
            let session = Session::resume(&rules, answers);
            let Step::Ask(ask) = session.step() else {
                panic!("{} is not asked", question.id);
            };
            assert_eq!(ask.question.id, question.id);
            for (channel, limit) in [(Channel::Sms, SMS_LIMIT), (Channel::Ussd, USSD_LIMIT)] {
                let request = super::protocol::Request {
                    answers: session.answers().clone(),
                    reply: Some("not an answer at all".into()),
                    lang: lang.into(),
                    channel,
                    page: 1,
                };
                let response = respond(&rules, request);
                for message in &response.messages {
                    let len = gsm_len(message);
                    assert!(
                        len.is_some_and(|len| len <= limit),
                        "{lang} {} {channel:?}: {len:?} septets: {message}",
                        ask.question.id
                    );
                }
                if channel == Channel::Ussd {
                    assert_eq!(response.messages.len(), 1);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// From any path through the questionnaire (random options, "don't
    /// know", typed values), the progress counts up by one and its total
    /// never grows; the last question is "N of N".
    #[test]
    fn progress_never_jumps_up(choices in proptest::collection::vec(0usize..20, 60)) {
        let rules = default_rules();
        let mut session = Session::resume(&rules, Answers::default());
        let mut last: Option<Progress> = None;
        for pick in choices {
            let Step::Ask(ask) = session.step() else { break };
            if let Some(last) = last {
                prop_assert_eq!(ask.progress.number, last.number + 1);
                prop_assert!(ask.progress.total <= last.total, "{:?} after {:?}", ask.progress, last);
            }
            last = Some(ask.progress);
            let input = if ask.options.is_empty() || pick >= ask.options.len() {
                Input::DontKnow
            } else {
                Input::Choose(pick + 1)
            };
            if session.answer(input).is_err() {
                session.answer(Input::DontKnow).expect("don't know is always taken");
            }
        }
        if let Some(last) = last {
            prop_assert_eq!(last.number, last.total, "the last question is N of N");
        }
    }

    /// Any text as a reply, on any channel: a response, never a panic; SMS
    /// messages always fit.
    #[test]
    fn any_reply_gets_a_response(reply in "\\PC{0,300}", sms_channel in any::<bool>()) {
        let rules = default_rules();
        let channel = if sms_channel { "sms" } else { "chat" };
        let text = serde_json::json!({"reply": reply, "channel": channel, "lang": "sw"}).to_string();
        let response = step(&rules, "<test>", &text, "en").expect("well formed");
        if sms_channel {
            for message in &response.messages {
                prop_assert!(gsm_len(message).is_some_and(|len| len <= SMS_LIMIT), "{}", message);
            }
        }
    }

    /// Any bytes as a request: a response or diagnostics, never a panic.
    #[test]
    fn any_request_is_answered_or_refused(text in "\\PC{0,200}") {
        let rules = default_rules();
        match step(&rules, "<test>", &text, "en") {
            Ok(_) => {}
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }
}

/// A malformed request names the key, the line and the column.
#[test]
fn malformed_requests_name_the_key_and_column() {
    let rules = default_rules();
    let error = |text: &str| {
        let problems = parse_request(&rules, "<stdin>", text, "en").expect_err("malformed");
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let unknown = error(r#"{"answers": {}, "replay": "1"}"#);
    assert!(
        unknown.contains("<stdin>:1:") && unknown.contains("replay"),
        "{unknown}"
    );
    let answer = error("{\n  \"answers\": {\"destination\": \"Atlantis\"}\n}");
    assert!(
        answer.contains("<stdin>:2:")
            && answer.contains("destination")
            && answer.contains("Atlantis"),
        "{answer}"
    );
    let lang = error(r#"{"lang": "fr"}"#);
    assert!(lang.contains("`lang`") && lang.contains("`sw`"), "{lang}");
    let channel = error(r#"{"channel": "fax"}"#);
    assert!(
        channel.contains("fax") && channel.contains(":1:"),
        "{channel}"
    );
    assert!(
        parse_request(&rules, "<stdin>", "\u{feff}{}", "en").is_ok(),
        "a BOM is fine"
    );
}

/// The end of an SMS conversation: at most three messages, the verdict
/// first, and a phone number that a channel's source states.
#[test]
fn short_report_fits_three_sms() {
    let base = default_rules();
    for lang in ["en", "sw"] {
        let rules = base.clone().localised(lang);
        let answers = given(&[
            ("destination", Answer::Known(Value::Country("RU".into()))),
            ("job_type", Answer::Known(Value::Choice("driver".into()))),
            ("upfront_payment", Answer::Known(Value::Yes)),
            ("passport_surrender", Answer::Known(Value::Yes)),
            ("military_or_combat_mention", Answer::Known(Value::Yes)),
        ]);
        let report = crate::assess(&rules, &answers);
        let messages = sms::short_report(&rules, &report, Channel::Sms);
        assert!(messages.len() <= sms::SHORT_REPORT_SMS, "{messages:?}");
        assert!(
            messages[0].contains(&to_gsm_title(&rules, &report)),
            "{messages:?}"
        );
        let phone = report
            .channels
            .iter()
            .find_map(|c| c.channel.phone.as_deref())
            .expect("a channel with a phone");
        assert!(messages.iter().any(|m| m.contains(phone)), "{messages:?}");
        for message in &messages {
            assert!(
                gsm_len(message).is_some_and(|len| len <= SMS_LIMIT),
                "{message}"
            );
        }
    }
}

fn to_gsm_title(rules: &RuleSet, report: &crate::report::Report) -> String {
    sms::to_gsm(&crate::report::words::headline(report, rules).title)
}

/// Typographic characters become their GSM forms; lengths count the
/// extension table twice.
#[test]
fn gsm_alphabet() {
    assert_eq!(
        sms::to_gsm("“Don’t” — pay… · now"),
        "\"Don't\" - pay... - now"
    );
    assert_eq!(gsm_len("a{b"), Some(4));
    assert_eq!(gsm_len("naïve"), None);
    assert_eq!(sms::to_gsm("naïve"), "naive");
    let pieces = sms::split(&"word ".repeat(100), 160);
    assert!(pieces.iter().all(|p| gsm_len(p).is_some_and(|l| l <= 160)));
    assert_eq!(
        pieces.join(" ").split_whitespace().count(),
        100,
        "no word lost"
    );
}

/// A front end that keeps only the answers and where the person is (the web
/// page): placed at an answered question, the session asks it with its
/// answer as the starting choice and goes on to the question left after
/// it; "back" walks through the answers without taking them back; a
/// question that does not apply cannot be placed at; a resumed session with
/// the review ends at the review.
#[test]
fn placing_and_walking_through_the_answers() {
    let rules = default_rules();
    let answers = given(&[
        ("origin", Answer::Known(Value::Country("KE".into()))),
        ("destination", Answer::Known(Value::Country("RU".into()))),
        ("job_type", Answer::Known(Value::Choice("driver".into()))),
    ]);
    let mut session = Session::resume(&rules, answers.clone()).with_review();
    let next = id(&session);
    assert_eq!(next, "job_details_vague");
    let total = asking(&session).progress.total;
    assert_eq!(session.answered_before(Some(&next)), Some("job_type"));
    assert_eq!(
        session.answered_before(Some("job_type")),
        Some("destination")
    );
    assert_eq!(
        session.answered_before(Some("origin")),
        None,
        "first question"
    );
    assert_eq!(session.applying_after("job_type"), Some(next.as_str()));
    assert_eq!(session.applying_after("destination"), Some("job_type"));

    session.place("job_type").expect("an answered question");
    let ask = asking(&session);
    assert_eq!(ask.question.id, "job_type");
    assert_eq!(ask.progress.number, 3);
    assert_eq!(ask.progress.total, total, "the total does not move");
    assert_eq!(
        ask.current,
        Some(Answer::Known(Value::Choice("driver".into())))
    );
    choose(&mut session, "security_guard");
    assert_eq!(id(&session), next, "on to the question left");
    assert_eq!(
        session.answers().get("job_type"),
        Some(&Answer::Known(Value::Choice("security_guard".into())))
    );
    assert_eq!(session.answers().iter().count(), 3, "no answer taken back");

    // A follow-up of a payment that was not made does not apply.
    let mut session = Session::resume(&rules, answers).with_review();
    assert_eq!(
        session.place("payment_purposes"),
        Err(Refusal::NotInReview("payment_purposes".into()))
    );
    assert_eq!(id(&session), "job_details_vague", "nothing changed");
    while matches!(session.step(), Step::Ask(_)) {
        session.answer(Input::DontKnow).expect("taken");
    }
    assert!(matches!(session.step(), Step::Review(_)), "the review last");
    let last = session.answered_before(None).expect("answered").to_string();
    assert_eq!(
        session.applying_after(&last),
        None,
        "nothing after the last"
    );
    session.place(&last).expect("placed");
    assert_eq!(id(&session), last);
    session.answer(Input::DontKnow).expect("taken");
    assert!(
        matches!(session.step(), Step::Review(_)),
        "back to the review"
    );
}

/// On USSD a question whose options do not fit one screen is shown a screen
/// at a time: "98" turns to the next (and from the last back to the first),
/// every option is on exactly one screen, each screen fits, and an option's
/// number answers from any screen. A question that fits one screen reads
/// "98" as a reply like any other.
#[test]
fn ussd_pages_long_option_lists() {
    let base = default_rules();
    for lang in ["en", "sw"] {
        let rules = base.clone().localised(lang);
        let mut answers = Answers::default();
        answers.set("origin", Answer::Known(Value::Country("KE".into())));
        answers.set("destination", Answer::Known(Value::Country("RU".into())));
        let request = |reply: &str, page: usize| super::protocol::Request {
            answers: answers.clone(),
            reply: Some(reply.into()),
            lang: lang.into(),
            channel: Channel::Ussd,
            page,
        };
        let first = respond(&rules, request("98", 1));
        assert_eq!(
            first.question.as_ref().map(|q| q.id.as_str()),
            Some("job_type")
        );
        let options = first.question.as_ref().map_or(0, |q| q.options.len());
        let mut seen: Vec<String> = Vec::new();
        let mut page = first.page.expect("job_type takes more than one screen");
        let mut screens = 0;
        loop {
            let response = respond(&rules, request("98", page));
            assert_eq!(response.messages.len(), 1);
            let screen = &response.messages[0];
            assert!(
                gsm_len(screen).is_some_and(|n| n <= USSD_LIMIT),
                "{lang}: {screen}"
            );
            assert!(response.refused.is_none(), "{lang}: 98 is not refused");
            seen.extend(
                screen
                    .lines()
                    .filter_map(|line| line.split_once(' '))
                    .map(|(number, _)| number.to_string())
                    .filter(|n| n.parse::<usize>().is_ok_and(|n| (1..=options).contains(&n))),
            );
            screens += 1;
            page = response.page.expect("still paged");
            if page == first.page.unwrap_or(0) || screens > options {
                break;
            }
        }
        let expected: Vec<String> = (1..=options).map(|n| n.to_string()).collect();
        let mut sorted = seen.clone();
        sorted.sort_by_key(|n| n.parse::<usize>().unwrap_or(0));
        assert_eq!(sorted, expected, "{lang}: every option once");
        assert_eq!(seen.len(), options, "{lang}: no option twice");
        // The help has a screen of its own, and "98" from it goes on to
        // the first screen of options.
        let help = respond(&rules, request("?", 2));
        let last = help
            .page
            .expect("help on a paged question keeps the paging");
        let help_text = sms::to_gsm(
            &first
                .question
                .as_ref()
                .map_or(String::new(), |q| q.help.clone()),
        );
        let opening: String = help_text.chars().take(20).collect();
        assert!(
            help.messages[0].starts_with(&opening),
            "{lang}: {}",
            help.messages[0]
        );
        assert!(gsm_len(&help.messages[0]).is_some_and(|n| n <= USSD_LIMIT));
        assert_eq!(respond(&rules, request("98", last)).page, Some(1));
        // An option's number answers from any screen.
        let answered = respond(&rules, request("10", 3));
        assert!(answered.refused.is_none());
        assert_eq!(
            answered.answers.get("job_type").and_then(|v| v.as_str()),
            Some("military_or_security_forces")
        );
        assert!(
            answered.page.unwrap_or(1) == 1,
            "{lang}: the next question starts on its first screen"
        );
    }
    // A yes/no question fits one screen: "98" is read, and refused.
    let rules = base.clone().localised("en");
    let mut answers = Answers::default();
    answers.set("origin", Answer::Known(Value::Country("KE".into())));
    answers.set("destination", Answer::Known(Value::Country("RU".into())));
    answers.set("job_type", Answer::Known(Value::Choice("driver".into())));
    let response = respond(
        &rules,
        super::protocol::Request {
            answers,
            reply: Some("98".into()),
            lang: "en".into(),
            channel: Channel::Ussd,
            page: 1,
        },
    );
    assert!(response.page.is_none());
    assert!(response.refused.is_some());
}

/// On SMS and USSD a choice is listed by its short label where the rule
/// data has one (job type in two SMS, not four), in the person's language
/// and never an English one beside Kiswahili; a chat shows the full label;
/// the short label typed out answers like the full one.
#[test]
fn short_labels_on_sms_and_ussd() {
    let base = default_rules();
    let at_job_type = given(&[
        ("origin", Answer::Known(Value::Country("KE".into()))),
        ("destination", Answer::Known(Value::Country("RU".into()))),
    ]);
    let ask = |rules: &RuleSet, channel: Channel, reply: Option<&str>| {
        respond(
            rules,
            super::protocol::Request {
                answers: at_job_type.clone(),
                reply: reply.map(str::to_string),
                lang: rules.lang().into(),
                channel,
                page: 1,
            },
        )
    };
    let english = base.clone().localised("en");
    let sms = ask(&english, Channel::Sms, None);
    assert_eq!(sms.messages.len(), 2, "{:?}", sms.messages);
    let text = sms.messages.join("\n");
    assert!(text.contains("1 House work\n"), "{text}");
    assert!(!text.contains("nanny"), "{text}");
    let ussd = ask(&english, Channel::Ussd, None).messages.join("\n");
    assert!(ussd.contains("1 House work\n"), "{ussd}");
    let chat = ask(&english, Channel::Chat, None).messages.join("\n");
    assert!(chat.contains("1 House work (house help, nanny"), "{chat}");
    let typed = ask(&english, Channel::Sms, Some("Construction"));
    assert_eq!(
        typed.answers.get("job_type"),
        Some(&serde_json::json!("construction"))
    );

    let kiswahili = base.localised("sw");
    let text = ask(&kiswahili, Channel::Sms, None).messages.join("\n");
    assert!(text.contains("1 Kazi za nyumbani\n"), "{text}");
    assert!(!text.contains("yaya"), "{text}");
    for english_short in [
        "House work",
        "Security guard",
        "Hotel or restaurant",
        "Construction",
    ] {
        assert!(!text.contains(english_short), "{english_short} in: {text}");
    }
}

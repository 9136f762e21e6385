//! The step protocol (SPEC.md, `offercheck step`): one JSON request in, one
//! JSON response out, for SMS, USSD and chat gateways that ask one question
//! per message and keep nothing but the answers.
//!
//! A request holds the answers so far, the person's `reply` to the question
//! those answers lead to, the `lang` and the `channel`; the response holds
//! the answers updated, the messages to send (each fitting the channel), and
//! either the next question (with why the reply was refused, when it was) or,
//! at the end, the report, which is `check --format json` on the same
//! answers. The state is the answers alone: the next question is a pure
//! function of them ([`super::Session::resume`]).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::reply::{self, Reply};
use super::sms::{self, Channel};
use super::{Ask, Refusal, Session, Step};
use crate::answers::{Answers, RawAnswer};
use crate::diagnostic::Diagnostic;
use crate::report::Report;
use crate::rules::{QuestionKind, RuleSet};

/// The request's own keys, as sent; `answers` is kept as written, to be read
/// as an answers file is (with its positions).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest<'a> {
    #[serde(borrow, default)]
    answers: Option<&'a RawValue>,
    #[serde(default)]
    reply: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    channel: Option<Channel>,
    #[serde(default)]
    page: Option<usize>,
}

/// A well-formed request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The answers so far, checked against the rule set.
    pub answers: Answers,
    /// What the person sent, if anything (absent at the start).
    pub reply: Option<String>,
    /// The language to answer in (`en` when not given).
    pub lang: String,
    /// Where the messages go.
    pub channel: Channel,
    /// On USSD, the screen of the question's options the person is on (1
    /// when not given): the `page` of the previous response, sent back.
    pub page: usize,
}

const REQUEST_HELP: &str = "send one JSON object with the keys `answers` (an object, as in a JSON \
     answers file), `reply` (text), `lang` (`en` or `sw`), `channel` (`sms`, `ussd` or \
     `chat`) and, on USSD, `page` (the previous response's); all may be left out at the start";

/// Reads a request; every problem is a diagnostic naming the key, the line
/// and the column. `path` names the input in messages (`<stdin>`);
/// `default_lang` is the language when the request names none.
pub fn parse_request(
    rules: &RuleSet,
    path: &str,
    text: &str,
    default_lang: &str,
) -> Result<Request, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawRequest = serde_json::from_str(text).map_err(|err| {
        let offset = offset_of(text, err.line(), err.column());
        vec![
            Diagnostic::in_file(
                path,
                text,
                offset.map(|at| at..at + 1),
                format!("not a step request: {err}"),
            )
            .with_help(REQUEST_HELP),
        ]
    })?;
    let mut problems = Vec::new();
    let languages = rules.languages();
    let lang = match raw.lang.as_deref().map(str::trim) {
        None | Some("") => default_lang.to_string(),
        Some(lang) if languages.contains(&lang) => lang.to_string(),
        Some(lang) => {
            problems.push(
                Diagnostic::in_file(
                    path,
                    text,
                    find_key(text, "lang"),
                    format!("`lang`: `{}` is not a language of the rule set", clip(lang)),
                )
                .with_help(format!("valid values: {}", quoted(&languages))),
            );
            String::new()
        }
    };
    let answers = match raw.answers {
        None => Answers::default(),
        Some(value) => {
            // The answers object read where it stands: everything around it
            // blanked out, so positions are the request's own.
            let padded = blank_around(text, value.get());
            match RawAnswer::from_json_file(path, &padded)
                .map_err(|problem| vec![problem])
                .and_then(|raw| Answers::from_raw(rules, raw))
            {
                Ok(answers) => answers,
                Err(found) => {
                    problems.extend(found.into_iter().map(|mut problem| {
                        problem.message = format!("in `answers`: {}", problem.message);
                        problem
                    }));
                    Answers::default()
                }
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Request {
        answers,
        reply: raw.reply,
        lang,
        channel: raw.channel.unwrap_or_default(),
        page: raw.page.unwrap_or(1).max(1),
    })
}

/// The response to a request.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Whether the questionnaire is over (then `report` is set).
    pub done: bool,
    /// The answers, updated with the reply, in canonical form: the state to
    /// send with the next request.
    pub answers: serde_json::Map<String, serde_json::Value>,
    /// The text to send, in order, each message fitting the channel.
    pub messages: Vec<String>,
    /// The question to ask now, when not done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionOut>,
    /// Why the reply was not taken, in the person's language, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// At the end: the report, as `check --format json` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// On USSD, when the question's options take more than one screen:
    /// which screen `messages` holds, to send back as the next request's
    /// `page`. The reply [`MORE`] shows the next screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

/// The reply that shows a USSD question's next screen of options, as USSD
/// menus in Kenya number "More"; it is never an option's number, since no
/// question has that many options.
pub const MORE: &str = "98";

/// A question as the protocol sends it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionOut {
    /// The question id.
    pub id: String,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// The section's id.
    pub section: String,
    /// The section's title, in the person's language.
    pub section_title: String,
    /// Question `number` of `total`.
    pub progress: super::Progress,
    /// The question.
    pub text: String,
    /// What it means.
    pub help: String,
    /// The numbered options ("don't know" last); empty for a typed answer.
    pub options: Vec<super::Choice>,
}

/// Answers a request. `rules` is the rule set in the request's language
/// ([`RuleSet::localised`]).
pub fn respond(rules: &RuleSet, request: Request) -> Response {
    let mut session = Session::resume(rules, request.answers);
    let mut refused: Option<Refusal> = None;
    let mut help = false;
    // On USSD, "more" turns to the question's next screen of options and
    // answers nothing; anything else is read as a reply and shows the
    // first screen.
    let mut page = 1;
    let screens = match (&request.reply, session.step()) {
        (Some(text), Step::Ask(ask)) if request.channel == Channel::Ussd && text.trim() == MORE => {
            ussd_screens(rules, &ask, &[]).len()
        }
        _ => 1,
    };
    if screens > 1 {
        page = request.page % screens + 1;
    } else if let (Some(text), Step::Ask(ask)) = (&request.reply, session.step()) {
        match reply::read(rules, &ask, text) {
            Reply::Help => help = true,
            Reply::Input(input) => {
                if let Err(refusal) = session.answer(input) {
                    refused = Some(refusal);
                }
            }
        }
    }
    session.finish_if_done();
    let answers = session.answers().to_json();
    match session.step() {
        Step::Ask(ask) => {
            let refused = refused.map(|refusal| refusal.message(rules));
            let mut lines = Vec::new();
            if let Some(why) = &refused {
                lines.push(why.clone());
            }
            if help {
                lines.push(ask.question.help.to_string());
            }
            let (messages, page) = if request.channel == Channel::Ussd {
                let screens = ussd_screens(rules, &ask, &lines);
                let count = screens.len();
                if help && refused.is_none() && count > 1 {
                    // The help on a screen of its own: the options would
                    // leave it no room. Its page is the last, so that "98"
                    // goes on to the first screen of options.
                    let more = more_line(rules);
                    let room = sms::USSD_LIMIT.saturating_sub(sms::gsm_len(&more).unwrap_or(0) + 1);
                    let text = sms::cut(&sms::to_gsm(&ask.question.help), room.max(4));
                    (vec![format!("{text}\n{more}")], Some(count))
                } else {
                    let at = page.min(count).max(1);
                    let shown = screens.into_iter().nth(at - 1).unwrap_or_default();
                    (vec![shown], (count > 1).then_some(at))
                }
            } else {
                (
                    sms::fit(
                        &question_text(rules, &ask, &lines, request.channel),
                        request.channel,
                    ),
                    None,
                )
            };
            Response {
                done: false,
                answers,
                messages,
                question: Some(question_out(&ask)),
                refused,
                report: None,
                page,
            }
        }
        Step::Review(_) | Step::Done => {
            let report = crate::assess(rules, session.answers());
            Response {
                done: true,
                answers,
                messages: sms::short_report(rules, &report, request.channel),
                question: None,
                refused: None,
                report: Some(report),
                page: None,
            }
        }
    }
}

/// A question as text: what came before it (a refusal, the help), where it
/// is, the question, its options, and how to answer.
fn question_text(
    rules: &RuleSet,
    ask: &Ask<'_>,
    before: &[String],
    channel: Channel,
) -> Vec<String> {
    let mut head: Vec<String> = before.to_vec();
    head.push(progress(rules, ask));
    let mut question = vec![ask.question.prompt.to_string()];
    question.extend(option_lines(ask, channel));
    question.push(hint(rules, ask).to_string());
    head.push(question.join("\n"));
    head
}

/// A question on USSD, as screens of at most [`sms::USSD_LIMIT`]: each with
/// where it is, the question, as many options as fit and how to answer,
/// and, on all but the last, [`MORE`] for the next. A question whose
/// options fit on one screen has one; so does one whose text leaves no room
/// for a single option, cut to fit. What comes before the question (a
/// refusal, the help) stands in place of where it is, cut to the room left,
/// so that the screens are the same with it and without it.
fn ussd_screens(rules: &RuleSet, ask: &Ask<'_>, before: &[String]) -> Vec<String> {
    let len = |text: &str| sms::gsm_len(&sms::to_gsm(text)).unwrap_or(usize::MAX);
    let one_screen = || {
        sms::fit(
            &question_text(rules, ask, before, Channel::Ussd),
            Channel::Ussd,
        )
    };
    let alone = question_text(rules, ask, &[], Channel::Ussd).join("\n");
    if len(&alone) <= sms::USSD_LIMIT || ask.options.is_empty() {
        return one_screen();
    }
    let progress = progress(rules, ask);
    let prompt = ask.question.prompt.to_string();
    let more = more_line(rules);
    // A numbered menu needs no "reply with a number" on every screen.
    let hint = match ask.question.kind {
        QuestionKind::MultiChoice => hint(rules, ask),
        _ => rules.ui("step_hint_ussd"),
    }
    .to_string();
    let room =
        sms::USSD_LIMIT.saturating_sub(len(&progress) + len(&prompt) + len(&more) + len(&hint) + 4);
    let options: Vec<String> = option_lines(ask, Channel::Ussd).collect();
    if options.iter().any(|option| len(option) > room) {
        return one_screen();
    }
    let mut pages: Vec<Vec<&str>> = vec![Vec::new()];
    let mut used = 0;
    for option in &options {
        let width = len(option) + 1;
        if used + width > room + 1 && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            used = 0;
        }
        used += width;
        if let Some(page) = pages.last_mut() {
            page.push(option);
        }
    }
    let count = pages.len();
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut rest = vec![prompt.clone(), page.join("\n")];
            if i + 1 < count {
                rest.push(more.clone());
            }
            rest.push(hint.clone());
            let rest = sms::to_gsm(&rest.join("\n"));
            let top = if before.is_empty() {
                sms::to_gsm(&progress)
            } else {
                let room = sms::USSD_LIMIT.saturating_sub(len(&rest) + 1).max(4);
                sms::cut(&sms::to_gsm(&before.join(" ")), room)
            };
            format!("{top}\n{rest}")
        })
        .collect()
}

/// The numbered options, one a line; on SMS and USSD with their short
/// labels where the rule data has them, since every character costs.
fn option_lines<'a>(ask: &'a Ask<'_>, channel: Channel) -> impl Iterator<Item = String> + 'a {
    let short = matches!(channel, Channel::Sms | Channel::Ussd);
    ask.options.iter().map(move |option| {
        let label = match &option.short {
            Some(label) if short => label,
            _ => &option.label,
        };
        format!("{} {label}", option.number)
    })
}

/// The line that turns to a USSD question's next screen ("98 More").
fn more_line(rules: &RuleSet) -> String {
    format!("{MORE} {}", rules.ui("step_more"))
}

/// Where the question is: its section and number ("The job - 3/35").
fn progress(rules: &RuleSet, ask: &Ask<'_>) -> String {
    rules.ui_fill(
        "step_progress",
        &[
            ("section", ask.section),
            ("number", &ask.progress.number.to_string()),
            ("total", &ask.progress.total.to_string()),
        ],
    )
}

/// How to answer the question.
fn hint<'r>(rules: &'r RuleSet, ask: &Ask<'_>) -> &'r str {
    match ask.question.kind {
        QuestionKind::YesNo | QuestionKind::Choice => rules.ui("step_hint_choice"),
        QuestionKind::MultiChoice => rules.ui("step_hint_choices"),
        _ => rules.ui("step_hint_typed"),
    }
}

fn question_out(ask: &Ask<'_>) -> QuestionOut {
    QuestionOut {
        id: ask.question.id.to_string(),
        kind: ask.question.kind,
        section: ask.question.section.to_string(),
        section_title: ask.section.to_string(),
        progress: ask.progress,
        text: ask.question.prompt.to_string(),
        help: ask.question.help.to_string(),
        options: ask.options.clone(),
    }
}

/// `text` with everything outside `inner` (a slice of it) replaced by
/// spaces, newlines kept: the same byte positions, one JSON value.
fn blank_around(text: &str, inner: &str) -> String {
    let start = (inner.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let end = start + inner.len();
    if text.get(start..end) != Some(inner) {
        return inner.to_string();
    }
    let blank = |part: &str| -> String {
        part.chars()
            .flat_map(|c| {
                let fill = if c == '\n' { '\n' } else { ' ' };
                std::iter::repeat_n(fill, c.len_utf8())
            })
            .collect()
    };
    format!("{}{inner}{}", blank(&text[..start]), blank(&text[end..]))
}

/// The byte offset of a 1-based line and column as serde_json counts them.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let at = start + column.saturating_sub(1);
    let mut at = at.min(text.len().saturating_sub(1));
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Some(at)
}

/// The span of `"key"` in the request, for a message about its value.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let quoted = format!("\"{key}\"");
    text.find(&quoted).map(|at| at..at + quoted.len())
}

/// A long echo of input cut short.
fn clip(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One whole exchange: the request read and answered, or the problems that
/// make it malformed. `rules` is the rule set in English, as loaded; the
/// response is in the request's language (`default_lang` when it names none).
pub fn step(
    rules: &RuleSet,
    path: &str,
    text: &str,
    default_lang: &str,
) -> Result<Response, Vec<Diagnostic>> {
    step_owned(rules.clone(), path, text, default_lang).0
}

/// [`step`] on a rule set the caller gives up, put in the request's
/// language without copying it (a copy of every text costs more than the
/// step itself); the rule set, in that language, is handed back with the
/// response.
pub fn step_owned(
    rules: RuleSet,
    path: &str,
    text: &str,
    default_lang: &str,
) -> (Result<Response, Vec<Diagnostic>>, RuleSet) {
    let request = match parse_request(&rules, path, text, default_lang) {
        Ok(request) => request,
        Err(problems) => return (Err(problems), rules),
    };
    let localised = rules.localised(&request.lang);
    let response = respond(&localised, request);
    (Ok(response), localised)
}

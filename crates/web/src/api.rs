//! The page's JSON API: its wording ([`ui`]) and one step of the
//! questionnaire ([`step`]).
//!
//! The page keeps only the answers (as an answers file has them) and where
//! the person is (a [`Place`]); each step sends them with what the person
//! did (an [`Action`]) and gets back the answers and place to keep and the
//! screen to draw, so what is shown is a pure function of that state: the
//! page can be reloaded, switch language or restore kept answers at any
//! point. The questionnaire itself is the engine's session
//! ([`Session::resume`] with the review); the person walks back and forward
//! through the answers without losing them ([`Session::answered_before`],
//! [`Session::applying_after`]), and changes one from the review.

use std::cell::RefCell;
use std::rc::Rc;

use offercheck_engine::answers::{Answer, Answers, RawAnswer, Value, parse_typed};
use offercheck_engine::rules::{QuestionKind, RuleSet};
use offercheck_engine::session::{self, Choice, Input, Progress, Refusal, Session, Step};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::view::{self, ReportView};

/// The question whose answer is the advert or message as received (the
/// engine's contract of ids read by code): the first screen's "paste the
/// message" fills it.
pub const ADVERT_QUESTION: &str = offercheck_engine::rules::contract::OFFER_TEXT;

/// The `ui` keys the page uses besides its own `web_*` keys: the wording it
/// shares with the terminal questionnaire and the report.
const SHARED_KEYS: &[&str] = &[
    "dont_know",
    "help_item",
    "show_report",
    "review_title",
    "review_hint",
    "closing",
    "what_you_said",
    "what_we_found",
    "why_it_matters",
    "what_to_do",
    "source_one",
    "source_many",
    "channels_intro",
];

thread_local! {
    /// The default rule set in each language asked for so far: read once,
    /// as the page lives on one thread.
    static RULES: RefCell<Vec<(String, Rc<RuleSet>)>> = const { RefCell::new(Vec::new()) };
}

/// The default rule set in `lang`, or English when it has no such language.
pub fn rules_in(lang: &str) -> Result<Rc<RuleSet>, String> {
    if let Some(found) = cached(lang) {
        return Ok(found);
    }
    let base = offercheck_default_rules::saved_rule_set()
        .ok_or("the rule set compiled into the page could not be read")?;
    let lang = if base.languages().contains(&lang) {
        lang.to_string()
    } else {
        offercheck_engine::rules::ENGLISH.to_string()
    };
    if let Some(found) = cached(&lang) {
        return Ok(found);
    }
    let rules = Rc::new(base.localised(&lang));
    RULES.with(|cache| cache.borrow_mut().push((lang, Rc::clone(&rules))));
    Ok(rules)
}

/// The rule set in `lang`, if it was made before.
fn cached(lang: &str) -> Option<Rc<RuleSet>> {
    RULES.with(|cache| {
        cache
            .borrow()
            .iter()
            .find(|(code, _)| code == lang)
            .map(|(_, rules)| Rc::clone(rules))
    })
}

/// A language the page can be shown in.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// Its code (`en`, `sw`).
    pub code: String,
    /// Its name in itself (`English`, `Kiswahili`).
    pub name: String,
}

/// The page's wording in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Wording {
    /// The language of the texts (`en` for an unknown one).
    pub lang: String,
    /// Every language the page can switch to.
    pub languages: Vec<Language>,
    /// The texts, by `ui` key: every `web_*` key and the shared ones.
    pub texts: Map<String, Json>,
}

/// The page's wording in `lang`, as JSON ([`Wording`]); `{"error": ...}`
/// if the rule set cannot be read.
pub fn ui(lang: &str) -> String {
    let wording = wording(lang);
    to_json(&wording.map_err(|error| ErrorOut { error }))
}

/// [`ui`], as data.
pub fn wording(lang: &str) -> Result<Wording, String> {
    let rules = rules_in(lang)?;
    // Each language's name in itself, read from its translation alone: the
    // other languages' rule sets are not made until they are chosen.
    let codes = rules.languages();
    let mut names = rules.ui_every_language("web_language_name");
    if names.len() != codes.len() {
        names = Vec::with_capacity(codes.len());
        for code in &codes {
            names.push(rules_in(code)?.ui("web_language_name").to_string());
        }
    }
    let languages = codes
        .iter()
        .zip(names)
        .map(|(code, name)| Language {
            code: (*code).to_string(),
            name,
        })
        .collect();
    let mut texts = Map::new();
    for key in WEB_KEYS.iter().chain(SHARED_KEYS) {
        texts.insert((*key).to_string(), Json::from(rules.ui(key)));
    }
    Ok(Wording {
        lang: rules.lang().to_string(),
        languages,
        texts,
    })
}

/// The page's own keys, each in rules/ui.toml and every translation (a test
/// checks that the rule data has them all).
pub const WEB_KEYS: &[&str] = &[
    "web_language_name",
    "web_language",
    "web_title",
    "web_intro",
    "web_start_paste",
    "web_start_questions",
    "web_paste_hint",
    "web_paste_label",
    "web_paste_check",
    "web_paste_empty",
    "web_back",
    "web_next",
    "web_tick_hint",
    "web_type_hint",
    "web_country_hint",
    "web_answer_label",
    "web_change",
    "web_change_label",
    "web_report_title",
    "web_verdict_label",
    "web_signs_none",
    "web_group_heading",
    "web_steps_title",
    "web_contacts_title",
    "web_unanswered_title",
    "web_agency_title",
    "web_about_title",
    "web_share",
    "web_copy",
    "web_copied",
    "web_print",
    "web_change_answers",
    "web_more_questions",
    "web_start_again",
    "web_keep",
    "web_keep_hint",
    "web_kept",
    "web_delete",
    "web_deleted",
    "web_private",
    "web_error",
    "web_share_title",
];

/// Where the person is, kept by the page with the answers.
///
/// Read by [`Place::read`] (the request is read by hand, see
/// [`Request::read`]), written by serde.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Place {
    /// Going through the questions: at the question `at` (gone back to),
    /// or, without it, at the first question left (the review when none is).
    Walk {
        /// The question gone back to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// Changing the answer to `at` from the review: answering it, or going
    /// back, returns to the review.
    Change {
        /// The question being changed.
        at: String,
    },
    /// At the report.
    Report,
}

impl Default for Place {
    fn default() -> Self {
        Place::Walk { at: None }
    }
}

/// What the person did: an object whose `kind` is one of these names in
/// snake case (`dont_know`), with the fields named here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Chose options by number (several for a multi-choice question).
    Choose {
        /// The options' numbers.
        numbers: Vec<usize>,
    },
    /// Typed an answer.
    Value {
        /// What was typed.
        text: String,
    },
    /// "Don't know".
    DontKnow,
    /// Back: to the question before, or from a change to the review.
    Back,
    /// At the review: change the answer to `question`.
    Change {
        /// The question id.
        question: String,
    },
    /// At the review: show the report.
    Finish,
    /// On the first screen: the message received, pasted, to be checked
    /// at once.
    Paste {
        /// The message.
        text: String,
    },
}

/// A step request: the state the page keeps and what the person did.
#[derive(Debug, Clone)]
struct Request {
    lang: Option<String>,
    answers: Option<Json>,
    place: Place,
    action: Option<Action>,
}

/// The request is read as a JSON value and then by hand, not by serde's
/// derived readers: `place` and `action` are objects tagged by a field
/// (`mode`, `kind`), which serde reads by buffering them in a form of its
/// own, and that reader was about a tenth of the page's API in the wasm. As
/// serde's readers did, each object takes only its own fields, every one
/// optional unless named here, and `null` is an absent field.
impl Request {
    fn read(request: &str) -> Result<Request, String> {
        let json: Json = serde_json::from_str(request).map_err(|err| format!("{err}"))?;
        let mut fields = Fields::of(
            json,
            "a step request",
            &["lang", "answers", "place", "action"],
        )?;
        Ok(Request {
            lang: fields.string("lang")?,
            answers: fields.take("answers"),
            place: match fields.take("place") {
                Some(place) => Place::read(place)?,
                None => Place::default(),
            },
            action: fields.take("action").map(Action::read).transpose()?,
        })
    }
}

impl Place {
    fn read(json: Json) -> Result<Place, String> {
        let (mode, mut fields) = Fields::tagged(json, "place", "mode")?;
        match mode.as_str() {
            "walk" => {
                fields.only(&["at"])?;
                Ok(Place::Walk {
                    at: fields.string("at")?,
                })
            }
            "change" => {
                fields.only(&["at"])?;
                Ok(Place::Change {
                    at: fields.required_string("at")?,
                })
            }
            "report" => {
                fields.only(&[])?;
                Ok(Place::Report)
            }
            other => Err(unknown_variant(other, "walk, change, report")),
        }
    }
}

impl Action {
    fn read(json: Json) -> Result<Action, String> {
        let (kind, mut fields) = Fields::tagged(json, "action", "kind")?;
        match kind.as_str() {
            "choose" => {
                fields.only(&["numbers"])?;
                Ok(Action::Choose {
                    numbers: fields.numbers("numbers")?,
                })
            }
            "value" => {
                fields.only(&["text"])?;
                Ok(Action::Value {
                    text: fields.required_string("text")?,
                })
            }
            "dont_know" => fields.only(&[]).map(|()| Action::DontKnow),
            "back" => fields.only(&[]).map(|()| Action::Back),
            "change" => {
                fields.only(&["question"])?;
                Ok(Action::Change {
                    question: fields.required_string("question")?,
                })
            }
            "finish" => fields.only(&[]).map(|()| Action::Finish),
            "paste" => {
                fields.only(&["text"])?;
                Ok(Action::Paste {
                    text: fields.required_string("text")?,
                })
            }
            other => Err(unknown_variant(
                other,
                "choose, value, dont_know, back, change, finish, paste",
            )),
        }
    }
}

fn unknown_variant(name: &str, expected: &str) -> String {
    format!("unknown variant `{name}`, expected one of {expected}")
}

/// The fields of one JSON object of the request, taken one by one.
struct Fields {
    map: Map<String, Json>,
}

impl Fields {
    /// The fields of `json`, which must be an object (`what`) with no field
    /// but `known`.
    fn of(json: Json, what: &str, known: &[&str]) -> Result<Fields, String> {
        let Json::Object(map) = json else {
            return Err(format!("{what} is a JSON object"));
        };
        let fields = Fields { map };
        fields.only(known)?;
        Ok(fields)
    }

    /// The fields of an object tagged by the string field `tag`, and the tag.
    fn tagged(json: Json, what: &str, tag: &str) -> Result<(String, Fields), String> {
        let Json::Object(map) = json else {
            return Err(format!("the {what} is a JSON object"));
        };
        let mut fields = Fields { map };
        match fields.map.remove(tag) {
            Some(Json::String(name)) => Ok((name, fields)),
            Some(_) => Err(format!("the {what}'s `{tag}` is a string")),
            None => Err(format!("missing field `{tag}`")),
        }
    }

    /// An error naming the first field not in `known`.
    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.map.keys().find(|key| !known.contains(&key.as_str())) {
            Some(key) if known.is_empty() => {
                Err(format!("unknown field `{key}`, there are no fields"))
            }
            Some(key) => Err(format!(
                "unknown field `{key}`, expected {}",
                known
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            None => Ok(()),
        }
    }

    /// The field `name`, if present and not `null`.
    fn take(&mut self, name: &str) -> Option<Json> {
        self.map.remove(name).filter(|value| !value.is_null())
    }

    /// The string field `name`, if present and not `null`.
    fn string(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.take(name) {
            None => Ok(None),
            Some(Json::String(text)) => Ok(Some(text)),
            Some(other) => Err(format!(
                "invalid type: {}, expected a string for `{name}`",
                kind_of(&other)
            )),
        }
    }

    /// The string field `name`, which must be there.
    fn required_string(&mut self, name: &str) -> Result<String, String> {
        self.string(name)?
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    /// The field `name`, a list of option numbers, which must be there.
    fn numbers(&mut self, name: &str) -> Result<Vec<usize>, String> {
        let Some(Json::Array(items)) = self.take(name) else {
            return Err(format!("`{name}` is a list of option numbers"));
        };
        items
            .iter()
            .map(|item| {
                item.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        format!("`{name}` holds a {}, not an option number", kind_of(item))
                    })
            })
            .collect()
    }
}

/// What kind of JSON value `json` is, in serde's words.
fn kind_of(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "sequence",
        Json::Object(_) => "map",
    }
}

/// Which screen to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    /// A question.
    Question,
    /// Every answer, to change one or see the report.
    Review,
    /// The report.
    Report,
}

/// A step's response: the state to keep and the screen to draw.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// The language of the texts.
    pub lang: String,
    /// The answers, in canonical form (as an answers file has them).
    pub answers: Map<String, Json>,
    /// Where the person is now.
    pub place: Place,
    /// The screen to draw.
    pub screen: Screen,
    /// Why the action was not taken, in the person's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// The question, on a question screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<QuestionView>,
    /// The answers in words, on the review screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Vec<ReviewLine>>,
    /// The report, on the report screen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportView>,
    /// On the report screen: whether questions are left to answer (after
    /// a pasted message), so the page offers them rather than the review.
    pub questions_left: bool,
}

/// A question as the page draws it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// The question id.
    pub id: String,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// Where it is, in words ("Money · question 5 of 18"), or that an
    /// answer is being changed.
    pub progress_text: String,
    /// Where it is, as numbers.
    pub progress: Progress,
    /// The question.
    pub text: String,
    /// What it means.
    pub help: String,
    /// The options, "don't know" last; empty for a typed answer.
    pub options: Vec<Choice>,
    /// The numbers of the options of the current answer, to show chosen.
    pub chosen: Vec<usize>,
    /// A typed answer's current value, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Whether the current answer is "don't know".
    pub dont_know: bool,
    /// For a country: every country's name in the person's language, to
    /// choose from as they type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Whether "back" leads anywhere.
    pub can_go_back: bool,
}

/// One answer on the review screen.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewLine {
    /// The question id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer, in words.
    pub answer: String,
}

#[derive(Serialize)]
struct ErrorOut {
    error: String,
}

fn to_json<T: Serialize>(value: &Result<T, ErrorOut>) -> String {
    let text = match value {
        Ok(value) => serde_json::to_string(value),
        Err(error) => serde_json::to_string(error),
    };
    text.unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
}

/// One step, as JSON: the request's keys are `lang` (`en`, `sw`),
/// `answers` (an object, as a JSON answers file), `place` (a [`Place`],
/// such as `{"mode": "walk"}`) and `action` (an [`Action`], such as
/// `{"kind": "choose", "numbers": [1]}`; absent to draw the screen the
/// state leads to); the response is a [`Response`], or `{"error": ...}`
/// for a malformed request, naming what is wrong.
pub fn step(request: &str) -> String {
    to_json(&respond(request).map_err(|error| ErrorOut { error }))
}

/// [`step`], as data.
pub fn respond(request: &str) -> Result<Response, String> {
    let request = Request::read(request).map_err(|err| format!("not a step request: {err}"))?;
    let rules = rules_in(request.lang.as_deref().unwrap_or_default())?;
    let answers = read_answers(&rules, request.answers.as_ref())?;
    let (answers, place, refused) = act(&rules, answers, request.place, request.action);
    Ok(draw(&rules, answers, place, refused))
}

/// The answers sent, read as a JSON answers file is.
fn read_answers(rules: &RuleSet, answers: Option<&Json>) -> Result<Answers, String> {
    let Some(answers) = answers else {
        return Ok(Answers::default());
    };
    // As `to_string` (the compact form) would write it, through the same
    // writer as the responses: `Display` would add serde_json's code for a
    // second writer, and for the pretty form, to the wasm. Writing a JSON
    // value to memory cannot fail.
    let text = serde_json::to_string(answers).unwrap_or_default();
    let raw = RawAnswer::from_json_file("answers", &text).map_err(|problem| problem.to_string())?;
    Answers::from_raw(rules, raw).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A session over `answers` with the person at `place`; a place that no
/// longer applies (a follow-up ruled out) falls back to the next question.
fn session_at<'r>(rules: &'r RuleSet, answers: Answers, place: &mut Place) -> Session<'r> {
    let mut session = Session::resume(rules, answers).with_review();
    let at = match place {
        Place::Walk { at: Some(at) } | Place::Change { at } => Some(at.clone()),
        _ => None,
    };
    if let Some(at) = at
        && session.place(&at).is_err()
    {
        *place = Place::default();
    }
    session
}

/// The state after `action`, with why it was refused when it was.
fn act(
    rules: &RuleSet,
    answers: Answers,
    mut place: Place,
    action: Option<Action>,
) -> (Answers, Place, Option<String>) {
    let mut session = session_at(rules, answers, &mut place);
    let Some(action) = action else {
        return (session.into_answers(), place, None);
    };
    let step = session.step();
    let refusal = |refusal: Refusal| Some(refusal_words(rules, &refusal));
    match (action, step) {
        (Action::Back, _) if matches!(place, Place::Change { .. } | Place::Report) => {
            (session.into_answers(), Place::default(), None)
        }
        (Action::Back, step) => {
            let from = match (&place, &step) {
                (Place::Walk { at: Some(at) }, _) => Some(at.as_str()),
                (_, Step::Ask(ask)) => Some(ask.question.id.as_str()),
                _ => None,
            };
            match session.answered_before(from) {
                Some(before) => {
                    let at = Some(before.to_string());
                    (session.into_answers(), Place::Walk { at }, None)
                }
                None => {
                    let why = refusal(Refusal::AtFirstQuestion);
                    (session.into_answers(), place, why)
                }
            }
        }
        (Action::Change { question }, Step::Review(_)) => match session.place(&question) {
            Ok(()) => (session.into_answers(), Place::Change { at: question }, None),
            Err(why) => {
                let why = refusal(why);
                (session.into_answers(), place, why)
            }
        },
        (Action::Finish, Step::Review(_)) => {
            session.end();
            (session.into_answers(), Place::Report, None)
        }
        (Action::Paste { text }, _) => paste(rules, session, &text),
        (
            action @ (Action::Choose { .. } | Action::Value { .. } | Action::DontKnow),
            Step::Ask(ask),
        ) => {
            let id = ask.question.id.to_string();
            let input = match action {
                Action::Choose { numbers } => match (ask.question.kind, numbers.as_slice()) {
                    (QuestionKind::MultiChoice, _) | (_, [] | [_, _, ..]) => {
                        Input::ChooseMany(numbers)
                    }
                    (_, [one]) => Input::Choose(*one),
                },
                Action::Value { text } => Input::Value(text),
                _ => Input::DontKnow,
            };
            match session.answer(input) {
                Ok(()) => {
                    // Walking forward through answers already given: on to
                    // the next that applies, answered or not.
                    let next = match &place {
                        Place::Walk { at: Some(_) } => session
                            .applying_after(&id)
                            .filter(|next| session.answers().get(next).is_some())
                            .map(str::to_string),
                        _ => None,
                    };
                    (session.into_answers(), Place::Walk { at: next }, None)
                }
                Err(why) => {
                    let why = refusal(why);
                    (session.into_answers(), place, why)
                }
            }
        }
        (_, _) => {
            let why = refusal(Refusal::NotNow);
            (session.into_answers(), place, why)
        }
    }
}

/// The message pasted on the first screen, as the answer to
/// [`ADVERT_QUESTION`], checked at once: the report, with the questions
/// still to be answered for a fuller check.
fn paste(rules: &RuleSet, session: Session<'_>, text: &str) -> (Answers, Place, Option<String>) {
    let mut answers = session.into_answers();
    let Some(question) = rules.question(ADVERT_QUESTION) else {
        return (answers, Place::default(), None);
    };
    if text.trim().is_empty() {
        let why = rules.ui("web_paste_empty").to_string();
        return (answers, Place::default(), Some(why));
    }
    match parse_typed(rules, question, text) {
        Ok(answer) => {
            answers.set(question.id.clone(), answer);
            (answers, Place::Report, None)
        }
        Err((message, help)) => {
            let refusal = Refusal::NotAnAnswer {
                kind: question.kind,
                message,
                help,
            };
            let why = refusal_words(rules, &refusal);
            (answers, Place::default(), Some(why))
        }
    }
}

/// Why an action was refused, in the person's language. The engine's
/// wording of an empty multi-choice answer names a terminal's keys, so the
/// page says it in its own.
fn refusal_words(rules: &RuleSet, refusal: &Refusal) -> String {
    match refusal {
        Refusal::NothingChosen => rules.ui_fill(
            "refused_nothing_chosen",
            &[("dont_know", rules.ui("dont_know"))],
        ),
        other => other.message(rules),
    }
}

/// The screen the state leads to.
fn draw(rules: &RuleSet, answers: Answers, mut place: Place, refused: Option<String>) -> Response {
    let mut session = session_at(rules, answers, &mut place);
    let mut response = Response {
        lang: rules.lang().to_string(),
        answers: Map::new(),
        place: place.clone(),
        screen: Screen::Report,
        refused,
        question: None,
        review: None,
        report: None,
        questions_left: false,
    };
    if place == Place::Report {
        response.questions_left = matches!(session.step(), Step::Ask(_));
        session.end();
        let report = offercheck_engine::assess(rules, session.answers());
        response.report = Some(view::report(rules, report));
    } else {
        match session.step() {
            Step::Ask(ask) => {
                response.screen = Screen::Question;
                response.question = Some(question_view(rules, &session, &ask, &place));
            }
            Step::Review(items) => {
                response.screen = Screen::Review;
                response.place = Place::default();
                response.review = Some(
                    items
                        .iter()
                        .map(|item| ReviewLine {
                            id: item.question.id.to_string(),
                            question: item.question.prompt.to_string(),
                            answer: item.answer.clone(),
                        })
                        .collect(),
                );
            }
            Step::Done => {
                // A session with the review is done only once ended, which
                // only the report does: an empty review, should it happen.
                response.screen = Screen::Review;
                response.review = Some(Vec::new());
            }
        }
    }
    response.answers = session.answers().to_json();
    response
}

fn question_view(
    rules: &RuleSet,
    session: &Session<'_>,
    ask: &session::Ask<'_>,
    place: &Place,
) -> QuestionView {
    let question = ask.question;
    let (chosen, value, dont_know) = match &ask.current {
        None => (Vec::new(), None, false),
        Some(Answer::DontKnow) => {
            let numbers = ask
                .options
                .iter()
                .filter(|option| option.id == session::DONT_KNOW_ID)
                .map(|option| option.number)
                .collect();
            (numbers, None, true)
        }
        Some(Answer::Known(known)) => {
            let ids: Vec<&str> = match known {
                Value::Choices(ids) => ids.iter().map(|id| id.as_str()).collect(),
                single => single.as_single().into_iter().collect(),
            };
            let numbers = ask
                .options
                .iter()
                .filter(|option| ids.contains(&option.id.as_str()))
                .map(|option| option.number)
                .collect();
            let value = ask
                .options
                .is_empty()
                .then(|| known.describe(question, rules));
            (numbers, value, false)
        }
    };
    let numbers = [
        ("section", ask.section.to_string()),
        ("number", ask.progress.number.to_string()),
        ("total", ask.progress.total.to_string()),
    ];
    let values: Vec<(&str, &str)> = numbers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let progress_text = match place {
        Place::Change { .. } => rules.ui_fill("progress_change", &values),
        _ => rules.ui_fill("progress", &values),
    };
    let countries = if question.kind == QuestionKind::Country {
        let mut names: Vec<String> = rules
            .countries
            .iter()
            .map(|country| country.name_in(rules.lang()).to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    } else {
        Vec::new()
    };
    let can_go_back = matches!(place, Place::Change { .. })
        || session.answered_before(Some(&question.id)).is_some();
    QuestionView {
        id: question.id.to_string(),
        kind: question.kind,
        progress_text,
        progress: ask.progress,
        text: question.prompt.to_string(),
        help: question.help.to_string(),
        options: ask.options.clone(),
        chosen,
        value,
        dont_know,
        countries,
        can_go_back,
    }
}

#[cfg(test)]
mod tests;

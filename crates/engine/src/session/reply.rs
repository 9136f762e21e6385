//! A typed reply to a question, as people send it in a chat or an SMS,
//! turned into a session [`Input`]: an option's number, a canonical value
//! (`yes`, a choice id, a country's code or name, digits), the words people
//! use (`ndio`, `hapana`, `sijui`, a label), "back" or "0".
//!
//! The words come from the rule set's interface wording (`reply_yes`,
//! `reply_no`, `reply_dont_know`, `reply_back`, `reply_help` in
//! rules/ui.toml and each translation), in every language at once: a
//! Kiswahili conversation understands "yes" too.

use super::{Ask, DONT_KNOW_ID, Input};
use crate::rules::{QuestionKind, RuleSet};

/// What a reply means.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Something for the session to take (or refuse).
    Input(Input),
    /// The person asked what the question means.
    Help,
}

/// Reads `text` as a reply to `ask`.
pub fn read(rules: &RuleSet, ask: &Ask<'_>, text: &str) -> Reply {
    let text = text.trim();
    let folded = fold(text);
    let said = |key: &str| words(rules, key).contains(&folded);
    if said("reply_back") {
        return Reply::Input(Input::Back);
    }
    if said("reply_help") {
        return Reply::Help;
    }
    if said("reply_dont_know") {
        return Reply::Input(Input::DontKnow);
    }
    if ask.options.is_empty() {
        return Reply::Input(Input::Value(text.to_string()));
    }
    if ask.question.kind == QuestionKind::YesNo {
        if said("reply_yes") {
            return Reply::Input(Input::Answer(crate::answers::Answer::Known(
                crate::answers::Value::Yes,
            )));
        }
        if said("reply_no") {
            return Reply::Input(Input::Answer(crate::answers::Answer::Known(
                crate::answers::Value::No,
            )));
        }
    }
    // Numbers, or option ids and labels, one or several ("1, 3", "visa deposit").
    let parts: Vec<&str> = folded
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect();
    if !parts.is_empty()
        && parts
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
    {
        let numbers: Vec<usize> = parts
            .iter()
            .map(|part| part.parse().unwrap_or(usize::MAX))
            .collect();
        return Reply::Input(match numbers.as_slice() {
            [one] => Input::Choose(*one),
            _ => Input::ChooseMany(numbers),
        });
    }
    // An option's label typed out, its short label (as SMS shows it) or its id.
    let named = |option: &&crate::session::Choice, word: &str| {
        fold(&option.label) == word || option.short.as_deref().is_some_and(|s| fold(s) == word)
    };
    if let Some(option) = ask
        .options
        .iter()
        .find(|option| named(option, &folded) || option.id == folded.replace([' ', '-'], "_"))
    {
        return Reply::Input(Input::Choose(option.number));
    }
    if ask.question.kind == QuestionKind::MultiChoice {
        let numbers: Option<Vec<usize>> = parts
            .iter()
            .map(|part| {
                ask.options
                    .iter()
                    .find(|option| option.id == *part || named(option, part))
                    .map(|option| option.number)
            })
            .collect();
        if let Some(numbers) = numbers {
            return Reply::Input(Input::ChooseMany(numbers));
        }
    }
    if folded == DONT_KNOW_ID {
        return Reply::Input(Input::DontKnow);
    }
    // Anything else is checked as an answers file would check it, so the
    // refusal says what is valid.
    Reply::Input(Input::Value(text.to_string()))
}

/// Whether `text` says "don't know" in any language's words (`sijui`,
/// `don't know`, `unknown`): for a front end that reads typed answers.
pub fn is_dont_know(rules: &RuleSet, text: &str) -> bool {
    let folded = fold(text);
    folded == DONT_KNOW_ID || words(rules, "reply_dont_know").contains(&folded)
}

/// The comma-separated words of `key`, in every language, folded.
fn words(rules: &RuleSet, key: &str) -> Vec<String> {
    rules
        .ui_every_language(key)
        .iter()
        .flat_map(|list| list.split(','))
        .map(fold)
        .filter(|word| !word.is_empty())
        .collect()
}

/// Lower case, curly quotes straight, spaces single, closing punctuation off:
/// "Don’t know." and "don't  know" are the same reply.
fn fold(text: &str) -> String {
    let text = text
        .trim()
        .trim_end_matches(['.', '!'])
        .replace(['\u{2019}', '\u{2018}'], "'")
        .to_lowercase();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! Checking one written value against its question: yes/no, choices,
//! countries, amounts (with their currency), text, web and e-mail addresses
//! and phone numbers.

use crate::answer_set::{Answer, MAX_TEXT_BYTES, RawValue, Value};
use crate::diagnostic::{did_you_mean, echo};
use crate::rules::{Countries, Question, QuestionKind, RuleSet, SignalLists, Text};

/// What checking a value needs of the rule set besides its question: the
/// countries a country is looked up in, and the signal lists (the currency
/// signs an amount may be written with).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    pub(crate) countries: &'a Countries,
    pub(crate) lists: &'a SignalLists,
}

impl<'a> From<&'a RuleSet> for Known<'a> {
    fn from(rules: &'a RuleSet) -> Known<'a> {
        Known {
            countries: &rules.countries,
            lists: &rules.lists,
        }
    }
}

/// A rule file's default for `question`, checked as an answer to it would
/// be (the countries known so far, no currency signs): the value, or what
/// is wrong with it and what is valid.
pub fn parse_default(
    question: &Question,
    countries: &Countries,
    raw: &RawValue,
) -> Result<Answer, (String, String)> {
    let lists = SignalLists::default();
    parse_value(
        question,
        Known {
            countries,
            lists: &lists,
        },
        raw,
    )
    .map_err(|problem| (problem.message, problem.help))
}

/// A problem with one value: what is wrong and what is valid.
pub(crate) struct ValueProblem {
    pub(crate) message: String,
    pub(crate) help: String,
}

pub(crate) fn problem(message: impl Into<String>, help: impl Into<String>) -> ValueProblem {
    ValueProblem {
        message: message.into(),
        help: help.into(),
    }
}

pub(crate) fn is_unknown_word(text: &str) -> bool {
    const WORDS: [&str; 4] = ["unknown", "dont_know", "don't know", "dont-know"];
    let text = trim(text);
    // No text of more than four bytes a letter (UTF-8's most) lowercases to
    // one of the words: a long answer, such as an advert, is not scanned.
    if text.len() > 4 * "don't know".len() {
        return false;
    }
    // Without allocating for the common, ASCII case (batch runs this a
    // million times), and without comparing words of other lengths.
    if text.is_ascii() {
        if !matches!(text.len(), 7 | 9 | 10) {
            return false;
        }
        return WORDS.iter().any(|word| text.eq_ignore_ascii_case(word));
    }
    WORDS.contains(&text.to_lowercase().as_str())
}

/// `text.trim()`, without decoding characters at either end when both are
/// plain ASCII that is not a space (nearly every answer).
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Lowercase text, borrowed when it already is (the common case).
pub(crate) fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A choice id as people may type it: any case, `-` or space for `_`.
pub(crate) fn normalise_choice(text: &str) -> String {
    text.trim().to_lowercase().replace(['-', ' '], "_")
}

pub(crate) fn parse_value(
    question: &Question,
    known: Known,
    raw: &RawValue,
) -> Result<Answer, ValueProblem> {
    if let RawValue::String(text) = raw
        && is_unknown_word(text)
    {
        return Ok(Answer::DontKnow);
    }
    let value = match question.kind {
        QuestionKind::YesNo => parse_yes_no(raw)?,
        QuestionKind::Choice => {
            Value::Choice(parse_choice(question, single_string(question, raw)?)?)
        }
        QuestionKind::MultiChoice => parse_multi_choice(question, raw)?,
        QuestionKind::Country => parse_country(known.countries, single_string(question, raw)?)?,
        QuestionKind::Number => parse_number(question, known.lists, raw)?,
        QuestionKind::Text => parse_text(single_string(question, raw)?)?,
        QuestionKind::Url => parse_url(single_string(question, raw)?)?,
        QuestionKind::Email => parse_email(single_string(question, raw)?)?,
        QuestionKind::Phone => parse_phone(single_string(question, raw)?)?,
    };
    Ok(Answer::Known(value))
}

pub(crate) fn single_string<'a>(
    question: &Question,
    raw: &'a RawValue,
) -> Result<&'a str, ValueProblem> {
    match raw {
        RawValue::String(text) => Ok(text),
        other => Err(problem(
            format!(
                "expected {}, found {}",
                kind_expectation(question.kind),
                other.type_name()
            ),
            valid_values_help(question),
        )),
    }
}

pub(crate) fn kind_expectation(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo => "`yes`, `no` or `unknown`",
        QuestionKind::Choice => "one choice id as a string",
        QuestionKind::MultiChoice => "a list of choice ids",
        QuestionKind::Country => "a country code or English name as a string",
        QuestionKind::Number => "a number",
        QuestionKind::Text => "text as a string",
        QuestionKind::Url => "a web address as a string",
        QuestionKind::Email => "an e-mail address as a string",
        QuestionKind::Phone => "a phone number as a string",
    }
}

/// What a question accepts, for error hints and help text.
pub fn valid_values_help(question: &Question) -> String {
    match question.kind {
        QuestionKind::YesNo => "valid values: `yes`, `no`, `unknown`".into(),
        QuestionKind::Choice | QuestionKind::MultiChoice => {
            let ids: Vec<String> = question.choices.iter().map(|c| format!("`{}`", c.id)).collect();
            let list = if question.kind == QuestionKind::MultiChoice {
                " (several: a list, or comma-separated)"
            } else {
                ""
            };
            format!("valid values{list}: {}, `unknown`", ids.join(", "))
        }
        QuestionKind::Country => {
            "valid values: an ISO 3166-1 code such as `KE` or `RU`, or an English name such as `Kenya`".into()
        }
        QuestionKind::Number => "valid values: a number such as `150000`, or `unknown`".into(),
        _ => format!("valid values: {}, or `unknown`", kind_expectation(question.kind)),
    }
}

pub(crate) fn parse_yes_no(raw: &RawValue) -> Result<Value, ValueProblem> {
    let help = "valid values: `yes`, `no`, `unknown`";
    match raw {
        RawValue::Bool(true) => Ok(Value::Yes),
        RawValue::Bool(false) => Ok(Value::No),
        // The words as written by offercheck and most tools first, then any case.
        RawValue::String(text) if *text == "yes" => Ok(Value::Yes),
        RawValue::String(text) if *text == "no" => Ok(Value::No),
        RawValue::String(text) => match lowercase(trim(text)).as_ref() {
            "yes" | "y" | "true" => Ok(Value::Yes),
            "no" | "n" | "false" => Ok(Value::No),
            _ => Err(problem(
                format!("`{}` is not yes or no", echo(text.trim())),
                help,
            )),
        },
        other => Err(problem(
            format!(
                "expected `yes`, `no` or `unknown`, found {}",
                other.type_name()
            ),
            help,
        )),
    }
}

pub(crate) fn parse_choice(question: &Question, text: &str) -> Result<Text, ValueProblem> {
    if let Some(choice) = question.choices.iter().find(|c| c.id == text) {
        return Ok(choice.id.clone());
    }
    let wanted = normalise_choice(text);
    if let Some(choice) = question.choices.iter().find(|c| c.id == wanted) {
        return Ok(choice.id.clone());
    }
    let ids = question.choices.iter().map(|c| c.id.as_str());
    let help = match did_you_mean(&wanted, ids) {
        Some(hint) => format!("{hint} {}", valid_values_help(question)),
        None => valid_values_help(question),
    };
    Err(problem(
        format!("`{}` is not a choice of this question", echo(text.trim())),
        help,
    ))
}

pub(crate) fn parse_multi_choice(
    question: &Question,
    raw: &RawValue,
) -> Result<Value, ValueProblem> {
    let items: Vec<&str> = match raw {
        RawValue::String(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        RawValue::List(items) => items
            .iter()
            .map(|item| single_string(question, item))
            .collect::<Result<_, _>>()?,
        other => {
            return Err(problem(
                format!("expected a list of choice ids, found {}", other.type_name()),
                valid_values_help(question),
            ));
        }
    };
    let mut ids: Vec<Text> = Vec::new();
    for item in items {
        // "Don't know" is an answer of its own, not one choice among others
        // (unless the question has a choice of that name).
        if is_unknown_word(item) && parse_choice(question, item).is_err() {
            return Err(problem(
                format!(
                    "`{}` must be the whole answer, not one item of a list",
                    echo(item.trim())
                ),
                format!(
                    "answer `unknown` alone, or list only the choices you know; {}",
                    valid_values_help(question).replace(", `unknown`", "")
                ),
            ));
        }
        let id = parse_choice(question, item)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Value::Choices(ids))
}

pub(crate) fn parse_country(countries: &Countries, text: &str) -> Result<Value, ValueProblem> {
    if let Some(country) = countries.find(text) {
        return Ok(Value::Country(country.code.clone()));
    }
    Err(problem(
        format!("`{}` is not a country this tool knows", echo(text.trim())),
        countries.unknown_help(text),
    ))
}

pub(crate) fn parse_number(
    question: &Question,
    lists: &SignalLists,
    raw: &RawValue,
) -> Result<Value, ValueProblem> {
    // Made only for a problem: most amounts are good.
    let help = || match question.currency.first() {
        None => "write the amount as digits, such as `150000`, `150,000` or `150k`, or `unknown`"
            .to_string(),
        Some(word) => format!(
            "write the amount as digits, such as `150000`, `{word} 150,000` or `150k`, or `unknown`"
        ),
    };
    let (number, typed) = match raw {
        RawValue::Integer(i) => (*i as f64, None),
        RawValue::Float(f) => (*f, None),
        RawValue::String(text) => {
            let figures = match without_currency(question, lists, text) {
                Currency::Own(figures) => figures,
                Currency::Other(word) => {
                    return Err(problem(
                        format!(
                            "`{}` is in another currency (`{}`) than the question asks for",
                            echo(text.trim()),
                            echo(word)
                        ),
                        "change it to the question's currency at today's rate and write the figures, such as `150000`, or answer `unknown`",
                    ));
                }
            };
            match read_amount(figures) {
                Some(number) => (number, Some(text.trim())),
                None => {
                    return Err(problem(
                        format!("`{}` is not a number", echo(text.trim())),
                        help(),
                    ));
                }
            }
        }
        other => {
            return Err(problem(
                format!("expected a number, found {}", other.type_name()),
                help(),
            ));
        }
    };
    if number.is_finite() && number >= 0.0 {
        return Ok(Value::Number(number));
    }
    // The value as typed; a file's number as the file writes it (TOML's `inf`, `nan`).
    let shown = match typed {
        Some(text) => echo(text).into_owned(),
        None if number.is_nan() => "nan".into(),
        None => number.to_string(),
    };
    let why = if number.is_nan() {
        "is not a number"
    } else if number < 0.0 {
        "is not an amount: an amount is 0 or more"
    } else {
        "is too large to be an amount"
    };
    Err(problem(format!("`{shown}` {why}"), help()))
}

/// What currency an amount as typed is written in.
pub(crate) enum Currency<'t> {
    /// None, or the question's own: the figures, without it.
    Own(&'t str),
    /// Another currency the signal lists know: the word or sign written.
    Other(&'t str),
}

/// Splits a currency word or sign off an amount, before the figures
/// ("KSh 150,000", "Ksh.150000", "$1,500") or after them ("150,000 bob").
/// A word that is neither the question's nor a known currency is left in
/// place, so that the figures are refused as they stand; so is every word
/// when the question names no currency.
pub(crate) fn without_currency<'t>(
    question: &Question,
    lists: &SignalLists,
    text: &'t str,
) -> Currency<'t> {
    let text = text.trim();
    if question.currency.is_empty() {
        return Currency::Own(text);
    }
    let signs = &lists.currency_signs;
    let is_word_char = |c: char| c.is_alphabetic() || signs.iter().any(|sign| sign.contains(c));
    let lead_end = text.find(|c: char| !is_word_char(c)).unwrap_or(text.len());
    let trail_start = text.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let candidates = [
        (&text[..lead_end], text[lead_end..].trim_start_matches('.')),
        (&text[trail_start..], &text[..trail_start]),
    ];
    for (word, figures) in candidates {
        if word.is_empty() || figures.trim().is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if question.currency.iter().any(|own| *own == lower) {
            return Currency::Own(figures.trim());
        }
        if lists.currency_words.iter().any(|known| *known == lower)
            || signs.iter().any(|known| *known == lower)
        {
            return Currency::Other(word);
        }
    }
    Currency::Own(text)
}

/// An amount as people write it: digits with `,`, `_` or spaces between
/// them, a decimal point, and perhaps `k` (thousand) or `m` (million) after
/// them (`150k`, `1.5m`), or the `/=` or `/-` that closes an amount in
/// shillings or rupees (`150,000/=`).
pub(crate) fn read_amount(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    let cleaned = ["/=", "/-"]
        .iter()
        .find_map(|end| cleaned.strip_suffix(end))
        .unwrap_or(&cleaned);
    let (digits, zeros) = match cleaned.as_bytes().last() {
        Some(b'k' | b'K') => (&cleaned[..cleaned.len() - 1], 3),
        Some(b'm' | b'M') => (&cleaned[..cleaned.len() - 1], 6),
        // Digits, perhaps with a point, a sign or an exponent (`1e6`): not
        // the words `inf` or `nan`, which Rust would read as numbers.
        _ if cleaned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) =>
        {
            return cleaned.parse().ok();
        }
        _ => return None,
    };
    // Before a `k` or `m`, plain digits with at most one decimal point; the
    // point is moved in the text, so that `2.3k` is exactly 2300.
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (moved, rest) = fraction.split_at(fraction.len().min(zeros));
    let padding = "0".repeat(zeros - moved.len());
    format!("{whole}{moved}{padding}.{rest}0").parse().ok()
}

pub(crate) fn parse_text(text: &str) -> Result<Value, ValueProblem> {
    clean_text(text).map(Value::Text)
}

/// Text within the size limit, trimmed, not empty.
pub(crate) fn clean_text(text: &str) -> Result<String, ValueProblem> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(problem(
            format!(
                "the text is {} bytes long; the limit is {MAX_TEXT_BYTES}",
                text.len()
            ),
            "shorten it to the part of the offer that matters",
        ));
    }
    let trimmed = trim(text);
    if trimmed.is_empty() {
        return Err(problem(
            "the value is empty",
            "leave the question out, or answer `unknown`",
        ));
    }
    Ok(trimmed.to_string())
}

/// A web address: `http(s)://…`, or a bare host such as `www.example.com`.
/// Other schemes (`javascript:`, `data:`, `file:` …) are refused.
pub(crate) fn parse_url(text: &str) -> Result<Value, ValueProblem> {
    let help = "write the address as shown, such as `https://www.example.com` or `www.example.com`";
    let trimmed = clean_text(text)?;
    if trimmed.chars().any(char::is_whitespace) {
        return Err(problem(
            format!(
                "`{}` is not a web address: a web address has no spaces",
                echo(&trimmed)
            ),
            help,
        ));
    }
    // `jobs@agency.co.ke` with no `http://` is an e-mail address typed in
    // the wrong place; with the scheme, a name before `@` is a link's
    // disguise, which the website checks judge.
    if !trimmed.contains("://")
        && trimmed
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|authority| authority.contains('@'))
    {
        return Err(problem(
            format!(
                "`{}` looks like an e-mail address, not a web address",
                echo(&trimmed)
            ),
            "give the e-mail address as the recruiter's e-mail, and here the website as shown, such as `www.example.com`",
        ));
    }
    let candidate = if trimmed.contains("://") {
        trimmed.clone()
    } else if let Some((scheme, rest)) = trimmed.split_once(':')
        && scheme.chars().all(|c| c.is_ascii_alphabetic())
        && !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        // `javascript:…`, `data:…`, `mailto:…`; `localhost:8080` is a port, not a scheme.
        return Err(problem(
            format!("`{}:` addresses are not web addresses", echo(scheme)),
            help,
        ));
    } else {
        format!("http://{trimmed}")
    };
    match url::Url::parse(&candidate) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => Err(problem(
            format!("`{}:` addresses are not web addresses", url.scheme()),
            help,
        )),
        // A name with no dot ("facebook", "www") is not an address on the web;
        // an IP address is.
        Ok(url) => match url.host() {
            Some(url::Host::Domain(name)) if !name.contains('.') => Err(problem(
                format!(
                    "`{}` is not a web address: it has no dot, as in `example.com`",
                    echo(&trimmed)
                ),
                help,
            )),
            // The parser reads `3` or `10.1` as an IP address (0.0.0.3); an
            // address written by a person has all four parts.
            Some(url::Host::Ipv4(_))
                if url.host_str().is_some_and(|host| !trimmed.contains(host)) =>
            {
                Err(problem(
                    format!("`{trimmed}` is not a web address: it has no dot, as in `example.com`"),
                    help,
                ))
            }
            Some(_) => Ok(Value::Text(trimmed)),
            None => Err(problem(
                format!("`{}` is not a web address", echo(&trimmed)),
                help,
            )),
        },
        // The parser's reasons ("invalid international domain name") are not
        // plain words; the message says them in words, the help what an
        // address looks like.
        Err(url::ParseError::InvalidPort) => Err(problem(
            format!(
                "`{}` is not a web address: the number after `:` is not a port",
                echo(&trimmed)
            ),
            help,
        )),
        Err(url::ParseError::IdnaError) => {
            let host = host_of(&candidate);
            let why = match host.split('.').find(|label| {
                label
                    .get(..4)
                    .is_some_and(|start| start.eq_ignore_ascii_case("xn--"))
            }) {
                Some(label) => format!(
                    "`{}` is not valid punycode (a name part that starts with `xn--` must \
                     be the encoded form of an international name)",
                    echo(label)
                ),
                None => "its name has characters that no web address can have".into(),
            };
            Err(problem(
                format!("`{}` is not a web address: {why}", echo(&trimmed)),
                help,
            ))
        }
        Err(_) => Err(problem(
            format!("`{}` is not a web address", echo(&trimmed)),
            help,
        )),
    }
}

/// The host part of a URL as written: after `scheme://` and any `user@`,
/// up to the port, path, query or fragment.
pub(crate) fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host.split(':').next().unwrap_or(host)
}

/// An e-mail address: one `@`, a name before it, a domain with a dot after it, no spaces.
pub(crate) fn parse_email(text: &str) -> Result<Value, ValueProblem> {
    let trimmed = clean_text(text)?;
    let valid = match trimmed.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid {
        Ok(Value::Text(trimmed))
    } else {
        Err(problem(
            format!("`{}` is not an e-mail address", echo(&trimmed)),
            "write it as name@example.com",
        ))
    }
}

/// A phone number: digits with optional `+`, spaces, dashes, dots and brackets; 3 to 15 digits.
pub(crate) fn parse_phone(text: &str) -> Result<Value, ValueProblem> {
    let trimmed = clean_text(text)?;
    let allowed = trimmed.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
    });
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    if allowed && (3..=15).contains(&digits) {
        Ok(Value::Text(trimmed))
    } else {
        Err(problem(
            format!("`{}` is not a phone number", echo(&trimmed)),
            "write the number with its country code, such as `+254 712 345 678`",
        ))
    }
}

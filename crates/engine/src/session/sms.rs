//! Messages for the channels a gateway sends on: SMS (each message at most
//! 160 characters of the GSM 7-bit alphabet, so no curly quotes or dashes),
//! USSD (one screen of at most 182) and chat (no limit), and the short
//! report that ends a conversation.

use serde::{Deserialize, Serialize};

use crate::report::Report;
use crate::report::words::{headline, level_word};
use crate::rules::RuleSet;

/// Where the messages go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Text messages: each at most [`SMS_LIMIT`] GSM 7-bit characters.
    Sms,
    /// One USSD screen: at most [`USSD_LIMIT`] GSM 7-bit characters.
    Ussd,
    /// A chat (WhatsApp, Telegram, a web chat): any length, any character.
    #[default]
    Chat,
}

/// Most GSM 7-bit characters in one SMS.
pub const SMS_LIMIT: usize = 160;
/// Most characters on one USSD screen.
pub const USSD_LIMIT: usize = 182;
/// Most messages the short report takes as SMS.
pub const SHORT_REPORT_SMS: usize = 3;

/// The GSM 03.38 default alphabet, one septet each.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                         ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: two septets each (an escape, then the character).
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// How many septets `c` takes in an SMS, or `None` when the GSM alphabet
/// does not have it.
pub fn septets(c: char) -> Option<usize> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The length of `text` in septets, or `None` when a character is not in
/// the GSM alphabet.
pub fn gsm_len(text: &str) -> Option<usize> {
    text.chars().map(septets).sum()
}

/// `text` in the GSM alphabet: typographic quotes, dashes, ellipses and
/// spaces as their plain forms, accented letters without their accents,
/// anything else as `?`.
pub fn to_gsm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if septets(c).is_some() {
            out.push(c);
            continue;
        }
        let plain: &str = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' | '´' => "'",
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '«' | '»' => "\"",
            '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
            '\u{2026}' => "...",
            '\u{b7}' | '\u{2022}' | '\u{2023}' => "-",
            '\u{a0}' | '\u{2009}' | '\u{202f}' | '\t' => " ",
            '×' => "x",
            '→' | '›' => ">",
            '‹' => "<",
            'á' | 'â' | 'ã' | 'ā' => "a",
            'Á' | 'À' | 'Â' | 'Ã' | 'Ā' => "A",
            'ê' | 'ë' | 'ē' => "e",
            'È' | 'Ê' | 'Ë' => "E",
            'í' | 'î' | 'ï' => "i",
            'Í' | 'Ì' | 'Î' | 'Ï' => "I",
            'ó' | 'ô' | 'õ' => "o",
            'Ó' | 'Ò' | 'Ô' | 'Õ' => "O",
            'ú' | 'û' => "u",
            'Ú' | 'Ù' | 'Û' => "U",
            'ç' => "c",
            'ý' | 'ÿ' => "y",
            _ => "?",
        };
        out.push_str(plain);
    }
    out
}

/// `parts` (paragraphs, in order) as the messages to send on `channel`: on
/// SMS in the GSM alphabet, joined line by line into as few messages of
/// at most [`SMS_LIMIT`] as fit, a line longer than one message broken
/// between words; on USSD one screen, cut to [`USSD_LIMIT`]; on chat one message.
pub fn fit(parts: &[String], channel: Channel) -> Vec<String> {
    match channel {
        Channel::Chat => vec![parts.join("\n\n")],
        Channel::Ussd => vec![cut(&to_gsm(&parts.join("\n")), USSD_LIMIT)],
        // Packed line by line across paragraphs, so that a heading shares
        // its message with the question under it.
        Channel::Sms => split(&to_gsm(&parts.join("\n")), SMS_LIMIT),
    }
}

/// GSM text broken into pieces of at most `limit` septets: whole lines
/// where they fit (an option is never split from its number), a line longer
/// than `limit` between words, a word longer than `limit` where it must be.
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let len = |text: &str| text.chars().map(|c| septets(c).unwrap_or(1)).sum::<usize>();
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let push = |current: &mut String, pieces: &mut Vec<String>| {
        if !current.trim().is_empty() {
            pieces.push(std::mem::take(current));
        }
        current.clear();
    };
    for line in text.split('\n') {
        let joined = if current.is_empty() {
            len(line)
        } else {
            len(&current) + 1 + len(line)
        };
        if joined <= limit {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
            continue;
        }
        push(&mut current, &mut pieces);
        if len(line) <= limit {
            current.push_str(line);
            continue;
        }
        // A line longer than a message: between words.
        for word in line.split(' ') {
            let joined = if current.is_empty() {
                len(word)
            } else {
                len(&current) + 1 + len(word)
            };
            if joined > limit {
                push(&mut current, &mut pieces);
            } else if !current.is_empty() {
                current.push(' ');
            }
            for c in word.chars() {
                if len(&current) + septets(c).unwrap_or(1) > limit {
                    push(&mut current, &mut pieces);
                }
                current.push(c);
            }
        }
    }
    push(&mut current, &mut pieces);
    pieces
}

/// GSM text cut to at most `limit` septets, with `...` where it was cut.
pub(super) fn cut(text: &str, limit: usize) -> String {
    if gsm_len(text).unwrap_or(usize::MAX) <= limit {
        return text.to_string();
    }
    let mut out = String::new();
    let mut len = 0;
    for c in text.chars() {
        let width = septets(c).unwrap_or(1);
        if len + width > limit - 3 {
            break;
        }
        out.push(c);
        len += width;
    }
    out.push_str("...");
    out
}

/// The end of a conversation: the verdict, the top warning signs and one
/// official phone number with where it comes from; as SMS at most
/// [`SHORT_REPORT_SMS`] messages.
pub fn short_report(rules: &RuleSet, report: &Report, channel: Channel) -> Vec<String> {
    let head = headline(report, rules);
    let verdict = rules.ui_fill(
        "step_verdict",
        &[
            ("title", &head.title),
            ("level", level_word(rules, report.level)),
            ("score", &report.score.to_string()),
        ],
    );
    let mut parts = vec![verdict];
    // The most serious signs first, as many of the first three as fit one
    // SMS (a chat shows all three).
    let signs = |shown: usize| {
        let mut titles: Vec<String> = report.findings[..shown]
            .iter()
            .map(|finding| finding.title.to_string())
            .collect();
        if report.findings.len() > shown {
            titles.push(rules.ui_fill(
                "step_more_signs",
                &[("count", &(report.findings.len() - shown).to_string())],
            ));
        }
        rules.ui_fill("step_signs", &[("signs", &titles.join("; "))])
    };
    let most = 3.min(report.findings.len());
    if most > 0 {
        let fits = |text: &String| gsm_len(&to_gsm(text)).is_some_and(|len| len <= SMS_LIMIT);
        let part = (1..=most)
            .rev()
            .map(signs)
            .find(|text| channel == Channel::Chat || fits(text))
            .unwrap_or_else(|| signs(1));
        parts.push(part);
    }
    // The first office the report lists (those the findings call for come
    // first) that has a phone number its source states.
    if let Some(listed) = report.channels.iter().find(|c| c.channel.phone.is_some()) {
        let office = &listed.channel;
        let phone = office.phone.as_deref().unwrap_or_default();
        let source = source_host(&office.source.url);
        let call = |name: &str| {
            rules.ui_fill(
                "step_call",
                &[("name", name), ("phone", phone), ("source", &source)],
            )
        };
        // The office's whole name, or on SMS its name before the colon that
        // starts what it is for, when the whole does not fit.
        let short_name = office.name.split(':').next().unwrap_or(&office.name).trim();
        let whole = call(&office.name);
        let fits = gsm_len(&to_gsm(&whole)).is_some_and(|len| len <= SMS_LIMIT);
        parts.push(if channel == Channel::Chat || fits {
            whole
        } else {
            call(short_name)
        });
    }
    match channel {
        Channel::Chat => vec![parts.join("\n\n")],
        Channel::Ussd => fit(&parts, Channel::Ussd),
        Channel::Sms => {
            let mut messages = fit(&parts, Channel::Sms);
            // Each part fits one message; joined, they are fewer. Should a
            // translation make one too long, the verdict and the number come
            // first: the signs are cut.
            if messages.len() > SHORT_REPORT_SMS {
                let signs = parts.get(1).map(|p| cut(&to_gsm(p), SMS_LIMIT));
                messages = std::iter::once(cut(&to_gsm(&parts[0]), SMS_LIMIT))
                    .chain(signs)
                    .chain(parts.get(2).map(|p| cut(&to_gsm(p), SMS_LIMIT)))
                    .collect();
            }
            messages
        }
    }
}

/// Where a source is, short enough for an SMS: its host without `www.`.
fn source_host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| {
            url.host_str()
                .map(|host| host.trim_start_matches("www.").to_string())
        })
        .unwrap_or_else(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SMS are packed line by line across paragraphs: a short heading
    /// shares its message with the question under it, no message is over
    /// the limit, no option is split from its number, and nothing is lost.
    #[test]
    fn sms_packed_line_by_line() {
        let options: Vec<String> = (1..=12)
            .map(|n| format!("{n} An option label of about thirty chars"))
            .collect();
        let parts = vec![
            "The job - 3/35".to_string(),
            format!(
                "What kind of work did they offer you?\n{}",
                options.join("\n")
            ),
            "Reply with a number. 0 = back, ? = help.".to_string(),
        ];
        let messages = fit(&parts, Channel::Sms);
        assert!(messages[0].starts_with("The job - 3/35\nWhat kind of work"));
        assert!(
            messages
                .iter()
                .all(|m| gsm_len(m).is_some_and(|n| n <= SMS_LIMIT))
        );
        let lines: Vec<&str> = messages.iter().flat_map(|m| m.split('\n')).collect();
        let expected: Vec<&str> = parts.iter().flat_map(|p| p.split('\n')).collect();
        assert_eq!(lines, expected);
        // 14 lines of about 40 characters: four messages of three or four
        // lines each, not one per paragraph and more.
        assert_eq!(messages.len(), 4, "{messages:#?}");
    }
}

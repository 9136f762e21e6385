//! Signals from the advert or message text: phrase groups from the rule
//! files, matched as whole words in any case, and money amounts next to fee
//! words. Each match is quoted in its context for the report.

use aho_corasick::AhoCorasick;

use super::{QUOTE_CONTEXT, Quotes};
use crate::answers::Signal;
use crate::rules::{PhraseGroup, Text};

/// How many words before a match, in the same sentence, a negation may stand
/// ("we never charge a deposit"; but not "No experience needed, just pay the
/// registration fee").
const NEGATION_WORDS: usize = 5;
/// How many quotes a signal keeps.
const MAX_QUOTES: usize = 3;
/// The phrase group whose matches `offer_fee_amount` looks next to.
const FEE_GROUP: &str = "offer_fee";

/// Folds text the way patterns are written: ASCII lowercase letters and
/// digits, every other run of characters one space, and a sentence end
/// (`.` `!` `?` `;` or a line break) one newline, so a phrase never matches
/// across sentences. A `.` between digits (`1.5`) is not a sentence end.
pub(crate) fn fold(text: &str) -> String {
    Folded::new(text).text
}

/// Folded text with each folded byte's offset in the original.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut pending: Option<(char, usize)> = None;
        let bytes = original.as_bytes();
        let mut offset = 0;
        let mut previous_digit = false;
        while let Some(&byte) = bytes.get(offset) {
            // ASCII (most adverts) needs no decoding; anything else is decoded.
            let ch = if byte.is_ascii() {
                char::from(byte)
            } else {
                match original[offset..].chars().next() {
                    Some(ch) => ch,
                    None => break,
                }
            };
            let width = ch.len_utf8();
            if ch.is_alphanumeric() {
                if let Some((kind, at)) = pending.take()
                    && !text.is_empty()
                {
                    text.push(kind);
                    origin.push(at);
                }
                origin.extend(std::iter::repeat_n(offset, width));
                text.push(ch.to_ascii_lowercase());
            } else {
                // A `.` between digits (`1.5`): the next character is a digit
                // exactly when the next byte is one.
                let decimal = ch == '.'
                    && previous_digit
                    && bytes.get(offset + 1).is_some_and(u8::is_ascii_digit);
                let kind = if matches!(ch, '.' | '!' | '?' | ';' | '\n') && !decimal {
                    '\n'
                } else {
                    ' '
                };
                pending = match pending {
                    Some(('\n', at)) => Some(('\n', at)),
                    Some((_, at)) if kind == ' ' => Some((' ', at)),
                    _ => Some((kind, offset)),
                };
            }
            previous_digit = ch.is_ascii_digit();
            offset += width;
        }
        origin.push(original.len());
        Folded { text, origin }
    }

    /// The folded range of the sentence around `start..end`, looking at most
    /// `reach` bytes either way (so many matches in a long text stay linear).
    fn sentence(&self, start: usize, end: usize, reach: usize) -> (usize, usize) {
        let floor = char_floor(&self.text, start.saturating_sub(reach));
        let ceiling = char_floor(&self.text, end.saturating_add(reach));
        let from = self.text[floor..start]
            .rfind('\n')
            .map_or(floor, |i| floor + i + 1);
        let to = self.text[end..ceiling]
            .find('\n')
            .map_or(ceiling, |i| end + i);
        (from, to)
    }

    /// Whether a negation stands among the few words before `start`, in its sentence.
    fn negated(&self, start: usize, negations: &[Text]) -> bool {
        if negations.is_empty() {
            return false;
        }
        // Five words of up to 40 bytes each is far enough back.
        let (from, _) = self.sentence(start, start, 200);
        let words: Vec<&str> = self.text[from..start]
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        let near = &words[words.len().saturating_sub(NEGATION_WORDS)..];
        negations.iter().any(|negation| {
            let parts: Vec<&str> = negation.split(' ').collect();
            near.windows(parts.len()).any(|w| w == parts.as_slice())
        })
    }
}

/// The original text around a folded range, cut to whole characters, on one line.
fn quote(original: &str, folded: &Folded, start: usize, end: usize) -> String {
    let from = folded.origin[start];
    let to = folded.origin[end.min(folded.origin.len() - 1)];
    let mut left = from;
    for _ in 0..QUOTE_CONTEXT {
        match original[..left].chars().next_back() {
            Some(ch) => left -= ch.len_utf8(),
            None => break,
        }
    }
    let mut right = to;
    for _ in 0..QUOTE_CONTEXT {
        match original[right..].chars().next() {
            Some(ch) => right += ch.len_utf8(),
            None => break,
        }
    }
    // Do not start or end inside a word.
    if left > 0
        && original[..left]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        let word_end = original[left..from]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(from, |i| left + i);
        left = word_end;
    }
    if right < original.len()
        && original[right..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        right = original[to..right]
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(to, |i| to + i);
    }
    let body: String = original[left..right]
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let body = if left > 0 {
        body.trim_start_matches(|c: char| !c.is_alphanumeric())
    } else {
        &body
    };
    format!(
        "\"{}{body}{}\"",
        if left > 0 { "…" } else { "" },
        if right < original.len() { "…" } else { "" }
    )
}

/// The largest character boundary of `text` at or before `index`.
fn char_floor(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A money amount in `window`: three or more digits (separators allowed), or
/// any digits right after a currency word or sign.
fn has_amount(window: &str) -> bool {
    let mut digits = 0;
    let mut best = 0;
    let mut previous = ' ';
    for ch in window.chars() {
        if ch.is_ascii_digit() {
            digits += 1;
            best = best.max(digits);
        } else if !(matches!(ch, ',' | '.' | ' ') && previous.is_ascii_digit()) {
            digits = 0;
        }
        previous = ch;
    }
    if best >= 3 {
        return true;
    }
    [
        "ksh",
        "kes",
        "usd",
        "$",
        "sh.",
        "shillings",
        "dollars",
        "€",
        "£",
    ]
    .iter()
    .any(|currency| {
        window.match_indices(currency).any(|(at, _)| {
            let after = window[at + currency.len()..].trim_start();
            let before = window[..at].trim_end();
            after.starts_with(|c: char| c.is_ascii_digit())
                || before.ends_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// Every pattern of every phrase group in one automaton, so an advert is
/// read once however many patterns there are.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, its group's index.
    owner: Vec<usize>,
}

impl PhraseMatcher {
    /// Compiles the (already folded) patterns of `groups`.
    pub fn new(groups: &[PhraseGroup]) -> PhraseMatcher {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            for pattern in &group.patterns {
                patterns.push(pattern.as_str());
                owner.push(index);
            }
        }
        // Building can only fail past aho-corasick's size limits, far above
        // the loader's limits on patterns; without an automaton nothing matches.
        let automaton = AhoCorasick::new(&patterns).ok();
        PhraseMatcher { automaton, owner }
    }
}

pub(super) fn signals(
    groups: &[PhraseGroup],
    matcher: &PhraseMatcher,
    original: &str,
    quotes: Quotes,
) -> Vec<(Text, Signal)> {
    let keep = quotes == Quotes::Keep;
    let folded = Folded::new(original);
    let mut signals: Vec<Signal> = groups
        .iter()
        .map(|_| Signal {
            fired: false,
            quotes: Vec::new(),
        })
        .collect();
    let mut fee_matches = Vec::new();
    if let Some(automaton) = &matcher.automaton {
        for found in automaton.find_overlapping_iter(folded.text.as_str()) {
            let (start, end) = (found.start(), found.end());
            let before = folded.text[..start].chars().next_back();
            let after = folded.text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue; // Whole words only.
            }
            let index = matcher.owner[found.pattern().as_usize()];
            let group = &groups[index];
            let fee = group.id == FEE_GROUP;
            if signals[index].fired && !keep && !fee {
                continue; // Decided; only a quote could come of another match.
            }
            if folded.negated(start, &group.negations) {
                continue;
            }
            let signal = &mut signals[index];
            signal.fired = true;
            if fee {
                fee_matches.push((start, end));
            }
            if keep && signal.quotes.len() < MAX_QUOTES {
                let text = quote(original, &folded, start, end);
                if !signal.quotes.contains(&text) {
                    signal.quotes.push(text);
                }
            }
        }
    }
    let mut out: Vec<(Text, Signal)> = groups
        .iter()
        .map(|group| group.id.clone())
        .zip(signals)
        .collect();
    if groups.iter().any(|g| g.id == FEE_GROUP) {
        let mut amount = Signal {
            fired: false,
            quotes: Vec::new(),
        };
        fee_matches.sort_unstable();
        for (start, end) in fee_matches {
            if amount.fired && !keep {
                break;
            }
            // Look in the original text (separators and currency signs intact),
            // near the match and within its sentence.
            let (sentence_start, sentence_end) = folded.sentence(start, end, QUOTE_CONTEXT);
            let from = char_floor(original, folded.origin[start].saturating_sub(QUOTE_CONTEXT))
                .max(folded.origin[sentence_start]);
            let to = char_floor(
                original,
                (folded.origin[end] + QUOTE_CONTEXT).min(original.len()),
            )
            .min(folded.origin[sentence_end]);
            if from < to && has_amount(&original[from..to].to_ascii_lowercase()) {
                amount.fired = true;
                if keep && amount.quotes.len() < MAX_QUOTES {
                    amount.quotes.push(quote(original, &folded, start, end));
                }
            }
        }
        out.push((Text::from("offer_fee_amount"), amount));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<PhraseGroup> {
        vec![
            PhraseGroup {
                id: "offer_fee".into(),
                title: "fees".into(),
                patterns: vec![
                    "deposit".into(),
                    "registration fee".into(),
                    "ada ya usajili".into(),
                ],
                negations: vec!["never".into(), "no".into(), "hakuna".into()],
            },
            PhraseGroup {
                id: "offer_military".into(),
                title: "military".into(),
                patterns: vec!["army".into(), "special operation".into()],
                negations: vec![],
            },
        ]
    }

    /// The signals that fire on `text`; the same whether quotes are kept or not.
    fn fired(text: &str) -> Vec<String> {
        let run = |quotes| {
            signals(&groups(), &PhraseMatcher::new(&groups()), text, quotes)
                .into_iter()
                .filter(|(_, s)| s.fired)
                .collect::<Vec<_>>()
        };
        let unquoted = run(Quotes::Skip);
        assert!(unquoted.iter().all(|(_, s)| s.quotes.is_empty()));
        let ids = |found: Vec<(Text, Signal)>| -> Vec<String> {
            found.into_iter().map(|(id, _)| id.to_string()).collect()
        };
        let ids_unquoted = ids(unquoted);
        assert_eq!(ids(run(Quotes::Keep)), ids_unquoted, "{text}");
        ids_unquoted
    }

    /// Whole words in any case, across line breaks and extra spaces; quotes keep context.
    #[test]
    fn phrases_match_whole_words() {
        assert_eq!(
            fired("Pay a DEPOSIT of KSh 50,000 today"),
            ["offer_fee", "offer_fee_amount"]
        );
        assert_eq!(
            fired("registration\n   fee required"),
            Vec::<String>::new(),
            "a line break ends a phrase"
        );
        assert_eq!(
            fired("Registration   fee: 5000/="),
            ["offer_fee", "offer_fee_amount"]
        );
        assert_eq!(fired("Lipa ada ya usajili sasa"), ["offer_fee"]);
        assert_eq!(fired("deposits"), Vec::<String>::new(), "whole words only");
        assert_eq!(fired("armyworm control on farms"), Vec::<String>::new());
        assert_eq!(fired("Join the special operation team"), ["offer_military"]);
        let signals = signals(
            &groups(),
            &PhraseMatcher::new(&groups()),
            "Great job in Moscow. Pay a deposit of 50000 now!",
            Quotes::Keep,
        );
        let fee = &signals.iter().find(|(id, _)| id == "offer_fee").unwrap().1;
        assert_eq!(
            fee.quotes,
            ["\"Great job in Moscow. Pay a deposit of 50000 now!\""]
        );
    }

    /// A negation earlier in the same sentence cancels the match; in another sentence it does not.
    #[test]
    fn negations() {
        assert_eq!(fired("We never ask for a deposit."), Vec::<String>::new());
        assert_eq!(
            fired("No registration fee is charged."),
            Vec::<String>::new()
        );
        assert_eq!(fired("Hakuna ada ya usajili."), Vec::<String>::new());
        assert_eq!(
            fired("No experience needed. Pay a deposit of 20000."),
            ["offer_fee", "offer_fee_amount"]
        );
    }

    /// Folding reads ASCII byte by byte and decodes anything else: the same
    /// text and offsets as folding character by character (the reference
    /// below, the code before), on the advert fixtures and odd text.
    #[test]
    fn folding_bytes_is_folding_characters() {
        fn by_characters(original: &str) -> (String, Vec<usize>) {
            let mut text = String::new();
            let mut origin = Vec::new();
            let mut pending: Option<(char, usize)> = None;
            let mut chars = original.char_indices().peekable();
            let mut previous = ' ';
            while let Some((offset, ch)) = chars.next() {
                let next = chars.peek().map_or(' ', |(_, c)| *c);
                if ch.is_alphanumeric() {
                    if let Some((kind, at)) = pending.take()
                        && !text.is_empty()
                    {
                        text.push(kind);
                        origin.push(at);
                    }
                    let lower = ch.to_ascii_lowercase();
                    origin.extend(std::iter::repeat_n(offset, lower.len_utf8()));
                    text.push(lower);
                } else {
                    let decimal = ch == '.' && previous.is_ascii_digit() && next.is_ascii_digit();
                    let kind = if matches!(ch, '.' | '!' | '?' | ';' | '\n') && !decimal {
                        '\n'
                    } else {
                        ' '
                    };
                    pending = match pending {
                        Some(('\n', at)) => Some(('\n', at)),
                        Some((_, at)) if kind == ' ' => Some((' ', at)),
                        _ => Some((kind, offset)),
                    };
                }
                previous = ch;
            }
            origin.push(original.len());
            (text, origin)
        }
        let dir = &{
            static DIR: std::sync::LazyLock<String> =
                std::sync::LazyLock::new(|| format!("{}/adverts", crate::testing::FIXTURES_DIR));
            DIR.as_str()
        };
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect();
        texts.extend(
            [
                "",
                ".",
                "1.5",
                "KSh 1.5.2 ok",
                "a.1",
                "1.a",
                "é1.5",
                "1.٣",
                "٣.5",
                "x\u{85}.y",
                "İstanbul — ١٢٣ ＵＳＤ; Ω!",
                "  many   spaces\n\nand lines ",
                "end.",
                "ﬁ 50000 deposit…",
                "\u{0}\u{1b}[31m",
            ]
            .map(String::from),
        );
        for text in &texts {
            let folded = Folded::new(text);
            assert_eq!(
                (folded.text, folded.origin),
                by_characters(text),
                "{text:?}"
            );
        }
    }

    /// Hostile text: huge, control characters, look-alike letters, lone marks: no panic.
    #[test]
    fn hostile_text() {
        let big = "deposit ".repeat(12_800);
        let cases = [
            big.as_str(),
            "",
            "\u{0}\u{1b}[31mdeposit\u{7}",
            "dеposit (Cyrillic e)",
            "İİİ deposit ﬁ 50000",
            "̀́̂",
        ];
        for text in cases {
            let _ = signals(
                &groups(),
                &PhraseMatcher::new(&groups()),
                text,
                Quotes::Keep,
            );
        }
        assert_eq!(
            fired("\u{0}deposit\u{0} 100"),
            ["offer_fee", "offer_fee_amount"]
        );
        let quotes = &signals(
            &groups(),
            &PhraseMatcher::new(&groups()),
            &big,
            Quotes::Keep,
        )[0]
        .1
        .quotes;
        assert_eq!(
            quotes.len(),
            MAX_QUOTES,
            "at most {MAX_QUOTES} quotes, however many matches"
        );
    }
}

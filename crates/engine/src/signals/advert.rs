//! Signals from the advert or message text: phrase groups from the rule
//! files, matched as whole words in any case by one automaton, and money
//! amounts next to fee words. Each match is quoted in its context for the
//! report.
//!
//! The patterns and their notation are those of [`crate::rules::phrases`],
//! compiled once into a [`PhraseMatcher`]; the text is folded as
//! [`crate::fold`] says.
//!
//! A group's negations count only in the few words before a match, in the
//! same sentence and clause, and not when the negation is itself part of
//! another group's match ("No experience needed, pay a registration fee":
//! the "no" belongs to "no experience"). A group's `negations_after` count
//! in the few words after a match ("processing fee does not apply"), and
//! its `negations_in_sentence` anywhere before it in the sentence ("may not
//! require you to pay ..., the application fees"). A
//! match inside one of the group's `exceptions` ("vita vya bei", a price
//! war) is dropped. `context_patterns` count only when one of the groups
//! named in `context` fired in the same text ("customer care" with
//! Thailand).

use aho_corasick::Input;
use aho_corasick::automaton::Automaton;

use super::{QUOTE_CONTEXT, Quotes};
use crate::answers::Signal;
use crate::fold::Folded;
use crate::rules::phrases::{AmountWords, PhraseMatcher, Role};
use crate::rules::{PhraseGroup, SignalLists, Text};

/// How many words before a match, in the same sentence and clause, a
/// negation may stand ("we never charge a deposit").
const NEGATION_WORDS: usize = 5;
/// How many words after a match, in the same clause, a `negations_after`
/// phrase may start ("registration fee does not apply").
const NEGATION_WORDS_AFTER: usize = 3;
/// How many quotes a signal keeps.
const MAX_QUOTES: usize = 3;
/// The phrase group whose matches `offer_fee_amount` looks next to.
const FEE_GROUP: &str = "offer_fee";
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

/// Whether the folded byte is a word separator.
fn is_gap(byte: u8) -> bool {
    byte == b' ' || byte == b'\n'
}

/// Money amounts in folded text, as sorted folded ranges: a number next to
/// a currency word or sign, a number with a suffix (`5k`), a currency word
/// with the number run in (`sh2000`), a number or numeral word with a scale
/// word (`3 million`, `laki mbili`).
fn amounts(
    folded: &Folded,
    original: &str,
    lists: &SignalLists,
    amount_words: &AmountWords,
) -> Vec<(usize, usize)> {
    let has = |list: &[Text], w: &str| list.iter().any(|x| x == w);
    let kind = |w: &str| amount_words.get(w).copied().unwrap_or_default();
    let number = |w: &str| -> Option<bool> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let suffix = &w[digits.len()..];
        if suffix.is_empty() {
            Some(false)
        } else if has(&lists.number_suffixes, suffix) {
            Some(true)
        } else {
            None
        }
    };
    // A currency word with the number run in starts with a letter and ends
    // with a digit or a number suffix; most words are neither, and are
    // passed over before the list is read.
    let run_in = |w: &str| {
        w.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && w.bytes().any(|b| b.is_ascii_digit())
            && lists.currency_words.iter().any(|c| {
                w.len() > c.len() && w.starts_with(c.as_str()) && number(&w[c.len()..]).is_some()
            })
    };
    let currency = |w: &str| kind(w).currency;
    let scale = |w: &str| kind(w).scale;
    let numeral = |w: &str| kind(w).numeral || number(w).is_some();
    let sign = |start: usize, end: usize| {
        let before = original[..folded.origin[start]].trim_end_matches(' ');
        // The word ends in an ASCII digit or suffix letter: one byte.
        let after = original[folded.origin[end - 1] + 1..].trim_start_matches(' ');
        lists
            .currency_signs
            .iter()
            .any(|s| before.ends_with(s.as_str()))
            || lists
                .currency_signs_after
                .iter()
                .any(|s| after.starts_with(s.as_str()))
    };
    let text = folded.text.as_str();
    let mut out = Vec::new();
    // Room for the longest line's words (of five letters and a space).
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 6 + 1);
    let mut line_start = 0;
    for line in text.split('\n') {
        words.clear();
        let mut at = line_start;
        for word in line.split(' ') {
            if !word.is_empty() {
                words.push((at, at + word.len()));
            }
            at += word.len() + 1;
        }
        line_start += line.len() + 1;
        let word = |i: usize| words.get(i).map_or("", |&(s, e)| &text[s..e]);
        let mut i = 0;
        while i < words.len() {
            let w = word(i);
            let core = if run_in(w) {
                Some(if scale(word(i + 1)) { i + 2 } else { i + 1 })
            } else if let Some(suffixed) = number(w) {
                if scale(word(i + 1)) {
                    Some(i + 2)
                } else if suffixed
                    || (i > 0 && currency(word(i - 1)))
                    || currency(word(i + 1))
                    || sign(words[i].0, words[i].1)
                {
                    Some(i + 1)
                } else {
                    None
                }
            } else if scale(w) && numeral(word(i + 1)) {
                Some(i + 2)
            } else {
                None
            };
            if let Some(mut end) = core {
                let mut start = i;
                if start > 0 && currency(word(start - 1)) {
                    start -= 1;
                }
                if currency(word(end)) {
                    end += 1;
                }
                let end = end.min(words.len());
                out.push((words[start].0, words[end - 1].1));
                i = end;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// A match of one literal, checked against its shape.
#[derive(Debug, Clone, Copy)]
struct Hit {
    group: usize,
    role: Role,
    start: usize,
    end: usize,
}

/// The amount of `amounts` that starts at `at`, as its end.
fn amount_from(amounts: &[(usize, usize)], at: usize) -> Option<usize> {
    let i = amounts.partition_point(|&(s, _)| s < at);
    amounts.get(i).filter(|&&(s, _)| s == at).map(|&(_, e)| e)
}

/// The amount of `amounts` that ends at `at`, as its start.
fn amount_to(amounts: &[(usize, usize)], at: usize) -> Option<usize> {
    let i = amounts.partition_point(|&(_, e)| e < at);
    amounts.get(i).filter(|&&(_, e)| e == at).map(|&(s, _)| s)
}

/// Where `words` (a phrase) stands among `near` (words with their
/// ranges), as folded ranges.
fn occurrences<'a>(
    near: &'a [(usize, usize, &'a str)],
    words: &'a [Text],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    near.windows(words.len())
        .filter(move |w| w.iter().zip(words).all(|(a, b)| a.2 == b.as_str()))
        .map(|w| (w[0].0, w[w.len() - 1].1))
}

/// The words of `text[from..to]` with their folded ranges.
fn words_in(text: &str, from: usize, to: usize) -> Vec<(usize, usize, &str)> {
    // Room for words of five letters and a space: one allocation, not one
    // each time the list doubles.
    let mut out = Vec::with_capacity((to - from) / 6 + 1);
    let mut at = from;
    for word in text[from..to].split([' ', '\n']) {
        if !word.is_empty() {
            out.push((at, at + word.len(), word));
        }
        at += word.len() + 1;
    }
    out
}

pub(super) fn signals(
    groups: &[PhraseGroup],
    lists: &SignalLists,
    matcher: &PhraseMatcher,
    original: &str,
    quotes: Quotes,
) -> Vec<(Text, Signal)> {
    let keep = quotes == Quotes::Keep;
    let folded = Folded::new(original, &lists.abbreviations);
    let text = folded.text.as_str();
    let bytes = text.as_bytes();
    let mut amount_spans: Option<Vec<(usize, usize)>> = None;
    let mut hits: Vec<Hit> = Vec::new();
    if let Some(automaton) = &matcher.automaton {
        // Overlapping search fails only for an anchored search or a match
        // kind other than the standard one, neither of which is asked for.
        let found_all = automaton.try_find_overlapping_iter(Input::new(text));
        for found in found_all.into_iter().flatten() {
            let entry = &matcher.entries[found.pattern().as_usize()];
            let (mut start, mut end) = (found.start(), found.end());
            if entry.open_start {
                while start > 0 && !is_gap(bytes[start - 1]) {
                    start -= 1;
                }
            } else if start > 0 && !is_gap(bytes[start - 1]) {
                continue; // Whole words only.
            }
            if entry.open_end {
                while end < bytes.len() && !is_gap(bytes[end]) {
                    end += 1;
                }
            } else if end < bytes.len() && !is_gap(bytes[end]) {
                continue;
            }
            if entry.amount_after || entry.amount_before {
                let spans = amount_spans.get_or_insert_with(|| {
                    amounts(&folded, original, lists, &matcher.amount_words)
                });
                if entry.amount_after {
                    match amount_from(spans, end + 1) {
                        Some(to) if bytes.get(end) == Some(&b' ') => end = to,
                        _ => continue,
                    }
                }
                if entry.amount_before {
                    match start.checked_sub(1).and_then(|at| amount_to(spans, at)) {
                        Some(from) if bytes[start - 1] == b' ' => start = from,
                        _ => continue,
                    }
                }
            }
            hits.push(Hit {
                group: entry.group,
                role: entry.role,
                start,
                end,
            });
        }
    }
    // A match inside one of its group's exceptions is no match.
    let exceptions: Vec<Hit> = hits
        .iter()
        .filter(|h| h.role == Role::Exception)
        .copied()
        .collect();
    if !exceptions.is_empty() {
        hits.retain(|h| {
            h.role != Role::Exception
                && !exceptions
                    .iter()
                    .any(|x| x.group == h.group && x.start <= h.start && h.end <= x.end)
        });
    }
    hits.sort_unstable_by_key(|h| (h.start, h.end));
    // Whether another group's match covers `start..end` (a negation word
    // that is part of "no experience" negates nothing else).
    let covered = |group: usize, start: usize, end: usize| {
        let upto = hits.partition_point(|h| h.start <= start);
        hits[..upto]
            .iter()
            .rev()
            .take(64)
            .any(|h| h.group != group && h.end >= end)
    };
    let negated = |hit: &Hit| -> bool {
        let before = &matcher.negations[hit.group];
        let after = &matcher.negations_after[hit.group];
        let sentence = &matcher.negations_in_sentence[hit.group];
        if before.is_empty() && after.is_empty() && sentence.is_empty() {
            return false;
        }
        if !sentence.is_empty() {
            let (from, _) = folded.sentence(hit.start, hit.end, 600);
            let words = words_in(text, from, hit.start);
            if sentence.iter().any(|negation| {
                occurrences(&words, negation).any(|(s, e)| !covered(hit.group, s, e))
            }) {
                return true;
            }
        }
        // Five words of up to 40 bytes each is far enough.
        let (from, to) = folded.clause(hit.start, hit.end, 200);
        if !before.is_empty() {
            let words = words_in(text, from, hit.start);
            let near = &words[words.len().saturating_sub(NEGATION_WORDS)..];
            if before
                .iter()
                .any(|negation| occurrences(near, negation).any(|(s, e)| !covered(hit.group, s, e)))
            {
                return true;
            }
        }
        if !after.is_empty() {
            let words = words_in(text, hit.end, to);
            let near = &words[..words.len().min(NEGATION_WORDS_AFTER + 3)];
            if after.iter().any(|negation| {
                occurrences(near, negation)
                    .any(|(s, _)| near.iter().position(|w| w.0 == s) < Some(NEGATION_WORDS_AFTER))
            }) {
                return true;
            }
        }
        false
    };
    let mut counted: Vec<bool> = hits
        .iter()
        .map(|h| h.role == Role::Pattern && !negated(h))
        .collect();
    let mut fired = vec![false; groups.len()];
    for (hit, &ok) in hits.iter().zip(&counted) {
        if ok {
            fired[hit.group] = true;
        }
    }
    // Context patterns, group by group in file order, once the plain
    // patterns have decided.
    for (group, context) in matcher.context.iter().enumerate() {
        if context.is_empty() || !context.iter().any(|&c| fired[c]) {
            continue;
        }
        for (i, hit) in hits.iter().enumerate() {
            if hit.group == group && hit.role == Role::Context && !negated(hit) {
                counted[i] = true;
                fired[group] = true;
            }
        }
    }
    let mut signals: Vec<Signal> = fired
        .iter()
        .map(|&fired| Signal {
            fired,
            quotes: Vec::new(),
        })
        .collect();
    if keep {
        for (hit, _) in hits.iter().zip(&counted).filter(|(_, ok)| **ok) {
            let signal = &mut signals[hit.group];
            if signal.quotes.len() < MAX_QUOTES {
                let q = quote(original, &folded, hit.start, hit.end);
                if !signal.quotes.contains(&q) {
                    signal.quotes.push(q);
                }
            }
        }
    }
    let fee = groups.iter().position(|g| g.id == FEE_GROUP);
    let mut out: Vec<(Text, Signal)> = groups
        .iter()
        .map(|group| group.id.clone())
        .zip(signals)
        .collect();
    if let Some(fee) = fee {
        let mut amount = Signal {
            fired: false,
            quotes: Vec::new(),
        };
        for (hit, _) in hits
            .iter()
            .zip(&counted)
            .filter(|(h, ok)| **ok && h.group == fee)
        {
            if amount.fired && (!keep || amount.quotes.len() >= MAX_QUOTES) {
                break;
            }
            // An amount near the match, within its sentence.
            let (from, to) = folded.sentence(hit.start, hit.end, QUOTE_CONTEXT);
            let spans = amount_spans
                .get_or_insert_with(|| amounts(&folded, original, lists, &matcher.amount_words));
            let first = spans.partition_point(|&(_, e)| e <= from);
            if spans.get(first).is_some_and(|&(s, _)| s < to) {
                amount.fired = true;
                if keep {
                    let q = quote(original, &folded, hit.start, hit.end);
                    if !amount.quotes.contains(&q) {
                        amount.quotes.push(q);
                    }
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
    use crate::rules::phrases::{Shape, expand};

    fn group(id: &str, patterns: &[&str], negations: &[&str]) -> PhraseGroup {
        PhraseGroup {
            id: Text::from(id.to_string()),
            title: Text::from(id.to_string()),
            patterns: patterns.iter().map(|p| Text::from(p.to_string())).collect(),
            negations: negations
                .iter()
                .map(|p| Text::from(p.to_string()))
                .collect(),
            negations_after: Vec::new(),
            negations_in_sentence: Vec::new(),
            exceptions: Vec::new(),
            context_patterns: Vec::new(),
            context: Vec::new(),
        }
    }

    fn groups() -> Vec<PhraseGroup> {
        vec![
            group(
                "offer_fee",
                &["deposit", "registration fee", "ada ya usajili"],
                &["never", "no", "hakuna"],
            ),
            group("offer_military", &["army", "special operation"], &[]),
        ]
    }

    fn lists() -> SignalLists {
        let words = |w: &[&str]| w.iter().map(|x| Text::from(x.to_string())).collect();
        SignalLists {
            currency_words: words(&["ksh", "sh", "bob", "usd", "shilingi"]),
            currency_signs: words(&["$"]),
            currency_signs_after: words(&["/="]),
            amount_scales: words(&["laki", "elfu", "million"]),
            amount_numerals: words(&["mbili", "hamsini"]),
            number_suffixes: words(&["k"]),
            abbreviations: words(&["ksh"]),
            ..SignalLists::default()
        }
    }

    /// The signals that fire on `text` with `groups`; the same whether
    /// quotes are kept or not, and every one that fires quotes something.
    fn fired_with(groups: &[PhraseGroup], text: &str) -> Vec<String> {
        let matcher = PhraseMatcher::new(groups, &lists());
        let run = |quotes| {
            signals(groups, &lists(), &matcher, text, quotes)
                .into_iter()
                .filter(|(_, s)| s.fired)
                .collect::<Vec<_>>()
        };
        let unquoted = run(Quotes::Skip);
        assert!(unquoted.iter().all(|(_, s)| s.quotes.is_empty()));
        let quoted = run(Quotes::Keep);
        assert!(quoted.iter().all(|(_, s)| !s.quotes.is_empty()), "{text}");
        let ids = |found: Vec<(Text, Signal)>| -> Vec<String> {
            found.into_iter().map(|(id, _)| id.to_string()).collect()
        };
        let ids_unquoted = ids(unquoted);
        assert_eq!(ids(quoted), ids_unquoted, "{text}");
        ids_unquoted
    }

    fn fired(text: &str) -> Vec<String> {
        fired_with(&groups(), text)
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
            &lists(),
            &PhraseMatcher::new(&groups(), &lists()),
            "Great job in Moscow. Pay a deposit of 50000 now!",
            Quotes::Keep,
        );
        let fee = &signals.iter().find(|(id, _)| id == "offer_fee").unwrap().1;
        assert_eq!(
            fee.quotes,
            ["\"Great job in Moscow. Pay a deposit of 50000 now!\""]
        );
    }

    /// A negation a few words before, in the same sentence and clause,
    /// cancels the match; in another sentence or clause, or when it is part
    /// of another group's phrase, it does not.
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
            ["offer_fee"],
            "20000 alone is no amount"
        );
        assert_eq!(
            fired("No experience needed, pay a deposit of KSh 20,000."),
            ["offer_fee", "offer_fee_amount"],
            "a comma ends the negation's reach"
        );
        let mut with_experience = groups();
        with_experience.push(group(
            "offer_no_experience",
            &["no experience", "hakuna uzoefu"],
            &[],
        ));
        assert_eq!(
            fired_with(
                &with_experience,
                "No experience needed pay registration fee of KSh 2,000"
            ),
            ["offer_fee", "offer_no_experience", "offer_fee_amount"],
            "the \"no\" belongs to \"no experience\""
        );
        assert_eq!(
            fired_with(&with_experience, "Hakuna uzoefu lipa ada ya usajili"),
            ["offer_fee", "offer_no_experience"]
        );
        let mut after = groups();
        after[0].negations_after = vec!["does not apply".into()];
        after[0].negations_in_sentence = vec!["may not require you to pay".into()];
        assert_eq!(
            fired_with(&after, "The registration fee does not apply to farm jobs."),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(
                &after,
                "Your employer may not require you to pay, either directly or indirectly, a deposit."
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(&after, "Pay the deposit, it does not apply later."),
            ["offer_fee"],
            "only within the clause after the match"
        );
    }

    /// The notation: choices, optional words, stems and amounts.
    #[test]
    fn pattern_notation() {
        let shapes = expand("(pay|send) [me] {amount}").unwrap();
        let literals: Vec<&str> = shapes.iter().map(|s| s.literal.as_str()).collect();
        assert_eq!(literals, ["pay me", "pay", "send me", "send"]);
        assert!(shapes.iter().all(|s| s.amount_after && !s.amount_before));
        assert_eq!(
            expand("*tuma pesa").unwrap(),
            [Shape {
                literal: "tuma pesa".into(),
                open_start: true,
                open_end: false,
                amount_before: false,
                amount_after: false,
            }]
        );
        for bad in [
            "(pay|send",
            "pay]",
            "{money} fee",
            "fee {amount} now",
            "{amount}",
            "*tum",
            "pay *tuma",
            "tuma* pesa",
            "*tuma* {amount}",
            "fee {amount}*",
            "(a|b) (c|d) (e|f) (g|h) (i|j) (k|l) (m|n) (o|p) (q|r)",
            "()",
            "a. b",
        ] {
            assert!(expand(bad).is_err(), "{bad}");
        }
        let kiswahili = vec![
            group(
                "offer_fee",
                &[
                    "*tuma {amount}",
                    "(*tuma|utume) pesa",
                    "fee ya (usajili|registration)",
                ],
                &["hakuna", "usilipe"],
            ),
            group(
                "offer_payment_channel",
                &[
                    "(m pesa|mpesa)",
                    "pay bill",
                    "paybill",
                    "till (number|namba)",
                    "buy goods",
                ],
                &[],
            ),
        ];
        for text in [
            "Utatuma 300k leo",
            "kutuma Sh 2000",
            "Tuma laki mbili",
            "utatuma shilingi elfu hamsini",
            "Utume pesa ya visa",
            "Lipa fee ya usajili",
        ] {
            assert!(
                fired_with(&kiswahili, text).contains(&"offer_fee".to_string()),
                "{text}"
            );
        }
        for text in [
            "Tumaini ni 300k",
            "tumatuma",
            "Hakuna fee ya usajili",
            "tuma barua",
        ] {
            assert!(
                !fired_with(&kiswahili, text).contains(&"offer_fee".to_string()),
                "{text}"
            );
        }
        for text in [
            "M-PESA",
            "M-Pesa",
            "Mpesa",
            "Pay Bill 123",
            "paybill",
            "till namba",
            "Buy Goods",
        ] {
            assert_eq!(
                fired_with(&kiswahili, text),
                ["offer_payment_channel"],
                "{text}"
            );
        }
    }

    /// Amounts as written, and numbers that are not money.
    #[test]
    fn amounts_as_written() {
        let fee = vec![group("offer_fee", &["pay {amount}"], &[])];
        for text in [
            "Pay KSh 2,000",
            "pay Sh 2000",
            "pay Sh2000",
            "pay 5k",
            "Pay 100K",
            "pay laki mbili",
            "pay 500 bob",
            "pay $1,000",
            "pay 5,000/=",
            "pay Ksh. 450",
            "pay 3 million",
            "pay elfu hamsini",
        ] {
            assert_eq!(
                fired_with(&fee, text),
                ["offer_fee", "offer_fee_amount"],
                "{text}"
            );
        }
        for text in ["pay 2025", "pay 18 to 22", "pay attention", "pay 5km"] {
            assert_eq!(fired_with(&fee, text), Vec::<String>::new(), "{text}");
        }
    }

    /// Exceptions drop a match inside them; context patterns count only
    /// with a context group in the same text.
    #[test]
    fn exceptions_and_context() {
        let mut war = group("offer_military", &["vita", "drones", "military"], &[]);
        war.exceptions = vec![
            "vita (vya|ya) bei".into(),
            "(farm|crop) drones".into(),
            "(ex|former) military".into(),
        ];
        let mut place = group("offer_sea_gateway", &["thailand"], &[]);
        place.title = "place".into();
        let mut job = group("offer_scam_compound_job", &["online gambling"], &[]);
        job.context_patterns = vec!["customer care".into()];
        job.context = vec!["offer_sea_gateway".into()];
        let all = vec![war, place, job];
        assert_eq!(
            fired_with(&all, "Vita vya bei madukani"),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(&all, "Farm drones for crop spraying"),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(&all, "Ex-military welcome"),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(&all, "Vita vya bei, then war: vita"),
            ["offer_military"]
        );
        assert_eq!(
            fired_with(&all, "Customer care jobs in Nairobi"),
            Vec::<String>::new()
        );
        assert_eq!(
            fired_with(&all, "Customer care jobs.\nOffice in Thailand."),
            ["offer_sea_gateway", "offer_scam_compound_job"]
        );
        assert_eq!(
            fired_with(&all, "Online gambling operator"),
            ["offer_scam_compound_job"]
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
                    if matches!(ch, ',' | '.')
                        && previous.is_ascii_digit()
                        && next.is_ascii_digit()
                        && pending.is_none()
                    {
                        continue;
                    }
                    let kind = if matches!(ch, '.' | '!' | '?' | ';' | '\n') {
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
            let folded = Folded::new(text, &[]);
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
                &lists(),
                &PhraseMatcher::new(&groups(), &lists()),
                text,
                Quotes::Keep,
            );
        }
        assert_eq!(
            fired("\u{0}deposit\u{0} KSh 100"),
            ["offer_fee", "offer_fee_amount"]
        );
        let quotes = &signals(
            &groups(),
            &lists(),
            &PhraseMatcher::new(&groups(), &lists()),
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

//! Signals from the advert or message text: phrase groups from the rule
//! files, matched as whole words in any case by one automaton, and money
//! amounts next to fee words. Each match is quoted in its context for the
//! report.
//!
//! A pattern is words as the text reads once folded (lowercase letters and
//! digits, single spaces), with a little notation that is expanded when the
//! matcher is built, so the text is still read once however many ways a
//! phrase is written:
//!
//! - `(a|b)`: one of several words or phrases; `[a]` or `[a|b]`: optional;
//! - `*tuma`: a word ending in `tuma` (Kiswahili puts subject and tense
//!   before the stem: utatuma, kutuma), allowed on the first word only;
//!   `lipi*`: a word starting with `lipi` (lipia, lipiwa), on the last word
//!   only; the fixed part of such a word has at least [`MIN_STEM`] letters;
//! - `{amount}`: a money amount as written (KSh 2,000, Sh2000, 5k, laki
//!   mbili, 500 bob), at the start or end of a pattern; the currency,
//!   number and scale words come from `[lists]`.
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

use std::collections::HashMap;

use aho_corasick::Input;
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;

use super::{QUOTE_CONTEXT, Quotes};
use crate::answers::Signal;
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
/// The fewest letters the fixed part of a `*stem` or `stem*` word may have:
/// shorter stems match unrelated words.
pub const MIN_STEM: usize = 4;
/// The most ways one pattern may expand to.
pub const MAX_VARIANTS: usize = 256;

/// Folds text the way patterns are written: ASCII lowercase letters and
/// digits, every other run of characters one space, and a sentence end
/// (`.` `!` `?` `;` or a line break) one newline, so a phrase never matches
/// across sentences. A `,` or `.` between digits (`2,000`, `1.5`) is
/// dropped, so a number stays one word.
pub(crate) fn fold(text: &str) -> String {
    // Most pattern words are already folded: lowercase ASCII letters and digits.
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return text.to_string();
    }
    Folded::new(text, &[]).text
}

/// Folded text with each folded byte's offset in the original.
struct Folded {
    text: String,
    origin: Vec<usize>,
    /// Folded offsets of the spaces that stand for a clause break (`,` `:`
    /// `(` `)`), which end a negation's reach.
    breaks: Vec<usize>,
}

impl Folded {
    /// Folds `original`; a `.` right after one of `abbreviations` ("Ksh.",
    /// "St.") does not end the sentence.
    fn new(original: &str, abbreviations: &[Text]) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut breaks = Vec::new();
        // The separator to write before the next word: its kind (' ' or
        // '\n'), where it starts, and whether it holds a clause break.
        let mut pending: Option<(char, usize, bool)> = None;
        let bytes = original.as_bytes();
        let mut offset = 0;
        let mut previous_digit = false;
        let mut word_start = 0;
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
                if let Some((kind, at, clause)) = pending.take()
                    && !text.is_empty()
                {
                    if clause && kind == ' ' {
                        breaks.push(text.len());
                    }
                    text.push(kind);
                    origin.push(at);
                }
                if text.is_empty() || text.ends_with([' ', '\n']) {
                    word_start = text.len();
                }
                origin.extend(std::iter::repeat_n(offset, width));
                text.push(ch.to_ascii_lowercase());
                previous_digit = ch.is_ascii_digit();
            } else {
                // A separator between digits (`2,000`, `1.5`): the next
                // character is a digit exactly when the next byte is one.
                let next_digit = bytes.get(offset + 1).is_some_and(u8::is_ascii_digit);
                if matches!(ch, ',' | '.') && previous_digit && next_digit && pending.is_none() {
                    offset += width;
                    continue;
                }
                let abbreviation = ch == '.'
                    && pending.is_none()
                    && !text.is_empty()
                    && abbreviations.iter().any(|a| *a == text[word_start..]);
                let kind = if matches!(ch, '.' | '!' | '?' | ';' | '\n') && !abbreviation {
                    '\n'
                } else {
                    ' '
                };
                let clause = matches!(ch, ',' | ':' | '(' | ')');
                pending = match pending {
                    Some(('\n', at, c)) => Some(('\n', at, c || clause)),
                    Some((_, at, c)) if kind == ' ' => Some((' ', at, c || clause)),
                    Some((_, _, c)) => Some((kind, offset, c || clause)),
                    None => Some((kind, offset, clause)),
                };
                previous_digit = false;
            }
            offset += width;
        }
        origin.push(original.len());
        Folded {
            text,
            origin,
            breaks,
        }
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

    /// The folded range of the clause around `start..end`: its sentence,
    /// cut at the nearest clause breaks.
    fn clause(&self, start: usize, end: usize, reach: usize) -> (usize, usize) {
        let (mut from, mut to) = self.sentence(start, end, reach);
        let before = self.breaks.partition_point(|&b| b < start);
        if let Some(&b) = before.checked_sub(1).and_then(|i| self.breaks.get(i)) {
            from = from.max(b + 1);
        }
        if let Some(&b) = self.breaks.get(self.breaks.partition_point(|&b| b < end)) {
            to = to.min(b);
        }
        (from, to)
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

/// Whether the folded byte is a word separator.
fn is_gap(byte: u8) -> bool {
    byte == b' ' || byte == b'\n'
}

/// One way a pattern is written, once expanded: the words the automaton
/// looks for and what must surround them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Shape {
    /// Folded words, single spaces.
    pub literal: String,
    /// `*stem`: the first word may have letters before the literal.
    pub open_start: bool,
    /// `stem*`: the last word may have letters after the literal.
    pub open_end: bool,
    /// `{amount}` first: an amount ends right before the literal.
    pub amount_before: bool,
    /// `{amount}` last: an amount starts right after the literal.
    pub amount_after: bool,
}

/// One position of a pattern before expansion: a word, by its index in
/// the pattern's [`Word`] table, or the amount class.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Word(usize),
    Amount,
}

/// A word of a pattern, checked and folded once however many variants
/// it appears in.
#[derive(Debug)]
struct Word {
    /// As written, for messages.
    raw: String,
    /// Written `*stem`.
    open_start: bool,
    /// Written `stem*`.
    open_end: bool,
    /// The stem folded (lowercase letters and digits, single spaces).
    folded: String,
}

/// Checks and folds one word as written; where a `*` may stand is
/// checked per variant, in [`shape_of`].
fn word_of(raw: &str) -> Result<Word, String> {
    let (open_start, rest) = match raw.strip_prefix('*') {
        Some(stem) => (true, stem),
        None => (false, raw),
    };
    let (open_end, stem) = match rest.strip_suffix('*') {
        Some(stem) => (true, stem),
        None => (false, rest),
    };
    if stem.contains(['.', '!', '?', ';']) {
        return Err(format!(
            "`{stem}` spans two sentences (`.`, `!`, `?` and `;` end a sentence)"
        ));
    }
    if stem.contains('*') {
        return Err(format!("`{stem}`: `*` only at the start or end of a word"));
    }
    let folded = fold(stem);
    if folded.is_empty() {
        return Err(format!("`{stem}` has no letters or digits"));
    }
    if folded.contains('\n') {
        return Err(format!(
            "`{stem}` spans two sentences (`.`, `!`, `?` and `;` end a sentence)"
        ));
    }
    let short = |w: Option<&str>| w.is_some_and(|w| w.chars().count() < MIN_STEM);
    if open_start && short(folded.split(' ').next()) {
        return Err(format!(
            "`*{folded}`: a stem needs at least {MIN_STEM} letters"
        ));
    }
    if open_end && short(folded.split(' ').next_back()) {
        return Err(format!(
            "`{folded}*`: a stem needs at least {MIN_STEM} letters"
        ));
    }
    Ok(Word {
        raw: raw.to_string(),
        open_start,
        open_end,
        folded,
    })
}

/// The words of one option (`a b {amount}`), added to `words`.
fn option_pieces(option: &str, words: &mut Vec<Word>) -> Result<Vec<Piece>, String> {
    option
        .split_whitespace()
        .map(|word| match word {
            "{amount}" => Ok(Piece::Amount),
            w if w.contains(['{', '}', '(', ')', '[', ']', '|']) => Err(format!(
                "`{w}`: brackets and `|` belong in `(a|b)`, `[a]` or `{{amount}}`"
            )),
            w => {
                words.push(word_of(w)?);
                Ok(Piece::Word(words.len() - 1))
            }
        })
        .collect()
}

/// Expands a pattern into its shapes, or says what is wrong with it.
pub(crate) fn expand(pattern: &str) -> Result<Vec<Shape>, String> {
    let pattern = pattern.trim().to_ascii_lowercase();
    let mut words: Vec<Word> = Vec::new();
    // Each slot is a list of options; a word alone is a slot with one option.
    let mut slots: Vec<Vec<Vec<Piece>>> = Vec::new();
    let mut rest = pattern.as_str();
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        match first {
            '(' | '[' => {
                let close = if first == '(' { ')' } else { ']' };
                let Some(end) = rest.find(close) else {
                    return Err(format!("`{first}` without its `{close}`"));
                };
                let inner = &rest[1..end];
                if inner.contains(['(', '[', ')', ']']) {
                    return Err("brackets inside brackets".into());
                }
                let mut options = Vec::new();
                for option in inner.split('|') {
                    let pieces = option_pieces(option, &mut words)?;
                    if pieces.is_empty() {
                        return Err(format!("an empty choice in `{}`", &rest[..=end]));
                    }
                    options.push(pieces);
                }
                if first == '[' {
                    options.push(Vec::new());
                }
                slots.push(options);
                rest = &rest[end + 1..];
            }
            '{' => {
                let Some(end) = rest.find('}') else {
                    return Err("`{` without its `}`".into());
                };
                if &rest[..=end] != "{amount}" {
                    return Err(format!(
                        "`{}`: the only class is `{{amount}}`",
                        &rest[..=end]
                    ));
                }
                slots.push(vec![vec![Piece::Amount]]);
                rest = &rest[end + 1..];
            }
            ')' | ']' | '}' | '|' => return Err(format!("`{first}` without its opening")),
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '{'))
                    .unwrap_or(rest.len());
                let pieces = option_pieces(&rest[..end], &mut words)?;
                if !pieces.is_empty() {
                    slots.push(vec![pieces]);
                }
                rest = &rest[end..];
            }
        }
    }
    let mut variants: Vec<Vec<Piece>> = vec![Vec::new()];
    for slot in &slots {
        if variants.len().saturating_mul(slot.len()) > MAX_VARIANTS {
            return Err(format!(
                "more than {MAX_VARIANTS} ways to write it; split it into several patterns"
            ));
        }
        variants = variants
            .iter()
            .flat_map(|v| {
                slot.iter().map(move |option| {
                    let mut next = v.clone();
                    next.extend_from_slice(option);
                    next
                })
            })
            .collect();
    }
    let mut shapes: Vec<Shape> = Vec::with_capacity(variants.len());
    let mut seen = std::collections::HashSet::with_capacity(variants.len());
    for pieces in variants {
        let shape = shape_of(&words, &pieces)?;
        if seen.insert(shape.clone()) {
            shapes.push(shape);
        }
    }
    if shapes.is_empty() {
        return Err("no words".into());
    }
    Ok(shapes)
}

/// The shape of one expanded pattern.
fn shape_of(table: &[Word], pieces: &[Piece]) -> Result<Shape, String> {
    let amount_before = matches!(pieces.first(), Some(Piece::Amount));
    let amount_after = pieces.len() > 1 && matches!(pieces.last(), Some(Piece::Amount));
    let inner = &pieces[usize::from(amount_before)..pieces.len() - usize::from(amount_after)];
    let mut words = Vec::with_capacity(inner.len());
    for piece in inner {
        match piece {
            Piece::Amount => return Err("`{amount}` only at the start or the end".into()),
            Piece::Word(index) => words.push(&table[*index]),
        }
    }
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Err("a pattern needs at least one word besides `{amount}`".into());
    };
    for (i, word) in words.iter().enumerate() {
        if word.open_start && (i != 0 || amount_before) {
            return Err(format!(
                "`{}`: `*stem` only on the first word, with no `{{amount}}` before it",
                word.raw
            ));
        }
        if word.open_end && (i != words.len() - 1 || amount_after) {
            return Err(format!(
                "`{}`: `stem*` only on the last word, with no `{{amount}}` after it",
                word.raw
            ));
        }
    }
    let mut literal = String::with_capacity(words.iter().map(|w| w.folded.len() + 1).sum());
    for word in &words {
        if !literal.is_empty() {
            literal.push(' ');
        }
        literal.push_str(&word.folded);
    }
    Ok(Shape {
        literal,
        open_start: first.open_start,
        open_end: last.open_end,
        amount_before,
        amount_after,
    })
}

/// What a pattern of the automaton is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Pattern,
    Context,
    Exception,
}

/// One literal of the automaton: its group, role and shape.
#[derive(Debug, Clone)]
struct Entry {
    group: usize,
    role: Role,
    open_start: bool,
    open_end: bool,
    amount_before: bool,
    amount_after: bool,
}

/// Every pattern of every phrase group in one automaton, so an advert is
/// read once however many patterns there are.
///
/// The automaton is aho-corasick's contiguous NFA, named rather than
/// chosen at run time by `AhoCorasick`: that is the kind `AhoCorasick`
/// would choose for the default rules' hundreds of patterns (a DFA only for
/// a hundred or fewer), with the same matches, and naming it keeps the code
/// of the other kinds out of the web page's WebAssembly.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    automaton: Option<NFA>,
    /// For each pattern of the automaton, what it is for.
    entries: Vec<Entry>,
    /// For each group, its negations split into words.
    negations: Vec<Vec<Vec<Text>>>,
    /// For each group, its `negations_after` split into words.
    negations_after: Vec<Vec<Vec<Text>>>,
    /// For each group, its `negations_in_sentence` split into words.
    negations_in_sentence: Vec<Vec<Vec<Text>>>,
    /// For each group, the indices of its context groups.
    context: Vec<Vec<usize>>,
    /// The words of written amounts (`[lists]`), by what each can be.
    amount_words: AmountWords,
}

/// What a word can be in a written amount: a currency word ("ksh"), a
/// scale word ("laki", "million") or a numeral word ("mbili"). Looked up
/// by hash, since every word of an advert is checked.
type AmountWords = HashMap<Box<str>, AmountWord, crate::rules::IdHash>;

#[derive(Debug, Clone, Copy, Default)]
struct AmountWord {
    currency: bool,
    scale: bool,
    numeral: bool,
}

/// The amount words of `lists`.
fn amount_words(lists: &SignalLists) -> AmountWords {
    let mut words = AmountWords::default();
    let mut mark = |list: &[Text], set: fn(&mut AmountWord)| {
        for word in list {
            set(words.entry(word.as_str().into()).or_default());
        }
    };
    mark(&lists.currency_words, |w| w.currency = true);
    mark(&lists.amount_scales, |w| w.scale = true);
    mark(&lists.amount_numerals, |w| w.numeral = true);
    words
}

impl PhraseMatcher {
    /// Compiles the patterns of `groups` (checked when the rules were
    /// loaded; a pattern that does not expand is left out), with the amount
    /// words of `lists`.
    pub fn new(groups: &[PhraseGroup], lists: &SignalLists) -> PhraseMatcher {
        let mut literals = Vec::new();
        let mut entries = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            for (role, patterns) in [
                (Role::Pattern, &group.patterns),
                (Role::Context, &group.context_patterns),
                (Role::Exception, &group.exceptions),
            ] {
                for pattern in patterns {
                    for shape in expand(pattern).unwrap_or_default() {
                        literals.push(shape.literal);
                        entries.push(Entry {
                            group: index,
                            role,
                            open_start: shape.open_start,
                            open_end: shape.open_end,
                            amount_before: shape.amount_before,
                            amount_after: shape.amount_after,
                        });
                    }
                }
            }
        }
        let split = |list: &[Text]| -> Vec<Vec<Text>> {
            list.iter()
                .map(|n| n.split(' ').map(|w| Text::from(w.to_string())).collect())
                .collect()
        };
        // Building can only fail past aho-corasick's size limits, far above
        // the loader's limits on patterns; without an automaton nothing matches.
        let automaton = NFA::new(&literals).ok();
        PhraseMatcher {
            automaton,
            entries,
            negations: groups.iter().map(|g| split(&g.negations)).collect(),
            negations_after: groups.iter().map(|g| split(&g.negations_after)).collect(),
            negations_in_sentence: groups
                .iter()
                .map(|g| split(&g.negations_in_sentence))
                .collect(),
            context: groups
                .iter()
                .map(|g| {
                    g.context
                        .iter()
                        .filter_map(|id| groups.iter().position(|o| o.id == *id))
                        .collect()
                })
                .collect(),
            amount_words: amount_words(lists),
        }
    }
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
    let mut out = Vec::new();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let text = folded.text.as_str();
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
    let mut out = Vec::new();
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

//! The phrase-pattern language of the rule files, and the phrase groups
//! compiled from it into one matcher (used by `crate::signals`' advert
//! checks).
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

use std::collections::HashMap;

use aho_corasick::nfa::contiguous::NFA;

use crate::fold::fold;
use crate::rules::{PhraseGroup, SignalLists, Text};

/// The fewest letters the fixed part of a `*stem` or `stem*` word may have:
/// shorter stems match unrelated words.
pub const MIN_STEM: usize = 4;
/// The most ways one pattern may expand to.
pub const MAX_VARIANTS: usize = 256;

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
pub(crate) enum Role {
    Pattern,
    Context,
    Exception,
}

/// One literal of the automaton: its group, role and shape.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) group: usize,
    pub(crate) role: Role,
    pub(crate) open_start: bool,
    pub(crate) open_end: bool,
    pub(crate) amount_before: bool,
    pub(crate) amount_after: bool,
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
    pub(crate) automaton: Option<NFA>,
    /// For each pattern of the automaton, what it is for.
    pub(crate) entries: Vec<Entry>,
    /// For each group, its negations split into words.
    pub(crate) negations: Vec<Vec<Vec<Text>>>,
    /// For each group, its `negations_after` split into words.
    pub(crate) negations_after: Vec<Vec<Vec<Text>>>,
    /// For each group, its `negations_in_sentence` split into words.
    pub(crate) negations_in_sentence: Vec<Vec<Vec<Text>>>,
    /// For each group, the indices of its context groups.
    pub(crate) context: Vec<Vec<usize>>,
    /// The words of written amounts (`[lists]`), by what each can be.
    pub(crate) amount_words: AmountWords,
}

/// What a word can be in a written amount: a currency word ("ksh"), a
/// scale word ("laki", "million") or a numeral word ("mbili"). Looked up
/// by hash, since every word of an advert is checked.
pub(crate) type AmountWords = HashMap<Box<str>, AmountWord, crate::rules::IdHash>;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AmountWord {
    pub(crate) currency: bool,
    pub(crate) scale: bool,
    pub(crate) numeral: bool,
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

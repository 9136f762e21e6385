//! Text folded for matching, the same way for an advert and for the rule
//! files' patterns: ASCII lowercase letters and digits, every other run of
//! characters one space, a sentence end one newline; an advert's folded
//! text keeps each byte's place in the original, so that a match is quoted
//! as it was written.

use crate::strings::Text;

/// Folds text the way patterns are written: ASCII lowercase letters and
/// digits, every other run of characters one space, and a sentence end
/// (`.` `!` `?` `;` or a line break) one newline, so a phrase never matches
/// across sentences. A `,` or `.` between digits (`2,000`, `1.5`) is
/// dropped, so a number stays one word.
pub fn fold(text: &str) -> String {
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
pub(crate) struct Folded {
    pub(crate) text: String,
    pub(crate) origin: Vec<usize>,
    /// Folded offsets of the spaces that stand for a clause break (`,` `:`
    /// `(` `)`), which end a negation's reach.
    pub(crate) breaks: Vec<usize>,
}

impl Folded {
    /// Folds `original`; a `.` right after one of `abbreviations` ("Ksh.",
    /// "St.") does not end the sentence.
    pub(crate) fn new(original: &str, abbreviations: &[Text]) -> Folded {
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
            let (ch, alphanumeric) = if byte.is_ascii() {
                (char::from(byte), byte.is_ascii_alphanumeric())
            } else {
                match original[offset..].chars().next() {
                    Some(ch) => (ch, ch.is_alphanumeric()),
                    None => break,
                }
            };
            let width = ch.len_utf8();
            if alphanumeric {
                if let Some((kind, at, clause)) = pending.take()
                    && !text.is_empty()
                {
                    if clause && kind == ' ' {
                        breaks.push(text.len());
                    }
                    text.push(kind);
                    origin.push(at);
                    // A separator is written only before a word.
                    word_start = text.len();
                }
                if width == 1 {
                    // The whole run of ASCII letters and digits at once.
                    let run = bytes[offset..]
                        .iter()
                        .position(|b| !b.is_ascii_alphanumeric())
                        .map_or(bytes.len(), |n| offset + n);
                    let at = text.len();
                    text.push_str(&original[offset..run]);
                    text[at..].make_ascii_lowercase();
                    origin.extend(offset..run);
                    previous_digit = bytes[run - 1].is_ascii_digit();
                    offset = run;
                    continue;
                }
                origin.extend(std::iter::repeat_n(offset, width));
                text.push(ch);
                previous_digit = false;
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
    pub(crate) fn sentence(&self, start: usize, end: usize, reach: usize) -> (usize, usize) {
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
    pub(crate) fn clause(&self, start: usize, end: usize, reach: usize) -> (usize, usize) {
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

/// The largest character boundary of `text` at or before `index`.
pub(crate) fn char_floor(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

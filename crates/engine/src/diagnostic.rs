//! Problems found in input files, with their place, and how they are shown.
//!
//! Every error a user can cause names the file (or flag), the line and column
//! where there is one, what was expected, and what to do.

use std::fmt;
use std::ops::Range;

/// Where a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A command-line flag, such as `--upfront-payment`.
    Flag(String),
    /// A file, with a position when one is known.
    File {
        /// The path as the user gave it (or the embedded file name).
        path: String,
        /// 1-based line and column, and the text of that line.
        position: Option<Position>,
    },
}

/// A 1-based line and column in a file, with the line's text for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line as shown, without its newline: tabs become spaces, and a line
    /// longer than 100 characters is cut around the column, with `…` where cut.
    pub line_text: String,
    /// 1-based column of the marker within `line_text` (at most about 100).
    pub marker: u16,
    /// How many characters to underline (at least 1, at most to the end of `line_text`).
    pub width: u16,
}

/// Widest source line shown under a message, in characters. A hostile
/// one-line file must not turn into a megabyte of error message.
const MAX_SHOWN_LINE: usize = 100;

impl Position {
    /// The position of a byte range in `source`. Out-of-range offsets are clamped.
    pub fn from_span(source: &str, span: Range<usize>) -> Position {
        let mut start = span.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let column = source[line_start..start].chars().count() + 1;
        let mut end = span.end.clamp(start, line_end);
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let (line_text, marker) = clip_line(line_text, column);
        // Underline no further than the text shown.
        let shown_after = (line_text.chars().count() + 1).saturating_sub(usize::from(marker));
        Position {
            line: source[..start].matches('\n').count() + 1,
            column,
            line_text,
            marker,
            width: source[start..end]
                .chars()
                .count()
                .clamp(1, shown_after.max(1)) as u16,
        }
    }
}

/// The line as shown (tabs as spaces, at most [`MAX_SHOWN_LINE`] characters
/// around the column, `…` where cut) and the column within it.
fn clip_line(line: &str, column: usize) -> (String, u16) {
    let at = column.saturating_sub(1);
    let start = at.saturating_sub(MAX_SHOWN_LINE / 3);
    let mut shown: String = if start > 0 {
        "…".into()
    } else {
        String::new()
    };
    let mut chars = line.chars().skip(start);
    shown.extend(
        chars
            .by_ref()
            .take(MAX_SHOWN_LINE)
            .map(|c| if c == '\t' { ' ' } else { c }),
    );
    if chars.next().is_some() {
        shown.push('…');
    }
    // At most MAX_SHOWN_LINE / 3 + 2, so it fits.
    (shown, (at - start + 1 + usize::from(start > 0)) as u16)
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// What is wrong, lowercase, with `backticked` values.
    pub message: String,
    /// What to do, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem in a file at a byte span of `source`.
    pub fn in_file(path: &str, source: &str, span: Option<Range<usize>>, message: String) -> Self {
        Diagnostic {
            location: Location::File {
                path: path.to_string(),
                position: span.map(|span| Position::from_span(source, span)),
            },
            message,
            help: None,
        }
    }

    /// A problem with a command-line flag.
    pub fn in_flag(flag: &str, message: String) -> Self {
        Diagnostic {
            location: Location::Flag(format!("--{flag}")),
            message,
            help: None,
        }
    }

    /// Adds a hint on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = clip_middle(&self.message);
        match &self.location {
            Location::Flag(flag) => write!(f, "{}: {message}", echo(flag))?,
            Location::File {
                path,
                position: None,
            } => write!(f, "{}: {message}", echo(path))?,
            Location::File {
                path,
                position: Some(pos),
            } => {
                write!(f, "{}:{}:{}: {message}", echo(path), pos.line, pos.column)?;
                let gutter = pos.line.to_string();
                let pad = " ".repeat(gutter.len());
                write!(
                    f,
                    "\n{pad} |\n{gutter} | {}\n{pad} | {}{}",
                    pos.line_text,
                    " ".repeat(usize::from(pos.marker) - 1),
                    "^".repeat(usize::from(pos.width))
                )?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", clip_middle(help))?;
        }
        Ok(())
    }
}

/// Longest message or help shown whole, in characters.
const MAX_SHOWN_MESSAGE: usize = 400;

/// A message as shown: one that quotes a huge value (a 3 MB "question id")
/// keeps its start and end, with `…` for what is cut.
fn clip_middle(text: &str) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= MAX_SHOWN_MESSAGE {
        return text.into();
    }
    let head: String = text.chars().take(MAX_SHOWN_MESSAGE / 2).collect();
    let tail: String = text.chars().skip(count - MAX_SHOWN_MESSAGE / 4).collect();
    format!("{head} … {tail}").into()
}

/// Longest piece of the user's input shown in a message, in characters.
const MAX_ECHO: usize = 100;

/// Input as a message shows it (a value between backticks, a path, a flag):
/// control characters and the invisible marks that reorder text are shown
/// escaped (`R\u{1b}U`), so that nothing typed can move the cursor, colour
/// the terminal or hide part of the message; a text longer than
/// `MAX_ECHO` characters keeps its start and its end (where a path has
/// its file name), with `…` for the middle.
pub fn echo(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let count = text.chars().count();
    if count <= MAX_ECHO && !text.chars().any(hidden) {
        return text.into();
    }
    let escape = |out: &mut String, c: char| match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        c => out.push(c),
    };
    let mut out = String::new();
    if count <= MAX_ECHO {
        text.chars().for_each(|c| escape(&mut out, c));
    } else {
        let tail = MAX_ECHO / 3;
        text.chars()
            .take(MAX_ECHO - tail)
            .for_each(|c| escape(&mut out, c));
        out.push('…');
        text.chars()
            .skip(count - tail)
            .for_each(|c| escape(&mut out, c));
    }
    out.into()
}

/// Bytes the user gave that may not be UTF-8 (a flag's value, a path), as
/// [`echo`] shows text: each byte that is not part of UTF-8 text as `\xFF`.
pub fn echo_bytes(bytes: &[u8]) -> String {
    let mut text = String::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    echo(&text).into_owned()
}

/// Longest text for which a "did you mean" is searched: ids and names are
/// short, and comparing a huge text with every candidate takes minutes.
const MAX_SUGGESTED_FOR: usize = 64;

/// The candidate closest to `wanted`, if any is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if wanted.len() > MAX_SUGGESTED_FOR * 4 || wanted.chars().count() > MAX_SUGGESTED_FOR {
        return None;
    }
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::normalized_damerau_levenshtein(&wanted, &candidate.to_lowercase())
                .max(strsim::jaro_winkler(&wanted, &candidate.to_lowercase()) - 0.15);
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// "did you mean `x`?" when a near candidate exists.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(wanted, candidates).map(|near| format!("did you mean `{near}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column are 1-based and count characters, not bytes.
    #[test]
    fn position_counts_characters() {
        let source = "a = 1\nñb = \"x\"\n";
        let pos = Position::from_span(source, 8..9);
        assert_eq!((pos.line, pos.column, pos.width), (2, 2, 1));
        assert_eq!(pos.line_text, "ñb = \"x\"");
        // Past the end is clamped, not a panic.
        let end = Position::from_span(source, 500..900);
        assert_eq!(end.line, 3);
    }

    /// A very long line is cut around the column, and the caret still points at it.
    #[test]
    fn long_lines_are_clipped() {
        let source = format!("x = [{}1]\n", "0, ".repeat(10_000));
        let at = source.find('1').unwrap_or(0);
        let problem = Diagnostic::in_file("a.toml", &source, Some(at..at + 1), "here".into());
        let shown = problem.to_string();
        assert!(shown.len() < 400, "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let text_line = lines[2];
        let caret_line = lines[3];
        let caret = caret_line.chars().position(|c| c == '^').unwrap();
        assert_eq!(text_line.chars().nth(caret), Some('1'), "{shown}");
        assert!(text_line.contains('…'));
    }

    /// A message quoting a huge value is cut in the middle; no suggestion is
    /// searched for a huge text.
    #[test]
    fn huge_values_are_cut_and_not_matched() {
        let key = "a".repeat(3_000_000);
        let problem = Diagnostic::in_flag("x", format!("unknown question `{key}`"))
            .with_help(format!("not `{key}`"));
        let shown = problem.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        assert!(shown.contains(" … "));
        assert!(shown.ends_with("aaa`"));
        let started = std::time::Instant::now();
        assert_eq!(nearest(&key, ["a", "aa"]), None);
        assert!(started.elapsed().as_millis() < 100);
    }

    /// Echoed input shows control characters and bidirectional marks
    /// escaped, keeps short text as it is, and cuts a long one in the
    /// middle, keeping its end.
    #[test]
    fn echoes_are_escaped_and_short() {
        assert_eq!(echo("RU"), "RU");
        assert!(matches!(echo("Kenya"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(echo("R\u{1b}U"), "R\\u{1b}U");
        assert_eq!(echo("a\nb\tc\r"), "a\\nb\\tc\\r");
        assert_eq!(echo("x\u{202e}y\u{7f}"), "x\\u{202e}y\\u{7f}");
        let long = format!("/{}/answers.toml", "d".repeat(131_000));
        let shown = echo(&long);
        assert!(shown.chars().count() <= MAX_ECHO + 1, "{shown}");
        assert!(
            shown.contains('…') && shown.ends_with("answers.toml"),
            "{shown}"
        );
        assert_eq!(echo_bytes(b"R\xffU"), "R\\xFFU");
        assert_eq!(echo_bytes("ñ".as_bytes()), "ñ");
    }

    /// Typos find their intended id; unrelated words find nothing.
    #[test]
    fn nearest_finds_typos_only() {
        let ids = ["upfront_payment", "payment_receipt", "destination"];
        assert_eq!(nearest("upfront_paymnt", ids), Some("upfront_payment"));
        assert_eq!(nearest("destinaton", ids), Some("destination"));
        assert_eq!(nearest("zzz", ids), None);
        assert_eq!(
            nearest("atlantis", ["albania", "kenya"]),
            None,
            "not every word has a near one"
        );
    }
}

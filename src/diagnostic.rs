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
    /// The whole line, without its newline.
    pub line_text: String,
    /// How many characters to underline (at least 1).
    pub width: usize,
}

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
        Position {
            line: source[..start].matches('\n').count() + 1,
            column,
            line_text: line_text.to_string(),
            width: source[start..end].chars().count().max(1),
        }
    }
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
        match &self.location {
            Location::Flag(flag) => write!(f, "{flag}: {}", self.message)?,
            Location::File {
                path,
                position: None,
            } => write!(f, "{path}: {}", self.message)?,
            Location::File {
                path,
                position: Some(pos),
            } => {
                write!(f, "{path}:{}:{}: {}", pos.line, pos.column, self.message)?;
                let gutter = pos.line.to_string();
                let pad = " ".repeat(gutter.len());
                let text = pos.line_text.replace('\t', " ");
                write!(
                    f,
                    "\n{pad} |\n{gutter} | {text}\n{pad} | {}{}",
                    " ".repeat(pos.column - 1),
                    "^".repeat(pos.width.min(80))
                )?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `wanted`, if any is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::normalized_damerau_levenshtein(&wanted, &candidate.to_lowercase())
                .max(strsim::jaro_winkler(&wanted, &candidate.to_lowercase()) - 0.1);
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

    /// Typos find their intended id; unrelated words find nothing.
    #[test]
    fn nearest_finds_typos_only() {
        let ids = ["upfront_payment", "payment_receipt", "destination"];
        assert_eq!(nearest("upfront_paymnt", ids), Some("upfront_payment"));
        assert_eq!(nearest("destinaton", ids), Some("destination"));
        assert_eq!(nearest("zzz", ids), None);
    }
}

//! Standard output for the binary: through anstream (which strips colour
//! when stdout is not a terminal, or translates it on old Windows consoles)
//! only when the bytes hold something it could act on. Plain bytes, such as
//! `batch`'s JSON (which escapes every control character), go straight to
//! stdout: the same result without scanning every byte again.

use std::io::{self, Write};

/// Stdout that skips anstream's work for bytes without escape sequences.
pub(super) struct Stdout {
    styled: anstream::AutoStream<io::Stdout>,
    plain: io::Stdout,
}

impl Stdout {
    pub(super) fn new() -> Stdout {
        Stdout {
            styled: anstream::stdout(),
            plain: io::stdout(),
        }
    }

    /// Whether escape sequences written here reach the terminal as they are
    /// (anstream's choice: a terminal, and neither NO_COLOR nor
    /// CLICOLOR=0), rather than being stripped.
    pub(super) fn shows_colour(&self) -> bool {
        self.styled.current_choice() != anstream::ColorChoice::Never
    }
}

/// The width of the terminal standard output is, in columns: `COLUMNS`
/// when it is set to a number (as git reads it: a person or a test can
/// choose), else the terminal's own size, else 80. Only for a terminal: a
/// file or a pipe gets the fixed layout whatever `COLUMNS` says.
pub(super) fn terminal_columns() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0);
    from_env
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns))
        })
        .unwrap_or(80)
}

/// Whether anstream might change these bytes: ESC starts a 7-bit sequence,
/// and 0xC2 leads the UTF-8 form of the 8-bit controls U+0080 to U+009F.
///
/// One pass, a block at a time: within a block every byte is tested without
/// stopping early, which the compiler turns into vector instructions, and
/// only a block holding 0xC2 (common: "·", "«", a no-break space) has its
/// pairs looked at. The memchr crate would be as fast on long input, but its
/// first call asks the CPU which instructions it has, and in a virtual
/// machine that question alone took about 2 % of a whole `check` process.
fn may_hold_escapes(bytes: &[u8]) -> bool {
    const BLOCK: usize = 64;
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let (mut escape, mut lead) = (false, false);
        for &byte in &bytes[start..end] {
            escape |= byte == 0x1b;
            lead |= byte == 0xc2;
        }
        if escape {
            return true;
        }
        // The pair may end in the next block: one byte more.
        if lead
            && bytes[start..(end + 1).min(bytes.len())]
                .windows(2)
                .any(|pair| pair[0] == 0xc2 && (0x80..=0x9f).contains(&pair[1]))
        {
            return true;
        }
        start = end;
    }
    false
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if may_hold_escapes(buf) {
            self.styled.write(buf)
        } else {
            self.plain.write(buf)
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if may_hold_escapes(buf) {
            self.styled.write_all(buf)
        } else {
            self.plain.write_all(buf)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.styled.flush()?;
        self.plain.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only escape sequences and 8-bit controls go through anstream.
    #[test]
    fn plain_bytes_skip_anstream() {
        assert!(!may_hold_escapes(b"{\"level\":\"high\"}\n"));
        assert!(!may_hold_escapes("Kenya · Nairobi".as_bytes()));
        assert!(may_hold_escapes(b"\x1b[1mDANGER\x1b[0m"));
        assert!(may_hold_escapes("\u{9b}31m".as_bytes()));
        assert!(may_hold_escapes("text \u{85}".as_bytes()));
        assert!(!may_hold_escapes("«quoted» 50\u{a0}000".as_bytes()));
        assert!(!may_hold_escapes(b"ends with \xc2"));
        // Across the blocks' edges, and far into long output.
        for at in [62, 63, 64, 65, 127, 128, 1000] {
            let mut text = vec![b'a'; 1100];
            text[at] = 0x1b;
            assert!(may_hold_escapes(&text), "ESC at {at}");
            let mut text = vec![b'a'; 1100];
            text[at..at + 2].copy_from_slice("\u{9b}".as_bytes());
            assert!(may_hold_escapes(&text), "CSI at {at}");
            text[at..at + 2].copy_from_slice("·".as_bytes());
            assert!(!may_hold_escapes(&text), "middle dot at {at}");
        }
    }
}

//! `--output FILE`: the report written to a new file, whole or not at all.

use std::path::Path;

use super::{Exit, Format, Io};
use crate::files::write_new_file;
use crate::report::Report;
use crate::rules::RuleSet;

/// Renders the report without colour and writes it to `path` (private to the
/// user on Unix: the report holds their answers). An existing file is kept
/// unless `force`; any failure is exit 2 with the file named.
pub(super) fn write_report(
    report: &Report,
    rules: &RuleSet,
    format: Format,
    path: &Path,
    force: bool,
    io: &mut Io,
) -> Result<(), Exit> {
    // Writing to memory cannot fail.
    let rendered = super::check::render(report, rules, format, false, crate::report::text::WIDTH)
        .unwrap_or_default();
    // Rendered without styles; an escape sequence in the user's own text
    // (an advert pasted from a terminal) is taken out all the same.
    let bytes = anstream::adapter::strip_bytes(&rendered).into_vec();
    let shown = path.display();
    match write_new_file(path, &bytes, force, Some(0o600)) {
        Ok(()) => {
            let _ = writeln!(io.stderr, "offercheck: wrote the report to `{shown}`");
            Ok(())
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: --output: `{shown}` already exists, so the report was not written\n  \
                 help: choose another file name, or add --force to replace it"
            );
            Err(Exit::Usage)
        }
        Err(err) => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: --output: cannot write the report to `{shown}`: {err}\n  \
                 help: check that the folder exists and that you may write to it"
            );
            Err(Exit::Usage)
        }
    }
}

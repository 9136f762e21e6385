//! The JSON rendering of a report: stable keys, described in README.md.

use std::io::{self, Write};

use super::Report;

/// Writes the report as pretty JSON followed by a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_value(report, out)
}

/// Writes any value as pretty JSON followed by a newline. A closed pipe stays
/// an [`io::ErrorKind::BrokenPipe`] error, so callers can treat it as success.
pub fn write_value<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|err| match err.io_error_kind() {
        Some(kind) => io::Error::new(kind, err),
        None => io::Error::other(err),
    })?;
    writeln!(out)
}

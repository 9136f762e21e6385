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
    // Serialised in memory first: serde_json writes a few bytes at a time,
    // and each write through `dyn Write` is an indirect call.
    let mut json = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    json.push(b'\n');
    out.write_all(&json)
}

//! The JSON rendering of a report: stable keys, described in README.md.

use std::io::{self, Write};

use super::Report;

/// Appends the report to `out` as pretty JSON followed by a newline.
pub fn write(report: &Report, out: &mut Vec<u8>) -> io::Result<()> {
    append(report, out)
}

/// Writes any value as pretty JSON followed by a newline. A closed pipe stays
/// an [`io::ErrorKind::BrokenPipe`] error, so callers can treat it as success.
pub fn write_value<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    // Serialised in memory first: serde_json writes a few bytes at a time,
    // and each write through `dyn Write` is an indirect call.
    let mut json = Vec::new();
    append(value, &mut json)?;
    out.write_all(&json)
}

/// Appends `value` to `out` as pretty JSON followed by a newline.
fn append<T: serde::Serialize>(value: &T, out: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(())
}

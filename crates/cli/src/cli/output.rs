//! The report in each format, and the files a user asks `check` to write:
//! `--output FILE` (the report) and `--save-answers FILE`, each whole or
//! not at all, and the refusals that keep one from destroying the other or
//! anything else.

use std::io;
use std::path::Path;

use super::{Exit, Format, Io};
use crate::assess::Evaluation;
use crate::diagnostic::echo;
use crate::files::{WriteError, may_write, same_file, write_new_file};
use crate::report::text::Paint;
use crate::report::{self, Report};
use crate::rules::RuleSet;

/// An assessment and its report, with what a record of it needs.
pub(super) struct Assessed<'r> {
    /// The evaluation (answers with their signals, the rules that fired).
    pub evaluation: Evaluation<'r>,
    /// Its report.
    pub report: Report,
    /// Whether the person agreed to the record being kept (`--consent`).
    pub consent: bool,
}

/// The report in `format`; text in bold and colour when `colour`, wrapped
/// to `width` columns.
pub(super) fn render(
    assessed: &Assessed,
    rules: &RuleSet,
    format: Format,
    colour: bool,
    width: usize,
) -> io::Result<Vec<u8>> {
    let report = &assessed.report;
    /// The bytes `write` puts in memory.
    fn in_memory(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(64 * 1024);
        write(&mut out)?;
        Ok(out)
    }
    match format {
        // Put together as a string, which becomes the bytes as it is.
        Format::Text => {
            Ok(report::text::render(report, rules, Paint::new(colour), width).into_bytes())
        }
        Format::Json => in_memory(|out| report::json::write(report, out)),
        Format::Markdown => in_memory(|out| report::markdown::write(report, rules, out)),
        Format::Htcds | Format::HtcdsCsv => {
            let record = report::htcds::record(&assessed.evaluation, assessed.consent)
                .ok_or_else(|| io::Error::other("the rule set has no HTCDS mapping"))?;
            match format {
                Format::Htcds => in_memory(|out| {
                    serde_json::to_writer_pretty(&mut *out, &record.to_json())?;
                    out.push(b'\n');
                    Ok(())
                }),
                _ => {
                    let mut out = csv::Writer::from_writer(Vec::new());
                    if let Some(mapping) = &rules.htcds {
                        out.write_record(report::htcds::columns(mapping))?;
                    }
                    out.write_record(record.row())?;
                    out.into_inner().map_err(|err| err.into_error())
                }
            }
        }
    }
}

/// Renders the report without colour and writes it to `path` (private to the
/// user on Unix: the report holds their answers). An existing file is kept
/// unless `force`; any failure is exit 2 with the file named.
pub(super) fn write_report(
    assessed: &Assessed,
    rules: &RuleSet,
    format: Format,
    path: &Path,
    force: bool,
    io: &mut Io,
) -> Result<(), Exit> {
    // Writing to memory cannot fail.
    let rendered =
        render(assessed, rules, format, false, crate::report::text::WIDTH).unwrap_or_default();
    // Rendered without styles; an escape sequence in the user's own text
    // (an advert pasted from a terminal) is taken out all the same.
    let bytes = anstream::adapter::strip_bytes(&rendered).into_vec();
    write_file(&REPORT, path, &bytes, force, io)?;
    let _ = writeln!(
        io.stderr,
        "offercheck: wrote the report to `{}`",
        shown(path)
    );
    Ok(())
}

/// A file `check` writes: its flag and what it holds, for messages.
pub(super) struct Target {
    flag: &'static str,
    what: &'static str,
    /// `was` or `were`, as `what` needs.
    was: &'static str,
}

/// `--output`.
pub(super) const REPORT: Target = Target {
    flag: "--output",
    what: "the report",
    was: "was",
};

/// `--save-answers`.
pub(super) const ANSWERS: Target = Target {
    flag: "--save-answers",
    what: "the answers",
    was: "were",
};

/// Writes `bytes` to `path`, private to the user, or says on stderr why not.
pub(super) fn write_file(
    target: &Target,
    path: &Path,
    bytes: &[u8],
    force: bool,
    io: &mut Io,
) -> Result<(), Exit> {
    write_new_file(path, bytes, force, Some(0o600)).map_err(|err| refused(target, path, &err, io))
}

/// Refuses, before anything is asked or written, what could only fail or
/// destroy data at the end: the report and the saved answers in one file
/// (the report would replace the answers), the report over the answers file
/// it was made from, and a file that exists (without `--force`) or is not a
/// regular file (a device, a pipe, a folder, a link) at either path.
pub(super) fn refuse_before_writing(
    output: Option<&Path>,
    save_answers: Option<&Path>,
    answers: Option<&Path>,
    force: bool,
    io: &mut Io,
) -> Result<(), Exit> {
    // `-` is standard output (for --output) or standard input (for --answers).
    let output = output.filter(|path| path.as_os_str() != "-");
    let answers = answers.filter(|path| path.as_os_str() != "-");
    let clash = |first: &str, second: &str, why: &str, help: &str, path: &Path| {
        format!(
            "offercheck: error: {first} and {second} name the same file, `{}`: {why}\n  help: {help}",
            shown(path)
        )
    };
    if let (Some(output), Some(saved)) = (output, save_answers)
        && same_file(output, saved)
    {
        let _ = writeln!(
            io.stderr,
            "{}",
            clash(
                "--output",
                "--save-answers",
                "the report would replace the answers saved in it",
                "give them different names, such as `report.md` and `answers.toml`",
                output
            )
        );
        return Err(Exit::Usage);
    }
    if let (Some(output), Some(answers)) = (output, answers)
        && same_file(output, answers)
    {
        let _ = writeln!(
            io.stderr,
            "{}",
            clash(
                "--output",
                "--answers",
                "the report would replace the answers it is made from",
                "write the report to another file, such as `report.md`",
                output
            )
        );
        return Err(Exit::Usage);
    }
    for (target, path) in [(&REPORT, output), (&ANSWERS, save_answers)] {
        if let Some(path) = path
            && let Err(err) = may_write(path, force)
        {
            return Err(refused(target, path, &err, io));
        }
    }
    Ok(())
}

/// Says on stderr why `target` was not written to `path`; exit 2.
fn refused(target: &Target, path: &Path, err: &WriteError, io: &mut Io) -> Exit {
    let Target { flag, what, was } = target;
    let shown = shown(path);
    let message = match err {
        WriteError::Exists => format!(
            "{flag}: `{shown}` already exists, so {what} {was} not written to it\n  \
             help: choose another file name, or add --force to replace it"
        ),
        WriteError::NotAFile(kind) => format!(
            "{flag}: `{shown}` is {kind}, not a regular file, so {what} {was} not written to it\n  \
             help: give {flag} the name of a new file; offercheck replaces only regular files, \
             even with --force"
        ),
        WriteError::Io(err) => format!(
            "{flag}: cannot write {what} to `{shown}`: {err}\n  \
             help: check that the folder exists and that you may write to it"
        ),
    };
    let _ = writeln!(io.stderr, "offercheck: error: {message}");
    Exit::Usage
}

/// A path as messages show it.
pub(super) fn shown(path: &Path) -> String {
    echo(&path.display().to_string()).into_owned()
}

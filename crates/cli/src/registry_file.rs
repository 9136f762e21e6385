//! `--registry FILE`: a register export of licensed agencies (CSV or JSON),
//! read into the engine's [`Registry`].
//!
//! The columns (CSV header, or keys of each JSON object; names in any case,
//! with `_` or spaces):
//!
//! | column | required | holds |
//! |---|---|---|
//! | `name` (or `agency_name`) | yes | the agency's name as the register writes it |
//! | `registration_number` (or `licence_number`, `license_number`) | no | its number |
//! | `status` (or `licence_status`, `license_status`) | yes | `valid` (also `paid`, `paid/valid`, `licensed`, `active`), `expired`, `deregistered` (also `revoked`), `pending` |
//! | `expiry_date` (or `expires`) | no | `YYYY-MM-DD` |
//!
//! The export's date comes from `--registry-date YYYY-MM-DD`, or from the
//! file: a CSV line `# exported: YYYY-MM-DD` before the header (and
//! `# register: NAME` to name the register), or the JSON keys `exported`
//! and `register` of an object whose `agencies` key holds the list. Every
//! problem is reported with its line and column, and a file with any
//! problem is refused whole: a register read in part would report agencies
//! as not found. A CSV file is streamed (the csv crate), so its size is
//! bounded only by [`MAX_ENTRIES`].

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, Position};
use crate::rules::registry::{Registry, RegistryEntry, RegistryStatus};

/// Most agencies read from one export.
pub const MAX_ENTRIES: usize = 1_000_000;
/// Largest JSON export read (bytes); CSV is streamed.
pub const MAX_JSON_BYTES: u64 = 200 * 1024 * 1024;
/// Most problems reported before reading stops.
const MAX_PROBLEMS: usize = 50;

/// The columns, each with the header names accepted for it.
const COLUMNS: [(&str, &[&str]); 4] = [
    ("name", &["name", "agency_name"]),
    (
        "registration_number",
        &["registration_number", "licence_number", "license_number"],
    ),
    ("status", &["status", "licence_status", "license_status"]),
    ("expiry_date", &["expiry_date", "expires"]),
];

/// Reads the export at `path`; `date` is `--registry-date`, if given.
pub fn read(path: &Path, date: Option<&str>) -> Result<Registry, Vec<Diagnostic>> {
    let shown = path.display().to_string();
    let fail = |message: String, help: &str| {
        vec![Diagnostic::in_file(&shown, "", None, message).with_help(help)]
    };
    if let Some(date) = date
        && !is_date(date)
    {
        return Err(vec![Diagnostic {
            location: Location::Flag("--registry-date".into()),
            message: format!("`{date}` is not a date written YYYY-MM-DD"),
            help: Some("give the day the register was exported, such as `2025-06-01`".into()),
        }]);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let file = File::open(path).map_err(|err| {
        fail(
            format!("cannot read the register export: {err}"),
            "check the path given to --registry",
        )
    })?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let (meta, entries) = match extension.as_deref() {
        Some("csv") => read_csv(&shown, BufReader::new(file))?,
        Some("json") => read_json(&shown, file)?,
        _ => {
            return Err(fail(
                "unknown register export type".into(),
                "name the file *.csv or *.json (README.md, \"A register export\", lists the columns)",
            ));
        }
    };
    let exported = match (date, meta.exported.as_deref()) {
        (Some(flag), Some(file)) if flag != file => {
            return Err(fail(
                format!("--registry-date {flag} differs from the file's export date {file}"),
                "give the date once: drop --registry-date, or correct the file",
            ));
        }
        (Some(date), _) | (None, Some(date)) => date.to_string(),
        (None, None) => {
            return Err(fail(
                "the register export's date is not known".into(),
                "give it with --registry-date YYYY-MM-DD (the day the register was exported), or in the file: a CSV line `# exported: YYYY-MM-DD` before the header, or a JSON key `exported`",
            ));
        }
    };
    let mut registry = Registry::new(meta.register.unwrap_or(name), exported);
    for entry in entries {
        registry.push(entry);
    }
    Ok(registry)
}

/// What the file says of itself.
#[derive(Default)]
struct Meta {
    exported: Option<String>,
    register: Option<String>,
}

/// A problem at a 1-based line and column, showing `line_text`.
fn at(
    path: &str,
    line: u64,
    column: usize,
    line_text: &str,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let line = usize::try_from(line).unwrap_or(usize::MAX);
    let column = column.max(1);
    let position = Position::from_span(line_text, column - 1..column);
    Diagnostic {
        location: Location::File {
            path: path.to_string(),
            position: Some(Position {
                line,
                column,
                ..position
            }),
        },
        message,
        help,
    }
}

/// The `# key: value` lines before a CSV header, and how many lines they take.
fn csv_preamble(path: &str, input: &mut impl BufRead) -> Result<(Meta, u64), Vec<Diagnostic>> {
    let mut meta = Meta::default();
    let mut lines = 0u64;
    loop {
        let buffer = input.fill_buf().map_err(|err| {
            vec![Diagnostic::in_file(
                path,
                "",
                None,
                format!("cannot read the register export: {err}"),
            )]
        })?;
        let start = buffer.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buffer);
        if !start.starts_with(b"#") {
            return Ok((meta, lines));
        }
        let mut line = String::new();
        // A comment line is short; a hostile one is cut at 4 kB.
        (&mut *input)
            .take(4096)
            .read_line(&mut line)
            .map_err(|err| {
                vec![Diagnostic::in_file(
                    path,
                    "",
                    None,
                    format!("cannot read the register export: {err}"),
                )]
            })?;
        lines += 1;
        let text = line
            .trim_start_matches('\u{feff}')
            .trim_start_matches('#')
            .trim();
        if let Some((key, value)) = text.split_once(':') {
            let value = value.trim().to_string();
            match key.trim().to_ascii_lowercase().as_str() {
                "exported" => {
                    if !is_date(&value) {
                        let shown = line.trim_end();
                        let column = shown.find(value.as_str()).map_or(1, |i| i + 1);
                        return Err(vec![at(path, lines, column, shown, format!("`{value}` is not a date written YYYY-MM-DD"), Some("write the day the register was exported, such as `# exported: 2025-06-01`".into()))]);
                    }
                    meta.exported = Some(value);
                }
                "register" if !value.is_empty() => meta.register = Some(value),
                _ => {}
            }
        }
    }
}

/// Which field of a record holds each column.
struct Header {
    name: usize,
    number: Option<usize>,
    status: usize,
    expires: Option<usize>,
}

fn column_key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

fn find_column(keys: &[String], column: usize) -> Option<usize> {
    keys.iter()
        .position(|key| COLUMNS[column].1.contains(&key.as_str()))
}

fn read_csv(
    path: &str,
    mut input: impl BufRead,
) -> Result<(Meta, Vec<RegistryEntry>), Vec<Diagnostic>> {
    let (meta, skipped) = csv_preamble(path, &mut input)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(input);
    let header_line = skipped + 1;
    let headers = reader
        .headers()
        .map_err(|err| vec![csv_problem(path, skipped, &err)])?
        .clone();
    let header_text = headers.iter().collect::<Vec<_>>().join(",");
    let keys: Vec<String> = headers.iter().map(column_key).collect();
    let missing: Vec<&str> = [0, 2]
        .into_iter()
        .filter(|column| find_column(&keys, *column).is_none())
        .map(|column| COLUMNS[column].0)
        .collect();
    if !missing.is_empty() {
        return Err(vec![at(
            path,
            header_line,
            1,
            &header_text,
            format!("the header has no `{}` column", missing.join("` or `")),
            Some("the first line (after `#` lines) names the columns: name, registration_number, status, expiry_date".into()),
        )]);
    }
    let header = Header {
        name: find_column(&keys, 0).unwrap_or(0),
        number: find_column(&keys, 1),
        status: find_column(&keys, 2).unwrap_or(0),
        expires: find_column(&keys, 3),
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                problems.push(csv_problem(path, skipped, &err));
                if problems.len() >= MAX_PROBLEMS
                    || !matches!(err.kind(), csv::ErrorKind::UnequalLengths { .. })
                {
                    break;
                }
                continue;
            }
        }
        let line = skipped + record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if entries.len() >= MAX_ENTRIES {
            problems.push(at(
                path,
                line,
                1,
                "",
                format!("more than {MAX_ENTRIES} agencies"),
                Some("split the export".into()),
            ));
            break;
        }
        let text = record.iter().collect::<Vec<_>>().join(",");
        // Where each field starts in `text` (the record as read, without quotes).
        let column = |index: usize| {
            1 + record
                .iter()
                .take(index)
                .map(|f| f.chars().count() + 1)
                .sum::<usize>()
        };
        let field = |index: usize| record.get(index).unwrap_or("");
        let mut problem = |index: usize, message: String, help: &str| {
            problems.push(at(
                path,
                line,
                column(index),
                &text,
                message,
                Some(help.to_string()),
            ));
        };
        let name = field(header.name);
        if name.is_empty() {
            problem(
                header.name,
                "an agency without a name".into(),
                "every row needs the agency's name",
            );
        }
        let status = RegistryStatus::parse(field(header.status));
        if status.is_none() {
            problem(
                header.status,
                format!("`{}` is not a licence status", field(header.status)),
                STATUS_HELP,
            );
        }
        let expires = header.expires.map(field).filter(|e| !e.is_empty());
        if let Some(date) = expires
            && !is_date(date)
        {
            problem(
                header.expires.unwrap_or(0),
                format!("`{date}` is not a date written YYYY-MM-DD"),
                "write the expiry date as YYYY-MM-DD, such as `2025-12-31`, or leave it empty",
            );
        }
        if let (Some(status), false) = (status, name.is_empty()) {
            entries.push(RegistryEntry {
                name: name.to_string(),
                number: header
                    .number
                    .map(field)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
                status,
                expires: expires.filter(|d| is_date(d)).map(str::to_string),
                line,
            });
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() {
        Ok((meta, entries))
    } else {
        Err(problems)
    }
}

const STATUS_HELP: &str = "use one of: valid (or paid, paid/valid, licensed, active), expired, deregistered (or revoked), pending";

fn csv_problem(path: &str, skipped: u64, err: &csv::Error) -> Diagnostic {
    let line = err.position().map_or(skipped + 1, |p| skipped + p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields; the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".into(),
        _ => format!("cannot read the row: {err}"),
    };
    at(path, line, 1, "", message, Some("every row has one field per column of the header; put a field with a comma in double quotes".into()))
}

/// One agency of a JSON export, as written.
#[derive(serde::Deserialize)]
struct JsonFile<'a> {
    #[serde(borrow)]
    agencies: Option<Vec<&'a serde_json::value::RawValue>>,
    exported: Option<String>,
    register: Option<String>,
}

fn read_json(path: &str, file: File) -> Result<(Meta, Vec<RegistryEntry>), Vec<Diagnostic>> {
    let mut text = String::new();
    let read = file.take(MAX_JSON_BYTES + 1).read_to_string(&mut text);
    if let Err(err) = read {
        return Err(vec![
            Diagnostic::in_file(
                path,
                "",
                None,
                format!("cannot read the register export: {err}"),
            )
            .with_help("save it as UTF-8 JSON"),
        ]);
    }
    if text.len() as u64 > MAX_JSON_BYTES {
        return Err(vec![
            Diagnostic::in_file(
                path,
                "",
                None,
                format!("the export is larger than {MAX_JSON_BYTES} bytes"),
            )
            .with_help("export it as CSV, which is read a row at a time"),
        ]);
    }
    let body = text.trim_start_matches('\u{feff}');
    let syntax = |err: serde_json::Error| {
        let line = err.line();
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let span = start + err.column().saturating_sub(1);
        vec![Diagnostic::in_file(path, &text, Some(span..span + 1), format!("not valid JSON: {err}"))
            .with_help("the export is a list of agencies, or an object with `agencies`, `exported` and `register`")]
    };
    let (items, meta): (Vec<&serde_json::value::RawValue>, Meta) = if body.starts_with('[') {
        (serde_json::from_str(body).map_err(syntax)?, Meta::default())
    } else {
        let parsed: JsonFile = serde_json::from_str(body).map_err(syntax)?;
        let Some(items) = parsed.agencies else {
            return Err(vec![
                Diagnostic::in_file(path, "", None, "no `agencies` list".into())
                    .with_help("put the agencies in a list under `agencies`"),
            ]);
        };
        if let Some(date) = &parsed.exported
            && !is_date(date)
        {
            let at = text.find(date.as_str()).unwrap_or(0);
            return Err(vec![Diagnostic::in_file(
                path,
                &text,
                Some(at..at + date.len()),
                format!("`{date}` is not a date written YYYY-MM-DD"),
            )]);
        }
        (
            items,
            Meta {
                exported: parsed.exported,
                register: parsed.register,
            },
        )
    };
    if items.len() > MAX_ENTRIES {
        return Err(vec![
            Diagnostic::in_file(path, "", None, format!("more than {MAX_ENTRIES} agencies"))
                .with_help("split the export"),
        ]);
    }
    // Where a piece of `text` starts, from its address (serde_json borrows it).
    let place = |piece: &str| (piece.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for item in items {
        let start = place(item.get());
        let object: std::collections::BTreeMap<String, &serde_json::value::RawValue> =
            match serde_json::from_str(item.get()) {
                Ok(object) => object,
                Err(_) => {
                    problems.push(
                        Diagnostic::in_file(
                            path,
                            &text,
                            Some(start..start + 1),
                            "an agency that is not an object".into(),
                        )
                        .with_help("write each agency as {\"name\": ..., \"status\": ...}"),
                    );
                    continue;
                }
            };
        let keys: Vec<(String, &serde_json::value::RawValue)> = object
            .into_iter()
            .map(|(k, v)| (column_key(&k), v))
            .collect();
        let get = |column: usize| {
            keys.iter()
                .find(|(k, _)| COLUMNS[column].1.contains(&k.as_str()))
                .map(|(_, v)| *v)
        };
        let string = |column: usize, problems: &mut Vec<Diagnostic>| -> Option<String> {
            let raw = get(column)?;
            match serde_json::from_str::<Option<String>>(raw.get()) {
                Ok(value) => value
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty()),
                Err(_) => {
                    let at = place(raw.get());
                    problems.push(Diagnostic::in_file(
                        path,
                        &text,
                        Some(at..at + raw.get().len()),
                        format!("`{}` must be a string", COLUMNS[column].0),
                    ));
                    None
                }
            }
        };
        let span_of = |column: usize| {
            get(column).map_or(start..start + 1, |raw| {
                let at = place(raw.get());
                at..at + raw.get().len()
            })
        };
        let name = string(0, &mut problems);
        let number = string(1, &mut problems);
        let status_text = string(2, &mut problems);
        let expires = string(3, &mut problems);
        if name.is_none() {
            problems.push(
                Diagnostic::in_file(
                    path,
                    &text,
                    Some(span_of(0)),
                    "an agency without a name".into(),
                )
                .with_help("every agency needs `name`"),
            );
        }
        let status = status_text.as_deref().and_then(RegistryStatus::parse);
        if status.is_none() {
            let shown = status_text.unwrap_or_default();
            problems.push(
                Diagnostic::in_file(
                    path,
                    &text,
                    Some(span_of(2)),
                    format!("`{shown}` is not a licence status"),
                )
                .with_help(STATUS_HELP),
            );
        }
        if let Some(date) = &expires
            && !is_date(date)
        {
            problems.push(
                Diagnostic::in_file(
                    path,
                    &text,
                    Some(span_of(3)),
                    format!("`{date}` is not a date written YYYY-MM-DD"),
                )
                .with_help("write the expiry date as YYYY-MM-DD, or leave it out"),
            );
        }
        if let (Some(name), Some(status)) = (name, status) {
            let line = text[..start].matches('\n').count() as u64 + 1;
            entries.push(RegistryEntry {
                name,
                number,
                status,
                expires: expires.filter(|d| is_date(d)),
                line,
            });
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() {
        Ok((meta, entries))
    } else {
        Err(problems)
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    /// A CSV export with its date and name in `#` lines, any header case and
    /// the status words of the documented list.
    #[test]
    fn csv_export() {
        let (_dir, path) = write(
            "nea.csv",
            "# register: NEA private employment agencies\n# exported: 2025-06-01\nName,Registration Number,Status,Expiry Date\nTangofox Ltd,RPA/1,Deregistered,\n\"Skill Dove, Limited\",RPA/2,paid/valid,2026-01-31\n",
        );
        let registry = read(&path, None).expect("reads");
        assert_eq!(registry.exported, "2025-06-01");
        assert_eq!(registry.name, "NEA private employment agencies");
        assert_eq!(registry.entries().len(), 2);
        assert_eq!(registry.entries()[1].name, "Skill Dove, Limited");
        assert_eq!(registry.entries()[1].line, 5);
    }

    /// Bad rows are all reported with their line and column; nothing is kept.
    #[test]
    fn bad_rows() {
        let (_dir, path) = write(
            "nea.csv",
            "name,registration_number,status,expiry_date\nA Ltd,1,valid,2025-13-01\n,2,valid,\nB Ltd,3,closed,\nC Ltd,4\n",
        );
        let problems = read(&path, Some("2025-06-01")).expect_err("refused");
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with(&format!(
                "{}:2:15: `2025-13-01` is not a date",
                path.display()
            )),
            "{shown:?}"
        );
        assert!(
            shown[1].contains(":3:1: an agency without a name"),
            "{shown:?}"
        );
        assert!(
            shown[2].contains(":4:9: `closed` is not a licence status"),
            "{shown:?}"
        );
        assert!(
            shown[3].contains(":5:1: this row has 2 fields; the header has 4"),
            "{shown:?}"
        );
    }

    /// The date must be known, once; the header must have its columns.
    #[test]
    fn date_and_header() {
        let (_dir, path) = write("r.csv", "name,status\nA,valid\n");
        let err = read(&path, None).expect_err("no date");
        assert!(err[0].to_string().contains("date is not known"));
        assert_eq!(
            read(&path, Some("2025-01-01"))
                .expect("reads")
                .entries()
                .len(),
            1
        );
        let (_dir, path) = write("r.csv", "# exported: 2025-02-02\nagency,state\n");
        let err = read(&path, Some("2025-01-01")).expect_err("bad");
        assert!(
            err[0]
                .to_string()
                .contains(":2:1: the header has no `name` or `status` column"),
            "{}",
            err[0]
        );
        assert!(read(&path, Some("01/02/2025")).is_err());
    }

    /// A JSON export, as a list or an object, with positions for bad values.
    #[test]
    fn json_export() {
        let (_dir, path) = write(
            "r.json",
            "{\"register\": \"NEA\", \"exported\": \"2025-06-01\", \"agencies\": [\n  {\"name\": \"Tangofox Ltd\", \"status\": \"deregistered\"},\n  {\"name\": \"X\", \"status\": \"gone\"}\n]}\n",
        );
        let err = read(&path, None).expect_err("bad status");
        assert!(
            err[0]
                .to_string()
                .contains("r.json:3:27: `gone` is not a licence status"),
            "{}",
            err[0]
        );
        let (_dir, path) = write(
            "r.json",
            "[{\"name\": \"Tangofox Ltd\", \"status\": \"valid\", \"expiry_date\": \"2024-01-01\"}]",
        );
        let registry = read(&path, Some("2025-06-01")).expect("reads");
        assert_eq!(
            registry.entries()[0].status_on(&registry.exported),
            RegistryStatus::Expired
        );
        let (_dir, path) = write("r.json", "[{\"name\": }]");
        assert!(
            read(&path, Some("2025-06-01")).expect_err("syntax")[0]
                .to_string()
                .contains("r.json:1:")
        );
    }
}

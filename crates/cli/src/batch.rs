//! Batch screening: JSON Lines in, one assessment per line out, streaming.
//!
//! Each input line is one answers object, as in an answers file in JSON, with
//! an optional `id` key (a string or a number) that is echoed back and is not
//! a question. Each output line is one compact JSON object carrying the input
//! `line` number and the `id`, and then either the assessment or an `error`
//! list. Lines are read one at a time into one reused buffer of at most
//! [`MAX_LINE_BYTES`], so memory stays flat however long the input is. A bad
//! line never stops the run; blank lines are skipped.

use std::io::{self, BufRead, Write};

use serde::Serialize;

use crate::answers::{Answers, MAX_FILE_BYTES, RawAnswer, RawValue, SlotsRead};
use crate::assess::{Evaluation, Plan, Spare, counted_with};
use crate::diagnostic::{Diagnostic, Location};
use crate::report::{LevelReason, SCHEMA_VERSION};
use crate::rules::{Level, RuleSet};

/// Longest input line accepted (bytes), the same limit as an answers file.
pub const MAX_LINE_BYTES: usize = MAX_FILE_BYTES;

/// The input key that names a record; it is echoed back, never assessed.
pub const ID_KEY: &str = "id";

/// What to write for each assessed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// The verdict: level, score, the rules found (id, severity, points),
    /// checks, unanswered questions. Titles, explanations, sources and
    /// channels are left out: they are the same for every line, and come
    /// with [`Detail::Full`] or `offercheck check`.
    #[default]
    Summary,
    /// Every key of `check --format json`.
    Full,
    /// An HTCDS case record (as `check --format htcds`), with `line` and `id`.
    Htcds {
        /// Whether every person in the file agreed to the record being kept.
        consent: bool,
    },
    /// An HTCDS case record as a CSV row, after one header row, with the
    /// columns `line` and `id` first. Lines that cannot be assessed get no
    /// row (their problems go to `on_problem`, as always).
    HtcdsCsv {
        /// Whether every person in the file agreed to the record being kept.
        consent: bool,
    },
}

/// Counts for a finished (or interrupted) run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Lines assessed, by level (`low` first, as [`Level::ALL`]).
    pub by_level: [u64; 4],
    /// Lines that could not be assessed.
    pub errors: u64,
    /// Blank lines skipped.
    pub blank: u64,
    /// The highest level assessed, if any line was.
    pub worst: Option<Level>,
    /// Whether the output was closed early (a broken pipe): the run stopped quietly.
    pub output_closed: bool,
}

impl Totals {
    /// Lines assessed.
    pub fn assessed(&self) -> u64 {
        self.by_level.iter().sum()
    }

    fn count(&mut self, level: Level) {
        self.by_level[level as usize] += 1;
        self.worst = self.worst.max(Some(level));
    }

    fn merge(&mut self, other: &Totals) {
        for (mine, theirs) in self.by_level.iter_mut().zip(other.by_level) {
            *mine += theirs;
        }
        self.errors += other.errors;
        self.blank += other.blank;
        self.worst = self.worst.max(other.worst);
    }
}

/// Why a run stopped before the end of its input.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The input could not be read.
    #[error("cannot read line {line}: {source}")]
    Read {
        /// The line that could not be read.
        line: u64,
        /// The reason.
        source: io::Error,
    },
    /// The output could not be written (other than a closed pipe).
    #[error("cannot write the results: {0}")]
    Write(io::Error),
}

/// One problem with one input line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    /// The answers key it concerns, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The 1-based column: of a JSON syntax error, or of the bad answer's
    /// key (none for a key written with escapes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong, lowercase, with `backticked` values.
    pub message: String,
    /// What is valid, or what to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A record id, echoed as given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RecordId {
    /// A string id.
    Text(String),
    /// An integer id.
    Integer(i64),
    /// A number id with a fraction.
    Number(f64),
}

#[derive(Serialize)]
struct Record<'a, B: Serialize> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RecordId>,
    #[serde(flatten)]
    body: B,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a [LineProblem],
}

/// The outcome of one line.
enum Outcome<'r> {
    Assessed(Evaluation<'r>),
    Bad(Vec<LineProblem>),
}

/// How to run a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// What to write for each assessed line.
    pub detail: Detail,
    /// Threads that assess lines (at least 1). Output order is input order
    /// whatever the number.
    pub jobs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            detail: Detail::Summary,
            jobs: 1,
        }
    }
}

/// What every chunk is assessed with.
#[derive(Clone, Copy)]
struct Work<'a, 'r> {
    rules: &'r RuleSet,
    plan: &'a Plan<'r>,
    records: &'a Records,
}

/// How the records of assessed lines are written, decided once per run.
struct Records {
    /// What to write.
    detail: Detail,
    /// Whether every id of the rule set that a summary record shows (rule
    /// and question ids, the rule set's name and version) is a JSON string
    /// as it is, with nothing to escape; then it is copied without looking.
    plain_ids: bool,
}

impl Records {
    fn new(rules: &RuleSet, detail: Detail) -> Records {
        let ids = rules.rules.iter().map(|rule| rule.id.as_str());
        let questions = rules.questions.iter().map(|question| question.id.as_str());
        let meta = [rules.meta.name.as_str(), rules.meta.version.as_str()];
        Records {
            detail,
            plain_ids: ids
                .chain(questions)
                .chain(meta)
                .all(|text| !needs_escapes(text)),
        }
    }
}

/// Lines are read and assessed in chunks of about this many bytes...
const CHUNK_BYTES: usize = 256 * 1024;
/// ...or this many lines, whichever comes first (few in unit tests, so
/// that a short input spans many chunks).
const CHUNK_LINES: usize = if cfg!(test) { 8 } else { 1024 };

/// Input lines as read, waiting to be assessed.
#[derive(Default)]
struct Chunk {
    /// Sequence number, to put results back in input order.
    seq: u64,
    /// The text of every line, one after the other.
    text: Vec<u8>,
    /// Each line: its number and its end in `text`, or `None` if it was too long.
    lines: Vec<(u64, usize, Option<usize>)>,
}

/// A chunk's results, in line order.
#[derive(Default)]
struct Done {
    seq: u64,
    output: Vec<u8>,
    problems: Vec<(u64, Option<RecordId>, Vec<LineProblem>)>,
    totals: Totals,
}

/// Screens every line of `input`, writing one JSON line per non-blank input
/// line to `out`, and calling `on_problem(line, id, problems)` for each bad
/// line, in input order (for messages on stderr). Returns the counts; stops
/// early only when the input cannot be read or the output cannot be written.
/// A closed output pipe ends the run quietly, with [`Totals::output_closed`] set.
///
/// Memory is bounded: lines are read into chunks of at most [`CHUNK_LINES`]
/// lines or about [`CHUNK_BYTES`] bytes (plus one line of at most
/// [`MAX_LINE_BYTES`]), and at most a few chunks per job are in flight.
pub fn screen(
    rules: &RuleSet,
    mut input: impl BufRead,
    out: impl Write,
    options: Options,
    mut on_problem: impl FnMut(u64, Option<&RecordId>, &[LineProblem]),
) -> Result<Totals, BatchError> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let plan = Plan::new(rules);
    let records = Records::new(rules, options.detail);
    let work = Work {
        rules,
        plan: &plan,
        records: &records,
    };
    let mut totals = Totals::default();
    if let (Detail::HtcdsCsv { .. }, Some(mapping)) = (options.detail, &rules.htcds) {
        let mut header = vec!["line".to_string(), "id".to_string()];
        header.extend(crate::report::htcds::columns(mapping));
        if let Err(err) = write_csv_row(&mut out, &header) {
            return finish_on_write_error(err, totals);
        }
    }
    let mut emit = |done: Done, totals: &mut Totals| -> io::Result<()> {
        for (line, id, problems) in &done.problems {
            on_problem(*line, id.as_ref(), problems);
        }
        totals.merge(&done.totals);
        out.write_all(&done.output)
    };
    let mut next_line = 1u64;
    if options.jobs <= 1 {
        let mut seq = 0;
        loop {
            let chunk = read_chunk(&mut input, &mut next_line, seq)?;
            let Some(chunk) = chunk else { break };
            seq += 1;
            let done = assess_chunk(&work, &chunk);
            if let Err(err) = emit(done, &mut totals) {
                return finish_on_write_error(err, totals);
            }
        }
    } else {
        let result = parallel(
            &work,
            input,
            options.jobs,
            &mut next_line,
            |done, totals| emit(done, totals),
            &mut totals,
        );
        match result {
            Ok(()) => {}
            Err(Stop::Read(err)) => return Err(err),
            Err(Stop::Write(err)) => return finish_on_write_error(err, totals),
        }
    }
    match out.flush() {
        Ok(()) => Ok(totals),
        Err(err) => finish_on_write_error(err, totals),
    }
}

enum Stop {
    Read(BatchError),
    Write(io::Error),
}

/// Reads and writes on the calling thread, assesses on `jobs` threads.
fn parallel(
    work: &Work,
    mut input: impl BufRead,
    jobs: usize,
    next_line: &mut u64,
    mut emit: impl FnMut(Done, &mut Totals) -> io::Result<()>,
    totals: &mut Totals,
) -> Result<(), Stop> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, mpsc};

    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(jobs * 2);
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(jobs * 2);
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || {
                loop {
                    // A poisoned lock means another worker panicked; stop too.
                    let chunk = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = chunk else { return };
                    if done_tx.send(assess_chunk(work, &chunk)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Owned here, so that an early return (a closed pipe) drops it before
        // the scope waits for the workers, and a worker blocked on sending
        // a result wakes up with an error and stops.
        let done_rx = done_rx;
        let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
        let mut sent = 0u64;
        let mut written = 0u64;
        let mut input_done = false;
        let mut read_error = None;
        loop {
            // Keep the workers busy: send chunks while the queue has room.
            while !input_done && sent - written < (jobs * 4) as u64 {
                match read_chunk(&mut input, next_line, sent) {
                    Ok(Some(chunk)) => {
                        sent += 1;
                        if work_tx.send(chunk).is_err() {
                            input_done = true;
                        }
                    }
                    Ok(None) => input_done = true,
                    Err(err) => {
                        read_error = Some(err);
                        input_done = true;
                    }
                }
            }
            if written == sent {
                break;
            }
            let Ok(done) = done_rx.recv() else { break };
            waiting.insert(done.seq, done);
            while let Some(done) = waiting.remove(&written) {
                written += 1;
                if let Err(err) = emit(done, totals) {
                    drop(work_tx);
                    return Err(Stop::Write(err));
                }
            }
        }
        drop(work_tx);
        match read_error {
            Some(err) => Err(Stop::Read(err)),
            None => Ok(()),
        }
    })
}

/// Reads the next chunk of lines; `None` at the end of the input.
fn read_chunk(
    input: &mut impl BufRead,
    next_line: &mut u64,
    seq: u64,
) -> Result<Option<Chunk>, BatchError> {
    let mut chunk = Chunk {
        seq,
        text: Vec::with_capacity(CHUNK_BYTES + 4096),
        ..Chunk::default()
    };
    while chunk.lines.len() < CHUNK_LINES && chunk.text.len() < CHUNK_BYTES {
        let line = *next_line;
        let read = read_line(input, &mut chunk.text, MAX_LINE_BYTES)
            .map_err(|source| BatchError::Read { line, source })?;
        match read {
            LineRead::End => break,
            LineRead::TooLong(length) => chunk.lines.push((line, chunk.text.len(), Some(length))),
            LineRead::Line => chunk.lines.push((line, chunk.text.len(), None)),
        }
        *next_line += 1;
    }
    Ok((!chunk.lines.is_empty()).then_some(chunk))
}

/// Assesses every line of a chunk into its output and problems.
fn assess_chunk(work: &Work, chunk: &Chunk) -> Done {
    let Work {
        rules,
        plan,
        records,
    } = *work;
    let mut done = Done {
        seq: chunk.seq,
        output: Vec::with_capacity(chunk.text.len() * 2),
        ..Done::default()
    };
    // The lists of each line's evaluation, kept for the next line's.
    let mut spare = Spare::default();
    let mut start = 0;
    for &(line, end, too_long) in &chunk.lines {
        let text = &chunk.text[start..end];
        start = end;
        let (id, outcome) = match too_long {
            Some(length) => (
                None,
                Outcome::Bad(vec![LineProblem {
                    key: None,
                    column: None,
                    message: format!(
                        "the line is {length} bytes long; the limit is {MAX_LINE_BYTES}"
                    ),
                    help: Some("put one answers object on each line".into()),
                }]),
            ),
            None if text.iter().all(u8::is_ascii_whitespace) => {
                done.totals.blank += 1;
                continue;
            }
            None => {
                // A byte-order mark, as some spreadsheet programs write, is not content.
                let content = match text.strip_prefix(b"\xEF\xBB\xBF") {
                    Some(rest) if line == 1 => rest,
                    _ => text,
                };
                match std::str::from_utf8(content) {
                    Ok(text) => assess_line(rules, plan, text, &mut spare),
                    Err(err) => (
                        None,
                        Outcome::Bad(vec![LineProblem {
                            key: None,
                            column: Some(column_of(content, err.valid_up_to())),
                            message: "the line is not UTF-8 text".into(),
                            help: Some("save the file as UTF-8".into()),
                        }]),
                    ),
                }
            }
        };
        // Writing to memory cannot fail.
        let _ = match outcome {
            Outcome::Assessed(evaluation) => {
                done.totals.count(evaluation.level);
                let written =
                    write_evaluation(&mut done.output, line, id.as_ref(), &evaluation, records);
                spare.keep(evaluation);
                written
            }
            Outcome::Bad(problems) if matches!(records.detail, Detail::HtcdsCsv { .. }) => {
                done.totals.errors += 1;
                done.problems.push((line, id, problems));
                Ok(())
            }
            Outcome::Bad(problems) => {
                done.totals.errors += 1;
                let written = write_record(
                    &mut done.output,
                    &Record {
                        line,
                        id: id.as_ref(),
                        body: ErrorBody { error: &problems },
                    },
                );
                done.problems.push((line, id, problems));
                written
            }
        };
    }
    done
}

fn finish_on_write_error(err: io::Error, mut totals: Totals) -> Result<Totals, BatchError> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        totals.output_closed = true;
        Ok(totals)
    } else {
        Err(BatchError::Write(err))
    }
}

fn write_record<B: Serialize>(out: &mut impl Write, record: &Record<B>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn write_evaluation(
    out: &mut Vec<u8>,
    line: u64,
    id: Option<&RecordId>,
    evaluation: &Evaluation,
    records: &Records,
) -> io::Result<()> {
    match records.detail {
        Detail::Full => write_record(
            out,
            &Record {
                line,
                id,
                body: evaluation.report(),
            },
        ),
        Detail::Summary => write_summary(out, line, id, evaluation, records.plain_ids),
        Detail::Htcds { consent } => match crate::report::htcds::record(evaluation, consent) {
            Some(record) => write_record(
                out,
                &Record {
                    line,
                    id,
                    body: record.to_json(),
                },
            ),
            None => Ok(()),
        },
        Detail::HtcdsCsv { consent } => match crate::report::htcds::record(evaluation, consent) {
            Some(record) => {
                let id = match id {
                    None => String::new(),
                    Some(RecordId::Text(text)) => text.clone(),
                    Some(RecordId::Integer(number)) => number.to_string(),
                    Some(RecordId::Number(number)) => number.to_string(),
                };
                let mut row = vec![line.to_string(), id];
                row.extend(record.row());
                write_csv_row(out, &row)
            }
            None => Ok(()),
        },
    }
}

/// One CSV row, quoted where a cell needs it (the csv crate's rules).
fn write_csv_row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(cells).map_err(io::Error::other)?;
    writer.flush()
}

/// Writes the record of an assessed line with [`Detail::Summary`]: `line`,
/// `id`, `schema_version`, `level`, `level_reason`, `forced_by`, `score`,
/// `complete`, `findings` (each `rule`, `severity`, `points`), `checks`
/// (`total`, `made`, `not_made`), `unanswered`, `dont_know` and `ruleset`,
/// on one line. The bytes are those serde_json writes for the same record
/// (a test compares them), but written straight: nearly every string is an
/// id with nothing to escape, and going through serde for each key and
/// string cost more than deciding the rules.
fn write_summary(
    out: &mut Vec<u8>,
    line: u64,
    id: Option<&RecordId>,
    evaluation: &Evaluation,
    plain_ids: bool,
) -> io::Result<()> {
    // An id of the rule set, copied as it is when `plain_ids` says it can be.
    let write_id = |out: &mut Vec<u8>, text: &str| {
        if plain_ids {
            write_plain(out, text);
            Ok(())
        } else {
            write_string(out, text)
        }
    };
    out.extend_from_slice(b"{\"line\":");
    write_integer(out, line);
    match id {
        None => {}
        Some(RecordId::Text(text)) => {
            out.extend_from_slice(b",\"id\":");
            write_string(out, text)?;
        }
        Some(other) => {
            out.extend_from_slice(b",\"id\":");
            serde_json::to_writer(&mut *out, other).map_err(io::Error::from)?;
        }
    }
    out.extend_from_slice(b",\"schema_version\":");
    write_integer(out, SCHEMA_VERSION.into());
    out.extend_from_slice(b",\"level\":");
    write_string(out, evaluation.level.as_str())?;
    out.extend_from_slice(b",\"level_reason\":");
    write_string(
        out,
        match evaluation.level_reason {
            LevelReason::Score => "score",
            LevelReason::CriticalRule => "critical_rule",
        },
    )?;
    out.extend_from_slice(b",\"forced_by\":");
    write_list(
        out,
        evaluation
            .fired
            .iter()
            .filter(|rule| rule.critical)
            .map(|rule| rule.id.as_str()),
        write_id,
    )?;
    out.extend_from_slice(b",\"score\":");
    write_integer(out, evaluation.score.into());
    out.extend_from_slice(if evaluation.complete {
        b",\"complete\":true,\"findings\":["
    } else {
        b",\"complete\":false,\"findings\":["
    });
    for (index, rule) in evaluation.fired.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"rule\":");
        write_id(out, &rule.id)?;
        out.extend_from_slice(b",\"severity\":");
        write_string(out, rule.severity.as_str())?;
        out.extend_from_slice(b",\"points\":");
        write_integer(out, rule.points.into());
        if let Some(other) = counted_with(&evaluation.fired, index) {
            out.extend_from_slice(b",\"counted_with\":");
            write_id(out, &other.id)?;
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"checks\":{\"total\":");
    write_integer(out, evaluation.checks_total.into());
    out.extend_from_slice(b",\"made\":");
    write_integer(out, evaluation.checks_made.into());
    out.extend_from_slice(b",\"not_made\":");
    write_integer(
        out,
        u32::try_from(evaluation.not_made.len())
            .unwrap_or(u32::MAX)
            .into(),
    );
    out.extend_from_slice(b"},\"unanswered\":");
    write_list(out, evaluation.unanswered.iter().copied(), write_id)?;
    out.extend_from_slice(b",\"dont_know\":");
    write_list(out, evaluation.dont_know.iter().copied(), write_id)?;
    out.extend_from_slice(b",\"ruleset\":{\"name\":");
    write_id(out, &evaluation.rules.meta.name)?;
    out.extend_from_slice(b",\"version\":");
    write_id(out, &evaluation.rules.meta.version)?;
    out.extend_from_slice(b"}}\n");
    Ok(())
}

/// A JSON string as serde_json writes it: as it is between quotes when no
/// byte needs an escape, else through serde_json.
fn write_string(out: &mut Vec<u8>, text: &str) -> io::Result<()> {
    if needs_escapes(text) {
        return serde_json::to_writer(&mut *out, text).map_err(io::Error::from);
    }
    write_plain(out, text);
    Ok(())
}

/// Whether serde_json escapes anything in `text`: it escapes only `"`, `\\`
/// and the control characters below U+0020.
fn needs_escapes(text: &str) -> bool {
    text.bytes()
        .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\')
}

/// `text` between quotes, as it is: a JSON string when [`needs_escapes`] is false.
fn write_plain(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// A JSON list of strings, each written by `write`.
fn write_list<'a>(
    out: &mut Vec<u8>,
    texts: impl Iterator<Item = &'a str>,
    write: impl Fn(&mut Vec<u8>, &str) -> io::Result<()>,
) -> io::Result<()> {
    out.push(b'[');
    for (index, text) in texts.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(out, text)?;
    }
    out.push(b']');
    Ok(())
}

/// A whole number in decimal, as serde_json writes it.
fn write_integer(out: &mut Vec<u8>, mut number: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        // A digit: `number % 10` is below 10.
        digits[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

/// Parses, validates and assesses one non-blank line.
fn assess_line<'r>(
    rules: &'r RuleSet,
    plan: &Plan<'r>,
    text: &str,
    spare: &mut Spare<'r>,
) -> (Option<RecordId>, Outcome<'r>) {
    // Good lines straight into the answers; a line with any problem is read
    // again below, the careful way, to say what is wrong and where.
    if let Some(SlotsRead { answers, extra }) = Answers::from_json_slots(rules, text, ID_KEY) {
        return match extra.map(record_id).transpose() {
            Ok(id) => (id, Outcome::Assessed(plan.evaluate_reusing(answers, spare))),
            Err(problem) => (None, Outcome::Bad(vec![problem])),
        };
    }
    let mut raw = match RawAnswer::from_json("", text) {
        Ok(raw) => raw,
        Err(diagnostic) => return (None, Outcome::Bad(vec![syntax_problem(diagnostic)])),
    };
    let id = match raw.iter().position(|item| item.key == ID_KEY) {
        None => None,
        Some(index) => match record_id(raw.remove(index).value) {
            Ok(id) => Some(id),
            Err(problem) => return (None, Outcome::Bad(vec![problem])),
        },
    };
    if id.is_some() && raw.iter().any(|item| item.key == ID_KEY) {
        return (
            id,
            Outcome::Bad(vec![LineProblem {
                key: Some(ID_KEY.into()),
                column: None,
                message: format!("`{ID_KEY}` is given twice on this line"),
                help: Some("give each line one id".into()),
            }]),
        );
    }
    if raw.is_empty() {
        return (
            id,
            Outcome::Bad(vec![LineProblem {
                key: None,
                column: None,
                message: "no answers on this line, so there is nothing to check".into(),
                help: Some(
                    "give answers as {\"question_id\": \"value\", ...}; \
                     `offercheck check --help` lists every question"
                        .into(),
                ),
            }]),
        );
    }
    match Answers::from_raw(rules, raw) {
        Ok(answers) => (id, Outcome::Assessed(plan.evaluate_reusing(answers, spare))),
        Err(diagnostics) => {
            let mut problems = answer_problems(rules, text);
            if problems.is_empty() {
                problems = diagnostics
                    .into_iter()
                    .map(|d| LineProblem {
                        key: None,
                        column: None,
                        message: d.message,
                        help: d.help,
                    })
                    .collect();
            }
            (id, Outcome::Bad(problems))
        }
    }
}

/// The problems of a line whose answers did not validate, each with its key
/// and column. Only bad lines come here, so reading them again with the
/// answers' positions and validating one answer at a time is cheap enough,
/// and ties every message to its place.
fn answer_problems(rules: &RuleSet, text: &str) -> Vec<LineProblem> {
    let Ok(raw) = RawAnswer::from_json_file("", text) else {
        return Vec::new();
    };
    let items: Vec<RawAnswer> = raw.into_iter().filter(|item| item.key != ID_KEY).collect();
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        // A question answered twice is checked as the pair, whose problem
        // is the second answer's; the first is checked at its own turn.
        let checked = match items[..index]
            .iter()
            .find(|earlier| earlier.key == item.key)
        {
            Some(earlier) => vec![earlier.clone(), item.clone()],
            None => vec![item.clone()],
        };
        // Each answer has at most one problem, reported after the earlier's.
        let Some(problem) = Answers::from_raw(rules, checked)
            .err()
            .and_then(|mut diagnostics| diagnostics.pop())
        else {
            continue;
        };
        let column = match &item.location {
            Location::File {
                position: Some(position),
                ..
            } => Some(position.column),
            _ => None,
        };
        problems.push(LineProblem {
            key: Some(item.key.to_string()),
            column,
            message: problem.message,
            help: problem.help,
        });
    }
    problems
}

/// A JSON syntax error or a line that is not an object, with its column.
fn syntax_problem(diagnostic: Diagnostic) -> LineProblem {
    let column = match &diagnostic.location {
        Location::File {
            position: Some(position),
            ..
        } => Some(position.column),
        _ => None,
    };
    LineProblem {
        key: None,
        column,
        message: diagnostic.message,
        help: Some(
            "each line must be one JSON object of answers: {\"id\": \"case-1\", \
             \"question_id\": \"value\", ...}"
                .into(),
        ),
    }
}

fn record_id(value: RawValue<'_>) -> Result<RecordId, LineProblem> {
    match value {
        RawValue::String(text) => Ok(RecordId::Text(text.into_owned())),
        RawValue::Integer(number) => Ok(RecordId::Integer(number)),
        RawValue::Float(number) if number.is_finite() => Ok(RecordId::Number(number)),
        other => Err(LineProblem {
            key: Some(ID_KEY.into()),
            column: None,
            message: format!(
                "`{ID_KEY}` must be a string or a number, found {}",
                match other {
                    RawValue::Bool(_) => "a boolean",
                    RawValue::List(_) => "a list",
                    RawValue::Other(name) => name,
                    _ => "a number out of range",
                }
            ),
            help: Some("use a case number or reference, such as \"case-17\"".into()),
        }),
    }
}

/// The 1-based character column of a byte offset in a line that may not be UTF-8.
fn column_of(line: &[u8], offset: usize) -> usize {
    String::from_utf8_lossy(&line[..offset.min(line.len())])
        .chars()
        .count()
        + 1
}

enum LineRead {
    /// A line is in the buffer (without its line ending).
    Line,
    /// The line was longer than the limit; it was skipped. Its length in bytes.
    TooLong(usize),
    /// No more input.
    End,
}

/// Reads one line onto the end of `buffer` (without `\n` or `\r\n`),
/// holding at most `limit` bytes of it: the rest of a longer line is read
/// and dropped, and the buffer is left as it was, so memory stays bounded.
fn read_line(input: &mut impl BufRead, buffer: &mut Vec<u8>, limit: usize) -> io::Result<LineRead> {
    let start = buffer.len();
    let mut length = 0usize;
    let mut seen_any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            if !seen_any {
                return Ok(LineRead::End);
            }
            break;
        }
        seen_any = true;
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(end) => (&available[..end], Some(end + 1)),
            None => (available, None),
        };
        length += chunk.len();
        if length <= limit {
            buffer.extend_from_slice(chunk);
        }
        let used = done.unwrap_or(available.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if length > limit {
        buffer.truncate(start);
        return Ok(LineRead::TooLong(length));
    }
    if buffer.len() > start && buffer.last() == Some(&b'\r') {
        buffer.pop();
    }
    Ok(LineRead::Line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        crate::default_rules::rule_set().expect("the default rule set loads")
    }

    fn run(input: &str, detail: Detail) -> (Totals, Vec<serde_json::Value>, Vec<u64>) {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        let totals = screen(
            &rules(),
            input.as_bytes(),
            &mut out,
            Options { detail, jobs: 1 },
            |line, _, _| bad.push(line),
        )
        .expect("runs");
        let records = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
            .collect();
        (totals, records, bad)
    }

    /// Good, bad and blank lines: one record per non-blank line, in order, with
    /// line numbers and ids; bad lines name the key, what is valid and the nearest id.
    #[test]
    fn mixed_lines() {
        let input = "{\"id\": \"a\", \"destination\": \"RU\", \"military_or_combat_mention\": \"yes\"}\n\
                     \n   \n\
                     {\"id\": 7, \"upfront_paymnt\": \"yes\", \"passport_surrender\": \"maybe\"}\r\n\
                     not json\n\
                     {\"destination\": \"QA\"}";
        let (totals, records, bad) = run(input, Detail::Summary);
        assert_eq!(records.len(), 4);
        assert_eq!(records[0]["line"], 1);
        assert_eq!(records[0]["id"], "a");
        assert_eq!(records[0]["level"], "critical");
        assert_eq!(records[0]["findings"][0]["rule"], "MIL001");
        assert!(records[0].get("channels").is_none(), "summary only");
        assert_eq!(records[1]["line"], 4);
        assert_eq!(records[1]["id"], 7);
        let errors = records[1]["error"].as_array().unwrap();
        assert_eq!(errors.len(), 2, "{errors:?}");
        // In the order written.
        assert_eq!(errors[0]["key"], "upfront_paymnt");
        assert!(
            errors[0]["help"]
                .as_str()
                .unwrap()
                .contains("did you mean `upfront_payment`?")
        );
        assert_eq!(errors[1]["key"], "passport_surrender");
        assert!(errors[1]["help"].as_str().unwrap().contains("`yes`, `no`"));
        assert_eq!(records[2]["line"], 5);
        assert!(records[2].get("id").is_none());
        assert_eq!(
            records[2]["error"][0]["column"], 2,
            "serde_json points after the `n`"
        );
        assert!(
            !records[2]["error"][0]["message"]
                .as_str()
                .unwrap()
                .contains("line 1"),
            "no misleading line number"
        );
        assert_eq!(records[3]["line"], 6, "a last line without newline counts");
        assert!(records[3].get("id").is_none());
        assert_eq!(bad, vec![4, 5]);
        assert_eq!(totals.errors, 2);
        assert_eq!(totals.blank, 2);
        assert_eq!(totals.assessed(), 2);
        assert_eq!(totals.worst, Some(Level::Critical));
    }

    use crate::rules::RuleSetMeta;

    /// The summary record as serde writes it: what `write_summary` must match.
    #[derive(Serialize)]
    struct SummaryRecord<'a> {
        line: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<&'a RecordId>,
        schema_version: u32,
        level: Level,
        level_reason: LevelReason,
        forced_by: Vec<&'a str>,
        score: u32,
        complete: bool,
        findings: Vec<FindingSummary<'a>>,
        checks: CheckCounts,
        unanswered: &'a [&'a str],
        dont_know: &'a [&'a str],
        ruleset: &'a RuleSetMeta,
    }

    #[derive(Serialize)]
    struct FindingSummary<'a> {
        rule: &'a str,
        severity: Level,
        points: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        counted_with: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct CheckCounts {
        total: u32,
        made: u32,
        not_made: u32,
    }

    /// The summary record written by hand is byte for byte the one serde_json
    /// writes, for assessed lines of every level, with ids that need escapes.
    #[test]
    fn summary_matches_serde() {
        let rules = rules();
        assert!(Records::new(&rules, Detail::Summary).plain_ids);
        let plan = Plan::new(&rules);
        let ids = [
            None,
            Some(RecordId::Text("case-1".into())),
            Some(RecordId::Text(
                "a \"quoted\" \\ id\twith\u{1}control, ünïcode \u{7f}".into(),
            )),
            Some(RecordId::Integer(-17)),
            Some(RecordId::Number(2.5e-7)),
        ];
        let lines = [
            "{\"destination\": \"RU\", \"military_or_combat_mention\": \"yes\"}",
            "{\"destination\": \"CA\", \"found_via\": \"government_programme\"}",
            "{\"upfront_payment\": \"unknown\", \"job_type\": \"driver\"}",
            "{\"offer_text\": \"Pay a deposit of KSh 50,000 to join the army\", \"written_contract\": \"no\"}",
        ];
        for (n, text) in lines.iter().enumerate() {
            let raw = RawAnswer::from_json("", text).expect("JSON");
            let evaluation = plan.evaluate(Answers::from_raw(&rules, raw).expect("valid"));
            for (line, id) in ids.iter().enumerate() {
                let line = (n * 1000 + line) as u64 + u64::MAX / 2;
                let mut by_hand = Vec::new();
                write_summary(&mut by_hand, line, id.as_ref(), &evaluation, true).unwrap();
                let mut checked = Vec::new();
                write_summary(&mut checked, line, id.as_ref(), &evaluation, false).unwrap();
                assert_eq!(by_hand, checked);
                let record = SummaryRecord {
                    line,
                    id: id.as_ref(),
                    schema_version: SCHEMA_VERSION,
                    level: evaluation.level,
                    level_reason: evaluation.level_reason,
                    forced_by: evaluation
                        .fired
                        .iter()
                        .filter(|rule| rule.critical)
                        .map(|rule| rule.id.as_str())
                        .collect(),
                    score: evaluation.score,
                    complete: evaluation.complete,
                    findings: evaluation
                        .fired
                        .iter()
                        .enumerate()
                        .map(|(index, rule)| FindingSummary {
                            rule: &rule.id,
                            severity: rule.severity,
                            points: rule.points,
                            counted_with: counted_with(&evaluation.fired, index)
                                .map(|other| other.id.as_str()),
                        })
                        .collect(),
                    checks: CheckCounts {
                        total: evaluation.checks_total,
                        made: evaluation.checks_made,
                        not_made: u32::try_from(evaluation.not_made.len()).unwrap_or(u32::MAX),
                    },
                    unanswered: &evaluation.unanswered,
                    dont_know: &evaluation.dont_know,
                    ruleset: &evaluation.rules.meta,
                };
                let mut by_serde = serde_json::to_vec(&record).unwrap();
                by_serde.push(b'\n');
                assert_eq!(
                    String::from_utf8(by_hand).unwrap(),
                    String::from_utf8(by_serde).unwrap()
                );
            }
        }
        let mut digits = Vec::new();
        for number in [0, 7, 10, 99, 1_000_000, u64::MAX] {
            digits.clear();
            write_integer(&mut digits, number);
            assert_eq!(digits, number.to_string().as_bytes());
        }
    }

    /// Full detail carries every key of the check report.
    #[test]
    fn full_detail_has_every_report_key() {
        let (_, records, _) = run("{\"destination\": \"RU\"}\n", Detail::Full);
        for key in ["schema_version", "level", "findings", "channels", "answers"] {
            assert!(records[0].get(key).is_some(), "{key}");
        }
        assert_eq!(records[0]["line"], 1);
    }

    /// Empty input gives no output and no counts.
    #[test]
    fn empty_input() {
        let (totals, records, _) = run("", Detail::Summary);
        assert!(records.is_empty());
        assert_eq!(totals, Totals::default());
    }

    /// An id of the wrong type, an empty object and non-UTF-8 bytes are bad
    /// lines, and the run goes on.
    #[test]
    fn odd_lines_are_errors() {
        let mut input = b"{\"id\": [1], \"destination\": \"RU\"}\n{\"id\": \"x\"}\n".to_vec();
        input.extend_from_slice(b"{\"destination\": \"\xff\"}\n{\"destination\": \"RU\"}\n");
        let mut out = Vec::new();
        let totals = screen(
            &rules(),
            &input[..],
            &mut out,
            Options::default(),
            |_, _, _| {},
        )
        .expect("runs");
        let text = String::from_utf8(out).unwrap();
        let records: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records[0]["error"][0]["key"], "id");
        assert_eq!(records[1]["id"], "x", "the id is kept when it can be");
        assert!(
            records[1]["error"][0]["message"]
                .as_str()
                .unwrap()
                .contains("no answers")
        );
        assert_eq!(records[2]["error"][0]["column"], 18);
        assert!(records[3]["level"].as_str().is_some());
        assert_eq!((totals.errors, totals.assessed()), (3, 1));
    }

    /// A line over the limit is skipped whole, without holding it in memory.
    #[test]
    fn long_lines_are_bounded() {
        let mut input: &[u8] = b"0123456789abc\nshort\r\nend";
        let mut buffer = b"kept".to_vec();
        assert!(matches!(
            read_line(&mut input, &mut buffer, 10).unwrap(),
            LineRead::TooLong(13)
        ));
        assert_eq!(
            buffer, b"kept",
            "the long line was dropped, what was there kept"
        );
        assert!(matches!(
            read_line(&mut input, &mut buffer, 10).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buffer, b"keptshort", "lines are added, without \\r\\n");
        buffer.clear();
        assert!(matches!(
            read_line(&mut input, &mut buffer, 10).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buffer, b"end");
        assert!(matches!(
            read_line(&mut input, &mut buffer, 10).unwrap(),
            LineRead::End
        ));
    }

    /// Several jobs give exactly the output, problems and counts of one job,
    /// in input order, over many chunks.
    #[test]
    fn jobs_keep_input_order() {
        let mut input = String::new();
        for n in 0..300 {
            match n % 7 {
                0 => input.push_str("{\"id\": 1, \"destination\": \"Atlantis\"}\n"),
                1 => input.push('\n'),
                2 => input.push_str("{\"passport_surrender\": \"yes\"}\n"),
                _ => input.push_str(&format!(
                    "{{\"id\": \"c{n}\", \"destination\": \"RU\", \"upfront_payment\": \"{}\"}}\n",
                    if n % 2 == 0 { "yes" } else { "no" }
                )),
            }
        }
        let rules = rules();
        let run = |jobs| {
            let mut out = Vec::new();
            let mut bad = Vec::new();
            let options = Options {
                detail: Detail::Summary,
                jobs,
            };
            let totals = screen(&rules, input.as_bytes(), &mut out, options, |line, _, _| {
                bad.push(line)
            })
            .expect("runs");
            (totals, out, bad)
        };
        let one = run(1);
        let three = run(3);
        assert_eq!(one.0, three.0);
        assert!(one.1 == three.1, "the same bytes in the same order");
        assert_eq!(one.2, three.2);
        assert_eq!(one.0.errors, 43);
        assert_eq!(one.0.blank, 43);
    }

    /// A closed output pipe ends the run quietly.
    #[test]
    fn broken_pipe_is_quiet() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
        let totals = screen(
            &rules(),
            &b"{\"destination\": \"RU\"}\n"[..],
            Closed,
            Options::default(),
            |_, _, _| {},
        )
        .expect("a closed pipe is not an error");
        assert!(totals.output_closed);
    }
}

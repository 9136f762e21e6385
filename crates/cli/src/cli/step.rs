//! `offercheck step`: one step of the questionnaire for a gateway (SMS,
//! USSD, chat). The protocol is the engine's
//! ([`offercheck_engine::session::protocol`]); this reads the request from
//! stdin and writes the response to stdout, as one line of JSON.

use std::io::{self, Read};
use std::path::PathBuf;

use clap::Args;

use super::{Exit, Io};
use crate::answers::MAX_FILE_BYTES;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleSet;
use crate::session::protocol;

#[derive(Debug, Args)]
#[command(after_help = "The request, one JSON object on stdin:\n  \
    {\"answers\": {...}, \"reply\": \"1\", \"lang\": \"sw\", \"channel\": \"sms\"}\n\
    every key may be left out at the start. The response, one line of JSON on stdout, has\n\
    `done`, `answers` (send them with the next request), `messages` (the text to send), and\n\
    `question` (with `refused` when the reply was not taken) or, when done, `report`.\n\
    Exit 0 for any well-formed request, 2 for a malformed one (the message names the key,\n\
    line and column).")]
pub(super) struct StepArgs {
    /// Read the request from FILE instead of standard input (`-`).
    #[arg(value_name = "FILE")]
    request: Option<PathBuf>,
    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Look the agency up in this register export (CSV or JSON; README.md lists the columns).
    #[arg(long, value_name = "FILE")]
    registry: Option<PathBuf>,
    /// The day the register was exported, YYYY-MM-DD, when the file does not say.
    #[arg(long, value_name = "DATE", requires = "registry")]
    registry_date: Option<String>,
}

/// Reads one request (stdin, or the file given) and writes its response.
/// Takes the rule set, to put it in the request's language without copying
/// it, and hands it back.
pub(super) fn run(
    rules: RuleSet,
    args: &StepArgs,
    default_lang: &str,
    io: &mut Io,
) -> (Exit, RuleSet) {
    let rules = match super::check::read_registry(
        args.registry.as_deref(),
        args.registry_date.as_deref(),
        io,
    ) {
        Ok(None) => rules,
        Ok(Some(registry)) => rules.with_registry(registry),
        Err(exit) => return (exit, rules),
    };
    match read_request(args, io) {
        Ok((shown, text)) => {
            let (response, rules) = protocol::step_owned(rules, &shown, &text, default_lang);
            (write_response(response, io), rules)
        }
        Err(exit) => (exit, rules),
    }
}

/// The request's text and the name to show for where it came from, or
/// the exit after saying why there is none.
fn read_request(args: &StepArgs, io: &mut Io) -> Result<(String, String), Exit> {
    let from_file = args.request.as_ref().filter(|path| path.as_os_str() != "-");
    let shown = from_file.map_or("<stdin>".to_string(), |path| path.display().to_string());
    let mut text = String::new();
    let read = match from_file {
        Some(path) => crate::rule_files::read_limited(path, &shown, "step")
            .map(|read| text = read)
            .map_err(|problem| problem.to_string()),
        None => io
            .stdin
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map(drop)
            .map_err(|err| {
                format!(
                    "{shown}: cannot read the step request: {err}\n  help: send one JSON object, in UTF-8"
                )
            }),
    };
    if let Err(why) = read {
        let _ = writeln!(io.stderr, "offercheck: error: {why}");
        return Err(Exit::Usage);
    }
    if text.len() > MAX_FILE_BYTES {
        let _ = writeln!(
            io.stderr,
            "offercheck: error: {shown}: the step request is larger than {MAX_FILE_BYTES} bytes"
        );
        return Err(Exit::Usage);
    }
    if text.trim().is_empty() {
        let _ = writeln!(
            io.stderr,
            "offercheck: error: {shown}: no step request was given\n  help: send one JSON object, such as `{{}}` to start a conversation"
        );
        return Err(Exit::Usage);
    }
    Ok((shown, text))
}

/// Writes the response as one line of JSON, or the problems that made the
/// request malformed.
fn write_response(response: Result<protocol::Response, Vec<Diagnostic>>, io: &mut Io) -> Exit {
    let response = match response {
        Ok(response) => response,
        Err(problems) => {
            for problem in problems {
                let _ = writeln!(io.stderr, "offercheck: error: {problem}");
            }
            return Exit::Usage;
        }
    };
    let mut line = match serde_json::to_vec(&response) {
        Ok(line) => line,
        Err(err) => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: cannot write the response: {err}"
            );
            return Exit::Usage;
        }
    };
    line.push(b'\n');
    match io.stdout.write_all(&line).and_then(|()| io.stdout.flush()) {
        Ok(()) => Exit::Assessed,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Exit::Assessed,
        Err(err) => {
            let _ = writeln!(
                io.stderr,
                "offercheck: error: cannot write the response: {err}"
            );
            Exit::Usage
        }
    }
}

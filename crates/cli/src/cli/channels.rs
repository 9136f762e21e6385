//! `offercheck channels`: the official channels in the rule set, for one
//! origin country or all of them, and for one destination or all, as text or
//! JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Exit, Io, TextOrJson};
use crate::report::text::{Paint, WIDTH, write_channel};
use crate::rules::{Channel, Country, RuleSet};

#[derive(Debug, Args)]
pub(super) struct ChannelsArgs {
    /// Only the channels for people from this country (ISO code such as KE, or English name).
    #[arg(long, value_name = "COUNTRY", value_parser = super::Utf8Text)]
    country: Option<String>,

    /// Only the channels for people going to this country: the general ones,
    /// and the offices (such as embassies) in that country.
    #[arg(long, value_name = "COUNTRY", value_parser = super::Utf8Text)]
    destination: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,

    /// Use the rule files in DIR instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

/// The JSON shape of `offercheck channels --format json`.
#[derive(Serialize)]
struct ChannelList<'a> {
    /// The language of the texts.
    lang: &'a str,
    /// The channels, grouped by country in the rule set's order.
    channels: Vec<&'a Channel>,
}

/// `offercheck channels`: list the channels, or explain an unknown country (exit 2).
pub(super) fn run(rules: &RuleSet, args: &ChannelsArgs, io: &mut Io) -> Exit {
    let (country, destination) = match (
        country_flag(rules, "--country", args.country.as_deref()),
        country_flag(rules, "--destination", args.destination.as_deref()),
    ) {
        (Ok(country), Ok(destination)) => (country, destination),
        (Err(message), _) | (_, Err(message)) => {
            let _ = writeln!(io.stderr, "offercheck: error: {message}");
            return Exit::Usage;
        }
    };
    let shown = |channel: &&Channel| {
        country.is_none_or(|c| channel.country == c.code)
            && destination.is_none_or(|d| channel.serves_destination(Some(&d.code)))
    };
    // Group by country, countries in the order they first appear.
    let mut codes: Vec<&str> = Vec::new();
    for channel in rules.channels.iter().filter(shown) {
        if !codes.contains(&channel.country.as_str()) {
            codes.push(&channel.country);
        }
    }
    let grouped: Vec<&Channel> = codes
        .iter()
        .flat_map(|code| {
            rules
                .channels
                .iter()
                .filter(shown)
                .filter(move |c| c.country == *code)
        })
        .collect();
    let written = match args.format {
        TextOrJson::Json => crate::report::json::write_value(
            &ChannelList {
                lang: rules.lang(),
                channels: grouped,
            },
            io.stdout,
        ),
        TextOrJson::Text => write_text(rules, &grouped, country, Paint::new(io.colour), io.stdout),
    }
    .and_then(|()| io.stdout.flush());
    match written {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(io.stderr, "offercheck: error: cannot write the list: {err}");
            Exit::Usage
        }
        _ => Exit::Assessed,
    }
}

/// The country a flag names, if given; an unknown one is an error with a hint.
fn country_flag<'r>(
    rules: &'r RuleSet,
    flag: &str,
    text: Option<&str>,
) -> Result<Option<&'r Country>, String> {
    let Some(text) = text else {
        return Ok(None);
    };
    match rules.countries.find(text) {
        Some(country) => Ok(Some(country)),
        None => Err(format!(
            "{flag}: unknown country `{}`\n  help: {}",
            crate::diagnostic::echo(text.trim()),
            rules.countries.unknown_help(text)
        )),
    }
}

/// The channels as text, one heading per country of origin (they come grouped).
fn write_text(
    rules: &RuleSet,
    channels: &[&Channel],
    asked: Option<&Country>,
    paint: Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", rules.ui("channels_all_title"))?;
    if channels.is_empty() {
        let place = asked.map_or_else(
            || rules.ui("channels_your_country").to_string(),
            |c| c.name.to_string(),
        );
        let text = rules.ui_fill("channels_none", &[("place", &place)]);
        writeln!(out, "{}", textwrap::fill(&text, WIDTH))?;
        // `--country SA` asks for Saudi Arabia's own offices; say where the
        // offices of other countries in Saudi Arabia are.
        if let Some(asked) = asked
            && rules
                .channels
                .iter()
                .any(|c| c.destination.as_deref() == Some(asked.code.as_str()))
        {
            let text = rules.ui_fill("channels_try_destination", &[("code", &asked.code)]);
            writeln!(out, "{}", textwrap::fill(&text, WIDTH))?;
        }
        return Ok(());
    }
    writeln!(out, "{}", textwrap::fill(rules.ui("channels_intro"), WIDTH))?;
    let mut current: Option<&str> = None;
    for channel in channels {
        if current != Some(channel.country.as_str()) {
            current = Some(&channel.country);
            let code = channel.country.as_str();
            let name = rules
                .countries
                .find(code)
                .map_or(code, |c| c.name_in(rules.lang()));
            let heading = rules.ui_fill(
                "channels_country_heading",
                &[("country", name), ("code", code)],
            );
            writeln!(out, "\n{heading}")?;
        }
        write_channel(channel, rules, paint, out)?;
    }
    Ok(())
}

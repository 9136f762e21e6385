//! `offercheck channels`: the official channels in the rule set, for one
//! origin country or all of them, as text or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Exit, Io, TextOrJson};
use crate::report::text::{WIDTH, write_channel};
use crate::rules::{Channel, RuleSet};

#[derive(Debug, Args)]
pub(super) struct ChannelsArgs {
    /// Only the channels for people from this country (ISO code such as KE, or English name).
    #[arg(long, value_name = "COUNTRY")]
    country: Option<String>,

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
    let country = match &args.country {
        None => None,
        Some(text) => {
            match rules.countries.find(text) {
                Some(country) => Some(country),
                None => {
                    let hint = rules.countries.nearest(text).map_or_else(
                    || "use an ISO 3166-1 code such as `KE`, or an English name such as `Kenya`".to_string(),
                    |near| format!("did you mean `{near}`?"),
                );
                    let _ = writeln!(
                        io.stderr,
                        "offercheck: error: --country: unknown country `{text}`\n  help: {hint}"
                    );
                    return Exit::Usage;
                }
            }
        }
    };
    // Group by country, countries in the order they first appear.
    let mut codes: Vec<&str> = Vec::new();
    for channel in &rules.channels {
        if !codes.contains(&channel.country.as_str()) {
            codes.push(&channel.country);
        }
    }
    if let Some(country) = country {
        codes.retain(|code| *code == country.code);
    }
    let grouped: Vec<&Channel> = codes
        .iter()
        .flat_map(|code| rules.channels.iter().filter(move |c| c.country == *code))
        .collect();
    let written = match args.format {
        TextOrJson::Json => crate::report::json::write_value(
            &ChannelList {
                lang: rules.lang(),
                channels: grouped,
            },
            io.stdout,
        ),
        TextOrJson::Text => write_text(rules, &codes, country.map(|c| c.name.as_str()), io.stdout),
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

fn write_text(
    rules: &RuleSet,
    codes: &[&str],
    asked: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", rules.ui("channels_all_title"))?;
    if codes.is_empty() {
        let place = asked.map_or_else(
            || rules.ui("channels_your_country").to_string(),
            str::to_string,
        );
        let text = rules.ui_fill("channels_none", &[("place", &place)]);
        return writeln!(out, "{}", textwrap::fill(&text, WIDTH));
    }
    writeln!(out, "{}", textwrap::fill(rules.ui("channels_intro"), WIDTH))?;
    for code in codes {
        let name = rules
            .countries
            .find(code)
            .map_or(*code, |c| c.name.as_str());
        let heading = rules.ui_fill(
            "channels_country_heading",
            &[("country", name), ("code", code)],
        );
        writeln!(out, "\n{heading}")?;
        for channel in rules.channels.iter().filter(|c| c.country == *code) {
            write_channel(channel, rules, out)?;
        }
    }
    Ok(())
}

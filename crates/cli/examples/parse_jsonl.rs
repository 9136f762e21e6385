//! The benchmark baseline for `batch`: read a JSON Lines file line by line and
//! merely parse each line with serde_json, as `batch` must before it can do
//! anything (see BENCHMARKS.md). Prints the number of objects parsed.
//!
//! Usage: `parse_jsonl FILE.jsonl`

use std::io::{BufRead, BufReader, Write};

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        let _ = writeln!(std::io::stderr(), "usage: parse_jsonl FILE.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|err| {
        let _ = writeln!(
            std::io::stderr(),
            "parse_jsonl: {}: {err}",
            path.to_string_lossy()
        );
        std::process::exit(2);
    });
    let mut input = BufReader::with_capacity(64 * 1024, file);
    let mut line = String::new();
    let mut objects = 0u64;
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                let _ = writeln!(std::io::stderr(), "parse_jsonl: {err}");
                std::process::exit(2);
            }
        }
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&line) {
            objects += 1;
            std::hint::black_box(map);
        }
    }
    let _ = writeln!(std::io::stdout(), "{objects}");
}

//! Writes N varied answers objects as JSON Lines, for the `batch` benchmarks
//! (see BENCHMARKS.md). The same N always gives the same file for the same
//! rule set: the values come from a fixed-seed generator over the default
//! rule set's questions and choices (careful offers, mixed ones and scams,
//! some questions left out or answered "unknown", an advert on some lines
//! and an `id` on most).
//!
//! Usage: `gen_jsonl N > FILE.jsonl`

use std::io::{BufWriter, Write};

use offercheck::rules::{Condition, QuestionKind, RuleSet, Test};

/// A small fixed-seed generator (xorshift64*), so no dependency is needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The yes/no answer that is the warning sign: the one the set's rules test
/// for (outside a `not`) more often; `yes` when they never say.
fn risky_side(rules: &RuleSet, question: &str) -> &'static str {
    fn count(condition: &Condition, question: &str, negated: bool, counts: &mut [usize; 2]) {
        match condition {
            Condition::All(parts) | Condition::Any(parts) => {
                for part in parts {
                    count(part, question, negated, counts);
                }
            }
            Condition::Not(inner) => count(inner, question, !negated, counts),
            Condition::Test {
                question: id,
                test: Test::Is(value),
            } if id == question => {
                let yes = (value == "yes") != negated;
                counts[usize::from(!yes)] += 1;
            }
            _ => {}
        }
    }
    let mut counts = [0, 0];
    for rule in &rules.rules {
        count(&rule.when, question, false, &mut counts);
    }
    if counts[1] > counts[0] { "no" } else { "yes" }
}

fn main() {
    let count: u64 = match std::env::args().nth(1).map(|n| n.parse()) {
        Some(Ok(count)) => count,
        _ => {
            let _ = writeln!(std::io::stderr(), "usage: gen_jsonl N > FILE.jsonl");
            std::process::exit(2);
        }
    };
    let rules = match offercheck::default_rules::rule_set() {
        Ok(rules) => rules,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "gen_jsonl: {err}");
            std::process::exit(3);
        }
    };
    let choice_ids = |id: &str| -> Vec<String> {
        rules
            .question(id)
            .map(|q| q.choices.iter().map(|c| c.id.to_string()).collect())
            .unwrap_or_default()
    };
    // Country codes and, now and then, a name as a person types it.
    let countries: Vec<String> = rules
        .countries
        .all()
        .iter()
        .flat_map(|c| [c.code.to_string(), c.name.to_lowercase()])
        .collect();
    let choices: Vec<(String, Vec<String>)> = rules
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Choice)
        .map(|q| (q.id.to_string(), choice_ids(&q.id)))
        .collect();
    let purposes = choice_ids("payment_purposes");
    let jobs = choice_ids("job_type");
    // Yes/no questions with the answer that is a warning sign.
    let yes_no: Vec<(String, &str)> = rules
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::YesNo)
        .map(|q| (q.id.to_string(), risky_side(&rules, &q.id)))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut line = String::new();
    for n in 0..count {
        line.clear();
        line.push('{');
        let mut first = true;
        let mut field = |line: &mut String, key: &str, value: &str| {
            if !first {
                line.push_str(", ");
            }
            first = false;
            line.push('"');
            line.push_str(key);
            line.push_str("\": ");
            line.push_str(value);
        };
        if rng.below(10) < 9 {
            field(&mut line, "id", &format!("\"case-{n}\""));
        }
        field(
            &mut line,
            "destination",
            &format!("\"{}\"", rng.pick(&countries)),
        );
        for (id, ids) in &choices {
            if rng.below(4) > 0 && !ids.is_empty() {
                field(&mut line, id, &format!("\"{}\"", rng.pick(ids)));
            }
        }
        // Careful offers, mixed ones and scams: three times the chance, in
        // percent, that each yes/no answer is the warning sign.
        let risk = [3, 25, 60][rng.below(3)];
        for (id, bad) in &yes_no {
            if rng.below(5) == 0 {
                continue; // left out
            }
            let value = if rng.below(10) == 0 {
                "unknown"
            } else if rng.below(300) < risk {
                bad
            } else if *bad == "yes" {
                "no"
            } else {
                "yes"
            };
            field(&mut line, id, &format!("\"{value}\""));
        }
        if rng.below(2) == 0 {
            let mut chosen: Vec<String> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                chosen.push(format!("\"{}\"", rng.pick(&purposes)));
            }
            field(
                &mut line,
                "payment_purposes",
                &format!("[{}]", chosen.join(", ")),
            );
            field(
                &mut line,
                "payment_amount_kes",
                &(rng.below(400) * 1000).to_string(),
            );
        }
        if rng.below(3) == 0 {
            field(
                &mut line,
                "offer_text",
                &format!(
                    "\"Urgent! {} jobs abroad, salary USD {} per month, visa and ticket \
                     arranged, pay a deposit of KES {} today. Call or WhatsApp.\"",
                    rng.pick(&jobs),
                    500 + rng.below(3000),
                    rng.below(200) * 1000
                ),
            );
        }
        line.push('}');
        line.push('\n');
        if out.write_all(line.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
}

//! Writes N varied answers objects as JSON Lines, for the `batch` benchmarks
//! (see BENCHMARKS.md). The same N always gives the same file: the values
//! come from a fixed-seed generator over the SPEC's core questions: careful
//! offers, mixed ones and scams, some questions left out or answered
//! "unknown", an advert on some lines and an `id` on most.
//!
//! Usage: `gen_jsonl N > FILE.jsonl`

use std::io::{BufWriter, Write};

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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const COUNTRIES: &[&str] = &[
    "RU",
    "QA",
    "SA",
    "AE",
    "CA",
    "DE",
    "PL",
    "Russia",
    "united arab emirates",
    "Oman",
    "MM",
    "TH",
    "GB",
    "US",
    "LB",
    "KW",
];
const CHOICES: &[(&str, &[&str])] = &[
    (
        "job_type",
        &[
            "domestic_work",
            "construction",
            "security_guard",
            "driver",
            "factory_warehouse",
            "hospitality",
            "healthcare",
            "agriculture",
            "it_customer_service",
            "military_or_security_forces",
            "other",
        ],
    ),
    (
        "found_via",
        &[
            "licensed_agency",
            "unlicensed_or_unknown_agency",
            "travel_agent_or_consultancy",
            "government_programme",
            "employer_directly",
            "friend_or_relative",
            "social_media_or_messaging",
            "walk_in_recruiter",
        ],
    ),
    (
        "payment_method",
        &[
            "company_bank_account",
            "personal_account_or_mobile_money",
            "cash",
            "crypto",
            "none",
        ],
    ),
    (
        "visa_type",
        &[
            "work",
            "tourist_or_visit",
            "student",
            "business",
            "none_or_on_arrival",
        ],
    ),
    (
        "visa_handled_by",
        &[
            "employer_via_embassy",
            "self_at_embassy",
            "recruiter_unclear_process",
        ],
    ),
    (
        "contact_channel",
        &[
            "official_office_email_phone",
            "personal_email",
            "messaging_apps_only",
        ],
    ),
];
/// Yes/no questions with the answer that is a warning sign, and how much
/// rarer than others that sign is (1 = as common, 4 = four times rarer).
const YES_NO_IDS: &[(&str, &str, usize)] = &[
    ("agency_licence_verified", "no", 1),
    ("upfront_payment", "yes", 1),
    ("payment_receipt", "no", 1),
    ("payment_before_contract", "yes", 1),
    ("salary_deductions_to_repay", "yes", 2),
    ("pay_unusually_high", "yes", 1),
    ("asked_to_lie_to_officials", "yes", 3),
    ("passport_surrender", "yes", 3),
    ("written_contract", "no", 1),
    ("contract_language_understood", "no", 2),
    ("contract_attested", "no", 1),
    ("employer_identified", "no", 1),
    ("employer_interviewed", "no", 1),
    ("destination_changed", "yes", 3),
    ("citizenship_or_residency_promised", "yes", 3),
    ("job_details_vague", "yes", 2),
    ("military_or_combat_mention", "yes", 6),
    ("pressure_to_decide", "yes", 2),
    ("indirect_travel_route", "yes", 3),
];
const PURPOSES: &[&str] = &[
    "visa",
    "air_ticket",
    "accommodation",
    "medical",
    "training",
    "placement_fee",
    "deposit",
    "other",
];

fn main() {
    let count: u64 = match std::env::args().nth(1).map(|n| n.parse()) {
        Some(Ok(count)) => count,
        _ => {
            let _ = writeln!(std::io::stderr(), "usage: gen_jsonl N > FILE.jsonl");
            std::process::exit(2);
        }
    };
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
            &format!("\"{}\"", rng.pick(COUNTRIES)),
        );
        for (id, choices) in CHOICES {
            if rng.below(4) > 0 {
                field(&mut line, id, &format!("\"{}\"", rng.pick(choices)));
            }
        }
        // Careful offers, mixed ones and scams: the chance, in percent, that
        // each answer is the warning sign.
        let risk = [3, 25, 60][rng.below(3)];
        for (id, bad, rarer) in YES_NO_IDS {
            if rng.below(5) == 0 {
                continue; // left out
            }
            let value = if rng.below(10) == 0 {
                "unknown"
            } else if rng.below(100 * rarer) < risk {
                bad
            } else if *bad == "yes" {
                "no"
            } else {
                "yes"
            };
            field(&mut line, id, &format!("\"{value}\""));
        }
        if rng.below(2) == 0 {
            let mut purposes: Vec<String> = Vec::new();
            for _ in 0..1 + rng.below(3) {
                purposes.push(format!("\"{}\"", rng.pick(PURPOSES)));
            }
            field(
                &mut line,
                "payment_purposes",
                &format!("[{}]", purposes.join(", ")),
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
                    rng.pick(CHOICES[0].1),
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

//! The agency checks end to end: the agency's name against the official
//! notices, the licence number against its regulator's format, and a
//! register export given with `--registry`.

use crate::util::{edit, fixture, json, offercheck, output, rules_copy};

/// The JSON report for these flags, an agency being involved (exit 0).
fn report(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--found-via", "licensed_agency"];
    all.extend_from_slice(args);
    report_of(&all)
}

/// The JSON report for exactly these flags (exit 0).
fn report_of(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["check", "--no-input", "--format", "json"])
            .args(args),
    );
    assert_eq!(code, 0, "{args:?}: {stderr}");
    json(&stdout)
}

fn fired(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn not_made(report: &serde_json::Value) -> Vec<String> {
    report["checks"]["not_made_rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

fn finding<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("{rule} did not fire: {:?}", fired(report)))
}

/// A name printed in the notices, written another way, is an exact match:
/// the finding names every notice with its date, who reported it and the
/// source, with the name as published.
#[test]
fn exact_match_names_each_notice() {
    let got = report(&["--agency-name", "TANGOFOX LIMITED."]);
    let found = finding(&got, "AGY008");
    let quotes: Vec<&str> = found["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert_eq!(quotes.len(), 4, "{quotes:#?}");
    assert!(quotes[3].contains("as “Tangofox Limited”"), "{}", quotes[3]);
    assert!(
        quotes[3].contains("the Ministry of Labour and Social Protection gave a Senate committee on 2025-05-06, as reported by the Daily Nation"),
        "{}",
        quotes[3]
    );
    assert!(
        quotes[3].contains("https://beta.nation.co.ke/"),
        "{}",
        quotes[3]
    );
    assert!(
        quotes[0]
            .contains("National Assembly committee on 2024-09-04, as reported by The Standard")
    );
    assert!(!fired(&got).contains(&"AGY009".to_string()));
    let notices = got["agency"]["notices"].as_array().unwrap();
    assert!(notices.iter().all(|n| n["matched"] == "exact"));
    assert_eq!(notices[3]["published_as"], "Tangofox Limited");
    // `&` and `and`, and a name only another copy prints.
    let man = report_for("Man and Swa Recruitment Palace Ltd");
    assert!(fired(&man).contains(&"AGY008".to_string()));
    let arshad = report_for("arshad agency");
    let quote = finding(&arshad, "AGY008")["quotes"][1]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        quote.contains("so printed in another copy of the list: https://www.bana.co.ke/"),
        "{quote}"
    );
}

fn report_for(name: &str) -> serde_json::Value {
    report(&["--agency-name", name])
}

/// A close name is "close to", never a verdict: AGY009, not AGY008, and the
/// words send the person to the exact name on the register.
#[test]
fn near_match_is_not_a_verdict() {
    let got = report_for("Talent Gatway Limited");
    let rules = fired(&got);
    assert!(rules.contains(&"AGY009".to_string()), "{rules:?}");
    assert!(!rules.contains(&"AGY008".to_string()), "{rules:?}");
    let quote = finding(&got, "AGY009")["quotes"][0].as_str().unwrap();
    assert!(quote.contains("is close to “Talent Gateaway”"), "{quote}");
    assert!(
        quote.contains("check its exact name on the official register"),
        "{quote}"
    );
    assert!(
        got["agency"]["notices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["matched"] == "similar")
    );
}

/// A name in no notice fires neither rule, decided (not "not made"), and
/// the report says that this does not show it is licensed.
#[test]
fn missing_name_is_no_clearance() {
    let got = report_for("Acme Careers Ltd");
    let rules = fired(&got);
    assert!(!rules.contains(&"AGY008".to_string()) && !rules.contains(&"AGY009".to_string()));
    assert!(!not_made(&got).contains(&"AGY008".to_string()));
    let lines = got["agency"]["lines"].as_array().unwrap();
    let line = lines[0].as_str().unwrap();
    assert!(line.contains("is not in the 4 government lists"), "{line}");
    assert!(line.contains("That does not show it is licensed"), "{line}");
    assert!(
        line.contains("deregistered agencies come back under new names"),
        "{line}"
    );
    // No name: the notice rules cannot be decided.
    let none = report(&["--destination", "QA"]);
    assert!(not_made(&none).contains(&"AGY008".to_string()));
    assert!(none.get("agency").is_none());
}

/// For each origin with a recorded format: a number as agencies print it
/// fits (and "proves nothing"), a malformed one fires AGY010.
#[test]
fn licence_formats_per_origin() {
    let cases = [
        ("PH", "DMW-514-LB-08132024-R", "DMW-514-08132024"),
        (
            "IN",
            "B-0655/MUM/PER/1000+/5/8914/2014",
            "B-0655/MUM/PER/1000+",
        ),
        ("NP", "1171/073/074", "1171-073-074"),
        ("LK", "1162", "SLBFE-1162"),
    ];
    for (origin, good, bad) in cases {
        let fits = report(&["--origin", origin, "--agency-licence-number", good]);
        assert!(
            !fired(&fits).contains(&"AGY010".to_string()),
            "{origin} {good}"
        );
        assert_eq!(
            fits["agency"]["licence_format"]["result"], "fits",
            "{origin}"
        );
        let line = fits["agency"]["lines"][0].as_str().unwrap();
        assert!(line.contains("That proves nothing"), "{line}");
        let malformed = report(&["--origin", origin, "--agency-licence-number", bad]);
        let quote = finding(&malformed, "AGY010")["quotes"][0]
            .as_str()
            .unwrap()
            .to_string();
        assert!(quote.contains("does not have the form"), "{quote}");
        assert!(
            !malformed["agency"]["licence_format"]["sources"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}

/// Kenya: no public source shows NEA's format, so nothing is checked and
/// the report says why; a country with no record says so too.
#[test]
fn no_format_is_checked_where_none_is_known() {
    let kenya = report(&["--agency-licence-number", "ABC"]);
    assert!(not_made(&kenya).contains(&"AGY010".to_string()));
    assert_eq!(
        kenya["agency"]["licence_format"]["result"],
        "no_public_format"
    );
    assert!(
        kenya["agency"]["lines"][0]
            .as_str()
            .unwrap()
            .contains("No public source that offercheck found shows")
    );
    let uganda = report(&["--origin", "UG", "--agency-licence-number", "ABC"]);
    assert_eq!(uganda["agency"]["licence_format"]["result"], "no_record");
    assert!(not_made(&uganda).contains(&"AGY010".to_string()));
}

/// The sample register export: each status gives its finding, with the
/// export's date in the words; a current licence is "needed, not enough".
#[test]
fn register_export_statuses() {
    let csv = fixture("registry/nea-sample.csv");
    let csv = csv.to_str().unwrap();
    let with = |name: &str, extra: &[&str]| {
        let mut args = vec!["--registry", csv, "--agency-name", name];
        args.extend_from_slice(extra);
        report(&args)
    };
    let cases = [
        ("Tangofox Limited", "AGY011"),
        ("Sunrise Careers Limited", "AGY012"),
        ("Meridian Staffing Ltd", "AGY012"),
        ("Harbour and Hill Recruiters", "AGY013"),
        ("Bluewatter Placements Ltd", "AGY014"),
    ];
    for (name, rule) in cases {
        let got = with(name, &[]);
        let quote = finding(&got, rule)["quotes"][0]
            .as_str()
            .unwrap()
            .to_string();
        assert!(quote.contains("of 2025-06-01"), "{name}: {quote}");
        assert_eq!(got["agency"]["register"]["exported"], "2025-06-01");
    }
    let near = with("Bluewatter Placements Ltd", &[]);
    let line = finding(&near, "AGY014")["quotes"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        line.contains("Close names on it: “Bluewater Placements Limited” (valid)"),
        "{line}"
    );
    let current = with("Bluewater Placements Ltd", &[]);
    for rule in ["AGY011", "AGY012", "AGY013", "AGY014"] {
        assert!(!fired(&current).contains(&rule.to_string()), "{rule}");
    }
    assert_eq!(current["agency"]["register"]["results"][0], "current");
    let line = current["agency"]["lines"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        line.contains("That is needed, but it does not prove that the job is real"),
        "{line}"
    );
    let borrowed = with(
        "Bluewater Placements Ltd",
        &["--agency-licence-number", "rpa/0001/2023"],
    );
    let quote = finding(&borrowed, "AGY015")["quotes"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        quote.contains("under another name, “Tangofox Ltd”"),
        "{quote}"
    );
    // Without an export the register rules are checks not made.
    let without = report(&["--agency-name", "Bluewater Placements Ltd"]);
    assert!(not_made(&without).contains(&"AGY014".to_string()));
    // The JSON export gives the same.
    let json_file = fixture("registry/nea-sample.json");
    let from_json = report(&[
        "--registry",
        json_file.to_str().unwrap(),
        "--agency-name",
        "tangofox",
    ]);
    assert!(fired(&from_json).contains(&"AGY011".to_string()));
}

/// The text report shows the register's name and date.
#[test]
fn text_report_shows_the_register_date() {
    let csv = fixture("registry/nea-sample.csv");
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--found-via",
        "licensed_agency",
        "--agency-name",
        "Tangofox Ltd",
        "--registry",
        csv.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{stderr}");
    let stdout = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        stdout.contains("THE AGENCY'S NAME AND LICENCE NUMBER"),
        "{stdout}"
    );
    assert!(
        stdout.contains("NEA private employment agencies (a sample made for the tests"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("of 2025-06-01 lists “Tangofox Ltd” (number RPA/0001/2023) as deregistered"),
        "{stdout}"
    );
}

/// A malformed export is refused whole with each bad row's line and column.
#[test]
fn bad_register_rows_are_reported() {
    let bad = fixture("registry/bad-rows.csv");
    let shown = bad.to_str().unwrap();
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--agency-name",
        "x",
        "--found-via",
        "licensed_agency",
        "--registry",
        shown,
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    for expected in [
        format!("{shown}:4:1: an agency without a name"),
        format!("{shown}:5:22: `closed` is not a licence status"),
        format!("{shown}:6:26: `31/12/2025` is not a date written YYYY-MM-DD"),
        format!("{shown}:7:1: this row has 2 fields; the header has 4"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    // No date anywhere: say how to give it.
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("r.csv");
    std::fs::write(&undated, "name,status\nA Ltd,valid\n").unwrap();
    let (code, _, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--agency-name",
        "x",
        "--found-via",
        "licensed_agency",
        "--registry",
        undated.to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--registry-date YYYY-MM-DD"), "{stderr}");
}

/// `batch --registry` looks every line's agency up, and says which export.
#[test]
fn batch_uses_the_register() {
    let csv = fixture("registry/nea-sample.csv");
    let (code, stdout, stderr) = output(
        offercheck()
            .args(["batch", "-", "--registry", csv.to_str().unwrap()])
            .write_stdin(
                "{\"found_via\": \"licensed_agency\", \"agency_name\": \"Tangofox Ltd\"}\n",
            ),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("{\"rule\":\"AGY011\""), "{stdout}");
    assert!(stdout.contains("{\"rule\":\"AGY008\""), "{stdout}");
    assert!(stderr.contains("of 2025-06-01"), "{stderr}");
}

/// The rule files are checked: a variant of no name, an example that does
/// not fit its pattern and an unknown question are refused with their place.
#[test]
fn agency_data_is_validated() {
    let dir = rules_copy();
    edit(
        &dir,
        "agency-notices.toml",
        "variant_of = \"Talent Gateaway\"",
        "variant_of = \"Talent Gateawy\"",
    );
    edit(&dir, "licence-formats.toml", "\"1162\",", "\"11A2\",");
    edit(
        &dir,
        "signal-rules-agency.toml",
        "name = \"agency_name\"",
        "name = \"agency_nam\"",
    );
    let (code, _, stderr) = output(offercheck().args(["rules", "check"]).arg(dir.path()));
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("agency-notices.toml:")
            && stderr.contains("`Talent Gateawy` is not a name of notice `nea-2024-09-04`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: did you mean `Talent Gateaway`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the example `11A2` does not fit the pattern"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown question `agency_nam`"), "{stderr}");
}

/// The new questions have flags, answers-file keys and Kiswahili wording.
#[test]
fn new_questions_everywhere() {
    let (code, stdout, _) = output(offercheck().args(["check", "--help"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains("--agency-name <TEXT>")
            && stdout.contains("--agency-licence-number <TEXT>")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(
        &file,
        "found_via = \"travel_agent_or_consultancy\"\nagency_name = \"Skill Dove\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = output(offercheck().args([
        "check",
        "--no-input",
        "--lang",
        "sw",
        "--answers",
        file.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("JINA LA SHIRIKA NA NAMBARI YA LESENI"),
        "{stdout}"
    );
    assert!(stdout.contains("limetajwa, kama “Skill Dove”"), "{stdout}");
    // Not asked, and not "unanswered", when no agency is involved.
    let got = report_of(&["--found-via", "friend_or_relative"]);
    let unanswered = got["unanswered"].as_array().unwrap();
    assert!(
        !unanswered.iter().any(|q| q == "agency_name"),
        "{unanswered:?}"
    );
}

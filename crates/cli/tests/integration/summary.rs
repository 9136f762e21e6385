//! The one-screen summary of a report (`offercheck::report::summary`), as
//! the questionnaire and other front ends show it: snapshots of the
//! Kenya–Russia case in English and Kiswahili, at 80 and 40 columns.

use offercheck::answers::{Answers, RawAnswer};
use offercheck::report::summary;
use offercheck::report::text::Paint;

use crate::util::fixture;

/// The summary of the Kenya–Russia fixture in `lang` at `width` columns.
fn kenya_russia(lang: &str, width: usize) -> String {
    let rules = offercheck::default_rules::rule_set()
        .expect("the default rules")
        .localised(lang);
    let text = std::fs::read_to_string(fixture("answers/fraud-russia.toml")).expect("the fixture");
    let raw = RawAnswer::from_toml("fraud-russia.toml", &text).expect("valid TOML");
    let answers = Answers::from_raw(&rules, raw).expect("valid answers");
    let report = offercheck::assess(&rules, &answers);
    summary::render(&report, &rules, Paint::new(false), width)
}

/// What a frightened person reads first: the verdict, the signs in short,
/// what to do now and whom to call, on one 80x24 screen with room for a
/// menu, and on a phone-sized 40 columns with no word broken.
#[test]
fn kenya_russia_summary_snapshots() {
    for (lang, width, name) in [
        ("en", 80, "summary_fraud_russia_en_80"),
        ("en", 40, "summary_fraud_russia_en_40"),
        ("sw", 80, "summary_fraud_russia_sw_80"),
        ("sw", 40, "summary_fraud_russia_sw_40"),
    ] {
        let text = kenya_russia(lang, width);
        if width == 80 {
            assert!(text.lines().count() <= summary::SCREEN_LINES, "{text}");
        }
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{name}: {line:?}");
        }
        insta::assert_snapshot!(name, text);
    }
}

//! The interactive questionnaire, driven through a real pseudo-terminal.
//! Each step waits for text on the screen before sending keys. See issue 3.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::util::{fixture, offercheck, output};

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";
const CTRL_U: &str = "\x15";

/// Starts `sh -c SCRIPT` in a pseudo-terminal, with `$BIN` the built binary.
fn spawn_sh(script: &str, strip_ansi: bool) -> PtySession {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .env("BIN", offercheck().get_program())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL");
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(strip_ansi),
    )
    .expect("spawn in a pseudo-terminal")
}

/// Text as rexpect reads it: each byte of the UTF-8 output becomes one char.
fn seen(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Sends keys and flushes them to the terminal.
fn press(session: &mut PtySession, keys: &str) {
    session.send(keys).expect("send keys");
    session.flush().expect("flush keys");
}

/// Waits for the process to end and returns its exit code.
fn exit_code(session: &mut PtySession) -> i32 {
    let _ = session.exp_eof();
    match session.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

/// Answers every question with its first offer (Enter), ticking the first box
/// of multi-choice questions, until the review screen; returns how many were asked.
fn answer_all_with_defaults(session: &mut PtySession) -> usize {
    let mut asked = 0;
    loop {
        let (_, found) = session
            .exp_regex(r"question \d+ of \d+|Check your answers")
            .expect("a question or the review");
        if found == "Check your answers" {
            return asked;
        }
        asked += 1;
        assert!(asked < 80, "the questionnaire does not end");
        let arrow = seen("›");
        let (_, widget) = session
            .exp_regex(&format!(
                r"\(Space to tick, Enter when done\) {arrow}|\(type to search\) {arrow}|Enter alone = don't know|Press Enter on an empty line|{arrow}"
            ))
            .expect("a prompt");
        if widget.starts_with("(Space") {
            press(session, " ");
        }
        press(session, ENTER);
    }
}

/// A whole questionnaire through to the report; the saved answers, read back
/// with --answers, give exactly the same assessment (issue 3, points 8 and 11).
#[test]
fn whole_questionnaire_to_report_matches_flags() {
    let dir = tempfile::TempDir::new().unwrap();
    let saved = dir.path().join("answers.toml");
    let report = dir.path().join("report.json");
    let mut session = spawn_sh(
        &format!(
            "\"$BIN\" --format json --save-answers '{}' > '{}'",
            saved.display(),
            report.display()
        ),
        true,
    );
    let asked = answer_all_with_defaults(&mut session);
    assert!(asked >= 25, "only {asked} questions were asked");
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("Answers saved to").unwrap();
    assert_eq!(exit_code(&mut session), 0);

    let interactive = std::fs::read_to_string(&report).unwrap();
    let (code, scripted, stderr) = output(
        offercheck()
            .args(["--format", "json", "--answers"])
            .arg(&saved),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(interactive, scripted);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "saved answers are private");
    }
}

/// The questions left after the fixture's answers: website, e-mail, phone, advert.
fn spawn_with_fixture(extra: &str) -> PtySession {
    let file = fixture("answers/without-contact-details.toml");
    spawn_sh(
        &format!("\"$BIN\" --answers '{}' {extra}", file.display()),
        true,
    )
}

/// Esc goes back to the previous question; answers given in the file are not asked.
#[test]
fn esc_goes_back() {
    let mut session = spawn_with_fixture("--format json");
    session.exp_string("question 1 of 4").unwrap();
    session.exp_string("website address?").unwrap();
    press(&mut session, ENTER);
    session.exp_string("question 2 of 4").unwrap();
    session.exp_string("email address").unwrap();
    press(&mut session, ESC);
    session.exp_string("question 1 of 4").unwrap();
    session.exp_string("website address?").unwrap();
    session.send_control('c').unwrap();
    session.exp_string("Interrupted").unwrap();
    assert_eq!(exit_code(&mut session), 130);
}

/// A bad web address is refused with a reason and asked again, to be
/// corrected with Backspace; the review changes an answer before the report,
/// cleared at once with Ctrl-U as in a shell.
#[test]
fn bad_url_is_asked_again_and_review_changes_an_answer() {
    let mut session = spawn_with_fixture("--format json");
    session.exp_string("website address?").unwrap();
    press(&mut session, "javascript:alert(1)");
    press(&mut session, ENTER);
    session.exp_string("not web addresses").unwrap();
    session.exp_string("website address?").unwrap();
    press(&mut session, &BACKSPACE.repeat(19));
    press(&mut session, "jobs.example.com");
    press(&mut session, ENTER);
    for _ in 0..2 {
        session.exp_string("Enter alone = don't know").unwrap();
        press(&mut session, ENTER);
    }
    session.exp_string("Press Enter on an empty line").unwrap();
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    session.exp_string("jobs.example.com").unwrap();
    press(&mut session, DOWN);
    press(&mut session, ENTER);
    session.exp_string("change your answer").unwrap();
    session.exp_string("website address?").unwrap();
    press(&mut session, CTRL_U);
    press(&mut session, "www.other.example");
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    session.exp_string("www.other.example").unwrap();
    press(&mut session, ESC);
    // Esc on the review goes back to the last question asked (the advert).
    session.exp_string("Press Enter on an empty line").unwrap();
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session
        .exp_string("\"recruiter_website\": \"www.other.example\"")
        .unwrap();
    assert_eq!(exit_code(&mut session), 0);
}

/// Ctrl-C shows the cursor again (the escape sequence is written), says that
/// nothing was saved, and exits 130.
#[test]
fn ctrl_c_restores_the_cursor_and_exits_130() {
    let dir = tempfile::TempDir::new().unwrap();
    let saved = dir.path().join("answers.toml");
    let mut session = spawn_sh(
        &format!("\"$BIN\" --save-answers '{}'", saved.display()),
        false,
    );
    session.exp_string("Kenya (KE)").unwrap();
    session.send_control('c').unwrap();
    let before = session
        .exp_string(&seen("Interrupted — nothing was saved."))
        .unwrap();
    assert!(before.contains("\x1b[?25h"), "the cursor is shown again");
    assert_eq!(exit_code(&mut session), 130);
    assert!(!saved.exists(), "nothing was saved");
}

/// Ctrl-D at a typed answer ends the questionnaire like Ctrl-C.
#[test]
fn ctrl_d_at_a_text_prompt_exits_130() {
    let mut session = spawn_with_fixture("");
    session.exp_string("website address?").unwrap();
    session.send_control('d').unwrap();
    session
        .exp_string(&seen("Interrupted — nothing was saved."))
        .unwrap();
    assert_eq!(exit_code(&mut session), 130);
}

/// On a narrow terminal (a phone's) the questionnaire breaks its lines
/// between words itself, instead of leaving the terminal to break them in
/// the middle of one.
#[test]
fn a_narrow_terminal_gets_lines_broken_between_words() {
    let file = fixture("answers/without-contact-details.toml");
    let mut session = spawn_sh(
        &format!(
            "stty cols 45 rows 30; \"$BIN\" --answers '{}'",
            file.display()
        ),
        true,
    );
    session
        .exp_regex(&seen("check a job offer before you\r?\npay or sign"))
        .unwrap();
    session.exp_string("website address?").unwrap();
    press(&mut session, "\x03");
    session.exp_string("Interrupted").unwrap();
    assert_eq!(exit_code(&mut session), 130);

    // A menu's question too, its second line under its first; moving in the
    // menu redraws it whole.
    let (_dir, mut session) =
        spawn_asking_after("stty cols 45 rows 30; ", "job_details_vague", "", true);
    let broken =
        seen(r"\? Is it unclear what work you will do,\r?\n  where, or for how many hours\? ›");
    session.exp_regex(&broken).unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "\x1b[B");
    session.exp_regex(&broken).unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "\x03");
    session.exp_string("Interrupted").unwrap();
    assert_eq!(exit_code(&mut session), 130);

    // And a long choice is shown whole, on two lines, not cut short.
    let (_dir, mut session) = spawn_asking_after("stty cols 45 rows 30; ", "job_type", "", true);
    session
        .exp_regex(&seen(
            r"House work \(house help, nanny, caring\r?\n  for someone at home\)",
        ))
        .unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "\x03");
    session.exp_string("Interrupted").unwrap();
    assert_eq!(exit_code(&mut session), 130);
}

/// Every answer of the fixture but `question`, so that it is the only one
/// asked; the recruiter's details and the advert are "don't know".
fn spawn_asking(question: &str, extra: &str, strip_ansi: bool) -> (tempfile::TempDir, PtySession) {
    spawn_asking_after("", question, extra, strip_ansi)
}

/// [`spawn_asking`], with `before` run first in the same shell (such as
/// `stty` to set the terminal's size).
fn spawn_asking_after(
    before: &str,
    question: &str,
    extra: &str,
    strip_ansi: bool,
) -> (tempfile::TempDir, PtySession) {
    let fixture = std::fs::read_to_string(fixture("answers/without-contact-details.toml")).unwrap();
    let mut answers: String = fixture
        .lines()
        .filter(|line| !line.starts_with(&format!("{question} =")))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(
        answers.len(),
        fixture.len(),
        "{question} is not in the fixture"
    );
    for key in [
        "recruiter_website",
        "recruiter_email",
        "recruiter_phone",
        "offer_text",
    ] {
        answers.push_str(&format!("{key} = \"unknown\"\n"));
    }
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("answers.toml");
    std::fs::write(&file, answers).unwrap();
    let session = spawn_sh(
        &format!("{before}\"$BIN\" --answers '{}' {extra}", file.display()),
        strip_ansi,
    );
    (dir, session)
}

/// Waits for a menu of the one question asked (its last line drawn), presses
/// `keys`, then Ctrl-D: the questionnaire stops as at a typed answer — the
/// cursor shown again, "Interrupted — nothing was saved.", exit 130.
fn ctrl_d_in_menu(question: &str, hint: &str, keys: &str) {
    let (_dir, mut session) = spawn_asking(question, "", false);
    session.exp_string("question 1 of 1").unwrap();
    session.exp_string(hint).unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, keys);
    session.send_control('d').unwrap();
    let before = session
        .exp_string(&seen("Interrupted — nothing was saved."))
        .unwrap();
    let shown = before.rfind("\x1b[?25h");
    assert!(shown.is_some(), "the cursor is shown again: {before:?}");
    assert!(
        before.rfind("\x1b[?25l") < shown,
        "the cursor is not hidden again: {before:?}"
    );
    assert_eq!(exit_code(&mut session), 130);
}

/// Ctrl-D in a yes/no menu stops the questionnaire (issue 3, item 7).
#[test]
fn ctrl_d_in_a_yes_no_menu_exits_130() {
    ctrl_d_in_menu("passport_surrender", "passport", DOWN);
}

/// Ctrl-D in a multi-choice menu stops the questionnaire (issue 3, item 7).
#[test]
fn ctrl_d_in_a_multi_choice_menu_exits_130() {
    ctrl_d_in_menu("payment_purposes", "Space to tick", " ");
}

/// Ctrl-D in the country menu, with a search typed, stops the questionnaire
/// (issue 3, item 7).
#[test]
fn ctrl_d_in_the_country_menu_exits_130() {
    ctrl_d_in_menu("destination", "type to search", "ru");
}

/// Typing "ken" in the country menu puts Kenya first; Enter chooses it.
#[test]
fn typing_in_the_country_menu_finds_kenya() {
    let (_dir, mut session) = spawn_asking("destination", "--format json", true);
    session.exp_string("type to search").unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "ken");
    session.exp_string(&seen("› ken")).unwrap();
    session.exp_string(&seen("❯ Kenya (KE)")).unwrap();
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("\"destination\": \"KE\"").unwrap();
    assert_eq!(exit_code(&mut session), 0);
}

/// A search that finds nothing says so and how to widen it; Backspace
/// brings the countries back.
#[test]
fn a_search_that_finds_nothing_says_what_to_do() {
    let (_dir, mut session) = spawn_asking("destination", "--format json", true);
    session.exp_string("type to search").unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "zzqx");
    session.exp_string(&seen("› zzqx")).unwrap();
    session.exp_string("Nothing found.").unwrap();
    press(&mut session, &BACKSPACE.repeat(4));
    press(&mut session, "russia");
    session.exp_string(&seen("❯ Russia (RU)")).unwrap();
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("\"destination\": \"RU\"").unwrap();
    assert_eq!(exit_code(&mut session), 0);
}

/// Short forms and codes rank first in the country search ("uk" is the
/// United Kingdom, not Ukraine; "usa" the United States); a search that
/// only guesses asks before it takes the guess.
#[test]
fn country_search_ranks_short_forms_and_asks_about_guesses() {
    for (typed, expected, code) in [
        ("uk", "United Kingdom (GB)", "GB"),
        ("usa", "United States (US)", "US"),
        ("ksa", "Saudi Arabia (SA)", "SA"),
        ("dubai", "United Arab Emirates (AE)", "AE"),
    ] {
        let (_dir, mut session) = spawn_asking("destination", "--format json", true);
        session.exp_string("type to search").unwrap();
        session.exp_string("What does this mean?").unwrap();
        press(&mut session, typed);
        session.exp_string(&seen(&format!("❯ {expected}"))).unwrap();
        press(&mut session, ENTER);
        session.exp_string("Show my report").unwrap();
        press(&mut session, ENTER);
        session
            .exp_string(&format!("\"destination\": \"{code}\""))
            .unwrap();
        assert_eq!(exit_code(&mut session), 0, "{typed}");
    }
    let (_dir, mut session) = spawn_asking("destination", "--format json", true);
    session.exp_string("type to search").unwrap();
    session.exp_string("What does this mean?").unwrap();
    press(&mut session, "grmny");
    session.exp_string(&seen("❯ Germany (DE)")).unwrap();
    press(&mut session, ENTER);
    session
        .exp_string("Is it Germany (DE)? Press Enter again to choose it")
        .unwrap();
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("\"destination\": \"DE\"").unwrap();
    assert_eq!(exit_code(&mut session), 0);
}

/// "Don't know" ticked with real answers is not taken: the person is told
/// and chooses again, so no tick is lost unseen.
#[test]
fn dont_know_with_ticks_is_asked_again() {
    let (_dir, mut session) = spawn_asking("payment_purposes", "--format json", true);
    session.exp_string("Space to tick").unwrap();
    session.exp_string("What does this mean?").unwrap();
    // Visa (the first), then down to "Don't know" (after the 8 purposes).
    press(&mut session, " ");
    press(&mut session, &DOWN.repeat(8));
    press(&mut session, " ");
    press(&mut session, ENTER);
    session
        .exp_string("You chose \"Don't know\" and other answers too")
        .unwrap();
    // Both ticks are still there; untick "don't know" and keep Visa.
    press(&mut session, &DOWN.repeat(8));
    press(&mut session, " ");
    press(&mut session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("\"payment_purposes\": [").unwrap();
    session.exp_string("\"visa\"").unwrap();
    assert_eq!(exit_code(&mut session), 0);
}

/// SIGTERM (as when an ssh session closes) while a question waits: the
/// terminal's settings are put back, the cursor shown, nothing saved, exit
/// 130.
#[test]
#[cfg(unix)]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::TempDir::new().unwrap();
    let saved = dir.path().join("answers.toml");
    let before = dir.path().join("before");
    let after = dir.path().join("after");
    let mut session = spawn_sh(
        &format!(
            "echo \"shell:$$:\"; stty -g > '{}'; \"$BIN\" --save-answers '{}'; echo \"code:$?\"; stty -g > '{}'",
            before.display(),
            saved.display(),
            after.display()
        ),
        false,
    );
    session.exp_string("shell:").unwrap();
    let shell = session.exp_string(":").unwrap();
    session.exp_string("Kenya (KE)").unwrap();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
        .expect("the shell's children");
    let program = children.split_whitespace().next().expect("offercheck runs");
    let killed = Command::new("kill")
        .args(["-TERM", program])
        .status()
        .expect("kill");
    assert!(killed.success());
    let shown = session
        .exp_string(&seen("Interrupted — nothing was saved."))
        .unwrap();
    assert!(shown.contains("\x1b[?25h"), "the cursor is shown again");
    session.exp_string("code:130").unwrap();
    assert_eq!(exit_code(&mut session), 0, "the shell ends normally");
    assert_eq!(
        std::fs::read_to_string(&before).unwrap(),
        std::fs::read_to_string(&after).unwrap(),
        "the terminal's settings are as they were"
    );
    assert!(!saved.exists(), "nothing was saved");
}

/// Without a terminal (stdin is not one here) and with answers, there are no prompts.
#[test]
fn no_terminal_means_no_prompts() {
    let file = fixture("answers/almost-empty.toml");
    let (code, stdout, stderr) = output(offercheck().arg("--answers").arg(file));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("question 1 of"), "{stderr}");
    assert!(stdout.contains("NOT ENOUGH INFORMATION"));
}

/// What the screen holds after the last time it was cleared.
fn after_last_clear(text: &str) -> String {
    let at = text.rfind("\x1b[2J").map_or(0, |at| at + 4);
    // console clears with "\x1b[2J", then moves the cursor home.
    let rest = text[at..].trim_start_matches('\r');
    let rest = rest.strip_prefix("\x1b[H").unwrap_or(rest);
    seen_back(rest).replace('\r', "")
}

/// The text rexpect read back as UTF-8 (each byte was one char).
fn seen_back(text: &str) -> String {
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The fixture's four remaining questions answered "don't know" (Enter),
/// then "Show my report" at the review.
fn answer_the_four(session: &mut PtySession) {
    for _ in 0..3 {
        session.exp_string("Enter alone = don't know").unwrap();
        press(session, ENTER);
    }
    session.exp_string("Press Enter on an empty line").unwrap();
    press(session, ENTER);
    session.exp_string("Show my report").unwrap();
    press(session, ENTER);
}

/// After the questionnaire, a text report on a terminal is its summary
/// with a menu under it (issue 19): each choice by its number — the signs
/// in full and the offices through the pager, the report saved to a file
/// named then (never over one without asking), an answer changed through
/// the review — and on quitting the verdict is what stays on the screen,
/// the answers are saved and the exit code is the report's.
#[test]
fn the_summary_has_a_menu_and_the_verdict_stays() {
    let dir = tempfile::TempDir::new().unwrap();
    let report = dir.path().join("report.txt");
    let answers = dir.path().join("answers.toml");
    let file = fixture("answers/without-contact-details.toml");
    let mut session = spawn_sh(
        &format!(
            "stty rows 24 cols 80; PAGER=\"sed 's/^/PAGED: /'\" \"$BIN\" --answers '{}' --save-answers '{}' --fail-on critical",
            file.display(),
            answers.display()
        ),
        false,
    );
    answer_the_four(&mut session);
    session
        .exp_string("DANGER: DO NOT PAY, SIGN OR TRAVEL")
        .unwrap();
    session.exp_string("What now?").unwrap();
    session.exp_string("5. Quit").unwrap();

    press(&mut session, "1");
    session
        .exp_string("PAGED: WARNING SIGNS FOUND (26)")
        .unwrap();
    session.exp_string("Press any key to go back").unwrap();
    press(&mut session, " ");
    session.exp_string("5. Quit").unwrap();
    press(&mut session, "2");
    session
        .exp_string("PAGED: WHO CAN CHECK THIS OFFER OR HELP")
        .unwrap();
    session.exp_string("Press any key to go back").unwrap();
    press(&mut session, ENTER);
    session.exp_string("5. Quit").unwrap();

    press(&mut session, "3");
    session
        .exp_string("Save the report to which file?")
        .unwrap();
    session.exp_string("offercheck-report.txt").unwrap();
    press(&mut session, CTRL_U);
    press(&mut session, &report.display().to_string());
    press(&mut session, ENTER);
    session.exp_string("The report was saved to").unwrap();
    session.exp_string("5. Quit").unwrap();
    let saved = std::fs::read_to_string(&report).unwrap();
    assert!(
        saved.starts_with("DANGER: DO NOT PAY, SIGN OR TRAVEL\n"),
        "{saved}"
    );
    assert!(
        saved.contains("WHO CAN CHECK THIS OFFER OR HELP"),
        "the whole report"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&report).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the report is private");
    }
    // Again to the same file: asked first, and kept when the answer is no.
    std::fs::write(&report, "mine").unwrap();
    press(&mut session, "3");
    session
        .exp_string("Save the report to which file?")
        .unwrap();
    press(&mut session, CTRL_U);
    press(&mut session, &report.display().to_string());
    press(&mut session, ENTER);
    session.exp_string("already exists. Replace it?").unwrap();
    session.exp_string("Yes, replace it").unwrap();
    press(&mut session, ENTER);
    session.exp_string("Nothing was saved").unwrap();
    session.exp_string("5. Quit").unwrap();
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "mine");

    // Change an answer: the review, then the summary again.
    press(&mut session, "4");
    session.exp_string("Check your answers").unwrap();
    session.exp_string("Show my report").unwrap();
    press(&mut session, ENTER);
    session.exp_string("5. Quit").unwrap();
    press(&mut session, "5");
    let rest = session.exp_eof().unwrap();
    let screen = after_last_clear(&rest);
    assert!(
        screen.starts_with("DANGER: DO NOT PAY, SIGN OR TRAVEL\n"),
        "{screen}"
    );
    // 24 rows, less the blank line at the end and the shell's prompt.
    assert!(screen.trim_end().lines().count() <= 22, "{screen}");
    assert!(screen.contains("+254"), "an office to call: {screen}");
    assert!(screen.contains("Answers saved to"), "{screen}");
    match session.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 1, "--fail-on critical"),
        other => panic!("{other:?}"),
    }
    let answers = std::fs::read_to_string(&answers).unwrap();
    assert!(
        answers.contains("recruiter_website = \"unknown\""),
        "{answers}"
    );
}

/// On a phone-sized terminal in Kiswahili the menu and its summary fit
/// (the verdict on the first line of the screen), and after quitting the
/// verdict and an office to call stay on it with room for the prompt.
#[test]
fn a_small_kiswahili_screen_keeps_the_verdict() {
    let file = fixture("answers/without-contact-details.toml");
    let mut session = spawn_sh(
        &format!(
            "stty rows 20 cols 40; \"$BIN\" --lang sw --answers '{}'",
            file.display()
        ),
        false,
    );
    for _ in 0..3 {
        session.exp_string("Enter peke").unwrap();
        press(&mut session, ENTER);
    }
    session.exp_string("mstari mtupu").unwrap();
    press(&mut session, ENTER);
    session.exp_string(&seen("Onyesha ripoti yangu")).unwrap();
    press(&mut session, ENTER);
    let menu = session.exp_string(&seen("5. Toka")).unwrap();
    let screen = after_last_clear(&menu);
    assert!(screen.starts_with("HATARI: USILIPE"), "{screen}");
    assert!(screen.lines().count() <= 19, "{screen}");
    press(&mut session, ESC);
    let rest = session.exp_eof().unwrap();
    let screen = after_last_clear(&rest);
    assert!(screen.starts_with("HATARI: USILIPE"), "{screen}");
    assert!(screen.trim_end().lines().count() <= 18, "{screen}");
    assert!(screen.contains("Simu: +254"), "{screen}");
    for line in screen.lines() {
        assert!(line.chars().count() <= 40, "{line:?}");
    }
}

//! The command line's contract as data: each `tests/cmd/NAME.toml` is one
//! command (its arguments, and standard input where it has one), the exit
//! code it must end with and what it must print, with its input files in
//! `NAME.in/` and, where the command writes, the files as they must be
//! after it in `NAME.out/` (trycmd). `TRYCMD=overwrite` rewrites the
//! expected output from what the program prints now; read the diff.

/// Every case in tests/cmd: bad input gets a message that names the file or
/// flag, the place, what was expected and what to do, and files are never
/// lost or destroyed (issue "The terminal report and questionnaire for a
/// person, and the holes that lose or misrecord data", parts 3 and 4).
#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .default_bin_path(env!("CARGO_BIN_EXE_offercheck"))
        // The same output on every machine: no colour, English.
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .case("tests/cmd/*.toml");
}

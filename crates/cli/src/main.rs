//! The offercheck binary: runs the library's command line and exits with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(offercheck::cli::main_with_std(std::env::args_os().collect()).code())
}

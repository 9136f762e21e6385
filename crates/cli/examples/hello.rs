//! The benchmark baseline for one whole process: a Rust "hello world",
//! built with the same profile as offercheck (see BENCHMARKS.md).

fn main() {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "Hello, world!");
}

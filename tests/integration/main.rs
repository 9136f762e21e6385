//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod batch;
mod check;
mod packaging;
mod report;
mod util;

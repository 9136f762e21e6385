//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod check;
mod explain;
mod limits;
mod properties;
mod rules_check;
mod util;

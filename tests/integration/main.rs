//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod channels;
mod check;
mod explain;
mod limits;
mod properties;
mod questionnaire;
mod rules_check;
mod signals;
mod util;

//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod batch;
mod channels;
mod check;
mod explain;
mod limits;
mod packaging;
mod properties;
mod questionnaire;
mod report;
mod rules_check;
mod signals;
mod summary;
mod terminal;
mod util;

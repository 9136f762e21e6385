//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod channels;
mod check;
mod questionnaire;
mod signals;
mod util;

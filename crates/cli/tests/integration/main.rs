//! Integration tests: they run the built `offercheck` binary (one test binary,
//! one module per capability).

mod agency;
mod batch;
mod channels;
mod check;
mod cli_cases;
mod corpus;
mod explain;
mod htcds;
mod limits;
mod packaging;
mod properties;
mod questionnaire;
mod report;
mod riskier;
mod rules_check;
mod samples;
mod signals;
mod step;
mod summary;
mod terminal;
mod util;

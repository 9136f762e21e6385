//! offercheck's engine: the judgement of a foreign job offer, with no I/O.
//!
//! The data flows one way:
//! [`rules`] (parse and validate the TOML knowledge, given as text) →
//! [`answers`] (from flags, files or a questionnaire, all into one
//! [`answers::Answers`]; [`signals`] turns the recruiter's details and the
//! advert into named signs) → [`assess`](mod@assess) (pure) → [`report`] (one
//! serialisable model, rendered as text, JSON or markdown).
//!
//! Nothing here reads files, touches a terminal, starts a thread or a
//! process: every front end (the `offercheck` command line, a chat gateway,
//! the web page) owns its I/O and calls in, and the crate builds for
//! `wasm32-unknown-unknown`. The default rule set, compiled in at build
//! time, is the `offercheck-default-rules` crate.

pub mod answer_set;
pub mod answers;
pub mod assess;
pub mod diagnostic;
pub mod fold;
mod order;
pub mod report;
pub mod rules;
pub mod session;
pub mod signals;
pub mod strings;

#[cfg(test)]
pub(crate) mod testing;

pub use answers::Answers;
pub use assess::assess;
pub use report::Report;
pub use rules::RuleSet;

//! offercheck: check a foreign job offer for the warning signs of labour
//! trafficking before you pay or sign.
//!
//! This crate is the command line over `offercheck-engine`, which does the
//! judgement with no I/O: [`rules`] → [`answers`] → [`assess`] → [`report`]
//! (re-exported here, so `offercheck::rules` and the rest keep their paths).
//! What is the command line's own: [`cli`], the front end the binary calls;
//! the terminal [`questionnaire`] and [`pager`]; [`batch`], which runs the
//! same steps over JSON Lines, one offer per line, on threads;
//! [`rule_files`], which reads `--rules DIR` and input files;
//! [`registry_file`], which reads a register export given with `--registry`;
//! and [`files`], which writes the files a user asks for. The default rule
//! set is `offercheck-default-rules`.

pub use offercheck_default_rules as default_rules;
pub use offercheck_engine::{answers, assess, diagnostic, report, rules, session, signals};

pub mod batch;
pub mod cli;
pub mod files;
pub mod pager;
pub mod questionnaire;
pub mod registry_file;
pub mod rule_files;

pub use answers::Answers;
pub use report::Report;
pub use rules::RuleSet;

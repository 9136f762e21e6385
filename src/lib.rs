//! offercheck: check a foreign job offer for the warning signs of labour
//! trafficking before you pay or sign.
//!
//! The data flows one way:
//! [`rules`] (load and validate the TOML knowledge) → [`answers`] (from flags,
//! files or the [`questionnaire`], all into one [`answers::Answers`]) →
//! [`assess`] (pure: no I/O, no terminal) → [`report`] (one serialisable
//! model, rendered as text, JSON or markdown). [`batch`] runs the same steps
//! over JSON Lines, one offer per line; [`files`] writes the files a user asks
//! for. [`cli`] is the command-line front end the binary calls.

pub mod answers;
pub mod assess;
pub mod batch;
pub mod cli;
pub mod diagnostic;
pub mod files;
pub mod questionnaire;
pub mod report;
pub mod rules;
pub mod signals;

pub use answers::Answers;
pub use assess::assess;
pub use report::Report;
pub use rules::RuleSet;

//! The validated rule set: what the rest of the program works with, one
//! kind of thing a module.

mod channel;
mod country;
mod levels;
mod question;
mod rule;
mod rule_set;
mod signal_lists;

pub use channel::*;
pub use country::*;
pub use levels::*;
pub use question::*;
pub use rule::*;
pub use rule_set::*;
pub use signal_lists::*;

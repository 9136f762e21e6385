//! The levels of a result and the scores at which they start.

use serde::Serialize;

/// Score thresholds: the score at which each level starts.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct Thresholds {
    /// Start of `medium`.
    pub medium: u32,
    /// Start of `high`.
    pub high: u32,
    /// Start of `critical`.
    pub critical: u32,
}

impl Thresholds {
    /// The level a score reaches on its own, without any critical rule.
    pub fn level_for(&self, score: u32) -> Level {
        if score >= self.critical {
            Level::Critical
        } else if score >= self.high {
            Level::High
        } else if score >= self.medium {
            Level::Medium
        } else {
            Level::Low
        }
    }
}

/// A risk level, lowest first. Also used as a rule's severity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// No or few warning signs among the checks made (never "safe").
    Low,
    /// Some warning signs.
    Medium,
    /// Serious warning signs.
    High,
    /// Do not pay or travel.
    Critical,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 4] = [Level::Low, Level::Medium, Level::High, Level::Critical];

    /// The lowercase word used in flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    /// Parses the lowercase word, in any case.
    pub fn parse(word: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(word.trim()))
    }
}

//! Season and circuit analytics over a `Dataset`.
//!
//! Every figure is a method on [`Dataset`] returning a serde-serialisable
//! response (snake_case fields, durations as seconds, plain numbers), so the
//! bindings pass them through unchanged. See `docs/analytics.md` for what each
//! figure means and which seasons its source covers.

mod circuit;
mod driver;
mod incidents;
mod teammates;

pub use circuit::{
    CircuitInsights, ConstructorWins, DriverWins, LapRecord, PitStopStats, PoleToWin,
};
pub use driver::DriverSeason;
pub use incidents::{NeutralisationOdds, RedFlagStats, SafetyCarStats};
pub use teammates::{HeadToHead, TeammateHeadToHead};

use crate::dataset::Dataset;
use crate::domain::{Id, QualifyingResult, RaceResult, StatusClass};

/// Whether an entry took the start. Withdrawn (`W`) and failed-to-qualify
/// (`F`) entries are not starters even when their status names a failure
/// (e.g. Leclerc, Monaco 2021: `W`, "Driveshaft").
pub(crate) fn started(r: &RaceResult) -> bool {
    r.status_class != StatusClass::DidNotStart && !matches!(r.position_text.as_str(), "W" | "F")
}

/// The pole-sitter: qualifying P1 where the race's qualifying rows include a
/// P1 (complete from 2003, patchy 1994–2002), else the car on grid slot 1.
pub(crate) fn pole_sitter(quali: &[&QualifyingResult], results: &[&RaceResult]) -> Option<Id> {
    quali
        .iter()
        .find(|q| q.position == 1)
        .map(|q| q.driver_id)
        .or_else(|| results.iter().find(|r| r.grid == 1).map(|r| r.driver_id))
}

/// `sum / n`, or `None` for no samples (JSON `null`, not NaN).
pub(crate) fn mean(sum: f64, n: u32) -> Option<f64> {
    (n > 0).then(|| sum / f64::from(n))
}

impl Dataset {
    pub(crate) fn driver_ref_of(&self, id: Id) -> String {
        self.driver(id)
            .map(|d| d.driver_ref.clone())
            .unwrap_or_default()
    }

    pub(crate) fn driver_name_of(&self, id: Id) -> String {
        self.driver(id).map(|d| d.full_name()).unwrap_or_default()
    }

    pub(crate) fn constructor_ref_of(&self, id: Id) -> String {
        self.constructor(id)
            .map(|c| c.constructor_ref.clone())
            .unwrap_or_default()
    }
}

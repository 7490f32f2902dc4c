//! Point-in-time features for the race and qualifying models.
//!
//! The builder ([`FeatureBuilder`], feature `data`) computes them with polars
//! from a [`Dataset`](crate::Dataset) for any (season, round) of the dump, or
//! for a race the dump does not hold yet from its entry list
//! ([`UpcomingRace`]). Only races before the target in (year, round) order
//! are read; the target race contributes its entry list, grid and
//! qualifying, never its result. Everything else here is plain Rust: the
//! output is a [`FeatureMatrix`] (row-major `f64`, NaN = missing) with the
//! driver and constructor of each row, so the models never need polars.

#[cfg(feature = "data")]
mod aggregate;
#[cfg(feature = "data")]
mod build;
mod catalog;
#[cfg(feature = "data")]
mod history;
mod matrix;
#[cfg(feature = "data")]
mod quali;

#[cfg(feature = "data")]
pub use build::FeatureBuilder;
pub use catalog::{FEATURES, FeatureGroup, FeatureInfo, catalog, names_without};
pub use matrix::{FeatureMatrix, RaceSample, RowKey};

#[cfg(feature = "data")]
pub(crate) use catalog::col;

use serde::{Deserialize, Serialize};

/// One car of a race the dump has no result for: who drives for whom, and
/// (after qualifying) where they start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub driver_ref: String,
    pub constructor_ref: String,
    /// Starting grid slot; `0` = pit lane. `None` before the grid is known.
    #[serde(default)]
    pub grid: Option<u32>,
    #[serde(default)]
    pub quali_position: Option<u32>,
    /// Qualifying lap times in seconds, where set.
    #[serde(default)]
    pub q1: Option<f64>,
    #[serde(default)]
    pub q2: Option<f64>,
    #[serde(default)]
    pub q3: Option<f64>,
}

/// A race to build features for that is not (or not yet) in the dump.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpcomingRace {
    pub year: u16,
    pub round: u32,
    /// Ergast circuit key, e.g. `albert_park`.
    pub circuit_ref: String,
    pub entries: Vec<FieldEntry>,
}

//! Exact pit-strategy optimiser: the fastest race (and the next-best distinct
//! strategies) for one car under a [`TyreModel`], a pit loss and the sporting
//! rules, and the pit-stop window of a car mid-race ([`pit_window`]). See
//! `docs/strategy.md` for the model, the DP and its exactness tests.
//!
//! Pure Rust, no threads: compiles to wasm32 like the rest of the core.

mod brute;
mod dp;
mod laps;
mod rules;
#[cfg(test)]
mod tests;
mod undercut;
mod window;
#[cfg(test)]
mod window_tests;

pub use brute::brute_force;
pub use dp::optimise;
pub use laps::{PlannedLap, lap_by_lap};
pub use undercut::PitDuel;
pub use window::{PitOption, PitWindow, PitWindowRequest, Rival, pit_window};

use crate::domain::Compound;
use crate::tyre::TyreModel;
use serde::{Deserialize, Serialize};

/// Race conditions: which family of compounds may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Weather {
    /// Slicks only (Soft/Medium/Hard), at least two different ones used.
    Dry,
    /// Intermediate/Wet only, no two-compound rule.
    Wet,
}

/// One set of tyres the car has, `age` laps already run on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TyreSet {
    pub compound: Compound,
    #[serde(default)]
    pub age: u32,
}

/// What to optimise. JSON field names are the Rust ones (snake_case).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimiseRequest {
    /// Race distance in laps, 1..=200.
    pub laps: u32,
    /// Seconds lost per pit stop (pit lane + stationary), finite and ≥ 0.
    pub pit_loss: f64,
    pub model: TyreModel,
    /// At most this many stops, ≤ 10.
    pub max_stops: u32,
    /// Every stint runs at least this many laps (≥ 1).
    #[serde(default = "one")]
    pub min_stint: u32,
    pub weather: Weather,
    /// The sets actually available (each used at most once, from its age);
    /// `None` = unlimited new sets of every compound in the model. At most 16.
    #[serde(default)]
    pub sets: Option<Vec<TyreSet>>,
    /// Force the compound of the first stint.
    #[serde(default)]
    pub starting: Option<Compound>,
    /// How many distinct strategies to return, 1..=20.
    #[serde(default = "one")]
    pub top_k: u32,
    /// Compounds already run earlier in the race (mid-race use: the request
    /// then covers the laps still to go). In the dry they count towards the
    /// two-compound rule, so with two different dry compounds here — or an
    /// Intermediate/Wet, which waives the rule — a plan with no stop is allowed.
    #[serde(default)]
    pub compounds_used: Vec<Compound>,
}

fn one() -> u32 {
    1
}

/// One stint of a planned race: laps `first_lap..=last_lap` (1-based) on a
/// set of `compound` that had `start_age` laps on it at the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStint {
    pub compound: Compound,
    pub first_lap: u32,
    pub last_lap: u32,
    pub start_age: u32,
}

/// A full race plan and its modelled race time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// Seconds: every lap's modelled time plus `pit_loss` per stop.
    pub total_time: f64,
    pub stops: u32,
    pub stints: Vec<PlannedStint>,
    /// The in-laps: the car pits at the end of each of these laps
    /// (`stints[i].last_lap` for every stint but the last).
    pub pit_laps: Vec<u32>,
}

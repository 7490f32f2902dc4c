//! Monte Carlo race simulation: the same race run many times with seeded
//! randomness (start, lap-time noise, safety cars, virtual safety cars,
//! retirements), giving each driver's finishing-position distribution,
//! expected points and mean race time. See `docs/strategy.md` ("Monte
//! Carlo") for the model and its measured speed.
//!
//! Deterministic: the same request (seed included) gives the same numbers on
//! every platform, wasm32 too (see [`super::rng`]). Pure Rust, no threads.

mod prepare;
mod race;
mod tally;
#[cfg(test)]
mod tests;

use super::rng::SimRng;
use super::traffic::PassingRule;
use crate::domain::Compound;
use crate::error::Result;
use crate::strategy::{PlannedStint, Weather};
use crate::tyre::TyreModel;
use serde::{Deserialize, Serialize};

/// Points system used when the request names none: the season of the
/// circuit catalogue's calendar.
pub const DEFAULT_POINTS_SEASON: u16 = 2025;
/// Field size limit (positions are counted per car and place).
pub const MAX_CARS: usize = 40;
/// Races per request limit (counts are `u32`).
pub const MAX_RUNS: u32 = 10_000_000;

/// A field to race many times. Race figures not given come from the
/// catalogue circuit named in `circuit`; without one, `laps`, `pit_loss`,
/// `model` and `passing` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonteCarloRequest {
    /// Catalogue `circuit_ref` (`monza`).
    #[serde(default)]
    pub circuit: Option<String>,
    /// Race distance in laps, 1..=200.
    #[serde(default)]
    pub laps: Option<u32>,
    /// Seconds a green-flag stop costs.
    #[serde(default)]
    pub pit_loss: Option<f64>,
    /// The field's reference lap-time model; each car adds its `pace_offset`.
    #[serde(default)]
    pub model: Option<TyreModel>,
    /// Who may pass whom; default the circuit's `overtake_delta`.
    #[serde(default)]
    pub passing: Option<PassingRule>,
    pub cars: Vec<CarEntry>,
    /// Races to run, 1..=10,000,000.
    #[serde(default = "default_runs")]
    pub runs: u32,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub noise: Noise,
    #[serde(default)]
    pub neutralisation: Neutralisation,
    /// Season whose points system scores the races (default 2025).
    #[serde(default)]
    pub points_season: Option<u16>,
    /// Compounds allowed to `optimal` strategies (default DRY).
    #[serde(default)]
    pub weather: Option<Weather>,
    /// Limits for `optimal` strategies: at most this many stops (≤ 10) ...
    #[serde(default = "default_max_stops")]
    pub max_stops: u32,
    /// ... and stints of at least this many laps.
    #[serde(default = "one")]
    pub min_stint: u32,
}

fn default_runs() -> u32 {
    10_000
}
fn default_max_stops() -> u32 {
    3
}
fn one() -> u32 {
    1
}

/// One car of the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarEntry {
    /// Driver key, e.g. `max_verstappen`; names the car in the response.
    pub driver: String,
    /// Seconds per lap against the model (negative = faster).
    #[serde(default)]
    pub pace_offset: f64,
    /// Grid slot, 1-based; give it for every car or for none (then the
    /// list order is the grid).
    #[serde(default)]
    pub grid: Option<u32>,
    #[serde(default)]
    pub strategy: StrategyChoice,
    /// Chance the car retires during the race, 0..=1 (2024: about 0.08).
    #[serde(default)]
    pub dnf_probability: f64,
}

/// A car's tyre plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StrategyChoice {
    /// The `rank`-th best distinct strategy of the DP optimiser (1 = the
    /// fastest) for the request's model, pit loss and limits.
    Optimal {
        #[serde(default = "one")]
        rank: u32,
        #[serde(default)]
        starting: Option<Compound>,
    },
    /// Given stops: the starting compound (new set) and each stop's in-lap
    /// and the new compound (new set).
    Stops {
        starting: Compound,
        #[serde(default)]
        pit_stops: Vec<PitStop>,
    },
}

impl Default for StrategyChoice {
    fn default() -> StrategyChoice {
        StrategyChoice::Optimal {
            rank: 1,
            starting: None,
        }
    }
}

/// The car pits at the end of lap `lap` and leaves on a new set of `compound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PitStop {
    pub lap: u32,
    pub compound: Compound,
}

/// Random spread of lap times. Each is ≥ 0; 0 switches it off.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Noise {
    /// Standard deviation (s) of every green-flag lap.
    pub lap_sd: f64,
    /// Standard deviation (s) of the extra time on lap 1 (launch, first
    /// corners): what reshuffles the grid.
    pub start_sd: f64,
    /// Seconds between consecutive grid slots at the start.
    pub grid_gap: f64,
}

impl Default for Noise {
    fn default() -> Noise {
        Noise {
            lap_sd: 0.3,
            start_sd: 0.8,
            grid_gap: 0.25,
        }
    }
}

/// Safety cars and virtual safety cars: how often, how long, and what they
/// do to lap times, gaps and pit stops.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Neutralisation {
    /// Chance of a safety-car period in a race; `None`: the circuit's
    /// catalogue figure (0 without a circuit).
    pub safety_car_probability: Option<f64>,
    /// Chance of a VSC period; `None` as above.
    pub vsc_probability: Option<f64>,
    /// Laps a safety-car period lasts (1993–2024: 3.7 full laps on average).
    pub safety_car_laps: u32,
    pub vsc_laps: u32,
    /// Lap time behind the safety car, as a multiple of the model's base lap.
    pub safety_car_lap_factor: f64,
    /// Lap time under VSC, as a multiple of the base lap.
    pub vsc_lap_factor: f64,
    /// Pit loss under the safety car, as a share of the green-flag loss.
    pub safety_car_pit_factor: f64,
    /// Pit loss under VSC, as a share of the green-flag loss.
    pub vsc_pit_factor: f64,
    /// Seconds between cars in the safety-car queue (and at the restart).
    pub queue_gap: f64,
    /// Under SC or VSC a car stops now if its next planned stop is at most
    /// this many laps away (0: never brings a stop forward).
    pub pit_window: u32,
}

impl Default for Neutralisation {
    fn default() -> Neutralisation {
        Neutralisation {
            safety_car_probability: None,
            vsc_probability: None,
            safety_car_laps: 4,
            vsc_laps: 2,
            safety_car_lap_factor: 1.4,
            vsc_lap_factor: 1.35,
            safety_car_pit_factor: 0.5,
            vsc_pit_factor: 0.65,
            queue_gap: 0.8,
            pit_window: 5,
        }
    }
}

/// What the runs add up to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonteCarloResponse {
    pub runs: u32,
    pub seed: u64,
    pub laps: u32,
    pub points_season: u16,
    /// The probabilities the runs used (after catalogue defaults).
    pub safety_car_probability: f64,
    pub vsc_probability: f64,
    /// Races that had a safety-car / VSC period.
    pub safety_car_races: u32,
    pub vsc_races: u32,
    /// One entry per car, in request order.
    pub drivers: Vec<DriverOutcome>,
}

/// One driver's results over all runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverOutcome {
    pub driver: String,
    pub grid: u32,
    /// The plan the car started every race with (`optimal` resolved); stops
    /// may come earlier under SC/VSC (see `Neutralisation::pit_window`).
    pub strategy: Vec<PlannedStint>,
    /// `positions[k]`: races finished in place `k + 1`.
    pub positions: Vec<u32>,
    /// `positions[k] / runs`.
    pub position_probabilities: Vec<f64>,
    /// Races not finished; `positions` and `dnf` sum to `runs`.
    pub dnf: u32,
    pub dnf_probability: f64,
    pub win_probability: f64,
    pub podium_probability: f64,
    /// Mean points per race (retirements score 0).
    pub expected_points: f64,
    /// Mean finishing place over the races finished.
    pub mean_position: Option<f64>,
    /// Mean race time (s) over the races finished.
    pub mean_race_time: Option<f64>,
}

/// Runs the request with the generator seeded by `req.seed`.
pub fn simulate(req: &MonteCarloRequest) -> Result<MonteCarloResponse> {
    simulate_with(req, &mut SimRng::new(req.seed))
}

/// As [`simulate`], reporting the races run in at most 100 units (see
/// [`crate::progress`]); the numbers are [`simulate`]'s exactly.
pub fn simulate_with_progress(
    req: &MonteCarloRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MonteCarloResponse> {
    run(req, &mut SimRng::new(req.seed), progress)
}

/// Runs the request drawing from `rng` (the response reports `req.seed`).
pub fn simulate_with(req: &MonteCarloRequest, rng: &mut SimRng) -> Result<MonteCarloResponse> {
    run(req, rng, &mut crate::progress::ignore)
}

fn run(
    req: &MonteCarloRequest,
    rng: &mut SimRng,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MonteCarloResponse> {
    let p = prepare::prepare(req)?;
    let mut race = race::Race::new(&p);
    let mut tally = tally::Tally::new(&p);
    let runs = req.runs as usize; // 1..=MAX_RUNS (checked by `prepare`)
    let units = runs.min(100);
    progress(0, units);
    for i in 0..runs {
        race.run(&p, rng);
        tally.add(&p, &race);
        if (i + 1) * units / runs != i * units / runs {
            progress((i + 1) * units / runs, units);
        }
    }
    Ok(tally.finish(&p, req))
}

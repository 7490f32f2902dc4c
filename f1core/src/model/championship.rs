//! Championship probabilities: Monte Carlo over the rest of a season.
//!
//! As of a round, each remaining race (and sprint) is a Plackett–Luce draw
//! from the drivers' strengths (the pre-qualifying race model's scores),
//! scored with the season's own points system: 2014's double-points finale,
//! half points, sprint tables, the fastest-lap point, dropped scores and
//! best-car-only constructor scoring where the rules had them. Final tables
//! are ranked as `standings` ranks them: points, then countback of places.
//! Everything is plain Rust (wasm32-ready); the randomness is one seeded
//! [`SimRng`](crate::sim::SimRng), so a seed gives the same numbers in
//! every runtime. The kernel is in `championship_sim`.

use super::championship_sim;
use crate::error::{Error, Result};
use crate::standings::{MAX_POSITION, PointsSystem};
use serde::{Deserialize, Serialize};

/// Where the fastest lap lands, by finishing position 1, 2, …: measured on
/// the 126 races of 2019–2024 in the Ergast dump (37, 23, 12, 11, 8, 6, 7,
/// 4, 2, 2 fastest laps from P1–P10; 14 from further back), rounded. The
/// remaining 0.11 is shared evenly by the places behind. A draw per race,
/// independent of who the driver is beyond their finishing place.
pub const FASTEST_LAP_BY_POSITION: [f64; 10] =
    [0.29, 0.18, 0.10, 0.09, 0.06, 0.05, 0.05, 0.03, 0.02, 0.02];

/// Spread of the per-run driver form offset by default: chosen on the
/// 1996–2009 snapshots, before looking at 2010–2024 (docs/prediction.md).
pub const DEFAULT_DRIVER_FORM_SD: f64 = 0.0;

/// Largest number of simulated seasons accepted in one call.
pub const MAX_RUNS: u32 = 10_000_000;

/// A driver as of the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChampionshipDriver {
    pub driver_ref: String,
    /// The constructor the driver races for in the remaining rounds.
    #[serde(default)]
    pub constructor_ref: String,
    /// Points scored so far (after any deduction, before dropped scores).
    #[serde(default)]
    pub points: f64,
    /// Plackett–Luce score (log-strength; only differences matter) for the
    /// remaining races; `None` = does not race again (keeps their points).
    #[serde(default)]
    pub strength: Option<f64>,
    /// Points per round so far, `(round, points)`: needed only when the
    /// season drops scores (before 1991).
    #[serde(default)]
    pub round_points: Vec<(u32, f64)>,
    /// Countback: how many times placed 1st, 2nd, … so far.
    #[serde(default)]
    pub finishes: Vec<u32>,
}

/// A constructor as of the snapshot (a constructor of a listed driver that
/// is missing here starts from 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChampionshipConstructor {
    pub constructor_ref: String,
    #[serde(default)]
    pub points: f64,
    #[serde(default)]
    pub round_points: Vec<(u32, f64)>,
    /// Countback over its cars' places so far.
    #[serde(default)]
    pub finishes: Vec<u32>,
}

/// A round still to run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RemainingRound {
    pub round: u32,
    /// A sprint is held that weekend (scored with the system's sprint table).
    #[serde(default)]
    pub sprint: bool,
}

/// Everything the simulation reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChampionshipRequest {
    pub season: u16,
    /// The last completed round (0 = before the season).
    pub after_round: u32,
    pub drivers: Vec<ChampionshipDriver>,
    #[serde(default)]
    pub constructors: Vec<ChampionshipConstructor>,
    pub remaining: Vec<RemainingRound>,
    /// The season's rules (`PointsSystem::for_season`).
    pub points: PointsSystem,
    pub runs: u32,
    pub seed: u64,
    /// P(fastest lap) by finishing position (see
    /// [`FASTEST_LAP_BY_POSITION`]); the rest is shared by the places behind.
    #[serde(default = "default_fastest_lap")]
    pub fastest_lap_by_position: Vec<f64>,
    /// Spread of a per-run, per-constructor offset added to its drivers'
    /// strengths for the rest of the season: how much the cars' order may
    /// still change (upgrades, form). 0 = strengths are taken as known.
    #[serde(default)]
    pub form_sd: f64,
    /// Spread of a per-run, per-driver offset on top of the constructor's:
    /// how much teammates (and drivers generally) may still move against
    /// each other. 0 = no per-driver form (and no draws for it).
    #[serde(default = "default_driver_form_sd")]
    pub driver_form_sd: f64,
}

fn default_fastest_lap() -> Vec<f64> {
    FASTEST_LAP_BY_POSITION.to_vec()
}

fn default_driver_form_sd() -> f64 {
    DEFAULT_DRIVER_FORM_SD
}

/// One driver's or constructor's outlook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChampionOdds {
    /// `driver_ref` or `constructor_ref`.
    pub key: String,
    /// Counting points at the snapshot (dropped scores applied).
    pub current_points: f64,
    pub p_title: f64,
    pub expected_points: f64,
    /// 5 %, 50 % and 95 % quantiles of the final points.
    pub points_q05: f64,
    pub points_q50: f64,
    pub points_q95: f64,
    pub expected_position: f64,
    /// P(finishing the championship 1st, 2nd, …), one entry per entrant.
    pub p_position: Vec<f64>,
}

/// Both championships, each sorted by title probability, then expected
/// position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChampionshipResponse {
    pub season: u16,
    pub after_round: u32,
    pub runs: u32,
    pub seed: u64,
    pub drivers: Vec<ChampionOdds>,
    pub constructors: Vec<ChampionOdds>,
}

impl ChampionshipResponse {
    pub fn driver(&self, key: &str) -> Option<&ChampionOdds> {
        self.drivers.iter().find(|d| d.key == key)
    }
    pub fn constructor(&self, key: &str) -> Option<&ChampionOdds> {
        self.constructors.iter().find(|d| d.key == key)
    }
}

fn bad(message: String) -> Error {
    Error::InvalidInput(format!("championship request: {message}"))
}

fn check_points(who: &str, points: f64, rounds: &[(u32, f64)], finishes: &[u32]) -> Result<()> {
    if !points.is_finite() {
        return Err(bad(format!("{who}: points {points}")));
    }
    if let Some((r, p)) = rounds.iter().find(|(_, p)| !p.is_finite()) {
        return Err(bad(format!("{who}: round_points of round {r}: {p}")));
    }
    if finishes.len() > MAX_POSITION as usize {
        return Err(bad(format!(
            "{who}: finishes has {} places (at most {MAX_POSITION})",
            finishes.len()
        )));
    }
    Ok(())
}

impl ChampionshipRequest {
    /// Checks every field a simulation relies on; errors name it.
    pub fn validate(&self) -> Result<()> {
        if self.runs == 0 || self.runs > MAX_RUNS {
            return Err(bad(format!("runs {} (1 to {MAX_RUNS})", self.runs)));
        }
        if !(self.form_sd.is_finite() && self.form_sd >= 0.0) {
            return Err(bad(format!("form_sd {}", self.form_sd)));
        }
        if !(self.driver_form_sd.is_finite() && self.driver_form_sd >= 0.0) {
            return Err(bad(format!("driver_form_sd {}", self.driver_form_sd)));
        }
        let fl = &self.fastest_lap_by_position;
        if fl.iter().any(|p| !(p.is_finite() && *p >= 0.0)) || fl.iter().sum::<f64>() > 1.0 + 1e-9 {
            return Err(bad(format!(
                "fastest_lap_by_position {fl:?} (probabilities summing to at most 1)"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for d in &self.drivers {
            let who = format!("driver `{}`", d.driver_ref);
            if d.driver_ref.is_empty() || !seen.insert(d.driver_ref.as_str()) {
                return Err(bad(format!("{who} is empty or listed twice")));
            }
            check_points(&who, d.points, &d.round_points, &d.finishes)?;
            if let Some(s) = d.strength.filter(|s| !s.is_finite()) {
                return Err(bad(format!("{who}: strength {s}")));
            }
            if d.strength.is_some() && d.constructor_ref.is_empty() {
                return Err(bad(format!("{who} races on but has no constructor_ref")));
            }
        }
        if !self.drivers.iter().any(|d| d.strength.is_some()) && !self.remaining.is_empty() {
            return Err(bad(
                "no driver has a strength for the remaining rounds".into()
            ));
        }
        seen.clear();
        for c in &self.constructors {
            let who = format!("constructor `{}`", c.constructor_ref);
            if c.constructor_ref.is_empty() || !seen.insert(c.constructor_ref.as_str()) {
                return Err(bad(format!("{who} is empty or listed twice")));
            }
            check_points(&who, c.points, &c.round_points, &c.finishes)?;
        }
        let mut last = self.after_round;
        for r in &self.remaining {
            if r.round <= last {
                return Err(bad(format!(
                    "remaining round {} (rounds must follow after_round {} in increasing order)",
                    r.round, self.after_round
                )));
            }
            last = r.round;
        }
        // Dropped scores need each entrant's round-by-round points; the two
        // championships may differ (1979–1990: drivers only).
        let lump = |p: f64, rounds: &[(u32, f64)]| p != 0.0 && rounds.is_empty();
        let drivers_lump = !self.points.drop.is_empty()
            && (self.drivers.iter()).any(|d| lump(d.points, &d.round_points));
        let constructors_lump = !self.points.constructor_drop.is_empty()
            && (self.constructors.iter()).any(|c| lump(c.points, &c.round_points));
        if drivers_lump || constructors_lump {
            return Err(bad(format!(
                "the {} rules drop scores: every entrant with points needs round_points",
                self.points.year
            )));
        }
        Ok(())
    }
}

/// Runs the simulation (validating first).
pub fn championship(req: &ChampionshipRequest) -> Result<ChampionshipResponse> {
    championship_with_progress(req, &mut crate::progress::ignore)
}

/// As [`championship`], reporting progress in batches of runs.
pub fn championship_with_progress(
    req: &ChampionshipRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ChampionshipResponse> {
    req.validate()?;
    let (drivers, constructors) = championship_sim::run(req, progress);
    Ok(ChampionshipResponse {
        season: req.season,
        after_round: req.after_round,
        runs: req.runs,
        seed: req.seed,
        drivers,
        constructors,
    })
}

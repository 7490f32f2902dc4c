//! Points systems of the World Championship, 1950 onward.
//!
//! A [`PointsSystem`] says how a season scores: race and sprint tables, the
//! fastest-lap bonus, per-round factors (half points, the 2014 double finale),
//! dropped-score rules and the constructors' own rules. `for_season` encodes
//! the rules of each era (see `docs/standings.md`).

use super::eras::{self, Adjustment};
use serde::{Deserialize, Serialize};

/// "Best `best` results of a block of `rounds` rounds"; a block with
/// `rounds == 0` runs to the end of the season (the usual last block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropBlock {
    pub rounds: u32,
    pub best: u32,
}

/// How a season awards points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsSystem {
    pub year: u16,
    /// Points by finishing position in a Grand Prix (index 0 = winner).
    pub race: Vec<f64>,
    /// Points by finishing position in a sprint.
    pub sprint: Vec<f64>,
    /// Bonus for the fastest lap, and the worst position that may claim it
    /// (`Some(10)` from 2019: top ten only).
    pub fastest_lap: Option<(f64, Option<u32>)>,
    /// Multipliers of race points by round number: 0.5 for half-distance
    /// races, 2.0 for the 2014 finale. Rounds not listed score 1.0.
    #[serde(default)]
    pub round_factors: Vec<(u32, f64)>,
    /// Drivers' dropped-score rule; empty = every result counts.
    #[serde(default)]
    pub drop: Vec<DropBlock>,
    /// Whether a constructors' championship is run (from 1958).
    #[serde(default)]
    pub constructors: bool,
    /// Until 1978 only the best-placed car of a constructor scored.
    #[serde(default)]
    pub constructor_best_car_only: bool,
    /// Whether the fastest-lap bonus also counts for the constructor
    /// (not in 1958–59; yes 2019–24).
    #[serde(default)]
    pub constructor_fastest_lap: bool,
    /// Constructors' dropped-score rule; empty = every result counts.
    #[serde(default)]
    pub constructor_drop: Vec<DropBlock>,
    /// Exclusions, deductions, re-entries (Schumacher 1997, McLaren 2007...).
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
}

impl PointsSystem {
    /// The system in force in `year`. `_rounds` (the season's length) is
    /// kept for API compatibility: every rule that depends on the calendar is
    /// expressed by round number.
    pub fn for_season(year: u16, _rounds: u32) -> PointsSystem {
        let race = match year {
            2010.. => vec![25.0, 18.0, 15.0, 12.0, 10.0, 8.0, 6.0, 4.0, 2.0, 1.0],
            2003..=2009 => vec![10.0, 8.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
            1991..=2002 => vec![10.0, 6.0, 4.0, 3.0, 2.0, 1.0],
            1961..=1990 => vec![9.0, 6.0, 4.0, 3.0, 2.0, 1.0],
            1960 => vec![8.0, 6.0, 4.0, 3.0, 2.0, 1.0],
            _ => vec![8.0, 6.0, 4.0, 3.0, 2.0],
        };
        let sprint = match year {
            2022.. => vec![8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
            2021 => vec![3.0, 2.0, 1.0],
            _ => Vec::new(),
        };
        let fastest_lap = match year {
            2019..=2024 => Some((1.0, Some(10))),
            ..=1959 => Some((1.0, None)),
            _ => None,
        };
        PointsSystem {
            year,
            race,
            sprint,
            fastest_lap,
            round_factors: eras::round_factors(year),
            drop: eras::driver_drops(year),
            constructors: year >= 1958,
            constructor_best_car_only: (1958..=1978).contains(&year),
            constructor_fastest_lap: year >= 2019,
            constructor_drop: eras::constructor_drops(year),
            adjustments: eras::adjustments(year),
        }
    }

    /// Multiplier of round `round`'s points (1.0 unless listed).
    pub fn factor(&self, round: u32) -> f64 {
        self.round_factors
            .iter()
            .find(|(r, _)| *r == round)
            .map_or(1.0, |(_, f)| *f)
    }

    /// Points by position alone (no bonus) in round `round`.
    pub fn position_points(&self, round: u32, position: Option<u32>, sprint: bool) -> f64 {
        let table = if sprint { &self.sprint } else { &self.race };
        let p = position
            .and_then(|p| p.checked_sub(1))
            .and_then(|i| table.get(i as usize).copied())
            .unwrap_or(0.0);
        // Factors scale the Grand Prix only: sprints have never been halved/doubled.
        if sprint { p } else { p * self.factor(round) }
    }

    /// The fastest-lap bonus earned by a car classified `position` whose
    /// fastest lap ranked `fastest_lap_rank`.
    pub fn fastest_lap_points(
        &self,
        position: Option<u32>,
        fastest_lap_rank: Option<u32>,
        sprint: bool,
    ) -> f64 {
        match (self.fastest_lap, fastest_lap_rank, sprint) {
            (Some((pts, limit)), Some(1), false)
                if limit.is_none_or(|l| position.is_some_and(|p| p <= l)) =>
            {
                pts
            }
            _ => 0.0,
        }
    }

    /// Points for one classification in round `round` (round number, not index).
    pub fn points_for(
        &self,
        round: u32,
        position: Option<u32>,
        fastest_lap_rank: Option<u32>,
        sprint: bool,
    ) -> f64 {
        self.position_points(round, position, sprint)
            + self.fastest_lap_points(position, fastest_lap_rank, sprint)
    }
}

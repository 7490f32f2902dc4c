//! Points systems of the World Championship, 1950 onward.

use serde::{Deserialize, Serialize};

/// How a season awards points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsSystem {
    pub year: u16,
    /// Points by finishing position in a Grand Prix (index 0 = winner).
    pub race: Vec<f64>,
    /// Points by finishing position in a sprint.
    pub sprint: Vec<f64>,
    /// Bonus for the fastest lap, and the best position that may claim it
    /// (`Some(10)` from 2019: top ten only).
    pub fastest_lap: Option<(f64, Option<u32>)>,
}

impl PointsSystem {
    /// The system in force in `year` for a season of `rounds` races.
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
            1950..=1959 => Some((1.0, None)),
            _ => None,
        };
        PointsSystem {
            year,
            race,
            sprint,
            fastest_lap,
        }
    }

    /// Points for one classification in round `index` (0-based) of the season.
    pub fn points_for(
        &self,
        _index: usize,
        position: Option<u32>,
        fastest_lap_rank: Option<u32>,
        sprint: bool,
    ) -> f64 {
        let table = if sprint { &self.sprint } else { &self.race };
        let by_position = position
            .and_then(|p| table.get(p as usize - 1).copied())
            .unwrap_or(0.0);
        let bonus = match (self.fastest_lap, fastest_lap_rank, sprint) {
            (Some((pts, limit)), Some(1), false)
                if limit.is_none_or(|l| position.is_some_and(|p| p <= l)) =>
            {
                pts
            }
            _ => 0.0,
        };
        by_position + bonus
    }
}

//! Standings after every round of a season with each name held once: rows
//! refer to the season's drivers and constructors by index, and
//! [`StandingsByRound::standings`] writes a round out as the usual
//! [`Standings`] (same rows, same JSON) when a caller wants one.

use super::Standings;
use crate::domain::{ConstructorStanding, DriverStanding};
use serde::{Deserialize, Serialize};

/// A driver or constructor of the season: key (Ergast ref) and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contender {
    pub key: String,
    pub name: String,
}

/// A row of a drivers' table; its position is its place in the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DriverRow {
    /// Index into [`StandingsByRound::drivers`].
    pub driver: u32,
    /// Range of [`StandingsByRound::teams`]: the constructors the driver
    /// scored or raced for so far, latest last.
    pub teams: (u32, u32),
    pub points: f64,
    pub gross_points: f64,
    pub wins: u32,
    pub excluded: bool,
}

/// A row of a constructors' table; its position is its place in the table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConstructorRow {
    /// Index into [`StandingsByRound::constructors`].
    pub constructor: u32,
    pub points: f64,
    pub gross_points: f64,
    pub wins: u32,
}

/// Both tables after one round, in official order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundTables {
    pub round: u32,
    pub drivers: Vec<DriverRow>,
    pub constructors: Vec<ConstructorRow>,
}

/// Both championships after every round of a season, in round order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StandingsByRound {
    pub year: u16,
    pub drivers: Vec<Contender>,
    pub constructors: Vec<Contender>,
    /// Constructor indexes of the drivers' team lists (see [`DriverRow::teams`]).
    pub teams: Vec<u32>,
    pub rounds: Vec<RoundTables>,
}

impl StandingsByRound {
    /// The constructor keys of a driver row's team list.
    pub fn team_keys(&self, row: &DriverRow) -> impl Iterator<Item = &str> {
        let (a, b) = row.teams;
        self.teams[a as usize..b as usize]
            .iter()
            .map(|&c| self.constructors[c as usize].key.as_str())
    }

    /// The round at `index` (0-based, in round order) as [`Standings`].
    pub fn standings(&self, index: usize) -> Option<Standings> {
        let t = self.rounds.get(index)?;
        let (year, round) = (self.year, t.round);
        let drivers = (t.drivers.iter().enumerate())
            .map(|(i, r)| {
                let who = &self.drivers[r.driver as usize];
                DriverStanding {
                    year,
                    round,
                    position: i as u32 + 1,
                    driver_ref: who.key.clone(),
                    driver_name: who.name.clone(),
                    constructor_refs: self.team_keys(r).map(str::to_string).collect(),
                    points: r.points,
                    gross_points: r.gross_points,
                    wins: r.wins,
                    excluded: r.excluded,
                }
            })
            .collect();
        let constructors = (t.constructors.iter().enumerate())
            .map(|(i, r)| {
                let who = &self.constructors[r.constructor as usize];
                ConstructorStanding {
                    year,
                    round,
                    position: i as u32 + 1,
                    constructor_ref: who.key.clone(),
                    constructor_name: who.name.clone(),
                    points: r.points,
                    gross_points: r.gross_points,
                    wins: r.wins,
                }
            })
            .collect();
        Some(Standings {
            year,
            round,
            drivers,
            constructors,
        })
    }

    /// Every round as [`Standings`] (what [`super::standings_by_round`] returns).
    pub fn to_standings(&self) -> Vec<Standings> {
        (0..self.rounds.len())
            .filter_map(|i| self.standings(i))
            .collect()
    }
}

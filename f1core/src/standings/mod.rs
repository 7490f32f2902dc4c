//! Championship standings computed from results: the season's points system
//! applied round by round, dropped scores, and the countback tie-break.
//!
//! Input is a plain [`SeasonResults`] (JSON-friendly, keyed by Ergast refs),
//! so the same code serves the dump, a binding's JSON, or a simulated season.

mod by_round;
mod eras;
pub(crate) mod numbered;
mod points;
mod season;
mod tally;
#[cfg(test)]
mod tests;

pub use by_round::{ConstructorRow, Contender, DriverRow, RoundTables, StandingsByRound};
pub use eras::{Adjustment, Listing};
pub use points::{DropBlock, PointsSystem};
pub use season::{MAX_POSITION, validate};

use crate::domain::{ConstructorStanding, DriverStanding};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// One car's classification in a race or sprint, as standings need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Driver key (Ergast `driverRef`).
    pub driver: String,
    #[serde(default)]
    pub driver_name: String,
    /// Driver's surname: the published tables list drivers level on
    /// everything else alphabetically by surname, then forename (the rest of
    /// `driver_name`). Empty: `driver_name` is used.
    #[serde(default)]
    pub driver_surname: String,
    /// Constructor key (Ergast `constructorRef`).
    pub constructor: String,
    #[serde(default)]
    pub constructor_name: String,
    /// Classified finishing position; `None` when not classified.
    pub position: Option<u32>,
    /// Place in the full result order, unclassified cars included (Ergast
    /// `positionOrder`; drivers sharing a car share it). `None`: the entry's
    /// place in the round's list.
    #[serde(default)]
    pub order: Option<u32>,
    /// Points as officially awarded, where known. When `None` the season's
    /// points system is applied to `position` (and `fastest_lap_rank`).
    /// Official points carry what positions cannot: shared drives (1950s).
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub fastest_lap_rank: Option<u32>,
    /// Disqualified from this race (Ergast positionText `D`).
    #[serde(default)]
    pub disqualified: bool,
    /// Failed to qualify (Ergast positionText `F`).
    #[serde(default)]
    pub did_not_qualify: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResults {
    pub round: u32,
    #[serde(default)]
    pub name: String,
    /// The Grand Prix classification, in result order: classified cars by
    /// position, then the unclassified (the order is the last tie-break).
    pub race: Vec<Entry>,
    /// The sprint classification, if the weekend had one.
    #[serde(default)]
    pub sprint: Vec<Entry>,
    /// A round that counts for drivers only: the Indianapolis 500 of
    /// 1950–1960 gave no constructors' points.
    #[serde(default)]
    pub drivers_only: bool,
}

/// A season's results, round by round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeasonResults {
    pub year: u16,
    pub rounds: Vec<RoundResults>,
}

/// Both championships after one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standings {
    pub year: u16,
    pub round: u32,
    pub drivers: Vec<DriverStanding>,
    pub constructors: Vec<ConstructorStanding>,
}

/// Standings after `after_round` (the last round in `season` when `None`),
/// under the season's own points system. Invalid input (position 0, absurd
/// positions, negative or non-finite points) is an `Error::InvalidInput`.
pub fn standings(season: &SeasonResults, after_round: Option<u32>) -> Result<Standings> {
    standings_numbered(&numbered::Numbered::of(season), after_round)
}

pub(crate) fn standings_numbered(
    season: &numbered::Numbered,
    after_round: Option<u32>,
) -> Result<Standings> {
    season.validate()?;
    let last = season.rounds.iter().map(|r| r.round).max().unwrap_or(0);
    let round = after_round.unwrap_or(last);
    if !season.rounds.iter().any(|r| r.round == round) {
        return Err(Error::NotFound(format!(
            "round {round} of {} in the results given",
            season.year
        )));
    }
    let system = PointsSystem::for_season(season.year, season.rounds.len() as u32);
    let all = season::run(season, &system, Some(round));
    (all.rounds.len().checked_sub(1))
        .and_then(|last| all.standings(last))
        .filter(|s| s.round == round)
        .ok_or_else(|| Error::NotFound(format!("round {round} of {}", season.year)))
}

/// Standings after every round of the season, in round order. Entries with
/// an invalid position (0 or above [`MAX_POSITION`]) count as unclassified
/// here; call [`validate`] (or [`standings`]) to reject them instead.
pub fn standings_by_round(season: &SeasonResults) -> Result<Vec<Standings>> {
    let system = PointsSystem::for_season(season.year, season.rounds.len() as u32);
    standings_by_round_with(season, &system)
}

/// As [`standings_by_round`], under a given points system (e.g. a
/// what-if: 2024 results under the 1990s table).
pub fn standings_by_round_with(
    season: &SeasonResults,
    system: &PointsSystem,
) -> Result<Vec<Standings>> {
    Ok(every_round_with(season, system)?.to_standings())
}

/// As [`standings_by_round`], with each name held once
/// ([`StandingsByRound`]): the cheap form when every round is wanted.
pub fn every_round(season: &SeasonResults) -> Result<StandingsByRound> {
    let system = PointsSystem::for_season(season.year, season.rounds.len() as u32);
    every_round_with(season, &system)
}

/// As [`every_round`], under a given points system.
pub fn every_round_with(season: &SeasonResults, system: &PointsSystem) -> Result<StandingsByRound> {
    every_round_numbered(&numbered::Numbered::of(season), system)
}

pub(crate) fn every_round_numbered(
    season: &numbered::Numbered,
    system: &PointsSystem,
) -> Result<StandingsByRound> {
    season.validate()?;
    Ok(season::run(season, system, None))
}

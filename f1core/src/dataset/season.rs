//! From dump rows to the standings' input, and standings straight off a `Dataset`.

use super::Dataset;
use crate::domain::{ConstructorStanding, DriverStanding, RaceResult};
use crate::error::{Error, Result};
use crate::standings::{self, Entry, RoundResults, SeasonResults, Standings};

impl Dataset {
    fn entry(&self, r: &RaceResult) -> Entry {
        let d = self.driver(r.driver_id);
        let c = self.constructor(r.constructor_id);
        Entry {
            driver: d.map(|d| d.driver_ref.clone()).unwrap_or_default(),
            driver_name: d.map(|d| d.full_name()).unwrap_or_default(),
            driver_surname: d.map(|d| d.surname.clone()).unwrap_or_default(),
            constructor: c.map(|c| c.constructor_ref.clone()).unwrap_or_default(),
            constructor_name: c.map(|c| c.name.clone()).unwrap_or_default(),
            position: r.position,
            order: Some(r.position_order),
            points: Some(r.points),
            fastest_lap_rank: r.fastest_lap_rank,
            disqualified: r.position_text == "D",
            did_not_qualify: r.position_text == "F",
        }
    }

    /// A season's completed rounds as standings input (official points kept).
    pub fn season_results(&self, year: u16) -> Result<SeasonResults> {
        let races = self.races(year);
        if races.is_empty() {
            return Err(Error::NotFound(format!("season {year}")));
        }
        let rounds = races
            .iter()
            .filter(|r| self.has_results(r.id))
            .map(|r| RoundResults {
                round: r.round,
                name: r.name.clone(),
                race: self
                    .results_slice(r.id)
                    .iter()
                    .map(|x| self.entry(x))
                    .collect(),
                sprint: self
                    .sprint_results_slice(r.id)
                    .iter()
                    .map(|x| self.entry(x))
                    .collect(),
                // The Indianapolis 500 (1950–60) counted for drivers only.
                drivers_only: r.name.contains("Indianapolis"),
            })
            .collect();
        Ok(SeasonResults { year, rounds })
    }

    /// Both championships after `round` (the latest completed when `None`).
    pub fn standings(&self, year: u16, round: Option<u32>) -> Result<Standings> {
        let season = self.season_results(year)?;
        if season.rounds.is_empty() {
            return Err(Error::NotFound(format!("results of season {year}")));
        }
        standings::standings(&season, round)
    }

    pub fn driver_standings(&self, year: u16, round: Option<u32>) -> Result<Vec<DriverStanding>> {
        Ok(self.standings(year, round)?.drivers)
    }

    pub fn constructor_standings(
        &self,
        year: u16,
        round: Option<u32>,
    ) -> Result<Vec<ConstructorStanding>> {
        Ok(self.standings(year, round)?.constructors)
    }
}

//! From dump rows to the standings' input, and standings straight off a `Dataset`.

use super::Dataset;
use crate::domain::{ConstructorStanding, DriverStanding, RaceResult};
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use crate::standings::numbered::{Car, Numbered};
use crate::standings::{
    self, Entry, PointsSystem, RoundResults, SeasonResults, Standings, StandingsByRound,
};

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

    /// [`Dataset::season_results`] with keys numbered, borrowing the
    /// dataset's strings (no per-result copies); the same standings input.
    fn numbered_season<'a>(&'a self, year: u16) -> Result<Numbered<'a>> {
        let races = self.races(year);
        if races.is_empty() {
            return Err(Error::NotFound(format!("season {year}")));
        }
        let mut n = Numbered::new(year);
        let done = || races.iter().filter(|r| self.has_results(r.id));
        n.rounds.reserve(done().count());
        n.cars.reserve(
            done()
                .map(|r| self.results_slice(r.id).len() + self.sprint_results_slice(r.id).len())
                .sum(),
        );
        // Per id: numbered key and name texts, made on first sight.
        let mut drivers: IdMap<[u32; 3]> = IdMap::default();
        let mut constructors: IdMap<[u32; 2]> = IdMap::default();
        let mut car = |n: &mut Numbered<'a>, r: &RaceResult| {
            let [driver, driver_name, driver_surname] =
                drivers.get(r.driver_id).unwrap_or_else(|| {
                    let d = self.driver(r.driver_id);
                    let v = [
                        n.driver(d.map_or("", |d| &d.driver_ref)),
                        n.text(d.map(|d| d.full_name()).unwrap_or_default()),
                        n.text(d.map_or("", |d| &d.surname)),
                    ];
                    drivers.insert(r.driver_id, v);
                    v
                });
            let [constructor, constructor_name] =
                constructors.get(r.constructor_id).unwrap_or_else(|| {
                    let c = self.constructor(r.constructor_id);
                    let v = [
                        n.constructor(c.map_or("", |c| &c.constructor_ref)),
                        n.text(c.map_or("", |c| &c.name)),
                    ];
                    constructors.insert(r.constructor_id, v);
                    v
                });
            n.cars.push(Car {
                driver,
                constructor,
                driver_name,
                driver_surname,
                constructor_name,
                position: r.position,
                order: Some(r.position_order),
                points: Some(r.points),
                fastest_lap_rank: r.fastest_lap_rank,
                disqualified: r.position_text == "D",
                did_not_qualify: r.position_text == "F",
            });
        };
        for r in done() {
            // The Indianapolis 500 (1950–60) counted for drivers only.
            n.push_round(r.round, r.name.contains("Indianapolis"), |n, sprint| {
                let rows = if sprint {
                    self.sprint_results_slice(r.id)
                } else {
                    self.results_slice(r.id)
                };
                for x in rows {
                    car(n, x);
                }
            });
        }
        Ok(n)
    }

    /// Both championships after `round` (the latest completed when `None`).
    pub fn standings(&self, year: u16, round: Option<u32>) -> Result<Standings> {
        let season = self.numbered_season(year)?;
        if season.rounds.is_empty() {
            return Err(Error::NotFound(format!("results of season {year}")));
        }
        standings::standings_numbered(&season, round)
    }

    /// Both championships after every completed round of `year`, each name
    /// held once: `standings_by_round(&self.season_results(year)?)` without
    /// copying names into every row of every round.
    pub fn standings_every_round(&self, year: u16) -> Result<StandingsByRound> {
        let season = self.numbered_season(year)?;
        let system = PointsSystem::for_season(year, season.rounds.len() as u32);
        standings::every_round_numbered(&season, &system)
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

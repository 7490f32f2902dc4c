//! `Dataset`: the whole Ergast dump as typed tables with id indexes, and the
//! queries users expect of it. Pure Rust; loading it from CSV is `crate::data`.

mod views;

pub use views::{QualifyingRow, RaceSummary, ResultRow};

use crate::domain::*;
use crate::error::{Error, Result};
use crate::idmap::IdMap;
use chrono::NaiveDate;

/// The official standings rows published with the dump (`driver_standings.csv`
/// and `constructor_standings.csv`): the reference our own computation is
/// checked against.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OfficialStanding {
    pub race_id: Id,
    /// Driver id or constructor id.
    pub entity_id: Id,
    pub points: f64,
    pub position: Option<u32>,
    pub position_text: String,
    pub wins: u32,
}

/// Every table of the dump, as loaded; `Dataset::from_tables` indexes them.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub seasons: Vec<Season>,
    pub circuits: Vec<Circuit>,
    pub drivers: Vec<Driver>,
    pub constructors: Vec<Constructor>,
    pub statuses: Vec<ResultStatus>,
    pub races: Vec<Race>,
    pub results: Vec<RaceResult>,
    pub sprint_results: Vec<RaceResult>,
    pub qualifying: Vec<QualifyingResult>,
    pub pit_stops: Vec<PitStop>,
    pub driver_standings: Vec<OfficialStanding>,
    pub constructor_standings: Vec<OfficialStanding>,
    pub safety_cars: Vec<SafetyCar>,
    pub red_flags: Vec<RedFlag>,
    pub vsc: Vec<VscLaps>,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    t: Tables,
    driver_ix: IdMap<usize>,
    constructor_ix: IdMap<usize>,
    circuit_ix: IdMap<usize>,
    status_ix: IdMap<usize>,
    race_ix: IdMap<usize>,
    /// Row ranges (start, end) of results / sprint results / qualifying per
    /// race: the rows are sorted by race.
    results_of: IdMap<(usize, usize)>,
    sprints_of: IdMap<(usize, usize)>,
    quali_of: IdMap<(usize, usize)>,
}

/// Ranges of `rows` (sorted by race) per race.
fn group_by_race<T>(rows: &[T], race: impl Fn(&T) -> Id) -> IdMap<(usize, usize)> {
    let mut m = IdMap::default();
    let mut start = 0;
    for i in 1..=rows.len() {
        if i == rows.len() || race(&rows[i]) != race(&rows[start]) {
            m.insert(race(&rows[start]), (start, i));
            start = i;
        }
    }
    m
}

fn index<T>(rows: &[T], id: impl Fn(&T) -> Id) -> IdMap<usize> {
    rows.iter().enumerate().map(|(i, r)| (id(r), i)).collect()
}

impl Dataset {
    /// Indexes loaded tables. Races are kept in (year, round) order, results in
    /// finishing order; references are assumed checked by the loader.
    pub fn from_tables(mut t: Tables) -> Dataset {
        t.seasons.sort_by_key(|s| s.year);
        t.races.sort_by_key(|r| (r.year, r.round));
        t.results.sort_by_key(|r| (r.race_id, r.position_order));
        t.sprint_results
            .sort_by_key(|r| (r.race_id, r.position_order));
        t.qualifying.sort_by_key(|q| (q.race_id, q.position));
        Dataset {
            driver_ix: index(&t.drivers, |d| d.id),
            constructor_ix: index(&t.constructors, |c| c.id),
            circuit_ix: index(&t.circuits, |c| c.id),
            status_ix: index(&t.statuses, |s| s.id),
            race_ix: index(&t.races, |r| r.id),
            results_of: group_by_race(&t.results, |r| r.race_id),
            sprints_of: group_by_race(&t.sprint_results, |r| r.race_id),
            quali_of: group_by_race(&t.qualifying, |q| q.race_id),
            t,
        }
    }

    pub fn tables(&self) -> &Tables {
        &self.t
    }

    pub fn seasons(&self) -> &[Season] {
        &self.t.seasons
    }

    /// Every race of every season in (year, round) order.
    pub fn all_races(&self) -> &[Race] {
        &self.t.races
    }

    pub fn drivers(&self) -> &[Driver] {
        &self.t.drivers
    }

    pub fn constructors(&self) -> &[Constructor] {
        &self.t.constructors
    }

    pub fn circuits(&self) -> &[Circuit] {
        &self.t.circuits
    }

    pub fn driver(&self, id: Id) -> Option<&Driver> {
        self.driver_ix.get(id).map(|i| &self.t.drivers[i])
    }

    pub fn constructor(&self, id: Id) -> Option<&Constructor> {
        self.constructor_ix.get(id).map(|i| &self.t.constructors[i])
    }

    pub fn circuit(&self, id: Id) -> Option<&Circuit> {
        self.circuit_ix.get(id).map(|i| &self.t.circuits[i])
    }

    pub fn status(&self, id: Id) -> Option<&ResultStatus> {
        self.status_ix.get(id).map(|i| &self.t.statuses[i])
    }

    pub fn race_by_id(&self, id: Id) -> Option<&Race> {
        self.race_ix.get(id).map(|i| &self.t.races[i])
    }

    pub fn driver_by_ref(&self, driver_ref: &str) -> Result<&Driver> {
        self.t
            .drivers
            .iter()
            .find(|d| d.driver_ref == driver_ref)
            .ok_or_else(|| Error::NotFound(format!("driver `{driver_ref}`")))
    }

    pub fn constructor_by_ref(&self, constructor_ref: &str) -> Result<&Constructor> {
        self.t
            .constructors
            .iter()
            .find(|c| c.constructor_ref == constructor_ref)
            .ok_or_else(|| Error::NotFound(format!("constructor `{constructor_ref}`")))
    }

    pub fn circuit_by_ref(&self, circuit_ref: &str) -> Result<&Circuit> {
        self.t
            .circuits
            .iter()
            .find(|c| c.circuit_ref == circuit_ref)
            .ok_or_else(|| Error::NotFound(format!("circuit `{circuit_ref}`")))
    }

    /// A season's races in round order (empty slice for an unknown year).
    pub fn races(&self, year: u16) -> &[Race] {
        let start = self.t.races.partition_point(|r| r.year < year);
        let end = self.t.races.partition_point(|r| r.year <= year);
        &self.t.races[start..end]
    }

    pub fn race(&self, year: u16, round: u32) -> Result<&Race> {
        self.races(year)
            .iter()
            .find(|r| r.round == round)
            .ok_or_else(|| Error::NotFound(format!("race {year} round {round}")))
    }

    /// Years with at least one race result.
    pub fn completed_seasons(&self) -> Vec<u16> {
        let mut years: Vec<u16> = self
            .t
            .races
            .iter()
            .filter(|r| self.results_of.contains(r.id))
            .map(|r| r.year)
            .collect();
        years.dedup();
        years
    }

    pub fn has_results(&self, race_id: Id) -> bool {
        self.results_of.contains(race_id)
    }

    fn rows<'a, T>(&self, ix: &IdMap<(usize, usize)>, rows: &'a [T], race_id: Id) -> Vec<&'a T> {
        self.slice(ix, rows, race_id).iter().collect()
    }

    fn slice<'a, T>(&self, ix: &IdMap<(usize, usize)>, rows: &'a [T], race_id: Id) -> &'a [T] {
        ix.get(race_id).map_or(&[], |(a, b)| &rows[a..b])
    }

    /// As `results_of`, without collecting.
    pub(crate) fn results_slice(&self, race_id: Id) -> &[RaceResult] {
        self.slice(&self.results_of, &self.t.results, race_id)
    }

    pub(crate) fn sprint_results_slice(&self, race_id: Id) -> &[RaceResult] {
        self.slice(&self.sprints_of, &self.t.sprint_results, race_id)
    }

    /// A race's results in finishing order (entry-list order for the unclassified).
    pub fn results_of(&self, race_id: Id) -> Vec<&RaceResult> {
        self.rows(&self.results_of, &self.t.results, race_id)
    }

    pub fn sprint_results_of(&self, race_id: Id) -> Vec<&RaceResult> {
        self.rows(&self.sprints_of, &self.t.sprint_results, race_id)
    }

    pub fn qualifying_of(&self, race_id: Id) -> Vec<&QualifyingResult> {
        self.rows(&self.quali_of, &self.t.qualifying, race_id)
    }

    pub fn pit_stops_of(&self, race_id: Id) -> impl Iterator<Item = &PitStop> {
        self.t
            .pit_stops
            .iter()
            .filter(move |p| p.race_id == race_id)
    }

    pub fn safety_cars_of(&self, race_id: Id) -> impl Iterator<Item = &SafetyCar> {
        self.t
            .safety_cars
            .iter()
            .filter(move |s| s.race_id == race_id)
    }

    /// The race in progress on `today`, else the next one scheduled
    /// (seed `GET /races/current`); `None` after the last race in the data.
    pub fn current_race(&self, today: NaiveDate) -> Option<RaceSummary> {
        self.t
            .races
            .iter()
            .map(|r| self.summary(r, today))
            .find(|s| s.status != RaceStatus::Completed)
    }

    /// A race with its circuit and status as of `today`.
    pub fn summary(&self, race: &Race, today: NaiveDate) -> RaceSummary {
        let circuit = self.circuit(race.circuit_id);
        RaceSummary {
            race_id: race.id,
            year: race.year,
            round: race.round,
            name: race.name.clone(),
            date: race.date,
            circuit_ref: circuit.map(|c| c.circuit_ref.clone()).unwrap_or_default(),
            circuit_name: circuit.map(|c| c.name.clone()).unwrap_or_default(),
            country: circuit.map(|c| c.country.clone()).unwrap_or_default(),
            status: race.status_on(today, self.has_results(race.id)),
            has_sprint: race.has_sprint() || self.sprints_of.contains(race.id),
            sessions: race.sessions.clone(),
        }
    }
}

mod season;

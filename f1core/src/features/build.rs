//! The feature builder: for one target race, polars filters the history
//! frame to the races before it and aggregates per driver and constructor.

use super::aggregate::{Aggregates, HistIndex, Scope, get};
use super::history::{self, grid_slot, polars_err, quali_in};
use super::quali::{self, QualiIn};
use super::{FeatureMatrix, RaceSample, RowKey, UpcomingRace, catalog, col};
use crate::analytics::started;
use crate::dataset::Dataset;
use crate::domain::Id;
use crate::error::{Error, Result};
use crate::standings::PointsSystem;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// Builds feature matrices from one `Dataset`; the history frame is made
/// once, so building many races (a walk-forward) stays cheap.
pub struct FeatureBuilder<'a> {
    ds: &'a Dataset,
    hist: DataFrame,
    index: HistIndex,
}

/// One car of the target race.
struct Car {
    key: RowKey,
    grid: Option<u32>,
    quali: QualiIn,
}

/// The race features are built for.
struct Target {
    /// Races before the target in (year, round) order: rows with `k < k`.
    k: u32,
    year: u16,
    round: u32,
    circuit: Option<Id>,
    cars: Vec<Car>,
}

impl<'a> FeatureBuilder<'a> {
    pub fn new(ds: &'a Dataset) -> Result<Self> {
        let hist = history::build(ds)?;
        let index = HistIndex::new(&hist).map_err(polars_err)?;
        Ok(FeatureBuilder { ds, hist, index })
    }

    /// Features of a race of the dump: its starters, grid and qualifying
    /// as the field; its result is never read.
    pub fn race(&self, year: u16, round: u32) -> Result<FeatureMatrix> {
        self.compute(&self.dump_target(year, round)?)
    }

    /// Features and outcome of a race of the dump, for training and
    /// evaluation.
    pub fn sample(&self, year: u16, round: u32) -> Result<RaceSample> {
        let race = self.ds.race(year, round)?;
        let features = self.race(year, round)?;
        let results = self.ds.results_slice(race.id);
        let quali = self.ds.qualifying_of(race.id);
        let finish = (features.rows.iter())
            .map(|k| {
                (results.iter())
                    .find(|r| k.driver_id == Some(r.driver_id) && started(r))
                    .map_or(u32::MAX, |r| r.position_order)
            })
            .collect();
        let quali = (features.rows.iter())
            .map(|k| {
                (quali.iter())
                    .find(|q| k.driver_id == Some(q.driver_id))
                    .map(|q| q.position)
            })
            .collect();
        Ok(RaceSample {
            race_id: race.id,
            year,
            round,
            scoring_places: PointsSystem::for_season(year, 0).race.len(),
            features,
            finish,
            quali,
        })
    }

    /// Samples of every race with results in `years`, in race order.
    pub fn samples(&self, years: std::ops::RangeInclusive<u16>) -> Result<Vec<RaceSample>> {
        self.samples_through(years, u32::MAX)
    }

    /// [`samples`](Self::samples), the last year only through round
    /// `last_round`: a snapshot after that round needs no later race.
    pub fn samples_through(
        &self,
        years: std::ops::RangeInclusive<u16>,
        last_round: u32,
    ) -> Result<Vec<RaceSample>> {
        let last_year = *years.end();
        let mut out = Vec::new();
        for year in years {
            for race in self.ds.races(year) {
                let in_range = year < last_year || race.round <= last_round;
                if in_range && self.ds.has_results(race.id) {
                    out.push(self.sample(year, race.round)?);
                }
            }
        }
        Ok(out)
    }

    /// Features of a race the dump has no result for, from its entry list
    /// (and grid and qualifying once known). Unknown drivers, constructors
    /// or circuit (a rookie, a new team or track) get missing history.
    pub fn upcoming(&self, race: &UpcomingRace) -> Result<FeatureMatrix> {
        if race.entries.is_empty() {
            return Err(Error::InvalidInput("upcoming race: no entries".into()));
        }
        let mut seen = HashSet::new();
        let mut cars = Vec::with_capacity(race.entries.len());
        for e in &race.entries {
            if !seen.insert(e.driver_ref.as_str()) {
                return Err(Error::InvalidInput(format!(
                    "upcoming race: driver `{}` entered twice",
                    e.driver_ref
                )));
            }
            for (what, t) in [("q1", e.q1), ("q2", e.q2), ("q3", e.q3)] {
                if t.is_some_and(|t| !t.is_finite() || t <= 0.0) {
                    return Err(Error::InvalidInput(format!(
                        "upcoming race: driver `{}`: {what} {:?} is not a lap time",
                        e.driver_ref, t
                    )));
                }
            }
            let driver_id = self.ds.driver_by_ref(&e.driver_ref).ok().map(|d| d.id);
            let constructor_id =
                (self.ds.constructor_by_ref(&e.constructor_ref).ok()).map(|c| c.id);
            cars.push(Car {
                key: RowKey {
                    driver_id,
                    driver_ref: e.driver_ref.clone(),
                    constructor_id,
                    constructor_ref: e.constructor_ref.clone(),
                },
                grid: e.grid,
                quali: QualiIn {
                    // Unknown constructors still pair up as teammates.
                    constructor: constructor_id.unwrap_or(u32::MAX - cars.len() as u32 / 2),
                    position: e.quali_position,
                    times: [e.q1, e.q2, e.q3],
                },
            });
        }
        // Teammates without a known constructor id pair by ref.
        for i in 0..cars.len() {
            if cars[i].key.constructor_id.is_none() {
                let first = (cars.iter())
                    .position(|c| c.key.constructor_ref == cars[i].key.constructor_ref)
                    .unwrap_or(i);
                cars[i].quali.constructor = u32::MAX - first as u32;
            }
        }
        let races = self.ds.all_races();
        let k = races.partition_point(|r| (r.year, r.round) < (race.year, race.round));
        self.compute(&Target {
            k: k as u32,
            year: race.year,
            round: race.round,
            circuit: self.ds.circuit_by_ref(&race.circuit_ref).ok().map(|c| c.id),
            cars,
        })
    }

    fn dump_target(&self, year: u16, round: u32) -> Result<Target> {
        let race = self.ds.race(year, round)?;
        if !self.ds.has_results(race.id) {
            return Err(Error::NotFound(format!(
                "results of {year} round {round} (use `upcoming` for a race not yet run)"
            )));
        }
        let quali = self.ds.qualifying_of(race.id);
        let cars = (self.ds.results_slice(race.id).iter())
            .filter(|r| started(r))
            .map(|r| {
                let (d, c) = (
                    self.ds.driver(r.driver_id),
                    self.ds.constructor(r.constructor_id),
                );
                let q = quali.iter().find(|q| q.driver_id == r.driver_id).copied();
                Car {
                    key: RowKey {
                        driver_id: Some(r.driver_id),
                        driver_ref: d.map(|d| d.driver_ref.clone()).unwrap_or_default(),
                        constructor_id: Some(r.constructor_id),
                        constructor_ref: c.map(|c| c.constructor_ref.clone()).unwrap_or_default(),
                    },
                    grid: Some(r.grid),
                    quali: quali_in(r.constructor_id, q),
                }
            })
            .collect();
        let k = self
            .ds
            .all_races()
            .iter()
            .position(|r| r.id == race.id)
            .unwrap_or(0);
        Ok(Target {
            k: k as u32,
            year,
            round,
            circuit: Some(race.circuit_id),
            cars,
        })
    }

    fn compute(&self, t: &Target) -> Result<FeatureMatrix> {
        let ids = |f: fn(&Car) -> Option<Id>| -> Vec<u32> {
            let mut v: Vec<u32> = t.cars.iter().filter_map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let (drivers, constructors) = (ids(|c| c.key.driver_id), ids(|c| c.key.constructor_id));
        let scope = Scope {
            k: t.k,
            year: t.year as u32,
            circuit: t.circuit,
            drivers: &drivers,
            constructors: &constructors,
        };
        let a = Aggregates::new(&self.hist, &self.index, &scope).map_err(polars_err)?;
        let champ = self.championship(t)?;
        let season_started = champ.is_some();
        let qout = quali::derive(&t.cars.iter().map(|c| c.quali).collect::<Vec<_>>());
        let n = t.cars.len();
        let d = catalog::FEATURES.len();
        let mut values = vec![f64::NAN; n * d];
        for (i, car) in t.cars.iter().enumerate() {
            let row = &mut values[i * d..(i + 1) * d];
            let (dr, co) = (car.key.driver_id, car.key.constructor_id);
            let mut set = |name: &str, v: f64| row[col(name)] = v;
            let last5 = [
                "drv_pos_last5",
                "drv_pts_last5",
                "drv_grid_last5",
                "drv_gain_last5",
            ];
            for (j, name) in last5.iter().enumerate() {
                set(name, get(&a.drv_last5, dr, j));
            }
            set("drv_quali_last3", get(&a.drv_quali3, dr, 0));
            set("drv_dnf_last10", get(&a.drv_dnf10, dr, 0));
            // A driver without a start this season has 0 wins, not "unknown".
            let started_season = |j| {
                let v = get(&a.drv_season, dr, j);
                if v.is_nan() && season_started { 0.0 } else { v }
            };
            set("drv_wins_season", started_season(0));
            set("drv_podiums_season", started_season(1));
            set("drv_pos_season", get(&a.drv_season, dr, 2));
            set("drv_tm_ahead_season", get(&a.drv_season, dr, 3));
            set("drv_pos_prev_season", get(&a.drv_prev, dr, 0));
            let starts = get(&a.drv_career, dr, 0);
            set(
                "drv_starts_log",
                if starts.is_nan() { 0.0 } else { starts.ln_1p() },
            );
            set("drv_win_rate", get(&a.drv_career, dr, 1));
            set("drv_tm_quali_last5", get(&a.drv_tm5, dr, 0));
            for (j, name) in ["circ_drv_pos", "circ_drv_best", "circ_drv_laps_share"]
                .iter()
                .enumerate()
            {
                set(name, get(&a.circ_drv, dr, j));
            }
            let cs = get(&a.circ_drv, dr, 3);
            set("circ_drv_starts", if cs.is_nan() { 0.0 } else { cs });
            set("circ_con_pos", get(&a.circ_con, co, 0));
            set("circ_pos_change", a.circ_change);
            for (j, name) in ["con_pos_last5", "con_grid_last5"].iter().enumerate() {
                set(name, get(&a.con_last5, co, j));
            }
            set("con_pts_last5", get(&a.con_pts5, co, 0));
            set("con_dnf_last10", get(&a.con_last10, co, 0));
            set("con_mech_dnf_last10", get(&a.con_last10, co, 1));
            set("con_pts_season", get(&a.con_season, co, 0));
            set("con_wins_season", get(&a.con_season, co, 1));
            set("con_trend_season", get(&a.con_trend, co, 0));
            set("con_pos_prev_season", get(&a.con_prev, co, 0));
            set("con_quali_gap_last3", get(&a.con_qgap3, co, 0));
            if let Some(g) = car.grid {
                let g = grid_slot(g, n);
                set("grid", g);
                set("grid_log", g.ln());
                if let Some(p) = car.quali.position {
                    set("grid_penalty", g - p as f64);
                }
            }
            set("quali_pos", car.quali.position.map_or(f64::NAN, f64::from));
            set("quali_gap_pct", qout[i].gap_pct);
            set("q1_gap_pct", qout[i].q1_gap_pct);
            set("quali_tm_gap_pct", qout[i].tm_gap_pct);
            set("quali_session", qout[i].session);
            if let Some(c) = &champ {
                let (pos, pts) = c
                    .drivers
                    .get(&car.key.driver_ref)
                    .copied()
                    .unwrap_or((f64::NAN, 0.0));
                set("champ_pos", pos);
                set("champ_pts", pts);
                set("champ_gap", c.leader - pts);
                set(
                    "champ_gap_share",
                    if c.leader > 0.0 {
                        (c.leader - pts) / c.leader
                    } else {
                        0.0
                    },
                );
                let cp = c.constructors.get(&car.key.constructor_ref).copied();
                set("con_champ_pos", cp.unwrap_or(f64::NAN));
            }
        }
        Ok(FeatureMatrix {
            columns: catalog::catalog(),
            rows: t.cars.iter().map(|c| c.key.clone()).collect(),
            values,
        })
    }

    /// Standings after the last round of the season before the target.
    fn championship(&self, t: &Target) -> Result<Option<Champ>> {
        let last = (self.ds.races(t.year).iter())
            .filter(|r| r.round < t.round && self.ds.has_results(r.id))
            .map(|r| r.round)
            .max();
        let Some(round) = last else { return Ok(None) };
        let s = self.ds.standings(t.year, Some(round))?;
        Ok(Some(Champ {
            leader: s.drivers.first().map_or(0.0, |d| d.points),
            drivers: (s.drivers.iter())
                .map(|d| (d.driver_ref.clone(), (d.position as f64, d.points)))
                .collect(),
            constructors: (s.constructors.iter())
                .map(|c| (c.constructor_ref.clone(), c.position as f64))
                .collect(),
        }))
    }
}

struct Champ {
    leader: f64,
    drivers: HashMap<String, (f64, f64)>,
    constructors: HashMap<String, f64>,
}

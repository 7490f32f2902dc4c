//! Driver season performance: one pass over a season's races builds every
//! driver's figures, so the whole table costs about as much as one driver.

use super::teammates::{MateTally, TeammateHeadToHead, teammate_rows};
use super::{mean, pole_sitter, started};
use crate::dataset::Dataset;
use crate::domain::{Id, RaceResult};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A driver's season in figures. Averages are `null` when nothing was counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverSeason {
    pub driver_ref: String,
    pub driver_name: String,
    pub year: u16,
    /// Constructors raced for, in order of first race.
    pub constructor_refs: Vec<String>,
    /// Races with a result row (non-starters included).
    pub races_entered: u32,
    /// Races started: not withdrawn, failed to qualify or otherwise a non-starter.
    pub races_started: u32,
    /// Races with a classified position.
    pub classified_finishes: u32,
    /// Mean classified position over classified finishes.
    pub avg_finish: Option<f64>,
    /// Mean grid slot over starts from the grid (pit-lane starts, grid 0, left out).
    pub avg_grid: Option<f64>,
    pub pit_lane_starts: u32,
    /// Races with a qualifying row for the driver.
    pub qualifying_sessions: u32,
    /// Mean qualifying position over those sessions.
    pub avg_qualifying: Option<f64>,
    /// Race plus sprint points as awarded; the official season total (after
    /// dropped scores, pre-1991) is in the standings.
    pub points: f64,
    /// The sprint share of `points`.
    pub sprint_points: f64,
    /// `points / races_started`.
    pub points_per_race: Option<f64>,
    pub wins: u32,
    pub podiums: u32,
    /// Qualifying P1 where the race's qualifying has one, else grid slot 1.
    pub poles: u32,
    /// Fastest-lap rank 1 in the race; `null` for seasons without fastest-lap
    /// data (before 2004).
    pub fastest_laps: Option<u32>,
    /// Starts ending retired, disqualified or not classified.
    pub dnfs: u32,
    /// `dnfs / races_started`.
    pub dnf_rate: Option<f64>,
    /// Every teammate (same constructor, same race), most races together first.
    pub teammates: Vec<TeammateHeadToHead>,
}

/// Running totals for one driver.
#[derive(Debug, Default)]
struct Acc {
    constructors: Vec<Id>,
    entered: u32,
    started: u32,
    finishes: u32,
    finish_sum: f64,
    grid_starts: u32,
    grid_sum: f64,
    pit_lane_starts: u32,
    quali_sessions: u32,
    quali_sum: f64,
    points: f64,
    sprint_points: f64,
    wins: u32,
    podiums: u32,
    poles: u32,
    fastest_laps: u32,
    dnfs: u32,
    mates: Vec<(Id, MateTally)>,
}

impl Acc {
    fn add_entry(&mut self, r: &RaceResult, pole: bool) {
        if !self.constructors.contains(&r.constructor_id) {
            self.constructors.push(r.constructor_id);
        }
        self.entered += 1;
        self.poles += u32::from(pole);
        if let Some(p) = r.position {
            self.finishes += 1;
            self.finish_sum += f64::from(p);
            self.wins += u32::from(p == 1);
            self.podiums += u32::from(p <= 3);
        }
        self.fastest_laps += u32::from(r.fastest_lap_rank == Some(1));
        if !started(r) {
            return;
        }
        self.started += 1;
        if r.grid == 0 {
            self.pit_lane_starts += 1;
        } else {
            self.grid_starts += 1;
            self.grid_sum += f64::from(r.grid);
        }
        self.dnfs += u32::from(r.status_class.is_dnf());
    }

    fn mate(&mut self, id: Id) -> &mut MateTally {
        let i = match self.mates.iter().position(|(m, _)| *m == id) {
            Some(i) => i,
            None => {
                self.mates.push((id, MateTally::default()));
                self.mates.len() - 1
            }
        };
        &mut self.mates[i].1
    }
}

impl Dataset {
    /// One driver's season (`driver_ref` e.g. `max_verstappen`).
    /// `NotFound` for an unknown driver or season, or a driver without a
    /// race result that season.
    pub fn driver_season(&self, driver_ref: &str, year: u16) -> Result<DriverSeason> {
        let driver = self.driver_by_ref(driver_ref)?;
        let (mut accs, has_fl) = self.season_accs(year)?;
        let acc = accs
            .remove(&driver.id)
            .filter(|a| a.entered > 0)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "driver `{driver_ref}` has no race in season {year}"
                ))
            })?;
        Ok(self.driver_season_of(driver.id, year, acc, has_fl))
    }

    /// Every driver with a race result in `year`, by points (then wins,
    /// podiums) descending.
    pub fn season_performance(&self, year: u16) -> Result<Vec<DriverSeason>> {
        let (accs, has_fl) = self.season_accs(year)?;
        let mut rows: Vec<DriverSeason> = accs
            .into_iter()
            .filter(|(_, a)| a.entered > 0)
            .map(|(id, a)| self.driver_season_of(id, year, a, has_fl))
            .collect();
        rows.sort_by(|a, b| {
            b.points
                .total_cmp(&a.points)
                .then_with(|| b.wins.cmp(&a.wins))
                .then_with(|| b.podiums.cmp(&a.podiums))
                .then_with(|| a.driver_ref.cmp(&b.driver_ref))
        });
        Ok(rows)
    }

    /// Totals for every driver of the season, and whether the season has
    /// fastest-lap data at all.
    fn season_accs(&self, year: u16) -> Result<(HashMap<Id, Acc>, bool)> {
        let races = self.races(year);
        if races.is_empty() {
            return Err(Error::NotFound(format!("season {year}")));
        }
        let mut accs: HashMap<Id, Acc> = HashMap::new();
        let mut has_fl = false;
        for race in races {
            let results = self.results_of(race.id);
            let quali = self.qualifying_of(race.id);
            let pole = pole_sitter(&quali, &results);
            has_fl |= results.iter().any(|r| r.fastest_lap_rank.is_some());

            // Shared drives (1950s) give a driver two rows in a race: all
            // rows' points count, the best-placed row stands for the rest.
            let mut entries: Vec<&RaceResult> = Vec::with_capacity(results.len());
            for r in &results {
                accs.entry(r.driver_id).or_default().points += r.points;
                if !entries.iter().any(|e| e.driver_id == r.driver_id) {
                    entries.push(r);
                }
            }
            for r in self.sprint_results_of(race.id) {
                let a = accs.entry(r.driver_id).or_default();
                a.points += r.points;
                a.sprint_points += r.points;
            }
            // Qualifying rows come in position order: the first is the driver's best.
            let mut quali_pos: HashMap<Id, u32> = HashMap::with_capacity(quali.len());
            for q in &quali {
                quali_pos.entry(q.driver_id).or_insert(q.position);
            }
            for (&d, &p) in &quali_pos {
                let a = accs.entry(d).or_default();
                a.quali_sessions += 1;
                a.quali_sum += f64::from(p);
            }

            for (i, me) in entries.iter().enumerate() {
                let my_q = quali_pos.get(&me.driver_id).copied();
                let acc = accs.entry(me.driver_id).or_default();
                acc.add_entry(me, pole == Some(me.driver_id));
                for (j, mate) in entries.iter().enumerate() {
                    if i != j && mate.constructor_id == me.constructor_id {
                        let mate_q = quali_pos.get(&mate.driver_id).copied();
                        acc.mate(mate.driver_id).record(me, mate, my_q, mate_q);
                    }
                }
            }
        }
        if !races.iter().any(|r| self.has_results(r.id)) {
            return Err(Error::NotFound(format!("results of season {year}")));
        }
        Ok((accs, has_fl))
    }

    fn driver_season_of(&self, id: Id, year: u16, a: Acc, has_fl: bool) -> DriverSeason {
        DriverSeason {
            driver_ref: self.driver_ref_of(id),
            driver_name: self.driver_name_of(id),
            year,
            constructor_refs: a
                .constructors
                .iter()
                .map(|&c| self.constructor_ref_of(c))
                .collect(),
            races_entered: a.entered,
            races_started: a.started,
            classified_finishes: a.finishes,
            avg_finish: mean(a.finish_sum, a.finishes),
            avg_grid: mean(a.grid_sum, a.grid_starts),
            pit_lane_starts: a.pit_lane_starts,
            qualifying_sessions: a.quali_sessions,
            avg_qualifying: mean(a.quali_sum, a.quali_sessions),
            points: a.points,
            sprint_points: a.sprint_points,
            points_per_race: mean(a.points, a.started),
            wins: a.wins,
            podiums: a.podiums,
            poles: a.poles,
            fastest_laps: has_fl.then_some(a.fastest_laps),
            dnfs: a.dnfs,
            dnf_rate: mean(f64::from(a.dnfs), a.started),
            teammates: teammate_rows(self, a.mates),
        }
    }
}

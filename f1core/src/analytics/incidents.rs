//! Safety cars and red flags over a set of races, from the dump's extras.

use super::mean;
use crate::dataset::Dataset;
use crate::domain::{Id, Race};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Safety-car figures over the races of seasons `safety_cars.csv` covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafetyCarStats {
    /// First and last season the file covers (see [`Dataset::safety_car_seasons`]).
    pub first_season: Option<u16>,
    pub last_season: Option<u16>,
    /// Races counted: those within the covered seasons.
    pub races: u32,
    pub races_with_safety_car: u32,
    /// `races_with_safety_car / races`.
    pub share: Option<f64>,
    /// Safety-car periods over those races.
    pub deployments: u32,
    /// `deployments / races`.
    pub mean_per_race: Option<f64>,
}

/// Red flags over all the races (the file covers 1950 on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlagStats {
    /// Red-flag periods.
    pub red_flags: u32,
    pub races_with_red_flag: u32,
}

impl Dataset {
    /// Seasons `safety_cars.csv` covers: the latest unbroken run of years
    /// with a deployment (1993–2024 in the shared dump; the lone 1973 row
    /// before it is the first safety car ever, not coverage of the 1970s).
    pub fn safety_car_seasons(&self) -> Option<(u16, u16)> {
        let years: BTreeSet<u16> = self
            .tables()
            .safety_cars
            .iter()
            .filter_map(|s| self.race_by_id(s.race_id))
            .map(|r| r.year)
            .collect();
        let last = *years.last()?;
        let mut first = last;
        while first > 0 && years.contains(&(first - 1)) {
            first -= 1;
        }
        Some((first, last))
    }

    pub(crate) fn safety_car_stats(&self, races: &[&Race]) -> SafetyCarStats {
        let span = self.safety_car_seasons();
        let covered: Vec<Id> = races
            .iter()
            .filter(|r| span.is_some_and(|(a, b)| (a..=b).contains(&r.year)))
            .map(|r| r.id)
            .collect();
        let per_race = count_by_race(
            self.tables().safety_cars.iter().map(|s| s.race_id),
            &covered,
        );
        let deployments: u32 = per_race.values().sum();
        let n = covered.len() as u32;
        let with_sc = per_race.len() as u32;
        SafetyCarStats {
            first_season: span.map(|s| s.0),
            last_season: span.map(|s| s.1),
            races: n,
            races_with_safety_car: with_sc,
            share: mean(f64::from(with_sc), n),
            deployments,
            mean_per_race: mean(f64::from(deployments), n),
        }
    }

    pub(crate) fn red_flag_stats(&self, races: &[&Race]) -> RedFlagStats {
        let ids: Vec<Id> = races.iter().map(|r| r.id).collect();
        let per_race = count_by_race(self.tables().red_flags.iter().map(|f| f.race_id), &ids);
        RedFlagStats {
            red_flags: per_race.values().sum(),
            races_with_red_flag: per_race.len() as u32,
        }
    }
}

/// Rows per race, for the races in `of` only (absent = none).
pub(crate) fn count_by_race(rows: impl Iterator<Item = Id>, of: &[Id]) -> HashMap<Id, u32> {
    let of: HashSet<Id> = of.iter().copied().collect();
    let mut m = HashMap::new();
    for id in rows.filter(|id| of.contains(id)) {
        *m.entry(id).or_insert(0) += 1;
    }
    m
}

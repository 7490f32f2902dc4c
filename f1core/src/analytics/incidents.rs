//! Safety cars and red flags over a set of races, from the dump's extras.

use super::mean;
use crate::dataset::Dataset;
use crate::domain::{Id, Race};
use crate::error::{Error, Result};
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

/// How often races at one circuit were neutralised: the figures the Monte
/// Carlo simulator takes (`sim::monte_carlo::Neutralisation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeutralisationOdds {
    pub circuit_ref: String,
    /// Races counted for the safety car: at the circuit, with results, from
    /// `since`, within the seasons `safety_cars.csv` covers.
    pub safety_car_races: u32,
    /// Share of those races with at least one safety-car period.
    pub safety_car_probability: Option<f64>,
    /// Mean full laps behind the safety car per period, in those races.
    pub mean_safety_car_laps: Option<f64>,
    /// Races counted for the VSC: as above, within the seasons the VSC
    /// estimates cover (2015 on in the shared dump).
    pub vsc_races: u32,
    /// Share of those races with laps under the VSC.
    pub vsc_probability: Option<f64>,
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

    /// Safety-car and VSC odds of races at `circuit_ref` (Ergast ref),
    /// counting seasons from `since` where given.
    pub fn neutralisation_odds(
        &self,
        circuit_ref: &str,
        since: Option<u16>,
    ) -> Result<NeutralisationOdds> {
        let circuit = self.circuit_by_ref(circuit_ref)?;
        let races: Vec<&Race> = self
            .all_races()
            .iter()
            .filter(|r| r.circuit_id == circuit.id && since.is_none_or(|y| r.year >= y))
            .filter(|r| self.has_results(r.id))
            .collect();
        if races.is_empty() {
            let from = since.map(|y| format!(" since {y}")).unwrap_or_default();
            return Err(Error::NotFound(format!(
                "race results at circuit `{circuit_ref}`{from}"
            )));
        }
        let within = |span: Option<(u16, u16)>| -> Vec<&Race> {
            races
                .iter()
                .copied()
                .filter(|r| span.is_some_and(|(a, b)| (a..=b).contains(&r.year)))
                .collect()
        };
        let sc_races = within(self.safety_car_seasons());
        let periods: Vec<u32> = sc_races
            .iter()
            .flat_map(|r| self.safety_cars_of(r.id).map(|s| s.full_laps))
            .collect();
        let with_sc = sc_races
            .iter()
            .filter(|r| self.safety_cars_of(r.id).next().is_some())
            .count() as u32;
        let vsc_ids: HashSet<Id> = self.tables().vsc.iter().map(|v| v.race_id).collect();
        let vsc_years: BTreeSet<u16> = vsc_ids
            .iter()
            .filter_map(|&id| self.race_by_id(id))
            .map(|r| r.year)
            .collect();
        let vsc_span = vsc_years
            .first()
            .zip(vsc_years.last())
            .map(|(a, b)| (*a, *b));
        let vsc_races = within(vsc_span);
        let with_vsc = vsc_races.iter().filter(|r| vsc_ids.contains(&r.id)).count() as u32;
        Ok(NeutralisationOdds {
            circuit_ref: circuit.circuit_ref.clone(),
            safety_car_races: sc_races.len() as u32,
            safety_car_probability: mean(f64::from(with_sc), sc_races.len() as u32),
            mean_safety_car_laps: mean(
                periods.iter().map(|&l| f64::from(l)).sum(),
                periods.len() as u32,
            ),
            vsc_races: vsc_races.len() as u32,
            vsc_probability: mean(f64::from(with_vsc), vsc_races.len() as u32),
        })
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

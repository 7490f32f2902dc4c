//! Circuit insights: what the races held at one circuit add up to.

use super::incidents::count_by_race;
use super::{RedFlagStats, SafetyCarStats, mean, pole_sitter, started};
use crate::dataset::Dataset;
use crate::domain::{Id, Race};
use crate::error::{Error, Result};
use crate::timing::secs;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Everything `Dataset::circuit_insights` reports about a circuit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CircuitInsights {
    pub circuit_ref: String,
    pub circuit_name: String,
    pub location: String,
    pub country: String,
    /// The first season counted, when the caller limited it.
    pub since: Option<u16>,
    /// Races with results counted (a season may hold two, e.g. 2020).
    pub races_held: u32,
    /// Seasons with a race here, ascending.
    pub years: Vec<u16>,
    /// Fastest race lap in the results (fastest-lap times exist from 2004).
    pub lap_record: Option<LapRecord>,
    pub pit_stops: PitStopStats,
    pub pole_to_win: PoleToWin,
    pub safety_cars: SafetyCarStats,
    pub red_flags: RedFlagStats,
    /// Race wins per constructor, most first.
    pub winners_by_constructor: Vec<ConstructorWins>,
    /// Most wins here (ties: more podiums, then driver ref).
    pub most_successful_driver: Option<DriverWins>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LapRecord {
    /// Seconds.
    #[serde(with = "secs")]
    pub time: Duration,
    pub driver_ref: String,
    pub driver_name: String,
    pub constructor_ref: String,
    pub year: u16,
    /// The race it was set in (tells e.g. the 2020 Sakhir GP on Bahrain's
    /// outer loop apart from the Bahrain GP).
    pub race_name: String,
}

/// Pit stops from `pit_stops.csv` (2011 on; a few races lack data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitStopStats {
    /// Races counted: those with pit-stop data.
    pub races: u32,
    pub stops: u32,
    /// Starters in those races (drivers who never stopped included).
    pub starters: u32,
    /// `stops / starters`: average stops per driver per race.
    pub avg_per_driver: Option<f64>,
}

/// How often the pole-sitter (qualifying P1, else grid 1) won.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoleToWin {
    /// Races with both a known pole-sitter and a winner.
    pub races: u32,
    pub pole_wins: u32,
    /// `pole_wins / races`.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConstructorWins {
    pub constructor_ref: String,
    pub constructor_name: String,
    pub wins: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverWins {
    pub driver_ref: String,
    pub driver_name: String,
    pub wins: u32,
    pub podiums: u32,
}

impl Dataset {
    /// Insights over the races with results at `circuit_ref` (e.g. `monza`),
    /// from season `since` on when given.
    pub fn circuit_insights(
        &self,
        circuit_ref: &str,
        since: Option<u16>,
    ) -> Result<CircuitInsights> {
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
        let mut years: Vec<u16> = races.iter().map(|r| r.year).collect();
        years.dedup(); // races are in (year, round) order

        Ok(CircuitInsights {
            circuit_ref: circuit.circuit_ref.clone(),
            circuit_name: circuit.name.clone(),
            location: circuit.location.clone(),
            country: circuit.country.clone(),
            since,
            races_held: races.len() as u32,
            years,
            lap_record: self.lap_record(&races),
            pit_stops: self.pit_stop_stats(&races),
            pole_to_win: self.pole_to_win(&races),
            safety_cars: self.safety_car_stats(&races),
            red_flags: self.red_flag_stats(&races),
            winners_by_constructor: self.winners_by_constructor(&races),
            most_successful_driver: self.most_successful_driver(&races),
        })
    }

    fn lap_record(&self, races: &[&Race]) -> Option<LapRecord> {
        let mut best: Option<(Duration, &Race, Id, Id)> = None;
        for race in races {
            for r in self.results_of(race.id) {
                if let Some(t) = r.fastest_lap_time
                    && best.is_none_or(|b| t < b.0)
                {
                    best = Some((t, race, r.driver_id, r.constructor_id));
                }
            }
        }
        best.map(|(time, race, d, c)| LapRecord {
            time,
            driver_ref: self.driver_ref_of(d),
            driver_name: self.driver_name_of(d),
            constructor_ref: self.constructor_ref_of(c),
            year: race.year,
            race_name: race.name.clone(),
        })
    }

    fn pit_stop_stats(&self, races: &[&Race]) -> PitStopStats {
        let ids: Vec<Id> = races.iter().map(|r| r.id).collect();
        // One pass over all pit stops rather than one per race.
        let per_race = count_by_race(self.tables().pit_stops.iter().map(|p| p.race_id), &ids);
        let starters: u32 = per_race
            .keys()
            .map(|&id| {
                self.results_of(id)
                    .into_iter()
                    .filter(|r| started(r))
                    .count() as u32
            })
            .sum();
        let stops: u32 = per_race.values().sum();
        PitStopStats {
            races: per_race.len() as u32,
            stops,
            starters,
            avg_per_driver: mean(f64::from(stops), starters),
        }
    }

    fn pole_to_win(&self, races: &[&Race]) -> PoleToWin {
        let (mut n, mut wins) = (0, 0);
        for race in races {
            let results = self.results_of(race.id);
            let pole = pole_sitter(&self.qualifying_of(race.id), &results);
            let winners: Vec<Id> = results
                .iter()
                .filter(|r| r.position == Some(1))
                .map(|r| r.driver_id)
                .collect();
            if let Some(p) = pole
                && !winners.is_empty()
            {
                n += 1;
                wins += u32::from(winners.contains(&p));
            }
        }
        PoleToWin {
            races: n,
            pole_wins: wins,
            rate: mean(f64::from(wins), n),
        }
    }

    fn winners_by_constructor(&self, races: &[&Race]) -> Vec<ConstructorWins> {
        let mut wins: Vec<(Id, u32)> = Vec::new();
        for race in races {
            // A shared winning car (1950s) is still one win for its constructor.
            let mut seen: Vec<Id> = Vec::new();
            for r in self
                .results_of(race.id)
                .into_iter()
                .filter(|r| r.position == Some(1))
            {
                if seen.contains(&r.constructor_id) {
                    continue;
                }
                seen.push(r.constructor_id);
                match wins.iter_mut().find(|(c, _)| *c == r.constructor_id) {
                    Some((_, w)) => *w += 1,
                    None => wins.push((r.constructor_id, 1)),
                }
            }
        }
        let mut rows: Vec<ConstructorWins> = wins
            .into_iter()
            .map(|(c, wins)| ConstructorWins {
                constructor_ref: self.constructor_ref_of(c),
                constructor_name: self
                    .constructor(c)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                wins,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.wins
                .cmp(&a.wins)
                .then_with(|| a.constructor_ref.cmp(&b.constructor_ref))
        });
        rows
    }

    fn most_successful_driver(&self, races: &[&Race]) -> Option<DriverWins> {
        // (driver, wins, podiums); a driver counts once per race.
        let mut tally: Vec<(Id, u32, u32)> = Vec::new();
        for race in races {
            let mut seen: Vec<Id> = Vec::new();
            for r in self.results_of(race.id) {
                let Some(p) = r.position.filter(|&p| p <= 3) else {
                    continue;
                };
                if seen.contains(&r.driver_id) {
                    continue;
                }
                seen.push(r.driver_id);
                let i = match tally.iter().position(|t| t.0 == r.driver_id) {
                    Some(i) => i,
                    None => {
                        tally.push((r.driver_id, 0, 0));
                        tally.len() - 1
                    }
                };
                tally[i].1 += u32::from(p == 1);
                tally[i].2 += 1;
            }
        }
        let key = |t: &(Id, u32, u32)| (t.1, t.2);
        tally
            .into_iter()
            .filter(|t| t.1 > 0)
            .map(|t| (key(&t), self.driver_ref_of(t.0), t))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .map(|(_, driver_ref, (d, wins, podiums))| DriverWins {
                driver_ref,
                driver_name: self.driver_name_of(d),
                wins,
                podiums,
            })
    }
}

//! Championship standings computed from results: the season's points system
//! applied round by round, dropped scores, and the countback tie-break.
//!
//! Input is a plain [`SeasonResults`] (JSON-friendly, keyed by Ergast refs),
//! so the same code serves the dump, a binding's JSON, or a simulated season.

mod points;

pub use points::PointsSystem;

use crate::domain::{ConstructorStanding, DriverStanding};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One car's classification in a race or sprint, as standings need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Driver key (Ergast `driverRef`).
    pub driver: String,
    #[serde(default)]
    pub driver_name: String,
    /// Constructor key (Ergast `constructorRef`).
    pub constructor: String,
    #[serde(default)]
    pub constructor_name: String,
    /// Classified finishing position; `None` when not classified.
    pub position: Option<u32>,
    /// Points as officially awarded, where known. When `None` the season's
    /// points system is applied to `position` (and `fastest_lap_rank`).
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub fastest_lap_rank: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResults {
    pub round: u32,
    #[serde(default)]
    pub name: String,
    /// The Grand Prix classification.
    pub race: Vec<Entry>,
    /// The sprint classification, if the weekend had one.
    #[serde(default)]
    pub sprint: Vec<Entry>,
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
/// under the season's own points system.
pub fn standings(season: &SeasonResults, after_round: Option<u32>) -> Result<Standings> {
    let last = season.rounds.iter().map(|r| r.round).max().unwrap_or(0);
    let round = after_round.unwrap_or(last);
    if !season.rounds.iter().any(|r| r.round == round) {
        return Err(Error::NotFound(format!(
            "round {round} of {} in the results given",
            season.year
        )));
    }
    let mut all = standings_by_round(season);
    let at = all
        .iter()
        .position(|s| s.round == round)
        .expect("round checked above");
    Ok(all.swap_remove(at))
}

/// Standings after every round of the season, in round order.
pub fn standings_by_round(season: &SeasonResults) -> Vec<Standings> {
    let system = PointsSystem::for_season(season.year, season.rounds.len() as u32);
    let mut rounds: Vec<&RoundResults> = season.rounds.iter().collect();
    rounds.sort_by_key(|r| r.round);
    let mut drivers = Tally::default();
    let mut constructors = Tally::default();
    rounds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            drivers.add_round(i, r, &system, |e| (&e.driver, &e.driver_name));
            constructors.add_round(i, r, &system, |e| (&e.constructor, &e.constructor_name));
            Standings {
                year: season.year,
                round: r.round,
                drivers: drivers
                    .ranked()
                    .into_iter()
                    .map(|(position, t)| DriverStanding {
                        year: season.year,
                        round: r.round,
                        position,
                        driver_ref: t.key.clone(),
                        driver_name: t.name.clone(),
                        constructor_refs: t.teams.clone(),
                        points: t.points,
                        gross_points: t.points,
                        wins: t.wins(),
                    })
                    .collect(),
                constructors: constructors
                    .ranked()
                    .into_iter()
                    .map(|(position, t)| ConstructorStanding {
                        year: season.year,
                        round: r.round,
                        position,
                        constructor_ref: t.key.clone(),
                        constructor_name: t.name.clone(),
                        points: t.points,
                        gross_points: t.points,
                        wins: t.wins(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    rows: Vec<Total>,
    by_key: HashMap<String, usize>,
}

struct Total {
    key: String,
    name: String,
    teams: Vec<String>,
    points: f64,
    /// finishes[p - 1] = races finished in position p, for countback.
    finishes: Vec<u32>,
}

impl Total {
    fn wins(&self) -> u32 {
        self.finishes.first().copied().unwrap_or(0)
    }
}

impl Tally {
    fn add_round<'e>(
        &mut self,
        index: usize,
        round: &'e RoundResults,
        system: &PointsSystem,
        key: impl Fn(&'e Entry) -> (&'e String, &'e String),
    ) {
        let sessions = [(&round.race, false), (&round.sprint, true)];
        for (entries, sprint) in sessions {
            for e in entries.iter() {
                let (k, name) = key(e);
                let ix = *self.by_key.entry(k.clone()).or_insert_with(|| {
                    self.rows.push(Total {
                        key: k.clone(),
                        name: name.clone(),
                        teams: Vec::new(),
                        points: 0.0,
                        finishes: Vec::new(),
                    });
                    self.rows.len() - 1
                });
                let t = &mut self.rows[ix];
                if !t.teams.contains(&e.constructor) {
                    t.teams.push(e.constructor.clone());
                }
                t.points += e.points.unwrap_or_else(|| {
                    system.points_for(index, e.position, e.fastest_lap_rank, sprint)
                });
                if let (Some(p), false) = (e.position, sprint) {
                    let p = p as usize;
                    if t.finishes.len() < p {
                        t.finishes.resize(p, 0);
                    }
                    t.finishes[p - 1] += 1;
                }
            }
        }
    }

    /// (position, total) by points, then countback of finishing positions.
    fn ranked(&self) -> Vec<(u32, &Total)> {
        let mut v: Vec<&Total> = self.rows.iter().collect();
        v.sort_by(|a, b| {
            b.points
                .total_cmp(&a.points)
                .then_with(|| countback(&b.finishes, &a.finishes))
        });
        v.into_iter()
            .enumerate()
            .map(|(i, t)| (i as u32 + 1, t))
            .collect()
    }
}

/// Compares finish counts position by position (more wins first, ...).
fn countback(a: &[u32], b: &[u32]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .cmp(&b.get(i).copied().unwrap_or(0))
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

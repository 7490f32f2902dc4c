//! A season's results with drivers and constructors numbered by key: the
//! tallies then index vectors instead of hashing and copying strings, and
//! names are copied once per season on output. Built from a
//! [`SeasonResults`] (borrowing its strings) or straight from a `Dataset`.

use super::{Entry, MAX_POSITION, SeasonResults};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// One car's classification, with keys and names as indexes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Car {
    /// Index into `Numbered::driver_keys`.
    pub driver: u32,
    /// Index into `Numbered::constructor_keys`.
    pub constructor: u32,
    /// Indexes into `Numbered::texts`.
    pub driver_name: u32,
    pub driver_surname: u32,
    pub constructor_name: u32,
    pub position: Option<u32>,
    pub order: Option<u32>,
    pub points: Option<f64>,
    pub fastest_lap_rank: Option<u32>,
    pub disqualified: bool,
    pub did_not_qualify: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Round {
    pub round: u32,
    pub drivers_only: bool,
    /// Ranges of `Numbered::cars`.
    pub race: Range<usize>,
    pub sprint: Range<usize>,
}

/// A season's rounds (in the order given) over numbered keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbered<'a> {
    pub year: u16,
    pub driver_keys: Vec<&'a str>,
    pub constructor_keys: Vec<&'a str>,
    pub texts: Vec<Cow<'a, str>>,
    pub cars: Vec<Car>,
    pub rounds: Vec<Round>,
    drivers_by_key: HashMap<&'a str, u32>,
    constructors_by_key: HashMap<&'a str, u32>,
}

fn number<'a>(keys: &mut Vec<&'a str>, by_key: &mut HashMap<&'a str, u32>, key: &'a str) -> u32 {
    *by_key.entry(key).or_insert_with(|| {
        keys.push(key);
        keys.len() as u32 - 1
    })
}

impl<'a> Numbered<'a> {
    pub fn new(year: u16) -> Numbered<'a> {
        Numbered {
            year,
            ..Numbered::default()
        }
    }

    /// Number of a driver key, given on first sight.
    pub fn driver(&mut self, key: &'a str) -> u32 {
        number(&mut self.driver_keys, &mut self.drivers_by_key, key)
    }

    pub fn constructor(&mut self, key: &'a str) -> u32 {
        number(
            &mut self.constructor_keys,
            &mut self.constructors_by_key,
            key,
        )
    }

    pub fn text(&mut self, s: impl Into<Cow<'a, str>>) -> u32 {
        self.texts.push(s.into());
        self.texts.len() as u32 - 1
    }

    /// The number of a key already seen (adjustments name keys).
    pub fn key_index(&self, key: &str, constructor: bool) -> Option<u32> {
        let by_key = if constructor {
            &self.constructors_by_key
        } else {
            &self.drivers_by_key
        };
        by_key.get(key).copied()
    }

    /// Appends a round whose race and sprint are the cars pushed by `fill`
    /// (`fill(self, sprint)`).
    pub fn push_round(
        &mut self,
        round: u32,
        drivers_only: bool,
        mut fill: impl FnMut(&mut Self, bool),
    ) {
        let a = self.cars.len();
        fill(self, false);
        let b = self.cars.len();
        fill(self, true);
        let c = self.cars.len();
        self.rounds.push(Round {
            round,
            drivers_only,
            race: a..b,
            sprint: b..c,
        });
    }

    fn entry(&mut self, e: &'a Entry) -> Car {
        Car {
            driver: self.driver(&e.driver),
            constructor: self.constructor(&e.constructor),
            driver_name: self.text(e.driver_name.as_str()),
            driver_surname: self.text(e.driver_surname.as_str()),
            constructor_name: self.text(e.constructor_name.as_str()),
            position: e.position,
            order: e.order,
            points: e.points,
            fastest_lap_rank: e.fastest_lap_rank,
            disqualified: e.disqualified,
            did_not_qualify: e.did_not_qualify,
        }
    }

    /// The season's results, borrowing its strings.
    pub fn of(season: &'a SeasonResults) -> Numbered<'a> {
        let mut n = Numbered::new(season.year);
        for r in &season.rounds {
            n.push_round(r.round, r.drivers_only, |n, sprint| {
                for e in if sprint { &r.sprint } else { &r.race } {
                    let car = n.entry(e);
                    n.cars.push(car);
                }
            });
        }
        n
    }

    /// Checks what the computation assumes: positions and fastest-lap ranks
    /// in 1..=MAX_POSITION, finite non-negative points, distinct round numbers.
    pub fn validate(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for r in &self.rounds {
            if !seen.insert(r.round) {
                return Err(Error::InvalidInput(format!(
                    "round {} appears twice",
                    r.round
                )));
            }
            for e in &self.cars[r.race.start..r.sprint.end] {
                let bad = |what: &str, v: String| {
                    Error::InvalidInput(format!(
                        "round {}: {} `{}`: {what} {v}",
                        r.round, "driver", self.driver_keys[e.driver as usize]
                    ))
                };
                if let Some(p) = e.position.filter(|p| !(1..=MAX_POSITION).contains(p)) {
                    return Err(bad("position", p.to_string()));
                }
                if let Some(p) = e
                    .fastest_lap_rank
                    .filter(|p| !(1..=MAX_POSITION).contains(p))
                {
                    return Err(bad("fastest_lap_rank", p.to_string()));
                }
                if let Some(p) = e.points.filter(|p| !p.is_finite() || *p < 0.0) {
                    return Err(bad("points", p.to_string()));
                }
            }
        }
        Ok(())
    }
}

//! The real field of one race, read from its lap table: every car's race
//! time lap by lap, plus what the fitted tyre model cannot see — each lap's
//! field-wide effect (start, yellows, safety car) and the time a pit stop
//! costs on the in-lap and the out-lap. The [`replay`](super::replay)
//! simulator runs one car against this field.

use super::measure::borrow_compounds;
use super::traffic::PassingRule;
use crate::domain::{Compound, Lap, Stint, stints};
use crate::error::{Error, Result};
use crate::tyre::TyreModel;
use crate::tyre::fit::{FittedModel, fit};
use std::collections::BTreeMap;

/// One car of the field as it actually raced.
#[derive(Debug, Clone)]
pub(crate) struct FieldCar {
    pub driver: String,
    /// Race time at the end of laps 1..=len (seconds from lights out): the
    /// sum of its lap times.
    pub cum: Vec<f64>,
    /// Laps the table has no time for (estimated from the model).
    pub estimated: Vec<u32>,
    pub team: Option<String>,
    /// Pitted at the end of lap `i + 1` or left the pits at its start.
    pub pitted: Vec<bool>,
    /// Official-order position at the end of its last lap, when known.
    pub position: Option<u32>,
    /// Position at the end of each lap, from the table.
    pub positions: Vec<Option<u32>>,
    pub stints: Vec<Stint>,
    /// Pace offset to the model's mean driver, seconds per lap.
    pub offset: f64,
    /// Its own lap-1 time minus the model's prediction: the start and the
    /// grid slot, which no strategy changes.
    pub start_residual: Option<f64>,
}

impl FieldCar {
    pub fn laps(&self) -> u32 {
        self.cum.len() as u32
    }

    /// Race time at the end of `lap` (1-based), `0` before the start.
    pub fn at(&self, lap: u32) -> Option<f64> {
        match lap {
            0 => Some(0.0),
            l => self.cum.get(l as usize - 1).copied(),
        }
    }
}

/// A race's field, with the fitted model and the measured stop costs.
#[derive(Debug, Clone)]
pub struct RaceField {
    pub(crate) laps: u32,
    pub(crate) cars: Vec<FieldCar>,
    pub(crate) fitted: FittedModel,
    /// The fit plus any borrowed compounds: what the simulator runs on.
    pub(crate) model: TyreModel,
    /// Median over the field of (actual − model) on each lap, index lap − 1.
    pub(crate) lap_effect: Vec<f64>,
    /// Most of the field ran the lap under SC (`Some(true)`) or VSC
    /// (`Some(false)`): nobody passes on track.
    pub(crate) neutralised: Vec<Option<bool>>,
    /// Seconds a stop adds to the in-lap and to the out-lap.
    pub(crate) pit_in_loss: f64,
    pub(crate) pit_out_loss: f64,
    /// Per team (in, out) stop cost, where measured.
    pub(crate) team_pit: Vec<(String, f64, f64)>,
    /// Compounds run too little to fit, modelled from a fitted neighbour.
    pub(crate) borrowed: Vec<Compound>,
    pub(crate) passing: PassingRule,
}

impl RaceField {
    /// Builds the field from a race's lap table, fitting the tyre model to it.
    pub fn from_laps(laps: &[Lap], passing: PassingRule) -> Result<RaceField> {
        let n = laps.iter().map(|l| l.lap_number).max().unwrap_or(0);
        let fitted = fit(laps, n)?;
        RaceField::with_model(laps, fitted, passing)
    }

    /// Builds the field with a model fitted elsewhere. Each driver's pace
    /// offset is measured here as race pace (see `measure`), not taken from
    /// the fit's free-air `driver_offsets`.
    pub fn with_model(
        laps: &[Lap],
        fitted: FittedModel,
        passing: PassingRule,
    ) -> Result<RaceField> {
        passing.validate()?;
        fitted.model.validate()?;
        let (model, borrowed) = borrow_compounds(&fitted, laps);
        let n = laps.iter().map(|l| l.lap_number).max().unwrap_or(0);
        if n < 2 {
            return Err(Error::InvalidInput(format!(
                "a race needs at least 2 laps in its lap table, got {n}"
            )));
        }
        let mut by_driver: BTreeMap<&str, Vec<&Lap>> = BTreeMap::new();
        for l in laps {
            by_driver.entry(l.driver.as_str()).or_default().push(l);
        }
        let all_stints = stints(laps);
        let mut cars = Vec::with_capacity(by_driver.len());
        for (driver, mut own) in by_driver {
            own.sort_by_key(|l| l.lap_number);
            let times = lap_times(driver, &own)?;
            // `lap_times` checked the laps run 1, 2, 3, … without gaps.
            let pitted = own.iter().map(|l| l.pit_in || l.pit_out).collect();
            cars.push(FieldCar {
                driver: driver.to_string(),
                position: own.last().and_then(|l| l.position),
                positions: own.iter().map(|l| l.position).collect(),
                stints: all_stints
                    .iter()
                    .filter(|s| s.driver == driver)
                    .cloned()
                    .collect(),
                offset: 0.0,
                start_residual: None,
                estimated: (1..)
                    .zip(&times)
                    .filter(|(_, t)| t.is_none())
                    .map(|(l, _)| l)
                    .collect(),
                cum: times.iter().map(|t| t.unwrap_or(f64::NAN)).collect(),
                team: own.iter().find_map(|l| l.team.clone()),
                pitted,
            });
        }
        let mut field = RaceField {
            laps: n,
            cars,
            fitted,
            model,
            lap_effect: Vec::new(),
            neutralised: neutralised(laps, n),
            pit_in_loss: 0.0,
            pit_out_loss: 0.0,
            team_pit: Vec::new(),
            borrowed,
            passing,
        };
        field.measure(laps);
        field.fill_and_sum(laps);
        field.respect_positions();
        Ok(field)
    }

    /// Model lap time of a car with pace `offset` (no field effect).
    pub(crate) fn model_lap(&self, offset: f64, c: Compound, age: u32, lap: u32) -> Option<f64> {
        let t = self.model.lap_time(c, age, lap, self.laps)?;
        Some(t + offset)
    }

    /// Seconds a stop adds to a car's in-lap and out-lap: its team's median
    /// where the team stopped at least twice (crews differ by a second or
    /// more), else the field's.
    pub(crate) fn stop_loss(&self, car: &FieldCar) -> (f64, f64) {
        car.team
            .as_ref()
            .and_then(|t| self.team_pit.iter().find(|(team, _, _)| team == t))
            .map_or((self.pit_in_loss, self.pit_out_loss), |&(_, i, o)| (i, o))
    }

    /// Replaces the measured stop cost (e.g. by a catalogue figure) for
    /// every team, keeping the measured split between in-lap and out-lap.
    pub fn set_pit_loss(&mut self, total: f64) -> Result<()> {
        if !(total.is_finite() && total >= 0.0) {
            return Err(Error::InvalidInput(format!(
                "pit loss must be finite and ≥ 0, got {total}"
            )));
        }
        let measured = self.pit_in_loss + self.pit_out_loss;
        let share = if measured > 0.0 {
            (self.pit_in_loss / measured).clamp(0.0, 1.0)
        } else {
            0.45
        };
        self.pit_in_loss = share * total;
        self.pit_out_loss = total - self.pit_in_loss;
        self.team_pit.clear();
        Ok(())
    }

    /// Race distance in laps (the winner's laps).
    pub fn race_laps(&self) -> u32 {
        self.laps
    }

    /// The tyre model fitted to the race (without borrowed compounds).
    pub fn fitted(&self) -> &FittedModel {
        &self.fitted
    }

    /// Measured seconds a stop costs (in-lap + out-lap excess).
    pub fn pit_loss(&self) -> f64 {
        self.pit_in_loss + self.pit_out_loss
    }

    /// Compounds the race ran too little to fit (e.g. softs for a late
    /// fastest-lap attempt): modelled as the nearest fitted compound's wear
    /// with an offset from their own few racing laps.
    pub fn borrowed_compounds(&self) -> &[Compound] {
        &self.borrowed
    }

    /// Timing codes of the field, sorted.
    pub fn drivers(&self) -> Vec<&str> {
        self.cars.iter().map(|c| c.driver.as_str()).collect()
    }

    /// Drivers classified at the finish (≥ 90 % of the race distance), in
    /// official order where the table has positions.
    pub fn classified(&self) -> Vec<&str> {
        let mut v: Vec<&FieldCar> = self
            .cars
            .iter()
            .filter(|c| c.laps() * 10 >= self.laps * 9)
            .collect();
        v.sort_by_key(|c| (c.position.unwrap_or(u32::MAX), u32::MAX - c.laps()));
        v.into_iter().map(|c| c.driver.as_str()).collect()
    }

    /// Laps of a driver the table has no time for, estimated (model, then
    /// raised to agree with the recorded positions).
    pub fn estimated_laps(&self, driver: &str) -> Result<&[u32]> {
        Ok(&self.car(driver)?.estimated)
    }

    /// A driver's actual (laps completed, race time in seconds).
    pub fn actual_race_time(&self, driver: &str) -> Result<(u32, f64)> {
        let c = self.car(driver)?;
        Ok((c.laps(), c.cum.last().copied().unwrap_or(0.0)))
    }

    pub(crate) fn car(&self, driver: &str) -> Result<&FieldCar> {
        self.cars
            .iter()
            .find(|c| c.driver == driver)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "driver {driver:?} is not in this race's lap table (drivers: {})",
                    self.drivers().join(", ")
                ))
            })
    }
}

/// A driver's lap times, lap 1 onwards (`None` where the table has none:
/// FastF1 loses the lap of a long stop, and its `Time` clock with it).
fn lap_times(driver: &str, own: &[&Lap]) -> Result<Vec<Option<f64>>> {
    let mut out = Vec::with_capacity(own.len());
    for (i, l) in own.iter().enumerate() {
        if l.lap_number as usize != i + 1 {
            return Err(Error::InvalidInput(format!(
                "{driver}: lap {} follows lap {} (laps must run 1, 2, 3, … without gaps)",
                l.lap_number, i
            )));
        }
        out.push(l.lap_time.map(|d| d.as_secs_f64()));
    }
    Ok(out)
}

/// Laps most of the field ran under SC (`true`) or VSC (`false`).
fn neutralised(laps: &[Lap], n: u32) -> Vec<Option<bool>> {
    (1..=n)
        .map(|lap| {
            let on: Vec<&Lap> = laps.iter().filter(|l| l.lap_number == lap).collect();
            let sc = on.iter().filter(|l| l.track_status.safety_car).count();
            let vsc = on.iter().filter(|l| l.track_status.vsc).count();
            if 2 * sc > on.len() {
                Some(true)
            } else if 2 * vsc > on.len() {
                Some(false)
            } else {
                None
            }
        })
        .collect()
}

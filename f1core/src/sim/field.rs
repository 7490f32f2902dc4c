//! The real field of one race, read from its lap table: every car's race
//! time lap by lap, plus what the fitted tyre model cannot see — each lap's
//! field-wide effect (start, yellows, safety car) and the time a pit stop
//! costs on the in-lap and the out-lap. The [`replay`](super::replay)
//! simulator runs one car against this field.

use super::traffic::PassingRule;
use crate::domain::{Compound, Lap, Stint, stints};
use crate::error::{Error, Result};
use crate::tyre::fit::{FittedModel, fit};
use crate::tyre::{CompoundModel, TyreModel};
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

    /// Builds the field with a model fitted elsewhere (its `driver_offsets`
    /// are used; drivers it lacks get their own median residual).
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
            let pitted = (1..=times.len() as u32)
                .map(|lap| {
                    own.iter()
                        .any(|l| l.lap_number == lap && (l.pit_in || l.pit_out))
                })
                .collect();
            let offset = fitted
                .driver_offsets
                .iter()
                .find(|(d, _)| d == driver)
                .map(|(_, o)| *o);
            cars.push(FieldCar {
                driver: driver.to_string(),
                position: own.last().and_then(|l| l.position),
                positions: own.iter().map(|l| l.position).collect(),
                stints: all_stints
                    .iter()
                    .filter(|s| s.driver == driver)
                    .cloned()
                    .collect(),
                offset: offset.unwrap_or(f64::NAN),
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

    /// Residuals of the actual laps: the per-lap field effect, drivers the
    /// model has no offset for, the start, and the stop costs.
    fn measure(&mut self, laps: &[Lap]) {
        let idx: BTreeMap<&str, usize> = self
            .cars
            .iter()
            .enumerate()
            .map(|(i, c)| (c.driver.as_str(), i))
            .collect();
        // Residual of each timed lap against the model without driver offset.
        let mut res: Vec<(usize, u32, f64, bool, bool)> = Vec::new();
        for l in laps {
            let (Some(t), Some(c), Some(life)) = (l.lap_time, l.compound, l.tyre_life) else {
                continue;
            };
            let age = life.saturating_sub(1);
            let Some(m) = self.model_lap(0.0, c, age, l.lap_number) else {
                continue;
            };
            res.push((
                idx[l.driver.as_str()],
                l.lap_number,
                t.as_secs_f64() - m,
                l.pit_in,
                l.pit_out,
            ));
        }
        // Race pace, not free-air pace: each driver's offset is the mean
        // residual of their racing laps (lap ≥ 2, no stop) after the field's
        // per-lap effect, so time lost in traffic they habitually ran in
        // counts. Two rounds: the field effect is a median over offsets.
        let n = self.laps as usize;
        for car in self.cars.iter_mut() {
            car.offset = 0.0;
        }
        for _ in 0..2 {
            let mut per_lap: Vec<Vec<f64>> = vec![Vec::new(); n];
            for &(i, lap, r, pin, pout) in &res {
                if !pin && !pout {
                    per_lap[lap as usize - 1].push(r - self.cars[i].offset);
                }
            }
            self.lap_effect = per_lap
                .into_iter()
                .map(|v| if v.is_empty() { 0.0 } else { median(v) })
                .collect();
            for (i, car) in self.cars.iter_mut().enumerate() {
                let own: Vec<f64> = res
                    .iter()
                    .filter(|r| r.0 == i && r.1 > 1 && !r.3 && !r.4)
                    .map(|r| r.2 - self.lap_effect[r.1 as usize - 1])
                    .collect();
                car.offset = if own.is_empty() {
                    0.0
                } else {
                    own.iter().sum::<f64>() / own.len() as f64
                };
            }
        }
        for &(i, lap, r, _, _) in &res {
            if lap == 1 {
                self.cars[i].start_residual = Some(r - self.cars[i].offset);
            }
        }
        let excess = |pick: fn(&(usize, u32, f64, bool, bool)) -> bool| {
            let v: Vec<f64> = res
                .iter()
                .filter(|r| pick(r) && r.1 > 1)
                .map(|r| r.2 - self.cars[r.0].offset - self.lap_effect[r.1 as usize - 1])
                .collect();
            (!v.is_empty()).then(|| median(v))
        };
        // Default split when the table has no timed stops: ~45 % in, 55 % out.
        let total = 20.0;
        self.pit_in_loss = excess(|r| r.3 && !r.4).unwrap_or(0.45 * total);
        self.pit_out_loss = excess(|r| r.4 && !r.3).unwrap_or(0.55 * total);
        let teams: std::collections::BTreeSet<&str> =
            self.cars.iter().filter_map(|c| c.team.as_deref()).collect();
        let mut team_pit = Vec::new();
        for team in teams {
            let of = |pick: fn(&(usize, u32, f64, bool, bool)) -> bool| -> Vec<f64> {
                res.iter()
                    .filter(|r| pick(r) && r.1 > 1 && self.cars[r.0].team.as_deref() == Some(team))
                    .map(|r| r.2 - self.cars[r.0].offset - self.lap_effect[r.1 as usize - 1])
                    .collect()
            };
            let (i, o) = (of(|r| r.3 && !r.4), of(|r| r.4 && !r.3));
            if i.len() >= 2 && o.len() >= 2 {
                team_pit.push((team.to_string(), median(i), median(o)));
            }
        }
        self.team_pit = team_pit;
    }

    /// Estimates laps without a time (model + field effect + the stop's
    /// cost), then turns lap times into race times.
    fn fill_and_sum(&mut self, laps: &[Lap]) {
        for ci in 0..self.cars.len() {
            let car = &self.cars[ci];
            let mut filled = Vec::with_capacity(car.cum.len());
            for (i, &t) in car.cum.iter().enumerate() {
                let lap = i as u32 + 1;
                if !t.is_nan() {
                    filled.push(t);
                    continue;
                }
                let row = laps
                    .iter()
                    .find(|l| l.driver == car.driver && l.lap_number == lap);
                let (pin, pout) = row.map_or((false, false), |l| (l.pit_in, l.pit_out));
                let stint = car
                    .stints
                    .iter()
                    .find(|s| (s.first_lap..=s.last_lap).contains(&lap));
                let model = stint
                    .and_then(|s| {
                        let age = s.start_tyre_age + (lap - s.first_lap);
                        self.model_lap(car.offset, s.compound?, age, lap)
                    })
                    .unwrap_or(self.model.base_lap + car.offset);
                let (pi, po) = self.stop_loss(car);
                filled.push(
                    model
                        + self.lap_effect[i]
                        + if pin { pi } else { 0.0 }
                        + if pout { po } else { 0.0 },
                );
            }
            let mut acc = 0.0;
            self.cars[ci].cum = filled
                .into_iter()
                .map(|t| {
                    acc += t;
                    acc
                })
                .collect();
        }
    }

    /// A lap the table has no time for is usually a long stop, so the
    /// model's estimate can be well short; the recorded positions bound it.
    /// The missing time is raised to at least what puts the car behind the
    /// car recorded one place ahead on every later lap.
    fn respect_positions(&mut self) {
        const EPS: f64 = 0.001;
        for ci in 0..self.cars.len() {
            let Some(&m) = self.cars[ci].estimated.first() else {
                continue;
            };
            let car = &self.cars[ci];
            let mut lo = f64::NEG_INFINITY;
            for lap in m..=car.laps() {
                let (Some(p), Some(own)) = (car.positions[lap as usize - 1], car.at(lap)) else {
                    continue;
                };
                for (cj, other) in self.cars.iter().enumerate() {
                    let (Some(q), Some(t)) = (
                        other.positions.get(lap as usize - 1).copied().flatten(),
                        other.at(lap),
                    ) else {
                        continue;
                    };
                    if cj == ci {
                        continue;
                    }
                    if q + 1 == p {
                        lo = lo.max(t - own + EPS);
                    }
                }
            }
            let shift = if lo.is_finite() { lo.max(0.0) } else { 0.0 };
            if shift > 0.0 {
                let from = m as usize - 1;
                for t in &mut self.cars[ci].cum[from..] {
                    *t += shift;
                }
            }
        }
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

/// Adds to the model every compound the laps use but the fit left out.
fn borrow_compounds(fitted: &FittedModel, laps: &[Lap]) -> (TyreModel, Vec<Compound>) {
    let mut model = fitted.model.clone();
    let mut used: Vec<Compound> = laps.iter().filter_map(|l| l.compound).collect();
    used.sort();
    used.dedup();
    let mut borrowed = Vec::new();
    for c in used {
        let m = &model;
        if m.compound(c).is_some() {
            continue;
        }
        let Some(near) = m
            .compounds
            .iter()
            .filter(|x| x.compound.is_dry() == c.is_dry())
            .min_by_key(|x| (x.compound as i32 - c as i32).abs())
            .copied()
        else {
            continue;
        };
        let offset_of = |d: &str| {
            fitted
                .driver_offsets
                .iter()
                .find(|(x, _)| x == d)
                .map_or(0.0, |(_, o)| *o)
        };
        let diffs: Vec<f64> = laps
            .iter()
            .filter(|l| {
                l.compound == Some(c)
                    && l.lap_number > 1
                    && !l.pit_in
                    && !l.pit_out
                    && l.track_status.is_green()
            })
            .filter_map(|l| {
                let age = l.tyre_life?.saturating_sub(1);
                let t = m.lap_time(near.compound, age, l.lap_number, laps_in(laps))?;
                Some(l.lap_time?.as_secs_f64() - t - offset_of(&l.driver))
            })
            .collect();
        let shift = if diffs.is_empty() { 0.0 } else { median(diffs) };
        model.compounds.push(CompoundModel {
            compound: c,
            offset: near.offset + shift,
            degradation: near.degradation,
        });
        borrowed.push(c);
    }
    (model, borrowed)
}

fn laps_in(laps: &[Lap]) -> u32 {
    laps.iter().map(|l| l.lap_number).max().unwrap_or(0)
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

//! The strategy simulator (seed §4.4): one driver runs a strategy of the
//! user's choosing on the fitted model while the rest of the field runs its
//! actual race; positions come from race times, the passing rule holds a
//! car up behind one it is not fast enough to pass, and stops cost what they
//! cost in this race.

use super::field::{FieldCar, RaceField};
use super::traffic::CarLap;
use crate::domain::Compound;
use crate::error::{Error, Result};
use crate::strategy::{PlannedStint, Weather};
use serde::{Deserialize, Serialize};

/// A stop: pit at the end of `lap`, leave on `compound` (a set `tyre_age`
/// laps old, new by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedStop {
    pub lap: u32,
    pub compound: Compound,
    #[serde(default)]
    pub tyre_age: u32,
}

/// What to simulate, as in the seed's `POST /strategy/simulate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// Which race the field comes from, e.g. `2024-bahrain-grand-prix`;
    /// the core ignores it (the caller built the [`RaceField`]), loaders
    /// and bindings use it to find the lap table.
    #[serde(default)]
    pub race: Option<String>,
    /// Timing code, e.g. `VER`.
    pub driver: String,
    pub pit_stops: Vec<PlannedStop>,
    pub starting_compound: Compound,
    /// Laps already on the starting set; default: the driver's actual
    /// starting age if the compound is the one they started on, else 0.
    #[serde(default)]
    pub starting_tyre_age: Option<u32>,
    pub weather: Weather,
    #[serde(default)]
    pub pace: Pace,
}

/// Where the simulated car's lap times come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Pace {
    /// The driver's actual laps, with the tyre model's difference between
    /// the actual and the requested strategy applied lap by lap (and stops
    /// moved): what happened, changed only where the strategy changes it.
    #[default]
    Actual,
    /// The fitted model alone (race-pace offset, tyre, fuel, the field's
    /// per-lap effect, the team's stop cost): a test of the model.
    Model,
}

/// One lap of the simulated car.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimLap {
    pub lap: u32,
    pub position: u32,
    pub lap_time: f64,
    pub compound: Compound,
    /// Laps on the set at the end of this lap (FastF1's `TyreLife`).
    pub tyre_age: u32,
    /// Seconds behind the leader on the road at the end of the lap.
    pub gap_to_leader: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulateResponse {
    pub driver: String,
    /// Where the driver actually finished (the lap table's last position).
    pub original_position: Option<u32>,
    pub simulated_position: u32,
    /// Seconds gained over the driver's actual strategy run on the same
    /// model (positive = the new strategy is faster).
    pub time_gained: f64,
    /// Simulated race time over `laps_completed` laps.
    pub race_time: f64,
    pub laps_completed: u32,
    pub stints: Vec<PlannedStint>,
    pub lap_by_lap: Vec<SimLap>,
}

/// Gap a car closes to behind the car ahead under the safety car.
const SC_GAP: f64 = 1.0;

impl RaceField {
    /// Runs the request's strategy for its driver against the field.
    pub fn simulate(&self, req: &SimulateRequest) -> Result<SimulateResponse> {
        let car = self.car(&req.driver)?;
        let stints = self.plan(car, req)?;
        let actual_plan = self.actual_plan(car)?;
        let residual = match req.pace {
            Pace::Actual => Some(self.residuals(car, &actual_plan)?),
            Pace::Model => None,
        };
        let run = self.run(car, &stints, residual.as_deref(), false)?;
        let actual = self.run(car, &actual_plan, residual.as_deref(), true)?;
        Ok(SimulateResponse {
            driver: car.driver.clone(),
            original_position: car.position,
            simulated_position: run.position,
            time_gained: actual.full_time - run.full_time,
            race_time: run.race_time,
            laps_completed: run.laps_completed,
            stints,
            lap_by_lap: run.laps,
        })
    }

    /// The driver's actual strategy as a request (to replay it).
    pub fn actual_strategy(&self, driver: &str) -> Result<SimulateRequest> {
        let car = self.car(driver)?;
        let plan = self.actual_plan(car)?;
        Ok(SimulateRequest {
            race: None,
            driver: car.driver.clone(),
            starting_compound: plan[0].compound,
            starting_tyre_age: Some(plan[0].start_age),
            pit_stops: plan[1..]
                .iter()
                .map(|s| PlannedStop {
                    lap: s.first_lap - 1,
                    compound: s.compound,
                    tyre_age: s.start_age,
                })
                .collect(),
            weather: if plan.iter().all(|s| s.compound.is_dry()) {
                Weather::Dry
            } else {
                Weather::Wet
            },
            pace: Pace::Actual,
        })
    }

    /// Per lap, the driver's actual time minus the model's for the actual
    /// plan: traffic, mistakes, conditions — what the strategy does not
    /// change. Zero beyond the car's last lap; a lap the table lacks counts
    /// with its estimate (see `RaceField::estimated_laps`); on stop laps it keeps only the stop's
    /// deviation from the team's usual cost, applied when the new plan
    /// stops on the same lap.
    fn residuals(&self, car: &FieldCar, actual: &[PlannedStint]) -> Result<Vec<(f64, bool)>> {
        let model = self.free_laps(car, actual, true)?;
        Ok((1..=self.laps)
            .map(|lap| {
                let i = lap as usize - 1;
                let Some(t) = car.at(lap).zip(car.at(lap - 1)).map(|(a, b)| a - b) else {
                    return (0.0, false);
                };
                (t - model[i].0, model[i].1)
            })
            .collect())
    }

    fn actual_plan(&self, car: &FieldCar) -> Result<Vec<PlannedStint>> {
        let mut plan: Vec<PlannedStint> = Vec::new();
        for s in &car.stints {
            let compound = s.compound.ok_or_else(|| {
                Error::InvalidInput(format!(
                    "{}: stint {} has no compound in the lap table",
                    car.driver, s.stint
                ))
            })?;
            plan.push(PlannedStint {
                compound,
                first_lap: s.first_lap,
                last_lap: s.last_lap,
                start_age: s.start_tyre_age,
            });
        }
        if plan.is_empty() {
            return Err(Error::InvalidInput(format!("{} has no laps", car.driver)));
        }
        // Run the plan to the flag: the simulator decides where the car stops.
        if let Some(s) = plan.last_mut() {
            s.last_lap = self.laps;
        }
        Ok(plan)
    }

    /// Validates the request and turns it into stints over the full race.
    fn plan(&self, car: &FieldCar, req: &SimulateRequest) -> Result<Vec<PlannedStint>> {
        let n = self.laps;
        let dry = req.weather == Weather::Dry;
        let mut compounds = vec![req.starting_compound];
        compounds.extend(req.pit_stops.iter().map(|s| s.compound));
        for &c in &compounds {
            if c.is_dry() != dry {
                return Err(Error::InvalidInput(format!(
                    "{c:?} is not a {} compound",
                    if dry { "dry" } else { "wet-weather" }
                )));
            }
            if self.model.compound(c).is_none() {
                let have: Vec<Compound> = self.model.compounds.iter().map(|m| m.compound).collect();
                return Err(Error::InvalidInput(format!(
                    "no {c:?} laps in this race to model it (modelled: {have:?})"
                )));
            }
        }
        if dry && compounds.iter().all(|&c| c == compounds[0]) {
            return Err(Error::InvalidInput(
                "a dry race must use two different dry compounds".into(),
            ));
        }
        let mut prev = 0;
        for s in &req.pit_stops {
            if s.lap <= prev || s.lap >= n {
                return Err(Error::InvalidInput(format!(
                    "pit stop on lap {}: stops must be on increasing laps within 1..{n}",
                    s.lap
                )));
            }
            prev = s.lap;
        }
        let start_age = req
            .starting_tyre_age
            .unwrap_or_else(|| match car.stints.first() {
                Some(s) if s.compound == Some(req.starting_compound) => s.start_tyre_age,
                _ => 0,
            });
        let mut plan = vec![PlannedStint {
            compound: req.starting_compound,
            first_lap: 1,
            last_lap: n,
            start_age,
        }];
        for s in &req.pit_stops {
            if let Some(p) = plan.last_mut() {
                p.last_lap = s.lap;
            }
            plan.push(PlannedStint {
                compound: s.compound,
                first_lap: s.lap + 1,
                last_lap: n,
                start_age: s.tyre_age,
            });
        }
        Ok(plan)
    }

    /// The car's free-air lap times over the full distance, with flags for
    /// in/out laps.
    fn free_laps(
        &self,
        car: &FieldCar,
        plan: &[PlannedStint],
        nearest: bool,
    ) -> Result<Vec<(f64, bool, Compound, u32)>> {
        let mut out = Vec::with_capacity(self.laps as usize);
        let (pit_in_loss, pit_out_loss) = self.stop_loss(car);
        for (k, s) in plan.iter().enumerate() {
            for lap in s.first_lap..=s.last_lap {
                let age = s.start_age + (lap - s.first_lap);
                let c = if nearest {
                    self.nearest_modelled(s.compound)
                } else {
                    s.compound
                };
                let model = self
                    .model_lap(car.offset, c, age, lap)
                    .ok_or_else(|| Error::InvalidInput(format!("no model for {c:?}")))?;
                let effect = match (lap, car.start_residual) {
                    (1, Some(r)) => r,
                    _ => self.lap_effect[lap as usize - 1],
                };
                let pit_in = k + 1 < plan.len() && lap == s.last_lap;
                let pit_out = k > 0 && lap == s.first_lap;
                let t = model
                    + effect
                    + if pit_in { pit_in_loss } else { 0.0 }
                    + if pit_out { pit_out_loss } else { 0.0 };
                out.push((t, pit_in || pit_out, s.compound, age + 1));
            }
        }
        Ok(out)
    }

    /// `c` if the model has it, else the closest modelled compound of the
    /// same weather (an actual plan may use a set too briefly to fit, e.g.
    /// softs for a last-laps fastest-lap attempt).
    fn nearest_modelled(&self, c: Compound) -> Compound {
        let m = &self.model;
        if m.compound(c).is_some() {
            return c;
        }
        m.compounds
            .iter()
            .map(|x| x.compound)
            .filter(|x| x.is_dry() == c.is_dry())
            .min_by_key(|&x| (x as i32 - c as i32).abs())
            .unwrap_or(c)
    }

    /// Runs `plan` for `car` against the rest of the field; with
    /// `residual`, the driver's actual laps drive it (see [`Pace::Actual`]).
    fn run(
        &self,
        car: &FieldCar,
        plan: &[PlannedStint],
        residual: Option<&[(f64, bool)]>,
        nearest: bool,
    ) -> Result<Run> {
        let mut free = self.free_laps(car, plan, nearest)?;
        if let Some(res) = residual {
            for (f, &(r, was_stop)) in free.iter_mut().zip(res) {
                // A stop's own deviation only applies where the plan stops too.
                if !was_stop || f.1 {
                    f.0 += r;
                }
            }
        }
        let others: Vec<&FieldCar> = self
            .cars
            .iter()
            .filter(|c| c.driver != car.driver)
            .collect();
        // Time the passing rule added to each other car (held up by ours).
        let mut delay = vec![0.0; others.len()];
        let at = |i: usize, lap: u32, delay: &[f64]| others[i].at(lap).map(|t| t + delay[i]);
        let mut times = Vec::with_capacity(free.len());
        let mut prev = 0.0;
        for (i, &(lap_time, pitted, _, _)) in free.iter().enumerate() {
            let lap = i as u32 + 1;
            let me = CarLap {
                prev,
                lap_time,
                pitted,
            };
            let mut t = prev + lap_time;
            // Lap 1 comes from the start residual: grid order is not modelled.
            if lap > 1 {
                let neutral = self.neutralised[i];
                // Cars ahead at the start of the lap, nearest first.
                let mut ahead: Vec<(usize, f64)> = (0..others.len())
                    .filter_map(|j| Some((j, at(j, lap - 1, &delay)?)))
                    .filter(|&(_, p)| p < prev)
                    .collect();
                ahead.sort_by(|a, b| b.1.total_cmp(&a.1));
                for &(j, p) in &ahead {
                    let Some(tj) = at(j, lap, &delay) else {
                        continue;
                    };
                    let them = CarLap {
                        prev: p,
                        lap_time: tj - p,
                        pitted: others[j].pitted[i],
                    };
                    let may = if neutral.is_some() {
                        pitted || them.pitted
                    } else {
                        self.passing.can_pass(&me, &them)
                    };
                    if t < tj + self.passing.follow_gap && !may {
                        t = tj + self.passing.follow_gap;
                    }
                }
                // Under the safety car the field closes up behind the car ahead.
                if neutral == Some(true) && !pitted {
                    let nearest = ahead
                        .iter()
                        .filter_map(|&(j, _)| at(j, lap, &delay))
                        .filter(|&tj| tj <= t)
                        .max_by(f64::total_cmp);
                    if let Some(tj) = nearest {
                        t = t.min(tj + SC_GAP).max(tj + self.passing.follow_gap);
                    }
                }
                // Cars behind that would pass ours without the pace for it.
                for j in 0..others.len() {
                    let (Some(p), Some(tj)) = (at(j, lap - 1, &delay), at(j, lap, &delay)) else {
                        continue;
                    };
                    if p <= prev || tj >= t + self.passing.follow_gap {
                        continue;
                    }
                    let them = CarLap {
                        prev: p,
                        lap_time: tj - p,
                        pitted: others[j].pitted[i],
                    };
                    let may = if neutral.is_some() {
                        pitted || them.pitted
                    } else {
                        self.passing.can_pass(&them, &me)
                    };
                    if !may {
                        delay[j] += t + self.passing.follow_gap - tj;
                    }
                }
            }
            times.push(t);
            prev = t;
        }
        // The flag falls when the first car completes the distance; every
        // other car finishes the lap it is on.
        let n = self.laps;
        let leader = others
            .iter()
            .enumerate()
            .filter(|(_, c)| c.laps() == n)
            .filter_map(|(j, _)| at(j, n, &delay))
            .chain(std::iter::once(times[n as usize - 1]))
            .fold(f64::INFINITY, f64::min);
        let laps_completed = (1..=n)
            .take_while(|&l| l == 1 || times[l as usize - 2] < leader)
            .count() as u32;
        let race_time = times[laps_completed as usize - 1];
        let position = 1
            + (0..others.len())
                .filter(|&j| {
                    let l = others[j].laps();
                    l > laps_completed
                        || (l == laps_completed
                            && at(j, l, &delay).is_some_and(|tj| tj < race_time))
                })
                .count() as u32;
        let laps = free
            .iter()
            .zip(&times)
            .enumerate()
            .map(|(i, (&(_, _, compound, tyre_age), &t))| {
                let lap = i as u32 + 1;
                let field: Vec<f64> = (0..others.len())
                    .filter_map(|j| at(j, lap, &delay))
                    .collect();
                let first = field.iter().copied().fold(t, f64::min);
                SimLap {
                    lap,
                    position: 1 + field.iter().filter(|&&tj| tj < t).count() as u32,
                    lap_time: t - if i == 0 { 0.0 } else { times[i - 1] },
                    compound,
                    tyre_age,
                    gap_to_leader: t - first,
                }
            })
            .take(laps_completed as usize)
            .collect();
        Ok(Run {
            position,
            race_time,
            laps_completed,
            full_time: times[n as usize - 1],
            laps,
        })
    }
}

struct Run {
    position: u32,
    race_time: f64,
    laps_completed: u32,
    /// Race time over the full distance (to compare strategies).
    full_time: f64,
    laps: Vec<SimLap>,
}

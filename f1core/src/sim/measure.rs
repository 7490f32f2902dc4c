//! What the lap table says beyond the tyre model: each driver's race pace,
//! the field's per-lap effect, stop costs (field and team), the laps FastF1
//! lost, and compounds run too little to fit.

use super::field::RaceField;
use crate::domain::{Compound, Lap};
use crate::tyre::fit::FittedModel;
use crate::tyre::{CompoundModel, TyreModel};
use std::collections::BTreeMap;

impl RaceField {
    /// Residuals of the actual laps: the per-lap field effect, drivers the
    /// model has no offset for, the start, and the stop costs.
    pub(super) fn measure(&mut self, laps: &[Lap]) {
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
    pub(super) fn fill_and_sum(&mut self, laps: &[Lap]) {
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
    pub(super) fn respect_positions(&mut self) {
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
}

/// Adds to the model every compound the laps use but the fit left out.
pub(super) fn borrow_compounds(fitted: &FittedModel, laps: &[Lap]) -> (TyreModel, Vec<Compound>) {
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

pub(super) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

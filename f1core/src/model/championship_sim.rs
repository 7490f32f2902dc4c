//! The championship Monte Carlo kernel (see `championship`): one run plays
//! every remaining round, scores it by the season's rules and ranks both
//! final tables; the runs are tallied into probabilities.

use super::championship::{ChampionOdds, ChampionshipRequest};
use super::championship_table::{Entrant, State, Table};
use crate::sim::SimRng;
use crate::standings::PointsSystem;
use std::cmp::Ordering;

/// Countback over two place-count rows: `Less` when `a` ranks ahead.
fn countback(a: &[u32], b: &[u32]) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| y.cmp(x))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Tallies of one table over the runs.
struct Tally {
    positions: Vec<u64>,
    points_sum: Vec<f64>,
    /// Final points, run-major.
    finals: Vec<f32>,
    order: Vec<usize>,
    net: Vec<f64>,
    scratch: Vec<(u32, f64)>,
}

impl Tally {
    fn new(n: usize, runs: usize) -> Tally {
        Tally {
            positions: vec![0; n * n],
            points_sum: vec![0.0; n],
            finals: Vec::with_capacity(n * runs),
            order: (0..n).collect(),
            net: vec![0.0; n],
            scratch: Vec::new(),
        }
    }

    fn add(&mut self, t: &Table, s: &State, rem: &[u32], places: usize) {
        let n = t.len();
        for i in 0..n {
            self.net[i] = t.net(s, rem, i, &mut self.scratch);
            self.points_sum[i] += self.net[i];
            self.finals.push(self.net[i] as f32);
        }
        let net = &self.net;
        let fin = |i: usize| &s.finishes[i * places..(i + 1) * places];
        self.order.sort_unstable_by(|&a, &b| {
            (t.excluded[a].cmp(&t.excluded[b]))
                .then_with(|| net[b].total_cmp(&net[a]))
                .then_with(|| countback(fin(a), fin(b)))
                .then_with(|| a.cmp(&b))
        });
        for (pos, &i) in self.order.iter().enumerate() {
            self.positions[i * n + pos] += 1;
        }
    }

    fn odds(&mut self, t: &Table, runs: usize) -> Vec<ChampionOdds> {
        let n = t.len();
        let r = runs as f64;
        let mut column = Vec::with_capacity(runs);
        let mut out: Vec<ChampionOdds> = (0..n)
            .map(|i| {
                column.clear();
                column.extend((0..runs).map(|k| self.finals[k * n + i]));
                column.sort_by(|a, b| a.total_cmp(b));
                let q = |p: f64| f64::from(column[((runs - 1) as f64 * p).round() as usize]);
                let p_position: Vec<f64> = (0..n)
                    .map(|p| self.positions[i * n + p] as f64 / r)
                    .collect();
                ChampionOdds {
                    key: t.keys[i].clone(),
                    current_points: t.current(i),
                    p_title: p_position.first().copied().unwrap_or(0.0),
                    expected_points: self.points_sum[i] / r,
                    points_q05: q(0.05),
                    points_q50: q(0.5),
                    points_q95: q(0.95),
                    expected_position: (p_position.iter().enumerate())
                        .map(|(p, x)| (p + 1) as f64 * x)
                        .sum(),
                    p_position,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (b.p_title.total_cmp(&a.p_title))
                .then_with(|| a.expected_position.total_cmp(&b.expected_position))
        });
        out
    }
}

/// Points per finishing place of each remaining round (race, sprint).
struct RoundPoints {
    race: Vec<f64>,
    sprint: Option<Vec<f64>>,
}

fn round_points(sys: &PointsSystem, round: u32, sprint: bool, field: usize) -> RoundPoints {
    let table = |sprint: bool| -> Vec<f64> {
        (1..=field as u32)
            .map(|p| sys.position_points(round, Some(p), sprint))
            .collect()
    };
    RoundPoints {
        race: table(false),
        sprint: sprint.then(|| table(true)),
    }
}

/// Cumulative P(fastest lap) by finishing place, over the field.
fn fastest_lap_cdf(weights: &[f64], field: usize) -> Vec<f64> {
    let head: Vec<f64> = weights.iter().copied().take(field).collect();
    let rest = field - head.len();
    let spare = (1.0 - head.iter().sum::<f64>()).max(0.0);
    let mut p: Vec<f64> = head;
    p.extend(std::iter::repeat_n(spare / rest.max(1) as f64, rest));
    let total: f64 = p.iter().sum();
    let mut acc = 0.0;
    p.iter()
        .map(|x| {
            acc += if total > 0.0 {
                x / total
            } else {
                1.0 / field as f64
            };
            acc
        })
        .collect()
}

/// The simulation proper (the request is valid).
pub(super) fn run(
    req: &ChampionshipRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<ChampionOdds>, Vec<ChampionOdds>) {
    let sys = &req.points;
    let drivers = Table::new(
        req,
        (req.drivers.iter())
            .map(|d| {
                (
                    d.driver_ref.clone(),
                    d.points,
                    d.round_points.clone(),
                    d.finishes.clone(),
                )
            })
            .collect(),
        false,
    );
    let mut cons: Vec<Entrant> = (req.constructors.iter())
        .map(|c| {
            (
                c.constructor_ref.clone(),
                c.points,
                c.round_points.clone(),
                c.finishes.clone(),
            )
        })
        .collect();
    for d in req.drivers.iter().filter(|d| d.strength.is_some()) {
        if !cons.iter().any(|c| c.0 == d.constructor_ref) {
            cons.push((d.constructor_ref.clone(), 0.0, Vec::new(), Vec::new()));
        }
    }
    let constructors = Table::new(req, cons, true);
    // The field: drivers racing on, their constructor and strength.
    let racers: Vec<usize> = (0..req.drivers.len())
        .filter(|&i| req.drivers[i].strength.is_some())
        .collect();
    let team: Vec<usize> = (racers.iter())
        .map(|&i| {
            let c = &req.drivers[i].constructor_ref;
            constructors.keys.iter().position(|k| k == c).unwrap_or(0)
        })
        .collect();
    let strength: Vec<f64> = racers
        .iter()
        .map(|&i| req.drivers[i].strength.unwrap_or(0.0))
        .collect();
    let top = strength.iter().copied().fold(f64::MIN, f64::max);
    let field = racers.len();
    let places = (drivers
        .base_finishes
        .iter()
        .chain(&constructors.base_finishes))
    .map(Vec::len)
    .max()
    .unwrap_or(0)
    .max(field);
    let rem: Vec<u32> = req.remaining.iter().map(|r| r.round).collect();
    let points: Vec<RoundPoints> = (req.remaining.iter())
        .map(|r| round_points(sys, r.round, r.sprint, field))
        .collect();
    let fl_cdf = fastest_lap_cdf(&req.fastest_lap_by_position, field);
    let fl = sys.fastest_lap;
    let runs = req.runs as usize;
    let mut rng = SimRng::new(req.seed);
    let (mut ds, mut cs) = (
        drivers.state(places, rem.len()),
        constructors.state(places, rem.len()),
    );
    let (mut dt, mut ct) = (
        Tally::new(drivers.len(), runs),
        Tally::new(constructors.len(), runs),
    );
    let mut weight = vec![0.0; field];
    let mut key = vec![0.0; field];
    let mut order: Vec<usize> = (0..field).collect();
    let mut offset = vec![0.0; constructors.len()];
    let mut own = vec![0.0; field];
    let mut best = vec![usize::MAX; constructors.len()];
    let batches = runs.min(100);
    progress(0, batches);
    for run in 0..runs {
        drivers.reset(&mut ds, places);
        constructors.reset(&mut cs, places);
        if req.form_sd > 0.0 {
            for o in offset.iter_mut() {
                *o = req.form_sd * rng.normal();
            }
        }
        // Drawn after the constructors' and only when asked for, so that
        // driver_form_sd = 0 leaves the random stream (and every number)
        // as it was without it.
        if req.driver_form_sd > 0.0 {
            for o in own.iter_mut() {
                *o = req.driver_form_sd * rng.normal();
            }
        }
        // Exponential race: car k is done at Eₖ·e^{-sₖ}, Eₖ ~ Exp(1). Its
        // order is that of the Gumbel-max keys sₖ − ln Eₖ (−ln Eₖ is a
        // standard Gumbel): one draw and one log per car per race.
        for (k, w) in weight.iter_mut().enumerate() {
            let s = (strength[k] + offset[team[k]] + own[k] - top).max(-700.0);
            *w = libm::exp(-s);
        }
        for (ri, rp) in points.iter().enumerate() {
            drivers.restart_at(&mut ds, ri, places);
            constructors.restart_at(&mut cs, ri, places);
            let nr = rem.len();
            if let Some(table) = &rp.sprint {
                draw(&mut rng, &weight, &mut key, &mut order);
                for (p, &k) in order.iter().enumerate() {
                    let (d, c) = (racers[k], team[k]);
                    ds.points[d] += table[p];
                    ds.rounds[d * nr + ri] += table[p];
                    cs.points[c] += table[p];
                    cs.rounds[c * nr + ri] += table[p];
                }
            }
            draw(&mut rng, &weight, &mut key, &mut order);
            let fl_place = {
                let u = rng.uniform();
                fl_cdf
                    .iter()
                    .position(|&c| u < c)
                    .unwrap_or(field.saturating_sub(1))
            };
            best.fill(usize::MAX);
            for (p, &k) in order.iter().enumerate() {
                let (d, c) = (racers[k], team[k]);
                let mut pts = rp.race[p];
                ds.finishes[d * places + p] += 1;
                cs.finishes[c * places + p] += 1;
                let mut con_pts = pts;
                if p == fl_place
                    && let Some((fl_pts, limit)) = fl
                    && limit.is_none_or(|l| p < l as usize)
                {
                    pts += fl_pts;
                    if sys.constructor_fastest_lap {
                        con_pts += fl_pts;
                    }
                }
                ds.points[d] += pts;
                ds.rounds[d * nr + ri] += pts;
                if sys.constructor_best_car_only {
                    best[c] = best[c].min(p);
                } else if sys.constructors {
                    cs.points[c] += con_pts;
                    cs.rounds[c * nr + ri] += con_pts;
                }
            }
            if sys.constructor_best_car_only {
                for (c, &p) in best.iter().enumerate().filter(|(_, p)| **p != usize::MAX) {
                    cs.points[c] += rp.race[p];
                    cs.rounds[c * nr + ri] += rp.race[p];
                }
            }
        }
        dt.add(&drivers, &ds, &rem, places);
        ct.add(&constructors, &cs, &rem, places);
        if (run + 1) * batches / runs != run * batches / runs {
            progress((run + 1) * batches / runs, batches);
        }
    }
    (dt.odds(&drivers, runs), ct.odds(&constructors, runs))
}

/// One Plackett–Luce order of the field into `order` (best first).
fn draw(rng: &mut SimRng, weight: &[f64], key: &mut [f64], order: &mut [usize]) {
    for (k, w) in key.iter_mut().zip(weight) {
        // 1 − U is in (0, 1]: the log is finite.
        *k = -libm::log(1.0 - rng.uniform()) * w;
    }
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    order.sort_unstable_by(|&a, &b| key[a].total_cmp(&key[b]));
}

//! Fitting a race model: maximum Plackett–Luce likelihood of the observed
//! finishing orders (the first `stages` places, each a conditional logit
//! over the cars not yet placed), L2-penalised, recent races weighted up,
//! by L-BFGS (argmin). Deterministic: no randomness anywhere.

use super::race::{RaceModel, RaceModelKind};
use super::race_lbfgs::{IterCounter, Reporting, Vector};
use crate::error::{Error, Result};
use crate::features::RaceSample;
use argmin::core::observers::ObserverMode;
use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// Hyperparameters of a fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// Finishing places whose order the likelihood reads, stage after
    /// stage; the cars behind are an unordered tail. 1 = winner only.
    pub stages: usize,
    /// L2 penalty on the standardised weights.
    pub l2: f64,
    /// Features left out of the penalty: the fit shrinks towards the
    /// model on these alone (by default the grid: towards the grid-only
    /// logit, not towards "everyone equal").
    #[serde(default)]
    pub unpenalised: Vec<String>,
    /// A race `a` seasons old weighs 0.5^(a / half_life); 0 = all equal.
    pub half_life_seasons: f64,
    pub max_iters: u64,
}

impl Default for FitOptions {
    /// Chosen by walk-forward on 2018–2023: see docs/prediction.md for the
    /// grid searched, the scores, and how 2024 entered the last choice.
    fn default() -> Self {
        FitOptions {
            stages: 2,
            l2: 0.5,
            unpenalised: vec!["grid".into(), "grid_log".into()],
            half_life_seasons: 0.0,
            max_iters: 200,
        }
    }
}

impl FitOptions {
    fn check(&self) -> Result<()> {
        let bad =
            |what: &str, v: String| Err(Error::InvalidInput(format!("fit options: {what} {v}")));
        if self.stages == 0 {
            return bad("stages", "0 (at least 1: the winner)".into());
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return bad("l2", self.l2.to_string());
        }
        if !(self.half_life_seasons.is_finite() && self.half_life_seasons >= 0.0) {
            return bad("half_life_seasons", self.half_life_seasons.to_string());
        }
        Ok(())
    }
}

/// One race in the training arrays: rows `start..start + n` in finishing
/// order.
struct Race {
    start: usize,
    n: usize,
    stages: usize,
    weight: f64,
}

/// A point, its cost and its gradient.
type Eval = (Vec<f64>, f64, Vec<f64>);

/// The penalised negative log-likelihood over standardised rows.
struct Problem {
    x: Vec<f64>,
    d: usize,
    races: Vec<Race>,
    /// L2 penalty per weight.
    l2: Vec<f64>,
    /// The last point evaluated: argmin asks for cost and gradient apart.
    cache: RefCell<Option<Eval>>,
}

impl Problem {
    fn eval(&self, w: &[f64]) -> (f64, Vec<f64>) {
        if let Some((p, f, g)) = self.cache.borrow().as_ref()
            && p == w
        {
            return (*f, g.clone());
        }
        let d = self.d;
        let mut f = 0.0;
        let mut g = vec![0.0; d];
        let total: f64 = self.races.iter().map(|r| r.weight).sum::<f64>().max(1e-300);
        let mut s = Vec::new();
        let mut acc = vec![0.0; d];
        for r in &self.races {
            let rows = &self.x[r.start * d..(r.start + r.n) * d];
            s.clear();
            s.extend(rows.chunks_exact(d).map(|x| dot(x, w)));
            let top = s.iter().copied().fold(f64::MIN, f64::max);
            // Suffix sums over the cars not yet placed at each stage.
            let (mut sum_e, mut ll) = (0.0, 0.0);
            acc.fill(0.0);
            let mut grad = vec![0.0; d];
            for j in (0..r.n).rev() {
                let x = &rows[j * d..(j + 1) * d];
                let e = (s[j] - top).exp();
                sum_e += e;
                for (a, xi) in acc.iter_mut().zip(x) {
                    *a += e * xi;
                }
                if j < r.stages {
                    ll += s[j] - top - sum_e.ln();
                    for ((gi, xi), a) in grad.iter_mut().zip(x).zip(&acc) {
                        *gi += xi - a / sum_e;
                    }
                }
            }
            let k = r.weight / total;
            f -= k * ll;
            for (gi, x) in g.iter_mut().zip(&grad) {
                *gi -= k * x;
            }
        }
        for ((gi, wi), l2) in g.iter_mut().zip(w).zip(&self.l2) {
            f += 0.5 * l2 * wi * wi;
            *gi += l2 * wi;
        }
        *self.cache.borrow_mut() = Some((w.to_vec(), f, g.clone()));
        (f, g)
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl CostFunction for Problem {
    type Param = Vector;
    type Output = f64;
    fn cost(&self, w: &Vector) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.eval(&w.0).0)
    }
}

impl Gradient for Problem {
    type Param = Vector;
    type Gradient = Vector;
    fn gradient(&self, w: &Vector) -> std::result::Result<Vector, argmin::core::Error> {
        Ok(Vector(self.eval(&w.0).1))
    }
}

/// Mean and spread of each column over every row (NaN skipped); a column
/// without spread gets scale 1 (its weight then stays at 0).
fn standardise(samples: &[&RaceSample], cols: &[Vec<usize>], d: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut n, mut sum, mut sq) = (vec![0.0; d], vec![0.0; d], vec![0.0; d]);
    for (s, c) in samples.iter().zip(cols) {
        for i in 0..s.features.n_rows() {
            let row = s.features.row(i);
            for (j, &cj) in c.iter().enumerate() {
                let x = row[cj];
                if x.is_finite() {
                    n[j] += 1.0;
                    sum[j] += x;
                    sq[j] += x * x;
                }
            }
        }
    }
    let mean: Vec<f64> = (0..d)
        .map(|j| if n[j] > 0.0 { sum[j] / n[j] } else { 0.0 })
        .collect();
    let scale = (0..d)
        .map(|j| {
            let var = if n[j] > 1.0 {
                sq[j] / n[j] - mean[j] * mean[j]
            } else {
                0.0
            };
            if var > 1e-12 { var.sqrt() } else { 1.0 }
        })
        .collect();
    (mean, scale)
}

/// Fits a model of `kind` on `samples` (any order; each race's rows in
/// any order). No samples gives the uniform model (all weights 0).
pub fn fit(kind: RaceModelKind, samples: &[&RaceSample], opts: &FitOptions) -> Result<RaceModel> {
    fit_features(kind, kind.features(), samples, opts)
}

/// As [`fit`], reporting L-BFGS iterations (`total` = `opts.max_iters`; a
/// fit that converges early jumps to the end; see [`crate::progress`]).
pub fn fit_with_progress(
    kind: RaceModelKind,
    samples: &[&RaceSample],
    opts: &FitOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<RaceModel> {
    fit_from(kind, kind.features(), samples, opts, None, progress)
}

/// As [`fit`], on the named columns (built-in or user-added).
pub fn fit_features(
    kind: RaceModelKind,
    features: Vec<String>,
    samples: &[&RaceSample],
    opts: &FitOptions,
) -> Result<RaceModel> {
    fit_from(
        kind,
        features,
        samples,
        opts,
        None,
        &mut crate::progress::ignore,
    )
}

/// Refits `prev`'s kind, features and options on `samples`, starting from
/// its weights: after one more race the optimum moves little, so this
/// takes a fraction of the iterations of a cold fit (the walk-forward and
/// the post-race retrain use it).
pub fn refit(prev: &RaceModel, samples: &[&RaceSample]) -> Result<RaceModel> {
    fit_from(
        prev.kind,
        prev.features.clone(),
        samples,
        &prev.options,
        Some(prev),
        &mut crate::progress::ignore,
    )
}

fn fit_from(
    kind: RaceModelKind,
    features: Vec<String>,
    samples: &[&RaceSample],
    opts: &FitOptions,
    warm: Option<&RaceModel>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<RaceModel> {
    opts.check()?;
    let total = usize::try_from(opts.max_iters).unwrap_or(usize::MAX).max(1);
    progress(0, total);
    let d = features.len();
    let cols: Vec<Vec<usize>> = (samples.iter())
        .map(|s| s.features.indexes(&features))
        .collect::<Result<_>>()?;
    let (mean, scale) = standardise(samples, &cols, d);
    let latest = samples
        .iter()
        .map(|s| (s.year, s.round))
        .max()
        .unwrap_or((0, 0));
    let mut x = Vec::new();
    let mut races = Vec::with_capacity(samples.len());
    for (s, c) in samples.iter().zip(&cols) {
        let n = s.features.n_rows();
        if n < 2 {
            continue;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| s.finish[i]);
        let start = x.len() / d.max(1);
        for &i in &order {
            let row = s.features.row(i);
            x.extend(c.iter().enumerate().map(|(j, &cj)| {
                let v = (row[cj] - mean[j]) / scale[j];
                if v.is_finite() { v } else { 0.0 }
            }));
        }
        let age = (latest.0 - s.year) as f64 + (latest.1 as f64 - s.round as f64) / 25.0;
        let weight = if opts.half_life_seasons > 0.0 {
            0.5f64.powf(age.max(0.0) / opts.half_life_seasons)
        } else {
            1.0
        };
        races.push(Race {
            start,
            n,
            stages: opts.stages.min(n - 1),
            weight,
        });
    }
    let weights = if races.is_empty() || d == 0 {
        vec![0.0; d]
    } else {
        let l2 = (features.iter())
            .map(|f| {
                if opts.unpenalised.contains(f) {
                    0.0
                } else {
                    opts.l2
                }
            })
            .collect();
        let problem = Problem {
            x,
            d,
            races,
            l2,
            cache: RefCell::new(None),
        };
        // A warm start's weights, moved to this fit's standardisation.
        let start = match warm {
            Some(m) if m.features == features => (0..d)
                .map(|j| m.weights[j] * scale[j] / m.scale[j])
                .map(|w| if w.is_finite() { w } else { 0.0 })
                .collect(),
            _ => vec![0.0; d],
        };
        minimise(problem, start, opts.max_iters, total, progress)?
    };
    progress(total, total);
    Ok(RaceModel {
        kind,
        columns_hint: cols.first().cloned().unwrap_or_default(),
        features,
        mean,
        scale,
        weights,
        options: opts.clone(),
        races_count: samples.len() as u32,
    })
}

fn minimise(
    problem: Problem,
    start: Vec<f64>,
    max_iters: u64,
    total: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<f64>> {
    let d = start.len();
    let start = Vector(start);
    let (f0, g0) = problem.eval(&start.0);
    if g0.iter().all(|g| g.abs() < 1e-10) || !f0.is_finite() {
        return Ok(start.0);
    }
    let fail = |e: argmin::core::Error| Error::InvalidInput(format!("race model fit: {e}"));
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(1e-6)
        .map_err(fail)?
        .with_tolerance_cost(1e-10)
        .map_err(fail)?;
    let iters = Arc::new(AtomicU64::new(0));
    let problem = Reporting {
        inner: problem,
        iters: iters.clone(),
        total,
        last: Cell::new(0),
        progress: RefCell::new(progress),
    };
    let res = Executor::new(problem, solver)
        .configure(|s| s.param(start).max_iters(max_iters))
        .add_observer(IterCounter(iters), ObserverMode::Always)
        .timer(false)
        .run()
        .map_err(fail)?;
    let state = res.state();
    let best = state.get_best_param().or(state.get_param());
    Ok(best.map(|p| p.0.clone()).unwrap_or_else(|| vec![0.0; d]))
}

#[cfg(test)]
#[path = "race_fit_tests.rs"]
mod tests;

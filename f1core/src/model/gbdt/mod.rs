//! f1core's own gradient-boosted trees: a compact histogram GBDT in pure
//! Rust (no crate for it builds for wasm32; see docs/prediction.md).
//!
//! - Features are binned once by quantiles ([`bins`]): at most 255 value
//!   bins per feature plus a NaN bin, whose rows go to a learned default
//!   side at each split.
//! - Trees grow depth by depth to `max_depth`; a split must leave
//!   `min_child_hessian` on each side and gain more than `min_split_gain`
//!   (XGBoost's gain: ½ [G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]). Leaves
//!   are −G/(H+λ) × learning rate.
//! - Rows (per tree, Bernoulli) and features (per tree, a fixed count) can
//!   be subsampled, drawn from a [`SimRng`] seeded by `seed`: one seed, one
//!   model, on every platform.
//! - The result is a plain [`Ensemble`] (float64, `x <= threshold` splits,
//!   hessian sums as covers), so prediction, saving and TreeSHAP are the
//!   ones every imported model uses.

mod bins;
#[cfg(test)]
mod exact_tests;
mod grow;
#[cfg(test)]
mod tests;

use super::trees::{Ensemble, EnsembleParams, Precision, Transform, Tree, TreeNode};
use crate::error::{Error, Result};
use crate::sim::SimRng;
use bins::Bins;
use grow::GrownNode;
use serde::{Deserialize, Serialize};

/// What the trees minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GbdtObjective {
    /// Squared error; the prediction is the margin.
    SquaredError,
    /// Binary log-loss on targets in [0, 1]; the prediction is a probability.
    Logistic,
}

/// Training settings. Every field has a default, so JSON may give any subset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GbdtParams {
    pub objective: GbdtObjective,
    /// Boosting rounds (trees), 1 to 100,000.
    pub n_trees: usize,
    /// Deepest split level, 1 to 16 (16 leaves at depth 4).
    pub max_depth: usize,
    /// Shrinkage of every leaf, in (0, 1].
    pub learning_rate: f64,
    /// L2 penalty on leaf values (XGBoost's `lambda`), ≥ 0.
    pub lambda: f64,
    /// Least hessian sum of a child (rows, for squared error), ≥ 0.
    pub min_child_hessian: f64,
    /// Least gain of a split (XGBoost's `gamma`), ≥ 0.
    pub min_split_gain: f64,
    /// Value bins per feature, 2 to 255 (NaN has its own on top).
    pub max_bins: usize,
    /// Share of rows each tree sees, in (0, 1].
    pub subsample: f64,
    /// Share of features each tree may split on, in (0, 1].
    pub colsample: f64,
    /// Seed of the subsampling draws.
    pub seed: u64,
}

impl Default for GbdtParams {
    fn default() -> Self {
        GbdtParams {
            objective: GbdtObjective::SquaredError,
            n_trees: 100,
            max_depth: 4,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_hessian: 1.0,
            min_split_gain: 0.0,
            max_bins: 255,
            subsample: 1.0,
            colsample: 1.0,
            seed: 0,
        }
    }
}

fn invalid(field: &str, value: impl std::fmt::Display, need: &str) -> Error {
    Error::InvalidInput(format!("gbdt params: `{field}` = {value} (need {need})"))
}

impl GbdtParams {
    /// Checks every field; the error names the first bad one.
    pub fn validate(&self) -> Result<()> {
        if !(1..=100_000).contains(&self.n_trees) {
            return Err(invalid("n_trees", self.n_trees, "1 to 100000"));
        }
        if !(1..=16).contains(&self.max_depth) {
            return Err(invalid("max_depth", self.max_depth, "1 to 16"));
        }
        if !(2..=255).contains(&self.max_bins) {
            return Err(invalid("max_bins", self.max_bins, "2 to 255"));
        }
        let unit = |v: f64| v > 0.0 && v <= 1.0;
        let non_negative = |v: f64| v.is_finite() && v >= 0.0;
        let checks = [
            (
                "learning_rate",
                self.learning_rate,
                unit(self.learning_rate),
                "in (0, 1]",
            ),
            (
                "subsample",
                self.subsample,
                unit(self.subsample),
                "in (0, 1]",
            ),
            (
                "colsample",
                self.colsample,
                unit(self.colsample),
                "in (0, 1]",
            ),
            (
                "lambda",
                self.lambda,
                non_negative(self.lambda),
                "finite, ≥ 0",
            ),
            (
                "min_child_hessian",
                self.min_child_hessian,
                non_negative(self.min_child_hessian),
                "finite, ≥ 0",
            ),
            (
                "min_split_gain",
                self.min_split_gain,
                non_negative(self.min_split_gain),
                "finite, ≥ 0",
            ),
        ];
        match checks.iter().find(|c| !c.2) {
            Some(&(field, value, _, need)) => Err(invalid(field, value, need)),
            None => Ok(()),
        }
    }
}

/// Trains on row-major `x` (`feature_names.len()` values per row, NaN =
/// missing) against targets `y`.
pub fn train(x: &[f64], y: &[f64], feature_names: &[String], p: &GbdtParams) -> Result<Ensemble> {
    train_with_progress(x, y, feature_names, p, &mut crate::progress::ignore)
}

/// [`train`], reporting `(trees done, n_trees)`.
pub fn train_with_progress(
    x: &[f64],
    y: &[f64],
    feature_names: &[String],
    p: &GbdtParams,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Ensemble> {
    p.validate()?;
    let nf = feature_names.len();
    check_data(x, y, nf, p.objective)?;
    let n = y.len();
    let bins = Bins::new(x, nf, p.max_bins);
    let base = base_margin(y, p.objective);
    let mut margin = vec![base; n];
    let (mut grad, mut hess) = (vec![0.0; n], vec![0.0; n]);
    let mut rng = SimRng::new(p.seed);
    let n_cols = ((p.colsample * nf as f64).ceil() as usize).clamp(1, nf);
    let mut trees = Vec::with_capacity(p.n_trees);
    let mut rows: Vec<u32> = Vec::with_capacity(n);
    let mut features: Vec<usize> = Vec::with_capacity(nf);
    let mut pool = grow::Pool::default();
    progress(0, p.n_trees);
    for t in 0..p.n_trees {
        gradients(p.objective, y, &margin, &mut grad, &mut hess);
        rows.clear();
        if p.subsample < 1.0 {
            rows.extend((0..n as u32).filter(|_| rng.chance(p.subsample)));
        } else {
            rows.extend(0..n as u32);
        }
        features.clear();
        features.extend(0..nf);
        if n_cols < nf {
            // Partial Fisher–Yates, then back in column order so that ties
            // break the same way as without sampling.
            for i in 0..n_cols {
                let j = i + rng.below((nf - i) as u32) as usize;
                features.swap(i, j);
            }
            features.truncate(n_cols);
            features.sort_unstable();
        }
        let grown = grow::grow(&bins, &mut rows, &grad, &hess, &features, p, &mut pool);
        // Margins add tree by tree, as the ensemble sums its leaves.
        for (r, m) in margin.iter_mut().enumerate() {
            *m += grow::leaf_value(&grown, &bins, r);
        }
        trees.push(to_tree(&grown, &bins));
        progress(t + 1, p.n_trees);
    }
    let (transform, objective) = match p.objective {
        GbdtObjective::SquaredError => (Transform::Identity, "f1core:squared_error"),
        GbdtObjective::Logistic => (Transform::Sigmoid { scale: 1.0 }, "f1core:logistic"),
    };
    let params = EnsembleParams {
        feature_names: feature_names.to_vec(),
        num_groups: 1,
        base_margin: vec![base],
        transform,
        precision: Precision::F64,
        objective: objective.into(),
    };
    Ensemble::new(trees, params)
}

fn check_data(x: &[f64], y: &[f64], nf: usize, objective: GbdtObjective) -> Result<()> {
    if nf == 0 {
        return Err(Error::InvalidInput("gbdt: no features".into()));
    }
    if y.is_empty() {
        return Err(Error::InvalidInput("gbdt: no training rows".into()));
    }
    if x.len() != y.len() * nf {
        return Err(Error::InvalidInput(format!(
            "gbdt: x has {} values for {} rows × {nf} features",
            x.len(),
            y.len()
        )));
    }
    let ok = |v: f64| match objective {
        GbdtObjective::SquaredError => v.is_finite(),
        GbdtObjective::Logistic => (0.0..=1.0).contains(&v),
    };
    if let Some(i) = y.iter().position(|&v| !ok(v)) {
        let need = match objective {
            GbdtObjective::SquaredError => "a finite number",
            GbdtObjective::Logistic => "a label in [0, 1]",
        };
        return Err(Error::InvalidInput(format!(
            "gbdt: y[{i}] = {} (need {need})",
            y[i]
        )));
    }
    Ok(())
}

/// The constant model the trees start from: the mean, or its log-odds.
fn base_margin(y: &[f64], objective: GbdtObjective) -> f64 {
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    match objective {
        GbdtObjective::SquaredError => mean,
        GbdtObjective::Logistic => {
            let p = mean.clamp(1e-6, 1.0 - 1e-6);
            libm::log(p / (1.0 - p))
        }
    }
}

/// Per-row gradient and hessian of the loss at the current margins.
fn gradients(obj: GbdtObjective, y: &[f64], margin: &[f64], g: &mut [f64], h: &mut [f64]) {
    for (i, (&y, &m)) in y.iter().zip(margin).enumerate() {
        (g[i], h[i]) = match obj {
            GbdtObjective::SquaredError => (m - y, 1.0),
            GbdtObjective::Logistic => {
                // libm, not std: the same bits on every platform.
                let p = 1.0 / (1.0 + libm::exp(-m));
                (p - y, (p * (1.0 - p)).max(1e-16))
            }
        };
    }
}

/// A grown tree as plain nodes, bins turned back into thresholds.
fn to_tree(grown: &[GrownNode], bins: &Bins) -> Tree {
    let nodes = grown
        .iter()
        .map(|n| match *n {
            GrownNode::Leaf { value, cover } => TreeNode::Leaf { value, cover },
            GrownNode::Split {
                split,
                left,
                right,
                cover,
            } => TreeNode::Split {
                feature: split.feature,
                threshold: bins.cuts[split.feature][split.bin as usize],
                left,
                right,
                default_left: split.default_left,
                zero_is_missing: false,
                cover,
            },
        })
        .collect();
    Tree { nodes, group: 0 }
}

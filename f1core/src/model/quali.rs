//! The qualifying model (seed §5.3): gradient-boosted regression of each
//! driver's qualifying position on the features known before qualifying,
//! trained with [`super::gbdt`]. Inference is the plain [`Ensemble`] walk on
//! a [`FeatureMatrix`]: no polars, wasm32-ready.

use super::gbdt::{self, GbdtParams};
use super::trees::Ensemble;
use crate::error::{Error, Result};
use crate::features::{FeatureGroup, FeatureMatrix, RaceSample, names_without};
use serde::{Deserialize, Serialize};

/// A fitted qualifying model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualiModel {
    /// Columns it reads, in the ensemble's order.
    pub features: Vec<String>,
    pub params: GbdtParams,
    /// Races it was fitted on.
    pub races_count: u32,
    pub ensemble: Ensemble,
}

/// The settings picked on the 2022–2023 walk-forward (docs/prediction.md;
/// every setting of the grid was within 0.05 of this one): shallow, slow
/// trees, leaves of at least 50 entries, row and column sampling.
pub fn default_params() -> GbdtParams {
    GbdtParams {
        n_trees: 200,
        max_depth: 3,
        learning_rate: 0.05,
        lambda: 1.0,
        min_child_hessian: 50.0,
        subsample: 0.8,
        colsample: 0.5,
        ..GbdtParams::default()
    }
}

/// The built-in features known before qualifying.
pub fn quali_features() -> Vec<String> {
    names_without(&[FeatureGroup::Qualifying])
}

/// The rows of `m` in `features` order (row-major).
fn gather(m: &FeatureMatrix, features: &[String], out: &mut Vec<f64>) -> Result<()> {
    let cols = m.indexes(features)?;
    out.reserve(m.n_rows() * cols.len());
    for i in 0..m.n_rows() {
        let row = m.row(i);
        out.extend(cols.iter().map(|&j| row[j]));
    }
    Ok(())
}

impl QualiModel {
    /// Fits on every car of `train` that has a qualifying position.
    pub fn fit(train: &[&RaceSample], params: &GbdtParams) -> Result<QualiModel> {
        let features = quali_features();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        let mut rows = Vec::new();
        for s in train {
            rows.clear();
            gather(&s.features, &features, &mut rows)?;
            let nf = features.len();
            for (row, q) in rows.chunks_exact(nf).zip(&s.quali) {
                if let Some(q) = q {
                    x.extend_from_slice(row);
                    y.push(f64::from(*q));
                }
            }
        }
        if y.is_empty() {
            return Err(Error::InvalidInput(
                "qualifying model: no training race has qualifying positions".into(),
            ));
        }
        let ensemble = gbdt::train(&x, &y, &features, params)?;
        Ok(QualiModel {
            features,
            params: params.clone(),
            races_count: train.len() as u32,
            ensemble,
        })
    }

    /// Expected qualifying position of each row of `m` (a real number; lower
    /// is better). A matrix without one of the model's features is
    /// `NotFound` naming it.
    pub fn predict(&self, m: &FeatureMatrix) -> Result<Vec<f64>> {
        self.ensemble.predict(&self.rows(m)?)
    }

    /// The rows of `m` as the ensemble reads them (row-major, the model's
    /// feature order): for [`crate::explain::explain`].
    pub fn rows(&self, m: &FeatureMatrix) -> Result<Vec<f64>> {
        let mut x = Vec::new();
        gather(m, &self.features, &mut x)?;
        Ok(x)
    }
}

/// Walk-forward of the qualifying model over `tests` (races in order),
/// each fitted on the races of `samples` from `first_year` on that come
/// before it: the mean |predicted − actual| qualifying position over cars
/// that qualified (`None` when none did). Without any qualifying position
/// to train on, a race is forecast mid-field.
pub fn walk_forward_mae(
    samples: &[RaceSample],
    tests: &[&RaceSample],
    first_year: u16,
    params: &GbdtParams,
) -> Result<Option<f64>> {
    let (mut sum, mut count) = (0.0, 0.0);
    for test in tests {
        let train: Vec<&RaceSample> = (samples.iter())
            .filter(|s| s.year >= first_year && (s.year, s.round) < (test.year, test.round))
            .collect();
        let pred = if train.iter().any(|s| s.quali.iter().any(Option::is_some)) {
            QualiModel::fit(&train, params)?.predict(&test.features)?
        } else {
            // Nothing to learn from yet (the dump's first seasons have no
            // qualifying table): mid-field, as the baseline guesses.
            let field = test.quali.iter().flatten().count() as f64;
            vec![(field + 1.0) / 2.0; test.features.n_rows()]
        };
        for (p, q) in pred.iter().zip(&test.quali) {
            if let Some(q) = q {
                sum += (p - f64::from(*q)).abs();
                count += 1.0;
            }
        }
    }
    Ok((count > 0.0).then(|| sum / count))
}

/// Predicted positions turned into the predicted order: rank 1..n by
/// value (ties by row order; NaN last).
pub fn rank_within_field(pred: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..pred.len()).collect();
    order.sort_by(|&a, &b| pred[a].total_cmp(&pred[b]).then(a.cmp(&b)));
    let mut rank = vec![0.0; pred.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i] = (k + 1) as f64;
    }
    rank
}

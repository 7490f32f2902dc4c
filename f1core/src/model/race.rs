//! The race outcome model: a linear Plackett–Luce score per car (a
//! conditional logit over the field, stage after stage), turned into
//! coherent odds by [`race_odds`](super::race_odds). Inference is plain
//! arithmetic on a [`FeatureMatrix`]: no polars, wasm32-ready.

use super::race_odds::{Odds, field_odds};
use crate::error::{Error, Result};
use crate::features::{FeatureGroup, FeatureMatrix, names_without};
use serde::{Deserialize, Serialize};

/// Which features a race model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceModelKind {
    /// After qualifying: every built-in feature, grid and qualifying included.
    PostQualifying,
    /// Before qualifying: no grid or qualifying features.
    PreQualifying,
    /// The baseline: grid slot only (conditional logit on the winner).
    GridOnly,
}

impl RaceModelKind {
    /// The built-in feature names this kind reads.
    pub fn features(self) -> Vec<String> {
        match self {
            RaceModelKind::PostQualifying => names_without(&[]),
            RaceModelKind::PreQualifying => names_without(&[FeatureGroup::Qualifying]),
            RaceModelKind::GridOnly => vec!["grid".into(), "grid_log".into()],
        }
    }
}

/// A fitted race model: score = Σ weightⱼ · (xⱼ − meanⱼ) / scaleⱼ, a
/// missing value contributing 0 (the training mean).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceModel {
    pub kind: RaceModelKind,
    pub features: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    /// How it was fitted.
    pub options: super::race_fit::FitOptions,
    /// Races it was fitted on.
    pub races_count: u32,
    /// Each feature's column in the training matrix: a fast first guess
    /// when predicting on a matrix of the same layout.
    #[serde(default)]
    pub columns_hint: Vec<usize>,
}

/// One car's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverOdds {
    pub driver_ref: String,
    pub constructor_ref: String,
    /// The model's score (log-strength; only differences matter).
    pub score: f64,
    #[serde(flatten)]
    pub odds: Odds,
}

impl RaceModel {
    /// Columns of `m` holding the model's features, in model order.
    pub fn columns(&self, m: &FeatureMatrix) -> Result<Vec<usize>> {
        (self.features.iter().enumerate())
            .map(|(j, name)| {
                let hint = self.columns_hint.get(j).copied();
                match hint.filter(|&c| m.columns.get(c).is_some_and(|i| &i.name == name)) {
                    Some(c) => Ok(c),
                    None => m.column_index(name).ok_or_else(|| {
                        Error::NotFound(format!("feature `{name}` (the model reads it)"))
                    }),
                }
            })
            .collect()
    }

    /// Scores of every row of `m`.
    pub fn scores(&self, m: &FeatureMatrix) -> Result<Vec<f64>> {
        let cols = self.columns(m)?;
        let mut s = vec![0.0; m.n_rows()];
        self.scores_into(m, &cols, &mut s);
        Ok(s)
    }

    fn scores_into(&self, m: &FeatureMatrix, cols: &[usize], out: &mut [f64]) {
        for (i, s) in out.iter_mut().enumerate() {
            let row = m.row(i);
            *s = (cols.iter().enumerate())
                .map(|(j, &c)| {
                    let x = row[c];
                    if x.is_nan() {
                        0.0
                    } else {
                        self.weights[j] * (x - self.mean[j]) / self.scale[j]
                    }
                })
                .sum();
        }
    }

    /// Odds of every row of `m`, in row order, into `out` (no allocation
    /// per car: the hot path of inference).
    pub fn odds_into(
        &self,
        m: &FeatureMatrix,
        scoring_places: usize,
        out: &mut Vec<Odds>,
    ) -> Result<()> {
        let cols = self.columns(m)?;
        let mut s = vec![0.0; m.n_rows()];
        self.scores_into(m, &cols, &mut s);
        field_odds(&s, scoring_places, out);
        Ok(())
    }

    /// Forecast for every car of a race: P(win), P(podium), P(points)
    /// (top `scoring_places`) and expected position, coherent over the
    /// field (they sum to 1, 3, `scoring_places` and n(n+1)/2).
    pub fn predict(&self, m: &FeatureMatrix, scoring_places: usize) -> Result<Vec<DriverOdds>> {
        let scores = self.scores(m)?;
        let mut odds = Vec::new();
        field_odds(&scores, scoring_places, &mut odds);
        Ok((m.rows.iter().zip(scores).zip(odds))
            .map(|((k, score), odds)| DriverOdds {
                driver_ref: k.driver_ref.clone(),
                constructor_ref: k.constructor_ref.clone(),
                score,
                odds,
            })
            .collect())
    }
}

//! Prediction models and their registry. [`trees`] holds the one
//! tree-ensemble representation: imported XGBoost and LightGBM models and
//! f1core's own boosted models all become an [`trees::Ensemble`], which
//! predicts and is explained by [`crate::explain`]. `race*` is the
//! Plackett–Luce finishing-order model, its fit and walk-forward evaluation.
//! `championship` simulates the rest of a season from its scores;
//! `pipeline` (feature `data`) retrains, registers and forecasts after a race.
//! [`gbdt`] trains f1core's own gradient-boosted trees (into an `Ensemble`);
//! [`quali`] is the qualifying-position model built on them.

pub mod championship;
#[cfg(feature = "data")]
pub mod championship_data;
pub mod championship_eval;
mod championship_sim;
mod championship_table;
#[cfg(test)]
mod championship_tests;
pub mod gbdt;
#[cfg(feature = "data")]
pub mod pipeline;
pub mod quali;
pub mod race;
pub mod race_eval;
pub mod race_fit;
mod race_lbfgs;
pub mod race_odds;
pub mod registry;
pub mod trees;

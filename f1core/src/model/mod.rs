//! Prediction models and their registry. [`trees`] holds the one
//! tree-ensemble representation: imported XGBoost and LightGBM models and
//! f1core's own boosted models all become an [`trees::Ensemble`], which
//! predicts and is explained by [`crate::explain`].

pub mod registry;
pub mod trees;

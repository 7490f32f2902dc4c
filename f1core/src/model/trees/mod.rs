//! Tree ensembles: one flat representation for every boosted or bagged tree
//! model, whatever trained it.
//!
//! - [`Ensemble::new`] builds one from plain [`Tree`]s (f1core's own models);
//!   [`Ensemble::from_xgboost_json`] and [`Ensemble::from_lightgbm_text`]
//!   import models saved by XGBoost (`save_model`, JSON, 2.x–3.2) and
//!   LightGBM v4 (`save_model`, text).
//! - Every file is checked while it is turned into nodes: child indices in
//!   range, no cycles or shared children, bounded depth, features in range,
//!   no NaN thresholds or leaf values. A bad file is an [`crate::Error::Model`],
//!   never a panic.
//! - Rule of every split: a present value `x` goes left when `x <= threshold`;
//!   a missing one (NaN, and for LightGBM's "zero as missing" also ±1e-35)
//!   follows `default_left`. XGBoost's `x < t` on float32 is rewritten to
//!   this rule exactly (see [`Precision::F32`]).
//! - Categorical splits (LightGBM) send a value left when its whole part
//!   is in the split's category set; NaN, negatives and others go right.

#[cfg(test)]
mod broken;
mod build;
mod compiled;
#[cfg(test)]
mod compiled_tests;
mod ensemble;
mod lightgbm;
mod predict;
#[cfg(test)]
pub(crate) mod tests;
mod xgboost;

pub use build::{MAX_DEPTH, MAX_GROUPS, MAX_MODEL_FEATURES, Tree, TreeNode};
pub use ensemble::{Ensemble, EnsembleParams, Precision, Transform};

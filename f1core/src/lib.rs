//! f1core: Formula 1 analytics, strategy and prediction.
//!
//! Data flows one way: files → [`data`] (feature `data`, polars) → [`domain`]
//! types in a [`Dataset`] → [`standings`] and [`analytics`]; the [`tyre`]
//! model, the [`catalogue`] of circuits and the [`strategy`] optimiser work
//! without any data files; [`model::trees`] runs XGBoost, LightGBM and
//! f1core's own tree ensembles and [`explain`] says why (exact TreeSHAP).
//! Everything but `data` is plain Rust and compiles to
//! `wasm32-unknown-unknown`.

pub mod analytics;
pub mod catalogue;
#[cfg(feature = "data")]
pub mod data;
pub mod dataset;
pub mod domain;
pub mod error;
pub mod explain;
pub mod features;
mod idmap;
pub mod model;
pub mod progress;
pub mod sim;
pub mod standings;
pub mod strategy;
pub mod timing;
pub mod tyre;

pub use dataset::Dataset;
pub use error::{Error, ErrorKind, Result};

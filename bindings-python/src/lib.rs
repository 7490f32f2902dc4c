//! Python binding of f1core: the native module `f1core._f1core`, re-exported
//! by the pure-Python package `f1core` (`python/f1core`). Translation only:
//! arguments in through `convert`, core errors out through `error`, tables
//! out as polars DataFrames (Arrow). Work that takes time runs without the
//! GIL; the longer kinds take a `progress(done, total)` callback.
//!
//! One file per surface (`dataset`, `laps`, `tyre`, `strategy`, `sim`,
//! `circuits`, `timing`, ...), each with a `register` that adds its classes
//! and functions to the module; a new core capability gets a new file and
//! one line below.
#![cfg(not(target_arch = "wasm32"))] // the data loaders need polars; WASM has its own binding

mod championship;
mod circuits;
mod convert;
mod dataset;
mod error;
mod features;
mod gbdt;
mod laps;
mod monte_carlo;
mod pipeline;
mod race_model;
mod registry;
mod sim;
mod strategy;
mod timing;
mod trees;
mod tyre;
mod window;

use pyo3::prelude::*;

/// The native part of the `f1core` package (import `f1core`, not this).
/// Each surface file registers its own classes and functions.
#[pymodule]
fn _f1core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    dataset::register(m)?;
    laps::register(m)?;
    tyre::register(m)?;
    strategy::register(m)?;
    window::register(m)?;
    sim::register(m)?;
    monte_carlo::register(m)?;
    circuits::register(m)?;
    features::register(m)?;
    race_model::register(m)?;
    championship::register(m)?;
    pipeline::register(m)?;
    registry::register(m)?;
    trees::register(m)?;
    gbdt::register(m)?;
    timing::register(m)?;
    error::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

//! f1core's own gradient-boosted trees from Python: `train_gbdt` on a numpy
//! matrix or a polars / pandas frame, giving an `Ensemble` (predict,
//! TreeSHAP, explain, save) like an imported model.

use crate::convert;
use crate::error::OrRaise;
use crate::trees::Ensemble;
use f1core::model::gbdt::{self, GbdtObjective, GbdtParams};
use pyo3::prelude::*;

/// The feature names: given, else a frame's columns, else `f0`, `f1`, ….
fn names(data: &Bound<'_, PyAny>, given: Option<Vec<String>>) -> PyResult<Option<Vec<String>>> {
    if given.is_some() {
        return Ok(given);
    }
    match data.getattr("columns") {
        Ok(cols) => Ok(Some(
            cols.try_iter()?
                .map(|c| c.and_then(|c| c.str()?.extract::<String>()))
                .collect::<PyResult<_>>()?,
        )),
        Err(_) => Ok(None),
    }
}

fn objective(name: &str) -> PyResult<GbdtObjective> {
    match name {
        "squared_error" => Ok(GbdtObjective::SquaredError),
        "logistic" => Ok(GbdtObjective::Logistic),
        other => Err(f1core::Error::InvalidInput(format!(
            "objective `{other}` (expected `squared_error` or `logistic`)"
        )))
        .or_raise(),
    }
}

/// Trains f1core's histogram GBDT (the one behind the qualifying model) on
/// `data` (rows × features: a numpy 2-D array or a polars / pandas frame;
/// NaN or null = missing) against `target`. `feature_names` default to the
/// frame's columns, else `f0`, `f1`, …. `objective`: `squared_error` or
/// `logistic` (targets in [0, 1]). Subsampling is seeded by `seed`: the
/// same call gives the same model in every runtime. Runs without the GIL;
/// `progress(done, total)` counts trees.
#[pyfunction]
#[pyo3(signature = (data, target, *, feature_names=None, objective="squared_error", n_trees=100, max_depth=4, learning_rate=0.1, reg_lambda=1.0, min_child_hessian=1.0, min_split_gain=0.0, max_bins=255, subsample=1.0, colsample=1.0, seed=0, progress=None))]
#[allow(clippy::too_many_arguments)]
fn train_gbdt(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    feature_names: Option<Vec<String>>,
    objective: &str,
    n_trees: usize,
    max_depth: usize,
    learning_rate: f64,
    reg_lambda: f64,
    min_child_hessian: f64,
    min_split_gain: f64,
    max_bins: usize,
    subsample: f64,
    colsample: f64,
    seed: u64,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Ensemble> {
    let params = GbdtParams {
        objective: self::objective(objective)?,
        n_trees,
        max_depth,
        learning_rate,
        lambda: reg_lambda,
        min_child_hessian,
        min_split_gain,
        max_bins,
        subsample,
        colsample,
        seed,
    };
    let names = names(data, feature_names)?;
    let frames = py.import("f1core._frames")?;
    let (bytes, n): (Vec<u8>, usize) = frames
        .call_method1("matrix", (data, names.clone().unwrap_or_default()))?
        .extract()?;
    let x: Vec<f64> = (bytes.chunks_exact(8))
        .map(|b| f64::from_ne_bytes(b.try_into().expect("8 bytes")))
        .collect();
    let width = x.len().checked_div(n).unwrap_or(0);
    let names = names.unwrap_or_else(|| (0..width).map(|i| format!("f{i}")).collect());
    let y: Vec<f64> = py
        .import("numpy")?
        .call_method1("asarray", (target, "float64"))?
        .call_method0("ravel")?
        .call_method0("tolist")?
        .extract()?;
    let inner = convert::detach_with_progress(py, progress, |p| {
        gbdt::train_with_progress(&x, &y, &names, &params, p)
    })?
    .or_raise()?;
    Ok(Ensemble { inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(train_gbdt, m)?)?;
    Ok(())
}

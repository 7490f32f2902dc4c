//! Tree ensembles and their explanations: `Ensemble` (XGBoost JSON,
//! LightGBM text), predictions and exact TreeSHAP on numpy arrays or
//! polars / pandas frames, and `explain` (top features and a sentence).
//! Matrices cross as float64 bytes (`f1core._frames.matrix` / `array`).

use crate::convert;
use crate::error::OrRaise;
use f1core::explain::{ExplainRequest, TreeShap};
use f1core::model::trees;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

/// A validated tree ensemble, whatever trained it.
#[pyclass(module = "f1core", frozen)]
pub(crate) struct Ensemble {
    pub(crate) inner: trees::Ensemble,
}

/// Rows of `data` as a row-major matrix, in the model's feature order.
fn rows(py: Python<'_>, data: &Bound<'_, PyAny>, e: &trees::Ensemble) -> PyResult<Vec<f64>> {
    let names = e.feature_names().to_vec();
    let (bytes, _n): (Vec<u8>, usize) = py
        .import("f1core._frames")?
        .call_method1("matrix", (data, names))?
        .extract()?;
    Ok(bytes
        .chunks_exact(8)
        .map(|b| f64::from_ne_bytes(b.try_into().expect("8 bytes")))
        .collect())
}

/// `values` as a numpy array of `shape`, the leading 1-sized groups dropped.
fn array<'py>(py: Python<'py>, values: &[f64], shape: Vec<usize>) -> PyResult<Bound<'py, PyAny>> {
    let bytes: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
    py.import("f1core._frames")?
        .call_method1("array", (PyBytes::new(py, &bytes), shape))
}

#[pymethods]
impl Ensemble {
    /// Imports a model XGBoost saved as JSON (`Booster.save_model("m.json")`,
    /// 2.x–3.2), given as its text.
    #[staticmethod]
    fn from_xgboost_json(text: &str) -> PyResult<Ensemble> {
        Ok(Ensemble {
            inner: trees::Ensemble::from_xgboost_json(text).or_raise()?,
        })
    }

    /// Imports a model LightGBM saved as text (`Booster.save_model`, v4),
    /// given as its text.
    #[staticmethod]
    fn from_lightgbm_text(text: &str) -> PyResult<Ensemble> {
        Ok(Ensemble {
            inner: trees::Ensemble::from_lightgbm_text(text).or_raise()?,
        })
    }

    /// An ensemble from f1core's own JSON form (`to_json`), checked again
    /// as it is read.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Ensemble> {
        Ok(Ensemble {
            inner: serde_json::from_str(text)
                .map_err(f1core::Error::from)
                .or_raise()?,
        })
    }

    /// Reads a model file: f1core's own JSON (`save`), XGBoost JSON or
    /// LightGBM text.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Ensemble> {
        let text = std::fs::read_to_string(&path)
            .map_err(|source| f1core::Error::Io { path, source })
            .or_raise()?;
        let inner = py.detach(|| {
            if !text.trim_start().starts_with('{') {
                return trees::Ensemble::from_lightgbm_text(&text);
            }
            // f1core's form is `{"params": …, "trees": […]}`; XGBoost's has
            // a `learner`.
            let doc: serde_json::Value = serde_json::from_str(&text)?;
            if doc.get("learner").is_some() {
                trees::Ensemble::from_xgboost_json(&text)
            } else {
                Ok(serde_json::from_value(doc)?)
            }
        });
        Ok(Ensemble {
            inner: inner.or_raise()?,
        })
    }

    /// f1core's own JSON form: the params and the plain trees.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner)
            .map_err(f1core::Error::from)
            .or_raise()
    }

    /// Writes `to_json()` to `path` (read back with `Ensemble.load`).
    fn save(&self, path: PathBuf) -> PyResult<()> {
        let text = self.to_json()?;
        std::fs::write(&path, text)
            .map_err(|source| f1core::Error::Io { path, source })
            .or_raise()
    }

    fn __repr__(&self) -> String {
        let e = &self.inner;
        format!(
            "<f1core.Ensemble {} trees (depth ≤ {}), {} features, {} output(s), objective {}>",
            e.num_trees(),
            e.max_depth(),
            e.num_features(),
            e.num_groups(),
            e.params().objective
        )
    }

    /// One name per input column, in order.
    #[getter]
    fn feature_names(&self) -> Vec<String> {
        self.inner.feature_names().to_vec()
    }

    /// Input columns a row must have.
    #[getter]
    fn num_features(&self) -> usize {
        self.inner.num_features()
    }

    /// Outputs per row: 1, or the number of classes.
    #[getter]
    fn num_groups(&self) -> usize {
        self.inner.num_groups()
    }

    /// Trees in the ensemble.
    #[getter]
    fn num_trees(&self) -> usize {
        self.inner.num_trees()
    }

    /// Depth of the deepest tree.
    #[getter]
    fn max_depth(&self) -> usize {
        self.inner.max_depth()
    }

    /// The objective as the training library names it.
    #[getter]
    fn objective(&self) -> String {
        self.inner.params().objective.clone()
    }

    /// Predictions for the rows of `data` (a numpy 2-D array, or a polars /
    /// pandas frame holding the model's feature columns; NaN/null =
    /// missing): shape `(rows,)`, or `(rows, groups)` for a multi-output
    /// model. `margin=True` gives raw scores before the link function.
    #[pyo3(signature = (data, *, margin=false))]
    fn predict<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        margin: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let x = rows(py, data, &self.inner)?;
        let e = &self.inner;
        let out = py
            .detach(|| {
                if margin {
                    e.predict_margin(&x)
                } else {
                    e.predict(&x)
                }
            })
            .or_raise()?;
        let g = e.num_groups();
        let shape = if g == 1 {
            vec![out.len()]
        } else {
            vec![out.len() / g, g]
        };
        array(py, &out, shape)
    }

    /// Exact TreeSHAP values of the rows of `data` in margin units: shape
    /// `(rows, num_features + 1)` (the last column the bias), or
    /// `(rows, groups, num_features + 1)`; each row sums to its margin (the
    /// layout of XGBoost's `pred_contribs`).
    fn contributions<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let x = rows(py, data, &self.inner)?;
        let e = &self.inner;
        let out = py
            .detach(|| TreeShap::new(e).contributions(&x))
            .or_raise()?;
        let (g, w) = (e.num_groups(), e.num_features() + 1);
        let n = out.len() / (g * w);
        let shape = if g == 1 { vec![n, w] } else { vec![n, g, w] };
        array(py, &out, shape)
    }

    /// Why each row got its prediction: per row (one per `subjects` name), a
    /// dict with `subject`, `prediction`, `margin`, `base_value`, `top` (the
    /// `top` features by |contribution|: `feature`, `value`, `contribution`)
    /// and a plain-English `sentence` about the `outcome` ("win chance").
    /// `feature_labels` renames the features in the text.
    #[pyo3(signature = (data, subjects, *, outcome="prediction", group=0, top=3, feature_labels=None))]
    #[allow(clippy::too_many_arguments)]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        subjects: Vec<String>,
        outcome: &str,
        group: usize,
        top: usize,
        feature_labels: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let x = rows(py, data, &self.inner)?;
        let req = ExplainRequest {
            subjects,
            outcome: outcome.to_string(),
            group,
            top,
            feature_labels: feature_labels.unwrap_or_default(),
        };
        let e = &self.inner;
        let out = py
            .detach(|| TreeShap::new(e).explain(&x, &req))
            .or_raise()?;
        convert::to_py(py, &out)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Ensemble>()?;
    Ok(())
}

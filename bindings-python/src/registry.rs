//! The model registry: versioned model artifacts in a directory
//! (`Registry`: list, save, load, latest production, promote).

use crate::convert;
use crate::error::OrRaise;
use crate::race_model::RaceModel;
use f1core::domain::{ModelMetadata, ModelType};
use f1core::model::race;
use f1core::model::registry;
use pyo3::prelude::*;
use serde_json::{Value, json};
use std::path::PathBuf;

/// A directory of versioned model artifacts (`<MODEL_TYPE>-v<N>.json`, each
/// with its metadata and a checksum).
#[pyclass(module = "f1core", frozen)]
struct Registry {
    inner: registry::Registry,
}

fn model_type(t: &str) -> PyResult<ModelType> {
    convert::request(json!(t), "model_type")
}

/// A stored model: a `RaceModel` when it is one, else its dict.
fn model_out<'py>(py: Python<'py>, model: Value) -> PyResult<Bound<'py, PyAny>> {
    match serde_json::from_value::<race::RaceModel>(model.clone()) {
        Ok(inner) => Ok(Bound::new(py, RaceModel { inner })?.into_any()),
        Err(_) => convert::to_py(py, &model),
    }
}

/// `(model, metadata)` for Python.
fn pair<'py>(py: Python<'py>, found: (ModelMetadata, Value)) -> PyResult<Bound<'py, PyAny>> {
    let (meta, model) = found;
    let t = (model_out(py, model)?, convert::to_py(py, &meta)?);
    Ok(t.into_pyobject(py)?.into_any())
}

#[pymethods]
impl Registry {
    /// Opens the registry in `path`, creating the directory if needed.
    #[new]
    fn new(path: PathBuf) -> PyResult<Registry> {
        Ok(Registry {
            inner: registry::Registry::open(path).or_raise()?,
        })
    }

    fn __repr__(&self) -> String {
        let n = self
            .inner
            .list()
            .map_or("?".to_string(), |l| l.len().to_string());
        format!(
            "<f1core.Registry {} ({n} models)>",
            self.inner.dir().display()
        )
    }

    /// The registry directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.inner.dir().to_path_buf()
    }

    /// Every artifact's metadata (dicts: `model_type`, `version`,
    /// `trained_at`, `races_count`, `metrics`, `hyperparameters`,
    /// `feature_names`, `is_production`), by type then version. A damaged
    /// file raises `DataError` naming it.
    fn list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.list().or_raise()?)
    }

    /// The next free version of a model type (`v1`, `v2`, ...).
    fn next_version(&self, model_type: &str) -> PyResult<String> {
        self.inner
            .next_version(self::model_type(model_type)?)
            .or_raise()
    }

    /// Saves `model` (a `RaceModel` or any JSON-shaped dict) as a new
    /// version and returns its metadata. For a `RaceModel`, `model_type`
    /// defaults from its kind (`RACE_WINNER` after qualifying,
    /// `RACE_PRE_QUALI` before) and `races_count`, `feature_names` and
    /// `hyperparameters` from the model. `version` `None` takes the next
    /// free one; an existing version is never overwritten.
    #[pyo3(signature = (model, *, model_type=None, version=None, metrics=None, hyperparameters=None, feature_names=None, races_count=None, trained_at=None, is_production=false))]
    #[allow(clippy::too_many_arguments)]
    fn save<'py>(
        &self,
        py: Python<'py>,
        model: &Bound<'py, PyAny>,
        model_type: Option<&str>,
        version: Option<String>,
        metrics: Option<&Bound<'py, PyAny>>,
        hyperparameters: Option<&Bound<'py, PyAny>>,
        feature_names: Option<Vec<String>>,
        races_count: Option<u32>,
        trained_at: Option<String>,
        is_production: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let race = model
            .cast::<RaceModel>()
            .ok()
            .map(|m| m.get().inner.clone());
        let body = match &race {
            Some(m) => serde_json::to_value(m)
                .map_err(f1core::Error::from)
                .or_raise()?,
            None => convert::json(model, "model")?,
        };
        let default_type = race.as_ref().map(|m| match m.kind {
            race::RaceModelKind::PreQualifying => "RACE_PRE_QUALI",
            _ => "RACE_WINNER",
        });
        let Some(t) = model_type.or(default_type) else {
            return Err(f1core::Error::InvalidInput(
                "model_type is needed for a model that is not a RaceModel".into(),
            ))
            .or_raise();
        };
        let trained_at = match trained_at {
            Some(t) => t,
            None => py
                .import("datetime")?
                .getattr("datetime")?
                .call_method1(
                    "now",
                    (py.import("datetime")?.getattr("timezone")?.getattr("utc")?,),
                )?
                .call_method1("isoformat", ())?
                .extract()?,
        };
        let hyper = match (hyperparameters, &race) {
            (Some(h), _) if !h.is_none() => convert::json(h, "hyperparameters")?,
            (_, Some(m)) => serde_json::to_value(&m.options).unwrap_or_default(),
            _ => json!({}),
        };
        let meta: ModelMetadata = convert::request(
            json!({
                "model_type": t,
                "version": version.unwrap_or_default(),
                "trained_at": trained_at,
                "races_count": races_count.or(race.as_ref().map(|m| m.races_count)).unwrap_or(0),
                "metrics": convert::opt_json(metrics, "metrics")?.as_object().cloned().unwrap_or_default(),
                "hyperparameters": hyper,
                "feature_names": feature_names.or(race.as_ref().map(|m| m.features.clone())).unwrap_or_default(),
                "is_production": is_production,
            }),
            "model metadata",
        )?;
        let saved = self.inner.save(meta, &body).or_raise()?;
        convert::to_py(py, &saved)
    }

    /// `(model, metadata)` of one version: the model a `RaceModel` when it
    /// is one, else a dict. A missing version raises `NotFoundError`; a
    /// damaged or edited file `DataError`.
    fn load<'py>(
        &self,
        py: Python<'py>,
        model_type: &str,
        version: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self::model_type(model_type)?;
        pair(py, self.inner.load::<Value>(t, version).or_raise()?)
    }

    /// `(model, metadata)` of the production version of a model type
    /// (the newest if several are marked); `NotFoundError` if none is.
    fn latest_production<'py>(
        &self,
        py: Python<'py>,
        model_type: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self::model_type(model_type)?;
        pair(py, self.inner.latest_production::<Value>(t).or_raise()?)
    }

    /// Marks `version` as the production model of its type (and no other).
    fn promote(&self, model_type: &str, version: &str) -> PyResult<()> {
        self.inner
            .promote(self::model_type(model_type)?, version)
            .or_raise()
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Registry>()?;
    Ok(())
}

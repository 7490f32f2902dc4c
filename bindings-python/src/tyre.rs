//! The tyre model: `TyreModel`, a fit to a race's laps (`TyreFit`,
//! `fit_tyre_model`).

use crate::circuits::Circuit;
use crate::convert;
use crate::error::OrRaise;
use crate::laps::laps_of;
use f1core::domain::Lap;
use f1core::tyre::{self, fit::FittedModel};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::json;
use std::sync::Arc;

/// A race's lap-time model: base lap, fuel effect, per-compound offset and wear.
#[pyclass(module = "f1core", frozen)]
pub struct TyreModel {
    pub inner: tyre::TyreModel,
}

/// A model from a `TyreModel`, a `TyreFit`, a `Circuit` (its default
/// model), or a dict / JSON string of the core's shape.
pub fn model_of(obj: &Bound<'_, PyAny>) -> PyResult<tyre::TyreModel> {
    let model = if let Ok(m) = obj.cast::<TyreModel>() {
        m.get().inner.clone()
    } else if let Ok(f) = obj.cast::<TyreFit>() {
        f.get().fitted.model.clone()
    } else if let Ok(c) = obj.cast::<Circuit>() {
        c.get().facts.tyre_model()
    } else {
        convert::from_py(obj, "tyre model")?
    };
    model.validate().or_raise()?;
    Ok(model)
}

/// A degradation as text: `linear 0.1305 s/lap`.
fn wear(d: &tyre::Degradation) -> String {
    match *d {
        tyre::Degradation::Linear { rate } => format!("linear {rate:.4} s/lap"),
        tyre::Degradation::Quadratic { rate, curve } => {
            format!("quadratic {rate:.4} s/lap + {curve:.5} s/lap²")
        }
        tyre::Degradation::Logarithmic { scale } => format!("logarithmic {scale:.4} s·ln(1+age)"),
    }
}

#[pymethods]
impl TyreModel {
    /// A model from a dict or JSON string: `{base_lap, fuel_effect,
    /// compounds: [{compound, offset, degradation: {form, ...}}]}`.
    #[new]
    fn new(model: &Bound<'_, PyAny>) -> PyResult<TyreModel> {
        Ok(TyreModel {
            inner: model_of(model)?,
        })
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        let parts: Vec<String> = m
            .compounds
            .iter()
            .map(|c| {
                format!(
                    "{} {:+.3} s, {}",
                    convert::name(&c.compound),
                    c.offset,
                    wear(&c.degradation)
                )
            })
            .collect();
        format!(
            "<f1core.TyreModel base {:.3} s, fuel {:.4} s/lap; {}>",
            m.base_lap,
            m.fuel_effect,
            parts.join("; ")
        )
    }

    fn __eq__(&self, value: &Bound<'_, PyAny>) -> bool {
        value
            .cast::<TyreModel>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    /// Lap time (s) on a new set of the reference compound, fuel effect removed.
    #[getter]
    fn base_lap(&self) -> f64 {
        self.inner.base_lap
    }

    /// Seconds per lap gained as fuel burns.
    #[getter]
    fn fuel_effect(&self) -> f64 {
        self.inner.fuel_effect
    }

    /// Per compound: `{compound, offset, degradation: {form, ...}}`.
    #[getter]
    fn compounds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.compounds)
    }

    /// Lap time of lap `lap` of a `laps`-lap race on `compound` with `age`
    /// laps already on the set; `None` if the model lacks the compound.
    fn lap_time(&self, compound: &str, age: u32, lap: u32, laps: u32) -> PyResult<Option<f64>> {
        let c = convert::request(json!(compound), "compound")?;
        Ok(self.inner.lap_time(c, age, lap, laps))
    }

    /// Each compound's offset plus wear at ages 0..=max_age, a frame.
    #[pyo3(signature = (max_age=40))]
    fn curves<'py>(&self, py: Python<'py>, max_age: u32) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &tyre::wear_curves(&self.inner, max_age))
    }

    /// The model as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// A tyre model fitted to a race's laps, with its diagnostics.
#[pyclass(module = "f1core", frozen)]
pub struct TyreFit {
    pub fitted: FittedModel,
    pub race_laps: u32,
    pub laps: Arc<Vec<Lap>>,
}

/// `[(name, value)]` as a dict.
fn dict_of<'py>(py: Python<'py>, pairs: &[(String, f64)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in pairs {
        d.set_item(k, v)?;
    }
    Ok(d)
}

#[pymethods]
impl TyreFit {
    fn __repr__(&self) -> String {
        let f = &self.fitted;
        let forms: Vec<String> = f
            .forms
            .iter()
            .map(|(c, form)| format!("{} {}", convert::name(c), convert::name(form)))
            .collect();
        format!(
            "<f1core.TyreFit {}; fuel {:.4} s/lap; {} clean laps of {}; RMSE {:.3} s, LOSO {:.3} s>",
            forms.join(", "),
            f.model.fuel_effect,
            f.n_laps_used,
            self.race_laps,
            f.rmse,
            f.loso_rmse
        )
    }

    /// The fitted `TyreModel`.
    #[getter]
    fn model(&self) -> TyreModel {
        TyreModel {
            inner: self.fitted.model.clone(),
        }
    }

    /// Race distance the fit used.
    #[getter]
    fn race_laps(&self) -> u32 {
        self.race_laps
    }

    /// The compound with offset 0.
    #[getter]
    fn reference_compound(&self) -> String {
        convert::name(&self.fitted.reference_compound)
    }

    /// Pace offset (s/lap) per driver code; they average to zero.
    #[getter]
    fn driver_offsets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &self.fitted.driver_offsets)
    }

    /// Degradation form chosen per compound (`linear`, `quadratic`, `logarithmic`).
    #[getter]
    fn forms<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (c, f) in &self.fitted.forms {
            d.set_item(convert::name(c), convert::name(f))?;
        }
        Ok(d)
    }

    /// Standard error per parameter (`fuel_effect`, `offset.HARD`, `rate.SOFT`, ...).
    #[getter]
    fn std_errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &self.fitted.std_errors)
    }

    /// In-sample RMS residual, seconds.
    #[getter]
    fn rmse(&self) -> f64 {
        self.fitted.rmse
    }

    /// Leave-one-stint-out RMSE of the chosen forms, seconds.
    #[getter]
    fn loso_rmse(&self) -> f64 {
        self.fitted.loso_rmse
    }

    /// Clean laps the fit used.
    #[getter]
    fn n_laps_used(&self) -> usize {
        self.fitted.n_laps_used
    }

    /// The fitted laps with base, fuel and driver removed (`tyre_delta`)
    /// beside the model's offset plus wear (`model`): the data points of a
    /// degradation plot.
    fn points<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let points = tyre::wear_points(&self.fitted, &self.laps, self.race_laps);
        convert::frame(py, &points)
    }

    /// The model's curves (offset plus wear by age), a frame.
    #[pyo3(signature = (max_age=40))]
    fn curves<'py>(&self, py: Python<'py>, max_age: u32) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &tyre::wear_curves(&self.fitted.model, max_age))
    }

    /// The fit as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.fitted)
    }
}

/// Fits the tyre model to a race's laps (a `Laps`, a path or a frame);
/// `race_laps` defaults to the highest lap number. `progress(done, total)`
/// is called as the degradation forms are tried.
#[pyfunction]
#[pyo3(signature = (laps, race_laps=None, *, progress=None))]
fn fit_tyre_model(
    py: Python<'_>,
    laps: &Bound<'_, PyAny>,
    race_laps: Option<u32>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<TyreFit> {
    let laps = laps_of(py, laps)?;
    let n = race_laps.unwrap_or_else(|| f1core::domain::race_laps(&laps));
    let fitted =
        convert::detach_with_progress(py, progress, |p| tyre::fit::fit_with_progress(&laps, n, p))?
            .or_raise()?;
    Ok(TyreFit {
        fitted,
        race_laps: n,
        laps,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TyreModel>()?;
    m.add_class::<TyreFit>()?;
    m.add_function(wrap_pyfunction!(fit_tyre_model, m)?)?;
    Ok(())
}

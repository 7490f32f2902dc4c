//! The pit-strategy optimiser: `optimise` and its `Strategies`.

use crate::convert;
use crate::error::OrRaise;
use crate::tyre::model_of;
use f1core::strategy::{self, OptimiseRequest, Strategy};
use pyo3::prelude::*;
use serde_json::json;

/// The fastest distinct strategies of an `optimise` call, best first.
#[pyclass(module = "f1core", frozen, sequence)]
struct Strategies {
    request: OptimiseRequest,
    list: Vec<Strategy>,
}

/// A strategy as text: `MEDIUM 1-20 → HARD 21-53`.
fn describe(s: &Strategy) -> String {
    let stints: Vec<String> = s
        .stints
        .iter()
        .map(|p| {
            format!(
                "{} {}-{}",
                convert::name(&p.compound),
                p.first_lap,
                p.last_lap
            )
        })
        .collect();
    stints.join(" → ")
}

#[pymethods]
impl Strategies {
    fn __len__(&self) -> usize {
        self.list.len()
    }

    /// Strategy `i` as a dict: `total_time`, `stops`, `stints`, `pit_laps`.
    fn __getitem__<'py>(&self, py: Python<'py>, key: isize) -> PyResult<Bound<'py, PyAny>> {
        let n = self.list.len() as isize;
        let k = if key < 0 { key + n } else { key };
        match usize::try_from(k).ok().and_then(|k| self.list.get(k)) {
            Some(s) => convert::to_py(py, s),
            None => Err(pyo3::exceptions::PyIndexError::new_err(
                "strategy index out of range",
            )),
        }
    }

    fn __repr__(&self) -> String {
        let lines: Vec<String> = self
            .list
            .iter()
            .enumerate()
            .map(|(k, s)| {
                format!(
                    "  #{} {:.3} s, {} stop(s): {}",
                    k + 1,
                    s.total_time,
                    s.stops,
                    describe(s)
                )
            })
            .collect();
        format!(
            "<f1core.Strategies {} over {} laps, pit loss {:.1} s\n{}>",
            self.list.len(),
            self.request.laps,
            self.request.pit_loss,
            lines.join("\n")
        )
    }

    /// The best strategy as a dict.
    #[getter]
    fn best<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.__getitem__(py, 0)
    }

    /// One row per strategy (best first): `total_time`, `stops`, `stints`, `pit_laps`.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.list)
    }

    /// Every lap of every strategy on the model: `strategy` (rank),
    /// `lap`, `compound`, `tyre_age`, `lap_time`, `pit_loss`, `race_time`.
    #[getter]
    fn lap_by_lap<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &strategy::lap_by_lap(&self.request, &self.list))
    }

    /// The request as the core read it (defaults filled in).
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.request)
    }
}

/// The fastest race strategies (exact): `model` is a `TyreModel`, `TyreFit`,
/// `Circuit` or dict; `laps` the race distance, `pit_loss` seconds per stop.
/// `sets` lists the sets available (`[{"compound": "SOFT", "age": 3}, ...]`,
/// default unlimited new sets), `starting` forces the first compound.
/// Mid-race, `laps` is the laps to go and `compounds_used` the compounds
/// already run (they count towards the two-compound rule).
#[pyfunction]
#[pyo3(signature = (model, laps, pit_loss, *, max_stops=3, min_stint=1, weather="DRY", sets=None, starting=None, top_k=3, compounds_used=None))]
#[allow(clippy::too_many_arguments)]
fn optimise(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    laps: u32,
    pit_loss: f64,
    max_stops: u32,
    min_stint: u32,
    weather: &str,
    sets: Option<&Bound<'_, PyAny>>,
    starting: Option<&str>,
    top_k: u32,
    compounds_used: Option<Vec<String>>,
) -> PyResult<Strategies> {
    let sets = convert::opt_json(sets, "sets")?;
    let request: OptimiseRequest = convert::request(
        json!({
            "laps": laps, "pit_loss": pit_loss, "model": model_of(model)?,
            "max_stops": max_stops, "min_stint": min_stint, "weather": weather,
            "sets": sets, "starting": starting, "top_k": top_k,
            "compounds_used": compounds_used.unwrap_or_default(),
        }),
        "optimise",
    )?;
    let list = py.detach(|| strategy::optimise(&request)).or_raise()?;
    Ok(Strategies { request, list })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Strategies>()?;
    m.add_function(wrap_pyfunction!(optimise, m)?)?;
    Ok(())
}

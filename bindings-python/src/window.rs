//! The pit-stop window of a car mid-race: `pit_window` and its `PitWindow`
//! (every next-stop lap's best race to the flag, undercut and overcut).

use crate::convert;
use crate::error::OrRaise;
use crate::tyre::model_of;
use f1core::strategy::{self, PitOption, PitWindowRequest};
use pyo3::prelude::*;
use serde_json::json;

/// The best race to the flag for every lap the next stop could be made on.
#[pyclass(module = "f1core", frozen)]
struct PitWindow {
    request: PitWindowRequest,
    inner: strategy::PitWindow,
}

/// An option as text: `pit lap 21 → HARD, 1234.567 s (+0.000)`.
fn describe(o: &PitOption) -> String {
    let stop = match (o.pit_lap, &o.next_compound) {
        (Some(l), Some(c)) => format!("pit lap {l} → {}", convert::name(c)),
        (Some(l), None) => format!("pit lap {l}"),
        _ => "no stop".to_string(),
    };
    format!("{stop}, {:.3} s (+{:.3})", o.time, o.delta)
}

#[pymethods]
impl PitWindow {
    fn __repr__(&self) -> String {
        let w = &self.inner;
        let laps = match (w.window.first(), w.window.last()) {
            (Some(a), Some(b)) if a == b => format!("lap {a}"),
            (Some(a), Some(b)) => format!("laps {a}-{b}"),
            _ => "none".to_string(),
        };
        format!(
            "<f1core.PitWindow after lap {} of {}: best {}; window {laps} (±{:.1} s); {} options>",
            self.request.current_lap,
            self.request.laps,
            describe(&w.best),
            self.request.tolerance,
            w.options.len()
        )
    }

    /// The fastest option as a dict: `pit_lap` (`None` = no stop),
    /// `next_compound`, `time` (s to the flag), `delta`, `plan`.
    #[getter]
    fn best<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.best)
    }

    /// In-laps within `tolerance` of the best, ascending.
    #[getter]
    fn window(&self) -> Vec<u32> {
        self.inner.window.clone()
    }

    /// The compound to fit at the next stop (`None`: no stop possible).
    #[getter]
    fn next_compound(&self) -> Option<String> {
        self.inner.next_compound.as_ref().map(convert::name)
    }

    /// Running to the flag on this set, when the rules allow it (a dict).
    #[getter]
    fn no_stop<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.no_stop)
    }

    /// One row per feasible in-lap: `pit_lap`, `next_compound`, `time`,
    /// `delta`, `plan` (a struct: `total_time`, `stops`, `stints`, `pit_laps`).
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.options)
    }

    /// We stop next lap, the car ahead `laps_later` laps later (a dict:
    /// `first_stop`, `second_stop`, `gain`, `gap`, `margin`, `works`), or `None`.
    #[getter]
    fn undercut<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.undercut)
    }

    /// The car behind stops next lap, we `laps_later` laps later, or `None`.
    #[getter]
    fn overcut<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.overcut)
    }

    /// The request as the core read it (defaults filled in).
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.request)
    }

    /// The whole answer as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// The pit window of a car that has completed `current_lap` of `laps` on a
/// `compound` set `tyre_age` laps old: the exact best race time to the flag
/// for every next-stop lap. `ahead` / `behind` (`{"gap", "compound",
/// "tyre_age", "pace_offset"?, "next_compound"?}`) add the undercut and
/// overcut; the other arguments are `optimise`'s.
#[pyfunction]
#[pyo3(signature = (model, laps, current_lap, compound, tyre_age, pit_loss, *, compounds_used=None, max_stops=2, min_stint=1, weather="DRY", sets=None, tolerance=1.0, ahead=None, behind=None, laps_later=1))]
#[allow(clippy::too_many_arguments)]
fn pit_window(
    py: Python<'_>,
    model: &Bound<'_, PyAny>,
    laps: u32,
    current_lap: u32,
    compound: &str,
    tyre_age: u32,
    pit_loss: f64,
    compounds_used: Option<Vec<String>>,
    max_stops: u32,
    min_stint: u32,
    weather: &str,
    sets: Option<&Bound<'_, PyAny>>,
    tolerance: f64,
    ahead: Option<&Bound<'_, PyAny>>,
    behind: Option<&Bound<'_, PyAny>>,
    laps_later: u32,
) -> PyResult<PitWindow> {
    let request: PitWindowRequest = convert::request(
        json!({
            "laps": laps, "current_lap": current_lap, "compound": compound,
            "tyre_age": tyre_age, "compounds_used": compounds_used.unwrap_or_default(),
            "model": model_of(model)?, "pit_loss": pit_loss, "max_stops": max_stops,
            "min_stint": min_stint, "weather": weather,
            "sets": convert::opt_json(sets, "sets")?, "tolerance": tolerance,
            "ahead": convert::opt_json(ahead, "ahead")?,
            "behind": convert::opt_json(behind, "behind")?, "laps_later": laps_later,
        }),
        "pit_window",
    )?;
    let inner = py.detach(|| strategy::pit_window(&request)).or_raise()?;
    Ok(PitWindow { request, inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PitWindow>()?;
    m.add_function(wrap_pyfunction!(pit_window, m)?)?;
    Ok(())
}

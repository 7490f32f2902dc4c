//! The Monte Carlo race model: `monte_carlo` (a field raced many times with
//! a seed) and its `MonteCarlo` result (per-driver distributions).

use crate::convert;
use crate::error::OrRaise;
use crate::tyre::model_of;
use f1core::sim::monte_carlo::{self as mc, MonteCarloRequest, MonteCarloResponse};
use pyo3::prelude::*;
use serde_json::json;

/// A field raced `runs` times: each driver's finishing-position distribution,
/// win / podium / DNF odds, expected points and mean race time.
#[pyclass(module = "f1core", frozen)]
struct MonteCarlo {
    inner: MonteCarloResponse,
}

#[pymethods]
impl MonteCarlo {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let fav = r
            .drivers
            .iter()
            .max_by(|a, b| a.win_probability.total_cmp(&b.win_probability))
            .map_or("-".to_string(), |d| {
                format!("{} {:.1} %", d.driver, 100.0 * d.win_probability)
            });
        format!(
            "<f1core.MonteCarlo {} runs (seed {}) of {} cars over {} laps; favourite {fav}; SC in {} races>",
            r.runs,
            r.seed,
            r.drivers.len(),
            r.laps,
            r.safety_car_races
        )
    }

    /// Races run.
    #[getter]
    fn runs(&self) -> u32 {
        self.inner.runs
    }

    /// The seed the generator started from.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// Race distance in laps.
    #[getter]
    fn laps(&self) -> u32 {
        self.inner.laps
    }

    /// Season whose points system scored the races.
    #[getter]
    fn points_season(&self) -> u16 {
        self.inner.points_season
    }

    /// Races that had a safety-car period.
    #[getter]
    fn safety_car_races(&self) -> u32 {
        self.inner.safety_car_races
    }

    /// Races that had a virtual-safety-car period.
    #[getter]
    fn vsc_races(&self) -> u32 {
        self.inner.vsc_races
    }

    /// One row per driver in request order: `driver`, `grid`, `strategy`,
    /// `positions` (counts per place), `position_probabilities`, `dnf`,
    /// `dnf_probability`, `win_probability`, `podium_probability`,
    /// `expected_points`, `mean_position`, `mean_race_time`.
    #[getter]
    fn drivers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.drivers)
    }

    /// The response as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Cars from a list of dicts or a polars / pandas frame of them.
fn cars_of(cars: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let rows = if cars.hasattr("to_dicts")? {
        cars.call_method0("to_dicts")?
    } else if cars.hasattr("to_dict")? && cars.hasattr("columns")? {
        cars.call_method1("to_dict", ("records",))?
    } else {
        cars.clone()
    };
    convert::json(&rows, "cars")
}

/// Races a field `runs` times. `cars`: a list of dicts (or a frame of
/// rows) `{driver, pace_offset?, grid?, strategy?, dnf_probability?}`, a
/// `strategy` being `{"kind": "optimal", "rank": 1}` (default) or
/// `{"kind": "stops", "starting": "MEDIUM", "pit_stops": [{"lap", "compound"}]}`.
/// A catalogue `circuit` gives the laps, pit loss, tyre model, passing rule
/// and SC/VSC odds not given. `noise` and `neutralisation` are dicts of the
/// core's fields. The same seed gives the same numbers on every platform;
/// runs without the GIL; `progress(done, total)` counts the races run
/// (at most 100 units) and leaves the numbers as they are.
#[pyfunction]
#[pyo3(signature = (cars, *, circuit=None, laps=None, pit_loss=None, model=None, passing=None, runs=10000, seed=0, noise=None, neutralisation=None, points_season=None, weather=None, max_stops=3, min_stint=1, progress=None))]
#[allow(clippy::too_many_arguments)]
fn monte_carlo(
    py: Python<'_>,
    cars: &Bound<'_, PyAny>,
    circuit: Option<String>,
    laps: Option<u32>,
    pit_loss: Option<f64>,
    model: Option<&Bound<'_, PyAny>>,
    passing: Option<&Bound<'_, PyAny>>,
    runs: u32,
    seed: u64,
    noise: Option<&Bound<'_, PyAny>>,
    neutralisation: Option<&Bound<'_, PyAny>>,
    points_season: Option<u16>,
    weather: Option<String>,
    max_stops: u32,
    min_stint: u32,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<MonteCarlo> {
    let model = match model {
        Some(m) if !m.is_none() => serde_json::to_value(model_of(m)?).unwrap_or_default(),
        _ => serde_json::Value::Null,
    };
    let passing = match passing {
        Some(p) if p.extract::<f64>().is_ok() => json!({"overtake_delta": p.extract::<f64>()?}),
        other => convert::opt_json(other, "passing")?,
    };
    let mut req = json!({
        "circuit": circuit, "laps": laps, "pit_loss": pit_loss, "model": model,
        "passing": passing, "cars": cars_of(cars)?, "runs": runs, "seed": seed,
        "points_season": points_season, "weather": weather,
        "max_stops": max_stops, "min_stint": min_stint,
    });
    for (key, value) in [("noise", noise), ("neutralisation", neutralisation)] {
        if let Some(v) = value.filter(|v| !v.is_none()) {
            req[key] = convert::json(v, key)?;
        }
    }
    let req: MonteCarloRequest = convert::request(req, "monte_carlo")?;
    let out = convert::detach_with_progress(py, progress, |p| mc::simulate_with_progress(&req, p))?;
    Ok(MonteCarlo {
        inner: out.or_raise()?,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<MonteCarlo>()?;
    m.add_function(wrap_pyfunction!(monte_carlo, m)?)?;
    Ok(())
}

//! The Ergast dump: `Dataset` and its queries, and standings computed from
//! results given as a dict.

use crate::convert;
use crate::error::OrRaise;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The Ergast dump loaded into memory, with the queries users expect of it.
#[pyclass(module = "f1core", frozen)]
pub struct Dataset {
    pub inner: Arc<f1core::Dataset>,
    /// The feature builder, made on first use (its history frame is the
    /// costly part) and kept for every later race.
    pub features: OnceLock<crate::features::Builder>,
}

impl Dataset {
    /// The feature builder, built without the GIL on first use.
    pub fn builder(&self, py: Python<'_>) -> PyResult<&crate::features::Builder> {
        if let Some(b) = self.features.get() {
            return Ok(b);
        }
        let b = crate::features::Builder::new(py, self.inner.clone())?;
        Ok(self.features.get_or_init(|| b))
    }
}

#[pymethods]
impl Dataset {
    /// Loads the dump from `path` (the CSV folder, or a folder holding
    /// `ergast/`); `None` reads the `F1CORE_DATA` environment variable.
    #[staticmethod]
    #[pyo3(signature = (path=None))]
    fn load(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Dataset> {
        let ds = py
            .detach(|| f1core::Dataset::open(path.as_deref()))
            .or_raise()?;
        Ok(Dataset {
            inner: Arc::new(ds),
            features: OnceLock::new(),
        })
    }

    fn __repr__(&self) -> String {
        let t = self.inner.tables();
        let years = match (t.seasons.first(), t.seasons.last()) {
            (Some(a), Some(b)) => format!("{}-{}", a.year, b.year),
            _ => "none".to_string(),
        };
        format!(
            "<f1core.Dataset seasons={years} races={} results={} sprint_results={} qualifying={} drivers={} constructors={}>",
            t.races.len(),
            t.results.len(),
            t.sprint_results.len(),
            t.qualifying.len(),
            t.drivers.len(),
            t.constructors.len(),
        )
    }

    /// Every season in the data (`year`, `url`), oldest first.
    fn seasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, self.inner.seasons())
    }

    /// Years with at least one race result, oldest first.
    fn completed_seasons(&self) -> Vec<u16> {
        self.inner.completed_seasons()
    }

    /// A season's races in round order (empty for a year not in the data).
    fn races<'py>(&self, py: Python<'py>, year: u16) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, self.inner.races(year))
    }

    /// The race in progress on `date`, else the next one; `None` after the last.
    #[pyo3(signature = (date=None))]
    fn current_race<'py>(
        &self,
        py: Python<'py>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let today = convert::date(py, date)?;
        convert::to_py(py, &self.inner.current_race(today))
    }

    /// A race's classification joined with driver and constructor names.
    fn race_results<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.race_results(year, round).or_raise()?)
    }

    /// A sprint's classification (empty when the weekend had none).
    fn sprint_results<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.sprint_results(year, round).or_raise()?)
    }

    /// Qualifying in qualifying order, q1/q2/q3 as float seconds.
    fn qualifying<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.qualifying(year, round).or_raise()?)
    }

    /// Drivers' championship after `round` (the latest completed when `None`).
    #[pyo3(signature = (year, round=None))]
    fn driver_standings<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: Option<u32>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.driver_standings(year, round).or_raise()?)
    }

    /// Constructors' championship after `round` (the latest completed when `None`).
    #[pyo3(signature = (year, round=None))]
    fn constructor_standings<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: Option<u32>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rows = self.inner.constructor_standings(year, round).or_raise()?;
        convert::frame(py, &rows)
    }

    /// A driver's season: results, qualifying, points, DNF rate, teammate H2H.
    fn driver_season<'py>(
        &self,
        py: Python<'py>,
        driver_ref: &str,
        year: u16,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.driver_season(driver_ref, year).or_raise()?)
    }

    /// Every driver's season performance, by points.
    fn season_performance<'py>(&self, py: Python<'py>, year: u16) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.season_performance(year).or_raise()?)
    }

    /// Lap record, pit stops, pole-to-win, safety cars and winners at a circuit.
    #[pyo3(signature = (circuit_ref, since=None))]
    fn circuit_insights<'py>(
        &self,
        py: Python<'py>,
        circuit_ref: &str,
        since: Option<u16>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let insights = self.inner.circuit_insights(circuit_ref, since).or_raise()?;
        convert::to_py(py, &insights)
    }

    /// Point-in-time features of a race of the dump: one row per starter
    /// (`driver_ref`, `constructor_ref`, `driver_id`, `constructor_id`, then
    /// one float column per feature, null where missing), from earlier races
    /// only plus the race's own grid and qualifying.
    fn features<'py>(&self, py: Python<'py>, year: u16, round: u32) -> PyResult<Bound<'py, PyAny>> {
        let m = self.builder(py)?.race(py, year, round)?;
        crate::features::frame(py, &m)
    }

    /// Features of a race the dump has no result for, from its entry list:
    /// `entries` = `[{"driver_ref", "constructor_ref", "grid"?,
    /// "quali_position"?, "q1"?, "q2"?, "q3"?}]` (a list of dicts or a frame).
    fn upcoming_features<'py>(
        &self,
        py: Python<'py>,
        year: u16,
        round: u32,
        circuit_ref: &str,
        entries: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let race = crate::features::upcoming(year, round, circuit_ref, entries)?;
        let m = self.builder(py)?.upcoming(py, &race)?;
        crate::features::frame(py, &m)
    }

    /// A season's completed rounds as the input of `standings_from_results`.
    fn season_results<'py>(&self, py: Python<'py>, year: u16) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.season_results(year).or_raise()?)
    }
}

/// Both championships computed from a `SeasonResults` dict or JSON string,
/// after `round` (the last round given when `None`).
#[pyfunction]
#[pyo3(signature = (season, round=None))]
fn standings_from_results<'py>(
    py: Python<'py>,
    season: &Bound<'py, PyAny>,
    round: Option<u32>,
) -> PyResult<Bound<'py, PyDict>> {
    let season: f1core::standings::SeasonResults = convert::from_py(season, "season results")?;
    let s = py
        .detach(|| f1core::standings::standings(&season, round))
        .or_raise()?;
    let out = PyDict::new(py);
    out.set_item("year", s.year)?;
    out.set_item("round", s.round)?;
    out.set_item("drivers", convert::frame(py, &s.drivers)?)?;
    out.set_item("constructors", convert::frame(py, &s.constructors)?)?;
    Ok(out)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Dataset>()?;
    m.add_function(wrap_pyfunction!(standings_from_results, m)?)?;
    Ok(())
}

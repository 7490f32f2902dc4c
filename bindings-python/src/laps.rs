//! A race's laps (FastF1 `session.laps`) in: `Laps`, `read_laps`, `laps_file`.

use crate::convert;
use crate::error::OrRaise;
use f1core::domain::{Lap, race_laps, stints};
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::path::PathBuf;
use std::sync::Arc;

/// A race's laps (FastF1 `session.laps`), read and checked.
#[pyclass(module = "f1core", frozen)]
pub struct Laps {
    pub inner: Arc<Vec<Lap>>,
}

/// Laps from a `Laps`, a path or a frame.
pub fn laps_of(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Arc<Vec<Lap>>> {
    match source.cast::<Laps>() {
        Ok(l) => Ok(l.get().inner.clone()),
        Err(_) => Ok(Arc::new(convert::laps(py, source)?)),
    }
}

#[pymethods]
impl Laps {
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        let mut drivers: Vec<&str> = self.inner.iter().map(|l| l.driver.as_str()).collect();
        drivers.sort_unstable();
        drivers.dedup();
        format!(
            "<f1core.Laps {} laps of {} drivers, race distance {} laps>",
            self.inner.len(),
            drivers.len(),
            race_laps(&self.inner)
        )
    }

    /// Race distance: the highest lap number.
    #[getter]
    fn race_laps(&self) -> u32 {
        race_laps(&self.inner)
    }

    /// One row per lap: durations in float seconds, `track_status` a struct
    /// of flags (`yellow`, `safety_car`, `red`, `vsc`).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner)
    }

    /// `to_polars().to_pandas()` (needs pyarrow).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_polars(py)?.call_method0("to_pandas")
    }

    /// Runs of laps on one set: driver, stint, compound, first and last lap,
    /// tyre age at the start.
    fn stints<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &stints(&self.inner))
    }
}

/// Reads a race's laps from a FastF1 lap CSV path or a `session.laps`
/// frame (pandas or polars, as FastF1 types it).
#[pyfunction]
fn read_laps(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Laps> {
    Ok(Laps {
        inner: laps_of(py, source)?,
    })
}

/// The lap table of `race` (`2024-bahrain-grand-prix`) under the data
/// directory (`data`, else `F1CORE_DATA`).
#[pyfunction]
#[pyo3(signature = (race, data=None))]
fn laps_file(race: &str, data: Option<PathBuf>) -> PyResult<PathBuf> {
    let dir = f1core::data::resolve_data_dir(data.as_deref()).or_raise()?;
    f1core::data::laps_file(&dir, race).or_raise()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Laps>()?;
    m.add_function(wrap_pyfunction!(read_laps, m)?)?;
    m.add_function(wrap_pyfunction!(laps_file, m)?)?;
    m.add(
        "LAP_COLUMNS",
        PyList::new(m.py(), f1core::data::LAP_COLUMNS)?,
    )?;
    Ok(())
}

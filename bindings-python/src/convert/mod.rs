//! Core values ↔ Python objects. Single values cross through serde
//! (`pythonize`), so Python sees the same snake_case shape as the JSON of the
//! Node and WASM bindings: structs as dicts, durations as float seconds,
//! dates as ISO strings, unit enums as strings. Tables cross as Arrow
//! (`arrow`): rows out as polars DataFrames, FastF1 lap frames in.

mod arrow;
mod tree;

use chrono::NaiveDate;
use f1core::Error;
use f1core::domain::Lap;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::PathBuf;

use crate::error::OrRaise;

/// Rows as a `polars.DataFrame`, moved as Arrow columns. No rows: an empty
/// frame (no columns either: they are named by the rows).
pub fn frame<'py, T: Serialize>(py: Python<'py>, rows: &[T]) -> PyResult<Bound<'py, PyAny>> {
    static DATAFRAME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = DATAFRAME.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let polars = py.import("polars").map_err(|e| {
            pyo3::exceptions::PyImportError::new_err(format!(
                "f1core returns tables as polars DataFrames: pip install polars ({e})"
            ))
        })?;
        Ok(polars.getattr("DataFrame")?.unbind())
    })?;
    let table = arrow::table(rows)
        .map_err(|e| Error::InvalidInput(format!("table: {e}")))
        .or_raise()?;
    match table {
        Some(t) => class.bind(py).call1((t,)),
        None => class.bind(py).call0(),
    }
}

/// Laps from a path (a FastF1 lap CSV) or a frame: pandas (through
/// pyarrow), polars, or any Arrow stream producer. Only the columns the core
/// reads are converted.
pub fn laps(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Vec<Lap>> {
    if source.is_instance_of::<PyString>() || source.hasattr("__fspath__")? {
        let path: PathBuf = source.extract()?;
        return py.detach(|| f1core::data::read_laps(&path)).or_raise();
    }
    let columns = f1core::data::LAP_COLUMNS;
    let stream = py
        .import("f1core._frames")?
        .call_method1("arrow_source", (source, columns.to_vec()))?;
    let df = arrow::frame_from_stream(&stream, &columns)?;
    py.detach(|| f1core::data::laps_from_frame(&df)).or_raise()
}

/// Runs `work` without the GIL, giving it a progress callback that calls
/// Python's `callback(done, total)` (GIL re-taken for each call) when there
/// is one. An exception from the callback (or Ctrl-C, checked at each call)
/// is raised once the work returns; the work itself runs to its end (see
/// `f1core::progress`).
pub fn detach_with_progress<R: Send>(
    py: Python<'_>,
    callback: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&mut dyn FnMut(usize, usize)) -> R + Send,
) -> PyResult<R> {
    let callback: Option<Py<PyAny>> = callback
        .filter(|c| !c.is_none())
        .map(|c| c.clone().unbind());
    let mut failed: Option<PyErr> = None;
    let out = py.detach(|| {
        let mut report = |done: usize, total: usize| {
            if let (Some(cb), None) = (&callback, &failed) {
                Python::attach(|py| {
                    let result = py
                        .check_signals()
                        .and_then(|()| cb.call1(py, (done, total)));
                    if let Err(e) = result {
                        failed = Some(e);
                    }
                });
            }
        };
        work(&mut report)
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// A request or value from a dict (any mapping of that shape) or a JSON
/// string; `what` names it in the error.
pub fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    if let Ok(text) = obj.cast::<PyString>() {
        serde_json::from_str(&text.to_cow()?).map_err(Error::from)
    } else {
        pythonize::depythonize(obj).map_err(|e| Error::InvalidInput(format!("{what}: {e}")))
    }
    .or_raise()
}

/// A core request from JSON built of the keyword arguments; serde fills the
/// defaults and names what is wrong.
pub fn request<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> PyResult<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::InvalidInput(format!("{what}: {e}")))
        .or_raise()
}

/// A Python value (list, dict, str, number, None) as JSON.
pub fn json(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<serde_json::Value> {
    pythonize::depythonize(obj)
        .map_err(|e| Error::InvalidInput(format!("{what}: {e}")))
        .or_raise()
}

/// As [`json`], `None` (absent or Python `None`) as JSON `null`.
pub fn opt_json(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<serde_json::Value> {
    match obj {
        Some(o) if !o.is_none() => json(o, what),
        _ => Ok(serde_json::Value::Null),
    }
}

/// A unit enum's serde name (`SOFT`, `linear`).
pub fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Any serialisable core value as a Python object.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// A day from a `datetime.date` (or `datetime`), an ISO `YYYY-MM-DD` string,
/// or `None` for today as Python's `datetime.date.today()` sees it.
pub fn date(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    let today;
    let obj = match obj {
        Some(o) if !o.is_none() => o,
        _ => {
            today = py
                .import("datetime")?
                .getattr("date")?
                .call_method0("today")?;
            &today
        }
    };
    let parsed = if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_cow()?;
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|e| Error::InvalidInput(format!("date {text:?}: {e} (expected YYYY-MM-DD)")))
    } else {
        let part = |name: &str| obj.getattr(name).and_then(|v| v.extract::<i64>()).ok();
        match (part("year"), part("month"), part("day")) {
            (Some(y), Some(m), Some(d)) => i32::try_from(y)
                .ok()
                .zip(u32::try_from(m).ok())
                .zip(u32::try_from(d).ok())
                .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
                .ok_or_else(|| Error::InvalidInput(format!("date {y}-{m}-{d} does not exist"))),
            _ => Err(Error::InvalidInput(format!(
                "date: expected datetime.date or a YYYY-MM-DD string, got {}",
                obj.get_type().name()?
            ))),
        }
    };
    parsed.or_raise()
}

//! Core values ↔ Python objects. Everything crosses through serde
//! (`pythonize`), so Python sees the same snake_case shape as the JSON of the
//! Node and WASM bindings: structs as dicts, durations as float seconds,
//! dates as ISO strings, unit enums as strings. Row lists come back as
//! `list[dict]`, which `pandas.DataFrame(rows)` and `polars.DataFrame(rows)`
//! take as is. (An Arrow path for frames would slot in here.)

use chrono::NaiveDate;
use f1core::Error;
use f1core::standings::SeasonResults;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::Serialize;

use crate::error::OrRaise;

/// Any serialisable core value as a Python object.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// Rows as `list[dict]`.
pub fn rows<'py, T: Serialize>(py: Python<'py>, rows: &[T]) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, rows)
}

/// A `SeasonResults` from a dict (any mapping of that shape) or a JSON string.
pub fn season_results(obj: &Bound<'_, PyAny>) -> PyResult<SeasonResults> {
    if let Ok(text) = obj.cast::<PyString>() {
        serde_json::from_str(&text.to_cow()?).map_err(Error::from)
    } else {
        pythonize::depythonize(obj).map_err(|e| Error::InvalidInput(format!("season results: {e}")))
    }
    .or_raise()
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

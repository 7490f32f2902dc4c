//! F1 timing text ↔ seconds, and the panic used by the tests.

use crate::error::OrRaise;
use pyo3::prelude::*;

/// Seconds from F1 timing text: `1:27.452`, `1:34:50.616`, `5.478`.
#[pyfunction]
fn parse_duration(text: &str) -> PyResult<f64> {
    f1core::timing::parse_duration(text)
        .map(|d| d.as_secs_f64())
        .ok_or_else(|| {
            f1core::Error::InvalidInput(format!("cannot read {text:?} as a duration (1:27.452)"))
        })
        .or_raise()
}

/// F1 timing text of `seconds`: `1:27.452`.
#[pyfunction]
fn format_duration(seconds: f64) -> PyResult<String> {
    f1core::timing::secs_duration(seconds)
        .map(f1core::timing::format_duration)
        .ok_or_else(|| {
            f1core::Error::InvalidInput(format!("{seconds} is not a duration (finite, ≥ 0)"))
        })
        .or_raise()
}

/// Panics in Rust (debug builds only): shows a panic reaches Python as
/// `pyo3_runtime.PanicException`, not an abort.
#[cfg(debug_assertions)]
#[pyfunction]
fn _panic_for_tests(message: &str) {
    panic!("{message}");
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_duration, m)?)?;
    m.add_function(wrap_pyfunction!(format_duration, m)?)?;
    #[cfg(debug_assertions)]
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}

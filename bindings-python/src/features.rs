//! Point-in-time features: the builder a `Dataset` keeps, feature matrices
//! out as polars frames, entry lists in, and the catalogue of features.

use crate::convert;
use crate::error::OrRaise;
use f1core::features::{FeatureBuilder, FeatureMatrix, RaceSample, UpcomingRace, catalog};
use f1core::progress::Phases;
use pyo3::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::sync::Arc;

/// A `FeatureBuilder` with the dataset it borrows.
pub struct Builder {
    // Declared first, so dropped before the `Arc` it borrows from.
    fb: FeatureBuilder<'static>,
    _ds: Arc<f1core::Dataset>,
}

impl Builder {
    pub fn new(py: Python<'_>, ds: Arc<f1core::Dataset>) -> PyResult<Builder> {
        // SAFETY: the `Dataset` lives on the heap behind `_ds`, is never
        // mutated, and outlives `fb` (field order above); `fb` never hands
        // the reference out beyond `&self` borrows of the `Builder`.
        let r: &'static f1core::Dataset = unsafe { &*Arc::as_ptr(&ds) };
        let fb = py.detach(|| FeatureBuilder::new(r)).or_raise()?;
        Ok(Builder { fb, _ds: ds })
    }

    pub fn race(&self, py: Python<'_>, year: u16, round: u32) -> PyResult<FeatureMatrix> {
        py.detach(|| self.fb.race(year, round)).or_raise()
    }

    pub fn upcoming(&self, py: Python<'_>, race: &UpcomingRace) -> PyResult<FeatureMatrix> {
        py.detach(|| self.fb.upcoming(race)).or_raise()
    }

    /// The builder itself, for core functions that take one.
    pub fn inner(&self) -> &FeatureBuilder<'_> {
        &self.fb
    }

    /// Training samples of every race with results in `years`, one unit of
    /// `phases` per season.
    pub fn samples(
        &self,
        years: std::ops::RangeInclusive<u16>,
        phases: &mut Phases,
    ) -> f1core::Result<Vec<RaceSample>> {
        self.samples_through(years, u32::MAX, phases)
    }

    /// [`samples`](Self::samples), the last year only through `last_round`.
    pub fn samples_through(
        &self,
        years: std::ops::RangeInclusive<u16>,
        last_round: u32,
        phases: &mut Phases,
    ) -> f1core::Result<Vec<RaceSample>> {
        let last = *years.end();
        let mut out = Vec::new();
        for year in years {
            let through = if year == last { last_round } else { u32::MAX };
            out.extend(phases.part(1, |_| self.fb.samples_through(year..=year, through))?);
        }
        Ok(out)
    }
}

/// Entries (a list of dicts or a polars / pandas frame of rows) as JSON,
/// slot columns of a pandas frame back to whole numbers.
pub fn entries_json(entries: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    let entries = if entries.hasattr("to_dicts")? {
        entries.call_method0("to_dicts")?
    } else if entries.hasattr("columns")? {
        entries.call_method1("to_dict", ("records",))?
    } else {
        entries.clone()
    };
    let mut entries = convert::json(&entries, "entries")?;
    // A pandas column of slots with a gap is float (3.0, NaN): whole
    // numbers back to integers; NaN already reads as null.
    for e in entries.as_array_mut().into_iter().flatten() {
        for key in ["grid", "quali_position"] {
            if let Some(x) = e.get(key).and_then(serde_json::Value::as_f64)
                && x.fract() == 0.0
                && (0.0..=f64::from(u32::MAX)).contains(&x)
            {
                e[key] = serde_json::json!(x as u32);
            }
        }
    }
    Ok(entries)
}

/// The race to build features for, from Python arguments.
pub fn upcoming(
    year: u16,
    round: u32,
    circuit_ref: &str,
    entries: &Bound<'_, PyAny>,
) -> PyResult<UpcomingRace> {
    let entries = entries_json(entries)?;
    convert::request(
        serde_json::json!({
            "year": year, "round": round, "circuit_ref": circuit_ref, "entries": entries,
        }),
        "upcoming race",
    )
}

/// One row of a matrix, keys in column order, NaN as a missing value.
struct Row<'a>(&'a FeatureMatrix, usize);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (m, i) = (self.0, self.1);
        let key = &m.rows[i];
        let mut map = s.serialize_map(Some(4 + m.n_cols()))?;
        map.serialize_entry("driver_ref", &key.driver_ref)?;
        map.serialize_entry("constructor_ref", &key.constructor_ref)?;
        map.serialize_entry("driver_id", &key.driver_id)?;
        map.serialize_entry("constructor_id", &key.constructor_id)?;
        for (c, x) in m.columns.iter().zip(m.row(i)) {
            map.serialize_entry(&c.name, &(!x.is_nan()).then_some(*x))?;
        }
        map.end()
    }
}

/// A matrix as a polars frame (Arrow columns). A feature missing for every
/// car (the championship before round 1) is still a float column.
pub fn frame<'py>(py: Python<'py>, m: &FeatureMatrix) -> PyResult<Bound<'py, PyAny>> {
    let rows: Vec<Row> = (0..m.n_rows()).map(|i| Row(m, i)).collect();
    let df = convert::frame(py, &rows)?;
    let pl = py.import("polars")?;
    let nulls = pl.getattr("col")?.call1((pl.getattr("Null")?,))?;
    let floats = nulls.call_method1("cast", (pl.getattr("Float64")?,))?;
    df.call_method1("with_columns", (floats,))
}

/// Every built-in feature in column order: `name`, `group`
/// (`driver_form`, `circuit`, `constructor`, `qualifying`, `championship`),
/// `description`.
#[pyfunction]
fn feature_catalog(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::frame(py, &catalog())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(feature_catalog, m)?)?;
    Ok(())
}

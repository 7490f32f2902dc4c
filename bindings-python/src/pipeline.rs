//! The post-race pipeline: `after_race` (retrain, score, register, forecast
//! the next race, title odds) and its `PostRace` result.

use crate::championship::Championship;
use crate::convert;
use crate::dataset::Dataset;
use crate::error::OrRaise;
use crate::race_model::WalkForward;
use f1core::model::championship_data::SnapshotOptions;
use f1core::model::pipeline::{PipelineRequest, PipelineResponse, after_race_with_progress};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{Value, json};
use std::path::PathBuf;

/// What `after_race` did and forecast.
#[pyclass(module = "f1core", frozen)]
struct PostRace {
    inner: PipelineResponse,
}

#[pymethods]
impl PostRace {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let fav = r.predictions.first().map_or("-".into(), |p| {
            format!("{} {:.1} %", p.driver_ref, 100.0 * p.odds.p_win)
        });
        let versions: Vec<String> = (r.registered.iter())
            .map(|m| format!("{} {}", convert::name(&m.model_type), m.version))
            .collect();
        format!(
            "<f1core.PostRace after {} {} (round {}): {} races trained, registered [{}]; next {} {}: favourite {fav} ({}){}>",
            r.completed.year,
            r.completed.name,
            r.completed.round,
            r.races_count,
            versions.join(", "),
            r.next.year,
            r.next.name,
            convert::name(&r.forecast_model),
            r.championship.as_ref().map_or(String::new(), |c| {
                let top = c.drivers.first();
                top.map_or(String::new(), |d| {
                    format!("; title favourite {} {:.1} %", d.key, 100.0 * d.p_title)
                })
            })
        )
    }

    /// The race just completed: `year`, `round`, `name`, `circuit_ref`, `date`.
    #[getter]
    fn completed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.completed)
    }

    /// The race forecast, the next of the calendar (same keys).
    #[getter]
    fn next<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.next)
    }

    /// Walk-forward over the completed race's season up to it (a `WalkForward`).
    #[getter]
    fn evaluation(&self) -> WalkForward {
        WalkForward {
            inner: self.inner.evaluation.clone(),
        }
    }

    /// Races the new models were fitted on.
    #[getter]
    fn races_count(&self) -> u32 {
        self.inner.races_count
    }

    /// The versions registered, as metadata dicts (`model_type`, `version`,
    /// `metrics`, ...); empty without a registry.
    #[getter]
    fn registered<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.registered)
    }

    /// `RACE_WINNER` (post-qualifying, with a grid) or `RACE_PRE_QUALI`.
    #[getter]
    fn forecast_model(&self) -> String {
        convert::name(&self.inner.forecast_model)
    }

    /// The registered version of the model that forecast, if saved.
    #[getter]
    fn forecast_version(&self) -> Option<String> {
        self.inner.forecast_version.clone()
    }

    /// The next race's field by P(win): `driver_ref`, `constructor_ref`,
    /// `score`, `p_win`, `p_podium`, `p_points`, `expected_position`.
    #[getter]
    fn predictions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.predictions)
    }

    /// The next race's qualifying forecast, best first: `driver_ref`,
    /// `expected_position` (empty when `qualifying=False`).
    #[getter]
    fn qualifying<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.qualifying)
    }

    /// Title odds from the completed race (a `Championship`), or `None`.
    #[getter]
    fn championship(&self) -> Option<Championship> {
        (self.inner.championship.clone()).map(|inner| Championship { inner })
    }

    /// The response as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Entries with `grid` set from a dict `{driver_ref: slot}` or a list of
/// slots in entry order.
fn with_grid(mut entries: Value, grid: &Bound<'_, PyAny>) -> PyResult<Value> {
    let list = entries
        .as_array_mut()
        .ok_or_else(|| f1core::Error::InvalidInput("entries: expected a list of entries".into()));
    let list = list.or_raise()?;
    let bad = |m: String| Err(f1core::Error::InvalidInput(format!("grid: {m}"))).or_raise();
    if let Ok(d) = grid.cast::<PyDict>() {
        let slots: std::collections::HashMap<String, u32> = d.extract()?;
        for e in list.iter_mut() {
            let key = e
                .get("driver_ref")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match slots.get(key) {
                Some(&g) => e["grid"] = json!(g),
                None => return bad(format!("no slot for `{key}`")),
            }
        }
        if slots.len() != list.len() {
            return bad(format!("{} slots for {} entries", slots.len(), list.len()));
        }
    } else {
        let slots: Vec<u32> = grid.extract()?;
        if slots.len() != list.len() {
            return bad(format!("{} slots for {} entries", slots.len(), list.len()));
        }
        for (e, g) in list.iter_mut().zip(slots) {
            e["grid"] = json!(g);
        }
    }
    Ok(entries)
}

/// After race `round` of `season` is in the dump: retrains the post- and
/// pre-qualifying race models on it and the `train_seasons` seasons
/// before, scores them by walk-forward over the season so far, registers
/// both (`RACE_WINNER`, `RACE_PRE_QUALI`; with `qualifying` also the GBDT
/// qualifying model, `QUALI`) with those metrics in `registry`
/// (a directory; `None` = do not save; `promote` marks them production),
/// and forecasts the next race of the calendar from `entries` (its field:
/// `driver_ref`, `constructor_ref`, optional `grid`; a list of dicts or a
/// frame). `grid` (a dict `{driver_ref: slot}` or a list in entry order)
/// sets the grid; with a grid on every entry the post-qualifying model
/// forecasts, else the pre-qualifying. With `championship` the title odds
/// from that point are simulated (`runs`, `seed`, `form_sd`,
/// `driver_form_sd`, `sprint_rounds` for a season ahead whose sprints the dump lacks). Runs without
/// the GIL; `progress(done, total)` counts seasons of features, races of
/// the walk-forward, the two fits and the title simulation.
#[pyfunction]
#[pyo3(signature = (dataset, season, round, entries, *, grid=None, registry=None, promote=false, train_seasons=8, championship=true, runs=10000, seed=1, form_sd=0.5, driver_form_sd=0.0, sprint_rounds=None, trained_at=None, qualifying=true, progress=None))]
#[allow(clippy::too_many_arguments)]
fn after_race(
    py: Python<'_>,
    dataset: &Dataset,
    season: u16,
    round: u32,
    entries: &Bound<'_, PyAny>,
    grid: Option<&Bound<'_, PyAny>>,
    registry: Option<PathBuf>,
    promote: bool,
    train_seasons: u16,
    championship: bool,
    runs: u32,
    seed: u64,
    form_sd: f64,
    driver_form_sd: f64,
    sprint_rounds: Option<Vec<u32>>,
    trained_at: Option<String>,
    qualifying: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PostRace> {
    let mut entries = crate::features::entries_json(entries)?;
    if let Some(g) = grid.filter(|g| !g.is_none()) {
        entries = with_grid(entries, g)?;
    }
    let mut req = PipelineRequest::new(season, round, convert::request(entries, "entries")?);
    req.registry = registry;
    req.promote = promote;
    req.train_seasons = train_seasons;
    req.trained_at = trained_at;
    if !qualifying {
        req.quali = None;
    }
    req.championship = championship.then(|| SnapshotOptions {
        runs,
        seed,
        form_sd,
        driver_form_sd,
        train_seasons,
        sprint_rounds,
        ..SnapshotOptions::default() // fit options: the core's
    });
    let ds = &*dataset.inner;
    let inner =
        convert::detach_with_progress(py, progress, |p| after_race_with_progress(ds, &req, p))?
            .or_raise()?;
    Ok(PostRace { inner })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PostRace>()?;
    m.add_function(wrap_pyfunction!(after_race, m)?)?;
    Ok(())
}

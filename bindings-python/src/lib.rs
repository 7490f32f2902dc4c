//! Python binding of f1core: the native module `f1core._f1core`, re-exported
//! by the pure-Python package `f1core` (`python/f1core`). Translation only:
//! arguments in through `convert`, core errors out through `error`, tables
//! out as polars DataFrames (Arrow). Work that takes time runs without the
//! GIL; the longer kinds take a `progress(done, total)` callback.
#![cfg(not(target_arch = "wasm32"))] // the data loaders need polars; WASM has its own binding

mod convert;
mod error;

use error::OrRaise;
use f1core::catalogue::{self, CircuitFacts};
use f1core::domain::{Lap, race_laps, stints};
use f1core::sim::{FieldOptions, SimulateRequest, SimulateResponse};
use f1core::strategy::{self, OptimiseRequest, Strategy};
use f1core::tyre::{self, fit::FittedModel};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;

// ---- the Ergast dump ----------------------------------------------------------

/// The Ergast dump loaded into memory, with the queries users expect of it.
#[pyclass(module = "f1core", frozen)]
struct Dataset {
    inner: Arc<f1core::Dataset>,
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

// ---- laps and the tyre model -------------------------------------------------

/// A race's laps (FastF1 `session.laps`), read and checked.
#[pyclass(module = "f1core", frozen)]
struct Laps {
    inner: Arc<Vec<Lap>>,
}

/// Laps from a `Laps`, a path or a frame.
fn laps_of(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Arc<Vec<Lap>>> {
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

/// A race's lap-time model: base lap, fuel effect, per-compound offset and wear.
#[pyclass(module = "f1core", frozen)]
struct TyreModel {
    inner: tyre::TyreModel,
}

/// A model from a `TyreModel`, a `TyreFit`, a `Circuit` (its default
/// model), or a dict / JSON string of the core's shape.
fn model_of(obj: &Bound<'_, PyAny>) -> PyResult<tyre::TyreModel> {
    let model = if let Ok(m) = obj.cast::<TyreModel>() {
        m.get().inner.clone()
    } else if let Ok(f) = obj.cast::<TyreFit>() {
        f.get().fitted.model.clone()
    } else if let Ok(c) = obj.cast::<Circuit>() {
        c.get().facts.tyre_model()
    } else {
        convert::from_py(obj, "tyre model")?
    };
    model.validate().or_raise()?;
    Ok(model)
}

/// A degradation as text: `linear 0.1305 s/lap`.
fn wear(d: &tyre::Degradation) -> String {
    match *d {
        tyre::Degradation::Linear { rate } => format!("linear {rate:.4} s/lap"),
        tyre::Degradation::Quadratic { rate, curve } => {
            format!("quadratic {rate:.4} s/lap + {curve:.5} s/lap²")
        }
        tyre::Degradation::Logarithmic { scale } => format!("logarithmic {scale:.4} s·ln(1+age)"),
    }
}

#[pymethods]
impl TyreModel {
    /// A model from a dict or JSON string: `{base_lap, fuel_effect,
    /// compounds: [{compound, offset, degradation: {form, ...}}]}`.
    #[new]
    fn new(model: &Bound<'_, PyAny>) -> PyResult<TyreModel> {
        Ok(TyreModel {
            inner: model_of(model)?,
        })
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        let parts: Vec<String> = m
            .compounds
            .iter()
            .map(|c| {
                format!(
                    "{} {:+.3} s, {}",
                    convert::name(&c.compound),
                    c.offset,
                    wear(&c.degradation)
                )
            })
            .collect();
        format!(
            "<f1core.TyreModel base {:.3} s, fuel {:.4} s/lap; {}>",
            m.base_lap,
            m.fuel_effect,
            parts.join("; ")
        )
    }

    fn __eq__(&self, value: &Bound<'_, PyAny>) -> bool {
        value
            .cast::<TyreModel>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    /// Lap time (s) on a new set of the reference compound, fuel effect removed.
    #[getter]
    fn base_lap(&self) -> f64 {
        self.inner.base_lap
    }

    /// Seconds per lap gained as fuel burns.
    #[getter]
    fn fuel_effect(&self) -> f64 {
        self.inner.fuel_effect
    }

    /// Per compound: `{compound, offset, degradation: {form, ...}}`.
    #[getter]
    fn compounds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.compounds)
    }

    /// Lap time of lap `lap` of a `laps`-lap race on `compound` with `age`
    /// laps already on the set; `None` if the model lacks the compound.
    fn lap_time(&self, compound: &str, age: u32, lap: u32, laps: u32) -> PyResult<Option<f64>> {
        let c = convert::request(json!(compound), "compound")?;
        Ok(self.inner.lap_time(c, age, lap, laps))
    }

    /// Each compound's offset plus wear at ages 0..=max_age, a frame.
    #[pyo3(signature = (max_age=40))]
    fn curves<'py>(&self, py: Python<'py>, max_age: u32) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &tyre::wear_curves(&self.inner, max_age))
    }

    /// The model as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// A tyre model fitted to a race's laps, with its diagnostics.
#[pyclass(module = "f1core", frozen)]
struct TyreFit {
    fitted: FittedModel,
    race_laps: u32,
    laps: Arc<Vec<Lap>>,
}

/// `[(name, value)]` as a dict.
fn dict_of<'py>(py: Python<'py>, pairs: &[(String, f64)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in pairs {
        d.set_item(k, v)?;
    }
    Ok(d)
}

#[pymethods]
impl TyreFit {
    fn __repr__(&self) -> String {
        let f = &self.fitted;
        let forms: Vec<String> = f
            .forms
            .iter()
            .map(|(c, form)| format!("{} {}", convert::name(c), convert::name(form)))
            .collect();
        format!(
            "<f1core.TyreFit {}; fuel {:.4} s/lap; {} clean laps of {}; RMSE {:.3} s, LOSO {:.3} s>",
            forms.join(", "),
            f.model.fuel_effect,
            f.n_laps_used,
            self.race_laps,
            f.rmse,
            f.loso_rmse
        )
    }

    /// The fitted `TyreModel`.
    #[getter]
    fn model(&self) -> TyreModel {
        TyreModel {
            inner: self.fitted.model.clone(),
        }
    }

    /// Race distance the fit used.
    #[getter]
    fn race_laps(&self) -> u32 {
        self.race_laps
    }

    /// The compound with offset 0.
    #[getter]
    fn reference_compound(&self) -> String {
        convert::name(&self.fitted.reference_compound)
    }

    /// Pace offset (s/lap) per driver code; they average to zero.
    #[getter]
    fn driver_offsets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &self.fitted.driver_offsets)
    }

    /// Degradation form chosen per compound (`linear`, `quadratic`, `logarithmic`).
    #[getter]
    fn forms<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (c, f) in &self.fitted.forms {
            d.set_item(convert::name(c), convert::name(f))?;
        }
        Ok(d)
    }

    /// Standard error per parameter (`fuel_effect`, `offset.HARD`, `rate.SOFT`, ...).
    #[getter]
    fn std_errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &self.fitted.std_errors)
    }

    /// In-sample RMS residual, seconds.
    #[getter]
    fn rmse(&self) -> f64 {
        self.fitted.rmse
    }

    /// Leave-one-stint-out RMSE of the chosen forms, seconds.
    #[getter]
    fn loso_rmse(&self) -> f64 {
        self.fitted.loso_rmse
    }

    /// Clean laps the fit used.
    #[getter]
    fn n_laps_used(&self) -> usize {
        self.fitted.n_laps_used
    }

    /// The fitted laps with base, fuel and driver removed (`tyre_delta`)
    /// beside the model's offset plus wear (`model`): the data points of a
    /// degradation plot.
    fn points<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let points = tyre::wear_points(&self.fitted, &self.laps, self.race_laps);
        convert::frame(py, &points)
    }

    /// The model's curves (offset plus wear by age), a frame.
    #[pyo3(signature = (max_age=40))]
    fn curves<'py>(&self, py: Python<'py>, max_age: u32) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &tyre::wear_curves(&self.fitted.model, max_age))
    }

    /// The fit as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.fitted)
    }
}

/// Fits the tyre model to a race's laps (a `Laps`, a path or a frame);
/// `race_laps` defaults to the highest lap number. `progress(done, total)`
/// is called as the degradation forms are tried.
#[pyfunction]
#[pyo3(signature = (laps, race_laps=None, *, progress=None))]
fn fit_tyre_model(
    py: Python<'_>,
    laps: &Bound<'_, PyAny>,
    race_laps: Option<u32>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<TyreFit> {
    let laps = laps_of(py, laps)?;
    let n = race_laps.unwrap_or_else(|| f1core::domain::race_laps(&laps));
    let fitted =
        convert::detach_with_progress(py, progress, |p| tyre::fit::fit_with_progress(&laps, n, p))?
            .or_raise()?;
    Ok(TyreFit {
        fitted,
        race_laps: n,
        laps,
    })
}

// ---- strategy ---------------------------------------------------------------

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
#[pyfunction]
#[pyo3(signature = (model, laps, pit_loss, *, max_stops=3, min_stint=1, weather="DRY", sets=None, starting=None, top_k=3))]
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
) -> PyResult<Strategies> {
    let sets = match sets {
        Some(s) if !s.is_none() => convert::json(s, "sets")?,
        _ => serde_json::Value::Null,
    };
    let request: OptimiseRequest = convert::request(
        json!({
            "laps": laps, "pit_loss": pit_loss, "model": model_of(model)?,
            "max_stops": max_stops, "min_stint": min_stint, "weather": weather,
            "sets": sets, "starting": starting, "top_k": top_k,
        }),
        "optimise",
    )?;
    let list = py.detach(|| strategy::optimise(&request)).or_raise()?;
    Ok(Strategies { request, list })
}

// ---- the strategy simulator --------------------------------------------------

/// A race's real field (from its lap table) to run strategies against.
#[pyclass(module = "f1core", frozen)]
struct RaceField {
    inner: f1core::sim::RaceField,
    laps: Arc<Vec<Lap>>,
}

#[pymethods]
impl RaceField {
    /// Builds the field from a race's laps (a `Laps`, path or frame),
    /// fitting the tyre model. The passing rule needs `overtake_delta` (s/lap)
    /// or a catalogue `circuit` to take it from; `pit_loss` replaces the stop
    /// cost measured in the race. `progress(done, total)` follows the fit.
    #[new]
    #[pyo3(signature = (laps, *, circuit=None, overtake_delta=None, pit_loss=None, progress=None))]
    fn new(
        py: Python<'_>,
        laps: &Bound<'_, PyAny>,
        circuit: Option<String>,
        overtake_delta: Option<f64>,
        pit_loss: Option<f64>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RaceField> {
        let laps = laps_of(py, laps)?;
        let opts: FieldOptions = convert::request(
            json!({"circuit": circuit, "overtake_delta": overtake_delta, "pit_loss": pit_loss}),
            "race field",
        )?;
        let inner = convert::detach_with_progress(py, progress, |p| {
            f1core::sim::RaceField::build(&laps, &opts, p)
        })?
        .or_raise()?;
        Ok(RaceField { inner, laps })
    }

    fn __repr__(&self) -> String {
        format!(
            "<f1core.RaceField {} cars, {} laps, stop cost {:.2} s, winner {}>",
            self.inner.drivers().len(),
            self.inner.race_laps(),
            self.inner.pit_loss(),
            self.inner.classified().first().copied().unwrap_or("-")
        )
    }

    /// Race distance in laps.
    #[getter]
    fn race_laps(&self) -> u32 {
        self.inner.race_laps()
    }

    /// Seconds a stop costs (in-lap and out-lap together).
    #[getter]
    fn pit_loss(&self) -> f64 {
        self.inner.pit_loss()
    }

    /// Timing codes of the field, sorted.
    #[getter]
    fn drivers(&self) -> Vec<String> {
        self.inner
            .drivers()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Classified drivers in finishing order.
    #[getter]
    fn classified(&self) -> Vec<String> {
        self.inner
            .classified()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The tyre model fitted to the race (a `TyreFit`).
    #[getter]
    fn fitted(&self) -> TyreFit {
        TyreFit {
            fitted: self.inner.fitted().clone(),
            race_laps: self.inner.race_laps(),
            laps: self.laps.clone(),
        }
    }

    /// A driver's actual strategy as `simulate` keyword arguments:
    /// `f1core.simulate(field, **field.actual_strategy("VER"))` replays it.
    fn actual_strategy<'py>(&self, py: Python<'py>, driver: &str) -> PyResult<Bound<'py, PyAny>> {
        let req = self.inner.actual_strategy(driver).or_raise()?;
        let d = convert::to_py(py, &req)?;
        d.del_item("race")?;
        Ok(d)
    }

    /// A driver's actual (laps completed, race time in seconds).
    fn actual_race_time(&self, driver: &str) -> PyResult<(u32, f64)> {
        self.inner.actual_race_time(driver).or_raise()
    }

    /// `f1core.simulate(self, ...)`.
    #[pyo3(signature = (driver, pit_stops, starting_compound, *, starting_tyre_age=None, weather="DRY", pace="ACTUAL"))]
    fn simulate(
        &self,
        driver: &str,
        pit_stops: &Bound<'_, PyAny>,
        starting_compound: &str,
        starting_tyre_age: Option<u32>,
        weather: &str,
        pace: &str,
    ) -> PyResult<Simulation> {
        simulate(
            self,
            driver,
            pit_stops,
            starting_compound,
            starting_tyre_age,
            weather,
            pace,
        )
    }
}

/// One driver's race on a strategy of your choosing against the real field.
#[pyclass(module = "f1core", frozen)]
struct Simulation {
    inner: SimulateResponse,
}

#[pymethods]
impl Simulation {
    fn __repr__(&self) -> String {
        let r = &self.inner;
        let from = r.original_position.map_or("-".into(), |p| format!("P{p}"));
        format!(
            "<f1core.Simulation {} {from} → P{}, {:+.3} s gained, {} laps in {:.3} s>",
            r.driver, r.simulated_position, r.time_gained, r.laps_completed, r.race_time
        )
    }

    /// Timing code.
    #[getter]
    fn driver(&self) -> String {
        self.inner.driver.clone()
    }

    /// Where the driver actually finished.
    #[getter]
    fn original_position(&self) -> Option<u32> {
        self.inner.original_position
    }

    /// Where the strategy finishes.
    #[getter]
    fn simulated_position(&self) -> u32 {
        self.inner.simulated_position
    }

    /// Seconds gained over the actual strategy on the same footing.
    #[getter]
    fn time_gained(&self) -> f64 {
        self.inner.time_gained
    }

    /// Simulated race time, seconds.
    #[getter]
    fn race_time(&self) -> f64 {
        self.inner.race_time
    }

    /// Laps completed when the flag fell.
    #[getter]
    fn laps_completed(&self) -> u32 {
        self.inner.laps_completed
    }

    /// The stints run: `compound`, `first_lap`, `last_lap`, `start_age`.
    #[getter]
    fn stints<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.stints)
    }

    /// Per lap: `lap`, `position`, `lap_time`, `compound`, `tyre_age`, `gap_to_leader`.
    #[getter]
    fn lap_by_lap<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::frame(py, &self.inner.lap_by_lap)
    }

    /// The response as a dict (seed §4.4 shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner)
    }
}

/// Runs `driver` on a strategy against the field of `race` (a `RaceField`):
/// `pit_stops` = `[{"lap": 17, "compound": "HARD"}, ...]` (pit at the end of
/// `lap`; optional `tyre_age` of the set fitted), `starting_compound` the
/// first set (`starting_tyre_age` laps old, default the actual age if the
/// compound matches), `pace` `ACTUAL` (the driver's own laps, changed where
/// the strategy changes them) or `MODEL`.
#[pyfunction]
#[pyo3(signature = (race, driver, pit_stops, starting_compound, *, starting_tyre_age=None, weather="DRY", pace="ACTUAL"))]
fn simulate(
    race: &RaceField,
    driver: &str,
    pit_stops: &Bound<'_, PyAny>,
    starting_compound: &str,
    starting_tyre_age: Option<u32>,
    weather: &str,
    pace: &str,
) -> PyResult<Simulation> {
    let req: SimulateRequest = convert::request(
        json!({
            "driver": driver, "pit_stops": convert::json(pit_stops, "pit_stops")?,
            "starting_compound": starting_compound, "starting_tyre_age": starting_tyre_age,
            "weather": weather, "pace": pace,
        }),
        "simulate",
    )?;
    let py = pit_stops.py();
    let inner = py.detach(|| race.inner.simulate(&req)).or_raise()?;
    Ok(Simulation { inner })
}

// ---- the circuit catalogue ---------------------------------------------------

/// What f1core knows about a 2025 circuit without data files.
#[pyclass(module = "f1core", frozen)]
struct Circuit {
    /// Ergast `circuitRef`.
    #[pyo3(get)]
    circuit_ref: String,
    /// Circuit name as the Ergast dump spells it.
    #[pyo3(get)]
    name: String,
    /// Country as the Ergast dump spells it.
    #[pyo3(get)]
    country: String,
    /// Scheduled race distance in laps.
    #[pyo3(get)]
    race_laps: u32,
    /// Lap length in km.
    #[pyo3(get)]
    lap_length_km: f64,
    /// Seconds a green-flag stop costs.
    #[pyo3(get)]
    pit_loss: f64,
    /// A representative dry race lap, seconds.
    #[pyo3(get)]
    typical_race_lap: f64,
    /// Chance of at least one safety car.
    #[pyo3(get)]
    safety_car_probability: f64,
    /// Chance of at least one virtual safety car.
    #[pyo3(get)]
    vsc_probability: f64,
    /// 0 (easy) to 1.
    #[pyo3(get)]
    overtaking_difficulty: f64,
    /// Pace advantage (s/lap) a car needs to pass.
    #[pyo3(get)]
    overtake_delta: f64,
    /// Seconds per lap gained as fuel burns.
    #[pyo3(get)]
    fuel_effect: f64,
    /// `low`, `medium` or `high`.
    #[pyo3(get)]
    tyre_stress: String,
    facts: &'static CircuitFacts,
}

impl From<&'static CircuitFacts> for Circuit {
    fn from(f: &'static CircuitFacts) -> Circuit {
        Circuit {
            circuit_ref: f.circuit_ref.to_string(),
            name: f.name.to_string(),
            country: f.country.to_string(),
            race_laps: f.race_laps,
            lap_length_km: f.lap_length_km,
            pit_loss: f.pit_loss,
            typical_race_lap: f.typical_race_lap,
            safety_car_probability: f.safety_car_probability,
            vsc_probability: f.vsc_probability,
            overtaking_difficulty: f.overtaking_difficulty,
            overtake_delta: f.overtake_delta,
            fuel_effect: f.fuel_effect,
            tyre_stress: convert::name(&f.tyre_stress),
            facts: f,
        }
    }
}

#[pymethods]
impl Circuit {
    fn __repr__(&self) -> String {
        format!(
            "<f1core.Circuit {} ({}, {}): {} laps of {:.3} km, stop {:.1} s>",
            self.circuit_ref,
            self.name,
            self.country,
            self.race_laps,
            self.lap_length_km,
            self.pit_loss
        )
    }

    /// Race distance in km.
    #[getter]
    fn race_distance_km(&self) -> f64 {
        self.facts.race_distance_km()
    }

    /// The circuit's default `TyreModel` (MEDIUM the reference).
    fn tyre_model(&self) -> TyreModel {
        TyreModel {
            inner: self.facts.tyre_model(),
        }
    }

    /// The facts as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.facts)
    }
}

/// The catalogue circuit with this `circuitRef` (case-insensitive).
#[pyfunction]
fn circuit(circuit_ref: &str) -> PyResult<Circuit> {
    Ok(Circuit::from(catalogue::get(circuit_ref).or_raise()?))
}

/// Every circuit of the 2025 calendar, in calendar order, as a frame.
#[pyfunction]
fn circuits(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::frame(py, catalogue::all())
}

// ---- timing -------------------------------------------------------------------

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

/// The lap table of `race` (`2024-bahrain-grand-prix`) under the data
/// directory (`data`, else `F1CORE_DATA`).
#[pyfunction]
#[pyo3(signature = (race, data=None))]
fn laps_file(race: &str, data: Option<PathBuf>) -> PyResult<PathBuf> {
    let dir = f1core::data::resolve_data_dir(data.as_deref()).or_raise()?;
    f1core::data::laps_file(&dir, race).or_raise()
}

/// Panics in Rust (debug builds only): shows a panic reaches Python as
/// `pyo3_runtime.PanicException`, not an abort.
#[cfg(debug_assertions)]
#[pyfunction]
fn _panic_for_tests(message: &str) {
    panic!("{message}");
}

/// The native part of the `f1core` package (import `f1core`, not this).
#[pymodule]
fn _f1core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Dataset>()?;
    m.add_class::<Laps>()?;
    m.add_class::<TyreModel>()?;
    m.add_class::<TyreFit>()?;
    m.add_class::<Strategies>()?;
    m.add_class::<RaceField>()?;
    m.add_class::<Simulation>()?;
    m.add_class::<Circuit>()?;
    m.add_function(wrap_pyfunction!(standings_from_results, m)?)?;
    m.add_function(wrap_pyfunction!(read_laps, m)?)?;
    m.add_function(wrap_pyfunction!(fit_tyre_model, m)?)?;
    m.add_function(wrap_pyfunction!(optimise, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(circuit, m)?)?;
    m.add_function(wrap_pyfunction!(circuits, m)?)?;
    m.add_function(wrap_pyfunction!(parse_duration, m)?)?;
    m.add_function(wrap_pyfunction!(format_duration, m)?)?;
    m.add_function(wrap_pyfunction!(laps_file, m)?)?;
    #[cfg(debug_assertions)]
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("LAP_COLUMNS", PyList::new(py, f1core::data::LAP_COLUMNS)?)?;
    error::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
